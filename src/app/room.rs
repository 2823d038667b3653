//! The room's voice in the app: respondents and their link in Setup, the room's answers
//! beside each question (each person's answer or a show of hands, the spread, the agreed
//! answer's rationale), and the respondent's own "Send answers" page.

use super::part::PartState;
use super::questions::Shown;
use super::state::{new_id, Notice, Workshop};
use crate::domain::assessment::Respondent;
use crate::domain::markup::respondent_summary_html;
use crate::domain::room::{self, Distribution, Invitation, RespondentFile};
use crate::domain::text::file_stem;
use crate::platform::download::download_text;
use crate::platform::files::read_all_chosen;
use crate::platform::link;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement as Input;

/// Largest respondent file accepted.
const MAX_RESPONDENT_BYTES: usize = 512 * 1024;

/// Setup's section for the room: who answers, the link for answering alone beforehand,
/// and importing the files people send back.
#[component]
pub fn RoomSetup(workshop: Workshop) -> impl IntoView {
    let assessment = workshop.assessment;
    let confirming = RwSignal::new(None::<String>);
    let add = move |_| {
        let id = new_id();
        workshop.edit(|a| {
            a.respondents.push(Respondent {
                id: id.clone(),
                name: String::new(),
                role: String::new(),
            })
        });
        focus(&format!("#respondent-name-{id}"));
    };
    // The rows are rebuilt only when people are added or removed (typing a name changes
    // neither list), so a field never loses the cursor; cheaper in wasm than a keyed list.
    let rows = Memo::new(move |_| {
        assessment.with(|a| {
            a.respondents
                .iter()
                .enumerate()
                .map(|(i, r)| (i, r.id.clone()))
                .collect::<Vec<_>>()
        })
    });
    let row = move |(position, id): (usize, String)| {
        let field = move |id: String, name: bool| {
            let read = id.clone();
            let value = move || {
                assessment.with(|a| {
                    a.respondents
                        .iter()
                        .find(|r| r.id == read)
                        .map(|r| if name { r.name.clone() } else { r.role.clone() })
                        .unwrap_or_default()
                })
            };
            let write = move |e: leptos::ev::Event| {
                let typed = event_target_value(&e);
                workshop.edit(|a| {
                    if let Some(r) = a.respondents.iter_mut().find(|r| r.id == id) {
                        if name {
                            r.name = typed;
                        } else {
                            r.role = typed;
                        }
                    }
                });
            };
            (value, write)
        };
        let (name_value, name_write) = field(id.clone(), true);
        let (role_value, role_write) = field(id.clone(), false);
        let (ask_id, is_id, remove_id) = (id.clone(), id.clone(), id.clone());
        let asking = move || confirming.get().as_deref() == Some(is_id.as_str());
        let votes = {
            let id = id.clone();
            move || {
                assessment.with(|a| {
                    a.responses
                        .values()
                        .filter(|r| r.votes.contains_key(&id))
                        .count()
                })
            }
        };
        let remove = move |_| {
            confirming.set(None);
            workshop.edit(|a| room::remove_respondent(a, &remove_id));
        };
        let label = format!("Respondent {}", position + 1);
        view! {
            <li class="respondent" data-testid="respondent">
                <label for=format!("respondent-name-{id}")>{format!("{label}: name")}</label>
                <input id=format!("respondent-name-{id}") type="text" placeholder=label.clone()
                    prop:value=name_value on:input=name_write />
                <label for=format!("respondent-role-{id}")>"Role"</label>
                <input id=format!("respondent-role-{id}") type="text" prop:value=role_value on:input=role_write />
                <Show
                    when=asking
                    fallback=move || {
                        let ask_id = ask_id.clone();
                        view! {
                            <button type="button" aria-label=format!("Remove respondent {}", position + 1)
                                on:click=move |_| confirming.set(Some(ask_id.clone()))>"Remove"</button>
                        }
                    }
                >
                    <span role="alert">{format!("Remove {label} and their answers ({} questions)?", votes())}</span>
                    <button type="button" on:click=remove.clone()>"Remove"</button>
                    <button type="button" on:click=move |_| confirming.set(None)>"Keep"</button>
                </Show>
            </li>
        }
    };
    let invitation_link = move || {
        assessment.with(|a| {
            link::with_fragment(
                &Invitation {
                    client: a.client.clone(),
                    questionnaire: a.questionnaire.clone(),
                }
                .to_fragment(),
            )
        })
    };
    let copy = move |_| {
        let text = invitation_link();
        leptos::task::spawn_local(async move {
            let notice = match link::copy(&text).await {
                Ok(()) => Notice::info("The respondent link is on the clipboard."),
                Err(reason) => Notice::error(
                    format!("The browser did not allow copying ({reason}); select the link and copy it."),
                    Vec::new(),
                ),
            };
            workshop.notice.set(Some(notice));
        });
    };
    let show_qr = RwSignal::new(false);
    let import = move |event: leptos::ev::Event| {
        read_all_chosen(&event, MAX_RESPONDENT_BYTES, move |files| {
            let files = files
                .into_iter()
                .map(|(name, text)| (name, text.map_err(|e| e.to_string())))
                .collect();
            workshop.add_respondent_files(files);
        });
    };
    view! {
        <section class="room-setup" aria-labelledby="room-title">
            <h2 id="room-title">"The room"</h2>
            <p>"List the people who answer, to record each person's answer per question, or import the answers they gave alone before the workshop. Only the answer the room agrees scores. Without anyone listed, a show of hands can still be recorded per question."</p>
            <ol class="respondents">
                {move || rows.get().into_iter().map(row).collect_view()}
            </ol>
            <button type="button" data-testid="add-respondent" on:click=add>"Add a respondent"</button>
            <h3>"Answers given before the workshop"</h3>
            <p>"Send this link to each person. It opens the questions alone, without weights, results or anyone else's answers, and lets them download their answers as a file to send back."</p>
            <div class="form">
                <label for="respondent-link">"Respondent link"</label>
                <input id="respondent-link" data-testid="respondent-link" type="text" readonly prop:value=invitation_link />
            </div>
            <button type="button" on:click=copy>"Copy the link"</button>
            <button type="button" data-testid="show-join-qr" aria-expanded=move || show_qr.get().to_string()
                on:click=move |_| show_qr.update(|s| *s = !*s)>
                {move || if show_qr.get() { "Hide the QR code" } else { "Show the QR code for the room" }}
            </button>
            {move || show_qr.get().then(|| super::share::join_qr(&invitation_link()))}
            <div class="form">
                <label for="import-respondents">"Import respondent files (any number at once)"</label>
                <input id="import-respondents" data-testid="import-respondents" type="file" multiple
                    accept=".json,application/json" on:change=import />
            </div>
        </section>
    }
}

/// Focuses the first element matching `selector`, once the page has drawn it.
pub fn focus(selector: &str) {
    let selector = selector.to_string();
    request_animation_frame(move || {
        if let Ok(Some(element)) = document().query_selector(&selector) {
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}

/// Enter or Esc saves the line and leaves the field, so the answer keys work again at
/// once. The field saves the line itself rather than wait for the browser's `change`: the
/// first keys after V may have been typed into it by the app (see `questions::Held`), and
/// browsers differ on whether a line the page wrote fires `change` when the field is left.
fn save_and_leave(event: &leptos::ev::KeyboardEvent, save: impl Fn(&Input)) {
    if event.key() == "Enter" || event.key() == "Escape" {
        let field = event_target::<Input>(event);
        save(&field);
        let _ = field.blur();
    }
}

/// Whether the open assessment collects the room's answers: respondents are listed, or
/// some question has votes, hands or a rationale.
pub fn room_active(workshop: Workshop) -> bool {
    workshop.assessment.with(|a| {
        !a.respondents.is_empty()
            || a.responses
                .values()
                .any(|r| !r.votes.is_empty() || !r.hands.is_empty() || !r.rationale.is_empty())
    })
}

/// Builds the fields of an open room panel; the room's part gives it (see
/// `super::room_fields`).
pub type BuildFields = fn(Workshop, String, RwSignal<Shown>) -> AnyView;

/// The fields of an open room panel, built by the code of the room's part.
pub fn fields(workshop: Workshop, question_id: String, shown: RwSignal<Shown>) -> AnyView {
    view! { <RoomFields workshop question_id shown /> }.into_any()
}

/// The code of the room panels' fields, a part of its own: a workshop without a room never
/// loads it. It is fetched when a panel first opens (V, R, a click, or an assessment whose
/// room is active); the keys pressed after V while it loads are held for its field (see
/// `questions::Held`).
#[derive(Clone, Copy)]
pub struct RoomPart(RwSignal<PartState<BuildFields>>);

impl RoomPart {
    pub fn new() -> Self {
        RoomPart(RwSignal::new(PartState::NotAsked))
    }

    /// Where the part stands, tracked.
    pub fn state(self) -> PartState<BuildFields> {
        self.0.get()
    }

    pub fn state_untracked(self) -> PartState<BuildFields> {
        self.0.get_untracked()
    }

    /// Fetches the part unless it is here or on its way (again, after a failure).
    pub fn ensure(self) {
        if self.0.get_untracked().asked() {
            return;
        }
        leptos::task::spawn_local(super::part::load(
            super::room_fields(),
            PartState::Failed,
            move |state| {
                self.0.try_set(state);
            },
        ));
    }
}

/// The room's answers to one question, below its options. Its fields are built only while
/// it is open (the room is active, V opened it, or it was clicked open): a workshop without
/// a room never pays for them when it moves from area to area.
#[component]
pub fn RoomPanel(
    workshop: Workshop,
    question_id: String,
    /// The question whose panel the V key opened (or a click), when the room is not yet
    /// active.
    opened: RwSignal<Option<String>>,
    /// Whether the room's answers are being collected ([`room_active`], one memo for the
    /// whole view).
    active: Memo<bool>,
    /// The question's response, as the view's per-question signal.
    shown: RwSignal<Shown>,
    /// The code of the fields (the Questions view asks for it when a panel opens).
    part: RoomPart,
) -> impl IntoView {
    let open = {
        let id = question_id.clone();
        Memo::new(move |_| active.get() || opened.get().as_deref() == Some(id.as_str()))
    };
    let toggled = {
        let id = question_id.clone();
        move |event: leptos::ev::Event| {
            let now_open = event_target::<web_sys::HtmlDetailsElement>(&event).open();
            if now_open && !open.get_untracked() {
                opened.set(Some(id.clone()));
            } else if !now_open && opened.get_untracked().as_deref() == Some(id.as_str()) {
                opened.set(None);
            }
        }
    };
    let fields = move || {
        open.get().then(|| match part.state() {
            PartState::Ready(build) => build(workshop, question_id.clone(), shown),
            PartState::Failed => view! {
                <p class="loading" role="alert" data-testid="room-failed">
                    "The room's fields could not be loaded: check the connection and try again. The answers are saved."
                    " " <button type="button" on:click=move |_| part.ensure()>"Try again"</button>
                </p>
            }
            .into_any(),
            PartState::NotAsked | PartState::Loading => view! {
                <p class="loading" data-testid="room-loading">"Loading the room's fields…"</p>
            }
            .into_any(),
        })
    };
    view! {
        <details class="room" prop:open=open on:toggle=toggled>
            <summary>"The room's answers"</summary>
            {fields}
        </details>
    }
}

/// Saves the line of a room field that the room's answers are read from. A line that is
/// what is saved already is left alone (a field saves on Enter or Esc and again on
/// `change`); an empty line reads as `empty`, any other as `parse` reads it. A line that
/// cannot be read goes back to what is saved, so the field never shows answers that do not
/// count, and a notice repeats what was typed and says why it was refused.
fn save_line<T>(
    workshop: Workshop,
    field: &Input,
    saved: String,
    what: &str,
    empty: T,
    parse: impl FnOnce(&str) -> Result<T, String>,
    apply: impl FnOnce(T),
) {
    let typed = field.value();
    if typed == saved {
        return;
    }
    let read = if typed.trim().is_empty() {
        Ok(empty)
    } else {
        parse(&typed)
    };
    match read {
        Ok(value) => apply(value),
        Err(reason) => {
            field.set_value(&saved);
            workshop.notice.set(Some(Notice::error(
                format!(
                    "The {what} was not changed: {reason} (typed \"{}\").",
                    typed.trim()
                ),
                Vec::new(),
            )));
        }
    }
}

/// The fields of an open room panel.
#[component]
fn RoomFields(workshop: Workshop, question_id: String, shown: RwSignal<Shown>) -> impl IntoView {
    let assessment = workshop.assessment;
    let id = question_id.clone();
    let distribution = Memo::new(move |_| shown.with(|s| s.read(Distribution::of)));
    let flagged = {
        let area = workshop.questionnaire.with_untracked(|q| {
            q.areas
                .iter()
                .find(|a| a.questions.iter().any(|q| q.id == id))
                .map(|a| a.id.clone())
        });
        Memo::new(move |_| {
            // Scoring only matters when the room gave answers one level apart.
            if distribution.with(|d| d.total() == 0) {
                return false;
            }
            let in_bottleneck = workshop.report.with(|r| {
                r.bottlenecks
                    .iter()
                    .any(|b| Some(&b.area_id) == area.as_ref())
            });
            distribution.with(|d| room::disagrees(d, in_bottleneck))
        })
    };
    let spread_text = Memo::new(move |_| {
        distribution.with(|d| match d.spread() {
            Some(spread) if d.total() > 0 => format!(
                "{} answer(s): {}. Spread {spread} level(s).",
                d.total(),
                d.summary()
            ),
            _ if d.total() > 0 => format!("{} answer(s): {}.", d.total(), d.summary()),
            _ => "No answers from the room yet.".into(),
        })
    });
    // Memos, not closures: an answer elsewhere changes the assessment, and only values
    // that really changed may touch the DOM (each answer must fit in one frame).
    let people = Memo::new(move |_| {
        assessment.with(|a| {
            a.respondents
                .iter()
                .enumerate()
                .map(|(i, r)| r.shown_name(i))
                .collect::<Vec<_>>()
                .join(", ")
        })
    });
    let has_people = Memo::new(move |_| assessment.with(|a| !a.respondents.is_empty()));
    let (votes_id, set_votes_id, set_hands_id, set_why_id, agree_id) =
        (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let votes_value = Memo::new(move |_| assessment.with(|a| room::votes_line(a, &votes_id)));
    let hands_value = Memo::new(move |_| shown.with(|s| s.read(|r| room::hands_line(&r.hands))));
    let why_value = Memo::new(move |_| shown.with(|s| s.read(|r| r.rationale.clone())));
    // Each field saves its line on Enter or Esc and when the browser says it changed
    // (`change`, on leaving it): a line that is what is saved already is left alone, so
    // saving twice does nothing.
    let set_votes = move |field: &Input| {
        let count = assessment.with_untracked(|a| a.respondents.len());
        save_line(
            workshop,
            field,
            votes_value.get_untracked(),
            "room's answers",
            vec![None; count],
            |typed| room::parse_votes(typed, count),
            |votes| workshop.edit(|a| room::set_votes(a, &set_votes_id, &votes)),
        );
    };
    let set_hands = move |field: &Input| {
        save_line(
            workshop,
            field,
            hands_value.get_untracked(),
            "show of hands",
            Default::default(),
            room::parse_hands,
            |hands| workshop.edit(|a| a.update_response(&set_hands_id, |r| r.hands = hands)),
        );
    };
    let set_why = move |field: &Input| {
        let typed = field.value();
        if typed != why_value.get_untracked() {
            workshop.edit(|a| a.update_response(&set_why_id, |r| r.rationale = typed));
        }
    };
    let agree = move |_| {
        if !workshop.edit_returning(|a| room::agree_with_median(a, &agree_id)) {
            workshop.notice.set(Some(Notice::error(
                "The room has given no answer to this question yet.",
                Vec::new(),
            )));
        }
    };
    let votes_field = format!("room-votes-{id}");
    let hands_field = format!("room-hands-{id}");
    let why_field = format!("rationale-{id}");
    view! {
            <p class="room-spread" data-testid="room-spread">
                {spread_text}
                <Show when=move || flagged.get()>
                    " " <strong class="badge warning" data-testid="disagreement">"The room disagrees"</strong>
                </Show>
            </p>
            <Show when=move || has_people.get()>
                <label for=votes_field.clone()>
                    "Each person's answer, in order (" {move || people.get()} "): 0-3, D, N, or - for none"
                </label>
                <input id=votes_field.clone() class="room-line" data-testid="room-votes" type="text"
                    autocomplete="off" prop:value=votes_value
                    on:change={
                        let save = set_votes.clone();
                        move |e| save(&event_target(&e))
                    }
                    on:keydown={
                        let save = set_votes.clone();
                        move |e| save_and_leave(&e, &save)
                    } />
            </Show>
            <label for=hands_field.clone()>"Show of hands: counts for levels 0, 1, 2, 3, then D and N"</label>
            <input id=hands_field class="room-hands" data-testid="room-hands" type="text"
                autocomplete="off" prop:value=hands_value
                on:change={
                    let save = set_hands.clone();
                    move |e| save(&event_target(&e))
                }
                on:keydown=move |e| save_and_leave(&e, &set_hands) />
            <label for=why_field.clone()>"Why the room agreed on this answer"</label>
            <input id=why_field class="rationale" data-testid="rationale" type="text"
                prop:value=why_value
                on:change={
                    let save = set_why.clone();
                    move |e| save(&event_target(&e))
                }
                on:keydown=move |e| save_and_leave(&e, &set_why) />
            <button type="button" data-testid="agree-median" on:click=agree>"Agree the median (M)"</button>
    }
}

/// The respondent's page: who they are, and their answers as a file to send back.
#[component]
pub fn SendPage(workshop: Workshop) -> impl IntoView {
    let assessment = workshop.assessment;
    let client = move || {
        assessment.with(|a| {
            a.answering_as
                .as_ref()
                .map(|w| w.client.clone())
                .filter(|c| !c.trim().is_empty())
                .unwrap_or_else(|| "the client".into())
        })
    };
    let field = move |name: bool| {
        let value = move || {
            assessment.with(|a| {
                a.answering_as
                    .as_ref()
                    .map(|w| {
                        if name {
                            w.respondent.name.clone()
                        } else {
                            w.respondent.role.clone()
                        }
                    })
                    .unwrap_or_default()
            })
        };
        let write = move |e: leptos::ev::Event| {
            let typed = event_target_value(&e);
            workshop.edit(|a| {
                if let Some(w) = a.answering_as.as_mut() {
                    if name {
                        w.respondent.name = typed;
                    } else {
                        w.respondent.role = typed;
                    }
                }
            });
        };
        (value, write)
    };
    let (name_value, name_write) = field(true);
    let (role_value, role_write) = field(false);
    let answered = move || {
        workshop
            .report
            .with(|r| format!("You have answered {} of {} questions.", r.answered, r.total))
    };
    let download = move |_| {
        let Some(file) = assessment.with_untracked(RespondentFile::from_assessment) else {
            return;
        };
        let who = match file.respondent.name.trim() {
            "" => "respondent".to_string(),
            name => name.to_string(),
        };
        let name = format!("{}.respondent.json", file_stem(&format!("{who} answers")));
        if let Err(error) = download_text(&name, "application/json", &file.to_json()) {
            workshop.notice.set(Some(Notice::error(error, Vec::new())));
        }
    };
    view! {
        <div class="send-page">
            <h2>"Send your answers"</h2>
            <p>{move || format!("You are answering alone for {}'s MLOps maturity assessment. Your answers stay in this browser until you send them; the workshop agrees the answers that count.", client())}</p>
            <div class="form">
                <label for="self-name">"Your name (optional)"</label>
                <input id="self-name" type="text" prop:value=name_value on:input=name_write />
                <label for="self-role">"Your role (optional)"</label>
                <input id="self-role" type="text" prop:value=role_value on:input=role_write />
            </div>
            <p data-testid="self-progress">{answered}</p>
            <super::share::SendAsLink workshop />
            <button type="button" class="export" data-testid="download-answers" on:click=download>"Download my answers"</button>
            <p>"Send the link or the downloaded file to your facilitator by e-mail or chat. You can change your answers and send again: the new answers replace the earlier ones."</p>
        </div>
    }
}

/// The respondent's line in the sticky bar: whose assessment and how far along, written as
/// HTML (`markup::respondent_summary_html`) when it changes.
#[component]
pub fn RespondentSummary(workshop: Workshop) -> impl IntoView {
    let html = move || {
        let client = workshop.assessment.with(|a| {
            a.answering_as
                .as_ref()
                .map(|w| w.client.clone())
                .filter(|c| !c.trim().is_empty())
        });
        let (answered, total) = workshop.report.with(|r| (r.answered, r.total));
        respondent_summary_html(client.as_deref(), answered, total)
    };
    view! { <div class="summary" role="status" aria-live="polite" inner_html=html></div> }
}
