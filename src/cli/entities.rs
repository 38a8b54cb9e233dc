//! `sandyk entities` and `sandyk entities show NAME`: people, organisations, places and
//! vehicles across incidents (the entity index, `vault/db/entities.rs`).

use std::io::{self, Write};

use clap::{Args, Subcommand, ValueEnum};

use super::error::{CliError, CliResult, Exit};
use super::output::{self, line};
use super::Ctx;
use crate::t;
use sandyk::model::entities::Kind;
use sandyk::vault::db::{EntityFilter, EntitySummary, Filter};

/// At most this many candidates are named when a name is ambiguous.
const MAX_CANDIDATES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Perpetrator,
    Organisation,
    Vehicle,
    Place,
    Victim,
    Witness,
}

impl KindArg {
    fn kind(self) -> Kind {
        match self {
            KindArg::Perpetrator => Kind::Perpetrator,
            KindArg::Organisation => Kind::Organisation,
            KindArg::Vehicle => Kind::Vehicle,
            KindArg::Place => Kind::Place,
            KindArg::Victim => Kind::Victim,
            KindArg::Witness => Kind::Witness,
        }
    }
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EntitiesArgs {
    #[command(subcommand)]
    pub cmd: Option<EntitiesCmd>,
    /// Only entities of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum EntitiesCmd {
    /// Show the incidents naming one entity, in time order.
    Show(ShowEntityArgs),
}

#[derive(Debug, Args)]
pub struct ShowEntityArgs {
    /// The name, place or plate (matched folded: case, ё/е, spacing; plates in any form).
    pub name: String,
    /// Only entities of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn kind_label(k: &str) -> String {
    t!(&format!("entity-kind-{k}"))
}

fn day(ctx: &Ctx, s: Option<i64>) -> String {
    match s.and_then(|s| jiff::Timestamp::from_second(s).ok()) {
        Some(ts) => ts
            .to_zoned(ctx.now.time_zone().clone())
            .strftime("%Y-%m-%d")
            .to_string(),
        None => "—".to_owned(),
    }
}

#[derive(serde::Serialize)]
struct JsonEntity<'a> {
    kind: &'a str,
    key: &'a str,
    name: &'a str,
    incidents: u64,
    first_seen: Option<String>,
    last_seen: Option<String>,
}

fn json_entity(e: &EntitySummary) -> JsonEntity<'_> {
    let ts = |s: Option<i64>| {
        s.and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(|t| t.to_string())
    };
    JsonEntity {
        kind: e.kind,
        key: &e.key,
        name: &e.display,
        incidents: e.incidents,
        first_seen: ts(e.first_seen),
        last_seen: ts(e.last_seen),
    }
}

pub fn entities(ctx: &mut Ctx, a: EntitiesArgs) -> CliResult {
    if let Some(EntitiesCmd::Show(s)) = a.cmd {
        return show(ctx, s);
    }
    let v = ctx.open()?;
    let list = v.db.entities(a.kind.map(KindArg::kind))?;
    if a.json {
        output::print_json(&list.iter().map(json_entity).collect::<Vec<_>>())?;
        return Ok(());
    }
    if list.is_empty() {
        eprintln!("{}", t!("entities-none"));
        return Ok(());
    }
    let mut out = io::stdout().lock();
    for e in &list {
        writeln!(
            out,
            "{:<12}  {:>5}  {} … {}  {}",
            kind_label(e.kind),
            e.incidents,
            day(ctx, e.first_seen),
            day(ctx, e.last_seen),
            line(&e.display)
        )?;
    }
    Ok(())
}

fn show(ctx: &mut Ctx, a: ShowEntityArgs) -> CliResult {
    let kind = a.kind.map(KindArg::kind);
    if sandyk::model::entities::fold_name(&a.name).is_empty() {
        return Err(CliError::usage(t!("err-entity-empty")).hint(t!("hint-entities")));
    }
    let v = ctx.open()?;
    let found = v.db.entity_candidates(&a.name, kind, MAX_CANDIDATES + 1)?;
    let mut keys: Vec<&str> = found.iter().map(|e| e.key.as_str()).collect();
    keys.dedup();
    let key = match keys.as_slice() {
        [] => {
            return Err(CliError::new(
                Exit::NotFound,
                t!("err-entity-not-found", name = line(&a.name)),
            )
            .hint(t!("hint-entities")))
        }
        [k] => (*k).to_owned(),
        _ => {
            let names: Vec<String> = found
                .iter()
                .take(MAX_CANDIDATES)
                .map(|e| format!("{} ({})", line(&e.display), kind_label(e.kind)))
                .collect();
            return Err(CliError::usage(t!(
                "err-entity-ambiguous",
                name = line(&a.name),
                candidates = names.join("; ")
            ))
            .hint(t!("hint-entity-ambiguous")));
        }
    };
    // One key, possibly under several kinds (a witness in one incident, a victim in another):
    // all of them, unless --kind narrowed it.
    let kind = kind.or_else(|| match found.as_slice() {
        [one] => Kind::parse(one.kind),
        _ => None,
    });
    let filter = Filter {
        entities: vec![EntityFilter { kind, key }],
        ..Default::default()
    };
    let list = v.db.list(&filter)?;
    if a.json {
        output::print_json(&list)?;
        return Ok(());
    }
    let mut out = io::stdout().lock();
    for i in &list {
        writeln!(out, "{}", output::summary_line(i))?;
    }
    if list.is_empty() {
        eprintln!("{}", t!("no-incidents"));
    }
    Ok(())
}
