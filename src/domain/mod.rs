//! The pure core: everything the assessment knows and computes, with no browser types.
//!
//! Nothing in this folder performs I/O or touches leptos, web-sys, gloo, wasm-bindgen or
//! js-sys (`tests/tidy.rs` enforces it), so every rule here is testable with `cargo test`.

pub mod answer;
pub mod assessment;
pub mod backoff;
pub mod charts;
pub mod csv_export;
pub mod date;
pub mod decimal;
pub mod formats;
pub mod json;
pub mod markdown;
pub mod markup;
pub mod order;
pub mod outline;
pub mod plain_json;
pub mod progress;
pub mod questionnaire;
pub mod report;
pub mod roadmap;
pub mod room;
pub mod share;
pub mod shortcuts;
pub mod text;
pub mod upgrade;
pub mod weight;
pub mod workspace;
