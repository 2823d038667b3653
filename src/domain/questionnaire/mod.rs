//! The questionnaire: areas, questions, the answer option for each maturity level, the
//! level transitions of the roadmap and the tools suggested per ecosystem.
//!
//! Questionnaires are content, not code. They live as JSON in `questionnaires/` (the
//! default one is embedded at build time) or come from a file a user picks. Loading is two
//! stages: serde reads the loose [`raw`] form, then [`validate`] checks everything at once
//! and builds the [`Questionnaire`] the rest of the app relies on.

mod compact;
mod raw;
mod validate;

use super::weight::Weight;
use super::workspace::{Decoded, Entry, EntryError};
use std::fmt;
use std::sync::OnceLock;

/// The questionnaire shipped with the app, as its file says it (without the whitespace:
/// see `build.rs`). The app itself embeds only the compact form below.
pub const DEFAULT_QUESTIONNAIRE_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/mlops-maturity.json"));

/// The shipped questionnaire in the compact, already validated form `build.rs` writes
/// ([`compact`]): what [`Questionnaire::built_in`] reads.
pub const DEFAULT_QUESTIONNAIRE_BIN: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/mlops-maturity.bin"));

/// The roadmap texts (transitions and ecosystems) of the built-in questionnaires, each in a
/// compact form of its own: the newest version's first, then those of
/// [`EARLIER_BUILT_IN_BIN`] in its order. A built-in questionnaire holds only its index here
/// and decodes the texts when first asked for ([`Questionnaire::transitions`]). Only the
/// views that show a roadmap ask, and the app loads them as parts of their own, so these
/// bytes leave the first load's wasm with their code (about 1.5 KB gzip).
const BUILT_IN_ROADMAPS: &[&[u8]] = &[
    include_bytes!(concat!(env!("OUT_DIR"), "/mlops-maturity.roadmap.bin")),
    include_bytes!(concat!(
        env!("OUT_DIR"),
        "/mlops-maturity-1.0.0.roadmap.bin"
    )),
];

/// Earlier versions of the built-in questionnaire (in the compact form), kept so that every
/// assessment that answered one opens with the same questions and results as before. Read
/// only when an assessment needs one.
pub const EARLIER_BUILT_IN_BIN: &[(&str, &[u8])] = &[(
    "1.0.0",
    include_bytes!(concat!(env!("OUT_DIR"), "/mlops-maturity-1.0.0.bin")),
)];

/// The versions in [`EARLIER_BUILT_IN_BIN`], without their bytes: code that only asks
/// whether a version is shipped does not keep them in the app's first load.
pub const EARLIER_BUILT_IN_VERSIONS: &[&str] = &["1.0.0"];

/// What reads what a first visit never reads: stored assessments ([`Entry::decode`], with
/// the JSON reader and the assessment's reader under it), a custom questionnaire's text
/// ([`Questionnaire::from_json`]) and the earlier built-in versions
/// ([`Questionnaire::earlier_built_in`]). Handed over as functions so that code holding them
/// (the library in the app's first load) does not pull that code and the earlier versions'
/// bytes in with it; the app loads them as a part of their own, before it starts whenever
/// the browser holds an assessment.
#[derive(Debug, Clone, Copy)]
pub struct Reader {
    pub entry: fn(&str) -> Result<Decoded, EntryError>,
    pub from_json: fn(&str) -> Result<Questionnaire, QuestionnaireError>,
    pub earlier_built_in: fn(&str) -> Option<Result<Questionnaire, QuestionnaireError>>,
}

impl Reader {
    /// The reader with every function this crate has (what the app's part gives back).
    pub const ALL: Reader = Reader {
        entry: Entry::decode,
        from_json: Questionnaire::from_json,
        earlier_built_in: Questionnaire::earlier_built_in,
    };
}

/// The largest questionnaire file accepted, in bytes. The default one is about 40 KB.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The top maturity level (automated retraining and monitoring). The one place it is
/// written: everything else names this constant.
pub const TOP_LEVEL: u8 = 3;

/// The maturity levels every questionnaire defines: 0 (manual) to [`TOP_LEVEL`].
pub const LEVELS: std::ops::RangeInclusive<u8> = 0..=TOP_LEVEL;

/// A complete, validated questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct Questionnaire {
    /// Stable identifier saved with every assessment that answers this questionnaire.
    pub id: String,
    /// Content version, so a saved assessment knows which wording it answered.
    pub version: String,
    pub title: String,
    pub description: String,
    /// What each maturity level means, for levels 0 to 3 in order.
    pub levels: Vec<LevelDefinition>,
    /// The areas in the order the workshop walks through them.
    pub areas: Vec<Area>,
    /// The transitions and ecosystems: read them with [`Questionnaire::transitions`] and
    /// [`Questionnaire::ecosystems`].
    roadmap: RoadmapSource,
    /// Earlier versions whose assessments can move to this one.
    pub previous_versions: Vec<PreviousVersion>,
}

/// What the roadmap needs from a questionnaire besides its areas.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoadmapTexts {
    /// The steps 0→1, 1→2 and 2→3, in order.
    pub transitions: Vec<Transition>,
    /// Tool suggestions per technology ecosystem.
    pub ecosystems: Vec<Ecosystem>,
}

/// Where a questionnaire's [`RoadmapTexts`] are.
#[derive(Debug, Clone)]
enum RoadmapSource {
    /// Read with the rest of the questionnaire (a file, checked by the validator).
    Read(RoadmapTexts),
    /// A built-in questionnaire's: the index of its form in [`BUILT_IN_ROADMAPS`], and the
    /// texts once decoded. An index rather than the bytes themselves, so that the code that
    /// makes a built-in questionnaire at start-up does not keep the bytes in the first load.
    BuiltIn(usize, OnceLock<RoadmapTexts>),
}

impl RoadmapSource {
    fn texts(&self) -> &RoadmapTexts {
        match self {
            RoadmapSource::Read(texts) => texts,
            // The forms are built from the shipped files, and `tests/questionnaire_versions.rs`
            // checks that each decodes to what the validator reads from its file; a form
            // that did not would give no roadmap steps rather than stop the app.
            RoadmapSource::BuiltIn(index, decoded) => decoded.get_or_init(|| {
                BUILT_IN_ROADMAPS
                    .get(*index)
                    .and_then(|form| compact::decode_roadmap(form))
                    .unwrap_or_default()
            }),
        }
    }
}

/// Equal when the texts are, wherever they were read from.
impl PartialEq for RoadmapSource {
    fn eq(&self, other: &Self) -> bool {
        self.texts() == other.texts()
    }
}

/// An earlier version of a questionnaire and the questions whose meaning did not change.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousVersion {
    pub version: String,
    /// Old question id → the question in this version with the same meaning.
    pub same_meaning: crate::domain::order::SortedMap<String, String>,
}

/// The meaning of one maturity level.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelDefinition {
    pub level: u8,
    pub name: String,
    pub summary: String,
}

/// One assessment area, such as data management or monitoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Default weight of the area in the maturity index and the gap ranking.
    pub weight: Weight,
    pub questions: Vec<Question>,
}

/// One question, answered by choosing the option that matches the team's practice.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    /// Text a facilitator can read aloud to explain the question.
    pub help: String,
    /// Weight of the question within its area.
    pub weight: Weight,
    /// One option per maturity level 0 to 3, in order.
    pub options: Vec<AnswerOption>,
}

/// What a given maturity level looks like for one question.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerOption {
    pub level: u8,
    pub text: String,
    pub help: String,
}

/// One step up the maturity scale, with its duration and what to invest in.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub from: u8,
    pub to: u8,
    pub min_weeks: u32,
    pub max_weeks: u32,
    /// Whether the duration applies once per project type (true for 0→1).
    pub per_project_type: bool,
    pub summary: String,
    pub priorities: Vec<String>,
    pub advice: Advice,
}

/// The one piece of advice that matters most for a transition.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    pub kind: AdviceKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdviceKind {
    QuickWin,
    KeyChallenge,
}

impl AdviceKind {
    pub fn label(self) -> &'static str {
        match self {
            AdviceKind::QuickWin => "Quick win",
            AdviceKind::KeyChallenge => "Key challenge",
        }
    }
}

/// A technology ecosystem a client may standardise on, with the tools it offers.
#[derive(Debug, Clone, PartialEq)]
pub struct Ecosystem {
    pub id: String,
    pub name: String,
    pub tools: Vec<Tool>,
}

/// A tool and the areas it helps with.
#[derive(Debug, Clone, PartialEq)]
pub struct Tool {
    pub name: String,
    pub purpose: String,
    pub areas: Vec<String>,
}

/// One thing wrong with a questionnaire file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The item, such as "area `data`, question `data.versioning`".
    pub location: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Why a questionnaire file could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionnaireError {
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: usize },
    /// Not JSON, or JSON whose values have the wrong types; serde's message names the line
    /// and column.
    NotJson(String),
    /// Well-formed JSON with content problems, all of them.
    Invalid(Vec<Problem>),
}

impl QuestionnaireError {
    /// Every problem as one line each, for showing as a list.
    pub fn lines(&self) -> Vec<String> {
        match self {
            QuestionnaireError::Invalid(problems) => {
                problems.iter().map(ToString::to_string).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

impl fmt::Display for QuestionnaireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuestionnaireError::TooLarge { bytes } => write!(
                f,
                "the file is {} KB; a questionnaire may be at most {} KB",
                bytes.div_ceil(1024),
                MAX_FILE_BYTES / 1024
            ),
            QuestionnaireError::NotJson(reason) => {
                write!(f, "the file is not a questionnaire in JSON: {reason}")
            }
            QuestionnaireError::Invalid(problems) => {
                write!(f, "the questionnaire has {} problem(s)", problems.len())?;
                for problem in problems {
                    write!(f, "\n- {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for QuestionnaireError {}

impl Questionnaire {
    /// Reads and validates a questionnaire from its JSON text.
    pub fn from_json(text: &str) -> Result<Self, QuestionnaireError> {
        if text.len() > MAX_FILE_BYTES {
            return Err(QuestionnaireError::TooLarge { bytes: text.len() });
        }
        let raw: raw::RawQuestionnaire =
            super::json::parse(text).map_err(|e| QuestionnaireError::NotJson(e.to_string()))?;
        validate::validate(raw).map_err(QuestionnaireError::Invalid)
    }

    /// The questionnaire embedded in the app (its newest version).
    pub fn built_in() -> Result<Self, QuestionnaireError> {
        Self::embedded(DEFAULT_QUESTIONNAIRE_BIN, 0)
    }

    /// Whether `version` is an earlier built-in version the app ships (see
    /// [`Reader::earlier_built_in`] for reading it).
    pub fn ships_earlier(version: &str) -> bool {
        EARLIER_BUILT_IN_VERSIONS.contains(&version)
    }

    /// An earlier built-in version, if the app ships it.
    pub fn earlier_built_in(version: &str) -> Option<Result<Self, QuestionnaireError>> {
        EARLIER_BUILT_IN_BIN
            .iter()
            .position(|(v, _)| *v == version)
            .map(|index| Self::embedded(EARLIER_BUILT_IN_BIN[index].1, index + 1))
    }

    /// A built-in questionnaire from its compact form, with its roadmap texts at `roadmap`
    /// in [`BUILT_IN_ROADMAPS`].
    fn embedded(form: &[u8], roadmap: usize) -> Result<Self, QuestionnaireError> {
        compact::decode(form, RoadmapSource::BuiltIn(roadmap, OnceLock::new())).ok_or_else(|| {
            QuestionnaireError::NotJson("the app's own copy of it is damaged".into())
        })
    }

    /// The built-in questionnaire of `version` if the app ships it, else the newest (which
    /// scores an unknown version by question id).
    pub fn built_in_version(version: &str) -> Result<Self, QuestionnaireError> {
        Self::earlier_built_in(version).unwrap_or_else(Self::built_in)
    }

    /// The steps 0→1, 1→2 and 2→3, in order.
    pub fn transitions(&self) -> &[Transition] {
        &self.roadmap.texts().transitions
    }

    /// Tool suggestions per technology ecosystem.
    pub fn ecosystems(&self) -> &[Ecosystem] {
        &self.roadmap.texts().ecosystems
    }

    /// The questions whose answers carry over from `version`, if this questionnaire
    /// declares that version as a predecessor.
    pub fn carried_from(&self, version: &str) -> Option<&PreviousVersion> {
        self.previous_versions.iter().find(|p| p.version == version)
    }

    /// Total number of questions over all areas.
    pub fn question_count(&self) -> usize {
        self.areas.iter().map(|a| a.questions.len()).sum()
    }

    /// The name of a maturity level, such as "CI/CD for ML" ("" if undefined).
    pub fn level_name(&self, level: u8) -> &str {
        self.levels
            .iter()
            .find(|l| l.level == level)
            .map(|l| l.name.as_str())
            .unwrap_or_default()
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }
}
