//! Drafts (table `drafts`): an unfinished incident from the guided form, kept inside the
//! encrypted database when the form is interrupted (Ctrl-C, Ctrl-D, "not now"), never as a
//! file. The body is opaque JSON written by the form. Discarding or replacing a draft's body
//! is a destruction like deleting an incident: `secure_delete` overwrites the freed pages and
//! the persistent journal, which still holds the old pages after the commit, is scrubbed
//! (vault/db/journal.rs).

use jiff::Zoned;
use rusqlite::params;

use super::{now_utc, Db, Result};

/// A kept draft: its id, when it was first kept and last updated (RFC 3339 UTC), its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: i64,
    pub created: String,
    pub updated: String,
    pub body: String,
}

impl Db {
    /// Keep a draft: a new one (`id` None) or replace the body of an existing one. Returns
    /// its id.
    pub fn draft_save(&mut self, id: Option<i64>, body: &str, now: &Zoned) -> Result<i64> {
        let at = now_utc(now);
        let (id, replaced) = self.write(|tx| {
            if let Some(id) = id {
                let n = tx.execute(
                    "UPDATE drafts SET body = ?1, updated = ?2 WHERE id = ?3",
                    params![body, at, id],
                )?;
                if n == 1 {
                    // The previous body is now in the journal only.
                    super::journal::mark_scrub_pending(tx)?;
                    return Ok((id, true));
                }
            }
            tx.execute(
                "INSERT INTO drafts(created, updated, body) VALUES (?1, ?1, ?2)",
                params![at, body],
            )?;
            Ok((tx.last_insert_rowid(), false))
        })?;
        if replaced {
            self.destroyed()?;
        }
        Ok(id)
    }

    /// Every kept draft, oldest first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let mut st = self
            .conn
            .prepare("SELECT id, created, updated, body FROM drafts ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(Draft {
                id: r.get(0)?,
                created: r.get(1)?,
                updated: r.get(2)?,
                body: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Remove a draft (after its incident was saved, or when the user discards it).
    pub fn draft_delete(&mut self, id: i64) -> Result<()> {
        let removed = self.write(|tx| {
            let n = tx.execute("DELETE FROM drafts WHERE id = ?1", [id])?;
            if n > 0 {
                super::journal::mark_scrub_pending(tx)?;
            }
            Ok(n > 0)
        })?;
        if removed {
            self.destroyed()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::crypto::secret::DataKey;
    use crate::vault::db::{Db, Mode};

    #[test]
    fn drafts_roundtrip() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let now: jiff::Zoned = "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap();
        assert!(db.drafts().unwrap().is_empty());
        let id = db.draft_save(None, "{\"title\":\"a\"}", &now).unwrap();
        assert_eq!(
            db.draft_save(Some(id), "{\"title\":\"b\"}", &now).unwrap(),
            id
        );
        let all = db.drafts().unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].body, "{\"title\":\"b\"}");
        db.draft_delete(id).unwrap();
        assert!(db.drafts().unwrap().is_empty());
    }

    /// Replacing and discarding a draft destroy its old body: the persistent journal, which
    /// holds the old pages after the commit, is overwritten (as after an incident delete).
    #[test]
    fn replaced_and_discarded_drafts_leave_nothing_in_the_journal() {
        use crate::vault::db::journal::test_support::{nonzero, SCRUB_TX_MAX};
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let now: jiff::Zoned = "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap();
        let body = |w: &str| format!("{{\"narrative\":\"{}\"}}", format!("{w} ").repeat(40_000));
        let id = db.draft_save(None, &body("first"), &now).unwrap();
        let j = db.journal_path().unwrap();
        db.draft_save(Some(id), &body("second"), &now).unwrap();
        assert!(!db.scrub_pending().unwrap());
        assert!(
            std::fs::metadata(&j).unwrap().len() > 200_000,
            "the replace was journaled"
        );
        assert!(
            nonzero(&j) <= SCRUB_TX_MAX,
            "after replacing a draft the journal holds {} non-zero bytes",
            nonzero(&j)
        );
        db.draft_delete(id).unwrap();
        assert!(!db.scrub_pending().unwrap());
        assert!(
            nonzero(&j) <= SCRUB_TX_MAX,
            "after discarding a draft the journal holds {} non-zero bytes",
            nonzero(&j)
        );
    }
}
