//! The command line: clap definitions, one file per group of subcommands.
//!
//! Arguments are parsed into plain records, then each command resolves them and runs.
//! Only this module tree (part of the binary crate, not the library) talks to the terminal,
//! reads the environment and signals, keeps the current language and maps errors to exit codes.

pub mod admin;
pub mod attach;
pub mod bundle;
pub mod emergency;
pub mod entities;
pub mod error;
pub mod help;
pub mod i18n;
#[cfg(test)]
mod i18n_check;
pub mod incidents;
pub mod init;
pub mod output;
pub mod progress;
pub mod prompt;
pub mod report;
pub mod sandbox;
pub mod signals;
pub mod stats;

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use jiff::Zoned;

use self::i18n::Lang;
use crate::t;
pub use error::{CliError, CliResult, Exit};
use prompt::SecretSource;
use sandyk::vault::{self, Opened, Vault, VaultPaths};

/// sandyk — an offline, encrypted field-notes vault for human-rights defenders.
///
/// Incidents are kept in one encrypted file under a passphrase. Nothing readable is ever
/// written to disk. Exit codes: 0 success, 1 failure, 2 usage error, 3 wrong passphrase,
/// 4 vault damaged, 5 not found, 6 bundle verification failed, 7 bundle from an unknown
/// signer, 8 bundle older than one already imported, 130 interrupted.
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
    pub lang: Option<LangArg>,

    /// Say on stderr what the sandbox (Landlock, seccomp) enforces on this system.
    #[arg(long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// `--lang`: the library's [`Lang`] as a clap value (the library does not depend on clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LangArg(pub Lang);

impl ValueEnum for LangArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[LangArg(Lang::En), LangArg(Lang::Ru), LangArg(Lang::Ky)]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.code()))
    }
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
    /// Only incidents naming this perpetrator (matched folded: case, ё/е, spacing).
    #[arg(long, value_name = "NAME")]
    pub perpetrator: Option<String>,
    /// Only incidents naming this vehicle or plate (`01KG123ABC`, `01 123 ABC`, Cyrillic
    /// look-alike letters accepted).
    #[arg(long, value_name = "PLATE")]
    pub vehicle: Option<String>,
    /// Only incidents at this place (the location text, matched folded).
    #[arg(long, value_name = "PLACE")]
    pub place: Option<String>,
    /// Only incidents naming this witness (matched folded).
    #[arg(long, value_name = "NAME")]
    pub witness: Option<String>,
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
    /// People, organisations, places and vehicles across incidents: how often, first and
    /// last seen; `entities show NAME` lists the incidents naming one.
    Entities(entities::EntitiesArgs),
    /// Incidents per category (or entity) per month (or week): bars on a terminal, a plain
    /// table otherwise; and what rose sharply in the last weeks.
    Stats(stats::StatsArgs),
    /// Write a report to read, print or give to a lawyer: chronology, counts, people, places
    /// and vehicles, every incident, what the attachments' metadata says, your statement.
    /// One self-contained HTML file — NOT encrypted.
    Report(report::ReportArgs),
    /// Attach files (photos, recordings, documents) to an incident: stored encrypted as
    /// evidentiary originals, with metadata-free working copies of photos, PDF, video and audio.
    Attach(attach::AttachArgs),
    /// List an incident's attachments and what their metadata reveals.
    Attachments(attach::AttachmentsArgs),
    /// Work with one attachment (extract, delete).
    #[command(subcommand)]
    Attachment(attach::AttachmentCmd),
    /// Export incidents as a signed, encrypted evidence bundle for a lawyer.
    Export(bundle::ExportArgs),
    /// Show the export log: when, which incidents, to whom, the bundle's SHA-256.
    Log(bundle::LogArgs),
    /// The address book: recipients for exports and the signing keys whose bundles you trust.
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
        // On a terminal a mistyped passphrase may be typed again (three tries in all); from
        // --passphrase-fd there is one line and one try.
        let tries = if self.secrets.is_fd() { 1 } else { 3 };
        let mut n = 1;
        loop {
            let locked = vault::locate(&self.vault_dir)?;
            let secret = self.secrets.read(&t!("prompt-passphrase"))?;
            let on_duress = vault::OnDuress {
                handler: sandyk::emergency::duress::handler,
                now: &self.now,
            };
            match locked.unlock(&secret, Some(on_duress)) {
                Ok(Opened::Vault(mut v)) => {
                    migrate_attachments(&mut v)?;
                    return Ok(v);
                }
                Ok(Opened::Duress(v)) => return Ok(v),
                Err(vault::VaultError::KeyFile(vault::keyfile::KeyFileError::WrongPassphrase))
                    if n < tries =>
                {
                    eprintln!("{}", t!("passphrase-try-again", left = (tries - n) as i64));
                    n += 1;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// Move attachments of a vault made before the attachment store (schema v6) into it, one
/// per transaction, with a progress bar (issue 15). A failure (a full disk, a store that
/// cannot be written) stops the command before it does anything, with the reason and a hint
/// (non-zero exit): the attachments moved before it stay moved, each in its own committed
/// transaction, the rest are as they were and readable where they are, and the next start
/// resumes (docs/format.md, "Moving v1 attachments"). An attachment damaged before the move
/// is left where it is with a warning; `check` reports it.
fn migrate_attachments(v: &mut Vault) -> CliResult {
    let (count, bytes) = v.db.v1_attachments()?;
    if count == 0 {
        return Ok(());
    }
    eprintln!(
        "{}",
        t!(
            "attach-migrating",
            count = count as i64,
            size = sandyk::attach::human_size(bytes)
        )
    );
    let mut bar = progress::TerminalProgress::new();
    match v.db.migrate_attachments(&mut bar) {
        Ok(m) => {
            for r in &m.damaged {
                eprintln!(
                    "{}",
                    t!("warn-attach-migrate-damaged", reference = r.clone())
                );
            }
            Ok(())
        }
        Err(e) => {
            use sandyk::progress::Progress;
            bar.finish();
            let left = v.db.v1_attachments().map(|(n, _)| n).unwrap_or(count);
            let cause = error::CliError::from(e);
            let mut c = error::CliError::new(
                cause.exit,
                t!(
                    "err-attach-migrate",
                    moved = (count - left.min(count)) as i64,
                    count = count as i64,
                    detail = cause.message
                ),
            );
            c.hint = Some(match cause.hint {
                Some(h) => format!("{h}; {}", t!("hint-attach-migrate")),
                None => t!("hint-attach-migrate"),
            });
            Err(c)
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

/// An unknown time zone — `TZ` naming a zone this system's tzdb lacks (a typo), or no
/// `TZ` and no readable /etc/localtime — makes jiff read and show times in UTC, as `date`
/// does: "15:00" typed into the form would be recorded hours off without a word. Said on
/// stderr before every command but the emergency ones and the generated texts.
fn warn_unknown_zone() {
    if !output::local_tz().is_unknown() {
        return;
    }
    let what = match std::env::var_os("TZ") {
        Some(tz) if !tz.is_empty() => {
            t!("warn-unknown-tz", tz = output::line(&tz.to_string_lossy()))
        }
        _ => t!("warn-unknown-system-tz"),
    };
    eprintln!("sandyk: {}: {}", t!("warning"), what);
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
        None => VaultPaths::default_dir(
            std::env::var_os("XDG_DATA_HOME").as_deref(),
            std::env::var_os("HOME").as_deref(),
        )
        .ok_or_else(|| CliError::usage(t!("err-no-home")).hint(t!("hint-vault-flag")))?,
    };
    // Confined from here on: nothing secret or untrusted has been read yet.
    let plan = sandbox::plan(&cli.command, &vault_dir);
    plan.check_paths()?;
    let confined = sandbox::confine(plan)?;
    if cli.verbose {
        confined.report();
    }
    error::set_verbose(cli.verbose);
    if let Some(spec) = sandbox::test_hooks::probe() {
        sandbox::test_hooks::run_probe(&spec);
    }
    let result = dispatch(cli.command, vault_dir, cli.passphrase_fd);
    confined.finish(&result);
    result
}

fn dispatch(command: Command, vault_dir: PathBuf, passphrase_fd: Option<i32>) -> CliResult {
    let mut ctx = Ctx {
        vault_dir,
        secrets: SecretSource::new(passphrase_fd),
        now: now(),
    };
    if !matches!(
        command,
        Command::Panic(_) | Command::Wipe(_) | Command::Completions(_) | Command::Man(_)
    ) {
        warn_unknown_zone();
    }
    match command {
        Command::Init(a) => init::run(&mut ctx, a),
        Command::Add(a) => incidents::add(&mut ctx, a),
        Command::List(a) => incidents::list(&mut ctx, a),
        Command::Show(a) => incidents::show(&mut ctx, a),
        Command::Search(a) => incidents::search(&mut ctx, a),
        Command::Amend(a) => incidents::amend(&mut ctx, a),
        Command::Delete(a) => incidents::delete(&mut ctx, a),
        Command::History(a) => incidents::history(&mut ctx, a),
        Command::Entities(a) => entities::entities(&mut ctx, a),
        Command::Stats(a) => stats::stats(&mut ctx, a),
        Command::Report(a) => report::report(&mut ctx, a),
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
/// Written without `eprintln!`, which panics when stderr is gone (a terminal hung up).
pub fn report(e: &CliError) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "sandyk: {}: {}", t!("error"), output::line(&e.message));
    if let Some(h) = &e.hint {
        let _ = writeln!(err, "{}: {}", t!("hint"), output::line(h));
    }
    if let Some(d) = e.detail.as_ref().filter(|_| error::verbose()) {
        let _ = writeln!(err, "{}: {}", t!("detail"), output::line(d));
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
    let failed = sandyk::harden::harden_process();
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
            if e.kind() == clap::error::ErrorKind::DisplayVersion {
                println!("{}", sandbox::version_line());
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
    use super::*;

    #[test]
    fn clap_definition_is_valid() {
        super::command().debug_assert();
    }

    /// What `sandyk --lang LANG PATH… --help` prints on stdout, and whether it exits 0,
    /// rendered exactly as `main` does (moved from tests/i18n_cli.rs: the clap definition is
    /// part of the binary).
    fn help_output(lang: Lang, path: &[String]) -> (bool, String) {
        let mut args = vec!["sandyk".to_owned(), "--lang".into(), lang.code().into()];
        args.extend(path.iter().cloned());
        args.push("--help".into());
        let args = help::rewrite_help_subcommand(args.into_iter().map(Into::into).collect());
        match help::localized(Cli::command(), lang).try_get_matches_from(&args) {
            Ok(_) => (false, String::new()),
            Err(e) => {
                let out = help::error_message(&e, lang).unwrap_or_else(|| e.render().to_string());
                (!e.use_stderr(), out)
            }
        }
    }

    #[test]
    fn every_command_has_translated_help() {
        fn first_words(s: &str, n: usize) -> String {
            s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
        }
        // Walk the command tree: every command's --help shows its catalog text in ru and ky.
        fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
            out.push(path.clone());
            for s in cmd.get_subcommands() {
                let mut p = path.clone();
                p.push(s.get_name().to_owned());
                walk(s, p, out);
            }
        }
        let mut paths = vec![];
        walk(&command(), vec![], &mut paths);
        assert!(paths.len() > 10);
        let mut missing = vec![];
        for lang in [Lang::Ru, Lang::Ky] {
            for p in &paths {
                let key = if p.is_empty() {
                    "help".to_owned()
                } else {
                    format!("help-{}", p.join("-"))
                };
                let Some(text) = i18n::tr_in(lang, &key, &[]) else {
                    missing.push(format!("{} {key}: no catalog entry", lang.code()));
                    continue;
                };
                let (ok, out) = help_output(lang, p);
                if !ok || !out.contains(&first_words(&text, 3)) {
                    missing.push(format!(
                        "{} {}: {:?}",
                        lang.code(),
                        p.join(" "),
                        first_words(&out, 8)
                    ));
                }
                // clap's own English notes are replaced by translated ones.
                for english in [
                    "[default:",
                    "[possible values:",
                    "Possible values:",
                    "[env:",
                    "Print help",
                    "Options:",
                ] {
                    if out.contains(english) {
                        missing.push(format!(
                            "{} {}: English {english:?}",
                            lang.code(),
                            p.join(" ")
                        ));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "help not translated:\n{}",
            missing.join("\n")
        );
    }
}
