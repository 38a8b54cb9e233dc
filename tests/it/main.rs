//! The integration tests: one test binary (one link, one process tree) whose modules are
//! the test families, and one support module (`support`) with the one way to make a vault,
//! run the binary, mount images, inject faults and take snapshots.
//!
//! Run one family with a module filter: `cargo test --features insecure-test-kdf --test it
//! core_cli::`. The long tier (scripts/torture, scripts/forensic, scripts/crash-wipe) runs
//! the env-gated families the same way.
//!
//! Direct calls into the library outside `support::library` (to fix at an API change):
//! `bundle::recipient::fingerprint` (bundle_cli), `bundle::sign::Signer`,
//! `bundle::manifest::Manifest` (bundle_hostile, support::bundles), `bundle::tario::header`
//! (support::bundles), `bundle::reader::{verify, Keys, NoSink, VerifyOptions}`
//! (harness_fuzz_corpus), `vault::keyfile::*` and `crypto::kdf::*` (harness_fuzz_corpus,
//! harness_forensic, harness_wrongpass), `vault::Vault::db` with raw SQL (core_leak,
//! core_scaling), `vault::{KEYFILE_NAME, DB_NAME, JOURNAL_NAME}`, `crypto::sha256`,
//! `i18n::{tr_in, Lang}` and `cli::command()` (i18n_cli).

mod support;

mod attach_canary;
mod attach_delete;
mod attach_export_choice;
mod attach_failure;
mod attach_metadata;
mod attach_roundtrip;
mod attach_store;
mod browser;
mod bundle_attach;
mod bundle_cli;
mod bundle_crash;
mod bundle_hostile;
mod bundle_statement;
mod case_file;
mod cli_smoke;
mod contact_qr;
mod core_cli;
mod core_concurrency;
mod core_crash;
mod core_fixture;
mod core_fixture_v2;
mod core_harden;
mod core_leak;
mod core_paths;
mod core_scaling;
mod core_tamper;
mod core_unicode;
mod daily_form;
mod daily_misc;
mod emergency_duress;
mod emergency_keys;
mod emergency_seal;
mod emergency_wipe;
mod entities;
mod examiner;
mod exit_codes;
mod forensic_delete;
mod harness_crash;
mod harness_faults;
mod harness_forensic;
mod harness_fuzz_corpus;
mod harness_interop;
mod harness_limits;
mod harness_memory;
mod harness_tamper;
mod harness_wrongpass;
mod hostile_sender;
mod hostile_text;
mod i18n_cli;
mod i18n_report;
mod memory_dump;
mod powerloss;
mod report;
mod sandbox;
// The snapshots record the cheap test KDF's parameters (`init` prints them).
#[cfg(feature = "insecure-test-kdf")]
mod snapshot_cli;
mod typed_errors;
