//! Sorting for the short lists of this app (areas, questions, saved assessments), and an
//! ordered map kept as a sorted list, for the maps the first load holds.
//!
//! The standard library's sorts are built for large inputs and cost several kilobytes of
//! wasm for every element type they are used with (collecting into a `BTreeMap` or
//! `BTreeSet` uses one too). These lists hold at most a few hundred items, so a plain
//! insertion sort is as fast in practice and a fraction of the size.

use std::cmp::Ordering;
use std::collections::BTreeMap;

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

/// An ordered map kept as a list sorted by key, for the maps of the first load: the
/// assessment's (answers by question, votes by respondent, weights by area), the
/// workspace's questionnaires, the Questions view's signal per question. They hold a few
/// dozen entries, or a few hundred from a hostile file, read in n log n (`FromIterator`).
///
/// Written by hand because `BTreeMap`'s node code costs the wasm several kilobytes for each
/// key and value type it holds, and these maps are in the first load; a sorted list does
/// the same work in a fraction of the code and, at this size, as fast. It offers the part
/// of `BTreeMap`'s interface the app uses, with the same meaning: keys are unique and
/// iteration goes in key order.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

/// Shown as a map, `{key: value, ...}`, as `BTreeMap` shows itself (test failures print it).
impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Where `key` is, or where it would go.
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets the value of `key`, giving back the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The value of `key`, made with `make` first if there is none.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Keeps the entries for which `keep` says yes.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K, V> SortedMap<K, V> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// Like `collect()` into a `BTreeMap`: the last value wins for a repeated key. Pairs
/// already in key order (as the app writes them) are taken as they are; others are put in
/// order by [`stable_order`], so that a file with many keys in a hostile order costs
/// n log n, not the n² of inserting one by one.
impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut entries: Vec<(K, V)> = pairs.into_iter().collect();
        if entries.windows(2).any(|w| w[0].0 >= w[1].0) {
            let order = stable_order(entries.len(), &|a, b| entries[a].0.cmp(&entries[b].0));
            put_in_order(order, &mut |a, b| entries.swap(a, b));
            // Of equal keys, now side by side in their first order, the last value stays.
            entries.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
        }
        SortedMap { entries }
    }
}

/// Moves items so that the one at `order[k]` ends at `k`, by swapping pairs of positions
/// (`swap`): each cycle of the permutation is followed once. Like [`stable_order`] it never
/// sees the items, so one copy serves every item type.
pub fn put_in_order(order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    // Where the item now at each position must go.
    let mut target = vec![0; order.len()];
    for (k, &from) in order.iter().enumerate() {
        target[from] = k;
    }
    for i in 0..target.len() {
        while target[i] != i {
            let j = target[i];
            swap(i, j);
            target.swap(i, j);
        }
    }
}

/// The positions `0..len` in the order `compare` puts them, equal ones in their own order:
/// a merge sort of indices. It sees the items only through `compare`, so one copy of it
/// serves every item type.
pub fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut spare = order.clone();
    let mut width = 1;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut spare[start..end] {
                let take_right = right < end
                    && (left == middle || compare(order[right], order[left]) == Ordering::Less);
                if take_right {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut spare);
        width *= 2;
    }
    order
}

/// `map[key]`, like `BTreeMap`'s: panics if `key` is missing.
impl<K: Ord + std::borrow::Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for this key")
    }
}

/// A `BTreeMap`'s entries, already in key order.
impl<K, V> From<BTreeMap<K, V>> for SortedMap<K, V> {
    fn from(map: BTreeMap<K, V>) -> Self {
        SortedMap {
            entries: map.into_iter().collect(),
        }
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for SortedMap<K, V> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sorted_map_shows_itself_as_a_btree_map_does() {
        let pairs = [("b", 2), ("a", 1)];
        let ours: SortedMap<_, _> = pairs.into_iter().collect();
        let theirs: BTreeMap<_, _> = pairs.into_iter().collect();
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
        assert_eq!(format!("{ours:?}"), r#"{"a": 1, "b": 2}"#);
    }

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
    fn stable_order_is_the_standard_stable_sort() {
        let mut seed = 3u32;
        for len in [0, 1, 2, 3, 7, 8, 9, 31, 64, 100, 257] {
            let keys: Vec<u32> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) % 13
                })
                .collect();
            let mut expected: Vec<usize> = (0..len).collect();
            expected.sort_by_key(|&i| keys[i]);
            assert_eq!(stable_order(len, &|a, b| keys[a].cmp(&keys[b])), expected);
        }
    }

    #[test]
    fn a_map_from_many_keys_in_reverse_order_is_built_in_n_log_n() {
        // Counted comparisons, not time: 20,000 keys inserted one by one in reverse order
        // would shift about 10^8 entries.
        let compared = std::cell::Cell::new(0usize);
        let len = 20_000;
        let order = stable_order(len, &|a, b| {
            compared.set(compared.get() + 1);
            b.cmp(&a)
        });
        assert_eq!(order.first(), Some(&(len - 1)));
        assert!(compared.get() < len * 16, "{}", compared.get());
        let map: SortedMap<String, usize> =
            (0..len).rev().map(|i| (format!("{i:05}"), i)).collect();
        assert_eq!(map.len(), len);
        assert!(map.keys().zip(map.keys().skip(1)).all(|(a, b)| a < b));
    }

    #[test]
    fn the_sorted_map_does_what_a_btree_map_does() {
        let mut seed = 11u32;
        let mut next = |below: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % below
        };
        let mut ours: SortedMap<String, u32> = SortedMap::new();
        let mut theirs: BTreeMap<String, u32> = BTreeMap::new();
        for step in 0..2000 {
            let key = format!("k{}", next(40));
            match next(6) {
                0 | 1 => assert_eq!(
                    ours.insert(key.clone(), step),
                    theirs.insert(key.clone(), step)
                ),
                2 => assert_eq!(ours.remove(key.as_str()), theirs.remove(key.as_str())),
                3 => {
                    *ours.get_or_insert_with(key.clone(), || 0) += 1;
                    *theirs.entry(key.clone()).or_insert(0) += 1;
                }
                4 => {
                    if let (Some(a), Some(b)) = (ours.get_mut(key.as_str()), theirs.get_mut(&key)) {
                        *a += 7;
                        *b += 7;
                    }
                    assert_eq!(ours.contains_key(key.as_str()), theirs.contains_key(&key));
                }
                _ => {
                    let cut = next(1000);
                    ours.retain(|_, v| *v % 1000 != cut);
                    theirs.retain(|_, v| *v % 1000 != cut);
                }
            }
            assert_eq!(ours.get(key.as_str()), theirs.get(&key));
            assert_eq!(ours.len(), theirs.len());
        }
        assert!(ours.iter().eq(theirs.iter()));
        assert!(ours.keys().eq(theirs.keys()));
        assert!(ours.values().rev().eq(theirs.values().rev()));
        assert_eq!(ours, SortedMap::from(theirs.clone()));
        for len in 0..80 {
            let pairs: Vec<(u32, u32)> = (0..len).map(|i| (next(len / 2 + 1), i)).collect();
            assert!(pairs
                .iter()
                .copied()
                .collect::<SortedMap<_, _>>()
                .into_iter()
                .eq(pairs.iter().copied().collect::<BTreeMap<_, _>>()));
        }
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5), ("b", 6)];
        assert!(pairs
            .into_iter()
            .collect::<SortedMap<_, _>>()
            .into_iter()
            .eq(pairs.into_iter().collect::<BTreeMap<_, _>>()));
    }
}
