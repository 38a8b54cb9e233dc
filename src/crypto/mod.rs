//! Cryptographic building blocks: secret types, randomness and the passphrase KDF.
//!
//! Nothing here touches files or the terminal.

pub mod kdf;
pub mod memory;
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

/// A uniformly random index in `0..n`, by rejection sampling (no modulo bias): a random
/// `u32` is drawn and redrawn while it falls in the incomplete last block of `n` values.
///
/// Panics if `n` is zero (there is no index to choose).
pub fn random_index(n: usize) -> usize {
    assert!(n > 0, "random_index of an empty range");
    let n32 = u32::try_from(n).expect("random_index range fits in u32");
    // The largest multiple of n that fits in 2^32; values at or above it are rejected.
    let zone = (1u64 << 32) - ((1u64 << 32) % u64::from(n32));
    loop {
        let v = u32::from_le_bytes(random_array());
        if u64::from(v) < zone {
            return (v % n32) as usize;
        }
    }
}

/// A uniformly random element of `items` (None when it is empty).
pub fn random_choice<T: Copy>(items: &[T]) -> Option<T> {
    (!items.is_empty()).then(|| items[random_index(items.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_index_is_in_range_and_unbiased() {
        const DRAWS: usize = 60_000;
        const BUCKETS: usize = 6;
        let mut count = [0usize; BUCKETS];
        for _ in 0..DRAWS {
            count[random_index(BUCKETS)] += 1;
        }
        // Expected 10,000 each; a standard deviation is about 91, so ±5% (500) is more than
        // five of them: a fair generator fails this about once in ten million runs.
        let expected = DRAWS / BUCKETS;
        for (i, c) in count.iter().enumerate() {
            assert!(
                c.abs_diff(expected) <= expected / 20,
                "bucket {i}: {c} of {DRAWS} (expected {expected} ± 5%): {count:?}"
            );
        }
        // The spread as a whole: a chi-square statistic with 5 degrees of freedom.
        let chi2: f64 = count
            .iter()
            .map(|&c| (c as f64 - expected as f64).powi(2) / expected as f64)
            .sum();
        // 5 degrees of freedom: P(chi2 > 30) is below 2e-5.
        assert!(chi2 < 30.0, "chi-square {chi2:.1}: {count:?}");
        assert_eq!(random_index(1), 0);
        assert_eq!(random_choice::<u8>(&[]), None);
        assert_eq!(random_choice(&[9]), Some(9));
    }
}
