//! The questionnaire screen: every area with its questions and answer options.

use crate::domain::answer::Answer;
use crate::domain::questionnaire::{Area, Question, Questionnaire};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Answers given so far, keyed by question id.
pub type Answers = RwSignal<BTreeMap<String, Answer>>;

/// The questionnaire with an area index, overall progress and one section per area.
#[component]
pub fn QuestionnaireView(
    /// The questionnaire to walk through.
    questionnaire: Questionnaire,
) -> impl IntoView {
    let answers: Answers = RwSignal::new(BTreeMap::new());
    let total = questionnaire.question_count();
    let answered = move || answers.with(BTreeMap::len);
    let index = questionnaire
        .areas
        .iter()
        .map(|area| {
            let href = format!("#area-{}", area.id);
            view! { <li><a href=href>{area.title.clone()}</a></li> }
        })
        .collect_view();
    let sections = questionnaire
        .areas
        .into_iter()
        .map(|area| view! { <AreaSection area answers /> })
        .collect_view();
    view! {
        <div class="assessment">
            <h1>{questionnaire.title}</h1>
            <p class="questionnaire-meta">
                {questionnaire.description} " "
                <span class="version">{format!("(questionnaire {} v{})", questionnaire.id, questionnaire.version)}</span>
            </p>
            <p class="progress" data-testid="progress">
                {answered} " of " {total} " questions answered"
            </p>
            <nav aria-label="Areas">
                <ol class="area-index">{index}</ol>
            </nav>
            {sections}
        </div>
    }
}

/// One area: its title, description, progress and questions.
#[component]
pub fn AreaSection(
    /// The area to show.
    area: Area,
    /// Where answers are read from and written to.
    answers: Answers,
) -> impl IntoView {
    let question_ids: Vec<String> = area.questions.iter().map(|q| q.id.clone()).collect();
    let total = question_ids.len();
    let answered = move || {
        answers.with(|given| {
            question_ids
                .iter()
                .filter(|id| given.contains_key(*id))
                .count()
        })
    };
    let heading_id = format!("area-{}-title", area.id);
    let questions = area
        .questions
        .into_iter()
        .map(|question| view! { <QuestionCard question answers /> })
        .collect_view();
    let labelled_by = heading_id.clone();
    view! {
        <section class="area" id=format!("area-{}", area.id) aria-labelledby=labelled_by>
            <h2 id=heading_id class="area-title">{area.title}</h2>
            <p class="area-description">{area.description}</p>
            <p class="area-progress" data-testid="area-progress">
                {answered} " of " {total} " answered"
            </p>
            {questions}
        </section>
    }
}

/// One question as a group of radio buttons: one per level, Don't know and Not applicable.
#[component]
fn QuestionCard(question: Question, answers: Answers) -> impl IntoView {
    let mut choices: Vec<(Answer, String, String)> = question
        .options
        .iter()
        .map(|option| {
            (
                Answer::Level(option.level),
                option.text.clone(),
                option.help.clone(),
            )
        })
        .collect();
    choices.push((
        Answer::DontKnow,
        "Nobody here knows for sure.".into(),
        String::new(),
    ));
    choices.push((
        Answer::NotApplicable,
        "This does not apply to us.".into(),
        String::new(),
    ));

    let id = question.id.clone();
    let options = choices
        .into_iter()
        .map(|(answer, text, help)| {
            let checked_id = id.clone();
            let set_id = id.clone();
            let is_checked = move || answers.with(|given| given.get(&checked_id) == Some(&answer));
            let choose = move |_| {
                answers.update(|given| {
                    given.insert(set_id.clone(), answer);
                })
            };
            let is_selected = is_checked.clone();
            let help =
                (!help.is_empty()).then(|| view! { <span class="option-help">{help}</span> });
            view! {
                <label class="option" class:selected=is_selected>
                    <input type="radio" name=id.clone() prop:checked=is_checked on:change=choose />
                    <span class="option-level">{answer.label()}</span>
                    <span class="option-text">{text}</span>
                    {help}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="question" data-question=question.id.clone()>
            <legend>{question.prompt}</legend>
            <details class="help">
                <summary>"Facilitator notes"</summary>
                <p>{question.help}</p>
            </details>
            <div class="options">{options}</div>
        </fieldset>
    }
}
