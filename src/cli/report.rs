//! `sandyk report -o FILE.html`: the defender's own report (`sandyk::report`), written with
//! the one atomic output (`fsio::Output`: nothing visible until complete, never a partial
//! file), never to a terminal. The file is plaintext: the command says so, and where it is.

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::Args;

use super::error::{io_error, CliError, CliResult, Exit};
use super::output::line;
use super::{incidents, Ctx, FilterArgs};
use crate::t;
use sandyk::fsio::{Output, OutputMode};
use sandyk::report::{self, ReportError, ReportRequest, Statement, MAX_STATEMENT};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Incident ids to include (default: every incident, or those the filters select).
    pub ids: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only incidents matching these words (full-text search, as `search`).
    #[arg(long, value_name = "WORDS")]
    pub search: Option<String>,
    /// Include your statement ("I made these notes at the time…"), read from standard input
    /// (on a terminal: type it, then Ctrl-D).
    #[arg(long)]
    pub statement: bool,
    /// Who makes the statement (your name as it should appear).
    #[arg(long, value_name = "NAME", requires = "statement")]
    pub by: Option<String>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The HTML file to write, or `-` for stdout when it is not a terminal. It is NOT
    /// encrypted.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

fn report_error(e: ReportError) -> CliError {
    match e {
        ReportError::Db(d) => d.into(),
        ReportError::Io(e) => io_error(&e),
    }
}

fn exists(p: &std::path::Path) -> CliError {
    CliError::failure(t!(
        "err-report-exists",
        path = line(&p.display().to_string())
    ))
    .hint(t!("hint-report-exists"))
}

/// The statement of `--statement` (also `export`'s): read from standard input through
/// `prompt::raw_stdin`, never from argv or the environment.
pub(crate) fn read_statement(by: Option<String>) -> CliResult<Statement> {
    if io::stdin().is_terminal() {
        eprintln!("{}", t!("report-statement-prompt"));
    }
    let mut buf = Vec::new();
    // Not through `io::stdin()`: its buffer is a static that would keep the statement until
    // exit (prompt::raw_stdin).
    crate::cli::prompt::raw_stdin()?
        .take(MAX_STATEMENT as u64 + 1)
        .read_to_end(&mut buf)?;
    let hint = || t!("hint-statement");
    if buf.len() > MAX_STATEMENT {
        return Err(
            CliError::usage(t!("err-report-statement-long", max = MAX_STATEMENT as i64))
                .hint(hint()),
        );
    }
    let text =
        String::from_utf8(buf).map_err(|_| CliError::usage(t!("err-not-utf8")).hint(hint()))?;
    // Nothing but spaces and invisible characters (an escape sequence alone) is empty too.
    if text
        .chars()
        .all(|c| c.is_whitespace() || sandyk::untrusted::is_hidden(c))
    {
        return Err(CliError::usage(t!("err-report-statement-empty")).hint(hint()));
    }
    Ok(Statement {
        by: by.unwrap_or_default(),
        text: text.trim_end().to_owned(),
    })
}

pub fn report(ctx: &mut Ctx, a: ReportArgs) -> CliResult {
    // Everything that can be checked without the vault, first.
    let to_stdout = a.output.as_os_str() == "-";
    let is_terminal_file = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&a.output)
            .is_ok_and(|f| f.is_terminal())
    };
    if (to_stdout && io::stdout().is_terminal()) || (!to_stdout && is_terminal_file()) {
        return Err(CliError::usage(t!("err-report-terminal")).hint(t!("hint-report-terminal")));
    }
    if !to_stdout {
        crate::cli::output::check_output_path(&a.output, a.force)?;
    }
    if !to_stdout && !a.force && std::fs::symlink_metadata(&a.output).is_ok() {
        return Err(exists(&a.output));
    }
    let mut filter = incidents::resolve_filter(ctx, &a.filter)?;
    filter.query = a.search.clone();
    filter.ids = a.ids.clone();
    if filter.query.as_deref().is_some_and(|q| q.trim().is_empty()) {
        return Err(CliError::usage(t!("err-empty-query")));
    }
    let statement = if a.statement {
        Some(read_statement(a.by.clone())?)
    } else {
        None
    };
    let v = ctx.open()?;
    for id in &a.ids {
        v.db.get(id)?;
    }
    let ids = v.db.select_ids(&filter)?;
    if ids.is_empty() {
        return Err(CliError::new(Exit::NotFound, t!("no-incidents")).hint(t!("hint-list")));
    }
    let req = ReportRequest {
        lang: crate::cli::i18n::lang(),
        now: &ctx.now,
        ids: &ids,
        statement: statement.as_ref(),
    };
    let (summary, shown) = if to_stdout {
        let mut out = io::stdout().lock();
        let s = report::write_report(&v.db, &req, &mut out).map_err(report_error)?;
        out.flush()?;
        (s, "-".to_owned())
    } else {
        let mode = if a.force {
            OutputMode::Replace
        } else {
            OutputMode::CreateNew
        };
        let mut out = Output::create(&a.output, mode).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => exists(&a.output),
            _ => io_error(&e),
        })?;
        let s = report::write_report(&v.db, &req, out.file()).map_err(report_error)?;
        out.commit().map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => exists(&a.output),
            _ => io_error(&e),
        })?;
        // Say exactly where it went.
        let abs = std::path::absolute(&a.output).unwrap_or_else(|_| a.output.clone());
        (s, abs.display().to_string())
    };
    eprintln!(
        "{}",
        t!(
            "report-written",
            path = line(&shown),
            count = summary.incidents as i64,
            bytes = summary.bytes as i64
        )
    );
    eprintln!("{}", t!("report-plaintext-warning"));
    Ok(())
}
