//! Attachment storage: the `attachments` and `attachment_files` tables (and the v1
//! `attachment_chunks`).
//!
//! An attachment is one row in `attachments`, holding its own random 256-bit key
//! (`content_key`), and one content file per stored copy in the attachment store
//! ([`crate::vault::store`], named in `attachment_files` with its STREAM nonce prefix):
//! copy 0 is the original, copy 1 the metadata-free working copy (only when it differs from
//! the original). Intake writes and syncs the content files (and the store directory)
//! first, then commits the rows in one write transaction together with the `amend`
//! revision that records the attachment's SHA-256 in the incident, so the hash chain covers
//! it and a failure at any point leaves the vault as it was (a file without a row is an
//! orphan, removed at the next read-write open: [`Db::sweep_store`]).
//!
//! Deleting destroys the rows (the key with them: `secure_delete` and the journal scrub
//! make that unrecoverable), then truncates and unlinks the files: no journal space and no
//! time proportional to the size.
//!
//! Vaults made before the store (schema v5 and older) kept the bytes in `attachment_chunks`
//! (chunks of [`CHUNK`] bytes inside SQLCipher pages; `content_key` NULL). Those still read;
//! [`Db::migrate_attachments`] moves them to the store one attachment per transaction.
//!
//! For other modules (export): [`Db::attachments`] lists an incident's attachments and
//! [`Db::attachment_reader`] streams one copy, checking its size and SHA-256 against the
//! hash chain as it goes.

use std::io::{self, Read, Seek, SeekFrom, Write};

use jiff::Zoned;
use rusqlite::{params, Connection, OptionalExtension, MAIN_DB};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use thiserror::Error;

use super::{now_utc, parse_body, Db, DbError};
use crate::attach::intake::Source;
use crate::attach::metadata::{self, Reveals, Working};
use crate::attach::strip::{self, FilterError, Format};
use crate::attach::{detect, AttachError, Variant, CHUNK, MAX_PER_INCIDENT};
use crate::model::chain::Op;
use crate::model::incident::{AttachmentRef, Incident};
use crate::vault::store::{self, Store, StoreError, StoreWriter, NONCE_PREFIX};

/// The schema change of the attachment store (appended to `MIGRATIONS`): each attachment's
/// key, and its content files.
pub(crate) const STORE_MIGRATION: &str = r#"
    ALTER TABLE attachments ADD COLUMN content_key BLOB;
    CREATE TABLE attachment_files (
        attachment_id INTEGER NOT NULL,
        copy INTEGER NOT NULL,
        file TEXT NOT NULL UNIQUE,
        nonce BLOB NOT NULL,
        PRIMARY KEY (attachment_id, copy)
    );
    "#;

/// What can go wrong storing or reading attachments: the content-level errors of
/// [`crate::attach`], the database's, and the store's. (The attach module knows nothing of
/// the vault: this type is where the two meet.)
#[derive(Debug, Error)]
pub enum AttachmentError {
    #[error("{0}")]
    Attach(#[from] AttachError),
    #[error("{0}")]
    Db(#[from] DbError),
    /// The store failed for attachment `reference` (`ID/N`, empty when not known).
    #[error("attachment {reference}: {source}")]
    Store {
        reference: String,
        source: StoreError,
    },
}

impl From<StoreError> for AttachmentError {
    fn from(source: StoreError) -> AttachmentError {
        AttachmentError::Store {
            reference: String::new(),
            source,
        }
    }
}

impl From<rusqlite::Error> for AttachmentError {
    fn from(e: rusqlite::Error) -> AttachmentError {
        AttachmentError::Db(e.into())
    }
}

fn store_io(e: io::Error) -> AttachmentError {
    StoreError::Io(e).into()
}

/// One stored attachment, as `attachments --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentRow {
    pub incident_id: String,
    pub n: u32,
    /// The original file name, sanitised.
    pub name: String,
    /// Size of the original.
    pub size: u64,
    /// SHA-256 of the original, hex (as recorded in the hash chain).
    pub sha256: String,
    pub media_type: String,
    /// When it was taken in (RFC 3339 UTC).
    pub added: String,
    /// Size and SHA-256 of the working copy, if there is one (equal to the original's when
    /// nothing had to be removed).
    pub working_size: Option<u64>,
    pub working_sha256: Option<String>,
    /// What the file reveals and what the working copy is.
    pub reveals: Reveals,
}

impl AttachmentRow {
    /// `ID/N`.
    pub fn reference(&self) -> String {
        format!("{}/{}", self.incident_id, self.n)
    }

    /// Size and SHA-256 (hex, as recorded) of one copy, from the row alone: nothing is
    /// read (export writes its manifest from these, then reads each copy once). The working
    /// copy of an attachment without one is `AttachError::NoWorkingCopy`; when nothing had
    /// to be removed it is the original.
    pub fn copy(&self, variant: Variant) -> Result<(u64, String), AttachError> {
        match variant {
            Variant::Original => Ok((self.size, self.sha256.clone())),
            Variant::Working => match &self.working_sha256 {
                None => Err(AttachError::NoWorkingCopy(self.reference())),
                Some(w) if *w == self.sha256 => Ok((self.size, w.clone())),
                Some(w) => Ok((self.working_size.unwrap_or(self.size), w.clone())),
            },
        }
    }
}

/// What [`Db::migrate_attachments`] did: how many attachments it moved into the store, and
/// which (`ID/N`) it left where they were because their stored bytes do not match their
/// recorded SHA-256 (damaged before the move; `check` reports them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migrated {
    pub moved: u64,
    pub damaged: Vec<String>,
}

/// What intake recorded for one file.
#[derive(Debug, Clone)]
pub struct Attached {
    pub reference: AttachmentRef,
    pub reveals: Reveals,
    /// Size of the working copy, if there is one.
    pub working_size: Option<u64>,
}

/// Store one chunk the v1 way (only tests make v1 vaults now). The row is made with a
/// zero-filled blob, then the bytes are written into it in place.
#[cfg(test)]
pub(crate) fn insert_chunk(
    conn: &Connection,
    att: i64,
    copy: i64,
    idx: i64,
    data: &[u8],
) -> Result<(), DbError> {
    conn.prepare_cached(
        "INSERT INTO attachment_chunks(attachment_id, copy, idx, data) VALUES (?1, ?2, ?3, zeroblob(?4))",
    )?
    .execute(params![att, copy, idx, data.len() as i64])?;
    if !data.is_empty() {
        let mut blob = conn.blob_open(
            MAIN_DB,
            "attachment_chunks",
            "data",
            conn.last_insert_rowid(),
            false,
        )?;
        blob.write_at(data, 0)?;
        blob.close()?;
    }
    Ok(())
}

/// A working copy being written to the store, hashed on the way.
struct HashingWriter {
    inner: StoreWriter,
    hasher: Sha256,
    total: u64,
}

impl Write for HashingWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(data)?;
        self.hasher.update(&data[..n]);
        self.total += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Reads a stored copy (Read + Seek), one chunk at a time. Checks that every chunk exists
/// and has the length the format requires; it does not check hashes ([`AttachmentReader`]
/// does).
pub(crate) struct ChunkReader<'c> {
    conn: &'c Connection,
    att: i64,
    copy: i64,
    size: u64,
    pos: u64,
    buf: Zeroizing<Vec<u8>>,
    loaded: Option<u64>,
}

impl<'c> ChunkReader<'c> {
    pub(crate) fn new(conn: &'c Connection, att: i64, copy: i64, size: u64) -> ChunkReader<'c> {
        ChunkReader {
            conn,
            att,
            copy,
            size,
            pos: 0,
            buf: Zeroizing::new(Vec::new()),
            loaded: None,
        }
    }

    fn load(&mut self, idx: u64) -> Result<(), DbError> {
        let want = (self.size - idx * CHUNK as u64).min(CHUNK as u64) as usize;
        let (rowid, len): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT id, length(data) FROM attachment_chunks WHERE attachment_id = ?1 AND copy = ?2 AND idx = ?3",
            )?
            .query_row(params![self.att, self.copy, idx as i64], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or(DbError::Damaged)?;
        if len != want as i64 {
            return Err(DbError::Damaged);
        }
        // Read straight from the pages into our buffer (no temporary copy inside SQLite).
        self.buf.resize(want, 0);
        let blob = self
            .conn
            .blob_open(MAIN_DB, "attachment_chunks", "data", rowid, true)?;
        blob.read_at_exact(&mut self.buf, 0)?;
        blob.close()?;
        self.loaded = Some(idx);
        Ok(())
    }
}

impl Read for ChunkReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.size || out.is_empty() {
            return Ok(0);
        }
        let idx = self.pos / CHUNK as u64;
        if self.loaded != Some(idx) {
            if let Err(e) = self.load(idx) {
                return Err(io::Error::other(e));
            }
        }
        let off = (self.pos % CHUNK as u64) as usize;
        let n = out.len().min(self.buf.len() - off);
        out[..n].copy_from_slice(&self.buf[off..off + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for ChunkReader<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let new = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match new {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(io::Error::from(io::ErrorKind::InvalidInput)),
        }
    }
}

/// A stored copy of an attachment, streamed. Reading to the end checks the size and the
/// SHA-256 recorded in the hash chain: on a mismatch the final read fails with
/// `io::ErrorKind::InvalidData` instead of returning end-of-file, so a consumer that reads
/// to the end (e.g. `io::copy`) never mistakes damaged bytes for the attachment.
pub struct AttachmentReader<'c> {
    inner: Inner<'c>,
    hasher: Sha256,
    expected: [u8; 32],
    read: u64,
    verified: bool,
    /// Which copy this is.
    pub variant: Variant,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, hex, as recorded in the hash chain.
    pub sha256: String,
}

/// Where a copy's bytes are: SQLCipher pages (v1) or a content file in the store.
enum Inner<'c> {
    V1(ChunkReader<'c>),
    /// Decrypted ahead on a second thread.
    V2(store::ReadAhead),
}

impl Read for Inner<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            Inner::V1(r) => r.read(out),
            Inner::V2(r) => r.read(out),
        }
    }
}

impl AttachmentReader<'_> {
    /// True once every byte has been read and matched the recorded hash.
    pub fn verified(&self) -> bool {
        self.verified
    }
}

impl Read for AttachmentReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        if n > 0 {
            // The store's reader hashes on its own thread, as it decrypts.
            if let Inner::V1(_) = self.inner {
                self.hasher.update(&out[..n]);
            }
            self.read += n as u64;
            return Ok(n);
        }
        if !out.is_empty() && !self.verified {
            let h: [u8; 32] = match &self.inner {
                Inner::V1(_) => std::mem::take(&mut self.hasher).finalize().into(),
                // None: the thread ended without reaching the end; never equal.
                Inner::V2(r) => r.sha256().unwrap_or_else(|| {
                    let mut h = self.expected;
                    h[0] ^= 1;
                    h
                }),
            };
            if self.read != self.size || h != self.expected {
                // Do not report success on a later call either.
                self.hasher.update(b"mismatch");
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "attachment does not match its recorded SHA-256",
                ));
            }
            self.verified = true;
        }
        Ok(0)
    }
}

fn hex32(s: &str) -> Result<[u8; 32], DbError> {
    let v = hex::decode(s).map_err(|_| DbError::Damaged)?;
    v.try_into().map_err(|_| DbError::Damaged)
}

type RawRow = (i64, AttachmentRow);

/// A v2 copy: the attachment's key, its content file, its STREAM nonce prefix.
type StoredContent = (Zeroizing<[u8; 32]>, String, [u8; NONCE_PREFIX]);

fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, AttachmentRow)> {
    Ok((
        r.get(0)?,
        r.get::<_, String>(9)?,
        AttachmentRow {
            incident_id: r.get(1)?,
            n: r.get::<_, i64>(2)? as u32,
            name: r.get(3)?,
            size: r.get::<_, i64>(4)? as u64,
            sha256: r.get(5)?,
            media_type: r.get(6)?,
            added: r.get(7)?,
            working_size: r.get::<_, Option<i64>>(8)?.map(|s| s as u64),
            working_sha256: r.get(10)?,
            reveals: Reveals::default(),
        },
    ))
}

const ROW_SQL: &str = "SELECT id, incident_id, n, name, size, sha256, media_type, added, working_size, reveals, working_sha256
     FROM attachments";

/// Delete every attachment of an incident, in the caller's transaction: v1 chunks, content
/// file rows and attachment rows (their keys with them; `secure_delete` overwrites the
/// freed pages). Returns the content files to remove once the transaction has committed
/// ([`Db::remove_content`]).
pub(crate) fn delete_for_incident(
    conn: &Connection,
    incident_id: &str,
) -> Result<Vec<String>, DbError> {
    destroy_rows(
        conn,
        "SELECT id FROM attachments WHERE incident_id = ?1",
        &incident_id,
    )
}

/// Delete the rows of the attachments whose ids `ids_sql` selects (one parameter, `?1`):
/// their files' names, v1 chunks, and the attachment rows with their keys. Returns the
/// content files to remove once the transaction has committed.
fn destroy_rows(
    conn: &Connection,
    ids_sql: &str,
    param: &dyn rusqlite::ToSql,
) -> Result<Vec<String>, DbError> {
    let files = {
        let mut st = conn.prepare(&format!(
            "SELECT file FROM attachment_files WHERE attachment_id IN ({ids_sql})"
        ))?;
        let v = st
            .query_map([param], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        v
    };
    for table in ["attachment_files", "attachment_chunks"] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE attachment_id IN ({ids_sql})"),
            [param],
        )?;
    }
    conn.execute(
        &format!("DELETE FROM attachments WHERE id IN ({ids_sql})"),
        [param],
    )?;
    Ok(files)
}

/// The highest attachment number any revision of the incident records: a deleted
/// attachment's number stays in the revisions before its deletion and is never given again
/// (an `ID/N` in an old bundle or note always means the same file).
fn recorded_max(conn: &Connection, incident_id: &str) -> Result<i64, DbError> {
    #[derive(serde::Deserialize)]
    struct Numbers {
        #[serde(default)]
        attachments: Vec<Number>,
    }
    #[derive(serde::Deserialize)]
    struct Number {
        n: u32,
    }
    let mut st = conn.prepare(
        "SELECT body FROM revisions WHERE incident_id = ?1 AND body IS NOT NULL AND body LIKE '%\"attachments\"%'",
    )?;
    let mut max = 0i64;
    for body in st.query_map([incident_id], |r| r.get::<_, String>(0))? {
        let body = Zeroizing::new(body?);
        let b: Numbers = serde_json::from_str(&body).map_err(|_| DbError::Damaged)?;
        for a in b.attachments {
            max = max.max(a.n as i64);
        }
    }
    Ok(max)
}

/// Size and SHA-256 of a working copy, if there is one.
type WorkingCopy = Option<(u64, [u8; 32])>;

/// Look at the stored original and make the working copy in the store. Returns what the
/// file reveals, the working copy's size and hash (None: there is no working copy) and its
/// content file.
fn examine_and_strip(
    store: &Store,
    key: &[u8; 32],
    original: &store::Stored,
    sha: [u8; 32],
    media_type: &str,
) -> Result<(Reveals, WorkingCopy, Option<store::Stored>), AttachmentError> {
    let mut r = Reveals::default();
    let mut rd = store.open(&original.name, key, &original.prefix, original.size)?;
    let size = original.size;
    let Some(fmt) = Format::of(media_type) else {
        // The metadata readers treat a read error as "nothing found"; the original was
        // written and synced a moment ago.
        match media_type {
            "image/heic" | "image/heif" | "image/avif" => metadata::read_heif(&mut rd, &mut r),
            "image/tiff" => metadata::read_tiff(&mut rd, size, &mut r),
            _ => {}
        }
        r.working = Working::NotSupported;
        return Ok((r, None, None));
    };
    match strip::filter(fmt, &mut rd, io::sink(), &mut r) {
        Ok(_) if r.removed.is_empty() => {
            r.working = Working::Identical;
            Ok((r, Some((size, sha)), None))
        }
        Ok(_) => {
            rd.seek(SeekFrom::Start(0)).map_err(store_io)?;
            let mut w = HashingWriter {
                inner: store.create(key, 1)?,
                hasher: Sha256::new(),
                total: 0,
            };
            let mut again = Reveals::default();
            match strip::filter(fmt, &mut rd, &mut w, &mut again) {
                Ok(_) => {}
                // The same bytes were just read without trouble.
                Err(FilterError::Malformed(_)) => return Err(DbError::Damaged.into()),
                Err(FilterError::Io(e)) => return Err(store_io(e)),
            }
            let HashingWriter {
                inner,
                hasher,
                total,
            } = w;
            let stored = inner.finish()?;
            let sha: [u8; 32] = hasher.finalize().into();
            // The safety net: a second pass over the copy as stored must find nothing to
            // remove. If it does (a filter bug), no working copy is offered: extract and
            // export then need the original or leaving the file out, chosen explicitly.
            let copy = store.open(&stored.name, key, &stored.prefix, stored.size)?;
            #[allow(unused_mut)]
            let mut again = strip::second_pass(fmt, copy, total, &sha);
            #[cfg(test)]
            if tests::FORCE_NOT_CLEAN.with(|f| f.get()) {
                again = Ok(Some(Reveals::default()));
            }
            match again {
                Ok(None) => {
                    r.working = Working::Stripped;
                    Ok((r, Some((total, sha)), Some(stored)))
                }
                Ok(Some(_)) => {
                    // Not referenced by any row: removed now (or swept at the next open).
                    let _ = store.remove(std::slice::from_ref(&stored.name));
                    Ok(not_clean(r))
                }
                Err(e) => {
                    let _ = store.remove(std::slice::from_ref(&stored.name));
                    Err(store_io(e))
                }
            }
        }
        Err(FilterError::Malformed(_)) => {
            r.working = Working::Unreadable;
            Ok((r, None, None))
        }
        Err(FilterError::Io(e)) => Err(store_io(e)),
    }
}

/// The outcome of a working copy that a second pass did not find clean: no working copy.
fn not_clean(mut r: Reveals) -> (Reveals, WorkingCopy, Option<store::Stored>) {
    r.working = Working::Unreadable;
    r.removed.clear();
    r.problem = Some(metadata::ImageProblem::NotClean);
    r.examined = metadata::Examined::Partly;
    (r, None, None)
}

/// Content files written by an intake that has not committed: removed if it fails.
struct Written<'s> {
    store: &'s Store,
    names: Vec<String>,
    committed: bool,
}

impl Drop for Written<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.store.remove(&self.names);
        }
    }
}

impl Db {
    /// The attachment store of this database.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Attach files to an incident: every file or none. Each file gets its own random key;
    /// its original (and working copy) are written to the store and synced, the store
    /// directory synced, and only then the rows (keys, file names) commit in one
    /// transaction that also appends an `amend` revision recording the new attachments
    /// (name, size, SHA-256, type, working-copy hash). `progress` is called with the bytes
    /// taken in so far. Returns the normalised incident id and what was recorded for each
    /// file.
    pub fn attach(
        &mut self,
        id: &str,
        sources: Vec<Source>,
        now: &Zoned,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(String, Vec<Attached>), AttachmentError> {
        let id = Self::normalise_id(id);
        if sources.is_empty() {
            return Ok((id, vec![]));
        }
        let store = self.store.clone();
        let mut written = Written {
            store: &store,
            names: vec![],
            committed: false,
        };
        let tx = self.begin()?;
        let (rowid, head, deleted) = Self::incident_row(&tx, &id)?;
        if deleted.is_some() {
            return Err(DbError::Deleted(id).into());
        }
        let head_rev = Self::revision_at(&tx, head)?;
        let current = parse_body(&head_rev)?;
        let stored_max: i64 = tx.query_row(
            "SELECT coalesce(max(n), 0) FROM attachments WHERE incident_id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        let first = current
            .attachments
            .iter()
            .map(|a| a.n as i64)
            .max()
            .unwrap_or(0)
            .max(stored_max)
            .max(recorded_max(&tx, &id)?)
            + 1;
        if first - 1 + sources.len() as i64 > MAX_PER_INCIDENT as i64 {
            return Err(AttachError::TooMany.into());
        }
        let added = now_utc(now);
        let mut done = vec![];
        let mut taken_in = 0u64;
        for (i, mut src) in sources.into_iter().enumerate() {
            let next = first + i as i64;
            let key = store::new_key();
            // The original: from the file through the cipher into the store, hashed on the
            // way (reading and hashing on one thread, sealing and writing on this one).
            let mut w = store.create(&key, 0)?;
            let (size, sha, head) = src.pump(16 * store::CHUNK, |data| {
                w.write_all(data).map_err(store_io)?;
                fail::fail_point!("attach-after-chunk", |_| Err(DbError::DiskFull.into()));
                taken_in += data.len() as u64;
                progress(taken_in);
                Ok::<(), AttachmentError>(())
            })?;
            let original = w.finish()?;
            written.names.push(original.name.clone());
            let media_type = detect(&head);
            let (reveals, working, working_file) =
                examine_and_strip(&store, &key, &original, sha, media_type)?;
            if let Some(f) = &working_file {
                written.names.push(f.name.clone());
            }
            let reveals_json = serde_json::to_string(&reveals).expect("reveals always serialise");
            tx.execute(
                "INSERT INTO attachments(incident_id, n, name, size, sha256, media_type, added, reveals, working_size, working_sha256, content_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id,
                    next,
                    src.name,
                    size as i64,
                    hex::encode(sha),
                    media_type,
                    added,
                    reveals_json,
                    working.map(|w| w.0 as i64),
                    working.map(|w| hex::encode(w.1)),
                    &key[..]
                ],
            )?;
            let att = tx.last_insert_rowid();
            for (copy, f) in [(0, Some(&original)), (1, working_file.as_ref())] {
                if let Some(f) = f {
                    tx.execute(
                        "INSERT INTO attachment_files(attachment_id, copy, file, nonce) VALUES (?1, ?2, ?3, ?4)",
                        params![att, copy, f.name, &f.prefix[..]],
                    )?;
                }
            }
            done.push(Attached {
                reference: AttachmentRef {
                    n: next as u32,
                    name: src.name.clone(),
                    size,
                    sha256: hex::encode(sha),
                    media_type: media_type.to_owned(),
                    added: added.clone(),
                    working_sha256: working.map(|w| hex::encode(w.1)),
                },
                reveals,
                working_size: working.map(|w| w.0),
            });
        }
        let mut updated: Incident = current;
        updated
            .attachments
            .extend(done.iter().map(|a| a.reference.clone()));
        let body = serde_json::to_string(&updated).expect("an incident always serialises");
        let rev = Self::append_revision(&tx, &id, Op::Amend, &added, Some(body), head_rev.hash)?;
        tx.execute(
            "UPDATE incidents SET head_seq = ?2 WHERE rowid = ?1",
            params![rowid, rev.seq as i64],
        )?;
        // Every content file is synced; now their names in the directory.
        store.sync().map_err(store_io)?;
        fail::fail_point!("attach-before-commit", |_| Err(DbError::Busy.into()));
        // From here the outcome is the database's: a COMMIT that reports an error may
        // still have reached the disk (a failed sync of the journal's header after the
        // database pages were synced), so the files stay in doubt rather than removed; the
        // next read-write open removes them if no row names them.
        written.committed = true;
        tx.commit()?;
        Ok((id, done))
    }

    /// Delete one attachment of a live incident: in one transaction its row (its key with
    /// it), its `attachment_files` rows (and v1 chunks) are deleted and an `amend` revision
    /// records the incident without it, so the hash chain and `history` show the change;
    /// the journal that held the destroyed pages is scrubbed after the commit, then the
    /// content files are truncated and unlinked. The earlier revisions keep their record of
    /// the attachment (number, name, size, SHA-256) like any amended field; its bytes are
    /// gone. Its number is never given again. Returns the normalised incident id and the
    /// deleted attachment's record. An unknown incident or number changes nothing.
    pub fn delete_attachment(
        &mut self,
        id: &str,
        n: u32,
        now: &Zoned,
    ) -> Result<(String, AttachmentRef), AttachmentError> {
        let id = Self::normalise_id(id);
        let tx = self.begin()?;
        let (rowid, head, deleted) = Self::incident_row(&tx, &id)?;
        if deleted.is_some() {
            return Err(DbError::Deleted(id).into());
        }
        let head_rev = Self::revision_at(&tx, head)?;
        let mut updated = parse_body(&head_rev)?;
        let reference = format!("{id}/{n}");
        let pos = updated
            .attachments
            .iter()
            .position(|a| a.n == n)
            .ok_or_else(|| AttachError::NotFound(reference.clone()))?;
        let gone = updated.attachments.remove(pos);
        let rid: i64 = tx
            .query_row(
                "SELECT id FROM attachments WHERE incident_id = ?1 AND n = ?2",
                params![id, n as i64],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(DbError::Damaged)?;
        let files = destroy_rows(&tx, "SELECT ?1", &rid)?;
        let at = now_utc(now);
        let body = serde_json::to_string(&updated).expect("an incident always serialises");
        let rev = Self::append_revision(&tx, &id, Op::Amend, &at, Some(body), head_rev.hash)?;
        tx.execute(
            "UPDATE incidents SET head_seq = ?2 WHERE rowid = ?1",
            params![rowid, rev.seq as i64],
        )?;
        // The journal now holds the pages with the key: overwrite it after the commit.
        super::journal::mark_scrub_pending(&tx)?;
        fail::fail_point!("db-delete-attachment-before-commit", |_| Err(
            DbError::Busy.into()
        ));
        tx.commit()?;
        let scrubbed = self.destroyed();
        // Unreadable already (the key is gone); removed even if the scrub failed, and a
        // failure to remove leaves orphans for the next open's sweep.
        let removed = self.remove_content(&files);
        scrubbed.and(removed)?;
        Ok((id, gone))
    }

    /// Remove content files whose rows a committed transaction destroyed. A failure leaves
    /// orphans that the next read-write open removes ([`Db::sweep_store`]); their keys are
    /// gone already.
    pub(crate) fn remove_content(&self, files: &[String]) -> Result<(), DbError> {
        if files.is_empty() {
            return Ok(());
        }
        fail::fail_point!("db-before-content-removal", |_| Err(DbError::Busy));
        self.store.remove(files).map(|_| ()).map_err(DbError::Store)
    }

    /// Remove content files no row refers to: what a crash left between writing an
    /// attachment's content and committing its row, or between a deletion's commit and its
    /// unlink. Runs under the write lock, so no intake in progress can lose its files; when
    /// another sandyk holds the lock it is skipped (the next open does it). Returns how
    /// many files were removed.
    pub fn sweep_store(&self) -> Result<usize, DbError> {
        if !self.store.dir().exists() {
            return Ok(0);
        }
        let saved = self.conn.busy_timeout(std::time::Duration::ZERO);
        let begun = self.conn.execute_batch("BEGIN IMMEDIATE");
        let _ = saved.and_then(|_| self.conn.busy_timeout(std::time::Duration::from_secs(30)));
        match begun.map_err(DbError::from) {
            Ok(()) => {}
            Err(DbError::Busy) => return Ok(0),
            Err(e) => return Err(e),
        }
        let r = (|| {
            let mut st = self.conn.prepare("SELECT file FROM attachment_files")?;
            let known = st
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<std::collections::HashSet<_>, _>>()?;
            // Listed under the lock: a file created before it is either committed now or
            // orphaned.
            let orphans: Vec<String> = self
                .store
                .list()
                .map_err(DbError::Store)?
                .into_iter()
                .filter(|n| !known.contains(n))
                .collect();
            let n = self.store.remove(&orphans).map_err(DbError::Store)?;
            // An empty store left by a crash (after its mkdir, before the first file; or
            // after a deletion's last unlink, before its rmdir) goes too.
            if known.is_empty() {
                self.store.remove_if_empty().map_err(DbError::Store)?;
            }
            Ok(n)
        })();
        let _ = self.conn.execute_batch("COMMIT");
        r
    }

    /// Attachments still stored the v1 way (bytes in `attachment_chunks`): how many, and
    /// how many bytes (original and working copies) moving them to the store will copy.
    pub fn v1_attachments(&self) -> Result<(u64, u64), DbError> {
        let (n, bytes): (i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(size + CASE WHEN working_sha256 IS NOT NULL AND working_sha256 != sha256 THEN coalesce(working_size, 0) ELSE 0 END), 0)
             FROM attachments WHERE content_key IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((n as u64, bytes as u64))
    }

    /// Move v1 attachments into the store, one attachment per transaction: its copies are
    /// read from `attachment_chunks` (each checked against its recorded SHA-256), sealed
    /// under a new key into content files, synced; then one transaction stores the key and
    /// the file names and deletes the chunks (`secure_delete`; the journal that held their
    /// pages is scrubbed right after). A crash before a commit leaves an orphan file (swept
    /// at the next open) and the attachment as it was; after it, that attachment is done:
    /// calling this again resumes with the next. The hash chain is not touched (the bytes
    /// and their hashes are the same). An attachment whose stored bytes do not match their
    /// recorded SHA-256 is left where it is, as it was, and named in the result (damage is
    /// `check`'s to report; it must not stop the others). Any other failure (a full disk, a
    /// store that cannot be written) is returned at once: the attachments moved before it
    /// stay moved (each is its own committed transaction), the one in progress stays as it
    /// was, and no file of it is left behind.
    pub fn migrate_attachments(
        &mut self,
        progress: &mut dyn crate::progress::Progress,
    ) -> Result<Migrated, AttachmentError> {
        let (_, total) = self.v1_attachments()?;
        progress.start(total);
        let store = self.store.clone();
        let mut done = Migrated::default();
        // Attachments below this row id were moved or found damaged in this call.
        let mut after = 0i64;
        loop {
            let mut written = Written {
                store: &store,
                names: vec![],
                committed: false,
            };
            let tx = self.begin()?;
            type V1Row = (i64, String, i64, i64, String, Option<i64>, Option<String>);
            let row: Option<V1Row> = tx
                .query_row(
                    "SELECT id, incident_id, n, size, sha256, working_size, working_sha256
                     FROM attachments WHERE content_key IS NULL AND id > ?1 ORDER BY id LIMIT 1",
                    [after],
                    |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                        ))
                    },
                )
                .optional()?;
            let Some((rid, incident, n, size, sha, wsize, wsha)) = row else {
                break;
            };
            after = rid;
            let reference = format!("{incident}/{n}");
            let key = store::new_key();
            let mut copies = vec![(0i64, size as u64, sha.clone())];
            if let (Some(ws), Some(wh)) = (wsize, wsha) {
                if wh != sha {
                    copies.push((1, ws as u64, wh));
                }
            }
            let mut files = vec![];
            let mut damaged = false;
            for (copy, len, want) in copies {
                let mut rd = ChunkReader::new(&tx, rid, copy, len);
                let mut w = store.create(&key, copy as u8)?;
                let mut hasher = Sha256::new();
                let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
                loop {
                    let k = match rd.read(&mut buf) {
                        Ok(0) => break,
                        Ok(k) => k,
                        Err(_) => {
                            damaged = true;
                            break;
                        }
                    };
                    hasher.update(&buf[..k]);
                    w.write_all(&buf[..k]).map_err(store_io)?;
                    progress.advance(k as u64);
                }
                if damaged || hex::encode(hasher.finalize()) != want {
                    // Damaged where it is: it stays there, as it was (`check` reports it,
                    // `extract` refuses it), and the others move on.
                    damaged = true;
                    break;
                }
                let f = w.finish()?;
                written.names.push(f.name.clone());
                files.push((copy, f));
            }
            if damaged {
                done.damaged.push(reference);
                // The files written for it go when `written` is dropped; the transaction
                // rolls back.
                continue;
            }
            store.sync().map_err(store_io)?;
            tx.execute(
                "UPDATE attachments SET content_key = ?2 WHERE id = ?1",
                params![rid, &key[..]],
            )?;
            for (copy, f) in &files {
                tx.execute(
                    "INSERT INTO attachment_files(attachment_id, copy, file, nonce) VALUES (?1, ?2, ?3, ?4)",
                    params![rid, copy, f.name, &f.prefix[..]],
                )?;
            }
            tx.execute(
                "DELETE FROM attachment_chunks WHERE attachment_id = ?1",
                [rid],
            )?;
            super::journal::mark_scrub_pending(&tx)?;
            fail::fail_point!("migrate-attachment-before-commit", |_| Err(
                DbError::Busy.into()
            ));
            // As in `attach`: once COMMIT is attempted the files are left to the sweep.
            written.committed = true;
            tx.commit()?;
            done.moved += 1;
            self.destroyed()?;
        }
        progress.finish();
        Ok(done)
    }

    fn attachment_rows(conn: &Connection, id: &str) -> Result<Vec<RawRow>, DbError> {
        let mut st = conn.prepare(&format!("{ROW_SQL} WHERE incident_id = ?1 ORDER BY n"))?;
        let rows = st.query_map([id], row_of)?;
        let mut out = vec![];
        for r in rows {
            let (rid, reveals, mut row) = r?;
            row.reveals = serde_json::from_str(&reveals).map_err(|_| DbError::Damaged)?;
            out.push((rid, row));
        }
        Ok(out)
    }

    /// The attachments of an incident, in order, checked against what its current revision
    /// records (name, size, hashes, type): a disagreement is reported as damage.
    pub fn attachments(&self, incident_id: &str) -> Result<Vec<AttachmentRow>, DbError> {
        let inc = self.get(incident_id)?;
        let rows = Self::attachment_rows(&self.conn, &inc.id)?;
        if rows.len() != inc.attachments.len() {
            return Err(DbError::Damaged);
        }
        for ((_, row), r) in rows.iter().zip(&inc.attachments) {
            if !agrees(row, r) {
                return Err(DbError::Damaged);
            }
        }
        Ok(rows.into_iter().map(|(_, r)| r).collect())
    }

    /// Stream one copy of attachment `n` of an incident. The working copy of an attachment
    /// that has none gives `AttachError::NoWorkingCopy` (the row's `reveals.working` says
    /// why). The reader verifies size and SHA-256 against the hash chain as it is read.
    pub fn attachment_reader(
        &self,
        incident_id: &str,
        n: u32,
        variant: Variant,
    ) -> Result<AttachmentReader<'_>, AttachmentError> {
        let inc = self.get(incident_id)?;
        let reference = format!("{}/{n}", inc.id);
        let chain = inc
            .attachments
            .iter()
            .find(|a| a.n == n)
            .ok_or_else(|| AttachError::NotFound(reference.clone()))?;
        let (rid, row) = Self::attachment_rows(&self.conn, &inc.id)?
            .into_iter()
            .find(|(_, r)| r.n == n)
            .ok_or(DbError::Damaged)?;
        if !agrees(&row, chain) {
            return Err(DbError::Damaged.into());
        }
        let (copy, size, sha) = match variant {
            Variant::Original => (0, row.size, chain.sha256.clone()),
            Variant::Working => {
                let w = chain
                    .working_sha256
                    .clone()
                    .ok_or(AttachError::NoWorkingCopy(reference.clone()))?;
                if w == chain.sha256 {
                    (0, row.size, w)
                } else {
                    (1, row.working_size.ok_or(DbError::Damaged)?, w)
                }
            }
        };
        let inner = match self.content_of(rid, copy)? {
            None => Inner::V1(ChunkReader::new(&self.conn, rid, copy, size)),
            Some((key, file, prefix)) => Inner::V2(store::ReadAhead::new(
                self.store
                    .open(&file, &key, &prefix, size)
                    .map_err(|source| AttachmentError::Store { reference, source })?,
            )),
        };
        Ok(AttachmentReader {
            inner,
            hasher: Sha256::new(),
            expected: hex32(&sha)?,
            read: 0,
            verified: false,
            variant,
            size,
            sha256: sha,
        })
    }

    /// Where copy `copy` of attachment row `rid` is: None for v1 (chunks in the database),
    /// else its key, content file and nonce prefix.
    fn content_of(&self, rid: i64, copy: i64) -> Result<Option<StoredContent>, DbError> {
        let key: Option<Vec<u8>> = self.conn.query_row(
            "SELECT content_key FROM attachments WHERE id = ?1",
            [rid],
            |r| r.get(0),
        )?;
        let Some(key) = key.map(Zeroizing::new) else {
            return Ok(None);
        };
        let key: Zeroizing<[u8; 32]> =
            Zeroizing::new(key[..].try_into().map_err(|_| DbError::Damaged)?);
        let (file, nonce): (String, Vec<u8>) = self
            .conn
            .query_row(
                "SELECT file, nonce FROM attachment_files WHERE attachment_id = ?1 AND copy = ?2",
                params![rid, copy],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(DbError::Damaged)?;
        let prefix: [u8; NONCE_PREFIX] = nonce[..].try_into().map_err(|_| DbError::Damaged)?;
        Ok(Some((key, file, prefix)))
    }

    /// Check every attachment: rows agree with the hash chain, every stored copy reads back
    /// with its recorded size and SHA-256, and no chunk belongs to no attachment. Reads every
    /// stored byte. Returns the problems found (empty: all good).
    pub fn check_attachments(&self) -> Result<Vec<super::check::CheckProblem>, DbError> {
        use super::check::CheckProblem;
        let mut problems = vec![];
        let orphans: i64 = self.conn.query_row(
            "SELECT count(*) FROM attachment_chunks WHERE attachment_id NOT IN (SELECT id FROM attachments)",
            [],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            problems.push(CheckProblem::OrphanChunks(orphans as u64));
        }
        let known = {
            let mut st = self.conn.prepare("SELECT file FROM attachment_files")?;
            let v = st
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<std::collections::HashSet<_>, _>>()?;
            v
        };
        let stray = self
            .store
            .list()
            .map_err(DbError::Store)?
            .into_iter()
            .filter(|n| !known.contains(n))
            .count();
        if stray > 0 {
            problems.push(CheckProblem::StrayStoreFiles(stray as u64));
        }
        let mut st = self
            .conn
            .prepare("SELECT DISTINCT incident_id FROM attachments ORDER BY incident_id")?;
        let mut ids: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut st = self
            .conn
            .prepare("SELECT id FROM incidents WHERE deleted_at IS NULL")?;
        for id in st.query_map([], |r| r.get::<_, String>(0))? {
            let id = id?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        for id in ids {
            let inc = match self.get(&id) {
                Ok(i) => i,
                Err(DbError::Deleted(_)) | Err(DbError::NotFound(_)) => {
                    problems.push(CheckProblem::AttachmentsWithoutIncident { id });
                    continue;
                }
                Err(e) => return Err(e),
            };
            let rows = Self::attachment_rows(&self.conn, &id)?;
            if rows.len() != inc.attachments.len() {
                problems.push(CheckProblem::AttachmentCount {
                    id: id.clone(),
                    stored: rows.len() as u64,
                    recorded: inc.attachments.len() as u64,
                });
            }
            for (_, row) in &rows {
                let Some(chain) = inc.attachments.iter().find(|a| a.n == row.n) else {
                    problems.push(CheckProblem::AttachmentUnrecorded {
                        reference: row.reference(),
                    });
                    continue;
                };
                if !agrees(row, chain) {
                    problems.push(CheckProblem::AttachmentDiffers {
                        reference: row.reference(),
                    });
                    continue;
                }
                for v in [Variant::Original, Variant::Working] {
                    let mut rd = match self.attachment_reader(&id, row.n, v) {
                        Ok(r) => r,
                        Err(AttachmentError::Attach(AttachError::NoWorkingCopy(_))) => continue,
                        Err(AttachmentError::Db(e)) => return Err(e),
                        Err(_) => {
                            problems.push(CheckProblem::AttachmentCopy {
                                reference: row.reference(),
                                working: v == Variant::Working,
                            });
                            continue;
                        }
                    };
                    // Every chunk is authenticated on the way, then the whole copy hashed.
                    if let Err(e) = io::copy(&mut rd, &mut io::sink()) {
                        problems.push(match store::tampered_chunk(&e) {
                            Some(chunk) => CheckProblem::AttachmentChunk {
                                reference: row.reference(),
                                working: v == Variant::Working,
                                chunk,
                            },
                            None => CheckProblem::AttachmentCopy {
                                reference: row.reference(),
                                working: v == Variant::Working,
                            },
                        });
                    }
                }
            }
        }
        Ok(problems)
    }
}

/// Whether a stored row says the same as the revision's record.
fn agrees(row: &AttachmentRow, r: &AttachmentRef) -> bool {
    row.n == r.n
        && row.name == r.name
        && row.size == r.size
        && row.sha256 == r.sha256
        && row.media_type == r.media_type
        && row.added == r.added
        && row.working_sha256 == r.working_sha256
}

/// Attachment numbers already used by an incident (for tests and callers that need them).
pub fn attachment_numbers(db: &Db, incident_id: &str) -> Result<Vec<u32>, DbError> {
    let id = Db::normalise_id(incident_id);
    let mut st = db
        .conn
        .prepare("SELECT n FROM attachments WHERE incident_id = ?1 ORDER BY n")?;
    let v = st
        .query_map([id], |r| r.get::<_, i64>(0).map(|n| n as u32))?
        .collect::<Result<_, _>>()?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::super::Mode;
    use super::*;
    use crate::crypto::secret::DataKey;
    use crate::vault::db::check::CheckProblem;

    fn now() -> Zoned {
        "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap()
    }

    fn setup() -> (tempfile::TempDir, Db, String) {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let input = serde_json::from_str(
            r#"{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"followed"}"#,
        )
        .unwrap();
        let id = db.add(vec![input], &now()).unwrap().remove(0);
        (d, db, id)
    }

    fn file(d: &tempfile::TempDir, name: &str, data: &[u8]) -> Source {
        let p = d.path().join(name);
        std::fs::write(&p, data).unwrap();
        Source::open(&p).unwrap()
    }

    fn read(db: &Db, id: &str, n: u32, v: Variant) -> io::Result<Vec<u8>> {
        let mut out = vec![];
        db.attachment_reader(id, n, v)
            .unwrap()
            .read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn round_trip_chunk_boundaries() {
        let (d, mut db, id) = setup();
        let sizes = [0usize, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 7];
        let data: Vec<Vec<u8>> = sizes
            .iter()
            .map(|&s| (0..s).map(|i| (i * 31 % 251) as u8).collect())
            .collect();
        let sources = data
            .iter()
            .enumerate()
            .map(|(i, b)| file(&d, &format!("f{i}.bin"), b))
            .collect();
        let (_, done) = db.attach(&id, sources, &now(), &mut |_| {}).unwrap();
        assert_eq!(done.len(), sizes.len());
        for (i, b) in data.iter().enumerate() {
            let n = i as u32 + 1;
            assert_eq!(&read(&db, &id, n, Variant::Original).unwrap(), b);
            assert_eq!(
                done[i].reference.sha256,
                hex::encode(crate::crypto::sha256(b))
            );
            assert!(matches!(
                db.attachment_reader(&id, n, Variant::Working),
                Err(AttachmentError::Attach(AttachError::NoWorkingCopy(_)))
            ));
        }
        let rows = db.attachments(&id).unwrap();
        assert_eq!(
            rows.iter().map(|r| r.size).collect::<Vec<_>>(),
            sizes.iter().map(|&s| s as u64).collect::<Vec<_>>()
        );
        assert_eq!(db.get(&id).unwrap().attachments.len(), sizes.len());
        assert_eq!(
            db.check().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
        assert_eq!(
            db.check_attachments().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
        // Numbers continue after the last one.
        db.attach(
            &id,
            vec![file(&d, "more.txt", b"more")],
            &now(),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(
            attachment_numbers(&db, &id).unwrap(),
            (1..=7).collect::<Vec<_>>()
        );
    }

    /// Store `data` as attachment `n` of `id` the v1 way (chunks in the database), with
    /// the amend revision a v1 intake made: what a vault from before the store holds.
    pub(crate) fn attach_v1(db: &mut Db, id: &str, name: &str, data: &[u8]) -> u32 {
        let tx = db.begin().unwrap();
        let (rowid, head, _) = Db::incident_row(&tx, id).unwrap();
        let head_rev = Db::revision_at(&tx, head).unwrap();
        let mut inc = parse_body(&head_rev).unwrap();
        let n = inc.attachments.iter().map(|a| a.n).max().unwrap_or(0) + 1;
        let sha = hex::encode(crate::crypto::sha256(data));
        let added = now_utc(&now());
        tx.execute(
            "INSERT INTO attachments(incident_id, n, name, size, sha256, media_type, added, reveals) VALUES (?1, ?2, ?3, ?4, ?5, 'application/octet-stream', ?6, ?7)",
            params![id, n, name, data.len() as i64, sha, added, r#"{"working":"not_supported"}"#],
        )
        .unwrap();
        let att = tx.last_insert_rowid();
        for (i, c) in data.chunks(CHUNK).enumerate() {
            insert_chunk(&tx, att, 0, i as i64, c).unwrap();
        }
        inc.attachments.push(AttachmentRef {
            n,
            name: name.into(),
            size: data.len() as u64,
            sha256: sha,
            media_type: "application/octet-stream".into(),
            added: added.clone(),
            working_sha256: None,
        });
        let body = serde_json::to_string(&inc).unwrap();
        let rev =
            Db::append_revision(&tx, id, Op::Amend, &added, Some(body), head_rev.hash).unwrap();
        tx.execute(
            "UPDATE incidents SET head_seq = ?2 WHERE rowid = ?1",
            params![rowid, rev.seq as i64],
        )
        .unwrap();
        tx.commit().unwrap();
        n
    }

    #[test]
    fn v1_chunks_still_read_and_damage_is_detected() {
        let (_d, mut db, id) = setup();
        let data = vec![7u8; CHUNK + 10];
        let n = attach_v1(&mut db, &id, "a.bin", &data);
        assert_eq!(read(&db, &id, n, Variant::Original).unwrap(), data);
        assert_eq!(db.check_attachments().unwrap(), Vec::<CheckProblem>::new());
        db.conn
            .execute(
                "UPDATE attachment_chunks SET data = zeroblob(10) WHERE idx = 1",
                [],
            )
            .unwrap();
        let e = read(&db, &id, 1, Variant::Original).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert_eq!(db.check_attachments().unwrap().len(), 1);
        db.conn
            .execute("DELETE FROM attachment_chunks WHERE idx = 1", [])
            .unwrap();
        assert!(read(&db, &id, 1, Variant::Original).is_err());
    }

    #[test]
    fn v1_attachments_migrate_one_per_transaction_and_resume() {
        let (d, mut db, id) = setup();
        let a: Vec<u8> = (0..CHUNK * 2 + 3).map(|i| (i % 241) as u8).collect();
        let b = b"second, small".to_vec();
        let c: Vec<u8> = (0..5000).map(|i| (i % 7) as u8).collect();
        attach_v1(&mut db, &id, "a.bin", &a);
        attach_v1(&mut db, &id, "b.bin", &b);
        attach_v1(&mut db, &id, "c.bin", &c);
        // And one already in the store.
        db.attach(&id, vec![file(&d, "d.bin", b"new")], &now(), &mut |_| {})
            .unwrap();
        let history = db.history(&id).unwrap();
        assert_eq!(
            db.v1_attachments().unwrap(),
            (3, (a.len() + b.len() + c.len()) as u64)
        );
        // Damage the third: the first two move, the third stays as it was and is reported.
        db.conn
            .execute(
                "UPDATE attachment_chunks SET data = zeroblob(5000) WHERE attachment_id = (SELECT id FROM attachments WHERE n = 3)",
                [],
            )
            .unwrap();
        let m = db
            .migrate_attachments(&mut crate::progress::NoProgress)
            .unwrap();
        assert_eq!(
            m,
            Migrated {
                moved: 2,
                damaged: vec![format!("{id}/3")]
            }
        );
        assert_eq!(db.v1_attachments().unwrap(), (1, c.len() as u64));
        assert_eq!(read(&db, &id, 1, Variant::Original).unwrap(), a);
        assert_eq!(read(&db, &id, 2, Variant::Original).unwrap(), b);
        assert_eq!(
            db.store().list().unwrap().len(),
            3,
            "a, b and d; no orphan of c"
        );
        // Repaired (as a restore from backup would), the next call resumes with it.
        {
            let tx = db.begin().unwrap();
            let rid: i64 = tx
                .query_row("SELECT id FROM attachments WHERE n = 3", [], |r| r.get(0))
                .unwrap();
            tx.execute(
                "DELETE FROM attachment_chunks WHERE attachment_id = ?1",
                [rid],
            )
            .unwrap();
            insert_chunk(&tx, rid, 0, 0, &c).unwrap();
            tx.commit().unwrap();
        }
        let mut seen = Count(0, 0);
        assert_eq!(db.migrate_attachments(&mut seen).unwrap().moved, 1);
        assert_eq!((seen.0, seen.1), (c.len() as u64, c.len() as u64));
        assert_eq!(db.v1_attachments().unwrap(), (0, 0));
        let chunks: i64 = db
            .conn
            .query_row("SELECT count(*) FROM attachment_chunks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(chunks, 0);
        assert_eq!(read(&db, &id, 3, Variant::Original).unwrap(), c);
        assert_eq!(read(&db, &id, 4, Variant::Original).unwrap(), b"new");
        assert_eq!(
            db.history(&id).unwrap(),
            history,
            "the hash chain is untouched"
        );
        assert_eq!(db.check().unwrap(), Vec::<CheckProblem>::new());
        assert_eq!(db.check_attachments().unwrap(), Vec::<CheckProblem>::new());
        assert!(!db.scrub_pending().unwrap());
        assert_eq!(
            db.migrate_attachments(&mut crate::progress::NoProgress)
                .unwrap(),
            Migrated::default()
        );
    }

    struct Count(u64, u64);
    impl crate::progress::Progress for Count {
        fn start(&mut self, t: u64) {
            self.0 = t;
        }
        fn advance(&mut self, n: u64) {
            self.1 += n;
        }
        fn finish(&mut self) {}
    }

    #[test]
    fn store_damage_is_detected_per_chunk() {
        let (d, mut db, id) = setup();
        let data: Vec<u8> = (0..3 * store::CHUNK + 10)
            .map(|i| (i % 253) as u8)
            .collect();
        db.attach(&id, vec![file(&d, "a.bin", &data)], &now(), &mut |_| {})
            .unwrap();
        let files = db.store().list().unwrap();
        assert_eq!(files.len(), 1);
        let p = db.store().dir().join(&files[0]);
        let good = std::fs::read(&p).unwrap();
        // The file holds no run of the plaintext.
        assert!(!good.windows(64).any(|w| w == &data[1000..1064]));
        let mut bad = good.clone();
        bad[store::CHUNK + store::TAG + 5] ^= 0x40;
        std::fs::write(&p, &bad).unwrap();
        let e = read(&db, &id, 1, Variant::Original).unwrap_err();
        assert_eq!(store::tampered_chunk(&e), Some(1));
        let problems = db.check_attachments().unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            matches!(
                problems[0],
                CheckProblem::AttachmentChunk {
                    chunk: 1,
                    working: false,
                    ..
                }
            ),
            "{problems:?}"
        );
        // Missing file.
        std::fs::remove_file(&p).unwrap();
        assert!(matches!(
            db.attachment_reader(&id, 1, Variant::Original),
            Err(AttachmentError::Store {
                source: StoreError::Missing,
                ..
            })
        ));
        assert_eq!(db.check_attachments().unwrap().len(), 1);
    }

    #[test]
    fn each_attachment_has_its_own_key_and_orphans_are_swept() {
        let (d, mut db, id) = setup();
        db.attach(
            &id,
            vec![file(&d, "a.bin", b"one"), file(&d, "b.bin", b"two")],
            &now(),
            &mut |_| {},
        )
        .unwrap();
        let keys: Vec<Vec<u8>> = {
            let mut st = db
                .conn
                .prepare("SELECT content_key FROM attachments")
                .unwrap();
            let v = st
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|k| k.unwrap())
                .collect();
            v
        };
        assert_eq!(keys.len(), 2);
        assert!(keys.iter().all(|k| k.len() == 32) && keys[0] != keys[1]);
        // A crash between writing content and committing its row leaves a file no row
        // names: the sweep removes it and nothing else.
        let mut w = db.store().create(&store::new_key(), 0).unwrap();
        w.write_all(b"orphan").unwrap();
        let orphan = w.finish().unwrap().name;
        assert_eq!(db.check_attachments().unwrap().len(), 1);
        assert_eq!(db.sweep_store().unwrap(), 1);
        assert!(!db.store().list().unwrap().contains(&orphan));
        assert_eq!(db.store().list().unwrap().len(), 2);
        assert_eq!(read(&db, &id, 2, Variant::Original).unwrap(), b"two");
        assert_eq!(db.check_attachments().unwrap(), Vec::<CheckProblem>::new());
    }

    #[test]
    fn failure_leaves_nothing() {
        let (d, mut db, id) = setup();
        let before = db.history(&id).unwrap();
        // A file that changes size between open and read.
        let p = d.path().join("grow.bin");
        std::fs::write(&p, vec![1u8; 100]).unwrap();
        let src = Source::open(&p).unwrap();
        std::fs::write(&p, vec![1u8; 200]).unwrap();
        let good = file(&d, "good.bin", b"fine");
        assert!(matches!(
            db.attach(&id, vec![good, src], &now(), &mut |_| {}),
            Err(AttachmentError::Attach(AttachError::Changed(_)))
        ));
        assert_eq!(db.history(&id).unwrap(), before);
        assert!(db.attachments(&id).unwrap().is_empty());
        let chunks: i64 = db
            .conn
            .query_row("SELECT count(*) FROM attachment_chunks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(chunks, 0);
        // The first file's content, written before the second failed, is gone too.
        assert_eq!(db.store().list().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn delete_destroys_bytes() {
        let (d, mut db, id) = setup();
        attach_v1(&mut db, &id, "v1.bin", b"old secret bytes");
        db.attach(
            &id,
            vec![file(&d, "a.bin", b"secret bytes")],
            &now(),
            &mut |_| {},
        )
        .unwrap();
        db.delete(&id, &now()).unwrap();
        let chunks: i64 = db
            .conn
            .query_row("SELECT count(*) FROM attachment_chunks", [], |r| r.get(0))
            .unwrap();
        let rows: i64 = db
            .conn
            .query_row("SELECT count(*) FROM attachments", [], |r| r.get(0))
            .unwrap();
        assert_eq!((chunks, rows), (0, 0));
        assert_eq!(db.store().list().unwrap(), Vec::<String>::new());
        assert!(matches!(db.attachments(&id), Err(DbError::Deleted(_))));
        assert_eq!(
            db.check().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
        assert_eq!(
            db.check_attachments().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
    }

    #[test]
    fn delete_one_attachment_keeps_the_others_and_never_reuses_its_number() {
        use crate::attach::strip::testimages::{exif_block, tiny_jpeg};
        let (d, mut db, id) = setup();
        attach_v1(&mut db, &id, "v1.bin", b"old secret bytes");
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(exif_block((42, 52, 4483), (74, 34, 1128), 1));
        let jpeg = tiny_jpeg(&[(0xE1, app1)]);
        db.attach(
            &id,
            vec![
                file(&d, "photo.jpg", &jpeg),
                file(&d, "note.bin", b"keep me"),
                file(&d, "last.bin", b"last one"),
            ],
            &now(),
            &mut |_| {},
        )
        .unwrap();
        let files_of = |db: &Db, n: u32| -> Vec<String> {
            let mut st = db
                .conn
                .prepare("SELECT f.file FROM attachment_files f JOIN attachments a ON a.id = f.attachment_id WHERE a.incident_id = ?1 AND a.n = ?2")
                .unwrap();
            let v = st
                .query_map(params![id, n], |r| r.get::<_, String>(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            v
        };
        let photo_files = files_of(&db, 2);
        assert_eq!(photo_files.len(), 2, "original and working copy");
        let before = db.head().unwrap();
        let history_len = db.history(&id).unwrap().len();

        // An unknown number, and a deleted incident, change nothing.
        assert!(matches!(
            db.delete_attachment(&id, 9, &now()),
            Err(AttachmentError::Attach(AttachError::NotFound(r))) if r == format!("{id}/9")
        ));
        assert_eq!(db.head().unwrap(), before);

        let (_, gone) = db.delete_attachment(&id, 2, &now()).unwrap();
        assert_eq!(gone.name, "photo.jpg");
        let listed = db.store().list().unwrap();
        assert!(
            photo_files.iter().all(|f| !listed.contains(f)),
            "content files unlinked"
        );
        assert_eq!(listed.len(), 2, "the other v2 attachments stay");
        assert_eq!(attachment_numbers(&db, &id).unwrap(), vec![1, 3, 4]);
        let revs = db.history(&id).unwrap();
        assert_eq!(revs.len(), history_len + 1, "one revision in the chain");
        assert_eq!(revs.last().unwrap().op, Op::Amend);
        let cur = db.get(&id).unwrap();
        assert_eq!(
            cur.attachments.iter().map(|a| a.n).collect::<Vec<_>>(),
            vec![1, 3, 4]
        );
        assert_eq!(read(&db, &id, 3, Variant::Original).unwrap(), b"keep me");
        assert!(matches!(
            db.attachment_reader(&id, 2, Variant::Original),
            Err(AttachmentError::Attach(AttachError::NotFound(_)))
        ));
        // The v1 one: its chunks go with it.
        db.delete_attachment(&id, 1, &now()).unwrap();
        let chunks: i64 = db
            .conn
            .query_row("SELECT count(*) FROM attachment_chunks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(chunks, 0);
        // The highest number deleted: the next attachment still gets a new one.
        db.delete_attachment(&id, 4, &now()).unwrap();
        db.attach(&id, vec![file(&d, "new.bin", b"new")], &now(), &mut |_| {})
            .unwrap();
        assert_eq!(attachment_numbers(&db, &id).unwrap(), vec![3, 5]);
        assert_eq!(
            db.check().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
        assert_eq!(
            db.check_attachments().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
        db.delete(&id, &now()).unwrap();
        assert!(matches!(
            db.delete_attachment(&id, 3, &now()),
            Err(AttachmentError::Db(DbError::Deleted(_)))
        ));
    }

    #[test]
    fn jpeg_gets_a_working_copy() {
        use crate::attach::strip::testimages::{exif_block, tiny_jpeg};
        let (d, mut db, id) = setup();
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(exif_block((42, 52, 4483), (74, 34, 1128), 1));
        let jpeg = tiny_jpeg(&[(0xE1, app1)]);
        let clean = tiny_jpeg(&[]);
        let (_, done) = db
            .attach(
                &id,
                vec![file(&d, "p.jpg", &jpeg), file(&d, "c.jpg", &clean)],
                &now(),
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(done[0].reveals.working, Working::Stripped);
        assert!(done[0].reveals.gps.is_some());
        assert_eq!(read(&db, &id, 1, Variant::Original).unwrap(), jpeg);
        let w = read(&db, &id, 1, Variant::Working).unwrap();
        assert_eq!(w, clean);
        assert_eq!(
            done[0].reference.working_sha256.as_deref(),
            Some(hex::encode(crate::crypto::sha256(&clean)).as_str())
        );
        assert_eq!(done[1].reveals.working, Working::Identical);
        assert_eq!(read(&db, &id, 2, Variant::Working).unwrap(), clean);
        assert_eq!(
            db.check_attachments().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
    }

    thread_local! {
        /// Makes the safety net's second pass report "not clean" (no filter is known to
        /// leave anything behind any more, so this stands in for one that does).
        pub(super) static FORCE_NOT_CLEAN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// The safety net: when the second pass over a stored working copy finds anything, no
    /// working copy is offered (the reader must ask for the original) and the copy's
    /// content file is gone.
    #[test]
    fn a_copy_that_is_not_clean_is_not_offered() {
        use crate::attach::metadata::{Examined, ImageProblem};
        use crate::attach::strip::testimages::{exif_block, tiny_jpeg};
        let (d, mut db, id) = setup();
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(exif_block((42, 52, 4483), (74, 34, 1128), 1));
        let jpeg = tiny_jpeg(&[(0xE1, app1)]);
        FORCE_NOT_CLEAN.with(|f| f.set(true));
        let res = db.attach(&id, vec![file(&d, "p.jpg", &jpeg)], &now(), &mut |_| {});
        FORCE_NOT_CLEAN.with(|f| f.set(false));
        let (_, done) = res.unwrap();
        let r = &done[0].reveals;
        assert_eq!(r.working, Working::Unreadable);
        assert_eq!(r.problem, Some(ImageProblem::NotClean));
        assert_eq!(r.examined, Examined::Partly);
        assert!(r.removed.is_empty(), "{r:?}");
        assert!(r.gps.is_some(), "what the first pass found is still said");
        assert_eq!(done[0].reference.working_sha256, None);
        // Only the original is stored; the working copy is refused, the original is there.
        assert_eq!(db.store().list().unwrap().len(), 1);
        assert!(matches!(
            db.attachment_reader(&id, 1, Variant::Working),
            Err(AttachmentError::Attach(AttachError::NoWorkingCopy(_)))
        ));
        assert_eq!(read(&db, &id, 1, Variant::Original).unwrap(), jpeg);
        let row = &db.attachments(&id).unwrap()[0];
        assert_eq!(row.reveals.problem, Some(ImageProblem::NotClean));
        assert_eq!(row.working_sha256, None);
        assert_eq!(
            db.check_attachments().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
    }
}
