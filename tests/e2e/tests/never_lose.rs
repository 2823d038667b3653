//! "The workshop never loses an answer", in Chromium: keys after a mouse click, Open
//! during a failed save, a delete in another tab, a store cleared by another tab, one
//! stored copy of a custom
//! questionnaire, and a real release-1 library migrated on load.

use e2e::Harness;
use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::outline::level_line;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::workspace::{Entry, ENTRY_PREFIX, QUESTIONNAIRE_PREFIX};
use serde_json::{json, Value};

/// Every stored key and its text.
fn storage(harness: &Harness) -> serde_json::Map<String, Value> {
    let all = harness.browser.execute(
        "const all = {}; for (let i = 0; i < localStorage.length; i++) { \
           const k = localStorage.key(i); all[k] = localStorage.getItem(k); } return all;",
        vec![],
    );
    all.as_object().unwrap().clone()
}

/// The stored entries, decoded.
fn stored_entries(harness: &Harness) -> Vec<Entry> {
    storage(harness)
        .iter()
        .filter(|(k, _)| k.starts_with(ENTRY_PREFIX))
        .map(|(_, v)| Entry::decode(v.as_str().unwrap()).unwrap().entry)
        .collect()
}

fn the_answer(harness: &Harness, question: &str) -> Option<Answer> {
    let entries = stored_entries(harness);
    assert_eq!(entries.len(), 1);
    entries[0].assessment.answer(question)
}

fn wait_for(harness: &Harness, testid: &str) {
    harness.browser.wait_for(
        testid,
        &format!("return document.querySelector('[data-testid={testid}]') !== null"),
    );
}

fn library_button(harness: &Harness, label: &str) -> Value {
    let browser = &harness.browser;
    browser.click(&browser.find("[data-testid=tab-library]"));
    browser.button("[data-testid=library-entry]", label)
}

#[test]
fn keys_keep_working_after_a_click_and_arrows_never_change_an_answer() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let questionnaire = Questionnaire::built_in().unwrap();
    let ids: Vec<&str> = questionnaire.areas[0]
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();

    // A click on the level 1 option of the first question...
    let option = format!("[data-question=\"{}\"] input[type=radio]", ids[0]);
    browser.click(&browser.find_all(&option)[1]);
    harness.wait_for_answered(1);
    // ...then keys: "2" answers the clicked question again and moves on, "3" the next.
    browser.press("23");
    harness.wait_for_answered(2);
    assert_eq!(the_answer_of(&harness, ids[0]), Some(Answer::Level(2)));
    assert_eq!(the_answer_of(&harness, ids[1]), Some(Answer::Level(3)));
    // Focus followed the keyboard to the third question.
    let focused = browser.execute(
        "return document.activeElement.closest('fieldset.question').dataset.question",
        vec![],
    );
    assert_eq!(focused, json!(ids[2]));
    // Down and up move between questions; no answer changes.
    browser.press("\u{E015}\u{E015}\u{E013}");
    assert_eq!(the_answer_of(&harness, ids[0]), Some(Answer::Level(2)));
    assert_eq!(the_answer_of(&harness, ids[1]), Some(Answer::Level(3)));
    assert_eq!(the_answer_of(&harness, ids[2]), None);
    let current = browser.execute(
        "return document.querySelector('fieldset.question.current').dataset.question",
        vec![],
    );
    assert_eq!(current, json!(ids[3]));
    harness.assert_clean_run();
}

fn the_answer_of(harness: &Harness, question: &str) -> Option<Answer> {
    the_answer(harness, question)
}

#[test]
fn open_during_a_failed_save_keeps_the_answers_and_says_they_are_not_saved() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("1");
    harness.wait_for_answered(1);
    browser.fill_storage();
    browser.press("2");
    wait_for(&harness, "not-saved");
    harness.wait_for_answered(2);

    // Open on the entry that is open: the answers stay, and so does the warning.
    browser.click(&library_button(&harness, "Open"));
    harness.wait_for_answered(2);
    assert!(!browser.find_all("[data-testid=not-saved]").is_empty());
    let questionnaire = Questionnaire::built_in().unwrap();
    let second = &questionnaire.areas[0].questions[1].id;
    assert_eq!(the_answer(&harness, second), None, "not in storage yet");

    // Once storage works again, "Try saving again" stores everything.
    browser.free_storage();
    let retry = browser.button("[data-testid=not-saved]", "Try saving again");
    browser.click(&retry);
    browser.wait_for(
        "the warning to go",
        "return document.querySelector('[data-testid=not-saved]') === null",
    );
    assert_eq!(the_answer(&harness, second), Some(Answer::Level(2)));
    harness.assert_clean_run();
}

#[test]
fn a_delete_in_another_tab_is_not_undone_by_this_tab() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("1");
    harness.wait_for_answered(1);
    let key = storage(&harness)
        .keys()
        .find(|k| k.starts_with(ENTRY_PREFIX))
        .unwrap()
        .clone();
    let first = browser.current_tab();
    let second = browser.new_tab();
    browser.switch_to(&second);
    browser.goto(&harness.server.url(""));
    harness.open_app();
    browser.click(&library_button(&harness, "Delete"));
    browser.click(&browser.find("[data-testid=confirm-delete]"));
    browser.wait_for(
        "the delete",
        &format!("return localStorage.getItem({key:?}) === null"),
    );

    browser.switch_to(&first);
    wait_for(&harness, "conflict");
    let banner = browser.text(&browser.find("[data-testid=conflict]"));
    assert!(banner.contains("deleted"), "{banner}");
    // Answering now does not bring the entry back.
    browser.click(&browser.find("[data-testid=tab-questions]"));
    browser.press("2");
    harness.wait_for_answered(2);
    assert!(
        !storage(&harness).contains_key(&key),
        "the deleted entry came back"
    );
    // Letting it go opens another assessment; the deleted one stays deleted.
    browser.click(&browser.find("[data-testid=take-theirs]"));
    browser.wait_for(
        "the banner to go",
        "return document.querySelector('[data-testid=conflict]') === null",
    );
    assert!(!storage(&harness).contains_key(&key));
    harness.assert_clean_run();
}

/// Another tab clears the whole store (`localStorage.clear()`: the browser's event names no
/// key). This tab says at once that its assessment is gone from storage, keeps the answers,
/// and writes them back when the user keeps this version.
#[test]
fn a_store_cleared_in_another_tab_is_said_at_once_and_loses_no_answer() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("1");
    harness.wait_for_answered(1);
    let first = browser.current_tab();
    let second = browser.new_tab();
    browser.switch_to(&second);
    browser.goto(&harness.server.url(""));
    harness.open_app();
    browser.execute("localStorage.clear()", vec![]);

    browser.switch_to(&first);
    wait_for(&harness, "conflict");
    let banner = browser.text(&browser.find("[data-testid=conflict]"));
    assert!(banner.contains("deleted"), "{banner}");
    harness.wait_for_answered(1);
    browser.click(&browser.find("[data-testid=keep-mine]"));
    browser.wait_for(
        "the banner to go",
        "return document.querySelector('[data-testid=conflict]') === null",
    );
    let kept = stored_entries(&harness);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let questionnaire = Questionnaire::built_in().unwrap();
    let first_question = &questionnaire.areas[0].questions[0].id;
    assert_eq!(
        kept[0].assessment.answer(first_question),
        Some(Answer::Level(1))
    );
    harness.assert_clean_run();
}

#[test]
fn a_custom_questionnaire_used_by_three_entries_is_stored_once() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    harness.load_three_areas();
    browser.press("12");
    harness.wait_for_answered(2);
    for copies in 1..=2 {
        browser.click(&library_button(&harness, "Duplicate"));
        browser.wait_for(
            "the copy",
            &format!(
                "return document.querySelectorAll('[data-testid=library-entry]').length === {}",
                copies + 2
            ),
        );
    }
    let all = storage(&harness);
    let questionnaires: Vec<&String> = all
        .keys()
        .filter(|k| k.starts_with(QUESTIONNAIRE_PREFIX))
        .collect();
    assert_eq!(questionnaires.len(), 1, "{questionnaires:?}");
    let custom: Vec<Entry> = stored_entries(&harness)
        .into_iter()
        .filter(|e| e.questionnaire.is_some())
        .collect();
    assert_eq!(custom.len(), 3);
    for (key, value) in all.iter().filter(|(k, _)| k.starts_with(ENTRY_PREFIX)) {
        assert!(
            !value.as_str().unwrap().contains("\"areas\""),
            "{key} copies the questionnaire"
        );
    }
    // A reload opens the custom assessment with its questionnaire.
    browser.refresh();
    harness.open_app();
    harness.wait_for_answered(2);
    harness.assert_clean_run();
}

#[test]
fn a_release_1_library_opens_with_the_same_answers_and_results() {
    let fixture = Harness::release_1_library();
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    harness.reload_with_storage(&fixture);
    let notice = browser.text(&browser.find("[data-testid=notice] p"));
    assert!(
        notice.contains("4 saved assessment(s) were moved"),
        "{notice}"
    );

    let all = storage(&harness);
    assert_eq!(
        all.keys()
            .filter(|k| k.starts_with(QUESTIONNAIRE_PREFIX))
            .count(),
        1
    );
    // Every v1 entry, opened: the same answers and the same level and index as the v1 text
    // gives.
    for (key, text) in fixture.as_object().unwrap() {
        let Some(id) = key.strip_prefix(ENTRY_PREFIX) else {
            continue;
        };
        let old: Value = serde_json::from_str(text.as_str().unwrap()).unwrap();
        let assessment = Assessment::from_json(&old["assessment"].to_string()).unwrap();
        let questionnaire = match old["questionnaire_json"].as_str() {
            Some(text) => Questionnaire::from_json(text).unwrap(),
            None => Questionnaire::built_in_version(&assessment.questionnaire.version).unwrap(),
        };
        let stored: Value = serde_json::from_str(all[key].as_str().unwrap()).unwrap();
        assert_eq!(stored["storage_version"], 2);
        assert_eq!(
            Assessment::from_json(&stored["assessment"].to_string()).unwrap(),
            assessment
        );

        harness.open_entry_named(old["name"].as_str().unwrap());
        let report = score(&questionnaire, &assessment);
        harness.wait_for_answered(report.answered);
        let level = browser.text(&browser.find("[data-testid=summary-level]"));
        assert_eq!(level, level_line(&questionnaire, &report), "{id}");
        let index = browser.text(&browser.find("[data-testid=summary-index]"));
        assert_eq!(
            index,
            format!("Index {:.2} / 3", report.index.unwrap()),
            "{id}"
        );
    }
    harness.assert_clean_run();
}

/// A download's link is not revoked the moment it is clicked (that cancels the download in
/// some browsers).
#[test]
fn a_download_link_outlives_its_click() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.execute(
        "window.revoked = []; URL.revokeObjectURL = u => window.revoked.push(u);",
        vec![],
    );
    browser.click(&library_button(&harness, "Export"));
    browser.downloaded(".assessment.json");
    assert_eq!(
        browser.execute("return window.revoked.length", vec![]),
        json!(0)
    );
    harness.assert_clean_run();
}

/// The library shows the day of a change in the user's time zone, like the roadmap.
#[test]
fn the_library_dates_changes_in_the_users_time_zone() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let zone = json!({ "timezoneId": "Pacific/Kiritimati" });
    if !browser.devtools("Emulation.setTimezoneOverride", zone) {
        eprintln!("time zone emulation needs Chrome DevTools: checked in the Chromium run");
        return;
    }
    // 2026-11-27 12:00 UTC is 2026-11-28 02:00 in Kiritimati (UTC+14).
    let questionnaire = Questionnaire::built_in().unwrap();
    let entry = Entry::new(
        "zoned".into(),
        "Zoned".into(),
        1_795_780_800_000.0,
        Assessment::new(&questionnaire),
    );
    harness.reload_with_storage(&json!({ entry.key(): entry.encode() }));
    browser.click(&browser.find("[data-testid=tab-library]"));
    let meta = browser.text(&browser.find("[data-testid=library-entry] .entry-meta"));
    assert!(meta.ends_with("changed 2026-11-28"), "{meta}");
    harness.assert_clean_run();
}

/// A 1.0.0 assessment moves to 1.1.0 as a new entry: the declared answers come along, the
/// new and changed questions are listed, and the 1.0.0 entry stays as it was.
#[test]
fn a_1_0_0_assessment_moves_to_1_1_0_as_a_new_entry() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let fixture = Harness::release_1_library();
    harness.reload_with_storage(&fixture);
    harness.open_entry_named("Untitled assessment");
    let (old_key, old_text) = fixture
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, v)| k.starts_with(ENTRY_PREFIX) && v.as_str().unwrap().contains("\"1.0.0\""))
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .unwrap();
    let old = Entry::decode(&old_text).unwrap().entry;
    let before = storage(&harness)[&old_key].clone();

    browser.click(&browser.find("[data-testid=tab-library]"));
    let offer = browser.text(&browser.find("[data-testid=newer-version]"));
    assert!(offer.contains("Version 1.1.0"), "{offer}");
    browser.click(&browser.find("[data-testid=move-to-newer]"));
    let newest = Questionnaire::built_in().unwrap();
    let upgrade = mlops_maturity::domain::upgrade::move_to(&old.assessment, &newest).unwrap();
    let notice = browser.text(&browser.find("[data-testid=notice] p"));
    assert!(
        notice.contains(&format!(
            "{} answers carried over; {} questions are new or changed",
            upgrade.carried.len(),
            upgrade.to_answer.len()
        )),
        "{notice}"
    );
    let listed = browser.find_all("[data-testid=notice] li").len();
    assert_eq!(listed, upgrade.to_answer.len());
    let report = score(&newest, &upgrade.assessment);
    harness.wait_for_answered(report.answered);
    assert_eq!(
        browser.text(&browser.find("[data-testid=summary-level]")),
        level_line(&newest, &report)
    );
    // The new entry holds the carried answers; the 1.0.0 entry is byte for byte the same.
    assert_eq!(storage(&harness)[&old_key], before);
    let moved: Vec<Entry> = stored_entries(&harness)
        .into_iter()
        .filter(|e| e.name == "Untitled assessment (1.1.0)")
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].assessment, upgrade.assessment);
    harness.assert_clean_run();
}
