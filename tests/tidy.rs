//! Architecture invariants that are cheaper to check as text than to remember.

use std::path::{Path, PathBuf};

/// What the domain must not name: crates that tie code to the browser, and the parts of
/// `std` that do I/O or read the machine (files, environment, clock, network). The domain
/// gets all of those passed in, so every rule in it is testable and deterministic.
const FORBIDDEN: &[&str] = &[
    "leptos",
    "web_sys",
    "gloo",
    "wasm_bindgen",
    "js_sys",
    "std::fs",
    "std::env",
    "std::time",
    "std::net",
];

/// The parts of `std` above, as they appear inside a grouped import (`use std::{fs, io}`).
const FORBIDDEN_STD: &[&str] = &["fs", "env", "time", "net"];

/// Forbidden names in `source`, with their line numbers. A name counts when it stands as a
/// whole identifier or as the prefix of one (`gloo_storage`), outside `//` comments.
fn forbidden_names(source: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        if let Some(group) = code.split("std::{").nth(1) {
            let group = group.split('}').next().unwrap_or_default();
            for name in FORBIDDEN_STD {
                if group
                    .split(',')
                    .any(|item| item.trim().split("::").next() == Some(name))
                {
                    found.push((index + 1, *name));
                }
            }
        }
        for name in FORBIDDEN {
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
fn domain_never_uses_browser_crates_or_io() {
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
        for (line, name) in forbidden_names(&source) {
            violations.push(format!("{}:{line} uses {name}", file.display()));
        }
    }
    assert!(
        violations.is_empty(),
        "src/domain must stay free of browser crates and I/O (move this code to src/app, src/platform or src/bin, and pass the value in):\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_checker_finds_forbidden_names_and_ignores_lookalikes() {
    let source = "use leptos::prelude::*;\nlet x = web_sys::window();\n\
                  // gloo in a comment is fine\nuse gloo_storage::LocalStorage;\n\
                  let my_leptos_like = 1;\n";
    assert_eq!(
        forbidden_names(source),
        vec![(1, "leptos"), (2, "web_sys"), (4, "gloo")]
    );
    let io = "use std::fs::read;\nlet t = std::time::SystemTime::now();\n\
              use std::{collections::BTreeMap, env};\nuse std::{net::TcpStream};\n\
              use std::fmt; // std::fs in a comment\nlet my_std_fs = 1;\n";
    assert_eq!(
        forbidden_names(io),
        vec![(1, "std::fs"), (2, "std::time"), (3, "env"), (4, "net")]
    );
}

/// The standard library's slice sorts: each costs the wasm several kilobytes for every
/// element type it sorts (see `domain::order`).
const STD_SORTS: &[&str] = &[
    ".sort()",
    ".sort_by(",
    ".sort_by_key(",
    ".sort_by_cached_key(",
    ".sort_unstable",
];

/// Lines of `source` that call a standard sort, outside `//` comments.
fn std_sorts(source: &str) -> Vec<usize> {
    lines_with(source, STD_SORTS)
}

/// Lines of `source` (counted from 1) whose code, outside `//` comments, has one of
/// `needles`.
fn lines_with(source: &str, needles: &[&str]) -> Vec<usize> {
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = line.split("//").next().unwrap_or_default();
            needles.iter().any(|needle| code.contains(needle))
        })
        .map(|(index, _)| index + 1)
        .collect()
}

#[test]
fn the_app_sorts_with_its_own_small_sort() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).expect("under src");
        // The command-line tool is not in the wasm; `order` tests its sort against std's.
        if relative.starts_with("bin") || relative == Path::new("domain/order.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&file).expect("read source");
        for line in std_sorts(&source) {
            violations.push(format!("{}:{line}", file.display()));
        }
    }
    assert!(
        violations.is_empty(),
        "sort with domain::order::sort_small (and build maps with order::SortedMap rather than collecting into a BTreeMap):\n{}",
        violations.join("\n")
    );
    assert_eq!(
        std_sorts("v.sort();\nlet x = 1; // v.sort_by(f)\nv.sort_unstable_by_key(k);\nsort_small(&mut v, f);\n"),
        vec![1, 3]
    );
}

/// Each `Effect::new` is a copy of Leptos' effect task in the wasm (it is generic over its
/// closure): the app makes its effects with `app::effect`, which boxes the closure and
/// calls `Effect::new` in one place.
#[test]
fn the_app_makes_its_effects_through_one_effect_new() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for file in rust_files(&src) {
        let source = std::fs::read_to_string(&file).expect("read source");
        for line in lines_with(&source, &["Effect::new("]) {
            let relative = file.strip_prefix(&src).expect("under src");
            found.push(format!("{}:{line}", relative.display()));
        }
    }
    assert_eq!(
        found.len(),
        1,
        "make effects with app::effect, not Effect::new:\n{}",
        found.join("\n")
    );
    assert!(found[0].starts_with("app/mod.rs:"), "{found:?}");
    assert_eq!(
        lines_with(
            "Effect::new(move || {});\n// Effect::new(f)\neffect(f);\n",
            &["Effect::new("]
        ),
        vec![1]
    );
}
