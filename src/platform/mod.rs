//! The browser edges: thin wrappers over web APIs with typed errors, so components never
//! handle raw `JsValue` failures. Compiled for wasm32 only.

pub mod clock;
pub mod dom;
pub mod download;
pub mod files;
pub mod images;
pub mod link;
pub mod storage;

/// A readable message from a JavaScript exception value.
pub(crate) fn describe(error: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
