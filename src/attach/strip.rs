//! Working copies without re-encoding: streaming filters for JPEG, PNG and WebP.
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

use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};

use super::metadata::{clip, read_exif_block, Examined, Reveals, MAX_META_BLOCK};

/// Formats that get working copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    pub fn of(media_type: &str) -> Option<Format> {
        match media_type {
            "image/jpeg" => Some(Format::Jpeg),
            "image/png" => Some(Format::Png),
            "image/webp" => Some(Format::Webp),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub enum FilterError {
    /// The file is not a well-formed image of its format (short technical reason).
    Malformed(&'static str),
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
        Format::Jpeg => jpeg(&mut src, &mut out, r),
        Format::Png => png(&mut src, &mut out, r),
        Format::Webp => webp(&mut src, &mut out, r),
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

const CUT: FilterError = FilterError::Malformed("the file is cut short");

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

// ---------------------------------------------------------------------------------------
// JPEG

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const COM: u8 = 0xFE;

fn next_marker<R: Read + Seek>(s: &mut Src<R>) -> Result<u8> {
    if s.u8()? != 0xFF {
        return Err(FilterError::Malformed("JPEG: expected a marker"));
    }
    loop {
        let m = s.u8()?;
        if m != 0xFF {
            if m == 0 {
                return Err(FilterError::Malformed("JPEG: expected a marker"));
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
            return Err(FilterError::Malformed("JPEG: image data cut short"));
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
                    .map_err(|_| FilterError::Malformed("JPEG: image data cut short"))?;
                while m == 0xFF {
                    fills += 1;
                    m = s
                        .u8()
                        .map_err(|_| FilterError::Malformed("JPEG: image data cut short"))?;
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
        .map_err(|_| FilterError::Malformed("JPEG: segment too long"))?;
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

fn jpeg<R: Read + Seek, W: Write>(s: &mut Src<R>, out: &mut W, r: &mut Reveals) -> Result<()> {
    if s.u8()? != 0xFF || s.u8()? != SOI {
        return Err(FilterError::Malformed("not a JPEG file"));
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
                    return Err(FilterError::Malformed("JPEG: bad ICC profile"));
                }
                out.write_all(&[0xFF, EOI])?;
                r.trailing_bytes = s.remaining();
                if r.trailing_bytes > 0 {
                    r.note_removed("data after the end of the image");
                }
                return Ok(());
            }
            SOI => return Err(FilterError::Malformed("JPEG: unexpected start of image")),
            0x01 | 0xD0..=0xD7 => {
                out.write_all(&[0xFF, marker])?;
                marker = next_marker(s)?;
                continue;
            }
            _ => {}
        }
        let len = s.be16()?;
        if len < 2 {
            return Err(FilterError::Malformed("JPEG: bad segment length"));
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
                        return Err(FilterError::Malformed("JPEG: bad ICC profile"));
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
                return Err(FilterError::Malformed(
                    "JPEG: unexpected or damaged segment",
                ))
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

// ---------------------------------------------------------------------------------------
// PNG

const PNG_SIG: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// Ancillary chunks kept: they change how the picture looks, and say nothing about who,
/// where or with what.
const PNG_KEEP: &[&[u8; 4]] = &[
    b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI", b"bKGD",
    b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
];

/// CRC-32 (ISO-HDLC, as PNG uses), continued from `crc` (start with 0).
pub(crate) fn crc32(crc: u32, data: &[u8]) -> u32 {
    const fn table() -> [u32; 256] {
        let mut t = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            t[i] = c;
            i += 1;
        }
        t
    }
    static TABLE: [u32; 256] = table();
    let mut c = !crc;
    for &b in data {
        c = TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

struct CrcWriter<'w, W> {
    inner: &'w mut W,
    crc: u32,
}

impl<W: Write> Write for CrcWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc = crc32(self.crc, &buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

fn png<R: Read + Seek, W: Write>(s: &mut Src<R>, out: &mut W, r: &mut Reveals) -> Result<()> {
    let mut sig = [0u8; 8];
    s.exact(&mut sig)?;
    if &sig != PNG_SIG {
        return Err(FilterError::Malformed("not a PNG file"));
    }
    out.write_all(PNG_SIG)?;
    let mut first = true;
    loop {
        let len = u32::from_be_bytes(s.arr4()?);
        let ty = s.arr4()?;
        if len > 0x7FFF_FFFF {
            return Err(FilterError::Malformed("PNG: chunk length out of range"));
        }
        if !ty.iter().all(u8::is_ascii_alphabetic) {
            return Err(FilterError::Malformed("PNG: bad chunk type"));
        }
        if first && &ty != b"IHDR" {
            return Err(FilterError::Malformed("PNG: the first chunk is not IHDR"));
        }
        first = false;
        s.need(len as u64 + 4)?;
        let critical = ty[0].is_ascii_uppercase();
        if critical && !matches!(&ty, b"IHDR" | b"PLTE" | b"IDAT" | b"IEND") {
            return Err(FilterError::Malformed("PNG: unknown critical chunk"));
        }
        if critical || PNG_KEEP.contains(&&ty) {
            // Kept chunks are checked against their CRC, so a damaged file cannot carry a
            // metadata chunk into the copy under another chunk's type.
            out.write_all(&len.to_be_bytes())?;
            out.write_all(&ty)?;
            let mut cw = CrcWriter {
                inner: out,
                crc: crc32(0, &ty),
            };
            s.copy(len as u64, &mut cw)?;
            let crc = cw.crc;
            let stored = s.arr4()?;
            if u32::from_be_bytes(stored) != crc {
                return Err(FilterError::Malformed("PNG: chunk checksum mismatch"));
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
                r.set_problem("EXIF block too large to examine");
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

// ---------------------------------------------------------------------------------------
// WebP

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
            return Err(FilterError::Malformed("WebP: chunk header cut short"));
        }
        let id = s.arr4()?;
        let size = le32(s.arr4()?);
        let pad = (size & 1) as u64;
        if s.pos + size as u64 > end {
            return Err(FilterError::Malformed("WebP: chunk runs past the end"));
        }
        f(&id, size, s)?;
        if pad == 1 && s.pos < end {
            s.skip(1)?;
        }
    }
    Ok(())
}

fn webp<R: Read + Seek, W: Write>(s: &mut Src<R>, out: &mut W, r: &mut Reveals) -> Result<()> {
    let riff = s.arr4()?;
    let size = le32(s.arr4()?);
    let form = s.arr4()?;
    if &riff != b"RIFF" || &form != b"WEBP" || size < 4 {
        return Err(FilterError::Malformed("not a WebP file"));
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
    let kept = u32::try_from(kept).map_err(|_| FilterError::Malformed("WebP: too large"))?;
    out.write_all(b"RIFF")?;
    out.write_all(&kept.to_le_bytes())?;
    out.write_all(b"WEBP")?;
    webp_chunks(s, end, |id, size, s| {
        let padded = size as u64 + (size & 1) as u64;
        if id == b"VP8X" {
            if size < 10 {
                return Err(FilterError::Malformed("WebP: VP8X chunk too short"));
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
                    r.set_problem("EXIF block too large to examine");
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::attach::metadata::Working;
    use std::io::Cursor;

    /// A TIFF/EXIF block (big-endian) with Make, Model, BodySerialNumber, DateTimeOriginal,
    /// Orientation and a GPS position. Test data for this module and the CLI tests.
    pub fn exif_block(lat: (u32, u32, u32), lon: (u32, u32, u32), orientation: u16) -> Vec<u8> {
        // IFD0: Make, Model, Orientation, ExifIFD pointer, GPS pointer.
        let mut data: Vec<u8> = vec![];
        let mut out = b"MM\0\x2A\0\0\0\x08".to_vec();
        let make = b"Canon\0";
        let model = b"EOS Test\0";
        let serial = b"SN-CANARY-4711\0";
        let date = b"2026:11:27 15:02:11\0";
        let ifd0_entries = 5u16;
        let ifd0_size = 2 + 12 * ifd0_entries as u32 + 4;
        let exif_ifd_off = 8 + ifd0_size;
        let exif_entries = 2u16;
        let exif_size = 2 + 12 * exif_entries as u32 + 4;
        let gps_off = exif_ifd_off + exif_size;
        let gps_entries = 4u16;
        let gps_size = 2 + 12 * gps_entries as u32 + 4;
        let data_off = gps_off + gps_size;
        let mut add = |bytes: &[u8]| -> u32 {
            let o = data_off + data.len() as u32;
            data.extend_from_slice(bytes);
            if data.len() % 2 == 1 {
                data.push(0);
            }
            o
        };
        let make_o = add(make);
        let model_o = add(model);
        let serial_o = add(serial);
        let date_o = add(date);
        let rat = |v: (u32, u32, u32)| {
            let mut b = vec![];
            for x in [v.0, 1, v.1, 1, v.2, 100] {
                b.extend_from_slice(&x.to_be_bytes());
            }
            b
        };
        let lat_o = add(&rat(lat));
        let lon_o = add(&rat(lon));
        let entry = |tag: u16, ty: u16, count: u32, value: u32| {
            let mut e = vec![];
            e.extend_from_slice(&tag.to_be_bytes());
            e.extend_from_slice(&ty.to_be_bytes());
            e.extend_from_slice(&count.to_be_bytes());
            e.extend_from_slice(&value.to_be_bytes());
            e
        };
        out.extend_from_slice(&ifd0_entries.to_be_bytes());
        out.extend(entry(0x010F, 2, make.len() as u32, make_o));
        out.extend(entry(0x0110, 2, model.len() as u32, model_o));
        out.extend(entry(0x0112, 3, 1, (orientation as u32) << 16));
        out.extend(entry(0x8769, 4, 1, exif_ifd_off));
        out.extend(entry(0x8825, 4, 1, gps_off));
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&exif_entries.to_be_bytes());
        out.extend(entry(0x9003, 2, date.len() as u32, date_o));
        out.extend(entry(0xA431, 2, serial.len() as u32, serial_o));
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&gps_entries.to_be_bytes());
        out.extend(entry(0x0001, 2, 2, u32::from_be_bytes(*b"N\0\0\0")));
        out.extend(entry(0x0002, 5, 3, lat_o));
        out.extend(entry(0x0003, 2, 2, u32::from_be_bytes(*b"E\0\0\0")));
        out.extend(entry(0x0004, 5, 3, lon_o));
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend(data);
        out
    }

    /// Baseline 8x8 grey JPEG scan (valid enough for parsers: tables, frame, one scan).
    pub fn tiny_jpeg(extra_segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
        let mut j = vec![0xFF, 0xD8];
        let seg = |j: &mut Vec<u8>, m: u8, p: &[u8]| {
            j.extend_from_slice(&[0xFF, m]);
            j.extend_from_slice(&((p.len() + 2) as u16).to_be_bytes());
            j.extend_from_slice(p);
        };
        seg(&mut j, 0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        for (m, p) in extra_segments {
            seg(&mut j, *m, p);
        }
        let mut dqt = vec![0u8];
        dqt.extend(std::iter::repeat_n(1u8, 64));
        seg(&mut j, 0xDB, &dqt);
        seg(&mut j, 0xC0, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
        // DC table: one code of length 1 for category 0; AC table: one code for EOB.
        let mut dht = vec![0x00, 1];
        dht.extend(std::iter::repeat_n(0u8, 15));
        dht.push(0);
        seg(&mut j, 0xC4, &dht);
        let mut dht = vec![0x10, 1];
        dht.extend(std::iter::repeat_n(0u8, 15));
        dht.push(0);
        seg(&mut j, 0xC4, &dht);
        seg(&mut j, 0xDA, &[1, 1, 0, 0, 63, 0]);
        // Scan data with a stuffed 0xFF 0x00 and a restart marker inside.
        j.extend_from_slice(&[0x00, 0x3F, 0xFF, 0x00, 0x12, 0xFF, 0xD0, 0x34]);
        j.extend_from_slice(&[0xFF, 0xD9]);
        j
    }

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
    fn crc32_known_answer() {
        assert_eq!(crc32(0, b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(crc32(0, b"IEND"), b""), 0xAE42_6082);
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

    fn png_chunk(ty: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(ty);
        c.extend_from_slice(data);
        c.extend_from_slice(&crc32(crc32(0, ty), data).to_be_bytes());
        c
    }

    pub fn tiny_png(extra: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut p = PNG_SIG.to_vec();
        p.extend(png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        for (t, d) in extra {
            p.extend(png_chunk(t, d));
        }
        p.extend(png_chunk(b"IDAT", b"\x78\x9c\x63\x00\x00\x00\x01\x00\x01"));
        p.extend(png_chunk(b"IEND", b""));
        p
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

    fn riff_chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = id.to_vec();
        c.extend_from_slice(&(data.len() as u32).to_le_bytes());
        c.extend_from_slice(data);
        if data.len() % 2 == 1 {
            c.push(0);
        }
        c
    }

    pub fn tiny_webp(extra: &[(&[u8; 4], Vec<u8>)], flags: u8) -> Vec<u8> {
        let mut body = b"WEBP".to_vec();
        body.extend(riff_chunk(b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        body.extend(riff_chunk(b"VP8L", b"\x2f\0\0\0\0\x07")); // not decodable; copied as is
        for (id, d) in extra {
            body.extend(riff_chunk(id, d));
        }
        let mut f = b"RIFF".to_vec();
        f.extend_from_slice(&(body.len() as u32).to_le_bytes());
        f.extend(body);
        f
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
}
