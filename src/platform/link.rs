//! The page's own address: the fragment a respondent link carries, and the link to share.

use wasm_bindgen::JsValue;

/// The fragment of the address (without `#`), left in place; `None` when there is none.
pub fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash).to_string();
    (!fragment.is_empty()).then_some(fragment)
}

/// Removes the fragment from the address bar (without reloading or adding to history).
pub fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
    }
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

/// How a link left the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Through the system's share sheet (the Web Share API, on phones and some desktops).
    Shared,
    /// Put on the clipboard, where the browser has no share sheet.
    Copied,
}

/// Offers `url` to the system's share sheet where the browser has one, else copies it.
/// Called through `Reflect`: the Web Share API is not among web-sys' stable bindings.
pub async fn share_or_copy(title: &str, url: &str) -> Result<Sent, String> {
    use js_sys::{Function, Object, Reflect};
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or("no window")?;
    let navigator = window.navigator();
    let share = Reflect::get(&navigator, &JsValue::from_str("share"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    if let Some(share) = share {
        let data = Object::new();
        let _ = Reflect::set(&data, &"title".into(), &title.into());
        let _ = Reflect::set(&data, &"url".into(), &url.into());
        let promise = share
            .call1(&navigator, &data)
            .map_err(|e| super::describe(&e))?;
        let promise: js_sys::Promise = promise.dyn_into().map_err(|_| "no promise")?;
        return wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(|_| Sent::Shared)
            .map_err(|e| super::describe(&e));
    }
    copy(url).await.map(|()| Sent::Copied)
}
