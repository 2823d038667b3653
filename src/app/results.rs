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
use crate::domain::markup::Summary;
use crate::domain::outline::{outline, Block, Content, Item, Outline, Section, Span, Table};
use crate::domain::roadmap::plan;
use crate::domain::text::file_stem;
use crate::domain::text::visible;
use crate::platform::dom::{el, replace_children, Node};
use crate::platform::download::download_text;
use leptos::prelude::*;

/// The compact result always visible at the top: level, index, progress.
///
/// Its spans are HTML written once (`markup::Summary::html`), and one effect writes only
/// the texts that change (the whole again when the provisional badge comes or goes): a
/// reactive text per span cost the first load its own code for each.
#[component]
pub fn ResultSummary(workshop: Workshop) -> impl IntoView {
    let report = workshop.report;
    let summary = move || {
        workshop.questionnaire.with(|q| {
            workshop
                .assessment
                .with(|a| report.with(|r| Summary::of(q, a, r)))
        })
    };
    let first = untrack(summary);
    let html = first.html();
    let shown = StoredValue::new(first);
    let node = NodeRef::<leptos::html::Div>::new();
    super::effect(move || {
        let now = summary();
        let Some(div) = node.get_untracked() else {
            return;
        };
        shown.update_value(|shown| {
            if *shown == now {
                return;
            }
            if shown.provisional != now.provisional {
                div.set_inner_html(&now.html());
            } else {
                let spans = div.children();
                for (place, (was, is)) in shown.texts().into_iter().zip(now.texts()).enumerate() {
                    if was != is {
                        if let Some(span) = spans.item(place as u32) {
                            span.set_text_content(Some(is));
                        }
                    }
                }
                if shown.unscored_title != now.unscored_title {
                    if let Some(span) = spans.item(Summary::UNSCORED_PLACE as u32) {
                        let _ = span.set_attribute("title", &now.unscored_title);
                    }
                }
            }
            *shown = now;
        });
    });
    view! { <div class="summary" role="status" aria-live="polite" node_ref=node inner_html=html></div> }
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
    super::state::follow_chart_size(workshop.chart_size);
    let report = workshop.report;
    // Made here rather than with the workshop's other memos: only this view and its
    // exports read the roadmap, so its code loads with this part, not in the first load.
    let roadmap = Memo::new(move |_| {
        let today = crate::platform::clock::today();
        workshop.questionnaire.with(|q| {
            workshop
                .assessment
                .with(|a| report.with(|r| plan(q, a, r, today)))
        })
    });
    // The agency's band on the radar: the latest assessment of every other client in this
    // browser, and imported benchmark files, when at least two assessments are pooled.
    let band = Memo::new(move |_| {
        let band = workshop.questionnaire.with(|q| {
            workshop.entries.with(|entries| {
                workshop.portfolio_files.with(|files| {
                    workshop.benchmark.with(|imported| {
                        let all: Vec<&crate::domain::assessment::Assessment> = entries
                            .iter()
                            .map(|e| &e.assessment)
                            .chain(files.iter())
                            .collect();
                        let client = workshop.assessment.with(|a| a.client.clone());
                        crate::domain::progress::pool(q, &all, imported, &client)
                    })
                })
            })
        });
        (band.count >= 2).then(|| {
            let quartiles = band
                .areas
                .iter()
                .map(|q| q.map(|(low, _, high)| (low, high)))
                .collect();
            (band.count, quartiles)
        })
    });
    let charts = Memo::new(move |_| {
        let size = workshop.chart_size.get();
        let mut all = report.with(|r| roadmap.with(|m| charts::all_sized(r, m, size)));
        if let Some(band) = band.get() {
            all[0] = report.with(|r| {
                let extras = charts::RadarExtras {
                    band: Some(band),
                    ..Default::default()
                };
                charts::radar_sized(r, &extras, size)
            });
        }
        let room = workshop.questionnaire.with(|q| {
            workshop
                .assessment
                .with(|a| report.with(|r| charts::room_sized(q, a, r, size)))
        });
        all.extend(room);
        all
    });
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
    // For sharing outside the engagement: votes and agreed answers, no person named and
    // no typed text (notes, rationales) that could name one.
    let anonymised = move |_| {
        let text = workshop
            .assessment
            .with(|a| crate::domain::room::anonymised(a).to_json());
        save(
            workshop,
            "-anonymised.assessment.json",
            "application/json",
            &text,
        );
    };
    let print = move |_| {
        let _ = window().print();
    };
    let prepared = move || {
        workshop.assessment.with(|a| {
            let mut parts = Vec::new();
            if !a.agency.trim().is_empty() {
                parts.push(format!("Prepared by {}", shown(&a.agency)));
            }
            if !a.client.trim().is_empty() {
                parts.push(format!("for {}", shown(&a.client)));
            }
            let date = a.date.unwrap_or_else(crate::platform::clock::today);
            parts.push(format!("on {date}"));
            parts.join(" ")
        })
    };
    // What the chart images show. While the view is hidden and brought up to date in the
    // background, the images follow in a task of their own: making each chart's SVG image
    // was about half of that refresh (36 of 70 ms at 4× CPU), a long task for a key
    // pressed meanwhile. On screen they change at once.
    let drawn = RwSignal::new(Vec::new());
    let drawing = StoredValue::new(0_u32);
    let grid = NodeRef::<leptos::html::Div>::new();
    super::effect(move || {
        let all = charts.get();
        let turn = drawing.get_value().wrapping_add(1);
        drawing.set_value(turn);
        if workshop.tab.get_untracked() == super::state::Tab::Results {
            drawn.set(all);
        } else {
            set_timeout(
                move || {
                    if drawing.get_value() == turn {
                        drawn.set(all);
                        // The images' new sources are in the page by the next task.
                        set_timeout(
                            move || {
                                if drawing.get_value() == turn {
                                    if let Some(grid) = grid.get_untracked() {
                                        crate::platform::images::draw_ahead(&grid);
                                    }
                                }
                            },
                            std::time::Duration::ZERO,
                        );
                    }
                },
                std::time::Duration::ZERO,
            );
        }
    });
    // The three report charts, and the room's heat map when the room answered.
    let figures = (0..4)
        .map(|index| {
            let chart = move || drawn.with(|c: &Vec<charts::Chart>| c.get(index).cloned());
            let present = move || drawn.with(|c: &Vec<charts::Chart>| c.len() > index);
            let download = move |_| {
                if let Some(chart) = chart() {
                    save(workshop, &format!("-{}.svg", chart.id), "image/svg+xml", &chart.svg);
                }
            };
            view! {
                <Show when=present>
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
                </Show>
            }
        })
        .collect_view();
    let title = RwSignal::new(String::new());
    let head = NodeRef::<leptos::html::Div>::new();
    let body = NodeRef::<leptos::html::Div>::new();
    super::effect(move || {
        let (Some(head), Some(body)) = (head.get(), body.get()) else {
            return;
        };
        let outline = workshop.questionnaire.with(|q| {
            workshop
                .assessment
                .with(|a| report.with(|r| roadmap.with(|m| outline(q, a, r, m))))
        });
        title.set(shown(&outline.title));
        let (head_part, body_part) = render(&outline);
        replace_children(&head, head_part);
        replace_children(&body, body_part);
    });
    // The printed page is titled like the report (browsers use it for the PDF's name and
    // header), with the same rule for invisible characters; only while Results shows (the
    // view stays on the page, hidden, while another one shows).
    super::effect(move || {
        if workshop.tab.get() == super::state::Tab::Results {
            title.with(|title| {
                if !title.is_empty() {
                    document().set_title(title);
                }
            });
        }
    });
    view! {
        <div class="results-page" data-chart-size=move || format!("{:?}", workshop.chart_size.get())>
            <div class="exports" role="group" aria-label="Export">
                <button type="button" class="export" data-testid="print" on:click=print>"Print / save as PDF"</button>
                <button type="button" class="export" data-testid="export-markdown" on:click=markdown>"Report (Markdown)"</button>
                <button type="button" class="export" data-testid="export-csv" on:click=csv>"Answers and gaps (CSV)"</button>
                <button type="button" class="export" data-testid="export-json" on:click=json>"Report (JSON)"</button>
                <button type="button" class="export" data-testid="export-assessment" on:click=assessment_file>"Assessment file (JSON)"</button>
                <button type="button" class="export" data-testid="export-anonymised" on:click=anonymised>"Anonymised assessment file"</button>
            </div>
            <header class="print-header">
                <p class="print-title">{move || workshop.questionnaire.with(|q| q.title.clone())}</p>
                <p data-testid="prepared">{prepared}</p>
            </header>
            <div node_ref=head></div>
            <section class="charts">
                <h2>"Charts"</h2>
                <div class="chart-grid" node_ref=grid>{figures}</div>
            </section>
            <div class="report-rest" node_ref=body></div>
            <super::share::SharePanel workshop />
        </div>
    }
}

/// Text as every export shows it: invisible direction characters made visible.
fn shown(text: &str) -> String {
    visible(text)
}

fn spans(node: Node, spans: &[Span]) -> Node {
    spans.iter().fold(node, |node, span| match span {
        Span::Text(text) => node.text(&shown(text)),
        Span::Strong(text) => node.child(el("strong").text(&shown(text))),
        Span::Muted(text) => node.child(el("span").class("next").text(&shown(text))),
    })
}

fn list(items: &[Item]) -> Node {
    el("ul").children(items.iter().map(|item| {
        let li = spans(el("li"), &item.spans);
        if item.children.is_empty() {
            li
        } else {
            li.child(list(&item.children))
        }
    }))
}

fn table(table: &Table) -> Node {
    // Text columns are left-aligned, numbers right-aligned (the CSS default).
    let align = |node: Node, column: usize| match table.numeric.get(column) {
        Some(false) => node.class("text"),
        _ => node,
    };
    let head = el("tr").children(
        table
            .header
            .iter()
            .enumerate()
            .map(|(column, h)| align(el("th").attr("scope", "col"), column).text(h)),
    );
    let rows = table.rows.iter().map(|row| {
        el("tr").children(row.iter().enumerate().map(|(column, cell)| {
            let cell_node = if column == table.row_header {
                el("th").attr("scope", "row")
            } else {
                el("td")
            };
            align(cell_node, column).text(&shown(cell))
        }))
    });
    el("table")
        .class("report-table")
        .child(el("thead").child(head))
        .child(el("tbody").children(rows))
}

fn block(block: &Block) -> Node {
    let node = match &block.content {
        Content::Lead(text) => el("p").class("level").text(&shown(text)),
        Content::Paragraph(content) => spans(el("p"), content),
        Content::List(items) => list(items),
        Content::Table(content) => table(content),
        Content::Quote(lines) => {
            el("blockquote").children(lines.iter().map(|line| el("p").text(&shown(line))))
        }
    };
    match block.key {
        Some(key) => node.attr("data-testid", key),
        None => node,
    }
}

/// One outline section: a `<section>` (an `<article>` for a roadmap phase).
fn section(section: &Section, depth: u8) -> Node {
    let tag = if section.key == "phase" {
        "article"
    } else {
        "section"
    };
    let mut node = el(tag)
        .class(section.key)
        .child(el(&format!("h{depth}")).text(&shown(&section.title)))
        .children(section.blocks.iter().map(block));
    if section.key == "phase" {
        node = node.attr("data-testid", "phase");
    }
    node.children(
        section
            .subsections
            .iter()
            .map(|s| self::section(s, depth + 1)),
    )
}

/// The result section (shown above the charts) and the rest of the report.
fn render(outline: &Outline) -> (Node, Node) {
    let mut sections = outline.sections.iter();
    let head = el("div").children(sections.next().map(|s| section(s, 2)));
    let body = el("div").children(sections.map(|s| section(s, 2)));
    (head, body)
}
