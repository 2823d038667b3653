//! MLOps maturity assessment: a client-side app that scores a team's MLOps practice.
//!
//! `domain` is the pure core; `app` (the Leptos shell) and `platform` (browser APIs) are
//! compiled only for the browser.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod app;

#[cfg(target_arch = "wasm32")]
pub mod platform;
