//! Snapshots of the CLI: a command's exit status, stdout and stderr as one text, with the
//! parts that differ between runs (the temporary root, incident ids, keys, hashes,
//! fingerprints, timings) replaced by stable placeholders. The snapshots are taken in
//! tests/it/snapshot_cli.rs and stored in tests/it/snapshots/.

use std::process::Output;

use super::vault::{stderr, stdout, Env};

/// `exit N`, then stdout and stderr, each under a header.
pub fn transcript(o: &Output) -> String {
    let status = match o.status.code() {
        Some(c) => format!("exit {c}"),
        None => format!("killed {:?}", o.status),
    };
    format!(
        "{status}\n--- stdout\n{}--- stderr\n{}",
        stdout(o),
        stderr(o)
    )
}

/// The regex filters for every snapshot: (pattern, placeholder).
pub const FILTERS: &[(&str, &str)] = &[
    (r"AGE-SECRET-KEY-1[0-9A-Z]{58}", "[AGE-SECRET-KEY]"),
    (r"age1[02-9ac-hj-np-z]{58}", "[AGE-RECIPIENT]"),
    // SHA-256 (bundles, chain head), vault ids, revision hashes.
    (r"\b[0-9a-f]{64}\b", "[SHA256]"),
    (r"\b[0-9a-f]{32}\b", "[VAULT-ID]"),
    (r"\b[0-9a-f]{16}\b", "[HASH]"),
    // Contact fingerprints ("2dee 287e 793a b8f6") and signing-key fingerprints.
    (r"\b[0-9a-f]{4}( [0-9a-f]{4}){7}\b", "[FINGERPRINT]"),
    (r"SHA256:[A-Za-z0-9+/]{43}", "SHA256:[SIGNER]"),
    // Timings: the unlock time after init (s, с, сек.), the key erasure in panic (ms, мс).
    // (a decimal point in English, a decimal comma in Russian and Kyrgyz)
    (r"\b\d+([.,]\d+)? ?(ms|мс)\b", "[DURATION]"),
    (r"\b\d+[.,]\d+ (сек\.|с|s)", "[SECONDS]"),
    // A bundle's size (compressed: it varies with the random ids and keys inside).
    (r"\b\d+ (bytes|байт)\)", "[SIZE] $1)"),
    // A bundle's size in words ("17.8 KiB", "23,4 КиБ"): it varies with the report's text.
    (r"\b\d+[.,]\d+\u{a0}(KiB|КиБ|MiB|МиБ)\)", "[SIZE])"),
];

/// Snapshots of one scenario in one language, on one Env: names are `<step>_<lang>`;
/// exact strings (the temporary root, ids) are replaced before the regex filters.
pub struct Snap<'e> {
    e: &'e Env,
    lang: String,
    exact: Vec<(String, String)>,
}

impl<'e> Snap<'e> {
    pub fn new(e: &'e Env, lang: &str) -> Snap<'e> {
        Snap {
            e,
            lang: lang.to_owned(),
            exact: vec![(e.root.path().display().to_string(), "[ROOT]".to_owned())],
        }
    }

    /// Run `sandyk --vault V ARGS --lang LANG` (secrets on fd 3, `stdin` on stdin), assert
    /// the snapshot `<name>_<lang>` of its exit status, stdout and stderr (the command line
    /// is the snapshot's description) and return the output.
    #[track_caller]
    pub fn run(&self, name: &str, args: &[&str], secrets: &[&str], stdin: &[u8]) -> Output {
        let mut full = args.to_vec();
        full.extend_from_slice(&["--lang", &self.lang]);
        let o = self.e.run(&full, secrets, stdin);
        let mut line = format!("sandyk {}", full.join(" "));
        for (from, to) in &self.exact {
            line = line.replace(from, to);
        }
        self.assert(name, &line, &o);
        o
    }

    /// Replace `text` by `placeholder` in every later snapshot.
    pub fn id(&mut self, text: &str, placeholder: &str) {
        self.exact.push((text.to_owned(), placeholder.to_owned()));
    }

    /// The redacted transcript of `o`.
    pub fn redact(&self, o: &Output) -> String {
        let mut t = transcript(o);
        for (from, to) in &self.exact {
            t = t.replace(from, to);
        }
        t
    }

    /// Assert the snapshot `<name>_<lang>` of `o`, described by `line`.
    #[track_caller]
    pub fn assert(&self, name: &str, line: &str, o: &Output) {
        let text = self.redact(o);
        let mut settings = insta::Settings::clone_current();
        for (re, to) in FILTERS {
            settings.add_filter(re, *to);
        }
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/snapshots"));
        settings.set_omit_expression(true);
        settings.set_description(line);
        settings.bind(|| {
            insta::assert_snapshot!(format!("{name}_{}", self.lang), text);
        });
    }
}
