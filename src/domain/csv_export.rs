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
    format!("{value:.2}")
}

/// One row per question of the questionnaire, in workshop order.
pub fn answers_csv(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    report: &Report,
) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
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
