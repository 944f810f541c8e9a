//! Screening index of Chokepoint: candidate retrieval over loaded sanctions
//! lists, explained entity scores, generations swapped atomically.
//!
//! [`WatchlistIndex`] holds every entity of the loaded lists with each name
//! prepared once for comparison ([`chokepoint_screening::NameQuery`]), and an
//! inverted index from retrieval keys to names. [`WatchlistIndex::search`]
//! takes a [`ScreenQuery`] (names, schema, countries, identifiers, date of
//! birth) and returns [`ScreenMatch`]es with a score, the match decision and
//! every contribution explained.
//!
//! The key design choice is two-stage search. Comparing a query with every
//! listed name costs microseconds each, far too much for a million names,
//! so the index first retrieves candidates by IDF-weighted overlap of cheap
//! keys — the phonetic key of each token (scripts and transliterations
//! meet), character trigrams of the joined name (typos, joined and split
//! words) and exact identifier values — and only the top K entities
//! ([`SearchOptions::candidates`]) are compared in full. A property test
//! checks that this loses no match a brute-force scan would find.
//!
//! [`IndexStore`] persists generations: `publish` writes a new generation
//! directory and then swaps the `CURRENT` pointer file with one rename, so a
//! reader sees the old generation or the new one, never half of either.
//!
//! ```
//! use chokepoint_index::{ScreenQuery, SearchOptions, WatchlistIndex};
//! use chokepoint_lists::load_paths;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let file = dir.path().join("demo__entities.ftm.json");
//! std::fs::write(&file, concat!(
//!     r#"{"id":"c1","schema":"Company","properties":{"name":["Wuhan Global Sensor Technology Co., Ltd."],"country":["cn"]}}"#, "\n",
//!     r#"{"id":"c2","schema":"Company","properties":{"name":["ACME Trading LLC"],"innCode":["7701234567"]}}"#, "\n",
//! )).unwrap();
//! let index = WatchlistIndex::build(&load_paths(&[file]).unwrap());
//! assert_eq!(index.len(), 2);
//!
//! let options = SearchOptions::default();
//! let found = index.search(&ScreenQuery::name("Wuhan Global Sensor Technology"), &options);
//! assert_eq!(found[0].entity_id, "c1");
//! assert!(found[0].is_match);
//! for feature in &found[0].features {
//!     println!("{}: {:.2} x {:.2} ({})", feature.name, feature.value, feature.weight, feature.explanation);
//! }
//!
//! let by_number = ScreenQuery { identifiers: vec!["7701 234 567".into()], ..ScreenQuery::default() };
//! let found = index.search(&by_number, &options);
//! assert_eq!(found[0].entity_id, "c2");
//! assert!(found[0].score >= 0.95);
//! ```
#![deny(missing_docs)]

mod build;
mod codec;
mod error;
mod keys;
mod postings;
mod retrieve;
mod score;
mod store;

pub use build::{IndexConfig, IndexStats, ListStats, WatchlistIndex};
pub use error::IndexError;
pub use score::{MatchFeature, ScreenMatch, ScreenQuery, SearchOptions};
pub use store::{Generation, IndexStore, IndexWriter};

/// Result of the fallible operations of this crate.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;
