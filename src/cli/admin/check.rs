//! `sandyk check`: verify the key file, the database and the hash chain.

use super::*;
use crate::t;
use sandyk::vault::db::check::CheckProblem;

/// One problem `check` found, in the user's language.
fn check_problem(p: &CheckProblem) -> String {
    match p {
        CheckProblem::Cipher(_) => t!("check-cipher"),
        CheckProblem::Structure(_) => t!("check-structure"),
        CheckProblem::RevisionUnreadable => t!("check-revision-unreadable"),
        CheckProblem::Chain(c) => crate::cli::error::chain_problem(c),
        CheckProblem::StaleHead { id } => t!("check-stale-head", id = line(id)),
        CheckProblem::IncidentCount => t!("check-incident-count"),
        CheckProblem::OrphanChunks(n) => t!("check-orphan-chunks", count = *n as i64),
        CheckProblem::AttachmentsWithoutIncident { id } => {
            t!("check-attachments-without-incident", id = line(id))
        }
        CheckProblem::AttachmentCount {
            id,
            stored,
            recorded,
        } => t!(
            "check-attachment-count",
            id = line(id),
            stored = *stored as i64,
            recorded = *recorded as i64
        ),
        CheckProblem::AttachmentUnrecorded { reference } => {
            t!("check-attachment-unrecorded", reference = line(reference))
        }
        CheckProblem::AttachmentDiffers { reference } => {
            t!("check-attachment-differs", reference = line(reference))
        }
        CheckProblem::AttachmentCopy { reference, working } => t!(
            if *working {
                "check-attachment-working"
            } else {
                "check-attachment-original"
            },
            reference = line(reference)
        ),
        CheckProblem::StrayStoreFiles(n) => t!("check-stray-store-files", count = *n as i64),
        CheckProblem::AttachmentChunk {
            reference,
            working,
            chunk,
        } => t!(
            if *working {
                "check-attachment-chunk-working"
            } else {
                "check-attachment-chunk-original"
            },
            reference = line(reference),
            chunk = *chunk as i64
        ),
        CheckProblem::MergesDisagree => t!("check-merges-disagree"),
        CheckProblem::EntitySummaryDisagrees => t!("check-entity-summary"),
        CheckProblem::MergesUnreadable => t!("check-merges-unreadable"),
    }
}

pub fn check(ctx: &mut Ctx, a: CheckArgs) -> CliResult {
    // The key file is checked first, on its own, so damage there is reported even without
    // the passphrase.
    // Its own hint would send the user back here: the rest of it stands.
    let v = ctx.open().map_err(|mut e| {
        if e.hint.as_deref() == Some(t!("hint-damaged").as_str()) {
            e.hint = Some(t!("hint-damaged-in-check"));
        }
        e
    })?;
    let mut found = v.db.check()?;
    found.extend(v.db.check_attachments()?);
    if v.decoy {
        // The duress stand-in lives in memory: there is no file for SQLCipher to check, and
        // saying so would give it away.
        found.retain(|p| !p.is_cipher());
    }
    let mut problems: Vec<String> = found.iter().map(check_problem).collect();
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
        // SQLite's and SQLCipher's own words, with --verbose only.
        if crate::cli::error::verbose() {
            for p in &found {
                if let CheckProblem::Cipher(d) | CheckProblem::Structure(d) = p {
                    println!("    {}: {}", t!("detail"), d.sanitized());
                }
            }
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
