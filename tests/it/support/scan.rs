//! Raw-byte searches: canaries in every encoding they could leak in, and key material.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Whether `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

/// The encodings a canary is searched in: UTF-8, UTF-16LE/BE, base64, hex.
pub fn canary_forms(c: &str) -> Vec<Vec<u8>> {
    use base64::Engine;
    let utf16le: Vec<u8> = c.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let utf16be: Vec<u8> = c.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    vec![
        c.as_bytes().to_vec(),
        utf16le,
        utf16be,
        base64::engine::general_purpose::STANDARD
            .encode(c)
            .into_bytes(),
        hex::encode(c).into_bytes(),
    ]
}

/// A unique canary: `tag` then a random suffix, in the given alphabet.
pub fn canary(tag: &str, alphabet: &[char]) -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap();
    let suffix: String = b
        .iter()
        .map(|x| alphabet[(*x as usize) % alphabet.len()])
        .collect();
    format!("{tag}{suffix}")
}

pub const LATIN: &[char] = &[
    'Q', 'W', 'X', 'Z', 'J', 'K', 'V', 'Y', 'q', 'w', 'x', 'z', 'j', 'k', 'v', 'y',
];
pub const CYRILLIC: &[char] = &[
    'ж', 'щ', 'ф', 'ц', 'ң', 'ө', 'ү', 'ы', 'Ж', 'Щ', 'Ф', 'Ц', 'Ң', 'Ө', 'Ү', 'Ы',
];

/// Every form a canary is searched in: `canary_forms` (UTF-8, UTF-16LE/BE, base64 at offset
/// 0, hex) of the canary and of its lower- and upper-case forms (a full-text index folds
/// case), plus base64 at the two other alignments and upper-case hex.
pub fn all_forms(c: &str) -> Vec<(String, Vec<u8>)> {
    use base64::Engine;
    let mut out: Vec<(String, Vec<u8>)> = vec![];
    let names = ["utf-8", "utf-16le", "utf-16be", "base64", "hex"];
    let mut variants = vec![c.to_owned(), c.to_lowercase(), c.to_uppercase()];
    variants.dedup();
    for v in &variants {
        for (n, f) in names.iter().zip(canary_forms(v)) {
            out.push((format!("{n}({v})"), f));
        }
        for k in 1..3usize {
            let mut data = vec![0u8; k];
            data.extend_from_slice(v.as_bytes());
            let enc = base64::engine::general_purpose::STANDARD.encode(&data);
            let start = (8 * k).div_ceil(6);
            let end = (8 * data.len()) / 6;
            out.push((
                format!("base64+{k}({v})"),
                enc.as_bytes()[start..end].to_vec(),
            ));
        }
        out.push((format!("HEX({v})"), hex::encode_upper(v).into_bytes()));
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out.dedup_by(|a, b| a.1 == b.1);
    out
}

/// Every (canary, form, offset) found in `hay`.
pub fn scan(hay: &[u8], canaries: &[String]) -> Vec<(String, String, usize)> {
    let mut hits = vec![];
    for c in canaries {
        for (form, needle) in all_forms(c) {
            for off in memchr::memmem::find_iter(hay, &needle) {
                hits.push((c.clone(), form.clone(), off));
            }
        }
    }
    hits
}

/// Raw byte strings found in `hay` (key material): (label, offset).
pub fn scan_bytes(hay: &[u8], needles: &[(String, Vec<u8>)]) -> Vec<(String, usize)> {
    let mut hits = vec![];
    for (label, n) in needles {
        for off in memchr::memmem::find_iter(hay, n) {
            hits.push((label.clone(), off));
        }
    }
    hits
}

/// Key material to look for: every 16-byte window of each needle (at every offset), minus
/// low-entropy windows (the key file's zero padding would match every empty block). A copy
/// of 31 or more contiguous bytes of a needle, anywhere, contains one of these windows at a
/// 16-aligned offset of the haystack.
pub struct Needles {
    windows: HashSet<[u8; 16]>,
    pub count: usize,
}

impl Needles {
    pub fn new(needles: &[Vec<u8>]) -> Needles {
        let mut windows = HashSet::new();
        for n in needles {
            for w in n.windows(16) {
                let distinct: HashSet<&u8> = w.iter().collect();
                if distinct.len() >= 12 {
                    windows.insert(<[u8; 16]>::try_from(w).unwrap());
                }
            }
        }
        let count = windows.len();
        Needles { windows, count }
    }

    /// Offsets (16-aligned) in `hay` where a window of some needle starts.
    pub fn find(&self, hay: &[u8]) -> Vec<usize> {
        let mut hits = vec![];
        let mut off = 0;
        while off + 16 <= hay.len() {
            if self
                .windows
                .contains(<&[u8; 16]>::try_from(&hay[off..off + 16]).unwrap())
            {
                hits.push(off);
            }
            off += 16;
        }
        hits
    }

    /// (file, offset) of every hit in any file under `dir`, at every alignment (files are
    /// small enough here to check each of the 16 phases).
    pub fn find_under(&self, dir: &Path) -> Vec<(PathBuf, usize)> {
        let mut hits = vec![];
        for (p, b) in super::fs::all_bytes_under(dir) {
            for phase in 0..16.min(b.len()) {
                for off in self.find(&b[phase..]) {
                    hits.push((p.clone(), off + phase));
                }
            }
        }
        hits
    }
}

/// The JSON of an incident whose every free-text field carries a canary.
pub fn canary_incident(c: &str, category: &str) -> String {
    serde_json::json!({
        "title": format!("Title {c}"),
        "occurred": "вчера около 15:00",
        "category": category,
        "narrative": format!("Three men in plain clothes followed me. {c} Үч киши ээрчиди."),
        "location": {"text": format!("Bishkek {c}"), "lat": 42.87, "lon": 74.59},
        "tags": [format!("tag{c}")],
        "perpetrators": [{"description": format!("grey Lada {c}"), "vehicles": [format!("01KG{c}")]}],
        "victims": [format!("Айгүл {c}")],
        "witnesses": [format!("Нурлан {c}")],
        "source": format!("source {c}"),
    })
    .to_string()
}
