//! Live results: the level and why, the index, weighted gaps and the roadmap, all read
//! from the report and roadmap memos.

use super::state::{Notice, Workshop};
use crate::domain::markdown::report_markdown;
use crate::platform::download::{download_text, file_stem};
use leptos::prelude::*;

/// The level with its name, e.g. "Level 1: ML pipeline automation".
pub fn level_title(workshop: Workshop, level: u8) -> String {
    workshop.questionnaire.with(|q| {
        q.levels
            .iter()
            .find(|l| l.level == level)
            .map(|l| format!("Level {level}: {}", l.name))
            .unwrap_or_else(|| format!("Level {level}"))
    })
}

/// The compact result always visible at the top: level, index, progress.
#[component]
pub fn ResultSummary(workshop: Workshop) -> impl IntoView {
    let report = workshop.report;
    view! {
        <div class="summary" role="status" aria-live="polite">
            <span class="summary-level" data-testid="summary-level">
                {move || match report.with(|r| r.level) {
                    Some(level) => level_title(workshop, level),
                    None => "Level not yet known".to_string(),
                }}
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

/// The full results view.
#[component]
pub fn ResultsPage(workshop: Workshop) -> impl IntoView {
    let report = workshop.report;
    let roadmap = workshop.roadmap;
    let export_markdown = move |_| {
        let text = workshop.questionnaire.with(|q| {
            workshop
                .assessment
                .with(|a| report.with(|r| roadmap.with(|m| report_markdown(q, a, r, m))))
        });
        let name = format!("{}-report.md", file_stem(&workshop.name.get_untracked()));
        if let Err(error) = download_text(&name, "text/markdown;charset=utf-8", &text) {
            workshop.notice.set(Some(Notice::error(error, Vec::new())));
        }
    };

    let why = move || {
        report.with(|r| {
            let Some(level) = r.level else {
                return view! { <p>"Answer at least one question to see a level."</p> }.into_any();
            };
            let items = r
                .bottlenecks
                .iter()
                .map(|b| {
                    let holding = b
                        .holding
                        .iter()
                        .map(|q| view! { <li>{q.prompt.clone()} " (level " {q.value} ")"</li> })
                        .collect_view();
                    view! {
                        <li>
                            <strong>{b.title.clone()}</strong>
                            {format!(" scores {:.2}", b.score)}
                            <ul>{holding}</ul>
                        </li>
                    }
                })
                .collect_view();
            let lead = if level >= 3 {
                "Every scored area is at the top level.".to_string()
            } else {
                format!(
                    "The weakest areas set the level. To reach level {}, lift:",
                    level + 1
                )
            };
            view! { <p>{lead}</p> <ul class="bottlenecks" data-testid="bottlenecks">{items}</ul> }
                .into_any()
        })
    };

    let gaps = move || {
        report.with(|r| {
            r.gaps
                .iter()
                .filter(|g| g.gap > 0.0)
                .enumerate()
                .map(|(rank, g)| {
                    view! {
                        <tr>
                            <td>{rank + 1}</td>
                            <th scope="row">{g.title.clone()}</th>
                            <td>{format!("{:.2}", g.score)}</td>
                            <td>{format!("{}", g.weight)}</td>
                            <td>{format!("{:.2}", g.gap)}</td>
                            <td>{format!("{:.0}%", g.share * 100.0)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };

    let follow_ups = move || {
        report.with(|r| {
            (!r.follow_ups.is_empty()).then(|| {
                let items = r
                    .follow_ups
                    .iter()
                    .map(|q| view! { <li>{q.prompt.clone()}</li> })
                    .collect_view();
                view! {
                    <section>
                        <h3>"Follow-ups (answered Don't know)"</h3>
                        <ul>{items}</ul>
                    </section>
                }
            })
        })
    };

    let phases = move || {
        roadmap.with(|m| {
            m.phases
                .iter()
                .map(|phase| {
                    let areas = phase
                        .areas
                        .iter()
                        .map(|area| {
                            let actions = area
                                .actions
                                .iter()
                                .map(|a| {
                                    view! {
                                        <li>
                                            {a.prompt.clone()}
                                            <span class="next">{format!(" Now level {}; next: ", a.current)} {a.goal.clone()}</span>
                                        </li>
                                    }
                                })
                                .collect_view();
                            view! {
                                <li>
                                    <strong>{area.title.clone()}</strong>
                                    {format!(" (score {:.2})", area.score)}
                                    <ul>{actions}</ul>
                                </li>
                            }
                        })
                        .collect_view();
                    let priorities = phase
                        .priorities
                        .iter()
                        .map(|p| view! { <li>{p.clone()}</li> })
                        .collect_view();
                    let tools = (!phase.tools.is_empty()).then(|| {
                        let names = phase.tools.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join(", ");
                        view! { <p><strong>"Suggested tools: "</strong>{names}</p> }
                    });
                    let title = format!(
                        "Level {} → {} ({}-{} weeks)",
                        phase.from, phase.to, phase.min_weeks, phase.max_weeks
                    );
                    let dates = format!(
                        "Ends between {} and {}.",
                        phase.earliest_end, phase.latest_end
                    );
                    view! {
                        <article class="phase" data-testid="phase">
                            <h3>{title}</h3>
                            <p>{dates} " " {phase.summary.clone()}</p>
                            <h4>"Priority investments"</h4>
                            <ul>{priorities}</ul>
                            <p><strong>{phase.advice_kind.label()} ": "</strong>{phase.advice.clone()}</p>
                            <h4>"Areas to lift"</h4>
                            <ul>{areas}</ul>
                            {tools}
                        </article>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <div class="results-page">
            <section class="headline">
                <p class="level" data-testid="result-level">
                    {move || match report.with(|r| r.level) {
                        Some(level) => level_title(workshop, level),
                        None => "Level not yet known".into(),
                    }}
                </p>
                <p data-testid="result-index">
                    {move || report.with(|r| r.index).map(|i| format!("Maturity index {i:.2} of 3.00")).unwrap_or_default()}
                </p>
                <p>
                    {move || report.with(|r| {
                        let state = if r.provisional { "Provisional: " } else { "" };
                        format!("{state}{} of {} questions answered. Target: level {}.", r.answered, r.total, r.target)
                    })}
                </p>
                <button type="button" on:click=export_markdown>"Download report (Markdown)"</button>
            </section>
            <section>
                <h2>"Why this level"</h2>
                {why}
            </section>
            {follow_ups}
            <section>
                <h2>{move || format!("Weighted gaps to level {}", report.with(|r| r.target))}</h2>
                <table class="gaps" data-testid="gaps">
                    <thead>
                        <tr><th scope="col">"Rank"</th><th scope="col">"Area"</th><th scope="col">"Score"</th><th scope="col">"Weight"</th><th scope="col">"Gap"</th><th scope="col">"Share"</th></tr>
                    </thead>
                    <tbody>{gaps}</tbody>
                </table>
            </section>
            <section>
                <h2>"Roadmap"</h2>
                <p class="total" data-testid="roadmap-total">
                    {move || roadmap.with(|m| {
                        if m.phases.is_empty() {
                            m.total_range()
                        } else {
                            format!("{}, from {}, done between {} and {}.", m.total_range(), m.start, m.earliest_end, m.latest_end)
                        }
                    })}
                </p>
                {phases}
            </section>
        </div>
    }
}
