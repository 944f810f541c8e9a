//! The parameters of `shares` (`GET /api/trade/shares`, the goods pages).

use chokepoint_catalog::BasketSet;
use chokepoint_model::{Country, Period};
use serde::Deserialize;

#[cfg(feature = "cli")]
use super::ParamParser;
use super::{BasketOrCodes, query, required};
use crate::{AnalyticsError, Grain, OriginGroup, ShareSource, SharesQuery};

/// Origin shares of a destination's imports of a basket, by period.
///
/// `basket` and `to` are required (checked by `to_query`, so a query
/// string without them gets the same message as the CLI).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SharesParams {
    /// Basket name (see `chokepoint baskets`), or HS code prefixes such as 854231,8541.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, required = true, value_parser = ParamParser::<BasketOrCodes>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, required = true))]
    pub basket: Option<BasketOrCodes>,
    /// Destination economy (ISO code or name), e.g. RUS.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, required = true, value_parser = ParamParser::<&'static Country>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, required = true))]
    pub to: Option<&'static Country>,
    /// Period granularity.
    #[serde(
        default = "SharesParams::default_by",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Grain>::new(), default_value_t = SharesParams::default_by()))]
    #[cfg_attr(feature = "openapi", param(inline, default = json!(SharesParams::default_by().to_string())))]
    pub by: Grain,
    /// First month (e.g. 2021-01).
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Period>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub from: Option<Period>,
    /// Last month (e.g. 2025-12).
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Period>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub until: Option<Period>,
    /// Report origins under one label, e.g. china=CHN,HKG,MAC (repeatable).
    #[serde(default, deserialize_with = "query::all")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<OriginGroup>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<Vec<String>>))]
    pub group: Vec<OriginGroup>,
    /// Keep the N largest origins over the range; the rest become "other".
    #[serde(
        default = "SharesParams::default_top",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<usize>::new(), default_value_t = SharesParams::default_top()))]
    #[cfg_attr(feature = "openapi", param(default = SharesParams::default_top))]
    pub top: usize,
    /// direct (the destination's imports), mirror (partners' exports) or both.
    #[serde(
        default = "SharesParams::default_source",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<ShareSource>::new(), default_value_t = SharesParams::default_source()))]
    #[cfg_attr(feature = "openapi", param(inline, default = json!(SharesParams::default_source().to_string())))]
    pub source: ShareSource,
}

impl SharesParams {
    /// `by` when not given.
    pub fn default_by() -> Grain {
        Grain::Year
    }

    /// `top` when not given.
    pub fn default_top() -> usize {
        10
    }

    /// `source` when not given.
    pub fn default_source() -> ShareSource {
        ShareSource::Mirror
    }

    /// The validated query, the basket resolved against `baskets`.
    ///
    /// ```
    /// use chokepoint_analytics::{SharesParams, from_query};
    /// use chokepoint_catalog::BasketSet;
    ///
    /// let params: SharesParams = from_query("basket=microelectronics&to=RUS&by=quarter").unwrap();
    /// let query = params.to_query(&BasketSet::builtin()).unwrap();
    /// assert!(query.to_sql().unwrap().contains("'RUS'"));
    /// let params: SharesParams = from_query("basket=chips&to=RUS").unwrap();
    /// let error = params.to_query(&BasketSet::builtin()).unwrap_err();
    /// assert!(error.to_string().contains("microelectronics"));
    /// ```
    pub fn to_query(&self, baskets: &BasketSet) -> Result<SharesQuery, AnalyticsError> {
        Ok(SharesQuery {
            basket: required(&self.basket, "basket")?.resolve(baskets, "basket")?,
            destination: *required(&self.to, "to")?,
            grain: self.by,
            from: self.from,
            until: self.until,
            groups: self.group.clone(),
            top: Some(self.top),
            source: self.source,
        })
    }
}

impl Default for SharesParams {
    /// Nothing given: every default, no basket or destination.
    fn default() -> SharesParams {
        super::nothing_given()
    }
}
