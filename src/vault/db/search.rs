//! Search that speaks the users' languages: the words of an incident and of a query are
//! reduced to the same terms before they meet in the `incident_stems` index (FTS5,
//! contentless, inside the encrypted database, `secure-delete` on).
//!
//! For every word (lowercased, `ё` folded to `е`) the index holds:
//!
//! - the word itself (a query word matches it as a prefix, as search always did);
//! - its Snowball stem (`rust-stemmers`): Russian for Cyrillic words, English for Latin ones
//!   (`обыске` and `обыск` → `обыск`; `следили` and `следил` → `след`);
//! - its Kyrgyz stem: case endings, plural, possessive and a few derivational suffixes
//!   stripped, in every vowel-harmony variant (`үйгө`, `үйдө`, `үйлөрдөн` → `үй`;
//!   `милициядан` → `милиция`). See [`kyrgyz_stem`] for the list; docs/incident-model.md says
//!   what it covers and what not.
//!
//! Stems are matched exactly, the word as a prefix. When nothing matches, `Db::list` falls back
//! to a substring scan of the live incidents (slow on a large vault, only then).
//!
//! The index stores no text it could give back (contentless): an incident's terms are removed
//! by recomputing them from its indexed state, so the terms must be a pure function of the
//! incident (they are: no clock, no language setting).

use rust_stemmers::{Algorithm, Stemmer};

/// Lowercase, fold `ё` to `е` (Russian writers often omit the dots) and drop the accents of
/// Latin letters (`café` → `cafe`). Cyrillic letters keep theirs (`й` is not `и`).
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    let mut prev_latin = false;
    for c in s.nfd() {
        let mark = ('\u{0300}'..='\u{036F}').contains(&c);
        if mark && prev_latin {
            continue;
        }
        if !mark {
            prev_latin = c.is_ascii_alphabetic();
        }
        out.push(c);
    }
    out.nfc()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// The words of a text, as the FTS5 `unicode61` tokenizer would cut them (runs of letters and
/// digits), folded.
pub fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn is_cyrillic(w: &str) -> bool {
    w.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

fn is_latin(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_alphabetic())
}

/// Kyrgyz suffixes stripped by [`kyrgyz_stem`], longest first within each group. Each group
/// lists every vowel-harmony and consonant-assimilation variant.
const KY_SUFFIXES: &[&str] = &[
    // possessive 1st/2nd person plural and polite: -ыбыз, -ыңыз, -ыңар
    "ыбыз", "ибиз", "убуз", "үбүз", "ыңыз", "иңиз", "уңуз", "үңүз", "ыңар", "иңер", "уңар",
    "үңөр", // ablative: -дан/-тан/-нан
    "дан", "ден", "дон", "дөн", "тан", "тен", "тон", "төн", "нан", "нен", "нон", "нөн",
    // genitive: -нын/-дын/-тын
    "нын", "нин", "нун", "нүн", "дын", "дин", "дун", "дүн", "тын", "тин", "тун", "түн",
    // plural: -лар/-дар/-тар
    "лар", "лер", "лор", "лөр", "дар", "дер", "дор", "дөр", "тар", "тер", "тор", "төр",
    // adjective/abstract: -лык, -дагы, -чы (agent)
    "лык", "лик", "лук", "лүк", "дагы", "деги", "догу", "дөгү", "тагы", "теги", "тогу",
    "төгү", // locative after a possessive: -нда
    "нда", "нде", "ндо", "ндө", // locative: -да/-та
    "да", "де", "до", "дө", "та", "те", "то",
    "тө", // dative: -га/-ка (and -на after a possessive)
    "га", "ге", "го", "гө", "ка", "ке", "ко", "кө", // accusative: -ны/-ды/-ты
    "ны", "ни", "ну", "нү", "ды", "ди", "ду", "дү", "ты", "ти", "ту", "тү",
    // possessive 2nd singular -ың, 3rd -сы
    "ың", "иң", "уң", "үң", "сы", "си", "су", "сү", // agent: -чы
    "чы", "чи", "чу", "чү",
];

/// The version of the terms [`terms`] makes. The index is contentless: an incident's terms
/// are removed by recomputing them, so terms made by another version of this code could not
/// be removed and would outlive a deletion. Any change to what `terms` returns for some word
/// (suffix list, rules, stemmer crate, Unicode tables) must raise this; a writable open then
/// rebuilds the index from the live incidents (`Db::restem_if_needed`).
/// 2: Kyrgyz suffixes only where vowel harmony and the stem's last sound allow them.
pub const STEMS_VERSION: u32 = 2;

/// The vowel class of a letter for Kyrgyz vowel harmony: (back, rounded). Russian loans'
/// iotated vowels count as their vowel (`я` as `а`, `ю` as `у`); `ё` is folded to `е` first.
fn vowel_class(c: char) -> Option<(bool, bool)> {
    match c {
        'а' | 'ы' | 'я' => Some((true, false)),
        'о' | 'у' | 'ю' => Some((true, true)),
        'е' | 'и' | 'э' => Some((false, false)),
        'ө' | 'ү' => Some((false, true)),
        _ => None,
    }
}

fn is_voiceless(c: char) -> bool {
    matches!(c, 'к' | 'п' | 'т' | 'с' | 'ш' | 'ч' | 'х' | 'ф' | 'ц' | 'щ')
}

/// Whether Kyrgyz grammar allows `suffix` right after `stem`: its first vowel follows the
/// stem's last vowel (low vowels: `а` after а/ы/у/я, `о` after о/ю, `е` after е/и, `ө` after
/// ө/ү; high vowels: `ы` after а/ы, `у` after о/у, `и` after е/и, `ү` after ө/ү), and its
/// first consonant fits the stem's last sound (`т`/`к` only after a voiceless consonant,
/// `д`/`г`/`л` never after one, `н`/`с` only after a vowel or `н`, a vowel only after a
/// consonant). Without this, Russian words lost their endings as if they were Kyrgyz
/// (`карта` → `кар`, `менты` → `мен`) and a search found unrelated incidents.
fn suffix_fits(stem: &[char], suffix: &str) -> bool {
    let Some(&last) = stem.last() else {
        return false;
    };
    let Some(stem_vowel) = stem
        .iter()
        .rev()
        .find_map(|&c| vowel_class(c).map(|v| (c, v)))
    else {
        return false;
    };
    let Some(suffix_vowel) = suffix.chars().find(|&c| vowel_class(c).is_some()) else {
        return false;
    };
    let high = matches!(suffix_vowel, 'ы' | 'у' | 'и' | 'ү');
    let (back, round) = stem_vowel.1;
    let want = match (high, back, round) {
        (false, true, false) => 'а',
        (false, true, true) if matches!(stem_vowel.0, 'у') => 'а',
        (false, true, true) => 'о',
        (false, false, false) => 'е',
        (false, false, true) => 'ө',
        (true, true, false) => 'ы',
        (true, true, true) => 'у',
        (true, false, false) => 'и',
        (true, false, true) => 'ү',
    };
    if suffix_vowel != want {
        return false;
    }
    let stem_ends_in_vowel = vowel_class(last).is_some();
    match suffix.chars().next() {
        Some('т' | 'к') => is_voiceless(last),
        Some('д' | 'г' | 'л') => !is_voiceless(last),
        Some('н' | 'с') => stem_ends_in_vowel || last == 'н',
        Some('ч') => true,
        Some(c) if vowel_class(c).is_some() => !stem_ends_in_vowel,
        _ => false,
    }
}

/// Strip Kyrgyz inflectional suffixes, repeatedly, from the end of a folded word: case
/// endings (genitive, dative, accusative, locative, ablative), plural, possessive
/// (2nd person, 3rd person `-сы`, plural forms) and `-лык`, `-дагы`, `-чы` — each only where
/// it fits the stem by vowel harmony and by the stem's last sound (`suffix_fits`). The
/// stem keeps at least three letters, or two when it holds a letter only Kyrgyz has (ң, ө,
/// ү), so that short Russian words are not cut to nothing. Not covered: verb forms, 1st
/// person singular possessive `-ым`, 3rd person `-ы`, the instrumental clitic `менен` (a
/// separate word), and stems that change at the joint (`китеби` → `китеп`).
pub fn kyrgyz_stem(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    let kyrgyz_letters = |w: &[char]| w.iter().any(|c| matches!(c, 'ң' | 'ө' | 'ү'));
    let min = |w: &[char]| if kyrgyz_letters(w) { 2 } else { 3 };
    'outer: loop {
        for s in KY_SUFFIXES {
            let n = s.chars().count();
            if w.len() > n
                && w.len() >= n + min(&w[..w.len() - n])
                && w[w.len() - n..].iter().copied().eq(s.chars())
                && suffix_fits(&w[..w.len() - n], s)
            {
                w.truncate(w.len() - n);
                continue 'outer;
            }
        }
        break;
    }
    w.into_iter().collect()
}

/// The search terms of one folded word: the word, its Snowball stem and its Kyrgyz stem
/// (deduplicated, the word first).
pub fn terms(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    let mut push = |s: String| {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    if is_cyrillic(word) {
        push(Stemmer::create(Algorithm::Russian).stem(word).into_owned());
        push(kyrgyz_stem(word));
    } else if is_latin(word) {
        push(Stemmer::create(Algorithm::English).stem(word).into_owned());
    }
    out
}

/// The text indexed in `incident_stems` for an incident's search fields: every term of
/// every word, separated by spaces.
pub fn index_text(fields: &[String]) -> String {
    let ru = Stemmer::create(Algorithm::Russian);
    let en = Stemmer::create(Algorithm::English);
    let mut out = String::new();
    for f in fields {
        for w in words(f) {
            out.push_str(&w);
            out.push(' ');
            let stem = if is_cyrillic(&w) {
                Some(ru.stem(&w).into_owned())
            } else if is_latin(&w) {
                Some(en.stem(&w).into_owned())
            } else {
                None
            };
            if let Some(s) = stem {
                if s != w {
                    out.push_str(&s);
                    out.push(' ');
                }
            }
            if is_cyrillic(&w) {
                let k = kyrgyz_stem(&w);
                if k != w {
                    out.push_str(&k);
                    out.push(' ');
                }
            }
        }
    }
    out
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The FTS5 query against `incident_stems` for what the user typed: every word must match,
/// each word by any of its terms (the word as a prefix, its stems exactly). Operators in the
/// input are taken literally (every term is quoted). Empty when the input has no word.
pub fn stem_query(q: &str) -> String {
    words(q)
        .iter()
        .map(|w| {
            let t = terms(w);
            let alts: Vec<String> = t
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    if i == 0 {
                        format!("{}*", quote(s))
                    } else {
                        quote(s)
                    }
                })
                .collect();
            format!("({})", alts.join(" OR "))
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Whether one folded text word matches a query word by the rules of [`stem_query`].
fn word_matches(text_word: &str, query_word: &str) -> bool {
    if text_word.starts_with(query_word) {
        return true;
    }
    let q = terms(query_word);
    terms(text_word).iter().any(|t| q[1..].contains(t))
}

/// Whether every word of the query occurs in the text (stems, prefixes, or as a substring:
/// the fallback scan).
pub fn matches_substring(texts: &[String], q: &str) -> bool {
    let hay: Vec<String> = texts.iter().map(|t| fold(t)).collect();
    words(q).iter().all(|w| {
        hay.iter()
            .any(|h| h.contains(w.as_str()) || words(h).iter().any(|tw| word_matches(tw, w)))
    })
}

/// A piece of `text` around the first word matching any word of the query (by prefix, stem or
/// substring), about `width` characters, with `…` where it was cut. Newlines become spaces.
/// None when nothing in `text` matches. The caller sanitises it for the terminal.
pub fn excerpt(text: &str, q: &str, width: usize) -> Option<String> {
    let qwords = words(q);
    if qwords.is_empty() {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    // Find words in the original text, with their char positions.
    let mut pos = None;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            let w = fold(&chars[start..i].iter().collect::<String>());
            if qwords
                .iter()
                .any(|q| word_matches(&w, q) || w.contains(q.as_str()))
            {
                pos = Some((start, i));
                break;
            }
        } else {
            i += 1;
        }
    }
    let (s, e) = pos?;
    let half = width.saturating_sub(e - s) / 2;
    let mut from = s.saturating_sub(half);
    let mut to = (e + half).min(chars.len());
    // Prefer cutting at a space.
    if from > 0 {
        if let Some(sp) = chars[from..s].iter().position(|c| c.is_whitespace()) {
            from += sp + 1;
        }
    }
    if to < chars.len() {
        if let Some(sp) = chars[e..to].iter().rposition(|c| c.is_whitespace()) {
            to = e + sp;
        }
    }
    let body: String = chars[from..to]
        .iter()
        .map(|c| if c.is_whitespace() { ' ' } else { *c })
        .collect();
    Some(format!(
        "{}{}{}",
        if from > 0 { "…" } else { "" },
        body.trim(),
        if to < chars.len() { "…" } else { "" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(query: &str, text: &str) -> bool {
        // The index side and the query side, matched as FTS5 would: a query word's first term
        // as a prefix of an indexed term, its other terms exactly.
        let idx: Vec<String> = index_text(&[text.to_owned()])
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        words(query).iter().all(|w| {
            let t = terms(w);
            idx.iter()
                .any(|i| i.starts_with(&t[0]) || t[1..].iter().any(|s| s == i))
        })
    }

    #[test]
    fn every_example_of_issue_13_finds_its_target() {
        for (q, text) in [
            ("обыске", "Был обыск в квартире"),
            ("серой машины", "Серая машина стояла у дома"),
            ("живет", "Он живёт у сестры"),
            ("елка", "Ёлка на площади"),
            ("следили", "За мной следил человек"),
            ("үйгө", "Алар үйдө болушту"),
            ("милиция", "милициядан эки киши келди"),
            ("обыск", "При обыске изъяли телефон"),
            ("cars", "a grey car"),
        ] {
            assert!(finds(q, text), "{q} should find {text}");
        }
        // and does not find what is not there
        assert!(!finds("обыск", "Серая машина"));
        assert!(!finds("үй", "милициядан"));
        assert!(
            finds("CAFÉ", "café résumé")
                && finds("cafe\u{301}", "cafe")
                && finds("resume", "résumé")
        );
    }

    #[test]
    fn kyrgyz_suffixes() {
        assert_eq!(kyrgyz_stem("үйгө"), "үй");
        assert_eq!(kyrgyz_stem("үйдө"), "үй");
        assert_eq!(kyrgyz_stem("үйлөрдөн"), "үй");
        assert_eq!(kyrgyz_stem("милициядан"), "милиция");
        assert_eq!(kyrgyz_stem("балдардын"), "бал");
        // short Russian words survive
        assert_eq!(kyrgyz_stem("вода"), "вода");
        // Russian words whose ending looks Kyrgyz but breaks harmony or the joint keep it
        // (review finding: each of these found unrelated Kyrgyz words).
        for w in [
            "менты",
            "мента",
            "карта",
            "бирка",
            "атака",
            "бартер",
            "сотка",
        ] {
            let stem = kyrgyz_stem(w);
            assert!(
                !["мен", "кан", "кар", "бир", "ата", "бар", "сот"].contains(&stem.as_str()),
                "{w} → {stem}"
            );
        }
        // More real Kyrgyz forms still reduce.
        assert_eq!(kyrgyz_stem("колдордон"), "кол");
        assert_eq!(kyrgyz_stem("кулдар"), "кул");
        assert_eq!(kyrgyz_stem("китептер"), "китеп");
        assert_eq!(kyrgyz_stem("мектепке"), "мектеп");
        assert_eq!(kyrgyz_stem("шаарда"), "шаар");
        assert_eq!(kyrgyz_stem("шаарга"), "шаар");
        assert_eq!(kyrgyz_stem("айылдан"), "айыл");
        assert_eq!(kyrgyz_stem("көчөдө"), "көчө");
    }

    #[test]
    fn query_is_quoted_and_grouped() {
        assert_eq!(stem_query(""), "");
        assert_eq!(stem_query("!!"), "");
        let q = stem_query("\"NEAR( OR");
        assert!(q.contains("\"near\"*"), "{q}");
        assert!(q.contains("\"or\"*"), "{q}");
    }

    #[test]
    fn excerpt_around_the_match() {
        let text = "Утром пришли трое. Долго стояли у подъезда, потом начался обыск в квартире соседа, забрали ноутбук.";
        let e = excerpt(text, "обыске", 40).unwrap();
        assert!(e.contains("обыск"), "{e}");
        assert!(e.starts_with('…') && e.ends_with('…'), "{e}");
        assert!(e.chars().count() <= 44, "{e}");
        assert_eq!(
            excerpt("короткий текст", "текст", 80).unwrap(),
            "короткий текст"
        );
        assert!(excerpt("ничего", "обыск", 40).is_none());
    }

    /// The terms are part of the stored format: pinned here with the version they belong to.
    /// If this fails after a change to stemming (or a crate or Unicode update), raise
    /// `STEMS_VERSION` and update the pinned text: vaults then rebuild their index at the next
    /// writable open instead of keeping terms no deletion can remove.
    #[test]
    fn terms_are_pinned_to_their_version() {
        let corpus = [
            "Обыски в квартирах; Ёлка и живёт — следили за милициядан үйлөрдөн".to_owned(),
            "Grey cars followed a CAFÉ owner, résumé 01KG123ABC".to_owned(),
        ];
        assert_eq!(
            (STEMS_VERSION, index_text(&corpus)),
            (2, PINNED.to_owned()),
            "the search terms changed: raise STEMS_VERSION"
        );
    }

    const PINNED: &str = "обыски обыск в квартирах квартир елка елк и живет следили след за \
        милициядан милицияда милиция үйлөрдөн үй grey cars car followed follow a cafe owner resume \
        resum 01kg123abc ";
}
