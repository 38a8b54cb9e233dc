//! Wrong passphrases cost a full Argon2id run: no guess is rejected by a shortcut. (Same
//! message, exit code and untouched files, and near misses: tests/core_tamper.rs.)
//!
//! The vault uses the real floor (64 MiB, 3 passes) so that Argon2id dominates. The fastest
//! of several wrong guesses — a plain one, one shaped like a recovery key (tried as a
//! recovery key first, which needs no KDF), an empty-looking one — must take at least half
//! the time of one Argon2id derivation with the vault's parameters measured in this process.
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
    let argon = (0..3)
        .map(|_| {
            let t = Instant::now();
            sandyk::crypto::kdf::derive(b"a guess", &[7u8; 32], &params).unwrap();
            t.elapsed()
        })
        .min()
        .unwrap();
    let guesses = [
        "wrong passphrase".to_owned(),
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789".to_owned(), // a recovery key's shape
        format!("{PASS} "),
        "x".to_owned(),
    ];
    let mut fastest = Duration::MAX;
    for g in &guesses {
        let t = Instant::now();
        let o = e.run(&["list"], &[g], b"");
        let took = t.elapsed();
        assert_code(&o, 3);
        fastest = fastest.min(took);
    }
    let t = Instant::now();
    assert_ok(&e.run(&["list"], &[PASS], b""));
    let right = t.elapsed();
    eprintln!(
        "FIGURE|wrong-passphrase|wrong guesses each cost an Argon2id run (64 MiB, 3 passes)|{}|{}|fastest wrong guess {fastest:?}, one Argon2id run {argon:?}, right passphrase {right:?}",
        guesses.len(),
        usize::from(fastest < argon / 2)
    );
    assert!(
        fastest >= argon / 2,
        "a wrong guess was rejected in {fastest:?}, faster than Argon2id ({argon:?})"
    );
}
