//! The lawyer's case file: incidents received in bundles (`sandyk import`), each with its
//! sender (the contact whose signing key signed it), for `list --from|--received`, and for
//! `show` and `history` of an id that is not one of this vault's own.

use std::collections::HashMap;

use super::*;
use sandyk::model::Revision;
use sandyk::untrusted::{Sent, Untrusted};
use sandyk::vault::Vault;

/// A received incident: its newest history from one signer. The history and the incident
/// are the sender's text ([`Sent`]): shown only as sanitized copies.
pub(super) struct Received {
    /// The contact's name, or the signer's `SHA256:` fingerprint if no contact holds it.
    pub from: String,
    pub revisions: Sent<Vec<Revision>>,
    pub current: Option<Sent<incident::Incident>>,
}

/// Every received incident (the longest history per signer and incident: imports are
/// monotonic, so that is the newest), optionally only those from contact `from`.
pub(super) fn received(v: &Vault, from: Option<&str>) -> CliResult<Vec<Received>> {
    let names: HashMap<String, String> =
        v.db.contacts()?
            .into_iter()
            .filter_map(|c| c.signer_fingerprint.map(|f| (f, c.name)))
            .collect();
    let want = match from {
        Some(name) => {
            let fp = names
                .iter()
                .find(|(_, n)| n.as_str() == name)
                .map(|(f, _)| f.clone());
            Some(fp.ok_or_else(|| {
                CliError::new(
                    Exit::NotFound,
                    t!("err-bundle-contact-unknown", name = line(name)),
                )
                .hint(t!("hint-bundle-contact-list"))
            })?)
        }
        None => None,
    };
    let mut order: Vec<(String, Untrusted)> = vec![];
    let mut best: HashMap<(String, Untrusted), Sent<Vec<Revision>>> = HashMap::new();
    v.db.received_each(|r| {
        if want.as_ref().is_some_and(|w| *w != r.signer_fingerprint) {
            return Ok(());
        }
        let revs = r.history()?;
        let key = (r.signer_fingerprint, r.incident_id);
        match best.get(&key) {
            Some(b) if b.len() >= revs.len() => {}
            Some(_) => {
                best.insert(key, revs);
            }
            None => {
                order.push(key.clone());
                best.insert(key, revs);
            }
        }
        Ok(())
    })?;
    Ok(order
        .into_iter()
        .map(|k| {
            let revisions = best.remove(&k).expect("kept");
            let current = revisions.current();
            Received {
                from: names.get(&k.0).cloned().unwrap_or(k.0),
                revisions,
                current,
            }
        })
        .collect())
}

/// The received incident with this id (any sender; the first received if several).
pub(super) fn find(v: &Vault, id: &str) -> CliResult<Option<Received>> {
    let id = id.trim().to_uppercase();
    Ok(received(v, None)?
        .into_iter()
        .find(|r| r.revisions.is_of(&id)))
}

/// `list --from NAME` / `list --received`.
pub(super) fn print_received(list: &[Received], json: bool) -> CliResult {
    if json {
        let items: Vec<serde_json::Value> = list
            .iter()
            .map(|r| serde_json::json!({ "from": r.from, "incident": r.current }))
            .collect();
        output::print_json(&items)?;
        return Ok(());
    }
    let mut out = io::stdout().lock();
    for r in list {
        if let Some(i) = &r.current {
            writeln!(
                out,
                "{}  {}",
                output::summary_line(&i.sanitized()),
                t!("received-from", name = line(&r.from))
            )?;
        }
    }
    if list.is_empty() {
        eprintln!("{}", t!("bundle-import-none"));
    }
    Ok(())
}
