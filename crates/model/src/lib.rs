//! Validated domain types shared by every Chokepoint crate.
//!
//! Codes that arrive as text in source files — countries, HS codes, periods,
//! flow directions and quantity units — are parsed into these types once, at
//! the ingest boundary, so later stages never re-validate strings. The crate
//! has no IO, no async and no Arrow: it is the bottom of the dependency graph.
//!
//! ```
//! use chokepoint_model::{Country, HsCode, Period};
//!
//! let hk = Country::lookup("Hong Kong, China").unwrap();
//! assert_eq!(hk.alpha3(), "HKG");
//! assert!(!Country::lookup("World").unwrap().is_bilateral_partner());
//!
//! let code = HsCode::parse("8544.70").unwrap();
//! assert_eq!(code.hs4(), Some("8544"));
//!
//! let period = Period::parse("Aug. 2024").unwrap();
//! assert_eq!(period.to_string(), "2024-08");
//! assert_eq!(period.quarter(), 3);
//! ```
#![deny(missing_docs)]

mod country;
mod country_table;
pub mod dates;
mod error;
mod flow;
mod hs;
mod period;
mod schema;
mod unit;

pub use country::{Country, CountryKind};
pub use error::ModelError;
pub use flow::FlowDirection;
pub use hs::{HsCode, HsRevision};
pub use period::{Frequency, Period, date_to_epoch_days};
pub use schema::Schema;
pub use unit::{QuantityUnit, km_to_miles};
