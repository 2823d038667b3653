//! Themes in a real browser: light, dark (chosen, or following the system) and projector;
//! the choice is remembered; axe finds nothing in any of them (colour contrast measured by
//! axe, not assumed); the projector shows each whole question at 1280×720 without
//! scrolling; print is always light. Screenshots in target/e2e/theme-*.png.

use e2e::webdriver::Session;
use e2e::{accessibility_violations, artifacts_dir, Harness};
use serde_json::{json, Value};

fn choose_theme(browser: &Session, theme: &str) {
    browser.execute(
        "const s = document.getElementById('theme'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));",
        vec![Value::from(theme)],
    );
}

fn theme(browser: &Session) -> Value {
    browser.execute(
        "return document.documentElement.getAttribute('data-theme')",
        vec![],
    )
}

fn background(browser: &Session) -> Value {
    browser.execute(
        "return getComputedStyle(document.querySelector('.topbar')).backgroundColor",
        vec![],
    )
}

fn audit(browser: &Session, what: &str) {
    let violations = accessibility_violations(browser);
    assert!(violations.is_empty(), "axe in {what}: {violations:#?}");
}

#[test]
fn every_theme_is_remembered_and_passes_the_audit() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("2103d21n3212");
    let light = background(browser);
    for name in ["light", "dark", "projector"] {
        choose_theme(browser, name);
        browser.refresh();
        browser.wait_for(
            "the app",
            "return document.querySelector('#app .workshop') !== null",
        );
        assert_eq!(theme(browser), json!(name), "the choice survives a reload");
        assert_eq!(
            browser.execute("return document.getElementById('theme').value", vec![]),
            json!(name)
        );
        browser.click_testid("tab-questions");
        audit(browser, &format!("{name}: Questions"));
        browser.screenshot(&artifacts_dir().join(format!("theme-{name}-questions.png")));
        browser.click_testid("tab-results");
        audit(browser, &format!("{name}: Results"));
        browser.screenshot(&artifacts_dir().join(format!("theme-{name}-results.png")));
        if name == "dark" {
            assert_ne!(background(browser), light, "dark is dark");
            let filter = browser.execute(
                "return getComputedStyle(document.querySelector('[data-testid=chart] img')).filter",
                vec![],
            );
            assert!(
                filter.as_str().unwrap().contains("invert"),
                "charts follow the theme"
            );
            if browser.devtools("Emulation.setEmulatedMedia", json!({ "media": "print" })) {
                assert_eq!(background(browser), light, "print is always light");
                browser.devtools("Emulation.setEmulatedMedia", json!({ "media": "" }));
            }
        }
    }
    // "As the system": the system's light or dark, followed as it changes.
    choose_theme(browser, "");
    assert_eq!(
        theme(browser),
        json!("light"),
        "headless Chromium's system is light"
    );
    if browser.devtools(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
    ) {
        browser.wait_for(
            "the system's change to be followed",
            "return document.documentElement.getAttribute('data-theme') === 'dark'",
        );
        assert_ne!(
            background(browser),
            light,
            "the system's dark scheme is followed"
        );
        audit(browser, "the system's dark scheme");
        browser.screenshot(&artifacts_dir().join("theme-system-dark-results.png"));
    }
    harness.assert_clean_run();
}

#[test]
fn the_projector_shows_every_whole_question_at_1280_by_720() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    if !browser.devtools(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": false }),
    ) {
        eprintln!("viewport emulation needs Chrome DevTools: checked in the Chromium run");
        return;
    }
    choose_theme(browser, "projector");
    let questions = browser
        .execute(
            "return document.querySelectorAll('.steps .step').length",
            vec![],
        )
        .as_i64()
        .unwrap();
    assert_eq!(questions, 7);
    for step in 0..37 {
        let fits = browser.execute(
            "const q = document.querySelector('.question.current'); \
             const bar = document.querySelector('.topbar').getBoundingClientRect().bottom; \
             const r = q.getBoundingClientRect(); \
             const shown = document.querySelectorAll('.question').length - document.querySelectorAll('.question:not(.current)').length; \
             const legend = document.querySelector('.legend').getBoundingClientRect(); \
             return [r.top >= bar - 1 && r.bottom <= innerHeight + 1, shown, legend.height > 0, Math.round(r.top), Math.round(r.bottom), q.dataset.question];",
            vec![],
        );
        if step == 0 {
            browser.screenshot(&artifacts_dir().join("theme-projector-1280x720.png"));
        }
        assert_eq!(fits[1], 1, "one question at a time");
        assert_eq!(fits[2], true, "the key legend is visible");
        assert_eq!(
            fits[0], true,
            "question {step} does not fit the screen: {fits}"
        );
        if step == 0 {
            audit(browser, "projector at 1280×720");
        }
        browser.press("j");
    }
    harness.assert_clean_run();
}
