//! Support for the end-to-end tests: a loopback static server for `dist/`, a ChromeDriver
//! process, and a small W3C WebDriver client.
//!
//! The client speaks plain HTTP/1.1 to ChromeDriver over a `TcpStream`, so these tests need
//! no async runtime and build in seconds. Every failure panics with a message that says what
//! to do, because a browser layer that cannot run must fail loudly.

pub mod runs;
pub mod server;
pub mod webdriver;

use std::path::PathBuf;

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// The release build under test. Panics with the command to run when it is missing.
pub fn dist_dir() -> PathBuf {
    // `E2E_DIST` points at another build (e.g. one with function names, for profiling).
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no release build at {}: run `scripts/build` first (scripts/test does)",
        dist.display()
    );
    dist
}

/// A fresh copy of `dist/` under `target/e2e/<name>`, for tests that change the site.
pub fn copy_of_dist(name: &str) -> PathBuf {
    let copy = artifacts_dir().join(name);
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).expect("create the copy");
    for entry in std::fs::read_dir(dist_dir()).expect("read dist") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, copy.join(path.file_name().unwrap())).expect("copy a file");
        }
    }
    copy
}

/// Where tests leave screenshots and other artifacts for people to look at.
pub fn artifacts_dir() -> PathBuf {
    let dir = repo_root().join("target/e2e");
    std::fs::create_dir_all(&dir).expect("create target/e2e");
    dir
}

/// A browser page with the app served from `dist/`, ready to drive.
pub struct Harness {
    pub server: server::StaticServer,
    pub browser: webdriver::Session,
}

impl Harness {
    /// Serves `dist/` under `prefix` (such as `/` or `/some-repo/`) and opens a fresh browser.
    pub fn start(prefix: &str) -> Self {
        Self::serving(dist_dir(), prefix)
    }

    /// Serves another folder, such as a copy of `dist/` that a test changes.
    pub fn serving(root: PathBuf, prefix: &str) -> Self {
        let server = server::StaticServer::start(root, prefix);
        let browser = webdriver::Session::start();
        Harness { server, browser }
    }

    /// Loads the app and waits until it has replaced the static loading shell.
    pub fn open_app(&self) {
        self.browser.goto(&self.server.url(""));
        self.wait_for_mount();
    }

    /// Waits until the app on the current page has replaced the static loading shell
    /// (or shows its start-up alert), without navigating.
    pub fn wait_for_mount(&self) {
        self.browser.wait_for(
            "the app to mount",
            "return document.querySelector('#app .workshop, #app [role=alert]') !== null",
        );
    }

    /// Picks a questionnaire file in the Assessments view (valid or not: the caller waits
    /// for what it expects).
    pub fn load_questionnaire(&self, file: &std::path::Path) {
        self.browser
            .click(&self.browser.find("[data-testid=tab-library]"));
        let input = self.browser.find("[data-testid=questionnaire-file]");
        self.browser.send_keys(&input, &file.display().to_string());
    }

    /// Loads the three-area fixture questionnaire and waits for its new assessment.
    pub fn load_three_areas(&self) {
        self.load_questionnaire(
            &repo_root().join("tests/fixtures/questionnaires/three-areas.json"),
        );
        self.browser.wait_for(
            "the custom questionnaire",
            "return document.querySelector('[data-testid=progress]').textContent.endsWith('of 4 answered')",
        );
    }

    /// Replaces the site's localStorage with `items` (key → text) and reloads the app on it.
    pub fn reload_with_storage(&self, items: &serde_json::Value) {
        self.browser.execute(
            "localStorage.clear(); for (const [k, v] of Object.entries(arguments[0])) localStorage.setItem(k, v);",
            vec![items.clone()],
        );
        self.browser.refresh();
        self.browser.wait_for(
            "the app to mount",
            "return document.querySelector('#app .workshop') !== null",
        );
    }

    /// The library stored by release 1 (`tests/fixtures/storage/v1-library.json`).
    pub fn release_1_library() -> serde_json::Value {
        let path = repo_root().join("tests/fixtures/storage/v1-library.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// Opens the library entry with this name.
    pub fn open_entry_named(&self, name: &str) {
        self.browser
            .click(&self.browser.find("[data-testid=tab-library]"));
        let open = self.browser.execute(
            "const entry = [...document.querySelectorAll('[data-testid=library-entry]')] \
               .find(e => e.querySelector('.entry-name').textContent === arguments[0]); \
             return [...entry.querySelectorAll('button')].find(b => b.textContent === 'Open');",
            vec![serde_json::Value::String(name.to_string())],
        );
        self.browser.click(&open);
    }

    /// The answered count shown in the top bar, e.g. "6 of 29 answered".
    pub fn progress(&self) -> String {
        self.browser
            .text(&self.browser.find("[data-testid=progress]"))
    }

    /// Fails, saying `why` and what the top bar shows, unless no question is answered.
    pub fn assert_nothing_answered(&self, why: &str) {
        let progress = self.progress();
        assert!(progress.starts_with("0 of"), "{why}: {progress}");
    }

    /// Waits until the top bar counts `count` answers.
    pub fn wait_for_answered(&self, count: usize) {
        self.browser.wait_for(
            &format!("{count} answers"),
            &format!(
                "return document.querySelector('[data-testid=progress]').textContent.startsWith('{count} of')"
            ),
        );
    }

    /// Waits until the service worker controls the page, so it works offline from now on.
    pub fn wait_for_offline_ready(&self) {
        self.browser.wait_for(
            "the service worker to take control",
            "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)",
        );
    }

    /// Fails the test on any SEVERE browser console entry and on any request that went
    /// somewhere other than the test server.
    pub fn assert_clean_run(&self) {
        self.assert_clean_run_but_for_missing(&[]);
    }

    /// As `assert_clean_run`, except that each of `missing` (full URLs) may have been
    /// answered 404: the console reports that as SEVERE even where the page expects it,
    /// such as the site's own 404.html served for a path that does not exist.
    pub fn assert_clean_run_but_for_missing(&self, missing: &[String]) {
        let expected: Vec<String> = missing
            .iter()
            .map(|url| {
                format!("{url} - Failed to load resource: the server responded with a status of 404 (Not Found)")
            })
            .collect();
        let severe: Vec<String> = self
            .browser
            .log("browser")
            .into_iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
            .filter(|message| !expected.contains(message))
            .collect();
        assert!(severe.is_empty(), "SEVERE console entries: {severe:#?}");

        let origin = self.server.origin();
        let foreign: Vec<String> = requested_urls(&self.browser.log("performance"))
            .into_iter()
            .filter(|url| is_foreign(url, &origin))
            .collect();
        assert!(
            foreign.is_empty(),
            "requests to hosts other than {origin}: {foreign:#?}"
        );
    }
}

/// Runs axe-core on the current page for WCAG 2.1 A and AA and returns one line per
/// violation. Needs `AXE_CORE_JS` (scripts/test installs axe-core and sets it).
pub fn accessibility_violations(browser: &webdriver::Session) -> Vec<String> {
    let path = std::env::var("AXE_CORE_JS").expect(
        "AXE_CORE_JS is not set: run the e2e tests through scripts/test, which installs axe-core",
    );
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read axe-core at {path}: {e}"));
    browser.execute(&source, vec![]);
    let result = browser.execute_async(
        "const done = arguments[arguments.length - 1]; \
         axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }) \
           .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + \
                 v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')))) \
           .catch(e => done(['axe failed: ' + e]));",
        vec![],
    );
    result
        .as_array()
        .expect("axe returns a list")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

/// The URLs of every request found in a ChromeDriver performance log.
pub fn requested_urls(performance_log: &[serde_json::Value]) -> Vec<String> {
    performance_log
        .iter()
        .filter_map(|entry| entry["message"].as_str())
        .filter_map(|message| serde_json::from_str::<serde_json::Value>(message).ok())
        .filter(|message| message["message"]["method"] == "Network.requestWillBeSent")
        .filter_map(|message| {
            message["message"]["params"]["request"]["url"]
                .as_str()
                .map(str::to_string)
        })
        .collect()
}

/// Whether `url` is a network request that leaves the test origin. Only network schemes
/// count: inline (data:, blob:, about:) and browser-internal (chrome:) URLs go nowhere.
pub fn is_foreign(url: &str, origin: &str) -> bool {
    let network_scheme = ["http:", "https:", "ws:", "wss:", "ftp:"]
        .iter()
        .any(|scheme| url.starts_with(scheme));
    if !network_scheme {
        return false;
    }
    let same_origin = url == origin
        || url
            .strip_prefix(origin)
            .is_some_and(|rest| rest.starts_with('/'));
    !same_origin
}

/// The area of the Questions view on screen: the app keeps the areas it built on the page,
/// hidden, so a selector for what the room sees starts here.
pub const SHOWN_AREA: &str = "section.area:not([hidden])";

/// A script returning the app's HTML as the static first screen carries it: a textarea's
/// content written as its value (the live DOM keeps a renderer's marker comment inside
/// textareas, which HTML would read back as text), and without the areas the app built
/// and keeps hidden (the first screen shows one area).
pub const FIRST_SCREEN_HTML_JS: &str =
    "const app = document.getElementById('app').cloneNode(true); \
    app.querySelectorAll('textarea').forEach(t => { t.textContent = t.value; }); \
    app.querySelectorAll('.questions-main > section.area[hidden]').forEach(a => a.remove()); \
    return app.innerHTML;";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn foreign_urls_are_those_outside_the_test_origin() {
        let origin = "http://127.0.0.1:4000";
        assert!(!is_foreign("http://127.0.0.1:4000/", origin));
        assert!(!is_foreign("http://127.0.0.1:4000/app-1a2b.wasm", origin));
        assert!(!is_foreign("data:image/svg+xml,abc", origin));
        assert!(!is_foreign("blob:http://127.0.0.1:4000/1234", origin));
        assert!(!is_foreign("chrome://new-tab-page/", origin));
        assert!(is_foreign("http://127.0.0.1:4001/", origin));
        assert!(is_foreign("http://127.0.0.1:40000/", origin));
        assert!(is_foreign("https://fonts.example.com/font.woff2", origin));
        assert!(is_foreign("http://localhost:4000/", origin));
    }

    #[test]
    fn requested_urls_reads_request_events_only() {
        let event = |method: &str, url: &str| {
            let inner = json!({"message": {"method": method, "params": {"request": {"url": url}}}});
            json!({"level": "INFO", "message": inner.to_string()})
        };
        let log = vec![
            event("Network.requestWillBeSent", "http://a/1"),
            event("Network.responseReceived", "http://a/2"),
            event("Network.requestWillBeSent", "https://b/3"),
            json!({"level": "INFO", "message": "not json"}),
        ];
        assert_eq!(requested_urls(&log), vec!["http://a/1", "https://b/3"]);
    }
}
