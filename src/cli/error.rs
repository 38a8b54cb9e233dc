//! The CLI's one error type: a message, an optional hint, and a documented exit code.
//!
//! Every library error becomes a `CliError` here, through `From` impls: this file is the one
//! place that decides exit codes and localized messages (issue 10: they had drifted, e.g. a
//! wrong SSH-key passphrase exited 3 in `unseal` but 2 in `bundle open`).

use std::io;

use super::output::line;
use crate::t;
use sandyk::attach::{self, AttachError};
use sandyk::bundle::{BundleError, Problem};
use sandyk::crypto::kdf::KdfError;
use sandyk::emergency::duress::DuressError;
use sandyk::emergency::seal::SealError;
use sandyk::model::input::InputError;
use sandyk::vault::db::attachments::AttachmentError;
use sandyk::vault::db::DbError;
use sandyk::vault::keyfile::KeyFileError;
use sandyk::vault::store::StoreError;
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
}

pub type CliResult<T = ()> = Result<T, CliError>;

impl CliError {
    pub fn new(exit: Exit, message: impl Into<String>) -> CliError {
        CliError {
            exit,
            message: message.into(),
            hint: None,
        }
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
        CliError::failure(t!("err-read-only", detail = e.to_string()))
            .hint(t!("hint-nothing-changed"))
    } else {
        CliError::failure(t!("err-io", detail = e.to_string()))
    }
}

/// Invalid JSON input (`add`/`amend --input json`): serde's message names the field and
/// position, never the content.
pub fn json_error(e: serde_json::Error) -> CliError {
    CliError::usage(t!("err-json", detail = e.to_string())).hint(t!("hint-json-fields"))
}

impl From<InputError> for CliError {
    fn from(e: InputError) -> CliError {
        match e {
            InputError::NotUtf8 => CliError::usage(t!("err-not-utf8")),
            InputError::Json(e) => json_error(e),
            InputError::NotObject => {
                CliError::usage(t!("err-json", detail = t!("err-detail-json-not-object")))
            }
            InputError::Empty => {
                CliError::usage(t!("err-json", detail = t!("err-detail-json-empty")))
            }
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
            KeyFileError::Damaged(what) => {
                CliError::new(Exit::Damaged, t!("err-keyfile-damaged", detail = what))
                    .hint(t!("hint-damaged"))
            }
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
                t!("err-keyfile-params", detail = p.to_string()),
            )
            .hint(t!("hint-damaged")),
            KeyFileError::UnsupportedVersion(v) => {
                CliError::new(Exit::Damaged, t!("err-keyfile-version", version = v as i64))
                    .hint(t!("hint-upgrade"))
            }
            KeyFileError::NoFreeSlot => {
                CliError::failure(t!("err-no-free-slot")).hint(t!("hint-no-free-slot"))
            }
            KeyFileError::TooLong => CliError::usage(t!("err-too-long")),
            KeyFileError::Kdf(e) => CliError::failure(t!("err-kdf", detail = e.to_string())),
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
                    reason = crate::cli::i18n::date_error(&reason)
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
            DbError::Busy => CliError::failure(t!("err-busy")).hint(t!("hint-retry")),
            DbError::Conflict => CliError::failure(t!("err-contact-signer-taken"))
                .hint(t!("hint-bundle-contact-list")),
            DbError::Setting(pragma) => {
                CliError::failure(t!("err-db-setting", pragma = pragma)).hint(t!("hint-db-setting"))
            }
            DbError::Journal(e) => {
                CliError::failure(t!("err-journal", detail = e.kind().to_string()))
                    .hint(t!("hint-journal"))
            }
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
            VaultError::Incomplete(what) => {
                CliError::new(Exit::Damaged, t!("err-incomplete", detail = what))
                    .hint(t!("hint-damaged"))
            }
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
            VaultError::LastSlot => CliError::failure(t!("err-last-slot")),
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
    let f = |s: &str| line(s);
    match p {
        Problem::NotAge => t!("bundle-problem-not-age"),
        Problem::HeaderTooLarge => t!("bundle-problem-header"),
        Problem::Decryption => t!("bundle-problem-decryption"),
        Problem::Empty => t!("bundle-problem-empty"),
        Problem::Archive(why) => t!("bundle-problem-archive", detail = *why),
        Problem::UnsafePath(p) => t!("bundle-problem-unsafe-path", path = f(p)),
        Problem::NotRegular(p) => t!("bundle-problem-not-regular", path = f(p)),
        Problem::Unlisted(p) => t!("bundle-problem-unlisted", path = f(p)),
        Problem::Duplicate(p) => t!("bundle-problem-duplicate", path = f(p)),
        Problem::OutOfOrder { path, expected } => t!(
            "bundle-problem-order",
            path = f(path),
            expected = f(expected)
        ),
        Problem::Missing(p) => t!("bundle-problem-missing", path = f(p)),
        Problem::Size(p) => t!("bundle-problem-size", path = f(p)),
        Problem::Hash(p) => t!("bundle-problem-hash", path = f(p)),
        Problem::TooLarge(p) => t!("bundle-problem-too-large", path = f(p)),
        Problem::Manifest(d) => t!("bundle-problem-manifest", detail = f(d)),
        Problem::NoEndMarker => t!("bundle-problem-end-marker"),
        Problem::Signature => t!("bundle-problem-signature"),
        Problem::WrongSigner { found, expected } => t!(
            "bundle-problem-wrong-signer",
            found = f(found),
            expected = f(expected)
        ),
        Problem::SignerChanged { known, found } => t!(
            "bundle-problem-signer-changed",
            known = f(known),
            found = f(found)
        ),
        Problem::Incidents(d) => t!("bundle-problem-incidents", detail = f(d)),
        Problem::Chain { id, detail } => t!("bundle-problem-chain", id = f(id), detail = f(detail)),
        Problem::TrailingData => t!("bundle-problem-trailing"),
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
            }
            BundleError::ExcessiveWork(n) => CliError::new(
                Exit::Verify,
                t!("err-bundle-excessive-work", log_n = n as i64),
            ),
            BundleError::IsPassphraseBundle => CliError::usage(t!("err-bundle-is-passphrase"))
                .hint(t!("hint-bundle-omit-identity")),
            BundleError::NeedsIdentity => {
                CliError::usage(t!("err-bundle-needs-identity")).hint(t!("hint-bundle-identity"))
            }
            BundleError::Recipient(d) => {
                CliError::usage(t!("err-bundle-recipient", detail = line(&d)))
                    .hint(t!("hint-bundle-recipient"))
            }
            BundleError::Identity(d) => {
                CliError::usage(t!("err-bundle-identity", detail = line(&d)))
                    .hint(t!("hint-bundle-identity"))
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
            )),
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
            BundleError::BadEntry(p) => CliError::failure(t!("err-bundle-entry", path = line(&p))),
            BundleError::NoWorkingCopy(r) => {
                let id = r.split('/').next().unwrap_or_default().to_owned();
                CliError::failure(t!("err-bundle-no-working-copy", reference = line(&r)))
                    .hint(t!("hint-bundle-no-working-copy", id = line(&id)))
            }
            BundleError::Encrypt(d) => {
                CliError::failure(t!("err-bundle-encrypt", detail = line(&d)))
            }
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
                    id = line(&incident),
                    have = have as i64,
                    got = got as i64
                ),
            )
            .hint(t!("hint-bundle-stale")),
            BundleError::Forked { incident } => {
                CliError::new(Exit::Stale, t!("err-bundle-forked", id = line(&incident)))
                    .hint(t!("hint-bundle-stale"))
            }
            BundleError::Card(e) => CliError::usage(t!("err-contact-card", detail = e.to_string()))
                .hint(t!("hint-contact-card")),
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
                        detail = source.to_string()
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
                    detail = source.to_string()
                )),
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
            SealError::Recipient(why) => {
                CliError::usage(t!("err-emergency-recipient", detail = why))
                    .hint(t!("hint-emergency-recipient"))
            }
            SealError::TooLarge { len, max } => CliError::usage(t!(
                "err-emergency-too-large",
                len = len as i64,
                max = max as i64
            ))
            .hint(t!("hint-emergency-too-large")),
            SealError::Identity(why) => CliError::usage(t!("err-emergency-identity", detail = why))
                .hint(t!("hint-emergency-identity")),
            SealError::IdentityPassphrase => CliError::new(
                Exit::WrongPassphrase,
                t!("err-emergency-identity-passphrase"),
            )
            .hint(t!("hint-emergency-no-match")),
            SealError::NotSealed => CliError::failure(t!("err-emergency-not-sealed"))
                .hint(t!("hint-emergency-not-sealed")),
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
