//! Incident commands: add, list, show, search, amend, delete, history.

mod add;
mod amend;
pub mod category;
mod delete;
pub mod form;
mod history;
mod list;
pub mod received;
mod search;
mod show;

pub use add::add;
pub use amend::amend;
pub use delete::delete;
pub use history::history;
pub use list::list;
use list::print_list;
pub use search::search;
pub use show::show;

use std::io::{self, Read, Write};

use clap::Args;

use super::error::{CliError, CliResult, Exit};
use super::output::{self, line};
use super::prompt;
use super::{Ctx, FilterArgs, InputFormat};
use crate::t;
use sandyk::dates;
use sandyk::model::entities::Kind;
use sandyk::model::incident::{
    self, Confidentiality, IncidentInput, LocationInput, OccurredInput, PerpetratorInput,
    Reliability, CATEGORIES,
};
use sandyk::vault::db::{Db, EntityFilter, Filter};
use sandyk::vault::Vault;

/// Largest JSON input accepted on stdin (refused before it is all buffered).
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Read the incident(s) as JSON from stdin: one object or an array (fields as in
    /// docs/incident-model.md). Prints the new ids.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input: Option<InputFormat>,
    /// Attach this file to the new incident (repeatable; see `sandyk attach`).
    #[arg(long = "attach", value_name = "FILE")]
    pub attach: Vec<std::path::PathBuf>,
    /// Quick capture: only the title, when, and what happened (the rest can be added later
    /// with `sandyk amend`).
    #[arg(long, conflicts_with = "input")]
    pub quick: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// List deleted incidents (their ids and when they were deleted) instead.
    #[arg(long)]
    pub deleted: bool,
    /// List the incidents received from this contact (`sandyk import`) instead, newest
    /// version of each; every filter applies as to your own.
    #[arg(long, value_name = "CONTACT", conflicts_with_all = ["deleted", "received", "own"])]
    pub from: Option<String>,
    /// List every received incident, with its sender, instead (every filter applies).
    #[arg(long, conflicts_with_all = ["deleted", "own"])]
    pub received: bool,
    /// Only this vault's own incidents (the default).
    #[arg(long)]
    pub own: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Incident id.
    pub id: String,
    /// Print the whole narrative (it stays in your terminal's scrollback).
    #[arg(long)]
    pub full: bool,
    /// Print JSON (always complete).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to search for. Optional: without them the query is read from the terminal
    /// (or from stdin), which keeps it out of shell history.
    pub query: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Search the incidents received from this contact instead (the same search and
    /// filters as your own).
    #[arg(long, value_name = "CONTACT", conflicts_with_all = ["received", "own"])]
    pub from: Option<String>,
    /// Search every received incident instead.
    #[arg(long, conflicts_with_all = ["own"])]
    pub received: bool,
    /// Only this vault's own incidents (the default).
    #[arg(long)]
    pub own: bool,
}

#[derive(Debug, Args)]
pub struct AmendArgs {
    /// Incident id.
    pub id: String,
    /// Read the changed fields as one JSON object from stdin.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input: Option<InputFormat>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Incident id.
    pub id: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Incident id.
    pub id: String,
    /// Print JSON (every revision, with bodies where they still exist).
    #[arg(long)]
    pub json: bool,
}

/// Read all of stdin, refusing more than `MAX_INPUT` bytes.
pub fn read_stdin_limited() -> CliResult<Vec<u8>> {
    let mut buf = vec![];
    prompt::raw_stdin()?
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(CliError::usage(t!(
            "err-input-too-large",
            max = (MAX_INPUT / 1024 / 1024) as i64
        )));
    }
    Ok(buf)
}

/// Parse `add --input json`: one object or an array of objects.
pub fn parse_add_input(bytes: &[u8]) -> CliResult<Vec<IncidentInput>> {
    Ok(sandyk::model::input::parse_input_list(bytes)?)
}

/// Resolve the shared filter flags into a database filter.
pub fn resolve_filter(ctx: &Ctx, f: &FilterArgs) -> CliResult<Filter> {
    let bound = |s: &str| {
        dates::parse_bound(s, &ctx.now).map_err(|e| {
            CliError::usage(t!(
                "err-date",
                text = line(s),
                reason = crate::cli::i18n::date_error_for(s, &e)
            ))
            .hint(t!("hint-date"))
        })
    };
    let mut entities = vec![];
    for (kind, name) in [
        (Kind::Perpetrator, &f.perpetrator),
        (Kind::Vehicle, &f.vehicle),
        (Kind::Place, &f.place),
        (Kind::Witness, &f.witness),
    ] {
        if let Some(name) = name {
            let e = EntityFilter::typed(kind, name);
            if e.key.is_empty() {
                return Err(CliError::usage(t!("err-entity-empty")).hint(t!("hint-entities")));
            }
            entities.push(e);
        }
    }
    let since = f.since.as_deref().map(bound).transpose()?;
    let until = f.until.as_deref().map(bound).transpose()?;
    // `--since` after `--until` selects nothing: a swapped pair, said, not an empty list.
    if let (Some((s, _)), Some((_, e))) = (since, until) {
        if s > e {
            return Err(CliError::usage(t!(
                "err-since-after-until",
                since = line(f.since.as_deref().unwrap_or_default()),
                until = line(f.until.as_deref().unwrap_or_default())
            ))
            .hint(t!("hint-since-after-until")));
        }
    }
    Ok(Filter {
        since: since.map(|(s, _)| s.as_second()),
        until: until.map(|(_, e)| e.as_second()),
        // Resolved against the vault's categories after unlocking: `category::check_filter`.
        category: f.category.clone(),
        tag: f.tag.clone(),
        query: None,
        ids: vec![],
        entities,
    })
}
