//! The hand-written JSON reader and writer (`domain::plain_json`) against serde_json, and
//! the assessment's formats (`domain::formats`) round-tripping everything an assessment
//! can hold.
#![cfg(not(target_arch = "wasm32"))]

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::{Assessment, Respondent, Response};
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::json::check_unique_keys;
use mlops_maturity::domain::plain_json::{self, Json};
use mlops_maturity::domain::progress::{Lineage, Previous};
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::room::{AnsweringAs, Hands, RespondentFile};
use mlops_maturity::domain::text::json_visible;
use mlops_maturity::domain::weight::Weight;
use mlops_maturity::domain::workspace::Entry;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// Our tree as a serde_json value (numbers through serde_json's own reading of the text).
fn to_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(text) => serde_json::from_str(text).unwrap(),
        Json::Str(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        Json::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect(),
        ),
    }
}

/// A serde_json value as our tree, numbers written as serde_json writes them.
fn from_value(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::Number(n.to_string()),
        Value::String(s) => Json::Str(s.clone()),
        Value::Array(items) => Json::Array(items.iter().map(from_value).collect()),
        Value::Object(fields) => Json::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), from_value(v)))
                .collect(),
        ),
    }
}

/// Any text, often with what JSON must escape and the characters the app escapes.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z .]{0,8}",
        2 => any::<String>(),
        1 => prop::collection::vec(
            prop::sample::select(vec!['"', '\\', '\n', '\u{1}', '\u{7f}', '\u{202e}', 'é', '😀', '/']),
            0..6
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(any_text(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Short texts made of JSON's pieces, valid or not.
fn any_pieces() -> impl Strategy<Value = String> {
    let pieces = vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"a\"",
        "\"b\"",
        "\"",
        "\\",
        "1",
        "-0.5",
        "01",
        "1e5",
        "2E-3",
        "1.",
        "-",
        "true",
        "null",
        "fals",
        "\"\\u00e9\"",
        "\"\\ud800\"",
        "\"\\ud83d\\ude00\"",
        "\"\\x\"",
        "\"\t\"",
        "\u{feff}",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..14).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever serde_json writes, ours reads to the same value, compact or indented.
    #[test]
    fn reads_what_serde_json_writes(value in any_value()) {
        for text in [
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap(),
        ] {
            let ours = plain_json::parse(&text).unwrap();
            // Compared with serde_json's reading (its float reading is not always exact).
            prop_assert_eq!(to_value(&ours), serde_json::from_str::<Value>(&text).unwrap());
        }
    }

    /// Ours writes what serde_json writes (with the app's escapes of invisible characters).
    #[test]
    fn writes_what_serde_json_writes(value in any_value()) {
        let tree = from_value(&value);
        prop_assert_eq!(tree.write(false), json_visible(serde_json::to_string(&value).unwrap()));
        prop_assert_eq!(
            tree.write(true),
            json_visible(serde_json::to_string_pretty(&value).unwrap())
        );
    }

    /// Ours accepts a text exactly when serde_json reads it and no key repeats; what it
    /// reads is what serde_json reads.
    #[test]
    fn accepts_what_serde_json_accepts(text in any_pieces()) {
        let theirs = serde_json::from_str::<Value>(text.strip_prefix('\u{feff}').unwrap_or(&text))
            .ok()
            .filter(|_| check_unique_keys(&text).is_ok());
        let ours = plain_json::parse(&text).ok();
        prop_assert_eq!(ours.as_ref().map(to_value), theirs, "{:?}", text);
    }

    /// Numbers of the kinds the formats hold read exactly: whole milliseconds since 1970,
    /// and weights in thousandths.
    #[test]
    fn times_and_weights_read_exactly(ms in 0u64..(1 << 53), millis in 1u32..=1_000_000) {
        prop_assert_eq!(plain_json::number_value(&ms.to_string()), Some(ms as f64));
        let weight = format!("{}", Weight::from_millis(millis).unwrap());
        prop_assert_eq!(plain_json::number_value(&weight), weight.parse::<f64>().ok());
    }

    #[test]
    fn everything_an_assessment_holds_round_trips(assessment in any_assessment()) {
        let read = Assessment::from_json(&assessment.to_json()).unwrap();
        prop_assert_eq!(&read, &assessment);
        let entry = Entry::new("id-1".into(), "Acme".into(), 1_764_351_234_567.0, assessment);
        let decoded = Entry::decode(&entry.encode()).unwrap();
        prop_assert_eq!(decoded.entry, entry);
    }
}

fn any_answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        (0u8..=3).prop_map(Answer::Level),
        Just(Answer::DontKnow),
        Just(Answer::NotApplicable),
    ]
}

fn any_date() -> impl Strategy<Value = Option<Date>> {
    prop::option::of(
        (1990i32..2100, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| Date::parse(&format!("{y:04}-{m:02}-{d:02}")).unwrap()),
    )
}

fn any_respondent() -> impl Strategy<Value = Respondent> {
    ("[a-z0-9]{1,6}", any_text(), any_text()).prop_map(|(id, name, role)| Respondent {
        id,
        name,
        role,
    })
}

fn any_response() -> impl Strategy<Value = Response> {
    (
        prop::option::of(any_answer()),
        any_text(),
        any_text(),
        prop::collection::btree_map("[a-z0-9]{1,6}", any_answer(), 0..3),
        prop::array::uniform4(0u32..5),
        0u32..3,
        0u32..3,
    )
        .prop_map(
            |(answer, note, rationale, votes, levels, dont_know, not_applicable)| Response {
                answer,
                note,
                rationale,
                votes: votes.into(),
                hands: Hands {
                    levels,
                    dont_know,
                    not_applicable,
                },
            },
        )
}

/// Any assessment a workshop, a respondent or a re-assessment can produce, values within
/// the rules (out-of-range values are refused, see `tests/assessment_file.rs`).
fn any_assessment() -> impl Strategy<Value = Assessment> {
    let people = (
        any_text(),
        any_text(),
        any_text(),
        any_date(),
        1u8..=3,
        prop::collection::btree_map(
            "[a-z.]{1,8}",
            (1u32..=1_000_000).prop_map(|m| Weight::from_millis(m).unwrap()),
            0..4,
        ),
        prop::collection::vec(any_respondent(), 0..3),
    );
    let rest = (
        (any_date(), 1u32..=50, "[a-z]{1,8}"),
        prop::option::of((any_respondent(), any_text())),
        prop::option::of((
            "[a-z0-9]{1,8}",
            1u32..9,
            prop::option::of((
                any_text(),
                any_date(),
                prop::collection::btree_map(any_text(), any_answer(), 0..3),
            )),
        )),
        prop::collection::btree_map(any_text(), any_response(), 0..5),
    );
    (people, rest).prop_map(
        |(
            (agency, client, assessor, date, target, weights, respondents),
            (settings, answering_as, lineage, responses),
        )| {
            let mut assessment = Assessment::new(&Questionnaire::built_in().unwrap());
            assessment.agency = agency;
            assessment.client = client;
            assessment.assessor = assessor;
            assessment.date = date;
            assessment.target_level = target;
            assessment.area_weights = weights.into();
            assessment.respondents = respondents;
            (
                assessment.settings.start_date,
                assessment.settings.project_types,
                assessment.settings.ecosystem,
            ) = settings;
            assessment.answering_as =
                answering_as.map(|(respondent, client)| AnsweringAs { respondent, client });
            assessment.lineage = lineage.map(|(id, generation, previous)| Lineage {
                id,
                generation,
                previous: previous.map(|(name, date, answers)| Previous {
                    name,
                    date,
                    answers: answers.into(),
                }),
            });
            assessment.responses = responses
                .into_iter()
                .filter(|(_, r)| !r.is_empty())
                .collect();
            // Respondents are unique, and everyone who voted is one (the rules `check` keeps).
            let mut ids: Vec<String> = Vec::new();
            assessment.respondents.retain(|r| {
                let new = !ids.contains(&r.id);
                ids.push(r.id.clone());
                new
            });
            for response in assessment.responses.values() {
                for id in response.votes.keys() {
                    if !ids.contains(id) {
                        ids.push(id.clone());
                        assessment.respondents.push(Respondent {
                            id: id.clone(),
                            name: String::new(),
                            role: String::new(),
                        });
                    }
                }
            }
            assessment
        },
    )
}

#[test]
fn a_respondent_file_round_trips() {
    let mut answers = BTreeMap::new();
    answers.insert("data.versioning".to_string(), Answer::Level(2));
    answers.insert("data.quality".to_string(), Answer::DontKnow);
    let file = RespondentFile {
        format: "mlops-maturity-respondent".into(),
        format_version: 1,
        questionnaire: mlops_maturity::domain::assessment::QuestionnaireRef {
            id: "mlops-maturity".into(),
            version: "1.1.0".into(),
        },
        client: "Acme \"Logistics\"".into(),
        respondent: Respondent {
            id: "p2".into(),
            name: "Ben".into(),
            role: String::new(),
        },
        answers: answers.into(),
    };
    assert_eq!(RespondentFile::from_json(&file.to_json()).unwrap(), file);
}

#[test]
fn fields_of_the_wrong_shape_are_named_by_their_path() {
    let base = Assessment::new(&Questionnaire::built_in().unwrap()).to_json();
    let cases = [
        (
            "\"target_level\": 2",
            "\"target_level\": 2.0",
            "`target_level` must be a whole number",
        ),
        (
            "\"target_level\": 2",
            "\"target_level\": 300",
            "`target_level` must be a whole number up to 255",
        ),
        ("\"client\": \"\"", "\"client\": 5", "`client` must be text"),
        (
            "\"responses\": {}",
            "\"responses\": {\"a.b\": {\"votes\": {\"p1\": 9}}}",
            "(at `responses.\"a.b\".votes.p1`)",
        ),
        (
            "\"responses\": {}",
            "\"responses\": {\"a\": {\"hands\": {\"levels\": [1]}}}",
            "`responses.a.hands.levels` must be a list of 4 counts",
        ),
        (
            "\"responses\": {}",
            "\"responses\": []",
            "`responses` must be an object",
        ),
    ];
    for (from, to, says) in cases {
        let text = base.replacen(from, to, 1);
        assert_ne!(text, base, "{from}");
        let error = Assessment::from_json(&text).unwrap_err().to_string();
        assert!(error.contains(says), "{to}: {error}");
    }
    // `null` is the same as leaving a field out.
    let text = base.replacen("\"client\": \"\"", "\"client\": null", 1);
    assert_eq!(Assessment::from_json(&text).unwrap().client, "");
}

#[test]
fn a_number_too_large_for_a_float_is_refused_where_it_is_written() {
    for text in ["[1e501]", "{\"a\": -2e400}", "1797693134862315800000e300"] {
        let error = plain_json::parse(text).unwrap_err().to_string();
        assert!(error.contains("number out of range"), "{text}: {error}");
        assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
    }
    for text in ["1e308", "-1.7e308", "1e-400", "0e999"] {
        assert!(plain_json::parse(text).is_ok(), "{text}");
        assert!(serde_json::from_str::<Value>(text).is_ok(), "{text}");
    }
}
