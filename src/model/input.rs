//! `add --input json`: one incident object or an array of them, as bytes from stdin.

use thiserror::Error;

use super::incident::IncidentInput;

/// Why the JSON input was refused. serde's message names the field and position, never the
/// content.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("the input is not UTF-8")]
    NotUtf8,
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("expected an incident object or an array of them")]
    NotObject,
    #[error("the array of incidents is empty")]
    Empty,
}

/// Parse one object or a non-empty array of objects.
pub fn parse_input_list(bytes: &[u8]) -> Result<Vec<IncidentInput>, InputError> {
    let text = std::str::from_utf8(bytes).map_err(|_| InputError::NotUtf8)?;
    let v: serde_json::Value = serde_json::from_str(text)?;
    let items = match v {
        serde_json::Value::Array(a) => a,
        o @ serde_json::Value::Object(_) => vec![o],
        _ => return Err(InputError::NotObject),
    };
    if items.is_empty() {
        return Err(InputError::Empty);
    }
    items
        .into_iter()
        .map(|i| serde_json::from_value(i).map_err(InputError::from))
        .collect()
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
        assert!(matches!(
            parse_input_list(br#"{"titel":"x"}"#),
            Err(InputError::Json(_))
        ));
    }
}
