//! Evidence bundles: signed, age-encrypted archives of selected incidents for a lawyer.
//!
//! A bundle is one age file (binary or armored) holding a ustar archive:
//!
//! ```text
//! manifest.json   what the bundle holds: every other file's SHA-256 and size, the incidents
//!                 and their chain heads, the vault's chain head, an end marker
//! manifest.sig    SSHSIG (namespace `sandyk-bundle`) over manifest.json, vault's Ed25519 key
//! signer.pub      the signing key as an OpenSSH public key line
//! VERIFY.txt      how to decrypt and verify with age, tar, sha256sum and ssh-keygen
//! incidents.json  each incident with its full revision history (its chain segment)
//! report.html     a self-contained printable report
//! attachments/…   attachment files `ID-N-NAME` (working copies, or originals with
//!                 `--originals`), listed in the manifest like the others and described in
//!                 its `attachments` list and in incidents.json
//! ```
//!
//! The manifest comes first so a reader knows every size and hash before reading any data,
//! and can refuse anything unlisted at once. See `docs/bundle.md` for the schemas.
//!
//! Nothing here touches the terminal: progress and prompts go through callbacks.

pub mod card;
pub mod export_log;
pub mod manifest;
pub mod reader;
pub mod receive;
pub mod recipient;
pub mod records;
pub mod report;
pub mod sign;
pub mod tario;
pub mod writer;

use thiserror::Error;

use crate::untrusted::Untrusted;
use crate::vault::db::DbError;

/// SSHSIG namespace of the manifest signature.
pub const NAMESPACE: &str = "sandyk-bundle";
/// The principal used in the allowed_signers line given in VERIFY.txt.
pub const PRINCIPAL: &str = "sandyk";
/// The newest bundle format version (in the manifest): 3 adds the defender's statement.
/// The writer writes 3 only when a statement is included and 2 otherwise, so a bundle
/// without one is still read by sandyk versions that read 1 and 2.
pub const FORMAT_VERSION: u32 = 3;
/// The version a bundle without a statement is written as.
pub const FORMAT_VERSION_PLAIN: u32 = 2;

pub const MANIFEST: &str = "manifest.json";
pub const MANIFEST_SIG: &str = "manifest.sig";
pub const SIGNER_PUB: &str = "signer.pub";
pub const VERIFY_TXT: &str = "VERIFY.txt";
pub const INCIDENTS_JSON: &str = "incidents.json";
pub const REPORT_HTML: &str = "report.html";
/// What `bundle open` names the sender's report.html: kept (it is hashed evidence) but not
/// openable by a double click; the report.html it writes is rendered from the verified
/// incidents.json.
pub const SENDER_REPORT: &str = "sender-report.html.txt";
/// Directory for attachment entries (added by the attachments module).
pub const ATTACHMENTS_DIR: &str = "attachments/";

/// Limits against hostile or broken bundles (and the writer keeps within them, so that
/// every bundle sandyk writes is one sandyk can read).
pub mod limits {
    /// The age header (recipient stanzas) before the payload: bytes, lines, stanzas.
    pub const AGE_HEADER: u64 = 128 * 1024;
    pub const AGE_HEADER_LINES: usize = 4096;
    pub const AGE_STANZAS: usize = 256;
    pub const MANIFEST: u64 = 8 * 1024 * 1024;
    /// manifest.sig, signer.pub.
    pub const SMALL_FILE: u64 = 64 * 1024;
    /// VERIFY.txt.
    pub const VERIFY_TXT: u64 = 1024 * 1024;
    /// Files listed in a manifest.
    pub const FILES: usize = 100_000;
    /// Incidents in one bundle.
    pub const INCIDENTS: usize = 1_000_000;
    /// One incident's record in incidents.json (all its revisions), in bytes.
    pub const INCIDENT_RECORD: u64 = 32 * 1024 * 1024;
    /// Revisions of one incident.
    pub const REVISIONS: usize = 100_000;
    /// A path inside the archive.
    pub const PATH: usize = 200;
    /// One tar entry (ustar's 11 octal digits).
    pub const ENTRY: u64 = 0o77777777777;
    /// Zero padding accepted after the end of the archive.
    pub const TRAILING_ZEROS: u64 = 1024 * 1024;
    /// scrypt work factor accepted when opening a passphrase bundle (2^20: 1 GiB).
    pub const SCRYPT_LOG_N: u8 = 20;
    /// Identity and recipients files.
    pub const KEY_FILE: u64 = 1024 * 1024;
    /// Recipients in one export (each is a stanza in the age header).
    pub const RECIPIENTS: usize = 150;
}

/// Why a bundle failed verification. Typed all the way down (the binary says it in the
/// user's language); carries names of files and incident ids as [`Untrusted`] text (they
/// came from the bundle), never file contents.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    #[error("not an age file")]
    NotAge,
    #[error("the age header is too large")]
    HeaderTooLarge,
    #[error("decryption failed: the file was modified or truncated")]
    Decryption,
    #[error("the bundle is empty")]
    Empty,
    #[error("the archive is malformed: {0}")]
    Archive(ArchiveFault),
    #[error("unsafe path in the archive: {}", .0.sanitized())]
    UnsafePath(Untrusted),
    #[error("entry {} is not a regular file", .0.sanitized())]
    NotRegular(Untrusted),
    #[error("unexpected file {} (not listed in the manifest)", .0.sanitized())]
    Unlisted(Untrusted),
    #[error("file {} appears twice", .0.sanitized())]
    Duplicate(Untrusted),
    #[error("file {} is out of order (expected {})", .path.sanitized(), .expected.sanitized())]
    OutOfOrder {
        path: Untrusted,
        expected: Untrusted,
    },
    #[error("file {} listed in the manifest is missing", .0.sanitized())]
    Missing(Untrusted),
    #[error("file {} has the wrong size", .0.sanitized())]
    Size(Untrusted),
    #[error("file {} does not match its SHA-256 in the manifest", .0.sanitized())]
    Hash(Untrusted),
    #[error("file {} is too large", .0.sanitized())]
    TooLarge(Untrusted),
    #[error("the manifest is invalid: {0}")]
    Manifest(ManifestFault),
    #[error("the manifest's end marker is missing (truncated)")]
    NoEndMarker,
    #[error("the signature does not verify")]
    Signature,
    /// Fingerprints this program computed (`SHA256:…`), not text from the bundle.
    #[error("signed by {found}, not by the expected {expected}")]
    WrongSigner { found: String, expected: String },
    /// Fingerprints this program computed.
    #[error("a bundle from the same vault was signed by {known} before; this one by {found}")]
    SignerChanged { known: String, found: String },
    #[error("incidents.json is invalid: {0}")]
    Incidents(IncidentsFault),
    #[error("incident {}: {fault}", .id.sanitized())]
    Chain { id: Untrusted, fault: ChainFault },
    #[error("data after the end of the archive")]
    TrailingData,
}

impl Problem {
    /// A file name of this bundle format (one of the constants above) as a problem's path.
    pub fn file(name: &str) -> Untrusted {
        Untrusted::new(name)
    }
}

/// Why age encryption could not start or finish while writing a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum EncryptFault {
    /// age refused this set of recipients (kinds it cannot combine, or none).
    #[error("age refused these recipients")]
    Recipients,
    /// A thread of the writer (rendering, the report) ended without its result.
    #[error("a worker thread failed")]
    Worker,
}

/// What is wrong with the tar archive inside the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ArchiveFault {
    #[error("truncated")]
    Truncated,
    #[error("no end-of-archive marker")]
    NoEndMarker,
    #[error("bad end-of-archive marker")]
    BadEndMarker,
    #[error("bad header checksum")]
    BadChecksum,
    #[error("not a ustar header")]
    NotUstar,
    #[error("bad size field")]
    BadSize,
}

/// How JSON text failed to parse (serde's category; never the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum JsonFault {
    #[error("read error")]
    Read,
    #[error("syntax error")]
    Syntax,
    #[error("unexpected content")]
    Content,
    #[error("unexpected end")]
    End,
}

impl JsonFault {
    pub fn of(e: &serde_json::Error) -> JsonFault {
        match e.classify() {
            serde_json::error::Category::Io => JsonFault::Read,
            serde_json::error::Category::Syntax => JsonFault::Syntax,
            serde_json::error::Category::Data => JsonFault::Content,
            serde_json::error::Category::Eof => JsonFault::End,
        }
    }
}

/// What is wrong with manifest.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ManifestFault {
    #[error("manifest.json is not the first file")]
    NotFirst,
    #[error("not UTF-8")]
    NotUtf8,
    /// Not JSON of the manifest's shape, at this line (1-based).
    #[error("line {line}: {fault}")]
    Json { line: usize, fault: JsonFault },
    #[error("not a sandyk bundle manifest")]
    NotAManifest,
    /// A format version this sandyk does not read.
    #[error("format version {0} is not supported (this sandyk reads 1 to {FORMAT_VERSION})")]
    Version(u32),
    #[error("incident_count does not match the incidents listed")]
    IncidentCount,
    #[error("file_count does not match the files listed")]
    FileCount,
    #[error("created is not an RFC 3339 time")]
    Created,
    #[error("invalid chain head")]
    ChainHead,
    #[error("invalid vault id")]
    VaultId,
    #[error("invalid signer fingerprint")]
    SignerFingerprint,
    #[error("invalid incident entry")]
    IncidentEntry,
    #[error("an incident is listed twice")]
    IncidentTwice,
    #[error("the manifest lists itself or its signature")]
    ListsItself,
    #[error("invalid file entry")]
    FileEntry,
    #[error("a file other than sandyk's own is listed")]
    ForeignFile,
    #[error("signer.pub must be listed first")]
    SignerNotFirst,
    #[error("an attachment is not among the files")]
    AttachmentNotAFile,
    #[error("invalid attachment entry")]
    AttachmentEntry,
    #[error("an attachment file is not described")]
    AttachmentUndescribed,
    #[error("an attachment is listed twice")]
    AttachmentTwice,
    #[error("too many attachments left out")]
    LeftOutTooMany,
    #[error("invalid left-out attachment entry")]
    LeftOutEntry,
    /// A statement in a version below 3, or one that breaks its limits.
    #[error("invalid statement")]
    Statement,
}

/// What is wrong with incidents.json as a whole (one incident's history: [`ChainFault`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IncidentsFault {
    #[error("not a sandyk incidents file (or another version)")]
    NotIncidents,
    #[error("unexpected end")]
    End,
    /// Incident number `n` (1-based, in file order) is not JSON of the record's shape.
    #[error("incident {n}: {fault}")]
    Json { n: u64, fault: JsonFault },
    #[error("too many incidents")]
    TooMany,
    #[error("unexpected content after the last incident")]
    AfterLast,
    #[error("no incidents")]
    NoIncidents,
    #[error("data after the end")]
    TrailingData,
    #[error("read error")]
    Read,
    #[error("fewer incidents than the manifest lists")]
    Fewer,
    #[error("more incidents than the manifest lists")]
    More,
    #[error("the incidents are not those the manifest lists")]
    NotListed,
    #[error("invalid incident id")]
    BadId,
    #[error("a hash is not 64 lowercase hex digits")]
    BadHash,
    #[error("too many attachments")]
    TooManyAttachments,
}

/// What is wrong with one incident's history (its chain segment) in incidents.json.
/// `seq` is a revision's number in the sender's hash chain; `n` an attachment's number.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChainFault {
    #[error("no revisions")]
    NoRevisions,
    #[error("revision {0}: the preimage does not match its fields")]
    Preimage(u64),
    #[error("the number of revisions differs from the manifest")]
    RevisionCount,
    #[error("the last revision is not the one the manifest lists")]
    Head,
    #[error("revision {0} belongs to another incident")]
    OtherIncident(u64),
    #[error("revision {0} is out of sequence")]
    OutOfSequence(u64),
    #[error("revision {0} has no content")]
    NoContent(u64),
    /// The hash chain itself (first problem found).
    #[error("{0}")]
    Broken(crate::model::chain::ChainProblem),
    #[error("the incident was deleted")]
    Deleted,
    #[error("its content is not a readable incident")]
    Unreadable,
    #[error("its content names another incident")]
    NamesAnother,
    #[error("its attachment files differ between the manifest and incidents.json")]
    AttachmentsDiffer,
    #[error("attachment {0} is not recorded in it")]
    AttachmentNotRecorded(u32),
    #[error("attachment {0}: its SHA-256 is not the one the hash chain records")]
    AttachmentHash(u32),
    #[error("an attachment it records is neither in the bundle nor listed as left out")]
    AttachmentUnaccounted,
    #[error("attachment {0} (left out): it is not the one the hash chain records")]
    LeftOutDiffers(u32),
}

#[derive(Debug, Error)]
pub enum BundleError {
    /// The bundle failed verification (exit 6).
    #[error("bundle verification failed: {0}")]
    Verify(#[from] Problem),
    /// None of the given identities can decrypt the bundle (exit 6).
    #[error("the bundle is not encrypted to this identity")]
    WrongIdentity,
    /// A wrong passphrase for a passphrase bundle (exit 6).
    #[error("wrong passphrase for this bundle")]
    WrongPassphrase,
    /// The bundle is protected by a passphrase but keys were given, or the reverse.
    #[error("this bundle is protected by a passphrase, not a key")]
    IsPassphraseBundle,
    #[error("this bundle needs an identity (key file)")]
    NeedsIdentity,
    #[error("the scrypt work factor of this bundle is too high ({0})")]
    ExcessiveWork(u8),
    #[error("invalid recipient: {0}")]
    Recipient(crate::agekeys::RecipientError),
    #[error("invalid identity file: {0}")]
    Identity(crate::agekeys::IdentityFault),
    /// The passphrase of an encrypted identity (SSH key) is wrong (exit 3, as everywhere).
    #[error("wrong passphrase for the SSH key")]
    IdentityPassphrase,
    #[error("incident {id} is too large to export ({size} bytes of history; at most {max})")]
    IncidentTooLarge { id: String, size: u64, max: u64 },
    #[error("incident {0} has been deleted")]
    Deleted(String),
    #[error("nothing selected")]
    EmptySelection,
    #[error("the vault has no signing key")]
    NoSigningKey,
    #[error("the vault changed while the bundle was written; nothing was written")]
    Changed,
    #[error("{0} already exists")]
    Exists(std::path::PathBuf),
    #[error("invalid attachment entry: {0}")]
    BadEntry(String),
    /// Attachment `ID/N` has no metadata-free working copy and originals were not asked for.
    #[error("attachment {0} has no metadata-free working copy")]
    NoWorkingCopy(String),
    /// Attachment `ID/N` failed authentication in the store (at `chunk`) or does not match
    /// the SHA-256 recorded in the hash chain: the export stops, nothing is kept (exit 4).
    #[error("attachment {reference} is damaged (it does not match its recorded SHA-256)")]
    AttachmentDamaged {
        reference: String,
        chunk: Option<u64>,
    },
    #[error("encryption failed: {0}")]
    Encrypt(EncryptFault),
    /// More incidents than one bundle holds (the maximum).
    #[error("at most {0} incidents per bundle")]
    TooManyIncidents(usize),
    /// The manifest would be larger than a reader accepts (the limit in MiB).
    #[error("too many incidents or files for one bundle (manifest over {0} MiB)")]
    ManifestTooLarge(u64),
    /// The bundle is intact but signed by a key that is neither a contact's nor pinned with
    /// `--signer` (exit 7). Fingerprints of the signer, never anything else from the bundle.
    #[error("the bundle is signed by an unknown key {readable} ({fingerprint})")]
    UnknownSigner {
        fingerprint: String,
        readable: String,
    },
    /// An incident in the bundle is older than the one already imported from the same signer
    /// (a replay), or a different history of it (exit 8).
    #[error("incident {}: this bundle holds revision {got} of it, already imported up to revision {have} from the same signer", .incident.sanitized())]
    Stale {
        incident: Untrusted,
        have: u64,
        got: u64,
    },
    #[error("incident {}: its history differs from the one already imported from the same signer", .incident.sanitized())]
    Forked { incident: Untrusted },
    #[error("invalid contact card: {0}")]
    Card(#[from] card::CardError),
    #[error("{0}")]
    Db(#[from] DbError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, BundleError>;

pub use crate::progress::{NoProgress, Progress};

/// Lowercase hex of a SHA-256.
pub fn hex32(h: &[u8; 32]) -> String {
    hex::encode(h)
}

/// Whether a path inside a bundle is acceptable: relative, at most `limits::PATH` bytes,
/// components of `[A-Za-z0-9._-]` not starting with a dot, at most one directory level
/// (`attachments/NAME`). The same rule is used to write and to read, so a file name needs
/// no quoting in the manifest, in `sha256sum -c` or in a shell.
pub fn safe_path(p: &str) -> bool {
    if p.is_empty() || p.len() > limits::PATH {
        return false;
    }
    let parts: Vec<&str> = p.split('/').collect();
    if parts.len() > 2 {
        return false;
    }
    if parts.len() == 2 && parts[0] != ATTACHMENTS_DIR.trim_end_matches('/') {
        return false;
    }
    parts.iter().all(|c| {
        !c.is_empty()
            && !c.starts_with('.')
            && !c.starts_with('-')
            && c.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_paths() {
        for ok in [
            "manifest.json",
            "VERIFY.txt",
            "attachments/AB12CD-1.jpg",
            "attachments/x_y-z.tar.gz",
        ] {
            assert!(safe_path(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "..././x",
            "a/../b",
            "./x",
            ".hidden",
            "attachments/../x",
            "attachments/",
            "attachments//x",
            "other/x",
            "attachments/a/b",
            "a b",
            "a\"b",
            "a\\b",
            "-rf",
            "x\n",
            "Токтогул.txt",
            "attachments/.x",
        ] {
            assert!(!safe_path(bad), "{bad:?}");
        }
        assert!(!safe_path(&"a".repeat(limits::PATH + 1)));
    }
}
