//! The views the first screen does not need are parts of their own (scripts/split-wasm.py):
//! the first load fetches none of them, each arrives when its view first opens, and a
//! part that cannot be downloaded is reported with a way to try again.

use e2e::server::is_part;
use e2e::webdriver::Engine;
use e2e::Harness;

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
    // the background.
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
