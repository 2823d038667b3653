//! The report and roadmap as Markdown, ready to paste into a proposal.
//!
//! Every text that comes from a person or a questionnaire file is escaped, so a client
//! name with `*` or a note with `|` cannot break the layout or inject markup.

use super::assessment::Assessment;
use super::questionnaire::Questionnaire;
use super::report::Report;
use super::roadmap::Roadmap;
use std::fmt::Write;

/// The complete report: result, why this level, scores, gaps, follow-ups, roadmap, notes.
pub fn report_markdown(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    report: &Report,
    roadmap: &Roadmap,
) -> String {
    let mut md = String::new();
    let level_name = |level: u8| inline(questionnaire.level_name(level));

    let client = if assessment.client.trim().is_empty() {
        "unnamed client".to_string()
    } else {
        inline(&assessment.client)
    };
    let _ = writeln!(md, "# MLOps maturity assessment: {client}\n");
    let mut byline = Vec::new();
    if !assessment.agency.trim().is_empty() {
        byline.push(format!("Prepared by {}", inline(&assessment.agency)));
    }
    if !assessment.assessor.trim().is_empty() {
        let verb = if byline.is_empty() {
            "Assessed by"
        } else {
            "assessed by"
        };
        byline.push(format!("{verb} {}", inline(&assessment.assessor)));
    }
    if let Some(date) = assessment.date {
        byline.push(format!("on {date}"));
    }
    byline.push(format!(
        "with the questionnaire \"{}\" ({} v{})",
        inline(&questionnaire.title),
        inline(&questionnaire.id),
        inline(&questionnaire.version)
    ));
    let _ = writeln!(md, "{}.\n", capitalise(&byline.join(" ")));

    let _ = writeln!(md, "## Result\n");
    match report.level {
        Some(level) => {
            let _ = writeln!(md, "- **Maturity level: {level} ({})**", level_name(level));
        }
        None => {
            let _ = writeln!(
                md,
                "- **Maturity level: not yet known** (no area has a counted answer)"
            );
        }
    }
    if let Some(index) = report.index {
        let _ = writeln!(md, "- Maturity index: {index:.2} of 3.00");
    }
    let _ = writeln!(
        md,
        "- Target level: {} ({})",
        report.target,
        level_name(report.target)
    );
    let _ = writeln!(
        md,
        "- Answered: {} of {} questions{}\n",
        report.answered,
        report.total,
        if report.provisional {
            " (provisional result)"
        } else {
            ""
        }
    );

    if !report.bottlenecks.is_empty() {
        let _ = writeln!(md, "### Why this level\n");
        let _ = writeln!(
            md,
            "The weakest area sets the level. Held at level {} by:\n",
            report.level.unwrap_or(0)
        );
        for bottleneck in &report.bottlenecks {
            let _ = writeln!(
                md,
                "- **{}** (score {:.2})",
                inline(&bottleneck.title),
                bottleneck.score
            );
            for question in &bottleneck.holding {
                let _ = writeln!(
                    md,
                    "  - {} (now level {})",
                    inline(&question.prompt),
                    question.value
                );
            }
        }
        md.push('\n');
    }

    let _ = writeln!(md, "### Area scores\n");
    let _ = writeln!(md, "| Area | Weight | Score | Level | Answered |");
    let _ = writeln!(md, "| --- | ---: | ---: | ---: | ---: |");
    for area in &report.areas {
        let score = area.score.map(|s| format!("{s:.2}")).unwrap_or("–".into());
        let level = area.level.map(|l| l.to_string()).unwrap_or("–".into());
        let _ = writeln!(
            md,
            "| {} | {} | {score} | {level} | {} of {} |",
            inline(&area.title),
            number(area.weight),
            area.answered,
            area.total
        );
    }
    md.push('\n');

    let _ = writeln!(md, "### Weighted gaps to level {}\n", report.target);
    if report.gaps.iter().all(|g| g.gap == 0.0) {
        let _ = writeln!(md, "No gap: every scored area is at or above the target.\n");
    } else {
        let _ = writeln!(md, "| Rank | Area | Score | Weight | Gap | Share |");
        let _ = writeln!(md, "| ---: | --- | ---: | ---: | ---: | ---: |");
        for (rank, gap) in report.gaps.iter().filter(|g| g.gap > 0.0).enumerate() {
            let _ = writeln!(
                md,
                "| {} | {} | {:.2} | {} | {:.2} | {:.0}% |",
                rank + 1,
                inline(&gap.title),
                gap.score,
                number(gap.weight),
                gap.gap,
                gap.share * 100.0
            );
        }
        md.push('\n');
    }

    if !report.follow_ups.is_empty() {
        let _ = writeln!(md, "### Follow-ups (answered \"Don't know\")\n");
        for question in &report.follow_ups {
            let _ = writeln!(md, "- {}", inline(&question.prompt));
        }
        md.push('\n');
    }

    let _ = writeln!(md, "## Roadmap\n");
    if roadmap.phases.is_empty() {
        let _ = writeln!(md, "{}. No phase is needed.\n", roadmap.total_range());
    } else {
        let _ = writeln!(
            md,
            "**{}**, starting {}, done between {} and {}.\n",
            roadmap.total_range(),
            roadmap.start,
            roadmap.earliest_end,
            roadmap.latest_end
        );
        for phase in &roadmap.phases {
            let _ = writeln!(
                md,
                "### Level {} → {}: {} ({}-{} weeks)\n",
                phase.from,
                phase.to,
                level_name(phase.to),
                phase.min_weeks,
                phase.max_weeks
            );
            let starts = if phase.earliest_start == phase.latest_start {
                format!("Starts {}", phase.earliest_start)
            } else {
                format!(
                    "Starts between {} and {}",
                    phase.earliest_start, phase.latest_start
                )
            };
            let _ = writeln!(
                md,
                "{starts}; ends between {} and {}. {}\n",
                phase.earliest_end,
                phase.latest_end,
                inline(&phase.summary)
            );
            let _ = writeln!(md, "Priority investments:\n");
            for priority in &phase.priorities {
                let _ = writeln!(md, "- {}", inline(priority));
            }
            let _ = writeln!(
                md,
                "\n**{}:** {}\n",
                phase.advice_kind.label(),
                inline(&phase.advice)
            );
            if !phase.areas.is_empty() {
                let _ = writeln!(md, "Areas to lift, largest weighted gap first:\n");
                for area in &phase.areas {
                    let _ = writeln!(
                        md,
                        "- **{}** (score {:.2})",
                        inline(&area.title),
                        area.score
                    );
                    for action in &area.actions {
                        let _ = writeln!(
                            md,
                            "  - {} Now level {}; next: {}",
                            inline(&action.prompt),
                            action.current,
                            inline(&action.goal)
                        );
                    }
                }
                md.push('\n');
            }
            if !phase.tools.is_empty() {
                let _ = writeln!(md, "Suggested tools:\n");
                for tool in &phase.tools {
                    let _ = writeln!(md, "- {}: {}", inline(&tool.name), inline(&tool.purpose));
                }
                md.push('\n');
            }
        }
    }

    let noted: Vec<(&str, &str)> = questionnaire
        .areas
        .iter()
        .flat_map(|a| &a.questions)
        .filter_map(|q| {
            let note = assessment.note(&q.id).trim();
            (!note.is_empty()).then_some((q.prompt.as_str(), note))
        })
        .collect();
    if !noted.is_empty() {
        let _ = writeln!(md, "## Notes\n");
        for (prompt, note) in noted {
            let _ = writeln!(md, "- **{}**", inline(prompt));
            for line in note.lines() {
                let _ = writeln!(md, "  > {}", inline(line));
            }
        }
        md.push('\n');
    }

    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

/// Escapes Markdown syntax in a single-line text and folds line breaks into spaces.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A weight without needless decimals: 1, 1.5, 0.25.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
