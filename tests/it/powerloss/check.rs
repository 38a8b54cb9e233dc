//! Opening a crash state through the real binary and judging it against the invariants.
//!
//! Each state is written out as a fresh vault directory and opened once per passphrase
//! (each on its own copy: opening rolls back a hot SQLite journal and settles a key-file
//! intent, and one passphrase must not help the other). `sandyk check` gives the exit code
//! (0 opens, 3 wrong passphrase, 4 damaged) and, when it opens, the counts and the hash
//! chain's head, which covers every revision's content and attachment hashes; the spec's
//! extra read commands (`list --json`, `passphrase list`, …) run on the copy that opened.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::support::{err, out, Scratch};
use super::trace::Fs;

/// What a reader sees in one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obs {
    /// The vault directory or its key file is gone.
    pub gone: bool,
    /// Per passphrase: its name and the exit code of `check`.
    pub codes: Vec<(String, i32)>,
    /// Everything printed by the read commands through the first passphrase that opens,
    /// and the one-line reason of the others.
    pub text: String,
}

impl Obs {
    pub fn opens(&self) -> usize {
        self.codes.iter().filter(|(_, c)| *c == 0).count()
    }

    pub fn damaged(&self) -> bool {
        self.codes.iter().any(|(_, c)| *c == 4)
    }
}

pub struct Observer<'a> {
    pub scratch: &'a Scratch,
    pub passes: Vec<(&'static str, &'static str)>,
    pub extra: Vec<Vec<String>>,
    /// Commands whose effect is itself the observation, each run on a throwaway copy:
    /// (name, args, secrets) → exit code and whether the key file is still there (the
    /// duress passphrase destroys the copy when it is set; the lawyer's `unseal` opens a
    /// sealed copy).
    pub probes: Vec<(&'static str, Vec<String>, Vec<&'static str>)>,
    /// (label, text): whether the first `check` that opens prints `text` on stderr goes
    /// into the observation. For the migration, which any opening finishes, so that the
    /// content alone cannot tell the state before from the state after: the notice that
    /// v1 attachments are being moved says the state had not been migrated yet.
    pub notice: Option<(&'static str, &'static str)>,
}

static N: AtomicUsize = AtomicUsize::new(0);

impl Observer<'_> {
    fn fresh_dir(&self) -> PathBuf {
        self.scratch.path().join(format!(
            "state-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ))
    }

    pub fn observe(&self, fs: &Fs) -> Obs {
        if !fs.root || !fs.names.contains_key("sandyk.key") {
            let names: Vec<&String> = fs.names.keys().collect();
            return Obs {
                gone: true,
                codes: vec![],
                text: format!("no vault (root {}, files {names:?})", fs.root),
            };
        }
        let mut codes = vec![];
        let mut text = String::new();
        let mut detail = None;
        for (name, pass) in &self.passes {
            let dir = self.fresh_dir();
            fs.materialize(&dir);
            let o = self.scratch.run(&dir, &[], &["check"], &[pass], b"");
            let code = o.status.code().unwrap_or(-1);
            codes.push((name.to_string(), code));
            let clean = |s: String| s.replace(&dir.display().to_string(), "VAULT");
            if code == 0 && detail.is_none() {
                let mut d = clean(out(&o));
                if let Some((label, needle)) = self.notice {
                    d.push_str(&format!("\n{label}: {}", err(&o).contains(needle)));
                }
                for args in &self.extra {
                    let a: Vec<&str> = args.iter().map(String::as_str).collect();
                    let e = self.scratch.run(&dir, &[], &a, &[pass], b"");
                    d.push_str(&format!(
                        "\n$ {} -> {:?}\n{}{}",
                        args.join(" "),
                        e.status.code(),
                        clean(out(&e)),
                        if e.status.success() {
                            String::new()
                        } else {
                            clean(err(&e))
                        }
                    ));
                }
                detail = Some(d);
            } else if code != 0 {
                let first = clean(err(&o)).lines().next().unwrap_or("").to_owned();
                text.push_str(&format!("{name}: exit {code}: {first}\n"));
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
        for (name, args, secrets) in &self.probes {
            let dir = self.fresh_dir();
            fs.materialize(&dir);
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = self.scratch.run(&dir, &[], &a, secrets, b"");
            text.push_str(&format!(
                "probe {name}: exit {:?}, key file left: {}\n",
                o.status.code(),
                dir.join("sandyk.key").exists()
            ));
            let _ = std::fs::remove_dir_all(&dir);
        }
        if let Some(d) = detail {
            text.push_str(&d);
        }
        Obs {
            gone: false,
            codes,
            text,
        }
    }

    /// `panic` run again on the state: must succeed and leave no vault directory.
    pub fn panic_again(&self, fs: &Fs) -> Result<(), String> {
        if !fs.root {
            return Ok(());
        }
        let dir = self.fresh_dir();
        fs.materialize(&dir);
        let o = self.scratch.run(&dir, &[], &["panic"], &[], b"");
        let left = dir.exists();
        let _ = std::fs::remove_dir_all(&dir);
        if !o.status.success() {
            return Err(format!(
                "panic again exited {:?}: {}",
                o.status.code(),
                err(&o).trim()
            ));
        }
        if left {
            return Err("panic again exited 0 but the vault directory is still there".into());
        }
        Ok(())
    }
}
