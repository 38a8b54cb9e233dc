//! The guided form in a real terminal (a pty from `script`, util-linux), in ru, ky and en:
//! Enter at the save question, keyboard-layout slips, Ctrl-C with a draft kept in the vault
//! and resumed, `add --quick`, one-line lists, fixing a field from the recap, `amend` of any
//! field. Each session is a snapshot of the screen (tests/it/snapshots/daily_form_*).
//!
//! The driver waits for each prompt before typing the next answer (as a person would), so
//! the transcript is deterministic: the program's output and the terminal's echo of what was
//! typed, in order.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::snap::FILTERS;
use crate::support::vault::{bin, list_json, Env, NOW, PASS};

/// One program running in a pty under `script`.
pub(crate) struct Pty {
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
    seen: usize,
}

impl Pty {
    pub(crate) fn start(e: &Env, lang: &str, args: &[&str]) -> Pty {
        Pty::start_with(e, lang, args, true)
    }

    /// With `fd`, the passphrase comes from `--passphrase-fd`; without, it is typed on the
    /// terminal like everything else.
    pub(crate) fn start_with(e: &Env, lang: &str, args: &[&str], fd: bool) -> Pty {
        crate::support::require_tool("script");
        let pw = e.tmp().join("pw");
        std::fs::create_dir_all(e.tmp()).unwrap();
        std::fs::write(&pw, format!("{PASS}\n")).unwrap();
        let cmd = if fd {
            format!(
                "exec '{}' --vault '{}' --passphrase-fd 3 --lang {lang} {} 3<'{}'",
                bin().display(),
                e.vault().display(),
                args.join(" "),
                pw.display()
            )
        } else {
            format!(
                "exec '{}' --vault '{}' --lang {lang} {}",
                bin().display(),
                e.vault().display(),
                args.join(" ")
            )
        };
        let mut child = Command::new("script")
            .args(["-qfec", &cmd, "/dev/null"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", e.home())
            .env("TMPDIR", e.tmp())
            .env("SHELL", "/bin/sh")
            .env("LANG", "C.UTF-8")
            .env("TZ", "Asia/Bishkek")
            .env("SANDYK_TEST_NOW", NOW)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = Arc::new(Mutex::new(vec![]));
        let mut so = child.stdout.take().unwrap();
        let o2 = out.clone();
        std::thread::spawn(move || {
            let mut b = [0u8; 4096];
            while let Ok(n) = so.read(&mut b) {
                if n == 0 {
                    break;
                }
                o2.lock().unwrap().extend_from_slice(&b[..n]);
            }
        });
        Pty {
            child,
            out,
            seen: 0,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).replace("\r\n", "\n")
    }

    /// Wait until `s` appears in the output after what was already waited for.
    #[track_caller]
    fn expect(&mut self, s: &str) {
        let t0 = Instant::now();
        loop {
            let t = self.text();
            if let Some(p) = t[self.seen.min(t.len())..].find(s) {
                self.seen += p + s.len();
                return;
            }
            if t0.elapsed() > Duration::from_secs(30) {
                panic!("waited for {s:?}; the screen:\n{t}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Type (bytes as they are: "\n" is Enter, "\x03" Ctrl-C, "\x04" Ctrl-D).
    fn send(&mut self, s: &str) {
        let i = self.child.stdin.as_mut().unwrap();
        i.write_all(s.as_bytes()).unwrap();
        i.flush().unwrap();
    }

    /// Wait until nothing new has been printed for a while: the program waits for input.
    fn settle(&mut self) {
        let mut last = self.out.lock().unwrap().len();
        let mut quiet = Instant::now();
        let t0 = Instant::now();
        while quiet.elapsed() < Duration::from_millis(150) && t0.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(20));
            let n = self.out.lock().unwrap().len();
            if n != last {
                last = n;
                quiet = Instant::now();
            }
        }
        self.seen = self.text().len();
    }

    /// Wait for `prompt` and for the program to wait for input, then type `answer`.
    #[track_caller]
    pub(crate) fn answer(&mut self, prompt: &str, answer: &str) {
        self.expect(prompt);
        self.settle();
        self.send(answer);
    }

    /// Close the terminal: `script` (which holds the pty's master side) is killed, so the
    /// kernel hangs the terminal up and sends SIGHUP to the program in it.
    pub(crate) fn hang_up(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.text()
    }

    /// Wait for the end; the exit status and the screen.
    pub(crate) fn finish(mut self) -> (i32, String) {
        let t0 = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if t0.elapsed() > Duration::from_secs(30) {
                let _ = self.child.kill();
                panic!("did not finish; the screen:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(100));
        (status.code().unwrap_or(-1), self.text())
    }
}

fn vault() -> Env {
    let e = Env::new();
    e.init();
    e
}

/// Snapshot a session: exit status and screen, ids replaced.
#[track_caller]
fn snap(name: &str, e: &Env, code: i32, screen: &str) {
    let mut t = format!("exit {code}\n{screen}");
    for inc in list_json(e, PASS).as_array().unwrap() {
        let id = inc["id"].as_str().unwrap();
        t = t.replace(id, "[ID]");
    }
    let mut settings = insta::Settings::clone_current();
    for (re, to) in FILTERS {
        settings.add_filter(re, *to);
    }
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/snapshots"));
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, t));
}

/// Per language: (yes on the other layout, the full-form answers that differ).
struct Lang {
    code: &'static str,
    save_q: &'static str,
    title: &'static str,
    when: &'static str,
    category: &'static str,
    narrative_end: &'static str,
    keep_q: &'static str,
    resume_q: &'static str,
    slip_yes: &'static str,
}

const LANGS: [Lang; 3] = [
    Lang {
        code: "ru",
        save_q: "Сохранить этот инцидент?",
        title: "Заголовок",
        when: "Когда это случилось?",
        category: "Категория (",
        narrative_end: "или Ctrl-D.",
        keep_q: "Сохранить набранное как черновик",
        resume_q: "Продолжить этот черновик?",
        slip_yes: "lf",
    },
    Lang {
        code: "ky",
        save_q: "Бул окуяны сактайлыбы?",
        title: "Аталышы",
        when: "Качан болду?",
        category: "Категория (",
        narrative_end: "же Ctrl-D.",
        keep_q: "каралжазма катары",
        resume_q: "Бул каралжазманы улантасызбы?",
        slip_yes: "jj,f",
    },
    Lang {
        code: "en",
        save_q: "Save this incident?",
        title: "Title",
        when: "When did it happen?",
        category: "Category (",
        narrative_end: "or with Ctrl-D.",
        keep_q: "Keep what you typed as a draft",
        resume_q: "Continue this draft?",
        slip_yes: "нуы",
    },
];

/// The full form: one-line lists, Enter skips, text typed at a choice prompt is kept for the
/// narrative, Enter and `н` at the save question are re-asked (and say why), a field is
/// fixed by its number, and `да` typed on a Latin layout saves.
#[test]
fn full_form_enter_at_save_and_layout_slips() {
    for l in &LANGS {
        let e = vault();
        let mut p = Pty::start(&e, l.code, &["add"]);
        p.answer(l.title, "Серая машина у дома\n");
        p.answer(l.when, "вчера около 15:00\n");
        p.answer(": ", "Бишкек, Токтогула 1\n");
        p.answer(l.category, "слеж\n");
        p.answer(": ", "\n"); // tags
        p.answer(": ", "двое в штатском; водитель Лады\n");
        p.answer(": ", "\n"); // victims
        p.answer(": ", "\n"); // witnesses
        p.answer(": ", "\n"); // source
        p.answer("]", "\n"); // reliability: the default
                             // A miscounted Enter: the account typed at the confidentiality choice is kept.
        p.answer("]", "Стояли у подъезда два часа и фотографировали окна\n");
        p.answer("]", "\n");
        p.answer(l.narrative_end, "Потом уехали.\n.\n");
        p.answer(l.save_q, "\n"); // Enter is not an answer
        p.answer(l.save_q, "н\n"); // ambiguous
        p.answer(l.save_q, "1\n"); // fix the title
        p.answer(": ", "Серая Лада у дома\n");
        p.answer(l.save_q, &format!("{}\n", l.slip_yes));
        let (code, screen) = p.finish();
        assert_eq!(code, 0, "{screen}");
        let list = list_json(&e, PASS);
        let inc = &list[0];
        assert_eq!(inc["title"], "Серая Лада у дома");
        assert_eq!(inc["category"], "followed");
        assert_eq!(inc["perpetrators"].as_array().unwrap().len(), 2);
        assert_eq!(
            inc["narrative"],
            "Стояли у подъезда два часа и фотографировали окна\nПотом уехали."
        );
        assert_eq!(inc["confidentiality"], "confidential");
        snap(&format!("daily_form_full_{}", l.code), &e, code, &screen);
    }
}

/// Ctrl-C in the middle keeps an encrypted draft in the vault (no file appears besides the
/// vault's own), and the next `add` resumes it with what was typed.
#[test]
fn ctrl_c_keeps_a_draft_and_add_resumes_it() {
    for l in &LANGS {
        let e = vault();
        let before = crate::support::vault_names(&e.vault());
        let mut p = Pty::start(&e, l.code, &["add"]);
        p.answer(l.title, "Обыск у соседа CANARY-DRAFT\n");
        p.answer(l.when, "позавчера\n");
        p.answer(": ", "\n");
        p.answer(l.category, "обыск\n");
        p.answer(": ", "\x03");
        p.answer(l.keep_q, "\n"); // Enter is not an answer here either
                                  // Discarding needs the whole word: a one-letter no is asked again.
        p.answer(l.keep_q, "n\n");
        p.answer(l.keep_q, &format!("{}\n", l.slip_yes));
        let (code, screen) = p.finish();
        assert_eq!(code, 130, "{screen}");
        snap(&format!("daily_form_ctrl_c_{}", l.code), &e, code, &screen);
        // Nothing saved as an incident; the draft is inside the encrypted database only.
        assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 0);
        // (The database's persistent journal, idle between transactions, is not a new file
        // of the form's: vault_names leaves it out.)
        let after = crate::support::vault_names(&e.vault());
        assert_eq!(before, after, "a file appeared in the vault directory");
        for (path, bytes) in Env::all_bytes_under(e.root.path()) {
            assert!(
                !bytes.windows(12).any(|w| w == b"CANARY-DRAFT"),
                "draft text in plaintext in {}",
                path.display()
            );
        }
        // Resume: the answered fields are not asked again.
        let mut p = Pty::start(&e, l.code, &["add"]);
        p.answer(l.resume_q, "yes\n");
        for _ in 0..5 {
            p.answer(": ", "\n"); // tags, perpetrators, victims, witnesses, source
        }
        p.answer("]", "\n");
        p.answer("]", "\n");
        p.answer(l.narrative_end, "Забрали ноутбук.\n\x04");
        p.answer(l.save_q, "yes\n");
        let (code, screen) = p.finish();
        assert_eq!(code, 0, "{screen}");
        snap(&format!("daily_form_resume_{}", l.code), &e, code, &screen);
        let list = list_json(&e, PASS);
        assert_eq!(list[0]["title"], "Обыск у соседа CANARY-DRAFT");
        assert_eq!(list[0]["category"], "raid");
        assert_eq!(list[0]["narrative"], "Забрали ноутбук.");
        // The draft is gone once saved: the next add starts fresh.
        let mut p = Pty::start(&e, l.code, &["add", "--quick"]);
        p.answer(l.title, "\x04");
        let (code, screen) = p.finish();
        assert_eq!(code, 130, "{screen}");
        assert!(!screen.contains(l.resume_q), "{screen}");
    }
}

/// Closing the terminal in the middle of the form (the window, an SSH link) used to kill
/// `add` with everything typed (SIGHUP's default action; found by an adversarial probe).
/// What was typed — the narrative's lines too — is now kept as an encrypted draft without a
/// question (no one is there to answer), and the next `add` offers it.
#[test]
fn a_hang_up_keeps_a_draft() {
    let e = vault();
    let mut p = Pty::start(&e, "en", &["add", "--quick"]);
    p.answer("Title", "Closed the lid CANARY-HUP\n");
    p.answer("When did it happen?", "yesterday\n");
    p.answer("Ctrl-D.", "A car waited by the gate.\n");
    p.settle();
    let screen = p.hang_up();
    // The program ends on its own once it has kept the draft.
    let t0 = Instant::now();
    let drafts = loop {
        let v = crate::support::open_lib(&e.vault(), PASS);
        let d = v.db.drafts().unwrap();
        if !d.is_empty() || t0.elapsed() > Duration::from_secs(20) {
            break d;
        }
        drop(v);
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        drafts.len(),
        1,
        "no draft after the hang-up; the screen:\n{screen}"
    );
    assert!(
        drafts[0].body.contains("Closed the lid CANARY-HUP"),
        "{}",
        drafts[0].body
    );
    assert!(
        drafts[0].body.contains("A car waited by the gate."),
        "{}",
        drafts[0].body
    );
    assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 0);
    for (path, bytes) in Env::all_bytes_under(e.root.path()) {
        assert!(
            !bytes.windows(10).any(|w| w == b"CANARY-HUP"),
            "draft text in plaintext in {}",
            path.display()
        );
    }
    let mut p = Pty::start(&e, "en", &["add"]);
    p.answer("Continue this draft?", "\x04");
    let (code, screen) = p.finish();
    assert_eq!(code, 130, "{screen}");
    assert!(screen.contains("Closed the lid CANARY-HUP"), "{screen}");
}

/// `add --quick`: three prompts (title, when, what happened) and the save question.
#[test]
fn quick_capture_is_three_prompts() {
    for l in &LANGS {
        let e = vault();
        let mut p = Pty::start(&e, l.code, &["add", "--quick"]);
        p.answer(l.title, "Звонок с угрозами\n");
        p.answer(l.when, "сегодня в 9:30\n");
        p.answer(l.narrative_end, "Сказали: перестань писать.\n.\n");
        p.answer(l.save_q, "да\n");
        let (code, screen) = p.finish();
        assert_eq!(code, 0, "{screen}");
        snap(&format!("daily_form_quick_{}", l.code), &e, code, &screen);
        let list = list_json(&e, PASS);
        assert_eq!(list[0]["category"], "other");
        assert_eq!(list[0]["narrative"], "Сказали: перестань писать.");
        // Saying no is not an error, and offers a draft.
        let mut p = Pty::start(&e, l.code, &["add", "--quick"]);
        p.answer(l.title, "Второй\n");
        p.answer(l.when, "вчера\n");
        p.answer(l.narrative_end, ".\n");
        p.answer(l.save_q, "no\n");
        p.answer(l.keep_q, "no\n");
        let (code, screen) = p.finish();
        assert_eq!(code, 0, "{screen}");
        assert!(
            !screen.contains("error") && !screen.contains("ошибка"),
            "{screen}"
        );
        assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 1);
    }
}

/// `amend` on a terminal reaches every field: tags, perpetrators, reliability; appends to the
/// narrative; clears a field with `-`.
#[test]
fn amend_every_field_append_and_clear() {
    let e = vault();
    let id = e.add_json(
        r#"{"title":"Визит","occurred":"2026-11-27 15:00","category":"home_visit","location":"Ош","narrative":"Пришли двое."}"#,
    )[0]
    .clone();
    let mut p = Pty::start(&e, "ru", &["amend", &id]);
    p.answer("Какое поле изменить?", "5\n");
    p.answer(": ", "участковый, повторно\n");
    p.answer("Какое поле изменить?", "6\n");
    p.answer(": ", "участковый Асанов\n");
    p.answer("Какое поле изменить?", "3\n");
    p.answer(": ", "-\n");
    p.answer("Какое поле изменить?", "10\n");
    p.answer("]", "2\n");
    p.answer("Какое поле изменить?", "12\n");
    p.answer("Рассказ:", "+\n");
    p.answer("Ctrl-D.", "Спрашивали про соседа.\n.\n");
    p.answer("Какое поле изменить?", "да\n");
    let (code, screen) = p.finish();
    assert_eq!(code, 0, "{screen}");
    snap("daily_form_amend_ru", &e, code, &screen);
    let inc = &list_json(&e, PASS)[0];
    assert_eq!(inc["tags"], serde_json::json!(["участковый", "повторно"]));
    assert_eq!(inc["perpetrators"][0]["description"], "участковый Асанов");
    assert_eq!(inc["location"]["text"], "");
    assert_eq!(inc["reliability"], "high");
    assert_eq!(inc["narrative"], "Пришли двое.\nСпрашивали про соседа.");
    assert_eq!(inc["title"], "Визит");
}

/// A form the vault refuses at the very end (here a title over the model's limit) keeps what
/// was typed as a draft, says so, and the next `add` offers it (review finding: everything
/// typed was lost).
#[test]
fn a_refused_save_keeps_a_draft() {
    let l = &LANGS[0];
    let e = vault();
    let long = "Т".repeat(1001);
    let mut p = Pty::start(&e, l.code, &["add", "--quick"]);
    p.answer(l.title, &format!("{long}\n"));
    p.answer(l.when, "вчера\n");
    p.answer(l.narrative_end, "DRAFT-AFTER-REFUSAL.\n.\n");
    p.answer(l.save_q, "да\n");
    let (code, screen) = p.finish();
    assert_ne!(code, 0, "{screen}");
    assert!(screen.contains("черновик"), "{screen}");
    assert_eq!(list_json(&e, PASS).as_array().unwrap().len(), 0);
    let mut p = Pty::start(&e, l.code, &["add"]);
    p.answer(l.resume_q, "нет\n");
    p.answer(l.title, "\x03");
    let (_, screen) = p.finish();
    assert!(screen.contains(l.resume_q), "{screen}");
}

/// `init --generate` in ru and ky: the phrase comes from the language's word list, its
/// entropy is stated, a mistyped confirmation re-asks with the phrase still on the screen,
/// and the phrase then opens the vault.
#[test]
fn init_generate_in_the_users_language_reasks_a_slip() {
    use crate::support::vault::kdf_args;
    for (lang, words, stated, type_q, again) in [
        (
            "ru",
            8,
            "8 слов, выбранных наугад из списка в 4096 слов: 96,0 бита",
            "Наберите парольную фразу",
            "наберите её ещё раз",
        ),
        (
            "ky",
            9,
            "2048 сөздөн турган тизмеден кокусунан тандалган 9 сөз: 99,0 бит",
            "жогорудагы сырсөздү териңиз",
            "аны кайра териңиз",
        ),
    ] {
        let e = Env::new();
        let mut args = vec!["init", "--generate"];
        args.extend(kdf_args());
        let mut p = Pty::start_with(&e, lang, &args, false);
        p.expect(type_q);
        p.settle();
        let screen = p.text();
        let phrase = screen
            .lines()
            .find_map(|l| l.strip_prefix("    "))
            .expect("the phrase is shown indented")
            .trim()
            .to_owned();
        let list: Vec<&str> = phrase.split(' ').collect();
        assert_eq!(list.len(), words, "{screen}");
        assert!(
            list.iter()
                .all(|w| w.chars().all(|c| ('а'..='я').contains(&c))),
            "not Cyrillic words: {phrase}"
        );
        assert!(screen.contains(stated), "{screen}");
        p.send("not it\n");
        p.expect(again);
        p.answer(type_q, &format!("{phrase}\n"));
        let (code, screen) = p.finish();
        assert_eq!(code, 0, "{screen}");
        assert_eq!(list_json(&e, &phrase), serde_json::json!([]));
    }
}
