use crate::support::*;

#[test]
fn init_add_list_round_trip() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(r#"{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"followed","narrative":"Токтогул ңөү"}"#);
    assert_eq!(ids.len(), 1);
    let o = e.run(&["list", "--json"], &[PASS], b"");
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["id"], ids[0].as_str());
    assert_eq!(v[0]["narrative"], "Токтогул ңөү");
}
