//! `sandyk keygen`: a new age identity for receiving bundles.

use super::*;
use crate::t;

pub fn keygen(ctx: &mut Ctx, a: KeygenArgs) -> CliResult {
    let created = ctx.now.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let (text, recipient) = recipient::generate(&created);
    // The fingerprint `contact add` asks to compare over a trusted channel.
    let fingerprint = recipient::parse(&recipient)?.fingerprint();
    match a.output {
        Some(path) if path.as_os_str() != "-" => {
            let mut out =
                Output::create(&path, OutputMode::CreateNew).map_err(|e| match e.kind() {
                    io::ErrorKind::AlreadyExists => CliError::failure(t!(
                        "err-bundle-keygen-exists",
                        path = line(&path.display().to_string())
                    )),
                    _ => io_error(&e),
                })?;
            out.file().write_all(text.as_bytes())?;
            out.commit().map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => CliError::failure(t!(
                    "err-bundle-keygen-exists",
                    path = line(&path.display().to_string())
                )),
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
            eprintln!("{}", t!("keygen-fingerprint", fingerprint = fingerprint));
        }
        _ => {
            if io::stdout().is_terminal() {
                return Err(CliError::usage(t!("err-bundle-keygen-terminal"))
                    .hint(t!("hint-bundle-keygen-output")));
            }
            io::stdout().lock().write_all(text.as_bytes())?;
            eprintln!("{}", t!("bundle-keygen-public", recipient = recipient));
            eprintln!("{}", t!("keygen-fingerprint", fingerprint = fingerprint));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- export
