//! Writing an output file so that it appears whole or not at all.
//!
//! The data goes to an unnamed file in the target directory (`O_TMPFILE`), which the kernel
//! removes by itself if the process dies; only when it is complete and synced is it given
//! its name (`linkat`, which never replaces an existing file), and the directory synced.
//! With `replace`, it is linked under a random temporary name and renamed over the target.
//! Where `O_TMPFILE` is not available, a named temporary file (mode 0600) in the target
//! directory is used instead and removed on failure.

use std::ffi::CString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

use super::AttachError;
use crate::vault::fsutil::fsync_dir;

enum Tmp {
    Unnamed(File),
    Named(tempfile::NamedTempFile),
}

/// An output file being written. Dropping it without `commit` leaves nothing behind.
pub struct OutFile {
    tmp: Tmp,
    target: PathBuf,
    dir: PathBuf,
    replace: bool,
}

fn cstr(p: &Path) -> io::Result<CString> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

impl OutFile {
    /// Start writing `target`. Fails at once if it exists (unless `replace`), or exists and
    /// is not a regular file (even with `replace`: a device or directory is never replaced).
    pub fn create(target: &Path, replace: bool) -> Result<OutFile, AttachError> {
        let shown = target.display().to_string();
        let werr = |e: io::Error| AttachError::Write {
            path: shown.clone(),
            source: e,
        };
        match fs::symlink_metadata(target) {
            Ok(m) => {
                let ft = m.file_type();
                if !ft.is_file() || ft.is_symlink() || ft.is_block_device() || ft.is_char_device() {
                    return Err(AttachError::OutputNotRegular(shown));
                }
                if !replace {
                    return Err(AttachError::OutputExists(shown));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(werr(e)),
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let unnamed = if Path::new("/proc/self/fd").is_dir() {
            OpenOptions::new()
                .write(true)
                .mode(0o600)
                .custom_flags(libc::O_TMPFILE)
                .open(&dir)
                .ok()
        } else {
            None
        };
        let tmp = match unnamed {
            Some(f) => Tmp::Unnamed(f),
            None => {
                use std::os::unix::fs::PermissionsExt;
                Tmp::Named(
                    tempfile::Builder::new()
                        .prefix(".sandyk-out-")
                        .permissions(fs::Permissions::from_mode(0o600))
                        .tempfile_in(&dir)
                        .map_err(werr)?,
                )
            }
        };
        Ok(OutFile {
            tmp,
            target: target.to_path_buf(),
            dir,
            replace,
        })
    }

    fn file(&mut self) -> &mut File {
        match &mut self.tmp {
            Tmp::Unnamed(f) => f,
            Tmp::Named(t) => t.as_file_mut(),
        }
    }

    fn werr(&self, e: io::Error) -> AttachError {
        AttachError::Write {
            path: self.target.display().to_string(),
            source: e,
        }
    }

    /// Sync the data and give the file its name; then sync the directory.
    pub fn commit(mut self) -> Result<(), AttachError> {
        self.file().sync_all().map_err(|e| self.werr(e))?;
        let OutFile {
            tmp,
            target,
            dir,
            replace,
        } = self;
        let shown = target.display().to_string();
        let werr = |e: io::Error| AttachError::Write {
            path: shown.clone(),
            source: e,
        };
        match tmp {
            Tmp::Unnamed(f) => {
                let proc_path =
                    cstr(Path::new(&format!("/proc/self/fd/{}", f.as_raw_fd()))).map_err(werr)?;
                let link = |to: &Path| -> io::Result<()> {
                    let to = cstr(to)?;
                    // SAFETY: linkat with valid C strings; the descriptor is open.
                    let rc = unsafe {
                        libc::linkat(
                            libc::AT_FDCWD,
                            proc_path.as_ptr(),
                            libc::AT_FDCWD,
                            to.as_ptr(),
                            libc::AT_SYMLINK_FOLLOW,
                        )
                    };
                    if rc == 0 {
                        Ok(())
                    } else {
                        Err(io::Error::last_os_error())
                    }
                };
                if replace {
                    let mut n = [0u8; 8];
                    crate::crypto::random_bytes(&mut n);
                    let tmp_name = dir.join(format!(".sandyk-out-{}", hex::encode(n)));
                    link(&tmp_name).map_err(werr)?;
                    if let Err(e) = fs::rename(&tmp_name, &target) {
                        let _ = fs::remove_file(&tmp_name);
                        return Err(werr(e));
                    }
                } else {
                    link(&target).map_err(|e| match e.kind() {
                        io::ErrorKind::AlreadyExists => AttachError::OutputExists(shown.clone()),
                        _ => werr(e),
                    })?;
                }
            }
            Tmp::Named(t) => {
                let r = if replace {
                    t.persist(&target)
                } else {
                    t.persist_noclobber(&target)
                };
                r.map_err(|e| match e.error.kind() {
                    io::ErrorKind::AlreadyExists => AttachError::OutputExists(shown.clone()),
                    _ => werr(e.error),
                })?;
            }
        }
        fsync_dir(&dir).map_err(werr)
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appears_only_on_commit_and_never_clobbers() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("out.bin");
        let mut o = OutFile::create(&t, false).unwrap();
        o.write_all(b"data").unwrap();
        assert!(!t.exists());
        assert_eq!(
            fs::read_dir(d.path()).unwrap().count(),
            0,
            "no named temp file"
        );
        o.commit().unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"data");
        assert!(matches!(
            OutFile::create(&t, false),
            Err(AttachError::OutputExists(_))
        ));
        // Dropped without commit: nothing changes.
        let mut o = OutFile::create(&t, true).unwrap();
        o.write_all(b"new").unwrap();
        drop(o);
        assert_eq!(fs::read(&t).unwrap(), b"data");
        let mut o = OutFile::create(&t, true).unwrap();
        o.write_all(b"new").unwrap();
        o.commit().unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"new");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
        // A file created meanwhile is not replaced without `replace`.
        let u = d.path().join("race.bin");
        let mut o = OutFile::create(&u, false).unwrap();
        fs::write(&u, b"theirs").unwrap();
        o.write_all(b"ours").unwrap();
        assert!(matches!(o.commit(), Err(AttachError::OutputExists(_))));
        assert_eq!(fs::read(&u).unwrap(), b"theirs");
        // Never a device, directory or symlink.
        assert!(matches!(
            OutFile::create(Path::new("/dev/null"), true),
            Err(AttachError::OutputNotRegular(_))
        ));
        assert!(matches!(
            OutFile::create(d.path(), true),
            Err(AttachError::OutputNotRegular(_))
        ));
        std::os::unix::fs::symlink(&t, d.path().join("link")).unwrap();
        assert!(matches!(
            OutFile::create(&d.path().join("link"), true),
            Err(AttachError::OutputNotRegular(_))
        ));
    }
}
