//! `sandyk check`: verify the key file, the database and the hash chain.

use super::*;
use crate::t;

pub fn check(ctx: &mut Ctx, a: CheckArgs) -> CliResult {
    // The key file is checked first, on its own, so damage there is reported even without
    // the passphrase.
    let v = ctx.open()?;
    let mut problems = v.db.check()?;
    problems.extend(v.db.check_attachments()?);
    if v.decoy {
        // The duress stand-in lives in memory: there is no file for SQLCipher to check, and
        // saying so would give it away.
        problems.retain(|p| !p.starts_with("cipher_integrity_check"));
    }
    let labels = v.db.slot_labels()?;
    if !labels.iter().any(|(i, ..)| *i == v.unlocked.slot) {
        problems.push(t!("check-unlabelled-slot"));
    }
    let (live, deleted) = v.db.count()?;
    let (seq, head) = v.db.head()?;
    if a.json {
        output::print_json(&serde_json::json!({
            "ok": problems.is_empty(),
            "problems": problems,
            "incidents": live,
            "deleted": deleted,
            "revisions": seq,
            "chain_head": hex::encode(head),
        }))?;
    } else {
        println!(
            "{}",
            t!(
                "check-summary",
                incidents = live as i64,
                deleted = deleted as i64,
                revisions = seq as i64
            )
        );
        println!("{}: {}", t!("chain-head"), hex::encode(head));
        for p in &problems {
            println!("  ✗ {}", line(p));
        }
        if problems.is_empty() {
            println!("{}", t!("check-ok"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::new(
            Exit::Damaged,
            t!("check-failed", count = problems.len() as i64),
        )
        .hint(t!("hint-damaged")))
    }
}
