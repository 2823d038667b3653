//! The assessment library and the open assessment, as a state machine over a [`Store`].
//!
//! The rules that keep "never loses an answer" true live here, in plain Rust, so they are
//! tested natively by the thousand (`tests/workspace.rs`, a model test with two tabs on one
//! store and writes that fail). The Leptos layer holds one `Workspace`, calls its commands
//! and shows its state; it decides nothing.
//!
//! | state | what is true | leaves by |
//! | --- | --- | --- |
//! | `Saved` | the store holds exactly what the page shows | any change: a write (stays `Saved`, or `NotSaved` if refused); another tab's write or delete of this entry (`Conflict`) |
//! | `NotSaved` | the page holds changes the store refused; they stay in the page | the next write that succeeds (`Saved`); another tab's change (`Conflict`) |
//! | `Conflict` | the stored entry was changed or deleted by another tab; the page keeps its own version and saving waits | the user keeps this page's version (written over theirs) or takes theirs (loaded, or for a delete, the entry is let go) |
//!
//! Writes compare before they write: the entry is written only if the store still holds
//! the text this page last read or wrote, so a change or a delete by another tab is caught
//! even before its `storage` event arrives. Opening an entry reads it and writes nothing.
//! While the page holds changes the store does not have (`NotSaved`, `Conflict`), commands
//! that would replace them (open another, new, import) are refused with a reason.

mod entry;
mod store;

pub use entry::*;
pub use store::*;

use crate::domain::assessment::{Assessment, QuestionnaireRef};
use crate::domain::order::SortedMap;
use crate::domain::questionnaire::{Questionnaire, Reader};
use crate::domain::upgrade::{move_to, Upgrade};
use std::sync::Arc;

/// Whether the open assessment is safely stored, and if not, which version is the truth.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Saved,
    /// The store refused the last write; the page holds changes the store does not.
    NotSaved(StoreError),
    /// Another tab changed or deleted the stored entry; saving waits for the user.
    Conflict(Theirs),
}

/// The other tab's version in a conflict.
#[derive(Debug, Clone, PartialEq)]
pub enum Theirs {
    /// Another version is stored. (A page that cannot read entries yet knows only that
    /// the text changed: [`Workspace::set_reader`] looks again.)
    Changed,
    Deleted,
}

/// The user's answer to a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Write this page's version over theirs (or save it again after a delete).
    KeepMine,
    /// Load the other tab's version (or, after a delete, let this one go).
    TakeTheirs,
}

/// A stored entry that cannot be used, kept with its raw text for download.
#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    pub key: String,
    pub raw: String,
    pub error: EntryError,
}

/// The questionnaire an entry answers: the built-in one, or a custom one with its text.
#[derive(Debug, Clone)]
pub struct Custom {
    pub key: String,
    pub text: Arc<str>,
    pub questionnaire: Arc<Questionnaire>,
}

/// The open assessment.
#[derive(Debug, Clone)]
pub struct Open {
    /// The page's version: what the user sees and edits.
    pub entry: Entry,
    pub questionnaire: Arc<Questionnaire>,
    /// The stored text this page's version started from (what it last read or wrote under
    /// the entry's key); `None` if it was never stored.
    base: Option<String>,
}

/// The library and the open assessment.
#[derive(Debug, Clone)]
pub struct Workspace {
    built_in: Arc<Questionnaire>,
    /// Reads stored entries and custom questionnaires; `None` until the page has it (see
    /// [`Self::set_reader`]).
    reader: Option<Reader>,
    /// Custom questionnaires by content key, validated once per page.
    customs: SortedMap<String, Custom>,
    /// Earlier built-in versions by version, parsed when an entry needs one.
    earlier: SortedMap<String, Arc<Questionnaire>>,
    /// The library as last read from or written to the store, newest first.
    entries: Vec<Entry>,
    /// How many times `entries` changed since the library was read (see
    /// [`Self::library_changes`]).
    library_changes: usize,
    damaged: Vec<Damaged>,
    open: Open,
    status: Status,
    /// What the last command or event has to tell the user (a refusal, a migration).
    message: Option<String>,
}

/// What the user is told when a command would replace changes the store does not have.
const UNSAVED: &str = "This assessment has changes that are not saved in the browser yet. \
Export it or resolve the warning above first, so that nothing is lost.";

impl Workspace {
    /// Reads the library from `store`, migrating version 1 entries, and opens the entry
    /// named `active` (else the newest; else a new one, saved at once).
    ///
    /// Without a `reader`, an entry answering a custom questionnaire is listed as damaged
    /// ([`EntryError::NoReader`]) until [`Self::set_reader`] reads it again: give one
    /// whenever [`Self::needs_reader`] says the store holds such entries.
    pub fn load(
        store: &mut dyn Store,
        built_in: Questionnaire,
        reader: Option<Reader>,
        active: Option<&str>,
        new_id: String,
        now_ms: f64,
    ) -> Self {
        let built_in = Arc::new(built_in);
        let blank = Entry::new(
            new_id,
            "Untitled assessment".into(),
            now_ms,
            Assessment::new(&built_in),
        );
        let mut workspace = Workspace {
            reader,
            customs: SortedMap::new(),
            earlier: SortedMap::new(),
            entries: Vec::new(),
            library_changes: 0,
            damaged: Vec::new(),
            open: Open {
                entry: blank,
                questionnaire: built_in.clone(),
                base: None,
            },
            built_in,
            status: Status::Saved,
            message: None,
        };
        let mut keys: Vec<String> = store
            .keys()
            .into_iter()
            .filter(|k| k.starts_with(ENTRY_PREFIX))
            .collect();
        crate::domain::order::sort_small(&mut keys, |a, b| a.cmp(b));
        let mut migrated = 0;
        for key in keys {
            let Some(raw) = store.read(&key) else {
                continue;
            };
            match workspace.admit(store, &key, &raw) {
                Ok((entry, true)) => {
                    // Rewrite in the new layout; if that is refused the old text stays and
                    // is migrated again next time. Nothing is removed either way.
                    if store.write(&key, &entry.encode()).is_ok() {
                        migrated += 1;
                    }
                    workspace.entries.push(entry);
                }
                Ok((entry, false)) => workspace.entries.push(entry),
                Err(error) => workspace.damaged.push(Damaged { key, raw, error }),
            }
        }
        sort_newest_first(&mut workspace.entries);
        if migrated > 0 {
            workspace.message = Some(format!(
                "{migrated} saved assessment(s) were moved to the new storage layout; answers, notes and weights are unchanged."
            ));
        }
        let pick = active
            .and_then(|id| workspace.entries.iter().find(|e| e.id == id))
            .or(workspace.entries.first())
            .map(|e| e.id.clone());
        let opened = pick.is_some_and(|id| workspace.switch_to(store, &id).is_ok());
        // A blank opened only because the library waits for the reader is not stored until
        // it changes: a page that ends before the reader arrives (a reload while it loads)
        // must not leave a newer, empty assessment that opens in place of the user's next
        // time. `set_reader` opens the one that waited.
        if !opened && !workspace.entries_wait_for_reader() {
            workspace.save(store, now_ms);
        }
        // The assessment open last waits for the reader: it opens first again next time.
        if let Some(id) = active.filter(|id| {
            let key = entry_key(id);
            workspace
                .damaged
                .iter()
                .any(|d| d.key == key && d.error == EntryError::NoReader)
        }) {
            let _ = store.write(ACTIVE_KEY, id);
        }
        workspace
    }

    /// Decodes a stored entry and resolves its questionnaire; `true` when it was version 1
    /// and needs rewriting.
    fn admit(
        &mut self,
        store: &mut dyn Store,
        key: &str,
        raw: &str,
    ) -> Result<(Entry, bool), EntryError> {
        let decoded = self.decode(raw)?;
        if let (Some(content), Some(text)) =
            (&decoded.entry.questionnaire, &decoded.inline_questionnaire)
        {
            self.remember_custom(content, text)?;
            let stored_key = questionnaire_key(content);
            if store.read(&stored_key).as_deref() != Some(text.as_str()) {
                store.write(&stored_key, text).map_err(|e| {
                    EntryError::Questionnaire(format!("its questionnaire could not be stored: {e}"))
                })?;
            }
        }
        if decoded.entry.id.is_empty() || entry_key(&decoded.entry.id) != key {
            return Err(EntryError::NotJson(format!(
                "the entry's id \"{}\" does not match its key",
                decoded.entry.id
            )));
        }
        self.questionnaire_of(store, &decoded.entry)?;
        Ok((decoded.entry, decoded.from_version < STORAGE_VERSION))
    }

    /// Whether the store holds an entry (or a custom questionnaire): reading the library
    /// then needs a [`Reader`]. A first visit needs none. Looks at keys only.
    pub fn needs_reader(store: &dyn Store) -> bool {
        store
            .keys()
            .iter()
            .any(|key| key.starts_with(ENTRY_PREFIX) || key.starts_with(QUESTIONNAIRE_PREFIX))
    }

    /// Whether this page has the [`Reader`].
    pub fn has_reader(&self) -> bool {
        self.reader.is_some()
    }

    /// Gives the page what reads stored entries and custom questionnaires, reads again the
    /// entries that were listed as damaged only for the want of it, and looks again at a
    /// conflict it could not read the other version of (it may hold this page's work).
    pub fn set_reader(&mut self, store: &mut dyn Store, reader: Reader) {
        let had = self.reader.replace(reader).is_some();
        if !had && self.status == Status::Conflict(Theirs::Changed) {
            self.other_version(store.read(&self.open.entry.key()));
        }
        let waiting: Vec<Damaged> = self
            .damaged
            .iter()
            .filter(|d| d.error == EntryError::NoReader)
            .cloned()
            .collect();
        for damaged in waiting {
            self.damaged.retain(|d| d.key != damaged.key);
            match self.admit(store, &damaged.key, &damaged.raw) {
                Ok((entry, from_version_1)) => {
                    if from_version_1 {
                        // As `load` does; refused, it is migrated again next time.
                        let _ = store.write(&damaged.key, &entry.encode());
                    }
                    self.remember(entry)
                }
                Err(error) => self.damaged.push(Damaged { error, ..damaged }),
            }
        }
        // The page still shows the blank `load` opened for want of the reader, untouched
        // (never stored): open the assessment that waited, the one open last or else the
        // newest.
        if self.open.base.is_none() && self.status == Status::Saved {
            let active = store.read(ACTIVE_KEY);
            let pick = active
                .and_then(|id| self.entries.iter().find(|e| e.id == id))
                .or(self.entries.first())
                .map(|e| e.id.clone());
            if let Some(id) = pick {
                // Refused only for an entry gone meanwhile: the blank stays, as before.
                let _ = self.switch_to(store, &id);
            }
        }
    }

    /// Reads a stored entry with the [`Reader`]; [`EntryError::NoReader`] without it.
    fn decode(&self, raw: &str) -> Result<Decoded, EntryError> {
        let read = self.reader.ok_or(EntryError::NoReader)?;
        (read.entry)(raw)
    }

    /// Whether the page lacks the [`Reader`] for something it holds: an entry listed as
    /// waiting for it, or a conflict whose other version it could not read.
    pub fn wants_reader(&self) -> bool {
        self.reader.is_none()
            && (self.status == Status::Conflict(Theirs::Changed) || self.entries_wait_for_reader())
    }

    /// Whether some stored entry is listed as waiting for the [`Reader`].
    fn entries_wait_for_reader(&self) -> bool {
        self.damaged.iter().any(|d| d.error == EntryError::NoReader)
    }

    /// Validates a custom questionnaire text once and keeps it under its content key.
    fn remember_custom(&mut self, content: &str, text: &str) -> Result<Custom, EntryError> {
        if let Some(custom) = self.customs.get(content) {
            return Ok(custom.clone());
        }
        let read = self.reader.ok_or(EntryError::NoReader)?;
        let questionnaire = (read.from_json)(text).map_err(|e| {
            EntryError::Questionnaire(format!("its custom questionnaire is not valid: {e}"))
        })?;
        let custom = Custom {
            key: content.to_string(),
            text: Arc::from(text),
            questionnaire: Arc::new(questionnaire),
        };
        self.customs.insert(content.to_string(), custom.clone());
        Ok(custom)
    }

    /// The questionnaire an entry answers.
    fn questionnaire_of(
        &mut self,
        store: &dyn Store,
        entry: &Entry,
    ) -> Result<Arc<Questionnaire>, EntryError> {
        let questionnaire = match &entry.questionnaire {
            None => self.built_in_for(&entry.assessment.questionnaire.version)?,
            Some(content) => {
                let text = match self.customs.get(content) {
                    Some(custom) => return Ok(custom.questionnaire.clone()),
                    None => store.read(&questionnaire_key(content)).ok_or_else(|| {
                        EntryError::Questionnaire(
                            "its custom questionnaire is missing from this browser".into(),
                        )
                    })?,
                };
                self.remember_custom(content, &text)?.questionnaire
            }
        };
        if !entry.assessment.answers_questionnaire(&questionnaire) {
            return Err(EntryError::Questionnaire(format!(
                "it answers the questionnaire \"{}\", which is not loaded",
                entry.assessment.questionnaire.id
            )));
        }
        Ok(questionnaire)
    }

    /// The built-in questionnaire of `version`: the newest one, an earlier one the app
    /// ships (read by the [`Reader`], so [`EntryError::NoReader`] without it), or (for a
    /// version it does not know) the newest, which scores by question id.
    fn built_in_for(&mut self, version: &str) -> Result<Arc<Questionnaire>, EntryError> {
        if version == self.built_in.version || !Questionnaire::ships_earlier(version) {
            return Ok(self.built_in.clone());
        }
        Ok(self
            .read_earlier(version)?
            .unwrap_or_else(|| self.built_in.clone()))
    }

    /// An earlier built-in version the app ships, read by the [`Reader`] the first time
    /// and kept for the page: `None` for a version it does not ship,
    /// [`EntryError::NoReader`] without the reader.
    fn read_earlier(&mut self, version: &str) -> Result<Option<Arc<Questionnaire>>, EntryError> {
        if let Some(earlier) = self.earlier.get(version) {
            return Ok(Some(earlier.clone()));
        }
        let read = self.reader.ok_or(EntryError::NoReader)?;
        match (read.earlier_built_in)(version) {
            Some(Ok(earlier)) => {
                let earlier = Arc::new(earlier);
                self.earlier.insert(version.to_string(), earlier.clone());
                Ok(Some(earlier))
            }
            Some(Err(error)) => Err(EntryError::Questionnaire(error.to_string())),
            None => Ok(None),
        }
    }

    /// The earlier built-in questionnaire of `version`, if the app ships it and this page
    /// can read it (it has the [`Reader`]); read once, like the entries' (a page that
    /// compares or pools assessments of it asks again on every change).
    pub fn earlier_built_in(&mut self, version: &str) -> Option<Arc<Questionnaire>> {
        self.read_earlier(version).ok().flatten()
    }

    /// Whether this page must first get the [`Reader`] to take `questionnaire`: an earlier
    /// built-in version it has not read yet.
    pub fn needs_reader_for(&self, questionnaire: &QuestionnaireRef) -> bool {
        self.reader.is_none()
            && questionnaire.id == self.built_in.id
            && Questionnaire::ships_earlier(&questionnaire.version)
            && self.earlier.get(&questionnaire.version).is_none()
    }

    // ---- what the page shows ----

    pub fn built_in(&self) -> &Arc<Questionnaire> {
        &self.built_in
    }

    /// The open entry, as the page shows it.
    pub fn open_entry(&self) -> &Entry {
        &self.open.entry
    }

    pub fn assessment(&self) -> &Assessment {
        &self.open.entry.assessment
    }

    pub fn questionnaire(&self) -> &Arc<Questionnaire> {
        &self.open.questionnaire
    }

    /// The custom questionnaire of the open assessment, if it has one.
    pub fn open_custom(&self) -> Option<&Custom> {
        self.open
            .entry
            .questionnaire
            .as_ref()
            .and_then(|k| self.customs.get(k))
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The library, newest first, with the open entry as the page shows it.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// A count that changes whenever [`Self::entries`] does: a page follows the library
    /// with it instead of copying and comparing every entry (which an answer would pay for
    /// once per assessment in the library).
    pub fn library_changes(&self) -> usize {
        self.library_changes
    }

    pub fn damaged(&self) -> &[Damaged] {
        &self.damaged
    }

    /// Takes the message for the user left by the last command, if any.
    pub fn take_message(&mut self) -> Option<String> {
        self.message.take()
    }

    /// Whether the page holds changes the store does not have.
    pub fn has_unsaved_changes(&self) -> bool {
        !matches!(self.status, Status::Saved)
    }

    /// Which version is the truth, in words.
    pub fn status_text(&self) -> String {
        match &self.status {
            Status::Saved => "Saved in this browser.".into(),
            Status::NotSaved(error) => format!(
                "Not saved: {error}. Your answers are kept in this page; export the assessment to keep a copy."
            ),
            Status::Conflict(Theirs::Changed) => "Another tab changed this assessment. This page shows your version and the browser holds theirs: choose which one to keep.".into(),
            Status::Conflict(Theirs::Deleted) => "Another tab deleted this assessment. This page still shows it: keep it to save it again, or let it go.".into(),
        }
    }

    // ---- commands ----

    /// Changes the open assessment and saves it (unless nothing changed).
    pub fn edit(
        &mut self,
        store: &mut dyn Store,
        now_ms: f64,
        change: impl FnOnce(&mut Assessment),
    ) {
        let before = self.open.entry.assessment.clone();
        change(&mut self.open.entry.assessment);
        if self.open.entry.assessment != before {
            self.save(store, now_ms);
        }
    }

    /// Renames an entry; the open one is renamed in the page and saved like any change.
    pub fn rename(&mut self, store: &mut dyn Store, now_ms: f64, id: &str, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        if id == self.open.entry.id {
            if self.open.entry.name != name {
                self.open.entry.name = name.to_string();
                self.save(store, now_ms);
            }
            return;
        }
        // Another entry: change the stored version as it is now, not the list's copy.
        let key = entry_key(id);
        let mut entry = match store.read(&key).map(|raw| self.decode(&raw)) {
            Some(Ok(decoded)) => decoded.entry,
            Some(Err(EntryError::NoReader)) => {
                self.message = Some(format!("The name was not saved: {}.", EntryError::NoReader));
                return;
            }
            _ => {
                self.message = Some("That assessment is no longer in this browser.".into());
                self.forget(id);
                return;
            }
        };
        entry.name = name.to_string();
        entry.updated_ms = now_ms;
        match store.write(&key, &entry.encode()) {
            Ok(()) => self.remember(entry),
            Err(error) => self.message = Some(format!("The name was not saved: {error}.")),
        }
    }

    /// Opens a library entry. Reading it writes nothing; opening the entry already open
    /// changes nothing.
    pub fn open(&mut self, store: &mut dyn Store, id: &str) -> Result<(), String> {
        if id == self.open.entry.id {
            return Ok(());
        }
        if self.has_unsaved_changes() {
            return Err(UNSAVED.into());
        }
        self.switch_to(store, id)
    }

    fn switch_to(&mut self, store: &mut dyn Store, id: &str) -> Result<(), String> {
        let key = entry_key(id);
        let Some(raw) = store.read(&key) else {
            self.forget(id);
            return Err("That assessment is no longer in this browser.".into());
        };
        let entry = match self.admit(store, &key, &raw) {
            Ok((entry, _)) => entry,
            Err(error) => {
                let reason = format!("it cannot be opened: {error}");
                self.forget(id);
                self.damaged.push(Damaged { key, raw, error });
                return Err(reason);
            }
        };
        let questionnaire = self
            .questionnaire_of(store, &entry)
            .map_err(|e| format!("it cannot be opened: {e}"))?;
        self.remember(entry.clone());
        self.open = Open {
            entry,
            questionnaire,
            base: Some(raw),
        };
        self.status = Status::Saved;
        // Only says which entry opens first next time: never worth an error.
        let _ = store.write(ACTIVE_KEY, id);
        Ok(())
    }

    /// Starts a new assessment (of the built-in questionnaire, or of a custom one given
    /// as its validated form and text) and saves it at once.
    pub fn create(
        &mut self,
        store: &mut dyn Store,
        now_ms: f64,
        id: String,
        name: &str,
        custom: Option<(Questionnaire, String)>,
    ) -> Result<(), String> {
        let (questionnaire, content) = match custom {
            None => (self.built_in.clone(), None),
            Some((questionnaire, text)) => {
                let content = content_key(&text);
                let custom = Custom {
                    key: content.clone(),
                    text: Arc::from(text.as_str()),
                    questionnaire: Arc::new(questionnaire),
                };
                self.customs.insert(content.clone(), custom.clone());
                (custom.questionnaire, Some(content))
            }
        };
        let assessment = Assessment::new(&questionnaire);
        self.start(store, now_ms, id, name, assessment, questionnaire, content)
    }

    /// Imports an assessment file as a new entry (never over an existing one). It must
    /// answer the built-in questionnaire or the open custom one.
    pub fn import(
        &mut self,
        store: &mut dyn Store,
        now_ms: f64,
        id: String,
        name: &str,
        assessment: Assessment,
    ) -> Result<(), String> {
        let (questionnaire, content) = if assessment.answers_questionnaire(&self.built_in) {
            let version = assessment.questionnaire.version.clone();
            match self.built_in_for(&version) {
                Ok(questionnaire) => (questionnaire, None),
                Err(EntryError::NoReader) => {
                    return Err(format!(
                        "It answers version {version} of the built-in questionnaire, which this page has not loaded yet. Check the connection and import it again."
                    ))
                }
                Err(error) => return Err(format!("It cannot be opened: {error}.")),
            }
        } else if assessment.answers_questionnaire(&self.open.questionnaire) {
            (
                self.open.questionnaire.clone(),
                self.open.entry.questionnaire.clone(),
            )
        } else {
            return Err(format!(
                "It answers the questionnaire \"{}\". Load that questionnaire first, then import again.",
                assessment.questionnaire.id
            ));
        };
        self.start(store, now_ms, id, name, assessment, questionnaire, content)
    }

    #[allow(clippy::too_many_arguments)]
    fn start(
        &mut self,
        store: &mut dyn Store,
        now_ms: f64,
        id: String,
        name: &str,
        assessment: Assessment,
        questionnaire: Arc<Questionnaire>,
        content: Option<String>,
    ) -> Result<(), String> {
        if self.has_unsaved_changes() {
            return Err(UNSAVED.into());
        }
        let mut entry = Entry::new(id, name.to_string(), now_ms, assessment);
        entry.questionnaire = content;
        self.open = Open {
            entry,
            questionnaire,
            base: None,
        };
        self.status = Status::Saved;
        self.save(store, now_ms);
        let _ = store.write(ACTIVE_KEY, &self.open.entry.id);
        Ok(())
    }

    /// The newest built-in version the open assessment can move to, if it answers an
    /// earlier built-in version that the newest one declares as its predecessor.
    pub fn newer_version(&self) -> Option<&str> {
        let answered = &self.open.entry.assessment.questionnaire;
        let movable = self.open.entry.questionnaire.is_none()
            && answered.id == self.built_in.id
            && answered.version != self.built_in.version
            && self.built_in.carried_from(&answered.version).is_some();
        movable.then_some(self.built_in.version.as_str())
    }

    /// Moves the open assessment to the newest built-in version as a new entry, carrying
    /// over the answers the questionnaire declares unchanged; the earlier entry is left as
    /// it is. Returns what was carried and what is left to answer.
    pub fn move_to_newer_version(
        &mut self,
        store: &mut dyn Store,
        now_ms: f64,
        id: String,
    ) -> Result<Upgrade, String> {
        if self.newer_version().is_none() {
            return Err(
                "This assessment already answers the newest questionnaire it can move to.".into(),
            );
        }
        let upgrade = move_to(&self.open.entry.assessment, &self.built_in)?;
        let name = format!("{} ({})", self.open.entry.name, self.built_in.version);
        let questionnaire = self.built_in.clone();
        self.start(
            store,
            now_ms,
            id,
            &name,
            upgrade.assessment.clone(),
            questionnaire,
            None,
        )?;
        Ok(upgrade)
    }

    /// Copies a stored entry under a new id, leaving the open one open.
    pub fn duplicate(
        &mut self,
        store: &mut dyn Store,
        now_ms: f64,
        source: &str,
        id: String,
    ) -> Result<String, String> {
        let original = if source == self.open.entry.id {
            self.open.entry.clone()
        } else {
            match store.read(&entry_key(source)).map(|raw| self.decode(&raw)) {
                Some(Ok(decoded)) => decoded.entry,
                Some(Err(EntryError::NoReader)) => {
                    return Err(format!("The copy was not made: {}.", EntryError::NoReader))
                }
                _ => return Err("That assessment is no longer in this browser.".into()),
            }
        };
        let copy = Entry {
            id,
            name: format!("{} (copy)", original.name),
            updated_ms: now_ms,
            ..original
        };
        self.ensure_questionnaire(store, &copy)
            .and_then(|()| store.write(&copy.key(), &copy.encode()))
            .map_err(|e| format!("The copy was not saved: {e}."))?;
        let name = copy.name.clone();
        self.remember(copy);
        Ok(name)
    }

    /// Deletes an entry (the user confirmed it). Deleting the open one opens the newest
    /// other entry, or a new one.
    pub fn delete(&mut self, store: &mut dyn Store, now_ms: f64, id: &str, new_id: String) {
        store.remove(&entry_key(id));
        self.forget(id);
        if id == self.open.entry.id {
            self.status = Status::Saved;
            self.open_next(store, now_ms, new_id);
        }
        self.drop_unused_questionnaires(store);
    }

    /// Removes a damaged entry from the store (the user has downloaded it, or decided).
    pub fn remove_damaged(&mut self, store: &mut dyn Store, key: &str) {
        if self.damaged.iter().any(|d| d.key == key) {
            store.remove(key);
            self.damaged.retain(|d| d.key != key);
        }
    }

    /// Resolves a conflict the way the user chose.
    pub fn resolve(&mut self, store: &mut dyn Store, now_ms: f64, choice: Choice, new_id: String) {
        if !matches!(self.status, Status::Conflict(_)) {
            return;
        }
        match choice {
            Choice::KeepMine => {
                let stored = store.read(&self.open.entry.key());
                if stored.is_none() && matches!(self.status, Status::Conflict(Theirs::Changed)) {
                    // Deleted since the user saw "changed": ask again with the truth, so
                    // nothing deleted comes back unless that is what the user chose.
                    self.status = Status::Conflict(Theirs::Deleted);
                    return;
                }
                // Write over whatever is stored now, as the user asked.
                self.open.base = stored;
                self.status = Status::Saved;
                self.save(store, now_ms);
            }
            Choice::TakeTheirs => {
                // Theirs is whatever the store holds now (it may have changed again since
                // the conflict was noticed).
                let key = self.open.entry.key();
                let stored = store.read(&key);
                let usable = stored.as_deref().map(|raw| {
                    self.decode(raw).and_then(|decoded| {
                        let questionnaire = self.questionnaire_of(store, &decoded.entry)?;
                        Ok((decoded.entry, questionnaire))
                    })
                });
                match usable {
                    Some(Ok((entry, questionnaire))) => {
                        self.remember(entry.clone());
                        self.open = Open {
                            entry,
                            questionnaire,
                            base: stored,
                        };
                        self.status = Status::Saved;
                    }
                    Some(Err(error)) => {
                        self.message = Some(format!("The other version cannot be used: {error}."));
                    }
                    None => {
                        self.status = Status::Saved;
                        self.forget(&self.open.entry.id.clone());
                        self.open_next(store, now_ms, new_id);
                    }
                }
            }
        }
    }

    /// Tries again to save after a refused write.
    pub fn retry(&mut self, store: &mut dyn Store, now_ms: f64) {
        if matches!(self.status, Status::NotSaved(_)) {
            self.save(store, now_ms);
        }
    }

    // ---- events ----

    /// Another tab wrote or removed `key`. The event's own value can be stale by the time
    /// it arrives, so the store is read again: it is the truth.
    pub fn storage_changed(&mut self, store: &mut dyn Store, key: &str) {
        let Some(id) = key.strip_prefix(ENTRY_PREFIX) else {
            return;
        };
        let value = store.read(key);
        if id == self.open.entry.id {
            if value != self.open.base {
                self.other_version(value);
            }
            return;
        }
        self.forget(id);
        self.damaged.retain(|d| d.key != key);
        let Some(raw) = value else {
            return;
        };
        let usable = self.decode(&raw).and_then(|decoded| {
            self.questionnaire_of(store, &decoded.entry)?;
            Ok(decoded.entry)
        });
        match usable {
            Ok(entry) => self.remember(entry),
            Err(error) => self.damaged.push(Damaged {
                key: key.to_string(),
                raw,
                error,
            }),
        }
    }

    /// Another tab cleared the whole store (`localStorage.clear()`): the browser's event
    /// then names no key, so every key this page knows of, and every key the store now
    /// holds, is read again as if another tab had written it. The open entry, gone, becomes
    /// a conflict at once (not at the next save), and the library forgets what is gone.
    pub fn storage_cleared(&mut self, store: &mut dyn Store) {
        let mut keys: Vec<String> = self.entries.iter().map(Entry::key).collect();
        keys.extend(self.damaged.iter().map(|d| d.key.clone()));
        keys.push(self.open.entry.key());
        keys.extend(store.keys());
        // A key named twice is read twice, with the same outcome.
        for key in keys {
            self.storage_changed(store, &key);
        }
    }

    /// The stored text of the open entry (`None`: deleted) is not the one this page started
    /// from.
    fn other_version(&mut self, stored: Option<String>) {
        let theirs = match stored.as_deref().map(|raw| self.decode(raw)) {
            None => Theirs::Deleted,
            Some(Ok(decoded)) if decoded.entry.same_content(&self.open.entry) => {
                // The same work, already stored (by another tab): nothing to choose.
                self.open.base = stored;
                self.status = Status::Saved;
                return;
            }
            // Another version, or one this page cannot read yet (it may be the same work:
            // `set_reader` looks again).
            Some(Ok(_)) | Some(Err(EntryError::NoReader)) => Theirs::Changed,
            // Unreadable text from another tab: this page's version is the one to keep.
            Some(Err(_)) => Theirs::Deleted,
        };
        self.status = Status::Conflict(theirs);
    }

    // ---- internals ----

    /// Writes the open entry if the store still holds the text this page started from.
    fn save(&mut self, store: &mut dyn Store, now_ms: f64) {
        if matches!(self.status, Status::Conflict(_)) {
            return;
        }
        let key = self.open.entry.key();
        if !store.holds(&key, self.open.base.as_deref()) {
            self.other_version(store.read(&key));
            if matches!(self.status, Status::Conflict(_)) {
                return;
            }
        }
        let mut entry = self.open.entry.clone();
        entry.updated_ms = now_ms;
        let text = entry.encode();
        let written = self
            .ensure_questionnaire(store, &entry)
            .and_then(|()| store.write(&key, &text));
        match written {
            Ok(()) => {
                self.open.entry.updated_ms = now_ms;
                self.open.base = Some(text);
                self.status = Status::Saved;
                self.remember(entry);
            }
            Err(error) => self.status = Status::NotSaved(error),
        }
    }

    /// Stores the entry's custom questionnaire if the store lacks it.
    fn ensure_questionnaire(&self, store: &mut dyn Store, entry: &Entry) -> Result<(), StoreError> {
        let Some(custom) = entry
            .questionnaire
            .as_ref()
            .and_then(|k| self.customs.get(k))
        else {
            return Ok(());
        };
        let key = questionnaire_key(&custom.key);
        if store.keys().contains(&key) {
            return Ok(());
        }
        store.write(&key, &custom.text)
    }

    /// Removes custom questionnaires no stored entry refers to any more; without the
    /// [`Reader`] it cannot tell, so it removes none.
    fn drop_unused_questionnaires(&self, store: &mut dyn Store) {
        if self.reader.is_none() {
            return;
        }
        let keys = store.keys();
        let used: Vec<String> = keys
            .iter()
            .filter(|k| k.starts_with(ENTRY_PREFIX))
            .filter_map(|k| store.read(k))
            .filter_map(|raw| self.decode(&raw).ok())
            .filter_map(|d| d.entry.questionnaire)
            .collect();
        let damaged_raw: Vec<&str> = self.damaged.iter().map(|d| d.raw.as_str()).collect();
        for key in keys.iter().filter(|k| k.starts_with(QUESTIONNAIRE_PREFIX)) {
            let content = &key[QUESTIONNAIRE_PREFIX.len()..];
            let in_use = used.iter().any(|u| u == content)
                || content == self.open.entry.questionnaire.as_deref().unwrap_or_default()
                || damaged_raw.iter().any(|raw| raw.contains(content));
            if !in_use {
                store.remove(key);
            }
        }
    }

    /// Opens the newest entry other than the open one, or a new one.
    fn open_next(&mut self, store: &mut dyn Store, now_ms: f64, new_id: String) {
        let current = self.open.entry.id.clone();
        let next: Vec<String> = self
            .entries
            .iter()
            .filter(|e| e.id != current)
            .map(|e| e.id.clone())
            .collect();
        for id in next {
            if self.switch_to(store, &id).is_ok() {
                return;
            }
        }
        let _ = self.start(
            store,
            now_ms,
            new_id,
            "Untitled assessment",
            Assessment::new(&self.built_in),
            self.built_in.clone(),
            None,
        );
    }

    /// Puts an entry into the library list (replacing an older copy).
    fn remember(&mut self, entry: Entry) {
        self.library_changes = self.library_changes.wrapping_add(1);
        self.entries.retain(|e| e.id != entry.id);
        self.entries.push(entry);
        sort_newest_first(&mut self.entries);
    }

    fn forget(&mut self, id: &str) {
        self.library_changes = self.library_changes.wrapping_add(1);
        self.entries.retain(|e| e.id != id);
    }
}
