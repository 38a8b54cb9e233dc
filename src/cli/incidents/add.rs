//! `sandyk add`: record a new incident (guided form or JSON).

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
            let mut v = ctx.open()?;
            let input = guided_form(ctx, &v)?;
            let ids = v.db.add(vec![input], &ctx.now)?;
            eprintln!("{}", t!("incident-saved", id = ids[0].clone()));
            println!("{}", ids[0]);
            crate::cli::attach::after_add(ctx, &mut v, &ids[0], sources)
        }
    }
}
