//! PNG: chunks, CRCs checked; the ancillary chunks that only change the look are kept.

use super::*;

pub(crate) const PNG_SIG: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// Ancillary chunks kept: they change how the picture looks, and say nothing about who,
/// where or with what.
const PNG_KEEP: &[&[u8; 4]] = &[
    b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI", b"bKGD",
    b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
];

/// Computes the CRC-32 (ISO-HDLC, as PNG uses) of what passes through.
struct CrcWriter<'w, W> {
    inner: &'w mut W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for CrcWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

pub(super) fn png<R: Read + Seek, W: Write>(
    s: &mut Src<R>,
    out: &mut W,
    r: &mut Reveals,
) -> Result<()> {
    let mut sig = [0u8; 8];
    s.exact(&mut sig)?;
    if &sig != PNG_SIG {
        return Err(FilterError::Malformed(ImageProblem::NotThisFormat));
    }
    out.write_all(PNG_SIG)?;
    let mut first = true;
    loop {
        let len = u32::from_be_bytes(s.arr4()?);
        let ty = s.arr4()?;
        if len > 0x7FFF_FFFF {
            return Err(FilterError::Malformed(ImageProblem::BadLength));
        }
        if !ty.iter().all(u8::is_ascii_alphabetic) {
            return Err(FilterError::Malformed(ImageProblem::BadChunkType));
        }
        if first && &ty != b"IHDR" {
            return Err(FilterError::Malformed(ImageProblem::FirstChunk));
        }
        first = false;
        s.need(len as u64 + 4)?;
        let critical = ty[0].is_ascii_uppercase();
        if critical && !matches!(&ty, b"IHDR" | b"PLTE" | b"IDAT" | b"IEND") {
            return Err(FilterError::Malformed(ImageProblem::UnknownCriticalChunk));
        }
        if critical || PNG_KEEP.contains(&&ty) {
            // Kept chunks are checked against their CRC, so a damaged file cannot carry a
            // metadata chunk into the copy under another chunk's type.
            out.write_all(&len.to_be_bytes())?;
            out.write_all(&ty)?;
            let mut cw = CrcWriter {
                inner: out,
                crc: {
                    let mut h = crc32fast::Hasher::new();
                    h.update(&ty);
                    h
                },
            };
            s.copy(len as u64, &mut cw)?;
            let crc = cw.crc.finalize();
            let stored = s.arr4()?;
            if u32::from_be_bytes(stored) != crc {
                return Err(FilterError::Malformed(ImageProblem::Checksum));
            }
            out.write_all(&stored)?;
        } else {
            png_examine(&ty, len as u64, s, r)?;
            s.skip(4)?; // CRC
        }
        if &ty == b"IEND" {
            r.trailing_bytes = s.remaining();
            if r.trailing_bytes > 0 {
                r.note_removed("data after the end of the image");
            }
            return Ok(());
        }
    }
}

/// Examine (and skip) the data of a PNG chunk that the working copy leaves out.
fn png_examine<R: Read + Seek>(
    ty: &[u8; 4],
    len: u64,
    s: &mut Src<R>,
    r: &mut Reveals,
) -> Result<()> {
    let name = String::from_utf8_lossy(ty).into_owned();
    match ty {
        b"eXIf" => {
            if len > MAX_META_BLOCK as u64 {
                r.exif_fields += 1;
                r.set_problem(ImageProblem::ExifTooLarge);
                s.skip(len)?;
            } else {
                let block = s.head(len, MAX_META_BLOCK)?;
                read_exif_block(&block, r);
            }
            r.note_removed("EXIF");
        }
        b"tEXt" | b"zTXt" | b"iTXt" => {
            let head = s.head(len, 64 * 1024)?;
            let (kw, rest) = match head.iter().position(|b| *b == 0) {
                Some(i) => (&head[..i], &head[i + 1..]),
                None => (&head[..], &[][..]),
            };
            let kw = clip(&latin1(&kw[..kw.len().min(79)]));
            match ty {
                b"tEXt" => r.note_text(clip(&format!("{kw}: {}", latin1(rest)))),
                b"iTXt" if kw == "XML:com.adobe.xmp" => r.note_xmp(rest),
                b"iTXt" => {
                    // compression flag, method, language\0, translated keyword\0, text
                    let compressed = rest.first().copied().unwrap_or(1) != 0;
                    let text = rest.get(2..).unwrap_or(&[]);
                    let mut parts = text.splitn(3, |b| *b == 0);
                    let (_lang, _tkw, value) =
                        (parts.next(), parts.next(), parts.next().unwrap_or(&[]));
                    if compressed {
                        r.note_text(kw);
                    } else {
                        r.note_text(clip(&format!("{kw}: {}", String::from_utf8_lossy(value))));
                    }
                }
                _ => {
                    if kw.starts_with("Raw profile type exif")
                        || kw.starts_with("Raw profile type APP1")
                    {
                        r.note_other("EXIF in a compressed text chunk");
                    } else if kw.starts_with("Raw profile type xmp") {
                        r.xmp = true;
                    }
                    r.note_text(kw);
                }
            }
            r.note_removed("text");
        }
        b"tIME" => {
            let t = s.head(len, 16)?;
            if t.len() >= 7 {
                let y = u16::from_be_bytes([t[0], t[1]]);
                r.note_text(format!(
                    "modified: {y:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
                    t[2], t[3], t[4], t[5], t[6]
                ));
            }
            r.note_removed("modification time");
        }
        b"caBX" => {
            s.skip(len)?;
            r.note_other("content credentials (C2PA)");
            r.note_removed("other chunks");
        }
        _ => {
            s.skip(len)?;
            r.note_other(format!("PNG chunk {name}"));
            r.note_removed("other chunks");
        }
    }
    Ok(())
}
