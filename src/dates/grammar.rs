//! The grammar: turns tokens into *slots* (which day, what time, which part of the day, hedged
//! or not), without looking at the clock.
//!
//! A phrase is a sequence of components in any order (Russian and Kyrgyz word order is free):
//! a day ("вчера", "3 марта", "last Tuesday"), a time ("в 15:00", "саат 15те", "3 pm"), a part
//! of the day ("вечером"), a hedge ("около"), or "N units ago". Each component may appear once.
//! Every component parser returns *all* the ways it can match at a position, and [`points`]
//! searches all combinations that cover the whole input; the caller rejects the input if two
//! complete readings disagree, so nothing is ever silently guessed. Leftover words fail the parse.

use super::lex::{any_of, glued, ky_suffix, lookup, num, phrase, sym, word, Kind, Tok};
use super::words::*;
use jiff::civil::Weekday;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DayExpr {
    /// Today + n days ("yesterday" = -1, "5 дней назад" = -5).
    Offset(i64),
    /// A weekday, and which one (see [`WdRef`]).
    Weekday { wd: Weekday, which: WdRef },
    Date {
        year: Option<i16>,
        month: i8,
        day: i8,
    },
    /// A whole month: "в марте 2024".
    Month { year: Option<i16>, month: i8 },
    /// "2 weeks ago": a week-wide range around that day.
    WeeksAgo(i64),
    /// "a month ago": that day a month-wide range around it.
    MonthsAgo(i64),
    /// A calendar week or month relative to the current one ("на прошлой неделе").
    Period(Period),
}

/// Which weekday of that name a phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WdRef {
    /// "в пятницу", "on Friday": the most recent one before today (today alone is ambiguous).
    Recent,
    /// The one of a calendar week (Monday to Sunday) relative to this one: -1 for
    /// "в прошлую пятницу", "last Friday", "өткөн жума күнү", "на прошлой неделе в пятницу";
    /// 0 for "в эту пятницу", "this Friday" (may be in the future).
    Week(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct TimeExpr {
    pub hour: u32,
    pub minute: Option<u32>,
    pub second: Option<u32>,
    /// Some(true) for pm, Some(false) for am.
    pub pm: Option<bool>,
    /// Part of day said with the hour: "в 9 вечера".
    pub part: Option<Part>,
    /// Typed with a leading zero ("09"): a 24-hour clock reading.
    pub padded: bool,
    /// Approximate by itself (Kyrgyz "15тер", "noon").
    pub approx: bool,
    /// Just a number at the start of a range side ("с 14 до 16").
    pub bare: bool,
    /// UTC offset in seconds, from a pasted RFC 3339 timestamp.
    pub offset: Option<i32>,
}

/// What a phrase (or one side of a range) says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Slots {
    pub day: Option<DayExpr>,
    pub time: Option<TimeExpr>,
    pub part: Option<Part>,
    pub hedge: bool,
    /// "2 hours ago": minutes before now.
    pub ago_minutes: Option<i64>,
    /// Set by the range logic only: the day after the one named (a range past midnight).
    pub next_day: bool,
}

impl Slots {
    /// Combines two partial readings; `None` if both fill the same slot.
    fn merge(&self, o: &Slots) -> Option<Slots> {
        fn one<T: Clone>(a: &Option<T>, b: &Option<T>) -> Option<Option<T>> {
            match (a, b) {
                (Some(_), Some(_)) => None,
                _ => Some(a.clone().or_else(|| b.clone())),
            }
        }
        if self.hedge && o.hedge {
            return None;
        }
        Some(Slots {
            day: one(&self.day, &o.day)?,
            time: one(&self.time, &o.time)?,
            part: one(&self.part, &o.part)?,
            hedge: self.hedge || o.hedge,
            ago_minutes: one(&self.ago_minutes, &o.ago_minutes)?,
            next_day: false,
        })
    }
}

/// Parsing context: the tokens, and whether they are one side of a range (where a bare number
/// at the start is an hour or a day of month: "с 14 до 16", "с 1 по 5 марта").
struct Cx<'a> {
    t: &'a [Tok],
    range_side: bool,
}

type Alt = (Slots, usize);
type Parser = fn(&Cx, usize) -> Vec<Alt>;

const PARSERS: &[Parser] = &[
    hedge,
    part_of_day,
    day_word,
    period,
    relative,
    weekday,
    iso_date,
    dotted_date,
    named_date,
    month_only,
    time,
];

/// Guards against pathological input: phrases are short. Hitting the reading limit rejects the
/// input (an unseen reading might have disagreed).
const MAX_TOKENS: usize = 40;
const MAX_READINGS: usize = 64;

/// All complete readings of `t` as one point in time (not a range).
pub(super) fn points(t: &[Tok], range_side: bool) -> Vec<Slots> {
    let mut out = Vec::new();
    if !t.is_empty() && t.len() <= MAX_TOKENS {
        fill(&Cx { t, range_side }, 0, Slots::default(), &mut out);
    }
    if out.len() >= MAX_READINGS {
        out.clear();
    }
    out
}

fn fill(cx: &Cx, i: usize, acc: Slots, out: &mut Vec<Slots>) {
    if out.len() >= MAX_READINGS {
        return;
    }
    if i == cx.t.len() {
        out.push(acc);
        return;
    }
    for p in PARSERS {
        for (s, j) in p(cx, i) {
            if let Some(m) = acc.merge(&s) {
                fill(cx, j, m, out);
            }
        }
    }
}

/// One side each of a range, plus what is said once for both ("вчера с 14 до 16").
pub(super) struct RangeReading {
    pub shared: Slots,
    pub left: Slots,
    pub right: Slots,
}

/// All readings of `t` as a range "A to B".
pub(super) fn ranges(t: &[Tok]) -> Vec<RangeReading> {
    let mut out = Vec::new();
    if t.len() > MAX_TOKENS {
        return out;
    }
    // "A sep B", with an optional opener ("from", "с", "between") and a shared prefix before it.
    for (i, tok) in t.iter().enumerate() {
        let sep = match &tok.kind {
            Kind::Word(w) if !tok.glued => w.as_str(),
            Kind::Sym(s) if matches!(*s, "-" | "–" | "..") => s,
            _ => continue,
        };
        let (before, right) = (&t[..i], &t[i + 1..]);
        let opener_at = before.iter().position(|tok| {
            matches!(&tok.kind, Kind::Word(w)
                if !tok.glued && RANGE_PAIRS.iter().any(|(o, _)| *o == Some(w.as_str())))
        });
        let (prefix, opener, left) = match opener_at {
            Some(p) => (&before[..p], word(before, p), &before[p + 1..]),
            None => (&before[..0], None, before),
        };
        let paired = RANGE_PAIRS
            .iter()
            .any(|(o, seps)| *o == opener && seps.contains(&sep));
        if paired {
            sides(prefix, left, right, &mut out);
        }
    }
    // Kyrgyz: "A-дан B-га чейин".
    if let Some((last, body)) = t.split_last() {
        if !last.glued && KY_UNTIL.iter().any(|u| word(t, t.len() - 1) == Some(u)) {
            if let Some((Case::Dative, end)) =
                body.len().checked_sub(1).and_then(|k| ky_suffix(body, k))
            {
                if end == body.len() {
                    let body = &body[..body.len() - 1];
                    for i in 0..body.len() {
                        if let Some((Case::Ablative, j)) = ky_suffix(body, i) {
                            if j == i + 1 {
                                sides(&[], &body[..i], &body[i + 1..], &mut out);
                            }
                        }
                    }
                }
            }
        }
    }
    if out.len() >= MAX_READINGS {
        out.clear();
    }
    out
}

fn sides(prefix: &[Tok], left: &[Tok], right: &[Tok], out: &mut Vec<RangeReading>) {
    if left.is_empty() || right.is_empty() {
        return;
    }
    let shared = if prefix.is_empty() {
        vec![Slots::default()]
    } else {
        points(prefix, false)
            .into_iter()
            .filter(|s| s.time.is_none() && s.ago_minutes.is_none())
            .collect()
    };
    let (ls, rs) = (points(left, true), points(right, true));
    for sh in &shared {
        for l in &ls {
            for r in &rs {
                if out.len() < MAX_READINGS {
                    out.push(RangeReading {
                        shared: sh.clone(),
                        left: l.clone(),
                        right: r.clone(),
                    });
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Component parsers. Each returns (slots it fills, index after it) for every way it matches.

fn with_day(d: DayExpr) -> Slots {
    Slots {
        day: Some(d),
        ..Slots::default()
    }
}

/// An optional preposition from `preps` at `i`: the positions where the real thing may start.
fn after_optional(t: &[Tok], i: usize, preps: &[&str]) -> Vec<usize> {
    let mut v = vec![i];
    v.extend(any_of(t, i, preps));
    v
}

fn hedge(cx: &Cx, i: usize) -> Vec<Alt> {
    let mut ends = any_of(cx.t, i, HEDGES);
    if sym(cx.t, i, "~") {
        ends.push(i + 1);
    }
    let h = Slots {
        hedge: true,
        ..Slots::default()
    };
    ends.into_iter()
        .map(|j| (h.clone(), skip_dot(cx.t, j)))
        .collect()
}

/// Skips a hyphen glued to the previous token ("2024-жылы", "15-те").
fn skip_hyphen(t: &[Tok], j: usize) -> usize {
    if sym(t, j, "-") && glued(t, j) {
        j + 1
    } else {
        j
    }
}

/// Skips an abbreviation dot glued to the previous word ("approx.", "окт.", "г.").
fn skip_dot(t: &[Tok], j: usize) -> usize {
    if sym(t, j, ".") && glued(t, j) {
        j + 1
    } else {
        j
    }
}

/// True if the token before `i` ends a hedge ("около 15", "~15"): it then works as a
/// preposition for a bare hour.
fn after_hedge(t: &[Tok], i: usize) -> bool {
    // "ок. 15": a hedge abbreviated with a dot.
    let i = if i > 1 && sym(t, i - 1, ".") && glued(t, i - 1) {
        i - 1
    } else {
        i
    };
    i > 0
        && (sym(t, i - 1, "~")
            || HEDGES.iter().any(|h| {
                let n = h.split(' ').count();
                i >= n && phrase(t, i - n, h) == Some(i)
            }))
}

fn part_of_day(cx: &Cx, i: usize) -> Vec<Alt> {
    PARTS
        .iter()
        .filter_map(|(e, day, part)| {
            let j = phrase(cx.t, i, e)?;
            Some((
                Slots {
                    part: Some(*part),
                    day: day.map(DayExpr::Offset),
                    ..Slots::default()
                },
                j,
            ))
        })
        .collect()
}

fn day_word(cx: &Cx, i: usize) -> Vec<Alt> {
    lookup(cx.t, i, DAY_WORDS)
        .into_iter()
        .map(|(n, j)| (with_day(DayExpr::Offset(n)), j))
        .collect()
}

fn period(cx: &Cx, i: usize) -> Vec<Alt> {
    lookup(cx.t, i, PERIODS)
        .into_iter()
        .map(|(p, j)| (with_day(DayExpr::Period(p)), j))
        .collect()
}

fn relative(cx: &Cx, i: usize) -> Vec<Alt> {
    let t = cx.t;
    let mut out = Vec::new();
    let ago = |k: usize| any_of(t, k, AGO);
    for (mins, k) in lookup(t, i, FIXED_AGO) {
        for j in ago(k) {
            out.push((
                Slots {
                    ago_minutes: Some(mins),
                    ..Slots::default()
                },
                j,
            ));
        }
    }
    let mut counts: Vec<(Option<u32>, usize)> = vec![(None, i)];
    if let Some((n, _)) = num(t, i) {
        counts.push((Some(n), i + 1));
    }
    counts.extend(
        lookup(t, i, NUMBER_WORDS)
            .into_iter()
            .map(|(n, j)| (Some(n), j)),
    );
    for (n, k) in counts {
        for ((unit, alone_is_one), k) in lookup(t, k, UNITS) {
            let n = match n {
                Some(n) => i64::from(n),
                None if alone_is_one => 1,
                None => continue,
            };
            let s = match unit {
                Unit::Minute => Slots {
                    ago_minutes: Some(n),
                    ..Slots::default()
                },
                Unit::Hour => Slots {
                    ago_minutes: Some(n * 60),
                    ..Slots::default()
                },
                Unit::Day => with_day(DayExpr::Offset(-n)),
                Unit::Week => with_day(DayExpr::WeeksAgo(n)),
                Unit::Month => with_day(DayExpr::MonthsAgo(n)),
            };
            out.extend(ago(k).into_iter().map(|j| (s.clone(), j)));
        }
    }
    out
}

fn weekday(cx: &Cx, i: usize) -> Vec<Alt> {
    let t = cx.t;
    let mut out = Vec::new();
    for j in after_optional(t, i, DAY_PREPS) {
        let mut starts = vec![(WdRef::Recent, j)];
        starts.extend(any_of(t, j, LAST).into_iter().map(|k| (WdRef::Week(-1), k)));
        starts.extend(any_of(t, j, THIS).into_iter().map(|k| (WdRef::Week(0), k)));
        for (which, k) in starts {
            for (wd, e) in weekday_name(t, k) {
                out.push((with_day(DayExpr::Weekday { wd, which }), e));
            }
        }
    }
    // "на прошлой неделе в пятницу", "в пятницу на прошлой неделе", "өткөн аптада жума күнү".
    for (p, j) in lookup(t, i, PERIODS) {
        let Period::Week(n) = p else { continue };
        for k in after_optional(t, j, DAY_PREPS) {
            for (wd, e) in weekday_name(t, k) {
                let which = WdRef::Week(n);
                out.push((with_day(DayExpr::Weekday { wd, which }), e));
            }
        }
    }
    for j in after_optional(t, i, DAY_PREPS) {
        for (wd, k) in weekday_name(t, j) {
            for (p, e) in lookup(t, k, PERIODS) {
                if let Period::Week(n) = p {
                    let which = WdRef::Week(n);
                    out.push((with_day(DayExpr::Weekday { wd, which }), e));
                }
            }
        }
    }
    out
}

/// A weekday name at `i` with an optional Kyrgyz locative and "күнү": (weekday, index after).
fn weekday_name(t: &[Tok], i: usize) -> Vec<(Weekday, usize)> {
    lookup(t, i, WEEKDAYS)
        .into_iter()
        .map(|(wd, mut e)| {
            if let Some((Case::Locative, n)) = ky_suffix(t, e) {
                e = n;
            }
            if let Some(n) = phrase(t, e, "күнү") {
                e = n;
            }
            (wd, e)
        })
        .collect()
}

/// A four-digit year at `i`, with the words that may follow it: (year, index after) for each.
fn year(t: &[Tok], i: usize) -> Vec<(i16, usize)> {
    let Some((y, 4)) = num(t, i) else {
        return vec![];
    };
    let y = y as i16;
    let mut out = vec![(y, i + 1)];
    let k = skip_hyphen(t, i + 1);
    for e in any_of(t, k, YEAR_WORDS) {
        out.push((y, skip_dot(t, e)));
    }
    out
}

/// A month name at `i`, with an optional abbreviation dot and Kyrgyz locative ending.
fn month(t: &[Tok], i: usize) -> Vec<(i8, usize)> {
    lookup(t, i, MONTHS)
        .into_iter()
        .map(|(m, mut j)| {
            if sym(t, j, ".") && glued(t, j) {
                j += 1; // "Mar.", "окт."
            } else if let Some((Case::Locative, k)) = ky_suffix(t, j) {
                j = k;
            }
            (m, j)
        })
        .collect()
}

/// A day of month (1–2 digits) at `i`, with what may follow it before the month:
/// "3rd", "3-го", "3-" (Kyrgyz "3-март"), "3rd of".
fn day_of_month(t: &[Tok], i: usize) -> Vec<(i8, usize)> {
    let Some((d, 1..=2)) = num(t, i) else {
        return vec![];
    };
    let d = d as i8;
    let mut ends = vec![i + 1];
    if glued(t, i + 1) {
        if any_of(t, i + 1, ORDINALS).contains(&(i + 2)) {
            ends.push(i + 2);
        }
        if sym(t, i + 1, "-") && glued(t, i + 2) {
            ends.push(i + 2);
            if any_of(t, i + 2, RU_ORDINALS).contains(&(i + 3)) {
                ends.push(i + 3);
            }
        }
    }
    let with_of: Vec<usize> = ends.iter().filter_map(|&e| phrase(t, e, "of")).collect();
    ends.extend(with_of);
    ends.into_iter().map(|e| (d, e)).collect()
}

fn named_date(cx: &Cx, i: usize) -> Vec<Alt> {
    let t = cx.t;
    let mut out = Vec::new();
    let date = |year, month, day| with_day(DayExpr::Date { year, month, day });
    for i in after_optional(t, i, &["on", "the", "on the"]) {
        // 3 March [2024], 3 марта 2024 года, 3-мартта, the 3rd of March
        for (d, j) in day_of_month(t, i) {
            for (m, k) in month(t, j) {
                out.push((date(None, m, d), k));
                out.extend(
                    year(t, k)
                        .into_iter()
                        .map(|(y, e)| (date(Some(y), m, d), e)),
                );
            }
        }
        // March 3, March 3rd 2024
        for (m, j) in month(t, i) {
            let Some((d, 1..=2)) = num(t, j) else {
                continue;
            };
            let mut k = j + 1;
            if glued(t, k) && any_of(t, k, ORDINALS).contains(&(k + 1)) {
                k += 1;
            }
            out.push((date(None, m, d as i8), k));
            out.extend(
                year(t, k)
                    .into_iter()
                    .map(|(y, e)| (date(Some(y), m, d as i8), e)),
            );
        }
    }
    // Kyrgyz: 2024-жылдын 3-мартында, 2024-жылы 3-мартта
    for (y, j) in ky_year_first(t, i) {
        for (d, k) in day_of_month(t, j) {
            for (m, e) in month(t, k) {
                out.push((date(Some(y), m, d), e));
            }
        }
        for (m, d, e) in ky_genitive_date(t, j) {
            out.push((date(Some(y), m, d), e));
        }
    }
    // Kyrgyz: ноябрдын 27си, ноябрдын 27синде, ноябрдын 27-си
    for (m, d, e) in ky_genitive_date(t, i) {
        out.push((date(None, m, d), e));
    }
    out
}

/// "ноябрдын 27си(нде)": a month in the genitive, then the day with a possessive ending.
/// (month, day, index after).
fn ky_genitive_date(t: &[Tok], i: usize) -> Vec<(i8, i8, usize)> {
    let mut out = Vec::new();
    for (m, j) in lookup(t, i, MONTHS) {
        let Some((Case::Genitive, k)) = ky_suffix(t, j) else {
            continue;
        };
        let Some((d, 1..=2)) = num(t, k) else {
            continue;
        };
        let e = skip_hyphen(t, k + 1);
        if glued(t, e) && !any_of(t, e, KY_DAY_POSSESSIVE).is_empty() {
            out.push((m, d as i8, e + 1));
        }
    }
    out
}

/// Kyrgyz year before a date or month: "2024-жылдын", "2024-жылы". (year, index after)
fn ky_year_first(t: &[Tok], i: usize) -> Vec<(i16, usize)> {
    let Some((y, 4)) = num(t, i) else {
        return vec![];
    };
    let k = skip_hyphen(t, i + 1);
    any_of(t, k, &["жылдын", "жылы"])
        .into_iter()
        .map(|e| (y as i16, e))
        .collect()
}

fn month_only(cx: &Cx, i: usize) -> Vec<Alt> {
    let t = cx.t;
    let slot = |year, month| with_day(DayExpr::Month { year, month });
    let mut out = Vec::new();
    // Kyrgyz: 2024-жылы январда, 2024-жылдын март айында
    for (y, j) in ky_year_first(t, i) {
        for (m, k) in month(t, j) {
            out.push((slot(Some(y), m), skip_month_word(t, k)));
        }
    }
    // в марте, March 2024, март айында
    for i in after_optional(t, i, DAY_PREPS) {
        for (m, j) in month(t, i) {
            let j = skip_month_word(t, j);
            out.push((slot(None, m), j));
            out.extend(year(t, j).into_iter().map(|(y, e)| (slot(Some(y), m), e)));
        }
    }
    out
}

/// Skips Kyrgyz "айы"/"айында" after a month name.
fn skip_month_word(t: &[Tok], j: usize) -> usize {
    any_of(t, j, MONTH_WORD).first().copied().unwrap_or(j)
}

/// Two glued digits after a glued colon at `i`: ":30".
fn colon_pair(t: &[Tok], i: usize) -> Option<u32> {
    if sym(t, i, ":") && glued(t, i) && glued(t, i + 1) {
        if let Some((v, 2)) = num(t, i + 1) {
            return Some(v);
        }
    }
    None
}

/// "HH:MM[:SS]" at `i`: (hour, minute, second, index after).
fn clock(t: &[Tok], i: usize) -> Option<(u32, u32, Option<u32>, usize)> {
    let (h, 1..=2) = num(t, i)? else {
        return None;
    };
    let m = colon_pair(t, i + 1)?;
    match colon_pair(t, i + 3) {
        Some(s) => Some((h, m, Some(s), i + 5)),
        None => Some((h, m, None, i + 3)),
    }
}

/// ISO 8601: 2024-03-05, 2024/03/05, 2024-03-05T14:30[:15][Z|+06:00].
fn iso_date(cx: &Cx, i: usize) -> Vec<Alt> {
    let t = cx.t;
    let (Some((y, 4)), Some((m, 1..=2)), Some((d, 1..=2))) =
        (num(t, i), num(t, i + 2), num(t, i + 4))
    else {
        return vec![];
    };
    let sep = ["-", "/"]
        .into_iter()
        .find(|s| sym(t, i + 1, s) && sym(t, i + 3, s));
    if sep.is_none() || !(1..=4).all(|k| glued(t, i + k)) {
        return vec![];
    }
    let day = DayExpr::Date {
        year: Some(y as i16),
        month: m as i8,
        day: d as i8,
    };
    let mut out = vec![(with_day(day.clone()), i + 5)];
    if word(t, i + 5) == Some("t") && glued(t, i + 5) && glued(t, i + 6) {
        if let Some((h, mi, s, mut k)) = clock(t, i + 6) {
            let mut te = TimeExpr {
                hour: h,
                minute: Some(mi),
                second: s,
                ..TimeExpr::default()
            };
            if word(t, k) == Some("z") && glued(t, k) {
                te.offset = Some(0);
                k += 1;
            } else if (sym(t, k, "+") || sym(t, k, "-")) && glued(t, k) {
                if let (Some((oh, 2)), Some(om)) = (num(t, k + 1), colon_pair(t, k + 2)) {
                    let sign = if sym(t, k, "-") { -1 } else { 1 };
                    te.offset = Some(sign * (oh as i32 * 3600 + om as i32 * 60));
                    k += 4;
                }
            }
            out.push((
                Slots {
                    day: Some(day),
                    time: Some(te),
                    ..Slots::default()
                },
                k,
            ));
        }
    }
    out
}

/// 05.03.2024, 5.3.2024, 05.03, 01.12.26, 27/11/2026: day first, as written in Russia and
/// Kyrgyzstan. Month first is never assumed; with slashes, "11/27/2026" (where the day-first
/// reading is impossible because the second field is over 12) is read as month/day.
/// A two-digit year 00–69 is 2000–2069, 70–99 is 1970–1999.
fn dotted_date(cx: &Cx, i: usize) -> Vec<Alt> {
    let t = cx.t;
    let (Some((a, 1..=2)), Some((b, 1..=2))) = (num(t, i), num(t, i + 2)) else {
        return vec![];
    };
    let Some(sep) = [".", "/"].into_iter().find(|s| sym(t, i + 1, s)) else {
        return vec![];
    };
    if !(glued(t, i + 1) && glued(t, i + 2)) {
        return vec![];
    }
    let (d, m) = if sep == "/" && b > 12 && (1..=12).contains(&a) {
        (b, a)
    } else {
        (a, b)
    };
    let date = |year| {
        with_day(DayExpr::Date {
            year,
            month: m as i8,
            day: d as i8,
        })
    };
    let mut out = vec![(date(None), i + 3)];
    if sym(t, i + 3, sep) && glued(t, i + 3) && glued(t, i + 4) {
        out.extend(year(t, i + 4).into_iter().map(|(y, e)| (date(Some(y)), e)));
        if let Some((y, 2)) = num(t, i + 4) {
            let y = if y <= 69 { 2000 + y } else { 1900 + y };
            out.push((date(Some(y as i16)), i + 5));
        }
    }
    out
}

fn time(cx: &Cx, i: usize) -> Vec<Alt> {
    let t = cx.t;
    let mut out = Vec::new();
    // Kyrgyz "кечки саат 9да": a part of day said before the hour qualifies it.
    let mut starts = vec![(None, i)];
    starts.extend(
        lookup(t, i, PARTS_BEFORE_HOUR)
            .into_iter()
            .map(|(p, j)| (Some(p), j)),
    );
    for (qualifier, i) in starts {
        for (j, has_prep) in after_optional(t, i, TIME_PREPS)
            .into_iter()
            .map(|j| (j, j > i))
        {
            if qualifier.is_some() && !has_prep {
                continue;
            }
            out.extend(time_at(cx, j, has_prep, qualifier));
        }
    }
    out
}

fn time_at(cx: &Cx, j: usize, has_prep: bool, qualifier: Option<Part>) -> Vec<Alt> {
    let t = cx.t;
    let slot = |te: TimeExpr| Slots {
        time: Some(te),
        ..Slots::default()
    };
    if qualifier.is_none() {
        if let Some(k) = any_of(t, j, NOON).first() {
            return vec![(
                slot(TimeExpr {
                    hour: 12,
                    pm: Some(true),
                    approx: true,
                    ..TimeExpr::default()
                }),
                *k,
            )];
        }
    }
    // Russian "в час" = at one o'clock.
    let one = if has_prep {
        phrase(t, j, "час")
    } else {
        None
    };
    let (h, hd) = match (num(t, j), one) {
        (Some((h, hd @ 1..=2)), _) => (h, hd),
        (None, Some(_)) => (1, 1),
        _ => return vec![],
    };
    let mut te = TimeExpr {
        hour: h,
        padded: hd == 2 && h < 10,
        part: qualifier,
        ..TimeExpr::default()
    };
    let mut k = j + 1;
    // A bare number is a time only after a preposition or a hedge, or opening a range side.
    let prep_like = has_prep || after_hedge(t, j) || (cx.range_side && j == 0);
    if let Some((_, m, s, e)) = clock(t, j) {
        te.minute = Some(m);
        te.second = s;
        k = e;
    } else if (has_prep || after_hedge(t, j))
        && sym(t, j + 1, ".")
        && glued(t, j + 1)
        && glued(t, j + 2)
    {
        // "в 15.30", "ок. 15.30": a dot for a colon, but only where a date cannot stand.
        if let (Some((m, 2)), false) = (num(t, j + 2), sym(t, j + 3, ".") && glued(t, j + 3)) {
            te.minute = Some(m);
            k = j + 3;
        }
    }
    let mut marked = te.minute.is_some() || one.is_some();
    let mut hour_word = one.is_some();
    if one.is_some() {
        // "час" already read
    } else if let Some((pm, e)) = lookup(t, k, AM_PM).first() {
        te.pm = Some(*pm);
        k = *e;
        marked = true;
    } else if let Some(e) = any_of(t, k, OCLOCK).first() {
        k = *e;
        marked = true;
    } else if let Some(e) = any_of(t, k, HOUR_WORDS).first() {
        k = *e;
        marked = true;
        hour_word = true;
    }
    // "в 9 вечера", "3 часа дня" — but not "3 дня" alone, which is "3 days".
    if (prep_like || hour_word) && te.part.is_none() {
        if let Some((p, e)) = lookup(t, k, PARTS_AFTER_HOUR).first() {
            te.part = Some(*p);
            k = *e;
            marked = true;
        }
    }
    match ky_suffix(t, k) {
        Some((Case::Locative, e)) => {
            k = e;
            marked = true;
        }
        Some((Case::Plural, e)) => {
            k = e;
            marked = true;
            te.approx = true;
        }
        _ => {}
    }
    if !(marked || prep_like) {
        return vec![];
    }
    te.bare = !marked && !has_prep && cx.range_side && j == 0;
    vec![(slot(te), k)]
}
