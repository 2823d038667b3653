//! The report as one outline: its sections, sentences and numbers, decided once.
//!
//! The Results view (and so the printed page), the Markdown export and the `assess` CLI
//! all render this outline; none of them writes a sentence of its own, so they cannot say
//! different things. Renderers only choose markup: Markdown in [`super::markdown`], DOM
//! nodes in the app.

use super::assessment::Assessment;
use super::questionnaire::{Questionnaire, TOP_LEVEL};
use super::report::Report;
use super::roadmap::{Phase, Roadmap};

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// "MLOps maturity assessment: Acme".
    pub title: String,
    /// Who prepared it, for whom, when, with which questionnaire.
    pub byline: String,
    pub sections: Vec<Section>,
}

/// A titled part of the report; phases of the roadmap are subsections.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// What the section is, for styling and tests: `result`, `why`, `areas`, `gaps`,
    /// `follow-ups`, `roadmap`, `phase`, `notes`.
    pub key: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
    pub subsections: Vec<Section>,
}

/// One block of a section, with an optional key naming it for tests and styling.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub key: Option<&'static str>,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// The headline: the level, in large type.
    Lead(String),
    Paragraph(Vec<Span>),
    List(Vec<Item>),
    Table(Table),
    /// Text a person typed, line by line (a note).
    Quote(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    Strong(String),
    /// Secondary text, such as what the next level looks like.
    Muted(String),
}

/// A list item with optional nested items.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub spans: Vec<Span>,
    pub children: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    /// Which columns hold numbers (right-aligned).
    pub numeric: Vec<bool>,
    /// The column whose cells name the row (a row header).
    pub row_header: usize,
    pub rows: Vec<Vec<String>>,
}

fn text(text: impl Into<String>) -> Span {
    Span::Text(text.into())
}

fn strong(text: impl Into<String>) -> Span {
    Span::Strong(text.into())
}

fn block(content: Content) -> Block {
    Block { key: None, content }
}

fn keyed(key: &'static str, content: Content) -> Block {
    Block {
        key: Some(key),
        content,
    }
}

fn paragraph(spans: Vec<Span>) -> Block {
    block(Content::Paragraph(spans))
}

fn item(spans: Vec<Span>) -> Item {
    Item {
        spans,
        children: Vec::new(),
    }
}

fn section(key: &'static str, title: impl Into<String>, blocks: Vec<Block>) -> Section {
    Section {
        key,
        title: title.into(),
        blocks,
        subsections: Vec::new(),
    }
}

/// "Level 1: ML pipeline automation" ("Level 1" when the level has no name).
pub fn level_title(questionnaire: &Questionnaire, level: u8) -> String {
    match questionnaire.level_name(level) {
        "" => format!("Level {level}"),
        name => format!("Level {level}: {name}"),
    }
}

/// The headline: the level, an upper bound while some area is unscored, or not known.
pub fn level_line(questionnaire: &Questionnaire, report: &Report) -> String {
    match report.level {
        None => "Level not yet known".to_string(),
        Some(level) if report.areas.iter().any(|a| a.level.is_none()) => {
            match questionnaire.level_name(level) {
                "" => format!("At most level {level} so far"),
                name => format!("At most level {level} so far: {name}"),
            }
        }
        Some(level) => level_title(questionnaire, level),
    }
}

/// The titles of the areas with no counted answer yet.
pub fn unscored_areas(report: &Report) -> Vec<&str> {
    report
        .areas
        .iter()
        .filter(|a| a.level.is_none())
        .map(|a| a.title.as_str())
        .collect()
}

/// Two decimals, as every score and gap is shown.
fn two(value: f64) -> String {
    super::decimal::fixed(value, 2)
}

/// Builds the report outline.
pub fn outline(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    report: &Report,
    roadmap: &Roadmap,
) -> Outline {
    let client = match assessment.client.trim() {
        "" => "unnamed client",
        name => name,
    };
    let mut sections = vec![result(questionnaire, assessment, report)];
    sections.extend(why(questionnaire, report));
    sections.extend(room(questionnaire, assessment, report));
    sections.push(area_scores(report));
    sections.push(gaps(report));
    if !report.follow_ups.is_empty() {
        let items = report
            .follow_ups
            .iter()
            .map(|q| item(vec![text(&q.prompt)]))
            .collect();
        sections.push(section(
            "follow-ups",
            "Follow-ups (answered Don't know)",
            vec![block(Content::List(items))],
        ));
    }
    sections.push(plan(questionnaire, roadmap));
    sections.extend(notes(questionnaire, assessment));
    Outline {
        title: format!("MLOps maturity assessment: {client}"),
        byline: byline(questionnaire, assessment),
        sections,
    }
}

fn byline(questionnaire: &Questionnaire, assessment: &Assessment) -> String {
    let mut parts = Vec::new();
    if !assessment.agency.trim().is_empty() {
        parts.push(format!("Prepared by {}", assessment.agency.trim()));
    }
    if !assessment.assessor.trim().is_empty() {
        let verb = if parts.is_empty() {
            "Assessed by"
        } else {
            "assessed by"
        };
        parts.push(format!("{verb} {}", assessment.assessor.trim()));
    }
    if let Some(date) = assessment.date {
        parts.push(format!("on {date}"));
    }
    parts.push(format!(
        "with the questionnaire \"{}\" ({} v{})",
        questionnaire.title, questionnaire.id, questionnaire.version
    ));
    let line = parts.join(" ");
    let mut chars = line.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

fn result(questionnaire: &Questionnaire, assessment: &Assessment, report: &Report) -> Section {
    let mut blocks = vec![keyed(
        "result-level",
        Content::Lead(level_line(questionnaire, report)),
    )];
    let unscored = unscored_areas(report);
    match report.level {
        None => blocks.push(paragraph(vec![text(
            "Answer at least one question with a level or Don't know to see a level and a roadmap.",
        )])),
        Some(_) if !unscored.is_empty() => blocks.push(keyed(
            "unscored",
            Content::Paragraph(vec![
                text("The weakest area sets the level, so an area not yet scored can only lower it. Still to answer: "),
                strong(unscored.join(", ")),
                text("."),
            ]),
        )),
        Some(_) => {}
    }
    if let Some(index) = report.index {
        blocks.push(keyed(
            "result-index",
            Content::Paragraph(vec![text(format!(
                "Maturity index {} of {}.",
                two(index),
                two(f64::from(TOP_LEVEL))
            ))]),
        ));
    }
    let target_name = match questionnaire.level_name(report.target) {
        "" => String::new(),
        name => format!(" ({name})"),
    };
    blocks.push(paragraph(vec![text(format!(
        "Target: level {}{target_name}.",
        report.target
    ))]));
    let answered = if report.provisional {
        format!(
            "{} of {} questions answered: the result is provisional.",
            report.answered, report.total
        )
    } else {
        format!("All {} questions answered.", report.total)
    };
    blocks.push(paragraph(vec![text(answered)]));
    let unagreed = super::room::unagreed(questionnaire, assessment);
    if !unagreed.is_empty() {
        blocks.push(keyed(
            "unagreed",
            Content::Paragraph(vec![strong(format!(
                "{} question(s) have answers from the room but no agreed answer yet; they do not count until one is agreed.",
                unagreed.len()
            ))]),
        ));
    }
    section("result", "Result", blocks)
}

fn why(questionnaire: &Questionnaire, report: &Report) -> Option<Section> {
    let level = report.level?;
    let blocks = if level >= TOP_LEVEL {
        vec![paragraph(vec![text(format!(
            "Every scored area is at the top level, {}.",
            level_title(questionnaire, TOP_LEVEL)
        ))])]
    } else {
        let items = report
            .bottlenecks
            .iter()
            .map(|b| Item {
                spans: vec![strong(&b.title), text(format!(" scores {}", two(b.score)))],
                children: b
                    .holding
                    .iter()
                    .map(|q| item(vec![text(format!("{} (now level {})", q.prompt, q.value))]))
                    .collect(),
            })
            .collect();
        vec![
            paragraph(vec![text(format!(
                "The weakest area sets the level. To reach level {}, lift:",
                level + 1
            ))]),
            keyed("bottlenecks", Content::List(items)),
        ]
    };
    Some(section("why", "Why this level", blocks))
}

/// How many disagreements the report lists.
pub const ROOM_TOP: usize = 10;

fn room(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    report: &Report,
) -> Option<Section> {
    use super::room;
    let answered = room::room_questions(questionnaire, assessment, report);
    if assessment.respondents.is_empty() && answered.is_empty() {
        return None;
    }
    let mut blocks = Vec::new();
    if !assessment.respondents.is_empty() {
        let people: Vec<String> = assessment
            .respondents
            .iter()
            .enumerate()
            .map(|(i, r)| match r.role.trim() {
                "" => r.shown_name(i),
                role => format!("{} ({role})", r.shown_name(i)),
            })
            .collect();
        blocks.push(paragraph(vec![text(format!(
            "Respondents: {}.",
            people.join(", ")
        ))]));
    }
    let differing = room::disagreements(questionnaire, assessment, report);
    if differing.is_empty() {
        blocks.push(paragraph(vec![text(format!(
            "The room answered {} question(s) and gave the same answer to each.",
            answered.len()
        ))]));
    } else {
        let flagged = differing.iter().filter(|q| q.flagged).count();
        blocks.push(paragraph(vec![text(format!(
            "Answers differed on {} of the {} question(s) the room answered; {flagged} differ by two levels or more, or by one in a bottleneck area. Widest spread first{}:",
            differing.len(),
            answered.len(),
            if differing.len() > ROOM_TOP { format!(", the first {ROOM_TOP}") } else { String::new() }
        ))]));
        let items = differing
            .iter()
            .take(ROOM_TOP)
            .map(|q| {
                let mut children = vec![item(vec![text(format!(
                    "Answers: {}.",
                    q.distribution.summary()
                ))])];
                children.push(match q.agreed {
                    Some(answer) => item(vec![strong(format!("Agreed: {}.", answer.label()))]),
                    None => item(vec![strong("Not agreed yet.")]),
                });
                if !q.rationale.trim().is_empty() {
                    children.push(item(vec![text(format!("Why: {}", q.rationale.trim()))]));
                }
                let mark = if q.flagged { " (disagreement)" } else { "" };
                Item {
                    spans: vec![
                        strong(&q.prompt),
                        text(format!(" Spread {} level(s){mark}.", q.spread.unwrap_or(0))),
                    ],
                    children,
                }
            })
            .collect();
        blocks.push(keyed("disagreements", Content::List(items)));
    }
    Some(section("room", "Where the room disagreed", blocks))
}

fn area_scores(report: &Report) -> Section {
    let rows = report
        .areas
        .iter()
        .map(|area| {
            vec![
                area.title.clone(),
                area.weight.to_string(),
                area.score.map(two).unwrap_or_else(|| "–".into()),
                area.level
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "–".into()),
                format!("{} of {}", area.answered, area.total),
            ]
        })
        .collect();
    let table = Table {
        header: ["Area", "Weight", "Score", "Level", "Answered"]
            .map(String::from)
            .to_vec(),
        numeric: vec![false, true, true, true, true],
        row_header: 0,
        rows,
    };
    section(
        "areas",
        "Area scores",
        vec![keyed("areas", Content::Table(table))],
    )
}

fn gaps(report: &Report) -> Section {
    let title = format!("Weighted gaps to level {}", report.target);
    let with_gap: Vec<_> = report.gaps.iter().filter(|g| g.gap > 0.0).collect();
    let blocks = if report.gaps.is_empty() {
        vec![paragraph(vec![text(
            "No gap yet: no area has a counted answer.",
        )])]
    } else if with_gap.is_empty() {
        vec![paragraph(vec![text(
            "No gap: every scored area is at or above the target.",
        )])]
    } else {
        let rows = with_gap
            .iter()
            .enumerate()
            .map(|(rank, gap)| {
                vec![
                    (rank + 1).to_string(),
                    gap.title.clone(),
                    two(gap.score),
                    gap.weight.to_string(),
                    two(gap.gap),
                    format!("{:.0}%", gap.share * 100.0),
                ]
            })
            .collect();
        let table = Table {
            header: ["Rank", "Area", "Score", "Weight", "Gap", "Share"]
                .map(String::from)
                .to_vec(),
            numeric: vec![true, false, true, true, true, true],
            row_header: 1,
            rows,
        };
        vec![keyed("gaps", Content::Table(table))]
    };
    section("gaps", title, blocks)
}

fn plan(questionnaire: &Questionnaire, roadmap: &Roadmap) -> Section {
    let total = match roadmap.from {
        Some(_) if !roadmap.phases.is_empty() => format!(
            "{}, from {}, done between {} and {}.",
            roadmap.total_range(),
            roadmap.start,
            roadmap.earliest_end,
            roadmap.latest_end
        ),
        Some(_) => format!("{}. No phase is needed.", roadmap.total_range()),
        None => format!("{}.", roadmap.total_range()),
    };
    let mut roadmap_section = section(
        "roadmap",
        "Roadmap",
        vec![keyed(
            "roadmap-total",
            Content::Paragraph(vec![strong(total)]),
        )],
    );
    roadmap_section.subsections = roadmap
        .phases
        .iter()
        .map(|phase| phase_section(questionnaire, phase))
        .collect();
    roadmap_section
}

fn phase_section(questionnaire: &Questionnaire, phase: &Phase) -> Section {
    let starts = if phase.earliest_start == phase.latest_start {
        format!("Starts {}", phase.earliest_start)
    } else {
        format!(
            "Starts between {} and {}",
            phase.earliest_start, phase.latest_start
        )
    };
    let mut blocks = vec![
        paragraph(vec![text(format!(
            "{starts}; ends between {} and {}. {}",
            phase.earliest_end, phase.latest_end, phase.summary
        ))]),
        paragraph(vec![strong("Priority investments:")]),
        block(Content::List(
            phase
                .priorities
                .iter()
                .map(|p| item(vec![text(p)]))
                .collect(),
        )),
        paragraph(vec![
            strong(format!("{}: ", phase.advice_kind.label())),
            text(&phase.advice),
        ]),
    ];
    if !phase.areas.is_empty() {
        blocks.push(paragraph(vec![strong(
            "Areas to lift, largest weighted gap first:",
        )]));
        let items = phase
            .areas
            .iter()
            .map(|area| Item {
                spans: vec![
                    strong(&area.title),
                    text(format!(" (score {})", two(area.score))),
                ],
                children: area
                    .actions
                    .iter()
                    .map(|action| {
                        item(vec![
                            text(&action.prompt),
                            Span::Muted(format!(
                                " Now level {}; next: {}",
                                action.current, action.goal
                            )),
                        ])
                    })
                    .collect(),
            })
            .collect();
        blocks.push(block(Content::List(items)));
    }
    if !phase.tools.is_empty() {
        blocks.push(paragraph(vec![strong("Suggested tools:")]));
        let items = phase
            .tools
            .iter()
            .map(|tool| item(vec![text(format!("{}: {}", tool.name, tool.purpose))]))
            .collect();
        blocks.push(keyed("tools", Content::List(items)));
    }
    let name = match questionnaire.level_name(phase.to) {
        "" => String::new(),
        name => format!(": {name}"),
    };
    section(
        "phase",
        format!(
            "Level {} → {}{name} ({}-{} weeks)",
            phase.from, phase.to, phase.min_weeks, phase.max_weeks
        ),
        blocks,
    )
}

fn notes(questionnaire: &Questionnaire, assessment: &Assessment) -> Option<Section> {
    let mut blocks = Vec::new();
    for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
        let note = assessment.note(&question.id).trim();
        if note.is_empty() {
            continue;
        }
        blocks.push(paragraph(vec![strong(&question.prompt)]));
        blocks.push(block(Content::Quote(
            note.lines().map(str::to_string).collect(),
        )));
    }
    (!blocks.is_empty()).then(|| section("notes", "Notes", blocks))
}
