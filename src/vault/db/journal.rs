//! The rollback journal and the connection's security settings.
//!
//! Every write transaction copies the pages it changes, as they were (encrypted under the
//! data key), into `sandyk.db-journal`. With `journal_mode = DELETE` SQLite unlinked that
//! file after each commit, and its blocks went to the file system's free space, where the
//! data key decrypted them to deleted incidents (issue 12). So the journal is persistent
//! (`journal_mode = PERSIST`: never unlinked, never truncated; SQLite zeroes its header at
//! each commit), and after every commit that destroys content the whole file is overwritten
//! with zeros in place (same inode, no truncation) and synced, under the write lock:
//!
//! 1. the destroying transaction also sets the meta flag [`SCRUB_PENDING`];
//! 2. after its commit, a second transaction (`BEGIN IMMEDIATE`: any hot journal has been
//!    rolled back, no other writer can start) overwrites the journal before it changes any
//!    page, syncs it, then clears the flag and commits;
//! 3. every read-write open that finds the flag set (a crash between 1 and 2) scrubs.
//!
//! A journal overwritten this way is never hot: its header was zeroed by the commit before.
//! See docs/format.md ("Journal") and SECURITY.md for what this holds against, and where not.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Db, DbError, Mode, Result};

/// The meta key set by a transaction that destroyed content, cleared once the journal has
/// been overwritten.
pub const SCRUB_PENDING: &str = "journal_scrub_pending";

/// The journal mode of a database file opened for writing.
pub const JOURNAL_MODE: &str = "persist";

/// Record, inside a destroying transaction, that the journal must be scrubbed after it.
pub(crate) fn mark_scrub_pending(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?1, X'01')
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [SCRUB_PENDING],
    )?;
    Ok(())
}

/// Overwrite the whole file at `path` with zeros in place (no truncation, no new inode,
/// symlinks refused) and sync it. Returns the bytes overwritten; a missing file is 0.
pub fn overwrite_in_place(path: &Path) -> std::io::Result<u64> {
    let f = match std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("the journal is not a regular file"));
    }
    let len = meta.len();
    crate::fsio::write_zeros(&f, 0, len)?;
    (&f).flush()?;
    f.sync_all()?;
    Ok(len)
}

/// A handle on the journal taken before the connection's first read, which rolls back a
/// hot journal (in DELETE mode: `PRAGMA journal_mode` itself reads the schema) and unlinks
/// it. [`zero_if_unlinked`] then overwrites that file's blocks before they are freed.
pub(crate) fn hold(db_path: &Path) -> Option<std::fs::File> {
    let j = PathBuf::from(format!("{}-journal", db_path.display()));
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
        .open(j)
        .ok()
        .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))
}

/// Overwrite the held journal with zeros if SQLite unlinked it (nobody can open it again).
pub(crate) fn zero_if_unlinked(held: Option<std::fs::File>) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Some(f) = held else { return Ok(()) };
    let m = f.metadata().map_err(DbError::Journal)?;
    if m.nlink() != 0 {
        return Ok(());
    }
    crate::fsio::write_zeros(&f, 0, m.len()).map_err(DbError::Journal)?;
    f.sync_all().map_err(DbError::Journal)
}

/// One security setting: the PRAGMA and the value it must read back as (lower case).
type Setting = (&'static str, String);

/// The settings every connection must show after `configure`.
pub(crate) fn expected_settings(mode: Mode, in_memory: bool) -> Vec<Setting> {
    let mut v: Vec<Setting> = vec![
        ("cipher_memory_security", "1".into()),
        ("cipher_log_level", "none".into()),
        ("secure_delete", "1".into()),
        ("temp_store", "2".into()),
        ("synchronous", "2".into()),
        ("foreign_keys", "1".into()),
        ("journal_size_limit", "-1".into()),
    ];
    if mode != Mode::ReadOnly {
        let jm = if in_memory { "memory" } else { JOURNAL_MODE };
        v.push(("journal_mode", jm.into()));
    }
    v
}

/// The first setting whose value (as read back) differs from the expected one.
pub(crate) fn first_mismatch(
    expected: &[Setting],
    mut read: impl FnMut(&str) -> Option<String>,
) -> Option<&'static str> {
    expected
        .iter()
        .find(|(name, want)| read(name).as_deref() != Some(want.as_str()))
        .map(|(name, _)| *name)
}

/// A PRAGMA's current value, lower case (None when it cannot be read).
fn read_pragma(conn: &Connection, name: &str) -> Option<String> {
    use rusqlite::types::Value;
    let v: Value = conn
        .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .ok()?;
    match v {
        Value::Integer(n) => Some(n.to_string()),
        Value::Text(s) => Some(s.to_ascii_lowercase()),
        _ => None,
    }
}

/// Read back every security setting; refuse (typed error) if any did not take.
pub(crate) fn verify_settings(conn: &Connection, mode: Mode) -> Result<()> {
    let in_memory = conn.path().is_none_or(str::is_empty);
    match first_mismatch(&expected_settings(mode, in_memory), |n| {
        read_pragma(conn, n)
    }) {
        None => Ok(()),
        Some(name) => Err(DbError::Setting(name)),
    }
}

impl Db {
    /// The journal file's path (None for an in-memory database).
    pub fn journal_path(&self) -> Option<PathBuf> {
        let p = self.conn.path().filter(|p| !p.is_empty())?;
        Some(PathBuf::from(format!("{p}-journal")))
    }

    /// Close a database that is moved into place under another name (the partial database
    /// of `init`): its journal is overwritten, the connection closed, the journal unlinked.
    pub fn close_removing_journal(self) -> Result<()> {
        self.scrub_journal()?;
        let journal = self.journal_path();
        self.conn.close().map_err(|(_, e)| DbError::from(e))?;
        if let Some(j) = journal {
            match std::fs::remove_file(&j) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(DbError::Journal(e))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether a journal scrub is pending (a destroying commit was not followed by one).
    pub fn scrub_pending(&self) -> Result<bool> {
        Ok(self.meta_get(SCRUB_PENDING)?.is_some())
    }

    /// Call after a commit that ran [`mark_scrub_pending`]: scrubs now, or, inside an outer
    /// transaction (`in_transaction`), right after it commits. A failed scrub is reported
    /// (the destroying commit stands: the error comes after the point of no return) and
    /// leaves `SCRUB_PENDING` set, so the next read-write open scrubs.
    pub(crate) fn destroyed(&self) -> Result<()> {
        if self.conn.is_autocommit() {
            self.scrub_journal()
        } else {
            self.scrub_due.set(true);
            Ok(())
        }
    }

    /// Overwrite the journal with zeros under the write lock, then clear the pending flag.
    pub fn scrub_journal(&self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let r = (|| {
            // Before any page of this transaction is written: the journal holds nothing
            // SQLite needs (its header was zeroed by the last commit, or rolled back when
            // BEGIN IMMEDIATE took the lock).
            if let Some(path) = self.journal_path() {
                overwrite_in_place(&path).map_err(DbError::Journal)?;
            }
            fail::fail_point!("db-scrub-before-clear", |_| Err(DbError::Busy));
            self.conn
                .execute("DELETE FROM meta WHERE key = ?1", [SCRUB_PENDING])?;
            Ok(())
        })();
        match r {
            Ok(()) => {
                if let Err(e) = self.conn.execute_batch("COMMIT") {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(e.into());
                }
                self.scrub_due.set(false);
                Ok(())
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

/// For the tests of every destroying operation: how much of the journal is left readable.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::Path;

    /// The non-zero bytes of the file at `p`.
    pub(crate) fn nonzero(p: &Path) -> usize {
        std::fs::read(p)
            .unwrap()
            .iter()
            .filter(|b| **b != 0)
            .count()
    }

    /// Header and up to four page records: what the scrub's own transaction leaves.
    pub(crate) const SCRUB_TX_MAX: usize = 4096 + 4 * 4104;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::DataKey;

    #[test]
    fn the_checker_rejects_a_setting_that_did_not_take() {
        let want = expected_settings(Mode::ReadWrite, false);
        let good = |n: &str| want.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone());
        assert_eq!(first_mismatch(&want, good), None);
        for (name, _) in &want {
            let bad = |n: &str| {
                if n == *name {
                    Some("0".to_owned())
                } else {
                    good(n)
                }
            };
            assert_eq!(first_mismatch(&want, bad), Some(*name), "{name}");
            let unreadable = |n: &str| if n == *name { None } else { good(n) };
            assert_eq!(first_mismatch(&want, unreadable), Some(*name));
        }
        // journal_mode = delete is refused for a file opened for writing.
        let delete = |n: &str| {
            if n == "journal_mode" {
                Some("delete".to_owned())
            } else {
                good(n)
            }
        };
        assert_eq!(first_mismatch(&want, delete), Some("journal_mode"));
    }

    #[test]
    fn a_real_connection_passes_and_a_changed_one_fails() {
        let d = tempfile::tempdir().unwrap();
        let k = DataKey::generate();
        let db = Db::open(&d.path().join("db"), &k, Mode::Create).unwrap();
        verify_settings(&db.conn, Mode::ReadWrite).unwrap();
        db.conn.execute_batch("PRAGMA secure_delete = OFF").unwrap();
        assert!(matches!(
            verify_settings(&db.conn, Mode::ReadWrite),
            Err(DbError::Setting("secure_delete"))
        ));
        db.conn.execute_batch("PRAGMA secure_delete = ON").unwrap();
        db.conn
            .execute_batch("PRAGMA journal_mode = DELETE")
            .unwrap();
        assert!(matches!(
            verify_settings(&db.conn, Mode::ReadWrite),
            Err(DbError::Setting("journal_mode"))
        ));
    }

    use super::test_support::{nonzero, SCRUB_TX_MAX};

    #[test]
    fn delete_leaves_an_overwritten_journal_in_place() {
        use std::os::unix::fs::MetadataExt;
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let narrative = "journalcanary ".repeat(20_000);
        let json = serde_json::json!({"title": "t", "occurred": "2026-11-27",
            "category": "other", "narrative": narrative});
        let now: jiff::Zoned = "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap();
        let ids = db
            .add(vec![serde_json::from_value(json).unwrap()], &now)
            .unwrap();
        let j = db.journal_path().unwrap();
        let ino = std::fs::metadata(&j).unwrap().ino();
        db.delete(&ids[0], &now).unwrap();
        assert!(!db.scrub_pending().unwrap());
        let m = std::fs::metadata(&j).unwrap();
        assert_eq!(m.ino(), ino, "the journal keeps its inode");
        assert!(
            m.len() > 200_000,
            "the delete journaled the destroyed pages"
        );
        assert!(
            nonzero(&j) <= SCRUB_TX_MAX,
            "after delete the journal holds {} non-zero bytes",
            nonzero(&j)
        );
    }

    #[test]
    fn a_pending_scrub_runs_at_the_next_open() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("db");
        let k = DataKey::generate();
        let db = Db::open(&p, &k, Mode::Create).unwrap();
        db.meta_set("big", "scrubcanary ".repeat(20_000).as_bytes())
            .unwrap();
        // A destroying commit, then a crash before the scrub (the scrub is not called).
        db.conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        db.conn
            .execute("DELETE FROM meta WHERE key = 'big'", [])
            .unwrap();
        mark_scrub_pending(&db.conn).unwrap();
        db.conn.execute_batch("COMMIT").unwrap();
        let j = db.journal_path().unwrap();
        drop(db);
        let len = std::fs::metadata(&j).unwrap().len();
        assert!(
            nonzero(&j) > 100_000,
            "control: the journal holds the deleted pages"
        );
        let db = Db::open(&p, &k, Mode::ReadWrite).unwrap();
        assert!(!db.scrub_pending().unwrap());
        assert_eq!(std::fs::metadata(&j).unwrap().len(), len, "never truncated");
        assert!(
            nonzero(&j) <= SCRUB_TX_MAX,
            "{} non-zero bytes",
            nonzero(&j)
        );
    }

    #[test]
    fn a_hot_persistent_journal_still_rolls_back() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("db");
        let k = DataKey::generate();
        let db = Db::open(&p, &k, Mode::Create).unwrap();
        db.meta_set("k", b"before").unwrap();
        db.meta_set("old", "x".repeat(100_000).as_bytes()).unwrap();
        // A tiny page cache makes the transaction spill changed pages into the database file
        // before its commit: the database on disk is then half-written, the journal hot.
        db.conn.execute_batch("PRAGMA cache_size = 2").unwrap();
        db.conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        db.meta_set("k", b"after").unwrap();
        db.meta_set("old", "y".repeat(100_000).as_bytes()).unwrap();
        db.meta_set("new", "z".repeat(300_000).as_bytes()).unwrap();
        // The crash: the files as they are now.
        let c = tempfile::tempdir().unwrap();
        let cp = c.path().join("db");
        std::fs::copy(&p, &cp).unwrap();
        std::fs::copy(db.journal_path().unwrap(), c.path().join("db-journal")).unwrap();
        db.conn.execute_batch("ROLLBACK").unwrap();
        let hot = std::fs::read(c.path().join("db-journal")).unwrap();
        assert_ne!(hot[0], 0, "control: the copied journal is hot");
        assert_ne!(
            std::fs::read(&cp).unwrap(),
            std::fs::read(&p).unwrap(),
            "control: the copied database is half-written"
        );
        // A handle on the hot journal, as an examiner's view of its blocks after the open.
        let held = std::fs::File::open(c.path().join("db-journal")).unwrap();
        let db = Db::open(&cp, &k, Mode::ReadWrite).unwrap();
        assert_eq!(db.meta_get("k").unwrap().as_deref(), Some(&b"before"[..]));
        assert_eq!(db.meta_get("new").unwrap(), None);
        assert_eq!(
            db.meta_get("old").unwrap().unwrap(),
            "x".repeat(100_000).as_bytes()
        );
        let ic: String = db
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ic, "ok");
        // SQLite rolls a hot journal back before PRAGMA journal_mode can take (the pragma
        // reads the schema), in DELETE mode, so it unlinks the journal: `open` zeroes the
        // unlinked file through the handle it took before the first read.
        let jp = c.path().join("db-journal");
        assert!(
            !jp.exists(),
            "SQLite no longer unlinks a rolled-back journal: re-check"
        );
        let mut rest = vec![];
        std::io::Read::read_to_end(&mut &held, &mut rest).unwrap();
        assert_eq!(rest.len(), hot.len());
        assert!(
            rest.iter().all(|b| *b == 0),
            "the unlinked hot journal was zeroed"
        );
        // The next write makes a persistent journal again.
        db.meta_set("k2", b"v").unwrap();
        assert!(jp.exists());
    }

    #[test]
    fn overwrite_keeps_inode_and_size_and_zeroes_everything() {
        use std::os::unix::fs::MetadataExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("j");
        std::fs::write(&p, vec![0xabu8; 200_001]).unwrap();
        let ino = std::fs::metadata(&p).unwrap().ino();
        assert_eq!(overwrite_in_place(&p).unwrap(), 200_001);
        let m = std::fs::metadata(&p).unwrap();
        assert_eq!((m.ino(), m.len()), (ino, 200_001));
        assert!(std::fs::read(&p).unwrap().iter().all(|b| *b == 0));
        assert_eq!(overwrite_in_place(&d.path().join("none")).unwrap(), 0);
        std::os::unix::fs::symlink(&p, d.path().join("link")).unwrap();
        assert!(overwrite_in_place(&d.path().join("link")).is_err());
    }
}
