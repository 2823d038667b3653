//! The room's voice in a real browser: respondents answer alone in respondent mode (each in
//! a fresh browser profile) and send files; the facilitator imports them all at once, sees
//! the spread, agrees every question by keyboard, and the exports carry votes and
//! rationales. A show of hands typed by keyboard; refused files and links change nothing.

use e2e::webdriver::Session;
use e2e::{accessibility_violations, artifacts_dir, Harness};
use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::csv_export::answers_csv;
use mlops_maturity::domain::markdown::report_markdown;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::roadmap::plan;
use mlops_maturity::domain::room::{anonymised, Distribution, RespondentFile};
use serde_json::{json, Value};
use std::path::PathBuf;

/// Picks files in an `<input type="file" multiple>`.
fn choose_files(browser: &Session, testid: &str, files: &[PathBuf]) {
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    browser.send_keys(
        &browser.find(&format!("[data-testid={testid}]")),
        &paths.join("\n"),
    );
}

fn folder(name: &str) -> PathBuf {
    let dir = artifacts_dir().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The keys everyone's legend lists, in order.
const ANSWER_KEYS: [&str; 8] = ["0-3", "D", "N", "X", "J / ↓", "K / ↑", "H", "E"];

/// The keys the Questions view's legend lists, in order.
fn legend_keys(browser: &Session) -> Value {
    browser.execute(
        "return Array.from(document.querySelectorAll('.legend dt')).map(d => d.textContent)",
        vec![],
    )
}

/// Names the client "Acme Logistics" in Setup and gives back the link for respondents.
fn respondent_link(browser: &Session) -> String {
    browser.click_testid("tab-setup");
    browser.send_keys(&browser.find("#client"), "Acme Logistics");
    browser
        .execute(
            "return document.querySelector('[data-testid=respondent-link]').value",
            vec![],
        )
        .as_str()
        .unwrap()
        .to_string()
}

/// Answers every question as `keys` says (one key per question, cycled), in respondent
/// mode opened from `link`, and returns the file the respondent downloads.
fn answer_alone(
    link: &str,
    name: &str,
    keys: &str,
    questions: usize,
    out: &std::path::Path,
) -> PathBuf {
    let browser = Session::start();
    browser.goto(link);
    browser.wait_for(
        "respondent mode",
        "return document.querySelector('[data-testid=tab-send]') !== null",
    );
    // Respondent mode shows no weights, results, level or room.
    let hidden = browser.execute(
        "return ['[data-testid=tab-setup]', '[data-testid=tab-results]', '[data-testid=summary-level]', '.room', '.note-field'] \
           .filter(s => document.querySelector(s) !== null)",
        vec![],
    );
    assert_eq!(hidden, json!([]), "respondent mode shows none of these");
    // The key legend lists the keys that answer, none of the room's.
    assert_eq!(legend_keys(&browser), json!(ANSWER_KEYS));
    let typed: String = keys.chars().cycle().take(questions).collect();
    browser.press(&typed);
    browser.wait_for(
        "every answer",
        &format!("return document.querySelector('[data-testid=progress]').textContent.endsWith('{questions} of {questions} answered')"),
    );
    // The line in the sticky bar names the client the link named.
    assert_eq!(
        browser.text(&browser.find("[data-testid=progress]")),
        format!("Your own answers for Acme Logistics: {questions} of {questions} answered")
    );
    browser.click_testid("tab-send");
    browser.send_keys(&browser.find("#self-name"), name);
    browser.send_keys(&browser.find("#self-role"), "engineer");
    if name == "Ana" {
        browser.screenshot(&artifacts_dir().join("room-respondent-send.png"));
        let violations = accessibility_violations(&browser);
        assert!(
            violations.is_empty(),
            "axe in respondent mode: {violations:#?}"
        );
    }
    browser.click_testid("download-answers");
    let (file_name, text) = browser.downloaded(".respondent.json");
    assert!(file_name.contains(&name.to_lowercase()), "{file_name}");
    let path = out.join(&file_name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn three_respondents_answer_alone_and_the_room_agrees_every_question_by_keyboard() {
    let questionnaire = Questionnaire::built_in().unwrap();
    let questions = questionnaire.question_count();
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    // The facilitator's key legend ends with the room's keys.
    let mut keys = ANSWER_KEYS.to_vec();
    keys.extend(["V", "M", "R"]);
    assert_eq!(legend_keys(browser), json!(keys));
    let link = respondent_link(browser);
    assert!(link.starts_with(&harness.server.url("")), "{link}");
    assert!(
        link.contains("#respond?client=Acme%20Logistics&q=mlops-maturity&v=1.1.0"),
        "{link}"
    );

    let out = folder("room-files");
    let files = [
        answer_alone(&link, "Ana", "0123d", questions, &out),
        answer_alone(&link, "Ben", "1223n", questions, &out),
        answer_alone(&link, "Cy", "2211d2", questions, &out),
    ];

    choose_files(browser, "import-respondents", &files);
    let said = browser.take_notice();
    assert!(
        said.contains("3 respondent file(s) added, 0 refused"),
        "{said}"
    );
    assert_eq!(browser.find_all("[data-testid=respondent]").len(), 3);
    harness.assert_nothing_answered("votes alone do not score");
    browser.execute(
        "document.querySelector('#room-title').scrollIntoView()",
        vec![],
    );
    browser.screenshot(&artifacts_dir().join("room-setup.png"));
    let violations = accessibility_violations(browser);
    assert!(
        violations.is_empty(),
        "axe on Setup with respondents: {violations:#?}"
    );

    // The spread of the first question, as the domain computes it from the files.
    let read: Vec<RespondentFile> = files
        .iter()
        .map(|p| RespondentFile::from_json(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    let first = &questionnaire.areas[0].questions[0].id;
    let answers: Vec<Answer> = read.iter().map(|f| f.answers[first]).collect();
    assert_eq!(
        answers,
        [Answer::Level(0), Answer::Level(1), Answer::Level(2)]
    );
    browser.click_testid("tab-questions");
    let spread = browser.text(&browser.find("[data-question] [data-testid=room-spread]"));
    assert!(
        spread.contains("3 answer(s): 1×Level 0, 1×Level 1, 1×Level 2. Spread 2 level(s)."),
        "{spread}"
    );
    assert!(spread.contains("The room disagrees"), "{spread}");
    browser.execute(
        "document.querySelector('[data-testid=room-spread]').scrollIntoView({block: 'center'})",
        vec![],
    );
    browser.screenshot(&artifacts_dir().join("room-questions.png"));
    let violations = accessibility_violations(browser);
    assert!(
        violations.is_empty(),
        "axe on Questions with the room: {violations:#?}"
    );

    // Agree every question by keyboard: a rationale on the first (R, text, Enter), then
    // M for each question, which agrees the median and moves on.
    let rationale = "Ana showed the bucket policy";
    let mut keys = 0;
    browser.press("r");
    browser.press(rationale);
    browser.press("\u{E007}");
    keys += 2 + rationale.chars().count();
    browser.press(&"m".repeat(questions));
    keys += questions;
    harness.wait_for_answered(questions);
    println!("agreeing {questions} questions from 3 respondent files took {keys} key presses");

    browser.click_testid("tab-results");
    browser.wait_for(
        "the room's chart",
        "return document.querySelectorAll('[data-testid=chart]').length === 4",
    );
    let body = browser.text(&browser.find(".results-page"));
    browser.execute(
        "document.querySelectorAll('[data-testid=chart]')[3].scrollIntoView()",
        vec![],
    );
    browser.screenshot(&artifacts_dir().join("room-results-chart.png"));
    assert!(body.contains("Where the room disagreed"), "{body}");
    assert!(body.contains(&format!("Why: {rationale}")), "{body}");

    browser.click_testid("export-assessment");
    let (_, text) = browser.downloaded(".assessment.json");
    let assessment = Assessment::from_json(&text).unwrap();
    let names: Vec<&str> = assessment
        .respondents
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["Ana", "Ben", "Cy"]);
    for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
        let response = &assessment.responses[&question.id];
        for (respondent, file) in assessment.respondents.iter().zip(&read) {
            assert_eq!(response.votes[&respondent.id], file.answers[&question.id]);
        }
        assert_eq!(
            response.answer,
            Distribution::of(response).median(),
            "{} is agreed as the median",
            question.id
        );
    }
    assert_eq!(assessment.responses[first].rationale, rationale);

    let report = score(&questionnaire, &assessment);
    browser.click_testid("export-csv");
    let (_, csv) = browser.downloaded(".csv");
    assert_eq!(csv, answers_csv(&questionnaire, &assessment, &report));
    assert!(csv.lines().next().unwrap().contains("\"respondent: Ana\""));
    browser.click_testid("export-markdown");
    let (_, markdown) = browser.downloaded("-report.md");
    let roadmap_start = assessment.date; // none set: the roadmap starts today
    assert!(roadmap_start.is_none());
    assert!(
        markdown.contains("## Where the room disagreed"),
        "{markdown}"
    );
    assert!(markdown.contains(&format!("Why: {rationale}")));
    let today = mlops_maturity::domain::date::Date::parse(
        browser
            .execute(
                "const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');",
                vec![],
            )
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let roadmap = plan(&questionnaire, &assessment, &report, today);
    assert_eq!(
        markdown,
        report_markdown(&questionnaire, &assessment, &report, &roadmap)
    );

    browser.click_testid("export-anonymised");
    let (_, anonymous) = browser.downloaded("-anonymised.assessment.json");
    assert_eq!(anonymous, anonymised(&assessment).to_json());
    for secret in ["Ana", "Ben", "\"Cy\"", "bucket policy"] {
        assert!(!anonymous.contains(secret), "{secret} survived anonymising");
    }
    harness.assert_clean_run();
}

#[test]
fn a_show_of_hands_by_keyboard_and_refused_files_and_links_change_nothing() {
    let questionnaire = Questionnaire::built_in().unwrap();
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;

    // V opens the room's line of the current question; with nobody listed it is the show
    // of hands. Enter saves it and leaves the field; M agrees the median and moves on.
    browser.press("v");
    browser.wait_for(
        "the show-of-hands field to have focus",
        "return document.activeElement && document.activeElement.dataset.testid === 'room-hands'",
    );
    browser.press("0 2 3 0 1\u{E007}");
    browser.wait_for(
        "the spread",
        "return document.querySelector('[data-testid=room-spread]').textContent.startsWith('6 answer(s)')",
    );
    browser.press("m");
    harness.wait_for_answered(1);
    let first = &questionnaire.areas[0].questions[0].id;
    let checked = browser.execute(
        &format!("return document.querySelector('[data-question=\"{first}\"] input:checked').parentElement.textContent"),
        vec![],
    );
    assert!(
        checked.as_str().unwrap().starts_with("Level 1"),
        "{checked}"
    );
    // A line that is not a show of hands is refused with the reason.
    browser.press("kv");
    browser.wait_for(
        "the first question's show of hands to have focus",
        "return document.activeElement && document.activeElement.dataset.testid === 'room-hands'",
    );
    browser.execute("document.activeElement.select()", vec![]);
    browser.press("1 2\u{E007}");
    let said = browser.take_notice();
    assert!(said.contains("type 4 to 6 counts"), "{said}");
    assert!(said.contains("(typed \"1 2\")"), "{said}");
    let kept = browser.execute(
        "return document.querySelector('[data-testid=room-hands]').value",
        vec![],
    );
    assert_eq!(kept, "0 2 3 0 1 0");

    // Respondent files: one good, one for another questionnaire, one damaged, at once.
    let out = folder("room-refused");
    let good = json!({
        "format": "mlops-maturity-respondent",
        "format_version": 1,
        "questionnaire": { "id": "mlops-maturity", "version": "1.1.0" },
        "client": "",
        "respondent": { "id": "p1", "name": "Dee", "role": "" },
        "answers": { first: 3 }
    });
    let mut foreign = good.clone();
    foreign["questionnaire"]["id"] = Value::from("devops-maturity");
    foreign["respondent"]["id"] = Value::from("p2");
    let files = [
        ("good.respondent.json", good.to_string()),
        ("foreign.respondent.json", foreign.to_string()),
        (
            "damaged.respondent.json",
            good.to_string()[..60].to_string(),
        ),
    ]
    .map(|(name, text)| {
        let path = out.join(name);
        std::fs::write(&path, text).unwrap();
        path
    });
    browser.click_testid("tab-setup");
    choose_files(browser, "import-respondents", &files);
    let said = browser.take_notice();
    assert!(
        said.contains("1 respondent file(s) added, 2 refused"),
        "{said}"
    );
    assert!(said.contains("\"devops-maturity\""), "{said}");
    assert!(
        said.contains("damaged.respondent.json was refused"),
        "{said}"
    );
    assert_eq!(browser.find_all("[data-testid=respondent]").len(), 1);

    // A respondent file dropped into the library import is explained, not imported.
    browser.click_testid("tab-library");
    let entries = browser.find_all("[data-testid=library-entry]").len();
    browser.send_keys(
        &browser.find("[data-testid=import-file]"),
        &files[0].display().to_string(),
    );
    let said = browser.take_notice();
    assert!(said.contains("one respondent's answers"), "{said}");
    assert_eq!(
        browser.find_all("[data-testid=library-entry]").len(),
        entries
    );

    // A tampered respondent link is refused and opens nothing.
    browser.goto(&format!(
        "{}#respond?client=A&v=1.1.0",
        harness.server.url("")
    ));
    let said = browser.take_notice();
    assert!(said.contains("This respondent link is damaged"), "{said}");
    assert_eq!(browser.find_all("[data-testid=tab-send]").len(), 0);
    assert_eq!(
        browser.find_all("[data-testid=library-entry]").len(),
        entries
    );
    harness.assert_clean_run();
}

/// One answer key per person for question `i` of a five-person room.
fn room_line(i: usize) -> String {
    const KEYS: [&str; 6] = ["0", "1", "2", "3", "d", "n"];
    (0..5)
        .map(|person| KEYS[(i * 7 + person * (i % 3 + 1)) % 6])
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_five_person_workshop_runs_by_keyboard_alone() {
    let questionnaire = Questionnaire::built_in().unwrap();
    let questions = questionnaire.question_count();
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let mut keys = 0usize;
    let mut press = |text: &str| {
        browser.press(text);
        keys += text.chars().count();
    };
    // Views are buttons: reach one with the keyboard (focus, Enter).
    let open_view = |testid: &str| {
        browser.execute(
            &format!("document.querySelector('[data-testid={testid}]').focus()"),
            vec![],
        );
        browser.press("\u{E007}");
    };
    open_view("tab-setup");
    let people = ["Ana", "Ben", "Cy", "Dee", "Eli"];
    browser.execute(
        "document.querySelector('[data-testid=add-respondent]').focus()",
        vec![],
    );
    for name in people {
        // Enter adds a person and puts the cursor in the name; three Tabs (role, Remove)
        // come back to "Add a respondent".
        press("\u{E007}");
        browser.wait_for(
            "the new name field to have focus",
            "return document.activeElement && document.activeElement.id.startsWith('respondent-name-')",
        );
        press(name);
        press("\u{E004}\u{E004}\u{E004}");
    }
    assert_eq!(browser.find_all("[data-testid=respondent]").len(), 5);
    open_view("tab-questions");
    for i in 0..questions {
        press("v");
        press(&room_line(i));
        press("\u{E007}m");
    }
    harness.wait_for_answered(questions);
    println!(
        "a five-person workshop with {questions} questions typed and agreed in {keys} key presses, plus 2 to reach Setup and Questions"
    );
    open_view("tab-results");
    browser.execute(
        "document.querySelector('[data-testid=export-assessment]').focus()",
        vec![],
    );
    browser.press("\u{E007}");
    let (_, text) = browser.downloaded(".assessment.json");
    let assessment = Assessment::from_json(&text).unwrap();
    let names: Vec<&str> = assessment
        .respondents
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, people);
    for (i, question) in questionnaire
        .areas
        .iter()
        .flat_map(|a| &a.questions)
        .enumerate()
    {
        assert_eq!(
            mlops_maturity::domain::room::votes_line(&assessment, &question.id),
            room_line(i).to_uppercase(),
            "{}",
            question.id
        );
        let response = &assessment.responses[&question.id];
        assert_eq!(response.answer, Distribution::of(response).median());
    }
    harness.assert_clean_run();
}

#[test]
fn a_room_panel_clicked_open_shows_its_fields_and_takes_a_show_of_hands() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let first = "fieldset.question:first-of-type";
    // Closed and empty until opened: a workshop without a room builds no fields.
    assert!(browser
        .find_all(&format!("{first} details.room input"))
        .is_empty());
    browser.click(&browser.find(&format!("{first} details.room summary")));
    browser.wait_for(
        "the room's fields",
        "return document.querySelector('fieldset.question details.room[open] [data-testid=room-hands]') !== null",
    );
    let hands = browser.find(&format!("{first} [data-testid=room-hands]"));
    browser.send_keys(&hands, "0 1 2 0 0 0\u{E007}");
    browser.wait_for(
        "the spread",
        "return document.querySelector('[data-testid=room-spread]').textContent.startsWith('3 answer(s)')",
    );
    // Opening another question's panel closes this one (one at a time until the room is
    // active); a show of hands makes it active, so both stay open now.
    let second = browser.find_all("fieldset.question details.room summary")[1].clone();
    browser.click(&second);
    browser.wait_for(
        "both panels open",
        "return document.querySelectorAll('details.room[open] [data-testid=room-hands]').length >= 2",
    );
}

/// The keys typed after V while the room's part is on its way go into the show-of-hands
/// field whole. The framework writes a new field's saved line a moment after the field is
/// on the page (in a microtask); keys typed into it before that write were wiped, and the
/// show of hands was lost in about one try in five. A race, so the test tries ten fresh
/// browsers: before the mend it failed in most runs of it, after it in none of 40 tries.
#[test]
fn keys_typed_after_v_while_the_room_part_arrives_are_never_wiped() {
    for round in 1..=10 {
        let harness = Harness::start("/");
        harness.open_app();
        let browser = &harness.browser;
        browser.press("2103d21n3212");
        browser.press("v");
        browser.press("0 2 3 0 1\u{E007}m");
        // Enter saves the show of hands and M agrees its median: the thirteenth answer.
        harness.wait_for_answered(13);
        let hands = browser.execute(
            "return document.getElementById('room-hands-models.environments').value",
            vec![],
        );
        assert_eq!(hands, json!("0 2 3 0 1 0"), "round {round}");
        harness.assert_clean_run();
    }
}

/// How many question cards, notes fields and room panels the Questions view has built (in
/// every area built so far, shown or not).
fn cards_notes_and_room_panels(browser: &Session) -> (u64, u64, u64) {
    let counts = browser.execute(
        "return ['fieldset.question', '.note-field', 'details.room'].map(s => document.querySelectorAll(s).length)",
        vec![],
    );
    let count = |i: usize| counts[i].as_u64().unwrap();
    (count(0), count(1), count(2))
}

/// Opens, from the library, the assessment that is not open, and shows its questions.
fn open_the_other_assessment(browser: &Session) {
    browser.click_testid("tab-library");
    browser.click(&browser.button("[data-testid=library-entry]:not(.open)", "Open"));
    browser.click_testid("tab-questions");
}

/// A question card reads once, when it is built, whether the page is a respondent's: the
/// view builds its areas again when that changes. One page opens a respondent's assessment
/// and the workshop's in turn from the library: the respondent's cards never have notes or
/// room panels, the workshop's always do.
#[test]
fn a_respondents_and_the_workshops_assessment_opened_in_turn_each_show_their_own_cards() {
    let harness = Harness::start("/");
    harness.open_app();
    let browser = &harness.browser;
    let check = |respondent: bool| {
        let (cards, notes, rooms) = cards_notes_and_room_panels(browser);
        assert!(cards > 0);
        let expected = if respondent { 0 } else { cards };
        assert_eq!(
            (notes, rooms),
            (expected, expected),
            "{cards} cards, respondent's page: {respondent}"
        );
    };
    check(false);
    let link = respondent_link(browser);
    browser.goto(&link);
    browser.wait_for(
        "respondent mode",
        "return document.querySelector('[data-testid=tab-send]') !== null",
    );
    check(true);
    for respondent in [false, true, false] {
        open_the_other_assessment(browser);
        let tab = if respondent { "!== null" } else { "=== null" };
        browser.wait_for(
            "the other assessment",
            &format!("return document.querySelector('[data-testid=tab-send]') {tab}"),
        );
        browser.wait_for(
            "its cards",
            "return document.querySelector('section.area:not([hidden]) fieldset.question') !== null",
        );
        check(respondent);
    }
    harness.assert_clean_run();
}
