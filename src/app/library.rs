//! The assessments library: list, create, open, rename, duplicate, delete (with
//! confirmation), export and import; custom questionnaires; and damaged entries kept for
//! download.

use super::questionnaire_loader::QuestionnaireLoader;
use super::state::{Notice, Tab, Workshop};
use crate::domain::assessment::Assessment;
use crate::domain::text::file_stem;
use crate::platform::clock;
use crate::platform::download::download_text;
use crate::platform::files::read_chosen;
use leptos::prelude::*;

/// Largest assessment file accepted for import.
const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

/// Imports an assessment file as a new library entry; never overwrites an existing one.
fn import(workshop: Workshop, file_name: String, text: &str) {
    let refused = {
        let file_name = file_name.clone();
        move |reason: String| {
            workshop.notice.set(Some(Notice::error(
                format!("{file_name} was not imported; nothing was changed."),
                vec![reason],
            )));
        }
    };
    let assessment = match Assessment::from_json(text) {
        Ok(assessment) => assessment,
        Err(_) if crate::domain::room::RespondentFile::from_json(text).is_ok() => {
            return refused(
                "It is one respondent's answers, not an assessment: open the assessment they answered and import it under Setup → The room.".into(),
            )
        }
        Err(error) => return refused(error.to_string()),
    };
    let label = if assessment.client.trim().is_empty() {
        file_name.trim_end_matches(".json").to_string()
    } else {
        assessment.client.clone()
    };
    let name = format!("{label} (imported)");
    // A file of an earlier built-in version waits for the part that reads that version.
    let wanted = assessment.questionnaire.clone();
    workshop.when_readable(&wanted, move || match workshop.import(assessment, &name) {
        Ok(()) => workshop.notice.set(Some(Notice::info(format!(
            "Imported {file_name} as a new assessment \"{name}\". No existing assessment was changed."
        )))),
        Err(reason) => refused(reason),
    });
}

#[component]
pub fn LibraryPage(workshop: Workshop) -> impl IntoView {
    let confirming = RwSignal::new(None::<String>);
    let renaming = RwSignal::new(None::<String>);

    let on_import = move |event: leptos::ev::Event| {
        read_chosen(&event, MAX_IMPORT_BYTES, move |name, text| match text {
            Ok(text) => import(workshop, name, &text),
            Err(error) => workshop.notice.set(Some(Notice::error(
                format!("{name} was not imported; nothing was changed."),
                vec![error.to_string()],
            ))),
        });
    };

    let rows = move || {
        workshop.entries.with(|entries| {
            entries
                .iter()
                .map(|entry| {
                    let entry = entry.clone();
                    let id = entry.id.clone();
                    let is_open = {
                        let id = id.clone();
                        move || workshop.entry_id.get() == id
                    };
                    let updated = clock::local_date(entry.updated_ms);
                    let answered = entry.assessment.responses.values().filter(|r| r.answer.is_some()).count();
                    let (open_id, dup_id, export_entry) = (id.clone(), id.clone(), entry.clone());
                    let open = move |_| {
                        if workshop.open(&open_id) {
                            workshop.tab.set(Tab::Questions);
                        }
                    };
                    let duplicate = move |_| match workshop.duplicate(&dup_id) {
                        Ok(name) => workshop.notice.set(Some(Notice::info(format!("Made \"{name}\".")))),
                        Err(reason) => workshop.notice.set(Some(Notice::error(reason, Vec::new()))),
                    };
                    let (rename_id, confirm_id, delete_id, is_renaming_id, is_confirming_id) =
                        (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
                    let is_renaming = move || renaming.get().as_deref() == Some(is_renaming_id.as_str());
                    let is_confirming = move || confirming.get().as_deref() == Some(is_confirming_id.as_str());
                    let (rename_entry_id, old_name) = (entry.id.clone(), entry.name.clone());
                    let commit_rename = move |value: String| {
                        renaming.set(None);
                        let value = value.trim().to_string();
                        if !value.is_empty() && value != old_name {
                            workshop.rename(&rename_entry_id, &value);
                        }
                    };
                    let commit_on_enter = commit_rename.clone();
                    let delete = move |_| {
                        confirming.set(None);
                        workshop.delete(&delete_id);
                        workshop.notice.set(Some(Notice::info("The assessment was deleted.")));
                    };
                    // Renaming starts with the old name selected, so typing replaces it.
                    let select_all = |e: leptos::ev::FocusEvent| {
                        event_target::<web_sys::HtmlInputElement>(&e).select();
                    };
                    let name = entry.name.clone();
                    let rename_label = format!("New name for {}", entry.name);
                    view! {
                        <li class="entry" class:open=is_open.clone() data-testid="library-entry">
                            <div class="entry-text">
                                <Show
                                    when=is_renaming
                                    fallback={
                                        let name = name.clone();
                                        move || view! { <strong class="entry-name">{name.clone()}</strong> }
                                    }
                                >
                                    <input
                                        type="text"
                                        class="rename"
                                        aria-label=rename_label.clone()
                                        value=name.clone()
                                        autofocus=true
                                        on:focus=select_all
                                        on:change={
                                            let commit = commit_rename.clone();
                                            move |e| commit(event_target_value(&e))
                                        }
                                        on:keydown={
                                            let commit = commit_on_enter.clone();
                                            move |e: leptos::ev::KeyboardEvent| {
                                                if e.key() == "Enter" {
                                                    commit(event_target_value(&e));
                                                } else if e.key() == "Escape" {
                                                    renaming.set(None);
                                                }
                                            }
                                        }
                                    />
                                </Show>
                                <span class="entry-meta">
                                    {format!(
                                        "{} · {answered} answered · changed {updated}",
                                        if entry.assessment.client.is_empty() { "no client yet".to_string() } else { entry.assessment.client.clone() }
                                    )}
                                </span>
                                <Show when=is_open.clone()>
                                    <span class="badge">"open"</span>
                                </Show>
                            </div>
                            <div class="entry-actions">
                                <button type="button" on:click=open>"Open"</button>
                                <button type="button" on:click=move |_| renaming.set(Some(rename_id.clone()))>"Rename"</button>
                                <button type="button" on:click=duplicate>"Duplicate"</button>
                                <button type="button" on:click=move |_| workshop.export_assessment(&export_entry)>"Export"</button>
                                <Show
                                    when=is_confirming
                                    fallback=move || {
                                        let id = confirm_id.clone();
                                        view! { <button type="button" class="danger" on:click=move |_| confirming.set(Some(id.clone()))>"Delete"</button> }
                                    }
                                >
                                    <span class="confirm" role="alert">
                                        "Delete for good? "
                                        <button type="button" class="danger" data-testid="confirm-delete" on:click=delete.clone()>"Yes, delete"</button>
                                        <button type="button" on:click=move |_| confirming.set(None)>"Cancel"</button>
                                    </span>
                                </Show>
                            </div>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    let damaged = move || {
        workshop.damaged.with(|damaged| {
            (!damaged.is_empty()).then(|| {
                let items = damaged
                    .iter()
                    .map(|entry| {
                        let raw = entry.raw.clone();
                        let key = entry.key.clone();
                        let file = format!("{}.raw.txt", file_stem(&key));
                        let download = move |_| {
                            if let Err(error) = download_text(&file, "text/plain;charset=utf-8", &raw) {
                                workshop.notice.set(Some(Notice::error(error, Vec::new())));
                            }
                        };
                        let remove_key = key.clone();
                        let remove = move |_| workshop.remove_damaged(&remove_key);
                        view! {
                            <li data-testid="damaged-entry">
                                <code>{key.clone()}</code> ": " {entry.error.to_string()}
                                <div class="entry-actions">
                                    <button type="button" on:click=download>"Download the raw data"</button>
                                    <button type="button" class="danger" on:click=remove>"Remove it from this browser"</button>
                                </div>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="damaged" role="alert">
                        <h2>"Saved data that could not be read"</h2>
                        <p>"These entries are kept as they are. Download the raw data to recover it by hand or send it to whoever runs the assessment; remove an entry only once you have a copy."</p>
                        <ul>{items}</ul>
                    </section>
                }
            })
        })
    };

    view! {
        <div class="library-page">
            {damaged}
            <section>
                <h2>"Assessments in this browser"</h2>
                <div class="library-actions">
                    <button type="button" data-testid="new-assessment" on:click=move |_| {
                        if workshop.create(None, "Untitled assessment") {
                            workshop.tab.set(Tab::Setup);
                        }
                    }>"New assessment"</button>
                    <label class="file-button">
                        "Import an assessment file"
                        <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_import />
                    </label>
                </div>
                <ul class="entries">{rows}</ul>
            </section>
            <section>
                <h2>"Privacy"</h2>
                <p>
                    "Answers and notes stay in this browser (its local storage). The app sends nothing anywhere: "
                    "after it has loaded it makes no network request, and it works offline. Exported files go only "
                    "where you save them."
                </p>
            </section>
            <section>
                <h2>"Questionnaire"</h2>
                <p>
                    {move || workshop.questionnaire.with(|q| format!("The open assessment answers \"{}\" ({} v{}).", q.title, q.id, q.version))}
                </p>
                {move || workshop.newer_version().map(|version| view! {
                    <p data-testid="newer-version">
                        {format!("Version {version} of this questionnaire is available. Moving makes a new assessment: answers to questions whose meaning did not change are carried over, the new and changed questions are listed to answer, and this assessment stays as it is.")}
                        " "
                        <button type="button" data-testid="move-to-newer" on:click=move |_| workshop.move_to_newer_version()>
                            {format!("Move to version {version}")}
                        </button>
                    </p>
                })}
                <QuestionnaireLoader workshop />
            </section>
            // A plain link to a file next to the page: no wasm needed to offer it.
            <section class="offline-kit" aria-labelledby="kit-title">
                <h2 id="kit-title">"Offline kit"</h2>
                <p>"The whole app in one HTML file, for a client who cannot reach this site: e-mail it (or put it on a shared drive); it opens from disk in a current browser, with no server and no network, and keeps its answers in that browser."</p>
                <a class="button" href="mlops-maturity-offline.html" download="mlops-maturity-offline.html" data-testid="offline-kit">"Download the offline kit"</a>
            </section>
        </div>
    }
}
