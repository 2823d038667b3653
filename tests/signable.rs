//! The bugs that made a result unsafe to sign, one table each: levels lost to
//! floating-point error, weights that overflow, a roadmap without a level, exports that
//! carry formulas or text tricks, and files people really have (a byte-order mark, a
//! duplicate key). Each table failed on release 1 and passes since.
#![cfg(not(target_arch = "wasm32"))]

use mlops_maturity::domain::answer::Answer::{self, Level};
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::csv_export::answers_csv;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::markdown::report_markdown;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::roadmap::plan;
use serde_json::{json, Value};
use std::path::Path;

const THREE_AREAS: &str = "tests/fixtures/questionnaires/three-areas.json";
const ACME_LITE: &str = "tests/fixtures/assessments/acme-lite.json";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The three-area fixture as JSON, to change before reading it.
fn three_areas() -> Value {
    serde_json::from_str(&read(THREE_AREAS)).unwrap()
}

/// The three-area questionnaire with these question weights for area `sources`
/// (`sources.versioned`, `sources.checked`) and `release` (`release.automated`).
fn with_weights(sources: [f64; 2], release: f64) -> Questionnaire {
    let mut file = three_areas();
    file["areas"][0]["questions"][0]["weight"] = json!(sources[0]);
    file["areas"][0]["questions"][1]["weight"] = json!(sources[1]);
    file["areas"][1]["questions"][0]["weight"] = json!(release);
    Questionnaire::from_json(&file.to_string()).unwrap()
}

fn answered(questionnaire: &Questionnaire, target: u8, answers: &[(&str, Answer)]) -> Assessment {
    let mut assessment = Assessment::new(questionnaire);
    assessment.target_level = target;
    for (id, answer) in answers {
        assessment.set_answer(id, Some(*answer));
    }
    assessment
}

fn all_at(level: u8) -> Vec<(&'static str, Answer)> {
    [
        "sources.versioned",
        "sources.checked",
        "release.automated",
        "watch.alerts",
    ]
    .into_iter()
    .map(|id| (id, Level(level)))
    .collect()
}

fn markdown(questionnaire: &Questionnaire, assessment: &Assessment) -> String {
    let report = score(questionnaire, assessment);
    let roadmap = plan(
        questionnaire,
        assessment,
        &report,
        Date::parse("2027-01-04").unwrap(),
    );
    report_markdown(questionnaire, assessment, &report, &roadmap)
}

#[test]
fn a_whole_score_is_that_whole_level_whatever_the_weights() {
    // Weights whose floating-point mean misses the whole number on release 1.
    let cases: [([f64; 2], f64); 6] = [
        ([0.1, 0.3], 1.0),
        ([1.0, 1.0], 0.37),
        ([0.1, 0.2], 0.7),
        ([0.3, 0.6], 0.01),
        ([0.001, 999.999], 0.123),
        ([1000.0, 0.001], 0.9),
    ];
    for (sources, release) in cases {
        let questionnaire = with_weights(sources, release);
        for level in 0..=3 {
            let assessment = answered(&questionnaire, 3, &all_at(level));
            let report = score(&questionnaire, &assessment);
            let case = format!("weights {sources:?} / {release}, all at level {level}");
            for area in &report.areas {
                assert_eq!(area.level, Some(level), "{case}: area {}", area.id);
                assert_eq!(area.score, Some(f64::from(level)), "{case}: {}", area.id);
            }
            assert_eq!(report.level, Some(level), "{case}");
            assert_eq!(report.index, Some(f64::from(level)), "{case}");
            let zero_gap = level == 3;
            for gap in &report.gaps {
                assert_eq!(gap.gap == 0.0, zero_gap, "{case}: gap of {}", gap.area_id);
                assert!(gap.share.is_finite(), "{case}");
            }
        }
    }
}

#[test]
fn weights_out_of_bounds_are_refused_naming_the_field_and_value() {
    // (area weight, question weight, the text the refusal must contain)
    let refused: [(Value, Value, &str); 7] = [
        (json!(1e308), json!(1), "1e308"),
        (json!(1), json!(1e308), "1e308"),
        (json!(1000.5), json!(1), "1000.5"),
        (json!(1), json!(0.0001), "0.0001"),
        (json!(0), json!(1), "0"),
        (json!(1), json!(-2), "-2"),
        (json!(2.0005), json!(1), "2.0005"),
    ];
    for (area_weight, question_weight, value) in refused {
        let mut file = three_areas();
        file["areas"][0]["weight"] = area_weight.clone();
        file["areas"][0]["questions"][1]["weight"] = question_weight.clone();
        let error = Questionnaire::from_json(&file.to_string()).expect_err(&format!(
            "{area_weight} / {question_weight} must be refused"
        ));
        let text = error.to_string();
        assert!(text.contains("`weight`"), "{text}");
        assert!(text.contains(value), "{value} not named in: {text}");
        assert!(text.contains("area `sources`"), "{text}");
    }
    let accepted = [(json!(1000), json!(0.001)), (json!(0.125), json!(999.999))];
    for (area_weight, question_weight) in accepted {
        let mut file = three_areas();
        file["areas"][0]["weight"] = area_weight;
        file["areas"][0]["questions"][1]["weight"] = question_weight;
        Questionnaire::from_json(&file.to_string()).unwrap();
    }
}

#[test]
fn assessment_weights_out_of_bounds_are_refused_naming_the_area_and_value() {
    for (weight, value) in [
        (json!(1e308), "1e308"),
        (json!(1000.001), "1000.001"),
        (json!(0.5005), "0.5005"),
        (json!(0), "0"),
    ] {
        let mut file: Value = serde_json::from_str(&read(ACME_LITE)).unwrap();
        file["area_weights"] = json!({ "sources": weight });
        let error = Assessment::from_json(&file.to_string()).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("\"sources\""), "{text}");
        assert!(text.contains(value), "{value} not named in: {text}");
    }
    let mut file: Value = serde_json::from_str(&read(ACME_LITE)).unwrap();
    file["area_weights"] = json!({ "sources": 0.001, "release": 1000 });
    let assessment = Assessment::from_json(&file.to_string()).unwrap();
    let report = score(
        &Questionnaire::from_json(&read(THREE_AREAS)).unwrap(),
        &assessment,
    );
    assert!(report.index.unwrap().is_finite());
}

#[test]
fn without_a_level_there_is_no_roadmap() {
    let questionnaire = Questionnaire::from_json(&read(THREE_AREAS)).unwrap();
    for answers in [vec![], vec![("release.automated", Answer::NotApplicable)]] {
        let assessment = answered(&questionnaire, 3, &answers);
        let report = score(&questionnaire, &assessment);
        assert_eq!(report.level, None);
        let roadmap = plan(
            &questionnaire,
            &assessment,
            &report,
            Date::parse("2027-01-04").unwrap(),
        );
        assert!(roadmap.phases.is_empty(), "{answers:?}: {roadmap:?}");
        assert_eq!((roadmap.min_weeks, roadmap.max_weeks), (0, 0));
        let md = markdown(&questionnaire, &assessment);
        assert!(md.contains("not yet known"), "{md}");
        assert!(!md.contains("Level 0 →"), "{md}");
    }
}

#[test]
fn a_level_with_unscored_areas_is_an_upper_bound() {
    let questionnaire = Questionnaire::from_json(&read(THREE_AREAS)).unwrap();
    let assessment = answered(&questionnaire, 3, &[("release.automated", Level(2))]);
    let md = markdown(&questionnaire, &assessment);
    assert!(md.to_lowercase().contains("at most level 2 so far"), "{md}");
    assert!(md.contains("Source data"), "{md}");
    assert!(md.contains("Production watch"), "{md}");
}

#[test]
fn at_the_top_level_the_report_says_so() {
    let questionnaire = Questionnaire::from_json(&read(THREE_AREAS)).unwrap();
    let assessment = answered(&questionnaire, 3, &all_at(3));
    let md = markdown(&questionnaire, &assessment);
    assert!(!md.contains("Held at level 3"), "{md}");
    assert!(md.contains("top level"), "{md}");
}

/// A cell as a spreadsheet would see it may not start like a formula.
fn formula_like(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn csv_cells_never_start_like_a_formula() {
    let starts = ["=", "+", "-", "@", "\t", "\r"];
    for start in starts {
        let hostile = format!("{start}HYPERLINK(\"http://x.test\",\"click\")");
        let mut file = three_areas();
        file["areas"][0]["title"] = json!(hostile);
        file["areas"][0]["questions"][0]["prompt"] = json!(hostile);
        file["areas"][0]["questions"][0]["options"][1]["text"] = json!(hostile);
        let questionnaire = Questionnaire::from_json(&file.to_string()).unwrap();
        let mut assessment = answered(&questionnaire, 2, &[("sources.versioned", Level(1))]);
        assessment
            .responses
            .get_mut("sources.versioned")
            .unwrap()
            .note = hostile.clone();
        let report = score(&questionnaire, &assessment);
        let text = answers_csv(&questionnaire, &assessment, &report);
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut seen = 0;
        for row in reader.records() {
            for cell in row.unwrap().iter() {
                assert!(!formula_like(cell), "{start:?}: live cell {cell:?}");
                if cell.contains("HYPERLINK") {
                    seen += 1;
                    assert_eq!(cell, format!("'{hostile}"), "kept whole after the quote");
                }
            }
        }
        assert_eq!(
            seen, 5,
            "{start:?}: two area cells, prompt, answer text and note"
        );
    }
}

/// Characters that change how text displays without being seen.
const INVISIBLE: [char; 12] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200B}', '\u{200C}', '\u{200D}',
];

#[test]
fn invisible_direction_and_width_characters_never_reach_an_export() {
    let questionnaire = Questionnaire::from_json(&read(THREE_AREAS)).unwrap();
    for c in INVISIBLE {
        let mut assessment = answered(&questionnaire, 2, &[("sources.versioned", Level(1))]);
        assessment.client = format!("Acme{c}emca");
        assessment
            .responses
            .get_mut("sources.versioned")
            .unwrap()
            .note = format!("ok{c}ko");
        let report = score(&questionnaire, &assessment);
        let md = markdown(&questionnaire, &assessment);
        let csv = answers_csv(&questionnaire, &assessment, &report);
        for (name, text) in [("markdown", &md), ("csv", &csv)] {
            assert!(!text.contains(c), "{name} carries U+{:04X}", c as u32);
            let shown = format!("U+{:04X}", c as u32);
            assert!(text.contains(&shown), "{name} does not show {shown}");
        }
    }
}

#[test]
fn a_note_cannot_turn_report_lines_into_headings_or_lists() {
    let questionnaire = Questionnaire::from_json(&read(THREE_AREAS)).unwrap();
    for note in [
        "Looks fine\n===",
        "Looks fine\n---",
        "- fake item",
        "1. fake item",
        "# Fake heading",
        "+ fake",
        "&#x202E;hidden",
    ] {
        let mut assessment = answered(&questionnaire, 2, &[("sources.versioned", Level(1))]);
        assessment
            .responses
            .get_mut("sources.versioned")
            .unwrap()
            .note = note.into();
        let md = markdown(&questionnaire, &assessment);
        let notes = md.split("## Notes").nth(1).expect("a notes section");
        for line in notes.lines().skip(1) {
            let body = line.trim_start().trim_start_matches('>').trim_start();
            let bare = body.trim_start_matches(['-', '*']).trim_start();
            assert!(
                !(body.starts_with("===") || body.starts_with("---")),
                "{note:?}: setext underline {line:?}"
            );
            assert!(
                !(bare.starts_with("fake") || bare.starts_with("# ") || bare.starts_with("+ ")),
                "{note:?}: list or heading {line:?}"
            );
            assert!(!body.starts_with("1. "), "{note:?}: numbered list {line:?}");
            assert!(
                !body.replace("\\&", "").contains('&'),
                "{note:?}: entity {line:?}"
            );
        }
    }
}

#[test]
fn a_leading_byte_order_mark_is_accepted_everywhere() {
    let assessment = format!("\u{feff}{}", read(ACME_LITE));
    Assessment::from_json(&assessment).unwrap();
    let questionnaire = format!("\u{feff}{}", read(THREE_AREAS));
    Questionnaire::from_json(&questionnaire).unwrap();
}

#[test]
fn a_duplicate_key_is_refused_with_its_path() {
    let file = read(ACME_LITE);
    let twice = file.replacen(
        "\"sources.checked\": {",
        "\"sources.checked\": { \"answer\": 3 },\n    \"sources.checked\": {",
        1,
    );
    assert_ne!(twice, file);
    let error = Assessment::from_json(&twice).unwrap_err().to_string();
    assert!(
        error.contains("`responses.\"sources.checked\"` appears twice"),
        "{error}"
    );

    let file = read(THREE_AREAS);
    let twice = file.replacen(
        "\"title\": \"Source data\",",
        "\"title\": \"Source data\", \"title\": \"Again\",",
        1,
    );
    assert_ne!(twice, file);
    let error = Questionnaire::from_json(&twice).unwrap_err().to_string();
    assert!(error.contains("`areas[0].title` appears twice"), "{error}");
}

#[test]
fn invisible_characters_never_reach_charts_or_json_raw() {
    for c in INVISIBLE {
        let mut file = three_areas();
        file["areas"][0]["title"] = json!(format!("Source{c}data"));
        let questionnaire = Questionnaire::from_json(&file.to_string()).unwrap();
        let mut assessment = answered(&questionnaire, 2, &[("sources.versioned", Level(1))]);
        assessment.client = format!("Acme{c}");
        let report = score(&questionnaire, &assessment);
        let roadmap = plan(
            &questionnaire,
            &assessment,
            &report,
            Date::parse("2027-01-04").unwrap(),
        );
        let shown = format!("U+{:04X}", c as u32);
        for chart in mlops_maturity::domain::charts::all(&report, &roadmap) {
            assert!(!chart.svg.contains(c), "{} carries {shown}", chart.id);
        }
        let radar = mlops_maturity::domain::charts::radar(&report);
        assert!(radar.svg.contains(&shown), "the radar shows {shown}");
        let report_json = mlops_maturity::domain::csv_export::report_json(&report, &roadmap);
        let assessment_json = assessment.to_json();
        for (name, text) in [("report", &report_json), ("assessment", &assessment_json)] {
            assert!(!text.contains(c), "{name} JSON carries {shown} raw");
            assert!(
                text.contains(&format!("\\u{:04x}", c as u32)),
                "{name} JSON"
            );
        }
        assert_eq!(Assessment::from_json(&assessment_json).unwrap(), assessment);
    }
}
