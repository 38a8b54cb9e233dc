//! Looking at directories: their files, bytes and modification times.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Every byte of every file under `dir`.
pub fn all_bytes_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p, b));
            }
        }
    }
    out
}

/// Every file under `dir` (relative paths), sorted.
pub fn tree(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = all_bytes_under(dir)
        .into_iter()
        .map(|(p, _)| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

/// Name → (bytes, mtime) of every file directly in `dir`.
pub fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let md = e.metadata().unwrap();
        if md.is_file() {
            m.insert(
                e.file_name().to_string_lossy().into_owned(),
                (std::fs::read(e.path()).unwrap(), md.modified().unwrap()),
            );
        }
    }
    m
}

/// The names of the entries in `dir`, sorted; panics when `dir` cannot be read.
pub fn names(dir: &Path) -> Vec<String> {
    assert!(dir.is_dir(), "{} is not a directory", dir.display());
    names_in(dir)
}

/// The entries of a vault directory, sorted, without an idle journal: the database keeps
/// `sandyk.db-journal` between transactions (journal_mode = PERSIST, docs/format.md), its
/// first byte zeroed by each commit. A hot journal (non-zero first byte) stays listed.
pub fn vault_names(dir: &Path) -> Vec<String> {
    let idle = |n: &str| {
        n == "sandyk.db-journal"
            && std::fs::read(dir.join(n)).is_ok_and(|b| b.first().is_none_or(|x| *x == 0))
    };
    names(dir).into_iter().filter(|n| !idle(n)).collect()
}

/// The names of the entries in `dir`, sorted; empty when `dir` does not exist.
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

/// Copy every file of `from` into the (new) directory `to`.
/// Copy a vault directory: its files and its subdirectories (the attachment store).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let t = e.file_type().unwrap();
        if t.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        } else if t.is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        }
    }
}

/// Total size of the regular files under `dir`, recursively (the database and the
/// attachment store grow during an intake).
pub fn bytes_under(dir: &Path) -> u64 {
    let mut n = 0;
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    for e in rd.flatten() {
        match e.file_type() {
            Ok(t) if t.is_dir() => n += bytes_under(&e.path()),
            Ok(t) if t.is_file() => n += e.metadata().map(|m| m.len()).unwrap_or(0),
            _ => {}
        }
    }
    n
}
