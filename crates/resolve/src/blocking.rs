//! Blocking: which spellings are worth comparing.
//!
//! Comparing every pair of a million spellings is out of the question, so
//! each spelling posts keys — its normalised address, the phonetic key of
//! each distinctive word, and its distinctive words joined (so "Jing Hua"
//! meets "Jinghua") — always within its country. Only spellings sharing a
//! key are compared, and a key shared by more than `max_block` spellings is
//! skipped: it carries no signal and would cost quadratically.

use std::collections::HashMap;

use chokepoint_screening::NameQuery;
use chokepoint_screening::tokens::TokenClass;

/// Candidate pairs `(i, j)` with `i < j`, each once.
pub(crate) fn candidate_pairs(
    countries: &[&str],
    names: &[NameQuery],
    addresses: &[Vec<String>],
    max_block: usize,
) -> Vec<(u32, u32)> {
    let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        let country = countries[i];
        let mut keys: Vec<String> = Vec::new();
        if !addresses[i].is_empty() {
            keys.push(format!("a\u{1}{country}\u{1}{}", addresses[i].join(" ")));
        }
        for reading in std::iter::once(name).chain(name.variants()) {
            let distinctive: Vec<_> = reading
                .prepared()
                .tokens()
                .iter()
                .filter(|token| token.class == TokenClass::Distinctive && !token.is_place)
                .collect();
            for token in &distinctive {
                keys.push(format!("k\u{1}{country}\u{1}{}", token.key));
            }
            if distinctive.len() > 1 {
                let joined: String = distinctive
                    .iter()
                    .map(|token| token.text.as_str())
                    .collect();
                keys.push(format!("j\u{1}{country}\u{1}{joined}"));
            }
        }
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            blocks.entry(key).or_default().push(i as u32);
        }
    }
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for members in blocks.values() {
        if members.len() < 2 || members.len() > max_block {
            continue;
        }
        for (a, &i) in members.iter().enumerate() {
            for &j in &members[a + 1..] {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}
