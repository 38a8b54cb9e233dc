//! `sandyk search`: the passphrase first, then the words (so a passphrase typed early is
//! never echoed); results with an excerpt around the match.

use super::*;
use crate::t;

pub fn search(ctx: &mut Ctx, a: SearchArgs) -> CliResult {
    let mut filter = resolve_filter(ctx, &a.filter)?;
    let from_tty = a.query.is_empty() && prompt::stdin_is_tty();
    let mut query = if a.query.is_empty() {
        None
    } else {
        Some(a.query.join(" "))
    };
    if query.is_none() && !from_tty {
        // Not through `io::stdin()`: its buffer is a static that would keep the query until
        // exit (prompt::raw_stdin).
        let mut s = String::new();
        prompt::raw_stdin()?
            .take(64 * 1024)
            .read_to_string(&mut s)?;
        query = Some(s);
    }
    if query.as_deref().is_some_and(|q| q.trim().is_empty()) {
        return Err(CliError::usage(t!("err-empty-query")).hint(t!("hint-empty-query")));
    }
    let v = ctx.open()?;
    category::check_filter(&v.db, &mut filter)?;
    let query = match query {
        Some(q) => q,
        None => {
            let q = prompt::ask_line(&t!("prompt-search"))?.ok_or_else(prompt::interrupted)?;
            if q.trim().is_empty() {
                return Err(CliError::usage(t!("err-empty-query")));
            }
            q
        }
    };
    filter.query = Some(query.clone());
    if a.from.is_some() || a.received {
        // The case file's own search index: the same query and filters as own incidents.
        return super::received::list_received(&v, a.from.as_deref(), &filter, a.json);
    }
    let found = v.db.list(&filter)?;
    if a.json {
        return print_list(&found, true);
    }
    // Excerpts are incident text. std's stdout buffer is a static that is never freed, so
    // what passes through it stays in memory until exit (SECURITY.md, "Memory"): write
    // through a buffer of our own on a duplicate of the descriptor, freed — and so wiped —
    // when the results are out.
    io::stdout().flush()?;
    let fd = {
        use std::os::fd::AsFd;
        io::stdout().as_fd().try_clone_to_owned()?
    };
    let mut out = io::BufWriter::new(std::fs::File::from(fd));
    for i in &found {
        writeln!(out, "{}", output::summary_line(i))?;
        let fields = i.search_fields();
        if let Some(e) = fields
            .iter()
            .skip(1)
            .chain(std::iter::once(&fields[0]))
            .find_map(|f| sandyk::vault::db::search::excerpt(f, &query, 90))
        {
            writeln!(out, "    {}", line(&e))?;
        }
    }
    out.flush()?;
    drop(out);
    if found.is_empty() {
        eprintln!("{}", t!("no-incidents"));
    }
    Ok(())
}
