//! `seal` and `unseal`: after sealing no passphrase opens the vault, the lawyer's identity
//! does, and unsealing restores a passphrase with the data intact.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

const SECOND: &str = "second passphrase ңөү 42";
const NEW: &str = "new passphrase after unseal Өзгөн 9";

/// A vault with an incident, a second passphrase and a recovery key (returned).
fn setup() -> (Env, String) {
    let e = Env::new();
    e.init();
    e.add_json(INCIDENT);
    assert_ok(&e.run(
        &["passphrase", "add", "--label", "Айгүл"],
        &[PASS, SECOND],
        b"",
    ));
    let o = e.run(&["recovery-key"], &[PASS], b"");
    assert_ok(&o);
    (e, stdout(&o).trim().to_owned())
}

/// A lawyer's age identity file; returns (path, recipient).
fn lawyer(dir: &Path, name: &str) -> (PathBuf, String) {
    age_identity_file(dir.join(name), "# lawyer\n")
}

fn list_json(e: &Env, pass: &str) -> String {
    let o = e.run(&["list", "--json"], &[pass], b"");
    assert_ok(&o);
    stdout(&o)
}

#[test]
fn seal_locks_out_every_passphrase_and_unseal_restores_with_the_data() {
    let (e, recovery) = setup();
    let before = list_json(&e, PASS);
    let (id, recipient) = lawyer(e.root.path(), "lawyer.txt");
    let (other_id, _) = lawyer(e.root.path(), "other.txt");
    let o = e.run(&["seal", "--to", &recipient], &[PASS], b"");
    assert_ok(&o);
    assert!(stderr(&o).contains("Sealed"), "{}", stderr(&o));
    // Every way in that used to work now says "sealed" (exit 3) and changes nothing.
    let kf = fs::read(e.vault().join("sandyk.key")).unwrap();
    for secret in [PASS, SECOND, recovery.as_str()] {
        let o = e.run(&["list"], &[secret], b"");
        assert_code(&o, 3);
        assert!(stderr(&o).contains("sealed"), "{}", stderr(&o));
    }
    assert_eq!(fs::read(e.vault().join("sandyk.key")).unwrap(), kf);
    // The key file says it is sealed (the visible form), to anyone.
    assert!(contains(&kf, b"age-encryption.org/v1"));
    // Another key does not open it; nothing changes.
    let o = e.run(
        &["unseal", "--identity", other_id.to_str().unwrap()],
        &[NEW],
        b"",
    );
    assert_code(&o, 3);
    assert_eq!(fs::read(e.vault().join("sandyk.key")).unwrap(), kf);
    // The lawyer's identity does; the new passphrase opens the same data.
    let o = e.run(&["unseal", "--identity", id.to_str().unwrap()], &[NEW], b"");
    assert_ok(&o);
    assert_eq!(list_json(&e, NEW), before);
    // The old ways in stay closed (plain "wrong passphrase" now), the sealed slot is gone.
    for secret in [PASS, SECOND, recovery.as_str()] {
        assert_code(&e.run(&["list"], &[secret], b""), 3);
    }
    assert!(!contains(
        &fs::read(e.vault().join("sandyk.key")).unwrap(),
        b"age-encryption.org/v1"
    ));
    let o = e.run(&["passphrase", "list", "--json"], &[NEW], b"");
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{"label": "main", "kind": "passphrase"}])
    );
    let o = e.run(&["check"], &[NEW], b"");
    assert_ok(&o);
    // Unsealing an unsealed vault is refused, as a key that opens no seal (exit 3: a hidden
    // seal to another key could not be told from none).
    let o = e.run(&["unseal", "--identity", id.to_str().unwrap()], &[NEW], b"");
    assert_code(&o, 3);
}

#[test]
fn seal_refuses_a_bad_recipient_before_asking_anything() {
    let (e, _) = setup();
    let kf = fs::read(e.vault().join("sandyk.key")).unwrap();
    for bad in [
        "age1notarecipient",
        "ssh-dss AAAAB3NzaC1kc3MAAACBAP",
        "age1pq1xyz",
    ] {
        // No passphrase given: it must fail on the recipient, not on the missing passphrase.
        let o = e.run(&["seal", "--to", bad], &[], b"");
        assert_code(&o, 2);
        assert!(stderr(&o).contains("recipient"), "{bad}: {}", stderr(&o));
    }
    // An unknown contact name: not found, after unlocking; nothing sealed.
    let o = e.run(&["seal", "--to", "Nobody"], &[PASS], b"");
    assert_code(&o, 5);
    assert_eq!(fs::read(e.vault().join("sandyk.key")).unwrap(), kf);
    assert_ok(&e.run(&["list"], &[PASS], b""));
}

#[test]
fn seal_to_a_contact_by_name() {
    let (e, _) = setup();
    let before = list_json(&e, PASS);
    let (id, recipient) = lawyer(e.root.path(), "lawyer.txt");
    let o = e.run(
        &["contact", "add", "Адвокат Бекова", &recipient],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    assert_ok(&e.run(&["seal", "--to", "Адвокат Бекова"], &[PASS], b""));
    assert_code(&e.run(&["list"], &[PASS], b""), 3);
    assert_ok(&e.run(&["unseal", "--identity", id.to_str().unwrap()], &[NEW], b""));
    assert_eq!(list_json(&e, NEW), before);
}

fn ssh_keygen(dir: &Path, kind: &[&str], pass: &str) -> Option<(PathBuf, String)> {
    if !have("ssh-keygen") {
        eprintln!("SKIPPED: ssh-keygen is not installed (CI installs openssh-client)");
        return None;
    }
    let k = dir.join(format!("id_{}", kind.join("_")));
    let ok = std::process::Command::new("ssh-keygen")
        .args(["-q", "-C", "lawyer@example"])
        .args(kind)
        .args(["-N", pass, "-f"])
        .arg(&k)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let public = fs::read_to_string(k.with_extension("pub")).unwrap();
    Some((k, public.trim().to_owned()))
}

#[test]
fn seal_to_ssh_keys_including_an_encrypted_one_and_rsa_4096() {
    let (e, _) = setup();
    let before = list_json(&e, PASS);
    let dir = e.root.path().to_path_buf();
    let Some((ed, ed_pub)) = ssh_keygen(&dir, &["-t", "ed25519"], "") else {
        return;
    };
    assert_ok(&e.run(&["seal", "--to", &ed_pub], &[PASS], b""));
    assert_ok(&e.run(&["unseal", "--identity", ed.to_str().unwrap()], &[NEW], b""));
    assert_eq!(list_json(&e, NEW), before);
    // A passphrase-protected key: its passphrase first, then the new vault passphrase.
    let (enc, enc_pub) = ssh_keygen(&dir, &["-t", "ed25519", "-a", "4"], "key pass").unwrap();
    assert_ok(&e.run(&["seal", "--to", &enc_pub], &[NEW], b""));
    let o = e.run(
        &["unseal", "--identity", enc.to_str().unwrap()],
        &["wrong key pass", PASS],
        b"",
    );
    assert_code(&o, 3);
    assert_ok(&e.run(
        &["unseal", "--identity", enc.to_str().unwrap()],
        &["key pass", PASS],
        b"",
    ));
    assert_eq!(list_json(&e, PASS), before);
    // RSA 4096: its age ciphertext (~860–1030 bytes) fits the 1006 bytes of a sealed slot.
    let (rsa, rsa_pub) = ssh_keygen(&dir, &["-t", "rsa", "-b", "4096"], "").unwrap();
    let o = e.run(&["seal", "--to", &rsa_pub], &[PASS], b"");
    assert_ok(&o);
    assert_ok(&e.run(
        &["unseal", "--identity", rsa.to_str().unwrap()],
        &[NEW],
        b"",
    ));
    assert_eq!(list_json(&e, NEW), before);
}

#[test]
fn sealed_key_file_holds_no_passphrase_slot() {
    // Through the library: after sealing, no slot opens with any former secret, and the
    // data key is only recoverable through the age ciphertext.
    let (e, recovery) = setup();
    let dek = data_key(&e.vault(), PASS);
    let (_, recipient) = lawyer(e.root.path(), "lawyer.txt");
    assert_ok(&e.run(&["seal", "--to", &recipient], &[PASS], b""));
    for s in [PASS, SECOND, recovery.as_str()] {
        assert!(key_file_dek(&e.vault(), s).is_none());
    }
    assert_eq!(key_file(&e.vault()).sealed_slots().len(), 1);
    let raw = fs::read(e.vault().join("sandyk.key")).unwrap();
    assert!(!contains(&raw, &dek));
}
