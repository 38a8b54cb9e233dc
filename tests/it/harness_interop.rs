//! Interop matrix (I6): every export format × recipient kind is opened by two independent
//! age implementations — Go `age` (Debian package `age`) and the Rust `age` crate — and the
//! manifest signature verifies with stock `ssh-keygen -Y verify`. Each cell also checks
//! that both decryptions give the same archive and that a one-byte change to the manifest
//! makes `ssh-keygen` refuse it (the verification can fail).
//!
//! Cells: {binary, armored} × {X25519, ssh-ed25519, ssh-rsa} × {Go age, age crate}, plus
//! the signature check per bundle. Prints one figure. Needs `age` and `ssh-keygen`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

fn require(tool: &str) {
    let path = std::env::var_os("PATH").unwrap_or_default();
    assert!(
        std::env::split_paths(&path).any(|d| d.join(tool).is_file()),
        "this test needs `{tool}` on PATH (Debian: age, openssh-client); CI installs it"
    );
}

struct Key {
    kind: &'static str,
    /// What `export --to` gets.
    recipient: String,
    /// The private key file (age identity or OpenSSH private key).
    identity: PathBuf,
}

fn keys(dir: &Path) -> Vec<Key> {
    let mut out = vec![];
    let age_key = dir.join("lawyer.agekey");
    let o = Command::new("age-keygen")
        .arg("-o")
        .arg(&age_key)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "age-keygen: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&age_key).unwrap();
    let recipient = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    out.push(Key {
        kind: "x25519",
        recipient,
        identity: age_key,
    });
    for (kind, args) in [
        ("ssh-ed25519", vec!["-t", "ed25519"]),
        ("ssh-rsa", vec!["-t", "rsa", "-b", "2048"]),
    ] {
        let k = dir.join(kind);
        let o = Command::new("ssh-keygen")
            .args(&args)
            .args(["-q", "-N", "", "-C", "lawyer@example", "-f"])
            .arg(&k)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "ssh-keygen: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let recipient = std::fs::read_to_string(k.with_extension("pub"))
            .unwrap()
            .trim()
            .to_owned();
        out.push(Key {
            kind,
            recipient,
            identity: k,
        });
    }
    out
}

fn go_age_decrypt(bundle: &Path, identity: &Path) -> Result<Vec<u8>, String> {
    let o = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(identity)
        .arg(bundle)
        .output()
        .unwrap();
    if o.status.success() {
        Ok(o.stdout)
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

fn crate_decrypt(bundle: &Path, identity: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(bundle).unwrap();
    let key = std::fs::read(identity).unwrap();
    let ids: Vec<Box<dyn age::Identity>> = if key.starts_with(b"-----BEGIN OPENSSH") {
        vec![Box::new(
            age::ssh::Identity::from_buffer(&key[..], None).map_err(|e| e.to_string())?,
        )]
    } else {
        age::IdentityFile::from_buffer(&key[..])
            .map_err(|e| e.to_string())?
            .into_identities()
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|i| i as Box<dyn age::Identity>)
            .collect()
    };
    let reader = age::armor::ArmoredReader::new(&bytes[..]);
    let d = age::Decryptor::new(reader).map_err(|e| e.to_string())?;
    let mut r = d
        .decrypt(ids.iter().map(|i| &**i))
        .map_err(|e| e.to_string())?;
    let mut out = vec![];
    r.read_to_end(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

fn entry(archive: &[u8], name: &str) -> Vec<u8> {
    let mut a = tar::Archive::new(archive);
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        if e.path().unwrap().to_str() == Some(name) {
            let mut v = vec![];
            e.read_to_end(&mut v).unwrap();
            return v;
        }
    }
    panic!("{name} is not in the archive");
}

/// `ssh-keygen -Y verify` of manifest.sig over `manifest` with the bundle's signer.pub.
fn ssh_verify(dir: &Path, archive: &[u8], manifest: &[u8]) -> Result<String, String> {
    let signer = String::from_utf8(entry(archive, "signer.pub")).unwrap();
    let allowed = dir.join("allowed_signers");
    let key: Vec<&str> = signer.split_whitespace().take(2).collect();
    std::fs::write(&allowed, format!("sandyk {}\n", key.join(" "))).unwrap();
    let sig = dir.join("manifest.sig");
    std::fs::write(&sig, entry(archive, "manifest.sig")).unwrap();
    let mut child = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&allowed)
        .args(["-I", "sandyk", "-n", "sandyk-bundle", "-s"])
        .arg(&sig)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), manifest).unwrap();
    let o = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    if o.status.success() {
        Ok(text)
    } else {
        Err(text)
    }
}

#[test]
fn interop_matrix() {
    for t in ["age", "age-keygen", "ssh-keygen"] {
        require(t);
    }
    let e = Env::new();
    e.init();
    e.add_json(r#"{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"followed","narrative":"Токтогул ңөү"}"#);
    let dir = e.root.path().join("keys");
    std::fs::create_dir_all(&dir).unwrap();
    let keys = keys(&dir);
    let mut cells = 0;
    let mut bad = vec![];
    let mut table = vec![];
    for k in &keys {
        for armor in [false, true] {
            let format = if armor { "armored" } else { "binary" };
            let out = e.root.path().join(format!("{}-{format}.age", k.kind));
            let out_s = out.display().to_string();
            let mut args = vec![
                "export",
                "--all",
                "--to",
                k.recipient.as_str(),
                "-o",
                out_s.as_str(),
            ];
            if armor {
                args.push("--armor");
            }
            let o = e.run(&args, &[PASS], b"");
            assert_ok(&o);
            let go = go_age_decrypt(&out, &k.identity);
            let rs = crate_decrypt(&out, &k.identity);
            cells += 2;
            let mut row = format!("{format:7} {:11}", k.kind);
            for (name, r) in [("Go age", &go), ("age crate", &rs)] {
                match r {
                    Ok(_) => row.push_str(&format!(" {name}: ok")),
                    Err(err) => {
                        row.push_str(&format!(" {name}: FAIL"));
                        bad.push(format!("{format} {} with {name}: {err}", k.kind));
                    }
                }
            }
            if let (Ok(a), Ok(b)) = (&go, &rs) {
                if a != b {
                    bad.push(format!(
                        "{format} {}: the two implementations disagree",
                        k.kind
                    ));
                }
                // The signature, with stock ssh-keygen; and a changed manifest is refused.
                cells += 1;
                let manifest = entry(a, "manifest.json");
                match ssh_verify(&dir, a, &manifest) {
                    Ok(t) if t.contains("Good \"sandyk-bundle\" signature") => {
                        row.push_str(" ssh-keygen -Y verify: ok")
                    }
                    Ok(t) | Err(t) => {
                        row.push_str(" ssh-keygen -Y verify: FAIL");
                        bad.push(format!("{format} {}: signature: {t}", k.kind));
                    }
                }
                let mut changed = manifest.clone();
                let i = changed.iter().position(|b| b.is_ascii_digit()).unwrap();
                changed[i] = if changed[i] == b'9' {
                    b'8'
                } else {
                    changed[i] + 1
                };
                if ssh_verify(&dir, a, &changed).is_ok() {
                    bad.push(format!(
                        "{format} {}: ssh-keygen accepted a changed manifest",
                        k.kind
                    ));
                }
            }
            table.push(row);
        }
    }
    eprintln!("{}", table.join("\n"));
    eprintln!(
        "FIGURE|interop|export × recipient × decryptor, and ssh-keygen -Y verify per bundle|{cells}|{}|binary and armored; X25519, ssh-ed25519, ssh-rsa; Go age and the age crate",
        bad.len()
    );
    assert!(bad.is_empty(), "interop failures:\n{}", bad.join("\n"));
}
