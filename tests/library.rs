//! Saved-assessment envelopes: what the browser library stores, and how damaged or newer
//! entries are told apart instead of being dropped.

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::library::{sort_newest_first, SavedAssessment, SavedError};
use mlops_maturity::domain::questionnaire::Questionnaire;

fn entry(id: &str, name: &str, updated_ms: f64) -> SavedAssessment {
    let mut assessment = Assessment::new(&Questionnaire::built_in().unwrap());
    assessment.set_answer("data.versioning", Some(Answer::Level(2)));
    SavedAssessment::new(id.into(), name.into(), updated_ms, assessment)
}

#[test]
fn entries_round_trip_with_their_custom_questionnaire() {
    let mut saved = entry("a1", "Acme", 1_700_000_000_000.0);
    saved.questionnaire_json = Some("{\"id\": \"custom\"}".into());
    let decoded = SavedAssessment::decode(&saved.encode()).unwrap();
    assert_eq!(decoded, saved);
}

#[test]
fn damaged_newer_and_invalid_entries_are_told_apart() {
    let good = entry("a1", "Acme", 1.0).encode();
    let cut = &good[..good.len() / 2];
    assert!(matches!(
        SavedAssessment::decode(cut),
        Err(SavedError::NotJson(_))
    ));

    let newer = good.replacen("\"storage_version\":1", "\"storage_version\":9", 1);
    assert_eq!(
        SavedAssessment::decode(&newer),
        Err(SavedError::NewerVersion { found: 9 })
    );
    let message = SavedAssessment::decode(&newer).unwrap_err().to_string();
    assert!(message.contains("newer version of the app"), "{message}");

    let bad_target = good.replacen("\"target_level\":2", "\"target_level\":5", 1);
    let error = SavedAssessment::decode(&bad_target).unwrap_err();
    assert!(matches!(error, SavedError::BadAssessment(_)), "{error:?}");
    assert!(error
        .to_string()
        .contains("`target_level` must be 1, 2 or 3 (found 5)"));
}

#[test]
fn the_library_lists_newest_first_with_a_stable_order_for_ties() {
    let mut entries = vec![
        entry("c", "Beta", 5.0),
        entry("a", "Alpha", 9.0),
        entry("b", "Beta", 5.0),
        entry("d", "Alpha", 5.0),
    ];
    sort_newest_first(&mut entries);
    let order: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(order, ["a", "d", "b", "c"]);
}
