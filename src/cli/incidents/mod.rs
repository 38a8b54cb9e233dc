//! Incident commands: add, list, show, search, amend, delete, history.

mod add;
mod amend;
mod delete;
mod history;
mod list;
mod received;
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

fn ask(prompt_id: &str) -> CliResult<String> {
    prompt::ask_line(&t!(prompt_id))?.ok_or_else(prompt::interrupted)
}

fn ask_list(prompt_id: &str) -> CliResult<Vec<String>> {
    eprintln!("{}", t!(prompt_id));
    let mut out = vec![];
    loop {
        let l = prompt::ask_line("  +")?.ok_or_else(prompt::interrupted)?;
        if l.trim().is_empty() {
            return Ok(out);
        }
        out.push(l.trim().to_owned());
    }
}

/// Ask for a date until the user accepts the interpretation.
fn ask_date(ctx: &Ctx) -> CliResult<OccurredInput> {
    loop {
        let text = ask("prompt-occurred")?;
        match dates::parse(&text, &ctx.now) {
            Ok(o) => {
                let probe = incident::Incident {
                    occurred: o.clone(),
                    ..blank_incident()
                };
                if prompt::confirm(&t!("confirm-date", when = output::when(&probe)))? {
                    return Ok(OccurredInput::Full(o));
                }
            }
            Err(e) => eprintln!(
                "{}",
                t!(
                    "date-not-understood",
                    reason = crate::cli::i18n::date_error(&e)
                )
            ),
        }
    }
}

fn blank_incident() -> incident::Incident {
    serde_json::from_value(serde_json::json!({
        "id": "", "title": "", "occurred": {"text": "", "precision": "unknown"}, "recorded": "",
        "location": {"text": ""}, "category": "", "tags": [], "narrative": "", "perpetrators": [],
        "victims": [], "witnesses": [], "source": "", "reliability": "unknown", "confidentiality": "confidential"
    }))
    .expect("the blank incident is valid")
}

fn ask_category(db: &Db) -> CliResult<String> {
    let mut all: Vec<(String, String)> = CATEGORIES
        .iter()
        .map(|(id, _)| ((*id).to_owned(), output::category_label(id)))
        .collect();
    all.extend(db.categories()?);
    for (n, (id, label)) in all.iter().enumerate() {
        eprintln!("  {:>2}. {} ({id})", n + 1, line(label));
    }
    loop {
        let a = ask("prompt-category")?;
        if let Ok(n) = a.trim().parse::<usize>() {
            if n >= 1 && n <= all.len() {
                return Ok(all[n - 1].0.clone());
            }
        }
        let norm = incident::normalise_category(&a);
        if incident::is_builtin_category(&norm) || db.category_exists(&norm)? {
            return Ok(norm);
        }
        eprintln!("{}", t!("category-unknown", category = line(&a)));
    }
}

/// Choices are shown numbered in the user's language ("prompt-reliability" shows the
/// `reliability-…` labels); the number, the shown word or the English name is accepted.
fn ask_choice<T: Copy>(prompt_id: &str, choices: &[(T, &str)], default: T) -> CliResult<T> {
    let kind = prompt_id.trim_start_matches("prompt-");
    let shown: Vec<String> = choices
        .iter()
        .map(|(_, n)| t!(&format!("{kind}-{n}")))
        .collect();
    let list: Vec<String> = shown
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} {s}", i + 1))
        .collect();
    loop {
        let a = prompt::ask_line(&format!("{} [{}]", t!(prompt_id), list.join(", ")))?
            .ok_or_else(prompt::interrupted)?;
        let a = a.trim();
        if a.is_empty() {
            return Ok(default);
        }
        if let Ok(n) = a.parse::<usize>() {
            if (1..=choices.len()).contains(&n) {
                return Ok(choices[n - 1].0);
            }
        }
        let low = a.to_lowercase();
        if let Some(i) = (0..choices.len())
            .find(|&i| choices[i].1.eq_ignore_ascii_case(a) || shown[i].to_lowercase() == low)
        {
            return Ok(choices[i].0);
        }
    }
}

/// The interactive form. Fields one by one; nothing is written until the user confirms.
fn guided_form(ctx: &Ctx, v: &Vault) -> CliResult<IncidentInput> {
    eprintln!("{}", t!("form-intro"));
    let title = loop {
        let t = ask("prompt-title")?;
        if !t.trim().is_empty() {
            break t;
        }
    };
    let occurred = ask_date(ctx)?;
    let location = ask("prompt-location")?;
    let category = ask_category(&v.db)?;
    let tags: Vec<String> = ask("prompt-tags")?
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let perpetrators = ask_list("prompt-perpetrators")?;
    let victims = ask_list("prompt-victims")?;
    let witnesses = ask_list("prompt-witnesses")?;
    let source = ask("prompt-source")?;
    use Reliability::*;
    let reliability = ask_choice(
        "prompt-reliability",
        &[
            (Firsthand, "firsthand"),
            (High, "high"),
            (Medium, "medium"),
            (Low, "low"),
            (Unknown, "unknown"),
        ],
        Firsthand,
    )?;
    use Confidentiality::*;
    let confidentiality = ask_choice(
        "prompt-confidentiality",
        &[
            (Public, "public"),
            (Restricted, "restricted"),
            (Confidential, "confidential"),
            (Secret, "secret"),
        ],
        Confidential,
    )?;
    let narrative = prompt::ask_multiline(&t!("prompt-narrative"))?;
    let input = IncidentInput {
        title: Some(title),
        occurred: Some(occurred),
        location: Some(LocationInput::Text(location)),
        category: Some(category),
        tags: Some(tags),
        narrative: Some(narrative),
        perpetrators: Some(
            perpetrators
                .into_iter()
                .map(PerpetratorInput::Text)
                .collect(),
        ),
        victims: Some(victims),
        witnesses: Some(witnesses),
        source: Some(source),
        reliability: Some(reliability),
        confidentiality: Some(confidentiality),
    };
    if !prompt::confirm(&t!("confirm-save"))? {
        return Err(CliError::new(Exit::Failure, t!("not-saved")));
    }
    Ok(input)
}

/// Resolve the shared filter flags into a database filter.
pub fn resolve_filter(ctx: &Ctx, f: &FilterArgs) -> CliResult<Filter> {
    let bound = |s: &str| {
        dates::parse_bound(s, &ctx.now).map_err(|e| {
            CliError::usage(t!(
                "err-date",
                text = line(s),
                reason = crate::cli::i18n::date_error(&e)
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
    Ok(Filter {
        since: f
            .since
            .as_deref()
            .map(bound)
            .transpose()?
            .map(|(s, _)| s.as_second()),
        until: f
            .until
            .as_deref()
            .map(bound)
            .transpose()?
            .map(|(_, e)| e.as_second()),
        category: f.category.clone(),
        tag: f.tag.clone(),
        query: None,
        ids: vec![],
        entities,
    })
}
