//! Fault injection with strace: SIGKILL or an errno at the k-th call of a syscall, and the
//! list of fsync points of a command.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::vault::{assert_ok, bin, run_with_stdin, wrapped, Env};

/// strace arguments that deliver SIGKILL at the `k`-th call of any of `syscalls`.
pub fn kill_at(syscalls: &str, k: usize) -> Vec<OsString> {
    vec![
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        "/dev/null".into(),
        "-e".into(),
        format!("trace={syscalls}").into(),
        "-e".into(),
        format!("inject={syscalls}:signal=SIGKILL:when={k}").into(),
    ]
}

/// strace arguments that make the `k`-th call (or every call from the `k`-th, with `k+`)
/// of `syscalls` fail with `errno`.
pub fn fail_at(syscalls: &str, errno: &str, when: &str) -> Vec<OsString> {
    vec![
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        "/dev/null".into(),
        "-e".into(),
        format!("trace={syscalls}").into(),
        "-e".into(),
        format!("inject={syscalls}:error={errno}:when={when}").into(),
    ]
}

/// Why a failed fsync may be ignored by design (and so is not a silent success).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    /// Must surface as a failure: a file being committed (key-file temporary, SQLite
    /// journal or database), or the directory after a rename.
    Essential,
    /// SQLite's fsync of the directory after creating its journal: SQLite ignores its
    /// errors by design (os_unix.c, unixSync).
    SqliteDirSync,
    /// The best-effort scrub of a replaced (already unlinked) key file, after the commit.
    ScrubReplaced,
}

/// The fsync/fdatasync calls a command makes, in order, with the path of each descriptor
/// (strace -y) and its classification.
pub fn sync_points(
    e: &Env,
    args: &[&str],
    secrets: &[&str],
    stdin: &[u8],
) -> Vec<(String, SyncKind)> {
    let log = tempfile::NamedTempFile::new().unwrap();
    let pre: Vec<OsString> = vec![
        "-f".into(),
        "-qq".into(),
        "-y".into(),
        "-o".into(),
        log.path().into(),
        "-e".into(),
        "trace=fsync,fdatasync".into(),
    ];
    let o = run_with_stdin(wrapped(e, "strace", &pre, args, secrets), stdin);
    assert_ok(&o);
    let mut out: Vec<(String, SyncKind)> = vec![];
    for l in std::fs::read_to_string(log.path()).unwrap().lines() {
        let Some(open) = l.find('<') else { continue };
        if l.contains("resumed>") || !(l.contains("fsync(") || l.contains("fdatasync(")) {
            continue;
        }
        let rest = &l[open + 1..];
        let path = rest[..rest.find('>').unwrap_or(rest.len())].to_owned();
        let deleted = l.contains(">(deleted)");
        let is_dir = Path::new(&path).is_dir();
        let after_journal = out.last().is_some_and(|(p, _)| p.ends_with("-journal"));
        let kind = if deleted {
            SyncKind::ScrubReplaced
        } else if is_dir && after_journal {
            SyncKind::SqliteDirSync
        } else {
            SyncKind::Essential
        };
        out.push((path, kind));
    }
    out
}

/// The syscalls through which `panic` changes anything on disk.
pub const MUTATING: &[&str] = &[
    "write",
    "pwrite64",
    "fsync",
    "unlink",
    "unlinkat",
    "rename",
    "renameat2",
    "rmdir",
];

/// Run `sandyk ARGS` (against `vault_dir`, with no HOME and no secrets) under strace,
/// killed by SIGKILL at the `k`-th call of `syscall`. Returns the output; `killed(&o)`
/// tells whether the kill happened.
pub fn run_killed_at(vault_dir: &Path, args: &[&str], syscall: &str, k: usize) -> Output {
    Command::new("strace")
        .args(kill_at(syscall, k))
        .arg(bin())
        .arg("--vault")
        .arg(vault_dir)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .expect("strace")
}

/// Whether a run under strace ended by SIGKILL (strace re-raises it: no exit code, or 137).
pub fn killed(o: &Output) -> bool {
    use std::os::unix::process::ExitStatusExt;
    o.status.signal() == Some(9) || o.status.code() == Some(137)
}
