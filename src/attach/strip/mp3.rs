//! MP3: ID3v2 tags at the start (and an ID3v2.4 tag with a footer at the end), the ID3v1
//! tag in the last 128 bytes, and APEv2 tags at the end are left out; the MPEG audio frames
//! between them are copied byte for byte. No crate is used: `id3` and friends parse and
//! rewrite tags in memory, while this only needs where each tag begins and ends (three
//! fixed headers) plus a bounded look at the frames for the summary.

use super::*;

/// Most tags taken off either end of a file (a hostile file cannot make the walk loop). A
/// file with more is refused ([`ImageProblem::TooComplex`]), never cut short: a walk that
/// stopped after this many tags copied the next one into the working copy, where a second
/// pass found it (found by the `strip_mp3` fuzz target: `fuzz/regressions/strip_mp3/`).
const MAX_TAGS: usize = 16;

/// `Ok` while another tag may be taken off (`taken` tags so far), else the refusal.
fn another_tag(taken: usize) -> Result<()> {
    if taken >= MAX_TAGS {
        Err(FilterError::Malformed(ImageProblem::TooComplex))
    } else {
        Ok(())
    }
}

fn syncsafe(b: &[u8]) -> Option<u32> {
    if b.iter().any(|x| x & 0x80 != 0) {
        return None;
    }
    Some(b.iter().fold(0u32, |a, x| (a << 7) | *x as u32))
}

fn latin1(b: &[u8]) -> String {
    b.iter().map(|c| *c as char).collect()
}

/// An ID3 text value: encoding byte, then the text (the first of several NUL-separated).
fn id3_text(b: &[u8]) -> Option<String> {
    let (&enc, rest) = b.split_first()?;
    let s = match enc {
        0 => latin1(rest.split(|c| *c == 0).next().unwrap_or_default()),
        3 => {
            String::from_utf8_lossy(rest.split(|c| *c == 0).next().unwrap_or_default()).into_owned()
        }
        1 | 2 => {
            let mut units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            let mut le = false;
            if enc == 1 {
                match units.first() {
                    Some(0xFEFF) => {
                        units.remove(0);
                    }
                    Some(0xFFFE) => {
                        units.remove(0);
                        le = true;
                    }
                    _ => {}
                }
            }
            let units: Vec<u16> = units
                .into_iter()
                .map(|u| if le { u.swap_bytes() } else { u })
                .take_while(|u| *u != 0)
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => return None,
    };
    let s = clip(&s);
    (!s.is_empty()).then_some(s)
}

/// The summary of one ID3v2 tag body (after its 10-byte header).
fn id3v2_frames(major: u8, flags: u8, body: &[u8], r: &mut Reveals) {
    let mut owned;
    let mut b = body;
    if flags & 0x80 != 0 && major < 4 {
        // Unsynchronisation (v2.2/2.3: the whole tag): FF 00 stands for FF.
        owned = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            owned.push(b[i]);
            if b[i] == 0xFF && b.get(i + 1) == Some(&0) {
                i += 1;
            }
            i += 1;
        }
        b = &owned[..];
    }
    let mut pos = 0usize;
    if flags & 0x40 != 0 && major >= 3 && b.len() >= 4 {
        let n = if major == 3 {
            u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize + 4
        } else {
            syncsafe(&b[..4]).unwrap_or(u32::MAX) as usize
        };
        pos = n.min(b.len());
    }
    let (id_len, head_len) = if major == 2 { (3, 6) } else { (4, 10) };
    let mut frames = 0;
    while pos + head_len <= b.len() && frames < 4096 {
        frames += 1;
        let id = &b[pos..pos + id_len];
        if id[0] == 0 {
            break; // padding
        }
        let sz = &b[pos + id_len..pos + if major == 2 { 6 } else { 8 }];
        let size = match major {
            2 => u32::from_be_bytes([0, sz[0], sz[1], sz[2]]),
            3 => u32::from_be_bytes([sz[0], sz[1], sz[2], sz[3]]),
            _ => match syncsafe(sz) {
                Some(n) => n,
                None => {
                    r.set_problem(ImageProblem::BadLength);
                    break;
                }
            },
        } as usize;
        let start = pos + head_len;
        let Some(end) = start.checked_add(size).filter(|e| *e <= b.len()) else {
            r.set_problem(ImageProblem::BadLength);
            break;
        };
        let data = &b[start..end];
        pos = end;
        let id = String::from_utf8_lossy(id).into_owned();
        let set = |slot: &mut Option<String>, v: Option<String>| {
            if slot.is_none() {
                *slot = v;
            }
        };
        match id.as_str() {
            "TDRC" | "TYER" | "TYE" | "TDAT" | "TDOR" | "TORY" | "TRDA" | "TRD" => {
                set(&mut r.captured, id3_text(data))
            }
            "TSSE" | "TSS" | "TENC" | "TEN" => set(&mut r.software, id3_text(data)),
            "TCOP" | "TCR" | "TOWN" => set(&mut r.owner, id3_text(data)),
            "COMM" | "COM" | "USLT" | "ULT" => {
                // Encoding, 3 bytes of language, a description, NUL, the text.
                if data.len() > 4 {
                    let enc = data[0];
                    let rest = &data[4..];
                    let wide = enc == 1 || enc == 2;
                    let cut = if wide {
                        rest.chunks_exact(2)
                            .position(|p| p == [0, 0])
                            .map(|k| 2 * k + 2)
                    } else {
                        rest.iter().position(|c| *c == 0).map(|k| k + 1)
                    };
                    let mut v = vec![enc];
                    v.extend_from_slice(&rest[cut.unwrap_or(0).min(rest.len())..]);
                    if let Some(t) = id3_text(&v) {
                        if id.starts_with('C') {
                            set(&mut r.comment, Some(t));
                        } else {
                            r.note_text(clip(&format!("{id}: {t}")));
                        }
                    }
                }
            }
            "APIC" | "PIC" => r.thumbnail = true,
            _ if id.starts_with('T') => match id3_text(data) {
                Some(t) => r.note_text(clip(&format!("{id}: {t}"))),
                None => r.note_other(format!("ID3 frame {id}")),
            },
            _ => r.note_other(format!("ID3 frame {}", clip(&id))),
        }
    }
}

/// Read (up to `MAX_META_BLOCK` of) a tag body at the source position and summarise it.
fn read_id3v2<R: Read + Seek>(
    s: &mut Src<R>,
    major: u8,
    flags: u8,
    size: u64,
    r: &mut Reveals,
) -> Result<()> {
    let body = s.head(size, MAX_META_BLOCK)?;
    if size as usize > MAX_META_BLOCK {
        r.set_problem(ImageProblem::MetadataTooLarge);
    }
    id3v2_frames(major, flags, &body, r);
    Ok(())
}

fn id3v1(b: &[u8], r: &mut Reveals) {
    let field = |x: &[u8]| {
        let s = clip(&latin1(x.split(|c| *c == 0).next().unwrap_or_default()));
        (!s.is_empty()).then_some(s)
    };
    if let Some(t) = field(&b[3..33]) {
        r.note_text(format!("ID3v1 title: {t}"));
    }
    if let Some(t) = field(&b[33..63]) {
        r.note_text(format!("ID3v1 artist: {t}"));
    }
    if let Some(t) = field(&b[63..93]) {
        r.note_text(format!("ID3v1 album: {t}"));
    }
    if r.captured.is_none() {
        r.captured = field(&b[93..97]);
    }
    if r.comment.is_none() {
        r.comment = field(&b[97..125]);
    }
}

/// Add what `b` found to `a`, keeping `a`'s values where both have one.
fn merge(a: &mut Reveals, b: Reveals) {
    for (x, y) in [
        (&mut a.captured, b.captured),
        (&mut a.comment, b.comment),
        (&mut a.software, b.software),
        (&mut a.owner, b.owner),
    ] {
        if x.is_none() {
            *x = y;
        }
    }
    a.thumbnail |= b.thumbnail;
    for t in b.text {
        a.note_text(t);
    }
    for o in b.other {
        a.note_other(o);
    }
    for x in b.removed {
        a.note_removed(&x);
    }
    if let Some(p) = b.problem {
        a.set_problem(p);
    }
}

pub(super) fn mp3<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    out: &mut W,
    r: &mut Reveals,
) -> Result<()> {
    let mut end = s.len;
    // What the tags at the end say is added after the tags at the start (an ID3v2 value
    // comes before the older ID3v1 one).
    let outer = r;
    let mut tail = Reveals::default();
    let r = &mut tail;
    // Tags at the end: ID3v1, ID3v2.4 with footer, APEv2, in any order, until none is left.
    for taken in 0..=MAX_TAGS {
        if end >= 128 {
            s.seek_to(end - 128)?;
            let mut b = [0u8; 128];
            s.exact(&mut b)?;
            if &b[..3] == b"TAG" {
                another_tag(taken)?;
                id3v1(&b, r);
                r.note_removed("ID3v1 tag");
                end -= 128;
                continue;
            }
        }
        if end >= 10 {
            s.seek_to(end - 10)?;
            let mut f = [0u8; 10];
            s.exact(&mut f)?;
            if &f[..3] == b"3DI" && f[3] == 4 {
                another_tag(taken)?;
                let size = syncsafe(&f[6..10])
                    .ok_or(FilterError::Malformed(ImageProblem::BadLength))?
                    as u64;
                let total = size + 20;
                if total > end {
                    return Err(FilterError::Malformed(ImageProblem::BadLength));
                }
                s.seek_to(end - total + 10)?;
                read_id3v2(s, 4, f[5], size, r)?;
                r.note_removed("ID3v2 tag");
                end -= total;
                continue;
            }
        }
        if end >= 32 {
            s.seek_to(end - 32)?;
            let mut f = [0u8; 32];
            s.exact(&mut f)?;
            if &f[..8] == b"APETAGEX" {
                another_tag(taken)?;
                let size = u32::from_le_bytes([f[12], f[13], f[14], f[15]]) as u64;
                let flags = u32::from_le_bytes([f[20], f[21], f[22], f[23]]);
                let total = size + if flags & 0x8000_0000 != 0 { 32 } else { 0 };
                if total < 32 || total > end {
                    return Err(FilterError::Malformed(ImageProblem::BadLength));
                }
                // APE items are key/value text: look for the keys, bounded.
                s.seek_to(end - total)?;
                let body = s.head(total, MAX_META_BLOCK)?;
                for key in [&b"Title"[..], b"Artist", b"Comment", b"Year", b"GPS"] {
                    if contains(&body, key) {
                        r.note_other(format!("APE tag {}", String::from_utf8_lossy(key)));
                    }
                }
                r.note_removed("APE tag");
                end -= total;
                continue;
            }
        }
        break;
    }
    let r = outer;
    // Tags at the start, until none is left.
    let mut pos = 0u64;
    for taken in 0..=MAX_TAGS {
        if end - pos < 10 {
            break;
        }
        s.seek_to(pos)?;
        let mut h = [0u8; 10];
        s.exact(&mut h)?;
        if &h[..3] != b"ID3" {
            break;
        }
        another_tag(taken)?;
        let major = h[3];
        if !(2..=4).contains(&major) || h[4] == 0xFF {
            return Err(FilterError::Malformed(ImageProblem::Unsupported));
        }
        let size =
            syncsafe(&h[6..10]).ok_or(FilterError::Malformed(ImageProblem::BadLength))? as u64;
        let footer = if major == 4 && h[5] & 0x10 != 0 {
            10
        } else {
            0
        };
        if pos + 10 + size + footer > end {
            return Err(FilterError::Malformed(ImageProblem::BadLength));
        }
        read_id3v2(s, major, h[5], size, r)?;
        r.note_removed("ID3v2 tag");
        pos += 10 + size + footer;
    }
    merge(r, tail);
    // What is left must be MPEG audio: it starts with a frame sync.
    let mut h = [0u8; 2];
    if end - pos < 2 || {
        s.seek_to(pos)?;
        s.exact(&mut h)?;
        !(h[0] == 0xFF && h[1] & 0xE0 == 0xE0)
    } {
        return Err(FilterError::Malformed(ImageProblem::Unsupported));
    }
    s.seek_to(pos)?;
    s.copy(end - pos, out)?;
    Ok(())
}
