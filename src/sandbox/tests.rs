//! Confinement tests. Each one confines a forked CHILD (never the test harness), runs probes
//! there, and sends one result byte per probe back through a pipe; the parent asserts.
//!
//! After `fork` in a multi-threaded harness the child only uses the allocator (fork-safe in
//! glibc), raw system calls and std::fs, and leaves with `_exit`; the one test whose child
//! opens a real vault (SQLCipher, OpenSSL: static mutexes) runs alone in its own process
//! ([`run_isolated`]).

use super::*;
use std::ffi::CString;
use std::io::Read;
use std::os::unix::io::FromRawFd;

/// Probe results.
const OK: u8 = b'o';
const DENIED: u8 = b'd';
const OTHER: u8 = b'x';

type Probe = Box<dyn Fn() -> u8>;

/// Fork, confine the child with `policy`, run the probes in order, return their results (the
/// first byte is the confinement result: `OK`, or `OTHER` if `confine` failed, then the status
/// as text).
fn in_confined_child(policy: &Policy, probes: Vec<Probe>) -> (Vec<u8>, String) {
    let mut fds = [0i32; 2];
    // SAFETY: pipe into a local array.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: the child only runs the probes below and leaves with _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        // SAFETY: closing our copy of the read end.
        unsafe { libc::close(fds[0]) };
        let mut out = vec![];
        let status = confine(policy);
        let text = match &status {
            Ok(s) => {
                out.push(OK);
                format!("{s}; missing: {:?}", s.missing_paths)
            }
            Err(e) => {
                out.push(OTHER);
                e.to_string()
            }
        };
        if status.is_ok() {
            for p in &probes {
                out.push(p());
            }
        }
        out.push(b'\n');
        out.extend_from_slice(text.as_bytes());
        // SAFETY: writing a local buffer to our pipe, then leaving without running destructors
        // or atexit handlers of the harness.
        unsafe {
            libc::write(fds[1], out.as_ptr().cast(), out.len());
            libc::_exit(0);
        }
    }
    // SAFETY: closing the parent's copy of the write end.
    unsafe { libc::close(fds[1]) };
    // SAFETY: the read end is ours.
    let mut r = unsafe { std::fs::File::from_raw_fd(fds[0]) };
    let mut buf = vec![];
    r.read_to_end(&mut buf).unwrap();
    let mut st = 0;
    // SAFETY: waiting for our own child.
    unsafe { libc::waitpid(pid, &mut st, 0) };
    assert!(
        libc::WIFEXITED(st) && libc::WEXITSTATUS(st) == 0,
        "child died: status {st:#x} (a seccomp kill would show here)"
    );
    let nl = buf.iter().position(|b| *b == b'\n').expect("child wrote");
    let text = String::from_utf8_lossy(&buf[nl + 1..]).into_owned();
    (buf[..nl].to_vec(), text)
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn classify(ret: i64) -> u8 {
    if ret >= 0 {
        OK
    } else if matches!(errno(), libc::EPERM | libc::EACCES) {
        DENIED
    } else {
        OTHER
    }
}

fn socket_probe(family: i32, ty: i32) -> Probe {
    Box::new(move || {
        // SAFETY: plain socket call; the fd is closed below.
        let fd = unsafe { libc::socket(family, ty | libc::SOCK_CLOEXEC, 0) };
        let r = classify(fd as i64);
        if fd >= 0 {
            // SAFETY: our own fd.
            unsafe { libc::close(fd) };
        }
        r
    })
}

fn open_probe(path: PathBuf, flags: i32) -> Probe {
    Box::new(move || {
        let c = CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: valid C string; the fd is closed below.
        let fd = unsafe { libc::open(c.as_ptr(), flags | libc::O_CLOEXEC, 0o600) };
        let r = classify(fd as i64);
        if fd >= 0 {
            // SAFETY: our own fd.
            unsafe { libc::close(fd) };
        }
        r
    })
}

fn exec_probe(path: &'static str) -> Probe {
    Box::new(move || {
        let c = CString::new(path).unwrap();
        let argv = [c.as_ptr(), std::ptr::null()];
        let envp = [std::ptr::null::<libc::c_char>()];
        // SAFETY: valid argv/envp; on success the child becomes /bin/true and exits 0
        // without writing, which the parent sees as a missing result.
        let r = unsafe { libc::execve(c.as_ptr(), argv.as_ptr(), envp.as_ptr()) };
        classify(r as i64)
    })
}

fn unsafe_mmap(prot: i32) -> *mut libc::c_void {
    // SAFETY: an anonymous private mapping of one page.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            4096,
            prot,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        std::ptr::null_mut()
    } else {
        p
    }
}

fn mmap_probe(prot: i32) -> Probe {
    Box::new(move || {
        let p = unsafe_mmap(prot);
        if p.is_null() {
            classify(-1)
        } else {
            OK
        }
    })
}

fn raw_syscall_probe(nr: i64) -> Probe {
    Box::new(move || {
        // SAFETY: the probed calls are given zero arguments: they fail or are denied.
        let r = unsafe { libc::syscall(nr, 0, 0, 0, 0, 0, 0) };
        classify(r)
    })
}

fn landlock_available() -> bool {
    landlock_abi() > 0
}

struct Fixture {
    root: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let root = tempfile::tempdir().unwrap();
        let home = root.path().join("home");
        std::fs::create_dir_all(home.join(".ssh")).unwrap();
        std::fs::write(home.join(".ssh/id_ed25519"), b"fake key").unwrap();
        std::fs::create_dir_all(root.path().join("vault")).unwrap();
        std::fs::write(root.path().join("vault/existing"), b"vault data").unwrap();
        std::fs::create_dir_all(root.path().join("inputs")).unwrap();
        std::fs::write(root.path().join("inputs/photo.jpg"), b"jpeg").unwrap();
        Fixture { root }
    }
    fn p(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }
    fn policy(&self) -> Policy {
        Policy::new()
            .read_write_create(self.p("vault"))
            .read_only(self.p("inputs/photo.jpg"))
    }
}

#[test]
fn network_exec_and_dangerous_calls_are_denied_always() {
    // The seccomp layer must hold even without Landlock: this test never skips.
    let f = Fixture::new();
    let probes: Vec<Probe> = vec![
        socket_probe(libc::AF_INET, libc::SOCK_STREAM),
        socket_probe(libc::AF_INET, libc::SOCK_DGRAM),
        socket_probe(libc::AF_INET6, libc::SOCK_STREAM),
        socket_probe(libc::AF_INET6, libc::SOCK_DGRAM),
        socket_probe(libc::AF_NETLINK, libc::SOCK_RAW),
        socket_probe(libc::AF_PACKET, libc::SOCK_RAW),
        socket_probe(libc::AF_UNIX, libc::SOCK_STREAM),
        exec_probe("/bin/true"),
        raw_syscall_probe(libc::SYS_ptrace),
        raw_syscall_probe(libc::SYS_io_uring_setup),
        raw_syscall_probe(libc::SYS_bpf),
        raw_syscall_probe(libc::SYS_userfaultfd),
        raw_syscall_probe(libc::SYS_perf_event_open),
        raw_syscall_probe(libc::SYS_process_vm_readv),
        raw_syscall_probe(libc::SYS_keyctl),
        raw_syscall_probe(libc::SYS_mount),
        // An unknown (never used) call: EPERM, not a kill.
        raw_syscall_probe(libc::SYS_acct),
        // W^X: no new executable mapping, no making memory executable.
        mmap_probe(libc::PROT_READ | libc::PROT_EXEC),
        Box::new(|| {
            let p = unsafe_mmap(libc::PROT_READ | libc::PROT_WRITE);
            if p.is_null() {
                return OTHER;
            }
            // SAFETY: our own fresh mapping of one page.
            let r = unsafe { libc::mprotect(p, 4096, libc::PROT_READ | libc::PROT_EXEC) };
            classify(r as i64)
        }),
        // TIOCSTI (typing into the terminal) is not an allowed ioctl.
        Box::new(|| {
            let c = b'x';
            // SAFETY: ioctl on stdin with a pointer to a local byte.
            let r = unsafe { libc::ioctl(0, libc::TIOCSTI, &c as *const u8) };
            classify(r as i64)
        }),
    ];
    let n = probes.len();
    let mut probes = probes;
    // Allowed after confinement: ordinary memory and threads.
    probes.push(mmap_probe(libc::PROT_READ | libc::PROT_WRITE));
    let (got, status) = in_confined_child(&f.policy(), probes);
    assert_eq!(got[0], OK, "confine failed: {status}");
    assert!(status.contains("seccomp on"), "{status}");
    assert_eq!(got[1..=n], vec![DENIED; n][..], "status: {status}");
    assert_eq!(
        got[n + 1..],
        [OK],
        "plain mmap after confinement; status: {status}"
    );
}

#[test]
fn unix_sockets_follow_the_policy() {
    let f = Fixture::new();
    let probes = || -> Vec<Probe> {
        vec![
            socket_probe(libc::AF_UNIX, libc::SOCK_STREAM),
            Box::new(|| {
                let mut sv = [0i32; 2];
                // SAFETY: socketpair into a local array; fds closed below.
                let r = unsafe {
                    libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, sv.as_mut_ptr())
                };
                if r == 0 {
                    // SAFETY: our own fds.
                    unsafe {
                        libc::close(sv[0]);
                        libc::close(sv[1]);
                    }
                }
                classify(r as i64)
            }),
            socket_probe(libc::AF_INET, libc::SOCK_STREAM),
        ]
    };
    let (got, status) = in_confined_child(&f.policy().sockets(Sockets::Unix), probes());
    assert_eq!(got, vec![OK, OK, OK, DENIED], "status: {status}");
    let (got, status) = in_confined_child(&f.policy(), probes());
    assert_eq!(got, vec![OK, DENIED, DENIED, DENIED], "status: {status}");
}

#[test]
fn files_outside_the_policy_are_unreachable() {
    if !landlock_available() {
        eprintln!("SKIPPED: this kernel has no Landlock (the seccomp tests still ran)");
        return;
    }
    let f = Fixture::new();
    let vault = f.p("vault");
    let key = f.p("home/.ssh/id_ed25519");
    let ro_in = f.p("inputs/photo.jpg");
    let probes: Vec<Probe> = vec![
        // outside: read, write, create
        open_probe(key.clone(), libc::O_RDONLY),
        open_probe(key.clone(), libc::O_WRONLY),
        open_probe(f.p("home/new-file"), libc::O_WRONLY | libc::O_CREAT),
        open_probe("/etc/passwd".into(), libc::O_RDONLY),
        // the read-only input: read yes, write no, its siblings no
        open_probe(ro_in.clone(), libc::O_RDONLY),
        open_probe(ro_in.clone(), libc::O_WRONLY),
        open_probe(f.p("inputs"), libc::O_RDONLY | libc::O_DIRECTORY),
        // the vault: read, write, create, rename, remove, mkdir, and the O_TMPFILE + linkat
        // path that attach/outfile uses
        open_probe(vault.join("existing"), libc::O_RDWR),
        open_probe(
            vault.join("new"),
            libc::O_RDWR | libc::O_CREAT | libc::O_EXCL,
        ),
        {
            let v = vault.clone();
            Box::new(move || {
                let ok = std::fs::write(v.join("tmp"), b"x").is_ok()
                    && std::fs::File::open(v.join("tmp"))
                        .and_then(|f| f.sync_all())
                        .is_ok()
                    && std::fs::rename(v.join("tmp"), v.join("final")).is_ok()
                    && std::fs::create_dir(v.join("sub")).is_ok()
                    && std::fs::write(v.join("sub/x"), b"y").is_ok()
                    && std::fs::rename(v.join("sub/x"), v.join("moved")).is_ok()
                    && std::fs::remove_dir(v.join("sub")).is_ok()
                    && std::fs::remove_file(v.join("final")).is_ok()
                    && std::fs::read_dir(&v).map(|d| d.count()).unwrap_or(0) >= 2;
                if ok {
                    OK
                } else {
                    OTHER
                }
            }) as Probe
        },
        {
            let v = vault.clone();
            Box::new(move || {
                let d = CString::new(v.as_os_str().as_encoded_bytes()).unwrap();
                // SAFETY: O_TMPFILE in the vault, linked into place through /proc/self/fd.
                let fd = unsafe {
                    libc::open(
                        d.as_ptr(),
                        libc::O_TMPFILE | libc::O_RDWR | libc::O_CLOEXEC,
                        0o600,
                    )
                };
                if fd < 0 {
                    return classify(-1);
                }
                let src = CString::new(format!("/proc/self/fd/{fd}")).unwrap();
                let dst = CString::new(v.join("linked").as_os_str().as_encoded_bytes()).unwrap();
                // SAFETY: valid C strings.
                let r = unsafe {
                    libc::linkat(
                        libc::AT_FDCWD,
                        src.as_ptr(),
                        libc::AT_FDCWD,
                        dst.as_ptr(),
                        libc::AT_SYMLINK_FOLLOW,
                    )
                };
                let c = classify(r as i64);
                // SAFETY: our own fd.
                unsafe { libc::close(fd) };
                c
            }) as Probe
        },
        // symlinks and FIFOs are not created even in the vault
        {
            let v = vault.clone();
            Box::new(move || {
                classify(
                    if std::os::unix::fs::symlink("/etc/passwd", v.join("sym")).is_ok() {
                        0
                    } else {
                        -1
                    },
                )
            }) as Probe
        },
        // system files the program needs
        open_probe("/dev/null".into(), libc::O_WRONLY),
        open_probe("/dev/urandom".into(), libc::O_RDONLY),
    ];
    let (got, status) = in_confined_child(&f.policy(), probes);
    assert_eq!(got[0], OK, "confine failed: {status}");
    assert!(status.starts_with("landlock ABI"), "{status}");
    let expected = [
        DENIED, DENIED, DENIED, DENIED, // outside
        OK, DENIED, DENIED, // read-only input
        OK, OK, OK, OK,     // vault
        DENIED, // symlink
        OK, OK, // system
    ];
    assert_eq!(got[1..], expected[..], "status: {status}");
    // What the child did in the vault is really there.
    assert!(vault.join("new").exists() && vault.join("moved").exists());
    assert!(vault.join("linked").exists());
    assert!(!f.p("home/new-file").exists());
}

#[test]
fn confine_reports_missing_paths_and_refuses_threads() {
    let f = Fixture::new();
    // Missing paths are reported (but absent system files such as /etc/timezone are not).
    let missing = f.p("does/not/exist");
    let m = missing.clone();
    let (got, status) = in_confined_child(
        &f.policy()
            .read_only(&missing)
            .read_only("/etc/sandyk-no-such-file"),
        vec![Box::new(move || {
            // Reached only after confine succeeded; the path is still absent.
            if m.exists() {
                OTHER
            } else {
                OK
            }
        })],
    );
    assert_eq!(got, vec![OK, OK], "{status}");
    let listed = status.split("; missing: ").nth(1).unwrap_or_default();
    assert!(listed.contains("does/not/exist"), "{status}");
    assert!(listed.contains("sandyk-no-such-file"), "{status}");
    assert!(
        !listed.contains("timezone") && !listed.contains("/dev/"),
        "{status}"
    );

    // In a child that started a thread, confine refuses.
    let (got, text) = in_confined_child_with_thread(&f.policy());
    assert_eq!(got, vec![OTHER], "{text}");
    assert!(text.contains("threads"), "{text}");
}

fn in_confined_child_with_thread(policy: &Policy) -> (Vec<u8>, String) {
    // Same as in_confined_child, but the child starts a thread before confining.
    let mut fds = [0i32; 2];
    // SAFETY: pipe into a local array.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: see in_confined_child.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let t = std::thread::spawn(move || {
            let _ = rx.recv();
        });
        let r = confine(policy);
        let _ = tx.send(());
        let _ = t.join();
        let mut out = vec![if r.is_ok() { OK } else { OTHER }, b'\n'];
        out.extend_from_slice(
            r.err()
                .map(|e| e.to_string())
                .unwrap_or_default()
                .as_bytes(),
        );
        // SAFETY: as in in_confined_child.
        unsafe {
            libc::write(fds[1], out.as_ptr().cast(), out.len());
            libc::_exit(0);
        }
    }
    // SAFETY: as in in_confined_child.
    unsafe { libc::close(fds[1]) };
    let mut r = unsafe { std::fs::File::from_raw_fd(fds[0]) };
    let mut buf = vec![];
    r.read_to_end(&mut buf).unwrap();
    let mut st = 0;
    // SAFETY: our own child.
    unsafe { libc::waitpid(pid, &mut st, 0) };
    let nl = buf.iter().position(|b| *b == b'\n').expect("child wrote");
    (
        buf[..nl].to_vec(),
        String::from_utf8_lossy(&buf[nl + 1..]).into_owned(),
    )
}

#[test]
fn threads_started_after_confinement_are_confined() {
    let f = Fixture::new();
    let key = f.p("home/.ssh/id_ed25519");
    // Asked before confining: inside, seccomp denies the Landlock calls themselves.
    let landlock = landlock_available();
    let probes: Vec<Probe> = vec![Box::new(move || {
        let k = key.clone();
        std::thread::spawn(move || {
            // SAFETY: plain socket call.
            let s = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0) };
            let sock = classify(s as i64);
            let file = if landlock {
                if std::fs::read(&k).is_err() {
                    DENIED
                } else {
                    OK
                }
            } else {
                DENIED
            };
            if sock == DENIED && file == DENIED {
                DENIED
            } else {
                OK
            }
        })
        .join()
        .unwrap_or(OTHER)
    })];
    let (got, status) = in_confined_child(&f.policy(), probes);
    assert_eq!(got, vec![OK, DENIED], "{status}");
}

#[test]
fn panic_can_remove_the_vault_and_its_directory() {
    if !landlock_available() {
        eprintln!("SKIPPED: this kernel has no Landlock (the seccomp tests still ran)");
        return;
    }
    let f = Fixture::new();
    let parent = f.p("");
    let vault = f.p("vault");
    let policy = Policy::new()
        .read_write_create(&vault)
        .allow(&parent, PathAccess::ListAndRemoveDirs);
    let v = vault.clone();
    let p = parent.clone();
    let sibling = f.p("inputs/photo.jpg");
    let probes: Vec<Probe> = vec![
        Box::new(move || {
            // What the wipe does: overwrite and fsync, unlink every file, rmdir the vault,
            // fsync the parent.
            let ok = std::fs::OpenOptions::new()
                .write(true)
                .open(v.join("existing"))
                .and_then(|mut f| {
                    std::io::Write::write_all(&mut f, &[0u8; 10])?;
                    f.sync_all()
                })
                .is_ok()
                && std::fs::remove_file(v.join("existing")).is_ok()
                && std::fs::remove_dir(&v).is_ok()
                && std::fs::File::open(&p).and_then(|d| d.sync_all()).is_ok();
            if ok {
                OK
            } else {
                OTHER
            }
        }),
        // ... and nothing else beneath the parent can be removed or written.
        Box::new(move || {
            classify(if std::fs::remove_file(&sibling).is_ok() {
                0
            } else {
                -1
            })
        }),
        open_probe(f.p("inputs/photo.jpg"), libc::O_WRONLY),
    ];
    let (got, status) = in_confined_child(&policy, probes);
    assert_eq!(got, vec![OK, OK, DENIED, DENIED], "{status}");
    assert!(!vault.exists());
    assert!(f.p("inputs/photo.jpg").exists());
}

/// Write a diagnostic from a forked child without touching std's stderr lock.
fn child_note(msg: &str) {
    // SAFETY: writing a local buffer to fd 2.
    unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
}

/// Run the test `name` (in this module) alone, in a new process of this test binary, and
/// return true; in that process (marked by `SANDYK_ISOLATED_TEST`), return false so the
/// test's body runs. For a test whose forked child uses SQLCipher or OpenSSL: their static
/// mutexes may be held by another test's thread at the moment of `fork`, and the child then
/// waits for ever (seen on 2026-12-05: the child stuck in `sqlite3Malloc`'s mutex while a
/// word-index test ran beside it). Alone in its process, the fork has no other thread.
fn run_isolated(name: &str) -> bool {
    if std::env::var_os("SANDYK_ISOLATED_TEST").is_some() {
        return false;
    }
    let path = format!(
        "{}::{name}",
        module_path!().split_once("::").expect("crate::module").1
    );
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([path.as_str(), "--exact", "--test-threads=1", "--nocapture"])
        .env("SANDYK_ISOLATED_TEST", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("test result: ok. 1 passed"),
        "{path} alone: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

#[test]
fn a_real_vault_opens_changes_and_is_destroyed_confined() {
    if run_isolated("a_real_vault_opens_changes_and_is_destroyed_confined") {
        return;
    }
    // The vault is made unconfined; the child confines itself with the policy proposed for
    // vault commands (docs/sandbox.md), then unlocks it (Argon2 threads, SQLCipher, OpenSSL),
    // changes the passphrase (atomic key-file write) and finally runs the `panic` wipe.
    use crate::crypto::kdf::{KdfParams, FLOOR_M_KIB, FLOOR_T};
    use crate::crypto::secret::Secret;
    use crate::vault::{locate, Opened, Vault};
    let f = Fixture::new();
    let dir = f.p("real-vault");
    let params = || KdfParams {
        m_kib: FLOOR_M_KIB,
        t: FLOOR_T,
        p: 1,
    };
    let now: jiff::Zoned = "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap();
    drop(Vault::init(&dir, &Secret::from_str("old pass"), params(), true, &now).unwrap());
    let policy = Policy::new()
        .read_write_create(&dir)
        .allow(f.p(""), PathAccess::ListAndRemoveDirs);
    let d = dir.clone();
    let probes: Vec<Probe> = vec![
        Box::new(move || {
            let r = (|| -> Result<(), String> {
                let opened = locate(&d)
                    .map_err(|e| e.to_string())?
                    .unlock(&Secret::from_str("old pass"), None)
                    .map_err(|e| e.to_string())?;
                let Opened::Vault(mut v) = opened else {
                    return Err("duress".into());
                };
                v.change_passphrase(&Secret::from_str("new pass"))
                    .map_err(|e| e.to_string())?;
                drop(v);
                match locate(&d)
                    .map_err(|e| e.to_string())?
                    .unlock(&Secret::from_str("new pass"), None)
                    .map_err(|e| e.to_string())?
                {
                    Opened::Vault(_) => Ok(()),
                    Opened::Duress(_) => Err("duress".into()),
                }
            })();
            match r {
                Ok(()) => OK,
                Err(e) => {
                    child_note(&format!("vault under confinement: {e}\n"));
                    OTHER
                }
            }
        }),
        {
            let d = dir.clone();
            Box::new(
                move || match crate::emergency::wipe::destroy(&d, Default::default()) {
                    Ok(_) => OK,
                    Err(e) => {
                        child_note(&format!("panic under confinement: {e}\n"));
                        OTHER
                    }
                },
            )
        },
    ];
    let (got, status) = in_confined_child(&policy, probes);
    assert_eq!(got, vec![OK, OK, OK], "{status}");
    assert!(!dir.exists(), "the vault directory is gone");
}

#[test]
fn a_terminal_opened_before_confinement_still_works() {
    // A pseudo-terminal stands in for the user's terminal: isatty, reading and switching echo
    // off (what the passphrase prompt does) work confined; TIOCSTI (typing into it) does not.
    // SAFETY: standard pty set-up on fds we own; they are closed when the test ends.
    let (master, slave) = unsafe {
        let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(m >= 0);
        assert_eq!(libc::grantpt(m), 0);
        assert_eq!(libc::unlockpt(m), 0);
        let name = std::ffi::CStr::from_ptr(libc::ptsname(m)).to_owned();
        let s = libc::open(name.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        assert!(s >= 0);
        (m, s)
    };
    let probes: Vec<Probe> = vec![
        // SAFETY: isatty on an fd we own.
        Box::new(move || {
            if unsafe { libc::isatty(slave) } == 1 {
                OK
            } else {
                OTHER
            }
        }),
        Box::new(move || {
            // SAFETY: termios round trip on an fd we own.
            unsafe {
                let mut t: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(slave, &mut t) != 0 {
                    return classify(-1);
                }
                t.c_lflag &= !libc::ECHO;
                classify(libc::tcsetattr(slave, libc::TCSANOW, &t) as i64)
            }
        }),
        Box::new(move || {
            let c = b'x';
            // SAFETY: ioctl with a pointer to a local byte.
            classify(unsafe { libc::ioctl(slave, libc::TIOCSTI, &c as *const u8) } as i64)
        }),
    ];
    let (got, status) = in_confined_child(&Policy::new(), probes);
    // SAFETY: our own fds.
    unsafe {
        libc::close(slave);
        libc::close(master);
    }
    assert_eq!(got, vec![OK, OK, OK, DENIED], "{status}");
}
