//! The key file: a fixed-size file holding the Argon2id parameters and a fixed number of
//! key slots, each of which may wrap the vault's data key.
//!
//! Layout (all integers little-endian; see `docs/format.md`):
//!
//! ```text
//! header (128 bytes)
//!   0   u16  format version (1)
//!   2   u16  slot count (8)
//!   4   u16  slot length (1008)
//!   6   u16  reserved (0)
//!   8   u32  Argon2id memory, KiB
//!   12  u32  Argon2id passes
//!   16  u32  Argon2id lanes
//!   20  u32  flags (bit 0: parameters pinned by the user)
//!   24  [32] Argon2id salt
//!   56  [16] vault id
//!   72  [24] reserved (0)
//!   96  [32] checksum: SHA-256(header[0..96] || all slots)   (unkeyed: detects damage)
//! slots (8 × 1008 bytes)
//!   0   [24]  XChaCha20-Poly1305 nonce
//!   24  [968] ciphertext of the slot payload
//!   992 [16]  tag
//! ```
//!
//! Unused slots are random bytes, indistinguishable from used ones. The payload is:
//!
//! ```text
//!   0   u8   kind (1 passphrase, 2 recovery key, 3 duress)
//!   1   u8   duress action (0 none, 1 destroy, 2 seal)
//!   2   u8   label length
//!   3   u8   reserved
//!   4   [32] data key
//!   36  [64] label (UTF-8, padded with zeros)
//!   100 u16  recipient length (duress seal target), then the recipient, then random padding
//! ```
//!
//! A sealed slot (see `emergency`) instead holds `u16 length || age ciphertext of the data
//! key || random padding`, decryptable only with the lawyer's age identity.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;
use thiserror::Error;
use zeroize::{Zeroize, Zeroizing};

use crate::crypto::kdf::{self, KdfError, KdfParams};
use crate::crypto::secret::{new_key32, DataKey, Key32, Secret};
use crate::crypto::{random_array, random_bytes, sha256};

pub const FORMAT_VERSION: u16 = 1;
pub const HEADER_LEN: usize = 128;
pub const N_SLOTS: usize = 8;
pub const SLOT_LEN: usize = 1008;
pub const KEYFILE_LEN: usize = HEADER_LEN + N_SLOTS * SLOT_LEN;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const PAYLOAD_LEN: usize = SLOT_LEN - NONCE_LEN - TAG_LEN;
const AD_LEN: usize = 96;
const LABEL_MAX: usize = 64;
/// Longest duress-seal recipient that fits in a slot payload.
pub const RECIPIENT_MAX: usize = PAYLOAD_LEN - 102;
/// Longest age ciphertext a sealed slot can hold.
pub const SEALED_MAX: usize = SLOT_LEN - 2;
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// Recovery keys: 160 random bits, Crockford base32, 8 groups of 4.
pub const RECOVERY_BYTES: usize = 20;

/// What is wrong with a damaged key file (found before any KDF work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum KeyFileDamage {
    /// Not exactly the key file's length.
    #[error("wrong size")]
    Size,
    /// The header's checksum does not match its bytes.
    #[error("checksum mismatch")]
    Checksum,
    /// The number or size of slots is not this format's.
    #[error("unexpected slot geometry")]
    Geometry,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum KeyFileError {
    #[error("the key file is damaged ({0})")]
    Damaged(KeyFileDamage),
    #[error("the key file has format version {0}, which this version of sandyk cannot read")]
    UnsupportedVersion(u16),
    #[error("the key file's KDF parameters are refused: {0}")]
    BadParams(KdfError),
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("no free key slot (all {N_SLOTS} are in use)")]
    NoFreeSlot,
    #[error("{0}")]
    Kdf(KdfError),
    #[error("label or recipient too long")]
    TooLong,
}

/// What a slot opens with. Stored as a byte in the slot payload and, in the database's
/// slot labels (and a pending key-file intent), as the label string of [`SlotKind::label`]:
/// this is the one place that maps between the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotKind {
    Passphrase = 1,
    Recovery = 2,
    Duress = 3,
}

impl SlotKind {
    /// The stored label string ("passphrase", "recovery", "duress").
    pub fn label(self) -> &'static str {
        match self {
            SlotKind::Passphrase => "passphrase",
            SlotKind::Recovery => "recovery",
            SlotKind::Duress => "duress",
        }
    }

    /// The kind a stored label string names (None: not a kind this version knows).
    pub fn from_label(s: &str) -> Option<SlotKind> {
        [SlotKind::Passphrase, SlotKind::Recovery, SlotKind::Duress]
            .into_iter()
            .find(|k| k.label() == s)
    }

    /// Whether a slot of this kind is typed at the passphrase prompt (and so depends on the
    /// header's salt and parameters).
    pub fn is_passphrase(self) -> bool {
        matches!(self, SlotKind::Passphrase | SlotKind::Duress)
    }

    /// Whether a slot of this kind opens the real vault.
    pub fn opens_vault(self) -> bool {
        matches!(self, SlotKind::Passphrase | SlotKind::Recovery)
    }
}

impl std::fmt::Display for SlotKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuressAction {
    Destroy = 1,
    Seal = 2,
}

/// What a slot holds, once opened.
#[derive(Debug)]
pub struct SlotContent {
    pub kind: SlotKind,
    pub action: Option<DuressAction>,
    pub label: String,
    /// For a duress slot with the seal action: the age recipient to seal to.
    pub recipient: Option<String>,
    pub dek: DataKey,
}

/// The result of a successful unlock.
#[derive(Debug)]
pub struct Unlocked {
    pub slot: usize,
    pub content: SlotContent,
}

/// Header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub version: u16,
    pub params: KdfParams,
    pub pinned: bool,
    pub salt: [u8; 32],
    pub vault_id: [u8; 16],
}

/// The key-encryption key derived from a secret, ready to open or fill slots.
pub enum Kek {
    /// Argon2id(passphrase, header salt, header params).
    Passphrase(Key32),
    /// A recovery key: used directly through HKDF (it has 160 bits of entropy and must not
    /// depend on the salt, which changes when a passphrase changes).
    Recovery(Key32),
}

/// What re-encrypts one slot without the secret that opens it: the slot's own AEAD key and
/// which associated data it binds. Kept (inside the encrypted database, see
/// `Vault::change_keyfile`) so that every key-file rewrite can give every slot in use a fresh
/// nonce — the duress slot included — and so no slot stays byte-identical across rewrites.
#[derive(Clone)]
pub struct SlotKey {
    /// Whether the slot binds the whole header (a passphrase or duress slot) or only the
    /// version and vault id (a recovery slot).
    passphrase: bool,
    key: Key32,
}

impl SlotKey {
    /// The stored form: 1 byte (1 passphrase, 2 recovery) then the 32-byte key.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut v = Zeroizing::new(Vec::with_capacity(33));
        v.push(if self.passphrase { 1 } else { 2 });
        v.extend_from_slice(&self.key[..]);
        v
    }

    pub fn from_bytes(b: &[u8]) -> Option<SlotKey> {
        if b.len() != 33 || !(b[0] == 1 || b[0] == 2) {
            return None;
        }
        let mut key = new_key32();
        key.copy_from_slice(&b[1..]);
        Some(SlotKey {
            passphrase: b[0] == 1,
            key,
        })
    }
}

/// An in-memory key file.
#[derive(Clone)]
pub struct KeyFile {
    bytes: Box<[u8; KEYFILE_LEN]>,
    /// Slot keys learnt in this process (slots written, or the slot that unlocked): never
    /// written to the key file.
    learned: Vec<(usize, SlotKey)>,
}

impl std::fmt::Debug for KeyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyFile")
            .field("header", &self.header())
            .finish()
    }
}

impl KeyFile {
    /// A new key file with a fresh salt and every slot random.
    pub fn new(params: KdfParams, pinned: bool, vault_id: [u8; 16]) -> KeyFile {
        let mut bytes = Box::new([0u8; KEYFILE_LEN]);
        random_bytes(&mut bytes[HEADER_LEN..]);
        let mut kf = KeyFile {
            bytes,
            learned: vec![],
        };
        kf.write_header(&Header {
            version: FORMAT_VERSION,
            params,
            pinned,
            salt: random_array(),
            vault_id,
        });
        kf
    }

    /// Parse and check a key file. Checks the length, the checksum, the version and the
    /// KDF parameters (floor and ceiling) — all before any KDF work.
    pub fn parse(data: &[u8]) -> Result<KeyFile, KeyFileError> {
        if data.len() != KEYFILE_LEN {
            return Err(KeyFileError::Damaged(KeyFileDamage::Size));
        }
        let mut bytes = Box::new([0u8; KEYFILE_LEN]);
        bytes.copy_from_slice(data);
        let kf = KeyFile {
            bytes,
            learned: vec![],
        };
        if kf.checksum() != kf.bytes[AD_LEN..HEADER_LEN] {
            return Err(KeyFileError::Damaged(KeyFileDamage::Checksum));
        }
        let h = kf.header();
        if h.version != FORMAT_VERSION {
            return Err(KeyFileError::UnsupportedVersion(h.version));
        }
        if u16le(&kf.bytes[2..]) as usize != N_SLOTS || u16le(&kf.bytes[4..]) as usize != SLOT_LEN {
            return Err(KeyFileError::Damaged(KeyFileDamage::Geometry));
        }
        h.params.validate().map_err(KeyFileError::BadParams)?;
        Ok(kf)
    }

    pub fn to_bytes(&self) -> &[u8] {
        &self.bytes[..]
    }

    pub fn header(&self) -> Header {
        let b = &self.bytes;
        let mut salt = [0u8; 32];
        salt.copy_from_slice(&b[24..56]);
        let mut vault_id = [0u8; 16];
        vault_id.copy_from_slice(&b[56..72]);
        Header {
            version: u16le(&b[0..]),
            params: KdfParams {
                m_kib: u32le(&b[8..]),
                t: u32le(&b[12..]),
                p: u32le(&b[16..]),
            },
            pinned: u32le(&b[20..]) & 1 == 1,
            salt,
            vault_id,
        }
    }

    /// Replace the header (new salt and/or parameters). Every passphrase-derived slot is
    /// invalidated by this (its associated data changes); recovery and sealed slots are not.
    pub fn write_header(&mut self, h: &Header) {
        let b = &mut self.bytes;
        b[0..2].copy_from_slice(&h.version.to_le_bytes());
        b[2..4].copy_from_slice(&(N_SLOTS as u16).to_le_bytes());
        b[4..6].copy_from_slice(&(SLOT_LEN as u16).to_le_bytes());
        b[6..8].fill(0);
        b[8..12].copy_from_slice(&h.params.m_kib.to_le_bytes());
        b[12..16].copy_from_slice(&h.params.t.to_le_bytes());
        b[16..20].copy_from_slice(&h.params.p.to_le_bytes());
        b[20..24].copy_from_slice(&(h.pinned as u32).to_le_bytes());
        b[24..56].copy_from_slice(&h.salt);
        b[56..72].copy_from_slice(&h.vault_id);
        b[72..96].fill(0);
        self.seal_checksum();
    }

    fn checksum(&self) -> [u8; 32] {
        let mut v = Vec::with_capacity(KEYFILE_LEN);
        v.extend_from_slice(&self.bytes[..AD_LEN]);
        v.extend_from_slice(&self.bytes[HEADER_LEN..]);
        sha256(&v)
    }

    fn seal_checksum(&mut self) {
        let c = self.checksum();
        self.bytes[AD_LEN..HEADER_LEN].copy_from_slice(&c);
    }

    fn slot(&self, i: usize) -> &[u8] {
        &self.bytes[HEADER_LEN + i * SLOT_LEN..HEADER_LEN + (i + 1) * SLOT_LEN]
    }

    fn slot_mut(&mut self, i: usize) -> &mut [u8] {
        &mut self.bytes[HEADER_LEN + i * SLOT_LEN..HEADER_LEN + (i + 1) * SLOT_LEN]
    }

    /// Derive the KEK for a passphrase: one Argon2id run with the header's parameters.
    pub fn passphrase_kek(&self, secret: &Secret) -> Result<Kek, KeyFileError> {
        let h = self.header();
        h.params.validate().map_err(KeyFileError::BadParams)?;
        let k = kdf::derive(secret.expose(), &h.salt, &h.params).map_err(KeyFileError::Kdf)?;
        Ok(Kek::Passphrase(k))
    }

    /// Associated data for slot `i`: passphrase slots bind the whole header (version,
    /// parameters, salt, vault id); recovery slots bind version and vault id only.
    fn ad(&self, kek: &Kek, i: usize) -> Vec<u8> {
        self.ad_for(matches!(kek, Kek::Passphrase(_)), i)
    }

    fn ad_for(&self, passphrase: bool, i: usize) -> Vec<u8> {
        let mut ad = Vec::with_capacity(AD_LEN + 1);
        if passphrase {
            ad.extend_from_slice(&self.bytes[..AD_LEN]);
        } else {
            ad.extend_from_slice(&self.bytes[0..2]);
            ad.extend_from_slice(&self.bytes[56..72]);
        }
        ad.push(i as u8);
        ad
    }

    fn slot_cipher(&self, kek: &Kek, i: usize) -> XChaCha20Poly1305 {
        let k = self.slot_key(kek, i);
        XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&k.key[..]))
    }

    /// The AEAD key of slot `i` under `kek` (see [`SlotKey`]).
    pub fn slot_key(&self, kek: &Kek, i: usize) -> SlotKey {
        let (ikm, info, passphrase): (&[u8], &[u8], bool) = match kek {
            Kek::Passphrase(k) => (&k[..], b"sandyk/v1/slot/passphrase", true),
            Kek::Recovery(k) => (&k[..], b"sandyk/v1/slot/recovery", false),
        };
        let hk = Hkdf::<Sha256>::new(Some(&self.bytes[56..72]), ikm);
        let mut key = new_key32();
        let mut full_info = info.to_vec();
        full_info.push(i as u8);
        hk.expand(&full_info, &mut key[..])
            .expect("32 bytes is a valid HKDF output length");
        SlotKey { passphrase, key }
    }

    /// Remember the key of slot `i` under `kek` (the slot that unlocked).
    pub fn learn(&mut self, kek: &Kek, i: usize) {
        let k = self.slot_key(kek, i);
        self.learned.retain(|(j, _)| *j != i);
        self.learned.push((i, k));
    }

    /// Take over the slot keys another copy of this key file learnt (slots it did not write
    /// since are re-checked when used: a key that no longer opens its slot is ignored).
    pub fn adopt_learned(&mut self, other: &KeyFile) {
        for (i, k) in &other.learned {
            if !self.learned.iter().any(|(j, _)| j == i) {
                self.learned.push((*i, k.clone()));
            }
        }
    }

    /// The slot keys learnt in this process.
    pub fn learned(&self) -> &[(usize, SlotKey)] {
        &self.learned
    }

    /// Give slot `i` a fresh nonce (so every one of its bytes changes), if `key` opens it.
    /// Returns whether it did; a slot that `key` does not open is left exactly as it is.
    pub fn reseal_slot(&mut self, i: usize, key: &SlotKey) -> bool {
        let cipher = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&key.key[..]));
        let ad = self.ad_for(key.passphrase, i);
        let s = self.slot(i);
        let Ok(pt) = cipher.decrypt(
            XNonce::from_slice(&s[..NONCE_LEN]),
            Payload {
                msg: &s[NONCE_LEN..],
                aad: &ad,
            },
        ) else {
            return false;
        };
        let pt = Zeroizing::new(pt);
        let nonce: [u8; NONCE_LEN] = random_array();
        let ct = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: &pt, aad: &ad })
            .expect("encryption of a fixed-size buffer cannot fail");
        let s = self.slot_mut(i);
        s[..NONCE_LEN].copy_from_slice(&nonce);
        s[NONCE_LEN..].copy_from_slice(&ct);
        self.seal_checksum();
        true
    }

    /// What every key-file rewrite does last, so that two images of the key file show
    /// neither which slots are in use nor how many: every slot not in `keep` is filled with
    /// fresh random bytes, and every slot in `keep` whose key is known (learnt by this key
    /// file, else in `keys`) gets a fresh nonce. (A slot in `keep` with no key — a sealed
    /// slot, a slot of a vault written before slot keys were kept — is left as it is.)
    pub fn refresh(&mut self, keep: &[usize], keys: &[(usize, SlotKey)]) {
        for i in 0..N_SLOTS {
            if !keep.contains(&i) {
                self.clear_slot(i);
                continue;
            }
            let candidates: Vec<SlotKey> = self
                .learned
                .iter()
                .chain(keys)
                .filter(|(j, _)| *j == i)
                .map(|(_, k)| k.clone())
                .collect();
            for k in candidates {
                if self.reseal_slot(i, &k) {
                    break;
                }
            }
        }
    }

    /// Try every slot with this KEK; the first that opens wins.
    pub fn open_with(&self, kek: &Kek) -> Option<Unlocked> {
        for i in 0..N_SLOTS {
            if let Some(content) = self.try_slot(kek, i) {
                return Some(Unlocked { slot: i, content });
            }
        }
        None
    }

    fn try_slot(&self, kek: &Kek, i: usize) -> Option<SlotContent> {
        let s = self.slot(i);
        let cipher = self.slot_cipher(kek, i);
        let ad = self.ad(kek, i);
        let pt = Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(&s[..NONCE_LEN]),
                    Payload {
                        msg: &s[NONCE_LEN..],
                        aad: &ad,
                    },
                )
                .ok()?,
        );
        decode_payload(&pt)
    }

    /// Unlock with a passphrase or a recovery key. Recovery-key-shaped input is tried as a
    /// recovery key first (no KDF); then one Argon2id run tries every slot.
    pub fn unlock(&self, secret: &Secret) -> Result<Unlocked, KeyFileError> {
        self.unlock_with_kek(secret).map(|(u, _)| u)
    }

    /// `unlock`, also returning the KEK that opened the slot (the duress action re-uses it
    /// to key an empty vault for the same passphrase without a second Argon2id run).
    pub fn unlock_with_kek(&self, secret: &Secret) -> Result<(Unlocked, Kek), KeyFileError> {
        if let Some(rk) = secret.as_str().and_then(parse_recovery_key) {
            let kek = recovery_kek(&rk);
            if let Some(u) = self.open_with(&kek) {
                return Ok((u, kek));
            }
        }
        let kek = self.passphrase_kek(secret)?;
        match self.open_with(&kek) {
            Some(u) => Ok((u, kek)),
            None => Err(KeyFileError::WrongPassphrase),
        }
    }

    /// Fill slot `i` with the data key under `kek`. (Every argument is one payload field.)
    #[allow(clippy::too_many_arguments)]
    pub fn write_slot(
        &mut self,
        i: usize,
        kek: &Kek,
        kind: SlotKind,
        action: Option<DuressAction>,
        label: &str,
        recipient: Option<&str>,
        dek: &DataKey,
    ) -> Result<(), KeyFileError> {
        let label = label.as_bytes();
        let recipient = recipient.unwrap_or("").as_bytes();
        if label.len() > LABEL_MAX || recipient.len() > RECIPIENT_MAX {
            return Err(KeyFileError::TooLong);
        }
        let mut p = Zeroizing::new(vec![0u8; PAYLOAD_LEN]);
        random_bytes(&mut p[..]);
        p[0] = kind as u8;
        p[1] = action.map(|a| a as u8).unwrap_or(0);
        p[2] = label.len() as u8;
        p[3] = 0;
        p[4..36].copy_from_slice(dek.expose());
        p[36..100].fill(0);
        p[36..36 + label.len()].copy_from_slice(label);
        p[100..102].copy_from_slice(&(recipient.len() as u16).to_le_bytes());
        p[102..102 + recipient.len()].copy_from_slice(recipient);
        let nonce: [u8; NONCE_LEN] = random_array();
        let cipher = self.slot_cipher(kek, i);
        let ad = self.ad(kek, i);
        self.learn(kek, i);
        let ct = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &p[..],
                    aad: &ad,
                },
            )
            .expect("encryption of a fixed-size buffer cannot fail");
        let s = self.slot_mut(i);
        s[..NONCE_LEN].copy_from_slice(&nonce);
        s[NONCE_LEN..].copy_from_slice(&ct);
        self.seal_checksum();
        Ok(())
    }

    /// Overwrite slot `i` with fresh random bytes.
    pub fn clear_slot(&mut self, i: usize) {
        self.learned.retain(|(j, _)| *j != i);
        random_bytes(self.slot_mut(i));
        self.seal_checksum();
    }

    /// Put an age ciphertext of the data key into slot `i` (seal).
    pub fn write_sealed_slot(&mut self, i: usize, age_ct: &[u8]) -> Result<(), KeyFileError> {
        if age_ct.len() > SEALED_MAX {
            return Err(KeyFileError::TooLong);
        }
        let s = self.slot_mut(i);
        random_bytes(s);
        s[..2].copy_from_slice(&(age_ct.len() as u16).to_le_bytes());
        s[2..2 + age_ct.len()].copy_from_slice(age_ct);
        self.seal_checksum();
        Ok(())
    }

    /// Put a hidden sealed slot into slot `i`: `age_ct` (an age ciphertext of the data key)
    /// in an XChaCha20-Poly1305 box under `key` (see [`hidden_key`]). The slot is
    /// indistinguishable from random to anyone without the key.
    pub fn write_hidden_sealed_slot(
        &mut self,
        i: usize,
        key: &[u8; 32],
        age_ct: &[u8],
    ) -> Result<(), KeyFileError> {
        if age_ct.len() > HIDDEN_MAX {
            return Err(KeyFileError::TooLong);
        }
        let mut p = Zeroizing::new(vec![0u8; PAYLOAD_LEN]);
        random_bytes(&mut p);
        p[..2].copy_from_slice(&(age_ct.len() as u16).to_le_bytes());
        p[2..2 + age_ct.len()].copy_from_slice(age_ct);
        let nonce: [u8; NONCE_LEN] = random_array();
        let ad = hidden_ad(&self.header().vault_id, i);
        let ct = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(key))
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: &p, aad: &ad })
            .expect("encryption of a fixed-size buffer cannot fail");
        let s = self.slot_mut(i);
        s[..NONCE_LEN].copy_from_slice(&nonce);
        s[NONCE_LEN..].copy_from_slice(&ct);
        self.seal_checksum();
        Ok(())
    }

    /// The age ciphertext in slot `i` if it is a hidden sealed slot under `key`.
    pub fn open_hidden_sealed_slot(&self, i: usize, key: &[u8; 32]) -> Option<Vec<u8>> {
        let s = self.slot(i);
        let ad = hidden_ad(&self.header().vault_id, i);
        let p = Zeroizing::new(
            XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(key))
                .decrypt(
                    XNonce::from_slice(&s[..NONCE_LEN]),
                    Payload {
                        msg: &s[NONCE_LEN..],
                        aad: &ad,
                    },
                )
                .ok()?,
        );
        let len = u16le(&p[..]) as usize;
        (len <= HIDDEN_MAX).then(|| p[2..2 + len].to_vec())
    }

    /// The hidden sealed slots under `key`, with their age ciphertexts.
    pub fn hidden_sealed_slots(&self, key: &[u8; 32]) -> Vec<(usize, Vec<u8>)> {
        (0..N_SLOTS)
            .filter_map(|i| self.open_hidden_sealed_slot(i, key).map(|ct| (i, ct)))
            .collect()
    }

    /// The age ciphertexts found in sealed slots, with their slot numbers.
    pub fn sealed_slots(&self) -> Vec<(usize, Vec<u8>)> {
        (0..N_SLOTS)
            .filter_map(|i| {
                let s = self.slot(i);
                let len = u16le(s) as usize;
                (len <= SEALED_MAX && s[2..].starts_with(AGE_MAGIC))
                    .then(|| (i, s[2..2 + len].to_vec()))
            })
            .collect()
    }
}

// ---- hidden sealed slots (the duress "seal" action; see `emergency::seal`) ----

/// Longest age ciphertext a hidden sealed slot holds.
pub const HIDDEN_MAX: usize = PAYLOAD_LEN - 2;

/// The key of a hidden sealed slot: known to whoever knows the lawyer's public key
/// (`canonical`, the recipient's canonical text).
pub fn hidden_key(canonical: &str, vault_id: &[u8; 16]) -> Key32 {
    let mut k = new_key32();
    Hkdf::<Sha256>::new(Some(vault_id), canonical.as_bytes())
        .expand(b"sandyk/v1/hidden-seal", &mut k[..])
        .expect("valid length");
    k
}

fn hidden_ad(vault_id: &[u8; 16], i: usize) -> Vec<u8> {
    let mut ad = b"sandyk/v1/hidden-seal".to_vec();
    ad.extend_from_slice(vault_id);
    ad.push(i as u8);
    ad
}

// ---- the duress slot's seal payload (its recipient field) ----

/// Prefix of the seal payload in a duress slot's recipient field.
const DURESS_FIELD_PREFIX: &str = "hs1:";
/// Longest age ciphertext that fits a duress slot's seal payload with its 32-byte key,
/// base64-encoded.
pub const DURESS_CT_MAX: usize = (RECIPIENT_MAX - DURESS_FIELD_PREFIX.len()) / 4 * 3 - 32;

/// What a duress slot with the "seal" action carries in its recipient field: the key of the
/// hidden sealed slot to write and the age ciphertext to put in it. Text form:
/// `hs1:` + base64(key || ciphertext).
pub struct DuressSeal {
    pub key: Key32,
    pub age_ct: Vec<u8>,
}

impl DuressSeal {
    /// The recipient-field text.
    pub fn encode(&self) -> Result<String, KeyFileError> {
        use base64::Engine;
        if self.age_ct.len() > DURESS_CT_MAX {
            return Err(KeyFileError::TooLong);
        }
        let mut b = Zeroizing::new(Vec::with_capacity(32 + self.age_ct.len()));
        b.extend_from_slice(&self.key[..]);
        b.extend_from_slice(&self.age_ct);
        Ok(format!(
            "{DURESS_FIELD_PREFIX}{}",
            base64::engine::general_purpose::STANDARD.encode(&b[..])
        ))
    }

    /// Parse a recipient field (None: not a seal payload).
    pub fn decode(s: &str) -> Option<DuressSeal> {
        use base64::Engine;
        let b = Zeroizing::new(
            base64::engine::general_purpose::STANDARD
                .decode(s.strip_prefix(DURESS_FIELD_PREFIX)?)
                .ok()?,
        );
        if b.len() <= 32 {
            return None;
        }
        let mut key = new_key32();
        key.copy_from_slice(&b[..32]);
        Some(DuressSeal {
            key,
            age_ct: b[32..].to_vec(),
        })
    }
}

// ---- the duress slot's destroy payload (its recipient field) ----

/// Prefix of the destroy payload in a duress slot's recipient field: the real vault's
/// creation time, copied into the empty vault a duress "destroy" leaves behind so that
/// nothing in it dates the moment the duress passphrase was typed.
const DURESS_CREATED_PREFIX: &str = "c1:";

/// The recipient-field text of a "destroy" duress slot carrying the vault's creation time
/// (as stored in the database's `created`).
pub fn encode_duress_created(created: &str) -> String {
    format!("{DURESS_CREATED_PREFIX}{created}")
}

/// The creation time a "destroy" duress slot's recipient field carries, if any.
pub fn decode_duress_created(field: &str) -> Option<&str> {
    field
        .strip_prefix(DURESS_CREATED_PREFIX)
        .filter(|c| !c.is_empty())
}

/// A uniformly random slot index not in `taken` (None: every slot is taken).
pub fn random_free_slot(taken: &[usize]) -> Option<usize> {
    let free: Vec<usize> = (0..N_SLOTS).filter(|i| !taken.contains(i)).collect();
    crate::crypto::random_choice(&free)
}

fn decode_payload(p: &[u8]) -> Option<SlotContent> {
    let kind = match p[0] {
        1 => SlotKind::Passphrase,
        2 => SlotKind::Recovery,
        3 => SlotKind::Duress,
        _ => return None,
    };
    let action = match p[1] {
        1 => Some(DuressAction::Destroy),
        2 => Some(DuressAction::Seal),
        _ => None,
    };
    let llen = (p[2] as usize).min(LABEL_MAX);
    let label = String::from_utf8_lossy(&p[36..36 + llen]).into_owned();
    let rlen = u16le(&p[100..]) as usize;
    let recipient = if rlen > 0 && rlen <= RECIPIENT_MAX {
        Some(String::from_utf8_lossy(&p[102..102 + rlen]).into_owned())
    } else {
        None
    };
    Some(SlotContent {
        kind,
        action,
        label,
        recipient,
        dek: DataKey::from_slice(&p[4..36])?,
    })
}

/// The KEK for a recovery key.
pub fn recovery_kek(rk: &[u8; RECOVERY_BYTES]) -> Kek {
    let mut k = new_key32();
    Hkdf::<Sha256>::new(None, rk)
        .expand(b"sandyk/v1/recovery", &mut k[..])
        .expect("valid length");
    Kek::Recovery(k)
}

/// A new recovery key: its bytes and its printable form.
pub fn generate_recovery_key() -> (Zeroizing<[u8; RECOVERY_BYTES]>, Zeroizing<String>) {
    let mut rk = Zeroizing::new([0u8; RECOVERY_BYTES]);
    random_bytes(&mut rk[..]);
    let mut enc = Zeroizing::new(crockford().encode(&rk[..]));
    let mut out = Zeroizing::new(String::with_capacity(40));
    for (i, c) in enc.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    enc.zeroize();
    (rk, out)
}

/// Parse a printed recovery key (dashes and spaces ignored, case-insensitive, Crockford's
/// O→0 and I/L→1 substitutions accepted).
pub fn parse_recovery_key(s: &str) -> Option<Zeroizing<[u8; RECOVERY_BYTES]>> {
    // Sized once: a 33rd significant character means "not a recovery key" (a long word
    // passphrase is tried here on every unlock), so the buffer never grows and leaves no
    // freed partial copy behind.
    let mut clean = Zeroizing::new(String::with_capacity(33));
    for c in s.chars() {
        if clean.len() > 32 {
            return None;
        }
        match c {
            '-' | ' ' => {}
            'o' | 'O' => clean.push('0'),
            'i' | 'I' | 'l' | 'L' => clean.push('1'),
            c if c.is_ascii_alphanumeric() => clean.push(c.to_ascii_uppercase()),
            _ => return None,
        }
    }
    if clean.len() != 32 {
        return None;
    }
    let v = Zeroizing::new(crockford().decode(clean.as_bytes()).ok()?);
    let mut out = Zeroizing::new([0u8; RECOVERY_BYTES]);
    out.copy_from_slice(v.get(..RECOVERY_BYTES)?);
    Some(out)
}

fn crockford() -> data_encoding::Encoding {
    let mut spec = data_encoding::Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.encoding().expect("valid base32 specification")
}

fn u16le(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}
fn u32le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::kdf::{FLOOR_M_KIB, FLOOR_T};

    fn params() -> KdfParams {
        KdfParams {
            m_kib: FLOOR_M_KIB,
            t: FLOOR_T,
            p: 1,
        }
    }

    fn new_with(pass: &str) -> (KeyFile, DataKey) {
        let dek = DataKey::generate();
        let mut kf = KeyFile::new(params(), false, [7; 16]);
        let kek = kf.passphrase_kek(&Secret::from_str(pass)).unwrap();
        kf.write_slot(3, &kek, SlotKind::Passphrase, None, "main", None, &dek)
            .unwrap();
        (kf, dek)
    }

    #[test]
    fn round_trip_and_wrong_passphrase() {
        let (kf, dek) = new_with("Токтогул ңөү correct horse");
        let kf = KeyFile::parse(kf.to_bytes()).unwrap();
        let u = kf
            .unlock(&Secret::from_str("Токтогул ңөү correct horse"))
            .unwrap();
        assert_eq!(u.slot, 3);
        assert_eq!(u.content.kind, SlotKind::Passphrase);
        assert_eq!(u.content.label, "main");
        assert_eq!(u.content.dek.expose(), dek.expose());
        assert_eq!(
            kf.unlock(&Secret::from_str("wrong")).unwrap_err(),
            KeyFileError::WrongPassphrase
        );
    }

    #[test]
    fn any_flipped_bit_is_damage_not_wrong_passphrase() {
        let (kf, _) = new_with("pass");
        for pos in [
            0usize,
            9,
            30,
            60,
            100,
            127,
            200,
            HEADER_LEN + 3 * SLOT_LEN + 500,
            KEYFILE_LEN - 1,
        ] {
            let mut b = kf.to_bytes().to_vec();
            b[pos] ^= 0x10;
            assert!(
                matches!(KeyFile::parse(&b), Err(KeyFileError::Damaged(_))),
                "flip at {pos} not detected"
            );
        }
        assert!(matches!(
            KeyFile::parse(&kf.to_bytes()[..100]),
            Err(KeyFileError::Damaged(_))
        ));
    }

    #[test]
    fn downgraded_params_with_fixed_checksum_are_refused_before_kdf() {
        let (kf, _) = new_with("pass");
        let mut h = kf.header();
        h.params.m_kib = 8;
        let mut bad = kf.clone();
        bad.write_header(&h);
        assert!(matches!(
            KeyFile::parse(bad.to_bytes()),
            Err(KeyFileError::BadParams(_))
        ));
        h.params.m_kib = u32::MAX;
        bad.write_header(&h);
        assert!(matches!(
            KeyFile::parse(bad.to_bytes()),
            Err(KeyFileError::BadParams(_))
        ));
    }

    #[test]
    fn header_change_invalidates_passphrase_slots_but_not_recovery() {
        let (mut kf, dek) = new_with("pass");
        let (rk, printed) = generate_recovery_key();
        kf.write_slot(
            5,
            &recovery_kek(&rk),
            SlotKind::Recovery,
            None,
            "recovery",
            None,
            &dek,
        )
        .unwrap();
        let mut h = kf.header();
        h.salt = random_array();
        kf.write_header(&h);
        assert!(kf.unlock(&Secret::from_str("pass")).is_err());
        let u = kf
            .unlock(&Secret::from_str(&printed.to_lowercase()))
            .unwrap();
        assert_eq!(u.slot, 5);
        assert_eq!(u.content.kind, SlotKind::Recovery);
        assert_eq!(u.content.dek.expose(), dek.expose());
    }

    #[test]
    fn duress_slot_carries_action_and_recipient() {
        let (mut kf, dek) = new_with("pass");
        let kek = kf.passphrase_kek(&Secret::from_str("duress")).unwrap();
        kf.write_slot(
            0,
            &kek,
            SlotKind::Duress,
            Some(DuressAction::Seal),
            "d",
            Some("age1xyz"),
            &dek,
        )
        .unwrap();
        let u = kf.unlock(&Secret::from_str("duress")).unwrap();
        assert_eq!(u.content.kind, SlotKind::Duress);
        assert_eq!(u.content.action, Some(DuressAction::Seal));
        assert_eq!(u.content.recipient.as_deref(), Some("age1xyz"));
    }

    #[test]
    fn slot_kind_labels_round_trip() {
        for k in [SlotKind::Passphrase, SlotKind::Recovery, SlotKind::Duress] {
            assert_eq!(SlotKind::from_label(k.label()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.label())
            );
            assert_eq!(k.to_string(), k.label());
        }
        assert_eq!(SlotKind::from_label("Passphrase"), None);
    }

    #[test]
    fn hidden_slot_round_trip_and_looks_random() {
        let mut kf = KeyFile::new(params(), true, [9; 16]);
        let key = hidden_key("age1example", &[9; 16]);
        kf.write_hidden_sealed_slot(5, &key, b"age-encryption.org/v1\nfake")
            .unwrap();
        assert!(!kf.to_bytes().windows(4).any(|w| w == b"age-"));
        assert!(kf.sealed_slots().is_empty());
        assert_eq!(
            kf.open_hidden_sealed_slot(5, &key).unwrap(),
            b"age-encryption.org/v1\nfake"
        );
        assert!(kf.open_hidden_sealed_slot(4, &key).is_none());
        assert!(kf
            .open_hidden_sealed_slot(5, &hidden_key("age1other", &[9; 16]))
            .is_none());
        assert_eq!(kf.hidden_sealed_slots(&key).len(), 1);
        assert_eq!(
            kf.write_hidden_sealed_slot(1, &key, &[0; HIDDEN_MAX + 1]),
            Err(KeyFileError::TooLong)
        );
    }

    #[test]
    fn duress_field_round_trip_and_budget() {
        let mut key = new_key32();
        key.fill(1);
        let f = DuressSeal {
            key,
            age_ct: vec![7u8; DURESS_CT_MAX],
        }
        .encode()
        .unwrap();
        assert!(f.len() <= RECIPIENT_MAX, "{} > {RECIPIENT_MAX}", f.len());
        let d = DuressSeal::decode(&f).unwrap();
        assert_eq!(d.key[..], [1; 32]);
        assert_eq!(d.age_ct, vec![7u8; DURESS_CT_MAX]);
        assert!(DuressSeal::decode("age1abc").is_none());
        assert!(DuressSeal {
            key: new_key32(),
            age_ct: vec![0; DURESS_CT_MAX + 1]
        }
        .encode()
        .is_err());
    }

    #[test]
    fn random_free_slot_avoids_taken() {
        for _ in 0..200 {
            let s = random_free_slot(&[0, 2, 3]).unwrap();
            assert!(s < N_SLOTS && ![0, 2, 3].contains(&s));
        }
        assert_eq!(random_free_slot(&[0, 1, 2, 3, 4, 5, 6]), Some(7));
        assert_eq!(random_free_slot(&(0..N_SLOTS).collect::<Vec<_>>()), None);
    }

    #[test]
    fn refresh_changes_every_slot_and_keeps_what_is_in_use() {
        let (kf, dek) = new_with("pass");
        // A slot written by someone else (its key learnt only from the outside).
        let duress_kek = kf.passphrase_kek(&Secret::from_str("duress")).unwrap();
        let mut other = kf.clone();
        other
            .write_slot(6, &duress_kek, SlotKind::Duress, None, "main", None, &dek)
            .unwrap();
        let key6 = other.slot_key(&duress_kek, 6);
        let stored = SlotKey::from_bytes(&key6.to_bytes()).unwrap();
        let mut kf = KeyFile::parse(other.to_bytes()).unwrap();
        assert!(kf.learned().is_empty());
        let main_kek = kf.passphrase_kek(&Secret::from_str("pass")).unwrap();
        kf.learn(&main_kek, 3);
        let before = kf.to_bytes().to_vec();
        kf.refresh(&[3, 6], &[(6, stored)]);
        for i in 0..N_SLOTS {
            let r = HEADER_LEN + i * SLOT_LEN..HEADER_LEN + (i + 1) * SLOT_LEN;
            let same = before[r.clone()]
                .iter()
                .zip(&kf.to_bytes()[r])
                .filter(|(a, b)| a == b)
                .count();
            // Fresh random bytes or a fresh nonce: about 1/256 of the bytes coincide.
            assert!(same < 40, "slot {i}: {same} bytes unchanged");
        }
        assert_eq!(before[..AD_LEN], kf.to_bytes()[..AD_LEN]);
        let kf = KeyFile::parse(kf.to_bytes()).unwrap();
        assert_eq!(kf.unlock(&Secret::from_str("pass")).unwrap().slot, 3);
        let u = kf.unlock(&Secret::from_str("duress")).unwrap();
        assert_eq!((u.slot, u.content.kind), (6, SlotKind::Duress));
        // A key that does not open its slot changes nothing.
        let mut kf2 = kf.clone();
        assert!(!kf2.reseal_slot(5, &kf.slot_key(&main_kek, 5)));
        assert_eq!(kf2.to_bytes(), kf.to_bytes());
    }

    #[test]
    fn recovery_key_parse() {
        let (rk, printed) = generate_recovery_key();
        assert_eq!(printed.len(), 39);
        assert_eq!(&parse_recovery_key(&printed).unwrap()[..], &rk[..]);
        assert!(parse_recovery_key("correct horse battery staple").is_none());
    }
}
