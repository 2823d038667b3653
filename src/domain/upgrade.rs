//! Moving an assessment to a newer version of its questionnaire.
//!
//! Only what the newer questionnaire declares (`previous_versions`: the questions whose
//! meaning did not change) is carried over with its answer and note; nothing is guessed.
//! A question that kept its id but changed its meaning keeps its note, marked as written
//! for the earlier version, and is answered again. The earlier assessment is not touched:
//! the result is a new assessment.

use super::assessment::{Assessment, QuestionnaireRef, Response};
use super::questionnaire::Questionnaire;

/// A new assessment of the newer questionnaire, and what the room still has to answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Upgrade {
    pub assessment: Assessment,
    /// Questions of the newer version whose answers were carried over.
    pub carried: Vec<String>,
    /// Questions of the newer version that are new or changed, in workshop order.
    pub to_answer: Vec<String>,
}

/// Moves `assessment` to `to`, if `to` declares the assessment's version as a predecessor.
pub fn move_to(assessment: &Assessment, to: &Questionnaire) -> Result<Upgrade, String> {
    let from = &assessment.questionnaire;
    if from.id != to.id {
        return Err(format!(
            "it answers the questionnaire \"{}\", not \"{}\"",
            from.id, to.id
        ));
    }
    let Some(previous) = to.carried_from(&from.version) else {
        return Err(format!(
            "version {} of \"{}\" does not say which answers of version {} keep their meaning",
            to.version, to.id, from.version
        ));
    };
    let mut moved = Assessment {
        questionnaire: QuestionnaireRef {
            id: to.id.clone(),
            version: to.version.clone(),
        },
        responses: Default::default(),
        ..assessment.clone()
    };
    moved
        .area_weights
        .retain(|area, _| to.areas.iter().any(|a| &a.id == area));
    let mut carried = Vec::new();
    let mut to_answer = Vec::new();
    for question in to.areas.iter().flat_map(|a| &a.questions) {
        let source = previous
            .same_meaning
            .iter()
            .find(|(_, new)| **new == question.id)
            .map(|(old, _)| old);
        match source.and_then(|old| assessment.responses.get(old)) {
            Some(response) => {
                moved
                    .responses
                    .insert(question.id.clone(), response.clone());
                carried.push(question.id.clone());
            }
            None => {
                if source.is_none() {
                    to_answer.push(question.id.clone());
                    // Same id, new meaning: keep what was said, not the answer.
                    let note = assessment.note(&question.id).trim();
                    if !note.is_empty() {
                        let response = Response {
                            answer: None,
                            note: format!("[noted for version {}] {note}", from.version),
                            ..Response::default()
                        };
                        moved.responses.insert(question.id.clone(), response);
                    }
                } else {
                    // Same meaning, but never answered: still to answer.
                    to_answer.push(question.id.clone());
                }
            }
        }
    }
    Ok(Upgrade {
        assessment: moved,
        carried,
        to_answer,
    })
}
