//! The encrypted database. This module alone talks SQL.
//!
//! SQLCipher keyed with the raw data key; `journal_mode = DELETE` (WAL and its `-shm` file
//! leak plaintext metadata), temporary tables in memory, `secure_delete` on, every commit
//! synced. See `docs/format.md`.

use std::path::Path;

use jiff::Zoned;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use thiserror::Error;

use crate::crypto::secret::DataKey;
use crate::model::chain::{self, ChainProblem, Op, Revision, ZERO_HASH};
use crate::model::incident::{self, Incident, IncidentInput, ModelError};

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
    #[error("the database is busy (another sandyk is writing); try again")]
    Busy,
    #[error("the vault is on read-only storage")]
    ReadOnly,
    #[error("the disk is full")]
    DiskFull,
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

/// Schema migrations, applied in order; `PRAGMA user_version` counts those applied.
/// Never edit a released entry: append a new one.
const MIGRATIONS: &[&str] = &[
    // v1: the core.
    r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE revisions (
        seq INTEGER PRIMARY KEY,
        incident_id TEXT NOT NULL,
        op TEXT NOT NULL,
        at TEXT NOT NULL,
        body TEXT,
        body_hash BLOB NOT NULL,
        incident_prev BLOB NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL
    );
    CREATE INDEX revisions_by_incident ON revisions(incident_id, seq);
    CREATE TABLE incidents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        head_seq INTEGER NOT NULL,
        deleted_at TEXT,
        occurred_start INTEGER,
        occurred_end INTEGER,
        recorded TEXT NOT NULL,
        category TEXT NOT NULL
    );
    CREATE INDEX incidents_by_start ON incidents(occurred_start);
    CREATE INDEX incidents_by_end ON incidents(occurred_end);
    CREATE INDEX incidents_by_category ON incidents(category);
    CREATE TABLE incident_tags (
        tag TEXT NOT NULL,
        incident_rowid INTEGER NOT NULL,
        PRIMARY KEY (tag, incident_rowid)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE incident_fts USING fts5(
        title, narrative, place, people, tags,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO incident_fts(incident_fts, rank) VALUES ('secure-delete', 1);
    CREATE TABLE categories (id TEXT PRIMARY KEY, label TEXT NOT NULL, created TEXT NOT NULL);
    CREATE TABLE keyslots (
        idx INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        created TEXT NOT NULL
    );
    -- Address book for exports and seal (bundle and emergency modules).
    CREATE TABLE contacts (
        name TEXT PRIMARY KEY,
        recipient TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        added TEXT NOT NULL
    );
    -- Audit log of exports.
    CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        incident_ids TEXT NOT NULL,
        recipients TEXT NOT NULL,
        bundle_sha256 TEXT NOT NULL,
        chain_head TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}'
    );
    -- Bundles received from other vaults (the lawyer's side) and their incidents.
    CREATE TABLE received_bundles (
        bundle_sha256 TEXT PRIMARY KEY,
        signer_fingerprint TEXT NOT NULL,
        source_vault_id TEXT NOT NULL,
        exported_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        manifest TEXT NOT NULL
    );
    CREATE TABLE received_incidents (
        bundle_sha256 TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        revisions TEXT NOT NULL,
        PRIMARY KEY (bundle_sha256, incident_id)
    );
    -- Attachments: metadata here, bytes in chunks (copy 0: the original, 1: working copy).
    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        incident_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        media_type TEXT NOT NULL,
        added TEXT NOT NULL,
        reveals TEXT NOT NULL DEFAULT '{}',
        working_size INTEGER,
        working_sha256 TEXT,
        UNIQUE (incident_id, n)
    );
    CREATE TABLE attachment_chunks (
        id INTEGER PRIMARY KEY,
        attachment_id INTEGER NOT NULL,
        copy INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        data BLOB NOT NULL,
        UNIQUE (attachment_id, copy, idx)
    );
    "#,
    // v2: the search index of v1 (contentless_delete) only tombstoned a deleted row, leaving
    // its words in the index pages. This one is contentless without that option, so rows are
    // removed with FTS5's 'delete' command and their old text, which with 'secure-delete'
    // rewrites the pages that held the words. `migrate` then indexes the live incidents.
    r#"
    DROP TABLE incident_fts;
    CREATE VIRTUAL TABLE incident_fts USING fts5(
        title, narrative, place, people, tags,
        content = '',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO incident_fts(incident_fts, rank) VALUES ('secure-delete', 1);
    "#,
    // v3: removing an incident's tags (amend, delete) looked them up by incident, which the
    // (tag, incident) key cannot serve: every tag row was read, for every incident.
    r#"
    CREATE INDEX incident_tags_by_incident ON incident_tags(incident_rowid);
    "#,
];

/// The migration that replaced the search index; crossing it re-indexes every live incident.
const REINDEX_AT: usize = 2;

/// The `meta` key under which a pending key-file change records its label changes.
pub const KEYFILE_INTENT: &str = "keyfile_intent";

/// Changes to the key-slot labels that go with a key-file change.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LabelChange {
    #[serde(default)]
    pub remove_all: bool,
    #[serde(default)]
    pub remove: Vec<usize>,
    /// (slot, kind, label)
    #[serde(default)]
    pub set: Vec<(usize, String, String)>,
}

/// An open, keyed database.
pub struct Db {
    pub(crate) conn: Connection,
}

/// Filters shared by `list`, `search` and `export`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Incidents that may have happened at or after this time (Unix seconds).
    pub since: Option<i64>,
    /// Incidents that may have happened at or before this time (Unix seconds).
    pub until: Option<i64>,
    pub category: Option<String>,
    pub tag: Option<String>,
    /// Full-text query (FTS5, every word must match, prefix match).
    pub query: Option<String>,
    /// Only these ids (empty: all).
    pub ids: Vec<String>,
}

/// A deleted incident: the fact and time of deletion remain.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Tombstone {
    pub id: String,
    pub recorded: String,
    pub deleted_at: String,
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
        let conn = Connection::open_with_flags(path, flags)?;
        Self::configure(conn, dek, mode)
    }

    /// A throw-away in-memory database with the schema: what a duress unlock shows.
    pub fn open_decoy() -> Result<Db> {
        let conn = Connection::open_in_memory()?;
        Self::configure(conn, &DataKey::generate(), Mode::Create)
    }

    fn configure(conn: Connection, dek: &DataKey, mode: Mode) -> Result<Db> {
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
        if mode != Mode::ReadOnly {
            let jm: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            // An in-memory database (the duress stand-in) answers "memory"; a file must
            // never run in any mode but DELETE.
            let in_memory = conn.path().is_none_or(str::is_empty);
            if !(jm.eq_ignore_ascii_case("delete")
                || in_memory && jm.eq_ignore_ascii_case("memory"))
            {
                return Err(DbError::Damaged);
            }
        }
        let mut db = Db { conn };
        if mode != Mode::ReadOnly {
            db.migrate()?;
        }
        Ok(db)
    }

    fn migrate(&mut self) -> Result<()> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if v as usize >= MIGRATIONS.len() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Re-read inside the write lock: another process may have migrated meanwhile.
        let v: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(v as usize) {
            tx.execute_batch(sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
            if i + 1 == REINDEX_AT {
                Self::reindex_all(&tx)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

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

    pub fn slot_labels(&self) -> Result<Vec<(usize, String, String, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT idx, kind, label, created FROM keyslots ORDER BY idx")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)? as usize,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    pub fn slot_set(&self, idx: usize, kind: &str, label: &str, now: &Zoned) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO keyslots(idx, kind, label, created) VALUES (?1, ?2, ?3, ?4)",
            params![idx as i64, kind, label, now_utc(now)],
        )?;
        Ok(())
    }

    /// Apply a label change in one transaction, and forget the pending key-file intent.
    pub fn apply_label_change(&mut self, c: &LabelChange, at: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if c.remove_all {
            tx.execute("DELETE FROM keyslots", [])?;
        }
        for i in &c.remove {
            tx.execute("DELETE FROM keyslots WHERE idx = ?1", [*i as i64])?;
        }
        for (idx, kind, label) in &c.set {
            tx.execute(
                "INSERT OR REPLACE INTO keyslots(idx, kind, label, created) VALUES (?1, ?2, ?3, ?4)",
                params![*idx as i64, kind, label, at],
            )?;
        }
        tx.execute("DELETE FROM meta WHERE key = ?1", [KEYFILE_INTENT])?;
        tx.commit()?;
        Ok(())
    }

    pub fn meta_delete(&self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [key])?;
        Ok(())
    }

    pub fn slot_remove(&self, idx: usize) -> Result<()> {
        self.conn
            .execute("DELETE FROM keyslots WHERE idx = ?1", [idx as i64])?;
        Ok(())
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

    // ---- incidents ----

    pub(crate) fn fresh_id(tx: &rusqlite::Transaction<'_>) -> Result<String> {
        const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        loop {
            let mut raw = [0u8; 6];
            crate::crypto::random_bytes(&mut raw);
            let id: String = raw
                .iter()
                .map(|b| ALPHABET[(b & 31) as usize] as char)
                .collect();
            // Ids of deleted incidents stay taken (their tombstones keep them).
            let taken = tx
                .query_row("SELECT 1 FROM incidents WHERE id = ?1", [&id], |_| Ok(()))
                .optional()?
                .is_some();
            if !taken {
                return Ok(id);
            }
        }
    }

    pub(crate) fn chain_head(tx: &rusqlite::Transaction<'_>) -> Result<(u64, [u8; 32])> {
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

    pub(crate) fn insert_revision(tx: &rusqlite::Transaction<'_>, r: &Revision) -> Result<()> {
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

    /// Index an incident for search and tag filters. `previous` is the state that is
    /// indexed now (None for a new incident): its entries are removed first.
    pub(crate) fn index_incident(
        tx: &rusqlite::Transaction<'_>,
        rowid: i64,
        inc: &Incident,
        previous: Option<&Incident>,
    ) -> Result<()> {
        if let Some(p) = previous {
            Self::unindex_incident(tx, rowid, p)?;
            tx.execute(
                "DELETE FROM incident_tags WHERE incident_rowid = ?1",
                [rowid],
            )?;
        }
        let f = inc.search_fields();
        tx.execute(
            "INSERT INTO incident_fts(rowid, title, narrative, place, people, tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![rowid, f[0], f[1], f[2], f[3], f[4]],
        )?;
        for t in &inc.tags {
            tx.execute(
                "INSERT OR IGNORE INTO incident_tags(tag, incident_rowid) VALUES (?1, ?2)",
                params![t, rowid],
            )?;
        }
        Ok(())
    }

    /// Remove an incident's search entries. The index keeps no text, so FTS5 is given the
    /// text that was indexed (the incident's current state); with 'secure-delete' it removes
    /// the words from the index pages themselves, which secure_delete then overwrites.
    pub(crate) fn unindex_incident(
        tx: &rusqlite::Transaction<'_>,
        rowid: i64,
        inc: &Incident,
    ) -> Result<()> {
        let f = inc.search_fields();
        tx.execute(
            "INSERT INTO incident_fts(incident_fts, rowid, title, narrative, place, people, tags)
             VALUES ('delete', ?1, ?2, ?3, ?4, ?5, ?6)",
            params![rowid, f[0], f[1], f[2], f[3], f[4]],
        )?;
        Ok(())
    }

    /// Index every live incident (after the search index was replaced by a migration).
    fn reindex_all(tx: &rusqlite::Transaction<'_>) -> Result<()> {
        let live: Vec<(i64, i64)> = {
            let mut st =
                tx.prepare("SELECT rowid, head_seq FROM incidents WHERE deleted_at IS NULL")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        for (rowid, head) in live {
            let inc = parse_body(&Self::revision_at(tx, head)?)?;
            Self::index_incident(tx, rowid, &inc, None)?;
        }
        Ok(())
    }

    /// Add incidents (all or none) and return their ids.
    pub fn add(&mut self, inputs: Vec<IncidentInput>, now: &Zoned) -> Result<Vec<String>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = now_utc(now);
        let mut ids = vec![];
        for input in inputs {
            let id = Self::fresh_id(&tx)?;
            let known = |c: &str| {
                tx.query_row("SELECT 1 FROM categories WHERE id = ?1", [c], |_| Ok(()))
                    .optional()
                    .ok()
                    .flatten()
                    .is_some()
            };
            let inc = input.apply(None, &id, now, &known)?;
            let body = serde_json::to_string(&inc).expect("an incident always serialises");
            let (seq, prev) = Self::chain_head(&tx)?;
            let rev = Revision::new(seq + 1, &id, Op::Add, &at, Some(body), ZERO_HASH, prev);
            Self::insert_revision(&tx, &rev)?;
            tx.execute(
                "INSERT INTO incidents(id, head_seq, occurred_start, occurred_end, recorded, category)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    rev.seq as i64,
                    inc.occurred.start_ts().map(|t| t.as_second()),
                    inc.occurred.end_ts().map(|t| t.as_second()),
                    inc.recorded,
                    inc.category
                ],
            )?;
            let rowid = tx.last_insert_rowid();
            Self::note_span(&tx, &inc.occurred)?;
            Self::index_incident(&tx, rowid, &inc, None)?;
            ids.push(id);
        }
        fail::fail_point!("db-add-before-commit", |_| Err(DbError::Busy));
        tx.commit()?;
        Ok(ids)
    }

    /// Keep `meta.max_span` (seconds) at least the longest `occurred` span ever stored, so
    /// that a date filter can be an index range scan (see `list`).
    fn note_span(tx: &Connection, o: &crate::dates::Occurred) -> Result<()> {
        if let (Some(s), Some(e)) = (o.start_ts(), o.end_ts()) {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('max_span', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
                [e.as_second() - s.as_second()],
            )?;
        }
        Ok(())
    }

    /// The longest span of any incident, in seconds (computed once for vaults that do not
    /// record it yet).
    fn max_span(&self) -> Result<Option<i64>> {
        let stored: Option<i64> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'max_span' AND typeof(value) = 'integer'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if stored.is_some() {
            return Ok(stored);
        }
        let computed: Option<i64> = self.conn.query_row(
            "SELECT max(occurred_end - occurred_start) FROM incidents",
            [],
            |r| r.get(0),
        )?;
        if let Some(c) = computed {
            // Best effort: a read-only vault simply computes it again next time.
            let _ = self.conn.execute(
                "INSERT INTO meta(key, value) VALUES ('max_span', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
                [c],
            );
        }
        Ok(computed)
    }

    pub(crate) fn incident_row(tx: &Connection, id: &str) -> Result<(i64, i64, Option<String>)> {
        tx.query_row(
            "SELECT rowid, head_seq, deleted_at FROM incidents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| DbError::NotFound(id.to_owned()))
    }

    pub(crate) fn revision_at(conn: &Connection, seq: i64) -> Result<Revision> {
        conn.query_row(
            "SELECT seq, incident_id, op, at, body, body_hash, incident_prev, prev_hash, hash
             FROM revisions WHERE seq = ?1",
            [seq],
            row_to_revision,
        )?
    }

    /// Normalise a user-typed id (case-insensitive, Crockford substitutions).
    pub fn normalise_id(id: &str) -> String {
        id.trim()
            .to_ascii_uppercase()
            .replace('O', "0")
            .replace(['I', 'L'], "1")
    }

    /// The current state of an incident.
    pub fn get(&self, id: &str) -> Result<Incident> {
        let id = Self::normalise_id(id);
        let (_, head, deleted) = Self::incident_row(&self.conn, &id)?;
        if deleted.is_some() {
            return Err(DbError::Deleted(id));
        }
        let rev = Self::revision_at(&self.conn, head)?;
        parse_body(&rev)
    }

    /// Amend an incident. Returns false (and writes nothing) if nothing changed.
    pub fn amend(&mut self, id: &str, input: IncidentInput, now: &Zoned) -> Result<bool> {
        let id = Self::normalise_id(id);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (rowid, head, deleted) = Self::incident_row(&tx, &id)?;
        if deleted.is_some() {
            return Err(DbError::Deleted(id));
        }
        let head_rev = Self::revision_at(&tx, head)?;
        let current = parse_body(&head_rev)?;
        let known = |c: &str| {
            tx.query_row("SELECT 1 FROM categories WHERE id = ?1", [c], |_| Ok(()))
                .optional()
                .ok()
                .flatten()
                .is_some()
        };
        let updated = input.apply(Some(&current), &id, now, &known)?;
        if updated == current {
            return Ok(false);
        }
        let body = serde_json::to_string(&updated).expect("an incident always serialises");
        let (seq, prev) = Self::chain_head(&tx)?;
        let rev = Revision::new(
            seq + 1,
            &id,
            Op::Amend,
            &now_utc(now),
            Some(body),
            head_rev.hash,
            prev,
        );
        Self::insert_revision(&tx, &rev)?;
        tx.execute(
            "UPDATE incidents SET head_seq = ?2, occurred_start = ?3, occurred_end = ?4, category = ?5 WHERE rowid = ?1",
            params![
                rowid,
                rev.seq as i64,
                updated.occurred.start_ts().map(|t| t.as_second()),
                updated.occurred.end_ts().map(|t| t.as_second()),
                updated.category
            ],
        )?;
        Self::note_span(&tx, &updated.occurred)?;
        Self::index_incident(&tx, rowid, &updated, Some(&current))?;
        tx.commit()?;
        Ok(true)
    }

    /// Delete an incident: a tombstone revision; every body of the incident is destroyed
    /// (secure_delete overwrites the freed bytes), its search entries removed.
    pub fn delete(&mut self, id: &str, now: &Zoned) -> Result<()> {
        let id = Self::normalise_id(id);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (rowid, head, deleted) = Self::incident_row(&tx, &id)?;
        if deleted.is_some() {
            return Err(DbError::Deleted(id));
        }
        let head_rev = Self::revision_at(&tx, head)?;
        let current = parse_body(&head_rev)?;
        let (seq, prev) = Self::chain_head(&tx)?;
        let at = now_utc(now);
        let rev = Revision::new(seq + 1, &id, Op::Delete, &at, None, head_rev.hash, prev);
        Self::insert_revision(&tx, &rev)?;
        tx.execute(
            "UPDATE revisions SET body = NULL WHERE incident_id = ?1",
            [&id],
        )?;
        tx.execute(
            "UPDATE incidents SET head_seq = ?2, deleted_at = ?3, occurred_start = NULL, occurred_end = NULL, category = '' WHERE rowid = ?1",
            params![rowid, rev.seq as i64, at],
        )?;
        Self::unindex_incident(&tx, rowid, &current)?;
        tx.execute(
            "DELETE FROM incident_tags WHERE incident_rowid = ?1",
            [rowid],
        )?;
        // Its attachments' bytes go too (secure_delete overwrites the freed pages).
        super::attachments::delete_for_incident(&tx, &id)?;
        fail::fail_point!("db-delete-before-commit", |_| Err(DbError::Busy));
        tx.commit()?;
        Ok(())
    }

    /// Incidents matching the filter, ordered by when they happened (unknown dates last).
    /// The SQL (`SELECT <columns> … WHERE … ORDER BY …`) and arguments selecting the live
    /// incidents that match `f`, in list order; None when the filter cannot match anything.
    /// Shared by `list` and `select_ids`, so both always select the same incidents.
    pub(crate) fn filter_sql(
        &self,
        columns_and_from: &str,
        f: &Filter,
    ) -> Result<Option<(String, Vec<rusqlite::types::Value>)>> {
        let mut sql = format!("{columns_and_from} WHERE i.deleted_at IS NULL");
        let mut args: Vec<rusqlite::types::Value> = vec![];
        if let Some(s) = f.since {
            sql.push_str(" AND i.occurred_end >= ?");
            args.push(s.into());
            // No incident is longer than the longest span, so its start is at most that far
            // before `since`: this bound turns the overlap test into an index range scan.
            if let Some(ms) = self.max_span()? {
                sql.push_str(" AND i.occurred_start >= ?");
                args.push(s.saturating_sub(ms).into());
            }
        }
        if let Some(u) = f.until {
            sql.push_str(" AND i.occurred_start <= ?");
            args.push(u.into());
        }
        if let Some(c) = &f.category {
            sql.push_str(" AND i.category = ?");
            args.push(incident::normalise_category(c).into());
        }
        if let Some(t) = &f.tag {
            sql.push_str(
                " AND i.rowid IN (SELECT incident_rowid FROM incident_tags WHERE tag = ?)",
            );
            args.push(incident::normalise_tag(t).into());
        }
        if let Some(q) = &f.query {
            let m = fts_query(q);
            if m.is_empty() {
                return Ok(None);
            }
            sql.push_str(
                " AND i.rowid IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?)",
            );
            args.push(m.into());
        }
        if !f.ids.is_empty() {
            sql.push_str(" AND i.id IN (");
            for (n, id) in f.ids.iter().enumerate() {
                sql.push_str(if n == 0 { "?" } else { ",?" });
                args.push(Self::normalise_id(id).into());
            }
            sql.push(')');
        }
        sql.push_str(" ORDER BY i.occurred_start IS NULL, i.occurred_start, i.recorded, i.id");
        Ok(Some((sql, args)))
    }

    pub fn list(&self, f: &Filter) -> Result<Vec<Incident>> {
        let Some((sql, args)) = self.filter_sql(
            "SELECT r.seq, r.incident_id, r.op, r.at, r.body, r.body_hash, r.incident_prev, r.prev_hash, r.hash
             FROM incidents i JOIN revisions r ON r.seq = i.head_seq",
            f,
        )?
        else {
            return Ok(vec![]);
        };
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), row_to_revision)?;
        let mut out = vec![];
        for r in rows {
            out.push(parse_body(&r??)?);
        }
        Ok(out)
    }

    pub fn tombstones(&self) -> Result<Vec<Tombstone>> {
        let mut st = self.conn.prepare(
            "SELECT id, recorded, deleted_at FROM incidents WHERE deleted_at IS NOT NULL ORDER BY deleted_at",
        )?;
        let rows = st.query_map([], |r| {
            Ok(Tombstone {
                id: r.get(0)?,
                recorded: r.get(1)?,
                deleted_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Every revision of one incident, oldest first (deleted incidents included).
    pub fn history(&self, id: &str) -> Result<Vec<Revision>> {
        let id = Self::normalise_id(id);
        Self::incident_row(&self.conn, &id)?;
        let mut st = self.conn.prepare(
            "SELECT seq, incident_id, op, at, body, body_hash, incident_prev, prev_hash, hash
             FROM revisions WHERE incident_id = ?1 ORDER BY seq",
        )?;
        let rows = st.query_map([&id], row_to_revision)?;
        let mut out = vec![];
        for r in rows {
            out.push(r??);
        }
        Ok(out)
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

    pub fn count(&self) -> Result<(u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM incidents",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?)
    }

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
            heads.insert(r.incident_id.clone(), r.seq);
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
        Ok(problems)
    }

    /// Run a closure in one write transaction (for modules that own their own tables).
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let v = f(&tx)?;
        tx.commit()?;
        Ok(v)
    }

    /// Read access for modules that own their own tables.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn to32(v: &[u8]) -> Result<[u8; 32]> {
    v.try_into().map_err(|_| DbError::Damaged)
}

type RowRevision = std::result::Result<Revision, DbError>;

fn row_to_revision(r: &rusqlite::Row<'_>) -> rusqlite::Result<RowRevision> {
    let op: String = r.get(2)?;
    let bh: Vec<u8> = r.get(5)?;
    let ip: Vec<u8> = r.get(6)?;
    let ph: Vec<u8> = r.get(7)?;
    let h: Vec<u8> = r.get(8)?;
    let build = || -> RowRevision {
        Ok(Revision {
            seq: r.get::<_, i64>(0)? as u64,
            incident_id: r.get(1)?,
            op: Op::parse(&op).ok_or(DbError::Damaged)?,
            at: r.get(3)?,
            body: r.get(4)?,
            body_hash: to32(&bh)?,
            incident_prev: to32(&ip)?,
            prev_hash: to32(&ph)?,
            hash: to32(&h)?,
        })
    };
    Ok(build())
}

/// The incident stored in a revision's body, checked against the body hash.
pub fn parse_body(rev: &Revision) -> Result<Incident> {
    let body = rev
        .body
        .as_deref()
        .ok_or_else(|| DbError::Deleted(rev.incident_id.clone()))?;
    if crate::crypto::sha256(body.as_bytes()) != rev.body_hash {
        return Err(DbError::Damaged);
    }
    serde_json::from_str(body).map_err(|_| DbError::Damaged)
}

/// Turn what the user typed into an FTS5 query: every word must match, as a prefix.
/// Words are quoted, so FTS5 operators in the input are taken literally.
pub fn fts_query(q: &str) -> String {
    q.split_whitespace()
        .map(|w| w.replace('"', "\"\""))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Zoned {
        "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap()
    }

    fn db() -> (tempfile::TempDir, Db) {
        let d = tempfile::tempdir().unwrap();
        let db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        (d, db)
    }

    fn input(json: &str) -> IncidentInput {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn file_is_encrypted_and_wrong_key_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("db");
        let k = DataKey::generate();
        let mut db = Db::open(&p, &k, Mode::Create).unwrap();
        db.add(
            vec![input(
                r#"{"title":"CANARY-TITLE","occurred":"2026-11-27 10:00","category":"followed"}"#,
            )],
            &now(),
        )
        .unwrap();
        drop(db);
        let raw = std::fs::read(&p).unwrap();
        assert!(!raw.starts_with(b"SQLite format 3"));
        assert!(!raw.windows(12).any(|w| w == b"CANARY-TITLE"));
        assert!(matches!(
            Db::open(&p, &DataKey::generate(), Mode::ReadWrite),
            Err(DbError::Damaged)
        ));
        assert!(Db::open(&p, &k, Mode::ReadOnly).is_ok());
    }

    #[test]
    fn add_amend_delete_and_chain() {
        let (_d, mut db) = db();
        let ids = db
            .add(vec![
                input(r#"{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"followed","narrative":"Токтогул көчөсүндө"}"#),
                input(r#"{"title":"Second","occurred":"2026-11-20","category":"raid","tags":["office"]}"#),
            ], &now())
            .unwrap();
        assert_eq!(ids.len(), 2);
        assert!(db
            .amend(&ids[0], input(r#"{"narrative":"Жаңы текст"}"#), &now())
            .unwrap());
        assert!(!db
            .amend(&ids[0], input(r#"{"narrative":"Жаңы текст"}"#), &now())
            .unwrap());
        db.delete(&ids[1], &now()).unwrap();
        assert!(matches!(db.get(&ids[1]), Err(DbError::Deleted(_))));
        let h = db.history(&ids[1]).unwrap();
        assert_eq!(h.len(), 2);
        assert!(h.iter().all(|r| r.body.is_none()));
        assert_eq!(h[1].op, Op::Delete);
        assert_eq!(db.check().unwrap(), Vec::<String>::new());
        assert_eq!(db.count().unwrap(), (1, 1));
        assert_eq!(db.tombstones().unwrap()[0].id, ids[1]);
    }

    #[test]
    fn cyrillic_search_is_case_insensitive() {
        let (_d, mut db) = db();
        let ids = db
            .add(vec![input(r#"{"title":"Көчөдө","occurred":"2026-11-27","category":"followed","narrative":"Токтогул жана Ңоо үйү, Өзгөн"}"#)], &now())
            .unwrap();
        for q in [
            "ТОКТОГУЛ",
            "токтогул",
            "Токтог",
            "ӨЗГӨН",
            "ңоо",
            "ҮЙҮ",
            "көчөдө",
        ] {
            let f = Filter {
                query: Some(q.into()),
                ..Default::default()
            };
            let r = db.list(&f).unwrap();
            assert_eq!(r.len(), 1, "query {q}");
            assert_eq!(r[0].id, ids[0]);
        }
        let f = Filter {
            query: Some("Бишкек".into()),
            ..Default::default()
        };
        assert!(db.list(&f).unwrap().is_empty());
        // FTS syntax in the input is taken literally, not as operators.
        let f = Filter {
            query: Some("\"NEAR( OR".into()),
            ..Default::default()
        };
        assert!(db.list(&f).unwrap().is_empty());
    }

    #[test]
    fn date_filters_find_long_spans_that_started_earlier() {
        let (_d, mut db) = db();
        let full = |start: &str, end: &str| {
            input(&format!(
                r#"{{"title":"t","occurred":{{"text":"x","precision":"range","start":"{start}","end":"{end}"}},"category":"raid"}}"#
            ))
        };
        db.add(
            vec![full(
                "2026-09-01T00:00:00+06:00",
                "2026-10-30T00:00:00+06:00",
            )],
            &now(),
        )
        .unwrap();
        db.add(
            vec![full(
                "2026-10-20T10:00:00+06:00",
                "2026-10-20T11:00:00+06:00",
            )],
            &now(),
        )
        .unwrap();
        db.add(
            vec![full(
                "2026-08-01T10:00:00+06:00",
                "2026-08-01T11:00:00+06:00",
            )],
            &now(),
        )
        .unwrap();
        let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_second();
        let f = Filter {
            since: Some(ts("2026-10-20T00:00:00Z")),
            until: Some(ts("2026-10-21T00:00:00Z")),
            ..Default::default()
        };
        assert_eq!(
            db.list(&f).unwrap().len(),
            2,
            "the two-month range and the one-hour incident"
        );
        // A vault that has no recorded maximum yet computes it.
        db.conn
            .execute("DELETE FROM meta WHERE key = 'max_span'", [])
            .unwrap();
        assert_eq!(db.list(&f).unwrap().len(), 2);
    }

    #[test]
    fn filters() {
        let (_d, mut db) = db();
        db.add(vec![
            input(r#"{"title":"a","occurred":"2026-10-01 10:00","category":"followed","tags":["Bishkek"]}"#),
            input(r#"{"title":"b","occurred":"2026-11-01 10:00","category":"raid","tags":["Osh"]}"#),
        ], &now())
        .unwrap();
        let since = "2026-10-15T00:00:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_second();
        let r = db
            .list(&Filter {
                since: Some(since),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            r.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
            ["b"]
        );
        let r = db
            .list(&Filter {
                until: Some(since),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            r.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
            ["a"]
        );
        let r = db
            .list(&Filter {
                tag: Some("bishkek".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r[0].title, "a");
        let r = db
            .list(&Filter {
                category: Some("Raid".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r[0].title, "b");
    }
}
