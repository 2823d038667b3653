//! Fuzz target: see `checks::saved_entry`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::saved_entry(data));
