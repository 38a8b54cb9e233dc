//! Concurrent writers: separate processes adding at the same time (one incident per
//! invocation, as a user's scripts would) lose nothing, fail nothing, and leave a vault whose
//! chain verifies.

use std::collections::BTreeSet;

use crate::support::*;

/// `writers` threads, each running `per_writer` `add` processes one after another.
fn race(writers: usize, per_writer: usize) {
    let e = Env::new();
    e.init();
    let acked: Vec<Vec<String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..writers)
            .map(|w| {
                let e = &e;
                s.spawn(move || {
                    let mut ids = vec![];
                    for n in 0..per_writer {
                        let json = serde_json::json!({
                            "title": format!("writer {w} incident {n} — Токтогул"),
                            "occurred": "2026-11-27 15:00",
                            "category": "followed",
                            "narrative": format!("w{w}n{n}"),
                        })
                        .to_string();
                        let o = e.run(&["add", "--input", "json"], &[PASS], json.as_bytes());
                        assert!(
                            o.status.success(),
                            "writer {w} add {n} failed ({:?}): {}",
                            o.status.code(),
                            stderr(&o)
                        );
                        ids.push(stdout(&o).trim().to_owned());
                    }
                    ids
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let acked: BTreeSet<String> = acked.into_iter().flatten().collect();
    assert_eq!(acked.len(), writers * per_writer, "ids must be unique");
    let list = list_json(&e, PASS);
    let present: BTreeSet<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        present, acked,
        "the final set must equal the acknowledged set"
    );
    // Every incident is the one its writer sent.
    for i in list.as_array().unwrap() {
        let t = i["title"].as_str().unwrap();
        let (w, n) = t
            .strip_prefix("writer ")
            .unwrap()
            .split_once(" incident ")
            .unwrap();
        let n = n.strip_suffix(" — Токтогул").unwrap();
        assert_eq!(i["narrative"], format!("w{w}n{n}"));
    }
    let c = assert_check_ok(&e, PASS);
    assert_eq!(c["incidents"], writers * per_writer);
    assert_eq!(c["revisions"], writers * per_writer);
    assert_eq!(vault_names(&e.vault()), ["sandyk.db", "sandyk.key"]);
}

#[test]
fn two_processes_adding_50_each_give_100() {
    race(2, 50);
}

#[test]
fn eight_writers_adding_10_each_give_80() {
    race(8, 10);
}
