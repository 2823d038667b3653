//! What each fuzz target checks, shared with the native regression test
//! (`tests/fuzz_regressions.rs`), so that every input a fuzz run once found is checked the
//! same way on every `cargo test`.
// Each fuzz target uses one of these checks.
#![allow(dead_code)]

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::workspace::Entry;
use mlops_maturity::domain::{csv_export, markdown, report, roadmap};
use std::sync::OnceLock;

fn built_in() -> &'static Questionnaire {
    static QUESTIONNAIRE: OnceLock<Questionnaire> = OnceLock::new();
    QUESTIONNAIRE.get_or_init(|| Questionnaire::built_in().unwrap())
}

/// Any bytes as a questionnaire file: reading and validating never panics, and a
/// questionnaire that validates is scored, planned and written as Markdown without a panic
/// or a number that is not finite.
pub fn questionnaire(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(questionnaire) = Questionnaire::from_json(text) else {
        return;
    };
    let mut assessment = Assessment::new(&questionnaire);
    let questions = questionnaire.areas.iter().flat_map(|a| &a.questions);
    for (position, question) in questions.enumerate() {
        let level = data.get(position).copied().unwrap_or(0) % 4;
        assessment.set_answer(&question.id, Some(Answer::Level(level)));
    }
    let scored = report::score(&questionnaire, &assessment);
    assert!(scored.index.is_none_or(f64::is_finite));
    assert!(scored
        .gaps
        .iter()
        .all(|g| g.gap.is_finite() && g.share.is_finite()));
    let today = Date::parse("2027-01-04").unwrap();
    let plan = roadmap::plan(&questionnaire, &assessment, &scored, today);
    let _ = markdown::report_markdown(&questionnaire, &assessment, &scored, &plan);
}

/// Any bytes as an assessment file: reading never panics, and a file that reads writes
/// back to the same assessment and scores against the built-in questionnaire.
pub fn assessment(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(assessment) = Assessment::from_json(text) else {
        return;
    };
    let again = Assessment::from_json(&assessment.to_json()).expect("a written file reads back");
    assert_eq!(again, assessment);
    let scored = report::score(built_in(), &assessment);
    let _ = csv_export::answers_csv(built_in(), &assessment, &scored);
}

/// Any bytes as a saved library entry (storage version 1 or 2): decoding never panics, and
/// an entry that decodes encodes and decodes to the same entry (the last-change time to
/// within float precision: serde_json parses floats fast rather than exactly; the whole
/// milliseconds the app writes parse exactly).
pub fn saved_entry(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(decoded) = Entry::decode(text) {
        let saved = decoded.entry;
        let mut again = Entry::decode(&saved.encode())
            .expect("an encoded entry decodes")
            .entry;
        let drift = (again.updated_ms - saved.updated_ms).abs();
        assert!(drift <= saved.updated_ms.abs() * 1e-15, "{drift}");
        again.updated_ms = saved.updated_ms;
        assert_eq!(again, saved);
    }
}
