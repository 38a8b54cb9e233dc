//! Vault administration: check, passphrases, recovery key, categories, completions, man.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::error::{CliError, CliResult, Exit};
use super::init::{calibrate, new_passphrase};
use super::output::{self, line};
use super::Ctx;
use crate::model::incident::{self, CATEGORIES};
use crate::t;
use crate::vault::keyfile::{self, SlotKind};
use crate::vault::{self, Opened, VaultError};

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
    /// Calibration target in milliseconds (ignored if the KDF parameters were pinned).
    #[arg(long, value_name = "MS", default_value_t = 1000)]
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

pub fn check(ctx: &mut Ctx, a: CheckArgs) -> CliResult {
    // The key file is checked first, on its own, so damage there is reported even without
    // the passphrase.
    let v = ctx.open()?;
    let mut problems = v.db.check()?;
    problems.extend(v.db.check_attachments()?);
    if v.decoy {
        // The duress stand-in lives in memory: there is no file for SQLCipher to check, and
        // saying so would give it away.
        problems.retain(|p| !p.starts_with("cipher_integrity_check"));
    }
    let labels = v.db.slot_labels()?;
    if !labels.iter().any(|(i, ..)| *i == v.unlocked.slot) {
        problems.push(t!("check-unlabelled-slot"));
    }
    let (live, deleted) = v.db.count()?;
    let (seq, head) = v.db.head()?;
    if a.json {
        output::print_json(&serde_json::json!({
            "ok": problems.is_empty(),
            "problems": problems,
            "incidents": live,
            "deleted": deleted,
            "revisions": seq,
            "chain_head": hex::encode(head),
        }))?;
    } else {
        println!(
            "{}",
            t!(
                "check-summary",
                incidents = live as i64,
                deleted = deleted as i64,
                revisions = seq as i64
            )
        );
        println!("{}: {}", t!("chain-head"), hex::encode(head));
        for p in &problems {
            println!("  ✗ {}", line(p));
        }
        if problems.is_empty() {
            println!("{}", t!("check-ok"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::new(
            Exit::Damaged,
            t!("check-failed", count = problems.len() as i64),
        )
        .hint(t!("hint-damaged")))
    }
}

pub fn passphrase(ctx: &mut Ctx, c: PassphraseCmd) -> CliResult {
    match c {
        PassphraseCmd::Change(a) => {
            let mut v = ctx.open()?;
            if v.unlocked.content.kind == SlotKind::Recovery {
                return Err(
                    CliError::usage(t!("err-change-with-recovery")).hint(t!("hint-passphrase-add"))
                );
            }
            let new = new_passphrase(&mut ctx.secrets, a.generate)?;
            let r = v.change_passphrase(&new, || calibrate(a.kdf_target_ms))?;
            eprintln!(
                "{}",
                t!(
                    "passphrase-changed",
                    memory = (r.params.m_kib / 1024) as i64,
                    passes = r.params.t as i64
                )
            );
            if !r.fresh_salt {
                eprintln!("{}", t!("salt-kept"));
            }
            Ok(())
        }
        PassphraseCmd::Add(a) => {
            let mut v = ctx.open()?;
            if visible_slots(&v)?.iter().any(|(_, _, l)| *l == a.label) {
                return Err(CliError::usage(t!(
                    "err-label-taken",
                    label = line(&a.label)
                )));
            }
            let new = new_passphrase(&mut ctx.secrets, a.generate)?;
            v.add_slot(
                |kf| Ok(kf.passphrase_kek(&new)?),
                SlotKind::Passphrase,
                None,
                &a.label,
                None,
                &ctx.now,
            )?;
            eprintln!("{}", t!("passphrase-added", label = line(&a.label)));
            Ok(())
        }
        PassphraseCmd::Remove(a) => {
            let mut v = ctx.open()?;
            v.remove_slot(&a.label)?;
            eprintln!("{}", t!("slot-removed", label = line(&a.label)));
            Ok(())
        }
        PassphraseCmd::List(a) => {
            let v = ctx.open()?;
            let slots = visible_slots(&v)?;
            if a.json {
                let list: Vec<_> = slots
                    .iter()
                    .map(|(_, k, l)| serde_json::json!({"label": l, "kind": k}))
                    .collect();
                output::print_json(&list)?;
            } else {
                for (_, k, l) in slots {
                    println!("{}  ({})", line(&l), t!(&format!("slot-kind-{k}")));
                }
            }
            Ok(())
        }
    }
}

/// The slots the user is shown. A duress passphrase is never listed or matched by label:
/// someone forced to open the vault with the real passphrase must not learn that one exists
/// (docs/emergency.md).
fn visible_slots(v: &vault::Vault) -> Result<Vec<(usize, SlotKind, String)>, VaultError> {
    Ok(v.slots()?
        .into_iter()
        .filter(|(_, k, _)| *k != SlotKind::Duress)
        .collect())
}

pub fn recovery_key(ctx: &mut Ctx, a: RecoveryKeyArgs) -> CliResult {
    let mut v = ctx.open()?;
    if visible_slots(&v)?.iter().any(|(_, _, l)| *l == a.label) {
        return Err(CliError::usage(t!(
            "err-label-taken",
            label = line(&a.label)
        )));
    }
    let (rk, printed) = keyfile::generate_recovery_key();
    v.add_slot(
        |_| Ok(keyfile::recovery_kek(&rk)),
        SlotKind::Recovery,
        None,
        &a.label,
        None,
        &ctx.now,
    )?;
    eprintln!("{}", t!("recovery-key-intro"));
    println!("{}", &*printed);
    Ok(())
}

pub fn category(ctx: &mut Ctx, c: CategoryCmd) -> CliResult {
    match c {
        CategoryCmd::Add { id, label } => {
            let norm = incident::normalise_category(&id);
            if norm.is_empty() || norm.chars().count() > 64 || norm.chars().any(char::is_control) {
                return Err(CliError::usage(t!("err-category-id")));
            }
            if incident::is_builtin_category(&norm) {
                return Err(CliError::usage(t!("err-category-builtin", category = norm)));
            }
            let v = ctx.open()?;
            v.db.category_add(&norm, label.as_deref().unwrap_or(&id), &ctx.now)?;
            eprintln!("{}", t!("category-added", category = line(&norm)));
            Ok(())
        }
        CategoryCmd::List { json } => {
            let v = ctx.open()?;
            let mut all: Vec<(String, String, bool)> = CATEGORIES
                .iter()
                .map(|(id, _)| ((*id).to_owned(), output::category_label(id), true))
                .collect();
            all.extend(v.db.categories()?.into_iter().map(|(i, l)| (i, l, false)));
            if json {
                let list: Vec<_> = all
                    .iter()
                    .map(|(i, l, b)| serde_json::json!({"id": i, "label": l, "builtin": b}))
                    .collect();
                output::print_json(&list)?;
            } else {
                for (i, l, _) in all {
                    println!("{:<20} {}", i, line(&l));
                }
            }
            Ok(())
        }
    }
}

pub fn completions(a: CompletionsArgs) -> CliResult {
    let mut cmd = super::command();
    clap_complete::generate(a.shell, &mut cmd, "sandyk", &mut std::io::stdout());
    Ok(())
}

pub fn man(a: ManArgs) -> CliResult {
    let cmd = super::localized_command();
    match a.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            clap_mangen::generate_to(cmd, &dir)?;
        }
        None => {
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
        }
    }
    Ok(())
}

/// Used by `check` when the key file is unreadable: report it without a passphrase.
pub fn keyfile_status(dir: &std::path::Path) -> Result<(), VaultError> {
    vault::locate(dir).map(|_| ())
}

#[allow(dead_code)]
fn _opened_is_used(o: Opened) -> Opened {
    o
}
