//! Evidence bundles: `contact`, `keygen`, `export`, `log`, `bundle verify|open|signer`,
//! `import`, one file each; their arguments and the helpers they share are here.
//! See docs/bundle.md.

mod contact;
mod export;
mod import;
mod keygen;
mod log;
mod open;

pub use contact::contact;
pub use export::export;
pub use import::import;
pub use keygen::keygen;
pub use log::log;
pub use open::bundle;

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
use sandyk::agekeys::IdentityFault;
use sandyk::bundle::card;
use sandyk::bundle::reader::{self, Keys, NoSink, Sink, Verified, VerifyOptions};
use sandyk::bundle::receive::{self, Pass, Sender};
use sandyk::bundle::recipient::{self, Recipient, RecipientKind};
use sandyk::bundle::records::IncidentRecord;
use sandyk::bundle::sign::Signer;
use sandyk::bundle::writer::{self, AttachmentChoices, Encryption, ExportRequest, SendAs};
use sandyk::bundle::{export_log, limits, BundleError, Progress};
use sandyk::fsio::{self, Output, OutputMode};
use sandyk::vault::attachments::AttachmentRow;
use sandyk::vault::bundles::ImportTx;
use sandyk::vault::db::Db;

// ---------------------------------------------------------------- arguments

#[derive(Debug, Subcommand)]
pub enum ContactCmd {
    /// Add a contact from their contact card (`sandyk contact card` on their side; read from
    /// --card FILE, or from stdin), or from a bare recipient (an age recipient `age1…`, or an
    /// SSH public key in quotes: "ssh-ed25519 AAAA…"). A card's signing key makes bundles
    /// signed by it show as "from NAME"; bundles signed by other keys are refused (exit 7).
    /// Shows the fingerprints: compare them with the person over a trusted channel (in
    /// person, by phone).
    Add {
        /// A name for the contact (not starting with `age1`, `ssh-` or `-`).
        name: String,
        /// A bare recipient (instead of a card).
        recipient: Option<String>,
        /// The contact card file (`-` for stdin, the default without RECIPIENT).
        #[arg(long, value_name = "FILE", conflicts_with = "recipient")]
        card: Option<PathBuf>,
        /// Replace the contact of that name (its old keys are no longer trusted).
        #[arg(long)]
        replace: bool,
    },
    /// Print your contact card: your signing key (the one `bundle signer` shows) and, with
    /// --recipient, the age recipient bundles for you go to (from `sandyk keygen`). Give it to
    /// the other person; they add it with `sandyk contact add NAME --card FILE`.
    Card {
        /// Your recipient (age1… from `sandyk keygen`, or an SSH public key).
        #[arg(long, value_name = "RECIPIENT")]
        recipient: Option<String>,
        /// The name the card suggests for you.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Also draw the card as a QR code (for the other person's phone to read).
        #[arg(long)]
        qr: bool,
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
    /// How one attachment leaves: `ID/N=working` (the metadata-free copy), `ID/N=original`
    /// (untouched, with all its metadata: GPS, device, times) or `ID/N=omit` (left out; the
    /// bundle says so). `ID=…` sets it for all of an incident's attachments. Repeatable.
    /// On a terminal, attachments without a choice are asked about one by one.
    #[arg(long = "attachment", value_name = "ID/N=working|original|omit")]
    pub attachment: Vec<String>,
    /// How attachments without their own --attachment leave: working, original or omit.
    /// Without it, each goes as its working copy; one that has none refuses the export
    /// until a choice is made (or is asked about, on a terminal).
    #[arg(long = "attachments", value_name = "working|original|omit")]
    pub attachments: Option<String>,
    /// Send every attachment as its untouched original (same as --attachments original).
    #[arg(long, conflicts_with = "attachments")]
    pub originals: bool,
    /// Include your statement ("I made these notes at the time…") in the signed bundle,
    /// read from standard input (on a terminal: type it, then Ctrl-D). It is shown at the
    /// top of report.html and by `bundle verify` and `import`.
    #[arg(long)]
    pub statement: bool,
    /// Who makes the statement (your name as it should appear).
    #[arg(long, value_name = "NAME", requires = "statement")]
    pub by: Option<String>,
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
    /// Accept a bundle signed by this key, and only by it: its fingerprint as the sender's
    /// `sandyk bundle signer` shows it (`SHA256:…`, or the eight groups of four), compared
    /// with them over a trusted channel. Without it, only contacts' keys are accepted
    /// (exit 7 for any other key).
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
    /// With --signer: remember the key as this contact's signing key (replacing the key the
    /// contact had, which is then no longer trusted). Without it a pinned key is kept as a
    /// contact named `key-` and its first eight digits.
    #[arg(long = "as", value_name = "NAME", requires = "signer")]
    pub as_name: Option<String>,
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
    let shown = || line(&p.display().to_string());
    if p.is_dir() {
        // Opening a directory succeeds; reading it failed with "input/output error: it is a
        // directory" and a hint about the disk.
        return Err(
            CliError::usage(t!("err-input-is-dir", path = shown())).hint(t!("hint-input-file"))
        );
    }
    File::open(p).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => {
            CliError::new(Exit::NotFound, t!("err-bundle-no-file", path = shown()))
                .hint(t!("hint-input-file"))
        }
        _ => io_error(&e),
    })
}

// ---------------------------------------------------------------- progress

use super::progress::TerminalProgress as Bar;
use sandyk::progress::ProgressReader;

// ---------------------------------------------------------------- contacts

fn read_key_file(p: &Path) -> CliResult<Zeroizing<Vec<u8>>> {
    let mut f = open_input(p)?;
    let mut buf = Zeroizing::new(Vec::with_capacity(8192));
    (&mut f).take(limits::KEY_FILE + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limits::KEY_FILE {
        return Err(CliError::usage(t!(
            "err-bundle-identity",
            detail = t!("err-detail-file-too-large")
        ))
        .hint(t!("hint-bundle-identity")));
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
    // First of all: a `--signer` that cannot be a fingerprint is a slip (exit 2), not a
    // bundle from someone else.
    if let Some(pin) = k.signer.as_deref() {
        if !sandyk::bundle::card::pin_is_well_formed(pin) {
            return Err(CliError::usage(t!(
                "err-signer-malformed",
                signer = line(&pin.chars().take(80).collect::<String>())
            ))
            .hint(t!("hint-signer-malformed")));
        }
    }
    let Some(p) = &k.identity else {
        return Ok(None);
    };
    let bytes = read_key_file(p)?;
    let mut err: Option<CliError> = None;
    let secrets = &mut ctx.secrets;
    let r = recipient::load_identities(&bytes, &mut || match secrets
        .read(&t!("prompt-bundle-ssh-key-passphrase"))
        .and_then(|s| secret_string(&s))
    {
        Ok(s) => Ok(s),
        Err(e) => {
            err = Some(e);
            Err(BundleError::Identity(IdentityFault::NoPassphrase))
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    Ok(Some(r?))
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
                Err(BundleError::Identity(IdentityFault::NoPassphrase))
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

/// The signer is decided after verification (`receive::decide_signer`), not by the reader.
fn verify_options(_k: &KeyArgs) -> VerifyOptions {
    VerifyOptions {
        expected_signer: None,
    }
}

/// The vault whose contacts decide who signed, for `bundle verify|open` without --signer:
/// none if there is no vault here (then every signer is unknown).
fn contacts_vault(ctx: &mut Ctx, k: &KeyArgs) -> CliResult<Option<sandyk::vault::Vault>> {
    if k.signer.is_some() || sandyk::vault::locate(&ctx.vault_dir).is_err() {
        return Ok(None);
    }
    Ok(Some(ctx.open()?))
}

/// Who signed `v`: a contact of `vault`, the key pinned with --signer, or exit 7.
fn decide_sender(
    vault: Option<&sandyk::vault::Vault>,
    v: &Verified,
    k: &KeyArgs,
) -> CliResult<Sender> {
    let contact = match vault {
        Some(vault) => {
            if !vault.decoy
                && k.signer.is_none()
                && Signer::of_vault(&vault.db).is_ok_and(|s| s.fingerprint() == v.signer)
            {
                return Ok(Sender::Own);
            }
            vault.db.contact_by_signer(&v.signer)?.map(|c| c.name)
        }
        None => None,
    };
    Ok(receive::decide_signer(
        &v.signer_key,
        contact.as_deref(),
        k.signer.as_deref(),
    )?)
}

/// The line that names the sender.
fn sender_line(v: &Verified, s: &Sender) -> String {
    let readable = card::readable(&v.signer_key);
    match s {
        Sender::Contact(name) => t!("bundle-verify-from", name = line(name), readable = readable),
        Sender::Pinned => t!("bundle-verify-pinned", readable = readable),
        Sender::Own => t!("bundle-verify-own", readable = readable),
    }
}

fn verdict_json(v: &Verified, s: &Sender) -> serde_json::Value {
    let m = v.manifest();
    serde_json::json!({
        "ok": true,
        "from": match s { Sender::Contact(n) => Some(n.as_str()), _ => None },
        "pinned": matches!(s, Sender::Pinned),
        "own": matches!(s, Sender::Own),
        "signer": v.signer,
        "signer_fingerprint": card::readable(&v.signer_key),
        "created": m.created,
        "vault_id": m.vault_id,
        "incident_count": m.incident_count,
        "incidents": m.incident_ids,
        "revisions": v.revisions,
        "chain_head": { "seq": m.chain_seq, "hash": m.chain_hash },
        "files": m.files,
        "attachments": m.attachments,
        "left_out": m.left_out,
        "statement": m.statement,
        "bundle_sha256": hex::encode(v.bundle_sha256),
        "bundle_bytes": v.bundle_bytes,
        "passphrase": v.passphrase,
    })
}

/// Which copy of an attachment a bundle carries, in the reader's language (the manifest's
/// `original` / `working`; anything else as it is, sanitized).
fn copy_label(copy: &str) -> String {
    match copy {
        sandyk::bundle::manifest::COPY_ORIGINAL => t!("bundle-report-att-original"),
        sandyk::bundle::manifest::COPY_WORKING => t!("bundle-report-att-working"),
        other => other.to_owned(),
    }
}

/// The defender's statement as a receiver is shown it (sanitized: it is the sender's
/// text): who, when, then its lines indented. Empty without one.
pub(crate) fn statement_lines(m: &sandyk::bundle::manifest::Shown) -> Vec<String> {
    let Some(st) = &m.statement else {
        return vec![];
    };
    let mut out = vec![t!(
        "bundle-verify-statement",
        by = st.by.sanitized(),
        at = output::recorded(&st.at.sanitized())
    )];
    out.extend(
        st.text
            .sanitized_multiline()
            .lines()
            .map(|l| format!("    {l}")),
    );
    out
}

fn print_verdict(v: &Verified, s: &Sender) -> CliResult {
    // Everything shown from the manifest is untrusted text: only its sanitized form prints.
    let m = v.manifest();
    let mut out = io::stdout().lock();
    writeln!(out, "{}", t!("bundle-verify-ok"))?;
    writeln!(out, "{}", sender_line(v, s))?;
    writeln!(
        out,
        "{}",
        t!("bundle-verify-signer", signer = line(&v.signer))
    )?;
    writeln!(
        out,
        "{}",
        t!(
            "bundle-verify-summary",
            created = output::recorded(&m.created.sanitized()),
            vault = m.vault_id.sanitized(),
            count = m.incident_ids.len() as i64,
            revisions = v.revisions as i64,
            seq = m.chain_seq.to_string()
        )
    )?;
    writeln!(
        out,
        "{}",
        t!(
            "bundle-verify-incidents",
            ids = m
                .incident_ids
                .iter()
                .map(|i| i.sanitized())
                .collect::<Vec<_>>()
                .join(" ")
        )
    )?;
    for l in statement_lines(&m) {
        writeln!(out, "{l}")?;
    }
    for a in &m.attachments {
        writeln!(
            out,
            "{}",
            t!(
                "bundle-verify-attachment",
                path = a.path.sanitized(),
                copy = copy_label(&a.copy.sanitized()),
                sha256 = a.sha256.sanitized(),
                original = a.original_sha256.sanitized()
            )
        )?;
        if let Some(n) = &a.name {
            writeln!(
                out,
                "    {}",
                t!("bundle-verify-attachment-name", name = n.sanitized())
            )?;
        }
    }
    if !m.left_out.is_empty() {
        writeln!(
            out,
            "{}",
            t!("bundle-verify-left-out", count = m.left_out.len() as i64)
        )?;
        for a in &m.left_out {
            writeln!(
                out,
                "    {}/{}  {}  {}",
                a.incident.sanitized(),
                a.n,
                a.name.sanitized(),
                sandyk::attach::human_size(a.size)
            )?;
        }
    }
    writeln!(
        out,
        "{}",
        t!("bundle-sha256", sha = hex::encode(v.bundle_sha256))
    )?;
    Ok(())
}
