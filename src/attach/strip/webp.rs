//! WebP: RIFF chunks; `VP8X` flags for EXIF and XMP cleared.

use super::*;

const WEBP_KEEP: &[&[u8; 4]] = &[
    b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];

fn le32(b: [u8; 4]) -> u32 {
    u32::from_le_bytes(b)
}

/// Walk the chunks from offset 12 to `end`, calling `f(fourcc, size, src)` with the source
/// positioned at the chunk data; `f` must consume exactly `size` bytes. Pads are handled
/// here (a missing pad after the last chunk is tolerated).
fn webp_chunks<R: Read + Seek>(
    s: &mut Src<R>,
    end: u64,
    mut f: impl FnMut(&[u8; 4], u32, &mut Src<R>) -> Result<()>,
) -> Result<()> {
    s.seek_to(12)?;
    while s.pos < end {
        if end - s.pos < 8 {
            return Err(FilterError::Malformed(ImageProblem::CutShort));
        }
        let id = s.arr4()?;
        let size = le32(s.arr4()?);
        let pad = (size & 1) as u64;
        if s.pos + size as u64 > end {
            return Err(FilterError::Malformed(ImageProblem::CutShort));
        }
        f(&id, size, s)?;
        if pad == 1 && s.pos < end {
            s.skip(1)?;
        }
    }
    Ok(())
}

pub(super) fn webp<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    out: &mut W,
    r: &mut Reveals,
) -> Result<()> {
    let riff = s.arr4()?;
    let size = le32(s.arr4()?);
    let form = s.arr4()?;
    if &riff != b"RIFF" || &form != b"WEBP" || size < 4 {
        return Err(FilterError::Malformed(ImageProblem::NotThisFormat));
    }
    let end = 8 + size as u64;
    if end > s.len {
        return Err(CUT);
    }
    // First walk: the size of what is kept (RIFF needs it in its header).
    let mut kept: u64 = 4;
    webp_chunks(s, end, |id, size, s| {
        if WEBP_KEEP.contains(&id) {
            kept += 8 + size as u64 + (size & 1) as u64;
        }
        s.skip(size as u64)
    })?;
    let kept = u32::try_from(kept).map_err(|_| FilterError::Malformed(ImageProblem::TooLarge))?;
    out.write_all(b"RIFF")?;
    out.write_all(&kept.to_le_bytes())?;
    out.write_all(b"WEBP")?;
    webp_chunks(s, end, |id, size, s| {
        let padded = size as u64 + (size & 1) as u64;
        if id == b"VP8X" {
            if size < 10 {
                return Err(FilterError::Malformed(ImageProblem::BadLength));
            }
            let mut head = [0u8; 10];
            s.exact(&mut head)?;
            if head[0] & 0x0C != 0 {
                r.note_removed("EXIF/XMP flags");
            }
            head[0] &= !0x0C;
            out.write_all(id)?;
            out.write_all(&size.to_le_bytes())?;
            out.write_all(&head)?;
            s.copy(size as u64 - 10, out)?;
            if padded > size as u64 {
                out.write_all(&[0])?;
            }
            return Ok(());
        }
        if WEBP_KEEP.contains(&id) {
            out.write_all(id)?;
            out.write_all(&size.to_le_bytes())?;
            s.copy(size as u64, out)?;
            if padded > size as u64 {
                out.write_all(&[0])?;
            }
            return Ok(());
        }
        match id {
            b"EXIF" => {
                let block = s.head(size as u64, MAX_META_BLOCK)?;
                if size as usize > MAX_META_BLOCK {
                    r.exif_fields += 1;
                    r.set_problem(ImageProblem::ExifTooLarge);
                } else {
                    read_exif_block(&block, r);
                }
                r.note_removed("EXIF");
            }
            b"XMP " => {
                let block = s.head(size as u64, MAX_META_BLOCK)?;
                r.note_xmp(&block);
                r.note_removed("XMP");
            }
            _ => {
                s.skip(size as u64)?;
                r.note_other(format!("WebP chunk {}", String::from_utf8_lossy(id)));
                r.note_removed("other chunks");
            }
        }
        Ok(())
    })?;
    r.trailing_bytes = s.len - end;
    if r.trailing_bytes > 0 {
        r.note_removed("data after the end of the image");
    }
    Ok(())
}
