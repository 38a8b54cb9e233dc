//! sandyk: an offline, encrypted field-notes vault for human-rights defenders.
//!
//! The library never touches the terminal; `cli` is the only module that does.

pub mod attach;
pub mod bundle;
pub mod cli;
pub mod crypto;
pub mod dates;
pub mod emergency;
pub mod harden;
pub mod i18n;
pub mod model;
pub mod sandbox;
pub mod vault;
