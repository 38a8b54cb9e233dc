//! Tiny but structurally complete test media (PDF, MP4/MOV/M4A, MP3, Ogg Opus and Vorbis)
//! with planted metadata: a GPS position, a device, a title, an author. Compiled for tests
//! and with the `test-images` feature (the fuzz crate uses it for seeds); not stable API.
//!
//! Every planted value contains [`CANARY`], so a test can check a working copy holds none.
//! The integration tests include this file with `#[path]` (tests/it/support/media.rs), so
//! it uses only `std` and two functions its parent module provides (`ogg_page`,
//! `ogg_paginate`).

/// In every planted metadata value.
pub const CANARY: &str = "Canary";
/// The media payload of every sample (what must come through unchanged).
pub const PAYLOAD: &[u8] = b"MEDIA-PAYLOAD \x00\x01\x02\xFF\xFE obj endstream OggS ID3 TAG moov";

fn be32(n: usize) -> [u8; 4] {
    (n as u32).to_be_bytes()
}

// ------------------------------------------------------------------ PDF

/// A one-page PDF with an information dictionary (Latin and UTF-16 strings), an XMP
/// stream, a cross-reference table, and (with `update`) an incremental update that
/// replaces the information dictionary (the old one stays in the file).
pub fn tiny_pdf(update: bool) -> Vec<u8> {
    let mut f: Vec<u8> = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offs = vec![];
    let obj = |f: &mut Vec<u8>, offs: &mut Vec<usize>, body: &[u8]| {
        offs.push(f.len());
        f.extend_from_slice(format!("{} 0 obj\n", offs.len()).as_bytes());
        f.extend_from_slice(body);
        f.extend_from_slice(b"\nendobj\n");
    };
    obj(
        &mut f,
        &mut offs,
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>",
    );
    obj(
        &mut f,
        &mut offs,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    );
    obj(
        &mut f,
        &mut offs,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
    );
    let mut content = format!("<< /Length {} >>\nstream\n", PAYLOAD.len()).into_bytes();
    content.extend_from_slice(PAYLOAD);
    content.extend_from_slice(b"\nendstream");
    obj(&mut f, &mut offs, &content);
    let xmp = b"<?xpacket begin=''?><x:xmpmeta xmlns:x='adobe:ns:meta/'><exif:GPSLatitude>42,52.4N</exif:GPSLatitude><tiff:Make>CanaryMake</tiff:Make></x:xmpmeta><?xpacket end='w'?>";
    let mut meta = format!(
        "<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n",
        xmp.len()
    )
    .into_bytes();
    meta.extend_from_slice(xmp);
    meta.extend_from_slice(b"\nendstream");
    obj(&mut f, &mut offs, &meta);
    // Subject in UTF-16BE: "Canary обыск".
    let subject: String = std::iter::once(0xFEFFu16)
        .chain("Canary обыск".encode_utf16())
        .map(|u| format!("{u:04X}"))
        .collect();
    obj(
        &mut f,
        &mut offs,
        format!(
            "<< /Title (Canary Title \\(draft\\)) /Author (Canary Author) /Subject <{subject}> /Producer (CanaryWriter 1.0) /CreationDate (D:20261127150211+06'00') /Custom (Canary custom) >>"
        )
        .as_bytes(),
    );
    let xref_at = f.len();
    f.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", offs.len() + 1).as_bytes());
    for o in &offs {
        f.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    f.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            offs.len() + 1
        )
        .as_bytes(),
    );
    if update {
        let at = f.len();
        f.extend_from_slice(
            b"6 0 obj\n<< /Title (Canary Updated) /ModDate (D:20261128090000Z) >>\nendobj\n",
        );
        let x2 = f.len();
        f.extend_from_slice(
            format!(
                "xref\n6 1\n{at:010} 00000 n \ntrailer\n<< /Size 7 /Root 1 0 R /Info 6 0 R /Prev {xref_at} >>\nstartxref\n{x2}\n%%EOF\n"
            )
            .as_bytes(),
        );
    }
    f
}

// ------------------------------------------------------------------ MP4

pub fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut b = be32(body.len() + 8).to_vec();
    b.extend_from_slice(kind);
    b.extend_from_slice(body);
    b
}

/// A QuickTime user-data string (`©xyz`, `©mak`): length, language, text.
fn qt_string(s: &str) -> Vec<u8> {
    let mut v = (s.len() as u16).to_be_bytes().to_vec();
    v.extend_from_slice(&[0x15, 0xC7]);
    v.extend_from_slice(s.as_bytes());
    v
}

/// An iTunes-style `data` box holding UTF-8 text.
fn data_box(s: &str) -> Vec<u8> {
    let mut d = vec![0, 0, 0, 1, 0, 0, 0, 0];
    d.extend_from_slice(s.as_bytes());
    mp4_box(b"data", &d)
}

/// An MP4 (`isom`), MOV (`qt  `) or M4A (`M4A `) file: `ftyp`, `moov` (with `mvhd`, a
/// track with `tkhd` and `mdhd`, `udta` with location, make, model and an iTunes title,
/// and an Apple `mdta` `meta` with make, model and location), a top-level XMP `uuid`, and
/// `mdat` holding [`PAYLOAD`].
pub fn tiny_mp4(brand: &[u8; 4]) -> Vec<u8> {
    let mut ftyp = brand.to_vec();
    ftyp.extend_from_slice(&[0, 0, 2, 0]);
    ftyp.extend_from_slice(brand);
    ftyp.extend_from_slice(b"mp41");
    let mut f = mp4_box(b"ftyp", &ftyp);
    // mvhd v0: version/flags, creation, modification, timescale, duration, then 80 bytes.
    let mut mvhd = vec![0u8; 4];
    mvhd.extend_from_slice(&3_880_000_000u32.to_be_bytes());
    mvhd.extend_from_slice(&3_880_000_100u32.to_be_bytes());
    mvhd.extend_from_slice(&1000u32.to_be_bytes());
    mvhd.extend_from_slice(&5000u32.to_be_bytes());
    mvhd.extend_from_slice(&[0u8; 80]);
    let mut tkhd = vec![0u8; 4];
    tkhd.extend_from_slice(&3_880_000_000u32.to_be_bytes());
    tkhd.extend_from_slice(&3_880_000_100u32.to_be_bytes());
    tkhd.extend_from_slice(&[0u8; 76]);
    let mut mdhd = vec![1u8, 0, 0, 0];
    mdhd.extend_from_slice(&3_880_000_000u64.to_be_bytes());
    mdhd.extend_from_slice(&3_880_000_100u64.to_be_bytes());
    mdhd.extend_from_slice(&[
        0, 0, 0x3E, 0x80, 0, 0, 0, 0, 0, 0, 0x13, 0x88, 0x15, 0xC7, 0, 0,
    ]);
    let hdlr = mp4_box(b"hdlr", b"\0\0\0\0\0\0\0\0soun\0\0\0\0\0\0\0\0\0\0\0\0\0");
    let mdia = mp4_box(b"mdia", &[mp4_box(b"mdhd", &mdhd), hdlr].concat());
    let trak = mp4_box(
        b"trak",
        &[
            mp4_box(b"tkhd", &tkhd),
            mdia,
            mp4_box(b"udta", &mp4_box(b"name", b"CanaryTrackName")),
        ]
        .concat(),
    );
    // udta: QuickTime strings and an iTunes meta/ilst.
    let ilst = mp4_box(
        b"ilst",
        &mp4_box(b"\xA9nam", &data_box("Canary Title Токтогул")),
    );
    let itunes_meta = mp4_box(
        b"meta",
        &[
            vec![0, 0, 0, 0],
            mp4_box(b"hdlr", b"\0\0\0\0\0\0\0\0mdirappl\0\0\0\0\0\0\0\0\0"),
            ilst,
        ]
        .concat(),
    );
    let udta = mp4_box(
        b"udta",
        &[
            mp4_box(b"\xA9xyz", &qt_string("+42.8747+074.5698+760.0/")),
            mp4_box(b"\xA9mak", &qt_string("CanaryMake")),
            mp4_box(b"\xA9mod", &qt_string("CanaryPhone 7")),
            itunes_meta,
        ]
        .concat(),
    );
    // Apple mdta keys (QuickTime meta: no version/flags).
    let keys_list = [
        "com.apple.quicktime.model",
        "com.apple.quicktime.location.ISO6709",
    ];
    let mut keys = vec![0u8, 0, 0, 0];
    keys.extend_from_slice(&be32(keys_list.len()));
    for k in keys_list {
        keys.extend(mp4_box(b"mdta", k.as_bytes()));
    }
    let mut items = vec![];
    for (i, v) in ["CanaryPhone 7", "+42.8747+074.5698/"].iter().enumerate() {
        let mut item = be32(data_box(v).len() + 8).to_vec();
        item.extend_from_slice(&be32(i + 1));
        item.extend(data_box(v));
        items.extend(item);
    }
    let mdta_meta = mp4_box(
        b"meta",
        &[
            mp4_box(b"hdlr", b"\0\0\0\0\0\0\0\0mdta\0\0\0\0\0\0\0\0\0\0\0\0\0"),
            mp4_box(b"keys", &keys),
            mp4_box(b"ilst", &items),
        ]
        .concat(),
    );
    f.extend(mp4_box(
        b"moov",
        &[mp4_box(b"mvhd", &mvhd), trak, udta, mdta_meta].concat(),
    ));
    let mut uuid = b"\xBE\x7A\xCF\xCB\x97\xA9\x42\xE8\x9C\x71\x99\x94\x91\xE3\xAF\xAC".to_vec();
    uuid.extend_from_slice(b"<x:xmpmeta><exif:GPSLongitude>74,34E</exif:GPSLongitude><xmp:CreatorTool>CanaryTool</xmp:CreatorTool></x:xmpmeta>");
    f.extend(mp4_box(b"uuid", &uuid));
    f.extend(mp4_box(b"mdat", PAYLOAD));
    f
}

/// An MP4 whose only metadata is nested deep: a `udta` inside `mdia` (device) and a `meta`
/// inside `minf` (location), both holding canaries.
pub fn deep_meta_mp4() -> Vec<u8> {
    let mut ftyp = b"isom".to_vec();
    ftyp.extend_from_slice(&[0, 0, 2, 0]);
    ftyp.extend_from_slice(b"isommp41");
    let mut f = mp4_box(b"ftyp", &ftyp);
    let udta = mp4_box(b"udta", &mp4_box(b"\xA9mak", &qt_string("CanaryDeepMake")));
    let meta = mp4_box(
        b"meta",
        &[
            vec![0, 0, 0, 0],
            mp4_box(b"hdlr", b"\0\0\0\0\0\0\0\0mdirappl\0\0\0\0\0\0\0\0\0"),
            mp4_box(
                b"ilst",
                &mp4_box(b"\xA9xyz", &data_box("+42.8747+074.5698/ Canary")),
            ),
        ]
        .concat(),
    );
    let minf = mp4_box(b"minf", &meta);
    let mdia = mp4_box(b"mdia", &[udta, minf].concat());
    f.extend(mp4_box(b"moov", &mp4_box(b"trak", &mdia)));
    f.extend(mp4_box(b"mdat", PAYLOAD));
    f
}

/// The bodies of every `mdat` box, walking the top level.
pub fn mp4_mdat(f: &[u8]) -> Vec<Vec<u8>> {
    let mut v = vec![];
    let mut p = 0usize;
    while p + 8 <= f.len() {
        let size = u32::from_be_bytes([f[p], f[p + 1], f[p + 2], f[p + 3]]) as usize;
        if size < 8 || p + size > f.len() {
            break;
        }
        if &f[p + 4..p + 8] == b"mdat" {
            v.push(f[p + 8..p + size].to_vec());
        }
        p += size;
    }
    v
}

// ------------------------------------------------------------------ MP3

fn syncsafe(n: usize) -> [u8; 4] {
    [
        ((n >> 21) & 0x7F) as u8,
        ((n >> 14) & 0x7F) as u8,
        ((n >> 7) & 0x7F) as u8,
        (n & 0x7F) as u8,
    ]
}

fn id3_frame(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut f = id.to_vec();
    f.extend_from_slice(&be32(data.len()));
    f.extend_from_slice(&[0, 0]);
    f.extend_from_slice(data);
    f
}

/// The MPEG audio of the MP3 sample: a frame header, then [`PAYLOAD`].
pub fn mp3_audio() -> Vec<u8> {
    let mut a = vec![0xFF, 0xFB, 0x90, 0x64];
    a.extend_from_slice(PAYLOAD);
    a
}

/// An MP3: an ID3v2.3 tag (title, artist in UTF-16, year, encoder, comment, a picture),
/// the audio, an APEv2 tag and an ID3v1 tag.
pub fn tiny_mp3() -> Vec<u8> {
    let mut frames = vec![];
    frames.extend(id3_frame(b"TIT2", b"\x00Canary Title"));
    let mut artist = vec![1u8, 0xFF, 0xFE];
    for u in "Canary Артист".encode_utf16() {
        artist.extend_from_slice(&u.to_le_bytes());
    }
    frames.extend(id3_frame(b"TPE1", &artist));
    frames.extend(id3_frame(b"TYER", b"\x002026"));
    frames.extend(id3_frame(b"TSSE", b"\x03CanaryRecorder 2.1"));
    frames.extend(id3_frame(b"COMM", b"\x03eng\x00Canary comment"));
    frames.extend(id3_frame(
        b"APIC",
        b"\x00image/jpeg\x00\x03\x00CanaryPicture",
    ));
    frames.extend_from_slice(&[0u8; 16]); // padding
    let mut f = b"ID3\x03\x00\x00".to_vec();
    f.extend_from_slice(&syncsafe(frames.len()));
    f.extend(frames);
    f.extend(mp3_audio());
    // APEv2 footer only (no header): one item.
    let item = b"\x0C\x00\x00\x00\x00\x00\x00\x00Title\x00Canary APE";
    let mut ape_footer = b"APETAGEX".to_vec();
    ape_footer.extend_from_slice(&2000u32.to_le_bytes());
    ape_footer.extend_from_slice(&((item.len() + 32) as u32).to_le_bytes());
    ape_footer.extend_from_slice(&1u32.to_le_bytes());
    ape_footer.extend_from_slice(&0u32.to_le_bytes());
    ape_footer.extend_from_slice(&[0u8; 8]);
    f.extend_from_slice(item);
    f.extend(ape_footer);
    let mut v1 = b"TAG".to_vec();
    let mut field = |s: &str, n: usize| {
        let mut b = s.as_bytes().to_vec();
        b.resize(n, 0);
        v1.extend(b);
    };
    field("Canary Old Title", 30);
    field("Canary Old Artist", 30);
    field("", 30);
    field("2025", 4);
    field("Canary v1 comment", 30);
    v1.push(12);
    f.extend(v1);
    f
}

// ------------------------------------------------------------------ Ogg

/// An Ogg Opus (`opus`) or Ogg Vorbis file: the identification header, a comment header
/// with title, artist, location, encoder and (with `big`) a 70 KB picture, so the comment
/// spans two pages; for Vorbis the setup header; then three audio pages of [`PAYLOAD`]
/// packets, the last marked end of stream.
pub fn tiny_ogg(opus: bool, big: bool) -> Vec<u8> {
    use super::{ogg_page as make_page, ogg_paginate as paginate};
    let serial = 0x5EED_0001;
    let id: Vec<u8> = if opus {
        let mut h = b"OpusHead\x01\x01".to_vec();
        h.extend_from_slice(&[0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0]);
        h
    } else {
        let mut h = b"\x01vorbis".to_vec();
        h.extend_from_slice(&[
            0, 0, 0, 0, 1, 0x44, 0xAC, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xB8, 1,
        ]);
        h
    };
    let mut f = make_page(0x02, 0, serial, 0, &[id.len() as u8], &id);
    let vendor = if opus {
        "libopus 1.3"
    } else {
        "Xiph.Org libVorbis I 20200704"
    };
    let mut entries = vec![
        "TITLE=Canary Title Үйдө".to_owned(),
        "ARTIST=Canary Artist".to_owned(),
        "LOCATION=Canary 42.8747,74.5698".to_owned(),
        "ENCODER=CanaryRec 3".to_owned(),
    ];
    if big {
        entries.push(format!("METADATA_BLOCK_PICTURE={}", "C".repeat(70_000)));
    }
    let mut c = if opus {
        b"OpusTags".to_vec()
    } else {
        b"\x03vorbis".to_vec()
    };
    c.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    c.extend_from_slice(vendor.as_bytes());
    c.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for e in &entries {
        c.extend_from_slice(&(e.len() as u32).to_le_bytes());
        c.extend_from_slice(e.as_bytes());
    }
    if !opus {
        c.push(1);
    }
    let setup = b"\x05vorbis setup-header-bytes".to_vec();
    let mut headers: Vec<&[u8]> = vec![&c];
    if !opus {
        headers.push(&setup);
    }
    let pages = paginate(&headers, serial, 1);
    let mut seq = 1 + pages.len() as u32;
    for p in pages {
        f.extend(p);
    }
    for k in 0..3u64 {
        let flags = if k == 2 { 0x04 } else { 0 };
        f.extend(make_page(
            flags,
            960 * (k + 1),
            serial,
            seq,
            &[PAYLOAD.len() as u8],
            PAYLOAD,
        ));
        seq += 1;
    }
    f
}

/// The data of every page after the header pages (the audio), in order.
pub fn ogg_audio(f: &[u8], header_packets: usize) -> Vec<u8> {
    let mut out = vec![];
    let mut p = 0usize;
    let mut packets = 0usize;
    while p + 27 <= f.len() {
        let n = f[p + 26] as usize;
        let lacing = &f[p + 27..p + 27 + n];
        let len: usize = lacing.iter().map(|l| *l as usize).sum();
        let data = &f[p + 27 + n..p + 27 + n + len];
        if packets >= header_packets {
            out.extend_from_slice(data);
        }
        packets += lacing.iter().filter(|l| **l < 255).count();
        p += 27 + n + len;
    }
    out
}
