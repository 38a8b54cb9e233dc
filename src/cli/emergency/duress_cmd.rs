//! `sandyk duress set|remove`.

use super::*;
use crate::t;

pub fn duress_cmd(ctx: &mut Ctx, c: DuressCmd) -> CliResult {
    match c {
        DuressCmd::Set(a) => {
            let action = match (a.action, &a.to) {
                (ActionArg::Destroy, None) => DuressAction::Destroy,
                (ActionArg::Seal, Some(to)) => {
                    if seal::looks_like_recipient(to) {
                        seal::parse_recipient(to)?;
                    }
                    DuressAction::Seal
                }
                (ActionArg::Seal, None) => {
                    return Err(CliError::usage(t!("err-emergency-duress-needs-to")))
                }
                (ActionArg::Destroy, Some(_)) => {
                    return Err(CliError::usage(t!("err-emergency-duress-no-to")))
                }
            };
            let mut v = ctx.open()?;
            let recipient = a.to.as_deref().map(|to| resolve(&v, to)).transpose()?;
            let d = ctx.secrets.read_new(
                &t!("emergency-prompt-duress"),
                &t!("emergency-prompt-duress-repeat"),
            )?;
            duress::set(&mut v, &d, action, recipient.as_ref(), &ctx.now)?;
            match action {
                DuressAction::Destroy => eprintln!("{}", t!("emergency-duress-set-destroy")),
                DuressAction::Seal => {
                    let r = recipient.as_ref().expect("checked above");
                    eprintln!(
                        "{}",
                        t!(
                            "emergency-duress-set-seal",
                            recipient = line(&r.canonical),
                            fingerprint = r.fingerprint()
                        )
                    )
                }
            }
            Ok(())
        }
        DuressCmd::Remove => {
            let mut v = ctx.open()?;
            duress::remove(&mut v, &ctx.now)?;
            eprintln!("{}", t!("emergency-duress-removed"));
            Ok(())
        }
    }
}
