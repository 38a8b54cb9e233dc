//! `sandyk contact add|list|remove`: the address book of recipients.

use super::*;
use crate::t;

fn check_contact_name(name: &str) -> CliResult {
    let bad = name.trim() != name
        || name.is_empty()
        || name.chars().count() > 64
        || name.chars().any(|c| c.is_control())
        || name.starts_with('-')
        || name.starts_with('@')
        || recipient::looks_like_recipient(name);
    if bad {
        return Err(CliError::usage(t!("err-bundle-contact-name")));
    }
    Ok(())
}

pub fn contact(ctx: &mut Ctx, c: ContactCmd) -> CliResult {
    match c {
        ContactCmd::Add { name, recipient } => {
            check_contact_name(&name)?;
            let r = recipient::parse(&recipient)?;
            let mut v = ctx.open()?;
            let fp = r.fingerprint();
            if !v.db.contact_add(&name, &r.canonical, &fp, &ctx.now)? {
                return Err(
                    CliError::failure(t!("err-bundle-contact-exists", name = line(&name)))
                        .hint(t!("hint-bundle-contact-exists", name = line(&name))),
                );
            }
            eprintln!(
                "{}",
                t!(
                    "bundle-contact-added",
                    name = line(&name),
                    kind = r.kind.as_str(),
                    fingerprint = fp.clone()
                )
            );
            eprintln!("{}", t!("bundle-contact-compare"));
            println!("{fp}");
            Ok(())
        }
        ContactCmd::List { json } => {
            let v = ctx.open()?;
            let list = v.db.contacts()?;
            if json {
                let out: Vec<serde_json::Value> = list
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "name": c.name,
                            "recipient": c.recipient,
                            "kind": recipient::parse(&c.recipient).map(|r| r.kind.as_str()).unwrap_or("unknown"),
                            "fingerprint": c.fingerprint,
                            "added": c.added,
                        })
                    })
                    .collect();
                output::print_json(&out)?;
                return Ok(());
            }
            if list.is_empty() {
                eprintln!("{}", t!("bundle-contact-none"));
            }
            let mut out = io::stdout().lock();
            for c in &list {
                let kind = recipient::parse(&c.recipient)
                    .map(|r| r.kind.as_str())
                    .unwrap_or("?");
                writeln!(
                    out,
                    "{}  {}  {}  {}",
                    line(&c.name),
                    kind,
                    c.fingerprint,
                    c.added
                )?;
            }
            Ok(())
        }
        ContactCmd::Remove { name } => {
            let mut v = ctx.open()?;
            if !v.db.contact_remove(&name)? {
                return Err(CliError::new(
                    Exit::NotFound,
                    t!("err-bundle-contact-unknown", name = line(&name)),
                )
                .hint(t!("hint-bundle-contact-list")));
            }
            eprintln!("{}", t!("bundle-contact-removed", name = line(&name)));
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- keygen
