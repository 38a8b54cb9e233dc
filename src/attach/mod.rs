//! Attachments: evidentiary originals and metadata-free working copies.
//!
//! This module holds the parts that need neither SQL nor a terminal: detecting a file's type
//! by its first bytes, sanitising file names, opening a file for intake and noticing when it
//! changes, reading what an image's metadata reveals ([`metadata`]), the streaming filters
//! that make working copies without re-encoding ([`strip`]), and writing an output file
//! atomically ([`outfile`]). Storage lives in `vault::db::attachments` and `vault::store`,
//! and this module imports nothing of the vault (`boundary_test::attach_does_not_use_the_vault`):
//! storage errors are the vault's `AttachmentError`, which wraps [`AttachError`].
//! See docs/attachments.md.

pub mod intake;
pub mod metadata;
pub mod outfile;
pub mod strip;

use std::ffi::OsStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

pub use metadata::Reveals;

/// Bytes per stored chunk of the v1 storage (inside the database). Every chunk of a copy
/// holds exactly this many bytes except the last, which holds 1..=CHUNK (an empty file has
/// no chunks). Part of the v1 storage format, still read (and migrated).
pub const CHUNK: usize = 1 << 20;

/// Longest stored file name, in bytes of UTF-8.
pub const MAX_NAME_BYTES: usize = 200;

/// Most attachments one incident can hold.
pub const MAX_PER_INCIDENT: u32 = 10_000;

/// Which stored copy of an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// The untouched bytes as taken in: the evidence. Stored as copy 0.
    Original,
    /// The copy with identifying metadata removed. Stored as copy 1 (or, when nothing had
    /// to be removed, the same bytes as the original, which are then not stored twice).
    Working,
}

impl Variant {
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Original => "original",
            Variant::Working => "working",
        }
    }
}

/// What can go wrong with attachments. Messages carry no file contents.
#[derive(Debug, Error)]
pub enum AttachError {
    /// Reading the file to attach failed.
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} is not a regular file")]
    NotRegular(String),
    /// Size, time stamps or identity of the file changed while it was read.
    #[error("{0} changed while it was being read")]
    Changed(String),
    #[error("no attachment {0}")]
    NotFound(String),
    #[error("{0} is not a valid attachment reference (expected ID/N)")]
    BadRef(String),
    /// There is no metadata-free working copy; the reason is a `Working` value.
    #[error("attachment {0} has no metadata-free working copy")]
    NoWorkingCopy(String),
    /// The bytes read back do not have the recorded size or SHA-256.
    #[error("attachment {0} does not match its recorded SHA-256")]
    HashMismatch(String),
    #[error("an incident can hold at most {MAX_PER_INCIDENT} attachments")]
    TooMany,
    /// Writing the output file failed.
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} exists")]
    OutputExists(String),
    #[error("{0} exists and is not a regular file")]
    OutputNotRegular(String),
}

/// `ID/N` as typed by the user: the incident id (normalised by the caller) and the number.
pub fn parse_ref(s: &str) -> Result<(String, u32), AttachError> {
    let bad = || AttachError::BadRef(s.chars().take(80).collect());
    let (id, n) = s.trim().rsplit_once('/').ok_or_else(bad)?;
    let n: u32 = n.parse().map_err(|_| bad())?;
    if id.is_empty() || n == 0 {
        return Err(bad());
    }
    Ok((id.to_owned(), n))
}

/// The name stored for a file: its last path component, NFC, without control, bidi or
/// invisible characters (the one table, [`crate::untrusted::is_hidden`]), without path separators, not hidden, at most `MAX_NAME_BYTES`
/// bytes (the extension is kept when the name is shortened). Never empty.
pub fn sanitise_name(raw: &OsStr) -> String {
    let s = raw.to_string_lossy();
    let last = s.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .nfc()
        .filter(|c| !c.is_control() && !crate::untrusted::is_hidden(*c))
        .map(|c| if c == '/' || c == '\\' { '_' } else { c })
        .collect();
    let mut name = cleaned.trim().to_owned();
    if name.chars().all(|c| c == '.') {
        name.clear();
    }
    if name.starts_with('.') {
        name.replace_range(0..1, "_");
    }
    if name.is_empty() {
        return "attachment".to_owned();
    }
    if name.len() > MAX_NAME_BYTES {
        let ext = match name.rfind('.') {
            Some(i) if name.len() - i <= 16 && i > 0 => name[i..].to_owned(),
            _ => String::new(),
        };
        let mut stem_end = MAX_NAME_BYTES - ext.len();
        while !name.is_char_boundary(stem_end) {
            stem_end -= 1;
        }
        name = format!("{}{ext}", &name[..stem_end]);
    }
    name
}

/// The media type of a file from its first bytes (up to 64 are looked at). A small table of
/// the formats defenders record; anything else is `text/plain` (valid UTF-8 without NUL in
/// the head) or `application/octet-stream`.
pub fn detect(head: &[u8]) -> &'static str {
    let h = head;
    let at = |off: usize, sig: &[u8]| h.len() >= off + sig.len() && &h[off..off + sig.len()] == sig;
    if at(0, b"\xFF\xD8\xFF") {
        return "image/jpeg";
    }
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return "image/png";
    }
    if at(0, b"RIFF") {
        if at(8, b"WEBP") {
            return "image/webp";
        }
        if at(8, b"WAVE") {
            return "audio/wav";
        }
        if at(8, b"AVI ") {
            return "video/x-msvideo";
        }
    }
    if at(4, b"ftyp") && h.len() >= 12 {
        let brands: Vec<&[u8]> = std::iter::once(&h[8..12])
            .chain(h.get(16..).unwrap_or(&[]).chunks_exact(4).take(8))
            .collect();
        let major = brands[0];
        let has = |b: &[u8]| brands.contains(&b);
        if matches!(
            major,
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx"
        ) {
            return "image/heic";
        }
        if matches!(major, b"avif" | b"avis") {
            return "image/avif";
        }
        if matches!(major, b"mif1" | b"msf1") || has(b"mif1") && !has(b"isom") {
            return if has(b"heic") {
                "image/heic"
            } else if has(b"avif") {
                "image/avif"
            } else {
                "image/heif"
            };
        }
        if major == b"qt  " {
            return "video/quicktime";
        }
        if matches!(major, b"M4A " | b"M4B ") {
            return "audio/mp4";
        }
        if major.starts_with(b"3g") {
            return "video/3gpp";
        }
        return "video/mp4";
    }
    if at(0, b"GIF87a") || at(0, b"GIF89a") {
        return "image/gif";
    }
    if at(0, b"II*\0") || at(0, b"MM\0*") {
        return "image/tiff";
    }
    if at(0, b"%PDF-") {
        return "application/pdf";
    }
    if at(0, b"OggS") {
        return "audio/ogg";
    }
    if at(0, b"fLaC") {
        return "audio/flac";
    }
    if at(0, b"#!AMR") {
        return "audio/amr";
    }
    if at(0, b"ID3")
        || (h.len() >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0 && (h[1] & 0x06) != 0)
    {
        return "audio/mpeg";
    }
    if at(0, b"\x1A\x45\xDF\xA3") {
        return "video/x-matroska";
    }
    if at(0, b"PK\x03\x04") {
        return "application/zip";
    }
    if at(0, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return "application/x-ole-storage";
    }
    if at(0, b"BM") && h.len() >= 14 {
        return "image/bmp";
    }
    if h.is_empty() {
        return "application/octet-stream";
    }
    // Text: valid UTF-8 (a character cut at the end of the head is allowed), no NUL.
    let valid = match std::str::from_utf8(h) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    if valid && !h.contains(&0) {
        "text/plain"
    } else {
        "application/octet-stream"
    }
}

/// A human size: `512 B`, `1.5 KiB`, `20.0 MiB`.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    format!("{v:.1} {}", UNITS[u])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitised() {
        let n = |s: &str| sanitise_name(OsStr::new(s));
        assert_eq!(n("photo.jpg"), "photo.jpg");
        assert_eq!(n("../../etc/passwd"), "passwd");
        assert_eq!(n("a\\b\\c.txt"), "c.txt");
        assert_eq!(n(".."), "attachment");
        assert_eq!(n(""), "attachment");
        assert_eq!(n(".hidden"), "_hidden");
        assert_eq!(n("evil\u{202E}gpj.exe"), "evilgpj.exe");
        assert_eq!(n("bell\u{7}\u{1b}[31m.png"), "bell[31m.png");
        assert_eq!(n("  Токтогул ңөү.jpg  "), "Токтогул ңөү.jpg");
        // NFC: "е" + combining diaeresis becomes one character.
        assert_eq!(n("e\u{0308}.txt"), "\u{00EB}.txt");
        let long = format!("{}.jpeg", "ө".repeat(300));
        let s = n(&long);
        assert!(s.len() <= MAX_NAME_BYTES, "{}", s.len());
        assert!(s.ends_with(".jpeg"));
        let s = n(&"x".repeat(1000));
        assert_eq!(s.len(), MAX_NAME_BYTES);
        use std::os::unix::ffi::OsStrExt;
        assert_eq!(
            sanitise_name(OsStr::from_bytes(b"bad\xFFname")),
            "bad\u{FFFD}name"
        );
    }

    #[test]
    fn types_by_magic() {
        assert_eq!(detect(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), "image/jpeg");
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        assert_eq!(detect(b"RIFF\x10\0\0\0WEBPVP8 "), "image/webp");
        assert_eq!(detect(b"RIFF\x10\0\0\0WAVEfmt "), "audio/wav");
        assert_eq!(detect(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"), "image/heic");
        assert_eq!(detect(b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic"), "image/heic");
        assert_eq!(detect(b"\0\0\0\x18ftypavif\0\0\0\0mif1miaf"), "image/avif");
        assert_eq!(detect(b"\0\0\0\x18ftypisom\0\0\0\0isomiso2"), "video/mp4");
        assert_eq!(detect(b"\0\0\0\x14ftypqt  \0\0\0\0qt  "), "video/quicktime");
        assert_eq!(detect(b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(detect(b"ID3\x04\0"), "audio/mpeg");
        assert_eq!(detect(b"OggS\0\x02"), "audio/ogg");
        assert_eq!(detect("Токтогул көчөсү\n".as_bytes()), "text/plain");
        assert_eq!(detect(&"ө".as_bytes()[..1]), "text/plain");
        assert_eq!(detect(b"\0\x01\x02garbage"), "application/octet-stream");
        assert_eq!(detect(b""), "application/octet-stream");
        // Truncated heads never panic.
        for l in 0..16 {
            let _ = detect(&b"\0\0\0\x18ftypheic\0\0\0\0"[..l]);
            let _ = detect(&b"RIFF\x10\0\0\0WEBP"[..l.min(12)]);
        }
    }

    #[test]
    fn refs() {
        assert_eq!(parse_ref("7KQ2MX/3").unwrap(), ("7KQ2MX".to_owned(), 3));
        assert!(parse_ref("7KQ2MX").is_err());
        assert!(parse_ref("7KQ2MX/0").is_err());
        assert!(parse_ref("/1").is_err());
        assert!(parse_ref("X/-1").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(20 << 20), "20.0 MiB");
    }
}
