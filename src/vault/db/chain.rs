//! The hash chain of revisions (table `revisions`): its head, reading a revision, and
//! `Db::append_revision`, the one way a revision is added (add, amend, delete, attach).

use rusqlite::{params, Connection, OptionalExtension};

use super::incidents::row_to_revision;
use super::{to32, Db, Result};
use crate::model::chain::{Op, Revision, ZERO_HASH};

impl Db {
    fn chain_head(tx: &rusqlite::Transaction<'_>) -> Result<(u64, [u8; 32])> {
        let row: Option<(i64, Vec<u8>)> = tx
            .query_row(
                "SELECT seq, hash FROM revisions ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            Some((seq, h)) => (seq as u64, to32(&h)?),
            None => (0, ZERO_HASH),
        })
    }

    fn insert_revision(tx: &rusqlite::Transaction<'_>, r: &Revision) -> Result<()> {
        tx.execute(
            "INSERT INTO revisions(seq, incident_id, op, at, body, body_hash, incident_prev, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                r.seq as i64,
                r.incident_id,
                r.op.as_str(),
                r.at,
                r.body,
                &r.body_hash[..],
                &r.incident_prev[..],
                &r.prev_hash[..],
                &r.hash[..]
            ],
        )?;
        Ok(())
    }

    /// The revision with sequence number `seq`.
    pub(crate) fn revision_at(conn: &Connection, seq: i64) -> Result<Revision> {
        conn.query_row(
            "SELECT seq, incident_id, op, at, body, body_hash, incident_prev, prev_hash, hash
             FROM revisions WHERE seq = ?1",
            [seq],
            row_to_revision,
        )?
    }

    /// Append a revision of `incident_id` to the chain, in the caller's transaction: its
    /// sequence number and chain link come from the current head; `incident_prev` is the
    /// hash of the incident's previous revision (`ZERO_HASH` for a new incident).
    pub(crate) fn append_revision(
        tx: &rusqlite::Transaction<'_>,
        incident_id: &str,
        op: Op,
        at: &str,
        body: Option<String>,
        incident_prev: [u8; 32],
    ) -> Result<Revision> {
        let (seq, prev) = Self::chain_head(tx)?;
        let rev = Revision::new(seq + 1, incident_id, op, at, body, incident_prev, prev);
        Self::insert_revision(tx, &rev)?;
        Ok(rev)
    }

    /// The newest revision's sequence number and hash.
    pub fn head(&self) -> Result<(u64, [u8; 32])> {
        let row: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT seq, hash FROM revisions ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            Some((s, h)) => (s as u64, to32(&h)?),
            None => (0, ZERO_HASH),
        })
    }
}
