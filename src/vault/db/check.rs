//! The integrity check of the database and the hash chain.

use super::incidents::row_to_revision;
use super::{Db, Result};
use crate::model::chain::{self, ChainProblem};

impl Db {
    /// Full check: SQLCipher page HMACs, SQLite structure, the hash chain, and that the
    /// incident table agrees with the chain. Returns a list of problems (empty: all good).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = vec![];
        let mut st = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        for r in st.query_map([], |r| r.get::<_, String>(0))? {
            problems.push(format!("cipher_integrity_check: {}", r?));
        }
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        for r in st.query_map([], |r| r.get::<_, String>(0))? {
            let r = r?;
            if r != "ok" {
                problems.push(format!("integrity_check: {r}"));
            }
        }
        let mut st = self.conn.prepare(
            "SELECT seq, incident_id, op, at, body, body_hash, incident_prev, prev_hash, hash FROM revisions ORDER BY seq",
        )?;
        let mut revs = vec![];
        for r in st.query_map([], row_to_revision)? {
            match r? {
                Ok(rev) => revs.push(rev),
                Err(e) => problems.push(format!("revision unreadable: {e}")),
            }
        }
        let mut heads: std::collections::HashMap<String, u64> = Default::default();
        for r in &revs {
            // The entity merges record is not an incident (checked below).
            if r.incident_id != crate::model::entities::MERGES_RECORD {
                heads.insert(r.incident_id.clone(), r.seq);
            }
        }
        if let Err(ps) = chain::verify_full(revs) {
            problems.extend(ps.iter().map(ChainProblem::to_string));
        }
        let mut st = self.conn.prepare("SELECT id, head_seq FROM incidents")?;
        let mut seen = 0usize;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (id, head) = row?;
            seen += 1;
            if heads.get(&id).copied() != Some(head as u64) {
                problems.push(format!(
                    "incident {id}: its current state is not its newest revision"
                ));
            }
        }
        if seen != heads.len() {
            problems.push("the incident table and the revisions disagree".into());
        }
        match self.check_merges() {
            Ok(p) => problems.extend(p),
            Err(e) => problems.push(format!("entity merges unreadable: {e}")),
        }
        Ok(problems)
    }
}
