//! The assessment file format: what it looks like, and how bad files are refused.

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::{Assessment, AssessmentFileError, FORMAT_NAME};
use mlops_maturity::domain::questionnaire::Questionnaire;
use serde_json::{json, Value};

fn written(assessment: &Assessment) -> Value {
    serde_json::from_str(&assessment.to_json()).unwrap()
}

fn minimal() -> Value {
    json!({
        "format": FORMAT_NAME,
        "format_version": 1,
        "questionnaire": { "id": "mlops-maturity", "version": "1.0.0" },
        "target_level": 2
    })
}

#[test]
fn a_new_assessment_names_its_format_and_questionnaire() {
    let questionnaire = Questionnaire::built_in().unwrap();
    let mut assessment = Assessment::new(&questionnaire);
    assessment.set_answer("data.versioning", Some(Answer::Level(2)));
    assessment.set_answer("data.lineage", Some(Answer::DontKnow));
    assessment.set_answer("deployment.rollout", Some(Answer::NotApplicable));
    let file = written(&assessment);
    assert_eq!(file["format"], "mlops-maturity-assessment");
    assert_eq!(file["format_version"], 2);
    assert_eq!(
        file["questionnaire"],
        json!({ "id": "mlops-maturity", "version": "1.1.0" })
    );
    assert_eq!(
        file["responses"],
        json!({
            "data.lineage": { "answer": "dont_know" },
            "data.versioning": { "answer": 2 },
            "deployment.rollout": { "answer": "not_applicable" }
        })
    );
}

#[test]
fn clearing_an_answer_keeps_its_note() {
    let mut assessment = Assessment::new(&Questionnaire::built_in().unwrap());
    assessment.set_answer("data.versioning", Some(Answer::Level(1)));
    assessment
        .responses
        .get_mut("data.versioning")
        .unwrap()
        .note = "ask Sam".into();
    assessment.set_answer("data.versioning", None);
    assert_eq!(assessment.answer("data.versioning"), None);
    assert_eq!(assessment.note("data.versioning"), "ask Sam");
    assessment
        .responses
        .get_mut("data.versioning")
        .unwrap()
        .note
        .clear();
    assessment.set_answer("data.versioning", None);
    assert!(assessment.responses.is_empty());
}

#[test]
fn optional_fields_take_their_defaults() {
    let assessment = Assessment::from_json(&minimal().to_string()).unwrap();
    assert_eq!(assessment.settings.project_types, 1);
    assert_eq!(assessment.settings.ecosystem, "none");
    assert_eq!(assessment.settings.start_date, None);
    assert!(assessment.responses.is_empty());
}

#[test]
fn bad_files_are_refused_with_the_reason() {
    type Change = fn(&mut Value);
    let cases: Vec<(Change, &str)> = vec![
        (
            |f| f["format"] = json!("something-else"),
            "not an assessment",
        ),
        (
            |f| f["format_version"] = json!(3),
            "format version 3, newer than this app reads (2)",
        ),
        (
            |f| f["target_level"] = json!(0),
            "`target_level` must be from 1 to 3 (found 0)",
        ),
        (
            |f| f["area_weights"] = json!({ "data": -2 }),
            "the weight of area \"data\" must be greater than 0 and at most 1000, with at most three decimals (found -2)",
        ),
        (
            |f| f["settings"] = json!({ "project_types": 0 }),
            "`project_types` must be from 1 to 50 (found 0)",
        ),
        (
            |f| f["responses"] = json!({ "data.versioning": { "answer": 4 } }),
            "an answer must be a level 0-3",
        ),
        (
            |f| f["responses"] = json!({ "data.versioning": { "answer": "maybe" } }),
            "an answer must be a level 0-3",
        ),
        (
            |f| f["date"] = json!("2026-02-30"),
            "\"2026-02-30\" is not a date of the form YYYY-MM-DD",
        ),
        (
            |f| {
                f.as_object_mut().unwrap().remove("questionnaire");
            },
            "missing field `questionnaire`",
        ),
    ];
    for (change, expected) in cases {
        let mut file = minimal();
        change(&mut file);
        let error = Assessment::from_json(&file.to_string()).unwrap_err();
        assert!(
            error.to_string().contains(expected),
            "expected \"{expected}\" in \"{error}\""
        );
    }
    assert_eq!(
        Assessment::from_json("[1, 2]").unwrap_err(),
        AssessmentFileError::NotAnAssessment
    );
    assert!(matches!(
        Assessment::from_json("[1, 2").unwrap_err(),
        AssessmentFileError::NotJson(reason) if reason.contains("line 1 column 5")
    ));
}
