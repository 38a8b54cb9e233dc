//! The on-disk states a power cut can leave, from the state before a command and its
//! operation log (see docs/testing.md, "Power-loss states", for the model in prose).
//!
//! A crash point `c` means: operations `0..c` were issued, nothing after. For each crash
//! point the model gives a space of states:
//!
//! - **Namespace (M1, M2).** Creates, links, renames, unlinks, mkdir and rmdir go to the
//!   ext4 journal in program order, so a crash leaves a *prefix* of them: `p` of the `M`
//!   namespace operations issued, with `lo ≤ p ≤ M`. `lo` (strict) counts the namespace
//!   operations issued before the last completed fsync of a directory. `lo_ext4` counts
//!   those before the last completed fsync of a directory *or a file*: on ext4 (jbd2, no
//!   fast_commit) fsync of a written file commits the running journal transaction, which
//!   holds every earlier namespace operation. A state is tagged ext4-reachable when
//!   `p ≥ lo_ext4`; the strict states (`lo ≤ p < lo_ext4`) are explored too.
//! - **File data (D1).** For each inode, everything up to its last completed
//!   fsync/fdatasync is durable (`base`). Every 4 KiB block written after that holds, after
//!   the crash, *any* of the contents that block had since `base` (the page cache may have
//!   written it back at any moment, blocks independently, in any order): any subset of the
//!   later writes, at block granularity, each block at any of its intermediate versions.
//! - **Size (D2).** The file's size is any of the sizes it had since `base` (i_size is
//!   journaled; ordering with data is not assumed), zero-filled when larger than the data.
//!   data=ordered: a block past `base`'s end is never exposed as stale data; it holds a
//!   version that was written to it.
//! - **Torn sectors (D3, sampled).** A block whose write-back was interrupted holds a
//!   mixture of two of its versions, per 512-byte sector.
//! - **Rename over a file without fsync (A1, auto_da_alloc).** ext4 flushes the data of a
//!   file renamed over an existing one before the rename commits. The model does not
//!   relax or apply this rule: it counts such renames (`renames_without_sync`); sandyk
//!   makes none (it syncs the temporary file first), so no state depends on it.

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

use super::trace::{Fs, Op, Recording};

pub const BLOCK: usize = 4096;
pub const SECTOR: usize = 512;

/// Where one inode can be after a crash.
#[derive(Debug, Clone)]
struct InoSpace {
    ino: usize,
    base: Vec<u8>,
    sizes: Vec<u64>,
    /// Blocks that differ from `base` in some version since it: (index, options).
    blocks: Vec<(usize, Vec<Vec<u8>>)>,
}

/// Every state reachable at one crash point.
#[derive(Debug)]
pub struct Space {
    pub crash_point: usize,
    meta: Vec<Op>,
    pub lo: usize,
    pub lo_ext4: usize,
    inodes: Vec<InoSpace>,
    /// Inodes with no change since their base: their content as is.
    fixed: BTreeMap<usize, Vec<u8>>,
    initial: Fs,
    /// Per changing inode: its size and, per block, the option equal to its content at the
    /// crash point (what the program had written).
    finals: Vec<(usize, Vec<usize>)>,
}

/// One chosen state.
#[derive(Debug, Clone)]
pub struct State {
    pub fs: Fs,
    pub crash_point: usize,
    /// Namespace operations durable (of `meta_total`).
    pub prefix: usize,
    pub meta_total: usize,
    pub ext4: bool,
    pub torn: bool,
    /// Nothing lost: every namespace op and every block as the program left them at the
    /// crash point (a self-check: after the exit this is the state after).
    pub all_new: bool,
}

/// A tiny deterministic generator (splitmix64): reproducible samples without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub fn seed_of(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn block_of(content: &[u8], b: usize) -> Option<Vec<u8>> {
    let start = b * BLOCK;
    if start >= content.len() {
        return None;
    }
    let mut v = content[start..content.len().min(start + BLOCK)].to_vec();
    v.resize(BLOCK, 0);
    Some(v)
}

/// Build the space for crash point `c` (operations `0..c` issued).
pub fn space(rec: &Recording, c: usize) -> Space {
    let mut cur = rec.initial.clone();
    let mut base: BTreeMap<usize, Vec<u8>> = cur.files.iter().cloned().enumerate().collect();
    let mut hist: BTreeMap<usize, Vec<Vec<u8>>> = BTreeMap::new();
    let mut meta = vec![];
    let (mut lo, mut lo_ext4) = (0, 0);
    for op in &rec.ops[..c] {
        cur.apply(op);
        match op {
            Op::Create { ino, .. } => {
                base.entry(*ino).or_default();
            }
            Op::Write { ino, .. } | Op::SetLen { ino, .. } => {
                hist.entry(*ino).or_default().push(cur.files[*ino].clone());
            }
            Op::Sync { ino, full } => {
                base.insert(*ino, cur.files[*ino].clone());
                hist.remove(ino);
                if *full {
                    lo_ext4 = meta.len();
                }
            }
            Op::DirSync { .. } => {
                lo = meta.len();
                lo_ext4 = meta.len();
            }
            _ => {}
        }
        if op.is_meta() {
            meta.push(op.clone());
        }
    }
    let mut inodes = vec![];
    let mut fixed = BTreeMap::new();
    for (ino, b) in base {
        let Some(h) = hist.get(&ino) else {
            fixed.insert(ino, b);
            continue;
        };
        let mut sizes = vec![b.len() as u64];
        for v in h {
            if !sizes.contains(&(v.len() as u64)) {
                sizes.push(v.len() as u64);
            }
        }
        let max = h.iter().map(Vec::len).max().unwrap_or(0).max(b.len());
        let mut blocks = vec![];
        for blk in 0..max.div_ceil(BLOCK) {
            let old = block_of(&b, blk);
            let mut opts: Vec<Vec<u8>> = vec![];
            if let Some(o) = &old {
                opts.push(o.clone());
            }
            for v in h {
                if let Some(x) = block_of(v, blk) {
                    if !opts.contains(&x) {
                        opts.push(x);
                    }
                }
            }
            let beyond = old.is_none();
            if opts.len() > 1 || (beyond && !opts.is_empty()) {
                blocks.push((blk, opts));
            }
        }
        inodes.push(InoSpace {
            ino,
            base: b,
            sizes,
            blocks,
        });
    }
    let finals = inodes
        .iter()
        .map(|i| {
            let now = &cur.files[i.ino];
            let size = i.sizes.iter().position(|s| *s == now.len() as u64).unwrap();
            let blocks = i
                .blocks
                .iter()
                .map(|(b, opts)| {
                    block_of(now, *b)
                        .and_then(|x| opts.iter().position(|o| *o == x))
                        .unwrap_or(0)
                })
                .collect();
            (size, blocks)
        })
        .collect();
    Space {
        finals,
        crash_point: c,
        meta,
        lo,
        lo_ext4: lo_ext4.max(lo),
        inodes,
        fixed,
        initial: rec.initial.clone(),
    }
}

/// A choice: prefix, then per inode a size index and per block an option index (and an
/// optional tear: the option it is torn with and a sector mask).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Choice {
    prefix: usize,
    sizes: Vec<usize>,
    blocks: Vec<Vec<BlockChoice>>,
}

/// A block's chosen option, and an optional tear (the other option and the sectors taken
/// from it).
type BlockChoice = (usize, Option<(usize, u8)>);

impl Space {
    /// How many states (without tears) the space holds, saturating.
    pub fn size(&self) -> u128 {
        let mut n: u128 = (self.meta.len() - self.lo + 1) as u128;
        for i in &self.inodes {
            n = n.saturating_mul(i.sizes.len() as u128);
            for (_, o) in &i.blocks {
                n = n.saturating_mul(o.len() as u128);
            }
        }
        n
    }

    fn dims(&self) -> Vec<usize> {
        let mut d = vec![self.meta.len() - self.lo + 1];
        for i in &self.inodes {
            d.push(i.sizes.len());
            for (_, o) in &i.blocks {
                d.push(o.len());
            }
        }
        d
    }

    fn choice_from(&self, digits: &[usize]) -> Choice {
        let mut it = digits.iter();
        let prefix = self.lo + *it.next().unwrap();
        let mut sizes = vec![];
        let mut blocks = vec![];
        for i in &self.inodes {
            sizes.push(*it.next().unwrap());
            blocks.push(
                i.blocks
                    .iter()
                    .map(|_| (*it.next().unwrap(), None))
                    .collect(),
            );
        }
        Choice {
            prefix,
            sizes,
            blocks,
        }
    }

    /// The extreme choices: nothing since the last syncs / everything, at both ends of the
    /// namespace prefix.
    fn corners(&self) -> Vec<Choice> {
        let dims = self.dims();
        let mut out = vec![];
        for p in [0, dims[0] - 1] {
            for newest in [false, true] {
                let mut d: Vec<usize> = dims
                    .iter()
                    .map(|n| if newest { n - 1 } else { 0 })
                    .collect();
                d[0] = p;
                let c = self.choice_from(&d);
                out.push(self.fix_newest(c, newest));
            }
        }
        out
    }

    fn fix_newest(&self, mut c: Choice, newest: bool) -> Choice {
        if newest {
            c.sizes = self.finals.iter().map(|(s, _)| *s).collect();
            c.blocks = self
                .finals
                .iter()
                .map(|(_, b)| b.iter().map(|o| (*o, None)).collect())
                .collect();
        }
        c
    }

    /// Materialize a choice.
    fn build(&self, ch: &Choice) -> State {
        let mut fs = self.initial.clone();
        for op in &self.meta[..ch.prefix] {
            fs.apply_meta(op);
        }
        let n = self
            .inodes
            .iter()
            .map(|i| i.ino + 1)
            .chain(self.fixed.keys().map(|k| k + 1))
            .max()
            .unwrap_or(0);
        fs.files.resize(n.max(fs.files.len()), vec![]);
        for (ino, content) in &self.fixed {
            fs.files[*ino] = content.clone();
        }
        let mut torn = false;
        let mut all_new = true;
        for (k, i) in self.inodes.iter().enumerate() {
            let size = i.sizes[ch.sizes[k]] as usize;
            if ch.sizes[k] != self.finals[k].0 {
                all_new = false;
            }
            let mut data = i.base.clone();
            for (j, (blk, opts)) in i.blocks.iter().enumerate() {
                let (o, tear) = ch.blocks[k][j];
                if o != self.finals[k].1[j] || tear.is_some() {
                    all_new = false;
                }
                let mut b = opts[o].clone();
                if let Some((other, mask)) = tear {
                    torn = true;
                    for s in 0..BLOCK / SECTOR {
                        if mask & (1 << s) != 0 {
                            b[s * SECTOR..(s + 1) * SECTOR]
                                .copy_from_slice(&opts[other][s * SECTOR..(s + 1) * SECTOR]);
                        }
                    }
                }
                let start = blk * BLOCK;
                if data.len() < start + BLOCK {
                    data.resize(start + BLOCK, 0);
                }
                data[start..start + BLOCK].copy_from_slice(&b);
            }
            data.resize(size, 0);
            fs.files[i.ino] = data;
        }
        State {
            fs,
            crash_point: self.crash_point,
            prefix: ch.prefix,
            meta_total: self.meta.len(),
            ext4: ch.prefix >= self.lo_ext4,
            torn,
            all_new: all_new && ch.prefix == self.meta.len(),
        }
    }

    /// Up to `cap` states of this crash point: all of them when the space is small enough,
    /// else the corners and a seeded random sample; `tear_every` > 0 tears one block in
    /// every `tear_every`-th sampled state.
    pub fn states(&self, cap: usize, seed: u64, tear_every: usize) -> Vec<State> {
        let dims = self.dims();
        let mut out = vec![];
        let total = self.size();
        let mut seen: HashSet<Choice> = HashSet::new();
        if total <= cap as u128 {
            let mut d = vec![0usize; dims.len()];
            loop {
                let c = self.choice_from(&d);
                out.push(self.build(&c));
                // Next in mixed radix.
                let mut k = 0;
                loop {
                    if k == d.len() {
                        return self.with_tears(out, seed, tear_every);
                    }
                    d[k] += 1;
                    if d[k] < dims[k] {
                        break;
                    }
                    d[k] = 0;
                    k += 1;
                }
            }
        }
        for c in self.corners() {
            if seen.insert(c.clone()) {
                out.push(self.build(&c));
            }
        }
        let mut rng = Rng::new(seed);
        let mut tries = 0;
        while out.len() < cap && tries < cap * 20 {
            tries += 1;
            let d: Vec<usize> = dims.iter().map(|n| rng.below(*n)).collect();
            let c = self.choice_from(&d);
            if seen.insert(c.clone()) {
                out.push(self.build(&c));
            }
        }
        self.with_tears(out, seed ^ 0x7ea2, tear_every)
    }

    /// Add torn variants: for every `tear_every`-th state, one more state where one block
    /// with two or more versions is torn between the chosen version and another.
    fn with_tears(&self, mut out: Vec<State>, seed: u64, tear_every: usize) -> Vec<State> {
        if tear_every == 0 {
            return out;
        }
        let multi: Vec<(usize, usize)> = self
            .inodes
            .iter()
            .enumerate()
            .flat_map(|(k, i)| {
                i.blocks
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, o))| o.len() > 1)
                    .map(move |(j, _)| (k, j))
            })
            .collect();
        if multi.is_empty() {
            return out;
        }
        let mut rng = Rng::new(seed);
        let n = out.len();
        for _ in 0..n.div_ceil(tear_every) {
            let d: Vec<usize> = self.dims().iter().map(|n| rng.below(*n)).collect();
            let mut c = self.choice_from(&d);
            let (k, j) = multi[rng.below(multi.len())];
            let opts = self.inodes[k].blocks[j].1.len();
            let chosen = c.blocks[k][j].0;
            let mut other = rng.below(opts);
            if other == chosen {
                other = (other + 1) % opts;
            }
            let mut mask = (rng.next() & 0xff) as u8;
            if mask == 0 || mask == 0xff {
                mask = 0x0f;
            }
            c.blocks[k][j].1 = Some((other, mask));
            out.push(self.build(&c));
        }
        out
    }
}

/// A hash of what a reader would see in a state (for deduplication within a command).
pub fn fingerprint(fs: &Fs) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    fs.view().hash(&mut h);
    h.finish()
}

/// The namespace operations of the whole run that are not durable when `prefix` are, as
/// text (for reports).
pub fn pending_meta(rec: &Recording, prefix: usize) -> String {
    let lost: Vec<String> = rec
        .ops
        .iter()
        .filter(|o| o.is_meta())
        .skip(prefix)
        .map(Op::short)
        .collect();
    format!("not durable: {}", lost.join(", "))
}
