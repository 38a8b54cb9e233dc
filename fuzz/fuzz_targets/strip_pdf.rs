#![no_main]
// The body lives in src/images.rs so that tests/it/harness_fuzz_corpus.rs replays the same code.
libfuzzer_sys::fuzz_target!(|data: &[u8]| sandyk_fuzz::strip_pdf(data));
