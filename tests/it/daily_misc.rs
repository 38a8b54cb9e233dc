//! The defender's daily path beyond the form (issue 13): search in Russian and Kyrgyz with
//! excerpts, categories by label in filters, dates as people read them, history numbering
//! and attachment additions, `show` listing attachments, and the terminal niceties (three
//! passphrase tries, a mistyped confirmation in `init`, declining `delete`, bare `sandyk`,
//! `sandyk --lang ru help list`).

use super::daily_form::Pty;
use crate::support::*;

fn ids_of(o: &std::process::Output) -> Vec<String> {
    assert_ok(o);
    let v: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn search_finds_russian_and_kyrgyz_word_forms_with_an_excerpt() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(
        r#"[{"title":"Обыск у соседа","occurred":"2026-11-20","category":"raid","narrative":"Утром пришли трое, был обыск, забрали ноутбук."},
            {"title":"Серая машина","occurred":"2026-11-21","category":"followed","narrative":"Серая машина стояла у дома. За мной следил человек."},
            {"title":"Ёлка","occurred":"2026-11-22","category":"other","narrative":"Он живёт у сестры."},
            {"title":"Үйдө","occurred":"2026-11-23","category":"home_visit","narrative":"Алар үйдө болушту. Милициядан эки киши келди."}]"#,
    );
    let (raid, car, tree, home) = (&ids[0], &ids[1], &ids[2], &ids[3]);
    for (q, want) in [
        ("обыске", raid),
        ("серой машины", car),
        ("живет", tree),
        ("елка", tree),
        ("следили", car),
        ("үйгө", home),
        ("милиция", home),
        ("ЦИЯДАН", home), // the substring fallback
    ] {
        let got = ids_of(&e.run(&["search", "--json"], &[PASS], q.as_bytes()));
        assert_eq!(got, std::slice::from_ref(want), "search {q:?}");
    }
    // The terminal output: the summary line, then an excerpt around the match.
    let o = e.run(&["--lang", "ru", "search", "обыске"], &[PASS], b"");
    assert_ok(&o);
    let out = stdout(&o);
    assert!(out.contains("пт, 20 ноября 2026"), "{out}");
    assert!(
        out.contains("    Утром пришли трое, был обыск, забрали ноутбук."),
        "{out}"
    );
    // Deleted incidents are not found, by the index or by the fallback.
    assert_ok(&e.run(&["delete", "--yes", raid], &[PASS], b""));
    assert!(ids_of(&e.run(&["search", "--json"], &[PASS], "обыск".as_bytes())).is_empty());
    assert!(ids_of(&e.run(&["search", "--json"], &[PASS], "ноутбу".as_bytes())).is_empty());
}

#[test]
fn categories_by_label_in_filters_and_unknown_is_a_usage_error() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(
        r#"[{"title":"a","occurred":"2026-11-20","category":"followed"},
            {"title":"b","occurred":"2026-11-21","category":"raid"}]"#,
    );
    for c in [
        "слежка",
        "СЛЕЖКА",
        "слеж",
        "Аңдуу",
        "followed",
        "surveillance",
    ] {
        let got = ids_of(&e.run(&["list", "--json", "--category", c], &[PASS], b""));
        assert_eq!(got, [ids[0].clone()], "--category {c}");
    }
    let got = ids_of(&e.run(
        &["search", "--json", "--category", "обыск", "b"],
        &[PASS],
        b"",
    ));
    assert_eq!(got, [ids[1].clone()]);
    // Unknown: exit 2, suggestions, never "no incidents".
    let o = e.run(
        &["--lang", "ru", "list", "--category", "слежкаа"],
        &[PASS],
        b"",
    );
    assert_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("неизвестная категория «слежкаа»") && err.contains("«Слежка» (followed)"),
        "{err}"
    );
    assert!(!err.contains("Инцидентов нет"), "{err}");
    // Ambiguous: exit 2, both named.
    let o = e.run(
        &["--lang", "ru", "list", "--category", "угроза"],
        &[PASS],
        b"",
    );
    assert_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("threat_in_person") && err.contains("threat_online"),
        "{err}"
    );
    // Export too.
    let o = e.run(
        &["export", "--category", "нло", "-o", "/dev/null"],
        &[PASS],
        b"",
    );
    assert_code(&o, 2);
}

#[test]
fn history_numbers_per_incident_and_names_attachments_show_lists_them() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(
        r#"[{"title":"a","occurred":"2026-11-20","category":"followed"},
            {"title":"b","occurred":"2026-11-21","category":"raid"}]"#,
    );
    let f = e.tmp().join("заметка.txt");
    std::fs::create_dir_all(e.tmp()).unwrap();
    std::fs::write(&f, b"hello").unwrap();
    assert_ok(&e.run(&["attach", &ids[1], f.to_str().unwrap()], &[PASS], b""));
    assert_ok(&e.run(
        &["amend", &ids[1], "--input", "json"],
        &[PASS],
        br#"{"title":"bb","narrative":"x"}"#,
    ));
    let o = e.run(&["--lang", "ru", "history", &ids[1]], &[PASS], b"");
    assert_ok(&o);
    let lines: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("  1. сб, 28 ноября 2026, 12:00 (+06)  добавлено"));
    assert!(lines[1].starts_with("  2. ") && lines[1].contains("добавлено вложение"));
    assert!(!lines[1].contains('['), "{}", lines[1]);
    assert!(
        lines[2].starts_with("  3. ") && lines[2].ends_with("[Заголовок, Что произошло]"),
        "{}",
        lines[2]
    );
    let o = e.run(&["--lang", "ru", "show", &ids[1]], &[PASS], b"");
    assert_ok(&o);
    let out = stdout(&o);
    assert!(out.contains("Вложения (1):"), "{out}");
    assert!(
        out.contains("1. заметка.txt  (text/plain, 5 байтов)"),
        "{out}"
    );
    let rec = out.lines().find(|l| l.starts_with("Записано:")).unwrap();
    assert!(rec.ends_with(" сб, 28 ноября 2026, 12:00 (+06)"), "{rec}");
}

#[test]
fn terminal_niceties() {
    let e = Env::new();
    e.init();
    let id =
        e.add_json(r#"{"title":"a","occurred":"2026-11-20","category":"followed"}"#)[0].clone();
    // Three tries for the passphrase on a terminal.
    let mut p = Pty::start_with(&e, "ru", &["list"], false);
    p.answer("Парольная фраза", "wrong one\n");
    p.answer("Осталось 2 попытки.", "wrong two\n");
    p.answer("Осталась 1 попытка.", &format!("{PASS}\n"));
    let (code, screen) = p.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains(&id), "{screen}");
    let mut p = Pty::start_with(&e, "ru", &["list"], false);
    p.answer("Парольная фраза", "wrong\n");
    p.answer("Осталось 2 попытки.", "wrong\n");
    p.answer("Осталась 1 попытка.", "wrong\n");
    let (code, screen) = p.finish();
    assert_eq!(code, 3, "{screen}");
    // Declining delete is an answer, not an error.
    let mut p = Pty::start(&e, "ru", &["delete", &id]);
    p.answer("Удалить этот инцидент?", "нет\n");
    let (code, screen) = p.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("Не удалено") && !screen.contains("ошибка"),
        "{screen}"
    );
    assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 1);
    // A one-letter slip is not a yes for what cannot be undone: `j` (next to `n`, and `о`
    // on a Latin layout) and `д` (next to `ж`) are asked again in words; a second slip is no.
    for (lang, q, slip, again) in [
        ("en", "Delete this incident?", "j\n", "n\n"),
        ("ky", "Бул окуяны өчүрөсүзбү?", "д\n", "д\n"),
        ("ru", "Удалить этот инцидент?", "y\n", "н\n"),
    ] {
        let mut p = Pty::start(&e, lang, &["delete", &id]);
        p.answer(q, slip);
        p.answer(q, again);
        let (code, screen) = p.finish();
        assert_eq!(code, 0, "{lang}: {screen}");
        assert_eq!(
            list_json(&e, PASS).as_array().unwrap().len(),
            1,
            "{lang}: a one-letter answer deleted the incident:\n{screen}"
        );
    }
    // The whole word deletes.
    let mut p = Pty::start(&e, "ru", &["delete", &id]);
    p.answer("Удалить этот инцидент?", "да\n");
    let (code, screen) = p.finish();
    assert_eq!(code, 0, "{screen}");
    assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 0, "{screen}");
    // A mistyped confirmation in init is asked again.
    let e2 = Env::new();
    let mut args = vec!["init"];
    args.extend(kdf_args());
    let strong = "кызыл алма жашыл терек 1987 тоо";
    let mut p = Pty::start_with(&e2, "ru", &args, false);
    p.answer("Новая парольная фраза", &format!("{strong}\n"));
    p.answer("Повторите", "кызыл алма\n");
    p.answer("Повторите", &format!("{strong}\n"));
    let (code, screen) = p.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Фразы не совпадают"), "{screen}");
    // Bare `sandyk` shows the commands; `help CMD` after a global option works.
    let o = e.run(&["--lang", "ru"], &[], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains("add") && stdout(&o).contains("search"));
    let o = e.run(&["--lang", "ru", "help", "list"], &[], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains("Показать список инцидентов"));
}

#[test]
fn json_errors_in_russian_say_what_and_where() {
    let e = Env::new();
    for (input, want) in [
        (
            &br#"{"title":"x","titel":"y"}"#[..],
            "«titel» — не поле инцидента",
        ),
        (
            &br#"{"title":"x",}"#[..],
            "неверный JSON: строка 1, позиция 14",
        ),
        (&br#"{"title":"#[..], "текст обрывается"),
        (&br#"{"title":3}"#[..], "недопустимое значение поля «title»"),
    ] {
        let o = e.run(&["--lang", "ru", "add", "--input", "json"], &[], input);
        assert_code(&o, 2);
        let err = stderr(&o);
        assert!(err.contains(want), "{err}");
        for english in [
            "unknown field",
            "trailing comma",
            "EOF",
            "invalid type",
            "expected",
        ] {
            assert!(!err.contains(english), "{err}");
        }
    }
}

#[test]
fn keygen_prints_the_fingerprint_contact_add_shows() {
    let e = Env::new();
    e.init();
    std::fs::create_dir_all(e.tmp()).unwrap();
    let key = e.tmp().join("lawyer.key");
    let o = e.run(&["keygen", "-o", key.to_str().unwrap()], &[], b"");
    assert_ok(&o);
    let recipient = stdout(&o).trim().to_owned();
    let err = stderr(&o);
    let fp = err
        .lines()
        .find_map(|l| l.strip_prefix("Fingerprint: "))
        .and_then(|l| l.get(..19))
        .unwrap_or_else(|| panic!("no fingerprint in {err}"))
        .to_owned();
    let o = e.run(&["contact", "add", "lawyer", &recipient], &[PASS], b"");
    assert_ok(&o);
    assert!(stderr(&o).contains(&fp), "{fp} not in {}", stderr(&o));
}

/// A date refused in JSON input or in a filter names the word not understood (with a
/// suggestion when one is close), as the form does.
#[test]
fn date_errors_name_the_word_everywhere() {
    let e = Env::new();
    e.init();
    let o = e.run(
        &["--lang", "ru", "add", "--input", "json"],
        &[PASS],
        r#"{"title":"т","category":"other","occurred":"вчира в 15:00"}"#.as_bytes(),
    );
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("не понял слово «вчира»; может быть, «вчера»?"),
        "{}",
        stderr(&o)
    );
    let o = e.run(
        &["--lang", "ky", "list", "--since", "өткөн жумада xyzzy"],
        &[PASS],
        b"",
    );
    assert_code(&o, 2);
    assert!(stderr(&o).contains("«xyzzy»"), "{}", stderr(&o));
}

/// A `TZ` this system does not know (a typo) makes times be read and shown in UTC, as `date`
/// does: "15:00" would be recorded six hours off in Bishkek. Every command but the emergency
/// ones says so on stderr, in the user's language, with the value sanitized; a known zone
/// says nothing.
#[test]
fn an_unknown_time_zone_is_said() {
    let e = Env::new();
    e.init();
    let run = |tz: &str, args: &[&str]| {
        let mut c = e.cmd(args, &[PASS]);
        c.env("TZ", tz);
        run_with_stdin(c, b"")
    };
    let o = run("Asia/Bishkk", &["list"]);
    assert_ok(&o);
    assert!(
        stderr(&o).contains("TZ=Asia/Bishkk is unknown to this system")
            && stderr(&o).contains("TZ=Asia/Bishkek"),
        "{}",
        stderr(&o)
    );
    let o = run("Asia/Bishkk\u{1b}[2J", &["--lang", "ru", "list"]);
    assert_ok(&o);
    let err = stderr(&o);
    assert!(err.contains("часовой пояс TZ=Asia/Bishkk"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
    let o = run("Asia/Bishkek", &["list"]);
    assert_ok(&o);
    assert!(!stderr(&o).contains("TZ="), "{}", stderr(&o));
    // `panic` says only what it did.
    let o = run("Asia/Bishkk", &["panic"]);
    assert_ok(&o);
    assert!(!stderr(&o).contains("TZ="), "{}", stderr(&o));
}

/// `--passphrase-fd 9` without a `9<` redirection: the message says the descriptor is not
/// open (it said "system error 9"), with the hint showing the redirection; exit 1, nothing
/// read.
#[test]
fn an_unopened_passphrase_descriptor_is_named() {
    let e = Env::new();
    e.init();
    let o = e.run(&["list", "--passphrase-fd", "9"], &[], b"");
    assert_code(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("could not read the passphrase: the file descriptor is not open")
            && err.contains("hint:")
            && err.contains("3< file"),
        "{err}"
    );
}

/// A key given twice in the JSON input (`{"title":"a","title":"b"}`) was accepted, the
/// first value silently dropped. `add` and `amend` now refuse it (exit 2), naming the
/// incident and the field; nothing is added or changed.
#[test]
fn a_field_given_twice_is_refused() {
    let e = Env::new();
    e.init();
    let id = e
        .add_json(r#"{"title":"first","occurred":"2026-11-27","category":"followed"}"#)
        .remove(0);
    let o = e.run(
        &["add", "--input", "json"],
        &[PASS],
        br#"[{"title":"x","occurred":"2026-11-27"},{"title":"a","narrative":"kept","title":"b"}]"#,
    );
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("incident 2: “title” is given twice") && stderr(&o).contains("hint:"),
        "{}",
        stderr(&o)
    );
    let o = e.run(
        &["amend", &id, "--input", "json"],
        &[PASS],
        br#"{"narrative":"one","narrative":"two"}"#,
    );
    assert_code(&o, 2);
    let list = list_json(&e, PASS);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["title"], "first");
    assert_eq!(list[0]["narrative"], "", "{}", list[0]);
}

/// A date is shown on the clock it was written with. An incident recorded in Bishkek on
/// "2026-11-21" was shown to a reader in Berlin (a lawyer abroad) as Friday 20 November by
/// `show` and `list`; a time is now shown as typed, with the writer's offset when the
/// reader's differs.
#[test]
fn dates_read_the_same_in_another_time_zone() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(
        r#"[{"title":"day","occurred":"2026-11-21","category":"followed"},
            {"title":"time","occurred":"2026-11-21 02:30","category":"followed"}]"#,
    );
    let run = |args: &[&str]| {
        let mut c = e.cmd(args, &[PASS]);
        c.env("TZ", "Europe/Berlin");
        let o = run_with_stdin(c, b"");
        assert_ok(&o);
        stdout(&o)
    };
    let day = run(&["show", &ids[0]]);
    assert!(day.contains("Sat, 21 November 2026"), "{day}");
    assert!(!day.contains("20 November"), "{day}");
    let time = run(&["show", &ids[1]]);
    assert!(
        time.contains("Sat, 21 November 2026, 02:30 (+06)"),
        "{time}"
    );
    let list = run(&["list"]);
    assert!(!list.contains("20 November"), "{list}");
    // In the zone it was written in, no offset is added.
    let o = e.run(&["show", &ids[1]], &[PASS], b"");
    assert!(
        stdout(&o).contains("Sat, 21 November 2026, 02:30 — “"),
        "{}",
        stdout(&o)
    );
}

/// A category of the user's named like a built-in one in any language (`Слежка` is the
/// Russian label of `followed`) was accepted; afterwards `--category слежка` was ambiguous
/// for both and no filter could select them. Refused now (exit 2), for the id and the label;
/// a name of its own is accepted, and re-adding it changes its label.
#[test]
fn a_category_cannot_take_another_ones_name() {
    let e = Env::new();
    e.init();
    for args in [
        &["category", "add", "Слежка"][..],
        &["category", "add", "аңдуу"],
        &["category", "add", "mine", "--label", "Обыск или рейд"],
    ] {
        let o = e.run(args, &[PASS], b"");
        assert_code(&o, 2);
        assert!(
            stderr(&o).contains("already names the category") && stderr(&o).contains("hint:"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert_ok(&e.run(&["category", "add", "Соседи"], &[PASS], b""));
    assert_ok(&e.run(
        &["category", "add", "соседи", "--label", "Соседи сверху"],
        &[PASS],
        b"",
    ));
    let ids = e.add_json(r#"{"title":"t","occurred":"2026-11-27","category":"followed"}"#);
    let o = e.run(&["list", "--category", "слежка", "--json"], &[PASS], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains(&ids[0]), "{}", stdout(&o));
}

/// Messages an adversarial probe found wanting: an array's refused item is named (its date,
/// category or length error named none); `--since` after `--until` is a usage error, not an
/// empty list; something that cannot be an id is a usage error (2), not "not found" (5).
#[test]
fn refusals_say_which_and_why() {
    let e = Env::new();
    e.init();
    let o = e.run(
        &["add", "--input", "json"],
        &[PASS],
        r#"[{"title":"a","occurred":"2026-11-27","category":"followed"},
            {"title":"b","occurred":"вчира","category":"followed"}]"#
            .as_bytes(),
    );
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("incident 2: cannot read the date “вчира”"),
        "{}",
        stderr(&o)
    );
    assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 0);
    let o = e.run(
        &["list", "--since", "2026-11-28", "--until", "2026-11-01"],
        &[PASS],
        b"",
    );
    assert_code(&o, 2);
    assert!(stderr(&o).contains("is after --until"), "{}", stderr(&o));
    for id in ["", "../../etc", "a b"] {
        let o = e.run(&["show", id], &[PASS], b"");
        assert_code(&o, 2);
        assert!(
            stderr(&o).contains("is not an incident id"),
            "{}",
            stderr(&o)
        );
    }
    assert_code(&e.run(&["show", "PHKB5"], &[PASS], b""), 5);
    // Outputs: a missing directory and `--force` on a directory are named before unlocking.
    let missing = e.root.path().join("no-such-dir/r.html");
    let o = e.run(&["report", "-o", missing.to_str().unwrap()], &[PASS], b"");
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("the directory") && stderr(&o).contains("does not exist"),
        "{}",
        stderr(&o)
    );
    let dir = e.root.path().join("a-dir");
    std::fs::create_dir(&dir).unwrap();
    let o = e.run(
        &["report", "-o", dir.to_str().unwrap(), "--force"],
        &[PASS],
        b"",
    );
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("is not a regular file"),
        "{}",
        stderr(&o)
    );
    // `amend` takes one object, and says so.
    let o = e.run(&["amend", "PHKB5", "--input", "json"], &[PASS], b"[{}]");
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("amend changes one incident"),
        "{}",
        stderr(&o)
    );
    // `--vault` naming a file: no vault there (exit 5), not an input/output error.
    let file = e.root.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let mut c = e.cmd(&["list"], &[PASS]);
    c.arg("--vault").arg(&file);
    let o = run_with_stdin(c, b"");
    assert_code(&o, 5);
    assert!(stderr(&o).contains("no vault at"), "{}", stderr(&o));
    // `check` on a damaged key file does not send the user back to `check`.
    let key = e.vault().join("sandyk.key");
    let mut kf = std::fs::read(&key).unwrap();
    kf[100] ^= 0x55;
    std::fs::write(&key, kf).unwrap();
    let o = e.run(&["check"], &[PASS], b"");
    assert_code(&o, 4);
    assert!(
        stderr(&o).contains("hint: restore the vault directory from a backup")
            && !stderr(&o).contains("sandyk check"),
        "{}",
        stderr(&o)
    );
}
