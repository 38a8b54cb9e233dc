//! Who can open a bundle: [`crate::agekeys`] with the bundle's errors and limits.

use age::secrecy::SecretString;

use super::{limits, BundleError, Result};
use crate::agekeys::{self, KeyError};
pub use crate::agekeys::{fingerprint, generate, looks_like_recipient, Recipient, RecipientKind};

impl From<KeyError> for BundleError {
    fn from(e: KeyError) -> BundleError {
        match e {
            KeyError::Recipient(s) => BundleError::Recipient(s),
            KeyError::Identity(s) => BundleError::Identity(s),
            KeyError::IdentityPassphrase => BundleError::IdentityPassphrase,
        }
    }
}

/// Parse one recipient (see [`agekeys::parse_recipient`]).
pub fn parse(s: &str) -> Result<Recipient> {
    Ok(agekeys::parse_recipient(s)?)
}

/// Parse a recipients file, at most [`limits::RECIPIENTS`] recipients.
pub fn parse_file(text: &str) -> Result<Vec<Recipient>> {
    Ok(agekeys::parse_recipients_file(text, limits::RECIPIENTS)?)
}

/// Identities to decrypt a bundle with.
pub type Identities = Vec<Box<dyn age::Identity>>;

/// Read identities from the bytes of an identity file (see [`agekeys::load_identities`]).
pub fn load_identities(
    bytes: &[u8],
    ask: &mut dyn FnMut() -> Result<SecretString>,
) -> Result<Identities> {
    Ok(agekeys::load_identities(bytes, ask)?.identities)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_the_bundle_wording() {
        assert!(matches!(parse("Aigul"), Err(BundleError::Recipient(_))));
        assert!(matches!(
            load_identities(b"garbage", &mut || unreachable!()),
            Err(BundleError::Identity(_))
        ));
        assert!(matches!(
            BundleError::from(KeyError::IdentityPassphrase),
            BundleError::IdentityPassphrase
        ));
        let (_, r) = generate("now");
        let many = format!("{r}\n").repeat(limits::RECIPIENTS + 1);
        assert!(matches!(parse_file(&many), Err(BundleError::Recipient(_))));
    }
}
