//! Entities across incidents: the people, organisations, places and vehicles an incident
//! names, each under a folded *key* so that spellings of the same thing meet.
//!
//! Pure functions, no I/O. The database keeps an index of them (`vault/db/entities.rs`).
//! See `docs/incident-model.md` ("Entities").
//!
//! - Names (perpetrator descriptions, agencies, victims, witnesses, places) are folded: NFC,
//!   lowercase, `ё` → `е`, invisible characters removed, whitespace collapsed and trimmed.
//! - Vehicle plates are found in the perpetrators' `vehicles` entries, the title and the
//!   narrative. A Kyrgyz plate is two region digits, an optional `KG`, three digits and three
//!   letters (`01KG 123ABC`, `01 123 ABC`, `01-KG-123-abc`); Cyrillic letters that look like
//!   Latin ones (А В Е К М Н О Р С Т У Х) are read as the Latin letters, so `01KG123АВС` typed
//!   with Cyrillic letters is the same plate. The key is always `01KG123ABC`.

use std::collections::{BTreeMap, BTreeSet};

use unicode_normalization::UnicodeNormalization;

use super::incident::Incident;

/// At most this many plates are taken from one text (bounded output for hostile input).
pub const MAX_PLATES_PER_TEXT: usize = 1_000;
/// At most this many characters of a folded name are kept in its key.
pub const MAX_KEY_CHARS: usize = 500;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Perpetrator,
    Organisation,
    Vehicle,
    Place,
    Victim,
    Witness,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Perpetrator,
        Kind::Organisation,
        Kind::Vehicle,
        Kind::Place,
        Kind::Victim,
        Kind::Witness,
    ];

    /// The stable name stored in the index and printed in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Perpetrator => "perpetrator",
            Kind::Organisation => "organisation",
            Kind::Vehicle => "vehicle",
            Kind::Place => "place",
            Kind::Victim => "victim",
            Kind::Witness => "witness",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The key a user-typed name of this kind is looked up by. A vehicle typed with exactly
    /// one plate in it (`серая приора 01KG123ABC`) is that plate, as [`extract`] indexes it.
    pub fn key_of(self, typed: &str) -> String {
        match self {
            Kind::Vehicle => match find_plates(typed).as_slice() {
                [(key, _)] => key.clone(),
                _ => fold_name(typed),
            },
            _ => fold_name(typed),
        }
    }
}

/// One entity named by an incident.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entity {
    pub kind: Kind,
    /// The folded key: equal keys are the same entity.
    pub key: String,
    /// How it was written (trimmed), for display.
    pub display: String,
}

fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Fold a name for matching: NFC, lowercase, `ё` → `е`, invisible characters removed,
/// whitespace collapsed, trimmed, at most [`MAX_KEY_CHARS`] characters. Idempotent.
///
/// The order matters for idempotence: invisible characters go first (one between a letter
/// and a combining mark would otherwise keep them apart until a second fold), and `ё` is
/// folded on the decomposed text by dropping the diaeresis from every mark run on an `е`
/// (mapping the composed `ё` alone left `ё` + U+0308 composing into a new `ё`).
pub fn fold_name(s: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut pending_space = false;
    // Whether the current mark run follows an `е`.
    let mut on_ie = false;
    for c in s
        .chars()
        .filter(|c| c.is_whitespace() || !is_invisible(*c))
        .nfd()
        .flat_map(char::to_lowercase)
        .nfd()
        .filter(|&c| {
            if unicode_normalization::char::canonical_combining_class(c) == 0 {
                on_ie = c == 'е';
                true
            } else {
                !(on_ie && c == '\u{308}')
            }
        })
        .nfc()
    {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if pending_space {
            if n + 1 >= MAX_KEY_CHARS {
                break;
            }
            out.push(' ');
            n += 1;
            pending_space = false;
        }
        if n >= MAX_KEY_CHARS {
            break;
        }
        out.push(c);
        n += 1;
    }
    out
}

/// A plate character folded: ASCII digits stay, letters become uppercase Latin (Cyrillic
/// look-alikes included), separators are `Sep`, anything else `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum P {
    Digit(u8),
    Letter(u8),
    Sep,
    Other,
}

fn plate_char(c: char) -> P {
    match c {
        '0'..='9' => P::Digit(c as u8),
        'a'..='z' => P::Letter(c.to_ascii_uppercase() as u8),
        'A'..='Z' => P::Letter(c as u8),
        ' ' | '-' | '\u{00A0}' | '\u{2009}' | '\u{202F}' | '\u{2010}' | '\u{2011}' | '\t' => P::Sep,
        _ => match cyrillic_lookalike(c) {
            Some(l) => P::Letter(l),
            None => P::Other,
        },
    }
}

/// Cyrillic letters that look like Latin ones on a plate.
fn cyrillic_lookalike(c: char) -> Option<u8> {
    Some(match c {
        'А' | 'а' => b'A',
        'В' | 'в' => b'B',
        'Е' | 'е' => b'E',
        'К' | 'к' => b'K',
        'М' | 'м' => b'M',
        'Н' | 'н' => b'H',
        'О' | 'о' => b'O',
        'Р' | 'р' => b'P',
        'С' | 'с' => b'C',
        'Т' | 'т' => b'T',
        'У' | 'у' => b'Y',
        'Х' | 'х' => b'X',
        _ => return None,
    })
}

/// Try to read a plate starting at `i` (a word start). Returns the canonical key and the
/// index after the plate.
fn plate_at(cs: &[P], mut i: usize, gcyr: &[bool], alnum: &[bool]) -> Option<(String, usize)> {
    let mut key = String::with_capacity(10);
    let digits = |cs: &[P], i: &mut usize, n: usize, key: &mut String| -> bool {
        for _ in 0..n {
            match cs.get(*i) {
                Some(P::Digit(d)) => key.push(*d as char),
                _ => return false,
            }
            *i += 1;
        }
        true
    };
    let seps = |cs: &[P], i: &mut usize| {
        let mut n = 0;
        while n < 2 && cs.get(*i) == Some(&P::Sep) {
            *i += 1;
            n += 1;
        }
    };
    if !digits(cs, &mut i, 2, &mut key) {
        return None;
    }
    seps(cs, &mut i);
    // The optional country code: KG (also Cyrillic КГ).
    if cs.get(i) == Some(&P::Letter(b'K'))
        && (cs.get(i + 1) == Some(&P::Letter(b'G')) || gcyr.get(i + 1) == Some(&true))
    {
        i += 2;
        seps(cs, &mut i);
    }
    key.push_str("KG");
    if !digits(cs, &mut i, 3, &mut key) {
        return None;
    }
    seps(cs, &mut i);
    for _ in 0..3 {
        match cs.get(i) {
            Some(P::Letter(l)) => key.push(*l as char),
            _ => return None,
        }
        i += 1;
    }
    // The plate must end at a word boundary.
    match cs.get(i) {
        None | Some(P::Sep) => Some((key, i)),
        Some(P::Other) if !alnum[i] => Some((key, i)),
        Some(_) => None,
    }
}

/// Part of a plate as typed, folded like plates are: separators dropped, letters uppercase
/// Latin (Cyrillic look-alikes included); other characters kept. For partial matches.
pub fn fold_plate_part(s: &str) -> String {
    s.chars()
        .filter_map(|c| match plate_char(c) {
            P::Digit(d) | P::Letter(d) => Some(d as char),
            P::Sep => None,
            P::Other => Some(c),
        })
        .collect()
}

/// Every Kyrgyz plate in `text`, as canonical keys with the text as written, in order of
/// appearance, without duplicates, at most [`MAX_PLATES_PER_TEXT`].
pub fn find_plates(text: &str) -> Vec<(String, String)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let cs: Vec<P> = chars.iter().map(|&(_, c)| plate_char(c)).collect();
    let gcyr: Vec<bool> = chars.iter().map(|&(_, c)| c == 'Г' || c == 'г').collect();
    let alnum: Vec<bool> = chars.iter().map(|&(_, c)| c.is_alphanumeric()).collect();
    let mut seen = BTreeSet::new();
    let mut out = vec![];
    let mut i = 0;
    while i < cs.len() && out.len() < MAX_PLATES_PER_TEXT {
        let at_word_start = i == 0 || !alnum[i - 1];
        if at_word_start && matches!(cs[i], P::Digit(_)) {
            if let Some((key, end)) = plate_at(&cs, i, &gcyr, &alnum) {
                let from = chars[i].0;
                let to = chars.get(end).map_or(text.len(), |&(b, _)| b);
                if seen.insert(key.clone()) {
                    out.push((key, text[from..to].trim().to_owned()));
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The canonical key of a text that is exactly one plate (surrounding whitespace allowed),
/// or None. `canonical_plate(&canonical_plate(x)?) == canonical_plate(x)`.
pub fn canonical_plate(s: &str) -> Option<String> {
    let t = s.trim();
    let found = find_plates(t);
    match found.as_slice() {
        [(key, written)] if written.chars().count() == t.chars().count() => Some(key.clone()),
        _ => None,
    }
}

type Found = BTreeMap<(Kind, String), String>;

fn display_of(text: &str) -> String {
    let d: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    d.chars()
        .filter(|&c| !is_invisible(c))
        .take(MAX_KEY_CHARS)
        .collect()
}

fn push(out: &mut Found, kind: Kind, text: &str) {
    let key = fold_name(text);
    if !key.is_empty() {
        out.entry((kind, key)).or_insert_with(|| display_of(text));
    }
}

/// The entities an incident names, sorted and without duplicates (one per kind and key).
pub fn extract(inc: &Incident) -> Vec<Entity> {
    let mut out = Found::new();
    let mut plates: Vec<(String, String)> = vec![];
    for p in &inc.perpetrators {
        push(&mut out, Kind::Perpetrator, &p.description);
        push(&mut out, Kind::Organisation, &p.agency);
        for v in &p.vehicles {
            let found = find_plates(v);
            if found.is_empty() {
                // A vehicle without a readable plate ("grey Lada") is kept by its words.
                push(&mut out, Kind::Vehicle, v);
            }
            plates.extend(found);
        }
    }
    for v in &inc.victims {
        push(&mut out, Kind::Victim, v);
    }
    for w in &inc.witnesses {
        push(&mut out, Kind::Witness, w);
    }
    push(&mut out, Kind::Place, &inc.location.text);
    plates.extend(find_plates(&inc.title));
    plates.extend(find_plates(&inc.narrative));
    for (key, written) in plates {
        out.entry((Kind::Vehicle, key))
            .or_insert_with(|| display_of(&written));
    }
    out.into_iter()
        .map(|((kind, key), display)| Entity { kind, key, display })
        .collect()
}

/// Marks in `named` (one flag per merge) the merges whose merged spelling (`from`) `inc`
/// names. A report lists only the merges its incidents name: a spelling that no incident
/// of the report names any more (its incidents were deleted or amended, or are not in the
/// selection) is not shown there — it stays in `entities history` and the hash chain.
pub fn mark_merges_named(inc: &Incident, merges: &[Merge], named: &mut [bool]) {
    if merges.is_empty() {
        return;
    }
    for e in extract(inc) {
        for (m, flag) in merges.iter().zip(named.iter_mut()) {
            if m.kind == e.kind.as_str() && m.from == e.key {
                *flag = true;
            }
        }
    }
}

/// The id under which entity merges are kept in the hash chain (`revisions.incident_id`). It
/// can never be an incident id (those are six characters of Crockford base 32, upper case).
pub const MERGES_RECORD: &str = "entity-merges";

/// One merge in force: the entity `(kind, from)` is shown and counted as `(kind, into)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Merge {
    pub kind: String,
    pub from: String,
    pub from_name: String,
    pub into: String,
    pub into_name: String,
}

/// What one revision of the merges record did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum MergeChange {
    Merge(Merge),
    Unmerge(Merge),
}

/// The body of a revision of the merges record: the change it made and every merge in force
/// after it (so the newest revision alone is the current state).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<MergeChange>,
    pub merges: Vec<Merge>,
}

impl MergeState {
    /// The merge in force for `(kind, from)`, if any.
    pub fn find(&self, kind: Kind, from: &str) -> Option<&Merge> {
        self.merges
            .iter()
            .find(|m| m.kind == kind.as_str() && m.from == from)
    }

    /// The state after merging `(kind, from)` into `(kind, into)`. Merges that pointed at
    /// `from` now point at `into` (no chains: every merge names its final entity).
    pub fn merged(&self, m: Merge) -> MergeState {
        let mut merges: Vec<Merge> = self
            .merges
            .iter()
            .cloned()
            .map(|mut x| {
                if x.kind == m.kind && x.into == m.from {
                    x.into = m.into.clone();
                    x.into_name = m.into_name.clone();
                }
                x
            })
            .collect();
        merges.push(m.clone());
        merges.sort_by(|a, b| (&a.kind, &a.from).cmp(&(&b.kind, &b.from)));
        MergeState {
            change: Some(MergeChange::Merge(m)),
            merges,
        }
    }

    /// The state after undoing the merge of `(kind, from)`; None if there is none.
    pub fn unmerged(&self, kind: Kind, from: &str) -> Option<MergeState> {
        let m = self.find(kind, from)?.clone();
        let merges = self.merges.iter().filter(|x| **x != m).cloned().collect();
        Some(MergeState {
            change: Some(MergeChange::Unmerge(m)),
            merges,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(t: &str) -> Vec<String> {
        find_plates(t).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn plate_forms_fold_to_one_key() {
        for t in [
            "01KG 123ABC",
            "01 123 ABC",
            "01KG123ABC",
            "01kg123abc",
            "01-KG-123-ABC",
            "01 KG 123 ABC",
            "01KG123АВС",   // Cyrillic А В С
            "01КГ 123 АВС", // Cyrillic К Г
            "01\u{a0}KG\u{a0}123\u{a0}ABC",
            "  01 кg 123 abc  ",
        ] {
            assert_eq!(canonical_plate(t).as_deref(), Some("01KG123ABC"), "{t:?}");
        }
    }

    #[test]
    fn not_plates() {
        for t in [
            "",
            "01KG 123AB",
            "1KG123ABC",
            "001KG123ABC",
            "01KG123ABCD",
            "01KG1234ABC",
            "01KG123ABC extra",
            "01KG  -  123ABC",
            "01KG123ЖЖЖ",
            "01KG123ABCж",
            "12345",
        ] {
            assert_eq!(canonical_plate(t), None, "{t:?}");
        }
    }

    #[test]
    fn plates_in_narratives() {
        let n = "Серая Лада 01KG 123ABC стояла два часа; потом 08 456 ХОР (кириллица) и \
                 снова 01kg123abc. Телефон 0555 123 456, дом 12А, x01KG123ABC нет.";
        assert_eq!(keys(n), ["01KG123ABC", "08KG456XOP"]);
        let (_, written) = &find_plates(n)[1];
        assert_eq!(written, "08 456 ХОР");
        assert!(
            keys("Ак машина, номери 02KG777ААА, Токтогул көчөсү").contains(&"02KG777AAA".into())
        );
    }

    #[test]
    fn canonical_is_idempotent_and_bounded() {
        let k = canonical_plate("07 кг 001 exx").unwrap();
        assert_eq!(canonical_plate(&k).as_deref(), Some(k.as_str()));
        let huge = "01KG123ABC ".repeat(10_000);
        assert_eq!(keys(&huge).len(), 1);
        let many: String = (0..5_000)
            .map(|i| format!("{:02}KG{:03}ABC ", i % 100, i % 1000))
            .collect();
        assert!(keys(&many).len() <= MAX_PLATES_PER_TEXT);
    }

    #[test]
    fn names_fold() {
        assert_eq!(fold_name("  Семён   Петров "), "семен петров");
        assert_eq!(fold_name("СЕМЁН\tПЕТРОВ"), "семен петров");
        assert_eq!(fold_name("Айгүл\u{200B} Өмүрова"), "айгүл өмүрова");
        // NFC: ё written as е + combining diaeresis, й as и + combining breve.
        assert_eq!(fold_name("Семе\u{308}н"), "семен");
        assert_eq!(fold_name("Ои\u{306}рат"), fold_name("Ойрат"));
        assert_eq!(fold_name(&fold_name("ЁЛКА Ңоо")), fold_name("ЁЛКА Ңоо"));
        assert_eq!(fold_name(" \u{202E} "), "");
        // Found by the `plates` fuzz target: an invisible character between a letter and its
        // combining mark, and a diaeresis on `ё`, each made a second fold differ.
        for t in [
            "0q -1&3 .  \u{421}\u{435}\u{43c}\u{435}ABa\u{0}\u{308}\u{43d}   \u{41f}",
            "a\u{200B}\u{308}",
            "\u{451}\u{308}",
            "\u{415}\u{308}\u{308}x",
            "\u{435}\u{301}\u{308}",
        ] {
            let once = fold_name(t);
            assert_eq!(fold_name(&once), once, "{t:?}");
        }
        assert_eq!(fold_name("a\u{200B}\u{308}"), "\u{e4}");
        assert_eq!(fold_name("\u{451}\u{308}"), "\u{435}");
        assert!(fold_name(&"ж ".repeat(10_000)).chars().count() <= MAX_KEY_CHARS);
    }

    #[test]
    fn extract_from_an_incident() {
        let inc: Incident = serde_json::from_value(serde_json::json!({
            "id": "AAAAAA", "title": "Машина 01 123 ABC", "recorded": "2026-11-27T00:00:00Z",
            "occurred": {"text": "x", "precision": "unknown"},
            "location": {"text": "Бишкек,  Токтогул көчөсү"},
            "category": "followed", "tags": [],
            "narrative": "Та же машина 01KG123АВС и ещё 02KG555XYZ.",
            "perpetrators": [
                {"description": "Двое в штатском", "agency": "ГКНБ", "vehicles": ["серая Лада 01KG 123ABC", "белый Камри"]},
                {"description": "двое  в штатском"}
            ],
            "victims": ["Айгүл"], "witnesses": ["Семён", "семен", ""],
            "source": "", "reliability": "unknown", "confidentiality": "confidential"
        }))
        .unwrap();
        let e = extract(&inc);
        let got: Vec<(&str, &str)> = e
            .iter()
            .map(|e| (e.kind.as_str(), e.key.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("perpetrator", "двое в штатском"),
                ("organisation", "гкнб"),
                ("vehicle", "01KG123ABC"),
                ("vehicle", "02KG555XYZ"),
                ("vehicle", "белый камри"),
                ("place", "бишкек, токтогул көчөсү"),
                ("victim", "айгүл"),
                ("witness", "семен"),
            ]
        );
        let v = e.iter().find(|e| e.key == "01KG123ABC").unwrap();
        assert_eq!(v.display, "01KG 123ABC");
    }

    #[test]
    fn vehicle_typed_with_one_plate_is_the_plate() {
        assert_eq!(
            Kind::Vehicle.key_of("серая приора 01KG123АВС"),
            "01KG123ABC"
        );
        assert_eq!(Kind::Vehicle.key_of("Серая  Приора"), "серая приора");
        assert_eq!(
            Kind::Vehicle.key_of("01KG123ABC и 02KG123ABC"),
            "01kg123abc и 02kg123abc"
        );
    }

    #[test]
    fn merges_flatten_and_undo() {
        let m = |from: &str, into: &str| Merge {
            kind: "vehicle".into(),
            from: from.into(),
            from_name: from.into(),
            into: into.into(),
            into_name: into.into(),
        };
        let s = MergeState::default().merged(m("a", "b"));
        let s = s.merged(m("b", "c"));
        assert_eq!(s.find(Kind::Vehicle, "a").unwrap().into, "c", "no chains");
        assert_eq!(s.find(Kind::Vehicle, "b").unwrap().into, "c");
        assert!(s.find(Kind::Place, "a").is_none());
        let u = s.unmerged(Kind::Vehicle, "b").unwrap();
        assert_eq!(u.change, Some(MergeChange::Unmerge(m("b", "c"))));
        assert_eq!(u.merges, [m("a", "c")]);
        assert!(u.unmerged(Kind::Vehicle, "b").is_none());
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(serde_json::from_str::<MergeState>(&json).unwrap(), u);
        assert!(json.contains(r#""op":"unmerge""#), "{json}");
    }

    #[test]
    fn no_entities() {
        let inc: Incident = serde_json::from_value(serde_json::json!({
            "id": "AAAAAA", "title": "t", "recorded": "2026-11-27T00:00:00Z",
            "occurred": {"text": "x", "precision": "unknown"},
            "location": {"text": ""}, "category": "other", "tags": [], "narrative": "",
            "perpetrators": [], "victims": [], "witnesses": [],
            "source": "", "reliability": "unknown", "confidentiality": "confidential"
        }))
        .unwrap();
        assert!(extract(&inc).is_empty());
    }
}
