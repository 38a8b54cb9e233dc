//! incidents.json: every exported incident with its full revision history.
//!
//! ```json
//! {"format":"sandyk-incidents","version":1,"incidents":[
//! {"id":"AB12CD","revisions":[{"seq":1,"incident_id":"AB12CD","op":"add","at":"…",
//!   "body":"{…exact JSON bytes that were hashed…}","body_hash":"…","incident_prev":"…",
//!   "prev_hash":"…","hash":"…","preimage":"sandyk-revision-v1\n1\nAB12CD\nadd\n…"}]},
//! …
//! ]}
//! ```
//!
//! Written one incident at a time and read as a stream, one incident at a time, so memory
//! is bounded by the largest incident (at most `limits::INCIDENT_RECORD` bytes), not by the
//! bundle.

use std::io::{self, BufRead, Read};

use serde::{Deserialize, Serialize};

use super::manifest::{AttachmentEntry, LeftOutEntry};
use super::{limits, BundleError, Problem};
use crate::model::chain::{self, Op, Revision};
use crate::untrusted::Untrusted;

pub const FORMAT: &str = "sandyk-incidents";
pub const VERSION: u32 = 1;

/// The bytes before the first record.
pub fn prefix() -> Vec<u8> {
    format!("{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"incidents\":[\n").into_bytes()
}

/// The bytes after the last record.
pub fn suffix() -> Vec<u8> {
    b"\n]}\n".to_vec()
}

#[derive(Serialize)]
struct RevOut<'a> {
    seq: u64,
    incident_id: &'a str,
    op: Op,
    at: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    body_hash: String,
    incident_prev: String,
    prev_hash: String,
    hash: String,
    preimage: String,
}

#[derive(Serialize)]
struct RecordOut<'a> {
    id: &'a str,
    revisions: Vec<RevOut<'a>>,
    /// The incident's attachment files in the bundle (as in the manifest); absent if none.
    #[serde(skip_serializing_if = "<[AttachmentEntry]>::is_empty")]
    attachments: &'a [AttachmentEntry],
    /// The incident's attachments the sender left out (as in the manifest); absent if none.
    #[serde(skip_serializing_if = "<[LeftOutEntry]>::is_empty")]
    left_out: &'a [LeftOutEntry],
}

/// One record (with a leading `,\n` unless it is the first).
pub fn record(id: &str, revs: &[Revision], first: bool) -> Vec<u8> {
    record_with(id, revs, &[], &[], first)
}

/// One record listing the incident's attachment files in the bundle.
pub fn record_with(
    id: &str,
    revs: &[Revision],
    attachments: &[AttachmentEntry],
    left_out: &[LeftOutEntry],
    first: bool,
) -> Vec<u8> {
    let out = RecordOut {
        id,
        attachments,
        left_out,
        revisions: revs
            .iter()
            .map(|r| RevOut {
                seq: r.seq,
                incident_id: &r.incident_id,
                op: r.op,
                at: &r.at,
                body: r.body.as_deref(),
                body_hash: hex::encode(r.body_hash),
                incident_prev: hex::encode(r.incident_prev),
                prev_hash: hex::encode(r.prev_hash),
                hash: hex::encode(r.hash),
                preimage: chain::preimage(
                    r.seq,
                    &r.incident_id,
                    r.op,
                    &r.at,
                    &r.body_hash,
                    &r.incident_prev,
                    &r.prev_hash,
                ),
            })
            .collect(),
    };
    let mut v = if first { vec![] } else { b",\n".to_vec() };
    serde_json::to_writer(&mut v, &out).expect("a record always serialises");
    v
}

/// An incident as read from a bundle: structurally valid (hex hashes, preimages match the
/// fields); the chain itself is checked by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRecord {
    pub id: String,
    pub revisions: Vec<Revision>,
    /// The attachment files the bundle holds for it (checked against the manifest).
    pub attachments: Vec<AttachmentEntry>,
    /// The attachments the sender left out (checked against the manifest).
    pub left_out: Vec<LeftOutEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevIn {
    seq: u64,
    incident_id: String,
    op: Op,
    at: String,
    #[serde(default)]
    body: Option<String>,
    body_hash: String,
    incident_prev: String,
    prev_hash: String,
    hash: String,
    preimage: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordIn {
    id: String,
    revisions: Vec<RevIn>,
    #[serde(default)]
    attachments: Vec<AttachmentEntry>,
    #[serde(default)]
    left_out: Vec<LeftOutEntry>,
}

fn h32(s: &str) -> Option<[u8; 32]> {
    if !super::manifest::is_hex64(s) {
        return None;
    }
    let mut out = [0u8; 32];
    hex::decode_to_slice(s, &mut out).ok()?;
    Some(out)
}

impl RecordIn {
    fn into_record(self) -> Result<IncidentRecord, Problem> {
        use super::{ChainFault, IncidentsFault};
        let bad = Problem::Incidents;
        if !super::manifest::valid_id(&self.id) {
            return Err(bad(IncidentsFault::BadId));
        }
        if self.revisions.is_empty() || self.revisions.len() > limits::REVISIONS {
            return Err(Problem::Chain {
                id: Untrusted::new(self.id),
                fault: ChainFault::NoRevisions,
            });
        }
        let mut revisions = Vec::with_capacity(self.revisions.len());
        for r in self.revisions {
            let (Some(body_hash), Some(incident_prev), Some(prev_hash), Some(hash)) = (
                h32(&r.body_hash),
                h32(&r.incident_prev),
                h32(&r.prev_hash),
                h32(&r.hash),
            ) else {
                return Err(bad(IncidentsFault::BadHash));
            };
            let rev = Revision {
                seq: r.seq,
                incident_id: r.incident_id,
                op: r.op,
                at: r.at,
                body: r.body,
                body_hash,
                incident_prev,
                prev_hash,
                hash,
            };
            let pre = chain::preimage(
                rev.seq,
                &rev.incident_id,
                rev.op,
                &rev.at,
                &rev.body_hash,
                &rev.incident_prev,
                &rev.prev_hash,
            );
            if pre != r.preimage {
                return Err(Problem::Chain {
                    id: Untrusted::new(self.id),
                    fault: ChainFault::Preimage(rev.seq),
                });
            }
            revisions.push(rev);
        }
        if self.attachments.len() > limits::FILES || self.left_out.len() > limits::FILES {
            return Err(bad(IncidentsFault::TooManyAttachments));
        }
        Ok(IncidentRecord {
            id: self.id,
            revisions,
            attachments: self.attachments,
            left_out: self.left_out,
        })
    }
}

type OnRecord<'a> = dyn FnMut(IncidentRecord) -> Result<(), BundleError> + 'a;

/// Read one line (with its `\n`) of at most `max` bytes into `line`; false at the end.
fn read_line<R: BufRead>(r: &mut R, line: &mut Vec<u8>, max: u64) -> Result<bool, BundleError> {
    line.clear();
    let n = r.by_ref().take(max + 1).read_until(b'\n', line)?;
    if n as u64 > max {
        return Err(Problem::TooLarge(Problem::file(super::INCIDENTS_JSON)).into());
    }
    Ok(n > 0)
}

/// Parse incidents.json from `r`, calling `on_record` for each incident in order, and read
/// `r` to its end. Returns the number of incidents.
///
/// The file is read in the exact layout the writer produces (it is valid JSON, and this is
/// checked too): the prefix line, one record per line (`,` at the end of all but the last;
/// a JSON string cannot hold a raw newline, so a line is exactly one record), then `]}`.
/// Each line is at most `limits::INCIDENT_RECORD` bytes and parsed on its own, so memory is
/// bounded by one incident and parsing runs at the speed of an in-memory slice.
pub fn parse_stream<R: Read>(r: R, on_record: &mut OnRecord<'_>) -> Result<u64, BundleError> {
    use super::IncidentsFault as F;
    let bad = |f: F| -> BundleError { Problem::Incidents(f).into() };
    let mut r = io::BufReader::with_capacity(256 * 1024, r);
    let mut line = Vec::with_capacity(64 * 1024);
    if !read_line(&mut r, &mut line, 1024)? || line != prefix() {
        return Err(bad(F::NotIncidents));
    }
    let end = &suffix()[1..];
    let mut count = 0u64;
    loop {
        if !read_line(&mut r, &mut line, limits::INCIDENT_RECORD)? {
            return Err(bad(F::End));
        }
        if line == end {
            break;
        }
        let Some(body) = line.strip_suffix(b"\n") else {
            return Err(bad(F::End));
        };
        let (json, more) = match body.strip_suffix(b",") {
            Some(j) => (j, true),
            None => (body, false),
        };
        let rec: RecordIn = serde_json::from_slice(json).map_err(|e| {
            bad(F::Json {
                n: count + 1,
                fault: super::JsonFault::of(&e),
            })
        })?;
        count += 1;
        if count > limits::INCIDENTS as u64 {
            return Err(bad(F::TooMany));
        }
        on_record(rec.into_record()?)?;
        if !more {
            if !read_line(&mut r, &mut line, 1024)? || line != end {
                return Err(bad(F::AfterLast));
            }
            break;
        }
    }
    if count == 0 {
        return Err(bad(F::NoIncidents));
    }
    if read_line(&mut r, &mut line, 1)? {
        return Err(bad(F::TrailingData));
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::chain::ZERO_HASH;

    fn revs(id: &str, n: usize, body: &str) -> Vec<Revision> {
        let mut out: Vec<Revision> = vec![];
        for i in 0..n {
            let prev = out.last().map(|r| r.hash).unwrap_or(ZERO_HASH);
            let op = if i == 0 { Op::Add } else { Op::Amend };
            out.push(Revision::new(
                i as u64 + 1,
                id,
                op,
                "2026-11-28T06:00:00Z",
                Some(format!("{body}{i}")),
                prev,
                prev,
            ));
        }
        out
    }

    fn file(records: &[(&str, Vec<Revision>)]) -> Vec<u8> {
        let mut v = prefix();
        for (n, (id, r)) in records.iter().enumerate() {
            v.extend(record(id, r, n == 0));
        }
        v.extend(suffix());
        v
    }

    #[test]
    fn round_trip_streaming() {
        let a = revs("AAA", 3, "Токтогул ңөү \"quoted\" \n");
        let b = revs("BBB", 1, "x");
        let bytes = file(&[("AAA", a.clone()), ("BBB", b.clone())]);
        let v: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
        assert_eq!(v["incidents"][0]["revisions"][2]["seq"], 3);
        let mut got = vec![];
        let n = parse_stream(&bytes[..], &mut |r| {
            got.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(
            got[0],
            IncidentRecord {
                id: "AAA".into(),
                revisions: a,
                attachments: vec![],
                left_out: vec![],
            }
        );
        assert_eq!(got[1].revisions, b);
    }

    #[test]
    fn refuses_bad_input() {
        let a = revs("AAA", 2, "x");
        let good = file(&[("AAA", a)]);
        let run = |b: &[u8]| parse_stream(b, &mut |_| Ok(()));
        assert!(run(&good[..good.len() - 3]).is_err(), "truncated");
        let mut trailing = good.clone();
        trailing.extend(b"{}");
        assert!(run(&trailing).is_err(), "trailing data");
        let s = String::from_utf8(good.clone()).unwrap();
        let tampered = s.replacen(
            "\"at\":\"2026-11-28T06:00:00Z\"",
            "\"at\":\"2026-11-28T07:00:00Z\"",
            1,
        );
        assert!(matches!(
            run(tampered.as_bytes()),
            Err(BundleError::Verify(Problem::Chain { .. }))
        ));
        let extra = s.replacen("\"id\":\"AAA\"", "\"id\":\"AAA\",\"x\":1", 1);
        assert!(run(extra.as_bytes()).is_err());
        assert!(run(b"[]").is_err());
        assert!(run(b"").is_err());
    }

    #[test]
    fn one_huge_incident_is_refused_without_buffering_it() {
        let mut v = prefix();
        v.extend(b"{\"id\":\"AAA\",\"revisions\":[{\"seq\":1,\"incident_id\":\"AAA\",\"op\":\"add\",\"at\":\"\",\"body\":\"");
        v.extend(std::iter::repeat_n(
            b'x',
            limits::INCIDENT_RECORD as usize + 256 * 1024,
        ));
        let e = parse_stream(&v[..], &mut |_| Ok(())).unwrap_err();
        assert!(
            matches!(e, BundleError::Verify(Problem::TooLarge(_))),
            "{e:?}"
        );
    }

    #[test]
    fn sink_errors_stop_the_parse() {
        let bytes = file(&[("AAA", revs("AAA", 1, "x")), ("BBB", revs("BBB", 1, "y"))]);
        let mut seen = 0;
        let e = parse_stream(&bytes[..], &mut |_| {
            seen += 1;
            Err(BundleError::Changed)
        })
        .unwrap_err();
        assert!(matches!(e, BundleError::Changed));
        assert_eq!(seen, 1);
    }
}
