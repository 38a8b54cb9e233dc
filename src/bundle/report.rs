//! report.html (a self-contained, printable report: no scripts, no external resources,
//! every value escaped) and VERIFY.txt (how to check a bundle with stock tools).
//!
//! Both are generated deterministically, one incident at a time, so the writer can
//! produce them twice (once to measure and hash, once to write) with bounded memory.

use crate::i18n::{self, Lang};
use crate::model::chain::{Op, Revision};
use crate::model::incident::{AttachmentRef, Incident};
use fluent_bundle::FluentValue;

/// `id` in `lang` (falling back to English, then to the id).
pub(crate) fn tr(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    i18n::tr(lang, id, args)
}

/// A label in the exporter's language with the English one next to it ("Категория /
/// Category"): a lawyer abroad may read the report.
pub(crate) fn label(lang: Lang, id: &str) -> String {
    let here = tr(lang, id, &[]);
    match i18n::tr_in(Lang::En, id, &[]) {
        Some(en) if lang != Lang::En && en != here => format!("{here} / {en}"),
        _ => here,
    }
}

/// A value word (precision, reliability, …) in the exporter's language with its English
/// name: "примерно / approximate".
fn value_label(lang: Lang, prefix: &str, v: &str) -> String {
    let l = label_or(lang, &format!("{prefix}-{v}"), v);
    if lang != Lang::En && l != v {
        format!("{l} / {v}")
    } else {
        l
    }
}

/// A paragraph of VERIFY.txt in the exporter's language, followed on the next line by the
/// English text when that differs: the lawyer who checks the bundle may not read the
/// exporter's language.
fn para(lang: Lang, id: &str, args: &[(&str, fluent_bundle::FluentValue<'_>)]) -> String {
    let here = i18n::tr(lang, id, args);
    match i18n::tr_in(Lang::En, id, args) {
        Some(en) if lang != Lang::En && en != here => format!("{here}\n{en}"),
        _ => here,
    }
}

/// A numbered step: "1. " and the paragraph, its English line indented under it.
fn step(lang: Lang, n: u32, id: &str) -> String {
    format!("{n}. {}", para(lang, id, &[]).replace('\n', "\n   "))
}

/// A time as ISO 8601 with its UTC offset: "…Z" is written "…+00:00", which no reader
/// mistakes; anything else is shown as it is.
pub(crate) fn iso(s: &str) -> String {
    match s.strip_suffix('Z') {
        Some(head) if s.parse::<jiff::Timestamp>().is_ok() => format!("{head}+00:00"),
        _ => s.to_owned(),
    }
}

/// A recording time for people — weekday, date and time in the reader's time zone `tz`, in
/// `lang` — followed by the exact RFC 3339 value (as incidents.json has it):
/// "сб, 5 декабря 2026, 04:48 (+06) · 2026-12-04T22:48:04+00:00". Anything that is not a
/// timestamp is shown as it is.
fn at(lang: Lang, tz: &jiff::tz::TimeZone, s: &str) -> String {
    match s.parse::<jiff::Timestamp>() {
        Ok(ts) => format!(
            "{} · {}",
            crate::dates::render::recorded(ts, lang, tz),
            iso(s)
        ),
        Err(_) => s.to_owned(),
    }
}

/// `text` in the quotation marks of `lang` (« » in Russian and Kyrgyz).
fn quoted(lang: Lang, text: &str) -> String {
    tr(lang, "quoted", &[("text", FluentValue::from(text))])
}

/// What the report's header shows.
pub struct ReportHead<'a> {
    /// The exporter's language (labels show the English next to it when this is not English).
    pub lang: Lang,
    /// The reader's time zone, for recording times (the exporter's, or the receiver's when
    /// `on_receipt`).
    pub tz: &'a jiff::tz::TimeZone,
    pub created: &'a str,
    pub vault_id: &'a str,
    pub signer: &'a str,
    pub chain_seq: u64,
    pub chain_hash: &'a str,
    pub incident_count: u64,
    /// Rendered by the receiver from the verified incidents.json (`bundle open`), not by the
    /// sender: the head says so and names the sender's copy.
    pub on_receipt: bool,
    /// The defender's statement (signed with the manifest), shown under the header.
    pub statement: Option<&'a super::manifest::StatementEntry>,
}

/// HTML-escape, and make invisible or direction-changing characters visible as `[U+XXXX]`
/// so the report reads as the data is (the one table: [`crate::untrusted::is_hidden`]).
pub fn esc(s: &str) -> String {
    crate::untrusted::html_escape(s)
}

/// The report's Content-Security-Policy: nothing runs, nothing loads from a network. Images
/// only from the report's own place (`'self'`, and `file:` because browsers give a local
/// file an opaque origin that `'self'` does not match); the report only ever refers to
/// attachment files of the bundle ([`is_inline_image`]). `form-action` and `base-uri` do not
/// fall back to `default-src`, so they are closed explicitly.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file:; form-action 'none'; base-uri 'none'";

pub(crate) const STYLE: &str =
    "body{font-family:serif;max-width:50em;margin:2em auto;padding:0 1em;line-height:1.4}\
h1{font-size:1.5em}h2{font-size:1.25em;border-top:1px solid #888;padding-top:.8em;margin-top:2em}\
h3{font-size:1.05em}table{border-collapse:collapse;margin:.5em 0}\
th,td{text-align:left;vertical-align:top;padding:.15em .6em .15em 0}\
td.h,code{font-family:monospace;font-size:.85em;word-break:break-all}\
.narrative{white-space:pre-wrap;border-left:3px solid #ccc;padding-left:.8em}\
.note{font-size:.9em;color:#333}table.history td,table.history th{border-bottom:1px solid #ddd}\
table.chronology td,table.chronology th,.evidence td,.evidence th{border-bottom:1px solid #ddd}\
table.chronology td:nth-child(2){min-width:10em}\
div.statement{white-space:pre-wrap;border:1px solid #888;padding:.6em}\
@media print{section.incident{break-before:page}body{margin:0;max-width:none}}";

/// Everything before the first incident.
pub fn html_head(h: &ReportHead<'_>) -> String {
    let lang = h.lang;
    let code = lang.code();
    let title = esc(&label(lang, "bundle-report-title"));
    let row = |k: String, v: String| format!("<tr><th>{}</th><td>{}</td></tr>\n", esc(&k), v);
    let intro_id = if h.on_receipt {
        "bundle-report-intro-received"
    } else {
        "bundle-report-intro"
    };
    let mut intro = esc(&tr(lang, intro_id, &[]));
    if lang != Lang::En {
        let en = i18n::tr_in(Lang::En, intro_id, &[]).unwrap_or_default();
        intro.push_str(&format!("</p>\n<p class=\"note\" lang=\"en\">{}", esc(&en)));
    }
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p class=\"note\">{intro}</p>\n<table class=\"meta\">\n"
    );
    s.push_str(&row(
        label(lang, "bundle-report-exported"),
        esc(&at(lang, h.tz, h.created)),
    ));
    s.push_str(&row(
        label(lang, "bundle-report-count"),
        h.incident_count.to_string(),
    ));
    s.push_str(&row(
        label(lang, "bundle-report-signer"),
        format!("<code>{}</code>", esc(h.signer)),
    ));
    s.push_str(&row(
        label(lang, "bundle-report-vault"),
        format!("<code>{}</code>", esc(h.vault_id)),
    ));
    s.push_str(&row(
        label(lang, "bundle-report-chain-head"),
        format!("#{} <code>{}</code>", h.chain_seq, esc(h.chain_hash)),
    ));
    s.push_str("</table>\n");
    if let Some(st) = h.statement {
        s.push_str(&html_statement(
            lang,
            &st.by,
            &at(lang, h.tz, &st.at),
            &st.text,
        ));
    }
    s
}

/// The defender's statement: who, when (already rendered), and the text, escaped (its line
/// breaks kept by the style).
pub(crate) fn html_statement(lang: Lang, by: &str, when: &str, text: &str) -> String {
    let by = if by.trim().is_empty() { "—" } else { by };
    format!(
        "<section class=\"statement\">\n<h2>{}</h2>\n<p>{}: {}<br>{}: {}</p>\n<div class=\"statement\">{}</div>\n</section>\n",
        esc(&label(lang, "report-statement")),
        esc(&label(lang, "report-statement-by")),
        esc(by),
        esc(&label(lang, "report-statement-at")),
        esc(when),
        esc(text)
    )
}

/// One incident of the bundle's report: its section, with what each attachment's original
/// revealed set against the account ([`html_evidence`], from the vault's intake records
/// `rows`), then the attachment files the bundle holds and those left out.
pub fn html_bundle_incident(
    lang: Lang,
    tz: &jiff::tz::TimeZone,
    current: &Incident,
    revs: &[Revision],
    atts: &[super::manifest::AttachmentEntry],
    left_out: &[super::manifest::LeftOutEntry],
    rows: &[crate::vault::db::attachments::AttachmentRow],
) -> String {
    let mut s = html_incident(lang, tz, current, revs);
    if !rows.is_empty() {
        let ev = html_evidence(lang, tz, current, rows, &|n| {
            SentCopy::of(n, atts, left_out)
        });
        if let Some(body) = s.strip_suffix("</section>\n") {
            s = format!("{body}{ev}</section>\n");
        }
    }
    s.push_str(&html_attachments(lang, atts, left_out));
    s
}

pub fn html_tail() -> String {
    "</body>\n</html>\n".to_owned()
}

pub(crate) fn label_or(lang: Lang, id: &str, fallback: &str) -> String {
    let l = tr(lang, id, &[]);
    if l == id {
        fallback.to_owned()
    } else {
        l
    }
}

fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn precision_name(p: crate::dates::Precision) -> String {
    enum_name(&p)
}

fn occurred(lang: Lang, tz: &jiff::tz::TimeZone, o: &crate::dates::Occurred) -> String {
    let quote = |out: &mut String| {
        if !o.text.is_empty() {
            out.push_str(&format!(" — {}", esc(&quoted(lang, &o.text))));
        }
    };
    if o.precision == crate::dates::Precision::Unknown || o.start.is_none() {
        // "unknown", once (not "unknown (unknown)"), and what was typed.
        let mut out = esc(&value_label(lang, "precision", "unknown"));
        quote(&mut out);
        return out;
    }
    let human = crate::dates::render::occurred(o, lang, tz);
    let span = match (&o.start, &o.end) {
        (Some(s), Some(e)) if s != e => format!("{} – {}", iso(s), iso(e)),
        (Some(s), _) => iso(s),
        _ => String::new(),
    };
    let p = precision_name(o.precision);
    let mut out = format!(
        "{} <span class=\"note\">({}; {})</span>",
        esc(&human),
        esc(&value_label(lang, "precision", &p)),
        esc(&span)
    );
    quote(&mut out);
    out
}

fn attachment(lang: Lang, a: &AttachmentRef) -> String {
    format!(
        "#{} {} ({}, {}) <code>{}</code>",
        a.n,
        esc(&a.name),
        esc(&a.media_type),
        esc(&i18n::size(lang, a.size)),
        esc(&a.sha256)
    )
}

fn fields(lang: Lang, tz: &jiff::tz::TimeZone, i: &Incident) -> String {
    let mut s = String::from("<table class=\"fields\">\n");
    let mut row = |k: &str, v: String| {
        if !v.trim().is_empty() {
            s.push_str(&format!(
                "<tr><th>{}</th><td>{v}</td></tr>\n",
                esc(&label(lang, k))
            ));
        }
    };
    row("field-id", format!("<code>{}</code>", esc(&i.id)));
    row("field-title", esc(&i.title));
    row("field-occurred", occurred(lang, tz, &i.occurred));
    row("field-recorded", esc(&at(lang, tz, &i.recorded)));
    let mut loc = esc(&i.location.text);
    if let (Some(la), Some(lo)) = (i.location.lat, i.location.lon) {
        loc.push_str(&format!(" ({la:.6}, {lo:.6})"));
    }
    row("field-location", loc);
    row(
        "field-category",
        format!(
            "{} (<code>{}</code>)",
            esc(&label_or(
                lang,
                &format!("category-{}", i.category),
                &i.category
            )),
            esc(&i.category)
        ),
    );
    row(
        "field-tags",
        i.tags.iter().map(|t| esc(t)).collect::<Vec<_>>().join(", "),
    );
    for p in &i.perpetrators {
        let mut parts = vec![esc(&p.description)];
        if !p.agency.is_empty() {
            parts.push(esc(&p.agency));
        }
        if !p.vehicles.is_empty() {
            parts.push(
                p.vehicles
                    .iter()
                    .map(|v| esc(v))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if let Some(c) = p.count {
            parts.push(esc(&tr(
                lang,
                "people-count",
                &[("count", FluentValue::from(c as i64))],
            )));
        }
        parts.retain(|x| !x.is_empty());
        row("field-perpetrator", parts.join("; "));
    }
    for v in &i.victims {
        row("field-victim", esc(v));
    }
    for w in &i.witnesses {
        row("field-witness", esc(w));
    }
    row("field-source", esc(&i.source));
    let r = enum_name(&i.reliability);
    row(
        "field-reliability",
        esc(&value_label(lang, "reliability", &r)),
    );
    let c = enum_name(&i.confidentiality);
    row(
        "field-confidentiality",
        esc(&value_label(lang, "confidentiality", &c)),
    );
    for a in &i.attachments {
        row("bundle-report-attachment", attachment(lang, a));
    }
    s.push_str("</table>\n");
    s
}

/// A day (`YYYY-MM-DD`, UTC) of a Unix time, or `—`.
fn day(t: Option<i64>) -> String {
    t.and_then(|t| jiff::Timestamp::from_second(t).ok())
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "—".into())
}

/// The entity summary: each person, organisation, place and vehicle the incidents name,
/// with how many and first and last seen (dates in UTC); then the merges the defender made
/// (two spellings counted as one), so the reader sees which names were joined. Empty when
/// there are no entities.
pub fn html_entities(
    lang: Lang,
    ents: &[crate::vault::db::EntitySummary],
    merges: &[crate::model::entities::Merge],
) -> String {
    if ents.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<section class=\"entities\">\n<h2>{}</h2>\n<table class=\"history\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        esc(&label(lang, "report-entities")),
        esc(&label(lang, "report-entity-kind")),
        esc(&label(lang, "report-entity-name")),
        esc(&label(lang, "report-entity-count")),
        esc(&label(lang, "report-entity-first")),
        esc(&label(lang, "report-entity-last")),
    );
    for e in ents {
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&label(lang, &format!("entity-kind-{}", e.kind))),
            esc(&e.display),
            e.incidents,
            day(e.first_seen),
            day(e.last_seen)
        ));
    }
    s.push_str("</table>\n");
    let used: Vec<&crate::model::entities::Merge> = merges
        .iter()
        .filter(|m| ents.iter().any(|e| e.kind == m.kind && e.key == m.into))
        .collect();
    if !used.is_empty() {
        s.push_str(&format!(
            "<p class=\"note\">{}</p>\n<ul class=\"merges\">\n",
            esc(&label(lang, "report-merges"))
        ));
        for m in used {
            s.push_str(&format!(
                "<li>{}: “{}” → “{}”</li>\n",
                esc(&label(lang, &format!("entity-kind-{}", m.kind))),
                esc(&m.from_name),
                esc(&m.into_name)
            ));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</section>\n");
    s
}

/// The attachment files the bundle holds for one incident: name and path (a link), which
/// copy went out, the SHA-256 of the file sent and of the original as the hash chain
/// records it; images shown inline from within the extracted bundle. Then the attachments
/// the sender left out, said plainly. Empty when there are none of either.
pub fn html_attachments(
    lang: Lang,
    atts: &[super::manifest::AttachmentEntry],
    left_out: &[super::manifest::LeftOutEntry],
) -> String {
    if atts.is_empty() && left_out.is_empty() {
        return String::new();
    }
    if atts.is_empty() {
        return html_left_out(lang, left_out);
    }
    let mut s = format!(
        "<section class=\"attachments\">\n<h3>{}</h3>\n<table class=\"history\">\n<tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        esc(&label(lang, "bundle-report-att-files")),
        esc(&label(lang, "bundle-report-att-file")),
        esc(&label(lang, "bundle-report-att-copy")),
        esc(&label(lang, "bundle-report-att-sha-sent")),
        esc(&label(lang, "bundle-report-att-sha-original")),
    );
    for a in atts {
        let copy = if a.copy == super::manifest::COPY_ORIGINAL {
            label(lang, "bundle-report-att-original")
        } else {
            label(lang, "bundle-report-att-working")
        };
        // Only the image types a browser shows without running anything are linked and
        // inlined; SVG, HTML, XML, PDF and everything else are named, not linked: they are
        // opened outside the report, with the viewer the reader chooses.
        let named = match &a.name {
            Some(n) => format!("{}<br>", esc(n)),
            None => String::new(),
        };
        let shown = if is_inline_image(&a.path) {
            format!(
                "<a href=\"{p}\">{p}</a> ({})<br><img src=\"{p}\" alt=\"{p}\" style=\"max-width:100%;max-height:40em\">",
                esc(&i18n::size(lang, a.size)),
                p = esc(&a.path),
            )
        } else {
            format!(
                "<code>{}</code> ({})<br><span class=\"note\">{}</span>",
                esc(&a.path),
                esc(&i18n::size(lang, a.size)),
                esc(&label(lang, "bundle-report-att-not-linked")),
            )
        };
        s.push_str(&format!(
            "<tr><td>{}/{}</td><td>{named}{shown}</td><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>\n",
            esc(&a.incident),
            a.n,
            esc(&copy),
            esc(&a.sha256),
            esc(&a.original_sha256),
        ));
    }
    s.push_str("</table>\n</section>\n");
    s.push_str(&html_left_out(lang, left_out));
    s
}

/// "N attachments left out by the sender", with each one's number, name, size and the
/// original's SHA-256 (so the lawyer can ask for exactly that file). Empty when none.
fn html_left_out(lang: Lang, left_out: &[super::manifest::LeftOutEntry]) -> String {
    if left_out.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<section class=\"attachments\">\n<h3>{}</h3>\n<table class=\"history\">\n<tr><th>#</th><th>{}</th><th>{}</th></tr>\n",
        esc(&para(
            lang,
            "bundle-report-left-out",
            &[("count", (left_out.len() as i64).into())]
        )),
        esc(&label(lang, "bundle-report-att-file")),
        esc(&label(lang, "bundle-report-att-sha-original")),
    );
    for a in left_out {
        s.push_str(&format!(
            "<tr><td>{}/{}</td><td>{} ({} {})</td><td><code>{}</code></td></tr>\n",
            esc(&a.incident),
            a.n,
            esc(&a.name),
            a.size,
            esc(&tr(lang, "bytes", &[])),
            esc(&a.original_sha256),
        ));
    }
    s.push_str("</table>\n</section>\n");
    s
}

/// Whether the report may link and inline a bundle file as an image: JPEG, PNG, WebP and GIF
/// only (by the name's extension, which is what a browser goes by for a local file). Never
/// SVG (scripts), HTML, XML or PDF.
pub fn is_inline_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp", ".gif"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Fields whose value differs between two versions of an incident (JSON objects).
fn changed(a: &serde_json::Value, b: &serde_json::Value) -> Vec<String> {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return vec![];
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// A field's name for people in `lang` (its JSON key when it has none).
fn field_name(lang: Lang, key: &str) -> String {
    i18n::field_id(key)
        .map(|id| tr(lang, id, &[]))
        .unwrap_or_else(|| key.to_owned())
}

/// An earlier value of field `key` as labelled text, never raw JSON: a date as people read
/// it, perpetrators one per line with their parts named, attachments by number and name,
/// enum values in words; "—" for nothing.
fn value_html(
    lang: Lang,
    tz: &jiff::tz::TimeZone,
    key: &str,
    v: Option<&serde_json::Value>,
) -> String {
    use serde_json::Value;
    let dash = || "—".to_owned();
    let Some(v) = v else { return dash() };
    let lines = |items: Vec<String>| {
        let items: Vec<String> = items.into_iter().filter(|x| !x.trim().is_empty()).collect();
        if items.is_empty() {
            dash()
        } else {
            items.join("<br>\n")
        }
    };
    match (key, v) {
        (_, Value::Null) => dash(),
        (_, Value::String(s)) if s.is_empty() => dash(),
        ("occurred", v) => match serde_json::from_value::<crate::dates::Occurred>(v.clone()) {
            Ok(o) => occurred(lang, tz, &o),
            Err(_) => esc(&v.to_string()),
        },
        ("category", Value::String(c)) => esc(&label_or(lang, &format!("category-{c}"), c)),
        ("reliability" | "confidentiality", Value::String(x)) => esc(&value_label(lang, key, x)),
        ("location", Value::Object(o)) => {
            let mut t = esc(o.get("text").and_then(Value::as_str).unwrap_or(""));
            if let (Some(la), Some(lo)) = (
                o.get("lat").and_then(Value::as_f64),
                o.get("lon").and_then(Value::as_f64),
            ) {
                t.push_str(&format!(" ({la:.6}, {lo:.6})"));
            }
            if t.is_empty() {
                dash()
            } else {
                t
            }
        }
        ("perpetrators", Value::Array(a)) => lines(
            a.iter()
                .map(|p| match p {
                    Value::Object(o) => {
                        let mut parts = vec![];
                        let text = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("");
                        if !text("description").is_empty() {
                            parts.push(esc(text("description")));
                        }
                        if !text("agency").is_empty() {
                            parts.push(esc(text("agency")));
                        }
                        if let Some(Value::Array(vs)) = o.get("vehicles") {
                            let vs: Vec<String> =
                                vs.iter().filter_map(Value::as_str).map(esc).collect();
                            if !vs.is_empty() {
                                parts.push(vs.join(", "));
                            }
                        }
                        if let Some(c) = o.get("count").and_then(Value::as_i64) {
                            parts.push(esc(&tr(
                                lang,
                                "people-count",
                                &[("count", FluentValue::from(c))],
                            )));
                        }
                        parts.join("; ")
                    }
                    other => esc(&value_plain(other)),
                })
                .collect(),
        ),
        ("attachments", Value::Array(a)) => lines(
            a.iter()
                .map(
                    |x| match serde_json::from_value::<AttachmentRef>(x.clone()) {
                        Ok(r) => attachment(lang, &r),
                        Err(_) => esc(&value_plain(x)),
                    },
                )
                .collect(),
        ),
        (_, Value::Array(a)) => lines(a.iter().map(|x| esc(&value_plain(x))).collect()),
        (_, Value::Object(o)) => lines(
            o.iter()
                .map(|(k, x)| format!("{}: {}", esc(&field_name(lang, k)), esc(&value_plain(x))))
                .collect(),
        ),
        (_, v) => esc(&value_plain(v)),
    }
}

/// A JSON scalar as text (strings without quotes); structures as compact JSON.
fn value_plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        v => v.to_string(),
    }
}

/// One incident: its current state, narrative, history, and earlier values of every field
/// that was later changed. `revs` is the incident's full history (the last has a body).
pub fn html_incident(
    lang: Lang,
    tz: &jiff::tz::TimeZone,
    current: &Incident,
    revs: &[Revision],
) -> String {
    let mut s = format!(
        "<section class=\"incident\" id=\"i-{}\">\n<h2>{} — {}</h2>\n",
        esc(&current.id),
        esc(&current.id),
        esc(&current.title)
    );
    s.push_str(&fields(lang, tz, current));
    if !current.narrative.is_empty() {
        s.push_str(&format!(
            "<h3>{}</h3>\n<div class=\"narrative\">{}</div>\n",
            esc(&label(lang, "bundle-report-narrative")),
            esc(&current.narrative)
        ));
    }
    // Earlier versions are compared field by field (not needed for a single revision).
    let bodies: Vec<Option<serde_json::Value>> = if revs.len() > 1 {
        revs.iter()
            .map(|r| r.body.as_deref().and_then(|b| serde_json::from_str(b).ok()))
            .collect()
    } else {
        vec![None]
    };
    s.push_str(&format!(
        "<h3>{}</h3>\n<table class=\"history\">\n<tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        esc(&label(lang, "bundle-report-history")),
        esc(&label(lang, "bundle-report-rev-op")),
        esc(&label(lang, "bundle-report-rev-at")),
        esc(&label(lang, "bundle-report-rev-changed")),
        esc(&label(lang, "bundle-report-rev-hash"))
    ));
    for (k, r) in revs.iter().enumerate() {
        let keys = match (k, &bodies[k]) {
            (0, _) => vec![],
            (_, Some(b)) => bodies[..k]
                .iter()
                .rev()
                .flatten()
                .next()
                .map(|p| changed(p, b))
                .unwrap_or_default(),
            _ => vec![],
        };
        // An amendment that only added attachments says so (as `history` does).
        let grew = |b: &Option<serde_json::Value>| {
            b.as_ref()
                .and_then(|b| b.get("attachments"))
                .and_then(|a| a.as_array())
                .map_or(0, |a| a.len())
        };
        let op = if k > 0
            && r.op == Op::Amend
            && keys == ["attachments"]
            && grew(&bodies[k]) > grew(&bodies[k - 1])
        {
            label(lang, "history-attachment-added")
        } else {
            value_label(lang, "op", r.op.as_str())
        };
        let ch: Vec<String> = keys.iter().map(|k| field_name(lang, k)).collect();
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"h\">{}</td></tr>\n",
            r.seq,
            esc(&op),
            esc(&at(lang, tz, &r.at)),
            esc(&ch.join(", ")),
            hex::encode(r.hash)
        ));
    }
    s.push_str("</table>\n");
    // Earlier values of what was changed later.
    let mut earlier = String::new();
    for k in 0..revs.len().saturating_sub(1) {
        let (Some(b), Some(next)) = (&bodies[k], bodies[k + 1..].iter().flatten().next()) else {
            continue;
        };
        if revs[k].op == Op::Delete {
            continue;
        }
        // Attachments only ever grow: an addition is in the history, not an "earlier value".
        let keys: Vec<String> = changed(b, next)
            .into_iter()
            .filter(|k| k != "attachments")
            .collect();
        if keys.is_empty() {
            continue;
        }
        earlier.push_str(&format!(
            "<h4>#{} ({})</h4>\n<table class=\"fields\">\n",
            revs[k].seq,
            esc(&at(lang, tz, &revs[k].at))
        ));
        for key in keys {
            earlier.push_str(&format!(
                "<tr><th>{}</th><td class=\"narrative\">{}</td></tr>\n",
                esc(&field_name(lang, &key)),
                value_html(lang, tz, &key, b.get(&key))
            ));
        }
        earlier.push_str("</table>\n");
    }
    if !earlier.is_empty() {
        s.push_str(&format!(
            "<h3>{}</h3>\n<p class=\"note\">{}</p>\n",
            esc(&label(lang, "bundle-report-earlier")),
            esc(&label(lang, "bundle-report-earlier-note"))
        ));
        s.push_str(&earlier);
    }
    s.push_str("</section>\n");
    s
}

/// What VERIFY.txt needs to know.
pub struct VerifyInfo<'a> {
    /// The exporter's language (each paragraph is followed by the English when different).
    pub lang: Lang,
    /// The bundle's file name as the sender wrote it (or a placeholder).
    pub bundle_name: &'a str,
    pub passphrase: bool,
    pub signer: &'a str,
    /// The exporter's time zone, for the export time in the summary.
    pub tz: &'a jiff::tz::TimeZone,
    pub created: &'a str,
    pub incident_count: u64,
    /// Every file in the archive, in order (manifest.json, manifest.sig, then the rest).
    pub files: &'a [String],
    /// The first revision of the first incident, for the worked example.
    pub example: &'a Revision,
    /// How many attachments the sender left out (said in the introduction).
    pub left_out: u64,
    /// Whether the manifest carries the sender's statement (said in the last step).
    pub statement: bool,
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// VERIFY.txt. Command lines start with `    $ `, expected output with `    > `; the
/// project's tests run these commands exactly as written.
pub fn verify_txt(v: &VerifyInfo<'_>) -> String {
    let lang = v.lang;
    let mut s = String::new();
    let p = |s: &mut String, text: String| {
        s.push_str(&text);
        s.push_str("\n\n");
    };
    let cmd = |s: &mut String, c: &str| {
        s.push_str("    $ ");
        s.push_str(c);
        s.push('\n');
    };
    let out = |s: &mut String, c: &str| {
        s.push_str("    > ");
        s.push_str(c);
        s.push('\n');
    };
    p(&mut s, para(lang, "bundle-verify-title", &[]));
    p(&mut s, para(lang, "bundle-verify-untrusted", &[]));
    // The export time as each language's reader reads it (so the English line is not given
    // the Russian date), with the exact value after it.
    let intro = |l: Lang| {
        i18n::tr_in(
            l,
            "bundle-verify-intro",
            &[
                ("created", at(l, v.tz, v.created).into()),
                ("count", (v.incident_count as i64).into()),
                ("signer", v.signer.into()),
            ],
        )
    };
    let here = intro(lang).unwrap_or_default();
    match intro(Lang::En) {
        Some(en) if lang != Lang::En && en != here => p(&mut s, format!("{here}\n{en}")),
        _ => p(&mut s, here),
    }
    if v.left_out > 0 {
        p(
            &mut s,
            para(
                lang,
                "bundle-verify-txt-left-out",
                &[("count", (v.left_out as i64).into())],
            ),
        );
    }
    p(&mut s, para(lang, "bundle-verify-tools", &[]));
    // 1. Decrypt and unpack.
    p(
        &mut s,
        step(
            lang,
            1,
            if v.passphrase {
                "bundle-verify-step-decrypt-passphrase"
            } else {
                "bundle-verify-step-decrypt"
            },
        ),
    );
    let bundle = shell_quote(v.bundle_name);
    cmd(&mut s, "umask 077");
    cmd(&mut s, "mkdir bundle");
    if v.passphrase {
        cmd(
            &mut s,
            &format!("age -d {bundle} | tar --no-same-permissions -xf - -C bundle"),
        );
    } else {
        cmd(
            &mut s,
            &format!("age -d -i KEYFILE {bundle} | tar --no-same-permissions -xf - -C bundle"),
        );
    }
    cmd(&mut s, "cd bundle");
    s.push('\n');
    p(&mut s, para(lang, "bundle-verify-decrypt-note", &[]));
    // 2. Exactly these files.
    p(&mut s, step(lang, 2, "bundle-verify-step-files"));
    cmd(&mut s, "find . -type f | sort");
    let mut listed: Vec<String> = v.files.iter().map(|f| format!("./{f}")).collect();
    listed.sort();
    for f in &listed {
        out(&mut s, f);
    }
    s.push('\n');
    // 3. Hashes.
    p(&mut s, step(lang, 3, "bundle-verify-step-hashes"));
    cmd(
        &mut s,
        r#"sed -n 's/^{"sha256":"\([0-9a-f]\{64\}\)","size":[0-9]*,"path":"\([^"]*\)"},\{0,1\}$/\1  \2/p' manifest.json | sha256sum -c -"#,
    );
    for f in v
        .files
        .iter()
        .filter(|f| *f != super::MANIFEST && *f != super::MANIFEST_SIG)
    {
        out(&mut s, &format!("{f}: OK"));
    }
    s.push('\n');
    // 4. Signature.
    p(&mut s, step(lang, 4, "bundle-verify-step-signature"));
    // allowed_signers is made from the key the lawyer received in person, never from the
    // bundle: `ssh-keygen -Y verify` then accepts only a signature by that key.
    cmd(
        &mut s,
        &format!(
            "printf '{} namespaces=\"{}\" %s\\n' \"$(cat SENDER_KEY_FILE)\" > ../allowed_signers",
            super::PRINCIPAL,
            super::NAMESPACE
        ),
    );
    cmd(&mut s, "ssh-keygen -Y verify -f ../allowed_signers -I sandyk -n sandyk-bundle -s manifest.sig < manifest.json");
    out(
        &mut s,
        &format!(
            "Good \"sandyk-bundle\" signature for sandyk with ED25519 key {}",
            v.signer
        ),
    );
    s.push('\n');
    p(
        &mut s,
        para(
            lang,
            "bundle-verify-compare-fingerprint",
            &[("signer", v.signer.into())],
        ),
    );
    // 5. Chain.
    let e = v.example;
    let pre = crate::model::chain::preimage(
        e.seq,
        &e.incident_id,
        e.op,
        &e.at,
        &e.body_hash,
        &e.incident_prev,
        &e.prev_hash,
    );
    p(&mut s, step(lang, 5, "bundle-verify-step-chain"));
    cmd(
        &mut s,
        &format!("printf '{}' | sha256sum", pre.replace('\n', "\\n")),
    );
    out(&mut s, &format!("{}  -", hex::encode(e.hash)));
    s.push('\n');
    p(&mut s, para(lang, "bundle-verify-chain-jq", &[]));
    cmd(
        &mut s,
        "jq -j '.incidents[0].revisions[0].preimage' incidents.json | sha256sum",
    );
    out(&mut s, &format!("{}  -", hex::encode(e.hash)));
    cmd(
        &mut s,
        "jq -j '.incidents[0].revisions[0].body' incidents.json | sha256sum",
    );
    out(&mut s, &format!("{}  -", hex::encode(e.body_hash)));
    s.push('\n');
    p(&mut s, para(lang, "bundle-verify-chain-links", &[]));
    // 6. Read.
    p(&mut s, step(lang, 6, "bundle-verify-step-read"));
    if v.statement {
        p(&mut s, para(lang, "bundle-verify-txt-statement", &[]));
    }
    p(&mut s, para(lang, "bundle-verify-sandyk", &[]));
    s
}

// --- Shared with the defender's report (`crate::report`): the chronology and what each
// attachment's metadata says against the account.

fn arg(v: impl Into<FluentValue<'static>>) -> FluentValue<'static> {
    v.into()
}

/// The chronology table's start: heading and column names (date, category, title, place,
/// attachments). Rows from [`html_chronology_row`], then [`HTML_CHRONOLOGY_END`].
pub fn html_chronology_start(lang: Lang) -> String {
    format!(
        "<section class=\"chronology\">\n<h2>{}</h2>\n<table class=\"chronology\">\n<tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        esc(&label(lang, "report-chronology")),
        esc(&label(lang, "field-occurred")),
        esc(&label(lang, "field-category")),
        esc(&label(lang, "field-title")),
        esc(&label(lang, "field-location")),
        esc(&label(lang, "report-attachments")),
    )
}

pub const HTML_CHRONOLOGY_END: &str = "</table>\n</section>\n";

/// One chronology row: the id (a link to the incident's section), the date for people in
/// `lang` (in the zone it was written in), the category, title, place and how many
/// attachments the incident has.
pub fn html_chronology_row(lang: Lang, tz: &jiff::tz::TimeZone, inc: &Incident) -> String {
    let o = &inc.occurred;
    let when = crate::dates::render::occurred(o, lang, tz);
    format!(
        "<tr><td><a href=\"#i-{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        esc(&when),
        esc(&label_or(lang, &format!("category-{}", inc.category), &inc.category)),
        esc(&inc.title),
        esc(&inc.location.text),
        inc.attachments.len(),
        id = esc(&inc.id),
    )
}

/// Great-circle distance in kilometres (haversine, mean Earth radius).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().clamp(0.0, 1.0).asin()
}

/// The calendar day a stored capture time names ("2024-03-05 10:00:00 +06:00"), as the
/// device recorded it.
pub fn captured_day(captured: &str) -> Option<jiff::civil::Date> {
    let d = captured.get(..10)?.replace(':', "-");
    d.parse().ok()
}

/// How a photo's day relates to the incident's days: 0 within them, negative before,
/// positive after (in days); None when the incident's date is unknown.
pub fn days_apart(day: jiff::civil::Date, inc: &Incident, tz: &jiff::tz::TimeZone) -> Option<i64> {
    let s = inc.occurred.start_ts()?.to_zoned(tz.clone()).date();
    let e = inc
        .occurred
        .end_ts()
        .map(|t| t.to_zoned(tz.clone()).date())
        .unwrap_or(s);
    let between = |a: jiff::civil::Date, b: jiff::civil::Date| (b - a).get_days() as i64;
    Some(if day < s {
        -between(day, s)
    } else if day > e {
        between(e, day)
    } else {
        0
    })
}

/// Which copy of an attachment a bundle carries, for [`html_evidence`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentCopy {
    /// The defender's own report: nothing is sent.
    NotSent,
    Working,
    Original,
    LeftOut,
}

impl SentCopy {
    /// How attachment `n` leaves in a bundle with these files and these left out.
    pub fn of(
        n: u32,
        atts: &[super::manifest::AttachmentEntry],
        left_out: &[super::manifest::LeftOutEntry],
    ) -> SentCopy {
        match atts.iter().find(|a| a.n == n) {
            Some(a) if a.copy == super::manifest::COPY_ORIGINAL => SentCopy::Original,
            Some(_) => SentCopy::Working,
            None if left_out.iter().any(|a| a.n == n) => SentCopy::LeftOut,
            None => SentCopy::NotSent,
        }
    }
}

/// What each attachment's original revealed when it was taken into the vault (the vault
/// records it at intake, so this holds when only the working copy is sent), set against
/// the incident's account: when it was taken against the incident's date, the GPS distance
/// from the incident's place when both are known, the device (make and model only). In a
/// bundle, also which copy was sent; the GPS position itself is shown only when the
/// original goes with it (the defender chose to remove it otherwise; the distance is
/// shown). Empty without attachments.
pub fn html_evidence(
    lang: Lang,
    tz: &jiff::tz::TimeZone,
    inc: &Incident,
    rows: &[crate::vault::db::attachments::AttachmentRow],
    sent: &dyn Fn(u32) -> SentCopy,
) -> String {
    use crate::attach::metadata::Examined;
    if rows.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<h3>{}</h3>\n<table class=\"evidence\">\n",
        esc(&label(lang, "report-evidence"))
    );
    let when = crate::dates::render::occurred(&inc.occurred, lang, tz);
    for a in rows {
        let r = &a.reveals;
        let copy = sent(a.n);
        let mut notes: Vec<String> = vec![];
        match copy {
            SentCopy::NotSent => {}
            SentCopy::Working => notes.push(esc(&tr(lang, "report-evidence-sent-working", &[]))),
            SentCopy::Original => notes.push(esc(&tr(lang, "report-evidence-sent-original", &[]))),
            SentCopy::LeftOut => notes.push(esc(&tr(lang, "report-evidence-sent-left-out", &[]))),
        }
        match r.captured.as_deref() {
            Some(c) => {
                let mut n = tr(
                    lang,
                    "report-photo-taken",
                    &[
                        ("taken", arg(c.to_owned())),
                        ("incident", arg(when.clone())),
                    ],
                );
                let verdict = match captured_day(c).and_then(|d| days_apart(d, inc, tz)) {
                    Some(0) => Some(tr(lang, "report-photo-same-day", &[])),
                    Some(d) if d < 0 => Some(tr(lang, "report-photo-before", &[("days", arg(-d))])),
                    Some(d) => Some(tr(lang, "report-photo-after", &[("days", arg(d))])),
                    None => None,
                };
                if let Some(v) = verdict {
                    n.push_str(" — ");
                    n.push_str(&v);
                }
                notes.push(esc(&n));
            }
            None if r.examined != Examined::NotSupported => {
                notes.push(esc(&tr(lang, "report-photo-no-time", &[])))
            }
            None => {}
        }
        if let Some(g) = r.gps {
            let mut n = if matches!(copy, SentCopy::NotSent | SentCopy::Original) {
                tr(
                    lang,
                    "report-photo-gps",
                    &[("position", arg(format!("{:.6}, {:.6}", g.lat, g.lon)))],
                )
            } else {
                tr(lang, "report-photo-gps-withheld", &[])
            };
            n.push_str(" — ");
            n.push_str(&match (inc.location.lat, inc.location.lon) {
                (Some(la), Some(lo)) => tr(
                    lang,
                    "report-photo-distance",
                    &[(
                        "km",
                        arg(format!("{:.1}", distance_km(g.lat, g.lon, la, lo))),
                    )],
                ),
                _ => tr(lang, "report-photo-no-place", &[]),
            });
            notes.push(esc(&n));
        } else if r.gps_tags {
            notes.push(esc(&tr(lang, "report-photo-gps-unusable", &[])));
        }
        // Make and model only: a serial number identifies the defender's own camera, and the
        // report leaves the vault as plaintext.
        let device: Vec<&str> = [&r.make, &r.model]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !device.is_empty() {
            notes.push(esc(&tr(
                lang,
                "report-photo-device",
                &[("device", arg(device.join(" ")))],
            )));
        }
        if r.examined == Examined::NotSupported {
            notes.push(esc(&tr(lang, "report-photo-not-read", &[])));
        } else if let Some(p) = &r.problem {
            notes.push(esc(&tr(
                lang,
                "report-photo-partly",
                &[("problem", arg(tr(lang, p.message_id(), &[])))],
            )));
        }
        s.push_str(&format!(
            "<tr><th>#{} {}</th><td>{}<br><code>{}</code></td></tr>\n",
            a.n,
            esc(&a.name),
            notes.join("<br>\n"),
            esc(&a.sha256)
        ));
    }
    s.push_str("</table>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<script>alert('x')</script> & \""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;"
        );
        assert_eq!(esc("a\u{202E}b\x1bc"), "a[U+202E]b[U+001B]c");
        assert_eq!(esc("Токтогул ңөү\n"), "Токтогул ңөү\n");
    }
}
