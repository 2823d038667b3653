//! Loading a custom questionnaire from a file in the browser: valid files replace the active
//! questionnaire, broken ones list every problem and change nothing, markup stays text.

use e2e::{artifacts_dir, repo_root, Harness};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/questionnaires").join(name)
}

/// The area steps of the questionnaire view (switching to it first).
fn area_titles(harness: &Harness) -> Vec<String> {
    let browser = &harness.browser;
    browser.click(&browser.find("[data-testid=tab-questions]"));
    browser
        .find_all(".steps .step-title")
        .iter()
        .map(|title| browser.text(title))
        .collect()
}

fn problem_lines(harness: &Harness) -> Vec<String> {
    let browser = &harness.browser;
    browser
        .find_all("[data-testid=notice] li")
        .iter()
        .map(|item| browser.text(item))
        .collect()
}

#[test]
fn a_broken_questionnaire_lists_every_problem_and_changes_nothing() {
    let harness = Harness::start("/");
    harness.open_app();
    let before = area_titles(&harness);
    assert_eq!(before.len(), 7);

    harness.load_questionnaire(&fixture("broken.json"));
    harness.browser.wait_for(
        "the problem list",
        "return document.querySelector('[data-testid=notice] li') !== null",
    );
    assert_eq!(
        problem_lines(&harness),
        [
            "area `sources`: `weight` must be greater than 0 and at most 1000, with at most three decimals (found 0)",
            "area `release`: has no questions",
            "area `watch`, question `watch.alerts`: has no option for level 3",
            "transitions: transition 2→3 is missing",
            "ecosystem `oss`, tool `MLflow`: unknown area id \"nowhere\"",
        ]
    );
    let heading = harness
        .browser
        .text(&harness.browser.find("[data-testid=notice] p"));
    assert!(heading.contains("broken.json cannot be used"), "{heading}");
    assert!(heading.contains("nothing was changed"), "{heading}");
    assert_eq!(
        area_titles(&harness),
        before,
        "the active questionnaire is unchanged"
    );
    harness
        .browser
        .screenshot(&artifacts_dir().join("questionnaire-problems.png"));

    // A file that is not JSON at all is reported with its position.
    harness.load_questionnaire(&fixture("not-json.json"));
    harness.browser.wait_for(
        "the not-JSON message",
        "const p = document.querySelector('[data-testid=notice]'); \
         return p !== null && p.textContent.includes('not-json.json')",
    );
    let lines = problem_lines(&harness);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("the file is not a questionnaire in JSON"),
        "{lines:?}"
    );
    assert!(lines[0].contains("line"), "{lines:?}");

    // A file over the 1 MB cap is refused without being parsed.
    let huge = artifacts_dir().join("huge-questionnaire.json");
    let padding = "x".repeat(1024 * 1024 + 10);
    std::fs::write(&huge, format!("{{\"title\": \"{padding}\"}}")).unwrap();
    harness.load_questionnaire(&huge);
    harness.browser.wait_for(
        "the size message",
        "const p = document.querySelector('[data-testid=notice]'); \
         return p !== null && p.textContent.includes('huge-questionnaire.json')",
    );
    let lines = problem_lines(&harness);
    assert!(lines[0].contains("at most 1024 KB"), "{lines:?}");
    assert_eq!(area_titles(&harness), before);
    harness.assert_clean_run();
}

#[test]
fn a_valid_custom_questionnaire_replaces_the_active_one() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;

    // Answer one question of the built-in questionnaire first.
    browser.click(&browser.find("fieldset.question .option"));
    harness.wait_for_answered(1);

    harness.load_questionnaire(&fixture("three-areas.json"));
    browser.wait_for(
        "the custom areas",
        "return document.querySelectorAll('.steps .step-title').length === 3",
    );
    assert_eq!(
        area_titles(&harness),
        ["Source data", "Release process", "Production watch"]
    );
    let status = browser.text(&browser.find("[data-testid=notice] p"));
    assert!(status.contains("Acme lightweight ML review"), "{status}");
    assert!(status.contains("3 areas, 4 questions"), "{status}");
    // A new questionnaire starts a new assessment.
    let progress = browser.text(&browser.find("[data-testid=progress]"));
    assert_eq!(progress, "0 of 4 answered");
    browser.screenshot(&artifacts_dir().join("custom-questionnaire.png"));

    // A new assessment with the built-in questionnaire brings back the seven areas.
    browser.click(&browser.find("[data-testid=tab-library]"));
    browser.click(&browser.find("[data-testid=use-built-in]"));
    browser.wait_for(
        "the built-in areas",
        "return document.querySelectorAll('.steps .step-title').length === 7",
    );
    // Both assessments are in the library.
    browser.click(&browser.find("[data-testid=tab-library]"));
    assert_eq!(browser.find_all("[data-testid=library-entry]").len(), 3);
    harness.assert_clean_run();
}

#[test]
fn markup_in_a_questionnaire_is_shown_as_text_and_never_runs() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    harness.load_questionnaire(&fixture("hostile-markup.json"));
    browser.wait_for(
        "the hostile questionnaire",
        "return document.querySelectorAll('.steps .step-title').length === 3",
    );
    assert_eq!(
        browser.text(&browser.find("h1")),
        "<script>window.__injected = true</script>Hostile <b>title</b>: new assessment"
    );
    assert_eq!(
        area_titles(&harness)[0],
        "<img src=x onerror=\"window.__injected = true\">Sources"
    );
    // The options and the help are set as HTML in one go (`domain::markup`): their text
    // stays text.
    let first_option = browser.execute(
        "const o = document.querySelector('fieldset.question .option'); \
         const h = document.querySelector('fieldset.question details.help'); \
         return [o.querySelector('.option-text').textContent, o.querySelector('.option-help').textContent, o.querySelectorAll('input').length, h.querySelector('p').textContent, h.children.length]",
        vec![],
    );
    assert_eq!(
        first_option,
        serde_json::json!([
            "<img src=x onerror=\"window.__injected = true\">Nothing is versioned & \"nobody\" knows.",
            "</label><b>Bold</b> help",
            1,
            "</p></details><img src=x onerror=\"window.__injected = true\">Ask the room.",
            2
        ])
    );
    let injected = browser.execute(
        "return [window.__injected === true, document.querySelectorAll('#app img, #app script, #app b, #app a[href^=javascript]').length]",
        vec![],
    );
    assert_eq!(injected, serde_json::json!([false, 0]));
    harness.assert_clean_run();
}
