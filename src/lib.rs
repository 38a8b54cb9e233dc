//! sandyk: an offline, encrypted field-notes vault for human-rights defenders.
//!
//! The library never touches the terminal, signals, the environment, the global clock or a
//! global language: the binary (`src/main.rs`, `src/cli/`) owns those and passes what is needed
//! as parameters. `boundary_test` (a unit test) enforces this by reading the sources.

pub mod agekeys;
pub mod attach;
pub mod bundle;
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
pub mod report;
pub mod sandbox;
pub mod untrusted;
pub mod vault;

#[cfg(test)]
mod boundary_test;
#[cfg(test)]
mod typed_errors_test;
