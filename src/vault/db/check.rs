//! The integrity check of the database and the hash chain.

use super::incidents::row_to_revision;
use super::{Db, Result};
use crate::model::chain::{self, ChainProblem};
use crate::untrusted::Untrusted;

/// What `sandyk check` found wrong: typed, said in the user's language by the binary.
/// Incident ids and attachment references (`ID/N`) are this vault's; SQLite's and
/// SQLCipher's own reports are their (English) text, kept as [`Untrusted`] for `--verbose`
/// and JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckProblem {
    /// A page does not pass SQLCipher's HMAC check (`PRAGMA cipher_integrity_check`).
    Cipher(Untrusted),
    /// SQLite's structure check (`PRAGMA integrity_check`) reported this.
    Structure(Untrusted),
    /// A stored revision cannot be read (its row is damaged).
    RevisionUnreadable,
    /// The hash chain.
    Chain(ChainProblem),
    /// An incident's current state is not its newest revision.
    StaleHead { id: String },
    /// The incident table and the revisions disagree on how many incidents there are.
    IncidentCount,
    /// Stored attachment chunks that belong to no attachment.
    OrphanChunks(u64),
    /// Attachments stored for an incident that does not exist or was deleted.
    AttachmentsWithoutIncident { id: String },
    /// An incident has a different number of attachments stored than it records.
    AttachmentCount {
        id: String,
        stored: u64,
        recorded: u64,
    },
    /// A stored attachment (`ID/N`) the incident does not record.
    AttachmentUnrecorded { reference: String },
    /// A stored attachment that differs from what the incident records.
    AttachmentDiffers { reference: String },
    /// A copy of an attachment cannot be read, or does not match its SHA-256.
    AttachmentCopy { reference: String, working: bool },
    /// Files in the attachment store that belong to no attachment.
    StrayStoreFiles(u64),
    /// A chunk of a stored attachment copy fails authentication (altered or damaged).
    AttachmentChunk {
        reference: String,
        working: bool,
        chunk: u64,
    },
    /// The entity merges table disagrees with the merges record in the hash chain.
    MergesDisagree,
    /// The entity summary disagrees with the entity index.
    EntitySummaryDisagrees,
    /// The merges record cannot be read.
    MergesUnreadable,
}

impl CheckProblem {
    /// Whether SQLCipher's page check reported it (meaningless for the in-memory duress
    /// stand-in, which has no file).
    pub fn is_cipher(&self) -> bool {
        matches!(self, CheckProblem::Cipher(_))
    }
}

impl Db {
    /// Full check: SQLCipher page HMACs, SQLite structure, the hash chain, and that the
    /// incident table agrees with the chain. Returns a list of problems (empty: all good).
    pub fn check(&self) -> Result<Vec<CheckProblem>> {
        let mut problems = vec![];
        let mut st = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        for r in st.query_map([], |r| r.get::<_, String>(0))? {
            problems.push(CheckProblem::Cipher(Untrusted::new(r?)));
        }
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        for r in st.query_map([], |r| r.get::<_, String>(0))? {
            let r = r?;
            if r != "ok" {
                problems.push(CheckProblem::Structure(Untrusted::new(r)));
            }
        }
        let mut st = self.conn.prepare(
            "SELECT seq, incident_id, op, at, body, body_hash, incident_prev, prev_hash, hash FROM revisions ORDER BY seq",
        )?;
        let mut revs = vec![];
        for r in st.query_map([], row_to_revision)? {
            match r? {
                Ok(rev) => revs.push(rev),
                Err(_) => problems.push(CheckProblem::RevisionUnreadable),
            }
        }
        let mut heads: std::collections::HashMap<String, u64> = Default::default();
        for r in &revs {
            // The entity merges record is not an incident (checked below).
            if r.incident_id != crate::model::entities::MERGES_RECORD {
                heads.insert(r.incident_id.clone(), r.seq);
            }
        }
        if let Err(ps) = chain::verify_full(revs) {
            problems.extend(ps.into_iter().map(CheckProblem::Chain));
        }
        let mut st = self.conn.prepare("SELECT id, head_seq FROM incidents")?;
        let mut seen = 0usize;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (id, head) = row?;
            seen += 1;
            if heads.get(&id).copied() != Some(head as u64) {
                problems.push(CheckProblem::StaleHead { id });
            }
        }
        if seen != heads.len() {
            problems.push(CheckProblem::IncidentCount);
        }
        match self.check_merges() {
            Ok(p) => problems.extend(p),
            Err(_) => problems.push(CheckProblem::MergesUnreadable),
        }
        Ok(problems)
    }
}
