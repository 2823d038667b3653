//! Prepares the built-in questionnaires for embedding, in two forms:
//!
//! - the JSON text without the whitespace of the pretty-printed files (strings copied byte
//!   for byte), for the `assess` CLI and the tests;
//! - a compact binary form the app decodes at start-up (`domain::questionnaire::compact`):
//!   the validated model's fields in a fixed order, so the wasm needs neither the JSON
//!   reader for questionnaires nor the validator to show the built-in one. The roadmap's
//!   texts (transitions and ecosystems) are a second compact form, read only by the views
//!   that show a roadmap (parts of the wasm of their own). It is written
//!   here, where the crate's own code cannot run, so it repeats the few things the
//!   validator does besides checking (levels, options and transitions sorted, weights in
//!   thousandths, defaults for optional fields); `tests/questionnaire_versions.rs` checks
//!   that each decodes to exactly what the validator builds from the file, so an invalid
//!   or diverging file fails the test command.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The JSON text with every whitespace byte outside strings left out.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// The compact form being written: unsigned numbers as LEB128, texts as their byte length
/// and UTF-8 bytes, lists as their length and items.
struct Compact {
    out: Vec<u8>,
    /// The transitions and ecosystems, written apart from the rest (see `main`).
    roadmap: Vec<u8>,
    file: String,
}

impl Compact {
    fn number(&mut self, mut n: u64) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }

    fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.out.extend_from_slice(text.as_bytes());
    }

    /// Stops encoding: `main` then embeds an empty form (see there).
    fn fail(&self, what: &str) -> ! {
        panic!("{}: {what}", self.file)
    }

    fn field<'a>(&self, item: &'a Value, name: &str) -> &'a Value {
        item.get(name)
            .unwrap_or_else(|| self.fail(&format!("`{name}` is missing in {item}")))
    }

    fn text_field(&mut self, item: &Value, name: &str) {
        let text = self.field(item, name).as_str();
        let text = text.unwrap_or_else(|| self.fail(&format!("`{name}` is not a text")));
        self.text(text);
    }

    fn optional_text(&mut self, item: &Value, name: &str) {
        let text = item.get(name).and_then(Value::as_str).unwrap_or_default();
        self.text(text);
    }

    fn whole(&self, item: &Value, name: &str) -> u64 {
        let value = self.field(item, name);
        value
            .as_u64()
            .or_else(|| {
                value
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            })
            .unwrap_or_else(|| self.fail(&format!("`{name}` is not a whole number")))
    }

    fn weight(&mut self, item: &Value) {
        let weight = self.field(item, "weight").as_f64();
        let weight = weight.unwrap_or_else(|| self.fail("a `weight` is not a number"));
        self.number((weight * 1000.0).round() as u64);
    }

    fn list<'a>(&self, item: &'a Value, name: &str) -> &'a [Value] {
        match item.get(name) {
            None | Some(Value::Null) => &[],
            Some(value) => value
                .as_array()
                .unwrap_or_else(|| self.fail(&format!("`{name}` is not a list"))),
        }
    }

    /// A list written in the order of a whole-number field, as the validator orders it.
    fn sorted<'a>(&self, item: &'a Value, name: &str, by: &str) -> Vec<&'a Value> {
        let mut items: Vec<&Value> = self.list(item, name).iter().collect();
        items.sort_by_key(|i| self.whole(i, by));
        items
    }

    fn questionnaire(&mut self, q: &Value) {
        for name in ["id", "version", "title"] {
            self.text_field(q, name);
        }
        self.optional_text(q, "description");
        let levels = self.sorted(q, "levels", "level");
        self.number(levels.len() as u64);
        for level in levels {
            let number = self.whole(level, "level");
            self.number(number);
            self.text_field(level, "name");
            self.text_field(level, "summary");
        }
        let areas = self.list(q, "areas");
        self.number(areas.len() as u64);
        for area in areas {
            for name in ["id", "title", "description"] {
                self.text_field(area, name);
            }
            self.weight(area);
            let questions = self.list(area, "questions");
            self.number(questions.len() as u64);
            for question in questions {
                for name in ["id", "prompt", "help"] {
                    self.text_field(question, name);
                }
                self.weight(question);
                let options = self.sorted(question, "options", "level");
                self.number(options.len() as u64);
                for option in options {
                    let level = self.whole(option, "level");
                    self.number(level);
                    self.text_field(option, "text");
                    self.text_field(option, "help");
                }
            }
        }
        // The roadmap's texts go into a form of their own: only views that are parts of
        // their own read them, so their bytes leave the first load with that code.
        let rest = std::mem::take(&mut self.out);
        let transitions = self.sorted(q, "transitions", "from");
        self.number(transitions.len() as u64);
        for transition in transitions {
            for name in ["from", "to", "min_weeks", "max_weeks"] {
                let n = self.whole(transition, name);
                self.number(n);
            }
            let per_type = transition.get("per_project_type").and_then(Value::as_bool);
            self.number(u64::from(per_type.unwrap_or(false)));
            self.text_field(transition, "summary");
            let priorities = self.list(transition, "priorities");
            self.number(priorities.len() as u64);
            for priority in priorities {
                let text = priority.as_str();
                self.text(text.unwrap_or_else(|| self.fail("a priority is not a text")));
            }
            let advice = self.field(transition, "advice");
            let kind = match advice.get("kind").and_then(Value::as_str) {
                Some("quick_win") => 0,
                Some("key_challenge") => 1,
                _ => self.fail("an advice's `kind` is not quick_win or key_challenge"),
            };
            self.number(kind);
            self.text_field(advice, "text");
        }
        let ecosystems = self.list(q, "ecosystems");
        self.number(ecosystems.len() as u64);
        for ecosystem in ecosystems {
            self.text_field(ecosystem, "id");
            self.text_field(ecosystem, "name");
            let tools = self.list(ecosystem, "tools");
            self.number(tools.len() as u64);
            for tool in tools {
                self.text_field(tool, "name");
                self.text_field(tool, "purpose");
                let areas = self.list(tool, "areas");
                self.number(areas.len() as u64);
                for area in areas {
                    let text = area.as_str();
                    self.text(text.unwrap_or_else(|| self.fail("a tool's area is not a text")));
                }
            }
        }
        self.roadmap = std::mem::replace(&mut self.out, rest);
        let previous = self.list(q, "previous_versions");
        self.number(previous.len() as u64);
        for version in previous {
            self.text_field(version, "version");
            let pairs: BTreeMap<&str, &str> = version
                .get("same_meaning")
                .and_then(Value::as_object)
                .map(|map| {
                    map.iter()
                        .map(|(old, new)| {
                            let new = new.as_str();
                            (
                                old.as_str(),
                                new.unwrap_or_else(|| self.fail("a mapping is not a text")),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            self.number(pairs.len() as u64);
            for (old, new) in pairs {
                self.text(old);
                self.text(new);
            }
        }
    }
}

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in ["mlops-maturity.json", "mlops-maturity-1.0.0.json"] {
        let source = Path::new("questionnaires").join(name);
        println!("cargo::rerun-if-changed={}", source.display());
        let text = std::fs::read_to_string(&source)
            .unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        std::fs::write(Path::new(&out_dir).join(name), compact(&text))
            .unwrap_or_else(|e| panic!("{out_dir}/{name}: {e}"));
        // A file that cannot be encoded (not JSON, a field missing or of the wrong type) gets
        // an empty form, which the app refuses with an error: the build goes on, so that the
        // test command can list every problem the validator finds in the file.
        let encoded = std::panic::catch_unwind(|| {
            let value: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            let mut form = Compact {
                out: Vec::new(),
                roadmap: Vec::new(),
                file: source.display().to_string(),
            };
            form.questionnaire(&value);
            Ok::<_, String>((form.out, form.roadmap))
        });
        let (form, roadmap) = match encoded {
            Ok(Ok(forms)) => forms,
            Ok(Err(reason)) => {
                println!("cargo::warning={}: not JSON ({reason}): the built-in questionnaire is left out; run the tests for every problem", source.display());
                (Vec::new(), Vec::new())
            }
            Err(_) => {
                println!("cargo::warning={}: cannot be embedded (see the message above): the built-in questionnaire is left out; run the tests for every problem", source.display());
                (Vec::new(), Vec::new())
            }
        };
        let bin = name.replace(".json", ".bin");
        std::fs::write(Path::new(&out_dir).join(&bin), form)
            .unwrap_or_else(|e| panic!("{out_dir}/{bin}: {e}"));
        let bin = name.replace(".json", ".roadmap.bin");
        std::fs::write(Path::new(&out_dir).join(&bin), roadmap)
            .unwrap_or_else(|e| panic!("{out_dir}/{bin}: {e}"));
    }
}
