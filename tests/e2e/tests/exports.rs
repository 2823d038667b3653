//! The results view's charts and exports in Chromium: every download matches what the
//! domain makes from the same assessment, and printing hides the controls.

use e2e::{artifacts_dir, Harness};
use mlops_maturity::domain::answer::Answer;
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
    // The files are named after the assessment: a run of what a file system refuses
    // becomes one `-`, letters beyond ASCII stay.
    let name = browser.find("#assessment-name");
    browser.clear(&name);
    browser.send_keys(&name, "Zürich: ML team / Q3");
    click(&harness, "tab-results");

    let figures = browser.find_all("[data-testid=chart] img");
    assert_eq!(figures.len(), 3);
    // Each SVG decodes into a picture (a broken data URL loads with no size).
    browser.wait_for(
        "the charts to load",
        "return Array.from(document.querySelectorAll('[data-testid=chart] img')).every(i => i.complete)",
    );
    let images = browser.execute(
        "return Array.from(document.querySelectorAll('[data-testid=chart] img')) \
           .map(i => [i.getAttribute('src').startsWith('data:image/svg+xml;charset=utf-8,'), i.alt.length > 20, i.naturalWidth > 0])",
        vec![],
    );
    for image in images.as_array().unwrap() {
        assert_eq!(image[0], true, "each chart is an SVG image");
        assert_eq!(image[1], true, "each chart has a descriptive alt text");
        assert_eq!(
            image[2], true,
            "each chart decodes to a picture with a size"
        );
    }

    // The assessment file first: everything else is checked against it.
    click(&harness, "export-assessment");
    let (file, assessment_text) = browser.downloaded(".assessment.json");
    assert_eq!(file, "zürich-ml-team-q3.assessment.json");
    let assessment = Assessment::from_json(&assessment_text).unwrap();
    assert_eq!(assessment.agency, "Northwind AI Consulting");
    let questionnaire = Questionnaire::built_in().unwrap();
    let report = score(&questionnaire, &assessment);
    let roadmap = plan(&questionnaire, &assessment, &report, today(&harness));

    click(&harness, "export-csv");
    let (_, csv) = browser.downloaded(".csv");
    assert_eq!(csv, answers_csv(&questionnaire, &assessment, &report));

    click(&harness, "export-markdown");
    let (file, markdown) = browser.downloaded("-report.md");
    assert_eq!(file, "zürich-ml-team-q3-report.md");
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

    if !browser.devtools("Emulation.setEmulatedMedia", json!({ "media": "print" })) {
        eprintln!("print media emulation needs Chrome DevTools: checked in the Chromium run");
        return;
    }
    for hidden in [
        ".topbar",
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

/// An imported file with a byte-order mark, a client name with a right-to-left override and
/// a note that starts like a spreadsheet formula: the app takes the file, and every export
/// and the print title neutralise the text exactly as the domain does.
#[test]
fn exports_cannot_carry_formulas_or_hidden_text() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.click(&browser.find("[data-testid=tab-library]"));

    let questionnaire = Questionnaire::built_in().unwrap();
    let mut file = Assessment::new(&questionnaire);
    file.client = "Acme\u{202E}lmth.exe".into();
    file.set_answer("data.versioning", Some(Answer::Level(1)));
    file.responses.get_mut("data.versioning").unwrap().note =
        "=HYPERLINK(\"http://x.test\",\"open\")\n===".into();
    let path = std::env::temp_dir().join("bom.assessment.json");
    std::fs::write(&path, format!("\u{feff}{}", file.to_json())).unwrap();
    browser.send_keys(
        &browser.find("[data-testid=import-file]"),
        &path.display().to_string(),
    );
    harness.wait_for_answered(1);

    // One answer of 29: the level is an upper bound, and the bar says what is missing.
    let level = browser.text(&browser.find("[data-testid=summary-level]"));
    assert_eq!(level, "At most level 1 so far: ML pipeline automation");
    let unscored = browser.text(&browser.find("[data-testid=summary-unscored]"));
    assert_eq!(unscored, "6 areas still to answer");

    click(&harness, "tab-results");
    let title = browser.execute("return document.title", vec![]);
    assert_eq!(
        title,
        json!("MLOps maturity assessment: Acme[U+202E]lmth.exe")
    );
    let lead = browser.text(&browser.find("[data-testid=unscored]"));
    assert!(lead.contains("Experiment tracking"), "{lead}");
    let roadmap_total = browser.text(&browser.find("[data-testid=roadmap-total]"));
    assert!(roadmap_total.starts_with("Level 1 → 2"), "{roadmap_total}");

    click(&harness, "export-assessment");
    let (_, assessment_text) = browser.downloaded(".assessment.json");
    assert!(
        assessment_text.contains("Acme\\u202elmth.exe"),
        "escaped, not raw"
    );
    let assessment = Assessment::from_json(&assessment_text).unwrap();
    assert_eq!(assessment.client, file.client, "and it reads back the same");
    let report = score(&questionnaire, &assessment);

    click(&harness, "export-csv");
    let (_, csv) = browser.downloaded(".csv");
    assert_eq!(csv, answers_csv(&questionnaire, &assessment, &report));
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x.test\"\""), "{csv}");

    click(&harness, "export-markdown");
    let (_, markdown) = browser.downloaded("-report.md");
    assert!(!markdown.contains('\u{202E}'));
    assert!(markdown.contains("Acme\\[U+202E\\]lmth.exe"), "{markdown}");
    assert!(markdown.contains("> \\==="), "{markdown}");
    std::fs::remove_file(&path).ok();
    harness.assert_clean_run();
}
