//! Vault administration: check, passphrases, recovery key, categories, completions, man.

mod category;
mod check;
mod generate;
mod passphrase;
mod recovery_key;

pub use category::category;
pub use check::check;
pub use generate::{completions, man};
pub use passphrase::passphrase;
pub use recovery_key::recovery_key;

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::error::{CliError, CliResult, Exit};
use super::init::new_passphrase;
use super::output::{self, line};
use super::Ctx;
use sandyk::model::incident::{self, CATEGORIES};
use sandyk::vault::keyfile::{self, SlotKind};
use sandyk::vault::{self, Opened, VaultError};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PassphraseCmd {
    /// Change the passphrase you unlock with. With --passphrase-fd: old on the first line,
    /// new on the second.
    Change(ChangeArgs),
    /// Add another passphrase (for example a second person's).
    Add(AddPassArgs),
    /// Remove a passphrase or recovery key by its label.
    Remove(RemoveArgs),
    /// List key slots by label.
    List(ListSlotsArgs),
}

#[derive(Debug, Args)]
pub struct ChangeArgs {
    /// Generate a strong word passphrase instead of typing one.
    #[arg(long)]
    pub generate: bool,
    /// Accepted for compatibility and ignored: a change keeps the key file's salt and KDF
    /// parameters, which every passphrase shares (see docs/emergency.md).
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub kdf_target_ms: u64,
}

#[derive(Debug, Args)]
pub struct AddPassArgs {
    /// A label to tell this passphrase apart (stored encrypted).
    #[arg(long)]
    pub label: String,
    /// Generate a strong word passphrase instead of typing one.
    #[arg(long)]
    pub generate: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The label of the passphrase or recovery key to remove.
    pub label: String,
}

#[derive(Debug, Args)]
pub struct ListSlotsArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RecoveryKeyArgs {
    /// A label for the recovery key.
    #[arg(long, default_value = "recovery")]
    pub label: String,
}

#[derive(Debug, Subcommand)]
pub enum CategoryCmd {
    /// Add a category of your own.
    Add {
        /// Short id, e.g. `checkpoint_search`.
        id: String,
        /// Human label.
        #[arg(long)]
        label: Option<String>,
    },
    /// List categories, built-in and your own.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write the pages into this directory (one per command) instead of printing sandyk.1.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// The slots the user is shown. A duress passphrase is never listed or matched by label:
/// someone forced to open the vault with the real passphrase must not learn that one exists
/// (docs/emergency.md).
fn visible_slots(
    v: &vault::Vault,
) -> Result<Vec<(usize, sandyk::vault::keyfile::SlotKind, String)>, VaultError> {
    let mut slots: Vec<_> = v
        .slots()?
        .into_iter()
        .filter(|(_, k, _)| *k != sandyk::vault::keyfile::SlotKind::Duress)
        .collect();
    // By label, not by slot number: slots are chosen at random, and the order must not
    // depend on where a passphrase happened to land.
    slots.sort_by(|a, b| a.2.cmp(&b.2));
    Ok(slots)
}

#[allow(dead_code)]
fn _opened_is_used(o: Opened) -> Opened {
    o
}
