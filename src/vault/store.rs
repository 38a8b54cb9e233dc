//! The attachment store (v2): attachment bytes in encrypted, padded files next to the
//! database, in `sandyk.store/`. This module alone creates, reads, lists and removes them;
//! which file belongs to which attachment, and each attachment's key, are rows of the
//! encrypted database (`vault::db::attachments`).
//!
//! One file per stored copy (original, metadata-free working copy), named by 16 random
//! bytes in hex. Its content is the STREAM construction of Hoang, Reyhanitabar, Rogaway and
//! Vizár (the nonce layout of RustCrypto's `aead::stream::StreamBE32`) over
//! ChaCha20-Poly1305 (RFC 8439, computed by `ring`; see `ChunkCipher`):
//!
//! - the plaintext is cut into chunks of [`CHUNK`] bytes (the last holds 1..=CHUNK bytes;
//!   an empty copy is one empty last chunk);
//! - chunk `i` is sealed with the attachment's 256-bit key and the 12-byte nonce
//!   `prefix (7 bytes) || i (u32 big endian) || last (0x01 for the last chunk, else 0x00)`,
//!   no associated data, and stored as its ciphertext followed by the 16-byte tag, one after
//!   the other from offset 0;
//! - the 7-byte nonce prefix is 6 random bytes and the copy number (0 original, 1 working);
//! - the file is then padded with random bytes to the Padmé length ([`padme`]) of the
//!   sealed length, so its size reveals at most O(log log n) bits of the attachment's size.
//!
//! A truncated, reordered, swapped or altered chunk fails authentication ([`StoreError::
//! Tampered`]); the file length must be exactly the padded length. See docs/format.md
//! ("Attachment store") for the independent reading, SECURITY.md for what it reveals.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use thiserror::Error;
use zeroize::Zeroizing;

use crate::crypto::random_bytes;

/// The store directory's name inside the vault directory.
pub const STORE_DIR: &str = "sandyk.store";

/// Plaintext bytes per sealed chunk. Part of the format.
pub const CHUNK: usize = 64 * 1024;

/// Poly1305 tag length.
pub const TAG: usize = 16;

/// Length of the STREAM nonce prefix stored in the database row.
pub const NONCE_PREFIX: usize = 7;

/// Chunks written per `write` system call.
const BATCH: usize = 16;

/// What can go wrong in the store. Messages carry no content and no key.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A chunk failed authentication, or the file has the wrong length: the bytes were
    /// altered, truncated or swapped.
    #[error("the stored content fails authentication at chunk {chunk} (altered or damaged)")]
    Tampered { chunk: u64 },
    /// The content file is missing.
    #[error("a stored content file is missing")]
    Missing,
    #[error("attachment store I/O: {0}")]
    Io(#[from] io::Error),
}

/// A random 256-bit key for one attachment.
pub type ContentKey = Zeroizing<[u8; 32]>;

/// A new random attachment key.
pub fn new_key() -> ContentKey {
    let mut k = Zeroizing::new([0u8; 32]);
    random_bytes(&mut k[..]);
    k
}

/// The Padmé length of `len` (Nikitin et al., "Reducing Metadata Leakage from Encrypted
/// Files and Communication with PURBs", 2019): `len` rounded up so that only its top
/// `floor(log2(floor(log2 len))) + 1` bits may be non-zero. At most 12 % overhead.
pub fn padme(len: u64) -> u64 {
    if len < 2 {
        return len;
    }
    let e = 63 - u64::from(len.leading_zeros()); // floor(log2 len)
    let s = 64 - u64::from(e.leading_zeros()); // floor(log2 e) + 1
    let z = e.saturating_sub(s);
    let mask = (1u64 << z) - 1;
    (len + mask) & !mask
}

/// Chunks of a copy of `size` bytes (an empty copy is one empty chunk).
pub fn chunks(size: u64) -> u64 {
    size.div_ceil(CHUNK as u64).max(1)
}

/// The sealed length (chunks with their tags) of a copy of `size` bytes.
pub fn sealed_len(size: u64) -> u64 {
    size + chunks(size) * TAG as u64
}

/// The length of the file holding a copy of `size` bytes.
pub fn stored_len(size: u64) -> u64 {
    padme(sealed_len(size))
}

/// The chunk cipher of one copy: ChaCha20-Poly1305 (RFC 8439) under the attachment's key,
/// with the STREAM nonce `prefix || counter (u32 BE) || last flag`, no associated data —
/// byte for byte what RustCrypto's `StreamBE32<ChaCha20Poly1305>` computes (pinned by
/// `ring_chunks_match_rustcrypto_stream`).
///
/// Why `ring` and not the RustCrypto `chacha20poly1305` crate used elsewhere: this is the
/// path every attachment byte takes, and on the reference machine (AMD EPYC, AVX2/AVX-512)
/// ring's assembly seals 64 KiB chunks at 2,555 MiB/s against RustCrypto's 1,510 MiB/s
/// (docs/performance.md, "Attachment store") — the difference between the store running at
/// age's speed or at half of it. The format does not change.
///
/// ring does not wipe its keys when they are dropped (RustCrypto's types do), nor the cipher
/// state its assembly leaves in its stack frame and vector registers: the key lives in a heap
/// slot of its own that [`Drop`] overwrites with zeros, and every call into ring runs inside
/// `crypto::memory::scrubbed_call`.
struct ChunkCipher {
    key: Box<std::mem::MaybeUninit<ring::aead::LessSafeKey>>,
    prefix: [u8; NONCE_PREFIX],
}

// The slot is wiped instead of dropped: sound only while the key owns nothing that needs
// dropping (no heap, no handle), which this checks at compile time.
const _: () = assert!(!std::mem::needs_drop::<ring::aead::LessSafeKey>());

impl ChunkCipher {
    fn new(key: &[u8; 32], prefix: &[u8; NONCE_PREFIX]) -> ChunkCipher {
        let mut slot = Box::new(std::mem::MaybeUninit::uninit());
        // Built one call deeper and the stack scrubbed after: the key's temporaries
        // (`UnboundKey`, `LessSafeKey` before it is moved into the slot) live there.
        crate::crypto::memory::scrubbed_call(|| {
            let unbound = ring::aead::UnboundKey::new(&ring::aead::CHACHA20_POLY1305, key)
                .expect("a 32-byte key is valid for ChaCha20-Poly1305");
            slot.write(ring::aead::LessSafeKey::new(unbound));
        });
        ChunkCipher {
            key: slot,
            prefix: *prefix,
        }
    }

    fn key(&self) -> &ring::aead::LessSafeKey {
        // SAFETY: written in `new`, and only wiped in `drop`.
        unsafe { self.key.assume_init_ref() }
    }

    fn nonce(&self, counter: u32, last: bool) -> ring::aead::Nonce {
        let mut n = [0u8; 12];
        n[..NONCE_PREFIX].copy_from_slice(&self.prefix);
        n[NONCE_PREFIX..11].copy_from_slice(&counter.to_be_bytes());
        n[11] = u8::from(last);
        ring::aead::Nonce::assume_unique_for_key(n)
    }

    /// Seal `chunk` in place; returns its tag.
    fn seal(&self, counter: u32, last: bool, chunk: &mut [u8]) -> [u8; TAG] {
        // ring's assembly leaves the cipher state (the key) in its frame and registers.
        crate::crypto::memory::scrubbed_call(|| {
            let tag = self
                .key()
                .seal_in_place_separate_tag(
                    self.nonce(counter, last),
                    ring::aead::Aad::empty(),
                    chunk,
                )
                .expect("a chunk is far below ChaCha20-Poly1305's length limit");
            let mut out = [0u8; TAG];
            out.copy_from_slice(tag.as_ref());
            out
        })
    }

    /// Open `sealed` (ciphertext then tag) in place: the plaintext is its first
    /// `sealed.len() - TAG` bytes. `false` if it fails authentication.
    fn open(&self, counter: u32, last: bool, sealed: &mut [u8]) -> bool {
        crate::crypto::memory::scrubbed_call(|| {
            self.key()
                .open_in_place(self.nonce(counter, last), ring::aead::Aad::empty(), sealed)
                .is_ok()
        })
    }
}

impl Drop for ChunkCipher {
    fn drop(&mut self) {
        // SAFETY: the slot's bytes, which the MaybeUninit makes valid to overwrite with any.
        unsafe {
            crate::crypto::memory::wipe_raw(
                self.key.as_mut_ptr().cast::<u8>(),
                std::mem::size_of::<ring::aead::LessSafeKey>(),
            )
        };
    }
}

/// Whether `name` is a content file name (32 lower-case hex digits).
pub fn is_content_name(name: &str) -> bool {
    name.len() == 32
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The store of one vault.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store next to the database file `db` (in the same directory).
    pub fn beside(db: &Path) -> Store {
        let parent = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Store {
            dir: parent.join(STORE_DIR),
        }
    }

    /// A store with no directory, for the in-memory duress stand-in: it lists nothing and
    /// cannot create files (attaching to the stand-in fails with an I/O error), so nothing
    /// of it is ever written and no sweep can touch the real vault's store.
    pub fn detached() -> Store {
        Store {
            dir: PathBuf::new(),
        }
    }

    /// The store of the vault directory `vault_dir`.
    pub fn in_vault(vault_dir: &Path) -> Store {
        Store {
            dir: vault_dir.join(STORE_DIR),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Remove every content file and then the directory (panic, wipe, duress destroy: the
    /// keys are gone with the database already). Files are truncated and unlinked, not
    /// overwritten: their content is sealed under keys that no longer exist, and
    /// overwriting gigabytes would make the erase slow. Whatever else is in the directory
    /// is left, and so is the directory then (`Ok(false)`); a missing store is `Ok(true)`.
    pub fn destroy_all(&self) -> io::Result<bool> {
        match fs::symlink_metadata(&self.dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(true),
            Err(e) => return Err(e),
            Ok(m) if !m.is_dir() => {
                return Err(io::Error::other("the attachment store is not a directory"))
            }
            Ok(_) => {}
        }
        let names = self.list()?;
        self.remove(&names)?;
        match fs::remove_dir(&self.dir) {
            Ok(()) => {
                if let Some(p) = self.dir.parent() {
                    crate::fsio::fsync_dir(p)?;
                }
                Ok(true)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
            Err(e) if e.raw_os_error() == Some(libc::ENOTEMPTY) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Make the directory (mode 0700) if needed; its creation is synced in the parent.
    fn ensure_dir(&self) -> io::Result<()> {
        use std::os::unix::fs::DirBuilderExt;
        if self.dir.as_os_str().is_empty() {
            return Err(io::Error::from(io::ErrorKind::Unsupported));
        }
        match fs::DirBuilder::new().mode(0o700).create(&self.dir) {
            Ok(()) => {
                if let Some(p) = self.dir.parent() {
                    crate::fsio::fsync_dir(p)?;
                }
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let m = fs::symlink_metadata(&self.dir)?;
                if m.is_dir() {
                    Ok(())
                } else {
                    Err(io::Error::other("the attachment store is not a directory"))
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Start a new content file for copy `copy` (0 original, 1 working) under `key`.
    pub fn create(&self, key: &[u8; 32], copy: u8) -> Result<StoreWriter, StoreError> {
        self.ensure_dir()?;
        let mut raw = [0u8; 16];
        random_bytes(&mut raw);
        let name = hex::encode(raw);
        let open = || {
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(self.path(&name))
        };
        let file = match open() {
            // The directory was removed with the last file of a concurrent deletion.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.ensure_dir()?;
                open()?
            }
            r => r?,
        };
        let mut prefix = [0u8; NONCE_PREFIX];
        random_bytes(&mut prefix[..NONCE_PREFIX - 1]);
        prefix[NONCE_PREFIX - 1] = copy;
        Ok(StoreWriter {
            file: Some(file),
            path: self.path(&name),
            name,
            prefix,
            cipher: ChunkCipher::new(key, &prefix),
            counter: 0,
            out: Zeroizing::new(Vec::with_capacity(BATCH * (CHUNK + TAG) + CHUNK)),
            open: 0,
            failed: false,
            size: 0,
            written: 0,
        })
    }

    /// Open copy `size` bytes long stored in `name` with `key` and the nonce `prefix`.
    pub fn open(
        &self,
        name: &str,
        key: &[u8; 32],
        prefix: &[u8; NONCE_PREFIX],
        size: u64,
    ) -> Result<StoreReader, StoreError> {
        if !is_content_name(name) || self.dir.as_os_str().is_empty() {
            return Err(StoreError::Missing);
        }
        let file = match OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(self.path(name))
        {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(StoreError::Missing),
            Err(e) => return Err(e.into()),
        };
        let m = file.metadata()?;
        if !m.is_file() || m.len() != stored_len(size) {
            return Err(StoreError::Tampered {
                chunk: chunks(size) - 1,
            });
        }
        Ok(StoreReader {
            file,
            cipher: ChunkCipher::new(key, prefix),
            size,
            pos: 0,
            buf: Zeroizing::new(Vec::with_capacity(CHUNK + TAG)),
            loaded: None,
        })
    }

    /// Remove content files (after the rows holding their keys were destroyed): each is
    /// truncated (its blocks freed now) and unlinked, then the directory is synced. Missing
    /// files are not an error. Returns how many were removed.
    pub fn remove(&self, names: &[String]) -> io::Result<usize> {
        if self.dir.as_os_str().is_empty() {
            return Ok(0);
        }
        let mut n = 0;
        for name in names.iter().filter(|n| is_content_name(n)) {
            let p = self.path(name);
            if let Ok(f) = OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
                .open(&p)
            {
                if f.metadata().is_ok_and(|m| m.is_file()) {
                    let _ = f.set_len(0);
                }
            }
            match fs::remove_file(&p) {
                Ok(()) => n += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        if n > 0 {
            crate::fsio::fsync_dir(&self.dir)?;
            // The last one gone: the directory too, so a vault without attachments shows
            // none (ENOTEMPTY: others remain; a concurrent intake re-creates it).
            self.remove_if_empty()?;
        }
        Ok(n)
    }

    /// Remove the directory if it is empty (and sync its parent). Anything in it, or no
    /// directory, is not an error.
    pub fn remove_if_empty(&self) -> io::Result<()> {
        match fs::remove_dir(&self.dir) {
            Ok(()) => match self.dir.parent() {
                Some(p) => crate::fsio::fsync_dir(p),
                None => Ok(()),
            },
            Err(_) => Ok(()),
        }
    }

    /// The content files present (names only; anything else in the directory is ignored).
    pub fn list(&self) -> io::Result<Vec<String>> {
        let rd = match fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(vec![]),
            Err(e) => return Err(e),
        };
        let mut out = vec![];
        for e in rd {
            if let Some(n) = e?.file_name().to_str() {
                if is_content_name(n) {
                    out.push(n.to_owned());
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Sync the store directory (after files were created, before the rows commit).
    pub fn sync(&self) -> io::Result<()> {
        crate::fsio::fsync_dir(&self.dir)
    }
}

/// Writes one copy: seals chunks as they fill, pads and syncs in [`StoreWriter::finish`].
/// Dropped without `finish`, the file is removed.
pub struct StoreWriter {
    file: Option<File>,
    path: PathBuf,
    name: String,
    prefix: [u8; NONCE_PREFIX],
    cipher: ChunkCipher,
    counter: u32,
    /// Sealed chunks not yet written, then the plaintext of the chunk being filled (from
    /// `open`; a full chunk waits until it is known whether it is the last), sealed in
    /// place: each byte is copied once on its way to the file.
    out: Zeroizing<Vec<u8>>,
    /// Where the chunk being filled starts in `out`.
    open: usize,
    /// A write failed: every later call fails too.
    failed: bool,
    size: u64,
    written: u64,
}

/// A finished content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub name: String,
    pub prefix: [u8; NONCE_PREFIX],
    pub size: u64,
}

impl StoreWriter {
    /// The file's name in the store.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn seal_pending(&mut self, last: bool) -> io::Result<()> {
        let tag = self
            .cipher
            .seal(self.counter, last, &mut self.out[self.open..]);
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| io::Error::other("attachment too large for the store"))?;
        self.out.extend_from_slice(&tag);
        self.open = self.out.len();
        if self.out.len() >= BATCH * (CHUNK + TAG) || last {
            self.flush_out()?;
        }
        Ok(())
    }

    /// Write the sealed chunks (everything before `open`; only called with no chunk
    /// being filled).
    fn flush_out(&mut self) -> io::Result<()> {
        debug_assert_eq!(self.open, self.out.len());
        let f = self.file.as_ref().expect("open until finished");
        f.write_all_at(&self.out, self.written)?;
        self.written += self.out.len() as u64;
        self.out.clear();
        self.open = 0;
        Ok(())
    }

    /// Seal the last chunk, pad with random bytes to the Padmé length, sync the file.
    /// (The caller syncs the directory once for all files before committing their rows.)
    pub fn finish(mut self) -> Result<Stored, StoreError> {
        if self.failed {
            return Err(failed_before().into());
        }
        self.seal_pending(true)?;
        let target = padme(self.written);
        let mut noise = vec![0u8; CHUNK];
        while self.written < target {
            let n = ((target - self.written) as usize).min(noise.len());
            random_bytes(&mut noise[..n]);
            self.out.extend_from_slice(&noise[..n]);
            self.open = self.out.len();
            self.flush_out()?;
        }
        let f = self.file.take().expect("open until finished");
        f.sync_all()?;
        Ok(Stored {
            name: std::mem::take(&mut self.name),
            prefix: self.prefix,
            size: self.size,
        })
    }
}

fn failed_before() -> io::Error {
    io::Error::other("an earlier write to this stored copy failed")
}

impl Write for StoreWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        if self.failed {
            return Err(failed_before());
        }
        if self.out.len() - self.open == CHUNK {
            // More is coming: the full chunk is not the last.
            if let Err(e) = self.seal_pending(false) {
                // The batch stays in `out`: no write may follow (it would grow the buffer
                // holding plaintext), and `finish` may not seal a wrong last chunk.
                self.failed = true;
                return Err(e);
            }
        }
        let n = data.len().min(CHUNK - (self.out.len() - self.open));
        self.out.extend_from_slice(&data[..n]);
        self.size += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for StoreWriter {
    fn drop(&mut self) {
        // Not finished: an error on the way. The row referencing it never commits.
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Plaintext bytes per block handed over by [`ReadAhead`].
const AHEAD_BLOCK: usize = 16 * CHUNK;

/// A block of plaintext and how many of its bytes are valid, or the error that ended it.
type Block = io::Result<(Zeroizing<Vec<u8>>, usize)>;

/// A copy read front to back with decryption on a second thread: the thread opens and
/// authenticates chunks into blocks of 1 MiB while the caller hashes (SHA-256) and writes
/// the previous block (extract, export), so each byte is decrypted once on one core and
/// hashed once on the other — the two costs are about equal (ring's ChaCha20-Poly1305 and
/// SHA-NI's SHA-256 here), so neither thread waits long for the other. At most three blocks
/// exist, zeroised when dropped; dropping the reader early stops the thread. Errors (a chunk
/// that fails authentication) arrive in order, after the bytes before them.
/// [`ReadAhead::sha256`] gives the hash of every byte read once the end was reached.
pub struct ReadAhead {
    rx: Option<std::sync::mpsc::Receiver<Block>>,
    back: Option<std::sync::mpsc::SyncSender<Zeroizing<Vec<u8>>>>,
    cur: Zeroizing<Vec<u8>>,
    len: usize,
    pos: usize,
    done: bool,
    /// On the heap, so its partial block of plaintext is wiped when it is freed.
    hasher: Box<sha2::Sha256>,
    digest: Option<[u8; 32]>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ReadAhead {
    pub fn new(mut inner: StoreReader) -> ReadAhead {
        use std::sync::mpsc::sync_channel;
        let (tx, rx) = sync_channel::<Block>(2);
        let (back_tx, back_rx) = sync_channel::<Zeroizing<Vec<u8>>>(3);
        for _ in 0..2 {
            let _ = back_tx.send(Zeroizing::new(vec![0u8; AHEAD_BLOCK]));
        }
        // Scrubbed when it ends: the cipher's state.
        let thread = crate::crypto::memory::worker(move || {
            while let Ok(mut buf) = back_rx.recv() {
                let mut n = 0;
                let r = loop {
                    if n == buf.len() {
                        break Ok(());
                    }
                    match inner.read(&mut buf[n..]) {
                        Ok(0) => break Ok(()),
                        Ok(k) => n += k,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => break Err(e),
                    }
                };
                let end = n == 0;
                let msg = match r {
                    Ok(()) => Ok((buf, n)),
                    Err(e) => {
                        // The bytes before the failure first, then the error.
                        if n > 0 && tx.send(Ok((buf, n))).is_err() {
                            return;
                        }
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                if tx.send(msg).is_err() || end {
                    return;
                }
            }
        });
        ReadAhead {
            rx: Some(rx),
            back: Some(back_tx),
            cur: Zeroizing::new(Vec::new()),
            len: 0,
            pos: 0,
            done: false,
            hasher: Box::default(),
            digest: None,
            thread: Some(thread),
        }
    }

    /// The SHA-256 of every byte of the copy, once a read returned its end (None before,
    /// and after an error).
    pub fn sha256(&self) -> Option<[u8; 32]> {
        if !self.done {
            return None;
        }
        self.digest
    }
}

impl Read for ReadAhead {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        while self.pos == self.len {
            if self.done {
                return Ok(0);
            }
            let Some(rx) = &self.rx else { return Ok(0) };
            match rx.recv() {
                Ok(Ok((buf, n))) => {
                    use sha2::Digest;
                    self.hasher.update(&buf[..n]);
                    if n == 0 {
                        self.digest = Some(self.hasher.finalize_reset().into());
                    }
                    let old = std::mem::replace(&mut self.cur, buf);
                    if !old.is_empty() {
                        if let Some(b) = &self.back {
                            let _ = b.send(old);
                        }
                    }
                    self.len = n;
                    self.pos = 0;
                    if n == 0 {
                        self.done = true;
                    }
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let n = out.len().min(self.len - self.pos);
        out[..n].copy_from_slice(&self.cur[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        // The hasher's buffer holds up to 63 bytes of plaintext (`finalize_reset` only
        // rewinds it); overwrite it before the box is freed.
        *self.hasher = Default::default();
        std::hint::black_box(&*self.hasher);
        // Closing both channels ends the thread at its next send or receive.
        self.back.take();
        self.rx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads one copy (Read + Seek), one authenticated chunk at a time. A chunk that fails
/// authentication is an `io::ErrorKind::InvalidData` error carrying
/// [`StoreError::Tampered`] (see [`tampered_chunk`]).
pub struct StoreReader {
    file: File,
    cipher: ChunkCipher,
    size: u64,
    pos: u64,
    buf: Zeroizing<Vec<u8>>,
    loaded: Option<u64>,
}

/// The chunk number of a [`StoreError::Tampered`] carried in an `io::Error`.
pub fn tampered_chunk(e: &io::Error) -> Option<u64> {
    match e.get_ref()?.downcast_ref::<StoreError>()? {
        StoreError::Tampered { chunk } => Some(*chunk),
        _ => None,
    }
}

impl StoreReader {
    fn load(&mut self, idx: u64) -> io::Result<()> {
        let n = chunks(self.size);
        let last = idx + 1 == n;
        let plain = if last {
            (self.size - idx * CHUNK as u64) as usize
        } else {
            CHUNK
        };
        let tampered = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                StoreError::Tampered { chunk: idx },
            )
        };
        self.loaded = None;
        self.buf.clear();
        self.buf.resize(plain + TAG, 0);
        self.file
            .read_exact_at(&mut self.buf, idx * (CHUNK + TAG) as u64)
            .map_err(|e| {
                if e.kind() == io::ErrorKind::UnexpectedEof {
                    tampered()
                } else {
                    e
                }
            })?;
        let counter = u32::try_from(idx).map_err(|_| tampered())?;
        if !self.cipher.open(counter, last, &mut self.buf) {
            return Err(tampered());
        }
        self.buf.truncate(plain);
        self.loaded = Some(idx);
        Ok(())
    }

    /// Decrypt every chunk (the `check` of one copy). Returns the first failure.
    pub fn verify_all(&mut self) -> io::Result<()> {
        for i in 0..chunks(self.size) {
            self.load(i)?;
        }
        Ok(())
    }
}

impl Read for StoreReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.size || out.is_empty() {
            return Ok(0);
        }
        let idx = self.pos / CHUNK as u64;
        if self.loaded != Some(idx) {
            self.load(idx)?;
        }
        let off = (self.pos % CHUNK as u64) as usize;
        let n = out.len().min(self.buf.len() - off);
        out[..n].copy_from_slice(&self.buf[off..off + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for StoreReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let new = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match new {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(io::Error::from(io::ErrorKind::InvalidInput)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 131 % 251) as u8).collect()
    }

    fn put(store: &Store, key: &[u8; 32], bytes: &[u8]) -> Stored {
        let mut w = store.create(key, 0).unwrap();
        // Uneven pieces, to cross chunk boundaries in every way.
        for piece in bytes.chunks(7919) {
            w.write_all(piece).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn a_detached_store_writes_and_removes_nothing() {
        let s = Store::detached();
        assert!(s.list().unwrap().is_empty());
        assert!(s.create(&new_key(), 0).is_err());
        assert_eq!(s.remove(&[format!("{:032x}", 1)]).unwrap(), 0);
        assert!(matches!(
            s.open(&format!("{:032x}", 1), &new_key(), &[0; NONCE_PREFIX], 1),
            Err(StoreError::Missing)
        ));
        assert!(s.destroy_all().unwrap());
    }

    /// The format is RustCrypto's `StreamBE32<ChaCha20Poly1305>` (docs/format.md): ring's
    /// chunks must be byte for byte what it seals, and open what it seals.
    #[test]
    fn ring_chunks_match_rustcrypto_stream() {
        use chacha20poly1305::aead::stream::{NewStream, StreamBE32, StreamPrimitive};
        use chacha20poly1305::{ChaCha20Poly1305, KeyInit};
        let key = new_key();
        let prefix = [1, 2, 3, 4, 5, 6, 1];
        let ours = ChunkCipher::new(&key, &prefix);
        let theirs = StreamBE32::from_aead(ChaCha20Poly1305::new((&*key).into()), (&prefix).into());
        for (counter, last, len) in [
            (0u32, false, CHUNK),
            (7, false, 100),
            (0x0102_0304, true, 1),
            (3, true, 0),
        ] {
            let plain = data(len);
            let mut a = plain.clone();
            let tag = ours.seal(counter, last, &mut a);
            a.extend_from_slice(&tag);
            let mut b = plain.clone();
            theirs.encrypt_in_place(counter, last, b"", &mut b).unwrap();
            assert_eq!(a, b, "counter {counter} last {last}");
            let mut back = b.clone();
            assert!(ours.open(counter, last, &mut back));
            assert_eq!(back[..len], plain[..]);
            // The flag and the counter are bound: the other value does not open it.
            assert!(!ours.open(counter, !last, &mut b.clone()));
            assert!(!ours.open(counter ^ 1, last, &mut b.clone()));
        }
    }

    /// ring's assembly spills the ChaCha20 state — the key's 32 bytes as they are — into its
    /// stack frame and vector registers and does not clear them; neither does building the
    /// key. After `new`, `seal` and `open` nothing of the key may be left below the caller.
    #[test]
    fn the_cipher_leaves_no_key_on_the_stack() {
        std::thread::spawn(|| {
            let key: [u8; 32] = std::array::from_fn(|i| 0xa0 ^ (i as u8).wrapping_mul(37));
            let found = {
                let c = ChunkCipher::new(&key, &[9; NONCE_PREFIX]);
                let mut chunk = data(CHUNK);
                let tag = c.seal(3, false, &mut chunk);
                chunk.extend_from_slice(&tag);
                assert!(c.open(3, false, &mut chunk));
                stack_below_holds(&[&key[..16], &key[16..]])
            };
            assert!(!found, "a half of the key is on the stack below the caller");
        })
        .join()
        .unwrap();
    }

    /// Whether any of `needles` is in the 64 KiB of this thread's stack below this frame (the
    /// space the calls just made used). Test-only: reads dead stack memory, volatile.
    #[inline(never)]
    fn stack_below_holds(needles: &[&[u8]]) -> bool {
        let marker = 0u8;
        let top = std::hint::black_box(&marker) as *const u8 as usize - 512;
        let len = 64 * 1024;
        let bytes: Vec<u8> = (top - len..top)
            // SAFETY: inside this thread's mapped stack (2 MiB by default), below the live
            // frames; read as plain bytes.
            .map(|a| unsafe { std::ptr::read_volatile(a as *const u8) })
            .collect();
        needles
            .iter()
            .any(|n| bytes.windows(n.len()).any(|w| w == *n))
    }

    /// A failed write ends the copy: later writes and `finish` fail too (they would grow the
    /// buffer that holds plaintext, or seal a wrong last chunk and call the copy finished).
    #[test]
    fn a_failed_write_poisons_the_writer() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::beside(&d.path().join("sandyk.db"));
        let mut w = store.create(&new_key(), 0).unwrap();
        // The descriptor swapped for a read-only one: the batch's write fails.
        w.file = Some(File::open(store.dir().join(w.name())).unwrap());
        let block = data(CHUNK);
        let e = (0..=BATCH)
            .try_for_each(|_| w.write_all(&block))
            .and_then(|()| w.write_all(b"x"))
            .unwrap_err();
        assert_ne!(
            e.to_string(),
            failed_before().to_string(),
            "the first error is the OS's"
        );
        assert_eq!(
            w.write(b"more").unwrap_err().to_string(),
            failed_before().to_string()
        );
        assert!(matches!(w.finish(), Err(StoreError::Io(_))));
    }

    #[test]
    fn padme_matches_the_paper() {
        assert_eq!(padme(0), 0);
        assert_eq!(padme(1), 1);
        assert_eq!(padme(9), 10);
        assert_eq!(padme(100), 104);
        assert_eq!(padme(1000), 1024);
        // Never smaller, at most 12 % larger, and few distinct values.
        let mut distinct = std::collections::BTreeSet::new();
        for l in (1u64..5_000_000).step_by(997) {
            let p = padme(l);
            assert!(p >= l && (p - l) * 100 <= l * 12 + 100, "{l} -> {p}");
            assert_eq!(padme(p), p, "a padded length is its own padding");
            if (1 << 20..1 << 21).contains(&l) {
                distinct.insert(p);
            }
        }
        // Between 1 MiB and 2 MiB: 2^(floor(log2 20)+1) = 32 possible lengths.
        assert!(distinct.len() <= 32, "{}", distinct.len());
    }

    #[test]
    fn round_trip_at_chunk_boundaries_and_seek() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::beside(&d.path().join("sandyk.db"));
        let key = new_key();
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5] {
            let bytes = data(len);
            let s = put(&store, &key, &bytes);
            assert_eq!(s.size, len as u64);
            let p = store.dir().join(&s.name);
            assert_eq!(fs::metadata(&p).unwrap().len(), stored_len(len as u64));
            let mut r = store.open(&s.name, &key, &s.prefix, len as u64).unwrap();
            let mut back = vec![];
            r.read_to_end(&mut back).unwrap();
            assert!(back == bytes, "length {len}");
            if len > 10 {
                r.seek(SeekFrom::Start(len as u64 - 10)).unwrap();
                let mut tail = vec![];
                r.read_to_end(&mut tail).unwrap();
                assert_eq!(tail, bytes[len - 10..]);
            }
            // No plaintext run of the content appears in the file.
            let raw = fs::read(&p).unwrap();
            if len >= 64 {
                assert!(!raw.windows(32).any(|w| w == &bytes[..32]));
            }
        }
        assert_eq!(store.list().unwrap().len(), 7);
    }

    #[test]
    fn read_ahead_gives_the_same_bytes_and_errors_in_order() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::beside(&d.path().join("sandyk.db"));
        let key = new_key();
        for len in [
            0,
            1,
            AHEAD_BLOCK - 1,
            AHEAD_BLOCK,
            AHEAD_BLOCK + 1,
            2 * AHEAD_BLOCK + 77,
        ] {
            let bytes = data(len);
            let s = put(&store, &key, &bytes);
            let r = store.open(&s.name, &key, &s.prefix, len as u64).unwrap();
            let mut back = vec![];
            let mut ra = ReadAhead::new(r);
            assert_eq!(ra.sha256(), None, "no hash before the end");
            ra.read_to_end(&mut back).unwrap();
            assert!(back == bytes, "length {len}");
            // Hashed on the thread: the SHA-256 of every byte, once the end was read.
            assert_eq!(
                ra.sha256(),
                Some(crate::crypto::sha256(&bytes)),
                "length {len}"
            );
            // Dropped after one small read: the thread stops.
            let r = store.open(&s.name, &key, &s.prefix, len as u64).unwrap();
            let mut ra = ReadAhead::new(r);
            let mut one = [0u8; 3];
            let _ = ra.read(&mut one).unwrap();
            drop(ra);
        }
        let len = 2 * AHEAD_BLOCK + 77;
        let bytes = data(len);
        let s = put(&store, &key, &bytes);
        let p = store.dir().join(&s.name);
        let mut raw = fs::read(&p).unwrap();
        // A bad chunk in the second block: the first block's bytes come, then the error.
        let bad = 16 + 3;
        raw[bad * (CHUNK + TAG) + 9] ^= 1;
        fs::write(&p, &raw).unwrap();
        let r = store.open(&s.name, &key, &s.prefix, len as u64).unwrap();
        let mut ra = ReadAhead::new(r);
        let mut got = vec![];
        let mut buf = vec![0u8; 100_000];
        let e = loop {
            match ra.read(&mut buf) {
                Ok(0) => panic!("no error"),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) => break e,
            }
        };
        assert_eq!(tampered_chunk(&e), Some(bad as u64));
        assert_eq!(ra.sha256(), None, "no hash after an error");
        assert_eq!(got.len(), bad * CHUNK);
        assert!(got[..] == bytes[..bad * CHUNK]);
    }

    #[test]
    fn tampering_is_detected_per_chunk() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::beside(&d.path().join("sandyk.db"));
        let key = new_key();
        let bytes = data(3 * CHUNK + 100);
        let s = put(&store, &key, &bytes);
        let p = store.dir().join(&s.name);
        let good = fs::read(&p).unwrap();
        let read = |k: &[u8; 32]| -> io::Result<Vec<u8>> {
            let mut r = store
                .open(&s.name, k, &s.prefix, bytes.len() as u64)
                .map_err(io::Error::other)?;
            let mut v = vec![];
            r.read_to_end(&mut v)?;
            Ok(v)
        };
        // A flipped byte in chunk 2.
        let mut bad = good.clone();
        bad[2 * (CHUNK + TAG) + 17] ^= 1;
        fs::write(&p, &bad).unwrap();
        let e = read(&key).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert_eq!(tampered_chunk(&e), Some(2));
        // Two chunks swapped.
        let mut swapped = good.clone();
        let (a, b) = swapped.split_at_mut(CHUNK + TAG);
        a[..CHUNK + TAG].swap_with_slice(&mut b[..CHUNK + TAG]);
        fs::write(&p, &swapped).unwrap();
        assert_eq!(tampered_chunk(&read(&key).unwrap_err()), Some(0));
        // Restored: reads again.
        fs::write(&p, &good).unwrap();
        assert!(read(&key).is_ok());
        // A wrong key.
        assert_eq!(tampered_chunk(&read(&new_key()).unwrap_err()), Some(0));
        // Truncated: refused at open.
        fs::write(&p, &good[..good.len() - 1]).unwrap();
        assert!(matches!(
            store.open(&s.name, &key, &s.prefix, bytes.len() as u64),
            Err(StoreError::Tampered { .. })
        ));
        // A size that claims fewer chunks: the chunk read as last is not.
        fs::write(&p, &good).unwrap();
        let short = 2 * CHUNK as u64 + 10;
        if stored_len(short) == good.len() as u64 {
            let mut r = store.open(&s.name, &key, &s.prefix, short).unwrap();
            assert!(r.verify_all().is_err());
        }
    }

    #[test]
    fn unfinished_files_are_removed_and_remove_frees() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::beside(&d.path().join("sandyk.db"));
        let key = new_key();
        let mut w = store.create(&key, 0).unwrap();
        w.write_all(&data(CHUNK * 2)).unwrap();
        drop(w);
        assert!(store.list().unwrap().is_empty());
        let s = put(&store, &key, &data(100));
        fs::write(store.dir().join("notes.txt"), b"not ours").unwrap();
        assert_eq!(store.list().unwrap(), vec![s.name.clone()]);
        assert_eq!(
            store
                .remove(&[s.name.clone(), "../sandyk.db".into()])
                .unwrap(),
            1
        );
        assert!(store.list().unwrap().is_empty());
        assert!(store.dir().join("notes.txt").exists());
        assert!(matches!(
            store.open(&s.name, &key, &s.prefix, 100),
            Err(StoreError::Missing)
        ));
    }
}
