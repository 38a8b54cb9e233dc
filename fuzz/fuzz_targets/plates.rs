#![no_main]
// The body lives in src/plates.rs so that tests/it/harness_fuzz_corpus.rs replays the same code.
libfuzzer_sys::fuzz_target!(|data: &[u8]| sandyk_fuzz::plates(data));
