//! What the portfolio of 200 assessments costs to draw: scoring every assessment, the
//! heat map, and the agency's band from the same 200, timed natively.
//!
//! `cargo run --release --example portfolio_cost` (or `scripts/bench`). Pure Rust work on
//! the host CPU; the browser adds wasm overhead and decoding the SVG image. A benchmark to
//! compare versions, never a pass/fail test.

use mlops_maturity::domain::answer::Answer;
use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::charts;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::progress::{pool, portfolio, Filter};
use mlops_maturity::domain::questionnaire::Questionnaire;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let questionnaire = Questionnaire::built_in().expect("built-in questionnaire");
    // 200 assessments: 80 clients, most of them assessed two or three times.
    let assessments: Vec<Assessment> = (0..200)
        .map(|i| {
            let mut a = Assessment::new(&questionnaire);
            a.client = format!("Client {:03}", i % 80);
            a.date = Date::from_ymd(
                2025 + (i / 80) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            );
            for (k, q) in questionnaire
                .areas
                .iter()
                .flat_map(|a| &a.questions)
                .enumerate()
            {
                a.set_answer(&q.id, Some(Answer::Level(((i * 7 + k * 3) % 4) as u8)));
            }
            a
        })
        .collect();
    let all: Vec<&Assessment> = assessments.iter().collect();
    let rounds = 50;
    let time = |label: &str, work: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..rounds {
            work();
        }
        let millis = start.elapsed().as_secs_f64() * 1e3 / rounds as f64;
        println!("{label:<52} {millis:>8.2} ms");
    };
    println!("portfolio of {} assessments, {rounds} rounds:", all.len());
    time("every assessment scored + heat map (200 rows)", &mut || {
        let rows = portfolio(&questionnaire, &all, &Filter::default());
        black_box(charts::portfolio_heatmap(&questionnaire, &rows));
    });
    let latest = Filter {
        latest_only: true,
        ..Filter::default()
    };
    time("latest per client + heat map (80 rows)", &mut || {
        let rows = portfolio(&questionnaire, &all, &latest);
        black_box(charts::portfolio_heatmap(&questionnaire, &rows));
    });
    time("the agency's band for one client", &mut || {
        black_box(pool(&questionnaire, &all, &[], "Client 001"));
    });
    println!("frame budget: 16 ms");
}
