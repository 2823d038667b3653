//! Text that leaves the app: one rule for every export, the CLI and the printed page.
//!
//! - Invisible characters that change how text reads (bidirectional embeddings, overrides
//!   and isolates, zero-width spaces and joiners, direction marks, a stray byte-order mark)
//!   are shown as `[U+202E]` instead of passing through, so an exported report cannot
//!   display differently from what was typed. JSON keeps the character but writes it as a
//!   `\u202e` escape: the data round-trips and a reader of the file sees it.
//! - A spreadsheet cell that would start like a formula (`=`, `+`, `-`, `@`, a tab or a
//!   carriage return) gets a leading `'`, the OWASP rule against CSV injection.
//! - A file name made from a name someone typed keeps letters and digits only (see
//!   [`file_stem`]).

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

/// A file name's stem from a free-text name: ASCII letters (lower-cased) and digits, and
/// every other character except spaces, controls and the invisible ones, with a single
/// `-` for each run of what is left out; "assessment" if nothing is left.
///
/// Every character a file system refuses is ASCII, so other characters outside ASCII are
/// kept as they are ("Zürich" stays "zürich"). The rule is written out by hand rather
/// than with `char::is_alphanumeric`, whose Unicode tables were 1.7 KB gzip of the first
/// load for this one function.
pub fn file_stem(name: &str) -> String {
    let mut stem = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        let kept = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            !(is_space_beyond_ascii(c) || c.is_control() || is_invisible(c))
        };
        if !kept {
            gap = true;
            continue;
        }
        if gap && !stem.is_empty() {
            stem.push('-');
        }
        gap = false;
        stem.push(c.to_ascii_lowercase());
    }
    if stem.is_empty() {
        "assessment".into()
    } else {
        stem
    }
}

/// Unicode's white space beyond ASCII (the `White_Space` property).
fn is_space_beyond_ascii(c: char) -> bool {
    matches!(
        c,
        '\u{85}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Characters that show nothing: the invisible controls, a soft hyphen, word joiners and
/// invisible operators, interlinear annotation marks and tag characters.
fn is_invisible(c: char) -> bool {
    is_invisible_control(c)
        || matches!(
            c,
            '\u{AD}'
                | '\u{180E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_keep_letters_and_digits() {
        assert_eq!(
            file_stem("Acme Bank: ML team (Q3/2026)"),
            "acme-bank-ml-team-q3-2026"
        );
        assert_eq!(file_stem("  --Zürich  東京--  "), "zürich-東京");
        assert_eq!(file_stem("a\u{A0}b\u{3000}c\u{2028}d"), "a-b-c-d");
        assert_eq!(file_stem("evil\u{202E}txt.exe"), "evil-txt-exe");
        assert_eq!(file_stem("x\u{AD}y\u{2060}z\u{E0041}"), "x-y-z");
        assert_eq!(
            file_stem("tab\tand\u{85}next\u{9F}line"),
            "tab-and-next-line"
        );
        for empty in ["", "  ", "/\\:*?\"<>|", "\u{202E}\u{200B}"] {
            assert_eq!(file_stem(empty), "assessment");
        }
    }

    #[test]
    fn file_stems_never_hold_what_file_systems_refuse_or_what_cannot_be_seen() {
        // Every character up to U+10FFFF (but surrogates), alone and between letters.
        for code in 0..=0x10_FFFFu32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let stem = file_stem(&format!("a{c}b"));
            assert!(
                stem.chars().all(|s| !(s.is_whitespace()
                    || s.is_control()
                    || is_invisible(s)
                    || "/\\:*?\"<>|.".contains(s))),
                "U+{code:04X} gave {stem:?}"
            );
            // What the standard library calls a letter or digit is always kept.
            if c.is_alphanumeric() {
                assert_eq!(
                    stem,
                    format!("a{}b", c.to_ascii_lowercase()),
                    "U+{code:04X}"
                );
            }
        }
    }

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
