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
    pub(super) fn kind(self) -> Kind {
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
    /// Count and show one spelling as another from now on ("серая Приора" as the plate
    /// 01KG123ABC): a revision in the hash chain, undone with `entities unmerge`.
    Merge(MergeArgs),
    /// Undo a merge: the spelling counts as its own entity again.
    Unmerge(UnmergeArgs),
    /// Every merge and unmerge, oldest first, with its revision in the hash chain.
    History(EntityHistoryArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The spelling to merge (exactly as recorded, folded: case, ё/е, spacing).
    pub name: String,
    /// The entity it is the same as (a name, place or plate in any form).
    pub into: String,
    /// The kind of both, when a name is recorded as more than one kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

#[derive(Debug, Args)]
pub struct UnmergeArgs {
    /// The merged spelling.
    pub name: String,
    /// The kind, when the spelling is merged as more than one kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

#[derive(Debug, Args)]
pub struct EntityHistoryArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
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
    match a.cmd {
        Some(EntitiesCmd::Show(s)) => return show(ctx, s),
        Some(EntitiesCmd::Merge(m)) => return merge(ctx, m),
        Some(EntitiesCmd::Unmerge(m)) => return unmerge(ctx, m),
        Some(EntitiesCmd::History(h)) => return history(ctx, h),
        None => {}
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
    // One read transaction for the lookups and the list (one state, pages read once).
    let _snapshot = v.db.read_snapshot()?;
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

fn not_found(name: &str) -> CliError {
    CliError::new(
        Exit::NotFound,
        t!("err-entity-not-found", name = line(name)),
    )
    .hint(t!("hint-entities"))
}

fn candidates_text(found: &[EntitySummary]) -> String {
    found
        .iter()
        .take(MAX_CANDIDATES)
        .map(|e| format!("{} ({})", line(&e.display), kind_label(e.kind)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn merge(ctx: &mut Ctx, a: MergeArgs) -> CliResult {
    use sandyk::model::entities::fold_name;
    if fold_name(&a.name).is_empty() || fold_name(&a.into).is_empty() {
        return Err(CliError::usage(t!("err-entity-empty")).hint(t!("hint-entities")));
    }
    let mut v = ctx.open()?;
    let kind = a.kind.map(KindArg::kind);
    // A spelling already merged would otherwise stand for the entity it was merged into.
    if let Some(m) = v.db.merge_of(&a.name, kind)?.first() {
        return Err(CliError::usage(t!(
            "err-entity-already-merged",
            name = line(&m.from_name),
            into = line(&m.into_name)
        ))
        .hint(t!("hint-entity-unmerge-first")));
    }
    // Exact names only: a merge on a partial match could join the wrong people.
    let from = v.db.entity_exact(&a.name, kind)?;
    let into = v.db.entity_exact(&a.into, kind)?;
    if from.is_empty() {
        return Err(not_found(&a.name));
    }
    if into.is_empty() {
        return Err(not_found(&a.into));
    }
    let both: Vec<(&EntitySummary, &EntitySummary)> = from
        .iter()
        .filter_map(|f| into.iter().find(|i| i.kind == f.kind).map(|i| (f, i)))
        .collect();
    let (f, i) = match both.as_slice() {
        [] => {
            return Err(CliError::usage(t!(
                "err-entity-kinds-differ",
                name = line(&a.name),
                into = line(&a.into)
            ))
            .hint(t!("hint-entities")))
        }
        [one] => *one,
        _ => {
            let all: Vec<EntitySummary> = both.iter().map(|(f, _)| (*f).clone()).collect();
            return Err(CliError::usage(t!(
                "err-entity-ambiguous",
                name = line(&a.name),
                candidates = candidates_text(&all)
            ))
            .hint(t!("hint-entity-ambiguous")));
        }
    };
    let k = Kind::parse(f.kind).expect("a kind from the index");
    let n = v.db.merge_entities(k, &f.key, &i.key, &ctx.now)?;
    eprintln!(
        "{}",
        t!(
            "entity-merged",
            name = line(&f.display),
            into = line(&i.display),
            count = n
        )
    );
    Ok(())
}

fn unmerge(ctx: &mut Ctx, a: UnmergeArgs) -> CliResult {
    if sandyk::model::entities::fold_name(&a.name).is_empty() {
        return Err(CliError::usage(t!("err-entity-empty")).hint(t!("hint-entities")));
    }
    let mut v = ctx.open()?;
    let found = v.db.merge_of(&a.name, a.kind.map(KindArg::kind))?;
    let m = match found.as_slice() {
        [] => {
            return Err(CliError::new(Exit::NotFound, t!("err-entity-not-merged"))
                .hint(t!("hint-entity-history")))
        }
        [m] => m.clone(),
        _ => {
            return Err(CliError::usage(t!(
                "err-entity-ambiguous",
                name = line(&a.name),
                candidates = found
                    .iter()
                    .map(|m| format!("{} ({})", line(&m.from_name), kind_label(&m.kind)))
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
            .hint(t!("hint-entity-ambiguous")))
        }
    };
    let k = Kind::parse(&m.kind).ok_or(sandyk::vault::db::DbError::Damaged)?;
    let m = v.db.unmerge_entity(k, &m.from, &ctx.now)?;
    eprintln!(
        "{}",
        t!(
            "entity-unmerged",
            name = line(&m.from_name),
            into = line(&m.into_name)
        )
    );
    Ok(())
}

fn history(ctx: &mut Ctx, a: EntityHistoryArgs) -> CliResult {
    use sandyk::model::entities::MergeChange;
    let v = ctx.open()?;
    let events = v.db.merge_history()?;
    if a.json {
        output::print_json(&events)?;
        return Ok(());
    }
    if events.is_empty() {
        eprintln!("{}", t!("entity-history-none"));
        return Ok(());
    }
    let mut out = io::stdout().lock();
    for e in &events {
        let (id, m) = match &e.change {
            MergeChange::Merge(m) => ("entity-history-merge", m),
            MergeChange::Unmerge(m) => ("entity-history-unmerge", m),
        };
        writeln!(
            out,
            "#{:<6} {}  {}",
            e.seq,
            line(&e.at),
            t!(
                id,
                kind = kind_label(&m.kind),
                name = line(&m.from_name),
                into = line(&m.into_name)
            )
        )?;
    }
    Ok(())
}
