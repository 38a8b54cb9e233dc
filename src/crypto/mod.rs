//! Cryptographic building blocks: secret types, randomness and the passphrase KDF.
//!
//! Nothing here touches files or the terminal.

pub mod kdf;
pub mod secret;

pub use kdf::KdfParams;
pub use secret::{DataKey, Secret};

/// Fill `buf` from the operating system's CSPRNG.
///
/// Panics only if the OS has no usable randomness source, in which case no key may be made.
pub fn random_bytes(buf: &mut [u8]) {
    getrandom::fill(buf).expect("the operating system's random number generator failed");
}

/// A fresh random array.
pub fn random_array<const N: usize>() -> [u8; N] {
    let mut a = [0u8; N];
    random_bytes(&mut a);
    a
}

/// SHA-256 of a byte string.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}
