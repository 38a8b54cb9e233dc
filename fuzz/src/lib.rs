//! Bodies of the fuzz targets, shared by `fuzz_targets/*.rs` (cargo-fuzz) and by
//! `tests/harness_fuzz_corpus.rs`, which replays the committed corpus and regression inputs
//! through the same functions in the quick tier (no cargo-fuzz needed).
//!
//! Each body panics (and so reports a crash) only when an invariant is broken:
//! - key file: parsing never panics; whatever parses has KDF parameters inside the floor and
//!   ceiling (I10: no unbounded memory or CPU); unlocking yields the fixed passphrase's slot
//!   or "wrong passphrase", nothing else;
//! - JSON input: parsing never panics; an accepted incident is valid and survives a JSON
//!   round trip unchanged;
//! - dates: parsing never panics; a parsed date has start <= end, both present unless the
//!   precision is `unknown`, and is not in the future.
//!
//! This file is also compiled as a module of a test crate (`#[path]`), so it uses only
//! `sandyk`, `jiff`, `serde_json` and `std`.

pub mod images;
pub use images::{
    metadata, strip_jpeg, strip_mp3, strip_mp4, strip_ogg, strip_pdf, strip_png, strip_text,
    strip_webp,
};
pub mod plates;
pub use plates::plates;

use sandyk::crypto::secret::Secret;
use sandyk::dates::{Occurred, Precision};
use sandyk::model::incident::{Incident, IncidentInput};
use sandyk::vault::keyfile::{
    self, KeyFile, KeyFileError, SlotKind, HEADER_LEN, KEYFILE_LEN, N_SLOTS,
};

/// The passphrase the keyfile target unlocks with (seed key files are made with it).
pub const PASS: &str = "fuzz passphrase Токтогул ңөү";
/// A fixed recovery key (20 bytes) the keyfile target also tries (no KDF needed).
pub const RECOVERY: [u8; keyfile::RECOVERY_BYTES] = [7; keyfile::RECOVERY_BYTES];
/// Argon2id is run only when memory × passes stays under this (KiB): parameters above it are
/// legal but too slow to fuzz; their refusal at the ceiling is checked without running it.
pub const MAX_FUZZ_COST_KIB: u64 = 512;
/// Bytes of the header covered by the checksum (see docs/format.md).
const CHECKSUM_AT: usize = 96;

/// Recompute the key file's unkeyed checksum, so mutations reach the checks behind it.
pub fn fix_checksum(b: &mut [u8]) {
    if b.len() != KEYFILE_LEN {
        return;
    }
    let mut v = Vec::with_capacity(KEYFILE_LEN);
    v.extend_from_slice(&b[..CHECKSUM_AT]);
    v.extend_from_slice(&b[HEADER_LEN..]);
    let c = sandyk::crypto::sha256(&v);
    b[CHECKSUM_AT..HEADER_LEN].copy_from_slice(&c);
}

/// Key-file parser and unlock path. The first byte chooses the mode: odd = repair the
/// checksum first (reaches the version, geometry, parameter and slot checks), even = as given.
pub fn keyfile(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut buf = rest.to_vec();
    if mode & 1 == 1 {
        fix_checksum(&mut buf);
    }
    let kf = match KeyFile::parse(&buf) {
        Ok(kf) => kf,
        Err(_) => return,
    };
    assert_eq!(kf.to_bytes(), &buf[..], "parse must keep the bytes as read");
    let h = kf.header();
    assert!(
        h.params.validate().is_ok(),
        "parsed a key file with refused KDF parameters"
    );
    assert!(
        h.params.m_kib <= sandyk::crypto::kdf::CEIL_M_KIB
            && h.params.t <= sandyk::crypto::kdf::CEIL_T
    );
    for (i, ct) in kf.sealed_slots() {
        assert!(i < N_SLOTS && ct.len() <= keyfile::SEALED_MAX);
    }
    // The recovery path: no KDF, tried on every slot.
    if let Some(u) = kf.open_with(&keyfile::recovery_kek(&RECOVERY)) {
        assert!(u.slot < N_SLOTS);
        assert!(
            u.content.label.len() <= 3 * 64,
            "label longer than its field"
        );
    }
    let cost = u64::from(h.params.m_kib) * u64::from(h.params.t);
    if cost > MAX_FUZZ_COST_KIB || h.params.p > 4 {
        return;
    }
    match kf.unlock(&Secret::from_str(PASS)) {
        Ok(u) => {
            assert!(u.slot < N_SLOTS);
            assert!(matches!(
                u.content.kind,
                SlotKind::Passphrase | SlotKind::Duress | SlotKind::Recovery
            ));
            assert!(
                u.content.label.len() <= 3 * 64,
                "label longer than its field"
            );
            if let Some(r) = &u.content.recipient {
                assert!(r.len() <= 3 * keyfile::RECIPIENT_MAX);
            }
            // The unlocked slot must keep opening after a round trip through bytes.
            let again = KeyFile::parse(kf.to_bytes()).expect("re-parse");
            assert_eq!(
                again
                    .unlock(&Secret::from_str(PASS))
                    .expect("re-unlock")
                    .slot,
                u.slot
            );
        }
        Err(KeyFileError::WrongPassphrase) => {}
        Err(e) => panic!("unlock of a parsed key file failed with {e:?}"),
    }
}

/// The clocks the date and JSON targets run against.
pub fn nows() -> Vec<jiff::Zoned> {
    let mut v = vec!["2026-11-28T12:00:00+06:00[+06:00]"
        .parse()
        .expect("fixed offset")];
    // A zone with daylight saving, at a moment just after a spring-forward gap, if the
    // system time zone database is present.
    if let Ok(z) = "2026-03-30T02:30:00+02:00[Europe/Berlin]".parse() {
        v.push(z);
    }
    v
}

/// The invariants of a parsed or accepted date.
pub fn check_occurred(o: &Occurred, now: Option<&jiff::Zoned>) {
    match o.precision {
        Precision::Unknown => assert!(
            o.start.is_none() && o.end.is_none(),
            "unknown date with bounds: {o:?}"
        ),
        _ => {
            let s = o
                .start_ts()
                .unwrap_or_else(|| panic!("unreadable start: {o:?}"));
            let e = o
                .end_ts()
                .unwrap_or_else(|| panic!("unreadable end: {o:?}"));
            assert!(s <= e, "start after end: {o:?}");
            if let Some(now) = now {
                assert!(
                    s <= now.timestamp() + jiff::SignedDuration::from_secs(60),
                    "date in the future accepted: {o:?}"
                );
            }
        }
    }
}

/// Natural-language dates (en, ru, ky).
pub fn dates(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for now in nows() {
        if let Ok(o) = sandyk::dates::parse(s, &now) {
            assert_eq!(o.text, s.trim(), "the user's words must be kept");
            check_occurred(&o, Some(&now));
        }
    }
}

fn check_incident(inc: &Incident) {
    assert!(
        !inc.title.trim().is_empty(),
        "accepted an incident without a title"
    );
    assert!(
        !inc.category.is_empty(),
        "accepted an incident without a category"
    );
    check_occurred(&inc.occurred, None);
    if let (Some(la), Some(lo)) = (inc.location.lat, inc.location.lon) {
        assert!((-90.0..=90.0).contains(&la) && (-180.0..=180.0).contains(&lo));
    }
    let j = serde_json::to_string(inc).expect("an incident serialises");
    let back: Incident = serde_json::from_str(&j).expect("an incident's JSON reads back");
    assert_eq!(&back, inc, "lossy JSON round trip");
    let _ = inc.search_fields();
}

fn known_category(c: &str) -> bool {
    c == "checkpoint_search"
}

/// `add --input json` (and the same object applied as an amendment).
pub fn json_input(data: &[u8]) {
    let now = &nows()[0];
    let Ok(inputs) = sandyk::model::input::parse_input_list(data) else {
        return;
    };
    assert!(
        !inputs.is_empty(),
        "an empty list of incidents was accepted"
    );
    let base: Incident = serde_json::from_value::<IncidentInput>(serde_json::json!({
        "title": "Ак машина", "occurred": "2026-11-27 15:00", "category": "followed",
        "narrative": "Токтогул ңөү", "tags": ["grey car"]
    }))
    .expect("base input")
    .apply(None, "BASE01", now, &known_category)
    .expect("base incident");
    for input in inputs {
        if let Ok(inc) = input.clone().apply(None, "FUZZ01", now, &known_category) {
            assert_eq!(inc.id, "FUZZ01");
            check_incident(&inc);
        }
        if let Ok(inc) = input.apply(Some(&base), "FUZZ01", now, &known_category) {
            assert_eq!(inc.id, "BASE01", "an amendment changed the id");
            assert_eq!(
                inc.recorded, base.recorded,
                "an amendment changed the recorded time"
            );
            check_incident(&inc);
        }
    }
}

// ---- bundles (src/bundle) ----

/// The fixed identity the bundle target decrypts with (test key, never used elsewhere).
pub const BUNDLE_IDENTITY: &str =
    "AGE-SECRET-KEY-10N64F0QERYUWCWMPA2H8LXHSRW06H5KHPQ4XL8C4VMXP57EUM9KS4895D9";
/// Its recipient.
pub const BUNDLE_RECIPIENT: &str = "age185q7vmsjvkrutmhe0sde32kgcnvk2je4mhdcrvcyqna4vju405ss6exyd5";

fn bundle_identities() -> sandyk::bundle::recipient::Identities {
    let mut ask = || -> Result<age::secrecy::SecretString, sandyk::bundle::BundleError> {
        panic!("an age identity file never asks for a passphrase")
    };
    sandyk::bundle::recipient::load_identities(BUNDLE_IDENTITY.as_bytes(), &mut ask)
        .expect("the fixed identity loads")
}

/// Encrypt `payload` (a tar stream) to the fixed recipient, as an exporter would.
pub fn encrypt_to_fixed(payload: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let r: age::x25519::Recipient = BUNDLE_RECIPIENT.parse().expect("recipient");
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
        .expect("one recipient");
    let mut out = vec![];
    let mut w = enc.wrap_output(&mut out).expect("in memory");
    w.write_all(payload).expect("in memory");
    w.finish().expect("in memory");
    out
}

/// The bundle reader (`bundle verify`, `bundle open`, `import`). The first byte chooses the
/// mode: odd = the rest is the archive inside the age layer (it is encrypted to the fixed
/// recipient first, so the tar reader, the manifest, the signature and the records are
/// reached); even = the rest is the bundle file as received (age header, armor).
pub fn bundle_reader(data: &[u8]) {
    use sandyk::bundle::reader::{verify, Keys, NoSink, VerifyOptions};
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode & 1 == 1 {
        encrypt_to_fixed(rest)
    } else {
        rest.to_vec()
    };
    let mut keys = Keys::Identities(bundle_identities());
    if let Ok(v) = verify(
        &bytes[..],
        &mut keys,
        &VerifyOptions::default(),
        &mut NoSink,
    ) {
        // Only a complete, consistent bundle verifies.
        assert_eq!(v.bundle_bytes, bytes.len() as u64);
        let m = v.manifest();
        assert_eq!(m.incident_ids.len() as u64, m.incident_count);
        assert!(m
            .files
            .iter()
            .all(|f| sandyk::bundle::safe_path(&f.path.clone().into_stored())));
        assert!(!v.passphrase);
    }
}

/// The manifest parser: never panics; what it accepts renders back to the same text.
pub fn manifest(data: &[u8]) {
    use sandyk::bundle::manifest::Manifest;
    let Ok(m) = Manifest::parse(data) else { return };
    assert!(m.files.iter().all(|f| sandyk::bundle::safe_path(&f.path)));
    let again = Manifest::parse(m.render().as_bytes()).expect("a rendered manifest parses");
    assert_eq!(
        again.render(),
        m.render(),
        "render/parse is not a fixed point"
    );
}

/// incidents.json as it streams (each record, then its chain segment checks).
pub fn records(data: &[u8]) {
    let mut n = 0u64;
    let mut on = |_r: sandyk::bundle::records::IncidentRecord| {
        n += 1;
        Ok(())
    };
    if let Ok(count) = sandyk::bundle::records::parse_stream(data, &mut on) {
        assert_eq!(count, n, "count differs from the records handed out");
    }
}

/// The path rule for names inside a bundle (used to write, read and extract).
pub fn safe_path(data: &[u8]) {
    use std::path::{Component, Path};
    let Ok(p) = std::str::from_utf8(data) else {
        return;
    };
    if !sandyk::bundle::safe_path(p) {
        return;
    }
    let path = Path::new(p);
    assert!(path.is_relative(), "absolute path accepted: {p:?}");
    assert!(
        path.components().all(|c| matches!(c, Component::Normal(_))),
        "a path with a special component was accepted: {p:?}"
    );
    assert!(
        p.split('/')
            .all(|c| !c.is_empty() && !c.starts_with('.') && !c.starts_with('-')),
        "{p:?}"
    );
    assert!(
        !p.contains('\\') && !p.contains('\0') && !p.chars().any(char::is_control),
        "{p:?}"
    );
    let base = Path::new("/nonexistent/out");
    assert!(
        base.join(path).starts_with(base),
        "{p:?} escapes the destination"
    );
    assert!(p.split('/').count() <= 2, "{p:?} is too deep");
}

/// The one sanitizer (`sandyk::untrusted`): whatever the input, no character of its table
/// survives in the terminal, HTML or JSON form; one-line output has no line breaks; the
/// terminal form is a fixed point; HTML has no markup characters left; the terminal-safe JSON
/// still means exactly the input.
pub fn sanitize(data: &[u8]) {
    use sandyk::untrusted::{html_escape, is_hidden, json_safe, sanitize, Untrusted};
    let s = String::from_utf8_lossy(data);
    for multiline in [false, true] {
        let out = sanitize(&s, multiline);
        assert!(
            !out.chars().any(is_hidden),
            "a hidden character survived: {out:?}"
        );
        if !multiline {
            assert!(
                !out.contains(['\n', '\t']),
                "a line break survived: {out:?}"
            );
        }
        assert_eq!(sanitize(&out, multiline), out, "not a fixed point");
    }
    let h = html_escape(&s);
    assert!(!h.chars().any(is_hidden), "hidden in HTML: {h:?}");
    assert!(!h.contains(['<', '>', '"', '\'']), "markup in HTML: {h:?}");
    let u = Untrusted::new(s.as_ref());
    assert_eq!(u.sanitized(), sanitize(&s, false));
    assert_eq!(u.html_escaped(), h);
    let json = serde_json::to_string(s.as_ref()).expect("a string serialises");
    let safe = json_safe(&json);
    assert!(!safe.chars().any(is_hidden), "hidden in JSON: {safe:?}");
    let back: String = serde_json::from_str(&safe).expect("still JSON");
    assert_eq!(back, s.as_ref(), "JSON changed meaning");
}

/// Contact-card parser: never panics; a parsed card is bounded (name, at least one key),
/// renders to text that parses back to the same card, and that text is again within the
/// size limit; nothing over the limit is accepted.
pub fn contact_card(data: &[u8]) {
    use sandyk::bundle::card::{Card, MAX_CARD, MAX_NAME};
    let Ok(c) = Card::parse(data) else {
        return;
    };
    assert!(data.len() <= MAX_CARD, "a card over the limit was accepted");
    assert!(
        c.recipient.is_some() || c.signer.is_some(),
        "a card without keys was accepted"
    );
    if let Some(n) = &c.name {
        assert!(n.chars().count() <= MAX_NAME && !n.chars().any(|ch| ch.is_control()));
    }
    let text = c.render();
    assert_eq!(
        Card::parse(text.as_bytes()).as_ref(),
        Ok(&c),
        "a card does not survive its own rendering"
    );
}
