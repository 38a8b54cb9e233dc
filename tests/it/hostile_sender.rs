//! Who sent a bundle (issue 11, items 3–5), attacked as an adversary would: with the
//! lawyer's public recipient (public by design), `ssh-keygen` for a key and the signature,
//! `tar` for the archive and `age` for the encryption; no sandyk writer where the attack
//! needs a forgery.
//!
//! - a bundle signed by a foreign key is refused (exit 7), never "verified";
//! - a forged first import carrying the defender's vault id does not block the genuine one;
//! - a re-armored copy (or one with a trailing newline) is not imported twice;
//! - an older chain head replayed after a newer one is refused (exit 8);
//! - `import --signer … --as NAME` replaces NAME's key: the old key is no longer trusted;
//! - nothing readable in the key file without the passphrase appears in a bundle or in the
//!   lawyer's vault.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn sh(cmd: &mut Command) -> std::process::Output {
    let o = cmd.output().expect("tool runs");
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// The lawyer gets a vault (to hold contacts and imports).
fn lawyer_vault(p: &Parties) {
    p.lawyer.init();
}

/// The defender's contact card, as `contact card` prints it on their side.
fn card_of(e: &Env) -> String {
    let o = e.run(&["contact", "card", "--name", "Defender"], &[PASS], b"");
    assert_ok(&o);
    stdout(&o)
}

/// Add `card` to the lawyer's contacts as `name` (from stdin).
fn add_card(p: &Parties, name: &str, card: &str) {
    let o = p
        .lawyer
        .run(&["contact", "add", name], &[PASS], card.as_bytes());
    assert_ok(&o);
}

fn import(p: &Parties, bundle: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", s(bundle), "--identity", s(&p.key)];
    args.extend_from_slice(extra);
    p.lawyer.run(&args, &[PASS], b"")
}

fn received(p: &Parties) -> Vec<serde_json::Value> {
    let o = p.lawyer.run(&["import", "--list", "--json"], &[PASS], b"");
    assert_ok(&o);
    serde_json::from_str::<Vec<serde_json::Value>>(&stdout(&o)).unwrap()
}

/// A forgery made with stock tools from a genuine bundle's files: a fresh `ssh-keygen` key
/// signs a manifest that names it, whose other fields (vault id, incidents) are the genuine
/// ones; `tar` archives it and `age -r` encrypts it to the lawyer. Returns the bundle and
/// the forger's `SHA256:` fingerprint.
fn stock_forgery(p: &Parties, genuine: &Path, name: &str) -> (PathBuf, String) {
    use sandyk::bundle::manifest::Manifest;
    let dir = p.lawyer.root.path().join(format!("forge-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    let files = entries(&p.decrypt(genuine));
    let key = dir.join("forger");
    sh(Command::new("ssh-keygen").args([
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "forger",
        "-f",
        s(&key),
    ]));
    let fp_out = sh(Command::new("ssh-keygen").args(["-l", "-f", s(&dir.join("forger.pub"))]));
    let forger_fp = String::from_utf8(fp_out.stdout)
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_owned();
    let pub_line = std::fs::read(dir.join("forger.pub")).unwrap();
    let work = dir.join("tree");
    std::fs::create_dir_all(work.join("attachments")).unwrap();
    let mut manifest = None;
    for (path, data) in &files {
        match path.as_str() {
            "manifest.json" => manifest = Some(Manifest::parse(data).unwrap()),
            "manifest.sig" => {}
            "signer.pub" => std::fs::write(work.join(path), &pub_line).unwrap(),
            _ => std::fs::write(work.join(path), data).unwrap(),
        }
    }
    let mut m = manifest.unwrap();
    m.signer = forger_fp.clone();
    for f in m.files.iter_mut() {
        let d = std::fs::read(work.join(&f.path)).unwrap();
        f.sha256 = sha256_hex(&d);
        f.size = d.len() as u64;
    }
    std::fs::write(work.join("manifest.json"), m.render()).unwrap();
    sh(Command::new("ssh-keygen")
        .args(["-Y", "sign", "-q", "-f", s(&key), "-n", "sandyk-bundle"])
        .arg(work.join("manifest.json")));
    std::fs::rename(work.join("manifest.json.sig"), work.join("manifest.sig")).unwrap();
    let mut order = vec!["manifest.json".to_owned(), "manifest.sig".to_owned()];
    order.extend(m.files.iter().map(|f| f.path.clone()));
    let tar = dir.join("forged.tar");
    sh(Command::new("tar")
        .args([
            "--format=ustar",
            "--owner=0",
            "--group=0",
            "--numeric-owner",
            "--mtime=@0",
            "--mode=0644",
            "-cf",
            s(&tar),
            "-C",
            s(&work),
        ])
        .args(&order));
    let out = p.lawyer.home().join(name);
    sh(Command::new("age").args(["-r", &p.recipient, "-o", s(&out), s(&tar)]));
    (out, forger_fp)
}

#[test]
fn a_foreign_signer_is_refused_not_verified() {
    let p = Parties::new();
    let genuine = p.export("genuine.age", &["--all"]);
    let (forged, forger_fp) = stock_forgery(&p, &genuine, "forged.age");
    assert_ne!(forger_fp, p.signer);
    // No vault, no contacts, no --signer: whoever signed is unknown. Refused with exit 7,
    // never called verified.
    let o = p.lawyer.run(
        &["bundle", "verify", s(&forged), "--identity", s(&p.key)],
        &[],
        b"",
    );
    assert_code(&o, 7);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        !out.contains("verified") && !out.contains("intact"),
        "{out}"
    );
    assert!(err.contains(&forger_fp), "{err}");
    assert!(err.contains("hint:") && err.contains("--signer"), "{err}");
    let o = p.lawyer.run(
        &[
            "bundle",
            "verify",
            s(&forged),
            "--identity",
            s(&p.key),
            "--json",
        ],
        &[],
        b"",
    );
    assert_code(&o, 7);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["exit"], 7);

    // With the defender's card in the lawyer's contacts: the genuine bundle is "from
    // Defender"; the forgery is refused by verify, open and import, which write nothing.
    lawyer_vault(&p);
    add_card(&p, "Defender", &card_of(&p.sender));
    let o = p.lawyer.run(
        &["bundle", "verify", s(&genuine), "--identity", s(&p.key)],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    assert!(stdout(&o).contains("From: Defender"), "{}", stdout(&o));
    let o = p.lawyer.run(
        &["bundle", "verify", s(&forged), "--identity", s(&p.key)],
        &[PASS],
        b"",
    );
    assert_code(&o, 7);
    assert!(!stdout(&o).contains("verified"));
    let dir = p.lawyer.home().join("opened");
    let o = p.lawyer.run(
        &[
            "bundle",
            "open",
            s(&forged),
            "--identity",
            s(&p.key),
            "-o",
            s(&dir),
        ],
        &[PASS],
        b"",
    );
    assert_code(&o, 7);
    assert!(!dir.exists(), "nothing extracted from an unknown signer");
    assert_code(&import(&p, &forged, &[]), 7);
    assert!(received(&p).is_empty());
    // A pin of the defender's key does not accept the forger's either (exit 6).
    assert_code(&p.verify(&forged, &[]), 6);
}

#[test]
fn a_forged_first_import_does_not_block_the_genuine_bundle() {
    let p = Parties::new();
    lawyer_vault(&p);
    add_card(&p, "Defender", &card_of(&p.sender));
    let genuine = p.export("genuine.age", &["--all"]);
    // The forgery carries the defender's vault id (copied from a genuine manifest).
    let (forged, forger_fp) = stock_forgery(&p, &genuine, "forged.age");
    assert_code(&import(&p, &forged, &[]), 7);
    // Even if the lawyer is fooled into pinning the forger's key, it stays the forger's:
    // the defender's genuine bundle is still accepted, as from Defender.
    let o = import(&p, &forged, &["--signer", &forger_fp, "--as", "Mallory"]);
    assert_ok(&o);
    let o = import(&p, &genuine, &[]);
    assert_ok(&o);
    assert!(stderr(&o).contains("Defender"), "{}", stderr(&o));
    let r = received(&p);
    assert!(r.iter().any(|x| x["from"] == "Defender"));
    assert!(r.iter().any(|x| x["from"] == "Mallory"));
}

#[test]
fn a_re_armored_copy_is_not_imported_twice() {
    let p = Parties::new();
    lawyer_vault(&p);
    let b = p.export("b.age", &["--all", "--armor"]);
    assert_ok(&import(&p, &b, &["--signer", &p.signer]));
    let n = received(&p).len();
    assert_eq!(n, p.ids.len());
    // The same file with a trailing newline, and the same archive re-encrypted and armored
    // with stock age (other bytes, same signed content).
    let nl = p.lawyer.home().join("nl.age");
    let mut bytes = std::fs::read(&b).unwrap();
    bytes.extend_from_slice(b"\n");
    std::fs::write(&nl, bytes).unwrap();
    let tar = p.lawyer.home().join("plain.tar");
    std::fs::write(&tar, p.decrypt(&b)).unwrap();
    let re = p.lawyer.home().join("re.age");
    sh(Command::new("age").args(["-a", "-r", &p.recipient, "-o", s(&re), s(&tar)]));
    for copy in [&nl, &re] {
        let o = import(&p, copy, &["--signer", &p.signer]);
        assert_ok(&o);
        assert!(stderr(&o).contains("already"), "{}", stderr(&o));
        assert_eq!(received(&p).len(), n, "imported again: {copy:?}");
    }
}

#[test]
fn an_older_head_replayed_after_a_newer_one_is_refused() {
    let p = Parties::new();
    lawyer_vault(&p);
    let old = p.export("old.age", &["--all"]);
    let o = p.sender.run(
        &["amend", &p.ids[0], "--input", "json"],
        &[PASS],
        br#"{"narrative":"a later revision"}"#,
    );
    assert_ok(&o);
    let new = p.export("new.age", &["--all"]);
    assert_ok(&import(&p, &new, &["--signer", &p.signer]));
    let before = received(&p);
    let o = import(&p, &old, &["--signer", &p.signer]);
    assert_code(&o, 8);
    assert!(stderr(&o).contains(&p.ids[0]), "{}", stderr(&o));
    assert!(stderr(&o).contains("hint:"));
    assert_eq!(received(&p), before, "nothing of the replay was kept");
    // In order (older first, then newer) both are accepted: the newer extends the older.
    let q = Parties::new();
    lawyer_vault(&q);
    let old = q.export("old.age", &["--all"]);
    assert_ok(&q.sender.run(
        &["amend", &q.ids[0], "--input", "json"],
        &[PASS],
        br#"{"narrative":"a later revision"}"#,
    ));
    let new = q.export("new.age", &["--all"]);
    assert_ok(&import(&q, &old, &["--signer", &q.signer]));
    let o = import(&q, &new, &["--signer", &q.signer]);
    assert_ok(&o);
    // Only the amended incident was new; the other is the same history (skipped).
    assert_eq!(received(&q).len(), q.ids.len() + 1);
}

#[test]
fn a_signer_pin_replaces_the_old_key() {
    let p = Parties::new();
    lawyer_vault(&p);
    add_card(&p, "Defender", &card_of(&p.sender));
    // The defender's new vault (a reinstall): a new signing key.
    let renewed = Env::new();
    renewed.init();
    renewed.add_json(INCIDENTS);
    let new_signer = {
        let o = renewed.run(&["bundle", "signer"], &[PASS], b"");
        stdout(&o).lines().next().unwrap().to_owned()
    };
    let out = renewed.home().join("n.age");
    assert_ok(&renewed.run(
        &["export", "--all", "--to", &p.recipient, "-o", s(&out)],
        &[PASS],
        b"",
    ));
    assert_code(&import(&p, &out, &[]), 7);
    let o = import(&p, &out, &["--signer", &new_signer, "--as", "Defender"]);
    assert_ok(&o);
    assert!(stderr(&o).contains("no longer trusted"), "{}", stderr(&o));
    // A bundle signed by the old key is now refused like any unknown signer.
    let old_key_bundle = p.export("old-key.age", &["--all"]);
    assert_code(&import(&p, &old_key_bundle, &[]), 7);
    let o = p.lawyer.run(
        &[
            "bundle",
            "verify",
            s(&old_key_bundle),
            "--identity",
            s(&p.key),
        ],
        &[PASS],
        b"",
    );
    assert_code(&o, 7);
    // Unless the user says so, for that key, once more.
    assert_ok(&import(
        &p,
        &old_key_bundle,
        &["--signer", &p.signer, "--as", "Defender (old)"],
    ));
}

#[test]
fn no_plaintext_identifier_links_a_device_to_bundles() {
    let p = Parties::new();
    lawyer_vault(&p);
    let key_file = std::fs::read(p.sender.vault().join("sandyk.key")).unwrap();
    let header = &key_file[..96];
    let b = p.export("b.age", &["--all"]);
    let plain = p.decrypt(&b);
    assert_ok(&import(&p, &b, &["--signer", &p.signer]));
    let stored = serde_json::to_vec(&received(&p)).unwrap();
    // The salt (24..56) and the vault id (56..72): not in the bundle, not in the lawyer's
    // vault, in any 8-byte window, raw or in hex.
    for w in header[24..72].windows(8) {
        let hx = hex::encode(w);
        for (what, hay) in [("bundle", &plain), ("lawyer's records", &stored)] {
            assert!(!contains(hay, w), "raw key-file header bytes in the {what}");
            assert!(
                !contains(hay, hx.as_bytes()),
                "key-file header bytes (hex) in the {what}"
            );
        }
    }
}

#[test]
fn a_card_written_by_hand_with_stock_tools_is_accepted_and_a_wrong_one_refused() {
    // fuzz/corpus/contact_card/seed-full was written with ssh-keygen, age-keygen and
    // `printf %s KEY | sha256sum | cut -c1-32` (the recipe in docs/bundle.md).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/contact_card");
    let e = Env::new();
    e.init();
    let full = dir.join("seed-full");
    let o = e.run(&["contact", "add", "A", "--card", s(&full)], &[PASS], b"");
    assert_ok(&o);
    let text = std::fs::read_to_string(&full).unwrap();
    for l in stdout(&o).lines() {
        assert!(text.contains(l), "{l}");
    }
    let o = e.run(&["contact", "list", "--json"], &[PASS], b"");
    let l: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(l[0]["signer"].as_str().unwrap().starts_with("ssh-ed25519 "));
    assert!(l[0]["recipient"].as_str().unwrap().starts_with("age1"));
    // A card with a mistyped fingerprint, another version, a non-Ed25519 signer: usage
    // errors that add nothing.
    for bad in ["seed-wrong-fp", "seed-version", "seed-bad"] {
        let o = e.run(
            &["contact", "add", bad, "--card", s(&dir.join(bad))],
            &[PASS],
            b"",
        );
        assert_code(&o, 2);
        assert!(stderr(&o).contains("hint:"), "{}", stderr(&o));
    }
    let o = e.run(&["contact", "list", "--json"], &[PASS], b"");
    let l: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(l.as_array().unwrap().len(), 1);
    // The same signing key for a second name: refused (one key, one sender).
    let o = e.run(&["contact", "add", "B", "--card", s(&full)], &[PASS], b"");
    assert_code(&o, 1);
}

#[test]
fn the_case_file_shows_received_incidents_with_their_sender() {
    let p = Parties::new();
    lawyer_vault(&p);
    add_card(&p, "Defender", &card_of(&p.sender));
    let b = p.export("b.age", &["--all"]);
    assert_ok(&import(&p, &b, &[]));
    let run = |args: &[&str]| p.lawyer.run(args, &[PASS], b"");
    // Own incidents only by default (the lawyer has none).
    let o = run(&["list", "--own"]);
    assert_ok(&o);
    assert!(stdout(&o).trim().is_empty(), "{}", stdout(&o));
    let o = run(&["list", "--from", "Defender"]);
    assert_ok(&o);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), p.ids.len(), "{out}");
    assert!(
        out.contains("Ак машина") && out.contains("(from Defender)"),
        "{out}"
    );
    let o = run(&["list", "--received", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["from"] == "Defender"));
    // show and history of a received id name the sender.
    let o = run(&["show", &p.ids[1]]);
    assert_ok(&o);
    assert!(stdout(&o).contains("(from Defender)"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Эртең дагы"), "the newest version");
    let o = run(&["history", &p.ids[1]]);
    assert_ok(&o);
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));
    assert!(stderr(&o).contains("(from Defender)"));
    let o = run(&["search", "--from", "Defender", "ЛАДА", "01kg123abc"]);
    assert_ok(&o);
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    let o = run(&["search", "--received", "nowhere-to-be-found"]);
    assert_ok(&o);
    assert!(stdout(&o).trim().is_empty());
    assert_code(&run(&["list", "--from", "Nobody"]), 5);
    assert_code(&run(&["show", "ZZZZZZ"]), 5);
}
