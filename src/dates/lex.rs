//! Normalisation and tokenizer.
//!
//! The input is lower-cased and *folded*: `ё`→`е`, and the Kyrgyz letters `ү ө ң` → `у о н`
//! (many people type Kyrgyz on a Russian keyboard). Word tables are compared through the same
//! fold, so they can be written in proper spelling.

use super::words::{Case, KY_SUFFIXES, MONTHS, WEEKDAYS};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// A run of ASCII digits: its value and how many digits were typed ("05" has 2).
    Num(u32, usize),
    Word(String),
    /// One of `: . .. - – / ~ +`.
    Sym(&'static str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tok {
    pub kind: Kind,
    /// No whitespace between this token and the one before ("15те", "3-март", "14:30").
    pub glued: bool,
}

/// Folds one lower-case character the way tokens are folded.
pub(super) fn fold_char(c: char) -> char {
    match c {
        'ё' => 'е',
        'ү' => 'у',
        'ө' => 'о',
        'ң' => 'н',
        '’' | '‘' | 'ʼ' | '`' => '\'',
        '—' | '−' => '–',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// True if a (folded) token equals a table entry written in normal spelling.
pub(super) fn eq_folded(token: &str, entry: &str) -> bool {
    token.chars().eq(entry.chars().map(fold_char))
}

/// Lower-cases, folds, composes the two decomposed letters that matter (`й`, `ё`), spells out
/// `a.m.`/`p.m.`, collapses whitespace and drops trailing punctuation (one final full stop,
/// but not "..", which would be an open range). Also says whether the phrase ended in "?".
pub(super) fn normalize(input: &str) -> (String, bool) {
    let mut s = String::with_capacity(input.len());
    for c in input.trim().chars().flat_map(char::to_lowercase) {
        match c {
            '\u{306}' if s.ends_with('и') => {
                s.pop();
                s.push('й');
            }
            '\u{308}' if s.ends_with('е') => {}
            c => {
                let c = fold_char(c);
                if !(c == ' ' && (s.is_empty() || s.ends_with(' '))) {
                    s.push(c);
                }
            }
        }
    }
    let mut s = s.replace("a.m.", "am").replace("p.m.", "pm");
    let mut question = false;
    while let Some(c) = s.chars().last().filter(|c| ",!;?… ".contains(*c)) {
        question |= c == '?';
        s.pop();
    }
    if s.ends_with('.') && !s.ends_with("..") {
        s.pop();
    }
    (
        s.trim_end().replace("a.m", "am").replace("p.m", "pm"),
        question,
    )
}

/// Splits a normalised string into tokens; `None` for a character no phrase can contain.
pub(super) fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = s.chars().collect();
    let mut toks = Vec::new();
    let mut glued = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == ',' {
            glued = false;
            i += 1;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start > 9 {
                return None;
            }
            let text: String = chars[start..i].iter().collect();
            Kind::Num(text.parse().ok()?, i - start)
        } else if c.is_alphabetic() {
            let start = i;
            // Letters, plus a hyphen or apostrophe between two letters ("где-то", "o'clock").
            while i < chars.len()
                && (chars[i].is_alphabetic()
                    || ((chars[i] == '-' || chars[i] == '\'')
                        && chars.get(i + 1).is_some_and(|c| c.is_alphabetic())))
            {
                i += 1;
            }
            Kind::Word(chars[start..i].iter().collect())
        } else {
            i += 1;
            Kind::Sym(match c {
                ':' => ":",
                '.' if chars.get(i) == Some(&'.') => {
                    i += 1;
                    ".."
                }
                '.' => ".",
                '-' => "-",
                '–' => "–",
                '/' => "/",
                '~' => "~",
                '+' => "+",
                _ => return None,
            })
        };
        toks.push(Tok { kind, glued });
        glued = true;
    }
    Some(split_suffixes(toks))
}

/// Kyrgyz glues case endings to month and weekday names ("мартта", "марттан", "шаршембиде").
/// Split them off as their own (glued) token so the grammar sees `март` + `та`, just as it sees
/// `15` + `те` for a number.
fn split_suffixes(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    for tok in toks {
        if let Kind::Word(w) = &tok.kind {
            if !is_stem(w) {
                let found = KY_SUFFIXES.iter().find_map(|(suf, _)| {
                    let suf: String = suf.chars().map(fold_char).collect();
                    let stem = w.strip_suffix(suf.as_str())?;
                    is_stem(stem).then(|| (stem.to_string(), suf))
                });
                if let Some((stem, suf)) = found {
                    out.push(Tok {
                        kind: Kind::Word(stem),
                        glued: tok.glued,
                    });
                    out.push(Tok {
                        kind: Kind::Word(suf),
                        glued: true,
                    });
                    continue;
                }
            }
        }
        out.push(tok);
    }
    out
}

fn is_stem(w: &str) -> bool {
    !w.is_empty()
        && (MONTHS.iter().any(|(m, _)| eq_folded(w, m))
            || WEEKDAYS
                .iter()
                .any(|(d, _)| !d.contains(' ') && eq_folded(w, d)))
}

// ---- helpers the grammar uses to look at tokens ----

pub(super) fn word(t: &[Tok], i: usize) -> Option<&str> {
    match &t.get(i)?.kind {
        Kind::Word(w) => Some(w),
        _ => None,
    }
}

/// A number at `i`: (value, digits typed).
pub(super) fn num(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    match t.get(i)?.kind {
        Kind::Num(v, d) => Some((v, d)),
        _ => None,
    }
}

pub(super) fn sym(t: &[Tok], i: usize, s: &str) -> bool {
    matches!(t.get(i), Some(Tok { kind: Kind::Sym(x), .. }) if *x == s)
}

pub(super) fn glued(t: &[Tok], i: usize) -> bool {
    t.get(i).is_some_and(|t| t.glued)
}

/// Matches a table entry of one or more space-separated words at `i`; returns the index after it.
pub(super) fn phrase(t: &[Tok], i: usize, entry: &str) -> Option<usize> {
    let mut k = i;
    for w in entry.split(' ') {
        if !eq_folded(word(t, k)?, w) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// Every entry of `table` that matches at `i`, with the index after it.
pub(super) fn lookup<T: Copy>(t: &[Tok], i: usize, table: &[(&str, T)]) -> Vec<(T, usize)> {
    table
        .iter()
        .filter_map(|(e, v)| Some((*v, phrase(t, i, e)?)))
        .collect()
}

/// Every entry of `list` that matches at `i`, as the index after it.
pub(super) fn any_of(t: &[Tok], i: usize, list: &[&str]) -> Vec<usize> {
    list.iter().filter_map(|e| phrase(t, i, e)).collect()
}

/// A Kyrgyz case ending glued to the token before it (optionally after a hyphen: "15-те").
/// Returns the case and the index after it.
pub(super) fn ky_suffix(t: &[Tok], i: usize) -> Option<(Case, usize)> {
    let j = if sym(t, i, "-") && glued(t, i) {
        i + 1
    } else {
        i
    };
    if !glued(t, j) {
        return None;
    }
    let w = word(t, j)?;
    KY_SUFFIXES
        .iter()
        .find(|(s, _)| eq_folded(w, s))
        .map(|(_, c)| (*c, j + 1))
}
