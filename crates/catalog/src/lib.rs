//! Reference data and table schemas of Chokepoint.
//!
//! The catalog owns two kinds of knowledge: the Arrow schema of every table the
//! store keeps ([`schema`]), and the reference tables analyses join against —
//! countries, the HS nomenclature, the Common High Priority List, goods
//! baskets and exchange rates. Facts typed in by the authors (CHPL tiers,
//! basket definitions) live in code with their sources noted; data published
//! by others (the HS nomenclature) is loaded from files the user supplies.
//!
//! ```
//! use chokepoint_catalog::{Basket, BasketSet};
//! use chokepoint_model::HsCode;
//!
//! let baskets = BasketSet::builtin();
//! let fibre = baskets.get("fibre-optic").unwrap();
//! assert!(fibre.contains(&HsCode::parse("854470").unwrap()));
//! assert!(!fibre.contains(&HsCode::parse("854442").unwrap()));
//! ```
#![deny(missing_docs)]

mod basket;
mod chpl;
mod columns;
mod country_groups;
mod error;
mod fx;
mod hs_nomenclature;
mod reference_batches;
pub mod schema;

pub use basket::{Basket, BasketSet};
pub use chpl::{CHPL_2024_02_23, ChplEntry, ChplTier};
pub use columns::{text_column, utf8_array};
pub use country_groups::{COALITION_PARTNERS, EU27, G7, resolve_country_groups};
pub use error::CatalogError;
pub use fx::{Currency, FxRates};
pub use hs_nomenclature::{HsEntry, HsNomenclature};
pub use reference_batches::{baskets_batch, countries_batch, hs_batch};
