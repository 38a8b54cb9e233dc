//! Start-up cost of `sandyk::sandbox::confine`: each run forks a child that builds a typical
//! policy (system paths, a vault directory, one input file) and confines itself; the child
//! reports how long that took. Prints the median and the 90th percentile.
//!
//!     cargo run --release --example sandbox_bench -- [RUNS]
//!
//! A paired baseline (the same fork with an unconfined child that only builds the policy) is
//! measured alternately in the same loop, so machine noise hits both alike.

use sandyk::sandbox::{confine, Policy};
use std::io::Read;
use std::os::unix::io::FromRawFd;
use std::time::Instant;

fn child_time(confined: bool, vault: &std::path::Path, input: &std::path::Path) -> u64 {
    let mut fds = [0i32; 2];
    // SAFETY: pipe into a local array.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: single-threaded program; the child writes 8 bytes and leaves with _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        let t = Instant::now();
        let policy = Policy::new().read_write_create(vault).read_only(input);
        let ok = if confined {
            confine(&policy).is_ok()
        } else {
            std::hint::black_box(&policy);
            true
        };
        let ns: u64 = if ok {
            t.elapsed().as_nanos() as u64
        } else {
            u64::MAX
        };
        // SAFETY: writing a local value to our pipe, then leaving.
        unsafe {
            libc::write(fds[1], (&ns as *const u64).cast(), 8);
            libc::_exit(0);
        }
    }
    // SAFETY: our copies of the pipe ends.
    unsafe { libc::close(fds[1]) };
    let mut f = unsafe { std::fs::File::from_raw_fd(fds[0]) };
    let mut b = [0u8; 8];
    f.read_exact(&mut b).expect("child reported");
    let mut st = 0;
    // SAFETY: our own child.
    unsafe { libc::waitpid(pid, &mut st, 0) };
    let ns = u64::from_ne_bytes(b);
    assert_ne!(ns, u64::MAX, "confine failed in the child");
    ns
}

fn stats(mut v: Vec<u64>) -> (f64, f64) {
    v.sort_unstable();
    let med = v[v.len() / 2] as f64 / 1000.0;
    let p90 = v[v.len() * 9 / 10] as f64 / 1000.0;
    (med, p90)
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = dir.path().join("vault");
    std::fs::create_dir(&vault).unwrap();
    let input = dir.path().join("photo.jpg");
    std::fs::write(&input, b"jpeg").unwrap();

    let mut confined = vec![];
    let mut baseline = vec![];
    for _ in 0..runs {
        baseline.push(child_time(false, &vault, &input));
        confined.push(child_time(true, &vault, &input));
    }
    // Report what is in force on this kernel.
    let mut fds = [0i32; 2];
    // SAFETY: as above.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        let s = confine(&Policy::new().read_write_create(&vault))
            .map(|s| s.to_string())
            .unwrap_or_else(|e| e.to_string());
        unsafe {
            libc::write(fds[1], s.as_ptr().cast(), s.len());
            libc::_exit(0);
        }
    }
    unsafe { libc::close(fds[1]) };
    let mut status = String::new();
    let mut f = unsafe { std::fs::File::from_raw_fd(fds[0]) };
    f.read_to_string(&mut status).unwrap();
    unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) };

    let (bm, bp) = stats(baseline);
    let (cm, cp) = stats(confined);
    println!("runs: {runs}; in force: {status}");
    println!("baseline (policy only): median {bm:.1} µs, p90 {bp:.1} µs");
    println!("confine (policy + Landlock + seccomp): median {cm:.1} µs, p90 {cp:.1} µs");
    println!("added by confinement: median {:.1} µs", cm - bm);
}
