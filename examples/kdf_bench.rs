//! Time sandyk's Argon2id (`sandyk::crypto::kdf::derive`) at given parameters, for comparison
//! with the reference C `argon2` CLI at the same parameters (see `scripts/bench-core`).
//!
//! ```text
//! kdf_bench M_KIB T P [RUNS]
//! ```
//!
//! With RUNS = 1 (the default) it runs once and prints nothing, so that `hyperfine` can time
//! the whole process exactly like `argon2`'s. With RUNS > 1 it prints the median in-process
//! time in milliseconds. With RUNS = 0 it prints the derived key in hex (password `pass`,
//! salt 32 × `s`), to check that both programs compute the same thing:
//! `echo -n pass | argon2 ssssssssssssssssssssssssssssssss -id -k M_KIB -t T -p P -l 32 -r`.

use std::time::Instant;

use sandyk::crypto::kdf::{derive, KdfParams};

fn main() {
    let args: Vec<u32> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("numbers: M_KIB T P [RUNS]"))
        .collect();
    let (m_kib, t, p) = match args[..] {
        [m, t, p, ..] => (m, t, p),
        _ => {
            eprintln!("usage: kdf_bench M_KIB T P [RUNS]");
            std::process::exit(2);
        }
    };
    let runs = args.get(3).copied().unwrap_or(1);
    let params = KdfParams { m_kib, t, p };
    let salt = [b's'; 32];
    if runs == 0 {
        let k = derive(b"pass", &salt, &params).expect("derive");
        println!("{}", hex::encode(&k[..]));
        return;
    }
    let mut times = vec![];
    for _ in 0..runs {
        let started = Instant::now();
        let k = derive(b"pass", &salt, &params).expect("derive");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(&k);
    }
    if runs > 1 {
        times.sort_by(f64::total_cmp);
        println!("{:.1}", times[times.len() / 2]);
    }
}
