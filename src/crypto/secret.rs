//! Secret types: zeroized on drop, boxed so they are not copied around the stack, and
//! redacted in `Debug` so they can never reach a log line or a panic message.

use std::fmt;
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

use super::memory::{LockedArray, LockedBytes};

/// A secret the user typed: a passphrase, a duress passphrase or a recovery key.
///
/// Stored as Unicode NFC so that the same passphrase typed on two keyboards (precomposed
/// or combining characters) opens the vault. The bytes live in locked, non-dumpable pages of
/// their own ([`LockedBytes`]), sized once and wiped on drop.
pub struct Secret(LockedBytes);

impl Secret {
    /// Take the bytes the user typed. Invalid UTF-8 is kept as raw bytes (no normalisation);
    /// valid UTF-8 is normalised to NFC.
    pub fn from_bytes(bytes: Zeroizing<Vec<u8>>) -> Secret {
        Secret::from_slice(&bytes)
    }

    /// As [`Secret::from_bytes`], from a borrowed buffer (the caller wipes its own copy).
    pub fn from_slice(bytes: &[u8]) -> Secret {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                // Two passes: the exact length first, so the locked buffer is sized once.
                let len: usize = s.nfc().map(char::len_utf8).sum();
                let mut out = LockedBytes::with_capacity(len);
                for c in s.nfc() {
                    let mut b = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut b).as_bytes())
                        .expect("sized by the first pass");
                    b.zeroize();
                }
                Secret(out)
            }
            Err(_) => Secret(LockedBytes::from_slice(bytes)),
        }
    }

    /// Infallible, unlike `FromStr`, and the argument is not kept.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(s: &str) -> Secret {
        Secret::from_slice(s.as_bytes())
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret as text, if it is valid UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// Constant-time equality, for confirmation prompts.
    pub fn ct_eq(&self, other: &Secret) -> bool {
        let (a, b) = (self.expose(), other.expose());
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

/// The vault's 256-bit data key (keys the SQLCipher database), in locked, non-dumpable pages
/// of its own ([`LockedArray`]); wiped on drop.
#[derive(Clone)]
pub struct DataKey(LockedArray<32>);

impl DataKey {
    pub fn generate() -> DataKey {
        let mut k = LockedArray::zeroed();
        super::random_bytes(&mut k[..]);
        DataKey(k)
    }

    pub fn from_slice(b: &[u8]) -> Option<DataKey> {
        if b.len() != 32 {
            return None;
        }
        let mut k = LockedArray::zeroed();
        k.copy_from_slice(b);
        Some(DataKey(k))
    }

    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// SQLCipher raw-key form: `x'<64 hex digits>'`, in a zeroizing buffer.
    pub fn sqlcipher_key(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(67));
        s.push_str("x'");
        for b in self.0.iter() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
        s.push('\'');
        s
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey([REDACTED])")
    }
}

/// A 256-bit symmetric key (KEK, slot key): locked, non-dumpable pages of its own, wiped on
/// drop. Dereferences to `[u8; 32]`.
pub type Key32 = LockedArray<32>;

/// A zeroed [`Key32`].
pub fn new_key32() -> Key32 {
    LockedArray::zeroed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_normalises_so_both_keyboards_match() {
        let composed = Secret::from_str("Төрө\u{00e9}");
        let decomposed = Secret::from_str("Төрөe\u{0301}");
        assert!(composed.ct_eq(&decomposed));
        assert!(!composed.ct_eq(&Secret::from_str("Төрөe")));
    }

    #[test]
    fn debug_is_redacted() {
        let s = Secret::from_str("canary-passphrase");
        assert!(!format!("{s:?}").contains("canary"));
        let k = DataKey::generate();
        assert!(!format!("{k:?}").contains(&hex::encode(k.expose())));
    }

    #[test]
    fn sqlcipher_key_form() {
        let k = DataKey::from_slice(&[0xab; 32]).unwrap();
        let s = k.sqlcipher_key();
        assert_eq!(s.len(), 67);
        assert!(s.starts_with("x'abab") && s.ends_with("ab'"));
    }
}
