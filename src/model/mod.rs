//! Plain data: incidents, revisions and the hash chain. No I/O.

pub mod chain;
pub mod entities;
pub mod incident;
pub mod input;
pub mod stats;

pub use chain::{Op, Revision};
pub use incident::{Incident, IncidentInput};
