//! A browser driver process (ChromeDriver or geckodriver) and a session on it, through the
//! fantoccini WebDriver client. `E2E_BROWSER=firefox` picks Firefox; Chromium is the
//! default. The tests are plain blocking code: each call runs on this session's own
//! single-threaded runtime. Elements are handed to tests as W3C element references (JSON),
//! the form scripts return them in too, so a test can find a button with a script and click
//! it.

use fantoccini::elements::{Element, ElementRef};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long `wait_for` polls before failing.
const WAIT: Duration = Duration::from_secs(20);

/// Chromium flags for a quiet headless run on a machine without outside network.
const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,720",
];

/// The browser engine a run drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
}

impl Engine {
    /// The engine this test run drives: `E2E_BROWSER=firefox` or Chromium.
    pub fn under_test() -> Self {
        match std::env::var("E2E_BROWSER").as_deref() {
            Ok("firefox") => Engine::Firefox,
            Ok("chromium") | Err(_) => Engine::Chromium,
            Ok(other) => panic!("E2E_BROWSER={other}: use chromium or firefox"),
        }
    }
}

/// The driver process; killed when dropped, even if a test panics while starting.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A WebDriver command fantoccini has no method for (ChromeDriver's log and DevTools
/// endpoints, W3C actions as JSON): a method, a path below the session and a body.
#[derive(Debug)]
struct Raw {
    method: &'static str,
    path: String,
    body: Option<Value>,
}

impl WebDriverCompatibleCommand for Raw {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}{}", self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let method = http::Method::from_bytes(self.method.as_bytes()).expect("an HTTP method");
        (method, self.body.as_ref().map(Value::to_string))
    }
}

/// A browser session; the browser and its driver end when this is dropped.
pub struct Session {
    engine: Engine,
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    // Held only to end ChromeDriver when the session is dropped.
    _driver: Driver,
    profile: PathBuf,
    downloads: PathBuf,
}

impl Session {
    /// Starts the driver of the engine under test on a free loopback port and opens a
    /// headless session with downloads going to a folder of its own.
    pub fn start() -> Self {
        Self::start_with(false)
    }

    /// A session whose navigation returns once the document is parsed (page load strategy
    /// "eager"), not when every resource has arrived: for looking at a page whose wasm is
    /// held back.
    pub fn start_eager() -> Self {
        Self::start_with(true)
    }

    fn start_with(eager: bool) -> Self {
        let engine = Engine::under_test();
        let tool = |variable: &str, default: &str| {
            let path = std::env::var(variable).unwrap_or_else(|_| default.into());
            assert!(
                Path::new(&path).exists(),
                "{path} is missing: run scripts/test, which installs the browsers and their drivers"
            );
            path
        };
        let (driver_path, browser_path) = match engine {
            Engine::Chromium => (
                tool("CHROMEDRIVER", "/usr/bin/chromedriver"),
                tool("CHROME_BIN", "/usr/bin/chromium"),
            ),
            Engine::Firefox => (
                tool("GECKODRIVER", "geckodriver"),
                tool("FIREFOX_BIN", "/usr/bin/firefox-esr"),
            ),
        };
        let port = free_port();
        let driver = Driver(
            Command::new(&driver_path)
                .args(match engine {
                    Engine::Chromium => vec![format!("--port={port}")],
                    Engine::Firefox => vec![
                        format!("--port={port}"),
                        "--host=127.0.0.1".into(),
                        format!("--websocket-port={}", free_port()),
                    ],
                })
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("could not start {driver_path}: {e}")),
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the WebDriver client");

        let profile = std::env::temp_dir().join(format!("mlops-e2e-profile-{port}"));
        let downloads = std::env::temp_dir().join(format!("mlops-e2e-downloads-{port}"));
        let _ = std::fs::remove_dir_all(&downloads);
        std::fs::create_dir_all(&downloads).expect("create the download folder");
        let capabilities = match engine {
            Engine::Chromium => {
                let mut args: Vec<String> = CHROME_ARGS.iter().map(|a| a.to_string()).collect();
                args.push(format!("--user-data-dir={}", profile.display()));
                // `E2E_CHROME_EXTRA_ARGS` adds Chromium flags, `{port}` in them naming this
                // session, for looking into a run: `--trace-startup=devtools.timeline,blink,cc
                // --trace-startup-format=json --trace-startup-file=/tmp/trace-{port}.json`
                // records each browser's frames for a trace viewer. No test sets it.
                if let Ok(extra) = std::env::var("E2E_CHROME_EXTRA_ARGS") {
                    let port = port.to_string();
                    args.extend(extra.split_whitespace().map(|a| a.replace("{port}", &port)));
                }
                let mut capabilities = json!({
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": browser_path,
                        "args": args,
                        "prefs": {
                            "download.default_directory": downloads.display().to_string(),
                            "download.prompt_for_download": false
                        }
                    },
                    "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" }
                });
                // `E2E_TRACE_CATEGORIES=devtools.timeline,...` records a Chromium trace into the
                // performance log (`Tracing.dataCollected` entries), for looking into where a
                // frame's time goes; no test sets it.
                if let Ok(categories) = std::env::var("E2E_TRACE_CATEGORIES") {
                    capabilities["goog:chromeOptions"]["perfLoggingPrefs"] =
                        json!({ "traceCategories": categories });
                }
                capabilities
            }
            Engine::Firefox => json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": browser_path,
                    "args": ["-headless", "-width=1280", "-height=720"],
                    "prefs": {
                        "browser.download.folderList": 2,
                        "browser.download.dir": downloads.display().to_string(),
                        "browser.download.useDownloadDir": true,
                        "browser.download.always_ask_before_handling_new_types": false,
                        "browser.download.manager.showWhenStarting": false,
                        "browser.helperApps.neverAsk.saveToDisk":
                            "application/json,text/csv,text/markdown,image/svg+xml,text/plain",
                        "network.captive-portal-service.enabled": false,
                        "app.update.enabled": false,
                        "browser.shell.checkDefaultBrowser": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "toolkit.telemetry.enabled": false
                    }
                }
            }),
        };
        let Value::Object(mut capabilities) = capabilities else {
            unreachable!("capabilities are an object")
        };
        if eager {
            capabilities.insert("pageLoadStrategy".into(), json!("eager"));
        }
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        // The driver takes a moment to listen; a refused connection means "not yet".
        let client = loop {
            let mut builder =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            builder.capabilities(capabilities.clone());
            match runtime.block_on(builder.connect(&url)) {
                Ok(client) => break client,
                Err(error) => {
                    assert!(
                        started.elapsed() < WAIT * 2,
                        "could not open a browser session on {url}: {error}"
                    );
                    std::thread::sleep(Duration::from_millis(200));
                }
            }
        };
        let session = Session {
            engine,
            runtime,
            client: Some(client),
            _driver: driver,
            profile,
            downloads,
        };
        // Headless Chromium needs downloads allowed explicitly.
        session.devtools(
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": session.downloads.display().to_string() }),
        );
        session
    }

    /// The engine this session drives.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Sends a Chrome DevTools command; false in Firefox, which has no such endpoint, so
    /// the caller leaves out what needs it (and says so).
    pub fn devtools(&self, command: &str, params: Value) -> bool {
        if self.engine != Engine::Chromium {
            return false;
        }
        self.command(
            "POST",
            "/chromium/send_command",
            Some(json!({ "cmd": command, "params": params })),
        );
        true
    }

    /// Sends a Chrome DevTools command and returns its result (`None` in Firefox).
    pub fn cdp(&self, command: &str, params: Value) -> Option<Value> {
        if self.engine != Engine::Chromium {
            return None;
        }
        Some(self.command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": command, "params": params })),
        ))
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("the session is open")
    }

    /// Runs one fantoccini call to its end, failing the test with `what` on an error.
    fn run<T, E: std::fmt::Display>(
        &self,
        what: &str,
        call: impl std::future::Future<Output = Result<T, E>>,
    ) -> T {
        self.runtime
            .block_on(call)
            .unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    /// The element a W3C element reference names.
    fn element(&self, reference: &Value) -> Element {
        let id = reference
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("not an element reference: {reference}"));
        Element::from_element_id(self.client().clone(), ElementRef::from(id.to_string()))
    }

    /// Exports the open assessment from Results and returns the file's text (the
    /// download folder is emptied again).
    pub fn export_open_assessment(&self) -> String {
        self.click_testid("tab-results");
        self.click_testid("export-assessment");
        let (_, text) = self.downloaded(".assessment.json");
        self.clear_downloads();
        text
    }

    /// Waits for a finished download whose name ends with `suffix` and returns its name and
    /// text.
    pub fn downloaded(&self, suffix: &str) -> (String, String) {
        let started = Instant::now();
        loop {
            let found = std::fs::read_dir(&self.downloads)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .find(|path| path.to_string_lossy().ends_with(suffix));
            if let Some(path) = found {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    if !text.is_empty() {
                        let name = path.file_name().unwrap().to_string_lossy().to_string();
                        return (name, text);
                    }
                }
            }
            assert!(
                started.elapsed() < WAIT,
                "no download ending in {suffix} appeared"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks the element with this `data-testid`.
    pub fn click_testid(&self, testid: &str) {
        self.click(&self.find(&format!("[data-testid={testid}]")));
    }

    /// Waits until an element matches `css`.
    pub fn wait_for_element(&self, css: &str) {
        self.wait_for(
            css,
            &format!("return document.querySelector('{css}') !== null"),
        );
    }

    /// Makes every write to the page's storage fail as a full quota does, until
    /// [`Session::free_storage`].
    pub fn fill_storage(&self) {
        self.execute(
            "window.realSetItem = window.realSetItem || Storage.prototype.setItem; \
             Storage.prototype.setItem = function () { \
               throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };",
            vec![],
        );
    }

    /// Lets writes to the page's storage succeed again after [`Session::fill_storage`].
    pub fn free_storage(&self) {
        self.execute("Storage.prototype.setItem = window.realSetItem;", vec![]);
    }

    /// Waits for the app's notice, returns its text and dismisses it.
    pub fn take_notice(&self) -> String {
        self.wait_for_element("[data-testid=notice]");
        let text = self.text(&self.find("[data-testid=notice]"));
        self.execute(
            "const n = document.querySelector('[data-testid=notice] button'); if (n) n.click();",
            vec![],
        );
        text
    }

    /// Waits for what an opened share link offers, checks that it offers `offered` (as
    /// "an assessment for <client>: <answered> of <total>"), imports it and checks that it
    /// became a new entry.
    pub fn import_shared_offer(&self, offered: &str) {
        self.wait_for_element("[data-testid=shared-offer]");
        let offer = self.text(&self.find("[data-testid=shared-offer]"));
        assert!(offer.contains(offered), "{offer}");
        self.click_testid("import-shared");
        let said = self.take_notice();
        assert!(said.contains("as a new entry"), "{said}");
    }

    /// Removes every file downloaded so far, so the next `downloaded` sees only new ones
    /// (a browser saves a second file of the same name as "name (1).ext").
    pub fn clear_downloads(&self) {
        for entry in std::fs::read_dir(&self.downloads)
            .into_iter()
            .flatten()
            .flatten()
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }

    /// Presses keys on whatever has focus, as a person typing. WebDriver key codes such as
    /// `\u{E015}` (arrow down) work too.
    pub fn press(&self, keys: &str) {
        let mut actions = Vec::new();
        for key in keys.chars() {
            actions.push(json!({ "type": "keyDown", "value": key.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": key.to_string() }));
        }
        self.command(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
        self.until_view_loaded();
    }

    /// Waits while a view's code is still arriving (the app's "Loading this view…").
    fn until_view_loaded(&self) {
        if self.view_loading() {
            self.wait_for(
                "the view's code",
                "return document.querySelector('[data-testid=view-loading]') === null",
            );
        }
    }

    pub fn refresh(&self) {
        self.run("refresh", self.client().refresh());
        self.until_taken_over();
    }

    /// The release page starts as a static copy of the first screen (`data-prerendered`)
    /// until the wasm takes over, and the copy's first area and summary (`data-stand-in`)
    /// stand in for the app's own a few tasks longer; tests act on the live app, so
    /// navigation waits for all of them to go.
    /// A page without the copy, or one whose app never starts, returns at once or after
    /// the usual wait, and the test's own waits then say what is missing.
    fn until_taken_over(&self) {
        let started = Instant::now();
        while started.elapsed() < WAIT {
            let waiting = self.execute(
                "return document.querySelector('[data-prerendered], [data-stand-in]') !== null",
                vec![],
            );
            if waiting != Value::Bool(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens a new tab and returns its handle; the session stays on the current one.
    pub fn new_tab(&self) -> String {
        let created = self.run("open a tab", self.client().new_window(true));
        String::from(created.handle)
    }

    pub fn current_tab(&self) -> String {
        String::from(self.run("the current tab", self.client().window()))
    }

    pub fn switch_to(&self, handle: &str) {
        let handle = fantoccini::wd::WindowHandle::try_from(handle.to_string())
            .unwrap_or_else(|e| panic!("bad window handle {handle}: {e}"));
        self.run("switch tabs", self.client().switch_to_window(handle));
    }

    /// Sends a command fantoccini has no method for and returns its `value`.
    pub fn command(&self, method: &'static str, path: &str, body: Option<Value>) -> Value {
        let raw = Raw {
            method,
            path: path.to_string(),
            body,
        };
        self.run(&format!("{method} {path}"), self.client().issue_cmd(raw))
    }

    /// The address the page shows.
    pub fn current_url(&self) -> String {
        self.run("the current address", self.client().current_url())
            .to_string()
    }

    pub fn goto(&self, url: &str) {
        self.open_without_waiting(url);
        self.until_taken_over();
    }

    /// Opens `url` and returns as soon as the page has loaded, with the static first
    /// screen possibly still waiting for the app.
    pub fn open_without_waiting(&self, url: &str) {
        self.run(&format!("open {url}"), self.client().goto(url));
    }

    /// Waits for two animation frames, so the work a change caused (effects, style,
    /// layout, paint) is done.
    pub fn settle(&self) {
        self.execute_async(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        );
    }

    /// Runs a synchronous script in the page and returns its result.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.run("a script", self.client().execute(script, args))
    }

    /// Runs an asynchronous script; it finishes by calling its last argument.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.run("an async script", self.client().execute_async(script, args))
    }

    /// Polls `script` until it returns `true`; fails with `what` and the page text otherwise.
    pub fn wait_for(&self, what: &str, script: &str) {
        let started = Instant::now();
        loop {
            if self.execute(script, vec![]) == Value::Bool(true) {
                return;
            }
            if started.elapsed() > WAIT {
                let text = self.execute(
                    "return document.body ? document.body.innerText.slice(0, 1500) : ''",
                    vec![],
                );
                let logs = self.log("browser");
                panic!("timed out waiting for {what}.\npage text: {text}\nconsole: {logs:#?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Every element matching a CSS selector, as W3C element references.
    /// When nothing matches while a view's code is still arriving (the app's "Loading this
    /// view…"), waits for the view and looks again.
    pub fn find_all(&self, css: &str) -> Vec<Value> {
        let found = |session: &Self| -> Vec<Value> {
            session
                .run(css, session.client().find_all(Locator::Css(css)))
                .into_iter()
                .map(|element| serde_json::to_value(element).expect("an element reference"))
                .collect()
        };
        let elements = found(self);
        if !elements.is_empty() {
            return elements;
        }
        // Looked again in any case: the view may have arrived between the two looks.
        self.until_view_loaded();
        found(self)
    }

    /// Whether a view is waiting for its part of the wasm.
    fn view_loading(&self) -> bool {
        self.execute(
            "return document.querySelector('[data-testid=view-loading]') !== null",
            vec![],
        )
        .as_bool()
        .unwrap_or(false)
    }

    /// The first element matching `css`; fails if there is none.
    pub fn find(&self, css: &str) -> Value {
        self.find_all(css).into_iter().next().unwrap_or_else(|| {
            let text = self.execute("return document.body.innerText.slice(0, 600)", vec![]);
            panic!("no element matches {css}; the page shows: {text}")
        })
    }

    /// The button labelled exactly `label` inside the elements matching `scope`.
    pub fn button(&self, scope: &str, label: &str) -> Value {
        self.find_all(&format!("{scope} button"))
            .into_iter()
            .find(|b| self.text(b) == label)
            .unwrap_or_else(|| panic!("no button \"{label}\" in {scope}"))
    }

    pub fn text(&self, element: &Value) -> String {
        self.run("text", self.element(element).text())
    }

    /// Empties an input field.
    pub fn clear(&self, element: &Value) {
        self.run("clear", self.element(element).clear());
    }

    /// Clicks an element after bringing it to the middle of the window, as a person scrolls
    /// to what they click: the app's sticky bar would otherwise cover elements that the
    /// driver scrolls only to the edge (geckodriver does). A click that opens a view whose
    /// code is still arriving returns once the view is there.
    pub fn click(&self, element: &Value) {
        self.execute(
            "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' })",
            vec![element.clone()],
        );
        self.run("click", self.element(element).click());
        self.until_view_loaded();
    }

    /// Types `text` into an element; for `<input type="file">` the text is a file path.
    pub fn send_keys(&self, element: &Value, text: &str) {
        self.run("send keys", self.element(element).send_keys(text));
    }

    /// Saves a PNG of the viewport, for people to look at after the run.
    pub fn screenshot(&self, file: &Path) {
        let png = self.run("screenshot", self.client().screenshot());
        std::fs::write(file, png).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
    }

    /// Drains a ChromeDriver log: `browser` (console) or `performance` (network events).
    /// geckodriver keeps no such logs: in Firefox this is empty, and the console and
    /// network checks are made by the Chromium run.
    pub fn log(&self, kind: &str) -> Vec<Value> {
        if self.engine != Engine::Chromium {
            return Vec::new();
        }
        self.command("POST", "/se/log", Some(json!({ "type": kind })))
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
        // Dropping `driver` afterwards ends ChromeDriver.
        let _ = std::fs::remove_dir_all(&self.profile);
        let _ = std::fs::remove_dir_all(&self.downloads);
    }
}

/// A port nothing listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}
