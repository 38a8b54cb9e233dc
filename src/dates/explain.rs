//! Which word of a refused phrase was not understood, so that the CLI can say
//! «не понял слово „пятнеца“ (может быть, „пятница“?)» instead of a bare "not understood".
//!
//! A word is *known* if every alphabetic token it splits into (after the same lower-casing,
//! folding and Kyrgyz suffix splitting as the parser) appears in one of the word tables. The
//! first unknown word is reported with its byte span in the input as given. When every word is
//! known the phrase was refused for its structure ("вчера вчера"), and no word is named.

use super::lex::{self, fold_char, Kind};
use super::words::*;
use super::{parse, DateError, Occurred};
use jiff::Zoned;

/// A word the parser did not understand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    /// The word exactly as typed, without surrounding punctuation (a slice of the input).
    pub word: String,
    /// Byte span of `word` in the input passed to [`parse_detailed`] (not trimmed):
    /// `&input[start..end] == word`.
    pub start: usize,
    pub end: usize,
    /// The closest known word (one or two typing slips), in proper spelling, if exactly one
    /// word is closest: "пятнеца" → "пятница".
    pub suggestion: Option<&'static str>,
}

/// A refused phrase: the error, and for [`DateError::NotUnderstood`] the word that was not
/// understood, when one can be named. `Display` is English and never repeats the input; the
/// CLI shows `unknown_word` through the `err-date-unknown-word` message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct ParseFailure {
    pub error: DateError,
    pub unknown_word: Option<UnknownWord>,
}

/// [`parse`], and on failure the word it did not understand.
pub fn parse_detailed(input: &str, now: &Zoned) -> Result<Occurred, ParseFailure> {
    parse(input, now).map_err(|error| {
        let unknown_word = match error {
            DateError::NotUnderstood => unknown_word(input),
            _ => None,
        };
        ParseFailure {
            error,
            unknown_word,
        }
    })
}

/// The first word of `input` that no table knows, with its byte span. Never panics.
pub fn unknown_word(input: &str) -> Option<UnknownWord> {
    let mut start = None;
    for (i, c) in input.char_indices().chain([(input.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                start = None;
                if let Some(w) = check_word(input, s, i) {
                    return Some(w);
                }
            }
            _ => {}
        }
    }
    None
}

/// Punctuation that may surround a word without being part of it.
fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '!' | '?' | '(' | ')' | '«' | '»' | '"' | '„' | '“' | '”' | '…' | '.'
    )
}

fn check_word(input: &str, s: usize, e: usize) -> Option<UnknownWord> {
    let raw = &input[s..e];
    let lead = raw.len() - raw.trim_start_matches(is_edge_punct).len();
    let core = raw.trim_start_matches(is_edge_punct);
    let core_end = core.trim_end_matches(is_edge_punct);
    let (start, end) = (s + lead, s + lead + core_end.len());
    let word = &input[start..end];
    if word.is_empty() {
        return None;
    }
    let (norm, _) = lex::normalize(word);
    let unknown = |best: Option<&'static str>| UnknownWord {
        word: word.to_string(),
        start,
        end,
        suggestion: best,
    };
    let Some(toks) = lex::tokenize(&norm) else {
        return Some(unknown(None));
    };
    for t in &toks {
        if let Kind::Word(w) = &t.kind {
            if !known(w) {
                // Suggest only for a whole word: "27синдеқ" → "синде" would confuse.
                let whole = toks.len() == 1;
                return Some(unknown(if whole { suggest(w) } else { None }));
            }
        }
    }
    None
}

/// Every word the tables know, in proper spelling (multi-word entries split at spaces).
fn vocabulary() -> impl Iterator<Item = &'static str> {
    let lists: [&[&'static str]; 18] = [
        UNKNOWN,
        HEDGES,
        AGO,
        LAST,
        THIS,
        KY_DAY_POSSESSIVE,
        MONTH_WORD,
        YEAR_WORDS,
        TIME_PREPS,
        DAY_PREPS,
        HOUR_WORDS,
        OCLOCK,
        NOON,
        ORDINALS,
        RU_ORDINALS,
        KY_UNTIL,
        &["t", "z", "of", "the", "on", "and", "күнү", "жылдын", "жылы"],
        &["from", "between", "с", "со", "от", "между", "и"],
    ];
    let flat = lists.into_iter().flat_map(|l| l.iter().copied());
    let keyed = DAY_WORDS
        .iter()
        .map(|e| e.0)
        .chain(PARTS.iter().map(|e| e.0))
        .chain(PARTS_BEFORE_HOUR.iter().map(|e| e.0))
        .chain(PARTS_AFTER_HOUR.iter().map(|e| e.0))
        .chain(NUMBER_WORDS.iter().map(|e| e.0))
        .chain(UNITS.iter().map(|e| e.0))
        .chain(FIXED_AGO.iter().map(|e| e.0))
        .chain(WEEKDAYS.iter().map(|e| e.0))
        .chain(MONTHS.iter().map(|e| e.0))
        .chain(PERIODS.iter().map(|e| e.0))
        .chain(AM_PM.iter().map(|e| e.0))
        .chain(KY_SUFFIXES.iter().map(|e| e.0))
        .chain(
            RANGE_PAIRS
                .iter()
                .flat_map(|(o, seps)| o.iter().chain(seps.iter()))
                .copied(),
        );
    flat.chain(keyed).flat_map(|e| e.split(' '))
}

fn known(w: &str) -> bool {
    vocabulary().any(|v| lex::eq_folded(w, v))
}

/// The single closest known word within 1 edit (2 edits for words of 7+ letters).
fn suggest(w: &str) -> Option<&'static str> {
    let w: Vec<char> = w.chars().collect();
    if w.len() < 3 || w.len() > 30 {
        return None;
    }
    let limit = if w.len() < 7 { 1 } else { 2 };
    let mut best: Option<(usize, &'static str)> = None;
    let mut tie = false;
    for v in vocabulary() {
        let vf: Vec<char> = v
            .chars()
            .flat_map(char::to_lowercase)
            .map(fold_char)
            .collect();
        if vf.len() < 3 || !v.chars().all(char::is_alphabetic) {
            continue;
        }
        let d = distance(&w, &vf);
        if d > limit {
            continue;
        }
        match best {
            Some((bd, bv)) if d == bd && bv != v => tie = true,
            Some((bd, _)) if d >= bd => {}
            _ => {
                best = Some((d, v));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.map(|(_, v)| v)
    }
}

/// Levenshtein distance (insert, delete, substitute).
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
