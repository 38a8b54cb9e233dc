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

/// Contact names by signing-key fingerprint.
fn names(v: &Vault) -> CliResult<HashMap<String, String>> {
    Ok(v.db
        .contacts()?
        .into_iter()
        .filter_map(|c| c.signer_fingerprint.map(|f| (f, c.name)))
        .collect())
}

/// The signing key (`SHA256:…`) of contact `from`, if one is named.
fn signer_of(names: &HashMap<String, String>, from: Option<&str>) -> CliResult<Option<String>> {
    Ok(match from {
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
    })
}

/// Every received incident (the longest history per signer and incident: imports are
/// monotonic, so that is the newest), optionally only those from contact `from`.
pub(super) fn received(v: &Vault, from: Option<&str>) -> CliResult<Vec<Received>> {
    let names = names(v)?;
    let want = signer_of(&names, from)?;
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

/// `list|search --from NAME` / `--received`: the received incidents matching `filter`
/// (the same filter, search index and order as own incidents), with their sender.
pub(super) fn list_received(
    v: &Vault,
    from: Option<&str>,
    filter: &sandyk::vault::db::Filter,
    json: bool,
) -> CliResult {
    let names = names(v)?;
    let signer = signer_of(&names, from)?;
    let found = v.db.list_received(filter, signer.as_deref())?;
    let sender = |s: &String| names.get(s).cloned().unwrap_or_else(|| s.clone());
    if json {
        let items: Vec<serde_json::Value> = found
            .iter()
            .map(|(s, i)| serde_json::json!({ "from": sender(s), "incident": i }))
            .collect();
        output::print_json(&items)?;
        return Ok(());
    }
    let mut out = io::stdout().lock();
    for (s, i) in &found {
        writeln!(
            out,
            "{}  {}",
            output::summary_line(&i.sanitized()),
            t!("received-from", name = line(&sender(s)))
        )?;
    }
    if found.is_empty() {
        eprintln!("{}", t!("bundle-import-none"));
    }
    Ok(())
}

/// `id` must be an incident of this vault's own before it is changed (`amend`, `delete`,
/// `attach`). One received from someone else is the sender's record, kept as it came:
/// said so — "no incident with id …" was the answer while `show` displayed it.
pub fn must_be_ours(v: &Vault, id: &str) -> CliResult {
    match v.db.get(id) {
        Ok(_) => Ok(()),
        Err(sandyk::vault::db::DbError::NotFound(e)) => match find(v, id)? {
            Some(r) => Err(CliError::usage(t!(
                "err-received-read-only",
                id = line(&sandyk::vault::db::Db::normalise_id(id)),
                from = line(&r.from)
            ))
            .hint(t!("hint-received-read-only"))),
            None => Err(sandyk::vault::db::DbError::NotFound(e).into()),
        },
        Err(e) => Err(e.into()),
    }
}
