//! `sandyk history`.

use super::*;

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
    for r in &revs {
        write!(out, "{}", output::revision_line(r))?;
        let cur: Option<serde_json::Value> =
            r.body.as_deref().and_then(|b| serde_json::from_str(b).ok());
        if let (Some(p), Some(c)) = (&prev, &cur) {
            let changed: Vec<&String> = c
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter(|(k, v)| p.get(*k) != Some(*v))
                        .map(|(k, _)| k)
                        .collect()
                })
                .unwrap_or_default();
            if !changed.is_empty() {
                write!(
                    out,
                    "  [{}]",
                    changed
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
            }
        }
        writeln!(out)?;
        prev = cur.or(prev);
    }
    Ok(())
}
