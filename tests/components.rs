//! Component tests in a real browser (wasm-bindgen-test in headless Chromium).
//! Run by scripts/test with `cargo test --target wasm32-unknown-unknown --test components`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use mlops_maturity::app::{QuestionsPage, Workshop};
use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::questionnaire::{Questionnaire, Reader};
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

fn press(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    window().dispatch_event(&event).unwrap();
}

fn first_step_progress(root: &web_sys::HtmlElement) -> String {
    root.query_selector("[data-testid=step-progress]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
}

#[wasm_bindgen_test]
async fn clicks_and_keys_answer_questions_and_update_progress() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
    let questionnaire = Questionnaire::built_in().unwrap();
    let first = questionnaire.areas[0].questions[0].id.clone();
    let second = questionnaire.areas[0].questions[1].id.clone();
    let total = questionnaire.areas[0].questions.len();
    // The app starts the workshop while mounting; here it starts first, so set up what
    // mounting would: the async executor and a reactive owner.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    let workshop = Workshop::start(questionnaire, Some(Reader::ALL));
    let root = container();
    let _mounted =
        leptos::mount::mount_to(root.clone(), move || view! { <QuestionsPage workshop /> });
    assert_eq!(first_step_progress(&root), format!("0/{total}"));

    // A click on the third option of the first question answers level 2.
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
        workshop.assessment.with_untracked(|a| a.answer(&first)),
        Some(Answer::Level(2))
    );
    assert_eq!(first_step_progress(&root), format!("1/{total}"));
    assert_eq!(
        root.query_selector_all(".option.selected")
            .unwrap()
            .length(),
        1
    );

    // Keys answer the current question and move on: "3" re-answers the first, "d" the second.
    press("3");
    press("d");
    leptos::task::tick().await;
    workshop.assessment.with_untracked(|a| {
        assert_eq!(a.answer(&first), Some(Answer::Level(3)));
        assert_eq!(a.answer(&second), Some(Answer::DontKnow));
    });
    assert_eq!(workshop.current.get_untracked(), 2);
    assert_eq!(first_step_progress(&root), format!("2/{total}"));
    // The report memo follows the one assessment signal.
    assert_eq!(workshop.report.with_untracked(|r| r.answered), 2);

    // "k" goes back, "x" clears the answer there.
    press("k");
    press("x");
    leptos::task::tick().await;
    assert_eq!(
        workshop.assessment.with_untracked(|a| a.answer(&second)),
        None
    );

    // Every change was saved to localStorage at once.
    use mlops_maturity::domain::workspace::{entry_key, Entry, Store};
    let id = workshop.entry_id.get_untracked();
    let stored = mlops_maturity::platform::storage::LocalStore
        .read(&entry_key(&id))
        .expect("the open entry is stored");
    let stored = Entry::decode(&stored).unwrap().entry;
    assert_eq!(stored.assessment.answer(&first), Some(Answer::Level(3)));
    assert_eq!(stored.assessment.answer(&second), None);
}
