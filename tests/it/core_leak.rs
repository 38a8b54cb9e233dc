//! No plaintext at rest (invariant I5) at the level of files: unique canaries in every kind of
//! field never appear, in UTF-8, UTF-16LE/BE, base64 or hex, in any file under the vault
//! directory, HOME or TMPDIR of the test environment, after any command; no command creates
//! or writes a file other than the vault's own (traced with strace); no `-wal`/`-shm` ever.
//!
//! After `delete`, the deleted incident's text is not recoverable even with the data key:
//! every page of the database is decrypted here (SQLCipher 4 layout: AES-256-CBC with the raw
//! data key, 80 reserved bytes per page holding the IV and the HMAC) and searched, with the
//! live incidents' canaries as the positive control.
//!
//! Not covered here (see the forensic-image harness): free blocks of the file system, e.g. the
//! blocks of an unlinked rollback journal, which hold the pre-images of the pages a
//! transaction changed (encrypted under the same data key).

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::*;

const NEW_PASS: &str = "new passphrase canary Жаңы сыр 7401";

/// Canaries of the incident that stays.
const LIVE: &[&str] = &[
    "ttlcanaryqx71",
    "narcanaryqx72",
    "loccanaryqx73",
    "witcanaryqx74",
    "tagcanaryqx75",
    "кырканарияжөң",
    "amdcanaryqx77",
];
/// Canaries of the incident that is deleted (title, narrative, location, witness, tag,
/// perpetrator, Cyrillic), chosen to share no prefix with any other word.
const DELETED: &[&str] = &[
    "uvwdeltitle9381",
    "uvxdelnarr9382",
    "uvydelplace9383",
    "uvzdelwitness9384",
    "uwadeltag9385",
    "uwbdelperp9386",
    "эюяделканария",
];
/// Words typed only as a search query (on stdin): never stored anywhere.
const QUERY: &str = "srchcanaryqx79";

fn all_canaries() -> Vec<&'static str> {
    let mut v: Vec<&str> = LIVE.iter().chain(DELETED).copied().collect();
    v.extend([QUERY, PASS, NEW_PASS]);
    v
}

/// Every canary form found in any file under `dir`: (file, canary, form index).
fn scan(dir: &Path, canaries: &[&str]) -> Vec<(PathBuf, String, usize)> {
    let mut hits = vec![];
    for (path, bytes) in Env::all_bytes_under(dir) {
        for c in canaries {
            for (n, form) in canary_forms(c).iter().enumerate() {
                if contains(&bytes, form) {
                    hits.push((path.clone(), c.to_string(), n));
                }
            }
        }
    }
    hits
}

/// Opens (and creations) for writing, traced with strace, outside the vault directory, and
/// any `-wal` or `-shm` file anywhere.
fn foreign_writes(log: &str, vault: &Path) -> Vec<String> {
    let v = vault.display().to_string();
    // Inside the vault directory anything SQLite or the vault layer needs (what is left
    // afterwards is checked separately: only the key file and the database may remain).
    let allowed =
        |p: &str| p == v || p.starts_with(&format!("{v}/")) || p == "/dev/null" || p == "/dev/tty";
    let mut bad = vec![];
    for line in log.lines() {
        if line.contains("-wal\"") || line.contains("-shm\"") {
            bad.push(line.to_owned());
            continue;
        }
        let writing = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"]
            .iter()
            .any(|f| line.contains(f))
            || line.contains(" creat(")
            || line.contains("rename")
            || line.contains("link(")
            || line.contains("linkat(")
            || line.contains("mkdir");
        if !writing || line.contains("= -1 ") {
            continue;
        }
        // Every quoted path on the line must be one of the vault's files.
        for (i, part) in line.split('"').enumerate() {
            if i % 2 == 1 && part.starts_with('/') && !allowed(part) {
                bad.push(line.to_owned());
            }
        }
    }
    bad
}

/// Run one step of the workflow under strace, then check the whole tree for canaries.
static STEPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn step(e: &Env, logs: &Path, args: &[&str], secrets: &[&str], stdin: &[u8]) -> Output {
    STEPS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let strace = require_tool("strace");
    let log = logs.join("trace.log");
    let pre: Vec<std::ffi::OsString> = vec![
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        log.clone().into(),
        "-e".into(),
        "trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat".into(),
        "--".into(),
    ];
    let o = run_with_stdin(
        wrapped(e, strace.to_str().unwrap(), &pre, args, secrets),
        stdin,
    );
    assert_ok(&o);
    let trace = std::fs::read_to_string(&log).unwrap();
    let bad = foreign_writes(&trace, &e.vault());
    assert!(
        bad.is_empty(),
        "{args:?} wrote outside the vault:\n{}",
        bad.join("\n")
    );
    let hits = scan(e.root.path(), &all_canaries());
    assert!(
        hits.is_empty(),
        "after {args:?}: plaintext on disk: {hits:?}"
    );
    for n in vault_names(&e.vault()) {
        assert!(
            n == "sandyk.db" || n == "sandyk.key",
            "after {args:?}: unexpected file {n}"
        );
    }
    let db = std::fs::read(e.vault().join("sandyk.db")).unwrap();
    assert!(!db.starts_with(b"SQLite format 3"));
    o
}

fn live_json() -> String {
    serde_json::json!({
        "title": format!("Live {}", LIVE[0]),
        "occurred": "2026-11-26 10:00",
        "location": {"text": format!("Бишкек {}", LIVE[2]), "lat": 42.87, "lon": 74.61},
        "category": "followed",
        "tags": [LIVE[4], "бишкек"],
        "narrative": format!("{} and {} here", LIVE[1], LIVE[5]),
        "witnesses": [format!("Айгүл {}", LIVE[3])],
    })
    .to_string()
}

fn deleted_json() -> String {
    serde_json::json!({
        "title": format!("To delete {} {}", DELETED[0], DELETED[6]),
        "occurred": "2026-11-25 10:00",
        "location": format!("Ош {}", DELETED[2]),
        "category": "detention",
        "tags": [DELETED[4]],
        "narrative": format!("{} {}", DELETED[1], "x ".repeat(3000)),
        "witnesses": [DELETED[3]],
        "perpetrators": [{"description": DELETED[5], "vehicles": ["01KG777ZZZ"], "count": 3}],
    })
    .to_string()
}

/// Decrypt every page of a SQLCipher 4 database (default settings: 4096-byte pages,
/// AES-256-CBC with the raw key, 16-byte IV then 64-byte HMAC-SHA512 at the end of each page;
/// page 1 starts with the 16-byte salt).
fn decrypt_pages(db: &[u8], key: &[u8; 32]) -> Vec<Vec<u8>> {
    use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};
    const PAGE: usize = 4096;
    const RESERVE: usize = 80;
    assert_eq!(db.len() % PAGE, 0);
    db.chunks(PAGE)
        .enumerate()
        .map(|(n, page)| {
            let start = if n == 0 { 16 } else { 0 };
            let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
            let mut buf = page[start..PAGE - RESERVE].to_vec();
            cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
                .decrypt_padded_mut::<NoPadding>(&mut buf)
                .expect("whole blocks");
            buf
        })
        .collect()
}

/// Where a canary, or its tail (FTS5 stores terms prefix-compressed), occurs in the pages.
fn find_in_pages(pages: &[Vec<u8>], canary: &str) -> Vec<usize> {
    let tail: String = canary.chars().skip(3).collect();
    let mut forms = canary_forms(canary);
    forms.push(tail.into_bytes());
    pages
        .iter()
        .enumerate()
        .filter(|(_, p)| forms.iter().any(|f| contains(p, f)))
        .map(|(n, _)| n + 1)
        .collect()
}

/// Every term in the search index (through FTS5's vocabulary table, in memory).
fn index_vocabulary(v: &sandyk::vault::Vault) -> Vec<String> {
    let c = v.db.conn();
    c.execute_batch("CREATE VIRTUAL TABLE IF NOT EXISTS temp.core_vocab USING fts5vocab(main, incident_fts, row)")
        .unwrap();
    let mut st = c.prepare("SELECT term FROM temp.core_vocab").unwrap();
    let terms = st
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    terms
}

#[test]
fn opening_the_v1_fixture_purges_the_words_of_its_deleted_incident() {
    // The committed v1 vault was made with the old search index, which only tombstoned the
    // deleted incident ACEZ74 (narrative "fixturedeletedcanary"): its word was still in the
    // index pages. Opening migrates to the new index, built from the live incidents only.
    let fixture = fixture_dir();
    let pass = "fixture passphrase Сандык ңөү 2026";
    let canary = "fixturedeletedcanary";
    // The data key from the key file alone: opening the database would migrate the
    // committed files in place.
    let dek = key_file_dek(&fixture, pass).expect("the fixture passphrase opens");
    let before = decrypt_pages(&std::fs::read(fixture.join("sandyk.db")).unwrap(), &dek);
    assert!(
        !find_in_pages(&before, canary).is_empty(),
        "control: the v1 fixture holds the word"
    );
    let d = tempfile::tempdir().unwrap();
    copy_dir(&fixture, d.path());
    let v = open_lib(d.path(), pass);
    let after = decrypt_pages(
        &std::fs::read(d.path().join("sandyk.db")).unwrap(),
        v.dek().expose(),
    );
    assert_eq!(
        find_in_pages(&after, canary),
        Vec::<usize>::new(),
        "the deleted word survived the migration"
    );
    let vocab = index_vocabulary(&v);
    assert!(
        vocab.iter().any(|t| t == "токтогул"),
        "live incidents are re-indexed: {vocab:?}"
    );
    assert!(!vocab.iter().any(|t| t == canary));
}

#[test]
fn no_plaintext_in_any_file_and_deleted_text_is_gone_from_every_page() {
    let e = Env::new();
    let logs = tempfile::tempdir().unwrap();
    let mut init = vec!["init"];
    init.extend(kdf_args());
    step(&e, logs.path(), &init, &[PASS], b"");
    let o = step(
        &e,
        logs.path(),
        &["add", "--input", "json"],
        &[PASS],
        live_json().as_bytes(),
    );
    let live = stdout(&o).trim().to_owned();
    let o = step(
        &e,
        logs.path(),
        &["add", "--input", "json"],
        &[PASS],
        deleted_json().as_bytes(),
    );
    let doomed = stdout(&o).trim().to_owned();
    let amend =
        serde_json::json!({"narrative": format!("{} {} amended", LIVE[1], LIVE[6])}).to_string();
    step(
        &e,
        logs.path(),
        &["amend", &live, "--input", "json"],
        &[PASS],
        amend.as_bytes(),
    );
    let o = step(
        &e,
        logs.path(),
        &["search", "--json"],
        &[PASS],
        QUERY.as_bytes(),
    );
    assert_eq!(stdout(&o).trim(), "[]");
    let o = step(
        &e,
        logs.path(),
        &["search", "--json"],
        &[PASS],
        LIVE[0].as_bytes(),
    );
    assert!(stdout(&o).contains(&live));
    step(&e, logs.path(), &["show", &live, "--full"], &[PASS], b"");
    step(&e, logs.path(), &["show", &doomed, "--json"], &[PASS], b"");
    step(&e, logs.path(), &["list"], &[PASS], b"");
    step(
        &e,
        logs.path(),
        &["list", "--json", "--tag", LIVE[4]],
        &[PASS],
        b"",
    );
    step(&e, logs.path(), &["history", &live, "--json"], &[PASS], b"");
    step(&e, logs.path(), &["check"], &[PASS], b"");

    // Before the delete, the page scan finds the doomed incident's canaries: the control
    // that the decryption and the search work.
    let dek = *open_lib(&e.vault(), PASS).dek().expose();
    let pages = decrypt_pages(&std::fs::read(e.vault().join("sandyk.db")).unwrap(), &dek);
    assert_eq!(
        &pages[0][..8],
        &[0x10, 0x00, 1, 1, 80, 64, 32, 32],
        "page 1 must decrypt to a SQLite header"
    );
    for c in DELETED {
        assert!(
            !find_in_pages(&pages, c).is_empty(),
            "control: {c} not found before the delete"
        );
    }

    step(&e, logs.path(), &["delete", &doomed, "--yes"], &[PASS], b"");
    step(
        &e,
        logs.path(),
        &["history", &doomed, "--json"],
        &[PASS],
        b"",
    );
    step(
        &e,
        logs.path(),
        &["list", "--deleted", "--json"],
        &[PASS],
        b"",
    );
    for c in DELETED {
        let o = step(
            &e,
            logs.path(),
            &["search", "--json"],
            &[PASS],
            c.as_bytes(),
        );
        assert_eq!(
            stdout(&o).trim(),
            "[]",
            "deleted incident still found by {c}"
        );
    }
    step(
        &e,
        logs.path(),
        &["passphrase", "change"],
        &[PASS, NEW_PASS],
        b"",
    );
    step(&e, logs.path(), &["list", "--json"], &[NEW_PASS], b"");
    step(&e, logs.path(), &["check"], &[NEW_PASS], b"");

    // After the delete: every page decrypted with the data key, no trace of the deleted
    // incident; the live incident's canaries (current and amended-away) still there.
    let v = open_lib(&e.vault(), NEW_PASS);
    let pages = decrypt_pages(
        &std::fs::read(e.vault().join("sandyk.db")).unwrap(),
        v.dek().expose(),
    );
    for c in LIVE {
        assert!(
            !find_in_pages(&pages, c).is_empty(),
            "control: live canary {c} not found"
        );
    }
    let mut found = vec![];
    for c in DELETED {
        let p = find_in_pages(&pages, c);
        if !p.is_empty() {
            found.push(format!("{c} in pages {p:?}"));
        }
    }
    assert!(
        found.is_empty(),
        "deleted text recoverable with the data key: {found:?}"
    );
    // The search index's vocabulary has none of the deleted words either.
    let vocab = index_vocabulary(&v);
    for c in DELETED {
        assert!(
            !vocab.iter().any(|t| *t == c.to_lowercase()),
            "{c} still in the search index"
        );
    }
    assert!(
        vocab.iter().any(|t| t == LIVE[0]),
        "control: the live title word is indexed"
    );
    // The history keeps no body, and the tombstone keeps no category.
    let h = v.db.history(&doomed).unwrap();
    assert!(h.iter().all(|r| r.body.is_none()));
    let category: String =
        v.db.conn()
            .query_row(
                "SELECT category FROM incidents WHERE id = ?1",
                [&doomed],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(
        category, "",
        "a tombstone must not keep what kind of incident it was"
    );
    eprintln!(
        "no plaintext: {} canaries × 5 encodings, 0 hits in files after {} commands; \
         {} pages decrypted after delete: 0 hits for {} deleted canaries, {} live canaries found",
        all_canaries().len(),
        STEPS.load(std::sync::atomic::Ordering::SeqCst),
        pages.len(),
        DELETED.len(),
        LIVE.len()
    );
}
