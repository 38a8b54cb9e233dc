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

use jiff::tz::TimeZone;
use jiff::Zoned;
use thiserror::Error;

pub use crate::bundle::report::{captured_day, days_apart, distance_km};
use crate::bundle::report::{
    esc, html_chronology_row, html_chronology_start, html_entities, html_evidence, html_incident,
    html_statement, iso, label, label_or, tr, SentCopy, CSP, HTML_CHRONOLOGY_END, STYLE,
};
use crate::dates::render;
use crate::i18n::Lang;
use crate::model::stats::{per_period, Per};
use crate::vault::db::{parse_body, Db, DbError};

/// The longest statement accepted (bytes; the same limit as a bundle's statement).
pub const MAX_STATEMENT: usize = crate::bundle::manifest::MAX_STATEMENT;

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

const REPORT_STYLE: &str =
    ".bar{display:inline-block;height:.8em;background:#444}.warn{font-weight:bold}\
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
        s.push_str(&html_statement(
            lang,
            &st.by,
            &render::recorded(created, lang, req.now.time_zone()),
            &st.text,
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
    w.write_all(html_chronology_start(lang).as_bytes())?;
    let mut chart_rows: Vec<(String, Option<i64>)> = Vec::with_capacity(req.ids.len());
    let mut attachments: Vec<bool> = Vec::with_capacity(req.ids.len());
    let merges = db.merges()?;
    let mut named = vec![false; merges.len()];
    for id in req.ids {
        let inc = db.get(id)?;
        crate::model::entities::mark_merges_named(&inc, &merges, &mut named);
        w.write_all(html_chronology_row(lang, &tz, &inc).as_bytes())?;
        chart_rows.push((
            inc.category.clone(),
            inc.occurred.start_ts().map(|t| t.as_second()),
        ));
        attachments.push(!inc.attachments.is_empty());
    }
    w.write_all(HTML_CHRONOLOGY_END.as_bytes())?;
    w.write_all(html_chart(lang, &chart_rows, &tz).as_bytes())?;
    drop(chart_rows);
    let merges: Vec<_> = merges
        .into_iter()
        .zip(named)
        .filter_map(|(m, n)| n.then_some(m))
        .collect();
    w.write_all(html_entities(lang, &db.entities_of(req.ids)?, &merges).as_bytes())?;

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
            let ev = html_evidence(lang, &tz, &inc, &rows, &|_| SentCopy::NotSent);
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
