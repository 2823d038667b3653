//! The results view's charts and exports in Chromium: every download matches what the
//! domain makes from the same assessment, and printing hides the controls.

use e2e::{artifacts_dir, Harness};
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::charts;
use mlops_maturity::domain::csv_export::{answers_csv, report_json};
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::markdown::report_markdown;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::roadmap::plan;
use serde_json::{json, Value};

fn click(harness: &Harness, testid: &str) {
    let browser = &harness.browser;
    browser.click(&browser.find(&format!("[data-testid={testid}]")));
}

/// Today as the browser sees it (the roadmap starts today unless set).
fn today(harness: &Harness) -> Date {
    let parts = harness.browser.execute(
        "const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()];",
        vec![],
    );
    let n = |i: usize| parts[i].as_i64().unwrap();
    Date::from_ymd(n(0) as i32, n(1) as u32, n(2) as u32).unwrap()
}

#[test]
fn the_results_show_three_charts_and_every_export_matches_the_domain() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("2103d21n3212");
    click(&harness, "tab-setup");
    browser.send_keys(&browser.find("#agency"), "Northwind AI Consulting");
    browser.send_keys(&browser.find("#client"), "Zürich Öko, \"Nord\"");
    click(&harness, "tab-results");

    let figures = browser.find_all("[data-testid=chart] img");
    assert_eq!(figures.len(), 3);
    let images = browser.execute(
        "return Array.from(document.querySelectorAll('[data-testid=chart] img')) \
           .map(i => [i.getAttribute('src').startsWith('data:image/svg+xml;charset=utf-8,'), i.alt.length > 20, i.naturalWidth > 0])",
        vec![],
    );
    for image in images.as_array().unwrap() {
        assert_eq!(image[0], true, "each chart is an SVG image");
        assert_eq!(image[1], true, "each chart has a descriptive alt text");
    }

    // The assessment file first: everything else is checked against it.
    click(&harness, "export-assessment");
    let (_, assessment_text) = browser.downloaded(".assessment.json");
    let assessment = Assessment::from_json(&assessment_text).unwrap();
    assert_eq!(assessment.agency, "Northwind AI Consulting");
    let questionnaire = Questionnaire::built_in().unwrap();
    let report = score(&questionnaire, &assessment);
    let roadmap = plan(&questionnaire, &assessment, &report, today(&harness));

    click(&harness, "export-csv");
    let (_, csv) = browser.downloaded(".csv");
    assert_eq!(csv, answers_csv(&questionnaire, &assessment, &report));

    click(&harness, "export-markdown");
    let (_, markdown) = browser.downloaded("-report.md");
    assert_eq!(
        markdown,
        report_markdown(&questionnaire, &assessment, &report, &roadmap)
    );
    assert!(markdown.contains("Prepared by Northwind AI Consulting"));

    click(&harness, "export-json");
    let (_, json_text) = browser.downloaded("-report.json");
    let downloaded: Value = serde_json::from_str(&json_text).unwrap();
    let expected: Value = serde_json::from_str(&report_json(&report, &roadmap)).unwrap();
    assert_eq!(downloaded, expected);

    // Each chart downloads as the SVG shown on screen, titled as the domain titles it.
    let buttons = browser.find_all("[data-testid=chart] button");
    assert_eq!(buttons.len(), 3);
    for (button, chart) in buttons.iter().zip(charts::all(&report, &roadmap)) {
        browser.click(button);
        let (_, svg) = browser.downloaded(&format!("-{}.svg", chart.id));
        assert!(svg.contains("<svg"), "{}", chart.id);
        assert!(
            svg.contains(&format!(
                "<title>{}</title>",
                chart.title.replace('>', "&gt;")
            )),
            "{}",
            chart.id
        );
    }
    browser.screenshot(&artifacts_dir().join("results-charts.png"));
    harness.assert_clean_run();
}

#[test]
fn printing_shows_the_report_without_controls() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press("1201d");
    click(&harness, "tab-setup");
    browser.send_keys(&browser.find("#agency"), "Northwind AI Consulting");
    browser.send_keys(&browser.find("#client"), "Acme");
    click(&harness, "tab-results");
    let display = |selector: &str| {
        browser.execute(
            "return getComputedStyle(document.querySelector(arguments[0])).display",
            vec![json!(selector)],
        )
    };
    assert_eq!(display(".print-header"), json!("none"));
    assert_ne!(display("nav.tabs"), json!("none"));

    browser.command(
        "POST",
        "/chromium/send_command",
        Some(json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "media": "print" } })),
    );
    for hidden in [
        "nav.tabs",
        ".exports",
        "[data-testid=chart] button",
        ".site-header",
    ] {
        assert_eq!(display(hidden), json!("none"), "{hidden} must not print");
    }
    assert_eq!(display(".print-header"), json!("block"));
    let prepared = browser.text(&browser.find("[data-testid=prepared]"));
    assert!(
        prepared.starts_with("Prepared by Northwind AI Consulting for Acme on "),
        "{prepared}"
    );
    assert_eq!(browser.find_all("[data-testid=chart] img").len(), 3);
    browser.screenshot(&artifacts_dir().join("print-preview.png"));
    harness.assert_clean_run();
}
