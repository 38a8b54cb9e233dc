//! The `sandyk` binary: everything that touches the terminal lives in `cli`.

mod cli;

/// Every heap block is wiped when it is freed (SECURITY.md, "Memory"). The cargo feature
/// `no-wipe-alloc` builds without it, only for `scripts/bench-memory`'s paired measurement
/// and the memory test's negative run.
#[cfg(not(feature = "no-wipe-alloc"))]
#[global_allocator]
static ALLOC: sandyk::crypto::memory::WipeAlloc = sandyk::crypto::memory::WipeAlloc;

fn main() {
    // The memory test's negative control (tests/it/memory_dump.rs): a debug build can be
    // told to stop wiping, to prove the test finds what the allocator removes. Release
    // builds ignore it.
    #[cfg(debug_assertions)]
    if std::env::var_os("SANDYK_TEST_NO_WIPE").is_some() {
        sandyk::crypto::memory::set_wiping(false);
    }
    let code = cli::main();
    // tests/it/harness_wrongpass.rs: which Argon2id runs this process completed (parameters
    // only). Debug builds only.
    #[cfg(debug_assertions)]
    if std::env::var_os("SANDYK_TEST_KDF_RUNS").is_some() {
        let runs: Vec<String> = sandyk::crypto::kdf::completed_runs()
            .iter()
            .map(|(m, t)| format!("{m}x{t}"))
            .collect();
        eprintln!("sandyk-test: kdf runs [{}]", runs.join(" "));
    }
    // Copies left on the stack by deeper calls (formatting, parsing, KDF inputs) are
    // overwritten before the process ends; the heap was wiped block by block as it was freed.
    sandyk::crypto::memory::scrub_main_stack();
    sandyk::crypto::memory::scrub_registers();
    std::process::exit(code);
}
