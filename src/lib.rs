//! sandyk: an offline, encrypted field-notes vault for human-rights defenders.
//!
//! The library never touches the terminal; `cli` is the only module that does.

pub mod agekeys;
pub mod attach;
pub mod bundle;
pub mod cli;
pub mod crypto;
pub mod dates;
pub mod emergency;
pub mod fsio;
pub mod harden;
pub mod i18n;
pub mod model;
#[cfg(test)]
mod one_of_each;
pub mod progress;
pub mod vault;
