//! Attachments round trip through the real binary: sizes around every buffer and chunk
//! boundary and a 20 MiB file, byte-identical on extract, with the SHA-256 recorded in
//! `attachments --json` and in the hash chain (`history --json`) equal to the file's.

use crate::support::*;
use std::path::PathBuf;

fn input_dir(e: &Env) -> PathBuf {
    let d = e.root.path().join("input");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|err| panic!("{err}: {}", stdout(o)))
}

const INCIDENT: &str =
    r#"{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"followed"}"#;

#[test]
fn sizes_round_trip_and_hashes_are_chained() {
    let e = Env::new();
    e.init();
    let id = e.add_json(INCIDENT).remove(0);
    let sizes = [
        0usize,
        1,
        65535,
        65536,
        65537,
        1048575,
        1048576,
        1048577,
        20 << 20,
    ];
    let dir = input_dir(&e);
    let mut files = vec![];
    for (i, &s) in sizes.iter().enumerate() {
        let p = dir.join(format!("file-{i}-{s}.bin"));
        std::fs::write(&p, noise(s, i as u64 + 7)).unwrap();
        files.push(p);
    }
    let mut args = vec!["attach".to_owned(), id.clone()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = e.run(&argv, &[PASS], b"");
    assert_ok(&o);
    let refs: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(
        refs,
        (1..=sizes.len())
            .map(|n| format!("{id}/{n}"))
            .collect::<Vec<_>>()
    );

    let list = json(&e.run(&["attachments", &id, "--json"], &[PASS], b""));
    let hist = json(&e.run(&["history", &id, "--json"], &[PASS], b""));
    let revs = hist.as_array().unwrap();
    assert_eq!(revs.len(), 2, "one add, one amend for all the files");
    assert_eq!(revs[1]["op"], "amend");
    let body: serde_json::Value = serde_json::from_str(revs[1]["body"].as_str().unwrap()).unwrap();
    let out = e.root.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    for (i, p) in files.iter().enumerate() {
        let data = std::fs::read(p).unwrap();
        let sha = sha256_hex(&data);
        let row = &list[i];
        assert_eq!(row["n"], i + 1);
        assert_eq!(row["size"], data.len());
        assert_eq!(row["sha256"], sha.as_str());
        assert_eq!(row["name"], p.file_name().unwrap().to_str().unwrap());
        assert_eq!(
            body["attachments"][i]["sha256"],
            sha.as_str(),
            "the chain records the hash"
        );
        assert_eq!(body["attachments"][i]["size"], data.len());
        let target = out.join(format!("{i}.bin"));
        let reference = format!("{id}/{}", i + 1);
        let o = e.run(
            &[
                "attachment",
                "extract",
                &reference,
                "-o",
                target.to_str().unwrap(),
                "--original",
            ],
            &[PASS],
            b"",
        );
        assert_ok(&o);
        assert!(stderr(&o).contains(&sha), "{}", stderr(&o));
        let back = std::fs::read(&target).unwrap();
        assert!(
            back == data,
            "file {i} ({} bytes) differs after extract",
            data.len()
        );
    }
    assert_ok(&e.run(&["check"], &[PASS], b""));
}

#[test]
fn add_with_attach_extract_rules_and_delete() {
    let e = Env::new();
    e.init();
    let dir = input_dir(&e);
    let f = dir.join("запись.m4a");
    let data = noise(300_000, 99);
    std::fs::write(&f, &data).unwrap();
    let o = e.run(
        &["add", "--input", "json", "--attach", f.to_str().unwrap()],
        &[PASS],
        INCIDENT.as_bytes(),
    );
    assert_ok(&o);
    let lines: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    let id = lines[0].clone();
    assert_eq!(lines[1], format!("{id}/1"));
    let r = format!("{id}/1");

    // No working copy for a type sandyk cannot clean: the default refuses, with the way out.
    let target = e.root.path().join("out.m4a");
    let t = target.to_str().unwrap();
    let o = e.run(&["attachment", "extract", &r, "-o", t], &[PASS], b"");
    assert_code(&o, 1);
    assert!(stderr(&o).contains("--original"), "{}", stderr(&o));
    assert!(!target.exists());
    // To standard output (a pipe here), verified.
    let o = e.run(
        &["attachment", "extract", &r, "-o", "-", "--original"],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    assert!(o.stdout == data);
    // Never over an existing file without --force; with it, replaced.
    std::fs::write(&target, b"keep me").unwrap();
    let o = e.run(
        &["attachment", "extract", &r, "-o", t, "--original"],
        &[PASS],
        b"",
    );
    assert_code(&o, 1);
    assert!(stderr(&o).contains("--force"));
    assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    assert_ok(&e.run(
        &[
            "attachment",
            "extract",
            &r,
            "-o",
            t,
            "--original",
            "--force",
        ],
        &[PASS],
        b"",
    ));
    assert!(std::fs::read(&target).unwrap() == data);
    // Not a device, not into a missing directory, not a bad reference or number.
    assert_code(
        &e.run(
            &[
                "attachment",
                "extract",
                &r,
                "-o",
                "/dev/null",
                "--original",
                "--force",
            ],
            &[PASS],
            b"",
        ),
        2,
    );
    let missing = e.root.path().join("no/such/dir/x");
    assert_code(
        &e.run(
            &[
                "attachment",
                "extract",
                &r,
                "-o",
                missing.to_str().unwrap(),
                "--original",
            ],
            &[PASS],
            b"",
        ),
        1,
    );
    assert_code(
        &e.run(
            &["attachment", "extract", &id, "-o", t, "--force"],
            &[PASS],
            b"",
        ),
        2,
    );
    let o = e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/9"),
            "-o",
            t,
            "--force",
        ],
        &[PASS],
        b"",
    );
    assert_code(&o, 5);
    // Files that cannot be attached are refused before anything is asked or written.
    let o = e.run(&["attach", &id, dir.to_str().unwrap()], &[], b"");
    assert_code(&o, 2);
    let o = e.run(
        &["attach", &id, dir.join("missing").to_str().unwrap()],
        &[],
        b"",
    );
    assert_code(&o, 5);
    let o = e.run(&["attach", "ZZZZZZ", f.to_str().unwrap()], &[PASS], b"");
    assert_code(&o, 5);

    // Deleting the incident destroys the attachment with it.
    assert_ok(&e.run(&["delete", &id, "--yes"], &[PASS], b""));
    assert_code(&e.run(&["attachments", &id], &[PASS], b""), 5);
    assert_code(
        &e.run(
            &["attachment", "extract", &r, "-o", "-", "--original"],
            &[PASS],
            b"",
        ),
        5,
    );
    assert_ok(&e.run(&["check"], &[PASS], b""));
}
