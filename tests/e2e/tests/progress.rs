//! Progress in a real browser: a follow-up shows last time's answers, the comparison's
//! radar has three series and its deltas are the domain's; ten assessment files make a
//! portfolio at once; an anonymised benchmark exported and imported elsewhere draws the
//! agency's band.

use e2e::webdriver::Session;
use e2e::{accessibility_violations, artifacts_dir, Harness};
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::progress::{compare, BenchmarkFile};
use mlops_maturity::domain::questionnaire::Questionnaire;
use serde_json::Value;
use std::path::PathBuf;

/// Sets a date field as a person picking a day would (the change event included).
fn set_date(browser: &Session, css: &str, date: &str) {
    browser.execute(
        "const i = document.querySelector(arguments[0]); i.value = arguments[1]; i.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![Value::from(css), Value::from(date)],
    );
}

fn export_open_assessment(browser: &Session) -> Assessment {
    Assessment::from_json(&browser.export_open_assessment()).unwrap()
}

#[test]
fn a_follow_up_shows_last_time_and_compares_with_three_series() {
    let questionnaire = Questionnaire::built_in().unwrap();
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press(&"1".repeat(37));
    harness.wait_for_answered(37);
    browser.click_testid("tab-setup");
    browser.send_keys(&browser.find("#client"), "Acme");
    set_date(browser, "#assessment-date", "2026-08-03");
    let first = export_open_assessment(browser);

    browser.click_testid("tab-progress");
    browser.click_testid("start-follow-up");
    let said = browser.take_notice();
    assert!(said.contains("last time's answer"), "{said}");
    harness.wait_for_answered(0);
    let last = browser.text(&browser.find("[data-testid=last-time]"));
    assert_eq!(last, "Last time: Level 1");
    // Most rise to 3; one slips to 0 and one to Don't know, in an area that still reaches
    // level 2: level 1 → 2 is reached.
    browser.press(&format!("33333{}{}", "0d", "3".repeat(30)));
    harness.wait_for_answered(37);
    let second = export_open_assessment(browser);
    assert_eq!(second.client, "Acme");
    assert_eq!(second.lineage.as_ref().unwrap().generation, 2);

    browser.click_testid("tab-progress");
    browser.wait_for_element("[data-testid=comparison]");
    let image = browser
        .execute(
            "return decodeURIComponent(document.querySelector('[data-testid=compare-radar]').getAttribute('src').split(',').slice(1).join(','))",
            vec![],
        )
        .as_str()
        .unwrap()
        .to_string();
    // Three series: the target (vermillion), the current scores (blue) and the earlier
    // assessment (reddish purple).
    for colour in ["#D55E00", "#0072B2", "#CC79A7"] {
        assert!(
            image.to_uppercase().contains(colour),
            "{colour} missing from the radar"
        );
    }
    let steps = browser.text(&browser.find("[data-testid=steps]"));
    let changes: Vec<String> = browser
        .find_all("[data-testid=area-change]")
        .iter()
        .map(|e| browser.text(e))
        .collect();

    // The same comparison in the domain, from the two files.
    let names = browser.execute(
        "return [...document.querySelectorAll('#compare-earlier option:checked, #compare-later option:checked')].map(o => o.textContent)",
        vec![],
    );
    let strip = |v: &Value| {
        let text = v.as_str().unwrap();
        text.rsplit_once(" (")
            .map(|(name, _)| name)
            .unwrap_or(text)
            .to_string()
    };
    let (before_name, after_name) = (strip(&names[0]), strip(&names[1]));
    let domain = compare(
        &questionnaire,
        (&before_name, &first),
        (&after_name, &second),
    )
    .unwrap();
    let expected: Vec<&str> = domain.areas.iter().map(|a| a.change.word()).collect();
    assert_eq!(changes, expected);
    assert_eq!(steps, domain.steps_line().unwrap());
    browser.click_testid("export-comparison-csv");
    let (_, csv) = browser.downloaded("-progress.csv");
    assert_eq!(csv, domain.csv());
    browser.click_testid("export-comparison-markdown");
    let (_, markdown) = browser.downloaded("-progress.md");
    assert_eq!(markdown, domain.markdown());
    let violations = accessibility_violations(browser);
    assert!(violations.is_empty(), "axe on Progress: {violations:#?}");
    browser.screenshot(&artifacts_dir().join("progress-compare.png"));
    harness.assert_clean_run();
}

/// Ten assessment files of ten clients, written by the domain.
fn ten_files(out: &std::path::Path) -> Vec<PathBuf> {
    let questionnaire = Questionnaire::built_in().unwrap();
    (0..10)
        .map(|i| {
            let mut a = Assessment::new(&questionnaire);
            a.client = format!("Client {i:02}");
            a.date = Date::from_ymd(2026, 1 + (i % 12) as u32, 10);
            for (k, q) in questionnaire
                .areas
                .iter()
                .flat_map(|a| &a.questions)
                .enumerate()
            {
                let level = ((i + k) % 4) as u8;
                a.set_answer(
                    &q.id,
                    Some(mlops_maturity::domain::answer::Answer::Level(level)),
                );
            }
            let path = out.join(format!("client-{i:02}.assessment.json"));
            std::fs::write(&path, a.to_json()).unwrap();
            path
        })
        .collect()
}

#[test]
fn ten_files_make_a_portfolio_and_an_imported_benchmark_draws_the_band() {
    let out = artifacts_dir().join("portfolio-files");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let files = ten_files(&out);
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.click_testid("tab-progress");
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    browser.send_keys(
        &browser.find("[data-testid=portfolio-files]"),
        &paths.join("\n"),
    );
    let said = browser.take_notice();
    assert!(
        said.contains("10 assessment file(s) added to the portfolio"),
        "{said}"
    );
    browser.wait_for(
        "the portfolio of ten",
        "return document.querySelector('[data-testid=portfolio-count]').textContent.startsWith('10 assessment(s) shown')",
    );
    let alt = browser
        .execute(
            "return document.querySelector('[data-testid=portfolio-chart]').alt",
            vec![],
        )
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        alt.contains("Client 00") && alt.contains("Client 09"),
        "{alt}"
    );
    let violations = accessibility_violations(browser);
    assert!(
        violations.is_empty(),
        "axe on the portfolio: {violations:#?}"
    );
    browser.execute(
        "document.querySelector('[data-testid=portfolio-chart]').scrollIntoView()",
        vec![],
    );
    browser.screenshot(&artifacts_dir().join("progress-portfolio.png"));

    browser.click_testid("export-benchmark");
    let (name, text) = browser.downloaded("-benchmark.json");
    let benchmark = BenchmarkFile::from_json(&text).unwrap();
    assert_eq!(benchmark.rows.len(), 10);
    assert!(!text.contains("Client"), "no client name in the benchmark");
    let path = out.join(name);
    std::fs::write(&path, &text).unwrap();

    // Elsewhere: a fresh profile imports the benchmark; it makes no entry, and the
    // Results radar shows the band.
    let other = Session::start();
    other.goto(&harness.server.url(""));
    other.wait_for_element("#app .workshop");
    other.press("2222");
    other.click_testid("tab-progress");
    other.send_keys(
        &other.find("[data-testid=benchmark-files]"),
        &path.display().to_string(),
    );
    let said = other.take_notice();
    assert!(said.contains("10 anonymised assessment(s) added"), "{said}");
    other.click_testid("tab-library");
    assert_eq!(
        other.find_all("[data-testid=library-entry]").len(),
        1,
        "no client entry made"
    );
    other.click_testid("tab-results");
    other.wait_for(
        "the band on the radar",
        "return [...document.querySelectorAll('[data-testid=chart] img')].some(i => i.alt.includes('Middle half of 10 assessments by this agency'))",
    );
    harness.assert_clean_run();
}

#[test]
fn the_progress_view_works_by_keyboard() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.press(&"2".repeat(37));
    harness.wait_for_answered(37);
    // Reach the view and start a follow-up with Tab-reachable buttons and Enter only.
    let focus = |css: &str| {
        browser.execute(&format!("document.querySelector('{css}').focus()"), vec![]);
    };
    focus("[data-testid=tab-progress]");
    browser.press("\u{E007}");
    focus("[data-testid=start-follow-up]");
    browser.press("\u{E007}");
    let said = browser.take_notice();
    assert!(said.contains("Started"), "{said}");
    browser.press(&"3".repeat(37));
    harness.wait_for_answered(37);
    focus("[data-testid=tab-progress]");
    browser.press("\u{E007}");
    browser.wait_for_element("[data-testid=comparison]");
    // Change the earlier assessment with the arrow keys: "Choose…" first, then back.
    focus("#compare-earlier");
    browser.press("\u{E013}");
    browser.wait_for(
        "the comparison to go",
        "return document.querySelector('[data-testid=comparison]') === null",
    );
    browser.press("\u{E015}");
    browser.wait_for_element("[data-testid=comparison]");
    // Export by keyboard.
    focus("[data-testid=export-comparison-csv]");
    browser.press("\u{E007}");
    let (_, csv) = browser.downloaded("-progress.csv");
    assert!(csv.contains("\"up\""), "every area went up");
    // The portfolio's filters by keyboard: the latest-per-client box toggles with Space.
    // (geckodriver's Space does not reach a check box focused from script.)
    if browser.engine() != e2e::webdriver::Engine::Chromium {
        eprintln!("the check box by Space is checked in the Chromium run");
        harness.assert_clean_run();
        return;
    }
    focus("#portfolio-latest");
    browser.press(" ");
    browser.wait_for(
        "both assessments of the client",
        "return document.querySelector('[data-testid=portfolio-count]').textContent.startsWith('2 assessment(s)')",
    );
    harness.assert_clean_run();
}
