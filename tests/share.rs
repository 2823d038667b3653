//! Share links and QR codes: round trips, corruption and truncation refused, size bounds,
//! and QR SVGs that a QR reader decodes back to their link.
#![cfg(not(target_arch = "wasm32"))]

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::{Assessment, QuestionnaireRef, Respondent};
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::room::{AnsweringAs, RespondentFile};
use mlops_maturity::domain::share::{
    assessment_link, own_answers_link, qr_svg, respondent_link, Link, LinkKind, Shared,
    MAX_LINK_CHARS,
};
use mlops_maturity::domain::weight::Weight;
use proptest::prelude::*;

fn built_in() -> Questionnaire {
    Questionnaire::built_in().unwrap()
}

fn read(fragment: &str, questionnaire: &Questionnaire) -> Result<Shared, String> {
    Link::parse(fragment)?
        .ok_or("not a share link")?
        .read(questionnaire)
}

fn answer_strategy() -> impl Strategy<Value = Option<Answer>> {
    prop_oneof![
        Just(None),
        (0u8..=3).prop_map(|l| Some(Answer::Level(l))),
        Just(Some(Answer::DontKnow)),
        Just(Some(Answer::NotApplicable)),
    ]
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-zA-Z ,.&'-]{1,30}", "\\PC{1,20}",]
}

fn a_full_assessment(questionnaire: &Questionnaire, note: &str) -> Assessment {
    let mut a = Assessment::new(questionnaire);
    a.client = "Acme Logistics GmbH — Zürich".into();
    a.agency = "Northwind AI Consulting".into();
    a.assessor = "Jo Consultant".into();
    a.date = Date::parse("2026-11-27");
    a.target_level = 3;
    a.settings.project_types = 4;
    a.settings.ecosystem = "open_source".into();
    a.settings.start_date = Date::parse("2027-01-04");
    for area in &questionnaire.areas {
        a.area_weights
            .insert(area.id.clone(), Weight::from_f64(2.125).unwrap());
    }
    for (i, q) in questionnaire
        .areas
        .iter()
        .flat_map(|a| &a.questions)
        .enumerate()
    {
        a.set_answer(&q.id, Some(Answer::Level((i % 4) as u8)));
        if !note.is_empty() {
            a.update_response(&q.id, |r| r.note = note.to_string());
        }
    }
    a
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn an_assessment_link_reads_back_as_the_same_assessment(
        answers in proptest::collection::vec(answer_strategy(), 37),
        notes in proptest::collection::vec(proptest::option::of("\\PC{0,40}"), 37),
        client in text_strategy(),
        agency in text_strategy(),
        assessor in text_strategy(),
        target in 1u8..=3,
        project_types in 1u32..=50,
        weights in proptest::collection::vec(proptest::option::of(1u32..=1_000_000), 7),
        with_notes in any::<bool>(),
    ) {
        let questionnaire = built_in();
        let mut a = Assessment::new(&questionnaire);
        let ids: Vec<String> = questionnaire.areas.iter().flat_map(|a| &a.questions).map(|q| q.id.clone()).collect();
        for ((id, answer), note) in ids.iter().zip(&answers).zip(&notes) {
            a.set_answer(id, *answer);
            if let Some(note) = note {
                a.update_response(id, |r| r.note = note.clone());
            }
        }
        a.client = client;
        a.agency = agency;
        a.assessor = assessor;
        a.target_level = target;
        a.settings.project_types = project_types;
        for (area, weight) in questionnaire.areas.iter().zip(&weights) {
            if let Some(millis) = weight {
                a.area_weights.insert(area.id.clone(), Weight::from_f64(f64::from(*millis) / 1000.0).unwrap());
            }
        }
        let fragment = match assessment_link(&questionnaire, &a, with_notes) {
            Ok(fragment) => fragment,
            Err(message) => {
                // Only a link that would be too long is refused, and it says so.
                prop_assert!(message.contains("more than the 4000"), "{}", message);
                return Ok(());
            }
        };
        let mut expected = a.clone();
        if !with_notes {
            for id in &ids {
                expected.update_response(id, |r| r.note.clear());
            }
        }
        prop_assert_eq!(read(&fragment, &questionnaire), Ok(Shared::Assessment(Box::new(expected))));
    }

    #[test]
    fn a_respondent_link_reads_back_as_the_same_answers(
        answers in proptest::collection::vec(answer_strategy(), 37),
        name in text_strategy(),
        role in text_strategy(),
        client in text_strategy(),
    ) {
        let questionnaire = built_in();
        let file = respondent(&questionnaire, &name, &role, &client, &answers);
        let fragment = respondent_link(&questionnaire, &file).unwrap();
        prop_assert_eq!(read(&fragment, &questionnaire), Ok(Shared::Respondent(file)));
    }
}

fn respondent(
    questionnaire: &Questionnaire,
    name: &str,
    role: &str,
    client: &str,
    answers: &[Option<Answer>],
) -> RespondentFile {
    let mut own = Assessment::new(questionnaire);
    own.answering_as = Some(AnsweringAs {
        respondent: Respondent {
            id: "a19c0ffee".into(),
            name: name.into(),
            role: role.into(),
        },
        client: client.into(),
    });
    for (q, answer) in questionnaire
        .areas
        .iter()
        .flat_map(|a| &a.questions)
        .zip(answers)
    {
        own.set_answer(&q.id, *answer);
    }
    RespondentFile::from_assessment(&own).unwrap()
}

/// The links the corruption tests work on: a full assessment and a respondent's answers.
fn sample_links() -> Vec<String> {
    let questionnaire = built_in();
    let answers: Vec<Option<Answer>> = (0..37).map(|i| Some(Answer::Level(i % 4))).collect();
    vec![
        assessment_link(
            &questionnaire,
            &a_full_assessment(&questionnaire, ""),
            false,
        )
        .unwrap(),
        respondent_link(
            &questionnaire,
            &respondent(&questionnaire, "Ana", "Data scientist", "Acme", &answers),
        )
        .unwrap(),
    ]
}

#[test]
fn every_single_character_corruption_is_refused() {
    let questionnaire = built_in();
    let alphabet: Vec<char> =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.~%+/ "
            .chars()
            .collect();
    let mut tried = 0;
    for link in sample_links() {
        assert!(read(&link, &questionnaire).is_ok());
        let prefix = "share=".len();
        for position in prefix..link.len() {
            for replacement in &alphabet {
                if link[position..].starts_with(*replacement) {
                    continue;
                }
                let mut changed = link.clone();
                changed.replace_range(position..position + 1, &replacement.to_string());
                let outcome = read(&changed, &questionnaire);
                assert!(outcome.is_err(), "{changed} was accepted: {outcome:?}");
                tried += 1;
            }
        }
    }
    assert!(tried > 10_000, "{tried}");
}

#[test]
fn every_truncation_is_refused() {
    let questionnaire = built_in();
    for link in sample_links() {
        for end in "share=".len()..link.len() {
            let outcome = read(&link[..end], &questionnaire);
            let error = outcome.expect_err(&link[..end]);
            assert!(error.contains("nothing was imported"), "{error}");
        }
    }
}

#[test]
fn link_sizes_stay_within_their_bounds() {
    let questionnaire = built_in();
    let plain = assessment_link(
        &questionnaire,
        &a_full_assessment(&questionnaire, ""),
        false,
    )
    .unwrap();
    assert!(
        plain.len() < 2000,
        "a full assessment without notes: {}",
        plain.len()
    );
    let noted = a_full_assessment(
        &questionnaire,
        "We keep the raw data in S3 with versioning on, but nobody checks.",
    );
    let with_notes = assessment_link(&questionnaire, &noted, true).unwrap();
    let answers: Vec<Option<Answer>> = (0..37).map(|i| Some(Answer::Level(i % 4))).collect();
    let respondent = respondent_link(
        &questionnaire,
        &respondent(
            &questionnaire,
            "Ana Müller",
            "Data scientist",
            "Acme Logistics GmbH",
            &answers,
        ),
    )
    .unwrap();
    println!(
        "share link lengths: full assessment without notes {}, with a 66-character note on each of the 37 questions {}, a respondent's answers {}",
        plain.len(),
        with_notes.len(),
        respondent.len()
    );
    assert!(with_notes.len() <= MAX_LINK_CHARS);
    // Too long: refused with the reason, never cut short.
    let long = a_full_assessment(&questionnaire, &"a long note ".repeat(20));
    let refused = assessment_link(&questionnaire, &long, true).unwrap_err();
    assert!(
        refused.contains("more than the 4000 a link can safely carry"),
        "{refused}"
    );
    assert!(
        assessment_link(&questionnaire, &long, false).is_ok(),
        "without notes it fits"
    );
}

#[test]
fn a_link_names_its_questionnaire_and_is_read_only_against_it() {
    let questionnaire = built_in();
    let link = Link::parse(&sample_links()[0]).unwrap().unwrap();
    assert_eq!(link.kind, LinkKind::Assessment);
    assert_eq!(
        link.questionnaire,
        QuestionnaireRef {
            id: "mlops-maturity".into(),
            version: "1.1.0".into()
        }
    );
    let older = Questionnaire::earlier_built_in("1.0.0").unwrap().unwrap();
    let refused = link.read(&older).unwrap_err();
    assert!(
        refused.contains("needs the questionnaire \"mlops-maturity\" version 1.1.0"),
        "{refused}"
    );
    assert!(link.read(&questionnaire).is_ok());
    assert_eq!(Link::parse("#respond?client=A&q=b&v=1"), Ok(None));
    assert_eq!(Link::parse(""), Ok(None));
}

#[test]
fn a_link_from_a_newer_app_says_so() {
    // Version byte 2 with a valid checksum: base64 of [2, 1, 0, 0] + CRC.
    let content = [2u8, 1, 0, 0];
    let mut crc = !0u32;
    for byte in content {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut bytes = content.to_vec();
    bytes.extend_from_slice(&(!crc).to_be_bytes());
    let text = encode(&bytes);
    let error = Link::parse(&format!("share={text}")).unwrap_err();
    assert!(
        error.contains("made by a newer version of the app"),
        "{error}"
    );
}

fn encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut held = 0;
    let mut out = String::new();
    for byte in bytes {
        bits = (bits << 8) | u32::from(*byte);
        held += 8;
        while held >= 6 {
            held -= 6;
            out.push(ALPHABET[((bits >> held) & 63) as usize] as char);
        }
    }
    if held > 0 {
        out.push(ALPHABET[((bits << (6 - held)) & 63) as usize] as char);
    }
    out
}

#[test]
fn only_a_respondents_own_entry_makes_an_own_answers_link() {
    let questionnaire = built_in();
    assert!(own_answers_link(&questionnaire, &Assessment::new(&questionnaire)).is_none());
    let answers = vec![Some(Answer::Level(2)); 37];
    let file = respondent(&questionnaire, "Ana", "", "Acme", &answers);
    let mut own = Assessment::new(&questionnaire);
    own.answering_as = Some(AnsweringAs {
        respondent: file.respondent.clone(),
        client: "Acme".into(),
    });
    for (id, answer) in &file.answers {
        own.set_answer(id, Some(*answer));
    }
    let link = own_answers_link(&questionnaire, &own).unwrap().unwrap();
    assert_eq!(read(&link, &questionnaire), Ok(Shared::Respondent(file)));
}

/// Draws the SVG's modules (`M{x},{y}h1v1h-1z` squares) into a grey image and reads it
/// with a QR reader.
fn decode_qr(svg: &str) -> String {
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let scale = 4;
    let side = size * scale;
    let mut pixels = vec![255u8; side * side];
    for square in path.split('M').filter(|s| !s.is_empty()) {
        let corner = square.trim_end_matches("h1v1h-1z");
        let (x, y) = corner.split_once(',').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        for dy in 0..scale {
            for dx in 0..scale {
                pixels[(y * scale + dy) * side + x * scale + dx] = 0;
            }
        }
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().expect("the QR code decodes").1
}

#[test]
fn qr_codes_decode_back_to_their_links() {
    let questionnaire = built_in();
    let base = "https://agency.github.io/mlops-maturity/";
    let noted = a_full_assessment(&questionnaire, "Raw data in S3, versioned.");
    for fragment in [
        sample_links()[0].clone(),
        sample_links()[1].clone(),
        assessment_link(&questionnaire, &noted, true).unwrap(),
        "respond?client=Acme%20Logistics&q=mlops-maturity&v=1.1.0".to_string(),
    ] {
        let link = format!("{base}#{fragment}");
        let svg = qr_svg(&link, "Share link <&>").unwrap();
        assert!(svg.contains("<title>Share link &lt;&amp;&gt;</title>"));
        assert_eq!(decode_qr(&svg), link);
    }
    let too_long = "x".repeat(3000);
    assert!(qr_svg(&too_long, "t")
        .unwrap_err()
        .contains("too many for a QR code"));
}
