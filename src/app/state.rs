//! The workshop state: one signal holds the open assessment; the report and roadmap are
//! memos computed from it by the domain. Saving to the library happens in one effect.

use crate::domain::answer::Answer;
use crate::domain::assessment::Assessment;
use crate::domain::library::SavedAssessment;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::report::{score, Report};
use crate::domain::roadmap::{plan, Roadmap};
use crate::platform::download::{download_text, file_stem};
use crate::platform::{clock, storage};
use leptos::prelude::*;

/// The views of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Library,
    Setup,
    Questions,
    Results,
}

/// Whether the open assessment is safely stored.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Saved,
    /// Storage refused the write; the assessment lives only in this page until exported.
    NotSaved(String),
    /// Another tab changed the same assessment; autosave waits for the user's choice.
    Conflict {
        theirs: String,
    },
}

/// Everything the views share. Cheap to copy: it only holds signal handles.
#[derive(Clone, Copy)]
pub struct Workshop {
    pub built_in: StoredValue<Questionnaire>,
    pub questionnaire: RwSignal<Questionnaire>,
    /// The custom questionnaire's JSON text, saved with the assessment; `None` for built-in.
    pub questionnaire_json: RwSignal<Option<String>>,
    pub entry_id: RwSignal<String>,
    pub name: RwSignal<String>,
    pub assessment: RwSignal<Assessment>,
    pub report: Memo<Report>,
    pub roadmap: Memo<Roadmap>,
    /// Index of the current question over the whole questionnaire.
    pub current: RwSignal<usize>,
    pub tab: RwSignal<Tab>,
    pub status: RwSignal<SaveStatus>,
    pub library: RwSignal<storage::Library>,
    /// A message about the last library action (import, delete, ...).
    pub notice: RwSignal<Option<Notice>>,
    /// The text last written for the open entry, to tell our writes from another tab's.
    last_written: StoredValue<String>,
}

/// A short message shown at the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
    pub details: Vec<String>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            error: false,
            text: text.into(),
            details: Vec::new(),
        }
    }

    pub fn error(text: impl Into<String>, details: Vec<String>) -> Self {
        Notice {
            error: true,
            text: text.into(),
            details,
        }
    }
}

/// A fresh library id: time-based, with a counter to keep ids made in the same
/// millisecond apart.
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("a{:x}{count:x}", clock::now_ms() as u64)
}

impl Workshop {
    /// Sets up the state with the built-in questionnaire and opens the most relevant saved
    /// assessment (the last one open, else the newest), or starts a new one.
    pub fn start(built_in: Questionnaire) -> Self {
        let blank = Assessment::new(&built_in);
        let questionnaire = RwSignal::new(built_in.clone());
        let assessment = RwSignal::new(blank);
        let report = Memo::new(move |_| questionnaire.with(|q| assessment.with(|a| score(q, a))));
        let roadmap = Memo::new(move |_| {
            let today = clock::today();
            questionnaire.with(|q| assessment.with(|a| report.with(|r| plan(q, a, r, today))))
        });
        let workshop = Workshop {
            built_in: StoredValue::new(built_in),
            questionnaire,
            questionnaire_json: RwSignal::new(None),
            entry_id: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            assessment,
            report,
            roadmap,
            current: RwSignal::new(0),
            tab: RwSignal::new(Tab::Questions),
            status: RwSignal::new(SaveStatus::Saved),
            library: RwSignal::new(storage::Library::default()),
            notice: RwSignal::new(None),
            last_written: StoredValue::new(String::new()),
        };

        match storage::load_library() {
            Ok(library) => {
                let active = storage::active_id();
                let pick = library
                    .entries
                    .iter()
                    .find(|e| Some(&e.id) == active.as_ref())
                    .or(library.entries.first())
                    .cloned();
                let damaged = library.damaged.len();
                workshop.library.set(library);
                if damaged > 0 {
                    workshop.notice.set(Some(Notice::error(
                        format!("{damaged} saved assessment(s) could not be read. They are kept: see Assessments to download the raw data."),
                        Vec::new(),
                    )));
                }
                let opened = pick.map(|entry| workshop.open(entry)).unwrap_or(false);
                if !opened {
                    workshop.create(workshop.built_in.get_value(), None, "Untitled assessment");
                }
            }
            Err(error) => {
                workshop.status.set(SaveStatus::NotSaved(error.to_string()));
                workshop.entry_id.set(new_id());
                workshop.name.set("Untitled assessment".into());
            }
        }
        workshop.autosave();
        workshop.watch_other_tabs();
        workshop
    }

    /// The questionnaire an entry answers, if this app can resolve it.
    pub fn questionnaire_for(&self, entry: &SavedAssessment) -> Result<Questionnaire, String> {
        if let Some(text) = &entry.questionnaire_json {
            return Questionnaire::from_json(text)
                .map_err(|e| format!("its custom questionnaire is invalid: {e}"));
        }
        let built_in = self.built_in.get_value();
        if entry.assessment.answers_questionnaire(&built_in) {
            Ok(built_in)
        } else {
            Err(format!(
                "it answers the questionnaire \"{}\", which is not loaded",
                entry.assessment.questionnaire.id
            ))
        }
    }

    /// Opens a saved entry; false (with a notice) when its questionnaire cannot be resolved.
    pub fn open(&self, entry: SavedAssessment) -> bool {
        let questionnaire = match self.questionnaire_for(&entry) {
            Ok(questionnaire) => questionnaire,
            Err(reason) => {
                self.notice.set(Some(Notice::error(
                    format!("\"{}\" cannot be opened: {reason}.", entry.name),
                    Vec::new(),
                )));
                return false;
            }
        };
        let text = entry.encode();
        self.last_written.set_value(text);
        self.status.set(SaveStatus::Saved);
        self.questionnaire.set(questionnaire);
        self.questionnaire_json
            .set(entry.questionnaire_json.clone());
        self.entry_id.set(entry.id.clone());
        self.name.set(entry.name.clone());
        self.assessment.set(entry.assessment);
        self.current.set(0);
        storage::set_active_id(&entry.id);
        true
    }

    /// Starts a new assessment of `questionnaire` and saves it at once.
    pub fn create(&self, questionnaire: Questionnaire, json: Option<String>, name: &str) {
        let entry = SavedAssessment {
            questionnaire_json: json,
            ..SavedAssessment::new(
                new_id(),
                name.to_string(),
                clock::now_ms(),
                Assessment::new(&questionnaire),
            )
        };
        self.store(&entry);
        self.open(entry);
    }

    /// Writes an entry and updates the library list; reports storage trouble in `status`.
    pub fn store(&self, entry: &SavedAssessment) -> bool {
        match storage::save(entry) {
            Ok(text) => {
                if entry.id == self.entry_id.get_untracked() {
                    self.last_written.set_value(text);
                    self.status.set(SaveStatus::Saved);
                }
                self.library.update(|library| {
                    library.entries.retain(|e| e.id != entry.id);
                    library.entries.push(entry.clone());
                    crate::domain::library::sort_newest_first(&mut library.entries);
                });
                true
            }
            Err(error) => {
                self.status.set(SaveStatus::NotSaved(error.to_string()));
                false
            }
        }
    }

    /// The open assessment as a library entry, stamped now.
    pub fn current_entry(&self) -> SavedAssessment {
        SavedAssessment {
            questionnaire_json: self.questionnaire_json.get_untracked(),
            ..SavedAssessment::new(
                self.entry_id.get_untracked(),
                self.name.get_untracked(),
                clock::now_ms(),
                self.assessment.get_untracked(),
            )
        }
    }

    /// Offers an entry's assessment file for download, named after the entry.
    pub fn export_assessment(&self, entry: &SavedAssessment) {
        let name = format!("{}.assessment.json", file_stem(&entry.name));
        if let Err(error) = download_text(&name, "application/json", &entry.assessment.to_json()) {
            self.notice.set(Some(Notice::error(error, Vec::new())));
        }
    }

    /// Saves every change to the assessment or its name as it happens.
    fn autosave(&self) {
        let workshop = *self;
        let saved = StoredValue::new((self.assessment.get_untracked(), self.name.get_untracked()));
        Effect::new(move |_| {
            let assessment = workshop.assessment.get();
            let name = workshop.name.get();
            let unchanged = saved.with_value(|(a, n)| *a == assessment && *n == name);
            let paused = matches!(workshop.status.get_untracked(), SaveStatus::Conflict { .. });
            if unchanged || paused {
                return;
            }
            saved.set_value((assessment, name));
            workshop.store(&workshop.current_entry());
        });
    }

    /// Notices when another tab writes the open assessment, instead of overwriting it.
    fn watch_other_tabs(&self) {
        let workshop = *self;
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            let key = storage::entry_key(&workshop.entry_id.get_untracked());
            if event.key().as_deref() != Some(key.as_str()) {
                return;
            }
            match event.new_value() {
                Some(theirs) if workshop.last_written.with_value(|ours| *ours != theirs) => {
                    workshop.status.set(SaveStatus::Conflict { theirs });
                }
                _ => {}
            }
        });
        // The listener lives as long as the page.
        std::mem::forget(handle);
    }

    /// Resolves a conflict by loading the other tab's version.
    pub fn take_theirs(&self, theirs: &str) {
        match SavedAssessment::decode(theirs) {
            Ok(entry) => {
                self.open(entry);
            }
            Err(error) => self.notice.set(Some(Notice::error(
                format!("The other tab's version cannot be read: {error}. Kept this one."),
                Vec::new(),
            ))),
        }
        if matches!(self.status.get_untracked(), SaveStatus::Conflict { .. }) {
            self.keep_ours();
        }
    }

    /// Resolves a conflict by writing this tab's version over the other.
    pub fn keep_ours(&self) {
        self.status.set(SaveStatus::Saved);
        self.store(&self.current_entry());
    }

    /// Sets the answer of a question (or clears it with `None`).
    pub fn answer(&self, question_id: &str, answer: Option<Answer>) {
        self.assessment
            .update(|a| a.set_answer(question_id, answer));
    }

    pub fn set_note(&self, question_id: &str, note: String) {
        self.assessment.update(|a| {
            let response = a.responses.entry(question_id.to_string()).or_default();
            response.note = note;
            if response.answer.is_none() && response.note.is_empty() {
                a.responses.remove(question_id);
            }
        });
    }

    /// (area index, question index) for every question, in workshop order.
    pub fn positions(&self) -> Vec<(usize, usize)> {
        self.questionnaire.with(|q| {
            q.areas
                .iter()
                .enumerate()
                .flat_map(|(a, area)| (0..area.questions.len()).map(move |i| (a, i)))
                .collect()
        })
    }
}
