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
            // An empty directory is what a panic interrupted after its last unlink leaves:
            // removing it completes that panic (exit 0, said plainly).
            let completed = !r.found && r.removed.is_some();
            if json {
                output::print_json(&report_json(&r, r.found || completed))?;
            }
            if completed {
                eprintln!("{}", t!("emergency-empty-dir-removed", path = line(&dir)));
            } else if !r.found {
                // Loud and non-zero: a panicking user who typed the wrong path (or whose
                // vault lives elsewhere) must not walk away believing it is gone. This
                // tells nothing a look at the directory does not: a duress destroy leaves
                // a vault in place, so `panic` after it destroys that one and exits 0.
                return Err(nothing_there(&dir));
            } else {
                let key_ms = r
                    .key_destroyed
                    .map(|d| d.as_secs_f64() * 1e3)
                    .unwrap_or(0.0);
                // With files that are not the vault's, the directory stays: said so, not
                // "files and directory removed" followed by "the directory was left".
                let said = if r.left_in_place.is_empty() {
                    "emergency-destroyed"
                } else {
                    "emergency-destroyed-dir-kept"
                };
                eprintln!(
                    "{}",
                    t!(said, path = dir, ms = crate::cli::i18n::decimal(key_ms, 1))
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

/// No vault at `dir`: exit 5 (not found), the path named, what to do.
fn nothing_there(dir: &str) -> CliError {
    CliError::new(
        Exit::NotFound,
        t!("err-emergency-nothing-there", path = line(dir)),
    )
    .hint(t!("hint-emergency-nothing-there"))
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
    // The attachment store (a directory of sealed files): listed too — it was left out of
    // the list, though it is removed with the rest (a second adversarial probe).
    let store = paths.dir.join(sandyk::vault::store::STORE_DIR);
    if let Ok(entries) = std::fs::read_dir(&store) {
        let bytes: u64 = entries
            .filter_map(|e| e.ok()?.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        files.push((
            format!("{}/", sandyk::vault::store::STORE_DIR),
            bytes,
            "emergency-what-store",
        ));
    }
    if files.is_empty() && !paths.dir.exists() {
        return Err(nothing_there(&paths.dir.display().to_string()));
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
            // Declining is an answer, not an error (as for `delete`): exit 0, nothing changed.
            eprintln!("{}", t!("emergency-not-wiped-cancelled"));
            return Ok(());
        }
    }
    if a.countdown > 0 {
        // Ctrl-C cancels, and says so: it used to kill the process mid-countdown with
        // nothing printed (a second adversarial probe) — in a raid, the user must read that
        // nothing happened.
        let _catch = prompt::CatchInterrupt::new();
        for s in (1..=a.countdown).rev() {
            eprint!("\r{}   ", t!("emergency-countdown", seconds = s as i64));
            let _ = std::io::stderr().flush();
            for _ in 0..10 {
                // (A hang-up stops it too, as SIGHUP's default did; nothing is printed then.)
                if prompt::take_interrupt() || prompt::hung_up() {
                    let mut err = std::io::stderr();
                    let _ = writeln!(err, "\n{}", t!("emergency-not-wiped-cancelled"));
                    return Err(prompt::interrupted());
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        eprintln!();
    }
    destroy_now(ctx, a.json)
}

fn size(n: u64) -> String {
    output::size(n)
}
