//! Name matching of Chokepoint: normalisation, transliteration, legal forms,
//! explained pair scores.
//!
//! The main entry point is [`compare`]: two [`NameQuery`]s (name, [`Schema`],
//! optional countries) give a [`Comparison`] with a 0..=1 score, the match
//! decision at [`MatchConfig::threshold`], each feature's contribution and
//! the token alignment that explains it.
//!
//! The key design choice: names are reduced once ([`PreparedName`]) to
//! Latin tokens with a *phonetic key* each, whatever the script and the
//! romanisation system (Захаров, Zakharov and Zaharov share a key; 杭州
//! becomes the syllables "hang zhou", which meet "Hangzhou" by joining;
//! 数字技术 is translated to "digital technology" from a small typed-in
//! dictionary), and every token carries a class and weight (distinctive,
//! generic business word, particle, title, number, initial, patronymic).
//! Legal forms in any language or script (ООО, 有限公司, GmbH, Sp. z o.o.)
//! are taken out of the token list, mapped to a canonical type and scored
//! separately and lightly.
//!
//! Comparison aligns tokens (exact, phonetic key, typo, consonant skeleton,
//! joined or split words, acronyms, initials, nicknames) and sums the
//! contributions of the [`Feature`]s in [`default_features`]: the weighted
//! token overlap, minus penalties for evidence of two different entities
//! (different numbers, legal forms, schemata, countries, patronymics or
//! family names, a distinctive word or place on one side only, swapped
//! name-part roles).
//!
//! For the candidate index: prepare each listed name once as a
//! [`NameQuery`] and call [`compare`] or [`compare_best`]; a comparison of
//! prepared names takes a few microseconds. [`compare_names`] is the
//! convenience form over plain strings, [`compare_pairs_csv`] the batch
//! form for the CLI.
//!
//! ```
//! use chokepoint_screening::{compare, MatchConfig, NameQuery, Schema};
//!
//! let config = MatchConfig::default();
//! let query = NameQuery::new("Евгений Захаров", Schema::Person);
//! let listed = NameQuery::new("Yevgeny Zakharov", Schema::Person);
//! let result = compare(&query, &listed, &config);
//! assert!(result.is_match);
//! for feature in &result.features {
//!     println!("{}: {:.2} x {:.2} ({})", feature.name, feature.value, feature.weight, feature.explanation);
//! }
//!
//! let siemens = NameQuery::new("Siemens AG", Schema::Company);
//! let energy = NameQuery::new("Siemens Energy AG", Schema::Company);
//! assert!(!compare(&siemens, &energy, &config).is_match);
//! ```
#![deny(missing_docs)]

pub mod align;
mod compare;
mod error;
pub mod features;
pub mod legal_form;
mod normalize;
mod pairs;
pub mod person;
mod phonetic;
mod prepared;
pub mod tokens;
pub mod translit;
mod words;

pub use align::{Alignment, MatchKind};
/// The kind of party a name belongs to; the one copy lives in `chokepoint-model`.
pub use chokepoint_model::Schema;
pub use compare::{
    BestName, Comparison, MatchConfig, TokenAlignment, compare, compare_best, compare_names,
    compare_score,
};
pub use error::ScreeningError;
pub use features::{Feature, FeatureContribution, PairContext, default_features};
pub use normalize::normalize;
pub use pairs::{PairsSummary, compare_pairs_csv};
pub use phonetic::{abjad_key, phonetic_key, skeleton};
pub use prepared::{NameQuery, PreparedName};
