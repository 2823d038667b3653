//! What a team answers to one question.

use serde::{Deserialize, Serialize};

/// An answer: a maturity level, or one of the two answers that carry no level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
}
