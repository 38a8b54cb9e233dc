//! Argon2id key derivation, parameter checks and calibration.
//!
//! One Argon2id run per unlock. Parameters read from a key file are checked against a floor
//! and a ceiling *before* any KDF work, so a tampered header can neither weaken the KDF nor
//! make us allocate unbounded memory: besides the fixed ceiling, the memory may not exceed
//! half of this machine's physical RAM ([`ram_limit_kib`]), so a header cannot make a small
//! laptop swap or run out of memory.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Block, Params, Version};
use thiserror::Error;

use super::memory::WorkMemory;
use super::secret::{new_key32, Key32};

/// Argon2id parameters as stored in the key file header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

/// Smallest memory accepted (64 MiB), in KiB. Lowered only by the test-only cargo feature.
#[cfg(not(feature = "insecure-test-kdf"))]
pub const FLOOR_M_KIB: u32 = 64 * 1024;
#[cfg(not(feature = "insecure-test-kdf"))]
pub const FLOOR_T: u32 = 3;
#[cfg(feature = "insecure-test-kdf")]
pub const FLOOR_M_KIB: u32 = 64;
#[cfg(feature = "insecure-test-kdf")]
pub const FLOOR_T: u32 = 1;

/// Largest memory accepted on open (4 GiB), in KiB.
pub const CEIL_M_KIB: u32 = 4 * 1024 * 1024;
pub const CEIL_T: u32 = 20;
pub const CEIL_P: u32 = 16;

/// Calibration never uses more than this much memory (1 GiB), nor more than a quarter of RAM.
pub const CALIBRATION_MAX_M_KIB: u32 = 1024 * 1024;

/// Which step of an Argon2id run failed (none should, with validated parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfStage {
    /// The argon2 crate refused the parameters.
    Params,
    /// The lanes' thread pool could not be started.
    Threads,
    /// The hash itself.
    Hash,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum KdfError {
    #[error("KDF parameters below the safe minimum (memory {m_kib} KiB, passes {t}; minimum {floor_m} KiB and {floor_t} passes)")]
    BelowFloor {
        m_kib: u32,
        t: u32,
        floor_m: u32,
        floor_t: u32,
    },
    #[error(
        "KDF parameters above the allowed maximum (memory {m_kib} KiB, passes {t}, lanes {p})"
    )]
    AboveCeiling { m_kib: u32, t: u32, p: u32 },
    #[error("the key derivation needs {m_kib} KiB of memory, more than half of this machine's RAM ({limit_kib} KiB allowed)")]
    ExceedsRam { m_kib: u32, limit_kib: u64 },
    #[error("the key derivation function failed ({0:?})")]
    Failed(KdfStage),
}

impl KdfParams {
    /// Check against the floor, the ceiling and this machine's RAM. Cheap; call before
    /// [`derive()`].
    pub fn validate(&self) -> Result<(), KdfError> {
        self.validate_with_ram(physical_ram_kib())
    }

    /// [`validate`](Self::validate) with a given physical RAM figure in KiB (None: unknown,
    /// only the fixed ceiling applies).
    pub fn validate_with_ram(&self, ram_kib: Option<u64>) -> Result<(), KdfError> {
        self.validate_fixed()?;
        check_ram(self, ram_kib)
    }

    fn validate_fixed(&self) -> Result<(), KdfError> {
        if self.m_kib < FLOOR_M_KIB || self.t < FLOOR_T || self.p == 0 {
            return Err(KdfError::BelowFloor {
                m_kib: self.m_kib,
                t: self.t,
                floor_m: FLOOR_M_KIB,
                floor_t: FLOOR_T,
            });
        }
        if self.m_kib > CEIL_M_KIB || self.t > CEIL_T || self.p > CEIL_P || self.m_kib < 8 * self.p
        {
            return Err(KdfError::AboveCeiling {
                m_kib: self.m_kib,
                t: self.t,
                p: self.p,
            });
        }
        Ok(())
    }

    /// Default lanes: min(4, cores).
    pub fn default_lanes() -> u32 {
        std::thread::available_parallelism()
            .map(|n| n.get() as u32)
            .unwrap_or(1)
            .clamp(1, 4)
    }

    /// Calibrate to roughly `target` wall time on this machine: memory first, up to
    /// min(1 GiB, a quarter of RAM), then passes. One short measurement, then extrapolation
    /// (Argon2 time is close to linear in memory × passes).
    pub fn calibrate(target: Duration) -> KdfParams {
        let p = Self::default_lanes();
        let cap_m = CALIBRATION_MAX_M_KIB
            .min(quarter_of_ram_kib())
            .max(FLOOR_M_KIB);
        let probe = KdfParams {
            m_kib: FLOOR_M_KIB.max(64 * 1024).min(cap_m),
            t: 1,
            p,
        };
        let started = Instant::now();
        let _ = derive(b"calibration", &[0u8; 32], &probe);
        let per_kib_pass = started.elapsed().as_secs_f64() / probe.m_kib as f64;
        let budget = target.as_secs_f64() / per_kib_pass.max(1e-12); // KiB·passes we can afford
        let mut m = ((budget / FLOOR_T as f64) as u64).min(cap_m as u64) as u32;
        m = (m / 1024) * 1024; // whole MiB
        m = m.max(FLOOR_M_KIB);
        let t = ((budget / m as f64) as u32).clamp(FLOOR_T, CEIL_T);
        KdfParams { m_kib: m, t, p }
    }
}

/// This machine's physical RAM in KiB (`sysconf`), None when the system does not say.
pub fn physical_ram_kib() -> Option<u64> {
    // SAFETY: sysconf has no memory-safety preconditions.
    let (pages, size) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    // Under a seccomp filter that denies sysinfo(2), glibc may answer nonsense: anything
    // that does not fit is "unknown" (the fixed ceiling then applies).
    if pages <= 0 || size <= 0 {
        return None;
    }
    (pages as u64)
        .checked_mul(size as u64)
        .map(|bytes| bytes / 1024)
}

/// The most memory (KiB) the KDF may use with `ram_kib` of physical RAM: half of it, and
/// never more than the fixed ceiling.
pub fn ram_limit_kib(ram_kib: Option<u64>) -> u64 {
    ram_kib
        .map_or(CEIL_M_KIB as u64, |r| r / 2)
        .min(CEIL_M_KIB as u64)
}

fn check_ram(params: &KdfParams, ram_kib: Option<u64>) -> Result<(), KdfError> {
    let limit_kib = ram_limit_kib(ram_kib);
    if params.m_kib as u64 > limit_kib {
        return Err(KdfError::ExceedsRam {
            m_kib: params.m_kib,
            limit_kib,
        });
    }
    Ok(())
}

/// A quarter of this machine's RAM in KiB, for the calibration cap; the calibration maximum
/// when the system does not say. Goes through [`physical_ram_kib`]: under the sandbox's
/// seccomp filter glibc's `sysconf(_SC_PHYS_PAGES)` can answer nonsense, and a raw product
/// of its answers overflowed (`sandyk init` without pinned parameters panicked).
fn quarter_of_ram_kib() -> u32 {
    physical_ram_kib().map_or(CALIBRATION_MAX_M_KIB, |kib| {
        (kib / 4).min(u32::MAX as u64) as u32
    })
}

/// The derivations completed by this process, as (memory KiB, passes), for the test that
/// every wrong passphrase costs a full Argon2id run (tests/it/harness_wrongpass.rs; the
/// debug binary prints them at exit when asked). Counting instead of timing: a loaded
/// machine cannot make it flake.
static COMPLETED: std::sync::Mutex<Vec<(u32, u32)>> = std::sync::Mutex::new(Vec::new());

/// The derivations this process has completed, as (memory KiB, passes), in order.
pub fn completed_runs() -> Vec<(u32, u32)> {
    COMPLETED.lock().map(|v| v.clone()).unwrap_or_default()
}

/// Argon2id v1.3 over `secret` with `salt`, producing a 256-bit key.
///
/// Validate `params` first; this function also refuses out-of-range parameters.
pub fn derive(secret: &[u8], salt: &[u8; 32], params: &KdfParams) -> Result<Key32, KdfError> {
    if params.m_kib > CEIL_M_KIB || params.t > CEIL_T || params.p > CEIL_P {
        return Err(KdfError::AboveCeiling {
            m_kib: params.m_kib,
            t: params.t,
            p: params.p,
        });
    }
    check_ram(params, physical_ram_kib())?;
    let p = Params::new(params.m_kib, params.t, params.p, Some(32))
        .map_err(|_| KdfError::Failed(KdfStage::Params))?;
    let blocks = p.block_count();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
    let mut out = new_key32();
    // The block memory is ours, not the crate's: its own pages, excluded from core dumps,
    // wiped and unmapped when `mem` drops (the crate's own buffer is freed unwiped). The
    // last blocks determine the key, so they must not outlive the run.
    let mut mem = WorkMemory::new(blocks.saturating_mul(Block::SIZE));
    // SAFETY: `Block` is plain data (u64 words), valid all-zero; the page alignment covers
    // its 64-byte alignment.
    let slice = unsafe { mem.as_mut_slice_of::<Block>(blocks) };
    // The lanes run on a pool of this run's own (`p` threads), not rayon's global pool: its
    // threads are joined before this returns (`with_own_pool`), and a process forked from a
    // multi-threaded one (the sandbox tests confine a forked child) never waits on a global
    // pool whose threads it does not have.
    let result = with_own_pool(params.p.max(1) as usize, |pool| {
        let result = pool
            .install(|| argon.hash_password_into_with_memory(secret, salt, &mut out[..], slice))
            .map_err(|_| KdfError::Failed(KdfStage::Hash));
        // The lanes' threads keep the last blocks they computed in their stacks and vector
        // registers — and a lane's last block is what the key is hashed from: scrub them
        // before the pool lets them go.
        pool.broadcast(|_| {
            super::memory::scrub_stack(128 * 1024);
            super::memory::scrub_registers();
        });
        result
    });
    drop(mem);
    result??;
    if let Ok(mut v) = COMPLETED.lock() {
        v.push((params.m_kib, params.t));
    }
    Ok(out)
}

/// Run `f` on a rayon pool of `n` threads of its own, then end those threads and wait for
/// them (join): when this returns, no thread of the run is left, thread-local destructors
/// included. Dropping a rayon pool only asks its threads to stop; they used to outlive the
/// KDF run for a moment (found by the `keyfile` fuzz target: LeakSanitizer saw the
/// thread-local bookkeeping of threads still ending).
fn with_own_pool<R>(n: usize, f: impl FnOnce(&rayon::ThreadPool) -> R) -> Result<R, KdfError> {
    let handles = std::sync::Mutex::new(Vec::with_capacity(n));
    let join_all = |handles: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>>| {
        for h in handles.into_inner().unwrap_or_else(|e| e.into_inner()) {
            // A lane that panicked already made `install` fail; nothing more to report.
            let _ = h.join();
        }
    };
    let built = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .spawn_handler(|thread| {
            let h = super::memory::thread_builder().spawn(move || thread.run())?;
            handles.lock().unwrap_or_else(|e| e.into_inner()).push(h);
            Ok(())
        })
        .build();
    let pool = match built {
        Ok(pool) => pool,
        Err(_) => {
            join_all(handles);
            return Err(KdfError::Failed(KdfStage::Threads));
        }
    };
    let r = f(&pool);
    drop(pool);
    join_all(handles);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9106 §5.3, the Argon2id test vector (with secret and associated data).
    #[test]
    fn rfc9106_argon2id_vector() {
        let params = argon2::ParamsBuilder::new()
            .m_cost(32)
            .t_cost(3)
            .p_cost(4)
            .data(argon2::AssociatedData::new(&[0x04; 12]).unwrap())
            .output_len(32)
            .build()
            .unwrap();
        let a = Argon2::new_with_secret(&[0x03; 8], Algorithm::Argon2id, Version::V0x13, params)
            .unwrap();
        let mut out = [0u8; 32];
        a.hash_password_into(&[0x01; 32], &[0x02; 16], &mut out)
            .unwrap();
        assert_eq!(
            hex::encode(out),
            "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
        );
    }

    /// The pool's threads have ended, thread-local destructors included, when the pool
    /// helper returns: each thread holds a clone of an `Arc` in a thread-local that only
    /// its exit drops. (Before the threads were joined, they were often still ending.)
    #[test]
    fn own_pool_threads_have_ended_on_return() {
        use std::cell::RefCell;
        use std::sync::Arc;
        thread_local! {
            static HOLD: RefCell<Option<Arc<()>>> = const { RefCell::new(None) };
        }
        for _ in 0..20 {
            let a = Arc::new(());
            let seen = with_own_pool(4, |pool| {
                pool.broadcast(|_| HOLD.with(|h| *h.borrow_mut() = Some(a.clone())));
                Arc::strong_count(&a)
            })
            .unwrap();
            assert_eq!(seen, 5, "the four pool threads each hold a clone");
            assert_eq!(
                Arc::strong_count(&a),
                1,
                "a pool thread had not ended when the helper returned"
            );
        }
    }

    #[test]
    fn floor_and_ceiling() {
        assert!(KdfParams {
            m_kib: FLOOR_M_KIB,
            t: FLOOR_T,
            p: 1
        }
        .validate()
        .is_ok());
        assert!(matches!(
            KdfParams {
                m_kib: FLOOR_M_KIB - 1,
                t: FLOOR_T,
                p: 1
            }
            .validate(),
            Err(KdfError::BelowFloor { .. })
        ));
        assert!(matches!(
            KdfParams {
                m_kib: FLOOR_M_KIB,
                t: FLOOR_T,
                p: 0
            }
            .validate(),
            Err(KdfError::BelowFloor { .. })
        ));
        assert!(matches!(
            KdfParams {
                m_kib: FLOOR_M_KIB,
                t: FLOOR_T - 1,
                p: 1
            }
            .validate(),
            Err(KdfError::BelowFloor { .. })
        ));
        assert!(matches!(
            KdfParams {
                m_kib: u32::MAX,
                t: 3,
                p: 1
            }
            .validate(),
            Err(KdfError::AboveCeiling { .. })
        ));
        assert!(matches!(
            KdfParams {
                m_kib: 1 << 20,
                t: 1000,
                p: 1
            }
            .validate(),
            Err(KdfError::AboveCeiling { .. })
        ));
    }

    #[test]
    fn memory_is_capped_at_half_of_ram() {
        let p = |m_kib| KdfParams { m_kib, t: 3, p: 1 };
        let four_gib = Some(4 * 1024 * 1024);
        // A 4 GiB laptop: 2 GiB allowed, the 4 GiB a tampered header may ask for is refused
        // before any work.
        assert_eq!(p(2 * 1024 * 1024).validate_with_ram(four_gib), Ok(()));
        assert_eq!(
            p(2 * 1024 * 1024 + 1).validate_with_ram(four_gib),
            Err(KdfError::ExceedsRam {
                m_kib: 2 * 1024 * 1024 + 1,
                limit_kib: 2 * 1024 * 1024
            })
        );
        assert!(matches!(
            p(CEIL_M_KIB).validate_with_ram(four_gib),
            Err(KdfError::ExceedsRam { .. })
        ));
        // A machine with 256 MiB: the 64 MiB floor still fits, 200 MiB does not.
        assert_eq!(p(FLOOR_M_KIB).validate_with_ram(Some(256 * 1024)), Ok(()));
        assert!(matches!(
            p(200 * 1024).validate_with_ram(Some(256 * 1024)),
            Err(KdfError::ExceedsRam { .. })
        ));
        // The fixed ceiling stays the upper bound on a big machine, and with RAM unknown.
        let huge = Some(1u64 << 40);
        assert!(matches!(
            p(CEIL_M_KIB + 1).validate_with_ram(huge),
            Err(KdfError::AboveCeiling { .. })
        ));
        assert_eq!(p(CEIL_M_KIB).validate_with_ram(huge), Ok(()));
        assert_eq!(p(CEIL_M_KIB).validate_with_ram(None), Ok(()));
        assert_eq!(ram_limit_kib(huge), CEIL_M_KIB as u64);
        // This machine reports its RAM.
        assert!(physical_ram_kib().is_some_and(|r| r > 64 * 1024));
    }

    #[test]
    fn derive_is_deterministic_and_salted() {
        let p = KdfParams {
            m_kib: FLOOR_M_KIB,
            t: FLOOR_T,
            p: 1,
        };
        let a = derive(b"pass", &[1; 32], &p).unwrap();
        let b = derive(b"pass", &[1; 32], &p).unwrap();
        let c = derive(b"pass", &[2; 32], &p).unwrap();
        assert_eq!(a[..], b[..]);
        assert_ne!(a[..], c[..]);
    }
}
