//! The Progress view: start a follow-up, compare two assessments, see the portfolio of
//! every assessment as a heat map, and export or import the agency's anonymised benchmark.

use super::state::{Notice, Workshop};
use crate::domain::assessment::{Assessment, QuestionnaireRef};
use crate::domain::charts::{self, data_url, RadarExtras};
use crate::domain::date::Date;
use crate::domain::progress::{self, BenchmarkFile, Comparison, Filter};
use crate::domain::text::file_stem;
use crate::platform::download::download_text;
use crate::platform::files::read_all_chosen;
use leptos::prelude::*;

/// Largest file accepted for the portfolio or the benchmark.
const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

fn save(workshop: Workshop, name: &str, mime: &str, text: &str) {
    if let Err(error) = download_text(name, mime, text) {
        workshop.notice.set(Some(Notice::error(error, Vec::new())));
    }
}

/// The entry that came before `assessment` in its lineage, if it is in the library.
fn predecessor(workshop: Workshop, assessment: &Assessment) -> Option<String> {
    let lineage = assessment.lineage.as_ref()?;
    workshop.entries.with_untracked(|entries| {
        entries
            .iter()
            .find(|e| {
                e.assessment
                    .lineage
                    .as_ref()
                    .is_some_and(|l| l.id == lineage.id && l.generation + 1 == lineage.generation)
            })
            .map(|e| e.id.clone())
    })
}

#[component]
pub fn ProgressPage(workshop: Workshop) -> impl IntoView {
    super::state::follow_chart_size(workshop.chart_size);
    let later = RwSignal::new(workshop.entry_id.get_untracked());
    let earlier = RwSignal::new(
        workshop
            .assessment
            .with_untracked(|a| predecessor(workshop, a))
            .unwrap_or_default(),
    );
    let options = move |selected: RwSignal<String>| {
        workshop.entries.with(|entries| {
            entries
                .iter()
                .filter(|e| e.assessment.answering_as.is_none())
                .map(|e| {
                    let id = e.id.clone();
                    let is = id.clone();
                    let date = e
                        .assessment
                        .date
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default();
                    view! {
                        <option value=id prop:selected=move || selected.get() == is>
                            {format!("{}{date}", e.name)}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let comparison = Memo::new(move |_| -> Option<Result<Comparison, String>> {
        let (before_id, after_id) = (earlier.get(), later.get());
        if before_id.is_empty() || after_id.is_empty() {
            return None;
        }
        if before_id == after_id {
            return Some(Err("Pick two different assessments.".into()));
        }
        workshop.entries.with(|entries| {
            let before = entries.iter().find(|e| e.id == before_id)?;
            let after = entries.iter().find(|e| e.id == after_id)?;
            if let Some(why) = progress::incomparable(
                &before.assessment.questionnaire,
                &after.assessment.questionnaire,
            ) {
                return Some(Err(format!("These two cannot be compared. {why}")));
            }
            let Some(questionnaire) = workshop.questionnaire_for(&after.assessment.questionnaire)
            else {
                return Some(Err(format!(
                    "Open one of them first: their questionnaire \"{}\" is not loaded.",
                    after.assessment.questionnaire.id
                )));
            };
            Some(progress::compare(
                &questionnaire,
                (&before.name, &before.assessment),
                (&after.name, &after.assessment),
            ))
        })
    });
    let comparison_view = move || {
        let outcome = comparison.get()?;
        Some(match outcome {
            Err(why) => {
                view! { <p class="refused" role="status" data-testid="compare-refused">{why}</p> }
                    .into_any()
            }
            Ok(c) => {
                let previous: Vec<Option<f64>> = c.before.areas.iter().map(|a| a.score).collect();
                let radar = charts::radar_sized(
                    &c.after,
                    &RadarExtras {
                        previous: Some((c.before_label.clone(), previous)),
                        band: None,
                    },
                    workshop.chart_size.get(),
                );
                let stem = file_stem(&format!("{} to {}", c.before_label, c.after_label));
                let (markdown, csv) = (c.markdown(), c.csv());
                let (md_name, csv_name) = (
                    format!("{stem}-progress.md"),
                    format!("{stem}-progress.csv"),
                );
                let areas = c
                    .areas
                    .iter()
                    .map(|a| {
                        let show = |s: Option<f64>| {
                            s.map(|s| format!("{s:.2}")).unwrap_or_else(|| "–".into())
                        };
                        view! {
                            <tr>
                                <th scope="row">{a.title.clone()}</th>
                                <td class="num">{show(a.before)}</td>
                                <td class="num">{show(a.after)}</td>
                                <td data-testid="area-change">{a.change.word()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let list = |items: &[progress::QuestionDelta]| {
                    if items.is_empty() {
                        return view! { <p>"Nothing."</p> }.into_any();
                    }
                    let label = |a: Option<crate::domain::answer::Answer>| {
                        a.map(|a| a.label()).unwrap_or_else(|| "–".into())
                    };
                    let rows = items
                        .iter()
                        .map(|q| view! { <li>{format!("{} ({} → {})", q.prompt, label(q.before), label(q.after))}</li> })
                        .collect_view();
                    view! { <ul>{rows}</ul> }.into_any()
                };
                view! {
                    <div class="comparison" data-testid="comparison">
                        <p class="lead">{c.level_line()}</p>
                        <p data-testid="steps">{c.steps_line().unwrap_or_else(|| "No level step was reached between the two.".into())}</p>
                        <figure class="chart">
                            <img data-testid="compare-radar" src=data_url(&radar.svg) alt=format!("{}. {}", radar.title, radar.desc) />
                        </figure>
                        <table class="report-table">
                            <thead><tr><th scope="col">"Area"</th><th scope="col">"Before"</th><th scope="col">"After"</th><th scope="col">"Change"</th></tr></thead>
                            <tbody>{areas}</tbody>
                        </table>
                        <h3>"What moved"</h3>
                        {list(&c.moved)}
                        <h3>"What slipped"</h3>
                        {list(&c.slipped)}
                        <button type="button" class="export" data-testid="export-comparison-markdown"
                            on:click=move |_| save(workshop, &md_name, "text/markdown;charset=utf-8", &markdown)>"Comparison (Markdown)"</button>
                        <button type="button" class="export" data-testid="export-comparison-csv"
                            on:click=move |_| save(workshop, &csv_name, "text/csv;charset=utf-8", &csv)>"Comparison (CSV)"</button>
                    </div>
                }
                .into_any()
            }
        })
    };

    // ---- Portfolio ----
    let wanted = RwSignal::new(
        workshop
            .assessment
            .with_untracked(|a| a.questionnaire.clone()),
    );
    let from = RwSignal::new(None::<Date>);
    let to = RwSignal::new(None::<Date>);
    let latest_only = RwSignal::new(true);
    let every = move || -> Vec<Assessment> {
        let mut all: Vec<Assessment> = workshop
            .entries
            .with(|entries| entries.iter().map(|e| e.assessment.clone()).collect());
        all.extend(workshop.portfolio_files.get());
        all
    };
    let questionnaires = move || {
        let mut refs: Vec<QuestionnaireRef> = Vec::new();
        for a in every() {
            if a.answering_as.is_none() && !refs.contains(&a.questionnaire) {
                refs.push(a.questionnaire.clone());
            }
        }
        refs.into_iter()
            .map(|r| {
                let value = format!("{}@{}", r.id, r.version);
                let is = r.clone();
                view! {
                    <option value=value prop:selected=move || wanted.get() == is>
                        {format!("{} {}", r.id, r.version)}
                    </option>
                }
            })
            .collect_view()
    };
    let rows = Memo::new(move |_| {
        let all = every();
        let refs: Vec<&Assessment> = all.iter().collect();
        let wanted = wanted.get();
        let questionnaire = workshop.questionnaire_for(&wanted)?;
        let filter = Filter {
            from: from.get(),
            to: to.get(),
            latest_only: latest_only.get(),
        };
        let rows = progress::portfolio(&questionnaire, &refs, &filter);
        let others = all
            .iter()
            .filter(|a| a.questionnaire != wanted && a.answering_as.is_none())
            .count();
        Some((questionnaire, rows, others))
    });
    let portfolio_view = move || {
        let Some((questionnaire, rows, others)) = rows.get() else {
            return view! { <p>"The questionnaire of these assessments is not loaded: open one of them first."</p> }.into_any();
        };
        let chart = charts::portfolio_sized(&questionnaire, &rows, workshop.chart_size.get());
        let note = if others > 0 {
            format!("{} assessment(s) of other questionnaires or versions are not shown: choose their questionnaire above.", others)
        } else {
            String::new()
        };
        view! {
            <p data-testid="portfolio-count">{format!("{} assessment(s) shown.", rows.len())} " " {note}</p>
            <figure class="chart wide">
                <img data-testid="portfolio-chart" src=data_url(&chart.svg) alt=format!("{}. {}", chart.title, chart.desc) />
            </figure>
        }
        .into_any()
    };
    let import_files = move |event: leptos::ev::Event| {
        read_all_chosen(&event, MAX_FILE_BYTES, move |files| {
            let mut added = Vec::new();
            let mut lines = Vec::new();
            for (name, text) in files {
                match text
                    .map_err(|e| e.to_string())
                    .and_then(|t| Assessment::from_json(&t).map_err(|e| e.to_string()))
                {
                    Ok(a) => added.push(a),
                    Err(reason) => lines.push(format!("{name} was not added: {reason}")),
                }
            }
            let count = added.len();
            workshop.portfolio_files.update(|files| files.extend(added));
            let text = format!("{count} assessment file(s) added to the portfolio (for this page only; the library is unchanged).");
            workshop.notice.set(Some(if lines.is_empty() {
                Notice::info(text)
            } else {
                Notice::error(text, lines)
            }));
        });
    };
    let export_benchmark = move |_| {
        let Some((questionnaire, _, _)) = rows.get_untracked() else {
            return;
        };
        let all = every();
        let refs: Vec<&Assessment> = all.iter().collect();
        let latest = Filter {
            latest_only: true,
            ..Filter::default()
        };
        let rows = progress::portfolio(&questionnaire, &refs, &latest);
        let file = BenchmarkFile::new(
            &questionnaire,
            progress::benchmark_rows(&questionnaire, &rows),
        );
        let name = format!(
            "{}-{}-benchmark.json",
            questionnaire.id, questionnaire.version
        );
        save(workshop, &name, "application/json", &file.to_json());
    };
    let import_benchmark = move |event: leptos::ev::Event| {
        read_all_chosen(&event, MAX_FILE_BYTES, move |files| {
            let mut lines = Vec::new();
            let mut rows = 0;
            let mut read = Vec::new();
            for (name, text) in files {
                match text
                    .map_err(|e| e.to_string())
                    .and_then(|t| BenchmarkFile::from_json(&t))
                {
                    Ok(file) => {
                        rows += file.rows.len();
                        read.push(file);
                    }
                    Err(reason) => lines.push(format!("{name} was not added: {reason}")),
                }
            }
            workshop.benchmark.update(|b| b.extend(read));
            let text = format!("{rows} anonymised assessment(s) added to the benchmark band (this page only). No client entry was made.");
            workshop.notice.set(Some(if lines.is_empty() {
                Notice::info(text)
            } else {
                Notice::error(text, lines)
            }));
        });
    };
    let pooled = move || {
        workshop.benchmark.with(|b| {
            let rows: usize = b.iter().map(|f| f.rows.len()).sum();
            (rows > 0).then(|| {
                format!(
                    "{rows} imported benchmark assessment(s) join the band on the Results radar."
                )
            })
        })
    };
    let date_input = move |id: &'static str,
                           label: &'static str,
                           signal: RwSignal<Option<Date>>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="date" on:change=move |e| signal.set(Date::parse(&event_target_value(&e))) />
        }
    };

    view! {
        <div class="progress-page">
            <section aria-labelledby="follow-up-title">
                <h2 id="follow-up-title">"Follow-up"</h2>
                <p>"A re-assessment of the same client: the same weights, target and settings, no answers yet, each question showing last time's answer. The current assessment is kept as it is."</p>
                <button type="button" data-testid="start-follow-up" on:click=move |_| workshop.start_follow_up()>"Start a follow-up of this assessment"</button>
            </section>
            <section aria-labelledby="compare-title">
                <h2 id="compare-title">"Compare two assessments"</h2>
                <div class="form">
                    <label for="compare-earlier">"Earlier"</label>
                    <select id="compare-earlier" data-testid="compare-earlier" on:change=move |e| earlier.set(event_target_value(&e))>
                        <option value="" prop:selected=move || earlier.get().is_empty()>"Choose…"</option>
                        {move || options(earlier)}
                    </select>
                    <label for="compare-later">"Later"</label>
                    <select id="compare-later" data-testid="compare-later" on:change=move |e| later.set(event_target_value(&e))>
                        {move || options(later)}
                    </select>
                </div>
                {comparison_view}
            </section>
            <section aria-labelledby="portfolio-title">
                <h2 id="portfolio-title">"Portfolio"</h2>
                <p>"Every assessment in this browser, and assessment files added here (kept for this page only), as a heat map of area scores."</p>
                <div class="form">
                    <label for="portfolio-questionnaire">"Questionnaire"</label>
                    <select id="portfolio-questionnaire" on:change=move |e| {
                        let value = event_target_value(&e);
                        if let Some((id, version)) = value.split_once('@') {
                            wanted.set(QuestionnaireRef { id: id.into(), version: version.into() });
                        }
                    }>{questionnaires}</select>
                    {date_input("portfolio-from", "From", from)}
                    {date_input("portfolio-to", "To", to)}
                    <label for="portfolio-latest">"Latest assessment per client only"</label>
                    <input id="portfolio-latest" type="checkbox" prop:checked=move || latest_only.get()
                        on:change=move |e| latest_only.set(event_target_checked(&e)) />
                    <label for="portfolio-files">"Add assessment files (any number at once)"</label>
                    <input id="portfolio-files" data-testid="portfolio-files" type="file" multiple accept=".json,application/json" on:change=import_files />
                </div>
                {portfolio_view}
            </section>
            <section aria-labelledby="benchmark-title">
                <h2 id="benchmark-title">"The agency's benchmark"</h2>
                <p>"The latest assessment of each client, with area scores, level, index and the month only: no client, person, note or day. Agencies can pool these files without sharing client data; the band on the Results radar shows the middle half."</p>
                <button type="button" class="export" data-testid="export-benchmark" on:click=export_benchmark>"Export the anonymised benchmark"</button>
                <div class="form">
                    <label for="benchmark-files">"Import benchmark files"</label>
                    <input id="benchmark-files" data-testid="benchmark-files" type="file" multiple accept=".json,application/json" on:change=import_benchmark />
                </div>
                <p data-testid="benchmark-pooled">{pooled}</p>
            </section>
        </div>
    }
}
