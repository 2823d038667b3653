//! The library state machine: the release-1 bugs one by one, the migration of a real
//! release-1 library, and a model test of two tabs sharing one store with writes that fail.
#![cfg(not(target_arch = "wasm32"))]

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::questionnaire::{Questionnaire, Reader};
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::workspace::{
    entry_key, Choice, Entry, EntryError, MemoryStore, Status, Store, StoreError, Theirs,
    Workspace, ACTIVE_KEY, ENTRY_PREFIX, QUESTIONNAIRE_PREFIX,
};
use proptest::prelude::*;
use serde_json::Value;
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

fn built_in() -> Questionnaire {
    Questionnaire::built_in().unwrap()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn custom() -> (Questionnaire, String) {
    let text = read("tests/fixtures/questionnaires/three-areas.json");
    (Questionnaire::from_json(&text).unwrap(), text)
}

/// One tab on a shared store: its writes are logged so the other tab can be told, as the
/// browser's `storage` event does.
#[derive(Default)]
struct Shared {
    store: MemoryStore,
    /// (the tab that wrote, key, new value)
    log: Vec<(usize, String, Option<String>)>,
}

struct Tab {
    shared: Rc<RefCell<Shared>>,
    id: usize,
}

impl Store for Tab {
    fn keys(&self) -> Vec<String> {
        self.shared.borrow().store.keys()
    }
    fn read(&self, key: &str) -> Option<String> {
        self.shared.borrow().store.read(key)
    }
    fn write(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let mut shared = self.shared.borrow_mut();
        shared.store.write(key, value)?;
        shared.log.push((self.id, key.into(), Some(value.into())));
        Ok(())
    }
    fn remove(&mut self, key: &str) {
        let mut shared = self.shared.borrow_mut();
        shared.store.remove(key);
        shared.log.push((self.id, key.into(), None));
    }
}

struct Browser {
    shared: Rc<RefCell<Shared>>,
    tabs: Vec<(Workspace, Tab, usize)>,
    clock: f64,
    ids: u32,
}

impl Browser {
    fn new(store: MemoryStore, tabs: usize) -> Self {
        let shared = Rc::new(RefCell::new(Shared {
            store,
            log: Vec::new(),
        }));
        let mut browser = Browser {
            shared: shared.clone(),
            tabs: Vec::new(),
            clock: 1_800_000_000_000.0,
            ids: 0,
        };
        for id in 0..tabs {
            let mut tab = Tab {
                shared: shared.clone(),
                id,
            };
            let new_id = browser.next_id();
            let now = browser.now();
            let workspace =
                Workspace::load(&mut tab, built_in(), Some(Reader::ALL), None, new_id, now);
            let seen = shared.borrow().log.len();
            browser.tabs.push((workspace, tab, seen));
        }
        browser
    }

    /// Reloads `tab` as a page that has not got the [`Reader`] yet (a first visit's page
    /// before its part arrives, or one whose part did not load); it has heard everything
    /// written so far.
    fn reload_without_reader(&mut self, tab: usize) {
        let new_id = self.next_id();
        let now = self.now();
        let (workspace, store, seen) = &mut self.tabs[tab];
        *workspace = Workspace::load(store, built_in(), None, None, new_id, now);
        *seen = self.shared.borrow().log.len();
    }

    fn now(&mut self) -> f64 {
        self.clock += 1000.0;
        self.clock
    }

    fn next_id(&mut self) -> String {
        self.ids += 1;
        format!("e{}", self.ids)
    }

    /// Runs a command on one tab.
    fn on<T>(
        &mut self,
        tab: usize,
        command: impl FnOnce(&mut Workspace, &mut Tab, f64, String) -> T,
    ) -> T {
        let now = self.now();
        let id = self.next_id();
        let (workspace, store, _) = &mut self.tabs[tab];
        command(workspace, store, now, id)
    }

    /// Delivers the other tabs' writes to `tab`, in order.
    fn deliver(&mut self, tab: usize) {
        let log = self.shared.borrow().log.clone();
        let (workspace, store, seen) = &mut self.tabs[tab];
        for (writer, key, value) in &log[*seen..] {
            if *writer != store.id {
                let _ = value;
                workspace.storage_changed(store, key);
            }
        }
        *seen = log.len();
    }

    fn pending(&self, tab: usize) -> bool {
        let shared = self.shared.borrow();
        let (_, store, seen) = &self.tabs[tab];
        shared.log[*seen..].iter().any(|(w, _, _)| *w != store.id)
    }

    fn workspace(&self, tab: usize) -> &Workspace {
        &self.tabs[tab].0
    }

    fn stored(&self, id: &str) -> Option<Entry> {
        let text = self.shared.borrow().store.read(&entry_key(id))?;
        Some(Entry::decode(&text).unwrap().entry)
    }

    fn refuse_writes(&mut self, refuse: bool) {
        self.shared.borrow_mut().store.refuse_writes = refuse;
    }

    fn answer(&mut self, tab: usize, question: &str, level: u8) {
        self.on(tab, |w, s, now, _| {
            w.edit(s, now, |a| {
                a.set_answer(question, Some(Answer::Level(level)))
            })
        });
    }

    /// The stored answer to a question of an entry.
    fn stored_answer(&self, id: &str, question: &str) -> Option<Answer> {
        self.stored(id)?.assessment.answer(question)
    }

    fn open_id(&self, tab: usize) -> String {
        self.workspace(tab).open_entry().id.clone()
    }
}

/// How many keys of the store start with `prefix`.
fn keys_under(store: &MemoryStore, prefix: &str) -> usize {
    store
        .keys()
        .iter()
        .filter(|k| k.starts_with(prefix))
        .count()
}

/// Opening an entry writes nothing: no new time stamp, no false conflict in another tab.
#[test]
fn opening_an_entry_does_not_write_it() {
    let mut browser = Browser::new(MemoryStore::default(), 2);
    let first = browser.open_id(0);
    browser
        .on(0, |w, s, now, id| w.create(s, now, id, "Second", None))
        .unwrap();
    let second = browser.open_id(0);
    browser.deliver(1);
    let before = browser.shared.borrow().log.len();
    browser.on(1, |w, s, _, _| w.open(s, &second)).unwrap();
    browser.on(0, |w, s, _, _| w.open(s, &first)).unwrap();
    browser.on(1, |w, s, _, _| w.open(s, &first)).unwrap();
    browser.on(0, |w, s, _, _| w.open(s, &second)).unwrap();
    let writes: Vec<String> = browser.shared.borrow().log[before..]
        .iter()
        .map(|(_, k, _)| k.clone())
        .filter(|k| k.starts_with(ENTRY_PREFIX))
        .collect();
    assert!(writes.is_empty(), "opening wrote {writes:?}");
    browser.deliver(0);
    browser.deliver(1);
    assert_eq!(browser.workspace(0).status(), &Status::Saved);
    assert_eq!(browser.workspace(1).status(), &Status::Saved);
}

/// While writes fail, pressing Open on the current entry keeps the page's answers and
/// never marks them saved; in a conflict it never writes the library's stale copy.
#[test]
fn open_on_the_current_entry_during_a_failed_save_keeps_the_answers() {
    let mut browser = Browser::new(MemoryStore::default(), 2);
    let id = browser.open_id(0);
    browser.refuse_writes(true);
    browser.answer(0, "data.versioning", 3);
    assert!(matches!(browser.workspace(0).status(), Status::NotSaved(_)));
    browser.on(0, |w, s, _, _| w.open(s, &id)).unwrap();
    assert_eq!(
        browser.workspace(0).assessment().answer("data.versioning"),
        Some(Answer::Level(3))
    );
    assert!(matches!(browser.workspace(0).status(), Status::NotSaved(_)));
    // Opening another entry would replace the unsaved answers: refused with the reason.
    browser.refuse_writes(false);
    browser
        .on(1, |w, s, now, id| w.create(s, now, id, "Other", None))
        .unwrap();
    let other = browser.open_id(1);
    browser.deliver(0);
    browser.refuse_writes(true);
    let refused = browser.on(0, |w, s, _, _| w.open(s, &other));
    assert!(refused.unwrap_err().contains("not saved"));
    assert_eq!(browser.open_id(0), id);
    // Once writes work again, the next change saves everything.
    browser.refuse_writes(false);
    browser.on(0, |w, s, now, _| w.retry(s, now));
    assert_eq!(browser.workspace(0).status(), &Status::Saved);
    assert_eq!(
        browser.stored_answer(&id, "data.versioning"),
        Some(Answer::Level(3))
    );
}

/// A delete in another tab is not undone by this tab's next autosave.
#[test]
fn a_delete_in_another_tab_is_not_undone_by_autosave() {
    let mut browser = Browser::new(MemoryStore::default(), 2);
    browser.answer(0, "data.versioning", 1);
    let id = browser.open_id(0);
    browser.deliver(1);
    browser.on(1, |w, s, _, _| w.open(s, &id)).unwrap();
    browser.on(1, |w, s, now, new| w.delete(s, now, &id, new));
    // Tab 0 answers before the storage event arrives: the write notices the delete.
    browser.answer(0, "data.quality", 2);
    assert!(browser.stored(&id).is_none(), "the deleted entry came back");
    assert_eq!(
        browser.workspace(0).status(),
        &Status::Conflict(Theirs::Deleted)
    );
    // The answers stay in the page; the user decides.
    assert_eq!(
        browser.workspace(0).assessment().answer("data.quality"),
        Some(Answer::Level(2))
    );
    browser.on(0, |w, s, now, new| w.resolve(s, now, Choice::KeepMine, new));
    assert!(browser.stored(&id).is_some(), "kept on the user's choice");
}

/// Another tab clears the whole store: the browser's event names no key. The open entry
/// is a conflict at once, its answers stay in the page, the library forgets what is gone,
/// and keeping this page's version writes it back.
#[test]
fn a_store_cleared_by_another_tab_is_a_conflict_at_once() {
    let mut browser = Browser::new(MemoryStore::default(), 2);
    browser.answer(0, "data.versioning", 1);
    let id = browser.open_id(0);
    browser
        .on(0, |w, s, now, new| w.create(s, now, new, "Second", None))
        .unwrap();
    browser.answer(0, "data.quality", 2);
    let second = browser.open_id(0);
    browser.on(0, |w, s, _, _| w.open(s, &id)).unwrap();
    assert!(browser
        .workspace(0)
        .entries()
        .iter()
        .any(|e| e.id == second));
    let before = browser.workspace(0).library_changes();
    let keys: Vec<String> = browser.shared.borrow().store.keys();
    for key in keys {
        browser.tabs[1].1.remove(&key);
    }
    browser.on(0, |w, s, _, _| w.storage_cleared(s));
    assert_eq!(
        browser.workspace(0).status(),
        &Status::Conflict(Theirs::Deleted)
    );
    assert_eq!(
        browser.workspace(0).assessment().answer("data.versioning"),
        Some(Answer::Level(1))
    );
    assert!(browser.workspace(0).entries().iter().all(|e| e.id == id));
    assert_ne!(browser.workspace(0).library_changes(), before);
    browser.on(0, |w, s, now, new| w.resolve(s, now, Choice::KeepMine, new));
    assert_eq!(
        browser.stored_answer(&id, "data.versioning"),
        Some(Answer::Level(1))
    );
}

/// Notes typed key by key rewrite only the entry, never a custom questionnaire, and three
/// entries of one custom questionnaire keep one copy of it.
#[test]
fn a_custom_questionnaire_is_stored_once_and_never_rewritten_by_notes() {
    let mut browser = Browser::new(MemoryStore::default(), 1);
    browser
        .on(0, |w, s, now, id| {
            w.create(s, now, id, "Custom", Some(custom()))
        })
        .unwrap();
    let id = browser.open_id(0);
    for _ in 0..2 {
        browser
            .on(0, |w, s, now, new| w.duplicate(s, now, &id, new))
            .unwrap();
    }
    let before = browser.shared.borrow().log.len();
    for text in ["N", "No", "Not", "Note"] {
        browser.on(0, |w, s, now, _| {
            w.edit(s, now, |a| {
                a.responses
                    .get_or_insert_with("sources.versioned".into(), Default::default)
                    .note = text.into()
            })
        });
    }
    let shared = browser.shared.borrow();
    let written: Vec<&str> = shared.log[before..]
        .iter()
        .map(|(_, k, _)| k.as_str())
        .collect();
    assert_eq!(written, vec![entry_key(&id); 4]);
    assert_eq!(keys_under(&shared.store, QUESTIONNAIRE_PREFIX), 1);
    let entries = keys_under(&shared.store, ENTRY_PREFIX);
    assert_eq!(
        entries, 4,
        "the first blank assessment and the three custom ones"
    );
}

/// A change by another tab is a conflict the user resolves; it is never taken silently.
#[test]
fn a_change_in_another_tab_is_a_conflict_to_resolve() {
    let mut browser = Browser::new(MemoryStore::default(), 2);
    let id = browser.open_id(0);
    browser.deliver(1);
    browser.on(1, |w, s, _, _| w.open(s, &id)).unwrap();
    browser.answer(1, "data.versioning", 1);
    browser.answer(0, "data.versioning", 3);
    assert!(matches!(
        browser.workspace(0).status(),
        Status::Conflict(Theirs::Changed)
    ));
    assert_eq!(
        browser.stored_answer(&id, "data.versioning"),
        Some(Answer::Level(1))
    );
    browser.on(0, |w, s, now, new| w.resolve(s, now, Choice::KeepMine, new));
    browser.deliver(1);
    assert!(matches!(
        browser.workspace(1).status(),
        Status::Conflict(Theirs::Changed)
    ));
    browser.on(1, |w, s, now, new| {
        w.resolve(s, now, Choice::TakeTheirs, new)
    });
    assert_eq!(
        browser.workspace(1).assessment().answer("data.versioning"),
        Some(Answer::Level(3))
    );
    assert_eq!(browser.workspace(1).status(), &Status::Saved);
}

/// Every entry of a real release-1 library opens after migration with the same answers,
/// notes, weights and report as release 1 computed from the v1 text.
#[test]
fn a_release_1_library_migrates_with_the_same_answers_and_reports() {
    let mut store = MemoryStore::default();
    store.items.extend(release_1_library(|_| true));
    store.items.insert(
        format!("{ENTRY_PREFIX}broken"),
        "{\"storage_version\": 1, ".into(),
    );
    let size_before = store.size();
    let v1: Vec<(String, Value)> = store
        .items
        .iter()
        .filter(|(k, _)| k.starts_with(ENTRY_PREFIX) && !k.ends_with("broken"))
        .map(|(k, v)| (k.clone(), serde_json::from_str(v).unwrap()))
        .collect();
    assert_eq!(v1.len(), 4);

    let mut browser = Browser::new(store, 1);
    let workspace = browser.workspace(0);
    assert_eq!(workspace.entries().len(), 4);
    assert_eq!(
        workspace.damaged().len(),
        1,
        "the broken entry is listed, not dropped"
    );
    assert_eq!(
        browser
            .shared
            .borrow()
            .store
            .read(&format!("{ENTRY_PREFIX}broken"))
            .as_deref(),
        Some("{\"storage_version\": 1, ")
    );
    for (key, old) in &v1 {
        let id = key.trim_start_matches(ENTRY_PREFIX).to_string();
        browser.on(0, |w, s, _, _| w.open(s, &id)).unwrap();
        let workspace = browser.workspace(0);
        let old_assessment = Assessment::from_json(&old["assessment"].to_string()).unwrap();
        assert_eq!(workspace.assessment(), &old_assessment, "{id}");
        assert_eq!(workspace.open_entry().name, old["name"].as_str().unwrap());
        let old_questionnaire = match old["questionnaire_json"].as_str() {
            Some(text) => Questionnaire::from_json(text).unwrap(),
            None => Questionnaire::built_in_version(&old_assessment.questionnaire.version).unwrap(),
        };
        assert_eq!(**workspace.questionnaire(), old_questionnaire);
        assert_eq!(
            score(workspace.questionnaire(), workspace.assessment()),
            score(&old_questionnaire, &old_assessment)
        );
    }
    let shared = browser.shared.borrow();
    let copies = shared
        .store
        .keys()
        .iter()
        .filter(|k| k.starts_with(QUESTIONNAIRE_PREFIX))
        .count();
    assert_eq!(copies, 1, "three entries share one stored questionnaire");
    for (key, _) in &v1 {
        let stored: Value = serde_json::from_str(&shared.store.read(key).unwrap()).unwrap();
        assert_eq!(stored["storage_version"], 2);
        assert!(stored.get("questionnaire_json").is_none());
    }
    assert!(
        shared.store.size() < size_before / 2,
        "{} vs {size_before}",
        shared.store.size()
    );
}

/// What a library of 50 entries with five custom questionnaires occupies, before and after.
#[test]
fn a_large_library_shrinks_with_storage_v2() {
    let (_, text) = custom();
    let mut store = MemoryStore::default();
    for n in 0..50 {
        // Five different questionnaire texts, ten entries each.
        let questionnaire_text = text.replacen("\"2.1.0\"", &format!("\"2.1.{}\"", n % 5), 1);
        let questionnaire = Questionnaire::from_json(&questionnaire_text).unwrap();
        let mut assessment = Assessment::new(&questionnaire);
        assessment.set_answer("sources.versioned", Some(Answer::Level(2)));
        let assessment: serde_json::Value = serde_json::from_str(&assessment.to_json()).unwrap();
        let v1 = serde_json::json!({
            "storage_version": 1, "id": format!("old{n}"), "name": format!("Client {n}"),
            "updated_ms": 1_700_000_000_000u64 + n, "assessment": assessment,
            "questionnaire_json": questionnaire_text,
        });
        store
            .items
            .insert(format!("{ENTRY_PREFIX}old{n}"), v1.to_string());
    }
    let before = store.size();
    let browser = Browser::new(store, 1);
    let after = browser.shared.borrow().store.size();
    println!(
        "50 entries, 5 custom questionnaires: {before} characters in storage v1, {after} in v2"
    );
    assert_eq!(browser.workspace(0).entries().len(), 50);
    assert!(after * 5 < before, "{after} vs {before}");
}

// ---- the model test ----

#[derive(Debug, Clone)]
enum Op {
    Answer {
        tab: usize,
        question: usize,
        level: u8,
    },
    Note {
        tab: usize,
        question: usize,
        text: u8,
    },
    Open {
        tab: usize,
        pick: usize,
    },
    New {
        tab: usize,
    },
    Delete {
        tab: usize,
        pick: usize,
    },
    Rename {
        tab: usize,
        pick: usize,
    },
    Duplicate {
        tab: usize,
        pick: usize,
    },
    Resolve {
        tab: usize,
        keep: bool,
    },
    Retry {
        tab: usize,
    },
    Deliver {
        tab: usize,
    },
    /// The reader's part arrives (nothing for a page that has it).
    GiveReader {
        tab: usize,
    },
    RefuseWrites(bool),
}

fn any_op() -> impl Strategy<Value = Op> {
    let tab = 0usize..2;
    prop_oneof![
        6 => (tab.clone(), 0usize..29, 0u8..6).prop_map(|(tab, question, level)| Op::Answer { tab, question, level }),
        2 => (tab.clone(), 0usize..29, 0u8..4).prop_map(|(tab, question, text)| Op::Note { tab, question, text }),
        2 => (tab.clone(), 0usize..8).prop_map(|(tab, pick)| Op::Open { tab, pick }),
        1 => tab.clone().prop_map(|tab| Op::New { tab }),
        1 => (tab.clone(), 0usize..8).prop_map(|(tab, pick)| Op::Delete { tab, pick }),
        1 => (tab.clone(), 0usize..8).prop_map(|(tab, pick)| Op::Rename { tab, pick }),
        1 => (tab.clone(), 0usize..8).prop_map(|(tab, pick)| Op::Duplicate { tab, pick }),
        2 => (tab.clone(), any::<bool>()).prop_map(|(tab, keep)| Op::Resolve { tab, keep }),
        1 => tab.clone().prop_map(|tab| Op::Retry { tab }),
        4 => tab.clone().prop_map(|tab| Op::Deliver { tab }),
        1 => tab.prop_map(|tab| Op::GiveReader { tab }),
        1 => any::<bool>().prop_map(Op::RefuseWrites),
    ]
}

fn question_ids() -> Vec<String> {
    built_in()
        .areas
        .iter()
        .flat_map(|a| a.questions.iter().map(|q| q.id.clone()))
        .collect()
}

const DAMAGED_KEY: &str = "mlops-maturity/assessment/unreadable";
const DAMAGED_TEXT: &str = "{\"storage_version\": 1, \"id\": ";

fn check_sequence(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut store = MemoryStore::default();
    store.items.insert(DAMAGED_KEY.into(), DAMAGED_TEXT.into());
    let mut browser = Browser::new(store, 2);
    // Tab 1 starts without the reader, and gets it when the sequence says.
    browser.reload_without_reader(1);
    let questions = question_ids();
    // Ids deleted, and whether a tab has since chosen to keep its version of them.
    let mut deleted: Vec<String> = Vec::new();
    for op in ops {
        let tab = match op {
            Op::Answer { tab, .. }
            | Op::Note { tab, .. }
            | Op::Open { tab, .. }
            | Op::New { tab }
            | Op::Delete { tab, .. }
            | Op::Rename { tab, .. }
            | Op::Duplicate { tab, .. }
            | Op::Resolve { tab, .. }
            | Op::Retry { tab }
            | Op::Deliver { tab }
            | Op::GiveReader { tab } => tab,
            Op::RefuseWrites(refuse) => {
                browser.refuse_writes(refuse);
                continue;
            }
        };
        let unsaved_before = browser.workspace(tab).has_unsaved_changes();
        let page_before = browser.workspace(tab).assessment().clone();
        let open_before = browser.open_id(tab);
        let library_before = browser.workspace(tab).entries().to_vec();
        let changes_before = browser.workspace(tab).library_changes();
        let pick = |browser: &Browser, n: usize| {
            let entries = browser.workspace(tab).entries();
            (!entries.is_empty()).then(|| entries[n % entries.len()].id.clone())
        };
        let mut replaces_page_by_choice = false;
        match op {
            Op::Answer {
                question, level, ..
            } => {
                let answer = match level {
                    4 => Answer::DontKnow,
                    5 => Answer::NotApplicable,
                    l => Answer::Level(l),
                };
                let id = &questions[question];
                browser.on(tab, |w, s, now, _| {
                    w.edit(s, now, |a| a.set_answer(id, Some(answer)))
                });
            }
            Op::Note { question, text, .. } => {
                let id = &questions[question];
                browser.on(tab, |w, s, now, _| {
                    w.edit(s, now, |a| {
                        a.responses
                            .get_or_insert_with(id.clone(), Default::default)
                            .note = "n".repeat(text as usize)
                    })
                });
            }
            Op::Open { pick: n, .. } => {
                if let Some(id) = pick(&browser, n) {
                    let _ = browser.on(tab, |w, s, _, _| w.open(s, &id));
                }
            }
            Op::New { .. } => {
                let _ = browser.on(tab, |w, s, now, id| w.create(s, now, id, "New", None));
            }
            Op::Delete { pick: n, .. } => {
                if let Some(id) = pick(&browser, n) {
                    replaces_page_by_choice = id == open_before;
                    browser.on(tab, |w, s, now, new| w.delete(s, now, &id, new));
                    deleted.push(id);
                }
            }
            Op::Rename { pick: n, .. } => {
                if let Some(id) = pick(&browser, n) {
                    browser.on(tab, |w, s, now, _| w.rename(s, now, &id, "Renamed"));
                }
            }
            Op::Duplicate { pick: n, .. } => {
                if let Some(id) = pick(&browser, n) {
                    let _ = browser.on(tab, |w, s, now, new| w.duplicate(s, now, &id, new));
                }
            }
            Op::Resolve { keep, .. } => {
                let conflict = browser.workspace(tab).status().clone();
                let choice = if keep {
                    Choice::KeepMine
                } else {
                    Choice::TakeTheirs
                };
                replaces_page_by_choice = true;
                browser.on(tab, |w, s, now, new| w.resolve(s, now, choice, new));
                if keep && matches!(conflict, Status::Conflict(Theirs::Deleted)) {
                    deleted.retain(|id| *id != open_before);
                }
            }
            Op::Retry { .. } => browser.on(tab, |w, s, now, _| w.retry(s, now)),
            Op::Deliver { .. } => browser.deliver(tab),
            Op::GiveReader { .. } => browser.on(tab, |w, s, _, _| w.set_reader(s, Reader::ALL)),
            Op::RefuseWrites(_) => unreachable!(),
        }

        let workspace = browser.workspace(tab);
        // Unsaved answers are never replaced without the user choosing.
        let edited = matches!(op, Op::Answer { .. } | Op::Note { .. });
        if unsaved_before && !edited && !replaces_page_by_choice {
            prop_assert_eq!(
                &browser.open_id(tab),
                &open_before,
                "{:?} left unsaved work",
                op
            );
            prop_assert_eq!(
                workspace.assessment(),
                &page_before,
                "{:?} replaced unsaved work",
                op
            );
        }
        // The page follows the library by its count of changes: a list that changed
        // always comes with another count.
        if workspace.entries() != library_before.as_slice() {
            prop_assert_ne!(
                workspace.library_changes(),
                changes_before,
                "{:?} changed the library but not its count",
                op
            );
        }
        // Storage events never change what the page shows; the reader's arrival only
        // replaces a blank that a page without it opened.
        let blank = Assessment::new(&built_in());
        if matches!(op, Op::Deliver { .. })
            || (matches!(op, Op::GiveReader { .. }) && page_before != blank)
        {
            prop_assert_eq!(workspace.assessment(), &page_before);
        }
        // What the page calls saved is in the store (once this tab has heard everything),
        // but for that blank: it is stored once it changes.
        if !browser.pending(tab) && workspace.status() == &Status::Saved {
            let stored = browser.stored(&browser.open_id(tab));
            prop_assert!(
                stored.is_some() || workspace.assessment() == &blank,
                "{:?}: saved but not stored",
                op
            );
            if let Some(stored) = stored {
                prop_assert_eq!(&stored.assessment, workspace.assessment(), "after {:?}", op);
                prop_assert_eq!(&stored.name, &workspace.open_entry().name);
            }
        }
        // No entry comes back after a delete unless a tab chose to keep it.
        for id in &deleted {
            prop_assert!(
                browser.stored(id).is_none(),
                "{} came back after {:?}",
                id,
                op
            );
        }
        // The unreadable entry is never removed or changed.
        let damaged = browser.shared.borrow().store.read(DAMAGED_KEY);
        prop_assert_eq!(damaged.as_deref(), Some(DAMAGED_TEXT));
    }
    // Once both tabs have heard everything, a tab that differs from the store knows it.
    browser.deliver(0);
    browser.deliver(1);
    for tab in 0..2 {
        let workspace = browser.workspace(tab);
        if workspace.status() == &Status::Saved {
            let stored = browser.stored(&browser.open_id(tab));
            let stored = stored.map(|e| e.assessment);
            // (A blank opened for want of the reader is stored once it changes.)
            if stored.is_some() || workspace.assessment() != &Assessment::new(&built_in()) {
                prop_assert_eq!(stored.as_ref(), Some(workspace.assessment()));
            }
        }
    }
    Ok(())
}

proptest! {
    // 256 sequences in the test command; `PROPTEST_CASES=10000` in scripts/bench.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn two_tabs_and_failing_writes_never_lose_an_answer(ops in prop::collection::vec(any_op(), 1..60)) {
        check_sequence(ops)?;
    }
}

// ---- the entry format ----

fn entry(id: &str, name: &str, updated_ms: f64) -> Entry {
    let mut assessment = Assessment::new(&built_in());
    assessment.set_answer("data.versioning", Some(Answer::Level(2)));
    Entry::new(id.into(), name.into(), updated_ms, assessment)
}

#[test]
fn damaged_newer_and_invalid_entries_are_told_apart() {
    let good = entry("a1", "Acme", 1.0).encode();
    assert_eq!(
        Entry::decode(&good).unwrap().entry,
        entry("a1", "Acme", 1.0)
    );
    let cut = &good[..good.len() / 2];
    assert!(matches!(Entry::decode(cut), Err(EntryError::NotJson(_))));
    let newer = good.replacen("\"storage_version\":2", "\"storage_version\":9", 1);
    assert_eq!(
        Entry::decode(&newer),
        Err(EntryError::NewerVersion { found: 9 })
    );
    let message = Entry::decode(&newer).unwrap_err().to_string();
    assert!(message.contains("newer version of the app"), "{message}");
    let bad_target = good.replacen("\"target_level\":2", "\"target_level\":5", 1);
    let error = Entry::decode(&bad_target).unwrap_err();
    assert!(matches!(error, EntryError::BadAssessment(_)), "{error:?}");
    assert!(error
        .to_string()
        .contains("`target_level` must be from 1 to 3 (found 5)"));
}

#[test]
fn the_library_lists_newest_first_with_a_stable_order_for_ties() {
    use mlops_maturity::domain::workspace::sort_newest_first;
    let mut entries = vec![
        entry("c", "Beta", 5.0),
        entry("a", "Alpha", 9.0),
        entry("b", "Beta", 5.0),
        entry("d", "Alpha", 5.0),
    ];
    sort_newest_first(&mut entries);
    let order: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(order, ["a", "d", "b", "c"]);
}

/// An entry stored under another entry's key, or whose custom questionnaire is gone, is
/// listed as damaged with the reason and left in the store.
#[test]
fn entries_that_cannot_be_used_are_listed_and_kept() {
    let mut store = MemoryStore::default();
    let moved = entry("a1", "Acme", 1.0).encode();
    store.items.insert(entry_key("elsewhere"), moved.clone());
    let mut orphan = entry("a2", "Orphan", 2.0);
    orphan.questionnaire = Some("0000000000000000-10".into());
    store.items.insert(entry_key("a2"), orphan.encode());
    // Release 1 round-tripped an entry carrying an invalid questionnaire without a word.
    let mut invalid =
        serde_json::from_str::<serde_json::Value>(&entry("a3", "Invalid", 3.0).encode()).unwrap();
    invalid["storage_version"] = serde_json::json!(1);
    invalid["questionnaire_json"] = serde_json::json!("{\"id\": \"custom\"}");
    store.items.insert(entry_key("a3"), invalid.to_string());
    let browser = Browser::new(store, 1);
    let workspace = browser.workspace(0);
    let reasons: Vec<String> = workspace
        .damaged()
        .iter()
        .map(|d| d.error.to_string())
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("custom questionnaire is not valid")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("does not match its key")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("missing from this browser")),
        "{reasons:?}"
    );
    let shared = browser.shared.borrow();
    assert_eq!(shared.store.read(&entry_key("elsewhere")), Some(moved));
    assert!(shared.store.read(&entry_key("a2")).is_some());
}

/// The app loads the reader (stored entries, custom questionnaires) before it starts only
/// when the browser holds an entry (`Workspace::needs_reader`): a first visit starts
/// without it. A page without it lists every stored entry but its own as waiting, changes
/// nothing stored, and reads them once given the reader: at load and when another tab
/// adds one.
#[test]
fn entries_wait_for_the_reader_and_lose_nothing() {
    assert!(!Workspace::needs_reader(&MemoryStore::default()));
    let mut browser = Browser::new(MemoryStore::default(), 2);
    assert!(Workspace::needs_reader(&browser.shared.borrow().store));
    let first = browser.open_id(0);
    // Tab 1 is a page whose reader has not arrived.
    browser.reload_without_reader(1);
    let waiting = |w: &Workspace| {
        let mut keys = w
            .damaged()
            .iter()
            .filter(|d| d.error == EntryError::NoReader)
            .map(|d| d.key.clone())
            .collect::<Vec<_>>();
        keys.sort();
        keys
    };
    assert!(waiting(browser.workspace(1)).contains(&entry_key(&first)));
    assert!(browser.workspace(1).wants_reader());
    browser
        .on(0, |w, s, now, id| {
            w.create(s, now, id, "Custom", Some(custom()))
        })
        .unwrap();
    let id = browser.open_id(0);
    browser.answer(0, "sources.versioned", 2);
    // Before tab 1 hears of it, it deletes its own new entry: the custom questionnaire that
    // tab 0's entry answers stays, as without the reader the page cannot tell which
    // questionnaires are in use.
    let own = browser.open_id(1);
    browser.on(1, |w, s, now, new| w.delete(s, now, &own, new));
    assert_eq!(
        keys_under(&browser.shared.borrow().store, QUESTIONNAIRE_PREFIX),
        1
    );
    browser.deliver(1);
    assert!(waiting(browser.workspace(1)).contains(&entry_key(&id)));
    // Its own new entry is saved and listed as usual.
    let own = browser.open_id(1);
    browser.answer(1, "data.versioning", 2);
    assert_eq!(browser.workspace(1).status(), &Status::Saved);
    assert_eq!(
        browser.stored_answer(&own, "data.versioning"),
        Some(Answer::Level(2))
    );
    browser.on(1, |w, s, _, _| w.set_reader(s, Reader::ALL));
    assert!(browser.workspace(1).damaged().is_empty());
    assert!(!browser.workspace(1).wants_reader());
    assert!(browser.workspace(1).entries().iter().any(|e| e.id == id));
    assert!(browser.workspace(1).entries().iter().any(|e| e.id == first));

    // A page loading this library without the reader (its part did not load): every entry
    // waits, and what is stored under its key is left as it was.
    let mut store = browser.shared.borrow().store.clone();
    let stored = store.read(&entry_key(&id));
    let mut page = Workspace::load(&mut store, built_in(), None, Some(&id), "new".into(), 1.0);
    assert_eq!(waiting(&page).len(), 3);
    assert_ne!(page.open_entry().id, id);
    assert_eq!(store.read(&entry_key(&id)), stored);
    assert_eq!(
        store.read(ACTIVE_KEY),
        Some(id.clone()),
        "it still opens first once it can be read"
    );
    // Renaming or copying an entry it cannot read yet is refused, and forgets nothing.
    page.rename(&mut store, 2.0, &id, "Renamed");
    assert!(page
        .take_message()
        .unwrap()
        .contains("could not be read yet"));
    assert!(page
        .duplicate(&mut store, 2.0, &id, "copy".into())
        .unwrap_err()
        .contains("could not be read yet"));
    assert_eq!(store.read(&entry_key(&id)), stored);
    page.set_reader(&mut store, Reader::ALL);
    assert!(page.damaged().is_empty());
    page.open(&mut store, &id).unwrap();
    assert_eq!(
        page.assessment().answer("sources.versioned"),
        Some(Answer::Level(2))
    );
    assert_eq!(
        store.read(&entry_key(&id)),
        stored,
        "opening writes nothing"
    );
}

/// A page whose reader has not arrived shows a blank assessment, but stores it only once it
/// changes: a page that ends before the reader arrives (a reload while it loads) leaves
/// nothing newer that would open in place of the user's work next time, and a page whose
/// reader arrives opens the assessment that waited, unless the blank has changed since.
#[test]
fn a_page_waiting_for_the_reader_leaves_no_blank_in_place_of_the_work() {
    let mut store = MemoryStore::default();
    let mut first = Workspace::load(
        &mut store,
        built_in(),
        Some(Reader::ALL),
        None,
        "work".into(),
        1.0,
    );
    first.edit(&mut store, 2.0, |a| {
        a.set_answer("data.versioning", Some(Answer::Level(2)))
    });
    let before = store.items.clone();
    let waiting = Workspace::load(&mut store, built_in(), None, None, "blank".into(), 3.0);
    assert_eq!(waiting.assessment(), &Assessment::new(&built_in()));
    assert_eq!(waiting.status(), &Status::Saved);
    assert_eq!(store.items, before, "nothing stored");
    let next = Workspace::load(
        &mut store,
        built_in(),
        Some(Reader::ALL),
        None,
        "other".into(),
        4.0,
    );
    assert_eq!(next.open_entry().id, "work");

    let mut late = Workspace::load(&mut store, built_in(), None, None, "blank2".into(), 5.0);
    late.set_reader(&mut store, Reader::ALL);
    assert_eq!(late.open_entry().id, "work");
    assert_eq!(
        late.assessment().answer("data.versioning"),
        Some(Answer::Level(2))
    );

    let mut edited = Workspace::load(&mut store, built_in(), None, None, "blank3".into(), 6.0);
    edited.edit(&mut store, 7.0, |a| {
        a.set_answer("data.versioning", Some(Answer::Level(1)))
    });
    assert!(store.read(&entry_key("blank3")).is_some());
    edited.set_reader(&mut store, Reader::ALL);
    assert_eq!(edited.open_entry().id, "blank3");
    assert_eq!(
        edited.assessment().answer("data.versioning"),
        Some(Answer::Level(1))
    );
}

/// A page without the reader cannot read another tab's version of its open assessment: it
/// is a conflict ("changed", never "deleted"), and once the reader is here the page looks
/// again: the same work is simply saved, other work stays a conflict to resolve.
#[test]
fn another_version_read_without_the_reader_is_a_conflict_until_the_reader_says_otherwise() {
    for same in [true, false] {
        let mut browser = Browser::new(MemoryStore::default(), 2);
        browser.reload_without_reader(1);
        let id = browser.open_id(1);
        // (Its blank is stored once it changes.)
        browser.answer(1, "data.versioning", 1);
        browser.deliver(0);
        browser.on(0, |w, s, _, _| w.open(s, &id)).unwrap();
        browser.answer(0, "data.versioning", 2);
        // Tab 1 answers before it hears of tab 0's write: its save finds another text.
        browser.answer(1, "data.versioning", if same { 2 } else { 3 });
        assert_eq!(
            browser.workspace(1).status(),
            &Status::Conflict(Theirs::Changed)
        );
        assert!(browser.workspace(1).wants_reader());
        browser.deliver(1);
        assert_eq!(
            browser.workspace(1).status(),
            &Status::Conflict(Theirs::Changed)
        );
        browser.on(1, |w, s, _, _| w.set_reader(s, Reader::ALL));
        let status = browser.workspace(1).status().clone();
        if same {
            assert_eq!(status, Status::Saved);
        } else {
            assert_eq!(status, Status::Conflict(Theirs::Changed));
            browser.on(1, |w, s, now, new| w.resolve(s, now, Choice::KeepMine, new));
        }
        assert_eq!(
            browser.stored_answer(&id, "data.versioning"),
            Some(Answer::Level(if same { 2 } else { 3 }))
        );
        assert_eq!(
            browser.workspace(1).assessment().answer("data.versioning"),
            Some(Answer::Level(if same { 2 } else { 3 }))
        );
    }
}

/// A stored library of any kind needs the reader; a store with none does not.
#[test]
fn a_release_1_library_needs_the_reader() {
    let mut store = MemoryStore::default();
    assert!(!Workspace::needs_reader(&store));
    store.items.extend(release_1_library(|_| true));
    assert!(Workspace::needs_reader(&store));
}

/// The stored items of a real release-1 library whose text `keep` accepts.
fn release_1_library(keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let fixture: Value =
        serde_json::from_str(&read("tests/fixtures/storage/v1-library.json")).unwrap();
    fixture
        .as_object()
        .unwrap()
        .iter()
        .map(|(key, value)| (key.clone(), value.as_str().unwrap().to_string()))
        .filter(|(_, text)| keep(text))
        .collect()
}
