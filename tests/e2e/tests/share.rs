//! Share links in a real browser: an assessment's link opened in a fresh profile imports
//! the same report; a tampered link is refused and changes nothing; respondents' links
//! added to an assessment give the same spread as their files.

use e2e::webdriver::Session;
use e2e::{artifacts_dir, Harness};
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::room::Distribution;
use std::path::PathBuf;

fn value(browser: &Session, css: &str) -> String {
    browser
        .execute(
            &format!("return document.querySelector('{css}').value"),
            vec![],
        )
        .as_str()
        .unwrap()
        .to_string()
}

fn exported(browser: &Session) -> Assessment {
    Assessment::from_json(&browser.export_open_assessment()).unwrap()
}

#[test]
fn a_share_link_opened_in_a_fresh_profile_imports_the_same_report_and_a_tampered_one_changes_nothing(
) {
    let questionnaire = Questionnaire::built_in().unwrap();
    let harness = Harness::start("/");
    harness.open_app();
    let sender = &harness.browser;
    sender.press("2103d21n3212");
    harness.wait_for_answered(12);
    sender.click_testid("tab-setup");
    sender.send_keys(&sender.find("#client"), "Zürich Öko & Söhne");
    sender.click_testid("tab-results");
    sender.click_testid("make-share-link");
    sender.wait_for_element("[data-testid=share-link]");
    let link = value(sender, "[data-testid=share-link]");
    assert!(link.starts_with(&harness.server.url("")), "{link}");
    assert!(link.len() < 2000, "{}", link.len());
    sender.wait_for(
        "the QR code",
        "const i = document.querySelector('[data-testid=share-qr]'); return i.complete && i.naturalWidth > 0",
    );
    sender.screenshot(&artifacts_dir().join("share-panel.png"));
    let original = exported(sender);

    let receiver = Session::start();
    receiver.goto(&link);
    receiver.import_shared_offer("an assessment for Zürich Öko & Söhne: 12 of 37");
    assert_eq!(
        receiver.execute("return location.hash", vec![]),
        "",
        "the link leaves the address bar once used"
    );
    let imported = exported(&receiver);
    assert_eq!(imported, original);
    assert_eq!(
        score(&questionnaire, &imported),
        score(&questionnaire, &original)
    );
    receiver.click_testid("tab-library");
    let entries_before = receiver.find_all("[data-testid=library-entry]").len();
    assert_eq!(
        entries_before, 2,
        "the imported entry beside the receiver's first one"
    );

    // One character changed: refused with the reason, nothing imported or changed.
    let at = link.len() - 10;
    let swapped = if &link[at..at + 1] == "A" { "B" } else { "A" };
    let tampered = format!("{}{swapped}{}", &link[..at], &link[at + 1..]);
    receiver.goto(&tampered);
    let said = receiver.take_notice();
    assert!(said.contains("This share link is damaged"), "{said}");
    assert!(said.contains("nothing was imported"), "{said}");
    assert_eq!(receiver.find_all("[data-testid=shared-offer]").len(), 0);
    assert_eq!(
        receiver.find_all("[data-testid=library-entry]").len(),
        entries_before
    );
    harness.assert_clean_run();
}

/// A respondent answers alone from `invite` and returns their answers' link and file.
fn respondent(invite: &str, name: &str, keys: &str, out: &std::path::Path) -> (String, PathBuf) {
    let browser = Session::start();
    browser.goto(invite);
    browser.wait_for_element("[data-testid=tab-send]");
    let typed: String = keys.chars().cycle().take(37).collect();
    browser.press(&typed);
    browser.wait_for(
        "every answer",
        "return document.querySelector('[data-testid=progress]').textContent.endsWith('37 of 37 answered')",
    );
    browser.click_testid("tab-send");
    browser.send_keys(&browser.find("#self-name"), name);
    browser.click_testid("send-link");
    browser.wait_for_element("[data-testid=own-link]");
    let link = value(&browser, "[data-testid=own-link]");
    browser.wait_for(
        "the QR code of the answers' link",
        "const i = document.querySelector('[data-testid=own-qr]'); return i.complete && i.naturalWidth > 0",
    );
    browser.click_testid("download-answers");
    let (file_name, text) = browser.downloaded(".respondent.json");
    let path = out.join(file_name);
    std::fs::write(&path, text).unwrap();
    (link, path)
}

#[test]
fn respondents_links_give_the_same_spread_as_their_files() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    browser.click_testid("tab-setup");
    browser.send_keys(&browser.find("#client"), "Acme");
    let invite = value(browser, "[data-testid=respondent-link]");
    browser.click_testid("show-join-qr");
    browser.wait_for(
        "the join QR code",
        "const i = document.querySelector('[data-testid=join-qr]'); return i.complete && i.naturalWidth > 0",
    );

    let out = artifacts_dir().join("share-respondents");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let sent: Vec<(String, PathBuf)> = [("Ana", "0123d"), ("Ben", "3n21"), ("Cy", "2")]
        .iter()
        .map(|(name, keys)| respondent(&invite, name, keys, &out))
        .collect();

    // The links, opened one after another in the facilitator's page.
    for (link, _) in &sent {
        assert!(link.len() < 400, "{}", link.len());
        browser.goto(link);
        browser.wait_for_element("[data-testid=add-shared]");
        browser.click_testid("add-shared");
        let said = browser.take_notice();
        assert!(said.contains("Added to \"Untitled assessment\""), "{said}");
    }
    let by_link = exported(browser);
    assert_eq!(by_link.respondents.len(), 3);

    // The files, imported into a second assessment.
    browser.click_testid("tab-library");
    browser.click_testid("new-assessment");
    browser.click_testid("tab-setup");
    let files: Vec<String> = sent.iter().map(|(_, p)| p.display().to_string()).collect();
    browser.send_keys(
        &browser.find("[data-testid=import-respondents]"),
        &files.join("\n"),
    );
    let said = browser.take_notice();
    assert!(said.contains("3 respondent file(s) added"), "{said}");
    let by_file = exported(browser);

    assert_eq!(by_file.respondents, by_link.respondents);
    let questionnaire = Questionnaire::built_in().unwrap();
    for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
        let spread = |a: &Assessment| a.responses.get(&question.id).map(Distribution::of);
        assert_eq!(spread(&by_link), spread(&by_file), "{}", question.id);
        assert_eq!(
            by_link.responses[&question.id].votes,
            by_file.responses[&question.id].votes
        );
    }
    harness.assert_clean_run();
}
