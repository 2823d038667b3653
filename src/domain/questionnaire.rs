//! The questionnaire: areas, questions and the answer option for each maturity level.
//!
//! Questionnaires are content, not code. They live as JSON in `questionnaires/`, the
//! default one is embedded into the binary at build time, and this module turns the JSON
//! text into the model the rest of the app works with.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The questionnaire shipped with the app, embedded from `questionnaires/` at build time.
pub const DEFAULT_QUESTIONNAIRE_JSON: &str =
    include_str!("../../questionnaires/mlops-maturity.json");

/// A complete questionnaire: what it is, the level scale and the areas to assess.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// Stable identifier saved with every assessment that answers this questionnaire.
    pub id: String,
    /// Content version, so a saved assessment knows which wording it answered.
    pub version: String,
    /// Title shown at the top of the assessment.
    pub title: String,
    /// What each maturity level means, from level 0 upwards.
    pub levels: Vec<LevelDefinition>,
    /// The areas in the order the workshop walks through them.
    pub areas: Vec<Area>,
}

/// The meaning of one maturity level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelDefinition {
    pub level: u8,
    pub name: String,
    pub summary: String,
}

/// One assessment area, such as data management or monitoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Default weight of the area in the maturity index and the gap ranking.
    pub weight: f64,
    pub questions: Vec<Question>,
}

/// One question, answered by choosing the option that matches the team's practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    /// Text a facilitator can read aloud to explain the question.
    pub help: String,
    pub weight: f64,
    /// One option per maturity level, describing what that level looks like here.
    pub options: Vec<AnswerOption>,
}

/// What a given maturity level looks like for one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerOption {
    pub level: u8,
    pub text: String,
    pub help: String,
}

/// Why a questionnaire file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionnaireError {
    /// The text is not JSON of the questionnaire's shape; carries serde's message, which
    /// names the line and column.
    Malformed(String),
}

impl fmt::Display for QuestionnaireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuestionnaireError::Malformed(reason) => {
                write!(f, "the questionnaire file is not valid: {reason}")
            }
        }
    }
}

impl std::error::Error for QuestionnaireError {}

impl Questionnaire {
    /// Reads a questionnaire from its JSON text.
    pub fn from_json(text: &str) -> Result<Self, QuestionnaireError> {
        serde_json::from_str(text).map_err(|e| QuestionnaireError::Malformed(e.to_string()))
    }

    /// The questionnaire embedded in the app.
    pub fn built_in() -> Result<Self, QuestionnaireError> {
        Self::from_json(DEFAULT_QUESTIONNAIRE_JSON)
    }

    /// Total number of questions over all areas.
    pub fn question_count(&self) -> usize {
        self.areas.iter().map(|a| a.questions.len()).sum()
    }
}
