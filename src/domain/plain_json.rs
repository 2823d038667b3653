//! JSON read into a plain tree and written back, by hand, for the formats the first screen
//! handles: library entries in storage, assessment files and respondent files (their
//! fields are read in `domain::formats`).
//!
//! Written by hand because serde_json with the code serde derives for the assessment's
//! types was the largest single piece of the first load's wasm (about 60 KB before
//! optimisation) that the first screen needed; the questionnaire and benchmark readers,
//! which load in parts of their own, keep serde. The rules are serde_json's where it has
//! them (the grammar of RFC 8259, nesting at most 128 deep, the positions in messages),
//! plus the ones every file reader in the app shares (`domain::json`): a leading
//! byte-order mark is skipped and a key that appears twice in one object is refused with
//! its path. `tests/plain_json.rs` checks the reader against serde_json on generated text.

use super::order;
use super::weight::Weight;
use std::fmt;

/// A JSON value. A number keeps its text, so that a whole number and a fraction stay apart
/// (`2` is a level, `2.0` is not) and nothing is rounded before a field says what it wants.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Array(Vec<Json>),
    /// Keys in the order they were read or are to be written.
    Object(Vec<(String, Json)>),
}

/// Most levels of nesting a text may have (serde_json's limit too): deeper text would
/// exhaust the stack of a recursive reader.
const MAX_DEPTH: usize = 128;

/// Why a text is not JSON (or repeats a key), with where: "expected `:` at line 3 column 9".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Reads a JSON text, skipping a byte-order mark and refusing repeated keys.
pub fn parse(text: &str) -> Result<Json, SyntaxError> {
    let text = super::json::strip_bom(text);
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = reader.value(0).map_err(|fault| reader.error(fault))?;
    reader.skip_space();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error(Fault::at("trailing characters after the value")));
    }
    Ok(value)
}

/// The position of the first key that repeats an earlier one, found once the object is
/// read: in key order (stable, so equal keys keep their order) a repeat follows the key it
/// repeats. A set of the keys seen so far would find it sooner, but its node code costs the
/// first load more than a sort of positions the app already has (`order::stable_order`),
/// and both take n log n on a hostile file with many keys.
fn first_repeated(fields: &[(String, Json)]) -> Option<usize> {
    let order = order::stable_order(fields.len(), &|a, b| fields[a].0.cmp(&fields[b].0));
    order
        .windows(2)
        .filter(|pair| fields[pair[0]].0 == fields[pair[1]].0)
        .map(|pair| pair[1])
        .min()
}

/// What went wrong while reading; a repeated key collects its path while the reader
/// unwinds, so paths are built only for the error.
struct Fault {
    message: String,
    /// The path of a repeated key, innermost part first.
    repeated: Option<Vec<Step>>,
}

enum Step {
    Key(String),
    Index(usize),
}

impl Fault {
    fn at(message: &str) -> Fault {
        Fault {
            message: message.to_string(),
            repeated: None,
        }
    }

    /// The same fault seen from the value that holds the part where it happened.
    fn inside(mut self, step: Step) -> Fault {
        if let Some(path) = &mut self.repeated {
            path.push(step);
        }
        self
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    /// The fault with its line and column: those of the character it was found at, or of
    /// the last character when the text ended too soon.
    fn error(&self, fault: Fault) -> SyntaxError {
        let end = (self.pos + 1).min(self.bytes.len());
        let before = &self.text[..floor_char_boundary(self.text, end)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        let message = match fault.repeated {
            Some(steps) => {
                let path = steps
                    .iter()
                    .rev()
                    .fold(String::new(), |path, step| match step {
                        Step::Key(key) => key_path(&path, key),
                        Step::Index(index) => format!("{path}[{index}]"),
                    });
                format!("`{path}` appears twice")
            }
            None => fault.message,
        };
        SyntaxError {
            message,
            line,
            column,
        }
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Json, Fault> {
        self.skip_space();
        match self.peek() {
            None => Err(Fault::at("the text ends where a value should be")),
            Some(b'{') | Some(b'[') if depth >= MAX_DEPTH => {
                Err(Fault::at("values nested more than 128 deep"))
            }
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Number),
            Some(_) => {
                for (word, value) in [
                    ("true", Json::Bool(true)),
                    ("false", Json::Bool(false)),
                    ("null", Json::Null),
                ] {
                    if self.bytes[self.pos..].starts_with(word.as_bytes()) {
                        self.pos += word.len();
                        return Ok(value);
                    }
                }
                Err(Fault::at("expected a value"))
            }
        }
    }

    /// Steps over `byte` after any space, or fails with `message`.
    fn expect(&mut self, byte: u8, message: &str) -> Result<(), Fault> {
        self.skip_space();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Fault::at(message))
        }
    }

    /// After an item: `true` at the closing `close`, `false` after a comma.
    fn item_end(&mut self, close: u8, message: &str) -> Result<bool, Fault> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(byte) if byte == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(Fault::at(message)),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, Fault> {
        self.pos += 1;
        let mut fields: Vec<(String, Json)> = Vec::new();
        // Where each key ends, to point at a repeated one.
        let mut key_ends = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(fields));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(Fault::at("expected a key in quotes"));
            }
            let key = self.string()?;
            key_ends.push(self.pos);
            self.expect(b':', "expected `:` after a key")?;
            let value = match self.value(depth + 1) {
                Ok(value) => value,
                Err(fault) => return Err(fault.inside(Step::Key(key))),
            };
            fields.push((key, value));
            if self.item_end(b'}', "expected `,` or `}`")? {
                if let Some(at) = first_repeated(&fields) {
                    self.pos = key_ends[at];
                    return Err(Fault {
                        message: String::new(),
                        repeated: Some(vec![Step::Key(fields.swap_remove(at).0)]),
                    });
                }
                return Ok(Json::Object(fields));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, Fault> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            match self.value(depth + 1) {
                Ok(value) => items.push(value),
                Err(fault) => return Err(fault.inside(Step::Index(items.len()))),
            }
            if self.item_end(b']', "expected `,` or `]`")? {
                return Ok(Json::Array(items));
            }
        }
    }

    /// A string from its opening quote, escapes decoded.
    fn string(&mut self) -> Result<String, Fault> {
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            let Some(byte) = self.peek() else {
                return Err(Fault::at("the text ends inside a string"));
            };
            match byte {
                b'"' => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    out.push(self.escape()?);
                    run = self.pos;
                }
                0..=0x1f => return Err(Fault::at("a control character inside a string")),
                _ => self.pos += 1,
            }
        }
    }

    /// The character an escape after `\` stands for.
    fn escape(&mut self) -> Result<char, Fault> {
        let byte = self
            .peek()
            .ok_or_else(|| Fault::at("the text ends inside a string"))?;
        self.pos += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = match first {
                    0xd800..=0xdbff => {
                        if !self.bytes[self.pos..].starts_with(b"\\u") {
                            return Err(Fault::at("a lone surrogate in a \\u escape"));
                        }
                        self.pos += 2;
                        let second = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&second) {
                            return Err(Fault::at("a lone surrogate in a \\u escape"));
                        }
                        0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
                    }
                    0xdc00..=0xdfff => return Err(Fault::at("a lone surrogate in a \\u escape")),
                    code => code,
                };
                char::from_u32(code).ok_or_else(|| Fault::at("an invalid \\u escape"))?
            }
            _ => return Err(Fault::at("an invalid escape in a string")),
        })
    }

    fn hex4(&mut self) -> Result<u32, Fault> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| Fault::at("the text ends inside a \\u escape"))?;
        let mut code = 0;
        for &digit in digits {
            let value = (digit as char)
                .to_digit(16)
                .ok_or_else(|| Fault::at("an invalid \\u escape"))?;
            code = code * 16 + value;
            self.pos += 1;
        }
        Ok(code)
    }

    /// A number's text: `-`, then `0` or digits not starting with 0, then an optional
    /// fraction and exponent.
    fn number(&mut self) -> Result<String, Fault> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Fault::at("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.some_digits()?;
        }
        let literal = &self.text[start..self.pos];
        // A number too large for a float is refused where it is written, as serde_json
        // does, rather than when a field reads it.
        if number_value(literal).is_none() {
            return Err(Fault::at("number out of range"));
        }
        Ok(literal.to_string())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn some_digits(&mut self) -> Result<(), Fault> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            _ => Err(Fault::at("expected a digit")),
        }
    }
}

/// The largest index at most `index` that starts a character of `text`.
fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// `parent.key`, with the key quoted unless it is a plain identifier: the way messages name
/// a place in a file, such as `responses."data.quality".answer`.
pub fn key_path(parent: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let dot = if parent.is_empty() { "" } else { "." };
    if plain {
        format!("{parent}{dot}{key}")
    } else {
        let quoted = key.replace('\\', "\\\\").replace('"', "\\\"");
        format!("{parent}{dot}\"{quoted}\"")
    }
}

impl Json {
    /// A whole number, written without decimals.
    pub fn whole(number: u64) -> Json {
        Json::Number(number.to_string())
    }

    /// A weight as serde_json writes the float it stands for (`1.5`, `0.125`, `1.0`).
    ///
    /// The formats' floats are written from whole numbers, a weight's thousandths and a
    /// time's milliseconds, with integer arithmetic: formatting a float in Rust brings
    /// about 2 KB gzip of float printing (Grisu and Dragon) into the first load's wasm.
    pub fn weight(weight: Weight) -> Json {
        let text = weight.to_string();
        match text.contains('.') {
            true => Json::Number(text),
            false => Json::Number(text + ".0"),
        }
    }

    /// A time in milliseconds as serde_json writes it as a float (`1764351234567.0`),
    /// taken to [`whole_millis`] first.
    pub fn millis(number: f64) -> Json {
        Json::Number(format!("{}.0", whole_millis(number) as i64))
    }

    pub fn text(text: &str) -> Json {
        Json::Str(text.to_string())
    }

    /// The value's text: compact (for storage) or indented by two spaces (for files).
    /// Invisible control characters in strings are written as `\u` escapes
    /// (`domain::text::json_visible`), as in every JSON the app writes.
    pub fn write(&self, pretty: bool) -> String {
        let mut out = String::new();
        self.write_into(&mut out, pretty.then_some(0));
        out
    }

    fn write_into(&self, out: &mut String, indent: Option<usize>) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Json::Number(text) => out.push_str(text),
            Json::Str(text) => write_string(out, text),
            Json::Array(items) => write_list(out, indent, '[', ']', items, |out, item, inner| {
                item.write_into(out, inner)
            }),
            Json::Object(fields) => {
                write_list(out, indent, '{', '}', fields, |out, (key, value), inner| {
                    write_string(out, key);
                    out.push_str(if inner.is_some() { ": " } else { ":" });
                    value.write_into(out, inner);
                })
            }
        }
    }
}

/// `open`, the items separated by commas (each on its own line when indenting), `close`.
fn write_list<T>(
    out: &mut String,
    indent: Option<usize>,
    open: char,
    close: char,
    items: &[T],
    mut item: impl FnMut(&mut String, &T, Option<usize>),
) {
    out.push(open);
    let inner = indent.map(|n| n + 2);
    for (position, value) in items.iter().enumerate() {
        if position > 0 {
            out.push(',');
        }
        if let Some(n) = inner {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', n));
        }
        item(out, value, inner);
    }
    if let (Some(n), false) = (indent, items.is_empty()) {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', n));
    }
    out.push(close);
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' || super::text::is_invisible_control(c) => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---- Reading fields ----

/// An object's fields, with the path that names it in messages.
pub struct Fields<'a> {
    fields: &'a [(String, Json)],
    path: &'a str,
}

/// A message naming the place: "`settings.project_types` must be a whole number".
fn must(path: &str, what: &str) -> String {
    format!("`{path}` must be {what}")
}

impl<'a> Fields<'a> {
    /// The fields of `value`, which must be an object.
    pub fn of(value: &'a Json, path: &'a str) -> Result<Fields<'a>, String> {
        match value {
            Json::Object(fields) => Ok(Fields { fields, path }),
            _ if path.is_empty() => Err("the data must be an object".to_string()),
            _ => Err(must(path, "an object")),
        }
    }

    /// The path of one field.
    pub fn path(&self, key: &str) -> String {
        key_path(self.path, key)
    }

    /// A field; `null` counts as absent.
    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.fields
            .iter()
            .find(|(k, v)| k == key && *v != Json::Null)
            .map(|(_, v)| v)
    }

    /// A field that must be there.
    pub fn need(&self, key: &str) -> Result<&'a Json, String> {
        self.get(key)
            .ok_or_else(|| format!("missing field `{}`", self.path(key)))
    }

    /// A text field, or `None` when absent.
    pub fn text(&self, key: &str) -> Result<Option<String>, String> {
        self.get(key).map(|v| text(v, &self.path(key))).transpose()
    }

    /// A whole-number field of at most `max`, or `None` when absent.
    pub fn whole(&self, key: &str, max: u64) -> Result<Option<u64>, String> {
        self.get(key)
            .map(|v| whole(v, &self.path(key), max))
            .transpose()
    }

    /// An object field read entry by entry, or an empty list when absent.
    pub fn each<T>(
        &self,
        key: &str,
        mut read: impl FnMut(&'a str, &'a Json, &str) -> Result<T, String>,
    ) -> Result<Vec<T>, String> {
        let Some(value) = self.get(key) else {
            return Ok(Vec::new());
        };
        let path = self.path(key);
        let Json::Object(fields) = value else {
            return Err(must(&path, "an object"));
        };
        fields
            .iter()
            .filter(|(_, v)| *v != Json::Null)
            .map(|(k, v)| read(k, v, &key_path(&path, k)))
            .collect()
    }
}

pub fn text(value: &Json, path: &str) -> Result<String, String> {
    match value {
        Json::Str(text) => Ok(text.clone()),
        _ => Err(must(path, "text")),
    }
}

/// A whole number of at most `max`: no sign, fraction or exponent.
pub fn whole(value: &Json, path: &str, max: u64) -> Result<u64, String> {
    match value {
        Json::Number(text) if text.bytes().all(|b| b.is_ascii_digit()) => text
            .parse::<u64>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| must(path, &format!("a whole number up to {max}"))),
        _ => Err(must(path, "a whole number")),
    }
}

/// A time in milliseconds as the app keeps it: a whole number within ±(2^53 − 1), where
/// every whole number is a float (0 for a value that is not a number). The app's times are
/// whole milliseconds in that range; anything else came from an edited store, and is read
/// as the nearest such time so that it is written back exactly as read.
pub fn whole_millis(number: f64) -> f64 {
    const LIMIT: f64 = 9_007_199_254_740_991.0;
    match number.is_nan() {
        true => 0.0,
        false => number.round().clamp(-LIMIT, LIMIT),
    }
}

/// A number as a float.
pub fn float(value: &Json, path: &str) -> Result<f64, String> {
    match value {
        Json::Number(text) => number_value(text).ok_or_else(|| must(path, "a finite number")),
        _ => Err(must(path, "a number")),
    }
}

/// The value of a number's text (as the reader checked it), `None` when out of range.
///
/// Hand-written because `str::parse::<f64>` brings a 20 KB table of powers into the wasm.
/// Numbers with at most 19 significant digits and a power of ten within ±22, which covers
/// every weight and time the formats hold, are exact (the product of two exact floats,
/// rounded once); others are within a few units in the last place.
pub fn number_value(text: &str) -> Option<f64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, ""),
    };
    let mut mantissa: u64 = 0;
    let mut power: i64 = 0;
    let mut after_point = false;
    for byte in digits.bytes() {
        match byte {
            b'.' => after_point = true,
            digit if mantissa < 1_000_000_000_000_000_000 => {
                mantissa = mantissa * 10 + u64::from(digit - b'0');
                power -= i64::from(after_point);
            }
            // Digits past the 19th only scale the number.
            _ => power += i64::from(!after_point),
        }
    }
    let exponent: i64 = match exponent.strip_prefix('-') {
        Some(digits) => -saturating_parse(digits),
        None => saturating_parse(exponent.trim_start_matches('+')),
    };
    let power = (power + exponent).clamp(-10_000, 10_000) as i32;
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let m = mantissa as f64;
    let value = if mantissa == 0 {
        0.0
    } else if mantissa < 1 << 53 && power.unsigned_abs() < 23 {
        let scale = EXACT[power.unsigned_abs() as usize];
        if power < 0 {
            m / scale
        } else {
            m * scale
        }
    } else if power < -300 {
        // In two steps, so that a tiny number is not lost to an underflow of 10^power.
        m * 10f64.powi(-300) * 10f64.powi(power + 300)
    } else {
        m * 10f64.powi(power)
    };
    let value = if negative { -value } else { value };
    value.is_finite().then_some(value)
}

fn saturating_parse(digits: &str) -> i64 {
    digits
        .bytes()
        .fold(0i64, |n, d| (n * 10 + i64::from(d - b'0')).min(1_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn repeated_keys_are_named_by_their_path() {
        assert!(error(r#"{"a":1,"a":2}"#).starts_with("`a` appears twice"));
        assert!(error(r#"{"r":{"x.y":1,"x.y":2}}"#).starts_with("`r.\"x.y\"` appears twice"));
        assert!(error(r#"{"l":[{},{"k":1,"k":1}]}"#).starts_with("`l[1].k` appears twice"));
        assert!(error(r#"[{"k":1,"k":1}]"#).starts_with("`[0].k` appears twice"));
        parse(r#"{"a":{"k":1},"b":{"k":1},"c":[1,"k",null,true,-1.5]}"#).unwrap();
    }

    #[test]
    fn a_repeated_key_is_pointed_at_where_it_is_written_again() {
        assert_eq!(
            error("{\"a\":1,\n \"b\":2,\n \"a\":3, \"b\":4}"),
            "`a` appears twice at line 3 column 5"
        );
        // Many keys out of order: the first key in the text that repeats one is named.
        let keys: Vec<String> = (0..2000).rev().map(|i| format!("\"k{i}\":0")).collect();
        let text = format!("{{{},\"k5\":1,\"k1999\":1}}", keys.join(","));
        assert!(error(&text).starts_with("`k5` appears twice"));
        let nested = format!("[{{\"x\":{{{}}}}}]", keys.join(","));
        parse(&nested).unwrap();
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(error("[1, 2"), "expected `,` or `]` at line 1 column 5");
        assert_eq!(
            error("{\n  \"a\" 1}"),
            "expected `:` after a key at line 2 column 7"
        );
        assert_eq!(
            error("\"\\ud800\""),
            "a lone surrogate in a \\u escape at line 1 column 8"
        );
        let deep = "[".repeat(200);
        assert!(error(&deep).starts_with("values nested more than 128 deep"));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(
            parse("\u{feff}[1]").unwrap(),
            Json::Array(vec![Json::whole(1)])
        );
    }

    #[test]
    fn numbers_read_exactly_where_the_formats_need_it() {
        for (text, value) in [
            ("0.001", 0.001),
            ("0.37", 0.37),
            ("1000", 1000.0),
            ("-2", -2.0),
            ("1764351234567.0", 1_764_351_234_567.0),
            ("1.5e3", 1500.0),
            ("1e-400", 0.0),
        ] {
            assert_eq!(number_value(text), Some(value), "{text}");
        }
        assert_eq!(number_value("1e400"), None);
        // Past 19 digits and 10^22, within a few units in the last place.
        let long = number_value("12345678901234567890123").unwrap();
        assert!((long / 1.234_567_890_123_456_8e22 - 1.0).abs() < 1e-15);
    }

    fn number_text(json: Json) -> String {
        match json {
            Json::Number(text) => text,
            other => panic!("not a number: {other:?}"),
        }
    }

    #[test]
    fn weights_are_written_as_serde_json_writes_their_float() {
        // Every weight there is: 1 to 1,000,000 thousandths.
        for millis in 1..=1_000_000 {
            let weight = Weight::from_millis(millis).unwrap();
            let ours = number_text(Json::weight(weight));
            // Cheap checks on every weight, serde_json's own text on a spread of them.
            assert_eq!(number_value(&ours), Some(weight.as_f64()), "{millis}");
            if millis % 997 == 1 || millis % 1000 == 0 || millis < 2000 {
                assert_eq!(ours, serde_json::to_string(&weight.as_f64()).unwrap());
            }
        }
    }

    #[test]
    fn times_are_written_as_serde_json_writes_them_and_always_read_back() {
        for ms in [0.0, 1.0, -1.0, 1_764_351_234_567.0, 9_007_199_254_740_991.0] {
            assert_eq!(
                number_text(Json::millis(ms)),
                serde_json::to_string(&ms).unwrap()
            );
        }
        // Values an edited store could hold come back as a time that reads again.
        for (ms, written) in [
            (1_764_351_234_567.4, "1764351234567.0"),
            (2.5, "3.0"),
            (1e300, "9007199254740991.0"),
            (-1e300, "-9007199254740991.0"),
            (f64::INFINITY, "9007199254740991.0"),
            (f64::NAN, "0.0"),
        ] {
            let text = number_text(Json::millis(ms));
            assert_eq!(text, written, "{ms}");
            assert!(number_value(&text).is_some_and(f64::is_finite));
        }
    }

    #[test]
    fn written_text_reads_back() {
        let value = Json::Object(vec![
            ("a b".into(), Json::text("line\n\"quoted\"\u{1}\u{202e}")),
            (
                "list".into(),
                Json::Array(vec![Json::Null, Json::Bool(true)]),
            ),
            ("empty".into(), Json::Object(Vec::new())),
        ]);
        for pretty in [false, true] {
            assert_eq!(parse(&value.write(pretty)).unwrap(), value);
        }
        assert_eq!(
            value.write(true),
            "{\n  \"a b\": \"line\\n\\\"quoted\\\"\\u0001\\u202e\",\n  \"list\": [\n    null,\n    true\n  ],\n  \"empty\": {}\n}"
        );
    }
}
