//! Architecture invariants that are cheaper to check as text than to remember.

use std::path::{Path, PathBuf};

/// Crates that tie code to the browser; the domain must not name any of them.
const BROWSER_CRATES: &[&str] = &["leptos", "web_sys", "gloo", "wasm_bindgen", "js_sys"];

/// Browser crates named in `source`, with their line numbers. A name counts when it stands
/// as a whole identifier or as the prefix of one (`gloo_storage`), outside `//` comments.
fn browser_crates_named(source: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for name in BROWSER_CRATES {
            let mut rest = code;
            while let Some(at) = rest.find(name) {
                let before = rest[..at].chars().next_back();
                let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                if starts_word {
                    found.push((index + 1, *name));
                    break;
                }
                rest = &rest[at + name.len()..];
            }
        }
    }
    found
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read src/domain") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn domain_never_uses_browser_crates() {
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let files = rust_files(&domain);
    assert!(
        !files.is_empty(),
        "no Rust files found under {}",
        domain.display()
    );
    let mut violations = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("read source");
        for (line, name) in browser_crates_named(&source) {
            violations.push(format!("{}:{line} uses {name}", file.display()));
        }
    }
    assert!(
        violations.is_empty(),
        "src/domain must stay free of browser crates (move this code to src/app or src/platform):\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_checker_finds_browser_crates_and_ignores_lookalikes() {
    let source = "use leptos::prelude::*;\nlet x = web_sys::window();\n\
                  // gloo in a comment is fine\nuse gloo_storage::LocalStorage;\n\
                  let my_leptos_like = 1;\n";
    assert_eq!(
        browser_crates_named(source),
        vec![(1, "leptos"), (2, "web_sys"), (4, "gloo")]
    );
}
