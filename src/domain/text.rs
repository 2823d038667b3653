//! Text that leaves the app: one rule for every export, the CLI and the printed page.
//!
//! - Invisible characters that change how text reads (bidirectional embeddings, overrides
//!   and isolates, zero-width spaces and joiners, direction marks, a stray byte-order mark)
//!   are shown as `[U+202E]` instead of passing through, so an exported report cannot
//!   display differently from what was typed. JSON keeps the character but writes it as a
//!   `\u202e` escape: the data round-trips and a reader of the file sees it.
//! - A spreadsheet cell that would start like a formula (`=`, `+`, `-`, `@`, a tab or a
//!   carriage return) gets a leading `'`, the OWASP rule against CSV injection.

/// Whether `c` changes how text displays without being seen.
pub fn is_invisible_control(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// `text` with every invisible control character written as `mark(c)`.
fn mark_invisible(text: &str, mark: fn(char) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible_control(c) {
            out.push_str(&mark(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with every invisible control character shown as `[U+XXXX]`.
pub fn visible(text: &str) -> String {
    mark_invisible(text, |c| format!("[U+{:04X}]", c as u32))
}

/// JSON text with every invisible control character written as a `\uXXXX` escape. JSON's
/// structure is ASCII, so these characters can only stand inside strings, where the escape
/// means the same character.
pub fn json_visible(json: String) -> String {
    if !json.chars().any(is_invisible_control) {
        return json;
    }
    mark_invisible(&json, |c| format!("\\u{:04x}", c as u32))
}

/// A spreadsheet cell's text: visible, and never starting like a formula.
pub fn spreadsheet_cell(text: &str) -> String {
    let text = visible(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_shown_or_escaped() {
        assert_eq!(visible("a\u{202E}b\u{200B}"), "a[U+202E]b[U+200B]");
        assert_eq!(visible("Zürich 東京"), "Zürich 東京");
        let json = json_visible("{\"client\":\"a\u{2067}b\"}".to_string());
        assert_eq!(json, "{\"client\":\"a\\u2067b\"}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["client"], "a\u{2067}b");
    }

    #[test]
    fn formula_starts_are_quoted() {
        for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_cell(text), format!("'{text}"));
        }
        assert_eq!(spreadsheet_cell("a=1"), "a=1");
        assert_eq!(spreadsheet_cell(""), "");
    }
}
