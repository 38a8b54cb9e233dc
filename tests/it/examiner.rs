//! The examiner: what someone who holds images of the disk (and the passphrase they coerced)
//! sees of the emergency features. Everything visible without the passphrase is compared —
//! bytes changed per 1 KiB slot of the key file, file sizes, inode numbers, birth and
//! modification times, stdout, stderr, exit codes — between a vault with a duress slot and
//! one without; a duress "destroy" must not date itself on a single image; `panic` must never
//! say "erased" while the key survives (symlinked or read-only key files). See
//! docs/emergency.md.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

use crate::support::*;

const DURESS: &str = "duress passphrase Бишкек 1990 examiner";
const NEW: &str = "a new passphrase Нарын 2026 examiner";
const SECOND: &str = "second person's passphrase Ош 1999 examiner";

const HEADER_LEN: usize = 128;
const SLOT_LEN: usize = 1008;
const N_SLOTS: usize = 8;

/// What an examiner sees of a vault's files without any passphrase.
#[derive(Debug, Clone)]
struct Look {
    key: Vec<u8>,
    /// (inode, birth time, modification time, size) of the directory, key file, database.
    files: Vec<(u64, Option<SystemTime>, SystemTime, u64)>,
}

fn look(dir: &Path) -> Look {
    let files = [
        dir.to_path_buf(),
        dir.join("sandyk.key"),
        dir.join("sandyk.db"),
    ]
    .iter()
    .map(|p| {
        let m = fs::symlink_metadata(p).unwrap();
        // Birth time through statx (`stat -c %W`); None where the file system has none.
        (m.ino(), m.created().ok(), m.modified().unwrap(), m.len())
    })
    .collect();
    Look {
        key: fs::read(dir.join("sandyk.key")).unwrap(),
        files,
    }
}

/// Per 1 KiB slot of the key file: whether it changed (more than chance agreement).
fn slots_changed(a: &[u8], b: &[u8]) -> Vec<bool> {
    (0..N_SLOTS)
        .map(|i| {
            let r = HEADER_LEN + i * SLOT_LEN..HEADER_LEN + (i + 1) * SLOT_LEN;
            let same = a[r.clone()]
                .iter()
                .zip(&b[r])
                .filter(|(x, y)| x == y)
                .count();
            same < SLOT_LEN / 2
        })
        .collect()
}

/// Everything about one step an examiner can compare between two vaults: which slots
/// changed, whether the header's fields (salt, parameters, vault id) changed, the key file's
/// size, whether each inode changed, and the command's output with the vault's path removed.
fn observe(e: &Env, args: &[&str], secrets: &[&str]) -> (Vec<bool>, bool, String) {
    let before = look(&e.vault());
    let o = e.run(args, secrets, b"");
    let after = look(&e.vault());
    let inodes: Vec<bool> = before
        .files
        .iter()
        .zip(&after.files)
        .map(|(b, a)| a.0 != b.0)
        .collect();
    let sizes: Vec<bool> = before
        .files
        .iter()
        .zip(&after.files)
        .skip(1)
        .map(|(b, a)| a.3 != b.3)
        .collect();
    let root = e.root.path().display().to_string();
    let out = format!(
        "exit {:?}\nstdout {}\nstderr {}\ninodes changed {inodes:?}\nkey file {} bytes\n\
         sizes changed {sizes:?}",
        o.status.code(),
        stdout(&o).replace(&root, "ROOT"),
        stderr(&o).replace(&root, "ROOT"),
        after.key.len(),
    );
    (
        slots_changed(&before.key, &after.key),
        before.key[..96] != after.key[..96],
        out,
    )
}

fn vault_with_incident() -> Env {
    let e = Env::new();
    e.init();
    e.add_json(INCIDENT);
    e
}

/// (2a, 2c) The same sequence of commands on a vault with a duress slot and on one without
/// shows the same thing to an examiner at every step: every rewrite changes every slot of
/// the key file (used or not) and never the header's fields, the same output and exit code.
#[test]
fn a_duress_slot_changes_nothing_an_examiner_can_compare() {
    let with = vault_with_incident();
    let without = vault_with_incident();
    assert_ok(&with.run(
        &["duress", "set", "--action", "destroy"],
        &[PASS, DURESS],
        b"",
    ));
    // The vault without a duress slot had a rewrite too (a passphrase added and removed),
    // so both start from "the key file was rewritten after init".
    assert_ok(&without.run(
        &["passphrase", "add", "--label", "tmp"],
        &[PASS, SECOND],
        b"",
    ));
    assert_ok(&without.run(&["passphrase", "remove", "tmp"], &[PASS], b""));
    let steps: &[(&[&str], &[&str], bool)] = &[
        (&["passphrase", "list"], &[PASS], false),
        (&["passphrase", "list", "--json"], &[PASS], false),
        (&["passphrase", "change"], &[PASS, NEW], true),
        (
            &["passphrase", "add", "--label", "second"],
            &[NEW, SECOND],
            true,
        ),
        (&["passphrase", "list"], &[SECOND], false),
        (&["passphrase", "remove", "second"], &[NEW], true),
        (&["passphrase", "remove", "duress"], &[NEW], false),
        (&["passphrase", "remove", "main"], &[NEW], false),
        (&["list", "--deleted", "--json"], &[NEW], false),
        (&["duress", "remove"], &[NEW], true),
        (&["duress", "remove"], &[NEW], true),
        (&["passphrase", "list", "--json"], &[NEW], false),
    ];
    for (args, secrets, rewrites) in steps {
        let a = observe(&with, args, secrets);
        let b = observe(&without, args, secrets);
        assert_eq!(
            a.2, b.2,
            "{args:?}: output, exit code, inodes or sizes differ"
        );
        assert_eq!(a.0, b.0, "{args:?}: slots changed differ");
        assert_eq!(a.1, b.1, "{args:?}: header change differs");
        let expect = vec![*rewrites; N_SLOTS];
        assert_eq!(a.0, expect, "{args:?}: with a duress slot");
        assert!(!a.1, "{args:?}: the header's salt/parameters changed");
    }
    // The duress slot did its job until `duress remove` (checked without running it).
    assert!(!opens(&with.vault(), DURESS));
    assert!(opens(&with.vault(), NEW) && opens(&without.vault(), NEW));
}

/// (2c) Every command that rewrites the key file re-randomises every unused slot and gives
/// every used one a fresh nonce: two images never show which slots are in use.
#[test]
fn every_key_file_rewrite_changes_every_slot() {
    let e = vault_with_incident();
    let steps: &[(&[&str], &[&str])] = &[
        (&["passphrase", "change"], &[PASS, NEW]),
        (&["passphrase", "add", "--label", "second"], &[NEW, SECOND]),
        (&["recovery-key"], &[NEW]),
        (&["duress", "set", "--action", "destroy"], &[NEW, DURESS]),
        (&["passphrase", "change"], &[SECOND, PASS]),
        (&["passphrase", "remove", "second"], &[NEW]),
        (&["duress", "remove"], &[NEW]),
    ];
    for (args, secrets) in steps {
        let before = fs::read(e.vault().join("sandyk.key")).unwrap();
        assert_ok(&e.run(args, secrets, b""));
        let after = fs::read(e.vault().join("sandyk.key")).unwrap();
        assert_eq!(
            slots_changed(&before, &after),
            vec![true; N_SLOTS],
            "{args:?}"
        );
        assert_eq!(before[..96], after[..96], "{args:?}: header fields changed");
    }
    assert!(opens(&e.vault(), NEW));
    assert!(!opens(&e.vault(), SECOND) && !opens(&e.vault(), DURESS));
}

/// Birth time of a path (statx), which the test needs: ext4 and tmpfs have one.
fn btime(p: &Path) -> SystemTime {
    fs::metadata(p)
        .unwrap()
        .created()
        .expect("this file system records birth times (statx)")
}

/// (2b) After a duress "destroy", nothing on one image dates the moment it fired: the
/// directory, key file and database keep their inodes (so their birth times predate it),
/// the key file's header is unchanged, the modification times are put back, and the new
/// vault's `created` (and its slot's) is the real vault's.
#[test]
fn duress_destroy_does_not_date_itself() {
    let e = Env::new();
    let mut init = vec!["init"];
    init.extend(kdf_args());
    let mut c = e.cmd(&init, &[PASS]);
    c.env("SANDYK_TEST_NOW", "2026-01-05T09:00:00+06:00[Asia/Bishkek]");
    assert_ok(&run_with_stdin(c, b""));
    e.add_json(INCIDENT);
    assert_ok(&e.run(
        &["duress", "set", "--action", "destroy"],
        &[PASS, DURESS],
        b"",
    ));
    let (created, slot_created) = {
        let v = open_lib(&e.vault(), PASS);
        let c = v.db.meta_get("created").unwrap().unwrap();
        let s = v.db.slot_labels().unwrap();
        let main = s.iter().find(|(_, _, l, _)| l == "main").unwrap().3.clone();
        (c, main)
    };
    let before = look(&e.vault());
    let names_before = names_in(&e.vault());
    let journal = e.vault().join("sandyk.db-journal");
    let journal_inode = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&journal).ok().map(|m| m.ino())
    };
    // Its size and modification time too: the empty vault's journal was shorter and
    // newer, which dated the trigger (a second adversarial probe).
    let journal_seen = std::fs::metadata(&journal)
        .ok()
        .map(|m| (m.len(), m.modified().unwrap()));
    std::thread::sleep(Duration::from_millis(30));
    let fired = SystemTime::now();
    std::thread::sleep(Duration::from_millis(30));
    let o = e.run(&["list", "--json"], &[DURESS], b"");
    assert_ok(&o);
    assert_eq!(stdout(&o).trim(), "[]");
    let after = look(&e.vault());
    for (what, (b, a)) in ["directory", "key file", "database"]
        .iter()
        .zip(before.files.iter().zip(&after.files))
    {
        assert_eq!(a.0, b.0, "{what}: new inode");
        let p = match *what {
            "directory" => e.vault(),
            "key file" => e.vault().join("sandyk.key"),
            _ => e.vault().join("sandyk.db"),
        };
        assert!(
            btime(&p) < fired,
            "{what}: born after the duress passphrase"
        );
        assert_eq!(a.2, b.2, "{what}: modification time dates the moment");
    }
    assert_eq!(before.key[..96], after.key[..96], "header fields changed");
    // The same names as before (the persistent journal included: it is emptied in place,
    // never replaced, so it does not date the moment either).
    assert_eq!(names_in(&e.vault()), names_before);
    if let Some(ino) = journal_inode {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(
            std::fs::metadata(&journal).unwrap().ino(),
            ino,
            "journal: new inode"
        );
        assert!(
            btime(&journal) < fired,
            "journal: born after the duress passphrase"
        );
    }
    if let Some((len, modified)) = journal_seen {
        let m = std::fs::metadata(&journal).unwrap();
        assert!(
            m.len() >= len,
            "journal: shorter than before ({} < {len})",
            m.len()
        );
        assert_eq!(
            m.modified().unwrap(),
            modified,
            "journal: modification time dates the moment"
        );
    }
    // The real vault is gone; the empty one carries the real vault's dates.
    assert!(!opens(&e.vault(), PASS));
    let v = open_lib(&e.vault(), DURESS);
    assert_eq!(v.db.meta_get("created").unwrap().unwrap(), created);
    let s = v.db.slot_labels().unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].2.as_str(), s[0].3.as_str()),
        ("main", &slot_created[..])
    );
    drop(v);
    // It is a working vault: it keeps what is added, and `check` passes.
    assert_ok(&e.run(&["add", "--input", "json"], &[DURESS], INCIDENT.as_bytes()));
    assert_eq!(list_json(&e, DURESS).as_array().unwrap().len(), 1);
    assert_check_ok(&e, DURESS);
}

/// After a duress "seal" fires, the key file (replaced: a new inode) and the directory keep
/// their modification times, as an ordinary `list` leaves them (a second adversarial probe
/// saw the trigger's time on both).
#[test]
fn duress_seal_keeps_the_modification_times() {
    let e = vault_with_incident();
    let (_, recipient) = age_identity_file(e.root.path().join("lawyer.txt"), "");
    assert_ok(&e.run(
        &["duress", "set", "--action", "seal", "--to", &recipient],
        &[PASS, DURESS],
        b"",
    ));
    let key = e.vault().join("sandyk.key");
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let (key_before, dir_before) = (mtime(&key), mtime(&e.vault()));
    std::thread::sleep(Duration::from_millis(30));
    let o = e.run(&["list", "--json"], &[DURESS], b"");
    assert_ok(&o);
    assert_eq!(stdout(&o).trim(), "[]");
    assert!(!opens(&e.vault(), PASS), "the seal did not fire");
    assert_eq!(
        mtime(&key),
        key_before,
        "key file: modification time dates the moment"
    );
    assert_eq!(
        mtime(&e.vault()),
        dir_before,
        "directory: modification time dates the moment"
    );
}

/// A vault whose directory also holds `extra` (made by `prepare` after init): a duress
/// destroy leaves a working empty vault, never "no vault", and leaves `extra` alone.
fn duress_destroy_with(e: &Env, extra: &str) {
    assert_ok(&e.run(
        &["duress", "set", "--action", "destroy"],
        &[PASS, DURESS],
        b"",
    ));
    let o = e.run(&["list", "--json"], &[DURESS], b"");
    assert_ok(&o);
    assert_eq!(stdout(&o).trim(), "[]", "{extra}");
    // The next command finds an ordinary vault, not "no vault".
    let o = e.run(&["list", "--json"], &[DURESS], b"");
    assert_ok(&o);
    let o = e.run(&["list"], &[PASS], b"");
    assert_code(&o, 3);
    assert!(
        e.vault().join(extra).exists(),
        "{extra} was removed: {:?}",
        names_in(&e.vault())
    );
    assert_check_ok(e, DURESS);
}

/// (2d) A foreign file in the vault directory.
#[test]
fn duress_destroy_with_a_foreign_file() {
    let e = vault_with_incident();
    fs::write(e.vault().join("notes.txt"), b"not the vault's").unwrap();
    duress_destroy_with(&e, "notes.txt");
    assert_eq!(
        fs::read(e.vault().join("notes.txt")).unwrap(),
        b"not the vault's"
    );
}

/// (2d) `lost+found` in the vault directory.
#[test]
fn duress_destroy_with_lost_and_found() {
    let e = vault_with_incident();
    fs::create_dir(e.vault().join("lost+found")).unwrap();
    duress_destroy_with(&e, "lost+found");
}

/// Unmount on drop.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        for _ in 0..50 {
            if sh("umount", &[self.0.as_os_str()]).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = sh("umount", &["-l".as_ref(), self.0.as_os_str()]);
    }
}

/// (2d) The vault directory is the root of a file system (a loop-mounted ext4 with its
/// `lost+found`): the directory cannot be removed and re-created, and must not need to be.
#[test]
fn duress_destroy_at_a_mount_point() {
    if !root_tests_enabled("duress destroy at a mount point") {
        return;
    }
    let e = Env::new();
    let img = e.root.path().join("fs.img");
    fs::File::create(&img).unwrap().set_len(32 << 20).unwrap();
    sh(
        "mkfs.ext4",
        &["-q".as_ref(), "-F".as_ref(), img.as_os_str()],
    )
    .unwrap();
    fs::create_dir(e.vault()).unwrap();
    sh(
        "mount",
        &[
            "-o".as_ref(),
            "loop".as_ref(),
            img.as_os_str(),
            e.vault().as_os_str(),
        ],
    )
    .unwrap_or_else(|err| panic!("loop mount needs root ({err}); SANDYK_SKIP_ROOT_TESTS=1 skips"));
    let _m = Mounted(e.vault());
    e.init();
    e.add_json(INCIDENT);
    let ino = fs::metadata(e.vault()).unwrap().ino();
    duress_destroy_with(&e, "lost+found");
    assert_eq!(fs::metadata(e.vault()).unwrap().ino(), ino);
}

// ---- no false "erased" ----

const ERASED: &str = "the key was erased";

/// The vault's key file moved elsewhere (a USB stick) and `sandyk.key` a symlink to it.
fn symlinked_key(e: &Env) -> PathBuf {
    let usb = e.root.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let real = usb.join("sandyk.key");
    fs::rename(e.vault().join("sandyk.key"), &real).unwrap();
    std::os::unix::fs::symlink(&real, e.vault().join("sandyk.key")).unwrap();
    real
}

/// (3) Unlock refuses a symlinked key file with a clear error and hint; `panic` follows the
/// link to the key file, overwrites it in place and removes it, and only then says "erased".
#[test]
fn panic_destroys_a_symlinked_key_file() {
    let e = vault_with_incident();
    let real = symlinked_key(&e);
    let key = fs::read(&real).unwrap();
    let o = e.run(&["list"], &[PASS], b"");
    assert_code(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("symbolic link") && err.contains("hint:"),
        "{err}"
    );
    // A second name for the key file's inode, to see whether it is overwritten or only
    // unlinked.
    let witness = e.root.path().join("usb-witness");
    fs::hard_link(&real, &witness).unwrap();
    let o = e.run(&["panic"], &[], b"");
    assert_ok(&o);
    assert!(stderr(&o).contains(ERASED), "{}", stderr(&o));
    assert!(!real.exists(), "the real key file is still there");
    let w = fs::read(&witness).unwrap();
    assert_eq!(w.len(), key.len());
    assert!(
        slots_changed(&key, &w).iter().all(|c| *c) && w[..96] != key[..96],
        "the real key file was not overwritten"
    );
    assert!(!e.vault().exists());
}

/// (3) A database that is a symbolic link is refused like a linked key file.
#[test]
fn a_symlinked_database_is_refused() {
    let e = vault_with_incident();
    let elsewhere = e.root.path().join("elsewhere.db");
    fs::rename(e.vault().join("sandyk.db"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, e.vault().join("sandyk.db")).unwrap();
    let o = e.run(&["list"], &[PASS], b"");
    assert_code(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("symbolic link") && err.contains("hint:"),
        "{err}"
    );
}

/// Run `sandyk --vault V args…` as uid/gid 65534 (the vault tree must belong to it).
fn as_nobody(e: &Env, args: &[&str]) -> Output {
    let pre: Vec<std::ffi::OsString> = ["--reuid=65534", "--regid=65534", "--clear-groups"]
        .iter()
        .map(Into::into)
        .collect();
    run_with_stdin(wrapped(e, "setpriv", &pre, args, &[]), b"")
}

fn chown_tree(p: &Path) {
    sh(
        "chown",
        &["-R".as_ref(), "65534:65534".as_ref(), p.as_os_str()],
    )
    .unwrap();
}

/// (3) A symlinked key file whose target `panic` cannot overwrite (it belongs to someone
/// else): `panic` destroys what it can, says the vault was NOT wiped, names the target and
/// exits non-zero.
#[test]
fn panic_never_says_erased_when_the_linked_key_survives() {
    if !root_tests_enabled("panic as an unprivileged user") {
        return;
    }
    let e = vault_with_incident();
    let real = symlinked_key(&e);
    let key = fs::read(&real).unwrap();
    chown_tree(e.root.path());
    // The key file and its directory belong to root: uid 65534 cannot write either.
    sh(
        "chown",
        &[
            "-R".as_ref(),
            "0:0".as_ref(),
            real.parent().unwrap().as_os_str(),
        ],
    )
    .unwrap();
    fs::set_permissions(real.parent().unwrap(), fs::Permissions::from_mode(0o755)).unwrap();
    let o = as_nobody(&e, &["panic"]);
    assert_code(&o, 1);
    let err = stderr(&o);
    assert!(!err.contains(ERASED), "{err}");
    assert!(
        err.contains("NOT wiped") && err.contains(&real.display().to_string()),
        "{err}"
    );
    assert_eq!(fs::read(&real).unwrap(), key);
    // What it could destroy is gone.
    assert!(!e.vault().join("sandyk.db").exists());
}

/// (3) A read-only (0400) key file is overwritten, not just unlinked, by `panic` — as root
/// and as its unprivileged owner.
#[test]
fn panic_overwrites_a_read_only_key_file() {
    for nobody in [false, true] {
        if nobody && !root_tests_enabled("panic as an unprivileged user") {
            continue;
        }
        let e = vault_with_incident();
        let key_path = e.vault().join("sandyk.key");
        let key = fs::read(&key_path).unwrap();
        let witness = e.root.path().join("witness");
        fs::hard_link(&key_path, &witness).unwrap();
        fs::set_permissions(&key_path, fs::Permissions::from_mode(0o400)).unwrap();
        let o = if nobody {
            chown_tree(e.root.path());
            as_nobody(&e, &["panic"])
        } else {
            e.run(&["panic"], &[], b"")
        };
        assert_ok(&o);
        assert!(stderr(&o).contains(ERASED), "{}", stderr(&o));
        let w = fs::read(&witness).unwrap();
        assert!(
            slots_changed(&key, &w).iter().all(|c| *c) && w[..96] != key[..96],
            "nobody={nobody}: the read-only key file was unlinked without being overwritten"
        );
        assert!(!e.vault().exists());
    }
}
