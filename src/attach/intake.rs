//! Opening a file for intake and noticing when it changes while it is read.
//!
//! A file is opened once and read through that one descriptor. Before and after reading,
//! its identity (device, inode), size, modification and change times are compared, its path
//! must still name the same file, and the number of bytes read must equal the size. A file
//! modified within the last few seconds before intake (it may still be being written) is
//! read a second time and its SHA-256 compared. Limit: a write that lands within the same
//! clock tick as the first `fstat` and leaves the size alone can go unseen in an old file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use super::{sanitise_name, AttachError};

/// Files modified this recently before intake are read twice.
const RECENT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    fn of(m: &fs::Metadata) -> Stamp {
        Stamp {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        }
    }
}

/// A file opened for intake.
pub struct Source {
    file: File,
    path: PathBuf,
    /// The path as given, for messages (sanitise before printing).
    pub display: String,
    /// The name to store (sanitised).
    pub name: String,
    before: Stamp,
    recent: bool,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("name", &self.name)
            .field("size", &self.before.size)
            .finish()
    }
}

impl Source {
    /// Open a regular file for reading. Refuses directories, devices, FIFOs and sockets.
    pub fn open(path: &Path) -> Result<Source, AttachError> {
        let display = path.display().to_string();
        let read_err = |e: io::Error| AttachError::Read {
            path: display.clone(),
            source: e,
        };
        // O_NONBLOCK: opening a FIFO must not hang; it is refused below anyway.
        let file = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOCTTY | libc::O_NONBLOCK)
            .open(path)
            .map_err(read_err)?;
        let meta = file.metadata().map_err(read_err)?;
        if !meta.file_type().is_file() {
            return Err(AttachError::NotRegular(display));
        }
        let now = SystemTime::now();
        let recent = [meta.modified().ok(), meta.created().ok()]
            .into_iter()
            .flatten()
            .chain(std::iter::once(
                SystemTime::UNIX_EPOCH + Duration::new(meta.ctime().max(0) as u64, 0),
            ))
            .any(|t| now.duration_since(t).map_or(true, |d| d < RECENT));
        // Reads are sequential: let the kernel read ahead generously.
        // SAFETY: advice on a descriptor we own.
        unsafe {
            use std::os::unix::io::AsRawFd;
            libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_SEQUENTIAL);
        }
        Ok(Source {
            name: sanitise_name(path.file_name().unwrap_or(path.as_os_str())),
            path: path.to_path_buf(),
            display,
            before: Stamp::of(&meta),
            recent,
            file,
        })
    }

    /// The size when the file was opened.
    pub fn size(&self) -> u64 {
        self.before.size
    }

    /// Whether the file was modified just before intake (it will be read twice).
    pub fn recently_modified(&self) -> bool {
        self.recent
    }

    fn read_err(&self, e: io::Error) -> AttachError {
        AttachError::Read {
            path: self.display.clone(),
            source: e,
        }
    }

    /// Fill `buf` completely, or up to the end of the file. Returns the bytes read.
    pub fn read_full(&mut self, buf: &mut [u8]) -> Result<usize, AttachError> {
        let mut n = 0;
        while n < buf.len() {
            match self.file.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.read_err(e)),
            }
        }
        Ok(n)
    }

    /// Read the whole file in chunks of `chunk` bytes and hand each to `sink`, in order
    /// (every chunk full except the last; an empty file gives none). Reading and hashing
    /// run on a second thread while `sink` stores the previous chunk, with at most three
    /// chunk buffers in flight (zeroised when dropped). Then checks that the file did not
    /// change ([`Source::verify_unchanged`]). Returns the size, the SHA-256 and the first
    /// bytes (up to 64, for type detection).
    pub fn pump<E: From<AttachError>>(
        &mut self,
        chunk: usize,
        mut sink: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(u64, [u8; 32], Vec<u8>), E> {
        use std::sync::mpsc::sync_channel;
        use zeroize::Zeroizing;
        type Buf = Zeroizing<Vec<u8>>;
        let (full_tx, full_rx) = sync_channel::<(Buf, usize)>(2);
        let (empty_tx, empty_rx) = sync_channel::<Buf>(3);
        for _ in 0..3 {
            empty_tx
                .send(Zeroizing::new(vec![0u8; chunk]))
                .expect("the receiver is here");
        }
        let src = &mut *self;
        let ((size, sha), head) = std::thread::scope(|scope| {
            // Scrubbed when it ends: the hasher's partial block of the file.
            let reader = crate::crypto::memory::scoped_worker(
                scope,
                move || -> Result<(u64, [u8; 32]), AttachError> {
                    let mut hasher = Sha256::new();
                    let mut total = 0u64;
                    // A closed channel means the storing side stopped (it reports why).
                    while let Ok(mut buf) = empty_rx.recv() {
                        let n = src.read_full(&mut buf)?;
                        hasher.update(&buf[..n]);
                        total += n as u64;
                        let last = n < chunk;
                        if full_tx.send((buf, n)).is_err() || last {
                            break;
                        }
                    }
                    Ok((total, hasher.finalize().into()))
                },
            );
            let mut head = Vec::new();
            let stored = (|| {
                while let Ok((buf, n)) = full_rx.recv() {
                    if n > 0 {
                        if head.len() < 64 {
                            let take = (64 - head.len()).min(n);
                            head.extend_from_slice(&buf[..take]);
                        }
                        sink(&buf[..n])?;
                    }
                    if n < chunk {
                        break;
                    }
                    // The reader may be done already; a refused buffer is simply dropped.
                    let _ = empty_tx.send(buf);
                }
                Ok::<(), E>(())
            })();
            drop(full_rx);
            drop(empty_tx);
            let read = reader.join().expect("the reader thread does not panic");
            stored?;
            read.map(|(n, h)| ((n, h), head)).map_err(E::from)
        })?;
        self.verify_unchanged(size, &sha)?;
        Ok((size, sha, head))
    }

    fn unchanged(&self) -> Result<(), AttachError> {
        let changed = || AttachError::Changed(self.display.clone());
        let now = Stamp::of(&self.file.metadata().map_err(|e| self.read_err(e))?);
        if now != self.before {
            return Err(changed());
        }
        // The path must still name the file that was read.
        match fs::metadata(&self.path) {
            Ok(m) if m.dev() == now.dev && m.ino() == now.ino => Ok(()),
            _ => Err(changed()),
        }
    }

    /// Call after reading to the end: `read` bytes were read and hashed to `sha256`.
    /// Fails with `Changed` if the file changed in any way that can be seen.
    pub fn verify_unchanged(&mut self, read: u64, sha256: &[u8; 32]) -> Result<(), AttachError> {
        // One more byte would mean the file grew.
        let mut probe = [0u8; 1];
        if read != self.before.size || self.read_full(&mut probe)? != 0 {
            return Err(AttachError::Changed(self.display.clone()));
        }
        self.unchanged()?;
        if self.recent {
            let again = self.hash_again()?;
            if &again != sha256 {
                return Err(AttachError::Changed(self.display.clone()));
            }
            self.unchanged()?;
        }
        Ok(())
    }

    /// Read the whole file again from the start and hash it.
    fn hash_again(&mut self) -> Result<[u8; 32], AttachError> {
        use std::io::Seek;
        self.file.rewind().map_err(|e| self.read_err(e))?;
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut total = 0u64;
        loop {
            let n = self.read_full(&mut buf)?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
            total += n as u64;
        }
        buf.zeroize();
        if total != self.before.size {
            return Err(AttachError::Changed(self.display.clone()));
        }
        Ok(h.finalize().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn refuses_non_regular_files() {
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(
            Source::open(d.path()),
            Err(AttachError::NotRegular(_))
        ));
        assert!(matches!(
            Source::open(&d.path().join("none")),
            Err(AttachError::Read { .. })
        ));
        let fifo = d.path().join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            Source::open(&fifo),
            Err(AttachError::NotRegular(_))
        ));
    }

    fn read_all(s: &mut Source) -> (u64, [u8; 32]) {
        let mut buf = vec![0u8; 7];
        let mut h = Sha256::new();
        let mut n = 0u64;
        loop {
            let k = s.read_full(&mut buf).unwrap();
            if k == 0 {
                break;
            }
            h.update(&buf[..k]);
            n += k as u64;
        }
        (n, h.finalize().into())
    }

    #[test]
    fn pump_hands_over_every_chunk_in_order() {
        let d = tempfile::tempdir().unwrap();
        for len in [0usize, 1, 6, 7, 8, 21, 1000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 256) as u8).collect();
            let p = d.path().join(format!("f{len}"));
            fs::write(&p, &data).unwrap();
            let mut s = Source::open(&p).unwrap();
            let mut got = vec![];
            let mut sizes = vec![];
            let (n, h, head) = s
                .pump(7, |c| {
                    got.extend_from_slice(c);
                    sizes.push(c.len());
                    Ok::<(), AttachError>(())
                })
                .unwrap();
            assert_eq!(got, data);
            assert_eq!(n, len as u64);
            assert_eq!(h, crate::crypto::sha256(&data));
            assert_eq!(head, data[..len.min(64)]);
            assert!(sizes.iter().rev().skip(1).all(|&c| c == 7) && sizes.iter().all(|&c| c > 0));
        }
        // A failing sink stops the reader and its error comes back.
        let p = d.path().join("f1000");
        let mut s = Source::open(&p).unwrap();
        let mut calls = 0;
        let r = s.pump(7, |_| {
            calls += 1;
            if calls == 3 {
                Err(AttachError::TooMany)
            } else {
                Ok(())
            }
        });
        assert!(matches!(r, Err(AttachError::TooMany)));
        assert_eq!(calls, 3);
    }

    #[test]
    fn notices_changes() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f.bin");
        fs::write(&p, b"hello world").unwrap();
        let mut s = Source::open(&p).unwrap();
        assert!(s.recently_modified());
        let (n, h) = read_all(&mut s);
        s.verify_unchanged(n, &h).unwrap();

        // Appended while being read.
        let mut s = Source::open(&p).unwrap();
        let (n, h) = read_all(&mut s);
        fs::OpenOptions::new()
            .append(true)
            .open(&p)
            .unwrap()
            .write_all(b"!")
            .unwrap();
        assert!(matches!(
            s.verify_unchanged(n, &h),
            Err(AttachError::Changed(_))
        ));

        // Rewritten in place with the same size.
        let mut s = Source::open(&p).unwrap();
        let (n, h) = read_all(&mut s);
        fs::OpenOptions::new()
            .write(true)
            .open(&p)
            .unwrap()
            .write_all(b"HELLO")
            .unwrap();
        assert!(matches!(
            s.verify_unchanged(n, &h),
            Err(AttachError::Changed(_))
        ));

        // Replaced by another file under the same name.
        let mut s = Source::open(&p).unwrap();
        let (n, h) = read_all(&mut s);
        let q = d.path().join("g.bin");
        fs::write(&q, b"other").unwrap();
        fs::rename(&q, &p).unwrap();
        assert!(matches!(
            s.verify_unchanged(n, &h),
            Err(AttachError::Changed(_))
        ));
    }
}
