//! Helpers for the bundle tests: a sender vault with incidents, a lawyer with a key, and
//! tools to take bundles apart and put (hostile) ones together.
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

use super::*;

/// A unique marker in the test incidents: it must never appear outside a bundle unless a
/// bundle was verified and opened on purpose.
pub const CANARY: &str = "CANARY-Токтогул-ңөү-7f3a";

pub const INCIDENTS: &str = r#"[
 {"title":"Ак машина у офиса","occurred":"2026-11-27 15:00","category":"followed","location":"Бишкек, Токтогул көчөсү",
  "narrative":"Серая Лада 01KG123ABC стояла у офиса. CANARY-Токтогул-ңөү-7f3a <b>bold?</b> \u202E","tags":["офис","Бишкек"],
  "perpetrators":["двое в штатском"],"witnesses":["Айгүл"]},
 {"title":"Звонок с угрозами","occurred":"2026-11-20","category":"threat_online","narrative":"Үйгө келебиз деди."}
]"#;

pub struct Parties {
    pub sender: Env,
    pub lawyer: Env,
    /// The lawyer's age identity file.
    pub key: PathBuf,
    pub recipient: String,
    pub ids: Vec<String>,
    /// The sender's signing key fingerprint (`SHA256:…`, first line of `bundle signer`).
    pub signer: String,
}

impl Parties {
    pub fn new() -> Parties {
        let sender = Env::new();
        sender.init();
        let ids = sender.add_json(INCIDENTS);
        let o = sender.run(
            &["amend", &ids[1], "--input", "json"],
            &[PASS],
            r#"{"narrative":"Үйгө келебиз деди. Эртең дагы."}"#.as_bytes(),
        );
        assert_ok(&o);
        let lawyer = Env::new();
        std::fs::create_dir_all(lawyer.home()).unwrap();
        let key = lawyer.home().join("key.txt");
        let o = lawyer.run(&["keygen", "-o", key.to_str().unwrap()], &[], b"");
        assert_ok(&o);
        let recipient = stdout(&o).trim().to_owned();
        assert!(recipient.starts_with("age1"), "{recipient}");
        let o = sender.run(&["bundle", "signer"], &[PASS], b"");
        assert_ok(&o);
        let signer = stdout(&o).lines().next().unwrap().to_owned();
        Parties {
            sender,
            lawyer,
            key,
            recipient,
            ids,
            signer,
        }
    }

    /// `sandyk [pre…] export --to LAWYER -o NAME [extra…]` with `stdin` (a statement), in the
    /// sender's home: the bundle's path and the command's output, not checked.
    pub fn export_stdin(
        &self,
        pre: &[&str],
        name: &str,
        extra: &[&str],
        stdin: &[u8],
    ) -> (PathBuf, Output) {
        let out = self.sender.home().join(name);
        let mut args = pre.to_vec();
        args.extend_from_slice(&[
            "export",
            "--to",
            &self.recipient,
            "-o",
            out.to_str().unwrap(),
        ]);
        args.extend_from_slice(extra);
        let o = self.sender.run(&args, &[PASS], stdin);
        (out, o)
    }

    /// Export to the lawyer into `name` (in the sender's home) with a selection and other
    /// arguments; asserts success.
    pub fn export(&self, name: &str, extra: &[&str]) -> PathBuf {
        let (out, o) = self.export_stdin(&[], name, extra, b"");
        assert_ok(&o);
        out
    }

    /// `bundle verify` by the lawyer (who has no vault here), accepting the sender's key
    /// (`--signer`, compared in person) unless `extra` names another.
    pub fn verify(&self, bundle: &Path, extra: &[&str]) -> Output {
        let mut args = vec![
            "bundle",
            "verify",
            bundle.to_str().unwrap(),
            "--identity",
            self.key.to_str().unwrap(),
        ];
        if !extra.contains(&"--signer") {
            args.extend_from_slice(&["--signer", &self.signer]);
        }
        args.extend_from_slice(extra);
        self.lawyer.run(&args, &[], b"")
    }

    /// `import` into the lawyer's vault, accepting the sender's key (`--signer`, compared in
    /// person); `extra` is appended (e.g. `--as NAME`).
    pub fn import(&self, bundle: &Path, extra: &[&str]) -> Output {
        let mut args = vec![
            "import",
            bundle.to_str().unwrap(),
            "--identity",
            self.key.to_str().unwrap(),
            "--signer",
            &self.signer,
        ];
        args.extend_from_slice(extra);
        self.lawyer.run(&args, &[PASS], b"")
    }

    pub fn identity(&self) -> age::x25519::Identity {
        let text = std::fs::read_to_string(&self.key).unwrap();
        text.lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-"))
            .unwrap()
            .parse()
            .unwrap()
    }

    pub fn age_recipient(&self) -> age::x25519::Recipient {
        self.recipient.parse().unwrap()
    }

    /// The archive inside a bundle (decrypted with the age crate).
    pub fn decrypt(&self, bundle: &Path) -> Vec<u8> {
        let bytes = std::fs::read(bundle).unwrap();
        let d = age::Decryptor::new(age::armor::ArmoredReader::new(&bytes[..])).unwrap();
        let id = self.identity();
        let mut r = d
            .decrypt(std::iter::once(&id as &dyn age::Identity))
            .unwrap();
        let mut out = vec![];
        r.read_to_end(&mut out).unwrap();
        out
    }

    /// Encrypt bytes to the lawyer.
    pub fn encrypt(&self, plain: &[u8]) -> Vec<u8> {
        let r = self.age_recipient();
        let enc =
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
        let mut out = vec![];
        let mut w = enc.wrap_output(&mut out).unwrap();
        w.write_all(plain).unwrap();
        w.finish().unwrap();
        out
    }

    /// Write a crafted bundle to the lawyer's home.
    pub fn crafted(&self, name: &str, plain: &[u8]) -> PathBuf {
        let p = self.lawyer.home().join(name);
        std::fs::write(&p, self.encrypt(plain)).unwrap();
        p
    }
}

/// A new age identity (made with the age crate, not the binary) written to `path`, with
/// `header` lines (each starting with "# ") before the key; returns (path, recipient).
pub fn age_identity_file(path: PathBuf, header: &str) -> (PathBuf, String) {
    use age::secrecy::ExposeSecret;
    let id = age::x25519::Identity::generate();
    std::fs::write(
        &path,
        format!("{header}{}\n", id.to_string().expose_secret()),
    )
    .unwrap();
    (path, id.to_public().to_string())
}

/// The entries of a ustar archive.
pub fn entries(tar_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut a = tar::Archive::new(tar_bytes);
    let mut out = vec![];
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        let p = e.path().unwrap().to_string_lossy().into_owned();
        let mut d = vec![];
        e.read_to_end(&mut d).unwrap();
        out.push((p, d));
    }
    out
}

/// A ustar archive of regular files (as sandyk writes them).
pub fn archive(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(vec![]);
    for (p, d) in entries {
        b.append(
            &sandyk::bundle::tario::header(p, d.len() as u64, 0).unwrap(),
            &d[..],
        )
        .unwrap();
    }
    b.into_inner().unwrap()
}

/// Re-sign a (possibly modified) bundle's manifest with another key, replacing signer.pub
/// and the manifest's signer field; every listed hash is recomputed. Returns the archive
/// and the forger's fingerprint.
pub fn forge(mut files: Vec<(String, Vec<u8>)>, seed: [u8; 32]) -> (Vec<u8>, String) {
    use sandyk::bundle::manifest::Manifest;
    let signer = sandyk::bundle::sign::Signer::from_seed(&seed).unwrap();
    let find =
        |files: &Vec<(String, Vec<u8>)>, n: &str| files.iter().position(|(p, _)| p == n).unwrap();
    let pub_line = format!("{}\n", signer.public_line("forger"));
    let k = find(&files, "signer.pub");
    files[k].1 = pub_line.into_bytes();
    let k = find(&files, "manifest.json");
    let mut m = Manifest::parse(&files[k].1).unwrap();
    m.signer = signer.fingerprint();
    for f in m.files.iter_mut() {
        let d = &files[find(&files, &f.path)].1;
        f.sha256 = sha256_hex(d);
        f.size = d.len() as u64;
    }
    let text = m.render();
    files[k].1 = text.clone().into_bytes();
    let k = find(&files, "manifest.sig");
    files[k].1 = signer.sign(text.as_bytes()).into_bytes();
    (archive(&files), signer.fingerprint())
}

/// Whether the canary appears in any form in `bytes`.
pub fn has_canary(bytes: &[u8]) -> bool {
    canary_forms(CANARY).iter().any(|f| contains(bytes, f))
}

/// A pseudo-terminal: the child gets its slave side as controlling terminal (so it can
/// open /dev/tty); the test reads what the child wrote to it from the master side.
pub struct Pty {
    master: std::fs::File,
    slave: std::fs::File,
}

impl Pty {
    pub fn new() -> Pty {
        use std::os::unix::io::FromRawFd;
        // SAFETY: plain libc calls; descriptors are owned by the returned Files.
        unsafe {
            let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
            assert!(m >= 0);
            assert_eq!(libc::grantpt(m), 0);
            assert_eq!(libc::unlockpt(m), 0);
            let mut name = [0 as libc::c_char; 128];
            assert_eq!(libc::ptsname_r(m, name.as_mut_ptr(), name.len()), 0);
            let s = libc::open(name.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
            assert!(s >= 0);
            Pty {
                master: std::fs::File::from_raw_fd(m),
                slave: std::fs::File::from_raw_fd(s),
            }
        }
    }

    /// Make `cmd`'s child a session leader with this terminal as its controlling terminal.
    pub fn attach(&self, cmd: &mut std::process::Command) {
        use std::os::unix::io::AsRawFd;
        use std::os::unix::process::CommandExt;
        let s = self.slave.as_raw_fd();
        // SAFETY: setsid and ioctl are async-signal-safe.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setsid() < 0 || libc::ioctl(s, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }

    pub fn slave(&self) -> std::fs::File {
        self.slave.try_clone().unwrap()
    }

    /// Type `keys` on the terminal (the line discipline holds them until read).
    pub fn type_keys(&self, keys: &[u8]) {
        use std::io::Write;
        (&self.master).write_all(keys).unwrap();
    }

    /// Everything written to the terminal so far (call after the child exited).
    pub fn output(self) -> String {
        use std::os::unix::io::AsRawFd;
        drop(self.slave);
        let fd = self.master.as_raw_fd();
        // SAFETY: making our own descriptor non-blocking.
        unsafe {
            libc::fcntl(
                fd,
                libc::F_SETFL,
                libc::fcntl(fd, libc::F_GETFL) | libc::O_NONBLOCK,
            );
        }
        let mut out = vec![];
        let mut buf = [0u8; 4096];
        let mut m = &self.master;
        loop {
            match m.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&out).replace('\r', "")
    }
}

/// Run with a controlling terminal; returns the output and what went to the terminal.
pub fn run_with_tty(mut cmd: std::process::Command, stdout_is_tty: bool) -> (Output, String) {
    use std::process::Stdio;
    let pty = Pty::new();
    pty.attach(&mut cmd);
    cmd.stdin(Stdio::null()).stderr(Stdio::piped());
    if stdout_is_tty {
        cmd.stdout(Stdio::from(pty.slave()));
    } else {
        cmd.stdout(Stdio::piped());
    }
    let child = cmd.spawn().unwrap();
    let o = child.wait_with_output().unwrap();
    (o, pty.output())
}
