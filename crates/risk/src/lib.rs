//! Shipment risk of Chokepoint: every shipment gets a score and the reasons
//! for it, from rules drawn from the G7, BIS/FinCEN and EU guidance on
//! Russia sanctions evasion.
//!
//! Scoring is two passes over the records. [`ContextBuilder::observe`] reads
//! batches of the `shipments` table and gathers what no single shipment
//! shows: every spelling of every party (resolved to entities by
//! `chokepoint-resolve`), when each party was first seen, which parties ship
//! to Russia, and the unit-value median of each HS6 code and unit.
//! [`ContextBuilder::finish`] resolves the parties, attaches owners from
//! relation files ([`OwnershipLink`]) and, when lists are loaded, screens
//! every party against the index ([`ListedParties`]: name matches, 50 %
//! ownership by listed parties, shared addresses). [`score_batch`] then
//! scores each shipment of any batch against that context: the sum over
//! [`RiskRules`] of `weight × strength`, each term a [`Reason`] with the
//! sentence an analyst reads. Rules and weights are TOML
//! ([`DEFAULT_RULES_TOML`] documents the defaults and their sources).
//!
//! The passes never hold the records, only per-party and per-code
//! aggregates, so memory grows with the number of parties and codes, not
//! shipments.
#![deny(missing_docs)]

mod columns;
mod context;
mod error;
mod listed;
mod rules;
mod score;

pub use chokepoint_model::dates::{day_of_iso, iso_date};
pub use context::{ContextBuilder, OwnershipLink, RiskContext};
pub use error::RiskError;
pub use listed::{ListedHit, ListedParties, ListedVia};
pub use rules::{
    CountriesRule, DEFAULT_RULES_TOML, GoodsRule, ListedRule, NewConsigneeRule, RiskRules,
    SubsidiaryRule, UnitValueRule, WeightRule,
};
pub use score::{Reason, ShipmentRisk, score_batch};
