//! The answering flow: areas as steps with progress, the questions of the current area,
//! keyboard shortcuts with a visible legend, facilitator help and notes.

use super::part::PartState;
use super::room::RoomPart;
use super::state::Workshop;
use crate::domain::answer::Answer;
use crate::domain::assessment::{Assessment, Response};
use crate::domain::markup::{choices_of, help_html, options_html, step_progress, steps_html};
use crate::domain::order::SortedMap;
use crate::domain::questionnaire::Question;
use crate::domain::room;
use crate::domain::shortcuts::{legend_html, shortcut_for, Shortcut};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
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

    let shown = PerQuestion::new(workshop);
    let room_active = Memo::new(move |_| super::room::room_active(workshop));
    // The view stays on the page, hidden, while another view shows (see the Shell): then
    // its keys do nothing and it moves neither focus nor the scroll position.
    let on_screen = Memo::new(move |_| super::questions_on_screen(workshop));

    let room_part = RoomPart::new();
    let keys = Keys {
        workshop,
        positions,
        current_id,
        help_open,
        room_opened,
        room_part,
        held: Rc::new(RefCell::new(None)),
    };
    // The room's part: asked for when a panel first opens, never in the background (one
    // pair of benchmark runs hinted that compiling it slowed the answers given meanwhile,
    // and the service worker has its file for offline use). When it arrives (or cannot),
    // the keys held for a field go to it once the field is on the page (see
    // `Keys::settle`: the effect that builds it may run after this one).
    super::effect(move || {
        if room_active.get() || room_opened.with(Option::is_some) {
            room_part.ensure();
        }
    });
    {
        let keys = keys.clone();
        super::effect(move || {
            if room_part.state().settled() {
                keys.clone().settle_soon();
            }
        });
    }

    let card = Card {
        workshop,
        shown,
        help_open,
        room_opened,
        room_active,
        room_part,
    };
    let build = move |index: usize| area_view(card.clone(), positions, index);
    let carry_over = move |area: &web_sys::Element| super::carry_over_from(workshop, area);
    let areas = Rc::new(RefCell::new(Areas::new(
        Owner::current(),
        Rc::new(build),
        Rc::new(carry_over),
    )));
    {
        let areas = areas.clone();
        super::effect(move || {
            let current = current_id.get();
            Areas::mark_current(&areas, current.as_deref());
        });
    }
    let listener = {
        let areas = areas.clone();
        window_event_listener(leptos::ev::keydown, move |event| {
            if !on_screen.get_untracked()
                || event.ctrl_key()
                || event.meta_key()
                || event.alt_key()
                || typing_in_a_field(&event)
            {
                return;
            }
            // A key acts on the real first area, never on the static copy standing in.
            Areas::replace_stand_in(&areas);
            if keys.press(&event.key()) {
                event.prevent_default();
            }
        })
    };
    on_cleanup(move || listener.remove());
    let generation = Memo::new(move |changes: Option<&usize>| {
        // Read, not only tracked (see `Workshop::library_changes`).
        workshop.questionnaire.with(|_| ());
        // A respondent's cards have no notes or room panel (see `QuestionCard`).
        workshop.respondent_mode.get();
        changes.map_or(0, |n| n + 1)
    });
    let area_count = move || workshop.questionnaire.with_untracked(|q| q.areas.len());
    // The first area goes into the page as the view is built (a directive runs then), so
    // the view is never shown without it.
    let attach_areas = {
        let areas = areas.clone();
        move |main: web_sys::Element| {
            areas.borrow_mut().main = Some(main);
            untrack(|| {
                let shown = (generation.get_untracked(), area_count());
                areas.borrow_mut().count = shown.1;
                match super::take_stand_in().filter(|_| super::static_copy_shows(workshop)) {
                    Some(stand_in) => Areas::stand_in(&areas, shown.0, stand_in),
                    None => Areas::show(&areas, shown, current_area.get_untracked()),
                }
            });
        }
    };
    // While the first area is built behind the static copy's (see `Areas::stand_in`), a
    // change that copy cannot show (an answer, another current question) shows the real
    // one at once; so does any key (see the listener above).
    {
        let areas = areas.clone();
        super::effect(move || {
            if !blank_start(workshop) {
                untrack(|| Areas::replace_stand_in(&areas));
            }
        });
    }
    // Later, the current area on the page, then the current question in view with keyboard
    // focus on it, in that order. The first question of an area brings its heading along.
    // Coming back to the view brings the current question back into view.
    let mut ran_before = false;
    super::effect(move || {
        let first_run = !std::mem::replace(&mut ran_before, true);
        let shown = (generation.get(), area_count());
        let area = current_area.get();
        untrack(|| Areas::show(&areas, shown, area));
        if !on_screen.get() {
            return;
        }
        if let Some(id) = current_id.get() {
            focus_follows(&id);
            // When the view starts on the first question nothing needs scrolling: the page
            // shows it, or the reader scrolled on purpose (the static first screen can be
            // scrolled before the app takes it over). No layout read either: even reading
            // the scroll position lays out the whole new page, which cost about a third
            // of the app's start-up task.
            if first_run && workshop.current.get_untracked() == 0 {
                return;
            }
            let first_of_area = positions
                .with(|p| {
                    p.get(workshop.current.get_untracked())
                        .map(|(_, i)| *i == 0)
                })
                .unwrap_or(false);
            let selector = if first_of_area {
                "section.area:not([hidden]) h2.area-title".to_string()
            } else {
                format!("[data-question=\"{id}\"]")
            };
            // Measured in the next animation frame, once every effect of this change has
            // written to the DOM: reading the layout here, before the cards' own updates,
            // had the browser lay the page out twice for one answer.
            request_animation_frame(move || {
                if let Ok(Some(element)) = document().query_selector(&selector) {
                    keep_in_view(&element);
                }
            });
        }
    });

    // The steps are set as HTML in one go (see `domain::markup`), and one effect keeps them
    // up to date in place: the list when the questionnaire changes, each step's count and
    // the current step when they change. One listener on the list takes every step's click.
    let progress = move || -> Vec<String> {
        workshop.questionnaire.with(|q| {
            workshop.assessment.with(|a| {
                q.areas
                    .iter()
                    .map(|area| {
                        let answered = area
                            .questions
                            .iter()
                            .filter(|question| a.answer(&question.id).is_some())
                            .count();
                        step_progress(answered, area.questions.len())
                    })
                    .collect()
            })
        })
    };
    let (first_progress, first_current) = untrack(|| (progress(), current_area.get()));
    let first_steps = workshop
        .questionnaire
        .with_untracked(|q| steps_html(&q.areas, &first_progress, first_current));
    let steps = NodeRef::<leptos::html::Ol>::new();
    let shown_steps =
        StoredValue::new((untrack(|| generation.get()), first_progress, first_current));
    super::effect(move || {
        let (generation, counts, current) = (generation.get(), progress(), current_area.get());
        let Some(list) = steps.get_untracked() else {
            return;
        };
        shown_steps.update_value(|(shown_generation, shown_counts, shown_current)| {
            if *shown_generation != generation {
                let html = workshop
                    .questionnaire
                    .with_untracked(|q| steps_html(&q.areas, &counts, current));
                list.set_inner_html(&html);
                *shown_generation = generation;
                *shown_counts = counts;
                *shown_current = current;
                return;
            }
            let buttons = list.children();
            let button = |index: usize| {
                buttons
                    .item(index as u32)
                    .and_then(|item| item.first_element_child())
            };
            for (index, count) in counts.iter().enumerate() {
                if shown_counts.get(index) != Some(count) {
                    if let Some(progress) = button(index).and_then(|b| b.last_element_child()) {
                        progress.set_text_content(Some(count));
                    }
                }
            }
            *shown_counts = counts;
            if *shown_current != current {
                for (index, on) in [(*shown_current, false), (current, true)] {
                    if let Some(button) = button(index) {
                        let _ = button.class_list().toggle_with_force("current", on);
                        if on {
                            let _ = button.set_attribute("aria-current", "step");
                        } else {
                            let _ = button.remove_attribute("aria-current");
                        }
                    }
                }
                *shown_current = current;
            }
        });
    });
    let go = move |event: leptos::ev::MouseEvent| {
        let index = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|target| target.closest("button.step").ok().flatten())
            .and_then(|step| step.get_attribute("data-area"))
            .and_then(|index| index.parse::<usize>().ok());
        let first = index.and_then(|index| {
            positions.with_untracked(|p| p.iter().position(|(a, _)| *a == index))
        });
        if let Some(first) = first {
            workshop.current.set(first);
        }
    };

    view! {
        <div class="questions-page">
            <nav class="steps" aria-label="Areas">
                <ol node_ref=steps inner_html=first_steps on:click=go></ol>
            </nav>
            // `=()`: without a value, Leptos 0.8's view macro takes the element for static
            // markup and drops the directive.
            <div class="questions-main" use:attach_areas=()></div>
            <aside class="legend" aria-label="Keyboard shortcuts">
                <h2>"Keys"</h2>
                <dl inner_html=move || legend_html(!respondent.get())></dl>
            </aside>
        </div>
    }
}

/// One area's view in pieces: its `<section>` with the heading and description, and what
/// builds each question card, so that the cards can be built one task at a time.
struct AreaView {
    section: AnyView,
    cards: Vec<CardBuild>,
}

/// Builds one question card's view (see [`AreaView`]).
type CardBuild = Box<dyn FnOnce() -> AnyView>;

/// One area's heading, description and question cards.
fn area_view(card: Card, positions: Memo<Vec<(usize, usize)>>, index: usize) -> Option<AreaView> {
    let workshop = card.workshop;
    let area = workshop
        .questionnaire
        .with_untracked(|q| q.areas.get(index).cloned())?;
    let offset = positions.with_untracked(|p| p.iter().position(|(a, _)| *a == index).unwrap_or(0));
    let cards = area
        .questions
        .into_iter()
        .enumerate()
        .map(|(i, question)| {
            let card = card.clone();
            Box::new(move || {
                view! { <QuestionCard card question position=offset + i /> }.into_any()
            }) as CardBuild
        })
        .collect();
    Some(AreaView {
        section: view! {
            <section class="area" aria-labelledby=format!("area-title-{index}")>
                <h2 id=format!("area-title-{index}") class="area-title">{area.title}</h2>
                <p class="area-description">{area.description}</p>
            </section>
        }
        .into_any(),
        cards,
    })
}

/// Whether the workshop is where the static first screen shows it: a fresh assessment (no
/// answer, no room, no earlier assessment), not a respondent's page, on the first question.
pub(super) fn blank_start(workshop: Workshop) -> bool {
    let fresh = workshop
        .assessment
        .with(|a| a.responses.is_empty() && a.respondents.is_empty() && a.lineage.is_none());
    fresh && !workshop.respondent_mode.get() && workshop.current.get() == 0
}

/// The areas built so far, kept on the page while the Questions view lives: only the
/// current one shows, the others are hidden (app.css hides them with `content-visibility`,
/// which keeps their style and layout). Building an area's cards (a hundred and more
/// elements with their effects) took about 30 ms of a slow laptop's main thread on every
/// area change, and putting a built area back into the page had the browser style and lay
/// out all of it again (about 36 ms at 4× CPU). So the areas not built yet are built when
/// the browser is idle, a piece per task: first the area's `<section>`, put on the page
/// hidden, then each question card, mounted into it and laid out at once. Moving to an
/// area shows it and little more. (Built whole, an area made tasks of 50-95 ms at 4× CPU
/// during the load, the first area's alone 146 ms; lazily compiled wasm is much of that.)
struct Areas {
    /// The view's owner: each area gets a child of it, so an area's memos and effects end
    /// with the view, or when the questionnaire changes.
    owner: Option<Owner>,
    build: Rc<dyn Fn(usize) -> Option<AreaView>>,
    /// Counts questionnaire changes: areas built from another questionnaire are dropped.
    generation: usize,
    /// The element that holds the areas.
    main: Option<web_sys::Element>,
    built: Vec<Option<Built>>,
    shown: Option<usize>,
    /// How many areas the questionnaire has.
    count: usize,
    /// An idle-time build is waiting.
    queued: bool,
    /// The static copy's first area, shown as the first area until that is built.
    stand_in: Option<web_sys::Element>,
    /// Gives the assessment what was answered on the stand-in.
    carry_over: Rc<dyn Fn(&web_sys::Element)>,
}

/// An area built so far: its owner (its memos and effects), its `<section>`'s view and
/// element, the cards built into it and the cards still to build.
struct Built {
    owner: Owner,
    state: AnyViewState,
    section: web_sys::Element,
    /// Whether the section is in the page (hidden unless it is the area shown).
    placed: bool,
    cards: Vec<AnyViewState>,
    to_build: std::collections::VecDeque<CardBuild>,
}

impl Areas {
    fn new(
        owner: Option<Owner>,
        build: Rc<dyn Fn(usize) -> Option<AreaView>>,
        carry_over: Rc<dyn Fn(&web_sys::Element)>,
    ) -> Self {
        Self {
            owner,
            build,
            stand_in: None,
            carry_over,
            generation: 0,
            main: None,
            built: Vec::new(),
            shown: None,
            count: 0,
            queued: false,
        }
    }

    /// Shows area `index`: of the questionnaire seen `generation` times, which has `count`
    /// areas.
    fn show(this: &Rc<RefCell<Self>>, (generation, count): (usize, usize), index: usize) {
        let mut areas = this.borrow_mut();
        areas.count = count;
        if areas.stand_in.is_some() {
            if areas.generation == generation && index == 0 {
                return;
            }
            // Another area before the first was built: the stand-in goes at once.
            let stand_in = areas.stand_in.take();
            areas.shown = None;
            drop(areas);
            if let Some(stand_in) = stand_in {
                Self::retire(this, &stand_in);
            }
            areas = this.borrow_mut();
        }
        if areas.generation != generation {
            for built in areas.built.iter_mut().flatten() {
                built.state.unmount();
            }
            areas.built.clear();
            areas.shown = None;
            areas.generation = generation;
        }
        if areas.shown == Some(index) {
            return;
        }
        areas.ensure_built(index);
        while areas.build_card(index) {}
        if let Some(section) = areas.ensure_placed(index) {
            let _ = section.remove_attribute("hidden");
            if let Some(before) = areas.shown.and_then(|shown| areas.section(shown)) {
                let _ = before.set_attribute("hidden", "");
            }
            areas.shown = Some(index);
        }
        let next = areas.next_unbuilt(index);
        if let Some(next) = next.filter(|_| !areas.queued) {
            areas.queued = true;
            drop(areas);
            Self::build_when_idle(Rc::downgrade(this), next);
        }
    }

    /// The `<section>` of area `index`, if it is on the page.
    fn section(&self, index: usize) -> Option<web_sys::Element> {
        let built = self.built.get(index)?.as_ref()?;
        built.placed.then(|| built.section.clone())
    }

    /// Marks the card of question `current` as the current one (`fieldset.question.current`),
    /// and no other, in every area built so far, on the page or not: one effect of the view
    /// does it, rather than a memo and a class binding on every card (a card built later
    /// is marked as it is built).
    fn mark_current(this: &Rc<RefCell<Self>>, current: Option<&str>) {
        let Ok(areas) = this.try_borrow() else {
            return;
        };
        for built in areas.built.iter().flatten() {
            if let Ok(marked) = built
                .section
                .query_selector_all("fieldset.question.current")
            {
                for index in 0..marked.length() {
                    let Some(card) = marked
                        .item(index)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    else {
                        continue;
                    };
                    if card.get_attribute("data-question").as_deref() != current {
                        let _ = card.class_list().remove_1("current");
                    }
                }
            }
            if let Some(id) = current {
                let selector = format!("fieldset.question[data-question=\"{id}\"]");
                if let Ok(Some(card)) = built.section.query_selector(&selector) {
                    let _ = card.class_list().add_1("current");
                }
            }
        }
    }

    /// Shows `stand_in`, the static copy's first area, as the first area while the real
    /// one is built behind it, a piece per task: the takeover task, the longest of the
    /// start-up, then no longer builds the first area's hundred and more elements (about
    /// 40 % of it), nor does any one task after it. The caller checked that the stand-in
    /// shows what the app would.
    fn stand_in(this: &Rc<RefCell<Self>>, generation: usize, stand_in: web_sys::Element) {
        let mut areas = this.borrow_mut();
        let Some(main) = areas.main.clone() else {
            return;
        };
        let _ = main.append_child(&stand_in);
        areas.generation = generation;
        areas.shown = Some(0);
        areas.stand_in = Some(stand_in);
        drop(areas);
        Self::build_behind_stand_in(Rc::downgrade(this));
    }

    /// Builds the next piece of the first area in a task of its own while the stand-in
    /// shows, and once it is whole, shows it in the stand-in's place.
    fn build_behind_stand_in(this: Weak<RefCell<Self>>) {
        set_timeout(
            move || {
                let Some(areas) = this.upgrade() else {
                    return;
                };
                let more = {
                    let mut areas = areas.borrow_mut();
                    if areas.stand_in.is_none() {
                        // Replaced already (another area, or a change on the page).
                        return;
                    }
                    areas.build_step(0)
                };
                if more {
                    Self::build_behind_stand_in(Rc::downgrade(&areas));
                } else {
                    Self::replace_stand_in(&areas);
                }
            },
            std::time::Duration::ZERO,
        );
    }

    /// Shows the first area in place of the stand-in, if that still shows, building what
    /// is left of it now: the room changed something the stand-in cannot show (an answer,
    /// the current question), which must not wait for the build.
    fn replace_stand_in(this: &Rc<RefCell<Self>>) {
        let stand_in = this.borrow_mut().stand_in.take();
        if let Some(stand_in) = stand_in {
            this.borrow_mut().shown = None;
            Self::retire(this, &stand_in);
            let shown = {
                let areas = this.borrow();
                (areas.generation, areas.count)
            };
            Self::show(this, shown, 0);
        }
    }

    /// Takes the stand-in off the page, keeping what was answered on it.
    fn retire(this: &Rc<RefCell<Self>>, stand_in: &web_sys::Element) {
        stand_in.remove();
        let carry_over = this.borrow().carry_over.clone();
        carry_over(stand_in);
    }

    /// Builds area `index`'s `<section>`, off the page, if it is not built yet, and takes
    /// what builds its cards; true if it did.
    fn ensure_built(&mut self, index: usize) -> bool {
        if self.built.get(index).is_some_and(Option::is_some) {
            return false;
        }
        let owner = self.owner.as_ref().map_or_else(Owner::new, Owner::child);
        let build = self.build.clone();
        let built = owner.with(|| {
            untrack(|| {
                let AreaView { section, cards } = build(index)?;
                Some((section.build(), cards))
            })
        });
        // The section alone, in an element of its own until it goes on the page.
        let holder = document().create_element("div").ok();
        let Some(((mut state, cards), holder)) = built.zip(holder) else {
            // No such area: never ask for it, or anything after it, again.
            self.count = self.count.min(index);
            return false;
        };
        state.mount(&holder, None);
        let Some(section) = holder.first_element_child() else {
            return false;
        };
        if self.built.len() <= index {
            self.built.resize_with(index + 1, || None);
        }
        self.built[index] = Some(Built {
            owner,
            state,
            section,
            placed: false,
            cards: Vec::new(),
            to_build: cards.into(),
        });
        true
    }

    /// Builds area `index`'s next card into its section; true if there was one to build.
    fn build_card(&mut self, index: usize) -> bool {
        let Some(built) = self.built.get_mut(index).and_then(Option::as_mut) else {
            return false;
        };
        let Some(card) = built.to_build.pop_front() else {
            return false;
        };
        let mut state = built.owner.with(|| untrack(|| card().build()));
        state.mount(&built.section, None);
        built.cards.push(state);
        true
    }

    /// One piece of area `index`'s build: its section, put on the page hidden, or its next
    /// card, laid out at once while hidden; true while more is left to build.
    fn build_step(&mut self, index: usize) -> bool {
        if self.ensure_built(index) {
            self.ensure_placed(index);
        } else if self.build_card(index) {
            if let Some(section) = self.section(index) {
                super::lay_out_hidden(&section);
            }
        }
        self.built
            .get(index)
            .and_then(Option::as_ref)
            .is_some_and(|built| !built.to_build.is_empty())
    }

    /// Puts built area `index` on the page, hidden, if it is not there yet, in
    /// questionnaire order among the areas there; its `<section>`.
    fn ensure_placed(&mut self, index: usize) -> Option<web_sys::Element> {
        if let Some(section) = self.section(index) {
            return Some(section);
        }
        let main = self.main.clone()?;
        // Right after the area before it on the page, or first: the areas come before the
        // view's own marker in the element, as the prerendered first screen has them.
        let before = match (0..index).rev().find_map(|earlier| self.section(earlier)) {
            Some(earlier) => earlier.next_sibling(),
            None => main.first_child(),
        };
        let built = self.built.get_mut(index)?.as_mut()?;
        let _ = built.section.set_attribute("hidden", "");
        built.state.mount(&main, before.as_ref());
        built.placed = true;
        Some(built.section.clone())
    }

    /// The first area after `from` (wrapping round) that is not built yet.
    fn next_unbuilt(&self, from: usize) -> Option<usize> {
        let count = self.count;
        (1..count)
            .map(|step| (from + step) % count)
            .find(|i| !self.built.get(*i).is_some_and(Option::is_some))
    }

    /// Builds area `index` in the browser's idle periods (a short timeout where there is no
    /// idle callback), a piece per period (see [`Areas::build_step`]), then queues the
    /// next area not built. Holds the areas weakly: once the view is gone nothing more is
    /// built.
    fn build_when_idle(this: Weak<RefCell<Self>>, index: usize) {
        let work = move || {
            let Some(areas) = this.upgrade() else {
                return;
            };
            let next = {
                let mut areas = areas.borrow_mut();
                areas.queued = false;
                if areas.build_step(index) {
                    Some(index)
                } else {
                    let from = areas.shown.unwrap_or(index);
                    areas.next_unbuilt(from)
                }
            };
            if let Some(next) = next {
                areas.borrow_mut().queued = true;
                Self::build_when_idle(Rc::downgrade(&areas), next);
            }
        };
        super::when_idle(work);
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

/// Keys pressed after V or R, held for the room field they open until it is on the page:
/// its code may still be loading (the room's part), and even when it is here the field is
/// built by an effect. Fast typing must never answer the question instead.
struct Held {
    /// The assessment open when the keys were pressed: they never go to another one.
    entry: String,
    question_id: String,
    /// The field's selector.
    field: String,
    keys: Vec<String>,
    /// How many times the field was looked for in vain once the part was here.
    looks: u32,
}

/// How many times, a frame apart, the held keys' field is looked for once the room's part
/// is here before the keys are given up (with a notice): the field is built by an effect
/// that may run after the one that gives the keys out, and it is always there a frame
/// later.
const FIELD_LOOKS: u32 = 30;

/// What the view's keyboard handling works with.
#[derive(Clone)]
struct Keys {
    workshop: Workshop,
    positions: Memo<Vec<(usize, usize)>>,
    current_id: Memo<Option<String>>,
    help_open: RwSignal<Option<String>>,
    room_opened: RwSignal<Option<String>>,
    room_part: RoomPart,
    held: Rc<RefCell<Option<Held>>>,
}

impl Keys {
    /// Handles a key pressed on the view (not typed into a field): whether it was the
    /// app's, so that the browser does nothing more with it.
    fn press(&self, key: &str) -> bool {
        if let Some(held) = self.held.borrow_mut().as_mut() {
            held.keys.push(key.to_string());
            return true;
        }
        let Some(shortcut) = shortcut_for(key) else {
            return false;
        };
        let Some(id) = self.current_id.get_untracked() else {
            return false;
        };
        let workshop = self.workshop;
        let last = self.positions.with_untracked(Vec::len).saturating_sub(1);
        let step = |delta: isize| {
            workshop
                .current
                .update(|c| *c = (*c as isize + delta).clamp(0, last as isize) as usize)
        };
        let by_facilitator = !workshop.respondent_mode.get_untracked();
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
                let people = workshop
                    .assessment
                    .with_untracked(|a| !a.respondents.is_empty());
                let field = if people { "room-votes" } else { "room-hands" };
                let field = format!("#{field}-{}", css_id(&id));
                self.open_field(id, field);
            }
            Shortcut::EditRationale if by_facilitator => {
                let field = format!("#rationale-{}", css_id(&id));
                self.open_field(id, field);
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
                self.help_open.update(|open| {
                    *open = if open.as_deref() == Some(id.as_str()) {
                        None
                    } else {
                        Some(id)
                    }
                });
            }
            Shortcut::EditNote => focus_note(&id),
        }
        true
    }

    /// Opens the room's panel of a question and holds the next keys for one of its fields.
    /// When the room's part is here, the field usually has the cursor in the task after
    /// the effect that builds it; if that effect runs later, the keys wait for it (see
    /// `Keys::look_again`).
    fn open_field(&self, question_id: String, field: String) {
        self.room_opened.set(Some(question_id.clone()));
        *self.held.borrow_mut() = Some(Held {
            entry: self.workshop.entry_id.get_untracked(),
            question_id,
            field,
            keys: Vec::new(),
            looks: 0,
        });
        self.room_part.ensure();
        self.clone().settle_soon();
    }

    /// Settles the held keys in a task of their own, never in the microtasks of the task
    /// that built their field: Leptos writes a new field's `prop:value` (its saved line) in
    /// a microtask queued as it builds the field, so keys typed into it before that write
    /// were wiped (about one try in five when the room's part arrived while keys were
    /// held). Every microtask of an earlier task has run when a timer fires.
    fn settle_soon(self) {
        set_timeout(move || self.settle(), std::time::Duration::ZERO);
    }

    /// Gives the held keys to their field once the room's part is here and the field is on
    /// the page, or says that they were not used when the part could not be loaded. Until
    /// the part is here it does nothing: the view calls it again when the part arrives.
    fn settle(&self) {
        match self.room_part.state_untracked() {
            PartState::Ready(_) => {
                let wanted = self
                    .held
                    .borrow()
                    .as_ref()
                    .map(|h| (h.entry.clone(), h.question_id.clone(), h.field.clone()));
                let Some((entry, question_id, field)) = wanted else {
                    return;
                };
                if entry != self.workshop.entry_id.get_untracked() {
                    if self
                        .held
                        .borrow_mut()
                        .take()
                        .is_some_and(|held| !held.keys.is_empty())
                    {
                        self.keys_not_used(
                            "The keys typed after V or R were not used: another assessment was opened before the room's fields had loaded. Open the first one again and press V.",
                        );
                    }
                    return;
                }
                match focus_now(&question_id, &field) {
                    Some(input) => {
                        let keys = self.held.borrow_mut().take().map(|h| h.keys);
                        for key in type_into(&input, keys.unwrap_or_default()) {
                            self.press(&key);
                        }
                    }
                    None => self.look_again(),
                }
            }
            PartState::Failed => {
                if self.held.borrow_mut().take().is_some() {
                    self.keys_not_used(
                        "The room's fields could not be loaded, so the keys typed after V or R were not used: check the connection and press V again.",
                    );
                }
            }
            PartState::NotAsked | PartState::Loading => {}
        }
    }

    /// The part is here but its field is not on the page yet (the effect that builds it
    /// had not run): looks again a frame later, the keys pressed meanwhile held too. The
    /// current question's panel is always on the page, so the field comes; should it not,
    /// the keys are reported, never guessed at.
    fn look_again(&self) {
        let looks = match self.held.borrow_mut().as_mut() {
            None => return,
            Some(held) => {
                held.looks += 1;
                held.looks
            }
        };
        if looks <= FIELD_LOOKS {
            let keys = self.clone();
            set_timeout(move || keys.settle(), std::time::Duration::from_millis(16));
        } else if self
            .held
            .borrow_mut()
            .take()
            .is_some_and(|held| !held.keys.is_empty())
        {
            self.keys_not_used(
                "The room's field was not found, so the keys typed after V or R were not used: press V again.",
            );
        }
    }

    /// Says why the held keys were dropped (they are never taken as answers).
    fn keys_not_used(&self, why: &str) {
        self.workshop
            .notice
            .set(Some(super::state::Notice::error(why, Vec::new())));
    }
}

/// Types held keys into a field as the keyboard would have: a character goes at the end
/// of the line and Backspace takes the last one off; Enter or Esc goes to the field's own
/// handler, which saves the line and leaves the field. Gives back the keys pressed after
/// that, for the view.
fn type_into(field: &web_sys::HtmlInputElement, keys: Vec<String>) -> Vec<String> {
    let mut keys = keys.into_iter();
    for key in keys.by_ref() {
        let mut line = field.value();
        match key.as_str() {
            "Enter" | "Escape" => {
                let init = web_sys::KeyboardEventInit::new();
                init.set_key(&key);
                init.set_bubbles(true);
                if let Ok(event) =
                    web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
                {
                    let _ = field.dispatch_event(&event);
                }
                break;
            }
            "Backspace" => {
                line.pop();
            }
            _ if key.chars().count() == 1 => line.push_str(&key),
            _ => continue,
        }
        field.set_value(&line);
    }
    keys.collect()
}

/// Opens the room's panel of a question and puts the cursor in its field `field`.
fn focus_now(question_id: &str, field: &str) -> Option<web_sys::HtmlInputElement> {
    let document = document();
    let panel = format!("[data-question=\"{question_id}\"] details.room");
    if let Ok(Some(panel)) = document.query_selector(&panel) {
        let _ = panel.set_attribute("open", "");
    }
    let field = document
        .query_selector(field)
        .ok()??
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let _ = field.focus();
    Some(field)
}

fn focus_note(question_id: &str) {
    let selector = format!("[data-question=\"{question_id}\"] textarea");
    if let Ok(Some(element)) = document().query_selector(&selector) {
        if let Ok(area) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = area.focus();
        }
    }
}

/// One question: its options as radio buttons, help on demand and a notes field.
/// What every card of the view shares.
#[derive(Clone)]
struct Card {
    workshop: Workshop,
    shown: PerQuestion,
    help_open: RwSignal<Option<String>>,
    room_opened: RwSignal<Option<String>>,
    /// Whether the room's answers are being collected (see `room::room_active`): one memo
    /// for the view, not one per card.
    room_active: Memo<bool>,
    room_part: RoomPart,
}

/// One question: its options as radio buttons, help on demand and a notes field.
#[component]
fn QuestionCard(
    card: Card,
    question: Question,
    /// Index over the whole questionnaire.
    position: usize,
) -> impl IntoView {
    let Card {
        workshop,
        shown,
        help_open,
        room_opened,
        room_active,
        room_part,
    } = card;
    let respondent = workshop.respondent_mode;
    let id = question.id.clone();
    // The card reads its own question's signal: an answer changes one of them, so only the
    // card whose values changed may run anything, let alone touch the DOM.
    let shown = shown.of(&id);
    let chosen = Memo::new(move |_| shown.with(|s| s.response.as_ref().and_then(|r| r.answer)));
    // Marked `current` as it is built; the view moves the mark after that (see
    // `Areas::mark_current`).
    let class = if workshop.current.get_untracked() == position {
        "question current"
    } else {
        "question"
    };
    // The options are set as HTML in one go (see `domain::markup`); which one is chosen is
    // set on them here, and one listener on the list takes every option's change.
    let choices = choices_of(&question);
    let in_order = choices.clone();
    let options_markup = options_html(&question);
    let options = NodeRef::<leptos::html::Div>::new();
    let answer_id = id.clone();
    let choose = move |event: leptos::ev::Event| {
        let index = event_target_value(&event).parse::<usize>().ok();
        if let Some(answer) = index.and_then(|i| choices.get(i).copied()) {
            workshop.answer(&answer_id, Some(answer));
            workshop.current.set(position);
        }
    };
    super::effect(move || {
        let chosen = chosen
            .get()
            .and_then(|answer| in_order.iter().position(|c| *c == answer));
        let Some(list) = options.get() else {
            return;
        };
        let labels = list.children();
        for index in 0..labels.length() {
            let Some(label) = labels.item(index) else {
                continue;
            };
            let on = chosen == Some(index as usize);
            let _ = label.class_list().toggle_with_force("selected", on);
            if let Some(input) = label
                .first_element_child()
                .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_checked(on);
            }
        }
    });
    let (input_id, help_id, toggle_id) = (id.clone(), id.clone(), id.clone());
    let note = Memo::new(move |_| shown.with(|s| s.read(|r| r.note.clone())));
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
            class=class
            data-question=question.id.clone()
            on:focusin=move |_| workshop.current.set(position)
        >
            <legend>{format!("{}. {}", position + 1, question.prompt)}</legend>
            <details class="help" prop:open=help_is_open on:toggle=on_toggle inner_html=help_html(&question.help)></details>
            {
                let last = Memo::new(move |_| shown.with(|s| s.last_time));
                move || {
                    last.get().map(|answer| {
                        view! { <p class="last-time" data-testid="last-time">"Last time: " {answer.label()}</p> }
                    })
                }
            }
            <div class="options" node_ref=options inner_html=options_markup on:change=choose></div>
            // A respondent's answers go back without notes: the workshop writes those. Read
            // once: the view builds its areas again when the page becomes a respondent's or
            // stops being one (`QuestionsPage`'s `generation`), so no card keeps a `Show`
            // (it was about half of building a card).
            {(!respondent.get_untracked()).then(|| view! {
                <super::room::RoomPanel workshop question_id=id.clone() opened=room_opened active=room_active shown part=room_part />
                <label class="note" for=note_label.clone()>"Notes"</label>
                <textarea id=note_label.clone() class="note-field" rows="2" prop:value=note on:input=on_note.clone() on:keydown=leave_note></textarea>
            })}
        </fieldset>
    }
}

/// What a card shows that an edit can change: its question's response and the previous
/// assessment's answer.
#[derive(Clone, Default, PartialEq)]
pub struct Shown {
    pub response: Option<Response>,
    pub last_time: Option<Answer>,
}

impl Shown {
    /// What `part` reads from the response; its default when the question has none.
    pub fn read<T: Default>(&self, part: impl FnOnce(&Response) -> T) -> T {
        self.response.as_ref().map(part).unwrap_or_default()
    }

    fn of(assessment: &Assessment, question_id: &str) -> Self {
        Self {
            response: assessment.responses.get(question_id).cloned(),
            last_time: crate::domain::progress::last_time(assessment, question_id),
        }
    }
}

/// Each question's [`Shown`] as a signal of its own, set by one effect that compares them
/// all when the assessment changes. With every card reading the assessment itself, an
/// answer woke every memo of every built card (several per card, over a hundred with all
/// areas built); now it wakes the one card it changed.
#[derive(Clone)]
pub struct PerQuestion {
    workshop: Workshop,
    /// The view's owner: the signals live as long as the view, whichever area built them.
    owner: Option<Owner>,
    signals: Rc<RefCell<SortedMap<String, RwSignal<Shown>>>>,
}

impl PerQuestion {
    fn new(workshop: Workshop) -> Self {
        let signals: Rc<RefCell<SortedMap<String, RwSignal<Shown>>>> = Rc::default();
        let compared = signals.clone();
        super::effect(move || {
            workshop.assessment.with(|a| {
                for (id, signal) in compared.borrow().iter() {
                    let now = Shown::of(a, id);
                    if signal.with_untracked(|s| *s != now) {
                        signal.set(now);
                    }
                }
            })
        });
        Self {
            workshop,
            owner: Owner::current(),
            signals,
        }
    }

    /// The signal of one question, made on first use from the assessment as it is.
    fn of(&self, question_id: &str) -> RwSignal<Shown> {
        if let Some(signal) = self.signals.borrow().get(question_id) {
            return *signal;
        }
        let now = self
            .workshop
            .assessment
            .with_untracked(|a| Shown::of(a, question_id));
        let signal = match &self.owner {
            Some(owner) => owner.with(|| RwSignal::new(now)),
            None => RwSignal::new(now),
        };
        self.signals
            .borrow_mut()
            .insert(question_id.to_string(), signal);
        signal
    }
}
