//! Sorting for the short lists of this app (areas, questions, saved assessments), and
//! ordered maps and sets built without sorting.
//!
//! The standard library's sorts are built for large inputs and cost several kilobytes of
//! wasm for every element type they are used with (collecting into a `BTreeMap` or
//! `BTreeSet` uses one too). These lists hold at most a few hundred items, so a plain
//! insertion sort is as fast in practice and a fraction of the size.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` in place by `compare`; stable, like `slice::sort_by`.
pub fn sort_small<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && compare(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The map of `pairs`, the last value winning for a repeated key, like `collect()`; which
/// sorts the pairs first with the standard stable sort, a copy of it for every pair type.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// The set of `items`, like `collect()` without its sort (see [`map_of`]).
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut seed = 7u32;
        for len in 0..60 {
            let mut items: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|(key, _)| *key);
            sort_small(&mut items, |a, b| a.0.cmp(&b.0));
            assert_eq!(items, expected);
        }
    }

    #[test]
    fn maps_and_sets_are_what_collect_makes() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        assert_eq!(map_of(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
        let items = ["q", "a", "q", "z", "a"];
        assert_eq!(set_of(items), items.into_iter().collect::<BTreeSet<_>>());
    }
}
