//! `sandyk attach`.

use super::*;

pub fn attach(ctx: &mut Ctx, a: AttachArgs) -> CliResult {
    let sources = open_sources(&a.files)?;
    let mut v = ctx.open()?;
    attach_into(ctx, &mut v, &a.id, sources)
}
