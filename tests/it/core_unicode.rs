//! Russian, Kyrgyz and other scripts through the real CLI with `--json`: every field round-
//! trips byte for byte (no normalisation of note text), and search is case-insensitive for
//! Cyrillic, including the Kyrgyz letters ң, ө, ү.

use crate::support::*;

fn search(e: &Env, q: &str) -> Vec<String> {
    // The query on stdin (kept out of argv and shell history) …
    let o = e.run(&["search", "--json"], &[PASS], q.as_bytes());
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    // … and on the command line give the same result.
    let mut args = vec!["search", "--json"];
    args.extend(q.split_whitespace());
    let o = e.run(&args, &[PASS], b"");
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids2: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ids2, "stdin and argv queries differ for {q:?}");
    ids
}

#[test]
fn every_field_round_trips_exactly() {
    let e = Env::new();
    e.init();
    // NFD (combining acute), a ZWJ emoji sequence with a skin tone, Arabic and Hebrew (RTL),
    // Kyrgyz and Russian, CJK, a non-breaking space, tabs and newlines, a BOM-like char.
    let narrative = "Кечээ саат 15:00дө Токтогул көчөсүндө ак машина турду.\n\
                     Ичинде үч киши: ңөү ҢӨҮ.\tcafe\u{301} vs café\n\
                     👩🏽‍⚖️ адвокатка айттым. 🇰🇬\n\
                     مرحبا بالعالم — שלום עולם — 你好\u{a0}мир\u{feff}";
    let input = serde_json::json!({
        "title": "Үй алдында: «Жигули», 01KG 123 ABC — ё, й, ъ",
        "occurred": "2026-11-27 15:00",
        "location": {"text": "Бишкек, Чүй проспекти 1\u{301}23, кв. ۴۵", "lat": 42.8746, "lon": 74.6122},
        "category": "followed",
        "tags": ["Үй", "ТОКТОГУЛ", "ночь"],
        "narrative": narrative,
        "perpetrators": [
            "эки киши жарандык кийимде",
            {"description": "айдоочу", "agency": "ГКНБ / УКМК", "vehicles": ["ак Лада, 01KG123ABC"], "count": 1}
        ],
        "victims": ["Айгүл Токтосунова"],
        "witnesses": ["Нурлан ӨМҮРБЕКОВ", "مريم"],
        "source": "өзүм көрдүм",
        "reliability": "firsthand",
        "confidentiality": "restricted"
    });
    let id = e.add_json(&input.to_string())[0].clone();
    let o = e.run(&["show", &id, "--json"], &[PASS], b"");
    assert_ok(&o);
    let got: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for f in [
        "title",
        "narrative",
        "location",
        "victims",
        "witnesses",
        "source",
        "reliability",
        "confidentiality",
    ] {
        assert_eq!(got[f], input[f], "field {f} changed");
    }
    assert_eq!(
        got["narrative"].as_str().unwrap().as_bytes(),
        narrative.as_bytes()
    );
    assert_eq!(
        got["perpetrators"][0]["description"],
        "эки киши жарандык кийимде"
    );
    assert_eq!(got["perpetrators"][1], input["perpetrators"][1]);
    // Tags are normalised to lowercase (documented), Cyrillic included.
    assert_eq!(got["tags"], serde_json::json!(["үй", "токтогул", "ночь"]));
    // list --json carries the same record.
    let l = list_json(&e, PASS);
    assert_eq!(l[0], got);
    // An amend in Kyrgyz round-trips too, and history keeps the earlier text exactly.
    let amended = "Жаңы маалымат: ңөү — ӨҢҮ 🙂";
    let o = e.run(
        &["amend", &id, "--input", "json"],
        &[PASS],
        serde_json::json!({"narrative": amended})
            .to_string()
            .as_bytes(),
    );
    assert_ok(&o);
    let o = e.run(&["show", &id, "--json"], &[PASS], b"");
    let got2: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(got2["narrative"], amended);
    let o = e.run(&["history", &id, "--json"], &[PASS], b"");
    let h: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let first: serde_json::Value = serde_json::from_str(h[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        first["narrative"].as_str().unwrap().as_bytes(),
        narrative.as_bytes()
    );
}

#[test]
fn cyrillic_search_is_case_insensitive() {
    let e = Env::new();
    e.init();
    let ids = e.add_json(
        r#"[{"title":"Токтогул көчөсүндө","occurred":"2026-11-27 15:00","category":"followed","narrative":"Ак машина үй алдында турду. Өзгөндөн келген эки киши."},
            {"title":"ВЫЗОВ В МИЛИЦИЮ","occurred":"2026-11-20 10:00","category":"summons","narrative":"Сказали прийти ЗАВТРА.","tags":["Ош"]},
            {"title":"Ңоо","occurred":"2026-11-21 10:00","category":"other","location":"Нарын","narrative":"café résumé"}]"#,
    );
    let (a, b, c) = (&ids[0], &ids[1], &ids[2]);
    let cases: &[(&str, &[&String])] = &[
        ("ТОКТОГУЛ", &[a]),
        ("токтогул", &[a]),
        ("Токтог", &[a]),
        ("ҮЙ", &[a]),
        ("үй", &[a]),
        ("ӨЗГӨНДӨН", &[a]),
        ("өзгөн", &[a]),
        ("КӨЧӨСҮНДӨ", &[a]),
        ("ак машина", &[a]),
        ("вызов", &[b]),
        ("милицию", &[b]),
        ("Завтра", &[b]),
        ("ош", &[b]),
        ("ңоо", &[c]),
        ("ҢОО", &[c]),
        ("НАРЫН", &[c]),
        ("cafe", &[c]),
        ("CAFÉ", &[c]),
        ("resume", &[c]),
        ("Бишкек", &[]),
        ("үй Бишкек", &[]),
    ];
    for (q, want) in cases {
        let mut got = search(&e, q);
        got.sort();
        let mut want: Vec<String> = want.iter().map(|s| (*s).clone()).collect();
        want.sort();
        assert_eq!(got, want, "search {q:?}");
    }
    // A decomposed query (e + combining acute) finds the precomposed text too.
    assert_eq!(search(&e, "cafe\u{301}"), [c.as_str()]);
    // Tag filter with Cyrillic in another case.
    let o = e.run(&["list", "--json", "--tag", "ОШ"], &[PASS], b"");
    assert_ok(&o);
    let l: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(l.as_array().unwrap().len(), 1);
    assert_eq!(l[0]["id"], b.as_str());
}
