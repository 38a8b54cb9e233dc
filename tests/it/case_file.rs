//! The lawyer's case file (issue 11): an incident received in an imported bundle is found by
//! `search` and by every `list` filter exactly as its sender's vault finds it among its own
//! — dates, category, tag, full-text search, entity filters — through the case file's own
//! search index (`vault/db/received.rs`), kept in step when a newer version is imported.

use crate::support::*;

const MORE: &str = r#"[
 {"title":"Обыск в офисе","occurred":"2026-10-05 09:00","category":"raid","location":"Ош, Ленина 12",
  "narrative":"Пришли с ордером, забрали ноутбук.","tags":["офис","обыск"],
  "perpetrators":[{"description":"сотрудники ГКНБ","agency":"ГКНБ","vehicles":["белый УАЗ 02KG777XYZ"]}],
  "witnesses":["Бакыт"]},
 {"title":"Вызов на беседу","occurred":"between 2026-11-01 and 2026-11-10","category":"summons",
  "narrative":"Звонили из милиции, просили прийти.","tags":["милиция"]}
]"#;

/// The ids `list` (or `search`) prints as JSON: own incidents, or received ones.
fn ids(e: &Env, args: &[&str]) -> Vec<String> {
    let mut full = args.to_vec();
    full.push("--json");
    let o = e.run(&full, &[PASS], b"");
    assert_ok(&o);
    serde_json::from_slice::<serde_json::Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let inc = if x.get("incident").is_some() {
                &x["incident"]
            } else {
                x
            };
            inc["id"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn import(p: &Parties, b: &std::path::Path) {
    let o = p.import(b, &["--as", "aigul"]);
    assert_ok(&o);
}

#[test]
fn received_incidents_are_found_by_search_and_every_filter_like_own_ones() {
    let p = Parties::new();
    p.sender.add_json(MORE);
    let b = p.export("all.age", &["--all"]);
    p.lawyer.init();
    // The lawyer's own incident is never among the received ones, and the reverse.
    let own = p.lawyer.add_json(
        r#"{"title":"Своя запись: Лада у суда","occurred":"2026-11-27","category":"followed","tags":["офис"]}"#,
    );
    import(&p, &b);

    let filters: &[&[&str]] = &[
        &[],
        &["--since", "2026-11-01"],
        &["--until", "2026-11-05"],
        &["--since", "2026-11-02", "--until", "2026-11-21"],
        &["--category", "followed"],
        &["--category", "RAID"],
        &["--tag", "офис"],
        &["--tag", "ОФИС"],
        &["--tag", "милиция"],
        &["--perpetrator", "двое в штатском"],
        &["--perpetrator", "ГКНБ"],
        &["--vehicle", "02 KG 777 XYZ"],
        &["--place", "Бишкек, Токтогул көчөсү"],
        &["--witness", "айгүл"],
        &["--witness", "Бакыт", "--category", "raid"],
        &["--tag", "офис", "--until", "2026-10-31"],
    ];
    let mut nonempty = 0;
    for f in filters {
        let mine: Vec<String> = ids(&p.sender, &[&["list"], *f].concat());
        for how in [&["--received"][..], &["--from", "aigul"][..]] {
            let theirs = ids(&p.lawyer, &[&["list"], how, *f].concat());
            assert_eq!(theirs, mine, "list {how:?} {f:?}");
        }
        assert!(!ids(&p.lawyer, &[&["list"], *f].concat())
            .iter()
            .any(|i| mine.contains(i)));
        nonempty += usize::from(!mine.is_empty());
    }
    // The cases are not vacuous: most select something, and not everything.
    assert!(
        nonempty >= 12,
        "{nonempty} of {} filters matched",
        filters.len()
    );
    let searches: &[&[&str]] = &[
        &["Лада"],
        &["лада"],
        &["ЛАД"],
        &["токтогул"],
        &["Үйгө"],
        &["ноутбук", "ордером"],
        &["офис"],
        &["офис", "--category", "raid"],
        &["милиции", "--since", "2026-11-01"],
        &["нет-такого-слова"],
        // Found only by the substring fallback.
        &["лиц"],
    ];
    for q in searches {
        let mine = ids(&p.sender, &[&["search"], *q].concat());
        let theirs = ids(&p.lawyer, &[&["search", "--received"], *q].concat());
        assert_eq!(theirs, mine, "search {q:?}");
        let from = ids(&p.lawyer, &[&["search", "--from", "aigul"], *q].concat());
        assert_eq!(from, mine, "search --from {q:?}");
    }
    assert_eq!(
        ids(&p.lawyer, &["search", "лада"]),
        own,
        "own search sees own only"
    );

    // A newer version replaces the old one in the index: the old words are gone.
    let o = p.sender.run(
        &["amend", &p.ids[0], "--input", "json"],
        &[PASS],
        r#"{"title":"Белая Нива у дома","narrative":"Белая Нива стояла у дома.","tags":["дом"]}"#
            .as_bytes(),
    );
    assert_ok(&o);
    let b2 = p.export("newer.age", &["--all"]);
    import(&p, &b2);
    for q in [&["Лада"][..], &["нива"][..], &["дом"][..]] {
        let mine = ids(&p.sender, &[&["search"], q].concat());
        assert_eq!(
            ids(&p.lawyer, &[&["search", "--received"], q].concat()),
            mine,
            "{q:?}"
        );
    }
    assert!(ids(&p.lawyer, &["search", "--received", "Лада"]).is_empty());
    assert_eq!(
        ids(&p.lawyer, &["list", "--received", "--tag", "дом"]),
        vec![p.ids[0].clone()]
    );
    assert!(ids(&p.lawyer, &["list", "--received", "--tag", "Бишкек"]).is_empty());
}

/// `amend`, `delete` and `attach` on a received incident said "no incident with id …" while
/// `show` displayed it (an adversarial probe). They now say it was received, from whom, and
/// that it is kept as sent (exit 2); nothing changes.
#[test]
fn a_received_incident_is_said_to_be_read_only() {
    let p = Parties::new();
    let b = p.export("one.age", &[&p.ids[0]]);
    p.lawyer.init();
    import(&p, &b);
    let id = &p.ids[0];
    let before = p.lawyer.run(&["show", id, "--json"], &[PASS], b"");
    assert_ok(&before);
    let file = p.lawyer.root.path().join("note.txt");
    std::fs::write(&file, b"note").unwrap();
    for args in [
        vec!["amend", id.as_str(), "--input", "json"],
        vec!["delete", id.as_str(), "--yes"],
        vec!["attach", id.as_str(), file.to_str().unwrap()],
    ] {
        let o = p.lawyer.run(&args, &[PASS], br#"{"title":"changed"}"#);
        assert_code(&o, 2);
        let err = stderr(&o);
        assert!(
            err.contains("is an incident received from aigul") && err.contains("hint:"),
            "{args:?}: {err}"
        );
    }
    let after = p.lawyer.run(&["show", id, "--json"], &[PASS], b"");
    assert_eq!(stdout(&after), stdout(&before));
}

/// Importing one's own export said "signed by a key that is not one of your contacts"
/// (exit 7) while `bundle verify` said "From: this vault" (an adversarial probe). It says
/// the bundle is this vault's own now (exit 2), and nothing is imported.
#[test]
fn importing_ones_own_export_says_so() {
    let p = Parties::new();
    let b = p.export("own.age", &[&p.ids[0]]);
    let key = p.lawyer.home().join("key.txt");
    let o = p.sender.run(
        &["import", b.to_str().unwrap(), "-i", key.to_str().unwrap()],
        &[PASS],
        b"",
    );
    assert_code(&o, 2);
    assert!(
        stderr(&o).contains("this bundle was exported from this vault")
            && stderr(&o).contains("hint:"),
        "{}",
        stderr(&o)
    );
    assert!(ids(&p.sender, &["list", "--received"]).is_empty());
}

/// A category of the sender's own (`category add checkpoint`) is not one the lawyer's vault
/// knows: `list --received --category checkpoint` was "unknown category" although `list
/// --received` showed it (a second adversarial probe). It selects those incidents now.
#[test]
fn a_senders_own_category_filters_the_received_incidents() {
    let p = Parties::new();
    assert_ok(&p.sender.run(
        &["category", "add", "checkpoint", "--label", "Блокпост"],
        &[PASS],
        b"",
    ));
    let own = p.sender.add_json(
        r#"{"title":"Проверка на посту","occurred":"2026-11-20","category":"checkpoint"}"#,
    );
    let b = p.export("cat.age", &["--all"]);
    p.lawyer.init();
    import(&p, &b);
    for how in [&["--received"][..], &["--from", "aigul"][..]] {
        let found = ids(
            &p.lawyer,
            &[&["list", "--category", "checkpoint"], how].concat(),
        );
        assert_eq!(found, own, "{how:?}");
    }
    // The lawyer's own incidents: none in it, and that is not an error.
    assert!(ids(&p.lawyer, &["list", "--category", "checkpoint"]).is_empty());
}

/// A contact known only by its signing key (pinned at an import) cannot be sealed or exported
/// to; the refusal says how to add their recipient (`seal` gave no hint, `export` one about
/// the card's first line — a second adversarial probe).
#[test]
fn a_signing_key_only_contact_says_how_to_get_a_recipient() {
    let p = Parties::new();
    let b = p.export("one.age", &[&p.ids[0]]);
    p.lawyer.init();
    import(&p, &b);
    for args in [
        vec!["seal", "--to", "aigul"],
        vec!["export", "--all", "--to", "aigul", "-o", "x.age"],
    ] {
        let o = p.lawyer.run(&args, &[PASS], b"");
        assert_code(&o, 2);
        let err = stderr(&o);
        assert!(
            err.contains("has no recipient")
                && err.contains("hint:")
                && err.contains("contact card --recipient"),
            "{args:?}: {err}"
        );
    }
}
