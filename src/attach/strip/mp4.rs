//! MP4, MOV, M4A, 3GP (ISO base media / QuickTime): a small box walker. Boxes that hold
//! metadata are overwritten in place by `free` boxes of the same size, and the creation
//! and modification times in `mvhd`, `tkhd` and `mdhd` are set to zero; every other byte,
//! the media data (`mdat`) and the sample tables above all, is copied unchanged. Because
//! nothing moves, the chunk offsets (`stco`/`co64`) stay right without being rewritten.
//!
//! Why no crate: the maintained MP4 crates (`mp4`, `mp4parse`, `mp4ameta`) either load
//! the file, rewrite the whole `moov` (moving offsets), or only read; none replaces a box
//! in place while streaming. The walk needs box headers only (size, type, 64-bit sizes),
//! each checked against its parent before anything is read or skipped.
//!
//! Left out, wherever the walk reaches (the top level and `moov`, `trak`, `mdia`, `minf`,
//! `edts`, `dinf`): every `udta` (QuickTime `©xyz` location, `©mak`/`©mod` device, `©day`,
//! `©swr`, iTunes `ilst` tags such as title and artist), every `meta` (Apple `mdta` keys:
//! `com.apple.quicktime.location.ISO6709`, make, model, software, creation date), and every
//! `uuid` box (XMP, vendor data). Boxes the walk does not enter (the sample tables, `mdat`)
//! are copied as they are.

use super::*;

/// Boxes walked into.
const CONTAINERS: &[&[u8; 4]] = &[b"moov", b"trak", b"mdia", b"minf", b"edts", b"dinf"];
/// Deepest nesting followed.
const MAX_DEPTH: usize = 8;

struct Head {
    start: u64,
    /// Header length (8, or 16 with a 64-bit size).
    hlen: u64,
    size: u64,
    kind: [u8; 4],
    /// The size field was 0: the box runs to the end of the file (kept that way).
    to_end: bool,
}

fn head<R: Read + Seek>(s: &mut Src<R>, end: u64) -> Result<Head> {
    let start = s.pos;
    if end - start < 8 {
        return Err(FilterError::Malformed(ImageProblem::CutShort));
    }
    let size32 = u32::from_be_bytes(s.arr4()?) as u64;
    let kind = s.arr4()?;
    let (hlen, size) = match size32 {
        0 => (8, end - start),
        1 => {
            if end - start < 16 {
                return Err(FilterError::Malformed(ImageProblem::CutShort));
            }
            let mut b = [0u8; 8];
            s.exact(&mut b)?;
            (16, u64::from_be_bytes(b))
        }
        n => (8, n),
    };
    if size < hlen || size > end - start {
        return Err(FilterError::Malformed(ImageProblem::BadLength));
    }
    Ok(Head {
        start,
        hlen,
        size,
        kind,
        to_end: size32 == 0,
    })
}

/// The 32-bit size field of a box with an 8-byte header, as it was read (0: to the end of
/// the file).
fn size32(h: &Head) -> u32 {
    if h.to_end {
        0
    } else {
        u32::try_from(h.size).unwrap_or(0)
    }
}

/// Write a `free` box of `h.size` bytes in place of the box whose header was just read,
/// and skip the original's content.
fn blank<R: Read + Seek, W: Write>(s: &mut Src<R>, h: &Head, out: &mut W) -> Result<()> {
    if h.hlen == 16 {
        out.write_all(&1u32.to_be_bytes())?;
        out.write_all(b"free")?;
        out.write_all(&h.size.to_be_bytes())?;
    } else {
        out.write_all(&size32(h).to_be_bytes())?;
        out.write_all(b"free")?;
    }
    let mut left = h.size - h.hlen;
    s.skip(left)?;
    let zeros = [0u8; 8192];
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        out.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    Ok(())
}

/// ISO 6709 "+42.8747+074.5698+760.0/" as a position.
fn iso6709(s: &str) -> Option<Gps> {
    let s = s.trim().trim_end_matches('/');
    let b = s.as_bytes();
    let signs: Vec<usize> = (0..b.len())
        .filter(|i| b[*i] == b'+' || b[*i] == b'-')
        .collect();
    if signs.len() < 2 || signs[0] != 0 {
        return None;
    }
    let part = |k: usize| -> Option<f64> {
        let end = signs.get(k + 1).copied().unwrap_or(b.len());
        s.get(signs[k]..end)?.parse::<f64>().ok()
    };
    let lat = part(0)?;
    let lon = part(1)?;
    let altitude_m = if signs.len() >= 3 { part(2) } else { None };
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some(Gps {
        lat,
        lon,
        altitude_m: altitude_m.filter(|a| a.is_finite()),
    })
}

/// Children of a box body held in memory: (type, content).
fn children(b: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut v = vec![];
    let mut p = 0usize;
    while p + 8 <= b.len() && v.len() < 4096 {
        let size = u32::from_be_bytes([b[p], b[p + 1], b[p + 2], b[p + 3]]) as usize;
        let kind = [b[p + 4], b[p + 5], b[p + 6], b[p + 7]];
        let size = if size == 0 { b.len() - p } else { size };
        if size < 8 || p + size > b.len() {
            break;
        }
        v.push((kind, &b[p + 8..p + size]));
        p += size;
    }
    v
}

/// A value: iTunes style (a `data` child: type, locale, bytes) or QuickTime style (16-bit
/// length, 16-bit language, text).
fn value(content: &[u8]) -> Option<String> {
    let raw = if let Some((_, d)) = children(content).into_iter().find(|(k, _)| k == b"data") {
        d.get(8..)?.to_vec()
    } else if content.len() >= 4 {
        let n = u16::from_be_bytes([content[0], content[1]]) as usize;
        content.get(4..4 + n).unwrap_or(&content[4..]).to_vec()
    } else {
        return None;
    };
    let s = clip(&String::from_utf8_lossy(&raw));
    (!s.is_empty() && s.chars().all(|c| !c.is_control())).then_some(s)
}

fn note(key: &str, v: String, r: &mut Reveals) {
    let set = |slot: &mut Option<String>, v: String| {
        if slot.is_none() {
            *slot = Some(v);
        }
    };
    let k = key.rsplit('.').next().unwrap_or(key);
    match k {
        "©xyz" | "ISO6709" => match iso6709(&v) {
            Some(g) if r.gps.is_none() => r.gps = Some(g),
            Some(_) => {}
            None => r.gps_tags = true,
        },
        "©mak" | "make" => set(&mut r.make, v),
        "©mod" | "model" => set(&mut r.model, v),
        "©day" | "creationdate" => set(&mut r.captured, v),
        "©swr" | "©too" | "software" => set(&mut r.software, v),
        "©cmt" | "comment" | "description" => set(&mut r.comment, v),
        "©aut" | "©ART" | "author" | "artist" | "cprt" | "©cpy" => set(&mut r.owner, v),
        _ => r.note_text(clip(&format!("{key}: {v}"))),
    }
}

fn fourcc(k: &[u8; 4]) -> String {
    // © is 0xA9 in these names (Mac Roman / Latin-1).
    k.iter().map(|c| *c as char).collect()
}

/// Summarise a `udta` or `meta` body held in memory.
fn summarise(kind: &[u8; 4], body: &[u8], r: &mut Reveals, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if kind == b"meta" {
        // ISO `meta` is a full box (4 bytes of version and flags); QuickTime's is not.
        let b = if body.len() >= 8 && &body[4..8] == b"hdlr" {
            body
        } else {
            body.get(4..).unwrap_or_default()
        };
        let kids = children(b);
        let keys: Vec<String> = kids
            .iter()
            .find(|(k, _)| k == b"keys")
            .map(|(_, d)| {
                children(d.get(8..).unwrap_or_default())
                    .into_iter()
                    .map(|(_, name)| String::from_utf8_lossy(name).into_owned())
                    .collect()
            })
            .unwrap_or_default();
        for (k, d) in &kids {
            if k == b"ilst" {
                for (item, content) in children(d) {
                    let idx = u32::from_be_bytes(item) as usize;
                    let key = if !keys.is_empty() && idx >= 1 && idx <= keys.len() {
                        keys[idx - 1].clone()
                    } else {
                        fourcc(&item)
                    };
                    match value(content) {
                        Some(v) => note(&key, v, r),
                        None if &item == b"covr" => r.thumbnail = true,
                        None => r.note_other(format!("MP4 tag {}", clip(&key))),
                    }
                }
            } else if k == b"uuid" || k == b"XMP_" {
                r.note_xmp(d);
            }
        }
        return;
    }
    for (k, d) in children(body) {
        match &k {
            b"meta" => summarise(&k, d, r, depth + 1),
            b"XMP_" => r.note_xmp(d),
            _ if k[0] == 0xA9 => match value(d) {
                Some(v) => note(&fourcc(&k), v, r),
                None => r.note_other(format!("MP4 box {}", clip(&fourcc(&k)))),
            },
            _ => r.note_other(format!("MP4 box {}", clip(&fourcc(&k)))),
        }
    }
}

/// Seconds since 1904-01-01 as "YYYY-MM-DD HH:MM:SS UTC".
fn mac_time(secs: u64) -> Option<String> {
    let unix = secs.checked_sub(2_082_844_800)? as i64;
    let ts = jiff::Timestamp::from_second(unix).ok()?;
    Some(ts.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
}

/// `mvhd`/`tkhd`/`mdhd`: zero the creation and modification times (version 0: two 32-bit
/// fields, version 1: two 64-bit fields, after the version and flags).
fn times<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    h: &Head,
    out: &mut W,
    r: &mut Reveals,
) -> Result<()> {
    let body_len = h.size - h.hlen;
    let n = if body_len >= 4 {
        let mut vf = [0u8; 4];
        s.exact(&mut vf)?;
        let width = if vf[0] == 1 { 8 } else { 4 };
        if body_len < 4 + 2 * width {
            return Err(FilterError::Malformed(ImageProblem::CutShort));
        }
        let mut t = vec![0u8; 2 * width as usize];
        s.exact(&mut t)?;
        let created = if width == 8 {
            u64::from_be_bytes(t[..8].try_into().expect("8 bytes"))
        } else {
            u32::from_be_bytes(t[..4].try_into().expect("4 bytes")) as u64
        };
        if t.iter().any(|b| *b != 0) {
            if &h.kind == b"mvhd" && r.captured.is_none() {
                r.captured = mac_time(created);
            }
            r.note_removed("creation times");
        }
        write_head(h, out)?;
        out.write_all(&vf)?;
        out.write_all(&vec![0u8; t.len()])?;
        4 + t.len() as u64
    } else {
        write_head(h, out)?;
        0
    };
    s.copy(body_len - n, out)
}

fn write_head<W: Write>(h: &Head, out: &mut W) -> Result<()> {
    if h.hlen == 16 {
        out.write_all(&1u32.to_be_bytes())?;
        out.write_all(&h.kind)?;
        out.write_all(&h.size.to_be_bytes())?;
    } else {
        out.write_all(&size32(h).to_be_bytes())?;
        out.write_all(&h.kind)?;
    }
    Ok(())
}

fn walk<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    end: u64,
    out: &mut W,
    r: &mut Reveals,
    depth: usize,
) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(FilterError::Malformed(ImageProblem::TooComplex));
    }
    while s.pos < end {
        let h = head(s, end)?;
        let body = h.size - h.hlen;
        match &h.kind {
            k if CONTAINERS.contains(&k) => {
                write_head(&h, out)?;
                walk(s, h.start + h.size, out, r, depth + 1)?;
            }
            // At every depth the walk reaches: a `udta` inside `mdia` or `minf` holds the same
            // tags as one in `moov` (a limit of depth 2 kept them, and a second pass, blind the
            // same way, could not catch it).
            b"udta" | b"meta" | b"uuid" => {
                let data = s.head(body, MAX_META_BLOCK)?;
                s.seek_to(h.start + h.hlen)?;
                if body as usize > MAX_META_BLOCK {
                    r.set_problem(ImageProblem::MetadataTooLarge);
                } else if &h.kind == b"uuid" {
                    r.note_xmp(&data);
                    if !r.xmp {
                        r.note_other("MP4 uuid box");
                    }
                } else {
                    summarise(&h.kind, &data, r, 0);
                }
                blank(s, &h, out)?;
                r.note_removed(match &h.kind {
                    b"udta" => "udta (user data)",
                    b"meta" => "meta (tags)",
                    _ => "uuid (XMP, vendor data)",
                });
            }
            b"mvhd" | b"tkhd" | b"mdhd" => times(s, &h, out, r)?,
            _ => {
                write_head(&h, out)?;
                s.copy(body, out)?;
            }
        }
        if s.pos != h.start + h.size {
            return Err(FilterError::Malformed(ImageProblem::StructureDamaged));
        }
    }
    Ok(())
}

pub(super) fn mp4<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    out: &mut W,
    r: &mut Reveals,
) -> Result<()> {
    if s.len < 8 {
        return Err(CUT);
    }
    let end = s.len;
    walk(s, end, out, r, 0)
}
