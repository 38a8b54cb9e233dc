//! Hostile and broken bundles: tampered, truncated, empty, re-signed by another key, wrong
//! identity, path traversal and other archive tricks. Each must be refused with exit 6 (or
//! 2 for a usage error), a clear message, and no plaintext anywhere: not on stdout or
//! stderr, not in any file.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::*;

/// Run `bundle verify` and `bundle open` on `bundle`; both must fail with `code` and a
/// message containing `msg`, print no content, and write nothing.
fn refused(p: &Parties, bundle: &Path, code: i32, msg: &str) {
    let before = tree(p.lawyer.root.path());
    let o = p.verify(bundle, &[]);
    check_refusal(&o, code, msg, bundle);
    let dir = p.lawyer.home().join("opened");
    let o = p.lawyer.run(
        &[
            "bundle",
            "open",
            bundle.to_str().unwrap(),
            "--identity",
            p.key.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
            "--signer",
            &p.signer,
        ],
        &[],
        b"",
    );
    check_refusal(&o, code, msg, bundle);
    assert!(!dir.exists(), "bundle open left {}", dir.display());
    assert_eq!(tree(p.lawyer.root.path()), before, "files appeared");
    for (path, bytes) in Env::all_bytes_under(p.lawyer.root.path()) {
        if path != bundle {
            assert!(!has_canary(&bytes), "plaintext in {}", path.display());
        }
    }
}

/// `msg`: the expected message, or several separated by `|` (any one will do).
fn check_refusal(o: &Output, code: i32, msg: &str, bundle: &Path) {
    assert_code(o, code);
    let err = stderr(o);
    assert!(
        msg.split('|').any(|m| err.contains(m)),
        "{}: expected {msg:?} in {err}",
        bundle.display()
    );
    assert!(err.starts_with("sandyk: error:"), "{err}");
    assert!(
        !has_canary(&o.stdout) && !has_canary(&o.stderr),
        "content printed"
    );
    assert!(o.stdout.is_empty(), "verdict printed for a bad bundle");
}

fn write(p: &Parties, name: &str, bytes: &[u8]) -> PathBuf {
    let f = p.lawyer.home().join(name);
    std::fs::write(&f, bytes).unwrap();
    f
}

#[test]
fn tampered_truncated_empty_and_garbage_bundles() {
    let p = Parties::new();
    let good = p.export("b.age", &["--all"]);
    let bytes = std::fs::read(&good).unwrap();
    assert!(bytes.len() > 4096);
    let header_end = bytes.windows(4).position(|w| w == b"\n---").unwrap();
    // One flipped bit anywhere: in the header MAC, in the payload, in the last byte.
    for at in [
        header_end + 10,
        header_end + 60,
        bytes.len() / 2,
        bytes.len() - 1,
    ] {
        let mut b = bytes.clone();
        b[at] ^= 0x01;
        let f = write(&p, &format!("flip-{at}.age"), &b);
        // Inside the header's base64 MAC the flipped character may no longer be base64, and
        // the header then does not parse at all: refused either way, exit 6.
        let msg = if at == header_end + 10 {
            "modified or truncated|not an age-encrypted file"
        } else {
            "modified or truncated"
        };
        refused(&p, &f, 6, msg);
    }
    // Truncated: mid-payload, at the last chunk, one byte short.
    for keep in [
        header_end + 100,
        bytes.len() / 2,
        bytes.len() - 17,
        bytes.len() - 1,
    ] {
        let f = write(&p, &format!("cut-{keep}.age"), &bytes[..keep]);
        refused(&p, &f, 6, "modified or truncated");
    }
    // Cut inside the header.
    let f = write(&p, "cut-header.age", &bytes[..header_end - 5]);
    refused(&p, &f, 6, "not an age-encrypted file");
    // Appended junk.
    let mut b = bytes.clone();
    b.extend_from_slice(b"junk");
    let f = write(&p, "appended.age", &b);
    refused(&p, &f, 6, "bundle verification failed");
    // Not age at all; an empty file; an age file with an empty payload.
    refused(
        &p,
        &write(&p, "zero.age", b""),
        6,
        "not an age-encrypted file",
    );
    refused(
        &p,
        &write(&p, "text.age", "Токтогул\n".as_bytes()),
        6,
        "not an age-encrypted file",
    );
    refused(&p, &p.crafted("empty.age", b""), 6, "the bundle is empty");
    refused(
        &p,
        &p.crafted("zeros.age", &[0u8; 1024]),
        6,
        "bundle verification failed",
    );
    refused(
        &p,
        &p.crafted("random.age", &[0x5a; 5000]),
        6,
        "bundle verification failed",
    );
}

#[test]
fn wrong_identity_and_wrong_key_types() {
    let p = Parties::new();
    let good = p.export("b.age", &["--all"]);
    let other = p.lawyer.home().join("other.txt");
    assert_ok(
        &p.lawyer
            .run(&["keygen", "-o", other.to_str().unwrap()], &[], b""),
    );
    let o = p.lawyer.run(
        &[
            "bundle",
            "verify",
            good.to_str().unwrap(),
            "--identity",
            other.to_str().unwrap(),
        ],
        &[],
        b"",
    );
    check_refusal(&o, 6, "not encrypted to the given identity", &good);
    // A public key, or nonsense, as identity: a usage error.
    let pubkey = write(&p, "pub.txt", p.recipient.as_bytes());
    let o = p.lawyer.run(
        &[
            "bundle",
            "verify",
            good.to_str().unwrap(),
            "--identity",
            pubkey.to_str().unwrap(),
        ],
        &[],
        b"",
    );
    check_refusal(&o, 2, "private key is needed", &good);
    let o = p.lawyer.run(
        &[
            "bundle",
            "verify",
            good.to_str().unwrap(),
            "--identity",
            "/nonexistent/key",
        ],
        &[],
        b"",
    );
    assert_code(&o, 5);
    // Import with the wrong identity changes nothing in the lawyer's vault.
    p.lawyer.init();
    let o = p.lawyer.run(
        &[
            "import",
            good.to_str().unwrap(),
            "--identity",
            other.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    );
    check_refusal(&o, 6, "not encrypted to the given identity", &good);
    let o = p.lawyer.run(&["import", "--list", "--json"], &[PASS], b"");
    assert_eq!(stdout(&o).trim(), "[]");
}

#[test]
fn re_signed_by_another_key_is_caught() {
    let p = Parties::new();
    let good = p.export("b.age", &["--all"]);
    let real_signer = {
        let o = p.sender.run(&["bundle", "signer"], &[PASS], b"");
        stdout(&o).lines().next().unwrap().to_owned()
    };
    let files = entries(&p.decrypt(&good));
    let idx = |n: &str| files.iter().position(|(p, _)| p == n).unwrap();

    // 1. Another key's signature over the same manifest, signer.pub left alone.
    let mut f1 = files.clone();
    let forger = sandyk::bundle::sign::Signer::from_seed(&[9u8; 32]).unwrap();
    f1[idx("manifest.sig")].1 = forger.sign(&files[idx("manifest.json")].1).into_bytes();
    refused(
        &p,
        &p.crafted("swapped-sig.age", &archive(&f1)),
        6,
        "signature does not verify",
    );

    // 2. Content changed, manifest updated, not re-signed.
    let mut f2 = files.clone();
    let inc = idx("report.html");
    f2[inc].1 = String::from_utf8(f2[inc].1.clone())
        .unwrap()
        .replace("Ак машина", "Кызыл машина")
        .into_bytes();
    let mut m = sandyk::bundle::manifest::Manifest::parse(&files[idx("manifest.json")].1).unwrap();
    for e in m.files.iter_mut().filter(|e| e.path == "report.html") {
        e.sha256 = sha256_hex(&f2[inc].1);
        e.size = f2[inc].1.len() as u64;
    }
    f2[idx("manifest.json")].1 = m.render().into_bytes();
    refused(
        &p,
        &p.crafted("unsigned-change.age", &archive(&f2)),
        6,
        "signature does not verify",
    );

    // 3. Content changed, manifest not updated.
    let mut f3 = files.clone();
    f3[inc].1 = f2[inc].1.clone();
    refused(
        &p,
        &p.crafted("hash-mismatch.age", &archive(&f3)),
        6,
        "report.html",
    );

    // 4. Fully re-signed by a forger (new signer.pub, manifest re-signed): the bundle is
    //    internally consistent, but signed by a key that is not the sender's: refused as
    //    an unknown signer (exit 7), or as the wrong one with --signer (exit 6); only a
    //    user who names the forger's key accepts it, and it is shown as that key.
    let (forged, forger_fp) = forge(f2.clone(), [7u8; 32]);
    let forged = p.crafted("forged.age", &forged);
    let o = p.lawyer.run(
        &[
            "bundle",
            "verify",
            forged.to_str().unwrap(),
            "--identity",
            p.key.to_str().unwrap(),
        ],
        &[],
        b"",
    );
    check_refusal(&o, 7, "not one of your contacts", &forged);
    let o = p.verify(&forged, &["--json", "--signer", &forger_fp]);
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["signer"], forger_fp.as_str());
    assert_ne!(forger_fp, real_signer);
    let o = p.verify(&forged, &["--signer", &real_signer]);
    check_refusal(
        &o,
        6,
        &format!("signed by {forger_fp}, not by the expected {real_signer}"),
        &forged,
    );
    assert_ok(&p.verify(&good, &["--signer", &real_signer]));
    p.lawyer.init();
    let key = p.key.to_str().unwrap();
    assert_ok(&p.lawyer.run(
        &[
            "import",
            good.to_str().unwrap(),
            "--identity",
            key,
            "--signer",
            &real_signer,
        ],
        &[PASS],
        b"",
    ));
    let o = p.lawyer.run(
        &["import", forged.to_str().unwrap(), "--identity", key],
        &[PASS],
        b"",
    );
    check_refusal(&o, 7, "not one of your contacts", &forged);
    let o = p.lawyer.run(&["import", "--list", "--json"], &[PASS], b"");
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        list.as_array().unwrap().len(),
        2,
        "the forged bundle added nothing"
    );
    assert!(!stdout(&o).contains("Кызыл"));

    // 5. A forged bundle whose incident history was rewritten without redoing the chain.
    let mut f5 = files.clone();
    let j = idx("incidents.json");
    f5[j].1 = String::from_utf8(f5[j].1.clone())
        .unwrap()
        .replacen("Серая Лада", "Белая Лада", 1)
        .into_bytes();
    let (forged5, _) = forge(f5, [6u8; 32]);
    refused(&p, &p.crafted("chain.age", &forged5), 6, "incident");
}

#[test]
fn path_traversal_links_and_devices_are_refused_by_open() {
    let p = Parties::new();
    let good = p.export("b.age", &["--all"]);
    let files = entries(&p.decrypt(&good));
    let outside = p.lawyer.root.path().join("x");

    /// A raw tar entry with any name and type (the tar crate's checked setters would refuse).
    fn raw(name: &str, kind: u8, data: &[u8], link: &str) -> Vec<u8> {
        let mut h = tar::Header::new_old();
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::new(kind));
        let mut u = tar::Header::new_ustar();
        u.as_mut_bytes()[..257].copy_from_slice(&h.as_bytes()[..257]);
        u.set_cksum();
        let mut v = u.as_bytes().to_vec();
        v.extend_from_slice(data);
        v.extend(vec![0u8; (512 - data.len() % 512) % 512]);
        v
    }
    let hostile: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "dotdot",
            raw("../x", b'0', b"pwned", ""),
            "unsafe file name",
        ),
        (
            "dotdot-deep",
            raw("attachments/../../x", b'0', b"pwned", ""),
            "unsafe file name",
        ),
        (
            "absolute",
            raw(&outside.display().to_string(), b'0', b"pwned", ""),
            "unsafe file name",
        ),
        (
            "dots",
            raw("..././x", b'0', b"pwned", ""),
            "unsafe file name",
        ),
        (
            "symlink",
            raw("x", b'2', b"", "/etc/passwd"),
            "not a regular file",
        ),
        (
            "hardlink",
            raw("x", b'1', b"", "/etc/passwd"),
            "not a regular file",
        ),
        ("chardev", raw("x", b'3', b"", ""), "not a regular file"),
        ("blockdev", raw("x", b'4', b"", ""), "not a regular file"),
        ("fifo", raw("x", b'6', b"", ""), "not a regular file"),
        (
            "directory",
            raw("attachments", b'5', b"", ""),
            "not a regular file",
        ),
        (
            "gnu-longname",
            raw("././@LongLink", b'L', &vec![b'a'; 100_000], ""),
            "not a regular file",
        ),
        (
            "pax",
            raw("pax", b'x', b"30 path=../../../../tmp/x\n", ""),
            "not a regular file",
        ),
    ];
    for (name, entry, msg) in hostile {
        // First in the archive, and after the genuine, signed manifest and signature.
        let mut first = entry.clone();
        first.extend(archive(&files));
        refused(&p, &p.crafted(&format!("{name}-first.age"), &first), 6, msg);
        let head = archive(&files[..3]);
        let mut mid = head[..head.len() - 1024].to_vec();
        mid.extend(&entry);
        mid.extend(archive(&files[3..]));
        refused(&p, &p.crafted(&format!("{name}-mid.age"), &mid), 6, msg);
        assert!(!outside.exists() && !Path::new("/tmp/x").exists());
    }
}

#[test]
fn archive_tricks_are_refused() {
    let p = Parties::new();
    let good = p.export("b.age", &["--all"]);
    let files = entries(&p.decrypt(&good));
    let named = |n: &str| files.iter().find(|(p, _)| p == n).unwrap().clone();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "unlisted",
            archive(&[files.clone(), vec![("notes.txt".into(), b"hi".to_vec())]].concat()),
            "not listed in the manifest",
        ),
        (
            "duplicate",
            archive(&[files.clone(), vec![named("report.html")]].concat()),
            "appears twice",
        ),
        ("missing", archive(&files[..files.len() - 1]), "is missing"),
        (
            "manifest-not-first",
            archive(&[&files[1..2], &files[0..1], &files[2..]].concat()),
            "manifest.json is not the first",
        ),
        (
            "out-of-order",
            {
                let mut f = files.clone();
                let n = f.len();
                f.swap(n - 1, n - 2);
                archive(&f)
            },
            "out of place",
        ),
        (
            "trailing-data",
            {
                let mut a = archive(&files);
                a.extend_from_slice(b"PK\x03\x04 extra");
                a
            },
            "data after the end",
        ),
        (
            "no-end-marker",
            {
                let a = archive(&files);
                a[..a.len() - 1024].to_vec()
            },
            "end-of-archive",
        ),
        (
            "lying-size",
            {
                let a = archive(&files);
                // Claim a larger size for the last entry than the data that follows.
                let mut a = a[..a.len() - 1024].to_vec();
                let last_len = files.last().unwrap().1.len();
                let hdr_at = a.len() - 512 * (1 + last_len.div_ceil(512));
                let mut h = tar::Header::from_byte_slice(&a[hdr_at..hdr_at + 512]).clone();
                h.set_size(1 << 30);
                h.set_cksum();
                a[hdr_at..hdr_at + 512].copy_from_slice(h.as_bytes());
                a
            },
            "wrong size",
        ),
        (
            "truncated-manifest",
            {
                let mut f = files.clone();
                let m = &mut f[0].1;
                m.truncate(m.len() - 40);
                archive(&f)
            },
            "end marker is missing",
        ),
    ];
    for (name, plain, msg) in cases {
        refused(&p, &p.crafted(&format!("{name}.age"), &plain), 6, msg);
    }
    // A huge age header (a 2 MiB stanza) is refused without reading it all.
    let mut huge = b"age-encryption.org/v1\n-> X25519 ".to_vec();
    huge.extend(std::iter::repeat_n(b'A', 2 << 20));
    refused(
        &p,
        &write(&p, "huge-header.age", &huge),
        6,
        "header is too large",
    );
}

#[test]
fn killed_or_interrupted_export_leaves_nothing() {
    // Enough data that the export takes a while: 12 incidents of 4 MB.
    let p = Parties::new();
    let big = "Токтогул ".repeat(230_000);
    let items: Vec<String> = (0..12)
        .map(|i| format!(r#"{{"title":"big {i}","occurred":"2026-11-0{} 10:00","category":"raid","narrative":"{big}"}}"#, 1 + i % 9))
        .collect();
    p.sender.add_json(&format!("[{}]", items.join(",")));
    let dir = p.sender.root.path().join("out");
    for (signal, named) in [
        (libc::SIGKILL, false),
        (libc::SIGINT, false),
        (libc::SIGTERM, false),
        (libc::SIGINT, true),
        (libc::SIGTERM, true),
        (libc::SIGHUP, true),
    ] {
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("b.age");
        let mut cmd = p.sender.cmd(
            &[
                "export",
                "--all",
                "--to",
                &p.recipient,
                "-o",
                out.to_str().unwrap(),
            ],
            &[PASS],
        );
        if named {
            cmd.env("SANDYK_TEST_NO_TMPFILE", "1");
        }
        cmd.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let pid = child.id() as i32;
        // Wait until the output file is open (anonymous or named), then a little longer.
        let started = std::time::Instant::now();
        let mut seen = false;
        while started.elapsed() < std::time::Duration::from_secs(60) {
            let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
                .map(|d| {
                    d.flatten()
                        .filter_map(|e| std::fs::read_link(e.path()).ok())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            if fds.iter().any(|t| t.starts_with(&dir)) {
                seen = true;
                break;
            }
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert!(
            seen,
            "the export never opened its output (finished too fast?)"
        );
        std::thread::sleep(std::time::Duration::from_millis(30));
        // SAFETY: signalling our own child.
        unsafe {
            libc::kill(pid, signal);
        }
        let o = child.wait_with_output().unwrap();
        assert!(
            !o.status.success(),
            "signal {signal}: the export finished before it was interrupted"
        );
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert!(
            left.is_empty(),
            "signal {signal} (named temp: {named}) left {left:?}"
        );
        let log = p.sender.run(&["log", "--json"], &[PASS], b"");
        assert_eq!(stdout(&log).trim(), "[]", "nothing logged");
    }
    // And uninterrupted, it works.
    let out = dir.join("b.age");
    assert_ok(&p.sender.run(
        &[
            "export",
            "--all",
            "--to",
            &p.recipient,
            "-o",
            out.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));
    let o = p.verify(&out, &["--json"]);
    assert_ok(&o);
    assert!(stdout(&o).contains("\"incident_count\": 14"));
}
