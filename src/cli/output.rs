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

/// `2026-11-27 15:00 (approximate)` style summary of when.
pub fn when(i: &Incident) -> String {
    use sandyk::dates::Precision;
    let start = i.occurred.start.as_deref().map(short_time);
    let end = i.occurred.end.as_deref().map(short_time);
    let span = match (i.occurred.precision, start, end) {
        (Precision::Unknown, _, _) | (_, None, _) => t!("when-unknown"),
        (Precision::Approximate, Some(_), Some(_)) => {
            // Show the middle of a hedged span: "≈ 15:00", which is what the user said.
            let mid = match (
                i.occurred.start_ts(),
                i.occurred.end_ts(),
                i.occurred.start.as_deref(),
            ) {
                (Some(a), Some(b), Some(raw)) => {
                    let half = jiff::SignedDuration::from_secs((b.as_second() - a.as_second()) / 2);
                    let offset = own_offset(raw)
                        .map(|z| z.offset())
                        .unwrap_or(jiff::tz::Offset::UTC);
                    a.checked_add(half)
                        .map(|m| {
                            m.to_zoned(jiff::tz::TimeZone::fixed(offset))
                                .strftime("%Y-%m-%d %H:%M %:z")
                                .to_string()
                        })
                        .unwrap_or_default()
                }
                _ => String::new(),
            };
            format!("≈ {mid}")
        }
        (Precision::Exact, Some(s), _) => s,
        (_, Some(s), Some(e)) if s == e => s,
        (_, Some(s), Some(e)) => format!("{s} – {e}"),
        (_, Some(s), None) => s,
    };
    let p = t!(&format!("precision-{}", precision_id(i.occurred.precision)));
    format!("{span} ({p})")
}

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

/// An RFC 3339 time in the offset it was written with: "…T15:00:00+06:00" stays 15:00 +06:00
/// (a `Zoned` parse needs a `[zone]` annotation, which stored times do not have).
fn own_offset(rfc: &str) -> Option<jiff::Zoned> {
    use jiff::fmt::temporal::{Pieces, PiecesOffset};
    let t: jiff::Timestamp = rfc.parse().ok()?;
    let offset = match Pieces::parse(rfc).ok()?.offset() {
        Some(PiecesOffset::Numeric(n)) => n.offset(),
        _ => jiff::tz::Offset::UTC,
    };
    Some(t.to_zoned(jiff::tz::TimeZone::fixed(offset)))
}

fn short_time(rfc: &str) -> String {
    // "2026-11-27T15:00:00+06:00" -> "2026-11-27 15:00 +06:00"
    match own_offset(rfc) {
        Some(z) => z.strftime("%Y-%m-%d %H:%M %:z").to_string(),
        None => line(rfc),
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
        format!("{} — “{}”", when(i), line(&i.occurred.text)),
    );
    field(&t!("field-recorded"), line(&i.recorded));
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

/// One line per revision for `history`.
pub fn revision_line(r: &Revision) -> String {
    let body = match (&r.body, r.op) {
        (_, sandyk::model::Op::Delete) => t!("history-tombstone"),
        (None, _) => t!("history-destroyed"),
        (Some(b), _) => format!("{} {}", b.len(), t!("bytes")),
    };
    format!(
        "#{:<6} {:<7} {}  {}  {}",
        r.seq,
        t!(&format!("op-{}", r.op.as_str())),
        line(&r.at),
        &hex::encode(r.hash)[..16],
        body
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_own_offset() {
        assert_eq!(
            short_time("2026-11-27T15:00:00+06:00"),
            "2026-11-27 15:00 +06:00"
        );
        assert_eq!(
            short_time("2026-11-27T09:00:00Z"),
            "2026-11-27 09:00 +00:00"
        );
        assert_eq!(short_time("not a time"), "not a time");
        let mut i: Incident = serde_json::from_value(serde_json::json!({
            "id": "A", "title": "", "occurred": {"text": "кечээ саат 15те", "precision": "approximate",
            "start": "2026-11-27T14:30:00+06:00", "end": "2026-11-27T15:30:00+06:00"},
            "recorded": "", "location": {"text": ""}, "category": "", "tags": [], "narrative": "",
            "perpetrators": [], "victims": [], "witnesses": [], "source": "", "reliability": "unknown",
            "confidentiality": "confidential"
        }))
        .unwrap();
        assert!(
            when(&i).starts_with("≈ 2026-11-27 15:00 +06:00 ("),
            "{}",
            when(&i)
        );
        i.occurred.precision = sandyk::dates::Precision::Range;
        assert!(
            when(&i).starts_with("2026-11-27 14:30 +06:00 – 2026-11-27 15:30 +06:00 ("),
            "{}",
            when(&i)
        );
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
}
