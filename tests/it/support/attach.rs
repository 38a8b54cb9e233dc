//! Test images built in the tests themselves: a small valid JPEG with an EXIF block holding
//! a GPS position and a device serial number, the same data as PNG and WebP, and a minimal
//! HEIC whose EXIF item holds them. Used by the attach_* and bundle_attach modules.

/// The serial number written into every test image (a canary: it must never appear in a
/// working copy or anywhere on disk).
pub const SERIAL: &str = "SN-CANARY-Ө4711";
/// Latitude 42°52'44.83" N, longitude 74°34'11.28" E: 42.879119, 74.569800.
pub const LAT: (u32, u32, u32) = (42, 52, 4483);
pub const LON: (u32, u32, u32) = (74, 34, 1128);
pub const LAT_DEG: f64 = 42.0 + 52.0 / 60.0 + 44.83 / 3600.0;
pub const LON_DEG: f64 = 74.0 + 34.0 / 60.0 + 11.28 / 3600.0;

/// A big-endian TIFF/EXIF block: Make, Model, Orientation, DateTimeOriginal,
/// BodySerialNumber, and a GPS position.
pub fn exif_block(orientation: u16) -> Vec<u8> {
    let make = b"Canon\0".to_vec();
    let model = b"EOS Test\0".to_vec();
    let mut serial = SERIAL.as_bytes().to_vec();
    serial.push(0);
    let date = b"2026:11:27 15:02:11\0".to_vec();
    let (n0, n1, n2) = (5u32, 2u32, 4u32);
    let ifd0 = 8u32;
    let exif_ifd = ifd0 + 2 + 12 * n0 + 4;
    let gps_ifd = exif_ifd + 2 + 12 * n1 + 4;
    let data0 = gps_ifd + 2 + 12 * n2 + 4;
    let mut data: Vec<u8> = vec![];
    let mut put = |b: &[u8]| {
        let o = data0 + data.len() as u32;
        data.extend_from_slice(b);
        if data.len() % 2 == 1 {
            data.push(0);
        }
        o
    };
    let rat = |v: (u32, u32, u32)| -> Vec<u8> {
        [v.0, 1, v.1, 1, v.2, 100]
            .iter()
            .flat_map(|x| x.to_be_bytes())
            .collect()
    };
    let (mo, mdo, so, dto, lao, loo) = (
        put(&make),
        put(&model),
        put(&serial),
        put(&date),
        put(&rat(LAT)),
        put(&rat(LON)),
    );
    let e = |tag: u16, ty: u16, count: u32, value: u32| -> Vec<u8> {
        let mut v = tag.to_be_bytes().to_vec();
        v.extend_from_slice(&ty.to_be_bytes());
        v.extend_from_slice(&count.to_be_bytes());
        v.extend_from_slice(&value.to_be_bytes());
        v
    };
    let mut t = b"MM\0\x2A\0\0\0\x08".to_vec();
    t.extend_from_slice(&(n0 as u16).to_be_bytes());
    t.extend(e(0x010F, 2, make.len() as u32, mo));
    t.extend(e(0x0110, 2, model.len() as u32, mdo));
    t.extend(e(0x0112, 3, 1, (orientation as u32) << 16));
    t.extend(e(0x8769, 4, 1, exif_ifd));
    t.extend(e(0x8825, 4, 1, gps_ifd));
    t.extend_from_slice(&[0; 4]);
    t.extend_from_slice(&(n1 as u16).to_be_bytes());
    t.extend(e(0x9003, 2, date.len() as u32, dto));
    t.extend(e(0xA431, 2, serial.len() as u32, so));
    t.extend_from_slice(&[0; 4]);
    t.extend_from_slice(&(n2 as u16).to_be_bytes());
    t.extend(e(0x0001, 2, 2, u32::from_be_bytes(*b"N\0\0\0")));
    t.extend(e(0x0002, 5, 3, lao));
    t.extend(e(0x0003, 2, 2, u32::from_be_bytes(*b"E\0\0\0")));
    t.extend(e(0x0004, 5, 3, loo));
    t.extend_from_slice(&[0; 4]);
    assert_eq!(t.len() as u32, data0);
    t.extend(data);
    t
}

fn segment(j: &mut Vec<u8>, marker: u8, payload: &[u8]) {
    j.extend_from_slice(&[0xFF, marker]);
    j.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    j.extend_from_slice(payload);
}

/// A valid 8×8 grey baseline JPEG (one block: DC difference 0, end of block), with extra
/// segments inserted after APP0.
pub fn jpeg(extra: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    segment(&mut j, 0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    for (m, p) in extra {
        segment(&mut j, *m, p);
    }
    let mut dqt = vec![0u8];
    dqt.extend(std::iter::repeat_n(1u8, 64));
    segment(&mut j, 0xDB, &dqt);
    segment(&mut j, 0xC0, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
    for class in [0x00u8, 0x10] {
        // One code of length 1 for symbol 0 (DC: difference 0; AC: end of block).
        let mut dht = vec![class, 1];
        dht.extend(std::iter::repeat_n(0u8, 15));
        dht.push(0);
        segment(&mut j, 0xC4, &dht);
    }
    segment(&mut j, 0xDA, &[1, 1, 0, 0, 63, 0]);
    j.push(0x3F); // bits 0 (DC) 0 (EOB), padded with ones
    j.extend_from_slice(&[0xFF, 0xD9]);
    j
}

/// The test JPEG with GPS EXIF (orientation 6), an XMP block and a comment.
pub fn gps_jpeg() -> Vec<u8> {
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(exif_block(6));
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>42,52.7N</exif:GPSLatitude></x:xmpmeta>".to_vec();
    jpeg(&[
        (0xE1, app1),
        (0xE1, xmp),
        (0xFE, format!("comment {SERIAL}").into_bytes()),
    ])
}

/// The PNG chunk CRC (crc32fast, already in the dependency tree through flate2).
pub fn crc32(data: &[u8]) -> u32 {
    crc32fast::hash(data)
}

fn png_chunk(out: &mut Vec<u8>, ty: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut td = ty.to_vec();
    td.extend_from_slice(data);
    out.extend_from_slice(&td);
    out.extend_from_slice(&crc32(&td).to_be_bytes());
}

/// A 1×1 grey PNG with an eXIf chunk (GPS, serial) and a tEXt chunk.
pub fn gps_png() -> Vec<u8> {
    let mut p = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut p, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    png_chunk(&mut p, b"eXIf", &exif_block(1));
    png_chunk(&mut p, b"tEXt", b"Software\0CanaryPaint");
    // zlib stream of the one scanline [filter 0, grey 0x80].
    png_chunk(
        &mut p,
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81,
        ],
    );
    png_chunk(&mut p, b"IEND", b"");
    p
}

/// A minimal HEIC: ftyp, meta (hdlr, iinf with one Exif item, iloc), mdat with the EXIF.
pub fn gps_heic() -> Vec<u8> {
    fn bx(ty: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(ty);
        b.extend_from_slice(body);
        b
    }
    fn full(ty: &[u8; 4], version: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![version, 0, 0, 0];
        v.extend_from_slice(body);
        bx(ty, &v)
    }
    let ftyp = bx(b"ftyp", b"heic\0\0\0\0mif1heic");
    let mut exif = vec![0, 0, 0, 0];
    exif.extend(exif_block(1));
    let hdlr = full(b"hdlr", 0, b"\0\0\0\0pict\0\0\0\0\0\0\0\0\0\0\0\0\0");
    let infe = full(b"infe", 2, b"\0\x01\0\0Exif\0");
    let mut iinf_body = vec![0, 1];
    iinf_body.extend(infe);
    let iinf = full(b"iinf", 0, &iinf_body);
    let iloc_len = 8 + 4 + 2 + 2 + 2 + 2 + 2 + 4 + 4;
    let meta_len = 8 + 4 + hdlr.len() + iinf.len() + iloc_len;
    let data_off = (ftyp.len() + meta_len + 8) as u32;
    let mut iloc_body = vec![0x44, 0x00, 0, 1, 0, 1, 0, 0, 0, 1];
    iloc_body.extend_from_slice(&data_off.to_be_bytes());
    iloc_body.extend_from_slice(&(exif.len() as u32).to_be_bytes());
    let iloc = full(b"iloc", 0, &iloc_body);
    assert_eq!(iloc.len(), iloc_len);
    let mut meta_body = hdlr;
    meta_body.extend(iinf);
    meta_body.extend(iloc);
    let meta = full(b"meta", 0, &meta_body);
    assert_eq!(meta.len(), meta_len);
    let mut f = ftyp;
    f.extend(meta);
    f.extend(bx(b"mdat", &exif));
    f
}

/// Deterministic pseudo-random bytes (xorshift), so failures can be reproduced.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    let mut v = Vec::with_capacity(len + 8);
    while v.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(len);
    v
}
