//! The assessment's setup: names, date, target, weights and roadmap settings.

use super::state::{Notice, Workshop};
use crate::domain::assessment::{MAX_PROJECT_TYPES, NO_ECOSYSTEM};
use crate::domain::date::Date;
use crate::domain::questionnaire::TOP_LEVEL;
use crate::domain::weight::{self, Weight};
use leptos::prelude::*;

#[component]
pub fn SetupPage(workshop: Workshop) -> impl IntoView {
    let assessment = workshop.assessment;
    let text_field =
        |label: &'static str,
         id: &'static str,
         get: fn(&crate::domain::assessment::Assessment) -> String,
         set: fn(&mut crate::domain::assessment::Assessment, String)| {
            view! {
                <label for=id>{label}</label>
                <input
                    id=id
                    type="text"
                    prop:value=move || assessment.with(get)
                    on:input=move |e| {
                        let value = event_target_value(&e);
                        workshop.edit(|a| set(a, value));
                    }
                />
            }
        };
    let date_field =
        |label: &'static str,
         id: &'static str,
         get: fn(&crate::domain::assessment::Assessment) -> Option<Date>,
         set: fn(&mut crate::domain::assessment::Assessment, Option<Date>)| {
            view! {
                <label for=id>{label}</label>
                <input
                    id=id
                    type="date"
                    prop:value=move || assessment.with(get).map(|d| d.to_string()).unwrap_or_default()
                    on:change=move |e| {
                        let value = Date::parse(&event_target_value(&e));
                        workshop.edit(|a| set(a, value));
                    }
                />
            }
        };

    let weights = move || {
        workshop.questionnaire.with(|q| {
            q.areas
                .iter()
                .map(|area| {
                    let (id, default, title) = (area.id.clone(), area.weight, area.title.clone());
                    let input_id = format!("weight-{}", area.id);
                    let read_id = id.clone();
                    let value = move || {
                        assessment.with(|a| a.area_weights.get(&read_id).copied().unwrap_or(default).to_string())
                    };
                    let change = move |e: leptos::ev::Event| {
                        // Only a weight the rules accept (over 0, at most 1000, three
                        // decimals) is taken; anything else leaves the saved weight as it is.
                        let typed = event_target_value(&e);
                        let Some(weight) = typed.trim().parse::<f64>().ok().and_then(Weight::from_f64) else {
                            let text = format!("The weight of {title} was not changed: a weight {} (typed \"{}\").", weight::RULE, typed.trim());
                            workshop.notice.set(Some(Notice::error(text, Vec::new())));
                            return;
                        };
                        workshop.edit(|a| {
                            if weight == default {
                                a.area_weights.remove(&id);
                            } else {
                                a.area_weights.insert(id.clone(), weight);
                            }
                        });
                    };
                    view! {
                        <label for=input_id.clone()>{area.title.clone()}</label>
                        <input id=input_id type="number" min="0.001" max="1000" step="any" prop:value=value on:change=change />
                    }
                })
                .collect_view()
        })
    };
    let ecosystems = move || {
        workshop.questionnaire.with(|q| {
            q.ecosystems()
                .iter()
                .map(|e| {
                    let id = e.id.clone();
                    let selected = move || assessment.with(|a| a.settings.ecosystem == id);
                    view! { <option value=e.id.clone() prop:selected=selected>{e.name.clone()}</option> }
                })
                .collect_view()
        })
    };

    view! {
        <div class="setup-page">
            <section>
                <h2>"Assessment"</h2>
                <div class="form">
                    <label for="assessment-name">"Name in the library"</label>
                    <input id="assessment-name" type="text" prop:value=move || workshop.name.get()
                        on:input=move |e| workshop.rename(&workshop.entry_id.get_untracked(), &event_target_value(&e)) />
                    {text_field("Agency (printed on the report)", "agency", |a| a.agency.clone(), |a, v| a.agency = v)}
                    {text_field("Client", "client", |a| a.client.clone(), |a, v| a.client = v)}
                    {text_field("Assessor", "assessor", |a| a.assessor.clone(), |a, v| a.assessor = v)}
                    {date_field("Date of the assessment", "assessment-date", |a| a.date, |a, v| a.date = v)}
                </div>
            </section>
            <super::room::RoomSetup workshop />
            <section>
                <h2>"Target and roadmap"</h2>
                <div class="form">
                    <label for="target">"Target level"</label>
                    <select id="target"
                        on:change=move |e| {
                            if let Ok(level) = event_target_value(&e).parse::<u8>() {
                                workshop.edit(|a| a.target_level = level.clamp(1, TOP_LEVEL));
                            }
                        }>
                        {(1u8..=TOP_LEVEL)
                            .map(|level| {
                                let name = workshop
                                    .questionnaire
                                    .with_untracked(|q| q.level_name(level).to_string());
                                view! {
                                    <option value=level.to_string()
                                        prop:selected=move || assessment.with(|a| a.target_level == level)>
                                        {format!("{level}: {name}")}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <label for="project-types">"Project types (each needs its own 0→1 pipeline)"</label>
                    <input id="project-types" type="number" min="1" max=MAX_PROJECT_TYPES step="1"
                        prop:value=move || assessment.with(|a| a.settings.project_types.to_string())
                        on:change=move |e| {
                            if let Ok(n) = event_target_value(&e).trim().parse::<u32>() {
                                workshop.edit(|a| a.settings.project_types = n.clamp(1, MAX_PROJECT_TYPES));
                            }
                        } />
                    <label for="ecosystem">"Ecosystem for tool suggestions"</label>
                    <select id="ecosystem"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            workshop.edit(|a| a.settings.ecosystem = value);
                        }>
                        <option value=NO_ECOSYSTEM
                            prop:selected=move || assessment.with(|a| a.settings.ecosystem == NO_ECOSYSTEM)>
                            "None / undecided"
                        </option>
                        {ecosystems}
                    </select>
                    {date_field("Roadmap start (empty: today)", "start-date", |a| a.settings.start_date, |a, v| a.settings.start_date = v)}
                </div>
            </section>
            <section>
                <h2>"Area weights"</h2>
                <p>"How much each area matters to this client. Weights change the index and the gap ranking, never the level."</p>
                <div class="form weights">{weights}</div>
                <button type="button" on:click=move |_| workshop.edit(|a| a.area_weights.clear())>
                    "Reset weights to the questionnaire's defaults"
                </button>
            </section>
        </div>
    }
}
