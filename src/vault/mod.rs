//! Opening and creating a vault: the key file and the encrypted database.

pub mod db;
pub mod fsutil;
pub mod keyfile;
