//! The browser edges: thin wrappers over web APIs with typed errors, so components never
//! handle raw `JsValue` failures. Compiled for wasm32 only.

pub mod clock;
pub mod dom;
pub mod download;
pub mod files;
pub mod storage;
