//! Entity resolution of Chokepoint: which spellings of shipment parties are
//! one company.
//!
//! Customs records name the same firm five ways ("Shenzhen Jinghua Trading
//! Co., Ltd.", "SHENZHEN JINGHUA TRADING CO LTD", "深圳京华贸易有限公司"...)
//! and different firms almost the same way ("Shenzhen Jinghua Electronics").
//! [`resolve`] takes every [`Sighting`] of a party (name, address, country,
//! date), groups identical spellings, and merges groups whose names the
//! screening engine scores as the same company *and* whose other evidence
//! agrees: the same country always, plus the same address, or no address to
//! contradict a near-identical name. Parties at different addresses merge
//! only when their names are identical after normalisation. Every merge keeps
//! its [`MergeEvidence`] (the pair, both scores, the rule), and analysts'
//! [`Decision`]s (never merge these two spellings / always merge them) are
//! honoured, so a wrong merge can be undone without editing data.
//!
//! ```
//! use chokepoint_resolve::{resolve, Sighting, ResolveConfig};
//! let at = |name: &str, address: &str| Sighting::new(name, Some(address), Some("CHN"), 0);
//! let sightings = [
//!     at("Shenzhen Jinghua Trading Co., Ltd.", "28 Shennan Road, Futian, Shenzhen"),
//!     at("SHENZHEN JINGHUA TRADING CO LTD", "28 Shennan Road, Futian, Shenzhen"),
//!     at("Shenzhen Jinghua Electronics Co., Ltd.", "16 Xixiang Road, Bao'an, Shenzhen"),
//! ];
//! let resolution = resolve(&sightings, &[], &ResolveConfig::default());
//! assert_eq!(resolution.entities.len(), 2);
//! assert_eq!(resolution.entity_of(&sightings[0]), resolution.entity_of(&sightings[1]));
//! assert_ne!(resolution.entity_of(&sightings[0]), resolution.entity_of(&sightings[2]));
//! ```
#![deny(missing_docs)]

mod address;
mod blocking;
mod model;
mod resolve;
mod union_find;

pub use address::{address_similarity, normalize_address};
pub use model::{
    Decision, DecisionKind, MergeEvidence, MergeRule, PartyKey, Resolution, ResolveConfig,
    ResolvedEntity, Sighting, SpellingResolution,
};
pub use resolve::resolve;
