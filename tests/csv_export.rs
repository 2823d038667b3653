//! The CSV export read back with a real CSV parser: notes with commas, quotes and line
//! breaks, non-ASCII names, dot decimals, one row per question.
#![cfg(not(target_arch = "wasm32"))]

use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::csv_export::{answers_csv, report_json, COLUMNS};
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use std::path::Path;

fn fixture() -> (Questionnaire, Assessment) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessments/acme-workshop.json");
    let assessment = Assessment::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let questionnaire = Questionnaire::built_in_version(&assessment.questionnaire.version).unwrap();
    (questionnaire, assessment)
}

#[test]
fn the_csv_round_trips_through_a_csv_parser() {
    let (questionnaire, mut assessment) = fixture();
    assessment.client = "Zürich Öko-Logistik, \"Nord\"".into();
    let note = "Line one, with a comma\nLine \"two\"; done";
    assessment
        .responses
        .get_mut("data.versioning")
        .unwrap()
        .note = note.into();
    let report = score(&questionnaire, &assessment);
    let text = answers_csv(&questionnaire, &assessment, &report);
    assert!(
        text.starts_with('\u{feff}'),
        "UTF-8 byte-order mark for Excel"
    );
    assert!(text.contains("\r\n"));

    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), questionnaire.question_count());
    assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));

    let versioning = rows.iter().find(|r| &r[2] == "data.versioning").unwrap();
    assert_eq!(&versioning[7], note, "the note survives whole in one cell");
    assert_eq!(&versioning[4], "1");
    assert_eq!(
        &versioning[10], "1.00",
        "area score with a dot and two decimals"
    );

    let lineage = rows.iter().find(|r| &r[2] == "data.lineage").unwrap();
    assert_eq!((&lineage[4], &lineage[5]), ("dont_know", "0"));
    let rollout = rows.iter().find(|r| &r[2] == "deployment.rollout").unwrap();
    assert_eq!(
        (&rollout[4], &rollout[5], &rollout[12]),
        ("not_applicable", "", "")
    );
    let unanswered = rows
        .iter()
        .find(|r| &r[2] == "monitoring.ground_truth")
        .unwrap();
    assert_eq!(&unanswered[4], "");
    let monitoring = rows.iter().find(|r| &r[2] == "monitoring.drift").unwrap();
    // Monitoring weighs 2: area gap 2 × (3 − 0.5) = 5; question gap 2 × 1 × (3 − 0) = 6.
    assert_eq!((&monitoring[11], &monitoring[12]), ("5.00", "6.00"));
}

#[test]
fn the_report_json_holds_report_and_roadmap() {
    let (questionnaire, assessment) = fixture();
    let report = score(&questionnaire, &assessment);
    let roadmap = mlops_maturity::domain::roadmap::plan(
        &questionnaire,
        &assessment,
        &report,
        mlops_maturity::domain::date::Date::parse("2026-11-26").unwrap(),
    );
    let json: serde_json::Value = serde_json::from_str(&report_json(&report, &roadmap)).unwrap();
    assert_eq!(json["report"]["level"], 0);
    assert_eq!(json["roadmap"]["phases"].as_array().unwrap().len(), 3);
}

/// The whole file for a realistic workshop (`UPDATE_EXPECT=1` rewrites it). Rows end in
/// CRLF, which expect-test does not keep in a file: checked here, then compared as LF.
#[test]
fn the_csv_of_a_workshop_matches_its_snapshot() {
    let (questionnaire, assessment) = fixture();
    let report = score(&questionnaire, &assessment);
    let csv = answers_csv(&questionnaire, &assessment, &report);
    assert_eq!(
        csv.matches("\r\n").count(),
        questionnaire.question_count() + 1,
        "one CRLF per row"
    );
    expect_test::expect_file!["snapshots/acme-workshop.csv"].assert_eq(&csv.replace("\r\n", "\n"));
}
