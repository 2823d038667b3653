//! What a team answers to one question.

use super::questionnaire::TOP_LEVEL;
use serde::{Serialize, Serializer};

/// An answer: a maturity level, or one of the two answers that carry no level.
///
/// In files a level is written as its number (`2`), the others as `"dont_know"` and
/// `"not_applicable"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// The practice matches the option for this level (0..=3).
    Level(u8),
    /// Nobody in the room knows; counts as level 0 and becomes a follow-up.
    DontKnow,
    /// The question does not apply to this team; left out of the score.
    NotApplicable,
}

impl Answer {
    /// A short label for the answer, as shown on a button.
    pub fn label(self) -> String {
        match self {
            Answer::Level(level) => format!("Level {level}"),
            Answer::DontKnow => "Don't know".to_string(),
            Answer::NotApplicable => "Not applicable".to_string(),
        }
    }

    /// The value the answer counts for in a score, or `None` when it is left out.
    pub fn value(self) -> Option<u8> {
        match self {
            Answer::Level(level) => Some(level),
            Answer::DontKnow => Some(0),
            Answer::NotApplicable => None,
        }
    }
}

/// What an answer in a file may be (levels 0 to [`TOP_LEVEL`]).
pub(crate) const WRONG_ANSWER: &str =
    "an answer must be a level 0-3, \"dont_know\" or \"not_applicable\"";
const _: () = assert!(TOP_LEVEL == 3, "WRONG_ANSWER names the levels");

// Written by serde in the report and roadmap exports (`domain::csv_export`); files and
// storage use `domain::formats`.
impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Level(level) => serializer.serialize_u8(*level),
            Answer::DontKnow => serializer.serialize_str("dont_know"),
            Answer::NotApplicable => serializer.serialize_str("not_applicable"),
        }
    }
}
