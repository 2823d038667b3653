//! "Load a custom questionnaire": pick a JSON file; a valid one replaces the active
//! questionnaire (starting a fresh assessment), an invalid one lists every problem and
//! changes nothing.

use crate::domain::questionnaire::{Questionnaire, QuestionnaireError, MAX_FILE_BYTES};
use crate::platform::files::{chosen_file, read_text, FileError};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the last load attempt led to, shown under the loader.
#[derive(Debug, Clone, PartialEq)]
enum LoadOutcome {
    Loaded(String),
    Refused { file: String, lines: Vec<String> },
}

/// The file picker with its outcome message.
#[component]
pub fn QuestionnaireLoader(
    /// The active questionnaire; replaced when a valid file is loaded.
    active: RwSignal<Questionnaire>,
) -> impl IntoView {
    let outcome = RwSignal::new(None::<LoadOutcome>);
    let on_change = move |event: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&event);
        let Ok(file) = chosen_file(&input) else {
            return;
        };
        // Clear the input so choosing the same file again still fires `change`.
        input.set_value("");
        spawn_local(async move {
            let name = file.name();
            let result = match read_text(&file, MAX_FILE_BYTES).await {
                Ok(text) => Questionnaire::from_json(&text),
                Err(FileError::TooLarge { bytes }) => Err(QuestionnaireError::TooLarge { bytes }),
                Err(other) => Err(QuestionnaireError::NotJson(other.to_string())),
            };
            match result {
                Ok(questionnaire) => {
                    let message = format!(
                        "Loaded \"{}\" (version {}) from {name}: {} areas, {} questions. A new assessment has started.",
                        questionnaire.title,
                        questionnaire.version,
                        questionnaire.areas.len(),
                        questionnaire.question_count()
                    );
                    active.set(questionnaire);
                    outcome.set(Some(LoadOutcome::Loaded(message)));
                }
                Err(error) => outcome.set(Some(LoadOutcome::Refused {
                    file: name,
                    lines: error.lines(),
                })),
            }
        });
    };
    let built_in = StoredValue::new(Questionnaire::built_in().ok());
    let use_built_in = move |_| {
        if let Some(questionnaire) = built_in.get_value() {
            active.set(questionnaire);
            outcome.set(None);
        }
    };
    let is_custom = move || built_in.with_value(|b| active.with(|q| b.as_ref() != Some(q)));
    view! {
        <div class="loader">
            <label class="file-button">
                "Load a custom questionnaire (JSON)"
                <input
                    type="file"
                    accept=".json,application/json"
                    data-testid="questionnaire-file"
                    on:change=on_change
                />
            </label>
            <Show when=is_custom>
                <button type="button" on:click=use_built_in>"Use the built-in questionnaire"</button>
            </Show>
            {move || outcome.get().map(|outcome| match outcome {
                LoadOutcome::Loaded(message) => view! {
                    <p class="notice" role="status" data-testid="load-status">{message}</p>
                }.into_any(),
                LoadOutcome::Refused { file, lines } => view! {
                    <div class="load-problems" role="alert" data-testid="load-problems">
                        <p>
                            {format!("{file} cannot be used as a questionnaire; nothing was changed. ")}
                            {format!("{} problem(s):", lines.len())}
                        </p>
                        <ul>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
            })}
        </div>
    }
}
