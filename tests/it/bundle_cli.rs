//! Evidence bundles end to end: export → verify → open → import, interop with Go age and
//! ssh-keygen following VERIFY.txt literally, contacts, keygen, the audit log, recipients,
//! passphrase bundles, and the refusals of `export`.

use std::path::Path;
use std::process::Command;

use crate::support::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn round_trip_export_verify_import_with_cyrillic_intact() {
    let p = Parties::new();
    let b = p.export("b.age", &["--all"]);
    let sender_sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(std::fs::read(&b).unwrap()))
    };

    // Verify: JSON verdict, signer = the sender's signing key.
    let o = p.verify(&b, &["--json"]);
    assert_ok(&o);
    let v = json(&o);
    assert_eq!(v["ok"], true);
    assert_eq!(v["incident_count"], 2);
    assert_eq!(v["revisions"], 3);
    assert_eq!(v["bundle_sha256"], sender_sha.as_str());
    let signer = p.sender.run(&["bundle", "signer", "--json"], &[PASS], b"");
    assert_ok(&signer);
    assert_eq!(v["signer"], json(&signer)["fingerprint"]);
    assert!(
        !has_canary(&o.stdout) && !has_canary(&o.stderr),
        "verify prints no content"
    );

    // The audit log names the incidents, the recipient's fingerprint and the bundle hash.
    let o = p.sender.run(&["log", "--json"], &[PASS], b"");
    assert_ok(&o);
    let log = json(&o);
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["bundle_sha256"], sender_sha.as_str());
    let mut ids = p.ids.clone();
    ids.sort();
    let mut logged: Vec<String> = log[0]["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect();
    logged.sort();
    assert_eq!(logged, ids);
    let fp = sandyk::bundle::recipient::fingerprint(&p.recipient);
    assert_eq!(log[0]["recipients"][0]["fingerprint"], fp.as_str());
    let text = p.sender.run(&["log"], &[PASS], b"");
    assert!(stdout(&text).contains(&sender_sha) && stdout(&text).contains(&fp));

    // Import into the lawyer's own vault; again is a no-op.
    p.lawyer.init();
    let args = [
        "import",
        b.to_str().unwrap(),
        "--identity",
        p.key.to_str().unwrap(),
        "--signer",
        p.signer.as_str(),
    ];
    let o = p.lawyer.run(&args, &[PASS], b"");
    assert_ok(&o);
    assert!(stderr(&o).contains("Imported 2"), "{}", stderr(&o));
    let o = p.lawyer.run(&args, &[PASS], b"");
    assert_ok(&o);
    assert!(stderr(&o).contains("imported already"), "{}", stderr(&o));
    let o = p.lawyer.run(&["import", "--list", "--json"], &[PASS], b"");
    assert_ok(&o);
    let got = json(&o);
    assert_eq!(
        got.as_array().unwrap().len(),
        2,
        "no duplicates after re-import"
    );
    let first = got
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == p.ids[0].as_str())
        .unwrap();
    assert!(first["current"]["narrative"]
        .as_str()
        .unwrap()
        .contains(CANARY));
    assert_eq!(
        first["current"]["location"]["text"],
        "Бишкек, Токтогул көчөсү"
    );
    assert_eq!(first["signer"], v["signer"]);
    assert_eq!(first["bundle_sha256"], sender_sha.as_str());
    let second = got
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == p.ids[1].as_str())
        .unwrap();
    assert_eq!(
        second["revisions"].as_array().unwrap().len(),
        2,
        "full history"
    );
    assert_eq!(
        second["current"]["narrative"],
        "Үйгө келебиз деди. Эртең дагы."
    );
    assert_eq!(
        second["revisions"][0]["body"]
            .as_str()
            .map(|b| b.contains("Үйгө келебиз деди.\"")),
        Some(true)
    );
    let o = p.lawyer.run(&["import", "--list"], &[PASS], b"");
    assert!(stdout(&o).contains("Ак машина у офиса"), "{}", stdout(&o));
    // The lawyer's vault stays encrypted at rest: the canary is nowhere on disk.
    for (path, bytes) in Env::all_bytes_under(p.lawyer.root.path()) {
        assert!(!has_canary(&bytes), "plaintext in {}", path.display());
    }
    let o = p.lawyer.run(&["check"], &[PASS], b"");
    assert_ok(&o);
}

#[test]
fn bundle_open_extracts_verified_files_and_never_overwrites() {
    let p = Parties::new();
    let b = p.export("b.age", &["--all", "--armor"]);
    assert!(std::fs::read_to_string(&b)
        .unwrap()
        .starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    let dir = p.lawyer.home().join("opened");
    let args = [
        "bundle",
        "open",
        b.to_str().unwrap(),
        "--identity",
        p.key.to_str().unwrap(),
        "--signer",
        p.signer.as_str(),
        "-o",
        dir.to_str().unwrap(),
    ];
    let o = p.lawyer.run(&args, &[], b"");
    assert_ok(&o);
    assert_eq!(
        tree(&dir),
        [
            "VERIFY.txt",
            "incidents.json",
            "manifest.json",
            "manifest.sig",
            "report.html",
            "sender-report.html.txt",
            "signer.pub"
        ]
    );
    let verify = std::fs::read_to_string(dir.join("VERIFY.txt")).unwrap();
    assert!(
        !verify.contains(".statement"),
        "no statement, none announced"
    );
    let report = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(report.contains(CANARY) && report.contains("Ак машина у офиса"));
    assert!(
        report.contains("&lt;b&gt;bold?&lt;/b&gt;") && !report.contains("<b>bold"),
        "escaped"
    );
    assert!(
        report.contains("[U+202E]") && !report.contains('\u{202E}'),
        "bidi controls made visible"
    );
    assert!(
        !report.contains("<script") && !report.contains("src=") && !report.contains("href="),
        "self-contained"
    );
    let inc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("incidents.json")).unwrap()).unwrap();
    assert_eq!(inc["incidents"].as_array().unwrap().len(), 2);
    // Again: refused, nothing changed.
    let before = Env::all_bytes_under(&dir);
    let o = p.lawyer.run(&args, &[], b"");
    assert_code(&o, 1);
    assert_eq!(Env::all_bytes_under(&dir), before);
    // An existing empty directory is fine.
    let empty = p.lawyer.home().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = p.lawyer.run(
        &[
            "bundle",
            "open",
            b.to_str().unwrap(),
            "-i",
            p.key.to_str().unwrap(),
            "--signer",
            p.signer.as_str(),
            "-o",
            empty.to_str().unwrap(),
        ],
        &[],
        b"",
    );
    assert_ok(&o);
    assert_eq!(tree(&empty).len(), 7);
}

/// Run the `$ ` lines of VERIFY.txt with sh, exactly as written (KEYFILE replaced by the
/// key's path, SENDER_KEY_FILE by the file holding the sender's key as received in person),
/// in `workdir`, where the bundle is. Returns the commands' stdout.
pub fn follow_verify_txt(
    verify_txt: &str,
    workdir: &Path,
    key: &Path,
    sender_key: &Path,
) -> String {
    let o = run_verify_txt(verify_txt, workdir, key, sender_key);
    assert!(
        o.status.success(),
        "VERIFY.txt commands failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    check_expected_lines(verify_txt, &stdout(&o))
}

/// Run the `$ ` lines of VERIFY.txt (see [`follow_verify_txt`]) and return what happened.
pub fn run_verify_txt(
    verify_txt: &str,
    workdir: &Path,
    key: &Path,
    sender_key: &Path,
) -> std::process::Output {
    let mut script = String::from("set -e\n");
    let have_jq = std::process::Command::new("jq")
        .arg("--version")
        .output()
        .is_ok();
    for l in verify_txt.lines() {
        if let Some(c) = l.strip_prefix("    $ ") {
            if c.starts_with("jq ") && !have_jq {
                continue;
            }
            script.push_str(
                &c.replace("SENDER_KEY_FILE", &sender_key.display().to_string())
                    .replace("KEYFILE", &key.display().to_string()),
            );
            script.push('\n');
        }
    }
    Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(workdir)
        .env("PATH", std::env::var_os("PATH").unwrap())
        .output()
        .unwrap()
}

/// Every expected output line (`    > `) is in `out` (those of jq only with jq).
fn check_expected_lines(verify_txt: &str, out: &str) -> String {
    let have_jq = std::process::Command::new("jq")
        .arg("--version")
        .output()
        .is_ok();
    let out = out.to_owned();
    let mut last_cmd = "";
    for l in verify_txt.lines() {
        if let Some(c) = l.strip_prefix("    $ ") {
            last_cmd = c;
        } else if let Some(want) = l.strip_prefix("    > ") {
            if last_cmd.starts_with("jq ") && !have_jq {
                continue;
            }
            assert!(
                out.lines().any(|x| x == want),
                "missing output line {want:?} of `{last_cmd}` in\n{out}"
            );
        }
    }
    out
}

#[test]
fn go_age_decrypts_and_verify_txt_works_with_stock_tools() {
    require_tool("age");
    require_tool("ssh-keygen");
    require_tool("sha256sum");
    require_tool("tar");
    let p = Parties::new();
    for (name, extra) in [
        ("b.age", vec!["--all"]),
        ("armored.age", vec!["--all", "--armor"]),
    ] {
        let b = p.export(name, &extra);
        // Go age decrypts it to the very archive the age crate sees.
        let plain = p.lawyer.home().join(format!("{name}.tar"));
        let o = Command::new("age")
            .args(["-d", "-i"])
            .arg(&p.key)
            .arg("-o")
            .arg(&plain)
            .arg(&b)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(std::fs::read(&plain).unwrap(), p.decrypt(&b));
        let files = entries(&std::fs::read(&plain).unwrap());
        std::fs::remove_file(&plain).unwrap();
        let verify = String::from_utf8(
            files
                .iter()
                .find(|(n, _)| n == "VERIFY.txt")
                .unwrap()
                .1
                .clone(),
        )
        .unwrap();
        // Follow VERIFY.txt in a fresh directory that holds only the bundle.
        let work = p.lawyer.root.path().join(format!("work-{name}"));
        std::fs::create_dir(&work).unwrap();
        std::fs::copy(&b, work.join(name)).unwrap();
        // The sender's key as the lawyer received it in person (`bundle signer`).
        let signer = p.sender.run(&["bundle", "signer"], &[PASS], b"");
        let fp = stdout(&signer).lines().next().unwrap().to_owned();
        let sender_key = p.lawyer.home().join("sender-key.pub");
        std::fs::write(
            &sender_key,
            format!("{}\n", stdout(&signer).lines().nth(1).unwrap()),
        )
        .unwrap();
        let out = follow_verify_txt(&verify, &work, &p.key, &sender_key);
        assert!(out.contains("signer.pub: OK") && out.contains("incidents.json: OK"));
        // Unpacked under umask 077: readable by the lawyer alone.
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(work.join("bundle/incidents.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "incidents.json is {mode:o}");
        assert!(
            out.contains(&format!(
                "Good \"sandyk-bundle\" signature for sandyk with ED25519 key {fp}"
            )),
            "{out}"
        );
        assert!(
            out.contains(&fp),
            "ssh-keygen -l shows the fingerprint sandyk prints"
        );
    }
}

#[test]
fn ssh_recipients_and_identities_and_recipients_files() {
    require_tool("ssh-keygen");
    let p = Parties::new();
    let ssh = p.lawyer.home().join("id_ed25519");
    let o = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "Айгүл", "-f"])
        .arg(&ssh)
        .output()
        .unwrap();
    assert!(o.status.success());
    let rsa = p.lawyer.home().join("id_rsa");
    let o = Command::new("ssh-keygen")
        .args(["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f"])
        .arg(&rsa)
        .output()
        .unwrap();
    assert!(o.status.success());
    let ed_pub = std::fs::read_to_string(ssh.with_extension("pub")).unwrap();
    let rsa_pub = std::fs::read_to_string(rsa.with_extension("pub")).unwrap();
    // A contact with an SSH key; a recipients file with the RSA key and the age key.
    let o = p
        .sender
        .run(&["contact", "add", "Айгүл", ed_pub.trim()], &[PASS], b"");
    assert_ok(&o);
    let file = p.sender.home().join("recipients.txt");
    std::fs::write(
        &file,
        format!("# the lawyers\n{}\n\n{}\n", rsa_pub.trim(), p.recipient),
    )
    .unwrap();
    let b = p.sender.home().join("multi.age");
    let o = p.sender.run(
        &[
            "export",
            p.ids[0].as_str(),
            "--to",
            "Айгүл",
            "--to-file",
            file.to_str().unwrap(),
            "-o",
            b.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    for key in [&ssh, &rsa, &p.key] {
        let o = p.lawyer.run(
            &[
                "bundle",
                "verify",
                b.to_str().unwrap(),
                "--identity",
                key.to_str().unwrap(),
                "--signer",
                p.signer.as_str(),
            ],
            &[],
            b"",
        );
        assert_ok(&o);
    }
    // An encrypted SSH key: its passphrase is asked for (here on --passphrase-fd).
    let enc = p.lawyer.home().join("id_enc");
    std::fs::copy(&ssh, &enc).unwrap();
    let o = Command::new("ssh-keygen")
        .args(["-q", "-p", "-a", "4", "-N", "ключ сим", "-P", "", "-f"])
        .arg(&enc)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_ne!(std::fs::read(&enc).unwrap(), std::fs::read(&ssh).unwrap());
    let args = [
        "bundle",
        "verify",
        b.to_str().unwrap(),
        "--identity",
        enc.to_str().unwrap(),
        "--signer",
        p.signer.as_str(),
    ];
    assert_ok(&p.lawyer.run(&args, &["ключ сим"], b""));
    let o = p.lawyer.run(&args, &["wrong"], b"");
    // A wrong identity passphrase is exit 3, as in `unseal` (issue 10; tests/exit_codes.rs).
    assert_code(&o, 3);
    assert!(
        stderr(&o).contains("wrong passphrase for the SSH key"),
        "{}",
        stderr(&o)
    );
    if let Ok(age) = std::process::Command::new("age").arg("--version").output() {
        assert!(age.status.success());
        let o = Command::new("age")
            .args(["-d", "-i"])
            .arg(&ssh)
            .arg("-o")
            .arg("/dev/null")
            .arg(&b)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "Go age with the SSH key: {}",
            stderr(&o)
        );
    }
    let o = p.sender.run(&["log", "--json"], &[PASS], b"");
    let log = json(&o);
    let kinds: Vec<&str> = log[0]["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3);
    assert!(
        kinds.contains(&"ssh-ed25519") && kinds.contains(&"ssh-rsa") && kinds.contains(&"x25519")
    );
    assert!(log[0]["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["contact"] == "Айгүл"));
}

#[test]
fn contacts_keygen_and_fingerprints() {
    let p = Parties::new();
    let e = &p.sender;
    let o = e.run(
        &["contact", "add", "Айгүл Адвокат", &p.recipient],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    let fp = stdout(&o).trim().to_owned();
    // printf %s RECIPIENT | sha256sum | cut -c1-32, in groups of four.
    let sha = sha256_hex(p.recipient.as_bytes());
    assert_eq!(fp.replace(' ', ""), sha[..32]);
    assert_eq!(fp.len(), 39);
    let o = e.run(&["contact", "list", "--json"], &[PASS], b"");
    assert_ok(&o);
    let l = json(&o);
    assert_eq!(l[0]["name"], "Айгүл Адвокат");
    assert_eq!(l[0]["fingerprint"], fp.as_str());
    assert_eq!(l[0]["recipient"], p.recipient.as_str());
    assert_eq!(l[0]["kind"], "x25519");
    let o = e.run(&["contact", "list"], &[PASS], b"");
    assert!(stdout(&o).contains(&fp));
    // A second contact of the same name is refused; bad names and recipients are usage errors.
    assert_code(
        &e.run(
            &["contact", "add", "Айгүл Адвокат", &p.recipient],
            &[PASS],
            b"",
        ),
        1,
    );
    assert_code(
        &e.run(&["contact", "add", "x", "age1notarecipient"], &[PASS], b""),
        2,
    );
    assert_code(
        &e.run(
            &["contact", "add", &p.recipient, &p.recipient],
            &[PASS],
            b"",
        ),
        2,
    );
    // Export to the contact by name; to an unknown name: not found.
    let out = e.home().join("c.age");
    assert_ok(&e.run(
        &[
            "export",
            "--all",
            "--to",
            "Айгүл Адвокат",
            "-o",
            out.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    ));
    assert_ok(&p.verify(&out, &[]));
    let o = e.run(
        &[
            "export",
            "--all",
            "--to",
            "Nobody",
            "-o",
            e.home().join("n.age").to_str().unwrap(),
        ],
        &[PASS],
        b"",
    );
    assert_code(&o, 5);
    assert_ok(&e.run(&["contact", "remove", "Айгүл Адвокат"], &[PASS], b""));
    assert_code(
        &e.run(&["contact", "remove", "Айгүл Адвокат"], &[PASS], b""),
        5,
    );

    // keygen: 0600, never overwrites, prints the recipient that matches the identity.
    let k = p.lawyer.home().join("k2.txt");
    let o = p
        .lawyer
        .run(&["keygen", "-o", k.to_str().unwrap()], &[], b"");
    assert_ok(&o);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&k).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let text = std::fs::read_to_string(&k).unwrap();
    assert!(text.contains(&format!("# public key: {}", stdout(&o).trim())));
    let o = p
        .lawyer
        .run(&["keygen", "-o", k.to_str().unwrap()], &[], b"");
    assert_code(&o, 1);
    assert_eq!(std::fs::read_to_string(&k).unwrap(), text);
    // To a pipe it is allowed (like age-keygen).
    let o = p.lawyer.run(&["keygen"], &[], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains("AGE-SECRET-KEY-1"));
}

#[test]
fn selection_by_ids_and_filters() {
    let p = Parties::new();
    let check = |name: &str, args: &[&str], want: &[&String]| {
        let b = p.export(name, args);
        let o = p.verify(&b, &["--json"]);
        assert_ok(&o);
        let got: Vec<String> = json(&o)["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_owned())
            .collect();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        assert_eq!(got_sorted, want, "{args:?}");
    };
    check("a.age", &[&p.ids[1].to_lowercase()], &[&p.ids[1]]);
    check("b.age", &["--tag", "бишкек"], &[&p.ids[0]]);
    check("c.age", &["--search", "ТОКТОГУЛ"], &[&p.ids[0]]);
    check("d.age", &["--category", "threat_online"], &[&p.ids[1]]);
    check("e.age", &["--since", "2026-11-25"], &[&p.ids[0]]);
    check("f.age", &["--all"], &[&p.ids[0], &p.ids[1]]);
}

#[test]
fn export_refusals_leave_nothing() {
    let p = Parties::new();
    let e = &p.sender;
    let out = e.home().join("x.age");
    let o = out.to_str().unwrap();
    let r = p.recipient.as_str();
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["export", "--to", r, "-o", o], 2, "say which incidents"),
        (vec!["export", "--all", "-o", o], 2, "say who can open"),
        (
            vec!["export", "--tag", "nosuchtag", "--to", r, "-o", o],
            2,
            "never empty",
        ),
        (
            vec!["export", "--all", "--with-passphrase", "--to", r, "-o", o],
            2,
            "cannot also be encrypted to recipients",
        ),
        (
            vec!["export", "--all", "--with-passphrase", "-o", o],
            2,
            "terminal",
        ),
        (
            vec!["export", "ZZZZZZ", "--to", r, "-o", o],
            5,
            "no incident",
        ),
        (
            vec!["export", "--all", "--to", "age1qqqq", "-o", o],
            2,
            "invalid recipient",
        ),
    ];
    for (args, code, msg) in cases {
        let res = e.run(&args, &[PASS], b"");
        assert_code(&res, code);
        assert!(stderr(&res).contains(msg), "{args:?}: {}", stderr(&res));
        assert!(!out.exists());
    }
    // An existing file is never replaced.
    std::fs::write(&out, b"keep").unwrap();
    assert_code(
        &e.run(&["export", "--all", "--to", r, "-o", o], &[PASS], b""),
        1,
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"keep");
    // A deleted incident cannot be exported by id.
    assert_ok(&e.run(&["delete", &p.ids[1], "--yes"], &[PASS], b""));
    let res = e.run(
        &[
            "export",
            &p.ids[1],
            "--to",
            r,
            "-o",
            e.home().join("d.age").to_str().unwrap(),
        ],
        &[PASS],
        b"",
    );
    assert_code(&res, 5);
    // Nothing was logged by any of these.
    let log = e.run(&["log", "--json"], &[PASS], b"");
    assert_eq!(json(&log), serde_json::json!([]));
    let names: Vec<String> = std::fs::read_dir(e.home())
        .unwrap()
        .map(|x| x.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["x.age"]);
}

#[test]
fn stdout_bundle_only_to_a_pipe() {
    let p = Parties::new();
    let o = p.sender.run(
        &["export", "--all", "--to", &p.recipient, "-o", "-"],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    let b = p.lawyer.home().join("piped.age");
    std::fs::write(&b, &o.stdout).unwrap();
    assert_ok(&p.verify(&b, &[]));
    // To a terminal: refused, before the passphrase is even asked.
    let cmd = p.sender.cmd(
        &["export", "--all", "--to", &p.recipient, "-o", "-"],
        &[PASS],
    );
    let (o, tty) = run_with_tty(cmd, true);
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("refusing to write a bundle to the terminal"),
        "{}",
        stderr(&o)
    );
    assert!(!tty.contains("age-encryption"));
    let cmd = p.lawyer.cmd(&["keygen"], &[]);
    let (o, tty) = run_with_tty(cmd, true);
    assert_code(&o, 2);
    assert!(!tty.contains("AGE-SECRET-KEY"));
}

#[test]
fn passphrase_bundle_shows_words_on_the_terminal_only() {
    let p = Parties::new();
    let out = p.sender.home().join("pass.age");
    let cmd = p.sender.cmd(
        &[
            "export",
            &p.ids[0],
            "--with-passphrase",
            "-o",
            out.to_str().unwrap(),
        ],
        &[PASS],
    );
    let (o, tty) = run_with_tty(cmd, false);
    assert_ok(&o);
    let words = tty
        .lines()
        .find(|l| l.starts_with("    ") && l.trim().split(' ').count() == 7)
        .unwrap_or_else(|| panic!("no passphrase on the terminal: {tty:?}"))
        .trim()
        .to_owned();
    assert!(
        !stdout(&o).contains(&words) && !stderr(&o).contains(&words),
        "only on the terminal"
    );
    // The lawyer verifies with the passphrase (from --passphrase-fd); --identity is refused.
    let o = p.lawyer.run(
        &[
            "bundle",
            "verify",
            out.to_str().unwrap(),
            "--json",
            "--signer",
            &p.signer,
        ],
        &[&words],
        b"",
    );
    assert_ok(&o);
    assert_eq!(json(&o)["passphrase"], true);
    let o = p.lawyer.run(
        &["bundle", "verify", out.to_str().unwrap()],
        &["wrong words here"],
        b"",
    );
    assert_code(&o, 6);
    let o = p.verify(&out, &[]);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("passphrase"), "{}", stderr(&o));
    let log = p.sender.run(&["log", "--json"], &[PASS], b"");
    assert_eq!(
        json(&log)[0]["recipients"],
        serde_json::json!([{"kind": "passphrase"}])
    );
    // A key bundle without --identity asks for nothing and says what is missing.
    let b = p.export("k.age", &["--all"]);
    let o = p
        .lawyer
        .run(&["bundle", "verify", b.to_str().unwrap()], &["x"], b"");
    assert_code(&o, 2);
}

/// A `--signer` that cannot be a fingerprint (a slip: "33cd", empty, a control character)
/// was reported as a bundle signed by someone else (exit 6, "the bundle may come from
/// someone else") after decrypting it — a second adversarial probe. It is a usage error
/// (exit 2) now, said before the bundle is read, in `verify`, `open` and `import`.
#[test]
fn a_malformed_signer_is_a_slip_not_a_forgery() {
    let p = Parties::new();
    let b = p.export("s.age", &["--all"]);
    let key = p.key.to_str().unwrap().to_owned();
    let out = p.lawyer.root.path().join("opened");
    for signer in ["33cd", "", "x\u{1b}[2J"] {
        for args in [
            vec![
                "bundle",
                "verify",
                b.to_str().unwrap(),
                "-i",
                &key,
                "--signer",
                signer,
            ],
            vec![
                "bundle",
                "open",
                b.to_str().unwrap(),
                "-i",
                &key,
                "--signer",
                signer,
                "-o",
                out.to_str().unwrap(),
            ],
            vec![
                "import",
                b.to_str().unwrap(),
                "-i",
                &key,
                "--signer",
                signer,
            ],
        ] {
            let o = p.lawyer.run(&args, &[], b"");
            assert_code(&o, 2);
            let err = stderr(&o);
            assert!(
                err.contains("is not a signing-key fingerprint") && err.contains("hint:"),
                "{args:?}: {err}"
            );
            assert!(!err.contains('\u{1b}'), "{err}");
        }
    }
    assert!(!out.exists());
    // The right fingerprint, in either form, still verifies.
    assert_ok(&p.verify(&b, &["--signer", &p.signer]));
}
