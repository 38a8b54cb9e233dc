//! `sandyk attach`.

use super::*;

pub fn attach(ctx: &mut Ctx, a: AttachArgs) -> CliResult {
    let sources = open_sources(&a.files)?;
    let mut v = ctx.open()?;
    crate::cli::incidents::received::must_be_ours(&v, &a.id)?;
    attach_into(ctx, &mut v, &a.id, sources)
}
