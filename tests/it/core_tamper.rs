//! Tamper and wrong-passphrase behaviour (invariant I4): a modified key file is reported as
//! damaged (exit 4), never as a wrong passphrase; a wrong passphrase (exit 3) changes nothing,
//! not even a modification time; a modified database is detected and changed content is
//! never returned.

use std::path::Path;

use crate::support::*;
use sha2::{Digest, Sha256};

const KEY: &str = "sandyk.key";
const DB: &str = "sandyk.db";
const PAGE: usize = 4096;

fn vault_with_incidents() -> (Env, Vec<String>) {
    let e = Env::new();
    e.init();
    let ids = e.add_json(
        r#"[{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"followed","narrative":"Токтогул көчөсүндө ңөү","tags":["бишкек"]},
            {"title":"Second","occurred":"2026-11-20 10:00","category":"raid","narrative":"office searched"}]"#,
    );
    (e, ids)
}

fn write_key(e: &Env, bytes: &[u8]) {
    std::fs::write(e.vault().join(KEY), bytes).unwrap();
}

/// The key file's unkeyed checksum, recomputed (what an attacker who edits the header does).
fn fix_checksum(k: &mut [u8]) {
    let mut h = Sha256::new();
    h.update(&k[..96]);
    h.update(&k[128..]);
    let sum = h.finalize();
    k[96..128].copy_from_slice(&sum);
}

#[track_caller]
fn assert_damaged(o: &std::process::Output, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(4),
        "{what}: stdout {} stderr {}",
        stdout(o),
        stderr(o)
    );
    let err = stderr(o);
    assert!(!err.contains("wrong passphrase"), "{what}: {err}");
    assert!(
        err.contains("damaged") || err.contains("refused") || err.contains("incomplete"),
        "{what}: {err}"
    );
    assert!(
        stdout(o).is_empty(),
        "{what}: printed data from a damaged vault"
    );
}

#[test]
fn every_key_file_region_flipped_is_damaged() {
    let (e, _) = vault_with_incidents();
    let orig = std::fs::read(e.vault().join(KEY)).unwrap();
    assert_eq!(orig.len(), 128 + 8 * 1008);
    let mut positions: Vec<(usize, String)> = vec![
        (0, "version".into()),
        (2, "slot count".into()),
        (4, "slot length".into()),
        (6, "reserved".into()),
        (8, "kdf memory".into()),
        (11, "kdf memory high byte".into()),
        (12, "kdf passes".into()),
        (16, "kdf lanes".into()),
        (20, "flags".into()),
        (24, "salt first".into()),
        (55, "salt last".into()),
        (56, "vault id".into()),
        (72, "reserved 2".into()),
        (96, "checksum first".into()),
        (127, "checksum last".into()),
    ];
    for s in 0..8 {
        let base = 128 + s * 1008;
        positions.push((base, format!("slot {s} nonce")));
        positions.push((base + 500, format!("slot {s} ciphertext")));
        positions.push((base + 1007, format!("slot {s} tag")));
    }
    for (pos, what) in &positions {
        for bit in [0x01u8, 0x80] {
            let mut k = orig.clone();
            k[*pos] ^= bit;
            write_key(&e, &k);
            assert_damaged(&e.run(&["list"], &[PASS], b""), what);
        }
    }
    // Truncated, empty, extended by one byte or by a whole slot: damaged.
    for (len_change, what) in [
        (-1i64, "truncated by 1"),
        (-1008, "one slot short"),
        (-8192, "empty"),
        (1, "appended 1"),
        (1008, "appended slot"),
    ] {
        let mut k = orig.clone();
        if len_change < 0 {
            k.truncate((k.len() as i64 + len_change) as usize);
        } else {
            k.extend(std::iter::repeat_n(0x5a, len_change as usize));
        }
        write_key(&e, &k);
        assert_damaged(&e.run(&["list"], &[PASS], b""), what);
    }
    // The untouched key file still opens: the failures above were the tampering.
    write_key(&e, &orig);
    assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 2);
}

#[test]
fn a_huge_key_file_is_refused_without_reading_it() {
    // A sparse 64 GiB file in place of the key file: refused as damaged at once, without
    // allocating or reading gigabytes (invariant I10).
    let (e, _) = vault_with_incidents();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(e.vault().join(KEY))
        .unwrap();
    f.set_len(64 << 30).unwrap();
    drop(f);
    let started = std::time::Instant::now();
    let o = e.run(&["list"], &[PASS], b"");
    assert_damaged(&o, "64 GiB key file");
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn header_edits_with_a_recomputed_checksum_are_refused_before_the_kdf() {
    let (e, _) = vault_with_incidents();
    let orig = std::fs::read(e.vault().join(KEY)).unwrap();
    let edit = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut k = orig.clone();
        f(&mut k);
        fix_checksum(&mut k);
        write_key(&e, &k);
        e.run(&["list"], &[PASS], b"")
    };
    // KDF downgrade below the floor.
    let o = edit(&|k| k[8..12].copy_from_slice(&1u32.to_le_bytes()));
    assert_damaged(&o, "memory below floor");
    let o = edit(&|k| k[12..16].copy_from_slice(&0u32.to_le_bytes()));
    assert_damaged(&o, "zero passes");
    let o = edit(&|k| k[16..20].copy_from_slice(&0u32.to_le_bytes()));
    assert_damaged(&o, "zero lanes");
    // Absurd cost (memory exhaustion / CPU): refused before any Argon2id work, so quickly.
    let started = std::time::Instant::now();
    let o = edit(&|k| k[8..12].copy_from_slice(&u32::MAX.to_le_bytes()));
    assert_damaged(&o, "absurd memory");
    let o = edit(&|k| k[12..16].copy_from_slice(&1_000_000u32.to_le_bytes()));
    assert_damaged(&o, "absurd passes");
    let o = edit(&|k| k[16..20].copy_from_slice(&255u32.to_le_bytes()));
    assert_damaged(&o, "absurd lanes");
    assert!(
        started.elapsed().as_secs() < 10,
        "absurd parameters must be refused without running the KDF"
    );
    // Unknown format version and slot geometry.
    let o = edit(&|k| k[0..2].copy_from_slice(&2u16.to_le_bytes()));
    assert_code(&o, 4);
    assert!(stderr(&o).contains("format version 2"), "{}", stderr(&o));
    let o = edit(&|k| k[2..4].copy_from_slice(&7u16.to_le_bytes()));
    assert_damaged(&o, "slot count");
    // A different salt with a recomputed checksum cannot be told from a wrong passphrase
    // (the checksum is unkeyed by design); it must at least never open.
    let o = edit(&|k| k[30] ^= 1);
    assert_code(&o, 3);
    write_key(&e, &orig);
    assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 2);
}

#[test]
fn missing_key_file_with_a_database_is_incomplete_not_no_vault() {
    let (e, _) = vault_with_incidents();
    std::fs::remove_file(e.vault().join(KEY)).unwrap();
    let o = e.run(&["list"], &[PASS], b"");
    assert_damaged(&o, "no key file");
    let e2 = Env::new();
    let o = e2.run(&["list"], &[PASS], b"");
    assert_code(&o, 5);
}

#[test]
fn wrong_passphrase_same_message_and_nothing_changes() {
    let (e, ids) = vault_with_incidents();
    let before = snapshot(&e.vault());
    // Let any mtime change be visible even on coarse-grained file systems.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut messages = vec![];
    for wrong in [
        "wrong",
        "test passphrase токтогул ңөү",
        "x",
        PASS.to_uppercase().as_str(),
    ] {
        for cmd in [
            &["list"][..],
            &["show", &ids[0]],
            &["add", "--input", "json"],
            &["delete", &ids[0], "--yes"],
            &["check"],
        ] {
            let o = e.run(
                cmd,
                &[wrong],
                incident("t", "2026-11-27 15:00", "other").as_bytes(),
            );
            assert_code(&o, 3);
            assert!(stdout(&o).is_empty());
            messages.push(stderr(&o));
        }
    }
    // passphrase change with a wrong old passphrase.
    let o = e.run(&["passphrase", "change"], &["wrong", "new passphrase"], b"");
    assert_code(&o, 3);
    messages.push(stderr(&o));
    assert!(messages[0].contains("wrong passphrase"), "{}", messages[0]);
    assert!(messages.iter().all(|m| *m == messages[0]), "{messages:?}");
    let after = snapshot(&e.vault());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, (bytes, mtime)) in &before {
        assert!(
            after[name].0 == *bytes,
            "{name} changed after wrong passphrases"
        );
        assert_eq!(
            after[name].1, *mtime,
            "{name} mtime changed after wrong passphrases"
        );
    }
}

#[test]
fn near_miss_passphrases_are_wrong_but_nfd_and_crlf_open() {
    // A passphrase with letters that have canonical decompositions (й, ё, é).
    let nfc = "Бийик тоо ёлка café 2026";
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
    assert_ne!(nfc, nfd);
    let e = Env::new();
    let mut args = vec!["init"];
    args.extend(kdf_args());
    assert_ok(&e.run(&args, &[nfc], b""));
    e.run(
        &["add", "--input", "json"],
        &[nfc],
        incident("t", "2026-11-27 15:00", "other").as_bytes(),
    );
    for miss in [
        format!("{nfc} "),
        format!(" {nfc}"),
        format!("{nfc}\t"),
        nfc.to_lowercase(),
        nfc.replace('é', "e"),
    ] {
        let o = e.run(&["list"], &[&miss], b"");
        assert_code(&o, 3);
    }
    // The same passphrase typed as decomposed characters opens; so does a CRLF line end.
    assert_eq!(list_json(&e, &nfd).as_array().unwrap().len(), 1);
    assert_eq!(
        list_json(&e, &format!("{nfc}\r")).as_array().unwrap().len(),
        1
    );
    // And a vault created with the NFD form opens with the NFC form.
    let e2 = Env::new();
    assert_ok(&e2.run(&args, &[&nfd], b""));
    assert_eq!(list_json(&e2, nfc).as_array().unwrap().len(), 0);
}

/// Outputs of the read commands, to compare before and after tampering.
fn observe(e: &Env, ids: &[String]) -> Vec<(Option<i32>, String)> {
    let mut v = vec![];
    let mut cmds: Vec<Vec<&str>> =
        vec![vec!["list", "--json"], vec!["search", "--json", "токтогул"]];
    for id in ids {
        cmds.push(vec!["show", id, "--json"]);
        cmds.push(vec!["history", id, "--json"]);
    }
    for c in cmds {
        let o = e.run(&c, &[PASS], b"");
        v.push((o.status.code(), stdout(&o)));
    }
    v
}

fn mutate_db(path: &Path, how: &str) {
    let mut b = std::fs::read(path).unwrap();
    let pages = b.len() / PAGE;
    match how {
        "flip page 1 salt" => b[5] ^= 0x40,
        "flip page 1 body" => b[200] ^= 0x01,
        "flip page 2" => b[PAGE + 1000] ^= 0x01,
        "flip page 2 iv" => b[2 * PAGE - 70] ^= 0x01,
        "flip page 2 hmac" => b[2 * PAGE - 1] ^= 0x01,
        "flip last page" => b[(pages - 1) * PAGE + 17] ^= 0x80,
        "truncate last page" => b.truncate((pages - 1) * PAGE),
        "truncate half page" => b.truncate(b.len() - PAGE / 2),
        "truncate to half" => b.truncate(pages / 2 * PAGE),
        "swap pages 2 and 3" => {
            let p2 = b[PAGE..2 * PAGE].to_vec();
            let p3 = b[2 * PAGE..3 * PAGE].to_vec();
            b[PAGE..2 * PAGE].copy_from_slice(&p3);
            b[2 * PAGE..3 * PAGE].copy_from_slice(&p2);
        }
        "swap first and last page bodies" => {
            let a = b[PAGE..2 * PAGE].to_vec();
            let z = b[(pages - 1) * PAGE..].to_vec();
            b[PAGE..2 * PAGE].copy_from_slice(&z);
            b[(pages - 1) * PAGE..].copy_from_slice(&a);
        }
        "append a page" => b.extend((0..PAGE).map(|i| (i * 7 + 3) as u8)),
        "append a copy of page 2" => {
            let p2 = b[PAGE..2 * PAGE].to_vec();
            b.extend(p2);
        }
        "append 100 bytes" => b.extend([0xa5u8; 100]),
        other => panic!("unknown mutation {other}"),
    }
    std::fs::write(path, b).unwrap();
}

#[test]
fn database_tampering_is_detected_and_never_returns_changed_content() {
    let (e, ids) = vault_with_incidents();
    // Some history, so the database has more than the schema pages.
    e.run(
        &["amend", &ids[0], "--input", "json"],
        &[PASS],
        r#"{"narrative":"Жаңы текст"}"#.as_bytes(),
    );
    let db = e.vault().join(DB);
    let orig = std::fs::read(&db).unwrap();
    let good = observe(&e, &ids);
    assert!(good.iter().all(|(c, _)| *c == Some(0)));
    let mutations = [
        "flip page 1 salt",
        "flip page 1 body",
        "flip page 2",
        "flip page 2 iv",
        "flip page 2 hmac",
        "flip last page",
        "truncate last page",
        "truncate half page",
        "truncate to half",
        "swap pages 2 and 3",
        "swap first and last page bodies",
        "append a page",
        "append a copy of page 2",
        "append 100 bytes",
    ];
    let mut report = vec![];
    for m in mutations {
        std::fs::write(&db, &orig).unwrap();
        mutate_db(&db, m);
        let seen = observe(&e, &ids);
        for ((code, out), (_, good_out)) in seen.iter().zip(&good) {
            match code {
                Some(0) => assert_eq!(out, good_out, "{m}: changed content returned as valid"),
                Some(4) => assert!(out.is_empty(), "{m}: output from a damaged vault"),
                other => panic!("{m}: unexpected exit {other:?}: {out}"),
            }
        }
        let (code, v) = check_json(&e, PASS);
        assert_eq!(code, Some(4), "{m}: check did not fail: {v}");
        let served = seen.iter().filter(|(c, _)| *c == Some(0)).count();
        report.push(format!(
            "{m}: check exit 4, {served}/{} reads served unchanged content",
            seen.len()
        ));
    }
    eprintln!(
        "{} database mutations, 0 accepted with changed content:\n  {}",
        mutations.len(),
        report.join("\n  ")
    );
    std::fs::write(&db, &orig).unwrap();
    assert_check_ok(&e, PASS);
}
