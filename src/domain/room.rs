//! The room's voice: several respondents, the spread of their answers, and the agreed
//! answer that scores.
//!
//! Answers from the room arrive two ways into one model, both per question in
//! [`Response`]: each respondent's own answer (`votes`, keyed by respondent id; typed by the
//! facilitator in the room, or imported from a [`RespondentFile`] a person sent after
//! answering alone), and a show of hands ([`Hands`]: counts per answer, nobody named). The
//! [`Distribution`] adds both. Only the agreed answer (`Response::answer`) scores; the
//! facilitator sets it, and [`Distribution::median`] offers the median rounded down, so an
//! undecided room never raises the level.

use super::answer::Answer;
use super::assessment::{Assessment, QuestionnaireRef, Respondent, Response};
use super::order::SortedMap;
use super::questionnaire::{Questionnaire, TOP_LEVEL};
use super::report::Report;
use std::collections::BTreeMap;
use std::fmt;

const _: () = assert!(TOP_LEVEL == 3, "hands and distributions hold levels 0-3");

/// Most hands one answer can count, and most respondents an assessment can list: far
/// above any room, low enough that sums never overflow.
pub const MAX_COUNT: u32 = 1000;

/// A show of hands on one question: how many people chose each answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hands {
    /// Counts for levels 0 to 3.
    pub levels: [u32; 4],
    pub dont_know: u32,
    pub not_applicable: u32,
}

impl Hands {
    pub fn is_empty(&self) -> bool {
        *self == Hands::default()
    }

    fn counts(&self) -> [u32; 6] {
        let [a, b, c, d] = self.levels;
        [a, b, c, d, self.dont_know, self.not_applicable]
    }
}

/// Every answer a person can give, in the order distributions list them.
pub const ANSWERS: [Answer; 6] = [
    Answer::Level(0),
    Answer::Level(1),
    Answer::Level(2),
    Answer::Level(3),
    Answer::DontKnow,
    Answer::NotApplicable,
];

fn slot(answer: Answer) -> usize {
    match answer {
        Answer::Level(level) => usize::from(level.min(TOP_LEVEL)),
        Answer::DontKnow => 4,
        Answer::NotApplicable => 5,
    }
}

/// Short names of the answers for compact lines: `0`-`3`, `D`, `N`.
pub fn short_label(answer: Answer) -> String {
    match answer {
        Answer::Level(level) => level.to_string(),
        Answer::DontKnow => "D".into(),
        Answer::NotApplicable => "N".into(),
    }
}

/// How the room answered one question: votes and hands together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Distribution {
    /// Counts in the order of [`ANSWERS`].
    pub counts: [u32; 6],
}

impl Distribution {
    pub fn of(response: &Response) -> Self {
        let mut counts = response.hands.counts();
        for answer in response.votes.values() {
            counts[slot(*answer)] += 1;
        }
        Distribution { counts }
    }

    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    pub fn count(&self, answer: Answer) -> u32 {
        self.counts[slot(answer)]
    }

    /// How many answers count for each value 0 to 3 (Don't know as 0, as in scoring);
    /// Not applicable is left out, as it is of every score.
    fn by_value(&self) -> [u32; 4] {
        let [a, b, c, d, dont_know, _] = self.counts;
        [a + dont_know, b, c, d]
    }

    /// The `k`-th lowest counted value (from 0), if there are that many.
    fn kth_value(&self, k: u32) -> Option<u8> {
        let mut below = 0;
        for (value, count) in self.by_value().into_iter().enumerate() {
            below += count;
            if k < below {
                return Some(value as u8);
            }
        }
        None
    }

    /// How many levels apart the answers are (highest value minus lowest), if any counts.
    pub fn spread(&self) -> Option<u8> {
        let by_value = self.by_value();
        let lowest = by_value.iter().position(|n| *n > 0)?;
        let highest = by_value.iter().rposition(|n| *n > 0)?;
        Some((highest - lowest) as u8)
    }

    /// The median answer, rounded down: with an even count the two middle values are
    /// averaged and the half dropped. Don't know counts as 0 (and the median is Don't know
    /// when nobody knows); Not applicable is the median only when every answer is.
    pub fn median(&self) -> Option<Answer> {
        let n: u32 = self.by_value().iter().sum();
        if n == 0 {
            return (self.count(Answer::NotApplicable) > 0).then_some(Answer::NotApplicable);
        }
        if self.count(Answer::DontKnow) == n {
            return Some(Answer::DontKnow);
        }
        let median = if n % 2 == 1 {
            self.kth_value(n / 2)?
        } else {
            (self.kth_value(n / 2 - 1)? + self.kth_value(n / 2)?) / 2
        };
        Some(Answer::Level(median))
    }

    /// "2×L1, 3×L2, 1×D": the counts that are not zero, in answer order.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = ANSWERS
            .iter()
            .filter(|a| self.count(**a) > 0)
            .map(|a| format!("{}×{}", self.count(*a), answer_word(*a)))
            .collect();
        if parts.is_empty() {
            "no answers from the room".into()
        } else {
            parts.join(", ")
        }
    }
}

/// "Level 2", "Don't know", "Not applicable".
fn answer_word(answer: Answer) -> String {
    answer.label()
}

/// Whether the room disagrees on a question: answers two levels apart or more, or one
/// level apart in an area that is a bottleneck (there the difference can decide the
/// maturity level).
pub fn disagrees(distribution: &Distribution, in_bottleneck: bool) -> bool {
    match distribution.spread() {
        Some(spread) if spread >= 2 => true,
        Some(1) => in_bottleneck,
        _ => false,
    }
}

/// The room's answers to one question, as the views and exports show them.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomQuestion {
    pub area_id: String,
    pub question_id: String,
    pub prompt: String,
    pub distribution: Distribution,
    pub spread: Option<u8>,
    pub flagged: bool,
    pub agreed: Option<Answer>,
    pub rationale: String,
}

/// Every question the room answered (votes or hands), in questionnaire order.
pub fn room_questions(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    report: &Report,
) -> Vec<RoomQuestion> {
    let mut out = Vec::new();
    for area in &questionnaire.areas {
        let in_bottleneck = report.bottlenecks.iter().any(|b| b.area_id == area.id);
        for question in &area.questions {
            let Some(response) = assessment.responses.get(&question.id) else {
                continue;
            };
            let distribution = Distribution::of(response);
            if distribution.total() == 0 {
                continue;
            }
            out.push(RoomQuestion {
                area_id: area.id.clone(),
                question_id: question.id.clone(),
                prompt: question.prompt.clone(),
                distribution,
                spread: distribution.spread(),
                flagged: disagrees(&distribution, in_bottleneck),
                agreed: response.answer,
                rationale: response.rationale.clone(),
            });
        }
    }
    out
}

/// The questions where answers differed, widest spread first (then flagged first, then
/// questionnaire order).
pub fn disagreements(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    report: &Report,
) -> Vec<RoomQuestion> {
    let mut differing: Vec<RoomQuestion> = room_questions(questionnaire, assessment, report)
        .into_iter()
        .filter(|q| q.spread.unwrap_or(0) > 0)
        .collect();
    // A stable sort keeps questionnaire order among equals.
    super::order::sort_small(&mut differing, |a, b| {
        b.spread.cmp(&a.spread).then(b.flagged.cmp(&a.flagged))
    });
    differing
}

/// Prompts of the questions the room answered that have no agreed answer yet: they do
/// not score until the facilitator agrees one.
pub fn unagreed(questionnaire: &Questionnaire, assessment: &Assessment) -> Vec<String> {
    questionnaire
        .areas
        .iter()
        .flat_map(|a| &a.questions)
        .filter(|q| {
            assessment
                .responses
                .get(&q.id)
                .is_some_and(|r| r.answer.is_none() && Distribution::of(r).total() > 0)
        })
        .map(|q| q.prompt.clone())
        .collect()
}

fn parse_answer(token: &str) -> Option<Option<Answer>> {
    Some(match token.to_ascii_lowercase().as_str() {
        "0" => Some(Answer::Level(0)),
        "1" => Some(Answer::Level(1)),
        "2" => Some(Answer::Level(2)),
        "3" => Some(Answer::Level(3)),
        "d" | "?" => Some(Answer::DontKnow),
        "n" => Some(Answer::NotApplicable),
        "-" | "x" => None,
        _ => return None,
    })
}

fn tokens(line: &str) -> Vec<&str> {
    line.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
        .collect()
}

/// Reads a show of hands typed in one line: counts for levels 0, 1, 2, 3, then optionally
/// Don't know and Not applicable, separated by spaces or commas ("0 2 3 0 1").
pub fn parse_hands(line: &str) -> Result<Hands, String> {
    let counts = tokens(line);
    if !(4..=6).contains(&counts.len()) {
        return Err(format!(
            "type 4 to 6 counts: levels 0, 1, 2, 3, then Don't know and Not applicable if any (found {})",
            counts.len()
        ));
    }
    let mut values = [0u32; 6];
    for (i, count) in counts.iter().enumerate() {
        values[i] = match count.parse::<u32>() {
            Ok(n) if n <= MAX_COUNT => n,
            _ => return Err(format!("\"{count}\" is not a count from 0 to {MAX_COUNT}")),
        };
    }
    let [a, b, c, d, dont_know, not_applicable] = values;
    Ok(Hands {
        levels: [a, b, c, d],
        dont_know,
        not_applicable,
    })
}

/// A show of hands as the line that reads back into it.
pub fn hands_line(hands: &Hands) -> String {
    if hands.is_empty() {
        return String::new();
    }
    hands
        .counts()
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads each respondent's answer typed in one line, in the order respondents are listed:
/// `0`-`3`, `D` (Don't know), `N` (Not applicable), `-` (no answer).
pub fn parse_votes(line: &str, respondents: usize) -> Result<Vec<Option<Answer>>, String> {
    let answers = tokens(line);
    if answers.len() != respondents {
        return Err(format!(
            "type one answer per respondent ({respondents}), found {}",
            answers.len()
        ));
    }
    answers
        .iter()
        .map(|token| {
            parse_answer(token).ok_or_else(|| {
                format!("\"{token}\" is not an answer: use 0-3, D, N, or - for none")
            })
        })
        .collect()
}

/// The respondents' votes on a question as the line that reads back into them.
pub fn votes_line(assessment: &Assessment, question_id: &str) -> String {
    let votes = assessment.responses.get(question_id).map(|r| &r.votes);
    if votes.is_none_or(SortedMap::is_empty) {
        return String::new();
    }
    assessment
        .respondents
        .iter()
        .map(|r| {
            votes
                .and_then(|v| v.get(&r.id))
                .map(|a| short_label(*a))
                .unwrap_or_else(|| "-".into())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Records the votes typed for one question, one per respondent in list order.
pub fn set_votes(assessment: &mut Assessment, question_id: &str, votes: &[Option<Answer>]) {
    let ids: Vec<String> = assessment
        .respondents
        .iter()
        .map(|r| r.id.clone())
        .collect();
    assessment.update_response(question_id, |response| {
        for (id, vote) in ids.iter().zip(votes) {
            match vote {
                Some(answer) => response.votes.insert(id.clone(), *answer),
                None => response.votes.remove(id),
            };
        }
    });
}

/// Sets the agreed answer of a question to the room's median; false when the room gave
/// no answer to it.
pub fn agree_with_median(assessment: &mut Assessment, question_id: &str) -> bool {
    let median = assessment
        .responses
        .get(question_id)
        .and_then(|r| Distribution::of(r).median());
    match median {
        Some(answer) => {
            assessment.set_answer(question_id, Some(answer));
            true
        }
        None => false,
    }
}

/// Removes a respondent and every vote they gave.
pub fn remove_respondent(assessment: &mut Assessment, id: &str) {
    assessment.respondents.retain(|r| r.id != id);
    let questions: Vec<String> = assessment.responses.keys().cloned().collect();
    for question in questions {
        assessment.update_response(&question, |r| {
            r.votes.remove(id);
        });
    }
}

/// Problems of the room's data in an assessment file.
pub(super) fn problems(assessment: &Assessment) -> Vec<String> {
    let mut problems = Vec::new();
    if assessment.respondents.len() > MAX_COUNT as usize {
        problems.push(format!(
            "at most {MAX_COUNT} respondents (found {})",
            assessment.respondents.len()
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for respondent in &assessment.respondents {
        if respondent.id.trim().is_empty() {
            problems.push("a respondent has an empty `id`".into());
        } else if seen.contains(&respondent.id.as_str()) {
            problems.push(format!(
                "the respondent id \"{}\" appears twice",
                respondent.id
            ));
        } else {
            seen.push(&respondent.id);
        }
    }
    for (question, response) in &assessment.responses {
        for id in response.votes.keys() {
            if !seen.contains(&id.as_str()) {
                problems.push(format!(
                    "`responses.\"{question}\".votes` names \"{id}\", who is not among the respondents"
                ));
            }
        }
        if response.hands.counts().iter().any(|n| *n > MAX_COUNT) {
            problems.push(format!(
                "`responses.\"{question}\".hands` counts more than {MAX_COUNT} hands for one answer"
            ));
        }
    }
    problems
}

/// An anonymised copy: respondents become "Respondent n" with no role, and every typed
/// text that may name a person (assessor, notes, rationales, the name the previous
/// assessment of a series had in the library) is dropped. Votes, hands,
/// agreed answers and the client's settings stay.
pub fn anonymised(assessment: &Assessment) -> Assessment {
    let mut copy = assessment.clone();
    copy.assessor.clear();
    copy.answering_as = None;
    // The earlier assessment's library name often names the client's people or project.
    if let Some(previous) = copy.lineage.as_mut().and_then(|l| l.previous.as_mut()) {
        previous.name.clear();
    }
    for (i, respondent) in copy.respondents.iter_mut().enumerate() {
        respondent.name = format!("Respondent {}", i + 1);
        respondent.role.clear();
    }
    for response in copy.responses.values_mut() {
        response.note.clear();
        response.rationale.clear();
    }
    copy.responses.retain(|_, r| !r.is_empty());
    copy
}

// ---- Respondent mode ----

/// What a respondent-mode entry records: who answers, for whose assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnsweringAs {
    pub respondent: Respondent,
    /// The client whose assessment this is, as the invitation said.
    pub client: String,
}

/// What a respondent link says: whose assessment, which questionnaire and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub client: String,
    pub questionnaire: QuestionnaireRef,
}

/// The start of a respondent link's fragment (after `#`).
pub const INVITATION_PREFIX: &str = "respond?";

/// Percent-encodes everything but unreserved characters (by hand: a URL crate would add
/// far more to the wasm than these few lines).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Longest client name a link carries.
const MAX_LINK_TEXT: usize = 200;

impl Invitation {
    /// Whether `assessment` is a respondent's own answers to this invitation.
    pub fn answered_by(&self, assessment: &Assessment) -> bool {
        assessment
            .answering_as
            .as_ref()
            .is_some_and(|a| a.client == self.client)
            && assessment.questionnaire == self.questionnaire
    }

    /// The link's fragment, without `#`.
    pub fn to_fragment(&self) -> String {
        format!(
            "{INVITATION_PREFIX}client={}&q={}&v={}",
            encode(&self.client),
            encode(&self.questionnaire.id),
            encode(&self.questionnaire.version)
        )
    }

    /// Reads a fragment (with or without `#`); `Ok(None)` when it is not a respondent link.
    pub fn from_fragment(fragment: &str) -> Result<Option<Invitation>, String> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let Some(query) = fragment.strip_prefix(INVITATION_PREFIX) else {
            return Ok(None);
        };
        let damaged =
            |why: &str| format!("This respondent link is damaged ({why}); ask for the link again.");
        let mut fields = BTreeMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| damaged("a part has no value"))?;
            let value = decode(value).ok_or_else(|| damaged("it is not valid text"))?;
            if value.chars().count() > MAX_LINK_TEXT {
                return Err(damaged("a value is too long"));
            }
            if fields.insert(key, value).is_some() {
                return Err(damaged(&format!("\"{key}\" appears twice")));
            }
        }
        let mut take = |key: &str| fields.remove(key);
        let (Some(id), Some(version)) = (take("q"), take("v")) else {
            return Err(damaged("it does not name the questionnaire"));
        };
        if id.trim().is_empty() || version.trim().is_empty() {
            return Err(damaged("it does not name the questionnaire"));
        }
        Ok(Some(Invitation {
            client: take("client").unwrap_or_default(),
            questionnaire: QuestionnaireRef { id, version },
        }))
    }
}

/// The `format` value of a respondent file.
pub const RESPONDENT_FORMAT: &str = "mlops-maturity-respondent";
pub const RESPONDENT_FORMAT_VERSION: u32 = 1;

/// One person's answers, sent back to the facilitator.
#[derive(Debug, Clone, PartialEq)]
pub struct RespondentFile {
    pub format: String,
    pub format_version: u32,
    pub questionnaire: QuestionnaireRef,
    /// The client whose assessment the answers are for.
    pub client: String,
    pub respondent: Respondent,
    /// Answer per question id.
    pub answers: SortedMap<String, Answer>,
}

/// Why a respondent file was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl RespondentFile {
    /// The respondent file of a respondent-mode entry; `None` for any other assessment.
    pub fn from_assessment(assessment: &Assessment) -> Option<RespondentFile> {
        let answering = assessment.answering_as.as_ref()?;
        Some(RespondentFile {
            format: RESPONDENT_FORMAT.into(),
            format_version: RESPONDENT_FORMAT_VERSION,
            questionnaire: assessment.questionnaire.clone(),
            client: answering.client.clone(),
            respondent: answering.respondent.clone(),
            answers: assessment
                .responses
                .iter()
                .filter_map(|(id, r)| Some((id.clone(), r.answer?)))
                .collect(),
        })
    }

    pub fn to_json(&self) -> String {
        self.to_tree().write(true)
    }

    /// Reads a respondent file, checking its format name and version.
    pub fn from_json(text: &str) -> Result<RespondentFile, Refused> {
        if !super::json::strip_bom(text).trim_start().starts_with('{') {
            return Err(Refused("the file is not a respondent file".into()));
        }
        let tree = super::plain_json::parse(text)
            .map_err(|e| Refused(format!("the file is damaged: {e}")))?;
        let (format, version) = super::formats::header(&tree);
        if format.as_deref() != Some(RESPONDENT_FORMAT) {
            return Err(Refused(format!(
                "the file is not a respondent file (it has no \"format\": \"{RESPONDENT_FORMAT}\")"
            )));
        }
        match version {
            Some(found) if found == u64::from(RESPONDENT_FORMAT_VERSION) => {}
            Some(found) if found > u64::from(RESPONDENT_FORMAT_VERSION) => {
                return Err(Refused(format!(
                    "the file uses respondent format version {found}, newer than this app reads; update the app"
                )))
            }
            _ => return Err(Refused("the file's `format_version` is missing or wrong".into())),
        }
        let file = RespondentFile::from_tree(&tree)
            .map_err(|problem| Refused(format!("the file is damaged: {problem}")))?;
        if file.respondent.id.trim().is_empty() {
            return Err(Refused(
                "the file does not say who answered (empty respondent id)".into(),
            ));
        }
        Ok(file)
    }
}

/// What adding a respondent file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// A new respondent with this many answers.
    New { name: String, answers: usize },
    /// The same respondent sent answers again: theirs replace the earlier ones.
    Replaced { name: String, answers: usize },
}

impl fmt::Display for Added {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Added::New { name, answers } => write!(f, "{name}: {answers} answers added"),
            Added::Replaced { name, answers } => {
                write!(f, "{name}: {answers} answers replace the ones sent earlier")
            }
        }
    }
}

/// Adds one respondent's answers to an assessment as their votes. A file for another
/// questionnaire or version, or naming questions the questionnaire does not have, is
/// refused and changes nothing.
pub fn add_respondent(
    assessment: &mut Assessment,
    questionnaire: &Questionnaire,
    file: RespondentFile,
) -> Result<Added, Refused> {
    let theirs = &file.questionnaire;
    let ours = &assessment.questionnaire;
    if theirs.id != ours.id || theirs.version != ours.version {
        return Err(Refused(format!(
            "it answers the questionnaire \"{}\" version {}, and this assessment uses \"{}\" version {}",
            theirs.id, theirs.version, ours.id, ours.version
        )));
    }
    let unknown: Vec<&str> = file
        .answers
        .keys()
        .filter(|id| {
            !questionnaire
                .areas
                .iter()
                .flat_map(|a| &a.questions)
                .any(|q| &&q.id == id)
        })
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(Refused(format!(
            "it answers questions this questionnaire does not have: {}",
            unknown.join(", ")
        )));
    }
    let id = file.respondent.id.clone();
    let existing = assessment.respondents.iter().position(|r| r.id == id);
    if existing.is_none() && assessment.respondents.len() >= MAX_COUNT as usize {
        return Err(Refused(format!(
            "the assessment already has {MAX_COUNT} respondents"
        )));
    }
    let position = match existing {
        Some(position) => {
            assessment.respondents[position] = file.respondent.clone();
            position
        }
        None => {
            assessment.respondents.push(file.respondent.clone());
            assessment.respondents.len() - 1
        }
    };
    // Their answers replace whatever votes they had.
    let questions: Vec<String> = assessment
        .responses
        .keys()
        .chain(file.answers.keys())
        .cloned()
        .collect();
    for question in questions {
        let vote = file.answers.get(&question).copied();
        assessment.update_response(&question, |r| match vote {
            Some(answer) => {
                r.votes.insert(id.clone(), answer);
            }
            None => {
                r.votes.remove(&id);
            }
        });
    }
    let name = file.respondent.shown_name(position);
    let answers = file.answers.len();
    Ok(match existing {
        Some(_) => Added::Replaced { name, answers },
        None => Added::New { name, answers },
    })
}
