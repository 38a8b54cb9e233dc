//! The export log never misses a bundle: a bundle that exists is in the log, or it is
//! removed again.
//!
//! `export` writes and commits the bundle file first (it must exist before it is logged),
//! then records it; if recording fails, the record (should it have landed) and the committed
//! file are retracted before the error is returned, so the vault's log and the disk agree.
//! Tested end to end by the I/O-fault family (EIO at every fsync of `export`,
//! tests/it/harness_faults.rs) and the export crash sweep (tests/it/bundle_crash.rs).

use serde_json::Value;

use super::writer::ExportSummary;
use crate::vault::db::{Db, DbError};

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
    match db.record_export(&m.created, ids, recipients, &sha, &head, details) {
        Ok(_) => Ok(sha),
        Err(e) => {
            // The commit may have landed with only a sync after it failing (with the
            // persistent journal, SQLite reports a failed sync of the zeroed journal header
            // after the commit point): the record's durability is unknown, so take it back
            // out as well as the file — the log and the disk agree either way.
            let _ = db.forget_export(&sha);
            retract();
            Err(e)
        }
    }
}
