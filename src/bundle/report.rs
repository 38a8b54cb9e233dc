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
fn tr(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    i18n::tr(lang, id, args)
}

/// A label in the exporter's language with the English one next to it ("Категория /
/// Category"): a lawyer abroad may read the report.
fn label(lang: Lang, id: &str) -> String {
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
fn iso(s: &str) -> String {
    match s.strip_suffix('Z') {
        Some(head) if s.parse::<jiff::Timestamp>().is_ok() => format!("{head}+00:00"),
        _ => s.to_owned(),
    }
}

/// What the report's header shows.
pub struct ReportHead<'a> {
    /// The exporter's language (labels show the English next to it when this is not English).
    pub lang: Lang,
    pub created: &'a str,
    pub vault_id: &'a str,
    pub signer: &'a str,
    pub chain_seq: u64,
    pub chain_hash: &'a str,
    pub incident_count: u64,
}

/// HTML-escape, and make invisible or direction-changing characters visible as `[U+XXXX]`
/// so the report reads as the data is.
/// Bytes that may start something `esc` replaces.
const ESC_CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = i != b'\n' as usize && i != b'\t' as usize;
        i += 1;
    }
    let specials = [b'&', b'<', b'>', b'"', b'\'', 0x7f, 0xC2, 0xD8, 0xE2, 0xEF];
    let mut k = 0;
    while k < specials.len() {
        t[specials[k] as usize] = true;
        k += 1;
    }
    t
};

pub fn esc(s: &str) -> String {
    // A byte scan (this runs over every narrative): runs of ordinary text are copied whole.
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + s.len() / 64 + 16);
    let (mut run, mut i) = (0, 0);
    while i < b.len() {
        if !ESC_CANDIDATE[b[i] as usize] {
            i += 1;
            continue;
        }
        let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
        let len = match b[i] {
            b'&' | b'<' | b'>' | b'"' | b'\'' => 1,
            b'\n' | b'\t' => 0,
            0..=0x1f | 0x7f => 1,
            0xC2 if (0x80..=0x9F).contains(&at(1)) => 2, // C1 controls
            0xD8 if at(1) == 0x9C => 2,                  // U+061C
            0xE2 if at(1) == 0x80 && matches!(at(2), 0x8B..=0x8F | 0xAA..=0xAE) => 3,
            0xE2 if at(1) == 0x81 && (0xA0..=0xA9).contains(&at(2)) => 3,
            0xEF if at(1) == 0xBB && at(2) == 0xBF => 3, // U+FEFF
            _ => 0,
        };
        if len == 0 {
            i += 1;
            continue;
        }
        out.push_str(&s[run..i]);
        match b[i] {
            b'&' => out.push_str("&amp;"),
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            b'"' => out.push_str("&quot;"),
            b'\'' => out.push_str("&#39;"),
            _ => {
                let c = s[i..].chars().next().expect("a char starts here");
                out.push_str(&format!("[U+{:04X}]", c as u32));
            }
        }
        i += len;
        run = i;
    }
    out.push_str(&s[run..]);
    out
}

const STYLE: &str =
    "body{font-family:serif;max-width:50em;margin:2em auto;padding:0 1em;line-height:1.4}\
h1{font-size:1.5em}h2{font-size:1.25em;border-top:1px solid #888;padding-top:.8em;margin-top:2em}\
h3{font-size:1.05em}table{border-collapse:collapse;margin:.5em 0}\
th,td{text-align:left;vertical-align:top;padding:.15em .6em .15em 0}\
td.h,code{font-family:monospace;font-size:.85em;word-break:break-all}\
.narrative{white-space:pre-wrap;border-left:3px solid #ccc;padding-left:.8em}\
.note{font-size:.9em;color:#333}table.history td,table.history th{border-bottom:1px solid #ddd}\
@media print{section.incident{break-before:page}body{margin:0;max-width:none}}";

/// Everything before the first incident.
pub fn html_head(h: &ReportHead<'_>) -> String {
    let lang = h.lang;
    let code = lang.code();
    let title = esc(&label(lang, "bundle-report-title"));
    let row = |k: String, v: String| format!("<tr><th>{}</th><td>{}</td></tr>\n", esc(&k), v);
    let mut intro = esc(&tr(lang, "bundle-report-intro", &[]));
    if lang != Lang::En {
        let en = i18n::tr_in(Lang::En, "bundle-report-intro", &[]).unwrap_or_default();
        intro.push_str(&format!("</p>\n<p class=\"note\" lang=\"en\">{}", esc(&en)));
    }
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file:\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p class=\"note\">{intro}</p>\n<table class=\"meta\">\n"
    );
    s.push_str(&row(
        label(lang, "bundle-report-exported"),
        esc(&iso(h.created)),
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
    s
}

pub fn html_tail() -> String {
    "</body>\n</html>\n".to_owned()
}

fn label_or(lang: Lang, id: &str, fallback: &str) -> String {
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

fn occurred(lang: Lang, i: &Incident) -> String {
    let o = &i.occurred;
    let span = match (&o.start, &o.end) {
        (Some(s), Some(e)) if s == e => esc(&iso(s)),
        (Some(s), Some(e)) => format!("{} – {}", esc(&iso(s)), esc(&iso(e))),
        (Some(s), None) => esc(&iso(s)),
        _ => esc(&tr(lang, "when-unknown", &[])),
    };
    let p = precision_name(o.precision);
    let mut out = format!("{span} ({})", esc(&value_label(lang, "precision", &p)));
    if !o.text.is_empty() {
        out.push_str(&format!(" — “{}”", esc(&o.text)));
    }
    out
}

fn attachment(lang: Lang, a: &AttachmentRef) -> String {
    format!(
        "#{} {} ({}, {} {}) <code>{}</code>",
        a.n,
        esc(&a.name),
        esc(&a.media_type),
        a.size,
        esc(&tr(lang, "bytes", &[])),
        esc(&a.sha256)
    )
}

fn fields(lang: Lang, i: &Incident) -> String {
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
    row("field-occurred", occurred(lang, i));
    row("field-recorded", esc(&iso(&i.recorded)));
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

/// The attachment files the bundle holds for one incident: path (a link), which copy went
/// out, the SHA-256 of the file sent and of the original as the hash chain records it;
/// images shown inline from within the extracted bundle. Empty when there are none.
pub fn html_attachments(lang: Lang, atts: &[super::manifest::AttachmentEntry]) -> String {
    if atts.is_empty() {
        return String::new();
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
        let lower = a.path.to_ascii_lowercase();
        let image = [".jpg", ".jpeg", ".png", ".webp", ".gif"]
            .iter()
            .any(|e| lower.ends_with(e));
        let img = if image {
            format!(
                "<br><img src=\"{}\" alt=\"{}\" style=\"max-width:100%;max-height:40em\">",
                esc(&a.path),
                esc(&a.path)
            )
        } else {
            String::new()
        };
        s.push_str(&format!(
            "<tr><td>{}/{}</td><td><a href=\"{}\">{}</a> ({} {}){img}</td><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>\n",
            esc(&a.incident),
            a.n,
            esc(&a.path),
            esc(&a.path),
            a.size,
            esc(&tr(lang, "bytes", &[])),
            esc(&copy),
            esc(&a.sha256),
            esc(&a.original_sha256),
        ));
    }
    s.push_str("</table>\n</section>\n");
    s
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

fn value_text(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => "—".into(),
        Some(serde_json::Value::String(s)) if s.is_empty() => "—".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
    }
}

/// One incident: its current state, narrative, history, and earlier values of every field
/// that was later changed. `revs` is the incident's full history (the last has a body).
pub fn html_incident(lang: Lang, current: &Incident, revs: &[Revision]) -> String {
    let mut s = format!(
        "<section class=\"incident\" id=\"i-{}\">\n<h2>{} — {}</h2>\n",
        esc(&current.id),
        esc(&current.id),
        esc(&current.title)
    );
    s.push_str(&fields(lang, current));
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
        let ch = match (k, &bodies[k]) {
            (0, _) => String::new(),
            (_, Some(b)) => bodies[..k]
                .iter()
                .rev()
                .flatten()
                .next()
                .map(|p| changed(p, b).join(", "))
                .unwrap_or_default(),
            _ => String::new(),
        };
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"h\">{}</td></tr>\n",
            r.seq,
            esc(&value_label(lang, "op", r.op.as_str())),
            esc(&iso(&r.at)),
            esc(&ch),
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
        let keys = changed(b, next);
        if keys.is_empty() {
            continue;
        }
        earlier.push_str(&format!(
            "<h4>#{} ({})</h4>\n<table class=\"fields\">\n",
            revs[k].seq,
            esc(&iso(&revs[k].at))
        ));
        for key in keys {
            earlier.push_str(&format!(
                "<tr><th><code>{}</code></th><td class=\"narrative\">{}</td></tr>\n",
                esc(&key),
                esc(&value_text(b.get(&key)))
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
    pub allowed_signers_line: &'a str,
    pub signer: &'a str,
    pub created: &'a str,
    pub incident_count: u64,
    /// Every file in the archive, in order (manifest.json, manifest.sig, then the rest).
    pub files: &'a [String],
    /// The first revision of the first incident, for the worked example.
    pub example: &'a Revision,
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
    p(
        &mut s,
        para(
            lang,
            "bundle-verify-intro",
            &[
                ("created", iso(v.created).into()),
                ("count", (v.incident_count as i64).into()),
                ("signer", v.signer.into()),
            ],
        ),
    );
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
    cmd(&mut s, "mkdir bundle");
    if v.passphrase {
        cmd(&mut s, &format!("age -d {bundle} | tar -xf - -C bundle"));
    } else {
        cmd(
            &mut s,
            &format!("age -d -i KEYFILE {bundle} | tar -xf - -C bundle"),
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
    cmd(
        &mut s,
        &format!(
            "printf '%s\\n' {} > ../allowed_signers",
            shell_quote(v.allowed_signers_line)
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
    cmd(&mut s, "ssh-keygen -l -f signer.pub");
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
    p(&mut s, para(lang, "bundle-verify-sandyk", &[]));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition `esc` must agree with.
    fn esc_reference(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\n' | '\t' => out.push(c),
                '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}' => out.push_str(&format!("[U+{:04X}]", c as u32)),
                c if c.is_control() => out.push_str(&format!("[U+{:04X}]", c as u32)),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_escape_matches_the_definition(s in "(?s).{0,64}") {
            proptest::prop_assert_eq!(esc(&s), esc_reference(&s));
        }
    }

    #[test]
    fn escape_covers_every_listed_character() {
        for c in [
            '\u{0}', '\u{1b}', '\u{7f}', '\u{80}', '\u{9f}', '\u{a0}', '\u{61c}', '\u{200a}',
            '\u{200b}', '\u{200f}', '\u{2010}', '\u{202a}', '\u{202e}', '\u{202f}', '\u{205f}',
            '\u{2060}', '\u{2069}', '\u{206a}', '\u{feff}', 'ң', 'ө', 'ү', '€',
        ] {
            let s = format!("a{c}b");
            assert_eq!(esc(&s), esc_reference(&s), "{:04X}", c as u32);
        }
    }

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
