//! The Leptos shell: pages and components that show domain data and collect answers.
//!
//! No scoring or parsing rules live here; components call into `crate::domain`.

mod questionnaire_view;

pub use questionnaire_view::{AreaSection, QuestionnaireView};

use crate::domain::questionnaire::Questionnaire;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    match Questionnaire::built_in() {
        Ok(questionnaire) => view! { <QuestionnaireView questionnaire /> }.into_any(),
        Err(error) => view! {
            <p class="error" role="alert">
                "The built-in questionnaire could not be read: " {error.to_string()}
            </p>
        }
        .into_any(),
    }
}

/// Replaces the static loading shell in `index.html` (`#app`) with the live application.
pub fn mount() {
    let shell = document()
        .get_element_by_id("app")
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    match shell {
        Some(shell) => {
            shell.set_text_content(None);
            leptos::mount::mount_to(shell, App).forget();
        }
        None => leptos::mount::mount_to_body(App),
    }
}
