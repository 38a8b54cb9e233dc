//! Nothing a command writes may land in the vault directory, and none of the vault's own
//! files may be attached (docs/sandbox.md, "Paths in the vault"). Found by an adversarial
//! probe of the command line: `report -o VAULT/sandyk.key --force` wrote the plaintext report
//! over the key file — exit 0, the vault lost for good — and `attachment extract -o
//! VAULT/sandyk.db --force` did the same to the database; `attach ID VAULT/sandyk.key`
//! stored the key file, so that an export would hand it out.

use std::fs;

use crate::support::*;

#[test]
fn no_output_lands_in_the_vault_and_no_vault_file_is_attached() {
    let e = Env::new();
    e.init();
    let id = e
        .add_json(
            r#"{"title":"Путь-canary-7731","occurred":"2026-11-27 15:00","category":"followed"}"#,
        )
        .remove(0);
    let input = e.root.path().join("photo.bin");
    fs::write(&input, noise(5000, 3)).unwrap();
    assert_ok(&e.run(&["attach", &id, input.to_str().unwrap()], &[PASS], b""));
    let v = e.vault();
    let before = snapshot(&v);
    let s = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    let key = s(&v.join("sandyk.key"));
    let db = s(&v.join("sandyk.db"));
    // The same vault file under other names: a symbolic link to the directory, `..`, a
    // hard link from outside.
    let link = e.root.path().join("link-to-vault");
    std::os::unix::fs::symlink(&v, &link).unwrap();
    let hard = e.root.path().join("innocent.bin");
    fs::hard_link(v.join("sandyk.key"), &hard).unwrap();
    let dotdot = format!("{}/../vault/sandyk.db", s(&v));
    let refused: Vec<Vec<String>> = vec![
        vec!["report".into(), "-o".into(), key.clone(), "--force".into()],
        vec!["report".into(), "-o".into(), s(&v.join("report.html"))],
        vec![
            "report".into(),
            "-o".into(),
            s(&link.join("new/dir/report.html")),
        ],
        vec![
            "attachment".into(),
            "extract".into(),
            format!("{id}/1"),
            "-o".into(),
            db.clone(),
            "--force".into(),
            "--original".into(),
        ],
        vec![
            "export".into(),
            id.clone(),
            "--to".into(),
            "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq".into(),
            "-o".into(),
            s(&v.join("b.age")),
        ],
        vec!["keygen".into(), "-o".into(), s(&link.join("id.txt"))],
        vec!["attach".into(), id.clone(), key.clone()],
        vec!["attach".into(), id.clone(), dotdot],
        vec!["attach".into(), id.clone(), s(&hard)],
        vec![
            "add".into(),
            "--input".into(),
            "json".into(),
            "--attach".into(),
            s(&hard),
        ],
    ];
    for args in &refused {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = e.run(
            &argv,
            &[PASS],
            b"{\"title\":\"x\",\"occurred\":\"2026-11-27\",\"category\":\"other\"}",
        );
        assert_code(&o, 2);
        let err = stderr(&o);
        assert!(
            (err.contains("is inside the vault directory")
                || err.contains("is one of the vault's own files"))
                && err.contains("hint:"),
            "{argv:?}: {err}"
        );
        assert_eq!(snapshot(&v), before, "{argv:?} changed the vault");
    }
    fs::remove_file(&hard).unwrap();
    // The vault opens, checks, and still holds its incident and attachment.
    let o = e.run(&["check"], &[PASS], b"");
    assert_ok(&o);
    let o = e.run(&["show", &id], &[PASS], b"");
    assert_ok(&o);
    assert!(stdout(&o).contains("Путь-canary-7731"), "{}", stdout(&o));
    // Outside the vault, the same commands work.
    let out = e.root.path().join("out");
    fs::create_dir(&out).unwrap();
    assert_ok(&e.run(&["report", "-o", &s(&out.join("r.html"))], &[PASS], b""));
    assert_ok(&e.run(
        &[
            "attachment",
            "extract",
            &format!("{id}/1"),
            "-o",
            &s(&out.join("p.bin")),
            "--original",
        ],
        &[PASS],
        b"",
    ));
}
