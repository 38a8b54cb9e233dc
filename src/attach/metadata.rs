//! What a file's metadata reveals: a plain record of GPS position, device, capture time,
//! software, thumbnails and other blocks, filled in by the format readers in [`super::strip`]
//! and, for HEIF, by `kamadak-exif`'s container reader.
//!
//! Every parser here is handed bounded input: EXIF blocks are read into memory only up to
//! [`MAX_META_BLOCK`] bytes, and the HEIF reader through a reader that fails after
//! [`MAX_HEIF_READ`] bytes. Strings taken from a file are untrusted: they are cut to
//! [`MAX_VALUE_CHARS`] characters here and sanitised before they reach a terminal.

use std::io::{self, BufReader, Read, Seek, SeekFrom};

use exif::{In, Tag, Value};
use serde::{Deserialize, Serialize};

/// Largest metadata block (an EXIF or XMP block) read into memory for examination.
pub const MAX_META_BLOCK: usize = 4 << 20;
/// Most bytes the HEIF metadata reader may read in total.
pub const MAX_HEIF_READ: u64 = 8 << 20;
/// Largest TIFF file whose metadata is read (a TIFF's metadata can point anywhere in it).
pub const MAX_TIFF: u64 = 16 << 20;
/// Longest string kept from a file's metadata.
pub const MAX_VALUE_CHARS: usize = 200;
/// Most entries kept in the `other` and `text` lists.
pub const MAX_LIST: usize = 32;

/// Why a file could not be read in full: typed (the binary says it in the user's language),
/// never text from the file. Stored with the attachment as its code (`cut-short`, …);
/// vaults written before it was typed stored the English sentence, read back by
/// [`ImageProblem::from_stored`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ImageProblem {
    /// The file does not start the way its format does.
    #[error("not a JPEG file")]
    NotThisFormat,
    /// The file ends inside a block (cut short).
    #[error("the file is cut short")]
    CutShort,
    /// A JPEG segment is missing, unexpected or damaged.
    #[error("JPEG: expected a marker")]
    BadMarker,
    /// A block's length field is impossible.
    #[error("JPEG: bad segment length")]
    BadLength,
    /// A PNG chunk type is not four letters.
    #[error("PNG: bad chunk type")]
    BadChunkType,
    /// The PNG does not start with its header chunk (IHDR).
    #[error("PNG: the first chunk is not IHDR")]
    FirstChunk,
    /// The JPEG colour profile (ICC) segments do not fit together.
    #[error("JPEG: bad ICC profile")]
    BadIcc,
    /// A PNG chunk's checksum does not match its bytes.
    #[error("PNG: chunk checksum mismatch")]
    Checksum,
    /// A PNG chunk a viewer must understand is one sandyk does not know.
    #[error("PNG: unknown critical chunk")]
    UnknownCriticalChunk,
    /// A block or the file is larger than its format allows.
    #[error("JPEG: segment too long")]
    TooLarge,
    /// The EXIF block is too large to examine.
    #[error("EXIF block too large to examine")]
    ExifTooLarge,
    /// The EXIF block is partly damaged.
    #[error("EXIF block partly damaged")]
    ExifDamaged,
    /// The EXIF block cannot be read.
    #[error("EXIF block unreadable")]
    ExifUnreadable,
    /// The HEIF or TIFF structure cannot be read.
    #[error("HEIF structure not readable")]
    ContainerUnreadable,
    /// The file is too large to examine its metadata.
    #[error("TIFF file too large to examine")]
    FileTooLarge,
    /// Text that is not plain UTF-8 text (control characters, NUL bytes, broken characters).
    #[error("not plain text")]
    NotPlainText,
    /// A tag, box, object or page inside the file does not close or is damaged.
    #[error("a structure inside the file is damaged")]
    StructureDamaged,
    /// Too large or too deeply nested to examine safely.
    #[error("too complex to examine")]
    TooComplex,
    /// A metadata tag or box is too large to examine.
    #[error("metadata too large to examine")]
    MetadataTooLarge,
    /// A variant of the format sandyk does not handle (several streams, an unknown codec or
    /// tag version).
    #[error("unsupported variant of the format")]
    Unsupported,
    /// The file is encrypted: its metadata cannot be removed without its password.
    #[error("encrypted")]
    Encrypted,
    /// The metadata sits inside a compressed part that cannot be rewritten in place.
    #[error("metadata inside a compressed part")]
    MetadataCompressed,
    /// An Ogg page does not match its checksum.
    #[error("Ogg page checksum mismatch")]
    PageChecksum,
    /// The working copy did not come out clean: a second pass of the filter over it still
    /// found something to remove (the safety net after every filter, `strip::second_pass`).
    /// No working copy is offered; what the summary lists may not be everything.
    #[error("metadata left in the working copy")]
    NotClean,
    /// A reason stored by an older version that this one does not know.
    #[error("unreadable")]
    Other,
}

impl ImageProblem {
    /// The catalog message (i18n/*.ftl) that says this problem to a person.
    pub fn message_id(self) -> &'static str {
        match self {
            ImageProblem::NotThisFormat => "image-not-this-format",
            ImageProblem::CutShort => "image-cut-short",
            ImageProblem::BadMarker => "image-bad-marker",
            ImageProblem::BadLength => "image-bad-length",
            ImageProblem::BadChunkType => "image-bad-chunk-type",
            ImageProblem::FirstChunk => "image-first-chunk",
            ImageProblem::BadIcc => "image-bad-icc",
            ImageProblem::Checksum => "image-checksum",
            ImageProblem::UnknownCriticalChunk => "image-unknown-critical-chunk",
            ImageProblem::TooLarge => "image-too-large",
            ImageProblem::ExifTooLarge => "image-exif-too-large",
            ImageProblem::ExifDamaged => "image-exif-damaged",
            ImageProblem::ExifUnreadable => "image-exif-unreadable",
            ImageProblem::ContainerUnreadable => "image-container-unreadable",
            ImageProblem::FileTooLarge => "image-file-too-large",
            ImageProblem::NotPlainText => "image-not-plain-text",
            ImageProblem::StructureDamaged => "image-structure-damaged",
            ImageProblem::TooComplex => "image-too-complex",
            ImageProblem::MetadataTooLarge => "image-metadata-too-large",
            ImageProblem::Unsupported => "image-unsupported",
            ImageProblem::PageChecksum => "image-page-checksum",
            ImageProblem::Encrypted => "image-encrypted",
            ImageProblem::MetadataCompressed => "image-metadata-compressed",
            ImageProblem::NotClean => "image-not-clean",
            ImageProblem::Other => "image-other",
        }
    }

    /// (problem, stored code, English sentences older versions stored).
    const TABLE: &'static [(ImageProblem, &'static str, &'static [&'static str])] = &[
        (
            ImageProblem::NotThisFormat,
            "not-this-format",
            &["not a JPEG file", "not a PNG file", "not a WebP file"],
        ),
        (
            ImageProblem::CutShort,
            "cut-short",
            &[
                "the file is cut short",
                "JPEG: image data cut short",
                "WebP: chunk header cut short",
                "WebP: chunk runs past the end",
            ],
        ),
        (
            ImageProblem::BadMarker,
            "bad-marker",
            &[
                "JPEG: expected a marker",
                "JPEG: unexpected start of image",
                "JPEG: unexpected or damaged segment",
            ],
        ),
        (
            ImageProblem::BadLength,
            "bad-length",
            &[
                "JPEG: bad segment length",
                "PNG: chunk length out of range",
                "WebP: VP8X chunk too short",
            ],
        ),
        (
            ImageProblem::BadChunkType,
            "bad-chunk-type",
            &["PNG: bad chunk type"],
        ),
        (
            ImageProblem::FirstChunk,
            "first-chunk",
            &["PNG: the first chunk is not IHDR"],
        ),
        (ImageProblem::BadIcc, "bad-icc", &["JPEG: bad ICC profile"]),
        (
            ImageProblem::Checksum,
            "checksum",
            &["PNG: chunk checksum mismatch"],
        ),
        (
            ImageProblem::UnknownCriticalChunk,
            "unknown-critical-chunk",
            &["PNG: unknown critical chunk"],
        ),
        (
            ImageProblem::TooLarge,
            "too-large",
            &["JPEG: segment too long", "WebP: too large"],
        ),
        (
            ImageProblem::ExifTooLarge,
            "exif-too-large",
            &["EXIF block too large to examine"],
        ),
        (
            ImageProblem::ExifDamaged,
            "exif-damaged",
            &["EXIF block partly damaged"],
        ),
        (
            ImageProblem::ExifUnreadable,
            "exif-unreadable",
            &["EXIF block unreadable"],
        ),
        (
            ImageProblem::ContainerUnreadable,
            "container-unreadable",
            &["HEIF structure not readable", "TIFF file not readable"],
        ),
        (
            ImageProblem::FileTooLarge,
            "file-too-large",
            &["TIFF file too large to examine"],
        ),
        (ImageProblem::NotPlainText, "not-plain-text", &[]),
        (ImageProblem::StructureDamaged, "structure-damaged", &[]),
        (ImageProblem::TooComplex, "too-complex", &[]),
        (ImageProblem::MetadataTooLarge, "metadata-too-large", &[]),
        (ImageProblem::Unsupported, "unsupported", &[]),
        (ImageProblem::PageChecksum, "page-checksum", &[]),
        (ImageProblem::Encrypted, "encrypted", &[]),
        (ImageProblem::MetadataCompressed, "metadata-compressed", &[]),
        (ImageProblem::NotClean, "not-clean", &[]),
    ];

    /// The code stored in the database and shown in JSON output.
    pub fn code(self) -> &'static str {
        Self::TABLE
            .iter()
            .find(|(p, ..)| *p == self)
            .map(|(_, c, _)| *c)
            .unwrap_or("other")
    }

    /// From a stored code, or the English sentence an older version stored.
    pub fn from_stored(s: &str) -> ImageProblem {
        Self::TABLE
            .iter()
            .find(|(_, c, old)| *c == s || old.contains(&s))
            .map(|(p, ..)| *p)
            .unwrap_or(ImageProblem::Other)
    }
}

impl Serialize for ImageProblem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for ImageProblem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ImageProblem, D::Error> {
        let s = String::deserialize(d)?;
        Ok(ImageProblem::from_stored(&s))
    }
}

/// Whether sandyk could read the file's metadata.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Examined {
    /// The format is not one whose metadata sandyk reads.
    #[default]
    NotSupported,
    /// Read in full.
    Yes,
    /// The file is damaged or unusual; what could be read is reported, the rest is not.
    Partly,
}

/// What the working copy is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Working {
    /// No working copy: sandyk cannot remove metadata from this format.
    #[default]
    NotSupported,
    /// No working copy: the file could not be read as the image it claims to be.
    Unreadable,
    /// Metadata was removed; the working copy is stored beside the original.
    Stripped,
    /// Nothing identifying was found to remove: the working copy is the original.
    Identical,
}

/// A GPS position in decimal degrees (WGS 84, as EXIF records it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altitude_m: Option<f64>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What a file reveals, and what the working copy is. Stored with the attachment (as JSON)
/// and printed by `attachments` and at intake.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reveals {
    pub examined: Examined,
    /// The GPS position, if the file records a usable one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gps: Option<Gps>,
    /// GPS tags are present (even if they hold no usable position).
    #[serde(skip_serializing_if = "is_false")]
    pub gps_tags: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The camera body's serial number (EXIF BodySerialNumber).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lens: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lens_serial: Option<String>,
    /// Camera owner, artist or copyright holder as recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// A unique image id (EXIF ImageUniqueID) that can link copies of the picture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique_id: Option<String>,
    /// When it was taken, as the device recorded it ("2026-11-27 15:02:11 +06:00").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captured: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software: Option<String>,
    /// A description or user comment recorded in EXIF or as a comment block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// An embedded preview picture (EXIF thumbnail, JFIF extension, extra MPF images).
    #[serde(skip_serializing_if = "is_false")]
    pub thumbnail: bool,
    /// Manufacturer-specific notes (often serial numbers and settings; not decoded).
    #[serde(skip_serializing_if = "is_false")]
    pub maker_notes: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub xmp: bool,
    /// The XMP block mentions GPS.
    #[serde(skip_serializing_if = "is_false")]
    pub xmp_gps: bool,
    /// IPTC / Photoshop block (author, place, captions).
    #[serde(skip_serializing_if = "is_false")]
    pub iptc: bool,
    /// PNG text entries ("Software: …", keywords).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub text: Vec<String>,
    /// Other metadata blocks found, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<String>,
    /// Bytes after the end of the image (extra pictures, a video, vendor data).
    #[serde(skip_serializing_if = "is_zero")]
    pub trailing_bytes: u64,
    /// Number of EXIF fields found.
    #[serde(skip_serializing_if = "is_zero")]
    pub exif_fields: u64,
    /// Why the file could not be read in full (a short technical reason, no content).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<ImageProblem>,
    pub working: Working,
    /// What the working copy leaves out, by block name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

impl Reveals {
    /// Whether anything identifying was found.
    pub fn reveals_anything(&self) -> bool {
        self.gps.is_some()
            || self.gps_tags
            || self.make.is_some()
            || self.model.is_some()
            || self.serial.is_some()
            || self.lens.is_some()
            || self.lens_serial.is_some()
            || self.owner.is_some()
            || self.unique_id.is_some()
            || self.captured.is_some()
            || self.software.is_some()
            || self.comment.is_some()
            || self.thumbnail
            || self.maker_notes
            || self.xmp
            || self.iptc
            || !self.text.is_empty()
            || !self.other.is_empty()
            || self.trailing_bytes > 0
            || self.exif_fields > 0
    }

    pub(crate) fn note_other(&mut self, what: impl Into<String>) {
        let w = what.into();
        if self.other.len() < MAX_LIST && !self.other.contains(&w) {
            self.other.push(w);
        }
    }

    pub(crate) fn note_removed(&mut self, what: &str) {
        if self.removed.len() < MAX_LIST && !self.removed.iter().any(|r| r == what) {
            self.removed.push(what.to_owned());
        }
    }

    pub(crate) fn note_text(&mut self, what: String) {
        if self.text.len() < MAX_LIST {
            self.text.push(what);
        }
    }

    pub(crate) fn set_problem(&mut self, p: ImageProblem) {
        if self.problem.is_none() {
            self.problem = Some(p);
        }
        self.examined = Examined::Partly;
    }

    /// Look for GPS mentions in an XMP packet.
    pub(crate) fn note_xmp(&mut self, packet: &[u8]) {
        self.xmp = true;
        if contains(packet, b"GPSLatitude") || contains(packet, b"GPSLongitude") {
            self.xmp_gps = true;
        }
    }
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Cut an untrusted string to `MAX_VALUE_CHARS` characters, without NULs and surrounding
/// blanks. Control characters are kept here and removed at display.
pub fn clip(s: &str) -> String {
    let t = s.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    let mut out: String = t
        .chars()
        .filter(|c| *c != '\0')
        .take(MAX_VALUE_CHARS)
        .collect();
    if t.chars().count() > MAX_VALUE_CHARS {
        out.push('…');
    }
    out
}

fn ascii(v: &Value) -> Option<String> {
    match v {
        Value::Ascii(parts) => {
            let joined: Vec<String> = parts
                .iter()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect();
            let s = clip(&joined.join(" "));
            (!s.is_empty()).then_some(s)
        }
        // Some writers store text as UNDEFINED bytes.
        Value::Undefined(b, _) => {
            let s = clip(&String::from_utf8_lossy(b));
            (!s.is_empty() && s.chars().all(|c| !c.is_control())).then_some(s)
        }
        _ => None,
    }
}

fn rational_f64(v: &Value, i: usize) -> Option<f64> {
    match v {
        Value::Rational(r) => r
            .get(i)
            .filter(|r| r.denom != 0)
            .map(|r| r.num as f64 / r.denom as f64),
        Value::SRational(r) => r
            .get(i)
            .filter(|r| r.denom != 0)
            .map(|r| r.num as f64 / r.denom as f64),
        _ => None,
    }
}

fn dms(v: &Value) -> Option<f64> {
    let d = rational_f64(v, 0)?;
    let m = rational_f64(v, 1).unwrap_or(0.0);
    let s = rational_f64(v, 2).unwrap_or(0.0);
    let x = d + m / 60.0 + s / 3600.0;
    x.is_finite().then_some(x)
}

/// EXIF "2026:11:27 15:02:11" (+ optional offset) as "2026-11-27 15:02:11 +06:00".
fn exif_time(dt: &str, offset: Option<String>) -> String {
    let mut s = dt.to_owned();
    if s.len() >= 10 && s.is_char_boundary(10) && s.as_bytes()[4] == b':' && s.as_bytes()[7] == b':'
    {
        s.replace_range(4..5, "-");
        s.replace_range(7..8, "-");
    }
    match offset {
        Some(o) => format!("{s} {o}"),
        None => s,
    }
}

/// Fill `r` from a parsed EXIF block.
pub fn from_exif(exif: &exif::Exif, r: &mut Reveals) {
    r.exif_fields += exif.fields().len() as u64;
    let get = |t: Tag| exif.get_field(t, In::PRIMARY).map(|f| &f.value);
    let text = |t: Tag| get(t).and_then(ascii);
    let set = |slot: &mut Option<String>, v: Option<String>| {
        if slot.is_none() {
            *slot = v;
        }
    };
    set(&mut r.make, text(Tag::Make));
    set(&mut r.model, text(Tag::Model));
    set(&mut r.serial, text(Tag::BodySerialNumber));
    let lens = match (text(Tag::LensMake), text(Tag::LensModel)) {
        (Some(a), Some(b)) if !b.starts_with(&a) => Some(format!("{a} {b}")),
        (_, Some(b)) => Some(b),
        (a, None) => a,
    };
    // Two clipped values joined: clipped again (fuzz/regressions/strip_png: 216 characters).
    set(&mut r.lens, lens.map(|s| clip(&s)));
    set(&mut r.lens_serial, text(Tag::LensSerialNumber));
    let owner = text(Tag::CameraOwnerName)
        .or_else(|| text(Tag::Artist))
        .or_else(|| text(Tag::Copyright));
    set(&mut r.owner, owner);
    set(&mut r.unique_id, text(Tag::ImageUniqueID));
    set(
        &mut r.software,
        text(Tag::Software).or_else(|| text(Tag(exif::Context::Tiff, 0x013C))),
    );
    let captured = text(Tag::DateTimeOriginal)
        .map(|d| exif_time(&d, text(Tag::OffsetTimeOriginal)))
        .or_else(|| {
            text(Tag::DateTimeDigitized).map(|d| exif_time(&d, text(Tag::OffsetTimeDigitized)))
        })
        .or_else(|| text(Tag::DateTime).map(|d| exif_time(&d, text(Tag::OffsetTime))));
    set(&mut r.captured, captured.map(|s| clip(&s)));
    let comment = text(Tag::ImageDescription).or_else(|| match get(Tag::UserComment) {
        // UserComment: 8 bytes of character code, then the text.
        Some(Value::Undefined(b, _)) if b.len() > 8 => {
            let s = clip(&String::from_utf8_lossy(&b[8..]));
            (!s.is_empty()).then_some(s)
        }
        _ => None,
    });
    set(&mut r.comment, comment);
    if get(Tag::MakerNote).is_some() {
        r.maker_notes = true;
    }
    if exif.fields().any(|f| f.ifd_num == In::THUMBNAIL) {
        r.thumbnail = true;
    }
    if exif.fields().any(|f| f.tag.context() == exif::Context::Gps) {
        r.gps_tags = true;
    }
    let lat = get(Tag::GPSLatitude).and_then(dms);
    let lon = get(Tag::GPSLongitude).and_then(dms);
    if let (Some(mut lat), Some(mut lon)) = (lat, lon) {
        if text(Tag::GPSLatitudeRef).is_some_and(|s| s.starts_with('S')) {
            lat = -lat;
        }
        if text(Tag::GPSLongitudeRef).is_some_and(|s| s.starts_with('W')) {
            lon = -lon;
        }
        if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && r.gps.is_none() {
            let mut altitude_m = get(Tag::GPSAltitude)
                .and_then(|v| rational_f64(v, 0))
                .filter(|a| a.is_finite());
            let below =
                matches!(get(Tag::GPSAltitudeRef), Some(Value::Byte(b)) if b.first() == Some(&1));
            if below {
                altitude_m = altitude_m.map(|a| -a);
            }
            r.gps = Some(Gps {
                lat,
                lon,
                altitude_m,
            });
        }
    }
}

/// Parse a raw EXIF (TIFF) block and fill `r`. Damaged blocks give what could be read.
/// Returns the orientation (1–8) if the block records one.
pub fn read_exif_block(block: &[u8], r: &mut Reveals) -> Option<u32> {
    let tiff = block.strip_prefix(b"Exif\0\0").unwrap_or(block);
    if tiff.len() > MAX_META_BLOCK {
        r.exif_fields += 1;
        r.set_problem(ImageProblem::ExifTooLarge);
        return None;
    }
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let exif = match reader
        .read_raw(tiff.to_vec())
        .map_err(|e| e.distill_partial_result(|_| ()))
    {
        Ok(exif) => exif,
        Err(Ok(exif)) => {
            r.set_problem(ImageProblem::ExifDamaged);
            exif
        }
        Err(Err(_)) => {
            // The block is there even if it cannot be read.
            r.exif_fields += 1;
            r.set_problem(ImageProblem::ExifUnreadable);
            return None;
        }
    };
    from_exif(&exif, r);
    exif.get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .filter(|o| (1..=8).contains(o))
}

/// A reader that fails once more than `left` bytes have been read (seeking is free).
struct Budget<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::other("read budget exhausted"));
        }
        let max = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        let n = self.inner.read(&mut buf[..max])?;
        self.left -= n as u64;
        Ok(n)
    }
}

impl<R: Seek> Seek for Budget<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// What a HEIF/HEIC/AVIF file's EXIF reveals, read with a bounded budget.
pub fn read_heif<R: Read + Seek>(input: R, r: &mut Reveals) {
    r.examined = Examined::Yes;
    let mut br = BufReader::with_capacity(
        64 * 1024,
        Budget {
            inner: input,
            left: MAX_HEIF_READ,
        },
    );
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    match reader
        .read_from_container(&mut br)
        .map_err(|e| e.distill_partial_result(|_| ()))
    {
        Ok(exif) => from_exif(&exif, r),
        Err(Ok(exif)) => {
            from_exif(&exif, r);
            r.set_problem(ImageProblem::ExifDamaged);
        }
        Err(Err(exif::Error::NotFound(_))) => {}
        Err(Err(_)) => r.set_problem(ImageProblem::ContainerUnreadable),
    }
    // XMP in HEIF is an item of type "mime"; look for its signature in the first bytes.
    let mut head = Vec::new();
    if br.seek(SeekFrom::Start(0)).is_ok() && br.get_mut().left > 0 {
        let _ = br.by_ref().take(256 * 1024).read_to_end(&mut head);
        if contains(&head, b"application/rdf+xml") || contains(&head, b"<x:xmpmeta") {
            r.note_xmp(&head);
        }
    }
}

/// What a TIFF file's metadata reveals (the whole file is the EXIF structure).
pub fn read_tiff<R: Read>(input: R, size: u64, r: &mut Reveals) {
    r.examined = Examined::Yes;
    if size > MAX_TIFF {
        r.set_problem(ImageProblem::FileTooLarge);
        return;
    }
    let mut buf = Vec::new();
    if input.take(MAX_TIFF).read_to_end(&mut buf).is_err() {
        r.set_problem(ImageProblem::ContainerUnreadable);
        return;
    }
    read_exif_block(&buf, r);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_clipping() {
        assert_eq!(
            exif_time("2026:11:27 15:02:11", Some("+06:00".into())),
            "2026-11-27 15:02:11 +06:00"
        );
        assert_eq!(exif_time("garbage", None), "garbage");
        assert_eq!(exif_time("ңөү", None), "ңөү");
        assert_eq!(clip("  a\0b  "), "ab");
        assert_eq!(clip(&"x".repeat(500)).chars().count(), MAX_VALUE_CHARS + 1);
    }

    /// The lens (make + model) and the capture time (time + offset) are built from two
    /// values each: each was clipped, the join was not — 401 characters from one photo.
    #[test]
    fn joined_values_are_clipped_too() {
        let long = |c: u8| {
            let mut v = vec![c; 300];
            v.push(0);
            v
        };
        // IFD0: one entry, the Exif IFD pointer; Exif IFD: LensMake, LensModel,
        // DateTimeOriginal, OffsetTimeOriginal, each 300 characters (big-endian TIFF).
        let values = [
            (0xA433u16, long(b'a')),
            (0xA434, long(b'b')),
            (0x9003, long(b'2')),
            (0x9011, long(b'+')),
        ];
        let exif_ifd = 8 + 2 + 12 + 4;
        let mut data_off = exif_ifd + 2 + 12 * values.len() as u32 + 4;
        let mut t = b"Exif\0\0MM\0\x2A\0\0\0\x08\0\x01".to_vec();
        t.extend_from_slice(&[0x87, 0x69, 0, 4, 0, 0, 0, 1]);
        t.extend_from_slice(&exif_ifd.to_be_bytes());
        t.extend_from_slice(&[0, 0, 0, 0]);
        t.extend_from_slice(&(values.len() as u16).to_be_bytes());
        let mut data = vec![];
        for (tag, v) in &values {
            t.extend_from_slice(&tag.to_be_bytes());
            t.extend_from_slice(&[0, 2]);
            t.extend_from_slice(&(v.len() as u32).to_be_bytes());
            t.extend_from_slice(&data_off.to_be_bytes());
            data_off += v.len() as u32;
            data.extend_from_slice(v);
        }
        t.extend_from_slice(&[0, 0, 0, 0]);
        t.extend_from_slice(&data);
        let mut r = Reveals::default();
        read_exif_block(&t, &mut r);
        let lens = r.lens.expect("lens read");
        let captured = r.captured.expect("time read");
        assert!(
            lens.starts_with("aaa") && captured.starts_with("222"),
            "{lens} / {captured}"
        );
        for s in [&lens, &captured] {
            assert_eq!(s.chars().count(), MAX_VALUE_CHARS + 1, "{s}");
        }
    }

    #[test]
    fn garbage_exif_blocks_do_not_panic() {
        let mut seed = 0x1234_5678u32;
        for len in 0..300 {
            let mut b = b"Exif\0\0MM\0*\0\0\0\x08".to_vec();
            for _ in 0..len {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                b.push((seed >> 24) as u8);
            }
            let mut r = Reveals::default();
            read_exif_block(&b, &mut r);
            let mut r = Reveals::default();
            read_exif_block(&b[..len.min(b.len())], &mut r);
        }
    }

    #[test]
    fn heif_reader_is_bounded() {
        // A box that claims to be 4 GiB long and a huge "meta" box: no panic, no huge read.
        let mut f = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
        f.extend_from_slice(b"\xFF\xFF\xFF\xF0meta");
        f.extend(std::iter::repeat_n(0u8, 1000));
        let mut r = Reveals::default();
        read_heif(std::io::Cursor::new(&f), &mut r);
        assert_eq!(r.examined, Examined::Partly);
        let mut f = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
        f.extend_from_slice(b"\0\0\0\0meta");
        let mut r = Reveals::default();
        read_heif(std::io::Cursor::new(&f), &mut r);
        assert!(r.gps.is_none());
    }
}
