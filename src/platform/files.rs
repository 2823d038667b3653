//! Reading files the user picks with an `<input type="file">`.

use super::describe;
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

/// Reads the file chosen in the `<input type="file">` that fired `event`, then calls `then`
/// with the file's name and its text (or why it could not be read). The input is cleared,
/// so choosing the same file again fires `change` again.
pub fn read_chosen(
    event: &web_sys::Event,
    max_bytes: usize,
    then: impl FnOnce(String, Result<String, FileError>) + 'static,
) {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Ok(file) = chosen_file(&input) else {
        return;
    };
    input.set_value("");
    leptos::task::spawn_local(async move {
        let text = read_text(&file, max_bytes).await;
        then(file.name(), text);
    });
}

/// Reads every file chosen in the `<input type="file" multiple>` that fired `event`, then
/// calls `then` once with each file's name and its text (or why it could not be read), in
/// the order chosen. The input is cleared, as in [`read_chosen`].
pub fn read_all_chosen(
    event: &web_sys::Event,
    max_bytes: usize,
    then: impl FnOnce(Vec<(String, Result<String, FileError>)>) + 'static,
) {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(list) = input.files() else {
        return;
    };
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    if files.is_empty() {
        return;
    }
    input.set_value("");
    leptos::task::spawn_local(async move {
        let mut read = Vec::with_capacity(files.len());
        for file in files {
            read.push((file.name(), read_text(&file, max_bytes).await));
        }
        then(read);
    });
}
