//! Scoring and the roadmap as data: every assessment file in `tests/fixtures/scoring/`
//! (answers to the three-area fixture questionnaire, its `client` field saying what the
//! case shows) is scored and planned, and a plain-text summary of the result is compared
//! with the `.txt` file beside it. Adding a case needs no Rust: add the `.json`, run
//! `UPDATE_EXPECT=1 cargo test --test scoring`, and review the new `.txt`.
//!
//! The fixture questionnaire: areas `sources` (weight 2: `sources.versioned`,
//! `sources.checked`), `release` (weight 1: `release.automated`) and `watch` (weight 1.5:
//! `watch.alerts`); transitions 0→1 1-3 weeks per project type, 1→2 2-5 weeks, 2→3 3-6
//! weeks; the `oss` ecosystem suggests MLflow for sources and Prometheus for watch.
#![cfg(not(target_arch = "wasm32"))]

use expect_test::expect_file;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::{score, Report};
use mlops_maturity::domain::roadmap::{plan, Roadmap};
use std::fmt::Write;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn questionnaire() -> Questionnaire {
    let path = root().join("tests/fixtures/questionnaires/three-areas.json");
    Questionnaire::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Everything a case decides, one fact per line.
fn summary(report: &Report, roadmap: &Roadmap) -> String {
    let mut out = String::new();
    let two = |v: f64| format!("{v:.2}");
    let _ = writeln!(
        out,
        "level {}, index {}, answered {} of {}{}",
        report.level.map_or("none".into(), |l| l.to_string()),
        report.index.map_or("none".into(), two),
        report.answered,
        report.total,
        if report.provisional {
            ", provisional"
        } else {
            ""
        }
    );
    for area in &report.areas {
        let _ = writeln!(
            out,
            "area {} weight {}: score {}, level {}, counted {} of {}",
            area.id,
            area.weight,
            area.score.map_or("none".into(), two),
            area.level.map_or("none".into(), |l| l.to_string()),
            area.counted,
            area.total
        );
    }
    for gap in &report.gaps {
        let _ = writeln!(
            out,
            "gap {}: {} ({:.0}%)",
            gap.area_id,
            two(gap.gap),
            gap.share * 100.0
        );
    }
    for bottleneck in &report.bottlenecks {
        let holding: Vec<String> = bottleneck
            .holding
            .iter()
            .map(|q| format!("{} at {}", q.question_id, q.value))
            .collect();
        let _ = writeln!(
            out,
            "bottleneck {}: held by [{}]",
            bottleneck.area_id,
            holding.join(", ")
        );
    }
    for question in &report.follow_ups {
        let _ = writeln!(out, "follow-up {}", question.question_id);
    }
    for gap in &report.question_gaps {
        let _ = writeln!(
            out,
            "action {} (gap {}): next level {}: {}",
            gap.question_id,
            two(gap.gap),
            gap.next_level,
            gap.next_step
        );
    }
    for id in &report.unknown_questions {
        let _ = writeln!(out, "unknown question {id}");
    }
    let _ = writeln!(out, "roadmap: {}", roadmap.total_range());
    let _ = writeln!(
        out,
        "roadmap from {}, done between {} and {}",
        roadmap.start, roadmap.earliest_end, roadmap.latest_end
    );
    for phase in &roadmap.phases {
        let _ = writeln!(
            out,
            "phase {}→{} {}-{} weeks, start {}/{}, end {}/{}",
            phase.from,
            phase.to,
            phase.min_weeks,
            phase.max_weeks,
            phase.earliest_start,
            phase.latest_start,
            phase.earliest_end,
            phase.latest_end
        );
        for area in &phase.areas {
            let actions: Vec<String> = area
                .actions
                .iter()
                .map(|a| format!("{} from {}: {}", a.question_id, a.current, a.goal))
                .collect();
            let _ = writeln!(
                out,
                "  lift {} (score {}): {}",
                area.area_id,
                two(area.score),
                actions.join("; ")
            );
        }
        let tools: Vec<&str> = phase.tools.iter().map(|t| t.name.as_str()).collect();
        if !tools.is_empty() {
            let _ = writeln!(out, "  tools: {}", tools.join(", "));
        }
    }
    out
}

#[test]
fn every_scoring_case_matches_its_summary() {
    let questionnaire = questionnaire();
    let today = Date::parse("2027-01-04").unwrap();
    let mut cases: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/scoring"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 13, "the scoring cases are missing");
    for case in cases {
        let assessment = Assessment::from_json(&std::fs::read_to_string(&case).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let report = score(&questionnaire, &assessment);
        let roadmap = plan(&questionnaire, &assessment, &report, today);
        let text = format!("{}\n{}", assessment.client, summary(&report, &roadmap));
        expect_file![case.with_extension("txt")].assert_eq(&text);
    }
}
