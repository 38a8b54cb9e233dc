//! The command line: clap definitions, one file per group of subcommands.
//!
//! Arguments are parsed into plain records, then each command resolves them and runs.
//! Only this module talks to the terminal.

pub mod admin;
pub mod attach;
pub mod bundle;
pub mod emergency;
pub mod error;
pub mod help;
pub mod incidents;
pub mod init;
pub mod output;
pub mod progress;
pub mod prompt;
pub mod signals;

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use jiff::Zoned;

use crate::i18n::{self, Lang};
use crate::t;
use crate::vault::{self, Opened, Vault, VaultPaths};
pub use error::{CliError, CliResult, Exit};
use prompt::SecretSource;

/// sandyk — an offline, encrypted field-notes vault for human-rights defenders.
///
/// Incidents are kept in one encrypted file under a passphrase. Nothing readable is ever
/// written to disk. Exit codes: 0 success, 1 failure, 2 usage error, 3 wrong passphrase,
/// 4 vault damaged, 5 not found, 6 bundle verification failed, 130 interrupted.
#[derive(Debug, Parser)]
#[command(
    name = "sandyk",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The vault directory [default: $XDG_DATA_HOME/sandyk or ~/.local/share/sandyk].
    #[arg(long, global = true, env = "SANDYK_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// Read passphrases from this file descriptor, one per line, instead of the terminal.
    #[arg(long, global = true, value_name = "N")]
    pub passphrase_fd: Option<i32>,

    /// Language of messages and reports [default: from SANDYK_LANG, LC_ALL, LC_MESSAGES or LANG].
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Json,
}

/// Filters shared by list, search and export.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only incidents that may have happened on or after this date ("2024-03-01", "2 days ago").
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only incidents that may have happened on or before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only this category (see `sandyk category list`).
    #[arg(long)]
    pub category: Option<String>,
    /// Only incidents with this tag.
    #[arg(long)]
    pub tag: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault.
    Init(init::InitArgs),
    /// Record a new incident (a guided form on the terminal, or JSON on stdin).
    Add(incidents::AddArgs),
    /// List incidents.
    List(incidents::ListArgs),
    /// Show one incident.
    Show(incidents::ShowArgs),
    /// Search incidents (the query is asked for if not given; words on the command line
    /// stay in shell history).
    Search(incidents::SearchArgs),
    /// Correct an incident; the previous version stays in its history.
    Amend(incidents::AmendArgs),
    /// Delete an incident: its content is destroyed, the fact and time of deletion stay.
    Delete(incidents::DeleteArgs),
    /// Show the revisions of an incident.
    History(incidents::HistoryArgs),
    /// Attach files (photos, recordings, documents) to an incident: stored encrypted as
    /// evidentiary originals, with metadata-free working copies of JPEG, PNG and WebP.
    Attach(attach::AttachArgs),
    /// List an incident's attachments and what their metadata reveals.
    Attachments(attach::AttachmentsArgs),
    /// Work with one attachment (extract).
    #[command(subcommand)]
    Attachment(attach::AttachmentCmd),
    /// Export incidents as a signed, encrypted evidence bundle for a lawyer.
    Export(bundle::ExportArgs),
    /// Show the export log: when, which incidents, to whom, the bundle's SHA-256.
    Log(bundle::LogArgs),
    /// Manage the address book of recipients for exports.
    #[command(subcommand)]
    Contact(bundle::ContactCmd),
    /// Create an age identity (key pair) for receiving bundles; prints the recipient.
    Keygen(bundle::KeygenArgs),
    /// Verify or open a received bundle; show this vault's signing key.
    #[command(subcommand)]
    Bundle(bundle::BundleCmd),
    /// Verify a received bundle and keep its incidents in this vault, with their provenance.
    Import(bundle::ImportArgs),
    /// Verify the key file, the database and the hash chain.
    Check(admin::CheckArgs),
    /// Change, add, remove or list passphrases.
    #[command(subcommand)]
    Passphrase(admin::PassphraseCmd),
    /// Create a recovery key (printed once) for when the passphrase is forgotten.
    RecoveryKey(admin::RecoveryKeyArgs),
    /// Manage your own incident categories.
    #[command(subcommand)]
    Category(admin::CategoryCmd),
    /// Destroy the vault now: no passphrase, no question. The key is erased first (in
    /// milliseconds), then every vault file and the directory are removed.
    Panic(emergency::PanicArgs),
    /// Destroy the vault after showing what will happen and asking (see also `panic`).
    Wipe(emergency::WipeArgs),
    /// Seal the vault so that only the lawyer's key opens it; your passphrases stop working.
    Seal(emergency::SealArgs),
    /// Open a sealed vault with the lawyer's identity and set a new passphrase.
    Unseal(emergency::UnsealArgs),
    /// Set or remove the duress passphrase, which silently destroys or seals the vault.
    #[command(subcommand)]
    Duress(emergency::DuressCmd),
    /// Print shell completions.
    Completions(admin::CompletionsArgs),
    /// Write the manual page.
    Man(admin::ManArgs),
}

/// Everything a command needs besides its own arguments.
pub struct Ctx {
    pub vault_dir: PathBuf,
    pub secrets: SecretSource,
    pub now: Zoned,
}

impl Ctx {
    pub fn paths(&self) -> VaultPaths {
        VaultPaths::new(&self.vault_dir)
    }

    /// Locate the vault, ask for the passphrase, unlock. A duress passphrase yields the
    /// empty stand-in vault, indistinguishable to the caller.
    pub fn open(&mut self) -> CliResult<Vault> {
        let locked = vault::locate(&self.vault_dir)?;
        let secret = self.secrets.read(&t!("prompt-passphrase"))?;
        crate::emergency::duress::set_clock(self.now.clone());
        match locked.unlock(&secret, Some(crate::emergency::duress::handler))? {
            Opened::Vault(v) | Opened::Duress(v) => Ok(v),
        }
    }
}

fn now() -> Zoned {
    // Tests inject a fixed clock; release builds ignore the variable.
    #[cfg(debug_assertions)]
    if let Ok(s) = std::env::var("SANDYK_TEST_NOW") {
        if let Ok(z) = s.parse::<Zoned>() {
            return z;
        }
    }
    Zoned::now()
}

/// The command definition, for completions, man pages and tests (English).
pub fn command() -> clap::Command {
    Cli::command()
}

/// The command definition in the current language.
pub fn localized_command() -> clap::Command {
    help::localized(Cli::command(), i18n::lang())
}

fn run(cli: Cli) -> CliResult {
    let vault_dir = match cli.vault.clone() {
        Some(v) => v,
        None => VaultPaths::default_dir()
            .ok_or_else(|| CliError::usage(t!("err-no-home")).hint(t!("hint-vault-flag")))?,
    };
    let mut ctx = Ctx {
        vault_dir,
        secrets: SecretSource::new(cli.passphrase_fd),
        now: now(),
    };
    match cli.command {
        Command::Init(a) => init::run(&mut ctx, a),
        Command::Add(a) => incidents::add(&mut ctx, a),
        Command::List(a) => incidents::list(&mut ctx, a),
        Command::Show(a) => incidents::show(&mut ctx, a),
        Command::Search(a) => incidents::search(&mut ctx, a),
        Command::Amend(a) => incidents::amend(&mut ctx, a),
        Command::Delete(a) => incidents::delete(&mut ctx, a),
        Command::History(a) => incidents::history(&mut ctx, a),
        Command::Attach(a) => attach::attach(&mut ctx, a),
        Command::Attachments(a) => attach::attachments(&mut ctx, a),
        Command::Attachment(c) => attach::attachment(&mut ctx, c),
        Command::Export(a) => bundle::export(&mut ctx, a),
        Command::Log(a) => bundle::log(&mut ctx, a),
        Command::Contact(c) => bundle::contact(&mut ctx, c),
        Command::Keygen(a) => bundle::keygen(&mut ctx, a),
        Command::Bundle(c) => bundle::bundle(&mut ctx, c),
        Command::Import(a) => bundle::import(&mut ctx, a),
        Command::Check(a) => admin::check(&mut ctx, a),
        Command::Passphrase(c) => admin::passphrase(&mut ctx, c),
        Command::RecoveryKey(a) => admin::recovery_key(&mut ctx, a),
        Command::Category(c) => admin::category(&mut ctx, c),
        Command::Panic(a) => emergency::panic(&mut ctx, a),
        Command::Wipe(a) => emergency::wipe(&mut ctx, a),
        Command::Seal(a) => emergency::seal_cmd(&mut ctx, a),
        Command::Unseal(a) => emergency::unseal(&mut ctx, a),
        Command::Duress(c) => emergency::duress_cmd(&mut ctx, c),
        Command::Completions(a) => admin::completions(a),
        Command::Man(a) => admin::man(a),
    }
}

/// Print an error the way the tool always does: `sandyk: error: …` and `hint: …`.
pub fn report(e: &CliError) {
    eprintln!("sandyk: {}: {}", t!("error"), output::line(&e.message));
    if let Some(h) = &e.hint {
        eprintln!("{}: {}", t!("hint"), output::line(h));
    }
}

/// The whole program: returns the exit code.
pub fn main() -> i32 {
    // A panic message must never carry note text: print only where it happened.
    std::panic::set_hook(Box::new(|info| {
        let loc = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("sandyk: internal error at {loc}; nothing was printed of your data. Please report this.");
    }));
    // A closed pipe (`sandyk list | head`) ends the program quietly, as Unix tools do.
    // SAFETY: setting a signal disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    signals::install();
    let failed = crate::harden::harden_process();
    let args = help::rewrite_help_subcommand(std::env::args_os().collect());
    // The language must be known before clap renders help or errors.
    if let Some(l) = lang_from_args(&args) {
        i18n::set_lang(l);
    }
    let parsed = localized_command()
        .try_get_matches_from(&args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Usage as i32
            } else {
                0
            };
            // clap's error messages are English; ru/ky get their own.
            match help::error_message(&e, i18n::lang()) {
                Some(m) => eprint!("{m}"),
                None => {
                    let _ = e.print();
                }
            }
            return code;
        }
    };
    if !failed.is_empty() {
        eprintln!(
            "sandyk: {}: {}",
            t!("warning"),
            t!("warn-harden", what = failed.join(", "))
        );
    }
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            report(&e);
            e.code()
        }
        Err(_) => Exit::Failure as i32,
    }
}

fn lang_from_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::from_locale(v);
        }
        if a == "--lang" {
            return it.next().and_then(|v| Lang::from_locale(&v));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definition_is_valid() {
        super::command().debug_assert();
    }
}
