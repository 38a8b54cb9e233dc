//! `sandyk show`: one incident, dates as people read them, and its attachments.

use super::*;
use crate::t;

pub fn show(ctx: &mut Ctx, a: ShowArgs) -> CliResult {
    let v = ctx.open()?;
    let inc = v.db.get(&a.id)?;
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
