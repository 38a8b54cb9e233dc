//! Counts for `sandyk stats`: the category and `occurred` start of every live incident
//! (a covering index of the `incidents` table's own columns; no incident body is read).

use super::{Db, Result};

/// `stats` reads the category and start of every live incident from this index alone (a
/// covering scan, about half the pages of the table).
pub(crate) const STATS_MIGRATION: &str = r#"
    CREATE INDEX incidents_live_by_category_start
        ON incidents(category, occurred_start, deleted_at) WHERE deleted_at IS NULL;
"#;

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
}
