//! Scoring: from a questionnaire and an assessment to the maturity level that explains
//! itself, the maturity index, completeness and the weighted gaps to the target.
//!
//! The rules (SPEC §3):
//! - a question counts its level; Don't know counts 0 and is listed as a follow-up; Not
//!   applicable and unanswered questions are left out;
//! - area score = weighted mean of its counted questions (no score if none count);
//!   area level = ⌊score⌋;
//! - maturity level = the lowest area level (staged model); the areas at that level are
//!   the bottlenecks, each with the questions keeping it below the next level;
//! - maturity index = weighted mean of the area scores;
//! - area gap = area weight × max(0, target − score), ranked by gap, then lower score, then
//!   questionnaire order; question gap = area weight × question weight × (target − value).
//!
//! Exactness: weights are whole thousandths ([`Weight`]), so an area's score is kept as the
//! exact fraction [`Mean`]. Its level, whether it is at the target, and the order of the
//! gaps are decided on those integers; the `f64` fields are for display only and are
//! computed from the exact values (a whole score is exactly that whole float, a zero gap is
//! exactly `0.0`).

use super::answer::Answer;
use super::assessment::Assessment;
use super::questionnaire::{Question, Questionnaire, TOP_LEVEL};
use super::weight::Weight;
use serde::Serialize;
use std::cmp::Ordering;

/// The full result of scoring one assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Per area, in questionnaire order.
    pub areas: Vec<AreaResult>,
    /// The staged maturity level; `None` until at least one area has a score.
    pub level: Option<u8>,
    /// The areas at the maturity level, with the questions holding each one there.
    pub bottlenecks: Vec<Bottleneck>,
    /// Weighted mean of the area scores, 0 to 3; `None` until an area has a score.
    pub index: Option<f64>,
    pub answered: usize,
    pub total: usize,
    /// True while some question is unanswered.
    pub provisional: bool,
    /// Questions answered "Don't know", to find out after the workshop.
    pub follow_ups: Vec<QuestionRef>,
    pub target: u8,
    /// Scored areas ranked by weighted gap to the target.
    pub gaps: Vec<WeightedGap>,
    /// Questions below the target, largest gap first.
    pub question_gaps: Vec<QuestionGap>,
    /// Answers to question ids this questionnaire does not have (kept in the file, ignored
    /// here).
    pub unknown_questions: Vec<String>,
}

/// The score of one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaResult {
    pub id: String,
    pub title: String,
    /// The weight in force: the client's choice or the questionnaire default.
    pub weight: Weight,
    /// Weighted mean of the counted questions, 0 to 3, for display; `None` if none counted.
    pub score: Option<f64>,
    /// The same mean, exact; what the level and the gap are decided on.
    #[serde(skip)]
    pub mean: Option<Mean>,
    pub level: Option<u8>,
    pub answered: usize,
    pub counted: usize,
    pub total: usize,
}

/// A question named in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionRef {
    pub area_id: String,
    pub question_id: String,
    pub prompt: String,
    /// The value it counted for (Don't know counts 0).
    pub value: u8,
}

/// An area at the maturity level: why the level is not higher.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bottleneck {
    pub area_id: String,
    pub title: String,
    pub score: f64,
    /// Counted questions of this area below the next level.
    pub holding: Vec<QuestionRef>,
}

/// How far one area is from the target, weighted by what matters to the client.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightedGap {
    pub area_id: String,
    pub title: String,
    pub score: f64,
    /// ⌊score⌋, exact.
    pub level: u8,
    pub weight: Weight,
    /// weight × max(0, target − score); exactly 0 when the area is at or above the target.
    pub gap: f64,
    /// gap / sum of all gaps, 0 when there is no gap at all.
    pub share: f64,
}

/// One question below the target: an action item for the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionGap {
    pub area_id: String,
    pub question_id: String,
    pub prompt: String,
    pub value: u8,
    /// area weight × question weight × (target − value).
    pub gap: f64,
    /// The option one level above the current answer: what good looks like next.
    pub next_level: u8,
    pub next_step: String,
}

/// An exact weighted mean of levels: `sum / weight`, both counted in thousandths of a
/// question weight. `weight` is never 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mean {
    sum: u64,
    weight: u64,
}

impl Mean {
    /// ⌊mean⌋: the area level.
    pub fn level(self) -> u8 {
        (self.sum / self.weight).min(u64::from(TOP_LEVEL)) as u8
    }

    /// The mean as the nearest float (a whole mean is exactly that whole number).
    pub fn value(self) -> f64 {
        (self.sum as f64 / self.weight as f64).clamp(0.0, f64::from(TOP_LEVEL))
    }

    /// Orders two means exactly, by cross-multiplying.
    fn cmp_exact(self, other: Mean) -> Ordering {
        (u128::from(self.sum) * u128::from(other.weight))
            .cmp(&(u128::from(other.sum) * u128::from(self.weight)))
    }

    /// area weight × max(0, target − mean) as an exact fraction (numerator, denominator),
    /// in thousandths of an area weight.
    fn gap(self, area_weight: Weight, target: u8) -> (u128, u128) {
        let wanted = u64::from(target) * self.weight;
        let short = wanted.saturating_sub(self.sum);
        (
            u128::from(area_weight.millis()) * u128::from(short),
            u128::from(self.weight) * 1000,
        )
    }
}

/// Scores `assessment` against `questionnaire`.
pub fn score(questionnaire: &Questionnaire, assessment: &Assessment) -> Report {
    let target = assessment.target_level.clamp(1, TOP_LEVEL);
    let mut areas = Vec::with_capacity(questionnaire.areas.len());
    let mut follow_ups = Vec::new();
    let mut answered = 0;
    for area in &questionnaire.areas {
        let (mut sum, mut weight) = (0u64, 0u64);
        let mut area_answered = 0;
        let mut counted = 0;
        for question in &area.questions {
            let Some(answer) = assessment.answer(&question.id) else {
                continue;
            };
            area_answered += 1;
            if answer == Answer::DontKnow {
                follow_ups.push(question_ref(&area.id, question, 0));
            }
            if let Some(value) = answer.value() {
                counted += 1;
                sum += u64::from(question.weight.millis()) * u64::from(value);
                weight += u64::from(question.weight.millis());
            }
        }
        answered += area_answered;
        let mean = (weight > 0).then_some(Mean { sum, weight });
        areas.push(AreaResult {
            id: area.id.clone(),
            title: area.title.clone(),
            weight: assessment.area_weight(area),
            score: mean.map(Mean::value),
            mean,
            level: mean.map(Mean::level),
            answered: area_answered,
            counted,
            total: area.questions.len(),
        });
    }

    let level = areas.iter().filter_map(|a| a.level).min();
    let bottlenecks = match level {
        Some(level) => areas
            .iter()
            .zip(&questionnaire.areas)
            .filter(|(result, _)| result.level == Some(level))
            .map(|(result, area)| Bottleneck {
                area_id: area.id.clone(),
                title: area.title.clone(),
                score: result.score.unwrap_or_default(),
                holding: counted_values(assessment, &area.questions)
                    .filter(|(_, value)| *value <= level && level < TOP_LEVEL)
                    .map(|(question, value)| question_ref(&area.id, question, value))
                    .collect(),
            })
            .collect(),
        None => Vec::new(),
    };

    // The index is for display; summing whole thousandths times exact scores keeps a
    // uniform whole score exactly whole.
    let scored: Vec<&AreaResult> = areas.iter().filter(|a| a.mean.is_some()).collect();
    let index = (!scored.is_empty()).then(|| {
        let weight: f64 = scored.iter().map(|a| f64::from(a.weight.millis())).sum();
        let sum: f64 = scored
            .iter()
            .map(|a| f64::from(a.weight.millis()) * a.score.unwrap_or_default())
            .sum();
        (sum / weight).clamp(0.0, f64::from(TOP_LEVEL))
    });

    let gaps = weighted_gaps(&scored, target);
    let question_gaps = question_gaps(questionnaire, assessment, &areas, target);

    let total = questionnaire.question_count();
    let known: super::order::SortedMap<&str, ()> = questionnaire
        .areas
        .iter()
        .flat_map(|a| a.questions.iter().map(|q| (q.id.as_str(), ())))
        .collect();
    let unknown_questions = assessment
        .responses
        .keys()
        .filter(|id| !known.contains_key(id.as_str()))
        .cloned()
        .collect();

    Report {
        areas,
        level,
        bottlenecks,
        index,
        answered,
        total,
        provisional: answered < total,
        follow_ups,
        target,
        gaps,
        question_gaps,
        unknown_questions,
    }
}

fn question_ref(area_id: &str, question: &Question, value: u8) -> QuestionRef {
    QuestionRef {
        area_id: area_id.to_string(),
        question_id: question.id.clone(),
        prompt: question.prompt.clone(),
        value,
    }
}

/// The counted questions of an area with the value each counts for.
fn counted_values<'q>(
    assessment: &'q Assessment,
    questions: &'q [Question],
) -> impl Iterator<Item = (&'q Question, u8)> + 'q {
    questions.iter().filter_map(move |question| {
        let value = assessment.answer(&question.id)?.value()?;
        Some((question, value))
    })
}

fn weighted_gaps(scored: &[&AreaResult], target: u8) -> Vec<WeightedGap> {
    // (questionnaire order, exact mean, exact gap, the gap for display)
    let mut gaps: Vec<(usize, Mean, (u128, u128), WeightedGap)> = scored
        .iter()
        .enumerate()
        .filter_map(|(order, area)| {
            let mean = area.mean?;
            let exact = mean.gap(area.weight, target);
            let entry = WeightedGap {
                area_id: area.id.clone(),
                title: area.title.clone(),
                score: mean.value(),
                level: mean.level(),
                weight: area.weight,
                gap: exact.0 as f64 / exact.1 as f64,
                share: 0.0,
            };
            Some((order, mean, exact, entry))
        })
        .collect();
    super::order::sort_small(
        &mut gaps,
        |(order_a, mean_a, a, _), (order_b, mean_b, b, _)| {
            // b/a against a/b by cross-multiplying: larger gap first. The products stay far
            // below u128::MAX (weights are at most 10^6 thousandths).
            (b.0 * a.1)
                .cmp(&(a.0 * b.1))
                .then(mean_a.cmp_exact(*mean_b))
                .then(order_a.cmp(order_b))
        },
    );
    let total: f64 = gaps.iter().map(|(_, _, _, g)| g.gap).sum();
    gaps.into_iter()
        .map(|(_, _, _, mut gap)| {
            gap.share = if total > 0.0 { gap.gap / total } else { 0.0 };
            gap
        })
        .collect()
}

fn question_gaps(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    areas: &[AreaResult],
    target: u8,
) -> Vec<QuestionGap> {
    // (questionnaire order, exact gap in millionths, the gap)
    let mut gaps: Vec<(usize, u64, QuestionGap)> = Vec::new();
    for (area, result) in questionnaire.areas.iter().zip(areas) {
        for (question, value) in counted_values(assessment, &area.questions) {
            if value >= target {
                continue;
            }
            let next_level = value + 1;
            let next_step = question
                .options
                .iter()
                .find(|o| o.level == next_level)
                .map(|o| o.text.clone())
                .unwrap_or_default();
            let exact = u64::from(result.weight.millis())
                * u64::from(question.weight.millis())
                * u64::from(target - value);
            let gap = QuestionGap {
                area_id: area.id.clone(),
                question_id: question.id.clone(),
                prompt: question.prompt.clone(),
                value,
                gap: exact as f64 / 1e6,
                next_level,
                next_step,
            };
            gaps.push((gaps.len(), exact, gap));
        }
    }
    super::order::sort_small(&mut gaps, |(order_a, a, _), (order_b, b, _)| {
        b.cmp(a).then(order_a.cmp(order_b))
    });
    gaps.into_iter().map(|(_, _, gap)| gap).collect()
}

impl Report {
    /// The result of one area.
    pub fn area(&self, id: &str) -> Option<&AreaResult> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// The weighted gap of one area, if it has a score.
    pub fn gap(&self, area_id: &str) -> Option<&WeightedGap> {
        self.gaps.iter().find(|g| g.area_id == area_id)
    }
}
