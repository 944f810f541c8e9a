//! The parameters of `surges` (`GET /api/trade/surges`, the surges page).

use chokepoint_catalog::BasketSet;
use chokepoint_model::{Country, Period};
use serde::Deserialize;

#[cfg(feature = "cli")]
use super::ParamParser;
use super::{Amount, BasketOrCodes, MonthRange, query};
use crate::{AnalyticsError, Measure, SurgeQuery};

/// Ranked abnormal jumps in exporter × importer × HS6 (and basket) monthly
/// series; every parameter is optional, the defaults are those of
/// [`SurgeQuery::new`].
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SurgesParams {
    /// Only this basket, or HS code prefixes such as 854231,8541 (its
    /// basket-total series are scanned too).
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<BasketOrCodes>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub basket: Option<BasketOrCodes>,
    /// Only flows into this economy.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<&'static Country>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub to: Option<&'static Country>,
    /// Only flows out of this economy.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<&'static Country>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub from: Option<&'static Country>,
    /// value (USD) or quantity (in the series' unit).
    #[serde(
        default = "SurgesParams::default_measure",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Measure>::new(), default_value_t = SurgesParams::default_measure()))]
    #[cfg_attr(feature = "openapi", param(inline, default = json!(SurgesParams::default_measure().to_string())))]
    pub measure: Measure,
    /// A flagged month must be worth at least this many USD.
    #[serde(
        default = "SurgesParams::default_min_value",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Amount>::new(), default_value_t = SurgesParams::default_min_value()))]
    #[cfg_attr(feature = "openapi", param(value_type = f64, default = json!(SurgesParams::default_min_value().get())))]
    pub min_value: Amount,
    /// Baseline window, FIRST..LAST (monthly average; the last pre-war year by default).
    #[serde(
        default = "SurgesParams::default_baseline",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<MonthRange>::new(), default_value_t = SurgesParams::default_baseline()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, default = json!(SurgesParams::default_baseline().to_string())))]
    pub baseline: MonthRange,
    /// First month that may be flagged.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Period>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub since: Option<Period>,
    /// Last month that may be flagged.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Period>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub until: Option<Period>,
    /// Show every flagged month, not only the strongest per series.
    #[serde(default, deserialize_with = "query::value")]
    #[cfg_attr(feature = "cli", arg(long))]
    pub all_points: bool,
    /// Number of surges shown.
    #[serde(
        default = "SurgesParams::default_top",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<usize>::new(), default_value_t = SurgesParams::default_top()))]
    #[cfg_attr(feature = "openapi", param(default = SurgesParams::default_top))]
    pub top: usize,
}

impl SurgesParams {
    /// `measure` when not given.
    pub fn default_measure() -> Measure {
        SurgeQuery::new().measure
    }

    /// `min_value` when not given.
    pub fn default_min_value() -> Amount {
        // The query's default is a typed-in positive amount.
        Amount::new(SurgeQuery::new().min_value_usd).expect("a non-negative default")
    }

    /// `baseline` when not given.
    pub fn default_baseline() -> MonthRange {
        MonthRange::from(SurgeQuery::new().baseline)
    }

    /// `top` when not given.
    pub fn default_top() -> usize {
        SurgeQuery::new().top
    }

    /// The validated query, the basket resolved against `baskets`.
    pub fn to_query(&self, baskets: &BasketSet) -> Result<SurgeQuery, AnalyticsError> {
        Ok(SurgeQuery {
            basket: self
                .basket
                .as_ref()
                .map(|basket| basket.resolve(baskets, "basket"))
                .transpose()?,
            destination: self.to,
            origin: self.from,
            measure: self.measure,
            min_value_usd: self.min_value.get(),
            baseline: self.baseline.into(),
            from: self.since,
            until: self.until,
            all_points: self.all_points,
            top: self.top,
            ..SurgeQuery::new()
        })
    }
}

impl Default for SurgesParams {
    /// Nothing given: every default.
    fn default() -> SurgesParams {
        super::nothing_given()
    }
}
