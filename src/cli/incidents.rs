//! Incident commands: add, list, show, search, amend, delete, history.

use std::io::{self, Read, Write};

use clap::Args;

use super::error::{json_error, CliError, CliResult, Exit};
use super::output::{self, line};
use super::prompt;
use super::{Ctx, FilterArgs, InputFormat};
use crate::t;
use sandyk::dates;
use sandyk::model::incident::{
    self, Confidentiality, IncidentInput, LocationInput, OccurredInput, PerpetratorInput,
    Reliability, CATEGORIES,
};
use sandyk::vault::db::{Db, Filter};
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
    io::stdin()
        .lock()
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

pub fn add(ctx: &mut Ctx, a: AddArgs) -> CliResult {
    let sources = super::attach::open_sources(&a.attach)?;
    match a.input {
        Some(InputFormat::Json) => {
            let inputs = parse_add_input(&read_stdin_limited()?)?;
            if inputs.len() > 1 && !sources.is_empty() {
                return Err(CliError::usage(t!("err-attach-many-incidents")));
            }
            let mut v = ctx.open()?;
            let ids = v.db.add(inputs, &ctx.now)?;
            let mut out = io::stdout().lock();
            for id in &ids {
                writeln!(out, "{id}")?;
            }
            drop(out);
            super::attach::after_add(ctx, &mut v, &ids[0], sources)
        }
        None => {
            if !prompt::stdin_is_tty() {
                return Err(
                    CliError::usage(t!("err-add-needs-terminal")).hint(t!("hint-input-json"))
                );
            }
            let mut v = ctx.open()?;
            let input = guided_form(ctx, &v)?;
            let ids = v.db.add(vec![input], &ctx.now)?;
            eprintln!("{}", t!("incident-saved", id = ids[0].clone()));
            println!("{}", ids[0]);
            super::attach::after_add(ctx, &mut v, &ids[0], sources)
        }
    }
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
    })
}

fn print_list(list: &[incident::Incident], json: bool) -> CliResult {
    if json {
        output::print_json(&list)?;
        return Ok(());
    }
    let mut out = io::stdout().lock();
    for i in list {
        writeln!(out, "{}", output::summary_line(i))?;
    }
    if list.is_empty() {
        eprintln!("{}", t!("no-incidents"));
    }
    Ok(())
}

pub fn list(ctx: &mut Ctx, a: ListArgs) -> CliResult {
    let filter = resolve_filter(ctx, &a.filter)?;
    let v = ctx.open()?;
    if a.deleted {
        let t = v.db.tombstones()?;
        if a.json {
            output::print_json(&t)?;
        } else {
            for x in t {
                println!("{}  {} {}", x.id, t!("deleted-at"), x.deleted_at);
            }
        }
        return Ok(());
    }
    print_list(&v.db.list(&filter)?, a.json)
}

pub fn show(ctx: &mut Ctx, a: ShowArgs) -> CliResult {
    let v = ctx.open()?;
    let inc = v.db.get(&a.id)?;
    if a.json {
        output::print_json(&inc)?;
    } else {
        print!("{}", output::detail(&inc, a.full));
    }
    Ok(())
}

pub fn search(ctx: &mut Ctx, a: SearchArgs) -> CliResult {
    let mut filter = resolve_filter(ctx, &a.filter)?;
    let query = if a.query.is_empty() {
        if prompt::stdin_is_tty() {
            ask("prompt-search")?
        } else {
            let mut s = String::new();
            io::stdin().lock().take(64 * 1024).read_to_string(&mut s)?;
            s
        }
    } else {
        a.query.join(" ")
    };
    if query.trim().is_empty() {
        return Err(CliError::usage(t!("err-empty-query")));
    }
    filter.query = Some(query);
    let v = ctx.open()?;
    print_list(&v.db.list(&filter)?, a.json)
}

pub fn amend(ctx: &mut Ctx, a: AmendArgs) -> CliResult {
    let input = match a.input {
        Some(InputFormat::Json) => {
            let bytes = read_stdin_limited()?;
            let text =
                std::str::from_utf8(&bytes).map_err(|_| CliError::usage(t!("err-not-utf8")))?;
            Some(serde_json::from_str::<IncidentInput>(text).map_err(json_error)?)
        }
        None => {
            if !prompt::stdin_is_tty() {
                return Err(
                    CliError::usage(t!("err-add-needs-terminal")).hint(t!("hint-input-json"))
                );
            }
            None
        }
    };
    let mut v = ctx.open()?;
    let input = match input {
        Some(i) => i,
        None => guided_amend(ctx, &v, &a.id)?,
    };
    if v.db.amend(&a.id, input, &ctx.now)? {
        eprintln!("{}", t!("incident-amended", id = Db::normalise_id(&a.id)));
    } else {
        eprintln!("{}", t!("incident-unchanged"));
    }
    Ok(())
}

fn guided_amend(ctx: &Ctx, v: &Vault, id: &str) -> CliResult<IncidentInput> {
    let cur = v.db.get(id)?;
    eprint!("{}", output::detail(&cur, false));
    eprintln!("\n{}", t!("amend-intro"));
    let keep = |s: String| if s.trim().is_empty() { None } else { Some(s) };
    let mut input = IncidentInput {
        title: keep(ask("prompt-title")?),
        ..Default::default()
    };
    if prompt::confirm(&t!("confirm-change-date"))? {
        input.occurred = Some(ask_date(ctx)?);
    }
    input.location = keep(ask("prompt-location")?).map(LocationInput::Text);
    if prompt::confirm(&t!("confirm-change-category"))? {
        input.category = Some(ask_category(&v.db)?);
    }
    if prompt::confirm(&t!("confirm-change-narrative"))? {
        input.narrative = Some(prompt::ask_multiline(&t!("prompt-narrative"))?);
    }
    Ok(input)
}

pub fn delete(ctx: &mut Ctx, a: DeleteArgs) -> CliResult {
    if !a.yes && !prompt::stdin_is_tty() {
        return Err(CliError::usage(t!("err-confirm-needs-terminal")).hint(t!("hint-yes")));
    }
    let mut v = ctx.open()?;
    let inc = v.db.get(&a.id)?;
    if !a.yes {
        eprintln!("{}", output::summary_line(&inc));
        if !prompt::confirm(&t!("confirm-delete"))? {
            return Err(CliError::new(Exit::Failure, t!("not-deleted")));
        }
    }
    v.db.delete(&inc.id, &ctx.now)?;
    eprintln!("{}", t!("incident-deleted", id = inc.id));
    Ok(())
}

pub fn history(ctx: &mut Ctx, a: HistoryArgs) -> CliResult {
    let v = ctx.open()?;
    let revs = v.db.history(&a.id)?;
    if a.json {
        output::print_json(&revs)?;
        return Ok(());
    }
    let mut out = io::stdout().lock();
    let mut prev: Option<serde_json::Value> = None;
    for r in &revs {
        write!(out, "{}", output::revision_line(r))?;
        let cur: Option<serde_json::Value> =
            r.body.as_deref().and_then(|b| serde_json::from_str(b).ok());
        if let (Some(p), Some(c)) = (&prev, &cur) {
            let changed: Vec<&String> = c
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter(|(k, v)| p.get(*k) != Some(*v))
                        .map(|(k, _)| k)
                        .collect()
                })
                .unwrap_or_default();
            if !changed.is_empty() {
                write!(
                    out,
                    "  [{}]",
                    changed
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
            }
        }
        writeln!(out)?;
        prev = cur.or(prev);
    }
    Ok(())
}
