//! The committed v2 fixture vault (tests/fixtures/vault-v2): the first with the attachment
//! store (schema v11). Every later version must open it and give back its attachments byte
//! for byte. Like vault-v1 it was made with the real Argon2id floor (64 MiB, 3 passes, 1
//! lane); the passphrase is test data (tests/fixtures/README.md).
//!
//! Regenerate only with a new `vault-vN` directory (never in place):
//! `cargo test --features insecure-test-kdf --test it -- --ignored core_fixture_v2::regenerate --nocapture`
//! then paste the printed values into the constants below.

use crate::support::*;

const PASS_V2: &str = "fixture v2 Сандык ңөү 2026";

// Printed by the generator when the committed fixture was made.
const ID: &str = "Q6WNM7";
/// SHA-256 of the original photo (with GPS and serial number) and of its working copy.
const PHOTO_SHA: &str = "58d14f763ad085d2b8a4290b12a4aa31f72d92ca6eb5767c9e7bb5bd5caa3953";
const PHOTO_WORKING_SHA: &str = "c027da5c55fe289d4e9142d3fae88be83f4a89cc804b26c174758c6b463366e4";
/// SHA-256 of the 200,000-byte recording (4 chunks of 64 KiB).
const AUDIO_SHA: &str = "5eeaa11bb728e13fd8b04464b0a62d1f7461b34ac7502114d25a2bf649dbcd3d";

fn v2_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-v2")
}

fn sha(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}

#[test]
#[ignore = "regenerates the committed v2 fixture; run by hand only"]
fn regenerate() {
    let dest = v2_dir();
    assert!(
        !dest.join("sandyk.key").exists(),
        "{} exists: the committed fixture is a contract; make a new vault-vN instead",
        dest.display()
    );
    let e = Env::new();
    assert_ok(&e.run(
        &[
            "init",
            "--kdf-memory",
            "64",
            "--kdf-time",
            "3",
            "--kdf-parallelism",
            "1",
        ],
        &[PASS_V2],
        b"",
    ));
    let o = e.run(
        &["add", "--input", "json"],
        &[PASS_V2],
        r#"{"title":"Видео жана сүрөт","occurred":"2026-11-26 18:00","category":"raid","narrative":"Үйгө кирип, телефонду алышты. Ңөү."}"#.as_bytes(),
    );
    assert_ok(&o);
    let id = stdout(&o).trim().to_owned();
    let input = e.root.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let photo = input.join("сүрөт.jpg");
    std::fs::write(&photo, gps_jpeg()).unwrap();
    let audio = input.join("audio.ogg");
    std::fs::write(&audio, noise(200_000, 15)).unwrap();
    assert_ok(&e.run(
        &[
            "attach",
            &id,
            photo.to_str().unwrap(),
            audio.to_str().unwrap(),
        ],
        &[PASS_V2],
        b"",
    ));
    let o = e.run(&["attachments", &id, "--json"], &[PASS_V2], b"");
    assert_ok(&o);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_ok(&e.run(&["check"], &[PASS_V2], b""));
    std::fs::create_dir_all(&dest).unwrap();
    for f in ["sandyk.key", "sandyk.db"] {
        std::fs::copy(e.vault().join(f), dest.join(f)).unwrap();
    }
    copy_dir(&e.vault().join("sandyk.store"), &dest.join("sandyk.store"));
    println!("const ID: &str = {id:?};");
    println!("const PHOTO_SHA: &str = {};", rows[0]["sha256"]);
    println!(
        "const PHOTO_WORKING_SHA: &str = {};",
        rows[0]["working_sha256"]
    );
    println!("const AUDIO_SHA: &str = {};", rows[1]["sha256"]);
}

/// A fresh Env holding a copy of the v2 fixture (opening may migrate the database).
fn v2_env() -> Env {
    let e = Env::new();
    copy_dir(&v2_dir(), &e.vault());
    e
}

#[test]
fn v2_fixture_files_are_as_committed() {
    let d = v2_dir();
    assert_eq!(names_in(&d), ["sandyk.db", "sandyk.key", "sandyk.store"]);
    // Three content files: the photo, its working copy, the recording; each padded.
    let files = names_in(&d.join("sandyk.store"));
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        assert!(sandyk::vault::store::is_content_name(f), "{f}");
        let len = std::fs::metadata(d.join("sandyk.store").join(f))
            .unwrap()
            .len();
        assert_eq!(
            sandyk::vault::store::padme(len),
            len,
            "{f}: {len} is a Padmé length"
        );
    }
    assert!(files.iter().any(|f| {
        std::fs::metadata(d.join("sandyk.store").join(f))
            .unwrap()
            .len()
            == sandyk::vault::store::stored_len(200_000)
    }));
}

#[test]
fn v2_fixture_opens_and_gives_back_its_attachments() {
    let e = v2_env();
    let o = e.run(&["check"], &[PASS_V2], b"");
    assert_ok(&o);
    let o = e.run(&["attachments", ID, "--json"], &[PASS_V2], b"");
    assert_ok(&o);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(rows[0]["name"], "сүрөт.jpg");
    let out = e.root.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    for (n, original, want) in [
        (1, true, PHOTO_SHA),
        (1, false, PHOTO_WORKING_SHA),
        (2, true, AUDIO_SHA),
    ] {
        let dest = out.join(format!("{n}-{original}"));
        let mut args = vec![
            "attachment".to_owned(),
            "extract".into(),
            format!("{ID}/{n}"),
            "-o".into(),
            dest.display().to_string(),
        ];
        if original {
            args.push("--original".into());
        }
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_ok(&e.run(&a, &[PASS_V2], b""));
        assert_eq!(sha(&std::fs::read(&dest).unwrap()), want, "{n} {original}");
    }
    // The working copy has no GPS position and no serial number.
    let w = std::fs::read(out.join("1-false")).unwrap();
    assert!(!contains(&w, SERIAL.as_bytes()));
    // And the recording is the generator's bytes.
    assert_eq!(
        std::fs::read(out.join("2-true")).unwrap(),
        noise(200_000, 15)
    );
}
