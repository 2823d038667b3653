//! Fuzz target: see `checks::questionnaire`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::questionnaire(data));
