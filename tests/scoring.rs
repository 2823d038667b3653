//! Table-driven tests of scoring and the roadmap on a small questionnaire:
//! areas `sources` (weight 2: `sources.versioned`, `sources.checked`), `release` (weight 1:
//! `release.automated`) and `watch` (weight 1.5: `watch.alerts`); transitions 0→1 1-3
//! weeks per project type, 1→2 2-5 weeks, 2→3 3-6 weeks.

use mlops_maturity::domain::answer::Answer::{self, DontKnow, Level, NotApplicable};
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::{score, Report};
use mlops_maturity::domain::roadmap::{plan, Roadmap};
use mlops_maturity::domain::weight::Weight;

fn questionnaire() -> Questionnaire {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/questionnaires/three-areas.json"
    );
    Questionnaire::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn assessment(target: u8, answers: &[(&str, Answer)]) -> Assessment {
    let mut assessment = Assessment::new(&questionnaire());
    assessment.target_level = target;
    for (id, answer) in answers {
        assessment.set_answer(id, Some(*answer));
    }
    assessment
}

fn today() -> Date {
    Date::parse("2027-01-04").unwrap()
}

fn run(assessment: &Assessment) -> (Report, Roadmap) {
    let questionnaire = questionnaire();
    let report = score(&questionnaire, assessment);
    let roadmap = plan(&questionnaire, assessment, &report, today());
    (report, roadmap)
}

fn scores(report: &Report) -> Vec<Option<f64>> {
    report.areas.iter().map(|a| a.score).collect()
}

fn gap_order(report: &Report) -> Vec<&str> {
    report.gaps.iter().map(|g| g.area_id.as_str()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn all_unanswered_has_no_level_and_no_roadmap() {
    let (report, roadmap) = run(&assessment(2, &[]));
    assert_eq!(scores(&report), [None, None, None]);
    assert_eq!(report.level, None);
    assert_eq!(report.index, None);
    assert!(report.bottlenecks.is_empty());
    assert_eq!(
        (report.answered, report.total, report.provisional),
        (0, 4, true)
    );
    assert!(report.gaps.is_empty() && report.question_gaps.is_empty());
    assert_eq!(roadmap.from, None);
    assert!(roadmap.phases.is_empty());
    assert_eq!(
        roadmap.total_range(),
        "No roadmap yet: answer the questions to find the current level"
    );
}

#[test]
fn an_area_answered_not_applicable_is_left_out_of_level_index_and_gaps() {
    let (report, _) = run(&assessment(
        3,
        &[
            ("sources.versioned", Level(2)),
            ("sources.checked", Level(2)),
            ("release.automated", NotApplicable),
            ("watch.alerts", Level(2)),
        ],
    ));
    assert_eq!(scores(&report), [Some(2.0), None, Some(2.0)]);
    assert_eq!(report.level, Some(2));
    assert!(close(report.index.unwrap(), 2.0));
    assert_eq!((report.answered, report.provisional), (4, false));
    assert_eq!(gap_order(&report), ["sources", "watch"]);
}

#[test]
fn dont_know_everywhere_counts_zero_and_lists_every_follow_up() {
    let (report, _) = run(&assessment(
        2,
        &[
            ("sources.versioned", DontKnow),
            ("sources.checked", DontKnow),
            ("release.automated", DontKnow),
            ("watch.alerts", DontKnow),
        ],
    ));
    assert_eq!(scores(&report), [Some(0.0), Some(0.0), Some(0.0)]);
    assert_eq!(report.level, Some(0));
    assert_eq!(report.index, Some(0.0));
    let follow_ups: Vec<&str> = report
        .follow_ups
        .iter()
        .map(|q| q.question_id.as_str())
        .collect();
    assert_eq!(
        follow_ups,
        [
            "sources.versioned",
            "sources.checked",
            "release.automated",
            "watch.alerts"
        ]
    );
    // Every question is an action item, with the level 1 option as the next step.
    assert_eq!(report.question_gaps.len(), 4);
    assert!(report.question_gaps.iter().all(|g| g.next_level == 1));
    assert_eq!(
        report.question_gaps[0].next_step,
        "Is source data versioned: practice at level 1."
    );
}

#[test]
fn a_single_weak_area_pins_the_level_and_explains_it() {
    let (report, _) = run(&assessment(
        3,
        &[
            ("sources.versioned", Level(3)),
            ("sources.checked", Level(3)),
            ("release.automated", Level(0)),
            ("watch.alerts", Level(3)),
        ],
    ));
    assert_eq!(report.level, Some(0));
    assert_eq!(report.bottlenecks.len(), 1);
    let bottleneck = &report.bottlenecks[0];
    assert_eq!(bottleneck.area_id, "release");
    let holding: Vec<&str> = bottleneck
        .holding
        .iter()
        .map(|q| q.question_id.as_str())
        .collect();
    assert_eq!(holding, ["release.automated"]);
    // Index: (2·3 + 1·0 + 1.5·3) / 4.5.
    assert!(close(report.index.unwrap(), 10.5 / 4.5));
    assert_eq!(gap_order(&report), ["release", "sources", "watch"]);
    assert!(close(report.gaps[0].gap, 3.0) && close(report.gaps[0].share, 1.0));
}

#[test]
fn bottleneck_questions_are_those_below_the_next_level() {
    let (report, _) = run(&assessment(
        3,
        &[
            ("sources.versioned", Level(1)),
            ("sources.checked", Level(2)),
            ("release.automated", Level(3)),
            ("watch.alerts", Level(2)),
        ],
    ));
    assert_eq!(report.level, Some(1));
    let holding: Vec<(&str, u8)> = report.bottlenecks[0]
        .holding
        .iter()
        .map(|q| (q.question_id.as_str(), q.value))
        .collect();
    assert_eq!(holding, [("sources.versioned", 1)]);
}

#[test]
fn a_target_at_or_below_the_current_level_needs_no_phase() {
    let all_three = [
        ("sources.versioned", Level(3)),
        ("sources.checked", Level(3)),
        ("release.automated", Level(3)),
        ("watch.alerts", Level(3)),
    ];
    let (report, roadmap) = run(&assessment(2, &all_three));
    assert_eq!(report.level, Some(3));
    assert!(roadmap.phases.is_empty());
    assert_eq!((roadmap.min_weeks, roadmap.max_weeks), (0, 0));
    assert!(report.gaps.iter().all(|g| g.gap == 0.0 && g.share == 0.0));
    assert!(report.question_gaps.is_empty());
    // Every area is at level 3: all are "bottlenecks" with nothing holding them.
    assert!(report.bottlenecks.iter().all(|b| b.holding.is_empty()));
    assert_eq!(
        roadmap.total_range(),
        "Already at or above the target (level 3)"
    );
}

#[test]
fn zero_to_three_with_two_project_types_doubles_the_first_phase() {
    let mut assessment = assessment(
        3,
        &[
            ("sources.versioned", Level(0)),
            ("sources.checked", Level(0)),
            ("release.automated", Level(0)),
            ("watch.alerts", Level(0)),
        ],
    );
    assessment.settings.project_types = 2;
    let (_, roadmap) = run(&assessment);
    // "from→to min-max weeks, start earliest/latest, end earliest/latest"
    let phases: Vec<String> = roadmap
        .phases
        .iter()
        .map(|p| {
            format!(
                "{}→{} {}-{} weeks, start {}/{}, end {}/{}",
                p.from,
                p.to,
                p.min_weeks,
                p.max_weeks,
                p.earliest_start,
                p.latest_start,
                p.earliest_end,
                p.latest_end
            )
        })
        .collect();
    assert_eq!(
        phases,
        [
            "0→1 2-6 weeks, start 2027-01-04/2027-01-04, end 2027-01-18/2027-02-15",
            "1→2 2-5 weeks, start 2027-01-18/2027-02-15, end 2027-02-01/2027-03-22",
            "2→3 3-6 weeks, start 2027-02-01/2027-03-22, end 2027-02-22/2027-05-03",
        ]
    );
    assert_eq!(roadmap.total_range(), "Level 0 → 3: 7-17 weeks");
    assert_eq!(roadmap.earliest_end.to_string(), "2027-02-22");
    assert_eq!(roadmap.latest_end.to_string(), "2027-05-03");
}

#[test]
fn the_start_date_setting_overrides_today() {
    let mut assessment = assessment(1, &[("release.automated", Level(0))]);
    assessment.settings.start_date = Date::parse("2027-03-01");
    let (_, roadmap) = run(&assessment);
    assert_eq!(roadmap.start.to_string(), "2027-03-01");
    assert_eq!(roadmap.phases[0].earliest_end.to_string(), "2027-03-08");
}

#[test]
fn weights_change_the_gap_ranking_but_never_the_level() {
    let answers = [
        ("sources.versioned", Level(1)),
        ("sources.checked", Level(1)),
        ("release.automated", Level(1)),
        ("watch.alerts", Level(0)),
    ];
    let (before, _) = run(&assessment(2, &answers));
    // Gaps: sources 2·1 = 2, release 1·1 = 1, watch 1.5·2 = 3.
    assert_eq!(gap_order(&before), ["watch", "sources", "release"]);

    let mut reweighted = assessment(2, &answers);
    reweighted
        .area_weights
        .insert("sources".into(), Weight::from_f64(5.0).unwrap());
    reweighted
        .area_weights
        .insert("release".into(), Weight::from_f64(4.0).unwrap());
    let (after, _) = run(&reweighted);
    // Gaps: sources 5, release 4, watch 3.
    assert_eq!(gap_order(&after), ["sources", "release", "watch"]);
    assert_eq!(before.level, after.level);
    assert_eq!(scores(&before), scores(&after));
    let shares: f64 = after.gaps.iter().map(|g| g.share).sum();
    assert!(close(shares, 1.0));
}

#[test]
fn equal_gaps_rank_the_lower_score_first_then_questionnaire_order() {
    // sources (weight 1, score 1) and release (weight 1, score 1): same gap, same score,
    // so questionnaire order. watch (weight 0.5, score 0) has the same gap of 1 but a
    // lower score, so it comes first.
    let mut tied = assessment(
        2,
        &[
            ("sources.versioned", Level(1)),
            ("sources.checked", Level(1)),
            ("release.automated", Level(1)),
            ("watch.alerts", Level(0)),
        ],
    );
    tied.area_weights
        .insert("sources".into(), Weight::from_f64(1.0).unwrap());
    tied.area_weights
        .insert("watch".into(), Weight::from_f64(0.5).unwrap());
    let (report, _) = run(&tied);
    let gaps: Vec<f64> = report.gaps.iter().map(|g| g.gap).collect();
    assert_eq!(gaps, [1.0, 1.0, 1.0]);
    assert_eq!(gap_order(&report), ["watch", "sources", "release"]);
}

#[test]
fn phases_cover_the_areas_below_their_destination_with_tools_for_them() {
    let mut assessment = assessment(
        2,
        &[
            ("sources.versioned", Level(0)),
            ("sources.checked", Level(2)),
            ("release.automated", Level(1)),
            ("watch.alerts", Level(2)),
        ],
    );
    assessment.settings.ecosystem = "oss".into();
    let (report, roadmap) = run(&assessment);
    assert_eq!(report.level, Some(1));
    assert_eq!(roadmap.phases.len(), 1);
    let phase = &roadmap.phases[0];
    let areas: Vec<&str> = phase.areas.iter().map(|a| a.area_id.as_str()).collect();
    // sources (2·1 = 2) before release (1·1 = 1); watch is already at 2.
    assert_eq!(areas, ["sources", "release"]);
    let actions: Vec<(&str, u8, &str)> = phase.areas[0]
        .actions
        .iter()
        .map(|a| (a.question_id.as_str(), a.current, a.goal.as_str()))
        .collect();
    assert_eq!(
        actions,
        [(
            "sources.versioned",
            0,
            "Is source data versioned: practice at level 2."
        )]
    );
    let tools: Vec<&str> = phase.tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tools, ["MLflow"]);

    assessment.settings.ecosystem = "none".into();
    let (_, roadmap) = run(&assessment);
    assert!(roadmap.phases[0].tools.is_empty());
}

#[test]
fn answers_to_unknown_questions_are_reported_not_scored() {
    let (report, _) = run(&assessment(
        2,
        &[
            ("sources.versioned", Level(2)),
            ("retired.question", Level(0)),
        ],
    ));
    assert_eq!(report.unknown_questions, ["retired.question"]);
    assert_eq!(report.answered, 1);
    assert_eq!(scores(&report), [Some(2.0), None, None]);
}
