//! `sandyk init`: create a vault.

use std::time::Duration;

use clap::Args;

use super::error::{CliError, CliResult};
use super::prompt::{self, SecretSource};
use super::Ctx;
use crate::t;
use sandyk::crypto::kdf::{KdfParams, FLOOR_M_KIB, FLOOR_T};
use sandyk::crypto::secret::Secret;
use sandyk::vault::{Vault, VaultPaths};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Pin the Argon2id memory, in MiB (at least 64) instead of calibrating.
    #[arg(long, value_name = "MIB")]
    pub kdf_memory: Option<u32>,
    /// Pin the Argon2id passes (at least 3).
    #[arg(long, value_name = "N")]
    pub kdf_time: Option<u32>,
    /// Pin the Argon2id lanes.
    #[arg(long, value_name = "N")]
    pub kdf_parallelism: Option<u32>,
    /// Target unlock time for calibration, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub kdf_target_ms: u64,
    /// Generate a strong word passphrase (shown once on the terminal) instead of typing one.
    #[arg(long)]
    pub generate: bool,
}

/// The KDF parameters asked for: pinned if any was given, else None (calibrate).
pub fn pinned_params(
    m: Option<u32>,
    t: Option<u32>,
    p: Option<u32>,
) -> CliResult<Option<KdfParams>> {
    if m.is_none() && t.is_none() && p.is_none() {
        return Ok(None);
    }
    let params = KdfParams {
        m_kib: m
            .map(|m| m.saturating_mul(1024))
            .unwrap_or(FLOOR_M_KIB.max(64 * 1024)),
        t: t.unwrap_or(FLOOR_T.max(3)),
        p: p.unwrap_or_else(KdfParams::default_lanes),
    };
    params.validate().map_err(|e| {
        CliError::usage(t!("err-kdf-params", detail = super::error::kdf_error(&e)))
            .hint(t!("hint-kdf-floor"))
    })?;
    Ok(Some(params))
}

/// Ask for a new passphrase: strength check, offer to generate one. Shared with
/// `passphrase change` and `passphrase add`.
pub fn new_passphrase(secrets: &mut SecretSource, generate: bool) -> CliResult<Secret> {
    if generate {
        return generated(secrets);
    }
    let s = secrets.read_new(
        &t!("prompt-new-passphrase"),
        &t!("prompt-repeat-passphrase"),
    )?;
    let (score, crack) = prompt::strength(&s);
    if score >= 3 {
        return Ok(s);
    }
    if secrets.is_fd() {
        eprintln!(
            "sandyk: {}: {}",
            t!("warning"),
            t!("warn-weak-passphrase", crack = crack)
        );
        return Ok(s);
    }
    eprintln!("{}", t!("weak-passphrase", crack = crack));
    if prompt::confirm(&t!("offer-generate"))? {
        return generated(secrets);
    }
    if prompt::confirm(&t!("insist-weak"))? {
        return Ok(s);
    }
    Err(CliError::usage(t!("err-weak-passphrase")).hint(t!("hint-generate")))
}

fn generated(secrets: &SecretSource) -> CliResult<Secret> {
    if secrets.is_fd() {
        return Err(CliError::usage(t!("err-generate-needs-terminal")));
    }
    let words = prompt::generate_passphrase();
    let (n, size, bits) = prompt::generated_strength(crate::cli::i18n::lang());
    {
        use std::io::Write;
        let mut tty = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/tty")
            .map_err(|_| CliError::usage(t!("err-no-terminal")))?;
        writeln!(tty, "\n{}\n\n    {}\n", t!("generated-passphrase"), &*words)?;
        writeln!(
            tty,
            "{}\n",
            t!(
                "generated-entropy",
                words = n as i64,
                size = size as i64,
                bits = crate::cli::i18n::decimal(bits, 1)
            )
        )?;
    }
    let s = Secret::from_str(&words);
    // A slip while typing it back re-asks (the phrase stays on the screen above); the
    // shown phrase is never lost to one typo.
    for attempt in 1..=3 {
        let mut again = SecretSource::new(None);
        let typed = again.read(&t!("prompt-type-generated"))?;
        if typed.ct_eq(&s) {
            return Ok(s);
        }
        if attempt < 3 {
            eprintln!("  ↳ {}", t!("generated-mismatch-again"));
        }
    }
    Err(CliError::usage(t!("err-passphrase-mismatch")).hint(t!("hint-generated-mismatch")))
}

pub fn calibrate(target_ms: u64) -> KdfParams {
    eprintln!("{}", t!("calibrating"));
    KdfParams::calibrate(Duration::from_millis(target_ms.clamp(100, 60_000)))
}

pub fn run(ctx: &mut Ctx, a: InitArgs) -> CliResult {
    let pinned = pinned_params(a.kdf_memory, a.kdf_time, a.kdf_parallelism)?;
    let paths = VaultPaths::new(&ctx.vault_dir);
    if paths.keyfile.exists() {
        return Err(sandyk::vault::VaultError::AlreadyExists(paths.dir).into());
    }
    let secret = new_passphrase(&mut ctx.secrets, a.generate)?;
    let params = match pinned {
        Some(p) => p,
        None => calibrate(a.kdf_target_ms),
    };
    let started = std::time::Instant::now();
    let v = Vault::init(&ctx.vault_dir, &secret, params, pinned.is_some(), &ctx.now)?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{}",
        t!(
            "vault-created",
            path = v.paths.dir.display().to_string(),
            memory = (params.m_kib / 1024) as i64,
            passes = params.t as i64,
            lanes = params.p as i64,
            seconds = crate::cli::i18n::decimal(secs, 1)
        )
    );
    eprintln!("{}", t!("hint-after-init"));
    Ok(())
}
