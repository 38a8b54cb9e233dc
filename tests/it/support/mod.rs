//! The one support module of the integration tests, split by concern:
//!
//! - `vault`: make a vault and run the real binary (clean environment, temporary HOME,
//!   fixed clock, cheap KDF, secrets on fd 3);
//! - `library`: the shared direct calls into the sandyk library (open a vault, read its
//!   state);
//! - `fs`: directory listings and snapshots;
//! - `scan`: canaries and key material searched in raw bytes;
//! - `images`: loop-mounted ext4 images, tmpfs and read-only bind mounts (root);
//! - `faults`: strace fault injection (SIGKILL or an errno at the k-th syscall);
//! - `bundles`: a sender and a lawyer, taking bundles apart and forging them; a pty;
//! - `attach`: test images (JPEG, PNG, WebP, HEIC) with GPS and a serial number;
//! - `snap`: insta snapshots of a command's stdout, stderr and exit status.
//!
//! Everything is re-exported here, so a test module says `use crate::support::*;`.
#![allow(dead_code)]

pub mod attach;
pub mod bundles;
pub mod faults;
pub mod fs;
pub mod images;
pub mod library;
pub mod media;
pub mod scan;
pub mod snap;
pub mod vault;

pub use attach::*;
pub use bundles::*;
pub use faults::*;
pub use fs::*;
pub use images::*;
pub use library::*;
pub use scan::*;
pub use snap::*;
pub use vault::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Root-only tests (mounts, strace of other uids, gcore) run by default: CI runs as root.
/// They fail loudly when they cannot set up, unless SANDYK_SKIP_ROOT_TESTS=1 (then they say
/// they were skipped).
pub fn root_tests_enabled(what: &str) -> bool {
    if std::env::var("SANDYK_SKIP_ROOT_TESTS").as_deref() == Ok("1") {
        eprintln!("SKIPPED {what}: SANDYK_SKIP_ROOT_TESTS=1");
        return false;
    }
    true
}

/// Whether the long tier asked for the full version of a family (scripts/torture,
/// scripts/crash-wipe set SANDYK_TORTURE).
pub fn long_tier() -> bool {
    std::env::var_os("SANDYK_TORTURE").is_some()
}

/// One figure for docs/testing.md. scripts/torture collects these lines from the output.
pub fn figure(family: &str, what: &str, denominator: usize, bad: usize, note: &str) {
    eprintln!("FIGURE|{family}|{what}|{denominator}|{bad}|{note}");
}

/// Run a helper program (mount, mkfs, sync…); its stderr on failure.
pub fn sh(program: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
    let o = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {args:?} failed ({:?}): {}",
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).trim()
        ))
    }
}

/// Whether `program` can be started.
pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Fail with a clear message when a tool the test needs is missing (never pass silently).
pub fn require_tool(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for d in std::env::split_paths(&path).chain([PathBuf::from("/usr/bin"), PathBuf::from("/bin")])
    {
        let p = d.join(name);
        if p.is_file() {
            return p;
        }
    }
    panic!(
        "this test needs `{name}` on PATH (Debian: apt-get install {name}); .ci/run installs it"
    );
}

/// SHA-256 of `data`, hex (sha2, independent of the library's own hashing).
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

/// The fixture vault committed in tests/fixtures/vault-v1.
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-v1")
}
