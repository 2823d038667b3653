//! The Leptos shell: pages and components that show domain data and collect answers.
//!
//! No scoring or parsing rules live here; components call into `crate::domain`.

mod questionnaire_loader;
mod questionnaire_view;

pub use questionnaire_loader::QuestionnaireLoader;
pub use questionnaire_view::{AreaSection, QuestionnaireView};

use crate::domain::questionnaire::Questionnaire;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    match Questionnaire::built_in() {
        Ok(built_in) => {
            let active = RwSignal::new(built_in);
            view! {
                <QuestionnaireLoader active />
                // A new questionnaire means a new assessment: the view is rebuilt with
                // fresh answers.
                {move || view! { <QuestionnaireView questionnaire=active.get() /> }}
            }
            .into_any()
        }
        Err(error) => view! {
            <div class="error" role="alert">
                <p>"The built-in questionnaire could not be read:"</p>
                <ul>{error.lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </div>
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
