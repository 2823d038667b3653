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

use super::answer::Answer;
use super::assessment::Assessment;
use super::questionnaire::{Question, Questionnaire};
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
    pub weight: f64,
    /// Weighted mean of the counted questions, 0 to 3; `None` if none counted.
    pub score: Option<f64>,
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
    pub weight: f64,
    /// weight × max(0, target − score).
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

/// Scores `assessment` against `questionnaire`.
pub fn score(questionnaire: &Questionnaire, assessment: &Assessment) -> Report {
    let target = assessment.target_level.clamp(1, 3);
    let mut areas = Vec::with_capacity(questionnaire.areas.len());
    let mut follow_ups = Vec::new();
    let mut answered = 0;
    for area in &questionnaire.areas {
        let mut weighted_sum = 0.0;
        let mut weight_sum = 0.0;
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
                weighted_sum += question.weight * f64::from(value);
                weight_sum += question.weight;
            }
        }
        answered += area_answered;
        let score = (counted > 0).then(|| (weighted_sum / weight_sum).clamp(0.0, 3.0));
        areas.push(AreaResult {
            id: area.id.clone(),
            title: area.title.clone(),
            weight: assessment.area_weight(area),
            score,
            level: score.map(level_of),
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
                    .filter(|(_, value)| *value <= level && level < 3)
                    .map(|(question, value)| question_ref(&area.id, question, value))
                    .collect(),
            })
            .collect(),
        None => Vec::new(),
    };

    let scored: Vec<(&AreaResult, f64)> = areas
        .iter()
        .filter_map(|a| a.score.map(|s| (a, s)))
        .collect();
    let index = (!scored.is_empty()).then(|| {
        let weight: f64 = scored.iter().map(|(a, _)| a.weight).sum();
        let sum: f64 = scored.iter().map(|(a, s)| a.weight * s).sum();
        (sum / weight).clamp(0.0, 3.0)
    });

    let gaps = weighted_gaps(&scored, target);
    let question_gaps = question_gaps(questionnaire, assessment, &areas, target);

    let total = questionnaire.question_count();
    let known: std::collections::BTreeSet<&str> = questionnaire
        .areas
        .iter()
        .flat_map(|a| a.questions.iter().map(|q| q.id.as_str()))
        .collect();
    let unknown_questions = assessment
        .responses
        .keys()
        .filter(|id| !known.contains(id.as_str()))
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

/// ⌊score⌋ as a level; scores are within [0, 3].
fn level_of(score: f64) -> u8 {
    score.floor().clamp(0.0, 3.0) as u8
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

fn weighted_gaps(scored: &[(&AreaResult, f64)], target: u8) -> Vec<WeightedGap> {
    let target = f64::from(target);
    let mut gaps: Vec<(usize, WeightedGap)> = scored
        .iter()
        .enumerate()
        .map(|(order, (area, score))| {
            let gap = area.weight * (target - score).max(0.0);
            let entry = WeightedGap {
                area_id: area.id.clone(),
                title: area.title.clone(),
                score: *score,
                weight: area.weight,
                gap,
                share: 0.0,
            };
            (order, entry)
        })
        .collect();
    super::order::sort_small(&mut gaps, |(order_a, a), (order_b, b)| {
        b.gap
            .partial_cmp(&a.gap)
            .unwrap_or(Ordering::Equal)
            .then(a.score.partial_cmp(&b.score).unwrap_or(Ordering::Equal))
            .then(order_a.cmp(order_b))
    });
    let total: f64 = gaps.iter().map(|(_, g)| g.gap).sum();
    gaps.into_iter()
        .map(|(_, mut gap)| {
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
    let mut gaps: Vec<(usize, QuestionGap)> = Vec::new();
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
            let gap = QuestionGap {
                area_id: area.id.clone(),
                question_id: question.id.clone(),
                prompt: question.prompt.clone(),
                value,
                gap: result.weight * question.weight * f64::from(target - value),
                next_level,
                next_step,
            };
            gaps.push((gaps.len(), gap));
        }
    }
    super::order::sort_small(&mut gaps, |(order_a, a), (order_b, b)| {
        b.gap
            .partial_cmp(&a.gap)
            .unwrap_or(Ordering::Equal)
            .then(order_a.cmp(order_b))
    });
    gaps.into_iter().map(|(_, gap)| gap).collect()
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
