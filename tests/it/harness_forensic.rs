//! Forensic scan (I5): no plaintext at rest, anywhere on the file system.
//!
//! A whole workflow runs on a loop-mounted ext4 image that also holds HOME and TMPDIR; the
//! image is unmounted and its RAW bytes (free blocks and the journal included) are searched
//! for every canary in UTF-8, UTF-16LE/BE, base64 (three alignments), hex, and case-folded
//! forms. A positive control (a plaintext file written and deleted on the same image) must
//! be found, so the scan is shown to reach free blocks. The data key must not be on disk
//! either.
//!
//! Quick tier: `forensic_scan_quick` (64 MiB image, a short workflow). Long tier:
//! `forensic_scan_full` (ignored; run by scripts/forensic and scripts/torture).
//! Needs root and loop devices (CI runs as root); SANDYK_SKIP_ROOT_TESTS=1 skips.

use std::path::Path;

use crate::support::*;

const PASS2: &str = "second passphrase Чолпон өңү";

fn has_command(name: &str) -> bool {
    let o = std::process::Command::new(bin())
        .arg("--help")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .any(|l| l.split_whitespace().next() == Some(name))
}

struct Workflow {
    canaries: Vec<String>,
    killed: usize,
    steps: Vec<String>,
    /// Every version of the key file seen (after each step that rewrites it).
    keyfiles: Vec<Vec<u8>>,
    /// The data key, captured before the vault was destroyed.
    dek: Vec<(String, Vec<u8>)>,
    /// Whether the workflow ended with `panic`.
    panicked: bool,
    /// The key file of a second vault left in place (positive control for the key scan).
    control_keyfile: Option<Vec<u8>>,
}

const PASS3: &str = "third passphrase after unseal Жаңыл";

/// Which optional parts of the workflow run.
struct Parts {
    attach_export: bool,
    seal_import: bool,
    panic: bool,
}

/// Run the workflow in `e` (whose root is on the image). `n` incidents per alphabet,
/// `kills` SIGKILLed writing commands.
fn workflow(e: &Env, n: usize, kills: usize, parts: &Parts, outside: &std::path::Path) -> Workflow {
    let mut w = Workflow {
        canaries: vec![],
        killed: 0,
        steps: vec![],
        keyfiles: vec![],
        dek: vec![],
        panicked: false,
        control_keyfile: None,
    };
    let keyfile = e.vault().join(sandyk::vault::KEYFILE_NAME);
    let grab = |w: &mut Workflow| {
        if let Ok(b) = std::fs::read(&keyfile) {
            if !w.keyfiles.contains(&b) {
                w.keyfiles.push(b);
            }
        }
    };
    e.init();
    grab(&mut w);
    w.steps.push("init".into());
    let mut ids = vec![];
    for i in 0..n {
        for (tag, alpha) in [("KNRY", LATIN), ("КНРЙ", CYRILLIC)] {
            let c = canary(tag, alpha);
            let cat = ["followed", "raid", "home_visit", "threat_in_person"][i % 4];
            ids.extend(e.add_json(&canary_incident(&c, cat)));
            w.canaries.push(c);
        }
    }
    // A batch of two in one call.
    let (c1, c2) = (canary("KNRYB", LATIN), canary("КНРЙБ", CYRILLIC));
    let batch = format!(
        "[{},{}]",
        canary_incident(&c1, "summons"),
        canary_incident(&c2, "detention")
    );
    ids.extend(e.add_json(&batch));
    w.canaries.extend([c1, c2]);
    w.steps.push(format!("add ×{}", ids.len()));
    // Amend: new narrative and title with new canaries.
    for id in ids.iter().take(2) {
        let c = canary("KNRYA", LATIN);
        let j = serde_json::json!({"narrative": format!("Corrected: {c} Түзөтүү"), "title": format!("Amended {c}")});
        let o = e.run(
            &["amend", id, "--input", "json"],
            &[PASS],
            j.to_string().as_bytes(),
        );
        assert_ok(&o);
        w.canaries.push(c);
    }
    w.steps.push("amend ×2".into());
    // Delete one.
    let o = e.run(&["delete", &ids[ids.len() - 1], "--yes"], &[PASS], b"");
    assert_ok(&o);
    w.steps.push("delete".into());
    // Read commands: search (query on stdin), show, history, list.
    let q = w.canaries[0].clone();
    let o = e.run(&["search", "--json"], &[PASS], q.as_bytes());
    assert_ok(&o);
    assert!(
        stdout(&o).contains(&ids[0]),
        "search did not find its canary"
    );
    for args in [
        vec!["show", ids[0].as_str(), "--full"],
        vec!["show", ids[1].as_str(), "--json"],
        vec!["history", ids[0].as_str(), "--json"],
        vec!["list", "--json"],
        vec!["check"],
    ] {
        assert_ok(&e.run(&args, &[PASS], b""));
    }
    w.steps.push("search, show, history, list, check".into());
    // Passphrase change.
    assert_ok(&e.run(
        &["passphrase", "change", "--kdf-target-ms", "1"],
        &[PASS, PASS2],
        b"",
    ));
    w.steps.push("passphrase change".into());
    grab(&mut w);
    // SIGKILLed writers: add and amend, killed at their k-th pwrite64 (the database pages
    // and the rollback journal), each carrying a canary.
    for k in 0..kills {
        let c = canary("KNRYK", LATIN);
        let (args, stdin): (Vec<&str>, String) = if k % 2 == 0 {
            (vec!["add", "--input", "json"], canary_incident(&c, "raid"))
        } else {
            (
                vec!["amend", ids[0].as_str(), "--input", "json"],
                serde_json::json!({"narrative": format!("killed {c}")}).to_string(),
            )
        };
        let o = run_with_stdin(
            wrapped(e, "strace", &kill_at("pwrite64", 2 + k), &args, &[PASS2]),
            stdin.as_bytes(),
        );
        if killed(&o) {
            w.killed += 1;
        }
        w.canaries.push(c);
    }
    w.steps.push(format!("add/amend SIGKILLed ×{}", w.killed));
    // The next command rolls back any hot journal.
    let o = e.run(&["list", "--json"], &[PASS2], b"");
    assert_ok(&o);
    assert_ok(&e.run(&["check"], &[PASS2], b""));
    let mut pass = PASS2;
    if parts.attach_export && has_command("attach") && has_command("export") {
        // The source file lives outside the image (it is the user's own plaintext); sandyk
        // must leave no copy of it on the image.
        let c = canary("KNRYATT", LATIN);
        let cy = canary("КНРЙАТТ", CYRILLIC);
        let src = outside.join("statement.txt");
        std::fs::write(
            &src,
            format!("Witness statement {c}\nКүбөнүн билдирүүсү {cy}\n").repeat(50),
        )
        .unwrap();
        w.canaries.extend([c, cy]);
        assert_ok(&e.run(&["attach", &ids[0], src.to_str().unwrap()], &[pass], b""));
        assert_ok(&e.run(&["attachments", &ids[0]], &[pass], b""));
        // A lawyer's key on the image, and bundles (binary and armored) written to HOME.
        let key = e.home().join("lawyer.key");
        let o = e.run(&["keygen", "-o", key.to_str().unwrap()], &[], b"");
        assert_ok(&o);
        let recipient = stdout(&o).trim().to_owned();
        for (name, armor) in [("bundle.age", false), ("bundle.asc", true)] {
            let out = e.home().join(name);
            let mut args = vec![
                "export",
                "--all",
                "--originals",
                "--to",
                recipient.as_str(),
                "-o",
                out.to_str().unwrap(),
            ];
            if armor {
                args.push("--armor");
            }
            assert_ok(&e.run(&args, &[pass], b""));
        }
        let bundle = e.home().join("bundle.age");
        let (b, k) = (bundle.to_str().unwrap(), key.to_str().unwrap());
        assert_ok(&e.run(&["bundle", "verify", b, "--identity", k], &[pass], b""));
        // An export killed half-way leaves nothing readable either.
        let out = e.home().join("killed.age");
        let args = [
            "export",
            "--all",
            "--originals",
            "--to",
            recipient.as_str(),
            "-o",
            out.to_str().unwrap(),
        ];
        let o = run_with_stdin(
            wrapped(e, "strace", &kill_at("write", 3), &args, &[pass]),
            b"",
        );
        if killed(&o) {
            w.killed += 1;
        }
        w.steps.push(
            "attach, attachments, keygen, export (binary, armored), bundle verify, killed export"
                .into(),
        );
        // The lawyer's side: a second vault on the same image imports the bundle. It stays:
        // its key file is the positive control of the key-material scan.
        let lawyer = Env {
            root: tempfile::Builder::new()
                .prefix("l")
                .tempdir_in(e.root.path())
                .unwrap(),
        };
        lawyer.init();
        let signer = stdout(&e.run(&["bundle", "signer"], &[pass], b""))
            .lines()
            .next()
            .unwrap()
            .to_owned();
        assert_ok(&lawyer.run(
            &["import", b, "--identity", k, "--signer", &signer],
            &[PASS],
            b"",
        ));
        assert_ok(&lawyer.run(&["import", "--list"], &[PASS], b""));
        w.control_keyfile =
            Some(std::fs::read(lawyer.vault().join(sandyk::vault::KEYFILE_NAME)).unwrap());
        std::mem::forget(lawyer);
        w.steps.push("a second vault imports the bundle".into());
        if parts.seal_import {
            // Seal to the lawyer, then unseal with the lawyer's key and a new passphrase.
            assert_ok(&e.run(&["seal", "--to", &recipient, "--yes"], &[pass], b""));
            grab(&mut w);
            assert_ok(&e.run(
                &["unseal", "--identity", k, "--kdf-target-ms", "1"],
                &[PASS3],
                b"",
            ));
            pass = PASS3;
            grab(&mut w);
            w.steps.push("seal, unseal".into());
        }
    }
    assert_ok(&e.run(&["check"], &[pass], b""));
    w.dek = dek_forms(&e.vault(), pass);
    if parts.panic && has_command("panic") {
        grab(&mut w);
        assert_ok(&e.run(&["panic"], &[], b""));
        assert!(!e.vault().exists(), "panic left the vault directory");
        w.panicked = true;
        w.steps.push("panic".into());
    }
    w
}

/// 32-byte fragments of every slot of every key-file version (the wrapped data key), and
/// each version's header.
fn keyfile_fragments(versions: &[Vec<u8>]) -> Vec<(String, Vec<u8>)> {
    use sandyk::vault::keyfile::{HEADER_LEN, N_SLOTS, SLOT_LEN};
    let mut out = vec![];
    for (v, k) in versions.iter().enumerate() {
        out.push((format!("key file v{v} header"), k[..96].to_vec()));
        for s in 0..N_SLOTS {
            let at = HEADER_LEN + s * SLOT_LEN;
            for (i, off) in [0usize, 500, SLOT_LEN - 32].into_iter().enumerate() {
                out.push((
                    format!("key file v{v} slot {s} part {i}"),
                    k[at + off..at + off + 32].to_vec(),
                ));
            }
        }
    }
    out
}

/// The data key, as raw bytes and text forms (it must never reach the disk).
fn dek_forms(vault: &Path, pass: &str) -> Vec<(String, Vec<u8>)> {
    use base64::Engine;
    let k = data_key(vault, pass).to_vec();
    vec![
        ("dek raw".into(), k.clone()),
        ("dek hex".into(), hex::encode(&k).into_bytes()),
        ("dek HEX".into(), hex::encode_upper(&k).into_bytes()),
        (
            "dek base64".into(),
            base64::engine::general_purpose::STANDARD
                .encode(&k)
                .into_bytes(),
        ),
    ]
}

fn forensic(size_mib: u64, n: usize, kills: usize, parts: Parts, label: &str) {
    if !root_tests_enabled("forensic scan") {
        return;
    }
    let mut img = LoopImage::new(size_mib);
    let outside = tempfile::tempdir().unwrap();
    let root = tempfile::Builder::new()
        .prefix("f")
        .tempdir_in(img.dir())
        .unwrap();
    let e = Env { root };
    let w = workflow(&e, n, kills, &parts, outside.path());
    // Positive control: plaintext written, synced and deleted on the same file system, after
    // the workflow: the vault's persistent journal (zeroed after deletes, overwritten by
    // `panic`) may take and overwrite the blocks of a control deleted before it.
    let control = canary("CTRL", LATIN);
    {
        std::fs::create_dir_all(e.home()).unwrap();
        let p = e.home().join("control.txt");
        let mut bytes = vec![];
        for (_, f) in all_forms(&control) {
            bytes.extend_from_slice(&f);
            bytes.extend_from_slice(b"\n");
        }
        std::fs::write(&p, &bytes).unwrap();
        std::fs::File::open(&p).unwrap().sync_all().unwrap();
        std::fs::remove_file(&p).unwrap();
    }
    // Leave the vault, HOME and TMPDIR as they are on the image (a seized device).
    std::mem::forget(e);
    let raw = img.unmount_and_read();

    let control_found = scan(&raw, std::slice::from_ref(&control));
    let forms = all_forms(&control).len();
    let found_forms: std::collections::BTreeSet<_> =
        control_found.iter().map(|h| h.1.clone()).collect();
    assert_eq!(
        found_forms.len(),
        forms,
        "the positive control (a deleted plaintext file) was not found in every form: the scan is blind"
    );

    let hits = scan(&raw, &w.canaries);
    let dek_hits = scan_bytes(&raw, &w.dek);
    let per_canary = all_forms(&w.canaries[0]).len();
    let searched: usize = w.canaries.iter().map(|c| all_forms(c).len()).sum();
    figure(
        "forensic",
        &format!("{label}: canary forms searched in a raw {size_mib} MiB ext4 image"),
        searched,
        hits.len(),
        &format!(
            "{} canaries (~{per_canary} forms each); workflow: {}; {} commands SIGKILLed; control found in {}/{} forms",
            w.canaries.len(),
            w.steps.join(", "),
            w.killed,
            found_forms.len(),
            forms
        ),
    );
    figure(
        "forensic",
        &format!("{label}: data-key forms in the raw image"),
        w.dek.len(),
        dek_hits.len(),
        "",
    );
    let mut key_hits = vec![];
    if let Some(k) = &w.control_keyfile {
        let frags = keyfile_fragments(std::slice::from_ref(k));
        let found = scan_bytes(&raw, &frags).len();
        assert!(
            found >= frags.len(),
            "the key scan is blind: a live key file was found {found}/{} times",
            frags.len()
        );
    }
    if w.panicked {
        let frags = keyfile_fragments(&w.keyfiles);
        key_hits = scan_bytes(&raw, &frags);
        figure(
            "forensic",
            &format!("{label}: key-file fragments in the raw image after panic"),
            frags.len(),
            key_hits.len(),
            &format!(
                "every version of the key file seen during the workflow ({}); a second, live vault's key file \
                 found in full (control)",
                w.keyfiles.len()
            ),
        );
    }
    assert!(
        hits.is_empty(),
        "plaintext found in the raw image: {hits:?}"
    );
    assert!(
        dek_hits.is_empty(),
        "the data key was found in the raw image: {dek_hits:?}"
    );
    assert!(
        key_hits.is_empty(),
        "key material left after panic: {key_hits:?}"
    );
}

#[test]
fn forensic_scan_quick() {
    forensic(
        64,
        2,
        1,
        Parts {
            attach_export: true,
            seal_import: false,
            panic: true,
        },
        "quick",
    );
}

#[test]
#[ignore]
fn forensic_scan_full() {
    forensic(
        256,
        10,
        6,
        Parts {
            attach_export: true,
            seal_import: true,
            panic: true,
        },
        "full",
    );
}

#[test]
fn canary_forms_cover_alignments() {
    use base64::Engine;
    let c = canary("KNRY", LATIN);
    let forms = all_forms(&c);
    // Embedded at any offset of a base64 stream, one of the three alignments matches.
    for k in 0..3 {
        let mut data = vec![b'x'; k + 5];
        data.extend_from_slice(c.as_bytes());
        data.extend_from_slice(b"tail");
        let enc = base64::engine::general_purpose::STANDARD.encode(&data);
        assert!(
            !scan(enc.as_bytes(), std::slice::from_ref(&c)).is_empty(),
            "alignment {k} missed"
        );
    }
    assert!(forms.len() >= 10);
    let cy = canary("КНРЙ", CYRILLIC);
    let utf16: Vec<u8> = cy
        .to_lowercase()
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    assert!(!scan(&utf16, &[cy]).is_empty(), "lower-case UTF-16 missed");
}
