//! Emergency commands: panic, wipe, seal, unseal, duress.

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

fn ms(d: Option<Duration>) -> serde_json::Value {
    d.map(|d| serde_json::json!((d.as_secs_f64() * 1e6).round() / 1e3))
        .unwrap_or(serde_json::Value::Null)
}

fn report_json(r: &Report, wiped: bool) -> serde_json::Value {
    serde_json::json!({
        "wiped": wiped,
        "found": r.found,
        "key_destroyed_ms": ms(r.key_destroyed),
        "removed_ms": ms(r.removed),
        "total_ms": ms(Some(r.total)),
        "overwritten_bytes": r.overwritten_bytes,
        "left_in_place": r.left_in_place,
        "problems": r.problems,
    })
}

/// Destroy the vault and say what happened. Shared by `panic`, `wipe` and `wipe --now`.
fn destroy_now(ctx: &Ctx, json: bool) -> CliResult {
    let dir = ctx.vault_dir.display().to_string();
    match wipe::destroy(&ctx.vault_dir, wipe::Options::default()) {
        Ok(r) => {
            if json {
                output::print_json(&report_json(&r, true))?;
            }
            if !r.found {
                eprintln!("{}", t!("emergency-nothing-left", path = dir));
            } else {
                let key_ms = r
                    .key_destroyed
                    .map(|d| d.as_secs_f64() * 1e3)
                    .unwrap_or(0.0);
                eprintln!(
                    "{}",
                    t!(
                        "emergency-destroyed",
                        path = dir,
                        ms = format!("{key_ms:.1}")
                    )
                );
                if !r.left_in_place.is_empty() {
                    eprintln!(
                        "{}",
                        t!(
                            "emergency-left-in-place",
                            count = r.left_in_place.len() as i64
                        )
                    );
                }
            }
            Ok(())
        }
        Err(WipeError::NotWiped { error, report }) => {
            if json {
                output::print_json(&report_json(&report, false))?;
            }
            Err(CliError::failure(t!(
                "err-emergency-not-wiped",
                path = dir,
                detail = error.to_string()
            ))
            .hint(t!("hint-emergency-not-wiped")))
        }
        Err(WipeError::Incomplete { error, report }) => {
            if json {
                output::print_json(&report_json(&report, false))?;
            }
            Err(CliError::failure(t!(
                "err-emergency-incomplete",
                path = dir,
                detail = error.to_string()
            ))
            .hint(t!("hint-emergency-incomplete")))
        }
        Err(WipeError::NotADirectory(_)) => Err(CliError::usage(t!(
            "err-emergency-not-a-directory",
            path = dir
        ))),
    }
}

pub fn panic(ctx: &mut Ctx, a: PanicArgs) -> CliResult {
    destroy_now(ctx, a.json)
}

pub fn wipe(ctx: &mut Ctx, a: WipeArgs) -> CliResult {
    if a.now {
        return destroy_now(ctx, a.json);
    }
    let paths = ctx.paths();
    let mut files = vec![];
    for (p, what) in [
        (&paths.keyfile, "emergency-what-key"),
        (&paths.db, "emergency-what-db"),
        (&paths.journal, "emergency-what-journal"),
    ] {
        if let Ok(m) = std::fs::symlink_metadata(p) {
            files.push((
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                m.len(),
                what,
            ));
        }
    }
    if files.is_empty() && !paths.dir.exists() {
        eprintln!(
            "{}",
            t!(
                "emergency-nothing-left",
                path = paths.dir.display().to_string()
            )
        );
        return Ok(());
    }
    eprintln!(
        "{}",
        t!(
            "emergency-wipe-intro",
            path = line(&paths.dir.display().to_string())
        )
    );
    for (name, len, what) in &files {
        eprintln!("  {:<20} {:>14}  {}", line(name), size(*len), t!(what));
    }
    eprintln!("\n{}", t!("emergency-cannot-guarantee"));
    if !a.yes {
        if !std::io::stdin().is_terminal() && std::fs::File::open("/dev/tty").is_err() {
            return Err(CliError::usage(t!("err-confirm-needs-terminal"))
                .hint(t!("hint-emergency-wipe-yes")));
        }
        if !prompt::confirm(&t!("emergency-wipe-confirm"))? {
            return Err(CliError::failure(t!("emergency-not-wiped-cancelled")));
        }
    }
    if a.countdown > 0 {
        for s in (1..=a.countdown).rev() {
            eprint!("\r{}   ", t!("emergency-countdown", seconds = s as i64));
            let _ = std::io::stderr().flush();
            std::thread::sleep(Duration::from_secs(1));
        }
        eprintln!();
    }
    destroy_now(ctx, a.json)
}

fn size(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else if n >= 1 << 10 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} {}", t!("bytes"))
    }
}

// ---- seal ----

/// A recipient given on the command line: raw text (`age1…`, `ssh-ed25519 …`) is parsed;
/// anything else is a contact name, looked up in the vault's address book
/// (`sandyk contact add`).
fn resolve(v: &Vault, to: &str) -> CliResult<SealRecipient> {
    if seal::looks_like_recipient(to) {
        return Ok(seal::parse_recipient(to)?);
    }
    match v.db.contact_get(to.trim())? {
        Some(c) => Ok(seal::parse_recipient(&c.recipient)?),
        None => Err(CliError::new(
            Exit::NotFound,
            t!("err-emergency-no-contact", name = line(to)),
        )
        .hint(t!("hint-emergency-contact"))),
    }
}

pub fn seal_cmd(ctx: &mut Ctx, a: SealArgs) -> CliResult {
    // Raw recipients are checked before the passphrase is asked for.
    for to in &a.to {
        if seal::looks_like_recipient(to) {
            seal::parse_recipient(to)?;
        }
    }
    let mut v = ctx.open()?;
    let recipients =
        a.to.iter()
            .map(|to| resolve(&v, to))
            .collect::<CliResult<Vec<_>>>()?;
    if !a.yes && !ctx.secrets.is_fd() {
        eprintln!("{}", t!("emergency-seal-intro"));
        for r in &recipients {
            eprintln!("  {}  ({})", line(&r.canonical), r.fingerprint());
        }
        if !prompt::confirm(&t!("emergency-seal-confirm"))? {
            return Err(CliError::failure(t!("emergency-not-sealed-cancelled")));
        }
    }
    seal::seal(&mut v, &recipients)?;
    eprintln!(
        "{}",
        t!("emergency-sealed", count = recipients.len() as i64)
    );
    for r in &recipients {
        eprintln!("  {}  ({})", line(&r.canonical), r.fingerprint());
    }
    Ok(())
}

pub fn unseal(ctx: &mut Ctx, a: UnsealArgs) -> CliResult {
    let locked = vault::locate(&ctx.vault_dir)?;
    let bytes = {
        use std::io::Read;
        let f = std::fs::File::open(&a.identity).map_err(|e| {
            CliError::new(
                Exit::NotFound,
                t!("err-emergency-identity", detail = e.to_string()),
            )
            .hint(t!("hint-emergency-identity"))
        })?;
        let mut b = zeroize::Zeroizing::new(vec![]);
        f.take(seal::IDENTITY_MAX + 1)
            .read_to_end(&mut b)
            .map_err(|e| io_error(&e))?;
        if b.len() as u64 > seal::IDENTITY_MAX {
            return Err(CliError::usage(t!(
                "err-emergency-identity",
                detail = t!("err-detail-file-too-large")
            )));
        }
        b
    };
    let secrets = &mut ctx.secrets;
    let mut ask = || -> Result<Secret, SealError> {
        secrets
            .read(&t!("emergency-prompt-identity-passphrase"))
            .map_err(|e| SealError::Identity(e.message))
    };
    let id = seal::load_identity(&bytes, &mut ask)?;
    drop(bytes);
    let pinned = locked.keyfile.header().pinned;
    let mut v = seal::open_with_identity(locked, &id)?;
    let new = new_passphrase(&mut ctx.secrets, false)?;
    let params = (!pinned).then(|| calibrate(a.kdf_target_ms));
    seal::unseal(&mut v, &new, params, &a.label, &ctx.now)?;
    eprintln!("{}", t!("emergency-unsealed"));
    Ok(())
}

// ---- duress ----

pub fn duress_cmd(ctx: &mut Ctx, c: DuressCmd) -> CliResult {
    match c {
        DuressCmd::Set(a) => {
            let action = match (a.action, &a.to) {
                (ActionArg::Destroy, None) => DuressAction::Destroy,
                (ActionArg::Seal, Some(to)) => {
                    if seal::looks_like_recipient(to) {
                        seal::parse_recipient(to)?;
                    }
                    DuressAction::Seal
                }
                (ActionArg::Seal, None) => {
                    return Err(CliError::usage(t!("err-emergency-duress-needs-to")))
                }
                (ActionArg::Destroy, Some(_)) => {
                    return Err(CliError::usage(t!("err-emergency-duress-no-to")))
                }
            };
            let mut v = ctx.open()?;
            let recipient = a.to.as_deref().map(|to| resolve(&v, to)).transpose()?;
            let d = ctx.secrets.read_new(
                &t!("emergency-prompt-duress"),
                &t!("emergency-prompt-duress-repeat"),
            )?;
            duress::set(&mut v, &d, action, recipient.as_ref(), &ctx.now)?;
            match action {
                DuressAction::Destroy => eprintln!("{}", t!("emergency-duress-set-destroy")),
                DuressAction::Seal => {
                    let r = recipient.as_ref().expect("checked above");
                    eprintln!(
                        "{}",
                        t!(
                            "emergency-duress-set-seal",
                            recipient = line(&r.canonical),
                            fingerprint = r.fingerprint()
                        )
                    )
                }
            }
            Ok(())
        }
        DuressCmd::Remove => {
            let mut v = ctx.open()?;
            duress::remove(&mut v, &ctx.now)?;
            eprintln!("{}", t!("emergency-duress-removed"));
            Ok(())
        }
    }
}
