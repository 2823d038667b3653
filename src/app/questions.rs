//! The answering flow: areas as steps with progress, the questions of the current area,
//! keyboard shortcuts with a visible legend, facilitator help and notes.

use super::state::Workshop;
use crate::domain::answer::Answer;
use crate::domain::questionnaire::Question;
use crate::domain::room;
use crate::domain::shortcuts::{shortcut_for, Shortcut, LEGEND, ROOM_LEGEND};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The questions view with its area steps, shortcut legend and keyboard handling.
#[component]
pub fn QuestionsPage(
    /// The shared workshop state.
    workshop: Workshop,
) -> impl IntoView {
    let positions = Memo::new(move |_| workshop.positions());
    let help_open = RwSignal::new(None::<String>);
    let room_opened = RwSignal::new(None::<String>);
    let respondent = workshop.respondent_mode;
    let current_area = Memo::new(move |_| {
        positions.with(|p| p.get(workshop.current.get()).map(|(a, _)| *a).unwrap_or(0))
    });
    let current_id = Memo::new(move |_| {
        let (area, index) = positions.with(|p| p.get(workshop.current.get()).copied())?;
        workshop
            .questionnaire
            .with(|q| Some(q.areas.get(area)?.questions.get(index)?.id.clone()))
    });

    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || typing_in_a_field(&event) {
            return;
        }
        let Some(shortcut) = shortcut_for(&event.key()) else {
            return;
        };
        let Some(id) = current_id.get_untracked() else {
            return;
        };
        event.prevent_default();
        let last = positions.with_untracked(Vec::len).saturating_sub(1);
        let step = |delta: isize| {
            workshop
                .current
                .update(|c| *c = (*c as isize + delta).clamp(0, last as isize) as usize)
        };
        let by_facilitator = !respondent.get_untracked();
        match shortcut {
            Shortcut::AgreeMedian if by_facilitator => {
                if workshop.edit_returning(|a| room::agree_with_median(a, &id)) {
                    step(1);
                } else {
                    workshop.notice.set(Some(super::state::Notice::error(
                        "The room has given no answer to this question yet: press V to type it.",
                        Vec::new(),
                    )));
                }
            }
            Shortcut::EditRoom if by_facilitator => {
                room_opened.set(Some(id.clone()));
                let people = workshop
                    .assessment
                    .with_untracked(|a| !a.respondents.is_empty());
                let field = if people { "room-votes" } else { "room-hands" };
                focus_in_room(&id, &format!("#{field}-{}", css_id(&id)));
            }
            Shortcut::EditRationale if by_facilitator => {
                room_opened.set(Some(id.clone()));
                focus_in_room(&id, &format!("#rationale-{}", css_id(&id)));
            }
            Shortcut::AgreeMedian | Shortcut::EditRoom | Shortcut::EditRationale => {}
            Shortcut::Answer(answer) => {
                workshop.answer(&id, Some(answer));
                step(1);
            }
            Shortcut::Clear => workshop.answer(&id, None),
            Shortcut::Next => step(1),
            Shortcut::Previous => step(-1),
            Shortcut::ToggleHelp => {
                help_open.update(|open| {
                    *open = if open.as_deref() == Some(id.as_str()) {
                        None
                    } else {
                        Some(id)
                    }
                });
            }
            Shortcut::EditNote => focus_note(&id),
        }
    });
    on_cleanup(move || keys.remove());

    // Keep the current question in view, and keyboard focus on it, as it moves. The first
    // question of an area brings its heading along.
    Effect::new(move |ran_before: Option<()>| {
        if let Some(id) = current_id.get() {
            focus_follows(&id);
            // When the view starts on the first question nothing needs scrolling: the page
            // shows it, or the reader scrolled on purpose (the static first screen can be
            // scrolled before the app takes it over). No layout read either: even reading
            // the scroll position lays out the whole new page, which cost about a third
            // of the app's start-up task.
            if ran_before.is_none() && workshop.current.get_untracked() == 0 {
                return;
            }
            let first_of_area = positions
                .with(|p| {
                    p.get(workshop.current.get_untracked())
                        .map(|(_, i)| *i == 0)
                })
                .unwrap_or(false);
            let selector = if first_of_area {
                "h2.area-title".to_string()
            } else {
                format!("[data-question=\"{id}\"]")
            };
            if let Ok(Some(element)) = document().query_selector(&selector) {
                keep_in_view(&element);
            }
        }
    });

    let steps = move || {
        workshop.questionnaire.with(|q| {
            q.areas
                .iter()
                .enumerate()
                .map(|(index, area)| {
                    let ids: Vec<String> = area.questions.iter().map(|q| q.id.clone()).collect();
                    let total = ids.len();
                    let answered = Memo::new(move |_| {
                        workshop
                            .assessment
                            .with(|a| ids.iter().filter(|id| a.answer(id).is_some()).count())
                    });
                    let go = move |_| {
                        let first =
                            positions.with_untracked(|p| p.iter().position(|(a, _)| *a == index));
                        if let Some(first) = first {
                            workshop.current.set(first);
                        }
                    };
                    let is_current = Memo::new(move |_| current_area.get() == index);
                    view! {
                        <li>
                            <button
                                type="button"
                                class="step"
                                class:current=move || is_current.get()
                                aria-current=move || is_current.get().then_some("step")
                                on:click=go
                            >
                                <span class="step-title">{area.title.clone()}</span>
                                <span class="step-progress" data-testid="step-progress">
                                    {move || answered.get()} "/" {total}
                                </span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    let area_view = move || {
        let index = current_area.get();
        let Some(area) = workshop.questionnaire.with(|q| q.areas.get(index).cloned()) else {
            return ().into_any();
        };
        let offset =
            positions.with_untracked(|p| p.iter().position(|(a, _)| *a == index).unwrap_or(0));
        let cards = area
            .questions
            .into_iter()
            .enumerate()
            .map(|(i, question)| {
                view! { <QuestionCard workshop question position=offset + i help_open room_opened /> }
            })
            .collect_view();
        view! {
            <section class="area" aria-labelledby="area-title">
                <h2 id="area-title" class="area-title">{area.title}</h2>
                <p class="area-description">{area.description}</p>
                {cards}
            </section>
        }
        .into_any()
    };

    view! {
        <div class="questions-page">
            <nav class="steps" aria-label="Areas">
                <ol>{steps}</ol>
            </nav>
            <div class="questions-main">{area_view}</div>
            <aside class="legend" aria-label="Keyboard shortcuts">
                <h2>"Keys"</h2>
                <dl>
                    {LEGEND
                        .iter()
                        .map(|(key, what)| view! { <dt><kbd>{*key}</kbd></dt><dd>{*what}</dd> })
                        .collect_view()}
                    <Show when=move || !respondent.get()>
                        {ROOM_LEGEND
                            .iter()
                            .map(|(key, what)| view! { <dt><kbd>{*key}</kbd></dt><dd>{*what}</dd> })
                            .collect_view()}
                    </Show>
                </dl>
            </aside>
        </div>
    }
}

/// Whether a key press belongs to a field that takes text (a note, a name, a number):
/// there the keys type. Radio buttons, check boxes and buttons take no text, so after a
/// click on an option the shortcuts keep working.
fn typing_in_a_field(event: &web_sys::KeyboardEvent) -> bool {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    match element.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            element.get_attribute("type").as_deref(),
            Some("radio" | "checkbox" | "button" | "submit" | "reset")
        ),
        _ => element.is_content_editable(),
    }
}

/// Scrolls `element` into view below the sticky bar: the browser's own scrolling knows
/// nothing of the bar and would leave the top of the element under it.
fn keep_in_view(element: &web_sys::Element) {
    // One layout read, and a scroll only when the element is not wholly visible: the
    // browser's scrollIntoView lays out and scrolls on every call, which cost about a
    // third of each answer's main-thread time on a slow machine.
    let bar_bottom = document()
        .query_selector(".topbar")
        .ok()
        .flatten()
        .map(|bar| bar.get_bounding_client_rect().bottom())
        .unwrap_or(0.0);
    let rect = element.get_bounding_client_rect();
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let room = 8.0;
    let top_limit = bar_bottom + room;
    if rect.top() < top_limit {
        window().scroll_by_with_x_and_y(0.0, rect.top() - top_limit);
    } else if rect.bottom() > height - room {
        // Down just enough to show it whole, never so far that its top goes under the bar.
        let down = (rect.bottom() - height + room).min(rect.top() - top_limit);
        window().scroll_by_with_x_and_y(0.0, down);
    }
}

/// Moves keyboard focus to the current question when it was on another question's
/// option, so focus follows J, K and answers instead of staying behind (where an arrow key
/// would change the old question's answer).
fn focus_follows(question_id: &str) {
    let document = document();
    let Some(active) = document.active_element() else {
        return;
    };
    let on_an_option = active.get_attribute("type").as_deref() == Some("radio");
    let in_question = active.closest("fieldset.question").ok().flatten();
    let Some(question) = in_question.filter(|_| on_an_option) else {
        return;
    };
    if question.get_attribute("data-question").as_deref() == Some(question_id) {
        return;
    }
    let selector = format!(
        "[data-question=\"{question_id}\"] input:checked, [data-question=\"{question_id}\"] input[type=radio]"
    );
    if let Ok(Some(target)) = document.query_selector(&selector) {
        if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
            let _ = target.focus();
        }
    }
}

/// A question id as it appears in an element id selector: ids are letters, digits, `_`,
/// `-` and dots (the validator's rule), and dots must be escaped in CSS.
fn css_id(question_id: &str) -> String {
    question_id.replace('.', "\\.")
}

/// Opens the room's panel of a question and puts the cursor in one of its fields before
/// the next key press is handled: keys typed right after V must land in the field, not
/// answer the question. The panel's fields are built when it opens, by an effect that runs
/// in a microtask; this runs in the microtask after it, still before the next key's task
/// (never on the next frame, which fast typing outruns).
fn focus_in_room(question_id: &str, field: &str) {
    let (question_id, field) = (question_id.to_string(), field.to_string());
    wasm_bindgen_futures::spawn_local(async move { focus_now(&question_id, &field) });
}

fn focus_now(question_id: &str, field: &str) {
    let document = document();
    let panel = format!("[data-question=\"{question_id}\"] details.room");
    if let Ok(Some(panel)) = document.query_selector(&panel) {
        let _ = panel.set_attribute("open", "");
    }
    if let Ok(Some(element)) = document.query_selector(field) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

fn focus_note(question_id: &str) {
    let selector = format!("[data-question=\"{question_id}\"] textarea");
    if let Ok(Some(element)) = document().query_selector(&selector) {
        if let Ok(area) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = area.focus();
        }
    }
}

/// A question's answers in the order its radio buttons show them (a radio's `value` is
/// its index here): its levels, then Don't know and Not applicable.
pub fn choices_of(question: &Question) -> Vec<Answer> {
    question
        .options
        .iter()
        .map(|o| Answer::Level(o.level))
        .chain([Answer::DontKnow, Answer::NotApplicable])
        .collect()
}

/// One question: its options as radio buttons, help on demand and a notes field.
#[component]
fn QuestionCard(
    workshop: Workshop,
    question: Question,
    /// Index over the whole questionnaire.
    position: usize,
    help_open: RwSignal<Option<String>>,
    room_opened: RwSignal<Option<String>>,
) -> impl IntoView {
    let respondent = workshop.respondent_mode;
    let id = question.id.clone();
    // Each card reads its own answer and note through memos: an answer changes the
    // assessment, and only the card whose values changed may touch the DOM.
    let chosen = {
        let id = id.clone();
        Memo::new(move |_| workshop.assessment.with(|a| a.answer(&id)))
    };
    let is_current = Memo::new(move |_| workshop.current.get() == position);
    let mut choices: Vec<(String, String)> = question
        .options
        .iter()
        .map(|o| (o.text.clone(), o.help.clone()))
        .collect();
    choices.push((
        "Nobody here knows for sure; follow up after the workshop.".into(),
        String::new(),
    ));
    choices.push(("This does not apply to this team.".into(), String::new()));
    let options = choices_of(&question)
        .into_iter()
        .zip(choices)
        .enumerate()
        .map(|(index, (answer, (text, help)))| {
            let set_id = id.clone();
            let checked = Memo::new(move |_| chosen.get() == Some(answer));
            let selected = move || checked.get();
            let choose = move |_| {
                workshop.answer(&set_id, Some(answer));
                workshop.current.set(position);
            };
            let help =
                (!help.is_empty()).then(|| view! { <span class="option-help">{help}</span> });
            view! {
                <label class="option" class:selected=selected>
                    <input type="radio" name=id.clone() value=index.to_string() prop:checked=move || checked.get() on:change=choose />
                    <span class="option-level">{answer.label()}</span>
                    <span class="option-text">{text}</span>
                    {help}
                </label>
            }
        })
        .collect_view();
    let (note_id, input_id, help_id, toggle_id) = (id.clone(), id.clone(), id.clone(), id.clone());
    let note = Memo::new(move |_| workshop.assessment.with(|a| a.note(&note_id).to_string()));
    let on_note = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        workshop.set_note(&input_id, value);
    };
    let leave_note = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            if let Some(field) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = field.blur();
            }
        }
    };
    let help_is_open = move || help_open.get().as_deref() == Some(help_id.as_str());
    let on_toggle = move |event: leptos::ev::Event| {
        let open = event_target::<web_sys::HtmlDetailsElement>(&event).open();
        help_open.update(|current| {
            if open {
                *current = Some(toggle_id.clone());
            } else if current.as_deref() == Some(toggle_id.as_str()) {
                *current = None;
            }
        });
    };
    let note_label = format!("note-{}", question.id);
    view! {
        <fieldset
            class="question"
            class:current=move || is_current.get()
            data-question=question.id.clone()
            on:focusin=move |_| workshop.current.set(position)
        >
            <legend>{format!("{}. ", position + 1)} {question.prompt}</legend>
            <details class="help" prop:open=help_is_open on:toggle=on_toggle>
                <summary>"Facilitator help"</summary>
                <p>{question.help}</p>
            </details>
            {
                let last_id = id.clone();
                let last = Memo::new(move |_| {
                    workshop.assessment.with(|a| crate::domain::progress::last_time(a, &last_id))
                });
                move || {
                    last.get().map(|answer| {
                        view! { <p class="last-time" data-testid="last-time">"Last time: " {answer.label()}</p> }
                    })
                }
            }
            <div class="options">{options}</div>
            // A respondent's answers go back without notes: the workshop writes those.
            <Show when=move || !respondent.get()>
                <super::room::RoomPanel workshop question_id=id.clone() opened=room_opened />
                <label class="note" for=note_label.clone()>"Notes"</label>
                <textarea id=note_label.clone() class="note-field" rows="2" prop:value=note on:input=on_note.clone() on:keydown=leave_note></textarea>
            </Show>
        </fieldset>
    }
}
