//! Component tests in a real browser (wasm-bindgen-test in headless Chromium).
//! Run by scripts/test with `cargo test --target wasm32-unknown-unknown --test components`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use mlops_maturity::app::AreaSection;
use mlops_maturity::domain::questionnaire::Questionnaire;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the test page to mount a component into.
fn container() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.dyn_into().unwrap()
}

#[wasm_bindgen_test]
async fn clicking_an_option_records_the_answer_and_updates_area_progress() {
    let questionnaire = Questionnaire::built_in().unwrap();
    let area = questionnaire.areas[0].clone();
    let question_id = area.questions[0].id.clone();
    let total = area.questions.len();
    let answers = RwSignal::new(BTreeMap::new());
    let root = container();
    let _mounted =
        leptos::mount::mount_to(root.clone(), move || view! { <AreaSection area answers /> });

    let progress = root
        .query_selector("[data-testid=area-progress]")
        .unwrap()
        .unwrap();
    assert_eq!(
        progress.text_content().unwrap(),
        format!("0 of {total} answered")
    );

    // The third option of the first question is level 2.
    let option: web_sys::HtmlElement = root
        .query_selector_all("fieldset.question input[type=radio]")
        .unwrap()
        .item(2)
        .unwrap()
        .dyn_into()
        .unwrap();
    option.click();
    leptos::task::tick().await;

    assert_eq!(
        answers.with_untracked(|a| a.get(&question_id).copied()),
        Some(mlops_maturity::domain::answer::Answer::Level(2))
    );
    assert_eq!(
        progress.text_content().unwrap(),
        format!("1 of {total} answered")
    );
    let selected = root.query_selector_all(".option.selected").unwrap();
    assert_eq!(selected.length(), 1, "exactly one option shows as selected");
}
