//! Ogg Vorbis and Ogg Opus: the comment header (`TITLE=`, `ARTIST=`, `DATE=`, `LOCATION=`,
//! `ENCODER=`, pictures …) is replaced by one with the same vendor string and no entries.
//! The identification header, the Vorbis setup header and every audio packet are copied
//! byte for byte. The header packets are laid out on new pages; when that changes the
//! number of header pages, the sequence numbers of the following pages of the stream are
//! shifted and their checksums recomputed (the packet data stays the same).
//!
//! Why no crate: the `ogg` crate would re-page every packet; this needs only to rewrite one
//! packet and renumber page headers. The page checksum is Ogg's CRC-32 (polynomial
//! 0x04C11DB7, not reflected, initial value 0), from the `crc` crate. Only single-stream
//! files are handled (a voice recording); a multiplexed file gets no working copy.

use super::*;

const OGG_CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::Algorithm {
    width: 32,
    poly: 0x04C1_1DB7,
    init: 0,
    refin: false,
    refout: false,
    xorout: 0,
    check: 0x89A1_897F,
    residue: 0,
});

/// Largest total of header packets read into memory (cover pictures can be large).
const MAX_HEADERS: usize = 16 << 20;

/// The Ogg page checksum of `page` (whose checksum field must be zero).
pub fn ogg_crc(page: &[u8]) -> u32 {
    OGG_CRC.checksum(page)
}

struct Page {
    /// The whole page as read.
    bytes: Vec<u8>,
    flags: u8,
    serial: u32,
    seq: u32,
    lacing: Vec<u8>,
    /// Offset of the data within `bytes`.
    data_at: usize,
}

/// Read one page at the source position, checking its checksum.
fn page<R: Read + Seek>(s: &mut Src<R>) -> Result<Page> {
    let mut h = [0u8; 27];
    s.exact(&mut h)?;
    if &h[..4] != b"OggS" || h[4] != 0 {
        return Err(FilterError::Malformed(ImageProblem::StructureDamaged));
    }
    let nseg = h[26] as usize;
    let mut lacing = vec![0u8; nseg];
    s.exact(&mut lacing)?;
    let data_len: usize = lacing.iter().map(|l| *l as usize).sum();
    let mut bytes = Vec::with_capacity(27 + nseg + data_len);
    bytes.extend_from_slice(&h);
    bytes.extend_from_slice(&lacing);
    let data_at = bytes.len();
    bytes.resize(data_at + data_len, 0);
    s.exact(&mut bytes[data_at..])?;
    let stored = u32::from_le_bytes([h[22], h[23], h[24], h[25]]);
    let mut check = bytes.clone();
    check[22..26].fill(0);
    if ogg_crc(&check) != stored {
        return Err(FilterError::Malformed(ImageProblem::PageChecksum));
    }
    Ok(Page {
        flags: h[5],
        serial: u32::from_le_bytes([h[14], h[15], h[16], h[17]]),
        seq: u32::from_le_bytes([h[18], h[19], h[20], h[21]]),
        lacing,
        data_at,
        bytes,
    })
}

/// Build one page (its checksum computed).
pub fn make_page(
    flags: u8,
    granule: u64,
    serial: u32,
    seq: u32,
    lacing: &[u8],
    data: &[u8],
) -> Vec<u8> {
    let mut p = Vec::with_capacity(27 + lacing.len() + data.len());
    p.extend_from_slice(b"OggS");
    p.push(0);
    p.push(flags);
    p.extend_from_slice(&granule.to_le_bytes());
    p.extend_from_slice(&serial.to_le_bytes());
    p.extend_from_slice(&seq.to_le_bytes());
    p.extend_from_slice(&[0; 4]);
    p.push(lacing.len() as u8);
    p.extend_from_slice(lacing);
    p.extend_from_slice(data);
    let c = ogg_crc(&p);
    p[22..26].copy_from_slice(&c.to_le_bytes());
    p
}

/// Lay packets out on pages (sequence numbers from `seq`), as encoders do: up to 255
/// segments a page; the granule position is 0 on a page where a packet ends, -1 otherwise.
pub fn paginate(packets: &[&[u8]], serial: u32, mut seq: u32) -> Vec<Vec<u8>> {
    let mut segs: Vec<(u8, bool)> = vec![]; // (lacing value, ends a packet)
    for p in packets {
        let full = p.len() / 255;
        for _ in 0..full {
            segs.push((255, false));
        }
        segs.push(((p.len() % 255) as u8, true));
    }
    let data: Vec<u8> = packets.concat();
    let mut pages = vec![];
    let (mut at, mut continued) = (0usize, false);
    for chunk in segs.chunks(255) {
        let lacing: Vec<u8> = chunk.iter().map(|(l, _)| *l).collect();
        let n: usize = lacing.iter().map(|l| *l as usize).sum();
        let ends = chunk.iter().any(|(_, e)| *e);
        let granule = if ends { 0 } else { u64::MAX };
        pages.push(make_page(
            if continued { 1 } else { 0 },
            granule,
            serial,
            seq,
            &lacing,
            &data[at..at + n],
        ));
        at += n;
        seq = seq.wrapping_add(1);
        continued = !chunk.last().is_some_and(|(_, e)| *e);
    }
    pages
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
}

/// Read the comment packet (after its 7- or 8-byte magic): vendor and entries.
fn comments(body: &[u8], r: &mut Reveals) -> Result<(Vec<u8>, u32)> {
    let bad = FilterError::Malformed(ImageProblem::StructureDamaged);
    let vlen = le32(body, 0).ok_or(bad)? as usize;
    let vendor = body
        .get(4..4 + vlen)
        .ok_or(FilterError::Malformed(ImageProblem::StructureDamaged))?;
    let mut at = 4 + vlen;
    let count = le32(body, at).ok_or(FilterError::Malformed(ImageProblem::StructureDamaged))?;
    at += 4;
    for _ in 0..count {
        let n =
            le32(body, at).ok_or(FilterError::Malformed(ImageProblem::StructureDamaged))? as usize;
        let e = body
            .get(at + 4..at + 4 + n)
            .ok_or(FilterError::Malformed(ImageProblem::StructureDamaged))?;
        at += 4 + n;
        let text = String::from_utf8_lossy(e);
        let (k, v) = text.split_once('=').unwrap_or((&text, ""));
        let key = k.to_ascii_uppercase();
        let v = clip(v);
        let set = |slot: &mut Option<String>, v: String| {
            if slot.is_none() && !v.is_empty() {
                *slot = Some(v);
            }
        };
        match key.as_str() {
            "METADATA_BLOCK_PICTURE" | "COVERART" => r.thumbnail = true,
            "DATE" | "CREATION_TIME" => set(&mut r.captured, v),
            "ENCODER" | "ENCODED_BY" => set(&mut r.software, v),
            "COMMENT" | "DESCRIPTION" => set(&mut r.comment, v),
            "ARTIST" | "PERFORMER" | "COPYRIGHT" | "AUTHOR" => set(&mut r.owner, v),
            "MAKE" => set(&mut r.make, v),
            "MODEL" => set(&mut r.model, v),
            _ => r.note_text(clip(&format!("{}: {v}", clip(&key)))),
        }
    }
    Ok((vendor.to_vec(), count))
}

pub(super) fn ogg<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    out: &mut W,
    r: &mut Reveals,
) -> Result<()> {
    let first = page(s)?;
    if first.flags & 0x02 == 0 {
        return Err(FilterError::Malformed(ImageProblem::StructureDamaged));
    }
    let serial = first.serial;
    let id = &first.bytes[first.data_at..];
    let (opus, wanted) = if id.starts_with(b"OpusHead") {
        (true, 1)
    } else if id.starts_with(b"\x01vorbis") {
        (false, 2)
    } else {
        return Err(FilterError::Malformed(ImageProblem::Unsupported));
    };
    // The header packets after the identification header.
    let mut packets: Vec<Vec<u8>> = vec![];
    let mut cur: Vec<u8> = vec![];
    let mut header_pages = 0u32;
    let mut total = 0usize;
    while packets.len() < wanted {
        let p = page(s)?;
        if p.serial != serial {
            return Err(FilterError::Malformed(ImageProblem::Unsupported));
        }
        header_pages += 1;
        let mut at = p.data_at;
        for (k, l) in p.lacing.iter().enumerate() {
            cur.extend_from_slice(&p.bytes[at..at + *l as usize]);
            at += *l as usize;
            total += *l as usize;
            if total > MAX_HEADERS {
                return Err(FilterError::Malformed(ImageProblem::TooComplex));
            }
            if *l < 255 {
                packets.push(std::mem::take(&mut cur));
                if packets.len() == wanted && k + 1 != p.lacing.len() {
                    return Err(FilterError::Malformed(ImageProblem::Unsupported));
                }
            }
        }
        if packets.len() == wanted && !cur.is_empty() {
            return Err(FilterError::Malformed(ImageProblem::Unsupported));
        }
    }
    let magic: &[u8] = if opus { b"OpusTags" } else { b"\x03vorbis" };
    let comment = &packets[0];
    let body = comment
        .strip_prefix(magic)
        .ok_or(FilterError::Malformed(ImageProblem::StructureDamaged))?;
    let (vendor, count) = comments(body, r)?;
    let mut new_comment = magic.to_vec();
    new_comment.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    new_comment.extend_from_slice(&vendor);
    new_comment.extend_from_slice(&0u32.to_le_bytes());
    if !opus {
        new_comment.push(1); // the framing bit
    }
    let changed = new_comment != *comment;
    if count > 0 {
        r.note_removed("comment tags");
    } else if changed {
        r.note_removed("extra comment data");
    }
    out.write_all(&first.bytes)?;
    let mut delta: i64 = 0;
    if changed {
        let mut list: Vec<&[u8]> = vec![&new_comment];
        if !opus {
            list.push(&packets[1]);
        }
        let pages = paginate(&list, serial, first.seq.wrapping_add(1));
        delta = pages.len() as i64 - header_pages as i64;
        for p in pages {
            out.write_all(&p)?;
        }
    } else {
        // Nothing to remove: the header pages as they were.
        s.seek_to(first.bytes.len() as u64)?;
        for _ in 0..header_pages {
            let p = page(s)?;
            out.write_all(&p.bytes)?;
        }
    }
    // The rest: pages copied, renumbered if the header pages changed in number.
    while s.remaining() > 0 {
        if s.remaining() < 27 {
            r.trailing_bytes = s.remaining();
            r.note_removed("data after the end of the stream");
            let n = s.remaining();
            s.skip(n)?;
            break;
        }
        let mut p = page(s)?;
        if p.serial == serial && delta != 0 {
            let seq = (p.seq as i64 + delta).rem_euclid(1 << 32) as u32;
            p.bytes[18..22].copy_from_slice(&seq.to_le_bytes());
            p.bytes[22..26].fill(0);
            let c = ogg_crc(&p.bytes);
            p.bytes[22..26].copy_from_slice(&c.to_le_bytes());
        }
        out.write_all(&p.bytes)?;
    }
    Ok(())
}
