//! The order of "name the bundle" and "record it in the export log", under SIGKILL at every
//! file-system step of an export (`strace -e inject=SYSCALL:signal=SIGKILL:when=K`).
//!
//! After every kill: the target directory holds nothing or the complete bundle (never a
//! temporary file); the log never names a bundle that is not there; a bundle named in the
//! log verifies; the vault passes `check`. A bundle may exist without a log entry only when
//! the process was killed between naming and recording — it never exited 0 that way.

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::*;

const SET: &str = "fsync,fdatasync,linkat,link,rename,renameat,renameat2,unlink,unlinkat,pwrite64";

fn copy_vault(from: &Env) -> Env {
    let e = Env::new();
    std::fs::create_dir_all(e.vault()).unwrap();
    for f in std::fs::read_dir(from.vault()).unwrap().flatten() {
        std::fs::copy(f.path(), e.vault().join(f.file_name())).unwrap();
    }
    std::fs::create_dir_all(e.home()).unwrap();
    std::fs::create_dir_all(e.tmp()).unwrap();
    e
}

/// `sandyk export` under strace, the passphrase on fd 3 from a file.
fn strace_export(e: &Env, recipient: &str, out: &Path, strace_args: &[String]) -> Output {
    let strace = require_tool("strace");
    let pass = e.root.path().join("pass");
    std::fs::write(&pass, format!("{PASS}\n")).unwrap();
    let f = std::fs::File::open(&pass).unwrap();
    let fd = std::os::unix::io::IntoRawFd::into_raw_fd(f);
    let mut c = Command::new(strace);
    c.arg("-f")
        .arg("-e")
        .arg(format!("trace={SET}"))
        .args(strace_args)
        .arg("--")
        .arg(bin());
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", e.home())
        .env("TMPDIR", e.tmp())
        .env("LANG", "C.UTF-8")
        .env("TZ", "Asia/Bishkek")
        .env("SANDYK_TEST_NOW", NOW)
        .args([
            "--vault",
            e.vault().to_str().unwrap(),
            "--passphrase-fd",
            "3",
        ])
        .args([
            "export",
            "--all",
            "--to",
            recipient,
            "-o",
            out.to_str().unwrap(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: dup2 in the child before exec.
    unsafe {
        c.pre_exec(move || {
            if libc::dup2(fd, 3) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = c.output().unwrap();
    // SAFETY: closing our copy.
    unsafe {
        libc::close(fd);
    }
    o
}

#[test]
fn export_killed_at_every_step_keeps_log_and_files_consistent() {
    let p = Parties::new();
    // How often each syscall is called (per thread: strace counts injections per thread).
    let e = copy_vault(&p.sender);
    let out = e.home().join("out").join("b.age");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let log = e.root.path().join("strace.log");
    let o = strace_export(
        &e,
        &p.recipient,
        &out,
        &["-o".into(), log.display().to_string()],
    );
    assert_ok(&o);
    let mut per: BTreeMap<(String, String), usize> = BTreeMap::new();
    for line in std::fs::read_to_string(&log).unwrap().lines() {
        let mut it = line.splitn(2, ' ');
        let (Some(pid), Some(rest)) = (it.next(), it.next()) else {
            continue;
        };
        let name = rest.trim_start().split('(').next().unwrap_or("");
        if SET.split(',').any(|s| s == name) {
            *per.entry((name.to_owned(), pid.to_owned())).or_default() += 1;
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for ((name, _), n) in per {
        let c = counts.entry(name).or_default();
        *c = (*c).max(n);
    }
    assert!(
        counts.contains_key("linkat"),
        "the bundle is named with linkat: {counts:?}"
    );

    let mut runs = 0;
    let mut orphans = 0;
    for (name, n) in &counts {
        for k in 1..=*n {
            runs += 1;
            let e = copy_vault(&p.sender);
            let dir = e.home().join("out");
            std::fs::create_dir_all(&dir).unwrap();
            let out = dir.join("b.age");
            let o = strace_export(
                &e,
                &p.recipient,
                &out,
                &[
                    "-o".into(),
                    "/dev/null".into(),
                    "-e".into(),
                    format!("inject={name}:signal=SIGKILL:when={k}"),
                ],
            );
            let killed = !o.status.success();
            let left: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .flatten()
                .map(|x| x.file_name().to_string_lossy().into_owned())
                .collect();
            assert!(
                left.is_empty() || left == ["b.age"],
                "{name}#{k}: left {left:?}"
            );
            let l = e.run(&["log", "--json"], &[PASS], b"");
            assert_ok(&l);
            let entries: serde_json::Value = serde_json::from_str(&stdout(&l)).unwrap();
            let entries = entries.as_array().unwrap();
            assert!(entries.len() <= 1);
            if let Some(entry) = entries.first() {
                assert!(
                    out.exists(),
                    "{name}#{k}: the log names a bundle that does not exist"
                );
                assert_eq!(
                    entry["bundle_sha256"].as_str().unwrap(),
                    sha256_hex(&std::fs::read(&out).unwrap()),
                    "{name}#{k}"
                );
            }
            if out.exists() {
                assert_ok(&p.verify(&out, &[]));
                if entries.is_empty() {
                    assert!(killed, "{name}#{k}: exit 0 without a log entry");
                    orphans += 1;
                }
            }
            if !killed {
                assert_eq!(entries.len(), 1, "{name}#{k}: exit 0 must be recorded");
            }
            assert_ok(&e.run(&["check"], &[PASS], b""));
        }
    }
    eprintln!("export crash sweep: {runs} kill points ({counts:?}), {orphans} left a complete but unrecorded bundle (killed between link and record), 0 inconsistent");
}
