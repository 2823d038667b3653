//! A ChromeDriver process and a minimal W3C WebDriver session, over blocking HTTP/1.1.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
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

/// The ChromeDriver process; killed when dropped, even if a test panics while starting.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A browser session; the browser and its driver end when this is dropped.
pub struct Session {
    // Held only to end ChromeDriver when the session is dropped.
    _driver: Driver,
    port: u16,
    id: String,
    profile: PathBuf,
    downloads: PathBuf,
}

impl Session {
    /// Starts ChromeDriver on a free loopback port and opens a headless Chromium session.
    pub fn start() -> Self {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        for tool in [&chromedriver, &chromium] {
            assert!(
                Path::new(tool).exists(),
                "{tool} is missing: run scripts/test, which installs chromium and chromium-driver"
            );
        }
        let port = free_port();
        let driver = Driver(
            Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("could not start {chromedriver}: {e}")),
        );

        let started = Instant::now();
        while http(port, "GET", "/status", None)
            .map(|v| v["value"]["ready"] != true)
            .unwrap_or(true)
        {
            assert!(
                started.elapsed() < WAIT,
                "chromedriver did not become ready on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }

        let profile = std::env::temp_dir().join(format!("mlops-e2e-profile-{port}"));
        let downloads = std::env::temp_dir().join(format!("mlops-e2e-downloads-{port}"));
        let _ = std::fs::remove_dir_all(&downloads);
        std::fs::create_dir_all(&downloads).expect("create the download folder");
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": args,
                        "prefs": {
                            "download.default_directory": downloads.display().to_string(),
                            "download.prompt_for_download": false
                        }
                    },
                    "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" }
                }
            }
        });
        let created = http(port, "POST", "/session", Some(&capabilities))
            .unwrap_or_else(|e| panic!("could not create a browser session: {e}"));
        let id = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {created}"))
            .to_string();
        let session = Session {
            _driver: driver,
            port,
            id,
            profile,
            downloads,
        };
        // Headless Chromium needs downloads allowed explicitly.
        session.command(
            "POST",
            "/chromium/send_command",
            Some(json!({
                "cmd": "Browser.setDownloadBehavior",
                "params": { "behavior": "allow", "downloadPath": session.downloads.display().to_string() }
            })),
        );
        session
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
    }

    pub fn refresh(&self) {
        self.command("POST", "/refresh", Some(json!({})));
    }

    /// Opens a new tab and returns its handle; the session stays on the current one.
    pub fn new_tab(&self) -> String {
        let created = self.command("POST", "/window/new", Some(json!({ "type": "tab" })));
        created["handle"]
            .as_str()
            .expect("window handle")
            .to_string()
    }

    pub fn current_tab(&self) -> String {
        self.command("GET", "/window", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn switch_to(&self, handle: &str) {
        self.command("POST", "/window", Some(json!({ "handle": handle })));
    }

    /// Sends a command to this session and returns its `value`, panicking on a WebDriver error.
    pub fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{}", self.id, path);
        let reply = http(self.port, method, &full, body.as_ref())
            .unwrap_or_else(|e| panic!("{method} {path} failed: {e}"));
        if let Some(error) = reply["value"]["error"].as_str() {
            panic!("{method} {path}: {error}: {}", reply["value"]["message"]);
        }
        reply["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs a synchronous script in the page and returns its result.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs an asynchronous script; it finishes by calling its last argument.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.command(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
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

    /// Every element matching a CSS selector, as WebDriver element references.
    pub fn find_all(&self, css: &str) -> Vec<Value> {
        let found = self.command(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found.as_array().cloned().unwrap_or_default()
    }

    /// The one element matching `css`; fails if there is none.
    pub fn find(&self, css: &str) -> Value {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element matches {css}"))
    }

    /// The button labelled exactly `label` inside the elements matching `scope`.
    pub fn button(&self, scope: &str, label: &str) -> Value {
        self.find_all(&format!("{scope} button"))
            .into_iter()
            .find(|b| self.text(b) == label)
            .unwrap_or_else(|| panic!("no button \"{label}\" in {scope}"))
    }

    pub fn text(&self, element: &Value) -> String {
        let path = format!("/element/{}/text", element_id(element));
        self.command("GET", &path, None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Empties an input field.
    pub fn clear(&self, element: &Value) {
        let path = format!("/element/{}/clear", element_id(element));
        self.command("POST", &path, Some(json!({})));
    }

    pub fn click(&self, element: &Value) {
        let path = format!("/element/{}/click", element_id(element));
        self.command("POST", &path, Some(json!({})));
    }

    /// Types `text` into an element; for `<input type="file">` the text is a file path.
    pub fn send_keys(&self, element: &Value, text: &str) {
        let path = format!("/element/{}/value", element_id(element));
        self.command("POST", &path, Some(json!({ "text": text })));
    }

    /// Saves a PNG of the viewport, for people to look at after the run.
    pub fn screenshot(&self, file: &Path) {
        let data = self.command("GET", "/screenshot", None);
        let png = base64_decode(data.as_str().unwrap_or_default());
        std::fs::write(file, png).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
    }

    /// Drains a ChromeDriver log: `browser` (console) or `performance` (network events).
    pub fn log(&self, kind: &str) -> Vec<Value> {
        self.command("POST", "/se/log", Some(json!({ "type": kind })))
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.id), None);
        // Dropping `driver` afterwards ends ChromeDriver.
        let _ = std::fs::remove_dir_all(&self.profile);
        let _ = std::fs::remove_dir_all(&self.downloads);
    }
}

/// The id inside a W3C element reference (an object with one well-known key).
fn element_id(element: &Value) -> String {
    element
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("not an element reference: {element}"))
        .to_string()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// One HTTP/1.1 request to the driver; returns the parsed JSON body.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;

    // ChromeDriver may keep the connection open, so read exactly what the headers announce.
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok());
    let content = match length {
        Some(length) => {
            let mut content = vec![0; length];
            reader.read_exact(&mut content).map_err(|e| e.to_string())?;
            content
        }
        None if head.contains("transfer-encoding: chunked") => read_chunked(&mut reader)?,
        None => {
            let mut content = Vec::new();
            reader
                .read_to_end(&mut content)
                .map_err(|e| e.to_string())?;
            content
        }
    };
    serde_json::from_slice(&content)
        .map_err(|e| format!("{e} in {}", String::from_utf8_lossy(&content)))
}

/// Reads a chunked body up to its final zero-length chunk.
fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, String> {
    let mut content = Vec::new();
    loop {
        let mut size_line = String::new();
        reader
            .read_line(&mut size_line)
            .map_err(|e| e.to_string())?;
        let size_text = size_line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|e| format!("chunk size: {e}"))?;
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).map_err(|e| e.to_string())?;
        if size == 0 {
            return Ok(content);
        }
        content.extend_from_slice(&chunk[..size]);
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let sextets: Vec<u8> = text.bytes().filter_map(value).collect();
    sextets
        .chunks(4)
        .flat_map(|chunk| {
            let bits =
                chunk.iter().fold(0u32, |acc, &s| (acc << 6) | s as u32) << (6 * (4 - chunk.len()));
            let bytes = [(bits >> 16) as u8, (bits >> 8) as u8, bits as u8];
            bytes.into_iter().take(chunk.len().saturating_sub(1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_padded_and_unpadded_text() {
        assert_eq!(base64_decode("aGVsbG8="), b"hello");
        assert_eq!(base64_decode("aGk="), b"hi");
        assert_eq!(base64_decode("YWJj"), b"abc");
    }

    #[test]
    fn chunked_bodies_are_joined() {
        let mut body: &[u8] = b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(read_chunked(&mut body).unwrap(), b"abcde");
    }
}
