//! Raw text parameters → validated queries, shared by the CLI and the HTTP API
//! so both accept the same names, defaults and error messages.
//!
//! ```
//! use chokepoint_analytics::{RawParams, shares_query};
//! use chokepoint_catalog::BasketSet;
//!
//! let mut params = RawParams::new();
//! params.set("basket", "microelectronics").set("to", "RUS").set("by", "quarter");
//! let query = shares_query(&params, &BasketSet::builtin()).unwrap();
//! assert!(query.to_sql().unwrap().contains("'RUS'"));
//! params.set("basket", "chips");
//! assert!(shares_query(&params, &BasketSet::builtin()).unwrap_err().to_string().contains("microelectronics"));
//! ```

use chokepoint_catalog::{Basket, BasketSet, resolve_country_groups};
use chokepoint_model::{Country, HsCode, Period, QuantityUnit};

use crate::{
    AnalyticsError, CorridorQuery, Grain, Measure, OriginGroup, ShareSource, SharesQuery,
    SurgeQuery, TotalsQuery, TotalsSource,
};

/// Named text parameters as given (a query string, command-line flags);
/// a name may repeat (`group`).
#[derive(Debug, Clone, Default)]
pub struct RawParams {
    pairs: Vec<(String, String)>,
}

impl RawParams {
    /// No parameters.
    pub fn new() -> RawParams {
        RawParams::default()
    }

    /// From name/value pairs (a decoded query string).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> RawParams {
        RawParams { pairs }
    }

    /// Sets `name` (replacing earlier values).
    pub fn set(&mut self, name: &str, value: impl ToString) -> &mut RawParams {
        self.pairs.retain(|(n, _)| n != name);
        self.pairs.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets `name` when a value is given.
    pub fn set_opt(&mut self, name: &str, value: Option<impl ToString>) -> &mut RawParams {
        if let Some(value) = value {
            self.set(name, value);
        }
        self
    }

    /// Adds one more value of a repeatable `name`.
    pub fn push(&mut self, name: &str, value: impl ToString) -> &mut RawParams {
        self.pairs.push((name.to_string(), value.to_string()));
        self
    }

    /// The last value of `name`, if any (empty values count as absent).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
            .collect()
    }
}

fn invalid(parameter: &'static str, message: String) -> AnalyticsError {
    AnalyticsError::InvalidParameter { parameter, message }
}

fn required<'a>(params: &'a RawParams, name: &'static str) -> Result<&'a str, AnalyticsError> {
    params
        .get(name)
        .ok_or_else(|| invalid(name, "is required".into()))
}

/// The basket named by parameter `name`, or HS code prefixes given there
/// instead (`854231,8541`): a basket name wins; a value starting with a
/// digit that is no basket's name is read as codes.
pub fn basket_param(
    params: &RawParams,
    name: &'static str,
    baskets: &BasketSet,
) -> Result<Basket, AnalyticsError> {
    let text = required(params, name)?;
    if let Some(basket) = baskets.get(text) {
        return Ok(basket.clone());
    }
    if text.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        let codes = text
            .split(',')
            .map(|code| HsCode::parse(code.trim()).map_err(|e| invalid(name, e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Basket::from_codes(codes));
    }
    Err(invalid(
        name,
        format!(
            "unknown basket {text:?}: expected one of {}, or HS codes such as 854231,8541",
            baskets.names().join(", ")
        ),
    ))
}

fn country(
    params: &RawParams,
    name: &'static str,
) -> Result<Option<&'static Country>, AnalyticsError> {
    params
        .get(name)
        .map(|text| Country::lookup(text).map_err(|e| invalid(name, e.to_string())))
        .transpose()
}

fn month(params: &RawParams, name: &'static str) -> Result<Option<Period>, AnalyticsError> {
    params
        .get(name)
        .map(|text| Period::parse(text).map_err(|e| invalid(name, e.to_string())))
        .transpose()
}

fn month_range(
    params: &RawParams,
    name: &'static str,
) -> Result<Option<(Period, Period)>, AnalyticsError> {
    let Some(text) = params.get(name) else {
        return Ok(None);
    };
    let (first, last) = text.split_once("..").ok_or_else(|| {
        invalid(
            name,
            format!("{text:?}: expected FIRST..LAST, e.g. 2021-01..2021-12"),
        )
    })?;
    let parse = |t: &str| Period::parse(t).map_err(|e| invalid(name, e.to_string()));
    let (first, last) = (parse(first)?, parse(last)?);
    if first > last {
        return Err(invalid(name, format!("{first} is after {last}")));
    }
    Ok(Some((first, last)))
}

fn number<T: std::str::FromStr>(
    params: &RawParams,
    name: &'static str,
    what: &str,
) -> Result<Option<T>, AnalyticsError> {
    params
        .get(name)
        .map(|text| {
            text.parse::<T>()
                .map_err(|_| invalid(name, format!("{text:?}: expected {what}")))
        })
        .transpose()
}

fn amount(params: &RawParams, name: &'static str) -> Result<Option<f64>, AnalyticsError> {
    match number::<f64>(params, name, "a non-negative number")? {
        Some(x) if !(x.is_finite() && x >= 0.0) => Err(invalid(
            name,
            format!("{x}: expected a non-negative number"),
        )),
        other => Ok(other),
    }
}

/// `shares`: basket, to (required); by, from, until, group (repeatable), top, source.
pub fn shares_query(
    params: &RawParams,
    baskets: &BasketSet,
) -> Result<SharesQuery, AnalyticsError> {
    let by = params.get("by").unwrap_or("year");
    let source = params.get("source").unwrap_or("mirror");
    Ok(SharesQuery {
        basket: basket_param(params, "basket", baskets)?,
        destination: country(params, "to")?.ok_or_else(|| invalid("to", "is required".into()))?,
        grain: Grain::parse(by)
            .ok_or_else(|| invalid("by", format!("{by:?}: expected month, quarter or year")))?,
        from: month(params, "from")?,
        until: month(params, "until")?,
        groups: params
            .all("group")
            .into_iter()
            .map(OriginGroup::parse)
            .collect::<Result<_, _>>()?,
        top: Some(number(params, "top", "a whole number")?.unwrap_or(10)),
        source: ShareSource::parse(source).ok_or_else(|| {
            invalid(
                "source",
                format!("{source:?}: expected direct, mirror or both"),
            )
        })?,
    })
}

/// `totals`: basket, from (comma-separated origins), to, since (required); until, source, unit.
pub fn totals_query(
    params: &RawParams,
    baskets: &BasketSet,
) -> Result<TotalsQuery, AnalyticsError> {
    let origins = required(params, "from")?
        .split(',')
        .map(|code| Country::lookup(code.trim()).map_err(|e| invalid("from", e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let source = params.get("source").unwrap_or("exporter");
    Ok(TotalsQuery {
        basket: basket_param(params, "basket", baskets)?,
        origins,
        destination: country(params, "to")?.ok_or_else(|| invalid("to", "is required".into()))?,
        since: month(params, "since")?.ok_or_else(|| invalid("since", "is required".into()))?,
        until: month(params, "until")?,
        source: TotalsSource::parse(source).ok_or_else(|| {
            invalid(
                "source",
                format!("{source:?}: expected exporter or importer"),
            )
        })?,
        unit: params
            .get("unit")
            .map(|u| QuantityUnit::parse(u).map_err(|e| invalid("unit", e.to_string())))
            .transpose()?,
    })
}

/// `surges`: all optional — basket, to, from, measure, min_value, baseline
/// (FIRST..LAST), since, until, all_points, top.
pub fn surge_query(params: &RawParams, baskets: &BasketSet) -> Result<SurgeQuery, AnalyticsError> {
    let defaults = SurgeQuery::new();
    let measure = params.get("measure").unwrap_or("value");
    Ok(SurgeQuery {
        basket: params
            .get("basket")
            .map(|_| basket_param(params, "basket", baskets))
            .transpose()?,
        destination: country(params, "to")?,
        origin: country(params, "from")?,
        measure: Measure::parse(measure).ok_or_else(|| {
            invalid(
                "measure",
                format!("{measure:?}: expected value or quantity"),
            )
        })?,
        min_value_usd: amount(params, "min_value")?.unwrap_or(defaults.min_value_usd),
        baseline: month_range(params, "baseline")?.unwrap_or(defaults.baseline),
        from: month(params, "since")?,
        until: month(params, "until")?,
        all_points: number(params, "all_points", "true or false")?.unwrap_or(false),
        top: number(params, "top", "a whole number")?.unwrap_or(defaults.top),
        thresholds: defaults.thresholds,
    })
}

/// `corridors`: basket, to (required); sources (default `coalition`),
/// baseline, after, until, cif_fob, min_value, top.
pub fn corridor_query(
    params: &RawParams,
    baskets: &BasketSet,
) -> Result<CorridorQuery, AnalyticsError> {
    let sources = resolve_country_groups(params.get("sources").unwrap_or("coalition"))
        .map_err(|e| invalid("sources", e.to_string()))?;
    let destination = country(params, "to")?.ok_or_else(|| invalid("to", "is required".into()))?;
    let mut query = CorridorQuery::new(
        basket_param(params, "basket", baskets)?,
        destination,
        sources,
    );
    if let Some(baseline) = month_range(params, "baseline")? {
        query.baseline = baseline;
    }
    if let Some(after) = month(params, "after")? {
        query.after = after;
    }
    query.until = month(params, "until")?;
    if let Some(cif_fob) = amount(params, "cif_fob")? {
        if cif_fob >= 1.0 {
            return Err(invalid(
                "cif_fob",
                format!("{cif_fob}: expected a fraction such as 0.06"),
            ));
        }
        query.cif_fob_allowance = cif_fob;
    }
    if let Some(min_value) = amount(params, "min_value")? {
        query.min_value_usd = min_value;
    }
    if let Some(top) = number(params, "top", "a whole number")? {
        query.top = top;
    }
    Ok(query)
}
