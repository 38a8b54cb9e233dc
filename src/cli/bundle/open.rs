//! `sandyk bundle verify|open|signer`.

use super::*;
use crate::t;

pub fn bundle(ctx: &mut Ctx, c: BundleCmd) -> CliResult {
    match c {
        BundleCmd::Verify(a) => verify(ctx, a),
        BundleCmd::Open(a) => open(ctx, a),
        BundleCmd::Signer(a) => {
            let v = ctx.open()?;
            // The empty stand-in vault after a duress unlock has no key of its own; it shows
            // a fresh one rather than an error that would give it away.
            let s = if v.decoy {
                Signer::from_seed(&sandyk::crypto::random_array::<32>())?
            } else {
                Signer::of_vault(&v.db)?
            };
            let readable = card::readable(&card::signer_canonical(s.public()));
            if a.json {
                output::print_json(&serde_json::json!({
                    "fingerprint": s.fingerprint(),
                    "readable": readable,
                    "public_key": s.public_line(""),
                    "allowed_signers": s.allowed_signers_line(),
                }))?;
            } else {
                println!("{}", s.fingerprint());
                println!("{}", s.public_line(""));
                println!("{readable}");
                eprintln!("{}", t!("bundle-signer-explain"));
            }
            Ok(())
        }
    }
}

fn verify(ctx: &mut Ctx, a: VerifyArgs) -> CliResult {
    let r = (|| -> CliResult<(Verified, Sender)> {
        let mut ids = load_identities(ctx, &a.key)?;
        let vault = contacts_vault(ctx, &a.key)?;
        let mut cached = None;
        let v = verify_file(
            ctx,
            &a.file,
            &mut ids,
            &mut cached,
            &verify_options(&a.key),
            &mut NoSink,
            true,
        )?;
        let s = decide_sender(vault.as_ref(), &v, &a.key)?;
        Ok((v, s))
    })();
    match r {
        Ok((v, s)) => {
            if a.json {
                output::print_json(&verdict_json(&v, &s))?;
            } else {
                print_verdict(&v, &s)?;
            }
            Ok(())
        }
        Err(e) => {
            if a.json {
                output::print_json(
                    &serde_json::json!({ "ok": false, "exit": e.code(), "error": line(&e.message) }),
                )?;
            }
            Err(e)
        }
    }
}

/// Writes verified files into a directory; removes everything it made on failure.
fn open(ctx: &mut Ctx, a: OpenArgs) -> CliResult {
    // The directory: new, or existing and empty (never a symlink); nothing is overwritten.
    let made_dir = match fs::symlink_metadata(&a.output) {
        Err(_) => true,
        Ok(m) if m.is_dir() && fs::read_dir(&a.output)?.next().is_none() => false,
        Ok(_) => {
            return Err(CliError::failure(t!(
                "err-bundle-dir-not-empty",
                path = line(&a.output.display().to_string())
            ))
            .hint(t!("hint-bundle-dir")))
        }
    };
    let mut ids = load_identities(ctx, &a.key)?;
    let vault = contacts_vault(ctx, &a.key)?;
    let mut cached = None;
    let opts = verify_options(&a.key);
    let mut sender = None;
    // Verify everything writing nothing, then (for a trusted signer only) again while
    // extracting (rolled back on failure). report.html is rendered here from the verified
    // incidents (in the reader's language); the sender's is kept as sender-report.html.txt.
    let lang = crate::cli::i18n::lang();
    let tz = ctx.now.time_zone().clone();
    let (second, written) =
        receive::verify_then_extract(&a.output, made_dir, lang, &tz, |sink, pass| {
            let v = verify_file(
                ctx,
                &a.file,
                &mut ids,
                &mut cached,
                &opts,
                sink,
                pass == Pass::Check,
            )?;
            let s = decide_sender(vault.as_ref(), &v, &a.key)?;
            sender = Some(s);
            Ok::<_, CliError>(v)
        })?;
    print_verdict(&second, sender.as_ref().expect("decided"))?;
    eprintln!(
        "{}",
        t!(
            "bundle-extracted",
            count = written as i64,
            path = line(&a.output.display().to_string())
        )
    );
    Ok(())
}
