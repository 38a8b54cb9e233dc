//! The vault's Ed25519 signing key and SSH signatures (SSHSIG) over the manifest, so that
//! `ssh-keygen -Y verify` checks them with no other software.

use ssh_key::private::{Ed25519Keypair, KeypairData};
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use zeroize::Zeroizing;

use super::{BundleError, Problem, Result, NAMESPACE, PRINCIPAL};
use crate::vault::db::Db;

/// The vault's signing key (from the 32-byte seed kept in the vault's `meta` table).
pub struct Signer {
    key: PrivateKey,
    pseudonym: String,
}

/// The HKDF info of the vault's bundle pseudonym.
const PSEUDONYM_INFO: &[u8] = b"sandyk bundle vault pseudonym v1";

impl Signer {
    pub fn from_seed(seed: &[u8]) -> Result<Signer> {
        let seed: Zeroizing<[u8; 32]> =
            Zeroizing::new(seed.try_into().map_err(|_| BundleError::NoSigningKey)?);
        let pair = Ed25519Keypair::from_seed(&seed);
        let key = PrivateKey::new(KeypairData::Ed25519(pair), "")
            .map_err(|_| BundleError::NoSigningKey)?;
        let mut p = [0u8; 16];
        hkdf::Hkdf::<sha2::Sha256>::new(None, &seed[..])
            .expand(PSEUDONYM_INFO, &mut p)
            .expect("16 bytes is a valid HKDF length");
        Ok(Signer {
            key,
            pseudonym: hex::encode(p),
        })
    }

    /// The signer of the vault behind `db`.
    pub fn of_vault(db: &Db) -> Result<Signer> {
        let seed = Zeroizing::new(
            db.meta_get("signing_key")?
                .ok_or(BundleError::NoSigningKey)?,
        );
        Signer::from_seed(&seed)
    }

    /// The `vault_id` that bundles carry: 16 bytes derived (HKDF-SHA256) from the signing
    /// seed, a secret kept inside the encrypted database. It is stable for the vault and
    /// equals nothing readable without the passphrase (the key file's header id is random
    /// and unrelated), so a seized device cannot be matched with a lawyer's bundles by it.
    pub fn vault_pseudonym(&self) -> &str {
        &self.pseudonym
    }

    pub fn public(&self) -> &PublicKey {
        self.key.public_key()
    }

    /// `SHA256:…`, as `ssh-keygen -l -f signer.pub` prints it.
    pub fn fingerprint(&self) -> String {
        fingerprint(self.public())
    }

    /// The OpenSSH public key line (with a comment naming the vault).
    pub fn public_line(&self, comment: &str) -> String {
        let mut p = self.public().clone();
        p.set_comment(comment);
        p.to_openssh().expect("an Ed25519 key always encodes")
    }

    /// The line of an `allowed_signers` file for `ssh-keygen -Y verify`.
    pub fn allowed_signers_line(&self) -> String {
        allowed_signers_line(self.public())
    }

    /// Sign the manifest: an armored SSHSIG.
    pub fn sign(&self, msg: &[u8]) -> String {
        let sig = self
            .key
            .sign(NAMESPACE, HashAlg::Sha512, msg)
            .expect("Ed25519 signing does not fail");
        sig.to_pem(LineEnding::LF)
            .expect("a signature always encodes")
    }
}

pub fn fingerprint(p: &PublicKey) -> String {
    p.fingerprint(HashAlg::Sha256).to_string()
}

pub fn allowed_signers_line(p: &PublicKey) -> String {
    let mut p = p.clone();
    p.set_comment("");
    format!(
        "{PRINCIPAL} namespaces=\"{NAMESPACE}\" {}",
        p.to_openssh().expect("encodes").trim_end()
    )
}

/// Check `sig` (armored SSHSIG) over `msg` by the key in `signer_pub` (an OpenSSH public
/// key line, Ed25519). Returns the key.
pub fn verify(
    signer_pub: &[u8],
    sig: &[u8],
    msg: &[u8],
) -> std::result::Result<PublicKey, Problem> {
    let text = std::str::from_utf8(signer_pub).map_err(|_| Problem::Signature)?;
    let pk = PublicKey::from_openssh(text.trim()).map_err(|_| Problem::Signature)?;
    if pk.algorithm() != ssh_key::Algorithm::Ed25519 {
        return Err(Problem::Signature);
    }
    let sig = SshSig::from_pem(sig).map_err(|_| Problem::Signature)?;
    pk.verify(NAMESPACE, msg, &sig)
        .map_err(|_| Problem::Signature)?;
    Ok(pk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_verify() {
        let s = Signer::from_seed(&[7u8; 32]).unwrap();
        let line = s.public_line("sandyk vault");
        assert!(line.starts_with("ssh-ed25519 "));
        let sig = s.sign(b"manifest");
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----"));
        let pk = verify(line.as_bytes(), sig.as_bytes(), b"manifest").unwrap();
        assert_eq!(fingerprint(&pk), s.fingerprint());
        assert!(s.fingerprint().starts_with("SHA256:"));
        assert_eq!(
            verify(line.as_bytes(), sig.as_bytes(), b"manifesT"),
            Err(Problem::Signature)
        );
        let other = Signer::from_seed(&[8u8; 32]).unwrap();
        let other_line = other.public_line("");
        assert_eq!(
            verify(other_line.as_bytes(), sig.as_bytes(), b"manifest"),
            Err(Problem::Signature)
        );
        assert!(s
            .allowed_signers_line()
            .starts_with("sandyk namespaces=\"sandyk-bundle\" ssh-ed25519 AAAA"));
        assert!(Signer::from_seed(&[1u8; 5]).is_err());
        // The pseudonym: stable, 32 hex digits, different per key.
        assert_eq!(s.vault_pseudonym().len(), 32);
        assert_eq!(
            s.vault_pseudonym(),
            Signer::from_seed(&[7u8; 32]).unwrap().vault_pseudonym()
        );
        assert_ne!(s.vault_pseudonym(), other.vault_pseudonym());
    }
}
