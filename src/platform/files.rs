//! Reading files the user picks with an `<input type="file">`.

use std::fmt;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a picked file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum FileError {
    /// The input had no file selected.
    NoFile,
    /// The file is larger than the caller's limit; it was not read.
    TooLarge { bytes: usize },
    /// The browser could not read the file, or it is not text.
    Unreadable(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::NoFile => write!(f, "no file was chosen"),
            FileError::TooLarge { bytes } => write!(f, "the file is too large ({bytes} bytes)"),
            FileError::Unreadable(reason) => write!(f, "the file could not be read: {reason}"),
        }
    }
}

/// The first file chosen in `input`.
pub fn chosen_file(input: &web_sys::HtmlInputElement) -> Result<web_sys::File, FileError> {
    input
        .files()
        .and_then(|files| files.get(0))
        .ok_or(FileError::NoFile)
}

/// Reads `file` as UTF-8 text, refusing (without reading) anything over `max_bytes`.
pub async fn read_text(file: &web_sys::File, max_bytes: usize) -> Result<String, FileError> {
    let bytes = file.size() as usize;
    if bytes > max_bytes {
        return Err(FileError::TooLarge { bytes });
    }
    let text = JsFuture::from(file.text())
        .await
        .map_err(|error| FileError::Unreadable(describe(&error)))?;
    text.as_string()
        .ok_or_else(|| FileError::Unreadable("the browser returned no text".into()))
}

/// A readable message from a JavaScript exception.
fn describe(error: &wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
