//! Incidents per category per month (`sandyk stats`). Pure: the time zone is a parameter.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The period counts are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// `YYYY-MM`.
    Month,
    /// ISO 8601 week, Monday to Sunday: `YYYY-Www` (the week's year, which may differ from
    /// the calendar year around New Year).
    Week,
}

/// The period of a start time as a number (`year * 100 + month` or `ISO year * 100 +
/// week`); None for an unknown date.
fn period_number(start: Option<i64>, tz: &TimeZone, per: Per) -> Option<i32> {
    // The civil date in the zone, without building a `Zoned` (which clones the zone) per row.
    let d = tz.to_datetime(Timestamp::from_second(start?).ok()?).date();
    Some(match per {
        Per::Month => d.year() as i32 * 100 + d.month() as i32,
        Per::Week => {
            let w = d.iso_week_date();
            w.year() as i32 * 100 + w.week() as i32
        }
    })
}

fn period_text(n: i32, per: Per) -> String {
    match per {
        Per::Month => format!("{:04}-{:02}", n / 100, n % 100),
        Per::Week => format!("{:04}-W{:02}", n / 100, n % 100),
    }
}

/// The period of a start time in the zone; None for an unknown date.
pub fn period_of(start: Option<i64>, tz: &TimeZone, per: Per) -> Option<String> {
    period_number(start, tz, per).map(|n| period_text(n, per))
}

/// One cell: a period (None for incidents with an unknown date), what is counted (a
/// category id, an entity) and how many incidents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Count<K> {
    pub period: Option<String>,
    pub key: K,
    pub incidents: u64,
}

/// Incidents per category per month (the first `stats`; kept for its callers).
pub type MonthCount = Count<String>;

/// Group (key, start) pairs by period and key: periods in order (unknown last), within a
/// period the most frequent first, then by key.
pub fn per_period<K: Ord + Clone + std::hash::Hash>(
    rows: &[(K, Option<i64>)],
    tz: &TimeZone,
    per: Per,
) -> Vec<Count<K>> {
    // Counted by period number and borrowed key (no string per row); the texts are made
    // once per cell. One zone conversion per row.
    let mut m: std::collections::HashMap<(Option<i32>, &K), u64> = Default::default();
    for (key, start) in rows {
        *m.entry((period_number(*start, tz, per), key)).or_default() += 1;
    }
    let mut out: Vec<Count<K>> = m
        .into_iter()
        .map(|((period, key), incidents)| Count {
            period: period.map(|n| period_text(n, per)),
            key: key.clone(),
            incidents,
        })
        .collect();
    out.sort_by(|a, b| {
        (
            a.period.is_none(),
            &a.period,
            std::cmp::Reverse(a.incidents),
            &a.key,
        )
            .cmp(&(
                b.period.is_none(),
                &b.period,
                std::cmp::Reverse(b.incidents),
                &b.key,
            ))
    });
    out
}

/// Incidents per category per month.
pub fn per_month(rows: &[(String, Option<i64>)], tz: &TimeZone) -> Vec<MonthCount> {
    per_period(rows, tz, Per::Month)
}

/// When a count "rose sharply" (`docs/incident-model.md`, "Counts"): in the last
/// `recent_days` (ending now) there were at least `min_recent` incidents, and their rate per
/// day is at least `factor` times the rate in the `before_days` just before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RiseRule {
    pub recent_days: i64,
    pub before_days: i64,
    pub min_recent: u64,
    pub factor: u64,
}

/// The rule `sandyk stats` flags by: the last 4 weeks against the 12 weeks before, at least
/// 3 incidents and at least twice the earlier rate.
pub const RISE: RiseRule = RiseRule {
    recent_days: 28,
    before_days: 84,
    min_recent: 3,
    factor: 2,
};

/// The two windows of a rule at `now` (Unix seconds): `[before_from, recent_from)` and
/// `[recent_from, until]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Windows {
    pub before_from: i64,
    pub recent_from: i64,
    pub until: i64,
}

impl RiseRule {
    pub fn windows(&self, now: i64) -> Windows {
        let recent_from = now.saturating_sub(self.recent_days * 86_400);
        Windows {
            before_from: recent_from.saturating_sub(self.before_days * 86_400),
            recent_from,
            until: now,
        }
    }

    /// Whether `recent` incidents in the recent window against `before` in the earlier one
    /// is a sharp rise.
    pub fn is_rise(&self, recent: u64, before: u64) -> bool {
        recent >= self.min_recent
            && (recent as u128) * (self.before_days as u128)
                >= (self.factor as u128) * (before as u128) * (self.recent_days as u128)
    }
}

/// A key whose count rose sharply.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rise<K> {
    pub key: K,
    /// Incidents in the recent window.
    pub recent: u64,
    /// Incidents in the window before it.
    pub before: u64,
}

/// The keys of (key, start) pairs that rose sharply at `now` by `rule`, the most recent
/// incidents first. Incidents with an unknown date or after `now` are not counted.
pub fn rises<K: Ord + Clone>(rows: &[(K, Option<i64>)], now: i64, rule: &RiseRule) -> Vec<Rise<K>> {
    let w = rule.windows(now);
    let mut m: BTreeMap<K, (u64, u64)> = BTreeMap::new();
    for (key, start) in rows {
        match start {
            Some(t) if *t >= w.recent_from && *t <= w.until => {
                m.entry(key.clone()).or_default().0 += 1
            }
            Some(t) if *t >= w.before_from && *t < w.recent_from => {
                m.entry(key.clone()).or_default().1 += 1
            }
            _ => {}
        }
    }
    rises_of(m.into_iter().map(|(k, (r, b))| (k, r, b)), rule)
}

/// The sharp rises among (key, recent, before) counts, the most recent incidents first.
pub fn rises_of<K: Ord>(
    counts: impl IntoIterator<Item = (K, u64, u64)>,
    rule: &RiseRule,
) -> Vec<Rise<K>> {
    let mut out: Vec<Rise<K>> = counts
        .into_iter()
        .filter(|(_, r, b)| rule.is_rise(*r, *b))
        .map(|(key, recent, before)| Rise {
            key,
            recent,
            before,
        })
        .collect();
    out.sort_by(|a, b| {
        (std::cmp::Reverse(a.recent), &a.key).cmp(&(std::cmp::Reverse(b.recent), &b.key))
    });
    out
}

/// A bar of `value / max` of `width` cells in Unicode eighth blocks (at least one eighth
/// for a non-zero value).
pub fn bar(value: u64, max: u64, width: usize) -> String {
    if max == 0 || value == 0 || width == 0 {
        return String::new();
    }
    let eighths = ((value as u128 * width as u128 * 8) / max as u128).max(1) as usize;
    let eighths = eighths.min(width * 8);
    let mut s = "█".repeat(eighths / 8);
    const PART: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PART[eighths % 8]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_the_zone_unknown_last() {
        let tz = TimeZone::fixed(jiff::tz::offset(6));
        // 2026-10-31T19:00Z is 2026-11-01 01:00 in +06.
        let ts = |s: &str| Some(s.parse::<Timestamp>().unwrap().as_second());
        let rows = vec![
            ("raid".to_owned(), ts("2026-10-31T19:00:00Z")),
            ("followed".to_owned(), ts("2026-11-05T10:00:00Z")),
            ("followed".to_owned(), ts("2026-11-06T10:00:00Z")),
            ("other".to_owned(), None),
            ("followed".to_owned(), ts("2026-10-01T10:00:00Z")),
        ];
        let p = per_month(&rows, &tz);
        assert_eq!(p.len(), 4);
        assert_eq!(p[0].period.as_deref(), Some("2026-10"));
        assert_eq!(
            (p[1].period.as_deref(), p[1].key.as_str(), p[1].incidents),
            (Some("2026-11"), "followed", 2)
        );
        assert_eq!(
            (p[2].period.as_deref(), p[2].key.as_str()),
            (Some("2026-11"), "raid")
        );
        assert_eq!(p[3].period, None);
        assert!(per_month(&[], &tz).is_empty());
    }

    #[test]
    fn iso_weeks_in_the_zone() {
        let tz = TimeZone::fixed(jiff::tz::offset(6));
        let ts = |s: &str| Some(s.parse::<Timestamp>().unwrap().as_second());
        // Sunday 2026-11-29 20:00Z is Monday 2026-11-30 02:00 in +06: week 49.
        assert_eq!(
            period_of(ts("2026-11-29T20:00:00Z"), &tz, Per::Week).as_deref(),
            Some("2026-W49")
        );
        assert_eq!(
            period_of(ts("2026-11-29T10:00:00Z"), &tz, Per::Week).as_deref(),
            Some("2026-W48")
        );
        // 2027-01-01 is a Friday: ISO week 53 of 2026.
        assert_eq!(
            period_of(ts("2027-01-01T10:00:00Z"), &tz, Per::Week).as_deref(),
            Some("2026-W53")
        );
        assert_eq!(period_of(None, &tz, Per::Week), None);
        let rows = vec![
            ("a", ts("2026-11-23T10:00:00Z")),
            ("a", ts("2026-11-24T10:00:00Z")),
            ("b", ts("2026-11-30T10:00:00Z")),
        ];
        let p = per_period(&rows, &tz, Per::Week);
        assert_eq!(
            p.iter()
                .map(|c| (c.period.as_deref().unwrap(), c.key, c.incidents))
                .collect::<Vec<_>>(),
            [("2026-W48", "a", 2), ("2026-W49", "b", 1)]
        );
    }

    #[test]
    fn rise_rule() {
        let r = RISE;
        assert!(!r.is_rise(2, 0), "too few to mean anything");
        assert!(r.is_rise(3, 0));
        // 12 in 12 weeks is 4 per 4 weeks: 8 is twice that, 7 is not.
        assert!(r.is_rise(8, 12));
        assert!(!r.is_rise(7, 12));
        assert!(!r.is_rise(0, 0));
        assert!(!r.is_rise(u64::MAX / 2, u64::MAX));
        let day = 86_400;
        let now = 1_000 * day;
        let rows: Vec<(&str, Option<i64>)> = vec![
            // "up": 4 in the last 4 weeks, 1 before.
            ("up", Some(now - day)),
            ("up", Some(now - 2 * day)),
            ("up", Some(now - 3 * day)),
            ("up", Some(now - 27 * day)),
            ("up", Some(now - 50 * day)),
            // "flat": 3 recent, 9 before (same rate).
            ("flat", Some(now - day)),
            ("flat", Some(now - 2 * day)),
            ("flat", Some(now - 3 * day)),
            ("flat", None),
            ("flat", Some(now + day)),       // in the future: not counted
            ("flat", Some(now - 200 * day)), // before both windows
        ];
        let mut rows = rows;
        for i in 0..9 {
            rows.push(("flat", Some(now - (30 + i * 9) * day)));
        }
        let got = rises(&rows, now, &r);
        assert_eq!(
            got,
            [Rise {
                key: "up",
                recent: 4,
                before: 1
            }]
        );
        assert!(rises::<&str>(&[], now, &r).is_empty());
    }

    #[test]
    fn bars_are_bounded() {
        assert_eq!(bar(0, 10, 40), "");
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(1, 1_000_000, 4), "▏");
        assert_eq!(bar(3, 16, 2), "▍");
        assert_eq!(bar(u64::MAX, u64::MAX, 43).chars().count(), 43);
        assert_eq!(bar(20, 10, 4).chars().count(), 4);
    }
}
