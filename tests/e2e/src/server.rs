//! A loopback static file server for `dist/`, like GitHub Pages: files under a path prefix,
//! `index.html` for a folder, the site's `404.html` with status 404 for anything else, and
//! gzip for clients that accept it.
//! Built on axum and tower-http's `ServeDir`; each server runs on its own thread and
//! runtime, so tests stay plain blocking code.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::set_status::SetStatus;

/// A running server; it stops when dropped.
pub struct StaticServer {
    port: u16,
    prefix: String,
    requests: Arc<Mutex<Vec<String>>>,
    /// While set, requests for `.wasm` files wait (see [`StaticServer::hold_wasm`]).
    holding: Arc<std::sync::atomic::AtomicBool>,
    /// While set, the parts whose file names start with it are refused (see
    /// [`StaticServer::refuse_parts`]).
    refusing: Arc<Mutex<Option<String>>>,
    /// While set, the parts whose file names start with it wait (see
    /// [`StaticServer::hold_parts_named`]).
    holding_parts: Arc<Mutex<Option<String>>>,
    /// While set, the page itself comes in two pieces, cut before this text (see
    /// [`StaticServer::trickle_page`]).
    trickling: Arc<Mutex<Option<String>>>,
    stop: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl StaticServer {
    /// Serves `root` at `http://127.0.0.1:<free port><prefix>`; `prefix` starts and ends with `/`.
    pub fn start(root: PathBuf, prefix: &str) -> Self {
        assert!(
            prefix.starts_with('/') && prefix.ends_with('/'),
            "bad prefix {prefix}"
        );
        let requests = Arc::new(Mutex::new(Vec::new()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let log = requests.clone();
        let holding = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let hold = holding.clone();
        let refusing = Arc::new(Mutex::new(None::<String>));
        let refuse = refusing.clone();
        let holding_parts = Arc::new(Mutex::new(None::<String>));
        let hold_parts = holding_parts.clone();
        let trickling = Arc::new(Mutex::new(None::<String>));
        let trickle = trickling.clone();
        let served_prefix = prefix.to_string();
        let page_path = prefix.to_string();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the server");
            runtime.block_on(async move {
                let not_found =
                    SetStatus::new(ServeFile::new(root.join("404.html")), StatusCode::NOT_FOUND);
                let files = ServeDir::new(&root).not_found_service(not_found.clone());
                let site = Router::new().fallback_service(files);
                let app = if served_prefix == "/" {
                    site
                } else {
                    Router::new()
                        .nest_service(served_prefix.trim_end_matches('/'), site)
                        .fallback_service(not_found)
                };
                let app = app
                    .layer(tower_http::compression::CompressionLayer::new().gzip(true))
                    .layer(SetResponseHeaderLayer::overriding(
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("no-cache"),
                    ))
                    .layer(middleware::from_fn(move |request: Request, next: Next| {
                        let log = log.clone();
                        let hold = hold.clone();
                        let refuse = refuse.clone();
                        let hold_parts = hold_parts.clone();
                        let trickle = trickle.clone();
                        let page_path = page_path.clone();
                        async move {
                            let target = request
                                .uri()
                                .path_and_query()
                                .map(|p| p.to_string())
                                .unwrap_or_default();
                            log.lock().expect("request log").push(target.clone());
                            while target.ends_with(".wasm")
                                && hold.load(std::sync::atomic::Ordering::SeqCst)
                            {
                                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                            }
                            let name = target.rsplit('/').next().unwrap_or(&target);
                            let held = || {
                                hold_parts
                                    .lock()
                                    .expect("held parts")
                                    .as_ref()
                                    .is_some_and(|start| name.starts_with(start.as_str()))
                            };
                            while is_part(&target) && held() {
                                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                            }
                            let refused = refuse.lock().expect("refused parts").clone();
                            if is_part(&target)
                                && refused.is_some_and(|start| name.starts_with(&start))
                            {
                                return StatusCode::SERVICE_UNAVAILABLE.into_response();
                            }
                            let page =
                                target == page_path || target == format!("{page_path}index.html");
                            let cut = trickle.lock().expect("trickled page").clone();
                            if let Some(cut) = cut.filter(|_| page) {
                                return trickled(request, next, cut).await;
                            }
                            next.run(request).await
                        }
                    }));
                let listener =
                    tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        StaticServer {
            port,
            prefix: prefix.to_string(),
            requests,
            holding,
            refusing,
            holding_parts,
            trickling,
            stop: Mutex::new(Some(stop)),
            thread: Mutex::new(Some(thread)),
        }
    }

    /// Holds back every `.wasm` response until [`StaticServer::release_wasm`]: the page
    /// shows what it shows before its app arrives, as on a slow connection.
    pub fn hold_wasm(&self) {
        self.holding
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn release_wasm(&self) {
        self.holding
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }

    /// Answers every request for a view's part of the wasm with 503 until
    /// [`StaticServer::serve_parts`], as a failed download would.
    pub fn refuse_parts(&self) {
        self.refuse_parts_named("");
    }

    /// Refuses only the parts whose file names start with `start` (such as
    /// `split_shared_offer_view`), until [`StaticServer::serve_parts`].
    pub fn refuse_parts_named(&self, start: &str) {
        *self.refusing.lock().expect("refused parts") = Some(start.to_string());
    }

    /// Holds back the parts whose file names start with `start` until
    /// [`StaticServer::release_parts`], as a slow connection would.
    pub fn hold_parts_named(&self, start: &str) {
        *self.holding_parts.lock().expect("held parts") = Some(start.to_string());
    }

    pub fn release_parts(&self) {
        *self.holding_parts.lock().expect("held parts") = None;
    }

    /// Sends the page (`index.html`) uncompressed in two pieces, the second
    /// [`TRICKLE_PAUSE`] after the first, cut just before the first `cut_before` in it: the
    /// browser has parsed part of the page for that long, as on a slow connection or a
    /// slow machine.
    pub fn trickle_page(&self, cut_before: &str) {
        *self.trickling.lock().expect("trickled page") = Some(cut_before.to_string());
    }

    pub fn serve_parts(&self) {
        *self.refusing.lock().expect("refused parts") = None;
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

    /// Stops serving: from now on connections to the port are refused, as when offline.
    pub fn stop(&self) {
        // A held request would keep the server from stopping (a test that failed while
        // holding one would hang).
        self.release_wasm();
        self.release_parts();
        if let Some(stop) = self.stop.lock().expect("stop handle").take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.lock().expect("server thread").take() {
            let _ = thread.join();
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// How long the page's second piece waits (see [`StaticServer::trickle_page`]).
pub const TRICKLE_PAUSE: std::time::Duration = std::time::Duration::from_millis(600);

/// The page's response in two pieces with [`TRICKLE_PAUSE`] between them, cut before
/// `cut_before` (in the middle if the page does not hold it).
async fn trickled(mut request: Request, next: Next, cut_before: String) -> Response {
    // Uncompressed, so that the cut falls where it is meant to in the document.
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let (mut parts, body) = next.run(request).await.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let cut_before = cut_before.as_bytes();
    let cut = bytes
        .windows(cut_before.len())
        .position(|w| w == cut_before)
        .unwrap_or(bytes.len() / 2);
    let (first, rest) = (bytes.slice(..cut), bytes.slice(cut..));
    parts.headers.remove(header::CONTENT_LENGTH);
    let pieces = futures_util::stream::unfold(0u8, move |step| {
        let (first, rest) = (first.clone(), rest.clone());
        async move {
            match step {
                0 => Some((Ok::<_, std::convert::Infallible>(first), 1)),
                1 => {
                    tokio::time::sleep(TRICKLE_PAUSE).await;
                    Some((Ok(rest), 2))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, axum::body::Body::from_stream(pieces))
}

/// Whether `path` is one of the parts scripts/split-wasm.py cuts from the app's wasm (a
/// view's part or a chunk they share), not the module the first screen needs.
pub fn is_part(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.ends_with(".wasm") && (name.starts_with("split_") || name.starts_with("chunk_"))
}
