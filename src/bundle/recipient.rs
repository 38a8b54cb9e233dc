//! Who can open a bundle: age X25519 and SSH recipients, recipients files, fingerprints;
//! and, on the receiving side, identities (age identity files, SSH private keys).

use age::secrecy::SecretString;

use super::{limits, BundleError, Result};
use crate::crypto::sha256;

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

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.canonical)
    }
}

/// A short fingerprint to compare over a trusted channel: the first 16 hex digits of the
/// SHA-256 of the canonical recipient text, in groups of four. By hand:
/// `printf %s 'age1…' | sha256sum | cut -c1-16`.
pub fn fingerprint(canonical: &str) -> String {
    let h = hex::encode(sha256(canonical.as_bytes()));
    [&h[0..4], &h[4..8], &h[8..12], &h[12..16]].join(" ")
}

/// Whether text is meant as a recipient (rather than a contact name).
pub fn looks_like_recipient(s: &str) -> bool {
    let s = s.trim_start();
    s.starts_with("age1") || s.starts_with("ssh-")
}

/// Parse one recipient: `age1…`, `ssh-ed25519 AAAA… [comment]`, `ssh-rsa AAAA… [comment]`.
pub fn parse(s: &str) -> Result<Recipient> {
    let s = s.trim();
    if s.starts_with("age1pq") {
        return Err(BundleError::Recipient(
            "post-quantum age1pq recipients are not supported".into(),
        ));
    }
    if s.starts_with("age1") {
        let r: age::x25519::Recipient = s.parse().map_err(|e: &str| {
            BundleError::Recipient(format!("not a valid age recipient ({e})"))
        })?;
        return Ok(Recipient {
            kind: RecipientKind::X25519,
            canonical: r.to_string(),
            inner: Box::new(r),
        });
    }
    if s.starts_with("ssh-") {
        use age::ssh::ParseRecipientKeyError as E;
        let r: age::ssh::Recipient = s.parse().map_err(|e| {
            BundleError::Recipient(match e {
                E::RsaModulusTooLarge => "the RSA key is too large".into(),
                E::RsaModulusTooSmall => "the RSA key is too small (under 2048 bits)".into(),
                E::Unsupported(t) => format!(
                    "SSH key type {} is not supported (use ssh-ed25519 or ssh-rsa)",
                    t.chars().take(40).collect::<String>()
                ),
                _ => "not a valid SSH public key".into(),
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
    Err(BundleError::Recipient(
        "expected an age recipient (age1…) or an SSH public key (ssh-ed25519 …, ssh-rsa …)".into(),
    ))
}

/// Parse a recipients file: one recipient per line; empty lines and `#` comments ignored.
pub fn parse_file(text: &str) -> Result<Vec<Recipient>> {
    let mut out = vec![];
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let r = parse(l).map_err(|e| match e {
            BundleError::Recipient(why) => BundleError::Recipient(format!("line {}: {why}", n + 1)),
            e => e,
        })?;
        out.push(r);
        if out.len() > limits::RECIPIENTS {
            return Err(BundleError::Recipient(format!(
                "more than {} recipients",
                limits::RECIPIENTS
            )));
        }
    }
    if out.is_empty() {
        return Err(BundleError::Recipient(
            "the recipients file lists no recipient".into(),
        ));
    }
    Ok(out)
}

/// Identities to decrypt a bundle with.
pub type Identities = Vec<Box<dyn age::Identity>>;

/// Read identities from the bytes of an identity file: an age identity file
/// (`AGE-SECRET-KEY-1…` lines) or an OpenSSH private key (ed25519 or RSA). An encrypted SSH
/// key is decrypted with the passphrase `ask` returns (called only then).
pub fn load_identities(
    bytes: &[u8],
    ask: &mut dyn FnMut() -> Result<SecretString>,
) -> Result<Identities> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| BundleError::Identity("not a text file".into()))?;
    if text.contains("AGE-SECRET-KEY-1") {
        let f = age::IdentityFile::from_buffer(text.as_bytes())
            .map_err(|e| BundleError::Identity(e.to_string()))?;
        let ids = f
            .into_identities()
            .map_err(|e| BundleError::Identity(e.to_string()))?;
        if ids.is_empty() {
            return Err(BundleError::Identity("no identity in the file".into()));
        }
        return Ok(ids
            .into_iter()
            .map(|i| i as Box<dyn age::Identity>)
            .collect());
    }
    if text.contains("PRIVATE KEY-----") {
        let id = age::ssh::Identity::from_buffer(text.as_bytes(), None)
            .map_err(|_| BundleError::Identity("not a readable SSH private key".into()))?;
        return match id {
            age::ssh::Identity::Unencrypted(_) => Ok(vec![Box::new(id)]),
            age::ssh::Identity::Encrypted(k) => {
                let pass = ask()?;
                let key = k.decrypt(pass).map_err(|_| {
                    BundleError::Identity("wrong passphrase for the SSH key".into())
                })?;
                Ok(vec![Box::new(age::ssh::Identity::from(key))])
            }
            age::ssh::Identity::Unsupported(_) => Err(BundleError::Identity(
                "this SSH key type is not supported (use ed25519 or RSA)".into(),
            )),
        };
    }
    if text.contains("age1") || text.contains("ssh-") {
        return Err(BundleError::Identity(
            "this is a public key (recipient); the private key is needed".into(),
        ));
    }
    Err(BundleError::Identity(
        "expected an age identity file (AGE-SECRET-KEY-1…) or an OpenSSH private key".into(),
    ))
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

    #[test]
    fn parses_and_canonicalises() {
        let (text, r) = generate("now");
        assert!(text.contains("AGE-SECRET-KEY-1"));
        let p = parse(&format!("  {r} ")).unwrap();
        assert_eq!(p.kind, RecipientKind::X25519);
        assert_eq!(p.canonical, r);
        let s = parse(&format!("{ED} Айгүл@laptop")).unwrap();
        assert_eq!(s.kind, RecipientKind::SshEd25519);
        assert_eq!(s.canonical, ED, "the comment is dropped");
        assert_eq!(s.fingerprint(), parse(ED).unwrap().fingerprint());
        assert!(parse("age1xyz").is_err());
        assert!(parse("ssh-dss AAAAB3NzaC1kc3MAAACBAP").is_err());
        assert!(parse("Aigul").is_err());
        assert!(
            looks_like_recipient(&r) && looks_like_recipient(ED) && !looks_like_recipient("Aigul")
        );
    }

    #[test]
    fn fingerprint_is_shell_reproducible() {
        // printf %s 'abc' | sha256sum → ba7816bf8f01cfea…
        assert_eq!(fingerprint("abc"), "ba78 16bf 8f01 cfea");
    }

    #[test]
    fn recipients_file() {
        let (_, r) = generate("now");
        let f = parse_file(&format!("# lawyers\n\n{r}\n{ED} x\n")).unwrap();
        assert_eq!(f.len(), 2);
        let e = parse_file(&format!("{r}\nnonsense\n")).unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(parse_file("# nothing\n").is_err());
    }

    #[test]
    fn identities_round_trip() {
        let (text, r) = generate("now");
        let ids = load_identities(text.as_bytes(), &mut || unreachable!()).unwrap();
        assert_eq!(ids.len(), 1);
        let rec = parse(&r).unwrap();
        let mut ct = vec![];
        let enc = age::Encryptor::with_recipients(std::iter::once(rec.as_age()))
            .unwrap_or_else(|_| panic!());
        let mut w = enc.wrap_output(&mut ct).unwrap();
        std::io::Write::write_all(&mut w, b"hello").unwrap();
        w.finish().unwrap();
        let d = age::Decryptor::new(&ct[..]).unwrap();
        let mut out = vec![];
        std::io::Read::read_to_end(&mut d.decrypt(ids.iter().map(|i| &**i)).unwrap(), &mut out)
            .unwrap();
        assert_eq!(out, b"hello");
        assert!(load_identities(r.as_bytes(), &mut || unreachable!()).is_err());
        assert!(load_identities(b"garbage", &mut || unreachable!()).is_err());
    }
}
