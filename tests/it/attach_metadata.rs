//! What images reveal, and their working copies, through the real binary: a JPEG with GPS
//! EXIF (built in the test), a PNG with eXIf, and a HEIC (read, not cleaned).

use crate::support::*;

const INCIDENT: &str =
    r#"{"title":"Сүрөт","occurred":"2026-11-27 15:00","category":"photographed"}"#;

fn setup(name: &str, data: &[u8]) -> (Env, String, String) {
    let e = Env::new();
    e.init();
    let id = e.add_json(INCIDENT).remove(0);
    let dir = e.root.path().join("input");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    let o = e.run(&["attach", &id, p.to_str().unwrap()], &[PASS], b"");
    assert_ok(&o);
    (e, id, stderr(&o))
}

fn extract(e: &Env, reference: &str, original: bool) -> Vec<u8> {
    let t = e.root.path().join(format!("out-{}", original));
    let mut args = vec![
        "attachment",
        "extract",
        reference,
        "-o",
        t.to_str().unwrap(),
        "--force",
    ];
    if original {
        args.push("--original");
    }
    let o = e.run(&args, &[PASS], b"");
    assert_ok(&o);
    std::fs::read(&t).unwrap()
}

fn attachments_json(e: &Env, id: &str) -> serde_json::Value {
    let o = e.run(&["attachments", id, "--json"], &[PASS], b"");
    assert_ok(&o);
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn exif_of(b: &[u8]) -> Option<exif::Exif> {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(b))
        .ok()
}

#[test]
fn jpeg_gps_is_named_and_removed_from_the_working_copy() {
    let src = gps_jpeg();
    let (e, id, intake) = setup("IMG_0042.jpg", &src);
    // At intake, stderr names the position, the device and its serial number.
    assert!(
        intake.contains(&format!("{LAT_DEG:.6}, {LON_DEG:.6}")),
        "{intake}"
    );
    assert!(intake.contains("Canon EOS Test"), "{intake}");
    assert!(intake.contains(SERIAL), "{intake}");
    assert!(intake.contains("working copy: without"), "{intake}");

    let v = attachments_json(&e, &id);
    let a = &v[0];
    assert_eq!(a["media_type"], "image/jpeg");
    assert_eq!(a["sha256"], sha256_hex(&src).as_str());
    let r = &a["reveals"];
    assert!((r["gps"]["lat"].as_f64().unwrap() - LAT_DEG).abs() < 1e-9);
    assert!((r["gps"]["lon"].as_f64().unwrap() - LON_DEG).abs() < 1e-9);
    assert_eq!(r["serial"], SERIAL);
    assert_eq!(r["make"], "Canon");
    assert_eq!(r["captured"], "2026-11-27 15:02:11");
    assert_eq!(r["xmp_gps"], true);
    assert_eq!(r["working"], "stripped");
    // The human listing says the same.
    let o = e.run(&["attachments", &id], &[PASS], b"");
    assert!(
        stdout(&o).contains("reveals GPS position: 42.879119, 74.569800"),
        "{}",
        stdout(&o)
    );

    let reference = format!("{id}/1");
    let original = extract(&e, &reference, true);
    let working = extract(&e, &reference, false);
    // The original is untouched and keeps its position.
    assert!(original == src);
    let ex = exif_of(&original).expect("the original has EXIF");
    assert!(ex
        .get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .is_some());
    // The working copy, parsed again by two independent parsers: no GPS, no serial, no
    // XMP, no comment; only the orientation survives, so the picture is not shown sideways.
    assert_eq!(a["working_sha256"], sha256_hex(&working).as_str());
    let ex = exif_of(&working).expect("orientation block");
    assert_eq!(ex.fields().len(), 1);
    assert_eq!(
        ex.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .unwrap()
            .value
            .get_uint(0),
        Some(6)
    );
    assert!(ex
        .get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .is_none());
    assert!(!contains(&working, SERIAL.as_bytes()));
    assert!(!contains(&working, b"xmpmeta"));
    assert!(!contains(&working, b"Canon"));
    let wj = img_parts::jpeg::Jpeg::from_bytes(working.clone().into()).unwrap();
    let oj = img_parts::jpeg::Jpeg::from_bytes(original.clone().into()).unwrap();
    assert!(wj.segments_by_marker(0xFE).next().is_none(), "no comment");
    assert_eq!(
        wj.segments_by_marker(0xE1).count(),
        1,
        "one APP1: the orientation"
    );
    // The image data are byte-identical: tables, frame header and the scan.
    for m in [0xDB, 0xC4, 0xC0, 0xDA] {
        let a: Vec<_> = oj
            .segments_by_marker(m)
            .map(|s| s.clone().encoder().bytes())
            .collect();
        let b: Vec<_> = wj
            .segments_by_marker(m)
            .map(|s| s.clone().encoder().bytes())
            .collect();
        assert!(!a.is_empty() && a == b, "segment {m:#x} changed");
    }
    // Scan bytes proper, from SOS to the end of the image.
    let from_sos = |b: &[u8]| b[b.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap()..].to_vec();
    assert_eq!(from_sos(&working), from_sos(&original));
    // Bundled and verified: the history records both hashes.
    let o = e.run(&["history", &id, "--json"], &[PASS], b"");
    let h: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let body: serde_json::Value = serde_json::from_str(h[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["attachments"][0]["sha256"], sha256_hex(&src).as_str());
    assert_eq!(
        body["attachments"][0]["working_sha256"],
        sha256_hex(&working).as_str()
    );
}

#[test]
fn png_working_copy_has_no_exif_or_text() {
    let src = gps_png();
    let (e, id, intake) = setup("screen.png", &src);
    assert!(intake.contains("42.879119, 74.569800"), "{intake}");
    assert!(intake.contains("Software: CanaryPaint"), "{intake}");
    let working = extract(&e, &format!("{id}/1"), false);
    let p = img_parts::png::Png::from_bytes(working.clone().into()).expect("a valid PNG");
    assert!(p.chunk_by_type(*b"eXIf").is_none() && p.chunk_by_type(*b"tEXt").is_none());
    assert!(p.chunk_by_type(*b"IDAT").is_some());
    assert!(exif_of(&working).is_none());
    assert!(!contains(&working, SERIAL.as_bytes()));
    assert!(extract(&e, &format!("{id}/1"), true) == src);
}

#[test]
fn heic_is_read_but_has_no_working_copy() {
    let src = gps_heic();
    let (e, id, intake) = setup("IMG_0001.HEIC", &src);
    assert!(intake.contains("42.879119, 74.569800"), "{intake}");
    assert!(intake.contains(SERIAL), "{intake}");
    assert!(intake.contains("no working copy"), "{intake}");
    let v = attachments_json(&e, &id);
    assert_eq!(v[0]["media_type"], "image/heic");
    assert_eq!(v[0]["reveals"]["working"], "not_supported");
    assert!(v[0]["working_sha256"].is_null());
    // Extract needs the original, explicitly; the hint says how.
    let t = e.root.path().join("x.heic");
    let o = e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/1"),
            "-o",
            t.to_str().unwrap(),
        ],
        &[PASS],
        b"",
    );
    assert_code(&o, 1);
    assert!(
        stderr(&o).contains("cannot remove metadata from image/heic"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--original"));
    assert!(!t.exists());
    assert!(extract(&e, &format!("{id}/1"), true) == src);
}

#[test]
fn a_clean_image_is_its_own_working_copy_and_damaged_ones_get_none() {
    let clean = jpeg(&[]);
    let (e, id, intake) = setup("clean.jpg", &clean);
    assert!(intake.contains("no identifying metadata found"), "{intake}");
    assert!(intake.contains("the original itself"), "{intake}");
    let v = attachments_json(&e, &id);
    assert_eq!(v[0]["working_sha256"], v[0]["sha256"]);
    assert!(extract(&e, &format!("{id}/1"), false) == clean);

    // A JPEG cut in the middle: what could be read is reported, no working copy is made.
    let mut cut = gps_jpeg();
    cut.truncate(cut.len() - 3);
    let p = e.root.path().join("input/cut.jpg");
    std::fs::write(&p, &cut).unwrap();
    let o = e.run(&["attach", &id, p.to_str().unwrap()], &[PASS], b"");
    assert_ok(&o);
    assert!(stderr(&o).contains("42.879119"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("could not be read as image/jpeg"),
        "{}",
        stderr(&o)
    );
    let v = attachments_json(&e, &id);
    assert_eq!(v[1]["reveals"]["working"], "unreadable");
    assert_code(
        &e.run(
            &["attachment", "extract", &format!("{id}/2"), "-o", "-"],
            &[PASS],
            b"",
        ),
        1,
    );
}

/// In Russian and Kyrgyz, what the metadata reader could not read, sizes and the time an
/// attachment was added read in the user's language (no "EXIF block partly damaged", "35 B",
/// "2026-11-28T06:00:00Z").
#[test]
fn attachment_reports_speak_the_users_language() {
    // A JPEG whose EXIF block claims an IFD it does not hold.
    let exif = b"Exif\0\0II*\0\x08\0\0\0\x05\0\0\0\0";
    let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe1];
    jpeg.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(exif);
    jpeg.extend_from_slice(&[0xff, 0xda, 0, 2, 0, 0, 0, 0, 0xff, 0xd9]);
    let (e, id, en) = setup("broken.jpg", &jpeg);
    assert!(en.contains("the EXIF block is partly damaged"), "{en}");
    let p = e.root.path().join("input/broken.jpg");
    for (lang, damaged, bytes, added) in [
        (
            "ru",
            "блок EXIF частично повреждён",
            "35 байтов",
            "добавлено: сб, 28 ноября 2026, 12:00 (+06)",
        ),
        (
            "ky",
            "EXIF блогу жарым-жартылай бузулган",
            "35 байт",
            "кошулган: иш, 28-ноябрь 2026, 12:00 (+06)",
        ),
    ] {
        let o = e.run(
            &["--lang", lang, "attach", &id, p.to_str().unwrap()],
            &[PASS],
            b"",
        );
        assert_ok(&o);
        let err = stderr(&o);
        assert!(err.contains(damaged) && err.contains(bytes), "{err}");
        assert!(!err.contains("EXIF block") && !err.contains(" B,"), "{err}");
        let o = e.run(&["--lang", lang, "attachments", &id], &[PASS], b"");
        assert_ok(&o);
        let out = stdout(&o);
        assert!(out.contains(added) && out.contains(damaged), "{out}");
        assert!(!out.contains("T06:00:00Z"), "{out}");
    }
}
