//! Counts for `sandyk stats`: the category and `occurred` start of every live incident
//! (a covering index of the `incidents` table's own columns; no incident body is read).

use rusqlite::{params, OptionalExtension};

use super::{Db, Result};

/// `stats` reads the category and start of every live incident from this index alone (a
/// covering scan, about half the pages of the table).
pub(crate) const STATS_MIGRATION: &str = r#"
    CREATE INDEX incidents_live_by_category_start
        ON incidents(category, occurred_start, deleted_at) WHERE deleted_at IS NULL;
"#;

/// How many live incidents of category ?1 start in `[?2, ?3)`: one range of the index.
const CATEGORY_RANGE_SQL: &str = "SELECT count(*) FROM incidents
     INDEXED BY incidents_live_by_category_start
     WHERE deleted_at IS NULL AND category = ?1 AND occurred_start >= ?2 AND occurred_start < ?3";

impl Db {
    /// (category, occurred start in Unix seconds) of every live incident; None for an
    /// unknown date.
    pub fn category_starts(&self) -> Result<Vec<(String, Option<i64>)>> {
        let mut st = self.conn.prepare(
            "SELECT category, occurred_start FROM incidents
                 INDEXED BY incidents_live_by_category_start WHERE deleted_at IS NULL",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Whether the vault has a live incident.
    pub fn has_live_incidents(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM incidents INDEXED BY incidents_live_by_category_start
                 WHERE deleted_at IS NULL LIMIT 1",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// For each category with at least `min_recent` live incidents starting in
    /// `[recent_from, until]`: (category, that count, the count in `[before_from,
    /// recent_from)`) — what the rise rule of `stats` needs (`model::stats::rises_of`), read
    /// as two short ranges of the category index per category instead of a scan of every
    /// incident.
    pub fn category_window_counts(
        &self,
        before_from: i64,
        recent_from: i64,
        until: i64,
        min_recent: u64,
    ) -> Result<Vec<(String, u64, u64)>> {
        // The categories, one index seek each (the index is ordered by category first).
        let mut first = self.conn.prepare_cached(
            "SELECT category FROM incidents INDEXED BY incidents_live_by_category_start
             WHERE deleted_at IS NULL ORDER BY category LIMIT 1",
        )?;
        let mut next = self.conn.prepare_cached(
            "SELECT category FROM incidents INDEXED BY incidents_live_by_category_start
             WHERE deleted_at IS NULL AND category > ?1 ORDER BY category LIMIT 1",
        )?;
        let mut count = self.conn.prepare_cached(CATEGORY_RANGE_SQL)?;
        let mut out = vec![];
        let mut cat: Option<String> = first.query_row([], |r| r.get(0)).optional()?;
        while let Some(c) = cat {
            // `until` is inclusive: the end of the half-open range is one second later.
            let recent: i64 = count
                .query_row(params![c, recent_from, until.saturating_add(1)], |r| {
                    r.get(0)
                })?;
            if recent as u64 >= min_recent {
                let before: i64 =
                    count.query_row(params![c, before_from, recent_from], |r| r.get(0))?;
                out.push((c.clone(), recent as u64, before as u64));
            }
            cat = next.query_row([&c], |r| r.get(0)).optional()?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::DataKey;
    use crate::model::incident::IncidentInput;
    use crate::model::stats::{rises, rises_of, RISE};
    use crate::vault::db::Mode;

    /// The windowed counts give exactly the rises the scan of every incident gives — with
    /// incidents on both edges of both windows, an undated one, a deleted one, and several
    /// categories, some of which rose.
    #[test]
    fn window_counts_equal_the_full_scan() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let now: jiff::Zoned = "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap();
        assert!(!db.has_live_incidents().unwrap());
        let w = RISE.windows(now.timestamp().as_second());
        let at = |t: i64| {
            jiff::Timestamp::from_second(t)
                .unwrap()
                .to_zoned(now.time_zone().clone())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        };
        let mut inputs = vec![];
        let mut push = |cat: &str, occurred: String| {
            let v = serde_json::json!({"title": "t", "category": cat, "occurred": occurred});
            inputs.push(serde_json::from_value::<IncidentInput>(v).unwrap());
        };
        // followed: 4 recent (one on each edge), 1 before → a rise.
        for t in [w.recent_from, w.recent_from + 3600, w.until - 60, w.until] {
            push("followed", at(t));
        }
        push("followed", at(w.recent_from - 1));
        // summons: 3 recent, 9 before → not a rise; one just before the earlier window.
        for i in 0..3 {
            push("summons", at(w.recent_from + 86_400 * i));
        }
        for i in 0..9 {
            push("summons", at(w.before_from + 86_400 * i));
        }
        push("summons", at(w.before_from - 1));
        // other: 2 recent (below the minimum) and an undated one.
        push("other", at(w.recent_from + 7200));
        push("other", at(w.recent_from + 9000));
        push("other", "unknown".to_owned());
        // raid: 3 recent, one of which is deleted below.
        for i in 0..3 {
            push("raid", at(w.until - 86_400 * (i + 1)));
        }
        let ids = db.add(inputs, &now).unwrap();
        db.delete(ids.last().unwrap(), &now).unwrap();

        let got = rises_of(
            db.category_window_counts(w.before_from, w.recent_from, w.until, RISE.min_recent)
                .unwrap(),
            &RISE,
        );
        let want = rises(&db.category_starts().unwrap(), w.until, &RISE);
        assert_eq!(got, want);
        let keys: Vec<(&str, u64, u64)> = got
            .iter()
            .map(|r| (r.key.as_str(), r.recent, r.before))
            .collect();
        assert_eq!(
            keys,
            [("followed", 4, 1)],
            "the one rise, counted on both edges"
        );
        assert!(db.has_live_incidents().unwrap());
        // A range of the index per category, not a scan of it.
        let plan: String = db
            .conn
            .query_row(
                &format!("EXPLAIN QUERY PLAN {CATEGORY_RANGE_SQL}"),
                params!["followed", 0, 1],
                |r| r.get(3),
            )
            .unwrap();
        assert!(
            plan.contains("(category=? AND occurred_start>? AND occurred_start<?)"),
            "{plan}"
        );
    }
}
