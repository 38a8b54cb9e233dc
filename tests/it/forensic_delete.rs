//! Deletion holds against the data key (issue 12, item 1), tried as an examiner would.
//!
//! On a loop-mounted ext4 image holding the vault: add a live incident and a doomed one (each
//! with a canary narrative), attach a file with a canary to each, amend the live one, delete
//! the doomed one (its attachment goes with it), unmount, and read the RAW image. The
//! examiner knows the data key (the test reads it from the key file with the passphrase) and
//! decrypts the image twice:
//!
//! - page-aligned: every non-zero 4096-byte window at every 1 KiB offset of the image (the
//!   image's ext4 block size; SQLCipher's page size is 4096), as a SQLCipher 4 page:
//!   AES-256-CBC with the raw data key and the page's own IV (the 16 bytes after the
//!   4016-byte payload);
//! - as a CBC stream at every 4-byte phase (0, 4, 8, 12 mod 16): a rollback journal's
//!   records (4-byte page number, page, 4-byte checksum) are not block-aligned, so an
//!   aligned scan is blind to them. Every 16-byte block is decrypted with the previous 16
//!   bytes as its chaining value, which recovers every block of every page but the first.
//!
//! The deleted canaries (and their tails: FTS5 stores terms prefix-compressed) must not be
//! found; positive controls: the live narrative and the live attachment canaries are found
//! by both scans. Needs root and loop devices (SANDYK_SKIP_ROOT_TESTS=1 skips). About 10 s.

use aes::cipher::{BlockDecrypt, KeyInit};

use crate::support::*;

const PAGE: usize = 4096;
const RESERVE: usize = 80;

/// The forms searched for a canary: canary_forms (UTF-8, UTF-16, base64, hex) and the tail
/// without the first three characters (FTS5 prefix compression).
fn forms(c: &str) -> Vec<Vec<u8>> {
    let mut f = canary_forms(c);
    f.push(c.chars().skip(3).collect::<String>().into_bytes());
    f
}

fn nonzero(b: &[u8]) -> bool {
    b.iter().any(|x| *x != 0)
}

/// Every non-zero 4096-byte window at a 1 KiB offset, decrypted as a SQLCipher 4 page (page
/// 1's salt is not skipped: its first block decrypts to noise, the rest is right). Returns
/// (windows decrypted, plaintext of all windows concatenated).
fn aligned_pages(raw: &[u8], key: &[u8; 32]) -> (usize, Vec<u8>) {
    use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};
    let mut out = Vec::new();
    let mut n = 0;
    let mut off = 0;
    while off + PAGE <= raw.len() {
        let page = &raw[off..off + PAGE];
        if nonzero(&page[..PAGE - RESERVE]) {
            let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
            let mut buf = page[..PAGE - RESERVE].to_vec();
            cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
                .decrypt_padded_mut::<NoPadding>(&mut buf)
                .expect("whole blocks");
            out.extend_from_slice(&buf);
            n += 1;
        }
        off += 1024;
    }
    (n, out)
}

/// The image decrypted as one CBC stream from byte `phase` on (all-zero blocks skipped).
/// Returns (blocks decrypted, plaintext).
fn cbc_stream(raw: &[u8], key: &[u8; 32], phase: usize) -> (usize, Vec<u8>) {
    let cipher = aes::Aes256::new(key.into());
    let mut out = vec![0u8; raw.len()];
    let mut n = 0;
    let mut off = phase;
    while off + 16 <= raw.len() {
        let c = &raw[off..off + 16];
        if nonzero(c) {
            let mut block = aes::Block::clone_from_slice(c);
            cipher.decrypt_block(&mut block);
            let prev = if off >= 16 {
                &raw[off - 16..off]
            } else {
                &[0u8; 16][..]
            };
            for i in 0..16 {
                out[off + i] = block[i] ^ prev[i];
            }
            n += 1;
        }
        off += 16;
    }
    (n, out)
}

fn found(plain: &[u8], canaries: &[&str]) -> Vec<String> {
    canaries
        .iter()
        .filter(|c| forms(c).iter().any(|f| contains(plain, f)))
        .map(|c| c.to_string())
        .collect()
}

#[test]
fn deleted_incident_and_attachment_do_not_decrypt_from_the_raw_image() {
    if !root_tests_enabled("forensic delete scan") {
        return;
    }
    let started = std::time::Instant::now();
    let mut img = LoopImage::new(32);
    // The files to attach live outside the image: they are the user's own plaintext.
    let outside = tempfile::tempdir().unwrap();
    let e = Env::new_in(img.dir());
    let live_narr = canary("LVNARR", LATIN);
    let live_att = canary("LVATT", LATIN);
    let del_narr = canary("DLNARR", LATIN);
    let del_title = canary("DLTITLE", LATIN);
    let del_att = canary("DLATT", LATIN);
    let live = [live_narr.as_str(), live_att.as_str()];
    let deleted = [del_narr.as_str(), del_title.as_str(), del_att.as_str()];

    let mut init = vec!["init"];
    init.extend(kdf_args());
    assert_ok(&e.run(&init, &[PASS], b""));
    let incident = |title: &str, narr: &str| {
        serde_json::json!({
            "title": title,
            "occurred": "2026-11-25 10:00",
            "category": "detention",
            // Long enough to spill into overflow pages.
            "narrative": format!("{narr} ").repeat(300),
        })
        .to_string()
    };
    let live_id = e.add_json(&incident("Live one", &live_narr))[0].clone();
    let doomed = e.add_json(&incident(&format!("Doomed {del_title}"), &del_narr))[0].clone();
    for (id, c, name) in [
        (&doomed, &del_att, "del.txt"),
        (&live_id, &live_att, "live.txt"),
    ] {
        let src = outside.path().join(name);
        std::fs::write(&src, format!("statement {c}\n").repeat(2000)).unwrap();
        assert_ok(&e.run(&["attach", id, src.to_str().unwrap()], &[PASS], b""));
    }
    let amend = serde_json::json!({"narrative": format!("{live_narr} amended")}).to_string();
    assert_ok(&e.run(
        &["amend", &live_id, "--input", "json"],
        &[PASS],
        amend.as_bytes(),
    ));
    assert_ok(&e.run(&["delete", &doomed, "--yes"], &[PASS], b""));
    assert_ok(&e.run(&["list"], &[PASS], b""));
    let key = key_file_dek(&e.vault(), PASS).expect("the passphrase opens the key file");
    // Leave the vault on the image as it is (a seized device).
    std::mem::forget(e);
    let raw = img.unmount_and_read();

    let (windows, pages) = aligned_pages(&raw, &key);
    let mut blocks = 0;
    let mut stream_live: Vec<String> = vec![];
    let mut stream_deleted: Vec<String> = vec![];
    for phase in [0, 4, 8, 12] {
        let (n, plain) = cbc_stream(&raw, &key, phase);
        blocks += n;
        stream_live.extend(found(&plain, &live));
        stream_deleted.extend(found(&plain, &deleted));
    }
    stream_live.sort();
    stream_live.dedup();
    stream_deleted.sort();
    stream_deleted.dedup();
    let page_live = found(&pages, &live);
    let page_deleted = found(&pages, &deleted);
    figure(
        "forensic-delete",
        "deleted canaries decrypted with the data key from a raw 32 MiB ext4 image",
        deleted.len(),
        page_deleted.len().max(stream_deleted.len()),
        &format!(
            "{windows} non-zero 4 KiB windows at 1 KiB offsets decrypted as pages, {blocks} \
             16-byte blocks decrypted as CBC streams at 4 phases; live controls found: \
             {}/{} (pages), {}/{} (streams); {:.1} s",
            page_live.len(),
            live.len(),
            stream_live.len(),
            live.len(),
            started.elapsed().as_secs_f64()
        ),
    );
    assert_eq!(
        page_live.len(),
        live.len(),
        "positive control: the page scan must find the live canaries (it found {page_live:?})"
    );
    assert_eq!(
        stream_live.len(),
        live.len(),
        "positive control: the stream scan must find the live canaries (it found {stream_live:?})"
    );
    assert!(
        page_deleted.is_empty() && stream_deleted.is_empty(),
        "deleted content decrypts from the raw image with the data key: pages {page_deleted:?}, \
         streams {stream_deleted:?}"
    );
}
