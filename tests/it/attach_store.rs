//! The attachment store through the binary (issue 15): where content goes, what tampering
//! with a content file does, and what `panic` and `delete` leave.
//!
//! - intake writes one padded content file per stored copy into `sandyk.store/` and nothing
//!   of the content into the database;
//! - a flipped byte in a chunk: `check` names the attachment and the chunk (exit 4),
//!   `attachment extract` refuses with the same cause and a `hint:` (exit 4) and writes no
//!   output file; the other attachments still extract;
//! - `delete` of the incident removes its content files and the store directory;
//! - `panic` removes the store with the vault.

use crate::support::*;

const INCIDENT: &str =
    r#"{"title":"Видео","occurred":"2026-11-27 15:00","category":"threat_in_person"}"#;

fn store_files(e: &Env) -> Vec<std::path::PathBuf> {
    let dir = e.vault().join("sandyk.store");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|x| x.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn tampered_chunk_is_reported_by_check_and_refused_by_extract() {
    let e = Env::new();
    e.init();
    let id = e.add_json(INCIDENT).remove(0);
    let input = e.root.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let video = input.join("video.mp4");
    let data = noise(300_000, 9); // 5 chunks of 64 KiB
    std::fs::write(&video, &data).unwrap();
    let other = input.join("note.txt");
    std::fs::write(&other, "Токтогул көчөсү\n").unwrap();
    let db_before = std::fs::metadata(e.vault().join("sandyk.db"))
        .unwrap()
        .len();
    assert_ok(&e.run(
        &[
            "attach",
            &id,
            video.to_str().unwrap(),
            other.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));
    // The content is in the store, not the database (which grows by rows only).
    let db_after = std::fs::metadata(e.vault().join("sandyk.db"))
        .unwrap()
        .len();
    assert!(
        db_after < db_before + 64 * 1024,
        "{db_before} -> {db_after}"
    );
    let files = store_files(&e);
    assert_eq!(files.len(), 2, "{files:?}");
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .collect();
    assert!(
        sizes.contains(&sandyk::vault::store::stored_len(300_000)),
        "{sizes:?}"
    );
    assert_ok(&e.run(&["check"], &[PASS], b""));

    // Flip one byte in chunk 2 of the video's file (the larger one).
    let big = files
        .iter()
        .max_by_key(|f| std::fs::metadata(f).unwrap().len())
        .unwrap();
    let mut raw = std::fs::read(big).unwrap();
    raw[2 * (64 * 1024 + 16) + 100] ^= 0x01;
    std::fs::write(big, &raw).unwrap();

    let o = e.run(&["check"], &[PASS], b"");
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("{id}/1")) && out.contains("chunk 2"),
        "{out}"
    );

    let dest = e.root.path().join("out.mp4");
    let o = e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/1"),
            "--original",
            "-o",
            dest.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    );
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("chunk 2") && err.contains("hint:") && err.contains("sandyk check"),
        "{err}"
    );
    assert!(!dest.exists(), "no output file after a refused extract");
    // The other attachment is untouched.
    let dest2 = e.root.path().join("note.txt");
    assert_ok(&e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/2"),
            "--original",
            "-o",
            dest2.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));
    assert_eq!(
        std::fs::read_to_string(&dest2).unwrap(),
        "Токтогул көчөсү\n"
    );

    // Export reads each attachment once, verifying as it streams: the damaged chunk stops
    // it (exit 4, the attachment and chunk named), and no bundle file is left behind.
    let kp = e.root.path().join("k.txt");
    let rcpt = stdout(&e.run(&["keygen", "-o", kp.to_str().unwrap()], &[], b""))
        .trim()
        .to_owned();
    let bundle = e.root.path().join("b.age");
    let o = e.run(
        &[
            "export",
            &id,
            "--originals",
            "--to",
            &rcpt,
            "-o",
            bundle.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    );
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{id}/1")) && err.contains("chunk 2") && err.contains("hint:"),
        "{err}"
    );
    assert!(!bundle.exists(), "no bundle after a failed export");
    let leftovers: Vec<_> = std::fs::read_dir(e.root.path())
        .unwrap()
        .flatten()
        .map(|x| x.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("b.age") || n.starts_with(".tmp") || n.starts_with(".sandyk"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Without the damaged one (left out), the export works.
    assert_ok(&e.run(
        &[
            "export",
            &id,
            "--attachment",
            &format!("{id}/1=omit"),
            "--originals",
            "--to",
            &rcpt,
            "-o",
            bundle.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));

    // A truncated file is refused before any byte is written.
    let t = &raw[..raw.len() - 1];
    std::fs::write(big, t).unwrap();
    let o = e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/1"),
            "--original",
            "-o",
            "-",
        ],
        &[PASS],
        b"",
    );
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn delete_and_panic_remove_the_store() {
    let e = Env::new();
    e.init();
    let id = e.add_json(INCIDENT).remove(0);
    let keep = e.add_json(INCIDENT).remove(0);
    let f = e.root.path().join("a.bin");
    std::fs::write(&f, noise(200_000, 3)).unwrap();
    assert_ok(&e.run(&["attach", &id, f.to_str().unwrap()], &[PASS], b""));
    assert_ok(&e.run(&["attach", &keep, f.to_str().unwrap()], &[PASS], b""));
    assert_eq!(store_files(&e).len(), 2);
    assert_ok(&e.run(&["delete", &id, "--yes"], &[PASS], b""));
    assert_eq!(store_files(&e).len(), 1);
    assert_ok(&e.run(&["check"], &[PASS], b""));
    assert_ok(&e.run(&["delete", &keep, "--yes"], &[PASS], b""));
    assert!(
        !e.vault().join("sandyk.store").exists(),
        "the last deletion removes the store directory"
    );
    assert_ok(&e.run(
        &["attach", &e.add_json(INCIDENT)[0], f.to_str().unwrap()],
        &[PASS],
        b"",
    ));
    assert_eq!(store_files(&e).len(), 1);
    let o = e.run(&["panic"], &[], b"");
    assert_ok(&o);
    assert!(!e.vault().exists(), "{:?}", names_in(&e.vault()));
}

/// A vault from before the store: its attachments move into the store at the first unlock,
/// with a message, byte for byte, and the next unlock has nothing left to move.
#[test]
fn v1_attachments_move_into_the_store_at_unlock() {
    let e = Env::new();
    e.init();
    let id = e.add_json(INCIDENT).remove(0);
    let jpg = e.root.path().join("photo.jpg");
    std::fs::write(&jpg, gps_jpeg()).unwrap();
    let big = e.root.path().join("long.wav");
    let data = noise(3 << 20, 21);
    std::fs::write(&big, &data).unwrap();
    assert_ok(&e.run(
        &["attach", &id, jpg.to_str().unwrap(), big.to_str().unwrap()],
        &[PASS],
        b"",
    ));
    let history = stdout(&e.run(&["history", &id, "--json"], &[PASS], b""));
    make_v1_attachments(&e.vault(), PASS);
    assert!(store_files(&e).is_empty());

    let o = e.run(&["list"], &[PASS], b"");
    assert_ok(&o);
    let err = stderr(&o);
    assert!(err.contains("moving 2 attachment(s)"), "{err}");
    // Original and working copy of the photo, and the recording.
    assert_eq!(store_files(&e).len(), 3);
    assert_eq!(
        stdout(&e.run(&["history", &id, "--json"], &[PASS], b"")),
        history
    );
    assert_ok(&e.run(&["check"], &[PASS], b""));
    let o = e.run(&["list"], &[PASS], b"");
    assert!(!stderr(&o).contains("moving"), "{}", stderr(&o));
    let out = e.root.path().join("back.wav");
    assert_ok(&e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/2"),
            "--original",
            "-o",
            out.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));
    assert!(std::fs::read(&out).unwrap() == data);
    let w = e.root.path().join("w.jpg");
    assert_ok(&e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/1"),
            "-o",
            w.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));
    assert!(!contains(&std::fs::read(&w).unwrap(), SERIAL.as_bytes()));
}

/// The move of v1 attachments into the store failing (here: `sandyk.store` is a file, so the
/// store cannot be made — as a full or read-only disk would fail it; file permissions do not
/// stop root) stops the command that unlocked the vault: non-zero exit, the reason and a
/// hint, the command itself not run, the vault as it was (every attachment still v1 and
/// readable, the history unchanged). Once the cause is gone the next command moves them.
#[test]
fn a_failed_move_into_the_store_stops_the_command_and_changes_nothing() {
    let e = Env::new();
    e.init();
    let id = e.add_json(INCIDENT).remove(0);
    let jpg = e.root.path().join("photo.jpg");
    std::fs::write(&jpg, gps_jpeg()).unwrap();
    let rec = e.root.path().join("call.bin");
    let data = noise(200_000, 5);
    std::fs::write(&rec, &data).unwrap();
    assert_ok(&e.run(
        &["attach", &id, jpg.to_str().unwrap(), rec.to_str().unwrap()],
        &[PASS],
        b"",
    ));
    make_v1_attachments(&e.vault(), PASS);
    let state = vault_state(&e, &[("pass", PASS)]);
    let blocker = e.vault().join("sandyk.store");
    std::fs::write(&blocker, b"not a directory").unwrap();

    let add = r#"{"title":"after","occurred":"2026-11-27","category":"other"}"#;
    let o = e.run(&["add", "--input", "json"], &[PASS], add.as_bytes());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("moving attachments into the attachment store failed after 0 of 2")
            && err.contains("hint:")
            && err.contains("run the command again"),
        "{err}"
    );
    assert!(stdout(&o).is_empty(), "the command did not run");
    assert_eq!(std::fs::read(&blocker).unwrap(), b"not a directory");
    // (The state is read with the blocker gone: reading lists the store.)
    std::fs::remove_file(&blocker).unwrap();
    assert_eq!(vault_state(&e, &[("pass", PASS)]), state);

    // The cause gone, the next command moves them and runs.
    let o = e.run(&["add", "--input", "json"], &[PASS], add.as_bytes());
    assert_ok(&o);
    assert!(
        stderr(&o).contains("moving 2 attachment(s)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(store_files(&e).len(), 3);
    assert_ok(&e.run(&["check"], &[PASS], b""));
    let out = e.root.path().join("back.bin");
    assert_ok(&e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/2"),
            "--original",
            "-o",
            out.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));
    assert_eq!(std::fs::read(&out).unwrap(), data);
}
