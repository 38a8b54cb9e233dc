//! Confinement of the whole process (issue 17): the per-command policy, applied once by
//! `run` after the arguments are parsed and the vault directory is known, before any secret or
//! untrusted input is read. The library does the work (`sandyk::sandbox`, Landlock and a
//! seccomp-bpf allow-list); this module decides which paths each command may touch.
//! docs/sandbox.md has the policy per command and the limits.
//!
//! Let `V` be the vault directory and `P` its parent:
//! - every command that unlocks the vault gets `V` read-write-create and `P`
//!   list-and-remove-directories (a duress passphrase typed into any of them may destroy the
//!   vault, which ends with removing `V` and fsyncing `P`);
//! - files the command reads (attachments, bundles, identities, recipients files) are
//!   read-only, each file alone;
//! - outputs (`export -o`, `attachment extract -o`, `keygen -o`) get their parent directory
//!   read-write-create (the output is written as an anonymous file linked in when complete);
//! - directories a command creates (`init`'s vault, `bundle open -o DIR`, `man --out-dir`) are
//!   created here before confining, and removed again if they are still empty when the
//!   command fails, so that a failure leaves nothing.
//!
//! `panic` and `wipe` are never blocked: if confinement fails, they go on unconfined.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use sandyk::sandbox::{self, PathAccess, Policy, Status};

use super::attach::AttachmentCmd;
use super::bundle::{BundleCmd, ContactCmd, KeyArgs};
use super::{CliError, CliResult, Command};
use crate::t;

/// What the binary does about confinement for one command.
#[derive(Debug)]
pub struct Plan {
    rules: Vec<(PathBuf, PathAccess)>,
    /// Directories to create before confining (each with its missing ancestors).
    create: Vec<PathBuf>,
    /// `panic` and `wipe`: go on unconfined if confinement fails.
    never_block: bool,
    /// Why this command runs unconfined (`panic`/`wipe` of a symlinked vault directory).
    skip: Option<&'static str>,
    /// The vault directory, and what the command writes (outputs, created directories) and
    /// stores (attached files): none of them may lie in the vault ([`Plan::check_paths`]).
    vault_dir: Option<PathBuf>,
    writes: Vec<PathBuf>,
    stores: Vec<PathBuf>,
}

/// What confinement did, kept for `--verbose` and for cleaning up after a failed command.
#[derive(Debug)]
pub struct Confined {
    /// The status in force, or why confinement failed (only for `panic`/`wipe`, which go on).
    pub status: Result<Status, String>,
    /// The sandbox crate's own words for a failure (`--verbose` only).
    detail: Option<String>,
    /// Directories created before confining, outermost first.
    created: Vec<PathBuf>,
}

impl Plan {
    fn new() -> Plan {
        Plan {
            rules: vec![],
            create: vec![],
            never_block: false,
            skip: None,
            vault_dir: None,
            writes: vec![],
            stores: vec![],
        }
    }

    /// Refuse, before anything is created or read, a path the command would write that lies
    /// in the vault directory, and a file it would attach that is in the vault directory or
    /// is one of the vault's files under another name (a hard or symbolic link). Found by an
    /// adversarial probe: `report -o …/sandyk.key --force` wrote the plaintext report over
    /// the key file (the vault lost, exit 0), `attachment extract -o …/sandyk.db --force`
    /// over the database, and `attach ID …/sandyk.key` stored the key file (and so put it in
    /// bundles). A plaintext output next to the vault would also survive `panic`, which
    /// leaves a directory holding files not its own.
    pub fn check_paths(&self) -> CliResult {
        let Some(v) = &self.vault_dir else {
            return Ok(());
        };
        // Nothing to look at for most commands (and `panic` does no extra work).
        if self.writes.is_empty() && self.stores.is_empty() {
            return Ok(());
        }
        let vault = resolved(v);
        let shown = |p: &Path| super::output::line(&p.display().to_string());
        for w in &self.writes {
            if w.as_os_str() != "-" && resolved(w).starts_with(&vault) {
                return Err(CliError::usage(t!(
                    "err-output-in-vault",
                    path = shown(w),
                    vault = shown(v)
                ))
                .hint(t!("hint-output-in-vault", vault = shown(v))));
            }
        }
        let paths = sandyk::vault::VaultPaths::new(v);
        let own: Vec<(u64, u64)> = [&paths.keyfile, &paths.db, &paths.journal]
            .iter()
            .filter_map(|p| fs::metadata(p).ok())
            .map(|m| (m.dev(), m.ino()))
            .collect();
        for f in &self.stores {
            let linked = fs::metadata(f).is_ok_and(|m| own.contains(&(m.dev(), m.ino())));
            if linked || resolved(f).starts_with(&vault) {
                return Err(CliError::usage(t!(
                    "err-attach-from-vault",
                    path = shown(f),
                    vault = shown(v)
                ))
                .hint(t!("hint-attach-from-vault")));
            }
        }
        Ok(())
    }

    fn allow(&mut self, path: impl Into<PathBuf>, access: PathAccess) {
        self.rules.push((path.into(), access));
    }

    fn read_only<'a>(&mut self, paths: impl IntoIterator<Item = &'a PathBuf>) {
        for p in paths {
            self.allow(p, PathAccess::ReadOnly);
        }
    }

    /// The vault and what destroying it needs (see the module documentation).
    fn vault(&mut self, v: &Path) {
        self.vault_dir = Some(v.to_path_buf());
        self.allow(v, PathAccess::ReadWriteCreate);
        self.allow(parent_of(v), PathAccess::ListAndRemoveDirs);
        // A vault directory that is a symlink: the wipe removes the real directory too.
        if let Ok(real) = fs::canonicalize(v) {
            if real != v {
                self.allow(parent_of(&real), PathAccess::ListAndRemoveDirs);
            }
        }
    }

    /// An output file (`-`: standard output, nothing to allow): its directory
    /// read-write-create.
    fn output(&mut self, out: &Path) {
        self.writes.push(out.to_path_buf());
        if out.as_os_str() != "-" {
            self.allow(parent_of(out), PathAccess::ReadWriteCreate);
        }
    }

    /// A directory the command creates: made before confining, then read-write-create.
    fn created_dir(&mut self, dir: &Path) {
        self.create.push(dir.to_path_buf());
        self.allow(dir, PathAccess::ReadWriteCreate);
    }

    fn identity(&mut self, k: &KeyArgs) {
        self.read_only(k.identity.iter());
    }
}

/// `p` as the kernel will resolve it: absolute, its deepest existing ancestor with every
/// symbolic link and `..` resolved, the components that do not exist yet appended.
fn resolved(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut base = abs.as_path();
    let mut rest = vec![];
    loop {
        if let Ok(real) = fs::canonicalize(base) {
            return rest.iter().rev().fold(real, |acc, n| acc.join(n));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                base = parent;
            }
            // `..` after a missing directory: the kernel will not find it either.
            _ => return abs.clone(),
        }
    }
}

/// The directory a relative or absolute path lives in (`.` for a bare name).
fn parent_of(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The policy of each command (docs/sandbox.md, "Per-command policy").
pub fn plan(cmd: &Command, v: &Path) -> Plan {
    let mut p = Plan::new();
    match cmd {
        Command::Init(_) => {
            // The vault directory is made here; `init` finds it empty. Removing it again after
            // a failure needs its parent (as for the duress wipe).
            p.created_dir(v);
            p.vault(v);
        }
        Command::Add(a) => {
            p.vault(v);
            p.read_only(a.attach.iter());
            p.stores.extend(a.attach.iter().cloned());
        }
        Command::Attach(a) => {
            p.vault(v);
            p.read_only(a.files.iter());
            p.stores.extend(a.files.iter().cloned());
        }
        Command::Attachment(AttachmentCmd::Extract(a)) => {
            p.vault(v);
            p.output(&a.output);
        }
        Command::Export(a) => {
            p.vault(v);
            p.read_only(a.to_file.iter());
            p.output(&a.output);
        }
        Command::Report(a) => {
            p.vault(v);
            p.output(&a.output);
        }
        Command::Import(a) => {
            p.vault(v);
            p.read_only(a.file.iter());
            p.identity(&a.key);
        }
        Command::Keygen(a) => {
            // Not a vault command, but an identity (a secret) must not land in the vault
            // directory either.
            p.vault_dir = Some(v.to_path_buf());
            if let Some(o) = &a.output {
                p.output(o);
            }
        }
        // Without --signer, verify and open read the address book of the vault (if there is
        // one) to name the sender; unlocking it can meet the duress passphrase, so the vault
        // gets the same rights as for every command that unlocks it.
        Command::Bundle(BundleCmd::Verify(a)) => {
            p.vault(v);
            p.read_only([&a.file]);
            p.identity(&a.key);
        }
        Command::Bundle(BundleCmd::Open(a)) => {
            p.vault(v);
            p.read_only([&a.file]);
            p.identity(&a.key);
            p.writes.push(a.output.clone());
            p.created_dir(&a.output);
        }
        Command::Contact(ContactCmd::Add {
            card: Some(card), ..
        }) if card.as_os_str() != "-" => {
            p.vault(v);
            p.read_only([card]);
        }
        Command::Bundle(BundleCmd::Signer(_)) => p.vault(v),
        Command::Unseal(a) => {
            p.vault(v);
            p.read_only([&a.identity]);
        }
        Command::Panic(_) | Command::Wipe(_) => {
            p.vault(v);
            p.never_block = true;
            // Removing the symlink itself is removing a file in the parent, which no policy
            // grants short of the whole parent: these two read nothing untrusted and no
            // secret, so they run unconfined rather than leave the link behind.
            if fs::symlink_metadata(v).is_ok_and(|m| m.file_type().is_symlink()) {
                p.skip = Some("the vault directory is a symbolic link");
            }
            // A key file or database linked to another device (a USB stick): panic must
            // overwrite the real file there, outside the vault directory (docs/emergency.md).
            let linked = |name: &str| {
                fs::symlink_metadata(v.join(name)).is_ok_and(|m| m.file_type().is_symlink())
            };
            if linked("sandyk.key") || linked("sandyk.db") {
                p.skip = Some("the key file or database is a symbolic link");
            }
        }
        Command::Passphrase(_)
        | Command::List(_)
        | Command::Show(_)
        | Command::Search(_)
        | Command::Amend(_)
        | Command::Delete(_)
        | Command::Attachment(AttachmentCmd::Delete(_))
        | Command::History(_)
        | Command::Attachments(_)
        | Command::Log(_)
        | Command::Contact(_)
        | Command::Check(_)
        | Command::RecoveryKey(_)
        | Command::Category(_)
        | Command::Seal(_)
        | Command::Duress(_)
        | Command::Entities(_)
        | Command::Stats(_) => p.vault(v),
        Command::Completions(_) => {}
        Command::Man(a) => {
            if let Some(d) = &a.out_dir {
                p.created_dir(d);
            }
        }
    }
    p
}

/// Make `dir` and its missing ancestors; returns those it made, outermost first. Nothing is
/// made for a path that exists in any form (the command then reports it as it always did).
fn make_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut missing = vec![];
    let mut d = dir.to_path_buf();
    while fs::symlink_metadata(&d).is_err() {
        missing.push(d.clone());
        match d.parent() {
            Some(p) if !p.as_os_str().is_empty() => d = p.to_path_buf(),
            _ => break,
        }
    }
    let mut made = vec![];
    for m in missing.into_iter().rev() {
        // umask 077 (harden_process): the directories are private, as the commands make them.
        if fs::create_dir(&m).is_err() {
            break;
        }
        made.push(m);
    }
    if let Some(first) = made.first() {
        // The new directory must survive a crash once the command says it is done.
        if let Err(e) = sandyk::fsio::fsync_dir(&parent_of(first)) {
            remove_empty(&made);
            return Err(e);
        }
    }
    Ok(made)
}

/// Whether the kernel can put a rule on `p`: it exists and can be opened with `O_PATH`. A path
/// that cannot (a missing file, a directory without search permission) is left out of the
/// policy: the command then meets the same error where it always did and reports it in its
/// own words, rather than a sandbox error.
fn usable(p: &Path) -> bool {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_PATH | libc::O_CLOEXEC)
        .open(p)
        .is_ok()
}

/// Create what the plan creates, then confine the process for the rest of its life.
/// Fails (with a hint) only if the kernel refused a policy it should accept; `panic` and
/// `wipe` never fail here.
pub fn confine(plan: Plan) -> CliResult<Confined> {
    let mut created = vec![];
    for d in &plan.create {
        match make_dirs(d) {
            Ok(made) => created.extend(made),
            Err(e) => {
                remove_empty(&created);
                return Err(e.into());
            }
        }
    }
    // The parent of the outermost directory made here: removing it again after a failure.
    let mut rules = plan.rules;
    if let Some(first) = created.first() {
        rules.push((parent_of(first), PathAccess::ListAndRemoveDirs));
    }
    let mut policy = Policy::new();
    for (path, access) in rules {
        if usable(&path) {
            policy = policy.allow(path, access);
        }
    }
    let mut detail = None;
    let status = if let Some(why) = plan.skip {
        Err(why.to_owned())
    } else if test_hooks::disabled() {
        Err("disabled for a benchmark (test builds only)".to_owned())
    } else if test_hooks::fail() {
        Err("made to fail by a test (test builds only)".to_owned())
    } else {
        sandbox::confine(&policy).map_err(|e| {
            let (reason, d) = super::error::sandbox_error(&e);
            detail = d;
            reason
        })
    };
    match status {
        Err(reason) if !plan.never_block && !test_hooks::disabled() => {
            remove_empty(&created);
            let e = CliError::failure(t!("err-sandbox", reason = reason)).hint(t!("hint-sandbox"));
            Err(match detail {
                Some(d) => e.detail(d),
                None => e,
            })
        }
        status => Ok(Confined {
            status,
            detail,
            created,
        }),
    }
}

impl Confined {
    /// `--verbose`: say once on stderr what is in force (and what is not).
    pub fn report(&self) {
        match &self.status {
            Ok(s) => {
                eprintln!("sandyk: {}", t!("sandbox-status", status = status_text(s)));
                if !s.missing_paths.is_empty() {
                    let paths: Vec<String> = s
                        .missing_paths
                        .iter()
                        .map(|p| super::output::line(&p.display().to_string()))
                        .collect();
                    eprintln!(
                        "sandyk: {}",
                        t!("sandbox-missing", paths = paths.join(", "))
                    );
                }
            }
            Err(reason) => {
                eprintln!(
                    "sandyk: {}: {}",
                    t!("warning"),
                    t!("warn-sandbox-unconfined", reason = reason.clone())
                );
                if let Some(d) = &self.detail {
                    eprintln!("{}: {}", t!("detail"), super::output::line(d));
                }
            }
        }
    }

    /// After the command: if it failed, remove the directories made for it that are still
    /// empty (a failed `init` or `bundle open` leaves nothing).
    pub fn finish(&self, result: &CliResult) {
        if result.is_err() {
            remove_empty(&self.created);
        }
    }
}

/// Remove `dirs` (outermost first) innermost first, as long as they are empty.
fn remove_empty(dirs: &[PathBuf]) {
    let mut removed = None;
    for d in dirs.iter().rev() {
        if fs::remove_dir(d).is_err() {
            break;
        }
        removed = Some(d);
    }
    if let Some(d) = removed {
        let _ = sandyk::fsio::fsync_dir(&parent_of(d));
    }
}

/// What is in force, in the user's language (the library's `Display` is English, for logs
/// and tests). A reason the kernel gave stays as it was.
fn status_text(s: &Status) -> String {
    use sandbox::{LandlockState, SeccompState};
    let landlock = match &s.landlock {
        LandlockState::Enforced { abi, full } => t!(
            if *full {
                "sandbox-landlock-full"
            } else {
                "sandbox-landlock-partial"
            },
            abi = *abi as i64
        ),
        LandlockState::NotEnforced { reason } => {
            t!("sandbox-landlock-off", reason = super::output::line(reason))
        }
    };
    let seccomp = match &s.seccomp {
        SeccompState::On { syscalls } => t!("sandbox-seccomp-on", count = *syscalls as i64),
        SeccompState::Off { reason } => {
            t!("sandbox-seccomp-off", reason = super::output::line(reason))
        }
    };
    format!("{landlock}, {seccomp}")
}

/// `--version`: confine with the program's own needs only, so that the line says what a
/// command would really get on this kernel.
pub fn version_line() -> String {
    let status = match sandbox::confine(&Policy::new()) {
        Ok(s) => status_text(&s),
        Err(e) => super::error::sandbox_error(&e).0,
    };
    t!("sandbox-status", status = status)
}

/// Test-only hooks (debug builds with the `insecure-test-kdf` feature; never in a release
/// build): a probe run inside the confined process, a forced failure, and a switch for the
/// paired benchmark (scripts/bench-sandbox).
pub mod test_hooks {
    #[cfg(all(debug_assertions, feature = "insecure-test-kdf"))]
    fn var(name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    #[cfg(not(all(debug_assertions, feature = "insecure-test-kdf")))]
    fn var(_: &str) -> Option<String> {
        None
    }

    /// `SANDYK_TEST_NO_SANDBOX`: do not confine (the baseline of the benchmark).
    pub fn disabled() -> bool {
        var("SANDYK_TEST_NO_SANDBOX").is_some()
    }

    /// `SANDYK_TEST_SANDBOX_FAIL`: act as if `confine` had failed.
    pub fn fail() -> bool {
        var("SANDYK_TEST_SANDBOX_FAIL").is_some()
    }

    /// `SANDYK_TEST_SANDBOX_PROBE=SPEC`: after confining, run the probes instead of the
    /// command and exit. SPEC is `;`-separated `read=PATH` (open and read a file),
    /// `write=PATH` (create a new file and write to it), `append=PATH` (open an existing file
    /// for writing), `list=DIR`. Then, always: a TCP and a UDP socket over IPv4 and IPv6, a
    /// UNIX socket, and last `execve("/bin/true")`. One line per probe on stdout:
    /// `PROBE ok` or `PROBE denied <errno>`.
    pub fn probe() -> Option<String> {
        var("SANDYK_TEST_SANDBOX_PROBE")
    }

    /// Not compiled into other builds ([`probe`] is always `None` there).
    #[cfg(not(all(debug_assertions, feature = "insecure-test-kdf")))]
    pub fn run_probe(_: &str) -> ! {
        std::process::exit(2)
    }

    #[cfg(all(debug_assertions, feature = "insecure-test-kdf"))]
    pub fn run_probe(spec: &str) -> ! {
        use std::io::{Read, Write};
        let mut out = String::new();
        let mut ram = String::new();
        let mut say = |name: &str, r: std::io::Result<()>| {
            out.push_str(&match r {
                Ok(()) => format!("{name} ok\n"),
                Err(e) => format!("{name} denied {}\n", e.raw_os_error().unwrap_or(0)),
            });
        };
        for item in spec.split(';').filter(|s| !s.is_empty()) {
            if item == "ram" {
                // What the KDF's RAM cap reads, confined (`ram KIB` or `ram unknown`).
                ram.push_str(&match sandyk::crypto::kdf::physical_ram_kib() {
                    Some(k) => format!("ram {k}\n"),
                    None => "ram unknown\n".to_owned(),
                });
                continue;
            }
            let (op, path) = item.split_once('=').unwrap_or((item, ""));
            let r = match op {
                "read" => std::fs::File::open(path).and_then(|mut f| {
                    let mut b = vec![];
                    f.read_to_end(&mut b).map(|_| ())
                }),
                "write" => std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)
                    .and_then(|mut f| f.write_all(b"probe")),
                "append" => std::fs::OpenOptions::new()
                    .append(true)
                    .open(path)
                    .and_then(|mut f| f.write_all(b"probe")),
                "list" => std::fs::read_dir(path).map(|_| ()),
                _ => Err(std::io::Error::from_raw_os_error(libc::EINVAL)),
            };
            say(item, r);
        }
        for (name, family, kind) in [
            ("socket=tcp4", libc::AF_INET, libc::SOCK_STREAM),
            ("socket=udp4", libc::AF_INET, libc::SOCK_DGRAM),
            ("socket=tcp6", libc::AF_INET6, libc::SOCK_STREAM),
            ("socket=udp6", libc::AF_INET6, libc::SOCK_DGRAM),
            ("socket=unix", libc::AF_UNIX, libc::SOCK_STREAM),
        ] {
            // SAFETY: plain system calls; the descriptor is closed if one is made.
            let fd = unsafe { libc::socket(family, kind | libc::SOCK_CLOEXEC, 0) };
            let r = if fd >= 0 {
                unsafe { libc::close(fd) };
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            };
            say(name, r);
        }
        let mut stdout = std::io::stdout();
        let _ = stdout.write_all(ram.as_bytes());
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.flush();
        // Last: if this worked, the process would become /bin/true and the line below (which
        // the test looks for) would never be printed.
        let prog = c"/bin/true";
        let argv = [prog.as_ptr(), std::ptr::null()];
        // SAFETY: NUL-terminated program and argument vector.
        unsafe { libc::execv(prog.as_ptr(), argv.as_ptr()) };
        let e = std::io::Error::last_os_error();
        let _ = writeln!(
            stdout,
            "exec=/bin/true denied {}",
            e.raw_os_error().unwrap_or(0)
        );
        let _ = stdout.flush();
        std::process::exit(0)
    }
}
