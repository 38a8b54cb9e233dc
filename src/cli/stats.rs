//! `sandyk stats`: incidents per category (or per entity) per month (or ISO week), as Unicode
//! bars fitting 80 columns on a terminal, a plain tab-separated table otherwise, or JSON; and
//! the categories and entities whose frequency rose sharply in the last weeks
//! (`model::stats::RISE`).

use std::io::{self, IsTerminal, Write};

use clap::Args;

use super::entities::KindArg;
use super::error::CliResult;
use super::output::{self, category_label, line};
use super::Ctx;
use crate::t;
use sandyk::model::entities::Kind;
use sandyk::model::stats::{bar, per_period, rises_of, Count, Per, RISE};
use sandyk::vault::db::EntitySummary;

/// Width of the chart in columns.
const WIDTH: usize = 80;
/// Widest label shown (longer ones are cut with `…`).
const LABEL: usize = 24;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Count per ISO week (Monday to Sunday) instead of per month.
    #[arg(long)]
    pub week: bool,
    /// Count per entity (the most often named people, places, vehicles…) instead of per
    /// category.
    #[arg(long)]
    pub entities: bool,
    /// With --entities: only entities of this kind.
    #[arg(long, value_enum, requires = "entities")]
    pub kind: Option<KindArg>,
    /// With --entities: how many entities (the most often named first).
    #[arg(long, value_name = "N", default_value_t = 10, requires = "entities",
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub top: u16,
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

/// The chart: `period  label  count  bar`, every line at most `WIDTH` columns. `label` gives
/// each cell's (already terminal-safe) label.
pub fn chart<K>(cells: &[Count<K>], unknown: &str, label: impl Fn(&K) -> String) -> Vec<String> {
    let max = cells.iter().map(|c| c.incidents).max().unwrap_or(0);
    let digits = max.to_string().len();
    let widest = cells
        .iter()
        .filter_map(|c| c.period.as_ref().map(|p| p.chars().count()))
        .max()
        .unwrap_or(7)
        .max(7);
    let mw = if cells.iter().any(|c| c.period.is_none()) {
        unknown.chars().count().clamp(widest, 16)
    } else {
        widest
    };
    let fixed = mw + 2 + LABEL + 2 + digits + 1;
    let room = WIDTH.saturating_sub(fixed);
    let mut out = vec![];
    let mut last: Option<&Option<String>> = None;
    for c in cells {
        let period = if last == Some(&c.period) {
            String::new()
        } else {
            c.period.clone().unwrap_or_else(|| unknown.to_owned())
        };
        last = Some(&c.period);
        out.push(format!(
            "{}  {}  {:>digits$} {}",
            fit(&period, mw),
            fit(&label(&c.key), LABEL),
            c.incidents,
            bar(c.incidents, max, room)
        ));
    }
    out
}

/// An entity as counted: kind, key, and how it is shown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Ent {
    kind: &'static str,
    key: String,
    name: String,
}

impl Ent {
    fn of(e: &EntitySummary) -> Ent {
        Ent {
            kind: e.kind,
            key: e.key.clone(),
            name: e.display.clone(),
        }
    }

    fn label(&self) -> String {
        format!(
            "{} ({})",
            line(&self.name),
            t!(&format!("entity-kind-{}", self.kind))
        )
    }
}

/// What a count or a rise is of: a category, or an entity (kind, key, name).
#[derive(serde::Serialize)]
struct JsonWho<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

impl<'a> JsonWho<'a> {
    fn category(c: &'a str) -> Self {
        JsonWho {
            category: Some(c),
            kind: None,
            key: None,
            name: None,
        }
    }

    fn entity(e: &'a Ent) -> Self {
        JsonWho {
            category: None,
            kind: Some(e.kind),
            key: Some(&e.key),
            name: Some(&e.name),
        }
    }
}

#[derive(serde::Serialize)]
struct JsonCount<'a> {
    period: Option<&'a str>,
    #[serde(flatten)]
    who: JsonWho<'a>,
    incidents: u64,
}

#[derive(serde::Serialize)]
struct JsonRise<'a> {
    #[serde(flatten)]
    who: JsonWho<'a>,
    recent: u64,
    before: u64,
}

#[derive(serde::Serialize)]
struct JsonStats<'a> {
    per: Per,
    by: &'a str,
    counts: Vec<JsonCount<'a>>,
    rule: sandyk::model::stats::RiseRule,
    windows: sandyk::model::stats::Windows,
    rising: Vec<JsonRise<'a>>,
}

pub fn stats(ctx: &mut Ctx, a: StatsArgs) -> CliResult {
    let per = if a.week { Per::Week } else { Per::Month };
    let tz = ctx.now.time_zone().clone();
    let now = ctx.now.timestamp().as_second();
    let v = ctx.open()?;
    // One read transaction for every query below: outside one, each of the (per candidate)
    // queries is its own transaction, re-checking the journal and re-reading pages.
    let _snapshot = v.db.read_snapshot()?;
    let w = RISE.windows(now);
    // Every live incident's category and start, for the per-period counts by category;
    // `stats --entities` counts entities instead and needs only the rises below.
    let cats = if a.entities {
        vec![]
    } else {
        v.db.category_starts()?
    };

    // What is counted per period.
    let (cat_cells, ent_cells) = if a.entities {
        let top: Vec<EntitySummary> =
            v.db.entities(a.kind.map(KindArg::kind))?
                .into_iter()
                .take(a.top as usize)
                .collect();
        let ents: Vec<Ent> = top.iter().map(Ent::of).collect();
        // One row per incident naming an entity, the entity borrowed (not a copy of its
        // strings per row: the agencies of a large vault are named tens of thousands of times).
        let mut rows: Vec<(&Ent, Option<i64>)> = vec![];
        for (e, ent) in top.iter().zip(&ents) {
            let k = Kind::parse(e.kind).expect("a kind from the index");
            rows.extend(v.db.entity_starts(k, &e.key)?.into_iter().map(|s| (ent, s)));
        }
        let cells = per_period(&rows, &tz, per)
            .into_iter()
            .map(|c| Count {
                period: c.period,
                key: c.key.clone(),
                incidents: c.incidents,
            })
            .collect();
        (vec![], cells)
    } else {
        (per_period(&cats, &tz, per), vec![])
    };

    // What rose sharply: categories and entities.
    let cat_rises = rises_of(
        v.db.category_window_counts(w.before_from, w.recent_from, w.until, RISE.min_recent)?,
        &RISE,
    );
    let ent_rises = rises_of(
        v.db.entity_window_counts(w.before_from, w.recent_from, w.until, RISE.min_recent)?
            .into_iter()
            .filter(|(e, _, _)| a.kind.is_none_or(|k| k.kind().as_str() == e.kind))
            .map(|(e, r, b)| (Ent::of(&e), r, b)),
        &RISE,
    );

    if a.json {
        let counts: Vec<JsonCount<'_>> = cat_cells
            .iter()
            .map(|c| (c.period.as_deref(), JsonWho::category(&c.key), c.incidents))
            .chain(
                ent_cells
                    .iter()
                    .map(|c| (c.period.as_deref(), JsonWho::entity(&c.key), c.incidents)),
            )
            .map(|(period, who, incidents)| JsonCount {
                period,
                who,
                incidents,
            })
            .collect();
        let rising: Vec<JsonRise<'_>> = cat_rises
            .iter()
            .map(|r| (JsonWho::category(&r.key), r.recent, r.before))
            .chain(
                ent_rises
                    .iter()
                    .map(|r| (JsonWho::entity(&r.key), r.recent, r.before)),
            )
            .map(|(who, recent, before)| JsonRise {
                who,
                recent,
                before,
            })
            .collect();
        output::print_json(&JsonStats {
            per,
            by: if a.entities { "entity" } else { "category" },
            counts,
            rule: RISE,
            windows: w,
            rising,
        })?;
        return Ok(());
    }
    if cat_cells.is_empty() && ent_cells.is_empty() {
        eprintln!(
            "{}",
            if a.entities && v.db.has_live_incidents()? {
                t!("entities-none")
            } else {
                t!("no-incidents")
            }
        );
        return Ok(());
    }
    let mut out = io::stdout().lock();
    if io::stdout().is_terminal() {
        let unknown = t!("stats-unknown-date");
        let lines = if a.entities {
            chart(&ent_cells, &unknown, Ent::label)
        } else {
            chart(&cat_cells, &unknown, |c: &String| category_label(c))
        };
        for l in lines {
            writeln!(out, "{l}")?;
        }
        if !cat_rises.is_empty() || !ent_rises.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                t!(
                    "stats-rising",
                    recent = RISE.recent_days / 7,
                    before = RISE.before_days / 7
                )
            )?;
            let rise = |label: String, recent: u64, before: u64| {
                t!("stats-rise", name = label, recent = recent, before = before)
            };
            for r in &cat_rises {
                writeln!(
                    out,
                    "  ▲ {}",
                    rise(category_label(&r.key), r.recent, r.before)
                )?;
            }
            for r in &ent_rises {
                writeln!(out, "  ▲ {}", rise(r.key.label(), r.recent, r.before))?;
            }
        }
    } else {
        // A plain table: `period<TAB>category<TAB>count` or `period<TAB>kind<TAB>key<TAB>count`
        // (`-` for an unknown date); then `rise<TAB>category|kind<TAB>id|key<TAB>recent<TAB>before`.
        for c in &cat_cells {
            writeln!(
                out,
                "{}\t{}\t{}",
                c.period.as_deref().unwrap_or("-"),
                line(&c.key),
                c.incidents
            )?;
        }
        for c in &ent_cells {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                c.period.as_deref().unwrap_or("-"),
                c.key.kind,
                line(&c.key.key),
                c.incidents
            )?;
        }
        for r in &cat_rises {
            writeln!(
                out,
                "rise\tcategory\t{}\t{}\t{}",
                line(&r.key),
                r.recent,
                r.before
            )?;
        }
        for r in &ent_rises {
            writeln!(
                out,
                "rise\t{}\t{}\t{}\t{}",
                r.key.kind,
                line(&r.key.key),
                r.recent,
                r.before
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
            Count {
                period: Some("2026-10".into()),
                key: "a_very_long_category_of_the_users_own_making_indeed".to_owned(),
                incidents: 100_000,
            },
            Count {
                period: Some("2026-10".into()),
                key: "followed".to_owned(),
                incidents: 1,
            },
            Count {
                period: None,
                key: "other".to_owned(),
                incidents: 50_000,
            },
        ];
        let lines = chart(&cells, "unknown date", |c: &String| category_label(c));
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
