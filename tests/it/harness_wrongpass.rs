//! Wrong passphrases cost a full Argon2id run: no guess is rejected by a shortcut. (Same
//! message, exit code and untouched files, and near misses: tests/core_tamper.rs.)
//!
//! The vault uses the real floor (64 MiB, 3 passes) so that Argon2id dominates. The fastest
//! of several wrong guesses — a plain one, one shaped like a recovery key (tried as a
//! recovery key first, which needs no KDF), an empty-looking one — must take at least half
//! the time of one Argon2id derivation with the vault's parameters measured in this process
//! right before or after it.
//! Lower bounds are robust on a loaded machine: load makes runs slower, never faster.

use std::time::{Duration, Instant};

use crate::support::*;

#[test]
fn every_wrong_guess_costs_an_argon2id_run() {
    let e = Env::new();
    let o = e.run(
        &[
            "init",
            "--kdf-memory",
            "64",
            "--kdf-time",
            "3",
            "--kdf-parallelism",
            "1",
        ],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    let params = sandyk::crypto::kdf::KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
    let derive = || {
        let t = Instant::now();
        sandyk::crypto::kdf::derive(b"a guess", &[7u8; 32], &params).unwrap();
        t.elapsed()
    };
    let guesses = [
        "wrong passphrase".to_owned(),
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789".to_owned(), // a recovery key's shape
        format!("{PASS} "),
        "x".to_owned(),
    ];
    // The other tests of the binary run in parallel and the load changes from second to
    // second, so each guess is compared with Argon2id runs measured right before and right
    // after it (the faster of the two: load only slows a run down).
    let mut argon = Duration::MAX;
    let mut fastest = Duration::MAX;
    let mut worst_ratio = f64::MAX;
    let mut before = derive();
    for g in &guesses {
        let t = Instant::now();
        let o = e.run(&["list"], &[g], b"");
        let took = t.elapsed();
        assert_code(&o, 3);
        let after = derive();
        let local = before.min(after);
        argon = argon.min(local);
        fastest = fastest.min(took);
        worst_ratio = worst_ratio.min(took.as_secs_f64() / local.as_secs_f64());
        before = after;
    }
    let t = Instant::now();
    assert_ok(&e.run(&["list"], &[PASS], b""));
    let right = t.elapsed();
    eprintln!(
        "FIGURE|wrong-passphrase|wrong guesses each cost an Argon2id run (64 MiB, 3 passes)|{}|{}|fastest wrong guess {fastest:?}, one Argon2id run {argon:?}, right passphrase {right:?}",
        guesses.len(),
        usize::from(worst_ratio < 0.5)
    );
    assert!(
        worst_ratio >= 0.5,
        "a wrong guess was rejected in {:.2} of the time of an Argon2id run measured next to \
         it (fastest guess {fastest:?}, fastest Argon2id run {argon:?})",
        worst_ratio
    );
}
