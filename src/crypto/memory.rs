//! Keeping secrets and plaintext out of memory: a wiping global allocator, page-locked
//! secret storage and a stack scrub.
//!
//! Three mechanisms, each small enough to check by reading (design in SECURITY.md, "Memory"):
//!
//! - [`WipeAlloc`]: a `GlobalAlloc` around the system allocator that overwrites every heap
//!   block with zeros before it is freed, and the old block when a reallocation moves it. The
//!   binary installs it (`src/main.rs`); it covers every Rust allocation in the process,
//!   including those of third-party crates (serde_json, zxcvbn, clap…). It does not cover
//!   memory C code gets from `malloc` directly (SQLCipher wipes its own with
//!   `cipher_memory_security`), nor the stack (see [`scrub_stack`]), nor buffers that are
//!   never freed (the standard library's stdin/stdout buffers).
//! - [`LockedBytes`] / [`LockedArray`]: secret storage in pages of their own (anonymous
//!   `mmap`), locked in RAM with `mlock` (best effort: a low `RLIMIT_MEMLOCK` leaves them
//!   unlocked but still private), excluded from core dumps with `MADV_DONTDUMP`, wiped and
//!   unmapped on drop. Every value has its *own* pages, so unlocking (munmap) one never
//!   unlocks a page another secret still lives in: `mlock` counts per page, not per object,
//!   and a shared page unlocked early would be a silent bug. The price is a page (4 KiB) per
//!   secret; a run holds a handful.
//! - [`scrub_stack`]: overwrites a span of the calling thread's stack below the current
//!   frame, where earlier, deeper calls left copies (formatting, parsing).
//!
//! The allocator must not allocate: it calls only `malloc`/`free` (through `System`),
//! `malloc_usable_size` and `explicit_bzero`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Overwrite `len` bytes at `ptr` with zeros in a way the compiler may not remove as a dead
/// store (the memory is about to be freed, which is exactly when an optimiser drops a memset).
///
/// # Safety
/// `ptr..ptr+len` must be valid for writes.
#[inline]
pub unsafe fn wipe_raw(ptr: *mut u8, len: usize) {
    if len == 0 {
        return;
    }
    #[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
    // SAFETY: the caller guarantees the range is writable; explicit_bzero is memset that the
    // compiler cannot see through.
    unsafe {
        libc::explicit_bzero(ptr.cast(), len);
    }
    #[cfg(not(all(target_os = "linux", any(target_env = "gnu", target_env = "musl"))))]
    // SAFETY: as above; zeroize uses volatile writes and a compiler fence.
    unsafe {
        zeroize::Zeroize::zeroize(std::slice::from_raw_parts_mut(ptr, len));
    }
}

/// Overwrite a byte slice with zeros (not removable by the optimiser).
pub fn wipe(buf: &mut [u8]) {
    // SAFETY: a valid mutable slice.
    unsafe { wipe_raw(buf.as_mut_ptr(), buf.len()) }
}

/// The whole extent of a heap block: what `malloc` really gave (at least `layout.size()`).
/// A block shrunk in place by [`WipeAlloc::realloc`] keeps its old extent, and the tail must
/// be wiped too.
#[inline]
unsafe fn extent(ptr: *mut u8, layout: Layout) -> usize {
    #[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
    {
        // SAFETY: `ptr` came from malloc/posix_memalign (System on Linux) and is live.
        let n = unsafe { libc::malloc_usable_size(ptr.cast()) };
        n.max(layout.size())
    }
    #[cfg(not(all(target_os = "linux", any(target_env = "gnu", target_env = "musl"))))]
    {
        let _ = ptr;
        layout.size()
    }
}

/// Whether [`WipeAlloc`] may grow or shrink a block in place (only where it can learn a
/// block's real extent; elsewhere every reallocation moves, and the old block is wiped).
const IN_PLACE: bool = cfg!(all(
    target_os = "linux",
    any(target_env = "gnu", target_env = "musl")
));

/// A global allocator that wipes every heap block when it is freed.
///
/// - `dealloc`: zero the block's whole extent (`malloc_usable_size`), then free it.
/// - `realloc`: if the new size fits the block's extent (and does not waste more than half of
///   it), keep the block; otherwise allocate a new block, copy, wipe and free the old one.
///   The system `realloc` is never called: it may move the data and free the old block
///   without wiping it.
/// - `alloc`, `alloc_zeroed`: the system allocator's.
///
/// Install it in the binary:
/// ```ignore
/// #[global_allocator]
/// static ALLOC: sandyk::crypto::memory::WipeAlloc = sandyk::crypto::memory::WipeAlloc;
/// ```
pub struct WipeAlloc;

/// Whether [`WipeAlloc`] wipes (always, except in the memory test's negative control).
static WIPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Turn the wiping of freed blocks off or on. Only the memory test's negative control turns
/// it off (through a debug build of the binary); release builds never call it.
pub fn set_wiping(on: bool) {
    WIPING.store(on, Ordering::Relaxed);
}

/// Bytes wiped by [`WipeAlloc`] so far (for tests; a relaxed counter, one add per free).
static WIPED: AtomicUsize = AtomicUsize::new(0);

/// How many bytes [`WipeAlloc`] has wiped in this process (0 when it is not installed).
pub fn wiped_bytes() -> usize {
    WIPED.load(Ordering::Relaxed)
}

// SAFETY: every method forwards to `System` with the layout it was given (or a layout of the
// same alignment), and only writes inside blocks it owns before freeing them.
unsafe impl GlobalAlloc for WipeAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        unsafe { System.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is a live block of ours; its extent is writable until freed.
        unsafe {
            if WIPING.load(Ordering::Relaxed) {
                let n = extent(ptr, layout);
                wipe_raw(ptr, n);
                WIPED.fetch_add(n, Ordering::Relaxed);
            }
            System.dealloc(ptr, layout);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is live with `layout`; the new layout has the same (valid) alignment
        // and a size the caller guarantees does not overflow when rounded.
        unsafe {
            if IN_PLACE {
                let have = extent(ptr, layout);
                if new_size <= have && new_size >= have / 2 {
                    // The block already spans the new size; `dealloc` later wipes the whole
                    // extent, whatever size it is then told.
                    return ptr;
                }
            }
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let new = System.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

fn page_size() -> usize {
    static PAGE: AtomicUsize = AtomicUsize::new(0);
    let p = PAGE.load(Ordering::Relaxed);
    if p != 0 {
        return p;
    }
    // SAFETY: sysconf has no memory-safety preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    let p = if p > 0 { p as usize } else { 4096 };
    PAGE.store(p, Ordering::Relaxed);
    p
}

/// Pages of our own: anonymous, private, excluded from core dumps, optionally locked.
struct Region {
    ptr: *mut u8,
    len: usize,
    locked: bool,
}

// SAFETY: a Region is uniquely owned memory, like a Box<[u8]>.
unsafe impl Send for Region {}
// SAFETY: shared access is read-only through `&`.
unsafe impl Sync for Region {}

/// How many secret pages are currently locked, and how many could not be (for `check` and
/// tests).
static LOCKED_PAGES: AtomicUsize = AtomicUsize::new(0);
static UNLOCKED_PAGES: AtomicUsize = AtomicUsize::new(0);

/// Pages of secret storage currently locked in RAM, and pages `mlock` refused (best effort:
/// `RLIMIT_MEMLOCK`).
pub fn locked_pages() -> (usize, usize) {
    (
        LOCKED_PAGES.load(Ordering::Relaxed),
        UNLOCKED_PAGES.load(Ordering::Relaxed),
    )
}

impl Region {
    /// `len` bytes (rounded up to whole pages, at least one), zero-filled.
    fn new(len: usize, lock: bool) -> Region {
        let page = page_size();
        let len = len.max(1).div_ceil(page) * page;
        // SAFETY: an anonymous private mapping; no pointer arguments.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            std::alloc::handle_alloc_error(
                Layout::from_size_align(len, page).unwrap_or(Layout::new::<u8>()),
            );
        }
        let mut r = Region {
            ptr: ptr.cast(),
            len,
            locked: false,
        };
        // SAFETY: advice and locking on our own fresh mapping. Both are best effort: a kernel
        // without MADV_DONTDUMP or a low RLIMIT_MEMLOCK does not make the secret unusable.
        unsafe {
            #[cfg(target_os = "linux")]
            libc::madvise(ptr, len, libc::MADV_DONTDUMP);
            if lock {
                if libc::mlock(ptr, len) == 0 {
                    r.locked = true;
                    LOCKED_PAGES.fetch_add(len / page, Ordering::Relaxed);
                } else {
                    UNLOCKED_PAGES.fetch_add(len / page, Ordering::Relaxed);
                }
            }
        }
        r
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: the mapping is `len` readable bytes for our lifetime.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as above, uniquely borrowed.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        // SAFETY: our own mapping, wiped and then unmapped (which also unlocks it; no other
        // value shares these pages).
        unsafe {
            wipe_raw(self.ptr, self.len);
            libc::munmap(self.ptr.cast(), self.len);
        }
        if self.locked {
            LOCKED_PAGES.fetch_sub(self.len / page_size(), Ordering::Relaxed);
        }
    }
}

/// A fixed-capacity byte buffer in locked, non-dumpable pages of its own; wiped on drop.
/// It never reallocates: `push` past the capacity fails instead.
pub struct LockedBytes {
    region: Region,
    len: usize,
    cap: usize,
}

impl LockedBytes {
    /// An empty buffer that can hold `cap` bytes.
    pub fn with_capacity(cap: usize) -> LockedBytes {
        LockedBytes {
            region: Region::new(cap, true),
            len: 0,
            cap,
        }
    }

    /// A copy of `b` (capacity exactly `b.len()`).
    pub fn from_slice(b: &[u8]) -> LockedBytes {
        let mut l = LockedBytes::with_capacity(b.len());
        l.extend_from_slice(b).expect("capacity is the length");
        l
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn capacity(&self) -> usize {
        self.cap
    }

    /// Append one byte; Err when full (nothing is written).
    pub fn push(&mut self, b: u8) -> Result<(), Full> {
        if self.len == self.cap {
            return Err(Full);
        }
        self.region.bytes_mut()[self.len] = b;
        self.len += 1;
        Ok(())
    }

    /// Append a slice; Err when it does not fit (nothing is written).
    pub fn extend_from_slice(&mut self, b: &[u8]) -> Result<(), Full> {
        if b.len() > self.cap - self.len {
            return Err(Full);
        }
        let at = self.len;
        self.region.bytes_mut()[at..at + b.len()].copy_from_slice(b);
        self.len += b.len();
        Ok(())
    }

    /// Remove and wipe the last byte.
    pub fn pop(&mut self) -> Option<u8> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        let at = self.len;
        let b = self.region.bytes()[at];
        wipe(&mut self.region.bytes_mut()[at..at + 1]);
        Some(b)
    }

    /// Whether the pages were locked in RAM (`mlock` succeeded).
    pub fn is_locked(&self) -> bool {
        self.region.locked
    }
}

/// A [`LockedBytes`] or [`LockedArray`] is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

impl Deref for LockedBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.region.bytes()[..self.len]
    }
}

impl DerefMut for LockedBytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        let n = self.len;
        &mut self.region.bytes_mut()[..n]
    }
}

/// `N` bytes in locked, non-dumpable pages of their own (a key); zero-filled when made,
/// wiped on drop. Dereferences to `[u8; N]`.
pub struct LockedArray<const N: usize> {
    region: Region,
}

impl<const N: usize> LockedArray<N> {
    /// All zeros.
    pub fn zeroed() -> LockedArray<N> {
        LockedArray {
            region: Region::new(N, true),
        }
    }
}

impl<const N: usize> Default for LockedArray<N> {
    fn default() -> Self {
        Self::zeroed()
    }
}

impl<const N: usize> Clone for LockedArray<N> {
    fn clone(&self) -> Self {
        let mut c = Self::zeroed();
        c.copy_from_slice(&self[..]);
        c
    }
}

impl<const N: usize> Deref for LockedArray<N> {
    type Target = [u8; N];
    fn deref(&self) -> &[u8; N] {
        let s = &self.region.bytes()[..N];
        s.try_into().expect("region holds N bytes")
    }
}

impl<const N: usize> DerefMut for LockedArray<N> {
    fn deref_mut(&mut self) -> &mut [u8; N] {
        let s = &mut self.region.bytes_mut()[..N];
        s.try_into().expect("region holds N bytes")
    }
}

/// Zero-filled working memory of `len` bytes in pages of its own, excluded from core dumps,
/// not locked (it may be large: the Argon2 block memory), wiped and unmapped on drop.
pub struct WorkMemory {
    region: Region,
}

impl WorkMemory {
    pub fn new(len: usize) -> WorkMemory {
        WorkMemory {
            region: Region::new(len, false),
        }
    }

    /// The memory as a slice of `T` (a plain-data type, e.g. Argon2's `Block`, whose every
    /// bit pattern is valid and whose alignment is at most a page).
    ///
    /// # Safety
    /// `T` must be valid for any bit pattern (all-zero included) and have no drop glue.
    pub unsafe fn as_mut_slice_of<T: Copy>(&mut self, n: usize) -> &mut [T] {
        assert!(std::mem::align_of::<T>() <= page_size());
        assert!(n.saturating_mul(std::mem::size_of::<T>()) <= self.region.len);
        // SAFETY: aligned (page-aligned base), in bounds (checked), valid bit patterns
        // (caller), uniquely borrowed.
        unsafe { std::slice::from_raw_parts_mut(self.region.ptr.cast::<T>(), n) }
    }
}

/// Overwrite about `bytes` of the calling thread's stack below this frame with zeros: the
/// space earlier, deeper calls used (and left copies in). Call it near the top of the stack
/// (the end of `main`), with well under the thread's stack size (the main thread has 8 MiB
/// by default; the binary uses 256 KiB).
#[inline(never)]
pub fn scrub_stack(bytes: usize) {
    const CHUNK: usize = 4 * 1024;
    #[inline(never)]
    fn go(left: usize) {
        let mut buf = [0u8; CHUNK];
        wipe(&mut buf);
        std::hint::black_box(&mut buf);
        if left > CHUNK {
            go(left - CHUNK);
        }
        std::hint::black_box(&buf);
    }
    go(bytes);
}

/// [`scrub_stack`] for the end of `main`: 256 KiB, or less when the stack limit (`ulimit -s`,
/// the size of the main thread's stack) is smaller — 256 KiB below a frame of `main` with
/// `ulimit -s 256` overflowed the stack (exit 134 after every command). Deeper calls cannot
/// have used more than the limit either, so only the last 32 KiB of it go unscrubbed (kept
/// for the frames above this one).
pub fn scrub_main_stack() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the limit into the struct we own.
    let known = unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut lim) } == 0;
    let limit = (known && lim.rlim_cur != libc::RLIM_INFINITY).then_some(lim.rlim_cur);
    scrub_stack(main_scrub_bytes(limit));
}

/// How much [`scrub_main_stack`] overwrites under a stack limit of `limit` bytes (None:
/// unlimited or unknown).
fn main_scrub_bytes(limit: Option<u64>) -> usize {
    const MOST: usize = 256 * 1024;
    const KEEP: usize = 32 * 1024;
    limit.map_or(MOST, |l| {
        usize::try_from(l)
            .unwrap_or(usize::MAX)
            .saturating_sub(KEEP)
            .min(MOST)
    })
}

/// The stack size of every thread sandyk starts: fixed, not `RUST_MIN_STACK`'s. The scrubs
/// write up to 256 KiB below a thread's first frame, and the KDF's lanes
/// 128 KiB; with the variable at 64 KiB every unlock aborted with a stack overflow
/// (tests/it/core_harden.rs). 2 MiB is Rust's own default.
pub const THREAD_STACK: usize = 2 * 1024 * 1024;

/// How much of a worker thread's stack [`scrubbed`] overwrites when the thread's body ends.
const THREAD_SCRUB: usize = 256 * 1024;

/// A builder for a thread of sandyk's own: its stack [`THREAD_STACK`] whatever the
/// environment says. For threads whose body cannot run inside [`scrubbed`] (the KDF's
/// rayon lanes, which scrub themselves); everything else uses [`worker`] or
/// [`scoped_worker`] (so not public outside `crypto`).
pub(in crate::crypto) fn thread_builder() -> std::thread::Builder {
    std::thread::Builder::new().stack_size(THREAD_STACK)
}

/// Start a worker thread in `scope` (a [`THREAD_STACK`] stack) running `f` inside
/// [`scrubbed`]. Panics if the system cannot start a thread, as `Scope::spawn` does.
pub fn scoped_worker<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, T> {
    thread_builder()
        .spawn_scoped(scope, move || scrubbed(f))
        .unwrap_or_else(|e| panic!("failed to spawn thread: {e}"))
}

/// Start a worker thread (a [`THREAD_STACK`] stack) running `f` inside [`scrubbed`].
/// Panics if the system cannot start a thread, as `std::thread::spawn` does.
pub fn worker<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> std::thread::JoinHandle<T> {
    thread_builder()
        .spawn(move || scrubbed(f))
        .unwrap_or_else(|e| panic!("failed to spawn thread: {e}"))
}

/// Run `f` — the body of a worker thread that handles incident text, attachment bytes or
/// keys — and then scrub this thread's stack below this frame ([`scrub_stack`], 256 KiB) and
/// its vector registers ([`scrub_registers`]), also when `f` panics. `f` runs one call
/// deeper than this frame, so its locals (a hasher's partial block of plaintext) and
/// everything its callees left (a cipher's state with the key in it) are overwritten:
/// glibc keeps an ended thread's stack mapped for the next thread, and a core dump records
/// it (tests/it/memory_dump.rs found both in the attachment threads' stacks). What `f`
/// returns is moved out, so it should be a result, not a hasher holding text.
pub fn scrubbed<R>(f: impl FnOnce() -> R) -> R {
    run_then_scrub(THREAD_SCRUB, f)
}

/// Run `f` — a call into a cipher that leaves its state, and so its key, in its stack frame
/// and vector registers (ring's ChaCha20-Poly1305 assembly does, and does not clear them) —
/// one call deeper, then overwrite the 8 KiB of stack below this frame and the vector
/// registers. For calls made many times on a long-lived thread (once per 64 KiB chunk),
/// where the scrub at the thread's end would come too late: cheap next to sealing a chunk.
pub fn scrubbed_call<R>(f: impl FnOnce() -> R) -> R {
    run_then_scrub(8 * 1024, f)
}

/// [`scrubbed`] and [`scrubbed_call`]: `f` one call deeper, then `stack` bytes below this
/// frame and the vector registers overwritten, also when `f` panics.
#[inline(never)]
fn run_then_scrub<R>(stack: usize, f: impl FnOnce() -> R) -> R {
    struct Scrub(usize);
    impl Drop for Scrub {
        fn drop(&mut self) {
            scrub_stack(self.0);
            scrub_registers();
        }
    }
    #[inline(never)]
    fn deeper<R>(f: impl FnOnce() -> R) -> R {
        std::hint::black_box(f())
    }
    let _scrub = Scrub(stack);
    deeper(f)
}

/// Zero the calling thread's vector registers (x86-64: xmm/ymm, and zmm0–31 where AVX-512
/// is present). `memcpy` and friends move text through them 16–64 bytes at a time, and the
/// last copy stays there: a core dump records every thread's registers. Call it last, after
/// [`scrub_stack`]. A no-op on other architectures.
#[inline(never)]
pub fn scrub_registers() {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F (checked); the asm only zeroes registers the C ABI
            // lets a call clobber.
            unsafe { zero_zmm() }
        } else if std::arch::is_x86_feature_detected!("avx") {
            // SAFETY: AVX present; vzeroall clobbers only caller-saved vector registers.
            unsafe { zero_ymm() }
        } else {
            // SAFETY: SSE2 is baseline on x86-64; the xmm registers are caller-saved.
            unsafe {
                std::arch::asm!(
                    "xorps xmm0, xmm0",
                    "xorps xmm1, xmm1",
                    "xorps xmm2, xmm2",
                    "xorps xmm3, xmm3",
                    "xorps xmm4, xmm4",
                    "xorps xmm5, xmm5",
                    "xorps xmm6, xmm6",
                    "xorps xmm7, xmm7",
                    "xorps xmm8, xmm8",
                    "xorps xmm9, xmm9",
                    "xorps xmm10, xmm10",
                    "xorps xmm11, xmm11",
                    "xorps xmm12, xmm12",
                    "xorps xmm13, xmm13",
                    "xorps xmm14, xmm14",
                    "xorps xmm15, xmm15",
                    clobber_abi("C"),
                )
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn zero_ymm() {
    // SAFETY: see the caller.
    unsafe { std::arch::asm!("vzeroall", clobber_abi("C")) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn zero_zmm() {
    // SAFETY: see the caller.
    unsafe {
        std::arch::asm!(
            "vzeroall",
            "vpxord zmm16, zmm16, zmm16",
            "vpxord zmm17, zmm17, zmm17",
            "vpxord zmm18, zmm18, zmm18",
            "vpxord zmm19, zmm19, zmm19",
            "vpxord zmm20, zmm20, zmm20",
            "vpxord zmm21, zmm21, zmm21",
            "vpxord zmm22, zmm22, zmm22",
            "vpxord zmm23, zmm23, zmm23",
            "vpxord zmm24, zmm24, zmm24",
            "vpxord zmm25, zmm25, zmm25",
            "vpxord zmm26, zmm26, zmm26",
            "vpxord zmm27, zmm27, zmm27",
            "vpxord zmm28, zmm28, zmm28",
            "vpxord zmm29, zmm29, zmm29",
            "vpxord zmm30, zmm30, zmm30",
            "vpxord zmm31, zmm31, zmm31",
            clobber_abi("C"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_bytes_hold_push_and_refuse_overflow() {
        let mut b = LockedBytes::with_capacity(4);
        assert!(b.is_empty());
        b.extend_from_slice(b"abc").unwrap();
        b.push(b'd').unwrap();
        assert_eq!(b.push(b'e'), Err(Full));
        assert_eq!(b.extend_from_slice(b"x"), Err(Full));
        assert_eq!(&b[..], b"abcd");
        assert_eq!(b.pop(), Some(b'd'));
        assert_eq!(&b[..], b"abc");
        assert_eq!(b.capacity(), 4);
        // Its own page(s), page-aligned.
        assert_eq!(b.region.ptr as usize % page_size(), 0);
    }

    #[test]
    fn locked_array_is_page_aligned_zeroed_and_cloneable() {
        let mut k = LockedArray::<32>::zeroed();
        assert_eq!(*k, [0u8; 32]);
        k[0] = 7;
        let c = k.clone();
        assert_eq!(c[0], 7);
        assert_ne!(c.region.ptr, k.region.ptr, "a clone has pages of its own");
        assert_eq!(k.region.ptr as usize % page_size(), 0);
    }

    #[test]
    fn secret_pages_are_not_dumped_and_locked_when_the_limit_allows() {
        let k = LockedArray::<32>::zeroed();
        let addr = k.region.ptr as usize;
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        // Find the mapping that holds `addr` and its VmFlags.
        let mut inside = false;
        let mut flags = None;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ') {
                if let Some((a, b)) = range.split_once('-') {
                    if let (Ok(a), Ok(b)) =
                        (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16))
                    {
                        inside = a <= addr && addr < b;
                        continue;
                    }
                }
            }
            if inside {
                if let Some(f) = line.strip_prefix("VmFlags:") {
                    flags = Some(f.to_string());
                    break;
                }
            }
        }
        let flags = flags.expect("the secret's mapping is in smaps");
        assert!(flags.contains(" dd"), "not MADV_DONTDUMP: {flags}");
        if k.region.locked {
            assert!(flags.contains(" lo"), "not mlocked: {flags}");
        }
        let (locked, refused) = locked_pages();
        assert!(locked + refused > 0);
    }

    #[test]
    fn work_memory_is_zeroed_and_typed() {
        let mut w = WorkMemory::new(3 * 1024);
        // SAFETY: u64 is plain data.
        let s = unsafe { w.as_mut_slice_of::<u64>(384) };
        assert!(s.iter().all(|&x| x == 0));
        s[383] = 1;
    }

    #[test]
    fn wipe_zeroes() {
        let mut v = vec![0xAAu8; 100];
        wipe(&mut v);
        assert!(v.iter().all(|&b| b == 0));
    }

    /// The allocator wipes a freed block and the old block of a moving realloc. Observed
    /// through the allocator itself (reading freed memory would be undefined behaviour): a
    /// block freed through `WipeAlloc` is zero when it comes back from `malloc` untouched by
    /// anyone else — not guaranteed by malloc, so this checks the wiping counter instead.
    #[test]
    fn allocator_wipes_on_free_and_on_moving_realloc() {
        let a = WipeAlloc;
        let layout = Layout::from_size_align(64, 8).unwrap();
        // SAFETY: ordinary use of the allocator API with matching layouts.
        unsafe {
            let p = a.alloc(layout);
            assert!(!p.is_null());
            std::ptr::write_bytes(p, 0xAB, 64);
            let before = wiped_bytes();
            // Grow far beyond the extent: must move, wipe and free the old block.
            let q = a.realloc(p, layout, 1 << 16);
            assert!(!q.is_null());
            assert!(std::slice::from_raw_parts(q, 64).iter().all(|&b| b == 0xAB));
            assert!(wiped_bytes() >= before + 64);
            // Shrink a little: stays in place.
            let big = Layout::from_size_align(1 << 16, 8).unwrap();
            let r = a.realloc(q, big, (1 << 16) - 100);
            assert_eq!(r, q);
            let before = wiped_bytes();
            a.dealloc(r, Layout::from_size_align((1 << 16) - 100, 8).unwrap());
            // The whole extent, not just the size it was last told.
            assert!(wiped_bytes() >= before + (1 << 16));
            // Large alignment.
            let al = Layout::from_size_align(100, 4096).unwrap();
            let p = a.alloc(al);
            assert_eq!(p as usize % 4096, 0);
            let p2 = a.realloc(p, al, 10_000);
            assert_eq!(p2 as usize % 4096, 0);
            a.dealloc(p2, Layout::from_size_align(10_000, 4096).unwrap());
        }
    }

    #[test]
    fn the_main_scrub_fits_the_stack_limit() {
        assert_eq!(main_scrub_bytes(None), 256 * 1024);
        assert_eq!(main_scrub_bytes(Some(8 << 20)), 256 * 1024);
        assert_eq!(main_scrub_bytes(Some(u64::MAX)), 256 * 1024);
        // `ulimit -s 256`: 256 KiB below a frame of `main` overflowed it.
        assert_eq!(main_scrub_bytes(Some(256 * 1024)), 224 * 1024);
        assert_eq!(main_scrub_bytes(Some(100 * 1024)), 68 * 1024);
        assert_eq!(main_scrub_bytes(Some(16 * 1024)), 0);
    }

    #[test]
    fn scrubs_run() {
        scrub_stack(256 * 1024);
        scrub_registers();
    }
}
