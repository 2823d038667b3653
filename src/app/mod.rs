//! The Leptos shell: pages and components that show domain data and collect answers.
//!
//! No scoring or parsing rules live here; components call into `crate::domain`, and the
//! report and roadmap are memos over the one workspace signal in [`state::Workshop`].

mod library;
mod part;
mod progress;
mod questionnaire_loader;
mod questions;
mod results;
mod room;
mod setup;
mod share;
pub mod state;

pub use questions::QuestionsPage;
pub use state::Workshop;

use crate::domain::backoff::Backoff;
use crate::domain::markup::{self, banner_html, Action, VIEW_LOADING_HTML};
use crate::domain::questionnaire::{Questionnaire, QuestionnaireError, Reader};
use crate::domain::workspace::{Choice, Status, Store, Theirs, Workspace};
use crate::platform::clock;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use part::PartState;
use state::Tab;
use wasm_bindgen::JsCast;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let read = READ_EARLY
        .with(|early| early.borrow_mut().take())
        .unwrap_or_else(|| Questionnaire::built_in().map(read_library_with_reader));
    match read {
        Ok(library) => {
            let workshop = Workshop::on(library);
            carry_over_early_answers(workshop);
            follow_link(workshop);
            // A respondent link pasted into an open tab changes only the fragment.
            let listener =
                window_event_listener_untyped("hashchange", move |_| follow_link(workshop));
            on_cleanup(move || listener.remove());
            view! { <Shell workshop /> }.into_any()
        }
        // A build whose own questionnaire does not decode: said in a banner, every line of
        // why (as HTML, like the Shell's banners).
        Err(error) => {
            let said = banner_html(
                "built-in-unreadable",
                true,
                "The built-in questionnaire could not be read:",
                &error.lines(),
                &[],
            );
            view! { <div inner_html=said></div> }.into_any()
        }
    }
}

/// Opens the share or respondent link the page was opened with, if any; a damaged one is
/// reported and changes nothing. Reading and opening links is a part of its own
/// ([`link_reader`]): most pages open without one.
fn follow_link(workshop: Workshop) {
    let Some(fragment) = crate::platform::link::fragment() else {
        return;
    };
    let bare = fragment.strip_prefix('#').unwrap_or(&fragment);
    if !bare.starts_with(crate::domain::share::SHARE_PREFIX)
        && !bare.starts_with(crate::domain::room::INVITATION_PREFIX)
    {
        // Not a link this app writes: nothing to open.
        return crate::platform::link::clear_fragment();
    }
    leptos::task::spawn_local(async move {
        match link_reader().await {
            Ok(open) => open(workshop, &fragment),
            Err(_) => workshop.notice.set(Some(state::Notice::error(
                "The link in the address could not be opened: part of the app did not load. Reload the page to try again.",
                Vec::new(),
            ))),
        }
    });
}

/// Opens what the address's fragment holds in `workshop` (see [`read_fragment`]).
fn open_link(workshop: Workshop, fragment: &str) {
    match read_fragment(fragment) {
        // A share link stays in the address bar until the user decides (a reload offers
        // it again), so it waits for a questionnaire that is not loaded yet.
        // A link of an earlier built-in version waits for the part that reads it.
        Fragment::Shared(link) => {
            let wanted = link.questionnaire.clone();
            workshop.when_readable(&wanted, move || workshop.shared.set(Some(link)));
        }
        Fragment::Invitation(invitation) => {
            crate::platform::link::clear_fragment();
            let wanted = invitation.questionnaire.clone();
            workshop.when_readable(&wanted, move || workshop.answer_invitation(&invitation));
        }
        Fragment::Damaged(reason) => {
            crate::platform::link::clear_fragment();
            workshop
                .notice
                .set(Some(state::Notice::error(reason, Vec::new())));
        }
        Fragment::Nothing => crate::platform::link::clear_fragment(),
    }
}

/// What the address's fragment holds.
enum Fragment {
    Shared(crate::domain::share::Link),
    Invitation(crate::domain::room::Invitation),
    /// Why the link cannot be opened, in the words the user sees.
    Damaged(String),
    Nothing,
}

/// Reads a share link or a respondent link from a fragment.
fn read_fragment(fragment: &str) -> Fragment {
    match crate::domain::share::Link::parse(fragment) {
        Ok(Some(link)) => return Fragment::Shared(link),
        Ok(None) => {}
        Err(reason) => return Fragment::Damaged(reason),
    }
    match crate::domain::room::Invitation::from_fragment(fragment) {
        Ok(Some(invitation)) => Fragment::Invitation(invitation),
        Ok(None) => Fragment::Nothing,
        Err(reason) => Fragment::Damaged(reason),
    }
}

/// Reads and opens links (see [`open_link`]): with the `split` feature a part of its own,
/// fetched only when the page's address carries a link.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(link_reader, wasm_split_path = ::leptos::wasm_split, fallible)]
fn link_reader() -> Result<fn(Workshop, &str), SplitLoaderError> {
    Ok(open_link)
}

/// Without the `split` feature: ready at once.
#[cfg(not(feature = "split"))]
async fn link_reader() -> Result<fn(Workshop, &str), SplitLoaderError> {
    Ok(open_link)
}

/// The banner for a share link whose offer's part did not load.
const OFFER_FAILED: &str = "What this share link carries could not be shown: this part of the app \
    did not load. Check the connection and try again; the link waits.";
/// The banner for a view whose part did not load.
const VIEW_FAILED: &str =
    "This view could not be loaded. Check the connection and try again; your answers are saved.";

/// The tabs of a workshop's page: the view each shows, its label and its test id.
const WORKSHOP_TABS: [(Tab, &str, &str); 5] = [
    (Tab::Library, "Assessments", "tab-library"),
    (Tab::Setup, "Setup", "tab-setup"),
    (Tab::Questions, "Questions", "tab-questions"),
    (Tab::Results, "Results", "tab-results"),
    (Tab::Progress, "Progress", "tab-progress"),
];

/// The tabs of a respondent's page (see [`WORKSHOP_TABS`]).
const RESPONDENT_TABS: [(Tab, &str, &str); 3] = [
    (Tab::Library, "Assessments", "tab-library"),
    (Tab::Questions, "Your answers", "tab-questions"),
    (Tab::Send, "Send answers", "tab-send"),
];

fn tabs_of(respondent: bool) -> &'static [(Tab, &'static str, &'static str)] {
    if respondent {
        &RESPONDENT_TABS
    } else {
        &WORKSHOP_TABS
    }
}

/// The tabs' HTML, with `shown` marked.
fn tabs_html_for(respondent: bool, shown: Tab) -> String {
    let tabs = tabs_of(respondent);
    let labels: Vec<(&str, &str)> = tabs.iter().map(|(_, label, id)| (*label, *id)).collect();
    markup::tabs_html(&labels, tabs.iter().position(|(tab, _, _)| *tab == shown))
}

/// Tabs, the live summary, messages, and the current page.
#[component]
fn Shell(workshop: Workshop) -> impl IntoView {
    // The tabs are HTML (`markup::tabs_html`), written anew only when the page becomes a
    // respondent's or stops being one; the tab shown is marked in place, and the
    // workshop's click listener (`act`) takes the buttons' clicks by their `data-tab`. A
    // view per button, with two reactive attributes and a listener each, cost the first
    // load about 0.5 KB gzip of wasm.
    let respondent = workshop.respondent_mode;
    let nav = NodeRef::<leptos::html::Nav>::new();
    let first_tabs = tabs_html_for(respondent.get_untracked(), workshop.tab.get_untracked());
    let mut tabs_for = respondent.get_untracked();
    effect(move || {
        let (now_respondent, shown) = (respondent.get(), workshop.tab.get());
        let Some(nav) = nav.get_untracked() else {
            return;
        };
        if now_respondent != tabs_for {
            tabs_for = now_respondent;
            nav.set_inner_html(&tabs_html_for(now_respondent, shown));
            return;
        }
        let buttons = nav.children();
        for (index, (tab, _, _)) in tabs_of(now_respondent).iter().enumerate() {
            let Some(button) = buttons.item(index as u32) else {
                continue;
            };
            let on = *tab == shown;
            let _ = button.class_list().toggle_with_force("active", on);
            let _ = if on {
                button.set_attribute("aria-current", "page")
            } else {
                button.remove_attribute("aria-current")
            };
        }
    });
    // A new view starts at its top, not where the last one was scrolled to.
    let mut previous = None;
    effect(move || {
        let tab = workshop.tab.get();
        if previous.is_some_and(|p| p != tab) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        previous = Some(tab);
    });
    // The view on screen. A view in a part of its own shows "Loading this view…" until its
    // code is here; the memo changes only when what is shown changes, so a part arriving
    // for a view the user has already left rebuilds nothing.
    let parts = Parts::default();
    // While the room is on the questions, the other views' code arrives in the background
    // (the service worker has cached it already after a first visit).
    set_timeout(
        move || parts.prefetch(respondent.get_untracked()),
        std::time::Duration::from_secs(PREFETCH_AFTER_SECONDS),
    );
    let shown = Memo::new(move |_| {
        let part = part_of(workshop.tab.get(), respondent.get())?;
        Some((part as usize, parts.state(part)))
    });
    // Asks for the part the view on screen needs, if it is still the one `key` names.
    let fetch_shown = move |key: usize| {
        if let Some(part) = part_of(workshop.tab.get_untracked(), respondent.get_untracked())
            .filter(|p| *p as usize == key)
        {
            parts.fetch(part);
        }
    };
    effect(move || {
        if let Some((key, PartState::NotAsked)) = shown.get() {
            fetch_shown(key);
        }
    });
    // The Questions view is built once and stays, hidden while another view shows: leaving
    // it took a slow laptop's main thread about 40 ms (dropping every area it keeps), and
    // coming back rebuilt it.
    let questions_shown = Memo::new(move |_| questions_on_screen(workshop));
    // Results, once built, also stays on the page, hidden while another view shows, and is
    // brought up to date in an idle moment after the answers change: opening it shows what
    // is already there. It is first built when it opens, or in an idle moment once its
    // part has arrived in the background.
    let results_part = part_of(Tab::Results, false).map_or(0, |part| part as usize);
    let results_shown = Memo::new(move |_| workshop.tab.get() == Tab::Results && !respondent.get());
    let kept = RwSignal::new(None::<Build>);
    let changes = StoredValue::new(0_u32);
    effect(move || {
        // Read, not only tracked (see `Workshop::library_changes`).
        workshop.assessment.with(|_| ());
        workshop.questionnaire.with(|_| ());
        // The library (the agency's band), by its count of changes: following the list
        // itself would copy and compare every assessment in it on every answer.
        workshop.library_changes.get();
        let Some(PartState::Ready(build)) = part_of(Tab::Results, false).map(|p| parts.state(p))
        else {
            return;
        };
        if results_shown.get() {
            if kept.with_untracked(Option::is_none) {
                kept.set(Some(build));
            }
            return;
        }
        // Once the room pauses (no change for a moment, then an idle moment), the hidden
        // view is built, or brought up to date: never between two quick answers.
        let change = changes.get_value().wrapping_add(1);
        changes.set_value(change);
        let still = move || {
            changes.get_value() == change
                && !results_shown.get_untracked()
                && !respondent.get_untracked()
        };
        set_timeout(
            move || {
                if still() {
                    when_idle_or_after(RESULTS_IDLE_AT_THE_LATEST_MS, move || {
                        if !still() {
                            return;
                        }
                        if kept.with_untracked(Option::is_none) {
                            kept.set(Some(build));
                        } else {
                            workshop.results_refresh.update(|n| *n = n.wrapping_add(1));
                        }
                        // The view's changes are in two tasks later (its chart images
                        // follow in a task of their own, see `ResultsPage`): lay it out
                        // then, rather than in a later idle moment, so that it is ready
                        // for a click soon after the pause.
                        set_timeout(
                            move || {
                                set_timeout(
                                    move || {
                                        if still() {
                                            if let Ok(Some(kept)) =
                                                document().query_selector(".kept-results")
                                            {
                                                lay_out_hidden(&kept);
                                            }
                                        }
                                    },
                                    std::time::Duration::ZERO,
                                )
                            },
                            std::time::Duration::ZERO,
                        );
                    });
                }
            },
            std::time::Duration::from_millis(REFRESH_RESULTS_AFTER_MS),
        );
    });
    // A share link opened in this page: its offer's part is fetched then.
    let offer_state = Memo::new(move |_| {
        workshop
            .shared
            .with(Option::is_some)
            .then(|| parts.state(OFFER_PART))
    });
    effect(move || {
        if let Some(PartState::NotAsked) = offer_state.get() {
            parts.fetch(OFFER_PART);
        }
    });
    let offer = move || match offer_state.get()? {
        PartState::Ready(build) => Some(build(workshop)),
        _ => None,
    };
    let offer_message = move || match offer_state.get() {
        Some(PartState::Failed) => banner_html(
            "offer-failed",
            true,
            OFFER_FAILED,
            &[],
            &[
                (Action::RetryOffer, "Try again", ""),
                (Action::ForgetLink, "Forget the link", ""),
            ],
        ),
        _ => String::new(),
    };
    let page = move || match shown.get() {
        // Both stay on the page, hidden while another view shows (below).
        Some((key, PartState::Ready(build))) if key != results_part => build(workshop),
        _ => ().into_any(),
    };
    let page_message = move || match shown.get() {
        Some((_, PartState::Failed)) => banner_html(
            "view-failed",
            true,
            VIEW_FAILED,
            &[],
            &[(Action::RetryView, "Try again", "")],
        ),
        Some((_, PartState::NotAsked | PartState::Loading)) => VIEW_LOADING_HTML.into(),
        _ => String::new(),
    };
    let summary = move || {
        if respondent.get() {
            view! { <room::RespondentSummary workshop /> }.into_any()
        } else {
            view! { <results::ResultSummary workshop /> }.into_any()
        }
    };
    let live_summary = summary_live(workshop);
    let summary = move || {
        live_summary().then(|| {
            // In the task that shows the live summary, the static one goes.
            if let Some(stand_in) = SHOWN_SUMMARY.with(|shown| shown.borrow_mut().take()) {
                stand_in.remove();
            }
            summary()
        })
    };
    // The banners are HTML (`markup::banner_html`), each written anew into its place when
    // what it says changes, and one listener (on the whole workshop) takes their buttons'
    // clicks by what each does (`data-do`, which nothing else on the page uses): a view per
    // banner and a listener per button cost the first load about 3 KB gzip of wasm, for
    // messages most workshops never see.
    // The workspace decides which version is the truth; the banner says it in its words.
    let status = move || match workshop.status.get() {
        Status::Saved => String::new(),
        Status::NotSaved(_) => banner_html(
            "not-saved",
            true,
            &workshop.status_text.get(),
            &[],
            &[
                (Action::Export, "Export the assessment file", ""),
                (Action::Retry, "Try saving again", ""),
            ],
        ),
        Status::Conflict(theirs) => banner_html(
            "conflict",
            true,
            &workshop.status_text.get(),
            &[],
            &[
                (
                    Action::TakeTheirs,
                    match theirs {
                        Theirs::Changed => "Load the other version",
                        Theirs::Deleted => "Let it go",
                    },
                    "take-theirs",
                ),
                (Action::KeepMine, "Keep this version", "keep-mine"),
                (Action::Export, "Export this version", ""),
            ],
        ),
    };
    // The service worker (public/register-sw.js) announces a newly deployed version.
    let update_ready = RwSignal::new(false);
    let listener =
        window_event_listener_untyped("mlops-update-ready", move |_| update_ready.set(true));
    on_cleanup(move || listener.remove());
    let update = move || {
        if update_ready.get() {
            banner_html(
                "update-ready",
                false,
                "A new version of this app is ready. Your answers are saved.",
                &[],
                &[
                    (Action::Update, "Reload to update", ""),
                    (Action::Later, "Later", ""),
                ],
            )
        } else {
            String::new()
        }
    };
    let notice = move || {
        workshop.notice.with(|notice| {
            notice.as_ref().map_or_else(String::new, |notice| {
                banner_html(
                    "notice",
                    notice.error,
                    &notice.text,
                    &notice.details,
                    &[(Action::Dismiss, "Dismiss", "")],
                )
            })
        })
    };
    let act = move |event: leptos::ev::MouseEvent| {
        let clicked = |attribute: &str| {
            event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|target| {
                    target
                        .closest(&format!("button[{attribute}]"))
                        .ok()
                        .flatten()
                })
                .and_then(|button| button.get_attribute(attribute))
        };
        if let Some(index) = clicked("data-tab") {
            let tabs = tabs_of(respondent.get_untracked());
            if let Some((tab, _, _)) = index.parse::<usize>().ok().and_then(|i| tabs.get(i)) {
                workshop.tab.set(*tab);
            }
            return;
        }
        let Some(does) = clicked("data-do").and_then(|does| Action::named(&does)) else {
            return;
        };
        match does {
            Action::Export => workshop.export_assessment(&workshop.current_entry()),
            Action::Retry => workshop.retry(),
            Action::TakeTheirs => workshop.resolve(Choice::TakeTheirs),
            Action::KeepMine => workshop.resolve(Choice::KeepMine),
            Action::Update => {
                if let Ok(event) = web_sys::Event::new("mlops-apply-update") {
                    let _ = window().dispatch_event(&event);
                }
            }
            Action::Later => update_ready.set(false),
            Action::Dismiss => workshop.notice.set(None),
            Action::RetryOffer => parts.fetch(OFFER_PART),
            Action::ForgetLink => workshop.forget_shared(),
            Action::RetryView => {
                if let Some((key, _)) = shown.get_untracked() {
                    fetch_shown(key);
                }
            }
        }
    };
    view! {
        <div class="workshop" on:click=act>
            <div class="topbar">
                <div class="title">
                    <h1>{move || workshop.name.get()}</h1>
                    {summary}
                </div>
                <nav class="tabs" aria-label="Views" node_ref=nav inner_html=first_tabs></nav>
                // Storage warnings live in the sticky bar: they must stay in sight. (The
                // page's first paint waits until this element is parsed, so the bar above
                // is never painted half built: `index.html`'s `rel="expect"` link.)
                <div class="banners" id="status-banners" inner_html=status></div>
                <div class="banners" inner_html=update></div>
            </div>
            <div class="banners" inner_html=notice></div>
            <div class="banners" inner_html=offer_message></div>
            {offer}
            <div class="page">
                <div class="kept-questions" hidden=move || !questions_shown.get()>
                    <QuestionsPage workshop />
                </div>
                <div class="banners" inner_html=page_message></div>
                {page}
                <div class="kept-results" hidden=move || !results_shown.get()>
                    {move || kept.get().map(|build| build(workshop))}
                </div>
            </div>
        </div>
    }
}

/// What builds a view whose code is a part of its own.
type Build = fn(Workshop) -> AnyView;

/// Declares a view that the first screen does not need. With the `split` feature (the
/// release build, see scripts/build) wasm-split moves its code into a part of its own,
/// fetched the first time the view opens and precached by the service worker for offline
/// use; without it (tests, clippy) it is an ordinary function that is ready at once.
/// Loading gives back the function that builds the view, so the view itself is built like
/// any other, in the page's own reactive scope.
macro_rules! part {
    ($(#[$doc:meta])* $name:ident => $build:expr) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name() -> Result<Build, SplitLoaderError> {
            Ok($build)
        }
        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        async fn $name() -> Result<Build, SplitLoaderError> {
            Ok($build)
        }
    };
}

part!(
    /// The assessments in this browser. It reads, renames and copies saved assessments, so
    /// its part brings the reader (a first visit starts without it): the workspace has it
    /// before the view can be clicked.
    library_view => |workshop| {
        workshop.give_reader(Reader::ALL);
        view! { <library::LibraryPage workshop /> }.into_any()
    }
);
part!(
    /// The client, weights, target and the room.
    setup_view => |workshop| view! { <setup::SetupPage workshop /> }.into_any()
);
part!(
    /// The report, charts, roadmap, exports and share links.
    results_view => |workshop| {
        // It stays on the page while another view shows (see the Shell): hidden, it
        // follows the answers only when the Shell says so.
        let respondent = workshop.respondent_mode;
        let live = Memo::new(move |_| workshop.tab.get() == Tab::Results && !respondent.get());
        let workshop = workshop.held(live);
        view! { <results::ResultsPage workshop /> }.into_any()
    }
);
part!(
    /// Follow-ups, comparisons, the portfolio and the benchmark.
    progress_view => |workshop| view! { <progress::ProgressPage workshop /> }.into_any()
);
part!(
    /// What an opened share link offers (an import, or a respondent's answers to add): only
    /// a page opened with a share link needs it.
    shared_offer_view => |workshop| view! { <share::SharedOffer workshop /> }.into_any()
);
part!(
    /// A respondent's page for sending their answers.
    send_view => |workshop| view! { <room::SendPage workshop /> }.into_any()
);

/// The fields of the room panels (see `room::RoomPart`): with the `split` feature a part of
/// its own, fetched when a panel first opens.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(room_fields, wasm_split_path = ::leptos::wasm_split, fallible)]
fn room_fields() -> Result<room::BuildFields, SplitLoaderError> {
    Ok(room::fields)
}

/// Without the `split` feature: ready at once.
#[cfg(not(feature = "split"))]
async fn room_fields() -> Result<room::BuildFields, SplitLoaderError> {
    Ok(room::fields)
}

/// Reads what a first visit never reads (`domain::questionnaire::Reader`): saved
/// assessments (the entry's and the assessment's readers and the JSON reader under them:
/// about 17 KB gzip of the first load), custom questionnaires (the JSON reader for
/// questionnaire files and the validator, which the built-in questionnaire does not need:
/// it is embedded already validated, see `domain::questionnaire::compact`) and the earlier
/// built-in versions. With the `split` feature it is a part of its own, loaded before the
/// app starts when the browser holds an assessment, and when another tab stores one; the
/// views that load questionnaire files are parts themselves. (The part kept its first
/// name, which the tests and the size report use.)
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(questionnaire_reader, wasm_split_path = ::leptos::wasm_split, fallible)]
fn questionnaire_reader() -> Result<ReaderPart, SplitLoaderError> {
    Ok(ReaderPart::ALL)
}

/// Without the `split` feature: ready at once.
#[cfg(not(feature = "split"))]
async fn questionnaire_reader() -> Result<ReaderPart, SplitLoaderError> {
    Ok(ReaderPart::ALL)
}

/// What the reader's part brings: the [`Reader`], and how the workspace takes it
/// (`Workspace::set_reader`, which reads again what waited for it and opens the assessment
/// that waited). Only a page that holds something to read runs the latter, so it comes
/// with the part rather than in the first load.
#[derive(Clone, Copy)]
pub(crate) struct ReaderPart {
    pub reader: Reader,
    pub install: fn(&mut Workspace, &mut dyn Store, Reader),
}

impl ReaderPart {
    const ALL: ReaderPart = ReaderPart {
        reader: Reader::ALL,
        install: Workspace::set_reader,
    };
}

/// Whether the page may try to load the reader's part now. The page's own attempts (`asked`
/// false: at start, after another tab's write, at the end of a command) wait their turn
/// under a [`Backoff`], so a page that cannot download it, offline without the service
/// worker's copy, does not ask again at every answer; a user's action that needs it
/// (`asked`) always tries. Each attempt that starts ends with [`reader_tried`].
pub(crate) fn reader_turn(asked: bool) -> bool {
    READER_TRIES.with(|tries| tries.borrow_mut().start(clock::now_ms(), asked))
}

/// An attempt [`reader_turn`] allowed ended: `loaded` or not.
pub(crate) fn reader_tried(loaded: bool) {
    READER_TRIES.with(|tries| tries.borrow_mut().finished(clock::now_ms(), loaded));
}

/// The longest wait for an idle moment before the hidden Results is built or brought up to
/// date, after the pause (see [`when_idle`]).
const RESULTS_IDLE_AT_THE_LATEST_MS: u32 = 1000;

/// How long after the last change (or its part's arrival) the hidden Results view is built
/// or brought up to date, in the next idle moment after that: a room between answers, not
/// a room answering.
const REFRESH_RESULTS_AFTER_MS: u64 = 1500;

/// Runs `work` in the browser's next idle moment (after 50 ms where the browser has no idle
/// callbacks: Safari). A page that draws nothing may get no idle moment for a long time
/// (headless Chromium gave such a page none in 16 s): work that must happen soon says how
/// long it may wait at most in `at_the_latest_ms`.
fn when_idle(work: impl FnOnce() + 'static) {
    idle_then(work, None);
}

/// [`when_idle`], or after `at_the_latest_ms` if no idle moment comes first.
fn when_idle_or_after(at_the_latest_ms: u32, work: impl FnOnce() + 'static) {
    idle_then(work, Some(at_the_latest_ms));
}

fn idle_then(work: impl FnOnce() + 'static, at_the_latest_ms: Option<u32>) {
    let work = wasm_bindgen::closure::Closure::once_into_js(work);
    let work: &js_sys::Function = work.unchecked_ref();
    let window = window();
    let options = web_sys::IdleRequestOptions::new();
    if let Some(ms) = at_the_latest_ms {
        options.set_timeout(ms);
    }
    if window
        .request_idle_callback_with_options(work, &options)
        .is_err()
    {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(work, 50);
    }
}

/// Has the browser lay out what is kept on the page while hidden (app.css hides it with
/// `content-visibility: hidden`, which keeps its style and layout): the Results view kept
/// in `.kept-results`, or an area of the Questions view. Asking where its first child is
/// makes the browser lay out the whole of it now (the Shell asks right after a background
/// build or refresh, the Questions view right after placing an area built while idle), so
/// showing it later costs little more than a paint instead of styling and laying out every
/// element in the click or key press.
fn lay_out_hidden(hidden: &web_sys::Element) {
    if let Some(child) = hidden.first_element_child() {
        let _ = child.get_bounding_client_rect();
    }
}

/// Runs `run` once soon and again after any signal it read changes: Leptos' `Effect::new`
/// with the closure boxed. Leptos builds an effect as an async task that is generic over
/// its closure, so each `Effect::new` was a copy of that task in the wasm (about 0.9 KB raw
/// each, twelve in the first load); here one copy serves every effect. What a run needs
/// from the previous one lives in the closure (it is `FnMut`). A tidy test keeps
/// `Effect::new` out of the app's other code.
pub fn effect(run: impl FnMut() + 'static) {
    effect_boxed(Box::new(run));
}

#[inline(never)]
fn effect_boxed(mut run: Box<dyn FnMut()>) {
    Effect::new(move |_: Option<()>| run());
}

/// How long after the app starts the views' parts are fetched in the background: late
/// enough to leave the first screen and the first answers alone.
const PREFETCH_AFTER_SECONDS: u64 = 5;

/// Loads a part and gives back what builds its view.
type Load =
    fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Build, SplitLoaderError>>>>;

/// Whether the Questions view is the one on screen (it stays on the page, hidden, while
/// another view shows).
fn questions_on_screen(workshop: Workshop) -> bool {
    part_of(workshop.tab.get(), workshop.respondent_mode.get()).is_none()
}

/// The part a tab shows, if it is not the Questions view. A respondent sees the questions
/// and the page to send their answers, never the weights, results or roadmap: those views
/// do not exist in respondent mode.
fn part_of(tab: Tab, respondent: bool) -> Option<Load> {
    Some(match (tab, respondent) {
        (Tab::Library, _) => || boxed(library_view()),
        (Tab::Setup, false) => || boxed(setup_view()),
        (Tab::Results, false) => || boxed(results_view()),
        (Tab::Progress, false) => || boxed(progress_view()),
        (Tab::Send, true) => || boxed(send_view()),
        _ => return None,
    })
}

fn boxed<F>(future: F) -> std::pin::Pin<Box<dyn std::future::Future<Output = F::Output>>>
where
    F: std::future::Future + 'static,
{
    Box::pin(future)
}

/// The part that offers what an opened share link carries.
const OFFER_PART: Load = || boxed(shared_offer_view());

/// The parts' states for this page, by the address of their loading function.
#[derive(Clone, Copy, Default)]
struct Parts(RwSignal<Vec<(usize, PartState<Build>)>>);

impl Parts {
    fn state(self, part: Load) -> PartState<Build> {
        self.0.with(|states| {
            states
                .iter()
                .find(|(key, _)| *key == part as usize)
                .map_or(PartState::NotAsked, |(_, state)| *state)
        })
    }

    fn set(self, part: Load, state: PartState<Build>) {
        self.0.try_update(|states| {
            states.retain(|(key, _)| *key != part as usize);
            states.push((part as usize, state));
        });
    }

    /// Fetches the part (again, after a failure); a failed download is kept as Failed,
    /// so the view says so and offers to try again.
    fn fetch(self, part: Load) {
        leptos::task::spawn_local(part::load(part(), PartState::Failed, move |state| {
            self.set(part, state)
        }));
    }

    /// Fetches, one after another, the parts of the views this mode can open that nobody
    /// asked for yet, so each view opens at once later. A part that fails here is fetched
    /// again when its view opens.
    fn prefetch(self, respondent: bool) {
        leptos::task::spawn_local(async move {
            for tab in [
                Tab::Results,
                Tab::Setup,
                Tab::Library,
                Tab::Progress,
                Tab::Send,
            ] {
                let Some(part) = part_of(tab, respondent) else {
                    continue;
                };
                if !matches!(self.state(part), PartState::NotAsked) {
                    continue;
                }
                part::load(part(), PartState::NotAsked, move |state| {
                    self.set(part, state)
                })
                .await;
            }
        });
    }
}

/// Starts the application: at once on a first visit, or once the part that reads saved
/// assessments is here if the browser holds any (the library is read as the app starts,
/// and the assessment open last must open again). If that part cannot be loaded, those
/// assessments are listed as not read yet and kept as they are stored, and a new one opens.
pub fn mount() {
    if Workspace::needs_reader(&crate::platform::storage::LocalStore) {
        wasm_bindgen_futures::spawn_local(async {
            // The page's first turn: always granted.
            reader_turn(false);
            let part = questionnaire_reader().await.ok();
            reader_tried(part.is_some());
            READER.with(|r| r.set(part.map(|p| p.reader)));
            start();
        });
    } else {
        start();
    }
}

/// The library read with the built-in questionnaire and the reader `mount` loaded, if any.
fn read_library_with_reader(built_in: Questionnaire) -> Workspace {
    state::read_library(built_in, READER.with(std::cell::Cell::get))
}

/// Replaces the static loading shell in `index.html` (`#app`) with the live application.
fn start() {
    let shell = document()
        .get_element_by_id("app")
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    match shell {
        // The build put a static copy of the first screen here (see the prerender step in
        // scripts/build). The app takes over after the browser has painted it. The site's
        // loader already waits for the first paint before it fetches the wasm; this wait is
        // for pages that start the wasm at once (the offline kit, Trunk's loader in the
        // prerender step), where a takeover before the first paint held it back (4× CPU:
        // 988 ms instead of the static page's 324 ms). A hidden tab paints nothing and
        // would never run the frame callback, so it takes over at once.
        Some(shell) if shell.has_attribute("data-prerendered") && !document().hidden() => {
            // Read the built-in questionnaire now, in the task that loaded the wasm, and
            // the library in a task of its own after the paint, so that the takeover task
            // (the longest of the start-up) does neither. Reading the library writes a new
            // assessment on a first visit, about an eighth of the takeover task at 4× CPU
            // (profiled), most of it the entry's encoder compiled on its first call.
            let parsed = Questionnaire::built_in();
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        let read = parsed.map(read_library_with_reader);
                        if read.is_ok() {
                            state::hear_other_tabs_early();
                        }
                        READ_EARLY.with(|early| *early.borrow_mut() = Some(read));
                        set_timeout(move || take_over(shell), std::time::Duration::ZERO)
                    },
                    std::time::Duration::ZERO,
                )
            });
        }
        Some(shell) => take_over(shell),
        None => leptos::mount::mount_to_body(App),
    }
}

/// Replaces what `shell` shows with the live app. Answers and notes given on the static
/// copy are kept, and the app replaces it in this same task: the browser paints once, with
/// no flash.
fn take_over(shell: web_sys::HtmlElement) {
    if shell.has_attribute("data-prerendered") {
        EARLY.with(|early| *early.borrow_mut() = given_before_the_app(&shell));
        let _ = shell.remove_attribute("data-prerendered");
        // The static first area and summary may stand in for the app's own until those
        // are built. They are marked, so that a test can wait until what the page shows is
        // all the app's own (`Session::goto`): a click meant for the app must not land on
        // a stand-in just as the app swaps it out.
        for (selector, slot) in [
            (AREA_STAND_IN, &STAND_IN),
            (SUMMARY_STAND_IN, &SHOWN_SUMMARY),
        ] {
            if let Ok(Some(element)) = shell.query_selector(selector) {
                element.remove();
                let _ = element.set_attribute("data-stand-in", "");
                slot.with(|slot| *slot.borrow_mut() = Some(element));
            }
        }
    }
    shell.set_text_content(None);
    leptos::mount::mount_to(shell.clone(), App).forget();
    // The static summary, if the app shows it for now, goes back under the heading.
    SHOWN_SUMMARY.with(|shown| {
        let heading = shell.query_selector(".topbar .title h1").ok().flatten();
        if let (Some(summary), Some(heading)) = (shown.borrow().as_ref(), heading) {
            let _ = heading.after_with_node_1(summary);
        }
    });
}

thread_local! {
    /// What reads custom questionnaires, if `mount` loaded it before the app started.
    static READER: std::cell::Cell<Option<Reader>> = const { std::cell::Cell::new(None) };
    /// When the page may try again to load the reader's part (see [`reader_turn`]).
    static READER_TRIES: std::cell::RefCell<Backoff> = const { std::cell::RefCell::new(Backoff::new()) };
    /// The library as `start` read it before the takeover (or why the built-in
    /// questionnaire could not be read), for `App`.
    static READ_EARLY: std::cell::RefCell<Option<Result<Workspace, QuestionnaireError>>> =
        const { std::cell::RefCell::new(None) };
}

/// What was given on the static first screen before the wasm arrived: per question, the
/// index of the chosen option and the note typed.
#[derive(Default)]
struct Early {
    answers: Vec<(String, usize)>,
    notes: Vec<(String, String)>,
}

thread_local! {
    static EARLY: std::cell::RefCell<Early> = std::cell::RefCell::new(Early::default());
    /// The static copy's first area, taken out of the page at the takeover.
    static STAND_IN: std::cell::RefCell<Option<web_sys::Element>> =
        const { std::cell::RefCell::new(None) };
    /// The static copy's summary, taken out of the page at the takeover, while it may stand
    /// in for the live one (see `summary_live`).
    static SHOWN_SUMMARY: std::cell::RefCell<Option<web_sys::Element>> =
        const { std::cell::RefCell::new(None) };
}

/// The static copy's first area and summary at the top, as the takeover finds them.
const AREA_STAND_IN: &str = "section.area";
const SUMMARY_STAND_IN: &str = ".topbar .summary";

/// The static copy's first area, once: the Questions view shows it until its own first
/// area is built, when nothing on it can differ (see `questions::Areas::stand_in`).
pub(crate) fn take_stand_in() -> Option<web_sys::Element> {
    STAND_IN.with(|stand_in| stand_in.borrow_mut().take())
}

/// Whether the live summary is to show, rather than the static copy's (see
/// `SHOWN_SUMMARY`): at once if the static one does not show what the live one would, else
/// from the task after the takeover, or as soon as the workshop leaves the blank start the
/// static copy shows (an answer, another question). Built in the takeover task, the live
/// summary was about a quarter of it (at 4× CPU the longest task of the load went from
/// 306 to 243 ms without it): the report's scoring and the summary's text, compiled on
/// their first call.
fn summary_live(workshop: Workshop) -> impl Fn() -> bool + Copy {
    let stands_in = SHOWN_SUMMARY.with(|shown| {
        let mut shown = shown.borrow_mut();
        if !static_copy_shows(workshop) {
            *shown = None;
        }
        shown.is_some()
    });
    let waited = RwSignal::new(!stands_in);
    if stands_in {
        set_timeout(move || waited.set(true), std::time::Duration::ZERO);
    }
    // Once the task after the takeover has run, this follows `waited` alone. (Before it,
    // an answer shows the live summary, and each change until then builds it again.)
    move || waited.get() || !questions::blank_start(workshop)
}

/// Whether the static copy (its first area, its summary) shows exactly what the app
/// would: a blank start (see `questions::blank_start`) of the very questionnaire it was
/// rendered from, the built-in one, not a custom or an earlier version.
pub(crate) fn static_copy_shows(workshop: Workshop) -> bool {
    untrack(|| questions::blank_start(workshop)) && workshop.on_built_in()
}

/// Gives the open assessment what was answered on a stand-in area before it was replaced.
pub(crate) fn carry_over_from(workshop: Workshop, area: &web_sys::Element) {
    apply_early(workshop, given_before_the_app(area));
}

fn given_before_the_app(shell: &web_sys::Element) -> Early {
    let mut early = Early::default();
    let question_of = |element: &web_sys::Element| {
        element
            .closest("fieldset[data-question]")
            .ok()
            .flatten()
            .and_then(|fieldset| fieldset.get_attribute("data-question"))
    };
    for input in
        all::<web_sys::HtmlInputElement>(shell, "fieldset[data-question] input[type=radio]:checked")
    {
        if let (Some(id), Ok(index)) = (question_of(&input), input.value().parse()) {
            early.answers.push((id, index));
        }
    }
    for field in all::<web_sys::HtmlTextAreaElement>(shell, "fieldset[data-question] textarea") {
        let text = field.value();
        if let (Some(id), false) = (question_of(&field), text.trim().is_empty()) {
            early.notes.push((id, text));
        }
    }
    early
}

/// The elements below `root` that match `selector`, as `T`.
fn all<T: JsCast>(root: &web_sys::Element, selector: &str) -> Vec<T> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<T>().ok())
        .collect()
}

/// Gives the open assessment what was answered on the static first screen (questions the
/// open questionnaire does not have are left out: the static copy shows the built-in one).
fn carry_over_early_answers(workshop: Workshop) {
    apply_early(
        workshop,
        EARLY.with(|early| std::mem::take(&mut *early.borrow_mut())),
    );
}

fn apply_early(workshop: Workshop, early: Early) {
    for (id, index) in early.answers {
        let answer = workshop.questionnaire.with_untracked(|q| {
            q.areas
                .iter()
                .flat_map(|a| &a.questions)
                .find(|q| q.id == id)
                .and_then(|q| crate::domain::markup::choices_of(q).get(index).copied())
        });
        if let Some(answer) = answer {
            workshop.answer(&id, Some(answer));
        }
    }
    for (id, note) in early.notes {
        let known = workshop.questionnaire.with_untracked(|q| {
            q.areas
                .iter()
                .flat_map(|a| &a.questions)
                .any(|q| q.id == id)
        });
        if known {
            workshop.set_note(&id, note);
        }
    }
}
