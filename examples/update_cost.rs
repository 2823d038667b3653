//! What one answer costs to recompute: scoring, roadmap, the three charts, Markdown and CSV
//! for the default questionnaire, timed natively over many rounds.
//!
//! `cargo run --release --example update_cost` (or `scripts/bench`). This measures the pure
//! Rust work only, on the host CPU; the browser adds wasm overhead and DOM updates. It is a
//! benchmark to compare versions, never a pass/fail test.

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::charts;
use mlops_maturity::domain::csv_export::answers_csv;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::markdown::report_markdown;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::roadmap::plan;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let questionnaire = Questionnaire::built_in().expect("built-in questionnaire");
    let ids: Vec<String> = questionnaire
        .areas
        .iter()
        .flat_map(|a| a.questions.iter().map(|q| q.id.clone()))
        .collect();
    let mut assessment = Assessment::new(&questionnaire);
    assessment.target_level = 3;
    let today = Date::parse("2026-11-26").expect("date");
    let rounds = 2000;

    let time = |label: &str, work: &mut dyn FnMut(usize)| {
        let start = Instant::now();
        for round in 0..rounds {
            work(round);
        }
        let micros = start.elapsed().as_secs_f64() * 1e6 / rounds as f64;
        println!("{label:<44} {micros:>9.1} µs");
    };

    println!(
        "per answer, default questionnaire ({} questions), {rounds} rounds:",
        ids.len()
    );
    time("score + roadmap (what the live view needs)", &mut |round| {
        let id = &ids[round % ids.len()];
        assessment.set_answer(id, Some(Answer::Level((round % 4) as u8)));
        let report = score(&questionnaire, &assessment);
        black_box(plan(&questionnaire, &assessment, &report, today));
    });
    time("… + the three charts", &mut |round| {
        let id = &ids[round % ids.len()];
        assessment.set_answer(id, Some(Answer::Level((round % 4) as u8)));
        let report = score(&questionnaire, &assessment);
        let roadmap = plan(&questionnaire, &assessment, &report, today);
        black_box(charts::all(&report, &roadmap));
    });
    let report = score(&questionnaire, &assessment);
    let roadmap = plan(&questionnaire, &assessment, &report, today);
    time("Markdown report (on export only)", &mut |_| {
        black_box(report_markdown(
            &questionnaire,
            &assessment,
            &report,
            &roadmap,
        ));
    });
    time("CSV (on export only)", &mut |_| {
        black_box(answers_csv(&questionnaire, &assessment, &report));
    });
    println!("frame budget: 16 ms = 16000 µs");
}
