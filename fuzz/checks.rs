//! What each fuzz target checks, shared with the native regression test
//! (`tests/fuzz_regressions.rs`), so that every input a fuzz run once found is checked the
//! same way on every `cargo test`.
// Each fuzz target uses one of these checks.
#![allow(dead_code)]

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::room::{self, Invitation, RespondentFile};
use mlops_maturity::domain::workspace::Entry;
use mlops_maturity::domain::{charts, csv_export, markdown, report, roadmap};
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
    // The room's views of it: the disagreements, their chart, the anonymised copy (which
    // reads back and scores the same).
    let _ = room::disagreements(built_in(), &assessment, &scored);
    let _ = charts::room(built_in(), &assessment, &scored);
    let anonymous = room::anonymised(&assessment);
    let read = Assessment::from_json(&anonymous.to_json()).expect("an anonymised file reads");
    assert_eq!(read, anonymous);
    // The same result; only a response that held nothing but typed text is gone (and with
    // it, an unknown question id that had nothing else).
    let again = report::score(built_in(), &read);
    assert_eq!(
        (
            &again.areas,
            again.level,
            again.index,
            &again.gaps,
            again.answered
        ),
        (
            &scored.areas,
            scored.level,
            scored.index,
            &scored.gaps,
            scored.answered
        )
    );
}

/// Any bytes as a respondent file, a respondent link's fragment and a share link's
/// fragment: reading never panics; a file that reads writes back to itself, and adding it
/// to an assessment either refuses it leaving the assessment unchanged, or gives a valid
/// assessment; a share link that reads makes a link that reads the same.
pub fn respondent(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    share_link(text);
    if let Ok(Some(invitation)) = Invitation::from_fragment(text) {
        let again = Invitation::from_fragment(&invitation.to_fragment());
        assert_eq!(again, Ok(Some(invitation)));
    }
    let Ok(file) = RespondentFile::from_json(text) else {
        return;
    };
    assert_eq!(RespondentFile::from_json(&file.to_json()), Ok(file.clone()));
    let mut assessment = Assessment::new(built_in());
    assessment.questionnaire = file.questionnaire.clone();
    let before = assessment.clone();
    match room::add_respondent(&mut assessment, built_in(), file) {
        Ok(_) => {
            let read = Assessment::from_json(&assessment.to_json());
            assert_eq!(
                read.as_ref(),
                Ok(&assessment),
                "an assessment with the file reads back"
            );
        }
        Err(_) => assert_eq!(assessment, before),
    }
}

/// Any bytes as a saved library entry (storage version 1 or 2): decoding never panics, and
/// an entry that decodes encodes and decodes to the same entry (its last-change time is
/// read as whole milliseconds within ±(2^53 − 1), which are written and read exactly).
pub fn saved_entry(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(decoded) = Entry::decode(text) {
        let saved = decoded.entry;
        assert_eq!(saved.updated_ms, saved.updated_ms.round());
        assert!(saved.updated_ms.abs() <= 9_007_199_254_740_991.0);
        let again = Entry::decode(&saved.encode())
            .expect("an encoded entry decodes")
            .entry;
        assert_eq!(again, saved);
    }
}

fn share_link(text: &str) {
    use mlops_maturity::domain::share::{self, Link, Shared};
    let Ok(Some(link)) = Link::parse(text) else {
        return;
    };
    let Ok(shared) = link.read(built_in()) else {
        return;
    };
    let again = match &shared {
        Shared::Assessment(a) => share::assessment_link(built_in(), a, true),
        Shared::Respondent(file) => share::respondent_link(built_in(), file),
    };
    let again = again.expect("what a link carried fits a link again");
    let read = Link::parse(&again).unwrap().unwrap().read(built_in());
    assert_eq!(read, Ok(shared));
}
