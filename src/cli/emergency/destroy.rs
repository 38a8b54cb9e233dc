//! `sandyk panic` and `sandyk wipe`: destroy the vault.

use super::*;
use crate::t;

fn ms(d: Option<Duration>) -> serde_json::Value {
    d.map(|d| serde_json::json!((d.as_secs_f64() * 1e6).round() / 1e3))
        .unwrap_or(serde_json::Value::Null)
}

fn report_json(r: &Report, wiped: bool) -> serde_json::Value {
    serde_json::json!({
        "wiped": wiped,
        "found": r.found,
        "key_destroyed_ms": ms(r.key_destroyed),
        "removed_ms": ms(r.removed),
        "total_ms": ms(Some(r.total)),
        "overwritten_bytes": r.overwritten_bytes,
        "left_in_place": r.left_in_place,
        "problems": r.problems,
    })
}

/// Destroy the vault and say what happened. Shared by `panic`, `wipe` and `wipe --now`.
fn destroy_now(ctx: &Ctx, json: bool) -> CliResult {
    let dir = ctx.vault_dir.display().to_string();
    match wipe::destroy(&ctx.vault_dir, wipe::Options::default()) {
        Ok(r) => {
            if json {
                output::print_json(&report_json(&r, true))?;
            }
            if !r.found {
                eprintln!("{}", t!("emergency-nothing-left", path = dir));
            } else {
                let key_ms = r
                    .key_destroyed
                    .map(|d| d.as_secs_f64() * 1e3)
                    .unwrap_or(0.0);
                eprintln!(
                    "{}",
                    t!(
                        "emergency-destroyed",
                        path = dir,
                        ms = format!("{key_ms:.1}")
                    )
                );
                if !r.left_in_place.is_empty() {
                    eprintln!(
                        "{}",
                        t!(
                            "emergency-left-in-place",
                            count = r.left_in_place.len() as i64
                        )
                    );
                }
            }
            Ok(())
        }
        Err(WipeError::NotWiped { error, at, report }) => {
            if json {
                output::print_json(&report_json(&report, false))?;
            }
            let io = crate::cli::error::io_detail(&error);
            let shown = |p: &std::path::Path| line(&p.display().to_string());
            let detail = match at {
                wipe::KeyAt::Vault => io,
                wipe::KeyAt::LinkUnreachable { link } => {
                    t!("wipe-link-unreachable", link = shown(&link), detail = io)
                }
                wipe::KeyAt::LinkTarget { link, target } => t!(
                    "wipe-link-target",
                    link = shown(&link),
                    target = shown(&target),
                    detail = io
                ),
            };
            Err(
                CliError::failure(t!("err-emergency-not-wiped", path = dir, detail = detail))
                    .hint(t!("hint-emergency-not-wiped")),
            )
        }
        Err(WipeError::Incomplete { error, report }) => {
            if json {
                output::print_json(&report_json(&report, false))?;
            }
            Err(CliError::failure(t!(
                "err-emergency-incomplete",
                path = dir,
                detail = crate::cli::error::io_detail(&error)
            ))
            .hint(t!("hint-emergency-incomplete")))
        }
        Err(WipeError::NotADirectory(_)) => Err(CliError::usage(t!(
            "err-emergency-not-a-directory",
            path = dir
        ))),
    }
}

pub fn panic(ctx: &mut Ctx, a: PanicArgs) -> CliResult {
    destroy_now(ctx, a.json)
}

pub fn wipe(ctx: &mut Ctx, a: WipeArgs) -> CliResult {
    if a.now {
        return destroy_now(ctx, a.json);
    }
    let paths = ctx.paths();
    let mut files = vec![];
    for (p, what) in [
        (&paths.keyfile, "emergency-what-key"),
        (&paths.db, "emergency-what-db"),
        (&paths.journal, "emergency-what-journal"),
    ] {
        if let Ok(m) = std::fs::symlink_metadata(p) {
            files.push((
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                m.len(),
                what,
            ));
        }
    }
    if files.is_empty() && !paths.dir.exists() {
        eprintln!(
            "{}",
            t!(
                "emergency-nothing-left",
                path = paths.dir.display().to_string()
            )
        );
        return Ok(());
    }
    eprintln!(
        "{}",
        t!(
            "emergency-wipe-intro",
            path = line(&paths.dir.display().to_string())
        )
    );
    for (name, len, what) in &files {
        eprintln!("  {:<20} {:>14}  {}", line(name), size(*len), t!(what));
    }
    eprintln!("\n{}", t!("emergency-cannot-guarantee"));
    if !a.yes {
        if !std::io::stdin().is_terminal() && std::fs::File::open("/dev/tty").is_err() {
            return Err(CliError::usage(t!("err-confirm-needs-terminal"))
                .hint(t!("hint-emergency-wipe-yes")));
        }
        if !prompt::confirm(&t!("emergency-wipe-confirm"))? {
            return Err(CliError::failure(t!("emergency-not-wiped-cancelled")));
        }
    }
    if a.countdown > 0 {
        for s in (1..=a.countdown).rev() {
            eprint!("\r{}   ", t!("emergency-countdown", seconds = s as i64));
            let _ = std::io::stderr().flush();
            std::thread::sleep(Duration::from_secs(1));
        }
        eprintln!();
    }
    destroy_now(ctx, a.json)
}

fn size(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else if n >= 1 << 10 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} {}", t!("bytes"))
    }
}
