//! Random tamper sweep (I4, I10), on top of the fixed cases of tests/core_tamper.rs: N
//! random mutations of the key file and the database — bit flips anywhere, truncation,
//! appended bytes, zeroed, swapped and duplicated pages, and header edits with the checksum
//! recomputed (KDF downgrade, absurd memory, passes and lanes) — each followed by the read
//! commands and `check`.
//!
//! After each mutation every read either fails (exit 4 "damaged"; exit 3 only for a key-file
//! slot edited with its checksum recomputed, which is indistinguishable from a wrong
//! passphrase — a documented limit of an unkeyed checksum) or prints exactly what it printed
//! before. No panic; no run takes more than 10 s; no child ever uses more than 512 MiB (an
//! absurd KDF memory parameter is refused before any allocation).
//!
//! Quick tier: 16 mutations. Long tier: SANDYK_TAMPER_N (scripts/torture sets it from the
//! time budget). SANDYK_TAMPER_SEED reproduces a run.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::*;

const PAGE: usize = 4096;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn fix_checksum(k: &mut [u8]) {
    let mut v = k[..96].to_vec();
    v.extend_from_slice(&k[128..]);
    let sum = sandyk::crypto::sha256(&v);
    k[96..128].copy_from_slice(&sum);
}

/// One random mutation of the vault in `dir`; returns its description and whether a
/// wrong-passphrase answer (exit 3) is acceptable for it.
fn mutate(dir: &Path, rng: &mut Rng) -> (String, bool) {
    let key = dir.join(sandyk::vault::KEYFILE_NAME);
    let db = dir.join(sandyk::vault::DB_NAME);
    let mut k = std::fs::read(&key).unwrap();
    let mut d = std::fs::read(&db).unwrap();
    let pages = d.len() / PAGE;
    let what = rng.below(12);
    let desc = match what {
        0 => {
            let i = rng.below(k.len());
            let bit = 1u8 << rng.below(8);
            k[i] ^= bit;
            format!("key file: flip bit {bit:#04x} at {i}")
        }
        1 => {
            let n = rng.below(k.len());
            k.truncate(n);
            format!("key file: truncate to {n}")
        }
        2 => {
            let n = 1 + rng.below(64);
            k.extend((0..n).map(|_| rng.next() as u8));
            format!("key file: append {n} bytes")
        }
        3 => {
            // Header field edits with the checksum recomputed.
            let (field, at, v): (&str, usize, u32) = match rng.below(6) {
                0 => ("memory below the floor", 8, 8),
                1 => ("absurd memory", 8, u32::MAX),
                2 => ("passes 0", 12, 0),
                3 => ("absurd passes", 12, 1_000_000),
                4 => ("lanes 0", 16, 0),
                _ => ("absurd lanes", 16, 1 << 24),
            };
            k[at..at + 4].copy_from_slice(&v.to_le_bytes());
            fix_checksum(&mut k);
            format!("key file: {field} (checksum recomputed)")
        }
        4 => {
            // A slot byte changed and the checksum recomputed: no slot opens any more.
            let i = 128 + rng.below(k.len() - 128);
            k[i] ^= 1;
            fix_checksum(&mut k);
            std::fs::write(&key, &k).unwrap();
            return (
                format!("key file: slot byte {i} flipped, checksum recomputed"),
                true,
            );
        }
        5..=7 => {
            let i = rng.below(d.len());
            let bit = 1u8 << rng.below(8);
            d[i] ^= bit;
            format!(
                "database: flip bit {bit:#04x} at {i} (page {})",
                i / PAGE + 1
            )
        }
        8 => {
            let n = if rng.below(2) == 0 {
                rng.below(pages) * PAGE
            } else {
                rng.below(d.len())
            };
            d.truncate(n);
            format!("database: truncate to {n}")
        }
        9 => {
            let n = [1, 100, PAGE, 3 * PAGE][rng.below(4)];
            d.extend((0..n).map(|_| rng.next() as u8));
            format!("database: append {n} random bytes")
        }
        10 => {
            let a = rng.below(pages);
            let b = (a + 1 + rng.below(pages - 1)) % pages;
            let pa = d[a * PAGE..(a + 1) * PAGE].to_vec();
            let pb = d[b * PAGE..(b + 1) * PAGE].to_vec();
            d[a * PAGE..(a + 1) * PAGE].copy_from_slice(&pb);
            d[b * PAGE..(b + 1) * PAGE].copy_from_slice(&pa);
            format!("database: swap pages {} and {}", a + 1, b + 1)
        }
        _ => {
            let a = rng.below(pages);
            if rng.below(2) == 0 {
                d[a * PAGE..(a + 1) * PAGE].fill(0);
                format!("database: zero page {}", a + 1)
            } else {
                let b = (a + 1 + rng.below(pages - 1)) % pages;
                let pb = d[b * PAGE..(b + 1) * PAGE].to_vec();
                d[a * PAGE..(a + 1) * PAGE].copy_from_slice(&pb);
                format!("database: page {} copied over page {}", b + 1, a + 1)
            }
        }
    };
    if what <= 4 {
        std::fs::write(&key, &k).unwrap();
    } else {
        std::fs::write(&db, &d).unwrap();
    }
    (desc, false)
}

/// (arguments, exit code, stdout, stderr, time taken) of one read.
type Seen = (Vec<String>, Option<i32>, String, String, Duration);

fn observe(e: &Env, ids: &[String]) -> Vec<Seen> {
    let mut cmds: Vec<Vec<String>> = vec![vec!["list".into(), "--json".into()]];
    for id in ids {
        cmds.push(vec!["show".into(), id.clone(), "--json".into()]);
        cmds.push(vec!["history".into(), id.clone(), "--json".into()]);
    }
    cmds.push(vec!["search".into(), "--json".into(), "токтогул".into()]);
    cmds.into_iter()
        .map(|c| {
            let args: Vec<&str> = c.iter().map(String::as_str).collect();
            let t = Instant::now();
            let o = run_measured(e, &args);
            (c, o.status.code(), stdout(&o), stderr(&o), t.elapsed())
        })
        .collect()
}

/// "3× key file: slot byte N flipped, …": mutation descriptions counted by kind.
fn kinds(descs: &[String]) -> String {
    let mut m = std::collections::BTreeMap::new();
    for d in descs {
        // Every run of digits becomes one N.
        let mut k = String::new();
        let mut in_digits = false;
        for c in d.chars() {
            if c.is_ascii_digit() {
                if !in_digits {
                    k.push('N');
                }
                in_digits = true;
            } else {
                k.push(c);
                in_digits = false;
            }
        }
        *m.entry(k).or_insert(0) += 1;
    }
    m.iter()
        .map(|(k, n)| format!("{n}× {k}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The largest peak RSS (KiB) of the commands run through `run_measured`. Measured per
/// child (wait4): in the one test binary, getrusage(RUSAGE_CHILDREN) would also count the
/// children of other tests (gdb, a 64 MiB Argon2id init) running in parallel.
static MAX_CHILD_RSS_KIB: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn run_measured(e: &Env, args: &[&str]) -> std::process::Output {
    let (o, rss) = e.run_rss(args, &[PASS], b"");
    MAX_CHILD_RSS_KIB.fetch_max(rss, std::sync::atomic::Ordering::Relaxed);
    o
}

fn max_child_rss_kib() -> i64 {
    MAX_CHILD_RSS_KIB.load(std::sync::atomic::Ordering::Relaxed)
}

#[test]
fn random_tamper_sweep() {
    let n: usize = std::env::var("SANDYK_TAMPER_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let seed: u64 = std::env::var("SANDYK_TAMPER_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = Rng(seed);
    let base = Env::new();
    base.init();
    let ids = base.add_json(
        r#"[{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"followed","narrative":"Токтогул көчөсүндө ңөү","tags":["бишкек"]},
            {"title":"Second","occurred":"2026-11-20 10:00","category":"raid","narrative":"office searched"}]"#,
    );
    let o = base.run(
        &["amend", &ids[1], "--input", "json"],
        &[PASS],
        r#"{"narrative":"Эртең дагы."}"#.as_bytes(),
    );
    assert_ok(&o);
    let baseline = observe(&base, &ids);
    assert!(
        baseline.iter().all(|b| b.1 == Some(0)),
        "baseline reads failed"
    );
    let mut bad = vec![];
    let mut detected_by_check = 0;
    let mut not_detected = vec![];
    let mut unchanged_reads = 0;
    let mut refused_reads = 0;
    for i in 0..n {
        let e = Env::new();
        std::fs::create_dir_all(e.vault()).unwrap();
        for f in std::fs::read_dir(base.vault()).unwrap().flatten() {
            std::fs::copy(f.path(), e.vault().join(f.file_name())).unwrap();
        }
        let (desc, wrong_ok) = mutate(&e.vault(), &mut rng);
        let seen = observe(&e, &ids);
        for ((args, code, out, err, took), b) in seen.iter().zip(&baseline) {
            let what = format!("#{i} {desc}: {}", args.join(" "));
            if err.contains("internal error") {
                bad.push(format!("{what}: PANIC: {err}"));
            } else if *took > Duration::from_secs(10) {
                bad.push(format!("{what}: took {took:?}"));
            } else if *code == Some(0) {
                if *out != b.2 {
                    bad.push(format!("{what}: ACCEPTED WITH CHANGED CONTENT:\n{out}"));
                } else {
                    unchanged_reads += 1;
                }
            } else if *code == Some(4) || (wrong_ok && *code == Some(3)) {
                refused_reads += 1;
                if !out.is_empty() {
                    bad.push(format!("{what}: refused but printed data: {out}"));
                }
            } else {
                bad.push(format!("{what}: unexpected exit {code:?}: {err}"));
            }
        }
        let c = run_measured(&e, &["check", "--json"]);
        if c.status.code() != Some(0) {
            detected_by_check += 1;
        } else {
            not_detected.push(desc.clone());
        }
    }
    let rss = max_child_rss_kib();
    if rss > 512 * 1024 {
        bad.push(format!("a child used {} MiB", rss / 1024));
    }
    let reads = n * baseline.len();
    eprintln!(
        "FIGURE|tamper|random mutations of the key file and database (seed {seed})|{n}|{}|{reads} reads: {refused_reads} refused (exit 4, or 3 for a slot edit with the checksum recomputed), {unchanged_reads} served unchanged content; check failed for {detected_by_check}/{n}{}; largest child {} MiB",
        bad.len(),
        if not_detected.is_empty() { String::new() } else { format!(" (it passed after: {})", kinds(&not_detected)) },
        rss / 1024
    );
    assert!(
        bad.is_empty(),
        "tamper sweep (seed {seed}):\n{}",
        bad.join("\n")
    );
}
