//! `sandyk attachments`: list and what metadata reveals.

use super::*;
use crate::t;

pub fn attachments(ctx: &mut Ctx, a: AttachmentsArgs) -> CliResult {
    let v = ctx.open()?;
    let rows = v.db.attachments(&a.id)?;
    if a.json {
        output::print_json(&rows)?;
        return Ok(());
    }
    if rows.is_empty() {
        eprintln!("{}", t!("attach-none"));
        return Ok(());
    }
    let mut out = io::stdout().lock();
    for row in &rows {
        print_row(&mut out, row)?;
    }
    Ok(())
}

fn print_row(out: &mut impl Write, row: &AttachmentRow) -> io::Result<()> {
    writeln!(
        out,
        "{}  {}  {}  {}",
        row.reference(),
        line(&row.name),
        row.media_type,
        human_size(row.size)
    )?;
    writeln!(
        out,
        "    {}: {}",
        t!("attach-field-added"),
        crate::cli::output::recorded(&row.added)
    )?;
    writeln!(out, "    SHA-256 {}", row.sha256)?;
    for l in reveal_lines(&row.reveals, &row.media_type) {
        writeln!(out, "    {l}")?;
    }
    writeln!(
        out,
        "    {}",
        working_line(
            &row.reveals,
            &row.media_type,
            row.working_sha256.as_deref(),
            row.working_size
        )
    )
}
