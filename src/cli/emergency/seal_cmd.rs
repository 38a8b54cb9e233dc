//! `sandyk seal`.

use super::*;
use crate::t;

pub fn seal_cmd(ctx: &mut Ctx, a: SealArgs) -> CliResult {
    // Raw recipients are checked before the passphrase is asked for.
    for to in &a.to {
        if seal::looks_like_recipient(to) {
            seal::parse_recipient(to)?;
        }
    }
    let mut v = ctx.open()?;
    let recipients =
        a.to.iter()
            .map(|to| resolve(&v, to))
            .collect::<CliResult<Vec<_>>>()?;
    if !a.yes && !ctx.secrets.is_fd() {
        eprintln!("{}", t!("emergency-seal-intro"));
        for r in &recipients {
            eprintln!("  {}  ({})", line(&r.canonical), r.fingerprint());
        }
        if !prompt::confirm(&t!("emergency-seal-confirm"))? {
            // Declining is an answer, not an error (as for `delete`): exit 0, nothing changed.
            eprintln!("{}", t!("emergency-not-sealed-cancelled"));
            return Ok(());
        }
    }
    seal::seal(&mut v, &recipients)?;
    eprintln!(
        "{}",
        t!("emergency-sealed", count = recipients.len() as i64)
    );
    for r in &recipients {
        eprintln!("  {}  ({})", line(&r.canonical), r.fingerprint());
    }
    Ok(())
}
