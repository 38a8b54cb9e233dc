//! manifest.json: what a bundle holds. Written in a fixed line layout (one file per line)
//! so that `sed … manifest.json | sha256sum -c` checks the files with stock tools; read as
//! JSON with strict checks. See docs/bundle.md.

use serde::{Deserialize, Serialize};

use crate::untrusted::Untrusted;

use super::{
    limits, safe_path, Problem, ATTACHMENTS_DIR, FORMAT_VERSION, FORMAT_VERSION_PLAIN,
    INCIDENTS_JSON, MANIFEST, MANIFEST_SIG, REPORT_HTML, SIGNER_PUB, VERIFY_TXT,
};

pub const FORMAT: &str = "sandyk-bundle";
pub const END_MARKER: &str = "sandyk-bundle-manifest-end";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainHead {
    pub seq: u64,
    pub hash: String,
}

/// One incident: its id, how many revisions the bundle holds, and the hash of the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentEntry {
    pub id: String,
    pub revisions: u64,
    pub head: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub sha256: String,
    pub size: u64,
    pub path: String,
}

/// One attachment file of the bundle (its bytes are a `files` entry with the same path):
/// which incident and number it is, which copy went out, and the original's SHA-256 as the
/// hash chain records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentEntry {
    pub path: String,
    pub incident: String,
    pub n: u32,
    /// `working` (metadata removed) or `original` (the untouched evidence).
    pub copy: String,
    /// SHA-256 of the bytes in the bundle (equal to the `files` entry's).
    pub sha256: String,
    pub size: u64,
    /// SHA-256 of the original, as recorded in the incident's revision.
    pub original_sha256: String,
    /// The attachment's name as the vault records it (NFC, any script: `фото_обыска.jpg`),
    /// for display; `path` holds its ASCII form. Absent in version-1 bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// An attachment the sender chose to leave out of the bundle: recorded, so that nothing is
/// dropped silently (the report and `bundle verify` say "N attachments left out").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeftOutEntry {
    pub incident: String,
    pub n: u32,
    /// The name as the vault records it (NFC).
    pub name: String,
    /// Size of the original.
    pub size: u64,
    /// SHA-256 of the original, as recorded in the incident's revision.
    pub original_sha256: String,
}

/// The defender's statement (version 3): who makes it, when (the export time), and what
/// it says ("I made these notes at the time of the events…"). Part of the signed manifest,
/// so changing a letter of it breaks the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementEntry {
    pub by: String,
    /// RFC 3339.
    pub at: String,
    pub text: String,
}

/// The longest statement text (bytes), and the longest name of who makes it.
pub const MAX_STATEMENT: usize = 64 * 1024;
pub const MAX_STATEMENT_BY: usize = 256;

/// The statement as a receiver sees it: the sender's text, printed only sanitized.
#[derive(Debug, Clone, Serialize)]
pub struct ShownStatement {
    pub by: Untrusted,
    pub at: Untrusted,
    pub text: Untrusted,
}

/// A verified manifest as a receiver sees it ([`Manifest::shown`], and all that
/// [`super::reader::Verified::manifest`] gives out): every text field came from the sender
/// and is [`Untrusted`] (printed only sanitized, stored only through `into_stored`); the
/// numbers were range-checked by the parser. Serializes as the manifest's own fields (JSON
/// output).
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub created: Untrusted,
    pub vault_id: Untrusted,
    pub signer: Untrusted,
    /// At most [`MAX_SEQ`] (checked by the parser).
    pub chain_seq: u64,
    pub chain_hash: Untrusted,
    pub incident_count: u64,
    pub incident_ids: Vec<Untrusted>,
    pub files: Vec<ShownFile>,
    pub attachments: Vec<ShownAttachment>,
    pub left_out: Vec<ShownLeftOut>,
    /// The defender's statement, if the bundle has one (version 3).
    pub statement: Option<ShownStatement>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShownFile {
    pub sha256: Untrusted,
    pub size: u64,
    pub path: Untrusted,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShownAttachment {
    pub path: Untrusted,
    pub incident: Untrusted,
    pub n: u32,
    pub copy: Untrusted,
    pub sha256: Untrusted,
    pub size: u64,
    pub original_sha256: Untrusted,
    pub name: Option<Untrusted>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShownLeftOut {
    pub incident: Untrusted,
    pub n: u32,
    pub name: Untrusted,
    pub size: u64,
}

pub const COPY_WORKING: &str = "working";
pub const COPY_ORIGINAL: &str = "original";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// Export time, RFC 3339 UTC.
    pub created: String,
    /// The exporting vault's id (hex).
    pub vault_id: String,
    /// The exporting vault's newest revision at export time.
    pub chain_head: ChainHead,
    /// `SHA256:…` of signer.pub.
    pub signer: String,
    pub incident_count: u64,
    pub incidents: Vec<IncidentEntry>,
    pub file_count: u64,
    /// Every file of the bundle except manifest.json and manifest.sig, in archive order.
    pub files: Vec<FileEntry>,
    /// The files under `attachments/`, described (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentEntry>,
    /// Attachments of the exported incidents that the sender left out (version 2; absent
    /// when none were).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOutEntry>,
    /// The defender's statement (version 3; absent when none was made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<StatementEntry>,
    pub end: String,
}

fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serialises")
}

impl Manifest {
    /// The exact bytes that are signed and stored.
    pub fn render(&self) -> String {
        let mut s =
            String::with_capacity(512 + self.files.len() * 120 + self.incidents.len() * 100);
        s.push_str("{\n");
        s.push_str(&format!("\"format\": {},\n", q(&self.format)));
        s.push_str(&format!("\"version\": {},\n", self.version));
        s.push_str(&format!("\"created\": {},\n", q(&self.created)));
        s.push_str(&format!("\"vault_id\": {},\n", q(&self.vault_id)));
        s.push_str(&format!(
            "\"chain_head\": {{\"seq\": {}, \"hash\": {}}},\n",
            self.chain_head.seq,
            q(&self.chain_head.hash)
        ));
        s.push_str(&format!("\"signer\": {},\n", q(&self.signer)));
        s.push_str(&format!("\"incident_count\": {},\n", self.incident_count));
        s.push_str("\"incidents\": [\n");
        for (n, i) in self.incidents.iter().enumerate() {
            let comma = if n + 1 < self.incidents.len() {
                ","
            } else {
                ""
            };
            s.push_str(&format!(
                "{{\"id\":{},\"revisions\":{},\"head\":{}}}{comma}\n",
                q(&i.id),
                i.revisions,
                q(&i.head)
            ));
        }
        s.push_str("],\n");
        s.push_str(&format!("\"file_count\": {},\n", self.file_count));
        s.push_str("\"files\": [\n");
        for (n, f) in self.files.iter().enumerate() {
            let comma = if n + 1 < self.files.len() { "," } else { "" };
            s.push_str(&format!(
                "{{\"sha256\":{},\"size\":{},\"path\":{}}}{comma}\n",
                q(&f.sha256),
                f.size,
                q(&f.path)
            ));
        }
        s.push_str("],\n");
        if !self.attachments.is_empty() {
            // One per line, starting with "path" so the `sha256sum -c` filter of VERIFY.txt
            // (lines starting with "sha256") never picks them up.
            s.push_str("\"attachments\": [\n");
            for (n, a) in self.attachments.iter().enumerate() {
                let comma = if n + 1 < self.attachments.len() {
                    ","
                } else {
                    ""
                };
                let name = a
                    .name
                    .as_deref()
                    .map(|n| format!(",\"name\":{}", q(n)))
                    .unwrap_or_default();
                s.push_str(&format!(
                    "{{\"path\":{},\"incident\":{},\"n\":{},\"copy\":{},\"sha256\":{},\"size\":{},\"original_sha256\":{}{name}}}{comma}\n",
                    q(&a.path),
                    q(&a.incident),
                    a.n,
                    q(&a.copy),
                    q(&a.sha256),
                    a.size,
                    q(&a.original_sha256)
                ));
            }
            s.push_str("],\n");
        }
        if !self.left_out.is_empty() {
            // One per line, starting with "incident" (never picked up as a checksum line).
            s.push_str("\"left_out\": [\n");
            for (n, a) in self.left_out.iter().enumerate() {
                let comma = if n + 1 < self.left_out.len() { "," } else { "" };
                s.push_str(&format!(
                    "{{\"incident\":{},\"n\":{},\"name\":{},\"size\":{},\"original_sha256\":{}}}{comma}\n",
                    q(&a.incident),
                    a.n,
                    q(&a.name),
                    a.size,
                    q(&a.original_sha256)
                ));
            }
            s.push_str("],\n");
        }
        if let Some(st) = &self.statement {
            // One line (JSON escapes the text's line breaks), starting with "statement".
            s.push_str(&format!(
                "\"statement\": {{\"by\":{},\"at\":{},\"text\":{}}},\n",
                q(&st.by),
                q(&st.at),
                q(&st.text)
            ));
        }
        s.push_str(&format!("\"end\": {}\n}}\n", q(&self.end)));
        s
    }

    /// Parse and check a manifest. Every rule here is one the writer follows.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, Problem> {
        use super::ManifestFault as F;
        let bad = Problem::Manifest;
        let text = std::str::from_utf8(bytes).map_err(|_| bad(F::NotUtf8))?;
        let suffix = format!("\"end\": {}\n}}\n", q(END_MARKER));
        if !text.ends_with(&suffix) {
            return Err(Problem::NoEndMarker);
        }
        let m: Manifest = serde_json::from_str(text).map_err(|e| {
            bad(F::Json {
                line: e.line(),
                fault: super::JsonFault::of(&e),
            })
        })?;
        if m.format != FORMAT {
            return Err(bad(F::NotAManifest));
        }
        if !READS_VERSIONS.contains(&m.version) {
            return Err(bad(F::Version(m.version)));
        }
        if m.end != END_MARKER {
            return Err(Problem::NoEndMarker);
        }
        if m.incidents.is_empty() || m.incident_count == 0 {
            return Err(Problem::Empty);
        }
        if m.incident_count != m.incidents.len() as u64 || m.incidents.len() > limits::INCIDENTS {
            return Err(bad(F::IncidentCount));
        }
        if m.file_count != m.files.len() as u64 || m.files.len() > limits::FILES {
            return Err(bad(F::FileCount));
        }
        // Every field that may be shown is checked against its pattern, so nothing a
        // terminal or a report would misread gets past the parser (and the CLI sanitizes
        // anyway).
        if !is_rfc3339(&m.created) {
            return Err(bad(F::Created));
        }
        if !is_hex64(&m.chain_head.hash) || m.chain_head.seq > MAX_SEQ {
            return Err(bad(F::ChainHead));
        }
        if !is_hex(&m.vault_id) {
            return Err(bad(F::VaultId));
        }
        if !is_fingerprint(&m.signer) {
            return Err(bad(F::SignerFingerprint));
        }
        let mut ids = std::collections::HashSet::new();
        for i in &m.incidents {
            if !valid_id(&i.id)
                || !is_hex64(&i.head)
                || i.revisions == 0
                || i.revisions > limits::REVISIONS as u64
            {
                return Err(bad(F::IncidentEntry));
            }
            if !ids.insert(i.id.as_str()) {
                return Err(bad(F::IncidentTwice));
            }
        }
        let mut paths = std::collections::HashSet::new();
        for f in &m.files {
            if !safe_path(&f.path) {
                return Err(Problem::UnsafePath(Untrusted::new(
                    f.path.chars().take(100).collect::<String>(),
                )));
            }
            if f.path == MANIFEST || f.path == MANIFEST_SIG {
                return Err(bad(F::ListsItself));
            }
            if !paths.insert(f.path.as_str()) {
                return Err(Problem::Duplicate(Untrusted::new(f.path.as_str())));
            }
            if !is_hex64(&f.sha256) || f.size > limits::ENTRY {
                return Err(bad(F::FileEntry));
            }
            // Besides attachments, only the files sandyk writes: nothing else (another HTML
            // page, say) can ride along to be extracted next to the report.
            if !f.path.starts_with(ATTACHMENTS_DIR)
                && ![SIGNER_PUB, VERIFY_TXT, INCIDENTS_JSON, REPORT_HTML].contains(&f.path.as_str())
            {
                return Err(bad(F::ForeignFile));
            }
        }
        if m.files.first().map(|f| f.path.as_str()) != Some(SIGNER_PUB) {
            return Err(bad(F::SignerNotFirst));
        }
        for required in [VERIFY_TXT, INCIDENTS_JSON, REPORT_HTML] {
            if !paths.contains(required) {
                return Err(Problem::Missing(Problem::file(required)));
            }
        }
        // Every attachment file is described exactly once, consistently with its file entry.
        let mut described = std::collections::HashSet::new();
        for a in &m.attachments {
            let f = m.file(&a.path).ok_or_else(|| bad(F::AttachmentNotAFile))?;
            if !a.path.starts_with(ATTACHMENTS_DIR)
                || !ids.contains(a.incident.as_str())
                || a.n == 0
                || (a.copy != COPY_WORKING && a.copy != COPY_ORIGINAL)
                || !is_hex64(&a.original_sha256)
                || a.sha256 != f.sha256
                || a.size != f.size
                || (a.copy == COPY_ORIGINAL && a.sha256 != a.original_sha256)
                || a.name.as_deref().is_some_and(|n| !valid_name(n))
            {
                return Err(bad(F::AttachmentEntry));
            }
            if !described.insert(a.path.as_str())
                || !a
                    .path
                    .starts_with(&format!("{ATTACHMENTS_DIR}{}-{}-", a.incident, a.n))
            {
                return Err(bad(F::AttachmentEntry));
            }
        }
        if m.files
            .iter()
            .any(|f| f.path.starts_with(ATTACHMENTS_DIR) && !described.contains(f.path.as_str()))
        {
            return Err(bad(F::AttachmentUndescribed));
        }
        if m.left_out.len() > limits::FILES {
            return Err(bad(F::LeftOutTooMany));
        }
        let mut refs: std::collections::HashSet<(&str, u32)> = m
            .attachments
            .iter()
            .map(|a| (a.incident.as_str(), a.n))
            .collect();
        if refs.len() != m.attachments.len() {
            return Err(bad(F::AttachmentTwice));
        }
        for a in &m.left_out {
            if !ids.contains(a.incident.as_str())
                || a.n == 0
                || !is_hex64(&a.original_sha256)
                || !valid_name(&a.name)
                || !refs.insert((a.incident.as_str(), a.n))
            {
                return Err(bad(F::LeftOutEntry));
            }
        }
        if let Some(st) = &m.statement {
            if m.version < 3
                || st.by.len() > MAX_STATEMENT_BY
                || st.text.trim().is_empty()
                || st.text.len() > MAX_STATEMENT
                || !is_rfc3339(&st.at)
            {
                return Err(bad(F::Statement));
            }
        }
        Ok(m)
    }

    /// The fields a receiver shows, each as [`Untrusted`] text: they came from the bundle,
    /// and the only way to print them is sanitized (the parser validated them too).
    pub fn shown(&self) -> Shown {
        let u = |s: &str| Untrusted::new(s);
        Shown {
            created: u(&self.created),
            vault_id: u(&self.vault_id),
            signer: u(&self.signer),
            chain_seq: self.chain_head.seq,
            chain_hash: u(&self.chain_head.hash),
            incident_count: self.incident_count,
            incident_ids: self.incidents.iter().map(|i| u(&i.id)).collect(),
            files: self
                .files
                .iter()
                .map(|f| ShownFile {
                    sha256: u(&f.sha256),
                    size: f.size,
                    path: u(&f.path),
                })
                .collect(),
            attachments: self
                .attachments
                .iter()
                .map(|a| ShownAttachment {
                    path: u(&a.path),
                    incident: u(&a.incident),
                    n: a.n,
                    copy: u(&a.copy),
                    sha256: u(&a.sha256),
                    size: a.size,
                    original_sha256: u(&a.original_sha256),
                    name: a.name.as_deref().map(u),
                })
                .collect(),
            left_out: self
                .left_out
                .iter()
                .map(|a| ShownLeftOut {
                    incident: u(&a.incident),
                    n: a.n,
                    name: u(&a.name),
                    size: a.size,
                })
                .collect(),
            statement: self.statement.as_ref().map(|st| ShownStatement {
                by: u(&st.by),
                at: u(&st.at),
                text: u(&st.text),
            }),
        }
    }

    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// The manifest versions this sandyk reads: 1 (before per-attachment choices; no names,
/// nothing left out), 2, and 3 (2 with the defender's statement).
pub const READS_VERSIONS: [u32; 3] = [1, FORMAT_VERSION_PLAIN, FORMAT_VERSION];

/// An attachment name as the vault stores it: 1 to `attach::MAX_NAME_BYTES` bytes, NFC,
/// no control, bidi or invisible characters, no path separators (`attach::sanitise_name`
/// produces exactly these).
pub fn valid_name(s: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    !s.is_empty()
        && s.len() <= crate::attach::MAX_NAME_BYTES
        && !s.starts_with('.')
        && s.chars()
            .all(|c| !c.is_control() && !crate::untrusted::is_hidden(c) && c != '/' && c != '\\')
        && s.nfc().eq(s.chars())
}

/// The largest sequence number a vault can hold (SQLite integers are signed 64-bit).
pub const MAX_SEQ: u64 = i64::MAX as u64;

/// An RFC 3339 time exactly: `YYYY-MM-DDTHH:MM:SS`, optional fraction (1–9 digits), then
/// `Z` or `±HH:MM`; and a real instant (jiff parses it). No annotations, no spaces.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || b.len() > 35 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shape = digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 9 {
            return false;
        }
    }
    let zone = &b[i..];
    let zone_ok = zone == b"Z"
        || (zone.len() == 6
            && (zone[0] == b'+' || zone[0] == b'-')
            && zone[1..3].iter().all(u8::is_ascii_digit)
            && zone[3] == b':'
            && zone[4..6].iter().all(u8::is_ascii_digit));
    zone_ok && s.parse::<jiff::Timestamp>().is_ok()
}

/// `SHA256:` and 43 characters of unpadded base64 (an OpenSSH key fingerprint).
pub fn is_fingerprint(s: &str) -> bool {
    s.strip_prefix("SHA256:").is_some_and(|b| {
        b.len() == 43
            && b.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
    })
}

fn is_hex(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub fn is_hex64(s: &str) -> bool {
    s.len() == 64 && is_hex(s)
}

/// An incident id as the vault makes them (Crockford base32, short); anything else is refused.
pub fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> Manifest {
        let h = "ab".repeat(32);
        Manifest {
            left_out: vec![],
            statement: None,
            format: FORMAT.into(),
            version: FORMAT_VERSION_PLAIN,
            created: "2026-11-28T06:00:00Z".into(),
            vault_id: "00112233445566778899aabbccddeeff".into(),
            chain_head: ChainHead {
                seq: 3,
                hash: h.clone(),
            },
            signer: format!("SHA256:{}", "A".repeat(43)),
            incident_count: 1,
            incidents: vec![IncidentEntry {
                id: "AB12CD".into(),
                revisions: 2,
                head: h.clone(),
            }],
            file_count: 4,
            files: [SIGNER_PUB, VERIFY_TXT, INCIDENTS_JSON, REPORT_HTML]
                .iter()
                .map(|p| FileEntry {
                    sha256: h.clone(),
                    size: 10,
                    path: (*p).into(),
                })
                .collect(),
            attachments: vec![],
            end: END_MARKER.into(),
        }
    }

    #[test]
    fn round_trip_and_line_layout() {
        let m = sample();
        let text = m.render();
        assert_eq!(Manifest::parse(text.as_bytes()).unwrap(), m);
        let line = format!(
            "{{\"sha256\":\"{}\",\"size\":10,\"path\":\"incidents.json\"}},",
            "ab".repeat(32)
        );
        assert!(text.lines().any(|l| l == line), "{text}");
    }

    #[test]
    fn attachments_round_trip_and_must_agree_with_files() {
        let mut m = sample();
        let path = "attachments/AB12CD-1-photo.jpg".to_string();
        m.files.push(FileEntry {
            sha256: "cd".repeat(32),
            size: 7,
            path: path.clone(),
        });
        m.file_count = 5;
        m.attachments.push(AttachmentEntry {
            path: path.clone(),
            incident: "AB12CD".into(),
            n: 1,
            copy: COPY_WORKING.into(),
            sha256: "cd".repeat(32),
            size: 7,
            original_sha256: "ef".repeat(32),
            name: Some("фото_обыска.jpg".into()),
        });
        let text = m.render();
        assert_eq!(Manifest::parse(text.as_bytes()).unwrap(), m);
        // A version-1 manifest (no names, nothing left out) still reads.
        let mut v1 = m.clone();
        v1.version = 1;
        v1.attachments[0].name = None;
        assert_eq!(Manifest::parse(v1.render().as_bytes()).unwrap(), v1);
        // Left out: listed with name, size and the original's hash; never twice, never
        // also sent, and its name must be a stored name.
        let mut l = m.clone();
        l.left_out.push(LeftOutEntry {
            incident: "AB12CD".into(),
            n: 2,
            name: "үйдөгү_тинтүү.jpg".into(),
            size: 5,
            original_sha256: "12".repeat(32),
        });
        let lt = l.render();
        assert!(lt.contains("\"left_out\": [\n{\"incident\":\"AB12CD\",\"n\":2,"));
        assert_eq!(Manifest::parse(lt.as_bytes()).unwrap(), l);
        for f in [
            &(|x: &mut Manifest| x.left_out[0].n = 1) as &dyn Fn(&mut Manifest),
            &|x| x.left_out[0].incident = "ZZZZ".into(),
            &|x| x.left_out[0].name = "a\u{202E}b".into(),
            &|x| x.left_out[0].name = String::new(),
            &|x| x.left_out[0].name = "e\u{0308}.txt".into(),
            &|x| x.left_out[0].original_sha256 = "zz".into(),
            &|x| x.attachments[0].name = Some("../x".into()),
            &|x| {
                let a = x.left_out[0].clone();
                x.left_out.push(a)
            },
        ] {
            let mut x = l.clone();
            f(&mut x);
            assert!(Manifest::parse(x.render().as_bytes()).is_err());
        }
        // The attachment lines never look like `files` lines (VERIFY.txt's sed filter).
        assert_eq!(
            text.lines()
                .filter(|l| l.starts_with("{\"sha256\""))
                .count(),
            5
        );
        let bad = |f: &dyn Fn(&mut Manifest)| {
            let mut x = m.clone();
            f(&mut x);
            assert!(Manifest::parse(x.render().as_bytes()).is_err());
        };
        bad(&|x| x.attachments.clear());
        bad(&|x| x.attachments[0].sha256 = "ab".repeat(32));
        bad(&|x| x.attachments[0].size = 8);
        bad(&|x| x.attachments[0].copy = COPY_ORIGINAL.into());
        bad(&|x| x.attachments[0].copy = "thumbnail".into());
        bad(&|x| x.attachments[0].incident = "ZZZZ".into());
        bad(&|x| x.attachments[0].n = 2);
        bad(&|x| {
            let a = x.attachments[0].clone();
            x.attachments.push(a)
        });
    }

    #[test]
    fn refuses_truncation_and_inconsistency() {
        let text = sample().render();
        for cut in [1, 10, text.len() / 2] {
            assert!(Manifest::parse(&text.as_bytes()[..text.len() - cut]).is_err());
        }
        let mut m = sample();
        m.file_count = 5;
        assert!(Manifest::parse(m.render().as_bytes()).is_err());
        let mut m = sample();
        m.files[2].path = "../etc/passwd".into();
        assert!(matches!(
            Manifest::parse(m.render().as_bytes()),
            Err(Problem::UnsafePath(_))
        ));
        let mut m = sample();
        m.files[3].path = VERIFY_TXT.into();
        assert!(matches!(
            Manifest::parse(m.render().as_bytes()),
            Err(Problem::Duplicate(_))
        ));
        let mut m = sample();
        m.incidents.clear();
        m.incident_count = 0;
        assert_eq!(Manifest::parse(m.render().as_bytes()), Err(Problem::Empty));
        for v in [0, 4, FORMAT_VERSION + 1] {
            let mut m = sample();
            m.version = v;
            assert!(Manifest::parse(m.render().as_bytes()).is_err());
        }
        let extra = text.replacen("\"version\": 2,", "\"version\": 2, \"x\": 1,", 1);
        assert_ne!(extra, text);
        assert!(Manifest::parse(extra.as_bytes()).is_err());
    }

    #[test]
    fn statement_round_trips_on_one_line_and_needs_version_3() {
        let mut m = sample();
        m.version = FORMAT_VERSION;
        m.statement = Some(StatementEntry {
            by: "Айгүл Т.".into(),
            at: "2026-11-28T06:00:00Z".into(),
            text: "Мен бул жазууларды ошол учурда жаздым.\n<script>x</script>\u{202E}".into(),
        });
        let text = m.render();
        assert_eq!(
            text.lines()
                .filter(|l| l.starts_with("\"statement\": {"))
                .count(),
            1,
            "{text}"
        );
        assert!(!text
            .lines()
            .any(|l| l.starts_with("{\"sha256\"") && l.contains("Айгүл")));
        let back = Manifest::parse(text.as_bytes()).unwrap();
        assert_eq!(back, m);
        let shown = back.shown().statement.unwrap();
        assert!(!shown.text.sanitized_multiline().contains('\u{202E}'));
        // Not in versions 1 and 2; limits.
        for v in [1, FORMAT_VERSION_PLAIN] {
            let mut x = m.clone();
            x.version = v;
            assert_eq!(
                Manifest::parse(x.render().as_bytes()),
                Err(Problem::Manifest(super::super::ManifestFault::Statement))
            );
        }
        let bad = |f: &dyn Fn(&mut StatementEntry)| {
            let mut x = m.clone();
            f(x.statement.as_mut().unwrap());
            Manifest::parse(x.render().as_bytes()).is_err()
        };
        assert!(bad(&|s| s.text = " \n".into()));
        assert!(bad(&|s| s.text = "x".repeat(MAX_STATEMENT + 1)));
        assert!(bad(&|s| s.by = "x".repeat(MAX_STATEMENT_BY + 1)));
        assert!(bad(&|s| s.at = "yesterday".into()));
        assert!(!bad(&|s| s.by = String::new()));
    }

    #[test]
    fn shown_fields_are_validated() {
        let bad = |f: &dyn Fn(&mut Manifest)| {
            let mut x = sample();
            f(&mut x);
            assert!(
                matches!(
                    Manifest::parse(x.render().as_bytes()),
                    Err(Problem::Manifest(_))
                ),
                "{x:?}"
            );
        };
        for created in [
            "",
            "yesterday",
            "2026-11-28T06:00:00Z\u{1b}[2J",
            "2026-11-28 06:00:00Z",
            "2026-11-28T06:00:00",
            "2026-11-28T06:00:00Z[Asia/Bishkek]",
            "2026-13-28T06:00:00Z",
            "2026-11-28T06:00:00.1234567891Z",
            "\u{202e}2026-11-28T06:00:00Z",
        ] {
            bad(&|x| x.created = created.into());
        }
        bad(&|x| x.chain_head.seq = u64::MAX);
        bad(&|x| x.chain_head.seq = MAX_SEQ + 1);
        bad(&|x| x.signer = "SHA256:abc".into());
        bad(&|x| x.signer = format!("SHA256:{}\u{1b}", "A".repeat(42)));
        bad(&|x| x.vault_id = "00\u{1b}[31m".into());
        bad(&|x| x.incidents[0].id = "AB\u{202e}CD".into());
        // No other page can ride along next to the report.
        bad(&|x| {
            x.files.push(FileEntry {
                sha256: "ab".repeat(32),
                size: 1,
                path: "evil.html".into(),
            });
            x.file_count += 1;
        });
        for ok in [
            "2026-11-28T06:00:00Z",
            "2026-11-28T06:00:00.5+06:00",
            "2026-11-28T06:00:00-03:30",
        ] {
            let mut x = sample();
            x.created = ok.into();
            assert!(Manifest::parse(x.render().as_bytes()).is_ok(), "{ok}");
        }
        let mut x = sample();
        x.chain_head.seq = MAX_SEQ;
        assert!(Manifest::parse(x.render().as_bytes()).is_ok());
    }
}
