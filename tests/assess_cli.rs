//! The `assess` command line: reports for fixture files, and one-line errors for bad input.
#![cfg(not(target_arch = "wasm32"))]

use expect_test::expect_file;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

fn assess(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_assess"))
        .args(args)
        .output()
        .expect("run assess")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn markdown_report_of_a_realistic_workshop_matches_the_snapshot() {
    let file = fixture("assessments/acme-workshop.json");
    let output = assess(&["report", file.to_str().unwrap(), "--today", "2026-11-26"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "");
    expect_file!["snapshots/acme-workshop.md"].assert_eq(&text(&output.stdout));
}

#[test]
fn json_report_carries_level_index_gaps_and_phases() {
    let file = fixture("assessments/acme-workshop.json");
    let output = assess(&[
        "report",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        "2026-11-26",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["report"]["level"], 0);
    assert_eq!(json["report"]["answered"], 28);
    assert_eq!(json["report"]["provisional"], true);
    assert_eq!(json["report"]["gaps"][0]["area_id"], "monitoring");
    assert_eq!(json["roadmap"]["phases"].as_array().unwrap().len(), 3);
    assert_eq!(json["roadmap"]["phases"][0]["min_weeks"], 4);
    assert_eq!(json["roadmap"]["phases"][0]["max_weeks"], 8);
    assert_eq!(json["roadmap"]["latest_end"], "2027-07-19");
}

#[test]
fn csv_format_prints_the_apps_csv() {
    let file = fixture("assessments/acme-workshop.json");
    let output = assess(&["report", file.to_str().unwrap(), "--format", "csv"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let assessment = mlops_maturity::domain::assessment::Assessment::from_json(
        &std::fs::read_to_string(&file).unwrap(),
    )
    .unwrap();
    let questionnaire = mlops_maturity::domain::questionnaire::Questionnaire::built_in_version(
        &assessment.questionnaire.version,
    )
    .unwrap();
    let report = mlops_maturity::domain::report::score(&questionnaire, &assessment);
    let expected =
        mlops_maturity::domain::csv_export::answers_csv(&questionnaire, &assessment, &report);
    assert_eq!(text(&output.stdout), expected);
}

#[test]
fn a_custom_questionnaire_can_be_named() {
    let file = fixture("assessments/acme-lite.json");
    let questionnaire = fixture("questionnaires/three-areas.json");
    let output = assess(&[
        "report",
        file.to_str().unwrap(),
        "--questionnaire",
        questionnaire.to_str().unwrap(),
        "--today",
        "2027-01-04",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    assert!(report.contains("**Level 0: Ad hoc**"), "{report}");
    assert!(report.contains("Level 0 → 2: 3-8 weeks"), "{report}");
}

/// Each bad invocation: the arguments, the exit code, and a phrase the one-line error names.
#[test]
fn bad_input_gives_a_one_line_error_and_a_non_zero_exit() {
    let tmp = std::env::temp_dir().join(format!("assess-cli-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let write = |name: &str, body: &str| {
        let path = tmp.join(name);
        std::fs::write(&path, body).unwrap();
        path.to_str().unwrap().to_string()
    };
    let not_json = write("not-json.json", "{ this is not json");
    let not_assessment = write("other.json", "{\"hello\": 1}");
    let newer = write(
        "newer.json",
        "{\"format\": \"mlops-maturity-assessment\", \"format_version\": 99}",
    );
    let bad_target = std::fs::read_to_string(fixture("assessments/acme-workshop.json"))
        .unwrap()
        .replace("\"target_level\": 3", "\"target_level\": 7");
    let bad_target = write("bad-target.json", &bad_target);
    let lite = fixture("assessments/acme-lite.json");
    let lite = lite.to_str().unwrap();
    let missing = tmp.join("missing.json");
    let missing = missing.to_str().unwrap();

    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["report", missing], 1, "cannot read"),
        (
            vec!["report", &not_json],
            1,
            "not a readable assessment: expected a key in quotes at line 1",
        ),
        (vec!["report", &not_assessment], 1, "not an assessment"),
        (vec!["report", &newer], 1, "newer than this app reads"),
        (
            vec!["report", &bad_target],
            1,
            "`target_level` must be from 1 to 3 (found 7)",
        ),
        (
            vec!["report", lite],
            1,
            "answers the questionnaire \"acme-lite\", not \"mlops-maturity\"",
        ),
        (
            vec!["report", lite, "--questionnaire", &not_json],
            1,
            "not a questionnaire in JSON",
        ),
        (vec![], 2, "a command is needed"),
        (vec!["render", lite], 2, "unknown command \"render\""),
        (vec!["report"], 2, "the assessment FILE is missing"),
        (
            vec!["report", lite, "--format", "pdf"],
            2,
            "unknown format \"pdf\"",
        ),
        (
            vec!["report", lite, "--today", "tomorrow"],
            2,
            "is not a date",
        ),
    ];
    for (args, code, phrase) in cases {
        let output = assess(&args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?} printed to stdout");
        let first_line = stderr.lines().next().unwrap_or_default();
        assert!(first_line.starts_with("assess: "), "{args:?}: {stderr}");
        assert!(
            first_line.contains(phrase),
            "{args:?}: expected \"{phrase}\" in\n{stderr}"
        );
        if code == 1 {
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        }
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    std::fs::remove_dir_all(&tmp).unwrap();
}

/// "Today" is the user's local date, as in the app: at any moment one of UTC+14 and
/// UTC-12 is on another calendar day than UTC.
#[test]
fn today_is_the_local_date() {
    use mlops_maturity::domain::date::Date;
    let mut file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("assessments/acme-lite.json")).unwrap(),
    )
    .unwrap();
    file["settings"]["start_date"] = serde_json::Value::Null;
    let path = std::env::temp_dir().join(format!("assess-today-{}.json", std::process::id()));
    std::fs::write(&path, file.to_string()).unwrap();
    let questionnaire = fixture("questionnaires/three-areas.json");
    for (zone, offset_hours) in [("Etc/GMT-14", 14i64), ("Etc/GMT+12", -12)] {
        let output = Command::new(env!("CARGO_BIN_EXE_assess"))
            .args(["report", path.to_str().unwrap(), "--format", "json"])
            .args(["--questionnaire", questionnaire.to_str().unwrap()])
            .env("TZ", zone)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let local = Date::from_days_since_epoch((seconds + offset_hours * 3600).div_euclid(86_400));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["roadmap"]["start"], local.to_string(), "{zone}");
    }
    std::fs::remove_file(&path).ok();
}

#[test]
fn a_workshop_with_respondents_reports_where_the_room_disagreed() {
    let file = fixture("assessments/acme-room.json");
    let output = assess(&["report", file.to_str().unwrap(), "--today", "2026-11-27"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    expect_file!["snapshots/acme-room.md"].assert_eq(&text(&output.stdout));
    let csv = assess(&[
        "report",
        file.to_str().unwrap(),
        "--format",
        "csv",
        "--today",
        "2026-11-27",
    ]);
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    // CRLF rows, which expect-test does not keep in a file: compared as LF.
    let rows = text(&csv.stdout);
    assert_eq!(
        rows.matches("\r\n").count(),
        38,
        "a header and one CRLF row per question"
    );
    expect_file!["snapshots/acme-room.csv"].assert_eq(&rows.replace("\r\n", "\n"));
}
