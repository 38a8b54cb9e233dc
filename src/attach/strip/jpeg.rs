//! JPEG: segments, scans, and the EXIF orientation kept alone.

use super::*;

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const COM: u8 = 0xFE;

fn next_marker<R: Read + Seek>(s: &mut Src<R>) -> Result<u8> {
    if s.u8()? != 0xFF {
        return Err(FilterError::Malformed(ImageProblem::BadMarker));
    }
    loop {
        let m = s.u8()?;
        if m != 0xFF {
            if m == 0 {
                return Err(FilterError::Malformed(ImageProblem::BadMarker));
            }
            return Ok(m);
        }
    }
}

/// Copy entropy-coded scan data up to the next marker, which is returned (its 0xFF and any
/// fill bytes before it are consumed, not written). Stuffed bytes and restart markers are
/// copied as they are.
fn copy_scan<R: Read + Seek, W: Write>(s: &mut Src<R>, out: &mut W) -> Result<u8> {
    loop {
        let buf = s.r.fill_buf()?;
        if buf.is_empty() {
            return Err(FilterError::Malformed(ImageProblem::CutShort));
        }
        match buf.iter().position(|&b| b == 0xFF) {
            None => {
                let n = buf.len();
                out.write_all(buf)?;
                s.r.consume(n);
                s.pos += n as u64;
            }
            Some(i) => {
                out.write_all(&buf[..i])?;
                s.r.consume(i + 1);
                s.pos += i as u64 + 1;
                let mut fills = 0usize;
                let mut m = s
                    .u8()
                    .map_err(|_| FilterError::Malformed(ImageProblem::CutShort))?;
                while m == 0xFF {
                    fills += 1;
                    m = s
                        .u8()
                        .map_err(|_| FilterError::Malformed(ImageProblem::CutShort))?;
                }
                if m == 0x00 || (0xD0..=0xD7).contains(&m) {
                    for _ in 0..=fills {
                        out.write_all(&[0xFF])?;
                    }
                    out.write_all(&[m])?;
                } else {
                    return Ok(m);
                }
            }
        }
    }
}

/// A minimal EXIF APP1 payload holding only the orientation (big-endian TIFF, one IFD
/// with one SHORT entry).
fn orientation_only(o: u16) -> Vec<u8> {
    let mut v = b"Exif\0\0MM\0\x2A\0\0\0\x08".to_vec();
    v.extend_from_slice(&[0, 1]); // one entry
    v.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]); // Orientation, SHORT, count 1
    v.extend_from_slice(&o.to_be_bytes());
    v.extend_from_slice(&[0, 0]);
    v.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    v
}

fn write_segment<W: Write>(out: &mut W, marker: u8, payload: &[u8]) -> Result<()> {
    let len = u16::try_from(payload.len() + 2)
        .map_err(|_| FilterError::Malformed(ImageProblem::TooLarge))?;
    out.write_all(&[0xFF, marker])?;
    out.write_all(&len.to_be_bytes())?;
    out.write_all(payload)?;
    Ok(())
}

fn app_name(marker: u8, payload: &[u8]) -> String {
    let id: String = payload
        .iter()
        .take(24)
        .take_while(|b| **b != 0)
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '?'
            }
        })
        .collect();
    let what = match (marker, id.as_str()) {
        (0xEB, _) => "content credentials or JUMBF (APP11)".to_owned(),
        (0xEC, "Ducky") => "Photoshop \"Ducky\" block (APP12)".to_owned(),
        (0xE2, "FPXR") => "FlashPix data (APP2)".to_owned(),
        _ if id.is_empty() => format!("APP{} block", marker - 0xE0),
        _ => format!("APP{} block \"{id}\"", marker - 0xE0),
    };
    clip(&what)
}

/// Check the structure of a segment that the working copy keeps, so that a damaged file
/// cannot carry a metadata block into the copy under another segment's marker. Returns
/// false for markers sandyk does not know (the file then gets no working copy).
fn valid_segment(marker: u8, p: &[u8]) -> bool {
    match marker {
        // SOFn, DHP: precision, height, width, Nf, Nf × 3 bytes.
        0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF | 0xDE => {
            p.len() >= 6 && p.len() == 6 + 3 * p[5] as usize
        }
        // DHT: tables of class/id, 16 counts, the symbols.
        0xC4 => {
            let mut i = 0;
            while i < p.len() {
                if p[i] & 0xEC != 0 || p.len() < i + 17 {
                    return false;
                }
                let n: usize = p[i + 1..i + 17].iter().map(|&c| c as usize).sum();
                if n > 256 {
                    return false;
                }
                i += 17 + n;
            }
            i == p.len() && !p.is_empty()
        }
        // DQT: tables of precision/id and 64 entries of 1 or 2 bytes.
        0xDB => {
            let mut i = 0;
            while i < p.len() {
                if p[i] >> 4 > 1 || p[i] & 0x0F > 3 {
                    return false;
                }
                i += 1 + 64 * (1 + (p[i] >> 4) as usize);
            }
            i == p.len() && !p.is_empty()
        }
        0xCC => !p.is_empty() && p.len() % 2 == 0,
        0xDD | 0xDC => p.len() == 2,
        0xDF => p.len() == 1,
        SOS => !p.is_empty() && (1..=4).contains(&p[0]) && p.len() == 1 + 2 * p[0] as usize + 3,
        _ => false,
    }
}

pub(super) fn jpeg<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    out: &mut W,
    r: &mut Reveals,
) -> Result<()> {
    if s.u8()? != 0xFF || s.u8()? != SOI {
        return Err(FilterError::Malformed(ImageProblem::NotThisFormat));
    }
    out.write_all(&[0xFF, SOI])?;
    let mut payload = Vec::with_capacity(64 * 1024);
    let mut orientation_written = false;
    let (mut icc_expected, mut icc_got) = (None::<u64>, 0u64);
    let mut marker = next_marker(s)?;
    loop {
        match marker {
            EOI => {
                if icc_expected.is_some_and(|e| e != icc_got)
                    || (icc_expected.is_none() && icc_got > 0)
                {
                    return Err(FilterError::Malformed(ImageProblem::BadIcc));
                }
                out.write_all(&[0xFF, EOI])?;
                r.trailing_bytes = s.remaining();
                if r.trailing_bytes > 0 {
                    r.note_removed("data after the end of the image");
                }
                return Ok(());
            }
            SOI => return Err(FilterError::Malformed(ImageProblem::BadMarker)),
            0x01 | 0xD0..=0xD7 => {
                out.write_all(&[0xFF, marker])?;
                marker = next_marker(s)?;
                continue;
            }
            _ => {}
        }
        let len = s.be16()?;
        if len < 2 {
            return Err(FilterError::Malformed(ImageProblem::BadLength));
        }
        s.vec_into(len as usize - 2, &mut payload)?;
        let p = &payload[..];
        match marker {
            0xE0 => {
                if p.starts_with(b"JFIF\0") && p.len() >= 14 {
                    // The header alone, never more: a thumbnail (or anything a damaged
                    // length swallowed) is left out.
                    let mut h = p[..14].to_vec();
                    if h[12] != 0 || h[13] != 0 || p.len() > 14 {
                        r.thumbnail |= h[12] != 0 && h[13] != 0;
                        r.note_removed("JFIF thumbnail");
                    }
                    h[12] = 0;
                    h[13] = 0;
                    write_segment(out, marker, &h)?;
                } else if p.starts_with(b"JFXX\0") {
                    r.thumbnail = true;
                    r.note_removed("JFIF thumbnail");
                } else {
                    r.note_other(app_name(marker, p));
                    r.note_removed("other APP blocks");
                }
            }
            0xE1 => {
                if p.starts_with(b"Exif\0\0") {
                    let o = read_exif_block(p, r);
                    match o.filter(|o| (2..=8).contains(o)) {
                        Some(o) if !orientation_written => {
                            write_segment(out, 0xE1, &orientation_only(o as u16))?;
                            orientation_written = true;
                            r.note_removed("EXIF (orientation kept)");
                        }
                        _ => r.note_removed("EXIF"),
                    }
                } else if p.starts_with(b"http://ns.adobe.com/xap/1.0/\0")
                    || p.starts_with(b"http://ns.adobe.com/xmp/extension/\0")
                {
                    r.note_xmp(p);
                    r.note_removed("XMP");
                } else {
                    r.note_other(app_name(marker, p));
                    r.note_removed("other APP blocks");
                }
            }
            0xE2 if p.starts_with(b"ICC_PROFILE\0") && p.len() >= 14 => {
                // Chunk 1 of the profile carries its total size; the chunks must add up.
                if p[12] == 1 {
                    if p.len() < 18 || icc_expected.is_some() {
                        return Err(FilterError::Malformed(ImageProblem::BadIcc));
                    }
                    icc_expected = Some(u32::from_be_bytes([p[14], p[15], p[16], p[17]]) as u64);
                }
                icc_got += (p.len() - 14) as u64;
                write_segment(out, marker, p)?;
            }
            0xE2 if p.starts_with(b"MPF\0") => {
                r.thumbnail = true;
                r.note_other("extra images (MPF)");
                r.note_removed("MPF index");
            }
            0xED => {
                if p.starts_with(b"Photoshop 3.0\0") {
                    r.iptc = true;
                    r.note_removed("IPTC/Photoshop");
                } else {
                    r.note_other(app_name(marker, p));
                    r.note_removed("other APP blocks");
                }
            }
            0xEE if p.starts_with(b"Adobe") && p.len() == 12 => write_segment(out, marker, p)?,
            0xE2..=0xEC | 0xEE..=0xEF => {
                r.note_other(app_name(marker, p));
                r.note_removed("other APP blocks");
            }
            COM => {
                if r.comment.is_none() {
                    let c = clip(&String::from_utf8_lossy(&p[..p.len().min(1024)]));
                    if !c.is_empty() {
                        r.comment = Some(c);
                    }
                }
                if r.comment.is_none() {
                    r.note_other("comment");
                }
                r.note_removed("comment");
            }
            _ if !valid_segment(marker, p) => {
                return Err(FilterError::Malformed(ImageProblem::BadMarker))
            }
            SOS => {
                write_segment(out, marker, p)?;
                marker = copy_scan(s, out)?;
                continue;
            }
            _ => write_segment(out, marker, p)?,
        }
        marker = next_marker(s)?;
    }
}
