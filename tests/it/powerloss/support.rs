//! Running the real binary for the power-loss sweeps: a clean environment, a fixed clock
//! (`SANDYK_TEST_NOW`), passphrases on fd 3 through a pipe (never argv or env), and an
//! optional wrapper program (strace) in front of it.

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const PASS: &str = "power loss passphrase Токтогул ңөү";
pub const PASS2: &str = "second passphrase Чолпон өңү 2026";
pub const DURESS: &str = "duress passphrase Айгүл 911";
/// The fixed clock, the binary and the cheap KDF: the ones of the shared test support.
pub use crate::support::{bin, kdf_args, NOW};

/// A scratch HOME/TMPDIR for the runs (nothing in it matters).
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix("sandyk-powerloss-")
            .tempdir()
            .expect("tempdir");
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
        Scratch { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `[wrapper…] sandyk --vault VAULT [--passphrase-fd 3] ARGS…` with stdin bytes.
    pub fn run(
        &self,
        vault: &Path,
        wrapper: &[OsString],
        args: &[&str],
        secrets: &[&str],
        stdin: &[u8],
    ) -> Output {
        let mut c = if wrapper.is_empty() {
            Command::new(bin())
        } else {
            let mut c = Command::new(&wrapper[0]);
            c.args(&wrapper[1..]).arg(bin());
            c
        };
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path().join("home"))
            .env("TMPDIR", self.path().join("tmp"))
            .env("LANG", "C.UTF-8")
            .env("TZ", "Asia/Bishkek")
            .env("SANDYK_TEST_NOW", NOW)
            .arg("--vault")
            .arg(vault);
        let mut read_end = None;
        if !secrets.is_empty() {
            c.arg("--passphrase-fd").arg("3");
            let r = secrets_pipe(secrets);
            read_end = Some(r);
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
        c.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let spawned = c.spawn();
        if let Some(r) = read_end {
            // `spawn` returns once the child has exec'd (or failed to): it holds its own
            // copy of the read end as fd 3 now.
            // SAFETY: closing the descriptor `secrets_pipe` created for this run alone.
            unsafe { libc::close(r) };
        }
        let mut child = spawned.expect("spawn sandyk");
        {
            let mut i = child.stdin.take().unwrap();
            let _ = i.write_all(stdin);
        }
        child.wait_with_output().unwrap()
    }
}

/// A close-on-exec pipe already holding `secrets` (one per line); returns the read end.
fn secrets_pipe(secrets: &[&str]) -> i32 {
    let mut fds = [0i32; 2];
    // SAFETY: creating a pipe into a local array.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: we own the write end; it is closed when `w` drops.
    let mut w = unsafe { <std::fs::File as std::os::unix::io::FromRawFd>::from_raw_fd(fds[1]) };
    for s in secrets {
        writeln!(w, "{s}").unwrap();
    }
    fds[0]
}

pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
pub fn assert_ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what}: expected success, got {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        out(o),
        err(o)
    );
}
