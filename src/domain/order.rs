//! Sorting for the short lists of this app (areas, questions, saved assessments).
//!
//! The standard library's sorts are built for large inputs and cost several kilobytes of
//! wasm for every element type they are used with. These lists hold at most a few hundred
//! items, so a plain insertion sort is as fast in practice and a fraction of the size.

use std::cmp::Ordering;

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
}
