//! `sandyk add`: record a new incident (guided form, quick capture, or JSON).

use super::form::{self, Draft, Outcome};
use super::*;
use crate::t;

pub fn add(ctx: &mut Ctx, a: AddArgs) -> CliResult {
    let sources = crate::cli::attach::open_sources(&a.attach)?;
    match a.input {
        Some(InputFormat::Json) => {
            let inputs = parse_add_input(&read_stdin_limited()?)?;
            if inputs.len() > 1 && !sources.is_empty() {
                return Err(CliError::usage(t!("err-attach-many-incidents")));
            }
            let mut v = ctx.open()?;
            if inputs.len() > 1 {
                check_each(&v, &inputs, &ctx.now)?;
            }
            let ids = v.db.add(inputs, &ctx.now)?;
            let mut out = io::stdout().lock();
            for id in &ids {
                writeln!(out, "{id}")?;
            }
            drop(out);
            crate::cli::attach::after_add(ctx, &mut v, &ids[0], sources)
        }
        None => {
            if !prompt::stdin_is_tty() {
                return Err(
                    CliError::usage(t!("err-add-needs-terminal")).hint(t!("hint-input-json"))
                );
            }
            // The passphrase first, then the form: nothing typed can land in the wrong place.
            let mut v = ctx.open()?;
            let (mut draft_id, mut d) = match form::offer_resume(ctx, &v)? {
                Some((id, d)) => (Some(id), d),
                None => (
                    None,
                    Draft {
                        quick: a.quick,
                        // Quick capture files under "other" until amended.
                        category: a.quick.then(|| "other".to_owned()),
                        ..Draft::default()
                    },
                ),
            };
            let intro = match (draft_id.is_some(), d.quick) {
                (true, _) => "form-intro-resume",
                (false, true) => "form-intro-quick",
                (false, false) => "form-intro-full",
            };
            eprintln!("{}", t!(intro));
            let d = match form::fill_and_confirm(ctx, &mut v, &mut d, &mut draft_id)? {
                Outcome::Save(d) => d,
                Outcome::NotSaved => {
                    eprintln!("{}", t!("form-not-saved"));
                    return Ok(());
                }
                Outcome::Stopped => return Err(form::stopped()),
            };
            let ids = match v.db.add(vec![d.to_input()], &ctx.now) {
                Ok(ids) => ids,
                Err(e) => {
                    // Refused (a field over its limit, a category removed since the draft
                    // was kept): what was typed is not lost — it becomes a draft.
                    let err = CliError::from(e);
                    let kept = serde_json::to_string(&*d)
                        .ok()
                        .and_then(|body| v.db.draft_save(draft_id, &body, &ctx.now).ok());
                    return Err(match kept {
                        Some(_) => err.hint(t!("form-kept-after-refusal")),
                        None => err,
                    });
                }
            };
            if let Some(id) = draft_id {
                // The incident is saved; a draft that could not be removed is offered again
                // by the next `add` (and can be declined there): not a failure of this one.
                if v.db.draft_delete(id).is_err() {
                    eprintln!("{}", t!("form-draft-not-removed"));
                }
            }
            eprintln!("{}", t!("incident-saved", id = ids[0].clone()));
            if d.quick {
                eprintln!("{}", t!("form-quick-later", id = ids[0].clone()));
            }
            println!("{}", ids[0]);
            crate::cli::attach::after_add(ctx, &mut v, &ids[0], sources)
        }
    }
}

/// In an array, say which incident a date, category or length is refused for: the checks
/// `Db::add` makes, run first on each item on its own (their errors name no item; "cannot
/// read the date" in an array of 3,000 left the user to search).
fn check_each(v: &Vault, inputs: &[IncidentInput], now: &jiff::Zoned) -> CliResult {
    let own: std::collections::HashSet<String> =
        v.db.categories()?.into_iter().map(|(id, _)| id).collect();
    for (n, input) in inputs.iter().enumerate() {
        if let Err(e) = input
            .clone()
            .apply(None, "CHECK", now, &|c| own.contains(c))
        {
            let mut e = CliError::from(sandyk::vault::db::DbError::Model(e));
            e.message = format!("{}: {}", t!("json-item", n = (n + 1) as i64), e.message);
            return Err(e);
        }
    }
    Ok(())
}
