//! Keyboard shortcuts of the answering flow, so a facilitator never needs the mouse.

use super::answer::Answer;
use super::markup::push_text;
use super::questionnaire::TOP_LEVEL;

/// What a key press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    Answer(Answer),
    /// Clear the answer of the current question.
    Clear,
    Next,
    Previous,
    /// Show or hide the facilitator help of the current question.
    ToggleHelp,
    /// Put the cursor in the notes field of the current question.
    EditNote,
    /// Agree the room's median (rounded down) as the answer, then move on.
    AgreeMedian,
    /// Put the cursor in the room's line of the current question (each person's answer,
    /// or the show of hands when nobody is listed).
    EditRoom,
    /// Put the cursor in the rationale of the agreed answer.
    EditRationale,
}

/// The shortcut for a `KeyboardEvent.key` value, if any.
pub fn shortcut_for(key: &str) -> Option<Shortcut> {
    Some(match key {
        digit if digit.len() == 1 && digit.parse::<u8>().is_ok_and(|l| l <= TOP_LEVEL) => {
            Shortcut::Answer(Answer::Level(digit.as_bytes()[0] - b'0'))
        }
        "d" | "D" => Shortcut::Answer(Answer::DontKnow),
        "n" | "N" => Shortcut::Answer(Answer::NotApplicable),
        "x" | "X" | "Backspace" | "Delete" => Shortcut::Clear,
        "j" | "J" | "ArrowDown" => Shortcut::Next,
        "k" | "K" | "ArrowUp" => Shortcut::Previous,
        "h" | "H" | "?" => Shortcut::ToggleHelp,
        "e" | "E" => Shortcut::EditNote,
        "m" | "M" => Shortcut::AgreeMedian,
        "v" | "V" => Shortcut::EditRoom,
        "r" | "R" => Shortcut::EditRationale,
        _ => return None,
    })
}

const _: () = assert!(TOP_LEVEL == 3, "the legend names the level keys 0-3");

/// The legend shown beside the questions: keys and what they do.
pub const LEGEND: &[(&str, &str)] = &[
    ("0-3", "answer with that level"),
    ("D", "don't know"),
    ("N", "not applicable"),
    ("X", "clear the answer"),
    ("J / ↓", "next question"),
    ("K / ↑", "previous question"),
    ("H", "facilitator help"),
    ("E", "write a note (Esc to leave it)"),
];

/// More keys, shown while the assessment collects the room's answers.
pub const ROOM_LEGEND: &[(&str, &str)] = &[
    ("V", "type the room's answers (Enter saves)"),
    ("M", "agree the room's median"),
    ("R", "write why the room agreed"),
];

/// The legend's rows as HTML (`<dt><kbd>key</kbd></dt><dd>what it does</dd>` each), the
/// room's keys last when `with_room`. The Questions view sets it as the list's content in
/// one go: built as a view, its rows were code and work of their own for a list that never
/// changes but for the room's keys.
pub fn legend_html(with_room: bool) -> String {
    let rooms: &[(&str, &str)] = if with_room { ROOM_LEGEND } else { &[] };
    let mut html = String::new();
    for (key, what) in LEGEND.iter().chain(rooms) {
        html.push_str("<dt><kbd>");
        push_text(&mut html, key);
        html.push_str("</kbd></dt><dd>");
        push_text(&mut html, what);
        html.push_str("</dd>");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_lists_every_key_once_and_the_room_s_keys_last() {
        let without = legend_html(false);
        let with = legend_html(true);
        assert!(without.starts_with("<dt><kbd>0-3</kbd></dt><dd>answer with that level</dd>"));
        assert_eq!(without.matches("<dt>").count(), LEGEND.len());
        assert!(with.starts_with(&without));
        assert!(with.ends_with("<dt><kbd>R</kbd></dt><dd>write why the room agreed</dd>"));
        assert_eq!(
            with.matches("<dt>").count(),
            LEGEND.len() + ROOM_LEGEND.len()
        );
        let mut escaped = String::new();
        push_text(&mut escaped, "a < b & c > d");
        assert_eq!(escaped, "a &lt; b &amp; c &gt; d");
    }

    #[test]
    fn keys_map_to_answers_and_moves() {
        assert_eq!(shortcut_for("2"), Some(Shortcut::Answer(Answer::Level(2))));
        assert_eq!(shortcut_for("D"), Some(Shortcut::Answer(Answer::DontKnow)));
        assert_eq!(
            shortcut_for("n"),
            Some(Shortcut::Answer(Answer::NotApplicable))
        );
        assert_eq!(shortcut_for("ArrowDown"), Some(Shortcut::Next));
        assert_eq!(shortcut_for("k"), Some(Shortcut::Previous));
        assert_eq!(shortcut_for("M"), Some(Shortcut::AgreeMedian));
        assert_eq!(shortcut_for("v"), Some(Shortcut::EditRoom));
        assert_eq!(shortcut_for("r"), Some(Shortcut::EditRationale));
        assert_eq!(shortcut_for("4"), None);
        assert_eq!(shortcut_for("Enter"), None);
    }
}
