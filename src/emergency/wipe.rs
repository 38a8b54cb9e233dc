//! Destroy a vault: crypto-erase first, then remove everything, then (best effort) overwrite.
//!
//! The order is what makes it fast and crash-safe:
//!
//! 1. **Key material.** Every copy of the key file in the directory (`sandyk.key` and any
//!    `.tmp-*` left by an interrupted atomic rewrite) is overwritten in place with random
//!    bytes, synced, unlinked, and the directory synced. From here on the database is
//!    ciphertext under a key that no longer exists: milliseconds, whatever the vault's size.
//! 2. **Names.** The database and its journal are opened (to keep a handle on their blocks)
//!    and unlinked; then entries are removed until `rmdir` succeeds — another sandyk may be
//!    writing and SQLite re-creates `sandyk.db-journal` — and the parent directory is synced.
//!    Once the directory is gone nothing can re-create the vault: the core creates the
//!    directory only in `init`, and opens the database without `SQLITE_OPEN_CREATE`.
//!    The attachment store (`sandyk.store/`) is emptied and removed in this step: its files
//!    are sealed under per-attachment keys that lived in the database, so they are
//!    unlinked, not overwritten (gigabytes of video would make the erase slow).
//! 3. **Data (best effort).** The database's and journal's blocks are overwritten through
//!    the handles kept in step 2, then synced. This only matters if the key survived
//!    elsewhere (see docs/emergency.md); a crash here leaves nothing under the vault's name.
//!
//! A crash at any point leaves either the intact vault (nothing written yet) or a destroyed
//! key; running `destroy` again completes the rest. Nothing is parsed, so a damaged vault
//! is destroyed like any other. Entries that are not the vault's are left alone (pointing
//! `--vault` at a home directory must not empty it).

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::crypto::random_bytes;
use crate::vault::fsutil::fsync_dir;
use crate::vault::store::{Store, STORE_DIR};
use crate::vault::{DB_NAME, JOURNAL_NAME, KEYFILE_NAME};

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Overwrite the database's blocks after the names are gone (seconds for a big vault).
    /// The duress action skips it: its timing must not stand out.
    pub overwrite_data: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            overwrite_data: true,
        }
    }
}

/// What `destroy` did, with timings from its start.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// Whether there was anything of a vault in the directory.
    pub found: bool,
    /// When every copy of the key file had been overwritten, synced and unlinked.
    pub key_destroyed: Option<Duration>,
    /// When the vault's files and directory were gone (and the parent synced).
    pub removed: Option<Duration>,
    /// When everything, including the best-effort overwrite, was done.
    pub total: Duration,
    /// Bytes of database and journal overwritten after removal.
    pub overwritten_bytes: u64,
    /// Entries that are not the vault's, left in place (with the directory).
    pub left_in_place: Vec<String>,
    /// Best-effort steps that failed (no secrets, no contents).
    pub problems: Vec<String>,
}

/// Where a key could not be destroyed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyAt {
    /// In the vault directory (the key file, a temporary copy, the directory itself).
    Vault,
    /// The vault's `link` is a symbolic link whose target cannot be reached.
    LinkUnreachable { link: PathBuf },
    /// The vault's `link` points to `target`, a key file that could not be destroyed.
    LinkTarget { link: PathBuf, target: PathBuf },
}

#[derive(Debug, Error)]
pub enum WipeError {
    /// The key file could not be overwritten or removed: the data key may survive.
    #[error("the key file could not be destroyed ({at:?}): {error}")]
    NotWiped {
        error: io::Error,
        at: KeyAt,
        report: Report,
    },
    /// The key is destroyed, but some of the vault's files could not be removed.
    #[error("the key was destroyed but vault files remain: {error}")]
    Incomplete { error: io::Error, report: Report },
    #[error("{0} is not a directory")]
    NotADirectory(PathBuf),
}

/// Names that hold (or may hold) key material: the key file and the temporary files of an
/// interrupted atomic rewrite of it.
fn is_key_name(name: &str) -> bool {
    name == KEYFILE_NAME || name.starts_with(".tmp-")
}

/// The vault's other files: the database, its journal, and anything SQLite or sandyk may
/// put next to them.
fn is_data_name(name: &str) -> bool {
    name == DB_NAME
        || name == JOURNAL_NAME
        || name.starts_with("sandyk.")
        || name.starts_with(".sandyk-")
}

fn open_flags() -> i32 {
    // Never follow a symlink (we would overwrite whatever it points to); never block on a
    // FIFO someone put there.
    libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC
}

/// Overwrite a regular file in place with random bytes and sync it (a read-only one is
/// made writable first). Not a regular file, a symbolic link (see [`destroy_link_target`]),
/// or gone: nothing to do.
fn overwrite_key_copy(path: &Path) -> io::Result<()> {
    let f = match crate::fsio::open_for_overwrite(path) {
        Ok(Some(f)) => f,
        Ok(None) => return Ok(()),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(()),
        Err(e) => return Err(e),
    };
    let m = f.metadata()?;
    let mut noise = zeroize::Zeroizing::new(vec![0u8; 64 * 1024]);
    let mut off = 0u64;
    while off < m.len() {
        let n = (m.len() - off).min(noise.len() as u64) as usize;
        random_bytes(&mut noise[..n]);
        f.write_all_at(&noise[..n], off)?;
        off += n as u64;
    }
    f.sync_all()
}

/// `name` in the vault is a symbolic link (say, to a key file kept on a USB stick): if it
/// points to a regular file of exactly a key file's size, that file is key material and is
/// overwritten in place and removed; a dangling link has nothing behind it. Anything else it
/// points to is not a key file and is left alone (noted in the report). An error names the
/// target: the key it points to may survive.
fn destroy_link_target(dir: &Path, name: &str, rep: &mut Report) -> Result<(), (io::Error, KeyAt)> {
    let link = dir.join(name);
    let target = match fs::canonicalize(&link) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err((e, KeyAt::LinkUnreachable { link })),
    };
    let named = |e: io::Error| {
        (
            e,
            KeyAt::LinkTarget {
                link: link.clone(),
                target: target.clone(),
            },
        )
    };
    let m = fs::metadata(&target).map_err(named)?;
    if !m.is_file() || m.len() != crate::vault::keyfile::KEYFILE_LEN as u64 {
        rep.problems.push(format!(
            "{name} is a symbolic link to {}, which is not a key file: left alone",
            target.display()
        ));
        return Ok(());
    }
    overwrite_key_copy(&target).map_err(named)?;
    remove(&target).map_err(named)?;
    if let Some(parent) = target.parent() {
        let _ = fsync_dir(parent);
    }
    Ok(())
}

/// Overwrite and remove the temporaries an interrupted key-file rewrite left in `dir`
/// (copies of the key file), not the key file itself. For the duress action, which
/// overwrites the key file in place.
pub fn destroy_key_temps(dir: &Path) -> io::Result<()> {
    let mut n = 0;
    for name in names(dir)? {
        let p = dir.join(&name);
        if name != KEYFILE_NAME
            && is_key_name(&name)
            && fs::symlink_metadata(&p).is_ok_and(|m| m.is_file())
        {
            overwrite_key_copy(&p)?;
            remove(&p)?;
            n += 1;
        }
    }
    if n > 0 {
        fsync_dir(dir)?;
    }
    Ok(())
}

fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        r => r,
    }
}

/// Names in the directory (not following anything), sorted for a stable order.
fn names(dir: &Path) -> io::Result<Vec<String>> {
    let mut v = vec![];
    for e in fs::read_dir(dir)? {
        let e = e?;
        v.push(e.file_name().to_string_lossy().into_owned());
    }
    v.sort();
    Ok(v)
}

/// Destroy the vault in `dir`. See the module documentation for the order of steps.
///
/// `Ok` means no vault material is left under `dir` (also when there was none to begin
/// with: `found` tells). `NotWiped` means the key may survive; `Incomplete` that the key
/// is gone but files remain.
// The error carries the whole report (what was done before it failed); it is returned once
// per run, on the emergency path, so its size costs nothing.
#[allow(clippy::result_large_err)]
pub fn destroy(dir: &Path, opts: Options) -> Result<Report, WipeError> {
    let t0 = Instant::now();
    let mut rep = Report::default();
    let not_wiped = |error: io::Error, mut report: Report| {
        report.total = t0.elapsed();
        WipeError::NotWiped {
            error,
            at: KeyAt::Vault,
            report,
        }
    };

    // The vault directory may be a symlink (for example to removable media): wipe what it
    // points to, then remove the link too.
    let (real, link) = match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            rep.total = t0.elapsed();
            return Ok(rep);
        }
        Err(e) => return Err(not_wiped(e, rep)),
        Ok(m) if m.file_type().is_symlink() => match fs::canonicalize(dir) {
            Ok(r) => (r, Some(dir.to_path_buf())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                rep.total = t0.elapsed();
                return Ok(rep);
            }
            Err(e) => return Err(not_wiped(e, rep)),
        },
        Ok(_) => (dir.to_path_buf(), None),
    };
    if !real.is_dir() {
        return Err(WipeError::NotADirectory(dir.to_path_buf()));
    }
    let entries = names(&real).map_err(|e| not_wiped(e, rep.clone()))?;
    let is_dir = |n: &String| fs::symlink_metadata(real.join(n)).is_ok_and(|m| m.is_dir());
    rep.found = entries
        .iter()
        .any(|n| (is_key_name(n) || is_data_name(n)) && !is_dir(n));

    // 1. Key material: overwrite every copy, sync, then unlink and sync the directory.
    let mut key_error: Option<(io::Error, KeyAt)> = None;
    // (A directory of such a name is not a key file: it is left to step 2, which leaves it.)
    // The key file itself goes last: a kill between two overwrites then leaves the vault
    // intact (only leftover copies destroyed), never a destroyed key file next to a live copy.
    let mut key_names: Vec<&String> = entries
        .iter()
        .filter(|n| is_key_name(n) && !is_dir(n))
        .collect();
    key_names.sort_by_key(|n| n.as_str() == KEYFILE_NAME);
    for n in &key_names {
        let p = real.join(n);
        let r = if fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
            destroy_link_target(&real, n, &mut rep)
        } else {
            overwrite_key_copy(&p).map_err(|e| (e, KeyAt::Vault))
        };
        if let Err(e) = r {
            key_error.get_or_insert(e);
        }
    }
    fail::fail_point!("wipe-after-key-overwrite");
    for n in &key_names {
        if let Err(e) = remove(&real.join(n)) {
            key_error.get_or_insert((e, KeyAt::Vault));
        }
    }
    if !key_names.is_empty() {
        if let Err(e) = fsync_dir(&real) {
            key_error.get_or_insert((e, KeyAt::Vault));
        }
    }
    if let Some((e, at)) = key_error {
        // Carry on removing what we can (it cannot make things worse), but say plainly
        // that the key may have survived.
        let (_, mut r) = remove_all(&real, link.as_deref(), opts, rep, t0);
        r.total = t0.elapsed();
        return Err(WipeError::NotWiped {
            error: e,
            at,
            report: r,
        });
    }
    rep.key_destroyed = Some(t0.elapsed());

    // 2 and 3.
    let (res, mut rep) = remove_all(&real, link.as_deref(), opts, rep, t0);
    rep.total = t0.elapsed();
    match res {
        Ok(()) => Ok(rep),
        Err(error) => Err(WipeError::Incomplete { error, report: rep }),
    }
}

/// Steps 2 and 3: remove every vault entry and the directory, then overwrite the data.
fn remove_all(
    real: &Path,
    link: Option<&Path>,
    opts: Options,
    mut rep: Report,
    t0: Instant,
) -> (io::Result<()>, Report) {
    let mut kept: Vec<File> = vec![];
    let mut seen: Vec<(u64, u64)> = vec![];
    let mut result = Ok(());
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut rounds = 0u32;
    loop {
        rounds += 1;
        let entries = match names(real) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => break,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        let mut foreign = vec![];
        let mut failed: Option<io::Error> = None;
        for n in &entries {
            let p = real.join(n);
            let is_dir = fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir());
            if is_dir && n == STORE_DIR {
                // The attachment store: content sealed under keys that were in the
                // database; its files are unlinked (not overwritten), then the directory.
                match Store::in_vault(real).destroy_all() {
                    Ok(true) => {}
                    Ok(false) => foreign.push(n.clone()),
                    Err(e) => {
                        failed.get_or_insert(e);
                    }
                }
            } else if is_dir {
                // Not ours to empty, whatever its name.
                foreign.push(n.clone());
            } else if is_key_name(n) {
                // Re-created by a concurrent key-file rewrite: destroy it like the first.
                let r = overwrite_key_copy(&p).and_then(|_| remove(&p));
                if let Err(e) = r {
                    failed.get_or_insert(e);
                }
            } else if is_data_name(n) {
                if opts.overwrite_data {
                    if let Ok(f) = OpenOptions::new()
                        .read(true)
                        .write(true)
                        .custom_flags(open_flags())
                        .open(&p)
                    {
                        if let Ok(m) = f.metadata() {
                            if m.is_file() && !seen.contains(&(m.dev(), m.ino())) {
                                seen.push((m.dev(), m.ino()));
                                kept.push(f);
                            }
                        }
                    }
                }
                if let Err(e) = remove(&p) {
                    failed.get_or_insert(e);
                }
            } else {
                foreign.push(n.clone());
            }
        }
        if let Some(e) = failed {
            result = Err(e);
            break;
        }
        if !foreign.is_empty() {
            // Leave the directory and what is not ours; the vault itself is gone.
            rep.left_in_place = foreign;
            if let Err(e) = fsync_dir(real) {
                rep.problems.push(format!("sync of the directory: {e}"));
            }
            break;
        }
        match fs::remove_dir(real) {
            Ok(()) => break,
            Err(e) if e.kind() == io::ErrorKind::NotFound => break,
            Err(e)
                if e.raw_os_error() == Some(libc::ENOTEMPTY)
                    || e.raw_os_error() == Some(libc::EEXIST) =>
            {
                // Someone wrote meanwhile (a journal): go round again.
                if Instant::now() > deadline {
                    result = Err(e);
                    break;
                }
                if rounds > 3 {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    if result.is_ok() && rep.left_in_place.is_empty() {
        let parent = real.parent().unwrap_or(Path::new("/"));
        if let Err(e) = fsync_dir(parent) {
            rep.problems
                .push(format!("sync of the parent directory: {e}"));
        }
        if let Some(l) = link {
            if remove(l).is_ok() {
                let _ = fsync_dir(l.parent().unwrap_or(Path::new("/")));
            }
        }
        rep.removed = Some(t0.elapsed());
    }

    // 3. Best effort: overwrite the database's blocks through the kept handles.
    if opts.overwrite_data && !kept.is_empty() {
        let mut pattern = vec![0u8; 1 << 20];
        random_bytes(&mut pattern);
        for f in &kept {
            match overwrite_all(f, &pattern) {
                Ok(n) => rep.overwritten_bytes += n,
                Err(e) => rep.problems.push(format!("overwrite of the database: {e}")),
            }
        }
    }
    drop(kept);
    (result, rep)
}

fn overwrite_all(f: &File, pattern: &[u8]) -> io::Result<u64> {
    let len = f.metadata()?.len();
    let mut off = 0u64;
    while off < len {
        let n = (len - off).min(pattern.len() as u64) as usize;
        f.write_all_at(&pattern[..n], off)?;
        off += n as u64;
    }
    f.sync_all()?;
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_vault(dir: &Path) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join(KEYFILE_NAME), vec![0xAB; 8320]).unwrap();
        fs::write(dir.join(".tmp-abc123"), vec![0xAB; 8320]).unwrap();
        fs::write(dir.join(DB_NAME), vec![0xCD; 3 << 20]).unwrap();
        fs::write(dir.join(JOURNAL_NAME), vec![0xEF; 4096]).unwrap();
    }

    #[test]
    fn the_attachment_store_goes_too() {
        let d = tempfile::tempdir().unwrap();
        let v = d.path().join("v");
        fake_vault(&v);
        let store = v.join(STORE_DIR);
        fs::create_dir(&store).unwrap();
        for i in 0..3 {
            fs::write(store.join(format!("{i:032x}")), vec![0x5A; 70_000]).unwrap();
        }
        let r = destroy(&v, Options::default()).unwrap();
        assert!(r.left_in_place.is_empty(), "{:?}", r.left_in_place);
        assert!(!v.exists());
        // Something that is not a content file inside the store is not ours: it stays,
        // and so does the directory holding it, but the content files are gone.
        fake_vault(&v);
        fs::create_dir(&store).unwrap();
        fs::write(store.join(format!("{:032x}", 7)), b"sealed").unwrap();
        fs::write(store.join("notes.txt"), b"mine").unwrap();
        let r = destroy(&v, Options::default()).unwrap();
        assert_eq!(r.left_in_place, vec![STORE_DIR.to_owned()]);
        assert!(!v.join(KEYFILE_NAME).exists() && !v.join(DB_NAME).exists());
        assert_eq!(
            fs::read_dir(&store).unwrap().count(),
            1,
            "only notes.txt is left"
        );
    }

    #[test]
    fn removes_everything_and_reports() {
        let d = tempfile::tempdir().unwrap();
        let v = d.path().join("v");
        fake_vault(&v);
        let r = destroy(&v, Options::default()).unwrap();
        assert!(r.found);
        assert!(r.key_destroyed.unwrap() <= r.removed.unwrap());
        assert_eq!(r.overwritten_bytes, (3 << 20) + 4096);
        assert!(!v.exists());
        // Again: nothing left, and it says so.
        let r = destroy(&v, Options::default()).unwrap();
        assert!(!r.found && r.key_destroyed.is_none());
    }

    #[test]
    fn leaves_what_is_not_the_vaults() {
        let d = tempfile::tempdir().unwrap();
        let v = d.path().join("home");
        fake_vault(&v);
        fs::write(v.join("notes.txt"), b"mine").unwrap();
        fs::create_dir(v.join("photos")).unwrap();
        fs::create_dir(v.join(".tmp-dir")).unwrap();
        let r = destroy(&v, Options::default()).unwrap();
        assert_eq!(
            r.left_in_place,
            vec![
                ".tmp-dir".to_owned(),
                "notes.txt".to_owned(),
                "photos".to_owned()
            ]
        );
        assert!(r.removed.is_none());
        assert_eq!(fs::read(v.join("notes.txt")).unwrap(), b"mine");
        assert!(!v.join(KEYFILE_NAME).exists() && !v.join(DB_NAME).exists());
        // A directory with nothing of a vault: nothing found, nothing touched.
        let r = destroy(&v, Options::default()).unwrap();
        assert!(!r.found);
        assert!(v.join("photos").is_dir());
    }

    #[test]
    fn symlinks_are_removed_not_followed() {
        let d = tempfile::tempdir().unwrap();
        let v = d.path().join("v");
        fake_vault(&v);
        let outside = d.path().join("precious");
        fs::write(&outside, b"keep me").unwrap();
        fs::remove_file(v.join(KEYFILE_NAME)).unwrap();
        std::os::unix::fs::symlink(&outside, v.join(KEYFILE_NAME)).unwrap();
        destroy(&v, Options::default()).unwrap();
        assert_eq!(fs::read(&outside).unwrap(), b"keep me");
        assert!(!v.exists());
        // The vault directory itself behind a symlink: both go.
        let real = d.path().join("real");
        fake_vault(&real);
        let link = d.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        destroy(&link, Options::default()).unwrap();
        assert!(!real.exists() && fs::symlink_metadata(&link).is_err());
    }

    #[test]
    fn a_linked_key_file_is_destroyed_at_its_target() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let v = d.path().join("v");
        fake_vault(&v);
        let usb = d.path().join("usb");
        fs::create_dir(&usb).unwrap();
        let real = usb.join("sandyk.key");
        let key = vec![0xAB; crate::vault::keyfile::KEYFILE_LEN];
        fs::write(&real, &key).unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o400)).unwrap();
        // A second name for the inode: shows whether it was overwritten or only unlinked.
        let witness = d.path().join("witness");
        fs::hard_link(&real, &witness).unwrap();
        fs::remove_file(v.join(KEYFILE_NAME)).unwrap();
        std::os::unix::fs::symlink(&real, v.join(KEYFILE_NAME)).unwrap();
        let r = destroy(&v, Options::default()).unwrap();
        assert!(r.found && r.key_destroyed.is_some());
        assert!(!real.exists() && !v.exists());
        let w = fs::read(&witness).unwrap();
        assert_eq!(w.len(), key.len());
        assert!(
            w.iter().filter(|b| **b == 0xAB).count() < 200,
            "not overwritten"
        );
    }

    /// (As root this holds without the `fchmod`; tests/it/examiner.rs also runs `panic` as
    /// an unprivileged owner.)
    #[test]
    fn a_read_only_key_file_is_overwritten_before_it_is_unlinked() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let v = d.path().join("v");
        fake_vault(&v);
        let witness = d.path().join("witness");
        fs::hard_link(v.join(KEYFILE_NAME), &witness).unwrap();
        fs::set_permissions(v.join(KEYFILE_NAME), fs::Permissions::from_mode(0o400)).unwrap();
        destroy(&v, Options::default()).unwrap();
        let w = fs::read(&witness).unwrap();
        assert!(
            w.iter().filter(|b| **b == 0xAB).count() < 200,
            "not overwritten"
        );
    }

    #[test]
    fn a_file_is_not_a_vault_directory() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("f");
        fs::write(&f, b"x").unwrap();
        assert!(matches!(
            destroy(&f, Options::default()),
            Err(WipeError::NotADirectory(_))
        ));
        assert!(f.exists());
    }
}
