//! The app as a static site: under a GitHub Pages sub-path, offline after one visit, behind
//! a strict Content-Security-Policy, and accessible (axe-core, WCAG 2.1 A/AA).

use e2e::{accessibility_violations, artifacts_dir, Harness};
use mlops_maturity::domain::assessment::Assessment;

/// Opens a path two folders below the site, with a share link cut short as its fragment,
/// and checks that the app opened at its own address and read the fragment (it reports
/// the link as too short).
fn opens_the_app_from_two_folders_down(harness: &Harness) {
    let browser = &harness.browser;
    browser.goto(&harness.server.url("no/such/page#share=AAAA"));
    harness.wait_for_mount();
    let said = browser.take_notice();
    assert!(said.contains("too short"), "{said}");
    assert_eq!(
        browser.current_url(),
        harness.server.url(""),
        "the app's own address"
    );
}

#[test]
fn the_site_works_under_a_project_sub_path_and_survives_a_reload() {
    let harness = Harness::start("/some-repo/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("32");
    harness.wait_for_answered(2);
    browser.refresh();
    harness.open_app();
    assert!(
        harness.progress().starts_with("2 of"),
        "{}",
        harness.progress()
    );
    // Every asset came from below the sub-path.
    let outside: Vec<String> = harness
        .server
        .requests()
        .into_iter()
        .filter(|path| !path.starts_with("/some-repo/"))
        .collect();
    assert!(
        outside.is_empty(),
        "requests outside /some-repo/: {outside:?}"
    );
    harness.assert_clean_run();

    // Once the service worker is in, a path that does not exist (a mistyped link, a reload
    // on an old address) opens the app from its cache, with the answers saved so far.
    harness.wait_for_offline_ready();
    let missing = harness.server.url("no-such-page");
    browser.goto(&missing);
    harness.wait_for_mount();
    assert!(
        harness.progress().starts_with("2 of"),
        "{}",
        harness.progress()
    );
    assert_eq!(browser.current_url(), missing, "the address stays as typed");
    harness.assert_clean_run();

    // Two levels deep the app's files, named relative to the page, would be looked for in
    // a folder that does not exist: the worker sends the browser to the app's address,
    // and a link's fragment comes along (here a share link cut short, which the app reads
    // and reports).
    opens_the_app_from_two_folders_down(&harness);
    assert!(
        harness.progress().starts_with("2 of"),
        "{}",
        harness.progress()
    );
    harness.assert_clean_run();
}

#[test]
fn a_first_visit_on_a_path_that_does_not_exist_opens_the_app() {
    // Before any service worker, GitHub Pages answers a missing path with the site's
    // 404.html and status 404; that page is the app, and it works.
    let harness = Harness::start("/some-repo/");
    let browser = &harness.browser;
    let missing = harness.server.url("no-such-page");
    browser.goto(&missing);
    harness.wait_for_mount();
    harness.assert_nothing_answered("a first visit");
    browser.press("3");
    harness.wait_for_answered(1);
    assert_eq!(browser.current_url(), missing, "the address stays as typed");
    // The one 404 is the page itself; every asset it asks for is found.
    harness.assert_clean_run_but_for_missing(std::slice::from_ref(&missing));
}

#[test]
fn a_first_visit_two_folders_below_the_site_goes_to_the_app() {
    // GitHub Pages answers a missing path with 404.html however deep it is. Two folders
    // down, the page's files (named relative to it) are not there: the page finds the
    // site's folder, the nearest one up with the manifest, and goes there with the link's
    // fragment (here a share link cut short, which the app reads and reports).
    let harness = Harness::start("/some-repo/");
    let browser = &harness.browser;
    opens_the_app_from_two_folders_down(&harness);
    browser.press("3");
    harness.wait_for_answered(1);
    let requests = harness.server.requests();
    for asked in [
        "/some-repo/no/such/manifest.webmanifest",
        "/some-repo/no/manifest.webmanifest",
        "/some-repo/manifest.webmanifest",
    ] {
        assert!(
            requests.iter().any(|r| r == asked),
            "{asked} not in {requests:#?}"
        );
    }
    // What answered 404 on the way was under the missing folder, and nothing else failed.
    let missing = harness.server.url("no/");
    let severe: Vec<String> = browser
        .log("browser")
        .into_iter()
        .filter(|entry| entry["level"] == "SEVERE")
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
        .filter(|m| !(m.starts_with(&missing) && m.ends_with("status of 404 (Not Found)")))
        .collect();
    assert!(severe.is_empty(), "SEVERE console entries: {severe:#?}");
}

#[test]
fn after_one_visit_the_app_opens_and_works_offline() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    harness.wait_for_offline_ready();
    browser.press("21");
    harness.wait_for_answered(2);
    harness.assert_clean_run();

    // Offline: the server is gone, connections are refused.
    harness.server.stop();
    let served = harness.server.requests().len();
    // A reload, and opening the address again, are served by the service worker. (Firefox's
    // WebDriver reload reached the network instead of the worker here, so that run opens
    // the address only.)
    if browser.engine() == e2e::webdriver::Engine::Chromium {
        browser.refresh();
    }
    harness.open_app();
    assert!(
        harness.progress().starts_with("2 of"),
        "{}",
        harness.progress()
    );
    assert_eq!(
        harness.server.requests().len(),
        served,
        "nothing reached the server"
    );

    // Answering (the third question, after moving past the two answered) and exporting
    // still work.
    browser.press("jj3");
    harness.wait_for_answered(3);
    browser.click(&browser.find("[data-testid=tab-library]"));
    let export = browser.button("[data-testid=library-entry]", "Export");
    browser.click(&export);
    let (_, text) = browser.downloaded(".assessment.json");
    let exported = Assessment::from_json(&text).unwrap();
    assert_eq!(exported.responses.len(), 3);

    // Results and its charts, a part of the wasm the page never fetched while online: the
    // service worker cached it with the site.
    browser.click_testid("tab-results");
    browser.wait_for_element("[data-testid=chart]");
    assert_eq!(
        harness.server.requests().len(),
        served,
        "nothing reached the server"
    );
}

#[test]
fn a_strict_content_security_policy_is_in_force() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let policy = browser.execute(
        "const m = document.querySelector('meta[http-equiv=Content-Security-Policy]'); \
         return m ? m.content : null",
        vec![],
    );
    let policy = policy.as_str().expect("a CSP meta tag");
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        "connect-src 'self'",
        "object-src 'none'",
    ] {
        assert!(
            policy.contains(directive),
            "{directive} missing from {policy}"
        );
    }
    assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
    // The policy blocks what it should: an inline script added now does not run.
    let ran = browser.execute_async(
        "const done = arguments[0]; window.__inlineRan = false; \
         const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; \
         document.body.appendChild(s); setTimeout(() => done(window.__inlineRan), 100);",
        vec![],
    );
    assert_eq!(ran, serde_json::json!(false));
    // That attempt logged a CSP violation; nothing else may have.
    let severe: Vec<String> = browser
        .log("browser")
        .into_iter()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .filter(|m| !m.contains("Content Security Policy"))
        .collect();
    assert!(severe.is_empty(), "{severe:#?}");
}

#[test]
fn every_view_passes_an_axe_core_wcag_audit() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("2130d2");
    harness.wait_for_answered(6);
    let mut problems = Vec::new();
    for (tab, name) in [
        ("tab-questions", "questions"),
        ("tab-results", "results"),
        ("tab-setup", "setup"),
        ("tab-library", "library"),
    ] {
        browser.click(&browser.find(&format!("[data-testid={tab}]")));
        for violation in accessibility_violations(browser) {
            problems.push(format!("{name}: {violation}"));
        }
        browser.screenshot(&artifacts_dir().join(format!("view-{name}.png")));
    }
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
    harness.assert_clean_run();
}

#[test]
fn a_new_deploy_is_offered_as_an_update_and_replaces_the_old_cache() {
    let site = e2e::copy_of_dist("update-site");
    let harness = Harness::serving(site.clone(), "/");
    harness.open_app();
    let browser = &harness.browser;
    harness.wait_for_offline_ready();
    browser.press("2");
    let caches_before = browser.execute_async(
        "const done = arguments[0]; caches.keys().then(done);",
        vec![],
    );
    assert_eq!(
        caches_before.as_array().map(Vec::len),
        Some(1),
        "{caches_before}"
    );

    // "Deploy" a new version: the worker's version changes, as it does on every build.
    let worker = site.join("sw.js");
    let text = std::fs::read_to_string(&worker).unwrap();
    // The build minifies the worker: `VERSION="…"`.
    let start = text.find("VERSION=\"").expect("the worker's version") + "VERSION=\"".len();
    let new_text = format!(
        "{}{}",
        &text[..start],
        &text[start..].replacen('"', "-next\"", 1)
    );
    std::fs::write(&worker, new_text).unwrap();
    browser.execute_async(
        "const done = arguments[0]; \
         navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => done(true), () => done(false));",
        vec![],
    );
    browser.wait_for(
        "the update prompt",
        "return document.querySelector('[data-testid=update-ready]') !== null",
    );
    let reload = browser.button("[data-testid=update-ready]", "Reload to update");
    browser.click(&reload);
    // The page reloads under the new worker; the answer is still there and only the new
    // cache is left.
    browser.wait_for(
        "the new version's cache alone",
        "caches.keys().then(k => { window.__keys = k; }); \
         return Array.isArray(window.__keys) && window.__keys.length === 1 && window.__keys[0].endsWith('-next')",
    );
    harness.open_app();
    assert!(
        harness.progress().starts_with("1 of"),
        "{}",
        harness.progress()
    );
}

#[test]
fn a_page_loaded_past_the_service_worker_is_taken_into_its_hands() {
    // A page can load without the worker although the worker is in place: a reload while
    // the first visit's worker was still installing (CI met it), or a hard reload. Such a
    // page asks the worker to take it, so what it fetches later (the views' parts) comes
    // from the cache once the connection goes.
    let harness = Harness::start("/some-repo/");
    harness.open_app();
    let browser = &harness.browser;
    harness.wait_for_offline_ready();
    // A hard reload, which bypasses the worker (Chrome DevTools; Firefox has no such
    // command through WebDriver, so the Chromium run checks it).
    if browser
        .cdp("Page.reload", serde_json::json!({ "ignoreCache": true }))
        .is_none()
    {
        eprintln!("a hard reload needs Chrome DevTools: checked in the Chromium run");
        return;
    }
    harness.wait_for_mount();
    harness.wait_for_offline_ready();
    // Offline now, a view the page has not loaded yet still opens.
    harness.server.stop();
    browser.click_testid("tab-results");
    browser.wait_for(
        "the Results view",
        "return document.querySelector('[data-testid=summary-level]') !== null",
    );
    harness.assert_clean_run();
}
