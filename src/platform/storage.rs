//! The library's store in the browser: `localStorage` through gloo-storage, behind the
//! domain's [`Store`] trait. The rules (what to write when, conflicts, migration) are the
//! domain's (`domain::workspace`); this file only reads and writes text and names the
//! failures.

use super::describe;
use crate::domain::workspace::{Store, StoreError, ACTIVE_KEY};
use gloo_storage::{LocalStorage, Storage};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// `getItem` and `setItem` with the value as a JS string, not copied into or out of the
// wasm (see `LAST_WRITTEN`): `localStorage` seen as a type of this crate's own, so that it
// can have these two methods.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = Storage)]
    type ValueStorage;
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item_value(this: &ValueStorage, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_item_value(this: &ValueStorage, key: &str, value: &JsValue) -> Result<(), JsValue>;
}

thread_local! {
    /// The value this page wrote last: its key, its text, and the same text as the JS
    /// string handed to `setItem`. Before every save the workspace asks whether the open
    /// entry's key still holds what this page wrote last (another tab may have written
    /// since). Reading the value back copied the whole entry out of JS and into the wasm on
    /// every answer, about a fifth of the answer's time in the app's handlers (CPU
    /// profile at 4× CPU); comparing the stored JS string with the one written is done by
    /// the browser, with no copy. Any other write or removal forgets it (then the value is
    /// read back, as before).
    static LAST_WRITTEN: RefCell<Option<(String, String, JsValue)>> = const { RefCell::new(None) };
}

/// `localStorage` as a [`Store`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalStore;

fn storage() -> Result<web_sys::Storage, StoreError> {
    // `LocalStorage::raw` panics where storage is blocked, so check through the window first.
    let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
    match window.local_storage() {
        Ok(Some(_)) => Ok(LocalStorage::raw()),
        Ok(None) => Err(StoreError::Unavailable("localStorage is missing".into())),
        Err(error) => Err(StoreError::Unavailable(describe(&error))),
    }
}

impl LocalStore {
    /// The id of the entry that was open last, if any.
    pub fn active_id() -> Option<String> {
        LocalStore.read(ACTIVE_KEY)
    }
}

impl Store for LocalStore {
    fn keys(&self) -> Vec<String> {
        let Ok(storage) = storage() else {
            return Vec::new();
        };
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect()
    }

    fn read(&self, key: &str) -> Option<String> {
        storage().ok()?.get_item(key).ok().flatten()
    }

    /// Compared in JS when `text` is what this page wrote last under `key`; else read.
    fn holds(&self, key: &str, text: Option<&str>) -> bool {
        let written = LAST_WRITTEN.with(|last| match (&*last.borrow(), text) {
            (Some((k, t, value)), Some(text)) if k == key && t == text => Some(value.clone()),
            _ => None,
        });
        match written {
            Some(written) => storage()
                .ok()
                .and_then(|storage| {
                    storage
                        .unchecked_ref::<ValueStorage>()
                        .get_item_value(key)
                        .ok()
                })
                .is_some_and(|stored| stored == written),
            None => self.read(key).as_deref() == text,
        }
    }

    /// A full quota is reported as [`StoreError::Full`].
    fn write(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        LAST_WRITTEN.with(|last| last.take());
        let text = JsValue::from_str(value);
        storage()?
            .unchecked_ref::<ValueStorage>()
            .set_item_value(key, &text)
            .map_err(|error| {
                let name = error
                    .dyn_ref::<web_sys::DomException>()
                    .map(|e| e.name())
                    .unwrap_or_default();
                if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
                    StoreError::Full
                } else {
                    StoreError::Unavailable(describe(&error))
                }
            })?;
        LAST_WRITTEN.with(|last| last.replace(Some((key.to_string(), value.to_string(), text))));
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        LAST_WRITTEN.with(|last| last.take());
        if let Ok(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }
}
