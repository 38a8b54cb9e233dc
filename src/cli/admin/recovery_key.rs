//! `sandyk recovery-key`.

use super::*;
use crate::t;

pub fn recovery_key(ctx: &mut Ctx, a: RecoveryKeyArgs) -> CliResult {
    let mut v = ctx.open()?;
    if visible_slots(&v)?.iter().any(|(_, _, l)| *l == a.label) {
        return Err(CliError::usage(t!(
            "err-label-taken",
            label = line(&a.label)
        )));
    }
    let (rk, printed) = keyfile::generate_recovery_key();
    v.add_slot(
        |_| Ok(keyfile::recovery_kek(&rk)),
        SlotKind::Recovery,
        None,
        &a.label,
        None,
        &ctx.now,
    )?;
    eprintln!("{}", t!("recovery-key-intro"));
    println!("{}", &*printed);
    Ok(())
}
