//! I/O faults (I1, I8): every writing command under a full disk, failing fsync/fdatasync and
//! read-only storage. The promise: a command that cannot do its work exits non-zero with a
//! clear message, prints no "success", writes no output file, and leaves the vault as it
//! was (or, for EIO after the point of no return, in the new state) — never a silent
//! success, never a vault that no longer opens.
//!
//! The state of a vault is read through the library after each run: incidents (ids removed:
//! they are random) with their attachments, deleted count, key-slot labels, categories,
//! contacts, the export log, which passphrase opens, `check`'s findings, and the file names.
//!
//! Quick tier: two free-space levels and every fsync point of each command. Long tier
//! (SANDYK_TORTURE=1, run by scripts/torture): 4 KiB steps of free space.
//! Needs root (tmpfs and bind mounts) and strace. SANDYK_SKIP_ROOT_TESTS=1 skips.

use std::path::{Path, PathBuf};

use crate::support::*;

const PASS2: &str = "second passphrase Чолпон өңү";
/// A lawyer's age recipient (its identity is not needed here).
const LAWYER: &str = "age185q7vmsjvkrutmhe0sde32kgcnvk2je4mhdcrvcyqna4vju405ss6exyd5";

/// A writing command and how to run it against a prepared vault.
struct Case {
    name: &'static str,
    /// Needs an existing vault (false: init).
    needs_vault: bool,
    /// Arguments; `@OUT` is replaced by an output path next to the vault.
    args: Vec<String>,
    secrets: Vec<&'static str>,
    stdin: Vec<u8>,
    /// Words that mean "it worked" and must not appear after a failure.
    success_words: &'static [&'static str],
    /// Database writes after the key file is committed are best effort by design (seal:
    /// "the key file is what counts", src/emergency/seal.rs): their fsync failures may be
    /// ignored.
    db_best_effort_after_key_commit: bool,
}

impl Case {
    fn args_in(&self, e: &Env) -> Vec<String> {
        let out = out_path(e).display().to_string();
        self.args
            .iter()
            .map(|a| if a == "@OUT" { out.clone() } else { a.clone() })
            .collect()
    }
}

fn out_path(e: &Env) -> PathBuf {
    e.root.path().join("out").join("bundle.age")
}

fn big_narrative(tag: &str) -> String {
    // ~40 KiB, so that a full disk bites inside the transaction, not only at its start.
    let mut s = String::new();
    while s.len() < 40 * 1024 {
        s.push_str(&format!("{tag} Үч киши ээрчиди, сүрөткө тартты. "));
    }
    s
}

/// A file to attach (outside the file system under test): 256 KiB of varied bytes.
fn attachment_source() -> &'static Path {
    static SRC: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &SRC.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("recording.m4a");
        let mut x: u32 = 0x1234_5678;
        let bytes: Vec<u8> = (0..256 * 1024)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        std::fs::write(&p, bytes).unwrap();
        (d, p)
    })
    .1
}

/// The base vault every case starts from: two incidents (ids returned).
fn base_vault() -> (Env, Vec<String>) {
    let e = Env::new();
    e.init();
    let mut ids = e.add_json(&canary_incident("base-one", "followed"));
    ids.extend(e.add_json(&canary_incident("base-two", "raid")));
    (e, ids)
}

fn cases(ids: &[String]) -> Vec<Case> {
    let add = serde_json::json!({"title": "Disk full", "occurred": "вчера", "category": "raid",
        "narrative": big_narrative("add")})
    .to_string();
    let amend = serde_json::json!({"narrative": big_narrative("amend")}).to_string();
    let mut init_args = vec!["init".to_owned()];
    init_args.extend(kdf_args().iter().map(|s| s.to_string()));
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let src = attachment_source().display().to_string();
    let mut v = vec![
        Case {
            name: "init",
            needs_vault: false,
            args: init_args,
            secrets: vec![PASS],
            stdin: vec![],
            success_words: &["vault created"],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "add",
            needs_vault: true,
            args: s(&["add", "--input", "json"]),
            secrets: vec![PASS],
            stdin: add.into_bytes(),
            success_words: &[],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "amend",
            needs_vault: true,
            args: s(&["amend", &ids[0], "--input", "json"]),
            secrets: vec![PASS],
            stdin: amend.into_bytes(),
            success_words: &["amended incident"],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "delete",
            needs_vault: true,
            args: s(&["delete", &ids[1], "--yes"]),
            secrets: vec![PASS],
            stdin: vec![],
            success_words: &["deleted incident"],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "passphrase change",
            needs_vault: true,
            args: s(&["passphrase", "change", "--kdf-target-ms", "1"]),
            secrets: vec![PASS, PASS2],
            stdin: vec![],
            success_words: &["passphrase changed"],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "passphrase add",
            needs_vault: true,
            args: s(&["passphrase", "add", "--label", "второй"]),
            secrets: vec![PASS, PASS2],
            stdin: vec![],
            success_words: &["” added"],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "recovery-key",
            needs_vault: true,
            args: s(&["recovery-key"]),
            secrets: vec![PASS],
            stdin: vec![],
            success_words: &["recovery key (write"],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "category add",
            needs_vault: true,
            args: s(&[
                "category",
                "add",
                "checkpoint_search",
                "--label",
                "Текшерүү",
            ]),
            secrets: vec![PASS],
            stdin: vec![],
            success_words: &["” added"],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "contact add",
            needs_vault: true,
            args: s(&["contact", "add", "lawyer", LAWYER]),
            secrets: vec![PASS],
            stdin: vec![],
            success_words: &["added contact"],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "attach",
            needs_vault: true,
            args: s(&["attach", &ids[0], &src]),
            secrets: vec![PASS],
            stdin: vec![],
            success_words: &["attached "],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "export",
            needs_vault: true,
            args: s(&["export", "--all", "--to", LAWYER, "-o", "@OUT"]),
            secrets: vec![PASS],
            stdin: vec![],
            success_words: &["bundle written"],
            db_best_effort_after_key_commit: false,
        },
        Case {
            name: "seal",
            needs_vault: true,
            args: s(&["seal", "--to", LAWYER, "--yes"]),
            secrets: vec![PASS],
            stdin: vec![],
            success_words: &["sealed."],
            db_best_effort_after_key_commit: true,
        },
        Case {
            name: "duress set",
            needs_vault: true,
            args: s(&["duress", "set", "--action", "destroy"]),
            secrets: vec![PASS, "duress Айгүл 911"],
            stdin: vec![],
            success_words: &["duress passphrase set"],
            db_best_effort_after_key_commit: false,
        },
    ];
    // Commands that do not exist in this build are left out (and named in the figure).
    let help = std::process::Command::new(bin())
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    v.retain(|c| {
        help.lines()
            .any(|l| l.split_whitespace().next() == c.args[0].split_whitespace().next())
    });
    v
}

/// What can be observed of a vault (see `vault_state`), trying the old then the new
/// passphrase.
fn state(e: &Env) -> String {
    vault_state(e, &[("old", PASS), ("new", PASS2)])
}

/// A fresh environment (under `parent` if given) holding a copy of the base vault.
fn prepare(base: &Env, c: &Case, parent: Option<&Path>) -> Env {
    let root = match parent {
        Some(p) => tempfile::tempdir_in(p).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    let e = Env { root };
    std::fs::create_dir_all(e.home()).unwrap();
    std::fs::create_dir_all(e.tmp()).unwrap();
    std::fs::create_dir_all(e.root.path().join("out")).unwrap();
    if c.needs_vault {
        std::fs::create_dir_all(e.vault()).unwrap();
        for f in std::fs::read_dir(base.vault()).unwrap().flatten() {
            std::fs::copy(f.path(), e.vault().join(f.file_name())).unwrap();
        }
    }
    e
}

fn run_case(e: &Env, c: &Case, strace: Option<&[std::ffi::OsString]>) -> std::process::Output {
    let args = c.args_in(e);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match strace {
        None => e.run(&args, &c.secrets, &c.stdin),
        Some(pre) => run_with_stdin(wrapped(e, "strace", pre, &args, &c.secrets), &c.stdin),
    }
}

/// Judge one faulty run. Returns what was wrong, if anything.
fn judge(
    c: &Case,
    o: &std::process::Output,
    now: &str,
    before: &str,
    after: &str,
    allow_after: bool,
) -> Option<String> {
    let err = stderr(o);
    if o.status.success() {
        return (visible(now) != visible(after)).then(|| {
            format!("SILENT SUCCESS: exit 0 but the state is not the expected one:\n{now}")
        });
    }
    if !err.contains("sandyk: error:") {
        return Some(format!("failure without the standard error message: {err}"));
    }
    if err.contains("internal error") {
        return Some(format!("panic: {err}"));
    }
    let lower = err.to_lowercase();
    if let Some(w) = c.success_words.iter().find(|w| lower.contains(*w)) {
        return Some(format!("failure printed a success word ({w}): {err}"));
    }
    if !stdout(o).trim().is_empty() {
        return Some(format!("failure printed data on stdout: {}", stdout(o)));
    }
    if now == before || (allow_after && visible(now) == visible(after)) {
        return None;
    }
    Some(format!(
        "failed, and the vault changed:\nbefore {before}\nnow {now}"
    ))
}

#[test]
fn disk_full_every_writing_command() {
    if !root_tests_enabled("disk-full tests") {
        return;
    }
    let (base, ids) = base_vault();
    let levels: Vec<u64> = if long_tier() {
        (0..=64)
            .map(|i| i * 4096)
            .chain([512 * 1024, 1024 * 1024])
            .collect()
    } else {
        vec![0, 32 * 1024]
    };
    let mut runs = 0;
    let mut bad = vec![];
    let mut refused = 0;
    let all = cases(&ids);
    for c in &all {
        let scratch = prepare(&base, c, None);
        let before = state(&scratch);
        assert_ok(&run_case(&scratch, c, None));
        let after = state(&scratch);
        for &free in &levels {
            let (_h, mnt) = tmpfs(8192);
            let e = prepare(&base, c, Some(&mnt.dir));
            let filler = fill_leaving(&mnt.dir, free);
            let o = run_case(&e, c, None);
            std::fs::remove_file(&filler).unwrap();
            runs += 1;
            let now = state(&e);
            let mut problem = judge(c, &o, &now, &before, &after, false);
            if problem.is_none() && !o.status.success() {
                refused += 1;
                if !stderr(&o).contains("disk is full") {
                    problem = Some(format!(
                        "disk-full failure without saying so: {}",
                        stderr(&o)
                    ));
                }
            }
            if let Some(p) = problem {
                bad.push(format!("{} with {free} bytes free: {p}", c.name));
            }
        }
    }
    figure(
        "io-faults",
        &format!(
            "disk full (tmpfs): {} writing commands × {} free-space levels",
            all.len(),
            levels.len()
        ),
        runs,
        bad.len(),
        &format!(
            "{refused} refused with 'the disk is full', the rest succeeded with the expected state"
        ),
    );
    assert!(
        bad.is_empty(),
        "{} of {runs} disk-full runs went wrong:\n{}",
        bad.len(),
        bad.join("\n\n")
    );
}

#[test]
fn eio_on_every_fsync_of_every_writing_command() {
    if !root_tests_enabled("fsync EIO tests (strace)") {
        return;
    }
    require_strace();
    let (base, ids) = base_vault();
    let mut runs = 0;
    let mut loud = 0;
    let mut ignored_by_design = 0;
    let mut bad = vec![];
    let all = cases(&ids);
    for c in &all {
        let probe = prepare(&base, c, None);
        let before = state(&probe);
        let args = c.args_in(&probe);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let points = sync_points(&probe, &args, &c.secrets, &c.stdin);
        let after = state(&probe);
        assert!(!points.is_empty(), "{} makes no fsync at all", c.name);
        let n = points.len();
        for (k, (path, kind)) in points.iter().enumerate().map(|(i, p)| (i + 1, p)) {
            let e = prepare(&base, c, None);
            let o = run_case(
                &e,
                c,
                Some(&fail_at("fsync,fdatasync", "EIO", &k.to_string())),
            );
            runs += 1;
            let now = state(&e);
            let after_key_commit = points[..k - 1].windows(2).any(|w| {
                w[0].0
                    .rsplit('/')
                    .next()
                    .is_some_and(|n| n.starts_with(".tmp-"))
                    && Path::new(&w[1].0).is_dir()
            });
            let best_effort = c.db_best_effort_after_key_commit && after_key_commit;
            let problem = if o.status.success() && *kind == SyncKind::Essential && !best_effort {
                Some("SILENT SUCCESS: exit 0 although an fsync failed".to_owned())
            } else {
                if o.status.success() {
                    ignored_by_design += 1;
                } else {
                    loud += 1;
                }
                judge(c, &o, &now, &before, &after, true)
            };
            if let Some(p) = problem {
                let short = path.rsplit('/').next().unwrap_or(path);
                bad.push(format!(
                    "{}: EIO at fsync #{k} of {n} ({short}, {kind:?}): {p}",
                    c.name
                ));
            }
        }
    }
    figure(
        "io-faults",
        &format!("EIO at each fsync/fdatasync of {} writing commands", all.len()),
        runs,
        bad.len(),
        &format!(
            "{loud} failed loudly; {ignored_by_design} succeeded because that fsync's failure is ignored by design \
             (SQLite's directory sync after creating its journal; the scrub of a replaced key file; \
             seal's label clean-up after the key file is sealed)"
        ),
    );
    assert!(
        bad.is_empty(),
        "{} of {runs} EIO runs went wrong:\n{}",
        bad.len(),
        bad.join("\n\n")
    );
}

fn require_strace() {
    let ok = std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "this test needs `strace` (Debian: apt-get install strace); CI installs it"
    );
}

#[test]
fn read_only_vault_refuses_writes_and_still_reads() {
    if !root_tests_enabled("read-only mount tests") {
        return;
    }
    let (base, ids) = base_vault();
    let expected_list = {
        let o = base.run(&["list", "--json"], &[PASS], b"");
        assert_ok(&o);
        stdout(&o)
    };
    let snap: Vec<(String, Vec<u8>)> = std::fs::read_dir(base.vault())
        .unwrap()
        .flatten()
        .map(|f| {
            (
                f.file_name().to_string_lossy().into_owned(),
                std::fs::read(f.path()).unwrap(),
            )
        })
        .collect();
    let mut runs = 0;
    let mut bad = vec![];
    let all = cases(&ids);
    // The vault seen through a read-only bind mount; HOME, TMPDIR and the output directory
    // stay writable (the vault's storage is what is read-only).
    let e = prepare(&base, &all[1], None);
    let (_, _) = (
        std::fs::remove_dir_all(e.vault()),
        std::fs::create_dir(e.vault()),
    );
    let _ro = readonly_bind(&base.vault(), &e.vault());
    let empty = tempfile::tempdir().unwrap();
    let e_init = prepare(&base, &all[0], None);
    let _ro_init = readonly_bind(empty.path(), &e_init.vault());
    for c in &all {
        let target = if c.needs_vault { &e } else { &e_init };
        let o = run_case(target, c, None);
        runs += 1;
        let err = stderr(&o);
        if o.status.success() {
            bad.push(format!("{}: SILENT SUCCESS on read-only storage", c.name));
        } else if !err.contains("sandyk: error:") || err.contains("internal error") {
            bad.push(format!("{}: unclear failure: {err}", c.name));
        } else if !err.contains("read-only") {
            bad.push(format!(
                "{}: the message does not say the storage is read-only: {err}",
                c.name
            ));
        }
    }
    // Read commands work and see the same data.
    let reads: Vec<(Vec<&str>, &[u8])> = vec![
        (vec!["list", "--json"], b""),
        (vec!["show", ids[0].as_str(), "--json"], b""),
        (vec!["history", ids[0].as_str(), "--json"], b""),
        (vec!["search", "--json"], b"base-one"),
        (vec!["check"], b""),
        (vec!["passphrase", "list"], b""),
        (vec!["category", "list"], b""),
    ];
    let mut read_ok = 0;
    for (args, stdin) in &reads {
        let o = e.run(args, &[PASS], stdin);
        if o.status.success() {
            read_ok += 1;
            if args[0] == "list" {
                assert_eq!(
                    stdout(&o),
                    expected_list,
                    "list differs on the read-only vault"
                );
            }
        } else {
            bad.push(format!(
                "read command {args:?} failed on a read-only vault: {}",
                stderr(&o)
            ));
        }
    }
    for (name, bytes) in &snap {
        assert_eq!(
            &std::fs::read(base.vault().join(name)).unwrap(),
            bytes,
            "{name} changed"
        );
    }
    figure(
        "io-faults",
        "read-only mount: writing commands refused loudly",
        runs,
        bad.iter()
            .filter(|b| !b.starts_with("read command"))
            .count(),
        &format!("read commands working: {read_ok}/{}", reads.len()),
    );
    assert!(bad.is_empty(), "read-only vault:\n{}", bad.join("\n"));
}
