//! Process hardening at start-up: no core dumps, not dumpable (so neither a crash nor
//! another process of the same user can read secrets out of memory).

/// Apply the hardening. Returns a list of the measures that failed (they are reported,
/// not fatal: the vault stays encrypted at rest either way).
pub fn harden_process() -> Vec<&'static str> {
    let mut failed = vec![];
    // Every file we (or SQLite) create is private to the user: 0600, directories 0700.
    // SAFETY: umask cannot fail.
    unsafe {
        libc::umask(0o077);
    }
    let zero = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls with valid arguments.
    unsafe {
        if libc::setrlimit(libc::RLIMIT_CORE, &zero) != 0 {
            failed.push("RLIMIT_CORE=0");
        }
        #[cfg(target_os = "linux")]
        if libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 {
            failed.push("PR_SET_DUMPABLE=0");
        }
    }
    failed
}

/// Whether the process is currently non-dumpable (for tests and `check`).
pub fn is_dumpable() -> bool {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_GET_DUMPABLE takes no pointers.
    unsafe {
        libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) != 0
    }
    #[cfg(not(target_os = "linux"))]
    false
}
