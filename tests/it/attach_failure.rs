//! Intake that does not finish leaves the vault exactly as it was: the process killed
//! mid-way (SIGKILL), the disk filling up (a 4 MiB tmpfs; needs root and `mount`), and the
//! file changing while it is read. Afterwards `check` passes, the incident and its history
//! are as before, and there is no attachment.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INCIDENT: &str =
    r#"{"title":"Кыдырып жүргөн машина","occurred":"2026-11-27 15:00","category":"followed"}"#;

/// What a vault shows: its incidents, one incident's history, and its attachments.
fn state(e: &Env, id: &str) -> (String, String, String) {
    let get = |args: &[&str]| {
        let o = e.run(args, &[PASS], b"");
        assert_ok(&o);
        stdout(&o)
    };
    (
        get(&["list", "--json"]),
        get(&["history", id, "--json"]),
        get(&["attachments", id, "--json"]),
    )
}

fn big_file(e: &Env, mib: usize) -> PathBuf {
    let dir = e.root.path().join("input");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("big.wav");
    std::fs::write(&p, noise(mib << 20, 5)).unwrap();
    p
}

/// Bytes of the whole vault: the database and the attachment store.
fn vault_size(e: &Env) -> u64 {
    bytes_under(&e.vault())
}

/// Start `attach` and wait until it has written at least `grown` bytes into the vault.
fn start_attach(e: &Env, id: &str, file: &Path, grown: u64) -> Child {
    let before = vault_size(e);
    let mut c = e.cmd(&["attach", id, file.to_str().unwrap()], &[PASS]);
    c.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let t0 = Instant::now();
    while vault_size(e) < before + grown {
        assert!(
            child.try_wait().unwrap().is_none(),
            "attach finished before it could be interrupted"
        );
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "intake did not start"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

#[test]
fn killed_mid_intake_leaves_the_vault_unchanged() {
    let e = Env::new();
    e.init();
    let id = e.add_json(INCIDENT).remove(0);
    let before = state(&e, &id);
    let size_before = vault_size(&e);
    let f = big_file(&e, 160);
    let mut child = start_attach(&e, &id, &f, 24 << 20);
    child.kill().unwrap(); // SIGKILL
    let st = child.wait().unwrap();
    assert!(!st.success());
    // The next open rolls the interrupted transaction back.
    let o = e.run(&["check"], &[PASS], b"");
    assert_ok(&o);
    assert_eq!(state(&e, &id), before);
    assert!(
        vault_size(&e) < size_before + (1 << 20),
        "the vault did not shrink back (the killed intake's content file is swept): {}",
        vault_size(&e)
    );
    assert_eq!(
        vault_names(&e.vault()),
        ["sandyk.db", "sandyk.key"],
        "no hot journal"
    );
    // And the vault works: the same file attaches now.
    let o = e.run(&["attach", &id, f.to_str().unwrap()], &[PASS], b"");
    assert_ok(&o);
}

#[test]
fn file_changing_during_intake_is_refused() {
    let e = Env::new();
    e.init();
    let id = e.add_json(INCIDENT).remove(0);
    let before = state(&e, &id);
    let f = big_file(&e, 160);
    let child = start_attach(&e, &id, &f, 8 << 20);
    // A recorder still writing: the file grows while sandyk reads it.
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(&f)
        .unwrap()
        .write_all(b"more audio")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_code(&o, 1);
    assert!(
        stderr(&o).contains("changed while it was being read"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("nothing was changed"), "{}", stderr(&o));
    assert_ok(&e.run(&["check"], &[PASS], b""));
    assert_eq!(state(&e, &id), before);
}

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn disk_full_leaves_the_vault_unchanged() {
    let e = Env::new();
    let dir = e.vault();
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs"])
        .arg(&dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("SKIPPED disk_full_leaves_the_vault_unchanged: cannot mount a tmpfs here (needs root and mount)");
        return;
    }
    let _m = Mount(dir.clone());
    e.init();
    let id = e.add_json(INCIDENT).remove(0);
    let before = state(&e, &id);
    let input = e.root.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    let f = input.join("video.mp4");
    std::fs::write(&f, noise(8 << 20, 11)).unwrap();
    let o = e.run(&["attach", &id, f.to_str().unwrap()], &[PASS], b"");
    assert_code(&o, 1);
    assert!(stderr(&o).contains("disk is full"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was changed"), "{}", stderr(&o));
    assert_ok(&e.run(&["check"], &[PASS], b""));
    assert_eq!(state(&e, &id), before);
    // The space came back: a small file fits.
    let small = input.join("note.txt");
    std::fs::write(&small, "Токтогул көчөсү, 15:00").unwrap();
    assert_ok(&e.run(&["attach", &id, small.to_str().unwrap()], &[PASS], b""));
    assert_ok(&e.run(&["check"], &[PASS], b""));
}
