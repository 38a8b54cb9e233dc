//! Receiving a bundle: the rules that decide what may reach the disk or the vault.
//!
//! - [`verify_then_extract`]: `bundle open` verifies the whole bundle first, writing nothing,
//!   then verifies it again while extracting; anything written is removed if the second pass
//!   fails or reads a different file ([`Extract`] is the rollback sink).
//! - [`decide_signer`]: who a bundle is from, by its signing key only: a contact's key, or
//!   the key the user pinned with `--signer`; anything else is an unknown signer.
//! - [`classify`]: imports are idempotent and monotonic per (signer, incident).
//!
//! The binary only asks for keys and passphrases and prints the outcome.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::reader::{NoSink, Sink, Verified};
use super::records::IncidentRecord;
use super::{card, report, BundleError, Problem, Result, REPORT_HTML, SENDER_REPORT};
use crate::i18n::Lang;
use crate::model::incident::Incident;

/// A sink that writes the bundle's files under `dir`, creating nothing outside it and
/// overwriting nothing; [`Extract::rollback`] removes everything it created.
///
/// The sender's report.html is never written under that name: it is kept as
/// [`SENDER_REPORT`] (hashed evidence, not opened by a double click). With
/// [`Extract::with_report`], the sink writes its own report.html, rendered from each incident
/// as its chain segment is verified.
pub struct Extract {
    dir: PathBuf,
    made_dir: bool,
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    current: Option<File>,
    report: Option<OwnReport>,
}

/// The report.html `bundle open` writes itself.
struct OwnReport {
    lang: Lang,
    /// The receiver's time zone, for recording times.
    tz: jiff::tz::TimeZone,
    head: String,
    file: Option<File>,
}

impl Extract {
    /// Extract into `dir`, which exists and is empty; `made_dir` says whether the caller
    /// created it for this (then a rollback removes it too).
    pub fn new(dir: &Path, made_dir: bool) -> Extract {
        Extract {
            dir: dir.to_path_buf(),
            made_dir,
            files: vec![],
            dirs: vec![],
            current: None,
            report: None,
        }
    }

    /// Also write report.html, rendered in `lang` from the verified incidents, starting with
    /// `head` ([`report::html_head`]).
    pub fn with_report(mut self, lang: Lang, tz: jiff::tz::TimeZone, head: String) -> Extract {
        self.report = Some(OwnReport {
            lang,
            tz,
            head,
            file: None,
        });
        self
    }

    /// Create a new file under `dir` (never replacing anything, never through a symlink).
    fn create(&mut self, name: &str) -> Result<File> {
        let target = self.dir.join(name);
        let f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&target)
            .map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => BundleError::Exists(target.clone()),
                _ => BundleError::Io(e),
            })?;
        self.files.push(target);
        Ok(f)
    }

    /// Finish report.html (after a successful verification): the tail, then fsync.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(r) = self.report.as_mut() {
            if r.file.is_none() {
                let head = r.head.clone();
                let mut f = self.create(REPORT_HTML)?;
                f.write_all(head.as_bytes())?;
                self.report.as_mut().expect("set").file = Some(f);
            }
            let f = self
                .report
                .as_mut()
                .and_then(|r| r.file.as_mut())
                .expect("created");
            f.write_all(report::html_tail().as_bytes())?;
            f.sync_all()?;
        }
        Ok(())
    }

    /// How many files were written.
    pub fn files_written(&self) -> usize {
        self.files.len()
    }

    /// Remove every file and directory this sink created, newest first.
    pub fn rollback(&mut self) {
        self.current = None;
        for f in self.files.drain(..).rev() {
            let _ = fs::remove_file(f);
        }
        for d in self.dirs.drain(..).rev() {
            let _ = fs::remove_dir(d);
        }
        if self.made_dir {
            let _ = fs::remove_dir(&self.dir);
        }
    }
}

impl Sink for Extract {
    fn file_start(&mut self, path: &str, _size: u64) -> Result<()> {
        // The reader allows only safe relative paths; check again before touching the disk.
        if !super::safe_path(path) {
            return Err(Problem::UnsafePath(path.into()).into());
        }
        // The sender's report is kept, renamed: only the report rendered here is report.html.
        let path = if path == REPORT_HTML {
            SENDER_REPORT
        } else {
            path
        };
        if let Some((sub, _)) = path.split_once('/') {
            let d = self.dir.join(sub);
            match fs::symlink_metadata(&d) {
                Ok(m) if m.is_dir() && self.dirs.contains(&d) => {}
                Ok(_) => return Err(BundleError::Exists(d)),
                Err(_) => {
                    fs::create_dir(&d)?;
                    self.dirs.push(d);
                }
            }
        }
        let f = self.create(path)?;
        self.current = Some(f);
        Ok(())
    }
    fn file_data(&mut self, data: &[u8]) -> Result<()> {
        self.current.as_mut().expect("started").write_all(data)?;
        Ok(())
    }
    fn file_end(&mut self) -> Result<()> {
        if let Some(f) = self.current.take() {
            f.sync_all()?;
        }
        Ok(())
    }
    fn incident(&mut self, rec: &IncidentRecord) -> Result<()> {
        let Some((lang, tz)) = self.report.as_ref().map(|r| (r.lang, r.tz.clone())) else {
            return Ok(());
        };
        let current = rec
            .revisions
            .last()
            .and_then(|r| r.body.as_deref())
            .and_then(|b| serde_json::from_str::<Incident>(b).ok())
            .ok_or_else(|| Problem::Chain {
                id: rec.id.as_str().into(),
                fault: super::ChainFault::Unreadable,
            })?;
        let mut html = report::html_incident(lang, &tz, &current, &rec.revisions);
        html.push_str(&report::html_attachments(
            lang,
            &rec.attachments,
            &rec.left_out,
        ));
        if self.report.as_ref().is_some_and(|r| r.file.is_none()) {
            let head = self.report.as_ref().expect("set").head.clone();
            let mut f = self.create(REPORT_HTML)?;
            f.write_all(head.as_bytes())?;
            self.report.as_mut().expect("set").file = Some(f);
        }
        let f = self
            .report
            .as_mut()
            .and_then(|r| r.file.as_mut())
            .expect("created");
        f.write_all(html.as_bytes())?;
        Ok(())
    }
}

/// Verify, then extract into `dir` (new when `made_dir`, else existing and empty).
///
/// `verify` runs one verification pass over the bundle file into the given sink. Pass 1
/// writes nothing; only if it succeeds is `dir` created and pass 2 run into an [`Extract`].
/// If pass 2 fails, or reads a different file (another SHA-256), everything it wrote is
/// removed and the error returned ([`BundleError::Changed`] for a different file). Returns
/// the verdict of pass 2 and the number of files written.
///
/// The sender's report.html is kept as [`SENDER_REPORT`]; report.html is rendered here, in
/// `lang`, recording times in `tz` (the receiver's), from the incidents verified in pass 2
/// (the sender's HTML is never shown).
pub fn verify_then_extract<E: From<BundleError> + From<io::Error>>(
    dir: &Path,
    made_dir: bool,
    lang: Lang,
    tz: &jiff::tz::TimeZone,
    mut verify: impl FnMut(&mut dyn Sink, Pass) -> std::result::Result<Verified, E>,
) -> std::result::Result<(Verified, usize), E> {
    let first = verify(&mut NoSink, Pass::Check)?;
    if made_dir {
        fs::create_dir(dir).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => E::from(BundleError::Exists(dir.to_path_buf())),
            _ => E::from(e),
        })?;
    }
    let m = &first.manifest;
    let head = report::html_head(&report::ReportHead {
        lang,
        tz,
        created: &m.created,
        vault_id: &m.vault_id,
        signer: &first.signer,
        chain_seq: m.chain_head.seq,
        chain_hash: &m.chain_head.hash,
        incident_count: m.incident_count,
        on_receipt: true,
        statement: m.statement.as_ref(),
    });
    let mut x = Extract::new(dir, made_dir).with_report(lang, tz.clone(), head);
    let second = match verify(&mut x, Pass::Extract) {
        Ok(s) if s.bundle_sha256 == first.bundle_sha256 => match x.finish() {
            Ok(()) => s,
            Err(e) => {
                x.rollback();
                return Err(e.into());
            }
        },
        Ok(_) => {
            x.rollback();
            return Err(BundleError::Changed.into());
        }
        Err(e) => {
            x.rollback();
            return Err(e);
        }
    };
    crate::vault::fsutil::fsync_dir(dir)?;
    Ok((second, x.files_written()))
}

/// Which pass of [`verify_then_extract`] a verification is (the first may show progress).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    Check,
    Extract,
}

/// Who a verified bundle is from, decided by its signing key alone (never by anything the
/// bundle says about itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sender {
    /// The signing key is this contact's (exchanged on a card).
    Contact(String),
    /// Not a contact's key, but the one the user named with `--signer` for this command.
    Pinned,
    /// This vault's own signing key (a sender checking their own bundle); decided by the
    /// caller, which holds the vault's key.
    Own,
}

/// The trust decision: `signer_key` (canonical, from [`super::reader::Verified`]) is
/// accepted if it is `contact`'s key (the caller looked it up by fingerprint) or if the user
/// pinned it with `pin` (`SHA256:…` or the readable fingerprint). A pin that names another
/// key fails as [`Problem::WrongSigner`]; an unknown key without a pin is
/// [`BundleError::UnknownSigner`].
pub fn decide_signer(signer_key: &str, contact: Option<&str>, pin: Option<&str>) -> Result<Sender> {
    let pk = card::parse_signer(signer_key).ok_or(Problem::Signature)?;
    let fingerprint = super::sign::fingerprint(&pk);
    if let Some(want) = pin {
        if !card::pin_names_key(want, &pk) {
            return Err(Problem::WrongSigner {
                found: fingerprint,
                expected: want.trim().chars().take(80).collect(),
            }
            .into());
        }
    }
    match (contact, pin) {
        (Some(c), _) => Ok(Sender::Contact(c.to_owned())),
        (None, Some(_)) => Ok(Sender::Pinned),
        (None, None) => Err(BundleError::UnknownSigner {
            fingerprint,
            readable: card::readable(signer_key),
        }),
    }
}

/// How an incident in a bundle relates to what was imported of it before from the same
/// signer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// Not received before from this signer.
    New,
    /// A longer history than any received before (each earlier one is its beginning).
    Newer,
    /// Exactly a history received before: nothing to import.
    Duplicate,
}

/// The monotonic rule: the identity of a received revision is (signer, incident, revision
/// hash). `new` is the incident's revision hashes in this bundle, `earlier` those of each
/// earlier import of it from the same signer. An earlier history longer than this one that
/// begins with it is a replay of an older state ([`BundleError::Stale`]); one that is not a
/// beginning or a continuation of it is a different history ([`BundleError::Forked`]).
pub fn classify(incident: &str, new: &[[u8; 32]], earlier: &[Vec<[u8; 32]>]) -> Result<Receipt> {
    let mut receipt = Receipt::New;
    for e in earlier {
        if e.as_slice() == new {
            receipt = Receipt::Duplicate;
        } else if e.len() < new.len() && new.starts_with(e) {
            if receipt == Receipt::New {
                receipt = Receipt::Newer;
            }
        } else if e.len() > new.len() && e.starts_with(new) {
            return Err(BundleError::Stale {
                incident: incident.into(),
                have: e.len() as u64,
                got: new.len() as u64,
            });
        } else {
            return Err(BundleError::Forked {
                incident: incident.into(),
            });
        }
    }
    Ok(receipt)
}

/// The revision hashes of a stored history (a JSON array of revisions).
pub fn stored_hashes(revisions_json: &str) -> Result<Vec<[u8; 32]>> {
    let revs: Vec<crate::model::Revision> = serde_json::from_str(revisions_json)
        .map_err(|_| BundleError::Db(crate::vault::db::DbError::Damaged))?;
    Ok(revs.into_iter().map(|r| r.hash).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_is_decided_by_the_key() {
        let s = crate::bundle::sign::Signer::from_seed(&[7u8; 32]).unwrap();
        let key = card::signer_canonical(s.public());
        let readable = card::readable(&key);
        assert_eq!(
            decide_signer(&key, Some("Айгүл"), None).unwrap(),
            Sender::Contact("Айгүл".into())
        );
        assert_eq!(
            decide_signer(&key, None, Some(&s.fingerprint())).unwrap(),
            Sender::Pinned
        );
        assert_eq!(
            decide_signer(&key, None, Some(&readable)).unwrap(),
            Sender::Pinned
        );
        match decide_signer(&key, None, None) {
            Err(BundleError::UnknownSigner {
                fingerprint,
                readable: r,
            }) => {
                assert_eq!(fingerprint, s.fingerprint());
                assert_eq!(r, readable);
            }
            other => panic!("{other:?}"),
        }
        // A pin of another key refuses even a contact's key.
        let other = crate::bundle::sign::Signer::from_seed(&[8u8; 32]).unwrap();
        assert!(matches!(
            decide_signer(&key, Some("Айгүл"), Some(&other.fingerprint())),
            Err(BundleError::Verify(Problem::WrongSigner { .. }))
        ));
    }

    #[test]
    fn imports_are_idempotent_and_monotonic() {
        let h = |n: u8| [n; 32];
        let v1 = vec![h(1)];
        let v2 = vec![h(1), h(2)];
        let fork = vec![h(1), h(3)];
        assert_eq!(classify("A", &v1, &[]).unwrap(), Receipt::New);
        assert_eq!(
            classify("A", &v2, std::slice::from_ref(&v1)).unwrap(),
            Receipt::Newer
        );
        assert_eq!(
            classify("A", &v2, &[v1.clone(), v2.clone()]).unwrap(),
            Receipt::Duplicate
        );
        assert!(matches!(
            classify("A", &v1, std::slice::from_ref(&v2)),
            Err(BundleError::Stale {
                have: 2,
                got: 1,
                ..
            })
        ));
        assert!(matches!(
            classify("A", &fork, std::slice::from_ref(&v2)),
            Err(BundleError::Forked { .. })
        ));
    }

    #[test]
    fn extract_writes_inside_and_rolls_back_everything() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("out");
        fs::create_dir(&dir).unwrap();
        let mut x = Extract::new(&dir, true);
        x.file_start("VERIFY.txt", 3).unwrap();
        x.file_data(b"abc").unwrap();
        x.file_end().unwrap();
        x.file_start("attachments/1", 1).unwrap();
        x.file_data(b"x").unwrap();
        x.file_end().unwrap();
        assert_eq!(fs::read(dir.join("VERIFY.txt")).unwrap(), b"abc");
        assert_eq!(x.files_written(), 2);
        // Nothing is overwritten, nothing escapes the directory.
        assert!(matches!(
            x.file_start("VERIFY.txt", 1),
            Err(BundleError::Exists(_))
        ));
        assert!(x.file_start("../escape", 1).is_err());
        assert!(!t.path().join("escape").exists());
        x.rollback();
        assert!(
            !dir.exists(),
            "a directory made for the extraction goes too"
        );
    }

    #[test]
    fn rollback_keeps_a_directory_it_did_not_make() {
        let t = tempfile::tempdir().unwrap();
        let mut x = Extract::new(t.path(), false);
        x.file_start("a", 1).unwrap();
        x.file_end().unwrap();
        x.rollback();
        assert!(t.path().is_dir());
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 0);
    }
}
