//! The CLI's one error type: a message, an optional hint, and a documented exit code.
//!
//! Every library error becomes a `CliError` here, through `From` impls: this file is the one
//! place that decides exit codes and localized messages (issue 10: they had drifted, e.g. a
//! wrong SSH-key passphrase exited 3 in `unseal` but 2 in `bundle open`).

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use super::output::line;
use crate::t;
use sandyk::agekeys::{IdentityFault, RecipientError, RecipientFault};
use sandyk::attach::metadata::ImageProblem;
use sandyk::attach::{self, AttachError};
use sandyk::bundle::card::CardError;
use sandyk::bundle::{
    ArchiveFault, BundleError, ChainFault, EncryptFault, IncidentsFault, JsonFault, ManifestFault,
    Problem,
};
use sandyk::crypto::kdf::{KdfError, KdfStage};
use sandyk::emergency::duress::DuressError;
use sandyk::emergency::seal::SealError;
use sandyk::model::chain::ChainProblem;
use sandyk::model::input::InputError;
use sandyk::sandbox::SandboxError;
use sandyk::vault::db::attachments::AttachmentError;
use sandyk::vault::db::DbError;
use sandyk::vault::keyfile::KeyFileDamage;
use sandyk::vault::keyfile::KeyFileError;
use sandyk::vault::store::StoreError;
use sandyk::vault::Incomplete;
use sandyk::vault::VaultError;

/// Exit codes (documented in README and `sandyk --help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 1: any other failure (I/O, disk full, busy, refused).
    Failure = 1,
    /// 2: the command line or the input was wrong.
    Usage = 2,
    /// 3: wrong passphrase.
    WrongPassphrase = 3,
    /// 4: the vault (key file or database) is damaged or has been tampered with.
    Damaged = 4,
    /// 5: no such vault, incident, contact or file.
    NotFound = 5,
    /// 6: a bundle failed verification.
    Verify = 6,
    /// 7: a bundle is intact but signed by a key that is not a contact's (nor pinned with
    /// `--signer`): who sent it is unknown.
    UnknownSigner = 7,
    /// 8: `import` refused a replay: an incident older than (or a history different from)
    /// the one already imported from the same signer.
    Stale = 8,
    /// 130: interrupted (Ctrl-C at a prompt).
    Interrupted = 130,
}

#[derive(Debug)]
pub struct CliError {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
    /// A third-party library's own (English) description of the failure: printed only with
    /// `--verbose`, never as the message. Carries no note text (age, the sandbox crates).
    pub detail: Option<String>,
}

/// `--verbose` was given: [`super::report`] prints [`CliError::detail`].
static VERBOSE: AtomicBool = AtomicBool::new(false);

pub fn set_verbose(on: bool) {
    VERBOSE.store(on, Ordering::Relaxed);
}

pub fn verbose() -> bool {
    VERBOSE.load(Ordering::Relaxed)
}

pub type CliResult<T = ()> = Result<T, CliError>;

impl CliError {
    pub fn new(exit: Exit, message: impl Into<String>) -> CliError {
        CliError {
            exit,
            message: message.into(),
            hint: None,
            detail: None,
        }
    }

    /// See [`CliError::detail`].
    pub fn detail(mut self, detail: impl Into<String>) -> CliError {
        self.detail = Some(detail.into());
        self
    }

    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::new(Exit::Usage, message)
    }

    pub fn failure(message: impl Into<String>) -> CliError {
        CliError::new(Exit::Failure, message)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> CliError {
        self.hint = Some(hint.into());
        self
    }

    pub fn code(&self) -> i32 {
        self.exit as i32
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> CliError {
        io_error(&e)
    }
}

/// An I/O error in the user's words. Never includes file contents.
/// Errors wrapped with a path (tempfile, `persist`) have no raw OS code: the kind tells.
pub fn io_error(e: &std::io::Error) -> CliError {
    use std::io::ErrorKind;
    let full = matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT))
        || e.kind() == ErrorKind::StorageFull;
    let read_only = matches!(
        e.raw_os_error(),
        Some(libc::EROFS) | Some(libc::EACCES) | Some(libc::EPERM)
    ) || matches!(
        e.kind(),
        ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied
    );
    if full {
        CliError::failure(t!("err-disk-full")).hint(t!("hint-nothing-changed"))
    } else if read_only {
        CliError::failure(t!("err-read-only", detail = io_detail(e)))
            .hint(t!("hint-nothing-changed"))
    } else {
        CliError::failure(t!("err-io", detail = io_detail(e))).hint(t!("hint-io"))
    }
}

/// What an I/O error was, in the user's language (the standard library's text is
/// English): the kind, or the system's error number when the kind says nothing.
pub fn io_detail(e: &io::Error) -> String {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => t!("io-not-found"),
        K::PermissionDenied => t!("io-permission-denied"),
        K::AlreadyExists => t!("io-already-exists"),
        K::StorageFull => t!("io-storage-full"),
        K::ReadOnlyFilesystem => t!("io-read-only"),
        K::UnexpectedEof => t!("io-unexpected-eof"),
        K::InvalidData => t!("io-invalid-data"),
        K::InvalidInput => t!("io-invalid-input"),
        K::Interrupted => t!("io-interrupted"),
        K::TimedOut => t!("io-timed-out"),
        K::IsADirectory => t!("io-is-a-directory"),
        K::NotADirectory => t!("io-not-a-directory"),
        K::FileTooLarge => t!("io-file-too-large"),
        K::Unsupported => t!("io-unsupported"),
        K::BrokenPipe => t!("io-broken-pipe"),
        K::OutOfMemory => t!("io-out-of-memory"),
        _ => match e.raw_os_error() {
            // `--passphrase-fd 9` without a `9<` redirection.
            Some(libc::EBADF) => t!("io-bad-descriptor"),
            Some(code) => t!("io-os-error", code = code as i64),
            None => t!("io-other"),
        },
    }
}

/// Invalid JSON input (`add`/`amend --input json`): where (line, column) and what kind of
/// fault, in the user's language. serde's own message is English and can quote the value
/// that did not fit (note text), so it is never shown, not even with `--verbose`.
pub fn json_error(e: serde_json::Error) -> CliError {
    // A value checked after parsing (an incident's fields) has no position.
    let at = match e.line() {
        0 => json_fault(JsonFault::of(&e)),
        line => t!(
            "json-at",
            line = line as i64,
            column = e.column() as i64,
            detail = json_fault(JsonFault::of(&e))
        ),
    };
    CliError::usage(t!("err-json", detail = at)).hint(t!("hint-json-fields"))
}

impl From<InputError> for CliError {
    fn from(e: InputError) -> CliError {
        // "invalid JSON: …" with a detail, and the hint that fits.
        let json = |detail: String, hint: &str| {
            CliError::usage(t!("err-json", detail = detail)).hint(t!(hint))
        };
        // A fault of one field of one incident.
        let field = |key: &str, item: usize, field: String| t!(key, n = item as i64, field = field);
        match e {
            InputError::NotUtf8 => CliError::usage(t!("err-not-utf8")),
            InputError::Json(e) => json_error(e),
            InputError::NotObject => {
                CliError::usage(t!("err-json", detail = t!("err-detail-json-not-object")))
            }
            InputError::NotOneObject => {
                json(t!("err-detail-json-not-one-object"), "hint-json-fields")
            }
            InputError::Empty => json(t!("err-detail-json-empty"), "hint-json-fields"),
            InputError::UnknownField { item, field: f } => json(
                field("json-unknown-field", item, f.sanitized()),
                "hint-json-fields",
            ),
            InputError::DuplicateField { item, field: f } => json(
                field("json-duplicate-field", item, f.sanitized()),
                "hint-json-duplicate",
            ),
            InputError::BadValue { item, field: f } => json(
                field("json-bad-value", item, f.to_owned()),
                "hint-json-fields",
            ),
        }
    }
}

impl From<KeyFileError> for CliError {
    fn from(e: KeyFileError) -> CliError {
        match e {
            KeyFileError::WrongPassphrase => {
                CliError::new(Exit::WrongPassphrase, t!("err-wrong-passphrase"))
                    .hint(t!("hint-wrong-passphrase"))
            }
            KeyFileError::Damaged(what) => CliError::new(
                Exit::Damaged,
                t!("err-keyfile-damaged", detail = keyfile_damage(what)),
            )
            .hint(t!("hint-damaged")),
            KeyFileError::BadParams(KdfError::ExceedsRam { m_kib, limit_kib }) => {
                CliError::failure(t!(
                    "err-kdf-ram",
                    need = (m_kib / 1024) as i64,
                    limit = (limit_kib / 1024) as i64
                ))
                .hint(t!("hint-kdf-ram"))
            }
            KeyFileError::BadParams(p) => CliError::new(
                Exit::Damaged,
                t!("err-keyfile-params", detail = kdf_error(&p)),
            )
            .hint(t!("hint-damaged")),
            KeyFileError::UnsupportedVersion(v) => {
                CliError::new(Exit::Damaged, t!("err-keyfile-version", version = v as i64))
                    .hint(t!("hint-upgrade"))
            }
            KeyFileError::NoFreeSlot => {
                CliError::failure(t!("err-no-free-slot")).hint(t!("hint-no-free-slot"))
            }
            KeyFileError::TooLong => CliError::usage(t!("err-too-long")).hint(t!("hint-too-long")),
            KeyFileError::Kdf(e) => {
                CliError::failure(t!("err-kdf", detail = kdf_error(&e))).hint(t!("hint-kdf"))
            }
        }
    }
}

impl From<DbError> for CliError {
    fn from(e: DbError) -> CliError {
        match e {
            DbError::NotSqlcipher => CliError::failure(t!("err-not-sqlcipher")),
            DbError::Damaged => {
                CliError::new(Exit::Damaged, t!("err-db-damaged")).hint(t!("hint-damaged"))
            }
            // Something that cannot be an id (empty, a path, punctuation) is a usage error,
            // not "not found" (exit 2, not 5).
            DbError::NotFound(id)
                if !sandyk::bundle::manifest::valid_id(&sandyk::vault::db::Db::normalise_id(
                    &id,
                )) =>
            {
                CliError::usage(t!("err-not-an-id", id = line(&id))).hint(t!("hint-list"))
            }
            DbError::NotFound(id) => {
                CliError::new(Exit::NotFound, t!("err-no-incident", id = id)).hint(t!("hint-list"))
            }
            DbError::Deleted(id) => {
                CliError::new(Exit::NotFound, t!("err-deleted", id = id.clone()))
                    .hint(t!("hint-history", id = id))
            }
            DbError::Model(sandyk::model::incident::ModelError::Date { text, reason }) => {
                CliError::usage(t!(
                    "err-date",
                    text = super::output::line(&text),
                    reason = crate::cli::i18n::date_error_for(&text, &reason)
                ))
                .hint(t!("hint-date"))
            }
            DbError::Model(m @ sandyk::model::incident::ModelError::UnknownCategory(_)) => {
                CliError::usage(t!(
                    "err-invalid-input",
                    detail = crate::cli::i18n::model_error(&m)
                ))
                .hint(t!("hint-categories"))
            }
            DbError::Model(m) => CliError::usage(t!(
                "err-invalid-input",
                detail = crate::cli::i18n::model_error(&m)
            )),
            DbError::EntityNotFound => {
                CliError::new(Exit::NotFound, t!("err-entity-gone")).hint(t!("hint-entities"))
            }
            DbError::SameEntity => CliError::usage(t!("err-entity-same")).hint(t!("hint-entities")),
            DbError::NotMerged => CliError::new(Exit::NotFound, t!("err-entity-not-merged"))
                .hint(t!("hint-entity-history")),
            DbError::Busy => CliError::failure(t!("err-busy")).hint(t!("hint-retry")),
            DbError::Conflict => CliError::failure(t!("err-contact-signer-taken"))
                .hint(t!("hint-bundle-contact-list")),
            DbError::Setting(pragma) => {
                CliError::failure(t!("err-db-setting", pragma = pragma)).hint(t!("hint-db-setting"))
            }
            DbError::Journal(e) => CliError::failure(t!("err-journal", detail = io_detail(&e)))
                .hint(t!("hint-journal")),
            DbError::Store(e) => io_error(&e),
            DbError::ReadOnly => {
                CliError::failure(t!("err-read-only", detail = "")).hint(t!("hint-nothing-changed"))
            }
            DbError::DiskFull => {
                CliError::failure(t!("err-disk-full")).hint(t!("hint-nothing-changed"))
            }
            DbError::Sqlite(e) => match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::CannotOpen =>
                {
                    CliError::failure(t!("err-io", detail = t!("err-detail-db-cannot-open")))
                }
                rusqlite::Error::SqliteFailure(f, _) if f.extended_code & 0xff == 10 => {
                    CliError::failure(t!("err-io", detail = t!("err-detail-disk-io")))
                        .hint(t!("hint-nothing-changed"))
                }
                // Never print SQL error text that could carry note text.
                _ => CliError::failure(t!(
                    "err-db",
                    detail = e
                        .sqlite_error_code()
                        .map(|c| format!("{c:?}"))
                        .unwrap_or_default()
                )),
            },
        }
    }
}

impl From<VaultError> for CliError {
    fn from(e: VaultError) -> CliError {
        match e {
            VaultError::NoVault(p) => CliError::new(
                Exit::NotFound,
                t!("err-no-vault", path = p.display().to_string()),
            )
            .hint(t!("hint-init")),
            VaultError::AlreadyExists(p) => {
                CliError::failure(t!("err-vault-exists", path = p.display().to_string()))
                    .hint(t!("hint-vault-exists"))
            }
            VaultError::Incomplete(what) => CliError::new(
                Exit::Damaged,
                t!("err-incomplete", detail = incomplete(what)),
            )
            .hint(t!("hint-damaged")),
            VaultError::KeyFile(k) => k.into(),
            VaultError::Db(d) => d.into(),
            VaultError::Mismatch => {
                CliError::new(Exit::Damaged, t!("err-mismatch")).hint(t!("hint-damaged"))
            }
            VaultError::Io(e) => io_error(&e),
            VaultError::NoSuchSlot(l) => {
                CliError::new(Exit::NotFound, t!("err-no-slot", label = l))
                    .hint(t!("hint-passphrase-list"))
            }
            VaultError::LastSlot => {
                CliError::failure(t!("err-last-slot")).hint(t!("hint-last-slot"))
            }
            VaultError::PassphraseInUse => {
                CliError::usage(t!("err-passphrase-in-use")).hint(t!("hint-passphrase-in-use"))
            }
            VaultError::Sealed => {
                CliError::new(Exit::WrongPassphrase, t!("err-sealed")).hint(t!("hint-unseal"))
            }
            VaultError::Symlink(p) => {
                CliError::failure(t!("err-symlink", path = line(&p.display().to_string())))
                    .hint(t!("hint-symlink"))
            }
        }
    }
}

// ---------------------------------------------------------------- bundles

pub fn problem_text(p: &Problem) -> String {
    match p {
        Problem::NotAge => t!("bundle-problem-not-age"),
        Problem::HeaderTooLarge => t!("bundle-problem-header"),
        Problem::Decryption => t!("bundle-problem-decryption"),
        Problem::Empty => t!("bundle-problem-empty"),
        Problem::Archive(why) => t!("bundle-problem-archive", detail = archive_fault(*why)),
        Problem::UnsafePath(p) => t!("bundle-problem-unsafe-path", path = p.sanitized()),
        Problem::NotRegular(p) => t!("bundle-problem-not-regular", path = p.sanitized()),
        Problem::Unlisted(p) => t!("bundle-problem-unlisted", path = p.sanitized()),
        Problem::Duplicate(p) => t!("bundle-problem-duplicate", path = p.sanitized()),
        Problem::OutOfOrder { path, expected } => t!(
            "bundle-problem-order",
            path = path.sanitized(),
            expected = expected.sanitized()
        ),
        Problem::Missing(p) => t!("bundle-problem-missing", path = p.sanitized()),
        Problem::Size(p) => t!("bundle-problem-size", path = p.sanitized()),
        Problem::Hash(p) => t!("bundle-problem-hash", path = p.sanitized()),
        Problem::TooLarge(p) => t!("bundle-problem-too-large", path = p.sanitized()),
        Problem::Manifest(d) => t!("bundle-problem-manifest", detail = manifest_fault(*d)),
        Problem::NoEndMarker => t!("bundle-problem-end-marker"),
        Problem::Signature => t!("bundle-problem-signature"),
        Problem::WrongSigner { found, expected } => t!(
            "bundle-problem-wrong-signer",
            found = line(found),
            expected = line(expected)
        ),
        Problem::SignerChanged { known, found } => t!(
            "bundle-problem-signer-changed",
            known = line(known),
            found = line(found)
        ),
        Problem::Incidents(d) => t!("bundle-problem-incidents", detail = incidents_fault(*d)),
        Problem::Chain { id, fault } => t!(
            "bundle-problem-chain",
            id = id.sanitized(),
            detail = chain_fault(fault)
        ),
        Problem::TrailingData => t!("bundle-problem-trailing"),
    }
}

fn archive_fault(f: ArchiveFault) -> String {
    match f {
        ArchiveFault::Truncated => t!("archive-truncated"),
        ArchiveFault::NoEndMarker => t!("archive-no-end-marker"),
        ArchiveFault::BadEndMarker => t!("archive-bad-end-marker"),
        ArchiveFault::BadChecksum => t!("archive-bad-checksum"),
        ArchiveFault::NotUstar => t!("archive-not-ustar"),
        ArchiveFault::BadSize => t!("archive-bad-size"),
    }
}

fn json_fault(f: JsonFault) -> String {
    match f {
        JsonFault::Read => t!("json-fault-read"),
        JsonFault::Syntax => t!("json-fault-syntax"),
        JsonFault::Content => t!("json-fault-content"),
        JsonFault::End => t!("json-fault-end"),
    }
}

fn manifest_fault(f: ManifestFault) -> String {
    use ManifestFault as F;
    match f {
        F::NotFirst => t!("manifest-not-first"),
        F::NotUtf8 => t!("manifest-not-utf8"),
        F::Json { line, fault } => t!(
            "manifest-json",
            line = line as i64,
            detail = json_fault(fault)
        ),
        F::NotAManifest => t!("manifest-not-a-manifest"),
        F::Version(v) => t!(
            "manifest-version",
            version = v as i64,
            supported = sandyk::bundle::FORMAT_VERSION as i64
        ),
        F::IncidentCount => t!("manifest-incident-count"),
        F::FileCount => t!("manifest-file-count"),
        F::Created => t!("manifest-created"),
        F::ChainHead => t!("manifest-chain-head"),
        F::VaultId => t!("manifest-vault-id"),
        F::SignerFingerprint => t!("manifest-signer-fingerprint"),
        F::IncidentEntry => t!("manifest-incident-entry"),
        F::IncidentTwice => t!("manifest-incident-twice"),
        F::ListsItself => t!("manifest-lists-itself"),
        F::FileEntry => t!("manifest-file-entry"),
        F::ForeignFile => t!("manifest-foreign-file"),
        F::SignerNotFirst => t!("manifest-signer-not-first"),
        F::AttachmentNotAFile => t!("manifest-attachment-not-a-file"),
        F::AttachmentEntry => t!("manifest-attachment-entry"),
        F::AttachmentUndescribed => t!("manifest-attachment-undescribed"),
        F::AttachmentTwice => t!("manifest-attachment-twice"),
        F::LeftOutTooMany => t!("manifest-left-out-too-many"),
        F::LeftOutEntry => t!("manifest-left-out-entry"),
        F::Statement => t!("manifest-statement"),
    }
}

fn incidents_fault(f: IncidentsFault) -> String {
    use IncidentsFault as F;
    match f {
        F::NotIncidents => t!("incidents-not-incidents"),
        F::End => t!("incidents-end"),
        F::Json { n, fault } => t!("incidents-json", n = n as i64, detail = json_fault(fault)),
        F::TooMany => t!("incidents-too-many"),
        F::AfterLast => t!("incidents-after-last"),
        F::NoIncidents => t!("incidents-none"),
        F::TrailingData => t!("incidents-trailing"),
        F::Read => t!("incidents-read"),
        F::Fewer => t!("incidents-fewer"),
        F::More => t!("incidents-more"),
        F::NotListed => t!("incidents-not-listed"),
        F::BadId => t!("incidents-bad-id"),
        F::BadHash => t!("incidents-bad-hash"),
        F::TooManyAttachments => t!("incidents-too-many-attachments"),
    }
}

fn chain_fault(f: &ChainFault) -> String {
    use ChainFault as F;
    match f {
        F::NoRevisions => t!("chain-no-revisions"),
        F::Preimage(seq) => t!("chain-preimage", seq = *seq as i64),
        F::RevisionCount => t!("chain-revision-count"),
        F::Head => t!("chain-wrong-head"),
        F::OtherIncident(seq) => t!("chain-other-incident", seq = *seq as i64),
        F::OutOfSequence(seq) => t!("chain-out-of-sequence", seq = *seq as i64),
        F::NoContent(seq) => t!("chain-no-content", seq = *seq as i64),
        F::Broken(p) => chain_problem(p),
        F::Deleted => t!("chain-deleted"),
        F::Unreadable => t!("chain-unreadable"),
        F::NamesAnother => t!("chain-names-another"),
        F::AttachmentsDiffer => t!("chain-attachments-differ"),
        F::AttachmentNotRecorded(n) => t!("chain-attachment-not-recorded", n = *n as i64),
        F::AttachmentHash(n) => t!("chain-attachment-hash", n = *n as i64),
        F::AttachmentUnaccounted => t!("chain-attachment-unaccounted"),
        F::LeftOutDiffers(n) => t!("chain-left-out-differs", n = *n as i64),
    }
}

/// A problem of a hash chain (a bundle's segment, or the vault's in `sandyk check`).
pub fn chain_problem(p: &ChainProblem) -> String {
    match p {
        ChainProblem::BadHash { seq } => t!("chain-bad-hash", seq = *seq as i64),
        ChainProblem::BodyMismatch { seq } => t!("chain-body-mismatch", seq = *seq as i64),
        ChainProblem::Gap { after, next } => {
            t!("chain-gap", after = *after as i64, next = *next as i64)
        }
        ChainProblem::BrokenLink { seq } => t!("chain-broken-link", seq = *seq as i64),
        ChainProblem::BrokenIncidentLink { seq } => {
            t!("chain-broken-incident-link", seq = *seq as i64)
        }
    }
}

/// What is wrong with a recipient, in the user's language.
pub fn recipient_fault(f: &RecipientFault) -> String {
    match f {
        RecipientFault::PostQuantum => t!("recipient-post-quantum"),
        RecipientFault::BadAge => t!("recipient-bad-age"),
        RecipientFault::RsaTooLarge => t!("recipient-rsa-too-large"),
        RecipientFault::RsaTooSmall => t!("recipient-rsa-too-small"),
        RecipientFault::SshType(k) => t!("recipient-ssh-type", kind = k.sanitized()),
        RecipientFault::BadSsh => t!("recipient-bad-ssh"),
        RecipientFault::NotARecipient => t!("recipient-not-a-recipient"),
    }
}

pub fn recipient_error(e: &RecipientError) -> String {
    match e {
        RecipientError::Invalid(f) => recipient_fault(f),
        RecipientError::Line { line, fault } => t!(
            "recipient-line",
            line = *line as i64,
            detail = recipient_fault(fault)
        ),
        RecipientError::TooMany(max) => t!("recipient-too-many", max = *max as i64),
        RecipientError::NoneListed => t!("recipient-none-listed"),
        RecipientError::NoneGiven => t!("recipient-none-given"),
    }
}

pub fn identity_fault(f: IdentityFault) -> String {
    match f {
        IdentityFault::NotText => t!("identity-not-text"),
        IdentityFault::BadAgeLine => t!("identity-bad-age-line"),
        IdentityFault::UnreadableSsh => t!("identity-unreadable-ssh"),
        IdentityFault::UnsupportedSsh => t!("identity-unsupported-ssh"),
        IdentityFault::PublicKey => t!("identity-public-key"),
        IdentityFault::Unrecognized => t!("identity-unrecognized"),
        IdentityFault::Undecryptable => t!("identity-undecryptable"),
        IdentityFault::PassphraseNotUtf8 => t!("identity-passphrase-not-utf8"),
        IdentityFault::NoPassphrase => t!("identity-no-passphrase"),
    }
}

/// A contact card's problem, in the user's language.
pub fn card_error(e: &CardError) -> String {
    use sandyk::bundle::card::{MAX_CARD, VERSION_LINE};
    match e {
        CardError::TooLarge => t!("card-too-large", max = MAX_CARD as i64),
        CardError::NotText => t!("card-not-text"),
        CardError::NotACard => t!("card-not-a-card", first = VERSION_LINE),
        CardError::Version => t!("card-version", first = VERSION_LINE),
        CardError::Syntax(n) => t!("card-syntax", line = *n as i64),
        CardError::Field(n) => t!("card-field", line = *n as i64),
        CardError::Name(n) => t!("card-name", line = *n as i64),
        CardError::Recipient { line, fault } => t!(
            "card-recipient",
            line = *line as i64,
            detail = recipient_fault(fault)
        ),
        CardError::Signer(n) => t!("card-signer", line = *n as i64),
        CardError::Fingerprint(n) => t!("card-fingerprint", line = *n as i64),
        CardError::Empty => t!("card-empty"),
    }
}

fn keyfile_damage(d: KeyFileDamage) -> String {
    match d {
        KeyFileDamage::Size => t!("keyfile-damage-size"),
        KeyFileDamage::Checksum => t!("keyfile-damage-checksum"),
        KeyFileDamage::Geometry => t!("keyfile-damage-geometry"),
    }
}

/// A refused or failed key derivation, in the user's language.
pub fn kdf_error(e: &KdfError) -> String {
    match e {
        KdfError::BelowFloor {
            m_kib,
            t,
            floor_m,
            floor_t,
        } => t!(
            "kdf-below-floor",
            memory = (*m_kib / 1024) as i64,
            passes = *t as i64,
            floor_memory = (*floor_m / 1024) as i64,
            floor_passes = *floor_t as i64
        ),
        KdfError::AboveCeiling { m_kib, t, p } => t!(
            "kdf-above-ceiling",
            memory = (*m_kib / 1024) as i64,
            passes = *t as i64,
            lanes = *p as i64
        ),
        KdfError::ExceedsRam { m_kib, limit_kib } => t!(
            "kdf-exceeds-ram",
            need = (*m_kib / 1024) as i64,
            limit = (*limit_kib / 1024) as i64
        ),
        KdfError::Failed(KdfStage::Params) => t!("kdf-failed-params"),
        KdfError::Failed(KdfStage::Threads) => t!("kdf-failed-threads"),
        KdfError::Failed(KdfStage::Hash) => t!("kdf-failed-hash"),
    }
}

fn incomplete(what: Incomplete) -> String {
    match what {
        Incomplete::KeyFileMissing => t!("incomplete-keyfile-missing"),
        Incomplete::DatabaseMissing => t!("incomplete-db-missing"),
        Incomplete::DatabaseWithoutKeyFile => t!("incomplete-db-without-keyfile"),
        Incomplete::SealReadBack => t!("incomplete-seal-read-back"),
        Incomplete::DuressCollision => t!("incomplete-duress-collision"),
    }
}

/// Why a picture could not be read in full, in the user's language.
pub fn image_problem(p: ImageProblem) -> String {
    t!(p.message_id())
}

/// Why the process could not confine itself; the sandbox crates' own text goes to
/// [`CliError::detail`] (`--verbose`).
pub fn sandbox_error(e: &SandboxError) -> (String, Option<String>) {
    match e {
        SandboxError::Threads(n) => (t!("sandbox-threads", count = *n as i64), None),
        SandboxError::Path { path, source } => (
            t!(
                "sandbox-path",
                path = line(&path.display().to_string()),
                detail = io_detail(source)
            ),
            None,
        ),
        SandboxError::Landlock(e) => (t!("sandbox-landlock"), Some(e.to_string())),
        SandboxError::Seccomp(e) => (t!("sandbox-seccomp"), Some(e.to_string())),
    }
}

impl From<BundleError> for CliError {
    fn from(e: BundleError) -> CliError {
        match e {
            BundleError::Verify(p) => {
                let hint = match p {
                    Problem::WrongSigner { .. } | Problem::SignerChanged { .. } => {
                        t!("hint-bundle-signer")
                    }
                    _ => t!("hint-bundle-verify"),
                };
                CliError::new(
                    Exit::Verify,
                    t!("err-bundle-verify", detail = problem_text(&p)),
                )
                .hint(hint)
            }
            BundleError::WrongIdentity => {
                CliError::new(Exit::Verify, t!("err-bundle-wrong-identity"))
                    .hint(t!("hint-bundle-wrong-identity"))
            }
            BundleError::WrongPassphrase => {
                CliError::new(Exit::Verify, t!("err-bundle-wrong-passphrase"))
                    .hint(t!("hint-bundle-wrong-passphrase"))
            }
            BundleError::ExcessiveWork(n) => CliError::new(
                Exit::Verify,
                t!("err-bundle-excessive-work", log_n = n as i64),
            )
            .hint(t!("hint-bundle-verify")),
            BundleError::IsPassphraseBundle => CliError::usage(t!("err-bundle-is-passphrase"))
                .hint(t!("hint-bundle-omit-identity")),
            BundleError::NeedsIdentity => {
                CliError::usage(t!("err-bundle-needs-identity")).hint(t!("hint-bundle-identity"))
            }
            BundleError::Recipient(d) => {
                CliError::usage(t!("err-bundle-recipient", detail = recipient_error(&d)))
                    .hint(t!("hint-bundle-recipient"))
            }
            BundleError::Identity(d) => {
                CliError::usage(t!("err-bundle-identity", detail = identity_fault(d)))
                    .hint(t!("hint-bundle-identity"))
            }
            BundleError::TooManyIncidents(max) => {
                CliError::usage(t!("err-bundle-too-many-incidents", max = max as i64))
                    .hint(t!("hint-bundle-split"))
            }
            BundleError::ManifestTooLarge(mib) => {
                CliError::usage(t!("err-bundle-manifest-too-large", max = mib as i64))
                    .hint(t!("hint-bundle-split"))
            }
            BundleError::IdentityPassphrase => {
                CliError::new(Exit::WrongPassphrase, t!("err-bundle-identity-passphrase"))
                    .hint(t!("hint-wrong-passphrase"))
            }
            BundleError::IncidentTooLarge { id, size, max } => CliError::failure(t!(
                "err-bundle-incident-too-large",
                id = id,
                size = (size >> 20) as i64,
                max = (max >> 20) as i64
            ))
            .hint(t!("hint-bundle-incident-too-large")),
            BundleError::Deleted(id) => {
                CliError::new(Exit::NotFound, t!("err-deleted", id = id.clone()))
                    .hint(t!("hint-history", id = id))
            }
            BundleError::EmptySelection => {
                CliError::usage(t!("err-bundle-empty")).hint(t!("hint-bundle-selection"))
            }
            BundleError::NoSigningKey => {
                CliError::new(Exit::Damaged, t!("err-bundle-no-signing-key"))
                    .hint(t!("hint-damaged"))
            }
            BundleError::Changed => {
                CliError::failure(t!("err-bundle-changed")).hint(t!("hint-retry"))
            }
            BundleError::Exists(p) => CliError::failure(t!(
                "err-bundle-exists",
                path = line(&p.display().to_string())
            ))
            .hint(t!("hint-bundle-exists")),
            BundleError::BadEntry(p) => {
                CliError::failure(t!("err-bundle-entry", path = line(&p))).hint(t!("hint-damaged"))
            }
            // The export stops; the output file never appears (the CLI's OutFile).
            BundleError::AttachmentDamaged { reference, chunk } => match chunk {
                Some(chunk) => store_error(&reference, StoreError::Tampered { chunk }),
                None => AttachError::HashMismatch(reference).into(),
            },
            BundleError::NoWorkingCopy(r) => {
                let id = r.split('/').next().unwrap_or_default().to_owned();
                CliError::failure(t!("err-bundle-no-working-copy", reference = line(&r))).hint(t!(
                    "hint-bundle-no-working-copy",
                    id = line(&id),
                    reference = line(&r)
                ))
            }
            BundleError::Encrypt(d) => CliError::failure(t!(
                "err-bundle-encrypt",
                detail = match d {
                    EncryptFault::Recipients => t!("encrypt-recipients"),
                    EncryptFault::Worker => t!("encrypt-worker"),
                }
            ))
            .hint(match d {
                EncryptFault::Recipients => t!("hint-bundle-recipient"),
                EncryptFault::Worker => t!("hint-retry"),
            }),
            BundleError::UnknownSigner {
                fingerprint,
                readable,
            } => CliError::new(
                Exit::UnknownSigner,
                t!(
                    "err-bundle-unknown-signer",
                    readable = readable.clone(),
                    fingerprint = fingerprint.clone()
                ),
            )
            .hint(t!("hint-bundle-unknown-signer", fingerprint = fingerprint)),
            BundleError::Stale {
                incident,
                have,
                got,
            } => CliError::new(
                Exit::Stale,
                t!(
                    "err-bundle-stale",
                    id = incident.sanitized(),
                    have = have as i64,
                    got = got as i64
                ),
            )
            .hint(t!("hint-bundle-stale")),
            BundleError::Forked { incident } => CliError::new(
                Exit::Stale,
                t!("err-bundle-forked", id = incident.sanitized()),
            )
            .hint(t!("hint-bundle-stale")),
            BundleError::Card(e) => {
                CliError::usage(t!("err-contact-card", detail = card_error(&e)))
                    .hint(t!("hint-contact-card"))
            }
            BundleError::Db(e) => e.into(),
            BundleError::Io(e) => io_error(&e),
        }
    }
}

// ---------------------------------------------------------------- attachments

/// An attachment error in the user's words.
pub fn attach_error(e: impl Into<CliError>) -> CliError {
    e.into()
}

impl From<AttachmentError> for CliError {
    fn from(e: AttachmentError) -> CliError {
        match e {
            AttachmentError::Attach(a) => a.into(),
            AttachmentError::Db(d) => d.into(),
            AttachmentError::Store { reference, source } => store_error(&reference, source),
        }
    }
}

/// The attachment store failed: content altered (exit 4, like any damage), a content file
/// missing, or I/O (disk full, read-only: the usual I/O messages).
pub fn store_error(reference: &str, e: StoreError) -> CliError {
    match e {
        StoreError::Tampered { chunk } => CliError::new(
            Exit::Damaged,
            t!(
                "err-attach-tampered",
                reference = line(reference),
                chunk = chunk as i64
            ),
        )
        .hint(t!("hint-attach-tampered")),
        StoreError::Missing => CliError::new(
            Exit::Damaged,
            t!("err-attach-missing", reference = line(reference)),
        )
        .hint(t!("hint-attach-tampered")),
        StoreError::Io(e) => io_error(&e),
    }
}

impl From<AttachError> for CliError {
    fn from(e: AttachError) -> CliError {
        match e {
            AttachError::Read { path, source } => {
                let base = match source.kind() {
                    io::ErrorKind::NotFound => {
                        CliError::new(Exit::NotFound, t!("err-attach-no-file", path = line(&path)))
                    }
                    _ => CliError::failure(t!(
                        "err-attach-read",
                        path = line(&path),
                        detail = io_detail(&source)
                    )),
                };
                base.hint(t!("hint-nothing-changed"))
            }
            AttachError::NotRegular(p) => {
                CliError::usage(t!("err-attach-not-regular", path = line(&p)))
                    .hint(t!("hint-attach-regular"))
            }
            AttachError::Changed(p) => CliError::failure(t!("err-attach-changed", path = line(&p)))
                .hint(t!("hint-attach-changed")),
            AttachError::NotFound(r) => {
                let id = r.split('/').next().unwrap_or("").to_owned();
                CliError::new(Exit::NotFound, t!("err-attach-not-found", reference = r))
                    .hint(t!("hint-attachments", id = id))
            }
            AttachError::BadRef(r) => {
                CliError::usage(t!("err-attach-bad-ref", reference = line(&r)))
                    .hint(t!("hint-attach-ref"))
            }
            AttachError::NoWorkingCopy(r) => {
                CliError::failure(t!("err-attach-no-working", reference = r.clone()))
                    .hint(t!("hint-attach-original", reference = r))
            }
            AttachError::HashMismatch(r) => {
                CliError::new(Exit::Damaged, t!("err-attach-hash", reference = r))
                    .hint(t!("hint-damaged"))
            }
            AttachError::TooMany => CliError::usage(t!(
                "err-attach-too-many",
                max = attach::MAX_PER_INCIDENT as i64
            )),
            AttachError::Write { path, source } => match source.raw_os_error() {
                Some(libc::ENOSPC | libc::EDQUOT | libc::EROFS | libc::EACCES | libc::EPERM) => {
                    io_error(&source)
                }
                _ => CliError::failure(t!(
                    "err-attach-write",
                    path = line(&path),
                    detail = io_detail(&source)
                ))
                .hint(t!("hint-attach-write")),
            },
            AttachError::OutputExists(p) => {
                CliError::failure(t!("err-attach-exists", path = line(&p)))
                    .hint(t!("hint-attach-force"))
            }
            AttachError::OutputNotRegular(p) => {
                CliError::usage(t!("err-attach-output-not-regular", path = line(&p)))
            }
        }
    }
}

// ---------------------------------------------------------------- emergency

impl From<SealError> for CliError {
    fn from(e: SealError) -> CliError {
        match e {
            SealError::Recipient(why) => CliError::usage(t!(
                "err-emergency-recipient",
                detail = recipient_error(&why)
            ))
            .hint(t!("hint-emergency-recipient")),
            SealError::Encrypt => {
                CliError::usage(t!("err-emergency-encrypt")).hint(t!("hint-emergency-recipient"))
            }
            SealError::TooLarge { len, max } => CliError::usage(t!(
                "err-emergency-too-large",
                len = len as i64,
                max = max as i64
            ))
            .hint(t!("hint-emergency-too-large")),
            SealError::Identity(why) => {
                CliError::usage(t!("err-emergency-identity", detail = identity_fault(why)))
                    .hint(t!("hint-emergency-identity"))
            }
            SealError::IdentityPassphrase => CliError::new(
                Exit::WrongPassphrase,
                t!("err-emergency-identity-passphrase"),
            )
            .hint(t!("hint-emergency-no-match")),
            // No seal this identity can see: a seal to another key is hidden (by design: a
            // duress seal shows nothing without the lawyer's public key), so "not sealed"
            // told a lawyer with the wrong key that no seal had happened. The same answer as
            // a wrong key for a visible seal (exit 3), whether or not there is one.
            SealError::NotSealed => {
                CliError::new(Exit::WrongPassphrase, t!("err-emergency-not-sealed"))
                    .hint(t!("hint-emergency-not-sealed"))
            }
            SealError::NoMatch => {
                CliError::new(Exit::WrongPassphrase, t!("err-emergency-no-match"))
                    .hint(t!("hint-emergency-no-match"))
            }
            SealError::Vault(v) => v.into(),
        }
    }
}

impl From<DuressError> for CliError {
    fn from(e: DuressError) -> CliError {
        match e {
            DuressError::SameAsPassphrase => CliError::usage(t!("err-emergency-duress-same")),
            DuressError::Seal(s) => s.into(),
            DuressError::Vault(v) => v.into(),
        }
    }
}
