//! One exit code per kind of failure, whichever command meets it (issue 10: the mapping
//! lives in one place, src/cli/error.rs). A wrong passphrase for an identity (an encrypted
//! SSH key) is exit 3 in `bundle open`, `bundle verify`, `import` and `unseal` alike, and
//! changes nothing.

use std::path::{Path, PathBuf};

use crate::support::*;

const KEY_PASS: &str = "ключ сим 7";
const WRONG: &str = "wrong key pass";
const NEW: &str = "new passphrase after unseal Өзгөн 9";

/// A passphrase-protected ed25519 key in `dir`: (private key file, public key line).
fn encrypted_ssh_key(dir: &Path) -> (PathBuf, String) {
    require_tool("ssh-keygen");
    std::fs::create_dir_all(dir).unwrap();
    let k = dir.join("id_enc");
    let o = std::process::Command::new("ssh-keygen")
        .args([
            "-q", "-t", "ed25519", "-a", "4", "-C", "lawyer", "-N", KEY_PASS, "-f",
        ])
        .arg(&k)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let public = std::fs::read_to_string(k.with_extension("pub")).unwrap();
    (k, public.trim().to_owned())
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_wrong_ssh_identity_passphrase_exits_3_in_bundle_open_verify_and_import() {
    let p = Parties::new();
    let (key, public) = encrypted_ssh_key(&p.lawyer.home());
    let b = p.sender.home().join("ssh.age");
    assert_ok(&p.sender.run(
        &["export", "--to", &public, "-o", s(&b), "--all"],
        &[PASS],
        b"",
    ));

    // bundle verify / open: exit 3, the SSH key named, nothing written.
    let verify = [
        "bundle",
        "verify",
        s(&b),
        "--identity",
        s(&key),
        "--signer",
        &p.signer,
    ];
    let o = p.lawyer.run(&verify, &[WRONG], b"");
    assert_code(&o, 3);
    assert!(
        stderr(&o).contains("wrong passphrase for the SSH key"),
        "{}",
        stderr(&o)
    );
    assert_ok(&p.lawyer.run(&verify, &[KEY_PASS], b""));
    let dir = p.lawyer.home().join("opened");
    let open = [
        "bundle",
        "open",
        s(&b),
        "--identity",
        s(&key),
        "-o",
        s(&dir),
        "--signer",
        &p.signer,
    ];
    let o = p.lawyer.run(&open, &[WRONG], b"");
    assert_code(&o, 3);
    assert!(
        stderr(&o).contains("wrong passphrase for the SSH key"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.exists(), "nothing is extracted");
    assert_ok(&p.lawyer.run(&open, &[KEY_PASS], b""));
    assert!(dir.join("VERIFY.txt").is_file());

    // import: the key's passphrase is asked first, then the vault's.
    p.lawyer.init();
    let before = Env::all_bytes_under(&p.lawyer.vault());
    let import = [
        "import",
        s(&b),
        "--identity",
        s(&key),
        "--signer",
        &p.signer,
    ];
    let o = p.lawyer.run(&import, &[WRONG, PASS], b"");
    assert_code(&o, 3);
    assert!(
        stderr(&o).contains("wrong passphrase for the SSH key"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        Env::all_bytes_under(&p.lawyer.vault()),
        before,
        "the vault is exactly as it was"
    );
    let o = p.lawyer.run(&import, &[KEY_PASS, PASS], b"");
    assert_ok(&o);

    // In Russian too: the same code, the message in Russian.
    let o = p.lawyer.run(
        &[
            "--lang",
            "ru",
            "bundle",
            "verify",
            s(&b),
            "--identity",
            s(&key),
        ],
        &[WRONG],
        b"",
    );
    assert_code(&o, 3);
    assert!(
        stderr(&o).contains("неверная парольная фраза ключа SSH"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_wrong_ssh_identity_passphrase_exits_3_in_unseal() {
    let e = Env::new();
    e.init();
    e.add_json(r#"{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"followed"}"#);
    let (key, public) = encrypted_ssh_key(&e.home());
    assert_ok(&e.run(&["seal", "--to", &public], &[PASS], b""));
    let before = Env::all_bytes_under(&e.vault());
    let unseal = ["unseal", "--identity", s(&key)];
    let o = e.run(&unseal, &[WRONG, NEW], b"");
    assert_code(&o, 3);
    assert!(
        stderr(&o).contains("wrong passphrase for the identity file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        Env::all_bytes_under(&e.vault()),
        before,
        "the vault is exactly as it was"
    );
    assert_ok(&e.run(&unseal, &[KEY_PASS, NEW], b""));
}
