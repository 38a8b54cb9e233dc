//! `sandyk attachment delete ID/N` (issue 15): one attachment goes, the incident stays.
//!
//! - a photo (original and working copy) deleted of three attachments: both content files
//!   gone, the others still extract byte for byte, `attachments` no longer lists it,
//!   `history` shows "attachment deleted" as a new revision, `check` passes, and the next
//!   attachment gets a new number;
//! - addresses that do not name one attachment (`ID` alone, an unknown number, an unknown
//!   incident, a deleted incident's) fail with a message and a hint and change nothing
//!   (vault state and store files compared);
//! - without `--yes` and without a terminal it refuses; on a terminal it asks for a whole
//!   word (declining changes nothing, `да` deletes).

use super::daily_form::Pty;
use crate::support::*;

fn store_files(e: &Env) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(e.vault().join("sandyk.store"))
        .map(|rd| {
            rd.flatten()
                .map(|x| x.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn attachments_json(e: &Env, id: &str) -> serde_json::Value {
    let o = e.run(&["attachments", id, "--json"], &[PASS], b"");
    assert_ok(&o);
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn one_attachment_is_deleted_the_rest_stay() {
    let e = Env::new();
    e.init();
    let id = e.add_json(&canary_incident("attdel", "followed"))[0].clone();
    let dir = e.root.path().join("input");
    std::fs::create_dir_all(&dir).unwrap();
    let photo = dir.join("photo.jpg");
    std::fs::write(&photo, gps_jpeg()).unwrap();
    let keep = noise(200_000, 7);
    let keep_f = dir.join("keep.bin");
    std::fs::write(&keep_f, &keep).unwrap();
    let last_f = dir.join("last.bin");
    std::fs::write(&last_f, noise(70_000, 8)).unwrap();
    let o = e.run(
        &[
            "attach",
            &id,
            keep_f.to_str().unwrap(),
            photo.to_str().unwrap(),
            last_f.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    let all = store_files(&e);
    assert_eq!(
        all.len(),
        4,
        "keep, photo original + working copy, last: {all:?}"
    );
    let history_before = stdout(&e.run(&["history", &id], &[PASS], b""));

    let o = e.run(
        &["attachment", "delete", &format!("{id}/2"), "--yes"],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    assert!(stderr(&o).contains(&format!("{id}/2")), "{}", stderr(&o));
    assert!(stderr(&o).contains("photo.jpg"), "{}", stderr(&o));
    let left = store_files(&e);
    assert_eq!(left.len(), 2, "both copies of the photo removed: {left:?}");
    assert!(left.iter().all(|f| all.contains(f)));
    let j = attachments_json(&e, &id);
    let ns: Vec<u64> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["n"].as_u64().unwrap())
        .collect();
    assert_eq!(ns, vec![1, 3]);
    // The others still read, byte for byte.
    let out = e.root.path().join("keep.out");
    assert_ok(&e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/1"),
            "-o",
            out.to_str().unwrap(),
            "--original",
        ],
        &[PASS],
        b"",
    ));
    assert_eq!(std::fs::read(&out).unwrap(), keep);
    // Gone: extract says so (exit 5).
    assert_code(
        &e.run(
            &[
                "attachment",
                "extract",
                &format!("{id}/2"),
                "-o",
                "-",
                "--original",
            ],
            &[PASS],
            b"",
        ),
        5,
    );
    // A revision in the chain, said as such.
    let hist = stdout(&e.run(&["history", &id], &[PASS], b""));
    assert_eq!(
        hist.lines().count(),
        history_before.lines().count() + 1,
        "{hist}"
    );
    assert!(
        hist.lines().last().unwrap().contains("attachment deleted"),
        "{hist}"
    );
    let hj: serde_json::Value =
        serde_json::from_str(&stdout(&e.run(&["history", &id, "--json"], &[PASS], b""))).unwrap();
    let revs = hj.as_array().unwrap();
    assert_eq!(revs.last().unwrap()["op"], "amend");
    assert_ok(&e.run(&["check"], &[PASS], b""));
    // Its number is not given again.
    let o = e.run(&["attach", &id, keep_f.to_str().unwrap()], &[PASS], b"");
    assert_ok(&o);
    assert_eq!(stdout(&o).trim(), format!("{id}/4"));
    // Kyrgyz and Russian say it in their words.
    let o = e.run(
        &[
            "--lang",
            "ru",
            "attachment",
            "delete",
            &format!("{id}/4"),
            "--yes",
        ],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    assert!(stderr(&o).contains("удалено"), "{}", stderr(&o));
    let hist = stdout(&e.run(&["--lang", "ky", "history", &id], &[PASS], b""));
    assert!(hist.contains("тиркеме өчүрүлдү"), "{hist}");
    assert_ok(&e.run(&["check"], &[PASS], b""));
}

#[test]
fn an_address_that_names_no_single_attachment_changes_nothing() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(&canary_incident("attdel-bad", "followed"));
    let id = ids[0].clone();
    let gone = e.add_json(&canary_incident("attdel-gone", "raid"))[0].clone();
    let f = e.root.path().join("a.bin");
    std::fs::write(&f, noise(10_000, 3)).unwrap();
    for i in [&id, &id, &gone] {
        assert_ok(&e.run(&["attach", i, f.to_str().unwrap()], &[PASS], b""));
    }
    assert_ok(&e.run(&["delete", &gone, "--yes"], &[PASS], b""));
    let state = vault_state(&e, &[("pass", PASS)]);
    let files = store_files(&e);
    // `ID` alone: two attachments, which one? Refused before the passphrase (exit 2), with
    // the command that lists them.
    let o = e.run(&["attachment", "delete", &id, "--yes"], &[], b"");
    assert_code(&o, 2);
    assert!(stderr(&o).contains("expected ID/N"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "hint: see the attachments with: sandyk attachments {id}"
        )),
        "{}",
        stderr(&o)
    );
    // An unknown number, an unknown incident: not found (exit 5), with the hint.
    let o = e.run(
        &["attachment", "delete", &format!("{id}/7"), "--yes"],
        &[PASS],
        b"",
    );
    assert_code(&o, 5);
    assert!(
        stderr(&o).contains(&format!("no attachment {id}/7")),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("hint:"), "{}", stderr(&o));
    let o = e.run(&["attachment", "delete", "ZZZZZZ/1", "--yes"], &[PASS], b"");
    assert_code(&o, 5);
    assert!(stderr(&o).contains("hint:"), "{}", stderr(&o));
    // A deleted incident's attachment is gone with it.
    let o = e.run(
        &["attachment", "delete", &format!("{gone}/1"), "--yes"],
        &[PASS],
        b"",
    );
    assert_ne!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("hint:"), "{}", stderr(&o));
    // Without --yes and no terminal: refused, nothing asked.
    let o = e.run(&["attachment", "delete", &format!("{id}/1")], &[PASS], b"");
    assert_code(&o, 2);
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    assert_eq!(vault_state(&e, &[("pass", PASS)]), state);
    assert_eq!(store_files(&e), files);

    // On a terminal: a whole word is needed; declining changes nothing.
    let r = format!("{id}/1");
    let mut p = Pty::start(&e, "en", &["attachment", "delete", &r]);
    p.answer("Delete this attachment?", "no\n");
    let (code, screen) = p.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("a.bin"),
        "the attachment is named: {screen}"
    );
    assert_eq!(vault_state(&e, &[("pass", PASS)]), state);
    let mut p = Pty::start(&e, "ru", &["attachment", "delete", &r]);
    p.answer("Удалить это вложение?", "y\n");
    p.answer("Удалить это вложение?", "н\n");
    let (code, screen) = p.finish();
    assert_eq!(code, 0, "{screen}");
    assert_eq!(vault_state(&e, &[("pass", PASS)]), state, "{screen}");
    assert_eq!(store_files(&e), files);
    let mut p = Pty::start(&e, "ru", &["attachment", "delete", &r]);
    p.answer("Удалить это вложение?", "да\n");
    let (code, screen) = p.finish();
    assert_eq!(code, 0, "{screen}");
    assert_eq!(store_files(&e).len(), files.len() - 1, "{screen}");
    assert_ok(&e.run(&["check"], &[PASS], b""));
}
