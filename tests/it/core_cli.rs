//! The command-line contract of the core commands: exit codes, help without a vault,
//! completions and man page, what `show` prints, refusals that change nothing, JSON input
//! validation (all-or-nothing), list filters, history after delete, passphrase change on a
//! file descriptor, and sanitising of untrusted text on the terminal (exact in `--json`).

use std::os::unix::process::CommandExt;
use std::process::Output;

use crate::support::*;

/// Run without a controlling terminal (setsid), so nothing can ask on /dev/tty.
fn run_no_tty(e: &Env, args: &[&str], secrets: &[&str], stdin: &[u8]) -> Output {
    let mut c = e.cmd(args, secrets);
    // SAFETY: setsid in the child before exec; async-signal-safe.
    unsafe {
        c.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    run_with_stdin(c, stdin)
}

fn ids_of(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[track_caller]
fn assert_unchanged(
    e: &Env,
    before: &std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)>,
    what: &str,
) {
    let after = snapshot(&e.vault());
    // The journal persists (journal_mode = PERSIST): a rolled-back transaction rewrites it,
    // and it must be idle (header zeroed) afterwards; the vault's own files are unchanged.
    const J: &str = "sandyk.db-journal";
    let keys = |m: &std::collections::BTreeMap<String, _>| {
        m.keys()
            .filter(|k| *k != J)
            .cloned()
            .collect::<Vec<String>>()
    };
    assert_eq!(keys(before), keys(&after), "{what}");
    if let Some((j, _)) = after.get(J) {
        assert!(
            j.first().is_none_or(|b| *b == 0),
            "{what}: hot journal left"
        );
    }
    for (k, (b, m)) in before.iter().filter(|(k, _)| *k != J) {
        assert!(after[k].0 == *b, "{what}: {k} changed");
        assert_eq!(after[k].1, *m, "{what}: {k} modification time changed");
    }
}

#[test]
fn exit_codes() {
    let e = Env::new();
    // No vault: not found (5), with a hint to init.
    let o = e.run(&["list"], &[PASS], b"");
    assert_code(&o, 5);
    assert!(stderr(&o).contains("sandyk init"), "{}", stderr(&o));
    e.init();
    let id = e.add_json(&incident("t", "2026-11-27 15:00", "other"))[0].clone();
    // Usage errors: 2.
    for args in [
        &["list", "--no-such-flag"][..],
        &["no-such-command"],
        &["show"],
        &["add", "--input", "xml"],
        &["list", "--since", "not a date at all"],
    ] {
        let o = e.run(args, &[PASS], b"");
        assert_code(&o, 2);
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
    // Not found: 5, for show, amend, delete and history.
    for args in [
        &["show", "ZZZZZZ"][..],
        &["amend", "ZZZZZZ", "--input", "json"],
        &["delete", "ZZZZZZ", "--yes"],
        &["history", "ZZZZZZ"],
    ] {
        let o = e.run(args, &[PASS], br#"{"title":"x"}"#);
        assert_code(&o, 5);
    }
    // Wrong passphrase: 3.
    assert_code(&e.run(&["show", &id], &["nope"], b""), 3);
    // No passphrase at all on the descriptor (end of input): a usage error, not a crash.
    let o = e.run(&["show", &id], &[], b"");
    assert!(
        matches!(o.status.code(), Some(2)),
        "{:?} {}",
        o.status.code(),
        stderr(&o)
    );
    // Ids are case-insensitive.
    assert_ok(&e.run(&["show", &id.to_lowercase()], &[PASS], b""));
}

#[test]
fn help_completions_and_man_need_no_vault() {
    let e = Env::new();
    for args in [
        &["--help"][..],
        &["add", "--help"],
        &["passphrase", "change", "--help"],
        &["--version"],
    ] {
        let o = e.run(args, &[], b"");
        assert_ok(&o);
        assert!(!stdout(&o).is_empty(), "{args:?}");
    }
    let o = e.run(&["--help"], &[], b"");
    assert!(stdout(&o).contains("Usage"), "{}", stdout(&o));
    let o = e.run(&["completions", "bash"], &[], b"");
    assert_ok(&o);
    assert!(
        stdout(&o).contains("_sandyk") && stdout(&o).contains("passphrase"),
        "{}",
        stdout(&o)
    );
    for sh in ["zsh", "fish"] {
        let o = e.run(&["completions", sh], &[], b"");
        assert_ok(&o);
        assert!(stdout(&o).len() > 100);
    }
    let o = e.run(&["man"], &[], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains(".TH"), "{}", stdout(&o));
    assert!(!e.vault().exists(), "help must not create a vault");
}

#[test]
fn show_hides_the_full_narrative_unless_asked() {
    let e = Env::new();
    e.init();
    let narrative = format!(
        "Начало рассказа. {} КОНЕЦ-РАССКАЗА-ЗДЕСЬ",
        "слово ".repeat(100)
    );
    let json = serde_json::json!({"title":"Long","occurred":"2026-11-27 15:00","category":"other","narrative": narrative});
    let id = e.add_json(&json.to_string())[0].clone();
    let o = e.run(&["show", &id], &[PASS], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains("Начало рассказа."));
    assert!(
        !stdout(&o).contains("КОНЕЦ-РАССКАЗА-ЗДЕСЬ"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("--full"));
    let o = e.run(&["show", &id, "--full"], &[PASS], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains("КОНЕЦ-РАССКАЗА-ЗДЕСЬ"));
    let o = e.run(&["show", &id, "--json"], &[PASS], b"");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["narrative"], narrative.as_str());
}

#[test]
fn delete_without_yes_and_without_a_terminal_refuses_and_changes_nothing() {
    let e = Env::new();
    e.init();
    let id = e.add_json(&incident("keep me", "2026-11-27 15:00", "other"))[0].clone();
    let before = snapshot(&e.vault());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = run_no_tty(&e, &["delete", &id], &[PASS], b"y\n");
    assert_code(&o, 2);
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    assert_unchanged(&e, &before, "delete without --yes");
    assert_ok(&e.run(&["show", &id], &[PASS], b""));
}

#[test]
fn json_input_is_validated_and_arrays_are_all_or_nothing() {
    let e = Env::new();
    e.init();
    e.add_json(&incident("existing", "2026-11-27 15:00", "other"));
    let before = snapshot(&e.vault());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let good = incident("good", "2026-11-27 15:00", "followed");
    let mut bad_inputs: Vec<(&str, Vec<u8>)> = vec![
        ("unknown field", br#"{"title":"x","occurred":"2026-11-27 15:00","category":"other","titel":"y"}"#.to_vec()),
        ("missing title", br#"{"occurred":"2026-11-27 15:00","category":"other"}"#.to_vec()),
        ("blank title", br#"{"title":"  ","occurred":"2026-11-27 15:00","category":"other"}"#.to_vec()),
        ("missing occurred", br#"{"title":"x","category":"other"}"#.to_vec()),
        ("unknown category", br#"{"title":"x","occurred":"2026-11-27 15:00","category":"ufo"}"#.to_vec()),
        ("malformed", br#"{"title":"x","#.to_vec()),
        ("trailing garbage", br#"{"title":"x","occurred":"2026-11-27 15:00","category":"other"} x"#.to_vec()),
        ("not an object", b"42".to_vec()),
        ("empty array", b"[]".to_vec()),
        ("empty input", b"".to_vec()),
        ("wrong type", br#"{"title":1,"occurred":"2026-11-27 15:00","category":"other"}"#.to_vec()),
        ("bad coordinates", br#"{"title":"x","occurred":"2026-11-27 15:00","category":"other","location":{"text":"a","lat":91,"lon":0}}"#.to_vec()),
        ("NUL-free invalid UTF-8", b"{\"title\":\"\xff\xfe\",\"occurred\":\"2026-11-27 15:00\",\"category\":\"other\"}".to_vec()),
        ("array with one unknown field", format!("[{good},{good},{{\"title\":\"x\",\"bogus\":1}}]").into_bytes()),
        ("array with one bad category", format!("[{good},{}]", incident("x", "2026-11-27 15:00", "ufo")).into_bytes()),
        ("array with one bad date", format!("[{good},{}]", incident("x", "not a date at all", "other")).into_bytes()),
        ("array with one missing title", format!("[{good},{{\"occurred\":\"2026-11-27 15:00\",\"category\":\"other\"}}]").into_bytes()),
    ];
    // Larger than 64 MiB: refused (a valid JSON string, so only the size is wrong).
    let mut huge = b"{\"title\":\"x\",\"occurred\":\"2026-11-27 15:00\",\"category\":\"other\",\"narrative\":\"".to_vec();
    huge.resize(64 * 1024 * 1024 + 10, b'a');
    huge.extend_from_slice(b"\"}");
    bad_inputs.push(("larger than 64 MiB", huge));
    for (what, input) in &bad_inputs {
        let o = e.run(&["add", "--input", "json"], &[PASS], input);
        assert_code(&o, 2);
        assert!(stdout(&o).is_empty(), "{what}: printed ids");
        assert!(!stderr(&o).is_empty(), "{what}: no message");
        assert_unchanged(&e, &before, what);
    }
    assert!(stderr(&e.run(
        &["add", "--input", "json"],
        &[PASS],
        b"{\"title\":\"\xff\"}"
    ))
    .contains("UTF-8"));
    assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 1);
    // amend --input json validates the same way and changes nothing on failure.
    let id = ids_of(&list_json(&e, PASS))[0].clone();
    let before = snapshot(&e.vault());
    for input in [
        &br#"{"titel":"x"}"#[..],
        br#"{"category":"ufo"}"#,
        br#"{"title":""}"#,
        b"[{}]",
        b"\xff",
    ] {
        let o = e.run(&["amend", &id, "--input", "json"], &[PASS], input);
        assert_code(&o, 2);
    }
    assert_unchanged(&e, &before, "amend");
    // A valid array adds everything, in order.
    let ids = e.add_json(&format!(
        "[{good},{},{}]",
        incident("two", "2026-11-26", "raid"),
        incident("three", "2026-11-25 08:00", "home_visit")
    ));
    assert_eq!(ids.len(), 3);
    assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 4);
}

#[test]
fn list_filters() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(
        r#"[{"title":"a","occurred":"2026-10-01 10:00","category":"followed","tags":["Bishkek"]},
            {"title":"b","occurred":"2026-11-01 10:00","category":"raid","tags":["Osh"]},
            {"title":"c","occurred":"2026-11-20 10:00","category":"followed","tags":["osh","bishkek"]}]"#,
    );
    let (a, b, c) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());
    let list = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["list", "--json"];
        full.extend(args);
        let o = e.run(&full, &[PASS], b"");
        assert_ok(&o);
        ids_of(&serde_json::from_str(&stdout(&o)).unwrap())
    };
    assert_eq!(list(&[]), [a, b, c]);
    assert_eq!(list(&["--since", "2026-10-15"]), [b, c]);
    assert_eq!(list(&["--until", "2026-11-01"]), [a, b]);
    assert_eq!(
        list(&["--since", "2026-10-15", "--until", "2026-11-10"]),
        [b]
    );
    assert_eq!(list(&["--since", "2026-11-21"]), Vec::<String>::new());
    assert_eq!(list(&["--category", "followed"]), [a, c]);
    assert_eq!(list(&["--category", "Raid"]), [b]);
    assert_eq!(list(&["--category", "assault"]), Vec::<String>::new());
    assert_eq!(list(&["--tag", "osh"]), [b, c]);
    assert_eq!(list(&["--tag", "OSH", "--category", "raid"]), [b]);
    assert_eq!(list(&["--tag", "bishkek", "--since", "2026-11-01"]), [c]);
    assert_eq!(list(&["--tag", "nowhere"]), Vec::<String>::new());
    // search takes the same filters.
    let o = e.run(
        &["search", "--json", "--category", "followed"],
        &[PASS],
        b"c",
    );
    assert_ok(&o);
    assert_eq!(ids_of(&serde_json::from_str(&stdout(&o)).unwrap()), [c]);
    // Deleted incidents leave every list.
    assert_ok(&e.run(&["delete", c, "--yes"], &[PASS], b""));
    assert_eq!(list(&["--tag", "osh"]), [b]);
    assert_eq!(list(&["--category", "followed"]), [a]);
}

#[test]
fn history_shows_add_amend_delete_and_destroyed_bodies() {
    let e = Env::new();
    e.init();
    let id = e.add_json(&incident("first", "2026-11-27 15:00", "other"))[0].clone();
    assert_ok(&e.run(
        &["amend", &id, "--input", "json"],
        &[PASS],
        br#"{"title":"second"}"#,
    ));
    // An amend that changes nothing writes no revision.
    assert_ok(&e.run(
        &["amend", &id, "--input", "json"],
        &[PASS],
        br#"{"title":"second"}"#,
    ));
    // Two lines (added; amended [title]), then after the delete three (both bodies
    // "content destroyed", then the tombstone): the whole output as snapshots.
    let mut snap = Snap::new(&e, "en");
    snap.id(&id, "[ID]");
    let o = e.run(&["history", &id], &[PASS], b"");
    assert_ok(&o);
    snap.assert("history_add_amend", "sandyk history ID", &o);
    assert_ok(&e.run(&["delete", &id, "--yes"], &[PASS], b""));
    let o = e.run(&["history", &id], &[PASS], b"");
    assert_ok(&o);
    snap.assert("history_after_delete", "sandyk history ID (deleted)", &o);
    // Whatever a future snapshot says: no deleted text is shown.
    let text = stdout(&o);
    assert!(!text.contains("first") && !text.contains("second"));
    let o = e.run(&["history", &id, "--json"], &[PASS], b"");
    let h: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ops: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["add", "amend", "delete"]);
    assert!(h
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r.get("body").is_none()));
    // The chain links each revision to the previous one of the same incident.
    assert_eq!(h[1]["incident_prev"], h[0]["hash"]);
    assert_eq!(h[2]["incident_prev"], h[1]["hash"]);
    assert_eq!(h[2]["prev_hash"], h[1]["hash"]);
    // Deleting twice, showing or amending a deleted incident: not found.
    assert_code(&e.run(&["delete", &id, "--yes"], &[PASS], b""), 5);
    assert_code(&e.run(&["show", &id], &[PASS], b""), 5);
    assert_code(
        &e.run(
            &["amend", &id, "--input", "json"],
            &[PASS],
            br#"{"title":"x"}"#,
        ),
        5,
    );
    assert_check_ok(&e, PASS);
}

#[test]
fn passphrase_change_on_a_descriptor() {
    let e = Env::new();
    e.init();
    e.add_json(&incident("t", "2026-11-27 15:00", "other"));
    let data = list_json(&e, PASS);
    const NEW: &str = "жаңы купуя сөз айкашы 2026 correct horse";
    let o = e.run(&["passphrase", "change"], &[PASS, NEW], b"");
    assert_ok(&o);
    assert_code(&e.run(&["list"], &[PASS], b""), 3);
    assert_eq!(list_json(&e, NEW), data);
    // Only one line given: the new passphrase is missing, nothing changes.
    let before = snapshot(&e.vault());
    let o = e.run(&["passphrase", "change"], &[NEW], b"");
    assert_code(&o, 2);
    assert_unchanged(&e, &before, "change without a new passphrase");
    assert_eq!(list_json(&e, NEW), data);
    assert_check_ok(&e, NEW);
}

#[test]
fn untrusted_text_is_sanitised_on_the_terminal_but_exact_in_json() {
    let e = Env::new();
    e.init();
    let title = "Evil \u{1b}[2J\u{1b}]0;pwned\u{7}title \u{202e}txt.exe\u{2066}x\u{2069}";
    let narrative = "line1\n\u{1b}[31mred\u{1b}[0m \u{200f}rtl\u{202a}\r\rCR \u{0}nul\u{8}bs";
    let json = serde_json::json!({
        "title": title, "occurred": "2026-11-27 15:00", "category": "other", "narrative": narrative,
        "location": "\u{1b}[1mLoc", "tags": ["\u{202e}tag"], "witnesses": ["W\u{1b}[5m"],
        "perpetrators": [{"description": "P\u{1b}c", "vehicles": ["V\u{9b}31m"]}],
    });
    let id = e.add_json(&json.to_string())[0].clone();
    let bad = |s: &str| {
        s.chars().any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'))
    };
    for args in [
        &["list"][..],
        &["show", &id],
        &["show", &id, "--full"],
        &["search", "evil"],
        &["history", &id],
    ] {
        let o = e.run(args, &[PASS], b"");
        assert_ok(&o);
        let out = stdout(&o);
        assert!(
            !bad(&out),
            "{args:?} printed control or bidi characters: {out:?}"
        );
        assert!(!out.contains('\u{1b}'));
        assert!(
            out.contains(&id) || (args[0] == "history" && out.contains("added")),
            "{args:?}: {out}"
        );
    }
    let o = e.run(&["show", &id, "--full"], &[PASS], b"");
    assert!(
        stdout(&o).contains("txt.exe") && stdout(&o).contains("red"),
        "{}",
        stdout(&o)
    );
    // JSON keeps the exact text (JSON escapes the control characters).
    let o = e.run(&["show", &id, "--json"], &[PASS], b"");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["title"], title);
    assert_eq!(v["narrative"], narrative);
    assert_eq!(v["perpetrators"][0]["vehicles"][0], "V\u{9b}31m");
    assert!(!stdout(&o).contains('\u{1b}'), "raw ESC in JSON output");
    // Errors that echo user input are sanitised too.
    let o = e.run(&["list", "--since", "\u{1b}[2Jnot a date"], &[PASS], b"");
    assert_code(&o, 2);
    assert!(!stderr(&o).contains('\u{1b}'), "{:?}", stderr(&o));
}
