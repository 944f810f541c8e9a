//! The resolution pass: group spellings, block, compare, merge.

use std::collections::{BTreeMap, HashMap, HashSet};

use chokepoint_screening::{MatchConfig, NameQuery, Schema, compare_score, normalize};
use sha2::{Digest, Sha256};

use crate::address::{address_similarity, normalize_address};
use crate::blocking::candidate_pairs;
use crate::model::{
    Decision, DecisionKind, MergeEvidence, MergeRule, PartyKey, Resolution, ResolveConfig,
    ResolvedEntity, Sighting, SpellingResolution,
};
use crate::union_find::UnionFind;

/// Per-spelling aggregates.
struct Spelling {
    key: PartyKey,
    records: u64,
    first_day: i32,
    last_day: i32,
}

/// Resolves sightings to entities, honouring analysts' decisions.
pub fn resolve(
    sightings: &[Sighting],
    decisions: &[Decision],
    config: &ResolveConfig,
) -> Resolution {
    let spellings = distinct_spellings(sightings);
    let (names, addresses) = prepare(&spellings, config.threads);
    let countries: Vec<&str> = spellings.iter().map(|s| s.key.country.as_str()).collect();
    let pairs = candidate_pairs(&countries, &names, &addresses, config.max_block);
    let mut merges = evaluate(&pairs, &spellings, &names, &addresses, config);
    let (splits, forced) = decision_pairs(&spellings, decisions);
    merges.extend(forced);
    // Strongest evidence first, so a split decision blocks the weakest link.
    merges.sort_by(|a, b| {
        (b.rule == MergeRule::Analyst)
            .cmp(&(a.rule == MergeRule::Analyst))
            .then(b.name_score.total_cmp(&a.name_score))
            .then((a.left, a.right).cmp(&(b.left, b.right)))
    });

    let mut sets = UnionFind::new(spellings.len());
    let mut members: Vec<Vec<usize>> = (0..spellings.len()).map(|i| vec![i]).collect();
    let mut kept: Vec<MergeEvidence> = Vec::new();
    for merge in merges {
        let (a, b) = (sets.find(merge.left), sets.find(merge.right));
        if a == b {
            continue;
        }
        let (small, other) = if members[a].len() <= members[b].len() {
            (a, b)
        } else {
            (b, a)
        };
        let blocked = members[small].iter().any(|&i| {
            splits
                .get(&i)
                .is_some_and(|js| js.iter().any(|&j| sets.find(j) == other))
        });
        if blocked {
            continue;
        }
        let root = sets.union(a, b);
        let moved = std::mem::take(&mut members[if root == a { b } else { a }]);
        members[root].extend(moved);
        kept.push(merge);
    }
    assemble(spellings, &mut sets, kept)
}

fn distinct_spellings(sightings: &[Sighting]) -> Vec<Spelling> {
    let mut by_key: BTreeMap<PartyKey, Spelling> = BTreeMap::new();
    for sighting in sightings {
        let key = PartyKey::new(
            &sighting.name,
            sighting.address.as_deref(),
            sighting.country.as_deref(),
        );
        if key.name.is_empty() {
            continue;
        }
        let entry = by_key.entry(key.clone()).or_insert(Spelling {
            key,
            records: 0,
            first_day: sighting.day,
            last_day: sighting.day,
        });
        entry.records += sighting.records;
        entry.first_day = entry.first_day.min(sighting.day);
        entry.last_day = entry.last_day.max(sighting.day);
    }
    by_key.into_values().collect()
}

/// Prepares names and addresses on `threads` threads.
fn prepare(spellings: &[Spelling], threads: usize) -> (Vec<NameQuery>, Vec<Vec<String>>) {
    let chunk = spellings.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = spellings
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| {
                            (
                                NameQuery::new(&s.key.name, Schema::Company),
                                normalize_address(&s.key.address),
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("name preparation panicked"))
            .unzip()
    })
}

/// Scores candidate pairs on `threads` threads; returns those a rule merges.
fn evaluate(
    pairs: &[(u32, u32)],
    spellings: &[Spelling],
    names: &[NameQuery],
    addresses: &[Vec<String>],
    config: &ResolveConfig,
) -> Vec<MergeEvidence> {
    let match_config = MatchConfig::default();
    let chunk = pairs.len().div_ceil(config.threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = pairs
            .chunks(chunk)
            .map(|part| {
                let match_config = &match_config;
                scope.spawn(move || {
                    part.iter()
                        .filter_map(|&(i, j)| {
                            let (i, j) = (i as usize, j as usize);
                            merge_rule(i, j, spellings, names, addresses, config, match_config)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("name comparison panicked"))
            .collect()
    })
}

fn merge_rule(
    i: usize,
    j: usize,
    spellings: &[Spelling],
    names: &[NameQuery],
    addresses: &[Vec<String>],
    config: &ResolveConfig,
    match_config: &MatchConfig,
) -> Option<MergeEvidence> {
    if spellings[i].key.country != spellings[j].key.country {
        return None;
    }
    let name_score = compare_score(&names[i], &names[j], match_config);
    let both_addressed = !addresses[i].is_empty() && !addresses[j].is_empty();
    let address_score = both_addressed.then(|| address_similarity(&addresses[i], &addresses[j]));
    let rule = match address_score {
        Some(a) if a >= config.address_agree && name_score >= config.name_threshold => {
            MergeRule::SameAddress
        }
        Some(_) if normalize(&spellings[i].key.name) == normalize(&spellings[j].key.name) => {
            MergeRule::IdenticalName
        }
        None if name_score >= config.near_identical => MergeRule::NearIdenticalName,
        _ => return None,
    };
    Some(MergeEvidence {
        left: i,
        right: j,
        name_score,
        address_score,
        rule,
    })
}

/// Split decisions as a map spelling → spellings it must not join, and
/// merge decisions as forced merges (same country only).
fn decision_pairs(
    spellings: &[Spelling],
    decisions: &[Decision],
) -> (HashMap<usize, Vec<usize>>, Vec<MergeEvidence>) {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, spelling) in spellings.iter().enumerate() {
        by_name
            .entry(normalize(&spelling.key.name))
            .or_default()
            .push(i);
    }
    let mut splits: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut forced = Vec::new();
    let mut seen = HashSet::new();
    for decision in decisions {
        let left = by_name.get(&normalize(&decision.left_name));
        let right = by_name.get(&normalize(&decision.right_name));
        let (Some(left), Some(right)) = (left, right) else {
            continue;
        };
        for &i in left {
            for &j in right {
                if i == j || !seen.insert((i.min(j), i.max(j), decision.kind)) {
                    continue;
                }
                match decision.kind {
                    DecisionKind::Split => {
                        splits.entry(i).or_default().push(j);
                        splits.entry(j).or_default().push(i);
                    }
                    DecisionKind::Merge if spellings[i].key.country == spellings[j].key.country => {
                        forced.push(MergeEvidence {
                            left: i.min(j),
                            right: i.max(j),
                            name_score: 1.0,
                            address_score: None,
                            rule: MergeRule::Analyst,
                        });
                    }
                    DecisionKind::Merge => {}
                }
            }
        }
    }
    (splits, forced)
}

/// Builds entities from the final sets.
fn assemble(
    spellings: Vec<Spelling>,
    sets: &mut UnionFind,
    merges: Vec<MergeEvidence>,
) -> Resolution {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..spellings.len() {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    // The strongest merge touching each spelling (merges are strongest first).
    let mut merge_of: Vec<Option<usize>> = vec![None; spellings.len()];
    for (m, merge) in merges.iter().enumerate() {
        for end in [merge.left, merge.right] {
            merge_of[end].get_or_insert(m);
        }
    }
    let mut entity_of = vec![0usize; spellings.len()];
    let mut entities = Vec::with_capacity(groups.len());
    for mut group in groups.into_values() {
        group.sort_by(|&a, &b| {
            spellings[b]
                .records
                .cmp(&spellings[a].records)
                .then(is_latin(&spellings[b].key.name).cmp(&is_latin(&spellings[a].key.name)))
                .then(a.cmp(&b))
        });
        let canonical = &spellings[group[0]].key;
        for &i in &group {
            entity_of[i] = entities.len();
        }
        entities.push(ResolvedEntity {
            id: entity_id(canonical),
            canonical_name: canonical.name.clone(),
            country: (!canonical.country.is_empty()).then(|| canonical.country.clone()),
            address: (!canonical.address.is_empty()).then(|| canonical.address.clone()),
            records: group.iter().map(|&i| spellings[i].records).sum(),
            first_day: group
                .iter()
                .map(|&i| spellings[i].first_day)
                .min()
                .unwrap_or_default(),
            last_day: group
                .iter()
                .map(|&i| spellings[i].last_day)
                .max()
                .unwrap_or_default(),
            spellings: group,
        });
    }
    let mut resolution = Resolution {
        entities,
        merges,
        ..Resolution::default()
    };
    for (i, spelling) in spellings.into_iter().enumerate() {
        let hash = PartyKey::hash_of(
            &spelling.key.name,
            Some(&spelling.key.address),
            Some(&spelling.key.country),
        );
        resolution.by_hash.entry(hash).or_default().push(i);
        resolution.spellings.push(SpellingResolution {
            key: spelling.key,
            entity: entity_of[i],
            records: spelling.records,
            merge: merge_of[i],
        });
    }
    resolution
}

fn is_latin(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_ascii() || !c.is_alphabetic() || (c as u32) < 0x250)
}

/// `party-` and 12 hex digits of a hash of the canonical spelling.
fn entity_id(key: &PartyKey) -> String {
    let mut hasher = Sha256::new();
    for part in [
        &key.country,
        &normalize(&key.name),
        &normalize(&key.address),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    format!("party-{}", &hex::encode(hasher.finalize())[..12])
}
