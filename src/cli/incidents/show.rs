//! `sandyk show`: one incident, dates as people read them, and its attachments.

use super::*;
use crate::t;

pub fn show(ctx: &mut Ctx, a: ShowArgs) -> CliResult {
    let v = ctx.open()?;
    let inc = match v.db.get(&a.id) {
        Ok(i) => i,
        // Not one of ours: a received incident (the lawyer's case file), with its sender.
        Err(sandyk::vault::db::DbError::NotFound(e)) => {
            let Some(r) = super::received::find(&v, &a.id)? else {
                return Err(sandyk::vault::db::DbError::NotFound(e).into());
            };
            let Some(inc) = r.current else {
                return Err(sandyk::vault::db::DbError::Deleted(a.id.clone()).into());
            };
            if a.json {
                output::print_json(&serde_json::json!({ "from": r.from, "incident": inc }))?;
            } else {
                println!("{}", t!("received-from", name = line(&r.from)));
                print!("{}", output::detail(&inc.sanitized(), a.full));
            }
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    if a.json {
        output::print_json(&inc)?;
        return Ok(());
    }
    print!("{}", output::detail(&inc, a.full));
    if !inc.attachments.is_empty() {
        println!(
            "\n{}",
            t!("show-attachments", count = inc.attachments.len() as i64)
        );
        for at in &inc.attachments {
            println!(
                "  {}. {}  ({}, {})",
                at.n,
                line(&at.name),
                at.media_type,
                output::size(at.size)
            );
        }
        println!("{}", t!("show-attachments-hint", id = inc.id.clone()));
    }
    Ok(())
}
