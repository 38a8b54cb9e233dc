//! Wrong passphrases cost a full Argon2id run: no guess is rejected by a shortcut. (Same
//! message, exit code and untouched files, and near misses: tests/core_tamper.rs.)
//!
//! The vault uses the real floor (64 MiB, 3 passes). Each of several wrong guesses — a plain
//! one, one shaped like a recovery key (tried as a recovery key first, which needs no KDF),
//! an empty-looking one — must have completed an Argon2id derivation with the vault's
//! parameters before it was refused: the debug binary reports the derivations it completed
//! (`SANDYK_TEST_KDF_RUNS`). Counted, not timed, so load cannot make it flake; the times
//! are printed as a figure next to one derivation measured in this process.

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
    let mut before = derive();
    for g in &guesses {
        let t = Instant::now();
        let mut c = e.cmd(&["list"], &[g]);
        c.env("SANDYK_TEST_KDF_RUNS", "1");
        let o = run_with_stdin(c, b"");
        let took = t.elapsed();
        assert_code(&o, 3);
        let err = stderr(&o);
        let runs = err
            .lines()
            .find_map(|l| l.strip_prefix("sandyk-test: kdf runs "))
            .unwrap_or_else(|| panic!("the binary did not report its KDF runs:\n{err}"));
        assert!(
            runs.contains("65536x3"),
            "the guess {g:?} was refused without an Argon2id run with the vault's parameters \
             (runs: {runs})"
        );
        let after = derive();
        let local = before.min(after);
        argon = argon.min(local);
        fastest = fastest.min(took);
        before = after;
    }
    let t = Instant::now();
    assert_ok(&e.run(&["list"], &[PASS], b""));
    let right = t.elapsed();
    eprintln!(
        "FIGURE|wrong-passphrase|wrong guesses each cost an Argon2id run (64 MiB, 3 passes)|{}|{}|fastest wrong guess {fastest:?}, one Argon2id run {argon:?}, right passphrase {right:?}",
        guesses.len(),
        0
    );
}
