//! The parameters of `totals` (`GET /api/trade/totals`).

use chokepoint_catalog::BasketSet;
use chokepoint_model::{Country, Period, QuantityUnit};
use serde::Deserialize;

#[cfg(feature = "cli")]
use super::ParamParser;
use super::{BasketOrCodes, CountryList, query, required};
use crate::{AnalyticsError, TotalsQuery, TotalsSource};

/// Cumulative value and quantity of a basket from origins to a destination
/// since a month.
///
/// `basket`, `from`, `to` and `since` are required (checked by
/// `to_query`, so a query string without them gets the same message as the
/// CLI).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TotalsParams {
    /// Basket name (see `chokepoint baskets`), or HS code prefixes such as 854231,8541.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, required = true, value_parser = ParamParser::<BasketOrCodes>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, required = true))]
    pub basket: Option<BasketOrCodes>,
    /// Origin economies, comma-separated (e.g. CHN,HKG).
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, required = true, value_parser = ParamParser::<CountryList>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, required = true))]
    pub from: Option<CountryList>,
    /// Destination economy.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, required = true, value_parser = ParamParser::<&'static Country>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, required = true))]
    pub to: Option<&'static Country>,
    /// First month (e.g. 2023-01).
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, required = true, value_parser = ParamParser::<Period>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, required = true))]
    pub since: Option<Period>,
    /// Last month.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Period>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub until: Option<Period>,
    /// exporter (origins' reported exports) or importer (destination's reported imports).
    #[serde(
        default = "TotalsParams::default_source",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<TotalsSource>::new(), default_value_t = TotalsParams::default_source()))]
    #[cfg_attr(feature = "openapi", param(inline, default = json!(TotalsParams::default_source().to_string())))]
    pub source: TotalsSource,
    /// Convert quantities to this unit where the dimension allows (e.g. mi for cable in km).
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<QuantityUnit>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub unit: Option<QuantityUnit>,
}

impl TotalsParams {
    /// `source` when not given.
    pub fn default_source() -> TotalsSource {
        TotalsSource::Exporter
    }

    /// The validated query, the basket resolved against `baskets`.
    pub fn to_query(&self, baskets: &BasketSet) -> Result<TotalsQuery, AnalyticsError> {
        let origins = required(&self.from, "from")?.0.clone();
        Ok(TotalsQuery {
            basket: required(&self.basket, "basket")?.resolve(baskets, "basket")?,
            origins,
            destination: *required(&self.to, "to")?,
            since: *required(&self.since, "since")?,
            until: self.until,
            source: self.source,
            unit: self.unit,
        })
    }
}

impl Default for TotalsParams {
    /// Nothing given: every default, no basket or destination.
    fn default() -> TotalsParams {
        super::nothing_given()
    }
}
