//! Build step (run by `scripts/build` between Trunk and `finish-dist.py`): renders the
//! first screen a new visitor sees with the app's own wasm and view code, in headless
//! Chromium on a fresh profile, and writes that HTML into `dist/index.html`. The page then
//! shows the first area's questions before the wasm has arrived; when it has, `app::mount`
//! replaces the static copy with the live app in the same task, so the screen neither
//! flashes nor shifts, and an answer clicked on the static copy is carried over.
//!
//! `cargo run -p e2e --bin prerender [dist]`

use e2e::server::StaticServer;
use e2e::webdriver::Session;
use std::path::PathBuf;

/// The loading shell in `index.html` that the first screen replaces.
const SHELL_START: &str = "<main id=\"app\">";
const SHELL_END: &str = "</main>";

fn main() {
    let dist = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| e2e::repo_root().join("dist"));
    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path)
        .unwrap_or_else(|e| panic!("{}: {e} (run trunk build first)", index_path.display()));
    let start = index
        .find(SHELL_START)
        .unwrap_or_else(|| panic!("{}: no `{SHELL_START}` shell", index_path.display()));
    let end = start
        + index[start..]
            .find(SHELL_END)
            .unwrap_or_else(|| panic!("{}: the shell is not closed", index_path.display()));
    let shell = &index[start + SHELL_START.len()..end];
    let noscript = shell
        .find("<noscript>")
        .map(|at| &shell[at..])
        .and_then(|rest| {
            rest.find("</noscript>")
                .map(|to| &rest[..to + "</noscript>".len()])
        })
        .expect("the shell has a <noscript> message");

    let server = StaticServer::start(dist.clone(), "/");
    let browser = Session::start();
    browser.goto(&server.url(""));
    browser.wait_for(
        "the first question",
        "return document.querySelector('#app .workshop fieldset.question legend') !== null",
    );
    browser.settle();
    let first_screen = browser
        .execute(e2e::FIRST_SCREEN_HTML_JS, vec![])
        .as_str()
        .expect("the first screen's HTML")
        .to_string();
    assert!(
        first_screen.contains("fieldset") && !first_screen.contains("<script"),
        "the first screen should hold the questions and no script"
    );
    let html = format!(
        "{}<main id=\"app\" data-prerendered=\"\">{noscript}{first_screen}{}",
        &index[..start],
        &index[end..]
    );
    std::fs::write(&index_path, html).expect("write index.html");
    println!(
        "prerendered the first screen into {} ({} bytes of HTML)",
        index_path.display(),
        first_screen.len()
    );
}
