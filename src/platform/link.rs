//! The page's own address: the fragment a respondent link carries, and the link to share.

use wasm_bindgen::JsValue;

/// The fragment of the address (without `#`), removed from the address bar so a reload
/// or a bookmark does not open the link again. `None` when there is none.
pub fn take_fragment() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash).to_string();
    if fragment.is_empty() {
        return None;
    }
    let path = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
    }
    Some(fragment)
}

/// This page's address with `fragment` as its fragment: the app's own sub-path, so the
/// link works wherever the site is hosted.
pub fn with_fragment(fragment: &str) -> String {
    let Some(window) = web_sys::window() else {
        return format!("#{fragment}");
    };
    let location = window.location();
    format!(
        "{}{}#{fragment}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Puts `text` on the clipboard; the browser may refuse (no permission, not a secure
/// page), which the caller reports.
pub async fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|error| super::describe(&error))
}
