//! `sandyk list`.

use super::*;
use crate::t;

pub(super) fn print_list(list: &[incident::Incident], json: bool) -> CliResult {
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
    let mut filter = resolve_filter(ctx, &a.filter)?;
    let v = ctx.open()?;
    category::check_filter(&v.db, &mut filter)?;
    if a.from.is_some() || a.received {
        return super::received::list_received(&v, a.from.as_deref(), &filter, a.json);
    }
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
