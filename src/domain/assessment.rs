//! One assessment of one client: the answers and notes given, the weights and target the
//! room chose, and the roadmap settings. Also its file format.
//!
//! The file is JSON with a format name and version so it can be recognised, migrated and
//! re-imported; `questionnaires/assessment.schema.json` documents it. Answers are keyed by
//! question id, so rewording a question never orphans a saved answer.

use super::answer::Answer;
use super::date::Date;
use super::order::SortedMap;
use super::questionnaire::{Questionnaire, TOP_LEVEL};
use super::weight::Weight;
// serde only for `QuestionnaireRef`, which benchmark files embed; the assessment itself is
// read and written by `domain::formats`.
use serde::{Deserialize, Serialize};
use std::fmt;

/// The `format` value every assessment file carries.
pub const FORMAT_NAME: &str = "mlops-maturity-assessment";
/// The newest file format version this build reads and the one it writes. Version 2 added
/// respondents, their votes, shows of hands and the agreed answer's rationale; a version 1
/// file reads unchanged (its answers are agreed answers with no votes).
pub const FORMAT_VERSION: u32 = 2;
/// The ecosystem id meaning "none chosen": no vendor-specific tool suggestions.
pub const NO_ECOSYSTEM: &str = "none";
/// Upper bound on project types, to keep durations meaningful.
pub const MAX_PROJECT_TYPES: u32 = 50;

/// Everything recorded about one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Always [`FORMAT_NAME`]; lets an import recognise the file.
    pub format: String,
    /// The file format version, [`FORMAT_VERSION`] when written by this build.
    pub format_version: u32,
    /// Which questionnaire, and which version of it, the answers belong to.
    pub questionnaire: QuestionnaireRef,
    /// The agency or team running the assessment, printed on the report.
    pub agency: String,
    pub client: String,
    pub assessor: String,
    /// The day of the workshop or self-assessment.
    pub date: Option<Date>,
    /// The level the client aims for, 1 to 3.
    pub target_level: u8,
    /// Area weights chosen for this client; areas not listed keep the questionnaire's.
    pub area_weights: SortedMap<String, Weight>,
    pub settings: Settings,
    /// The people whose answers are collected (the room, or respondents who answered
    /// before the workshop), in the order the facilitator lists them.
    pub respondents: Vec<Respondent>,
    /// Set when this entry is one respondent's own answers (respondent mode): who answers
    /// and for whom. Its answers go back to the facilitator as a respondent file.
    pub answering_as: Option<super::room::AnsweringAs>,
    /// Set on re-assessments of one client: the series it belongs to and what the previous
    /// assessment answered.
    pub lineage: Option<super::progress::Lineage>,
    /// Per question id: the agreed answer (the one that scores), its note and rationale,
    /// and the room's votes; questions not listed are unanswered.
    pub responses: SortedMap<String, Response>,
}

/// One person whose answers are collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Respondent {
    /// Stable within the assessment; votes are keyed by it.
    pub id: String,
    pub name: String,
    pub role: String,
}

impl Respondent {
    /// The name to show: the given name, or "Respondent n" (`n` counted from 1).
    pub fn shown_name(&self, position: usize) -> String {
        match self.name.trim() {
            "" => format!("Respondent {}", position + 1),
            name => name.to_string(),
        }
    }
}

/// The questionnaire an assessment answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
}

/// What was said about one question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Response {
    /// The agreed answer: the only one that scores.
    pub answer: Option<Answer>,
    pub note: String,
    /// Why the room agreed on this answer, typed by the facilitator.
    pub rationale: String,
    /// Each respondent's own answer, by respondent id.
    pub votes: SortedMap<String, Answer>,
    /// A show of hands: how many chose each answer, nobody named.
    pub hands: super::room::Hands,
}

impl Response {
    /// Whether nothing at all was said (such a response is not kept).
    pub fn is_empty(&self) -> bool {
        self.answer.is_none()
            && self.note.is_empty()
            && self.rationale.is_empty()
            && self.votes.is_empty()
            && self.hands.is_empty()
    }
}

/// Roadmap settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// When the roadmap starts; `None` means the day the report is made.
    pub start_date: Option<Date>,
    /// How many kinds of model project need their own pipeline (multiplies the 0→1 step).
    pub project_types: u32,
    /// Ecosystem id for tool suggestions, or [`NO_ECOSYSTEM`].
    pub ecosystem: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            start_date: None,
            project_types: 1,
            ecosystem: NO_ECOSYSTEM.to_string(),
        }
    }
}

/// Why an assessment file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum AssessmentFileError {
    /// Not JSON; the message names line and column.
    NotJson(String),
    /// JSON, but not an assessment file (another `format`, or none).
    NotAnAssessment,
    /// Written by a newer version of the app.
    NewerFormat { found: u32 },
    /// An assessment file with values out of range.
    Invalid(Vec<String>),
}

impl fmt::Display for AssessmentFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssessmentFileError::NotJson(reason) => {
                write!(f, "the file is not a readable assessment: {reason}")
            }
            AssessmentFileError::NotAnAssessment => write!(
                f,
                "the file is JSON but not an assessment (it has no \"format\": \"{FORMAT_NAME}\")"
            ),
            AssessmentFileError::NewerFormat { found } => write!(
                f,
                "the file uses assessment format version {found}, newer than this app reads ({FORMAT_VERSION}); update the app"
            ),
            AssessmentFileError::Invalid(problems) => {
                write!(f, "the assessment file has problems: {}", problems.join("; "))
            }
        }
    }
}

impl std::error::Error for AssessmentFileError {}

impl Assessment {
    /// A blank assessment of `questionnaire`, aiming for level 2 by default.
    pub fn new(questionnaire: &Questionnaire) -> Self {
        Assessment {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            questionnaire: QuestionnaireRef {
                id: questionnaire.id.clone(),
                version: questionnaire.version.clone(),
            },
            agency: String::new(),
            client: String::new(),
            assessor: String::new(),
            date: None,
            target_level: 2,
            area_weights: SortedMap::new(),
            settings: Settings::default(),
            respondents: Vec::new(),
            answering_as: None,
            lineage: None,
            responses: SortedMap::new(),
        }
    }

    /// Reads an assessment file, checking its format name, version and value ranges.
    pub fn from_json(text: &str) -> Result<Self, AssessmentFileError> {
        let tree = super::plain_json::parse(text)
            .map_err(|e| AssessmentFileError::NotJson(e.to_string()))?;
        // Valid JSON of another shape (a list, a number) is simply not an assessment.
        let (format, version) = super::formats::header(&tree);
        if format.as_deref() != Some(FORMAT_NAME) {
            return Err(AssessmentFileError::NotAnAssessment);
        }
        match version {
            Some(found) if found > u64::from(FORMAT_VERSION) => {
                return Err(AssessmentFileError::NewerFormat {
                    found: u32::try_from(found).unwrap_or(u32::MAX),
                })
            }
            Some(0) | None => {
                return Err(AssessmentFileError::Invalid(vec![
                    "`format_version` is missing or 0".into(),
                ]))
            }
            Some(_) => {}
        }
        // Well-formed JSON whose values break a rule (a weight out of bounds, a level of
        // 7) is an assessment with problems, not an unreadable file.
        let mut assessment = Assessment::from_tree(&tree)
            .map_err(|problem| AssessmentFileError::Invalid(vec![problem]))?;
        assessment.check()?;
        // An older file reads into this version's model unchanged (version 1 has no
        // respondents); from here on it is this version.
        assessment.format_version = FORMAT_VERSION;
        Ok(assessment)
    }

    /// Checks what the reader cannot: the format name and version, and value ranges.
    pub fn check(&self) -> Result<(), AssessmentFileError> {
        if self.format != FORMAT_NAME {
            return Err(AssessmentFileError::NotAnAssessment);
        }
        if self.format_version > FORMAT_VERSION {
            return Err(AssessmentFileError::NewerFormat {
                found: self.format_version,
            });
        }
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(AssessmentFileError::Invalid(problems))
        }
    }

    /// The file text: pretty JSON, stable key order, invisible control characters escaped.
    pub fn to_json(&self) -> String {
        self.to_tree().write(true)
    }

    /// Values outside their allowed ranges.
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !(1..=TOP_LEVEL).contains(&self.target_level) {
            problems.push(format!(
                "`target_level` must be from 1 to {TOP_LEVEL} (found {})",
                self.target_level
            ));
        }
        if !(1..=MAX_PROJECT_TYPES).contains(&self.settings.project_types) {
            problems.push(format!(
                "`project_types` must be from 1 to {MAX_PROJECT_TYPES} (found {})",
                self.settings.project_types
            ));
        }
        problems.extend(super::room::problems(self));
        problems
    }

    /// The answer given to a question, if any.
    pub fn answer(&self, question_id: &str) -> Option<Answer> {
        self.responses.get(question_id).and_then(|r| r.answer)
    }

    /// Records (or with `None`, clears) the answer to a question, keeping its note.
    pub fn set_answer(&mut self, question_id: &str, answer: Option<Answer>) {
        let response = self
            .responses
            .get_or_insert_with(question_id.to_string(), Response::default);
        response.answer = answer;
        self.drop_if_empty(question_id);
    }

    /// Changes what was said about one question, dropping the response if nothing is left.
    pub fn update_response(&mut self, question_id: &str, change: impl FnOnce(&mut Response)) {
        change(
            self.responses
                .get_or_insert_with(question_id.to_string(), Response::default),
        );
        self.drop_if_empty(question_id);
    }

    fn drop_if_empty(&mut self, question_id: &str) {
        if self
            .responses
            .get(question_id)
            .is_some_and(Response::is_empty)
        {
            self.responses.remove(question_id);
        }
    }

    /// The note on a question, or "".
    pub fn note(&self, question_id: &str) -> &str {
        self.responses
            .get(question_id)
            .map(|r| r.note.as_str())
            .unwrap_or_default()
    }

    /// The weight in force for an area: the client's choice or the questionnaire default.
    pub fn area_weight(&self, area: &super::questionnaire::Area) -> Weight {
        self.area_weights
            .get(&area.id)
            .copied()
            .unwrap_or(area.weight)
    }

    /// Whether this assessment answers `questionnaire` (same id; the version may differ).
    pub fn answers_questionnaire(&self, questionnaire: &Questionnaire) -> bool {
        self.questionnaire.id == questionnaire.id
    }
}
