//! Counts for `sandyk stats`: the category and `occurred` start of every live incident
//! (the `incidents` table's own columns; no incident body is read).

use super::{Db, Result};

impl Db {
    /// (category, occurred start in Unix seconds) of every live incident; None for an
    /// unknown date.
    pub fn category_starts(&self) -> Result<Vec<(String, Option<i64>)>> {
        let mut st = self
            .conn
            .prepare("SELECT category, occurred_start FROM incidents WHERE deleted_at IS NULL")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}
