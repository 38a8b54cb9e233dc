//! Process hardening, checked from outside the process (invariant I9): while `sandyk` waits
//! for the rest of a passphrase, it has no core dumps (RLIMIT_CORE 0), is not dumpable (its
//! /proc files belong to root and a process of the same user cannot read its memory or
//! environment), has umask 077, and neither its argv nor its environment holds the secret.
//!
//! As root the binary runs as uid/gid 65534 so that the "same user" checks mean something.

use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

const CANARY: &str = "hardening-canary-Сыр-4417";
const NOBODY: u32 = 65534;

fn status_field(pid: u32, field: &str) -> String {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
        .trim()
        .to_owned()
}

/// Run `cat FILE` with the given uid (None: ours); true if it could read anything.
fn can_read_as(uid: Option<u32>, file: &str) -> bool {
    let mut c = Command::new("cat");
    c.arg(file).stdout(Stdio::piped()).stderr(Stdio::null());
    if let Some(u) = uid {
        // SAFETY: dropping privileges in the child before exec.
        unsafe {
            c.pre_exec(move || {
                if libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(u) != 0
                    || libc::setuid(u) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let o = c.output().expect("run cat");
    o.status.success() && !o.stdout.is_empty()
}

#[test]
fn blocked_process_is_hardened_as_seen_from_outside() {
    let root = unsafe { libc::geteuid() } == 0;
    let e = Env::new();
    let run_as = if root { Some(NOBODY) } else { None };
    // A pipe that delivers part of a passphrase and then neither a newline nor EOF.
    let mut fds = [0i32; 2];
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    let (r, w) = (fds[0], fds[1]);
    let n = unsafe { libc::write(w, CANARY.as_ptr().cast(), CANARY.len()) };
    assert_eq!(n as usize, CANARY.len());
    std::fs::create_dir_all(e.home()).unwrap();
    let mut c = Command::new(bin());
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", e.home())
        .env("LANG", "C.UTF-8")
        .env("SANDYK_TEST_NOW", NOW)
        .args(["--vault"])
        .arg(e.vault())
        .args(["--passphrase-fd", "3", "init"])
        .args(kdf_args())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: dup2 and privilege drop in the child before exec; async-signal-safe.
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
            if let Some(u) = run_as {
                if libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(u) != 0
                    || libc::setuid(u) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
    let mut child = c
        .spawn()
        .expect("spawn sandyk (as uid 65534 when root: the binary must be world-executable)");
    let pid = child.id();
    // Wait until sandyk has taken the partial passphrase out of the pipe and sleeps in read.
    let started = Instant::now();
    loop {
        let mut pending: libc::c_int = 0;
        assert_eq!(unsafe { libc::ioctl(r, libc::FIONREAD, &mut pending) }, 0);
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = state.rsplit(") ").next().unwrap_or("").chars().next();
        if pending == 0 && state == Some('S') {
            break;
        }
        if let Some(st) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            panic!("sandyk exited early ({st}): {err}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "sandyk never blocked on the passphrase"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // No core dumps.
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    let f: Vec<&str> = core.split_whitespace().collect();
    assert_eq!((f[4], f[5]), ("0", "0"), "{core}");
    // umask 077.
    assert_eq!(status_field(pid, "Umask"), "0077");
    // Not dumpable: its /proc files belong to root although it runs as another user …
    let uid: u32 = status_field(pid, "Uid")
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let me = unsafe { libc::geteuid() };
    assert_eq!(uid, run_as.unwrap_or(me));
    assert_ne!(uid, 0, "the check needs sandyk to run as a non-root user");
    for f in ["status", "environ", "mem", "maps"] {
        let md = std::fs::metadata(format!("/proc/{pid}/{f}")).unwrap();
        assert_eq!(
            (md.uid(), md.gid()),
            (0, 0),
            "/proc/{pid}/{f} not owned by root: the process is dumpable"
        );
    }
    // … so a process of the same user cannot read its environment, memory map or memory.
    for f in ["environ", "maps", "mem"] {
        assert!(
            !can_read_as(run_as, &format!("/proc/{pid}/{f}")),
            "same-user process could read /proc/{pid}/{f}"
        );
    }
    // The control: the same user can read its own, dumpable process's maps.
    assert!(can_read_as(run_as, "/proc/self/maps"));
    // Neither argv nor the environment holds the secret (read as root / ourselves).
    if root {
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
        assert!(!environ.is_empty());
        for form in canary_forms(CANARY) {
            assert!(!contains(&cmdline, &form) && !contains(&environ, &form));
        }
    }
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
    assert!(!contains(&cmdline, CANARY.as_bytes()));

    child.kill().unwrap();
    child.wait().unwrap();
    unsafe {
        libc::close(w);
        libc::close(r);
    }
    // Killed while reading the passphrase: nothing was created.
    assert!(!e.vault().join("sandyk.key").exists());
}

/// `RUST_MIN_STACK` sets the stack of every thread started without an explicit size. The
/// stack scrubs write 128–256 KiB below a thread's first frame (SECURITY.md, "Memory"), so
/// with the variable at 64 KiB every unlock aborted with a stack overflow (exit 134, the
/// KDF's lanes) and so would the attachment and export threads. sandyk's threads have a
/// stack of their own size now: each command that starts threads — the unlock, `attach`
/// (a reading thread), `attachment extract` (a read-ahead thread), `export --originals`
/// (report, encryption and rendering threads) — works, and the bytes come back whole.
#[test]
fn a_small_thread_stack_in_the_environment_changes_nothing() {
    let e = Env::new();
    let run = |args: &[&str], secrets: &[&str]| {
        let mut c = e.cmd(args, secrets);
        c.env("RUST_MIN_STACK", "65536");
        let o = run_with_stdin(c, b"");
        assert_ok(&o);
        o
    };
    let mut init = vec!["init"];
    init.extend(kdf_args());
    run(&init, &[PASS]);
    let id = e
        .add_json(r#"{"title":"Стек","occurred":"2026-11-27 15:00","category":"followed"}"#)
        .remove(0);
    let file = e.root.path().join("in.bin");
    let bytes = noise(300_000, 17);
    std::fs::write(&file, &bytes).unwrap();
    run(&["attach", &id, file.to_str().unwrap()], &[PASS]);
    let back = e.root.path().join("out.bin");
    run(
        &[
            "attachment",
            "extract",
            &format!("{id}/1"),
            "-o",
            back.to_str().unwrap(),
            "--original",
        ],
        &[PASS],
    );
    assert!(
        std::fs::read(&back).unwrap() == bytes,
        "the extracted file differs"
    );
    let kp = e.root.path().join("k.txt");
    let rcpt = stdout(&run(&["keygen", "-o", kp.to_str().unwrap()], &[]))
        .trim()
        .to_owned();
    let bundle = e.root.path().join("b.age");
    run(
        &[
            "export",
            &id,
            "--originals",
            "--to",
            &rcpt,
            "-o",
            bundle.to_str().unwrap(),
        ],
        &[PASS],
    );
    assert!(std::fs::metadata(&bundle).unwrap().len() > bytes.len() as u64);
}
