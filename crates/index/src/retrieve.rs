//! Candidate retrieval: how well each listed name covers the query's
//! words, computed over the inverted index only (see `accumulate`).
//!
//! An entity takes its best name's score; entities whose identifiers the
//! query gives get a bonus that puts them first.

use std::cell::RefCell;

use chokepoint_screening::NameQuery;

use crate::build::{WatchlistIndex, idf};
use crate::keys::{self, Key};

/// Coverage of a query token by a one-edit variant.
const DELETION_COVERAGE: f32 = 0.8;
/// Factor on the trigram share of a query token.
const GRAM_COVERAGE: f32 = 0.9;
/// At most this much is taken off a name with many more tokens than the
/// query (ties between a short alias and a long name go to the alias).
const LENGTH_PENALTY: f32 = 0.15;

/// A query word found in more than `max_key_postings` times this many
/// names only raises names its rarer words found (unless it is the query's
/// rarest word).
const COMMON_WORD_FACTOR: usize = 20;

/// Added to the retrieval score of an entity found by identifier: above
/// any overlap score (which is at most 1).
const IDENTIFIER_BONUS: f32 = 2.0;

/// One candidate entity with the names worth comparing.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub(crate) entity: u32,
    /// Retrieval score (overlap, plus the identifier bonus).
    pub(crate) score: f32,
    /// Names of the entity that share a key with a query name.
    pub(crate) names: Vec<u32>,
    /// Whether a query identifier is one of the entity's.
    pub(crate) identifier_hit: bool,
}

/// Retrieval parameters (part of the search options).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetrievalLimits {
    pub(crate) n_candidates: usize,
    pub(crate) max_key_postings: usize,
    pub(crate) relative_cut: f32,
    pub(crate) name_cut: f32,
}

/// Per-thread dense accumulators over all names, reset after each query by
/// walking the touched list (cheaper than clearing or hashing).
#[derive(Default)]
struct Scratch {
    /// Per name: exact or deletion coverage of the current query token.
    coverage: Vec<f32>,
    /// Per name: gram share of the current query token.
    grams: Vec<f32>,
    /// Names touched by the current query token.
    touched: Vec<u32>,
    /// Per name: importance-weighted coverage of the current query name.
    sum: Vec<f32>,
    sum_touched: Vec<u32>,
    /// Per name: best score over the query names.
    best: Vec<f32>,
    best_touched: Vec<u32>,
    /// Per entity: best name score.
    entity_best: Vec<f32>,
}

impl Scratch {
    fn touch(&mut self, name_idx: u32) {
        let slot = name_idx as usize;
        if self.coverage[slot] == 0.0 && self.grams[slot] == 0.0 {
            self.touched.push(name_idx);
        }
    }

    fn ensure(&mut self, n_names: usize, n_entities: usize) {
        if self.coverage.len() < n_names {
            for array in [
                &mut self.coverage,
                &mut self.grams,
                &mut self.sum,
                &mut self.best,
            ] {
                array.resize(n_names, 0.0);
            }
        }
        if self.entity_best.len() < n_entities {
            self.entity_best.resize(n_entities, 0.0);
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl WatchlistIndex {
    /// The top candidates for prepared query names and identifier values.
    pub(crate) fn candidates(
        &self,
        query_names: &[NameQuery],
        identifier_values: &[Key],
        limits: RetrievalLimits,
    ) -> Vec<Candidate> {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            self.candidates_with(&mut scratch, query_names, identifier_values, limits)
        })
    }

    /// The retrieval stage alone: entity ids and retrieval scores of the
    /// top `n_candidates` for a name (diagnostics and recall measurement).
    #[doc(hidden)]
    pub fn retrieve(&self, query: &crate::ScreenQuery, n_candidates: usize) -> Vec<(String, f32)> {
        let prepared = crate::score::PreparedQuery::new(query);
        let limits = RetrievalLimits {
            n_candidates,
            max_key_postings: crate::SearchOptions::default().max_key_postings,
            relative_cut: crate::SearchOptions::default().relative_cut as f32,
            name_cut: crate::SearchOptions::default().name_cut as f32,
        };
        self.candidates(prepared.names(), &prepared.identifier_keys(), limits)
            .into_iter()
            .map(|candidate| {
                (
                    self.entities[candidate.entity as usize].id.clone(),
                    candidate.score,
                )
            })
            .collect()
    }

    fn candidates_with(
        &self,
        scratch: &mut Scratch,
        query_names: &[NameQuery],
        identifier_values: &[Key],
        limits: RetrievalLimits,
    ) -> Vec<Candidate> {
        let n_names = self.name_entity.len();
        scratch.ensure(n_names, self.entities.len());
        for query in query_names {
            self.accumulate(scratch, query, limits.max_key_postings);
        }
        // Identifier hits: the query's identifiers, and query names that
        // look like identifiers.
        let mut identifier_entities: Vec<u32> = Vec::new();
        let name_identifiers = query_names
            .iter()
            .filter_map(|query| keys::name_as_identifier_key(query.prepared().original()));
        for key in identifier_values.iter().copied().chain(name_identifiers) {
            identifier_entities.extend_from_slice(self.identifier_postings.get(key));
        }
        identifier_entities.sort_unstable();
        identifier_entities.dedup();

        // Best name per entity among the touched names, through a dense
        // per-entity array (sorting the touched names cost more than the
        // whole accumulation).
        let mut entities: Vec<(u32, f32)> = Vec::new();
        for name_idx in &scratch.best_touched {
            let entity = self.name_entity[*name_idx as usize];
            let score = scratch.best[*name_idx as usize];
            let slot = &mut scratch.entity_best[entity as usize];
            if *slot == 0.0 {
                entities.push((entity, 0.0));
            }
            *slot = slot.max(score);
        }
        for (entity, score) in &mut entities {
            *score = std::mem::take(&mut scratch.entity_best[*entity as usize]);
        }
        // Candidates far below the best add cost and no result: a name that
        // covers a third of what the best name covers does not match when
        // that one does, and when nothing covers the query well the cut is
        // low anyway.
        let top = entities
            .iter()
            .map(|(_, score)| *score)
            .fold(0.0f32, f32::max);
        entities.retain(|(_, score)| *score >= top * limits.relative_cut);
        // An entity found both ways keeps its overlap plus the bonus; one
        // found only by identifier has the bonus alone.
        entities.sort_unstable_by_key(|(entity, _)| *entity);
        let n_by_name = entities.len();
        for entity in &identifier_entities {
            match entities[..n_by_name].binary_search_by_key(entity, |(idx, _)| *idx) {
                Ok(position) => entities[position].1 += IDENTIFIER_BONUS,
                Err(_) => entities.push((*entity, IDENTIFIER_BONUS)),
            }
        }
        let by_score = |left: &(u32, f32), right: &(u32, f32)| {
            right.1.total_cmp(&left.1).then(left.0.cmp(&right.0))
        };
        if entities.len() > limits.n_candidates && limits.n_candidates > 0 {
            entities.select_nth_unstable_by(limits.n_candidates - 1, by_score);
            entities.truncate(limits.n_candidates);
        } else if limits.n_candidates == 0 {
            entities.clear();
        }
        entities.sort_unstable_by(by_score);

        let candidates = entities
            .into_iter()
            .map(|(entity, score)| Candidate {
                entity,
                score,
                names: {
                    // Of the entity's names, those covering the query
                    // nearly as well as its best one: an alias that covers
                    // half as much does not beat it in the comparison.
                    let names = self.names_of(entity);
                    let best = names
                        .clone()
                        .map(|name_idx| scratch.best[name_idx as usize])
                        .fold(0.0f32, f32::max);
                    names
                        .filter(|name_idx| {
                            let score = scratch.best[*name_idx as usize];
                            score > 0.0 && score >= best * limits.name_cut
                        })
                        .collect()
                },
                identifier_hit: identifier_entities.binary_search(&entity).is_ok(),
            })
            .collect();
        for name_idx in scratch.best_touched.drain(..) {
            scratch.best[name_idx as usize] = 0.0;
        }
        candidates
    }

    /// Adds one query name's coverage scores into `scratch.best` (max over
    /// query names).
    ///
    /// Each query token is covered by a listed name to a degree: 1 when the
    /// name has the token's phonetic key, 0.8 when one edit apart (shared
    /// deletion key) or of the same consonant skeleton, otherwise 0.9 × the
    /// IDF-weighted share of the token's trigrams found in the name. A name's score is the importance-weighted
    /// mean coverage, importance being the token's class weight times the
    /// IDF of its key (a rare distinctive word matters most), lowered a
    /// little for names with more tokens than the query.
    fn accumulate(&self, scratch: &mut Scratch, query: &NameQuery, max_key_postings: usize) {
        let n_names = self.name_entity.len();
        let tokens = keys::query_tokens(query.prepared());
        let exact_dfs: Vec<usize> = tokens
            .iter()
            .map(|token| {
                token
                    .exact
                    .map_or(0, |key| self.name_postings.get(key).len())
            })
            .collect();
        let rarest = exact_dfs.iter().copied().min().unwrap_or(0);
        // Rare words first: a word in a large share of a big index
        // ("trading" in a million company names) is looked up last and only
        // raises names the rarer words found (still counting in the
        // denominator); adding every name that has it would cost the most
        // and rank nothing. The query's rarest word is always looked up.
        let mut order: Vec<usize> = (0..tokens.len()).collect();
        order.sort_by_key(|token_idx| exact_dfs[*token_idx]);
        let mut total_importance = 0.0f32;
        for token_idx in order {
            let (token, exact_df) = (&tokens[token_idx], exact_dfs[token_idx]);
            let importance = token.weight * (1.0 + idf(exact_df, n_names));
            total_importance += importance;
            let common = exact_df > max_key_postings * COMMON_WORD_FACTOR && exact_df > rarest;
            if let Some(key) = token.exact {
                for name_idx in self.name_postings.get(key) {
                    if common && scratch.sum[*name_idx as usize] == 0.0 {
                        continue;
                    }
                    scratch.touch(*name_idx);
                    scratch.coverage[*name_idx as usize] = 1.0;
                }
            }
            if common {
                self.fold_token(scratch, importance);
                continue;
            }
            for key in token.skeleton.iter().chain(&token.deletions) {
                let names = self.name_postings.get(*key);
                // The variants of a common word are as common as the word
                // (every "trading" has "trdng" variants): not evidence.
                if names.len() > max_key_postings {
                    continue;
                }
                for name_idx in names {
                    scratch.touch(*name_idx);
                    let slot = &mut scratch.coverage[*name_idx as usize];
                    *slot = slot.max(DELETION_COVERAGE);
                }
            }
            let mut grams: Vec<(f32, &[u32])> = token
                .grams
                .iter()
                .map(|key| {
                    let names = self.name_postings.get(*key);
                    (idf(names.len(), n_names), names)
                })
                .collect();
            let gram_total: f32 = grams.iter().map(|(weight, _)| weight).sum();
            // Rarest first, so that skipping common grams never leaves a
            // token without candidates.
            grams.sort_unstable_by_key(|(_, names)| names.len());
            for (gram_idx, (weight, names)) in grams.iter().enumerate() {
                if names.len() > max_key_postings && gram_idx > 0 {
                    break;
                }
                let share = weight / gram_total.max(f32::MIN_POSITIVE);
                for name_idx in *names {
                    scratch.touch(*name_idx);
                    scratch.grams[*name_idx as usize] += share;
                }
            }
            self.fold_token(scratch, importance);
        }
        let n_query_tokens = tokens.len().max(1) as f32;
        for name_idx in scratch.sum_touched.drain(..) {
            let slot = name_idx as usize;
            let covered =
                std::mem::take(&mut scratch.sum[slot]) / total_importance.max(f32::MIN_POSITIVE);
            let n_tokens = f32::from(self.n_tokens[slot]).max(1.0);
            let score =
                covered * (1.0 - LENGTH_PENALTY * (1.0 - (n_query_tokens / n_tokens).min(1.0)));
            let best = &mut scratch.best[slot];
            if *best == 0.0 && score > 0.0 {
                scratch.best_touched.push(name_idx);
            }
            if score > *best {
                *best = score;
            }
        }
    }

    /// Adds the current token's coverage of each touched name, times the
    /// token's importance, to the name's sum; resets the token arrays.
    fn fold_token(&self, scratch: &mut Scratch, importance: f32) {
        // Moved out and back so the loop can write the other arrays; the
        // buffer keeps its capacity.
        let mut touched = std::mem::take(&mut scratch.touched);
        for name_idx in touched.drain(..) {
            let slot = name_idx as usize;
            let gram_coverage = GRAM_COVERAGE * std::mem::take(&mut scratch.grams[slot]);
            let coverage = std::mem::take(&mut scratch.coverage[slot]).max(gram_coverage);
            let sum = &mut scratch.sum[slot];
            if *sum == 0.0 {
                scratch.sum_touched.push(name_idx);
            }
            *sum += importance * coverage.min(1.0);
        }
        scratch.touched = touched;
    }
}
