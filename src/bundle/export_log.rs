//! The export log never misses a bundle: a bundle that exists is in the log, or it is
//! removed again.
//!
//! `export` writes and commits the bundle file first (it must exist before it is logged),
//! then records it; if recording fails, the committed file is retracted before the error is
//! returned, so the vault's log and the disk agree.

use serde_json::Value;

use super::writer::ExportSummary;
use crate::vault::db::{Db, DbError};

/// Run `record`; if it fails, run `retract` (remove the bundle) and return the error.
pub fn record_or_retract<T, E>(
    record: impl FnOnce() -> Result<T, E>,
    retract: impl FnOnce(),
) -> Result<T, E> {
    match record() {
        Ok(t) => Ok(t),
        Err(e) => {
            retract();
            Err(e)
        }
    }
}

/// Record the bundle `summary` describes (its creation time, chain head and SHA-256) for
/// `ids` and `recipients` in the vault's export log; on failure call `retract`, which
/// removes the bundle file (nothing to do for a bundle written to stdout). Returns the
/// bundle's SHA-256 in hex.
pub fn record(
    db: &mut Db,
    summary: &ExportSummary,
    ids: &[String],
    recipients: &Value,
    details: &Value,
    retract: impl FnOnce(),
) -> Result<String, DbError> {
    let m = &summary.manifest;
    let head = format!("{}:{}", m.chain_head.seq, m.chain_head.hash);
    let sha = hex::encode(summary.bundle_sha256);
    record_or_retract(
        || db.record_export(&m.created, ids, recipients, &sha, &head, details),
        retract,
    )?;
    Ok(sha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_record_retracts_the_bundle() {
        let mut retracted = false;
        let r: Result<(), &str> = record_or_retract(|| Err("disk full"), || retracted = true);
        assert_eq!(r, Err("disk full"));
        assert!(retracted);
    }

    #[test]
    fn a_recorded_bundle_stays() {
        let mut retracted = false;
        let r: Result<i64, &str> = record_or_retract(|| Ok(7), || retracted = true);
        assert_eq!(r, Ok(7));
        assert!(!retracted);
    }
}
