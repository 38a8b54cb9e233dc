//! The one way to make a vault and run the real binary: a temporary HOME/TMPDIR/vault, a
//! clean environment, a fixed clock (SANDYK_TEST_NOW), the cheap test KDF, and secrets on
//! fd 3 (`--passphrase-fd 3`), never on argv or in the environment.

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PASS: &str = "test passphrase Токтогул ңөү";
/// The fixed "now" the binary sees (debug builds only honour it).
pub const NOW: &str = "2026-11-28T12:00:00+06:00[Asia/Bishkek]";

/// An incident with a canary in its title and narrative (the emergency tests).
pub const INCIDENT: &str = r#"{"title":"Ак машина CANARY-EMERG","occurred":"2026-11-27 15:00","category":"followed","narrative":"Токтогул ңөү: three men in a grey Lada"}"#;

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

    /// An Env (HOME, TMPDIR and the vault) inside `dir` (for example a mounted image).
    pub fn new_in(dir: &Path) -> Env {
        Env {
            root: tempfile::Builder::new()
                .prefix("env-")
                .tempdir_in(dir)
                .unwrap(),
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
        self.command(None, &[], args, secrets)
    }

    /// `program pre_args… sandyk --vault V args…` (or `sandyk --vault V args…` without a
    /// program) with the clean environment and the secrets on fd 3.
    fn command(
        &self,
        program: Option<&str>,
        pre_args: &[OsString],
        args: &[&str],
        secrets: &[&str],
    ) -> Command {
        std::fs::create_dir_all(self.home()).unwrap();
        std::fs::create_dir_all(self.tmp()).unwrap();
        let mut c = match program {
            Some(p) => {
                let mut c = Command::new(p);
                c.args(pre_args).arg(bin());
                c
            }
            None => Command::new(bin()),
        };
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
            give_fd3(&mut c, secrets_pipe(secrets));
        }
        c.args(args);
        c
    }

    /// Run with stdin bytes; return the output.
    pub fn run(&self, args: &[&str], secrets: &[&str], stdin: &[u8]) -> Output {
        run_with_stdin(self.cmd(args, secrets), stdin)
    }

    /// As `run`, also returning the child's own peak RSS in KiB (see [`run_with_rss`]).
    pub fn run_rss(&self, args: &[&str], secrets: &[&str], stdin: &[u8]) -> (Output, i64) {
        run_with_rss(self.cmd(args, secrets), stdin)
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
        super::fs::all_bytes_under(dir)
    }
}

/// An Env inside `dir` (see [`Env::new_in`]).
pub fn env_in(dir: &Path) -> Env {
    Env::new_in(dir)
}

/// A command running `program pre_args… sandyk --vault V args…` with `Env::cmd`'s clean
/// environment and the secrets on fd 3 (one per line): for running under strace.
pub fn wrapped(
    e: &Env,
    program: &str,
    pre_args: &[OsString],
    args: &[&str],
    secrets: &[&str],
) -> Command {
    e.command(Some(program), pre_args, args, secrets)
}

/// A close-on-exec pipe already holding `secrets` (one per line); returns the read end.
/// The write end is closed here; the read end is leaked (a test process, short-lived).
pub fn secrets_pipe(secrets: &[&str]) -> i32 {
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

/// Make the close-on-exec descriptor `r` the child's plain fd 3.
pub fn give_fd3(c: &mut Command, r: i32) {
    // SAFETY: dup2/fcntl in the child before exec; async-signal-safe.
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
}

/// Run a command with stdin bytes, capturing stdout and stderr.
pub fn run_with_stdin(mut c: Command, stdin: &[u8]) -> Output {
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

/// Run a command with stdin bytes, capturing stdout and stderr, and return its output with
/// the child's own peak RSS in KiB, from wait4. Unlike getrusage(RUSAGE_CHILDREN), this is
/// not mixed with the children of the other tests running in parallel in this process.
// The child is reaped by wait4 below, which std does not know about.
#[allow(clippy::zombie_processes)]
pub fn run_with_rss(mut c: Command, stdin: &[u8]) -> (Output, i64) {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut v = vec![];
        let _ = out.read_to_end(&mut v);
        v
    });
    let mut err = vec![];
    let _ = child.stderr.take().unwrap().read_to_end(&mut err);
    let out = reader.join().unwrap();
    let _ = writer.join();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it in.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waiting for our own child with valid pointers.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        if r == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        assert_eq!(e.kind(), std::io::ErrorKind::Interrupted, "wait4: {e}");
    }
    let o = Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: out,
        stderr: err,
    };
    (o, ru.ru_maxrss)
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

/// The incident JSON used by several tests.
pub fn incident(title: &str, occurred: &str, category: &str) -> String {
    serde_json::json!({"title": title, "occurred": occurred, "category": category}).to_string()
}
