//! File-system access the library owns: *the* one way the project writes an output file
//! ([`output`]: appears whole or not at all, never replaces a file unless asked), directory
//! fsync, bounded reads, advisory locks, and clean-up of temporaries a crash left.
//!
//! Nothing here installs a signal handler or reads the environment: the binary does that and
//! calls [`unlink_pending_temp`] from its handler (see `cli::signals`).

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::Path;

pub mod output;

pub use output::{
    is_not_regular, remove_committed, set_force_named_fallback, set_pending_hook,
    unlink_pending_temp, write_atomic, Output, OutputMode,
};

/// fsync a directory so that a rename or unlink in it is durable.
pub fn fsync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Prefix of the temporary files [`write_atomic`] creates (followed by 6 random characters).
pub const TEMP_PREFIX: &str = ".tmp-";

/// Whether `name` is a temporary file left by `write_atomic`.
pub fn is_atomic_temp(name: &std::ffi::OsStr) -> bool {
    let Some(n) = name.to_str() else { return false };
    n.len() == TEMP_PREFIX.len() + 6
        && n.starts_with(TEMP_PREFIX)
        && n[TEMP_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric())
}

/// Remove the temporary files an interrupted `write_atomic` left in `dir` (a crash between
/// creating the temporary and renaming it). In a vault directory they are copies of a key
/// file, i.e. of the wrapped data key: they must not outlive the crash, and their blocks
/// must not go to free space as they are: each is overwritten with zeros in place and
/// synced before it is unlinked. Call only while holding the directory lock, so that no
/// write in progress is disturbed. Returns how many were removed.
pub fn remove_stale_temps(dir: &Path) -> io::Result<usize> {
    let mut n = 0;
    for e in fs::read_dir(dir)? {
        let e = e?;
        if is_atomic_temp(&e.file_name()) && e.file_type()?.is_file() {
            scrub_in_place(&e.path())?;
            fs::remove_file(e.path())?;
            n += 1;
        }
    }
    if n > 0 {
        fsync_dir(dir)?;
    }
    Ok(n)
}

/// Overwrite a regular file with zeros in place (same inode, no truncation; symlinks and
/// FIFOs refused) and sync it. A read-only file is made writable first.
fn scrub_in_place(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let open = || {
        OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(path)
    };
    let f = match open() {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
            open()?
        }
        r => r?,
    };
    let m = f.metadata()?;
    if !m.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    write_zeros(&f, 0, m.len())?;
    f.sync_all()
}

/// Write zeros over bytes `from..to` of `f` (extending it if `to` is past its end: real zero
/// blocks, not a hole), 64 KiB at a time. Not synced.
pub fn write_zeros(f: &File, from: u64, to: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    let zeros = vec![0u8; 64 * 1024];
    let mut off = from;
    while off < to {
        let n = ((to - off) as usize).min(zeros.len());
        f.write_all_at(&zeros[..n], off)?;
        off += n as u64;
    }
    Ok(())
}

/// Read at most `max` bytes of a file: a file that should be small (the key file) cannot make
/// us allocate or read gigabytes, whatever was put in its place.
pub fn read_bounded(path: &Path, max: usize) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(max.min(1 << 16));
    File::open(path)?.take(max as u64).read_to_end(&mut out)?;
    Ok(out)
}

/// As [`read_bounded`], never through a symbolic link (`ELOOP` if `path` is one).
pub fn read_bounded_nofollow(path: &Path, max: usize) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(max.min(1 << 16));
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)?
        .take(max as u64)
        .read_to_end(&mut out)?;
    Ok(out)
}

/// Open a regular file for overwriting in place, never through a symbolic link and never
/// blocking on a FIFO. A file without write permission for its owner (a read-only key file,
/// mode 0400) is made writable first (`fchmod`; as its owner that needs no privilege), so
/// that overwriting does not silently fail for everyone but root. `Ok(None)`: gone, or not a
/// regular file (nothing to overwrite).
pub fn open_for_overwrite(path: &Path) -> io::Result<Option<File>> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let flags = libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC;
    let r = match OpenOptions::new().read(true).custom_flags(flags).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let m = r.metadata()?;
    if !m.is_file() {
        return Ok(None);
    }
    if m.mode() & 0o200 == 0 {
        r.set_permissions(fs::Permissions::from_mode((m.mode() & 0o7777) | 0o600))?;
    }
    let w = OpenOptions::new()
        .write(true)
        .custom_flags(flags)
        .open(path)?;
    let wm = w.metadata()?;
    if (wm.dev(), wm.ino()) != (m.dev(), m.ino()) {
        return Err(io::Error::other(
            "the file was replaced while it was being opened",
        ));
    }
    Ok(Some(w))
}

/// Create a new file with mode 0600, failing if it exists.
pub fn create_new_private(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// An exclusive advisory lock (flock) held until dropped.
pub struct DirLock(#[allow(dead_code)] File);

impl DirLock {
    /// Lock the directory itself, waiting for other holders.
    pub fn exclusive(dir: &Path) -> io::Result<DirLock> {
        let f = File::open(dir)?;
        // SAFETY: flock on a valid descriptor we own.
        let rc = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(DirLock(f))
    }

    /// Lock the directory if nobody else holds the lock; None if someone does.
    pub fn try_exclusive(dir: &Path) -> io::Result<Option<DirLock>> {
        let f = File::open(dir)?;
        // SAFETY: flock on a valid descriptor we own.
        let rc = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc != 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
                return Ok(None);
            }
            return Err(e);
        }
        Ok(Some(DirLock(f)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temps_are_recognised_and_removed_only_when_unlocked() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("sandyk.key");
        write_atomic(&target, b"one").unwrap();
        // What a crash between creating the temporary and the rename leaves.
        let stale = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(d.path())
            .unwrap();
        let (_, stale_path) = stale.keep().unwrap();
        fs::write(d.path().join(".tmp-notours.txt"), b"x").unwrap();
        fs::write(d.path().join("sandyk.db"), b"x").unwrap();
        assert!(is_atomic_temp(stale_path.file_name().unwrap()));
        assert!(!is_atomic_temp(std::ffi::OsStr::new("sandyk.key")));
        let held = DirLock::try_exclusive(d.path()).unwrap().expect("free");
        assert!(
            DirLock::try_exclusive(d.path()).unwrap().is_none(),
            "the lock is exclusive"
        );
        assert_eq!(remove_stale_temps(d.path()).unwrap(), 1);
        drop(held);
        assert!(DirLock::try_exclusive(d.path()).unwrap().is_some());
        let mut left: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, [".tmp-notours.txt", "sandyk.db", "sandyk.key"]);
        assert_eq!(fs::read(&target).unwrap(), b"one");
    }

    #[test]
    fn stale_temps_are_overwritten_before_they_are_unlinked() {
        use std::io::Read;
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        // A key-file copy left by a crash, one of them read-only.
        let secret = vec![0xA5u8; 8192];
        let mut held = vec![];
        for (name, mode) in [(".tmp-abc123", 0o600), (".tmp-RO0400", 0o400)] {
            let p = d.path().join(name);
            fs::write(&p, &secret).unwrap();
            fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
            // An examiner's view of the blocks after the unlink.
            held.push(File::open(&p).unwrap());
        }
        let _lock = DirLock::exclusive(d.path()).unwrap();
        assert_eq!(remove_stale_temps(d.path()).unwrap(), 2);
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0);
        for mut f in held {
            let mut left = vec![];
            f.read_to_end(&mut left).unwrap();
            assert_eq!(
                left.len(),
                secret.len(),
                "overwritten in place, not truncated"
            );
            assert!(
                left.iter().all(|b| *b == 0),
                "the copy was unlinked unscrubbed"
            );
        }
    }
}
