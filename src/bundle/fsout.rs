//! Output files that appear whole or not at all, and never replace an existing file.
//!
//! On Linux the data goes to an anonymous file (`O_TMPFILE`) in the target directory: it
//! has no name until `commit` links it in (`linkat`, which fails if the name exists), so a
//! process killed at any point — even by SIGKILL — leaves nothing behind. Where the file
//! system has no `O_TMPFILE`, a hidden temporary file `.sandyk-tmp-*` is used instead:
//! removed on error, on drop, and on SIGINT/SIGTERM/SIGHUP by a signal handler; only a
//! SIGKILL or a power loss can leave it (it then holds only ciphertext or key material
//! protected by the directory's permissions, never incident text).

use std::ffi::CString;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::vault::fsutil::fsync_dir;

enum Kind {
    Anonymous,
    Named(PathBuf),
}

/// A file being written to `target`; invisible until [`AtomicOutput::commit`].
pub struct AtomicOutput {
    file: Option<File>,
    dir: PathBuf,
    target: PathBuf,
    kind: Kind,
    committed: bool,
}

/// The temporary file's path for the signal handler (fallback mode only).
static TMP_PATH: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());

extern "C" fn remove_tmp_and_exit(_sig: libc::c_int) {
    // Only async-signal-safe calls: unlink, _exit.
    let p = TMP_PATH.load(Ordering::SeqCst);
    // SAFETY: `p` is null or a CString leaked by `install_cleanup`, never freed while set.
    unsafe {
        if !p.is_null() {
            libc::unlink(p);
        }
        libc::_exit(130);
    }
}

fn install_cleanup(path: &Path) {
    if let Ok(c) = CString::new(path.as_os_str().as_bytes()) {
        let old = TMP_PATH.swap(c.into_raw(), Ordering::SeqCst);
        if !old.is_null() {
            // SAFETY: `old` came from CString::into_raw above.
            drop(unsafe { CString::from_raw(old) });
        }
        // SAFETY: installing a handler that only calls async-signal-safe functions.
        unsafe {
            for s in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::signal(s, remove_tmp_and_exit as *const () as libc::sighandler_t);
            }
        }
    }
}

fn clear_cleanup() {
    // SAFETY: restoring default dispositions.
    unsafe {
        for s in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::signal(s, libc::SIG_DFL);
        }
    }
    let old = TMP_PATH.swap(std::ptr::null_mut(), Ordering::SeqCst);
    if !old.is_null() {
        // SAFETY: `old` came from CString::into_raw in install_cleanup.
        drop(unsafe { CString::from_raw(old) });
    }
}

/// Block SIGINT, SIGTERM and SIGHUP in this thread (and threads it starts later). Used
/// around "link the bundle, then record it": once the file exists the process finishes
/// recording it rather than die in between. Blocked signals are discarded at exit.
pub fn block_termination_signals() {
    // SAFETY: building a signal set and changing this thread's mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, s);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn exists_error(target: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::AlreadyExists, target.display().to_string())
}

impl AtomicOutput {
    /// Start writing `target` (mode 0600). Fails with `AlreadyExists` if it exists.
    pub fn create(target: &Path) -> io::Result<AtomicOutput> {
        if fs::symlink_metadata(target).is_ok() {
            return Err(exists_error(target));
        }
        let dir = parent_of(target);
        // Tests exercise the fallback on file systems that have O_TMPFILE.
        #[cfg(debug_assertions)]
        let force_named = std::env::var_os("SANDYK_TEST_NO_TMPFILE").is_some();
        #[cfg(not(debug_assertions))]
        let force_named = false;
        match OpenOptions::new()
            .write(true)
            .read(true)
            .custom_flags(libc::O_TMPFILE)
            .mode(0o600)
            .open(&dir)
        {
            Ok(file) if !force_named => {
                return Ok(AtomicOutput {
                    file: Some(file),
                    dir,
                    target: target.to_path_buf(),
                    kind: Kind::Anonymous,
                    committed: false,
                })
            }
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EOPNOTSUPP)
                        | Some(libc::EISDIR)
                        | Some(libc::EINVAL)
                        | Some(libc::ENOENT)
                ) && dir.is_dir() => {}
            Err(e) => return Err(e),
        }
        // Fallback: a hidden named temporary file, cleaned up on signals.
        let mut rnd = [0u8; 8];
        crate::crypto::random_bytes(&mut rnd);
        let tmp = dir.join(format!(".sandyk-tmp-{}", hex::encode(rnd)));
        install_cleanup(&tmp);
        let file = match OpenOptions::new()
            .write(true)
            .read(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)
        {
            Ok(f) => f,
            Err(e) => {
                clear_cleanup();
                return Err(e);
            }
        };
        Ok(AtomicOutput {
            file: Some(file),
            dir,
            target: target.to_path_buf(),
            kind: Kind::Named(tmp),
            committed: false,
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("the file is open until commit")
    }

    /// Whether the anonymous-file mode is in use (nothing can be left behind).
    pub fn is_anonymous(&self) -> bool {
        matches!(self.kind, Kind::Anonymous)
    }

    /// fsync the data, give it its name (never replacing an existing file), fsync the
    /// directory.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file.take().expect("commit once");
        file.sync_all()?;
        fail::fail_point!("bundle-before-link", |_| Err(io::Error::other("failpoint")));
        match &self.kind {
            Kind::Anonymous => link_anonymous(&file, &self.target)?,
            Kind::Named(tmp) => {
                // link + unlink: link fails if the target exists, unlike rename.
                match fs::hard_link(tmp, &self.target) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                        return Err(exists_error(&self.target))
                    }
                    Err(e) => return Err(e),
                }
                let _ = fs::remove_file(tmp);
                clear_cleanup();
            }
        }
        drop(file);
        if let Err(e) = fsync_dir(&self.dir) {
            // The name is not known to be durable: take it back so that a failed export
            // leaves nothing (the caller reports the failure).
            let _ = fs::remove_file(&self.target);
            return Err(e);
        }
        self.committed = true;
        Ok(())
    }
}

fn link_anonymous(file: &File, target: &Path) -> io::Result<()> {
    let to = CString::new(target.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    let empty = CString::new("").expect("no NUL");
    // SAFETY: valid descriptor and NUL-terminated paths.
    let rc = unsafe {
        libc::linkat(
            file.as_raw_fd(),
            empty.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_EMPTY_PATH,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EEXIST) {
        return Err(exists_error(target));
    }
    // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the /proc path does not.
    let proc = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd())).expect("no NUL");
    // SAFETY: as above.
    let rc = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            proc.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EEXIST) {
        return Err(exists_error(target));
    }
    Err(e)
}

impl Drop for AtomicOutput {
    fn drop(&mut self) {
        if let Kind::Named(tmp) = &self.kind {
            if !self.committed {
                let _ = fs::remove_file(tmp);
            }
            clear_cleanup();
        }
    }
}

/// Remove a committed output again (when recording it failed), durably.
pub fn remove_committed(target: &Path) -> io::Result<()> {
    fs::remove_file(target)?;
    fsync_dir(&parent_of(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn appears_only_on_commit_and_never_replaces() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out.age");
        let mut o = AtomicOutput::create(&p).unwrap();
        o.file().write_all(b"data").unwrap();
        assert!(!p.exists());
        assert_eq!(
            fs::read_dir(d.path()).unwrap().count(),
            0,
            "nothing visible before commit"
        );
        o.commit().unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"data");
        assert!(AtomicOutput::create(&p).is_err());
        let mut o = AtomicOutput::create(&d.path().join("other")).unwrap();
        o.file().write_all(b"x").unwrap();
        drop(o);
        let names: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.age")]);
    }

    #[test]
    fn race_with_an_existing_name_fails() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out");
        let mut o = AtomicOutput::create(&p).unwrap();
        o.file().write_all(b"new").unwrap();
        fs::write(&p, b"old").unwrap();
        assert_eq!(o.commit().unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&p).unwrap(), b"old");
    }
}
