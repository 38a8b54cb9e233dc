//! Seal a vault to a lawyer's age recipient, and unseal it with the lawyer's identity.
//!
//! Two forms of sealed slot:
//!
//! - **Visible** (`sandyk seal`): `u16 length || age ciphertext of the data key || random`
//!   (`KeyFile::write_sealed_slot`). The age header is plain text, so anyone holding the
//!   key file can see the vault is sealed, and `unlock` says so.
//! - **Hidden** (the duress "seal" action): the same age ciphertext inside an
//!   XChaCha20-Poly1305 box keyed by HKDF-SHA256(canonical recipient, salt = vault id). It
//!   is indistinguishable from random to anyone who does not know the lawyer's public key,
//!   so after a duress seal the key file looks like any other and every passphrase but the
//!   duress one is simply "wrong". `unseal` derives the public key from the lawyer's
//!   identity and finds the slot.
//!
//! The age ciphertext of a 32-byte key is about 200–450 bytes for an X25519 or ssh-ed25519
//! recipient (age adds a random "grease" stanza of varying length) and about 700–1000 for
//! ssh-rsa 4096; a slot holds 1006 (visible) or 966 (hidden) bytes. Encryption is retried
//! a few times when the grease makes it too long; a recipient that never fits is refused.

use std::io::Read;

use thiserror::Error;
use zeroize::Zeroizing;

use crate::agekeys::{self, KeyError};
use crate::crypto::kdf::KdfParams;
use crate::crypto::random_array;
use crate::crypto::secret::{DataKey, Secret};
use crate::vault::db::LabelChange;
use crate::vault::keyfile::{self, KeyFile, SlotContent, SlotKind, Unlocked, N_SLOTS, SEALED_MAX};
use crate::vault::{Locked, Vault, VaultError};

/// The hidden sealed slot's format is the key file's (`vault::keyfile`).
pub use crate::vault::keyfile::{hidden_key, HIDDEN_MAX};
/// Tries at encrypting until the ciphertext (whose grease stanza varies) fits.
const TRIES: usize = 64;
pub use crate::agekeys::IDENTITY_MAX;

#[derive(Debug, Error)]
pub enum SealError {
    #[error("{0}")]
    Recipient(agekeys::RecipientError),
    /// age could not encrypt the data key to the recipient.
    #[error("the data key could not be encrypted to this recipient")]
    Encrypt,
    #[error("the recipient's key is too large for a key slot ({len} bytes, at most {max})")]
    TooLarge { len: usize, max: usize },
    #[error("{0}")]
    Identity(agekeys::IdentityFault),
    #[error("wrong passphrase for the identity file")]
    IdentityPassphrase,
    #[error("the vault is not sealed")]
    NotSealed,
    #[error("this identity does not open the sealed vault")]
    NoMatch,
    #[error("{0}")]
    Vault(#[from] VaultError),
}

/// A parsed recipient (see [`crate::agekeys`]).
pub type SealRecipient = agekeys::Recipient;

pub use crate::agekeys::looks_like_recipient;

impl From<KeyError> for SealError {
    fn from(e: KeyError) -> SealError {
        match e {
            KeyError::Recipient(s) => SealError::Recipient(s),
            KeyError::Identity(s) => SealError::Identity(s),
            KeyError::IdentityPassphrase => SealError::IdentityPassphrase,
        }
    }
}

/// Parse `age1…`, `ssh-ed25519 AAAA… [comment]` or `ssh-rsa AAAA… [comment]` (see
/// [`agekeys::parse_recipient`]).
pub fn parse_recipient(s: &str) -> Result<SealRecipient, SealError> {
    Ok(agekeys::parse_recipient(s)?)
}

/// age-encrypt the data key to `r`, retrying while the ciphertext is longer than `max`.
pub fn encrypt_dek(r: &SealRecipient, dek: &DataKey, max: usize) -> Result<Vec<u8>, SealError> {
    let mut shortest = usize::MAX;
    for _ in 0..TRIES {
        let enc = age::Encryptor::with_recipients(std::iter::once(r.as_age()))
            .map_err(|_| SealError::Encrypt)?;
        let mut ct = vec![];
        let mut w = enc.wrap_output(&mut ct).map_err(|_| SealError::Encrypt)?;
        std::io::Write::write_all(&mut w, dek.expose()).map_err(|_| SealError::Encrypt)?;
        w.finish().map_err(|_| SealError::Encrypt)?;
        if ct.len() <= max {
            return Ok(ct);
        }
        shortest = shortest.min(ct.len());
    }
    Err(SealError::TooLarge { len: shortest, max })
}

// ---- seal ----

/// Seal the vault to `recipients` (one visible sealed slot each) and destroy every other
/// slot — passphrases, recovery keys, duress — in one atomic key-file rewrite. Returns the
/// sealed slots' indices.
pub fn seal(v: &mut Vault, recipients: &[SealRecipient]) -> Result<Vec<usize>, SealError> {
    if recipients.is_empty() || recipients.len() > N_SLOTS {
        return Err(SealError::Recipient(if recipients.is_empty() {
            agekeys::RecipientError::NoneGiven
        } else {
            agekeys::RecipientError::TooMany(N_SLOTS)
        }));
    }
    let dek = v.dek().clone();
    let cts = recipients
        .iter()
        .map(|r| encrypt_dek(r, &dek, SEALED_MAX))
        .collect::<Result<Vec<_>, _>>()?;
    let slots = v.modify_keyfile(|kf| {
        let mut chosen = vec![];
        for _ in &cts {
            chosen.push(keyfile::random_free_slot(&chosen).expect("fewer recipients than slots"));
        }
        for i in 0..N_SLOTS {
            match chosen.iter().position(|c| *c == i) {
                Some(n) => kf.write_sealed_slot(i, &cts[n])?,
                None => kf.clear_slot(i),
            }
        }
        // Check before it is written: every ciphertext is found again, nothing else opens.
        let found = kf.sealed_slots();
        if found.len() != cts.len() || !cts.iter().all(|c| found.iter().any(|(_, f)| f == c)) {
            return Err(VaultError::Incomplete(
                crate::vault::Incomplete::SealReadBack,
            ));
        }
        Ok(chosen)
    })?;
    // The labels of the destroyed slots (best effort: the key file is what counts).
    if let Ok(labels) = v.db.slot_labels() {
        for (i, ..) in labels {
            let _ = v.db.slot_remove(i);
        }
    }
    Ok(slots)
}

// ---- unseal ----

/// The lawyer's identity: what decrypts, and the public keys (to find hidden slots).
pub type LawyerIdentity = agekeys::Identities;

/// Read an age identity file or an OpenSSH private key (see [`agekeys::load_identities`]).
/// An encrypted SSH key is decrypted with the passphrase `ask` returns (called only then).
pub fn load_identity(
    bytes: &[u8],
    ask: &mut dyn FnMut() -> Result<Secret, SealError>,
) -> Result<LawyerIdentity, SealError> {
    agekeys::load_identities(bytes, &mut || {
        let pass = ask()?;
        Ok(age::secrecy::SecretString::from(
            pass.as_str()
                .ok_or_else(|| SealError::Identity(agekeys::IdentityFault::PassphraseNotUtf8))?
                .to_owned(),
        ))
    })
}

fn age_decrypt(id: &LawyerIdentity, ct: &[u8]) -> Option<DataKey> {
    let d = age::Decryptor::new_buffered(ct).ok()?;
    let mut r = d
        .decrypt(id.identities.iter().map(|i| &**i as &dyn age::Identity))
        .ok()?;
    let mut out = Zeroizing::new(Vec::with_capacity(32));
    r.by_ref().take(64).read_to_end(&mut out).ok()?;
    DataKey::from_slice(&out)
}

/// Whether the key file holds a sealed slot of either form for some key; hidden ones can
/// only be seen with the lawyer's public key.
pub fn open_sealed(kf: &KeyFile, id: &LawyerIdentity) -> Result<(usize, DataKey), SealError> {
    let visible = kf.sealed_slots();
    for (i, ct) in &visible {
        if let Some(k) = age_decrypt(id, ct) {
            return Ok((*i, k));
        }
    }
    let vault_id = kf.header().vault_id;
    let mut hidden_seen = false;
    for r in &id.recipients {
        for (i, ct) in kf.hidden_sealed_slots(&hidden_key(r, &vault_id)) {
            hidden_seen = true;
            if let Some(k) = age_decrypt(id, &ct) {
                return Ok((i, k));
            }
        }
    }
    if visible.is_empty() && !hidden_seen {
        return Err(SealError::NotSealed);
    }
    Err(SealError::NoMatch)
}

/// Open a sealed vault with the lawyer's identity (the database is opened and its vault id
/// checked before anything is changed).
pub fn open_with_identity(locked: Locked, id: &LawyerIdentity) -> Result<Vault, SealError> {
    let (slot, dek) = open_sealed(&locked.keyfile, id)?;
    let unlocked = Unlocked {
        slot,
        content: SlotContent {
            kind: SlotKind::Passphrase,
            action: None,
            label: String::new(),
            recipient: None,
            dek,
        },
    };
    Ok(locked.open_db(unlocked)?)
}

/// Replace every slot with one passphrase slot for `new` (fresh salt; `params` if the cost
/// is to change), in one atomic rewrite. The sealed slots are destroyed with the rest.
pub fn unseal(
    v: &mut Vault,
    new: &Secret,
    params: Option<KdfParams>,
    label: &str,
    now: &jiff::Zoned,
) -> Result<(), SealError> {
    let dek = v.dek().clone();
    let (_slot, kf) = v.change_keyfile(now, |kf| {
        let mut h = kf.header();
        h.salt = random_array();
        if let Some(p) = params {
            h.params = p;
        }
        kf.write_header(&h);
        for i in 0..N_SLOTS {
            kf.clear_slot(i);
        }
        let slot = keyfile::random_free_slot(&[]).expect("slots exist");
        let kek = kf.passphrase_kek(new)?;
        kf.write_slot(slot, &kek, SlotKind::Passphrase, None, label, None, &dek)?;
        let change = LabelChange {
            remove_all: true,
            set: vec![(slot, SlotKind::Passphrase, label.to_owned())],
            ..Default::default()
        };
        Ok(((slot, kf.clone()), change))
    })?;
    v.unlocked = kf.unlock(new).map_err(VaultError::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ssh_rsa_4096() -> Option<String> {
        // Real keys from ssh-keygen, when it is installed.
        let d = tempfile::tempdir().ok()?;
        let k = d.path().join("k");
        let ok = std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "rsa", "-b", "4096", "-N", "", "-f"])
            .arg(&k)
            .status()
            .ok()?
            .success();
        ok.then(|| std::fs::read_to_string(k.with_extension("pub")).ok())
            .flatten()
    }

    #[test]
    fn sizes_fit_and_round_trip() {
        let dek = DataKey::generate();
        let id = age::x25519::Identity::generate();
        let r = parse_recipient(&id.to_public().to_string()).unwrap();
        let mut max = 0;
        for _ in 0..50 {
            let ct = encrypt_dek(&r, &dek, SEALED_MAX).unwrap();
            max = max.max(ct.len());
        }
        assert!(max <= 500, "x25519 ciphertext up to {max} bytes");
        let ct = encrypt_dek(&r, &dek, HIDDEN_MAX).unwrap();
        let li = LawyerIdentity {
            identities: vec![Box::new(id)],
            recipients: vec![r.canonical.clone()],
        };
        assert_eq!(age_decrypt(&li, &ct).unwrap().expose(), dek.expose());
        // ssh-ed25519 with a comment.
        let ed = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN Айгүл@laptop";
        let e = parse_recipient(ed).unwrap();
        assert!(!e.canonical.contains("laptop"));
        assert!(encrypt_dek(&e, &dek, HIDDEN_MAX).unwrap().len() <= HIDDEN_MAX);
        assert!(parse_recipient("age1xyz").is_err());
        assert!(parse_recipient("Aigul").is_err());
    }

    #[test]
    fn rsa_4096_fits_a_visible_slot_only() {
        let Some(pk) = ssh_rsa_4096() else {
            eprintln!("ssh-keygen missing: RSA size check skipped");
            return;
        };
        let r = parse_recipient(&pk).unwrap();
        let dek = DataKey::generate();
        let ct = encrypt_dek(&r, &dek, SEALED_MAX).unwrap();
        assert!(ct.len() <= SEALED_MAX);
        assert!(matches!(
            encrypt_dek(&r, &dek, 600),
            Err(SealError::TooLarge { .. })
        ));
    }
}
