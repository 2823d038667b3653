//! The first screen, in Chromium, from the release build: the app mounts and shows every
//! area of the embedded questionnaire, answering works, and the page stays quiet and local.

use e2e::{artifacts_dir, repo_root, Harness, SHOWN_AREA};

/// Area titles read straight from the questionnaire file the app embeds.
fn area_titles_in_file() -> Vec<String> {
    let path = repo_root().join("questionnaires/mlops-maturity.json");
    let text = std::fs::read_to_string(&path).expect("read the default questionnaire");
    let json: serde_json::Value = serde_json::from_str(&text).expect("questionnaire JSON");
    json["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .map(|area| area["title"].as_str().expect("area title").to_string())
        .collect()
}

/// How many questions the first area of the questionnaire file has.
fn first_area_question_count() -> usize {
    let path = repo_root().join("questionnaires/mlops-maturity.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["areas"][0]["questions"].as_array().unwrap().len()
}

#[test]
fn first_screen_shows_the_areas_of_the_questionnaire_file() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;

    let expected = area_titles_in_file();
    assert_eq!(
        expected.len(),
        7,
        "the default questionnaire has seven areas"
    );
    let shown: Vec<String> = browser
        .find_all(".steps .step-title")
        .iter()
        .map(|title| browser.text(title))
        .collect();
    assert_eq!(shown, expected);

    // The static loading shell is gone once the app has mounted.
    assert!(browser.find_all("#app .loading").is_empty());

    // The first area's questions are shown, each with four levels plus Don't know and Not
    // applicable.
    assert_eq!(
        browser.text(&browser.find(&format!("{SHOWN_AREA} h2.area-title"))),
        expected[0]
    );
    let questions = browser.find_all(&format!("{SHOWN_AREA} fieldset.question"));
    assert_eq!(questions.len(), first_area_question_count());
    let radios = browser.find_all(&format!("{SHOWN_AREA} fieldset.question input[type=radio]"));
    assert_eq!(radios.len(), questions.len() * 6);

    // Answering a question with a real click updates the overall progress.
    let progress = browser.find("[data-testid=progress]");
    assert!(
        browser.text(&progress).starts_with("0 of"),
        "{}",
        browser.text(&progress)
    );
    browser.click(&browser.find("fieldset.question .option"));
    harness.wait_for_answered(1);

    browser.screenshot(&artifacts_dir().join("first-screen.png"));
    harness.assert_clean_run();
    assert!(
        harness
            .server
            .requests()
            .iter()
            .any(|path| path.ends_with(".wasm")),
        "the app's wasm was fetched from the test server"
    );
}

/// How far the top of `selector` is below the sticky bar (negative: hidden under it).
fn clearance(harness: &Harness, selector: &str) -> f64 {
    harness
        .browser
        .execute(
            "const bar = document.querySelector('.topbar').getBoundingClientRect().bottom; \
             return document.querySelector(arguments[0]).getBoundingClientRect().top - bar;",
            vec![serde_json::json!(selector)],
        )
        .as_f64()
        .unwrap()
}

/// The area heading on first load, the current question while answering down the list, and
/// the next area's heading are never left under the sticky bar.
#[test]
fn the_current_question_is_never_under_the_sticky_bar() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    assert!(
        clearance(&harness, "h2.area-title") >= 0.0,
        "heading under the bar on load"
    );
    let first_area = first_area_question_count();
    for answered in 1..first_area {
        browser.press("2");
        harness.wait_for_answered(answered);
        let shown = clearance(&harness, "fieldset.question.current");
        assert!(
            shown >= 0.0,
            "question {} is {shown}px under the bar",
            answered + 1
        );
    }
    // The last answer of the area moves on to the next area: its heading is in sight.
    browser.press("2");
    harness.wait_for_answered(first_area);
    browser.wait_for(
        "the next area",
        "return document.querySelector('fieldset.question.current') !== null",
    );
    let heading = clearance(&harness, &format!("{SHOWN_AREA} h2.area-title"));
    assert!(
        heading >= 0.0,
        "the next area's heading is {heading}px under the bar"
    );
    harness.assert_clean_run();
}
