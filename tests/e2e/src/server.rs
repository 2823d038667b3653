//! A loopback static file server for `dist/`, like GitHub Pages: files under a path prefix.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// A running server; it stops when dropped.
pub struct StaticServer {
    port: u16,
    prefix: String,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl StaticServer {
    /// Serves `root` at `http://127.0.0.1:<free port><prefix>`; `prefix` starts and ends with `/`.
    pub fn start(root: PathBuf, prefix: &str) -> Self {
        assert!(
            prefix.starts_with('/') && prefix.ends_with('/'),
            "bad prefix {prefix}"
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (stop_flag, log, served_prefix) = (stop.clone(), requests.clone(), prefix.to_string());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, log, prefix) = (root.clone(), log.clone(), served_prefix.clone());
                thread::spawn(move || {
                    // A client hanging up mid-response is not the server's failure.
                    let _ = serve_one(stream, &root, &prefix, &log);
                });
            }
        });
        StaticServer {
            port,
            prefix: prefix.to_string(),
            stop,
            requests,
        }
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The URL of `path` below the served prefix.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.origin(), self.prefix, path)
    }

    /// Every request path received so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("request log").clone()
    }
}

impl StaticServer {
    /// Stops serving: from now on connections to the port are refused, as when offline.
    pub fn stop(&self) {
        if !self.stop.swap(true, Ordering::SeqCst) {
            // Wake the accept loop so it sees the flag and drops the listener.
            let _ = TcpStream::connect(("127.0.0.1", self.port));
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn serve_one(
    stream: TcpStream,
    root: &Path,
    prefix: &str,
    log: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; this server needs none of them.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    log.lock().expect("request log").push(target.clone());

    let path = target.split(['?', '#']).next().unwrap_or_default();
    let file = path
        .strip_prefix(prefix)
        .and_then(|rest| resolve(root, rest));
    let mut stream = stream;
    match (method.as_str(), file) {
        ("GET" | "HEAD", Some(file)) => {
            let body = std::fs::read(&file)?;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            stream.write_all(head.as_bytes())?;
            if method == "GET" {
                stream.write_all(&body)?;
            }
        }
        _ => {
            // Like GitHub Pages: a missing path gets the site's 404.html, if it has one.
            let (body, kind) = match std::fs::read(root.join("404.html")) {
                Ok(page) => (page, "text/html; charset=utf-8"),
                Err(_) => (b"not found".to_vec(), "text/plain"),
            };
            let head = format!(
                "HTTP/1.1 404 Not Found\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes())?;
            stream.write_all(&body)?;
        }
    }
    stream.flush()
}

/// Maps a request path below the prefix to a file under `root`, refusing `..`.
fn resolve(root: &Path, rest: &str) -> Option<PathBuf> {
    let relative = Path::new(rest);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let candidate = root.join(relative);
    let file = if rest.is_empty() || candidate.is_dir() {
        candidate.join("index.html")
    } else {
        candidate
    };
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}
