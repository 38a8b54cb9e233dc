//! The power-loss sweeps, standalone on this branch (they move into tests/it/main.rs as
//! `mod powerloss;` once the test consolidation lands).

#[path = "it/powerloss/mod.rs"]
mod powerloss;
