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

use jiff::Zoned;
use thiserror::Error;

use super::seal::{self, SealError, SealRecipient};
use super::wipe;
use crate::crypto::random_array;
use crate::crypto::secret::{DataKey, Secret};
use crate::vault::db::{Db, LabelChange};
use crate::vault::fsutil::DirLock;
use crate::vault::keyfile::{
    self, DuressAction, DuressSeal, Kek, KeyFile, KeyFileError, SlotContent, SlotKind, Unlocked,
};
use crate::vault::{Locked, Vault, VaultError};

/// The duress slot's seal payload is the key file's format (`vault::keyfile::DuressSeal`).
pub use crate::vault::keyfile::DURESS_CT_MAX;

#[derive(Debug, Error)]
pub enum DuressError {
    #[error("this passphrase already opens the vault; a duress passphrase must be different")]
    SameAsPassphrase,
    #[error("{0}")]
    Seal(#[from] SealError),
    #[error("{0}")]
    Vault(#[from] VaultError),
}

fn duress_slots(v: &Vault) -> Result<(Vec<usize>, Vec<usize>), VaultError> {
    let (mut duress, mut other) = (vec![], vec![]);
    for (i, k, _) in v.slots()? {
        if k == SlotKind::Duress {
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
            let key = keyfile::hidden_key(&r.canonical, &vault_id);
            let age_ct = seal::encrypt_dek(r, v.dek(), DURESS_CT_MAX)?;
            Some(
                DuressSeal { key, age_ct }
                    .encode()
                    .map_err(VaultError::from)?,
            )
        }
        (DuressAction::Seal, None) => {
            return Err(SealError::Recipient(crate::agekeys::RecipientError::NoneGiven).into())
        }
        // The vault's creation time, so that the empty vault a "destroy" leaves behind
        // carries the same one (nothing in it then dates the moment it fired).
        (DuressAction::Destroy, _) => {
            v.db.meta_get("created")
                .map_err(VaultError::from)?
                .and_then(|c| String::from_utf8(c).ok())
                .map(|c| keyfile::encode_duress_created(&c))
        }
    };
    let (old, others) = duress_slots(v)?;
    let mut collision = false;
    let res = v.change_keyfile(now, |kf| {
        let kek = kf.passphrase_kek(duress)?;
        if kf.open_with(&kek).is_some_and(|u| !old.contains(&u.slot)) {
            collision = true;
            return Err(VaultError::Incomplete(
                crate::vault::Incomplete::DuressCollision,
            ));
        }
        for i in &old {
            kf.clear_slot(*i);
        }
        let mut taken = others.clone();
        taken.extend(kf.sealed_slots().into_iter().map(|(i, _)| i));
        let slot = keyfile::random_free_slot(&taken).ok_or(KeyFileError::NoFreeSlot)?;
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
        let change = LabelChange {
            remove: old.clone(),
            set: vec![(slot, SlotKind::Duress, "duress".to_owned())],
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
        let change = LabelChange {
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
            if let Ok(v) = destroy_and_recreate(locked, unlocked, kek, &now) {
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

/// Crypto-erase the vault and leave a genuinely empty one for the same passphrase, in place:
/// the same directory, the same key-file and database inodes (their birth times are the
/// real vault's), the same header (salt, parameters, vault id), the real vault's creation
/// time in the new database, and the previous access and modification times put back. What
/// still shows is in docs/emergency.md ("What a duress passphrase does not hide").
///
/// Order: (1) the new key file overwrites the old one in place and is synced — from here
/// the old data key is gone (this is the crypto-erase); (2) leftover key-file temporaries
/// are overwritten and removed, the journal is emptied in place; (3) the database file is
/// truncated in place and a new, empty database built in it under a new data key.
fn destroy_and_recreate(
    locked: &Locked,
    unlocked: &Unlocked,
    kek: &Kek,
    now: &Zoned,
) -> Result<Vault, String> {
    let paths = &locked.paths;
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let _lock = DirLock::exclusive(&paths.dir).map_err(|e| err(&e))?;
    // The times to put back afterwards (directory, key file, database).
    let (dir_t, key_t, db_t) = (
        times_of(&paths.dir),
        times_of(&paths.keyfile),
        times_of(&paths.db),
    );
    // The journal's too, and its length: the new vault's journal is shorter, and a journal
    // newer and smaller than the day before dated the trigger (a second adversarial probe).
    let journal_t = times_of(&paths.journal);
    let journal_len = std::fs::symlink_metadata(&paths.journal)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    // The real vault's creation time, carried by the duress slot (a slot set before this
    // was kept: the directory's birth time, else `now`).
    let created: Zoned = unlocked
        .content
        .recipient
        .as_deref()
        .and_then(keyfile::decode_duress_created)
        .and_then(|c| c.parse::<jiff::Timestamp>().ok())
        .or_else(|| {
            std::fs::metadata(&paths.dir)
                .and_then(|m| m.created())
                .ok()
                .and_then(|t| jiff::Timestamp::try_from(t).ok())
        })
        .map(|t| t.to_zoned(now.time_zone().clone()))
        .unwrap_or_else(|| now.clone());

    // (1) The new key file, in place of the old one.
    let old = locked.keyfile.header();
    let mut kf = KeyFile::new(old.params, old.pinned, old.vault_id);
    let mut h = kf.header();
    h.salt = old.salt;
    kf.write_header(&h);
    let dek = DataKey::generate();
    let slot = keyfile::random_free_slot(&[]).ok_or("no slot")?;
    kf.write_slot(slot, kek, SlotKind::Passphrase, None, "main", None, &dek)
        .map_err(|e| err(&e))?;
    let key = crate::fsio::open_for_overwrite(&paths.keyfile)
        .map_err(|e| err(&e))?
        .ok_or("the key file is not a regular file")?;
    {
        use std::os::unix::fs::FileExt;
        key.write_all_at(kf.to_bytes(), 0).map_err(|e| err(&e))?;
        key.set_len(keyfile::KEYFILE_LEN as u64)
            .map_err(|e| err(&e))?;
        key.sync_all().map_err(|e| err(&e))?;
    }
    // (2) Other copies of the old key file, and the old journal.
    wipe::destroy_key_temps(&paths.dir).map_err(|e| err(&e))?;
    if let Ok(Some(j)) = crate::fsio::open_for_overwrite(&paths.journal) {
        let _ = j.set_len(0).and_then(|_| j.sync_all());
    }
    // The attachment store: its keys were in the old database; the files and the
    // directory go, so an empty vault has none (as a new one).
    crate::vault::store::Store::in_vault(&paths.dir)
        .destroy_all()
        .map_err(|e| err(&e))?;
    // (3) The database: emptied in place, then built again under the new key.
    let db_file = crate::fsio::open_for_overwrite(&paths.db)
        .map_err(|e| err(&e))?
        .ok_or("the database is not a regular file")?;
    db_file.set_len(0).map_err(|e| err(&e))?;
    db_file.sync_all().map_err(|e| err(&e))?;
    {
        let db = Db::open(&paths.db, &dek, crate::vault::db::Mode::Create).map_err(|e| err(&e))?;
        let signing_seed: zeroize::Zeroizing<[u8; 32]> = zeroize::Zeroizing::new(random_array());
        db.in_transaction(|db| {
            db.meta_set("vault_id", &old.vault_id)?;
            db.meta_set("created", created.timestamp().to_string().as_bytes())?;
            db.meta_set("signing_key", &signing_seed[..])?;
            crate::vault::store_slot_keys(db, &kf)?;
            db.slot_set(slot, SlotKind::Passphrase, "main", &created)
        })
        .map_err(|e| err(&e))?;
    }
    let _ = db_file.sync_all();
    // Put back the access and modification times (the change times cannot be).
    put_back(&key, key_t);
    put_back(&db_file, db_t);
    if let (Some(len), Ok(Some(j))) = (journal_len, crate::fsio::open_for_overwrite(&paths.journal))
    {
        // Zeros written, not a hole: an idle persistent journal's tail is zeros after a
        // scrub, and a sparse file would show in its block count.
        if let Ok(now_len) = j.metadata().map(|m| m.len()) {
            if now_len < len && crate::fsio::write_zeros(&j, now_len, len).is_ok() {
                let _ = j.sync_all();
            }
        }
        put_back(&j, journal_t);
    }
    if let Ok(d) = std::fs::File::open(&paths.dir) {
        put_back(&d, dir_t);
        let _ = d.sync_all();
    }
    let db = Db::open(&paths.db, &dek, crate::vault::db::Mode::ReadWrite).map_err(|e| err(&e))?;
    let unlocked = kf.open_with(kek).ok_or("the new slot does not open")?;
    Ok(Vault {
        paths: paths.clone(),
        keyfile: kf,
        unlocked,
        db,
        decoy: false,
    })
}

/// Access and modification times of `p` (not through a symbolic link), to put back.
type Times = Option<(i64, i64, i64, i64)>;

fn times_of(p: &std::path::Path) -> Times {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(p)
        .ok()
        .filter(|m| !m.file_type().is_symlink())
        .map(|m| (m.atime(), m.atime_nsec(), m.mtime(), m.mtime_nsec()))
}

/// Set `f`'s access and modification times to `t` (best effort: the command goes on).
fn put_back(f: &std::fs::File, t: Times) {
    use std::os::unix::io::AsRawFd;
    if let Some((a, an, m, mn)) = t {
        let ts = [
            libc::timespec {
                tv_sec: a as libc::time_t,
                tv_nsec: an as libc::c_long,
            },
            libc::timespec {
                tv_sec: m as libc::time_t,
                tv_nsec: mn as libc::c_long,
            },
        ];
        // SAFETY: futimens on a descriptor we own, with two valid timespecs.
        unsafe { libc::futimens(f.as_raw_fd(), ts.as_ptr()) };
    }
}

/// Rewrite the key file as: the duress slot, a hidden sealed slot, random. Returns the key
/// file now on disk. Nothing is done if the hidden slot is already there.
fn hidden_seal(locked: &Locked, unlocked: &Unlocked) -> Result<KeyFile, String> {
    let payload = unlocked
        .content
        .recipient
        .as_deref()
        .and_then(DuressSeal::decode)
        .ok_or("no seal payload")?;
    let _lock = DirLock::exclusive(&locked.paths.dir).map_err(|e| e.to_string())?;
    let mut kf = locked.paths.read_keyfile().map_err(|e| e.to_string())?;
    let duress = unlocked.slot;
    if kf
        .hidden_sealed_slots(&payload.key)
        .iter()
        .any(|(i, _)| *i != duress)
    {
        return Ok(kf);
    }
    let target = keyfile::random_free_slot(&[duress]).ok_or("no slot")?;
    kf.write_hidden_sealed_slot(target, &payload.key, &payload.age_ct)
        .map_err(|e| e.to_string())?;
    for i in (0..keyfile::N_SLOTS).filter(|i| *i != target && *i != duress) {
        kf.clear_slot(i);
    }
    // The key file is replaced (a new inode), the directory changes with it: their
    // modification and access times are put back, as for a destroy (an ordinary `list`
    // leaves them alone; a second adversarial probe saw the trigger's time on both).
    let (key_t, dir_t) = (times_of(&locked.paths.keyfile), times_of(&locked.paths.dir));
    locked.paths.write_keyfile(&kf).map_err(|e| e.to_string())?;
    if let Ok(f) = std::fs::File::open(&locked.paths.keyfile) {
        put_back(&f, key_t);
    }
    if let Ok(d) = std::fs::File::open(&locked.paths.dir) {
        put_back(&d, dir_t);
        let _ = d.sync_all();
    }
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
    db.slot_set(unlocked.slot, SlotKind::Passphrase, "main", now)?;
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
    fn the_stand_in_database_opens() {
        let r = Db::open_decoy();
        assert!(r.is_ok(), "{:?}", r.err());
    }
}
