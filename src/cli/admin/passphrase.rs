//! `sandyk passphrase change|add|remove|list`.

use super::*;
use crate::t;

pub fn passphrase(ctx: &mut Ctx, c: PassphraseCmd) -> CliResult {
    match c {
        PassphraseCmd::Change(a) => {
            let mut v = ctx.open()?;
            if v.unlocked.content.kind == SlotKind::Recovery {
                return Err(
                    CliError::usage(t!("err-change-with-recovery")).hint(t!("hint-passphrase-add"))
                );
            }
            let new = new_passphrase(&mut ctx.secrets, a.generate)?;
            // The salt and KDF parameters are kept, whatever other slots exist (see
            // docs/emergency.md): `--kdf-target-ms` does not apply to a change.
            let _ = a.kdf_target_ms;
            let r = v.change_passphrase(&new)?;
            eprintln!(
                "{}",
                t!(
                    "passphrase-changed",
                    memory = (r.params.m_kib / 1024) as i64,
                    passes = r.params.t as i64
                )
            );
            Ok(())
        }
        PassphraseCmd::Add(a) => {
            let mut v = ctx.open()?;
            if visible_slots(&v)?.iter().any(|(_, _, l)| *l == a.label) {
                return Err(CliError::usage(t!(
                    "err-label-taken",
                    label = line(&a.label)
                )));
            }
            let new = new_passphrase(&mut ctx.secrets, a.generate)?;
            v.add_slot(
                |kf| Ok(kf.passphrase_kek(&new)?),
                SlotKind::Passphrase,
                None,
                &a.label,
                None,
                &ctx.now,
            )?;
            eprintln!("{}", t!("passphrase-added", label = line(&a.label)));
            Ok(())
        }
        PassphraseCmd::Remove(a) => {
            let mut v = ctx.open()?;
            v.remove_slot(&a.label)?;
            eprintln!("{}", t!("slot-removed", label = line(&a.label)));
            Ok(())
        }
        PassphraseCmd::List(a) => {
            let v = ctx.open()?;
            let slots = visible_slots(&v)?;
            if a.json {
                let list: Vec<_> = slots
                    .iter()
                    .map(|(_, k, l)| serde_json::json!({"label": l, "kind": k}))
                    .collect();
                output::print_json(&list)?;
            } else {
                for (_, k, l) in slots {
                    println!("{}  ({})", line(&l), t!(&format!("slot-kind-{k}")));
                }
            }
            Ok(())
        }
    }
}
