//! Questionnaire 1.1: its content checks, and versions that never orphan an assessment
//! (1.0.0 files and library entries keep their questionnaire; moving to 1.1 carries only
//! the declared answers and never alters the original).
#![cfg(not(target_arch = "wasm32"))]

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::questionnaire::{
    Questionnaire, Reader, EARLIER_BUILT_IN_BIN, EARLIER_BUILT_IN_VERSIONS,
};
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::upgrade::move_to;
use mlops_maturity::domain::workspace::{
    entry_key, Entry, EntryError, MemoryStore, Store, Workspace,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn workshop_1_0() -> Assessment {
    Assessment::from_json(&read("tests/fixtures/assessments/acme-workshop.json")).unwrap()
}

#[test]
fn both_built_in_versions_ship_and_1_0_0_is_the_release_1_text() {
    let newest = Questionnaire::built_in().unwrap();
    assert_eq!(newest.version, "1.1.0");
    let earlier = Questionnaire::earlier_built_in("1.0.0").unwrap().unwrap();
    assert_eq!(earlier.question_count(), 29);
    assert_eq!(newest.question_count(), 37);
    // An unknown version falls back to the newest (scored by question id, as before).
    assert_eq!(Questionnaire::built_in_version("9.9.9").unwrap(), newest);
    assert_eq!(Questionnaire::built_in_version("1.0.0").unwrap(), earlier);
}

#[test]
fn the_embedded_questionnaires_are_exactly_what_the_validator_reads_from_the_files() {
    // The app reads the compact form build.rs writes (no JSON reader, no validator): it must
    // decode to the very model the validator builds from each file. The JSON text the CLI
    // embeds is the file without the whitespace between tokens; no string may change.
    let embedded = [
        (
            "questionnaires/mlops-maturity.json",
            Questionnaire::built_in(),
        ),
        (
            "questionnaires/mlops-maturity-1.0.0.json",
            Questionnaire::earlier_built_in("1.0.0").unwrap(),
        ),
    ];
    for (file, questionnaire) in embedded {
        assert_eq!(
            questionnaire.unwrap(),
            Questionnaire::from_json(&read(file)).unwrap(),
            "{file}"
        );
    }
    let compact = mlops_maturity::domain::questionnaire::DEFAULT_QUESTIONNAIRE_JSON;
    let file = read("questionnaires/mlops-maturity.json");
    assert!(
        compact.len() < file.len() * 3 / 4,
        "{} of {} bytes",
        compact.len(),
        file.len()
    );
    assert_eq!(
        serde_json::from_str::<Value>(compact).unwrap(),
        serde_json::from_str::<Value>(&file).unwrap()
    );
}

#[test]
fn every_question_has_four_distinct_options_with_help() {
    for questionnaire in [
        Questionnaire::built_in().unwrap(),
        Questionnaire::earlier_built_in("1.0.0").unwrap().unwrap(),
    ] {
        for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
            assert_eq!(question.options.len(), 4, "{}", question.id);
            let texts: BTreeSet<&str> = question.options.iter().map(|o| o.text.as_str()).collect();
            assert_eq!(texts.len(), 4, "{}: options repeat", question.id);
            for option in &question.options {
                assert!(
                    !option.help.trim().is_empty(),
                    "{} level {}",
                    question.id,
                    option.level
                );
            }
        }
    }
}

#[test]
fn options_above_level_1_build_on_the_one_below_where_they_say_so() {
    // "Level N, plus ..." must refer to the level directly below.
    let questionnaire = Questionnaire::built_in().unwrap();
    for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
        for option in &question.options {
            if let Some(rest) = option.text.strip_prefix("Level ") {
                let below: u8 = rest[..1].parse().unwrap();
                assert_eq!(
                    below + 1,
                    option.level,
                    "{} level {}",
                    question.id,
                    option.level
                );
            }
        }
    }
}

#[test]
fn every_tool_serves_the_areas_a_reviewer_agreed() {
    let reviewed: BTreeMap<String, Value> =
        serde_json::from_str(&read("tests/fixtures/tool-areas.json")).unwrap();
    let questionnaire = Questionnaire::built_in().unwrap();
    let mut seen = 0;
    for ecosystem in questionnaire.ecosystems() {
        for tool in &ecosystem.tools {
            let expected = &reviewed[&ecosystem.id][&tool.name];
            let expected: Vec<&str> = expected
                .as_array()
                .unwrap_or_else(|| panic!("{} {} is not reviewed", ecosystem.id, tool.name))
                .iter()
                .map(|a| a.as_str().unwrap())
                .collect();
            assert_eq!(tool.areas, expected, "{} / {}", ecosystem.id, tool.name);
            seen += 1;
        }
    }
    let reviewed_count: usize = reviewed
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .map(|(_, tools)| tools.as_object().unwrap().len())
        .sum();
    assert_eq!(
        seen, reviewed_count,
        "a reviewed tool is no longer suggested"
    );
}

#[test]
fn moving_to_1_1_carries_only_the_declared_answers() {
    let old = workshop_1_0();
    let newest = Questionnaire::built_in().unwrap();
    let upgrade = move_to(&old, &newest).unwrap();
    let declared = &newest.carried_from("1.0.0").unwrap().same_meaning;
    assert_eq!(upgrade.assessment.questionnaire.version, "1.1.0");
    assert_eq!(upgrade.assessment.client, old.client);
    assert_eq!(upgrade.assessment.target_level, old.target_level);
    assert_eq!(upgrade.assessment.area_weights, old.area_weights);
    for (old_id, new_id) in declared {
        assert_eq!(
            upgrade.assessment.answer(new_id),
            old.answer(old_id),
            "{old_id} → {new_id}"
        );
    }
    // Everything else is to answer, in workshop order, and has no answer yet.
    let all: Vec<String> = newest
        .areas
        .iter()
        .flat_map(|a| a.questions.iter().map(|q| q.id.clone()))
        .collect();
    let expected: Vec<String> = all
        .iter()
        .filter(|id| !upgrade.carried.contains(id))
        .cloned()
        .collect();
    assert_eq!(upgrade.to_answer, expected);
    assert_eq!(upgrade.carried.len() + upgrade.to_answer.len(), 37);
    for id in &upgrade.to_answer {
        assert_eq!(upgrade.assessment.answer(id), None, "{id} was guessed");
    }
    // A changed question that kept its id keeps its note, marked; never its answer.
    let note = upgrade.assessment.note("monitoring.accuracy_drop");
    assert!(
        note.starts_with("[noted for version 1.0.0] Last incident"),
        "{note}"
    );
    // The carried note of an unchanged question is kept as it was.
    assert_eq!(
        upgrade.assessment.note("testing.ci"),
        old.note("testing.ci")
    );
    let report = score(&newest, &upgrade.assessment);
    assert_eq!(
        report.answered,
        upgrade
            .carried
            .iter()
            .filter(|id| old.answer(id).is_some())
            .count()
    );
}

#[test]
fn a_version_without_a_declared_mapping_is_not_moved() {
    let mut old = workshop_1_0();
    old.questionnaire.version = "0.9.0".into();
    let error = move_to(&old, &Questionnaire::built_in().unwrap()).unwrap_err();
    assert!(
        error.contains("does not say which answers of version 0.9.0"),
        "{error}"
    );
}

#[test]
fn a_1_0_0_entry_opens_as_before_and_moves_to_a_new_entry_leaving_it_unchanged() {
    let old = workshop_1_0();
    let entry = Entry::new("old".into(), "Acme".into(), 1.0, old.clone());
    let mut store = MemoryStore::default();
    store.items.insert(entry_key("old"), entry.encode());
    let built_in = Questionnaire::built_in().unwrap();
    let before = store.read(&entry_key("old"));
    // The app's first load has no 1.0.0 questionnaire: the library asks for the part that
    // reads it, and a page without it lists the entry as waiting and changes nothing.
    assert!(Workspace::needs_reader(&store));
    let mut waiting = Workspace::load(
        &mut store,
        built_in.clone(),
        None,
        Some("old"),
        "blank".into(),
        2.0,
    );
    assert_eq!(waiting.damaged().len(), 1);
    assert_eq!(waiting.damaged()[0].error, EntryError::NoReader);
    assert_eq!(waiting.questionnaire().version, "1.1.0");
    assert_eq!(store.read(&entry_key("old")), before);
    waiting.set_reader(&mut store, Reader::ALL);
    assert!(waiting.damaged().is_empty());
    assert!(waiting.entries().iter().any(|e| e.id == "old"));

    let mut workspace = Workspace::load(
        &mut store,
        built_in,
        Some(Reader::ALL),
        Some("old"),
        "blank".into(),
        2.0,
    );
    let earlier = Questionnaire::earlier_built_in("1.0.0").unwrap().unwrap();
    assert_eq!(**workspace.questionnaire(), earlier);
    assert_eq!(
        score(workspace.questionnaire(), workspace.assessment()),
        score(&earlier, &old)
    );
    assert_eq!(workspace.newer_version(), Some("1.1.0"));

    let upgrade = workspace
        .move_to_newer_version(&mut store, 3.0, "new".into())
        .unwrap();
    assert_eq!(workspace.open_entry().id, "new");
    assert_eq!(workspace.open_entry().name, "Acme (1.1.0)");
    assert_eq!(workspace.questionnaire().version, "1.1.0");
    assert_eq!(workspace.newer_version(), None);
    assert_eq!(
        store.read(&entry_key("old")),
        before,
        "the 1.0.0 entry is unchanged"
    );
    let stored = Entry::decode(&store.read(&entry_key("new")).unwrap())
        .unwrap()
        .entry;
    assert_eq!(stored.assessment, upgrade.assessment);
    assert_eq!(
        stored.assessment.answer("deployment.rollout"),
        Some(Answer::NotApplicable)
    );
}

#[test]
fn the_earlier_versions_list_names_exactly_the_shipped_ones() {
    let shipped: Vec<&str> = EARLIER_BUILT_IN_BIN.iter().map(|(v, _)| *v).collect();
    assert_eq!(shipped, EARLIER_BUILT_IN_VERSIONS);
    for version in EARLIER_BUILT_IN_VERSIONS {
        assert!(Questionnaire::ships_earlier(version));
        assert!(Questionnaire::earlier_built_in(version).unwrap().is_ok());
    }
    assert!(!Questionnaire::ships_earlier("1.1.0"));
}

/// Importing a 1.0.0 file (or a link of one) needs the reader first; without it the import
/// is refused with a reason and nothing is stored.
#[test]
fn a_1_0_0_import_waits_for_the_reader() {
    let old = workshop_1_0();
    let mut store = MemoryStore::default();
    let mut workspace = page_without_reader(&mut store);
    assert!(workspace.needs_reader_for(&old.questionnaire));
    assert!(workspace.earlier_built_in("1.0.0").is_none());
    let refused = workspace
        .import(&mut store, 2.0, "a".into(), "Acme", old.clone())
        .unwrap_err();
    assert!(refused.contains("version 1.0.0"), "{refused}");
    assert!(store.read(&entry_key("a")).is_none());

    workspace.set_reader(&mut store, Reader::ALL);
    assert!(!workspace.needs_reader_for(&old.questionnaire));
    workspace
        .import(&mut store, 3.0, "b".into(), "Acme", old.clone())
        .unwrap();
    let earlier = Questionnaire::earlier_built_in("1.0.0").unwrap().unwrap();
    assert_eq!(**workspace.questionnaire(), earlier);
    assert_eq!(*workspace.earlier_built_in("1.0.0").unwrap(), earlier);
    assert_eq!(
        score(workspace.questionnaire(), workspace.assessment()),
        score(&earlier, &old)
    );
}

/// Another tab stores a 1.0.0 entry in a page that has no reader yet: it waits, listed as
/// not read, and is read once the page has the reader (the app then fetches it).
#[test]
fn a_1_0_0_entry_from_another_tab_waits_for_the_reader() {
    let mut store = MemoryStore::default();
    let mut workspace = page_without_reader(&mut store);
    let entry = Entry::new("other".into(), "Acme".into(), 2.0, workshop_1_0());
    store.items.insert(entry_key("other"), entry.encode());
    workspace.storage_changed(&mut store, &entry_key("other"));
    assert_eq!(workspace.damaged().len(), 1);
    assert_eq!(workspace.damaged()[0].error, EntryError::NoReader);
    assert!(!workspace.entries().iter().any(|e| e.id == "other"));
    workspace.set_reader(&mut store, Reader::ALL);
    assert!(workspace.damaged().is_empty());
    assert!(workspace.entries().iter().any(|e| e.id == "other"));
}

/// A page of an empty library that has not loaded the questionnaire reader's part.
/// A page reads an earlier built-in version once: what compares or pools assessments of it
/// (the Progress view asks on every change) and an entry opened on it share one copy.
#[test]
fn an_earlier_version_is_read_once_per_page() {
    let old = workshop_1_0();
    let mut store = MemoryStore::default();
    let mut workspace = page_without_reader(&mut store);
    workspace.set_reader(&mut store, Reader::ALL);
    let first = workspace.earlier_built_in("1.0.0").unwrap();
    let again = workspace.earlier_built_in("1.0.0").unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again), "read twice");
    workspace
        .import(&mut store, 2.0, "a".into(), "Acme", old)
        .unwrap();
    assert!(
        std::sync::Arc::ptr_eq(workspace.questionnaire(), &first),
        "the opened entry read it again"
    );
    assert!(workspace.earlier_built_in("9.9.9").is_none());
}

fn page_without_reader(store: &mut MemoryStore) -> Workspace {
    let built_in = Questionnaire::built_in().unwrap();
    Workspace::load(store, built_in, None, None, "blank".into(), 1.0)
}
