//! `sandyk report -o FILE.html` (issue 14): the defender's own report. No browser is
//! installed here (and none is installed for the test), so the HTML is checked
//! structurally: it parses as balanced tags, the chronology is in time order, hostile text
//! is escaped, there is no script, no event handler, no external URL; the photo metadata
//! is set against the incident; the statement is included; the file is written atomically
//! and the command says it is plaintext and where it is.

use crate::support::*;

/// One tag of the document: name (lower case), whether it closes, its attribute text.
#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    attrs: String,
}

const VOID: &[&str] = &["meta", "br", "img", "hr", "link", "input"];

/// A small, strict tokenizer for the HTML sandyk writes: every `<` starts a tag or the
/// doctype, attribute values are double-quoted, no `<` or `>` inside them, and every
/// non-void element is closed in order. Text between tags never holds `<` or `>` (they are
/// escaped). Panics with the offending place otherwise.
fn parse(html: &str) -> Vec<Tag> {
    let mut tags = vec![];
    let mut stack: Vec<String> = vec![];
    let mut rest = html;
    let mut at = 0usize;
    while let Some(i) = rest.find(['<', '>']) {
        assert_eq!(&rest[i..i + 1], "<", "stray '>' at byte {}", at + i);
        let end = rest[i..].find('>').expect("unclosed tag") + i;
        let inner = &rest[i + 1..end];
        assert!(!inner.contains('<'), "'<' inside a tag at byte {}", at + i);
        if let Some(d) = inner.strip_prefix('!') {
            assert_eq!(d, "DOCTYPE html", "only the doctype");
        } else {
            let closing = inner.starts_with('/');
            let body = inner.trim_start_matches('/');
            let name_end = body.find([' ', '\n']).unwrap_or(body.len());
            let name = body[..name_end].to_ascii_lowercase();
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
                "bad tag name {name:?} at byte {}",
                at + i
            );
            let attrs = body[name_end..].to_owned();
            assert_eq!(
                attrs.matches('"').count() % 2,
                0,
                "unbalanced quotes in <{inner}>"
            );
            if closing {
                assert_eq!(
                    stack.pop().as_deref(),
                    Some(name.as_str()),
                    "misnested </{name}>"
                );
            } else if !VOID.contains(&name.as_str()) {
                stack.push(name.clone());
            }
            tags.push(Tag {
                name,
                closing,
                attrs,
            });
        }
        at += end + 1;
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    tags
}

/// The text of the `n`-th `<td>` cells of each row of the table after `marker`.
fn column(html: &str, marker: &str, n: usize) -> Vec<String> {
    let t = &html[html.find(marker).expect(marker)..];
    let t = &t[..t.find("</table>").unwrap()];
    t.split("<tr>")
        .skip(2) // before the first row, and the header row
        .map(|row| {
            let cell = row.split("<td>").nth(n + 1).unwrap();
            cell[..cell.find("</td>").unwrap()].to_owned()
        })
        .collect()
}

const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)> \
    <a href=\"https://evil.example/x\">x</a> \u{202E}gnp.exe";

fn seed(e: &Env) -> Vec<String> {
    let json = format!(
        r#"[
 {{"title":"Көчөдө аңдуу","occurred":"2026-11-27 15:00","category":"followed",
   "location":{{"text":"Бишкек, Ала-Тоо аянты","lat":42.8765,"lon":74.6037}},
   "narrative":"Ак Приора 01KG123ABC. Ңоо, өзгөн, үйү.",
   "perpetrators":[{{"description":"Двое в штатском","vehicles":["серая Приора"]}}]}},
 {{"title":{hostile},"occurred":"2026-11-20","category":"threat_online",
   "narrative":{hostile},"witnesses":[{hostile}]}},
 {{"title":"Обыск","occurred":"2026-10-02 07:00","category":"raid","location":"Ош"}},
 {{"title":"Без даты","occurred":"unknown","category":"other"}}
]"#,
        hostile = serde_json::to_string(HOSTILE).unwrap()
    );
    e.add_json(&json)
}

#[test]
fn report_is_self_contained_ordered_escaped_and_says_it_is_plaintext() {
    let e = Env::new();
    e.init();
    let ids = seed(&e);
    // Photos: one taken the day of the first incident, 2.8 km from its place; the same
    // photo attached to the second incident (taken 7 days after it, no coordinates).
    let photo = e.home().join("photo.jpg");
    std::fs::create_dir_all(e.home()).unwrap();
    std::fs::write(&photo, gps_jpeg()).unwrap();
    for id in &ids[..2] {
        assert_ok(&e.run(&["attach", id, photo.to_str().unwrap()], &[PASS], b""));
    }
    let out = e.home().join("report.html");
    let o = e.run(
        &[
            "--lang",
            "ru",
            "report",
            "--statement",
            "--by",
            "Айгүл Т.",
            "-o",
            out.to_str().unwrap(),
        ],
        &[PASS],
        "Я вела эти записи в момент событий.\n<b>не жирный</b>\n".as_bytes(),
    );
    assert_ok(&o);
    let err = stderr(&o);
    assert!(err.contains("НЕ зашифрован"), "{err}");
    let abs = std::path::absolute(&out).unwrap();
    assert!(
        err.contains(&abs.display().to_string()),
        "says where: {err}"
    );
    let html = std::fs::read_to_string(&out).unwrap();
    let tags = parse(&html);

    // Nothing runs, nothing loads.
    assert!(!tags.iter().any(|t| t.name == "script"
        || t.name == "iframe"
        || t.name == "object"
        || t.name == "embed"
        || t.name == "link"));
    for t in &tags {
        let a = t.attrs.to_ascii_lowercase();
        assert!(
            !a.contains(" on"),
            "event handler in <{} {}>",
            t.name,
            t.attrs
        );
        assert!(
            !a.contains("http:") && !a.contains("https:") && !a.contains("//"),
            "external URL in <{} {}>",
            t.name,
            t.attrs
        );
        if t.name == "a" && !t.closing {
            assert!(
                a.trim().starts_with("href=\"#"),
                "only links within the page: {a}"
            );
        }
        assert!(t.name != "img", "no images in the defender's report");
    }
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'none'"));
    // Hostile text is shown, escaped, with the direction override made visible.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("[U+202E]"), "bidi override made visible");
    assert!(!html.contains('\u{202E}'));

    // The chronology: in time order, unknown date last, with the attachment counts.
    let chron = column(&html, "<table class=\"chronology\">", 0);
    assert_eq!(chron.len(), 4, "{chron:?}");
    let order: Vec<String> = column(&html, "<table class=\"chronology\">", 3);
    assert_eq!(order[0], "Обыск");
    assert_eq!(order[2], "Көчөдө аңдуу");
    assert_eq!(order[3], "Без даты");
    assert_eq!(
        column(&html, "<table class=\"chronology\">", 5),
        ["0", "1", "1", "0"]
    );
    // The incidents follow in the same order, one section each (one per printed page).
    let pos: Vec<usize> = [&ids[2], &ids[1], &ids[0], &ids[3]]
        .iter()
        .map(|id| {
            html.find(&format!("<section class=\"incident\" id=\"i-{id}\">"))
                .unwrap()
        })
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{pos:?}");
    assert!(html.contains("@media print{section.incident{break-before:page}"));

    // Labels in Russian with the English next to them; Kyrgyz letters intact.
    assert!(html.contains("Хронология / Chronology"), "labels");
    assert!(html.contains("Ңоо, өзгөн, үйү"));
    // The entities, and the chart.
    assert!(html.contains("<section class=\"entities\">"));
    assert!(html.contains("01KG123ABC"));
    assert!(html.contains("class=\"bar\" style=\"width:"));

    // Photo metadata against the account.
    let first = &html[pos[2]..pos[3]];
    assert!(first.contains("2026-11-27 15:02:11"), "taken");
    assert!(first.contains("в тот же день"), "same day: {first}");
    assert!(first.contains("42.879119, 74.569800"), "GPS");
    assert!(
        first.contains("2.8 км от места инцидента"),
        "distance: {first}"
    );
    assert!(first.contains("Canon EOS Test"), "device");
    assert!(
        !html.contains(SERIAL),
        "no camera serial number in a plaintext file"
    );
    let second = &html[pos[1]..pos[2]];
    assert!(second.contains("через 7 дн. после инцидента"), "{second}");
    assert!(second.contains("нет координат"), "{second}");

    // The statement, escaped.
    assert!(html.contains("Я вела эти записи в момент событий."));
    assert!(html.contains("&lt;b&gt;не жирный&lt;/b&gt;"));
    assert!(html.contains("Айгүл Т."));
    assert_check_ok(&e, PASS);
}

#[test]
fn report_refuses_a_terminal_and_an_existing_file_and_selects() {
    let e = Env::new();
    e.init();
    let ids = seed(&e);
    let out = e.home().join("r.html");
    std::fs::create_dir_all(e.home()).unwrap();
    std::fs::write(&out, "mine").unwrap();
    let before = snapshot(&e.vault());
    let o = e.run(&["report", "-o", out.to_str().unwrap()], &[PASS], b"");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("hint:"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "mine",
        "never overwritten"
    );
    // A terminal: refused before the passphrase.
    let (o, _) = run_with_tty(e.cmd(&["report", "-o", "-"], &[PASS]), true);
    assert_eq!(o.status.code(), Some(2));
    // An empty statement, an unknown id: usage / not found, nothing written.
    let o2 = e.home().join("r2.html");
    let o = e.run(
        &["report", "--statement", "-o", o2.to_str().unwrap()],
        &[PASS],
        b"  \n",
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = e.run(
        &["report", "ZZZZZZ", "-o", o2.to_str().unwrap()],
        &[PASS],
        b"",
    );
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(!o2.exists());
    let after = snapshot(&e.vault());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );

    // --force replaces; a selection by id and by filter; stdout when not a terminal.
    let o = e.run(
        &["report", &ids[2], "--force", "-o", out.to_str().unwrap()],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    let html = std::fs::read_to_string(&out).unwrap();
    parse(&html);
    assert!(html.contains("Обыск") && !html.contains("Көчөдө"));
    let o = e.run(
        &["report", "--category", "followed", "-o", "-"],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    let html = stdout(&o);
    parse(&html);
    assert!(html.contains("Көчөдө аңдуу") && !html.contains("Обыск"));
    let o = e.run(
        &["report", "--vehicle", "01 123 авс", "-o", "-"],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    assert!(stdout(&o).contains("Көчөдө аңдуу"));
}
