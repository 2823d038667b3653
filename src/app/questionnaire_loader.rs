//! "Load a custom questionnaire": pick a JSON file; a valid one starts a new assessment
//! that answers it, an invalid one lists every problem and changes nothing.

use super::state::{Notice, Tab, Workshop};
use crate::domain::questionnaire::{Questionnaire, QuestionnaireError, MAX_FILE_BYTES};
use crate::platform::files::{read_chosen, FileError};
use leptos::prelude::*;

/// The file picker, and a way back to the built-in questionnaire.
#[component]
pub fn QuestionnaireLoader(
    /// The shared workshop state.
    workshop: Workshop,
) -> impl IntoView {
    let on_change = move |event: leptos::ev::Event| {
        read_chosen(&event, MAX_FILE_BYTES, move |name, text| {
            let outcome = match text {
                Ok(text) => Questionnaire::from_json(&text).map(|q| (q, text)),
                Err(FileError::TooLarge { bytes }) => Err(QuestionnaireError::TooLarge { bytes }),
                Err(other) => Err(QuestionnaireError::NotJson(other.to_string())),
            };
            match outcome {
                Ok((questionnaire, text)) => {
                    let message = format!(
                        "Loaded \"{}\" (version {}) from {name}: {} areas, {} questions. A new assessment answering it has started.",
                        questionnaire.title,
                        questionnaire.version,
                        questionnaire.areas.len(),
                        questionnaire.question_count()
                    );
                    let title = format!("{}: new assessment", questionnaire.title);
                    if workshop.create(Some((questionnaire, text)), &title) {
                        workshop.notice.set(Some(Notice::info(message)));
                        workshop.tab.set(Tab::Questions);
                    }
                }
                Err(error) => workshop.notice.set(Some(Notice::error(
                    format!(
                        "{name} cannot be used as a questionnaire; nothing was changed. {} problem(s):",
                        error.lines().len()
                    ),
                    error.lines(),
                ))),
            }
        });
    };
    let is_custom = move || workshop.is_custom.get();
    let use_built_in = move |_| {
        if workshop.create(None, "Untitled assessment") {
            workshop.tab.set(Tab::Questions);
        }
    };
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
                <button type="button" data-testid="use-built-in" on:click=use_built_in>
                    "New assessment with the built-in questionnaire"
                </button>
            </Show>
        </div>
    }
}
