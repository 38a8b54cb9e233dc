//! Memory (I9): after unlocking, no copy of the passphrase is left in the process.
//!
//! The binary is stopped right after an unlock — `passphrase change` and `passphrase add`
//! read the vault passphrase from `--passphrase-fd`, unlock, then block reading the second
//! line — and a core is taken from outside as root with `gcore` (gdb). The core is searched
//! for the passphrase (UTF-8, UTF-16LE/BE) and for its random middle part alone (a prefix
//! or fragment left by a growing buffer). Positive control: the data key, which the process
//! must hold while the vault is open, is found in the same core — so the core really holds
//! the heap.
//!
//! Core dumps being off and the process not dumpable are checked from outside by
//! tests/core_harden.rs; this file does not repeat that.
//! Needs root (gdb attaches to a non-dumpable process) and `gcore`; SANDYK_SKIP_ROOT_TESTS=1
//! skips.

use std::io::Write;
use std::os::unix::io::FromRawFd;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

fn require_gcore() {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let ok = std::env::split_paths(&path).any(|d| d.join("gcore").is_file());
    assert!(
        ok,
        "this test needs `gcore` (Debian: apt-get install gdb); CI installs it"
    );
}

/// Whether `pid` is blocked in read(3, …) with the database open: it has unlocked and waits
/// for the second secret.
fn blocked_after_unlock(pid: u32) -> bool {
    let sc = std::fs::read_to_string(format!("/proc/{pid}/syscall")).unwrap_or_default();
    let reading_fd3 = sc.starts_with("0 0x3 ");
    let db_open = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|rd| {
            rd.flatten().any(|e| {
                std::fs::read_link(e.path()).is_ok_and(|l| l.ends_with(sandyk::vault::DB_NAME))
            })
        })
        .unwrap_or(false);
    reading_fd3 && db_open
}

struct Found {
    pass_hits: Vec<(String, usize, String)>,
    control_hits: usize,
    core_bytes: usize,
}

/// Run `args` with the vault passphrase `pass` on fd 3, stop it after the unlock, take a
/// core, search it, then give the second line and let it finish.
fn core_after_unlock(
    e: &Env,
    pass: &str,
    token: &str,
    args: &[&str],
    second: &str,
    dek: &[u8],
) -> Found {
    let mut fds = [0i32; 2];
    // SAFETY: a pipe into a local array.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: we own the write end.
    let mut w = unsafe { std::fs::File::from_raw_fd(fds[1]) };
    writeln!(w, "{pass}").unwrap();
    let r = fds[0];
    let mut c = e.cmd(args, &[]);
    c.arg("--passphrase-fd").arg("3");
    // `cmd` put the subcommand arguments first; --passphrase-fd is global, so order is free.
    // SAFETY: dup2 in the child before exec; async-signal-safe.
    unsafe {
        c.pre_exec(move || {
            if libc::dup2(r, 3) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = c.spawn().unwrap();
    // SAFETY: the parent's copy of the read end is no longer needed.
    unsafe { libc::close(r) };
    let pid = child.id();
    let started = Instant::now();
    while !blocked_after_unlock(pid) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the process never blocked after unlocking"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("core");
    // `-a`: every mapping, including those excluded from dumps (MADV_DONTDUMP): the data
    // key lives in such pages (crypto::memory), and the control must still see it.
    let o = Command::new("gcore")
        .arg("-a")
        .arg("-o")
        .arg(&prefix)
        .arg(pid.to_string())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "gcore failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let core = std::fs::read(dir.path().join(format!("core.{pid}"))).unwrap();
    // Let the command finish.
    writeln!(w, "{second}").unwrap();
    drop(w);
    let out = child.wait_with_output().unwrap();
    assert_ok(&out);

    let utf16 = |s: &str, le: bool| -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    };
    let needles: Vec<(String, Vec<u8>)> = vec![
        ("passphrase utf-8".into(), pass.as_bytes().to_vec()),
        ("passphrase utf-16le".into(), utf16(pass, true)),
        ("passphrase utf-16be".into(), utf16(pass, false)),
        ("random part utf-8".into(), token.as_bytes().to_vec()),
        ("random part utf-16le".into(), utf16(token, true)),
    ];
    let pass_hits = scan_bytes(&core, &needles)
        .into_iter()
        .map(|(l, o)| (l, o, context(&core, o)))
        .collect();
    let control_hits = memchr::memmem::find_iter(&core, dek).count();
    Found {
        pass_hits,
        control_hits,
        core_bytes: core.len(),
    }
}

fn context(core: &[u8], off: usize) -> String {
    let a = off.saturating_sub(32);
    let b = (off + 96).min(core.len());
    String::from_utf8_lossy(&core[a..b])
        .escape_debug()
        .to_string()
}

#[test]
fn no_passphrase_in_a_core_taken_after_unlock() {
    if !root_tests_enabled("gcore memory test") {
        return;
    }
    require_gcore();
    let mut cases = 0;
    let mut found = vec![];
    let mut controls = 0;
    let mut core_total = 0;
    for (i, args) in [
        vec!["passphrase", "change", "--kdf-target-ms", "1"],
        vec!["passphrase", "add", "--label", "second"],
    ]
    .into_iter()
    .enumerate()
    {
        let token = canary("GCORE", LATIN);
        let pass = format!("{token} Токтогул ңөү {i}");
        let e = Env::new();
        let mut init = vec!["init"];
        init.extend(kdf_args());
        assert_ok(&e.run(&init, &[&pass], b""));
        let o = e.run(
            &["add", "--input", "json"],
            &[&pass],
            canary_incident("mem", "followed").as_bytes(),
        );
        assert_ok(&o);
        let dek = data_key(&e.vault(), &pass).to_vec();
        let f = core_after_unlock(
            &e,
            &pass,
            &token,
            &args,
            "a new passphrase Айгүл 2026",
            &dek,
        );
        cases += 1;
        core_total += f.core_bytes;
        if f.control_hits > 0 {
            controls += 1;
        }
        for (label, off, ctx) in &f.pass_hits {
            found.push(format!(
                "{}: {label} at {off:#x}: …{ctx}…",
                args[..2].join(" ")
            ));
        }
    }
    figure(
        "memory",
        "gcore after unlock: copies of the passphrase",
        cases,
        found.len(),
        &format!("positive control (data key) found in {controls}/{cases} cores; {} KiB of core searched", core_total / 1024),
    );
    assert_eq!(
        controls, cases,
        "the data key was not found in the core: the dump does not cover the heap"
    );
    assert!(
        found.is_empty(),
        "passphrase copies in memory after unlock:\n{}",
        found.join("\n")
    );
}

/// The search itself finds a passphrase left in memory (a test that cannot fail is a defect):
/// a process that keeps the passphrase in a plain String is caught.
#[test]
fn the_core_search_finds_a_kept_passphrase() {
    if !root_tests_enabled("gcore memory test") {
        return;
    }
    require_gcore();
    let token = canary("GCOREC", LATIN);
    // `sh` keeps the variable's value in its own memory while sleeping.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "V='{token} Токтогул'; echo ready; sleep 30; echo $V"
        ))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("core");
    let pid = child.id();
    let o = Command::new("gcore")
        .arg("-o")
        .arg(&prefix)
        .arg(pid.to_string())
        .output()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        o.status.success(),
        "gcore failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let core = std::fs::read(dir.path().join(format!("core.{pid}"))).unwrap();
    let hits = memchr::memmem::find_iter(&core, token.as_bytes()).count();
    assert!(
        hits > 0,
        "the control string was not found in the core of sh"
    );
}
