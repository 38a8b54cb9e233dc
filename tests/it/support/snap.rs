//! Snapshots of the CLI: a command's exit status, stdout and stderr as one text, with the
//! parts that differ between runs (temporary paths, random ids, keys, fingerprints)
//! replaced by stable placeholders. The snapshots themselves are taken in
//! tests/it/snapshot_cli.rs and stored in tests/it/snapshots/.

use std::process::Output;

use super::vault::{stderr, stdout, Env};

/// `status`, then stdout and stderr, each under a header, with `e`'s temporary root
/// replaced by `[ROOT]`.
pub fn transcript(e: &Env, o: &Output) -> String {
    let root = e.root.path().display().to_string();
    let status = match o.status.code() {
        Some(c) => format!("exit {c}"),
        None => format!("killed {:?}", o.status),
    };
    format!(
        "{status}\n--- stdout\n{}--- stderr\n{}",
        stdout(o).replace(&root, "[ROOT]"),
        stderr(o).replace(&root, "[ROOT]")
    )
}
