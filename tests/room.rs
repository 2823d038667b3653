//! The room's voice: distributions, the disagreement flag, the median rule, that only
//! agreed answers score, respondent files, anonymisation, and assessment format 1 → 2.

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::{Assessment, AssessmentFileError, Respondent};
use mlops_maturity::domain::csv_export::answers_csv;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::markdown::report_markdown;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::roadmap::plan;
use mlops_maturity::domain::room::{
    add_respondent, agree_with_median, anonymised, disagreements, disagrees, parse_hands,
    parse_votes, set_votes, unagreed, votes_line, Added, AnsweringAs, Distribution, Hands,
    Invitation, RespondentFile,
};
use mlops_maturity::domain::{charts, outline};

use Answer::{DontKnow as D, Level as L, NotApplicable as N};

fn built_in() -> Questionnaire {
    Questionnaire::built_in().unwrap()
}

fn person(id: &str, name: &str, role: &str) -> Respondent {
    Respondent {
        id: id.into(),
        name: name.into(),
        role: role.into(),
    }
}

/// An assessment with respondents named r0, r1, ... and no answers.
fn room_of(names: &[&str]) -> Assessment {
    let mut assessment = Assessment::new(&built_in());
    assessment.client = "Acme".into();
    assessment.respondents = names
        .iter()
        .enumerate()
        .map(|(i, name)| person(&format!("r{i}"), name, "engineer"))
        .collect();
    assessment
}

fn distribution(answers: &[Answer]) -> Distribution {
    let mut assessment = room_of(&vec!["x"; answers.len()]);
    let votes: Vec<Option<Answer>> = answers.iter().copied().map(Some).collect();
    set_votes(&mut assessment, "data.versioning", &votes);
    assessment
        .responses
        .get("data.versioning")
        .map(Distribution::of)
        .unwrap_or_default()
}

#[test]
fn a_distribution_adds_votes_and_hands() {
    let mut assessment = room_of(&["Ana", "Ben"]);
    set_votes(&mut assessment, "data.versioning", &[Some(L(2)), Some(D)]);
    assessment.update_response("data.versioning", |r| {
        r.hands = parse_hands("1 0 2 0 1 3").unwrap()
    });
    let d = Distribution::of(&assessment.responses["data.versioning"]);
    assert_eq!(d.counts, [1, 0, 3, 0, 2, 3]);
    assert_eq!(d.total(), 9);
    assert_eq!(
        d.summary(),
        "1×Level 0, 3×Level 2, 2×Don't know, 3×Not applicable"
    );
}

#[test]
fn the_spread_counts_dont_know_as_zero_and_leaves_not_applicable_out() {
    let table: &[(&[Answer], Option<u8>)] = &[
        (&[L(1), L(1)], Some(0)),
        (&[L(1), L(2)], Some(1)),
        (&[L(0), L(3)], Some(3)),
        (&[D, L(2)], Some(2)),
        (&[N, L(2)], Some(0)),
        (&[N, N], None),
        (&[], None),
    ];
    for (answers, spread) in table {
        assert_eq!(distribution(answers).spread(), *spread, "{answers:?}");
    }
}

#[test]
fn disagreement_is_two_levels_or_one_level_in_a_bottleneck() {
    let table: &[(&[Answer], bool, bool)] = &[
        (&[L(1), L(3)], false, true),
        (&[L(1), L(3)], true, true),
        (&[L(1), L(2)], false, false),
        (&[L(1), L(2)], true, true),
        (&[L(2), L(2)], true, false),
        (&[D, L(1)], true, true),
        (&[N, L(3)], true, false),
    ];
    for (answers, bottleneck, flagged) in table {
        assert_eq!(
            disagrees(&distribution(answers), *bottleneck),
            *flagged,
            "{answers:?} in a bottleneck: {bottleneck}"
        );
    }
}

#[test]
fn the_median_rounds_down() {
    let table: &[(&[Answer], Option<Answer>)] = &[
        (&[L(1), L(2), L(3)], Some(L(2))),
        (&[L(1), L(2)], Some(L(1))),
        (&[L(1), L(3)], Some(L(2))),
        (&[L(0), L(3)], Some(L(1))),
        (&[L(2), L(3), L(3), L(2)], Some(L(2))),
        (&[D, L(2), L(2)], Some(L(2))),
        (&[D, D, L(3)], Some(L(0))),
        (&[D, D], Some(D)),
        (&[N, L(3)], Some(L(3))),
        (&[N, N], Some(N)),
        (&[], None),
    ];
    for (answers, median) in table {
        assert_eq!(distribution(answers).median(), *median, "{answers:?}");
    }
    // A show of hands 0 2 3 0 1: values 0 1 1 2 2 2, middle 1 and 2, rounded down to 1.
    let mut assessment = room_of(&[]);
    assessment.update_response("data.versioning", |r| {
        r.hands = parse_hands("0 2 3 0 1").unwrap()
    });
    assert!(agree_with_median(&mut assessment, "data.versioning"));
    assert_eq!(assessment.answer("data.versioning"), Some(L(1)));
    assert!(!agree_with_median(&mut assessment, "data.lineage"));
}

#[test]
fn only_agreed_answers_score() {
    let questionnaire = built_in();
    let mut assessment = room_of(&["Ana", "Ben", "Cy"]);
    for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
        set_votes(
            &mut assessment,
            &question.id,
            &[Some(L(3)), Some(L(3)), Some(L(2))],
        );
    }
    let report = score(&questionnaire, &assessment);
    assert_eq!(report.answered, 0);
    assert_eq!(report.level, None);
    assert_eq!(
        unagreed(&questionnaire, &assessment).len(),
        questionnaire.question_count()
    );

    assessment.set_answer("data.versioning", Some(L(1)));
    let report = score(&questionnaire, &assessment);
    assert_eq!(report.answered, 1);
    assert_eq!(
        report.areas[0].score,
        Some(1.0),
        "the agreed 1, not the votes' 3"
    );
    let text = outline::outline(
        &questionnaire,
        &assessment,
        &report,
        &plan(
            &questionnaire,
            &assessment,
            &report,
            Date::from_ymd(2026, 11, 27).unwrap(),
        ),
    );
    let result = &text.sections[0];
    assert!(
        result.blocks.iter().any(|b| b.key == Some("unagreed")),
        "the report says some questions are not agreed"
    );
}

#[test]
fn the_room_section_and_chart_list_the_widest_spread_first() {
    let questionnaire = built_in();
    let mut assessment = room_of(&["Ana", "Ben"]);
    set_votes(
        &mut assessment,
        "data.versioning",
        &[Some(L(1)), Some(L(2))],
    );
    set_votes(&mut assessment, "data.lineage", &[Some(L(0)), Some(L(3))]);
    set_votes(&mut assessment, "data.quality", &[Some(L(2)), Some(L(2))]);
    assessment.set_answer("data.lineage", Some(L(1)));
    assessment.update_response("data.lineage", |r| {
        r.rationale = "Lineage exists for one pipeline only".into()
    });
    let report = score(&questionnaire, &assessment);
    let listed = disagreements(&questionnaire, &assessment, &report);
    let ids: Vec<&str> = listed.iter().map(|q| q.question_id.as_str()).collect();
    assert_eq!(ids, ["data.lineage", "data.versioning"]);
    assert!(listed[0].flagged);

    let roadmap = plan(
        &questionnaire,
        &assessment,
        &report,
        Date::from_ymd(2026, 11, 27).unwrap(),
    );
    let markdown = report_markdown(&questionnaire, &assessment, &report, &roadmap);
    let section = markdown
        .split("## Where the room disagreed")
        .nth(1)
        .expect("a room section");
    assert!(section.contains("Respondents: Ana (engineer), Ben (engineer)."));
    assert!(section.contains("Agreed: Level 1."));
    assert!(section.contains("Why: Lineage exists for one pipeline only"));
    assert!(section.contains("Not agreed yet."));
    let prompt = |id: &str| {
        questionnaire.areas[0]
            .questions
            .iter()
            .find(|q| q.id == id)
            .unwrap()
            .prompt
            .clone()
    };
    assert!(
        section.find(&prompt("data.lineage")).unwrap()
            < section.find(&prompt("data.versioning")).unwrap()
    );

    let chart = charts::room(&questionnaire, &assessment, &report).unwrap();
    assert!(chart
        .svg
        .contains("<title>Where the room disagreed</title>"));
    assert!(chart.desc.contains("spread 3"));
    assert!(charts::room(&questionnaire, &room_of(&["Ana"]), &report).is_none());
}

#[test]
fn typed_lines_read_into_hands_and_votes_or_say_what_is_wrong() {
    assert_eq!(
        parse_hands("0, 2 3 0 1").unwrap(),
        Hands {
            levels: [0, 2, 3, 0],
            dont_know: 1,
            not_applicable: 0
        }
    );
    for (line, says) in [
        ("1 2 3", "type 4 to 6 counts"),
        ("1 2 3 4 5 6 7", "type 4 to 6 counts"),
        ("1 2 x 4", "\"x\" is not a count"),
        ("1 2 -3 4", "\"-3\" is not a count"),
        ("1 2 3 4000", "\"4000\" is not a count"),
    ] {
        let error = parse_hands(line).unwrap_err();
        assert!(error.contains(says), "{line}: {error}");
    }
    assert_eq!(
        parse_votes("2 d N - 0", 5).unwrap(),
        vec![Some(L(2)), Some(D), Some(N), None, Some(L(0))]
    );
    assert!(parse_votes("2 1", 3)
        .unwrap_err()
        .contains("one answer per respondent (3)"));
    assert!(parse_votes("2 7 1", 3)
        .unwrap_err()
        .contains("\"7\" is not an answer"));

    let mut assessment = room_of(&["Ana", "Ben", "Cy"]);
    set_votes(
        &mut assessment,
        "data.versioning",
        &parse_votes("2 - d", 3).unwrap(),
    );
    assert_eq!(votes_line(&assessment, "data.versioning"), "2 - D");
    set_votes(
        &mut assessment,
        "data.versioning",
        &parse_votes("- - -", 3).unwrap(),
    );
    assert!(
        !assessment.responses.contains_key("data.versioning"),
        "nothing left, nothing kept"
    );
}

fn respondent_file(id: &str, name: &str, answers: &[(&str, Answer)]) -> RespondentFile {
    let mut own = Assessment::new(&built_in());
    own.answering_as = Some(AnsweringAs {
        respondent: person(id, name, "data scientist"),
        client: "Acme".into(),
    });
    for (question, answer) in answers {
        own.set_answer(question, Some(*answer));
    }
    RespondentFile::from_assessment(&own).unwrap()
}

#[test]
fn respondent_files_round_trip_and_add_votes() {
    let questionnaire = built_in();
    let file = respondent_file(
        "p1",
        "Ana",
        &[("data.versioning", L(2)), ("data.lineage", D)],
    );
    let read = RespondentFile::from_json(&file.to_json()).unwrap();
    assert_eq!(read, file);

    let mut assessment = room_of(&[]);
    let added = add_respondent(&mut assessment, &questionnaire, read).unwrap();
    assert_eq!(
        added,
        Added::New {
            name: "Ana".into(),
            answers: 2
        }
    );
    assert_eq!(assessment.responses["data.versioning"].votes["p1"], L(2));
    assert_eq!(
        assessment.answer("data.versioning"),
        None,
        "a vote is not an agreed answer"
    );

    // The same person sending again replaces their earlier answers.
    let again = respondent_file("p1", "Ana", &[("data.quality", L(3))]);
    let added = add_respondent(&mut assessment, &questionnaire, again).unwrap();
    assert!(matches!(added, Added::Replaced { .. }));
    assert_eq!(assessment.respondents.len(), 1);
    assert!(!assessment.responses.contains_key("data.versioning"));
    assert_eq!(assessment.responses["data.quality"].votes["p1"], L(3));
}

#[test]
fn a_respondent_file_for_another_questionnaire_or_damaged_changes_nothing() {
    let questionnaire = built_in();
    let mut assessment = room_of(&["Ana"]);
    set_votes(&mut assessment, "data.versioning", &[Some(L(1))]);
    let before = assessment.clone();

    let mut other_version = respondent_file("p2", "Ben", &[("data.versioning", L(2))]);
    other_version.questionnaire.version = "1.0.0".into();
    let mut other_questionnaire = other_version.clone();
    other_questionnaire.questionnaire.id = "devops-maturity".into();
    let mut unknown_question = respondent_file("p2", "Ben", &[("data.versioning", L(2))]);
    unknown_question
        .answers
        .insert("data.invented".into(), L(1));
    for (file, says) in [
        (other_version, "version 1.0.0"),
        (other_questionnaire, "\"devops-maturity\""),
        (unknown_question, "data.invented"),
    ] {
        let refused = add_respondent(&mut assessment, &questionnaire, file).unwrap_err();
        assert!(refused.0.contains(says), "{refused}");
        assert_eq!(assessment, before);
    }

    let good = respondent_file("p2", "Ben", &[]).to_json();
    for (text, says) in [
        ("not json", "not a respondent file"),
        (
            "{\"format\": \"mlops-maturity-assessment\"}",
            "not a respondent file",
        ),
        (
            &good.replace("\"format_version\": 1", "\"format_version\": 9"),
            "newer",
        ),
        (
            &good.replace("\"id\": \"p2\"", "\"id\": \" \""),
            "who answered",
        ),
        (
            &good.replace("\"answers\": {}", "\"answers\": {\"a\": 7}"),
            "damaged",
        ),
        (&good[..good.len() / 2], "damaged"),
        (
            &good.replace(
                "\"client\": \"Acme\"",
                "\"client\": \"Acme\", \"client\": \"B\"",
            ),
            "appears twice",
        ),
    ] {
        let refused = RespondentFile::from_json(text).unwrap_err();
        assert!(refused.0.contains(says), "{text}: {refused}");
    }
}

#[test]
fn anonymising_drops_every_name_and_note() {
    let questionnaire = built_in();
    // A follow-up, so the earlier assessment's library name (which may name people) is in
    // the file too.
    let (mut assessment, _) = mlops_maturity::domain::progress::follow_up(
        &room_of(&[]),
        "Workshop with Ana Secret",
        "L1".into(),
        Date::from_ymd(2026, 11, 27).unwrap(),
    );
    assessment.assessor = "Jo Assessor".into();
    assessment.respondents = vec![
        person("r0", "Ana Secret", "Chief Secret Officer"),
        person("r1", "Ben Hidden", ""),
    ];
    set_votes(
        &mut assessment,
        "data.versioning",
        &[Some(L(1)), Some(L(3))],
    );
    assessment.set_answer("data.versioning", Some(L(2)));
    assessment.update_response("data.versioning", |r| {
        r.note = "Ana Secret says the bucket is versioned".into();
        r.rationale = "Ben Hidden showed the config".into();
    });
    assessment.update_response("data.lineage", |r| r.note = "private note".into());
    let anonymous = anonymised(&assessment);
    let file = anonymous.to_json();
    for secret in [
        "Ana",
        "Ben",
        "Secret",
        "Hidden",
        "Jo Assessor",
        "private note",
        "config",
    ] {
        assert!(!file.contains(secret), "{secret} survived: {file}");
    }
    assert_eq!(anonymous.respondents[1].name, "Respondent 2");
    assert_eq!(
        anonymous.responses["data.versioning"].votes,
        assessment.responses["data.versioning"].votes
    );
    assert_eq!(anonymous.answer("data.versioning"), Some(L(2)));
    assert!(!anonymous.responses.contains_key("data.lineage"));
    // Its report is the same report.
    assert_eq!(
        score(&questionnaire, &anonymous),
        score(&questionnaire, &assessment)
    );
}

#[test]
fn a_version_1_file_reads_as_agreed_answers_with_no_votes() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/assessments/acme-workshop.json"
    ))
    .unwrap();
    assert!(text.contains("\"format_version\": 1"));
    let read = Assessment::from_json(&text).unwrap();
    assert!(read.respondents.is_empty());
    assert!(read
        .responses
        .values()
        .all(|r| r.votes.is_empty() && r.hands.is_empty()));
    assert_eq!(read.answer("data.quality"), Some(L(2)));
    // Written again as version 2, it reads back the same.
    let written = read.to_json();
    assert!(written.contains("\"format_version\": 2"));
    assert_eq!(Assessment::from_json(&written).unwrap(), read);
}

#[test]
fn votes_must_name_a_listed_respondent() {
    let mut assessment = room_of(&["Ana"]);
    set_votes(&mut assessment, "data.versioning", &[Some(L(1))]);
    let text = assessment.to_json().replace("\"r0\": 1", "\"ghost\": 1");
    match Assessment::from_json(&text) {
        Err(AssessmentFileError::Invalid(problems)) => {
            assert!(
                problems.iter().any(|p| p.contains("\"ghost\"")),
                "{problems:?}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let doubled = room_of(&["Ana", "Ana"])
        .to_json()
        .replace("\"r1\"", "\"r0\"");
    assert!(matches!(
        Assessment::from_json(&doubled),
        Err(AssessmentFileError::Invalid(_))
    ));
}

#[test]
fn the_csv_has_a_column_per_respondent_and_the_rationale() {
    let questionnaire = built_in();
    let mut assessment = room_of(&["Ana", "=cmd"]);
    set_votes(&mut assessment, "data.versioning", &[Some(L(1)), Some(D)]);
    assessment.set_answer("data.versioning", Some(L(1)));
    assessment.update_response("data.versioning", |r| {
        r.rationale = "Only one bucket".into()
    });
    let report = score(&questionnaire, &assessment);
    let csv = answers_csv(&questionnaire, &assessment, &report);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.ends_with(",rationale,hands,\"respondent: Ana\",\"respondent: =cmd\""),
        "{header}"
    );
    let row = lines.find(|l| l.contains("\"data.versioning\"")).unwrap();
    assert!(
        row.ends_with(",\"Only one bucket\",\"\",\"1\",\"D\""),
        "{row}"
    );
    // Without a room, the release-1 columns only.
    let plain = answers_csv(&questionnaire, &room_of(&[]), &report);
    assert!(plain.lines().next().unwrap().ends_with("question_gap"));
}

#[test]
fn respondent_links_round_trip_and_tampered_ones_are_refused() {
    let invitation = Invitation {
        client: "Acme & Söhne #1".into(),
        questionnaire: mlops_maturity::domain::assessment::QuestionnaireRef {
            id: "mlops-maturity".into(),
            version: "1.1.0".into(),
        },
    };
    let fragment = invitation.to_fragment();
    assert!(!fragment.contains(' ') && !fragment.contains('#') && !fragment[8..].contains('?'));
    assert_eq!(
        Invitation::from_fragment(&format!("#{fragment}")),
        Ok(Some(invitation))
    );
    assert_eq!(Invitation::from_fragment("#results"), Ok(None));
    assert_eq!(Invitation::from_fragment(""), Ok(None));
    for tampered in [
        "respond?client=A&v=1.1.0",
        "respond?client=A&q=&v=1",
        "respond?client=%ZZ&q=a&v=1",
        "respond?client=%FF&q=a&v=1",
        "respond?q=a&q=b&v=1",
        "respond?q",
    ] {
        let error = Invitation::from_fragment(tampered).unwrap_err();
        assert!(error.contains("damaged"), "{tampered}: {error}");
    }
}

#[test]
fn a_version_2_file_with_a_room_reads_and_reports() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/assessments/acme-room.json"
    ))
    .unwrap();
    let questionnaire = built_in();
    let assessment = Assessment::from_json(&text).unwrap();
    assert_eq!(assessment.respondents.len(), 3);
    assert_eq!(assessment.respondents[2].shown_name(2), "Respondent 3");
    assert_eq!(
        Assessment::from_json(&assessment.to_json()).unwrap(),
        assessment
    );
    let report = score(&questionnaire, &assessment);
    assert_eq!(
        report.answered, 2,
        "data.quality has votes but no agreed answer"
    );
    assert_eq!(unagreed(&questionnaire, &assessment).len(), 1);
    let hands = Distribution::of(&assessment.responses["training.trigger"]);
    assert_eq!(
        (hands.total(), hands.spread(), hands.median()),
        (5, Some(1), Some(L(0)))
    );
    let listed = disagreements(&questionnaire, &assessment, &report);
    assert_eq!(listed[0].question_id, "data.versioning");
    assert_eq!(listed[0].spread, Some(2));
}
