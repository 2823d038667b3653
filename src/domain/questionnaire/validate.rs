//! From the raw file form to a [`Questionnaire`], collecting every problem before failing.

use super::raw::*;
use super::*;
use crate::domain::weight::{self, Weight};
use std::collections::{BTreeMap, BTreeSet};

/// Checks a raw questionnaire and builds the model, or returns every problem found.
pub fn validate(raw: RawQuestionnaire) -> Result<Questionnaire, Vec<Problem>> {
    let mut check = Checker::default();
    let top = "questionnaire";
    let id = check.id(top, "id", raw.id);
    let version = check.text(top, "version", raw.version);
    let title = check.text(top, "title", raw.title);
    let description = raw.description.unwrap_or_default();
    let levels = check_levels(&mut check, raw.levels);
    let areas = check_areas(&mut check, raw.areas);
    let area_ids: BTreeSet<String> = areas.iter().map(|a| a.id.clone()).collect();
    let transitions = check_transitions(&mut check, raw.transitions);
    let ecosystems = check_ecosystems(&mut check, raw.ecosystems, &area_ids);
    let question_ids: BTreeSet<String> = areas
        .iter()
        .flat_map(|a| a.questions.iter().map(|q| q.id.clone()))
        .collect();
    let previous_versions =
        check_previous_versions(&mut check, raw.previous_versions, &version, &question_ids);
    check_distinct_texts(&mut check, &areas);
    if check.problems.is_empty() {
        Ok(Questionnaire {
            id,
            version,
            title,
            description,
            levels,
            areas,
            roadmap: super::RoadmapSource::Read(super::RoadmapTexts {
                transitions,
                ecosystems,
            }),
            previous_versions,
        })
    } else {
        Err(check.problems)
    }
}

/// Collects problems; its helpers return a usable value even when they report one, so
/// checking can go on and find the rest.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, location: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            location: location.to_string(),
            message: message.into(),
        });
    }

    /// A required, non-blank text field.
    fn text(&mut self, at: &str, field: &str, value: Option<String>) -> String {
        match value {
            None => {
                self.report(at, format!("`{field}` is missing"));
                String::new()
            }
            Some(text) if text.trim().is_empty() => {
                self.report(at, format!("`{field}` is empty"));
                text
            }
            Some(text) => text,
        }
    }

    /// A required identifier: non-blank, made of letters, digits, `_`, `-` and `.`.
    fn id(&mut self, at: &str, field: &str, value: Option<String>) -> String {
        let id = self.text(at, field, value);
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
        if !id.trim().is_empty() && !id.chars().all(allowed) {
            self.report(
                at,
                format!("`{field}` \"{id}\" may only contain letters, digits, `_`, `-` and `.`"),
            );
        }
        id
    }

    /// A required weight: greater than 0, at most 1000, at most three decimals.
    fn weight(&mut self, at: &str, value: Option<f64>) -> Weight {
        match value {
            None => {
                self.report(at, "`weight` is missing");
                Weight::ONE
            }
            Some(w) => Weight::from_f64(w).unwrap_or_else(|| {
                self.report(
                    at,
                    format!("`weight` {} (found {})", weight::RULE, weight::shown(w)),
                );
                Weight::ONE
            }),
        }
    }

    /// A required maturity level, 0 to 3.
    fn level(&mut self, at: &str, field: &str, value: Option<i64>) -> Option<u8> {
        match value {
            None => {
                self.report(at, format!("`{field}` is missing"));
                None
            }
            Some(n) => match u8::try_from(n).ok().filter(|l| LEVELS.contains(l)) {
                Some(level) => Some(level),
                None => {
                    self.report(
                        at,
                        format!("`{field}` {n} is outside the levels 0 to {TOP_LEVEL}"),
                    );
                    None
                }
            },
        }
    }

    /// A required list that must not be empty.
    fn list<T>(&mut self, at: &str, field: &str, value: Option<Vec<T>>) -> Vec<T> {
        match value {
            None => {
                self.report(at, format!("`{field}` is missing"));
                Vec::new()
            }
            Some(items) if items.is_empty() => {
                self.report(at, format!("`{field}` is empty"));
                items
            }
            Some(items) => items,
        }
    }

    /// Reports an id seen before under the same kind of item.
    fn unique(&mut self, seen: &mut BTreeSet<String>, at: &str, kind: &str, id: &str) {
        if !id.is_empty() && !seen.insert(id.to_string()) {
            self.report(at, format!("duplicate {kind} id \"{id}\""));
        }
    }
}

/// "area `data`" when the id is known, "area #3" otherwise.
fn name_of(kind: &str, id: Option<&str>, position: usize) -> String {
    match id.filter(|id| !id.trim().is_empty()) {
        Some(id) => format!("{kind} `{id}`"),
        None => format!("{kind} #{}", position + 1),
    }
}

fn check_levels(check: &mut Checker, raw: Option<Vec<RawLevel>>) -> Vec<LevelDefinition> {
    let mut by_level: BTreeMap<u8, LevelDefinition> = BTreeMap::new();
    for (position, level) in check
        .list("questionnaire", "levels", raw)
        .into_iter()
        .enumerate()
    {
        let at = match level.level {
            Some(n) => format!("level {n}"),
            None => format!("level #{}", position + 1),
        };
        let number = check.level(&at, "level", level.level);
        let name = check.text(&at, "name", level.name);
        let summary = check.text(&at, "summary", level.summary);
        if let Some(number) = number {
            let definition = LevelDefinition {
                level: number,
                name,
                summary,
            };
            if by_level.insert(number, definition).is_some() {
                check.report(&at, "is defined twice");
            }
        }
    }
    for missing in LEVELS.filter(|l| !by_level.contains_key(l)) {
        check.report("levels", format!("level {missing} is not defined"));
    }
    by_level.into_values().collect()
}

fn check_areas(check: &mut Checker, raw: Option<Vec<RawArea>>) -> Vec<Area> {
    let mut area_ids = BTreeSet::new();
    let mut question_ids = BTreeSet::new();
    let mut areas = Vec::new();
    for (position, area) in check
        .list("questionnaire", "areas", raw)
        .into_iter()
        .enumerate()
    {
        let at = name_of("area", area.id.as_deref(), position);
        let id = check.id(&at, "id", area.id);
        check.unique(&mut area_ids, &at, "area", &id);
        let title = check.text(&at, "title", area.title);
        let description = check.text(&at, "description", area.description);
        let weight = check.weight(&at, area.weight);
        let questions = match area.questions {
            Some(questions) if !questions.is_empty() => questions,
            _ => {
                check.report(&at, "has no questions");
                Vec::new()
            }
        };
        let questions = questions
            .into_iter()
            .enumerate()
            .map(|(index, question)| {
                let at = format!(
                    "{at}, {}",
                    name_of("question", question.id.as_deref(), index)
                );
                check_question(check, &at, question, &mut question_ids)
            })
            .collect();
        areas.push(Area {
            id,
            title,
            description,
            weight,
            questions,
        });
    }
    areas
}

fn check_question(
    check: &mut Checker,
    at: &str,
    raw: RawQuestion,
    question_ids: &mut BTreeSet<String>,
) -> Question {
    let id = check.id(at, "id", raw.id);
    check.unique(question_ids, at, "question", &id);
    let prompt = check.text(at, "prompt", raw.prompt);
    let help = check.text(at, "help", raw.help);
    let weight = check.weight(at, raw.weight);
    let mut by_level: BTreeMap<u8, AnswerOption> = BTreeMap::new();
    for (index, option) in check
        .list(at, "options", raw.options)
        .into_iter()
        .enumerate()
    {
        let option_at = match option.level {
            Some(n) => format!("{at}, option for level {n}"),
            None => format!("{at}, option #{}", index + 1),
        };
        let level = check.level(&option_at, "level", option.level);
        let text = check.text(&option_at, "text", option.text);
        let help = check.text(&option_at, "help", option.help);
        if let Some(level) = level {
            if by_level
                .insert(level, AnswerOption { level, text, help })
                .is_some()
            {
                check.report(at, format!("has two options for level {level}"));
            }
        }
    }
    for missing in LEVELS.filter(|l| !by_level.contains_key(l)) {
        check.report(at, format!("has no option for level {missing}"));
    }
    Question {
        id,
        prompt,
        help,
        weight,
        options: by_level.into_values().collect(),
    }
}

fn check_transitions(check: &mut Checker, raw: Option<Vec<RawTransition>>) -> Vec<Transition> {
    let mut by_from: BTreeMap<u8, Transition> = BTreeMap::new();
    let raw = check.list("questionnaire", "transitions", raw);
    for (position, transition) in raw.into_iter().enumerate() {
        let at = match (transition.from, transition.to) {
            (Some(from), Some(to)) => format!("transition {from}→{to}"),
            _ => format!("transition #{}", position + 1),
        };
        let from = check.level(&at, "from", transition.from);
        let to = check.level(&at, "to", transition.to);
        let weeks = |check: &mut Checker, field: &str, value: Option<f64>| match value {
            None => {
                check.report(&at, format!("`{field}` is missing"));
                0
            }
            Some(w) if w.fract() != 0.0 || !(1.0..=520.0).contains(&w) => {
                check.report(
                    &at,
                    format!("`{field}` must be a whole number of weeks from 1 to 520 (found {w})"),
                );
                0
            }
            Some(w) => w as u32,
        };
        let min_weeks = weeks(check, "min_weeks", transition.min_weeks);
        let max_weeks = weeks(check, "max_weeks", transition.max_weeks);
        if min_weeks > 0 && max_weeks > 0 && max_weeks < min_weeks {
            check.report(
                &at,
                format!("`max_weeks` ({max_weeks}) is below `min_weeks` ({min_weeks})"),
            );
        }
        let summary = check.text(&at, "summary", transition.summary);
        let priorities = check.list(&at, "priorities", transition.priorities);
        if priorities.iter().any(|p| p.trim().is_empty()) {
            check.report(&at, "a priority is empty");
        }
        let advice = match transition.advice {
            None => {
                check.report(&at, "`advice` is missing");
                Advice {
                    kind: AdviceKind::QuickWin,
                    text: String::new(),
                }
            }
            Some(advice) => {
                let advice_at = format!("{at}, advice");
                let kind = match advice.kind.as_deref() {
                    Some("quick_win") => AdviceKind::QuickWin,
                    Some("key_challenge") => AdviceKind::KeyChallenge,
                    other => {
                        let found = other
                            .map(|k| format!(" (found \"{k}\")"))
                            .unwrap_or_default();
                        check.report(
                            &advice_at,
                            format!("`kind` must be \"quick_win\" or \"key_challenge\"{found}"),
                        );
                        AdviceKind::QuickWin
                    }
                };
                let text = check.text(&advice_at, "text", advice.text);
                Advice { kind, text }
            }
        };
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if to != from + 1 {
            check.report(&at, "must go up exactly one level");
            continue;
        }
        let transition = Transition {
            from,
            to,
            min_weeks,
            max_weeks,
            per_project_type: transition.per_project_type.unwrap_or(false),
            summary,
            priorities,
            advice,
        };
        if by_from.insert(from, transition).is_some() {
            check.report(&at, "overlaps another transition from the same level");
        }
    }
    for from in 0..*LEVELS.end() {
        if !by_from.contains_key(&from) {
            check.report(
                "transitions",
                format!("transition {from}→{} is missing", from + 1),
            );
        }
    }
    by_from.into_values().collect()
}

fn check_ecosystems(
    check: &mut Checker,
    raw: Option<Vec<RawEcosystem>>,
    area_ids: &BTreeSet<String>,
) -> Vec<Ecosystem> {
    let mut ids = BTreeSet::new();
    let mut ecosystems = Vec::new();
    for (position, ecosystem) in raw.unwrap_or_default().into_iter().enumerate() {
        let at = name_of("ecosystem", ecosystem.id.as_deref(), position);
        let id = check.id(&at, "id", ecosystem.id);
        check.unique(&mut ids, &at, "ecosystem", &id);
        if id == "none" {
            check.report(
                &at,
                "the id \"none\" is reserved for \"no ecosystem chosen\"",
            );
        }
        let name = check.text(&at, "name", ecosystem.name);
        let mut tools = Vec::new();
        for (index, tool) in check
            .list(&at, "tools", ecosystem.tools)
            .into_iter()
            .enumerate()
        {
            let tool_at = format!("{at}, {}", name_of("tool", tool.name.as_deref(), index));
            let name = check.text(&tool_at, "name", tool.name);
            let purpose = check.text(&tool_at, "purpose", tool.purpose);
            let areas = check.list(&tool_at, "areas", tool.areas);
            for area in areas.iter().filter(|a| !area_ids.contains(*a)) {
                check.report(&tool_at, format!("unknown area id \"{area}\""));
            }
            tools.push(Tool {
                name,
                purpose,
                areas,
            });
        }
        ecosystems.push(Ecosystem { id, name, tools });
    }
    ecosystems
}

/// Earlier versions: named once each, not this version, and mapping old ids onto questions
/// of this version, each at most once.
fn check_previous_versions(
    check: &mut Checker,
    raw: Option<Vec<RawPreviousVersion>>,
    own_version: &str,
    question_ids: &BTreeSet<String>,
) -> Vec<PreviousVersion> {
    let mut seen = BTreeSet::new();
    let mut versions = Vec::new();
    for (position, previous) in raw.unwrap_or_default().into_iter().enumerate() {
        let at = match &previous.version {
            Some(version) => format!("previous version {version}"),
            None => format!("previous version #{}", position + 1),
        };
        let version = check.text(&at, "version", previous.version);
        if version == own_version {
            check.report(&at, "is this questionnaire's own version");
        }
        check.unique(&mut seen, &at, "previous version", &version);
        let same_meaning = previous.same_meaning.unwrap_or_default();
        let mut targets = BTreeSet::new();
        for (old, new) in &same_meaning {
            if old.trim().is_empty() {
                check.report(&at, "an old question id is empty");
            }
            if !question_ids.contains(new) {
                check.report(&at, format!("\"{old}\" maps to unknown question \"{new}\""));
            }
            if !targets.insert(new) {
                check.report(
                    &at,
                    format!("question \"{new}\" is the target of two old questions"),
                );
            }
        }
        versions.push(PreviousVersion {
            version,
            same_meaning: same_meaning.into(),
        });
    }
    versions
}

/// Within a question, the four options must say different things; across the
/// questionnaire, no two questions may ask the same thing.
fn check_distinct_texts(check: &mut Checker, areas: &[Area]) {
    let mut prompts = BTreeMap::new();
    for area in areas {
        for question in &area.questions {
            let at = format!("area `{}`, question `{}`", area.id, question.id);
            let prompt = question.prompt.trim().to_lowercase();
            if let Some(first) = prompts.insert(prompt, question.id.clone()) {
                check.report(&at, format!("asks the same as question `{first}`"));
            }
            let mut texts = BTreeMap::new();
            for option in &question.options {
                let text = option.text.trim().to_lowercase();
                if let Some(level) = texts.insert(text, option.level) {
                    check.report(
                        &at,
                        format!(
                            "the options for levels {level} and {} have the same text",
                            option.level
                        ),
                    );
                }
            }
        }
    }
}
