//! age keys, in one place: recipients (age X25519, ssh-ed25519, ssh-rsa) and recipients
//! files, identities (age identity files, OpenSSH private keys), fingerprints, and new age
//! identities. Bundles (`bundle::recipient`) and sealing (`emergency::seal`) both use it.

use age::secrecy::SecretString;
use thiserror::Error;

use crate::crypto::sha256;
use crate::untrusted::Untrusted;

/// What is wrong with a recipient or an identity file: typed, so the binary says it in the
/// user's language. Never holds key material. (The English `Display` is for logs and tests.)
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    #[error("{0}")]
    Recipient(RecipientError),
    #[error("{0}")]
    Identity(IdentityFault),
    /// The passphrase of an encrypted SSH private key is wrong.
    #[error("wrong passphrase for the SSH key")]
    IdentityPassphrase,
}

/// What is wrong with one recipient's text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RecipientFault {
    #[error("post-quantum age1pq recipients are not supported")]
    PostQuantum,
    #[error("not a valid age recipient")]
    BadAge,
    #[error("the RSA key is too large")]
    RsaTooLarge,
    #[error("the RSA key is too small (under 2048 bits)")]
    RsaTooSmall,
    /// An SSH key of another type; the type name as given (at most 40 characters).
    #[error("SSH key type {} is not supported (use ssh-ed25519 or ssh-rsa)", .0.sanitized())]
    SshType(Untrusted),
    #[error("not a valid SSH public key")]
    BadSsh,
    #[error("expected an age recipient (age1…) or an SSH public key (ssh-ed25519 …, ssh-rsa …)")]
    NotARecipient,
}

/// What is wrong with the recipients given (one, a list, a recipients file).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RecipientError {
    #[error("{0}")]
    Invalid(RecipientFault),
    /// A line of a recipients file (1-based).
    #[error("line {line}: {fault}")]
    Line { line: usize, fault: RecipientFault },
    /// More recipients than allowed (the maximum).
    #[error("more than {0} recipients")]
    TooMany(usize),
    #[error("the recipients file lists no recipient")]
    NoneListed,
    #[error("no recipient")]
    NoneGiven,
}

impl From<RecipientFault> for KeyError {
    fn from(f: RecipientFault) -> KeyError {
        KeyError::Recipient(RecipientError::Invalid(f))
    }
}

/// What is wrong with an identity (private key) file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IdentityFault {
    #[error("not a text file")]
    NotText,
    #[error("the file holds a line that is not an age identity")]
    BadAgeLine,
    #[error("not a readable SSH private key")]
    UnreadableSsh,
    #[error("this SSH key type is not supported (use ed25519 or RSA)")]
    UnsupportedSsh,
    #[error("this is a public key (a recipient); the private key is needed")]
    PublicKey,
    #[error("expected an age identity file (AGE-SECRET-KEY-1…) or an OpenSSH private key")]
    Unrecognized,
    /// age could not decrypt the file key with this identity's key.
    #[error("the key could not be decrypted")]
    Undecryptable,
    #[error("the passphrase is not UTF-8")]
    PassphraseNotUtf8,
    /// The passphrase of an encrypted key could not be read (the caller reports why).
    #[error("no passphrase")]
    NoPassphrase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientKind {
    X25519,
    SshEd25519,
    SshRsa,
    /// A passphrase (age scrypt); never stored as a contact.
    Passphrase,
}

impl RecipientKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientKind::X25519 => "x25519",
            RecipientKind::SshEd25519 => "ssh-ed25519",
            RecipientKind::SshRsa => "ssh-rsa",
            RecipientKind::Passphrase => "passphrase",
        }
    }
}

/// A parsed recipient and its canonical text (no comment, normalised encoding).
pub struct Recipient {
    pub kind: RecipientKind,
    pub canonical: String,
    inner: Box<dyn age::Recipient + Send>,
}

impl std::fmt::Debug for Recipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Recipient({})", self.canonical)
    }
}

impl Recipient {
    pub fn as_age(&self) -> &dyn age::Recipient {
        &*self.inner
    }

    /// See [`fingerprint`].
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.canonical)
    }
}

/// The fingerprint people compare over a trusted channel (read aloud, on a card): the first
/// 32 hex digits (128 bits) of the SHA-256 of the canonical key text, in eight groups of
/// four. The same rendering for age recipients, SSH recipients and signing keys. By hand:
/// `printf %s 'age1…' | sha256sum | cut -c1-32`.
pub fn fingerprint(canonical: &str) -> String {
    let h = hex::encode(sha256(canonical.as_bytes()));
    (0..8)
        .map(|i| &h[i * 4..i * 4 + 4])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether text is meant as a recipient (rather than a contact name).
pub fn looks_like_recipient(s: &str) -> bool {
    let s = s.trim_start();
    s.starts_with("age1") || s.starts_with("ssh-")
}

/// Parse one recipient: `age1…`, `ssh-ed25519 AAAA… [comment]`, `ssh-rsa AAAA… [comment]`.
/// The comment of an SSH key is dropped.
pub fn parse_recipient(s: &str) -> Result<Recipient, KeyError> {
    let s = s.trim();
    if s.starts_with("age1") {
        let r: age::x25519::Recipient = s.parse().map_err(|_: &str| {
            // The post-quantum hybrid recipients: the prefix "age1pq" and bech32's separator
            // "1". Only that: one X25519 recipient in 1,024 starts "age1pq" (its data may begin
            // with "pq"), and was refused as post-quantum (a CI run met one); no X25519
            // recipient has a "1" there, which is not a bech32 data character.
            if s.starts_with("age1pq1") {
                RecipientFault::PostQuantum
            } else {
                RecipientFault::BadAge
            }
        })?;
        return Ok(Recipient {
            kind: RecipientKind::X25519,
            canonical: r.to_string(),
            inner: Box::new(r),
        });
    }
    if s.starts_with("ssh-") {
        use age::ssh::ParseRecipientKeyError as E;
        // Type and key; a comment after them is dropped.
        let two = s.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        let r: age::ssh::Recipient = two.parse().map_err(|e| {
            KeyError::from(match e {
                E::RsaModulusTooLarge => RecipientFault::RsaTooLarge,
                E::RsaModulusTooSmall => RecipientFault::RsaTooSmall,
                E::Unsupported(t) => {
                    RecipientFault::SshType(Untrusted::new(t.chars().take(40).collect::<String>()))
                }
                _ => RecipientFault::BadSsh,
            })
        })?;
        let kind = match r {
            age::ssh::Recipient::SshEd25519(..) => RecipientKind::SshEd25519,
            age::ssh::Recipient::SshRsa(..) => RecipientKind::SshRsa,
        };
        return Ok(Recipient {
            kind,
            canonical: r.to_string(),
            inner: Box::new(r),
        });
    }
    Err(RecipientFault::NotARecipient.into())
}

/// Parse a recipients file: one recipient per line; empty lines and `#` comments ignored;
/// at most `max` recipients.
pub fn parse_recipients_file(text: &str, max: usize) -> Result<Vec<Recipient>, KeyError> {
    let mut out = vec![];
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let r = parse_recipient(l).map_err(|e| match e {
            KeyError::Recipient(RecipientError::Invalid(fault)) => {
                KeyError::Recipient(RecipientError::Line { line: n + 1, fault })
            }
            e => e,
        })?;
        out.push(r);
        if out.len() > max {
            return Err(KeyError::Recipient(RecipientError::TooMany(max)));
        }
    }
    if out.is_empty() {
        return Err(KeyError::Recipient(RecipientError::NoneListed));
    }
    Ok(out)
}

/// Largest identity file read.
pub const IDENTITY_MAX: u64 = 64 * 1024;

/// Identities read from an identity file: what decrypts, and the canonical recipient of
/// each (to find a vault's hidden sealed slots).
pub struct Identities {
    pub identities: Vec<Box<dyn age::Identity>>,
    pub recipients: Vec<String>,
}

/// Read identities from the bytes of an identity file: an age identity file
/// (`AGE-SECRET-KEY-1…` lines, `#` comments) or an OpenSSH private key (ed25519 or RSA). An
/// encrypted SSH key is decrypted with the passphrase `ask` returns (called only then; its
/// error is returned as is).
pub fn load_identities<E: From<KeyError>>(
    bytes: &[u8],
    ask: &mut dyn FnMut() -> Result<SecretString, E>,
) -> Result<Identities, E> {
    let id_err = |f: IdentityFault| E::from(KeyError::Identity(f));
    let text = std::str::from_utf8(bytes).map_err(|_| id_err(IdentityFault::NotText))?;
    if text.contains("AGE-SECRET-KEY-1") {
        let mut out = Identities {
            identities: vec![],
            recipients: vec![],
        };
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let id: age::x25519::Identity = line
                .parse()
                .map_err(|_| id_err(IdentityFault::BadAgeLine))?;
            out.recipients.push(id.to_public().to_string());
            out.identities.push(Box::new(id));
        }
        return Ok(out);
    }
    if text.contains("PRIVATE KEY-----") {
        let unsupported = IdentityFault::UnsupportedSsh;
        let id = age::ssh::Identity::from_buffer(text.as_bytes(), None)
            .map_err(|_| id_err(IdentityFault::UnreadableSsh))?;
        let recipient = age::ssh::Recipient::try_from(id.clone())
            .map_err(|_| id_err(unsupported))?
            .to_string();
        let id = match id {
            age::ssh::Identity::Unencrypted(_) => id,
            age::ssh::Identity::Encrypted(k) => {
                let pass = ask()?;
                age::ssh::Identity::from(
                    k.decrypt(pass)
                        .map_err(|_| E::from(KeyError::IdentityPassphrase))?,
                )
            }
            age::ssh::Identity::Unsupported(_) => return Err(id_err(unsupported)),
        };
        return Ok(Identities {
            identities: vec![Box::new(id)],
            recipients: vec![recipient],
        });
    }
    if text.contains("age1") || text.contains("ssh-") {
        return Err(id_err(IdentityFault::PublicKey));
    }
    Err(id_err(IdentityFault::Unrecognized))
}

/// A new age X25519 identity: (file text in age-keygen's format, recipient).
pub fn generate(created: &str) -> (zeroize::Zeroizing<String>, String) {
    use age::secrecy::ExposeSecret;
    let id = age::x25519::Identity::generate();
    let recipient = id.to_public().to_string();
    let secret = id.to_string();
    let text = zeroize::Zeroizing::new(format!(
        "# created: {created}\n# public key: {recipient}\n{}\n",
        secret.expose_secret()
    ));
    (text, recipient)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN";

    fn no_ask() -> Result<SecretString, KeyError> {
        unreachable!()
    }

    #[test]
    fn parses_and_canonicalises() {
        let (text, r) = generate("now");
        assert!(text.contains("AGE-SECRET-KEY-1"));
        let p = parse_recipient(&format!("  {r} ")).unwrap();
        assert_eq!(p.kind, RecipientKind::X25519);
        assert_eq!(p.canonical, r);
        let s = parse_recipient(&format!("{ED} Айгүл@laptop")).unwrap();
        assert_eq!(s.kind, RecipientKind::SshEd25519);
        assert_eq!(s.canonical, ED, "the comment is dropped");
        assert_eq!(s.fingerprint(), parse_recipient(ED).unwrap().fingerprint());
        // A comment with several words, too.
        let m = parse_recipient(&format!("{ED} two words\t")).unwrap();
        assert_eq!(m.canonical, ED);
        assert!(parse_recipient("age1xyz").is_err());
        assert!(matches!(
            parse_recipient("age1pq1xyz"),
            Err(KeyError::Recipient(RecipientError::Invalid(
                RecipientFault::PostQuantum
            )))
        ));
        // An X25519 recipient whose data begins with "pq" is an X25519 recipient.
        let pq_looking = (0..100_000)
            .map(|_| age::x25519::Identity::generate().to_public().to_string())
            .find(|r| r.starts_with("age1pq"))
            .expect("one in 1,024 starts so");
        assert_eq!(
            parse_recipient(&pq_looking).unwrap().kind,
            RecipientKind::X25519
        );
        assert!(parse_recipient("ssh-dss AAAAB3NzaC1kc3MAAACBAP").is_err());
        assert!(parse_recipient("Aigul").is_err());
        assert!(
            looks_like_recipient(&r) && looks_like_recipient(ED) && !looks_like_recipient("Aigul")
        );
    }

    #[test]
    fn fingerprint_is_shell_reproducible() {
        // printf %s 'abc' | sha256sum → ba7816bf8f01cfea…
        assert_eq!(
            fingerprint("abc"),
            "ba78 16bf 8f01 cfea 4141 40de 5dae 2223"
        );
    }

    #[test]
    fn recipients_file() {
        let (_, r) = generate("now");
        let f = parse_recipients_file(&format!("# lawyers\n\n{r}\n{ED} x\n"), 10).unwrap();
        assert_eq!(f.len(), 2);
        let e = parse_recipients_file(&format!("{r}\nnonsense\n"), 10).unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(parse_recipients_file("# nothing\n", 10).is_err());
        let e = parse_recipients_file(&format!("{r}\n{ED}\n"), 1).unwrap_err();
        assert_eq!(e.to_string(), "more than 1 recipients");
    }

    #[test]
    fn identities_round_trip() {
        let (text, r) = generate("now");
        let ids = load_identities(text.as_bytes(), &mut no_ask).unwrap();
        assert_eq!(ids.identities.len(), 1);
        assert_eq!(ids.recipients, std::slice::from_ref(&r));
        let rec = parse_recipient(&r).unwrap();
        let mut ct = vec![];
        let enc = age::Encryptor::with_recipients(std::iter::once(rec.as_age()))
            .unwrap_or_else(|_| panic!());
        let mut w = enc.wrap_output(&mut ct).unwrap();
        std::io::Write::write_all(&mut w, b"hello").unwrap();
        w.finish().unwrap();
        let d = age::Decryptor::new(&ct[..]).unwrap();
        let mut out = vec![];
        std::io::Read::read_to_end(
            &mut d.decrypt(ids.identities.iter().map(|i| &**i)).unwrap(),
            &mut out,
        )
        .unwrap();
        assert_eq!(out, b"hello");
        assert!(load_identities(r.as_bytes(), &mut no_ask).is_err());
        assert!(load_identities(b"garbage", &mut no_ask).is_err());
        assert!(load_identities(b"\xff\xfe", &mut no_ask).is_err());
        let bad = format!("{}\nnot-a-key\n", &*text);
        assert!(load_identities(bad.as_bytes(), &mut no_ask).is_err());
    }
}
