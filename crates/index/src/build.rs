//! The index type and how it is built from loaded lists.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Instant;

use chokepoint_lists::{Entity, LoadedList, Relation};
use chokepoint_screening::NameQuery;
use rayon::prelude::*;

use crate::keys::{self, Family, Key};
use crate::postings::Postings;

/// How an index keeps its prepared names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexConfig {
    /// Keep every prepared name after building (fastest queries; about a
    /// kilobyte per name). When false, names are prepared for the keys and
    /// dropped, then prepared again on first use as a candidate and cached
    /// (a million entities fit in far less memory; the first queries that
    /// touch a name pay its preparation).
    pub keep_prepared: bool,
}

impl Default for IndexConfig {
    fn default() -> IndexConfig {
        IndexConfig {
            keep_prepared: true,
        }
    }
}

impl IndexConfig {
    /// Sets [`IndexConfig::keep_prepared`].
    pub fn with_keep_prepared(mut self, keep_prepared: bool) -> IndexConfig {
        self.keep_prepared = keep_prepared;
        self
    }
}

/// Counts of one list in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListStats {
    /// The list id.
    pub list: String,
    /// Entities of the list.
    pub n_entities: usize,
    /// Names of those entities.
    pub n_names: usize,
}

/// Counts of the whole index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexStats {
    /// Entities.
    pub n_entities: usize,
    /// Names (every name of every entity).
    pub n_names: usize,
    /// Distinct name keys (token keys and trigrams).
    pub n_name_keys: usize,
    /// Name postings.
    pub n_name_postings: usize,
    /// Distinct identifier values.
    pub n_identifiers: usize,
    /// Heap bytes of the postings.
    pub postings_bytes: usize,
    /// Per list, in order of first appearance.
    pub lists: Vec<ListStats>,
    /// Seconds spent building (or loading).
    pub build_seconds: f64,
}

/// The screening index over loaded lists: every entity, every name
/// prepared for comparison, and the inverted index that retrieves
/// candidates for a query. Immutable once built; share it behind an `Arc`.
#[derive(Debug)]
pub struct WatchlistIndex {
    pub(crate) entities: Vec<Entity>,
    /// Per name (flat over entities, in entity order): its entity.
    pub(crate) name_entity: Vec<u32>,
    /// Per entity: index of its first name; one extra entry at the end.
    pub(crate) first_name: Vec<u32>,
    /// Per name: the prepared name, filled at build or on first use (boxed:
    /// an empty slot costs a pointer, not a whole `NameQuery`).
    pub(crate) prepared: Vec<OnceLock<Box<NameQuery>>>,
    /// Name keys → name indices.
    pub(crate) name_postings: Postings,
    /// Identifier keys → entity indices.
    pub(crate) identifier_postings: Postings,
    /// Per name: number of distinct tokens (saturating).
    pub(crate) n_tokens: Vec<u8>,
    /// Entity id → first entity index with that id.
    by_id: HashMap<String, u32>,
    /// The lists' relations between entity ids (kept for the network graph).
    pub(crate) relations: Vec<Relation>,
    pub(crate) build_seconds: f64,
}

impl WatchlistIndex {
    /// Builds the index over every entity of `lists` (entities sharing an
    /// id across lists are all kept), preparing names in parallel.
    pub fn build(lists: &[LoadedList]) -> WatchlistIndex {
        let entities = lists
            .iter()
            .flat_map(|list| list.entities.iter().cloned())
            .collect();
        WatchlistIndex::from_entities(entities, &IndexConfig::default()).with_relations(
            lists
                .iter()
                .flat_map(|list| list.relations.iter().cloned())
                .collect(),
        )
    }

    /// The index with these relations between its entities' ids.
    pub fn with_relations(mut self, relations: Vec<Relation>) -> WatchlistIndex {
        self.relations = relations;
        self
    }

    /// The lists' relations (ownership, directorship, family, associate,
    /// linked-to) between entity ids.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// Builds the index from owned entities (no copy: for large lists).
    pub fn from_entities(entities: Vec<Entity>, config: &IndexConfig) -> WatchlistIndex {
        let _span = tracing::info_span!("index_build", n_entities = entities.len()).entered();
        let start = Instant::now();
        let (name_entity, first_name) = name_table(&entities);
        let prepared: Vec<OnceLock<Box<NameQuery>>> =
            (0..name_entity.len()).map(|_| OnceLock::new()).collect();
        let prepare_name = |name_idx: usize| {
            let entity_idx = name_entity[name_idx] as usize;
            prepare(
                &entities[entity_idx],
                name_idx - first_name[entity_idx] as usize,
            )
        };
        // Keys of a chunk of names, in parallel. With `keep_prepared` the
        // first pass keeps each prepared name and the second reuses it;
        // otherwise names are prepared in both passes and dropped.
        let keys_for = |range: std::ops::Range<usize>| {
            let per_name: Vec<Vec<Key>> = range
                .into_par_iter()
                .map(|name_idx| match prepared[name_idx].get() {
                    Some(query) => keys::name_keys(query.prepared()),
                    None => {
                        let query = prepare_name(name_idx);
                        let keys = keys::name_keys(query.prepared());
                        if config.keep_prepared {
                            let _ = prepared[name_idx].set(Box::new(query));
                        }
                        keys
                    }
                })
                .collect();
            let mut flat = Vec::with_capacity(per_name.iter().map(Vec::len).sum());
            let mut ends = Vec::with_capacity(per_name.len());
            for keys in per_name {
                flat.extend(keys);
                ends.push(flat.len());
            }
            (flat, ends)
        };
        let name_postings = Postings::build_chunked(name_entity.len(), BUILD_CHUNK, keys_for);
        let identifier_keys: Vec<Vec<Key>> = entities.par_iter().map(identifier_keys).collect();
        let identifier_postings =
            Postings::build_chunked(entities.len(), entities.len().max(1), |range| {
                let mut flat = Vec::new();
                let mut ends = Vec::new();
                for entity_idx in range {
                    flat.extend_from_slice(&identifier_keys[entity_idx]);
                    ends.push(flat.len());
                }
                (flat, ends)
            });
        let mut index =
            WatchlistIndex::assemble(entities, name_postings, identifier_postings, prepared);
        index.build_seconds = start.elapsed().as_secs_f64();
        index
    }

    /// Puts an index together from entities and built postings; computes
    /// the derived tables.
    pub(crate) fn assemble(
        entities: Vec<Entity>,
        name_postings: Postings,
        identifier_postings: Postings,
        prepared: Vec<OnceLock<Box<NameQuery>>>,
    ) -> WatchlistIndex {
        let (name_entity, first_name) = name_table(&entities);
        let n_tokens = token_counts(&name_postings, name_entity.len());
        let mut by_id = HashMap::with_capacity(entities.len());
        for (entity_idx, entity) in entities.iter().enumerate() {
            by_id.entry(entity.id.clone()).or_insert(entity_idx as u32);
        }
        WatchlistIndex {
            entities,
            name_entity,
            first_name,
            prepared,
            name_postings,
            identifier_postings,
            n_tokens,
            by_id,
            relations: Vec::new(),
            build_seconds: 0.0,
        }
    }

    /// The entity with this id (the first one when several lists share it).
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id
            .get(id)
            .and_then(|entity_idx| self.entities.get(*entity_idx as usize))
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether the index holds no entity.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Every entity, in index order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Counts per list and of the inverted index.
    pub fn stats(&self) -> IndexStats {
        let mut lists: Vec<ListStats> = Vec::new();
        let mut position: HashMap<&str, usize> = HashMap::new();
        for entity in &self.entities {
            let slot = *position.entry(entity.list.as_str()).or_insert_with(|| {
                lists.push(ListStats {
                    list: entity.list.clone(),
                    n_entities: 0,
                    n_names: 0,
                });
                lists.len() - 1
            });
            lists[slot].n_entities += 1;
            lists[slot].n_names += entity.names.len();
        }
        IndexStats {
            n_entities: self.entities.len(),
            n_names: self.name_entity.len(),
            n_name_keys: self.name_postings.n_keys(),
            n_name_postings: self.name_postings.n_postings(),
            n_identifiers: self.identifier_postings.n_keys(),
            postings_bytes: self.name_postings.heap_bytes() + self.identifier_postings.heap_bytes(),
            lists,
            build_seconds: self.build_seconds,
        }
    }

    /// The prepared form of name `name_idx`, preparing it on first use.
    pub(crate) fn prepared(&self, name_idx: u32) -> &NameQuery {
        let name_idx = name_idx as usize;
        self.prepared[name_idx].get_or_init(|| {
            let entity_idx = self.name_entity[name_idx] as usize;
            let position = name_idx - self.first_name[entity_idx] as usize;
            Box::new(prepare(&self.entities[entity_idx], position))
        })
    }

    /// The names of entity `entity_idx` as a range of name indices.
    pub(crate) fn names_of(&self, entity_idx: u32) -> std::ops::Range<u32> {
        let entity_idx = entity_idx as usize;
        self.first_name[entity_idx]..self.first_name[entity_idx + 1]
    }
}

/// Names whose keys are held at once while building.
const BUILD_CHUNK: usize = 1 << 16;

/// The name table: per name its entity, per entity its first name.
fn name_table(entities: &[Entity]) -> (Vec<u32>, Vec<u32>) {
    let n_names: usize = entities.iter().map(|entity| entity.names.len()).sum();
    let mut name_entity = Vec::with_capacity(n_names);
    let mut first_name = Vec::with_capacity(entities.len() + 1);
    for (entity_idx, entity) in entities.iter().enumerate() {
        first_name.push(name_entity.len() as u32);
        name_entity.extend(std::iter::repeat_n(entity_idx as u32, entity.names.len()));
    }
    first_name.push(name_entity.len() as u32);
    (name_entity, first_name)
}

/// Prepares name `position` of `entity` with the entity's schema. No
/// countries: the entity-level scorer weighs countries itself, once.
fn prepare(entity: &Entity, position: usize) -> NameQuery {
    let value = entity
        .names
        .get(position)
        .map_or("", |name| name.value.as_str());
    NameQuery::new(value, entity.schema)
}

/// The identifier keys of an entity.
fn identifier_keys(entity: &Entity) -> Vec<Key> {
    let mut keys: Vec<Key> = entity
        .identifiers
        .iter()
        .filter_map(|identifier| keys::identifier_key(&identifier.value))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Inverse document frequency of a key found in `df` of `n_names` names.
pub(crate) fn idf(df: usize, n_names: usize) -> f32 {
    (1.0 + n_names as f32 / df.max(1) as f32).ln()
}

/// Per name, its number of distinct token keys, read back from the
/// postings (so a loaded index needs no prepared names for it).
fn token_counts(postings: &Postings, n_names: usize) -> Vec<u8> {
    let mut counts = vec![0u8; n_names];
    for (key, names) in postings.iter() {
        if !(Family::Token.holds(key) || Family::Number.holds(key)) {
            continue;
        }
        for name_idx in names {
            if let Some(count) = counts.get_mut(*name_idx as usize) {
                *count = count.saturating_add(1);
            }
        }
    }
    counts
}
