//! When did it happen? Parses what a user typed ("вчера около 15:00", "кечээ кечинде",
//! "last Tuesday evening", "с 1 по 5 марта") into a time span with its precision.
//!
//! Why hand-written: no maintained crate parses approximate Russian or Kyrgyz phrases, and the
//! English ones (chrono-english, dateparser) return a single point, not a span with a precision,
//! and guess when unsure. Here a silent wrong date is the worst outcome, so the grammar is a small
//! tokenizer (`lex`) + word tables (`words`) + a search over every reading (`grammar`):
//! every word must be understood, and if two readings disagree the input is rejected.
//!
//! Times are read in the zone of the injected `now`; output carries that zone's offset.
//! Rules, in short:
//! - a clock time with no hedge → `Exact` (start = end), however it is written ("15:00",
//!   "в 15.30", "3pm", "в 15 часов", "саат 15те");
//! - a hedge ("около", "ок.", "around", "чамасы", a trailing "?"), "15тер" or "noon" →
//!   `Approximate`, t ± 30 min; "N minutes/hours ago" likewise. A bare hour 1–12 with no
//!   am/pm, part of day or leading zero ("в 3") is ambiguous and rejected; "H:MM" is 24-hour;
//! - a day → `Day` 00:00:00–23:59:59; a day and a part of it → `PartOfDay` (morning 06–12,
//!   afternoon 12–18, evening 18–23, night 23:00–05:59:59 next day, so "вчера ночью в 2" is
//!   early today, while "вчера в 2 ночи" = "yesterday at 2 am");
//! - "A to B" → `Range` from the start of A to the end of B; also a whole month, "N weeks ago"
//!   (that day ± 3 days) and a hedged day (± 1 day);
//! - a date without a year is the most recent such date not in the future (in a range: the
//!   start is, and the end is the first such date after it); a bare weekday is the most recent
//!   one before today (today's weekday alone is ambiguous), "last …" that weekday of last
//!   calendar week (Monday–Sunday), "this …" of this week; "last week"/"на прошлой неделе"/
//!   "өткөн жума" is last Monday–Sunday, "в прошлом месяце" last calendar month;
//! - numeric dates are day first (`27/11/2026`, `01.12.26`; two-digit years 00–69 → 20xx,
//!   70–99 → 19xx); see docs/dates.md;
//! - [`parse_detailed`] also names the word that was not understood; [`render`] shows dates
//!   for people (weekday, local zone, precision, the reader's language);
//! - errors: `Empty`; `NotUnderstood` for any word left over or two readings that disagree;
//!   `InFuture` if the start is after now + 1 minute; `Invalid` for impossible or ambiguous
//!   dates and times (2024-02-30, 25:00, "в 3").

mod explain;
mod grammar;
mod lex;
pub mod render;
#[cfg(test)]
mod tests;
mod words;

pub use explain::{parse_detailed, unknown_word, ParseFailure, UnknownWord};
use grammar::{DayExpr, RangeReading, Slots, WdRef};
use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{ToSpan, Zoned};
use words::{Part, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Exact,
    Approximate,
    Day,
    PartOfDay,
    Range,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Occurred {
    /// The user's original words, trimmed, exactly as typed otherwise.
    pub text: String,
    pub precision: Precision,
    /// RFC 3339 with offset, seconds precision, e.g. "2024-03-05T14:30:00+06:00".
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start: Option<String>,
    /// Same format; start <= end; both `None` only for `Unknown`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Empty,
    NotUnderstood,
    InFuture,
    Invalid(InvalidDate),
}

/// Why a date is impossible or ambiguous. `Display` is English; the CLI translates each
/// variant (`err-date-invalid-…` in the catalogs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidDate {
    /// A year outside 1900–9999.
    YearOutOfRange(i16),
    TooFarInThePast,
    /// A bare weekday that is today ("saturday" on a Saturday).
    WeekdayIsToday,
    /// The date as typed, normalised: "2024-02-30" or "30.02".
    NoSuchDate(String),
    NoSuchMonth,
    NoSuchDay(i64),
    /// The time as typed, normalised: "25:00" or "13 pm".
    NoSuchTime(String),
    SkippedByClockChange,
    TimeOutsidePartOfDay,
    /// A bare hour 1–12 with no am/pm or part of day ("в 3").
    AmbiguousHour,
    /// "вчера в 12 ночи", "12 am yesterday".
    AmbiguousMidnight,
    BadUtcOffset,
    RangeEndsBeforeStart,
    /// An unknown date used where a span is needed (a filter bound).
    UnknownHasNoSpan,
    /// A full `occurred` object whose start or end is not an RFC 3339 time.
    NotRfc3339,
    /// A full `occurred` object whose start is after its end.
    StartAfterEnd,
    /// A full date object (JSON input) of precision `exact` whose start and end differ: it
    /// would be shown as its start alone.
    ExactWithSpan,
}

impl std::fmt::Display for InvalidDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use InvalidDate::*;
        match self {
            YearOutOfRange(y) => write!(f, "year {y} is out of range"),
            TooFarInThePast => f.write_str("too far in the past"),
            WeekdayIsToday => f.write_str("that weekday is today; say \"today\" or \"last …\""),
            NoSuchDate(d) => write!(f, "no such date: {d}"),
            NoSuchMonth => f.write_str("no such month"),
            NoSuchDay(d) => write!(f, "no such day: {d}"),
            NoSuchTime(t) => write!(f, "no such time: {t}"),
            SkippedByClockChange => f.write_str("that time was skipped by a clock change"),
            TimeOutsidePartOfDay => f.write_str("the time does not match the part of the day"),
            AmbiguousHour => f.write_str("ambiguous hour; use 24-hour time or am/pm"),
            AmbiguousMidnight => {
                f.write_str("midnight of a day is ambiguous; write 00:00 or 23:59")
            }
            BadUtcOffset => f.write_str("bad UTC offset"),
            RangeEndsBeforeStart => f.write_str("the range ends before it starts"),
            UnknownHasNoSpan => f.write_str("an unknown date has no time span"),
            NotRfc3339 => f.write_str("start and end must be RFC 3339 times"),
            StartAfterEnd => f.write_str("start is after end"),
            ExactWithSpan => f.write_str("an exact time with different start and end"),
        }
    }
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::Empty => f.write_str("no date given"),
            DateError::NotUnderstood => f.write_str("date not understood"),
            DateError::InFuture => f.write_str("date is in the future"),
            DateError::Invalid(why) => write!(f, "invalid date: {why}"),
        }
    }
}

impl std::error::Error for DateError {}

impl Occurred {
    pub fn start_ts(&self) -> Option<jiff::Timestamp> {
        self.start.as_ref()?.parse().ok()
    }
    pub fn end_ts(&self) -> Option<jiff::Timestamp> {
        self.end.as_ref()?.parse().ok()
    }

    /// The UTC offset the span was written with (its start's, as stored: "…+06:00") — the
    /// clock of the place where the defender recorded it. Dates are shown on that clock
    /// wherever they are read ([`render::occurred`]).
    pub fn written_offset(&self) -> Option<jiff::tz::Offset> {
        let pieces = jiff::fmt::temporal::Pieces::parse(self.start.as_deref()?).ok()?;
        Some(pieces.offset()?.to_numeric_offset())
    }
}

/// Parses when something happened, relative to `now` and in `now`'s time zone.
pub fn parse(input: &str, now: &Zoned) -> Result<Occurred, DateError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    // A trailing "?" ("вчера?") is a hedge: the user is not sure.
    let (norm, question) = lex::normalize(text);
    let unknown = |s: &str| words::UNKNOWN.iter().any(|u| lex::eq_folded(s, u));
    let raw: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(lex::fold_char)
        .collect();
    if unknown(&norm) || unknown(&raw) {
        return Ok(Occurred {
            text: text.to_string(),
            precision: Precision::Unknown,
            start: None,
            end: None,
        });
    }
    let toks = lex::tokenize(&norm).ok_or(DateError::NotUnderstood)?;

    let mut results = Vec::new();
    for mut s in grammar::points(&toks, false) {
        if question && s.hedge {
            continue; // "около 15:00?" is hedged once; a second hedge is not understood
        }
        s.hedge |= question;
        results.push(eval_point(&s, now, Ref::NotAfter(now.date())));
    }
    for mut r in grammar::ranges(&toks) {
        r.shared.hedge |= question;
        results.push(eval_range(&r, now));
    }
    let span = pick(results)?;
    if span.start.timestamp() > now.timestamp() + 1.minute() {
        return Err(DateError::InFuture);
    }
    Ok(Occurred {
        text: text.to_string(),
        precision: span.precision,
        start: Some(rfc3339(&span.start)),
        end: Some(rfc3339(&span.end)),
    })
}

/// Parses a phrase for a list filter (`--since`/`--until`) and returns its span.
pub fn parse_bound(
    input: &str,
    now: &Zoned,
) -> Result<(jiff::Timestamp, jiff::Timestamp), DateError> {
    let o = parse(input, now)?;
    match (o.start_ts(), o.end_ts()) {
        (Some(s), Some(e)) => Ok((s, e)),
        _ => Err(DateError::Invalid(InvalidDate::UnknownHasNoSpan)),
    }
}

fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[derive(Debug, Clone, PartialEq)]
struct Resolved {
    start: Zoned,
    end: Zoned,
    precision: Precision,
}

/// One unambiguous answer out of all readings, or the most telling error.
fn pick(results: Vec<Result<Resolved, DateError>>) -> Result<Resolved, DateError> {
    let mut oks: Vec<Resolved> = Vec::new();
    let mut err = DateError::NotUnderstood;
    for r in results {
        match r {
            Ok(r) => {
                if !oks.contains(&r) {
                    oks.push(r);
                }
            }
            Err(e @ DateError::Invalid(_)) => {
                if !matches!(err, DateError::Invalid(_)) {
                    err = e;
                }
            }
            Err(e) => {
                if err == DateError::NotUnderstood {
                    err = e;
                }
            }
        }
    }
    match oks.len() {
        1 => Ok(oks.remove(0)),
        0 => Err(err),
        _ => Err(DateError::NotUnderstood), // two readings disagree: never guess
    }
}

fn invalid(why: InvalidDate) -> DateError {
    DateError::Invalid(why)
}

fn too_far() -> DateError {
    invalid(InvalidDate::TooFarInThePast)
}

/// Where a date without a year may fall.
#[derive(Debug, Clone, Copy)]
enum Ref {
    /// The most recent such date on or before this one (normally today).
    NotAfter(Date),
    /// The first such date on or after this one (right end of a range whose left has a year).
    NotBefore(Date),
}

fn check_year(y: i16) -> Result<i16, DateError> {
    if (1900..=9999).contains(&y) {
        Ok(y)
    } else {
        Err(invalid(InvalidDate::YearOutOfRange(y)))
    }
}

fn add_days(d: Date, n: i64) -> Result<Date, DateError> {
    let span = jiff::Span::new().try_days(n).map_err(|_| too_far())?;
    let d = d.checked_add(span).map_err(|_| too_far())?;
    if d.year() < 1900 {
        return Err(too_far());
    }
    Ok(d)
}

/// The first and last day an expression covers.
fn resolve_days(day: &DayExpr, today: Date, r: Ref) -> Result<(Date, Date), DateError> {
    match *day {
        DayExpr::Offset(n) => {
            let d = add_days(today, n)?;
            Ok((d, d))
        }
        DayExpr::Weekday { wd, which } => {
            let d = match which {
                WdRef::Recent => {
                    let back = i64::from(
                        (today.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset())
                            .rem_euclid(7),
                    );
                    if back == 0 {
                        return Err(invalid(InvalidDate::WeekdayIsToday));
                    }
                    add_days(today, -back)?
                }
                // The weekday of the current (This) or previous (Last) calendar week, Monday
                // to Sunday: on a Saturday "last Friday" is eight days ago, "this Friday" is
                // yesterday.
                WdRef::Week(n) => {
                    let monday = week_start(today)?;
                    let week = n.checked_mul(7).ok_or_else(too_far)?;
                    add_days(monday, week + i64::from(wd.to_monday_zero_offset()))?
                }
            };
            Ok((d, d))
        }
        DayExpr::Period(Period::Week(n)) => {
            let monday = add_days(week_start(today)?, n.checked_mul(7).ok_or_else(too_far)?)?;
            let sunday = add_days(monday, 6)?;
            // This week so far: it cannot run into the future.
            Ok((monday, sunday.min(today.max(monday))))
        }
        DayExpr::Period(Period::Month(n)) => {
            let span = jiff::Span::new().try_months(n).map_err(|_| too_far())?;
            let first = today
                .first_of_month()
                .checked_add(span)
                .map_err(|_| too_far())?;
            if first.year() < 1900 {
                return Err(too_far());
            }
            Ok((first, first.last_of_month().min(today.max(first))))
        }
        DayExpr::MonthsAgo(n) => {
            let span = jiff::Span::new()
                .try_months(n.checked_neg().ok_or_else(too_far)?)
                .map_err(|_| too_far())?;
            let mid = today.checked_add(span).map_err(|_| too_far())?;
            Ok((add_days(mid, -15)?, add_days(mid, 15)?))
        }
        DayExpr::Date {
            year: Some(y),
            month,
            day,
        } => {
            let d = Date::new(check_year(y)?, month, day).map_err(|_| {
                invalid(InvalidDate::NoSuchDate(format!(
                    "{y:04}-{month:02}-{day:02}"
                )))
            })?;
            Ok((d, d))
        }
        DayExpr::Date {
            year: None,
            month,
            day,
        } => {
            let (anchor, step) = match r {
                Ref::NotAfter(d) => (d, -1),
                Ref::NotBefore(d) => (d, 1),
            };
            // Eight years always contain a 29 February.
            for k in 0..=8i16 {
                let y = anchor.year() + step * k;
                if let Ok(d) = Date::new(y, month, day) {
                    let fits = match r {
                        Ref::NotAfter(a) => d <= a,
                        Ref::NotBefore(a) => d >= a,
                    };
                    if fits {
                        return Ok((d, d));
                    }
                }
            }
            Err(invalid(InvalidDate::NoSuchDate(format!(
                "{day:02}.{month:02}"
            ))))
        }
        DayExpr::Month { year, month } => {
            let y = match (year, r) {
                (Some(y), _) => check_year(y)?,
                (None, Ref::NotAfter(a)) => a.year() - i16::from(month > a.month()),
                (None, Ref::NotBefore(a)) => a.year() + i16::from(month < a.month()),
            };
            let first = Date::new(y, month, 1).map_err(|_| invalid(InvalidDate::NoSuchMonth))?;
            Ok((first, first.last_of_month()))
        }
        DayExpr::WeeksAgo(n) => {
            let mid = add_days(today, n.checked_mul(-7).ok_or_else(too_far)?)?;
            Ok((add_days(mid, -3)?, add_days(mid, 3)?))
        }
    }
}

/// The Monday of `d`'s week (weeks run Monday to Sunday, as in Russia and Kyrgyzstan).
fn week_start(d: Date) -> Result<Date, DateError> {
    add_days(d, -i64::from(d.weekday().to_monday_zero_offset()))
}

/// A wall-clock time in `tz` at the edge of a span: skipped or doubled times are resolved
/// the usual way (later / earlier), since the edge is ours, not the user's.
fn edge(d: Date, h: i8, m: i8, s: i8, tz: &TimeZone) -> Result<Zoned, DateError> {
    tz.to_ambiguous_zoned(d.at(h, m, s, 0))
        .compatible()
        .map_err(|_| beyond_the_last_instant())
}

/// A civil time that cannot be an instant. Years are 1900–9999 by then, far above jiff's
/// first instant (year −9999), so only its last one (9999-12-30 in UTC) can be passed: the
/// date is in the future. ("9999-12-31" was refused as "too far in the past".)
fn beyond_the_last_instant() -> DateError {
    DateError::InFuture
}

fn day_start(d: Date, tz: &TimeZone) -> Result<Zoned, DateError> {
    edge(d, 0, 0, 0, tz)
}

fn day_end(d: Date, tz: &TimeZone) -> Result<Zoned, DateError> {
    edge(d, 23, 59, 59, tz)
}

/// A time the user typed: a time skipped by a clock change is an error; a time that occurs
/// twice gives both instants (earliest, latest).
fn typed_instant(dt: DateTime, tz: &TimeZone) -> Result<(Zoned, Zoned), DateError> {
    let amb = tz.to_ambiguous_zoned(dt);
    match amb.offset() {
        AmbiguousOffset::Gap { .. } => Err(invalid(InvalidDate::SkippedByClockChange)),
        AmbiguousOffset::Fold { .. } => Ok((
            amb.clone()
                .earlier()
                .map_err(|_| beyond_the_last_instant())?,
            amb.later().map_err(|_| beyond_the_last_instant())?,
        )),
        AmbiguousOffset::Unambiguous { .. } => {
            let z = amb.compatible().map_err(|_| beyond_the_last_instant())?;
            Ok((z.clone(), z))
        }
    }
}

fn part_span(d: Date, p: Part, tz: &TimeZone) -> Result<(Zoned, Zoned), DateError> {
    Ok(match p {
        Part::Morning => (edge(d, 6, 0, 0, tz)?, edge(d, 11, 59, 59, tz)?),
        Part::Afternoon => (edge(d, 12, 0, 0, tz)?, edge(d, 17, 59, 59, tz)?),
        Part::Evening => (edge(d, 18, 0, 0, tz)?, edge(d, 22, 59, 59, tz)?),
        Part::Night => (
            edge(d, 23, 0, 0, tz)?,
            edge(add_days(d, 1)?, 5, 59, 59, tz)?,
        ),
        Part::Lunch => (edge(d, 12, 0, 0, tz)?, edge(d, 13, 59, 59, tz)?),
    })
}

/// Hours (24-hour clock) that fit a part of the day when said together: "в 9 вечера".
fn fits(p: Part, h: u32) -> bool {
    match p {
        Part::Morning => (3..=11).contains(&h),
        Part::Afternoon => (12..=17).contains(&h),
        Part::Evening => (17..=23).contains(&h),
        Part::Night => h >= 21 || h <= 5,
        Part::Lunch => (11..=14).contains(&h),
    }
}

/// The 24-hour clock reading of a typed time, given the part of the day said with it.
fn clock_hour(te: &grammar::TimeExpr, part: Option<Part>) -> Result<u32, DateError> {
    let shown = |h: u32| match (te.minute, te.second) {
        (Some(m), Some(s)) => format!("{h}:{m:02}:{s:02}"),
        (Some(m), None) => format!("{h}:{m:02}"),
        _ => format!("{h}:00"),
    };
    if te.minute.is_some_and(|m| m > 59) || te.second.is_some_and(|s| s > 59) {
        return Err(invalid(InvalidDate::NoSuchTime(shown(te.hour))));
    }
    let h = match te.pm {
        Some(pm) => {
            if !(1..=12).contains(&te.hour) {
                return Err(invalid(InvalidDate::NoSuchTime(format!(
                    "{} {}",
                    te.hour,
                    if pm { "pm" } else { "am" }
                ))));
            }
            te.hour % 12 + if pm { 12 } else { 0 }
        }
        None => te.hour,
    };
    if h > 23 {
        return Err(invalid(InvalidDate::NoSuchTime(shown(h))));
    }
    match part {
        Some(p) => {
            // "9" with "evening" is 21; a 24-hour reading or am/pm must fit as it is.
            let candidates = if te.pm.is_some() || h == 0 || h > 12 {
                vec![h]
            } else {
                vec![h, (h + 12) % 24]
            };
            let ok: Vec<u32> = candidates.into_iter().filter(|&c| fits(p, c)).collect();
            match ok.as_slice() {
                [h] => Ok(*h),
                _ => Err(invalid(InvalidDate::TimeOutsidePartOfDay)),
            }
        }
        None if te.minute.is_none() && te.pm.is_none() && !te.padded && (1..=12).contains(&h) => {
            Err(invalid(InvalidDate::AmbiguousHour))
        }
        None => Ok(h),
    }
}

/// Turns one reading of a point phrase into a span.
fn eval_point(s: &Slots, now: &Zoned, r: Ref) -> Result<Resolved, DateError> {
    let tz = now.time_zone();
    let approx = |start: Zoned, end: Zoned| -> Result<Resolved, DateError> {
        Ok(Resolved {
            start: start.checked_sub(30.minutes()).map_err(|_| too_far())?,
            end: end.checked_add(30.minutes()).map_err(|_| too_far())?,
            precision: Precision::Approximate,
        })
    };
    if let Some(mins) = s.ago_minutes {
        if s.day.is_some() || s.time.is_some() || s.part.is_some() {
            return Err(DateError::NotUnderstood);
        }
        let span = jiff::Span::new().try_minutes(mins).map_err(|_| too_far())?;
        let t = now.checked_sub(span).map_err(|_| too_far())?;
        if t.year() < 1900 {
            return Err(too_far());
        }
        return approx(t.clone(), t);
    }
    if s.day.is_none() && s.time.is_none() && s.part.is_none() {
        return Err(DateError::NotUnderstood);
    }
    let today = now.date();
    // A night with no day named is the most recent one that has begun ("ночью в 2").
    // "ночью" with no day named is the most recent night that has begun.
    let implicit_night = s.day.is_none() && s.part == Some(Part::Night);
    let default_day = if implicit_night && now.hour() < 23 {
        DayExpr::Offset(-1)
    } else {
        DayExpr::Offset(0)
    };
    let day = s.day.clone().unwrap_or(default_day);
    let (mut first, mut last) = resolve_days(&day, today, r)?;
    if s.next_day {
        (first, last) = (add_days(first, 1)?, add_days(last, 1)?);
    }
    let single = first == last
        && !matches!(
            day,
            DayExpr::Month { .. }
                | DayExpr::WeeksAgo(_)
                | DayExpr::MonthsAgo(_)
                | DayExpr::Period(_)
        );

    if let Some(te) = &s.time {
        if !single {
            return Err(DateError::NotUnderstood);
        }
        let part = match (te.part, s.part) {
            (Some(a), Some(b)) if a != b => return Err(invalid(InvalidDate::TimeOutsidePartOfDay)),
            (a, b) => a.or(b),
        };
        let h = clock_hour(te, part)?;
        // "вчера в 12 ночи", "12 am yesterday": the midnight that starts or the one that ends
        // that day? People mean both; only the 24-hour "00:00" is clear.
        let spoken_midnight = te.hour == 12 && h == 0;
        if spoken_midnight && s.day.is_some() && s.part != Some(Part::Night) {
            return Err(invalid(InvalidDate::AmbiguousMidnight));
        }
        // The night of a day runs past midnight: "вчера ночью в 2" is early this morning. An hour
        // qualified on its own ("вчера в 2 ночи", "yesterday at 2 am") stays on its calendar day.
        let date = if s.part == Some(Part::Night) && h < 12 {
            add_days(first, 1)?
        } else {
            first
        };
        let dt = date.at(
            h as i8,
            te.minute.unwrap_or(0) as i8,
            te.second.unwrap_or(0) as i8,
            0,
        );
        let (early, late) = match te.offset {
            Some(secs) => {
                let off =
                    Offset::from_seconds(secs).map_err(|_| invalid(InvalidDate::BadUtcOffset))?;
                let z = dt
                    .to_zoned(TimeZone::fixed(off))
                    .map_err(|_| too_far())?
                    .with_time_zone(tz.clone());
                (z.clone(), z)
            }
            None => typed_instant(dt, tz)?,
        };
        // A clock time is exact to the minute however it is written ("3pm", "в 15 часов",
        // "15:00", "саат 15те"); only a hedge or a word that is vague by itself ("15тер",
        // "noon") makes it approximate.
        if s.hedge || te.approx {
            return approx(early, late);
        }
        let precision = if early == late {
            Precision::Exact
        } else {
            Precision::Approximate
        };
        return Ok(Resolved {
            start: early,
            end: late,
            precision,
        });
    }
    if let Some(p) = s.part {
        if !single {
            return Err(DateError::NotUnderstood);
        }
        let (start, end) = part_span(first, p, tz)?;
        return Ok(Resolved {
            start,
            end,
            precision: Precision::PartOfDay,
        });
    }
    if s.hedge && single {
        // "около 3 марта": a day either side.
        let (a, b) = (add_days(first, -1)?, add_days(last, 1)?);
        return Ok(Resolved {
            start: day_start(a, tz)?,
            end: day_end(b, tz)?,
            precision: Precision::Range,
        });
    }
    Ok(Resolved {
        start: day_start(first, tz)?,
        end: day_end(last, tz)?,
        precision: if single {
            Precision::Day
        } else {
            Precision::Range
        },
    })
}

fn is_bare(s: &Slots) -> bool {
    s.time.as_ref().is_some_and(|t| t.bare) && s.day.is_none() && s.part.is_none() && !s.hedge
}

fn has_explicit_year(s: &Slots) -> bool {
    matches!(
        s.day,
        Some(DayExpr::Date { year: Some(_), .. } | DayExpr::Month { year: Some(_), .. })
    )
}

fn month_of(s: &Slots) -> Option<i8> {
    match s.day {
        Some(DayExpr::Date { month, .. } | DayExpr::Month { month, .. }) => Some(month),
        _ => None,
    }
}

fn has_yearless_date(s: &Slots) -> bool {
    matches!(
        s.day,
        Some(DayExpr::Date { year: None, .. } | DayExpr::Month { year: None, .. })
    )
}

/// Turns a reading "A to B" into a span from the start of A to the end of B.
fn eval_range(r: &RangeReading, now: &Zoned) -> Result<Resolved, DateError> {
    let (mut l, mut rt) = (r.left.clone(), r.right.clone());
    // What was said once before the opener applies to both sides: "вчера вечером с 7 до 9".
    for side in [&mut l, &mut rt] {
        let mut shared = r.shared.clone();
        if side.day.is_some() {
            if shared.day.is_some() {
                return Err(DateError::NotUnderstood);
            }
        } else {
            side.day = shared.day.take();
        }
        side.part = side.part.or(shared.part);
        side.hedge |= shared.hedge;
    }
    // "с 1 по 5 марта": a bare number before a date is a day of the same month.
    if is_bare(&l) && rt.time.is_none() {
        match (&rt.day, rt.part) {
            (Some(DayExpr::Date { year, month, .. }), None) => {
                let day = l.time.as_ref().map_or(0, |t| t.hour);
                let day = i8::try_from(day)
                    .map_err(|_| invalid(InvalidDate::NoSuchDay(i64::from(day))))?;
                l = Slots {
                    day: Some(DayExpr::Date {
                        year: *year,
                        month: *month,
                        day,
                    }),
                    ..Slots::default()
                };
            }
            _ => return Err(DateError::NotUnderstood),
        }
    }
    if is_bare(&rt) && l.time.is_none() {
        return Err(DateError::NotUnderstood); // "1 марта - 5"
    }
    // Two times: a bare hour borrows am/pm and part of day, and each side the other's day.
    if let (Some(lt), Some(rtt)) = (l.time.clone(), rt.time.clone()) {
        if lt.bare {
            let t = l.time.as_mut().expect("time");
            t.pm = t.pm.or(rtt.pm);
            t.part = t.part.or(rtt.part);
        }
        if rtt.bare {
            let t = rt.time.as_mut().expect("time");
            t.pm = t.pm.or(lt.pm);
            t.part = t.part.or(lt.part);
        }
        if l.day.is_none() {
            l.day = rt.day.clone();
        }
        if rt.day.is_none() {
            rt.day = l.day.clone();
        }
        l.part = l.part.or(rt.part);
        rt.part = rt.part.or(l.part);
    }
    let today = now.date();
    let same_day_times = l.time.is_some() && rt.time.is_some() && l.day == rt.day;
    // A year-less start is the most recent such date; a year-less end is the first such date
    // after the start ("from 28 December to 5 January") — unless only the end has a year
    // ("from 1 March to 5 March 2024"), which then dates the start.
    let (a, mut b) = if has_explicit_year(&rt) && has_yearless_date(&l) {
        let b = eval_point(&rt, now, Ref::NotAfter(today))?;
        let a = eval_point(&l, now, Ref::NotAfter(b.end.date()))?;
        (a, b)
    } else {
        let a = eval_point(&l, now, Ref::NotAfter(today))?;
        let b = eval_point(&rt, now, Ref::NotBefore(a.start.date()))?;
        (a, b)
    };
    // Times on one day that run past midnight: "с 23:00 до 2 ночи", "from 10 pm to 3 am".
    if same_day_times && b.end < a.start && a.start.hour() >= 18 && b.start.hour() < 6 {
        rt.next_day = true;
        b = eval_point(&rt, now, Ref::NotBefore(a.start.date()))?;
    }
    // A year-less end may wrap over New Year ("28 December to 5 January"), but not within one
    // month: "с 5 по 1 марта" is a mistake, not the eleven months from 5 March last year.
    let wrapped = a.start.year() != b.end.year()
        && (has_yearless_date(&l) || has_yearless_date(&rt))
        && month_of(&l).is_some()
        && month_of(&l) == month_of(&rt);
    if a.start > b.end || wrapped {
        return Err(invalid(InvalidDate::RangeEndsBeforeStart));
    }
    Ok(Resolved {
        start: a.start,
        end: b.end,
        precision: Precision::Range,
    })
}
