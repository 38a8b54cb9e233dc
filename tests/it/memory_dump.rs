//! Memory at exit: after `init` (with the strength check), `add`, `show`, `search` and
//! `export`, no copy of the passphrase, the data key or the incident text is left anywhere
//! in the process when it ends (SECURITY.md, "Memory").
//!
//! How: the binary runs under gdb (`catch syscall exit_group`), which stops it at the very
//! last system call — every destructor has run, the stack and registers have been scrubbed —
//! and takes a core with `gcore`, including the mappings excluded from dumps
//! (`set dump-excluded-mappings on`: our own MADV_DONTDUMP must not hide anything from this
//! test). The core (heap, stacks, every thread's registers in the notes) is searched for:
//! the passphrase (and its random part alone), the data key (raw and in SQLCipher's hex key
//! form; the test gets it through the library after the run) and the incident canaries.
//!
//! (`strace -e inject=exit_group:signal=SIGSTOP` does not work for this: strace delivers an
//! injected signal when the system call returns, and exit_group never returns — tried, the
//! process just exits. gdb's catchpoint stops at the entry.)
//!
//! Positive controls, in the same test: (1) every core must contain a canary passed in the
//! environment (the initial stack, never freed, never wiped): the dump covers the process
//! and the search works; (2) `add` and `show` run again with the wiping allocator switched
//! off (`SANDYK_TEST_NO_WIPE`, honoured by debug builds only) must show the incident canary:
//! the test finds exactly what the allocator removes, so it can fail.
//!
//! Needs root (the binary makes itself non-dumpable) and gdb; SANDYK_SKIP_ROOT_TESTS=1 skips.

use std::ffi::OsString;
use std::path::Path;
use std::process::Stdio;

use crate::support::*;

fn require_gdb() {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let ok = std::env::split_paths(&path).any(|d| d.join("gdb").is_file());
    assert!(ok, "this test needs gdb (Debian: apt-get install gdb)");
}

struct Run {
    /// The exit status the process passed to exit_group.
    code: Option<i64>,
    core: Vec<u8>,
    gdb_out: String,
}

/// Run `sandyk args…` under gdb with `secrets` on fd 3 and `stdin`, stop it at exit_group,
/// take a core. `control` goes into the environment; `no_wipe` turns the allocator's wiping
/// off (debug builds).
fn core_at_exit(
    e: &Env,
    args: &[&str],
    secrets: &[&str],
    stdin: &[u8],
    control: &str,
    no_wipe: bool,
) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let core_path = dir.path().join("core");
    let ex = |s: &str| -> [OsString; 2] { ["-ex".into(), s.into()] };
    let mut pre: Vec<OsString> = vec!["-batch".into(), "-nx".into(), "--readnever".into()];
    pre.extend(ex("set startup-with-shell off"));
    pre.extend(ex("set dump-excluded-mappings on"));
    pre.extend(ex("catch syscall exit_group"));
    pre.extend(ex("run"));
    pre.extend(ex("printf \"EXIT-STATUS %d\\n\", $rdi"));
    pre.extend(ex(&format!("gcore {}", core_path.display())));
    pre.extend(ex("kill"));
    pre.push("--args".into());
    let mut c = wrapped(e, "gdb", &pre, args, secrets);
    c.env("SANDYK_MEMTEST_CONTROL", control);
    if no_wipe {
        c.env("SANDYK_TEST_NO_WIPE", "1");
    }
    let input = tempfile::NamedTempFile::new_in(e.tmp()).unwrap();
    std::fs::write(input.path(), stdin).unwrap();
    c.stdin(std::fs::File::open(input.path()).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let o = c.output().unwrap();
    let gdb_out = format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let code = gdb_out
        .lines()
        .find_map(|l| l.strip_prefix("EXIT-STATUS "))
        .and_then(|s| s.trim().parse().ok());
    let core = std::fs::read(&core_path)
        .unwrap_or_else(|err| panic!("no core ({err}); gdb said:\n{gdb_out}"));
    Run {
        code,
        core,
        gdb_out,
    }
}

/// The needles for one run: (label, bytes).
fn needles(
    pass: &str,
    token: &str,
    dek: &[u8; 32],
    kek: &[u8; 32],
    canaries: &[&str],
) -> Vec<(String, Vec<u8>)> {
    let mut v = vec![
        ("key-encryption key".to_string(), kek.to_vec()),
        ("passphrase".to_string(), pass.as_bytes().to_vec()),
        (
            "passphrase random part".to_string(),
            token.as_bytes().to_vec(),
        ),
        ("data key (raw)".to_string(), dek.to_vec()),
        ("data key (hex)".to_string(), hex::encode(dek).into_bytes()),
        (
            "data key (HEX)".to_string(),
            hex::encode_upper(dek).into_bytes(),
        ),
    ];
    for c in canaries {
        v.push((format!("incident canary {c}"), c.as_bytes().to_vec()));
    }
    v
}

fn context(core: &[u8], off: usize) -> String {
    let a = off.saturating_sub(32);
    let b = (off + 64).min(core.len());
    String::from_utf8_lossy(&core[a..b])
        .escape_debug()
        .to_string()
}

fn export_args<'a>(recipient: &'a str, out: &'a Path, id: &'a str) -> Vec<&'a str> {
    vec!["export", id, "--to", recipient, "-o", out.to_str().unwrap()]
}

#[test]
fn no_secret_or_incident_text_in_a_core_taken_at_exit() {
    if !root_tests_enabled("gdb memory test at exit") {
        return;
    }
    require_gdb();
    let token = canary("MEMX", LATIN);
    // A weak-looking passphrase with words: zxcvbn splits it into many tokens (copies).
    let pass = format!("correct horse {token} battery Токтогул ңөү staple");
    let control = canary("MEMCTL", LATIN);
    let c_setup = canary("MEMSETUP", LATIN);
    let c_add = canary("MEMADD", LATIN);
    let e = Env::new();

    // A lawyer's age recipient for `export`.
    let lawyer = Env::new();
    std::fs::create_dir_all(lawyer.home()).unwrap();
    let key = lawyer.home().join("key.txt");
    let o = lawyer.run(&["keygen", "-o", key.to_str().unwrap()], &[], b"");
    assert_ok(&o);
    let recipient = stdout(&o).trim().to_owned();

    let mut init_args = vec!["init"];
    init_args.extend(kdf_args());
    let init = core_at_exit(&e, &init_args, &[&pass], b"", &control, false);
    assert_eq!(
        init.code,
        Some(0),
        "init failed under gdb:\n{}",
        init.gdb_out
    );
    let dek = data_key(&e.vault(), &pass);
    // The passphrase's key-encryption key (Argon2id over the key file's salt), computed here
    // independently of the binary.
    let kek = {
        let h = key_file(&e.vault()).header();
        let k = sandyk::crypto::kdf::derive(pass.as_bytes(), &h.salt, &h.params).unwrap();
        *k
    };
    let o = e.run(
        &["add", "--input", "json"],
        &[&pass],
        canary_incident(&c_setup, "followed").as_bytes(),
    );
    assert_ok(&o);
    let id = stdout(&o).trim().to_owned();
    let out = e.home().join("bundle.age");

    // Each core is searched as soon as it is taken and dropped (a debug build's core is
    // ~150 MiB, mostly the mapped binary).
    let mut found = vec![];
    let mut controls = 0;
    let mut cases = 0;
    let mut core_total = 0;
    let mut check = |name: &str, run: Run, canaries: &[&str], keys: &[(String, Vec<u8>)]| {
        assert_eq!(
            run.code,
            Some(0),
            "{name} failed under gdb:\n{}",
            run.gdb_out
        );
        cases += 1;
        core_total += run.core.len();
        if memchr::memmem::find(&run.core, control.as_bytes()).is_some() {
            controls += 1;
        }
        let mut n = needles(&pass, &token, &dek, &kek, canaries);
        n.extend_from_slice(keys);
        for (label, off) in scan_bytes(&run.core, &n) {
            found.push(format!(
                "{name}: {label} at {off:#x}: …{}…",
                context(&run.core, off)
            ));
        }
    };
    check("init", init, &[], &[]);
    let add_json = canary_incident(&c_add, "followed");
    check(
        "add",
        core_at_exit(
            &e,
            &["add", "--input", "json"],
            &[&pass],
            add_json.as_bytes(),
            &control,
            false,
        ),
        &[&c_add],
        &[],
    );
    check(
        "show",
        core_at_exit(&e, &["show", &id], &[&pass], b"", &control, false),
        &[&c_setup],
        &[],
    );
    // The query on stdin, not argv (argv is never wiped and is not ours to wipe).
    check(
        "search",
        core_at_exit(
            &e,
            &["search"],
            &[&pass],
            c_setup.as_bytes(),
            &control,
            false,
        ),
        &[&c_setup],
        &[],
    );
    check(
        "export",
        core_at_exit(
            &e,
            &export_args(&recipient, &out, &id),
            &[&pass],
            b"",
            &control,
            false,
        ),
        &[&c_setup],
        &[],
    );
    assert!(out.exists(), "export wrote no bundle");

    // An attachment: its content (a canary repeated over several 64 KiB chunks) and its own
    // key, which the store's cipher (ring, which does not wipe its keys itself) must not
    // leave behind — at intake (the key is read from the vault after the run) and extract.
    let c_file = canary("MEMFILE", LATIN);
    let file = e.home().join("evidence.bin");
    std::fs::write(&file, c_file.repeat(300_000 / c_file.len())).unwrap();
    let attach = core_at_exit(
        &e,
        &["attach", &id, file.to_str().unwrap()],
        &[&pass],
        b"",
        &control,
        false,
    );
    std::fs::remove_file(&file).unwrap();
    let content_key: Vec<u8> = open_lib(&e.vault(), &pass)
        .db
        .conn()
        .query_row("SELECT content_key FROM attachments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(content_key.len(), 32);
    let key_needle = [("attachment content key".to_string(), content_key)];
    check("attach", attach, &[&c_file], &key_needle);
    let extracted = e.home().join("extracted.bin");
    check(
        "attachment extract",
        core_at_exit(
            &e,
            &[
                "attachment",
                "extract",
                &format!("{id}/1"),
                "--original",
                "-o",
                extracted.to_str().unwrap(),
            ],
            &[&pass],
            b"",
            &control,
            false,
        ),
        &[&c_file],
        &key_needle,
    );
    assert!(
        std::fs::read(&extracted)
            .unwrap()
            .starts_with(c_file.as_bytes()),
        "extract wrote the wrong bytes"
    );

    // Negative control: the same commands with wiping off leave the incident text behind.
    let mut control_hits = vec![];
    if cfg!(debug_assertions) {
        let add = core_at_exit(
            &e,
            &["add", "--input", "json"],
            &[&pass],
            canary_incident(&c_add, "followed").as_bytes(),
            &control,
            true,
        );
        let show = core_at_exit(&e, &["show", &id], &[&pass], b"", &control, true);
        // `init` of a second vault with the same passphrase: zxcvbn's and the reader's copies.
        let e2 = Env::new();
        let init2 = core_at_exit(&e2, &init_args, &[&pass], b"", &control, true);
        assert_eq!(
            init2.code,
            Some(0),
            "init (no wipe) failed:\n{}",
            init2.gdb_out
        );
        control_hits.push((
            "init: passphrase",
            memchr::memmem::find_iter(&init2.core, token.as_bytes()).count(),
        ));
        drop(init2);
        for (name, run, c) in [("add", add, &c_add), ("show", show, &c_setup)] {
            assert_eq!(
                run.code,
                Some(0),
                "{name} (no wipe) failed:\n{}",
                run.gdb_out
            );
            control_hits.push((
                name,
                memchr::memmem::find_iter(&run.core, c.as_bytes()).count(),
            ));
        }
    }

    figure(
        "memory",
        "gcore at exit (init, add, show, search, export, attach, attachment extract): copies of passphrase, data key, incident text",
        cases,
        found.len(),
        &format!(
            "environment control found in {controls}/{cases} cores; wiping off: incident canary hits {control_hits:?}; {} MiB of core searched",
            core_total / (1024 * 1024)
        ),
    );
    assert_eq!(
        controls, cases,
        "the environment canary was not in every core: the dump or the search is broken"
    );
    // The incident-text controls prove the search sees what the allocator removes. The
    // `init` passphrase control is reported, not required: whether zxcvbn's freed copies
    // survive until exit without wiping depends on allocator reuse in that short run.
    for (name, hits) in &control_hits {
        if *name == "init: passphrase" {
            continue;
        }
        assert!(
            *hits > 0,
            "with wiping off, `{name}` left no incident text: the test cannot see what the allocator removes"
        );
    }
    assert!(
        found.is_empty(),
        "copies left in memory at exit:\n{}",
        found.join("\n")
    );
}
