//! Every input in `tests/fixtures/fuzz/<target>/` through the same checks the fuzz targets
//! run (`fuzz/checks.rs`): a crash a fuzz run finds is saved there and stays fixed. The
//! ordinary fixtures go through them too.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn inputs(folders: &[&str]) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for folder in folders {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    assert!(!found.is_empty(), "no inputs in {folders:?}");
    found
}

fn run(folders: &[&str], check: fn(&[u8])) {
    for (name, data) in inputs(folders) {
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{name} fails its fuzz check");
    }
}

#[test]
fn questionnaire_inputs() {
    run(
        &[
            "tests/fixtures/fuzz/questionnaire",
            "tests/fixtures/questionnaires",
            "questionnaires",
        ],
        checks::questionnaire,
    );
}

#[test]
fn assessment_inputs() {
    run(
        &[
            "tests/fixtures/fuzz/assessment",
            "tests/fixtures/assessments",
        ],
        checks::assessment,
    );
}

#[test]
fn saved_entry_inputs() {
    run(&["tests/fixtures/fuzz/saved_entry"], checks::saved_entry);
}

#[test]
fn respondent_inputs() {
    run(&["tests/fixtures/fuzz/respondent"], checks::respondent);
}
