//! Saved assessments: the envelope each one is stored in, so the browser can keep several,
//! recognise their format version, and never lose one it cannot read.
//!
//! The envelope carries its own version (`storage_version`); the assessment inside carries
//! the file format version. A stored entry that cannot be decoded is reported with its raw
//! text, never dropped.

use super::assessment::{Assessment, AssessmentFileError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The envelope version this build writes and reads.
pub const STORAGE_VERSION: u32 = 1;

/// One assessment as kept in browser storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedAssessment {
    pub storage_version: u32,
    /// Stable id of the library entry (not the client's name).
    pub id: String,
    /// The name shown in the library, e.g. "Acme — November workshop".
    pub name: String,
    /// Milliseconds since 1970 of the last change, for sorting the library.
    pub updated_ms: f64,
    pub assessment: Assessment,
    /// The questionnaire JSON text, when the assessment answers a custom questionnaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire_json: Option<String>,
}

/// Why a stored entry could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum SavedError {
    NotJson(String),
    NewerVersion { found: u32 },
    BadAssessment(AssessmentFileError),
}

impl fmt::Display for SavedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SavedError::NotJson(reason) => write!(f, "the saved data is damaged ({reason})"),
            SavedError::NewerVersion { found } => write!(
                f,
                "the saved data was written by a newer version of the app (storage version {found})"
            ),
            SavedError::BadAssessment(error) => write!(f, "{error}"),
        }
    }
}

impl SavedAssessment {
    pub fn new(id: String, name: String, updated_ms: f64, assessment: Assessment) -> Self {
        SavedAssessment {
            storage_version: STORAGE_VERSION,
            id,
            name,
            updated_ms,
            assessment,
            questionnaire_json: None,
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("a saved assessment always serialises")
    }

    /// Decodes a stored entry, checking the envelope and the assessment inside it.
    pub fn decode(text: &str) -> Result<Self, SavedError> {
        #[derive(Deserialize)]
        struct Envelope {
            storage_version: u32,
        }
        let not_json = |e: serde_json::Error| SavedError::NotJson(e.to_string());
        super::json::check_unique_keys(text).map_err(not_json)?;
        let envelope: Envelope = serde_json::from_str(text).map_err(not_json)?;
        if envelope.storage_version > STORAGE_VERSION {
            return Err(SavedError::NewerVersion {
                found: envelope.storage_version,
            });
        }
        let saved: SavedAssessment = serde_json::from_str(text).map_err(not_json)?;
        // The same rules as an imported file.
        saved
            .assessment
            .check()
            .map_err(SavedError::BadAssessment)?;
        Ok(saved)
    }
}

/// Sorts entries newest first, then by name and id so the order is stable.
pub fn sort_newest_first(entries: &mut [SavedAssessment]) {
    super::order::sort_small(entries, |a, b| {
        b.updated_ms
            .total_cmp(&a.updated_ms)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
}
