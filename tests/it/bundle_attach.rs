//! Attachments in evidence bundles: working copies by default, originals with
//! `--originals`, refusal (naming the `--attachment` choices) when there is no working copy, verification on the receiving
//! side (Go age, tar, `bundle verify`, tampering, `open`, `import`).

use std::process::Command;

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

/// The attachment records of an incident's current revision, from the chain itself.
fn chain_attachments(p: &Parties, id: &str) -> Vec<serde_json::Value> {
    let o = p.sender.run(&["history", id, "--json"], &[PASS], b"");
    assert_ok(&o);
    let h = json(&o);
    let revs = h
        .as_array()
        .or_else(|| h["revisions"].as_array())
        .expect("a list of revisions")
        .clone();
    let last = revs.last().unwrap();
    let body: serde_json::Value = match &last["body"] {
        serde_json::Value::String(s) => serde_json::from_str(s).unwrap(),
        v => v.clone(),
    };
    body["attachments"].as_array().cloned().unwrap_or_default()
}

fn exif_gps(b: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(b))
        .ok()
        .and_then(|e| {
            e.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
                .map(|_| ())
        })
        .is_some()
}

fn find<'a>(es: &'a [(String, Vec<u8>)], prefix: &str) -> &'a (String, Vec<u8>) {
    es.iter()
        .find(|(p, _)| p.starts_with(prefix))
        .unwrap_or_else(|| {
            panic!(
                "no {prefix} in {:?}",
                es.iter().map(|e| &e.0).collect::<Vec<_>>()
            )
        })
}

#[test]
fn working_copy_by_default_originals_on_request_go_age_and_verify() {
    require_tool("age");
    require_tool("tar");
    let p = Parties::new();
    let (a, b) = (p.ids[0].clone(), p.ids[1].clone());
    let jpeg = gps_jpeg();
    let bin = noise(70_000, 7);
    attach(&p, &a, "IMG 0042 Токтогул.jpg", &jpeg);
    attach(&p, &b, "call.bin", &bin);

    // Default: the binary (no working copy) refuses the export, naming the fix.
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
    assert!(
        err.contains(&format!("--attachment {b}/1=original"))
            && err.contains(&format!("--attachment {b}/1=omit")),
        "{err}"
    );
    assert!(!out.exists());

    // The JPEG's incident alone: the working copy goes out.
    let w = p.export("working.age", &[&a]);
    let plain = p.lawyer.home().join("working.tar");
    let o = Command::new("age")
        .args([
            "-d",
            "-i",
            p.key.to_str().unwrap(),
            "-o",
            plain.to_str().unwrap(),
        ])
        .arg(&w)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new("tar").arg("-tf").arg(&plain).output().unwrap();
    let listing = String::from_utf8_lossy(&o.stdout).into_owned();
    // The path is the name's ASCII form; the manifest keeps the name itself.
    let want_path = format!("attachments/{a}-1-IMG_0042_Toktogul.jpg");
    assert!(listing.lines().any(|l| l == want_path), "{listing}");
    let es = entries(&std::fs::read(&plain).unwrap());
    let (_, wbytes) = find(&es, &format!("attachments/{a}-1-"));
    assert!(exif_gps(&jpeg), "control: the original has GPS");
    assert!(!exif_gps(wbytes), "the working copy has no GPS");
    assert!(!contains(wbytes, b"GPSLatitude") && !contains(wbytes, b"42,52.7N"));
    let chain = chain_attachments(&p, &a);
    assert_eq!(chain[0]["sha256"], sha256_hex(&jpeg));
    assert_eq!(chain[0]["working_sha256"], sha256_hex(wbytes));
    assert_ne!(sha256_hex(wbytes), sha256_hex(&jpeg));
    // manifest.json, incidents.json and report.html describe it.
    let m: serde_json::Value = serde_json::from_slice(&find(&es, "manifest.json").1).unwrap();
    let ma = &m["attachments"][0];
    assert_eq!(ma["path"], want_path);
    assert_eq!(ma["name"], "IMG 0042 Токтогул.jpg");
    assert_eq!(ma["copy"], "working");
    assert_eq!(ma["sha256"], sha256_hex(wbytes));
    assert_eq!(ma["original_sha256"], sha256_hex(&jpeg));
    assert!(m["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == want_path && f["sha256"] == sha256_hex(wbytes)));
    let inc: serde_json::Value = serde_json::from_slice(&find(&es, "incidents.json").1).unwrap();
    assert_eq!(inc["incidents"][0]["attachments"][0], *ma);
    let report = String::from_utf8(find(&es, "report.html").1.clone()).unwrap();
    assert!(
        report.contains(&format!("<img src=\"{want_path}\"")),
        "inline image"
    );
    assert!(report.contains(&sha256_hex(&jpeg)) && report.contains(&sha256_hex(wbytes)));
    assert!(
        !report.contains("http://") && !report.contains("https://") && !report.contains("<script")
    );

    // sha256sum -c as VERIFY.txt says covers the attachment.
    let dir = p.lawyer.home().join("x");
    std::fs::create_dir(&dir).unwrap();
    let o = Command::new("tar")
        .arg("-xf")
        .arg(&plain)
        .arg("-C")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success());
    let o = Command::new("sh")
        .arg("-c")
        .arg(r#"sed -n 's/^{"sha256":"\([0-9a-f]\{64\}\)","size":[0-9]*,"path":"\([^"]*\)"},\{0,1\}$/\1  \2/p' manifest.json | sha256sum -c -"#)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!("{want_path}: OK")));

    // bundle verify passes and names the attachment.
    let o = p.verify(&w, &[]);
    assert_ok(&o);
    assert!(stdout(&o).contains(&want_path), "{}", stdout(&o));

    // --originals: both go out untouched, hashes equal to the chain's.
    let ob = p.export("originals.age", &["--all", "--originals"]);
    let es = entries(&p.decrypt(&ob));
    let (_, ojpeg) = find(&es, &format!("attachments/{a}-1-"));
    assert_eq!(sha256_hex(ojpeg), chain[0]["sha256"].as_str().unwrap());
    assert!(exif_gps(ojpeg));
    let (bpath, obin) = find(&es, &format!("attachments/{b}-1-call.bin"));
    assert_eq!(obin, &bin);
    assert_eq!(
        sha256_hex(obin),
        chain_attachments(&p, &b)[0]["sha256"].as_str().unwrap()
    );
    let o = p.verify(&ob, &["--json"]);
    assert_ok(&o);
    let v = json(&o);
    assert_eq!(v["attachments"].as_array().unwrap().len(), 2);
    assert!(v["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["copy"] == "original"));

    // open extracts them; import keeps the hashes with the incidents.
    let od = p.lawyer.home().join("opened");
    let o = p.lawyer.run(
        &[
            "bundle",
            "open",
            ob.to_str().unwrap(),
            "--identity",
            p.key.to_str().unwrap(),
            "--signer",
            p.signer.as_str(),
            "-o",
            od.to_str().unwrap(),
        ],
        &[],
        b"",
    );
    assert_ok(&o);
    assert_eq!(std::fs::read(od.join(bpath)).unwrap(), bin);
    p.lawyer.init();
    let o = p.import(&ob, &[]);
    assert_ok(&o);
    let o = p.lawyer.run(&["import", "--list", "--json"], &[PASS], b"");
    assert_ok(&o);
    let got = json(&o);
    let rec = got
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == b.as_str())
        .unwrap();
    assert_eq!(rec["current"]["attachments"][0]["sha256"], sha256_hex(&bin));
}

#[test]
fn tampered_attachment_fails_verify_with_exit_6() {
    let p = Parties::new();
    let a = p.ids[0].clone();
    attach(&p, &a, "photo.jpg", &gps_jpeg());
    let good = p.export("good.age", &[&a]);
    let es = entries(&p.decrypt(&good));
    // One byte of the attachment flipped, everything else (manifest, signature) intact.
    let mut bad = es.clone();
    let k = bad
        .iter()
        .position(|(p, _)| p.starts_with("attachments/"))
        .unwrap();
    let mid = bad[k].1.len() / 2;
    bad[k].1[mid] ^= 1;
    let f = p.crafted("bad.age", &archive(&bad));
    let o = p.verify(&f, &[]);
    assert_code(&o, 6);
    assert!(stderr(&o).contains("attachments/"), "{}", stderr(&o));
    // The attachment left out altogether.
    let mut gone = es.clone();
    gone.remove(k);
    let o = p.verify(&p.crafted("gone.age", &archive(&gone)), &[]);
    assert_code(&o, 6);
    // Control: the untouched archive re-encrypted verifies.
    let o = p.verify(&p.crafted("same.age", &archive(&es)), &[]);
    assert_ok(&o);
}

#[test]
fn heic_without_working_copy_refuses_export_without_originals() {
    let p = Parties::new();
    let a = p.ids[0].clone();
    attach(&p, &a, "IMG_1.heic", &gps_heic());
    let out = p.sender.home().join("h.age");
    let o = p.sender.run(
        &[
            "export",
            &a,
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
    assert!(
        err.contains("working copy") && err.contains(&format!("--attachment {a}/1=original")),
        "{err}"
    );
    assert!(!out.exists());
    let o = p.sender.run(&["log", "--json"], &[PASS], b"");
    assert!(!stdout(&o).contains("h.age"), "no export recorded");
    // With --originals it goes out as the original.
    let b = p.export("h2.age", &[&a, "--originals"]);
    let es = entries(&p.decrypt(&b));
    let (_, h) = find(&es, &format!("attachments/{a}-1-IMG_1.heic"));
    assert_eq!(h, &gps_heic());
    assert_ok(&p.verify(&b, &[]));
}
