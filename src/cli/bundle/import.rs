//! `sandyk import`: keep a verified bundle's incidents, with their provenance.

use super::*;
use crate::t;
use sandyk::untrusted::Untrusted;

/// Stores verified incidents into the open import transaction.
struct ImportSink<'t, 'a> {
    tx: &'t ImportTx<'a>,
    count: u64,
}

impl Sink for ImportSink<'_, '_> {
    fn incident(&mut self, rec: &IncidentRecord) -> Result<(), BundleError> {
        let json = serde_json::to_string(&rec.revisions).expect("revisions serialise");
        self.tx.add_incident(&rec.id, &json)?;
        self.count += 1;
        Ok(())
    }
}

fn sha256_file(p: &Path) -> CliResult<[u8; 32]> {
    use sha2::Digest;
    let mut f = open_input(p)?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().into())
}

pub fn import(ctx: &mut Ctx, a: ImportArgs) -> CliResult {
    if a.list {
        return import_list(ctx, a.json);
    }
    let file = a.file.clone().expect("clap requires FILE without --list");
    let sha = sha256_file(&file)?;
    let sha_hex = hex::encode(sha);
    let mut ids = load_identities(ctx, &a.key)?;
    let mut v = ctx.open()?;
    if let Some(when) = v.db.received_at(&sha_hex)? {
        eprintln!("{}", t!("bundle-import-already", when = when));
        return Ok(());
    }
    let opts = verify_options(&a.key);
    let received_at = now_utc(&ctx.now);
    let db: &mut Db = &mut v.db;
    let tx = db.import_begin(&sha_hex)?;
    let mut sink = ImportSink { tx: &tx, count: 0 };
    let mut cached = None;
    let verified = verify_file(ctx, &file, &mut ids, &mut cached, &opts, &mut sink, true)?;
    let count = sink.count;
    if verified.bundle_sha256 != sha {
        return Err(BundleError::Changed.into());
    }
    // A vault we received from before must still sign with the same key, unless the user
    // names the new key explicitly.
    let known = tx.known_signers(&verified.manifest.vault_id)?;
    receive::check_signer_continuity(&known, &verified.signer, a.key.signer.is_some())?;
    tx.finish(
        &verified.signer,
        &verified.manifest.vault_id,
        &verified.manifest.created,
        &received_at,
        &verified.manifest_text,
    )?;
    eprintln!(
        "{}",
        t!(
            "bundle-import-done",
            count = count as i64,
            signer = line(&verified.signer),
            created = verified.manifest.shown().created.sanitized()
        )
    );
    eprintln!("{}", t!("bundle-verify-compare-signer"));
    Ok(())
}

fn import_list(ctx: &mut Ctx, json: bool) -> CliResult {
    let v = ctx.open()?;
    let mut items: Vec<serde_json::Value> = vec![];
    let mut out = io::stdout().lock();
    let mut any = false;
    v.db.received_each(|r| {
        any = true;
        let revs: Vec<sandyk::model::Revision> =
            serde_json::from_str(&r.revisions).map_err(|_| sandyk::vault::db::DbError::Damaged)?;
        let current = revs
            .last()
            .and_then(|l| l.body.as_deref())
            .and_then(|b| serde_json::from_str::<sandyk::model::Incident>(b).ok());
        if json {
            items.push(serde_json::json!({
                "id": r.incident_id,
                "bundle_sha256": r.bundle_sha256,
                "signer": r.signer_fingerprint,
                "source_vault_id": r.source_vault_id,
                "exported_at": r.exported_at,
                "received_at": r.received_at,
                "current": current,
                "revisions": revs,
            }));
        } else {
            // Everything here came from a bundle (and older vaults stored it unvalidated).
            let title = current
                .as_ref()
                .map(|c| Untrusted::new(c.title.as_str()).sanitized())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}  {}  {}",
                Untrusted::new(r.incident_id.as_str()).sanitized(),
                title,
                t!(
                    "bundle-import-list-from",
                    signer = Untrusted::new(r.signer_fingerprint.as_str()).sanitized(),
                    exported = Untrusted::new(r.exported_at.as_str()).sanitized(),
                    received = line(&r.received_at),
                    revisions = revs.len() as i64
                )
            );
        }
        Ok(())
    })?;
    drop(out);
    if json {
        output::print_json(&items)?;
    } else if !any {
        eprintln!("{}", t!("bundle-import-none"));
    }
    Ok(())
}

/// RFC 3339 UTC to the second, as the vault stores times.
fn now_utc(now: &jiff::Zoned) -> String {
    now.timestamp()
        .round(jiff::Unit::Second)
        .unwrap_or(now.timestamp())
        .to_string()
}
