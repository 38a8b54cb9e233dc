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
//! found; positive controls: the live narrative is found by both scans.
//!
//! Attachments live in the store (issue 15): a content file sealed under the attachment's
//! own key, which is a column of its database row. The doomed attachment is 6 MiB. After
//! its deletion the examiner with the data key must find neither its key (32 raw bytes, or
//! in hex) in any decryption of the image, nor its canary in the raw bytes; positive
//! controls: the live attachment's key is found by both scans, and it opens the live
//! content file's first chunk found in the raw image. (The doomed file's blocks are freed,
//! not overwritten: without its key they are noise.)
//!
//! Needs root and loop devices (SANDYK_SKIP_ROOT_TESTS=1 skips). About 10 s.

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

/// The attachment keys of the vault at `dir` (read with the data key, as the examiner
/// would from the live database), by incident id.
fn attachment_keys(dir: &std::path::Path, dek: &[u8; 32]) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    use sandyk::crypto::secret::DataKey;
    use sandyk::vault::db::{Db, Mode};
    let db = Db::open(
        &dir.join("sandyk.db"),
        &DataKey::from_slice(dek).unwrap(),
        Mode::ReadOnly,
    )
    .unwrap();
    let mut st = db
        .conn()
        .prepare(
            "SELECT a.incident_id, a.content_key, f.nonce FROM attachments a \
             JOIN attachment_files f ON f.attachment_id = a.id AND f.copy = 0 ORDER BY a.incident_id, a.n",
        )
        .unwrap();
    let v = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    v
}

/// Whether chunk 0 of a content file sealed with `key` and nonce `prefix` (STREAM BE32 over
/// ChaCha20-Poly1305, 64 KiB chunks, not the last) starts at some 1 KiB offset of `raw`.
fn first_chunk_opens(raw: &[u8], key: &[u8], prefix: &[u8]) -> bool {
    use chacha20poly1305::aead::AeadInPlace;
    use chacha20poly1305::{ChaCha20Poly1305, KeyInit as _};
    const C: usize = 64 * 1024;
    let aead = ChaCha20Poly1305::new_from_slice(key).unwrap();
    let mut nonce = [0u8; 12];
    nonce[..7].copy_from_slice(prefix);
    let mut off = 0;
    while off + C + 16 <= raw.len() {
        if nonzero(&raw[off..off + 64]) {
            let mut buf = raw[off..off + C].to_vec();
            let tag = chacha20poly1305::Tag::from_slice(&raw[off + C..off + C + 16]);
            if aead
                .decrypt_in_place_detached((&nonce).into(), b"", &mut buf, tag)
                .is_ok()
            {
                return true;
            }
        }
        off += 1024;
    }
    false
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
    let mut img = LoopImage::new(48);
    // The files to attach live outside the image: they are the user's own plaintext.
    let outside = tempfile::tempdir().unwrap();
    let e = Env::new_in(img.dir());
    let live_narr = canary("LVNARR", LATIN);
    let live_att = canary("LVATT", LATIN);
    let del_narr = canary("DLNARR", LATIN);
    let del_title = canary("DLTITLE", LATIN);
    let del_att = canary("DLATT", LATIN);
    let live = [live_narr.as_str()];
    let deleted = [del_narr.as_str(), del_title.as_str()];

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
    for (id, c, name, bytes) in [
        // A multi-MiB attachment: 6 MiB of statements.
        (&doomed, &del_att, "del.txt", 6 << 20),
        (&live_id, &live_att, "live.txt", 128 << 10),
    ] {
        let src = outside.path().join(name);
        let line = format!("statement {c}\n");
        std::fs::write(&src, line.repeat(bytes / line.len() + 1)).unwrap();
        assert_ok(&e.run(&["attach", id, src.to_str().unwrap()], &[PASS], b""));
    }
    let dek = key_file_dek(&e.vault(), PASS).expect("the passphrase opens the key file");
    let keys = attachment_keys(&e.vault(), &dek);
    assert_eq!(keys.len(), 2, "one key per attachment");
    let key_of = |id: &str| keys.iter().find(|k| k.0 == id).unwrap().clone();
    let (_, live_key, live_prefix) = key_of(&live_id);
    let (_, doomed_key, _) = key_of(&doomed);
    let amend = serde_json::json!({"narrative": format!("{live_narr} amended")}).to_string();
    assert_ok(&e.run(
        &["amend", &live_id, "--input", "json"],
        &[PASS],
        amend.as_bytes(),
    ));
    assert_ok(&e.run(&["delete", &doomed, "--yes"], &[PASS], b""));
    assert_ok(&e.run(&["list"], &[PASS], b""));
    let key = dek;
    // Leave the vault on the image as it is (a seized device).
    std::mem::forget(e);
    let raw = img.unmount_and_read();

    let (windows, pages) = aligned_pages(&raw, &key);
    let mut blocks = 0;
    let mut stream_live: Vec<String> = vec![];
    let mut stream_deleted: Vec<String> = vec![];
    // Attachment keys: raw bytes or hex, anywhere in any decryption of the image.
    let key_forms = |k: &[u8]| vec![k.to_vec(), hex::encode(k).into_bytes()];
    let has_key = |plain: &[u8], k: &[u8]| key_forms(k).iter().any(|f| contains(plain, f));
    let mut live_key_in_streams = false;
    let mut doomed_key_in_streams = false;
    for phase in [0, 4, 8, 12] {
        let (n, plain) = cbc_stream(&raw, &key, phase);
        blocks += n;
        stream_live.extend(found(&plain, &live));
        stream_deleted.extend(found(&plain, &deleted));
        live_key_in_streams |= has_key(&plain, &live_key);
        doomed_key_in_streams |= has_key(&plain, &doomed_key);
    }
    stream_live.sort();
    stream_live.dedup();
    stream_deleted.sort();
    stream_deleted.dedup();
    let page_live = found(&pages, &live);
    let page_deleted = found(&pages, &deleted);
    let live_key_in_pages = has_key(&pages, &live_key);
    let doomed_key_in_pages = has_key(&pages, &doomed_key) || has_key(&raw, &doomed_key);
    let doomed_plain_in_raw = found(&raw, &[del_att.as_str()]);
    let live_content_opens = first_chunk_opens(&raw, &live_key, &live_prefix);
    figure(
        "forensic-delete",
        "deleted canaries decrypted with the data key from a raw 48 MiB ext4 image",
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
    figure(
        "forensic-delete-attachment",
        "deleted 6 MiB attachment: its key found with the data key, or its plaintext in the raw image",
        2,
        usize::from(doomed_key_in_pages || doomed_key_in_streams) + doomed_plain_in_raw.len(),
        &format!(
            "live controls: live key in pages {live_key_in_pages}, in streams \
             {live_key_in_streams}; live content file's first chunk opens with it: \
             {live_content_opens}"
        ),
    );
    assert!(
        live_key_in_pages && live_key_in_streams,
        "positive control: the live attachment's key decrypts from the image (pages \
         {live_key_in_pages}, streams {live_key_in_streams})"
    );
    assert!(
        live_content_opens,
        "positive control: the live attachment's first chunk opens with its key in the raw image"
    );
    assert!(
        !doomed_key_in_pages && !doomed_key_in_streams,
        "the deleted attachment's key is recoverable with the data key (pages \
         {doomed_key_in_pages}, streams {doomed_key_in_streams})"
    );
    assert!(
        doomed_plain_in_raw.is_empty(),
        "the deleted attachment's plaintext is in the raw image"
    );
}

/// `attachment delete ID/N` (issue 15): one attachment of a live incident deleted, the
/// other kept. The examiner with the data key must find neither the deleted attachment's
/// key (in any decryption of the raw image: page-aligned, CBC streams at four phases, or
/// the raw bytes) nor its plaintext; positive controls: the kept attachment's key is found
/// by both scans and opens its content file's first chunk in the raw image.
#[test]
fn deleted_attachment_of_a_live_incident_does_not_decrypt_from_the_raw_image() {
    if !root_tests_enabled("forensic attachment delete scan") {
        return;
    }
    let started = std::time::Instant::now();
    let mut img = LoopImage::new(48);
    let outside = tempfile::tempdir().unwrap();
    let e = Env::new_in(img.dir());
    let keep_att = canary("KPATT", LATIN);
    let del_att = canary("DLATT", LATIN);
    let mut init = vec!["init"];
    init.extend(kdf_args());
    assert_ok(&e.run(&init, &[PASS], b""));
    let id = e.add_json(
        &serde_json::json!({
            "title": "Kept incident",
            "occurred": "2026-11-25 10:00",
            "category": "detention",
            "narrative": "the incident stays; one of its files goes",
        })
        .to_string(),
    )[0]
    .clone();
    for (c, name, bytes) in [
        (&del_att, "del.txt", 6 << 20),
        (&keep_att, "keep.txt", 128 << 10),
    ] {
        let src = outside.path().join(name);
        let line = format!("statement {c}\n");
        std::fs::write(&src, line.repeat(bytes / line.len() + 1)).unwrap();
        assert_ok(&e.run(&["attach", &id, src.to_str().unwrap()], &[PASS], b""));
    }
    let dek = key_file_dek(&e.vault(), PASS).expect("the passphrase opens the key file");
    // (incident, key, nonce) in attachment order: 1 is doomed, 2 kept.
    let keys = attachment_keys(&e.vault(), &dek);
    assert_eq!(keys.len(), 2, "one key per attachment");
    let (doomed_key, keep_key, keep_prefix) =
        (keys[0].1.clone(), keys[1].1.clone(), keys[1].2.clone());
    assert_ok(&e.run(
        &["attachment", "delete", &format!("{id}/1"), "--yes"],
        &[PASS],
        b"",
    ));
    assert_ok(&e.run(&["list"], &[PASS], b""));
    std::mem::forget(e);
    let raw = img.unmount_and_read();

    let key_forms = |k: &[u8]| vec![k.to_vec(), hex::encode(k).into_bytes()];
    let has_key = |plain: &[u8], k: &[u8]| key_forms(k).iter().any(|f| contains(plain, f));
    let (_, pages) = aligned_pages(&raw, &dek);
    let mut keep_in_streams = false;
    let mut doomed_in_streams = false;
    for phase in [0, 4, 8, 12] {
        let (_, plain) = cbc_stream(&raw, &dek, phase);
        keep_in_streams |= has_key(&plain, &keep_key);
        doomed_in_streams |= has_key(&plain, &doomed_key);
    }
    let keep_in_pages = has_key(&pages, &keep_key);
    let doomed_in_pages = has_key(&pages, &doomed_key) || has_key(&raw, &doomed_key);
    let doomed_plain = found(&raw, &[del_att.as_str()]);
    let keep_opens = first_chunk_opens(&raw, &keep_key, &keep_prefix);
    figure(
        "forensic-delete-one-attachment",
        "`attachment delete` of a 6 MiB attachment: its key found with the data key, or its plaintext in the raw image",
        2,
        usize::from(doomed_in_pages || doomed_in_streams) + doomed_plain.len(),
        &format!(
            "live controls: kept key in pages {keep_in_pages}, in streams {keep_in_streams}; \
             its first chunk opens: {keep_opens}; {:.1} s",
            started.elapsed().as_secs_f64()
        ),
    );
    assert!(
        keep_in_pages && keep_in_streams && keep_opens,
        "positive controls: pages {keep_in_pages}, streams {keep_in_streams}, opens {keep_opens}"
    );
    assert!(
        !doomed_in_pages && !doomed_in_streams,
        "the deleted attachment's key is recoverable with the data key (pages \
         {doomed_in_pages}, streams {doomed_in_streams})"
    );
    assert!(
        doomed_plain.is_empty(),
        "the deleted attachment's plaintext is in the raw image"
    );
}
