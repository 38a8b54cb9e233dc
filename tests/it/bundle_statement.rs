//! The defender's statement in a bundle (issue 14): `export --statement --by NAME` reads it
//! from standard input, signs it with the manifest (format version 3; a bundle without one
//! stays version 2), shows it at the top of report.html and prints it, sanitized, in
//! `bundle verify` and `import`. Changing it breaks the signature; hostile text in it is
//! inert in the report and on the terminal. Also: the lawyer's report has the chronology
//! and, per photo, what its original revealed, saying which copy was sent.

use crate::support::*;

const STATEMENT: &str =
    "Мен бул жазууларды окуялар болгон учурда жаздым. Я вела их в момент событий.\n\
<script>alert(1)</script><img src=x onerror=alert(2)> \u{202E}gnp.exe \x1b[31mred\n";

fn export_with_statement(p: &Parties, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["--statement", "--by", "Айгүл Т."];
    args.extend_from_slice(extra);
    let (out, o) = p.export_stdin(&["--lang", "ky"], name, &args, STATEMENT.as_bytes());
    assert_ok(&o);
    out
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(p, _)| p == name).unwrap().1
}

#[test]
fn statement_is_signed_shown_printed_sanitized_and_tamper_evident() {
    let p = Parties::new();
    let photo = p.sender.home().join("сүрөт.jpg");
    std::fs::write(&photo, gps_jpeg()).unwrap();
    assert_ok(&p.sender.run(
        &["attach", &p.ids[0], photo.to_str().unwrap()],
        &[PASS],
        b"",
    ));
    let b = export_with_statement(&p, "with-statement.age", &["--all"]);
    let files = entries(&p.decrypt(&b));
    let manifest = String::from_utf8(file(&files, "manifest.json").to_vec()).unwrap();
    assert!(manifest.contains("\"version\": 3,"), "{manifest}");
    let line = manifest
        .lines()
        .find(|l| l.starts_with("\"statement\": {"))
        .expect("the statement is in the signed manifest");
    assert!(line.contains("Айгүл Т.") && line.contains("Мен бул жазууларды"));

    // VERIFY.txt says where the statement is and that the signature covers it.
    let verify = String::from_utf8(file(&files, "VERIFY.txt").to_vec()).unwrap();
    assert!(
        verify.contains("The sender added a statement")
            && verify.contains("jq -r .statement.text manifest.json"),
        "{verify}"
    );

    // report.html: the statement under the header, before the chronology; escaped.
    let html = String::from_utf8(file(&files, "report.html").to_vec()).unwrap();
    let st = html.find("<section class=\"statement\">").unwrap();
    let chron = html.find("<section class=\"chronology\">").unwrap();
    let first = html.find("<section class=\"incident\"").unwrap();
    assert!(st < chron && chron < first, "{st} {chron} {first}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script") && !html.contains("<img src=x"));
    assert!(html.contains("[U+202E]") && !html.contains('\u{202E}') && !html.contains('\x1b'));
    // The chronology: both incidents, in time order, with their attachment counts.
    let c = &html[chron..html[chron..].find("</section>").unwrap() + chron];
    let a = c.find("Звонок с угрозами").unwrap();
    let z = c.find("Ак машина у офиса").unwrap();
    assert!(a < z, "time order");
    assert!(
        c.contains("<td>1</td></tr>") && c.contains("<td>0</td></tr>"),
        "{c}"
    );
    // The photo: what the original revealed, though the working copy was sent; the GPS
    // position itself is not shown (the defender removed it from what was sent).
    assert!(html.contains("иштөө көчүрмөсү"), "which copy was sent");
    assert!(html.contains("2026-11-27 15:02:11"), "taken, per EXIF");
    assert!(html.contains("түп нускада GPS координаттары бар"));
    assert!(!html.contains("42.87"), "no position from a stripped photo");

    // verify prints it, sanitized, with who and when.
    let o = p.verify(&b, &[]);
    assert_ok(&o);
    let out = stdout(&o);
    assert!(out.contains("Statement by Айгүл Т."), "{out}");
    assert!(out.contains("    Мен бул жазууларды"), "{out}");
    assert!(
        out.contains("[U+202E]") && out.contains("[U+001B]"),
        "{out}"
    );
    assert!(!out.contains('\u{202E}') && !out.contains('\x1b'));
    let o = p.verify(&b, &["--json"]);
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["statement"]["by"], "Айгүл Т.");

    // import prints it too.
    p.lawyer.init();
    let o = p.import(&b, &[]);
    assert_ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("Statement by Айгүл Т.") && err.contains("[U+001B]"),
        "{err}"
    );
    assert!(!err.contains('\x1b'));

    // One letter of the statement changed: the signature no longer holds.
    let tampered: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(n, d)| {
            let d = if n == "manifest.json" {
                String::from_utf8(d.clone())
                    .unwrap()
                    .replacen("Мен бул", "Мен ал", 1)
                    .into_bytes()
            } else {
                d.clone()
            };
            (n.clone(), d)
        })
        .collect();
    assert_ne!(
        file(&tampered, "manifest.json"),
        file(&files, "manifest.json")
    );
    let t = p.crafted("tampered.age", &archive(&tampered));
    let o = p.verify(&t, &[]);
    assert!(!o.status.success(), "a changed statement must not verify");
    assert!(!stdout(&o).contains("Мен ал"));

    // Without --statement: version 2, as before (older sandyk versions read it).
    let b2 = p.export("plain.age", &["--all", "--attachments", "original"]);
    let files = entries(&p.decrypt(&b2));
    let manifest = String::from_utf8(file(&files, "manifest.json").to_vec()).unwrap();
    assert!(manifest.contains("\"version\": 2,") && !manifest.contains("\"statement\""));
    assert_ok(&p.verify(&b2, &[]));
    // The original sent: its GPS position is shown, and how far from the incident.
    let html = String::from_utf8(file(&files, "report.html").to_vec()).unwrap();
    assert!(html.contains("GPS position in the file: 42.8"), "{html}");
}

#[test]
fn hostile_statement_from_a_forged_sender_is_inert() {
    let p = Parties::new();
    let b = p.export("b.age", &["--all"]);
    let mut files = entries(&p.decrypt(&b));
    let k = files
        .iter()
        .position(|(n, _)| n == "manifest.json")
        .unwrap();
    let mut m = sandyk::bundle::manifest::Manifest::parse(&files[k].1).unwrap();
    m.version = 3;
    m.statement = Some(sandyk::bundle::manifest::StatementEntry {
        by: "\x1b]0;owned\x07\u{2066}evil".into(),
        at: m.created.clone(),
        text: "line\n\x1b[2J\x1b[31mcleared\u{202E}\r\x08".into(),
    });
    files[k].1 = m.render().into_bytes();
    let (plain, signer) = forge(files, [7; 32]);
    let t = p.crafted("forged.age", &plain);
    let o = p.verify(&t, &["--signer", &signer]);
    assert_ok(&o);
    let out = stdout(&o);
    for bad in ['\x1b', '\x07', '\u{2066}', '\u{202E}', '\r', '\x08'] {
        assert!(!out.contains(bad), "{bad:?} printed raw: {out:?}");
    }
    assert!(out.contains("[U+001B]") && out.contains("cleared"), "{out}");
    // A statement in a version-2 manifest is refused.
    let mut files = entries(&p.decrypt(&b));
    let k = files
        .iter()
        .position(|(n, _)| n == "manifest.json")
        .unwrap();
    let mut m = sandyk::bundle::manifest::Manifest::parse(&files[k].1).unwrap();
    m.statement = Some(sandyk::bundle::manifest::StatementEntry {
        by: String::new(),
        at: m.created.clone(),
        text: "x".into(),
    });
    files[k].1 = m.render().into_bytes();
    // forge() re-parses the manifest: build the archive by hand with the old signature.
    let t = p.crafted("v2-statement.age", &archive(&files));
    let o = p.verify(&t, &[]);
    assert!(!o.status.success());
}

#[test]
fn statement_by_too_long_or_empty_statement_is_refused_before_anything_is_written() {
    let p = Parties::new();
    let long = "я".repeat(200);
    for (args, stdin) in [
        (vec!["--all", "--statement", "--by", &long], &b"text"[..]),
        (vec!["--all", "--statement"], &b"  \n"[..]),
    ] {
        let (out, o) = p.export_stdin(&[], "x.age", &args, stdin);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("statement") || stderr(&o).contains("--by"));
        assert!(!out.exists());
    }
}
