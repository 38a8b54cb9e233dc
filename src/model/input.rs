//! `add --input json`: one incident object or an array of them, as bytes from stdin.

use serde::Deserialize;
use thiserror::Error;

use super::incident::IncidentInput;
use crate::untrusted::Untrusted;

/// Why the JSON input was refused: where, never the content (serde's own message can quote
/// a value, so the binary says it by position and kind only).
#[derive(Debug, Error)]
pub enum InputError {
    #[error("the input is not UTF-8")]
    NotUtf8,
    /// Not JSON (serde's error: line, column, category).
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("expected an incident object or an array of them")]
    NotObject,
    #[error("the array of incidents is empty")]
    Empty,
    /// `amend --input json` takes one object (the changes to one incident).
    #[error("expected one incident object")]
    NotOneObject,
    /// Incident `item` (1-based) has a key that is not a field of an incident.
    #[error("incident {item}: unknown field {}", .field.sanitized())]
    UnknownField { item: usize, field: Untrusted },
    /// Incident `item`'s `field` has a value of the wrong type, or not one of its values.
    #[error("incident {item}: invalid value in `{field}`")]
    BadValue { item: usize, field: &'static str },
    /// Incident `item` gives the key `field` twice in one object (its own, or `location`).
    #[error("incident {item}: {} is given twice", .field.sanitized())]
    DuplicateField { item: usize, field: Untrusted },
}

/// The fields of an incident on input (`IncidentInput`, docs/incident-model.md).
pub const FIELDS: &[&str] = &[
    "title",
    "occurred",
    "location",
    "category",
    "tags",
    "narrative",
    "perpetrators",
    "victims",
    "witnesses",
    "source",
    "reliability",
    "confidentiality",
];

/// One incident object (item `item`, 1-based); a refusal names the field, not the value.
/// Every field is optional, so each key can be tried on its own to find the one at fault.
fn one(item: usize, v: &serde_json::Value) -> Result<IncidentInput, InputError> {
    let Err(e) = IncidentInput::deserialize(v) else {
        return IncidentInput::deserialize(v).map_err(InputError::from);
    };
    let serde_json::Value::Object(map) = v else {
        return Err(InputError::NotObject);
    };
    for (k, val) in map {
        let Some(field) = FIELDS.iter().find(|f| **f == k) else {
            return Err(InputError::UnknownField {
                item,
                field: Untrusted::new(k.chars().take(64).collect::<String>()),
            });
        };
        let single =
            serde_json::Value::Object(serde_json::Map::from_iter([(k.clone(), val.clone())]));
        if IncidentInput::deserialize(&single).is_err() {
            return Err(InputError::BadValue { item, field });
        }
    }
    Err(InputError::Json(e))
}

/// The first key given twice in one object of `text` (already known to be JSON, an array of
/// incidents if `array`), with the
/// incident it belongs to (1-based; the top-level object is incident 1). serde_json keeps the
/// last of two equal keys — `{"title":"a","title":"b"}` reads as "b" — so a field pasted twice
/// would silently drop text. Hand-written: serde_json has no option to refuse them, and no
/// maintained crate does only this.
fn first_duplicate(text: &str, array: bool) -> Option<(usize, String)> {
    use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    /// Any JSON value; `.0` is the first duplicate key found in it or beneath it.
    struct Scan(Option<String>);
    impl<'de> Deserialize<'de> for Scan {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scan, D::Error> {
            d.deserialize_any(ScanVisitor)
        }
    }
    struct ScanVisitor;
    impl<'de> Visitor<'de> for ScanVisitor {
        type Value = Scan;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Scan, E> {
            Ok(Scan(None))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Scan, E> {
            Ok(Scan(None))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Scan, E> {
            Ok(Scan(None))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Scan, E> {
            Ok(Scan(None))
        }
        fn visit_str<E>(self, _: &str) -> Result<Scan, E> {
            Ok(Scan(None))
        }
        fn visit_unit<E>(self) -> Result<Scan, E> {
            Ok(Scan(None))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scan, A::Error> {
            let mut found = None;
            while let Some(Scan(d)) = seq.next_element()? {
                found = found.or(d);
            }
            Ok(Scan(found))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scan, A::Error> {
            let mut keys = std::collections::HashSet::new();
            let mut found = None;
            while let Some(k) = map.next_key::<String>()? {
                let Scan(inner) = map.next_value()?;
                if found.is_none() && !keys.insert(k.clone()) {
                    found = Some(k);
                }
                found = found.or(inner);
            }
            Ok(Scan(found))
        }
    }

    if array {
        // Item by item, to name the incident.
        let items: Vec<Scan> = serde_json::from_str(text).ok()?;
        items
            .into_iter()
            .enumerate()
            .find_map(|(n, Scan(d))| d.map(|k| (n + 1, k)))
    } else {
        serde_json::from_str::<Scan>(text).ok()?.0.map(|k| (1, k))
    }
}

/// Refuse a key given twice (see [`first_duplicate`]).
fn no_duplicates(text: &str, v: &serde_json::Value) -> Result<(), InputError> {
    match first_duplicate(text, v.is_array()) {
        Some((item, k)) => Err(InputError::DuplicateField {
            item,
            field: Untrusted::new(k.chars().take(64).collect::<String>()),
        }),
        None => Ok(()),
    }
}

/// Parse one object or a non-empty array of objects.
pub fn parse_input_list(bytes: &[u8]) -> Result<Vec<IncidentInput>, InputError> {
    let text = std::str::from_utf8(bytes).map_err(|_| InputError::NotUtf8)?;
    let v: serde_json::Value = serde_json::from_str(text)?;
    no_duplicates(text, &v)?;
    let items = match v {
        serde_json::Value::Array(a) => a,
        o @ serde_json::Value::Object(_) => vec![o],
        _ => return Err(InputError::NotObject),
    };
    if items.is_empty() {
        return Err(InputError::Empty);
    }
    items
        .iter()
        .enumerate()
        .map(|(n, i)| one(n + 1, i))
        .collect()
}

/// Parse one incident object (`amend --input json`).
pub fn parse_object(text: &str) -> Result<IncidentInput, InputError> {
    let v: serde_json::Value = serde_json::from_str(text)?;
    if !v.is_object() {
        return Err(InputError::NotOneObject);
    }
    no_duplicates(text, &v)?;
    one(1, &v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_object_or_a_non_empty_array() {
        let one = br#"{"title":"x","occurred":"2024-03-01","category":"followed"}"#;
        assert_eq!(parse_input_list(one).unwrap().len(), 1);
        let two = format!("[{0},{0}]", std::str::from_utf8(one).unwrap());
        assert_eq!(parse_input_list(two.as_bytes()).unwrap().len(), 2);
        assert!(matches!(parse_input_list(b"[]"), Err(InputError::Empty)));
        assert!(matches!(parse_input_list(b"3"), Err(InputError::NotObject)));
        assert!(matches!(
            parse_input_list(b"\xff"),
            Err(InputError::NotUtf8)
        ));
        assert!(matches!(parse_input_list(b"{"), Err(InputError::Json(_))));
        match parse_input_list(br#"[{"title":"x"},{"titel":"x"}]"#) {
            Err(InputError::UnknownField { item: 2, field }) => assert!(field.is("titel")),
            r => panic!("{r:?}"),
        }
        assert!(matches!(
            parse_input_list(br#"{"title":"x","reliability":"secret words","tags":["a"]}"#),
            Err(InputError::BadValue {
                item: 1,
                field: "reliability"
            })
        ));
        assert!(matches!(
            parse_object(r#"{"tags":"not a list"}"#),
            Err(InputError::BadValue {
                item: 1,
                field: "tags"
            })
        ));
        // A key given twice is refused, naming the incident, also inside `location`.
        match parse_input_list(br#"[{"title":"a"},{"title":"a","tags":[],"title":"b"}]"#) {
            Err(InputError::DuplicateField { item: 2, field }) => assert!(field.is("title")),
            r => panic!("{r:?}"),
        }
        match parse_object(r#"{"location":{"lat":1,"lon":2,"lat":3}}"#) {
            Err(InputError::DuplicateField { item: 1, field }) => assert!(field.is("lat")),
            r => panic!("{r:?}"),
        }
        // Equal keys in different objects are not duplicates.
        assert!(parse_input_list(br#"[{"title":"a"},{"title":"a"}]"#).is_ok());
        // Every listed field is one an incident accepts.
        for f in FIELDS {
            let v = serde_json::json!({ *f: null });
            assert!(IncidentInput::deserialize(&v).is_ok(), "{f}");
        }
    }
}
