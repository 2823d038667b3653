//! Questionnaire files: every shipped file validates, and each kind of broken file is
//! reported with a message that names the item and what is wrong.

use mlops_maturity::domain::questionnaire::{
    AdviceKind, Questionnaire, QuestionnaireError, MAX_FILE_BYTES,
};
use serde_json::{json, Value};
use std::path::Path;

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/questionnaires/three-areas.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Applies `change` to the valid fixture and returns every problem line reported.
fn problems_after(change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut file = fixture();
    change(&mut file);
    match Questionnaire::from_json(&file.to_string()) {
        Ok(_) => Vec::new(),
        Err(error) => error.lines(),
    }
}

#[test]
fn every_file_in_questionnaires_validates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".schema.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(error) = Questionnaire::from_json(&text) {
            panic!("{name} does not validate:\n{error}");
        }
        checked += 1;
    }
    assert!(
        checked >= 1,
        "no questionnaire files found in {}",
        dir.display()
    );
}

#[test]
fn the_default_questionnaire_covers_the_seven_areas_with_four_to_six_questions() {
    let questionnaire = Questionnaire::built_in().unwrap();
    let ids: Vec<&str> = questionnaire.areas.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "data",
            "experiments",
            "models",
            "training",
            "testing",
            "deployment",
            "monitoring"
        ]
    );
    for area in &questionnaire.areas {
        let count = area.questions.len();
        assert!(
            (4..=6).contains(&count),
            "{} has {count} questions",
            area.id
        );
    }
    let weeks: Vec<(u8, u8, u32, u32, bool)> = questionnaire
        .transitions
        .iter()
        .map(|t| (t.from, t.to, t.min_weeks, t.max_weeks, t.per_project_type))
        .collect();
    assert_eq!(
        weeks,
        [
            (0, 1, 2, 4, true),
            (1, 2, 4, 8, false),
            (2, 3, 6, 12, false)
        ]
    );
    assert_eq!(
        questionnaire.transitions[0].advice.kind,
        AdviceKind::QuickWin
    );
    let ecosystems: Vec<&str> = questionnaire
        .ecosystems
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ecosystems, ["aws", "gcp", "open_source", "databricks"]);
}

#[test]
fn the_fixture_itself_is_valid() {
    assert_eq!(problems_after(|_| {}), Vec::<String>::new());
    let questionnaire = Questionnaire::from_json(&fixture().to_string()).unwrap();
    assert_eq!(questionnaire.areas.len(), 3);
    assert_eq!(questionnaire.question_count(), 4);
}

/// One broken file per row: what is changed, and the problem line expected.
#[test]
fn each_broken_file_is_reported_precisely() {
    type Change = fn(&mut Value);
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "duplicate area id",
            |f| f["areas"][1]["id"] = json!("sources"),
            "area `sources`: duplicate area id \"sources\"",
        ),
        (
            "duplicate question id across areas",
            |f| f["areas"][1]["questions"][0]["id"] = json!("sources.checked"),
            "area `release`, question `sources.checked`: duplicate question id \"sources.checked\"",
        ),
        (
            "area without questions",
            |f| f["areas"][2]["questions"] = json!([]),
            "area `watch`: has no questions",
        ),
        (
            "question missing a level",
            |f| {
                f["areas"][0]["questions"][1]["options"]
                    .as_array_mut()
                    .unwrap()
                    .remove(2);
            },
            "area `sources`, question `sources.checked`: has no option for level 2",
        ),
        (
            "two options for one level",
            |f| f["areas"][1]["questions"][0]["options"][3]["level"] = json!(1),
            "area `release`, question `release.automated`: has two options for level 1",
        ),
        (
            "option level out of range",
            |f| f["areas"][1]["questions"][0]["options"][3]["level"] = json!(7),
            "area `release`, question `release.automated`, option for level 7: `level` 7 is outside the levels 0 to 3",
        ),
        (
            "zero area weight",
            |f| f["areas"][0]["weight"] = json!(0),
            "area `sources`: `weight` must be greater than 0 and at most 1000, with at most three decimals (found 0)",
        ),
        (
            "negative question weight",
            |f| f["areas"][2]["questions"][0]["weight"] = json!(-1.5),
            "area `watch`, question `watch.alerts`: `weight` must be greater than 0 and at most 1000, with at most three decimals (found -1.5)",
        ),
        (
            "missing weight",
            |f| {
                f["areas"][1].as_object_mut().unwrap().remove("weight");
            },
            "area `release`: `weight` is missing",
        ),
        (
            "missing transition",
            |f| {
                f["transitions"].as_array_mut().unwrap().remove(1);
            },
            "transitions: transition 1→2 is missing",
        ),
        (
            "overlapping transitions",
            |f| {
                let copy = f["transitions"][0].clone();
                f["transitions"].as_array_mut().unwrap().push(copy);
            },
            "transition 0→1: overlaps another transition from the same level",
        ),
        (
            "transition skipping a level",
            |f| f["transitions"][2]["from"] = json!(1),
            "transition 1→3: must go up exactly one level",
        ),
        (
            "maximum below minimum",
            |f| f["transitions"][1]["max_weeks"] = json!(1),
            "transition 1→2: `max_weeks` (1) is below `min_weeks` (2)",
        ),
        (
            "unknown advice kind",
            |f| f["transitions"][0]["advice"]["kind"] = json!("tip"),
            "transition 0→1, advice: `kind` must be \"quick_win\" or \"key_challenge\" (found \"tip\")",
        ),
        (
            "unknown area in a tool mapping",
            |f| f["ecosystems"][0]["tools"][0]["areas"] = json!(["release", "nowhere"]),
            "ecosystem `oss`, tool `MLflow`: unknown area id \"nowhere\"",
        ),
        (
            "empty question prompt",
            |f| f["areas"][0]["questions"][0]["prompt"] = json!("   "),
            "area `sources`, question `sources.versioned`: `prompt` is empty",
        ),
        (
            "missing option text",
            |f| {
                f["areas"][0]["questions"][0]["options"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("text");
            },
            "area `sources`, question `sources.versioned`, option for level 0: `text` is missing",
        ),
        (
            "empty area title",
            |f| f["areas"][1]["title"] = json!(""),
            "area `release`: `title` is empty",
        ),
        (
            "id with spaces",
            |f| f["areas"][2]["id"] = json!("prod watch"),
            "area `prod watch`: `id` \"prod watch\" may only contain letters, digits, `_`, `-` and `.`",
        ),
        (
            "missing level definition",
            |f| {
                f["levels"].as_array_mut().unwrap().remove(3);
            },
            "levels: level 3 is not defined",
        ),
        (
            "missing questionnaire id",
            |f| {
                f.as_object_mut().unwrap().remove("id");
            },
            "questionnaire: `id` is missing",
        ),
        (
            "two options with the same text",
            |f| {
                let text = f["areas"][0]["questions"][0]["options"][1]["text"].clone();
                f["areas"][0]["questions"][0]["options"][2]["text"] = text;
            },
            "area `sources`, question `sources.versioned`: the options for levels 1 and 2 have the same text",
        ),
        (
            "two questions asking the same",
            |f| {
                let prompt = f["areas"][0]["questions"][0]["prompt"].clone();
                f["areas"][1]["questions"][0]["prompt"] = prompt;
            },
            "area `release`, question `release.automated`: asks the same as question `sources.versioned`",
        ),
        (
            "empty option help",
            |f| f["areas"][0]["questions"][0]["options"][0]["help"] = json!(" "),
            "area `sources`, question `sources.versioned`, option for level 0: `help` is empty",
        ),
        (
            "a previous version mapping to an unknown question",
            |f| {
                f["previous_versions"] = json!([{ "version": "2.0.0", "same_meaning": { "old.q": "ghost.q" } }])
            },
            "previous version 2.0.0: \"old.q\" maps to unknown question \"ghost.q\"",
        ),
        (
            "two old questions onto one",
            |f| {
                f["previous_versions"] = json!([{ "version": "2.0.0", "same_meaning": { "a": "sources.checked", "b": "sources.checked" } }])
            },
            "previous version 2.0.0: question \"sources.checked\" is the target of two old questions",
        ),
        (
            "a previous version that is this version",
            |f| f["previous_versions"] = json!([{ "version": "2.1.0", "same_meaning": {} }]),
            "previous version 2.1.0: is this questionnaire's own version",
        ),
        (
            "area without an id is named by position",
            |f| {
                f["areas"][1].as_object_mut().unwrap().remove("id");
            },
            "area #2: `id` is missing",
        ),
    ];
    for (name, change, expected) in cases {
        let problems = problems_after(change);
        assert!(
            problems.iter().any(|p| p == expected),
            "case `{name}`: expected the problem\n  {expected}\nbut got\n  {problems:#?}"
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let problems = problems_after(|f| {
        f["areas"][0]["weight"] = json!(-1);
        f["areas"][2]["questions"] = json!([]);
        f["transitions"].as_array_mut().unwrap().remove(2);
        f["ecosystems"][0]["tools"][0]["areas"] = json!(["ghost"]);
    });
    assert_eq!(
        problems,
        [
            "area `sources`: `weight` must be greater than 0 and at most 1000, with at most three decimals (found -1)",
            "area `watch`: has no questions",
            "transitions: transition 2→3 is missing",
            "ecosystem `oss`, tool `MLflow`: unknown area id \"ghost\"",
        ]
    );
}

#[test]
fn text_that_is_not_json_names_the_line_and_column() {
    let error = Questionnaire::from_json("{\n  \"id\": \"x\",\n  oops\n}").unwrap_err();
    assert!(matches!(error, QuestionnaireError::NotJson(_)), "{error:?}");
    assert!(error.to_string().contains("line 3 column 3"), "{error}");
}

#[test]
fn values_of_the_wrong_type_are_reported_as_not_json() {
    let error = Questionnaire::from_json("{\"areas\": \"seven\"}").unwrap_err();
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[test]
fn files_over_the_cap_are_refused_before_parsing() {
    let huge = format!("{{\"title\": \"{}\"}}", "x".repeat(MAX_FILE_BYTES));
    let error = Questionnaire::from_json(&huge).unwrap_err();
    assert_eq!(error, QuestionnaireError::TooLarge { bytes: huge.len() });
    assert!(error.to_string().contains("at most 1024 KB"), "{error}");
}

/// Markup in a questionnaire is data: the validator keeps it as typed, and every renderer
/// outside the browser escapes it (the app shows text nodes only, tested end to end).
#[test]
fn markup_in_texts_stays_text_in_every_export() {
    use mlops_maturity::domain::assessment::Assessment;
    use mlops_maturity::domain::{charts, csv_export, date::Date, markdown, report, roadmap};
    let markup = "<script>alert(1)</script><b>Data</b>";
    let mut file = fixture();
    file["areas"][0]["title"] = json!(markup);
    file["areas"][0]["questions"][0]["prompt"] = json!(markup);
    let questionnaire = Questionnaire::from_json(&file.to_string()).unwrap();
    assert_eq!(questionnaire.areas[0].title, markup);
    let mut assessment = Assessment::new(&questionnaire);
    assessment.set_answer(
        "sources.versioned",
        Some(mlops_maturity::domain::answer::Answer::Level(1)),
    );
    let scored = report::score(&questionnaire, &assessment);
    let today = Date::parse("2027-01-04").unwrap();
    let plan = roadmap::plan(&questionnaire, &assessment, &scored, today);
    let md = markdown::report_markdown(&questionnaire, &assessment, &scored, &plan);
    assert!(
        !md.contains("<script>") && md.contains("\\<script\\>"),
        "{md}"
    );
    for chart in charts::all(&scored, &plan) {
        assert!(!chart.svg.contains("<script>"), "{}", chart.id);
        assert!(!chart.svg.contains("<b>"), "{}", chart.id);
    }
    // CSV is not markup, but the cell holds exactly the text, quoted.
    let csv = csv_export::answers_csv(&questionnaire, &assessment, &scored);
    assert!(csv.contains(&format!("\"{markup}\"")), "{csv}");
}
