//! Printing: untrusted text is made safe for the terminal; JSON for scripts.

use std::io::{self, Write};

use crate::t;
use sandyk::model::chain::Revision;
use sandyk::model::incident::{Incident, Perpetrator};

/// Make untrusted or stored text safe for the terminal: the one sanitizer of the project
/// ([`sandyk::untrusted::sanitize`]); newline and tab kept only when `multiline`.
pub fn sanitize(s: &str, multiline: bool) -> String {
    sandyk::untrusted::sanitize(s, multiline)
}

/// One line: `sanitize` without newlines.
pub fn line(s: &str) -> String {
    sanitize(s, false)
}

/// Write JSON to stdout followed by a newline.
pub fn print_json<T: serde::Serialize>(v: &T) -> io::Result<()> {
    let mut out = io::stdout().lock();
    // Characters of the sanitizer's table inside strings become \u escapes: the same JSON,
    // safe on a terminal.
    let text = serde_json::to_string_pretty(v).map_err(io::Error::other)?;
    writeln!(out, "{}", sandyk::untrusted::json_safe(&text))
}

pub fn category_label(id: &str) -> String {
    let key = format!("category-{id}");
    let l = t!(&key);
    if l == key {
        line(id)
    } else {
        l
    }
}

/// The local time zone (from `TZ` or the system), in which people read dates.
pub fn local_tz() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::system()
}

/// When it happened, as people read it: "пт, 27 ноября 2026, около 15:00" in the user's
/// language and local time zone (JSON keeps RFC 3339).
pub fn when(i: &Incident) -> String {
    // Sanitised: an unreadable stored bound falls back to the stored words (perhaps from a
    // received bundle).
    line(&sandyk::dates::render::occurred(
        &i.occurred,
        crate::cli::i18n::lang(),
        &local_tz(),
    ))
}

/// A recording time (RFC 3339 UTC as stored) as people read it, in the local time zone.
pub fn recorded(rfc3339: &str) -> String {
    line(&sandyk::dates::render::recorded_str(
        rfc3339,
        crate::cli::i18n::lang(),
        &local_tz(),
    ))
}

#[allow(dead_code)] // kept for callers that name a precision (reports)
pub fn precision_id(p: sandyk::dates::Precision) -> &'static str {
    use sandyk::dates::Precision::*;
    match p {
        Exact => "exact",
        Approximate => "approximate",
        Day => "day",
        PartOfDay => "part_of_day",
        Range => "range",
        Unknown => "unknown",
    }
}

/// A one-line summary for `list` and `search`.
pub fn summary_line(i: &Incident) -> String {
    format!(
        "{}  {}  {}  {}",
        line(&i.id),
        when(i),
        category_label(&i.category),
        line(&i.title)
    )
}

fn perpetrator(p: &Perpetrator) -> String {
    let mut parts = vec![line(&p.description)];
    if !p.agency.is_empty() {
        parts.push(line(&p.agency));
    }
    if !p.vehicles.is_empty() {
        parts.push(
            p.vehicles
                .iter()
                .map(|v| line(v))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if let Some(c) = p.count {
        parts.push(t!("people-count", count = c as i64));
    }
    parts.retain(|s| !s.is_empty());
    parts.join("; ")
}

/// The detailed view for `show`. The narrative in full only when `full`.
pub fn detail(i: &Incident, full: bool) -> String {
    let mut s = String::new();
    let mut field = |label: &str, value: String| {
        if !value.trim().is_empty() {
            s.push_str(&format!("{:<16} {}\n", format!("{label}:"), value));
        }
    };
    // Every stored string goes through the one sanitizer: a received incident's fields
    // came from a bundle.
    field(&t!("field-id"), line(&i.id));
    field(&t!("field-title"), line(&i.title));
    field(
        &t!("field-occurred"),
        format!(
            "{} — {}",
            when(i),
            t!("quoted", text = line(&i.occurred.text))
        ),
    );
    field(&t!("field-recorded"), recorded(&i.recorded));
    let mut loc = line(&i.location.text);
    if let (Some(la), Some(lo)) = (i.location.lat, i.location.lon) {
        loc = format!("{loc} ({la:.5}, {lo:.5})");
    }
    field(&t!("field-location"), loc);
    field(&t!("field-category"), category_label(&i.category));
    field(
        &t!("field-tags"),
        i.tags
            .iter()
            .map(|t| line(t))
            .collect::<Vec<_>>()
            .join(", "),
    );
    for p in &i.perpetrators {
        field(&t!("field-perpetrator"), perpetrator(p));
    }
    for v in &i.victims {
        field(&t!("field-victim"), line(v));
    }
    for w in &i.witnesses {
        field(&t!("field-witness"), line(w));
    }
    field(&t!("field-source"), line(&i.source));
    field(
        &t!("field-reliability"),
        t!(&format!("reliability-{}", serde_plain(&i.reliability))),
    );
    field(
        &t!("field-confidentiality"),
        t!(&format!(
            "confidentiality-{}",
            serde_plain(&i.confidentiality)
        )),
    );
    if !i.narrative.is_empty() {
        s.push('\n');
        let one_line = sanitize(&i.narrative, false);
        if full {
            s.push_str(&sanitize(&i.narrative, true));
            s.push('\n');
        } else if one_line.chars().count() <= 120 && !i.narrative.contains('\n') {
            s.push_str(&one_line);
            s.push('\n');
        } else {
            let first: String = sanitize(&i.narrative, false).chars().take(120).collect();
            s.push_str(&first);
            s.push_str(" …\n");
            s.push_str(&format!("({})\n", t!("narrative-hidden", id = line(&i.id))));
        }
    }
    s
}

/// The snake_case name serde gives a unit enum variant.
pub fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// One line per revision for `history`: its number within the incident (1, 2, …), what
/// happened (`op`, or "attachment added" when `attachment_added`), when (local time), the
/// start of its hash.
pub fn revision_line(r: &Revision, n: usize, attachment_added: bool) -> String {
    let what = if attachment_added {
        t!("history-attachment-added")
    } else {
        t!(&format!("op-{}", r.op.as_str()))
    };
    revision_line_as(r, n, what)
}

/// [`revision_line`] with the change said as `what` ("attachment deleted").
pub fn revision_line_as(r: &Revision, n: usize, what: String) -> String {
    let body = match (&r.body, r.op) {
        (_, sandyk::model::Op::Delete) => t!("history-tombstone"),
        (None, _) => t!("history-destroyed"),
        (Some(_), _) => String::new(),
    };
    format!(
        "{:>3}. {}  {}  {}{}",
        n,
        recorded(&r.at),
        what,
        &hex::encode(r.hash)[..16],
        if body.is_empty() {
            String::new()
        } else {
            format!("  {body}")
        }
    )
}

/// A size as people read it, in their language: "933 байта", "1,4 КиБ", "2.0 MiB".
pub fn size(bytes: u64) -> String {
    size_in(crate::cli::i18n::lang(), bytes)
}

fn size_in(lang: sandyk::i18n::Lang, bytes: u64) -> String {
    sandyk::i18n::size(lang, bytes)
}

/// The name of an incident field (as in its JSON) in the user's language, for `history`.
pub fn field_name(key: &str) -> String {
    match sandyk::i18n::field_id(key) {
        Some(id) => t!(id),
        // A key we do not know came from somewhere else (a received bundle's older
        // revision): untrusted text, printed only through the sanitizer.
        None => line(key),
    }
}

/// Before any work: an output file's directory must exist, and `--force` replaces only a
/// regular file. Said with the path (they were "input/output error: no such file or
/// directory" after unlocking, and "already exists … replace it with --force" when
/// `--force` had been given for a directory or a link).
pub fn check_output_path(path: &std::path::Path, force: bool) -> crate::cli::CliResult {
    use crate::cli::CliError;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    if !dir.is_dir() {
        return Err(CliError::usage(t!(
            "err-output-dir-missing",
            path = line(&path.display().to_string()),
            dir = line(&dir.display().to_string())
        ))
        .hint(t!("hint-output-dir-missing")));
    }
    if force {
        if let Ok(m) = std::fs::symlink_metadata(path) {
            if !m.file_type().is_file() {
                return Err(CliError::usage(t!(
                    "err-output-not-a-file",
                    path = line(&path.display().to_string())
                ))
                .hint(t!("hint-output-not-a-file")));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_words() {
        use sandyk::i18n::Lang;
        assert_eq!(size_in(Lang::Ru, 1), "1 байт");
        assert_eq!(size_in(Lang::Ru, 933), "933 байта");
        assert_eq!(size_in(Lang::Ru, 5), "5 байтов");
        assert_eq!(size_in(Lang::Ru, 1434), "1,4\u{a0}КиБ");
        assert_eq!(size_in(Lang::Ky, 1434), "1,4\u{a0}КиБ");
        assert_eq!(size_in(Lang::En, 1434), "1.4\u{a0}KiB");
        assert_eq!(size_in(Lang::En, 1), "1 byte");
    }

    #[test]
    fn sanitize_strips_controls_and_bidi() {
        assert_eq!(
            sanitize("a\u{202E}b\x1b[31mc", false),
            "a[U+202E]b[U+001B][31mc"
        );
        assert_eq!(sanitize("line1\nline2", true), "line1\nline2");
        assert_eq!(sanitize("line1\nline2", false), "line1 line2");
        assert_eq!(sanitize("Токтогул ңөү", false), "Токтогул ңөү");
    }

    /// `history` names the fields that changed between revisions; a received incident's
    /// older revisions are only hash-checked, so a key can be anything the sender wrote
    /// (review finding: an OSC sequence as a key reached the terminal).
    #[test]
    fn unknown_field_names_are_sanitised() {
        let evil = "\u{1b}]0;owned\u{7}x\u{202e}";
        let shown = field_name(evil);
        assert!(
            !shown.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{shown:?}"
        );
        assert!(shown.contains("owned"), "{shown:?}");
    }
}
