//! The roadmap: one phase per level step from the current maturity level to the target,
//! with honest duration ranges and calendar dates (SPEC §4).
//!
//! - Phases run back to back from the start date. A phase's earliest end adds up the
//!   minimum durations so far, its latest end the maximums.
//! - A transition marked `per_project_type` (0→1) is multiplied by the number of project
//!   types.
//! - A phase L→L+1 covers the areas whose level is below L+1, in weighted-gap order. Its
//!   action items are the counted questions of those areas below L+1, each with the option
//!   text of level L+1: what the practice looks like once the phase is done.
//! - Tools come from the chosen ecosystem, those serving at least one of the phase's areas.
//! - With no scored area there is no level, so there is no roadmap either: no phase until
//!   the answers say where the team stands.

use super::assessment::Assessment;
use super::date::Date;
use super::questionnaire::{AdviceKind, Questionnaire};
use super::report::Report;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Roadmap {
    /// The current maturity level; `None` while it is not known (then there is no phase).
    pub from: Option<u8>,
    pub to: u8,
    pub start: Date,
    pub phases: Vec<Phase>,
    pub min_weeks: u32,
    pub max_weeks: u32,
    pub earliest_end: Date,
    pub latest_end: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phase {
    pub from: u8,
    pub to: u8,
    pub summary: String,
    /// Duration range, already multiplied by project types where it applies.
    pub min_weeks: u32,
    pub max_weeks: u32,
    /// Earliest start: the earliest end of the phase before (or the roadmap start).
    pub earliest_start: Date,
    /// Latest start: the latest end of the phase before (or the roadmap start).
    pub latest_start: Date,
    pub earliest_end: Date,
    pub latest_end: Date,
    pub areas: Vec<PhaseArea>,
    pub priorities: Vec<String>,
    pub advice_kind: AdviceKind,
    pub advice: String,
    pub tools: Vec<ToolSuggestion>,
}

/// An area to lift in a phase, with what to do in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseArea {
    pub area_id: String,
    pub title: String,
    pub score: f64,
    pub gap: f64,
    pub actions: Vec<Action>,
}

/// One question to lift: where it is now and what it looks like at the phase's level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    pub question_id: String,
    pub prompt: String,
    pub current: u8,
    pub goal: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolSuggestion {
    pub name: String,
    pub purpose: String,
}

impl serde::Serialize for AdviceKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            AdviceKind::QuickWin => "quick_win",
            AdviceKind::KeyChallenge => "key_challenge",
        })
    }
}

/// Builds the roadmap; `today` is the start when the assessment sets no start date.
pub fn plan(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    report: &Report,
    today: Date,
) -> Roadmap {
    let start = assessment.settings.start_date.unwrap_or(today);
    let from = report.level;
    let to = report.target;
    let project_types = assessment.settings.project_types.max(1);
    let ecosystem = questionnaire
        .ecosystems()
        .iter()
        .find(|e| e.id == assessment.settings.ecosystem);

    let mut phases = Vec::new();
    let (mut min_total, mut max_total) = (0u32, 0u32);
    for transition in questionnaire
        .transitions()
        .iter()
        .filter(|t| from.is_some_and(|from| t.from >= from) && t.to <= to)
    {
        let factor = if transition.per_project_type {
            project_types
        } else {
            1
        };
        let min_weeks = transition.min_weeks * factor;
        let max_weeks = transition.max_weeks * factor;
        let earliest_start = start.add_weeks(min_total);
        let latest_start = start.add_weeks(max_total);
        min_total += min_weeks;
        max_total += max_weeks;

        let areas: Vec<PhaseArea> = report
            .gaps
            .iter()
            .filter(|gap| gap.level < transition.to)
            .filter_map(|gap| {
                let area = questionnaire.area(&gap.area_id)?;
                let actions = area
                    .questions
                    .iter()
                    .filter_map(|question| {
                        let current = assessment.answer(&question.id)?.value()?;
                        let goal = question.options.iter().find(|o| o.level == transition.to)?;
                        (current < transition.to).then(|| Action {
                            question_id: question.id.clone(),
                            prompt: question.prompt.clone(),
                            current,
                            goal: goal.text.clone(),
                        })
                    })
                    .collect();
                Some(PhaseArea {
                    area_id: area.id.clone(),
                    title: area.title.clone(),
                    score: gap.score,
                    gap: gap.gap,
                    actions,
                })
            })
            .collect();

        let tools = ecosystem
            .map(|ecosystem| {
                ecosystem
                    .tools
                    .iter()
                    .filter(|tool| {
                        tool.areas
                            .iter()
                            .any(|id| areas.iter().any(|a| &a.area_id == id))
                    })
                    .map(|tool| ToolSuggestion {
                        name: tool.name.clone(),
                        purpose: tool.purpose.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();

        phases.push(Phase {
            from: transition.from,
            to: transition.to,
            summary: transition.summary.clone(),
            min_weeks,
            max_weeks,
            earliest_start,
            latest_start,
            earliest_end: start.add_weeks(min_total),
            latest_end: start.add_weeks(max_total),
            areas,
            priorities: transition.priorities.clone(),
            advice_kind: transition.advice.kind,
            advice: transition.advice.text.clone(),
            tools,
        });
    }

    Roadmap {
        from,
        to,
        start,
        phases,
        min_weeks: min_total,
        max_weeks: max_total,
        earliest_end: start.add_weeks(min_total),
        latest_end: start.add_weeks(max_total),
    }
}

impl Roadmap {
    /// "Level 0 → 3: 12-24 weeks", or a sentence saying there is nothing to do.
    pub fn total_range(&self) -> String {
        match self.from {
            None => "No roadmap yet: answer the questions to find the current level".to_string(),
            Some(from) if self.phases.is_empty() => {
                format!("Already at or above the target (level {from})")
            }
            Some(from) => format!(
                "Level {from} → {}: {}-{} weeks",
                self.to, self.min_weeks, self.max_weeks
            ),
        }
    }
}
