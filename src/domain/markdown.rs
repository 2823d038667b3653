//! The report outline as Markdown, ready to paste into a proposal.
//!
//! Every text that comes from a person or a questionnaire file is escaped: Markdown
//! punctuation is backslashed, a line that would start a heading, a list, a setext
//! underline (`===`, `---`) or a numbered item is defused, `&` cannot form an entity, and
//! invisible direction or width characters are shown (see [`super::text`]).

use super::assessment::Assessment;
use super::outline::{outline, Content, Item, Outline, Section, Span, Table};
use super::questionnaire::Questionnaire;
use super::report::Report;
use super::roadmap::Roadmap;
use super::text::visible;
use std::fmt::Write;

/// The complete report: result, why this level, scores, gaps, follow-ups, roadmap, notes.
pub fn report_markdown(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    report: &Report,
    roadmap: &Roadmap,
) -> String {
    render(&outline(questionnaire, assessment, report, roadmap))
}

/// Renders an outline.
pub fn render(outline: &Outline) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", inline(&outline.title));
    let _ = writeln!(md, "{}\n", line(&outline.byline));
    for section in &outline.sections {
        render_section(&mut md, section, 2);
    }
    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

fn render_section(md: &mut String, section: &Section, depth: usize) {
    let _ = writeln!(md, "{} {}\n", "#".repeat(depth), inline(&section.title));
    for block in &section.blocks {
        match &block.content {
            Content::Lead(text) => {
                let _ = writeln!(md, "**{}**\n", inline(text));
            }
            Content::Paragraph(spans) => {
                let _ = writeln!(md, "{}\n", spans_md(spans));
            }
            Content::List(items) => {
                for item in items {
                    render_item(md, item, 0);
                }
                md.push('\n');
            }
            Content::Table(table) => render_table(md, table),
            Content::Quote(lines) => {
                for text_line in lines {
                    let _ = writeln!(md, "> {}", self::line(text_line.trim_end()));
                }
                md.push('\n');
            }
        }
    }
    for subsection in &section.subsections {
        render_section(md, subsection, depth + 1);
    }
}

fn render_item(md: &mut String, item: &Item, indent: usize) {
    let _ = writeln!(md, "{}- {}", "  ".repeat(indent), spans_md(&item.spans));
    for child in &item.children {
        render_item(md, child, indent + 1);
    }
}

fn render_table(md: &mut String, table: &Table) {
    let cells = |row: &[String]| {
        let escaped: Vec<String> = row.iter().map(|c| inline(c)).collect();
        format!("| {} |", escaped.join(" | "))
    };
    let _ = writeln!(md, "{}", cells(&table.header));
    let rule: Vec<&str> = table
        .numeric
        .iter()
        .map(|&n| if n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(md, "| {} |", rule.join(" | "));
    for row in &table.rows {
        let _ = writeln!(md, "{}", cells(row));
    }
    md.push('\n');
}

/// Spans that start a line: the first one is escaped as a line start.
fn spans_md(spans: &[Span]) -> String {
    let mut out = String::new();
    for (position, span) in spans.iter().enumerate() {
        let escape = if position == 0 { line } else { inline };
        match span {
            Span::Text(text) | Span::Muted(text) => out.push_str(&escape(text)),
            Span::Strong(text) => {
                // Emphasis markers must touch the text: keep spaces outside them.
                let trimmed = text.trim_end();
                let _ = write!(out, "**{}**{}", inline(trimmed), &text[trimmed.len()..]);
            }
        }
    }
    out
}

/// Escapes Markdown in a single-line text and folds line breaks into spaces.
pub fn inline(text: &str) -> String {
    let text = visible(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // `&amp;` or `&#x202E;` would be read as a character reference.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escaped text that starts a line: a leading `-`, `+` or `=` (a list item or a setext
/// underline) and a leading `1.` or `1)` (a numbered item) are defused too.
pub fn line(text: &str) -> String {
    let mut out = inline(text);
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.len() - out.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{inline, line};

    #[test]
    fn line_starts_are_defused() {
        assert_eq!(line("=== x"), "\\=== x");
        assert_eq!(line("- item"), "\\- item");
        assert_eq!(line("+ item"), "\\+ item");
        assert_eq!(line("# h"), "\\# h");
        assert_eq!(line("12. x"), "12\\. x");
        assert_eq!(line("3) x"), "3\\) x");
        assert_eq!(inline("1.50"), "1.50");
        assert_eq!(inline("data-driven"), "data-driven");
        assert_eq!(
            inline("R&D & ops &#x202E; &amp;"),
            "R\\&D & ops \\&\\#x202E; \\&amp;"
        );
    }
}
