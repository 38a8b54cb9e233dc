//! `sandyk log`: the export log.

use super::*;
use crate::t;

pub fn log(ctx: &mut Ctx, a: LogArgs) -> CliResult {
    let v = ctx.open()?;
    let log = v.db.exports()?;
    if a.json {
        output::print_json(&log)?;
        return Ok(());
    }
    if log.is_empty() {
        eprintln!("{}", t!("bundle-log-empty"));
    }
    let mut out = io::stdout().lock();
    for r in &log {
        let to: Vec<String> = r
            .recipients
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        let kind = super::contact::kind_label(x["kind"].as_str().unwrap_or("?"));
                        let fp = x["fingerprint"].as_str().unwrap_or("");
                        match x["contact"].as_str() {
                            Some(c) => format!("{} ({kind} {fp})", line(c)),
                            None => format!("{kind} {fp}").trim().to_owned(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        writeln!(
            out,
            "#{}  {}  {}",
            r.id,
            output::recorded(&r.at),
            t!(
                "bundle-log-line",
                count = r.incidents.len() as i64,
                ids = r.incidents.join(" "),
                to = to.join(", "),
                sha = r.bundle_sha256.clone()
            )
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------- receiving
