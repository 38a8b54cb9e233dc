//! Emergency commands: panic, wipe, seal, unseal, duress.

mod destroy;
mod duress_cmd;
mod seal_cmd;
mod unseal;

pub use destroy::{panic, wipe};
pub use duress_cmd::duress_cmd;
pub use seal_cmd::seal_cmd;
pub use unseal::unseal;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use super::error::{io_error, CliError, CliResult, Exit};
use super::init::{calibrate, new_passphrase};
use super::output::{self, line};
use super::prompt;
use super::Ctx;
use crate::t;
use sandyk::crypto::secret::Secret;
use sandyk::emergency::duress;
use sandyk::emergency::seal::{self, SealError, SealRecipient};
use sandyk::emergency::wipe::{self, Report, WipeError};
use sandyk::vault::keyfile::DuressAction;
use sandyk::vault::{self, Vault};

#[derive(Debug, Args)]
pub struct PanicArgs {
    /// Print what was done, with timings, as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WipeArgs {
    /// No question and no countdown: the same as `sandyk panic`.
    #[arg(long)]
    pub now: bool,
    /// Do not ask for confirmation (what will happen is still shown).
    #[arg(long)]
    pub yes: bool,
    /// Seconds to count down after confirming; Ctrl-C during the countdown cancels.
    #[arg(
        long,
        value_name = "SECS",
        env = "SANDYK_WIPE_COUNTDOWN",
        default_value_t = 0
    )]
    pub countdown: u64,
    /// Print what was done, with timings, as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SealArgs {
    /// The lawyer: a contact name, an age recipient (age1…) or an SSH public key
    /// (ssh-ed25519 …). Repeat to seal to several; each can open the vault alone.
    #[arg(long, required = true, value_name = "CONTACT|RECIPIENT")]
    pub to: Vec<String>,
    /// Do not ask for confirmation on the terminal.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct UnsealArgs {
    /// The lawyer's private key: an age identity file or an OpenSSH private key. The new
    /// passphrase is asked for (with --passphrase-fd: the first line; for an encrypted SSH
    /// key, its passphrase first, then the new one).
    #[arg(long, value_name = "KEYFILE")]
    pub identity: PathBuf,
    /// A label for the new passphrase.
    #[arg(long, default_value = "main")]
    pub label: String,
    /// Calibration target in milliseconds (ignored if the KDF parameters were pinned).
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub kdf_target_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ActionArg {
    /// Crypto-erase the vault (as `sandyk panic`).
    Destroy,
    /// Seal the vault to the lawyer given with --to.
    Seal,
}

#[derive(Debug, Subcommand)]
pub enum DuressCmd {
    /// Set the duress passphrase (replacing any earlier one). With --passphrase-fd: the
    /// vault passphrase on the first line, the duress passphrase on the second.
    Set(DuressSetArgs),
    /// Remove the duress passphrase, if one is set.
    Remove,
}

#[derive(Debug, Args)]
pub struct DuressSetArgs {
    /// What typing the duress passphrase does.
    #[arg(long, value_enum)]
    pub action: ActionArg,
    /// For --action seal: the lawyer (contact name, age1… or ssh-ed25519 …).
    #[arg(long, value_name = "CONTACT|RECIPIENT")]
    pub to: Option<String>,
}

// ---- errors ----

// ---- destroy ----

// ---- seal ----

/// A recipient given on the command line: raw text (`age1…`, `ssh-ed25519 …`) is parsed;
/// anything else is a contact name, looked up in the vault's address book
/// (`sandyk contact add`).
use sandyk::vault::contacts::Contact;

fn resolve(v: &Vault, to: &str) -> CliResult<SealRecipient> {
    if seal::looks_like_recipient(to) {
        return Ok(seal::parse_recipient(to)?);
    }
    match v.db.contact_get(to.trim())? {
        Some(Contact {
            recipient: Some(r), ..
        }) => Ok(seal::parse_recipient(&r)?),
        Some(_) => Err(
            CliError::usage(t!("err-contact-no-recipient", name = line(to)))
                .hint(t!("hint-contact-needs-recipient")),
        ),
        None => Err(CliError::new(
            Exit::NotFound,
            t!("err-emergency-no-contact", name = line(to)),
        )
        .hint(t!("hint-emergency-contact"))),
    }
}

// ---- duress ----
