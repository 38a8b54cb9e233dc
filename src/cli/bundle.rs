//! Evidence bundles: `contact`, `keygen`, `export`, `log`, `bundle verify|open|signer`,
//! `import`. See docs/bundle.md.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, IsTerminal, Read, Write};

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use clap::{Args, Subcommand};
use zeroize::Zeroizing;

use super::error::{io_error, CliError, CliResult, Exit};
use super::output::{self, line};
use super::{incidents, Ctx, FilterArgs};
use crate::t;
use sandyk::bundle::fsout::{self, AtomicOutput};
use sandyk::bundle::reader::{self, Keys, NoSink, Sink, Verified, VerifyOptions};
use sandyk::bundle::receive::{self, Pass};
use sandyk::bundle::recipient::{self, Recipient, RecipientKind};
use sandyk::bundle::records::IncidentRecord;
use sandyk::bundle::sign::Signer;
use sandyk::bundle::writer::{self, Encryption, ExportRequest};
use sandyk::bundle::{export_log, limits, BundleError, Progress};
use sandyk::vault::bundles::ImportTx;
use sandyk::vault::db::Db;

// ---------------------------------------------------------------- arguments

#[derive(Debug, Subcommand)]
pub enum ContactCmd {
    /// Add a contact: a name and a recipient (an age recipient `age1…`, or an SSH public key
    /// in quotes: "ssh-ed25519 AAAA…"). Shows its fingerprint: compare it with the person
    /// over a trusted channel (in person, by phone).
    Add {
        /// A name for the contact (not starting with `age1`, `ssh-` or `-`).
        name: String,
        /// The recipient.
        recipient: String,
    },
    /// List contacts with their fingerprints.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove a contact.
    Remove {
        /// The contact's name.
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Write the new identity to this file (mode 0600; never overwrites). Without it, the
    /// identity goes to stdout, which must not be a terminal.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Incident ids to export.
    pub ids: Vec<String>,
    /// Export every incident.
    #[arg(long, conflicts_with_all = ["ids", "since", "until", "category", "tag", "search"])]
    pub all: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only incidents matching these words (full-text search, as `search`).
    #[arg(long, value_name = "WORDS")]
    pub search: Option<String>,
    /// Who can open the bundle: a contact's name, an age recipient (age1…) or an SSH public
    /// key ("ssh-ed25519 AAAA…", "ssh-rsa AAAA…"). Repeat for several.
    #[arg(long = "to", value_name = "CONTACT|RECIPIENT")]
    pub to: Vec<String>,
    /// A recipients file: one recipient per line, `#` comments. Repeatable.
    #[arg(long = "to-file", value_name = "PATH")]
    pub to_file: Vec<PathBuf>,
    /// Protect the bundle with a generated passphrase instead of keys. The passphrase is
    /// shown once on the terminal; pass it to the lawyer by another channel. Cannot be
    /// combined with --to or --to-file.
    #[arg(long)]
    pub with_passphrase: bool,
    /// ASCII-armored output (for e-mail or print) instead of binary.
    #[arg(long)]
    pub armor: bool,
    /// Send attachments as their untouched originals, with all their metadata (GPS,
    /// device, times), instead of the metadata-free working copies.
    #[arg(long)]
    pub originals: bool,
    /// The bundle file to write (never overwritten), or `-` for stdout when it is not a
    /// terminal.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum BundleCmd {
    /// Verify a bundle: decrypt it as a stream and check every file's hash, the manifest,
    /// the signature and each incident's hash chain. Writes nothing. Exit 6 if anything fails.
    Verify(VerifyArgs),
    /// Verify a bundle, then extract its files into a new (or empty) directory.
    Open(OpenArgs),
    /// Show this vault's signing key: the fingerprint lawyers compare when they verify.
    Signer(SignerArgs),
}

#[derive(Debug, Args)]
pub struct KeyArgs {
    /// Your identity: an age identity file (AGE-SECRET-KEY-1…) or an SSH private key.
    /// Omit it for a bundle protected by a passphrase (asked for, or read from
    /// --passphrase-fd).
    #[arg(short = 'i', long, value_name = "KEYFILE")]
    pub identity: Option<PathBuf>,
    /// Refuse the bundle unless it is signed by this key (`SHA256:…`, as shown by the
    /// sender's `sandyk bundle signer`).
    #[arg(long, value_name = "FINGERPRINT")]
    pub signer: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The bundle file.
    pub file: PathBuf,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The bundle file.
    pub file: PathBuf,
    #[command(flatten)]
    pub key: KeyArgs,
    /// The directory to extract into (created; if it exists it must be empty).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct SignerArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The bundle file.
    #[arg(required_unless_present = "list")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub key: KeyArgs,
    /// List the incidents received so far instead (with where they came from).
    #[arg(long, conflicts_with_all = ["file", "identity", "signer"])]
    pub list: bool,
    /// With --list: print JSON (every incident with all its revisions).
    #[arg(long, requires = "list")]
    pub json: bool,
}

// ---------------------------------------------------------------- errors

fn exists_error(p: &Path) -> CliError {
    BundleError::Exists(p.to_path_buf()).into()
}

fn open_input(p: &Path) -> CliResult<File> {
    File::open(p).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => CliError::new(
            Exit::NotFound,
            t!("err-bundle-no-file", path = line(&p.display().to_string())),
        ),
        _ => io_error(&e),
    })
}

// ---------------------------------------------------------------- progress

/// A progress bar on stderr, only when stderr is a terminal.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Bar {
        Bar(None)
    }
}

impl Progress for Bar {
    fn start(&mut self, total: u64) {
        if io::stderr().is_terminal() && total >= 4 * 1024 * 1024 {
            let b = indicatif::ProgressBar::with_draw_target(
                Some(total),
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            ) {
                b.set_style(style);
            }
            self.0 = Some(b);
        }
    }
    fn advance(&mut self, n: u64) {
        if let Some(b) = &self.0 {
            b.inc(n);
        }
    }
    fn finish(&mut self) {
        if let Some(b) = self.0.take() {
            b.finish_and_clear();
        }
    }
}

/// Reports bytes read to a progress bar.
struct ProgressReader<'p, R> {
    inner: R,
    progress: &'p mut Bar,
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

// ---------------------------------------------------------------- contacts

fn check_contact_name(name: &str) -> CliResult {
    let bad = name.trim() != name
        || name.is_empty()
        || name.chars().count() > 64
        || name.chars().any(|c| c.is_control())
        || name.starts_with('-')
        || name.starts_with('@')
        || recipient::looks_like_recipient(name);
    if bad {
        return Err(CliError::usage(t!("err-bundle-contact-name")));
    }
    Ok(())
}

pub fn contact(ctx: &mut Ctx, c: ContactCmd) -> CliResult {
    match c {
        ContactCmd::Add { name, recipient } => {
            check_contact_name(&name)?;
            let r = recipient::parse(&recipient)?;
            let mut v = ctx.open()?;
            let fp = r.fingerprint();
            if !v.db.contact_add(&name, &r.canonical, &fp, &ctx.now)? {
                return Err(
                    CliError::failure(t!("err-bundle-contact-exists", name = line(&name)))
                        .hint(t!("hint-bundle-contact-exists", name = line(&name))),
                );
            }
            eprintln!(
                "{}",
                t!(
                    "bundle-contact-added",
                    name = line(&name),
                    kind = r.kind.as_str(),
                    fingerprint = fp.clone()
                )
            );
            eprintln!("{}", t!("bundle-contact-compare"));
            println!("{fp}");
            Ok(())
        }
        ContactCmd::List { json } => {
            let v = ctx.open()?;
            let list = v.db.contacts()?;
            if json {
                let out: Vec<serde_json::Value> = list
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "name": c.name,
                            "recipient": c.recipient,
                            "kind": recipient::parse(&c.recipient).map(|r| r.kind.as_str()).unwrap_or("unknown"),
                            "fingerprint": c.fingerprint,
                            "added": c.added,
                        })
                    })
                    .collect();
                output::print_json(&out)?;
                return Ok(());
            }
            if list.is_empty() {
                eprintln!("{}", t!("bundle-contact-none"));
            }
            let mut out = io::stdout().lock();
            for c in &list {
                let kind = recipient::parse(&c.recipient)
                    .map(|r| r.kind.as_str())
                    .unwrap_or("?");
                writeln!(
                    out,
                    "{}  {}  {}  {}",
                    line(&c.name),
                    kind,
                    c.fingerprint,
                    c.added
                )?;
            }
            Ok(())
        }
        ContactCmd::Remove { name } => {
            let mut v = ctx.open()?;
            if !v.db.contact_remove(&name)? {
                return Err(CliError::new(
                    Exit::NotFound,
                    t!("err-bundle-contact-unknown", name = line(&name)),
                )
                .hint(t!("hint-bundle-contact-list")));
            }
            eprintln!("{}", t!("bundle-contact-removed", name = line(&name)));
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- keygen

pub fn keygen(ctx: &mut Ctx, a: KeygenArgs) -> CliResult {
    let created = ctx.now.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let (text, recipient) = recipient::generate(&created);
    match a.output {
        Some(path) if path.as_os_str() != "-" => {
            let mut out = AtomicOutput::create(&path).map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => CliError::failure(t!(
                    "err-bundle-keygen-exists",
                    path = line(&path.display().to_string())
                )),
                _ => io_error(&e),
            })?;
            out.file().write_all(text.as_bytes())?;
            out.commit().map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => CliError::failure(t!(
                    "err-bundle-keygen-exists",
                    path = line(&path.display().to_string())
                )),
                _ => io_error(&e),
            })?;
            eprintln!(
                "{}",
                t!(
                    "bundle-keygen-written",
                    path = line(&path.display().to_string())
                )
            );
            println!("{recipient}");
        }
        _ => {
            if io::stdout().is_terminal() {
                return Err(CliError::usage(t!("err-bundle-keygen-terminal"))
                    .hint(t!("hint-bundle-keygen-output")));
            }
            io::stdout().lock().write_all(text.as_bytes())?;
            eprintln!("{}", t!("bundle-keygen-public", recipient = recipient));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- export

/// Resolve `--to` values (contacts need the vault) and `--to-file` files.
fn literal_recipients(a: &ExportArgs) -> CliResult<Vec<(Recipient, Option<String>)>> {
    let mut out = vec![];
    for to in &a.to {
        if recipient::looks_like_recipient(to) {
            out.push((recipient::parse(to)?, None));
        }
    }
    for p in &a.to_file {
        let mut text = String::new();
        open_input(p)?
            .take(limits::KEY_FILE + 1)
            .read_to_string(&mut text)
            .map_err(|_| CliError::usage(t!("err-not-utf8")))?;
        if text.len() as u64 > limits::KEY_FILE {
            return Err(CliError::usage(t!("err-bundle-recipients-file-large")));
        }
        for r in recipient::parse_file(&text)? {
            out.push((r, None));
        }
    }
    Ok(out)
}

fn has_selection(a: &ExportArgs) -> bool {
    let f = &a.filter;
    a.all
        || !a.ids.is_empty()
        || f.since.is_some()
        || f.until.is_some()
        || f.category.is_some()
        || f.tag.is_some()
        || a.search.is_some()
}

pub fn export(ctx: &mut Ctx, a: ExportArgs) -> CliResult {
    // Everything that can be checked without the vault, first.
    if !has_selection(&a) {
        return Err(
            CliError::usage(t!("err-bundle-no-selection")).hint(t!("hint-bundle-selection"))
        );
    }
    if a.with_passphrase && (!a.to.is_empty() || !a.to_file.is_empty()) {
        return Err(CliError::usage(t!("err-bundle-passphrase-mixed"))
            .hint(t!("hint-bundle-passphrase-mixed")));
    }
    if !a.with_passphrase && a.to.is_empty() && a.to_file.is_empty() {
        return Err(
            CliError::usage(t!("err-bundle-no-recipient")).hint(t!("hint-bundle-recipient"))
        );
    }
    let to_stdout = a.output.as_os_str() == "-";
    if to_stdout && io::stdout().is_terminal() {
        return Err(CliError::usage(t!("err-bundle-terminal")).hint(t!("hint-bundle-terminal")));
    }
    if !to_stdout && fs::symlink_metadata(&a.output).is_ok() {
        return Err(exists_error(&a.output));
    }
    let mut filter = incidents::resolve_filter(ctx, &a.filter)?;
    filter.query = a.search.clone();
    filter.ids = a.ids.clone();
    if let Some(q) = &filter.query {
        if q.trim().is_empty() {
            return Err(CliError::usage(t!("err-empty-query")));
        }
    }
    let mut recipients = literal_recipients(&a)?;
    // The generated passphrase is shown on the terminal only: make sure there is one.
    let mut tty = if a.with_passphrase {
        Some(
            OpenOptions::new()
                .write(true)
                .open("/dev/tty")
                .map_err(|_| {
                    CliError::usage(t!("err-bundle-passphrase-terminal"))
                        .hint(t!("hint-bundle-passphrase-terminal"))
                })?,
        )
    } else {
        None
    };

    let mut v = ctx.open()?;
    for to in &a.to {
        if !recipient::looks_like_recipient(to) {
            let c = v.db.contact_get(to)?.ok_or_else(|| {
                CliError::new(
                    Exit::NotFound,
                    t!("err-bundle-contact-unknown", name = line(to)),
                )
                .hint(t!("hint-bundle-contact-list"))
            })?;
            let r = recipient::parse(&c.recipient)?;
            recipients.push((r, Some(c.name)));
        }
    }
    if recipients.len() > limits::RECIPIENTS {
        return Err(
            BundleError::Recipient(format!("more than {} recipients", limits::RECIPIENTS)).into(),
        );
    }
    // Explicit ids must exist and not be deleted.
    for id in &a.ids {
        v.db.get(id)?;
    }
    let ids = v.db.select_ids(&filter)?;
    if ids.is_empty() {
        return Err(BundleError::EmptySelection.into());
    }

    let passphrase = a
        .with_passphrase
        .then(|| crate::cli::prompt::generate_words(7));
    let recipients_log: serde_json::Value = if a.with_passphrase {
        serde_json::json!([{ "kind": RecipientKind::Passphrase.as_str() }])
    } else {
        serde_json::Value::Array(
            recipients
                .iter()
                .map(|(r, c)| {
                    let mut o = serde_json::json!({ "kind": r.kind.as_str(), "fingerprint": r.fingerprint() });
                    if let Some(c) = c {
                        o["contact"] = serde_json::Value::String(c.clone());
                    }
                    o
                })
                .collect(),
        )
    };
    let encryption = match &passphrase {
        Some(words) => Encryption::Passphrase(SecretString::from(words.to_string())),
        None => Encryption::Recipients(recipients.into_iter().map(|(r, _)| r).collect()),
    };
    let bundle_name = if to_stdout {
        "BUNDLE.age".to_owned()
    } else {
        a.output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "BUNDLE.age".into())
    };
    let created = ctx.now.timestamp();
    let req = ExportRequest {
        ids: ids.clone(),
        created,
        bundle_name,
        encryption,
        armor: a.armor,
        extra: vec![],
        originals: a.originals,
        lang: crate::cli::i18n::lang(),
    };
    let mut bar = Bar::new();

    let summary = if to_stdout {
        let out = io::stdout();
        let (mut out, s) = writer::export(&v.db, req, out, &mut bar)?;
        out.flush()?;
        fsout::block_termination_signals();
        s
    } else {
        let mut out = AtomicOutput::create(&a.output).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => exists_error(&a.output),
            _ => io_error(&e),
        })?;
        let (_, s) = writer::export(&v.db, req, out.file(), &mut bar)?;
        fail::fail_point!("bundle-before-commit", |_| Err(CliError::failure(
            "failpoint"
        )));
        // From here the file exists: finish recording it rather than die in between.
        fsout::block_termination_signals();
        out.commit().map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => exists_error(&a.output),
            _ => io_error(&e),
        })?;
        s
    };
    let m = &summary.manifest;
    let details = serde_json::json!({
        "format_version": m.version,
        "signer": m.signer,
        "bytes": summary.bundle_bytes,
        "armor": a.armor,
        "output": if to_stdout { "-".to_owned() } else { a.output.display().to_string() },
        "files": m.files.len() + 2,
    });
    // The log never misses a bundle that exists: if recording fails, it is removed again.
    let sha = export_log::record(&mut v.db, &summary, &ids, &recipients_log, &details, || {
        if !to_stdout {
            let _ = fsout::remove_committed(&a.output);
        }
    })
    .map_err(|e| CliError::from(e).hint(t!("hint-bundle-not-written")))?;
    eprintln!(
        "{}",
        t!(
            "bundle-written",
            path = if to_stdout {
                "-".to_owned()
            } else {
                line(&a.output.display().to_string())
            },
            count = ids.len() as i64,
            bytes = summary.bundle_bytes as i64
        )
    );
    eprintln!("{}", t!("bundle-signed-by", signer = m.signer.clone()));
    eprintln!("{}", t!("bundle-sha256", sha = sha));
    if let (Some(words), Some(tty)) = (&passphrase, tty.as_mut()) {
        writeln!(
            tty,
            "\n{}\n\n    {}\n",
            t!("bundle-passphrase-intro"),
            &**words
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------- log

pub fn log(ctx: &mut Ctx, a: LogArgs) -> CliResult {
    let v = ctx.open()?;
    let log = v.db.exports()?;
    if a.json {
        output::print_json(&log)?;
        return Ok(());
    }
    if log.is_empty() {
        eprintln!("{}", t!("bundle-log-empty"));
    }
    let mut out = io::stdout().lock();
    for r in &log {
        let to: Vec<String> = r
            .recipients
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        let kind = x["kind"].as_str().unwrap_or("?");
                        let fp = x["fingerprint"].as_str().unwrap_or("");
                        match x["contact"].as_str() {
                            Some(c) => format!("{} ({kind} {fp})", line(c)),
                            None => format!("{kind} {fp}").trim().to_owned(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        writeln!(
            out,
            "#{}  {}  {}",
            r.id,
            r.at,
            t!(
                "bundle-log-line",
                count = r.incidents.len() as i64,
                ids = r.incidents.join(" "),
                to = to.join(", "),
                sha = r.bundle_sha256.clone()
            )
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------- receiving

fn read_key_file(p: &Path) -> CliResult<Zeroizing<Vec<u8>>> {
    let mut f = open_input(p)?;
    let mut buf = Zeroizing::new(Vec::with_capacity(8192));
    (&mut f).take(limits::KEY_FILE + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limits::KEY_FILE {
        return Err(CliError::usage(t!(
            "err-bundle-identity",
            detail = "the file is too large"
        )));
    }
    Ok(buf)
}

fn secret_string(s: &sandyk::crypto::Secret) -> CliResult<SecretString> {
    let text = s
        .as_str()
        .ok_or_else(|| CliError::usage(t!("err-not-utf8")))?;
    Ok(SecretString::from(text.to_owned()))
}

/// The identities of `--identity`, if given (an encrypted SSH key asks for its passphrase).
fn load_identities(ctx: &mut Ctx, k: &KeyArgs) -> CliResult<Option<recipient::Identities>> {
    let Some(p) = &k.identity else {
        return Ok(None);
    };
    let bytes = read_key_file(p)?;
    let mut err: Option<CliError> = None;
    let mut asked = false;
    let secrets = &mut ctx.secrets;
    let r = recipient::load_identities(&bytes, &mut || match secrets
        .read(&t!("prompt-bundle-ssh-key-passphrase"))
        .and_then(|s| secret_string(&s))
    {
        Ok(s) => {
            asked = true;
            Ok(s)
        }
        Err(e) => {
            err = Some(e);
            Err(BundleError::Identity("no passphrase".into()))
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    match r {
        // Once the passphrase was given, the only failure left is its decryption: a wrong
        // passphrase. (Until `recipient::load_identities` returns `IdentityPassphrase`
        // itself; it belongs to the age-keys restructuring.)
        Err(BundleError::Identity(_)) if asked => Err(BundleError::IdentityPassphrase.into()),
        r => Ok(Some(r?)),
    }
}

/// Verify `file` once, asking for a bundle passphrase (at most once, kept for later reads)
/// when the bundle has one.
fn verify_file(
    ctx: &mut Ctx,
    file: &Path,
    ids: &mut Option<recipient::Identities>,
    cached: &mut Option<SecretString>,
    opts: &VerifyOptions,
    sink: &mut dyn Sink,
    progress: bool,
) -> CliResult<Verified> {
    let f = open_input(file)?;
    let total = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bar = Bar::new();
    if progress {
        bar.start(total);
    }
    let input = BufReader::with_capacity(
        256 * 1024,
        ProgressReader {
            inner: f,
            progress: &mut bar,
        },
    );
    let mut ask_error: Option<CliError> = None;
    let secrets = &mut ctx.secrets;
    let mut ask = || -> Result<SecretString, BundleError> {
        if let Some(s) = cached.as_ref() {
            return Ok(s.clone());
        }
        match secrets
            .read(&t!("prompt-bundle-passphrase"))
            .and_then(|s| secret_string(&s))
        {
            Ok(s) => {
                *cached = Some(s.clone());
                Ok(s)
            }
            Err(e) => {
                ask_error = Some(e);
                Err(BundleError::Identity("no passphrase".into()))
            }
        }
    };
    let r = match ids.take() {
        Some(i) => {
            let mut keys = Keys::Identities(i);
            let r = reader::verify(input, &mut keys, opts, sink);
            if let Keys::Identities(i) = keys {
                *ids = Some(i);
            }
            r
        }
        None => reader::verify(input, &mut Keys::Passphrase(&mut ask), opts, sink),
    };
    bar.finish();
    if let Some(e) = ask_error {
        return Err(e);
    }
    Ok(r?)
}

fn verify_options(k: &KeyArgs) -> VerifyOptions {
    VerifyOptions {
        expected_signer: k.signer.clone(),
    }
}

fn verdict_json(v: &Verified) -> serde_json::Value {
    let m = &v.manifest;
    serde_json::json!({
        "ok": true,
        "signer": v.signer,
        "created": m.created,
        "vault_id": m.vault_id,
        "incident_count": m.incident_count,
        "incidents": m.incidents.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
        "revisions": v.revisions,
        "chain_head": { "seq": m.chain_head.seq, "hash": m.chain_head.hash },
        "files": m.files,
        "attachments": m.attachments,
        "bundle_sha256": hex::encode(v.bundle_sha256),
        "bundle_bytes": v.bundle_bytes,
        "passphrase": v.passphrase,
    })
}

fn print_verdict(v: &Verified) -> CliResult {
    let m = &v.manifest;
    let mut out = io::stdout().lock();
    writeln!(out, "{}", t!("bundle-verify-ok"))?;
    writeln!(
        out,
        "{}",
        t!("bundle-verify-signer", signer = v.signer.clone())
    )?;
    writeln!(
        out,
        "{}",
        t!(
            "bundle-verify-summary",
            created = m.created.clone(),
            vault = m.vault_id.clone(),
            count = m.incident_count as i64,
            revisions = v.revisions as i64,
            seq = m.chain_head.seq as i64
        )
    )?;
    writeln!(
        out,
        "{}",
        t!(
            "bundle-verify-incidents",
            ids = m
                .incidents
                .iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        )
    )?;
    for a in &m.attachments {
        writeln!(
            out,
            "{}",
            t!(
                "bundle-verify-attachment",
                path = line(&a.path),
                copy = line(&a.copy),
                sha256 = a.sha256.clone(),
                original = a.original_sha256.clone()
            )
        )?;
    }
    writeln!(
        out,
        "{}",
        t!("bundle-sha256", sha = hex::encode(v.bundle_sha256))
    )?;
    eprintln!("{}", t!("bundle-verify-compare-signer"));
    Ok(())
}

pub fn bundle(ctx: &mut Ctx, c: BundleCmd) -> CliResult {
    match c {
        BundleCmd::Verify(a) => verify(ctx, a),
        BundleCmd::Open(a) => open(ctx, a),
        BundleCmd::Signer(a) => {
            let v = ctx.open()?;
            // The empty stand-in vault after a duress unlock has no key of its own; it shows
            // a fresh one rather than an error that would give it away.
            let s = if v.decoy {
                Signer::from_seed(&sandyk::crypto::random_array::<32>())?
            } else {
                Signer::of_vault(&v.db)?
            };
            if a.json {
                output::print_json(&serde_json::json!({
                    "fingerprint": s.fingerprint(),
                    "public_key": s.public_line(""),
                    "allowed_signers": s.allowed_signers_line(),
                }))?;
            } else {
                println!("{}", s.fingerprint());
                println!("{}", s.public_line(""));
                eprintln!("{}", t!("bundle-signer-explain"));
            }
            Ok(())
        }
    }
}

fn verify(ctx: &mut Ctx, a: VerifyArgs) -> CliResult {
    let mut ids = load_identities(ctx, &a.key)?;
    let mut cached = None;
    match verify_file(
        ctx,
        &a.file,
        &mut ids,
        &mut cached,
        &verify_options(&a.key),
        &mut NoSink,
        true,
    ) {
        Ok(v) => {
            if a.json {
                output::print_json(&verdict_json(&v))?;
            } else {
                print_verdict(&v)?;
            }
            Ok(())
        }
        Err(e) => {
            if a.json {
                output::print_json(
                    &serde_json::json!({ "ok": false, "exit": e.code(), "error": line(&e.message) }),
                )?;
            }
            Err(e)
        }
    }
}

/// Writes verified files into a directory; removes everything it made on failure.
fn open(ctx: &mut Ctx, a: OpenArgs) -> CliResult {
    // The directory: new, or existing and empty (never a symlink); nothing is overwritten.
    let made_dir = match fs::symlink_metadata(&a.output) {
        Err(_) => true,
        Ok(m) if m.is_dir() && fs::read_dir(&a.output)?.next().is_none() => false,
        Ok(_) => {
            return Err(CliError::failure(t!(
                "err-bundle-dir-not-empty",
                path = line(&a.output.display().to_string())
            ))
            .hint(t!("hint-bundle-dir")))
        }
    };
    let mut ids = load_identities(ctx, &a.key)?;
    let mut cached = None;
    let opts = verify_options(&a.key);
    // Verify everything writing nothing, then again while extracting (rolled back on failure).
    let (second, written) = receive::verify_then_extract(&a.output, made_dir, |sink, pass| {
        verify_file(
            ctx,
            &a.file,
            &mut ids,
            &mut cached,
            &opts,
            sink,
            pass == Pass::Check,
        )
    })?;
    print_verdict(&second)?;
    eprintln!(
        "{}",
        t!(
            "bundle-extracted",
            count = written as i64,
            path = line(&a.output.display().to_string())
        )
    );
    Ok(())
}

/// Stores verified incidents into the open import transaction.
struct ImportSink<'t, 'a> {
    tx: &'t ImportTx<'a>,
    count: u64,
}

impl Sink for ImportSink<'_, '_> {
    fn incident(&mut self, rec: &IncidentRecord) -> Result<(), BundleError> {
        let json = serde_json::to_string(&rec.revisions).expect("revisions serialise");
        self.tx.add_incident(&rec.id, &json)?;
        self.count += 1;
        Ok(())
    }
}

fn sha256_file(p: &Path) -> CliResult<[u8; 32]> {
    use sha2::Digest;
    let mut f = open_input(p)?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().into())
}

pub fn import(ctx: &mut Ctx, a: ImportArgs) -> CliResult {
    if a.list {
        return import_list(ctx, a.json);
    }
    let file = a.file.clone().expect("clap requires FILE without --list");
    let sha = sha256_file(&file)?;
    let sha_hex = hex::encode(sha);
    let mut ids = load_identities(ctx, &a.key)?;
    let mut v = ctx.open()?;
    if let Some(when) = v.db.received_at(&sha_hex)? {
        eprintln!("{}", t!("bundle-import-already", when = when));
        return Ok(());
    }
    let opts = verify_options(&a.key);
    let received_at = now_utc(&ctx.now);
    let db: &mut Db = &mut v.db;
    let tx = db.import_begin(&sha_hex)?;
    let mut sink = ImportSink { tx: &tx, count: 0 };
    let mut cached = None;
    let verified = verify_file(ctx, &file, &mut ids, &mut cached, &opts, &mut sink, true)?;
    let count = sink.count;
    if verified.bundle_sha256 != sha {
        return Err(BundleError::Changed.into());
    }
    // A vault we received from before must still sign with the same key, unless the user
    // names the new key explicitly.
    let known = tx.known_signers(&verified.manifest.vault_id)?;
    receive::check_signer_continuity(&known, &verified.signer, a.key.signer.is_some())?;
    tx.finish(
        &verified.signer,
        &verified.manifest.vault_id,
        &verified.manifest.created,
        &received_at,
        &verified.manifest_text,
    )?;
    eprintln!(
        "{}",
        t!(
            "bundle-import-done",
            count = count as i64,
            signer = verified.signer.clone(),
            created = verified.manifest.created.clone()
        )
    );
    eprintln!("{}", t!("bundle-verify-compare-signer"));
    Ok(())
}

fn import_list(ctx: &mut Ctx, json: bool) -> CliResult {
    let v = ctx.open()?;
    let mut items: Vec<serde_json::Value> = vec![];
    let mut out = io::stdout().lock();
    let mut any = false;
    v.db.received_each(|r| {
        any = true;
        let revs: Vec<sandyk::model::Revision> =
            serde_json::from_str(&r.revisions).map_err(|_| sandyk::vault::db::DbError::Damaged)?;
        let current = revs
            .last()
            .and_then(|l| l.body.as_deref())
            .and_then(|b| serde_json::from_str::<sandyk::model::Incident>(b).ok());
        if json {
            items.push(serde_json::json!({
                "id": r.incident_id,
                "bundle_sha256": r.bundle_sha256,
                "signer": r.signer_fingerprint,
                "source_vault_id": r.source_vault_id,
                "exported_at": r.exported_at,
                "received_at": r.received_at,
                "current": current,
                "revisions": revs,
            }));
        } else {
            let title = current.as_ref().map(|c| line(&c.title)).unwrap_or_default();
            let _ = writeln!(
                out,
                "{}  {}  {}",
                r.incident_id,
                title,
                t!(
                    "bundle-import-list-from",
                    signer = r.signer_fingerprint,
                    exported = r.exported_at,
                    received = r.received_at,
                    revisions = revs.len() as i64
                )
            );
        }
        Ok(())
    })?;
    drop(out);
    if json {
        output::print_json(&items)?;
    } else if !any {
        eprintln!("{}", t!("bundle-import-none"));
    }
    Ok(())
}

/// RFC 3339 UTC to the second, as the vault stores times.
fn now_utc(now: &jiff::Zoned) -> String {
    now.timestamp()
        .round(jiff::Unit::Second)
        .unwrap_or(now.timestamp())
        .to_string()
}
