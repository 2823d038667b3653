//! Share links and QR codes in the app: the offer shown when a share link is opened, the
//! Results view's "Share" section, and the "join as a respondent" QR code for the room.

use super::state::{Notice, Workshop};
use crate::domain::charts::data_url;
use crate::domain::share::{self, LinkKind, Shared};
use crate::domain::text::file_stem;
use crate::platform::download::download_text;
use crate::platform::link;
use leptos::prelude::*;

/// What opening a share link offers: import an assessment as a new entry, or add a
/// respondent's answers to a matching assessment. A link whose questionnaire is not loaded
/// says which one it needs and waits.
#[component]
pub fn SharedOffer(workshop: Workshop) -> impl IntoView {
    let offer = move || {
        let link = workshop.shared.get()?;
        let dismiss = move |_| workshop.forget_shared();
        let Some(questionnaire) = workshop.questionnaire_for(&link.questionnaire) else {
            let text = format!(
                "This share link needs the questionnaire \"{}\" version {}, which is not loaded in this browser. Load its file under Assessments → Load a custom questionnaire, then open the assessment it made: the link waits here until then.",
                link.questionnaire.id, link.questionnaire.version
            );
            // Loading the questionnaire changes the open assessment, which re-runs this.
            let _ = workshop.questionnaire.get();
            return Some(refusal(text, "Forget the link", dismiss));
        };
        let _ = workshop.questionnaire.get();
        let shared = match link.read(&questionnaire) {
            Ok(shared) => shared,
            Err(reason) => return Some(refusal(reason, "Dismiss", dismiss)),
        };
        Some(match (&shared, link.kind) {
            (Shared::Assessment(a), _) => {
                let client = match a.client.trim() {
                    "" => "an unnamed client".to_string(),
                    client => client.to_string(),
                };
                let answered = a.responses.values().filter(|r| r.answer.is_some()).count();
                let text = format!(
                    "This link carries an assessment for {client}: {answered} of {} questions answered. Importing makes a new entry; nothing existing is changed.",
                    questionnaire.question_count()
                );
                view! {
                    <div class="banner" role="status" data-testid="shared-offer">
                        <p>{text}</p>
                        <button type="button" data-testid="import-shared"
                            on:click=move |_| workshop.import_shared(shared.clone())>"Import as a new assessment"</button>
                        <button type="button" on:click=dismiss>"Not now"</button>
                    </div>
                }
                .into_any()
            }
            (Shared::Respondent(file), _) => {
                let who = match file.respondent.name.trim() {
                    "" => "A respondent".to_string(),
                    name => name.to_string(),
                };
                let text = format!(
                    "This link carries the answers of {who} ({} questions) for {}. Add them to an assessment of the same questionnaire:",
                    file.answers.len(),
                    if file.client.trim().is_empty() { "an unnamed client" } else { file.client.trim() }
                );
                let wanted = link.questionnaire.clone();
                let targets: Vec<(String, String)> = workshop.entries.with(|entries| {
                    entries
                        .iter()
                        .filter(|e| {
                            e.assessment.questionnaire == wanted
                                && e.assessment.answering_as.is_none()
                        })
                        .map(|e| (e.id.clone(), e.name.clone()))
                        .collect()
                });
                let buttons = targets
                    .into_iter()
                    .map(|(id, name)| {
                        let shared = shared.clone();
                        view! {
                            <button type="button" data-testid="add-shared"
                                on:click=move |_| workshop.add_shared_respondent(shared.clone(), Some(&id))>
                                {format!("Add to \"{name}\"")}
                            </button>
                        }
                    })
                    .collect_view();
                let new_one = shared.clone();
                view! {
                    <div class="banner" role="status" data-testid="shared-offer">
                        <p>{text}</p>
                        {buttons}
                        <button type="button" data-testid="add-shared-new"
                            on:click=move |_| workshop.add_shared_respondent(new_one.clone(), None)>"Add to a new assessment"</button>
                        <button type="button" on:click=dismiss>"Not now"</button>
                    </div>
                }
                .into_any()
            }
        })
    };
    view! { {offer} }
}

/// A share link that cannot be offered: why, and a button to let it go.
fn refusal(
    text: String,
    button: &'static str,
    dismiss: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> AnyView {
    view! {
        <div class="banner warning" role="alert" data-testid="shared-offer">
            <p>{text}</p>
            <button type="button" on:click=dismiss>{button}</button>
        </div>
    }
    .into_any()
}

/// A QR code as an image (the SVG through a data URL, like the charts), or why not.
fn qr_image(url: &str, title: &str, testid: &'static str) -> AnyView {
    match share::qr_svg(url, title) {
        Ok(svg) => view! {
            <img class="qr" data-testid=testid src=data_url(&svg) alt=format!("QR code: {title}") />
        }
        .into_any(),
        Err(reason) => view! { <p class="qr-refused">{reason}</p> }.into_any(),
    }
}

/// The Results view's "Share" section: the assessment as a link (notes optional) and its
/// QR code.
#[component]
pub fn SharePanel(workshop: Workshop) -> impl IntoView {
    let with_notes = RwSignal::new(false);
    let made = RwSignal::new(None::<String>);
    let make = move |_| {
        let outcome = workshop.questionnaire.with_untracked(|q| {
            workshop
                .assessment
                .with_untracked(|a| share::assessment_link(q, a, with_notes.get_untracked()))
        });
        match outcome {
            Ok(fragment) => made.set(Some(link::with_fragment(&fragment))),
            Err(reason) => {
                made.set(None);
                workshop.notice.set(Some(Notice::error(reason, Vec::new())));
            }
        }
    };
    let copy = move |_| {
        let Some(url) = made.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let notice = match link::copy(&url).await {
                Ok(()) => Notice::info("The share link is on the clipboard."),
                Err(reason) => Notice::error(
                    format!("The browser did not allow copying ({reason}); select the link and copy it."),
                    Vec::new(),
                ),
            };
            workshop.notice.set(Some(notice));
        });
    };
    let download_qr = move |_| {
        let Some(url) = made.get_untracked() else {
            return;
        };
        if let Ok(svg) = share::qr_svg(&url, "Share link of the assessment") {
            let name = format!("{}-share-qr.svg", file_stem(&workshop.name.get_untracked()));
            if let Err(error) = download_text(&name, "image/svg+xml", &svg) {
                workshop.notice.set(Some(Notice::error(error, Vec::new())));
            }
        }
    };
    // A link shows the answers as they were when it was made.
    super::effect(move || {
        // Read, not only tracked (see `Workshop::library_changes`).
        workshop.assessment.with(|_| ());
        made.set(None);
    });
    let shown = move || {
        made.get().map(|url| {
            let length = format!("{} characters. Anyone with the link can import these answers; the link itself never reaches a server.", url.len());
            view! {
                <div class="form">
                    <label for="share-link">"Share link"</label>
                    <input id="share-link" data-testid="share-link" type="text" readonly prop:value=url.clone() />
                </div>
                <p>{length}</p>
                <button type="button" on:click=copy>"Copy the link"</button>
                <button type="button" on:click=download_qr>"Download the QR code (SVG)"</button>
                {qr_image(&url, "Share link of the assessment", "share-qr")}
            }
        })
    };
    view! {
        <section class="share" aria-labelledby="share-title">
            <h2 id="share-title">"Share as a link"</h2>
            <p>"The answers and settings travel inside the link (after the #), so no server ever sees them. Opening it offers to import a copy."</p>
            <label class="check">
                <input type="checkbox" prop:checked=move || with_notes.get()
                    on:change=move |e| with_notes.set(event_target_checked(&e)) />
                " Include the notes"
            </label>
            <button type="button" data-testid="make-share-link" on:click=make>"Make a share link"</button>
            {shown}
        </section>
    }
}

/// The "join as a respondent" QR code for the projector.
pub fn join_qr(url: &str) -> AnyView {
    qr_image(url, "Scan to answer on your phone", "join-qr")
}

/// The respondent's "send as a link" button: the system share sheet, or the clipboard.
#[component]
pub fn SendAsLink(workshop: Workshop) -> impl IntoView {
    let made = RwSignal::new(None::<String>);
    let send = move |_| {
        let outcome = workshop.questionnaire.with_untracked(|q| {
            workshop
                .assessment
                .with_untracked(|a| share::own_answers_link(q, a))
        });
        let url = match outcome {
            Some(Ok(fragment)) => link::with_fragment(&fragment),
            Some(Err(reason)) => {
                workshop.notice.set(Some(Notice::error(reason, Vec::new())));
                return;
            }
            None => return,
        };
        made.set(Some(url.clone()));
        leptos::task::spawn_local(async move {
            let notice = match link::share_or_copy("My MLOps maturity answers", &url).await {
                Ok(link::Sent::Shared) => Notice::info("Your answers were handed to the share sheet."),
                Ok(link::Sent::Copied) => Notice::info("The link to your answers is on the clipboard: paste it into a message to your facilitator."),
                Err(reason) => Notice::error(
                    format!("The link could not be shared or copied ({reason}); select it below and copy it."),
                    Vec::new(),
                ),
            };
            workshop.notice.set(Some(notice));
        });
    };
    let _ = LinkKind::Respondent;
    view! {
        <button type="button" class="export" data-testid="send-link" on:click=send>"Send my answers as a link"</button>
        {move || made.get().map(|url| view! {
            <div class="form">
                <label for="own-link">"Link to your answers"</label>
                <input id="own-link" data-testid="own-link" type="text" readonly prop:value=url.clone() />
            </div>
            // Shown to the facilitator's phone or camera when there is no other way.
            {qr_image(&url, "Link to your answers", "own-qr")}
        })}
    }
}
