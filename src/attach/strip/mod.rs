//! Working copies without re-encoding: streaming filters for JPEG, PNG and WebP, plain
//! text, PDF, MP4/MOV/M4A, MP3 and Ogg Vorbis/Opus.
//!
//! Each filter walks the file's container structure (JPEG segments, PNG chunks, RIFF
//! chunks), copies what a viewer needs to show the picture byte for byte, and leaves out the
//! blocks that identify a person, a place or a device. While walking, it records in a
//! [`Reveals`] what it found. The image data itself (JPEG scans, PNG `IDAT`, WebP `VP8`/
//! `VP8L`/`ALPH`) is copied unchanged.
//!
//! Memory is bounded whatever the input: the reader is buffered (64 KiB), JPEG segments are
//! at most 64 KiB by construction, and PNG/WebP chunks are streamed, never loaded; only
//! metadata blocks are read into memory, each up to [`MAX_META_BLOCK`] bytes. A damaged or
//! hostile file gives [`FilterError::Malformed`], never a panic.
//!
//! What is kept:
//! - JPEG: SOI/EOI, every non-APP segment (quantisation and Huffman tables, frame and scan
//!   headers, restart intervals, …), the scans, APP0 `JFIF` (without its thumbnail), APP2
//!   `ICC_PROFILE`, APP14 `Adobe`, and, when the EXIF orientation is not 1, a new minimal
//!   EXIF block that holds the orientation alone (so the picture is not shown sideways).
//! - PNG: every critical chunk, and the ancillary chunks that affect how the picture looks
//!   (`tRNS cHRM gAMA iCCP sBIT sRGB cICP mDCV cLLI bKGD hIST pHYs sPLT acTL fcTL fdAT`).
//! - WebP: `VP8X` (with its EXIF and XMP flags cleared), `VP8 `, `VP8L`, `ALPH`, `ANIM`,
//!   `ANMF`, `ICCP`.
//!
//! Everything else is left out, and so is anything after the end of the image.
//!
//! **A working copy holds nothing a second pass would remove.** Each filter is written to
//! be a fixed point on its own output (the fuzz targets check it on every input), and the
//! caller that stores a working copy re-reads it through [`second_pass`] and offers no
//! working copy when that finds anything ([`ImageProblem::NotClean`]): a parser bug can
//! then cost a working copy, never leave metadata in one that the summary said was removed.

use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};

use super::metadata::{
    clip, contains, read_exif_block, Examined, Gps, ImageProblem, Reveals, MAX_META_BLOCK,
};

mod jpeg;
mod mp3;
mod mp4;
mod ogg;
mod pdf;
mod png;
#[cfg(any(test, feature = "test-images"))]
#[doc(hidden)]
pub mod testimages;
#[cfg(any(test, feature = "test-images"))]
#[doc(hidden)]
pub mod testmedia;
mod text;
mod webp;

#[doc(hidden)]
pub use ogg::{make_page as ogg_page, ogg_crc, paginate as ogg_paginate};

/// Formats that get working copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    /// Plain UTF-8 text: its own working copy (checked, copied unchanged).
    Text,
    /// PDF: document information and XMP blanked in place.
    Pdf,
    /// MP4, MOV, M4A, 3GP: metadata boxes replaced by `free` boxes of the same size.
    Mp4,
    /// MP3: ID3v1, ID3v2 and APE tags left out.
    Mp3,
    /// Ogg Vorbis and Ogg Opus: the comment header emptied (vendor string kept).
    Ogg,
}

impl Format {
    pub fn of(media_type: &str) -> Option<Format> {
        match media_type {
            "image/jpeg" => Some(Format::Jpeg),
            "image/png" => Some(Format::Png),
            "image/webp" => Some(Format::Webp),
            "text/plain" => Some(Format::Text),
            "application/pdf" => Some(Format::Pdf),
            "video/mp4" | "video/quicktime" | "audio/mp4" | "video/3gpp" => Some(Format::Mp4),
            "audio/mpeg" => Some(Format::Mp3),
            "audio/ogg" => Some(Format::Ogg),
            _ => None,
        }
    }

    /// Every format, for tests and the fuzz targets.
    pub const ALL: [Format; 8] = [
        Format::Jpeg,
        Format::Png,
        Format::Webp,
        Format::Text,
        Format::Pdf,
        Format::Mp4,
        Format::Mp3,
        Format::Ogg,
    ];
}

#[derive(Debug)]
pub enum FilterError {
    /// The file is not a well-formed image of its format (short technical reason).
    Malformed(ImageProblem),
    /// Reading the input or writing the output failed.
    Io(io::Error),
}

impl From<io::Error> for FilterError {
    fn from(e: io::Error) -> FilterError {
        FilterError::Io(e)
    }
}

type Result<T> = std::result::Result<T, FilterError>;

/// Run the filter for `fmt` over `input`, writing the working copy to `out` and recording
/// what the file reveals in `r`. Returns the number of bytes written. Run it with
/// `io::sink()` to examine a file without making a copy: the same input always gives the
/// same output and the same record.
pub fn filter<R: Read + Seek, W: Write>(
    fmt: Format,
    input: R,
    out: W,
    r: &mut Reveals,
) -> Result<u64> {
    r.examined = Examined::Yes;
    let mut src = Src::new(input)?;
    let mut out = Counting { inner: out, n: 0 };
    let res = match fmt {
        Format::Jpeg => jpeg::jpeg(&mut src, &mut out, r),
        Format::Png => png::png(&mut src, &mut out, r),
        Format::Webp => webp::webp(&mut src, &mut out, r),
        Format::Text => text::text(&mut src, &mut out, r),
        Format::Pdf => pdf::pdf(&mut src, &mut out, r),
        Format::Mp4 => mp4::mp4(&mut src, &mut out, r),
        Format::Mp3 => mp3::mp3(&mut src, &mut out, r),
        Format::Ogg => ogg::ogg(&mut src, &mut out, r),
    };
    match res {
        Ok(()) => {
            out.flush()?;
            Ok(out.n)
        }
        Err(FilterError::Malformed(m)) => {
            r.set_problem(m);
            Err(FilterError::Malformed(m))
        }
        Err(e) => Err(e),
    }
}

/// What a JPEG pass records when it rewrites the orientation-only EXIF block it keeps: a
/// second pass over a working copy records it again, though it removes nothing.
pub const ORIENTATION_KEPT: &str = "EXIF (orientation kept)";

/// The safety net after a filter: run it again over the working copy it wrote (`copy`, of
/// `copy_len` bytes with SHA-256 `copy_sha256`, re-read from where it was stored, so memory
/// stays bounded whatever the size). `Ok(None)`: the copy is clean — the second pass reads
/// it, gives exactly the same bytes back and removes nothing (the JPEG orientation block is
/// rewritten as it was). `Ok(Some(r))`: it is not, and `r` is what the second pass found
/// (with [`ImageProblem::NotClean`] as its problem when it did not refuse the copy for a
/// reason of its own); the caller must not offer that copy. `Err`: reading the copy failed.
pub fn second_pass<R: Read + Seek>(
    fmt: Format,
    copy: R,
    copy_len: u64,
    copy_sha256: &[u8; 32],
) -> io::Result<Option<Reveals>> {
    use sha2::{Digest, Sha256};
    struct Hashing(Sha256);
    impl Write for Hashing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut r = Reveals::default();
    let mut h = Hashing(Sha256::new());
    let n = match filter(fmt, copy, &mut h, &mut r) {
        Ok(n) => n,
        Err(FilterError::Io(e)) => return Err(e),
        Err(FilterError::Malformed(_)) => return Ok(Some(r)),
    };
    let same: [u8; 32] = h.0.finalize().into();
    let clean =
        n == copy_len && same == *copy_sha256 && r.removed.iter().all(|x| x == ORIENTATION_KEPT);
    if clean {
        Ok(None)
    } else {
        r.set_problem(ImageProblem::NotClean);
        Ok(Some(r))
    }
}

struct Counting<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A buffered input that knows its length and position, so that every length read from
/// the file is checked against what is actually there before anything is read or skipped.
struct Src<R> {
    r: BufReader<R>,
    pos: u64,
    len: u64,
}

const CUT: FilterError = FilterError::Malformed(ImageProblem::CutShort);

impl<R: Read + Seek> Src<R> {
    fn new(mut inner: R) -> Result<Src<R>> {
        let len = inner.seek(SeekFrom::End(0))?;
        inner.seek(SeekFrom::Start(0))?;
        Ok(Src {
            r: BufReader::with_capacity(64 * 1024, inner),
            pos: 0,
            len,
        })
    }

    fn remaining(&self) -> u64 {
        self.len - self.pos
    }

    fn need(&self, n: u64) -> Result<()> {
        if self.remaining() < n {
            Err(CUT)
        } else {
            Ok(())
        }
    }

    fn exact(&mut self, buf: &mut [u8]) -> Result<()> {
        self.need(buf.len() as u64)?;
        self.r.read_exact(buf).map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => CUT,
            _ => FilterError::Io(e),
        })?;
        self.pos += buf.len() as u64;
        Ok(())
    }

    fn u8(&mut self) -> Result<u8> {
        let mut b = [0u8; 1];
        self.exact(&mut b)?;
        Ok(b[0])
    }

    fn arr4(&mut self) -> Result<[u8; 4]> {
        let mut b = [0u8; 4];
        self.exact(&mut b)?;
        Ok(b)
    }

    fn be16(&mut self) -> Result<u16> {
        let mut b = [0u8; 2];
        self.exact(&mut b)?;
        Ok(u16::from_be_bytes(b))
    }

    /// Read `n` bytes into `buf` (replacing its contents). Callers bound `n`.
    fn vec_into(&mut self, n: usize, buf: &mut Vec<u8>) -> Result<()> {
        self.need(n as u64)?;
        buf.clear();
        buf.resize(n, 0);
        self.exact(buf)
    }

    /// Read up to `max` of the next `n` bytes into a vector and skip the rest.
    fn head(&mut self, n: u64, max: usize) -> Result<Vec<u8>> {
        self.need(n)?;
        let take = n.min(max as u64) as usize;
        let mut v = vec![0u8; take];
        self.exact(&mut v)?;
        self.skip(n - take as u64)?;
        Ok(v)
    }

    fn skip(&mut self, n: u64) -> Result<()> {
        self.need(n)?;
        let mut left = n;
        while left > 0 {
            let step = left.min(i64::MAX as u64) as i64;
            self.r.seek_relative(step)?;
            left -= step as u64;
        }
        self.pos += n;
        Ok(())
    }

    fn seek_to(&mut self, pos: u64) -> Result<()> {
        if pos > self.len {
            return Err(CUT);
        }
        self.r.seek(SeekFrom::Start(pos))?;
        self.pos = pos;
        Ok(())
    }

    fn copy<W: Write>(&mut self, n: u64, out: &mut W) -> Result<()> {
        self.need(n)?;
        let copied = io::copy(&mut self.r.by_ref().take(n), out)?;
        if copied != n {
            return Err(CUT);
        }
        self.pos += n;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::testimages::*;
    use super::*;
    use crate::attach::metadata::Working;
    use std::io::Cursor;

    fn run(fmt: Format, input: &[u8]) -> (Result<u64>, Vec<u8>, Reveals) {
        let mut out = vec![];
        let mut r = Reveals::default();
        let res = filter(fmt, Cursor::new(input), &mut out, &mut r);
        (res, out, r)
    }

    #[test]
    fn jpeg_exif_is_read_and_removed() {
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(exif_block((42, 52, 4483), (74, 34, 1128), 6));
        let xmp =
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>42,52N</exif:GPSLatitude>"
                .to_vec();
        let src = tiny_jpeg(&[
            (0xE1, app1),
            (0xE1, xmp),
            (0xED, b"Photoshop 3.0\08BIM\x04\x04".to_vec()),
            (0xFE, "Токтогул comment".as_bytes().to_vec()),
            (0xE2, b"ICC_PROFILE\0\x01\x01\0\0\0\x08fake".to_vec()),
        ]);
        let mut with_trailer = src.clone();
        with_trailer.extend_from_slice(b"\xFF\xD8 second picture");
        let (res, out, r) = run(Format::Jpeg, &with_trailer);
        let n = res.unwrap();
        assert_eq!(n as usize, out.len());
        let gps = r.gps.unwrap();
        assert!(
            (gps.lat - (42.0 + 52.0 / 60.0 + 44.83 / 3600.0)).abs() < 1e-9,
            "{gps:?}"
        );
        assert!((gps.lon - (74.0 + 34.0 / 60.0 + 11.28 / 3600.0)).abs() < 1e-9);
        assert_eq!(r.make.as_deref(), Some("Canon"));
        assert_eq!(r.model.as_deref(), Some("EOS Test"));
        assert_eq!(r.serial.as_deref(), Some("SN-CANARY-4711"));
        assert_eq!(r.captured.as_deref(), Some("2026-11-27 15:02:11"));
        assert!(r.xmp && r.xmp_gps && r.iptc);
        assert_eq!(r.comment.as_deref(), Some("Токтогул comment"));
        assert_eq!(r.trailing_bytes, 17);
        assert_eq!(r.examined, Examined::Yes);
        assert!(
            r.removed.iter().any(|x| x == "EXIF (orientation kept)"),
            "{:?}",
            r.removed
        );
        // The copy: no EXIF except orientation, no XMP/IPTC/comment/trailer; ICC kept.
        assert!(!super::super::metadata::contains(&out, b"SN-CANARY"));
        assert!(!super::super::metadata::contains(&out, b"xmpmeta"));
        assert!(!super::super::metadata::contains(&out, b"Photoshop"));
        assert!(!super::super::metadata::contains(
            &out,
            "Токтогул".as_bytes()
        ));
        assert!(super::super::metadata::contains(&out, b"ICC_PROFILE"));
        assert!(out.ends_with(&[0xFF, 0xD9]));
        let exif = exif::Reader::new()
            .read_from_container(&mut Cursor::new(&out))
            .unwrap();
        assert_eq!(exif.fields().len(), 1);
        assert_eq!(
            exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .unwrap()
                .value
                .get_uint(0),
            Some(6)
        );
        // Filtering the copy again changes nothing more and finds no location.
        let (res2, out2, r2) = run(Format::Jpeg, &out);
        res2.unwrap();
        assert_eq!(out2, out);
        assert!(r2.gps.is_none() && r2.serial.is_none());
        // The scan is unchanged.
        let scan = |b: &[u8]| {
            let i = b.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
            b[i..].to_vec()
        };
        assert_eq!(scan(&out), scan(&src));
    }

    #[test]
    fn png_crc_is_checked() {
        // The IEND chunk of every PNG: CRC-32 of "IEND" is AE426082.
        assert!(png_chunk(b"IEND", b"").ends_with(&[0xAE, 0x42, 0x60, 0x82]));
        let good = tiny_png(&[(b"pHYs", vec![0; 9])]);
        let (res, out, _) = run(Format::Png, &good);
        res.unwrap();
        assert_eq!(out, good);
        // One bit flipped in a kept chunk's CRC: refused.
        let mut bad = good.clone();
        let at = bad.windows(4).position(|w| w == b"pHYs").unwrap() + 4 + 9;
        bad[at] ^= 1;
        assert!(matches!(
            run(Format::Png, &bad).0,
            Err(FilterError::Malformed(_))
        ));
    }

    #[test]
    fn clean_jpeg_needs_nothing_removed() {
        let src = tiny_jpeg(&[]);
        let (res, out, r) = run(Format::Jpeg, &src);
        res.unwrap();
        assert_eq!(out, src);
        assert!(r.removed.is_empty() && !r.reveals_anything(), "{r:?}");
        assert_eq!(r.working, Working::NotSupported); // the caller decides
    }

    #[test]
    fn png_metadata_is_read_and_removed() {
        let src = tiny_png(&[
            (b"eXIf", exif_block((1, 2, 3), (4, 5, 6), 1)),
            (b"tEXt", b"Software\0CanaryPaint 1.0".to_vec()),
            (
                b"iTXt",
                b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta GPSLongitude".to_vec(),
            ),
            (b"tIME", vec![0x07, 0xEA, 11, 27, 15, 2, 11]),
            (b"pHYs", vec![0; 9]),
            (b"prVt", b"private".to_vec()),
        ]);
        let (res, out, r) = run(Format::Png, &src);
        res.unwrap();
        assert!(r.gps.is_some() && r.xmp && r.xmp_gps);
        assert!(
            r.text.iter().any(|t| t == "Software: CanaryPaint 1.0"),
            "{:?}",
            r.text
        );
        assert!(r.text.iter().any(|t| t.starts_with("modified: 2026-11-27")));
        assert!(r.other.iter().any(|o| o.contains("prVt")));
        assert_eq!(out, tiny_png(&[(b"pHYs", vec![0; 9])]));
        let p = img_parts::png::Png::from_bytes(out.into()).unwrap();
        assert!(p.chunk_by_type(*b"eXIf").is_none());
    }

    #[test]
    fn webp_metadata_is_read_and_removed() {
        let src = tiny_webp(
            &[
                (b"EXIF", exif_block((10, 0, 0), (20, 0, 0), 1)),
                (b"XMP ", b"<x:xmpmeta/>".to_vec()),
            ],
            0x0C,
        );
        let (res, out, r) = run(Format::Webp, &src);
        res.unwrap();
        assert_eq!(r.gps.map(|g| (g.lat, g.lon)), Some((10.0, 20.0)));
        assert!(r.xmp && !r.xmp_gps);
        assert_eq!(out, tiny_webp(&[], 0));
        let w = img_parts::webp::WebP::from_bytes(out.into()).unwrap();
        assert!(!w.has_chunk(*b"EXIF"));
    }

    /// Every truncation and many random corruptions of each format: no panic, and the
    /// output never holds the canary serial number.
    #[test]
    fn malformed_inputs_never_panic() {
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(exif_block((42, 52, 4483), (74, 34, 1128), 1));
        let samples = [
            (Format::Jpeg, tiny_jpeg(&[(0xE1, app1)])),
            (
                Format::Png,
                tiny_png(&[(b"eXIf", exif_block((1, 2, 3), (4, 5, 6), 1))]),
            ),
            (
                Format::Webp,
                tiny_webp(&[(b"EXIF", exif_block((1, 2, 3), (4, 5, 6), 1))], 0x08),
            ),
        ];
        let mut seed = 0x9E37_79B9u32;
        let mut rnd = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for (fmt, s) in &samples {
            for cut in 0..s.len() {
                let (res, out, _) = run(*fmt, &s[..cut]);
                if res.is_ok() {
                    assert!(!super::super::metadata::contains(&out, b"SN-CANARY"));
                }
            }
            for _ in 0..3000 {
                let mut m = s.clone();
                for _ in 0..1 + rnd() % 4 {
                    let i = rnd() as usize % m.len();
                    m[i] = rnd() as u8;
                }
                let (res, out, _) = run(*fmt, &m);
                if res.is_ok() {
                    assert!(
                        !super::super::metadata::contains(&out, b"SN-CANARY"),
                        "{fmt:?}"
                    );
                }
            }
            // Pure garbage and huge declared lengths.
            for len in [0usize, 1, 7, 100, 5000] {
                let g: Vec<u8> = (0..len).map(|_| rnd() as u8).collect();
                let _ = run(*fmt, &g);
            }
        }
        let mut big = tiny_png(&[]);
        big.truncate(33);
        big.extend_from_slice(&[0x7F, 0xFF, 0xFF, 0xFF]);
        big.extend_from_slice(b"eXIf");
        assert!(matches!(
            run(Format::Png, &big).0,
            Err(FilterError::Malformed(_))
        ));
        let mut riff = b"RIFF\xFF\xFF\xFF\x7FWEBP".to_vec();
        riff.extend_from_slice(b"EXIF\xFF\xFF\xFF\x7F");
        assert!(matches!(
            run(Format::Webp, &riff).0,
            Err(FilterError::Malformed(_))
        ));
    }

    // ---------------------------------------------------------------- text and media

    fn no_canary(out: &[u8]) {
        use super::testmedia::CANARY;
        assert!(
            !super::super::metadata::contains(out, CANARY.as_bytes()),
            "a planted value survived: {}",
            String::from_utf8_lossy(out)
        );
    }

    /// The filter's working copy, which must be a fixed point finding nothing more.
    fn strip_ok(fmt: Format, src: &[u8]) -> (Vec<u8>, Reveals) {
        let (res, out, r) = run(fmt, src);
        assert_eq!(res.unwrap() as usize, out.len());
        let (res2, out2, r2) = run(fmt, &out);
        res2.unwrap();
        assert_eq!(out2, out, "{fmt:?}: not a fixed point");
        assert!(
            r2.removed.is_empty(),
            "{fmt:?}: second pass removed {:?}",
            r2.removed
        );
        assert!(
            !r2.reveals_anything() || fmt == Format::Pdf,
            "{fmt:?}: {r2:?}"
        );
        (out, r)
    }

    #[test]
    fn text_is_its_own_working_copy() {
        for t in ["", "hello", "Токтогул көчөсү, үйдө\n", "ө"] {
            let (out, r) = strip_ok(Format::Text, t.as_bytes());
            assert_eq!(out, t.as_bytes());
            assert!(r.removed.is_empty() && !r.reveals_anything());
        }
        // A character cut across the 64 KiB read boundary.
        let long = format!("{}ө", "a".repeat(64 * 1024 - 1)).repeat(3);
        assert_eq!(strip_ok(Format::Text, long.as_bytes()).0, long.as_bytes());
        for bad in [
            &b"ok\xFFno"[..],
            b"nul\0",
            &"ө".as_bytes()[..1],
            b"\x07\x07\x07",
        ] {
            assert!(matches!(
                run(Format::Text, bad).0,
                Err(FilterError::Malformed(_))
            ));
        }
    }

    #[test]
    fn pdf_info_and_xmp_are_blanked_in_place() {
        use super::testmedia::*;
        for update in [false, true] {
            let src = tiny_pdf(update);
            let (out, r) = strip_ok(Format::Pdf, &src);
            no_canary(&out);
            assert_eq!(out.len(), src.len(), "offsets must not move");
            // Only metadata bytes changed, to spaces; the page content is untouched.
            for (a, b) in src.iter().zip(&out) {
                assert!(a == b || *b == b' ', "a byte changed to {b:#x}");
            }
            let at = |f: &[u8]| f.windows(PAYLOAD.len()).position(|w| w == PAYLOAD);
            assert_eq!(at(&src), at(&out));
            assert_eq!(r.owner.as_deref(), Some("Canary Author"));
            assert_eq!(r.software.as_deref(), Some("CanaryWriter 1.0"));
            assert_eq!(r.captured.as_deref(), Some("2026-11-27 15:02:11 +06:00"));
            assert_eq!(r.comment.as_deref(), Some("Canary обыск"));
            assert!(
                r.text.iter().any(|t| t == "Title: Canary Title (draft)"),
                "{r:?}"
            );
            assert!(r.xmp && r.xmp_gps);
            assert!(r.removed.iter().any(|x| x == "document information"));
            assert!(r.removed.iter().any(|x| x == "XMP metadata"));
            if update {
                assert!(r.text.iter().any(|t| t == "Title: Canary Updated"), "{r:?}");
            }
        }
        // Encrypted: refused, said plainly.
        let swap = |f: Vec<u8>, a: &[u8], b: &[u8]| -> Vec<u8> {
            let i = f.windows(a.len()).position(|w| w == a).unwrap();
            [&f[..i], b, &f[i + a.len()..]].concat()
        };
        let enc = swap(
            tiny_pdf(false),
            b"/Info 6 0 R >>",
            b"/Info 6 0 R /Encrypt 9 0 R >>",
        );
        let (res, _, r) = run(Format::Pdf, &enc);
        assert!(matches!(
            res,
            Err(FilterError::Malformed(ImageProblem::Encrypted))
        ));
        assert_eq!(r.problem, Some(ImageProblem::Encrypted));
        // Information in an object stream (not among the top-level objects): refused.
        let hidden = swap(tiny_pdf(false), b"/Info 6 0 R", b"/Info 66 0 R");
        assert!(run(Format::Pdf, &hidden).0.is_err());
        // Information that is a stream's dictionary: blanking it would blank the stream's
        // `/Length`, so the next pass would see the stream end elsewhere. Refused.
        let streamed = swap(
            tiny_pdf(false),
            b"/Custom (Canary custom) >>",
            b"/Custom (Canary custom) /Length 3 >>\nstream\nabc\nendstream",
        );
        let (res, _, r) = run(Format::Pdf, &streamed);
        assert!(
            matches!(res, Err(FilterError::Malformed(ImageProblem::Unsupported))),
            "{res:?}"
        );
        assert_eq!(r.problem, Some(ImageProblem::Unsupported));
        // A stream's `/Length` followed by spaces or a comment before `endstream` is not
        // trusted: the stream ends at the first `endstream` (here the same one), and the
        // copy is still clean.
        for gap in [&b" "[..], b"\n% note\n"] {
            let mut spaced = tiny_pdf(false);
            let at = spaced
                .windows(10)
                .position(|w| w == b"\nendstream")
                .unwrap();
            spaced.splice(at..at, gap.iter().copied());
            let (out, r) = strip_ok(Format::Pdf, &spaced);
            no_canary(&out);
            assert!(r.removed.iter().any(|x| x == "XMP metadata"), "{r:?}");
        }
    }

    #[test]
    fn mp4_metadata_boxes_become_free_boxes() {
        use super::testmedia::*;
        for brand in [b"isom", b"qt  ", b"M4A "] {
            let src = tiny_mp4(brand);
            let (out, r) = strip_ok(Format::Mp4, &src);
            no_canary(&out);
            assert!(!super::super::metadata::contains(&out, b"+42.8747"));
            assert_eq!(out.len(), src.len(), "offsets must not move");
            assert_eq!(mp4_mdat(&out), vec![PAYLOAD.to_vec()]);
            // mdat is at the same offset: chunk offsets stay valid.
            let at = |f: &[u8]| f.windows(4).position(|w| w == b"mdat");
            assert_eq!(at(&src), at(&out));
            let g = r.gps.expect("©xyz read");
            assert!((g.lat - 42.8747).abs() < 1e-9 && (g.lon - 74.5698).abs() < 1e-9);
            assert_eq!(g.altitude_m, Some(760.0));
            assert_eq!(r.make.as_deref(), Some("CanaryMake"));
            assert_eq!(r.model.as_deref(), Some("CanaryPhone 7"));
            assert!(r.captured.as_deref().unwrap().starts_with("2026-"), "{r:?}");
            assert!(r.xmp && r.xmp_gps);
            assert!(
                r.text.iter().any(|t| t.contains("Canary Title Токтогул")),
                "{r:?}"
            );
            for x in [
                "udta (user data)",
                "meta (tags)",
                "uuid (XMP, vendor data)",
                "creation times",
            ] {
                assert!(r.removed.iter().any(|y| y == x), "{x}: {:?}", r.removed);
            }
        }
        // An `mdat` that runs to the end of the file (size 0) stays so; a 64-bit `udta`
        // becomes a 64-bit `free` box of the same size.
        let mut to_end = tiny_mp4(b"isom");
        let m = to_end.len() - PAYLOAD.len() - 8;
        to_end[m..m + 4].copy_from_slice(&[0; 4]);
        let (out, _) = strip_ok(Format::Mp4, &to_end);
        assert_eq!(&out[m..], &to_end[m..]);
        let mut wide = tiny_mp4(b"isom");
        let u = wide.windows(4).rposition(|w| w == b"udta").unwrap() - 4;
        let usize_ = u32::from_be_bytes(wide[u..u + 4].try_into().unwrap()) as u64;
        let mut big_head = 1u32.to_be_bytes().to_vec();
        big_head.extend_from_slice(b"udta");
        big_head.extend_from_slice(&(usize_ + 8).to_be_bytes());
        wide.splice(u..u + 8, big_head);
        let moov = wide.windows(4).position(|w| w == b"moov").unwrap() - 4;
        let ms = u32::from_be_bytes(wide[moov..moov + 4].try_into().unwrap()) + 8;
        wide[moov..moov + 4].copy_from_slice(&ms.to_be_bytes());
        let (out, r) = strip_ok(Format::Mp4, &wide);
        no_canary(&out);
        assert!(r.gps.is_some());
        assert_eq!(
            &out[u..u + 8],
            &[&1u32.to_be_bytes()[..], b"free"].concat()[..]
        );
        assert_eq!(out.len(), wide.len());
        // A box that claims more than its parent holds: refused.
        let mut bad = tiny_mp4(b"isom");
        let m = bad.windows(4).position(|w| w == b"moov").unwrap() - 4;
        bad[m..m + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(run(Format::Mp4, &bad).0.is_err());
    }

    /// Metadata boxes nested below the track (a `udta` in `mdia`, a `meta` in `minf`) go
    /// too; a walk limited to depth 2 kept both, and its second pass agreed.
    #[test]
    fn mp4_metadata_nested_deep_is_left_out() {
        use super::testmedia::*;
        let src = deep_meta_mp4();
        assert!(super::super::metadata::contains(&src, b"CanaryDeepMake"));
        let (out, r) = strip_ok(Format::Mp4, &src);
        no_canary(&out);
        assert!(!super::super::metadata::contains(&out, b"+42.8747"));
        assert_eq!(out.len(), src.len(), "offsets must not move");
        assert_eq!(mp4_mdat(&out), vec![PAYLOAD.to_vec()]);
        for x in ["udta (user data)", "meta (tags)"] {
            assert!(r.removed.iter().any(|y| y == x), "{x}: {:?}", r.removed);
        }
    }

    #[test]
    fn mp3_tags_are_left_out() {
        use super::testmedia::*;
        let src = tiny_mp3();
        let (out, r) = strip_ok(Format::Mp3, &src);
        no_canary(&out);
        assert_eq!(out, mp3_audio());
        assert!(r.text.iter().any(|t| t == "TIT2: Canary Title"), "{r:?}");
        assert!(r.text.iter().any(|t| t == "TPE1: Canary Артист"), "{r:?}");
        assert_eq!(r.software.as_deref(), Some("CanaryRecorder 2.1"));
        assert_eq!(r.comment.as_deref(), Some("Canary comment"));
        assert_eq!(r.captured.as_deref(), Some("2026"));
        assert!(r.thumbnail);
        for x in ["ID3v2 tag", "ID3v1 tag", "APE tag"] {
            assert!(r.removed.iter().any(|y| y == x), "{x}: {:?}", r.removed);
        }
        assert!(run(Format::Mp3, b"ID3\x03\0\0\0\0\0\x05abcde").0.is_err());
    }

    #[test]
    fn ogg_comments_are_emptied() {
        use super::testmedia::*;
        assert_eq!(ogg::ogg_crc(b"123456789"), 0x89A1_897F);
        for (opus, big) in [(true, false), (true, true), (false, false), (false, true)] {
            let src = tiny_ogg(opus, big);
            let (out, r) = strip_ok(Format::Ogg, &src);
            no_canary(&out);
            let headers = if opus { 2 } else { 3 };
            assert_eq!(ogg_audio(&out, headers), ogg_audio(&src, headers));
            assert_eq!(ogg_audio(&out, headers), PAYLOAD.repeat(3));
            assert!(
                r.text.iter().any(|t| t == "TITLE: Canary Title Үйдө"),
                "{r:?}"
            );
            assert!(
                r.text.iter().any(|t| t.starts_with("LOCATION: Canary")),
                "{r:?}"
            );
            assert_eq!(r.software.as_deref(), Some("CanaryRec 3"));
            assert_eq!(r.thumbnail, big);
            assert_eq!(r.removed, vec!["comment tags".to_owned()]);
            // The vendor string is kept.
            let vendor: &[u8] = if opus {
                b"libopus 1.3"
            } else {
                b"Xiph.Org libVorbis"
            };
            assert!(super::super::metadata::contains(&out, vendor));
            if big {
                assert!(out.len() < src.len() - 70_000);
            }
        }
        // A flipped bit anywhere in a page: the checksum refuses it.
        let mut bad = tiny_ogg(true, false);
        let l = bad.len();
        bad[l - 3] ^= 1;
        assert!(run(Format::Ogg, &bad).0.is_err());
    }

    /// The inputs the fuzzers found (`fuzz/regressions/strip_{mp3,pdf}/`), for which the
    /// working copy still held metadata a second pass removed: the MP3 (more than 16 tags at
    /// the end; the walk stopped after 16 and copied the rest) is now refused, the PDF (a
    /// `/Length` that, once its stream was blanked, ran over the spaces and a comment to a
    /// later `endstream`) now gives a clean copy.
    #[test]
    fn fuzz_found_copies_are_clean() {
        let mp3 =
            include_bytes!("../../../fuzz/regressions/strip_mp3/more-than-16-tags-at-the-end");
        let (res, _, r) = run(Format::Mp3, mp3);
        assert!(
            matches!(res, Err(FilterError::Malformed(ImageProblem::TooComplex))),
            "{res:?}"
        );
        assert_eq!(r.problem, Some(ImageProblem::TooComplex));
        let pdf = include_bytes!(
            "../../../fuzz/regressions/strip_pdf/length-runs-over-blanks-and-a-comment"
        );
        let (out, r) = strip_ok(Format::Pdf, pdf);
        assert!(r.xmp && r.removed == ["XMP metadata"], "{r:?}");
        assert!(!super::super::metadata::contains(&out, b"GPSLatitude"));
        let sha = crate::crypto::sha256(&out);
        assert_eq!(
            second_pass(Format::Pdf, Cursor::new(&out), out.len() as u64, &sha).unwrap(),
            None
        );
    }

    /// Up to 16 tags at either end of an MP3 are taken off; one more is refused, not copied.
    #[test]
    fn mp3_tag_count_is_bounded_not_cut_short() {
        use super::testmedia::*;
        let mut v1 = b"TAG".to_vec();
        v1.extend_from_slice(b"Canary v1 title");
        v1.resize(128, 0);
        let id3 = b"ID3\x03\0\0\0\0\0\x0bTIT2\0\0\0\x01\0\0\0".to_vec();
        for n in [1, 16, 17] {
            let tail = [mp3_audio(), v1.repeat(n)].concat();
            let head = [id3.repeat(n), mp3_audio()].concat();
            for src in [tail, head] {
                let (res, out, r) = run(Format::Mp3, &src);
                if n <= 16 {
                    res.unwrap();
                    assert_eq!(out, mp3_audio(), "{n}");
                    let (out2, _) = strip_ok(Format::Mp3, &src);
                    assert_eq!(out2, out);
                } else {
                    assert!(res.is_err() && out.is_empty(), "{n}");
                    assert_eq!(r.problem, Some(ImageProblem::TooComplex));
                }
            }
        }
    }

    /// The safety net: a copy that is a fixed point and removes nothing is clean; a copy a
    /// further pass changes, or one it refuses, is not.
    #[test]
    fn second_pass_tells_clean_from_not_clean() {
        use super::testmedia::*;
        let check = |fmt: Format, copy: &[u8]| {
            let sha = crate::crypto::sha256(copy);
            second_pass(fmt, Cursor::new(copy), copy.len() as u64, &sha).unwrap()
        };
        for (fmt, src) in [
            (Format::Mp3, tiny_mp3()),
            (Format::Pdf, tiny_pdf(true)),
            (Format::Mp4, tiny_mp4(b"isom")),
            (Format::Ogg, tiny_ogg(true, false)),
        ] {
            let (out, _) = strip_ok(fmt, &src);
            assert_eq!(check(fmt, &out), None, "{fmt:?}");
            // The original is not a clean copy: the second pass removes something.
            let r = check(fmt, &src).expect("not clean");
            assert_eq!(r.problem, Some(ImageProblem::NotClean), "{fmt:?}");
            assert!(!r.removed.is_empty());
            // A copy the filter refuses is not clean either.
            assert!(check(fmt, b"not a media file at all").is_some());
        }
        // JPEG: the orientation-only EXIF block is rewritten as it was; that is clean.
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(super::testimages::exif_block((1, 2, 3), (4, 5, 6), 6));
        let (res, out, _) = run(Format::Jpeg, &tiny_jpeg(&[(0xE1, app1)]));
        res.unwrap();
        let (_, _, again) = run(Format::Jpeg, &out);
        assert_eq!(again.removed, [ORIENTATION_KEPT]);
        assert_eq!(check(Format::Jpeg, &out), None);
        // A copy whose bytes a second pass would change (a stray trailer) is not clean,
        // whatever it is recorded as.
        let mut trailing = out.clone();
        trailing.extend_from_slice(b"vendor trailer");
        assert!(check(Format::Jpeg, &trailing).is_some());
    }

    /// Every truncation and random corruptions of each new format: no panic; whatever is
    /// accepted holds no planted value that the filter reported as removed.
    #[test]
    fn malformed_media_never_panics() {
        use super::testmedia::*;
        let samples = [
            (Format::Pdf, tiny_pdf(true)),
            (Format::Mp4, tiny_mp4(b"isom")),
            (Format::Mp3, tiny_mp3()),
            (Format::Ogg, tiny_ogg(false, false)),
            (Format::Text, "Токтогул".repeat(20).into_bytes()),
        ];
        let mut seed = 0x2545_F491u32;
        let mut rnd = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for (fmt, s) in &samples {
            for cut in (0..s.len()).step_by(7) {
                let _ = run(*fmt, &s[..cut]);
            }
            for _ in 0..1500 {
                let mut m = s.clone();
                for _ in 0..1 + rnd() % 4 {
                    let i = rnd() as usize % m.len();
                    m[i] = rnd() as u8;
                }
                let (res, out, _) = run(*fmt, &m);
                if res.is_ok() {
                    // Deterministic, and the copy is accepted again.
                    assert!(run(*fmt, &out).0.is_ok(), "{fmt:?}");
                }
            }
        }
    }

    /// Throughput of the media filters on large synthetic files (run by hand:
    /// `cargo test --lib attach::strip::tests::media_throughput -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn media_throughput() {
        use super::testmedia::*;
        use std::time::Instant;
        let big = vec![0x5Au8; 64 << 20];
        let mut mp4 = tiny_mp4(b"isom");
        mp4.truncate(mp4.len() - PAYLOAD.len() - 8);
        mp4.extend_from_slice(&((big.len() + 8) as u32).to_be_bytes());
        mp4.extend_from_slice(b"mdat");
        mp4.extend_from_slice(&big);
        let mut pdf = b"%PDF-1.7\n1 0 obj\n<< /Length 67108864 >>\nstream\n".to_vec();
        pdf.extend_from_slice(&big);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        // Dictionary-heavy: 200,000 small objects.
        for i in 2..200_002 {
            pdf.extend_from_slice(
                format!("{i} 0 obj\n<< /Type /Annot /Rect [0 0 10 10] /T (x) >>\nendobj\n")
                    .as_bytes(),
            );
        }
        pdf.extend_from_slice(b"trailer\n<< /Size 3 >>\n%%EOF\n");
        let mut mp3 = tiny_mp3();
        mp3.splice(mp3.len() - 128..mp3.len() - 128, big.iter().copied());
        let text = "Токтогул көчөсү ".repeat(4 << 20).into_bytes();
        for (fmt, data) in [
            (Format::Mp4, &mp4),
            (Format::Pdf, &pdf),
            (Format::Mp3, &mp3),
            (Format::Text, &text),
        ] {
            let t = Instant::now();
            let (res, _, _) = run(fmt, data);
            res.unwrap();
            let s = t.elapsed().as_secs_f64();
            eprintln!(
                "{fmt:?}: {:.1} MiB in {s:.2} s = {:.0} MiB/s",
                data.len() as f64 / 1048576.0,
                data.len() as f64 / 1048576.0 / s
            );
        }
    }
}
