//! Issue 13, item 7 and the Cyrillic names of item 9: every attachment chooses its own way
//! out of an export (working copy, original, or left out, and the bundle says so); plain
//! text, Ogg, PDF, MP4 and MP3 have metadata-free working copies; names in Russian and
//! Kyrgyz survive in the manifest and the report while archive paths stay ASCII.

use std::process::Command;

use crate::support::media::{self, tiny_mp3, tiny_mp4, tiny_ogg, tiny_pdf, CANARY, PAYLOAD};
use crate::support::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn attach(p: &Parties, id: &str, name: &str, bytes: &[u8]) {
    let f = p.sender.home().join(name);
    std::fs::write(&f, bytes).unwrap();
    let o = p
        .sender
        .run(&["attach", id, f.to_str().unwrap()], &[PASS], b"");
    assert_ok(&o);
    std::fs::remove_file(&f).unwrap();
}

fn find<'a>(es: &'a [(String, Vec<u8>)], prefix: &str) -> &'a [u8] {
    &es.iter()
        .find(|(p, _)| p.starts_with(prefix))
        .unwrap_or_else(|| {
            panic!(
                "no {prefix} in {:?}",
                es.iter().map(|e| &e.0).collect::<Vec<_>>()
            )
        })
        .1
}

fn manifest(es: &[(String, Vec<u8>)]) -> serde_json::Value {
    serde_json::from_slice(find(es, "manifest.json")).unwrap()
}

fn no_canary(what: &str, b: &[u8]) {
    assert!(
        !contains(b, CANARY.as_bytes()),
        "{what}: a planted metadata value went out"
    );
}

/// The README's `call.ogg` and a 5-byte note used to block every export; now both go out as
/// their working copies (the note unchanged, the recording without its tags).
#[test]
fn five_byte_txt_and_call_ogg_no_longer_block_export() {
    let p = Parties::new();
    let a = p.ids[0].clone();
    let ogg = tiny_ogg(true, true);
    attach(&p, &a, "note.txt", b"12345");
    attach(&p, &a, "call.ogg", &ogg);
    let o = p.sender.run(&["attachments", &a, "--json"], &[PASS], b"");
    assert_ok(&o);
    let rows = json(&o);
    assert_eq!(rows[0]["reveals"]["working"], "identical", "{rows}");
    assert_eq!(rows[1]["reveals"]["working"], "stripped", "{rows}");
    assert_eq!(rows[1]["reveals"]["software"], "CanaryRec 3");
    assert!(rows[1]["reveals"]["thumbnail"].as_bool().unwrap());
    // What the tags reveal is listed for the user.
    let o = p.sender.run(&["attachments", &a], &[PASS], b"");
    assert_ok(&o);
    let out = stdout(&o);
    assert!(out.contains("TITLE: Canary Title Үйдө"), "{out}");

    let b = p.export("plain.age", &[&a]);
    let es = entries(&p.decrypt(&b));
    assert_eq!(find(&es, &format!("attachments/{a}-1-note.txt")), b"12345");
    let w = find(&es, &format!("attachments/{a}-2-call.ogg"));
    no_canary("call.ogg", w);
    assert_eq!(media::ogg_audio(w, 2), media::ogg_audio(&ogg, 2));
    assert_eq!(media::ogg_audio(w, 2), PAYLOAD.repeat(3));
    let m = manifest(&es);
    assert_eq!(m["version"], 2);
    assert_eq!(m["attachments"][0]["copy"], "working");
    assert_eq!(m["attachments"][1]["copy"], "working");
    assert!(m.get("left_out").is_none());
    assert_ok(&p.verify(&b, &[]));
}

/// Mixed choices in one export: working copies, an original, and two left out (one of them
/// a HEIC that has no working copy); the manifest, VERIFY.txt, report.html and `bundle
/// verify` all say what was left out, and the hash chain still checks.
#[test]
fn mixed_choices_are_recorded_and_nothing_is_dropped_silently() {
    let p = Parties::new();
    let (a, b) = (p.ids[0].clone(), p.ids[1].clone());
    let (pdf, mp4, mp3) = (tiny_pdf(true), tiny_mp4(b"qt  "), tiny_mp3());
    attach(&p, &a, "протокол.pdf", &pdf);
    attach(&p, &a, "video.mov", &mp4);
    attach(&p, &a, "voice.m4a", &tiny_mp4(b"M4A "));
    attach(&p, &b, "звонок.mp3", &mp3);
    attach(&p, &b, "IMG_1.heic", &gps_heic());

    // Without a choice, the HEIC (no working copy) refuses the export, naming both ways.
    let out = p.sender.home().join("refused.age");
    let o = p.sender.run(
        &[
            "export",
            "--all",
            "--to",
            &p.recipient,
            "-o",
            out.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    );
    assert_code(&o, 1);
    let err = stderr(&o);
    assert!(err.contains(&format!("--attachment {b}/2=omit")), "{err}");
    assert!(!out.exists());

    // A typo in a choice never sends an original: usage error, nothing written.
    for bad in [
        format!("{a}/9=omit"),
        format!("{a}/1=maybe"),
        "ZZZZZZ=omit".into(),
    ] {
        let o = p.sender.run(
            &[
                "export",
                "--all",
                "--to",
                &p.recipient,
                "-o",
                out.to_str().unwrap(),
                "--attachment",
                &bad,
            ],
            &[PASS],
            b"",
        );
        assert_code(&o, 2);
        assert!(!out.exists());
    }

    let bundle = p.export(
        "mixed.age",
        &[
            "--all",
            "--attachment",
            &format!("{a}/1=original"),
            "--attachment",
            &format!("{a}/3=omit"),
            "--attachment",
            &format!("{b}/2=omit"),
        ],
    );
    let es = entries(&p.decrypt(&bundle));
    let m = manifest(&es);
    let sent = m["attachments"].as_array().unwrap();
    let mut how: Vec<(String, u64, String)> = sent
        .iter()
        .map(|x| {
            (
                x["incident"].as_str().unwrap().to_owned(),
                x["n"].as_u64().unwrap(),
                x["copy"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    how.sort();
    let mut want = vec![
        (a.clone(), 1, "original".into()),
        (a.clone(), 2, "working".into()),
        (b.clone(), 1, "working".into()),
    ];
    want.sort();
    assert_eq!(how, want);
    // The original is the evidence, byte for byte; the working copies hold no planted value
    // and the same media data.
    assert_eq!(
        find(&es, &format!("attachments/{a}-1-protokol.pdf")),
        &pdf[..]
    );
    let mov = find(&es, &format!("attachments/{a}-2-video.mov"));
    no_canary("video.mov", mov);
    assert_eq!(mov.len(), mp4.len());
    assert_eq!(media::mp4_mdat(mov), vec![PAYLOAD.to_vec()]);
    let voice = find(&es, &format!("attachments/{b}-1-zvonok.mp3"));
    no_canary("звонок.mp3", voice);
    assert_eq!(voice, &media::mp3_audio()[..]);
    // Left out: listed with name, size and the original's hash.
    let left = m["left_out"].as_array().unwrap();
    assert_eq!(left.len(), 2);
    let voice_left = left.iter().find(|x| x["name"] == "voice.m4a").unwrap();
    assert_eq!(voice_left["incident"], a.as_str());
    assert_eq!(voice_left["n"], 3);
    let heic_left = left.iter().find(|x| x["name"] == "IMG_1.heic").unwrap();
    assert_eq!(heic_left["incident"], b.as_str());
    assert_eq!(heic_left["original_sha256"], sha256_hex(&gps_heic()));
    assert!(!es
        .iter()
        .any(|(p, _)| p.contains("voice") || p.contains("heic")));
    let verify_txt = String::from_utf8_lossy(find(&es, "VERIFY.txt")).into_owned();
    assert!(
        verify_txt.contains("The sender left out 2 attachments of these incidents"),
        "{verify_txt}"
    );
    let report = String::from_utf8_lossy(find(&es, "report.html")).into_owned();
    assert_eq!(
        report
            .matches("One attachment left out by the sender")
            .count(),
        2,
        "{report}"
    );
    assert!(report.contains("протокол.pdf") && report.contains("IMG_1.heic"));
    // bundle verify: ok, and it says so.
    let o = p.verify(&bundle, &[]);
    assert_ok(&o);
    let v = stdout(&o);
    assert!(v.contains("2 attachments left out by the sender:"), "{v}");
    assert!(v.contains(&format!("{b}/2  IMG_1.heic")), "{v}");
    let o = p.verify(&bundle, &["--json"]);
    assert_ok(&o);
    assert_eq!(json(&o)["left_out"].as_array().unwrap().len(), 2);
    // Ask in Russian: the lawyer reads it in their language too.
    let o = p.lawyer.run(
        &[
            "--lang",
            "ru",
            "bundle",
            "verify",
            bundle.to_str().unwrap(),
            "--identity",
            p.key.to_str().unwrap(),
            "--signer",
            &p.signer,
        ],
        &[],
        b"",
    );
    assert_ok(&o);
    assert!(
        stdout(&o).contains("Отправитель не приложил 2 вложения:"),
        "{}",
        stdout(&o)
    );
    // bundle open renders its own report with the same statement.
    let dir = p.lawyer.home().join("opened");
    let o = p.lawyer.run(
        &[
            "bundle",
            "open",
            bundle.to_str().unwrap(),
            "--identity",
            p.key.to_str().unwrap(),
            "--signer",
            &p.signer,
            "-o",
            dir.to_str().unwrap(),
        ],
        &[],
        b"",
    );
    assert_ok(&o);
    let own = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(
        own.matches("One attachment left out by the sender").count(),
        2
    );

    // A forger who drops the left-out lists from both manifest.json and incidents.json (and
    // re-signs) is caught by the hash chain: the incidents record attachments that are
    // neither in the bundle nor listed as left out.
    let mut forged = es.clone();
    for (path, data) in forged.iter_mut() {
        if path != "manifest.json" && path != "incidents.json" {
            continue;
        }
        let t = String::from_utf8(data.clone()).unwrap();
        if path == "manifest.json" {
            let start = t.find("\"left_out\": [").unwrap();
            let end = start + t[start..].find("],\n").unwrap() + 3;
            *data = format!("{}{}", &t[..start], &t[end..]).into_bytes();
        } else if path == "incidents.json" {
            let mut t = t;
            while let Some(start) = t.find(",\"left_out\":[") {
                let end = start + t[start..].find(']').unwrap() + 1;
                t = format!("{}{}", &t[..start], &t[end..]);
            }
            *data = t.into_bytes();
        }
    }
    let (plain, forger) = forge(forged, [9u8; 32]);
    let o = p.verify(&p.crafted("forged.age", &plain), &["--signer", &forger]);
    assert_code(&o, 6);
    assert!(
        stderr(&o).contains("neither in the bundle nor listed as left out"),
        "{}",
        stderr(&o)
    );
}

/// Every default at once: `--attachments omit` leaves everything out, and says so.
#[test]
fn default_choice_applies_to_the_rest() {
    let p = Parties::new();
    let a = p.ids[0].clone();
    attach(&p, &a, "IMG_1.heic", &gps_heic());
    attach(&p, &a, "a.txt", b"hello");
    let bundle = p.export(
        "rest.age",
        &[
            &a,
            "--attachments",
            "omit",
            "--attachment",
            &format!("{a}/2=working"),
        ],
    );
    let es = entries(&p.decrypt(&bundle));
    let m = manifest(&es);
    assert_eq!(m["attachments"].as_array().unwrap().len(), 1);
    assert_eq!(m["left_out"][0]["n"], 1);
    assert_eq!(find(&es, &format!("attachments/{a}-2-a.txt")), b"hello");
    assert_ok(&p.verify(&bundle, &[]));
    // --originals is the same as --attachments original.
    let bundle = p.export("orig.age", &[&a, "--originals"]);
    let es = entries(&p.decrypt(&bundle));
    assert_eq!(
        find(&es, &format!("attachments/{a}-1-IMG_1.heic")),
        &gps_heic()[..]
    );
}

/// Russian and Kyrgyz names: kept (NFC) in the manifest, incidents.json, report and `bundle
/// verify`; the archive path is their readable ASCII form and passes the safe-path rules.
#[test]
fn cyrillic_attachment_names_survive_export() {
    let p = Parties::new();
    let a = p.ids[0].clone();
    let jpeg = gps_jpeg();
    attach(&p, &a, "фото_обыска.jpg", &jpeg);
    attach(&p, &a, "үйдөгү_тинтүү.jpg", &jpeg);
    // A decomposed й (и + combining breve) is stored composed.
    attach(&p, &a, "Краи\u{0306}.txt", b"NFC");
    let bundle = p.export("names.age", &[&a]);
    let es = entries(&p.decrypt(&bundle));
    let m = manifest(&es);
    let names: Vec<&str> = m["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["фото_обыска.jpg", "үйдөгү_тинтүү.jpg", "Край.txt"]);
    let paths: Vec<&str> = m["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            format!("attachments/{a}-1-foto_obyska.jpg"),
            format!("attachments/{a}-2-uydogu_tintuu.jpg"),
            format!("attachments/{a}-3-Kray.txt"),
        ]
    );
    for path in &paths {
        assert!(sandyk::bundle::safe_path(path), "{path}");
    }
    let report = String::from_utf8_lossy(find(&es, "report.html")).into_owned();
    assert!(report.contains("фото_обыска.jpg") && report.contains("үйдөгү_тинтүү.jpg"));
    let o = p.verify(&bundle, &[]);
    assert_ok(&o);
    let v = stdout(&o);
    assert!(v.contains("name: фото_обыска.jpg"), "{v}");
    assert!(v.contains("name: үйдөгү_тинтүү.jpg"), "{v}");
    // tar extracts it with the ASCII path (the lawyer's tools see no surprises).
    require_tool("tar");
    let dir = p.lawyer.home().join("x");
    std::fs::create_dir_all(&dir).unwrap();
    let tar = p.lawyer.home().join("b.tar");
    std::fs::write(&tar, p.decrypt(&bundle)).unwrap();
    let o = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(dir.join(paths[0]).exists());
}

/// On a terminal, each attachment without a choice is shown with what its metadata reveals
/// and asked about; a file without a working copy must be answered (Enter is not taken).
#[test]
fn terminal_form_asks_for_each_attachment() {
    let p = Parties::new();
    let a = p.ids[0].clone();
    attach(&p, &a, "doc.pdf", &tiny_pdf(false));
    attach(&p, &a, "IMG_1.heic", &gps_heic());
    let out = p.sender.home().join("form.age");
    let mut cmd = p.sender.cmd(
        &[
            "export",
            &a,
            "--to",
            &p.recipient,
            "-o",
            out.to_str().unwrap(),
        ],
        &[PASS],
    );
    let pty = Pty::new();
    pty.attach(&mut cmd);
    cmd.stdin(std::process::Stdio::from(pty.slave()))
        .stderr(std::process::Stdio::from(pty.slave()))
        .stdout(std::process::Stdio::piped());
    // doc.pdf: Enter (working copy). IMG_1.heic: Enter (refused, re-asked), x (unclear),
    // then 3 (leave out).
    pty.type_keys(b"\n\nx\n3\n");
    let o = cmd.spawn().unwrap().wait_with_output().unwrap();
    let screen = pty.output();
    assert_ok(&o);
    assert!(
        screen.contains("2 attachments go with this export"),
        "{screen}"
    );
    assert!(
        screen.contains("Canary Author"),
        "what the PDF reveals is shown: {screen}"
    );
    assert!(
        screen.contains("No metadata-free copy of this file can be made"),
        "{screen}"
    );
    assert!(screen.contains("This file has no working copy"), "{screen}");
    assert!(screen.contains("Type 1, 2 or 3."), "{screen}");
    assert!(screen.contains("One attachment was left out"), "{screen}");
    let es = entries(&p.decrypt(&out));
    let m = manifest(&es);
    assert_eq!(m["attachments"][0]["copy"], "working");
    assert_eq!(m["left_out"][0]["name"], "IMG_1.heic");
    no_canary("doc.pdf", find(&es, &format!("attachments/{a}-1-doc.pdf")));
}

/// The form as a Russian- or Kyrgyz-speaking defender sees it (snapshots
/// `export_form_ru`, `export_form_ky`): each attachment with what it reveals, the question,
/// a refused Enter for a file without a working copy, and the closing statement.
#[test]
fn terminal_form_snapshots_in_russian_and_kyrgyz() {
    for lang in ["ru", "ky"] {
        let p = Parties::new();
        let a = p.ids[0].clone();
        attach(&p, &a, "протокол.pdf", &tiny_pdf(false));
        attach(&p, &a, "IMG_1.heic", &gps_heic());
        let out = p.sender.home().join("form.age");
        let mut cmd = p.sender.cmd(
            &[
                "--lang",
                lang,
                "export",
                &a,
                "--to",
                &p.recipient,
                "-o",
                out.to_str().unwrap(),
            ],
            &[PASS],
        );
        let pty = Pty::new();
        pty.attach(&mut cmd);
        cmd.stdin(std::process::Stdio::from(pty.slave()))
            .stderr(std::process::Stdio::from(pty.slave()))
            .stdout(std::process::Stdio::piped());
        pty.type_keys(b"\n\n3\n");
        let o = cmd.spawn().unwrap().wait_with_output().unwrap();
        assert_ok(&o);
        let screen = pty
            .output()
            .replace(&a, "[ID]")
            .replace(&p.sender.home().display().to_string(), "[HOME]");
        let mut settings = insta::Settings::clone_current();
        for (re, to) in FILTERS {
            settings.add_filter(re, *to);
        }
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!(format!("export_form_{lang}"), screen));
    }
}
