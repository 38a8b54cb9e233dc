//! `sandyk history`: the revisions of one incident, numbered 1, 2, … within it, with local
//! recording times, the fields each revision changed (by their names in the user's
//! language), and attachment additions named as such.

use super::*;

const ORDER: [&str; 13] = [
    "title",
    "occurred",
    "location",
    "category",
    "tags",
    "perpetrators",
    "victims",
    "witnesses",
    "source",
    "reliability",
    "confidentiality",
    "narrative",
    "attachments",
];

pub fn history(ctx: &mut Ctx, a: HistoryArgs) -> CliResult {
    let v = ctx.open()?;
    let revs = match v.db.history(&a.id) {
        Ok(r) => r,
        // Not one of ours: a received incident's history, as received, with its sender.
        Err(sandyk::vault::db::DbError::NotFound(e)) => {
            let Some(r) = super::received::find(&v, &a.id)? else {
                return Err(sandyk::vault::db::DbError::NotFound(e).into());
            };
            if a.json {
                output::print_json(&r.revisions)?;
                return Ok(());
            }
            eprintln!("{}", crate::t!("received-from", name = line(&r.from)));
            r.revisions.sanitized()
        }
        Err(e) => return Err(e.into()),
    };
    if a.json {
        output::print_json(&revs)?;
        return Ok(());
    }
    let mut out = io::stdout().lock();
    let mut prev: Option<serde_json::Value> = None;
    for (n, r) in revs.iter().enumerate() {
        let cur: Option<serde_json::Value> =
            r.body.as_deref().and_then(|b| serde_json::from_str(b).ok());
        let mut changed: Vec<String> = match (&prev, &cur) {
            (Some(p), Some(c)) => c
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter(|(k, v)| p.get(*k) != Some(*v))
                        .map(|(k, _)| k.clone())
                        .collect()
                })
                .unwrap_or_default(),
            _ => vec![],
        };
        // In the order of the form, not of the JSON.
        changed.sort_by_key(|k| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
        let attachments_only = !changed.is_empty() && changed.iter().all(|k| k == "attachments");
        // Fewer attachments than before: one was deleted (`attachment delete`).
        let count = |v: &Option<serde_json::Value>| {
            v.as_ref()
                .and_then(|v| v.get("attachments"))
                .and_then(|a| a.as_array())
                .map_or(0, Vec::len)
        };
        let attachment_deleted = attachments_only && count(&cur) < count(&prev);
        let line = if attachment_deleted {
            output::revision_line_as(r, n + 1, crate::t!("history-attachment-deleted"))
        } else {
            output::revision_line(r, n + 1, attachments_only)
        };
        write!(out, "{line}")?;
        if !changed.is_empty() && !attachments_only {
            let names: Vec<String> = changed.iter().map(|k| output::field_name(k)).collect();
            write!(out, "  [{}]", names.join(", "))?;
        }
        writeln!(out)?;
        prev = cur.or(prev);
    }
    Ok(())
}
