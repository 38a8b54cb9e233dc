//! The Landlock layer: filesystem rules from the policy, no execute anywhere, TCP (and UDP
//! where the kernel covers it) bind/connect denied, abstract UNIX sockets and signals scoped.

use super::{LandlockState, PathAccess, Policy, SandboxError, SYSTEM_READ_ONLY, SYSTEM_READ_WRITE};
use landlock::{
    make_bitflags, Access, AccessFs, AccessNet, BitFlags, CompatLevel, Compatible, LandlockStatus,
    PathBeneath, PathFd, PathFdError, Ruleset, RulesetAttr, RulesetCreatedAttr, RulesetStatus,
    Scope, ABI,
};
use std::path::PathBuf;

/// The newest ABI whose rights we ask for. Rights the kernel lacks are dropped (best effort);
/// rights of newer ABIs are never asked for (they would be untested restrictions).
const TARGET: ABI = ABI::V10;

fn read_only() -> BitFlags<AccessFs> {
    make_bitflags!(AccessFs::{ReadFile | ReadDir})
}

fn read_write() -> BitFlags<AccessFs> {
    read_only() | make_bitflags!(AccessFs::{WriteFile | Truncate | IoctlDev})
}

fn read_write_create() -> BitFlags<AccessFs> {
    read_write() | make_bitflags!(AccessFs::{RemoveFile | RemoveDir | MakeReg | MakeDir | Refer})
}

/// Rights that make sense on a file (not a directory).
fn file_rights() -> BitFlags<AccessFs> {
    AccessFs::from_file(TARGET)
}

pub(super) fn kernel_abi() -> u32 {
    // SAFETY: landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) takes no
    // pointers it dereferences and returns the ABI version or -1.
    let r = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<libc::c_void>(),
            0usize,
            1u32,
        )
    };
    if r < 0 {
        0
    } else {
        r as u32
    }
}

fn abi_number(abi: ABI) -> u32 {
    match abi {
        ABI::Unsupported => 0,
        ABI::V1 => 1,
        ABI::V2 => 2,
        ABI::V3 => 3,
        ABI::V4 => 4,
        ABI::V5 => 5,
        ABI::V6 => 6,
        ABI::V7 => 7,
        ABI::V8 => 8,
        ABI::V9 => 9,
        _ => 10,
    }
}

fn err(e: impl std::error::Error + Send + Sync + 'static) -> SandboxError {
    SandboxError::Landlock(Box::new(e))
}

pub(super) fn apply(policy: &Policy) -> Result<(LandlockState, Vec<PathBuf>), SandboxError> {
    let mut missing = vec![];
    // Open every path first (O_PATH): a path that does not exist is skipped and reported.
    let mut rules = vec![];
    for r in policy.rules() {
        let fd = match PathFd::new(&r.path) {
            Ok(fd) => fd,
            Err(PathFdError::OpenCall { source, .. })
                if matches!(
                    source.raw_os_error(),
                    Some(libc::ENOENT) | Some(libc::ENOTDIR) | Some(libc::ENXIO)
                ) =>
            {
                // The program's own optional files (no /etc/timezone on many systems) are
                // not worth reporting.
                let system = SYSTEM_READ_ONLY
                    .iter()
                    .chain(SYSTEM_READ_WRITE)
                    .any(|s| r.path == std::path::Path::new(s));
                if !system {
                    missing.push(r.path.clone());
                }
                continue;
            }
            Err(PathFdError::OpenCall { source, .. }) => {
                return Err(SandboxError::Path {
                    path: r.path.clone(),
                    source,
                })
            }
            Err(e) => return Err(err(e)),
        };
        // Ask the opened descriptor, not the path again (no race with a rename).
        let is_dir = {
            use std::os::fd::{AsFd, AsRawFd};
            // SAFETY: fstat on a descriptor we hold, into a zeroed local struct.
            unsafe {
                let mut st: libc::stat = std::mem::zeroed();
                libc::fstat(fd.as_fd().as_raw_fd(), &mut st) == 0
                    && (st.st_mode & libc::S_IFMT) == libc::S_IFDIR
            }
        };
        let mut access = match r.access {
            PathAccess::ReadOnly => read_only(),
            PathAccess::ReadWrite => read_write(),
            PathAccess::ReadWriteCreate => read_write_create(),
            PathAccess::ListAndRemoveDirs => make_bitflags!(AccessFs::{ReadDir | RemoveDir}),
        };
        if !is_dir {
            access &= file_rights();
        }
        rules.push(PathBeneath::new(fd, access));
    }

    let status = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(AccessFs::from_all(TARGET))
        .map_err(err)?
        .handle_access(AccessNet::from_all(TARGET))
        .map_err(err)?
        .scope(Scope::from_all(TARGET))
        .map_err(err)?
        .create()
        .map_err(err)?
        .add_rules(rules.into_iter().map(Ok::<_, landlock::RulesetError>))
        .map_err(err)?
        .restrict_self()
        .map_err(err)?;

    let state = match (status.ruleset, status.landlock) {
        (RulesetStatus::NotEnforced, LandlockStatus::NotImplemented) => {
            LandlockState::NotEnforced {
                reason: "kernel built without Landlock".into(),
            }
        }
        (RulesetStatus::NotEnforced, LandlockStatus::NotEnabled) => LandlockState::NotEnforced {
            reason: "Landlock not enabled at boot (lsm=)".into(),
        },
        (RulesetStatus::NotEnforced, _) => LandlockState::NotEnforced {
            reason: "kernel Landlock too old for any requested right".into(),
        },
        (s, l) => {
            let abi = match l {
                LandlockStatus::Available { effective_abi, .. } => abi_number(effective_abi),
                _ => kernel_abi(),
            };
            LandlockState::Enforced {
                abi,
                full: s == RulesetStatus::FullyEnforced,
            }
        }
    };
    Ok((state, missing))
}
