//! The three result charts, drawn with plotters' SVG backend into strings.
//!
//! - [`radar`]: area scores against the target level, one axis per area (three or more);
//! - [`gap_bars`]: the weighted gaps, largest first, each labelled with its share;
//! - [`timeline`]: the roadmap as a Gantt chart, each phase from its earliest start to its
//!   earliest end (solid) and on to its latest end (light), on a week axis with dates.
//!
//! Colours come from the Okabe-Ito palette, which stays distinguishable with the common
//! colour-vision deficiencies. Each SVG starts with a `<title>` and `<desc>` saying what it
//! shows, for screen readers and for the exported file. Everything is drawn with plain
//! shapes and text at fixed positions, so the output is deterministic.
//!
//! Why not plotters' `ChartBuilder` (axes, mesh, legend): it sizes labels with the font
//! backend, which in the browser (wasm32 without the `ttf` feature) measures text by adding
//! an element with an inline `style` attribute to the page. The site's Content-Security-
//! Policy (`style-src 'self'`) blocks that, and the end-to-end tests fail on the console
//! error it logs. Embedding a font for native measurement would cost far more wasm than
//! these few hand-placed labels.

use super::questionnaire::TOP_LEVEL;
use super::report::Report;
use super::roadmap::Roadmap;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::f64::consts::PI;

/// Okabe-Ito blue: the current scores.
const SCORE: RGBColor = RGBColor(0, 114, 178);
/// Okabe-Ito vermillion: the target.
const TARGET: RGBColor = RGBColor(213, 94, 0);
/// Okabe-Ito bluish green: the earliest extent of a phase.
const EARLIEST: RGBColor = RGBColor(0, 158, 115);
const INK: RGBColor = RGBColor(27, 31, 36);
const GRID: RGBColor = RGBColor(197, 204, 214);
const FONT: &str = "sans-serif";

/// A chart ready to show or save.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// A file-name friendly id: `radar`, `gaps` or `timeline`.
    pub id: &'static str,
    pub title: String,
    /// What the chart shows in words, values included (also the SVG's `<desc>`).
    pub desc: String,
    pub svg: String,
}

/// plotters' SVG backend writes a font's size divided by 1.24 (points from pixels), so a
/// font asked for at `size` pixels is given as `size × 1.24`: the SVG then says `size`.
const SVG_FONT_SCALE: f64 = 1.24;

/// Text of `size` pixels as the SVG draws it (see [`SVG_FONT_SCALE`]).
fn text_style(size: f64, color: &RGBColor) -> TextStyle<'static> {
    (FONT, size * SVG_FONT_SCALE).into_font().color(color)
}

/// Escapes text for use inside SVG/XML.
fn xml(text: &str) -> String {
    super::text::visible(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Puts `<title>` and `<desc>` first inside the `<svg>` element and marks it as an image.
fn label(svg: String, title: &str, desc: &str) -> String {
    let Some(open_end) = svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|i| start + i))
    else {
        return svg;
    };
    format!(
        "{} role=\"img\"><title>{}</title><desc>{}</desc>{}",
        &svg[..open_end],
        xml(title),
        xml(desc),
        &svg[open_end + 1..]
    )
}

/// Shortens long labels so they stay inside the chart.
/// Invisible direction characters are shown, as in every export.
fn short(text: &str, max: usize) -> String {
    let text = super::text::visible(text);
    if text.chars().count() <= max {
        text
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// Okabe-Ito reddish purple: an earlier assessment's scores.
const PREVIOUS: RGBColor = RGBColor(204, 121, 167);
/// The benchmark band (the middle half of the agency's assessments).
const BAND: RGBColor = RGBColor(210, 214, 220);

/// The middle half of the agency's assessments: how many, and per area the first and third
/// quartile (`None` where nobody scored the area).
pub type BandRange = (usize, Vec<Option<(f64, f64)>>);

/// What a radar can show besides the current scores and the target.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RadarExtras {
    /// An earlier assessment's area scores (in questionnaire order) and its label.
    pub previous: Option<(String, Vec<Option<f64>>)>,
    /// Per area, the first and third quartile of the agency's assessments, and how many
    /// assessments they come from.
    pub band: Option<BandRange>,
}

/// The radar's shapes, shared by the wide and the narrow radar: the agency's band (under
/// the grid), the level rings (numbered when `numbered`), the axes, the target, an earlier
/// assessment's scores and the current scores, around `centre` (x, y, radius).
fn radar_shapes(
    root: &Canvas,
    report: &Report,
    extras: &RadarExtras,
    (cx, cy, radius): (f64, f64, f64),
    numbered: bool,
) {
    let n = report.areas.len().max(3);
    let point = |axis: usize, value: f64| {
        let angle = -PI / 2.0 + 2.0 * PI * axis as f64 / n as f64;
        let r = radius * value / f64::from(TOP_LEVEL);
        (
            (cx + r * angle.cos()).round() as i32,
            (cy + r * angle.sin()).round() as i32,
        )
    };
    // The band first, under the grid: the third quartile's ring filled, the first
    // quartile's ring cut out of it in white.
    if let Some((_, quartiles)) = &extras.band {
        let high: Vec<(i32, i32)> = (0..n)
            .map(|i| point(i, quartiles.get(i).copied().flatten().map_or(0.0, |q| q.1)))
            .collect();
        let low: Vec<(i32, i32)> = (0..n)
            .map(|i| point(i, quartiles.get(i).copied().flatten().map_or(0.0, |q| q.0)))
            .collect();
        let _ = root.draw(&Polygon::new(high, BAND.filled()));
        let _ = root.draw(&Polygon::new(low, WHITE.filled()));
    }
    for level in 1..=TOP_LEVEL {
        let ring: Vec<(i32, i32)> = (0..=n).map(|i| point(i % n, f64::from(level))).collect();
        let _ = root.draw(&PathElement::new(ring, GRID.stroke_width(1)));
        if numbered {
            let (x, y) = point(0, f64::from(level));
            let _ = root.draw(&Text::new(
                level.to_string(),
                (x + 6, y),
                text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
        }
    }
    for axis in 0..n {
        let _ = root.draw(&PathElement::new(
            vec![point(axis, 0.0), point(axis, f64::from(TOP_LEVEL))],
            GRID.stroke_width(1),
        ));
    }
    let target: Vec<(i32, i32)> = (0..n).map(|i| point(i, f64::from(report.target))).collect();
    let mut target_outline = target.clone();
    target_outline.push(target[0]);
    let _ = root.draw(&PathElement::new(target_outline, TARGET.stroke_width(3)));
    if let Some((_, earlier)) = &extras.previous {
        let mut ring: Vec<(i32, i32)> = (0..n)
            .map(|i| point(i, earlier.get(i).copied().flatten().unwrap_or(0.0)))
            .collect();
        ring.push(ring[0]);
        let _ = root.draw(&PathElement::new(ring, PREVIOUS.stroke_width(3)));
    }
    let scores: Vec<(i32, i32)> = (0..n)
        .map(|i| point(i, report.areas.get(i).and_then(|a| a.score).unwrap_or(0.0)))
        .collect();
    let _ = root.draw(&Polygon::new(scores.clone(), SCORE.mix(0.25).filled()));
    let mut outline = scores.clone();
    outline.push(scores[0]);
    let _ = root.draw(&PathElement::new(outline, SCORE.stroke_width(3)));
}

/// Radar of area scores (0 to the top level) against the target level.
pub fn radar(report: &Report) -> Chart {
    radar_with(report, &RadarExtras::default())
}

/// The radar with an earlier assessment's scores and the agency's band when given.
pub fn radar_with(report: &Report, extras: &RadarExtras) -> Chart {
    let title = format!("Area scores against target level {}", report.target);
    let values: Vec<String> = report
        .areas
        .iter()
        .map(|a| match a.score {
            Some(s) => format!("{} {s:.2}", a.title),
            None => format!("{} not scored", a.title),
        })
        .collect();
    let mut desc = format!("Radar chart. {}.", values.join("; "));
    if let Some((label, scores)) = &extras.previous {
        let earlier: Vec<String> = report
            .areas
            .iter()
            .zip(scores)
            .map(|(a, s)| match s {
                Some(s) => format!("{} {s:.2}", a.title),
                None => format!("{} not scored", a.title),
            })
            .collect();
        desc.push_str(&format!(" {label}: {}.", earlier.join("; ")));
    }
    if let Some((count, quartiles)) = &extras.band {
        let parts: Vec<String> = report
            .areas
            .iter()
            .zip(quartiles)
            .filter_map(|(a, q)| q.map(|(low, high)| format!("{} {low:.2}-{high:.2}", a.title)))
            .collect();
        desc.push_str(&format!(
            " Middle half of {count} assessments by this agency: {}.",
            parts.join("; ")
        ));
    }
    let (width, height) = (760u32, 520u32);
    let svg = svg_of((width, height), |root| {
        let n = report.areas.len().max(3);
        let (cx, cy, radius) = (380.0, 270.0, 180.0);
        let point = |axis: usize, value: f64| {
            let angle = -PI / 2.0 + 2.0 * PI * axis as f64 / n as f64;
            let r = radius * value / f64::from(TOP_LEVEL);
            (
                (cx + r * angle.cos()).round() as i32,
                (cy + r * angle.sin()).round() as i32,
            )
        };
        radar_shapes(root, report, extras, (cx, cy, radius), true);
        for (axis, area) in report.areas.iter().enumerate() {
            let angle = -PI / 2.0 + 2.0 * PI * axis as f64 / n as f64;
            let (x, y) = point(axis, f64::from(TOP_LEVEL) * 1.15);
            let h = if angle.cos() > 0.3 {
                HPos::Left
            } else if angle.cos() < -0.3 {
                HPos::Right
            } else {
                HPos::Center
            };
            let score = area
                .score
                .map(|s| format!(" {s:.1}"))
                .unwrap_or_else(|| " –".into());
            let _ = root.draw(&Text::new(
                format!("{}{score}", short(&area.title, 22)),
                (x, y),
                text_style(15.0, &INK).pos(Pos::new(h, VPos::Center)),
            ));
        }
        let _ = root.draw(&Rectangle::new([(20, 16), (40, 30)], SCORE.filled()));
        let _ = root.draw(&Text::new(
            "Current score",
            (46, 23),
            text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ));
        let _ = root.draw(&Rectangle::new([(180, 21), (200, 25)], TARGET.filled()));
        let _ = root.draw(&Text::new(
            format!("Target level {}", report.target),
            (206, 23),
            text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ));
        if let Some((label, _)) = &extras.previous {
            let _ = root.draw(&Rectangle::new([(330, 21), (350, 25)], PREVIOUS.filled()));
            let _ = root.draw(&Text::new(
                short(label, 24),
                (356, 23),
                text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
        }
        if let Some((count, _)) = &extras.band {
            let _ = root.draw(&Rectangle::new([(20, 40), (40, 54)], BAND.filled()));
            let _ = root.draw(&Text::new(
                format!("Middle half of {count} assessments by this agency"),
                (46, 47),
                text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
        }
    });
    Chart {
        id: "radar",
        svg: label(svg, &title, &desc),
        title,
        desc,
    }
}

/// Horizontal bars of the weighted gaps, largest first, with their share of the total.
pub fn gap_bars(report: &Report) -> Chart {
    let title = format!("Weighted gaps to level {}", report.target);
    let gaps: Vec<_> = report.gaps.iter().filter(|g| g.gap > 0.0).collect();
    let desc = if gaps.is_empty() {
        "Bar chart. No area has a gap to the target.".to_string()
    } else {
        let parts: Vec<String> = gaps
            .iter()
            .map(|g| format!("{} {:.2} ({:.0}%)", g.title, g.gap, g.share * 100.0))
            .collect();
        format!("Bar chart, largest gap first. {}.", parts.join("; "))
    };
    let row = 44u32;
    let (width, height) = (640u32, 60 + row * gaps.len().max(1) as u32);
    let svg = svg_of((width, height), |root| {
        let (left, right) = (210i32, 560i32);
        let largest = gaps
            .iter()
            .map(|g| g.gap)
            .fold(0.0, f64::max)
            .max(f64::EPSILON);
        if gaps.is_empty() {
            let _ = root.draw(&Text::new(
                "No gap: every scored area is at or above the target.",
                (20, 40),
                text_style(16.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
        }
        for (i, gap) in gaps.iter().enumerate() {
            let top = 30 + (i as u32 * row) as i32;
            let end = left + ((right - left) as f64 * gap.gap / largest).round() as i32;
            let _ = root.draw(&Text::new(
                short(&gap.title, 24),
                (left - 10, top + 14),
                text_style(15.0, &INK).pos(Pos::new(HPos::Right, VPos::Center)),
            ));
            let _ = root.draw(&Rectangle::new(
                [(left, top), (end.max(left + 2), top + 28)],
                SCORE.filled(),
            ));
            let _ = root.draw(&Text::new(
                format!("{:.2} ({:.0}%)", gap.gap, gap.share * 100.0),
                (end + 8, top + 14),
                text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
        }
    });
    Chart {
        id: "gaps",
        svg: label(svg, &title, &desc),
        title,
        desc,
    }
}

/// Abbreviated month names for axis labels.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn short_date(date: super::date::Date) -> String {
    let (_, month, day) = date.ymd();
    format!("{day} {}", MONTHS[(month - 1) as usize])
}

/// The roadmap as a Gantt chart on a week axis with calendar dates.
pub fn timeline(roadmap: &Roadmap) -> Chart {
    let title = format!("Roadmap timeline: {}", roadmap.total_range());
    let desc = if roadmap.phases.is_empty() {
        "Gantt chart. No phase: the target is already reached.".to_string()
    } else {
        let parts: Vec<String> = roadmap
            .phases
            .iter()
            .map(|p| {
                format!(
                    "level {} to {}: {}-{} weeks, ending between {} and {}",
                    p.from, p.to, p.min_weeks, p.max_weeks, p.earliest_end, p.latest_end
                )
            })
            .collect();
        format!("Gantt chart from {}. {}.", roadmap.start, parts.join("; "))
    };
    let row = 48u32;
    let (width, height) = (720u32, 130 + row * roadmap.phases.len().max(1) as u32);
    let svg = svg_of((width, height), |root| {
        let (left, right) = (150i32, 690i32);
        let weeks = roadmap.max_weeks.max(1);
        let x = |week: u32| {
            left + ((right - left) as f64 * f64::from(week) / f64::from(weeks)).round() as i32
        };
        let axis_y = 30 + (row * roadmap.phases.len().max(1) as u32) as i32 + 10;
        let step = match weeks {
            0..=12 => 2,
            13..=26 => 4,
            27..=52 => 8,
            _ => 12,
        };
        let mut week = 0;
        while week <= weeks {
            let _ = root.draw(&PathElement::new(
                vec![(x(week), 24), (x(week), axis_y)],
                GRID.stroke_width(1),
            ));
            let _ = root.draw(&Text::new(
                format!("w{week}"),
                (x(week), axis_y + 14),
                text_style(14.0, &INK).pos(Pos::new(HPos::Center, VPos::Center)),
            ));
            let _ = root.draw(&Text::new(
                short_date(roadmap.start.add_weeks(week)),
                (x(week), axis_y + 32),
                text_style(14.0, &INK).pos(Pos::new(HPos::Center, VPos::Center)),
            ));
            week += step;
        }
        if roadmap.phases.is_empty() {
            let _ = root.draw(&Text::new(
                "No phase: the target is already reached.",
                (left, 50),
                text_style(16.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
        }
        let mut earliest = 0u32;
        let mut latest = 0u32;
        for (i, phase) in roadmap.phases.iter().enumerate() {
            let top = 30 + (i as u32 * row) as i32;
            let _ = root.draw(&Text::new(
                format!("Level {} → {}", phase.from, phase.to),
                (left - 10, top + 16),
                text_style(15.0, &INK).pos(Pos::new(HPos::Right, VPos::Center)),
            ));
            // Light: from the earliest start to the latest end. Solid: the best case, from
            // the earliest start to the earliest end.
            let start = earliest;
            earliest += phase.min_weeks;
            latest += phase.max_weeks;
            let _ = root.draw(&Rectangle::new(
                [(x(start), top), (x(latest), top + 32)],
                EARLIEST.mix(0.25).filled(),
            ));
            let _ = root.draw(&Rectangle::new(
                [
                    (x(start), top + 6),
                    (x(earliest).max(x(start) + 2), top + 26),
                ],
                EARLIEST.filled(),
            ));
            let _ = root.draw(&Text::new(
                format!("{}-{} wk", phase.min_weeks, phase.max_weeks),
                (x(latest) - 4, top + 16),
                text_style(14.0, &INK).pos(Pos::new(HPos::Right, VPos::Center)),
            ));
        }
        let legend_y = height as i32 - 14;
        let _ = root.draw(&Rectangle::new(
            [(left, legend_y - 7), (left + 20, legend_y + 7)],
            EARLIEST.filled(),
        ));
        let _ = root.draw(&Text::new(
            "Best case",
            (left + 26, legend_y),
            text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ));
        let _ = root.draw(&Rectangle::new(
            [(left + 130, legend_y - 7), (left + 150, legend_y + 7)],
            EARLIEST.mix(0.25).filled(),
        ));
        let _ = root.draw(&Text::new(
            "Up to the latest end",
            (left + 156, legend_y),
            text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ));
    });
    Chart {
        id: "timeline",
        svg: label(svg, &title, &desc),
        title,
        desc,
    }
}

/// One cell of a heat map from `(x, top)`, `width` by `height`: shaded by `strength` (0 to
/// 1; `None` leaves it white, darker is more), framed, with `label` centred (white on the
/// darker shades, none when empty).
fn heat_cell(
    root: &Canvas,
    (x, top, width, height): (i32, i32, i32, i32),
    strength: Option<f64>,
    label: &str,
    size: f64,
) {
    let fill = match strength {
        Some(s) => SCORE.mix(0.15 + 0.85 * s).filled(),
        None => WHITE.filled(),
    };
    let _ = root.draw(&Rectangle::new(
        [(x + 1, top + 1), (x + width - 1, top + height - 1)],
        fill,
    ));
    let _ = root.draw(&Rectangle::new(
        [(x, top), (x + width, top + height)],
        GRID.stroke_width(1),
    ));
    if !label.is_empty() {
        let ink = if strength.unwrap_or(0.0) > 0.55 {
            WHITE
        } else {
            INK
        };
        let _ = root.draw(&Text::new(
            label.to_string(),
            (x + width / 2, top + height / 2),
            text_style(size, &ink).pos(Pos::new(HPos::Center, VPos::Center)),
        ));
    }
}

/// One portfolio row as the heat map shows it, wide or narrow: per area the score's label
/// and the cell's strength (score over the top level), then the level and the index (with
/// `index_decimals`); "–" where there is none.
fn portfolio_cells(
    line: &super::progress::PortfolioRow,
    index_decimals: usize,
) -> (Vec<(String, Option<f64>)>, [String; 2]) {
    let none = || "–".to_string();
    let cells = line
        .areas
        .iter()
        .map(|score| {
            (
                score.map(|s| format!("{s:.1}")).unwrap_or_else(none),
                score.map(|s| s / f64::from(TOP_LEVEL)),
            )
        })
        .collect();
    let tail = [
        line.level.map(|l| l.to_string()).unwrap_or_else(none),
        line.index
            .map(|i| format!("{i:.index_decimals$}"))
            .unwrap_or_else(none),
    ];
    (cells, tail)
}

/// The portfolio as a heat map: one row per assessment (client and date), one column per
/// area with its score, then the level and index.
pub fn portfolio_heatmap(
    questionnaire: &super::questionnaire::Questionnaire,
    rows: &[super::progress::PortfolioRow],
) -> Chart {
    let title = format!("Portfolio: {} assessment(s) by area", rows.len());
    let parts: Vec<String> = rows
        .iter()
        .map(|r| {
            let level = r
                .level
                .map(|l| format!("level {l}"))
                .unwrap_or_else(|| "no level".into());
            format!(
                "{} {}: {level}",
                r.client,
                r.date.map(|d| d.to_string()).unwrap_or_default()
            )
        })
        .collect();
    let desc = format!(
        "Heat map of area scores per client, darker is higher. {}.",
        parts.join("; ")
    );
    let areas = questionnaire.areas.len() as i32;
    let (left, cell, row) = (230i32, 64i32, 30i32);
    let width = (left + cell * (areas + 2) + 20) as u32;
    let height = (100 + row * rows.len().max(1) as i32) as u32;
    let svg = svg_of((width, height), |root| {
        let headers = questionnaire
            .areas
            .iter()
            .map(|a| short(&a.title, 7))
            .chain(["Level".to_string(), "Index".to_string()]);
        for (i, header) in headers.enumerate() {
            let _ = root.draw(&Text::new(
                header,
                (left + cell * i as i32 + cell / 2, 80),
                text_style(14.0, &INK).pos(Pos::new(HPos::Center, VPos::Center)),
            ));
        }
        for (r, line) in rows.iter().enumerate() {
            let top = 92 + row * r as i32;
            let date = line.date.map(|d| format!(" {d}")).unwrap_or_default();
            let _ = root.draw(&Text::new(
                format!("{}{date}", short(&line.client, 16)),
                (left - 10, top + row / 2),
                text_style(14.0, &INK).pos(Pos::new(HPos::Right, VPos::Center)),
            ));
            let (cells, tail) = portfolio_cells(line, 2);
            for (i, (label, strength)) in cells.into_iter().enumerate() {
                heat_cell(
                    root,
                    (left + cell * i as i32, top, cell, row),
                    strength,
                    &label,
                    14.0,
                );
            }
            for (k, text) in tail.into_iter().enumerate() {
                let _ = root.draw(&Text::new(
                    text,
                    (left + cell * (areas + k as i32) + cell / 2, top + row / 2),
                    text_style(14.0, &INK).pos(Pos::new(HPos::Center, VPos::Center)),
                ));
            }
        }
        let _ = root.draw(&Text::new(
            title.clone(),
            (12, 24),
            text_style(16.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ));
    });
    Chart {
        id: "portfolio",
        svg: label(svg, &title, &desc),
        title,
        desc,
    }
}

/// How many questions the room chart shows.
pub const ROOM_ROWS: usize = 12;

/// Where the room disagreed: one row per question (widest spread first), one column per
/// answer, each cell shaded by how many gave that answer and labelled with the count.
/// `None` when the room answered nothing.
pub fn room(
    questionnaire: &super::questionnaire::Questionnaire,
    assessment: &super::assessment::Assessment,
    report: &Report,
) -> Option<Chart> {
    use super::room::{disagreements, room_questions, short_label, ANSWERS};
    let answered = room_questions(questionnaire, assessment, report);
    if answered.is_empty() {
        return None;
    }
    let differing = disagreements(questionnaire, assessment, report);
    // With no disagreement, the chart still shows how the room answered.
    let rows: Vec<_> = if differing.is_empty() {
        answered
    } else {
        differing
    }
    .into_iter()
    .take(ROOM_ROWS)
    .collect();
    let title = "Where the room disagreed".to_string();
    let parts: Vec<String> = rows
        .iter()
        .map(|q| {
            format!(
                "{}: spread {} ({})",
                q.prompt,
                q.spread.unwrap_or(0),
                q.distribution.summary()
            )
        })
        .collect();
    let desc = format!(
        "Heat map of answers per question, widest spread first. {}.",
        parts.join("; ")
    );
    let (left, cell, row) = (330i32, 58i32, 36i32);
    let width = (left + cell * ANSWERS.len() as i32 + 80) as u32;
    let height = (56 + row * rows.len() as i32 + 16) as u32;
    let most = rows
        .iter()
        .flat_map(|q| q.distribution.counts)
        .max()
        .unwrap_or(1)
        .max(1);
    let svg = svg_of((width, height), |root| {
        for (i, answer) in ANSWERS.iter().enumerate() {
            let x = left + cell * i as i32 + cell / 2;
            let _ = root.draw(&Text::new(
                short_label(*answer),
                (x, 34),
                text_style(16.0, &INK).pos(Pos::new(HPos::Center, VPos::Center)),
            ));
        }
        let _ = root.draw(&Text::new(
            "! the room disagrees",
            (12, 34),
            text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ));
        let _ = root.draw(&Text::new(
            "Spread",
            (left + cell * ANSWERS.len() as i32 + 12, 34),
            text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ));
        for (r, question) in rows.iter().enumerate() {
            let top = 56 + row * r as i32;
            let mark = if question.flagged { "! " } else { "" };
            let _ = root.draw(&Text::new(
                format!("{mark}{}", short(&question.prompt, 38)),
                (left - 10, top + row / 2),
                text_style(14.0, &INK).pos(Pos::new(HPos::Right, VPos::Center)),
            ));
            for (i, count) in question.distribution.counts.iter().enumerate() {
                // Shaded by the largest count: darker is more people.
                let strength = (*count > 0).then(|| f64::from(*count) / f64::from(most));
                let label = if *count > 0 {
                    count.to_string()
                } else {
                    String::new()
                };
                heat_cell(
                    root,
                    (left + cell * i as i32, top, cell, row),
                    strength,
                    &label,
                    15.0,
                );
            }
            let _ = root.draw(&Text::new(
                question.spread.unwrap_or(0).to_string(),
                (left + cell * ANSWERS.len() as i32 + 24, top + row / 2),
                text_style(15.0, &INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
        }
    });
    Some(Chart {
        id: "room",
        svg: label(svg, &title, &desc),
        title,
        desc,
    })
}

/// All three charts for a report and its roadmap, in display order.
pub fn all(report: &Report, roadmap: &Roadmap) -> Vec<Chart> {
    vec![radar(report), gap_bars(report), timeline(roadmap)]
}

/// The SVG as a `data:` URL for an `<img>`: the same bytes as the exported file, shown
/// without ever parsing the SVG into the page.
pub fn data_url(svg: &str) -> String {
    let mut url = String::from("data:image/svg+xml;charset=utf-8,");
    for byte in svg.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b' '
            | b'='
            | b':'
            | b'/'
            | b','
            | b';' => url.push(byte as char),
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

// ---- Narrow charts, for phones ----
//
// A chart image is scaled to the width it is shown at, and its text with it: the wide
// charts (640-720 units) shown on a 390-pixel phone would put 14-unit text at 8 pixels.
// The narrow versions are drawn 340 units wide with text of 14 units or more, so shown at
// their own width their smallest text is at least 14 pixels; labels go above bars and rows
// instead of beside them, and the radar numbers its axes with a key below.

/// The width a chart is drawn for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// For screens at least about 700 pixels wide, and print.
    Wide,
    /// For phones: 340 units wide.
    Narrow,
}

/// The width of a narrow chart.
pub const NARROW: u32 = 340;

fn narrow(chart: Chart, draw: impl FnOnce() -> String) -> Chart {
    Chart {
        svg: label(draw(), &chart.title, &chart.desc),
        ..chart
    }
}

/// Where a chart draws: plotters' SVG backend over the whole image.
type Canvas<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Draws on a white canvas of `size` pixels and returns the SVG text: the one place every
/// chart sets up the backend.
fn svg_of(size: (u32, u32), draw: impl FnOnce(&Canvas)) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let _ = root.fill(&WHITE);
        draw(&root);
        let _ = root.present();
    }
    svg
}

fn text_at(root: &Canvas, text: impl Into<String>, at: (i32, i32), size: f64, h: HPos) {
    let _ = root.draw(&Text::new(
        text.into(),
        at,
        text_style(size, &INK).pos(Pos::new(h, VPos::Center)),
    ));
}

/// The radar for the given width.
pub fn radar_sized(report: &Report, extras: &RadarExtras, size: Size) -> Chart {
    let chart = radar_with(report, extras);
    if size == Size::Wide {
        return chart;
    }
    narrow(chart, || {
        let n = report.areas.len().max(3);
        let mut legend = vec![(SCORE, "Current score".to_string())];
        legend.push((TARGET, format!("Target level {}", report.target)));
        if let Some((label, _)) = &extras.previous {
            legend.push((PREVIOUS, short(label, 30)));
        }
        if let Some((count, _)) = &extras.band {
            legend.push((BAND, format!("Middle half of {count} assessments")));
        }
        let top = 10 + 22 * legend.len() as i32;
        let (cx, cy, radius) = (170.0, f64::from(top) + 140.0, 110.0);
        let keys = report.areas.len() as i32;
        let height = (cy as i32 + 150 + 22 * keys) as u32;
        let svg = svg_of((NARROW, height), |root| {
            for (i, (colour, text)) in legend.iter().enumerate() {
                let y = 18 + 22 * i as i32;
                let _ = root.draw(&Rectangle::new([(12, y - 6), (30, y + 6)], colour.filled()));
                text_at(root, text.clone(), (36, y), 14.0, HPos::Left);
            }
            let point = |axis: usize, value: f64| {
                let angle = -PI / 2.0 + 2.0 * PI * axis as f64 / n as f64;
                let r = radius * value / f64::from(TOP_LEVEL);
                (
                    (cx + r * angle.cos()).round() as i32,
                    (cy + r * angle.sin()).round() as i32,
                )
            };
            radar_shapes(root, report, extras, (cx, cy, radius), false);
            for axis in 0..report.areas.len() {
                let at = point(axis, f64::from(TOP_LEVEL) * 1.13);
                text_at(root, (axis + 1).to_string(), at, 15.0, HPos::Center);
            }
            let key_top = cy as i32 + 146;
            for (i, area) in report.areas.iter().enumerate() {
                let score = area
                    .score
                    .map(|s| format!("{s:.1}"))
                    .unwrap_or_else(|| "–".into());
                let y = key_top + 22 * i as i32;
                text_at(
                    root,
                    format!("{}  {}", i + 1, short(&area.title, 28)),
                    (12, y),
                    14.0,
                    HPos::Left,
                );
                text_at(root, score, (328, y), 14.0, HPos::Right);
            }
        });
        svg
    })
}

/// The weighted gap bars for the given width.
pub fn gap_bars_sized(report: &Report, size: Size) -> Chart {
    let chart = gap_bars(report);
    if size == Size::Wide {
        return chart;
    }
    narrow(chart, || {
        let gaps: Vec<_> = report.gaps.iter().filter(|g| g.gap > 0.0).collect();
        let row = 54i32;
        let height = (16 + row * gaps.len().max(1) as i32) as u32;
        let svg = svg_of((NARROW, height), |root| {
            if gaps.is_empty() {
                text_at(
                    root,
                    "No gap: all at or above target.",
                    (12, 30),
                    15.0,
                    HPos::Left,
                );
            }
            let largest = gaps
                .iter()
                .map(|g| g.gap)
                .fold(0.0, f64::max)
                .max(f64::EPSILON);
            for (i, gap) in gaps.iter().enumerate() {
                let top = 10 + row * i as i32;
                text_at(
                    root,
                    short(&gap.title, 22),
                    (12, top + 10),
                    15.0,
                    HPos::Left,
                );
                text_at(
                    root,
                    format!("{:.2} ({:.0}%)", gap.gap, gap.share * 100.0),
                    (328, top + 10),
                    14.0,
                    HPos::Right,
                );
                let end = 12 + (316.0 * gap.gap / largest).round() as i32;
                let _ = root.draw(&Rectangle::new(
                    [(12, top + 22), (end.max(14), top + 42)],
                    SCORE.filled(),
                ));
            }
        });
        svg
    })
}

/// The roadmap timeline for the given width.
pub fn timeline_sized(roadmap: &Roadmap, size: Size) -> Chart {
    let chart = timeline(roadmap);
    if size == Size::Wide {
        return chart;
    }
    narrow(chart, || {
        let row = 58i32;
        let phases = roadmap.phases.len().max(1) as i32;
        let axis_y = 14 + row * phases + 6;
        let height = (axis_y + 84) as u32;
        let svg = svg_of((NARROW, height), |root| {
            let (left, right) = (24i32, 316i32);
            let weeks = roadmap.max_weeks.max(1);
            let x = |week: u32| {
                left + ((right - left) as f64 * f64::from(week) / f64::from(weeks)).round() as i32
            };
            // At most five ticks, so dates never run into each other.
            let step = (weeks.div_ceil(4)).max(1).next_multiple_of(2);
            let mut week = 0;
            while week <= weeks {
                let _ = root.draw(&PathElement::new(
                    vec![(x(week), 10), (x(week), axis_y)],
                    GRID.stroke_width(1),
                ));
                text_at(
                    root,
                    format!("w{week}"),
                    (x(week), axis_y + 14),
                    14.0,
                    HPos::Center,
                );
                text_at(
                    root,
                    short_date(roadmap.start.add_weeks(week)),
                    (x(week), axis_y + 34),
                    14.0,
                    HPos::Center,
                );
                week += step;
            }
            if roadmap.phases.is_empty() {
                text_at(
                    root,
                    "No phase: target reached.",
                    (left, 34),
                    15.0,
                    HPos::Left,
                );
            }
            let (mut earliest, mut latest) = (0u32, 0u32);
            for (i, phase) in roadmap.phases.iter().enumerate() {
                let top = 14 + row * i as i32;
                text_at(
                    root,
                    format!("Level {} → {}", phase.from, phase.to),
                    (left, top + 8),
                    15.0,
                    HPos::Left,
                );
                text_at(
                    root,
                    format!("{}-{} wk", phase.min_weeks, phase.max_weeks),
                    (right, top + 8),
                    14.0,
                    HPos::Right,
                );
                let start = earliest;
                earliest += phase.min_weeks;
                latest += phase.max_weeks;
                let _ = root.draw(&Rectangle::new(
                    [(x(start), top + 20), (x(latest), top + 46)],
                    EARLIEST.mix(0.25).filled(),
                ));
                let _ = root.draw(&Rectangle::new(
                    [
                        (x(start), top + 25),
                        (x(earliest).max(x(start) + 2), top + 41),
                    ],
                    EARLIEST.filled(),
                ));
            }
            let legend_y = height as i32 - 14;
            let _ = root.draw(&Rectangle::new(
                [(left, legend_y - 7), (left + 18, legend_y + 7)],
                EARLIEST.filled(),
            ));
            text_at(root, "Best case", (left + 24, legend_y), 14.0, HPos::Left);
            let _ = root.draw(&Rectangle::new(
                [(left + 110, legend_y - 7), (left + 128, legend_y + 7)],
                EARLIEST.mix(0.25).filled(),
            ));
            text_at(
                root,
                "To the latest end",
                (left + 134, legend_y),
                14.0,
                HPos::Left,
            );
        });
        svg
    })
}

/// The room's heat map for the given width.
pub fn room_sized(
    questionnaire: &super::questionnaire::Questionnaire,
    assessment: &super::assessment::Assessment,
    report: &Report,
    size: Size,
) -> Option<Chart> {
    use super::room::{disagreements, room_questions, short_label, ANSWERS};
    let chart = room(questionnaire, assessment, report)?;
    if size == Size::Wide {
        return Some(chart);
    }
    Some(narrow(chart, || {
        let answered = room_questions(questionnaire, assessment, report);
        let differing = disagreements(questionnaire, assessment, report);
        let rows: Vec<_> = if differing.is_empty() {
            answered
        } else {
            differing
        }
        .into_iter()
        .take(ROOM_ROWS)
        .collect();
        let (left, cell, row) = (12i32, 40i32, 58i32);
        let most = rows
            .iter()
            .flat_map(|q| q.distribution.counts)
            .max()
            .unwrap_or(1)
            .max(1);
        let height = (56 + row * rows.len() as i32) as u32;
        let svg = svg_of((NARROW, height), |root| {
            text_at(root, "! the room disagrees", (left, 14), 14.0, HPos::Left);
            for (i, answer) in ANSWERS.iter().enumerate() {
                text_at(
                    root,
                    short_label(*answer),
                    (left + cell * i as i32 + cell / 2, 40),
                    15.0,
                    HPos::Center,
                );
            }
            text_at(root, "Spread", (328, 40), 14.0, HPos::Right);
            for (r, question) in rows.iter().enumerate() {
                let top = 56 + row * r as i32;
                let mark = if question.flagged { "! " } else { "" };
                text_at(
                    root,
                    format!("{mark}{}", short(&question.prompt, 36)),
                    (left, top + 8),
                    14.0,
                    HPos::Left,
                );
                for (i, count) in question.distribution.counts.iter().enumerate() {
                    let strength = (*count > 0).then(|| f64::from(*count) / f64::from(most));
                    let label = if *count > 0 {
                        count.to_string()
                    } else {
                        String::new()
                    };
                    heat_cell(
                        root,
                        (left + cell * i as i32, top + 18, cell, 34),
                        strength,
                        &label,
                        15.0,
                    );
                }
                text_at(
                    root,
                    question.spread.unwrap_or(0).to_string(),
                    (316, top + 35),
                    15.0,
                    HPos::Center,
                );
            }
        });
        svg
    }))
}

/// The portfolio heat map for the given width.
pub fn portfolio_sized(
    questionnaire: &super::questionnaire::Questionnaire,
    rows: &[super::progress::PortfolioRow],
    size: Size,
) -> Chart {
    let chart = portfolio_heatmap(questionnaire, rows);
    if size == Size::Wide {
        return chart;
    }
    narrow(chart, || {
        let areas = questionnaire.areas.len() as i32;
        let columns = areas + 2;
        let cell = (316 / columns).min(44);
        let (left, row) = (12i32, 58i32);
        let keys = (areas + 1) / 2;
        let table_top = 30 + 22 * keys + 10;
        let height = (table_top + 30 + row * rows.len().max(1) as i32) as u32;
        let svg = svg_of((NARROW, height), |root| {
            text_at(
                root,
                format!("Portfolio: {} assessment(s)", rows.len()),
                (left, 14),
                15.0,
                HPos::Left,
            );
            for (i, area) in questionnaire.areas.iter().enumerate() {
                let (col, line) = ((i as i32) % 2, (i as i32) / 2);
                text_at(
                    root,
                    format!("{} {}", i + 1, short(&area.title, 18)),
                    (left + 164 * col, 38 + 22 * line),
                    14.0,
                    HPos::Left,
                );
            }
            let headers = (1..=areas)
                .map(|i| i.to_string())
                .chain(["L".to_string(), "Ix".to_string()]);
            for (i, header) in headers.enumerate() {
                text_at(
                    root,
                    header,
                    (left + cell * i as i32 + cell / 2, table_top + 12),
                    14.0,
                    HPos::Center,
                );
            }
            for (r, line) in rows.iter().enumerate() {
                let top = table_top + 30 + row * r as i32;
                let date = line.date.map(|d| format!(" {d}")).unwrap_or_default();
                text_at(
                    root,
                    format!("{}{date}", short(&line.client, 24)),
                    (left, top + 8),
                    14.0,
                    HPos::Left,
                );
                let (cells, tail) = portfolio_cells(line, 1);
                for (i, (label, strength)) in cells.into_iter().enumerate() {
                    heat_cell(
                        root,
                        (left + cell * i as i32, top + 18, cell, 34),
                        strength,
                        &label,
                        14.0,
                    );
                }
                for (k, text) in tail.into_iter().enumerate() {
                    text_at(
                        root,
                        text,
                        (left + cell * (areas + k as i32) + cell / 2, top + 35),
                        14.0,
                        HPos::Center,
                    );
                }
            }
        });
        svg
    })
}

/// All three report charts for the given width.
pub fn all_sized(report: &Report, roadmap: &Roadmap, size: Size) -> Vec<Chart> {
    vec![
        radar_sized(report, &RadarExtras::default(), size),
        gap_bars_sized(report, size),
        timeline_sized(roadmap, size),
    ]
}
