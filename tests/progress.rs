//! Progress over time: follow-ups and their lineage, comparisons, the portfolio, quartiles
//! and the anonymised benchmark file.

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::progress::{
    band, benchmark_rows, compare, follow_up, incomparable, last_time, portfolio, quartiles,
    BenchmarkFile, BenchmarkRow, Change, Filter,
};
use mlops_maturity::domain::questionnaire::Questionnaire;
use serde_json::Value;
use std::collections::BTreeMap;

use Answer::{DontKnow as D, Level as L, NotApplicable as N};

fn built_in() -> Questionnaire {
    Questionnaire::built_in().unwrap()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// An assessment of the built-in questionnaire with every question at `level`, then the
/// listed answers.
fn assessment(
    client: &str,
    date: &str,
    level: u8,
    answers: &[(&str, Option<Answer>)],
) -> Assessment {
    let questionnaire = built_in();
    let mut a = Assessment::new(&questionnaire);
    a.client = client.into();
    a.date = Some(day(date));
    for q in questionnaire.areas.iter().flat_map(|a| &a.questions) {
        a.set_answer(&q.id, Some(L(level)));
    }
    for (id, answer) in answers {
        a.set_answer(id, *answer);
    }
    a
}

#[test]
fn a_lineage_runs_across_three_generations() {
    let first = assessment("Acme", "2026-02-02", 0, &[("data.versioning", Some(L(1)))]);
    let (mut second, first_lineage) = follow_up(&first, "Acme Q1", "L1".into(), day("2026-05-04"));
    assert_eq!(
        (first_lineage.id.as_str(), first_lineage.generation),
        ("L1", 1)
    );
    let second_lineage = second.lineage.clone().unwrap();
    assert_eq!(
        (second_lineage.id.as_str(), second_lineage.generation),
        ("L1", 2)
    );
    assert_eq!(second.client, "Acme");
    assert_eq!(second.date, Some(day("2026-05-04")));
    assert!(second.responses.is_empty(), "a follow-up starts unanswered");
    assert_eq!(last_time(&second, "data.versioning"), Some(L(1)));
    assert_eq!(last_time(&second, "data.quality"), Some(L(0)));
    let previous = second_lineage.previous.unwrap();
    assert_eq!(
        (previous.name.as_str(), previous.date),
        ("Acme Q1", Some(day("2026-02-02")))
    );

    second.set_answer("data.versioning", Some(L(2)));
    let (third, second_kept) = follow_up(&second, "Acme Q2", "unused".into(), day("2026-08-03"));
    assert_eq!(
        second_kept,
        second.lineage.clone().unwrap(),
        "a lineage, once set, stays"
    );
    let third_lineage = third.lineage.clone().unwrap();
    assert_eq!(
        (third_lineage.id.as_str(), third_lineage.generation),
        ("L1", 3)
    );
    assert_eq!(last_time(&third, "data.versioning"), Some(L(2)));
    assert_eq!(
        last_time(&third, "data.quality"),
        None,
        "unanswered in the second"
    );
    // The lineage travels in the file.
    let read = Assessment::from_json(&third.to_json()).unwrap();
    assert_eq!(read.lineage, third.lineage);
}

#[test]
fn a_comparison_gives_every_delta_and_the_time_a_step_took() {
    let questionnaire = built_in();
    let before = assessment(
        "Acme",
        "2026-02-02",
        1,
        &[
            ("data.versioning", Some(L(0))),
            ("data.quality", Some(L(3))),
            ("data.lineage", None),
            ("data.access", Some(N)),
            ("experiments.logging", Some(D)),
        ],
    );
    let after = assessment(
        "Acme",
        "2026-04-13",
        2,
        &[
            ("data.versioning", Some(L(3))),
            ("data.quality", Some(L(1))),
            ("data.lineage", Some(L(2))),
            ("data.access", Some(L(2))),
            ("data.reproducibility", None),
            ("experiments.logging", Some(L(0))),
        ],
    );
    let c = compare(&questionnaire, ("February", &before), ("April", &after)).unwrap();
    let change = |id: &str| {
        c.questions
            .iter()
            .find(|q| q.question_id == id)
            .unwrap()
            .change
    };
    assert_eq!(change("data.versioning"), Change::Up);
    assert_eq!(change("data.quality"), Change::Down);
    assert_eq!(change("data.lineage"), Change::New);
    assert_eq!(change("data.access"), Change::Changed);
    assert_eq!(change("data.reproducibility"), Change::Dropped);
    assert_eq!(
        change("experiments.logging"),
        Change::Same,
        "Don't know counts as 0"
    );
    assert_eq!(change("models.registry"), Change::Up);
    let moved: Vec<&str> = c.moved.iter().map(|q| q.question_id.as_str()).collect();
    assert_eq!(
        moved[0], "data.versioning",
        "the largest rise first (0 → 3)"
    );
    assert_eq!(c.slipped.len(), 1);
    assert_eq!(c.slipped[0].question_id, "data.quality");
    // Areas: data before (0 + 3 + 1) / 3 = 1.33 (lineage unanswered, access N/A); after
    // (3 + 1 + 2 + 2) / 4 = 2 (reproducibility unanswered, access 2).
    let data = &c.areas[0];
    assert_eq!(
        (data.before.map(|s| (s * 100.0).round()), data.after),
        (Some(133.0), Some(2.0))
    );
    assert_eq!(data.change, Change::Up);
    // Level 0 (experiments: the Don't know and five 1s) → level 1 (experiments: a 0 and
    // five 2s score 1.67) in 10 weeks; the questionnaire estimates 2-4 weeks for 0→1 with
    // one project type.
    assert_eq!((c.before.level, c.after.level), (Some(0), Some(1)));
    let steps = c.steps.clone().unwrap();
    assert_eq!(
        (
            steps.from,
            steps.to,
            steps.actual_days,
            steps.min_weeks,
            steps.max_weeks
        ),
        (0, 1, Some(70), 2, 4)
    );
    assert_eq!(
        c.steps_line().unwrap(),
        "Level 0 → 1 took 10.0 weeks; the roadmap estimates 2-4 weeks."
    );
    // Two steps at once with three project types: (2-4) × 3 + (4-8) weeks.
    let mut later = after.clone();
    later.set_answer("experiments.logging", Some(L(2)));
    let mut earlier = before.clone();
    earlier.settings.project_types = 3;
    let two = compare(&questionnaire, ("a", &earlier), ("b", &later)).unwrap();
    let steps = two.steps.unwrap();
    assert_eq!(
        (steps.from, steps.to, steps.min_weeks, steps.max_weeks),
        (0, 2, 10, 20)
    );

    let markdown = c.markdown();
    assert!(markdown.starts_with("# Progress: February → April\n"));
    assert!(markdown.contains("| Data management | 1.33 | 2.00 | up |"));
    assert!(markdown.contains("## What slipped\n\n- "));
    let csv = c.csv();
    assert_eq!(csv.lines().count(), 1 + 7 + 37);
    assert!(csv.contains("\"question\",\"data\",\"data.quality\","));
    assert!(csv.contains(",\"3\",\"1\",\"down\"\r\n"));
}

#[test]
fn different_questionnaires_or_versions_are_never_compared() {
    let questionnaire = built_in();
    let older = Questionnaire::earlier_built_in("1.0.0").unwrap().unwrap();
    let a = Assessment::new(&questionnaire);
    let b = Assessment::new(&older);
    let why = compare(&questionnaire, ("a", &a), ("b", &b)).unwrap_err();
    assert!(
        why.contains("different versions of \"mlops-maturity\" (1.0.0 and 1.1.0)"),
        "{why}"
    );
    let mut other = a.questionnaire.clone();
    other.id = "devops".into();
    assert!(incomparable(&a.questionnaire, &other)
        .unwrap()
        .contains("different questionnaires"));
    assert_eq!(incomparable(&a.questionnaire, &a.questionnaire), None);
    // The portfolio leaves them out too.
    let answered = assessment("Acme", "2026-01-01", 1, &[]);
    let rows = portfolio(&questionnaire, &[&a, &b, &answered], &Filter::default());
    assert_eq!(
        rows.len(),
        1,
        "the other version and the unanswered one are left out"
    );
}

#[test]
fn quartiles_interpolate_between_ranks() {
    type Case<'a> = (&'a [f64], Option<(f64, f64, f64)>);
    let table: &[Case] = &[
        (&[], None),
        (&[1.5], Some((1.5, 1.5, 1.5))),
        (&[1.0, 2.0], Some((1.25, 1.5, 1.75))),
        (&[4.0, 1.0, 3.0, 2.0], Some((1.75, 2.5, 3.25))),
        (&[2.0, 2.0, 2.0, 3.0], Some((2.0, 2.0, 2.25))),
        (&[0.0, 1.0, 2.0, 3.0, 3.0], Some((1.0, 2.0, 3.0))),
    ];
    for (values, expected) in table {
        assert_eq!(quartiles(values), *expected, "{values:?}");
    }
}

#[test]
fn a_band_pools_scored_areas_only() {
    let questionnaire = built_in();
    let row = |data: Option<f64>, testing: f64| BenchmarkRow {
        month: "2026-11".into(),
        areas: [("data", data), ("testing", Some(testing))]
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_string(), v?)))
            .collect(),
        level: Some(1),
        index: Some(1.0),
    };
    let rows = vec![
        row(Some(1.0), 0.0),
        row(None, 1.0),
        row(Some(3.0), 2.0),
        row(Some(2.0), 2.0),
    ];
    let b = band(&questionnaire, &rows);
    assert_eq!(b.count, 4);
    assert_eq!(
        b.areas[0],
        Some((1.5, 2.0, 2.5)),
        "data: 1, 2, 3 (one row unscored)"
    );
    assert_eq!(
        b.areas[4],
        Some((0.75, 1.5, 2.0)),
        "testing: 0, 1, 2, 2 (tied)"
    );
    assert_eq!(b.areas[1], None, "nobody scored experiment tracking");
}

#[test]
fn the_portfolio_filters_by_date_and_keeps_each_clients_latest() {
    let questionnaire = built_in();
    let acme_old = assessment("Acme", "2026-01-10", 0, &[]);
    let acme_new = assessment(" acme ", "2026-06-10", 2, &[]);
    let globex = assessment("Globex", "2026-03-01", 1, &[]);
    let mut undated = assessment("Initech", "2026-03-01", 3, &[]);
    undated.date = None;
    let all = [&acme_old, &acme_new, &globex, &undated];
    let rows = portfolio(&questionnaire, &all, &Filter::default());
    let seen: Vec<(&str, Option<u8>)> = rows.iter().map(|r| (r.client.as_str(), r.level)).collect();
    assert_eq!(
        seen,
        [
            ("Acme", Some(0)),
            ("acme", Some(2)),
            ("Globex", Some(1)),
            ("Initech", Some(3))
        ]
    );
    let latest = portfolio(
        &questionnaire,
        &all,
        &Filter {
            latest_only: true,
            ..Filter::default()
        },
    );
    let seen: Vec<Option<u8>> = latest.iter().map(|r| r.level).collect();
    assert_eq!(
        seen,
        [Some(2), Some(1), Some(3)],
        "one row per client, Acme's latest"
    );
    let spring = Filter {
        from: Some(day("2026-02-01")),
        to: Some(day("2026-05-31")),
        latest_only: false,
    };
    let rows = portfolio(&questionnaire, &all, &spring);
    assert_eq!(rows.len(), 1, "only Globex is dated in spring");
    assert_eq!(rows[0].areas.len(), 7);
}

#[test]
fn a_benchmark_file_carries_nothing_that_identifies_a_client() {
    let questionnaire = built_in();
    let mut a = assessment(
        "Secret Client AG",
        "2026-11-27",
        2,
        &[("data.lineage", None)],
    );
    a.agency = "Northwind".into();
    a.assessor = "Jo Consultant".into();
    a.update_response("data.quality", |r| r.note = "secret note".into());
    let rows = benchmark_rows(
        &questionnaire,
        &portfolio(&questionnaire, &[&a], &Filter::default()),
    );
    let file = BenchmarkFile::new(&questionnaire, rows);
    let text = file.to_json();
    for secret in ["Secret", "Northwind", "Jo", "secret note", "27"] {
        assert!(!text.contains(secret), "{secret} survived: {text}");
    }
    // Field by field: only these keys exist anywhere.
    let value: Value = serde_json::from_str(&text).unwrap();
    let top: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["format", "format_version", "questionnaire", "rows"]);
    let questionnaire_keys: Vec<&str> = value["questionnaire"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(questionnaire_keys, ["id", "version"]);
    for row in value["rows"].as_array().unwrap() {
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["areas", "index", "level", "month"]);
        assert_eq!(row["month"], "2026-11");
        let areas: Vec<&str> = row["areas"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert!(areas
            .iter()
            .all(|id| questionnaire.areas.iter().any(|a| a.id == *id)));
        assert!(row["areas"]
            .as_object()
            .unwrap()
            .values()
            .all(Value::is_number));
    }
    assert_eq!(BenchmarkFile::from_json(&text).unwrap(), file);
    let tampered = text.replace("\"level\": 2", "\"level\": 9");
    assert!(BenchmarkFile::from_json(&tampered)
        .unwrap_err()
        .contains("outside 0 to 3"));
    assert!(BenchmarkFile::from_json("{\"format\": \"x\"}").is_err());
    let _: BTreeMap<String, f64> = file.rows[0].areas.clone();
}
