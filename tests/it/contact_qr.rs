//! `contact card --qr`: the QR code drawn on the terminal carries exactly the card text
//! above it. Read back with an independent decoder (rqrr) from an image rebuilt from the
//! half-block characters, so what a phone would read is what `contact add --card` accepts.

use crate::support::*;

/// The image a screen shows for the half-block drawing: light cells are the block
/// characters (the code is drawn for a dark terminal), each module `scale` pixels square.
fn image_of(blocks: &[&str], scale: usize) -> (usize, usize, Vec<u8>) {
    let w = blocks.iter().map(|l| l.chars().count()).max().unwrap();
    let h = blocks.len() * 2;
    let mut px = vec![0u8; w * scale * h * scale];
    for (row, line) in blocks.iter().enumerate() {
        for (col, c) in line.chars().enumerate() {
            let (top, bottom) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected character {other:?} in the QR drawing"),
            };
            for (half, light) in [(0, top), (1, bottom)] {
                for dy in 0..scale {
                    for dx in 0..scale {
                        let y = (row * 2 + half) * scale + dy;
                        let x = col * scale + dx;
                        px[y * w * scale + x] = if light { 255 } else { 0 };
                    }
                }
            }
        }
    }
    (w * scale, h * scale, px)
}

#[test]
fn the_qr_code_reads_back_as_the_card() {
    let e = Env::new();
    e.init();
    let o = e.run(
        &["contact", "card", "--name", "Айгүл Токтогулова", "--qr"],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    let out = stdout(&o);
    let (text, drawing) = out
        .split_once("\n\n")
        .unwrap_or_else(|| panic!("no QR drawing after the card:\n{out}"));
    let text = format!("{text}\n");
    assert!(text.starts_with("sandyk-card"), "{text}");
    let lines: Vec<&str> = drawing.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines.len() > 10, "{drawing}");
    let (w, h, px) = image_of(&lines, 4);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| px[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "the decoder found {} QR codes", grids.len());
    let (_, content) = grids[0].decode().expect("the QR code does not decode");
    assert_eq!(content, text, "the QR code does not carry the card text");

    // What the phone read is a card `contact add --card` takes.
    let other = Env::new();
    other.init();
    let o = other.run(
        &["contact", "add", "aigul", "--card", "-"],
        &[PASS],
        content.as_bytes(),
    );
    assert_ok(&o);

    // Without --qr: the card alone, as before.
    let o = e.run(&["contact", "card"], &[PASS], b"");
    assert_ok(&o);
    assert!(!stdout(&o).contains('█'), "{}", stdout(&o));
}
