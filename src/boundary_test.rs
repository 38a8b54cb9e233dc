//! The library/binary boundary, checked by reading the sources: nothing under `src/` except
//! the binary (`src/main.rs`, `src/cli/`) touches the terminal, signals, the environment, the
//! global clock of the duress handler or a global language.

use std::path::{Path, PathBuf};

/// What the library must not contain (matched in code, comments stripped).
const FORBIDDEN: &[&str] = &[
    "std::env::var",
    "env::var_os",
    "env::var(",
    "eprintln!",
    "println!",
    "print!(",
    "eprint!(",
    "libc::signal",
    "sigaction",
    "pthread_sigmask",
    "sigprocmask",
    "libc::_exit",
    "process::exit",
    "isatty",
    "stdin()",
    "stdout()",
    "stderr()",
    "OnceLock<Zoned>",
    "lang()",
    "set_lang",
    "clap::",
    "indicatif",
];

/// Known exceptions: (file under src/, forbidden pattern, why). Each is work another branch
/// of issue 10 is doing; remove the entry when it has landed (an entry that no longer
/// matches fails the test, so the list cannot go stale).
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "sandbox/seccomp.rs",
        "sigaction",
        "the seccomp allow-list names SYS_rt_sigaction so the binary's handlers work confined",
    ),
    (
        "sandbox/seccomp.rs",
        "sigprocmask",
        "the seccomp allow-list names SYS_rt_sigprocmask (signal blocking in the binary)",
    ),
];

pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src dir") {
        let p = e.expect("dir entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The `.rs` files under `src`, sorted, each with its path relative to `src` ('/' between
/// parts), leaving out those `skip` names: what the source-scanning tests read.
pub(crate) fn sources(src: &Path, skip: impl Fn(&str) -> bool) -> Vec<(String, PathBuf)> {
    let mut files = vec![];
    rust_files(src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|f| {
            let rel = f
                .strip_prefix(src)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            (!skip(&rel)).then_some((rel, f))
        })
        .collect()
}

/// The code of a source file without its `#[cfg(test)] mod …{ }` blocks (unit tests may
/// print diagnostics) and without `//` comments (doc comments may quote what is forbidden).
pub(crate) fn code(text: &str) -> String {
    strip_test_modules(text)
        .lines()
        .map(|l| match l.find("//") {
            // A `//` inside a string literal (a URL) is rare in this crate; cutting there only
            // makes the check miss the rest of that line.
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Remove each `#[cfg(test)]` module, up to its matching closing brace (string literals and
/// brace characters skipped). Code after a test module is still checked. If a module's end
/// cannot be found, nothing is removed (the check then errs on the strict side).
fn strip_test_modules(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("#[cfg(test)]") {
        let after = rest[i + "#[cfg(test)]".len()..].trim_start();
        let is_mod = after.starts_with("mod ") || after.starts_with("pub mod ");
        let Some(end) = is_mod.then(|| block_end(after)).flatten() else {
            out.push_str(&rest[..i + 1]);
            rest = &rest[i + 1..];
            continue;
        };
        out.push_str(&rest[..i]);
        let consumed = rest.len() - after.len() + end;
        rest = &rest[consumed..];
    }
    out.push_str(rest);
    out
}

/// The byte index just after the `}` that closes the first `{` in `s`.
pub(crate) fn block_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = s.find('{')?;
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'\'' if i + 2 < b.len() && b[i + 2] == b'\'' => i += 2,
            b'"' => {
                // Raw strings: r"…", r#"…"#.
                let mut hashes = 0;
                let mut j = i;
                while j > 0 && b[j - 1] == b'#' {
                    hashes += 1;
                    j -= 1;
                }
                let raw = j > 0 && b[j - 1] == b'r';
                i += 1;
                while i < b.len() {
                    if !raw && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == b'"' && (!raw || b[i + 1..].iter().take(hashes).all(|&c| c == b'#'))
                    {
                        i += if raw { hashes } else { 0 };
                        break;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `(file relative to src/, pattern)` for every forbidden pattern in the library's sources.
fn violations(src: &Path) -> Vec<(String, &'static str)> {
    let mut out = vec![];
    for (rel, f) in sources(src, |rel| {
        rel == "main.rs"
            || rel.starts_with("cli/")
            || rel == "boundary_test.rs"
            || rel == "one_of_each.rs"
            || rel.ends_with("/tests.rs")
    }) {
        let text = code(&std::fs::read_to_string(&f).expect("read source"));
        for pat in FORBIDDEN {
            if text.contains(pat) {
                out.push((rel.clone(), *pat));
            }
        }
    }
    out
}

#[test]
fn the_library_never_touches_the_terminal_env_signals_or_globals() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    let bad: Vec<String> = found
        .iter()
        .filter(|(f, p)| !ALLOWED.iter().any(|(af, ap, _)| af == f && ap == p))
        .map(|(f, p)| format!("  src/{f}: {p}"))
        .collect();
    assert!(
        bad.is_empty(),
        "the library must take these as parameters from the binary (src/cli/):\n{}",
        bad.join("\n")
    );
    let stale: Vec<String> = ALLOWED
        .iter()
        .filter(|(af, ap, _)| !found.iter().any(|(f, p)| af == f && ap == p))
        .map(|(f, p, why)| format!("  src/{f}: {p} ({why})"))
        .collect();
    assert!(
        stale.is_empty(),
        "allow-list entries no longer needed, remove them:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_check_finds_an_env_read_in_the_vault() {
    // A copy of the tree with `std::env::var` added to src/vault/: the check must see it.
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = dir.path().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(
        vault.join("mod.rs"),
        "/// std::env::var in a comment is fine\npub fn home() -> Option<String> {\n    std::env::var(\"HOME\").ok()\n}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("cli")).unwrap();
    std::fs::write(
        dir.path().join("cli/mod.rs"),
        "fn f() { println!(\"ok\"); }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("main.rs"),
        "fn main() { eprintln!(\"ok\"); }\n",
    )
    .unwrap();
    let found = violations(dir.path());
    assert!(
        found.contains(&("vault/mod.rs".to_owned(), "std::env::var")),
        "{found:?}"
    );
    assert!(found.iter().all(|(f, _)| f == "vault/mod.rs"), "{found:?}");
    // And the real tree is scanned: the binary has what the library must not.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let cli = code(&std::fs::read_to_string(src.join("cli/mod.rs")).unwrap());
    assert!(cli.contains("eprintln!"));
}

#[test]
fn only_the_test_module_is_skipped() {
    let src = "fn a() {}\n#[cfg(test)]\nmod tests {\n    fn t() { let s = \"}\"; let c = '{'; eprintln!(\"{s}\"); }\n}\nfn b() { println!(\"x\"); }\n";
    let c = code(src);
    assert!(!c.contains("eprintln!"), "{c}");
    assert!(c.contains("println!") && c.contains("fn b()"), "{c}");
    // Code after a test module is checked: an env read appended to a file is found.
    let c = code("#[cfg(test)]\nmod tests {\n}\npub fn p() { std::env::var(\"HOME\"); }\n");
    assert!(c.contains("std::env::var"), "{c}");
}

/// Paths by which a module of `src/attach/` could reach the vault (or the layers above it).
const ATTACH_MUST_NOT_USE: &[&str] = &[
    "crate::vault",
    "crate::bundle",
    "crate::emergency",
    "super::super::vault",
    "super::vault",
    "sandyk::vault",
];

/// `(file relative to src/, pattern)` for every use of the vault from `src/attach/`, test
/// modules included (a test importing the vault is an import all the same).
fn attach_to_vault_edges(src: &Path) -> Vec<(String, &'static str)> {
    let mut files = vec![];
    rust_files(&src.join("attach"), &mut files);
    files.sort();
    let mut out = vec![];
    for f in files {
        let rel = f
            .strip_prefix(src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let text: String = std::fs::read_to_string(&f)
            .expect("read source")
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        for pat in ATTACH_MUST_NOT_USE {
            if text.contains(pat) {
                out.push((rel.clone(), *pat));
            }
        }
    }
    out
}

/// Issue 10: `attach` (content: intake, metadata, strippers) sits below the vault, which
/// uses it to store attachments; an import the other way (e.g. an `AttachError::Db(DbError)`
/// variant) makes a cycle. Storage errors belong to `vault::db::attachments::AttachmentError`.
#[test]
fn attach_does_not_use_the_vault() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = attach_to_vault_edges(&src);
    assert!(
        found.is_empty(),
        "src/attach/ must not depend on the vault or the layers above it (import cycle):\n{}",
        found
            .iter()
            .map(|(f, p)| format!("  src/{f}: {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_check_finds_an_attach_to_vault_import() {
    let dir = tempfile::tempdir().unwrap();
    let attach = dir.path().join("attach");
    std::fs::create_dir_all(&attach).unwrap();
    std::fs::write(
        attach.join("mod.rs"),
        "// crate::vault in a comment is fine\npub fn f() {}\n",
    )
    .unwrap();
    assert!(attach_to_vault_edges(dir.path()).is_empty());
    std::fs::write(
        attach.join("mod.rs"),
        "use crate::vault::db::DbError;\npub enum E { Db(DbError) }\n",
    )
    .unwrap();
    assert_eq!(
        attach_to_vault_edges(dir.path()),
        vec![("attach/mod.rs".to_owned(), "crate::vault")]
    );
}

/// Threads the library starts by hand instead of through `crypto::memory::worker` /
/// `scoped_worker` (SECURITY.md, "Memory"). Those two run the body inside `scrubbed` — an
/// ended thread's stack stays mapped with whatever its deeper calls left; the memory-dump
/// test found an attachment key and a plaintext block there — on a stack of fixed size
/// (`RUST_MIN_STACK=65536` made the scrub overflow a smaller one: every unlock aborted).
/// Every `thread::spawn(`, `.spawn(move`, `.spawn(||` and `spawn_scoped(` is flagged, but
/// in `crypto/memory.rs` (the helpers themselves) and where `thread_builder()` is named
/// within its first three lines (the KDF's rayon lanes, which scrub themselves through
/// `pool.broadcast`). A tripwire, not a proof: a spawn split over lines is not seen.
fn unscrubbed_threads(src: &Path) -> Vec<String> {
    let skip = |rel: &str| {
        rel == "crypto/memory.rs" || rel.ends_with("tests.rs") || rel.ends_with("_test.rs")
    };
    let mut out = vec![];
    for (rel, f) in sources(src, skip) {
        let text = code(&std::fs::read_to_string(&f).expect("read source"));
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if l.contains("thread::spawn(")
                || l.contains(".spawn(move")
                || l.contains(".spawn(||")
                || l.contains("spawn_scoped(")
            {
                let window = lines[i.saturating_sub(2)..(i + 1)].join("\n");
                if !window.contains("thread_builder()") {
                    out.push(format!("src/{rel}:{}: {}", i + 1, l.trim()));
                }
            }
        }
    }
    out
}

#[test]
fn every_worker_thread_scrubs_its_stack() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = unscrubbed_threads(&src);
    assert!(
        found.is_empty(),
        "start the thread with crate::crypto::memory::worker or scoped_worker:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scrub_check_sees_a_bare_thread() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("worker.rs");
    std::fs::write(
        &w,
        "fn a() { crate::crypto::memory::worker(move || work()); }\n\
         fn b() { thread_builder().spawn(move || run())?; }\n\
         fn c() {\n    let h = memory::thread_builder()\n        .spawn(move || run())?;\n}\n",
    )
    .unwrap();
    assert!(unscrubbed_threads(dir.path()).is_empty());
    // Scrubbed but on a stack whose size the environment sets: flagged too.
    std::fs::write(
        &w,
        "fn a() { std::thread::spawn(move || crate::crypto::memory::scrubbed(|| work())); }\n",
    )
    .unwrap();
    assert_eq!(unscrubbed_threads(dir.path()).len(), 1);
    std::fs::write(
        &w,
        "fn a() {\n    std::thread::scope(|s| {\n        s.spawn(move || {\n            work();\n        });\n    });\n}\n",
    )
    .unwrap();
    assert_eq!(unscrubbed_threads(dir.path()).len(), 1);
    std::fs::write(&w, "fn a() { std::thread::spawn(|| work()); }\n").unwrap();
    assert_eq!(unscrubbed_threads(dir.path()).len(), 1);
}
