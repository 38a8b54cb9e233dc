//! Receiving a bundle: the rules that decide what may reach the disk or the vault.
//!
//! - [`verify_then_extract`]: `bundle open` verifies the whole bundle first, writing nothing,
//!   then verifies it again while extracting; anything written is removed if the second pass
//!   fails or reads a different file ([`Extract`] is the rollback sink).
//! - [`check_signer_continuity`]: a vault we received from before must still sign with the
//!   same key, unless the user names the new key.
//!
//! The binary only asks for keys and passphrases and prints the outcome.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::reader::{NoSink, Sink, Verified};
use super::{BundleError, Problem, Result};

/// A sink that writes the bundle's files under `dir`, creating nothing outside it and
/// overwriting nothing; [`Extract::rollback`] removes everything it created.
pub struct Extract {
    dir: PathBuf,
    made_dir: bool,
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    current: Option<File>,
}

impl Extract {
    /// Extract into `dir`, which exists and is empty; `made_dir` says whether the caller
    /// created it for this (then a rollback removes it too).
    pub fn new(dir: &Path, made_dir: bool) -> Extract {
        Extract {
            dir: dir.to_path_buf(),
            made_dir,
            files: vec![],
            dirs: vec![],
            current: None,
        }
    }

    /// How many files were written.
    pub fn files_written(&self) -> usize {
        self.files.len()
    }

    /// Remove every file and directory this sink created, newest first.
    pub fn rollback(&mut self) {
        self.current = None;
        for f in self.files.drain(..).rev() {
            let _ = fs::remove_file(f);
        }
        for d in self.dirs.drain(..).rev() {
            let _ = fs::remove_dir(d);
        }
        if self.made_dir {
            let _ = fs::remove_dir(&self.dir);
        }
    }
}

impl Sink for Extract {
    fn file_start(&mut self, path: &str, _size: u64) -> Result<()> {
        // The reader allows only safe relative paths; check again before touching the disk.
        if !super::safe_path(path) {
            return Err(Problem::UnsafePath(path.to_owned()).into());
        }
        let target = self.dir.join(path);
        if let Some((sub, _)) = path.split_once('/') {
            let d = self.dir.join(sub);
            match fs::symlink_metadata(&d) {
                Ok(m) if m.is_dir() && self.dirs.contains(&d) => {}
                Ok(_) => return Err(BundleError::Exists(d)),
                Err(_) => {
                    fs::create_dir(&d)?;
                    self.dirs.push(d);
                }
            }
        }
        let f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&target)
            .map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => BundleError::Exists(target.clone()),
                _ => BundleError::Io(e),
            })?;
        self.files.push(target);
        self.current = Some(f);
        Ok(())
    }
    fn file_data(&mut self, data: &[u8]) -> Result<()> {
        self.current.as_mut().expect("started").write_all(data)?;
        Ok(())
    }
    fn file_end(&mut self) -> Result<()> {
        if let Some(f) = self.current.take() {
            f.sync_all()?;
        }
        Ok(())
    }
}

/// Verify, then extract into `dir` (new when `made_dir`, else existing and empty).
///
/// `verify` runs one verification pass over the bundle file into the given sink. Pass 1
/// writes nothing; only if it succeeds is `dir` created and pass 2 run into an [`Extract`].
/// If pass 2 fails, or reads a different file (another SHA-256), everything it wrote is
/// removed and the error returned ([`BundleError::Changed`] for a different file). Returns
/// the verdict of pass 2 and the number of files written.
pub fn verify_then_extract<E: From<BundleError> + From<io::Error>>(
    dir: &Path,
    made_dir: bool,
    mut verify: impl FnMut(&mut dyn Sink, Pass) -> std::result::Result<Verified, E>,
) -> std::result::Result<(Verified, usize), E> {
    let first = verify(&mut NoSink, Pass::Check)?;
    if made_dir {
        fs::create_dir(dir).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => E::from(BundleError::Exists(dir.to_path_buf())),
            _ => E::from(e),
        })?;
    }
    let mut x = Extract::new(dir, made_dir);
    let second = match verify(&mut x, Pass::Extract) {
        Ok(s) if s.bundle_sha256 == first.bundle_sha256 => s,
        Ok(_) => {
            x.rollback();
            return Err(BundleError::Changed.into());
        }
        Err(e) => {
            x.rollback();
            return Err(e);
        }
    };
    crate::vault::fsutil::fsync_dir(dir)?;
    Ok((second, x.files_written()))
}

/// Which pass of [`verify_then_extract`] a verification is (the first may show progress).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    Check,
    Extract,
}

/// The signer continuity rule on import: if bundles from this vault were received before
/// (`known` signers), the new bundle's `found` signer must be one of them, unless the user
/// named the expected signer explicitly (`signer_named`, which `verify` has checked).
pub fn check_signer_continuity(known: &[String], found: &str, signer_named: bool) -> Result<()> {
    if !known.is_empty() && !known.iter().any(|k| k == found) && !signer_named {
        return Err(Problem::SignerChanged {
            known: known.join(", "),
            found: found.to_owned(),
        }
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signer_continuity() {
        let known = vec!["SHA256:a".to_owned(), "SHA256:b".to_owned()];
        assert!(check_signer_continuity(&[], "SHA256:new", false).is_ok());
        assert!(check_signer_continuity(&known, "SHA256:b", false).is_ok());
        assert!(check_signer_continuity(&known, "SHA256:c", true).is_ok());
        match check_signer_continuity(&known, "SHA256:c", false) {
            Err(BundleError::Verify(Problem::SignerChanged { known, found })) => {
                assert_eq!(known, "SHA256:a, SHA256:b");
                assert_eq!(found, "SHA256:c");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn extract_writes_inside_and_rolls_back_everything() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("out");
        fs::create_dir(&dir).unwrap();
        let mut x = Extract::new(&dir, true);
        x.file_start("VERIFY.txt", 3).unwrap();
        x.file_data(b"abc").unwrap();
        x.file_end().unwrap();
        x.file_start("attachments/1", 1).unwrap();
        x.file_data(b"x").unwrap();
        x.file_end().unwrap();
        assert_eq!(fs::read(dir.join("VERIFY.txt")).unwrap(), b"abc");
        assert_eq!(x.files_written(), 2);
        // Nothing is overwritten, nothing escapes the directory.
        assert!(matches!(
            x.file_start("VERIFY.txt", 1),
            Err(BundleError::Exists(_))
        ));
        assert!(x.file_start("../escape", 1).is_err());
        assert!(!t.path().join("escape").exists());
        x.rollback();
        assert!(
            !dir.exists(),
            "a directory made for the extraction goes too"
        );
    }

    #[test]
    fn rollback_keeps_a_directory_it_did_not_make() {
        let t = tempfile::tempdir().unwrap();
        let mut x = Extract::new(t.path(), false);
        x.file_start("a", 1).unwrap();
        x.file_end().unwrap();
        x.rollback();
        assert!(t.path().is_dir());
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 0);
    }
}
