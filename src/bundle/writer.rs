//! Writing a bundle.
//!
//! The manifest goes first in the archive and lists every file's size and SHA-256, and a
//! tar header needs its entry's size before the data; but incidents.json and report.html
//! may be far larger than memory should hold. So they are generated twice, one incident at
//! a time, inside one read transaction of the vault: the first pass only measures and
//! hashes, the second streams them into the archive and checks that it produced exactly
//! the same bytes (if not, nothing is written). Peak memory is one incident's history
//! plus fixed buffers, whatever the bundle size.
//!
//! The second pass runs the generation (database, JSON, HTML, hashing, tar framing) on the
//! calling thread and age encryption plus output on a second thread, connected by a
//! bounded channel of 1 MiB chunks.
//!
//! Nothing is written to disk here except through the caller's writer, which receives only
//! ciphertext.

use std::io::{self, Read, Write};
use std::sync::mpsc;

use age::secrecy::SecretString;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::manifest::{
    AttachmentEntry, ChainHead, FileEntry, IncidentEntry, LeftOutEntry, Manifest, StatementEntry,
    COPY_ORIGINAL, COPY_WORKING, END_MARKER, FORMAT,
};
use super::recipient::Recipient;
use super::report::{self, ReportHead, VerifyInfo};
use super::sign::Signer;
use super::tario;
use super::{
    limits, safe_path, BundleError, EncryptFault, Progress, Result, ATTACHMENTS_DIR,
    FORMAT_VERSION, FORMAT_VERSION_PLAIN, INCIDENTS_JSON, MANIFEST, MANIFEST_SIG, REPORT_HTML,
    SIGNER_PUB, VERIFY_TXT,
};
use crate::model::chain::{Op, Revision};
use crate::vault::db::attachments::AttachmentRow;
use crate::vault::db::{parse_body, Db};

/// report.html up to the first incident, in chunks: `top` (header, statement), the
/// chronology (date, category, title, place, attachments per incident; one row per incident,
/// read from the vault as it goes, so it is streamed in both passes like the incidents),
/// then the entities of these incidents with the merges they name
/// (`entities::mark_merges_named`, noted while the rows are read).
fn report_head<'a>(
    db: &'a Db,
    req: &'a ExportRequest<'_>,
    top: &'a str,
    merges: &'a [crate::model::entities::Merge],
) -> impl Iterator<Item = Result<Vec<u8>>> + 'a {
    let named = std::rc::Rc::new(std::cell::RefCell::new(vec![false; merges.len()]));
    let named_end = named.clone();
    let start = format!("{top}{}", report::html_chronology_start(req.lang));
    std::iter::once(Ok(start.into_bytes()))
        .chain(req.ids.iter().map(move |id| {
            let revs = history(db, id)?;
            let inc = current(&revs, false)?;
            crate::model::entities::mark_merges_named(&inc, merges, &mut named.borrow_mut());
            Ok(report::html_chronology_row(req.lang, &req.tz, &inc).into_bytes())
        }))
        .chain(std::iter::once_with(move || {
            let named = named_end.borrow();
            let used: Vec<_> = merges
                .iter()
                .zip(named.iter())
                .filter(|(_, n)| **n)
                .map(|(m, _)| m.clone())
                .collect();
            let ents = db.entities_of(&req.ids)?;
            Ok(format!(
                "{}{}",
                report::HTML_CHRONOLOGY_END,
                report::html_entities(req.lang, &ents, &used)
            )
            .into_bytes())
        }))
}

/// scrypt work factor for passphrase bundles (2^18, as Go age uses: ~256 MiB, ~1 s).
pub const SCRYPT_LOG_N: u8 = 18;

/// Who can decrypt.
pub enum Encryption {
    Recipients(Vec<Recipient>),
    /// age's scrypt recipient; it cannot be combined with others.
    Passphrase(SecretString),
}

/// An extra file for the archive (attachments): path under `attachments/`, with size and
/// SHA-256 known before writing (from the vault). The bytes are streamed at write time and
/// checked against both; a mismatch aborts the export.
pub trait ExtraFile {
    fn path(&self) -> &str;
    fn size(&self) -> u64;
    fn sha256(&self) -> [u8; 32];
    fn open<'a>(&'a self, db: &'a Db) -> io::Result<Box<dyn Read + 'a>>;
}

pub struct ExportRequest<'a> {
    /// Incident ids (normalised), in bundle order; not empty.
    pub ids: Vec<String>,
    /// Export time, RFC 3339 UTC (also the archive's mtime).
    pub created: jiff::Timestamp,
    /// The bundle's file name for VERIFY.txt.
    pub bundle_name: String,
    pub encryption: Encryption,
    pub armor: bool,
    pub extra: Vec<Box<dyn ExtraFile + 'a>>,
    /// How each attachment of the selected incidents leaves: working copy, original, or
    /// left out (recorded in the manifest as left out).
    pub attachments: AttachmentChoices,
    /// The language of report.html and VERIFY.txt (English is shown next to it).
    pub lang: crate::i18n::Lang,
    /// The exporter's time zone: recording and export times in report.html and VERIFY.txt
    /// are shown in it (incidents.json and the manifest stay RFC 3339).
    pub tz: jiff::tz::TimeZone,
    /// The defender's statement: signed with the manifest (format version 3) and shown at
    /// the top of report.html; dated with the export time.
    pub statement: Option<crate::report::Statement>,
}

/// How one attachment leaves in a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendAs {
    /// The metadata-free working copy (an attachment without one refuses the export).
    Working,
    /// The untouched original, with all its metadata.
    Original,
    /// Not in the bundle; the manifest lists it as left out by the sender.
    Omit,
}

impl SendAs {
    pub fn parse(s: &str) -> Option<SendAs> {
        match s.trim().to_ascii_lowercase().as_str() {
            "working" | "work" | "w" => Some(SendAs::Working),
            "original" | "orig" | "o" => Some(SendAs::Original),
            "omit" | "leave-out" | "none" | "skip" => Some(SendAs::Omit),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SendAs::Working => "working",
            SendAs::Original => "original",
            SendAs::Omit => "omit",
        }
    }
}

/// The sender's choices. For each attachment the most specific one applies: `ID/N`, then
/// the incident `ID`, then `default`; with none, the working copy if there is one, and
/// otherwise the export refuses (`BundleError::NoWorkingCopy`): nothing that cannot be
/// stripped goes out, or is left out, without being asked for.
#[derive(Debug, Clone, Default)]
pub struct AttachmentChoices {
    pub default: Option<SendAs>,
    /// By normalised incident id.
    pub incident: std::collections::HashMap<String, SendAs>,
    /// By normalised incident id and number.
    pub each: std::collections::HashMap<(String, u32), SendAs>,
}

impl AttachmentChoices {
    /// Every attachment as its original (the former `--originals`).
    pub fn originals() -> AttachmentChoices {
        AttachmentChoices {
            default: Some(SendAs::Original),
            ..Default::default()
        }
    }

    /// The choice that applies to `ID/N`, if any was made.
    pub fn get(&self, id: &str, n: u32) -> Option<SendAs> {
        self.each
            .get(&(id.to_owned(), n))
            .or_else(|| self.incident.get(id))
            .copied()
            .or(self.default)
    }
}

/// What was written.
#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub manifest: Manifest,
    pub manifest_text: String,
    /// SHA-256 of the bundle file exactly as written (ciphertext, armored if so).
    pub bundle_sha256: [u8; 32],
    pub bundle_bytes: u64,
    /// Size of the archive inside the encryption.
    pub archive_bytes: u64,
}

/// sha256 + length of what passes through.
#[derive(Default, Clone)]
struct Measure {
    h: Sha256,
    n: u64,
}

impl Measure {
    fn add(&mut self, b: &[u8]) {
        self.h.update(b);
        self.n += b.len() as u64;
    }
    fn done(self) -> ([u8; 32], u64) {
        (self.h.finalize().into(), self.n)
    }
}

/// Everything pass 1 learns about one incident.
struct Planned {
    entry: IncidentEntry,
}

/// The history of one exportable incident. With `check`, the current state is read back
/// and its body checked against its hash (done once, in the first pass; the second pass
/// reads the same snapshot).
fn history(db: &Db, id: &str) -> Result<Vec<Revision>> {
    let revs = db.history(id)?;
    let last = revs
        .last()
        .ok_or_else(|| BundleError::Db(crate::vault::db::DbError::Damaged))?;
    if last.op == Op::Delete {
        return Err(BundleError::Deleted(id.to_owned()));
    }
    Ok(revs)
}

fn current(revs: &[Revision], check: bool) -> Result<crate::model::Incident> {
    let last = revs.last().expect("history() refuses empty histories");
    if check {
        return Ok(parse_body(last)?);
    }
    let body = last
        .body
        .as_deref()
        .ok_or(crate::vault::db::DbError::Damaged)?;
    serde_json::from_str(body).map_err(|_| BundleError::Db(crate::vault::db::DbError::Damaged))
}

/// `attachments/ID-N-NAME`, NAME reduced to the bundle path rule (other characters become
/// `_`), the whole path within `limits::PATH` bytes (the extension kept when it is short).
pub fn attachment_path(id: &str, n: u32, name: &str) -> String {
    let mut clean = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-' {
            clean.push(c);
        } else if let Some(t) = translit(c) {
            // Capitals stay capitals: "Токтогул" → "Toktogul".
            let mut cs = t.chars();
            if let (true, Some(first)) = (c.is_uppercase(), cs.next()) {
                clean.push(first.to_ascii_uppercase());
                clean.extend(cs);
            } else {
                clean.push_str(t);
            }
        } else {
            clean.push('_');
        }
    }
    if clean.trim_matches(|c| c == '_' || c == '.').is_empty() {
        clean = "file".into();
    }
    let prefix = format!("{ATTACHMENTS_DIR}{id}-{n}-");
    let room = limits::PATH.saturating_sub(prefix.len()).max(1);
    if clean.len() > room {
        let ext = clean
            .rfind('.')
            .map(|k| clean[k..].to_owned())
            .filter(|e| e.len() <= 16)
            .unwrap_or_default();
        clean = format!("{}{ext}", &clean[..room.saturating_sub(ext.len())]);
    }
    format!("{prefix}{clean}")
}

/// Latin letters for the Cyrillic of Russian and Kyrgyz in archive paths (a readable ASCII
/// form, `фото_обыска.jpg` → `foto_obyska.jpg`; the manifest keeps the real name).
fn translit(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let t = match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'ң' => "ng",
        'о' => "o",
        'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ү' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    };
    Some(t)
}

/// The attachment files of one incident (which copy, size and SHA-256, from the vault and
/// checked against the hash chain) and those left out, by the sender's choices.
fn plan_attachments(
    db: &Db,
    id: &str,
    recorded: usize,
    choices: &AttachmentChoices,
) -> Result<(Vec<AttachmentEntry>, Vec<LeftOutEntry>)> {
    use crate::attach::{AttachError, Variant};
    let mut out = vec![];
    let mut left = vec![];
    let rows = db.attachments(id)?;
    if rows.len() != recorded {
        // The rows and the hash chain disagree: never send a partial set silently.
        return Err(BundleError::Db(crate::vault::db::DbError::Damaged));
    }
    for row in rows {
        let choice = choices.get(&row.incident_id, row.n);
        let variant = match choice {
            Some(SendAs::Omit) => {
                left.push(LeftOutEntry {
                    incident: row.incident_id.clone(),
                    n: row.n,
                    name: row.name.clone(),
                    size: row.size,
                    original_sha256: row.sha256.clone(),
                });
                continue;
            }
            Some(SendAs::Original) => Variant::Original,
            Some(SendAs::Working) | None => Variant::Working,
        };
        // From the row (checked against the hash chain by `attachments`): the bytes are
        // read once, when the archive is written.
        let (size, sha256) = row.copy(variant).map_err(|e| match e {
            AttachError::NoWorkingCopy(r) => BundleError::NoWorkingCopy(r),
            _ => BundleError::Db(crate::vault::db::DbError::Damaged),
        })?;
        out.push(AttachmentEntry {
            path: attachment_path(&row.incident_id, row.n, &row.name),
            incident: row.incident_id.clone(),
            n: row.n,
            copy: match variant {
                Variant::Original => COPY_ORIGINAL,
                Variant::Working => COPY_WORKING,
            }
            .into(),
            sha256,
            size,
            original_sha256: row.sha256.clone(),
            name: Some(row.name.clone()),
        });
    }
    Ok((out, left))
}

fn json_record(
    id: &str,
    revs: &[Revision],
    atts: &[AttachmentEntry],
    left: &[LeftOutEntry],
    first: bool,
) -> Result<Vec<u8>> {
    let rec = super::records::record_with(id, revs, atts, left, first);
    if rec.len() as u64 > limits::INCIDENT_RECORD - 1024 {
        return Err(BundleError::IncidentTooLarge {
            id: id.to_owned(),
            size: rec.len() as u64,
            max: limits::INCIDENT_RECORD - 1024,
        });
    }
    Ok(rec)
}

/// A reader producing generated chunks on demand, measuring them, and refusing to produce
/// more than `limit` bytes.
struct GenReader<'a> {
    next: Box<dyn FnMut() -> Result<Option<Vec<u8>>> + 'a>,
    buf: Vec<u8>,
    pos: usize,
    m: Measure,
    limit: u64,
    error: Option<BundleError>,
}

impl<'a> GenReader<'a> {
    fn new(limit: u64, next: impl FnMut() -> Result<Option<Vec<u8>>> + 'a) -> GenReader<'a> {
        GenReader {
            next: Box::new(next),
            buf: vec![],
            pos: 0,
            m: Measure::default(),
            limit,
            error: None,
        }
    }
}

impl Read for GenReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.buf.len() {
            match (self.next)() {
                Ok(Some(b)) => {
                    if self.m.n + b.len() as u64 > self.limit {
                        self.error = Some(BundleError::Changed);
                        return Err(io::Error::other("generated more than measured"));
                    }
                    self.m.add(&b);
                    self.buf = b;
                    self.pos = 0;
                }
                Ok(None) => return Ok(0),
                Err(e) => {
                    self.error = Some(e);
                    return Err(io::Error::other("generation failed"));
                }
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Checks an extra file's bytes against its declared size and hash as they stream.
struct Checked<R> {
    inner: R,
    m: Measure,
    limit: u64,
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.m.add(&out[..n]);
        if self.m.n > self.limit {
            return Err(io::Error::other("attachment larger than recorded"));
        }
        Ok(n)
    }
}

/// A buffer of archive bytes (plaintext: incident text, attachment bytes), zeroised when
/// dropped.
type Buf = Zeroizing<Vec<u8>>;

/// Sends the archive to the encryption thread in 1 MiB chunks, and reports progress. The
/// buffers come back from the encryption thread and are reused (at most the channel's
/// capacity plus two exist), and are zeroised when dropped.
struct ChannelWriter<'p> {
    tx: Option<mpsc::SyncSender<Buf>>,
    back: mpsc::Receiver<Buf>,
    buf: Buf,
    written: u64,
    progress: &'p mut dyn Progress,
}

const CHUNK: usize = 1024 * 1024;

/// Buffers between the archive and the encryption thread (1 MiB each).
const IN_FLIGHT: usize = 4;

impl ChannelWriter<'_> {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = self
            .back
            .try_recv()
            .unwrap_or_else(|_| Zeroizing::new(Vec::with_capacity(CHUNK)));
        let chunk = std::mem::replace(&mut self.buf, next);
        let n = chunk.len() as u64;
        self.tx
            .as_ref()
            .expect("open until closed")
            .send(chunk)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the output failed"))?;
        self.progress.advance(n);
        Ok(())
    }

    /// Append one entry's data read from `r` straight into the channel's buffers (no
    /// intermediate copy, no buffer on the stack): exactly `size` bytes must come before
    /// the end. Read failures are `Err(Ok(e))`, failures of the output `Err(Err(e))`.
    fn copy_entry(
        &mut self,
        r: &mut dyn Read,
        size: u64,
    ) -> std::result::Result<(), std::result::Result<io::Error, io::Error>> {
        let mut n = 0u64;
        loop {
            if self.buf.len() == CHUNK {
                self.send().map_err(Err)?;
            }
            let start = self.buf.len();
            self.buf.resize(CHUNK, 0);
            let got = loop {
                match r.read(&mut self.buf[start..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            let k = match got {
                Ok(k) => k,
                Err(e) => {
                    self.buf.truncate(start);
                    return Err(Ok(e));
                }
            };
            self.buf.truncate(start + k);
            self.written += k as u64;
            n += k as u64;
            if n > size {
                return Err(Ok(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "attachment larger than recorded",
                )));
            }
            if k == 0 {
                break;
            }
        }
        if n != size {
            return Err(Ok(io::Error::new(
                io::ErrorKind::InvalidData,
                "attachment shorter than recorded",
            )));
        }
        let pad = ((tario::BLOCK - size % tario::BLOCK) % tario::BLOCK) as usize;
        self.write_all(&[0u8; tario::BLOCK as usize][..pad])
            .map_err(Err)
    }
}

impl Write for ChannelWriter<'_> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        let n = b.len().min(CHUNK - self.buf.len());
        self.buf.extend_from_slice(&b[..n]);
        self.written += n as u64;
        if self.buf.len() == CHUNK {
            self.send()?;
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Hashes and counts the final bytes (the bundle file).
/// It also remembers the OS error of a failed write: age turns some write errors into
/// plain text ("failed to write header: …"), which would hide a full disk from the user.
struct HashWriter<W> {
    inner: W,
    m: Measure,
    os_error: std::rc::Rc<std::cell::Cell<Option<i32>>>,
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        let n = self
            .inner
            .write(b)
            .inspect_err(|e| self.os_error.set(e.raw_os_error()))?;
        self.m.add(&b[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn encryptor(enc: &Encryption) -> Result<age::Encryptor> {
    match enc {
        Encryption::Recipients(rs) => {
            if rs.is_empty() {
                return Err(BundleError::Recipient(
                    crate::agekeys::RecipientError::NoneGiven,
                ));
            }
            age::Encryptor::with_recipients(rs.iter().map(|r| r.as_age()))
                .map_err(|_| BundleError::Encrypt(EncryptFault::Recipients))
        }
        Encryption::Passphrase(p) => {
            let mut r = age::scrypt::Recipient::new(p.clone());
            r.set_work_factor(SCRYPT_LOG_N);
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
                .map_err(|_| BundleError::Encrypt(EncryptFault::Recipients))
        }
    }
}

/// The encryption thread: age (and armor) over `out`, fed by the channel.
fn encrypt_worker<W: Write>(
    enc: age::Encryptor,
    armor: bool,
    out: W,
    rx: mpsc::Receiver<Buf>,
    back: mpsc::SyncSender<Buf>,
) -> io::Result<(W, [u8; 32], u64)> {
    let format = if armor {
        age::armor::Format::AsciiArmor
    } else {
        age::armor::Format::Binary
    };
    let os_error = std::rc::Rc::new(std::cell::Cell::new(None));
    let hashed = HashWriter {
        inner: out,
        m: Measure::default(),
        os_error: os_error.clone(),
    };
    let run = || -> io::Result<(W, [u8; 32], u64)> {
        let armored = age::armor::ArmoredWriter::wrap_output(hashed, format)?;
        let mut stream = enc.wrap_output(armored)?;
        for mut chunk in rx {
            stream.write_all(&chunk)?;
            // Back for reuse (dropped, and zeroised, if the writer has enough).
            chunk.clear();
            let _ = back.try_send(chunk);
        }
        let armored = stream.finish()?;
        let mut hashed = armored.finish()?;
        hashed.flush()?;
        let (h, n) = hashed.m.done();
        Ok((hashed.inner, h, n))
    };
    run().map_err(|e| match (e.raw_os_error(), os_error.get()) {
        (None, Some(code)) => io::Error::from_raw_os_error(code),
        _ => e,
    })
}

/// Write a bundle of `req.ids` from `db` to `out`. On error, what reached `out` is an
/// incomplete age stream that must be discarded (the CLI's output file never appears).
pub fn export<W: Write + Send>(
    db: &Db,
    req: ExportRequest<'_>,
    out: W,
    progress: &mut dyn Progress,
) -> Result<(W, ExportSummary)> {
    if req.ids.is_empty() {
        return Err(BundleError::EmptySelection);
    }
    if req.ids.len() > limits::INCIDENTS {
        return Err(BundleError::TooManyIncidents(limits::INCIDENTS));
    }
    for x in &req.extra {
        if !x.path().starts_with(ATTACHMENTS_DIR)
            || !safe_path(x.path())
            || x.size() > limits::ENTRY
        {
            return Err(BundleError::BadEntry(x.path().chars().take(100).collect()));
        }
    }
    let enc = encryptor(&req.encryption)?;
    let signer = Signer::of_vault(db)?;
    // Not the key file's vault id (readable without the passphrase): a pseudonym derived from
    // the signing seed (see `Signer::vault_pseudonym`, docs/format.md).
    let vault_id = signer.vault_pseudonym().to_owned();
    let created = req.created.round(jiff::Unit::Second).unwrap_or(req.created);
    let created_s = created.to_string();
    let mtime = created.as_second().max(0) as u64;

    // One consistent view of the vault for both passes.
    let snapshot = db.read_snapshot()?;
    let (head_seq, head_hash) = db.head()?;
    let head_hex = hex::encode(head_hash);
    let statement = req.statement.as_ref().map(|st| StatementEntry {
        by: st.by.clone(),
        at: created_s.clone(),
        text: st.text.clone(),
    });
    let rhead = ReportHead {
        lang: req.lang,
        tz: &req.tz,
        created: &created_s,
        vault_id: &vault_id,
        signer: &signer.fingerprint(),
        chain_seq: head_seq,
        chain_hash: &head_hex,
        incident_count: req.ids.len() as u64,
        on_receipt: false,
        statement: statement.as_ref(),
    };
    let html_top = report::html_head(&rhead);
    // The entities of the exported incidents as the defender sees them (merges applied).
    let merges = db.merges()?;
    let html_tail = report::html_tail();

    // Pass 1: measure and hash incidents.json and report.html; the report is rendered on a
    // second thread (one incident in hand on each side at most).
    let mut mj = Measure::default();
    mj.add(&super::records::prefix());
    let mut planned: Vec<Planned> = Vec::with_capacity(req.ids.len());
    let mut example: Option<Revision> = None;
    // Each incident's attachment files (small records; the bytes stay in the vault).
    let mut atts: Vec<Vec<AttachmentEntry>> = Vec::with_capacity(req.ids.len());
    let mut lefts: Vec<Vec<LeftOutEntry>> = Vec::with_capacity(req.ids.len());
    // What each attachment's original revealed at intake (for the report).
    let mut evs: Vec<Vec<AttachmentRow>> = Vec::with_capacity(req.ids.len());
    type Item = (
        Vec<Revision>,
        crate::model::Incident,
        Vec<AttachmentEntry>,
        Vec<LeftOutEntry>,
        Vec<AttachmentRow>,
    );
    // Boxed: the rendering thread takes it over, and a box moves as a pointer, leaving no
    // copy of the hasher's partial block of report text in the frames it passes through.
    let mut mh = Box::<Measure>::default();
    for chunk in report_head(db, &req, &html_top, &merges) {
        mh.add(&chunk?);
    }
    let (pass1, mh) = std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Item>(0);
        let tail = &html_tail;
        let lang = req.lang;
        let tz = &req.tz;
        let html = crate::crypto::memory::scoped_worker(scope, move || {
            let mut mh = mh;
            for (revs, cur, a, l, ev) in rx {
                mh.add(report::html_bundle_incident(lang, tz, &cur, &revs, &a, &l, &ev).as_bytes());
            }
            mh.add(tail.as_bytes());
            mh.done()
        });
        let r = (|| -> Result<()> {
            for (n, id) in req.ids.iter().enumerate() {
                let revs = history(db, id)?;
                let cur = current(&revs, true)?;
                // Only incidents whose current revision records attachments have any
                // (reading the rows re-reads and checks the incident: skip it otherwise).
                let (a, l) = if cur.attachments.is_empty() {
                    (vec![], vec![])
                } else {
                    plan_attachments(db, id, cur.attachments.len(), &req.attachments)?
                };
                mj.add(&json_record(id, &revs, &a, &l, n == 0)?);
                if example.is_none() {
                    example = Some(revs[0].clone());
                }
                let last = revs.last().expect("checked");
                planned.push(Planned {
                    entry: IncidentEntry {
                        id: id.clone(),
                        revisions: revs.len() as u64,
                        head: hex::encode(last.hash),
                    },
                });
                let ev = if cur.attachments.is_empty() {
                    vec![]
                } else {
                    db.attachments(id)?
                };
                atts.push(a.clone());
                lefts.push(l.clone());
                evs.push(ev.clone());
                if tx.send((revs, cur, a, l, ev)).is_err() {
                    break;
                }
            }
            Ok(())
        })();
        drop(tx);
        (r, html.join())
    });
    pass1?;
    let mh = mh.map_err(|_| BundleError::Encrypt(EncryptFault::Worker))?;
    mj.add(&super::records::suffix());
    let (json_hash, json_len) = mj.done();
    let (html_hash, html_len) = mh;
    let example = example.expect("at least one incident");

    let signer_pub = format!(
        "{}\n",
        signer.public_line(&format!(
            "sandyk-vault-{}",
            &vault_id[..vault_id.len().min(8)]
        ))
    );
    let mut archive_files: Vec<String> = vec![
        MANIFEST.into(),
        MANIFEST_SIG.into(),
        SIGNER_PUB.into(),
        VERIFY_TXT.into(),
        INCIDENTS_JSON.into(),
        REPORT_HTML.into(),
    ];
    archive_files.extend(req.extra.iter().map(|x| x.path().to_owned()));
    archive_files.extend(atts.iter().flatten().map(|a| a.path.clone()));
    let verify = report::verify_txt(&VerifyInfo {
        lang: req.lang,
        tz: &req.tz,
        bundle_name: &req.bundle_name,
        passphrase: matches!(req.encryption, Encryption::Passphrase(_)),
        signer: &signer.fingerprint(),
        created: &created_s,
        incident_count: req.ids.len() as u64,
        files: &archive_files,
        example: &example,
        left_out: lefts.iter().map(Vec::len).sum::<usize>() as u64,
        statement: req.statement.is_some(),
    });
    let fe = |path: &str, data: &[u8]| FileEntry {
        sha256: hex::encode(crate::crypto::sha256(data)),
        size: data.len() as u64,
        path: path.into(),
    };
    let mut files = vec![
        fe(SIGNER_PUB, signer_pub.as_bytes()),
        fe(VERIFY_TXT, verify.as_bytes()),
        FileEntry {
            sha256: hex::encode(json_hash),
            size: json_len,
            path: INCIDENTS_JSON.into(),
        },
        FileEntry {
            sha256: hex::encode(html_hash),
            size: html_len,
            path: REPORT_HTML.into(),
        },
    ];
    for x in &req.extra {
        files.push(FileEntry {
            sha256: hex::encode(x.sha256()),
            size: x.size(),
            path: x.path().to_owned(),
        });
    }
    for a in atts.iter().flatten() {
        if a.size > limits::ENTRY {
            return Err(BundleError::BadEntry(a.path.clone()));
        }
        files.push(FileEntry {
            sha256: a.sha256.clone(),
            size: a.size,
            path: a.path.clone(),
        });
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: if statement.is_some() {
            FORMAT_VERSION
        } else {
            FORMAT_VERSION_PLAIN
        },
        created: created_s.clone(),
        vault_id: vault_id.clone(),
        chain_head: ChainHead {
            seq: head_seq,
            hash: head_hex.clone(),
        },
        signer: signer.fingerprint(),
        incident_count: req.ids.len() as u64,
        incidents: planned.into_iter().map(|p| p.entry).collect(),
        file_count: files.len() as u64,
        files,
        attachments: atts.iter().flatten().cloned().collect(),
        left_out: lefts.iter().flatten().cloned().collect(),
        statement,
        end: END_MARKER.into(),
    };
    let manifest_text = manifest.render();
    if manifest_text.len() as u64 > limits::MANIFEST {
        return Err(BundleError::ManifestTooLarge(limits::MANIFEST >> 20));
    }
    let sig = signer.sign(manifest_text.as_bytes());
    let small: [(&str, &[u8]); 4] = [
        (MANIFEST, manifest_text.as_bytes()),
        (MANIFEST_SIG, sig.as_bytes()),
        (SIGNER_PUB, signer_pub.as_bytes()),
        (VERIFY_TXT, verify.as_bytes()),
    ];
    let archive_len: u64 = small
        .iter()
        .map(|(_, d)| tario::entry_len(d.len() as u64))
        .sum::<u64>()
        + manifest
            .files
            .iter()
            .skip(2)
            .map(|f| tario::entry_len(f.size))
            .sum::<u64>()
        + tario::END_LEN;

    // Pass 2: write.
    progress.start(archive_len);
    let (tx, rx) = mpsc::sync_channel::<Buf>(IN_FLIGHT);
    let (back_tx, back_rx) = mpsc::sync_channel::<Buf>(IN_FLIGHT + 1);
    let armor = req.armor;
    let (gen_result, worker_result) = std::thread::scope(|scope| {
        let worker = crate::crypto::memory::scoped_worker(scope, move || {
            encrypt_worker(enc, armor, out, rx, back_tx)
        });
        let cw = ChannelWriter {
            tx: Some(tx),
            back: back_rx,
            buf: Zeroizing::new(Vec::with_capacity(CHUNK)),
            written: 0,
            progress: &mut *progress,
        };
        let r = write_archive(
            db, &req, &atts, &lefts, &evs, &small, &manifest, &html_top, &merges, &html_tail,
            mtime, cw,
        );
        // Closing the channel (by dropping the writer in write_archive) ends the worker.
        (r, worker.join())
    });
    let worker_result =
        worker_result.unwrap_or_else(|_| Err(io::Error::other("the encryption thread failed")));
    let (out, bundle_sha256, bundle_bytes) = match (gen_result, worker_result) {
        (Ok(n), Ok(w)) => {
            if n != archive_len {
                return Err(BundleError::Changed);
            }
            w
        }
        // The output failed: its error explains the generation's broken pipe.
        (_, Err(e)) => return Err(e.into()),
        (Err(e), Ok(_)) => return Err(e),
    };
    drop(snapshot);
    progress.finish();
    Ok((
        out,
        ExportSummary {
            manifest,
            manifest_text,
            bundle_sha256,
            bundle_bytes,
            archive_bytes: archive_len,
        },
    ))
}

#[allow(clippy::too_many_arguments)]
fn write_archive(
    db: &Db,
    req: &ExportRequest<'_>,
    atts: &[Vec<AttachmentEntry>],
    lefts: &[Vec<LeftOutEntry>],
    evs: &[Vec<AttachmentRow>],
    small: &[(&str, &[u8])],
    manifest: &Manifest,
    html_top: &str,
    merges: &[crate::model::entities::Merge],
    html_tail: &str,
    mtime: u64,
    cw: ChannelWriter<'_>,
) -> Result<u64> {
    let mut b = tar::Builder::new(cw);
    for (path, data) in small {
        b.append(&tario::header(path, data.len() as u64, mtime)?, *data)?;
    }
    let want = |p: &str| manifest.file(p).expect("listed");

    // incidents.json and report.html, generated again (reading the vault on this thread,
    // rendering on another).
    let ids = &req.ids;
    append_pipelined(
        &mut b,
        want(INCIDENTS_JSON),
        mtime,
        db,
        ids,
        std::iter::once(Ok(super::records::prefix())),
        super::records::suffix(),
        |k, revs| json_record(&ids[k], revs, &atts[k], &lefts[k], k == 0),
    )?;
    let lang = req.lang;
    let tz = &req.tz;
    append_pipelined(
        &mut b,
        want(REPORT_HTML),
        mtime,
        db,
        ids,
        report_head(db, req, html_top, merges),
        html_tail.as_bytes().to_vec(),
        |k, revs| {
            let cur = current(revs, false)?;
            let h =
                report::html_bundle_incident(lang, tz, &cur, revs, &atts[k], &lefts[k], &evs[k]);
            Ok(h.into_bytes())
        },
    )?;

    for x in &req.extra {
        let mut r = Checked {
            inner: x.open(db)?,
            m: Measure::default(),
            limit: x.size(),
        };
        b.append(&tario::header(x.path(), x.size(), mtime)?, &mut r)?;
        let (h, n) = r.m.done();
        if n != x.size() || h != x.sha256() {
            return Err(BundleError::BadEntry(x.path().to_owned()));
        }
    }

    // Attachments, streamed from the vault once each: the store's reader decrypts and
    // hashes on its own thread (checking the SHA-256 recorded in the hash chain, which the
    // manifest already holds), this thread moves the bytes into the channel's buffers, the
    // encryption thread seals them. A copy that fails authentication or its recorded hash
    // ends the export: the output is discarded by the caller.
    for a in atts.iter().flatten() {
        let variant = if a.copy == COPY_ORIGINAL {
            crate::attach::Variant::Original
        } else {
            crate::attach::Variant::Working
        };
        let reference = format!("{}/{}", a.incident, a.n);
        let mut reader = db
            .attachment_reader(&a.incident, a.n, variant)
            .map_err(|e| match e {
                crate::vault::db::attachments::AttachmentError::Store { source, .. } => {
                    BundleError::AttachmentDamaged {
                        reference: reference.clone(),
                        chunk: match source {
                            crate::vault::store::StoreError::Tampered { chunk } => Some(chunk),
                            _ => None,
                        },
                    }
                }
                crate::vault::db::attachments::AttachmentError::Db(e) => BundleError::Db(e),
                // Gone since the plan (not possible inside the read snapshot).
                crate::vault::db::attachments::AttachmentError::Attach(_) => BundleError::Changed,
            })?;
        if reader.size != a.size || reader.sha256 != a.sha256 {
            return Err(BundleError::Changed);
        }
        let cw = b.get_mut();
        cw.write_all(tario::header(&a.path, a.size, mtime)?.as_bytes())?;
        let copied = cw.copy_entry(&mut reader, a.size);
        match copied {
            Ok(()) if reader.verified() => {}
            Err(Err(write)) => return Err(write.into()),
            Ok(()) | Err(Ok(_)) => {
                let chunk = match &copied {
                    Err(Ok(e)) => crate::vault::store::tampered_chunk(e),
                    _ => None,
                };
                return Err(BundleError::AttachmentDamaged { reference, chunk });
            }
        }
    }
    let mut cw = b.into_inner()?;
    cw.send()?;
    let written = cw.written;
    drop(cw.tx.take());
    Ok(written)
}

/// Append a generated file: the chunks of `head`, one chunk per incident, `tail`. Incident k+1's history
/// is read from the vault on this thread (which owns the connection) while incident k is
/// rendered on a second thread; at most two incidents are in hand.
#[allow(clippy::too_many_arguments)]
fn append_pipelined<F>(
    b: &mut tar::Builder<ChannelWriter<'_>>,
    f: &FileEntry,
    mtime: u64,
    db: &Db,
    ids: &[String],
    mut head: impl Iterator<Item = Result<Vec<u8>>>,
    tail: Vec<u8>,
    render: F,
) -> Result<()>
where
    F: Fn(usize, &[Revision]) -> Result<Vec<u8>> + Sync,
{
    let n = ids.len();
    std::thread::scope(|scope| {
        let (rq_tx, rq_rx) = mpsc::sync_channel::<(usize, Vec<Revision>)>(1);
        let (out_tx, out_rx) = mpsc::sync_channel::<Result<Vec<u8>>>(1);
        let render = &render;
        crate::crypto::memory::scoped_worker(scope, move || {
            for (k, revs) in rq_rx {
                if out_tx.send(render(k, &revs)).is_err() {
                    break;
                }
            }
        });
        let mut rq_tx = Some(rq_tx);
        let mut tail = Some(tail);
        let (mut stage, mut sent) = (0usize, 0usize);
        let lost = || BundleError::Encrypt(EncryptFault::Worker);
        let mut gen = GenReader::new(f.size, || {
            if stage == 0 {
                if let Some(chunk) = head.next() {
                    return chunk.map(Some);
                }
                stage = 1;
            }
            let out = if stage <= n {
                // Keep one incident read ahead of the one being rendered.
                while sent < n && sent <= stage {
                    let revs = history(db, &ids[sent])?;
                    rq_tx
                        .as_ref()
                        .ok_or_else(lost)?
                        .send((sent, revs))
                        .map_err(|_| lost())?;
                    sent += 1;
                }
                if sent == n {
                    rq_tx.take();
                }
                Some(out_rx.recv().map_err(|_| lost())??)
            } else if stage == n + 1 {
                tail.take()
            } else {
                None
            };
            stage += 1;
            Ok(out)
        });
        let r = append_generated(b, f, mtime, &mut gen);
        // Closing both channels ends the rendering thread, also after an error.
        drop(gen);
        drop(rq_tx);
        drop(out_rx);
        r
    })
}

fn append_generated(
    b: &mut tar::Builder<ChannelWriter<'_>>,
    f: &FileEntry,
    mtime: u64,
    gen: &mut GenReader<'_>,
) -> Result<()> {
    let r = b.append(&tario::header(&f.path, f.size, mtime)?, &mut *gen);
    if let Some(e) = gen.error.take() {
        return Err(e);
    }
    r?;
    let (h, n) = std::mem::take(&mut gen.m).done();
    if n != f.size || hex::encode(h) != f.sha256 {
        return Err(BundleError::Changed);
    }
    Ok(())
}
