//! The sandbox as wired into the binary (issue 17, docs/sandbox.md): from inside a confined
//! command (the test-only probe `SANDYK_TEST_SANDBOX_PROBE`, compiled only into debug builds
//! with `insecure-test-kdf`) no socket can be made, nothing outside the command's paths can be
//! read or written, nothing can be executed, while the vault and the named files work;
//! `panic` is never blocked; a failed `init` leaves nothing; and `strace -f` of the commands
//! shows no socket and no execve after the start.
//!
//! Every other family runs the binary confined too: the sandbox is on by default.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

const EPERM: &str = "1";
const EACCES: &str = "13";

/// Whether Landlock is in force on this kernel (else only seccomp is): asked of the binary.
fn landlock_on(e: &Env) -> bool {
    let o = e.run(&["--version"], &[], b"");
    assert_ok(&o);
    let out = stdout(&o);
    assert!(out.contains("sandbox: "), "{out}");
    if out.contains("landlock ABI") {
        true
    } else {
        eprintln!("SKIPPED the file-system half: no Landlock on this kernel: {out}");
        false
    }
}

/// Run `sandyk ARGS` with the probe SPEC; returns probe name → outcome (`ok` or the errno).
fn probe(e: &Env, args: &[&str], secrets: &[&str], spec: &[String]) -> BTreeMap<String, String> {
    let mut c = e.cmd(args, secrets);
    c.env("SANDYK_TEST_SANDBOX_PROBE", spec.join(";"));
    let o = run_with_stdin(c, b"");
    assert_ok(&o);
    let mut out = BTreeMap::new();
    for l in stdout(&o).lines() {
        let mut w = l.rsplitn(3, ' ').collect::<Vec<_>>();
        w.reverse();
        match w[..] {
            ["ram", kib] => out.insert("ram".to_owned(), kib.to_owned()),
            [name, "ok"] => out.insert(name.to_owned(), "ok".to_owned()),
            [name, "denied", errno] => out.insert(name.to_owned(), errno.to_owned()),
            _ => panic!("unexpected probe line {l:?}\n{}", stdout(&o)),
        };
    }
    // The probe's last word: execve was refused (had it worked, the process would have
    // become /bin/true and this line would be missing).
    assert_eq!(
        out.get("exec=/bin/true").map(String::as_str),
        Some(EPERM),
        "{out:?}"
    );
    for s in ["tcp4", "udp4", "tcp6", "udp6", "unix"] {
        assert_eq!(
            out.get(&format!("socket={s}")).map(String::as_str),
            Some(EPERM),
            "{s}: {out:?}"
        );
    }
    out
}

fn p(op: &str, path: &Path) -> String {
    format!("{op}={}", path.display())
}

#[track_caller]
fn expect(out: &BTreeMap<String, String>, op: &str, path: &Path, want: &str) {
    let k = p(op, path);
    assert_eq!(out.get(&k).map(String::as_str), Some(want), "{k}: {out:?}");
}

/// A fake SSH key in the test HOME: what an exploited parser would go for.
fn ssh_key(e: &Env) -> PathBuf {
    let d = e.home().join(".ssh");
    std::fs::create_dir_all(&d).unwrap();
    let k = d.join("id_ed25519");
    std::fs::write(&k, "-----BEGIN OPENSSH PRIVATE KEY----- CANARY").unwrap();
    k
}

#[test]
fn attach_reaches_only_the_vault_and_the_named_file() {
    let e = Env::new();
    assert_ok(&e.init());
    let id = e.add_json(INCIDENT).remove(0);
    let key = ssh_key(&e);
    std::fs::create_dir_all(e.tmp()).unwrap();
    let photo = e.tmp().join("photo.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff\xd9").unwrap();
    let sibling = e.tmp().join("diary.txt");
    std::fs::write(&sibling, b"private").unwrap();
    let outside = e.home().join("dropped");
    let inside = e.vault().join("probe-new");
    let spec = vec![
        p("read", &key),
        p("append", &key),
        p("read", Path::new("/etc/passwd")),
        p("write", &outside),
        p("read", &photo),
        p("append", &photo),
        p("read", &sibling),
        p("write", &inside),
        p("read", &e.vault().join("sandyk.key")),
        p("list", &e.vault()),
    ];
    let out = probe(
        &e,
        &["attach", &id, photo.to_str().unwrap()],
        &[PASS],
        &spec,
    );
    if !landlock_on(&e) {
        return;
    }
    expect(&out, "read", &key, EACCES);
    expect(&out, "append", &key, EACCES);
    expect(&out, "read", Path::new("/etc/passwd"), EACCES);
    expect(&out, "write", &outside, EACCES);
    assert!(!outside.exists());
    expect(&out, "read", &photo, "ok");
    expect(&out, "append", &photo, EACCES);
    assert_eq!(std::fs::read(&photo).unwrap(), b"\xff\xd8\xff\xd9");
    expect(&out, "read", &sibling, EACCES);
    expect(&out, "write", &inside, "ok");
    expect(&out, "read", &e.vault().join("sandyk.key"), "ok");
    expect(&out, "list", &e.vault(), "ok");
}

#[test]
fn export_verify_and_keygen_reach_only_what_they_name() {
    let parties = Parties::new();
    let s = &parties.sender;
    let key = ssh_key(s);
    let outdir = s.root.path().join("out");
    std::fs::create_dir_all(&outdir).unwrap();
    let bundle = outdir.join("b.sandyk");
    let spec = vec![
        p("write", &outdir.join("beside")),
        p("read", &key),
        p("write", &s.home().join("dropped")),
    ];
    let out = probe(
        s,
        &[
            "export",
            "--all",
            "--to",
            &parties.recipient,
            "-o",
            bundle.to_str().unwrap(),
        ],
        &[PASS],
        &spec,
    );
    let landlock = landlock_on(s);
    if landlock {
        expect(&out, "write", &outdir.join("beside"), "ok");
        expect(&out, "read", &key, EACCES);
        expect(&out, "write", &s.home().join("dropped"), EACCES);
    }

    // bundle verify: the bundle and the identity, read-only; not the vault, not HOME.
    let real = parties.export("real.sandyk", &["--all"]);
    let l = &parties.lawyer;
    let spec = vec![
        p("read", &real),
        p("read", &parties.key),
        p("append", &parties.key),
        p("read", &s.vault().join("sandyk.key")),
        p("read", &key),
    ];
    let out = probe(
        l,
        &[
            "bundle",
            "verify",
            real.to_str().unwrap(),
            "-i",
            parties.key.to_str().unwrap(),
        ],
        &[],
        &spec,
    );
    if landlock {
        expect(&out, "read", &real, "ok");
        expect(&out, "read", &parties.key, "ok");
        expect(&out, "append", &parties.key, EACCES);
        expect(&out, "read", &s.vault().join("sandyk.key"), EACCES);
        expect(&out, "read", &key, EACCES);
    }
    // The real commands work confined.
    assert_ok(&parties.verify(&real, &[]));
    let opened = l.root.path().join("opened");
    let o = l.run(
        &[
            "bundle",
            "open",
            real.to_str().unwrap(),
            "-i",
            parties.key.to_str().unwrap(),
            "--signer",
            &parties.signer,
            "-o",
            opened.to_str().unwrap(),
        ],
        &[],
        b"",
    );
    assert_ok(&o);
    assert!(opened.join("VERIFY.txt").exists());
}

#[test]
fn version_and_verbose_say_what_is_in_force() {
    let e = Env::new();
    let o = e.run(&["--version"], &[], b"");
    assert_ok(&o);
    let out = stdout(&o);
    assert!(out.starts_with("sandyk "), "{out}");
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    assert!(out.contains("seccomp on ("), "{out}");
    // In the user's language, the count with its Russian plural form.
    let o = e.run(&["--lang", "ru", "--version"], &[], b"");
    let out = stdout(&o);
    assert!(out.contains("песочница: landlock"), "{out}");
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    assert!(
        out.contains("seccomp включён (")
            && (out.contains(" системный вызов)")
                || out.contains(" системных вызова)")
                || out.contains(" системных вызовов)")),
        "{out}"
    );
    let o = e.run(&["--lang", "ky", "--version"], &[], b"");
    assert!(stdout(&o).contains("кум чөйрө: landlock"), "{}", stdout(&o));
    assert_ok(&e.init());
    let o = e.run(&["--verbose", "list"], &[PASS], b"");
    assert_ok(&o);
    let err = stderr(&o);
    assert_eq!(err.matches("sandyk: sandbox: ").count(), 1, "{err}");
    // Without --verbose: not a word.
    let o = e.run(&["list"], &[PASS], b"");
    assert_ok(&o);
    assert!(!stderr(&o).contains("sandbox"), "{}", stderr(&o));
}

#[test]
fn panic_is_confined_and_never_blocked() {
    // Confined: the status is reported and the vault (directory included) is gone.
    let e = Env::new();
    assert_ok(&e.init());
    e.add_json(INCIDENT);
    let o = e.run(&["--verbose", "panic"], &[], b"");
    assert_ok(&o);
    assert!(stderr(&o).contains("sandyk: sandbox: "), "{}", stderr(&o));
    assert!(!e.vault().exists(), "panic left the vault directory");

    // Confinement failing: every other command stops with a hint, panic goes on.
    let e = Env::new();
    assert_ok(&e.init());
    e.add_json(INCIDENT);
    let mut c = e.cmd(&["list"], &[PASS]);
    c.env("SANDYK_TEST_SANDBOX_FAIL", "1");
    let o = run_with_stdin(c, b"");
    assert_code(&o, 1);
    assert!(stderr(&o).contains("hint: "), "{}", stderr(&o));
    let mut c = e.cmd(&["--verbose", "panic"], &[]);
    c.env("SANDYK_TEST_SANDBOX_FAIL", "1");
    let o = run_with_stdin(c, b"");
    assert_ok(&o);
    assert!(stderr(&o).contains("without it"), "{}", stderr(&o));
    assert!(!e.vault().exists(), "panic left the vault directory");

    // A vault directory that is a symlink: panic removes the real directory and the link
    // (unconfined: the link is a file in the parent, which no policy grants).
    let e = Env::new();
    let real = e.root.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let mut c = Command::new(bin());
    c.env_clear()
        .env("HOME", e.home())
        .arg("--vault")
        .arg(real.join("v"))
        .arg("--passphrase-fd")
        .arg("3")
        .arg("init")
        .args(kdf_args());
    give_fd3(&mut c, secrets_pipe(&[PASS]));
    assert_ok(&run_with_stdin(c, b""));
    std::os::unix::fs::symlink(real.join("v"), e.vault()).unwrap();
    let o = e.run(&["--verbose", "panic"], &[], b"");
    assert_ok(&o);
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert!(
        !real.join("v").exists(),
        "panic left the real vault directory"
    );
    assert!(
        std::fs::symlink_metadata(e.vault()).is_err(),
        "panic left the symlink"
    );
}

/// `init` and `bundle open` have their directory made before confining; a failure removes it
/// again (with the missing ancestors made for it).
#[test]
fn failed_commands_leave_no_directory_made_for_the_sandbox() {
    let e = Env::new();
    std::fs::create_dir_all(e.home()).unwrap();
    let nested = e.root.path().join("a/b/vault");
    let mut c = Command::new(bin());
    c.env_clear()
        .env("HOME", e.home())
        .env("TZ", "Asia/Bishkek")
        .env("LANG", "C.UTF-8")
        .arg("--vault")
        .arg(&nested)
        .arg("--passphrase-fd")
        .arg("3")
        .arg("init")
        .args(kdf_args());
    // No passphrase at all on fd 3: init fails after the directory was made.
    give_fd3(&mut c, secrets_pipe(&[]));
    let o = run_with_stdin(c, b"");
    assert!(!o.status.success(), "{}", stderr(&o));
    assert!(
        !e.root.path().join("a").exists(),
        "a failed init left directories: {}",
        stderr(&o)
    );
    // And the same init, with a passphrase, works there.
    let mut c = Command::new(bin());
    c.env_clear()
        .env("HOME", e.home())
        .env("TZ", "Asia/Bishkek")
        .arg("--vault")
        .arg(&nested)
        .arg("--passphrase-fd")
        .arg("3")
        .arg("init")
        .args(kdf_args());
    give_fd3(&mut c, secrets_pipe(&[PASS]));
    let o = run_with_stdin(c, b"");
    assert_ok(&o);
    assert!(nested.join("sandyk.key").exists());

    // bundle open of something that is not a bundle: no directory left.
    let junk = e.root.path().join("junk.sandyk");
    std::fs::write(&junk, b"not a bundle").unwrap();
    let dir = e.root.path().join("x/opened");
    let o = e.run(
        &[
            "bundle",
            "open",
            junk.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
        ],
        &["some passphrase"],
        b"",
    );
    assert!(!o.status.success());
    assert!(!e.root.path().join("x").exists(), "{}", stderr(&o));
}

/// `strace -f -e trace=socket,socketpair,execve,execveat` of each command: no socket of any
/// family is made, and the only execve is the start of the program itself.
#[test]
fn strace_shows_no_socket_and_no_execve_after_start() {
    if !root_tests_enabled("strace of the sandboxed commands") {
        return;
    }
    require_tool("strace");
    let parties = Parties::new();
    let s = &parties.sender;
    std::fs::create_dir_all(s.tmp()).unwrap();
    let photo = s.tmp().join("photo.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff\xd9").unwrap();
    let bundle = s.root.path().join("b.sandyk");
    let opened = s.root.path().join("opened");
    let keyfile = s.root.path().join("k.txt");
    let id = parties.ids[0].clone();
    let runs: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec!["list"], vec![PASS]),
        (vec!["attach", &id, photo.to_str().unwrap()], vec![PASS]),
        (
            vec![
                "export",
                "--all",
                "--to",
                &parties.recipient,
                "-o",
                bundle.to_str().unwrap(),
            ],
            vec![PASS],
        ),
        (
            vec![
                "bundle",
                "verify",
                bundle.to_str().unwrap(),
                "-i",
                parties.key.to_str().unwrap(),
                "--signer",
                &parties.signer,
            ],
            vec![],
        ),
        (
            vec![
                "bundle",
                "open",
                bundle.to_str().unwrap(),
                "-i",
                parties.key.to_str().unwrap(),
                "--signer",
                &parties.signer,
                "-o",
                opened.to_str().unwrap(),
            ],
            vec![],
        ),
        (vec!["keygen", "-o", keyfile.to_str().unwrap()], vec![]),
        (vec!["check"], vec![PASS]),
        (vec!["completions", "bash"], vec![]),
        (vec!["--version"], vec![]),
        (vec!["panic"], vec![]),
    ];
    for (args, secrets) in runs {
        let log = tempfile::NamedTempFile::new().unwrap();
        let pre: Vec<OsString> = vec![
            "-f".into(),
            "-qq".into(),
            "-o".into(),
            log.path().into(),
            "-e".into(),
            "trace=socket,socketpair,execve,execveat".into(),
        ];
        let o = run_with_stdin(wrapped(s, "strace", &pre, &args, &secrets), b"");
        assert_ok(&o);
        let trace = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<&str> = trace.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(
            !trace.contains("socket"),
            "{args:?} made a socket:\n{trace}"
        );
        let execs: Vec<&&str> = lines.iter().filter(|l| l.contains("execve")).collect();
        assert_eq!(execs.len(), 1, "{args:?}:\n{trace}");
        assert!(
            lines[0].contains("execve(") && lines[0].contains("sandyk"),
            "{args:?}: the first call must be the start:\n{trace}"
        );
    }
    assert!(!s.vault().exists());
}

/// `init` without pinned KDF parameters measures this machine from inside the sandbox, where
/// glibc's answer for the RAM size can be nonsense (it once overflowed into an internal
/// error): the calibrated vault must be made and open.
#[test]
fn init_calibrates_inside_the_sandbox() {
    let e = Env::new();
    let o = e.run(&["init"], &[PASS, PASS], b"");
    assert_ok(&o);
    assert!(!stderr(&o).contains("internal error"), "{}", stderr(&o));
    assert_ok(&e.run(&["list"], &[PASS], b""));
}

/// Inside the sandbox the KDF reads this machine's real RAM size. glibc's
/// `sysconf(_SC_PHYS_PAGES)` is `sysinfo(2)` without an error check: with the call denied it
/// read an uninitialised struct, and unlocking failed now and then with "0 MiB allowed".
#[test]
fn the_kdf_reads_the_real_ram_size_when_confined() {
    let e = Env::new();
    assert_ok(&e.init());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap();
    let total: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("MemTotal in /proc/meminfo");
    for _ in 0..5 {
        let out = probe(&e, &["list"], &[PASS], &["ram".to_owned()]);
        let seen: u64 = out["ram"].parse().unwrap_or_else(|_| panic!("{out:?}"));
        assert!(
            seen.abs_diff(total) <= total / 100,
            "confined, the RAM size read {seen} KiB; /proc/meminfo says {total} KiB"
        );
    }
}

#[test]
fn report_reaches_only_its_output_directory() {
    let e = Env::new();
    e.init();
    e.add_json(r#"[{"title":"t","occurred":"2026-11-20","category":"other"}]"#);
    let outdir = e.root.path().join("out");
    std::fs::create_dir_all(&outdir).unwrap();
    let report = outdir.join("r.html");
    std::fs::create_dir_all(e.home()).unwrap();
    let spec = vec![
        p("write", &outdir.join("beside")),
        p("write", &e.home().join("dropped")),
    ];
    let out = probe(
        &e,
        &["report", "-o", report.to_str().unwrap()],
        &[PASS],
        &spec,
    );
    if landlock_on(&e) {
        expect(&out, "write", &outdir.join("beside"), "ok");
        expect(&out, "write", &e.home().join("dropped"), EACCES);
    }
    // The real command works confined.
    let o = e.run(&["report", "-o", report.to_str().unwrap()], &[PASS], b"");
    assert_ok(&o);
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .contains("</html>"));
}
