//! Makes `tests/fixtures/storage/v1-library.json`: the browser storage of a library written
//! by release 1 (storage version 1), for the migration tests. Run it only against a release-1
//! build, by hand: `cargo test -p e2e --test make_fixtures -- --ignored`.

use e2e::{repo_root, Harness};
use serde_json::Value;

#[test]
#[ignore = "writes a fixture; run by hand against a release-1 build"]
fn write_a_v1_library() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;

    // A built-in assessment with answers of every kind, a note, names and a weight.
    browser.press("2103d21n3212");
    harness.wait_for_answered(12);
    browser.press("e");
    browser.press("Two teams disagree, \"both\" sure; see =SUM(1)");
    browser.press("\u{E00C}");
    browser.click(&browser.find("[data-testid=tab-setup]"));
    browser.send_keys(&browser.find("#agency"), "Northwind AI Consulting");
    browser.send_keys(&browser.find("#client"), "Acme Logistics");
    let weight = browser.find("#weight-monitoring");
    browser.clear(&weight);
    browser.send_keys(&weight, "2.5\u{E004}");
    browser.click(&browser.find("#target option[value='3']"));

    // A custom questionnaire, answered, then duplicated twice: three entries carry its JSON.
    harness.load_three_areas();
    browser.click(&browser.find("[data-testid=tab-questions]"));
    browser.press("12d");
    harness.wait_for_answered(3);
    browser.click(&browser.find("[data-testid=tab-library]"));
    for _ in 0..2 {
        let duplicate = browser.button("[data-testid=library-entry]", "Duplicate");
        browser.click(&duplicate);
    }
    browser.wait_for(
        "four entries",
        "return document.querySelectorAll('[data-testid=library-entry]').length === 4",
    );

    let storage = browser.execute(
        "const all = {}; for (let i = 0; i < localStorage.length; i++) { \
           const k = localStorage.key(i); all[k] = localStorage.getItem(k); } return all;",
        vec![],
    );
    let Value::Object(entries) = &storage else {
        panic!("{storage}")
    };
    assert_eq!(
        entries
            .keys()
            .filter(|k| k.starts_with("mlops-maturity/assessment/"))
            .count(),
        4
    );
    let folder = repo_root().join("tests/fixtures/storage");
    std::fs::create_dir_all(&folder).unwrap();
    let text = serde_json::to_string_pretty(&storage).unwrap();
    std::fs::write(folder.join("v1-library.json"), text + "\n").unwrap();
}
