//! The views the first screen does not need are parts of their own (scripts/split-wasm.py):
//! the first load fetches none of them, each arrives when its view first opens, and a
//! part that cannot be downloaded is reported with a way to try again. Reading custom
//! questionnaires and the built-in questionnaire's version 1.0.0 is a part too: fetched
//! only when the library holds one, or a file or link of one is opened.

use e2e::server::is_part;
use e2e::webdriver::Engine;
use e2e::{repo_root, Harness};
use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::questionnaire::{Questionnaire, Reader};
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::workspace::{
    entry_key, Entry, MemoryStore, Store, Workspace, ACTIVE_KEY, ENTRY_PREFIX,
};
use serde_json::Value;

/// The parts the page itself has fetched so far (the service worker's own precaching is
/// not in the page's resource timing).
fn parts_fetched(harness: &Harness) -> Vec<String> {
    harness
        .browser
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)",
            vec![],
        )
        .as_array()
        .expect("resource entries")
        .iter()
        .filter_map(|path| path.as_str())
        .filter(|path| is_part(path))
        .map(str::to_string)
        .collect()
}

#[test]
fn views_load_their_parts_when_opened_and_a_failed_download_can_be_tried_again() {
    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness.server.refuse_parts();
    harness.open_app();
    browser.press("2");
    harness.wait_for_answered(1);
    assert_eq!(
        parts_fetched(&harness),
        Vec::<String>::new(),
        "the Questions view needs no part"
    );

    // The download fails: the view says so, the answer stays, the app keeps working.
    browser.click_testid("tab-results");
    browser.wait_for_element("[data-testid=view-failed]");
    let failed = browser.text(&browser.find("[data-testid=view-failed]"));
    assert!(
        failed.contains("could not be loaded") && failed.contains("your answers are saved"),
        "{failed}"
    );
    assert!(
        harness.progress().starts_with("1 of"),
        "{}",
        harness.progress()
    );
    browser.click_testid("tab-questions");
    browser.press("j3");
    harness.wait_for_answered(2);

    // Opening it again tries again; while the download still fails, so does the view.
    browser.click_testid("tab-results");
    browser.wait_for_element("[data-testid=view-failed]");
    browser.click(&browser.button("[data-testid=view-failed]", "Try again"));
    browser.wait_for_element("[data-testid=view-failed]");

    // Back online: trying again brings the view.
    harness.server.serve_parts();
    browser.click(&browser.button("[data-testid=view-failed]", "Try again"));
    browser.wait_for_element("[data-testid=chart]");
    assert!(
        browser.find_all("[data-testid=view-failed]").is_empty(),
        "the failure message is gone"
    );
    let fetched = parts_fetched(&harness);
    assert!(
        fetched.iter().any(|p| p.contains("split_results_view")),
        "{fetched:?}"
    );
    assert!(
        !fetched.iter().any(|p| p.contains("split_progress_view")),
        "only the parts Results needs: {fetched:?}"
    );

    // Another view loads its own part at once.
    browser.click_testid("tab-progress");
    browser.wait_for_element("[data-testid=start-follow-up]");
    assert!(parts_fetched(&harness)
        .iter()
        .any(|p| p.contains("split_progress_view")));

    // The only errors in the console are the refused downloads (the browser's line for the
    // response, the loader's for the module it could not compile).
    if browser.engine() == Engine::Chromium {
        let unexpected: Vec<String> = browser
            .log("browser")
            .into_iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .filter_map(|entry| entry["message"].as_str().map(str::to_string))
            .filter(|message| {
                !message.contains("503") && !message.contains("HTTP status code is not ok")
            })
            .collect();
        assert!(unexpected.is_empty(), "{unexpected:#?}");
    }
}

#[test]
fn while_the_room_answers_the_other_views_arrive_and_then_open_at_once() {
    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness.open_app();
    browser.press("2");
    // A few seconds after the start, the parts of every view this mode can open arrive in
    // the background (the room panels' fields only when a panel opens).
    browser.wait_for(
        "the views' parts",
        "return ['results', 'setup', 'library', 'progress'].every(v => \
           performance.getEntriesByType('resource').some(e => e.name.includes('split_' + v + '_view')))",
    );
    browser.wait_for(
        "the background fetch to finish",
        "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).every(e => e.responseEnd > 0)",
    );
    // Opened now, Results is there at once: no "Loading this view…" in between.
    browser.execute(
        "window.__sawLoading = false; \
         new MutationObserver(() => { if (document.querySelector('[data-testid=view-loading]')) window.__sawLoading = true; }) \
           .observe(document.body, { subtree: true, childList: true });",
        vec![],
    );
    browser.click_testid("tab-results");
    browser.wait_for_element("[data-testid=chart]");
    assert_eq!(
        browser.execute("return window.__sawLoading", vec![]),
        serde_json::json!(false)
    );
    harness.assert_clean_run();
}

/// The value of the first room field with this `data-testid`.
fn room_line(harness: &Harness, testid: &str) -> Value {
    harness.browser.execute(
        &format!("return document.querySelector('[data-testid={testid}]').value"),
        vec![],
    )
}

/// The app with the room's fields part held back (and refused once released, if
/// `refused`), after `keys` were typed: the panel that V opened says its fields are loading.
fn keys_typed_while_the_room_part_is_held(keys: &str, refused: bool) -> Harness {
    let harness = Harness::start("/");
    if refused {
        harness.server.refuse_parts_named("split_room_fields");
    }
    harness.server.hold_parts_named("split_room_fields");
    harness.open_app();
    harness.browser.press(keys);
    harness
        .browser
        .wait_for_element("[data-testid=room-loading]");
    harness
}

#[test]
fn keys_typed_after_v_wait_for_the_room_fields_part_and_go_into_its_field() {
    let questionnaire = Questionnaire::built_in().unwrap();
    let (first, second) = (
        &questionnaire.areas[0].questions[0].id,
        &questionnaire.areas[0].questions[1].id,
    );
    // The facilitator types the show of hands right after V, saves it, agrees the median
    // and answers the next question, while the fields' code is still on its way.
    let harness = keys_typed_while_the_room_part_is_held("v0 2 3 0 1\u{E007}m3", false);
    let browser = &harness.browser;
    harness.assert_nothing_answered("a key typed for the field answered a question");
    // The page asks for the part a moment after V (an effect, then the parts' loader).
    let asked = std::time::Instant::now();
    while !harness
        .server
        .requests()
        .iter()
        .any(|p| p.contains("split_room_fields"))
    {
        assert!(
            asked.elapsed() < std::time::Duration::from_secs(20),
            "the page never asked for the room's part"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    harness.server.release_parts();
    harness.wait_for_answered(2);
    let checked = |id: &str| {
        browser.execute(
            &format!("return document.querySelector('[data-question=\"{id}\"] input:checked').parentElement.textContent"),
            vec![],
        )
    };
    assert!(
        checked(first).as_str().unwrap().starts_with("Level 1"),
        "{}",
        checked(first)
    );
    assert!(
        checked(second).as_str().unwrap().starts_with("Level 3"),
        "{}",
        checked(second)
    );
    assert_eq!(room_line(&harness, "room-hands"), "0 2 3 0 1 0");
    harness.assert_clean_run();
}

#[test]
fn keys_typed_after_v_are_not_answers_when_the_room_fields_part_fails() {
    // The download fails only once every key is pressed.
    let harness = keys_typed_while_the_room_part_is_held("v1 2", true);
    let browser = &harness.browser;
    harness.server.release_parts();
    let said = browser.take_notice();
    assert!(
        said.contains("could not be loaded") && said.contains("press V again"),
        "{said}"
    );
    harness.assert_nothing_answered("a held key answered a question");
    let failed = browser.text(&browser.find("[data-testid=room-failed]"));
    assert!(failed.contains("The answers are saved"), "{failed}");
    // Once the connection is back, the panel's "Try again" brings the fields, and V works.
    harness.server.serve_parts();
    browser.click(&browser.find("[data-testid=room-failed] button"));
    browser.wait_for_element("[data-testid=room-hands]");
    browser.press("v2 2 2 0\u{E007}");
    browser.wait_for(
        "the show of hands to be saved",
        "return document.querySelector('[data-testid=room-spread]').textContent.startsWith('6 answer(s)')",
    );
    assert_eq!(room_line(&harness, "room-hands"), "2 2 2 0 0 0");
    harness.assert_nothing_answered("a show of hands scored as an answer");
}

/// Keys held after V belong to the assessment open when they were typed: if another one is
/// opened before the room's part arrives (a follow-up started at once), they are not typed
/// into the new one's field, and a notice says they were not used.
#[test]
fn keys_held_after_v_never_go_to_an_assessment_opened_while_the_part_loads() {
    let harness = keys_typed_while_the_room_part_is_held("v0 2 3 0 1\u{E007}m", false);
    let browser = &harness.browser;
    browser.click_testid("tab-progress");
    browser.click_testid("start-follow-up");
    let said = browser.take_notice();
    assert!(said.contains("follow-up"), "{said}");
    harness.server.release_parts();
    let said = browser.take_notice();
    assert!(said.contains("another assessment was opened"), "{said}");
    harness.assert_nothing_answered("the held keys went to the follow-up");
    assert!(
        browser
            .find_all("[data-testid=room-spread]")
            .iter()
            .all(|spread| !browser.text(spread).contains("answer(s)")),
        "no show of hands was saved in the follow-up"
    );
}

/// A library as the app stores it: an assessment of the three-area fixture questionnaire
/// with two answers, open last, beside a blank one of the built-in questionnaire. Gives the
/// stored items and the custom entry's key.
fn library_with_a_custom_questionnaire() -> (Value, String) {
    let text =
        std::fs::read_to_string(repo_root().join("tests/fixtures/questionnaires/three-areas.json"))
            .unwrap();
    let custom = Questionnaire::from_json(&text).unwrap();
    let mut store = MemoryStore::default();
    let built_in = Questionnaire::built_in().unwrap();
    let reader = Some(Reader::ALL);
    let mut workspace = Workspace::load(&mut store, built_in, reader, None, "blank".into(), 1e12);
    workspace
        .create(
            &mut store,
            2e12,
            "custom".into(),
            "Acme review",
            Some((custom, text)),
        )
        .unwrap();
    for question in ["sources.versioned", "release.automated"] {
        workspace.edit(&mut store, 3e12, |a| {
            a.set_answer(question, Some(Answer::Level(2)))
        });
    }
    assert_eq!(store.read(ACTIVE_KEY).as_deref(), Some("custom"));
    let key = workspace.open_entry().key();
    (serde_json::to_value(&store.items).unwrap(), key)
}

fn stored(harness: &Harness, key: &str) -> Value {
    harness.browser.execute(
        "return localStorage.getItem(arguments[0])",
        vec![Value::String(key.to_string())],
    )
}

#[test]
fn a_stored_library_opens_after_its_reader_and_keeps_it_when_that_fails() {
    let harness = Harness::start("/");
    let browser = &harness.browser;
    let (library, custom_key) = library_with_a_custom_questionnaire();
    let blank_key = entry_key("blank");
    assert!(library.get(&blank_key).is_some());

    // The reader (of saved assessments and custom questionnaires) cannot be downloaded:
    // the app starts without it with a new assessment, says that the saved ones could not
    // be read, and leaves them stored exactly as they were.
    harness.server.refuse_parts();
    harness.open_app();
    harness.reload_with_storage(&library);
    let notice = browser.text(&browser.find("[data-testid=notice] p"));
    assert!(
        notice.contains("2 saved assessment(s) could not be read") && notice.contains("kept"),
        "{notice}"
    );
    assert_eq!(stored(&harness, &blank_key), library[&blank_key]);
    assert!(
        harness.progress().ends_with("of 37 answered"),
        "{}",
        harness.progress()
    );
    assert_eq!(stored(&harness, &custom_key), library[&custom_key]);
    assert!(
        parts_fetched(&harness)
            .iter()
            .any(|p| p.contains("split_questionnaire_reader")),
        "it was asked for"
    );

    // Once it can be downloaded, a reload opens the assessment open last, with its answers.
    harness.server.serve_parts();
    harness.open_app();
    harness.wait_for_answered(2);
    assert!(
        harness.progress().ends_with("of 4 answered"),
        "{}",
        harness.progress()
    );
    assert_eq!(stored(&harness, &custom_key), library[&custom_key]);
}

/// A returning visit whose reader cannot be downloaded shows a blank assessment, and must
/// not store it: stored, it would be the newest, and open in place of the user's work on
/// the next visit (a reload while the reader is on its way did that).
#[test]
fn a_visit_without_the_reader_leaves_no_blank_in_place_of_the_work() {
    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness.open_app();
    browser.press("2");
    harness.wait_for_answered(1);
    assert_eq!(stored_entries(&harness), 1);

    harness
        .server
        .refuse_parts_named("split_questionnaire_reader");
    browser.refresh();
    harness.wait_for_mount();
    let notice = browser.text(&browser.find("[data-testid=notice] p"));
    assert!(
        notice.contains("1 saved assessment(s) could not be read"),
        "{notice}"
    );
    assert!(
        harness.progress().starts_with("0 of 37"),
        "{}",
        harness.progress()
    );
    assert_eq!(stored_entries(&harness), 1, "the blank is not stored");

    harness.server.serve_parts();
    browser.refresh();
    harness.wait_for_answered(1);
    assert_eq!(stored_entries(&harness), 1);
}

/// A page whose reader part did not load asks for it again only after a pause, not with
/// every answer: answering goes on without a request per key press. Here the service
/// worker has cached the site but lost the part, and the server refuses it.
#[test]
fn a_reader_that_did_not_load_is_not_asked_for_again_with_every_answer() {
    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness.open_app();
    browser.press("2");
    harness.wait_for_answered(1);
    // The worker's copy of the site is complete (so it asks the server for nothing more),
    // then loses the reader's part.
    harness.wait_for_offline_ready();
    let dropped = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         caches.keys().then(names => Promise.all(names.map(name => caches.open(name).then(cache =>
             cache.keys().then(requests => Promise.all(requests
                 .filter(r => r.url.includes('split_questionnaire_reader'))
                 .map(r => cache.delete(r))))))))
             .then(all => done(all.flat().filter(Boolean).length));",
        Vec::new(),
    );
    assert_eq!(dropped.as_u64(), Some(1), "the worker had cached the part");

    harness
        .server
        .refuse_parts_named("split_questionnaire_reader");
    let before = reader_requests(&harness);
    browser.refresh();
    harness.wait_for_mount();
    assert!(harness.progress().starts_with("0 of 37"));
    for answered in 1..=5 {
        browser.press("2");
        harness.wait_for_answered(answered);
    }
    // Give any request an answer started time to reach the server.
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        reader_requests(&harness) - before,
        1,
        "the reader was asked for once as the page started, then not with each answer: {:?}",
        harness.server.requests()
    );
}

/// How many times the server was asked for the reader's part.
fn reader_requests(harness: &Harness) -> usize {
    harness
        .server
        .requests()
        .iter()
        .filter(|p| p.contains("split_questionnaire_reader"))
        .count()
}

/// How many assessments the page has stored.
fn stored_entries(harness: &Harness) -> u64 {
    harness
        .browser
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith(arguments[0])).length",
            vec![Value::String(ENTRY_PREFIX.to_string())],
        )
        .as_u64()
        .expect("a count")
}

/// Takes the notice that what was opened needs version 1.0.0, whose part did not load.
fn assert_told_1_0_0_did_not_load(browser: &e2e::webdriver::Session) {
    let said = browser.take_notice();
    assert!(
        said.contains("version 1.0.0") && said.contains("did not load"),
        "{said}"
    );
}

/// The open assessment answers 1.0.0: 29 questions (1.1.0 has 37).
fn assert_on_1_0_0(harness: &Harness) {
    let progress = harness.progress();
    assert!(progress.ends_with("of 29 answered"), "{progress}");
}

/// Version 1.0.0 of the built-in questionnaire is not in the first load: the reader brings
/// it, and the Library's part brings the reader (the Library reads, renames and copies
/// saved assessments). On a first visit, a 1.0.0 assessment file imported there opens with
/// 1.0.0's questions and scores at once, without the reader's own part (refused here).
#[test]
fn a_1_0_0_assessment_file_is_imported_with_the_library_which_brings_the_reader() {
    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness
        .server
        .refuse_parts_named("split_questionnaire_reader");
    harness.open_app();
    browser.click(&browser.find("[data-testid=tab-library]"));
    browser.wait_for_element("[data-testid=import-file]");
    let entries_before = stored_entries(&harness);
    let fixture = repo_root().join("tests/fixtures/assessments/acme-workshop.json");
    let text = std::fs::read_to_string(&fixture).unwrap();
    let file = Assessment::from_json(&text).unwrap();
    assert_eq!(file.questionnaire.version, "1.0.0");

    browser.send_keys(
        &browser.find("[data-testid=import-file]"),
        &fixture.display().to_string(),
    );
    let said = browser.take_notice();
    assert!(said.contains("Imported acme-workshop"), "{said}");
    let earlier = Questionnaire::earlier_built_in("1.0.0").unwrap().unwrap();
    let report = score(&earlier, &file);
    browser.click(&browser.find("[data-testid=tab-questions]"));
    harness.wait_for_answered(report.answered);
    assert_on_1_0_0(&harness);
    assert_eq!(stored_entries(&harness), entries_before + 1);
    assert!(
        !parts_fetched(&harness)
            .iter()
            .any(|p| p.contains("split_questionnaire_reader")),
        "the Library's part brought the reader"
    );
}

#[test]
fn a_page_started_without_custom_questionnaires_reads_one_another_tab_stores() {
    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness.open_app();
    browser.press("1");
    harness.wait_for_answered(1);
    assert!(
        parts_fetched(&harness).is_empty(),
        "a library of the built-in questionnaire needs no part"
    );
    let first = browser.current_tab();
    let second = browser.new_tab();
    browser.switch_to(&second);
    browser.goto(&harness.server.url(""));
    harness.open_app();
    harness.load_three_areas();
    browser.press("1");
    harness.wait_for_answered(1);

    browser.switch_to(&first);
    browser.click_testid("tab-library");
    browser.wait_for(
        "the other tab's assessment",
        "return document.querySelectorAll('[data-testid=library-entry]').length === 2",
    );
    assert!(
        browser.find_all("[data-testid=damaged-entry]").is_empty(),
        "it is read, not listed as damaged"
    );
    assert!(parts_fetched(&harness)
        .iter()
        .any(|p| p.contains("split_questionnaire_reader")));
    harness.open_entry_named("Acme lightweight ML review: new assessment");
    harness.wait_for_answered(1);
    assert!(
        harness.progress().ends_with("of 4 answered"),
        "{}",
        harness.progress()
    );
    harness.assert_clean_run();
}

/// The text of the hidden Results view's table of areas (WebDriver reads only shown text).
fn kept_areas(harness: &Harness) -> String {
    let text = harness.browser.execute(
        "const t = document.querySelector('.kept-results [data-testid=areas]'); return t ? t.textContent : ''",
        vec![],
    );
    text.as_str().unwrap_or_default().to_string()
}

/// The app with one answer, once Results' part has arrived in the background and Results
/// has been built in an idle moment, hidden.
fn results_built_in_the_background() -> Harness {
    let harness = Harness::start("/");
    harness.open_app();
    harness.browser.press("2");
    harness.wait_for_answered(1);
    harness.browser.wait_for(
        "Results built in the background",
        "return document.querySelector('.kept-results [data-testid=areas]') !== null",
    );
    harness
}

#[test]
fn results_stays_built_and_up_to_date_so_opening_it_builds_nothing() {
    let harness = results_built_in_the_background();
    let browser = &harness.browser;
    assert_eq!(
        browser.execute(
            "return document.querySelector('.kept-results').hidden",
            vec![]
        ),
        Value::Bool(true)
    );
    browser.execute(
        "document.querySelector('.kept-results .results-page').dataset.mark = 'built once'",
        vec![],
    );
    // Answers given meanwhile reach it once the room pauses, its charts too (they follow
    // the text in a task of their own).
    let before = kept_areas(&harness);
    browser.execute(
        "window.__radar = document.querySelector('.kept-results [data-testid=chart] img').src",
        vec![],
    );
    browser.press("j3");
    harness.wait_for_answered(2);
    browser.wait_for(
        "the hidden Results brought up to date",
        &format!(
            "const t = document.querySelector('.kept-results [data-testid=areas]'); return t.textContent !== {before:?}"
        ),
    );
    browser.wait_for(
        "the hidden Results' radar chart redrawn",
        "return document.querySelector('.kept-results [data-testid=chart] img').src !== window.__radar",
    );
    // Opening it now makes no element: it is shown as it is.
    browser.execute(
        "window.made = 0; const make = document.createElement.bind(document); \
         document.createElement = (...a) => { window.made++; return make(...a); };",
        vec![],
    );
    browser.click_testid("tab-results");
    browser.wait_for(
        "Results on screen",
        "const k = document.querySelector('.kept-results'); return !k.hidden && k.querySelector('[data-mark]') !== null",
    );
    browser.settle();
    assert_eq!(
        browser.execute("return window.made", vec![]),
        Value::from(0)
    );
    let shown = browser.text(&browser.find("[data-testid=areas]"));
    // (The shown text has spaces between cells; textContent has none.)
    let squeezed = |text: &str| text.split_whitespace().collect::<String>();
    assert_eq!(squeezed(&shown), squeezed(&kept_areas(&harness)));

    // While Results shows, the answer keys do nothing.
    browser.press("3");
    browser.settle();
    assert!(
        harness.progress().starts_with("2 of"),
        "{}",
        harness.progress()
    );
    // The Questions view stayed on the page too: coming back makes no element either, and
    // its keys work again.
    browser.execute("window.made = 0", vec![]);
    browser.click_testid("tab-questions");
    browser.wait_for(
        "the Questions view on screen",
        "return !document.querySelector('.kept-questions').hidden && document.querySelector('.kept-results').hidden",
    );
    browser.settle();
    assert_eq!(
        browser.execute("return window.made", vec![]),
        Value::from(0)
    );

    // An answer given just before opening Results again is there at once, without waiting.
    let before = kept_areas(&harness);
    browser.press("j1");
    harness.wait_for_answered(3);
    browser.click_testid("tab-results");
    browser.wait_for(
        "the newest answer in Results",
        &format!(
            "const t = document.querySelector('.kept-results [data-testid=areas]'); return !document.querySelector('.kept-results').hidden && t.textContent !== {before:?}"
        ),
    );
    assert!(
        browser.find_all(".kept-results [data-mark]").len() == 1,
        "the same view, not a new one"
    );
    harness.assert_clean_run();
}

/// The hidden Results follows the library too, not only the open assessment: assessments
/// of two other clients written by another tab reach it once the room pauses, and its
/// radar draws the agency's band from them; opening it then shows the band at once.
#[test]
fn a_library_change_from_another_tab_reaches_the_hidden_results() {
    let harness = results_built_in_the_background();
    let browser = &harness.browser;
    let radar_alt = "return document.querySelector('.kept-results [data-testid=chart] img').alt";
    let alt = browser.execute(radar_alt, vec![]);
    assert!(
        !alt.as_str().unwrap_or_default().contains("Middle half"),
        "no band before: {alt}"
    );
    let questionnaire = Questionnaire::built_in().unwrap();
    for (id, client) in [("other-alpha", "Alpha"), ("other-beta", "Beta")] {
        let mut assessment = Assessment::new(&questionnaire);
        assessment.client = client.into();
        for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
            assessment.set_answer(&question.id, Some(Answer::Level(2)));
        }
        let entry = Entry::new(id.into(), client.into(), 1_000.0, assessment);
        // What another tab's write looks like to this page: the item, then the event.
        browser.execute(
            "localStorage.setItem(arguments[0], arguments[1]); \
             window.dispatchEvent(new StorageEvent('storage', { key: arguments[0], newValue: arguments[1], storageArea: localStorage }));",
            vec![
                Value::from(format!("{ENTRY_PREFIX}{id}")),
                Value::from(entry.encode()),
            ],
        );
    }
    browser.wait_for(
        "the band on the hidden Results' radar",
        "return document.querySelector('.kept-results [data-testid=chart] img').alt.includes('Middle half of 2 assessments by this agency')",
    );
    assert!(
        harness.progress().starts_with("1 of"),
        "the open assessment is unchanged: {}",
        harness.progress()
    );
    browser.click_testid("tab-results");
    browser.wait_for(
        "Results on screen with the band",
        "const k = document.querySelector('.kept-results'); return !k.hidden && k.querySelector('[data-testid=chart] img').alt.includes('Middle half of 2 assessments')",
    );
    harness.assert_clean_run();
}

/// A share link of a 1.0.0 assessment waits for the reader's part, which brings 1.0.0:
/// refused, the page says so and the link stays in the address; a reload with the part
/// offers the assessment with 1.0.0's 29 questions, and it imports as such.
#[test]
fn a_1_0_0_share_link_waits_for_the_reader_part_and_keeps_the_link_until_it_is_here() {
    let earlier = Questionnaire::earlier_built_in("1.0.0").unwrap().unwrap();
    let mut assessment = Assessment::new(&earlier);
    assessment.client = "Old link".into();
    let first = &earlier.areas[0].questions[0].id;
    assessment.set_answer(first, Some(Answer::Level(1)));
    let fragment =
        mlops_maturity::domain::share::assessment_link(&earlier, &assessment, false).unwrap();

    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness
        .server
        .refuse_parts_named("split_questionnaire_reader");
    harness.open_app();
    browser.goto(&format!("{}#{fragment}", harness.server.url("")));
    assert_told_1_0_0_did_not_load(browser);
    assert!(browser.find_all("[data-testid=shared-offer]").is_empty());
    let hash = browser.execute("return location.hash", vec![]);
    assert_eq!(hash.as_str(), Some(format!("#{fragment}").as_str()));

    harness.server.serve_parts();
    browser.execute("location.reload()", vec![]);
    browser.import_shared_offer("an assessment for Old link: 1 of 29");
    browser.click_testid("tab-questions");
    harness.wait_for_answered(1);
    assert_on_1_0_0(&harness);
}

/// A respondent link for 1.0.0 waits for the reader's part too: refused, the page says so
/// and starts nothing; with the part, the respondent answers 1.0.0's 29 questions.
#[test]
fn a_1_0_0_respondent_link_waits_for_the_reader_part() {
    let link = "#respond?client=Old%20room&q=mlops-maturity&v=1.0.0";
    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness
        .server
        .refuse_parts_named("split_questionnaire_reader");
    harness.open_app();
    let entries_before = stored_entries(&harness);
    browser.goto(&format!("{}{link}", harness.server.url("")));
    assert_told_1_0_0_did_not_load(browser);
    assert!(browser.find_all("[data-testid=tab-send]").is_empty());
    assert_eq!(stored_entries(&harness), entries_before, "nothing started");

    harness.server.serve_parts();
    browser.goto(&format!("{}{link}", harness.server.url("")));
    browser.wait_for_element("[data-testid=tab-send]");
    assert_on_1_0_0(&harness);
    assert_eq!(stored_entries(&harness), entries_before + 1);
}

/// A share link's fragment for an assessment of `client` (its first question answered at
/// level 2 if `answered`).
fn share_link(client: &str, answered: bool) -> String {
    let questionnaire = Questionnaire::built_in().unwrap();
    let mut assessment = mlops_maturity::domain::assessment::Assessment::new(&questionnaire);
    assessment.client = client.into();
    if answered {
        let first = &questionnaire.areas[0].questions[0].id;
        assessment.set_answer(first, Some(Answer::Level(2)));
    }
    mlops_maturity::domain::share::assessment_link(&questionnaire, &assessment, false).unwrap()
}

#[test]
fn a_share_link_loads_its_offer_as_a_part_and_a_failed_download_can_be_tried_again() {
    let fragment = share_link("Offer test", true);

    let harness = Harness::start("/");
    let browser = &harness.browser;
    // The link reader is a part too; this test is about the offer's own.
    harness.server.refuse_parts_named("split_shared_offer_view");
    harness.open_app();
    // The link arrives in the open page (as when pasted into the address bar).
    browser.goto(&format!("{}#{fragment}", harness.server.url("")));
    browser.wait_for_element("[data-testid=offer-failed]");
    assert!(parts_fetched(&harness)
        .iter()
        .any(|p| p.contains("split_link_reader")));
    assert!(parts_fetched(&harness)
        .iter()
        .any(|p| p.contains("split_shared_offer_view")));
    harness.server.serve_parts();
    browser.click(&browser.button("[data-testid=offer-failed]", "Try again"));
    browser.import_shared_offer("an assessment for Offer test: 1 of 37");
    assert!(
        harness.progress().starts_with("1 of"),
        "{}",
        harness.progress()
    );
}

#[test]
fn a_share_link_whose_offer_cannot_load_can_be_forgotten() {
    let fragment = share_link("Forgotten", false);
    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness.server.refuse_parts_named("split_shared_offer_view");
    harness.open_app();
    let entries_before = stored_entries(&harness);
    browser.goto(&format!("{}#{fragment}", harness.server.url("")));
    browser.wait_for_element("[data-testid=offer-failed]");
    browser.click(&browser.button("[data-testid=offer-failed]", "Forget the link"));
    browser.wait_for(
        "the banner to go and the link to leave the address",
        "return document.querySelector('[data-testid=offer-failed]') === null && location.hash === ''",
    );
    assert_eq!(stored_entries(&harness), entries_before);
}

#[test]
fn links_are_read_by_a_part_fetched_only_for_a_link_and_a_failed_download_keeps_the_link() {
    let fragment = share_link("Reader test", false);

    let harness = Harness::start("/");
    let browser = &harness.browser;
    harness.server.refuse_parts();
    // Any other fragment is cleared without fetching the reader.
    browser.goto(&format!("{}#somewhere", harness.server.url("")));
    browser.wait_for("the fragment to be cleared", "return location.hash === ''");
    assert!(
        !parts_fetched(&harness)
            .iter()
            .any(|p| p.contains("split_link_reader")),
        "{:?}",
        parts_fetched(&harness)
    );

    browser.goto(&format!("{}#{fragment}", harness.server.url("")));
    let said = browser.take_notice();
    assert!(
        said.contains("could not be opened") && said.contains("Reload"),
        "{said}"
    );
    let hash = browser.execute("return location.hash", vec![]);
    assert_eq!(
        hash.as_str(),
        Some(format!("#{fragment}").as_str()),
        "the link is kept"
    );

    harness.server.serve_parts();
    browser.refresh();
    browser.wait_for_element("[data-testid=shared-offer]");
    let offer = browser.text(&browser.find("[data-testid=shared-offer]"));
    assert!(offer.contains("Reader test"), "{offer}");
}

/// Checks that a view kept on the page while another shows is as hidden as `display: none`
/// made it: nothing in it visible, no room taken, and Tab never entering it.
fn assert_hidden(harness: &Harness, view: &str) {
    let browser = &harness.browser;
    let found = browser.execute(
        &format!(
            "const v = document.querySelector('{view}'); const all = [...v.querySelectorAll('*')]; \
             return [all.length, all.filter(e => e.checkVisibility()).length, v.getBoundingClientRect().height];"
        ),
        vec![],
    );
    assert!(found[0].as_u64().unwrap() > 50, "{view} is built: {found}");
    assert_eq!(found[1], Value::from(0), "visible elements in {view}");
    assert_eq!(found[2].as_f64(), Some(0.0), "{view} takes room");
    for _ in 0..60 {
        browser.press("\u{e004}");
        assert_eq!(
            browser.execute(
                &format!("return document.activeElement.closest('{view}') !== null"),
                vec![]
            ),
            Value::Bool(false),
            "Tab reached {view}"
        );
    }
}

/// The views kept on the page while another shows are hidden with `content-visibility`
/// (the browser keeps their layout, so showing one again is cheap): they must still be as
/// hidden as `display: none` made them, taking no room and no focus.
#[test]
fn a_hidden_view_takes_no_room_no_focus_and_is_laid_out_while_the_room_pauses() {
    let harness = results_built_in_the_background();
    let browser = &harness.browser;
    // The browser is asked to lay the hidden view out right after it is built (Chromium
    // says so on its console; geckodriver keeps no console log).
    if browser.engine() == Engine::Chromium {
        let laid_out = |said: &[Value]| {
            said.iter().any(|entry| {
                entry["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("subtree hidden by content-visibility"))
            })
        };
        let mut said = Vec::new();
        for _ in 0..50 {
            said.extend(browser.log("browser"));
            if laid_out(&said) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(
            laid_out(&said),
            "the hidden Results was not laid out: {said:#?}"
        );
        assert!(
            !said.iter().any(|entry| entry["level"] == "SEVERE"),
            "{said:#?}"
        );
    }
    assert_hidden(&harness, ".kept-results");

    browser.click_testid("tab-results");
    browser.wait_for(
        "Results on screen",
        "return !document.querySelector('.kept-results').hidden",
    );
    assert!(
        browser.execute(
            "return [...document.querySelectorAll('.kept-results *')].filter(e => e.checkVisibility()).length > 50",
            vec![]
        ) == Value::Bool(true),
        "Results shows"
    );
    assert_hidden(&harness, ".kept-questions");
    harness.assert_clean_run();
}
