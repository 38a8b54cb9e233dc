//! Dates as people read them: in the reader's language, with the weekday, in the local time
//! zone, saying how precise the date is. For the terminal, reports, the VERIFY.txt summary and
//! the export log; JSON keeps RFC 3339.
//!
//! Nothing here reads the clock or the global language: the language, the time zone and (for
//! [`occurred_relative`]) the clock are parameters. See docs/dates.md for the word tables.

use super::{Occurred, Precision};
use crate::i18n::Lang;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

const EN_WD: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const RU_WD: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
const KY_WD: [&str; 7] = ["дш", "шш", "шр", "бш", "жм", "иш", "жк"];

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Russian genitive ("27 ноября") and nominative ("ноябрь 2026").
const RU_MONTHS_GEN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const RU_MONTHS_NOM: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
const KY_MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// The abbreviated weekday: "Fri", "пт", "жм".
pub fn weekday_abbr(wd: Weekday, lang: Lang) -> &'static str {
    let i = wd.to_monday_zero_offset() as usize;
    match lang {
        Lang::En => EN_WD[i],
        Lang::Ru => RU_WD[i],
        Lang::Ky => KY_WD[i],
    }
}

fn month_idx(d: Date) -> usize {
    (d.month() - 1) as usize
}

/// A calendar day with its weekday: "Fri, 27 November 2026", "пт, 27 ноября 2026",
/// "жм, 27-ноябрь 2026".
pub fn day(d: Date, lang: Lang) -> String {
    let wd = weekday_abbr(d.weekday(), lang);
    let m = month_idx(d);
    match lang {
        Lang::En => format!("{wd}, {} {} {}", d.day(), EN_MONTHS[m], d.year()),
        Lang::Ru => format!("{wd}, {} {} {}", d.day(), RU_MONTHS_GEN[m], d.year()),
        Lang::Ky => format!("{wd}, {}-{} {}", d.day(), KY_MONTHS[m], d.year()),
    }
}

/// A whole month: "November 2026", "ноябрь 2026", "2026-ж. ноябрь".
pub fn month(year: i16, month: i8, lang: Lang) -> String {
    let m = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => format!("{} {year}", EN_MONTHS[m]),
        Lang::Ru => format!("{} {year}", RU_MONTHS_NOM[m]),
        Lang::Ky => format!("{year}-ж. {}", KY_MONTHS[m]),
    }
}

/// "15:00", or "15:00:12" when the seconds matter.
fn clock(z: &Zoned) -> String {
    if z.second() == 0 {
        format!("{:02}:{:02}", z.hour(), z.minute())
    } else {
        format!("{:02}:{:02}:{:02}", z.hour(), z.minute(), z.second())
    }
}

/// A day and a time: "Fri, 27 November 2026, 15:00".
fn day_time(z: &Zoned, lang: Lang) -> String {
    format!("{}, {}", day(z.date(), lang), clock(z))
}

/// "(+06)", "(+05:30)", "(−03)", "(UTC)": the offset in effect at that instant.
pub fn offset_label(z: &Zoned) -> String {
    let secs = z.offset().seconds();
    if secs == 0 {
        return "(UTC)".to_string();
    }
    let sign = if secs < 0 { '−' } else { '+' };
    let (h, m) = (secs.unsigned_abs() / 3600, secs.unsigned_abs() % 3600 / 60);
    if m == 0 {
        format!("({sign}{h:02})")
    } else {
        format!("({sign}{h:02}:{m:02})")
    }
}

fn unknown(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "unknown",
        Lang::Ru => "неизвестно",
        Lang::Ky => "белгисиз",
    }
}

fn about(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "about",
        Lang::Ru => "около",
        Lang::Ky => "болжол менен",
    }
}

/// The part of the day a `PartOfDay` span covers, from its local start and end hours.
fn part_name(start: &Zoned, end: &Zoned, lang: Lang) -> &'static str {
    let i = match (start.hour(), end.hour()) {
        (6, _) => 0,
        (12, 13) => 4,
        (12, _) => 1,
        (18, _) => 2,
        _ => 3,
    };
    let names: [[&str; 5]; 3] = [
        ["morning", "afternoon", "evening", "night", "lunchtime"],
        ["утром", "днём", "вечером", "ночью", "в обед"],
        ["эртең менен", "түштөн кийин", "кечинде", "түнү", "түштө"],
    ];
    let row = match lang {
        Lang::En => 0,
        Lang::Ru => 1,
        Lang::Ky => 2,
    };
    names[row][i]
}

/// A recording time (when something was written to the vault): a UTC instant shown in the
/// local zone with weekday, minutes and offset: "Sat, 5 December 2026, 01:03 (+06)". The exact
/// instant (seconds, UTC) stays in the JSON and the logs' RFC 3339 fields.
pub fn recorded(ts: Timestamp, lang: Lang, tz: &TimeZone) -> String {
    let z = ts.to_zoned(tz.clone());
    format!(
        "{}, {:02}:{:02} {}",
        day(z.date(), lang),
        z.hour(),
        z.minute(),
        offset_label(&z)
    )
}

/// [`recorded`] from an RFC 3339 string as stored in the vault; the string itself if it is not
/// one (never fails, never hides what was stored).
pub fn recorded_str(rfc3339: &str, lang: Lang, tz: &TimeZone) -> String {
    match rfc3339.parse::<Timestamp>() {
        Ok(ts) => recorded(ts, lang, tz),
        Err(_) => rfc3339.to_string(),
    }
}

/// When something happened, for people, with its precision, on the clock it was written
/// with ([`Occurred::written_offset`]; `tz` when it has none), a time of day followed by that
/// clock's offset when the reader's zone `tz` has another ("15:00 (+06)"):
///
/// | precision | en | ru | ky |
/// |---|---|---|---|
/// | exact | Fri, 27 November 2026, 15:00 | пт, 27 ноября 2026, 15:00 | жм, 27-ноябрь 2026, 15:00 |
/// | approximate | Fri, 27 November 2026, about 15:00 | пт, 27 ноября 2026, около 15:00 | жм, 27-ноябрь 2026, болжол менен 15:00 |
/// | day | Fri, 27 November 2026 | пт, 27 ноября 2026 | жм, 27-ноябрь 2026 |
/// | part of day | Fri, 27 November 2026, evening | пт, 27 ноября 2026, вечером | жм, 27-ноябрь 2026, кечинде |
/// | range (a whole month) | November 2026 | ноябрь 2026 | 2026-ж. ноябрь |
/// | range (days) | Mon, 16 November 2026 – Sun, 22 November 2026 | … | … |
/// | range (times) | Fri, 27 November 2026, 14:00–16:00 | … | … |
/// | unknown | unknown | неизвестно | белгисиз |
///
/// An unreadable stored bound falls back to the user's own words.
pub fn occurred(o: &Occurred, lang: Lang, tz: &TimeZone) -> String {
    if o.precision == Precision::Unknown {
        return unknown(lang).to_string();
    }
    let (Some(s), Some(e)) = (o.start_ts(), o.end_ts()) else {
        return o.text.clone();
    };
    // On the clock it was written with: "21 November" recorded in Bishkek is the 21st in
    // Berlin too (converted, it read as the 20th — a wrong date for a lawyer abroad).
    let zone = o
        .written_offset()
        .map(TimeZone::fixed)
        .unwrap_or_else(|| tz.clone());
    let (s, e) = (s.to_zoned(zone.clone()), e.to_zoned(zone));
    let text = on_its_clock(o.precision, &s, &e, lang);
    // A time of day on a clock other than the reader's says whose.
    let clock_shown = match o.precision {
        Precision::Exact | Precision::Approximate => true,
        Precision::Range => !(is_day_start(&s) && is_day_end(&e)),
        _ => false,
    };
    if clock_shown && tz.to_offset(s.timestamp()) != s.offset() {
        format!("{text} {}", offset_label(&s))
    } else {
        text
    }
}

/// [`occurred`] with `s` and `e` already on the clock the date was written with.
fn on_its_clock(p: Precision, s: &Zoned, e: &Zoned, lang: Lang) -> String {
    match p {
        Precision::Unknown => unknown(lang).to_string(),
        Precision::Exact => day_time(s, lang),
        Precision::Approximate => {
            let half = jiff::SignedDuration::from_secs(
                (e.timestamp().as_second() - s.timestamp().as_second()) / 2,
            );
            let mid = s.checked_add(half).unwrap_or_else(|_| s.clone());
            format!("{}, {} {}", day(mid.date(), lang), about(lang), clock(&mid))
        }
        Precision::Day => day(s.date(), lang),
        Precision::PartOfDay => format!("{}, {}", day(s.date(), lang), part_name(s, e, lang)),
        Precision::Range => range(s, e, lang),
    }
}

fn is_day_start(z: &Zoned) -> bool {
    (z.hour(), z.minute(), z.second()) == (0, 0, 0)
}

fn is_day_end(z: &Zoned) -> bool {
    (z.hour(), z.minute(), z.second()) == (23, 59, 59)
}

fn range(s: &Zoned, e: &Zoned, lang: Lang) -> String {
    if is_day_start(s) && is_day_end(e) {
        let (a, b) = (s.date(), e.date());
        if a.day() == 1 && b == a.last_of_month() {
            return month(a.year(), a.month(), lang);
        }
        if a == b {
            return day(a, lang);
        }
        return format!("{} – {}", day(a, lang), day(b, lang));
    }
    if s.date() == e.date() {
        return format!("{}, {}–{}", day(s.date(), lang), clock(s), clock(e));
    }
    format!("{} – {}", day_time(s, lang), day_time(e, lang))
}

/// [`occurred`] plus, for a single day or time within the last two weeks, how long ago it is, counted in
/// calendar days from `now` in `now`'s zone: "Fri, 27 November 2026, about 15:00 (yesterday)".
/// Meant for the confirmation before saving, so that "last Friday" resolving to a day the
/// user did not mean is noticed.
pub fn occurred_relative(o: &Occurred, lang: Lang, now: &Zoned) -> String {
    let text = occurred(o, lang, now.time_zone());
    // A span of several days has no single "how long ago".
    if matches!(o.precision, Precision::Range | Precision::Unknown) {
        return text;
    }
    let Some(start) = o.start_ts() else {
        return text;
    };
    let start = start.to_zoned(now.time_zone().clone());
    let days = match now.date().since(start.date()) {
        Ok(span) => span.get_days(),
        Err(_) => return text,
    };
    let rel = match (lang, days) {
        (Lang::En, 0) => "today".to_string(),
        (Lang::En, 1) => "yesterday".to_string(),
        (Lang::En, 2..=13) => format!("{days} days ago"),
        (Lang::Ru, 0) => "сегодня".to_string(),
        (Lang::Ru, 1) => "вчера".to_string(),
        (Lang::Ru, 2) => "позавчера".to_string(),
        (Lang::Ru, 3..=4) => format!("{days} дня назад"),
        (Lang::Ru, 5..=13) => format!("{days} дней назад"),
        (Lang::Ky, 0) => "бүгүн".to_string(),
        (Lang::Ky, 1) => "кечээ".to_string(),
        (Lang::Ky, 2) => "мурдагы күнү".to_string(),
        (Lang::Ky, 3..=13) => format!("{days} күн мурун"),
        _ => return text,
    };
    format!("{text} ({rel})")
}
