//! The offline kit: the single HTML file the build writes works opened from disk
//! (`file://`, no server): answering, autosave, reload, exports, with no console error and
//! a Content-Security-Policy as strict as the site's.

use e2e::webdriver::Session;
use e2e::{artifacts_dir, dist_dir};

fn kit() -> std::path::PathBuf {
    let kit = dist_dir().join("mlops-maturity-offline.html");
    assert!(kit.is_file(), "no offline kit in dist/: run scripts/build");
    kit
}

fn severe(browser: &Session) -> Vec<String> {
    browser
        .log("browser")
        .into_iter()
        .filter(|entry| entry["level"] == "SEVERE")
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_kit_opened_from_disk_answers_saves_reloads_and_exports() {
    let text = std::fs::read_to_string(kit()).unwrap();
    let policy = text
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the kit carries a Content-Security-Policy");
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains(" 'unsafe-eval'"),
        "{policy}"
    );
    assert!(!text.contains("register-sw.js") && !text.contains("rel=\"modulepreload\""));

    let browser = Session::start();
    let url = format!("file://{}", kit().display());
    browser.goto(&url);
    browser.wait_for(
        "the app from disk",
        "return document.querySelector('#app .workshop') !== null",
    );
    browser.press("2103d21n3212");
    browser.wait_for(
        "12 answers",
        "return document.querySelector('[data-testid=progress]').textContent.startsWith('12 of')",
    );
    browser.refresh();
    browser.wait_for(
        "the answers after a reload",
        "return document.querySelector('[data-testid=progress]') && document.querySelector('[data-testid=progress]').textContent.startsWith('12 of')",
    );
    browser.click(&browser.find("[data-testid=tab-results]"));
    browser.wait_for(
        "the charts",
        "return [...document.querySelectorAll('[data-testid=chart] img')].every(i => i.complete && i.naturalWidth > 0)",
    );
    browser.click(&browser.find("[data-testid=export-csv]"));
    let (_, csv) = browser.downloaded(".csv");
    assert!(csv.contains("\"data.versioning\""));
    browser.click(&browser.find("[data-testid=export-markdown]"));
    let (_, markdown) = browser.downloaded("-report.md");
    assert!(markdown.contains("12 of 37 questions answered"));
    // The link to download the kit is not offered inside the kit itself.
    let offered = browser.execute(
        "const a = document.querySelector('[data-testid=offline-kit]'); return !!a && a.getBoundingClientRect().height > 0",
        vec![],
    );
    browser.click(&browser.find("[data-testid=tab-library]"));
    assert_eq!(offered, false);
    browser.screenshot(&artifacts_dir().join("offline-kit.png"));
    let errors = severe(&browser);
    assert!(errors.is_empty(), "console errors in the kit: {errors:#?}");
}

#[test]
fn the_site_offers_the_kit_for_download() {
    let harness = e2e::Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.click(&browser.find("[data-testid=tab-library]"));
    let link = browser.find("[data-testid=offline-kit]");
    assert_eq!(
        browser.execute(
            "return arguments[0].getAttribute('download')",
            vec![link.clone()]
        ),
        "mlops-maturity-offline.html"
    );
    browser.click(&link);
    let (_, text) = browser.downloaded("-offline.html");
    assert_eq!(
        text,
        std::fs::read_to_string(kit()).unwrap(),
        "the kit downloads whole"
    );
    harness.assert_clean_run();
}
