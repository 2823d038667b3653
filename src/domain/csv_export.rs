//! The answers and gaps as CSV, for Excel and Google Sheets.
//!
//! Choices, so the file opens with the right columns everywhere: UTF-8 with a byte-order
//! mark (Excel otherwise guesses a legacy encoding and breaks non-ASCII names), commas as
//! separators, CRLF line ends, every text field quoted with inner quotes doubled (so commas,
//! quotes and line breaks in notes stay inside their cell), and numbers with a dot and two
//! decimals whatever the user's locale. Text cells follow [`super::text::spreadsheet_cell`]:
//! a cell that would start like a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets
//! a leading `'`, and invisible direction characters are shown as `[U+202E]`.

use super::answer::Answer;
use super::assessment::Assessment;
use super::questionnaire::Questionnaire;
use super::report::Report;

/// The header row, in column order.
pub const COLUMNS: [&str; 13] = [
    "area_id",
    "area",
    "question_id",
    "question",
    "answer",
    "value",
    "answer_text",
    "note",
    "question_weight",
    "area_weight",
    "area_score",
    "area_gap",
    "question_gap",
];

fn quoted(text: &str) -> String {
    let cell = super::text::spreadsheet_cell(text);
    format!("\"{}\"", cell.replace('"', "\"\""))
}

fn number(value: f64) -> String {
    super::decimal::fixed(value, 2)
}

/// Whether the CSV carries the room's columns: only when the room answered, so a
/// single-respondent assessment keeps the release-1 layout.
fn has_room(assessment: &Assessment) -> bool {
    !assessment.respondents.is_empty()
        || assessment
            .responses
            .values()
            .any(|r| !r.hands.is_empty() || !r.rationale.is_empty())
}

/// The room's columns after [`COLUMNS`]: the agreed answer's rationale, the show of hands
/// (counts for 0, 1, 2, 3, Don't know, Not applicable) and one column per respondent,
/// named "respondent: <name>", holding that person's answer (`0`-`3`, `D`, `N`).
fn room_header(assessment: &Assessment) -> Vec<String> {
    let mut header = vec!["rationale".to_string(), "hands".to_string()];
    header.extend(
        assessment
            .respondents
            .iter()
            .enumerate()
            .map(|(i, r)| quoted(&format!("respondent: {}", r.shown_name(i)))),
    );
    header
}

fn room_cells(assessment: &Assessment, question_id: &str) -> Vec<String> {
    let response = assessment.responses.get(question_id);
    let mut cells = vec![
        quoted(response.map(|r| r.rationale.as_str()).unwrap_or_default()),
        quoted(
            &response
                .map(|r| super::room::hands_line(&r.hands))
                .unwrap_or_default(),
        ),
    ];
    cells.extend(assessment.respondents.iter().map(|respondent| {
        quoted(
            &response
                .and_then(|r| r.votes.get(&respondent.id))
                .map(|a| super::room::short_label(*a))
                .unwrap_or_default(),
        )
    }));
    cells
}

/// One row per question of the questionnaire, in workshop order. The `answer` column is
/// the agreed answer (the one that scores); with respondents or a show of hands, the
/// room's columns follow.
pub fn answers_csv(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    report: &Report,
) -> String {
    let room = has_room(assessment);
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    if room {
        out.push(',');
        out.push_str(&room_header(assessment).join(","));
    }
    out.push_str("\r\n");
    for (area, result) in questionnaire.areas.iter().zip(&report.areas) {
        let area_gap = report
            .gap(&area.id)
            .map(|g| number(g.gap))
            .unwrap_or_default();
        let area_score = result.score.map(number).unwrap_or_default();
        for question in &area.questions {
            let answer = assessment.answer(&question.id);
            let (label, value, text) = match answer {
                Some(Answer::Level(level)) => (
                    level.to_string(),
                    level.to_string(),
                    question
                        .options
                        .iter()
                        .find(|o| o.level == level)
                        .map(|o| o.text.clone())
                        .unwrap_or_default(),
                ),
                Some(Answer::DontKnow) => ("dont_know".into(), "0".into(), "Don't know".into()),
                Some(Answer::NotApplicable) => (
                    "not_applicable".into(),
                    String::new(),
                    "Not applicable".into(),
                ),
                None => (String::new(), String::new(), String::new()),
            };
            let question_gap = report
                .question_gaps
                .iter()
                .find(|g| g.question_id == question.id)
                .map(|g| number(g.gap))
                .unwrap_or_default();
            let row = [
                quoted(&area.id),
                quoted(&area.title),
                quoted(&question.id),
                quoted(&question.prompt),
                quoted(&label),
                value,
                quoted(&text),
                quoted(assessment.note(&question.id)),
                number(question.weight.as_f64()),
                number(result.weight.as_f64()),
                area_score.clone(),
                area_gap.clone(),
                question_gap,
            ];
            out.push_str(&row.join(","));
            if room {
                out.push(',');
                out.push_str(&room_cells(assessment, &question.id).join(","));
            }
            out.push_str("\r\n");
        }
    }
    out
}

/// The report and roadmap as one JSON document (what `assess report --format json` prints).
pub fn report_json(report: &Report, roadmap: &super::roadmap::Roadmap) -> String {
    #[derive(serde::Serialize)]
    struct Document<'a> {
        report: &'a Report,
        roadmap: &'a super::roadmap::Roadmap,
    }
    super::text::json_visible(
        serde_json::to_string_pretty(&Document { report, roadmap }).expect("reports serialise"),
    )
}
