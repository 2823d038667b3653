//! Property tests of the scoring invariants (SPEC §3) over the default questionnaire.
#![cfg(not(target_arch = "wasm32"))]

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::{score, Report};
use mlops_maturity::domain::weight::Weight;
use proptest::prelude::*;
use std::sync::OnceLock;

fn questionnaire() -> &'static Questionnaire {
    static QUESTIONNAIRE: OnceLock<Questionnaire> = OnceLock::new();
    QUESTIONNAIRE.get_or_init(|| Questionnaire::built_in().unwrap())
}

fn question_ids() -> Vec<String> {
    questionnaire()
        .areas
        .iter()
        .flat_map(|a| a.questions.iter().map(|q| q.id.clone()))
        .collect()
}

fn any_answer() -> impl Strategy<Value = Option<Answer>> {
    prop_oneof![
        2 => Just(None),
        6 => (0u8..=3).prop_map(|l| Some(Answer::Level(l))),
        1 => Just(Some(Answer::DontKnow)),
        1 => Just(Some(Answer::NotApplicable)),
    ]
}

/// Any weight the rules accept (three decimals, 0.001 to 1000), the extremes often.
fn any_weight() -> impl Strategy<Value = Weight> {
    prop_oneof![
        1 => Just(1u32),
        1 => Just(1_000_000u32),
        4 => 1u32..=10_000,
        4 => 1u32..=1_000_000,
    ]
    .prop_map(|millis| Weight::from_f64(f64::from(millis) / 1000.0).unwrap())
}

/// The default questionnaire with any accepted question weights.
fn any_questionnaire() -> impl Strategy<Value = Questionnaire> {
    prop::collection::vec(any_weight(), question_ids().len()).prop_map(|weights| {
        let mut questionnaire = questionnaire().clone();
        let questions = questionnaire
            .areas
            .iter_mut()
            .flat_map(|a| &mut a.questions);
        for (question, weight) in questions.zip(weights) {
            question.weight = weight;
        }
        questionnaire
    })
}

/// Answers for every question, area weights and a target.
fn any_assessment() -> impl Strategy<Value = Assessment> {
    let count = question_ids().len();
    let areas = questionnaire().areas.len();
    (
        prop::collection::vec(any_answer(), count),
        prop::collection::vec(prop::option::of(any_weight()), areas),
        1u8..=3,
    )
        .prop_map(|(answers, weights, target)| {
            let mut assessment = Assessment::new(questionnaire());
            assessment.target_level = target;
            for (id, answer) in question_ids().iter().zip(answers) {
                assessment.set_answer(id, answer);
            }
            for (area, weight) in questionnaire().areas.iter().zip(weights) {
                if let Some(weight) = weight {
                    assessment.area_weights.insert(area.id.clone(), weight);
                }
            }
            assessment
        })
}

/// A strictly higher answer than `answer`, if there is one that counts.
fn raised(answer: Answer, by: u8) -> Option<Answer> {
    let value = match answer {
        Answer::Level(level) => level,
        Answer::DontKnow => 0,
        Answer::NotApplicable => return None,
    };
    let higher = value + 1 + by % 3;
    (higher <= 3).then_some(Answer::Level(higher))
}

fn not_lower(before: Option<f64>, after: Option<f64>) -> bool {
    match (before, after) {
        (Some(b), Some(a)) => a >= b - 1e-9,
        (None, _) => true,
        (Some(_), None) => false,
    }
}

fn report(assessment: &Assessment) -> Report {
    score(questionnaire(), assessment)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn scores_index_and_level_stay_within_bounds(assessment in any_assessment()) {
        let report = report(&assessment);
        for area in &report.areas {
            if let Some(score) = area.score {
                prop_assert!((0.0..=3.0).contains(&score));
                prop_assert_eq!(area.level, Some(score.floor() as u8));
            }
        }
        if let Some(index) = report.index {
            prop_assert!((0.0..=3.0).contains(&index));
        }
        prop_assert!(report.level.is_none_or(|l| l <= 3));
        prop_assert_eq!(report.provisional, report.answered < report.total);
    }

    #[test]
    fn every_number_is_finite_and_a_whole_score_is_that_whole_level(
        questionnaire in any_questionnaire(),
        assessment in any_assessment(),
        uniform in prop::option::of(0u8..=3),
    ) {
        let mut assessment = assessment;
        if let Some(level) = uniform {
            // Every counted answer at one level: each scored area is exactly that level.
            for response in assessment.responses.values_mut() {
                if matches!(response.answer, Some(Answer::Level(_) | Answer::DontKnow)) {
                    response.answer = Some(Answer::Level(level));
                }
            }
        }
        let report = score(&questionnaire, &assessment);
        let numbers = report.areas.iter().flat_map(|a| [Some(a.weight.as_f64()), a.score])
            .chain(report.gaps.iter().flat_map(|g| [Some(g.score), Some(g.gap), Some(g.share)]))
            .chain(report.question_gaps.iter().map(|g| Some(g.gap)))
            .chain([report.index])
            .flatten();
        for number in numbers {
            prop_assert!(number.is_finite(), "{number}");
        }
        for area in &report.areas {
            if let Some(score) = area.score {
                prop_assert_eq!(area.level, Some(score.floor() as u8), "area {}", &area.id);
            }
        }
        if let Some(level) = uniform {
            for area in report.areas.iter().filter(|a| a.score.is_some()) {
                prop_assert_eq!(area.score, Some(f64::from(level)));
                prop_assert_eq!(area.level, Some(level));
            }
            if report.level.is_some() {
                prop_assert_eq!(report.level, Some(level));
                prop_assert_eq!(report.index, Some(f64::from(level)));
            }
            for gap in &report.gaps {
                prop_assert_eq!(gap.gap == 0.0, level >= report.target);
            }
        }
    }

    #[test]
    fn raising_one_answer_never_lowers_a_score_the_index_or_the_level(
        assessment in any_assessment(),
        pick in any::<prop::sample::Index>(),
        by in 0u8..3,
    ) {
        let answered: Vec<(String, Answer)> = assessment
            .responses
            .iter()
            .filter_map(|(id, r)| r.answer.map(|a| (id.clone(), a)))
            .collect();
        prop_assume!(!answered.is_empty());
        let (id, answer) = &answered[pick.index(answered.len())];
        let Some(higher) = raised(*answer, by) else { return Ok(()) };
        let mut improved = assessment.clone();
        improved.set_answer(id, Some(higher));
        let (before, after) = (report(&assessment), report(&improved));
        for (b, a) in before.areas.iter().zip(&after.areas) {
            prop_assert!(not_lower(b.score, a.score), "area {} fell", b.id);
        }
        prop_assert!(not_lower(before.index, after.index));
        prop_assert!(not_lower(before.level.map(f64::from), after.level.map(f64::from)));
    }

    #[test]
    fn not_applicable_never_changes_another_area(
        assessment in any_assessment(),
        pick in any::<prop::sample::Index>(),
    ) {
        let ids = question_ids();
        let id = &ids[pick.index(ids.len())];
        let mut changed = assessment.clone();
        changed.set_answer(id, Some(Answer::NotApplicable));
        let own_area = questionnaire()
            .areas
            .iter()
            .find(|a| a.questions.iter().any(|q| &q.id == id))
            .unwrap();
        let (before, after) = (report(&assessment), report(&changed));
        for (b, a) in before.areas.iter().zip(&after.areas) {
            if b.id != own_area.id {
                prop_assert_eq!(b, a);
            }
        }
    }

    #[test]
    fn gaps_are_never_negative_and_zero_exactly_at_or_above_target(assessment in any_assessment()) {
        let report = report(&assessment);
        let target = f64::from(report.target);
        for gap in &report.gaps {
            prop_assert!(gap.gap >= 0.0 && gap.share >= 0.0);
            prop_assert_eq!(gap.gap == 0.0, gap.score >= target, "area {}", &gap.area_id);
        }
        for gap in &report.question_gaps {
            prop_assert!(gap.gap > 0.0 && gap.value < report.target);
        }
        let total: f64 = report.gaps.iter().map(|g| g.share).sum();
        let any_gap = report.gaps.iter().any(|g| g.gap > 0.0);
        prop_assert!(!any_gap || (total - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_report_is_deterministic_and_independent_of_insertion_order(
        assessment in any_assessment(),
    ) {
        // Rebuild the same assessment inserting responses and weights in reverse order.
        let mut reversed = Assessment::new(questionnaire());
        reversed.target_level = assessment.target_level;
        for (id, response) in assessment.responses.iter().rev() {
            reversed.responses.insert(id.clone(), response.clone());
        }
        for (id, weight) in assessment.area_weights.iter().rev() {
            reversed.area_weights.insert(id.clone(), *weight);
        }
        let first = report(&assessment);
        prop_assert_eq!(&first, &report(&assessment));
        prop_assert_eq!(&first, &report(&reversed));
    }

    #[test]
    fn assessment_files_round_trip(assessment in any_assessment()) {
        let text = assessment.to_json();
        let read = Assessment::from_json(&text).unwrap();
        prop_assert_eq!(read, assessment);
    }
}
