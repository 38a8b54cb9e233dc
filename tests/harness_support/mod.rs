//! Helpers shared by the fault harness (tests/harness_*.rs), on top of tests/common:
//! mounts (loop-mounted ext4 images, small tmpfs, read-only binds), running the binary
//! under strace, raw-byte canary scans, and the figure lines that scripts/torture collects.
#![allow(dead_code)]

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::common::*;

/// Root-only tests (mounts, strace of other uids, gcore) run by default: CI runs as root.
/// They fail loudly when they cannot set up, unless SANDYK_SKIP_ROOT_TESTS=1.
pub fn root_tests_enabled(what: &str) -> bool {
    if std::env::var("SANDYK_SKIP_ROOT_TESTS").as_deref() == Ok("1") {
        eprintln!("SKIPPED {what}: SANDYK_SKIP_ROOT_TESTS=1");
        return false;
    }
    true
}

fn sh(program: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
    let o = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {:?} failed ({:?}): {}",
            args,
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).trim()
        ))
    }
}

fn root_hint(what: &str, e: &str) -> String {
    format!(
        "{what} needs root and {} ({e}).\nRun the tests as root (CI does), or set \
         SANDYK_SKIP_ROOT_TESTS=1 to skip the tests that need it.",
        if what.contains("tmpfs") {
            "tmpfs mounts"
        } else {
            "loop devices"
        }
    )
}

/// A mounted file system, unmounted on drop.
pub struct Mount {
    pub dir: PathBuf,
    mounted: bool,
}

impl Mount {
    pub fn unmount(&mut self) {
        if !self.mounted {
            return;
        }
        // A few retries: a child that was just killed may still hold a file for a moment.
        for _ in 0..50 {
            if sh("umount", &[self.dir.as_os_str()]).is_ok() {
                self.mounted = false;
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = sh("umount", &["-l".as_ref(), self.dir.as_os_str()]);
        self.mounted = false;
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        self.unmount();
    }
}

/// A sparse file formatted as ext4 and loop-mounted.
pub struct LoopImage {
    pub image: PathBuf,
    pub mount: Mount,
    _holder: tempfile::TempDir,
}

impl LoopImage {
    /// `truncate -s SIZE img; mkfs.ext4 -q img; mount -o loop img mnt`. Panics with a clear
    /// message when that is impossible (not root, no loop devices).
    pub fn new(size_mib: u64) -> LoopImage {
        let holder = tempfile::Builder::new()
            .prefix("sandyk-img-")
            .tempdir()
            .unwrap();
        let image = holder.path().join("fs.img");
        let f = std::fs::File::create(&image).unwrap();
        f.set_len(size_mib * 1024 * 1024).unwrap();
        drop(f);
        sh(
            "mkfs.ext4",
            &["-q".as_ref(), "-F".as_ref(), image.as_os_str()],
        )
        .unwrap_or_else(|e| panic!("{}", root_hint("an ext4 image", &e)));
        let dir = holder.path().join("mnt");
        std::fs::create_dir(&dir).unwrap();
        sh(
            "mount",
            &[
                "-o".as_ref(),
                "loop".as_ref(),
                image.as_os_str(),
                dir.as_os_str(),
            ],
        )
        .unwrap_or_else(|e| panic!("{}", root_hint("the loop-mounted ext4 image", &e)));
        LoopImage {
            image,
            mount: Mount { dir, mounted: true },
            _holder: holder,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.mount.dir
    }

    /// Unmount (flushing everything to the image) and read the raw image bytes.
    pub fn unmount_and_read(&mut self) -> Vec<u8> {
        self.mount.unmount();
        std::fs::read(&self.image).unwrap()
    }
}

/// A tmpfs of a given size (for disk-full tests: tmpfs ignores fsync, so it is used for
/// nothing else).
pub fn tmpfs(size_kib: u64) -> (tempfile::TempDir, Mount) {
    let holder = tempfile::Builder::new()
        .prefix("sandyk-tmpfs-")
        .tempdir()
        .unwrap();
    let dir = holder.path().join("mnt");
    std::fs::create_dir(&dir).unwrap();
    let opt = format!("size={size_kib}k,mode=0700");
    sh(
        "mount",
        &[
            "-t".as_ref(),
            "tmpfs".as_ref(),
            "-o".as_ref(),
            opt.as_ref(),
            "tmpfs".as_ref(),
            dir.as_os_str(),
        ],
    )
    .unwrap_or_else(|e| panic!("{}", root_hint("a small tmpfs", &e)));
    (holder, Mount { dir, mounted: true })
}

/// Bind-mount `src` read-only on `target` (root ignores permission bits, so this is how a
/// read-only vault is made for a root test run).
pub fn readonly_bind(src: &Path, target: &Path) -> Mount {
    std::fs::create_dir_all(target).unwrap();
    sh(
        "mount",
        &["--bind".as_ref(), src.as_os_str(), target.as_os_str()],
    )
    .unwrap_or_else(|e| panic!("{}", root_hint("a read-only bind mount (tmpfs)", &e)));
    let m = Mount {
        dir: target.to_path_buf(),
        mounted: true,
    };
    sh(
        "mount",
        &[
            "-o".as_ref(),
            "remount,bind,ro".as_ref(),
            target.as_os_str(),
        ],
    )
    .unwrap_or_else(|e| panic!("{}", root_hint("a read-only bind mount (tmpfs)", &e)));
    m
}

/// Fill the file system holding `dir` until writes fail, then give back `free` bytes.
/// Returns the filler's path (remove it to free the space).
pub fn fill_leaving(dir: &Path, free: u64) -> PathBuf {
    let path = dir.join(".filler");
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(&path)
        .unwrap();
    let block = vec![0x5au8; 64 * 1024];
    let mut written: u64 = 0;
    loop {
        match f.write(&block) {
            Ok(0) => break,
            Ok(n) => written += n as u64,
            Err(_) => break,
        }
    }
    // Small writes to use the last partial block.
    loop {
        match f.write(&block[..512]) {
            Ok(n) if n > 0 => written += n as u64,
            _ => break,
        }
    }
    f.set_len(written.saturating_sub(free)).unwrap();
    f.sync_all().unwrap();
    path
}

/// A command running `program pre_args… sandyk --vault V args…` with `Env::cmd`'s clean
/// environment and the secrets on fd 3 (one per line): for running under strace.
pub fn wrapped(
    e: &Env,
    program: &str,
    pre_args: &[OsString],
    args: &[&str],
    secrets: &[&str],
) -> Command {
    std::fs::create_dir_all(e.home()).unwrap();
    std::fs::create_dir_all(e.tmp()).unwrap();
    let mut c = Command::new(program);
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", e.home())
        .env("TMPDIR", e.tmp())
        .env("LANG", "C.UTF-8")
        .env("TZ", "Asia/Bishkek")
        .env("SANDYK_TEST_NOW", NOW)
        .args(pre_args)
        .arg(bin())
        .arg("--vault")
        .arg(e.vault());
    if !secrets.is_empty() {
        c.arg("--passphrase-fd").arg("3");
        let r = secrets_pipe(secrets);
        // SAFETY: dup2/fcntl in the child before exec; async-signal-safe.
        unsafe {
            c.pre_exec(move || {
                let ok = if r == 3 {
                    libc::fcntl(3, libc::F_SETFD, 0)
                } else {
                    libc::dup2(r, 3)
                };
                if ok < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    c.args(args);
    c
}

/// A close-on-exec pipe already holding `secrets` (one per line); returns the read end.
pub fn secrets_pipe(secrets: &[&str]) -> i32 {
    let mut fds = [0i32; 2];
    // SAFETY: creating a pipe into a local array.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: we own the write end; it is closed when `w` drops.
    let mut w = unsafe { <std::fs::File as std::os::unix::io::FromRawFd>::from_raw_fd(fds[1]) };
    for s in secrets {
        writeln!(w, "{s}").unwrap();
    }
    fds[0]
}

/// Run a command with stdin bytes.
pub fn run_with_stdin(mut c: Command, stdin: &[u8]) -> Output {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    {
        let mut i = child.stdin.take().unwrap();
        let _ = i.write_all(stdin);
    }
    child.wait_with_output().unwrap()
}

/// strace arguments that deliver SIGKILL at the `k`-th call of any of `syscalls`.
pub fn kill_at(syscalls: &str, k: usize) -> Vec<OsString> {
    vec![
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        "/dev/null".into(),
        "-e".into(),
        format!("trace={syscalls}").into(),
        "-e".into(),
        format!("inject={syscalls}:signal=SIGKILL:when={k}").into(),
    ]
}

/// strace arguments that make the `k`-th call (or every call from the `k`-th, with `k+`)
/// of `syscalls` fail with `errno`.
pub fn fail_at(syscalls: &str, errno: &str, when: &str) -> Vec<OsString> {
    vec![
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        "/dev/null".into(),
        "-e".into(),
        format!("trace={syscalls}").into(),
        "-e".into(),
        format!("inject={syscalls}:error={errno}:when={when}").into(),
    ]
}

/// Why a failed fsync may be ignored by design (and so is not a silent success).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    /// Must surface as a failure: a file being committed (key-file temporary, SQLite
    /// journal or database), or the directory after a rename.
    Essential,
    /// SQLite's fsync of the directory after creating its journal: SQLite ignores its
    /// errors by design (os_unix.c, unixSync).
    SqliteDirSync,
    /// The best-effort scrub of a replaced (already unlinked) key file, after the commit.
    ScrubReplaced,
}

/// The fsync/fdatasync calls a command makes, in order, with the path of each descriptor
/// (strace -y) and its classification.
pub fn sync_points(
    e: &Env,
    args: &[&str],
    secrets: &[&str],
    stdin: &[u8],
) -> Vec<(String, SyncKind)> {
    let log = tempfile::NamedTempFile::new().unwrap();
    let pre: Vec<OsString> = vec![
        "-f".into(),
        "-qq".into(),
        "-y".into(),
        "-o".into(),
        log.path().into(),
        "-e".into(),
        "trace=fsync,fdatasync".into(),
    ];
    let o = run_with_stdin(wrapped(e, "strace", &pre, args, secrets), stdin);
    assert_ok(&o);
    let mut out: Vec<(String, SyncKind)> = vec![];
    for l in std::fs::read_to_string(log.path()).unwrap().lines() {
        let Some(open) = l.find('<') else { continue };
        if l.contains("resumed>") || !(l.contains("fsync(") || l.contains("fdatasync(")) {
            continue;
        }
        let rest = &l[open + 1..];
        let path = rest[..rest.find('>').unwrap_or(rest.len())].to_owned();
        let deleted = l.contains(">(deleted)");
        let is_dir = Path::new(&path).is_dir();
        let after_journal = out.last().is_some_and(|(p, _)| p.ends_with("-journal"));
        let kind = if deleted {
            SyncKind::ScrubReplaced
        } else if is_dir && after_journal {
            SyncKind::SqliteDirSync
        } else {
            SyncKind::Essential
        };
        out.push((path, kind));
    }
    out
}

/// A unique canary: `tag` then a random suffix, in the given alphabet.
pub fn canary(tag: &str, alphabet: &[char]) -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap();
    let suffix: String = b
        .iter()
        .map(|x| alphabet[(*x as usize) % alphabet.len()])
        .collect();
    format!("{tag}{suffix}")
}

pub const LATIN: &[char] = &[
    'Q', 'W', 'X', 'Z', 'J', 'K', 'V', 'Y', 'q', 'w', 'x', 'z', 'j', 'k', 'v', 'y',
];
pub const CYRILLIC: &[char] = &[
    'ж', 'щ', 'ф', 'ц', 'ң', 'ө', 'ү', 'ы', 'Ж', 'Щ', 'Ф', 'Ц', 'Ң', 'Ө', 'Ү', 'Ы',
];

/// Every form a canary is searched in: `canary_forms` (UTF-8, UTF-16LE/BE, base64 at offset
/// 0, hex) of the canary and of its lower- and upper-case forms (a full-text index folds
/// case), plus base64 at the two other alignments and upper-case hex.
pub fn all_forms(c: &str) -> Vec<(String, Vec<u8>)> {
    use base64::Engine;
    let mut out: Vec<(String, Vec<u8>)> = vec![];
    let names = ["utf-8", "utf-16le", "utf-16be", "base64", "hex"];
    let mut variants = vec![c.to_owned(), c.to_lowercase(), c.to_uppercase()];
    variants.dedup();
    for v in &variants {
        for (n, f) in names.iter().zip(canary_forms(v)) {
            out.push((format!("{n}({v})"), f));
        }
        for k in 1..3usize {
            let mut data = vec![0u8; k];
            data.extend_from_slice(v.as_bytes());
            let enc = base64::engine::general_purpose::STANDARD.encode(&data);
            let start = (8 * k).div_ceil(6);
            let end = (8 * data.len()) / 6;
            out.push((
                format!("base64+{k}({v})"),
                enc.as_bytes()[start..end].to_vec(),
            ));
        }
        out.push((format!("HEX({v})"), hex::encode_upper(v).into_bytes()));
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out.dedup_by(|a, b| a.1 == b.1);
    out
}

/// Every (canary, form, offset) found in `hay`.
pub fn scan(hay: &[u8], canaries: &[String]) -> Vec<(String, String, usize)> {
    let mut hits = vec![];
    for c in canaries {
        for (form, needle) in all_forms(c) {
            for off in memchr::memmem::find_iter(hay, &needle) {
                hits.push((c.clone(), form.clone(), off));
            }
        }
    }
    hits
}

/// Raw byte strings found in `hay` (key material): (label, offset).
pub fn scan_bytes(hay: &[u8], needles: &[(String, Vec<u8>)]) -> Vec<(String, usize)> {
    let mut hits = vec![];
    for (label, n) in needles {
        for off in memchr::memmem::find_iter(hay, n) {
            hits.push((label.clone(), off));
        }
    }
    hits
}

/// One figure for docs/testing.md. scripts/torture collects these lines from the output.
pub fn figure(family: &str, what: &str, denominator: usize, bad: usize, note: &str) {
    eprintln!("FIGURE|{family}|{what}|{denominator}|{bad}|{note}");
}

/// Whether the long tier asked for the full version of a family.
pub fn long_tier() -> bool {
    std::env::var_os("SANDYK_TORTURE").is_some()
}

/// The JSON of an incident whose every free-text field carries a canary.
pub fn canary_incident(c: &str, category: &str) -> String {
    serde_json::json!({
        "title": format!("Title {c}"),
        "occurred": "вчера около 15:00",
        "category": category,
        "narrative": format!("Three men in plain clothes followed me. {c} Үч киши ээрчиди."),
        "location": {"text": format!("Bishkek {c}"), "lat": 42.87, "lon": 74.59},
        "tags": [format!("tag{c}")],
        "perpetrators": [{"description": format!("grey Lada {c}"), "vehicles": [format!("01KG{c}")]}],
        "victims": [format!("Айгүл {c}")],
        "witnesses": [format!("Нурлан {c}")],
        "source": format!("source {c}"),
    })
    .to_string()
}

/// What can be observed of a vault, independent of random ids, read through the library:
/// which of `passes` (name, passphrase) opens it, and through the first that does:
/// incidents (ids removed) with their attachments, deleted count, key-slot labels,
/// categories, contacts, the export log's length and `check`'s findings; then the file
/// names in the vault and in `<root>/out`, and a hash of the key file. Never give it a
/// duress passphrase (that would destroy the vault).
pub fn vault_state(e: &Env, passes: &[(&str, &str)]) -> String {
    let key = std::fs::read(e.vault().join(sandyk::vault::KEYFILE_NAME))
        .map(|b| hex::encode(&sandyk::crypto::sha256(&b)[..8]))
        .unwrap_or_default();
    format!("{}\nkey file {key}", visible_state(e, passes))
}

/// `state` without the key file's bytes (a successful rewrite differs in every run: fresh
/// nonces and salts).
pub fn visible(state: &str) -> &str {
    state.rsplit_once("\nkey file ").map_or(state, |(v, _)| v)
}

fn visible_state(e: &Env, passes: &[(&str, &str)]) -> String {
    use sandyk::vault::{locate, Opened, VaultError};
    let files = names_in(&e.vault());
    let out_files = names_in(&e.root.path().join("out"));
    if !e.vault().join(sandyk::vault::KEYFILE_NAME).exists() {
        return format!("no vault; files {files:?}; out {out_files:?}");
    }
    let mut opened = vec![];
    let mut detail = String::new();
    for &(name, p) in passes {
        let secret = sandyk::crypto::secret::Secret::from_str(p);
        let v = match locate(&e.vault()).and_then(|l| l.unlock(&secret, None)) {
            Ok(Opened::Vault(v)) => v,
            Ok(Opened::Duress(_)) => panic!("a test passphrase opened as duress"),
            Err(VaultError::Sealed) => {
                opened.push(format!("{name}: sealed"));
                continue;
            }
            Err(err) => {
                opened.push(format!("{name}: {err}"));
                continue;
            }
        };
        opened.push(format!("{name}: opens"));
        if !detail.is_empty() {
            continue;
        }
        let db = &v.db;
        let mut items: Vec<String> = db
            .list(&Default::default())
            .unwrap()
            .into_iter()
            .map(|i| {
                let atts: Vec<String> = db
                    .attachments(&i.id)
                    .unwrap()
                    .iter()
                    .map(|a| format!("{}:{}:{}", a.name, a.size, a.sha256))
                    .collect();
                let mut j = serde_json::to_value(&i).unwrap();
                j.as_object_mut().unwrap().remove("id");
                format!("{j} attachments {atts:?}")
            })
            .collect();
        items.sort();
        let mut slots: Vec<String> = v
            .slots()
            .unwrap()
            .into_iter()
            .map(|(_, k, l)| format!("{k}:{l}"))
            .collect();
        slots.sort();
        let contacts: Vec<String> = db
            .contacts()
            .unwrap()
            .into_iter()
            .map(|c| format!("{}:{}", c.name, c.fingerprint))
            .collect();
        detail = format!(
            "incidents {items:?}\ndeleted {}\nslots {slots:?}\ncategories {:?}\ncontacts {contacts:?}\nexports {}\ncheck {:?}\n",
            db.tombstones().unwrap().len(),
            db.categories().unwrap(),
            db.exports().unwrap().len(),
            db.check().unwrap(),
        );
    }
    // Listed after opening: opening removes what an interrupted key-file write left. A
    // rollback journal that is not hot (killed before its header was synced) stays until
    // the next write; it holds encrypted pages and nothing reads it, so it is not counted.
    let files: Vec<String> = names_in(&e.vault())
        .into_iter()
        .filter(|n| n != sandyk::vault::JOURNAL_NAME)
        .collect();
    format!("{opened:?}\n{detail}files {files:?}; out {out_files:?}")
}

pub fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}
