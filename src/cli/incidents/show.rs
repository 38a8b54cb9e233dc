//! `sandyk show`.

use super::*;

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
