//! Statements that run once per incident added, amended or deleted, or once per command,
//! must be index lookups, not scans: a scan is invisible with ten incidents and makes a bulk
//! add quadratic with a hundred thousand (measured: 60 s per 10,000 at 100,000 incidents
//! when removing tags scanned the tag table; 5 s with an index). Checked with EXPLAIN
//! QUERY PLAN on a real vault, so a schema or query change that loses an index fails here.

use crate::support::*;

fn plan(v: &sandyk::vault::Vault, sql: &str) -> String {
    let c = v.db.conn();
    let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let n = st.parameter_count();
    let params: Vec<i64> = vec![1; n];
    let rows = st
        .query_map(rusqlite::params_from_iter(params), |r| {
            r.get::<_, String>(3)
        })
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
}

#[test]
fn per_incident_statements_use_indexes() {
    let e = Env::new();
    e.init();
    e.add_json(
        r#"[{"title":"a","occurred":"2026-11-27 15:00","category":"followed","tags":["x","y"]},
            {"title":"b","occurred":"2026-11-20 10:00","category":"raid","tags":["y"]}]"#,
    );
    let v = open_lib(&e.vault(), PASS);
    let statements = [
        // index_incident / delete: an incident's tags.
        "DELETE FROM incident_tags WHERE incident_rowid = ?1",
        // fresh_id, incident_row.
        "SELECT rowid, head_seq, deleted_at FROM incidents WHERE id = ?1",
        // delete: every revision of the incident.
        "UPDATE revisions SET body = NULL WHERE incident_id = ?1",
        // history.
        "SELECT seq FROM revisions WHERE incident_id = ?1 ORDER BY seq",
        // list --tag.
        "SELECT rowid FROM incidents WHERE rowid IN (SELECT incident_rowid FROM incident_tags WHERE tag = ?1)",
    ];
    for sql in statements {
        let p = plan(&v, sql);
        let scans: Vec<&str> = p.split("; ").filter(|s| s.starts_with("SCAN")).collect();
        assert!(scans.is_empty(), "{sql}\n  plan: {p}");
    }
}
