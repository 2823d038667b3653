//! The embedded questionnaire parses into the domain model and covers the seven areas.

use mlops_maturity::domain::questionnaire::{Questionnaire, QuestionnaireError};

#[test]
fn built_in_questionnaire_has_the_seven_areas_in_workshop_order() {
    let questionnaire = Questionnaire::built_in().expect("the built-in questionnaire parses");
    let ids: Vec<&str> = questionnaire.areas.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "data",
            "experiments",
            "models",
            "training",
            "testing",
            "deployment",
            "monitoring"
        ]
    );
    let levels: Vec<u8> = questionnaire.levels.iter().map(|l| l.level).collect();
    assert_eq!(levels, [0, 1, 2, 3]);
    for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
        let option_levels: Vec<u8> = question.options.iter().map(|o| o.level).collect();
        assert_eq!(option_levels, [0, 1, 2, 3], "options of {}", question.id);
    }
    assert!(questionnaire.question_count() >= 7);
}

#[test]
fn text_that_is_not_a_questionnaire_is_reported_with_its_position() {
    let error = Questionnaire::from_json("{\"id\": 3}").unwrap_err();
    let QuestionnaireError::Malformed(reason) = &error;
    assert!(reason.contains("line 1"), "{reason}");
    assert!(error
        .to_string()
        .starts_with("the questionnaire file is not valid"));
}
