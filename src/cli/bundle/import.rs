//! `sandyk import`: keep a verified bundle's incidents, with their provenance.

use super::*;
use crate::t;
use sandyk::untrusted::Untrusted;

/// Stores verified incidents into the open import transaction: idempotent and monotonic
/// per (signer, incident), see `receive::classify`.
struct ImportSink<'t, 'a> {
    tx: &'t ImportTx<'a>,
    /// `SHA256:…` of the signer, known (signature verified) before any incident arrives.
    signer: Option<String>,
    count: u64,
    duplicates: u64,
}

impl Sink for ImportSink<'_, '_> {
    fn signer(&mut self, key: &ssh_key::PublicKey) -> Result<(), BundleError> {
        self.signer = Some(sandyk::bundle::sign::fingerprint(key));
        Ok(())
    }
    fn incident(&mut self, rec: &IncidentRecord) -> Result<(), BundleError> {
        let signer = self.signer.as_deref().ok_or(BundleError::NoSigningKey)?;
        let earlier = self
            .tx
            .previously_received(signer, &rec.id)?
            .iter()
            .map(|j| receive::stored_hashes(j))
            .collect::<Result<Vec<_>, _>>()?;
        let new: Vec<[u8; 32]> = rec.revisions.iter().map(|r| r.hash).collect();
        if receive::classify(&rec.id, &new, &earlier)? == receive::Receipt::Duplicate {
            self.duplicates += 1;
            return Ok(());
        }
        self.tx.add_incident(signer, &rec.id, &rec.revisions)?;
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
    if let Some(n) = &a.as_name {
        contact::check_contact_name(n)?;
    }
    let file = a.file.clone().expect("clap requires FILE without --list");
    let sha = sha256_file(&file)?;
    let sha_hex = hex::encode(sha);
    let mut ids = load_identities(ctx, &a.key)?;
    let mut v = ctx.open()?;
    if let Some(when) = v.db.received_at(&sha_hex)? {
        eprintln!(
            "{}",
            t!("bundle-import-already", when = output::recorded(&when))
        );
        return Ok(());
    }
    // This vault's own signing key (as `bundle verify` tells "From: this vault").
    let own = if v.decoy {
        None
    } else {
        Signer::of_vault(&v.db).ok().map(|s| s.fingerprint())
    };
    let opts = verify_options(&a.key);
    let received_at = now_utc(&ctx.now);
    let now = ctx.now.clone();
    let db: &mut Db = &mut v.db;
    let tx = db.import_begin(&sha_hex)?;
    let mut sink = ImportSink {
        tx: &tx,
        signer: None,
        count: 0,
        duplicates: 0,
    };
    let mut cached = None;
    let verified = verify_file(ctx, &file, &mut ids, &mut cached, &opts, &mut sink, true)?;
    let (count, duplicates) = (sink.count, sink.duplicates);
    if verified.bundle_sha256 != sha {
        return Err(BundleError::Changed.into());
    }
    // One of this vault's own exports: its incidents are here already. Said so — it was
    // "signed by a key that is not one of your contacts" (exit 7), while `bundle verify`
    // said "From: this vault".
    if own.as_deref() == Some(verified.signer.as_str()) {
        drop(tx);
        return Err(CliError::usage(t!("err-import-own")).hint(t!("hint-import-own")));
    }
    // Who sent it: a contact's key, or the key pinned with --signer; never anything the
    // bundle asserts about itself (its vault id is not consulted).
    let contact = tx.contact_by_signer(&verified.signer)?;
    let sender = receive::decide_signer(
        &verified.signer_key,
        contact.as_deref(),
        a.key.signer.as_deref(),
    )?;
    if count == 0 && duplicates > 0 {
        // Nothing new (a re-armored or otherwise re-encoded copy): nothing is recorded.
        drop(tx);
        eprintln!("{}", t!("bundle-import-already-content"));
        return Ok(());
    }
    // A pin is remembered, as the contact named by --as (replacing its key) or a new one.
    let mut replaced = None;
    let from = match (&sender, &a.as_name) {
        (Sender::Contact(name), None) => name.clone(),
        (_, as_name) => {
            let name = as_name.clone().unwrap_or_else(|| {
                format!(
                    "key-{}",
                    card::readable(&verified.signer_key)
                        .replace(' ', "")
                        .chars()
                        .take(8)
                        .collect::<String>()
                )
            });
            replaced = tx.pin_signer(&name, &verified.signer_key, &verified.signer, &now)?;
            name
        }
    };
    // The sender's text goes into the database as it is (stored, never shown unsanitized).
    let shown = verified.manifest();
    tx.finish(
        &verified.signer,
        &verified.signer_key,
        &shown.vault_id.clone().into_stored(),
        &shown.created.clone().into_stored(),
        &received_at,
        &verified.manifest_text.clone().into_stored(),
    )?;
    eprintln!(
        "{}",
        t!(
            "bundle-import-done",
            count = count as i64,
            from = line(&from),
            signer = card::readable(&verified.signer_key),
            created = output::recorded(&shown.created.sanitized())
        )
    );
    for l in statement_lines(&shown) {
        eprintln!("{l}");
    }
    if duplicates > 0 {
        eprintln!(
            "{}",
            t!("bundle-import-duplicates", count = duplicates as i64)
        );
    }
    if let Some(old) = replaced {
        eprintln!(
            "{}",
            t!(
                "bundle-contact-signer-replaced",
                name = line(&from),
                old = old
            )
        );
    }
    Ok(())
}

fn import_list(ctx: &mut Ctx, json: bool) -> CliResult {
    let v = ctx.open()?;
    // The sender of each: the contact whose signing key signed it, if any.
    let names: std::collections::HashMap<String, String> =
        v.db.contacts()?
            .into_iter()
            .filter_map(|c| c.signer_fingerprint.map(|f| (f, c.name)))
            .collect();
    let mut items: Vec<serde_json::Value> = vec![];
    let mut out = io::stdout().lock();
    let mut any = false;
    v.db.received_each(|r| {
        any = true;
        let revs = r.history()?;
        let current = revs.current();
        if json {
            items.push(serde_json::json!({
                "id": r.incident_id,
                "bundle_sha256": r.bundle_sha256,
                "from": names.get(&r.signer_fingerprint),
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
                .map(|c| c.sanitized().title)
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}  {}  {}",
                r.incident_id.sanitized(),
                title,
                t!(
                    "bundle-import-list-from",
                    signer = names
                        .get(&r.signer_fingerprint)
                        .map(|n| line(n))
                        .unwrap_or_else(
                            || Untrusted::new(r.signer_fingerprint.as_str()).sanitized()
                        ),
                    exported = r.exported_at.sanitized(),
                    // In the reader's zone, as every recording time is shown.
                    received = output::recorded(&r.received_at),
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
