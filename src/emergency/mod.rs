//! Emergency actions: destroy the vault (crypto-erase in milliseconds), seal it so that only
//! a lawyer's key opens it, and the duress passphrase that does either silently.
//!
//! The library never touches the terminal; `cli::emergency` is the front end. What each
//! action guarantees, and what it cannot, is in docs/emergency.md.

pub mod duress;
pub mod seal;
pub mod wipe;
