//! The workshop flow in Chromium: a whole assessment answered by keyboard with the result
//! checked against the domain, reloads that lose nothing, export / delete / import, and
//! every way storage can go wrong.

use e2e::{artifacts_dir, Harness, SHOWN_AREA};
use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::outline::level_line;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::workspace::{Entry, ENTRY_PREFIX};
use serde_json::{json, Value};

/// One key per question, cycling through every kind of answer.
const PATTERN: &[char] = &['1', '2', '0', '3', '2', 'd', '1', 'n', '2', '1'];

fn key_answer(key: char) -> Answer {
    match key {
        'd' => Answer::DontKnow,
        'n' => Answer::NotApplicable,
        digit => Answer::Level(digit.to_digit(10).unwrap() as u8),
    }
}

fn question_ids() -> Vec<String> {
    Questionnaire::built_in()
        .unwrap()
        .areas
        .iter()
        .flat_map(|a| a.questions.iter().map(|q| q.id.clone()))
        .collect()
}

/// The summary line's level and index, as shown.
fn shown_result(harness: &Harness) -> (String, String) {
    let browser = &harness.browser;
    (
        browser.text(&browser.find("[data-testid=summary-level]")),
        browser.text(&browser.find("[data-testid=summary-index]")),
    )
}

/// What the summary must show for an assessment, computed by the domain.
fn expected_result(assessment: &Assessment) -> (String, String) {
    let questionnaire = Questionnaire::built_in().unwrap();
    let report = score(&questionnaire, assessment);
    assert!(report.level.is_some(), "a level");
    (
        level_line(&questionnaire, &report),
        format!("Index {:.2} / 3", report.index.unwrap()),
    )
}

#[test]
fn a_whole_assessment_answered_by_keyboard_matches_the_domain_result() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let ids = question_ids();
    // H shows and hides the facilitator help of the current question.
    let help_open = "return document.querySelector('fieldset.question.current details').open";
    browser.press("h");
    assert_eq!(browser.execute(help_open, vec![]), json!(true));
    browser.press("h");
    assert_eq!(browser.execute(help_open, vec![]), json!(false));
    let keys: String = (0..ids.len()).map(|i| PATTERN[i % PATTERN.len()]).collect();
    // One key per question: answering moves on to the next question by itself. After the
    // first, the summary says which areas are still to answer, and that it is provisional.
    browser.press(&keys[..1]);
    browser.wait_for(
        "the first answer to count",
        "return document.querySelector('[data-testid=progress]').textContent.startsWith('1 of ')",
    );
    let questionnaire = Questionnaire::built_in().unwrap();
    let unscored = "const s = document.querySelector('[data-testid=summary-unscored]'); return [s.textContent, s.title]";
    let others: Vec<&str> = questionnaire.areas[1..]
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(
        browser.execute(unscored, vec![]),
        json!([
            format!("{} areas still to answer", others.len()),
            others.join(", ")
        ])
    );
    assert_eq!(browser.find_all("[data-testid=provisional]").len(), 1);
    browser.press(&keys[1..]);
    browser.wait_for(
        "every answer to count",
        &format!(
            "return document.querySelector('[data-testid=progress]').textContent === '{0} of {0} answered'",
            ids.len()
        ),
    );
    assert!(browser.find_all("[data-testid=provisional]").is_empty());
    assert_eq!(browser.execute(unscored, vec![]), json!(["", ""]));

    let mut assessment = Assessment::new(&Questionnaire::built_in().unwrap());
    for (id, key) in ids.iter().zip(keys.chars()) {
        assessment.set_answer(id, Some(key_answer(key)));
    }
    let expected = expected_result(&assessment);
    assert_eq!(shown_result(&harness), expected);

    // The results view agrees and explains the level.
    browser.click(&browser.find("[data-testid=tab-results]"));
    assert_eq!(
        browser.text(&browser.find("[data-testid=result-level]")),
        expected.0
    );
    assert!(!browser.find_all("[data-testid=bottlenecks] li").is_empty());
    assert!(!browser.find_all("[data-testid=phase]").is_empty());
    browser.screenshot(&artifacts_dir().join("results.png"));
    harness.assert_clean_run();
}

#[test]
fn a_reload_mid_workshop_keeps_every_answer_and_note() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("2103d");
    // A note on the sixth question, typed after pressing E; Escape leaves the field.
    browser.press("e");
    browser.wait_for(
        "the note field to have focus",
        "return document.activeElement && document.activeElement.tagName === 'TEXTAREA'",
    );
    browser.press("Ask Priya, about the \"feature store\", later.\u{E00C}");
    browser.press("n");
    harness.wait_for_answered(6);
    browser.screenshot(&artifacts_dir().join("questions.png"));

    browser.refresh();
    harness.open_app();
    assert!(
        harness.progress().starts_with("6 of"),
        "{}",
        harness.progress()
    );
    let ids = question_ids();
    let stored = browser.execute(
        "const key = Object.keys(localStorage).find(k => k.startsWith('mlops-maturity/assessment/')); \
         return JSON.parse(localStorage.getItem(key)).assessment.responses;",
        vec![],
    );
    assert_eq!(stored[&ids[0]]["answer"], json!(2));
    assert_eq!(stored[&ids[1]]["answer"], json!(1));
    assert_eq!(stored[&ids[2]]["answer"], json!(0));
    assert_eq!(stored[&ids[3]]["answer"], json!(3));
    assert_eq!(stored[&ids[4]]["answer"], json!("dont_know"));
    assert_eq!(stored[&ids[5]]["answer"], json!("not_applicable"));
    assert_eq!(
        stored[&ids[5]]["note"],
        json!("Ask Priya, about the \"feature store\", later.")
    );
    // The page shows them too: each question's area, its note and its selected option.
    let questionnaire = Questionnaire::built_in().unwrap();
    let show_area_of = |id: &str| {
        let area = questionnaire
            .areas
            .iter()
            .position(|a| a.questions.iter().any(|q| q.id == id))
            .unwrap();
        browser.click(&browser.find_all(".steps .step")[area]);
    };
    show_area_of(&ids[5]);
    let note = browser.execute(
        "return document.querySelector(`[data-question=\"${arguments[0]}\"] .note-field`).value",
        vec![json!(ids[5])],
    );
    assert_eq!(
        note,
        json!("Ask Priya, about the \"feature store\", later.")
    );
    // Don't know and Not applicable stay selected.
    for (index, option) in [(4, 4), (5, 5)] {
        show_area_of(&ids[index]);
        let checked = browser.execute(
            "return Array.from(document.querySelector(`[data-question=\"${arguments[0]}\"]`) \
               .querySelectorAll('input[type=radio]')).findIndex(r => r.checked)",
            vec![json!(ids[index])],
        );
        assert_eq!(checked, json!(option), "question {}", ids[index]);
    }
    harness.assert_clean_run();
}

#[test]
fn export_delete_and_import_give_back_the_same_report() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("3210d3n21302");
    harness.wait_for_answered(12);
    let before = shown_result(&harness);

    browser.click(&browser.find("[data-testid=tab-library]"));
    let exports = browser.find_all("[data-testid=library-entry] .entry-actions button");
    let export = exports
        .iter()
        .find(|b| browser.text(b) == "Export")
        .expect("an Export button");
    browser.click(export);
    let (file_name, text) = browser.downloaded(".assessment.json");
    let exported = Assessment::from_json(&text).expect("the export is a valid assessment file");
    assert_eq!(expected_result(&exported), before);

    // Delete it, with confirmation; a fresh assessment takes its place.
    let delete = browser.button("[data-testid=library-entry]", "Delete");
    browser.click(&delete);
    browser.click(&browser.find("[data-testid=confirm-delete]"));
    harness.wait_for_answered(0);

    // Import the exported file: a new entry with the same answers and the same result.
    let path = std::env::temp_dir().join(&file_name);
    std::fs::write(&path, &text).unwrap();
    let input = browser.find("[data-testid=import-file]");
    browser.send_keys(&input, &path.display().to_string());
    harness.wait_for_answered(12);
    assert_eq!(shown_result(&harness), before);
    let notice = browser.text(&browser.find("[data-testid=notice] p"));
    assert!(notice.contains("as a new assessment"), "{notice}");
    assert_eq!(browser.find_all("[data-testid=library-entry]").len(), 2);

    // A malformed file is refused and changes nothing.
    let bad = std::env::temp_dir().join("malformed.assessment.json");
    std::fs::write(
        &bad,
        "{\"format\": \"mlops-maturity-assessment\", \"format_version\": 1, ",
    )
    .unwrap();
    browser.send_keys(
        &browser.find("[data-testid=import-file]"),
        &bad.display().to_string(),
    );
    browser.wait_for(
        "the import error",
        "const n = document.querySelector('[data-testid=notice]'); \
         return n !== null && n.textContent.includes('malformed.assessment.json was not imported')",
    );
    assert_eq!(browser.find_all("[data-testid=library-entry]").len(), 2);
    assert_eq!(shown_result(&harness), before);
    std::fs::remove_file(&path).ok();
    std::fs::remove_file(&bad).ok();
    harness.assert_clean_run();
}

#[test]
fn corrupt_storage_is_reported_and_offered_for_download_never_dropped() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("22");
    harness.wait_for_answered(2);
    browser.execute(
        "localStorage.setItem('mlops-maturity/assessment/broken', '{\"storage_version\": 1, \"assessment\": ');",
        vec![],
    );
    browser.refresh();
    harness.open_app();
    let notice = browser.text(&browser.find("[data-testid=notice] p"));
    assert!(
        notice.contains("1 saved assessment(s) could not be read"),
        "{notice}"
    );
    // The good assessment is untouched.
    assert!(harness.progress().starts_with("2 of"));

    browser.click(&browser.find("[data-testid=tab-library]"));
    let damaged = browser.find("[data-testid=damaged-entry]");
    assert!(browser
        .text(&damaged)
        .contains("mlops-maturity/assessment/broken"));
    let download = browser.button("[data-testid=damaged-entry]", "Download the raw data");
    browser.click(&download);
    let (_, raw) = browser.downloaded(".raw.txt");
    assert_eq!(raw, "{\"storage_version\": 1, \"assessment\": ");
    // Still there after the download: only the user removes it.
    let kept = browser.execute(
        "return localStorage.getItem('mlops-maturity/assessment/broken')",
        vec![],
    );
    assert_eq!(kept, Value::String(raw));
    browser.screenshot(&artifacts_dir().join("damaged-storage.png"));
    harness.assert_clean_run();
}

#[test]
fn a_full_storage_quota_warns_and_keeps_working_in_memory() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.fill_storage();
    browser.press("3");
    browser.wait_for(
        "the not-saved warning",
        "return document.querySelector('[data-testid=not-saved]') !== null",
    );
    let warning = browser.text(&browser.find("[data-testid=not-saved]"));
    assert!(
        warning.contains("storage for this site is full"),
        "{warning}"
    );
    // The answer is kept in the page and counts.
    browser.press("2");
    harness.wait_for_answered(2);
    harness.assert_clean_run();
}

/// The app open in a tab, and in a second one on the same assessment, where the first
/// question is answered: back in the first tab, once the conflict banner shows.
fn answered_in_a_second_tab() -> Harness {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let first = browser.current_tab();
    let second = browser.new_tab();
    browser.switch_to(&second);
    browser.goto(&harness.server.url(""));
    harness.open_app();
    browser.press("3");
    harness.wait_for_answered(1);
    browser.switch_to(&first);
    browser.wait_for_element("[data-testid=conflict]");
    harness
}

#[test]
fn two_tabs_on_one_assessment_do_not_overwrite_each_other_silently() {
    let harness = answered_in_a_second_tab();
    let browser = &harness.browser;
    // Loading the other version brings its answer here.
    let load = browser.button("[data-testid=conflict]", "Load the other version");
    browser.click(&load);
    harness.wait_for_answered(1);
    assert!(browser.find_all("[data-testid=conflict]").is_empty());
    harness.assert_clean_run();
}

/// Every button of every banner (they are HTML with one listener, `markup::banner_html`):
/// each does what its label says.
#[test]
fn every_banner_button_does_what_it_says() {
    let harness = answered_in_a_second_tab();
    let browser = &harness.browser;
    // "Export this version" saves this tab's version (nothing answered) as a file.
    browser.clear_downloads();
    browser.click(&browser.button("[data-testid=conflict]", "Export this version"));
    let (_, text) = browser.downloaded(".assessment.json");
    browser.clear_downloads();
    assert_eq!(
        answered(&Assessment::from_json(&text).unwrap()),
        0,
        "{text}"
    );
    // "Keep this version" stores it over the other tab's.
    browser.click(&browser.find("[data-testid=keep-mine]"));
    browser.wait_for(
        "the banner to go",
        "return document.querySelector('[data-testid=conflict]') === null",
    );
    let stored = browser.execute(
        &format!(
            "return Object.keys(localStorage).filter(k => k.startsWith({ENTRY_PREFIX:?})).map(k => localStorage.getItem(k))"
        ),
        vec![],
    );
    let stored = stored.as_array().unwrap();
    assert_eq!(stored.len(), 1);
    let entry = Entry::decode(stored[0].as_str().unwrap()).unwrap().entry;
    assert_eq!(
        answered(&entry.assessment),
        0,
        "this tab's version was kept"
    );

    // A failed save: "Export the assessment file" saves the answers the page holds.
    browser.fill_storage();
    browser.press("2");
    browser.wait_for_element("[data-testid=not-saved]");
    browser.click(&browser.button("[data-testid=not-saved]", "Export the assessment file"));
    let (_, text) = browser.downloaded(".assessment.json");
    browser.clear_downloads();
    assert_eq!(
        answered(&Assessment::from_json(&text).unwrap()),
        1,
        "{text}"
    );
    browser.free_storage();
    browser.click(&browser.button("[data-testid=not-saved]", "Try saving again"));
    browser.wait_for(
        "the warning to go",
        "return document.querySelector('[data-testid=not-saved]') === null",
    );

    // A new version deployed: "Later" puts the banner away.
    browser.execute(
        "window.dispatchEvent(new Event('mlops-update-ready'))",
        vec![],
    );
    browser.wait_for_element("[data-testid=update-ready]");
    browser.click(&browser.button("[data-testid=update-ready]", "Later"));
    browser.wait_for(
        "the banner to go",
        "return document.querySelector('[data-testid=update-ready]') === null",
    );

    harness.assert_clean_run();
}

/// How many questions `assessment` answers.
fn answered(assessment: &Assessment) -> usize {
    assessment
        .responses
        .values()
        .filter(|r| r.answer.is_some())
        .count()
}

#[test]
fn the_library_renames_duplicates_and_opens_assessments() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("3");
    browser.click(&browser.find("[data-testid=tab-library]"));
    let button = |label: &str, index: usize| {
        browser
            .find_all("[data-testid=library-entry] button")
            .into_iter()
            .filter(|b| browser.text(b) == label)
            .nth(index)
            .unwrap_or_else(|| panic!("no button {label} #{index}"))
    };

    browser.click(&button("Rename", 0));
    let field = browser.find("[data-testid=library-entry] input.rename");
    browser.click(&field);
    browser.press("Acme workshop\u{E007}");
    browser.wait_for(
        "the new name",
        "return document.querySelector('h1').textContent === 'Acme workshop'",
    );

    browser.click(&button("Duplicate", 0));
    browser.wait_for(
        "the copy",
        "return document.querySelectorAll('[data-testid=library-entry]').length === 2",
    );
    let names: Vec<String> = browser
        .find_all("[data-testid=library-entry] .entry-name")
        .iter()
        .map(|n| browser.text(n))
        .collect();
    assert!(
        names.contains(&"Acme workshop (copy)".to_string()),
        "{names:?}"
    );

    // A new blank assessment, then back to the copy: its answer is there.
    browser.click(&browser.find("[data-testid=new-assessment]"));
    harness.wait_for_answered(0);
    browser.click(&browser.find("[data-testid=tab-library]"));
    let copy = browser
        .find_all("[data-testid=library-entry]")
        .into_iter()
        .position(|e| browser.text(&e).contains("Acme workshop (copy)"))
        .unwrap();
    let opens = browser
        .find_all("[data-testid=library-entry] button")
        .into_iter()
        .filter(|b| browser.text(b) == "Open")
        .collect::<Vec<_>>();
    browser.click(&opens[copy]);
    browser.wait_for(
        "the copy to open",
        "return document.querySelector('h1').textContent === 'Acme workshop (copy)'",
    );
    assert!(harness.progress().starts_with("1 of"));
    harness.assert_clean_run();
}

#[test]
fn setup_controls_change_the_report_as_the_domain_says() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("1021d10n12");
    harness.wait_for_answered(10);

    browser.click(&browser.find("[data-testid=tab-setup]"));
    browser.click(&browser.find("#target option[value='3']"));
    let project_types = browser.find("#project-types");
    browser.clear(&project_types);
    browser.send_keys(&project_types, "3\u{E004}");
    browser.click(&browser.find("#ecosystem option[value='open_source']"));
    let weight = browser.find("#weight-monitoring");
    browser.clear(&weight);
    browser.send_keys(&weight, "2.5\u{E004}");
    // A weight out of bounds is refused with the rule, and changes nothing.
    let testing = browser.find("#weight-testing");
    browser.clear(&testing);
    browser.send_keys(&testing, "1e308\u{E004}");
    browser.wait_for(
        "the weight refusal",
        "return document.querySelector('[data-testid=notice] p') !== null",
    );
    let notice = browser.text(&browser.find("[data-testid=notice] p"));
    assert!(
        notice.contains("Testing") && notice.contains("at most 1000") && notice.contains("1e308"),
        "{notice}"
    );
    browser.execute(
        "const d = document.getElementById('start-date'); d.value = '2027-01-04'; \
         d.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    );

    // What the app now holds, as the saved file says, and what the domain makes of it.
    let stored = browser.execute(
        "const key = Object.keys(localStorage).find(k => k.startsWith('mlops-maturity/assessment/')); \
         return JSON.stringify(JSON.parse(localStorage.getItem(key)).assessment);",
        vec![],
    );
    let assessment = Assessment::from_json(stored.as_str().unwrap()).unwrap();
    assert_eq!(assessment.target_level, 3);
    assert_eq!(assessment.settings.project_types, 3);
    assert_eq!(assessment.settings.ecosystem, "open_source");
    assert_eq!(
        assessment
            .area_weights
            .get("monitoring")
            .map(|w| w.to_string()),
        Some("2.5".to_string())
    );
    assert!(!assessment.area_weights.contains_key("testing"));
    assert_eq!(
        assessment
            .settings
            .start_date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2027-01-04")
    );

    let questionnaire = Questionnaire::built_in().unwrap();
    let report = score(&questionnaire, &assessment);
    let roadmap = mlops_maturity::domain::roadmap::plan(
        &questionnaire,
        &assessment,
        &report,
        mlops_maturity::domain::date::Date::parse("2027-01-04").unwrap(),
    );
    browser.click(&browser.find("[data-testid=tab-results]"));
    let total = browser.text(&browser.find("[data-testid=roadmap-total]"));
    assert!(
        total.starts_with(&roadmap.total_range()),
        "{total} vs {}",
        roadmap.total_range()
    );
    assert!(total.contains("from 2027-01-04"), "{total}");
    assert_eq!(shown_result(&harness), expected_result(&assessment));
    let page = browser.text(&browser.find(".results-page"));
    assert!(
        page.contains("Suggested tools:"),
        "tools for the open-source ecosystem"
    );
    assert!(page.contains("MLflow"));

    // Resetting the weights brings back the questionnaire's defaults.
    browser.click(&browser.find("[data-testid=tab-setup]"));
    browser.click(&browser.button(
        ".setup-page",
        "Reset weights to the questionnaire's defaults",
    ));
    let value = browser.execute(
        "return document.getElementById('weight-monitoring').value",
        vec![],
    );
    assert_eq!(value, json!("1"));
    harness.assert_clean_run();
}

/// Lets the page reach several idle periods: the Questions view builds the areas not yet
/// shown one per idle period, off the page.
fn let_the_page_idle(harness: &Harness) {
    harness.browser.execute_async(
        "const done = arguments[arguments.length - 1]; let left = 20; \
         const wait = () => (left-- > 0 ? requestIdleCallback(wait) : done()); wait();",
        vec![],
    );
}

/// The titles of the steps marked as current, by class and for assistive technology
/// alike (none counted that has only one of the two).
fn current_steps(harness: &Harness) -> serde_json::Value {
    harness.browser.execute(
        "const marked = [...document.querySelectorAll('.steps .step.current, .steps .step[aria-current]')]; \
         return marked.map(s => s.classList.contains('current') && s.getAttribute('aria-current') === 'step' \
           ? s.querySelector('.step-title').textContent : 'half-marked')",
        vec![],
    )
}

/// The area shown now: its title.
fn area_title(harness: &Harness) -> String {
    harness
        .browser
        .text(&harness.browser.find(&format!("{SHOWN_AREA} h2.area-title")))
}

#[test]
fn once_the_page_was_idle_moving_between_areas_builds_nothing() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let questionnaire = Questionnaire::built_in().unwrap();
    let_the_page_idle(&harness);
    // The hidden Results is built in the background too, once its part has arrived (five
    // seconds after the start) and the room pauses: wait for it, so that it is not
    // counted below when this test runs slowly on a busy machine.
    browser.wait_for(
        "the hidden Results to be built",
        "return document.querySelector('.kept-results header') !== null",
    );
    let_the_page_idle(&harness);
    // Every element the page makes from now on is counted.
    browser.execute(
        "window.__made = 0; const make = Document.prototype.createElement; \
         Document.prototype.createElement = function (...args) { window.__made += 1; return make.apply(this, args); };",
        vec![],
    );
    // Through every area by keyboard and back to the first by its step.
    for area in &questionnaire.areas[1..] {
        let mut presses = 0;
        while area_title(&harness) != area.title {
            browser.press("j");
            presses += 1;
            assert!(presses <= 20, "J did not reach {}", area.title);
        }
        // One step, the shown area's, is marked as the current one.
        assert_eq!(current_steps(&harness), json!([area.title]));
    }
    browser.click(&browser.find_all(".steps .step")[0]);
    assert_eq!(area_title(&harness), questionnaire.areas[0].title);
    assert_eq!(
        current_steps(&harness),
        json!([questionnaire.areas[0].title])
    );
    assert_eq!(
        browser.execute("return window.__made", vec![]),
        json!(0),
        "elements made while moving between areas"
    );
    harness.assert_clean_run();
}

/// The areas built so far stay on the page, hidden with `content-visibility` (the browser
/// keeps their style and layout, so moving to one is little more than a paint): as hidden
/// as they were off the page, taking no room and no focus, and each the same element
/// whenever it shows.
#[test]
fn the_areas_built_stay_on_the_page_hidden_taking_no_room_and_no_focus() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let questionnaire = Questionnaire::built_in().unwrap();
    let count = questionnaire.areas.len();
    let_the_page_idle(&harness);
    browser.wait_for(
        "every area built",
        &format!(
            "return document.querySelectorAll('.questions-main > section.area').length === {count}"
        ),
    );
    let hidden = || {
        browser.execute(
            "const all = [...document.querySelectorAll('.questions-main > section.area[hidden]')]; \
             const style = a => getComputedStyle(a); \
             return [all.length, \
               all.flatMap(a => [...a.querySelectorAll('*')]).filter(e => e.checkVisibility()).length, \
               all.map(a => a.getBoundingClientRect().height + parseFloat(style(a).marginTop) + parseFloat(style(a).marginBottom)).reduce((x, y) => x + y, 0), \
               all.every(a => style(a).contentVisibility === 'hidden')];",
            vec![],
        )
    };
    assert_eq!(hidden(), json!([count - 1, 0, 0, true]));
    browser.execute(
        "document.querySelectorAll('.questions-main > section.area').forEach((a, i) => { a.dataset.mark = i; });",
        vec![],
    );
    browser.click(&browser.find_all(".steps .step")[3]);
    assert_eq!(area_title(&harness), questionnaire.areas[3].title);
    assert_eq!(
        browser.execute(
            &format!("return document.querySelector('{SHOWN_AREA}').dataset.mark"),
            vec![]
        ),
        json!("3"),
        "the fourth area is the element built for it"
    );
    assert_eq!(hidden(), json!([count - 1, 0, 0, true]));
    for _ in 0..40 {
        browser.press("\u{e004}");
        assert_eq!(
            browser.execute(
                "return document.activeElement.closest('section.area[hidden]') !== null",
                vec![]
            ),
            json!(false),
            "Tab reached a hidden area"
        );
    }
    harness.assert_clean_run();
}

#[test]
fn an_area_built_earlier_shows_answers_loaded_from_another_tab() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let questionnaire = Questionnaire::built_in().unwrap();
    let second_area_first = questionnaire.areas[1].questions[0].id.clone();
    // This tab has built every area (the second one off the page) before the other tab
    // answers in the second area.
    let_the_page_idle(&harness);
    let first = browser.current_tab();
    let second = browser.new_tab();
    browser.switch_to(&second);
    harness.open_app();
    browser.click(&browser.find_all(".steps .step")[1]);
    browser.press("3");
    harness.wait_for_answered(1);

    browser.switch_to(&first);
    browser.wait_for(
        "the conflict banner",
        "return document.querySelector('[data-testid=conflict]') !== null",
    );
    browser.click(&browser.button("[data-testid=conflict]", "Load the other version"));
    harness.wait_for_answered(1);
    browser.click(&browser.find_all(".steps .step")[1]);
    assert_eq!(area_title(&harness), questionnaire.areas[1].title);
    let checked = format!(
        "return document.querySelector('fieldset[data-question=\"{second_area_first}\"] input[value=\"3\"]').checked"
    );
    assert_eq!(browser.execute(&checked, vec![]), json!(true));
    assert_eq!(browser.find_all(".option.selected").len(), 1);
    harness.assert_clean_run();
}

/// The test ids of the tabs marked as the view shown, by class and for assistive
/// technology alike (a tab with only one of the two counts as "half-marked").
const MARKED_TABS: &str = "[...document.querySelectorAll('.tabs button.active, .tabs button[aria-current]')] \
     .map(b => b.classList.contains('active') && b.getAttribute('aria-current') === 'page' ? b.dataset.testid : 'half-marked')";

/// Waits until the one tab marked is `testid`'s.
fn wait_for_marked_tab(harness: &Harness, testid: &str) {
    harness.browser.wait_for(
        &format!("{testid} marked alone"),
        &format!("return JSON.stringify({MARKED_TABS}) === '[\"{testid}\"]'"),
    );
}

#[test]
fn the_tab_of_the_view_shown_is_marked_however_the_view_was_reached() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    wait_for_marked_tab(&harness, "tab-questions");
    for tab in ["tab-setup", "tab-results", "tab-progress", "tab-library"] {
        browser.click_testid(tab);
        wait_for_marked_tab(&harness, tab);
    }
    // Opening an assessment from the library shows its questions.
    browser.click(&browser.button("[data-testid=library-entry]", "Open"));
    wait_for_marked_tab(&harness, "tab-questions");
    assert_eq!(
        browser.execute(&format!("return {MARKED_TABS}"), vec![]),
        serde_json::json!(["tab-questions"])
    );
    harness.assert_clean_run();
}

/// The questions whose cards are marked as the current one, in every area built so far.
const MARKED_CARDS: &str =
    "return [...document.querySelectorAll('fieldset.question.current')].map(c => c.dataset.question)";

/// One card is marked as the current question, in the area shown and in every area built
/// but hidden, however the current question moves: down through the whole questionnaire,
/// back across an area's edge, and by a click on a step. (The projector theme shows only
/// the card marked.)
#[test]
fn one_card_and_only_the_current_questions_is_marked_current() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let ids = question_ids();
    let marked = |position: usize| {
        browser.wait_for(
            &format!("question {position} marked"),
            &format!(
                "return JSON.stringify((() => {{ {MARKED_CARDS} }})()) === '[\"{}\"]'",
                ids[position]
            ),
        );
    };
    marked(0);
    let_the_page_idle(&harness);
    for position in 1..ids.len() {
        browser.press("j");
        marked(position);
    }
    let questionnaire = Questionnaire::built_in().unwrap();
    let first_of_last_area = ids.len() - questionnaire.areas.last().unwrap().questions.len();
    for position in (first_of_last_area - 2..ids.len() - 1).rev() {
        browser.press("k");
        marked(position);
    }
    // A click on the first step shows the first area: its first question is current.
    browser.click(&browser.find(".steps .step[data-area='0']"));
    marked(0);
    assert_eq!(
        browser.execute(MARKED_CARDS, vec![]),
        serde_json::json!([ids[0]])
    );
    harness.assert_clean_run();
}
