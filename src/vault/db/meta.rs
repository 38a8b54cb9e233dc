//! The `meta` table (vault id, creation time, signing key, pending key-file intent), the
//! key-slot labels (the key file itself is owned by `vault::keyfile`) and categories.

use jiff::Zoned;
use rusqlite::{params, OptionalExtension};

use super::{now_utc, Db, DbError, Result};
use crate::vault::keyfile::SlotKind;

/// The `meta` key under which a pending key-file change records its label changes.
pub const KEYFILE_INTENT: &str = "keyfile_intent";

/// Changes to the key-slot labels that go with a key-file change.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LabelChange {
    #[serde(default)]
    pub remove_all: bool,
    #[serde(default)]
    pub remove: Vec<usize>,
    /// (slot, kind, label); the kind is stored as its label string (`SlotKind::label`).
    #[serde(default)]
    pub set: Vec<(usize, SlotKind, String)>,
}

impl Db {
    // ---- meta ----

    pub fn meta_get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn meta_set(&self, key: &str, value: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    // ---- key slot labels (the key file itself is owned by `keyfile`) ----

    /// The key-slot labels: (slot, kind, label, created), by slot. A kind this version does
    /// not know is damage.
    pub fn slot_labels(&self) -> Result<Vec<(usize, SlotKind, String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT idx, kind, label, created FROM keyslots ORDER BY idx")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)? as usize,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })?;
        let mut out = vec![];
        for row in rows {
            let (i, kind, label, created) = row?;
            let kind = SlotKind::from_label(&kind).ok_or(DbError::Damaged)?;
            out.push((i, kind, label, created));
        }
        Ok(out)
    }

    pub fn slot_set(&self, idx: usize, kind: SlotKind, label: &str, now: &Zoned) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO keyslots(idx, kind, label, created) VALUES (?1, ?2, ?3, ?4)",
            params![idx as i64, kind.label(), label, now_utc(now)],
        )?;
        Ok(())
    }

    /// Apply a label change in one transaction, and forget the pending key-file intent.
    pub fn apply_label_change(&mut self, c: &LabelChange, at: &str) -> Result<()> {
        let tx = self.begin()?;
        if c.remove_all {
            tx.execute("DELETE FROM keyslots", [])?;
        }
        for i in &c.remove {
            tx.execute("DELETE FROM keyslots WHERE idx = ?1", [*i as i64])?;
        }
        for (idx, kind, label) in &c.set {
            tx.execute(
                "INSERT OR REPLACE INTO keyslots(idx, kind, label, created) VALUES (?1, ?2, ?3, ?4)",
                params![*idx as i64, kind.label(), label, at],
            )?;
        }
        tx.execute("DELETE FROM meta WHERE key = ?1", [KEYFILE_INTENT])?;
        // Labels removed or replaced: their old text is in the journal now. The scrub runs at
        // the next open, not here: this is the last step of a key-file change, whose caller
        // takes any error for "labels unchanged" and puts the previous key file back.
        super::journal::mark_scrub_pending(&tx)?;
        tx.commit()?;
        Ok(())
    }

    pub fn meta_delete(&self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [key])?;
        Ok(())
    }

    /// Remove a slot's label (its text is destroyed: the journal is scrubbed at the next
    /// open, as for `apply_label_change`).
    pub fn slot_remove(&self, idx: usize) -> Result<()> {
        let remove = |db: &Db| {
            db.conn
                .execute("DELETE FROM keyslots WHERE idx = ?1", [idx as i64])?;
            super::journal::mark_scrub_pending(&db.conn)
        };
        if self.conn.is_autocommit() {
            self.in_transaction(remove)
        } else {
            remove(self)
        }
    }

    // ---- categories ----

    pub fn category_exists(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM categories WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub fn category_add(&self, id: &str, label: &str, now: &Zoned) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO categories(id, label, created) VALUES (?1, ?2, ?3)",
            params![id, label, now_utc(now)],
        )?;
        Ok(())
    }

    pub fn categories(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT id, label FROM categories ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}
