//! The storage the library lives in, as a trait: `localStorage` in the app
//! (`platform::storage`), [`MemoryStore`] in tests.

use std::collections::BTreeMap;
use std::fmt;

/// A key-value store of text, like the browser's `localStorage`.
pub trait Store {
    /// Every key in the store.
    fn keys(&self) -> Vec<String>;
    fn read(&self, key: &str) -> Option<String>;
    /// Whether `key` holds exactly `text` (`None`: no value). A store that can answer
    /// without handing the whole value over (the browser's, see `platform::storage`) says
    /// so here: the workspace asks before every save.
    fn holds(&self, key: &str, text: Option<&str>) -> bool {
        self.read(key).as_deref() == text
    }
    fn write(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str);
}

/// Why a write was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refused more data: the quota is used up.
    Full,
    /// Storage is switched off or not reachable (private mode, policy).
    Unavailable(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Full => write!(f, "the browser's storage for this site is full"),
            StoreError::Unavailable(reason) => {
                write!(f, "the browser's storage cannot be used ({reason})")
            }
        }
    }
}

/// A store in memory, with a size quota (counted in characters, as browsers count) and a
/// switch that refuses every write.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    pub items: BTreeMap<String, String>,
    pub quota: Option<usize>,
    pub refuse_writes: bool,
}

impl MemoryStore {
    /// The characters the store holds, keys included.
    pub fn size(&self) -> usize {
        self.items
            .iter()
            .map(|(k, v)| k.chars().count() + v.chars().count())
            .sum()
    }
}

impl Store for MemoryStore {
    fn keys(&self) -> Vec<String> {
        self.items.keys().cloned().collect()
    }

    fn read(&self, key: &str) -> Option<String> {
        self.items.get(key).cloned()
    }

    fn write(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.refuse_writes {
            return Err(StoreError::Full);
        }
        if let Some(quota) = self.quota {
            let old = self
                .items
                .get(key)
                .map_or(0, |v| key.chars().count() + v.chars().count());
            let new = key.chars().count() + value.chars().count();
            if self.size() - old + new > quota {
                return Err(StoreError::Full);
            }
        }
        self.items.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        self.items.remove(key);
    }
}
