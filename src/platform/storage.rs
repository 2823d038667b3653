//! The assessment library in `localStorage`, through gloo-storage.
//!
//! Each saved assessment lives under its own key (`mlops-maturity/assessment/<id>`), so a
//! damaged entry never affects the others, and the id of the open one under
//! `mlops-maturity/active`. Entries are read raw and decoded by the domain; whatever cannot
//! be decoded is returned with its raw text so the user can download it.

use super::describe;
use crate::domain::library::{SavedAssessment, SavedError};
use gloo_storage::{LocalStorage, Storage};
use std::fmt;
use wasm_bindgen::JsCast;

pub const ENTRY_PREFIX: &str = "mlops-maturity/assessment/";
const ACTIVE_KEY: &str = "mlops-maturity/active";

/// Why storage could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageError {
    /// The browser refused more data: the quota is used up.
    QuotaExceeded,
    /// Storage is switched off or not reachable (private mode, policy).
    Unavailable(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::QuotaExceeded => write!(f, "the browser's storage for this site is full"),
            StorageError::Unavailable(reason) => {
                write!(f, "the browser's storage cannot be used ({reason})")
            }
        }
    }
}

/// A stored entry that could not be read, kept with its raw text.
#[derive(Debug, Clone, PartialEq)]
pub struct DamagedEntry {
    pub key: String,
    pub raw: String,
    pub error: SavedError,
}

/// The library as found in storage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Library {
    pub entries: Vec<SavedAssessment>,
    pub damaged: Vec<DamagedEntry>,
}

pub fn entry_key(id: &str) -> String {
    format!("{ENTRY_PREFIX}{id}")
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    // `LocalStorage::raw` panics where storage is blocked, so check through the window first.
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
    match window.local_storage() {
        Ok(Some(_)) => Ok(LocalStorage::raw()),
        Ok(None) => Err(StorageError::Unavailable("localStorage is missing".into())),
        Err(error) => Err(StorageError::Unavailable(describe(&error))),
    }
}

/// Reads every saved assessment, sorting good ones newest first and keeping damaged ones.
pub fn load_library() -> Result<Library, StorageError> {
    let storage = storage()?;
    let mut library = Library::default();
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(ENTRY_PREFIX))
        .collect();
    for key in keys {
        let Ok(Some(raw)) = storage.get_item(&key) else {
            continue;
        };
        match SavedAssessment::decode(&raw) {
            Ok(entry) => library.entries.push(entry),
            Err(error) => library.damaged.push(DamagedEntry { key, raw, error }),
        }
    }
    crate::domain::library::sort_newest_first(&mut library.entries);
    crate::domain::order::sort_small(&mut library.damaged, |a, b| a.key.cmp(&b.key));
    Ok(library)
}

/// Writes one entry; a full quota is reported as [`StorageError::QuotaExceeded`].
pub fn save(entry: &SavedAssessment) -> Result<String, StorageError> {
    let text = entry.encode();
    write(&entry_key(&entry.id), &text)?;
    Ok(text)
}

/// Writes a raw value under `key`.
pub fn write(key: &str, value: &str) -> Result<(), StorageError> {
    storage()?.set_item(key, value).map_err(|error| {
        let name = error
            .dyn_ref::<web_sys::DomException>()
            .map(|e| e.name())
            .unwrap_or_default();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            StorageError::QuotaExceeded
        } else {
            StorageError::Unavailable(describe(&error))
        }
    })
}

/// The raw stored text under `key`, if any.
pub fn read(key: &str) -> Option<String> {
    storage().ok()?.get_item(key).ok().flatten()
}

pub fn remove(key: &str) {
    if let Ok(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

pub fn active_id() -> Option<String> {
    read(ACTIVE_KEY)
}

pub fn set_active_id(id: &str) {
    // Losing this only changes which assessment opens first; never worth an error.
    let _ = write(ACTIVE_KEY, id);
}
