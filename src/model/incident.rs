//! The incident record: a subset of the HURIDOCS Events Standard Formats aimed at
//! surveillance and harassment. See `docs/incident-model.md`.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::dates::{self, DateError, InvalidDate, Occurred, Precision};

/// Built-in categories: (id, accepted aliases). Labels live in the message catalog as
/// `category-<id>`.
pub const CATEGORIES: &[(&str, &[&str])] = &[
    ("followed", &["surveillance", "tailed"]),
    (
        "photographed",
        &["filmed", "photographed_or_filmed", "photographed_filmed"],
    ),
    (
        "wiretap",
        &[
            "device_compromise",
            "wiretap_or_device_compromise",
            "hacked",
        ],
    ),
    ("raid", &["search", "raid_or_search"]),
    ("summons", &["interrogation", "summons_or_interrogation"]),
    ("threat_in_person", &["threat"]),
    ("threat_online", &[]),
    ("detention", &["arrest", "detention_or_arrest", "detained"]),
    ("assault", &[]),
    ("smear_campaign", &["smear"]),
    ("online_harassment", &["harassment"]),
    ("home_visit", &[]),
    ("other", &[]),
];

/// Limits on input, so a hostile or mistaken input is refused with a clear message.
pub const MAX_TITLE: usize = 1_000;
pub const MAX_SHORT_TEXT: usize = 10_000;
pub const MAX_NARRATIVE: usize = 4 * 1024 * 1024;
pub const MAX_TAGS: usize = 1_000;
pub const MAX_TAG_LEN: usize = 100;
pub const MAX_PEOPLE: usize = 1_000;

#[derive(Debug, Error, PartialEq)]
pub enum ModelError {
    #[error("field `{0}` is required")]
    Missing(&'static str),
    #[error("field `{field}` is too long ({len} characters; at most {max})")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("too many entries in `{field}` ({len}; at most {max})")]
    TooMany {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("unknown category `{0}`")]
    UnknownCategory(String),
    #[error("could not read the date `{text}`: {reason}")]
    Date { text: String, reason: DateError },
    #[error("coordinates out of range")]
    BadCoordinates,
    #[error("invalid value in `{0}`")]
    Invalid(&'static str),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perpetrator {
    /// Free description: "three men in plain clothes".
    #[serde(default)]
    pub description: String,
    /// Agency or uniform, if known: "police", "GKNB".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub agency: String,
    /// Vehicles and plates: "grey Lada, 01KG123ABC".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vehicles: Vec<String>,
    /// Number of people, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reliability {
    /// The user saw or heard it themselves.
    Firsthand,
    /// Reported by a trusted person.
    High,
    Medium,
    Low,
    #[default]
    Unknown,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidentiality {
    Public,
    Restricted,
    #[default]
    Confidential,
    /// Names and details must never leave the user's hands.
    Secret,
}

/// One incident, as stored in each revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    pub id: String,
    pub title: String,
    pub occurred: Occurred,
    /// When it was first recorded (RFC 3339, UTC), set automatically.
    pub recorded: String,
    pub location: Location,
    pub category: String,
    pub tags: Vec<String>,
    pub narrative: String,
    pub perpetrators: Vec<Perpetrator>,
    pub victims: Vec<String>,
    pub witnesses: Vec<String>,
    pub source: String,
    pub reliability: Reliability,
    pub confidentiality: Confidentiality,
    /// Attachments recorded with this revision (their hashes are covered by the chain).
    /// Omitted when empty, so bodies without attachments hash as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentRef>,
}

impl crate::untrusted::Sanitize for Incident {
    fn sanitized(&self) -> Incident {
        use crate::untrusted::sanitize;
        let one = |s: &str| sanitize(s, false);
        let all = |v: &[String]| v.iter().map(|s| one(s)).collect::<Vec<_>>();
        let mut i = self.clone();
        i.id = one(&i.id);
        i.title = one(&i.title);
        i.occurred.text = one(&i.occurred.text);
        i.occurred.start = i.occurred.start.as_deref().map(one);
        i.occurred.end = i.occurred.end.as_deref().map(one);
        i.recorded = one(&i.recorded);
        i.location.text = one(&i.location.text);
        i.category = one(&i.category);
        i.tags = all(&i.tags);
        i.narrative = sanitize(&i.narrative, true);
        for p in &mut i.perpetrators {
            p.description = one(&p.description);
            p.agency = one(&p.agency);
            p.vehicles = all(&p.vehicles);
        }
        i.victims = all(&i.victims);
        i.witnesses = all(&i.witnesses);
        i.source = one(&i.source);
        for a in &mut i.attachments {
            a.name = one(&a.name);
            a.sha256 = one(&a.sha256);
            a.media_type = one(&a.media_type);
            a.added = one(&a.added);
            a.working_sha256 = a.working_sha256.as_deref().map(one);
        }
        i
    }
}

/// An attachment as recorded in an incident revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRef {
    /// Number within the incident (1, 2, …): `ID/N`.
    pub n: u32,
    /// Original file name, sanitised.
    pub name: String,
    pub size: u64,
    /// SHA-256 of the original bytes, hex.
    pub sha256: String,
    pub media_type: String,
    /// When it was taken in (RFC 3339 UTC).
    pub added: String,
    /// SHA-256 of the metadata-stripped working copy, if one was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_sha256: Option<String>,
}

/// `occurred` as accepted on input: a phrase, or a full object.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OccurredInput {
    Text(String),
    Full(Occurred),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum LocationInput {
    Text(String),
    Full(Location),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum PerpetratorInput {
    Text(String),
    Full(Perpetrator),
}

/// The fields a user or script supplies (`add --input json`, `amend --input json`). Every
/// field is optional here; `add` requires `title`, `occurred` and `category`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentInput {
    pub title: Option<String>,
    pub occurred: Option<OccurredInput>,
    pub location: Option<LocationInput>,
    pub category: Option<String>,
    pub tags: Option<Vec<String>>,
    pub narrative: Option<String>,
    pub perpetrators: Option<Vec<PerpetratorInput>>,
    pub victims: Option<Vec<String>>,
    pub witnesses: Option<Vec<String>>,
    pub source: Option<String>,
    pub reliability: Option<Reliability>,
    pub confidentiality: Option<Confidentiality>,
}

/// Normalise a category the user typed to its id: lowercase, spaces, `-` and `/` as `_`,
/// aliases resolved. Returns the built-in id if it is one, else the normalised form.
pub fn normalise_category(s: &str) -> String {
    let n: String = s
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c == ' ' || c == '-' || c == '/' {
                '_'
            } else {
                c
            }
        })
        .collect();
    for (id, aliases) in CATEGORIES {
        if *id == n || aliases.contains(&n.as_str()) {
            return (*id).to_owned();
        }
    }
    n
}

pub fn is_builtin_category(id: &str) -> bool {
    CATEGORIES.iter().any(|(c, _)| *c == id)
}

/// Normalise a tag: trimmed, lowercase, internal whitespace collapsed.
pub fn normalise_tag(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn check_len(field: &'static str, s: &str, max: usize) -> Result<(), ModelError> {
    let len = s.chars().count();
    if len > max {
        return Err(ModelError::TooLong { field, len, max });
    }
    Ok(())
}

fn check_list(
    field: &'static str,
    v: &[String],
    max_n: usize,
    max_len: usize,
) -> Result<(), ModelError> {
    if v.len() > max_n {
        return Err(ModelError::TooMany {
            field,
            len: v.len(),
            max: max_n,
        });
    }
    v.iter().try_for_each(|s| check_len(field, s, max_len))
}

fn resolve_occurred(o: OccurredInput, now: &jiff::Zoned) -> Result<Occurred, ModelError> {
    match o {
        // The length is checked before parsing: the parser's time grows with the input.
        OccurredInput::Text(t) if t.chars().count() > MAX_SHORT_TEXT => Err(ModelError::TooLong {
            field: "occurred",
            len: t.chars().count(),
            max: MAX_SHORT_TEXT,
        }),
        OccurredInput::Text(t) => dates::parse(&t, now).map_err(|e| ModelError::Date {
            text: t.clone(),
            reason: e,
        }),
        OccurredInput::Full(o) => {
            // A full object is taken as given, but its bounds must be readable and ordered.
            let bad = |why: InvalidDate| ModelError::Date {
                text: o.text.clone(),
                reason: DateError::Invalid(why),
            };
            if o.precision == Precision::Unknown {
                return Ok(Occurred {
                    start: None,
                    end: None,
                    ..o
                });
            }
            let (s, e) = match (o.start_ts(), o.end_ts()) {
                (Some(s), Some(e)) => (s, e),
                (Some(s), None) if o.end.is_none() => (s, s),
                _ => return Err(bad(InvalidDate::NotRfc3339)),
            };
            if s > e {
                return Err(bad(InvalidDate::StartAfterEnd));
            }
            // The checks a typed date gets: an exact time is one instant, and nothing starts
            // in the future (the same minute's grace as `dates::parse`).
            if o.precision == Precision::Exact && s != e {
                return Err(bad(InvalidDate::ExactWithSpan));
            }
            if s > now.timestamp() + jiff::SignedDuration::from_mins(1) {
                return Err(ModelError::Date {
                    text: o.text.clone(),
                    reason: DateError::InFuture,
                });
            }
            let end = o.end.clone().or_else(|| o.start.clone());
            Ok(Occurred { end, ..o })
        }
    }
}

impl IncidentInput {
    /// Apply these fields to `base` (amend), or build a new incident when `base` is None
    /// (add). Validates everything; `known_category` says whether a user category exists.
    pub fn apply(
        self,
        base: Option<&Incident>,
        id: &str,
        now: &jiff::Zoned,
        known_category: &dyn Fn(&str) -> bool,
    ) -> Result<Incident, ModelError> {
        let mut inc = match base {
            Some(b) => b.clone(),
            None => Incident {
                id: id.to_owned(),
                title: String::new(),
                occurred: Occurred {
                    text: String::new(),
                    precision: Precision::Unknown,
                    start: None,
                    end: None,
                },
                recorded: now
                    .timestamp()
                    .round(jiff::Unit::Second)
                    .unwrap_or(now.timestamp())
                    .to_string(),
                location: Location::default(),
                category: String::new(),
                tags: vec![],
                narrative: String::new(),
                perpetrators: vec![],
                victims: vec![],
                witnesses: vec![],
                source: String::new(),
                reliability: Reliability::Unknown,
                confidentiality: Confidentiality::Confidential,
                attachments: vec![],
            },
        };
        if base.is_none() {
            if self.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                return Err(ModelError::Missing("title"));
            }
            if self.occurred.is_none() {
                return Err(ModelError::Missing("occurred"));
            }
            if self.category.is_none() {
                return Err(ModelError::Missing("category"));
            }
        }
        if let Some(t) = self.title {
            if t.trim().is_empty() {
                return Err(ModelError::Missing("title"));
            }
            check_len("title", &t, MAX_TITLE)?;
            inc.title = t;
        }
        if let Some(o) = self.occurred {
            inc.occurred = resolve_occurred(o, now)?;
            check_len("occurred", &inc.occurred.text, MAX_SHORT_TEXT)?;
        }
        if let Some(l) = self.location {
            let l = match l {
                LocationInput::Text(text) => Location {
                    text,
                    lat: None,
                    lon: None,
                },
                LocationInput::Full(l) => l,
            };
            check_len("location", &l.text, MAX_SHORT_TEXT)?;
            match (l.lat, l.lon) {
                (None, None) => {}
                (Some(la), Some(lo))
                    if (-90.0..=90.0).contains(&la) && (-180.0..=180.0).contains(&lo) => {}
                _ => return Err(ModelError::BadCoordinates),
            }
            inc.location = l;
        }
        if let Some(c) = self.category {
            let c = normalise_category(&c);
            if c.is_empty() {
                return Err(ModelError::Missing("category"));
            }
            if !is_builtin_category(&c) && !known_category(&c) {
                return Err(ModelError::UnknownCategory(c));
            }
            inc.category = c;
        }
        if let Some(tags) = self.tags {
            check_list("tags", &tags, MAX_TAGS, MAX_TAG_LEN)?;
            let mut out: Vec<String> = vec![];
            for t in tags
                .iter()
                .map(|t| normalise_tag(t))
                .filter(|t| !t.is_empty())
            {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
            inc.tags = out;
        }
        if let Some(n) = self.narrative {
            check_len("narrative", &n, MAX_NARRATIVE)?;
            inc.narrative = n;
        }
        if let Some(p) = self.perpetrators {
            if p.len() > MAX_PEOPLE {
                return Err(ModelError::TooMany {
                    field: "perpetrators",
                    len: p.len(),
                    max: MAX_PEOPLE,
                });
            }
            inc.perpetrators = p
                .into_iter()
                .map(|p| match p {
                    PerpetratorInput::Text(description) => Perpetrator {
                        description,
                        ..Default::default()
                    },
                    PerpetratorInput::Full(p) => p,
                })
                .collect();
            for p in &inc.perpetrators {
                check_len("perpetrators", &p.description, MAX_SHORT_TEXT)?;
                check_len("perpetrators", &p.agency, MAX_SHORT_TEXT)?;
                check_list("perpetrators", &p.vehicles, MAX_PEOPLE, MAX_SHORT_TEXT)?;
            }
        }
        if let Some(v) = self.victims {
            check_list("victims", &v, MAX_PEOPLE, MAX_SHORT_TEXT)?;
            inc.victims = v;
        }
        if let Some(v) = self.witnesses {
            check_list("witnesses", &v, MAX_PEOPLE, MAX_SHORT_TEXT)?;
            inc.witnesses = v;
        }
        if let Some(s) = self.source {
            check_len("source", &s, MAX_SHORT_TEXT)?;
            inc.source = s;
        }
        if let Some(r) = self.reliability {
            inc.reliability = r;
        }
        if let Some(c) = self.confidentiality {
            inc.confidentiality = c;
        }
        Ok(inc)
    }
}

impl Incident {
    /// Text indexed for search: (title, narrative, location, people, tags).
    pub fn search_fields(&self) -> [String; 5] {
        let mut people = vec![];
        for p in &self.perpetrators {
            people.push(p.description.clone());
            people.push(p.agency.clone());
            people.extend(p.vehicles.iter().cloned());
        }
        people.extend(self.victims.iter().cloned());
        people.extend(self.witnesses.iter().cloned());
        people.push(self.source.clone());
        [
            self.title.clone(),
            self.narrative.clone(),
            format!("{} {}", self.location.text, self.occurred.text),
            people.join("\n"),
            self.tags.join(" "),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> jiff::Zoned {
        "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap()
    }

    fn input(json: &str) -> IncidentInput {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn add_requires_fields_and_normalises() {
        let i = input(
            r#"{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"Threat in person","tags":["Бишкек"," бишкек ","ҢӨҮ"],"perpetrators":["two men",{"description":"driver","vehicles":["01KG123ABC"],"count":1}]}"#,
        );
        let inc = i.apply(None, "ABC123", &now(), &|_| false).unwrap();
        assert_eq!(inc.category, "threat_in_person");
        assert_eq!(inc.tags, vec!["бишкек", "ңөү"]);
        assert_eq!(inc.perpetrators[0].description, "two men");
        assert_eq!(inc.perpetrators[1].vehicles, vec!["01KG123ABC"]);
        assert_eq!(inc.recorded, "2026-11-28T06:00:00Z");
        let missing =
            input(r#"{"title":"x","category":"other"}"#).apply(None, "A", &now(), &|_| false);
        assert_eq!(missing.unwrap_err(), ModelError::Missing("occurred"));
    }

    /// A full date object gets the checks a typed date gets (found by an adversarial probe:
    /// an "exact" 15:00–18:00 was shown as 15:00, and a start in 2030 was accepted where the
    /// words "2030-01-01" are refused).
    #[test]
    fn full_date_objects_are_checked_like_typed_ones() {
        let with = |occ: &str| {
            input(&format!(
                r#"{{"title":"x","category":"other","occurred":{occ}}}"#
            ))
            .apply(None, "A", &now(), &|_| false)
        };
        let reason = |occ: &str| match with(occ) {
            Err(ModelError::Date { reason, .. }) => reason,
            r => panic!("{occ}: {r:?}"),
        };
        assert_eq!(
            reason(
                r#"{"text":"t","precision":"exact","start":"2026-11-27T15:00:00+06:00","end":"2026-11-27T18:00:00+06:00"}"#
            ),
            DateError::Invalid(InvalidDate::ExactWithSpan)
        );
        assert_eq!(
            reason(
                r#"{"text":"t","precision":"day","start":"2030-01-01T00:00:00+06:00","end":"2030-01-01T23:59:59+06:00"}"#
            ),
            DateError::InFuture
        );
        assert_eq!(
            reason(
                r#"{"text":"t","precision":"range","start":"2026-11-27T18:00:00+06:00","end":"2026-11-27T15:00:00+06:00"}"#
            ),
            DateError::Invalid(InvalidDate::StartAfterEnd)
        );
        // What `show --json` writes is taken back as it is.
        let ok = with(
            r#"{"precision":"range","start":"2026-11-27T15:00:00+06:00","end":"2026-11-27T18:00:00+06:00","text":"вчера с 15 до 18"}"#,
        )
        .unwrap();
        assert_eq!(ok.occurred.text, "вчера с 15 до 18");
        with(r#"{"text":"t","precision":"exact","start":"2026-11-28T12:00:30+06:00"}"#).unwrap();
    }

    #[test]
    fn unknown_fields_and_categories_are_refused() {
        assert!(serde_json::from_str::<IncidentInput>(r#"{"titel":"x"}"#).is_err());
        let e = input(r#"{"title":"x","occurred":"2026-11-27 15:00","category":"ufo"}"#)
            .apply(None, "A", &now(), &|_| false)
            .unwrap_err();
        assert_eq!(e, ModelError::UnknownCategory("ufo".into()));
        let ok = input(r#"{"title":"x","occurred":"2026-11-27 15:00","category":"ufo"}"#).apply(
            None,
            "A",
            &now(),
            &|c| c == "ufo",
        );
        assert!(ok.is_ok());
    }

    #[test]
    fn amend_changes_only_given_fields() {
        let base = input(
            r#"{"title":"t","occurred":"2026-11-27 15:00","category":"raid","narrative":"n"}"#,
        )
        .apply(None, "A", &now(), &|_| false)
        .unwrap();
        let later: jiff::Zoned = "2026-11-29T12:00:00+06:00[+06:00]".parse().unwrap();
        let amended = input(r#"{"narrative":"Токтогул көчөсү"}"#)
            .apply(Some(&base), "A", &later, &|_| false)
            .unwrap();
        assert_eq!(amended.narrative, "Токтогул көчөсү");
        assert_eq!(amended.title, "t");
        assert_eq!(amended.recorded, base.recorded);
    }

    #[test]
    fn limits() {
        let tags: Vec<String> = (0..10_000).map(|i| format!("t{i}")).collect();
        let i = IncidentInput {
            tags: Some(tags),
            ..Default::default()
        };
        let base = input(r#"{"title":"t","occurred":"2026-11-27 15:00","category":"raid"}"#)
            .apply(None, "A", &now(), &|_| false)
            .unwrap();
        assert!(matches!(
            i.apply(Some(&base), "A", &now(), &|_| false),
            Err(ModelError::TooMany { .. })
        ));
    }
}
