//! Bounded work on hostile or mistaken input (I10), where the fuzzers found no crash but a
//! cost that grows with the input: such input must be refused before the costly step.

use std::time::{Duration, Instant};

use crate::support::*;

/// The date parser's time grows with its input (about 50 µs per character in an optimised
/// build for phrases like "between 2 and 4 pm …"): an `occurred` text longer than the field's
/// limit is refused before it is parsed.
#[test]
fn a_huge_occurred_text_is_refused_before_parsing() {
    let e = Env::new();
    e.init();
    let occurred = "between 2 and 4 pm ".repeat(60_000); // 1.1 MB
    let json =
        serde_json::json!({"title": "t", "occurred": occurred, "category": "raid"}).to_string();
    let started = Instant::now();
    let o = e.run(&["add", "--input", "json"], &[PASS], json.as_bytes());
    let took = started.elapsed();
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("`occurred` is too long"),
        "{}",
        stderr(&o)
    );
    assert!(took < Duration::from_secs(10), "refusing took {took:?}");
    // The same for an amendment.
    let id = &e.add_json(r#"{"title":"t","occurred":"вчера","category":"raid"}"#)[0];
    let json = serde_json::json!({"occurred": "около ".repeat(200_000)}).to_string();
    let started = Instant::now();
    let o = e.run(&["amend", id, "--input", "json"], &[PASS], json.as_bytes());
    assert_code(&o, 2);
    assert!(started.elapsed() < Duration::from_secs(10));
}
