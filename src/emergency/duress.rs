//! The duress passphrase: typed at any unlock prompt, it silently destroys or seals the
//! vault, then the program carries on with an empty vault as if nothing had happened.
//!
//! What the duress slot holds matters more than what it does. An adversary who images the
//! disk *before* asking for the passphrase, and has sandyk's source, can open the duress
//! slot with the passphrase they were given without ever running the action. So the slot
//! never holds the vault's data key:
//!
//! - its data-key field is a random key of its own;
//! - for the "seal" action it holds, in the recipient field, `hs1:` + base64 of the hidden
//!   sealed slot's key and the age ciphertext of the real data key to the lawyer —
//!   computed at `duress set`, when the real passphrase was typed. Useless without the
//!   lawyer's identity.
//!
//! What happens, and what the next invocation sees (docs/emergency.md explains the choice):
//!
//! - **destroy**: the vault is crypto-erased (key first, no slow data overwrite so that the
//!   timing does not stand out), then a new, genuinely empty vault is created in the same
//!   directory for the duress passphrase, with the same KDF parameters and salt (so no second
//!   Argon2id run is needed: the KEK that opened the duress slot keys the new one). Later
//!   invocations see an ordinary empty vault that opens with that passphrase, keeps what is
//!   written into it, and says "wrong passphrase" to every other — including the old one.
//! - **seal**: the key file is rewritten with a hidden sealed slot (indistinguishable from
//!   random without the lawyer's public key) and the duress slot; every other slot is
//!   destroyed. The database stays. The duress passphrase keeps showing an empty vault (an
//!   in-memory stand-in: what is written there is not kept); every other passphrase is
//!   "wrong"; only `sandyk unseal` with the lawyer's identity opens the data.

use base64::Engine;
use jiff::Zoned;
use thiserror::Error;

use super::seal::{self, SealError, SealRecipient};
use super::wipe;
use crate::crypto::random_array;
use crate::crypto::secret::{DataKey, Secret};
use crate::vault::db::Db;
use crate::vault::fsutil::DirLock;
use crate::vault::keyfile::{
    DuressAction, Kek, KeyFile, SlotContent, SlotKind, Unlocked, N_SLOTS, RECIPIENT_MAX,
};
use crate::vault::{Locked, Vault, VaultError, VaultPaths};

/// Prefix of the seal payload in a duress slot's recipient field.
const FIELD_PREFIX: &str = "hs1:";
/// Longest age ciphertext that fits the field with its 32-byte key, base64-encoded.
pub const DURESS_CT_MAX: usize = (RECIPIENT_MAX - FIELD_PREFIX.len()) / 4 * 3 - 32;

#[derive(Debug, Error)]
pub enum DuressError {
    #[error("this passphrase already opens the vault; a duress passphrase must be different")]
    SameAsPassphrase,
    #[error("{0}")]
    Seal(#[from] SealError),
    #[error("{0}")]
    Vault(#[from] VaultError),
}

fn encode_field(key: &[u8; 32], ct: &[u8]) -> String {
    let mut b = zeroize::Zeroizing::new(Vec::with_capacity(32 + ct.len()));
    b.extend_from_slice(key);
    b.extend_from_slice(ct);
    format!(
        "{FIELD_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(&b[..])
    )
}

fn decode_field(s: &str) -> Option<([u8; 32], Vec<u8>)> {
    let b = base64::engine::general_purpose::STANDARD
        .decode(s.strip_prefix(FIELD_PREFIX)?)
        .ok()?;
    if b.len() <= 32 {
        return None;
    }
    let mut k = [0u8; 32];
    k.copy_from_slice(&b[..32]);
    Some((k, b[32..].to_vec()))
}

fn duress_slots(v: &Vault) -> Result<(Vec<usize>, Vec<usize>), VaultError> {
    let (mut duress, mut other) = (vec![], vec![]);
    for (i, k, _) in v.slots()? {
        if k == "duress" {
            duress.push(i);
        } else {
            other.push(i);
        }
    }
    Ok((duress, other))
}

/// Set the duress passphrase (replacing any earlier one) in one key-file rewrite.
pub fn set(
    v: &mut Vault,
    duress: &Secret,
    action: DuressAction,
    recipient: Option<&SealRecipient>,
    now: &Zoned,
) -> Result<(), DuressError> {
    let field = match (action, recipient) {
        (DuressAction::Seal, Some(r)) => {
            let vault_id = v.keyfile.header().vault_id;
            let key = seal::hidden_key(&r.canonical, &vault_id);
            let ct = seal::encrypt_dek(r, v.dek(), DURESS_CT_MAX)?;
            Some(encode_field(&key, &ct))
        }
        (DuressAction::Seal, None) => {
            return Err(SealError::Recipient("a seal needs a recipient".into()).into())
        }
        (DuressAction::Destroy, _) => None,
    };
    let (old, others) = duress_slots(v)?;
    let mut collision = false;
    let res = v.change_keyfile(now, |kf| {
        let kek = kf.passphrase_kek(duress)?;
        if kf.open_with(&kek).is_some_and(|u| !old.contains(&u.slot)) {
            collision = true;
            return Err(VaultError::Incomplete("duress passphrase collision"));
        }
        for i in &old {
            kf.clear_slot(*i);
        }
        let mut taken = others.clone();
        taken.extend(kf.sealed_slots().into_iter().map(|(i, _)| i));
        let slot = seal::random_slot_except(&taken)
            .ok_or(crate::vault::keyfile::KeyFileError::NoFreeSlot)?;
        // Never the real data key: see the module documentation.
        kf.write_slot(
            slot,
            &kek,
            SlotKind::Duress,
            Some(action),
            "main",
            field.as_deref(),
            &DataKey::generate(),
        )?;
        let change = crate::vault::db::LabelChange {
            remove: old.clone(),
            set: vec![(slot, "duress".to_owned(), "duress".to_owned())],
            ..Default::default()
        };
        Ok((slot, change))
    });
    match res {
        Ok(_) => Ok(()),
        Err(_) if collision => Err(DuressError::SameAsPassphrase),
        Err(e) => Err(e.into()),
    }
}

/// Remove any duress passphrase. Does the same work whether or not one was set, so that
/// neither its output nor its effect on the key file tells.
pub fn remove(v: &mut Vault, now: &Zoned) -> Result<(), VaultError> {
    let (old, _) = duress_slots(v)?;
    v.change_keyfile(now, |kf| {
        for i in &old {
            kf.clear_slot(*i);
        }
        let change = crate::vault::db::LabelChange {
            remove: old.clone(),
            ..Default::default()
        };
        Ok(((), change))
    })
}

/// The handler the CLI registers with `Locked::unlock`: carry out the action, return the
/// empty vault to show. It never fails visibly: if the action cannot be carried out (for
/// example on read-only media) the stand-in is shown all the same. `now` is the time it
/// stamps on what it creates (the caller's clock, fixed in tests).
pub fn handler(
    locked: &Locked,
    unlocked: &Unlocked,
    kek: &Kek,
    now: &Zoned,
) -> Result<Vault, String> {
    let now = now.clone();
    match unlocked.content.action {
        Some(DuressAction::Destroy) if matches!(kek, Kek::Passphrase(_)) => {
            if let Ok(v) = destroy_and_recreate(locked, kek, &now) {
                return Ok(v);
            }
            stand_in(locked, unlocked, locked.keyfile.clone(), &now).map_err(|e| e.to_string())
        }
        Some(DuressAction::Seal) => {
            let kf = hidden_seal(locked, unlocked).unwrap_or_else(|_| locked.keyfile.clone());
            stand_in(locked, unlocked, kf, &now).map_err(|e| e.to_string())
        }
        _ => stand_in(locked, unlocked, locked.keyfile.clone(), &now).map_err(|e| e.to_string()),
    }
}

/// Crypto-erase the vault, then create a genuinely empty one for the same passphrase.
fn destroy_and_recreate(locked: &Locked, kek: &Kek, now: &Zoned) -> Result<Vault, String> {
    let dir = &locked.paths.dir;
    wipe::destroy(
        dir,
        wipe::Options {
            overwrite_data: false,
        },
    )
    .map_err(|e| e.to_string())?;
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(dir)
            .map_err(|e| e.to_string())?;
    }
    let old = locked.keyfile.header();
    let mut kf = KeyFile::new(old.params, old.pinned, random_array());
    // Same salt and parameters: `kek` (Argon2id of the duress passphrase) keys the new slot.
    let mut h = kf.header();
    h.salt = old.salt;
    kf.write_header(&h);
    Vault::create(VaultPaths::new(dir), kf, kek, now).map_err(|e| e.to_string())
}

/// Rewrite the key file as: the duress slot, a hidden sealed slot, random. Returns the key
/// file now on disk. Nothing is done if the hidden slot is already there.
fn hidden_seal(locked: &Locked, unlocked: &Unlocked) -> Result<KeyFile, String> {
    let (key, ct) = unlocked
        .content
        .recipient
        .as_deref()
        .and_then(decode_field)
        .ok_or("no seal payload")?;
    let _lock = DirLock::exclusive(&locked.paths.dir).map_err(|e| e.to_string())?;
    let mut kf = locked.paths.read_keyfile().map_err(|e| e.to_string())?;
    let duress = unlocked.slot;
    if (0..N_SLOTS).any(|i| i != duress && seal::open_hidden(&kf, &key, i).is_some()) {
        return Ok(kf);
    }
    let target = seal::random_slot_except(&[duress]).ok_or("no slot")?;
    let bytes =
        seal::hidden_slot(&key, &kf.header().vault_id, target, &ct).map_err(|e| e.to_string())?;
    for i in 0..N_SLOTS {
        if i == target {
            kf.write_raw_slot(i, &bytes);
        } else if i != duress {
            kf.clear_slot(i);
        }
    }
    locked.paths.write_keyfile(&kf).map_err(|e| e.to_string())?;
    Ok(kf)
}

/// An in-memory empty vault dressed like a fresh one: the slot labelled "main", a vault
/// id, a creation time and a signing key, so that every command answers as on a real
/// empty vault. Nothing written to it is kept.
fn stand_in(
    locked: &Locked,
    unlocked: &Unlocked,
    kf: KeyFile,
    now: &Zoned,
) -> Result<Vault, VaultError> {
    let db = Db::open_decoy()?;
    let signing_seed: zeroize::Zeroizing<[u8; 32]> = zeroize::Zeroizing::new(random_array());
    db.meta_set("vault_id", &kf.header().vault_id)?;
    db.meta_set("created", now.timestamp().to_string().as_bytes())?;
    db.meta_set("signing_key", &signing_seed[..])?;
    db.slot_set(unlocked.slot, "passphrase", "main", now)?;
    Ok(Vault {
        paths: locked.paths.clone(),
        keyfile: kf,
        unlocked: Unlocked {
            slot: unlocked.slot,
            content: SlotContent {
                kind: SlotKind::Passphrase,
                action: None,
                label: "main".into(),
                recipient: None,
                dek: unlocked.content.dek.clone(),
            },
        },
        db,
        decoy: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_round_trip_and_budget() {
        let ct = vec![7u8; DURESS_CT_MAX];
        let f = encode_field(&[1; 32], &ct);
        assert!(f.len() <= RECIPIENT_MAX, "{} > {RECIPIENT_MAX}", f.len());
        let (k, c) = decode_field(&f).unwrap();
        assert_eq!(k, [1; 32]);
        assert_eq!(c, ct);
        assert!(decode_field("age1abc").is_none());
    }

    #[test]
    fn the_stand_in_database_opens() {
        let r = Db::open_decoy();
        assert!(r.is_ok(), "{:?}", r.err());
    }
}
