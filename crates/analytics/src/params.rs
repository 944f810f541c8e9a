//! The parameters of each question, declared once: one struct per question
//! (`SharesParams`, `TotalsParams`, `SurgesParams`, `CorridorsParams`) whose
//! fields carry the name, the type, the default and the doc comment that
//! every front end shows. The HTTP API and the dashboard read them from the
//! query string ([`from_query`], serde); the CLI flattens them into its
//! commands (`clap::Args`, feature `cli`); the OpenAPI document describes
//! them (`utoipa::IntoParams`, feature `openapi`). Each struct's `to_query`
//! is the one step that needs the basket registry (a basket name or HS
//! codes) and fills in the defaults, with the same messages everywhere.
//!
//! The clap and utoipa derives are behind features so that the library's
//! own build depends on neither: analytics is a library of questions, and
//! only the binaries that expose them as flags or as an HTTP API pay for
//! those crates.
//!
//! ```
//! use chokepoint_analytics::{SharesParams, from_query};
//! use chokepoint_catalog::BasketSet;
//!
//! let params: SharesParams = from_query("basket=microelectronics&to=RUS&by=quarter").unwrap();
//! let query = params.to_query(&BasketSet::builtin()).unwrap();
//! assert!(query.to_sql().unwrap().contains("'RUS'"));
//! let bad = from_query::<SharesParams>("basket=chpl&to=RUS&by=weekly").unwrap_err();
//! assert_eq!(bad.to_string(), "invalid by: \"weekly\": expected month, quarter or year");
//! ```

#[cfg(feature = "cli")]
mod cli;
mod corridors;
mod query;
mod shares;
mod surges;
mod totals;
mod values;

#[cfg(feature = "cli")]
pub use cli::ParamParser;
pub use corridors::CorridorsParams;
pub use query::from_query;
pub use shares::SharesParams;
pub use surges::SurgesParams;
pub use totals::TotalsParams;
pub use values::{
    Amount, BasketOrCodes, CountryGroups, CountryList, Fraction, MonthRange, ParamValue,
};

use crate::AnalyticsError;

/// A parameter `to_query` cannot do without.
fn required<'a, T>(value: &'a Option<T>, parameter: &'static str) -> Result<&'a T, AnalyticsError> {
    value.as_ref().ok_or(AnalyticsError::InvalidParameter {
        parameter,
        message: "is required".into(),
    })
}

/// Every parameter at its default (`None` for those without one).
fn nothing_given<T: serde::de::DeserializeOwned>() -> T {
    // Every field has a serde default, so an empty query always reads.
    from_query("").expect("an empty query reads as the defaults")
}
