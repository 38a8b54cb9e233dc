//! Library errors are typed and said in the user's language (issue 10): no English sentence
//! made in the library reaches a Russian or Kyrgyz message. Snapshots in en, ru and ky of
//! an unknown recipient (bad line in a recipients file, an unsupported SSH key type), a
//! damaged key file, a malformed picture and a bundle whose manifest was tampered with;
//! each also asserts its exit code and that the Russian and Kyrgyz text holds none of the
//! English sentence the library used to carry.

use crate::support::*;

const LANGS: [&str; 3] = ["en", "ru", "ky"];

/// No English words from the library's `Display` texts in a translated message.
#[track_caller]
fn no_english(o: &std::process::Output, lang: &str, english: &[&str]) {
    if lang == "en" {
        return;
    }
    let err = stderr(o);
    for w in english {
        assert!(!err.contains(w), "{lang}: English {w:?} in:\n{err}");
    }
    let hint = if lang == "ru" {
        "подсказка: "
    } else {
        "кеңеш: "
    };
    assert!(
        err.lines().any(|l| l.starts_with(hint)),
        "{lang}: no hint in:\n{err}"
    );
}

#[test]
fn an_unknown_recipient_is_said_in_every_language() {
    let e = Env::new();
    e.init();
    e.add_json(r#"{"title":"t","occurred":"2026-11-20","category":"other"}"#);
    let list = e.home().join("recipients.txt");
    std::fs::create_dir_all(e.home()).unwrap();
    let (_, good) = age_identity_file(e.home().join("k.txt"), "");
    std::fs::write(&list, format!("# the lawyers\n{good}\nage1notarecipient\n")).unwrap();
    let out = e.home().join("b.age");
    // An SSH public key of a type age cannot encrypt to (DSA): the key blob names its type.
    let dss = {
        use base64::Engine;
        let mut blob = vec![];
        for part in [&b"ssh-dss"[..], &[0x00, 0x80][..], &[1u8; 20][..]] {
            blob.extend_from_slice(&(part.len() as u32).to_be_bytes());
            blob.extend_from_slice(part);
        }
        format!(
            "ssh-dss {} old-key",
            base64::engine::general_purpose::STANDARD.encode(blob)
        )
    };
    for lang in LANGS {
        let s = Snap::new(&e, lang);
        let o = s.run(
            "typed_recipient_file",
            &[
                "export",
                "--to-file",
                list.to_str().unwrap(),
                "--all",
                "-o",
                out.to_str().unwrap(),
            ],
            &[PASS],
            b"",
        );
        assert_code(&o, 2);
        assert!(
            stderr(&o).contains('3'),
            "the line is named: {}",
            stderr(&o)
        );
        no_english(&o, lang, &["line 3", "not a valid age recipient"]);
        let o = s.run(
            "typed_recipient_ssh_type",
            &["contact", "add", "lawyer", &dss],
            &[PASS],
            b"",
        );
        assert_code(&o, 2);
        assert!(stderr(&o).contains("ssh-dss"), "{}", stderr(&o));
        no_english(
            &o,
            lang,
            &["is not supported", "not a valid SSH public key"],
        );
        assert!(!out.exists());
    }
}

#[test]
fn a_damaged_key_file_is_said_in_every_language() {
    let e = Env::new();
    e.init();
    let key = e.vault().join(sandyk::vault::KEYFILE_NAME);
    let mut bytes = std::fs::read(&key).unwrap();
    // One flipped bit in the header: the checksum no longer matches.
    bytes[10] ^= 1;
    std::fs::write(&key, &bytes).unwrap();
    for lang in LANGS {
        let o = Snap::new(&e, lang).run("typed_keyfile_checksum", &["list"], &[PASS], b"");
        assert_code(&o, 4);
        no_english(&o, lang, &["checksum mismatch"]);
    }
    std::fs::write(&key, &bytes[..bytes.len() - 1]).unwrap();
    for lang in LANGS {
        let o = Snap::new(&e, lang).run("typed_keyfile_size", &["list"], &[PASS], b"");
        assert_code(&o, 4);
        no_english(&o, lang, &["wrong size"]);
    }
}

#[test]
fn a_malformed_picture_is_said_in_every_language() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(r#"{"title":"t","occurred":"2026-11-20","category":"other"}"#);
    std::fs::create_dir_all(e.home()).unwrap();
    // A JPEG cut inside its image data: stored, no working copy, the reason said.
    let mut jpeg = crate::support::attach::jpeg(&[]);
    jpeg.truncate(jpeg.len() - 3);
    let pic = e.home().join("photo.jpg");
    std::fs::write(&pic, &jpeg).unwrap();
    let o = e.run(&["attach", &ids[0], pic.to_str().unwrap()], &[PASS], b"");
    assert_ok(&o);
    let reference = format!("{}/1", ids[0]);
    for lang in LANGS {
        let mut s = Snap::new(&e, lang);
        s.id(&ids[0], "[ID1]");
        let o = s.run(
            "typed_image_cut_short",
            &["attachments", &ids[0]],
            &[PASS],
            b"",
        );
        assert_ok(&o);
        if lang != "en" {
            let err = format!("{}{}", stdout(&o), stderr(&o));
            assert!(!err.contains("cut short"), "{lang}: {err}");
        }
        let _ = &reference;
    }
}

#[test]
fn a_tampered_manifest_is_said_in_every_language() {
    let p = Parties::new();
    let b = p.export("b.age", &["--all"]);
    let mut files = entries(&p.decrypt(&b));
    let m = files
        .iter_mut()
        .find(|(n, _)| n == "manifest.json")
        .unwrap();
    let text = String::from_utf8(m.1.clone()).unwrap();
    let at = text.find("\"created\": \"").unwrap() + "\"created\": \"".len();
    let end = at + text[at..].find('"').unwrap();
    m.1 = format!("{}yesterday{}", &text[..at], &text[end..]).into_bytes();
    let forged = p.crafted("tampered.age", &archive(&files));
    for lang in LANGS {
        let mut s = Snap::new(&p.lawyer, lang);
        s.id(&p.signer, "SHA256:[SIGNER]");
        let o = s.run(
            "typed_bundle_manifest_created",
            &[
                "bundle",
                "verify",
                forged.to_str().unwrap(),
                "--identity",
                p.key.to_str().unwrap(),
                "--signer",
                &p.signer,
            ],
            &[],
            b"",
        );
        assert_code(&o, 6);
        assert!(stderr(&o).contains("created"), "{}", stderr(&o));
        no_english(
            &o,
            lang,
            &["is not an RFC 3339 time", "the manifest is invalid"],
        );
    }
}

#[test]
fn check_problems_are_said_in_every_language() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(
        r#"[{"title":"t","occurred":"2026-11-20","category":"other"},
            {"title":"u","occurred":"2026-11-21","category":"other"}]"#,
    );
    // The first incident's row points at the second one's revision, not its own newest.
    {
        let v = open_lib(&e.vault(), PASS);
        v.db.conn()
            .execute("UPDATE incidents SET head_seq = 2 WHERE id = ?1", [&ids[0]])
            .unwrap();
    }
    for lang in LANGS {
        let mut s = Snap::new(&e, lang);
        s.id(&ids[0], "[ID1]");
        let o = s.run("typed_check_stale_head", &["check"], &[PASS], b"");
        assert_code(&o, 4);
        if lang != "en" {
            let out = stdout(&o);
            assert!(!out.contains("current state"), "{lang}: {out}");
            assert!(out.contains(&ids[0]), "{lang}: {out}");
        }
    }
}

#[test]
fn invalid_json_input_is_said_without_quoting_it() {
    let e = Env::new();
    e.init();
    // serde's own message would quote the value ("unknown variant `…`"): note text.
    let input = r#"{"title":"x","occurred":"2026-11-27 15:00","category":"other",
        "reliability":"источник Айгүл, тел. 0555"}"#;
    for lang in LANGS {
        let o = Snap::new(&e, lang).run(
            "typed_json_input",
            &["add", "--input", "json"],
            &[PASS],
            input.as_bytes(),
        );
        assert_code(&o, 2);
        let err = stderr(&o);
        assert!(
            !err.contains("Айгүл") && !err.contains("0555"),
            "{lang}: {err}"
        );
        no_english(&o, lang, &["unknown variant", "expected one of"]);
    }
}
