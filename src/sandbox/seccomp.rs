//! The seccomp-bpf layer: an allow-list of the system calls sandyk makes after start-up
//! (derived with `strace -f` over every command, see docs/sandbox.md), a few of them with
//! argument filters. Everything else fails with EPERM: an unknown call is an error the
//! program reports cleanly, never a SIGSYS kill (so `panic` cannot be killed half-way by a
//! call we did not foresee; its own calls are all on the list and tested).

use super::{SandboxError, SeccompState, Sockets};
use seccompiler::{
    SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter, SeccompRule,
    TargetArch,
};
use std::collections::BTreeMap;

macro_rules! sys {
    ($($name:ident),* $(,)?) => {
        &[$((stringify!($name), libc::$name as i64)),*]
    };
}

/// Calls allowed unconditionally, on every architecture.
const COMMON: &[(&str, i64)] = sys!(
    // file descriptors and files
    SYS_read,
    SYS_write,
    SYS_readv,
    SYS_writev,
    SYS_pread64,
    SYS_pwrite64,
    SYS_lseek,
    SYS_close,
    SYS_openat,
    SYS_newfstatat,
    SYS_fstat,
    SYS_statx,
    SYS_fstatfs,
    SYS_statfs,
    SYS_getdents64,
    SYS_fcntl,
    SYS_dup,
    SYS_dup3,
    SYS_pipe2,
    SYS_fsync,
    SYS_fdatasync,
    SYS_ftruncate,
    SYS_fallocate,
    SYS_flock,
    SYS_renameat,
    SYS_renameat2,
    SYS_unlinkat,
    SYS_mkdirat,
    SYS_linkat,
    SYS_readlinkat,
    SYS_faccessat,
    SYS_faccessat2,
    SYS_getcwd,
    SYS_fchmod,
    SYS_fchmodat,
    // futimens: a duress destroy puts the vault's times back (docs/emergency.md)
    SYS_utimensat,
    SYS_fchown,
    SYS_fadvise64,
    SYS_ppoll,
    SYS_umask,
    // memory
    SYS_brk,
    SYS_munmap,
    SYS_mremap,
    SYS_madvise,
    SYS_mlock,
    SYS_munlock,
    // threads (argon2 lanes, std::thread) and their exit
    SYS_clone,
    SYS_clone3,
    SYS_futex,
    SYS_set_robust_list,
    SYS_get_robust_list,
    SYS_rseq,
    SYS_set_tid_address,
    SYS_sched_yield,
    SYS_sched_getaffinity,
    SYS_gettid,
    SYS_getpid,
    SYS_exit,
    SYS_exit_group,
    SYS_restart_syscall,
    // signals (abort() raises SIGABRT on itself with tgkill)
    SYS_rt_sigaction,
    SYS_rt_sigprocmask,
    SYS_rt_sigreturn,
    SYS_sigaltstack,
    SYS_tgkill,
    // time, randomness, identity
    SYS_clock_gettime,
    SYS_clock_getres,
    SYS_clock_nanosleep,
    SYS_nanosleep,
    SYS_gettimeofday,
    SYS_getrandom,
    SYS_getuid,
    SYS_geteuid,
    SYS_uname,
    SYS_prlimit64,
    // glibc's sysconf(_SC_PHYS_PAGES) is sysinfo(2) without an error check: denied, it read
    // an uninitialised struct, and the KDF's RAM cap was random (an overflow, or "0 MiB
    // allowed" refusing every unlock now and then).
    SYS_sysinfo,
);

/// Calls that exist only on x86_64 (aarch64 has the *at forms only).
#[cfg(target_arch = "x86_64")]
const ARCH: &[(&str, i64)] = sys!(
    SYS_open,
    SYS_stat,
    SYS_lstat,
    SYS_access,
    SYS_poll,
    SYS_dup2,
    SYS_rename,
    SYS_unlink,
    SYS_rmdir,
    SYS_mkdir,
    SYS_readlink,
    SYS_chmod,
);

#[cfg(target_arch = "aarch64")]
const ARCH: &[(&str, i64)] = &[];

/// Socket I/O, allowed only when the policy allows AF_UNIX sockets.
const SOCKET_IO: &[(&str, i64)] = sys!(
    SYS_connect,
    SYS_bind,
    SYS_listen,
    SYS_accept4,
    SYS_sendto,
    SYS_recvfrom,
    SYS_sendmsg,
    SYS_recvmsg,
    SYS_shutdown,
    SYS_getsockopt,
    SYS_setsockopt,
    SYS_getsockname,
    SYS_getpeername,
);

/// Allowed only with the listed values of their first argument (`prctl` option) or second
/// argument (`ioctl` request; no TIOCSTI, so a confined process cannot type into the shell).
const PRCTL_OPTIONS: &[(&str, u64)] = &[
    ("PR_SET_NAME", libc::PR_SET_NAME as u64),
    ("PR_GET_NAME", libc::PR_GET_NAME as u64),
    ("PR_GET_DUMPABLE", libc::PR_GET_DUMPABLE as u64),
    // Keep a non-dumpable process non-dumpable: only PR_SET_DUMPABLE(0) is allowed.
    ("PR_SET_VMA", 0x5356_4d41),
];

// The request type is `c_ulong` on glibc but `c_int` on musl: keep the casts.
#[allow(clippy::unnecessary_cast)]
const IOCTL_REQUESTS: &[(&str, u64)] = &[
    ("TCGETS", libc::TCGETS as u64),
    ("TCSETS", libc::TCSETS as u64),
    ("TCSETSW", libc::TCSETSW as u64),
    ("TCSETSF", libc::TCSETSF as u64),
    // glibc ≥ 2.42 implements tcgetattr/tcsetattr with the termios2 requests.
    ("TCGETS2", libc::TCGETS2 as u64),
    ("TCSETS2", libc::TCSETS2 as u64),
    ("TCSETSW2", libc::TCSETSW2 as u64),
    ("TCSETSF2", libc::TCSETSF2 as u64),
    ("TIOCGWINSZ", libc::TIOCGWINSZ as u64),
    ("TIOCGPGRP", libc::TIOCGPGRP as u64),
    ("FIONBIO", libc::FIONBIO as u64),
    ("FIOCLEX", libc::FIOCLEX as u64),
    ("FIONCLEX", libc::FIONCLEX as u64),
];

/// Calls that are never allowed, whatever the policy (they fail with EPERM). Listed so that a
/// test proves none of them is on the allow-list, and for docs/sandbox.md.
const DENIED: &[(&str, i64)] = sys!(
    SYS_io_uring_setup,
    SYS_io_uring_enter,
    SYS_io_uring_register,
    SYS_ptrace,
    SYS_process_vm_readv,
    SYS_process_vm_writev,
    SYS_bpf,
    SYS_perf_event_open,
    SYS_userfaultfd,
    SYS_execve,
    SYS_execveat,
    SYS_kexec_load,
    SYS_kexec_file_load,
    SYS_mount,
    SYS_umount2,
    SYS_keyctl,
    SYS_add_key,
    SYS_request_key,
    SYS_seccomp,
    SYS_unshare,
    SYS_setns,
    SYS_memfd_create,
    SYS_kill,
    SYS_pidfd_open,
    SYS_pidfd_getfd,
    SYS_landlock_create_ruleset,
);

/// The names of the unconditionally allowed calls on this architecture, plus the
/// argument-filtered ones (`socket`, `socketpair`, `prctl`, `ioctl`).
pub fn allowed_syscalls() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = COMMON
        .iter()
        .chain(ARCH.iter())
        .map(|(n, _)| n.trim_start_matches("SYS_"))
        .collect();
    v.extend(["socket", "socketpair", "prctl", "ioctl", "mmap", "mprotect"]);
    v.sort_unstable();
    v
}

/// The names of the calls that are always denied (EPERM).
pub fn denied_syscalls() -> Vec<&'static str> {
    DENIED
        .iter()
        .map(|(n, _)| n.trim_start_matches("SYS_"))
        .collect()
}

#[cfg(target_arch = "x86_64")]
const TARGET_ARCH: Option<TargetArch> = Some(TargetArch::x86_64);
#[cfg(target_arch = "aarch64")]
const TARGET_ARCH: Option<TargetArch> = Some(TargetArch::aarch64);
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
const TARGET_ARCH: Option<TargetArch> = None;

fn err(e: impl std::error::Error + Send + Sync + 'static) -> SandboxError {
    SandboxError::Seccomp(Box::new(e))
}

fn cond(arg: u8, value: u64) -> Result<SeccompCondition, SandboxError> {
    SeccompCondition::new(arg, SeccompCmpArgLen::Dword, SeccompCmpOp::Eq, value).map_err(err)
}

/// The filter: matching rules allow, everything else returns EPERM.
pub(super) fn build(
    sockets: Sockets,
    arch: TargetArch,
) -> Result<seccompiler::BpfProgram, SandboxError> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    for (_, nr) in COMMON.iter().chain(ARCH.iter()) {
        rules.insert(*nr, vec![]);
    }
    if sockets == Sockets::Unix {
        for (_, nr) in SOCKET_IO {
            rules.insert(*nr, vec![]);
        }
        // socket(AF_UNIX, ...), socketpair(AF_UNIX, ...): the family is the first argument.
        let unix = || -> Result<Vec<SeccompRule>, SandboxError> {
            Ok(vec![
                SeccompRule::new(vec![cond(0, libc::AF_UNIX as u64)?]).map_err(err)?
            ])
        };
        rules.insert(libc::SYS_socket, unix()?);
        rules.insert(libc::SYS_socketpair, unix()?);
    }
    let mut prctl = vec![];
    for (_, opt) in PRCTL_OPTIONS {
        prctl.push(SeccompRule::new(vec![cond(0, *opt)?]).map_err(err)?);
    }
    prctl.push(
        SeccompRule::new(vec![
            cond(0, libc::PR_SET_DUMPABLE as u64)?,
            SeccompCondition::new(1, SeccompCmpArgLen::Qword, SeccompCmpOp::Eq, 0).map_err(err)?,
        ])
        .map_err(err)?,
    );
    rules.insert(libc::SYS_prctl, prctl);
    let mut ioctl = vec![];
    for (_, req) in IOCTL_REQUESTS {
        ioctl.push(SeccompRule::new(vec![cond(1, *req)?]).map_err(err)?);
    }
    rules.insert(libc::SYS_ioctl, ioctl);
    // W^X: no new executable mapping after start (the loader mapped every library before
    // main; strace shows no PROT_EXEC later). `prot` is the third argument of both calls.
    let no_exec = || -> Result<Vec<SeccompRule>, SandboxError> {
        Ok(vec![SeccompRule::new(vec![SeccompCondition::new(
            2,
            SeccompCmpArgLen::Dword,
            SeccompCmpOp::MaskedEq(libc::PROT_EXEC as u64),
            0,
        )
        .map_err(err)?])
        .map_err(err)?])
    };
    rules.insert(libc::SYS_mmap, no_exec()?);
    rules.insert(libc::SYS_mprotect, no_exec()?);

    let filter = SeccompFilter::new(
        rules,
        SeccompAction::Errno(libc::EPERM as u32),
        SeccompAction::Allow,
        arch,
    )
    .map_err(err)?;
    filter.try_into().map_err(err)
}

pub(super) fn apply(sockets: Sockets) -> Result<SeccompState, SandboxError> {
    let Some(arch) = TARGET_ARCH else {
        return Ok(SeccompState::Off {
            reason: "no syscall table for this architecture".into(),
        });
    };
    let prog = build(sockets, arch)?;
    let allowed = allowed_syscalls().len();
    match seccompiler::apply_filter_all_threads(&prog) {
        Ok(()) => Ok(SeccompState::On { syscalls: allowed }),
        Err(seccompiler::Error::Seccomp(e))
            if matches!(e.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) =>
        {
            Ok(SeccompState::Off {
                reason: format!("kernel refused the filter ({e})"),
            })
        }
        Err(e) => Err(err(e)),
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn allow_and_deny_lists_are_disjoint() {
        let allowed: Vec<i64> = COMMON
            .iter()
            .chain(ARCH.iter())
            .chain(SOCKET_IO.iter())
            .map(|(_, n)| *n)
            .collect();
        for (name, nr) in DENIED {
            assert!(!allowed.contains(nr), "{name} is both allowed and denied");
        }
        for nr in [
            libc::SYS_socket,
            libc::SYS_socketpair,
            libc::SYS_prctl,
            libc::SYS_ioctl,
            libc::SYS_mmap,
            libc::SYS_mprotect,
        ] {
            assert!(
                !allowed.contains(&nr),
                "argument-filtered call allowed plainly"
            );
        }
        let mut names = allowed_syscalls();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len(), "a call is listed twice");
    }

    #[test]
    fn filter_compiles_for_both_architectures() {
        for arch in [TargetArch::x86_64, TargetArch::aarch64] {
            for s in [Sockets::None, Sockets::Unix] {
                let p = build(s, arch).expect("filter compiles");
                assert!(p.len() > 20);
            }
        }
    }
}
