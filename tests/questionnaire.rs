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
        .transitions()
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
        questionnaire.transitions()[0].advice.kind,
        AdviceKind::QuickWin
    );
    let ecosystems: Vec<&str> = questionnaire
        .ecosystems()
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

/// Applies one case's changes (`set`, `remove`, `copy`, by JSON pointer) to the fixture.
fn apply(file: &mut Value, case: &Value) {
    let parent_and_key = |pointer: &str| {
        let (parent, key) = pointer.rsplit_once('/').expect("a JSON pointer");
        (parent.to_string(), key.to_string())
    };
    let put = |file: &mut Value, pointer: &str, value: Value| {
        let (parent, key) = parent_and_key(pointer);
        match file
            .pointer_mut(&parent)
            .unwrap_or_else(|| panic!("no {parent}"))
        {
            Value::Array(items) if key == "-" => items.push(value),
            Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
            Value::Object(fields) => {
                fields.insert(key, value);
            }
            other => panic!("cannot set {pointer} in {other}"),
        }
    };
    for (pointer, value) in case["set"].as_object().into_iter().flatten() {
        put(file, pointer, value.clone());
    }
    for (pointer, source) in case["copy"].as_object().into_iter().flatten() {
        let value = file.pointer(source.as_str().unwrap()).unwrap().clone();
        put(file, pointer, value);
    }
    for pointer in case["remove"].as_array().into_iter().flatten() {
        let (parent, key) = parent_and_key(pointer.as_str().unwrap());
        match file.pointer_mut(&parent).unwrap() {
            Value::Array(items) => {
                items.remove(key.parse::<usize>().unwrap());
            }
            Value::Object(fields) => {
                fields.remove(&key);
            }
            other => panic!("cannot remove from {other}"),
        }
    }
}

/// Every case in `tests/fixtures/questionnaires/broken-cases.json` reports exactly its
/// problems, no more and no fewer. Adding a case needs no Rust: `UPDATE_EXPECT=1` fills in
/// what the validator says, for review.
#[test]
fn each_broken_file_reports_exactly_its_problems() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/questionnaires/broken-cases.json");
    let mut table: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut wrong = Vec::new();
    for case in table["cases"].as_array_mut().unwrap() {
        let actual = problems_after(|file| apply(file, case));
        assert!(!actual.is_empty(), "case `{}` breaks nothing", case["name"]);
        if update {
            case["problems"] = json!(actual);
        } else if case["problems"] != json!(actual) {
            wrong.push(format!(
                "case `{}`:\n  expected {:#}\n  got      {:#}",
                case["name"],
                case["problems"],
                json!(actual)
            ));
        }
    }
    if update {
        let text = serde_json::to_string_pretty(&table).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
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
