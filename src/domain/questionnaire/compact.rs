//! The built-in questionnaires in the compact form `build.rs` writes: the validated model's
//! fields in a fixed order, numbers as LEB128, texts as their byte length and UTF-8 bytes,
//! lists as their length and items.
//!
//! Decoding it is all the app does to show the built-in questionnaire: no JSON reader for
//! questionnaires and no validator at start-up, so neither has to be in the first load's
//! wasm (they come with the part that reads custom questionnaires). Written by hand because
//! it is a few dozen lines over a format this crate defines; a serialisation crate would add
//! its own code to the wasm. The form is trusted only because it is built from the shipped
//! files and `tests/questionnaire_versions.rs` checks that each decodes to exactly what the
//! validator builds; a form that does not decode still gives an error, never a panic.

use super::{
    Advice, AdviceKind, AnswerOption, Area, Ecosystem, LevelDefinition, PreviousVersion, Question,
    Questionnaire, RoadmapSource, RoadmapTexts, Tool, Transition,
};
use crate::domain::weight::Weight;

/// Reads `bytes` as a whole; `None` if they are not a complete compact form. The roadmap's
/// texts are a form of their own ([`decode_roadmap`]): `roadmap` says where they are.
pub fn decode(bytes: &[u8], roadmap: RoadmapSource) -> Option<Questionnaire> {
    let mut input = Input(bytes);
    let questionnaire = Questionnaire {
        id: input.text()?,
        version: input.text()?,
        title: input.text()?,
        description: input.text()?,
        levels: input.list(|i| {
            Some(LevelDefinition {
                level: i.level()?,
                name: i.text()?,
                summary: i.text()?,
            })
        })?,
        areas: input.list(|i| {
            Some(Area {
                id: i.text()?,
                title: i.text()?,
                description: i.text()?,
                weight: i.weight()?,
                questions: i.list(|i| {
                    Some(Question {
                        id: i.text()?,
                        prompt: i.text()?,
                        help: i.text()?,
                        weight: i.weight()?,
                        options: i.list(|i| {
                            Some(AnswerOption {
                                level: i.level()?,
                                text: i.text()?,
                                help: i.text()?,
                            })
                        })?,
                    })
                })?,
            })
        })?,
        roadmap,
        previous_versions: input.list(|i| {
            Some(PreviousVersion {
                version: i.text()?,
                same_meaning: i
                    .list(|i| Some((i.text()?, i.text()?)))?
                    .into_iter()
                    .collect(),
            })
        })?,
    };
    input.0.is_empty().then_some(questionnaire)
}

/// Reads the roadmap's texts (transitions and ecosystems) from their own compact form, as a
/// whole; `None` if they are not a complete form.
pub fn decode_roadmap(bytes: &[u8]) -> Option<RoadmapTexts> {
    let mut input = Input(bytes);
    let texts = RoadmapTexts {
        transitions: input.list(|i| {
            Some(Transition {
                from: i.level()?,
                to: i.level()?,
                min_weeks: i.number()?,
                max_weeks: i.number()?,
                per_project_type: i.number()? == 1,
                summary: i.text()?,
                priorities: i.list(Input::text)?,
                advice: Advice {
                    kind: match i.number()? {
                        0 => AdviceKind::QuickWin,
                        1 => AdviceKind::KeyChallenge,
                        _ => return None,
                    },
                    text: i.text()?,
                },
            })
        })?,
        ecosystems: input.list(|i| {
            Some(Ecosystem {
                id: i.text()?,
                name: i.text()?,
                tools: i.list(|i| {
                    Some(Tool {
                        name: i.text()?,
                        purpose: i.text()?,
                        areas: i.list(Input::text)?,
                    })
                })?,
            })
        })?,
    };
    input.0.is_empty().then_some(texts)
}

/// What is left to read.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn number(&mut self) -> Option<u32> {
        let mut value: u32 = 0;
        for shift in (0..32).step_by(7) {
            let (&byte, rest) = self.0.split_first()?;
            self.0 = rest;
            let bits = u32::from(byte & 0x7f);
            if shift == 28 && bits > 0x0f {
                return None; // beyond 32 bits
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn text(&mut self) -> Option<String> {
        let length = self.number()? as usize;
        if length > self.0.len() {
            return None;
        }
        let (text, rest) = self.0.split_at(length);
        self.0 = rest;
        String::from_utf8(text.to_vec()).ok()
    }

    fn level(&mut self) -> Option<u8> {
        u8::try_from(self.number()?).ok()
    }

    fn weight(&mut self) -> Option<Weight> {
        Weight::from_millis(self.number()?)
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let count = self.number()? as usize;
        // Every item takes at least one byte: a count larger than what is left is damage.
        if count > self.0.len() {
            return None;
        }
        // A loop rather than `collect()` into `Option<Vec<T>>`, whose adapters cost the wasm
        // a copy per item type.
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(item(self)?);
        }
        Some(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_or_lengthened_form_is_refused() {
        let source = || RoadmapSource::BuiltIn(0, Default::default());
        let whole = super::super::DEFAULT_QUESTIONNAIRE_BIN;
        assert!(decode(whole, source()).is_some());
        for cut in [0, 1, whole.len() / 2, whole.len() - 1] {
            assert_eq!(decode(&whole[..cut], source()), None, "cut at {cut}");
        }
        let mut longer = whole.to_vec();
        longer.push(0);
        assert_eq!(decode(&longer, source()), None);
        for roadmap in super::super::BUILT_IN_ROADMAPS {
            assert!(decode_roadmap(roadmap).is_some());
            for cut in [0, 1, roadmap.len() / 2, roadmap.len() - 1] {
                assert_eq!(decode_roadmap(&roadmap[..cut]), None, "cut at {cut}");
            }
            let mut longer = roadmap.to_vec();
            longer.push(0);
            assert_eq!(decode_roadmap(&longer), None);
        }
    }

    #[test]
    fn numbers_read_as_leb128_and_overlong_ones_are_refused() {
        assert_eq!(Input(&[0x7f]).number(), Some(127));
        assert_eq!(Input(&[0x80, 0x01]).number(), Some(128));
        assert_eq!(
            Input(&[0xff, 0xff, 0xff, 0xff, 0x0f]).number(),
            Some(u32::MAX)
        );
        assert_eq!(Input(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).number(), None);
        assert_eq!(Input(&[0x80]).number(), None);
    }
}
