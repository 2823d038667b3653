//! Component tests in a real browser (wasm-bindgen-test in headless Chromium).
//! Run by scripts/test with `cargo test --target wasm32-unknown-unknown --test components`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use mlops_maturity::app::state::read_library;
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
    let workshop = Workshop::on(read_library(questionnaire, Some(Reader::ALL)));
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

/// Waits `ms` milliseconds (a timer, so the browser's own tasks run meanwhile).
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// An SVG image as a data URL, like the charts.
fn svg_url(fill: &str) -> String {
    mlops_maturity::domain::charts::data_url(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\" fill=\"{fill}\"/><text y=\"15\">A</text></svg>"
    ))
}

/// The chart images are drawn ahead while Results is hidden, some still loading: each is
/// drawn once it has loaded, and its handler goes with that first load, so that the next
/// chart the image shows loads without calling a handler that has run already (which
/// throws).
#[wasm_bindgen_test]
async fn images_drawn_ahead_while_loading_are_drawn_once_and_load_again_cleanly() {
    use std::cell::Cell;
    use std::rc::Rc;
    let errors = Rc::new(Cell::new(0));
    let on_error = {
        let errors = errors.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            errors.set(errors.get() + 1)
        })
    };
    window()
        .add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())
        .unwrap();
    let root = container();
    let loaded: web_sys::HtmlImageElement =
        document().create_element("img").unwrap().unchecked_into();
    let loading: web_sys::HtmlImageElement =
        document().create_element("img").unwrap().unchecked_into();
    root.append_child(&loaded).unwrap();
    root.append_child(&loading).unwrap();
    loaded.set_src(&svg_url("red"));
    wasm_bindgen_futures::JsFuture::from(loaded.decode())
        .await
        .unwrap();
    loading.set_src(&svg_url("blue"));
    assert!(
        loaded.complete() && !loading.complete(),
        "the test needs one image still loading"
    );

    mlops_maturity::platform::images::draw_ahead(&root);
    assert!(loaded.onload().is_none(), "a loaded image is drawn at once");
    assert!(
        loading.onload().is_some(),
        "a loading image is drawn once it has loaded"
    );
    for _ in 0..100 {
        if loading.onload().is_none() {
            break;
        }
        pause(10).await;
    }
    assert!(
        loading.complete() && loading.onload().is_none(),
        "drawn once loaded"
    );

    // The next chart: the image loads again, with no handler left to call.
    loading.set_src(&svg_url("green"));
    wasm_bindgen_futures::JsFuture::from(loading.decode())
        .await
        .unwrap();
    pause(50).await;
    assert_eq!(errors.get(), 0, "an error was thrown on the page");
    window()
        .remove_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())
        .unwrap();
}

/// The browser's store answers "does this key still hold what I wrote?" by comparing in JS
/// (see `platform::storage`): it must agree with reading the value back in every case,
/// another tab's writes and removals included.
#[wasm_bindgen_test]
fn the_browser_store_knows_whether_a_key_still_holds_what_was_written() {
    use mlops_maturity::domain::workspace::Store;
    use mlops_maturity::platform::storage::LocalStore;
    let storage = window().local_storage().unwrap().unwrap();
    let key = "mlops-test-holds";
    let mut store = LocalStore;
    store.write(key, "ours").unwrap();
    assert!(store.holds(key, Some("ours")));
    assert!(!store.holds(key, Some("theirs")));
    assert!(!store.holds(key, None));
    // Another tab writes other text, then the same text anew: both are seen as they are.
    storage.set_item(key, "theirs").unwrap();
    assert!(!store.holds(key, Some("ours")));
    assert!(store.holds(key, Some("theirs")));
    storage.set_item(key, "ours").unwrap();
    assert!(store.holds(key, Some("ours")));
    // Another tab removes it.
    storage.remove_item(key).unwrap();
    assert!(!store.holds(key, Some("ours")));
    assert!(store.holds(key, None));
    // A long text beyond ASCII, then other keys written until it is no longer remembered:
    // the answer stays right either way.
    let long = "é, ü and 😀 ".repeat(2_000);
    store.write(key, &long).unwrap();
    assert!(store.holds(key, Some(&long)));
    assert!(!store.holds(key, Some(&long[..long.len() - 1])));
    for other in 0..5 {
        store.write(&format!("{key}-{other}"), "x").unwrap();
    }
    assert!(store.holds(key, Some(&long)));
    storage.set_item(key, "changed").unwrap();
    assert!(!store.holds(key, Some(&long)));
    // A key this page removed holds nothing.
    store.write(key, "ours").unwrap();
    store.remove(key);
    assert!(!store.holds(key, Some("ours")));
    assert!(store.holds(key, None));
    for other in 0..5 {
        store.remove(&format!("{key}-{other}"));
    }
}
