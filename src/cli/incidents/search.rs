//! `sandyk search`.

use super::*;
use crate::t;

pub fn search(ctx: &mut Ctx, a: SearchArgs) -> CliResult {
    let mut filter = resolve_filter(ctx, &a.filter)?;
    let query = if a.query.is_empty() {
        if prompt::stdin_is_tty() {
            ask("prompt-search")?
        } else {
            let mut s = String::new();
            prompt::raw_stdin()?
                .take(64 * 1024)
                .read_to_string(&mut s)?;
            s
        }
    } else {
        a.query.join(" ")
    };
    if query.trim().is_empty() {
        return Err(CliError::usage(t!("err-empty-query")));
    }
    let v = ctx.open()?;
    filter.query = Some(query);
    if a.from.is_some() || a.received {
        // The case file's own search index: the same query and filters as own incidents.
        return super::received::list_received(&v, a.from.as_deref(), &filter, a.json);
    }
    print_list(&v.db.list(&filter)?, a.json)
}
