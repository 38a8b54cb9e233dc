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
    if a.from.is_some() || a.received {
        // Received incidents have no search index: every word must occur in the text.
        let words: Vec<String> = query.split_whitespace().map(|w| w.to_lowercase()).collect();
        let hits: Vec<_> = super::received::received(&v, a.from.as_deref())?
            .into_iter()
            .filter(|r| {
                r.current.as_ref().is_some_and(|i| {
                    i.test(|i| {
                        let text = serde_json::to_string(i).unwrap_or_default().to_lowercase();
                        words.iter().all(|w| text.contains(w.as_str()))
                    })
                })
            })
            .collect();
        return super::received::print_received(&hits, a.json);
    }
    filter.query = Some(query);
    print_list(&v.db.list(&filter)?, a.json)
}
