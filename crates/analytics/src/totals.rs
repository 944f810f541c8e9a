//! Cumulative totals of a basket between origins and a destination since a month.

use arrow::array::RecordBatch;
use chokepoint_catalog::Basket;
use chokepoint_model::{Country, Period, QuantityUnit};
use datafusion::prelude::SessionContext;

use crate::AnalyticsError;
use crate::filters::{Grain, basket_sql, code_list, range_sql};

/// Whose declarations measure the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalsSource {
    /// The origins' reported exports to the destination.
    Exporter,
    /// The destination's reported imports from the origins.
    Importer,
}

impl TotalsSource {
    /// Parses `exporter` or `importer`.
    pub fn parse(text: &str) -> Option<TotalsSource> {
        match text.to_ascii_lowercase().as_str() {
            "exporter" | "exports" => Some(TotalsSource::Exporter),
            "importer" | "imports" => Some(TotalsSource::Importer),
            _ => None,
        }
    }
}

/// A cumulative-total question.
#[derive(Debug, Clone)]
pub struct TotalsQuery {
    /// The goods.
    pub basket: Basket,
    /// The exporting economies (summed).
    pub origins: Vec<&'static Country>,
    /// The importing economy.
    pub destination: &'static Country,
    /// First month included.
    pub since: Period,
    /// Last month included.
    pub until: Option<Period>,
    /// Exporter- or importer-reported.
    pub source: TotalsSource,
    /// Convert quantities to this unit (`mi` for cable reported in km); rows
    /// whose unit cannot be converted leave the quantity totals empty.
    pub unit: Option<QuantityUnit>,
}

impl TotalsQuery {
    /// The SQL plan of the query.
    pub fn to_sql(&self) -> Result<String, AnalyticsError> {
        if self.origins.is_empty() {
            return Err(AnalyticsError::InvalidParameter {
                parameter: "--from",
                message: "no origin given".into(),
            });
        }
        let origins = code_list(&self.origins);
        let destination = self.destination.alpha3();
        let side = match self.source {
            TotalsSource::Exporter => {
                format!("reporter IN ({origins}) AND partner = '{destination}' AND flow = 'export'")
            }
            TotalsSource::Importer => {
                format!("reporter = '{destination}' AND partner IN ({origins}) AND flow = 'import'")
            }
        };
        let label = Grain::Month.label_sql();
        // Needs `convert_quantity` (see `register_udfs`) when a target unit is set.
        let (quantity, unit) = match self.unit {
            Some(target) => (
                format!(
                    "convert_quantity(quantity, quantity_unit, '{}')",
                    target.code()
                ),
                format!(
                    "CASE WHEN quantity_unit IS NULL THEN NULL ELSE '{}' END",
                    target.code()
                ),
            ),
            None => ("quantity".to_string(), "quantity_unit".to_string()),
        };
        // One scan: months are summed with what the unit check needs (the
        // smallest and largest unit, rows without a quantity), and the check
        // over the whole series is a window over those months. Quantities
        // are summed only when every row of the series has the same unit;
        // `min = max` tests that without a distinct set (see surges).
        Ok(format!(
            "WITH monthly AS (SELECT {label} AS period, sum(value_usd) AS value_usd, sum({quantity}) AS quantity, \
               min({unit}) AS min_unit, max({unit}) AS max_unit, count(*) - count({quantity}) AS n_missing FROM flows \
               WHERE frequency = 'M' AND {side} AND {} AND {} GROUP BY 1), \
             checked AS (SELECT period, value_usd, quantity, \
               min(min_unit) OVER () = max(max_unit) OVER () AND sum(n_missing) OVER () = 0 AS one_unit, \
               max(max_unit) OVER () AS unit FROM monthly) \
             SELECT period, value_usd, \
               sum(value_usd) OVER (ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_value_usd, \
               CASE WHEN one_unit THEN quantity END AS quantity, \
               CASE WHEN one_unit \
                 THEN sum(quantity) OVER (ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) END AS cumulative_quantity, \
               CASE WHEN one_unit THEN unit END AS quantity_unit \
             FROM checked ORDER BY period",
            basket_sql(&self.basket),
            range_sql(Some(self.since), self.until)
        ))
    }
}

/// Runs a totals query: the monthly series with running totals of value and,
/// where units agree, quantity. The last row carries the cumulative total.
pub async fn totals(
    ctx: &SessionContext,
    query: &TotalsQuery,
) -> Result<Vec<RecordBatch>, AnalyticsError> {
    crate::exec::collect(ctx, &query.to_sql()?).await
}
