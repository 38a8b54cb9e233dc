//! Snapshots (insta) of the exit status, stdout and stderr of the main commands, in English,
//! Russian and Kyrgyz: one scenario per language on a fresh vault, with a fixed clock
//! (SANDYK_TEST_NOW) and the cheap test KDF. Random parts (the temporary root, incident
//! ids, keys, hashes, fingerprints, timings) are replaced by placeholders (support::snap).
//!
//! The snapshots are in tests/it/snapshots/. A changed output fails the test (CI sets
//! CI=true and scripts/test sets INSTA_UPDATE=no, so nothing is accepted silently); review
//! and accept a deliberate change with `cargo insta review`, or run with
//! INSTA_UPDATE=always and read the diff of tests/it/snapshots/ before committing it.

use crate::support::*;

const INCIDENTS: &str = r#"[
 {"title":"Ак машина у офиса","occurred":"2026-11-27 15:00","category":"followed",
  "location":"Бишкек, Токтогул көчөсү","narrative":"Серая Лада 01KG123ABC стояла у офиса.",
  "tags":["офис"],"perpetrators":["двое в штатском"],"witnesses":["Айгүл"]},
 {"title":"Threatening call","occurred":"2026-11-20","category":"threat_online",
  "narrative":"Үйгө келебиз деди."}
]"#;

/// The whole scenario in one language: every main command, one snapshot each.
fn scenario(lang: &str) {
    let e = Env::new();
    let mut s = Snap::new(&e, lang);

    let mut init = vec!["init"];
    init.extend(kdf_args());
    s.run("init", &init, &[PASS], b"");

    // add (JSON on stdin) prints the new ids; later snapshots show them as [ID1], [ID2].
    let o = e.run(
        &["add", "--input", "json", "--lang", lang],
        &[PASS],
        INCIDENTS.as_bytes(),
    );
    let ids: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(ids.len(), 2, "{}", stderr(&o));
    for (i, id) in ids.iter().enumerate() {
        s.id(id, &format!("[ID{}]", i + 1));
    }
    s.assert(
        "add",
        "sandyk add --input json (two incidents on stdin)",
        &o,
    );
    let (a, b) = (ids[0].as_str(), ids[1].as_str());

    s.run("list", &["list"], &[PASS], b"");
    s.run("show", &["show", a], &[PASS], b"");
    s.run("search", &["search", "Лада"], &[PASS], b"");
    s.run(
        "amend",
        &["amend", a, "--input", "json"],
        &[PASS],
        r#"{"narrative":"Серая Лада 01KG123ABC, трое в штатском."}"#.as_bytes(),
    );
    s.run("history", &["history", a], &[PASS], b"");
    s.run("delete", &["delete", b, "--yes"], &[PASS], b"");
    s.run("list_after_delete", &["list"], &[PASS], b"");

    // A lawyer's key, a contact, an export to the contact and its verification.
    let key = e.home().join("lawyer.txt");
    let key = key.to_str().unwrap();
    let o = e.run(&["keygen", "-o", key], &[], b"");
    assert_ok(&o);
    let recipient = stdout(&o).trim().to_owned();
    s.run(
        "contact_add",
        &["contact", "add", "lawyer", &recipient],
        &[PASS],
        b"",
    );
    s.run("contact_list", &["contact", "list"], &[PASS], b"");
    let bundle = e.home().join("bundle.age");
    let bundle = bundle.to_str().unwrap();
    s.run(
        "export",
        &["export", "--to", "lawyer", "--all", "-o", bundle],
        &[PASS],
        b"",
    );
    s.run(
        "bundle_verify",
        &["bundle", "verify", bundle, "--identity", key],
        &[PASS],
        b"",
    );

    s.run("passphrase_list", &["passphrase", "list"], &[PASS], b"");
    s.run("check", &["check"], &[PASS], b"");
    s.run("wrong_passphrase", &["list"], &["not the passphrase"], b"");
    s.run("usage_error", &["list", "--no-such-flag"], &[], b"");
    s.run("help", &["--help"], &[], b"");
    s.run("add_help", &["add", "--help"], &[], b"");
    s.run("panic", &["panic"], &[], b"");
    assert!(!e.vault().exists(), "panic removes the vault");
}

#[test]
fn main_commands_en() {
    scenario("en");
}

#[test]
fn main_commands_ru() {
    scenario("ru");
}

#[test]
fn main_commands_ky() {
    scenario("ky");
}
