//! Writing an extracted attachment: [`crate::fsio::Output`] with the attachment errors.
//!
//! The output appears whole or not at all (see `fsio::output`); an existing file is replaced
//! only with `replace`, and never when it is a directory, device or symlink.

use std::io::{self, Write};
use std::path::Path;

use super::AttachError;
use crate::fsio::{self, Output, OutputMode};

/// An output file being written. Dropping it without `commit` leaves nothing behind.
pub struct OutFile {
    out: Output,
    shown: String,
}

fn map_err(shown: &str, e: io::Error) -> AttachError {
    if fsio::is_not_regular(&e) {
        AttachError::OutputNotRegular(shown.to_owned())
    } else if e.kind() == io::ErrorKind::AlreadyExists {
        AttachError::OutputExists(shown.to_owned())
    } else {
        AttachError::Write {
            path: shown.to_owned(),
            source: e,
        }
    }
}

impl OutFile {
    /// Start writing `target`. Fails at once if it exists (unless `replace`), or exists and
    /// is not a regular file (even with `replace`: a device or directory is never replaced).
    pub fn create(target: &Path, replace: bool) -> Result<OutFile, AttachError> {
        let shown = target.display().to_string();
        let mode = if replace {
            OutputMode::Replace
        } else {
            OutputMode::CreateNew
        };
        let out = Output::create(target, mode).map_err(|e| map_err(&shown, e))?;
        Ok(OutFile { out, shown })
    }

    /// Sync the data and give the file its name; then sync the directory.
    pub fn commit(self) -> Result<(), AttachError> {
        let OutFile { out, shown } = self;
        out.commit().map_err(|e| map_err(&shown, e))
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn appears_only_on_commit_and_never_clobbers() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("out.bin");
        let mut o = OutFile::create(&t, false).unwrap();
        o.write_all(b"data").unwrap();
        assert!(!t.exists());
        o.commit().unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"data");
        assert!(matches!(
            OutFile::create(&t, false),
            Err(AttachError::OutputExists(_))
        ));
        let mut o = OutFile::create(&t, true).unwrap();
        o.write_all(b"new").unwrap();
        o.commit().unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"new");
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
            OutFile::create(d.path(), false),
            Err(AttachError::OutputNotRegular(_))
        ));
    }
}
