//! The assessment's types to and from JSON trees (`domain::plain_json`): one reader and one
//! writer for an assessment, whether it is a file, part of a library entry or the answers
//! in a respondent file.
//!
//! Fields are written in the order of the types' declarations and left out as
//! `questionnaires/assessment.schema.json` allows. Reading follows the schema's defaults:
//! a field that is absent (or `null`) takes its default, a field it requires is named when
//! missing, and any value of the wrong shape or range is named by its path, such as
//! `responses."data.quality".answer`. Unknown fields are ignored, so a file from a newer
//! minor version still reads.

use super::answer::{Answer, WRONG_ANSWER};
use super::assessment::{Assessment, QuestionnaireRef, Respondent, Response, Settings};
use super::date::Date;
use super::order::SortedMap;
use super::plain_json::{self, Fields, Json};
use super::progress::{Lineage, Previous};
use super::room::{AnsweringAs, Hands, RespondentFile};
use super::weight::{self, Weight};

/// An object from its fields, leaving out the `None`s.
pub(crate) fn object(fields: Vec<(&str, Option<Json>)>) -> Json {
    Json::Object(
        fields
            .into_iter()
            .filter_map(|(key, value)| Some((key.to_string(), value?)))
            .collect(),
    )
}

fn text(value: &str) -> Option<Json> {
    Some(Json::text(value))
}

/// Text left out when empty.
fn text_if_any(value: &str) -> Option<Json> {
    (!value.is_empty()).then(|| Json::text(value))
}

fn whole(value: impl Into<u64>) -> Option<Json> {
    Some(Json::whole(value.into()))
}

fn map<T>(entries: &SortedMap<String, T>, write: impl Fn(&T) -> Json) -> Json {
    Json::Object(entries.iter().map(|(k, v)| (k.clone(), write(v))).collect())
}

fn date(value: Option<Date>) -> Option<Json> {
    Some(value.map_or(Json::Null, |d| Json::text(&d.to_string())))
}

fn answer(value: &Answer) -> Json {
    match value {
        Answer::Level(level) => Json::whole(u64::from(*level)),
        Answer::DontKnow => Json::text("dont_know"),
        Answer::NotApplicable => Json::text("not_applicable"),
    }
}

fn questionnaire_ref(value: &QuestionnaireRef) -> Option<Json> {
    Some(object(vec![
        ("id", text(&value.id)),
        ("version", text(&value.version)),
    ]))
}

fn respondent(value: &Respondent) -> Json {
    object(vec![
        ("id", text(&value.id)),
        ("name", text(&value.name)),
        ("role", text(&value.role)),
    ])
}

fn hands(value: &Hands) -> Option<Json> {
    (!value.is_empty()).then(|| {
        object(vec![
            (
                "levels",
                Some(Json::Array(
                    value
                        .levels
                        .iter()
                        .map(|n| Json::whole(u64::from(*n)))
                        .collect(),
                )),
            ),
            ("dont_know", whole(value.dont_know)),
            ("not_applicable", whole(value.not_applicable)),
        ])
    })
}

fn response(value: &Response) -> Json {
    object(vec![
        ("answer", value.answer.as_ref().map(answer)),
        ("note", text_if_any(&value.note)),
        ("rationale", text_if_any(&value.rationale)),
        (
            "votes",
            (!value.votes.is_empty()).then(|| map(&value.votes, answer)),
        ),
        ("hands", hands(&value.hands)),
    ])
}

fn lineage(value: &Lineage) -> Json {
    object(vec![
        ("id", text(&value.id)),
        ("generation", whole(value.generation)),
        (
            "previous",
            value.previous.as_ref().map(|previous| {
                object(vec![
                    ("name", text(&previous.name)),
                    ("date", date(previous.date)),
                    ("answers", Some(map(&previous.answers, answer))),
                ])
            }),
        ),
    ])
}

// ---- Reading ----

type Read<T> = Result<T, String>;

fn read_date(value: &Json, path: &str) -> Read<Date> {
    let text = plain_json::text(value, path)?;
    Date::parse(&text).ok_or_else(|| format!("\"{text}\" is not a date of the form YYYY-MM-DD"))
}

fn optional_date(fields: &Fields, key: &str) -> Read<Option<Date>> {
    fields
        .get(key)
        .map(|v| read_date(v, &fields.path(key)))
        .transpose()
}

fn read_answer(value: &Json, path: &str) -> Read<Answer> {
    let answer = match value {
        Json::Number(_) => plain_json::whole(value, path, 3)
            .ok()
            .map(|level| Answer::Level(level as u8)),
        Json::Str(word) if word == "dont_know" => Some(Answer::DontKnow),
        Json::Str(word) if word == "not_applicable" => Some(Answer::NotApplicable),
        _ => None,
    };
    answer.ok_or_else(|| format!("{WRONG_ANSWER} (at `{path}`)"))
}

fn answers(fields: &Fields, key: &str) -> Read<SortedMap<String, Answer>> {
    let list = fields.each(key, |id, v, path| {
        Ok((id.to_string(), read_answer(v, path)?))
    })?;
    Ok(list.into_iter().collect())
}

fn need_text(fields: &Fields, key: &str) -> Read<String> {
    plain_json::text(fields.need(key)?, &fields.path(key))
}

fn text_or_empty(fields: &Fields, key: &str) -> Read<String> {
    Ok(fields.text(key)?.unwrap_or_default())
}

fn need_whole(fields: &Fields, key: &str, max: u64) -> Read<u64> {
    plain_json::whole(fields.need(key)?, &fields.path(key), max)
}

fn count(fields: &Fields, key: &str) -> Read<u32> {
    Ok(fields.whole(key, u64::from(u32::MAX))?.unwrap_or(0) as u32)
}

fn read_questionnaire_ref(fields: &Fields) -> Read<QuestionnaireRef> {
    let path = fields.path("questionnaire");
    let inner = Fields::of(fields.need("questionnaire")?, &path)?;
    Ok(QuestionnaireRef {
        id: need_text(&inner, "id")?,
        version: need_text(&inner, "version")?,
    })
}

fn read_respondent(value: &Json, path: &str) -> Read<Respondent> {
    let fields = Fields::of(value, path)?;
    Ok(Respondent {
        id: need_text(&fields, "id")?,
        name: text_or_empty(&fields, "name")?,
        role: text_or_empty(&fields, "role")?,
    })
}

fn read_hands(value: &Json, path: &str) -> Read<Hands> {
    let fields = Fields::of(value, path)?;
    let mut levels = [0; 4];
    if let Some(list) = fields.get("levels") {
        let path = fields.path("levels");
        match list {
            Json::Array(items) if items.len() == levels.len() => {
                for (index, item) in items.iter().enumerate() {
                    let at = format!("{path}[{index}]");
                    levels[index] = plain_json::whole(item, &at, u64::from(u32::MAX))? as u32;
                }
            }
            _ => return Err(format!("`{path}` must be a list of 4 counts")),
        }
    }
    Ok(Hands {
        levels,
        dont_know: count(&fields, "dont_know")?,
        not_applicable: count(&fields, "not_applicable")?,
    })
}

fn read_response(value: &Json, path: &str) -> Read<Response> {
    let fields = Fields::of(value, path)?;
    Ok(Response {
        answer: fields
            .get("answer")
            .map(|v| read_answer(v, &fields.path("answer")))
            .transpose()?,
        note: text_or_empty(&fields, "note")?,
        rationale: text_or_empty(&fields, "rationale")?,
        votes: answers(&fields, "votes")?,
        hands: fields
            .get("hands")
            .map(|v| read_hands(v, &fields.path("hands")))
            .transpose()?
            .unwrap_or_default(),
    })
}

fn read_settings(value: &Json, path: &str) -> Read<Settings> {
    let fields = Fields::of(value, path)?;
    let defaults = Settings::default();
    Ok(Settings {
        start_date: optional_date(&fields, "start_date")?,
        project_types: fields
            .whole("project_types", u64::from(u32::MAX))?
            .map_or(defaults.project_types, |n| n as u32),
        ecosystem: fields.text("ecosystem")?.unwrap_or(defaults.ecosystem),
    })
}

fn read_area_weights(fields: &Fields) -> Read<SortedMap<String, Weight>> {
    let list = fields.each("area_weights", |area, value, path| {
        let number = plain_json::float(value, path);
        let weight = number.ok().and_then(Weight::from_f64).ok_or_else(|| {
            // The number as the file has it (without an exponent's `+`).
            let found = match value {
                Json::Number(text) => text.replace("e+", "e").replace("E+", "E"),
                _ => "not a number".to_string(),
            };
            format!(
                "the weight of area \"{area}\" {} (found {found})",
                weight::RULE
            )
        })?;
        Ok((area.to_string(), weight))
    })?;
    Ok(list.into_iter().collect())
}

fn read_lineage(value: &Json, path: &str) -> Read<Lineage> {
    let fields = Fields::of(value, path)?;
    let previous = match fields.get("previous") {
        None => None,
        Some(value) => {
            let path = fields.path("previous");
            let inner = Fields::of(value, &path)?;
            Some(Previous {
                name: text_or_empty(&inner, "name")?,
                date: optional_date(&inner, "date")?,
                answers: answers(&inner, "answers")?,
            })
        }
    };
    Ok(Lineage {
        id: need_text(&fields, "id")?,
        generation: need_whole(&fields, "generation", u64::from(u32::MAX))? as u32,
        previous,
    })
}

impl Assessment {
    /// The assessment as a JSON tree, fields in the file's order.
    pub fn to_tree(&self) -> Json {
        let settings = &self.settings;
        object(vec![
            ("format", text(&self.format)),
            ("format_version", whole(self.format_version)),
            ("questionnaire", questionnaire_ref(&self.questionnaire)),
            ("agency", text(&self.agency)),
            ("client", text(&self.client)),
            ("assessor", text(&self.assessor)),
            ("date", date(self.date)),
            ("target_level", whole(self.target_level)),
            (
                "area_weights",
                Some(map(&self.area_weights, |w| Json::weight(*w))),
            ),
            (
                "settings",
                Some(object(vec![
                    ("start_date", date(settings.start_date)),
                    ("project_types", whole(settings.project_types)),
                    ("ecosystem", text(&settings.ecosystem)),
                ])),
            ),
            (
                "respondents",
                (!self.respondents.is_empty())
                    .then(|| Json::Array(self.respondents.iter().map(respondent).collect())),
            ),
            (
                "answering_as",
                self.answering_as.as_ref().map(|answering| {
                    object(vec![
                        ("respondent", Some(respondent(&answering.respondent))),
                        ("client", text(&answering.client)),
                    ])
                }),
            ),
            ("lineage", self.lineage.as_ref().map(lineage)),
            ("responses", Some(map(&self.responses, response))),
        ])
    }

    /// Reads an assessment from a JSON tree: shapes and types, not the ranges `check`
    /// looks at. The message names the field at fault.
    pub fn from_tree(value: &Json) -> Result<Assessment, String> {
        let fields = Fields::of(value, "")?;
        let answering_as = match fields.get("answering_as") {
            None => None,
            Some(value) => {
                let path = fields.path("answering_as");
                let inner = Fields::of(value, &path)?;
                Some(AnsweringAs {
                    respondent: read_respondent(
                        inner.need("respondent")?,
                        &inner.path("respondent"),
                    )?,
                    client: text_or_empty(&inner, "client")?,
                })
            }
        };
        let respondents = match fields.get("respondents") {
            None => Vec::new(),
            Some(Json::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| read_respondent(item, &format!("respondents[{index}]")))
                .collect::<Read<_>>()?,
            Some(_) => return Err("`respondents` must be a list".to_string()),
        };
        let responses = fields.each("responses", |id, value, path| {
            Ok((id.to_string(), read_response(value, path)?))
        })?;
        Ok(Assessment {
            format: need_text(&fields, "format")?,
            format_version: need_whole(&fields, "format_version", u64::from(u32::MAX))? as u32,
            questionnaire: read_questionnaire_ref(&fields)?,
            agency: text_or_empty(&fields, "agency")?,
            client: text_or_empty(&fields, "client")?,
            assessor: text_or_empty(&fields, "assessor")?,
            date: optional_date(&fields, "date")?,
            target_level: need_whole(&fields, "target_level", u64::from(u8::MAX))? as u8,
            area_weights: read_area_weights(&fields)?,
            settings: fields
                .get("settings")
                .map(|v| read_settings(v, "settings"))
                .transpose()?
                .unwrap_or_default(),
            respondents,
            answering_as,
            lineage: fields
                .get("lineage")
                .map(|v| read_lineage(v, "lineage"))
                .transpose()?,
            responses: responses.into_iter().collect(),
        })
    }
}

impl RespondentFile {
    /// The file as a JSON tree.
    pub fn to_tree(&self) -> Json {
        object(vec![
            ("format", text(&self.format)),
            ("format_version", whole(self.format_version)),
            ("questionnaire", questionnaire_ref(&self.questionnaire)),
            ("client", text(&self.client)),
            ("respondent", Some(respondent(&self.respondent))),
            ("answers", Some(map(&self.answers, answer))),
        ])
    }

    /// Reads a respondent file from a JSON tree (shapes and types).
    pub fn from_tree(value: &Json) -> Result<RespondentFile, String> {
        let fields = Fields::of(value, "")?;
        Ok(RespondentFile {
            format: need_text(&fields, "format")?,
            format_version: need_whole(&fields, "format_version", u64::from(u32::MAX))? as u32,
            questionnaire: read_questionnaire_ref(&fields)?,
            client: text_or_empty(&fields, "client")?,
            respondent: read_respondent(fields.need("respondent")?, "respondent")?,
            answers: answers(&fields, "answers")?,
        })
    }
}

/// The header every format starts with: its name and version, each `None` when absent or
/// of the wrong type (the caller says which is wrong).
pub fn header(value: &Json) -> (Option<String>, Option<u64>) {
    let Ok(fields) = Fields::of(value, "") else {
        return (None, None);
    };
    let format = fields.text("format").ok().flatten();
    let version = fields.whole("format_version", u64::MAX).ok().flatten();
    (format, version)
}
