//! The catalog checker: every catalog has every message, nothing stale, the same placeables,
//! every `t!("…")` id used in the source exists, and every `--help` key is translated.
//!
//! Run it with `cargo test --bin sandyk i18n`; a failure lists the ids to fix.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

use sandyk::i18n::{bundle, Lang};

/// Each message id of a catalog with the variables its value and attributes use.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let res = FluentResource::try_new(lang.catalog().to_owned()).unwrap_or_else(|(r, _)| r);
    let mut out = BTreeMap::new();
    for e in res.entries() {
        if let ast::Entry::Message(m) = e {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            for a in &m.attributes {
                pattern_vars(&a.value, &mut vars);
            }
            out.insert(m.id.name.to_owned(), vars);
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

/// Every `.rs` file under `dir`, found by walking it.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read src dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The literal ids in `t!("id"…)` calls of one source text (a call may break the line
/// after the parenthesis), and in the library's `tr(lang, "id", …)` calls (the report takes
/// its language as a parameter).
fn literal_ids(src: &str) -> Vec<String> {
    // Spelled in two pieces so this file does not match itself.
    let mut out = calls(src, concat!("t", "!("));
    out.extend(calls(src, concat!("tr", "(lang,")));
    out
}

fn calls(src: &str, call: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = src;
    while let Some(i) = rest.find(call) {
        // `format!(`, `print!(`… end in "t!(" too: the macro name must stand alone.
        let standalone = !rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        rest = &rest[i + call.len()..];
        if !standalone {
            continue;
        }
        let after = rest.trim_start();
        if let Some(lit) = after.strip_prefix('"') {
            if let Some(end) = lit.find('"') {
                out.push(lit[..end].to_owned());
            }
        }
    }
    out
}

/// `(file, id)` for every literal `t!` id in the crate's source.
fn used_ids() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![];
    for f in rust_files(&root.join("src")) {
        let text = std::fs::read_to_string(&f).expect("read source file");
        // Comments may show the macro with a made-up id.
        let text: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .flat_map(|l| [l, "\n"])
            .collect();
        let rel = f.strip_prefix(root).unwrap_or(&f).display().to_string();
        for id in literal_ids(&text) {
            out.push((rel.clone(), id));
        }
    }
    out
}

fn help_keys() -> BTreeSet<String> {
    crate::cli::help::help_keys(&crate::cli::command())
        .into_iter()
        .collect()
}

fn list<'a>(ids: impl IntoIterator<Item = &'a String>) -> String {
    ids.into_iter().map(|s| format!("  {s}\n")).collect()
}

#[test]
fn scanner_finds_literal_ids() {
    let src = "let a = t!(\"err-one\"); t!(&key); t!(\n    \"vault-created\",\n path = p); format!(\"{x}\"); (t!(\"two\"))";
    assert_eq!(literal_ids(src), ["err-one", "vault-created", "two"]);
    assert!(used_ids()
        .iter()
        .any(|(f, id)| f.ends_with("cli/mod.rs") && id == "prompt-passphrase"));
    // The library's report names its language.
    assert_eq!(literal_ids("esc(&tr(lang, \"bytes\", &[]))"), ["bytes"]);
    assert!(used_ids()
        .iter()
        .any(|(f, id)| f.ends_with("bundle/report.rs") && id == "quoted"));
}

#[test]
fn every_catalog_parses_without_errors() {
    for lang in Lang::ALL {
        let r = FluentResource::try_new(lang.catalog().to_owned());
        if let Err((_, errors)) = r {
            panic!("i18n/{}.ftl has syntax errors: {errors:#?}", lang.code());
        }
        let mut b =
            fluent_bundle::FluentBundle::<FluentResource>::new(vec![lang.code().parse().unwrap()]);
        let res = FluentResource::try_new(lang.catalog().to_owned()).unwrap();
        if let Err(errors) = b.add_resource(res) {
            panic!("i18n/{}.ftl has duplicate ids: {errors:#?}", lang.code());
        }
    }
}

#[test]
fn every_catalog_has_every_message() {
    let en = messages(Lang::En);
    let help = help_keys();
    let mut problems = String::new();
    for lang in [Lang::Ru, Lang::Ky] {
        let other = messages(lang);
        let code = lang.code();
        let missing: Vec<&String> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        if !missing.is_empty() {
            problems += &format!(
                "missing from i18n/{code}.ftl (in en.ftl):\n{}",
                list(missing)
            );
        }
        let stale: Vec<&String> = other
            .keys()
            .filter(|k| !en.contains_key(*k) && !help.contains(*k))
            .collect();
        if !stale.is_empty() {
            problems += &format!(
                "stale in i18n/{code}.ftl (not in en.ftl, not a help key):\n{}",
                list(stale)
            );
        }
        let no_help: Vec<&String> = help.iter().filter(|k| !other.contains_key(*k)).collect();
        if !no_help.is_empty() {
            problems += &format!("help keys missing from i18n/{code}.ftl:\n{}", list(no_help));
        }
        let mut differ = String::new();
        for (id, vars) in &en {
            if let Some(theirs) = other.get(id) {
                if theirs != vars {
                    differ += &format!("  {id}: {theirs:?}, English has {vars:?}\n");
                }
            }
        }
        for k in &help {
            if other.get(k).is_some_and(|v| !v.is_empty()) {
                differ += &format!("  {k}: a help text takes no placeables\n");
            }
        }
        if !differ.is_empty() {
            problems += &format!("placeables differ in i18n/{code}.ftl:\n{differ}");
        }
    }
    let en_help: Vec<&String> = en.keys().filter(|k| help.contains(*k)).collect();
    if !en_help.is_empty() {
        problems += &format!(
            "help keys in en.ftl (English help comes from doc comments):\n{}",
            list(en_help)
        );
    }
    let unknown: BTreeSet<String> = used_ids()
        .into_iter()
        .filter(|(_, id)| !en.contains_key(id))
        .map(|(f, id)| format!("{id}  ({f})"))
        .collect();
    if !unknown.is_empty() {
        problems += &format!(
            "t!(\"…\") ids used in src/ but missing from i18n/en.ftl:\n{}",
            list(&unknown)
        );
    }
    assert!(problems.is_empty(), "catalog problems:\n{problems}");
}

#[test]
fn every_message_formats_without_errors() {
    let en = messages(Lang::En);
    let mut problems = String::new();
    for lang in Lang::ALL {
        let b = bundle(lang);
        for (id, vars) in messages(lang) {
            let Some(pattern) = b.get_message(&id).and_then(|m| m.value()) else {
                problems += &format!("  {} {id}: no value\n", lang.code());
                continue;
            };
            // Numbers exercise every plural form (one, few, many, other); strings the rest.
            let samples: [FluentValue; 5] = [1.into(), 3.into(), 5.into(), 21.into(), "x".into()];
            for v in samples {
                let mut args = FluentArgs::new();
                for name in vars.iter().chain(en.get(&id).into_iter().flatten()) {
                    args.set(name.clone(), v.clone());
                }
                let mut errors = vec![];
                let s = b.format_pattern(pattern, Some(&args), &mut errors);
                if !errors.is_empty() || s.trim().is_empty() {
                    problems += &format!("  {} {id}: {errors:?} → {s:?}\n", lang.code());
                    break;
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "messages that do not format:\n{problems}"
    );
}

#[test]
fn every_builtin_category_has_a_label() {
    let mut missing = vec![];
    for lang in Lang::ALL {
        let ids = messages(lang);
        for (id, _) in sandyk::model::incident::CATEGORIES {
            let key = format!("category-{id}");
            if !ids.contains_key(&key) {
                missing.push(format!("{} {key}", lang.code()));
            }
        }
    }
    assert!(missing.is_empty(), "category labels missing: {missing:#?}");
}

#[test]
fn every_precision_reliability_and_confidentiality_has_a_label() {
    use sandyk::dates::Precision::*;
    use sandyk::model::incident::{Confidentiality, Reliability};
    let mut keys: Vec<String> = [Exact, Approximate, Day, PartOfDay, Range, Unknown]
        .into_iter()
        .map(|p| format!("precision-{}", crate::cli::output::precision_id(p)))
        .collect();
    for r in [
        Reliability::Firsthand,
        Reliability::High,
        Reliability::Medium,
        Reliability::Low,
        Reliability::Unknown,
    ] {
        keys.push(format!(
            "reliability-{}",
            crate::cli::output::serde_plain(&r)
        ));
    }
    for c in [
        Confidentiality::Public,
        Confidentiality::Restricted,
        Confidentiality::Confidential,
        Confidentiality::Secret,
    ] {
        keys.push(format!(
            "confidentiality-{}",
            crate::cli::output::serde_plain(&c)
        ));
    }
    let mut missing = vec![];
    for lang in Lang::ALL {
        let ids = messages(lang);
        missing.extend(
            keys.iter()
                .filter(|k| !ids.contains_key(*k))
                .map(|k| format!("{} {k}", lang.code())),
        );
    }
    assert!(missing.is_empty(), "labels missing: {missing:#?}");
}

#[test]
fn kyrgyz_is_cyrillic_with_its_own_letters() {
    // A catalog copied from Russian by mistake would lack ң, ө, ү entirely.
    let ky = Lang::Ky.catalog();
    for c in ['ң', 'ө', 'ү'] {
        assert!(ky.contains(c), "ky.ftl never uses {c}");
    }
}

#[test]
fn date_examples_in_messages_are_understood() {
    // Each phrase a message offers as an example must appear in it and must parse.
    let examples: &[(Lang, &str, &[&str])] = &[
        (
            Lang::En,
            "hint-date",
            &["2024-03-05", "2024-03-05 14:30", "yesterday", "2 days ago"],
        ),
        (
            Lang::Ru,
            "hint-date",
            &["2024-03-05", "2024-03-05 14:30", "вчера", "2 дня назад"],
        ),
        (
            Lang::Ky,
            "hint-date",
            &["2024-03-05", "2024-03-05 14:30", "кечээ", "2 күн мурун"],
        ),
        (
            Lang::En,
            "prompt-occurred",
            &["yesterday around 3 pm", "2024-03-05 14:30"],
        ),
        (
            Lang::Ru,
            "prompt-occurred",
            &["вчера около 15:00", "2024-03-05 14:30"],
        ),
        (
            Lang::Ky,
            "prompt-occurred",
            &["кечээ саат 15те", "2024-03-05 14:30"],
        ),
        (
            Lang::En,
            "date-not-understood",
            &["2024-03-05", "yesterday 15:00", "2 days ago", "unknown"],
        ),
        (
            Lang::Ru,
            "date-not-understood",
            &["2024-03-05", "вчера в 15:00", "2 дня назад", "не знаю"],
        ),
        (
            Lang::Ky,
            "date-not-understood",
            &[
                "2024-03-05",
                "кечээ саат 15:00дө",
                "2 күн мурун",
                "белгисиз",
            ],
        ),
    ];
    let now: jiff::Zoned = "2026-11-28T12:00:00+06:00[Asia/Bishkek]"
        .parse()
        .unwrap_or_else(|_| "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap());
    for (lang, id, phrases) in examples {
        let text =
            super::i18n::tr_in(*lang, id, &[("reason", "x".into())]).expect("message exists");
        for p in *phrases {
            assert!(
                text.contains(p),
                "{} {id} does not show {p:?}: {text}",
                lang.code()
            );
            assert!(
                sandyk::dates::parse(p, &now).is_ok(),
                "{} {id}: example {p:?} is not understood",
                lang.code()
            );
        }
    }
}

#[test]
fn localized_commands_are_valid() {
    // The translated help must not break clap's own rules (which panic at run time otherwise).
    for lang in Lang::ALL {
        crate::cli::help::localized(crate::cli::command(), lang).debug_assert();
    }
}

#[test]
fn durations_pick_the_largest_whole_unit() {
    let l = super::i18n::lang();
    let n = |id: &str, c: i64| super::i18n::tr_in(l, id, &[("count", c.into())]).unwrap();
    assert_eq!(
        super::i18n::duration_words(0),
        super::i18n::tr_in(l, "time-less-than-second", &[]).unwrap()
    );
    assert_eq!(super::i18n::duration_words(59), n("time-seconds", 59));
    assert_eq!(
        super::i18n::duration_words(3 * 3600 + 59),
        n("time-hours", 3)
    );
    assert_eq!(super::i18n::duration_words(2 * 86400), n("time-days", 2));
    assert_eq!(
        super::i18n::duration_words(5 * 366 * 86400),
        n("time-years", 4)
    );
    assert_eq!(
        super::i18n::duration_words(u64::MAX),
        super::i18n::tr_in(l, "time-centuries", &[]).unwrap()
    );
}
