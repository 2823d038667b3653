//! The first screen before the wasm arrives: the release build's `index.html` carries the
//! first area's questions, rendered at build time by the app itself; the live app takes
//! the page over without moving anything, and what was answered on the static copy is kept.

use e2e::server::StaticServer;
use e2e::webdriver::Session;
use e2e::{artifacts_dir, dist_dir, repo_root, Harness, SHOWN_AREA};
use serde_json::{json, Value};

fn questionnaire() -> Value {
    let path = repo_root().join("questionnaires/mlops-maturity.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Where each question's legend sits on the page (document coordinates).
fn legend_positions(browser: &Session) -> Value {
    browser.execute(
        &format!("return [...document.querySelectorAll('{SHOWN_AREA} fieldset.question legend')].map(l => {{ const r = l.getBoundingClientRect(); return [Math.round((r.top + scrollY) * 10) / 10, Math.round(r.left * 10) / 10, l.textContent]; }})"),
        vec![],
    )
}

/// The release site with its wasm held back, open on the static first screen.
fn held_page() -> (StaticServer, Session) {
    held_page_with_storage(&json!({}))
}

/// The same, in a browser whose storage for the site holds `items` (key → text).
fn held_page_with_storage(items: &Value) -> (StaticServer, Session) {
    let server = StaticServer::start(dist_dir(), "/");
    let browser = Session::start_eager();
    server.hold_wasm();
    if items.as_object().is_some_and(|items| !items.is_empty()) {
        // Any page of the site's origin will do to write them: the icon starts nothing.
        browser.open_without_waiting(&server.url("icon.svg"));
        browser.execute(
            "for (const [k, v] of Object.entries(arguments[0])) localStorage.setItem(k, v);",
            vec![items.clone()],
        );
    }
    browser.open_without_waiting(&server.url(""));
    browser.wait_for(
        "the static first screen",
        "return document.querySelector('#app[data-prerendered] fieldset.question legend') !== null",
    );
    (server, browser)
}

fn take_over(server: &StaticServer, browser: &Session) {
    server.release_wasm();
    browser.wait_for(
        "the app to take over",
        "return document.querySelector('#app:not([data-prerendered]) .workshop') !== null",
    );
    browser.settle();
}

fn checked(browser: &Session, question: &str, value: &str) -> bool {
    browser.execute(
        &format!("return document.querySelector('fieldset[data-question=\"{question}\"] input[type=radio][value=\"{value}\"]').checked"),
        vec![],
    ) == Value::Bool(true)
}

#[test]
fn the_first_area_is_readable_before_the_wasm_and_taken_over_without_moving() {
    let (server, browser) = held_page();

    // Readable without the app: the first area of the questionnaire file, every question
    // with its four levels, Don't know and Not applicable.
    let file = questionnaire();
    let first_area = &file["areas"][0];
    assert_eq!(
        browser.text(&browser.find("#app h2.area-title")),
        first_area["title"].as_str().unwrap()
    );
    let prompts: Vec<String> = browser
        .find_all("#app fieldset.question legend")
        .iter()
        .map(|legend| browser.text(legend))
        .collect();
    let expected: Vec<String> = first_area["questions"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, q)| format!("{}. {}", i + 1, q["prompt"].as_str().unwrap()))
        .collect();
    assert_eq!(prompts, expected);
    assert_eq!(
        browser
            .find_all("#app fieldset.question input[type=radio]")
            .len(),
        expected.len() * 6
    );
    assert_eq!(
        browser.execute(
            "return document.querySelector('#app[data-prerendered]') !== null",
            vec![]
        ),
        Value::Bool(true),
        "the app must not have taken over while its wasm is held"
    );

    // The takeover moves nothing: every question stays where it was, no layout shift
    // (measured where the browser reports shifts).
    let before = legend_positions(&browser);
    browser.execute(
        "window.__shifts = 0; if (PerformanceObserver.supportedEntryTypes.includes('layout-shift')) new PerformanceObserver(l => { for (const e of l.getEntries()) window.__shifts += e.value; }).observe({ type: 'layout-shift' });",
        vec![],
    );
    take_over(&server, &browser);
    assert_eq!(
        legend_positions(&browser),
        before,
        "the takeover moved the questions"
    );
    assert_eq!(
        browser.execute("return window.__shifts", vec![]),
        json!(0),
        "layout shift during the takeover"
    );
}

#[test]
fn a_reader_who_scrolled_the_static_first_screen_stays_where_they_were() {
    let (server, browser) = held_page();
    // Down to the last question, past the area's heading.
    browser.execute(
        "const all = document.querySelectorAll('#app fieldset.question'); all[all.length - 1].scrollIntoView({ block: 'end' });",
        vec![],
    );
    let scrolled = browser.execute("return Math.round(window.scrollY)", vec![]);
    assert!(
        scrolled.as_i64().unwrap_or(0) > 0,
        "the first screen should be taller than the window: {scrolled}"
    );
    take_over(&server, &browser);
    // The app starts on the first question without scrolling back to it.
    assert_eq!(
        browser.execute("return Math.round(window.scrollY)", vec![]),
        scrolled
    );
}

#[test]
fn answers_given_on_the_static_first_screen_are_kept() {
    let (server, browser) = held_page();
    let file = questionnaire();
    let first_area = &file["areas"][0];
    let first_id = first_area["questions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let second_id = first_area["questions"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();

    // Level 2 on the first question and a note on the second, before the app is there.
    browser.click(&browser.find(&format!(
        "fieldset[data-question=\"{first_id}\"] input[type=radio][value=\"2\"]"
    )));
    browser.send_keys(
        &browser.find(&format!("fieldset[data-question=\"{second_id}\"] textarea")),
        "Said before the app arrived",
    );
    take_over(&server, &browser);

    assert!(checked(&browser, &first_id, "2"));
    assert!(browser
        .text(&browser.find("[data-testid=progress]"))
        .starts_with("1 of"));
    // Saved, not only shown: a reload brings both back.
    browser.refresh();
    browser.wait_for(
        "the app after a reload",
        "return document.querySelector('#app:not([data-prerendered]) .workshop') !== null",
    );
    assert!(checked(&browser, &first_id, "2"));
    assert_eq!(
        browser.execute(
            &format!("return document.querySelector('fieldset[data-question=\"{second_id}\"] textarea').value"),
            vec![]
        ),
        json!("Said before the app arrived")
    );
}

/// Has the page note the static first area and summary (as `window.__static` and
/// `window.__staticSummary`), then, as the app takes it over, run `then` (JavaScript) in
/// that same task.
fn at_the_takeover(browser: &Session, then: &str) {
    browser.execute(
        &format!(
            "window.__static = document.querySelector('#app section.area'); \
             window.__staticSummary = document.querySelector('#app .summary'); \
             new MutationObserver((_, observer) => {{ \
               if (document.getElementById('app').hasAttribute('data-prerendered')) return; \
               observer.disconnect(); \
               {then} \
             }}).observe(document.getElementById('app'), {{ attributes: true }});"
        ),
        vec![],
    );
}

/// Has the page, as the app takes it over (in that task, before any other), note whether
/// the area shown is still the static one, answer level 2 to the first question on it,
/// then run `then` (JavaScript).
fn answer_on_the_area_shown_at_the_takeover(browser: &Session, first_id: &str, then: &str) {
    at_the_takeover(
        browser,
        &format!(
            "const shown = document.querySelector('#app section.area'); \
             window.__standIn = shown === window.__static && shown.hasAttribute('data-stand-in'); \
             if (shown) shown.querySelector('fieldset[data-question=\"{first_id}\"] input[value=\"2\"]').click(); \
             {then}"
        ),
    );
}

#[test]
fn the_static_first_area_stands_in_until_the_app_built_its_own_and_keeps_its_answers() {
    let (server, browser) = held_page();
    let file = questionnaire();
    let first_id = file["areas"][0]["questions"][0]["id"].as_str().unwrap();
    answer_on_the_area_shown_at_the_takeover(&browser, first_id, "");
    take_over(&server, &browser);
    assert_eq!(
        browser.execute("return window.__standIn", vec![]),
        json!(true),
        "the static first area, marked as standing in, is shown while the app builds its own"
    );
    // Once the app's own is there, nothing on the page is marked as standing in (what
    // `Session::goto` waits for).
    browser.wait_for(
        "nothing marked as standing in",
        "return document.querySelector('[data-stand-in]') === null",
    );
    // Then the app's own area, with the answer given on the stand-in.
    assert_eq!(
        browser.execute(
            "return document.querySelector('#app section.area') !== window.__static",
            vec![]
        ),
        json!(true)
    );
    assert!(checked(&browser, first_id, "2"));
    assert!(browser
        .text(&browser.find("[data-testid=progress]"))
        .starts_with("1 of"));
}

#[test]
fn moving_to_another_area_while_the_static_one_stands_in_keeps_its_answers() {
    let (server, browser) = held_page();
    let file = questionnaire();
    let first_id = file["areas"][0]["questions"][0]["id"].as_str().unwrap();
    // Straight after the answer, the second area's step, still before the app's own first
    // area is built.
    answer_on_the_area_shown_at_the_takeover(
        &browser,
        first_id,
        "document.querySelectorAll('.steps .step')[1].click();",
    );
    take_over(&server, &browser);
    assert_eq!(
        browser.execute("return window.__standIn", vec![]),
        json!(true)
    );
    assert_eq!(
        browser.text(&browser.find(&format!("{SHOWN_AREA} h2.area-title"))),
        file["areas"][1]["title"].as_str().unwrap()
    );
    assert!(browser
        .text(&browser.find("[data-testid=progress]"))
        .starts_with("1 of"));
    browser.click(&browser.find(".steps .step"));
    assert!(checked(&browser, first_id, "2"));
    // The stand-in is gone: one first area on the page.
    assert_eq!(
        browser.execute(
            "return [...document.querySelectorAll('#app h2.area-title')].filter(h => h.textContent === arguments[0]).length",
            vec![file["areas"][0]["title"].clone()]
        ),
        json!(1)
    );
}

#[test]
fn a_key_pressed_while_the_static_area_stands_in_acts_on_the_apps_own_at_once() {
    let (server, browser) = held_page();
    // H (help) as the app takes over: the static copy cannot open help, so the app's own
    // first area must show in that same task, not once it is built a piece per task.
    at_the_takeover(
        &browser,
        "window.__standIn = document.querySelector('#app section.area:not([hidden])') === window.__static; \
         document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'h', bubbles: true })); \
         window.__afterKey = document.querySelector('#app section.area:not([hidden])') === window.__static;",
    );
    take_over(&server, &browser);
    assert_eq!(
        browser.execute("return [window.__standIn, window.__afterKey]", vec![]),
        json!([true, false]),
        "the static area stood in, and the key replaced it at once"
    );
    assert_eq!(
        browser.execute(
            "return document.querySelector('fieldset.question.current details').open",
            vec![]
        ),
        json!(true),
        "H opened the help of the first question on the app's own area"
    );
}

#[test]
fn an_area_half_built_when_the_room_moves_on_is_whole_when_it_comes_back() {
    let (server, browser) = held_page();
    let file = questionnaire();
    let first = &file["areas"][0];
    // The second area's step a few tasks after the takeover: the app's own first area is
    // then being built behind the static one, a piece per task.
    at_the_takeover(
        &browser,
        "const later = (n, f) => n ? setTimeout(() => later(n - 1, f), 0) : f(); \
         later(3, () => { \
           window.__cardsThen = document.querySelectorAll('#app section.area[hidden] fieldset.question').length; \
           document.querySelectorAll('.steps .step')[1].click(); \
         });",
    );
    take_over(&server, &browser);
    browser.wait_for(
        "the second area",
        &format!(
            "return document.querySelector('{SHOWN_AREA} h2.area-title')?.textContent === {}",
            file["areas"][1]["title"]
        ),
    );
    let questions = first["questions"].as_array().unwrap().len();
    let cards_then = browser
        .execute("return window.__cardsThen", vec![])
        .as_u64()
        .unwrap() as usize;
    assert!(
        0 < cards_then && cards_then < questions,
        "the step was clicked with {cards_then} of {questions} cards built behind the static area: the test no longer tests a half-built area"
    );
    browser.click(&browser.find(".steps .step"));
    assert_eq!(
        browser.text(&browser.find(&format!("{SHOWN_AREA} h2.area-title"))),
        first["title"].as_str().unwrap()
    );
    let ids: Vec<Value> = first["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].clone())
        .collect();
    assert_eq!(
        browser.execute(
            &format!("return [...document.querySelectorAll('{SHOWN_AREA} fieldset.question')].map(f => f.dataset.question)"),
            vec![]
        ),
        Value::Array(ids),
        "every question of the first area, once and in order"
    );
    assert_eq!(
        browser.execute(
            "return [...document.querySelectorAll('#app h2.area-title')].filter(h => h.textContent === arguments[0]).length",
            vec![first["title"].clone()]
        ),
        json!(1),
        "one first area on the page"
    );
}

/// Has the page, as the app takes it over, run `then` (JavaScript) once the microtasks of
/// that task have run (the app's effects run in them): still in that task, before the
/// browser paints.
fn after_the_takeover_task_s_effects(browser: &Session, then: &str) {
    at_the_takeover(
        browser,
        &format!(
            "const hop = (n, f) => n ? queueMicrotask(() => hop(n - 1, f)) : f(); \
             hop(200, () => {{ {then} }});"
        ),
    );
}

/// The summary at the top as JavaScript sees it: whether it is the static copy's (see
/// `at_the_takeover`), how many there are, and its progress line.
const SUMMARY_NOW: &str = "[document.querySelector('#app .summary') === window.__staticSummary, \
     document.querySelectorAll('#app .summary').length, \
     document.querySelector('#app .summary [data-testid=progress]')?.textContent]";

fn question_count() -> usize {
    questionnaire()["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["questions"].as_array().unwrap().len())
        .sum()
}

#[test]
fn the_static_summary_stands_in_until_the_app_built_its_own() {
    let (server, browser) = held_page();
    after_the_takeover_task_s_effects(&browser, &format!("window.__then = {SUMMARY_NOW};"));
    take_over(&server, &browser);
    let blank = format!("0 of {} answered", question_count());
    assert_eq!(
        browser.execute("return window.__then", vec![]),
        json!([true, 1, blank]),
        "the static summary shows at the end of the takeover task, once, after the heading"
    );
    assert_eq!(
        browser.execute(&format!("return {SUMMARY_NOW}"), vec![]),
        json!([false, 1, blank]),
        "then the app's own, saying the same"
    );
    assert_eq!(
        browser.execute(
            "return [...document.querySelector('#app .topbar .title').children].map(e => e.tagName + '.' + e.className)",
            vec![]
        ),
        json!(["H1.", "DIV.summary"])
    );
}

#[test]
fn an_answer_given_at_the_takeover_shows_in_the_summary_before_the_next_paint() {
    let (server, browser) = held_page();
    // Level 2 by key in the takeover task, while the static summary stands in: the app's
    // own must show it before the browser paints, not a task later.
    after_the_takeover_task_s_effects(
        &browser,
        &format!(
            "document.body.dispatchEvent(new KeyboardEvent('keydown', {{ key: '2', bubbles: true }})); \
             hop(200, () => {{ window.__then = {SUMMARY_NOW}; }});"
        ),
    );
    take_over(&server, &browser);
    assert_eq!(
        browser.execute("return window.__then", vec![]),
        json!([false, 1, format!("1 of {} answered", question_count())])
    );
}

/// What the app keeps in `localStorage` (key to text) after `act` on a fresh page of the
/// site in a browser of its own.
fn library_made_by_the_app(act: impl FnOnce(&Harness)) -> Value {
    let harness = Harness::start("/");
    harness.open_app();
    act(&harness);
    harness.browser.execute(
        "return Object.fromEntries(Object.entries(localStorage))",
        vec![],
    )
}

/// A custom questionnaire that repeats the built-in one's first area, title and question
/// ids and all, but words its first question its own way: the static copy cannot show it,
/// so the app's own first area must be on the page from the takeover task on.
#[test]
fn a_custom_questionnaire_is_never_shown_as_the_static_copy() {
    let mut custom = questionnaire();
    custom["id"] = json!("custom-wording");
    custom["title"] = json!("Our own wording");
    custom.as_object_mut().unwrap().remove("previous_versions");
    let wording = "Is the data our models learn from versioned, in our own words?";
    custom["areas"][0]["questions"][0]["prompt"] = json!(wording);
    let file = artifacts_dir().join("custom-wording.json");
    std::fs::write(&file, custom.to_string()).unwrap();

    // The library the app keeps after that questionnaire was loaded.
    let storage = library_made_by_the_app(|harness| {
        harness.load_questionnaire(&file);
        harness
            .browser
            .click(&harness.browser.find("[data-testid=tab-questions]"));
        harness.browser.wait_for(
            "the custom questionnaire",
            &format!("return document.querySelector('{SHOWN_AREA} legend')?.textContent.endsWith({wording:?})"),
        );
    });

    // A browser that has that library opens the site with the wasm held back.
    let (server, browser) = held_page_with_storage(&storage);
    after_the_takeover_task_s_effects(
        &browser,
        "const shown = document.querySelector('#app section.area:not([hidden])'); \
         window.__then = [shown === window.__static, shown?.querySelector('legend')?.textContent];",
    );
    take_over(&server, &browser);
    let then = browser.execute("return window.__then", vec![]);
    assert_eq!(then[0], json!(false), "the static area stood in: {then}");
    assert!(
        then[1]
            .as_str()
            .is_some_and(|legend| legend.ends_with(wording)),
        "{then}"
    );
}

/// The library is read in a task of its own before the takeover's, and the app's listener
/// for other tabs' writes comes only with the takeover: what another tab stores in between
/// must still reach the page.
#[test]
fn what_another_tab_stores_between_the_library_read_and_the_takeover_is_heard() {
    // A stored assessment with one answer.
    let storage = library_made_by_the_app(|harness| {
        harness.browser.press("2");
        harness.wait_for_answered(1);
    });
    let stored = storage
        .as_object()
        .unwrap()
        .iter()
        .find(|(key, _)| key.starts_with("mlops-maturity/assessment/"))
        .map(|(key, text)| json!([key, text]))
        .expect("the app stored the assessment");

    let (server, browser) = held_page();
    // The first `storage` listener is the one added as the library is read; a task after
    // that one, as another tab would, store that assessment (the browser tells the page
    // with a `storage` event, dispatched here by hand).
    browser.execute(
        "const [key, text] = arguments[0]; \
         const add = window.addEventListener; \
         window.addEventListener = function (type, ...rest) { \
           add.call(this, type, ...rest); \
           if (type !== 'storage' || window.__stored !== undefined) return; \
           window.__stored = null; \
           setTimeout(() => { \
             window.__stored = document.getElementById('app').hasAttribute('data-prerendered'); \
             localStorage.setItem(key, text); \
             window.dispatchEvent(new StorageEvent('storage', { key })); \
           }); \
         };",
        vec![stored],
    );
    take_over(&server, &browser);
    assert_eq!(
        browser.execute("return window.__stored", vec![]),
        json!(true),
        "stored before the takeover"
    );
    browser.click(&browser.find("[data-testid=tab-library]"));
    browser.wait_for(
        "both assessments in the library",
        "return document.querySelectorAll('[data-testid=library-entry]').length === 2",
    );
}

#[test]
fn the_static_first_screen_is_exactly_what_the_app_renders() {
    let index = std::fs::read_to_string(dist_dir().join("index.html")).unwrap();
    let start = index
        .find("<main id=\"app\" data-prerendered=\"\">")
        .expect("index.html carries the prerendered first screen");
    let shell = &index[start..index[start..].find("</main>").unwrap() + start];
    let first_screen = &shell[shell
        .find("</noscript>")
        .expect("the noscript message stays")
        + "</noscript>".len()..];

    let server = StaticServer::start(dist_dir(), "/");
    let browser = Session::start();
    browser.goto(&server.url(""));
    browser.wait_for(
        "the app",
        "return document.querySelector('#app .workshop fieldset.question legend') !== null",
    );
    browser.settle();
    let live = browser.execute(e2e::FIRST_SCREEN_HTML_JS, vec![]);
    assert_eq!(
        live.as_str().unwrap(),
        first_screen,
        "the build's static first screen differs from what the app renders: rebuild with scripts/build"
    );
}

#[test]
fn the_app_is_fetched_only_after_the_first_screen_is_painted() {
    let server = StaticServer::start(dist_dir(), "/");
    let browser = Session::start();
    browser.goto(&server.url(""));
    browser.wait_for(
        "the app to take over",
        "return document.querySelector('#app:not([data-prerendered]) .workshop') !== null",
    );
    // An order of events, not a duration. The first screen needs the HTML and the CSS only
    // (the small scripts it needs before the paint are written into the page); the app's
    // JS and wasm are asked for after the browser painted it.
    let fetched = browser.execute(
        "const paint = performance.getEntriesByName('first-contentful-paint')[0]; \
         if (!paint) return 'no first-contentful-paint entry'; \
         return performance.getEntriesByType('resource') \
           .filter(r => /\\.(js|wasm)$/.test(new URL(r.name).pathname)) \
           .map(r => [new URL(r.name).pathname, r.startTime >= paint.startTime, r.startTime, paint.startTime]);",
        vec![],
    );
    let fetched = fetched.as_array().unwrap_or_else(|| panic!("{fetched}"));
    let names: Vec<&str> = fetched.iter().filter_map(|f| f[0].as_str()).collect();
    assert!(
        names.iter().any(|n| n.ends_with("_bg.wasm")) && names.iter().any(|n| n.ends_with(".js")),
        "the app's JS and wasm should be among the page's resources: {names:?}"
    );
    let early: Vec<&Value> = fetched
        .iter()
        .filter(|f| f[1] != Value::Bool(true))
        .collect();
    assert!(
        early.is_empty(),
        "asked for before the first screen was drawn ([file, after, start, paint]): {early:?}"
    );
}

#[test]
fn the_service_worker_downloads_the_site_only_after_the_app_has_started() {
    // While the wasm is held back, the page has loaded everything else: its "load" event
    // has fired, and the worker (which would fetch the whole site again) is not asked for.
    let (server, browser) = held_page();
    browser.wait_for(
        "the page's load event",
        "return document.readyState === 'complete'",
    );
    browser.settle();
    let asked = server.requests();
    assert!(
        !asked.iter().any(|path| path.ends_with("/sw.js")),
        "the service worker was registered before the app started: {asked:?}"
    );
    take_over(&server, &browser);
    browser.wait_for(
        "the service worker",
        "return navigator.serviceWorker.getRegistration().then(r => !!r)",
    );
    let asked = server.requests();
    let at = |what: &dyn Fn(&String) -> bool| asked.iter().position(what);
    let wasm = at(&|path| path.ends_with("_bg.wasm")).expect("the app's wasm was fetched");
    let worker = at(&|path| path.ends_with("/sw.js")).expect("the worker was fetched");
    assert!(wasm < worker, "{asked:?}");
}

/// The site with its wasm replaced by bytes that are not WebAssembly.
fn site_with_a_damaged_wasm() -> std::path::PathBuf {
    let copy = e2e::copy_of_dist("damaged-wasm");
    let wasm = std::fs::read_dir(&copy)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().ends_with("_bg.wasm"))
        .expect("the build's wasm");
    std::fs::write(wasm, b"this is not WebAssembly").unwrap();
    copy
}

fn says_it_could_not_start(browser: &Session) {
    browser.wait_for(
        "the message that the app could not start",
        "return document.getElementById('startup-failed') !== null",
    );
    let message = browser.text(&browser.find("#startup-failed"));
    assert!(
        message.starts_with("The assessment could not start in this browser")
            && message.contains("Nothing can be answered or saved"),
        "{message}"
    );
    // The static copy stays readable, and takes no answer that would be lost.
    assert_eq!(
        browser.execute(
            "return [document.querySelector('#app[data-prerendered] fieldset.question legend') !== null, [...document.querySelectorAll('#app input, #app textarea')].every(e => e.disabled)]",
            vec![]
        ),
        json!([true, true])
    );
}

#[test]
fn a_damaged_download_is_reported_and_the_static_copy_takes_no_answers() {
    let server = StaticServer::start(site_with_a_damaged_wasm(), "/");
    let browser = Session::start();
    browser.open_without_waiting(&server.url(""));
    says_it_could_not_start(&browser);
}

#[test]
fn a_browser_without_webassembly_is_told_so() {
    let server = StaticServer::start(dist_dir(), "/");
    let browser = Session::start();
    // Chromium only: the page must run with WebAssembly taken away before any script.
    if browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "delete window.WebAssembly;" }),
        )
        .is_none()
    {
        println!("needs DevTools to remove WebAssembly: checked in the Chromium run");
        return;
    }
    browser.open_without_waiting(&server.url(""));
    says_it_could_not_start(&browser);
    assert!(browser
        .text(&browser.find("#startup-failed"))
        .contains("it does not run WebAssembly"));
}

/// A first screen that arrives slowly never moves as the rest of it comes (CLS 0 on a slow
/// connection or machine, where the browser paints what it has parsed so far). Here the
/// page comes in two pieces 600 ms apart, cut in two places that once moved:
/// - inside the sticky bar's tabs, which grew leftwards as their buttons came: the first
///   paint now waits until the element after the tabs is parsed (`index.html`'s
///   `rel="expect"` link), so the first frame already has every tab;
/// - inside the keys' legend, whose keys' column widened as the longer keys came: it is
///   as wide as its widest key from the start (the legend is painted in part here, as it
///   should be: what follows the bar is not held back).
///
/// Chromium only: Firefox supports neither `rel=expect` nor layout-shift entries.
#[test]
fn a_first_screen_that_arrives_in_pieces_never_moves() {
    for (cut, counted, partly) in [
        (
            "<button type=\"button\" data-testid=\"tab-results\"",
            ".tabs button",
            false,
        ),
        ("<dt><kbd>J", ".legend dt", true),
    ] {
        let server = StaticServer::start(dist_dir(), "/");
        let browser = Session::start_eager();
        if browser.engine() != e2e::webdriver::Engine::Chromium {
            eprintln!("checked in the Chromium run");
            return;
        }
        server.hold_wasm();
        server.trickle_page(cut);
        let watch = format!(
            "window.__shift = 0; \
             new PerformanceObserver((l) => {{ for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; }}).observe({{ type: 'layout-shift', buffered: true }}); \
             requestAnimationFrame(() => {{ window.__firstFrame = document.querySelectorAll('{counted}').length; }});"
        );
        assert!(browser.devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": watch }),
        ));
        browser.open_without_waiting(&server.url(""));
        browser.wait_for(
            "the page parsed and painted",
            "return document.readyState !== 'loading' && window.__firstFrame !== undefined",
        );
        browser.settle();
        let count = |script: &str| browser.execute(script, vec![]).as_u64().expect("a count");
        let whole = count(&format!(
            "return document.querySelectorAll('{counted}').length"
        ));
        let first_frame = count("return window.__firstFrame");
        assert!(whole >= 5, "{counted}: {whole}");
        if partly {
            assert!(
                first_frame < whole,
                "cut before {cut}: the first frame was meant to show part of {counted} ({first_frame} of {whole})"
            );
        } else {
            assert_eq!(
                first_frame, whole,
                "cut before {cut}: the first frame showed part of {counted}"
            );
        }
        let shift = browser
            .execute("return window.__shift", vec![])
            .as_f64()
            .expect("a number");
        assert_eq!(shift, 0.0, "cut before {cut}: the page moved as it arrived");
    }
}
