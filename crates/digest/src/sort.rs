//! One stable sort for every list the views order.
//!
//! Why not `slice::sort_by` at each place: every call with its own element type and comparison
//! instantiates the standard library's sort anew, about 4 KiB of wasm each; fourteen of them were
//! a tenth of the app's code. Here the standard sort is instantiated once, on indices, through a
//! `dyn` comparison; the elements are then moved into their places.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    sort_indices(&mut order, &|a, b| cmp(&v[a as usize], &v[b as usize]));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(
        order
            .iter()
            .map(|&i| slots[i as usize].take().expect("each index comes once")),
    );
}

/// Sorts `v` stably by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

#[inline(never)]
fn sort_indices(order: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    order.sort_by(|a, b| cmp(*a, *b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_as_the_standard_sort_does() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for n in [0usize, 1, 2, 7, 100, 1000] {
            let items: Vec<(u8, u32)> = (0..n as u32)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 5) as u8, i)
                })
                .collect();
            let (mut ours, mut std_sorted) = (items.clone(), items);
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std_sorted.sort_by_key(|a| a.0);
            assert_eq!(ours, std_sorted, "n = {n}");
        }
        let mut words = vec!["b", "a", "c"];
        sort_by_key(&mut words, |w| std::cmp::Reverse(*w));
        assert_eq!(words, ["c", "b", "a"]);
    }
}
