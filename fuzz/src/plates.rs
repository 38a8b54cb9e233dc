//! Body of the plate-extraction fuzz target (`sandyk::model::entities`). Shared by
//! `fuzz_targets/plates.rs` and replayed by the quick tier (`tests/it/harness_fuzz_corpus.rs`
//! includes `lib.rs` with `#[path]`), so it uses only `sandyk` and `std`.
//!
//! Invariants (each `assert!` is a crash for the fuzzer):
//! - finding plates and folding names never panics;
//! - output is bounded: at most `MAX_PLATES_PER_TEXT` plates, each key 10 ASCII characters
//!   (`NNKGNNNLLL`), each written form a substring of the input; a folded name has at most
//!   `MAX_KEY_CHARS` characters;
//! - the canonical form is idempotent: every key found is itself exactly one plate with the
//!   same key, and the written form folds to the same key;
//! - folding a name is idempotent.

use sandyk::model::entities::{
    canonical_plate, find_plates, fold_name, MAX_KEY_CHARS, MAX_PLATES_PER_TEXT,
};

pub fn plates(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let found = find_plates(&s);
    assert!(found.len() <= MAX_PLATES_PER_TEXT, "unbounded plate list");
    for (key, written) in &found {
        assert_eq!(key.len(), 10, "key {key:?}");
        let b = key.as_bytes();
        assert!(
            b[..2].iter().all(u8::is_ascii_digit)
                && &b[2..4] == b"KG"
                && b[4..7].iter().all(u8::is_ascii_digit)
                && b[7..].iter().all(u8::is_ascii_uppercase),
            "key {key:?} is not canonical"
        );
        assert!(
            s.contains(written.as_str()),
            "written form not from the input"
        );
        assert_eq!(
            canonical_plate(key).as_deref(),
            Some(key.as_str()),
            "not idempotent"
        );
        assert_eq!(
            canonical_plate(written).as_deref(),
            Some(key.as_str()),
            "{written:?}"
        );
    }
    if let Some(k) = canonical_plate(&s) {
        assert_eq!(canonical_plate(&k), Some(k));
    }
    let f = fold_name(&s);
    assert!(f.chars().count() <= MAX_KEY_CHARS, "unbounded key");
    assert_eq!(fold_name(&f), f, "name folding not idempotent");
}
