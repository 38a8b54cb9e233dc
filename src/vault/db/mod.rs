//! The encrypted database. This module and its submodules alone talk SQL (a test below
//! scans the rest of `src/` and fails on SQL found there).
//!
//! SQLCipher keyed with the raw data key; `journal_mode = PERSIST` (WAL and its `-shm` file
//! leak plaintext metadata; DELETE left deleted pages in free space: see [`journal`]), the
//! journal overwritten after every commit that destroys content, temporary tables in memory,
//! `secure_delete` on, every commit synced; every security setting read back. See
//! `docs/format.md`.
//!
//! - this file: opening, keying, connection settings, transactions;
//! - [`migrate`]: the schema and its migrations;
//! - [`meta`]: the `meta` table, key-slot labels, categories;
//! - [`incidents`]: incidents (add, amend, delete, list, search, history) and their search
//!   index;
//! - [`chain`]: the hash chain of revisions, with the one `Db::append_revision` every
//!   writer uses;
//! - [`check`]: the integrity check;
//! - [`journal`]: the persistent journal, its scrub, and the settings read back;
//! - [`contacts`]: the address book;
//! - [`exports`]: the export audit log, read snapshots and received bundles;
//! - [`attachments`]: attachment rows, their keys and content files (in `vault::store`);
//! - [`entities`]: the entity index (people, places, vehicles across incidents).
//! - [`search`]: the terms of the stemmed search index (Russian, Kyrgyz, English);
//! - [`drafts`]: unfinished incidents kept from the guided form.

pub mod attachments;
pub mod chain;
pub mod check;
pub mod contacts;
pub mod drafts;
pub mod entities;
pub mod exports;
pub mod incidents;
pub mod journal;
pub mod meta;
pub mod migrate;
pub mod received;
pub mod search;
pub mod stats;

use std::path::Path;

use jiff::Zoned;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use thiserror::Error;

use crate::crypto::secret::DataKey;
use crate::model::incident::ModelError;

pub use entities::{EntitySummary, MergeEvent};
pub use incidents::{fts_query, parse_body, EntityFilter, Filter, Tombstone};
pub use meta::{LabelChange, KEYFILE_INTENT};

#[derive(Debug, Error)]
pub enum DbError {
    #[error("the linked SQLite library has no encryption (SQLCipher missing); refusing to run")]
    NotSqlcipher,
    #[error("the database is damaged or does not belong to this key file")]
    Damaged,
    #[error("no incident with id {0}")]
    NotFound(String),
    #[error("incident {0} has been deleted")]
    Deleted(String),
    #[error("{0}")]
    Model(#[from] ModelError),
    /// An entity named for a merge is not in the index (no name here: names are note text).
    #[error("no such person, organisation, place or vehicle")]
    EntityNotFound,
    #[error("an entity cannot be merged into itself")]
    SameEntity,
    #[error("this name is not merged into another")]
    NotMerged,
    #[error("the database is busy (another sandyk is writing); try again")]
    Busy,
    #[error("the vault is on read-only storage")]
    ReadOnly,
    #[error("the disk is full")]
    DiskFull,
    /// A signing key that already belongs to another contact.
    #[error("this signing key already belongs to another contact")]
    Conflict,
    #[error("a security setting of the database did not take ({0}); refusing to open")]
    Setting(&'static str),
    /// Overwriting the persistent journal failed (the binary says how from the error's kind).
    #[error("could not overwrite the database journal: {0}")]
    Journal(std::io::Error),
    /// Listing or removing files of the attachment store (`vault::store`) failed.
    #[error("attachment store: {0}")]
    Store(std::io::Error),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(DatabaseBusy) | Some(DatabaseLocked) => DbError::Busy,
            Some(ReadOnly) => DbError::ReadOnly,
            Some(DiskFull) => DbError::DiskFull,
            Some(NotADatabase) | Some(DatabaseCorrupt) => DbError::Damaged,
            _ => DbError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, DbError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Create,
    ReadWrite,
    ReadOnly,
}

/// An open, keyed database.
pub struct Db {
    pub(crate) conn: Connection,
    /// The attachment store beside the database file (`vault::store`); detached for the
    /// in-memory duress stand-in.
    store: crate::vault::store::Store,
    /// A destroying commit inside `in_transaction`: scrub the journal after its COMMIT.
    scrub_due: std::cell::Cell<bool>,
}

pub(crate) fn now_utc(now: &Zoned) -> String {
    now.timestamp()
        .round(jiff::Unit::Second)
        .unwrap_or(now.timestamp())
        .to_string()
}

/// The SQLCipher key as a C-compatible raw key string, passed by pointer (never as SQL).
fn apply_key(conn: &Connection, dek: &DataKey) -> Result<()> {
    let key = dek.sqlcipher_key();
    // SAFETY: the handle is valid for the life of `conn`; the key buffer outlives the call.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_key(
            conn.handle(),
            key.as_ptr() as *const std::ffi::c_void,
            key.len() as i32,
        )
    };
    if rc != rusqlite::ffi::SQLITE_OK {
        return Err(DbError::Damaged);
    }
    Ok(())
}

impl Db {
    /// Open (or create) the database at `path` with the data key.
    pub fn open(path: &Path, dek: &DataKey, mode: Mode) -> Result<Db> {
        let flags = match mode {
            Mode::Create => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            Mode::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Mode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // The first read rolls back a hot journal and unlinks it (see `journal::hold`).
        let held = (mode != Mode::ReadOnly)
            .then(|| journal::hold(path))
            .flatten();
        let conn = Connection::open_with_flags(path, flags)?;
        let store = crate::vault::store::Store::beside(path);
        let db = Self::configure(conn, dek, mode, store);
        journal::zero_if_unlinked(held)?;
        db
    }

    /// A throw-away in-memory database with the schema: what a duress unlock shows.
    pub fn open_decoy() -> Result<Db> {
        let conn = Connection::open_in_memory()?;
        let store = crate::vault::store::Store::detached();
        Self::configure(conn, &DataKey::generate(), Mode::Create, store)
    }

    fn configure(
        conn: Connection,
        dek: &DataKey,
        mode: Mode,
        store: crate::vault::store::Store,
    ) -> Result<Db> {
        // Silence SQLCipher before keying, or a wrong key prints to stderr.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")
            .map_err(|_| DbError::NotSqlcipher)?;
        let version: Option<String> = conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))
            .optional()
            .map_err(|_| DbError::NotSqlcipher)?;
        if version.as_deref().is_none_or(str::is_empty) {
            return Err(DbError::NotSqlcipher);
        }
        conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
        apply_key(&conn, dek)?;
        // The first read proves the key (or reveals damage).
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| match DbError::from(e) {
            DbError::Busy => DbError::Busy,
            _ => DbError::Damaged,
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.execute_batch(
            "PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;",
        )?;
        let mut db = Db {
            conn,
            store,
            scrub_due: std::cell::Cell::new(false),
        };
        if mode != Mode::ReadOnly {
            // A file runs in PERSIST and nothing else (an in-memory database, the duress
            // stand-in, answers "memory"); `journal::verify_settings` checks what took.
            let _: String = db
                .conn
                .query_row("PRAGMA journal_mode = PERSIST", [], |r| r.get(0))?;
        }
        journal::verify_settings(&db.conn, mode)?;
        if mode != Mode::ReadOnly {
            db.migrate()?;
            db.restem_if_needed()?;
            db.sweep_separators_once()?;
            // A destroying commit whose scrub did not happen (a crash, a failed overwrite).
            if db.scrub_pending()? {
                db.scrub_journal()?;
            }
            // Content files a crash left without their rows (best effort: an orphan is
            // ciphertext under a key that was never committed; the next open tries again).
            let _ = db.sweep_store();
        }
        Ok(db)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run a closure in one write transaction (for modules that own their own tables).
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.begin()?;
        let v = f(&tx)?;
        tx.commit()?;
        Ok(v)
    }

    /// Read access for modules that own their own tables.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl Db {
    /// Begin a write transaction (taking the write lock now: `BEGIN IMMEDIATE`).
    pub(crate) fn begin(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Run `Db` calls as one write transaction (no raw `BEGIN`/`COMMIT` outside this
    /// module): `f` runs between `BEGIN IMMEDIATE` and `COMMIT`; an error rolls back.
    pub fn in_transaction<T>(&self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(v) => {
                if let Err(e) = self.conn.execute_batch("COMMIT") {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    self.scrub_due.set(false);
                    return Err(e.into());
                }
                if self.scrub_due.take() {
                    self.scrub_journal()?;
                }
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                self.scrub_due.set(false);
                Err(e)
            }
        }
    }
}

fn to32(v: &[u8]) -> Result<[u8; 32]> {
    v.try_into().map_err(|_| DbError::Damaged)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// What counts as SQL (case-sensitive, as the code writes it).
    const SQL: &[&str] = &[
        "SELECT ",
        "INSERT INTO",
        "INSERT OR ",
        "UPDATE ",
        "DELETE FROM",
        "CREATE TABLE",
        "CREATE INDEX",
        "DROP TABLE",
        "PRAGMA ",
        "BEGIN IMMEDIATE",
        "BEGIN EXCLUSIVE",
        "BEGIN DEFERRED",
        "BEGIN TRANSACTION",
        "\"BEGIN",
        "BEGIN;",
        "COMMIT",
        "ROLLBACK",
        ".execute(",
        ".execute_batch(",
        ".prepare(",
        ".prepare_cached(",
        "query_row(",
        "query_map(",
        "transaction_with_behavior(",
        "unchecked_transaction(",
    ];

    /// Lines outside `src/vault/db/` that may contain one of the patterns: (file relative to
    /// `src/`, the line's exact trimmed text, why). Keep it empty unless something truly
    /// must stay; every entry needs its reason.
    const ALLOWED: &[(&str, &str, &str)] = &[];

    fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rs_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The SQL patterns found in `text`, as (line number, pattern).
    fn sql_in(text: &str) -> Vec<(usize, &'static str)> {
        let mut found = vec![];
        for (n, line) in text.lines().enumerate() {
            for pat in SQL {
                if line.contains(pat) {
                    found.push((n + 1, *pat));
                }
            }
        }
        found
    }

    #[test]
    fn in_transaction_commits_or_rolls_back() {
        use super::{Db, DbError, Mode};
        let d = tempfile::tempdir().unwrap();
        let k = crate::crypto::secret::DataKey::generate();
        let db = Db::open(&d.path().join("db"), &k, Mode::Create).unwrap();
        let r: Result<(), DbError> = db.in_transaction(|db| {
            db.meta_set("a", b"1")?;
            Err(DbError::Busy)
        });
        assert!(matches!(r, Err(DbError::Busy)));
        assert_eq!(db.meta_get("a").unwrap(), None);
        db.in_transaction(|db| {
            db.meta_set("a", b"1")?;
            db.meta_set("b", b"2")
        })
        .unwrap();
        assert_eq!(db.meta_get("b").unwrap().as_deref(), Some(&b"2"[..]));
        // And the connection is usable for another transaction afterwards.
        db.in_transaction(|db| db.meta_delete("a")).unwrap();
        assert_eq!(db.meta_get("a").unwrap(), None);
    }

    #[test]
    fn the_scan_sees_sql() {
        assert!(!sql_in("let n = tx.execute(\"DELETE FROM x\", [])?;").is_empty());
        assert!(!sql_in("conn.query_row(\"PRAGMA user_version\", [], f)").is_empty());
        assert!(!sql_in("c.execute_batch(\"BEGIN IMMEDIATE\")").is_empty());
        assert!(sql_in("let v = select(x); // update the list").is_empty());
    }

    /// Only the database module speaks SQL (issue 10): every `.rs` file under `src/` outside
    /// `src/vault/db/` is scanned for SQL text and SQLite calls.
    #[test]
    fn no_sql_outside_the_database_module() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let own = root.join("vault").join("db");
        let mut files = vec![];
        rs_files(&root, &mut files);
        assert!(files.len() > 20, "the scan found too few files: {files:?}");
        let mut offences = vec![];
        for f in files.iter().filter(|f| !f.starts_with(&own)) {
            let text = std::fs::read_to_string(f).unwrap();
            let rel = f.strip_prefix(&root).unwrap().display().to_string();
            for (n, pat) in sql_in(&text) {
                let line = text.lines().nth(n - 1).unwrap_or("").trim();
                if ALLOWED
                    .iter()
                    .any(|(file, l, _)| *file == rel && *l == line)
                {
                    continue;
                }
                offences.push(format!("src/{rel}:{n}: {pat:?} in {line:?}"));
            }
        }
        assert!(
            offences.is_empty(),
            "SQL outside src/vault/db/ (move it into the database module):\n{}",
            offences.join("\n")
        );
    }
}
