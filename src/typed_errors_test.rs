//! Library errors are typed (issue 10): no error type outside the binary holds a `String`
//! or a `&str`, so no English sentence made in the library can end up inside a Russian or
//! Kyrgyz message. What failed is a variant; which field, line or revision is a number or
//! an enum; text that came from outside is [`crate::untrusted::Untrusted`]; the binary
//! (`src/cli/error.rs`) says it in the user's language.
//!
//! Checked by reading the sources, like `boundary_test`: every `enum`/`struct` that derives
//! `Error` (thiserror) or whose name ends in `Error`, `Problem` or `Fault`, in every file
//! under `src/` but the binary. A field whose type mentions `String` or `str` (`&str`,
//! `&'static str`, `Box<str>`, `Cow<str>`) fails the test, unless it is one of the
//! identifiers listed in [`IDENTIFIERS`] — values that are not sentences (an incident id,
//! a path, a fingerprint this program computed, what the user typed), shown as they are.

use std::path::Path;

use crate::boundary_test::{block_end, code, sources};

/// `(file under src/, Type::Variant.field, what it is)`: string fields that are not text
/// in a language. An entry that no longer matches fails the test (the list cannot go
/// stale), and a new string field anywhere else fails it too.
const IDENTIFIERS: &[(&str, &str, &str)] = &[
    (
        "attach/mod.rs",
        "AttachError::Read.path",
        "a path the user gave",
    ),
    (
        "attach/mod.rs",
        "AttachError::NotRegular.0",
        "a path the user gave",
    ),
    (
        "attach/mod.rs",
        "AttachError::Changed.0",
        "a path the user gave",
    ),
    (
        "attach/mod.rs",
        "AttachError::NotFound.0",
        "an attachment reference ID/N",
    ),
    (
        "attach/mod.rs",
        "AttachError::BadRef.0",
        "the reference the user typed",
    ),
    (
        "attach/mod.rs",
        "AttachError::NoWorkingCopy.0",
        "an attachment reference ID/N",
    ),
    (
        "attach/mod.rs",
        "AttachError::HashMismatch.0",
        "an attachment reference ID/N",
    ),
    (
        "attach/mod.rs",
        "AttachError::Write.path",
        "a path the user gave",
    ),
    (
        "attach/mod.rs",
        "AttachError::OutputExists.0",
        "a path the user gave",
    ),
    (
        "attach/mod.rs",
        "AttachError::OutputNotRegular.0",
        "a path the user gave",
    ),
    (
        "bundle/mod.rs",
        "Problem::WrongSigner.found",
        "a fingerprint computed here",
    ),
    (
        "bundle/mod.rs",
        "Problem::WrongSigner.expected",
        "a fingerprint computed here",
    ),
    (
        "bundle/mod.rs",
        "Problem::SignerChanged.known",
        "a fingerprint computed here",
    ),
    (
        "bundle/mod.rs",
        "Problem::SignerChanged.found",
        "a fingerprint computed here",
    ),
    (
        "bundle/mod.rs",
        "BundleError::IncidentTooLarge.id",
        "an incident id of this vault",
    ),
    (
        "bundle/mod.rs",
        "BundleError::Deleted.0",
        "an incident id of this vault",
    ),
    (
        "bundle/mod.rs",
        "BundleError::BadEntry.0",
        "an attachment reference ID/N",
    ),
    (
        "bundle/mod.rs",
        "BundleError::NoWorkingCopy.0",
        "an attachment reference ID/N",
    ),
    (
        "bundle/mod.rs",
        "BundleError::AttachmentDamaged.reference",
        "an attachment reference ID/N",
    ),
    (
        "bundle/mod.rs",
        "BundleError::UnknownSigner.fingerprint",
        "a fingerprint computed here",
    ),
    (
        "bundle/mod.rs",
        "BundleError::UnknownSigner.readable",
        "a fingerprint computed here",
    ),
    (
        "model/input.rs",
        "InputError::BadValue.field",
        "a JSON field name",
    ),
    (
        "model/incident.rs",
        "ModelError::Missing.0",
        "a JSON field name",
    ),
    (
        "model/incident.rs",
        "ModelError::TooLong.field",
        "a JSON field name",
    ),
    (
        "model/incident.rs",
        "ModelError::TooMany.field",
        "a JSON field name",
    ),
    (
        "model/incident.rs",
        "ModelError::UnknownCategory.0",
        "the category the user typed",
    ),
    (
        "model/incident.rs",
        "ModelError::Date.text",
        "the date the user typed",
    ),
    (
        "model/incident.rs",
        "ModelError::Invalid.0",
        "a JSON field name",
    ),
    (
        "vault/db/check.rs",
        "CheckProblem::StaleHead.id",
        "an incident id",
    ),
    (
        "vault/db/check.rs",
        "CheckProblem::AttachmentsWithoutIncident.id",
        "an incident id",
    ),
    (
        "vault/db/check.rs",
        "CheckProblem::AttachmentCount.id",
        "an incident id",
    ),
    (
        "vault/db/check.rs",
        "CheckProblem::AttachmentUnrecorded.reference",
        "ID/N",
    ),
    (
        "vault/db/check.rs",
        "CheckProblem::AttachmentDiffers.reference",
        "ID/N",
    ),
    (
        "vault/db/check.rs",
        "CheckProblem::AttachmentCopy.reference",
        "ID/N",
    ),
    (
        "vault/db/check.rs",
        "CheckProblem::AttachmentChunk.reference",
        "ID/N",
    ),
    (
        "vault/db/attachments.rs",
        "AttachmentError::Store.reference",
        "ID/N",
    ),
    (
        "vault/db/mod.rs",
        "DbError::NotFound.0",
        "an incident id the user typed",
    ),
    ("vault/db/mod.rs", "DbError::Deleted.0", "an incident id"),
    (
        "vault/db/mod.rs",
        "DbError::Setting.0",
        "the name of a PRAGMA",
    ),
    (
        "vault/mod.rs",
        "VaultError::NoSuchSlot.0",
        "the slot label the user typed",
    ),
];

/// `(file, Type::Variant.field, type)` for every string-typed field of an error type.
fn string_fields(src: &Path) -> Vec<(String, String, String)> {
    scan(src).1
}

/// The names of the error types found, and their string-typed fields.
#[allow(clippy::type_complexity)]
fn scan(src: &Path) -> (Vec<String>, Vec<(String, String, String)>) {
    let mut names = vec![];
    let mut out = vec![];
    for (rel, f) in sources(src, |rel| {
        rel == "main.rs"
            || rel.starts_with("cli/")
            || rel.ends_with("_test.rs")
            || rel.ends_with("/tests.rs")
            || rel == "one_of_each.rs"
    }) {
        let text = code(&std::fs::read_to_string(&f).expect("read source"));
        for (ty, fields) in error_types(&text) {
            names.push(ty.clone());
            for (field, fty) in fields {
                if mentions_string(&fty) {
                    out.push((rel.clone(), format!("{ty}{field}"), fty));
                }
            }
        }
    }
    (names, out)
}

/// The error types of one file: (name, [(".field" or "::Variant.field", type)]).
fn error_types(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    // String literals (error messages) may hold any bracket: blank them first.
    let text = blank_strings(text);
    let mut out = vec![];
    let mut rest = text.as_str();
    while let Some((i, kw)) = next_item(rest) {
        let head = &rest[..i];
        let after = &rest[i + kw.len()..];
        let name: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The attributes just before the item: from the end of the previous item or block.
        let attrs_start = head.rfind(['}', ';']).map_or(0, |k| k + 1);
        let derives_error = head[attrs_start..].contains("Error)")
            || head[attrs_start..].contains("Error,")
            || head[attrs_start..].contains("thiserror::Error");
        let named_error = ["Error", "Problem", "Fault"]
            .iter()
            .any(|s| name.ends_with(s));
        // The body: `{ … }`, or a tuple struct's `( … );`.
        let body_at = after.find(['{', '(', ';']).unwrap_or(after.len());
        let (body, consumed) = match after[body_at..].chars().next() {
            Some('{') => match block_end(&after[body_at..]) {
                Some(end) => (&after[body_at + 1..body_at + end - 1], body_at + end),
                None => break,
            },
            Some('(') => {
                let end = matching(&after[body_at..], '(', ')').unwrap_or(after.len() - body_at);
                (&after[body_at..body_at + end], body_at + end)
            }
            _ => ("", body_at),
        };
        if derives_error || named_error {
            let body = strip_attributes(body);
            let fields = if kw == "enum " {
                split_top(&body)
                    .into_iter()
                    .flat_map(|v| {
                        let v = v.trim();
                        let vname: String = v
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        fields_of(&v[vname.len()..])
                            .into_iter()
                            .map(move |(f, t)| (format!("::{vname}.{f}"), t))
                    })
                    .collect()
            } else {
                fields_of(&body)
                    .into_iter()
                    .map(|(f, t)| (format!(".{f}"), t))
                    .collect()
            };
            out.push((name, fields));
        }
        rest = &after[consumed.min(after.len())..];
    }
    out
}

/// The next `enum ` or `struct ` keyword standing alone.
fn next_item(s: &str) -> Option<(usize, &'static str)> {
    let mut best: Option<(usize, &'static str)> = None;
    for kw in ["enum ", "struct "] {
        let mut from = 0;
        while let Some(k) = s[from..].find(kw) {
            let at = from + k;
            let standalone = !s[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
            if standalone {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, kw));
                }
                break;
            }
            from = at + kw.len();
        }
    }
    best
}

/// Fields of a variant or struct body: `(T, U)` → [("0", T), ("1", U)];
/// `{ a: T, b: U }` → [("a", T), ("b", U)]; a unit variant → [].
fn fields_of(s: &str) -> Vec<(String, String)> {
    let s = s.trim();
    let inner = if let Some(x) = s.strip_prefix('(') {
        x.trim_end()
            .trim_end_matches(';')
            .trim_end()
            .strip_suffix(')')
    } else if let Some(x) = s.strip_prefix('{') {
        x.strip_suffix('}')
    } else {
        None
    };
    let Some(inner) = inner else { return vec![] };
    let named = s.starts_with('{');
    split_top(inner)
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let f = f
                .trim()
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ");
            match (named, f.split_once(':')) {
                (true, Some((n, t))) => (n.trim().to_owned(), t.trim().to_owned()),
                _ => (i.to_string(), f.to_owned()),
            }
        })
        .collect()
}

/// Split at commas outside brackets (`()`, `[]`, `{}`, `<>`); empty pieces dropped.
fn split_top(s: &str) -> Vec<String> {
    let mut out = vec![];
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// The byte index just after the bracket that closes the first `open` in `s`.
fn matching(s: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i + 1);
            }
        }
    }
    None
}

/// `s` with the contents of every `"…"` literal replaced by spaces (positions kept).
fn blank_strings(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_str = false;
    let mut escaped = false;
    let mut prev = ' ';
    for c in s.chars() {
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            out.push(if in_str { ' ' } else { c });
        } else {
            // A char literal '"' does not open a string.
            if c == '"' && prev != '\'' {
                in_str = true;
            }
            out.push(c);
        }
        prev = c;
    }
    out
}

/// Remove `#[…]` attributes (their strings may hold any bracket).
fn strip_attributes(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '#' && s[i + 1..].trim_start().starts_with('[') {
            let mut depth = 0i32;
            let mut in_str = false;
            let mut escaped = false;
            for (_, c) in chars.by_ref() {
                if in_str {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => in_str = false,
                        _ => {}
                    }
                    continue;
                }
                match c {
                    '"' => in_str = true,
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether a type holds text: `String`, `str` (any reference or box of it).
fn mentions_string(ty: &str) -> bool {
    ty.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|w| w == "String" || w == "str")
}

#[test]
fn library_errors_hold_no_strings() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (names, found) = scan(&src);
    // The scan sees the library's error types (it is not vacuous).
    for known in [
        "KeyError",
        "RecipientFault",
        "RecipientError",
        "IdentityFault",
        "Problem",
        "ArchiveFault",
        "ManifestFault",
        "IncidentsFault",
        "ChainFault",
        "BundleError",
        "CardError",
        "SealError",
        "KeyFileError",
        "KdfError",
        "FilterError",
        "ImageProblem",
        "DbError",
        "VaultError",
        "SandboxError",
        "AttachError",
        "ModelError",
        "CheckProblem",
        "WipeError",
        "InputError",
    ] {
        assert!(
            names.iter().any(|n| n == known),
            "{known} not scanned: {names:?}"
        );
    }
    let bad: Vec<String> = found
        .iter()
        .filter(|(f, field, _)| !IDENTIFIERS.iter().any(|(af, ax, _)| af == f && ax == field))
        .map(|(f, field, ty)| format!("  src/{f}: {field}: {ty}"))
        .collect();
    assert!(
        bad.is_empty(),
        "library errors must be typed (a variant per failure; numbers, enums, `Untrusted` for \
         outside text), and said in words by src/cli/error.rs through the catalogs:\n{}",
        bad.join("\n")
    );
    let stale: Vec<String> = IDENTIFIERS
        .iter()
        .filter(|(af, ax, _)| !found.iter().any(|(f, field, _)| af == f && ax == field))
        .map(|(f, x, why)| format!("  src/{f}: {x} ({why})"))
        .collect();
    assert!(
        stale.is_empty(),
        "identifier entries that no longer match a string field, remove them:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_check_finds_a_string_in_an_error_enum() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("cli")).unwrap();
    std::fs::write(
        dir.path().join("lib.rs"),
        r#"
/// A doc comment saying String is fine.
#[derive(Debug, thiserror::Error)]
pub enum WidgetError {
    #[error("the widget (a, b) is {0}")]
    Broken(&'static str),
    #[error("line {line}: {why}")]
    Line { line: usize, why: String },
    #[error("ok")]
    Fine(u32, Option<std::path::PathBuf>),
    #[error("boxed")]
    Boxed(Box<str>),
}

pub struct NotAnError { pub name: String }

#[derive(Debug)]
pub enum ParseFault { Cut(usize), Note(std::borrow::Cow<'static, str>) }

#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct Wrapped(pub String);
"#,
    )
    .unwrap();
    // The binary may hold strings (it renders messages).
    std::fs::write(
        dir.path().join("cli/error.rs"),
        "#[derive(Debug, thiserror::Error)]\npub enum CliError { #[error(\"x\")] M(String) }\n",
    )
    .unwrap();
    let found: Vec<String> = string_fields(dir.path())
        .into_iter()
        .map(|(f, x, _)| format!("{f}:{x}"))
        .collect();
    assert_eq!(
        found,
        [
            "lib.rs:WidgetError::Broken.0",
            "lib.rs:WidgetError::Line.why",
            "lib.rs:WidgetError::Boxed.0",
            "lib.rs:ParseFault::Note.0",
            "lib.rs:Wrapped.0",
        ],
    );
}
