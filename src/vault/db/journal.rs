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
use std::os::unix::fs::{FileExt, OpenOptionsExt};
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
    let zeros = vec![0u8; 64 * 1024];
    let mut off = 0u64;
    while off < len {
        let n = ((len - off) as usize).min(zeros.len());
        f.write_all_at(&zeros[..n], off)?;
        off += n as u64;
    }
    (&f).flush()?;
    f.sync_all()?;
    Ok(len)
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

    /// Whether a journal scrub is pending (a destroying commit was not followed by one).
    pub fn scrub_pending(&self) -> Result<bool> {
        Ok(self.meta_get(SCRUB_PENDING)?.is_some())
    }

    /// Call after a commit that ran [`mark_scrub_pending`]: scrubs now, or, inside an outer
    /// transaction (`in_transaction`), right after it commits.
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
