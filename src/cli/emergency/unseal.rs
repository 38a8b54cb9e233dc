//! `sandyk unseal`.

use super::*;
use crate::t;

pub fn unseal(ctx: &mut Ctx, a: UnsealArgs) -> CliResult {
    let locked = vault::locate(&ctx.vault_dir)?;
    let bytes = {
        use std::io::Read;
        let f = std::fs::File::open(&a.identity).map_err(|e| {
            CliError::new(
                Exit::NotFound,
                t!("err-emergency-identity", detail = e.to_string()),
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
    let mut ask = || -> Result<Secret, SealError> {
        secrets
            .read(&t!("emergency-prompt-identity-passphrase"))
            .map_err(|e| SealError::Identity(e.message))
    };
    let id = seal::load_identity(&bytes, &mut ask)?;
    drop(bytes);
    let pinned = locked.keyfile.header().pinned;
    let mut v = seal::open_with_identity(locked, &id)?;
    let new = new_passphrase(&mut ctx.secrets, false)?;
    let params = (!pinned).then(|| calibrate(a.kdf_target_ms));
    seal::unseal(&mut v, &new, params, &a.label, &ctx.now)?;
    eprintln!("{}", t!("emergency-unsealed"));
    Ok(())
}
