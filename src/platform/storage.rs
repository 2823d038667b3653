//! The library's store in the browser: `localStorage` through gloo-storage, behind the
//! domain's [`Store`] trait. The rules (what to write when, conflicts, migration) are the
//! domain's (`domain::workspace`); this file only reads and writes text and names the
//! failures.

use super::describe;
use crate::domain::workspace::{Store, StoreError, ACTIVE_KEY};
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

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

    /// A full quota is reported as [`StoreError::Full`].
    fn write(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        storage()?.set_item(key, value).map_err(|error| {
            let name = error
                .dyn_ref::<web_sys::DomException>()
                .map(|e| e.name())
                .unwrap_or_default();
            if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
                StoreError::Full
            } else {
                StoreError::Unavailable(describe(&error))
            }
        })
    }

    fn remove(&mut self, key: &str) {
        if let Ok(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }
}
