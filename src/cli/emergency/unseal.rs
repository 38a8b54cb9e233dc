//! `sandyk unseal`.

use super::*;
use crate::cli::error::io_detail;
use crate::t;
use sandyk::agekeys::IdentityFault;

pub fn unseal(ctx: &mut Ctx, a: UnsealArgs) -> CliResult {
    let locked = vault::locate(&ctx.vault_dir)?;
    let bytes = {
        use std::io::Read;
        let f = std::fs::File::open(&a.identity).map_err(|e| {
            CliError::new(
                Exit::NotFound,
                t!("err-emergency-identity", detail = io_detail(&e)),
            )
            .hint(t!("hint-emergency-identity"))
        })?;
        let mut b = zeroize::Zeroizing::new(vec![]);
        f.take(seal::IDENTITY_MAX + 1)
            .read_to_end(&mut b)
            .map_err(|e| io_error(&e))?;
        if b.len() as u64 > seal::IDENTITY_MAX {
            return Err(CliError::usage(t!(
                "err-emergency-identity",
                detail = t!("err-detail-file-too-large")
            )));
        }
        b
    };
    let secrets = &mut ctx.secrets;
    // A failed prompt (no terminal, end of input) is reported as itself.
    let mut prompt_error: Option<CliError> = None;
    let mut ask = || -> Result<Secret, SealError> {
        secrets
            .read(&t!("emergency-prompt-identity-passphrase"))
            .map_err(|e| {
                prompt_error = Some(e);
                SealError::Identity(IdentityFault::NoPassphrase)
            })
    };
    let id = seal::load_identity(&bytes, &mut ask);
    if let Some(e) = prompt_error {
        return Err(e);
    }
    let id = id?;
    drop(bytes);
    let pinned = locked.keyfile.header().pinned;
    let mut v = seal::open_with_identity(locked, &id)?;
    let new = new_passphrase(&mut ctx.secrets, false)?;
    let params = (!pinned).then(|| calibrate(a.kdf_target_ms));
    seal::unseal(&mut v, &new, params, &a.label, &ctx.now)?;
    eprintln!("{}", t!("emergency-unsealed"));
    Ok(())
}
