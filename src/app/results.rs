//! Live results: the level and why, the index, weighted gaps and the roadmap, all read
//! from the report and roadmap memos.
//!
//! The report body is rebuilt as a whole whenever the report changes, with the small DOM
//! builder in `platform::dom` rather than `view!`: it is large, read-only and replaced
//! wholesale, which is exactly where generic view code costs the most wasm.

use super::state::{Notice, Workshop};
use crate::domain::charts::{self, data_url};
use crate::domain::csv_export::{answers_csv, report_json};
use crate::domain::markdown::report_markdown;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::report::Report;
use crate::domain::roadmap::Roadmap;
use crate::platform::dom::{el, replace_children, Node};
use crate::platform::download::{download_text, file_stem};
use leptos::prelude::*;

/// "Level 1: ML pipeline automation".
pub fn level_title(questionnaire: &Questionnaire, level: u8) -> String {
    match questionnaire.level_name(level) {
        "" => format!("Level {level}"),
        name => format!("Level {level}: {name}"),
    }
}

/// The level line of a report, or a sentence saying it is not known yet.
fn level_line(questionnaire: &Questionnaire, report: &Report) -> String {
    match report.level {
        Some(level) => level_title(questionnaire, level),
        None => "Level not yet known".to_string(),
    }
}

/// The compact result always visible at the top: level, index, progress.
#[component]
pub fn ResultSummary(workshop: Workshop) -> impl IntoView {
    let report = workshop.report;
    view! {
        <div class="summary" role="status" aria-live="polite">
            <span class="summary-level" data-testid="summary-level">
                {move || workshop.questionnaire.with(|q| report.with(|r| level_line(q, r)))}
            </span>
            <span class="summary-index" data-testid="summary-index">
                {move || report.with(|r| r.index).map(|i| format!("Index {i:.2} / 3")).unwrap_or_default()}
            </span>
            <span class="summary-progress" data-testid="progress">
                {move || report.with(|r| format!("{} of {} answered", r.answered, r.total))}
            </span>
            <Show when=move || report.with(|r| r.provisional)>
                <span class="badge" data-testid="provisional">"Provisional"</span>
            </Show>
        </div>
    }
}

/// Offers `text` as a download named after the assessment, reporting any failure.
fn save(workshop: Workshop, suffix: &str, mime: &str, text: &str) {
    let name = format!("{}{suffix}", file_stem(&workshop.name.get_untracked()));
    if let Err(error) = download_text(&name, mime, text) {
        workshop.notice.set(Some(Notice::error(error, Vec::new())));
    }
}

/// The full results view: exports, the print header, the headline, the charts and the
/// report body.
#[component]
pub fn ResultsPage(workshop: Workshop) -> impl IntoView {
    let (report, roadmap) = (workshop.report, workshop.roadmap);
    let charts = Memo::new(move |_| report.with(|r| roadmap.with(|m| charts::all(r, m))));
    let markdown = move |_| {
        let text = workshop.questionnaire.with(|q| {
            workshop
                .assessment
                .with(|a| report.with(|r| roadmap.with(|m| report_markdown(q, a, r, m))))
        });
        save(workshop, "-report.md", "text/markdown;charset=utf-8", &text);
    };
    let csv = move |_| {
        let text = workshop.questionnaire.with(|q| {
            workshop
                .assessment
                .with(|a| report.with(|r| answers_csv(q, a, r)))
        });
        save(workshop, "-answers.csv", "text/csv;charset=utf-8", &text);
    };
    let json = move |_| {
        let text = report.with(|r| roadmap.with(|m| report_json(r, m)));
        save(workshop, "-report.json", "application/json", &text);
    };
    let assessment_file = move |_| workshop.export_assessment(&workshop.current_entry());
    let print = move |_| {
        let _ = window().print();
    };
    let prepared = move || {
        workshop.assessment.with(|a| {
            let mut parts = Vec::new();
            if !a.agency.trim().is_empty() {
                parts.push(format!("Prepared by {}", a.agency));
            }
            if !a.client.trim().is_empty() {
                parts.push(format!("for {}", a.client));
            }
            let date = a.date.unwrap_or_else(crate::platform::clock::today);
            parts.push(format!("on {date}"));
            parts.join(" ")
        })
    };
    let figures = (0..3)
        .map(|index| {
            let chart = move || charts.with(|c| c.get(index).cloned());
            let download = move |_| {
                if let Some(chart) = chart() {
                    save(workshop, &format!("-{}.svg", chart.id), "image/svg+xml", &chart.svg);
                }
            };
            view! {
                <figure class="chart" data-testid="chart">
                    <img
                        src=move || chart().map(|c| data_url(&c.svg)).unwrap_or_default()
                        alt=move || chart().map(|c| format!("{}. {}", c.title, c.desc)).unwrap_or_default()
                    />
                    <figcaption>
                        {move || chart().map(|c| c.title).unwrap_or_default()}
                        " "
                        <button type="button" class="export" on:click=download>"Download SVG"</button>
                    </figcaption>
                </figure>
            }
        })
        .collect_view();
    let head = NodeRef::<leptos::html::Div>::new();
    let body = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let (Some(head), Some(body)) = (head.get(), body.get()) else {
            return;
        };
        workshop.questionnaire.with(|q| {
            report.with(|r| {
                replace_children(&head, render_headline(q, r));
                roadmap.with(|m| replace_children(&body, render_details(r, m)));
            })
        });
    });
    view! {
        <div class="results-page">
            <div class="exports" role="group" aria-label="Export">
                <button type="button" class="export" data-testid="print" on:click=print>"Print / save as PDF"</button>
                <button type="button" class="export" data-testid="export-markdown" on:click=markdown>"Report (Markdown)"</button>
                <button type="button" class="export" data-testid="export-csv" on:click=csv>"Answers and gaps (CSV)"</button>
                <button type="button" class="export" data-testid="export-json" on:click=json>"Report (JSON)"</button>
                <button type="button" class="export" data-testid="export-assessment" on:click=assessment_file>"Assessment file (JSON)"</button>
            </div>
            <header class="print-header">
                <p class="print-title">{move || workshop.questionnaire.with(|q| q.title.clone())}</p>
                <p data-testid="prepared">{prepared}</p>
            </header>
            <div node_ref=head></div>
            <section class="charts">
                <h2>"Charts"</h2>
                <div class="chart-grid">{figures}</div>
            </section>
            <div node_ref=body></div>
        </div>
    }
}

fn section(title: &str) -> Node {
    el("section").child(el("h2").text(title))
}

fn list(items: impl IntoIterator<Item = Node>) -> Node {
    el("ul").children(items)
}

/// The level, the index and how complete the answers are.
fn render_headline(questionnaire: &Questionnaire, report: &Report) -> Node {
    let state = if report.provisional {
        "Provisional: "
    } else {
        ""
    };
    el("section")
        .class("headline")
        .child(
            el("p")
                .class("level")
                .attr("data-testid", "result-level")
                .text(&level_line(questionnaire, report)),
        )
        .maybe(report.index.map(|index| {
            el("p")
                .attr("data-testid", "result-index")
                .text(&format!("Maturity index {index:.2} of 3.00"))
        }))
        .child(el("p").text(&format!(
            "{state}{} of {} questions answered. Target: level {}.",
            report.answered, report.total, report.target
        )))
}

/// Why this level, follow-ups, the gap table and the roadmap.
fn render_details(report: &Report, roadmap: &Roadmap) -> Node {
    let why = section("Why this level");
    let why = match report.level {
        None => why.child(el("p").text("Answer at least one question to see a level.")),
        Some(level) => {
            let lead = if level >= 3 {
                "Every scored area is at the top level.".to_string()
            } else {
                format!(
                    "The weakest areas set the level. To reach level {}, lift:",
                    level + 1
                )
            };
            let items = report.bottlenecks.iter().map(|b| {
                el("li")
                    .child(el("strong").text(&b.title))
                    .text(&format!(" scores {:.2}", b.score))
                    .child(list(b.holding.iter().map(|q| {
                        el("li").text(&format!("{} (level {})", q.prompt, q.value))
                    })))
            });
            why.child(el("p").text(&lead)).child(
                list(items)
                    .class("bottlenecks")
                    .attr("data-testid", "bottlenecks"),
            )
        }
    };

    let follow_ups = (!report.follow_ups.is_empty()).then(|| {
        section("Follow-ups (answered Don't know)").child(list(
            report.follow_ups.iter().map(|q| el("li").text(&q.prompt)),
        ))
    });

    let header = ["Rank", "Area", "Score", "Weight", "Gap", "Share"];
    let rows = report
        .gaps
        .iter()
        .filter(|g| g.gap > 0.0)
        .enumerate()
        .map(|(rank, g)| {
            el("tr")
                .child(el("td").text(&(rank + 1).to_string()))
                .child(el("th").attr("scope", "row").text(&g.title))
                .child(el("td").text(&format!("{:.2}", g.score)))
                .child(el("td").text(&format!("{}", g.weight)))
                .child(el("td").text(&format!("{:.2}", g.gap)))
                .child(el("td").text(&format!("{:.0}%", g.share * 100.0)))
        });
    let gaps = section(&format!("Weighted gaps to level {}", report.target)).child(
        el("table")
            .class("gaps")
            .attr("data-testid", "gaps")
            .child(el("thead").child(
                el("tr").children(header.iter().map(|h| el("th").attr("scope", "col").text(h))),
            ))
            .child(el("tbody").children(rows)),
    );

    let total = if roadmap.phases.is_empty() {
        roadmap.total_range()
    } else {
        format!(
            "{}, from {}, done between {} and {}.",
            roadmap.total_range(),
            roadmap.start,
            roadmap.earliest_end,
            roadmap.latest_end
        )
    };
    let phases = roadmap.phases.iter().map(|phase| {
        let areas = phase.areas.iter().map(|area| {
            el("li")
                .child(el("strong").text(&area.title))
                .text(&format!(" (score {:.2})", area.score))
                .child(list(area.actions.iter().map(|a| {
                    el("li").text(&a.prompt).child(
                        el("span")
                            .class("next")
                            .text(&format!(" Now level {}; next: {}", a.current, a.goal)),
                    )
                })))
        });
        let tools = (!phase.tools.is_empty()).then(|| {
            let names: Vec<&str> = phase.tools.iter().map(|t| t.name.as_str()).collect();
            el("p")
                .child(el("strong").text("Suggested tools: "))
                .text(&names.join(", "))
        });
        el("article")
            .class("phase")
            .attr("data-testid", "phase")
            .child(el("h3").text(&format!(
                "Level {} → {} ({}-{} weeks)",
                phase.from, phase.to, phase.min_weeks, phase.max_weeks
            )))
            .child(el("p").text(&format!(
                "Ends between {} and {}. {}",
                phase.earliest_end, phase.latest_end, phase.summary
            )))
            .child(el("h4").text("Priority investments"))
            .child(list(phase.priorities.iter().map(|p| el("li").text(p))))
            .child(
                el("p")
                    .child(el("strong").text(&format!("{}: ", phase.advice_kind.label())))
                    .text(&phase.advice),
            )
            .child(el("h4").text("Areas to lift"))
            .child(list(areas))
            .maybe(tools)
    });
    let plan = section("Roadmap")
        .child(
            el("p")
                .class("total")
                .attr("data-testid", "roadmap-total")
                .text(&total),
        )
        .children(phases);

    el("div")
        .child(why)
        .maybe(follow_ups)
        .child(gaps)
        .child(plan)
}
