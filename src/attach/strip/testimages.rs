//! Tiny but complete test images (JPEG, PNG, WebP) and an EXIF block that reveals a camera,
//! a serial number, a date and a GPS position. Compiled for tests and with the
//! `test-images` feature (the fuzz crate uses it for seeds); not part of the stable API.

use super::png::PNG_SIG;

/// A TIFF/EXIF block (big-endian) with Make, Model, BodySerialNumber, DateTimeOriginal,
/// Orientation and a GPS position. Test data for this module, the vault tests and the fuzz crate.
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

pub fn png_chunk(ty: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(ty);
    c.extend_from_slice(data);
    let mut h = crc32fast::Hasher::new();
    h.update(ty);
    h.update(data);
    c.extend_from_slice(&h.finalize().to_be_bytes());
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

pub fn riff_chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
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
