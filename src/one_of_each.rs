//! "One of each": a test that keeps the single owners single. It reads the library's
//! sources (test modules and comments left out) and fails when a pattern that belongs to one
//! owner shows up elsewhere. To add an exception, add it to `ALLOWED` with the reason.

use std::path::Path;

use crate::boundary_test::sources;

/// (pattern, where it may appear (path prefixes under the crate root), what owns it).
const RULES: &[(&str, &[&str], &str)] = &[
    (
        "libc::O_TMPFILE",
        &["src/fsio/"],
        "atomic output files: fsio::output",
    ),
    (
        "libc::linkat",
        &["src/fsio/"],
        "atomic output files: fsio::output",
    ),
    (
        ".persist(",
        &["src/fsio/"],
        "atomic output files: fsio::output",
    ),
    (
        "persist_noclobber",
        &["src/fsio/"],
        "atomic output files: fsio::output",
    ),
    (
        "rename(",
        &["src/fsio/"],
        "atomic replacement: fsio::output",
    ),
    (
        "indicatif",
        &["src/cli/progress.rs"],
        "the one terminal progress bar",
    ),
    (
        "libc::signal(",
        &["src/cli/", "src/main.rs", "src/bin/"],
        "signals belong to the binary",
    ),
    (
        "sigaction",
        &["src/cli/", "src/main.rs", "src/bin/"],
        "signals belong to the binary",
    ),
    (
        "pthread_sigmask",
        &["src/cli/", "src/main.rs", "src/bin/"],
        "signals belong to the binary",
    ),
    (
        "age::x25519::Recipient",
        &["src/agekeys.rs"],
        "recipients: agekeys",
    ),
    (
        "age::ssh::Recipient",
        &["src/agekeys.rs"],
        "recipients: agekeys",
    ),
    (
        "age::ssh::Identity",
        &["src/agekeys.rs"],
        "identities: agekeys",
    ),
    ("IdentityFile", &["src/agekeys.rs"], "identities: agekeys"),
    (
        "x25519::Identity::generate",
        &["src/agekeys.rs"],
        "new identities: agekeys",
    ),
    (
        "fn fingerprint",
        &["src/agekeys.rs"],
        "recipient fingerprints: agekeys",
    ),
    (
        "stdin().lock(",
        &[],
        "reading stdin: cli::prompt::raw_stdin (std's stdin buffer is a static that keeps \
         what it read until exit)",
    ),
    (
        "stdin().read",
        &[],
        "reading stdin: cli::prompt::raw_stdin (std's stdin buffer is a static that keeps \
         what it read until exit)",
    ),
    ("fn crc32", &[], "CRC-32 comes from crc32fast"),
    ("0xEDB8_8320", &[], "CRC-32 comes from crc32fast"),
];

/// (file, pattern, reason) exceptions.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "src/sandbox/seccomp.rs",
        "sigaction",
        "the seccomp allow-list names the rt_sigaction system call (SYS_rt_sigaction) so the \
         binary's handlers keep working confined; it installs no handler",
    ),
    (
        "src/vault/mod.rs",
        "rename(",
        "a new database is built by SQLCipher under a partial name and renamed into place; \
         it is not a buffer that fsio could write",
    ),
    (
        "src/bundle/sign.rs",
        "fn fingerprint",
        "the vault's SSH signing key, `SHA256:…` as ssh-keygen prints it, not a recipient",
    ),
];

/// The non-test, non-comment lines of a source file.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = vec![];
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, l)) = lines.next() {
        let t = l.trim_start();
        if t.starts_with("#[cfg(test)]") {
            if let Some((_, next)) = lines.peek() {
                if next.trim_start().contains("mod ") {
                    break; // the test module is the end of the file, by the style guide
                }
            }
        }
        if t.starts_with("//") {
            continue;
        }
        out.push((i + 1, l));
    }
    out
}

#[test]
fn one_owner_for_each_resource() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = vec![];
    // The lint tests themselves, and test-only modules kept in their own file
    // (`#[cfg(test)] mod tests;` → `tests.rs`).
    for (rel, f) in sources(&src, |rel| {
        rel == "one_of_each.rs" || rel == "boundary_test.rs" || rel.ends_with("/tests.rs")
    }) {
        let rel = format!("src/{rel}");
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in code_lines(&text) {
            for (pat, owners, what) in RULES {
                if !line.contains(pat) || owners.iter().any(|o| rel.starts_with(o)) {
                    continue;
                }
                if ALLOWED.iter().any(|(af, ap, _)| *af == rel && ap == pat) {
                    continue;
                }
                problems.push(format!("{rel}:{n}: `{pat}` outside its owner ({what})"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The stdin rules again over each file with its line breaks and indentation removed:
/// rustfmt splits `io::stdin()` and `.lock()` onto two lines, which the line check misses
/// (the defender's statement for `report` was read that way).
#[test]
fn no_stdin_reads_split_across_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = vec![];
    for (rel, f) in sources(&src, |rel| {
        rel == "one_of_each.rs" || rel.ends_with("/tests.rs")
    }) {
        let rel = format!("src/{rel}");
        let text = std::fs::read_to_string(f).unwrap();
        let joined: String = code_lines(&text)
            .into_iter()
            .map(|(_, l)| l.trim())
            .collect();
        for pat in ["stdin().lock(", "stdin().read"] {
            if joined.contains(pat) {
                problems.push(format!(
                    "{rel}: `{pat}` (read stdin through cli::prompt::raw_stdin)"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_code_and_skips_tests_and_comments() {
    let src = "fn a() { fs::rename(x, y) }\n// rename( in a comment\n#[cfg(test)]\nmod tests {\n  rename(\n}\n";
    let lines = code_lines(src);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].1.contains("rename("));
}
