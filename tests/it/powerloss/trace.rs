//! Recording what one command does to the vault directory, from `strace`.
//!
//! The command runs under `strace -f -y -xx -s 64MiB -e abbrev=none -e trace=…`: `-y`
//! prints the path behind every descriptor, `-xx` prints every string (data and paths) as
//! `\xHH`, so a line can be split on its punctuation safely, and the large `-s` prints every
//! written byte. The lines are replayed against a model of the vault directory (names →
//! inodes → bytes), starting from the files as they were before the run, which gives the
//! operation log: per inode, writes (offset, bytes), size changes and syncs; per directory,
//! creates, links, renames, unlinks, mkdir/rmdir and directory syncs. Descriptors outside
//! the vault directory are ignored.
//!
//! Self-check: replaying the whole log must give, byte for byte, the files the real run
//! left behind (`Recording::check_replay`). A write path the parser does not know (mmap,
//! a syscall missing from the list) fails that check instead of going unnoticed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::support::Scratch;

pub const SYSCALLS: &str = "openat,open,creat,write,pwrite64,writev,pwritev,pwritev2,lseek,\
fsync,fdatasync,sync_file_range,ftruncate,truncate,fallocate,rename,renameat,renameat2,\
unlink,unlinkat,link,linkat,mkdir,mkdirat,rmdir,close,dup,dup2,dup3,fcntl,mmap";

/// One file-system operation on the vault directory, in program order.
#[derive(Debug, Clone)]
pub enum Op {
    /// `data` written at `off` of inode `ino`.
    Write {
        ino: usize,
        off: u64,
        data: Vec<u8>,
    },
    /// The size of `ino` set to `len` (ftruncate, O_TRUNC, fallocate past the end).
    SetLen {
        ino: usize,
        len: u64,
    },
    /// fsync (`full`) or fdatasync of a file.
    Sync {
        ino: usize,
        full: bool,
    },
    /// fsync of a directory (`""` is the vault directory, `".."` its parent).
    DirSync {
        dir: String,
    },
    /// A new name `name` for the new inode `ino`.
    Create {
        name: String,
        ino: usize,
    },
    Link {
        from: String,
        to: String,
    },
    Rename {
        from: String,
        to: String,
    },
    Unlink {
        name: String,
    },
    Mkdir {
        name: String,
    },
    /// `""`: the vault directory itself.
    Rmdir {
        name: String,
    },
}

impl Op {
    /// Directory (namespace) operations: journaled by ext4, in order.
    pub fn is_meta(&self) -> bool {
        matches!(
            self,
            Op::Create { .. }
                | Op::Link { .. }
                | Op::Rename { .. }
                | Op::Unlink { .. }
                | Op::Mkdir { .. }
                | Op::Rmdir { .. }
        )
    }

    pub fn short(&self) -> String {
        match self {
            Op::Write { ino, off, data } => format!("write(#{ino}, {off}, {})", data.len()),
            Op::SetLen { ino, len } => format!("setlen(#{ino}, {len})"),
            Op::Sync { ino, full } => {
                format!("{}(#{ino})", if *full { "fsync" } else { "fdatasync" })
            }
            Op::DirSync { dir } => format!("fsync(dir {dir:?})"),
            Op::Create { name, ino } => format!("create({name} = #{ino})"),
            Op::Link { from, to } => format!("link({from}, {to})"),
            Op::Rename { from, to } => format!("rename({from}, {to})"),
            Op::Unlink { name } => format!("unlink({name})"),
            Op::Mkdir { name } => format!("mkdir({name})"),
            Op::Rmdir { name } => format!("rmdir({name:?})"),
        }
    }
}

/// What a reader sees: whether the directory exists, its subdirectories, names and bytes.
pub type View<'a> = (bool, Vec<&'a String>, Vec<(&'a String, &'a Vec<u8>)>);

/// A vault directory: whether it exists, its subdirectories, names → inodes, inode bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Fs {
    pub root: bool,
    pub dirs: BTreeSet<String>,
    pub names: BTreeMap<String, usize>,
    pub files: Vec<Vec<u8>>,
}

impl Fs {
    /// The files under `dir` (regular files and subdirectories only).
    pub fn load(dir: &Path) -> Fs {
        let mut fs = Fs {
            root: dir.is_dir(),
            ..Fs::default()
        };
        if !fs.root {
            return fs;
        }
        let mut stack = vec![(dir.to_path_buf(), String::new())];
        while let Some((d, rel)) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let r = if rel.is_empty() {
                    name
                } else {
                    format!("{rel}/{name}")
                };
                let t = e.file_type().unwrap();
                if t.is_dir() {
                    fs.dirs.insert(r.clone());
                    stack.push((e.path(), r));
                } else if t.is_file() {
                    fs.files.push(std::fs::read(e.path()).unwrap());
                    fs.names.insert(r, fs.files.len() - 1);
                } else {
                    panic!("unexpected file type in the vault: {}", e.path().display());
                }
            }
        }
        fs
    }

    /// Write this state out as directory `dir` (which must not exist). Nothing is created
    /// when the vault directory itself does not exist in this state.
    pub fn materialize(&self, dir: &Path) {
        if !self.root {
            return;
        }
        std::fs::create_dir(dir).unwrap();
        for d in &self.dirs {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        for (n, ino) in &self.names {
            std::fs::write(dir.join(n), &self.files[*ino]).unwrap();
        }
    }

    /// What a reader sees: names and their bytes (inode numbers left out).
    pub fn view(&self) -> View<'_> {
        (
            self.root,
            self.dirs.iter().collect(),
            self.names
                .iter()
                .map(|(n, i)| (n, &self.files[*i]))
                .collect(),
        )
    }

    /// Apply one namespace operation.
    pub fn apply_meta(&mut self, op: &Op) {
        match op {
            Op::Create { name, ino } => {
                while self.files.len() <= *ino {
                    self.files.push(vec![]);
                }
                self.names.insert(name.clone(), *ino);
            }
            Op::Link { from, to } => {
                let i = self.names[from];
                self.names.insert(to.clone(), i);
            }
            Op::Rename { from, to } => {
                if let Some(i) = self.names.remove(from) {
                    self.names.insert(to.clone(), i);
                } else if self.dirs.remove(from) {
                    self.dirs.insert(to.clone());
                }
            }
            Op::Unlink { name } => {
                self.names.remove(name);
            }
            Op::Mkdir { name } => {
                if name.is_empty() {
                    self.root = true;
                } else {
                    self.dirs.insert(name.clone());
                }
            }
            Op::Rmdir { name } => {
                if name.is_empty() {
                    self.root = false;
                } else {
                    self.dirs.remove(name);
                }
            }
            _ => unreachable!("not a namespace op: {op:?}"),
        }
    }

    /// Apply a data operation (program view: nothing lost).
    pub fn apply_data(&mut self, op: &Op) {
        match op {
            Op::Write { ino, off, data } => {
                let f = &mut self.files[*ino];
                let end = *off as usize + data.len();
                if f.len() < end {
                    f.resize(end, 0);
                }
                f[*off as usize..end].copy_from_slice(data);
            }
            Op::SetLen { ino, len } => self.files[*ino].resize(*len as usize, 0),
            _ => {}
        }
    }

    pub fn apply(&mut self, op: &Op) {
        if op.is_meta() {
            self.apply_meta(op)
        } else {
            self.apply_data(op)
        }
    }
}

/// One recorded run.
#[derive(Debug)]
pub struct Recording {
    /// The vault before the command.
    pub initial: Fs,
    pub ops: Vec<Op>,
    /// The vault the real run left behind.
    pub final_real: Fs,
    pub exit: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Recording {
    /// The state after every op (nothing lost).
    pub fn replayed(&self) -> Fs {
        let mut fs = self.initial.clone();
        for op in &self.ops {
            fs.apply(op);
        }
        fs
    }

    /// Replaying the log must give exactly what the real run left behind.
    pub fn check_replay(&self) -> Result<(), String> {
        let a = self.replayed();
        if a.view() == self.final_real.view() {
            return Ok(());
        }
        let names = |f: &Fs| {
            f.names
                .iter()
                .map(|(n, i)| format!("{n}:{}", f.files[*i].len()))
                .collect::<Vec<_>>()
        };
        let differing: Vec<&String> = a
            .names
            .iter()
            .filter(|(n, i)| {
                self.final_real
                    .names
                    .get(*n)
                    .is_none_or(|j| self.final_real.files[*j] != a.files[**i])
            })
            .map(|(n, _)| n)
            .collect();
        Err(format!(
            "replaying the strace log does not give the vault the run left behind:\n\
             replayed root={} {:?} {:?}\nreal     root={} {:?} {:?}\ndiffering: {differing:?}",
            a.root,
            a.dirs,
            names(&a),
            self.final_real.root,
            self.final_real.dirs,
            names(&self.final_real)
        ))
    }
}

/// Run the command under strace against `vault` and record its operations.
pub fn record(
    scratch: &Scratch,
    vault: &Path,
    args: &[&str],
    secrets: &[&str],
    stdin: &[u8],
) -> Recording {
    let initial = Fs::load(vault);
    let log = scratch.path().join(format!(
        "strace-{}.log",
        vault.file_name().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_file(&log);
    let wrapper: Vec<OsString> = vec![
        "strace".into(),
        "-f".into(),
        "-qq".into(),
        "-y".into(),
        "-xx".into(),
        "-s".into(),
        "67108864".into(),
        "-e".into(),
        "abbrev=none".into(),
        "-o".into(),
        log.clone().into(),
        "-e".into(),
        format!("trace={SYSCALLS}").into(),
    ];
    let o = scratch.run(vault, &wrapper, args, secrets, stdin);
    let text = std::fs::read_to_string(&log).expect("strace log (is strace installed?)");
    let _ = std::fs::remove_file(&log);
    let ops = parse(&text, vault, &initial).unwrap_or_else(|e| panic!("parsing strace: {e}"));
    Recording {
        initial,
        ops,
        final_real: Fs::load(vault),
        exit: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Decode strace's C-style escapes (`\xHH`, `\n`, `\\`, octal).
fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4 + 1);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            match b[i + 1] {
                b'x' => {
                    let h = std::str::from_utf8(&b[i + 2..i + 4]).unwrap();
                    out.push(u8::from_str_radix(h, 16).unwrap());
                    i += 4;
                }
                b'n' => {
                    out.push(b'\n');
                    i += 2;
                }
                b't' => {
                    out.push(b'\t');
                    i += 2;
                }
                b'r' => {
                    out.push(b'\r');
                    i += 2;
                }
                b'v' => {
                    out.push(0x0b);
                    i += 2;
                }
                b'f' => {
                    out.push(0x0c);
                    i += 2;
                }
                b'0'..=b'7' => {
                    let mut j = i + 1;
                    let mut v = 0u32;
                    while j < b.len() && j < i + 4 && (b'0'..=b'7').contains(&b[j]) {
                        v = v * 8 + (b[j] - b'0') as u32;
                        j += 1;
                    }
                    out.push(v as u8);
                    i = j;
                }
                c => {
                    out.push(c);
                    i += 2;
                }
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Split the argument list at top-level commas (quotes, brackets, braces, `<…>` respected).
fn split_args(s: &str) -> Vec<String> {
    let mut out = vec![];
    let mut depth = 0i32;
    let mut quote = false;
    let mut cur = String::new();
    let mut prev_backslash = false;
    for c in s.chars() {
        if quote {
            cur.push(c);
            if c == '"' && !prev_backslash {
                quote = false;
            }
            prev_backslash = c == '\\' && !prev_backslash;
            continue;
        }
        match c {
            '"' => {
                quote = true;
                prev_backslash = false;
                cur.push(c);
            }
            '[' | '{' | '<' | '(' => {
                depth += 1;
                cur.push(c);
            }
            ']' | '}' | '>' | ')' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => out.push(std::mem::take(&mut cur).trim().to_owned()),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_owned());
    }
    out
}

/// A quoted string argument (`"\x41…"`); panics on a truncated one (`"…"...`).
fn string_arg(a: &str) -> Vec<u8> {
    let a = a.trim();
    assert!(
        a.starts_with('"') && a.ends_with('"'),
        "expected a complete string, got {}",
        &a[..a.len().min(80)]
    );
    unescape(&a[1..a.len() - 1])
}

/// Every quoted string inside `a`, concatenated (an iovec array).
fn strings_in(a: &str) -> Vec<u8> {
    let mut out = vec![];
    let mut rest = a;
    while let Some(i) = rest.find('"') {
        let after = &rest[i + 1..];
        let j = after.find('"').expect("unterminated string");
        out.extend(unescape(&after[..j]));
        rest = &after[j + 1..];
        assert!(
            !rest.starts_with("..."),
            "a write was truncated by strace (-s too small)"
        );
    }
    out
}

/// A descriptor argument as printed with -y: `7<\x2f…>`, `AT_FDCWD<…>`, possibly followed
/// by `(deleted)`. Returns (number or -100 for AT_FDCWD, path).
fn fd_arg(a: &str) -> (i64, Option<PathBuf>) {
    let a = a.trim();
    let (num, rest) = match a.find('<') {
        Some(i) => (&a[..i], Some(&a[i + 1..])),
        None => (a, None),
    };
    let n = if num == "AT_FDCWD" {
        -100
    } else {
        num.parse().unwrap_or(-1)
    };
    let path = rest.map(|r| {
        let end = r.rfind('>').unwrap_or(r.len());
        PathBuf::from(String::from_utf8(unescape(&r[..end])).unwrap())
    });
    (n, path)
}

fn num_arg(a: &str) -> i64 {
    let a = a.trim();
    if let Some(h) = a.strip_prefix("0x") {
        i64::from_str_radix(h, 16).unwrap()
    } else {
        a.parse()
            .unwrap_or_else(|_| panic!("expected a number: {a}"))
    }
}

#[derive(Clone)]
struct FdInfo {
    /// The inode, for a file inside the vault.
    ino: Option<usize>,
    /// The directory name relative to the vault ("" the vault, ".." its parent).
    dir: Option<String>,
    pos: u64,
    append: bool,
}

struct Replay<'a> {
    vault: &'a Path,
    parent: PathBuf,
    fs: Fs,
    fds: HashMap<i64, FdInfo>,
    ops: Vec<Op>,
}

impl Replay<'_> {
    /// The name relative to the vault: Some("") for the vault itself, Some("..") for its
    /// parent, None for anything else.
    fn rel(&self, p: &Path) -> Option<String> {
        if p == self.vault {
            return Some(String::new());
        }
        if p == self.parent {
            return Some("..".into());
        }
        p.strip_prefix(self.vault)
            .ok()
            .map(|r| r.to_string_lossy().into_owned())
    }

    fn resolve(&self, dirfd: Option<&str>, path: &[u8]) -> PathBuf {
        let p = PathBuf::from(String::from_utf8(path.to_vec()).unwrap());
        if p.is_absolute() {
            return normalize(&p);
        }
        let base = dirfd
            .and_then(|d| fd_arg(d).1)
            .expect("relative path without a directory (-y missing?)");
        normalize(&base.join(p))
    }

    fn push(&mut self, op: Op) {
        self.fs.apply(&op);
        self.ops.push(op);
    }

    fn data_write(&mut self, fd: &str, off: Option<u64>, data: Vec<u8>, ret: i64) {
        let (n, _) = fd_arg(fd);
        let Some(info) = self.fds.get(&n).cloned() else {
            return;
        };
        let Some(ino) = info.ino else { return };
        let data = data[..ret as usize].to_vec();
        let at = match off {
            Some(o) => o,
            None if info.append => self.fs.files[ino].len() as u64,
            None => info.pos,
        };
        if off.is_none() {
            self.fds.get_mut(&n).unwrap().pos = at + ret as u64;
        }
        if !data.is_empty() {
            self.push(Op::Write { ino, off: at, data });
        }
    }

    fn line(
        &mut self,
        name: &str,
        args: &[String],
        ret: i64,
        ret_text: &str,
    ) -> Result<(), String> {
        let a = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
        match name {
            "openat" | "open" | "creat" => {
                let (dirfd, path, flags) = match name {
                    "openat" => (Some(a(0)), string_arg(a(1)), a(2).to_owned()),
                    "open" => (None, string_arg(a(0)), a(1).to_owned()),
                    _ => (None, string_arg(a(0)), "O_CREAT|O_WRONLY|O_TRUNC".into()),
                };
                let full = self.resolve(dirfd, &path);
                let Some(rel) = self.rel(&full) else {
                    self.fds.remove(&ret);
                    return Ok(());
                };
                if rel.is_empty() || rel == ".." || self.fs.dirs.contains(&rel) {
                    self.fds.insert(
                        ret,
                        FdInfo {
                            ino: None,
                            dir: Some(rel),
                            pos: 0,
                            append: false,
                        },
                    );
                    return Ok(());
                }
                let ino = match self.fs.names.get(&rel) {
                    Some(i) => *i,
                    None => {
                        if !flags.contains("O_CREAT") {
                            return Err(format!(
                                "{name} of {rel} succeeded but it does not exist in the model"
                            ));
                        }
                        let ino = self.fs.files.len();
                        self.push(Op::Create { name: rel, ino });
                        ino
                    }
                };
                if flags.contains("O_TRUNC") && !self.fs.files[ino].is_empty() {
                    self.push(Op::SetLen { ino, len: 0 });
                }
                self.fds.insert(
                    ret,
                    FdInfo {
                        ino: Some(ino),
                        dir: None,
                        pos: 0,
                        append: flags.contains("O_APPEND"),
                    },
                );
            }
            "write" => self.data_write(a(0), None, string_arg(a(1)), ret),
            "pwrite64" => {
                let off = num_arg(a(3)) as u64;
                self.data_write(a(0), Some(off), string_arg(a(1)), ret)
            }
            "writev" => self.data_write(a(0), None, strings_in(a(1)), ret),
            "pwritev" | "pwritev2" => {
                let off = num_arg(a(3)) as u64;
                self.data_write(a(0), Some(off), strings_in(a(1)), ret)
            }
            "lseek" => {
                let (n, _) = fd_arg(a(0));
                if let Some(f) = self.fds.get_mut(&n) {
                    f.pos = ret as u64;
                }
            }
            "fsync" | "fdatasync" => {
                let (n, _) = fd_arg(a(0));
                if let Some(f) = self.fds.get(&n).cloned() {
                    if let Some(ino) = f.ino {
                        self.push(Op::Sync {
                            ino,
                            full: name == "fsync",
                        });
                    } else if let Some(dir) = f.dir {
                        self.push(Op::DirSync { dir });
                    }
                }
            }
            "sync_file_range" => {
                let (n, _) = fd_arg(a(0));
                if self.fds.get(&n).is_some_and(|f| f.ino.is_some()) {
                    return Err("sync_file_range on a vault file: not modelled".into());
                }
            }
            "ftruncate" => {
                let (n, _) = fd_arg(a(0));
                if let Some(ino) = self.fds.get(&n).and_then(|f| f.ino) {
                    self.push(Op::SetLen {
                        ino,
                        len: num_arg(a(1)) as u64,
                    });
                }
            }
            "truncate" => {
                let full = self.resolve(None, &string_arg(a(0)));
                if let Some(rel) = self.rel(&full) {
                    let ino = self.fs.names[&rel];
                    self.push(Op::SetLen {
                        ino,
                        len: num_arg(a(1)) as u64,
                    });
                }
            }
            "fallocate" => {
                let (n, _) = fd_arg(a(0));
                if let Some(ino) = self.fds.get(&n).and_then(|f| f.ino) {
                    if a(1) != "0" {
                        return Err(format!(
                            "fallocate mode {} on a vault file: not modelled",
                            a(1)
                        ));
                    }
                    let end = (num_arg(a(2)) + num_arg(a(3))) as u64;
                    if end > self.fs.files[ino].len() as u64 {
                        self.push(Op::SetLen { ino, len: end });
                    }
                }
            }
            "rename" | "renameat" | "renameat2" => {
                let (from, to) = if name == "rename" {
                    (
                        self.resolve(None, &string_arg(a(0))),
                        self.resolve(None, &string_arg(a(1))),
                    )
                } else {
                    (
                        self.resolve(Some(a(0)), &string_arg(a(1))),
                        self.resolve(Some(a(2)), &string_arg(a(3))),
                    )
                };
                if name == "renameat2" && a(4) != "0" {
                    return Err(format!("renameat2 flags {}: not modelled", a(4)));
                }
                match (self.rel(&from), self.rel(&to)) {
                    (Some(f), Some(t)) => self.push(Op::Rename { from: f, to: t }),
                    (None, None) => {}
                    _ => return Err("a rename into or out of the vault: not modelled".into()),
                }
            }
            "unlink" | "unlinkat" | "rmdir" => {
                let (full, dir) = match name {
                    "unlink" => (self.resolve(None, &string_arg(a(0))), false),
                    "rmdir" => (self.resolve(None, &string_arg(a(0))), true),
                    _ => (
                        self.resolve(Some(a(0)), &string_arg(a(1))),
                        a(2).contains("AT_REMOVEDIR"),
                    ),
                };
                if let Some(rel) = self.rel(&full) {
                    if dir {
                        self.push(Op::Rmdir { name: rel });
                    } else {
                        self.push(Op::Unlink { name: rel });
                    }
                }
            }
            "link" | "linkat" => {
                let (from, to) = if name == "link" {
                    (
                        self.resolve(None, &string_arg(a(0))),
                        self.resolve(None, &string_arg(a(1))),
                    )
                } else {
                    (
                        self.resolve(Some(a(0)), &string_arg(a(1))),
                        self.resolve(Some(a(2)), &string_arg(a(3))),
                    )
                };
                match (self.rel(&from), self.rel(&to)) {
                    (Some(f), Some(t)) => self.push(Op::Link { from: f, to: t }),
                    (None, None) => {}
                    _ => return Err("a link into or out of the vault: not modelled".into()),
                }
            }
            "mkdir" | "mkdirat" => {
                let full = if name == "mkdir" {
                    self.resolve(None, &string_arg(a(0)))
                } else {
                    self.resolve(Some(a(0)), &string_arg(a(1)))
                };
                if let Some(rel) = self.rel(&full) {
                    self.push(Op::Mkdir { name: rel });
                }
            }
            "close" => {
                let (n, _) = fd_arg(a(0));
                self.fds.remove(&n);
            }
            "dup" | "dup2" | "dup3" => {
                let (n, _) = fd_arg(a(0));
                if let Some(f) = self.fds.get(&n).cloned() {
                    self.fds.insert(ret, f);
                } else {
                    self.fds.remove(&ret);
                }
            }
            "fcntl" if a(1).starts_with("F_DUPFD") => {
                let (n, _) = fd_arg(a(0));
                if let Some(f) = self.fds.get(&n).cloned() {
                    self.fds.insert(ret, f);
                }
            }
            "mmap" => {
                let (n, _) = fd_arg(a(4));
                if self.fds.get(&n).is_some_and(|f| f.ino.is_some())
                    && a(3).contains("MAP_SHARED")
                    && a(2).contains("PROT_WRITE")
                {
                    return Err("a writable shared mapping of a vault file: not modelled".into());
                }
            }
            _ => {}
        }
        let _ = ret_text;
        Ok(())
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Parse an strace log into the operation log on `vault`, replaying it from `initial`.
pub fn parse(text: &str, vault: &Path, initial: &Fs) -> Result<Vec<Op>, String> {
    let mut r = Replay {
        vault,
        parent: vault.parent().unwrap().to_path_buf(),
        fs: initial.clone(),
        fds: HashMap::new(),
        ops: vec![],
    };
    let mut pending: HashMap<String, String> = HashMap::new();
    for raw in text.lines() {
        let raw = raw.trim_end();
        let (pid, rest) = match raw.split_once(' ') {
            Some((p, r)) if p.chars().all(|c| c.is_ascii_digit()) => (p.to_owned(), r.trim_start()),
            _ => (String::new(), raw),
        };
        if rest.starts_with("+++") || rest.starts_with("---") {
            continue;
        }
        let line: String = if let Some(head) = rest.strip_suffix(" <unfinished ...>") {
            pending.insert(pid, head.to_owned());
            continue;
        } else if rest.starts_with("<... ") {
            let Some(head) = pending.remove(&pid) else {
                return Err(format!("a resumed call without its start: {raw}"));
            };
            let tail = &rest[rest.find("resumed>").unwrap() + "resumed>".len()..];
            format!("{head}{tail}")
        } else {
            rest.to_owned()
        };
        let Some(open) = line.find('(') else { continue };
        let name = &line[..open];
        let Some(close) = line.rfind(") = ") else {
            // e.g. a call that never returned (exit_group).
            continue;
        };
        let ret_text = line[close + 4..].trim();
        let ret_num = ret_text.split([' ', '<']).next().unwrap_or("-1");
        let ret: i64 = if let Some(h) = ret_num.strip_prefix("0x") {
            i64::from_str_radix(h, 16).unwrap_or(0)
        } else {
            ret_num.parse().unwrap_or(-1)
        };
        if ret < 0 || ret_num == "?" {
            continue;
        }
        let args = split_args(&line[open + 1..close]);
        r.line(name, &args, ret, ret_text)
            .map_err(|e| format!("{e}\nline: {}", &line[..line.len().min(300)]))?;
    }
    Ok(r.ops)
}
