//! `sandyk delete`.

use super::*;
use crate::t;

pub fn delete(ctx: &mut Ctx, a: DeleteArgs) -> CliResult {
    if !a.yes && !prompt::stdin_is_tty() {
        return Err(CliError::usage(t!("err-confirm-needs-terminal")).hint(t!("hint-yes")));
    }
    let mut v = ctx.open()?;
    super::received::must_be_ours(&v, &a.id)?;
    let inc = v.db.get(&a.id)?;
    if !a.yes {
        eprintln!("{}", output::summary_line(&inc));
        if !prompt::confirm(&t!("confirm-delete"))? {
            // Declining is an answer, not an error: exit 0, nothing changed.
            eprintln!("{}", t!("delete-declined"));
            return Ok(());
        }
    }
    v.db.delete(&inc.id, &ctx.now)?;
    eprintln!("{}", t!("incident-deleted", id = inc.id));
    Ok(())
}
