//! Process confinement: Landlock (filesystem, TCP/UDP, abstract UNIX sockets, signals) and a
//! seccomp-bpf allow-list of system calls, applied once for the rest of the process's life.
//!
//! The caller builds a [`Policy`] (the paths the command names, and whether it needs AF_UNIX
//! sockets) after parsing its arguments and before it reads any secret or untrusted input, then
//! calls [`confine`]. What the running kernel cannot enforce is skipped, never an error: the
//! returned [`Status`] says what is in force so that `--verbose`, `--version` or `check` can
//! say it. The policy model, the per-command paths and the limits are in docs/sandbox.md.
//!
//! `confine` must be called while the process has a single thread (Landlock before ABI 8
//! restricts only the calling thread; threads started afterwards inherit both layers). It
//! refuses with [`SandboxError::Threads`] otherwise.

mod landlock_rules;
mod seccomp;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};

pub use seccomp::{allowed_syscalls, denied_syscalls};

/// What the confined process may do with one path (a file or a directory and everything
/// beneath it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathAccess {
    /// Read files, list directories.
    ReadOnly,
    /// Read, and write or truncate files that already exist (no creating, removing or
    /// renaming). Also allows device ioctls (for `/dev/tty`).
    ReadWrite,
    /// `ReadWrite`, and beneath a directory: create, remove and rename regular files and
    /// directories (atomic writes: temporary file, fsync, rename). Never symlinks, devices,
    /// FIFOs or sockets.
    ReadWriteCreate,
    /// List directories and remove empty directories beneath (nothing else). For `panic`
    /// and `wipe` on the vault's parent: removing the vault directory itself is a right on its
    /// parent, and so is opening the parent to fsync the removal.
    ListAndRemoveDirs,
}

/// Which sockets the confined process may create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sockets {
    /// No socket of any family (`socket`/`socketpair` fail with EPERM).
    None,
    /// `AF_UNIX` only (every other family fails with EPERM). Abstract UNIX sockets outside the
    /// sandbox stay unreachable where Landlock ABI ≥ 6 scopes them.
    Unix,
}

/// One rule of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRule {
    pub path: PathBuf,
    pub access: PathAccess,
}

/// What a confined process may touch. Built by the caller; nothing is allowed that is not
/// named here (plus, with [`Policy::new`], the read-only files the program itself needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    rules: Vec<PathRule>,
    sockets: Sockets,
}

/// The files the program itself needs after confinement, whatever the command: the time zone
/// database (jiff reads it lazily), `/dev/urandom` (getrandom's fallback), `/dev/null`, and the
/// terminal for passphrase prompts (read, write and the termios ioctls).
pub const SYSTEM_READ_ONLY: &[&str] = &[
    "/usr/share/zoneinfo",
    "/etc/localtime",
    "/etc/timezone",
    "/dev/urandom",
];

/// Devices the program may write to whatever the command (see [`SYSTEM_READ_ONLY`]).
pub const SYSTEM_READ_WRITE: &[&str] = &["/dev/null", "/dev/tty"];

impl Default for Policy {
    fn default() -> Self {
        Policy::new()
    }
}

impl Policy {
    /// A policy with only what the program itself needs ([`SYSTEM_READ_ONLY`],
    /// [`SYSTEM_READ_WRITE`]) and no sockets.
    pub fn new() -> Policy {
        let mut p = Policy::empty();
        for s in SYSTEM_READ_ONLY {
            p = p.read_only(s);
        }
        for s in SYSTEM_READ_WRITE {
            p = p.read_write(s);
        }
        p
    }

    /// A policy that allows nothing at all (no file, no socket).
    pub fn empty() -> Policy {
        Policy {
            rules: vec![],
            sockets: Sockets::None,
        }
    }

    /// Allow `path` (a file, or a directory and everything beneath it) with `access`.
    pub fn allow(mut self, path: impl Into<PathBuf>, access: PathAccess) -> Policy {
        self.rules.push(PathRule {
            path: path.into(),
            access,
        });
        self
    }

    /// Allow reading `path`.
    pub fn read_only(self, path: impl Into<PathBuf>) -> Policy {
        self.allow(path, PathAccess::ReadOnly)
    }

    /// Allow reading and writing the existing `path` (no creation).
    pub fn read_write(self, path: impl Into<PathBuf>) -> Policy {
        self.allow(path, PathAccess::ReadWrite)
    }

    /// Allow reading, writing, creating, renaming and removing files beneath directory `dir`.
    pub fn read_write_create(self, dir: impl Into<PathBuf>) -> Policy {
        self.allow(dir, PathAccess::ReadWriteCreate)
    }

    /// Which sockets may be created.
    pub fn sockets(mut self, sockets: Sockets) -> Policy {
        self.sockets = sockets;
        self
    }

    /// The path rules, in the order given.
    pub fn rules(&self) -> &[PathRule] {
        &self.rules
    }

    /// The socket policy.
    pub fn socket_policy(&self) -> Sockets {
        self.sockets
    }
}

/// Landlock as in force after [`confine`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LandlockState {
    /// Enforced at this ABI version. `full` is false when the kernel lacks part of what was
    /// asked (e.g. ABI < 4: no TCP rules; ABI < 6: no scoping of abstract sockets and signals).
    Enforced { abi: u32, full: bool },
    /// Not enforced, with the reason (kernel without Landlock, or Landlock disabled at boot).
    NotEnforced { reason: String },
}

/// seccomp-bpf as in force after [`confine`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeccompState {
    /// The filter is installed; `syscalls` is the size of the allow-list.
    On { syscalls: usize },
    /// Not installed, with the reason (kernel without seccomp filters, unsupported arch).
    Off { reason: String },
}

/// What [`confine`] put in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub landlock: LandlockState,
    pub seccomp: SeccompState,
    /// Policy paths that did not exist when confining (nothing can be created there).
    pub missing_paths: Vec<PathBuf>,
}

impl Status {
    /// Whether both layers are fully in force.
    pub fn is_full(&self) -> bool {
        matches!(self.landlock, LandlockState::Enforced { full: true, .. })
            && matches!(self.seccomp, SeccompState::On { .. })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.landlock {
            LandlockState::Enforced { abi, full: true } => write!(f, "landlock ABI {abi}")?,
            LandlockState::Enforced { abi, full: false } => {
                write!(f, "landlock ABI {abi} (partial)")?
            }
            LandlockState::NotEnforced { reason } => write!(f, "landlock off ({reason})")?,
        }
        match &self.seccomp {
            SeccompState::On { syscalls } => write!(f, ", seccomp on ({syscalls} syscalls)"),
            SeccompState::Off { reason } => write!(f, ", seccomp off ({reason})"),
        }
    }
}

/// Why confinement could not be set up. Kernel features that are missing are not errors
/// (see [`Status`]); these are faults of the caller or of the system.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot confine a process that already runs {0} threads")]
    Threads(usize),
    #[error("cannot open {path} for the sandbox policy: {source}")]
    Path {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The Landlock rules could not be built or applied (the crate's error: a detail for
    /// `--verbose`, never the main message).
    #[error("landlock: {0}")]
    Landlock(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The seccomp filter could not be built or installed (the crate's error, as above).
    #[error("seccomp: {0}")]
    Seccomp(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Confine the calling process for the rest of its life: Landlock first (best ABI the kernel
/// offers, best effort), then the seccomp-bpf allow-list. Never fails because the kernel is
/// old; see [`Status`]. Must be called while single-threaded.
pub fn confine(policy: &Policy) -> Result<Status, SandboxError> {
    let threads = thread_count();
    if threads > 1 {
        return Err(SandboxError::Threads(threads));
    }
    let (landlock, missing_paths) = landlock_rules::apply(policy)?;
    let seccomp = seccomp::apply(policy.sockets)?;
    Ok(Status {
        landlock,
        seccomp,
        missing_paths,
    })
}

/// The Landlock ABI the running kernel offers (0: none), without confining anything. Inside a
/// confined process this is 0 (seccomp denies the Landlock calls): report [`Status`] instead.
pub fn landlock_abi() -> u32 {
    landlock_rules::kernel_abi()
}

fn thread_count() -> usize {
    // /proc may be absent (a chroot): then we cannot tell, and trust the caller.
    match std::fs::read_dir(Path::new("/proc/self/task")) {
        Ok(rd) => rd.count(),
        Err(_) => 1,
    }
}
