//! `sandyk amend`: correct an incident; the previous version stays in its history.

use super::*;
use crate::t;

pub fn amend(ctx: &mut Ctx, a: AmendArgs) -> CliResult {
    let input = match a.input {
        Some(InputFormat::Json) => {
            let bytes = read_stdin_limited()?;
            let text =
                std::str::from_utf8(&bytes).map_err(|_| CliError::usage(t!("err-not-utf8")))?;
            Some(sandyk::model::input::parse_object(text)?)
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
    super::received::must_be_ours(&v, &a.id)?;
    let input = match input {
        Some(i) => i,
        None => match form::amend_form(ctx, &mut v, &a.id)? {
            Some(i) => i,
            None => {
                // Declining is not an error.
                eprintln!("{}", t!("incident-unchanged"));
                return Ok(());
            }
        },
    };
    if v.db.amend(&a.id, input, &ctx.now)? {
        eprintln!("{}", t!("incident-amended", id = Db::normalise_id(&a.id)));
    } else {
        eprintln!("{}", t!("incident-unchanged"));
    }
    Ok(())
}
