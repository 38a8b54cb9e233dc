//! *The* one way the project writes an output file: it appears whole or not at all, and never
//! replaces an existing file unless [`OutputMode::Replace`] is asked for.
//!
//! On Linux the data goes to an anonymous file (`O_TMPFILE`) in the target directory: it has
//! no name until [`Output::commit`] links it in (`linkat`, which fails if the name exists),
//! so a process killed at any point — even by SIGKILL — leaves nothing behind. With
//! `Replace` it is linked under a random hidden name and renamed over the target. Where the
//! file system has no `O_TMPFILE` (or [`set_force_named_fallback`] asked for it), a hidden
//! temporary file `.sandyk-tmp-*` (mode 0600) is used instead: removed on error and on drop,
//! and registered so that the binary's signal handler can remove it
//! ([`unlink_pending_temp`]); only a SIGKILL or a power loss can leave it.
//!
//! [`write_atomic`] is the key-file mode: a small buffer replaced through a named temporary
//! `.tmp-XXXXXX` (fsync, rename, directory fsync), whose copy is overwritten before it is
//! removed on failure; `fsio::remove_stale_temps` removes what a crash left.
//!
//! The library installs no signal handler and reads no environment variable.

use std::ffi::CString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

use super::{fsync_dir, TEMP_PREFIX};

/// What an output does about an existing file at its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputMode {
    /// Fail with `AlreadyExists` if the name exists, when creating and again when committing.
    CreateNew,
    /// Replace an existing regular file atomically (never a directory, device or symlink).
    Replace,
}

// ---------------------------------------------------------------- process-wide hooks

static FORCE_NAMED: AtomicBool = AtomicBool::new(false);

/// Use the named-temporary fallback even where `O_TMPFILE` works. A test hook: the binary
/// sets it (in debug builds) so that tests exercise the fallback.
pub fn set_force_named_fallback(on: bool) {
    FORCE_NAMED.store(on, Ordering::SeqCst);
}

static PENDING_HOOK: std::sync::OnceLock<fn(bool)> = std::sync::OnceLock::new();

/// Have `hook(true)` called when an output starts writing a named temporary file (the
/// fallback), and `hook(false)` when that file is gone or committed. The binary installs its
/// signal handlers (which call [`unlink_pending_temp`]) and restores the defaults there; the
/// library itself never touches signals. Set once; later calls are ignored.
pub fn set_pending_hook(hook: fn(bool)) {
    let _ = PENDING_HOOK.set(hook);
}

fn call_hook(pending: bool) {
    if let Some(h) = PENDING_HOOK.get() {
        h(pending);
    }
}

/// The named temporary file being written, for the binary's signal handler.
static PENDING: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());

/// Remove the named temporary file an output is writing, if any; returns whether there was
/// one. Async-signal-safe (one atomic load and `unlink`): meant to be called from the
/// binary's SIGINT/SIGTERM/SIGHUP handler, which then exits.
pub fn unlink_pending_temp() -> bool {
    let p = PENDING.load(Ordering::SeqCst);
    if p.is_null() {
        return false;
    }
    // SAFETY: `p` is a NUL-terminated string leaked by `register`, freed only after it
    // is swapped out of PENDING.
    unsafe {
        libc::unlink(p);
    }
    true
}

/// Register `path` as the pending temporary; None if another one is registered.
fn register(path: &Path) -> Option<*mut libc::c_char> {
    let c = CString::new(path.as_os_str().as_bytes()).ok()?.into_raw();
    match PENDING.compare_exchange(std::ptr::null_mut(), c, Ordering::SeqCst, Ordering::SeqCst) {
        Ok(_) => {
            call_hook(true);
            Some(c)
        }
        Err(_) => {
            // SAFETY: `c` came from CString::into_raw above and was never shared.
            drop(unsafe { CString::from_raw(c) });
            None
        }
    }
}

fn unregister(reg: &mut Option<*mut libc::c_char>) {
    if let Some(c) = reg.take() {
        if PENDING
            .compare_exchange(c, std::ptr::null_mut(), Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            call_hook(false);
            // SAFETY: `c` came from CString::into_raw in `register` and is no longer shared.
            drop(unsafe { CString::from_raw(c) });
        }
    }
}

// ---------------------------------------------------------------- errors

/// The inner error of "the target exists and is not a regular file".
#[derive(Debug)]
struct NotRegular(String);

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotRegular {}

/// Whether `e` says the target exists and is not a regular file (a directory, device or
/// symlink; never replaced). Its kind is `AlreadyExists`, so callers that do not ask see
/// "exists".
pub fn is_not_regular(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|i| i.is::<NotRegular>())
}

fn exists_error(target: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::AlreadyExists, target.display().to_string())
}

fn not_regular_error(target: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        NotRegular(target.display().to_string()),
    )
}

// ---------------------------------------------------------------- helpers

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn cstr(p: &Path) -> io::Result<CString> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

fn random_hex_name(dir: &Path) -> PathBuf {
    let mut rnd = [0u8; 8];
    crate::crypto::random_bytes(&mut rnd);
    dir.join(format!(".sandyk-tmp-{}", hex::encode(rnd)))
}

/// `n` random ASCII letters and digits (rejection sampling: no bias).
fn random_alnum(n: usize) -> String {
    const SET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(n);
    while out.len() < n {
        let mut b = [0u8; 16];
        crate::crypto::random_bytes(&mut b);
        for x in b {
            // 248 = 4 × 62: values above would favour the first characters.
            if (x as usize) < 4 * SET.len() && out.len() < n {
                out.push(SET[x as usize % SET.len()] as char);
            }
        }
    }
    out
}

fn open_new_private(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .read(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

fn link_anonymous(file: &File, target: &Path) -> io::Result<()> {
    let to = cstr(target)?;
    let empty = CString::new("").expect("no NUL");
    // SAFETY: valid descriptor and NUL-terminated paths.
    let rc = unsafe {
        libc::linkat(
            file.as_raw_fd(),
            empty.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_EMPTY_PATH,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EEXIST) {
        return Err(exists_error(target));
    }
    // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the /proc path does not.
    let proc = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd())).expect("no NUL");
    // SAFETY: as above.
    let rc = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            proc.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EEXIST) {
        return Err(exists_error(target));
    }
    Err(e)
}

// ---------------------------------------------------------------- Output

enum Temp {
    Anonymous,
    Named {
        path: PathBuf,
        registered: Option<*mut libc::c_char>,
    },
}

/// A file being written to its target; invisible until [`Output::commit`]. Dropping it
/// without committing leaves nothing behind.
pub struct Output {
    file: Option<File>,
    dir: PathBuf,
    target: PathBuf,
    mode: OutputMode,
    temp: Temp,
    committed: bool,
}

impl Output {
    /// Start writing `target` (mode 0600). Fails with `AlreadyExists` if it exists
    /// (`CreateNew`), or exists and is not a regular file (either mode; see
    /// [`is_not_regular`]).
    pub fn create(target: &Path, mode: OutputMode) -> io::Result<Output> {
        match fs::symlink_metadata(target) {
            Ok(m) if !m.file_type().is_file() => return Err(not_regular_error(target)),
            Ok(_) if mode == OutputMode::CreateNew => return Err(exists_error(target)),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let dir = parent_of(target);
        let out = |file, temp| Output {
            file: Some(file),
            dir: dir.clone(),
            target: target.to_path_buf(),
            mode,
            temp,
            committed: false,
        };
        // Linking an anonymous file without CAP_DAC_READ_SEARCH goes through /proc.
        if !FORCE_NAMED.load(Ordering::SeqCst) && Path::new("/proc/self/fd").is_dir() {
            match OpenOptions::new()
                .write(true)
                .read(true)
                .custom_flags(libc::O_TMPFILE)
                .mode(0o600)
                .open(&dir)
            {
                Ok(file) => return Ok(out(file, Temp::Anonymous)),
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::EOPNOTSUPP)
                            | Some(libc::EISDIR)
                            | Some(libc::EINVAL)
                            | Some(libc::ENOENT)
                    ) && dir.is_dir() => {}
                Err(e) => return Err(e),
            }
        }
        // Fallback: a hidden named temporary file, registered for the signal handler.
        let path = random_hex_name(&dir);
        let mut registered = register(&path);
        let file = match open_new_private(&path) {
            Ok(f) => f,
            Err(e) => {
                unregister(&mut registered);
                return Err(e);
            }
        };
        Ok(out(file, Temp::Named { path, registered }))
    }

    /// The file to write to.
    pub fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("the file is open until commit")
    }

    /// Whether the anonymous-file mode is in use (nothing can be left behind).
    pub fn is_anonymous(&self) -> bool {
        matches!(self.temp, Temp::Anonymous)
    }

    /// fsync the data, give it its name (never replacing an existing file in `CreateNew`
    /// mode), fsync the directory. If that last fsync fails, a `CreateNew` output is
    /// removed again, so that a failure leaves nothing.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file.take().expect("commit once");
        file.sync_all()?;
        match self.mode {
            OutputMode::CreateNew => {
                fail::fail_point!("bundle-before-link", |_| Err(io::Error::other("failpoint")));
                match &mut self.temp {
                    Temp::Anonymous => link_anonymous(&file, &self.target)?,
                    Temp::Named { path, registered } => {
                        // link + unlink: link fails if the target exists, unlike rename.
                        match fs::hard_link(&*path, &self.target) {
                            Ok(()) => {}
                            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                                return Err(exists_error(&self.target))
                            }
                            Err(e) => return Err(e),
                        }
                        self.committed = true;
                        let _ = fs::remove_file(&*path);
                        unregister(registered);
                    }
                }
            }
            OutputMode::Replace => match &mut self.temp {
                Temp::Anonymous => {
                    let tmp = random_hex_name(&self.dir);
                    link_anonymous(&file, &tmp)?;
                    if let Err(e) = fs::rename(&tmp, &self.target) {
                        let _ = fs::remove_file(&tmp);
                        return Err(e);
                    }
                }
                Temp::Named { path, registered } => {
                    fs::rename(&*path, &self.target)?;
                    self.committed = true;
                    unregister(registered);
                }
            },
        }
        self.committed = true;
        drop(file);
        if let Err(e) = fsync_dir(&self.dir) {
            // The name is not known to be durable: take a new file back (the caller
            // reports the failure).
            if self.mode == OutputMode::CreateNew {
                let _ = fs::remove_file(&self.target);
            }
            return Err(e);
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Temp::Named { path, registered } = &mut self.temp {
            if !self.committed {
                let _ = fs::remove_file(&*path);
            }
            unregister(registered);
        }
    }
}

/// Remove a committed output again (when recording it failed), durably.
pub fn remove_committed(target: &Path) -> io::Result<()> {
    fs::remove_file(target)?;
    fsync_dir(&parent_of(target))
}

// ---------------------------------------------------------------- key-file mode

/// A named temporary `.tmp-XXXXXX` holding a copy of a small secret file: overwritten with
/// zeros and removed unless disarmed.
struct ScrubbedTemp {
    path: PathBuf,
    file: File,
    len: usize,
    armed: bool,
}

impl Drop for ScrubbedTemp {
    fn drop(&mut self) {
        if self.armed {
            // Best effort: overwrite the copy before its name goes.
            if self.len > 0 && self.file.rewind().is_ok() {
                let _ = self.file.write_all(&vec![0u8; self.len]);
                let _ = self.file.sync_data();
            }
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Replace `path` atomically with `data` (the key file): write a temporary file
/// `.tmp-XXXXXX` in the same directory (mode 0600), fsync it, rename it over `path`, fsync
/// the directory. At every crash point either the old or the new content is at `path`; on
/// failure the temporary copy is overwritten and removed.
pub fn write_atomic(path: &Path, data: &[u8]) -> io::Result<()> {
    let dir = parent_of(path);
    let mut tries = 0;
    let (tmp_path, file) = loop {
        let p = dir.join(format!("{TEMP_PREFIX}{}", random_alnum(6)));
        match open_new_private(&p) {
            Ok(f) => break (p, f),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 16 => tries += 1,
            Err(e) => return Err(e),
        }
    };
    // Not registered for the signal handler: a crash or signal may leave it, and
    // `fsio::remove_stale_temps` (under the directory lock) or a wipe removes it.
    let mut tmp = ScrubbedTemp {
        path: tmp_path,
        file,
        len: 0,
        armed: true,
    };
    tmp.len = data.len();
    tmp.file.write_all(data)?;
    tmp.file.sync_all()?;
    fail::fail_point!("keyfile-before-rename", |_| Err(io::Error::other(
        "failpoint"
    )));
    fs::rename(&tmp.path, path)?;
    tmp.armed = false;
    drop(tmp);
    fsync_dir(&dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held while the process-wide fallback switch is on, and by tests that need the
    /// anonymous mode.
    static SWITCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn names(d: &Path) -> Vec<String> {
        let mut v: Vec<_> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    // From bundle/fsout.rs.
    #[test]
    fn appears_only_on_commit_and_never_replaces() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out.age");
        let guard = SWITCH.lock().unwrap_or_else(|e| e.into_inner());
        let mut o = Output::create(&p, OutputMode::CreateNew).unwrap();
        drop(guard);
        o.file().write_all(b"data").unwrap();
        assert!(!p.exists());
        assert_eq!(
            fs::read_dir(d.path()).unwrap().count(),
            0,
            "nothing visible before commit"
        );
        o.commit().unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"data");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let e = Output::create(&p, OutputMode::CreateNew).err().unwrap();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(!is_not_regular(&e));
        let mut o = Output::create(&d.path().join("other"), OutputMode::CreateNew).unwrap();
        o.file().write_all(b"x").unwrap();
        drop(o);
        assert_eq!(names(d.path()), ["out.age"]);
    }

    #[test]
    fn race_with_an_existing_name_fails() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out");
        let mut o = Output::create(&p, OutputMode::CreateNew).unwrap();
        o.file().write_all(b"new").unwrap();
        fs::write(&p, b"old").unwrap();
        assert_eq!(o.commit().unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&p).unwrap(), b"old");
    }

    // From attach/outfile.rs.
    #[test]
    fn replace_mode_and_non_regular_targets() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("out.bin");
        let mut o = Output::create(&t, OutputMode::CreateNew).unwrap();
        o.write_all(b"data").unwrap();
        o.commit().unwrap();
        // Dropped without commit: nothing changes.
        let mut o = Output::create(&t, OutputMode::Replace).unwrap();
        o.write_all(b"new").unwrap();
        drop(o);
        assert_eq!(fs::read(&t).unwrap(), b"data");
        let mut o = Output::create(&t, OutputMode::Replace).unwrap();
        o.write_all(b"new").unwrap();
        o.commit().unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"new");
        assert_eq!(names(d.path()), ["out.bin"]);
        // Never a device, directory or symlink.
        for p in [
            Path::new("/dev/null").to_path_buf(),
            d.path().to_path_buf(),
            d.path().join("link"),
        ] {
            if p.ends_with("link") {
                std::os::unix::fs::symlink(&t, &p).unwrap();
            }
            for mode in [OutputMode::CreateNew, OutputMode::Replace] {
                let e = Output::create(&p, mode).err().unwrap();
                assert!(is_not_regular(&e), "{}", p.display());
                assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
            }
        }
    }

    fn create_named(p: &Path) -> Output {
        // Other tests (write_atomic) may hold the registration for a moment: retry until
        // this output holds it, so that the handler's unlink is ours.
        for _ in 0..1000 {
            let guard = SWITCH.lock().unwrap_or_else(|e| e.into_inner());
            set_force_named_fallback(true);
            let o = Output::create(p, OutputMode::CreateNew);
            set_force_named_fallback(false);
            drop(guard);
            let o = o.unwrap();
            if matches!(
                o.temp,
                Temp::Named {
                    registered: Some(_),
                    ..
                }
            ) {
                return o;
            }
            drop(o);
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        panic!("never registered");
    }

    #[test]
    fn named_fallback_leaves_nothing_and_registers_for_signals() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("named");
        let o = create_named(&p);
        assert!(!o.is_anonymous());
        let tmp = names(d.path());
        assert_eq!(tmp.len(), 1);
        assert!(tmp[0].starts_with(".sandyk-tmp-"), "{tmp:?}");
        drop(o);
        assert!(names(d.path()).is_empty(), "removed on drop");
        let mut o = create_named(&p);
        o.write_all(b"x").unwrap();
        // What the binary's signal handler does.
        assert!(unlink_pending_temp());
        assert!(names(d.path()).is_empty());
        assert!(o.commit().is_err());
        let mut o = create_named(&p);
        o.write_all(b"committed").unwrap();
        o.commit().unwrap();
        assert_eq!(names(d.path()), ["named"]);
        assert_eq!(fs::read(&p).unwrap(), b"committed");
    }

    #[test]
    fn write_atomic_replaces_and_leaves_no_temp() {
        let d = tempfile::tempdir().unwrap();
        let k = d.path().join("sandyk.key");
        write_atomic(&k, b"one").unwrap();
        write_atomic(&k, b"two").unwrap();
        assert_eq!(fs::read(&k).unwrap(), b"two");
        assert_eq!(names(d.path()), ["sandyk.key"]);
        // A directory in the way: the rename fails, the temporary is gone.
        let dirp = d.path().join("sub");
        fs::create_dir(&dirp).unwrap();
        fs::write(dirp.join("x"), b"x").unwrap();
        assert!(write_atomic(&dirp, b"secret").is_err());
        assert_eq!(names(d.path()), ["sandyk.key", "sub"]);
        let n = random_alnum(6);
        assert_eq!(n.len(), 6);
        assert!(super::super::is_atomic_temp(std::ffi::OsStr::new(
            &format!("{TEMP_PREFIX}{n}")
        )));
    }
}
