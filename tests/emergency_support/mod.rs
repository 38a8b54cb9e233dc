//! Helpers for the emergency tests (tests/emergency_*.rs), on top of tests/common: reading
//! the data key through the library, key-material scans, loop-mounted images, strace kills.
#![allow(dead_code)]

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::common::*;
use sandyk::crypto::secret::Secret;
use sandyk::vault::{self, Opened};

/// Root-only tests (mounts, strace) run by default: CI runs as root. They fail loudly when
/// they cannot set up, unless SANDYK_SKIP_ROOT_TESTS=1 (then they say they were skipped).
pub fn root_tests_enabled(what: &str) -> bool {
    if std::env::var("SANDYK_SKIP_ROOT_TESTS").as_deref() == Ok("1") {
        eprintln!("SKIPPED {what}: SANDYK_SKIP_ROOT_TESTS=1");
        return false;
    }
    true
}

/// Whether the long tier asked for the full version (scripts/crash-wipe, scripts/torture).
pub fn long_tier() -> bool {
    std::env::var_os("SANDYK_TORTURE").is_some()
}

/// One figure line for docs (collected from the output by the scripts).
pub fn figure(family: &str, what: &str, denominator: usize, bad: usize, note: &str) {
    eprintln!("FIGURE|{family}|{what}|{denominator}|{bad}|{note}");
}

pub fn sh(program: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
    let o = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {args:?} failed ({:?}): {}",
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).trim()
        ))
    }
}

pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// The vault's data key, read through the library with a passphrase.
pub fn data_key(dir: &Path, pass: &str) -> [u8; 32] {
    match vault::locate(dir)
        .unwrap()
        .unlock(&Secret::from_str(pass), None)
        .unwrap()
    {
        Opened::Vault(v) => *v.dek().expose(),
        Opened::Duress(_) => panic!("a duress slot opened"),
    }
}

/// Whether `pass` opens anything at `dir` (through the library, no duress handler).
pub fn opens(dir: &Path, pass: &str) -> bool {
    match vault::locate(dir) {
        Ok(l) => l.unlock(&Secret::from_str(pass), None).is_ok(),
        Err(_) => false,
    }
}

/// Key material to look for: every 16-byte window of each needle (at every offset), minus
/// low-entropy windows (the key file's zero padding would match every empty block). A copy
/// of 31 or more contiguous bytes of a needle, anywhere, contains one of these windows at a
/// 16-aligned offset of the haystack.
pub struct Needles {
    windows: HashSet<[u8; 16]>,
    pub count: usize,
}

impl Needles {
    pub fn new(needles: &[Vec<u8>]) -> Needles {
        let mut windows = HashSet::new();
        for n in needles {
            for w in n.windows(16) {
                let distinct: HashSet<&u8> = w.iter().collect();
                if distinct.len() >= 12 {
                    windows.insert(<[u8; 16]>::try_from(w).unwrap());
                }
            }
        }
        let count = windows.len();
        Needles { windows, count }
    }

    /// Offsets (16-aligned) in `hay` where a window of some needle starts.
    pub fn find(&self, hay: &[u8]) -> Vec<usize> {
        let mut hits = vec![];
        let mut off = 0;
        while off + 16 <= hay.len() {
            if self
                .windows
                .contains(<&[u8; 16]>::try_from(&hay[off..off + 16]).unwrap())
            {
                hits.push(off);
            }
            off += 16;
        }
        hits
    }

    /// (file, offset) of every hit in any file under `dir`, at every alignment (files are
    /// small enough here to check each of the 16 phases).
    pub fn find_under(&self, dir: &Path) -> Vec<(PathBuf, usize)> {
        let mut hits = vec![];
        for (p, b) in Env::all_bytes_under(dir) {
            for phase in 0..16.min(b.len()) {
                for off in self.find(&b[phase..]) {
                    hits.push((p.clone(), off + phase));
                }
            }
        }
        hits
    }
}

/// A file system mounted for a test, unmounted on drop.
pub struct Mount {
    pub dir: PathBuf,
    mounted: bool,
}

impl Mount {
    pub fn unmount(&mut self) {
        if !self.mounted {
            return;
        }
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
    pub fn new(size_mib: u64) -> Result<LoopImage, String> {
        let holder = tempfile::Builder::new()
            .prefix("sandyk-emerg-img-")
            .tempdir()
            .unwrap();
        let image = holder.path().join("fs.img");
        let f = std::fs::File::create(&image).unwrap();
        f.set_len(size_mib * 1024 * 1024).unwrap();
        drop(f);
        sh(
            "mkfs.ext4",
            &["-q".as_ref(), "-F".as_ref(), image.as_os_str()],
        )?;
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
        )?;
        Ok(LoopImage {
            image,
            mount: Mount { dir, mounted: true },
            _holder: holder,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.mount.dir
    }

    /// The raw image as it is now (after a sync), while still mounted.
    pub fn read_synced(&self) -> Vec<u8> {
        sh("sync", &[]).unwrap();
        std::fs::read(&self.image).unwrap()
    }

    /// Unmount (flushing everything to the image) and read the raw bytes.
    pub fn unmount_and_read(&mut self) -> Vec<u8> {
        self.mount.unmount();
        std::fs::read(&self.image).unwrap()
    }
}

/// Bind-mount `src` read-only on `target`.
pub fn readonly_bind(src: &Path, target: &Path) -> Result<Mount, String> {
    std::fs::create_dir_all(target).unwrap();
    sh(
        "mount",
        &["--bind".as_ref(), src.as_os_str(), target.as_os_str()],
    )?;
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
    )?;
    Ok(m)
}

/// The syscalls through which `panic` changes anything on disk.
pub const MUTATING: &[&str] = &[
    "write",
    "pwrite64",
    "fsync",
    "unlink",
    "unlinkat",
    "rename",
    "renameat2",
    "rmdir",
];

/// Run `sandyk ARGS` (against `vault_dir`) under strace, killed by SIGKILL at the `k`-th call
/// of `syscall`. Returns the output; `killed(&o)` tells whether the kill happened.
pub fn run_killed_at(vault_dir: &Path, args: &[&str], syscall: &str, k: usize) -> Output {
    let mut pre: Vec<OsString> = vec![
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        "/dev/null".into(),
        "-e".into(),
        format!("trace={syscall}").into(),
        "-e".into(),
        format!("inject={syscall}:signal=SIGKILL:when={k}").into(),
    ];
    pre.push(bin().into());
    pre.push("--vault".into());
    pre.push(vault_dir.into());
    Command::new("strace")
        .args(pre)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .expect("strace")
}

pub fn killed(o: &Output) -> bool {
    use std::os::unix::process::ExitStatusExt;
    o.status.signal() == Some(9) || o.status.code() == Some(137)
}

/// An Env (HOME, TMPDIR and the vault) inside `dir` (for example a mounted image).
pub fn env_in(dir: &Path) -> Env {
    Env {
        root: tempfile::Builder::new()
            .prefix("env-")
            .tempdir_in(dir)
            .unwrap(),
    }
}

pub const INCIDENT: &str = r#"{"title":"Ак машина CANARY-EMERG","occurred":"2026-11-27 15:00","category":"followed","narrative":"Токтогул ңөү: three men in a grey Lada"}"#;
