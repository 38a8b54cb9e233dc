//! `sandyk keygen`: a new age identity for receiving bundles.

use super::*;
use crate::t;

pub fn keygen(ctx: &mut Ctx, a: KeygenArgs) -> CliResult {
    let created = ctx.now.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let (text, recipient) = recipient::generate(&created);
    match a.output {
        Some(path) if path.as_os_str() != "-" => {
            let mut out =
                Output::create(&path, OutputMode::CreateNew).map_err(|e| match e.kind() {
                    io::ErrorKind::AlreadyExists => CliError::failure(t!(
                        "err-bundle-keygen-exists",
                        path = line(&path.display().to_string())
                    ))
                    .hint(t!("hint-bundle-keygen-exists")),
                    _ => io_error(&e),
                })?;
            out.file().write_all(text.as_bytes())?;
            out.commit().map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => CliError::failure(t!(
                    "err-bundle-keygen-exists",
                    path = line(&path.display().to_string())
                ))
                .hint(t!("hint-bundle-keygen-exists")),
                _ => io_error(&e),
            })?;
            eprintln!(
                "{}",
                t!(
                    "bundle-keygen-written",
                    path = line(&path.display().to_string())
                )
            );
            println!("{recipient}");
            eprintln!(
                "{}",
                t!(
                    "bundle-keygen-fingerprint",
                    fingerprint = recipient::fingerprint(&recipient)
                )
            );
        }
        _ => {
            if io::stdout().is_terminal() {
                return Err(CliError::usage(t!("err-bundle-keygen-terminal"))
                    .hint(t!("hint-bundle-keygen-output")));
            }
            io::stdout().lock().write_all(text.as_bytes())?;
            eprintln!(
                "{}",
                t!("bundle-keygen-public", recipient = recipient.clone())
            );
            eprintln!(
                "{}",
                t!(
                    "bundle-keygen-fingerprint",
                    fingerprint = recipient::fingerprint(&recipient)
                )
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- export
