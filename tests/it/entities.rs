//! Entities across incidents (issue 14): `sandyk entities`, `entities show NAME`, the entity
//! filters of `list`, and bad input — an empty vault, incidents naming nothing, unknown and
//! ambiguous names, huge narratives, plates in odd forms: clear messages, exit codes,
//! nothing changed, no crash.

use crate::support::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    assert_ok(o);
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[track_caller]
fn assert_unchanged(
    e: &Env,
    before: &std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)>,
) {
    let after = snapshot(&e.vault());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (k, (b, m)) in before {
        assert!(after[k].0 == *b, "{k} changed");
        assert_eq!(after[k].1, *m, "{k} modification time changed");
    }
}

const SEED: &str = r#"[
 {"title":"Серая Лада у офиса","occurred":"2026-11-20 10:00","category":"followed",
  "location":"Бишкек, Токтогул көчөсү","narrative":"Машина 01KG 123ABC стояла два часа.",
  "perpetrators":[{"description":"Двое в штатском","agency":"ГКНБ"}],"witnesses":["Семён"]},
 {"title":"Again","occurred":"2026-11-25 18:00","category":"photographed",
  "location":"бишкек,  токтогул КӨЧӨСҮ",
  "perpetrators":[{"description":"двое в штатском","vehicles":["01 123 АВС"]}],
  "witnesses":["семен"],"victims":["Айгүл"]},
 {"title":"Named nothing","occurred":"2026-11-26","category":"other"}
]"#;

#[test]
fn entities_list_show_and_filters() {
    let e = Env::new();
    e.init();
    let added = e.add_json(SEED);
    assert_eq!(added.len(), 3);

    let v = json(&e.run(&["entities", "--json"], &[PASS], b""));
    let all = v.as_array().unwrap();
    let plate = all.iter().find(|x| x["kind"] == "vehicle").unwrap();
    assert_eq!(plate["key"], "01KG123ABC");
    assert_eq!(plate["incidents"], 2);
    assert!(plate["first_seen"].as_str().unwrap() < plate["last_seen"].as_str().unwrap());
    assert!(all.iter().all(|x| x["incidents"].as_u64().unwrap() >= 1));

    let v = json(&e.run(&["entities", "--kind", "witness", "--json"], &[PASS], b""));
    assert_eq!(
        v.as_array().unwrap().len(),
        1,
        "Семён and семен are one witness"
    );

    // Human output: kind, count, first … last, name.
    let o = e.run(&["entities", "--kind", "place"], &[PASS], b"");
    assert_ok(&o);
    assert!(
        stdout(&o).contains("2026-11-20 … 2026-11-25"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("Токтогул"), "{}", stdout(&o));

    // show: the plate in another form, Cyrillic look-alikes and lower case.
    for name in ["01 кг 123 авс", "01KG123ABC", "01-kg-123-abc"] {
        let v = json(&e.run(&["entities", "show", name, "--json"], &[PASS], b""));
        assert_eq!(ids(&v), added[..2], "{name}");
    }
    // In time order.
    let o = e.run(&["entities", "show", "СЕМЁН"], &[PASS], b"");
    assert_ok(&o);
    let lines: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with(&added[0]) && lines[1].starts_with(&added[1]));

    // list filters.
    let f = |args: &[&str]| {
        let mut a = vec!["list", "--json"];
        a.extend_from_slice(args);
        ids(&json(&e.run(&a, &[PASS], b"")))
    };
    assert_eq!(f(&["--vehicle", "01КГ123АВС"]), added[..2]);
    assert_eq!(f(&["--perpetrator", "ДВОЕ  В ШТАТСКОМ"]), added[..2]);
    assert_eq!(
        f(&["--witness", "семён", "--category", "followed"]),
        added[..1]
    );
    assert_eq!(f(&["--place", "Бишкек, Токтогул көчөсү"]), added[..2]);
    assert!(f(&["--vehicle", "02KG999XYZ"]).is_empty());

    // Amend and delete keep it current.
    let o = e.run(
        &["amend", &added[0], "--input", "json"],
        &[PASS],
        br#"{"narrative":"no plate now"}"#,
    );
    assert_ok(&o);
    assert_eq!(f(&["--vehicle", "01KG123ABC"]), added[1..2]);
    assert_ok(&e.run(&["delete", &added[1], "--yes"], &[PASS], b""));
    assert!(f(&["--vehicle", "01KG123ABC"]).is_empty());
    let v = json(&e.run(&["entities", "--kind", "vehicle", "--json"], &[PASS], b""));
    assert!(v.as_array().unwrap().is_empty());
    assert_check_ok(&e, PASS);
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let e = Env::new();
    e.init();
    // Empty vault.
    let before = snapshot(&e.vault());
    let o = e.run(&["entities"], &[PASS], b"");
    assert_ok(&o);
    assert!(stdout(&o).is_empty());
    assert!(!stderr(&o).is_empty(), "says there is nothing");
    let v = json(&e.run(&["entities", "--json"], &[PASS], b""));
    assert_eq!(v, serde_json::json!([]));
    let o = e.run(&["entities", "show", "Nobody"], &[PASS], b"");
    assert_code(&o, 5);
    assert!(stderr(&o).contains("hint:"), "{}", stderr(&o));
    assert_unchanged(&e, &before);

    // Incidents naming nothing; a huge narrative with plates in odd forms.
    let mut narrative = String::from("Начало. ");
    for i in 0..20_000 {
        narrative.push_str(&format!(
            "слово{i} 0{} 12{} ЖЖЖ 01KG123ABCж x01KG123ABC ",
            i % 10,
            i % 10
        ));
    }
    narrative.push_str("и наконец 07 кг 001 ехх.");
    let big = serde_json::json!([
        {"title":"Nothing","occurred":"2026-11-26","category":"other"},
        {"title":"Big","occurred":"2026-11-27","category":"other","narrative":narrative},
    ]);
    let added = e.add_json(&big.to_string());
    let v = json(&e.run(&["entities", "--json"], &[PASS], b""));
    let keys: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["07KG001EXX"], "only the one real plate is found");
    let v = json(&e.run(
        &["list", "--json", "--vehicle", "07 KG 001 EXX"],
        &[PASS],
        b"",
    ));
    assert_eq!(ids(&v), added[1..]);

    let before = snapshot(&e.vault());
    // Unknown, empty and ambiguous names; a bad kind.
    let o = e.run(&["entities", "show", "01KG000AAA"], &[PASS], b"");
    assert_code(&o, 5);
    let o = e.run(&["entities", "show", "  \u{200b} "], &[PASS], b"");
    assert_code(&o, 2);
    let o = e.run(&["list", "--perpetrator", " "], &[PASS], b"");
    assert_code(&o, 2);
    assert!(stderr(&o).contains("sandyk entities"), "{}", stderr(&o));
    let o = e.run(&["entities", "--kind", "dragon"], &[PASS], b"");
    assert_code(&o, 2);
    e.add_json(r#"[{"title":"a","occurred":"2026-11-27","category":"other","witnesses":["Азамат Беков"]},
                  {"title":"b","occurred":"2026-11-27","category":"other","witnesses":["Азамат Осмонов"]}]"#);
    let before2 = snapshot(&e.vault());
    let o = e.run(&["entities", "show", "азамат"], &[PASS], b"");
    assert_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("Азамат Беков") && err.contains("Азамат Осмонов"),
        "{err}"
    );
    assert!(err.contains("--kind"), "{err}");
    // The full name is not ambiguous.
    let v = json(&e.run(
        &["entities", "show", "азамат беков", "--json"],
        &[PASS],
        b"",
    ));
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_unchanged(&e, &before2);
    drop(before);
    assert_check_ok(&e, PASS);
}

#[test]
fn messages_are_translated() {
    let e = Env::new();
    e.init();
    for (lang, word) in [("ru", "sandyk entities"), ("ky", "sandyk entities")] {
        let o = e.run(
            &["--lang", lang, "entities", "show", "Nobody"],
            &[PASS],
            b"",
        );
        assert_code(&o, 5);
        let err = stderr(&o);
        assert!(err.contains(word), "{err}");
        assert!(
            err.chars().any(|c| ('а'..='я').contains(&c)),
            "{lang}: {err}"
        );
    }
}

#[test]
fn stats_per_category_per_month() {
    let e = Env::new();
    e.init();
    let o = e.run(&["stats"], &[PASS], b"");
    assert_ok(&o);
    assert!(
        stdout(&o).is_empty() && !stderr(&o).is_empty(),
        "empty vault"
    );
    e.add_json(SEED);
    e.add_json(&incident("Later", "2026-10-03 09:00", "followed"));
    let v = json(&e.run(&["stats", "--json"], &[PASS], b""));
    assert_eq!(v["per"], "month");
    assert_eq!(v["by"], "category");
    assert_eq!(
        v["counts"],
        serde_json::json!([
            {"period": "2026-10", "category": "followed", "incidents": 1},
            {"period": "2026-11", "category": "followed", "incidents": 1},
            {"period": "2026-11", "category": "other", "incidents": 1},
            {"period": "2026-11", "category": "photographed", "incidents": 1},
        ])
    );
    assert_eq!(v["rising"], serde_json::json!([]), "nothing rose sharply");
    // Not a terminal: a plain table, no bars.
    let o = e.run(&["stats"], &[PASS], b"");
    assert_ok(&o);
    assert_eq!(
        stdout(&o),
        "2026-10\tfollowed\t1\n2026-11\tfollowed\t1\n2026-11\tother\t1\n2026-11\tphotographed\t1\n"
    );
}

const PRIORA: &str = r#"[
 {"title":"Приора у дома","occurred":"2026-11-01 09:00","category":"followed",
  "perpetrators":[{"description":"Мужчина в кепке","vehicles":["серая Приора"]}]},
 {"title":"Снова","occurred":"2026-11-08 09:00","category":"followed",
  "perpetrators":[{"description":"Мужчина в кепке","vehicles":["серая приора 01KG123ABC"]}]},
 {"title":"<script>alert(1)</script>","occurred":"2026-11-15 09:00","category":"followed",
  "perpetrators":[{"description":"x","vehicles":["Серая ПРИОРА"]}]}
]"#;

#[test]
fn merge_unmerge_history_and_export() {
    let p = Parties::new();
    let e = &p.sender;
    let added = e.add_json(PRIORA);
    let vehicles =
        |e: &Env| json(&e.run(&["entities", "--kind", "vehicle", "--json"], &[PASS], b""));
    assert_eq!(vehicles(e).as_array().unwrap().len(), 2);

    // Bad input: nothing changes, clear messages and exit codes.
    let before = snapshot(&e.vault());
    for (args, code) in [
        (vec!["entities", "merge", "серая приора", "Nobody"], 5),
        (vec!["entities", "merge", "Nobody", "01KG123ABC"], 5),
        (vec!["entities", "merge", "серая", "01KG123ABC"], 5), // partial names never merge
        (vec!["entities", "merge", "01 123 ABC", "01KG123АВС"], 2),
        (vec!["entities", "merge", "  ", "01KG123ABC"], 2),
        (
            vec!["entities", "merge", "мужчина в кепке", "01KG123ABC"],
            2,
        ), // kinds differ
        (vec!["entities", "unmerge", "серая приора"], 5),
    ] {
        let o = e.run(&args, &[PASS], b"");
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("hint:"), "{args:?}: {}", stderr(&o));
    }
    assert_unchanged(e, &before);
    let o = e.run(&["entities", "history"], &[PASS], b"");
    assert_ok(&o);
    assert!(stdout(&o).is_empty());

    // Merge the two spellings: the incidents count as one vehicle.
    let o = e.run(
        &[
            "entities",
            "merge",
            "серая Приора",
            "серая приора 01KG123ABC",
        ],
        &[PASS],
        b"",
    );
    assert_ok(&o);
    assert!(stderr(&o).contains("01KG123ABC"), "{}", stderr(&o));
    // The merged spelling cannot be merged again (it would stand for the plate).
    let o = e.run(
        &["entities", "merge", "серая приора", "мужчина в кепке"],
        &[PASS],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unmerge"), "{}", stderr(&o));
    // (the plate is also in the narrative of one of Parties' incidents, of 2026-11-27)
    let v = vehicles(e);
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["incidents"], 4);
    let listed = ids(&json(&e.run(
        &["list", "--json", "--vehicle", "серая приора"],
        &[PASS],
        b"",
    )));
    let mut all = added.clone();
    all.push(p.ids[0].clone());
    assert_eq!(listed, all);
    // Visible in history, with its revision in the chain.
    let h = json(&e.run(&["entities", "history", "--json"], &[PASS], b""));
    assert_eq!(h[0]["change"]["op"], "merge");
    assert_eq!(h[0]["change"]["into"], "01KG123ABC");
    assert!(h[0]["seq"].as_u64().unwrap() > 0);
    let o = e.run(&["--lang", "ru", "entities", "history"], &[PASS], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains("объединено"), "{}", stdout(&o));
    assert_check_ok(e, PASS);

    // The export carries the merged view: the report's entity table and the merge.
    let bundle = p.export(
        "merged.age",
        &added.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let files = entries(&p.decrypt(&bundle));
    let (_, report) = files.iter().find(|(n, _)| n == "report.html").unwrap();
    let report = String::from_utf8(report.clone()).unwrap();
    let table = &report[report.find("class=\"entities\"").expect("entity section")..];
    let table = &table[..table.find("</section>").unwrap()];
    assert!(table.contains("<td>01KG123ABC</td><td>3</td>"), "{table}");
    assert!(table.contains("“Серая ПРИОРА” → “01KG123ABC”"), "{table}");
    assert!(!report.contains("<script>alert"), "escaped");

    // Undo: the spelling is its own vehicle again; both changes stay in the history.
    let o = e.run(&["entities", "unmerge", "СЕРАЯ ПРИОРА"], &[PASS], b"");
    assert_ok(&o);
    let v = vehicles(e);
    assert_eq!(v.as_array().unwrap().len(), 2);
    let h = json(&e.run(&["entities", "history", "--json"], &[PASS], b""));
    assert_eq!(h.as_array().unwrap().len(), 2);
    assert_eq!(h[1]["change"]["op"], "unmerge");
    assert_eq!(
        ids(&json(&e.run(
            &["list", "--json", "--vehicle", "01KG123ABC"],
            &[PASS],
            b""
        ))),
        [added[1].clone(), p.ids[0].clone()]
    );
    assert_check_ok(e, PASS);
}

#[test]
fn stats_per_week_per_entity_and_rises() {
    let e = Env::new();
    e.init();
    // The test clock is 2026-11-28 12:00 in Bishkek: the last four weeks start 2026-10-31.
    let old = e.add_json(
        r#"[{"title":"t","occurred":"2026-09-10 10:00","category":"raid",
             "narrative":"02KG555XYZ"},
            {"title":"t","occurred":"2026-08-10 10:00","category":"followed"},
            {"title":"t","occurred":"2026-09-01 10:00","category":"followed"},
            {"title":"t","occurred":"2026-11-27 10:00","category":"followed"}]"#,
    );
    assert_eq!(old.len(), 4);
    let recent: Vec<String> = ["2026-11-02", "2026-11-16", "2026-11-23", "2026-11-24"]
        .iter()
        .map(|d| {
            format!(
                r#"{{"title":"t","occurred":"{d} 09:00","category":"raid",
                    "perpetrators":[{{"description":"x","vehicles":["02 555 хуz"]}}]}}"#
            )
        })
        .collect();
    e.add_json(&format!("[{}]", recent.join(",")));

    let v = json(&e.run(&["stats", "--json"], &[PASS], b""));
    assert_eq!(
        v["rising"],
        serde_json::json!([
            {"category": "raid", "recent": 4, "before": 1},
            {"kind": "perpetrator", "key": "x", "name": "x", "recent": 4, "before": 0},
            {"kind": "vehicle", "key": "02KG555XYZ", "name": "02 555 хуz", "recent": 4, "before": 1},
        ]),
        "raid, the man and the plate rose; followed (1 recent, 2 before) did not"
    );
    assert_eq!(v["windows"]["until"], 1_795_845_600i64);

    // Per ISO week: 2026-11-23 and 24 are week 48.
    let v = json(&e.run(&["stats", "--week", "--json"], &[PASS], b""));
    assert_eq!(v["per"], "week");
    assert!(v["counts"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"period": "2026-W48", "category": "raid", "incidents": 2})));

    // Per entity.
    let v = json(&e.run(
        &["stats", "--entities", "--kind", "vehicle", "--json"],
        &[PASS],
        b"",
    ));
    assert_eq!(v["by"], "entity");
    let c = v["counts"].as_array().unwrap();
    assert_eq!(c.len(), 2, "September and November: {c:?}");
    assert!(c.iter().all(|x| x["key"] == "02KG555XYZ"));
    assert_eq!(
        c.iter()
            .map(|x| x["incidents"].as_u64().unwrap())
            .sum::<u64>(),
        5
    );

    // Plain output: the table, then the rises.
    let o = e.run(&["stats", "--entities", "--top", "1"], &[PASS], b"");
    assert_ok(&o);
    let out = stdout(&o);
    assert!(
        out.starts_with("2026-09\tvehicle\t02KG555XYZ\t1\n"),
        "{out}"
    );
    assert!(out.contains("rise\tcategory\traid\t4\t1\n"), "{out}");
    assert!(out.contains("rise\tvehicle\t02KG555XYZ\t4\t1\n"), "{out}");

    // On a terminal, in the user's language.
    let (o, tty) = run_with_tty(e.cmd(&["--lang", "ru", "stats", "--week"], &[PASS]), true);
    assert_ok(&o);
    assert!(tty.contains("2026-W48"), "{tty}");
    assert!(tty.contains("Резко участились"), "{tty}");
    assert!(tty.contains("▲ 02 555 хуz (машина): 4"), "{tty}");
    assert!(tty.contains('█'), "{tty}");
    for l in tty.lines() {
        assert!(l.trim_end().chars().count() <= 80, "{l:?}");
    }
    // Bad input: usage errors.
    for args in [
        vec!["stats", "--kind", "vehicle"],
        vec!["stats", "--entities", "--top", "0"],
    ] {
        let o = e.run(&args, &[PASS], b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

/// Merged names outlive the incidents that named them (the merges record keeps them, in the
/// hash chain): a report lists only the merges its own incidents name. So neither the
/// defender's report nor a bundle shows a spelling that none of its incidents names — one
/// from an incident not exported, or deleted — while `entities history` keeps every merge.
#[test]
fn reports_list_only_the_merges_their_incidents_name() {
    let p = Parties::new();
    let e = &p.sender;
    let added = e.add_json(PRIORA);
    assert_ok(&e.run(
        &[
            "entities",
            "merge",
            "серая Приора",
            "серая приора 01KG123ABC",
        ],
        &[PASS],
        b"",
    ));
    let merges_shown = |html: &str| -> Vec<String> {
        let Some(k) = html.find("<ul class=\"merges\">") else {
            return vec![];
        };
        let ul = &html[k..k + html[k..].find("</ul>").unwrap()];
        ul.split("<li>").skip(1).map(str::to_owned).collect()
    };
    let report = |ids: &[&str], name: &str| -> String {
        let out = e.home().join(name);
        let mut args = vec!["report", "-o", out.to_str().unwrap()];
        args.extend_from_slice(ids);
        assert_ok(&e.run(&args, &[PASS], b""));
        std::fs::read_to_string(out).unwrap()
    };
    // All three: the merge is shown.
    let all: Vec<&str> = added.iter().map(String::as_str).collect();
    assert_eq!(merges_shown(&report(&all, "all.html")).len(), 1);
    // Only the incident with the plate: the spelling comes from incidents not in the report.
    assert!(merges_shown(&report(&[&added[1]], "one.html")).is_empty());
    let b = p.export("one.age", &[&added[1]]);
    let files = entries(&p.decrypt(&b));
    let (_, html) = files.iter().find(|(n, _)| n == "report.html").unwrap();
    let html = String::from_utf8(html.clone()).unwrap();
    assert!(html.contains("<td>01KG123ABC</td>"), "the entity is there");
    assert!(
        merges_shown(&html).is_empty(),
        "no spelling from other incidents"
    );
    for other in ["Приора у дома", "Серая ПРИОРА", "серая Приора"]
    {
        assert!(!html.contains(other), "{other}");
    }
    // The incidents that named the spelling deleted: no report shows it, the history does.
    for id in [&added[0], &added[2]] {
        assert_ok(&e.run(&["delete", id, "--yes"], &[PASS], b""));
    }
    assert!(merges_shown(&report(&[], "after.html")).is_empty());
    let h = json(&e.run(&["entities", "history", "--json"], &[PASS], b""));
    assert_eq!(h[0]["change"]["op"], "merge");
    assert_eq!(h[0]["change"]["from_name"], "Серая ПРИОРА");
    assert_check_ok(e, PASS);
}
