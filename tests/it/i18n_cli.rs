//! The interface in Russian and Kyrgyz: --help, man page, errors and hints, labels, dates,
//! and how the language is chosen (--lang, LC_ALL, LC_MESSAGES, LANG).

use crate::support::*;

use sandyk::i18n::{tr_in, Lang};

const EN_ABOUT: &str = "an offline, encrypted field-notes vault";

fn msg(lang: Lang, id: &str) -> String {
    tr_in(lang, id, &[]).unwrap_or_else(|| panic!("{} has no {id}", lang.code()))
}

/// The first line of a (possibly multi-line) message, as clap wraps the rest.
fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

/// Run with the given environment variables on top of the clean test environment.
fn run_env(e: &Env, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = e.cmd(args, &[]);
    for (k, v) in env {
        c.env(k, v);
    }
    c.stdin(std::process::Stdio::null());
    c.output().unwrap()
}

#[test]
fn root_help_in_russian() {
    let e = Env::new();
    let o = e.run(&["--lang", "ru", "--help"], &[], b"");
    assert_ok(&o);
    let out = stdout(&o);
    assert!(
        out.contains(&first_words(&msg(Lang::Ru, "help"), 6)),
        "{out}"
    );
    assert!(
        out.contains("Команды:") && out.contains("Использование:"),
        "{out}"
    );
    assert!(out.contains(&msg(Lang::Ru, "help-list")), "{out}");
    assert!(
        !out.contains(EN_ABOUT),
        "English about in Russian help:\n{out}"
    );
    assert!(!out.contains("Print help"), "{out}");
}

#[test]
fn add_help_in_kyrgyz() {
    let e = Env::new();
    let o = e.run(&["--lang", "ky", "add", "--help"], &[], b"");
    assert_ok(&o);
    let out = stdout(&o);
    assert!(out.contains("Жаңы окуяны жазуу"), "{out}");
    assert!(
        out.contains(&first_words(&msg(Lang::Ky, "help-add--input"), 5)),
        "{out}"
    );
    assert!(
        out.contains("Параметрлер:") && out.contains("Жардамды көрсөтүү"),
        "{out}"
    );
    assert!(!out.contains("Record a new incident"), "{out}");
}

#[test]
fn help_follows_the_locale() {
    let e = Env::new();
    // LANG alone.
    let o = run_env(&e, &["--help"], &[("LANG", "ru_RU.UTF-8")]);
    assert_ok(&o);
    assert!(
        stdout(&o).contains("Показать список инцидентов"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains(EN_ABOUT));
    // LC_ALL wins over LANG, LC_MESSAGES over LANG.
    let o = run_env(
        &e,
        &["list", "--help"],
        &[("LANG", "ru_RU.UTF-8"), ("LC_ALL", "ky_KG.UTF-8")],
    );
    assert!(
        stdout(&o).contains("Окуялардын тизмесин көрсөтүү"),
        "{}",
        stdout(&o)
    );
    let o = run_env(
        &e,
        &["list", "--help"],
        &[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "ru_RU.UTF-8")],
    );
    assert!(
        stdout(&o).contains("Показать список инцидентов"),
        "{}",
        stdout(&o)
    );
    // --lang wins over the environment, in either form.
    let o = run_env(
        &e,
        &["--lang=en", "list", "--help"],
        &[("LANG", "ru_RU.UTF-8")],
    );
    assert!(stdout(&o).contains("List incidents"), "{}", stdout(&o));
    let o = run_env(
        &e,
        &["list", "--help", "--lang", "ky"],
        &[("LANG", "ru_RU.UTF-8")],
    );
    assert!(
        stdout(&o).contains("Окуялардын тизмесин көрсөтүү"),
        "{}",
        stdout(&o)
    );
    // SANDYK_LANG wins over the locale (a ky_KG locale is rarely installed), --lang over it.
    let o = run_env(
        &e,
        &["list", "--help"],
        &[
            ("LANG", "ru_RU.UTF-8"),
            ("LC_ALL", "ru_RU.UTF-8"),
            ("SANDYK_LANG", "ky"),
        ],
    );
    assert!(
        stdout(&o).contains("Окуялардын тизмесин көрсөтүү"),
        "{}",
        stdout(&o)
    );
    let o = run_env(
        &e,
        &["--lang", "ru", "list", "--help"],
        &[("SANDYK_LANG", "ky")],
    );
    assert!(
        stdout(&o).contains("Показать список инцидентов"),
        "{}",
        stdout(&o)
    );
    let o = run_env(
        &e,
        &["list", "--help"],
        &[("LANG", "ru_RU.UTF-8"), ("SANDYK_LANG", "xx")],
    );
    assert!(
        stdout(&o).contains("Показать список инцидентов"),
        "an unknown SANDYK_LANG is ignored"
    );
    // An unknown locale falls back to English.
    let o = run_env(&e, &["--help"], &[("LANG", "de_DE.UTF-8")]);
    assert!(stdout(&o).contains(EN_ABOUT), "{}", stdout(&o));
}

// `every_command_has_translated_help` walks the clap definition, which lives in the binary
// since the library/binary split: it is a unit test in src/cli/mod.rs now.

// The whole stderr and the exit code as snapshots (tests/it/snapshots/): the localized
// error and hint, and no English left in them.
#[test]
fn missing_vault_error_in_kyrgyz() {
    let e = Env::new();
    let o = e.run(&["--lang", "ky", "list"], &[], b"");
    assert_code(&o, 5);
    Snap::new(&e, "ky").assert("missing_vault", "sandyk --lang ky list", &o);
}

#[test]
fn missing_vault_error_in_russian_from_lang() {
    let e = Env::new();
    let o = run_env(&e, &["list"], &[("LANG", "ru_RU.UTF-8")]);
    assert_code(&o, 5);
    Snap::new(&e, "ru").assert(
        "missing_vault_from_lang",
        "LANG=ru_RU.UTF-8 sandyk list",
        &o,
    );
}

#[test]
fn man_page_in_russian() {
    let e = Env::new();
    let o = e.run(&["man", "--lang", "ru"], &[], b"");
    assert_ok(&o);
    let out = stdout(&o);
    assert!(
        out.starts_with(".ie") || out.contains(".TH"),
        "not a man page: {}",
        first_words(&out, 10)
    );
    assert!(out.contains("хранилище"), "{out}");
    assert!(out.contains("Создать новое хранилище"), "{out}");
    assert!(!out.contains(EN_ABOUT), "{out}");
}

#[test]
fn date_errors_are_translated() {
    let e = Env::new();
    // Filters are resolved before the vault is opened: no vault needed.
    let o = e.run(&["--lang", "ru", "list", "--since", "2024-02-30"], &[], b"");
    assert_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("не удалось понять дату «2024-02-30»: такой даты нет: 2024-02-30"),
        "{err}"
    );
    assert!(err.contains("подсказка: например: 2024-03-05"), "{err}");
    assert!(!err.contains("invalid date"), "{err}");

    let o = e.run(
        &["--lang", "ky", "search", "x", "--until", "вчера blah"],
        &[],
        b"",
    );
    assert_code(&o, 2);
    let err = stderr(&o);
    assert!(
        // The word not understood is named (as in the form).
        err.contains(
            "«вчера blah» деген дата кабыл алынган жок: «blah» деген сөздү түшүнгөн жокмун"
        ),
        "{err}"
    );
    assert!(err.contains("кечээ"), "{err}");

    let o = e.run(&["--lang", "ru", "list", "--since", "в 3"], &[], b"");
    assert!(
        stderr(&o).contains("неясно, какой это час"),
        "{}",
        stderr(&o)
    );
    let o = e.run(&["--lang", "ky", "list", "--since", "unknown"], &[], b"");
    assert!(
        stderr(&o).contains("белгисиз датаны колдонууга болбойт"),
        "{}",
        stderr(&o)
    );
    // English stays English.
    let o = e.run(&["--lang", "en", "list", "--since", "2024-02-30"], &[], b"");
    assert!(
        stderr(&o).contains("no such date: 2024-02-30"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn labels_and_json_date_errors_in_russian() {
    let e = Env::new();
    e.init();
    let o = e.run(&["--lang", "ru", "category", "list"], &[PASS], b"");
    assert_ok(&o);
    let out = stdout(&o);
    for (id, label) in [
        ("followed", "Слежка"),
        ("raid", "Обыск или рейд"),
        ("home_visit", "Приход домой"),
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(id) && l.contains(label)),
            "{id} {label}:\n{out}"
        );
    }
    assert!(!out.contains("Followed"), "{out}");

    // A date refused inside JSON input (ModelError::Date) is translated too.
    let json =
        r#"{"title":"Ак машина","occurred":"в прошлую субботу 25:00","category":"followed"}"#;
    let o = e.run(
        &["--lang", "ru", "add", "--input", "json"],
        &[PASS],
        json.as_bytes(),
    );
    assert_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("не удалось понять дату «в прошлую субботу 25:00»: такого времени нет: 25:00"),
        "{err}"
    );

    let json = r#"{"title":"Ак машина","occurred":{"text":"x","precision":"range","start":"2026-11-02T10:00:00+06:00","end":"2026-11-01T10:00:00+06:00"},"category":"followed"}"#;
    let o = e.run(
        &["--lang", "ky", "add", "--input", "json"],
        &[PASS],
        json.as_bytes(),
    );
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("башталышы аягынан кийин"),
        "{}",
        stderr(&o)
    );

    // An incident shown in Kyrgyz: field labels, category, precision.
    let ids = e.add_json(r#"{"title":"Боз машина","occurred":"кечээ кечинде","category":"followed","reliability":"firsthand"}"#);
    let o = e.run(&["--lang", "ky", "show", &ids[0]], &[PASS], b"");
    assert_ok(&o);
    let out = stdout(&o);
    for s in [
        "Аталыш:",
        "Боз машина",
        "Категория:",
        "Аңдуу",
        "жм, 27-ноябрь 2026, кечинде", // the weekday and the part of the day
        "Ишенимдүүлүк:",
    ] {
        assert!(out.contains(s), "{s}:\n{out}");
    }
}

#[test]
fn weak_passphrase_warning_in_russian_and_kyrgyz() {
    // The guessing time comes from zxcvbn, whose own words are English.
    for (lang, want) in [
        (
            "ru",
            "sandyk: предупреждение: новая парольная фраза слабая (время подбора: меньше секунды)",
        ),
        (
            "ky",
            "sandyk: эскертүү: жаңы сырсөз алсыз (аны табууга кетчү убакыт: бир секунддан аз)",
        ),
    ] {
        let e = Env::new();
        let mut args = vec!["--lang", lang, "init"];
        args.extend(kdf_args());
        let o = e.run(&args, &["password1"], b"");
        assert_ok(&o);
        assert!(stderr(&o).contains(want), "{}", stderr(&o));
        assert!(!stderr(&o).contains("second"), "{}", stderr(&o));
    }
}

/// Run `sandyk ARGS` on a pseudo-terminal (util-linux `script`), typing `input`.
fn on_terminal(e: &Env, args: &[&str], input: &str) -> Option<std::process::Output> {
    use std::io::Write;
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` (util-linux) for a pseudo-terminal");
        return None;
    }
    let mut line = format!("{} --vault {}", bin().display(), e.vault().display());
    for a in args {
        line.push_str(&format!(" '{a}'"));
    }
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &line, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", e.home())
        .env("TMPDIR", e.tmp())
        .env("LANG", "C.UTF-8")
        .env("TZ", "Asia/Bishkek")
        .env("SANDYK_TEST_NOW", NOW)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    Some(child.wait_with_output().unwrap())
}

#[test]
fn guided_form_in_kyrgyz() {
    let e = Env::new();
    e.init();
    let input = [
        PASS,
        "Боз Лада үйдүн жанында",
        "кечээ бла",                    // not understood: asked again, naming the word
        "кечээ болжол менен саат 15те", // approximate: hedged, shown with the weekday
        "Ош",
        "1", // followed
        "үй, Ош",
        "эки киши", // perpetrators, on one line
        "",         // victims
        "",         // witnesses
        "өзүм",
        "жогору", // reliability by its Kyrgyz name
        "2",      // confidentiality by number: restricted
        "Түнү бою турду.",
        ".",
        "о", // save
        "",
    ]
    .join("\n");
    let Some(o) = on_terminal(&e, &["--lang", "ky", "add"], &input) else {
        return;
    };
    let out = format!("{}{}", stdout(&o), stderr(&o));
    for s in [
        "Жаңы окуя.",
        "Качан болду?",
        "Түшүнүксүз («бла» деген сөздү түшүнгөн жокмун",
        "→ жм, 27-ноябрь 2026, болжол менен 15:00 (кечээ)",
        "Ишенимдүүлүк [1 өз көзү менен, 2 жогору, 3 орто, 4 төмөн, 5 белгисиз]",
        "Купуялуулук [1 ачык, 2 чектелген, 3 купуя, 4 жашыруун]",
        "Окуя сакталды:",
    ] {
        assert!(out.contains(s), "{s:?} not shown:\n{out}");
    }
    let o = e.run(&["list", "--json"], &[PASS], b"");
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let i = &v[0];
    assert_eq!(i["title"], "Боз Лада үйдүн жанында");
    assert_eq!(i["occurred"]["text"], "кечээ болжол менен саат 15те");
    assert_eq!(i["occurred"]["precision"], "approximate");
    assert_eq!(i["category"], "followed");
    assert_eq!(i["reliability"], "high");
    assert_eq!(i["confidentiality"], "restricted");
    assert_eq!(i["tags"], serde_json::json!(["үй", "ош"])); // tags are lowercased
}

#[test]
fn json_input_errors_in_russian() {
    // Input is checked before the vault is opened: no vault needed.
    let e = Env::new();
    let o = e.run(&["--lang", "ru", "add", "--input", "json"], &[], b"[]");
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("sandyk: ошибка: неверный JSON: массив пустой"),
        "{}",
        stderr(&o)
    );
    let o = e.run(&["--lang", "ru", "add", "--input", "json"], &[], b"42");
    assert!(
        stderr(&o).contains("ожидается объект или массив объектов"),
        "{}",
        stderr(&o)
    );
    let o = e.run(&["--lang", "ky", "add", "--input", "json"], &[], b"\xff");
    assert!(
        stderr(&o).contains("киргизилген маалымат UTF-8 текст эмес"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn command_line_errors_in_kyrgyz_and_russian() {
    let e = Env::new();
    let o = run_env(&e, &["list", "--jsn"], &[("LANG", "ky_KG.UTF-8")]);
    assert_code(&o, 2);
    Snap::new(&e, "ky").assert("unknown_flag", "LANG=ky_KG.UTF-8 sandyk list --jsn", &o);

    let o = e.run(&["--lang", "ru", "lst"], &[], b"");
    assert_code(&o, 2);
    Snap::new(&e, "ru").assert("unknown_command", "sandyk --lang ru lst", &o);
    let o = e.run(
        &["--lang", "ru", "duress", "set", "--action", "boom"],
        &[],
        b"",
    );
    assert_code(&o, 2);
    Snap::new(&e, "ru").assert(
        "invalid_value",
        "sandyk --lang ru duress set --action boom",
        &o,
    );
    // English keeps clap's own wording.
    let o = e.run(&["list", "--jsn"], &[], b"");
    assert_code(&o, 2);
    Snap::new(&e, "en").assert("unknown_flag", "sandyk list --jsn", &o);
}

#[test]
fn invalid_input_in_russian_and_kyrgyz() {
    let e = Env::new();
    e.init();
    let o = e.run(
        &["--lang", "ru", "add", "--input", "json"],
        &[PASS],
        br#"{"occurred":"2026-11-27 15:00","category":"other"}"#,
    );
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("неверные данные: поле `title` обязательно"),
        "{}",
        stderr(&o)
    );
    let o = e.run(
        &["--lang", "ky", "add", "--input", "json"],
        &[PASS],
        br#"{"title":"x","occurred":"2026-11-27 15:00","category":"ufo"}"#,
    );
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("туура эмес маалымат: белгисиз категория: `ufo`"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("кеңеш: категорияларды көрүү: sandyk category list"),
        "{}",
        stderr(&o)
    );
    let long = format!(
        r#"{{"title":"{}","occurred":"2026-11-27 15:00","category":"other"}}"#,
        "ы".repeat(1001)
    );
    let o = e.run(
        &["--lang", "ru", "add", "--input", "json"],
        &[PASS],
        long.as_bytes(),
    );
    assert!(
        stderr(&o).contains("поле `title` слишком длинное (1001 символ; максимум 1000)"),
        "{}",
        stderr(&o)
    );
}
