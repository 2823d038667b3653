//! The workshop state: one signal holds the [`Workspace`] (the library and the open
//! assessment, whose rules live in the domain); the views read memos derived from it and
//! change it only through the commands below. The report is a memo computed from the open
//! assessment by the domain (the roadmap too, made by the Results view: see
//! `results::ResultsPage`).

use crate::domain::answer::Answer;
use crate::domain::assessment::{Assessment, QuestionnaireRef, Respondent};
use crate::domain::progress::{self, BenchmarkFile};
use crate::domain::questionnaire::{Questionnaire, Reader};
use crate::domain::report::{score, Report};
use crate::domain::room::{self, AnsweringAs, Invitation, Refused, RespondentFile};
use crate::domain::share::{Link, Shared};
use crate::domain::text::file_stem;
use crate::domain::workspace::{Choice, Damaged, Entry, Status, Workspace, QUESTIONNAIRE_PREFIX};
use crate::platform::clock;
use crate::platform::download::download_text;
use crate::platform::storage::LocalStore;
use leptos::prelude::*;
use std::sync::Arc;

/// The views of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Library,
    Setup,
    Questions,
    Results,
    /// Respondent mode only: who answers, and the file to send back.
    Send,
    /// Follow-ups, comparisons, the portfolio and the benchmark.
    Progress,
}

/// Everything the views share. Cheap to copy: it only holds signal handles.
#[derive(Clone, Copy)]
pub struct Workshop {
    /// The one source of truth; private, so every change goes through a command.
    workspace: RwSignal<Workspace>,
    pub questionnaire: Memo<Arc<Questionnaire>>,
    pub assessment: Memo<Assessment>,
    pub entry_id: Memo<String>,
    pub name: Memo<String>,
    /// Whether the open assessment answers a custom questionnaire.
    pub is_custom: Memo<bool>,
    /// Whether the open entry is one respondent's own answers (respondent mode: no
    /// weights, roadmap, level or other people's answers).
    pub respondent_mode: Memo<bool>,
    pub status: Memo<Status>,
    /// What the status means, in words.
    pub status_text: Memo<String>,
    /// The library, newest first.
    pub entries: Memo<Vec<Entry>>,
    /// Changes whenever `entries` does: what follows the library on every answer reads
    /// this, not `entries`, whose copy and comparison grow with the library.
    ///
    /// Memos here are read to be followed (`get`, or `with(|_| ())`), never only
    /// `track`ed: tracking does not run a memo that nothing has read yet, and a memo that
    /// never ran has not subscribed to its own sources, so it never wakes what tracks it
    /// (the hidden Results once missed every library change that way).
    pub library_changes: Memo<usize>,
    pub damaged: Memo<Vec<Damaged>>,
    pub report: Memo<Report>,
    /// Index of the current question over the whole questionnaire.
    pub current: RwSignal<usize>,
    pub tab: RwSignal<Tab>,
    /// A message about the last library action (import, delete, ...).
    pub notice: RwSignal<Option<Notice>>,
    /// A share link opened in this page, waiting for the user's choice (or for its
    /// questionnaire to be loaded).
    pub shared: RwSignal<Option<Link>>,
    /// Assessment files imported for the portfolio only (kept in this page, not saved).
    pub portfolio_files: RwSignal<Vec<Assessment>>,
    /// Rows of imported benchmark files, pooled into the agency's band (this page only).
    pub benchmark: RwSignal<Vec<BenchmarkFile>>,
    /// The width charts are drawn for: narrow on phones, so their text stays readable.
    pub chart_size: RwSignal<crate::domain::charts::Size>,
    /// Changed by the Shell in an idle moment after the answers changed: the Results view,
    /// kept on the page while hidden, catches up then (see [`Workshop::held`]).
    pub results_refresh: RwSignal<u32>,
}

/// Whether the questionnaire memo changed: only when the workspace hands over another
/// questionnaire, which it keeps one shared copy of per questionnaire. Comparing the
/// contents instead walked every text of the questionnaire on every answer, and its code
/// was 2 KB of the first load's wasm; at worst a copy read again (another tab's change)
/// counts as a change, and the Questions view builds its areas again.
fn another_questionnaire(
    old: Option<&Arc<Questionnaire>>,
    new: Option<&Arc<Questionnaire>>,
) -> bool {
    !matches!((old, new), (Some(old), Some(new)) if Arc::ptr_eq(old, new))
}

/// Below this window width, charts are drawn narrow (a wide chart would be shrunk).
const NARROW_BELOW_PX: f64 = 700.0;

/// Keeps `size` to the window's width while the calling view lives: a view with charts
/// calls it when it is built. Checked at once too, in case the width changed without a
/// resize event (as when a device is emulated). Only views in parts draw charts, so this
/// code loads with them and the first screen listens to no resize.
pub fn follow_chart_size(size: RwSignal<crate::domain::charts::Size>) {
    refresh_chart_size(size);
    let resized = window_event_listener(leptos::ev::resize, move |_| refresh_chart_size(size));
    on_cleanup(move || resized.remove());
}

fn refresh_chart_size(size: RwSignal<crate::domain::charts::Size>) {
    let now = chart_size_now();
    if size.get_untracked() != now {
        size.set(now);
    }
}

fn chart_size_now() -> crate::domain::charts::Size {
    let width = window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .unwrap_or(1024.0);
    if width < NARROW_BELOW_PX {
        crate::domain::charts::Size::Narrow
    } else {
        crate::domain::charts::Size::Wide
    }
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

    pub fn info_with(text: impl Into<String>, details: Vec<String>) -> Self {
        Notice {
            error: false,
            text: text.into(),
            details,
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

/// Reads the library from the browser's storage (migrating older entries) and opens the
/// assessment that was open last, else the newest, else a new one, written at once.
pub fn read_library(built_in: Questionnaire, reader: Option<Reader>) -> Workspace {
    let active = LocalStore::active_id();
    Workspace::load(
        &mut LocalStore,
        built_in,
        reader,
        active.as_deref(),
        new_id(),
        clock::now_ms(),
    )
}

thread_local! {
    /// What other tabs wrote (the storage keys) after the library was read in a task before
    /// the workshop's own listener was there, with the listener that heard them.
    /// (An event with no key, the whole store cleared, is counted apart: it reads every
    /// key again, so where it came in the order does not matter.)
    static HEARD_EARLY: std::cell::RefCell<Option<(WindowListenerHandle, Vec<String>, bool)>> =
        const { std::cell::RefCell::new(None) };
}

/// Notes what other tabs write from now (the task the library was read in) until
/// [`Workshop::on`] takes that library: the browser tells a page of such writes once, by an
/// event between tasks, and the workshop's own listener is not there yet.
pub fn hear_other_tabs_early() {
    let listener = window_event_listener(leptos::ev::storage, |event| {
        HEARD_EARLY.with(|heard| {
            if let Some((_, keys, cleared)) = heard.borrow_mut().as_mut() {
                match event.key() {
                    Some(key) => keys.push(key),
                    None => *cleared = true,
                }
            }
        });
    });
    HEARD_EARLY.with(|heard| *heard.borrow_mut() = Some((listener, Vec::new(), false)));
}

impl Workshop {
    /// Whether the open assessment answers the built-in questionnaire this app was built
    /// with (the one the static first screen shows), not a custom or an earlier one.
    pub fn on_built_in(&self) -> bool {
        let questionnaire = self.questionnaire.get_untracked();
        self.workspace
            .with_untracked(|w| Arc::ptr_eq(w.built_in(), &questionnaire))
    }

    /// The workshop on a library read earlier (see [`read_library`]); other tabs' writes
    /// heard since then (see [`hear_other_tabs_early`]) are handed to it first.
    pub fn on(mut loaded: Workspace) -> Self {
        let migrated = loaded.take_message();
        let damaged = loaded.damaged().len();
        let workspace = RwSignal::new(loaded);
        let questionnaire = Memo::new_with_compare(
            move |_| workspace.with(|w| w.questionnaire().clone()),
            another_questionnaire,
        );
        let assessment = Memo::new(move |_| workspace.with(|w| w.assessment().clone()));
        let report = Memo::new(move |_| questionnaire.with(|q| assessment.with(|a| score(q, a))));
        let workshop = Workshop {
            workspace,
            questionnaire,
            assessment,
            entry_id: Memo::new(move |_| workspace.with(|w| w.open_entry().id.clone())),
            name: Memo::new(move |_| workspace.with(|w| w.open_entry().name.clone())),
            is_custom: Memo::new(move |_| workspace.with(|w| w.open_custom().is_some())),
            respondent_mode: Memo::new(move |_| assessment.with(|a| a.answering_as.is_some())),
            status: Memo::new(move |_| workspace.with(|w| w.status().clone())),
            status_text: Memo::new(move |_| workspace.with(Workspace::status_text)),
            entries: Memo::new(move |_| workspace.with(|w| w.entries().to_vec())),
            library_changes: Memo::new(move |_| workspace.with(Workspace::library_changes)),
            damaged: Memo::new(move |_| workspace.with(|w| w.damaged().to_vec())),
            report,
            current: RwSignal::new(0),
            tab: RwSignal::new(Tab::Questions),
            notice: RwSignal::new(None),
            shared: RwSignal::new(None),
            portfolio_files: RwSignal::new(Vec::new()),
            benchmark: RwSignal::new(Vec::new()),
            // Set to the window's width by the views that draw charts (`follow_chart_size`).
            chart_size: RwSignal::new(crate::domain::charts::Size::Wide),
            results_refresh: RwSignal::new(0),
        };
        if damaged > 0 {
            workshop.notice.set(Some(Notice::error(
                format!("{damaged} saved assessment(s) could not be read. They are kept: see Assessments to download the raw data."),
                Vec::new(),
            )));
        } else if let Some(message) = migrated {
            workshop.notice.set(Some(Notice::info(message)));
        }
        workshop.watch_other_tabs();
        let heard = HEARD_EARLY.with(|heard| heard.borrow_mut().take());
        if let Some((listener, keys, cleared)) = heard {
            listener.remove();
            for key in keys {
                workshop.other_tab_wrote(Some(&key));
            }
            if cleared {
                workshop.other_tab_wrote(None);
            }
        }
        // An entry the start-up check did not see (see `Workspace::needs_reader`), or whose
        // reader did not load then, waits for it: fetch it now rather than never.
        workshop.fetch_reader_if_wanted();
        workshop
    }

    /// The workshop as a view kept on the page while hidden sees it (Results, see the
    /// Shell): the open assessment, its questionnaire, name, report and the
    /// library follow the real ones while `live` is true; otherwise each stays as it was
    /// until `refresh` changes, so answers given elsewhere wake nothing in the hidden view
    /// until it is brought up to date in an idle moment. Commands and the other signals are
    /// the workshop's own. Called only by the Results view's part, so this code is there,
    /// not in the first load.
    pub fn held(self, live: Memo<bool>) -> Self {
        let refresh = self.results_refresh;
        fn hold<T>(
            source: Memo<T>,
            live: Memo<bool>,
            refresh: RwSignal<u32>,
            changed: fn(Option<&T>, Option<&T>) -> bool,
        ) -> Memo<T>
        where
            T: Clone + Send + Sync + 'static,
        {
            Memo::new_with_compare(
                move |_| {
                    if live.get() {
                        source.get()
                    } else {
                        refresh.track();
                        source.get_untracked()
                    }
                },
                changed,
            )
        }
        fn differ<T: PartialEq>(old: Option<&T>, new: Option<&T>) -> bool {
            old != new
        }
        // The library by its count of changes: holding the list itself would copy it and
        // compare every entry whenever `live` changes, in the click that opens Results.
        let library_changes = hold(self.library_changes, live, refresh, differ);
        let entries = self.entries;
        Workshop {
            questionnaire: hold(self.questionnaire, live, refresh, another_questionnaire),
            assessment: hold(self.assessment, live, refresh, differ),
            name: hold(self.name, live, refresh, differ),
            entries: Memo::new_with_compare(
                move |_| {
                    library_changes.get();
                    entries.get_untracked()
                },
                // It runs again only when the count changed, and then so did the list.
                |_, _| true,
            ),
            library_changes,
            report: hold(self.report, live, refresh, differ),
            ..self
        }
    }

    /// Runs a command on the workspace with the browser's storage and clock, and shows any
    /// message it leaves.
    fn command<T>(&self, run: impl FnOnce(&mut Workspace, &mut LocalStore, f64) -> T) -> T {
        let mut store = LocalStore;
        let now = clock::now_ms();
        let mut outcome = None;
        self.workspace.update(|w| {
            let result = run(w, &mut store, now);
            outcome = Some((result, w.take_message()));
        });
        let (result, message) = outcome.expect("the workspace signal is alive for the page");
        if let Some(message) = message {
            self.notice.set(Some(Notice::error(message, Vec::new())));
        }
        self.fetch_reader_if_wanted();
        result
    }

    /// Changes the open assessment (saved at once).
    pub fn edit(&self, change: impl FnOnce(&mut Assessment)) {
        self.command(|w, store, now| w.edit(store, now, change));
    }

    /// Changes the open assessment and returns what the change says.
    pub fn edit_returning<T>(&self, change: impl FnOnce(&mut Assessment) -> T) -> T {
        let mut outcome = None;
        self.edit(|a| outcome = Some(change(a)));
        outcome.expect("edit runs the change")
    }

    /// Sets the answer of a question (or clears it with `None`).
    pub fn answer(&self, question_id: &str, answer: Option<Answer>) {
        self.edit(|a| a.set_answer(question_id, answer));
    }

    pub fn set_note(&self, question_id: &str, note: String) {
        self.edit(|a| a.update_response(question_id, |r| r.note = note));
    }

    pub fn rename(&self, id: &str, name: &str) {
        self.command(|w, store, now| w.rename(store, now, id, name));
    }

    /// Opens a library entry; false (with a notice saying why) when it cannot be opened.
    pub fn open(&self, id: &str) -> bool {
        let outcome = self.command(|w, store, _| w.open(store, id));
        self.after_switch(outcome)
    }

    /// Starts a new assessment, of the built-in questionnaire or of a custom one.
    pub fn create(&self, custom: Option<(Questionnaire, String)>, name: &str) -> bool {
        let outcome = self.command(|w, store, now| w.create(store, now, new_id(), name, custom));
        self.after_switch(outcome)
    }

    /// Imports an assessment file as a new entry.
    pub fn import(&self, assessment: Assessment, name: &str) -> Result<(), String> {
        let outcome =
            self.command(|w, store, now| w.import(store, now, new_id(), name, assessment));
        if outcome.is_ok() {
            self.current.set(0);
        }
        outcome
    }

    /// Adds respondent files to the open assessment, each on its own: a refused file
    /// changes nothing. The notice lists what each file did.
    pub fn add_respondent_files(&self, files: Vec<(String, Result<String, String>)>) {
        let questionnaire = self.questionnaire.get_untracked();
        let mut lines = Vec::new();
        let mut added = 0;
        self.edit(|assessment| {
            for (name, text) in files {
                let outcome = text
                    .map_err(Refused)
                    .and_then(|text| RespondentFile::from_json(&text))
                    .and_then(|file| room::add_respondent(assessment, &questionnaire, file));
                match outcome {
                    Ok(done) => {
                        added += 1;
                        lines.push(format!("{name}: {done}."));
                    }
                    Err(refused) => lines.push(format!(
                        "{name} was refused, nothing from it was added: {refused}."
                    )),
                }
            }
        });
        let refused = lines.len() - added;
        let text = format!(
            "{added} respondent file(s) added, {refused} refused.{}",
            if added > 0 {
                " Their answers are votes: agree each question to score it."
            } else {
                ""
            }
        );
        self.notice.set(Some(if refused > 0 {
            Notice::error(text, lines)
        } else {
            Notice::info_with(text, lines)
        }));
    }

    /// Opens (or starts) this browser's own answers for a respondent link: the entry
    /// already answering that invitation, else a new respondent-mode entry.
    pub fn answer_invitation(&self, invitation: &Invitation) {
        let wanted = &invitation.questionnaire;
        let known = self.workspace.with_untracked(|w| {
            let built_in = w.built_in();
            (wanted.id == built_in.id
                && (wanted.version == built_in.version
                    || Questionnaire::ships_earlier(&wanted.version)))
                || (wanted.id == w.questionnaire().id
                    && wanted.version == w.questionnaire().version)
        });
        if !known {
            self.notice.set(Some(Notice::error(
                format!(
                    "This respondent link is for the questionnaire \"{}\" version {}, which this browser does not have. Ask your facilitator for the questionnaire file, load it under Assessments, then open the link again.",
                    wanted.id, wanted.version
                ),
                Vec::new(),
            )));
            return;
        }
        let existing = self.entries.with_untracked(|entries| {
            entries
                .iter()
                .find(|e| invitation.answered_by(&e.assessment))
                .map(|e| e.id.clone())
        });
        if let Some(id) = existing {
            if self.open(&id) {
                self.tab.set(Tab::Questions);
            }
            return;
        }
        let mut assessment = Assessment::new(&self.questionnaire.get_untracked());
        assessment.questionnaire = wanted.clone();
        assessment.client = invitation.client.clone();
        assessment.answering_as = Some(AnsweringAs {
            respondent: Respondent {
                id: new_id(),
                name: String::new(),
                role: String::new(),
            },
            client: invitation.client.clone(),
        });
        let name = match invitation.client.trim() {
            "" => "My answers".to_string(),
            client => format!("My answers for {client}"),
        };
        match self.import(assessment, &name) {
            Ok(()) => self.tab.set(Tab::Questions),
            Err(reason) => self.notice.set(Some(Notice::error(reason, Vec::new()))),
        }
    }

    /// The questionnaire a file or link names, if this page has it: a built-in version,
    /// or the custom questionnaire of the open assessment.
    pub fn questionnaire_for(
        &self,
        wanted: &crate::domain::assessment::QuestionnaireRef,
    ) -> Option<Arc<Questionnaire>> {
        // Without notifying: an earlier version read here is only kept for next time.
        self.workspace.try_update_untracked(|w| {
            let built_in = w.built_in();
            if wanted.id == built_in.id && wanted.version == built_in.version {
                return Some(built_in.clone());
            }
            if wanted.id == w.questionnaire().id && wanted.version == w.questionnaire().version {
                return Some(w.questionnaire().clone());
            }
            if wanted.id == built_in.id {
                return w.earlier_built_in(&wanted.version);
            }
            None
        })?
    }

    /// Ends the offer of a share link: the link leaves the address bar too.
    pub fn forget_shared(&self) {
        self.shared.set(None);
        crate::platform::link::clear_fragment();
    }

    /// Imports the assessment of the share link as a new entry (never over another).
    pub fn import_shared(&self, shared: Shared) {
        let Shared::Assessment(assessment) = shared else {
            return;
        };
        let name = match assessment.client.trim() {
            "" => "Shared assessment".to_string(),
            client => format!("{client} (from a link)"),
        };
        match self.import(*assessment, &name) {
            Ok(()) => {
                self.forget_shared();
                self.tab.set(Tab::Results);
                self.notice.set(Some(Notice::info(format!(
                    "Imported the shared assessment as a new entry \"{name}\". No existing assessment was changed."
                ))));
            }
            Err(reason) => self.notice.set(Some(Notice::error(reason, Vec::new()))),
        }
    }

    /// Adds the respondent of a share link to the library entry `entry_id` (opened first),
    /// or, with `None`, to a new assessment of the same questionnaire and client.
    pub fn add_shared_respondent(&self, shared: Shared, entry_id: Option<&str>) {
        let Shared::Respondent(file) = shared else {
            return;
        };
        let opened = match entry_id {
            Some(id) if id == self.entry_id.get_untracked() => true,
            Some(id) => self.open(id),
            None => {
                let mut assessment = Assessment::new(&self.questionnaire.get_untracked());
                assessment.questionnaire = file.questionnaire.clone();
                assessment.client = file.client.clone();
                let name = match file.client.trim() {
                    "" => "Workshop".to_string(),
                    client => format!("{client} workshop"),
                };
                match self.import(assessment, &name) {
                    Ok(()) => true,
                    Err(reason) => {
                        self.notice.set(Some(Notice::error(reason, Vec::new())));
                        false
                    }
                }
            }
        };
        if !opened {
            return;
        }
        let questionnaire = self.questionnaire.get_untracked();
        let outcome = self.edit_returning(|a| room::add_respondent(a, &questionnaire, file));
        match outcome {
            Ok(added) => {
                self.forget_shared();
                self.notice.set(Some(Notice::info(format!(
                    "Added to \"{}\": {added}. Their answers are votes: agree each question to score it.",
                    self.name.get_untracked()
                ))));
            }
            Err(refused) => self.notice.set(Some(Notice::error(
                format!("The answers were not added, nothing changed: {refused}."),
                Vec::new(),
            ))),
        }
    }

    /// Starts a follow-up of the open assessment as a new entry (the earlier one is kept and
    /// joins the same lineage) and opens it.
    pub fn start_follow_up(&self) {
        let earlier = self.assessment.get_untracked();
        let earlier_name = self.name.get_untracked();
        let today = clock::today();
        let (next, lineage) = progress::follow_up(&earlier, &earlier_name, new_id(), today);
        if earlier.lineage.as_ref() != Some(&lineage) {
            self.edit(|a| a.lineage = Some(lineage));
        }
        let client = match earlier.client.trim() {
            "" => earlier_name.clone(),
            client => client.to_string(),
        };
        let name = format!("{client} follow-up {today}");
        match self.import(next, &name) {
            Ok(()) => {
                self.tab.set(Tab::Questions);
                self.notice.set(Some(Notice::info(format!(
                    "Started \"{name}\": the same client, weights, target and settings, no answers yet. Each question shows last time's answer; \"{earlier_name}\" is unchanged."
                ))));
            }
            Err(reason) => self.notice.set(Some(Notice::error(reason, Vec::new()))),
        }
    }

    /// The newer built-in version the open assessment can move to, if any.
    pub fn newer_version(&self) -> Option<String> {
        self.workspace
            .with(|w| w.newer_version().map(str::to_string))
    }

    /// Moves the open assessment to the newer built-in version as a new entry (the earlier
    /// one is kept as it is) and says what was carried and what is left to answer.
    pub fn move_to_newer_version(&self) {
        let outcome = self.command(|w, store, now| w.move_to_newer_version(store, now, new_id()));
        match outcome {
            Ok(upgrade) => {
                let prompts: Vec<String> = self.questionnaire.with_untracked(|q| {
                    q.areas
                        .iter()
                        .flat_map(|a| &a.questions)
                        .filter(|question| upgrade.to_answer.contains(&question.id))
                        .map(|question| question.prompt.clone())
                        .collect()
                });
                let first = self.questionnaire.with_untracked(|q| {
                    q.areas
                        .iter()
                        .flat_map(|a| &a.questions)
                        .position(|question| upgrade.to_answer.contains(&question.id))
                });
                self.current.set(first.unwrap_or(0));
                self.notice.set(Some(Notice::info_with(
                    format!(
                        "Moved to version {} as a new assessment \"{}\"; the earlier one is unchanged. {} answers carried over; {} questions are new or changed and need an answer:",
                        self.questionnaire.with_untracked(|q| q.version.clone()),
                        self.name.get_untracked(),
                        upgrade.carried.len(),
                        upgrade.to_answer.len()
                    ),
                    prompts,
                )));
                self.tab.set(Tab::Questions);
            }
            Err(reason) => self.notice.set(Some(Notice::error(reason, Vec::new()))),
        }
    }

    pub fn duplicate(&self, id: &str) -> Result<String, String> {
        self.command(|w, store, now| w.duplicate(store, now, id, new_id()))
    }

    pub fn delete(&self, id: &str) {
        let was_open = self.entry_id.get_untracked() == id;
        self.command(|w, store, now| w.delete(store, now, id, new_id()));
        if was_open {
            self.current.set(0);
        }
    }

    pub fn remove_damaged(&self, key: &str) {
        self.command(|w, store, _| w.remove_damaged(store, key));
    }

    /// Resolves a conflict with another tab the way the user chose. Taking the other
    /// version reads it: on a page without the reader yet, once it is here.
    pub fn resolve(&self, choice: Choice) {
        if choice == Choice::TakeTheirs && !self.workspace.with_untracked(Workspace::has_reader) {
            let workshop = *self;
            return leptos::task::spawn_local(async move {
                workshop.with_reader(true).await;
                workshop.resolve_now(choice);
            });
        }
        self.resolve_now(choice);
    }

    fn resolve_now(&self, choice: Choice) {
        let before = self.entry_id.get_untracked();
        self.command(|w, store, now| w.resolve(store, now, choice, new_id()));
        if self.entry_id.get_untracked() != before {
            self.current.set(0);
        }
    }

    /// Tries to save again after the browser refused a write.
    pub fn retry(&self) {
        self.command(|w, store, now| w.retry(store, now));
    }

    fn after_switch(&self, outcome: Result<(), String>) -> bool {
        match outcome {
            Ok(()) => {
                self.current.set(0);
                true
            }
            Err(reason) => {
                self.notice.set(Some(Notice::error(reason, Vec::new())));
                false
            }
        }
    }

    /// The open assessment as the page shows it.
    pub fn current_entry(&self) -> Entry {
        self.workspace.with_untracked(|w| w.open_entry().clone())
    }

    /// Offers an entry's assessment file for download, named after the entry.
    pub fn export_assessment(&self, entry: &Entry) {
        let name = format!("{}.assessment.json", file_stem(&entry.name));
        if let Err(error) = download_text(&name, "application/json", &entry.assessment.to_json()) {
            self.notice.set(Some(Notice::error(error, Vec::new())));
        }
    }

    /// Hands other tabs' writes to the workspace, which decides what they mean.
    fn watch_other_tabs(&self) {
        let workshop = *self;
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            workshop.other_tab_wrote(event.key().as_deref());
        });
        // The listener lives as long as the page.
        std::mem::forget(handle);
    }

    /// Another tab wrote `key` in the browser's storage, or cleared it all (`None`: the
    /// browser's event names no key then).
    fn other_tab_wrote(&self, key: Option<&str>) {
        let Some(key) = key else {
            return self.command(|w, store, _| w.storage_cleared(store));
        };
        // (`command` fetches the reader if what another tab wrote waits for it.)
        self.command(|w, store, _| w.storage_changed(store, key));
        // Another tab stored a custom questionnaire, before the entry that answers it.
        if key.starts_with(QUESTIONNAIRE_PREFIX) {
            self.fetch_reader();
        }
    }

    /// Gives the workspace the reader unless it has it (a view whose part brings it).
    pub fn give_reader(&self, reader: Reader) {
        if !self.workspace.with_untracked(Workspace::has_reader) {
            self.command(|w, store, _| w.set_reader(store, reader));
        }
    }

    /// Fetches the reader if the workspace waits for it (`Workspace::wants_reader`: a first
    /// visit starts without it, and another tab's entry, or its version of this page's, is
    /// read with it). Every command ends here.
    fn fetch_reader_if_wanted(&self) {
        if self.workspace.with_untracked(Workspace::wants_reader) {
            self.fetch_reader();
        }
    }

    /// Gives the workspace the part that reads saved assessments and questionnaires
    /// (custom ones and earlier built-in versions) unless it has it; the workspace then
    /// reads again the entries that waited for it. False if the part could not be loaded.
    /// `asked`: a user's action needs it now, so it is tried whatever happened before;
    /// otherwise the page tries only when its turn has come (see `super::reader_turn`).
    async fn with_reader(&self, asked: bool) -> bool {
        if self.workspace.with_untracked(Workspace::has_reader) {
            return true;
        }
        if !super::reader_turn(asked) {
            return false;
        }
        let part = super::questionnaire_reader().await.ok();
        super::reader_tried(part.is_some());
        match part {
            Some(part) => {
                self.command(|w, store, _| (part.install)(w, store, part.reader));
                true
            }
            None => false,
        }
    }

    /// [`Self::with_reader`] in a task of its own, on the page's own initiative.
    fn fetch_reader(&self) {
        let workshop = *self;
        leptos::task::spawn_local(async move {
            workshop.with_reader(false).await;
        });
    }

    /// Runs `then` once this page can read `questionnaire`: at once, or, for an earlier
    /// built-in version not read yet, once the part that reads it has arrived. If that part
    /// cannot be loaded, a notice says so and `then` is not run.
    pub fn when_readable(&self, questionnaire: &QuestionnaireRef, then: impl FnOnce() + 'static) {
        if !self
            .workspace
            .with_untracked(|w| w.needs_reader_for(questionnaire))
        {
            return then();
        }
        let workshop = *self;
        let version = questionnaire.version.clone();
        leptos::task::spawn_local(async move {
            if workshop.with_reader(true).await {
                then();
            } else {
                workshop.notice.set(Some(Notice::error(
                    format!("This needs version {version} of the built-in questionnaire, and the part of the app that reads it did not load. Check the connection and try again."),
                    Vec::new(),
                )));
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
