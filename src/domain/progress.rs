//! Progress over time and the agency's own benchmark: follow-up assessments linked by a
//! lineage, the comparison of two assessments, the portfolio of many, and anonymised
//! benchmark files that pool area scores without any client data.
//!
//! Only assessments of the same questionnaire id and version are ever compared or pooled:
//! the same question id in another version may mean something else.

use super::answer::Answer;
use super::assessment::{Assessment, QuestionnaireRef};
use super::date::Date;
use super::order::SortedMap;
use super::questionnaire::Questionnaire;
use super::report::{score, Report};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an assessment stands in a series of re-assessments of one client.
#[derive(Debug, Clone, PartialEq)]
pub struct Lineage {
    /// Shared by every assessment of the series.
    pub id: String,
    /// 1 for the first assessment, 2 for its follow-up, and so on.
    pub generation: u32,
    /// What the previous assessment answered, kept in the file so "last time" shows even
    /// where the previous assessment is not in the library.
    pub previous: Option<Previous>,
}

/// The previous assessment of a series, as a follow-up remembers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// Its name in the library when the follow-up started.
    pub name: String,
    pub date: Option<Date>,
    /// Its agreed answers, by question id.
    pub answers: SortedMap<String, Answer>,
}

/// Starts a follow-up of `earlier`: the same client, people, weights, target and settings,
/// no answers yet, dated `today`, in the same lineage one generation on. Returns the
/// follow-up and the lineage `earlier` should carry from now on (unchanged when it had one).
pub fn follow_up(
    earlier: &Assessment,
    earlier_name: &str,
    new_lineage_id: String,
    today: Date,
) -> (Assessment, Lineage) {
    let earlier_lineage = earlier.lineage.clone().unwrap_or(Lineage {
        id: new_lineage_id,
        generation: 1,
        previous: None,
    });
    let mut next = Assessment {
        date: Some(today),
        responses: SortedMap::new(),
        respondents: Vec::new(),
        answering_as: None,
        ..earlier.clone()
    };
    next.settings.start_date = None;
    next.lineage = Some(Lineage {
        id: earlier_lineage.id.clone(),
        generation: earlier_lineage.generation + 1,
        previous: Some(Previous {
            name: earlier_name.to_string(),
            date: earlier.date,
            answers: earlier
                .responses
                .iter()
                .filter_map(|(id, r)| Some((id.clone(), r.answer?)))
                .collect(),
        }),
    });
    (next, earlier_lineage)
}

/// What a follow-up shows beside a question: the answer given last time, if any.
pub fn last_time(assessment: &Assessment, question_id: &str) -> Option<Answer> {
    let previous = assessment.lineage.as_ref()?.previous.as_ref()?;
    previous.answers.get(question_id).copied()
}

/// Why two assessments cannot be compared or pooled, in words; `None` when they can.
pub fn incomparable(a: &QuestionnaireRef, b: &QuestionnaireRef) -> Option<String> {
    if a.id != b.id {
        Some(format!(
            "They answer different questionnaires (\"{}\" and \"{}\"), so no question matches.",
            a.id, b.id
        ))
    } else if a.version != b.version {
        Some(format!(
            "They answer different versions of \"{}\" ({} and {}): a question may have changed meaning between versions. Move the older one to the newer version first (Assessments), then compare.",
            a.id, a.version, b.version
        ))
    } else {
        None
    }
}

/// How one answer or score moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Up,
    Down,
    Same,
    /// Answered (or scored) now, not before.
    New,
    /// Answered (or scored) before, not now.
    Dropped,
    /// Answered both times with answers that carry no level to compare (Not applicable
    /// on one side).
    Changed,
    /// Answered neither time.
    None,
}

impl Change {
    pub fn word(self) -> &'static str {
        match self {
            Change::Up => "up",
            Change::Down => "down",
            Change::Same => "same",
            Change::New => "newly answered",
            Change::Dropped => "no longer answered",
            Change::Changed => "changed",
            Change::None => "unanswered",
        }
    }
}

fn change_of(before: Option<Answer>, after: Option<Answer>) -> Change {
    match (before, after) {
        (None, None) => Change::None,
        (None, Some(_)) => Change::New,
        (Some(_), None) => Change::Dropped,
        (Some(a), Some(b)) => match (a.value(), b.value()) {
            (Some(x), Some(y)) if y > x => Change::Up,
            (Some(x), Some(y)) if y < x => Change::Down,
            _ if a == b => Change::Same,
            (Some(_), Some(_)) => Change::Same,
            _ => Change::Changed,
        },
    }
}

fn score_change(before: Option<f64>, after: Option<f64>) -> Change {
    match (before, after) {
        (None, None) => Change::None,
        (None, Some(_)) => Change::New,
        (Some(_), None) => Change::Dropped,
        // Both are exact fractions rounded once, so equal scores are equal floats.
        (Some(x), Some(y)) if y > x => Change::Up,
        (Some(x), Some(y)) if y < x => Change::Down,
        _ => Change::Same,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaDelta {
    pub area_id: String,
    pub title: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionDelta {
    pub area_id: String,
    pub question_id: String,
    pub prompt: String,
    pub before: Option<Answer>,
    pub after: Option<Answer>,
    pub change: Change,
}

/// A level step (or run of steps) reached between the two assessments: the time it took,
/// when both are dated, beside the questionnaire's estimate for the same steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepTime {
    pub from: u8,
    pub to: u8,
    /// Days between the two assessment dates, when both are known and in order.
    pub actual_days: Option<i64>,
    pub min_weeks: u32,
    pub max_weeks: u32,
}

/// Two assessments of the same questionnaire side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub before_label: String,
    pub after_label: String,
    pub before: Report,
    pub after: Report,
    pub areas: Vec<AreaDelta>,
    pub questions: Vec<QuestionDelta>,
    /// Questions whose answer went up, largest rise first.
    pub moved: Vec<QuestionDelta>,
    /// Questions whose answer went down, largest fall first.
    pub slipped: Vec<QuestionDelta>,
    pub steps: Option<StepTime>,
}

fn rise(delta: &QuestionDelta) -> i32 {
    let value = |a: Option<Answer>| a.and_then(Answer::value).map(i32::from).unwrap_or(0);
    value(delta.after) - value(delta.before)
}

/// Compares `before` with `after` (both answering `questionnaire`), or says why not.
pub fn compare(
    questionnaire: &Questionnaire,
    before: (&str, &Assessment),
    after: (&str, &Assessment),
) -> Result<Comparison, String> {
    let (before_label, before) = before;
    let (after_label, after) = after;
    let ours = QuestionnaireRef {
        id: questionnaire.id.clone(),
        version: questionnaire.version.clone(),
    };
    for assessment in [before, after] {
        if let Some(why) = incomparable(&assessment.questionnaire, &ours) {
            return Err(why);
        }
    }
    let (report_before, report_after) = (score(questionnaire, before), score(questionnaire, after));
    let areas = report_before
        .areas
        .iter()
        .zip(&report_after.areas)
        .map(|(b, a)| AreaDelta {
            area_id: a.id.clone(),
            title: a.title.clone(),
            before: b.score,
            after: a.score,
            change: score_change(b.score, a.score),
        })
        .collect();
    let mut questions = Vec::new();
    for area in &questionnaire.areas {
        for question in &area.questions {
            let (b, a) = (before.answer(&question.id), after.answer(&question.id));
            questions.push(QuestionDelta {
                area_id: area.id.clone(),
                question_id: question.id.clone(),
                prompt: question.prompt.clone(),
                before: b,
                after: a,
                change: change_of(b, a),
            });
        }
    }
    let mut moved: Vec<QuestionDelta> = questions
        .iter()
        .filter(|q| q.change == Change::Up)
        .cloned()
        .collect();
    super::order::sort_small(&mut moved, |x, y| rise(y).cmp(&rise(x)));
    let mut slipped: Vec<QuestionDelta> = questions
        .iter()
        .filter(|q| q.change == Change::Down)
        .cloned()
        .collect();
    super::order::sort_small(&mut slipped, |x, y| rise(x).cmp(&rise(y)));
    let steps = match (report_before.level, report_after.level) {
        (Some(from), Some(to)) if to > from => {
            let (mut min_weeks, mut max_weeks) = (0, 0);
            for t in questionnaire
                .transitions()
                .iter()
                .filter(|t| t.from >= from && t.to <= to)
            {
                let times = if t.per_project_type {
                    before.settings.project_types
                } else {
                    1
                };
                min_weeks += t.min_weeks * times;
                max_weeks += t.max_weeks * times;
            }
            let actual_days = match (before.date, after.date) {
                (Some(b), Some(a)) if a >= b => Some(a.days_since_epoch() - b.days_since_epoch()),
                _ => None,
            };
            Some(StepTime {
                from,
                to,
                actual_days,
                min_weeks,
                max_weeks,
            })
        }
        _ => None,
    };
    Ok(Comparison {
        before_label: before_label.to_string(),
        after_label: after_label.to_string(),
        before: report_before,
        after: report_after,
        areas,
        questions,
        moved,
        slipped,
        steps,
    })
}

fn answer_text(answer: Option<Answer>) -> String {
    answer.map(Answer::label).unwrap_or_else(|| "–".into())
}

fn score_text(score: Option<f64>) -> String {
    score
        .map(|s| format!("{s:.2}"))
        .unwrap_or_else(|| "–".into())
}

fn level_text(level: Option<u8>) -> String {
    level
        .map(|l| format!("level {l}"))
        .unwrap_or_else(|| "no level".into())
}

impl Comparison {
    /// "Level 0 → 1", or what is known.
    pub fn level_line(&self) -> String {
        format!(
            "From {} ({}) to {} ({})",
            level_text(self.before.level),
            self.before_label,
            level_text(self.after.level),
            self.after_label
        )
    }

    /// The time the reached steps took against the estimate, in words.
    pub fn steps_line(&self) -> Option<String> {
        let step = self.steps.as_ref()?;
        let estimate = format!(
            "the roadmap estimates {}-{} weeks",
            step.min_weeks, step.max_weeks
        );
        Some(match step.actual_days {
            Some(days) => format!(
                "Level {} → {} took {:.1} weeks; {estimate}.",
                step.from,
                step.to,
                days as f64 / 7.0
            ),
            None => format!(
                "Level {} → {} was reached; {estimate} (date both assessments to see the time it took).",
                step.from, step.to
            ),
        })
    }

    /// The comparison as Markdown, for a proposal or a steering meeting.
    pub fn markdown(&self) -> String {
        let cell = |t: &str| super::text::visible(t).replace('|', "\\|");
        let mut out = format!(
            "# Progress: {} → {}\n\n{}.\n\n",
            cell(&self.before_label),
            cell(&self.after_label),
            cell(&self.level_line())
        );
        if let Some(line) = self.steps_line() {
            out.push_str(&format!("{line}\n\n"));
        }
        out.push_str(
            "## Areas\n\n| Area | Before | After | Change |\n| --- | ---: | ---: | --- |\n",
        );
        for area in &self.areas {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                cell(&area.title),
                score_text(area.before),
                score_text(area.after),
                area.change.word()
            ));
        }
        for (title, list) in [("What moved", &self.moved), ("What slipped", &self.slipped)] {
            out.push_str(&format!("\n## {title}\n\n"));
            if list.is_empty() {
                out.push_str("Nothing.\n");
            }
            for q in list {
                out.push_str(&format!(
                    "- {} ({} → {})\n",
                    cell(&q.prompt),
                    answer_text(q.before),
                    answer_text(q.after)
                ));
            }
        }
        out.push_str("\n## Every question\n\n| Question | Before | After | Change |\n| --- | --- | --- | --- |\n");
        for q in &self.questions {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                cell(&q.prompt),
                answer_text(q.before),
                answer_text(q.after),
                q.change.word()
            ));
        }
        out
    }

    /// The comparison as CSV (the same rules as the answers CSV): one row per area, then
    /// one per question.
    pub fn csv(&self) -> String {
        let quoted = |t: &str| {
            format!(
                "\"{}\"",
                super::text::spreadsheet_cell(t).replace('"', "\"\"")
            )
        };
        let code = |a: Option<Answer>| match a {
            Some(Answer::Level(l)) => l.to_string(),
            Some(Answer::DontKnow) => "dont_know".into(),
            Some(Answer::NotApplicable) => "not_applicable".into(),
            None => String::new(),
        };
        let mut out =
            String::from("\u{feff}kind,area_id,question_id,title,before,after,change\r\n");
        for area in &self.areas {
            out.push_str(&format!(
                "\"area\",{},\"\",{},{},{},{}\r\n",
                quoted(&area.area_id),
                quoted(&area.title),
                area.before.map(|s| format!("{s:.2}")).unwrap_or_default(),
                area.after.map(|s| format!("{s:.2}")).unwrap_or_default(),
                quoted(area.change.word())
            ));
        }
        for q in &self.questions {
            out.push_str(&format!(
                "\"question\",{},{},{},{},{},{}\r\n",
                quoted(&q.area_id),
                quoted(&q.question_id),
                quoted(&q.prompt),
                quoted(&code(q.before)),
                quoted(&code(q.after)),
                quoted(q.change.word())
            ));
        }
        out
    }
}

// ---- Portfolio and benchmark ----

/// Which assessments the portfolio shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only assessments dated on or after this day (undated ones are left out when set).
    pub from: Option<Date>,
    /// Only assessments dated on or before this day.
    pub to: Option<Date>,
    /// Only the latest assessment of each client (by date; undated counts as oldest).
    pub latest_only: bool,
}

/// One assessment in the portfolio.
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioRow {
    pub client: String,
    pub date: Option<Date>,
    pub level: Option<u8>,
    pub index: Option<f64>,
    /// Score per area of the questionnaire, in its order.
    pub areas: Vec<Option<f64>>,
}

fn client_key(client: &str) -> String {
    client.trim().to_lowercase()
}

/// The assessments of `questionnaire` (same id and version) with at least one agreed
/// answer that pass `filter`, scored, sorted by client then date. Others are left out;
/// the caller says how many.
pub fn portfolio(
    questionnaire: &Questionnaire,
    assessments: &[&Assessment],
    filter: &Filter,
) -> Vec<PortfolioRow> {
    let ours = QuestionnaireRef {
        id: questionnaire.id.clone(),
        version: questionnaire.version.clone(),
    };
    let mut kept: Vec<&Assessment> = assessments
        .iter()
        .copied()
        .filter(|a| a.questionnaire == ours && a.answering_as.is_none())
        .filter(|a| a.responses.values().any(|r| r.answer.is_some()))
        .filter(|a| match (filter.from, a.date) {
            (Some(from), Some(date)) => date >= from,
            (Some(_), None) => false,
            _ => true,
        })
        .filter(|a| match (filter.to, a.date) {
            (Some(to), Some(date)) => date <= to,
            (Some(_), None) => false,
            _ => true,
        })
        .collect();
    super::order::sort_small(&mut kept, |a, b| {
        client_key(&a.client)
            .cmp(&client_key(&b.client))
            .then(a.date.cmp(&b.date))
    });
    if filter.latest_only {
        // Sorted by client then date: the last of each client's run is its latest.
        let mut latest: Vec<&Assessment> = Vec::new();
        for a in kept {
            match latest.last() {
                Some(last) if client_key(&last.client) == client_key(&a.client) => {
                    *latest.last_mut().expect("not empty") = a;
                }
                _ => latest.push(a),
            }
        }
        kept = latest;
    }
    kept.into_iter()
        .map(|a| {
            let report = score(questionnaire, a);
            PortfolioRow {
                client: match a.client.trim() {
                    "" => "Unnamed client".to_string(),
                    name => name.to_string(),
                },
                date: a.date,
                level: report.level,
                index: report.index,
                areas: report.areas.iter().map(|r| r.score).collect(),
            }
        })
        .collect()
}

/// One assessment in a benchmark: area scores, level and index, and the month at most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchmarkRow {
    /// "2026-11", or empty when the assessment was undated.
    #[serde(default)]
    pub month: String,
    /// Score per area id (areas with no score are left out).
    #[serde(default)]
    pub areas: BTreeMap<String, f64>,
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub index: Option<f64>,
}

/// The `format` value of a benchmark file.
pub const BENCHMARK_FORMAT: &str = "mlops-maturity-benchmark";
pub const BENCHMARK_FORMAT_VERSION: u32 = 1;

/// An anonymised benchmark: no client, person, note or exact date, so agencies can pool
/// them without sharing client data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchmarkFile {
    pub format: String,
    pub format_version: u32,
    pub questionnaire: QuestionnaireRef,
    pub rows: Vec<BenchmarkRow>,
}

/// The benchmark rows of a portfolio's rows.
pub fn benchmark_rows(questionnaire: &Questionnaire, rows: &[PortfolioRow]) -> Vec<BenchmarkRow> {
    rows.iter()
        .map(|row| BenchmarkRow {
            month: row
                .date
                .map(|d| {
                    let (y, m, _) = d.ymd();
                    format!("{y:04}-{m:02}")
                })
                .unwrap_or_default(),
            areas: questionnaire
                .areas
                .iter()
                .zip(&row.areas)
                .filter_map(|(area, score)| Some((area.id.clone(), (*score)?)))
                .collect(),
            level: row.level,
            index: row.index,
        })
        .collect()
}

impl BenchmarkFile {
    pub fn new(questionnaire: &Questionnaire, rows: Vec<BenchmarkRow>) -> Self {
        BenchmarkFile {
            format: BENCHMARK_FORMAT.into(),
            format_version: BENCHMARK_FORMAT_VERSION,
            questionnaire: QuestionnaireRef {
                id: questionnaire.id.clone(),
                version: questionnaire.version.clone(),
            },
            rows,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a benchmark always serialises")
    }

    /// Reads a benchmark file: its format, and scores within 0 to 3.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let damaged = |e: serde_json::Error| format!("the file is not a readable benchmark: {e}");
        let text = super::json::strip_bom(text);
        super::json::check_unique_keys(text).map_err(damaged)?;
        let file: BenchmarkFile = serde_json::from_str(text).map_err(damaged)?;
        if file.format != BENCHMARK_FORMAT {
            return Err(format!(
                "the file is not a benchmark (it has no \"format\": \"{BENCHMARK_FORMAT}\")"
            ));
        }
        if file.format_version != BENCHMARK_FORMAT_VERSION {
            return Err(format!(
                "the file uses benchmark format version {}, which this app does not read",
                file.format_version
            ));
        }
        let top = f64::from(super::questionnaire::TOP_LEVEL);
        let bad = file.rows.iter().any(|r| {
            r.areas.values().any(|s| !(0.0..=top).contains(s))
                || r.index.is_some_and(|i| !(0.0..=top).contains(&i))
                || r.level.is_some_and(|l| l > super::questionnaire::TOP_LEVEL)
        });
        if bad {
            return Err("the file has a score outside 0 to 3".into());
        }
        Ok(file)
    }
}

/// Quartiles of `values` (first, median, third), by linear interpolation between the
/// closest ranks (the method of Excel's QUARTILE.INC and NumPy's default). `None` when
/// there is no value.
pub fn quartiles(values: &[f64]) -> Option<(f64, f64, f64)> {
    let mut sorted = values.to_vec();
    if sorted.is_empty() {
        return None;
    }
    super::order::sort_small(&mut sorted, f64::total_cmp);
    let at = |p: f64| {
        let position = p * (sorted.len() - 1) as f64;
        let low = position.floor() as usize;
        let high = position.ceil() as usize;
        sorted[low] + (sorted[high] - sorted[low]) * (position - low as f64)
    };
    Some((at(0.25), at(0.5), at(0.75)))
}

/// The agency's band for a questionnaire: per area, the quartiles of the pooled rows'
/// scores (areas a row did not score are left out of that area only).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// How many assessments were pooled.
    pub count: usize,
    /// Per questionnaire area, in its order.
    pub areas: Vec<Option<(f64, f64, f64)>>,
}

pub fn band(questionnaire: &Questionnaire, rows: &[BenchmarkRow]) -> Band {
    Band {
        count: rows.len(),
        areas: questionnaire
            .areas
            .iter()
            .map(|area| {
                let values: Vec<f64> = rows
                    .iter()
                    .filter_map(|r| r.areas.get(&area.id).copied())
                    .collect();
                quartiles(&values)
            })
            .collect(),
    }
}

/// The agency's band for one client: the latest assessment of every other client (in
/// `assessments`, same questionnaire and version) and the imported benchmark rows of that
/// questionnaire, pooled.
pub fn pool(
    questionnaire: &Questionnaire,
    assessments: &[&Assessment],
    imported: &[BenchmarkFile],
    except_client: &str,
) -> Band {
    let others: Vec<&Assessment> = assessments
        .iter()
        .copied()
        .filter(|a| client_key(&a.client) != client_key(except_client))
        .collect();
    let latest = Filter {
        latest_only: true,
        ..Filter::default()
    };
    let mut rows = benchmark_rows(questionnaire, &portfolio(questionnaire, &others, &latest));
    let ours = QuestionnaireRef {
        id: questionnaire.id.clone(),
        version: questionnaire.version.clone(),
    };
    for file in imported.iter().filter(|f| f.questionnaire == ours) {
        rows.extend(file.rows.iter().cloned());
    }
    band(questionnaire, &rows)
}
