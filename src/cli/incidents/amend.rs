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
    let input = match input {
        Some(i) => i,
        None => guided_amend(ctx, &v, &a.id)?,
    };
    if v.db.amend(&a.id, input, &ctx.now)? {
        eprintln!("{}", t!("incident-amended", id = Db::normalise_id(&a.id)));
    } else {
        eprintln!("{}", t!("incident-unchanged"));
    }
    Ok(())
}

fn guided_amend(ctx: &Ctx, v: &Vault, id: &str) -> CliResult<IncidentInput> {
    let cur = v.db.get(id)?;
    eprint!("{}", output::detail(&cur, false));
    eprintln!("\n{}", t!("amend-intro"));
    let keep = |s: String| if s.trim().is_empty() { None } else { Some(s) };
    let mut input = IncidentInput {
        title: keep(ask("prompt-title")?),
        ..Default::default()
    };
    if prompt::confirm(&t!("confirm-change-date"))? {
        input.occurred = Some(ask_date(ctx)?);
    }
    input.location = keep(ask("prompt-location")?).map(LocationInput::Text);
    if prompt::confirm(&t!("confirm-change-category"))? {
        input.category = Some(ask_category(&v.db)?);
    }
    if prompt::confirm(&t!("confirm-change-narrative"))? {
        input.narrative = Some(prompt::ask_multiline(&t!("prompt-narrative"))?);
    }
    Ok(input)
}
