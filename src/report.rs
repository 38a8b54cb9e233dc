//! `sandyk report`: the defender's own report as one self-contained HTML file — a
//! chronology table, incidents per category per month as bars, the people, places and
//! vehicles across the incidents (merges applied), every incident with its history, what
//! each attachment's metadata says against the account (time taken against the incident's
//! date, GPS distance from the incident's place), and an optional statement by the defender.
//!
//! No script, nothing loaded from anywhere (the same Content-Security-Policy as the bundle's
//! report, `bundle::report::CSP`), every stored text HTML-escaped through the one sanitizer
//! table (`untrusted::html_escape`). Print styles put each incident on its own page.
//!
//! Streaming: the incidents are read one at a time, twice (the chronology, then in full);
//! what is kept across the whole selection is the list of ids and a (category, start) pair
//! per incident for the chart. The file is written by the caller's writer (the binary passes
//! an `fsio::Output`). The format is described in `docs/patterns.md`.

use std::io::{self, Write};

use fluent_bundle::FluentValue;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Zoned;
use thiserror::Error;

use crate::attach::metadata::{Examined, Reveals};
use crate::bundle::report::{
    esc, html_entities, html_incident, iso, label, label_or, tr, CSP, STYLE,
};
use crate::dates::render;
use crate::i18n::Lang;
use crate::model::incident::Incident;
use crate::model::stats::{per_period, Per};
use crate::vault::db::{parse_body, Db, DbError};

/// The longest statement accepted (bytes).
pub const MAX_STATEMENT: usize = 64 * 1024;

/// The defender's statement: who makes it and what it says ("I made these notes at the time
/// of the events…"); dated with the report's creation time.
#[derive(Debug, Clone, Default)]
pub struct Statement {
    pub by: String,
    pub text: String,
}

/// What to put in the report.
pub struct ReportRequest<'a> {
    /// Labels in this language, with the English next to them.
    pub lang: Lang,
    /// The creation time; its zone is the zone human dates are shown in.
    pub now: &'a Zoned,
    /// The incidents, in the order of the chronology (as `Db::select_ids` gives them).
    pub ids: &'a [String],
    pub statement: Option<&'a Statement>,
}

#[derive(Debug, Error)]
pub enum ReportError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("cannot write the report: {0}")]
    Io(#[from] io::Error),
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSummary {
    pub incidents: u64,
    pub bytes: u64,
}

const REPORT_STYLE: &str = "table.chronology td,table.chronology th{border-bottom:1px solid #ddd}\
.bar{display:inline-block;height:.8em;background:#444}\
.statement{white-space:pre-wrap;border:1px solid #888;padding:.6em}\
.evidence td,.evidence th{border-bottom:1px solid #ddd}.warn{font-weight:bold}\
@media print{.bar{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

struct Counting<W: Write> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        let k = self.inner.write(b)?;
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn arg(v: impl Into<FluentValue<'static>>) -> FluentValue<'static> {
    v.into()
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
pub fn captured_day(captured: &str) -> Option<Date> {
    let d = captured.get(..10)?.replace(':', "-");
    d.parse().ok()
}

/// How a photo's day relates to the incident's days: 0 within them, negative before,
/// positive after (in days); None when the incident's date is unknown.
pub fn days_apart(day: Date, inc: &Incident, tz: &TimeZone) -> Option<i64> {
    let s = inc.occurred.start_ts()?.to_zoned(tz.clone()).date();
    let e = inc
        .occurred
        .end_ts()
        .map(|t| t.to_zoned(tz.clone()).date())
        .unwrap_or(s);
    let between = |a: Date, b: Date| (b - a).get_days() as i64;
    Some(if day < s {
        -between(day, s)
    } else if day > e {
        between(e, day)
    } else {
        0
    })
}

/// What the attachments' metadata says, against the incident's account. Empty without
/// attachments.
fn html_evidence(
    lang: Lang,
    inc: &Incident,
    rows: &[crate::vault::db::attachments::AttachmentRow],
    tz: &TimeZone,
) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<h3>{}</h3>\n<table class=\"evidence\">\n",
        esc(&label(lang, "report-evidence"))
    );
    let when = render::occurred(&inc.occurred, lang, tz);
    for a in rows {
        let r: &Reveals = &a.reveals;
        let mut notes: Vec<String> = vec![];
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
            let mut n = tr(
                lang,
                "report-photo-gps",
                &[("position", arg(format!("{:.6}, {:.6}", g.lat, g.lon)))],
            );
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

/// The report's beginning: title, warning, figures, the statement.
fn head(req: &ReportRequest<'_>, db: &Db) -> Result<String, ReportError> {
    let lang = req.lang;
    let title = esc(&label(lang, "report-title"));
    let mut intro = esc(&tr(lang, "report-intro", &[]));
    if lang != Lang::En {
        let en = crate::i18n::tr_in(Lang::En, "report-intro", &[]).unwrap_or_default();
        intro.push_str(&format!("</p>\n<p class=\"note\" lang=\"en\">{}", esc(&en)));
    }
    let (seq, hash) = db.head()?;
    let created = req
        .now
        .timestamp()
        .round(jiff::Unit::Second)
        .unwrap_or(req.now.timestamp());
    let row =
        |k: &str, v: String| format!("<tr><th>{}</th><td>{v}</td></tr>\n", esc(&label(lang, k)));
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>{title}</title>\n\
         <style>{STYLE}{REPORT_STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n\
         <p class=\"note warn\">{intro}</p>\n<table class=\"meta\">\n",
        code = lang.code()
    );
    s.push_str(&row(
        "report-created",
        format!(
            "{} (<code>{}</code>)",
            esc(&render::recorded(created, lang, req.now.time_zone())),
            esc(&iso(&created.to_string()))
        ),
    ));
    s.push_str(&row("bundle-report-count", req.ids.len().to_string()));
    s.push_str(&row(
        "report-chain",
        format!("#{seq} <code>{}</code>", hex::encode(hash)),
    ));
    s.push_str("</table>\n");
    if let Some(st) = req.statement {
        s.push_str(&format!(
            "<section class=\"statement\">\n<h2>{}</h2>\n<p>{}: {}<br>{}: {}</p>\n<div class=\"statement\">{}</div>\n</section>\n",
            esc(&label(lang, "report-statement")),
            esc(&label(lang, "report-statement-by")),
            esc(&st.by),
            esc(&label(lang, "report-statement-at")),
            esc(&render::recorded(created, lang, req.now.time_zone())),
            esc(&st.text)
        ));
    }
    Ok(s)
}

/// The bars: incidents per category per month, as HTML/CSS (no script, no image).
fn html_chart(lang: Lang, rows: &[(String, Option<i64>)], tz: &TimeZone) -> String {
    let cells = per_period(rows, tz, Per::Month);
    if cells.is_empty() {
        return String::new();
    }
    let max = cells.iter().map(|c| c.incidents).max().unwrap_or(1).max(1);
    let mut s = format!(
        "<section class=\"chart\">\n<h2>{}</h2>\n<table class=\"chronology\">\n",
        esc(&label(lang, "report-chart"))
    );
    let unknown = tr(lang, "when-unknown", &[]);
    for c in &cells {
        let width = (c.incidents as f64 * 20.0 / max as f64).max(0.2);
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><span class=\"bar\" style=\"width:{width:.2}em\"></span></td></tr>\n",
            esc(c.period.as_deref().unwrap_or(&unknown)),
            esc(&label_or(lang, &format!("category-{}", c.key), &c.key)),
            c.incidents,
        ));
    }
    s.push_str("</table>\n</section>\n");
    s
}

/// Write the report for `req.ids` to `out`, one incident in memory at a time.
pub fn write_report<W: Write>(
    db: &Db,
    req: &ReportRequest<'_>,
    out: W,
) -> Result<ReportSummary, ReportError> {
    let lang = req.lang;
    let tz = req.now.time_zone().clone();
    let _snapshot = db.read_snapshot()?;
    let mut w = Counting {
        inner: io::BufWriter::with_capacity(256 * 1024, out),
        n: 0,
    };
    w.write_all(head(req, db)?.as_bytes())?;

    // The chronology, and what the chart needs.
    write!(
        w,
        "<section class=\"chronology\">\n<h2>{}</h2>\n<table class=\"chronology\">\n<tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        esc(&label(lang, "report-chronology")),
        esc(&label(lang, "field-occurred")),
        esc(&label(lang, "field-category")),
        esc(&label(lang, "field-title")),
        esc(&label(lang, "field-location")),
        esc(&label(lang, "report-attachments")),
    )?;
    let mut chart_rows: Vec<(String, Option<i64>)> = Vec::with_capacity(req.ids.len());
    let mut attachments: Vec<bool> = Vec::with_capacity(req.ids.len());
    for id in req.ids {
        let inc = db.get(id)?;
        writeln!(
            w,
            "<tr><td><a href=\"#i-{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&render::occurred(&inc.occurred, lang, &tz)),
            esc(&label_or(lang, &format!("category-{}", inc.category), &inc.category)),
            esc(&inc.title),
            esc(&inc.location.text),
            inc.attachments.len(),
            id = esc(&inc.id),
        )?;
        chart_rows.push((
            inc.category.clone(),
            inc.occurred.start_ts().map(|t| t.as_second()),
        ));
        attachments.push(!inc.attachments.is_empty());
    }
    w.write_all(b"</table>\n</section>\n")?;
    w.write_all(html_chart(lang, &chart_rows, &tz).as_bytes())?;
    drop(chart_rows);
    w.write_all(html_entities(lang, &db.entities_of(req.ids)?, &db.merges()?).as_bytes())?;

    // Every incident, in full, one per printed page.
    for (n, id) in req.ids.iter().enumerate() {
        let revs = db.history(id)?;
        let last = revs
            .iter()
            .rev()
            .find(|r| r.body.is_some())
            .ok_or(DbError::Damaged)?;
        let inc = parse_body(last)?;
        let mut section = html_incident(lang, &tz, &inc, &revs);
        if attachments[n] {
            let rows = db.attachments(id)?;
            let ev = html_evidence(lang, &inc, &rows, &tz);
            match section.strip_suffix("</section>\n") {
                Some(body) => section = format!("{body}{ev}</section>\n"),
                None => section.push_str(&ev),
            }
        }
        w.write_all(section.as_bytes())?;
    }
    w.write_all(b"</body>\n</html>\n")?;
    w.flush()?;
    Ok(ReportSummary {
        incidents: req.ids.len() as u64,
        bytes: w.n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        // Bishkek (Ala-Too square) to Osh: about 300 km as the crow flies.
        let d = distance_km(42.8765, 74.6037, 40.5283, 72.7985);
        assert!((295.0..310.0).contains(&d), "{d}");
        assert!(distance_km(42.0, 74.0, 42.0, 74.0) < 1e-9);
        // Antipodes: half the circumference.
        let d = distance_km(0.0, 0.0, 0.0, 180.0);
        assert!((20_000.0..20_050.0).contains(&d), "{d}");
    }

    #[test]
    fn captured_days() {
        assert_eq!(
            captured_day("2024-03-05 10:00:00 +06:00"),
            Some("2024-03-05".parse().unwrap())
        );
        assert_eq!(
            captured_day("2024:03:05 10:00:00"),
            Some("2024-03-05".parse().unwrap())
        );
        assert_eq!(captured_day("    :  :     "), None);
        assert_eq!(captured_day("2024"), None);
        assert_eq!(captured_day("ж"), None);
    }
}
