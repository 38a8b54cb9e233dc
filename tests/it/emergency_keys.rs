//! More keys: a second passphrase, its removal, and the recovery key (accepted wherever a
//! passphrase is).

use std::fs;

use crate::support::*;

const SECOND: &str = "second passphrase ңөү 42";
const NEW: &str = "changed passphrase Нарын 7";

#[test]
fn recovery_key_opens_everywhere_a_passphrase_does_and_is_printed_once() {
    let e = Env::new();
    e.init();
    e.add_json(INCIDENT);
    let before = stdout(&e.run(&["list", "--json"], &[PASS], b""));
    let o = e.run(&["recovery-key"], &[PASS], b"");
    assert_ok(&o);
    let rk = stdout(&o).trim().to_owned();
    // Printed once, on stdout only; 8 groups of 4 Crockford base32 characters.
    assert_eq!(stdout(&o).lines().count(), 1);
    assert!(!stderr(&o).contains(&rk));
    assert_eq!(rk.len(), 39, "{rk}");
    assert_eq!(stdout(&e.run(&["list", "--json"], &[&rk], b"")), before);
    // Typed sloppily: lower case, without dashes, O for 0.
    let sloppy = rk.replace('-', "").to_lowercase().replace('0', "o");
    assert_eq!(stdout(&e.run(&["list", "--json"], &[&sloppy], b"")), before);
    // It also works where a passphrase prompt is not the first thing (duress set, seal…).
    assert_ok(&e.run(&["check"], &[&rk], b""));
    // A passphrase change does not invalidate it.
    assert_ok(&e.run(&["passphrase", "change"], &[PASS, NEW], b""));
    assert_eq!(stdout(&e.run(&["list", "--json"], &[&rk], b"")), before);
    // It is listed by label, and removing it really removes it.
    let o = e.run(&["passphrase", "list", "--json"], &[NEW], b"");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|s| s["kind"] == "recovery"),
        "{v}"
    );
    assert_ok(&e.run(&["passphrase", "remove", "recovery"], &[NEW], b""));
    assert_code(&e.run(&["list"], &[&rk], b""), 3);
}

#[test]
fn removing_a_passphrase_really_removes_it() {
    let e = Env::new();
    e.init();
    e.add_json(INCIDENT);
    assert_ok(&e.run(
        &["passphrase", "add", "--label", "Айгүл"],
        &[PASS, SECOND],
        b"",
    ));
    assert_ok(&e.run(&["list"], &[SECOND], b""));
    let kf_with = fs::read(e.vault().join("sandyk.key")).unwrap();
    let o = e.run(&["passphrase", "remove", "Айгүл"], &[PASS], b"");
    assert_ok(&o);
    // Refused by the CLI and by the library, and the slot's old bytes are gone from the
    // key file (the slot was overwritten with random bytes, not just forgotten).
    assert_code(&e.run(&["list"], &[SECOND], b""), 3);
    assert!(!opens(&e.vault(), SECOND));
    let kf_without = fs::read(e.vault().join("sandyk.key")).unwrap();
    let changed = kf_with[128..]
        .chunks(1008)
        .zip(kf_without[128..].chunks(1008))
        .filter(|(a, b)| a != b)
        .count();
    // Every slot is rewritten (unused ones re-randomised, used ones under a fresh nonce), so
    // that two images do not show which slot was removed (tests/it/examiner.rs).
    assert_eq!(changed, 8, "every slot rewritten");
    // Even a copy of the key file taken before the removal is gone from the directory: none
    // of its slots is anywhere.
    let needles = Needles::new(
        &kf_with[128..]
            .chunks(1008)
            .map(<[u8]>::to_vec)
            .collect::<Vec<_>>(),
    );
    assert_eq!(needles.find_under(e.root.path()), vec![]);
    assert_ok(&e.run(&["list"], &[PASS], b""));
    // The last way in cannot be removed.
    let o = e.run(&["passphrase", "remove", "main"], &[PASS], b"");
    assert_code(&o, 1);
    assert_ok(&e.run(&["list"], &[PASS], b""));
    // Unknown labels: not found.
    assert_code(&e.run(&["passphrase", "remove", "nobody"], &[PASS], b""), 5);
}

#[test]
fn every_passphrase_opens_the_same_data() {
    let e = Env::new();
    e.init();
    e.add_json(INCIDENT);
    assert_ok(&e.run(
        &["passphrase", "add", "--label", "second"],
        &[PASS, SECOND],
        b"",
    ));
    assert_eq!(data_key(&e.vault(), PASS), data_key(&e.vault(), SECOND));
    let o = e.run(&["passphrase", "list", "--json"], &[SECOND], b"");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // Listed in slot order, which is random: compare sorted.
    let mut got: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_owned(),
                s["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("main".to_owned(), "passphrase".to_owned()),
            ("second".to_owned(), "passphrase".to_owned())
        ]
    );
}
