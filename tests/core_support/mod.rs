//! Helpers shared by the core test files (tests/core_*.rs), on top of tests/common.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::SystemTime;

use super::common::*;

/// A command running `program pre_args… sandyk --vault V args…` with the same clean
/// environment as `Env::cmd` and the secrets on fd 3 (one per line). Used to run the real
/// binary under `strace`.
pub fn wrapped_cmd(
    e: &Env,
    program: &str,
    pre_args: &[OsString],
    args: &[&str],
    secrets: &[&str],
) -> Command {
    std::fs::create_dir_all(e.home()).unwrap();
    std::fs::create_dir_all(e.tmp()).unwrap();
    let mut c = Command::new(program);
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", e.home())
        .env("TMPDIR", e.tmp())
        .env("LANG", "C.UTF-8")
        .env("TZ", "Asia/Bishkek")
        .env("SANDYK_TEST_NOW", NOW)
        .args(pre_args)
        .arg(bin())
        .arg("--vault")
        .arg(e.vault());
    if !secrets.is_empty() {
        c.arg("--passphrase-fd").arg("3");
        let r = secrets_pipe(secrets);
        // SAFETY: dup2/fcntl in the child before exec; async-signal-safe.
        unsafe {
            c.pre_exec(move || {
                let ok = if r == 3 {
                    libc::fcntl(3, libc::F_SETFD, 0)
                } else {
                    libc::dup2(r, 3)
                };
                if ok < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    c.args(args);
    c
}

/// A close-on-exec pipe holding `secrets` (one per line); returns the read end.
pub fn secrets_pipe(secrets: &[&str]) -> i32 {
    let mut fds = [0i32; 2];
    // SAFETY: creating a pipe into a local array.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: we own the write end.
    let mut w = unsafe { <std::fs::File as std::os::unix::io::FromRawFd>::from_raw_fd(fds[1]) };
    for s in secrets {
        writeln!(w, "{s}").unwrap();
    }
    fds[0]
}

/// Run a command with stdin bytes.
pub fn run_cmd(mut c: Command, stdin: &[u8]) -> Output {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    {
        let mut i = child.stdin.take().unwrap();
        let _ = i.write_all(stdin);
    }
    child.wait_with_output().unwrap()
}

/// `list --json` parsed, asserting success.
pub fn list_json(e: &Env, pass: &str) -> serde_json::Value {
    let o = e.run(&["list", "--json"], &[pass], b"");
    assert_ok(&o);
    serde_json::from_str(&stdout(&o)).expect("list --json prints JSON")
}

/// `check --json` parsed (whatever the exit code).
pub fn check_json(e: &Env, pass: &str) -> (Option<i32>, serde_json::Value) {
    let o = e.run(&["check", "--json"], &[pass], b"");
    let v = serde_json::from_str(&stdout(&o)).unwrap_or(serde_json::Value::Null);
    (o.status.code(), v)
}

#[track_caller]
pub fn assert_check_ok(e: &Env, pass: &str) -> serde_json::Value {
    let o = e.run(&["check", "--json"], &[pass], b"");
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["ok"], true, "{v}");
    v
}

/// Name → (bytes, mtime) of every file directly in `dir`.
pub fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let md = e.metadata().unwrap();
        if md.is_file() {
            m.insert(
                e.file_name().to_string_lossy().into_owned(),
                (std::fs::read(e.path()).unwrap(), md.modified().unwrap()),
            );
        }
    }
    m
}

/// The names of the files in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Fail with a clear message when a tool the test needs is missing (never pass silently).
pub fn require_tool(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for d in std::env::split_paths(&path) {
        let p = d.join(name);
        if p.is_file() {
            return p;
        }
    }
    panic!("this test needs `{name}` on PATH (Debian: apt-get install {name}); CI installs it");
}

/// Copy every file of `from` into the (new) directory `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Open the vault through the library.
pub fn open_lib(dir: &Path, pass: &str) -> sandyk::vault::Vault {
    use sandyk::vault::{locate, Opened};
    let secret = sandyk::crypto::secret::Secret::from_str(pass);
    match locate(dir)
        .expect("locate")
        .unlock(&secret, None)
        .expect("unlock")
    {
        Opened::Vault(v) => v,
        Opened::Duress(_) => panic!("unexpected duress unlock"),
    }
}

/// The incident JSON used by several tests.
pub fn incident(title: &str, occurred: &str, category: &str) -> String {
    serde_json::json!({"title": title, "occurred": occurred, "category": category}).to_string()
}
