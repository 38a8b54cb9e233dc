//! Small file-system helpers: atomic replacement, directory fsync, advisory locks.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::Path;

/// fsync a directory so that a rename or unlink in it is durable.
pub fn fsync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Replace `path` atomically with `data`: write a temporary file in the same directory
/// (mode 0600), fsync it, rename it over `path`, fsync the directory. At every crash point
/// either the old or the new content is at `path`.
pub fn write_atomic(path: &Path, data: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)?;
    tmp.write_all(data)?;
    tmp.as_file().sync_all()?;
    fail::fail_point!("keyfile-before-rename", |_| Err(io::Error::other("failpoint")));
    tmp.persist(path).map_err(|e| e.error)?;
    fsync_dir(dir)
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
}
