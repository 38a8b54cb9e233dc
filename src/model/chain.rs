//! Revisions and the vault-wide hash chain.
//!
//! Every add, amend and delete is a revision. Each revision's hash covers a small, textual
//! preimage (so that it can be recomputed with `printf … | sha256sum`):
//!
//! ```text
//! sandyk-revision-v1
//! <seq>
//! <incident id>
//! <op: add|amend|delete>
//! <at: RFC 3339 UTC>
//! <hex SHA-256 of the body bytes (of the empty string for a delete)>
//! <hex hash of this incident's previous revision, or 64 zeros>
//! <hex hash of the vault's previous revision (seq - 1), or 64 zeros>
//! ```
//!
//! (each line ends with `\n`). A deleted incident's bodies are destroyed, but their body
//! hashes stay, so the chain still verifies.

use serde::{Deserialize, Serialize};

use crate::crypto::sha256;

pub const ZERO_HASH: [u8; 32] = [0u8; 32];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Add,
    Amend,
    Delete,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Amend => "amend",
            Op::Delete => "delete",
        }
    }

    pub fn parse(s: &str) -> Option<Op> {
        match s {
            "add" => Some(Op::Add),
            "amend" => Some(Op::Amend),
            "delete" => Some(Op::Delete),
            _ => None,
        }
    }
}

/// One revision, as stored and as exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub seq: u64,
    pub incident_id: String,
    pub op: Op,
    pub at: String,
    /// The exact bytes hashed as the body (canonical JSON of the incident), or None for a
    /// delete and for the destroyed bodies of a deleted incident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(with = "hex_array")]
    pub body_hash: [u8; 32],
    #[serde(with = "hex_array")]
    pub incident_prev: [u8; 32],
    #[serde(with = "hex_array")]
    pub prev_hash: [u8; 32],
    #[serde(with = "hex_array")]
    pub hash: [u8; 32],
}

impl crate::untrusted::Sanitize for Revision {
    /// The id and time sanitized; the body (JSON of an incident) re-rendered from its
    /// sanitized incident, or, if it is not one, sanitized as text. A copy to show: its
    /// hashes no longer match.
    fn sanitized(&self) -> Revision {
        use crate::untrusted::sanitize;
        let mut r = self.clone();
        r.incident_id = sanitize(&r.incident_id, false);
        r.at = sanitize(&r.at, false);
        r.body =
            r.body.as_deref().map(
                |b| match serde_json::from_str::<crate::model::Incident>(b) {
                    Ok(i) => serde_json::to_string(&i.sanitized()).expect("an incident serialises"),
                    Err(_) => sanitize(b, true),
                },
            );
        r
    }
}

impl crate::untrusted::Sent<Vec<Revision>> {
    /// The incident as its newest revision records it (`None` if deleted or unreadable).
    pub fn current(&self) -> Option<crate::untrusted::Sent<crate::model::Incident>> {
        let mut out = None;
        self.test(|revs| {
            out = revs
                .last()
                .and_then(|l| l.body.as_deref())
                .and_then(|b| serde_json::from_str::<crate::model::Incident>(b).ok());
            true
        });
        out.map(crate::untrusted::Sent::new)
    }

    /// Whether these are revisions of incident `id` (compared, not shown).
    pub fn is_of(&self, id: &str) -> bool {
        self.test(|revs| revs.first().is_some_and(|r| r.incident_id == id))
    }
}

/// The text whose SHA-256 is a revision's hash.
pub fn preimage(
    seq: u64,
    incident_id: &str,
    op: Op,
    at: &str,
    body_hash: &[u8; 32],
    incident_prev: &[u8; 32],
    prev_hash: &[u8; 32],
) -> String {
    format!(
        "sandyk-revision-v1\n{seq}\n{incident_id}\n{}\n{at}\n{}\n{}\n{}\n",
        op.as_str(),
        hex::encode(body_hash),
        hex::encode(incident_prev),
        hex::encode(prev_hash)
    )
}

impl Revision {
    /// Build a revision and compute its hashes.
    pub fn new(
        seq: u64,
        incident_id: &str,
        op: Op,
        at: &str,
        body: Option<String>,
        incident_prev: [u8; 32],
        prev_hash: [u8; 32],
    ) -> Revision {
        let body_hash = sha256(body.as_deref().unwrap_or("").as_bytes());
        let hash = sha256(
            preimage(
                seq,
                incident_id,
                op,
                at,
                &body_hash,
                &incident_prev,
                &prev_hash,
            )
            .as_bytes(),
        );
        Revision {
            seq,
            incident_id: incident_id.to_owned(),
            op,
            at: at.to_owned(),
            body,
            body_hash,
            incident_prev,
            prev_hash,
            hash,
        }
    }

    /// Recompute this revision's hash from its fields.
    pub fn computed_hash(&self) -> [u8; 32] {
        sha256(
            preimage(
                self.seq,
                &self.incident_id,
                self.op,
                &self.at,
                &self.body_hash,
                &self.incident_prev,
                &self.prev_hash,
            )
            .as_bytes(),
        )
    }

    /// Check the hash, and the body against its hash when the body is present.
    pub fn is_self_consistent(&self) -> bool {
        let body_ok = match &self.body {
            Some(b) => sha256(b.as_bytes()) == self.body_hash,
            None => true,
        };
        body_ok && self.computed_hash() == self.hash
    }
}

/// What is wrong with a sequence of revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    BadHash { seq: u64 },
    BodyMismatch { seq: u64 },
    Gap { after: u64, next: u64 },
    BrokenLink { seq: u64 },
    BrokenIncidentLink { seq: u64 },
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainProblem::BadHash { seq } => {
                write!(f, "revision {seq}: hash does not match its contents")
            }
            ChainProblem::BodyMismatch { seq } => {
                write!(f, "revision {seq}: body does not match its hash")
            }
            ChainProblem::Gap { after, next } => {
                write!(f, "revisions missing between {after} and {next}")
            }
            ChainProblem::BrokenLink { seq } => {
                write!(f, "revision {seq}: does not link to the previous revision")
            }
            ChainProblem::BrokenIncidentLink { seq } => {
                write!(
                    f,
                    "revision {seq}: does not link to the incident's previous revision"
                )
            }
        }
    }
}

/// Verify a complete chain (every revision of the vault, in order from seq 1).
/// Returns the head hash, or every problem found.
pub fn verify_full(
    revs: impl IntoIterator<Item = Revision>,
) -> Result<[u8; 32], Vec<ChainProblem>> {
    let mut problems = vec![];
    let mut prev = ZERO_HASH;
    let mut expected_seq = 1u64;
    let mut last_by_incident: std::collections::HashMap<String, [u8; 32]> = Default::default();
    for r in revs {
        if r.seq != expected_seq {
            problems.push(ChainProblem::Gap {
                after: expected_seq - 1,
                next: r.seq,
            });
        }
        if let Some(b) = &r.body {
            if sha256(b.as_bytes()) != r.body_hash {
                problems.push(ChainProblem::BodyMismatch { seq: r.seq });
            }
        }
        if r.computed_hash() != r.hash {
            problems.push(ChainProblem::BadHash { seq: r.seq });
        }
        if r.prev_hash != prev {
            problems.push(ChainProblem::BrokenLink { seq: r.seq });
        }
        let inc_prev = last_by_incident
            .get(&r.incident_id)
            .copied()
            .unwrap_or(ZERO_HASH);
        if r.incident_prev != inc_prev {
            problems.push(ChainProblem::BrokenIncidentLink { seq: r.seq });
        }
        last_by_incident.insert(r.incident_id.clone(), r.hash);
        prev = r.hash;
        expected_seq = r.seq + 1;
    }
    if problems.is_empty() {
        Ok(prev)
    } else {
        Err(problems)
    }
}

/// Verify one incident's revisions (a segment, as in a bundle): each hash and body, and the
/// per-incident links from the first revision (which must be an add) to the last.
pub fn verify_incident_segment(revs: &[Revision]) -> Result<(), Vec<ChainProblem>> {
    let mut problems = vec![];
    let mut inc_prev = ZERO_HASH;
    for (i, r) in revs.iter().enumerate() {
        if !r.is_self_consistent() {
            problems.push(if r.computed_hash() != r.hash {
                ChainProblem::BadHash { seq: r.seq }
            } else {
                ChainProblem::BodyMismatch { seq: r.seq }
            });
        }
        if r.incident_prev != inc_prev || (i == 0 && r.op != Op::Add) {
            problems.push(ChainProblem::BrokenIncidentLink { seq: r.seq });
        }
        inc_prev = r.hash;
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

mod hex_array {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = String::deserialize(d)?;
        let mut out = [0u8; 32];
        hex::decode_to_slice(&s, &mut out).map_err(serde::de::Error::custom)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> Vec<Revision> {
        let a1 = Revision::new(
            1,
            "AAA",
            Op::Add,
            "2026-01-01T00:00:00Z",
            Some("{\"a\":1}".into()),
            ZERO_HASH,
            ZERO_HASH,
        );
        let b1 = Revision::new(
            2,
            "BBB",
            Op::Add,
            "2026-01-01T00:00:01Z",
            Some("{\"b\":1}".into()),
            ZERO_HASH,
            a1.hash,
        );
        let a2 = Revision::new(
            3,
            "AAA",
            Op::Amend,
            "2026-01-01T00:00:02Z",
            Some("{\"a\":2}".into()),
            a1.hash,
            b1.hash,
        );
        vec![a1, b1, a2]
    }

    #[test]
    fn valid_chain_verifies() {
        let c = chain();
        assert_eq!(verify_full(c.clone()).unwrap(), c[2].hash);
        verify_incident_segment(&[c[0].clone(), c[2].clone()]).unwrap();
    }

    #[test]
    fn destroyed_body_still_verifies() {
        let mut c = chain();
        c[1].body = None;
        assert!(verify_full(c).is_ok());
    }

    #[test]
    fn tampering_is_detected() {
        let mut c = chain();
        c[0].body = Some("{\"a\":9}".into());
        assert_eq!(
            verify_full(c).unwrap_err(),
            vec![ChainProblem::BodyMismatch { seq: 1 }]
        );
        let mut c = chain();
        c.remove(1);
        assert!(verify_full(c.clone()).is_err());
        // A segment missing its first revision is refused.
        assert!(verify_incident_segment(&[c[1].clone()]).is_err());
    }

    #[test]
    fn preimage_is_shell_reproducible() {
        let p = preimage(1, "AAA", Op::Add, "t", &[0; 32], &[0; 32], &[0; 32]);
        assert!(p.starts_with("sandyk-revision-v1\n1\nAAA\nadd\nt\n"));
        assert!(p.ends_with(&format!("{}\n", "0".repeat(64))));
    }
}
