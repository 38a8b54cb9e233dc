//! Incidents per category per month (`sandyk stats`). Pure: the time zone is a parameter.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::Timestamp;

/// One cell: a month (`YYYY-MM` in the given zone; None for incidents with an unknown date),
/// a category id and how many incidents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MonthCount {
    pub month: Option<String>,
    pub category: String,
    pub incidents: u64,
}

/// Group (category, start) pairs by month and category: months in order (unknown last),
/// within a month the most frequent category first, then by id.
pub fn per_month(rows: &[(String, Option<i64>)], tz: &TimeZone) -> Vec<MonthCount> {
    let mut m: BTreeMap<(Option<String>, String), u64> = BTreeMap::new();
    for (cat, start) in rows {
        let month = start
            .and_then(|s| Timestamp::from_second(s).ok())
            .map(|t| t.to_zoned(tz.clone()).strftime("%Y-%m").to_string());
        *m.entry((month, cat.clone())).or_default() += 1;
    }
    let mut out: Vec<MonthCount> = m
        .into_iter()
        .map(|((month, category), incidents)| MonthCount {
            month,
            category,
            incidents,
        })
        .collect();
    out.sort_by(|a, b| {
        (
            a.month.is_none(),
            &a.month,
            std::cmp::Reverse(a.incidents),
            &a.category,
        )
            .cmp(&(
                b.month.is_none(),
                &b.month,
                std::cmp::Reverse(b.incidents),
                &b.category,
            ))
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
        assert_eq!(p[0].month.as_deref(), Some("2026-10"));
        assert_eq!(
            (
                p[1].month.as_deref(),
                p[1].category.as_str(),
                p[1].incidents
            ),
            (Some("2026-11"), "followed", 2)
        );
        assert_eq!(
            (p[2].month.as_deref(), p[2].category.as_str()),
            (Some("2026-11"), "raid")
        );
        assert_eq!(p[3].month, None);
        assert!(per_month(&[], &tz).is_empty());
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
