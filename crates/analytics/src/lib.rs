//! Dependency analytics over the trade ledger, as DataFusion plans.
//!
//! Each computation is a typed query (`SharesQuery`, `TotalsQuery`) that
//! renders one SQL plan over the `flows` table of a `SessionContext`; the
//! crate never touches storage, so the same plans run on an embedded session
//! or a distributed one. Aggregate partners (World, regions) never count as
//! origins, and only monthly rows at HS6 or finer enter basket sums.
//!
//! ```
//! use chokepoint_analytics::{Grain, ShareSource, SharesQuery};
//! use chokepoint_catalog::BasketSet;
//! use chokepoint_model::Country;
//!
//! let query = SharesQuery {
//!     basket: BasketSet::builtin().get("microelectronics").unwrap().clone(),
//!     destination: Country::lookup("RUS").unwrap(),
//!     grain: Grain::Year,
//!     from: None,
//!     until: None,
//!     groups: vec![],
//!     top: Some(10),
//!     source: ShareSource::Mirror,
//! };
//! assert!(query.to_sql().unwrap().contains("partner = 'RUS'"));
//! ```
#![deny(missing_docs)]

mod claims;
mod claims_file;
mod corridors;
mod error;
mod exec;
mod filters;
mod params;
mod robust;
mod series;
mod shares;
mod surges;
mod tables;
mod totals;
mod udf;

pub use claims::{
    Claim, ClaimCheck, ClaimKind, Comparison, ReportedBy, Verdict, Window, check_claim,
    check_claims,
};
pub use claims_file::{ClaimFileError, parse_claims, read_claim_file};
pub use corridors::{Corridor, CorridorQuery, corridors};
pub use error::AnalyticsError;
pub use exec::ScanProgress;
pub use filters::Grain;
#[cfg(feature = "cli")]
pub use params::ParamParser;
pub use params::{
    Amount, BasketOrCodes, CorridorsParams, CountryGroups, CountryList, Fraction, MonthRange,
    ParamValue, SharesParams, SurgesParams, TotalsParams, from_query,
};
pub use series::{MonthlySeries, SeriesPoint};
pub use shares::{OriginGroup, ShareSource, SharesQuery, origin_shares};
pub use surges::{Measure, Surge, SurgeMethod, SurgeQuery, SurgeThresholds, surges};
pub use tables::{claims_table, corridors_table, surges_table};
pub use totals::{TotalsQuery, TotalsSource, totals};
pub use udf::{ConvertQuantity, register_udfs};
