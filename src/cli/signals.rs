//! Signal handling, which belongs to the binary (the library never touches signals).
//!
//! - [`install`] once at start: lets the library's output module tell us when a named
//!   temporary file is being written (the fallback where `O_TMPFILE` is missing), so that
//!   SIGINT/SIGTERM/SIGHUP remove it and exit with status 130; also reads the test hook
//!   `SANDYK_TEST_NO_TMPFILE` (debug builds only).
//! - [`block_termination_signals`] around "link the bundle, then record it".

use sandyk::fsio;

const TERMINATION: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

extern "C" fn remove_temp_and_exit(_sig: libc::c_int) {
    // Only async-signal-safe calls: an atomic load, unlink, _exit.
    fsio::unlink_pending_temp();
    // SAFETY: _exit is async-signal-safe.
    unsafe { libc::_exit(130) }
}

/// Called by the output module: a named temporary file exists (true) or no longer (false).
fn on_pending(pending: bool) {
    // SAFETY: installing a handler that only calls async-signal-safe functions, or
    // restoring the default disposition.
    unsafe {
        for s in TERMINATION {
            if pending {
                libc::signal(s, remove_temp_and_exit as *const () as libc::sighandler_t);
            } else {
                libc::signal(s, libc::SIG_DFL);
            }
        }
    }
}

/// Wire the library's output module to this binary's signal handling. Call once, early in
/// `main`, before any command runs.
pub fn install() {
    // Tests exercise the named-temporary fallback on file systems that have O_TMPFILE.
    #[cfg(debug_assertions)]
    if std::env::var_os("SANDYK_TEST_NO_TMPFILE").is_some() {
        fsio::set_force_named_fallback(true);
    }
    fsio::set_pending_hook(on_pending);
}

/// Block SIGINT, SIGTERM and SIGHUP in this thread (and threads it starts later). Used
/// around "link the bundle, then record it": once the file exists the process finishes
/// recording it rather than die in between. Blocked signals are discarded at exit.
pub fn block_termination_signals() {
    // SAFETY: building a signal set and changing this thread's mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in TERMINATION {
            libc::sigaddset(&mut set, s);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}
