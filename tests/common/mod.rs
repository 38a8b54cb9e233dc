//! Shared helpers for CLI tests: a temporary vault, the real binary, passphrases on fd 3,
//! a clean environment and a fixed clock.
#![allow(dead_code)]

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PASS: &str = "test passphrase Токтогул ңөү";
/// The fixed "now" the binary sees (debug builds only honour it).
pub const NOW: &str = "2026-11-28T12:00:00+06:00[Asia/Bishkek]";

/// Cheap KDF parameters: the test-only floor when the `insecure-test-kdf` feature is on,
/// otherwise the real floor (64 MiB, 3 passes).
pub fn kdf_args() -> Vec<&'static str> {
    if cfg!(feature = "insecure-test-kdf") {
        vec![
            "--kdf-memory",
            "1",
            "--kdf-time",
            "1",
            "--kdf-parallelism",
            "1",
        ]
    } else {
        vec![
            "--kdf-memory",
            "64",
            "--kdf-time",
            "3",
            "--kdf-parallelism",
            "1",
        ]
    }
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sandyk"))
}

/// A temporary home with HOME, TMPDIR and the vault inside it.
pub struct Env {
    pub root: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            root: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    pub fn tmp(&self) -> PathBuf {
        self.root.path().join("tmp")
    }

    pub fn vault(&self) -> PathBuf {
        self.root.path().join("vault")
    }

    /// A command for the real binary with a clean environment. Secrets (one per line) are
    /// given on fd 3 through a pipe, never on argv or in the environment.
    pub fn cmd(&self, args: &[&str], secrets: &[&str]) -> Command {
        std::fs::create_dir_all(self.home()).unwrap();
        std::fs::create_dir_all(self.tmp()).unwrap();
        let mut c = Command::new(bin());
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("TMPDIR", self.tmp())
            .env("LANG", "C.UTF-8")
            .env("TZ", "Asia/Bishkek")
            .env("SANDYK_TEST_NOW", NOW)
            .arg("--vault")
            .arg(self.vault());
        if !secrets.is_empty() {
            c.arg("--passphrase-fd").arg("3");
            let mut fds = [0i32; 2];
            // SAFETY: creating a pipe into a local array.
            assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
            let mut w =
                unsafe { <std::fs::File as std::os::unix::io::FromRawFd>::from_raw_fd(fds[1]) };
            for s in secrets {
                writeln!(w, "{s}").unwrap();
            }
            drop(w);
            let r = fds[0];
            // SAFETY: dup2 in the child before exec; async-signal-safe.
            unsafe {
                c.pre_exec(move || {
                    // dup2(3, 3) would keep close-on-exec: clear it by hand in that case.
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
            // Both ends are close-on-exec, so no other child inherits them; dup2 gives the
            // child a plain fd 3. The parent's read end is leaked (a test process, short-lived).
        }
        c.args(args);
        c
    }

    /// Run with stdin bytes; return the output.
    pub fn run(&self, args: &[&str], secrets: &[&str], stdin: &[u8]) -> Output {
        let mut c = self.cmd(args, secrets);
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn sandyk");
        {
            let mut i = child.stdin.take().unwrap();
            let _ = i.write_all(stdin);
        }
        child.wait_with_output().unwrap()
    }

    /// `init` with the test KDF and PASS.
    pub fn init(&self) -> Output {
        let mut args = vec!["init"];
        args.extend(kdf_args());
        let o = self.run(&args, &[PASS], b"");
        assert_ok(&o);
        o
    }

    /// Add incidents from JSON and return their ids.
    pub fn add_json(&self, json: &str) -> Vec<String> {
        let o = self.run(&["add", "--input", "json"], &[PASS], json.as_bytes());
        assert_ok(&o);
        stdout(&o).lines().map(str::to_owned).collect()
    }

    /// Every byte of every file under `dir`.
    pub fn all_bytes_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = vec![];
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(b) = std::fs::read(&p) {
                    out.push((p, b));
                }
            }
        }
        out
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
pub fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "expected success, got {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

#[track_caller]
pub fn assert_code(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
}

/// Whether `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The encodings a canary is searched in: UTF-8, UTF-16LE/BE, base64, hex.
pub fn canary_forms(c: &str) -> Vec<Vec<u8>> {
    use base64::Engine;
    let utf16le: Vec<u8> = c.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let utf16be: Vec<u8> = c.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    vec![
        c.as_bytes().to_vec(),
        utf16le,
        utf16be,
        base64::engine::general_purpose::STANDARD
            .encode(c)
            .into_bytes(),
        hex::encode(c).into_bytes(),
    ]
}
