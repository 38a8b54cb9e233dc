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

mod common;
mod harness_support;

use std::path::Path;

use common::*;
use harness_support::*;

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
}

/// Run the workflow in `e` (whose root is on the image). `n` incidents per alphabet,
/// `kills` SIGKILLed writing commands.
fn workflow(e: &Env, n: usize, kills: usize) -> Workflow {
    let mut w = Workflow {
        canaries: vec![],
        killed: 0,
        steps: vec![],
    };
    e.init();
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
        if !o.status.success() {
            w.killed += 1;
        }
        w.canaries.push(c);
    }
    w.steps.push(format!("{} killed writers", w.killed));
    // The next command rolls back any hot journal.
    let o = e.run(&["list", "--json"], &[PASS2], b"");
    assert_ok(&o);
    assert_ok(&e.run(&["check"], &[PASS2], b""));
    if has_command("panic") {
        w.steps
            .push("(panic exists: add it to this workflow)".into());
    }
    w
}

/// The data key, as raw bytes and text forms (it must never reach the disk).
fn dek_forms(vault: &Path, pass: &str) -> Vec<(String, Vec<u8>)> {
    use base64::Engine;
    use sandyk::vault::{locate, Opened};
    let secret = sandyk::crypto::secret::Secret::from_str(pass);
    let v = match locate(vault).unwrap().unlock(&secret, None).unwrap() {
        Opened::Vault(v) | Opened::Duress(v) => v,
    };
    let k = v.dek().expose().to_vec();
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

fn forensic(size_mib: u64, n: usize, kills: usize, label: &str) {
    if !root_tests_enabled("forensic scan") {
        return;
    }
    let mut img = LoopImage::new(size_mib);
    let root = tempfile::Builder::new()
        .prefix("f")
        .tempdir_in(img.dir())
        .unwrap();
    let e = Env { root };
    // Positive control: plaintext written, synced and deleted on the same file system.
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
    let w = workflow(&e, n, kills);
    let dek = dek_forms(&e.vault(), PASS2);
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
    let dek_hits = scan_bytes(&raw, &dek);
    let per_canary = all_forms(&w.canaries[0]).len();
    let searched: usize = w.canaries.iter().map(|c| all_forms(c).len()).sum();
    figure(
        "forensic",
        &format!("{label}: canary forms searched in a raw {size_mib} MiB ext4 image"),
        searched,
        hits.len(),
        &format!(
            "{} canaries (~{per_canary} forms each), workflow: {}; control found in {}/{} forms",
            w.canaries.len(),
            w.steps.join(", "),
            found_forms.len(),
            forms
        ),
    );
    figure(
        "forensic",
        &format!("{label}: data-key forms in the raw image"),
        dek.len(),
        dek_hits.len(),
        "",
    );
    assert!(
        hits.is_empty(),
        "plaintext found in the raw image: {hits:?}"
    );
    assert!(
        dek_hits.is_empty(),
        "the data key was found in the raw image: {dek_hits:?}"
    );
}

#[test]
fn forensic_scan_quick() {
    forensic(64, 2, 1, "quick");
}

#[test]
#[ignore]
fn forensic_scan_full() {
    forensic(256, 10, 6, "full");
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
