//! `sandyk attachment delete ID/N`: one attachment goes, the incident stays.

use super::*;
use crate::cli::prompt;

pub fn delete(ctx: &mut Ctx, a: DeleteAttachmentArgs) -> CliResult {
    // A mistake in the address costs no passphrase. `ID` alone does not say which
    // attachment: the hint names the command that lists them.
    let (id, n) = attach::parse_ref(&a.attachment).map_err(|e| {
        let given = a.attachment.trim();
        match given.contains('/') || given.is_empty() {
            true => attach_error(e),
            false => CliError::usage(t!("err-attach-bad-ref", reference = line(given)))
                .hint(t!("hint-attachments", id = line(given))),
        }
    })?;
    if !a.yes && !prompt::stdin_is_tty() {
        return Err(CliError::usage(t!("err-confirm-needs-terminal")).hint(t!("hint-yes")));
    }
    let mut v = ctx.open()?;
    let id = sandyk::vault::db::Db::normalise_id(&id);
    let reference = format!("{id}/{n}");
    let row =
        v.db.attachments(&id)?
            .into_iter()
            .find(|r| r.n == n)
            .ok_or_else(|| attach_error(AttachError::NotFound(reference.clone())))?;
    if !a.yes {
        eprintln!(
            "{}",
            t!(
                "attachment-summary",
                reference = reference.clone(),
                name = line(&row.name),
                size = human_size(row.size),
                media_type = row.media_type.clone()
            )
        );
        if !prompt::confirm(&t!("confirm-delete-attachment"))? {
            // Declining is an answer, not an error: exit 0, nothing changed.
            eprintln!("{}", t!("delete-declined"));
            return Ok(());
        }
    }
    let (_, gone) = v.db.delete_attachment(&id, n, &ctx.now)?;
    eprintln!(
        "{}",
        t!(
            "attachment-deleted",
            reference = reference,
            name = line(&gone.name)
        )
    );
    Ok(())
}
