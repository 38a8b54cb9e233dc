//! The committed fixture vault (tests/fixtures/vault-v1) is a contract: every future
//! version of sandyk must open it and show exactly this content.
//!
//! It was made with the real Argon2id floor (64 MiB, 3 passes, 1 lane), so both normal builds
//! and builds with the `insecure-test-kdf` feature open it. The passphrase and recovery key
//! are test data, written in tests/fixtures/README.md.
//!
//! Regenerate (only when the format changes on purpose, with a new `vault-vN` directory):
//! `cargo test --features insecure-test-kdf --test it -- --ignored core_fixture::regenerate --nocapture`
//! then paste the printed values into the constants below.

use crate::support::*;

const FIXTURE_PASS: &str = "fixture passphrase Сандык ңөү 2026";
const FIXTURE_RECOVERY: &str = "9ZNK-D0CS-7MHZ-PCPZ-DT2N-ANTV-A8W2-3G0J";

// Values printed by the generator when the committed fixture was made.
const ID_A: &str = "FJSZYT"; // followed, Kyrgyz, with coordinates
const ID_B: &str = "WVN4N9"; // summons, Russian, amended
const ID_C: &str = "ACEZ74"; // online harassment, deleted
const ID_D: &str = "FPK2PA"; // home visit, emoji and Arabic
const ID_E: &str = "C4M243"; // the user's own category
const CHAIN_HEAD: &str = "afb740400b5b29bba8fab97120e1fd400328d1ff4593015dbd26ddc3e05442bd";

/// A fresh Env holding a copy of the fixture (opening may migrate the database).
fn fixture_env() -> Env {
    let e = Env::new();
    copy_dir(&fixture_dir(), &e.vault());
    e
}

const INCIDENT_A: &str = r#"{
  "title": "Ак машина подъезд алдында",
  "occurred": "2026-11-20 09:30",
  "location": {"text": "Бишкек, Токтогул көчөсү 112", "lat": 42.8746, "lon": 74.6122},
  "category": "followed",
  "tags": ["Бишкек", "машина"],
  "narrative": "Эртең менен саат 9:30да үйдүн алдында ак «Лада» турду.\nИчинде эки киши отурган, бирөө телефон менен сүрөткө тартты. Ңөү ҢӨҮ.",
  "perpetrators": [{"description": "эки киши жарандык кийимде", "vehicles": ["ак Лада, 01KG123ABC"], "count": 2}],
  "witnesses": ["Айгүл (кошуна)"],
  "source": "өзүм көрдүм",
  "reliability": "firsthand",
  "confidentiality": "confidential"
}"#;
const INCIDENT_B: &str = r#"{"title":"Вызов в РОВД","occurred":"2026-11-22 14:00","location":"Ош","category":"summons","tags":["Ош"],"narrative":"Позвонили и потребовали прийти для «беседы».","victims":["Нурлан"]}"#;
const AMEND_B: &str = r#"{"narrative":"Позвонили и потребовали прийти для «беседы». Пришёл с адвокатом; беседа длилась 2 часа.","tags":["Ош","адвокат"]}"#;
const INCIDENT_C: &str = r#"{"title":"Threats in comments","occurred":"2026-11-25 21:15","category":"online_harassment","narrative":"fixturedeletedcanary"}"#;
const INCIDENT_D: &str = r#"{"title":"Үйгө келишти 🚪","occurred":"2026-11-26","category":"home_visit","narrative":"Two officers came to the door. مرحبا بكم","reliability":"high","confidentiality":"secret"}"#;
const INCIDENT_E: &str = r#"{"title":"Текшерүү пунктунда телефон текшерилди","occurred":"2026-11-27 18:45","category":"checkpoint_search","narrative":"Телефонду ачууну талап кылышты."}"#;

#[test]
#[ignore = "regenerates the committed fixture; run by hand only"]
fn regenerate() {
    let dest = fixture_dir();
    assert!(
        !dest.join("sandyk.key").exists(),
        "{} exists: the committed fixture is a contract; make a new vault-vN instead",
        dest.display()
    );
    let e = Env::new();
    let o = e.run(
        &[
            "init",
            "--kdf-memory",
            "64",
            "--kdf-time",
            "3",
            "--kdf-parallelism",
            "1",
        ],
        &[FIXTURE_PASS],
        b"",
    );
    assert_ok(&o);
    let o = e.run(
        &[
            "category",
            "add",
            "checkpoint_search",
            "--label",
            "Текшерүү пункту",
        ],
        &[FIXTURE_PASS],
        b"",
    );
    assert_ok(&o);
    let mut ids = vec![];
    for j in [INCIDENT_A, INCIDENT_B, INCIDENT_C, INCIDENT_D, INCIDENT_E] {
        let o = e.run(&["add", "--input", "json"], &[FIXTURE_PASS], j.as_bytes());
        assert_ok(&o);
        ids.push(stdout(&o).trim().to_owned());
    }
    assert_ok(&e.run(
        &["amend", &ids[1], "--input", "json"],
        &[FIXTURE_PASS],
        AMEND_B.as_bytes(),
    ));
    assert_ok(&e.run(&["delete", &ids[2], "--yes"], &[FIXTURE_PASS], b""));
    let o = e.run(&["recovery-key"], &[FIXTURE_PASS], b"");
    assert_ok(&o);
    let rk = stdout(&o).trim().to_owned();
    let check = assert_check_ok(&e, FIXTURE_PASS);
    std::fs::create_dir_all(&dest).unwrap();
    for f in ["sandyk.key", "sandyk.db"] {
        std::fs::copy(e.vault().join(f), dest.join(f)).unwrap();
    }
    println!("const FIXTURE_RECOVERY: &str = {rk:?};");
    for (n, id) in ["A", "B", "C", "D", "E"].iter().zip(&ids) {
        println!("const ID_{n}: &str = {id:?};");
    }
    println!("const CHAIN_HEAD: &str = {};", check["chain_head"]);
}

#[test]
fn fixture_files_are_as_committed() {
    let d = fixture_dir();
    assert_eq!(names(&d), ["sandyk.db", "sandyk.key"]);
    let key = std::fs::read(d.join("sandyk.key")).unwrap();
    assert_eq!(key.len(), 8192);
    // Header: format 1, 8 slots of 1008 bytes, Argon2id 64 MiB / 3 passes / 1 lane, pinned.
    assert_eq!(&key[0..8], &[1, 0, 8, 0, 0xf0, 3, 0, 0]);
    assert_eq!(
        u32::from_le_bytes(key[8..12].try_into().unwrap()),
        64 * 1024
    );
    assert_eq!(u32::from_le_bytes(key[12..16].try_into().unwrap()), 3);
    assert_eq!(u32::from_le_bytes(key[16..20].try_into().unwrap()), 1);
    let db = std::fs::read(d.join("sandyk.db")).unwrap();
    assert!(!db.starts_with(b"SQLite format 3"));
    // Byte for byte as committed (no test may open it in place: opening migrates).
    use sha2::Digest;
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&key)),
        "4ce69d1e4fc44cac29c72712ff8222fd273b90fbec35b7fd1963b22b146db98a"
    );
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&db)),
        "ebfbd7a1ebf086448429145b31a6c217ed83765dbb4381073ab2a08e8cecc4c3"
    );
    assert_eq!(db.len() % 4096, 0);
}

#[test]
fn fixture_opens_and_shows_exactly_its_content() {
    let e = fixture_env();
    let p = FIXTURE_PASS;

    // list: the four live incidents, ordered by when they happened.
    let list = list_json(&e, p);
    let got: Vec<(&str, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (ID_A, "Ак машина подъезд алдында"),
            (ID_B, "Вызов в РОВД"),
            (ID_D, "Үйгө келишти 🚪"),
            (ID_E, "Текшерүү пунктунда телефон текшерилди"),
        ]
    );

    // show: every field of A exactly as entered (tags normalised to lowercase).
    let o = e.run(&["show", ID_A, "--json"], &[p], b"");
    assert_ok(&o);
    let a: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let input: serde_json::Value = serde_json::from_str(INCIDENT_A).unwrap();
    assert_eq!(a["id"], ID_A);
    for f in [
        "title",
        "narrative",
        "category",
        "witnesses",
        "source",
        "reliability",
        "confidentiality",
        "perpetrators",
    ] {
        assert_eq!(a[f], input[f], "field {f}");
    }
    assert_eq!(a["location"], input["location"]);
    assert_eq!(a["tags"], serde_json::json!(["бишкек", "машина"]));
    assert_eq!(a["occurred"]["text"], "2026-11-20 09:30");
    assert_eq!(a["recorded"], "2026-11-28T06:00:00Z");

    // B was amended: the new narrative and tags, the history keeps both versions.
    let o = e.run(&["show", ID_B, "--json"], &[p], b"");
    assert_ok(&o);
    let b: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let amend: serde_json::Value = serde_json::from_str(AMEND_B).unwrap();
    assert_eq!(b["narrative"], amend["narrative"]);
    assert_eq!(b["tags"], serde_json::json!(["ош", "адвокат"]));
    assert_eq!(b["victims"], serde_json::json!(["Нурлан"]));
    let o = e.run(&["history", ID_B, "--json"], &[p], b"");
    assert_ok(&o);
    let h: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ops: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["add", "amend"]);
    assert_eq!(h[0]["seq"], 2);
    assert_eq!(h[1]["seq"], 6);
    let first: serde_json::Value = serde_json::from_str(h[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        first["narrative"],
        "Позвонили и потребовали прийти для «беседы»."
    );

    // C was deleted: not shown, its history is add + delete with the bodies destroyed.
    let o = e.run(&["show", ID_C], &[p], b"");
    assert_code(&o, 5);
    let o = e.run(&["history", ID_C, "--json"], &[p], b"");
    assert_ok(&o);
    let h: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let h = h.as_array().unwrap();
    assert_eq!(
        h.iter()
            .map(|r| r["op"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["add", "delete"]
    );
    assert!(h.iter().all(|r| r.get("body").is_none()), "{h:?}");
    let o = e.run(&["list", "--deleted", "--json"], &[p], b"");
    assert_ok(&o);
    let t: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(t[0]["id"], ID_C);

    // D and E: emoji, Arabic, and the user's own category.
    let o = e.run(&["show", ID_D, "--json"], &[p], b"");
    assert_ok(&o);
    let d: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(d["narrative"], "Two officers came to the door. مرحبا بكم");
    assert_eq!(d["confidentiality"], "secret");
    let o = e.run(
        &["list", "--category", "checkpoint_search", "--json"],
        &[p],
        b"",
    );
    assert_ok(&o);
    let l: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(l.as_array().unwrap().len(), 1);
    assert_eq!(l[0]["id"], ID_E);

    // Search through the committed FTS index.
    let o = e.run(&["search", "--json", "ТОКТОГУЛ"], &[p], b"");
    assert_ok(&o);
    let s: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        s.as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [ID_A]
    );
    let o = e.run(&["search", "--json", "fixturedeletedcanary"], &[p], b"");
    assert_ok(&o);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap(),
        serde_json::json!([])
    );

    // check: the chain, the counts and the head are exactly as committed.
    let c = assert_check_ok(&e, p);
    assert_eq!(c["incidents"], 4);
    assert_eq!(c["deleted"], 1);
    assert_eq!(c["revisions"], 7);
    assert_eq!(c["chain_head"], CHAIN_HEAD);
}

#[test]
fn fixture_opens_with_its_recovery_key_and_refuses_wrong_passphrases() {
    let e = fixture_env();
    let l = list_json(&e, FIXTURE_RECOVERY);
    assert_eq!(l.as_array().unwrap().len(), 4);
    let o = e.run(&["list"], &["fixture passphrase Сандык ңөү 2025"], b"");
    assert_code(&o, 3);
}

#[test]
fn fixture_opens_through_the_library() {
    let e = fixture_env();
    let v = open_lib(&e.vault(), FIXTURE_PASS);
    let h = v.keyfile.header();
    assert_eq!((h.params.m_kib, h.params.t, h.params.p), (64 * 1024, 3, 1));
    assert!(h.pinned);
    assert_eq!(v.db.count().unwrap(), (4, 1));
    assert_eq!(hex::encode(v.db.head().unwrap().1), CHAIN_HEAD);
    assert_eq!(v.db.get(ID_A).unwrap().title, "Ак машина подъезд алдында");
    assert_eq!(
        v.db.check().unwrap(),
        Vec::<sandyk::vault::db::check::CheckProblem>::new()
    );
}
