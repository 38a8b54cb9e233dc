//! The CLI's one error type: a message, an optional hint, and a documented exit code.

use crate::t;
use sandyk::model::input::InputError;
use sandyk::vault::db::DbError;
use sandyk::vault::keyfile::KeyFileError;
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
        }
    }
}
