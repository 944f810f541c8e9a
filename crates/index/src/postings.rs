//! The inverted index proper: sorted keys, offsets and posting lists in
//! three flat arrays (compact, cache-friendly and written to disk as is).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::keys::Key;

/// Keys → sorted lists of `u32` ids (name or entity indices).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Postings {
    /// Distinct keys, ascending.
    keys: Vec<Key>,
    /// `offsets[slot]..offsets[slot + 1]` is the slot's range in `items`.
    offsets: Vec<u64>,
    /// Posting ids, ascending within each key.
    items: Vec<u32>,
}

impl Postings {
    /// Builds postings from per-id key lists: `keys_of(id)` are the keys of
    /// id `id` for `id` in `0..n_ids`.
    #[cfg(test)]
    pub(crate) fn build<'a>(n_ids: usize, keys_of: impl Fn(usize) -> &'a [Key]) -> Postings {
        Postings::build_chunked(n_ids, n_ids.max(1), |range| {
            let mut flat = Vec::new();
            let mut ends = Vec::new();
            for id in range {
                flat.extend_from_slice(keys_of(id));
                ends.push(flat.len());
            }
            (flat, ends)
        })
    }

    /// Builds postings over ids `0..n_ids`, asking `keys_for(range)` twice
    /// per chunk of `chunk_len` ids for their keys, flat, with each id's end
    /// offset: once to count, once to fill. No (key, id) list of the whole
    /// index is ever held, which matters at a million entities (tens of
    /// millions of pairs); the price is computing keys twice.
    pub(crate) fn build_chunked(
        n_ids: usize,
        chunk_len: usize,
        keys_for: impl Fn(std::ops::Range<usize>) -> (Vec<Key>, Vec<usize>),
    ) -> Postings {
        let chunks = || {
            (0..n_ids)
                .step_by(chunk_len.max(1))
                .map(move |start| start..(start + chunk_len).min(n_ids))
        };
        let mut counts: HashMap<Key, u64, BuildHasherDefault<KeyHasher>> = HashMap::default();
        for range in chunks() {
            let (flat, _) = keys_for(range);
            for key in flat {
                *counts.entry(key).or_insert(0) += 1;
            }
        }
        let mut keys: Vec<Key> = counts.keys().copied().collect();
        keys.sort_unstable();
        let mut offsets = Vec::with_capacity(keys.len() + 1);
        let mut total = 0u64;
        offsets.push(0);
        for key in &keys {
            // The slot's write cursor replaces its count.
            let count = counts.insert(*key, total).unwrap_or(0);
            total += count;
            offsets.push(total);
        }
        let mut items = vec![0u32; usize::try_from(total).unwrap_or(usize::MAX)];
        for range in chunks() {
            let first = range.start;
            let (flat, ends) = keys_for(range);
            let mut start = 0;
            for (offset, end) in ends.into_iter().enumerate() {
                for key in &flat[start..end] {
                    if let Some(cursor) = counts.get_mut(key) {
                        // Ids fit u32: the index holds fewer names than that.
                        items[*cursor as usize] = (first + offset) as u32;
                        *cursor += 1;
                    }
                }
                start = end;
            }
        }
        Postings {
            keys,
            offsets,
            items,
        }
    }

    /// Reassembles postings read from disk, checking their invariants.
    pub(crate) fn from_parts(keys: Vec<Key>, offsets: Vec<u64>, items: Vec<u32>) -> Option<Self> {
        let sorted = keys.windows(2).all(|pair| pair[0] < pair[1]);
        let monotone = offsets.windows(2).all(|pair| pair[0] <= pair[1]);
        let complete = offsets.len() == keys.len() + 1
            && offsets.first() == Some(&0)
            && offsets.last() == Some(&(items.len() as u64));
        (sorted && monotone && complete).then_some(Postings {
            keys,
            offsets,
            items,
        })
    }

    /// The posting list of `key` (empty when absent).
    pub(crate) fn get(&self, key: Key) -> &[u32] {
        match self.keys.binary_search(&key) {
            Ok(slot) => self.slot(slot),
            Err(_) => &[],
        }
    }

    fn slot(&self, slot: usize) -> &[u32] {
        let start = self.offsets[slot] as usize;
        let end = self.offsets[slot + 1] as usize;
        &self.items[start..end]
    }

    /// Every key with its posting list, in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (Key, &[u32])> {
        self.keys
            .iter()
            .enumerate()
            .map(|(slot, key)| (*key, self.slot(slot)))
    }

    /// Number of distinct keys.
    pub(crate) fn n_keys(&self) -> usize {
        self.keys.len()
    }

    /// Number of postings.
    pub(crate) fn n_postings(&self) -> usize {
        self.items.len()
    }

    /// The three arrays, for writing.
    pub(crate) fn parts(&self) -> (&[Key], &[u64], &[u32]) {
        (&self.keys, &self.offsets, &self.items)
    }

    /// Heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.offsets.capacity() * 8 + self.items.capacity() * 4
    }
}

/// Keys are already FNV hashes: hashing them again would waste time.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*byte) ^ (self.0 >> 56);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_and_get() {
        let lists: Vec<Vec<Key>> = vec![vec![5, 9], vec![9], vec![], vec![1, 5]];
        let postings = Postings::build(lists.len(), |id| &lists[id]);
        assert_eq!(postings.get(9), &[0, 1]);
        assert_eq!(postings.get(5), &[0, 3]);
        assert_eq!(postings.get(1), &[3]);
        assert!(postings.get(2).is_empty());
        assert_eq!(postings.n_keys(), 3);
        assert_eq!(postings.n_postings(), 5);
        let (keys, offsets, items) = postings.parts();
        let again = Postings::from_parts(keys.to_vec(), offsets.to_vec(), items.to_vec());
        assert_eq!(again.as_ref(), Some(&postings));
        assert!(Postings::from_parts(vec![2, 1], vec![0, 0, 0], vec![]).is_none());
        assert!(Postings::from_parts(vec![1], vec![0, 3], vec![0]).is_none());
    }
}
