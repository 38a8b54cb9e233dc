//! The duress passphrase: typed at the prompt it silently destroys or seals the vault, then
//! answers exactly like a valid, empty vault (stdout, stderr, exit code). Nothing lists it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::*;

const DURESS: &str = "duress passphrase Бишкек 1990";
const NEW: &str = "new passphrase after unseal Өзгөн 9";

/// What a command prints and returns: (stdout, stderr, exit code).
fn shape(o: &Output) -> (String, String, Option<i32>) {
    (stdout(o), stderr(o), o.status.code())
}

/// A real, empty vault opened with its own passphrase: the reference.
fn reference(args: &[&str]) -> (String, String, Option<i32>) {
    let e = Env::new();
    e.init();
    shape(&e.run(args, &[PASS], b""))
}

fn lawyer(dir: &Path) -> (PathBuf, String) {
    age_identity_file(dir.join("lawyer.txt"), "")
}

/// A vault with an incident and a duress passphrase set with these extra arguments.
fn with_duress(extra: &[&str]) -> Env {
    let e = Env::new();
    e.init();
    e.add_json(INCIDENT);
    let mut args = vec!["duress", "set"];
    args.extend(extra);
    let o = e.run(&args, &[PASS, DURESS], b"");
    assert_ok(&o);
    e
}

/// The commands whose answers must not tell the stand-in from a real empty vault.
const PROBES: &[&[&str]] = &[
    &["list", "--json"],
    &["list"],
    &["list", "--deleted", "--json"],
    &["passphrase", "list", "--json"],
    &["check", "--json"],
    &["show", "ZZZZZZ"],
    &["category", "list", "--json"],
    &["search", "машина", "--json"],
    &["history", "ZZZZZZ"],
];

#[test]
fn duress_destroy_erases_and_then_answers_like_an_empty_vault() {
    for probe in PROBES {
        let e = with_duress(&["--action", "destroy"]);
        let key_before = fs::read(e.vault().join("sandyk.key")).unwrap();
        let dek = data_key(&e.vault(), PASS);
        let o = e.run(probe, &[DURESS], b"");
        assert_eq!(shape(&o), reference(probe), "{probe:?}");
        // The real vault is gone: no copy of its key slots or data key anywhere. (The
        // header's KDF salt and parameters are kept on purpose: the new empty vault is keyed
        // with the KEK the duress passphrase already produced, see docs/emergency.md.)
        let needles = Needles::new(&[key_before[128..].to_vec(), dek.to_vec()]);
        assert_eq!(needles.find_under(e.root.path()), vec![], "{probe:?}");
        assert!(!opens(&e.vault(), PASS));
    }
}

#[test]
fn after_a_duress_destroy_the_vault_is_an_ordinary_empty_one() {
    let e = with_duress(&["--action", "destroy"]);
    let wrong_on_empty = {
        let r = Env::new();
        r.init();
        shape(&r.run(&["list"], &["not the passphrase"], b""))
    };
    assert_ok(&e.run(&["list"], &[DURESS], b""));
    // The old passphrase is simply wrong — the same answer as any wrong passphrase.
    assert_eq!(shape(&e.run(&["list"], &[PASS], b"")), wrong_on_empty);
    // The duress passphrase now opens a real, empty vault that keeps what is written.
    let o = e.run(&["add", "--input", "json"], &[DURESS], INCIDENT.as_bytes());
    assert_ok(&o);
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&e.run(&["list", "--json"], &[DURESS], b""))).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_ok(&e.run(&["check"], &[DURESS], b""));
    let o = e.run(
        &["passphrase", "change"],
        &[DURESS, "another one entirely 55 ңө"],
        b"",
    );
    assert_ok(&o);
    assert_ok(&e.run(&["list"], &["another one entirely 55 ңө"], b""));
}

#[test]
fn duress_seal_hides_the_seal_and_answers_like_an_empty_vault() {
    for probe in PROBES {
        let e0 = Env::new();
        let (_, r) = lawyer(e0.root.path());
        let e = with_duress(&["--action", "seal", "--to", &r]);
        let o = e.run(probe, &[DURESS], b"");
        assert_eq!(shape(&o), reference(probe), "{probe:?}");
    }
}

#[test]
fn after_a_duress_seal_only_the_lawyer_opens_the_data() {
    let e = Env::new();
    e.init();
    e.add_json(INCIDENT);
    let before = stdout(&e.run(&["list", "--json"], &[PASS], b""));
    let (id, r) = lawyer(e.root.path());
    assert_ok(&e.run(
        &["duress", "set", "--action", "seal", "--to", &r],
        &[PASS, DURESS],
        b"",
    ));
    let real_dek = data_key(&e.vault(), PASS);
    // The duress slot never holds the real data key: whoever learns the duress passphrase
    // and reads the key file with a tool of their own gets nothing.
    let duress_dek = key_file_dek(&e.vault(), DURESS).expect("the duress slot opens");
    assert_ne!(duress_dek, real_dek);
    let wrong_on_empty = {
        let r = Env::new();
        r.init();
        shape(&r.run(&["list"], &["not the passphrase"], b""))
    };
    assert_eq!(
        shape(&e.run(&["list", "--json"], &[DURESS], b"")),
        reference(&["list", "--json"])
    );
    // Sealed, and nothing shows it: no age header in the key file, and the real passphrase
    // gets the plain "wrong passphrase" (not "sealed").
    let kf = fs::read(e.vault().join("sandyk.key")).unwrap();
    assert!(!contains(&kf, b"age-encryption.org"));
    assert_eq!(shape(&e.run(&["list"], &[PASS], b"")), wrong_on_empty);
    assert!(!opens(&e.vault(), PASS));
    // The duress passphrase keeps showing an empty vault (and changes nothing on disk).
    assert_eq!(
        shape(&e.run(&["list", "--json"], &[DURESS], b"")),
        reference(&["list", "--json"])
    );
    assert_eq!(fs::read(e.vault().join("sandyk.key")).unwrap(), kf);
    // Another key gets "wrong key" (exit 3), as for a visible seal — not "the vault is not
    // sealed", which told the lawyer no seal had happened (a second adversarial probe) — and
    // a vault that was never sealed gets the same answer.
    fs::create_dir_all(e.root.path().join("other")).unwrap();
    let (other, _) = lawyer(&e.root.path().join("other"));
    let o = e.run(
        &["unseal", "--identity", other.to_str().unwrap()],
        &[NEW],
        b"",
    );
    assert_code(&o, 3);
    assert!(stderr(&o).contains("not to this key"), "{}", stderr(&o));
    assert_eq!(fs::read(e.vault().join("sandyk.key")).unwrap(), kf);
    let plain = Env::new();
    plain.init();
    let o2 = plain.run(
        &["unseal", "--identity", other.to_str().unwrap()],
        &[NEW],
        b"",
    );
    assert_eq!(
        shape(&o2)
            .1
            .replace(&plain.vault().display().to_string(), "V"),
        shape(&o).1.replace(&e.vault().display().to_string(), "V")
    );
    assert_eq!(o2.status.code(), Some(3));
    // The lawyer's identity opens the data; the duress passphrase is gone with the seal.
    assert_ok(&e.run(&["unseal", "--identity", id.to_str().unwrap()], &[NEW], b""));
    assert_eq!(stdout(&e.run(&["list", "--json"], &[NEW], b"")), before);
    assert_code(&e.run(&["list"], &[DURESS], b""), 3);
}

#[test]
fn nothing_lists_or_names_the_duress_passphrase() {
    let plain = Env::new();
    plain.init();
    plain.add_json(INCIDENT);
    let e = with_duress(&["--action", "destroy"]);
    // `passphrase list` is the same with and without a duress passphrase.
    for args in [
        &["passphrase", "list", "--json"][..],
        &["passphrase", "list"][..],
    ] {
        assert_eq!(
            shape(&e.run(args, &[PASS], b"")),
            shape(&plain.run(args, &[PASS], b""))
        );
    }
    // Its label is not a label: removing it by name fails as for any unknown label, and the
    // name is free for a real passphrase.
    let o = e.run(&["passphrase", "remove", "duress"], &[PASS], b"");
    assert_code(&o, 5);
    assert_ok(&e.run(
        &["passphrase", "add", "--label", "duress"],
        &[PASS, "a real second one 31 ңө"],
        b"",
    ));
    // `duress remove` answers the same whether or not one was set.
    let with = e.run(&["duress", "remove"], &[PASS], b"");
    let without = plain.run(&["duress", "remove"], &[PASS], b"");
    assert_eq!(shape(&with), shape(&without));
    assert_ok(&with);
    // And it is gone: the duress passphrase is now just wrong, the vault untouched.
    assert_code(&e.run(&["list"], &[DURESS], b""), 3);
    assert!(opens(&e.vault(), PASS));
}

#[test]
fn duress_set_refuses_what_would_not_work() {
    let e = Env::new();
    e.init();
    let kf = fs::read(e.vault().join("sandyk.key")).unwrap();
    // The vault's own passphrase cannot be the duress one.
    assert_code(
        &e.run(
            &["duress", "set", "--action", "destroy"],
            &[PASS, PASS],
            b"",
        ),
        2,
    );
    // seal needs --to; destroy takes none.
    assert_code(
        &e.run(&["duress", "set", "--action", "seal"], &[PASS, DURESS], b""),
        2,
    );
    let (_, r) = lawyer(e.root.path());
    assert_code(
        &e.run(
            &["duress", "set", "--action", "destroy", "--to", &r],
            &[PASS, DURESS],
            b"",
        ),
        2,
    );
    assert_eq!(fs::read(e.vault().join("sandyk.key")).unwrap(), kf);
    // A key too large for the duress slot (RSA 4096) is refused with a clear error.
    if have("ssh-keygen") {
        let k = e.root.path().join("rsa");
        assert!(std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "rsa", "-b", "4096", "-N", "", "-f"])
            .arg(&k)
            .status()
            .unwrap()
            .success());
        let public = fs::read_to_string(k.with_extension("pub")).unwrap();
        let o = e.run(
            &["duress", "set", "--action", "seal", "--to", public.trim()],
            &[PASS, DURESS],
            b"",
        );
        assert_code(&o, 2);
        assert!(stderr(&o).contains("too large"), "{}", stderr(&o));
        assert_eq!(fs::read(e.vault().join("sandyk.key")).unwrap(), kf);
    }
}

/// A passphrase changed or added to be the duress one (a careless helper, or chance) used to
/// be accepted: which slot a passphrase opened then depended on the slots' random order — in
/// about half the runs the defender's own new passphrase destroyed the vault, in the others
/// the duress passphrase showed the real incidents. Both are refused now (exit 2, the key
/// file unchanged), and so is a second copy of a passphrase that already opens the vault
/// (`passphrase remove` of one copy said "it no longer opens the vault" while the other did).
#[test]
fn no_passphrase_can_become_the_duress_one_or_a_second_copy() {
    let e = with_duress(&["--action", "destroy"]);
    let key = e.vault().join("sandyk.key");
    let kf = fs::read(&key).unwrap();
    let refused = |args: &[&str], secrets: &[&str]| {
        let o = e.run(args, secrets, b"");
        assert_code(&o, 2);
        let err = stderr(&o);
        assert!(
            err.contains("this passphrase already opens this vault; nothing was changed")
                && err.contains("hint:"),
            "{err}"
        );
        assert!(
            fs::read(&key).unwrap() == kf,
            "{args:?} changed the key file"
        );
    };
    refused(&["passphrase", "change"], &[PASS, DURESS]);
    refused(&["passphrase", "add", "--label", "spare"], &[PASS, DURESS]);
    refused(&["passphrase", "add", "--label", "copy"], &[PASS, PASS]);
    // Nothing moved: the incident is there under the real passphrase, the duress one still
    // acts, and the real one is wrong afterwards.
    let o = e.run(&["list", "--json"], &[PASS], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains("\"id\""), "{}", stdout(&o));
    assert_eq!(
        shape(&e.run(&["list", "--json"], &[DURESS], b"")),
        reference(&["list", "--json"])
    );
    assert_code(&e.run(&["list"], &[PASS], b""), 3);
}

#[test]
fn duress_survives_a_passphrase_change() {
    let e = with_duress(&["--action", "destroy"]);
    assert_ok(&e.run(&["passphrase", "change"], &[PASS, NEW], b""));
    assert_ok(&e.run(&["list"], &[NEW], b""));
    // The salt was kept (another slot shares it), so the duress passphrase still acts.
    assert_eq!(
        shape(&e.run(&["list", "--json"], &[DURESS], b"")),
        reference(&["list", "--json"])
    );
    assert_code(&e.run(&["list"], &[NEW], b""), 3);
}

/// `panic` after a duress destroy: the (new, empty) vault is in place, so `panic` destroys
/// it and exits 0, exactly as on any vault — its exit code tells nothing about the duress.
/// Only a second `panic`, on a directory with nothing left, is exit 5 ("NO VAULT AT").
#[test]
fn panic_after_a_duress_destroy_is_an_ordinary_panic() {
    let e = with_duress(&["--action", "destroy"]);
    assert_ok(&e.run(&["list"], &[DURESS], b""));
    let plain = Env::new();
    plain.init();
    let (a, b) = (e.run(&["panic"], &[], b""), plain.run(&["panic"], &[], b""));
    assert_ok(&a);
    assert_ok(&b);
    let first_line = |o: &std::process::Output| {
        stderr(o)
            .lines()
            .next()
            .unwrap_or("")
            .split(" in ")
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(first_line(&a), first_line(&b));
    assert!(!e.vault().exists());
    assert_code(&e.run(&["panic"], &[], b""), 5);
}
