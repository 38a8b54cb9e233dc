//! Mounts for the tests that need root: loop-mounted ext4 images (raw bytes searched after
//! unmounting), small tmpfs (disk full), read-only bind mounts. Each fails loudly with a
//! hint when it cannot be set up (see `root_tests_enabled`).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::sh;

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
        Self::try_new(size_mib)
            .unwrap_or_else(|e| panic!("{}", root_hint("the loop-mounted ext4 image", &e)))
    }

    /// As `new`, returning the failing command's message instead of panicking.
    pub fn try_new(size_mib: u64) -> Result<LoopImage, String> {
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
/// read-only vault is made for a root test run). Panics with a hint when impossible.
pub fn readonly_bind(src: &Path, target: &Path) -> Mount {
    try_readonly_bind(src, target)
        .unwrap_or_else(|e| panic!("{}", root_hint("a read-only bind mount (tmpfs)", &e)))
}

/// As `readonly_bind`, returning the failing command's message instead of panicking.
pub fn try_readonly_bind(src: &Path, target: &Path) -> Result<Mount, String> {
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
