//! Text this vault did not write, and the one sanitizer every text passes before it reaches a
//! terminal, a log line or the HTML report.
//!
//! **The one table** ([`is_hidden`]): characters that change how a line reads without being
//! seen, or that a terminal obeys instead of showing:
//!
//! - C0 controls (U+0000–001F, except newline and tab, which are handled by the caller's
//!   mode), DEL (U+007F) and C1 controls (U+0080–009F): terminal escape sequences (ESC, CSI);
//! - bidirectional controls: U+061C, U+200E, U+200F, U+202A–202E, U+2066–2069;
//! - zero-width and invisible characters: U+00AD (soft hyphen), U+034F, U+115F, U+1160,
//!   U+17B4, U+17B5, U+180B–180F, U+200B–200D, U+2060–2065 and the deprecated format
//!   characters U+206A–206F, U+3164, U+FEFF, U+FFA0, U+FFF9–FFFB, U+1BCA0–1BCA3;
//! - line and paragraph separators U+2028, U+2029;
//! - tag characters U+E0000–E007F and the supplementary variation selectors U+E0100–E01EF
//!   (invisible; used to smuggle hidden text). The ordinary variation selectors U+FE00–FE0F
//!   are kept: they only choose a glyph's presentation (text or emoji) and hide nothing.
//!
//! **The replacement** is visible and reversible by eye: `[U+202E]` (upper-case hex, at
//! least four digits), the same in the terminal and in the report. Nothing is dropped
//! silently, so a reader sees that something was there. Newline and tab are kept in
//! multi-line text and become one space in single-line text.
//!
//! [`Untrusted`] holds a string from a bundle or any file this vault did not write. It has
//! no `Display`, no `Deref<Target = str>` and no `AsRef<str>`: the only ways to show it are
//! [`Untrusted::sanitized`] (terminal, logs) and [`Untrusted::html_escaped`] (the report).

use std::borrow::Cow;

/// Whether `c` is a character that must never reach a terminal or a report as itself (the
/// one table; see the module documentation). Newline and tab are *not* in it: each renderer
/// decides (kept in multi-line text, a space in one line).
pub fn is_hidden(c: char) -> bool {
    if c == '\n' || c == '\t' {
        return false;
    }
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{E0000}'..='\u{E007F}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// Bytes that may start a character of the table (or newline/tab), for the byte scan:
/// runs of anything else (ASCII letters, Cyrillic…) are copied whole.
const LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    let lead = [0x7f, 0xC2, 0xCD, 0xD8, 0xE1, 0xE2, 0xE3, 0xEF, 0xF0, 0xF3];
    let mut k = 0;
    while k < lead.len() {
        t[lead[k] as usize] = true;
        k += 1;
    }
    t
};

/// The visible form of a hidden character: `[U+202E]`.
pub fn visible(c: char) -> String {
    format!("[U+{:04X}]", c as u32)
}

fn scan(s: &str, html: bool, multiline: bool) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + s.len() / 64 + 16);
    let (mut run, mut i) = (0, 0);
    while i < b.len() {
        let x = b[i];
        let html_special = html && matches!(x, b'&' | b'<' | b'>' | b'"' | b'\'');
        if !LEAD[x as usize] && !html_special {
            i += 1;
            continue;
        }
        // `x` is ASCII or a UTF-8 lead byte: `i` is a character boundary.
        let c = s[i..].chars().next().expect("a char starts here");
        let len = c.len_utf8();
        let rep: Option<Cow<'static, str>> = match c {
            '\n' | '\t' if multiline => None,
            '\n' | '\t' => Some(" ".into()),
            '&' if html => Some("&amp;".into()),
            '<' if html => Some("&lt;".into()),
            '>' if html => Some("&gt;".into()),
            '"' if html => Some("&quot;".into()),
            '\'' if html => Some("&#39;".into()),
            c if is_hidden(c) => Some(visible(c).into()),
            _ => None,
        };
        if let Some(r) = rep {
            out.push_str(&s[run..i]);
            out.push_str(&r);
            run = i + len;
        }
        i += len;
    }
    out.push_str(&s[run..]);
    out
}

/// Text for a terminal or a log line: every character of the table made visible; newline
/// and tab kept when `multiline`, else one space each.
pub fn sanitize(s: &str, multiline: bool) -> String {
    scan(s, false, multiline)
}

/// Text for HTML element content or a quoted attribute: `& < > " '` escaped and every
/// character of the table made visible; newline and tab kept (the report's narrative keeps
/// its lines).
pub fn html_escape(s: &str) -> String {
    scan(s, true, true)
}

/// Serialized JSON made safe for a terminal without changing what it means: every character
/// of the table inside a string becomes a `\uXXXX` escape (a surrogate pair above U+FFFF).
/// JSON's structure is ASCII, so these characters can only be inside strings; serde_json
/// already escapes C0 controls.
pub fn json_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_hidden(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", u));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A string from a bundle or any file this vault did not write (manifest fields, incidents
/// of received bundles, file names, attachment names). It cannot be printed or formatted
/// as it is: no `Display`, no `Deref`, no `AsRef<str>`. Show it with [`Self::sanitized`] or
/// [`Self::html_escaped`]; JSON output serializes it as it is (the CLI makes the JSON text
/// terminal-safe with [`json_safe`]).
#[derive(Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Untrusted(String);

impl std::fmt::Debug for Untrusted {
    /// Sanitized, so a `{:?}` in a log or a panic cannot carry an escape sequence.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Untrusted({:?})", self.sanitized())
    }
}

/// Into the type is always safe (only the way out is restricted).
impl From<&str> for Untrusted {
    fn from(s: &str) -> Untrusted {
        Untrusted(s.to_owned())
    }
}

impl From<String> for Untrusted {
    fn from(s: String) -> Untrusted {
        Untrusted(s)
    }
}

impl Untrusted {
    pub fn new(s: impl Into<String>) -> Untrusted {
        Untrusted(s.into())
    }

    /// Bytes that may not be UTF-8 (a file name, a file's content): invalid sequences become
    /// U+FFFD.
    pub fn from_bytes(b: &[u8]) -> Untrusted {
        Untrusted(String::from_utf8_lossy(b).into_owned())
    }

    /// One line for a terminal or a log: the table made visible, newline and tab as spaces.
    pub fn sanitized(&self) -> String {
        sanitize(&self.0, false)
    }

    /// Several lines for a terminal (a narrative): the table made visible, newline and tab
    /// kept.
    pub fn sanitized_multiline(&self) -> String {
        sanitize(&self.0, true)
    }

    /// For the HTML report.
    pub fn html_escaped(&self) -> String {
        html_escape(&self.0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it is exactly `s` (comparison, not display).
    pub fn is(&self, s: &str) -> bool {
        self.0 == s
    }

    /// The string itself, to store, hash or parse — never to show. Every call site is a
    /// place where untrusted text leaves the type: keep them few (`grep into_stored`).
    pub fn into_stored(self) -> String {
        self.0
    }

    /// The string itself, inside the library only (to parse or store it).
    pub(crate) fn stored(&self) -> &str {
        &self.0
    }
}

/// A value whose strings all came from a sender (an incident or its history received in a
/// bundle): like [`Untrusted`] for a whole structure. No `Display`, no `Deref`: shown only
/// as a [`Sent::sanitized`] copy (every string through [`sanitize`]); serialized as it is
/// (JSON output, made terminal-safe with [`json_safe`]); taken out as it is only with
/// [`Sent::into_stored`].
///
/// The compiler keeps it from being printed:
///
/// ```compile_fail
/// let title = sandyk::untrusted::Sent::new(String::from("\x1b]0;pwned\x07"));
/// println!("{}", title);
/// ```
///
/// ```compile_fail
/// let i: sandyk::untrusted::Sent<sandyk::model::Incident> = todo!();
/// let t: &str = &i.title;
/// ```
///
/// ```
/// use sandyk::untrusted::Sent;
/// let title = Sent::new(String::from("\x1b]0;pwned\x07"));
/// assert_eq!(title.sanitized(), "[U+001B]]0;pwned[U+0007]");
/// ```
#[derive(Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct Sent<T>(T);

/// A type whose strings can all be made safe to show ([`sanitize`] on each).
pub trait Sanitize {
    /// A copy with every string sanitized (newlines kept only in multi-line text).
    fn sanitized(&self) -> Self;
}

impl<T: Sanitize> Sanitize for Vec<T> {
    fn sanitized(&self) -> Vec<T> {
        self.iter().map(Sanitize::sanitized).collect()
    }
}

impl<T: Sanitize> Sanitize for Option<T> {
    fn sanitized(&self) -> Option<T> {
        self.as_ref().map(Sanitize::sanitized)
    }
}

impl Sanitize for String {
    fn sanitized(&self) -> String {
        sanitize(self, false)
    }
}

impl<T: Sanitize + std::fmt::Debug> std::fmt::Debug for Sent<T> {
    /// Sanitized, like [`Untrusted`]'s.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sent({:?})", self.0.sanitized())
    }
}

impl<T> Sent<T> {
    pub fn new(value: T) -> Sent<T> {
        Sent(value)
    }

    /// The value itself, to store or hash — never to show (`grep into_stored`).
    pub fn into_stored(self) -> T {
        self.0
    }

    /// A yes/no question about the value (an id equals, a word occurs): nothing of the
    /// sender's text leaves.
    pub fn test(&self, f: impl FnOnce(&T) -> bool) -> bool {
        f(&self.0)
    }
}

impl<T: Sanitize> Sent<T> {
    /// A copy safe to show: every string sanitized.
    pub fn sanitized(&self) -> T {
        self.0.sanitized()
    }
}

impl<T> Sent<Vec<T>> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition the byte scan must agree with.
    fn reference(s: &str, html: bool, multiline: bool) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' if html => out.push_str("&amp;"),
                '<' if html => out.push_str("&lt;"),
                '>' if html => out.push_str("&gt;"),
                '"' if html => out.push_str("&quot;"),
                '\'' if html => out.push_str("&#39;"),
                '\n' | '\t' if multiline => out.push(c),
                '\n' | '\t' => out.push(' '),
                c if is_hidden(c) => out.push_str(&visible(c)),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_scan_matches_the_definition(s in "(?s).{0,64}") {
            proptest::prop_assert_eq!(html_escape(&s), reference(&s, true, true));
            proptest::prop_assert_eq!(sanitize(&s, false), reference(&s, false, false));
            proptest::prop_assert_eq!(sanitize(&s, true), reference(&s, false, true));
        }
    }

    /// Every character of the table, from every range's ends.
    pub(crate) const LISTED: &[char] = &[
        '\u{0}',
        '\u{1b}',
        '\u{d}',
        '\u{7f}',
        '\u{80}',
        '\u{9b}',
        '\u{9f}',
        '\u{ad}',
        '\u{34f}',
        '\u{61c}',
        '\u{115f}',
        '\u{1160}',
        '\u{17b4}',
        '\u{17b5}',
        '\u{180b}',
        '\u{180e}',
        '\u{180f}',
        '\u{200b}',
        '\u{200c}',
        '\u{200d}',
        '\u{200e}',
        '\u{200f}',
        '\u{2028}',
        '\u{2029}',
        '\u{202a}',
        '\u{202e}',
        '\u{2060}',
        '\u{2064}',
        '\u{2066}',
        '\u{2069}',
        '\u{206f}',
        '\u{3164}',
        '\u{feff}',
        '\u{ffa0}',
        '\u{fff9}',
        '\u{fffb}',
        '\u{1bca0}',
        '\u{1bca3}',
        '\u{e0000}',
        '\u{e0001}',
        '\u{e0041}',
        '\u{e007f}',
        '\u{e0100}',
        '\u{e01ef}',
    ];

    #[test]
    fn every_listed_character_is_made_visible_everywhere() {
        for &c in LISTED {
            let s = format!("a{c}b");
            let v = visible(c);
            assert_eq!(sanitize(&s, false), format!("a{v}b"), "{:04X}", c as u32);
            assert_eq!(sanitize(&s, true), format!("a{v}b"), "{:04X}", c as u32);
            assert_eq!(html_escape(&s), format!("a{v}b"), "{:04X}", c as u32);
            assert!(!json_safe(&s).contains(c));
        }
    }

    #[test]
    fn ordinary_text_passes_unchanged() {
        for s in [
            "Токтогул ңөү",
            "“quoted” – dash … €",
            "emoji 👍🏽 ☺\u{fe0f}",
            "\u{a0}non-breaking",
            "日本語",
        ] {
            assert_eq!(sanitize(s, false), s);
            assert_eq!(html_escape(s), s);
        }
    }

    #[test]
    fn modes_and_escaping() {
        assert_eq!(
            sanitize("a\u{202E}b\x1b[31mc", false),
            "a[U+202E]b[U+001B][31mc"
        );
        assert_eq!(sanitize("line1\nline2\tx", true), "line1\nline2\tx");
        assert_eq!(sanitize("line1\nline2\tx", false), "line1 line2 x");
        assert_eq!(sanitize("a\r\nb", true), "a[U+000D]\nb");
        assert_eq!(
            html_escape("<script>alert('x')</script> & \""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;"
        );
        assert_eq!(html_escape("a\u{202E}b\x1bc\n"), "a[U+202E]b[U+001B]c\n");
        assert_eq!(sanitize("\u{e0041}", false), "[U+E0041]");
    }

    #[test]
    fn json_stays_equal_and_becomes_safe() {
        let v = serde_json::json!({"t": "a\u{202e}b\u{e0041}c\u{9b}d\u{1b}"});
        let text = json_safe(&serde_json::to_string(&v).unwrap());
        assert!(text.chars().all(|c| !is_hidden(c)), "{text}");
        assert!(text.contains("\\udb40\\udc41"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn untrusted_shows_only_sanitized() {
        let u = Untrusted::new("x\u{1b}]0;pwned\u{7}\u{202e}");
        assert_eq!(u.sanitized(), "x[U+001B]]0;pwned[U+0007][U+202E]");
        assert!(!format!("{u:?}").contains('\u{1b}'));
        assert_eq!(Untrusted::from_bytes(b"a\xffb").sanitized(), "a\u{fffd}b");
        assert!(u.is("x\u{1b}]0;pwned\u{7}\u{202e}"));
    }

    /// Every string of a received incident and of its history is sanitized in the copy
    /// shown, kept exact in JSON, and never in `Debug`.
    #[test]
    fn a_sent_incident_is_shown_only_sanitized() {
        use crate::model::chain::{Op, Revision, ZERO_HASH};
        use crate::model::Incident;
        let evil = "\\u001b[2J\\u202e";
        let json = format!(
            r#"{{"id":"AB{evil}","title":"t{evil}","occurred":{{"text":"o{evil}","precision":"unknown","start":"s{evil}"}},
            "recorded":"r{evil}","location":{{"text":"l{evil}"}},"category":"c{evil}","tags":["g{evil}"],
            "narrative":"line one\nline two{evil}","perpetrators":[{{"description":"d{evil}","agency":"a{evil}","vehicles":["v{evil}"]}}],
            "victims":["x{evil}"],"witnesses":["w{evil}"],"source":"s{evil}","reliability":"unknown","confidentiality":"secret",
            "attachments":[{{"n":1,"name":"n{evil}","size":1,"sha256":"h{evil}","media_type":"m{evil}","added":"a{evil}","working_sha256":"w{evil}"}}]}}"#
        );
        let inc: Incident = serde_json::from_str(&json).unwrap();
        let shown = serde_json::to_string(&Sent::new(inc.clone()).sanitized()).unwrap();
        assert!(
            !shown.contains("\\u001b") && !shown.contains("\\u202e"),
            "{shown}"
        );
        assert_eq!(shown.matches("[U+001B][2J[U+202E]").count(), 20, "{shown}");
        assert!(
            shown.contains("line one\\nline two"),
            "newlines kept in the narrative"
        );
        // JSON keeps the sender's data exactly; Debug never carries it.
        let sent = Sent::new(inc.clone());
        assert_eq!(
            serde_json::to_string(&sent).unwrap(),
            serde_json::to_string(&inc).unwrap()
        );
        assert!(!format!("{sent:?}").contains('\u{1b}'));
        // A history: ids, times and bodies sanitized; the current incident found.
        let body = serde_json::to_string(&inc).unwrap();
        let rev = Revision::new(
            1,
            "AB",
            Op::Add,
            "2026\u{1b}",
            Some(body),
            ZERO_HASH,
            ZERO_HASH,
        );
        let revs = Sent::new(vec![rev]);
        assert!(revs.is_of("AB") && !revs.is_of("CD") && revs.len() == 1);
        let shown = revs.sanitized();
        assert_eq!(shown[0].at, "2026[U+001B]");
        assert!(!shown[0].body.as_deref().unwrap().contains("\\u001b"));
        assert!(revs.current().unwrap().test(|i| i.title == inc.title));
    }
}
