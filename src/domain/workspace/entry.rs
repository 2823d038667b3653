//! How the library is laid out in storage (version 2), and how version 1 entries are read.
//!
//! - Each assessment lives under its own key, `mlops-maturity/assessment/<id>`, so a damaged
//!   entry never hides the others. The entry carries `storage_version`.
//! - A custom questionnaire is stored once, under `mlops-maturity/questionnaire/<content
//!   key>`, and entries refer to it by that key. Version 1 copied the whole questionnaire
//!   (up to 1 MB) into every entry that used it, and rewrote it on every keystroke.
//! - `mlops-maturity/active` names the entry that was open last.

use crate::domain::assessment::{Assessment, AssessmentFileError};
use crate::domain::plain_json::{self, Fields, Json};
use std::fmt;

/// The storage version this build writes.
pub const STORAGE_VERSION: u32 = 2;
pub const ENTRY_PREFIX: &str = "mlops-maturity/assessment/";
pub const QUESTIONNAIRE_PREFIX: &str = "mlops-maturity/questionnaire/";
pub const ACTIVE_KEY: &str = "mlops-maturity/active";

/// One saved assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub storage_version: u32,
    /// Stable id of the library entry (not the client's name).
    pub id: String,
    /// The name shown in the library.
    pub name: String,
    /// Milliseconds since 1970 of the last change, for sorting the library.
    pub updated_ms: f64,
    pub assessment: Assessment,
    /// The content key of the custom questionnaire it answers; `None` for the built-in one.
    pub questionnaire: Option<String>,
}

/// A stored entry as read: the entry, and for a version 1 entry the questionnaire text it
/// carried inline, which the migration stores once.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub entry: Entry,
    pub from_version: u32,
    pub inline_questionnaire: Option<String>,
}

/// Why a stored entry could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryError {
    NotJson(String),
    NewerVersion {
        found: u32,
    },
    BadAssessment(AssessmentFileError),
    /// The custom questionnaire it answers is missing or no longer valid.
    Questionnaire(String),
    /// The page has nothing to read it with yet: the reader of stored assessments and
    /// custom questionnaires (see `Workspace::set_reader`); the entry is read again once it
    /// has.
    NoReader,
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryError::NotJson(reason) => write!(f, "the saved data is damaged ({reason})"),
            EntryError::NewerVersion { found } => write!(
                f,
                "the saved data was written by a newer version of the app (storage version {found})"
            ),
            EntryError::BadAssessment(error) => write!(f, "{error}"),
            EntryError::Questionnaire(reason) => write!(f, "{reason}"),
            EntryError::NoReader => write!(
                f,
                "it could not be read yet: the part of the app that reads saved assessments and questionnaires did not load (reload the page to try again)"
            ),
        }
    }
}

/// The storage key of an entry.
pub fn entry_key(id: &str) -> String {
    format!("{ENTRY_PREFIX}{id}")
}

/// The storage key of a custom questionnaire with this content key.
pub fn questionnaire_key(content: &str) -> String {
    format!("{QUESTIONNAIRE_PREFIX}{content}")
}

/// A content key for a questionnaire text: FNV-1a (64 bits) and the length, in hex. Written
/// by hand because it is a dozen lines; a hashing crate would add to the wasm for nothing.
/// Two different texts with one key would need the same length and hash; the store checks
/// the text before reusing a key anyway.
pub fn content_key(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}-{:x}", text.len())
}

impl Entry {
    pub fn new(id: String, name: String, updated_ms: f64, assessment: Assessment) -> Self {
        Entry {
            storage_version: STORAGE_VERSION,
            id,
            name,
            updated_ms,
            assessment,
            questionnaire: None,
        }
    }

    pub fn key(&self) -> String {
        entry_key(&self.id)
    }

    /// The stored text: compact JSON, the fields in declaration order.
    pub fn encode(&self) -> String {
        crate::domain::formats::object(vec![
            (
                "storage_version",
                Some(Json::whole(self.storage_version.into())),
            ),
            ("id", Some(Json::text(&self.id))),
            ("name", Some(Json::text(&self.name))),
            ("updated_ms", Some(Json::millis(self.updated_ms))),
            ("assessment", Some(self.assessment.to_tree())),
            (
                "questionnaire",
                self.questionnaire.as_deref().map(Json::text),
            ),
        ])
        .write(false)
    }

    /// Whether two entries hold the same work (everything but the time of the change).
    pub fn same_content(&self, other: &Entry) -> bool {
        self.id == other.id
            && self.name == other.name
            && self.assessment == other.assessment
            && self.questionnaire == other.questionnaire
    }

    /// Reads a stored entry of version 1 or 2.
    pub fn decode(text: &str) -> Result<Decoded, EntryError> {
        let not_json = EntryError::NotJson;
        let tree = plain_json::parse(text).map_err(|e| not_json(e.to_string()))?;
        let fields = Fields::of(&tree, "").map_err(not_json)?;
        let storage_version = fields
            .need("storage_version")
            .and_then(|v| plain_json::whole(v, "storage_version", u64::from(u32::MAX)))
            .map_err(not_json)? as u32;
        if storage_version > STORAGE_VERSION {
            return Err(EntryError::NewerVersion {
                found: storage_version,
            });
        }
        let read = || -> Result<Stored, String> {
            let need_text = |key| plain_json::text(fields.need(key)?, key);
            Ok(Stored {
                storage_version,
                id: need_text("id")?,
                name: need_text("name")?,
                updated_ms: plain_json::whole_millis(plain_json::float(
                    fields.need("updated_ms")?,
                    "updated_ms",
                )?),
                assessment: Assessment::from_tree(fields.need("assessment")?)
                    .map_err(|problem| format!("in `assessment`: {problem}"))?,
                // Version 1 carried the custom questionnaire's text in
                // `questionnaire_json`, version 2 its content key in `questionnaire`.
                questionnaire: fields.text("questionnaire")?,
                questionnaire_json: fields.text("questionnaire_json")?,
            })
        };
        let stored = read().map_err(not_json)?;
        let from_version = stored.storage_version.max(1);
        let (questionnaire, inline_questionnaire) = if from_version < STORAGE_VERSION {
            let key = stored.questionnaire_json.as_deref().map(content_key);
            (key, stored.questionnaire_json)
        } else {
            (stored.questionnaire, None)
        };
        let mut decoded = Decoded {
            entry: Entry {
                storage_version: STORAGE_VERSION,
                id: stored.id,
                name: stored.name,
                updated_ms: stored.updated_ms,
                assessment: stored.assessment,
                questionnaire,
            },
            from_version,
            inline_questionnaire,
        };
        // The same rules as an imported file.
        decoded
            .entry
            .assessment
            .check()
            .map_err(EntryError::BadAssessment)?;
        // As for a file: an older format reads unchanged into this version's model.
        decoded.entry.assessment.format_version = crate::domain::assessment::FORMAT_VERSION;
        Ok(decoded)
    }
}

/// A stored entry of either version as read, before the migration to this version.
struct Stored {
    storage_version: u32,
    id: String,
    name: String,
    updated_ms: f64,
    assessment: Assessment,
    questionnaire: Option<String>,
    questionnaire_json: Option<String>,
}

/// Sorts entries newest first, then by name and id so the order is stable.
pub fn sort_newest_first(entries: &mut [Entry]) {
    crate::domain::order::sort_small(entries, |a, b| {
        b.updated_ms
            .total_cmp(&a.updated_ms)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
}
