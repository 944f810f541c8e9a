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
//! scores each shipment of any batch against that context: the sum of
//! `weight × strength` over the rules' findings, each a [`Reason`] with the
//! sentence an analyst reads. Weights and parameters are TOML, one section
//! per rule ([`RiskRules`]; [`DEFAULT_RULES_TOML`] documents the defaults
//! and their sources).
//!
//! # The rule registry
//!
//! Each red flag is one small type in `src/rules/<name>.rs` implementing the
//! crate's `Rule` trait: its name (the TOML section and [`Reason::rule`]), a
//! one-line description ([`rule_descriptions`]), its weight under the rules
//! in force, and `evaluate`, which reads one shipment (its fields, resolved
//! parties and the facts several rules share, read once per row) and
//! reports each finding's strength and sentence. The registry `RULES` is a
//! fixed slice of these; `score_batch` runs it on every row and ranks the
//! findings, allocating nothing per rule. Every rule has a table test on
//! hand-built shipments, and the registry's tests check that names are
//! unique and that the registered rules are exactly the sections of the
//! default rules file. A new rule is a file, a TOML section and a line in
//! `RULES`.
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
    SubsidiaryRule, UnitValueRule, WeightRule, rule_descriptions,
};
pub use score::{Reason, ShipmentRisk, score_batch};
