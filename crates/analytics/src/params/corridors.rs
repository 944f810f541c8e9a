//! The parameters of `corridors` (`GET /api/trade/corridors`, the corridors page).

use chokepoint_catalog::BasketSet;
use chokepoint_model::{Country, Period};
use serde::Deserialize;

#[cfg(feature = "cli")]
use super::ParamParser;
use super::{
    Amount, BasketOrCodes, CountryGroups, Fraction, MonthRange, ParamValue, query, required,
};
use crate::{AnalyticsError, CorridorQuery};

/// Third countries ranked by evidence of re-exporting a basket from source
/// economies to a destination.
///
/// The defaults are those of [`CorridorQuery::new`]; `basket` and `to` are
/// required (checked by `to_query`, so a query string without them gets
/// the same message as the CLI).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CorridorsParams {
    /// Basket name (see `chokepoint baskets`), or HS code prefixes such as 854231,8541.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, required = true, value_parser = ParamParser::<BasketOrCodes>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, required = true))]
    pub basket: Option<BasketOrCodes>,
    /// Destination economy.
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, required = true, value_parser = ParamParser::<&'static Country>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, required = true))]
    pub to: Option<&'static Country>,
    /// Source economies or groups, comma-separated: coalition, EU27, G7, or ISO codes.
    #[serde(
        default = "CorridorsParams::default_sources",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<CountryGroups>::new(), default_value_t = CorridorsParams::default_sources()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, default = json!(CorridorsParams::default_sources().to_string())))]
    pub sources: CountryGroups,
    /// Baseline window, FIRST..LAST.
    #[serde(
        default = "CorridorsParams::default_baseline",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<MonthRange>::new(), default_value_t = CorridorsParams::default_baseline()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, default = json!(CorridorsParams::default_baseline().to_string())))]
    pub baseline: MonthRange,
    /// First month of the after window.
    #[serde(
        default = "CorridorsParams::default_after",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Period>::new(), default_value_t = CorridorsParams::default_after()))]
    #[cfg_attr(feature = "openapi", param(value_type = String, default = json!(CorridorsParams::default_after().to_string())))]
    pub after: Period,
    /// Last month of the after window (default: the last month with data).
    #[serde(default, deserialize_with = "query::optional")]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Period>::new()))]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub until: Option<Period>,
    /// CIF/FOB allowance for mirror gaps (0.06 = 6 %).
    #[serde(
        default = "CorridorsParams::default_cif_fob",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Fraction>::new(), default_value_t = CorridorsParams::default_cif_fob()))]
    #[cfg_attr(feature = "openapi", param(value_type = f64, default = json!(CorridorsParams::default_cif_fob().get())))]
    pub cif_fob: Fraction,
    /// Minimum monthly exports of a third country to the destination after (USD).
    #[serde(
        default = "CorridorsParams::default_min_value",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<Amount>::new(), default_value_t = CorridorsParams::default_min_value()))]
    #[cfg_attr(feature = "openapi", param(value_type = f64, default = json!(CorridorsParams::default_min_value().get())))]
    pub min_value: Amount,
    /// Number of corridors shown.
    #[serde(
        default = "CorridorsParams::default_top",
        deserialize_with = "query::value"
    )]
    #[cfg_attr(feature = "cli", arg(long, value_parser = ParamParser::<usize>::new(), default_value_t = CorridorsParams::default_top()))]
    #[cfg_attr(feature = "openapi", param(default = CorridorsParams::default_top))]
    pub top: usize,
}

impl CorridorsParams {
    /// `sources` when not given: the export-control coalition.
    pub fn default_sources() -> CountryGroups {
        // A built-in group name always resolves.
        CountryGroups::parse_param("coalition").expect("coalition is a built-in group")
    }

    /// `baseline` when not given: 2021, the last pre-war year.
    pub fn default_baseline() -> MonthRange {
        MonthRange {
            first: month(2021, 1),
            last: month(2021, 12),
        }
    }

    /// `after` when not given: from April 2022.
    pub fn default_after() -> Period {
        month(2022, 4)
    }

    /// `cif_fob` when not given (the IMF's 6 %).
    pub fn default_cif_fob() -> Fraction {
        Fraction::new(0.06).expect("0.06 is a fraction")
    }

    /// `min_value` when not given (USD a month).
    pub fn default_min_value() -> Amount {
        Amount::new(10_000.0).expect("10,000 is an amount")
    }

    /// `top` when not given.
    pub fn default_top() -> usize {
        20
    }

    /// The validated query, the basket resolved against `baskets`.
    pub fn to_query(&self, baskets: &BasketSet) -> Result<CorridorQuery, AnalyticsError> {
        let destination = *required(&self.to, "to")?;
        let basket = required(&self.basket, "basket")?.resolve(baskets, "basket")?;
        Ok(CorridorQuery {
            baseline: self.baseline.into(),
            after: self.after,
            until: self.until,
            cif_fob_allowance: self.cif_fob.get(),
            min_value_usd: self.min_value.get(),
            top: self.top,
            ..CorridorQuery::new(basket, destination, self.sources.members().to_vec())
        })
    }
}

impl Default for CorridorsParams {
    /// Nothing given: every default, no basket or destination.
    fn default() -> CorridorsParams {
        super::nothing_given()
    }
}

fn month(year: u16, month: u8) -> Period {
    // Typed-in months are valid.
    Period::new(year, month).expect("a valid month")
}

#[cfg(test)]
mod tests {
    use chokepoint_catalog::Basket;

    use super::*;

    /// The parameters' defaults are the query's own.
    #[test]
    fn defaults_are_those_of_corridor_query_new() {
        let russia = Country::lookup("RUS").unwrap();
        let sources = CorridorsParams::default_sources();
        let expected = CorridorQuery::new(
            Basket::from_codes(Vec::new()),
            russia,
            sources.members().to_vec(),
        );
        let params = CorridorsParams {
            basket: Some(BasketOrCodes::from("chpl")),
            to: Some(russia),
            ..CorridorsParams::default()
        };
        let query = params.to_query(&BasketSet::builtin()).unwrap();
        assert_eq!(query.sources, expected.sources);
        assert_eq!(query.baseline, expected.baseline);
        assert_eq!(query.after, expected.after);
        assert_eq!(query.until, expected.until);
        assert_eq!(query.cif_fob_allowance, expected.cif_fob_allowance);
        assert_eq!(query.min_value_usd, expected.min_value_usd);
        assert_eq!(query.top, expected.top);
    }
}
