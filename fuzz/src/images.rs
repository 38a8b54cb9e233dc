//! Bodies of the image- and media-parser fuzz targets (JPEG, PNG, WebP, text, PDF, MP4,
//! MP3 and Ogg working copies; the
//! EXIF/metadata reader). Shared by `fuzz_targets/strip_*.rs` / `fuzz_targets/metadata.rs`
//! and replayed by the quick tier (`tests/it/harness_fuzz_corpus.rs` includes this file with
//! `#[path]`), so it uses only `sandyk`, `img_parts` and `std`.
//!
//! Invariants checked on every input (each `assert!` is a crash for the fuzzer):
//! - the filter never panics, and it is deterministic (same bytes and same summary twice);
//! - the byte count it returns is what it wrote;
//! - **the working copy holds none of the metadata the summary listed**: filtering the
//!   working copy again finds nothing identifying (no GPS, device, serial, owner, unique id,
//!   capture time, software, comment, thumbnail, maker notes, XMP, IPTC, text, trailing
//!   bytes, unknown blocks) — at most the one-field EXIF block that keeps the orientation;
//! - the working copy is a fixed point: filtering it again gives the same bytes;
//! - the safety net agrees: `strip::second_pass`, which the vault runs over every stored
//!   working copy before offering it, finds the copy clean (were it to disagree with the
//!   checks above, a copy would be refused, or worse, offered, for the wrong reason);
//! - **pixels unchanged**: an independent parser (`img-parts`) sees the same image data in
//!   the working copy as in the original — JPEG: every segment that is not APPn/COM (tables,
//!   frame, scans with their entropy-coded data) in the same order; PNG: IHDR, PLTE and the
//!   IDAT stream; WebP: the VP8/VP8L/ALPH/ANIM/ANMF chunks. Checked whenever img-parts can
//!   read both files.

use std::io::Cursor;

use sandyk::attach::metadata::{self, Reveals, MAX_LIST, MAX_VALUE_CHARS};
use sandyk::attach::strip::{filter, second_pass, Format};

fn run(fmt: Format, data: &[u8]) -> (Result<u64, String>, Vec<u8>, Reveals) {
    let mut r = Reveals::default();
    let mut out = Vec::new();
    let res = filter(fmt, Cursor::new(data), &mut out, &mut r).map_err(|e| format!("{e:?}"));
    (res, out, r)
}

/// Every string in a summary is clipped and every list bounded (I10 for the summary).
fn check_bounded(r: &Reveals) {
    for s in [
        &r.make,
        &r.model,
        &r.serial,
        &r.lens,
        &r.lens_serial,
        &r.owner,
        &r.unique_id,
        &r.captured,
        &r.software,
        &r.comment,
    ]
    .into_iter()
    .flatten()
    {
        assert!(
            s.chars().count() <= MAX_VALUE_CHARS + 1,
            "unclipped value of {} chars",
            s.chars().count()
        );
    }
    assert!(r.text.len() <= MAX_LIST && r.other.len() <= MAX_LIST && r.removed.len() <= MAX_LIST);
    for s in r.text.iter().chain(&r.other).chain(&r.removed) {
        assert!(
            s.chars().count() <= MAX_VALUE_CHARS + 1,
            "unclipped list entry of {} chars",
            s.chars().count()
        );
    }
    if let Some(g) = r.gps {
        assert!(g.lat.is_finite() && g.lon.is_finite(), "GPS must be finite");
    }
}

/// Nothing identifying left: what a second pass over a working copy may still report.
fn assert_clean(fmt: Format, r: &Reveals) {
    if matches!(
        fmt,
        Format::Text | Format::Pdf | Format::Mp4 | Format::Mp3 | Format::Ogg
    ) {
        // The media filters: a second pass removes nothing and finds nothing, except what
        // a PDF filter says it keeps (embedded files, compressed object streams).
        assert!(
            r.removed.is_empty(),
            "a second pass removed something: {r:?}"
        );
        let mut rest = r.clone();
        rest.other
            .retain(|o| !(o.ends_with("(kept)") || o.ends_with("compressed object stream")));
        rest.examined = Default::default();
        assert!(
            !rest.reveals_anything() && rest.problem.is_none(),
            "metadata in the working copy: {r:?}"
        );
        return;
    }
    assert!(
        r.gps.is_none() && !r.gps_tags,
        "GPS in the working copy: {r:?}"
    );
    assert!(
        r.make.is_none()
            && r.model.is_none()
            && r.serial.is_none()
            && r.lens.is_none()
            && r.lens_serial.is_none()
            && r.owner.is_none()
            && r.unique_id.is_none()
            && r.captured.is_none()
            && r.software.is_none()
            && r.comment.is_none(),
        "identifying EXIF value in the working copy: {r:?}"
    );
    assert!(
        !r.thumbnail && !r.maker_notes && !r.xmp && !r.iptc,
        "metadata block in the working copy: {r:?}"
    );
    assert!(
        r.text.is_empty() && r.other.is_empty() && r.trailing_bytes == 0,
        "text, unknown blocks or trailing bytes in the working copy: {r:?}"
    );
    // The orientation-only EXIF block the filter writes back has exactly one field.
    assert!(r.exif_fields <= 1, "EXIF fields in the working copy: {r:?}");
    // A second pass only rewrites that orientation block (recorded as "EXIF (orientation
    // kept)"); it finds nothing else to remove.
    assert!(
        r.removed
            .iter()
            .all(|x| x.starts_with("EXIF") && r.exif_fields == 1),
        "a second pass removed something: {r:?}"
    );
}

/// What follows a JPEG's first scan header as picture data: img-parts hands everything after
/// it (later tables and scans, EOI, trailing bytes) over as that scan's data, so this walks
/// it the way a decoder does. Runs of 0xFF are shortened to one — "any marker may be
/// preceded by any number of fill bytes" (ITU T.81 B.1.1.2), which decoders skip and the
/// filter does not copy before a marker that ends a scan — APPn/COM segments between scans
/// are left out, as before the first scan, and the payload of every other segment is
/// copied, not walked (all three found by the fuzzer:
/// `fuzz/regressions/strip_jpeg/`).
fn scan_image_data(d: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(d.len());
    let mut i = 0;
    while i < d.len() {
        if d[i] != 0xFF {
            v.push(d[i]);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < d.len() && d[j] == 0xFF {
            j += 1;
        }
        if j + 2 < d.len() && !matches!(d[j], 0x00 | 0x01 | 0xD0..=0xD9) {
            // A segment: the marker byte, then a length that counts its own two bytes. Its
            // payload (a later scan's header, tables) is copied as it is, never walked.
            let end = (j + 1 + u16::from_be_bytes([d[j + 1], d[j + 2]]) as usize).min(d.len());
            if !((0xE0..=0xEF).contains(&d[j]) || d[j] == 0xFE) {
                v.push(0xFF);
                v.extend_from_slice(&d[j..end]);
            }
            i = end.max(j + 1);
            continue;
        }
        v.push(0xFF);
        i = j;
    }
    v
}

/// The image data as an independent parser sees it, or None when it cannot read the file.
fn image_data(fmt: Format, data: &[u8]) -> Option<Vec<Vec<u8>>> {
    let b = img_parts::Bytes::copy_from_slice(data);
    match fmt {
        Format::Jpeg => {
            let j = img_parts::jpeg::Jpeg::from_bytes(b).ok()?;
            Some(
                j.segments()
                    .iter()
                    .filter(|s| {
                        let m = s.marker();
                        !(0xE0..=0xEF).contains(&m) && m != 0xFE
                    })
                    .map(|s| {
                        // img-parts reads everything after the first scan as that scan's
                        // entropy-coded data (later scans, EOI and any trailing bytes): the
                        // image ends at EOI, and what follows is not picture data.
                        let mut v = s.clone().encoder().bytes().to_vec();
                        if s.marker() == 0xDA && v.len() >= 4 {
                            let header =
                                (2 + u16::from_be_bytes([v[2], v[3]]) as usize).min(v.len());
                            let data = scan_image_data(&v[header..]);
                            v.truncate(header);
                            v.extend_from_slice(&data);
                        }
                        if let Some(eoi) = v.windows(2).position(|w| w == [0xFF, 0xD9]) {
                            v.truncate(eoi);
                        }
                        v
                    })
                    .collect(),
            )
        }
        Format::Png => {
            let p = img_parts::png::Png::from_bytes(b).ok()?;
            Some(
                p.chunks()
                    .iter()
                    .filter(|c| matches!(&c.kind(), b"IHDR" | b"PLTE" | b"IDAT"))
                    .map(|c| {
                        let mut v = c.kind().to_vec();
                        v.extend_from_slice(c.contents());
                        v
                    })
                    .collect(),
            )
        }
        // Text is its own working copy: every byte is payload.
        Format::Text => Some(vec![data.to_vec()]),
        // The media data: the bodies of the top-level `mdat` boxes.
        Format::Mp4 => {
            let mut v = vec![];
            let mut p = 0usize;
            while p + 8 <= data.len() {
                let size =
                    u32::from_be_bytes([data[p], data[p + 1], data[p + 2], data[p + 3]]) as usize;
                if size < 8 || p + size > data.len() {
                    break;
                }
                if &data[p + 4..p + 8] == b"mdat" {
                    v.push(data[p + 8..p + size].to_vec());
                }
                p += size;
            }
            Some(v)
        }
        // PDF: only metadata bytes may change, each to a space, and nothing moves.
        Format::Pdf => None,
        Format::Mp3 | Format::Ogg => None,
        Format::Webp => {
            let w = img_parts::webp::WebP::from_bytes(b).ok()?;
            Some(
                w.chunks()
                    .iter()
                    .filter(|c| matches!(&c.id(), b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" | b"ANMF"))
                    .map(|c| c.clone().encoder().bytes().to_vec())
                    .collect(),
            )
        }
    }
}

/// One image filter over arbitrary bytes.
pub fn strip(fmt: Format, data: &[u8]) {
    let (res, out, r) = run(fmt, data);
    let (res_b, out_b, r_b) = run(fmt, data);
    assert_eq!(res, res_b, "the filter is not deterministic");
    assert!(out == out_b && r == r_b, "the filter is not deterministic");
    check_bounded(&r);
    let Ok(n) = res else {
        return;
    };
    assert_eq!(
        n as usize,
        out.len(),
        "returned byte count differs from what was written"
    );

    let (res2, out2, r2) = run(fmt, &out);
    assert!(
        res2.is_ok(),
        "a working copy the filter wrote is not readable by the filter: {res2:?}"
    );
    assert_clean(fmt, &r2);
    if fmt == Format::Pdf {
        assert_eq!(out.len(), data.len(), "a PDF working copy moved bytes");
        assert!(
            data.iter().zip(&out).all(|(a, b)| a == b || *b == b' '),
            "a PDF working copy changed a byte to something other than a space"
        );
    }
    assert!(
        out2 == out,
        "the working copy is not a fixed point of the filter"
    );
    let sha = sandyk::crypto::sha256(&out);
    let net = second_pass(fmt, Cursor::new(&out), out.len() as u64, &sha)
        .expect("reading from memory does not fail");
    assert!(
        net.is_none(),
        "the safety net refuses a working copy the checks above found clean: {net:?}"
    );

    if let (Some(a), Some(b)) = (image_data(fmt, data), image_data(fmt, &out)) {
        assert!(
            a == b,
            "image data differs between the original and the working copy"
        );
    }
}

pub fn strip_jpeg(data: &[u8]) {
    strip(Format::Jpeg, data)
}

pub fn strip_png(data: &[u8]) {
    strip(Format::Png, data)
}

pub fn strip_webp(data: &[u8]) {
    strip(Format::Webp, data)
}

pub fn strip_text(data: &[u8]) {
    strip(Format::Text, data)
}

pub fn strip_pdf(data: &[u8]) {
    strip(Format::Pdf, data)
}

pub fn strip_mp4(data: &[u8]) {
    strip(Format::Mp4, data)
}

pub fn strip_mp3(data: &[u8]) {
    strip(Format::Mp3, data)
}

pub fn strip_ogg(data: &[u8]) {
    strip(Format::Ogg, data)
}

/// The EXIF/metadata readers: an EXIF block (TIFF structure), a HEIF container and a TIFF
/// file, chosen by the first byte. Never panics; summaries bounded; deterministic.
pub fn metadata(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let read = |rest: &[u8]| {
        let mut r = Reveals::default();
        match mode % 3 {
            0 => {
                let _ = metadata::read_exif_block(rest, &mut r);
            }
            1 => metadata::read_heif(Cursor::new(rest), &mut r),
            _ => metadata::read_tiff(Cursor::new(rest), rest.len() as u64, &mut r),
        }
        r
    };
    let a = read(rest);
    let b = read(rest);
    assert!(a == b, "the metadata reader is not deterministic");
    check_bounded(&a);
}
