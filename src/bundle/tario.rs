//! The archive inside a bundle: plain ustar, regular files only.
//!
//! Written with the `tar` crate (ustar headers, no extensions). Read with the small reader
//! below instead of the crate, because the crate reads GNU long names and pax headers
//! into memory whatever their size; this reader accepts regular-file entries only and
//! refuses everything else (links, devices, directories, long-name and pax records) on
//! sight, with no allocation beyond one 512-byte block.

use std::io::{self, Read};

use super::{limits, safe_path, ArchiveFault, Problem};

pub const BLOCK: u64 = 512;

fn padding(size: u64) -> u64 {
    (BLOCK - size % BLOCK) % BLOCK
}

/// Total archive bytes of an entry of `size` bytes (header + data + padding).
pub fn entry_len(size: u64) -> u64 {
    BLOCK + size + padding(size)
}

/// Bytes of the end-of-archive marker the `tar` crate writes.
pub const END_LEN: u64 = 2 * BLOCK;

/// A ustar header for a regular file, deterministic (owner 0, mode 0644).
pub fn header(path: &str, size: u64, mtime: u64) -> io::Result<tar::Header> {
    let mut h = tar::Header::new_ustar();
    h.set_path(path)?;
    h.set_size(size);
    h.set_mode(0o644);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(mtime);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    Ok(h)
}

/// An entry header as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub size: u64,
}

pub struct TarReader<R> {
    inner: R,
    /// Data bytes left in the current entry.
    left: u64,
    /// Padding after the current entry's data.
    pad: u64,
    ended: bool,
    started: bool,
}

/// Read exactly `buf.len()` bytes, or report how many were there before the end.
fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

fn octal(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        return None; // base-256 sizes are never written by sandyk
    }
    let s: Vec<u8> = field.iter().copied().take_while(|&b| b != 0).collect();
    let t = std::str::from_utf8(&s).ok()?.trim_matches(' ');
    if t.is_empty() || !t.bytes().all(|b| (b'0'..=b'7').contains(&b)) || t.len() > 11 {
        return if t.is_empty() { Some(0) } else { None };
    }
    u64::from_str_radix(t, 8).ok()
}

fn cstr(field: &[u8]) -> &[u8] {
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    &field[..end]
}

/// A name from a hostile header, made harmless for messages: printable ASCII only.
fn shown(b: &[u8]) -> String {
    b.iter()
        .take(100)
        .map(|&c| {
            if (0x20..0x7f).contains(&c) {
                c as char
            } else {
                '?'
            }
        })
        .collect()
}

#[derive(Debug)]
pub enum TarError {
    Problem(Problem),
    Io(io::Error),
}

impl From<Problem> for TarError {
    fn from(p: Problem) -> TarError {
        TarError::Problem(p)
    }
}

impl From<io::Error> for TarError {
    fn from(e: io::Error) -> TarError {
        TarError::Io(e)
    }
}

impl<R: Read> TarReader<R> {
    pub fn new(inner: R) -> TarReader<R> {
        TarReader {
            inner,
            left: 0,
            pad: 0,
            ended: false,
            started: false,
        }
    }

    fn skip(&mut self, mut n: u64) -> Result<(), TarError> {
        let mut buf = [0u8; 8192];
        while n > 0 {
            let want = n.min(buf.len() as u64) as usize;
            let got = read_full(&mut self.inner, &mut buf[..want])?;
            if got < want {
                return Err(Problem::Archive(ArchiveFault::Truncated).into());
            }
            n -= got as u64;
        }
        Ok(())
    }

    /// The next entry, or None at the end-of-archive marker. Any unread data of the
    /// previous entry is skipped.
    pub fn next_entry(&mut self) -> Result<Option<Entry>, TarError> {
        if self.ended {
            return Ok(None);
        }
        let rest = self.left + self.pad;
        self.left = 0;
        self.pad = 0;
        self.skip(rest)?;
        let mut b = [0u8; BLOCK as usize];
        let got = read_full(&mut self.inner, &mut b)?;
        if got == 0 {
            return Err(if self.started {
                Problem::Archive(ArchiveFault::NoEndMarker)
            } else {
                Problem::Empty
            }
            .into());
        }
        self.started = true;
        if got < b.len() {
            return Err(Problem::Archive(ArchiveFault::Truncated).into());
        }
        if b.iter().all(|&x| x == 0) {
            let got = read_full(&mut self.inner, &mut b)?;
            if got < b.len() || b.iter().any(|&x| x != 0) {
                return Err(Problem::Archive(ArchiveFault::BadEndMarker).into());
            }
            self.ended = true;
            return Ok(None);
        }
        let stored = octal(&b[148..156]).ok_or(Problem::Archive(ArchiveFault::BadChecksum))?;
        let sum: u64 = b
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    x as u64
                }
            })
            .sum();
        if stored != sum {
            return Err(Problem::Archive(ArchiveFault::BadChecksum).into());
        }
        if &b[257..262] != b"ustar" {
            return Err(Problem::Archive(ArchiveFault::NotUstar).into());
        }
        let name = cstr(&b[0..100]);
        let prefix = if &b[257..263] == b"ustar\0" {
            cstr(&b[345..500])
        } else {
            &[][..]
        };
        let mut raw = prefix.to_vec();
        if !raw.is_empty() {
            raw.push(b'/');
        }
        raw.extend_from_slice(name);
        match b[156] {
            b'0' | 0 => {}
            _ => return Err(Problem::NotRegular(shown(&raw).into()).into()),
        }
        let path = match std::str::from_utf8(&raw) {
            Ok(p) if safe_path(p) => p.to_owned(),
            _ => return Err(Problem::UnsafePath(shown(&raw).into()).into()),
        };
        let size = octal(&b[124..136]).ok_or(Problem::Archive(ArchiveFault::BadSize))?;
        if size > limits::ENTRY {
            return Err(Problem::TooLarge(path.into()).into());
        }
        self.left = size;
        self.pad = padding(size);
        Ok(Some(Entry { path, size }))
    }

    /// Read the current entry's data (returns 0 at its end).
    pub fn read_data(&mut self, buf: &mut [u8]) -> Result<usize, TarError> {
        if self.left == 0 {
            return Ok(0);
        }
        let want = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        let got = loop {
            match self.inner.read(&mut buf[..want]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                r => break r?,
            }
        };
        if got == 0 {
            return Err(Problem::Archive(ArchiveFault::Truncated).into());
        }
        self.left -= got as u64;
        Ok(got)
    }

    /// After the end marker: only zero padding (bounded) may follow, then the end.
    pub fn finish(mut self) -> Result<(), TarError> {
        if !self.ended {
            return Err(Problem::Archive(ArchiveFault::NoEndMarker).into());
        }
        let mut buf = [0u8; 8192];
        let mut seen = 0u64;
        loop {
            let n = read_full(&mut self.inner, &mut buf)?;
            if n == 0 {
                return Ok(());
            }
            if buf[..n].iter().any(|&x| x != 0) {
                return Err(Problem::TrailingData.into());
            }
            seen += n as u64;
            if seen > limits::TRAILING_ZEROS {
                return Err(Problem::TrailingData.into());
            }
        }
    }
}

/// An `io::Read` over the current entry of a `TarReader` (errors become `io::Error`s
/// carrying the problem, recovered with `take_problem`).
pub struct EntryReader<'a, R> {
    pub tar: &'a mut TarReader<R>,
    pub problem: Option<TarError>,
}

impl<R: Read> Read for EntryReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.tar.read_data(buf) {
            Ok(n) => Ok(n),
            Err(e) => {
                let msg = match &e {
                    TarError::Io(io) => io.to_string(),
                    TarError::Problem(p) => p.to_string(),
                };
                self.problem = Some(e);
                Err(io::Error::other(msg))
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(vec![]);
        for (p, d) in entries {
            b.append(&header(p, d.len() as u64, 0).unwrap(), *d)
                .unwrap();
        }
        b.into_inner().unwrap()
    }

    fn read_all(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, TarError> {
        let mut t = TarReader::new(bytes);
        let mut out = vec![];
        while let Some(e) = t.next_entry()? {
            let mut d = vec![];
            let mut buf = [0u8; 100];
            loop {
                let n = t.read_data(&mut buf)?;
                if n == 0 {
                    break;
                }
                d.extend_from_slice(&buf[..n]);
            }
            assert_eq!(d.len() as u64, e.size);
            out.push((e.path, d));
        }
        t.finish()?;
        Ok(out)
    }

    #[test]
    fn reads_what_is_written() {
        let a = archive(&[
            ("a.txt", b"hello"),
            ("attachments/x.bin", &[7u8; 1000]),
            ("empty", b""),
        ]);
        assert_eq!(
            a.len() as u64,
            entry_len(5) + entry_len(1000) + entry_len(0) + END_LEN
        );
        let got = read_all(&a).unwrap();
        assert_eq!(got[0], ("a.txt".into(), b"hello".to_vec()));
        assert_eq!(got[1].1, vec![7u8; 1000]);
        assert_eq!(got[2].1, b"");
        let mut padded = a.clone();
        padded.extend(vec![0u8; 8192]);
        assert!(read_all(&padded).is_ok());
    }

    fn raw_entry(name: &[u8], kind: u8, data: &[u8]) -> Vec<u8> {
        let mut h = tar::Header::new_gnu();
        {
            let g = h.as_gnu_mut().unwrap();
            g.name[..name.len()].copy_from_slice(name);
        }
        h.set_size(data.len() as u64);
        h.set_entry_type(tar::EntryType::new(kind));
        h.set_mode(0o644);
        h.set_cksum();
        let mut v = h.as_bytes().to_vec();
        v.extend_from_slice(data);
        v.extend(vec![0u8; padding(data.len() as u64) as usize]);
        v
    }

    #[test]
    fn refuses_hostile_entries() {
        let end = vec![0u8; 1024];
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (raw_entry(b"../x", b'0', b"x"), "unsafe"),
            (raw_entry(b"/etc/passwd", b'0', b"x"), "unsafe"),
            (raw_entry(b"..././x", b'0', b"x"), "unsafe"),
            (raw_entry(b"link", b'2', b""), "regular"),
            (raw_entry(b"hard", b'1', b""), "regular"),
            (raw_entry(b"dev", b'3', b""), "regular"),
            (raw_entry(b"fifo", b'6', b""), "regular"),
            (raw_entry(b"dir", b'5', b""), "regular"),
            (
                raw_entry(b"././@LongLink", b'L', &vec![b'a'; 5000]),
                "regular",
            ),
            (
                raw_entry(b"pax", b'x', b"30 path=../../../../etc/passwd\n"),
                "regular",
            ),
        ];
        for (mut e, what) in cases {
            e.extend(&end);
            let err = read_all(&e)
                .err()
                .unwrap_or_else(|| panic!("accepted {what}"));
            let s = match err {
                TarError::Problem(p) => p.to_string(),
                TarError::Io(e) => panic!("{e}"),
            };
            assert!(s.contains(what), "{s}");
        }
        let good = archive(&[("a.txt", b"hello")]);
        let mut bad = good.clone();
        bad[10] ^= 1;
        assert!(read_all(&bad).is_err(), "checksum");
        assert!(
            read_all(&good[..good.len() - 1024]).is_err(),
            "no end marker"
        );
        assert!(read_all(&good[..600]).is_err(), "truncated data");
        let mut trailing = good.clone();
        trailing.extend(b"junk");
        assert!(read_all(&trailing).is_err());
        // A size that lies (larger than the data) is a truncation.
        let mut liar = raw_entry(b"a.txt", b'0', b"hi");
        let mut h = tar::Header::from_byte_slice(&liar[..512]).clone();
        h.set_size(1 << 30);
        h.set_cksum();
        liar[..512].copy_from_slice(h.as_bytes());
        assert!(read_all(&liar).is_err());
    }
}
