//! Crash sweeps (I1, I2, I3, I7) for the writing commands not swept elsewhere: init,
//! passphrase add, recovery-key, contact add, attach, delete with an attachment, `attachment
//! delete` of one attachment (a photo: two content files), the
//! migration of a v1 attachment into the store (run by `list`), seal, unseal, duress set,
//! import.
//! (`passphrase change`, `add`, `amend`, `delete`: tests/core_crash.rs; `export`:
//! tests/bundle_crash.rs; `panic`: tests/emergency_wipe.rs.)
//!
//! The real binary is killed with SIGKILL at the k-th call of a mutating system call
//! (`strace -e inject=SYSCALL:signal=SIGKILL:when=K`). After each kill the vault must be in
//! the state before or the state after the command — read through the library (see
//! `vault_state`) — and some key must open it: a sealed vault must unseal with the
//! lawyer's identity and hold the data it held before. A run that exited 0 must be in the
//! state after. An interrupted `init` may leave no vault, but `init` must then succeed.
//!
//! Quick tier: the rare syscalls and an even sample of the writes (about 8 kill points per
//! command). Long tier
//! (SANDYK_TORTURE=1, scripts/torture): every call of every syscall in the set.
//! `SANDYK_CRASH_ONLY=attach,delete-with-attachment` (names with `-` for spaces) limits the
//! sweep to those commands (e.g. every syscall of the attachment store's two writers).
//! A process kill is not a power loss: this tests the order of our writes and SQLite's
//! journal, not the disk's cache. Needs strace; SANDYK_SKIP_ROOT_TESTS=1 skips.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use crate::support::*;

const PASS2: &str = "second passphrase Чолпон өңү";
const PASS3: &str = "after unseal Жаңыл 2026";
const DURESS: &str = "duress Айгүл 911";
const SYSCALLS: &str = "write,pwrite64,fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat,ftruncate,mkdir,mkdirat,rmdir";

struct Lawyer {
    _dir: tempfile::TempDir,
    key: PathBuf,
    recipient: String,
}

fn lawyer() -> Lawyer {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("lawyer.key");
    let o = std::process::Command::new(bin())
        .arg("keygen")
        .arg("-o")
        .arg(&key)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "keygen: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let recipient = String::from_utf8_lossy(&o.stdout).trim().to_owned();
    Lawyer {
        _dir: dir,
        key,
        recipient,
    }
}

struct Case {
    name: &'static str,
    /// The vault the command starts from (None: no vault, for init).
    base: Option<PathBuf>,
    args: Vec<String>,
    secrets: Vec<&'static str>,
    /// Passphrases to read the state with (never the duress one).
    passes: Vec<(&'static str, &'static str)>,
}

fn prepare(c: &Case) -> Env {
    let e = Env::new();
    std::fs::create_dir_all(e.home()).unwrap();
    std::fs::create_dir_all(e.tmp()).unwrap();
    std::fs::create_dir_all(e.root.path().join("out")).unwrap();
    if let Some(b) = &c.base {
        // Files and the attachment store.
        copy_dir(b, &e.vault());
    }
    e
}

fn run(e: &Env, c: &Case, pre: Option<&[OsString]>) -> std::process::Output {
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    match pre {
        None => e.run(&args, &c.secrets, b""),
        Some(pre) => run_with_stdin(wrapped(e, "strace", pre, &args, &c.secrets), b""),
    }
}

/// How many times the command calls each syscall of the set.
fn counts(c: &Case) -> BTreeMap<String, usize> {
    let e = prepare(c);
    let log = tempfile::NamedTempFile::new().unwrap();
    let pre: Vec<OsString> = vec![
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        log.path().into(),
        "-e".into(),
        format!("trace={SYSCALLS}").into(),
    ];
    let o = run(&e, c, Some(&pre));
    assert_ok(&o);
    let mut m = BTreeMap::new();
    for l in std::fs::read_to_string(log.path()).unwrap().lines() {
        if l.contains("resumed>") || l.starts_with("+++") || l.starts_with("---") {
            continue;
        }
        // "PID name(" possibly with "<unfinished ...>".
        let Some(name) = l
            .split_whitespace()
            .nth(1)
            .and_then(|t| t.split('(').next())
        else {
            continue;
        };
        *m.entry(name.to_owned()).or_insert(0) += 1;
    }
    m
}

fn sample(counts: &BTreeMap<String, usize>, all: bool) -> Vec<(String, usize)> {
    let every: Vec<(String, usize)> = counts
        .iter()
        .flat_map(|(s, n)| (1..=*n).map(move |k| (s.clone(), k)))
        .collect();
    if all || every.len() <= 8 {
        return every;
    }
    // Every call of the rare syscalls (fsync, rename, link, unlink, ...), then an even
    // sample of the writes up to 8 points.
    let mut out: Vec<(String, usize)> = every
        .iter()
        .filter(|(s, _)| !s.contains("write"))
        .cloned()
        .collect();
    let writes: Vec<&(String, usize)> = every.iter().filter(|(s, _)| s.contains("write")).collect();
    let room = 8usize.saturating_sub(out.len()).max(3);
    for i in 0..room.min(writes.len()) {
        out.push(writes[i * writes.len() / room.min(writes.len())].clone());
    }
    out
}

fn line_of<'a>(state: &'a str, prefix: &str) -> Option<&'a str> {
    state.lines().find(|l| l.starts_with(prefix))
}

/// The data a vault holds (incidents, deleted count), for comparing across an unseal.
fn data_of(state: &str) -> String {
    format!(
        "{:?} {:?}",
        line_of(state, "incidents "),
        line_of(state, "deleted ")
    )
}

/// Judge the vault after a kill or an exit. Returns what was wrong, if anything.
fn judge(
    e: &Env,
    c: &Case,
    o: &std::process::Output,
    before: &str,
    after: &str,
    law: &Lawyer,
) -> Option<String> {
    let now = vault_state(e, &c.passes);
    if o.status.success() {
        return (visible(&now) != visible(after))
            .then(|| format!("exit 0 but not the state after:\n{now}"));
    }
    let key_of = |s: &str| {
        s.rsplit_once("\nkey file ")
            .map(|(_, k)| k.to_owned())
            .unwrap_or_default()
    };
    if visible(&now) == visible(before) && key_of(&now) != key_of(before) {
        // Everything visible is as before, yet the key file changed: a slot was written
        // whose label never reached the database (a working key that no list shows).
        return Some(format!(
            "the key file changed but nothing else did (an unlisted slot):\n{now}"
        ));
    }
    if visible(&now) == visible(before) || visible(&now) == visible(after) {
        return None;
    }
    if now.starts_with("no vault") && before.starts_with("no vault") {
        // An interrupted init: nothing was acknowledged; init must work again.
        let mut args = vec!["init"];
        args.extend(kdf_args());
        let o = e.run(&args, &[PASS], b"");
        return (!o.status.success())
            .then(|| format!("init after an interrupted init failed: {}", stderr(&o)));
    }
    if now.contains(": sealed") {
        // Sealed (the kill came after the key file was sealed): the lawyer's key must open
        // it, with the data it held before.
        let scratch = Env::new();
        copy_dir(&e.vault(), &scratch.vault());
        let key = law.key.display().to_string();
        let o = scratch.run(
            &["unseal", "--identity", &key, "--kdf-target-ms", "1"],
            &[PASS3],
            b"",
        );
        if !o.status.success() {
            return Some(format!(
                "sealed, and the lawyer's key does not open it: {}",
                stderr(&o)
            ));
        }
        let un = vault_state(&scratch, &[("unsealed", PASS3)]);
        let before_data = if before.contains(": sealed") {
            None
        } else {
            Some(data_of(before))
        };
        if let Some(d) = before_data {
            if data_of(&un) != d {
                return Some(format!(
                    "unsealed, but the data differs:\n{un}\nbefore:\n{before}"
                ));
            }
        }
        return None;
    }
    if !now.contains(": opens") {
        return Some(format!("NO KEY OPENS THE VAULT:\n{now}"));
    }
    Some(format!(
        "neither the state before nor after:\nbefore {before}\nafter {after}\nnow {now}"
    ))
}

#[test]
fn crash_sweeps_of_the_other_writing_commands() {
    if !root_tests_enabled("crash sweeps (strace)") {
        return;
    }
    let ok = std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "this test needs `strace` (Debian: apt-get install strace); CI installs it"
    );
    let law = lawyer();
    // The base vault: two incidents.
    let base = Env::new();
    base.init();
    let ids = base.add_json(&canary_incident("crash-one", "followed"));
    base.add_json(&canary_incident("crash-two", "raid"));
    // A sealed copy (for unseal), and a bundle with a lawyer vault (for import).
    let sealed = Env::new();
    copy_dir(&base.vault(), &sealed.vault());
    assert_ok(&sealed.run(&["seal", "--to", &law.recipient, "--yes"], &[PASS], b""));
    let bundle = base.root.path().join("bundle.age");
    let bundle_s = bundle.display().to_string();
    assert_ok(&base.run(
        &["export", "--all", "--to", &law.recipient, "-o", &bundle_s],
        &[PASS],
        b"",
    ));
    let base_signer = stdout(&base.run(&["bundle", "signer"], &[PASS], b""))
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let lawyer_vault = Env::new();
    lawyer_vault.init();
    let src = base.root.path().join("photo.bin");
    std::fs::write(
        &src,
        (0..200_000u32)
            .map(|i| (i * 7 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();

    // A vault whose first incident has an attachment in the store (4 chunks), for the
    // deletion that destroys its key and removes its content file.
    let with_att = Env::new();
    copy_dir(&base.vault(), &with_att.vault());
    assert_ok(&with_att.run(&["attach", &ids[0], src.to_str().unwrap()], &[PASS], b""));

    // A vault whose first incident has two attachments, the first a photo (original and
    // working copy: two content files), for `attachment delete` of the photo.
    let with_two = Env::new();
    copy_dir(&base.vault(), &with_two.vault());
    let photo2 = base.root.path().join("photo2.jpg");
    std::fs::write(&photo2, gps_jpeg()).unwrap();
    assert_ok(&with_two.run(
        &[
            "attach",
            &ids[0],
            photo2.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));
    let photo_ref = format!("{}/1", ids[0]);

    // A vault from before the store (schema v6) with one attachment (a photo: original and
    // working copy, so one transaction moves two content files): any command unlocking it
    // moves the attachment into the store.
    let v1 = Env::new();
    copy_dir(&base.vault(), &v1.vault());
    let photo = base.root.path().join("photo.jpg");
    std::fs::write(&photo, gps_jpeg()).unwrap();
    assert_ok(&v1.run(&["attach", &ids[0], photo.to_str().unwrap()], &[PASS], b""));
    make_v1_attachments(&v1.vault(), PASS);

    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut init_args = vec!["init".to_owned()];
    init_args.extend(kdf_args().iter().map(|x| x.to_string()));
    let key = law.key.display().to_string();
    let both = vec![("old", PASS), ("new", PASS2)];
    let cases = vec![
        Case {
            name: "init",
            base: None,
            args: init_args,
            secrets: vec![PASS],
            passes: both.clone(),
        },
        Case {
            name: "passphrase add",
            base: Some(base.vault()),
            args: s(&["passphrase", "add", "--label", "второй"]),
            secrets: vec![PASS, PASS2],
            passes: both.clone(),
        },
        Case {
            name: "recovery-key",
            base: Some(base.vault()),
            args: s(&["recovery-key"]),
            secrets: vec![PASS],
            passes: both.clone(),
        },
        Case {
            name: "contact add",
            base: Some(base.vault()),
            args: s(&["contact", "add", "lawyer", &law.recipient]),
            secrets: vec![PASS],
            passes: both.clone(),
        },
        Case {
            name: "attach",
            base: Some(base.vault()),
            args: s(&["attach", &ids[0], src.to_str().unwrap()]),
            secrets: vec![PASS],
            passes: both.clone(),
        },
        Case {
            name: "delete with attachment",
            base: Some(with_att.vault()),
            args: s(&["delete", &ids[0], "--yes"]),
            secrets: vec![PASS],
            passes: both.clone(),
        },
        Case {
            name: "delete attachment",
            base: Some(with_two.vault()),
            args: s(&["attachment", "delete", &photo_ref, "--yes"]),
            secrets: vec![PASS],
            passes: both.clone(),
        },
        Case {
            name: "migrate attachments",
            base: Some(v1.vault()),
            args: s(&["list"]),
            secrets: vec![PASS],
            passes: both.clone(),
        },
        Case {
            name: "seal",
            base: Some(base.vault()),
            args: s(&["seal", "--to", &law.recipient, "--yes"]),
            secrets: vec![PASS],
            passes: both.clone(),
        },
        Case {
            name: "unseal",
            base: Some(sealed.vault()),
            args: s(&["unseal", "--identity", &key, "--kdf-target-ms", "1"]),
            secrets: vec![PASS3],
            passes: vec![("old", PASS), ("unsealed", PASS3)],
        },
        Case {
            name: "duress set",
            base: Some(base.vault()),
            args: s(&["duress", "set", "--action", "destroy"]),
            secrets: vec![PASS, DURESS],
            passes: both.clone(),
        },
        Case {
            name: "import",
            base: Some(lawyer_vault.vault()),
            args: s(&[
                "import",
                &bundle_s,
                "--identity",
                &key,
                "--signer",
                &base_signer,
            ]),
            secrets: vec![PASS],
            passes: both.clone(),
        },
    ];
    let all = long_tier();
    let only: Option<Vec<String>> = std::env::var("SANDYK_CRASH_ONLY")
        .ok()
        .map(|v| v.split(',').map(|n| n.trim().replace('-', " ")).collect());
    let cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| only.as_ref().is_none_or(|o| o.iter().any(|n| n == c.name)))
        .collect();
    let mut total = 0;
    let mut bad = vec![];
    let mut per = vec![];
    for c in &cases {
        let before = vault_state(&prepare(c), &c.passes);
        let done = prepare(c);
        assert_ok(&run(&done, c, None));
        let after = vault_state(&done, &c.passes);
        let counts = counts(c);
        let points = sample(&counts, all);
        let mut killed = 0;
        for (sys, k) in &points {
            let e = prepare(c);
            let o = run(&e, c, Some(&kill_at(sys, *k)));
            total += 1;
            if o.status.code().is_none() || o.status.code() == Some(137) {
                killed += 1;
            }
            if let Some(p) = judge(&e, c, &o, &before, &after, &law) {
                bad.push(format!("{}: SIGKILL at {sys} #{k}: {p}", c.name));
            }
        }
        per.push(format!(
            "{} {}/{} ({killed} killed)",
            c.name,
            points.len(),
            counts.values().sum::<usize>()
        ));
    }
    figure(
        "crash",
        &format!(
            "SIGKILL at mutating syscalls of {} commands ({})",
            cases.len(),
            cases.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
        ),
        total,
        bad.len(),
        &format!(
            "points run/available per command: {}{}",
            per.join(", "),
            if all {
                ""
            } else {
                " (quick sample; SANDYK_TORTURE=1 for all)"
            }
        ),
    );
    assert!(
        bad.is_empty(),
        "{} of {total} crash points went wrong:\n{}",
        bad.len(),
        bad.join("\n\n")
    );
}
