//! Share links: an assessment, or one respondent's answers, carried in a URL fragment.
//!
//! The fragment never reaches a server (browsers do not send it), so a link can travel by
//! chat, e-mail or QR code without any data leaving the people who hold it. Its text is
//! `share=` followed by the base64url form of:
//!
//! ```text
//! format version (1 byte) · kind (1 byte: 1 assessment, 2 respondent)
//! questionnaire id · questionnaire version              (strings)
//! body (depends on the kind, read against that questionnaire version)
//! CRC-32 of everything before it (4 bytes, big-endian)
//! ```
//!
//! Strings are a varint length and UTF-8 bytes; numbers are LEB128 varints. Answers are
//! packed three bits per question in questionnaire order (the link names the version, so
//! the order is fixed): 37 questions take 14 bytes. CRC-32 catches every change of up to 32
//! consecutive bits, so every single-character corruption of the text is refused, and the
//! trailing checksum makes a truncated link fail too.
//!
//! Written by hand, not with base64/CRC crates: together these are about a hundred lines,
//! and the crates' generic engines would add several times that to the wasm.

use super::answer::Answer;
use super::assessment::{Assessment, QuestionnaireRef, Respondent};
use super::date::Date;
use super::order::SortedMap;
use super::questionnaire::Questionnaire;
use super::room::{AnsweringAs, RespondentFile, RESPONDENT_FORMAT, RESPONDENT_FORMAT_VERSION};
use super::weight::Weight;

/// The fragment prefix of a share link (after `#`).
pub const SHARE_PREFIX: &str = "share=";
/// The link format this build writes and reads.
pub const LINK_VERSION: u8 = 1;
/// The longest link text (the fragment) this app writes or reads. Far below what browsers
/// accept, and about what chat apps and e-mail clients keep in one piece.
pub const MAX_LINK_CHARS: usize = 4000;

const KIND_ASSESSMENT: u8 = 1;
const KIND_RESPONDENT: u8 = 2;

/// What a share link carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Shared {
    /// A whole assessment: answers, settings, and notes if the sender included them.
    Assessment(Box<Assessment>),
    /// One respondent's answers, to add to the matching assessment.
    Respondent(RespondentFile),
}

/// A link whose checksum and header are sound, not yet read against its questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: LinkKind,
    pub questionnaire: QuestionnaireRef,
    body: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Assessment,
    Respondent,
}

/// Why a link was refused (every message says nothing was changed).
pub fn damaged(why: &str) -> String {
    format!("This share link is damaged or incomplete ({why}); nothing was imported. Ask for the link again, copied whole.")
}

// ---- base64url (no padding) ----

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn to_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..chunk.len() + 1 {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn from_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u32);
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|a| *a == c)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    // A well-formed text leaves fewer than 6 spare bits, all zero.
    (count < 6 && bits == 0).then_some(out)
}

/// CRC-32 (IEEE 802.3, as in zip and PNG), bit by bit: links are short.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// ---- bytes ----

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }
    fn number(&mut self, mut n: u64) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }
    fn text(&mut self, s: &str) {
        self.number(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn answers(&mut self, answers: &[Option<Answer>]) {
        self.number(answers.len() as u64);
        let mut bits = 0u32;
        let mut held = 0;
        for answer in answers {
            let code = match answer {
                None => 0,
                Some(Answer::Level(level)) => 1 + u32::from(*level),
                Some(Answer::DontKnow) => 5,
                Some(Answer::NotApplicable) => 6,
            };
            bits |= code << held;
            held += 3;
            while held >= 8 {
                self.0.push(bits as u8);
                bits >>= 8;
                held -= 8;
            }
        }
        if held > 0 {
            self.0.push(bits as u8);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Read<T> = Result<T, String>;

impl Reader<'_> {
    fn byte(&mut self) -> Read<u8> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| damaged("it ends early"))?;
        self.at += 1;
        Ok(b)
    }
    fn number(&mut self) -> Read<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(damaged("a number is too long"))
    }
    fn small(&mut self, max: u64) -> Read<usize> {
        match self.number()? {
            n if n <= max => Ok(n as usize),
            _ => Err(damaged("a number is out of range")),
        }
    }
    fn text(&mut self) -> Read<String> {
        let len = self.small(MAX_LINK_CHARS as u64)?;
        let end = self.at.checked_add(len).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| damaged("it ends early"))?;
        let text = std::str::from_utf8(&self.bytes[self.at..end])
            .map_err(|_| damaged("a text is not valid UTF-8"))?
            .to_string();
        self.at = end;
        Ok(text)
    }
    fn date(&mut self) -> Read<Option<Date>> {
        match self.text()?.as_str() {
            "" => Ok(None),
            text => Date::parse(text)
                .map(Some)
                .ok_or_else(|| damaged("a date is not a date")),
        }
    }
    fn answers(&mut self, expected: usize) -> Read<Vec<Option<Answer>>> {
        if self.small(10_000)? != expected {
            return Err(damaged(
                "it has a different number of questions than its questionnaire",
            ));
        }
        let mut out = Vec::with_capacity(expected);
        let (mut bits, mut held) = (0u32, 0);
        for _ in 0..expected {
            if held < 3 {
                bits |= u32::from(self.byte()?) << held;
                held += 8;
            }
            out.push(match bits & 7 {
                0 => None,
                code @ 1..=4 => Some(Answer::Level(code as u8 - 1)),
                5 => Some(Answer::DontKnow),
                6 => Some(Answer::NotApplicable),
                _ => return Err(damaged("an answer is not an answer")),
            });
            bits >>= 3;
            held -= 3;
        }
        if bits != 0 {
            return Err(damaged("stray bits after the answers"));
        }
        Ok(out)
    }
    fn end(&self) -> Read<()> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(damaged("it has extra data at the end"))
        }
    }
}

fn question_ids(questionnaire: &Questionnaire) -> Vec<&str> {
    questionnaire
        .areas
        .iter()
        .flat_map(|a| &a.questions)
        .map(|q| q.id.as_str())
        .collect()
}

fn seal(kind: u8, questionnaire: &QuestionnaireRef, body: Writer) -> Result<String, String> {
    let mut all = Writer::default();
    all.byte(LINK_VERSION);
    all.byte(kind);
    all.text(&questionnaire.id);
    all.text(&questionnaire.version);
    all.0.extend_from_slice(&body.0);
    let crc = crc32(&all.0);
    all.0.extend_from_slice(&crc.to_be_bytes());
    let fragment = format!("{SHARE_PREFIX}{}", to_base64(&all.0));
    if fragment.len() > MAX_LINK_CHARS {
        return Err(format!(
            "This would make a link of {} characters, more than the {MAX_LINK_CHARS} a link can safely carry. Share it without notes, or export the assessment file instead.",
            fragment.len()
        ));
    }
    Ok(fragment)
}

/// The fragment (without `#`) of a link carrying an assessment's answers and settings, and
/// its notes when `with_notes`. The room's votes and rationales stay out: a link is for
/// handing on a result, the assessment file for the whole workshop.
pub fn assessment_link(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    with_notes: bool,
) -> Result<String, String> {
    let ids = question_ids(questionnaire);
    let mut body = Writer::default();
    body.answers(
        &ids.iter()
            .map(|id| assessment.answer(id))
            .collect::<Vec<_>>(),
    );
    for text in [&assessment.client, &assessment.agency, &assessment.assessor] {
        body.text(text);
    }
    body.text(&assessment.date.map(|d| d.to_string()).unwrap_or_default());
    body.byte(assessment.target_level);
    body.number(u64::from(assessment.settings.project_types));
    body.text(&assessment.settings.ecosystem);
    body.text(
        &assessment
            .settings
            .start_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let weights: Vec<(usize, Weight)> = questionnaire
        .areas
        .iter()
        .enumerate()
        .filter_map(|(i, area)| assessment.area_weights.get(&area.id).map(|w| (i, *w)))
        .collect();
    body.number(weights.len() as u64);
    for (area, weight) in weights {
        body.number(area as u64);
        body.number(u64::from(weight.millis()));
    }
    let notes: Vec<(usize, &str)> = if with_notes {
        ids.iter()
            .enumerate()
            .map(|(i, id)| (i, assessment.note(id)))
            .filter(|(_, note)| !note.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    body.number(notes.len() as u64);
    for (question, note) in notes {
        body.number(question as u64);
        body.text(note);
    }
    seal(KIND_ASSESSMENT, &assessment.questionnaire, body)
}

/// The fragment of a link carrying one respondent's answers.
pub fn respondent_link(
    questionnaire: &Questionnaire,
    file: &RespondentFile,
) -> Result<String, String> {
    let ids = question_ids(questionnaire);
    let mut body = Writer::default();
    body.text(&file.client);
    body.text(&file.respondent.id);
    body.text(&file.respondent.name);
    body.text(&file.respondent.role);
    body.answers(
        &ids.iter()
            .map(|id| file.answers.get(*id).copied())
            .collect::<Vec<_>>(),
    );
    seal(KIND_RESPONDENT, &file.questionnaire, body)
}

impl Link {
    /// Reads a fragment (with or without `#`): `Ok(None)` when it is not a share link,
    /// an error when it is one but damaged, truncated or from a newer app.
    pub fn parse(fragment: &str) -> Result<Option<Link>, String> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let Some(text) = fragment.strip_prefix(SHARE_PREFIX) else {
            return Ok(None);
        };
        if fragment.len() > MAX_LINK_CHARS {
            return Err(damaged("it is longer than any link this app writes"));
        }
        let bytes =
            from_base64(text).ok_or_else(|| damaged("it has characters a link never has"))?;
        if bytes.len() < 6 {
            return Err(damaged("it is too short"));
        }
        let (content, sum) = bytes.split_at(bytes.len() - 4);
        if crc32(content).to_be_bytes() != sum {
            return Err(damaged("its checksum does not match"));
        }
        let mut reader = Reader {
            bytes: content,
            at: 0,
        };
        match reader.byte()? {
            LINK_VERSION => {}
            newer if newer > LINK_VERSION => {
                return Err(format!(
                    "This share link was made by a newer version of the app (link format {newer}); update the app and open it again. Nothing was imported."
                ))
            }
            _ => return Err(damaged("its format is unknown")),
        }
        let kind = match reader.byte()? {
            KIND_ASSESSMENT => LinkKind::Assessment,
            KIND_RESPONDENT => LinkKind::Respondent,
            _ => return Err(damaged("it carries something unknown")),
        };
        let questionnaire = QuestionnaireRef {
            id: reader.text()?,
            version: reader.text()?,
        };
        Ok(Some(Link {
            kind,
            questionnaire,
            body: content[reader.at..].to_vec(),
        }))
    }

    /// Reads the link's content against its questionnaire (the same id and version, which
    /// the caller found).
    pub fn read(&self, questionnaire: &Questionnaire) -> Result<Shared, String> {
        if questionnaire.id != self.questionnaire.id
            || questionnaire.version != self.questionnaire.version
        {
            return Err(format!(
                "This link needs the questionnaire \"{}\" version {}.",
                self.questionnaire.id, self.questionnaire.version
            ));
        }
        let ids = question_ids(questionnaire);
        let mut r = Reader {
            bytes: &self.body,
            at: 0,
        };
        let shared = match self.kind {
            LinkKind::Assessment => {
                let answers = r.answers(ids.len())?;
                let mut a = Assessment::new(questionnaire);
                for (id, answer) in ids.iter().zip(answers) {
                    a.set_answer(id, answer);
                }
                a.client = r.text()?;
                a.agency = r.text()?;
                a.assessor = r.text()?;
                a.date = r.date()?;
                a.target_level = r.byte()?;
                a.settings.project_types = r.small(u64::from(u32::MAX))? as u32;
                a.settings.ecosystem = r.text()?;
                a.settings.start_date = r.date()?;
                for _ in 0..r.small(questionnaire.areas.len() as u64)? {
                    let area = r.small(questionnaire.areas.len() as u64 - 1)?;
                    let millis = r.small(1_000_000)?;
                    let weight = Weight::from_f64(millis as f64 / 1000.0)
                        .ok_or_else(|| damaged("a weight is out of range"))?;
                    a.area_weights
                        .insert(questionnaire.areas[area].id.clone(), weight);
                }
                for _ in 0..r.small(ids.len() as u64)? {
                    let question = r.small(ids.len() as u64 - 1)?;
                    let note = r.text()?;
                    a.update_response(ids[question], |response| response.note = note);
                }
                r.end()?;
                // The same value rules as a file.
                a.check().map_err(|e| damaged(&e.to_string()))?;
                Shared::Assessment(Box::new(a))
            }
            LinkKind::Respondent => {
                let client = r.text()?;
                let respondent = Respondent {
                    id: r.text()?,
                    name: r.text()?,
                    role: r.text()?,
                };
                if respondent.id.trim().is_empty() {
                    return Err(damaged("it does not say who answered"));
                }
                let answers: SortedMap<String, Answer> = ids
                    .iter()
                    .zip(r.answers(ids.len())?)
                    .filter_map(|(id, a)| Some((id.to_string(), a?)))
                    .collect();
                r.end()?;
                Shared::Respondent(RespondentFile {
                    format: RESPONDENT_FORMAT.into(),
                    format_version: RESPONDENT_FORMAT_VERSION,
                    questionnaire: self.questionnaire.clone(),
                    client,
                    respondent,
                    answers,
                })
            }
        };
        Ok(shared)
    }
}

/// A respondent-mode entry's own answers as a link; `None` for any other assessment.
pub fn own_answers_link(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
) -> Option<Result<String, String>> {
    let _: &AnsweringAs = assessment.answering_as.as_ref()?;
    let file = RespondentFile::from_assessment(assessment)?;
    Some(respondent_link(questionnaire, &file))
}

/// The most characters a QR code here carries: version 40 at the lowest error correction
/// holds 2,953 bytes; beyond that the link is shared as text only.
pub const MAX_QR_CHARS: usize = 2953;

/// A QR code of `text` as an SVG image: black modules on white with the standard four-module
/// quiet zone, one square per module, `title` for screen readers. Low error correction
/// keeps the code as small as possible for a projector or a phone screen.
pub fn qr_svg(text: &str, title: &str) -> Result<String, String> {
    use qrcodegen::{QrCode, QrCodeEcc};
    if text.len() > MAX_QR_CHARS {
        return Err(format!(
            "This link has {} characters, too many for a QR code ({MAX_QR_CHARS} at most); share the link itself.",
            text.len()
        ));
    }
    let code = QrCode::encode_text(text, QrCodeEcc::Low)
        .map_err(|_| "This link is too long for a QR code; share the link itself.".to_string())?;
    let quiet = 4;
    let size = code.size() + 2 * quiet;
    let mut path = String::new();
    for y in 0..code.size() {
        for x in 0..code.size() {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + quiet, y + quiet));
            }
        }
    }
    let title = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\" role=\"img\"><title>{title}</title><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        px = size * 8
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(37).wrapping_add(len))
                .collect();
            assert_eq!(from_base64(&to_base64(&bytes)), Some(bytes));
        }
        assert_eq!(to_base64(b"Man"), "TWFu");
        assert_eq!(to_base64(b"Ma"), "TWE");
        assert_eq!(from_base64("TWF"), None, "spare bits that are not zero");
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
