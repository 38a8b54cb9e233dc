//! `sandyk stats`: incidents per category per month, as Unicode bars fitting 80 columns on a
//! terminal, a plain tab-separated table otherwise, or JSON.

use std::io::{self, IsTerminal, Write};

use clap::Args;

use super::error::CliResult;
use super::output::{self, category_label};
use super::Ctx;
use crate::t;
use sandyk::model::stats::{bar, per_month, MonthCount};

/// Width of the chart in columns.
const WIDTH: usize = 80;
/// Widest category label shown (longer ones are cut with `…`).
const LABEL: usize = 24;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        format!("{s}{}", " ".repeat(width - n))
    } else {
        let mut c: String = s.chars().take(width - 1).collect();
        c.push('…');
        c
    }
}

/// The chart: `YYYY-MM  label  count  bar`, every line at most `WIDTH` columns.
pub fn chart(cells: &[MonthCount], unknown: &str) -> Vec<String> {
    let max = cells.iter().map(|c| c.incidents).max().unwrap_or(0);
    let digits = max.to_string().len();
    let mw = if cells.iter().any(|c| c.month.is_none()) {
        unknown.chars().count().clamp(7, 16)
    } else {
        7
    };
    let fixed = mw + 2 + LABEL + 2 + digits + 1;
    let room = WIDTH.saturating_sub(fixed);
    let mut out = vec![];
    let mut last: Option<&Option<String>> = None;
    for c in cells {
        let month = if last == Some(&c.month) {
            String::new()
        } else {
            c.month.clone().unwrap_or_else(|| unknown.to_owned())
        };
        last = Some(&c.month);
        out.push(format!(
            "{}  {}  {:>digits$} {}",
            fit(&month, mw),
            fit(&category_label(&c.category), LABEL),
            c.incidents,
            bar(c.incidents, max, room)
        ));
    }
    out
}

pub fn stats(ctx: &mut Ctx, a: StatsArgs) -> CliResult {
    let v = ctx.open()?;
    let rows = v.db.category_starts()?;
    let cells = per_month(&rows, ctx.now.time_zone());
    if a.json {
        output::print_json(&cells)?;
        return Ok(());
    }
    if cells.is_empty() {
        eprintln!("{}", t!("no-incidents"));
        return Ok(());
    }
    let mut out = io::stdout().lock();
    if io::stdout().is_terminal() {
        for l in chart(&cells, &t!("stats-unknown-date")) {
            writeln!(out, "{l}")?;
        }
    } else {
        for c in &cells {
            writeln!(
                out,
                "{}\t{}\t{}",
                c.month.as_deref().unwrap_or("-"),
                c.category,
                c.incidents
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_fits_80_columns() {
        let cells = vec![
            MonthCount {
                month: Some("2026-10".into()),
                category: "a_very_long_category_of_the_users_own_making_indeed".into(),
                incidents: 100_000,
            },
            MonthCount {
                month: Some("2026-10".into()),
                category: "followed".into(),
                incidents: 1,
            },
            MonthCount {
                month: None,
                category: "other".into(),
                incidents: 50_000,
            },
        ];
        let lines = chart(&cells, "unknown date");
        assert_eq!(lines.len(), 3);
        for l in &lines {
            assert!(l.chars().count() <= WIDTH, "{l:?}");
        }
        assert!(lines[0].starts_with("2026-10") && lines[0].ends_with('█'));
        assert!(
            lines[1].starts_with("       "),
            "month not repeated: {:?}",
            lines[1]
        );
        assert!(lines[1].ends_with('▏'));
        assert!(lines[2].starts_with("unknown date  "));
    }
}
