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

use crate::vault::db::DbError;

/// SSHSIG namespace of the manifest signature.
pub const NAMESPACE: &str = "sandyk-bundle";
/// The principal used in the allowed_signers line given in VERIFY.txt.
pub const PRINCIPAL: &str = "sandyk";
/// Bundle format version (in the manifest).
pub const FORMAT_VERSION: u32 = 2;

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

/// Why a bundle failed verification. Carries names of files (sanitised by the CLI before
/// printing), never their contents.
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
    Archive(&'static str),
    #[error("unsafe path in the archive: {0}")]
    UnsafePath(String),
    #[error("entry {0} is not a regular file")]
    NotRegular(String),
    #[error("unexpected file {0} (not listed in the manifest)")]
    Unlisted(String),
    #[error("file {0} appears twice")]
    Duplicate(String),
    #[error("file {path} is out of order (expected {expected})")]
    OutOfOrder { path: String, expected: String },
    #[error("file {0} listed in the manifest is missing")]
    Missing(String),
    #[error("file {0} has the wrong size")]
    Size(String),
    #[error("file {0} does not match its SHA-256 in the manifest")]
    Hash(String),
    #[error("file {0} is too large")]
    TooLarge(String),
    #[error("the manifest is invalid: {0}")]
    Manifest(String),
    #[error("the manifest's end marker is missing (truncated)")]
    NoEndMarker,
    #[error("the signature does not verify")]
    Signature,
    #[error("signed by {found}, not by the expected {expected}")]
    WrongSigner { found: String, expected: String },
    #[error("a bundle from the same vault was signed by {known} before; this one by {found}")]
    SignerChanged { known: String, found: String },
    #[error("incidents.json is invalid: {0}")]
    Incidents(String),
    #[error("incident {id}: {detail}")]
    Chain { id: String, detail: String },
    #[error("data after the end of the archive")]
    TrailingData,
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
    Recipient(String),
    #[error("invalid identity file: {0}")]
    Identity(String),
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
    #[error("encryption failed: {0}")]
    Encrypt(String),
    /// The bundle is intact but signed by a key that is neither a contact's nor pinned with
    /// `--signer` (exit 7). Fingerprints of the signer, never anything else from the bundle.
    #[error("the bundle is signed by an unknown key {readable} ({fingerprint})")]
    UnknownSigner {
        fingerprint: String,
        readable: String,
    },
    /// An incident in the bundle is older than the one already imported from the same signer
    /// (a replay), or a different history of it (exit 8).
    #[error("incident {incident}: this bundle holds revision {got} of it, already imported up to revision {have} from the same signer")]
    Stale {
        incident: String,
        have: u64,
        got: u64,
    },
    #[error("incident {incident}: its history differs from the one already imported from the same signer")]
    Forked { incident: String },
    #[error("invalid contact card: {0}")]
    Card(#[from] card::CardError),
    #[error("{0}")]
    Db(#[from] DbError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, BundleError>;

pub use crate::progress::{NoProgress, Progress};

/// What kind of JSON error (never the content that caused it).
pub(crate) fn json_error_kind(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "read error",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected content",
        serde_json::error::Category::Eof => "unexpected end",
    }
}

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
