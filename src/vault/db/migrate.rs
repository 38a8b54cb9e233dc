//! The schema: migrations, applied in order and counted by `PRAGMA user_version`.

use super::{Db, Result};

/// Schema migrations, applied in order; `PRAGMA user_version` counts those applied.
/// Never edit a released entry: append a new one.
pub(crate) const MIGRATIONS: &[&str] = &[
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
    // v4: contacts hold signing keys (contact cards), and a contact may have only one of a
    // recipient and a signing key; a signing key belongs to at most one contact. Received
    // bundles keep the signer's key, and received incidents are found by (signer, incident)
    // for idempotent, monotonic imports.
    r#"
    CREATE TABLE contacts_v4 (
        name TEXT PRIMARY KEY,
        recipient TEXT,
        fingerprint TEXT,
        added TEXT NOT NULL,
        signer TEXT,
        signer_fingerprint TEXT UNIQUE,
        CHECK (recipient IS NOT NULL OR signer IS NOT NULL),
        CHECK ((signer IS NULL) = (signer_fingerprint IS NULL))
    );
    INSERT INTO contacts_v4(name, recipient, fingerprint, added)
        SELECT name, recipient, fingerprint, added FROM contacts;
    DROP TABLE contacts;
    ALTER TABLE contacts_v4 RENAME TO contacts;
    ALTER TABLE received_bundles ADD COLUMN signer_key TEXT;
    CREATE INDEX received_bundles_by_signer ON received_bundles(signer_fingerprint);
    CREATE INDEX received_incidents_by_incident ON received_incidents(incident_id);
    "#,
    // v5: the entity index (people, organisations, places, vehicles across incidents); filled
    // for the live incidents when applied (see `migrate`).
    super::entities::ENTITY_MIGRATION,
    // v6: search that speaks the users' languages (vault/db/search.rs): each word with its
    // Snowball and Kyrgyz stems, contentless, words removed on amend/delete with
    // 'secure-delete'. `migrate` indexes the live incidents after this one (marker below).
    r#"
    -- sandyk:reindex-stems
    CREATE VIRTUAL TABLE incident_stems USING fts5(
        terms,
        content = '',
        tokenize = 'unicode61 remove_diacritics 0'
    );
    INSERT INTO incident_stems(incident_stems, rank) VALUES ('secure-delete', 1);
    "#,
    // v7: drafts of the guided form (vault/db/drafts.rs): an unfinished incident kept inside the
    // encrypted database when the form is interrupted, never as a file.
    r#"
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        body TEXT NOT NULL
    );
    "#,
    // v8: the case file's index (received incidents found by search and every filter like own
    // ones); filled from the received incidents when applied (see `migrate`).
    super::received::RECEIVED_INDEX_MIGRATION,
    // v9: entity merges in force (a cache of the merges record in the hash chain).
    super::entities::MERGE_MIGRATION,
    // v10: a covering index for the counts of `stats`.
    super::stats::STATS_MIGRATION,
    // v11: the attachment store (issue 15): a key per attachment, content in encrypted
    // files beside the database (`vault::store`).
    super::attachments::STORE_MIGRATION,
];

/// The migration that replaced the search index; crossing it re-indexes every live incident.
const REINDEX_AT: usize = 2;

impl Db {
    pub(super) fn migrate(&mut self) -> Result<()> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if v as usize >= MIGRATIONS.len() {
            return Ok(());
        }
        let tx = self.begin()?;
        // Re-read inside the write lock: another process may have migrated meanwhile.
        let v: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let mut entities = false;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(v as usize) {
            tx.execute_batch(sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
            if i + 1 == REINDEX_AT {
                Self::reindex_all(&tx)?;
            } else if sql.contains("sandyk:reindex-stems") {
                Self::reindex_stems(&tx)?;
            }
            if *sql == super::received::RECEIVED_INDEX_MIGRATION {
                Self::reindex_received(&tx)?;
            }
            entities |= *sql == super::entities::ENTITY_MIGRATION;
        }
        // After every migration (the index reads the merges table of a later one).
        if entities {
            Self::reindex_entities(&tx)?;
        }
        // A migration may drop or rebuild tables (the search index of v1 held deleted
        // words): the journal is scrubbed by `configure` right after.
        super::journal::mark_scrub_pending(&tx)?;
        tx.commit()?;
        Ok(())
    }
}
