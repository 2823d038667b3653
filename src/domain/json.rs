//! Reading JSON files with serde (questionnaires and benchmarks, in parts of their own) as
//! people really have them, with the two rules every file reader in the app shares (the
//! hand-written `plain_json` keeps them too):
//!
//! - a leading UTF-8 byte-order mark (Windows editors write one) is skipped;
//! - a key that appears twice in one object is refused with its path, such as
//!   `responses."data.quality"`. serde keeps the last value of a repeated map key without a
//!   word, so an answer typed twice in a hand-edited file would silently win or lose.
//!
//! The duplicate check walks the text once with serde_json's own parser (a visitor that
//! keeps nothing but the keys of the object it is in), so these parts need no other parser.

use super::plain_json::key_path;
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeSet;
use std::fmt;

/// The text without a leading byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses `text` as `T` after skipping a byte-order mark and refusing duplicate keys.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let text = strip_bom(text);
    check_unique_keys(text)?;
    serde_json::from_str(text)
}

/// Fails on the first object key that appears twice, naming its path.
pub fn check_unique_keys(text: &str) -> Result<(), serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(strip_bom(text));
    Walk { path: "" }.deserialize(&mut deserializer)?;
    deserializer.end()
}

/// Visits any JSON value, checking the keys of every object below `path`.
struct Walk<'p> {
    path: &'p str,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            let path = format!("{}[{index}]", self.path);
            if items.next_element_seed(Walk { path: &path })?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<(), A::Error> {
        let mut seen = BTreeSet::new();
        while let Some(key) = entries.next_key::<String>()? {
            let path = key_path(self.path, &key);
            if !seen.insert(key) {
                return Err(de::Error::custom(format!("`{path}` appears twice")));
            }
            entries.next_value_seed(Walk { path: &path })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_nested_keys_and_indexes() {
        let error = |text: &str| check_unique_keys(text).unwrap_err().to_string();
        assert!(error(r#"{"a":1,"a":2}"#).starts_with("`a` appears twice"));
        assert!(error(r#"{"r":{"x.y":1,"x.y":2}}"#).starts_with("`r.\"x.y\"` appears twice"));
        assert!(error(r#"{"l":[{},{"k":1,"k":1}]}"#).starts_with("`l[1].k` appears twice"));
        assert!(error(r#"[{"k":1,"k":1}]"#).starts_with("`[0].k` appears twice"));
        check_unique_keys(r#"{"a":{"k":1},"b":{"k":1},"c":[1,"k",null,true,-1.5]}"#).unwrap();
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let value: Vec<u8> = parse("\u{feff}[1,2]").unwrap();
        assert_eq!(value, [1, 2]);
    }
}
