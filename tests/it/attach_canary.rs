//! No attachment bytes outside the database: after attaching files that carry canaries
//! (in the file body, across chunk boundaries, in a photo's EXIF and comment), listing them,
//! extracting a working copy elsewhere, an intake killed mid-way, and a delete, no canary
//! appears in any file under the vault directory, HOME or TMPDIR, in UTF-8, UTF-16, base64
//! or hex. (A file-tree scan; the raw-image scan belongs to the forensic harness.)

use crate::support::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

const INCIDENT: &str =
    r#"{"title":"Далил","occurred":"2026-11-27 15:00","category":"threat_in_person"}"#;

fn with_canaries(len: usize, canary: &str, every: usize, seed: u64) -> Vec<u8> {
    let mut v = noise(len, seed);
    let c = canary.as_bytes();
    let mut at = every.saturating_sub(c.len() / 2); // straddle chunk boundaries
    while at + c.len() <= v.len() {
        v[at..at + c.len()].copy_from_slice(c);
        at += every;
    }
    v
}

#[test]
fn no_canary_outside_the_database() {
    let e = Env::new();
    e.init();
    let canary = "CANARY-ATTACH-Ңөү-7f3a9c";
    let text_canary = "CANARY-NOTE-Бишкек-51e2";
    let input = e.root.path().join("input");
    let out = e.root.path().join("out");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let bin = input.join("audio.ogg");
    std::fs::write(&bin, with_canaries(3 << 20, canary, 1 << 20, 1)).unwrap();
    let txt = input.join("note.txt");
    std::fs::write(&txt, format!("Токтогул көчөсү {text_canary}\n")).unwrap();
    let jpg = input.join("photo.jpg");
    std::fs::write(&jpg, gps_jpeg()).unwrap();

    let o = e.run(
        &[
            "add",
            "--input",
            "json",
            "--attach",
            bin.to_str().unwrap(),
            "--attach",
            txt.to_str().unwrap(),
        ],
        &[PASS],
        INCIDENT.as_bytes(),
    );
    assert_ok(&o);
    let id = stdout(&o).lines().next().unwrap().to_owned();
    assert_ok(&e.run(&["attach", &id, jpg.to_str().unwrap()], &[PASS], b""));
    assert_ok(&e.run(&["attachments", &id], &[PASS], b""));
    assert_ok(&e.run(&["attachments", &id, "--json"], &[PASS], b""));
    let w = out.join("photo-working.jpg");
    assert_ok(&e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/3"),
            "-o",
            w.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));
    assert!(!contains(&std::fs::read(&w).unwrap(), SERIAL.as_bytes()));

    // An intake killed mid-way.
    let big = input.join("long.wav");
    std::fs::write(&big, with_canaries(96 << 20, canary, 1 << 20, 2)).unwrap();
    let size0 = bytes_under(&e.vault());
    let mut c = e.cmd(&["attach", &id, big.to_str().unwrap()], &[PASS]);
    c.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = c.spawn().unwrap();
    let t0 = Instant::now();
    while bytes_under(&e.vault()) < size0 + (16 << 20) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "intake finished too soon"
        );
        assert!(t0.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // Hot journal still there: scan now, before anything rolls it back.
    scan(&e, &[canary, text_canary, SERIAL]);
    assert_ok(&e.run(&["check"], &[PASS], b""));

    // A second incident with the photo, deleted.
    let id2 = e.add_json(INCIDENT).remove(0);
    assert_ok(&e.run(
        &["attach", &id2, jpg.to_str().unwrap(), txt.to_str().unwrap()],
        &[PASS],
        b"",
    ));
    assert_ok(&e.run(&["delete", &id2, "--yes"], &[PASS], b""));
    scan(&e, &[canary, text_canary, SERIAL]);
}

fn scan(e: &Env, canaries: &[&str]) {
    let mut files = 0;
    for dir in [e.vault(), e.home(), e.tmp()] {
        for (path, bytes) in Env::all_bytes_under(&dir) {
            files += 1;
            for c in canaries {
                for form in canary_forms(c) {
                    assert!(
                        !contains(&bytes, &form),
                        "canary {c:?} found in {}",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(files >= 2, "the scan saw the vault's files");
}
