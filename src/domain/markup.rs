//! Markup the views set in one go (`inner_html`): parts of the page that never change
//! once built, or are written anew whenever they change (the banners), written here as
//! HTML rather than built element by element. Each `view!`
//! shape is code of its own in the wasm, and each element built from the wasm is a call
//! into the browser; a string parsed by the browser is neither.
//!
//! Everything a questionnaire supplies goes through [`push_text`] or [`push_attribute`]: a
//! custom questionnaire is untrusted input, and its text must show as text, never as
//! markup.

use super::answer::Answer;
use super::assessment::Assessment;
use super::decimal::fixed;
use super::outline::{level_line, unscored_areas};
use super::questionnaire::{Area, Question, Questionnaire, TOP_LEVEL};
use super::report::Report;

/// What the two answers beyond the levels say on a question card.
pub const DONT_KNOW_TEXT: &str = "Nobody here knows for sure; follow up after the workshop.";
pub const NOT_APPLICABLE_TEXT: &str = "This does not apply to this team.";

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

/// A question's options as the card shows them: a label per answer of [`choices_of`],
/// each with its radio button (named after the question, valued by its index), the
/// answer's label, its text and, when the questionnaire gives one, its help. Which one is
/// chosen is not in it: the view sets that on the buttons.
pub fn options_html(question: &Question) -> String {
    let texts = question
        .options
        .iter()
        .map(|o| (o.text.as_str(), o.help.as_str()))
        .chain([(DONT_KNOW_TEXT, ""), (NOT_APPLICABLE_TEXT, "")]);
    let mut html = String::new();
    for (index, (answer, (text, help))) in choices_of(question).into_iter().zip(texts).enumerate() {
        html.push_str("<label class=\"option\"><input type=\"radio\" name=\"");
        push_attribute(&mut html, &question.id);
        html.push_str("\" value=\"");
        html.push_str(&index.to_string());
        html.push_str("\"><span class=\"option-level\">");
        push_text(&mut html, &answer.label());
        html.push_str("</span><span class=\"option-text\">");
        push_text(&mut html, text);
        html.push_str("</span>");
        if !help.is_empty() {
            html.push_str("<span class=\"option-help\">");
            push_text(&mut html, help);
            html.push_str("</span>");
        }
        html.push_str("</label>");
    }
    html
}

/// What a question card's help panel holds: its summary line and the question's help.
pub fn help_html(help: &str) -> String {
    let mut html = String::from("<summary>Facilitator help</summary><p>");
    push_text(&mut html, help);
    html.push_str("</p>");
    html
}

/// The Questions view's steps, one per area: a button with the area's title and its count
/// of answered questions (`progress`, one per area, see [`step_progress`]), the one of
/// area `current` marked as the current step. Each button carries its area's index in
/// `data-area`: the view updates counts and the current step in place.
pub fn steps_html(areas: &[Area], progress: &[String], current: usize) -> String {
    let mut html = String::new();
    for (index, (area, progress)) in areas.iter().zip(progress).enumerate() {
        html.push_str(if index == current {
            "<li><button type=\"button\" class=\"step current\" aria-current=\"step\" data-area=\""
        } else {
            "<li><button type=\"button\" class=\"step\" data-area=\""
        });
        html.push_str(&index.to_string());
        html.push_str("\"><span class=\"step-title\">");
        push_text(&mut html, &area.title);
        html.push_str("</span><span class=\"step-progress\" data-testid=\"step-progress\">");
        push_text(&mut html, progress);
        html.push_str("</span></button></li>");
    }
    html
}

/// The sticky bar's tabs: a button per view, `(label, test id)` each, the one at
/// `current` marked as the view shown. Each carries its index in `data-tab`: the Shell
/// marks another tab in place and takes the buttons' clicks on the whole workshop.
pub fn tabs_html(tabs: &[(&str, &str)], current: Option<usize>) -> String {
    let mut html = String::new();
    for (index, (label, testid)) in tabs.iter().enumerate() {
        html.push_str("<button type=\"button\" data-testid=\"");
        push_attribute(&mut html, testid);
        html.push_str("\" data-tab=\"");
        html.push_str(&index.to_string());
        html.push_str(if current == Some(index) {
            "\" class=\"active\" aria-current=\"page\">"
        } else {
            "\">"
        });
        push_text(&mut html, label);
        html.push_str("</button>");
    }
    html
}

/// A respondent's line in the sticky bar: whose assessment they answer for (`client`, from
/// the link they opened, so escaped) and how many of the `total` questions are answered.
pub fn respondent_summary_html(client: Option<&str>, answered: usize, total: usize) -> String {
    let mut html = String::from(
        "<span class=\"summary-progress own\" data-testid=\"progress\">Your own answers",
    );
    if let Some(client) = client {
        html.push_str(" for ");
        push_text(&mut html, client);
    }
    html.push_str(&format!(": {answered} of {total} answered</span>"));
    html
}

/// A step's count: how many of its area's `total` questions are answered.
pub fn step_progress(answered: usize, total: usize) -> String {
    format!("{answered}/{total}")
}

/// What the live summary in the top bar says: the level, the index, how much is
/// answered, the areas still to answer (with their names as the span's title), the
/// answers the room has not agreed yet, and whether the result is provisional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub level: String,
    pub index: String,
    pub progress: String,
    pub unscored: String,
    pub unscored_title: String,
    pub unagreed: String,
    pub provisional: bool,
}

/// The summary's spans, in page order: each one's class (also its test id, except the
/// progress span's `progress`).
const SUMMARY_SPANS: [(&str, &str); 5] = [
    ("summary-level", "summary-level"),
    ("summary-index", "summary-index"),
    ("summary-progress", "progress"),
    ("summary-unscored", "summary-unscored"),
    ("summary-unagreed", "summary-unagreed"),
];

impl Summary {
    /// The place among the summary's spans of the one whose `title` names the areas still
    /// to answer.
    pub const UNSCORED_PLACE: usize = 3;

    /// What the summary says of `report`, scored from `assessment` on `questionnaire`.
    pub fn of(questionnaire: &Questionnaire, assessment: &Assessment, report: &Report) -> Self {
        let unscored = unscored_areas(report);
        let waiting = super::room::unagreed(questionnaire, assessment).len();
        Summary {
            level: level_line(questionnaire, report),
            index: report
                .index
                .map(|i| format!("Index {} / {TOP_LEVEL}", fixed(i, 2)))
                .unwrap_or_default(),
            progress: format!("{} of {} answered", report.answered, report.total),
            unscored: match (report.level, unscored.len()) {
                (Some(_), 1) => "1 area still to answer".to_string(),
                (Some(_), n) if n > 1 => format!("{n} areas still to answer"),
                _ => String::new(),
            },
            unscored_title: unscored.join(", "),
            unagreed: if waiting > 0 {
                format!("{waiting} to agree")
            } else {
                String::new()
            },
            provisional: report.provisional,
        }
    }

    /// The spans' texts, in page order (as [`Self::html`] writes them).
    pub fn texts(&self) -> [&str; 5] {
        [
            &self.level,
            &self.index,
            &self.progress,
            &self.unscored,
            &self.unagreed,
        ]
    }

    /// The summary's spans as HTML, every text escaped: the view sets it once, then
    /// writes only the texts that change (see [`Self::texts`]), and the whole again when
    /// the provisional badge comes or goes.
    pub fn html(&self) -> String {
        let mut html = String::new();
        for (place, ((class, testid), text)) in SUMMARY_SPANS.iter().zip(self.texts()).enumerate() {
            html.push_str("<span class=\"");
            html.push_str(class);
            html.push_str("\" data-testid=\"");
            html.push_str(testid);
            if place == Self::UNSCORED_PLACE {
                html.push_str("\" title=\"");
                push_attribute(&mut html, &self.unscored_title);
            }
            html.push_str("\">");
            push_text(&mut html, text);
            html.push_str("</span>");
        }
        if self.provisional {
            html.push_str("<span class=\"badge\" data-testid=\"provisional\">Provisional</span>");
        }
        html
    }
}

/// What a banner's button does: [`banner_html`] writes its [`Action::name`] into the
/// button's `data-do`, and the view reads it back with [`Action::named`], so that the names
/// are written once and the view's match over what was clicked is exhaustive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Export,
    Retry,
    TakeTheirs,
    KeepMine,
    Update,
    Later,
    Dismiss,
    RetryOffer,
    ForgetLink,
    RetryView,
}

impl Action {
    const ALL: [Action; 10] = [
        Action::Export,
        Action::Retry,
        Action::TakeTheirs,
        Action::KeepMine,
        Action::Update,
        Action::Later,
        Action::Dismiss,
        Action::RetryOffer,
        Action::ForgetLink,
        Action::RetryView,
    ];

    /// The name in the button's `data-do`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Export => "export",
            Action::Retry => "retry",
            Action::TakeTheirs => "take-theirs",
            Action::KeepMine => "keep-mine",
            Action::Update => "update",
            Action::Later => "later",
            Action::Dismiss => "dismiss",
            Action::RetryOffer => "retry-offer",
            Action::ForgetLink => "forget-link",
            Action::RetryView => "retry-view",
        }
    }

    /// The action a `data-do` names, if any.
    pub fn named(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|does| does.name() == name)
    }
}

/// What shows in a view's place while its part of the app loads.
pub const VIEW_LOADING_HTML: &str =
    "<p class=\"loading\" data-testid=\"view-loading\">Loading this view…</p>";

/// A banner over the page: a warning (`role="alert"`) or a note (`role="status"`) named
/// `testid` for the tests, with its text, its `details` as a list (none if empty) and its
/// buttons. Each button is `(does, label, testid)`: the view reads what a clicked button
/// does from its `data-do` ([`Action::named`]), and a button's `testid` may be empty.
pub fn banner_html(
    testid: &str,
    warning: bool,
    text: &str,
    details: &[String],
    buttons: &[(Action, &str, &str)],
) -> String {
    let mut html = String::from(if warning {
        "<div class=\"banner warning\" role=\"alert\" data-testid=\""
    } else {
        "<div class=\"banner\" role=\"status\" data-testid=\""
    });
    push_attribute(&mut html, testid);
    html.push_str("\"><p>");
    push_text(&mut html, text);
    html.push_str("</p>");
    if !details.is_empty() {
        html.push_str("<ul>");
        for line in details {
            html.push_str("<li>");
            push_text(&mut html, line);
            html.push_str("</li>");
        }
        html.push_str("</ul>");
    }
    for (does, label, testid) in buttons {
        html.push_str("<button type=\"button\" data-do=\"");
        push_attribute(&mut html, does.name());
        if !testid.is_empty() {
            html.push_str("\" data-testid=\"");
            push_attribute(&mut html, testid);
        }
        html.push_str("\">");
        push_text(&mut html, label);
        html.push_str("</button>");
    }
    html.push_str("</div>");
    html
}

/// `text` as HTML text content.
pub fn push_text(html: &mut String, text: &str) {
    push_escaped(html, text, false);
}

/// `value` as the value of an attribute written in double quotes.
pub fn push_attribute(html: &mut String, value: &str) {
    push_escaped(html, value, true);
}

/// `text` with `&`, `<` and `>` escaped, and `"` too in an attribute's value.
fn push_escaped(html: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' if attribute => html.push_str("&quot;"),
            _ => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::questionnaire::{AnswerOption, Questionnaire};
    use crate::domain::weight::Weight;

    fn question(id: &str, options: &[(&str, &str)]) -> Question {
        Question {
            id: id.into(),
            prompt: "Prompt".into(),
            help: String::new(),
            weight: Weight::ONE,
            options: options
                .iter()
                .enumerate()
                .map(|(level, (text, help))| AnswerOption {
                    level: level as u8,
                    text: (*text).into(),
                    help: (*help).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn every_answer_has_a_label_with_its_button_in_the_order_of_choices() {
        let q = question(
            "data.versioning",
            &[("None", "Nobody knows."), ("Some", "")],
        );
        assert_eq!(
            options_html(&q),
            "<label class=\"option\"><input type=\"radio\" name=\"data.versioning\" value=\"0\"><span class=\"option-level\">Level 0</span><span class=\"option-text\">None</span><span class=\"option-help\">Nobody knows.</span></label>\
             <label class=\"option\"><input type=\"radio\" name=\"data.versioning\" value=\"1\"><span class=\"option-level\">Level 1</span><span class=\"option-text\">Some</span></label>\
             <label class=\"option\"><input type=\"radio\" name=\"data.versioning\" value=\"2\"><span class=\"option-level\">Don't know</span><span class=\"option-text\">Nobody here knows for sure; follow up after the workshop.</span></label>\
             <label class=\"option\"><input type=\"radio\" name=\"data.versioning\" value=\"3\"><span class=\"option-level\">Not applicable</span><span class=\"option-text\">This does not apply to this team.</span></label>"
        );
        assert_eq!(
            choices_of(&q),
            [
                Answer::Level(0),
                Answer::Level(1),
                Answer::DontKnow,
                Answer::NotApplicable
            ]
        );
    }

    #[test]
    fn a_hostile_questionnaire_s_text_stays_text() {
        let q = question(
            "x\"><script>alert(1)</script>",
            &[("<img src=x onerror=alert(1)> & more", "</label><b>bold</b>")],
        );
        let html = options_html(&q);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("name=\"x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; more"));
        // Only the markup written here: as many labels and buttons as answers.
        assert_eq!(html.matches("<label").count(), 3);
        assert_eq!(html.matches("</label>").count(), 3);
        assert_eq!(html.matches("<input").count(), 3);
    }

    #[test]
    fn a_step_per_area_with_its_index_title_and_count() {
        let questionnaire = Questionnaire::built_in().unwrap();
        let mut areas = questionnaire.areas[..2].to_vec();
        areas[1].title = "Tests & <checks>".into();
        let first = areas[0].questions.len();
        let second = areas[1].questions.len();
        let progress = [step_progress(0, first), step_progress(2, second)];
        assert_eq!(
            steps_html(&areas, &progress, 1),
            format!(
                "<li><button type=\"button\" class=\"step\" data-area=\"0\"><span class=\"step-title\">Data management</span><span class=\"step-progress\" data-testid=\"step-progress\">0/{first}</span></button></li>\
                 <li><button type=\"button\" class=\"step current\" aria-current=\"step\" data-area=\"1\"><span class=\"step-title\">Tests &amp; &lt;checks&gt;</span><span class=\"step-progress\" data-testid=\"step-progress\">2/{second}</span></button></li>"
            )
        );
        assert!(steps_html(&areas, &progress, 0).starts_with(
            "<li><button type=\"button\" class=\"step current\" aria-current=\"step\" data-area=\"0\">"
        ));
        assert_eq!(step_progress(3, 5), "3/5");
    }

    #[test]
    fn a_respondents_line_names_the_client_escaped_and_counts_the_answers() {
        assert_eq!(
            respondent_summary_html(Some("Acme <b>&</b>"), 3, 37),
            "<span class=\"summary-progress own\" data-testid=\"progress\">Your own answers for Acme &lt;b&gt;&amp;&lt;/b&gt;: 3 of 37 answered</span>"
        );
        assert_eq!(
            respondent_summary_html(None, 0, 37),
            "<span class=\"summary-progress own\" data-testid=\"progress\">Your own answers: 0 of 37 answered</span>"
        );
    }

    #[test]
    fn a_tab_per_view_with_its_index_and_the_shown_one_marked() {
        let tabs = [("Assessments", "tab-library"), ("Q & <A>", "tab-\"q\"")];
        assert_eq!(
            tabs_html(&tabs, Some(1)),
            "<button type=\"button\" data-testid=\"tab-library\" data-tab=\"0\">Assessments</button>\
             <button type=\"button\" data-testid=\"tab-&quot;q&quot;\" data-tab=\"1\" class=\"active\" aria-current=\"page\">Q &amp; &lt;A&gt;</button>"
        );
        assert!(!tabs_html(&tabs, None).contains("active"));
        assert_eq!(tabs_html(&tabs, Some(0)).matches("aria-current").count(), 1);
    }

    #[test]
    fn a_banner_is_its_text_details_and_buttons_with_every_given_text_escaped() {
        assert_eq!(
            banner_html(
                "notice",
                true,
                "File <a.json> & more",
                &["line \"1\" <b>".into()],
                &[(Action::Dismiss, "Dismiss", ""), (Action::KeepMine, "<Go>", "g\"o")],
            ),
            "<div class=\"banner warning\" role=\"alert\" data-testid=\"notice\"><p>File &lt;a.json&gt; &amp; more</p>\
             <ul><li>line \"1\" &lt;b&gt;</li></ul>\
             <button type=\"button\" data-do=\"dismiss\">Dismiss</button>\
             <button type=\"button\" data-do=\"keep-mine\" data-testid=\"g&quot;o\">&lt;Go&gt;</button></div>"
        );
        assert_eq!(
            banner_html("update-ready", false, "Ready.", &[], &[]),
            "<div class=\"banner\" role=\"status\" data-testid=\"update-ready\"><p>Ready.</p></div>"
        );
    }

    #[test]
    fn help_is_a_summary_line_and_the_question_s_help_as_text() {
        assert_eq!(
            help_html("Ask <who> & why."),
            "<summary>Facilitator help</summary><p>Ask &lt;who&gt; &amp; why.</p>"
        );
    }

    #[test]
    fn the_built_in_questionnaire_s_options_have_one_button_per_choice() {
        let questionnaire = Questionnaire::built_in().unwrap();
        for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
            let html = options_html(question);
            let choices = choices_of(question).len();
            assert_eq!(html.matches("<input type=\"radio\"").count(), choices);
            assert_eq!(
                html.matches("<span class=\"option-help\">").count(),
                question
                    .options
                    .iter()
                    .filter(|o| !o.help.is_empty())
                    .count()
            );
            assert!(html.contains(&format!("value=\"{}\"", choices - 1)));
        }
    }

    #[test]
    fn every_banner_action_is_read_back_from_its_own_name_and_no_other() {
        // `ALL` lists every action: the last one's place is the count.
        assert_eq!(Action::ALL.len(), Action::RetryView as usize + 1);
        for (place, does) in Action::ALL.into_iter().enumerate() {
            assert_eq!(does as usize, place);
            assert_eq!(Action::named(does.name()), Some(does));
        }
        assert_eq!(Action::named(""), None);
        assert_eq!(Action::named("Export"), None);
    }

    #[test]
    fn the_summary_says_what_is_missing_with_area_names_escaped_and_drops_it_when_complete() {
        let mut questionnaire = Questionnaire::built_in().unwrap();
        questionnaire.areas[1].title = "Tests & <checks>".into();
        let mut assessment = Assessment::new(&questionnaire);
        let first = questionnaire.areas[0].questions[0].id.clone();
        assessment.set_answer(&first, Some(Answer::Level(1)));
        let report = crate::domain::report::score(&questionnaire, &assessment);
        let summary = Summary::of(&questionnaire, &assessment, &report);
        let areas = questionnaire.areas.len();
        assert_eq!(summary.progress, format!("1 of {} answered", report.total));
        assert_eq!(
            summary.unscored,
            format!("{} areas still to answer", areas - 1)
        );
        assert!(summary.unscored_title.starts_with("Tests & <checks>, "));
        assert!(summary.level.starts_with("At most level 1 so far"));
        assert!(summary.provisional);
        let html = summary.html();
        assert!(html.starts_with(
            "<span class=\"summary-level\" data-testid=\"summary-level\">At most level 1 so far"
        ));
        assert!(html.contains("<span class=\"summary-progress\" data-testid=\"progress\">1 of "));
        assert!(html.contains(" title=\"Tests &amp; &lt;checks&gt;, "));
        assert_eq!(SUMMARY_SPANS[Summary::UNSCORED_PLACE].0, "summary-unscored");
        assert_eq!(summary.texts()[Summary::UNSCORED_PLACE], summary.unscored);
        assert!(
            html.ends_with("<span class=\"badge\" data-testid=\"provisional\">Provisional</span>")
        );
        // Each text in the HTML, in the order `texts` gives them to the view.
        let mut rest = html.as_str();
        for text in summary.texts().into_iter().filter(|t| !t.is_empty()) {
            let at = rest
                .find(&format!(">{}<", text.replace('&', "&amp;")))
                .unwrap();
            rest = &rest[at + 1..];
        }

        for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
            assessment.set_answer(&question.id, Some(Answer::Level(2)));
        }
        let report = crate::domain::report::score(&questionnaire, &assessment);
        let summary = Summary::of(&questionnaire, &assessment, &report);
        assert_eq!(
            (summary.unscored.as_str(), summary.unagreed.as_str()),
            ("", "")
        );
        assert_eq!(summary.index, "Index 2.00 / 3");
        assert!(!summary.provisional);
        assert!(!summary.html().contains("badge"));
    }
}
