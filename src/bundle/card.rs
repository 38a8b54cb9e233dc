//! Contact cards: what a defender and a lawyer exchange once, in person or read aloud over a
//! trusted channel. A card holds the age recipient (who can open bundles sent to you) and the
//! Ed25519 signing key (whose bundles you accept), each with its fingerprint in the one
//! readable rendering ([`readable`]). Format (docs/bundle.md, "Contact cards"):
//!
//! ```text
//! sandyk-card 1
//! name: Айгүл
//! recipient: age1…
//! recipient-fingerprint: 1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d
//! signer: ssh-ed25519 AAAA…
//! signer-fingerprint: …
//! ```
//!
//! Strict: the first line is the version line; then `key: value` lines in exactly this order,
//! each at most once; `name` and the fingerprint lines are optional (a fingerprint line that
//! is present must match its key: it catches a key copied wrongly); at least one of
//! `recipient` and `signer`. Blank lines and `#` comment lines are allowed before, between and
//! after; nothing else. At most [`MAX_CARD`] bytes, UTF-8, LF or CRLF line ends.

use ssh_key::PublicKey;
use thiserror::Error;

use crate::agekeys::{self, Recipient};

/// The only card version.
pub const VERSION_LINE: &str = "sandyk-card 1";
/// The largest card accepted (a card is a few hundred bytes; an SSH RSA recipient is the
/// largest field).
pub const MAX_CARD: usize = 8 * 1024;
/// The longest name (characters).
pub const MAX_NAME: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CardError {
    #[error("the card is too large (at most {MAX_CARD} bytes)")]
    TooLarge,
    #[error("the card is not UTF-8 text")]
    NotText,
    #[error("not a sandyk contact card (the first line must be `{VERSION_LINE}`)")]
    NotACard,
    #[error("unsupported card version (this sandyk reads `{VERSION_LINE}`)")]
    Version,
    #[error("line {0}: not `key: value`")]
    Syntax(usize),
    #[error("line {0}: unknown or misplaced field")]
    Field(usize),
    #[error("line {0}: invalid name")]
    Name(usize),
    #[error("line {line}: invalid recipient: {fault}")]
    Recipient {
        line: usize,
        fault: agekeys::RecipientFault,
    },
    #[error("line {0}: the signing key is not an Ed25519 SSH public key")]
    Signer(usize),
    #[error("line {0}: the fingerprint does not match the key above it (copied wrongly?)")]
    Fingerprint(usize),
    #[error("the card has neither a recipient nor a signing key")]
    Empty,
}

/// A parsed, checked card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub name: Option<String>,
    /// Canonical recipient text (age1… or an SSH public key without comment).
    pub recipient: Option<String>,
    /// The signing key, canonical OpenSSH text without comment (`ssh-ed25519 AAAA…`).
    pub signer: Option<String>,
}

/// The one rendering of a key's fingerprint that people read aloud and compare: the first
/// 128 bits of the SHA-256 of the key's canonical text, in eight groups of four hex digits.
/// By hand: `printf %s 'KEY' | sha256sum | cut -c1-32`.
pub fn readable(canonical: &str) -> String {
    agekeys::fingerprint(canonical)
}

/// A signing key's canonical text (`ssh-ed25519 AAAA…`, no comment).
pub fn signer_canonical(pk: &PublicKey) -> String {
    let mut p = pk.clone();
    p.set_comment("");
    p.to_openssh()
        .expect("an Ed25519 key always encodes")
        .trim_end()
        .to_owned()
}

/// Parse a signing key (an OpenSSH Ed25519 public key line, comment ignored).
pub fn parse_signer(s: &str) -> Option<PublicKey> {
    let pk = PublicKey::from_openssh(s.trim()).ok()?;
    (pk.algorithm() == ssh_key::Algorithm::Ed25519).then_some(pk)
}

/// Whether a fingerprint as typed (`SHA256:…` as ssh-keygen prints it, or the readable
/// rendering, spaces and case free) names this key.
pub fn pin_names_key(typed: &str, pk: &PublicKey) -> bool {
    let t = typed.trim();
    if t.starts_with("SHA256:") {
        return t == crate::bundle::sign::fingerprint(pk);
    }
    let norm: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    norm.len() == 32 && norm == readable(&signer_canonical(pk)).replace(' ', "")
}

/// Whether `typed` has the form of a signing-key fingerprint [`pin_names_key`] could match:
/// `SHA256:` and 43 base64 characters, or 32 hex digits (spaces and dashes between them
/// ignored). Anything else is a typing slip, said before the bundle is opened — a malformed
/// `--signer` used to be reported as a bundle signed by someone else (exit 6).
pub fn pin_is_well_formed(typed: &str) -> bool {
    let t = typed.trim();
    if let Some(b64) = t.strip_prefix("SHA256:") {
        return b64.len() == 43
            && b64
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    }
    let digits: Vec<char> = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    digits.len() == 32 && digits.iter().all(|c| c.is_ascii_hexdigit())
}

fn check_name(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && s.chars().count() <= MAX_NAME
        && !s.chars().any(|c| c.is_control())
}

impl Card {
    /// Parse a card (see the module documentation for the rules).
    pub fn parse(bytes: &[u8]) -> Result<Card, CardError> {
        if bytes.len() > MAX_CARD {
            return Err(CardError::TooLarge);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| CardError::NotText)?;
        let mut lines = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        match lines.next() {
            Some((_, VERSION_LINE)) => {}
            Some((_, l)) if l.starts_with("sandyk-card ") => return Err(CardError::Version),
            _ => return Err(CardError::NotACard),
        }
        const ORDER: [&str; 5] = [
            "name",
            "recipient",
            "recipient-fingerprint",
            "signer",
            "signer-fingerprint",
        ];
        let mut next = 0usize;
        let mut card = Card {
            name: None,
            recipient: None,
            signer: None,
        };
        for (n, l) in lines {
            let (k, v) = l.split_once(": ").ok_or(CardError::Syntax(n))?;
            let pos = ORDER[next..]
                .iter()
                .position(|x| *x == k)
                .ok_or(CardError::Field(n))?;
            next += pos + 1;
            match k {
                "name" => {
                    if !check_name(v) {
                        return Err(CardError::Name(n));
                    }
                    card.name = Some(v.to_owned());
                }
                "recipient" => {
                    let r: Recipient =
                        agekeys::parse_recipient(v).map_err(|e| CardError::Recipient {
                            line: n,
                            fault: match e {
                                agekeys::KeyError::Recipient(
                                    agekeys::RecipientError::Invalid(f)
                                    | agekeys::RecipientError::Line { fault: f, .. },
                                ) => f,
                                _ => agekeys::RecipientFault::NotARecipient,
                            },
                        })?;
                    card.recipient = Some(r.canonical);
                }
                "recipient-fingerprint" => match &card.recipient {
                    Some(r) if readable(r) == v.trim() => {}
                    _ => return Err(CardError::Fingerprint(n)),
                },
                "signer" => {
                    let pk = parse_signer(v).ok_or(CardError::Signer(n))?;
                    card.signer = Some(signer_canonical(&pk));
                }
                "signer-fingerprint" => match &card.signer {
                    Some(s) if readable(s) == v.trim() => {}
                    _ => return Err(CardError::Fingerprint(n)),
                },
                _ => unreachable!("ORDER"),
            }
        }
        if card.recipient.is_none() && card.signer.is_none() {
            return Err(CardError::Empty);
        }
        Ok(card)
    }

    /// The card as text (parses back to itself).
    pub fn render(&self) -> String {
        let mut s = format!("{VERSION_LINE}\n");
        if let Some(n) = &self.name {
            s.push_str(&format!("name: {n}\n"));
        }
        if let Some(r) = &self.recipient {
            s.push_str(&format!(
                "recipient: {r}\nrecipient-fingerprint: {}\n",
                readable(r)
            ));
        }
        if let Some(k) = &self.signer {
            s.push_str(&format!(
                "signer: {k}\nsigner-fingerprint: {}\n",
                readable(k)
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::sign::Signer;

    fn card() -> Card {
        let (_, r) = agekeys::generate("now");
        let s = Signer::from_seed(&[7u8; 32]).unwrap();
        Card {
            name: Some("Айгүл".into()),
            recipient: Some(r),
            signer: Some(signer_canonical(s.public())),
        }
    }

    #[test]
    fn round_trip_and_fingerprints() {
        let c = card();
        let text = c.render();
        assert_eq!(Card::parse(text.as_bytes()).unwrap(), c);
        // CRLF, comments and blank lines are fine; the fingerprint lines are optional.
        let crlf = format!("# from Aigul\r\n\r\n{}", text.replace('\n', "\r\n"));
        assert_eq!(Card::parse(crlf.as_bytes()).unwrap(), c);
        let bare: String = text
            .lines()
            .filter(|l| !l.contains("fingerprint"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(Card::parse(bare.as_bytes()).unwrap(), c);
        let fp = readable(c.signer.as_ref().unwrap());
        assert_eq!(fp.len(), 39);
        let pk = parse_signer(c.signer.as_ref().unwrap()).unwrap();
        assert!(pin_names_key(&fp, &pk));
        assert!(pin_names_key(&fp.replace(' ', "").to_uppercase(), &pk));
        assert!(pin_names_key(&crate::bundle::sign::fingerprint(&pk), &pk));
        assert!(!pin_names_key(&fp[..30], &pk));
        assert!(!pin_names_key("SHA256:xyz", &pk));
        // Every form that can name a key is well formed; slips are not.
        for ok in [
            fp.clone(),
            fp.replace(' ', "-").to_uppercase(),
            crate::bundle::sign::fingerprint(&pk),
        ] {
            assert!(pin_is_well_formed(&ok), "{ok}");
        }
        for slip in [
            "",
            "33cd",
            &fp[..30],
            "SHA256:xyz",
            "x\u{1b}[2J",
            &format!("{fp} 0"),
        ] {
            assert!(!pin_is_well_formed(slip), "{slip:?}");
        }
    }

    #[test]
    fn strict() {
        let c = card();
        let text = c.render();
        let bad = |t: &str| Card::parse(t.as_bytes()).unwrap_err();
        assert_eq!(bad(""), CardError::NotACard);
        assert_eq!(bad("age1xyz\n"), CardError::NotACard);
        assert_eq!(bad("sandyk-card 2\n"), CardError::Version);
        assert_eq!(bad("sandyk-card 1\n"), CardError::Empty);
        assert!(matches!(bad(&format!("{text}x: y\n")), CardError::Field(_)));
        assert!(matches!(
            bad(&format!("{text}name: again\n")),
            CardError::Field(_)
        ));
        assert!(matches!(
            bad(&format!("{text}garbage\n")),
            CardError::Syntax(_)
        ));
        // Out of order.
        let mut lines: Vec<&str> = text.lines().collect();
        lines.swap(1, 2);
        assert!(matches!(bad(&lines.join("\n")), CardError::Field(_)));
        // A fingerprint that does not match its key (one digit changed).
        let fp = readable(c.signer.as_ref().unwrap());
        let wrong = format!("{}{}", &fp[..38], if fp.ends_with('0') { '1' } else { '0' });
        assert!(matches!(
            bad(&text.replace(&fp, &wrong)),
            CardError::Fingerprint(_)
        ));
        // A signer that is not Ed25519, a recipient that is not one, a bad name.
        assert!(matches!(
            bad("sandyk-card 1\nsigner: age1xyz\n"),
            CardError::Signer(2)
        ));
        assert!(matches!(
            bad("sandyk-card 1\nrecipient: nonsense\n"),
            CardError::Recipient { line: 2, .. }
        ));
        assert!(matches!(
            bad("sandyk-card 1\nname: a\u{1b}[2J\n"),
            CardError::Name(2)
        ));
        assert_eq!(
            bad(&format!("sandyk-card 1\n{}", "#".repeat(MAX_CARD))),
            CardError::TooLarge
        );
        assert_eq!(
            Card::parse(b"sandyk-card 1\n\xff\n").unwrap_err(),
            CardError::NotText
        );
    }
}
