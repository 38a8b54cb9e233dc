//! `sandyk contact add|card|list|remove`: the address book: recipients and signing keys.

use super::*;
use crate::t;

pub(super) fn check_contact_name(name: &str) -> CliResult {
    let bad = name.trim() != name
        || name.is_empty()
        || name.chars().count() > 64
        // Nor anything the sanitizer would show as [U+…] (bidi overrides, zero-width
        // characters): a name is what the user compares with, it must read as it is.
        || name.chars().any(sandyk::untrusted::is_hidden)
        || name.starts_with('-')
        || name.starts_with('@')
        || recipient::looks_like_recipient(name);
    if bad {
        return Err(CliError::usage(t!("err-bundle-contact-name")));
    }
    Ok(())
}

/// Read a card from FILE or stdin (`-`), at most `card::MAX_CARD` bytes.
fn read_card(p: Option<&Path>) -> CliResult<card::Card> {
    let mut buf = Vec::with_capacity(2048);
    let limit = card::MAX_CARD as u64 + 1;
    match p {
        Some(p) if p.as_os_str() != "-" => {
            open_input(p)?.take(limit).read_to_end(&mut buf)?;
        }
        _ => {
            if io::stdin().is_terminal() {
                return Err(
                    CliError::usage(t!("err-contact-card-terminal")).hint(t!("hint-contact-card"))
                );
            }
            crate::cli::prompt::raw_stdin()?
                .take(limit)
                .read_to_end(&mut buf)?;
        }
    }
    Ok(card::Card::parse(&buf).map_err(BundleError::from)?)
}

/// `text` as a QR code drawn with half-block characters (two modules per character cell,
/// dark on light, with the standard quiet zone), so a phone can read it off the screen.
fn qr_blocks(text: &str) -> CliResult<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| CliError::usage(t!("err-contact-card-qr")).hint(t!("hint-contact-card-qr")))?;
    Ok(code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build()
        + "\n")
}

fn kind_of(recipient: Option<&str>) -> &'static str {
    match recipient.map(recipient::parse) {
        Some(Ok(r)) => r.kind.as_str(),
        Some(Err(_)) => "unknown",
        None => "-",
    }
}

/// A recipient kind (`x25519`, `ssh-ed25519`, `ssh-rsa`, `passphrase`, as stored in the
/// export log) in the reader's language: "age key", "ключ SSH (Ed25519)".
pub fn kind_label(kind: &str) -> String {
    match kind {
        "x25519" => t!("recipient-kind-age"),
        "ssh-ed25519" => t!("recipient-kind-ssh-ed25519"),
        "ssh-rsa" => t!("recipient-kind-ssh-rsa"),
        "passphrase" => t!("recipient-kind-passphrase"),
        "unknown" | "?" => t!("recipient-kind-unknown"),
        "-" => "-".into(),
        other => line(other),
    }
}

pub fn contact(ctx: &mut Ctx, c: ContactCmd) -> CliResult {
    match c {
        ContactCmd::Add {
            name,
            recipient,
            card: card_file,
            replace,
        } => {
            check_contact_name(&name)?;
            // A bare recipient, or a card (from a file or stdin).
            let (rcp, signer) = match &recipient {
                Some(r) => {
                    // The hint of `export --to` (its flags) does not fit here.
                    let r = recipient::parse(r).map_err(|e| {
                        let mut e = CliError::from(e);
                        e.hint = Some(t!("hint-contact-recipient"));
                        e
                    })?;
                    (Some(r.canonical), None)
                }
                None => {
                    let c = read_card(card_file.as_deref())?;
                    (c.recipient, c.signer)
                }
            };
            let rfp = rcp.as_deref().map(recipient::fingerprint);
            let sfp = signer
                .as_deref()
                .and_then(card::parse_signer)
                .map(|pk| sandyk::bundle::sign::fingerprint(&pk));
            let nc = sandyk::vault::contacts::NewContact {
                recipient: rcp.as_deref().zip(rfp.as_deref()),
                signer: signer.as_deref().zip(sfp.as_deref()),
            };
            let mut v = ctx.open()?;
            if !v.db.contact_add(&name, &nc, replace, &ctx.now)? {
                return Err(
                    CliError::failure(t!("err-bundle-contact-exists", name = line(&name)))
                        .hint(t!("hint-bundle-contact-exists", name = line(&name))),
                );
            }
            if let Some(fp) = &rfp {
                eprintln!(
                    "{}",
                    t!(
                        "bundle-contact-added",
                        name = line(&name),
                        kind = kind_label(kind_of(rcp.as_deref())),
                        fingerprint = fp.clone()
                    )
                );
            }
            if let Some(k) = &signer {
                eprintln!(
                    "{}",
                    t!(
                        "bundle-contact-added-signer",
                        name = line(&name),
                        readable = card::readable(k)
                    )
                );
            }
            eprintln!("{}", t!("bundle-contact-compare"));
            let mut out = io::stdout().lock();
            match (&rfp, &signer, &recipient) {
                // A bare recipient: its fingerprint alone, as before.
                (Some(fp), _, Some(_)) => writeln!(out, "{fp}")?,
                _ => {
                    if let Some(fp) = &rfp {
                        writeln!(out, "recipient-fingerprint: {fp}")?;
                    }
                    if let Some(k) = &signer {
                        writeln!(out, "signer-fingerprint: {}", card::readable(k))?;
                    }
                }
            }
            Ok(())
        }
        ContactCmd::Card {
            recipient,
            name,
            qr,
        } => {
            if let Some(n) = &name {
                check_contact_name(n)?;
            }
            let rcp = recipient
                .as_deref()
                .map(recipient::parse)
                .transpose()?
                .map(|r| r.canonical);
            let v = ctx.open()?;
            // The stand-in vault after a duress unlock shows a fresh key (as `bundle signer`).
            let s = if v.decoy {
                Signer::from_seed(&sandyk::crypto::random_array::<32>())?
            } else {
                Signer::of_vault(&v.db)?
            };
            let c = card::Card {
                name,
                recipient: rcp,
                signer: Some(card::signer_canonical(s.public())),
            };
            let text = c.render();
            print!("{text}");
            if qr {
                println!();
                print!("{}", qr_blocks(&text)?);
            }
            eprintln!("{}", t!("contact-card-explain"));
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
                            "kind": kind_of(c.recipient.as_deref()),
                            "fingerprint": c.recipient.as_deref().map(recipient::fingerprint),
                            "signer": c.signer,
                            "signer_fingerprint": c.signer.as_deref().map(card::readable),
                            "signer_sha256": c.signer_fingerprint,
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
                writeln!(
                    out,
                    "{}  {}  {}  {}  {}",
                    line(&c.name),
                    kind_label(kind_of(c.recipient.as_deref())),
                    c.recipient
                        .as_deref()
                        .map(recipient::fingerprint)
                        .unwrap_or_else(|| "-".into()),
                    c.signer
                        .as_deref()
                        .map(|k| t!("contact-list-signer", fingerprint = card::readable(k)))
                        .unwrap_or_else(|| "-".into()),
                    output::recorded(&c.added)
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
