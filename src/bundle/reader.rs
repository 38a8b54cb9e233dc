//! Reading a bundle: decrypt as a stream, check everything, hand verified data to a sink.
//!
//! Order of checks, as the bytes arrive:
//! 1. the age header (at most `limits::AGE_HEADER` bytes) and the identity;
//! 2. `manifest.json` must be the first entry (at most `limits::MANIFEST` bytes): parsed
//!    and checked (format, counts, paths, end marker);
//! 3. `manifest.sig`, then `signer.pub` (the first listed file): its hash is checked and the
//!    signature verified before any other file is read;
//! 4. every other listed file, in manifest order, each with the listed size (checked from
//!    its tar header, before its data) and SHA-256 (checked at its end); incidents.json is
//!    parsed as it streams, one incident at a time, and each incident's chain segment is
//!    verified against the manifest's per-incident head;
//! 5. the end-of-archive marker, nothing after it, and the end of the age stream (which
//!    authenticates the last chunk: a truncated bundle fails here at the latest).
//!
//! Anything unlisted, out of order, duplicated, of another type than a regular file, or with
//! an unsafe path fails at once. Memory is bounded by the limits in `super::limits`, not by
//! the bundle. Nothing is written anywhere: a [`Sink`] decides what to do with verified data.

use std::cell::{Cell, RefCell};
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use age::secrecy::SecretString;
use sha2::{Digest, Sha256};

use super::manifest::Manifest;
use super::recipient::Identities;
use super::records::{self, IncidentRecord};
use super::tario::{Entry, EntryReader, TarError, TarReader};
use super::{
    limits, sign, BundleError, ChainFault, IncidentsFault, ManifestFault, Problem, Result,
    INCIDENTS_JSON, MANIFEST, MANIFEST_SIG, SIGNER_PUB, VERIFY_TXT,
};
use crate::model::chain::{self, Op};
use crate::untrusted::Untrusted;

/// How to decrypt.
pub enum Keys<'a> {
    Identities(Identities),
    /// For a passphrase bundle: asked (once per read) only if the bundle is one.
    Passphrase(&'a mut dyn FnMut() -> Result<SecretString>),
}

#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Refuse a bundle not signed by this key (`SHA256:…`).
    pub expected_signer: Option<String>,
}

/// A verified bundle.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The parsed manifest: inside the library only. Outside, [`Verified::manifest`] gives
    /// its fields as [`Untrusted`] text (they came from the sender): the compiler keeps
    /// them from being printed unsanitized.
    pub(crate) manifest: Manifest,
    /// The manifest's bytes as signed (stored by `import`), sender's text.
    pub manifest_text: Untrusted,
    /// `SHA256:…` of the signing key.
    pub signer: String,
    /// The signing key, canonical OpenSSH text without comment (`ssh-ed25519 AAAA…`): who
    /// signed is decided from this (`receive::decide_signer`), never from the manifest.
    pub signer_key: String,
    /// SHA-256 of the bundle file as read.
    pub bundle_sha256: [u8; 32],
    pub bundle_bytes: u64,
    pub passphrase: bool,
    pub revisions: u64,
}

/// Receives data as it is verified. Files arrive in archive order, each between
/// `file_start` and `file_end`; the signature has been checked before any file other than
/// manifest.json, manifest.sig and signer.pub reaches the sink, but a file's hash is only
/// known at its end (`file_end` is not called if it does not match). Everything a sink
/// receives must be discarded unless `verify` returns Ok.
impl Verified {
    /// The verified manifest, every text field [`Untrusted`]. The parsed manifest itself is
    /// not reachable from outside the library:
    ///
    /// ```compile_fail
    /// fn created(v: &sandyk::bundle::reader::Verified) -> String {
    ///     v.manifest.created.clone()
    /// }
    /// ```
    ///
    /// ```compile_fail
    /// fn created(v: &sandyk::bundle::reader::Verified) -> String {
    ///     format!("{}", v.manifest().created)
    /// }
    /// ```
    pub fn manifest(&self) -> super::manifest::Shown {
        self.manifest.shown()
    }
}

pub trait Sink {
    fn file_start(&mut self, _path: &str, _size: u64) -> Result<()> {
        Ok(())
    }
    fn file_data(&mut self, _data: &[u8]) -> Result<()> {
        Ok(())
    }
    fn file_end(&mut self) -> Result<()> {
        Ok(())
    }
    /// The signing key, once the manifest's signature by it has verified (before any other
    /// file than manifest.json and manifest.sig).
    fn signer(&mut self, _key: &ssh_key::PublicKey) -> Result<()> {
        Ok(())
    }
    /// Each incident, its chain segment verified.
    fn incident(&mut self, _rec: &IncidentRecord) -> Result<()> {
        Ok(())
    }
}

/// A sink that keeps nothing (`bundle verify`).
pub struct NoSink;
impl Sink for NoSink {}

struct Input<R> {
    inner: R,
    h: Sha256,
    n: u64,
    io_error: bool,
}

/// The raw bundle bytes: hashed as read; I/O errors remembered so they are not mistaken for
/// tampering.
struct InputReader<R>(Rc<RefCell<Input<R>>>);

impl<R: Read> Read for InputReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut s = self.0.borrow_mut();
        match s.inner.read(buf) {
            Ok(n) => {
                s.h.update(&buf[..n]);
                s.n += n as u64;
                Ok(n)
            }
            Err(e) => {
                if e.kind() != io::ErrorKind::Interrupted {
                    s.io_error = true;
                }
                Err(e)
            }
        }
    }
}

/// Why the age header was refused before age parsed it.
enum HeaderProblem {
    NotAge,
    TooLarge,
    Io(io::Error),
}

/// Read the age header (up to and including the MAC line) within limits, before age's own
/// parser sees it: that parser starts again from the beginning whenever it needs more
/// input, so a long or many-lined hostile header would cost quadratic time. Here a header
/// is at most `limits::AGE_HEADER` bytes, `limits::AGE_HEADER_LINES` lines of at most
/// `MAX_LINE` bytes, and `limits::AGE_STANZAS` recipient stanzas.
fn read_age_header<R: BufRead>(r: &mut R) -> std::result::Result<Vec<u8>, HeaderProblem> {
    const MAX_LINE: usize = 1024;
    let mut h = Vec::with_capacity(1024);
    let (mut lines, mut stanzas) = (0usize, 0usize);
    loop {
        let start = h.len();
        let n = r
            .by_ref()
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut h)
            .map_err(HeaderProblem::Io)?;
        let line = &h[start..];
        if n == 0 || !line.ends_with(b"\n") {
            return Err(if n > MAX_LINE {
                HeaderProblem::TooLarge
            } else {
                HeaderProblem::NotAge
            });
        }
        if start == 0 {
            if line != b"age-encryption.org/v1\n" {
                return Err(HeaderProblem::NotAge);
            }
            continue;
        }
        lines += 1;
        if line.starts_with(b"-> ") {
            stanzas += 1;
        } else if line.starts_with(b"--- ") {
            return Ok(h);
        }
        if h.len() as u64 > limits::AGE_HEADER
            || lines > limits::AGE_HEADER_LINES
            || stanzas > limits::AGE_STANZAS
        {
            return Err(HeaderProblem::TooLarge);
        }
    }
}

/// The decrypted payload; any error from it means the ciphertext is bad (unless the input
/// itself failed).
struct Payload<R> {
    inner: R,
    failed: Rc<Cell<bool>>,
}

impl<R: Read> Read for Payload<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).inspect_err(|_| self.failed.set(true))
    }
}

struct State<'s> {
    manifest: Option<Manifest>,
    sink: &'s mut dyn Sink,
    incidents_seen: usize,
    revisions: u64,
}

/// Verify the bundle read from `input`. See the module documentation for what is checked.
pub fn verify<R: Read>(
    input: R,
    keys: &mut Keys<'_>,
    opts: &VerifyOptions,
    sink: &mut dyn Sink,
) -> Result<Verified> {
    let shared = Rc::new(RefCell::new(Input {
        inner: input,
        h: Sha256::new(),
        n: 0,
        io_error: false,
    }));
    let io_failed = |shared: &Rc<RefCell<Input<R>>>| shared.borrow().io_error;
    let armored = age::armor::ArmoredReader::new(InputReader(shared.clone()));
    let mut buffered = io::BufReader::with_capacity(64 * 1024, armored);
    let header = read_age_header(&mut buffered).map_err(|p| match p {
        HeaderProblem::NotAge => BundleError::from(Problem::NotAge),
        HeaderProblem::TooLarge => Problem::HeaderTooLarge.into(),
        HeaderProblem::Io(e) if io_failed(&shared) => BundleError::Io(e),
        // The armor itself is malformed.
        HeaderProblem::Io(_) => Problem::NotAge.into(),
    })?;
    let header_error = |e: age::DecryptError, shared: &Rc<RefCell<Input<R>>>| -> BundleError {
        match e {
            age::DecryptError::Io(e) if io_failed(shared) => BundleError::Io(e),
            age::DecryptError::InvalidMac => Problem::Decryption.into(),
            _ => Problem::NotAge.into(),
        }
    };
    let decryptor = age::Decryptor::new_buffered(io::Cursor::new(header).chain(buffered))
        .map_err(|e| header_error(e, &shared))?;
    let passphrase = decryptor.is_scrypt();
    let stream = match keys {
        Keys::Identities(ids) => {
            if passphrase {
                return Err(BundleError::IsPassphraseBundle);
            }
            decryptor.decrypt(ids.iter().map(|i| &**i))
        }
        Keys::Passphrase(ask) => {
            if !passphrase {
                return Err(BundleError::NeedsIdentity);
            }
            let mut id = age::scrypt::Identity::new(ask()?);
            id.set_max_work_factor(limits::SCRYPT_LOG_N);
            decryptor.decrypt(std::iter::once(&id as &dyn age::Identity))
        }
    };
    let stream = stream.map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => BundleError::WrongIdentity,
        age::DecryptError::DecryptionFailed if passphrase => BundleError::WrongPassphrase,
        age::DecryptError::ExcessiveWork { required, .. } => BundleError::ExcessiveWork(required),
        age::DecryptError::KeyDecryptionFailed => {
            BundleError::Identity(crate::agekeys::IdentityFault::Undecryptable)
        }
        e => header_error(e, &shared),
    })?;
    let failed = Rc::new(Cell::new(false));
    let payload = Payload {
        inner: stream,
        failed: failed.clone(),
    };
    let mut tar = TarReader::new(payload);
    let mut st = State {
        manifest: None,
        sink,
        incidents_seen: 0,
        revisions: 0,
    };
    let result = read_archive(&mut tar, &mut st, opts).and_then(|v| {
        tar.finish().map_err(tar_error)?;
        Ok(v)
    });
    // The first failure below the archive explains the rest.
    let result = match result {
        Err(_) if io_failed(&shared) => {
            return Err(BundleError::Io(io::Error::other(
                "reading the bundle failed",
            )));
        }
        Err(BundleError::Io(_)) | Err(BundleError::Verify(Problem::Archive(_))) if failed.get() => {
            return Err(Problem::Decryption.into());
        }
        r => r?,
    };
    let (manifest_text, (signer, signer_key)) = result;
    // Whatever follows the age stream (armor's trailing whitespace) is part of the file.
    {
        let mut s = shared.borrow_mut();
        let mut buf = [0u8; 8192];
        let mut extra = 0u64;
        loop {
            let n = s.inner.read(&mut buf)?;
            if n == 0 {
                break;
            }
            if !buf[..n].iter().all(|b| b.is_ascii_whitespace()) {
                return Err(Problem::TrailingData.into());
            }
            s.h.update(&buf[..n]);
            s.n += n as u64;
            extra += n as u64;
            if extra > limits::TRAILING_ZEROS {
                return Err(Problem::TrailingData.into());
            }
        }
    }
    let manifest = st.manifest.take().expect("read_archive set it");
    if st.incidents_seen != manifest.incidents.len() {
        return Err(Problem::Incidents(IncidentsFault::Fewer).into());
    }
    let s = shared.borrow();
    Ok(Verified {
        manifest,
        manifest_text: Untrusted::new(manifest_text),
        signer,
        signer_key,
        bundle_sha256: s.h.clone().finalize().into(),
        bundle_bytes: s.n,
        passphrase,
        revisions: st.revisions,
    })
}

fn tar_error(e: TarError) -> BundleError {
    match e {
        TarError::Problem(p) => p.into(),
        TarError::Io(e) => BundleError::Io(e),
    }
}

/// Read an entry into memory (small files only; the size was checked against a limit).
fn read_small<R: Read>(tar: &mut TarReader<R>, e: &Entry) -> Result<Vec<u8>> {
    let mut v = vec![0u8; e.size as usize];
    let mut got = 0;
    while got < v.len() {
        let n = tar.read_data(&mut v[got..]).map_err(tar_error)?;
        got += n;
    }
    Ok(v)
}

fn read_archive<R: Read>(
    tar: &mut TarReader<R>,
    st: &mut State<'_>,
    opts: &VerifyOptions,
) -> Result<(String, (String, String))> {
    // 1. The manifest.
    let e = tar.next_entry().map_err(tar_error)?.ok_or(Problem::Empty)?;
    if e.path != MANIFEST {
        return Err(Problem::Manifest(ManifestFault::NotFirst).into());
    }
    if e.size > limits::MANIFEST {
        return Err(Problem::TooLarge(MANIFEST.into()).into());
    }
    let manifest_bytes = read_small(tar, &e)?;
    let manifest = Manifest::parse(&manifest_bytes)?;
    let manifest_text = String::from_utf8(manifest_bytes).expect("parse checked UTF-8");
    // 2. Its signature.
    let e = tar
        .next_entry()
        .map_err(tar_error)?
        .ok_or_else(|| Problem::Missing(MANIFEST_SIG.into()))?;
    if e.path != MANIFEST_SIG {
        return Err(Problem::OutOfOrder {
            path: e.path.into(),
            expected: MANIFEST_SIG.into(),
        }
        .into());
    }
    if e.size > limits::SMALL_FILE {
        return Err(Problem::TooLarge(MANIFEST_SIG.into()).into());
    }
    let sig = read_small(tar, &e)?;
    for (path, data) in [
        (MANIFEST, manifest_text.as_bytes()),
        (MANIFEST_SIG, &sig[..]),
    ] {
        st.sink.file_start(path, data.len() as u64)?;
        st.sink.file_data(data)?;
        st.sink.file_end()?;
    }
    let mut signer = None;
    let files = manifest.files.clone();
    st.manifest = Some(manifest);
    // 3. Every listed file, in order.
    for (k, f) in files.iter().enumerate() {
        let e = match tar.next_entry().map_err(tar_error)? {
            None => return Err(Problem::Missing(f.path.as_str().into()).into()),
            Some(e) => e,
        };
        if e.path != f.path {
            return Err(if e.path == MANIFEST
                || e.path == MANIFEST_SIG
                || files[..k].iter().any(|x| x.path == e.path)
            {
                Problem::Duplicate(e.path.into())
            } else if files[k..].iter().any(|x| x.path == e.path) {
                Problem::OutOfOrder {
                    path: e.path.into(),
                    expected: f.path.as_str().into(),
                }
            } else {
                Problem::Unlisted(e.path.into())
            }
            .into());
        }
        if e.size != f.size {
            return Err(Problem::Size(f.path.as_str().into()).into());
        }
        let hash = if f.path == SIGNER_PUB {
            if e.size > limits::SMALL_FILE {
                return Err(Problem::TooLarge(SIGNER_PUB.into()).into());
            }
            let data = read_small(tar, &e)?;
            if hex::encode(crate::crypto::sha256(&data)) != f.sha256 {
                return Err(Problem::Hash(f.path.as_str().into()).into());
            }
            let m = st.manifest.as_ref().expect("set");
            let pk = sign::verify(&data, &sig, manifest_text.as_bytes())?;
            let fp = sign::fingerprint(&pk);
            if fp != m.signer {
                return Err(Problem::Signature.into());
            }
            if let Some(want) = &opts.expected_signer {
                if want.trim() != fp {
                    return Err(Problem::WrongSigner {
                        found: fp,
                        expected: want.trim().to_owned(),
                    }
                    .into());
                }
            }
            st.sink.signer(&pk)?;
            signer = Some((fp, super::card::signer_canonical(&pk)));
            st.sink.file_start(&f.path, f.size)?;
            st.sink.file_data(&data)?;
            hex::encode(crate::crypto::sha256(&data))
        } else {
            if signer.is_none() {
                return Err(Problem::Manifest(ManifestFault::SignerNotFirst).into());
            }
            if f.path == VERIFY_TXT && e.size > limits::VERIFY_TXT {
                return Err(Problem::TooLarge(VERIFY_TXT.into()).into());
            }
            st.sink.file_start(&f.path, f.size)?;
            if f.path == INCIDENTS_JSON {
                read_incidents(tar, st)?
            } else {
                stream_entry(tar, st.sink)?
            }
        };
        if hash != f.sha256 {
            return Err(Problem::Hash(f.path.as_str().into()).into());
        }
        st.sink.file_end()?;
    }
    // 4. Nothing else.
    if let Some(e) = tar.next_entry().map_err(tar_error)? {
        let listed =
            e.path == MANIFEST || e.path == MANIFEST_SIG || files.iter().any(|f| f.path == e.path);
        return Err(if listed {
            Problem::Duplicate(e.path.into())
        } else {
            Problem::Unlisted(e.path.into())
        }
        .into());
    }
    Ok((manifest_text, signer.expect("signer.pub is listed first")))
}

/// Stream the current entry to the sink; returns its SHA-256 (hex).
fn stream_entry<R: Read>(tar: &mut TarReader<R>, sink: &mut dyn Sink) -> Result<String> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = tar.read_data(&mut buf).map_err(tar_error)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        sink.file_data(&buf[..n])?;
    }
    Ok(hex::encode(h.finalize()))
}

/// incidents.json: hashed, passed to the sink, and parsed one incident at a time; each
/// incident reaches the sink as soon as its chain segment is verified.
fn read_incidents<R: Read>(tar: &mut TarReader<R>, st: &mut State<'_>) -> Result<String> {
    struct Tee<'t, 's, 'k, R> {
        entry: EntryReader<'t, R>,
        h: Sha256,
        sink: &'s RefCell<&'k mut dyn Sink>,
        sink_error: Option<BundleError>,
    }
    impl<R: Read> Read for Tee<'_, '_, '_, R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.entry.read(buf)?;
            self.h.update(&buf[..n]);
            if let Err(e) = self.sink.borrow_mut().file_data(&buf[..n]) {
                self.sink_error = Some(e);
                return Err(io::Error::other("sink failed"));
            }
            Ok(n)
        }
    }
    let manifest = st.manifest.clone().expect("set");
    // The tee and the record callback both use the sink, never at the same time.
    let sink: RefCell<&mut dyn Sink> = RefCell::new(&mut *st.sink);
    let mut tee = Tee {
        entry: EntryReader { tar, problem: None },
        h: Sha256::new(),
        sink: &sink,
        sink_error: None,
    };
    let mut seen = 0usize;
    let mut revisions = 0u64;
    let res = records::parse_stream(&mut tee, &mut |rec: IncidentRecord| -> Result<()> {
        let entry = manifest
            .incidents
            .get(seen)
            .ok_or(Problem::Incidents(IncidentsFault::More))?;
        check_incident(&rec, entry, manifest.chain_head.seq)?;
        check_attachments(&rec, &manifest)?;
        seen += 1;
        revisions += rec.revisions.len() as u64;
        sink.borrow_mut().incident(&rec)
    });
    if let Some(e) = tee.sink_error.take() {
        return Err(e);
    }
    if let Some(p) = tee.entry.problem.take() {
        return Err(tar_error(p));
    }
    res?;
    // parse_stream read the entry to its end (only whitespace after the JSON value).
    let mut rest = [0u8; 1];
    if tee
        .read(&mut rest)
        .map_err(|_| Problem::Incidents(IncidentsFault::Read))?
        != 0
    {
        return Err(Problem::Incidents(IncidentsFault::TrailingData).into());
    }
    let hash = hex::encode(tee.h.clone().finalize());
    st.incidents_seen = seen;
    st.revisions = revisions;
    Ok(hash)
}

/// The incident's attachment files: listed identically in the manifest and in its record,
/// and each one's hashes equal to those its current revision records (the original's
/// SHA-256; the file's own SHA-256 is the original's or the working copy's, as the copy
/// says). The file's bytes are then checked against the manifest as they stream.
fn check_attachments(rec: &IncidentRecord, manifest: &Manifest) -> Result<()> {
    use super::manifest::COPY_ORIGINAL;
    let chain_err = |fault: ChainFault| {
        BundleError::from(Problem::Chain {
            id: Untrusted::new(rec.id.as_str()),
            fault,
        })
    };
    let listed: Vec<&super::manifest::AttachmentEntry> = manifest
        .attachments
        .iter()
        .filter(|a| a.incident == rec.id)
        .collect();
    let left: Vec<&super::manifest::LeftOutEntry> = manifest
        .left_out
        .iter()
        .filter(|a| a.incident == rec.id)
        .collect();
    if listed.len() != rec.attachments.len()
        || listed.iter().zip(&rec.attachments).any(|(m, r)| *m != r)
        || left.len() != rec.left_out.len()
        || left.iter().zip(&rec.left_out).any(|(m, r)| *m != r)
    {
        return Err(chain_err(ChainFault::AttachmentsDiffer));
    }
    // Version 1 bundles could not leave anything out (nor say so): only what is listed is
    // checked. From version 2 every attachment the current revision records is either in
    // the bundle or listed as left out.
    let complete = manifest.version >= 2;
    if listed.is_empty() && left.is_empty() && !complete {
        return Ok(());
    }
    let last = rec.revisions.last().expect("records are never empty");
    let current: crate::model::Incident =
        serde_json::from_str(last.body.as_deref().unwrap_or_default())
            .map_err(|_| chain_err(ChainFault::Unreadable))?;
    if complete && current.attachments.len() != listed.len() + left.len() {
        return Err(chain_err(ChainFault::AttachmentUnaccounted));
    }
    let recorded = |n: u32| {
        current
            .attachments
            .iter()
            .find(|r| r.n == n)
            .ok_or_else(|| chain_err(ChainFault::AttachmentNotRecorded(n)))
    };
    for a in listed {
        let r = recorded(a.n)?;
        let ok = a.original_sha256 == r.sha256
            && a.name.as_deref().is_none_or(|n| n == r.name)
            && if a.copy == COPY_ORIGINAL {
                a.sha256 == r.sha256 && a.size == r.size
            } else {
                r.working_sha256.as_deref() == Some(a.sha256.as_str())
            };
        if !ok {
            return Err(chain_err(ChainFault::AttachmentHash(a.n)));
        }
    }
    for a in left {
        let r = recorded(a.n)?;
        if a.original_sha256 != r.sha256 || a.size != r.size || a.name != r.name {
            return Err(chain_err(ChainFault::LeftOutDiffers(a.n)));
        }
    }
    Ok(())
}

/// One incident's chain segment, against its manifest entry.
fn check_incident(
    rec: &IncidentRecord,
    entry: &super::manifest::IncidentEntry,
    head_seq: u64,
) -> Result<()> {
    let chain_err = |fault: ChainFault| {
        BundleError::from(Problem::Chain {
            id: Untrusted::new(rec.id.as_str()),
            fault,
        })
    };
    if rec.id != entry.id {
        return Err(Problem::Incidents(IncidentsFault::NotListed).into());
    }
    if rec.revisions.len() as u64 != entry.revisions {
        return Err(chain_err(ChainFault::RevisionCount));
    }
    let last = rec.revisions.last().expect("records are never empty");
    if hex::encode(last.hash) != entry.head {
        return Err(chain_err(ChainFault::Head));
    }
    let mut prev_seq = 0;
    for r in &rec.revisions {
        if r.incident_id != rec.id {
            return Err(chain_err(ChainFault::OtherIncident(r.seq)));
        }
        if r.seq <= prev_seq || r.seq > head_seq {
            return Err(chain_err(ChainFault::OutOfSequence(r.seq)));
        }
        prev_seq = r.seq;
        if r.op != Op::Delete && r.body.is_none() {
            return Err(chain_err(ChainFault::NoContent(r.seq)));
        }
    }
    if let Err(ps) = chain::verify_incident_segment(&rec.revisions) {
        let first = ps.into_iter().next().expect("an error lists its problems");
        return Err(chain_err(ChainFault::Broken(first)));
    }
    if last.op == Op::Delete {
        return Err(chain_err(ChainFault::Deleted));
    }
    let current: crate::model::Incident =
        serde_json::from_str(last.body.as_deref().expect("checked"))
            .map_err(|_| chain_err(ChainFault::Unreadable))?;
    if current.id != rec.id {
        return Err(chain_err(ChainFault::NamesAnother));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> Result<Verified> {
        let id = age::x25519::Identity::generate();
        let mut keys = Keys::Identities(vec![Box::new(id)]);
        verify(bytes, &mut keys, &VerifyOptions::default(), &mut NoSink)
    }

    fn problem(bytes: &[u8]) -> Problem {
        match run(bytes) {
            Err(BundleError::Verify(p)) => p,
            Err(e) => panic!("unexpected error {e:?}"),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn hostile_headers_are_refused_quickly() {
        let t = std::time::Instant::now();
        let mut long_line = b"age-encryption.org/v1\n-> X25519 ".to_vec();
        long_line.extend(std::iter::repeat_n(b'A', 4 << 20));
        assert_eq!(problem(&long_line), Problem::HeaderTooLarge);
        let mut many = b"age-encryption.org/v1\n".to_vec();
        for _ in 0..100_000 {
            many.extend_from_slice(b"-> a\n\n");
        }
        assert_eq!(problem(&many), Problem::HeaderTooLarge);
        let mut lines = b"age-encryption.org/v1\n-> X25519 abc\n".to_vec();
        for _ in 0..100_000 {
            lines.extend_from_slice(&[b'A'; 64]);
            lines.push(b'\n');
        }
        assert_eq!(problem(&lines), Problem::HeaderTooLarge);
        // The largest header that passes the limits, in age's valid shape.
        let mut big = b"age-encryption.org/v1\n".to_vec();
        while big.len() < (limits::AGE_HEADER as usize) - 2000 {
            big.extend_from_slice(b"-> X25519 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
            for _ in 0..14 {
                big.extend_from_slice(&[b'A'; 64]);
                big.push(b'\n');
            }
            big.extend_from_slice(b"AAAA\n");
        }
        big.extend_from_slice(b"--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
        big.extend_from_slice(&[0u8; 64]);
        let t2 = std::time::Instant::now();
        assert!(run(&big).is_err());
        eprintln!(
            "largest accepted header shape: {} bytes, {:?}",
            big.len(),
            t2.elapsed()
        );
        assert!(
            t.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            t.elapsed()
        );
        assert_eq!(problem(b""), Problem::NotAge);
        assert_eq!(problem(b"age-encryption.org/v2\n"), Problem::NotAge);
        assert_eq!(
            problem(b"age-encryption.org/v1\n-> X25519 abc\n"),
            Problem::NotAge
        );
    }

    #[test]
    fn wrong_identity_is_told_apart() {
        let other = age::x25519::Identity::generate();
        let r = other.to_public();
        let enc =
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
        let mut ct = vec![];
        let mut w = enc.wrap_output(&mut ct).unwrap();
        std::io::Write::write_all(&mut w, b"x").unwrap();
        w.finish().unwrap();
        assert!(matches!(run(&ct), Err(BundleError::WrongIdentity)));
        let mut keys = Keys::Identities(vec![Box::new(other)]);
        let e = verify(&ct[..], &mut keys, &VerifyOptions::default(), &mut NoSink).unwrap_err();
        assert!(
            matches!(e, BundleError::Verify(Problem::Archive(_))),
            "{e:?}"
        );
    }
}
