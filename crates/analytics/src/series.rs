//! Monthly bilateral series streamed out of a plan, one series at a time.
//!
//! The plan groups and orders rows by series key and month, so a consumer
//! holds one series in memory while DataFusion sorts (and spills) the rest.

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type, Int32Type};
use chokepoint_model::Period;
use datafusion::prelude::SessionContext;
use futures::StreamExt;

use crate::AnalyticsError;

/// One month of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    /// The month.
    pub period: Period,
    /// Value in USD.
    pub value_usd: f64,
    /// Quantity, when one unit covers the month's rows.
    pub quantity: Option<f64>,
    /// The quantity's unit code (`km`, `kg`, `u`).
    pub unit: Option<String>,
}

/// A monthly series with its key (the text columns before `year`).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlySeries {
    /// The key columns' values, in plan order.
    pub key: Vec<String>,
    /// Months with data, oldest first.
    pub points: Vec<SeriesPoint>,
}

/// Month from `year * 12 + month - 1`.
pub(crate) fn period_of_index(index: i32) -> Option<Period> {
    Period::new(
        u16::try_from(index.div_euclid(12)).ok()?,
        u8::try_from(index.rem_euclid(12) + 1).ok()?,
    )
}

/// Runs `sql`, whose columns are `n_key` text key columns, then `year`,
/// `month`, `value_usd`, `quantity`, `unit`, ordered by key then month, and
/// calls `each` with every complete series.
pub(crate) async fn for_each_series(
    ctx: &SessionContext,
    sql: &str,
    n_key: usize,
    mut each: impl FnMut(MonthlySeries),
) -> Result<(), AnalyticsError> {
    let mut stream = crate::exec::stream(ctx, sql).await?;
    let mut current: Option<MonthlySeries> = None;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let columns = SeriesColumns::of(&batch, n_key)?;
        for row in 0..batch.num_rows() {
            let key: Vec<&str> = columns.keys.iter().map(|k| k.value(row)).collect();
            let same = current.as_ref().is_some_and(|s| s.key == key);
            if !same {
                if let Some(done) = current.take() {
                    each(done);
                }
                current = Some(MonthlySeries {
                    key: key.iter().map(|k| k.to_string()).collect(),
                    points: Vec::new(),
                });
            }
            let Some(period) = Period::new(
                u16::try_from(columns.year.value(row)).unwrap_or(0),
                u8::try_from(columns.month.value(row)).unwrap_or(0),
            ) else {
                continue;
            };
            let point = SeriesPoint {
                period,
                value_usd: if columns.value.is_null(row) {
                    0.0
                } else {
                    columns.value.value(row)
                },
                quantity: (!columns.quantity.is_null(row)).then(|| columns.quantity.value(row)),
                unit: (!columns.unit.is_null(row)).then(|| columns.unit.value(row).to_string()),
            };
            if let Some(series) = current.as_mut() {
                series.points.push(point);
            }
        }
    }
    if let Some(done) = current {
        each(done);
    }
    Ok(())
}

/// Typed views of a series batch (text columns cast to plain UTF-8 whatever
/// string type the plan produced).
struct SeriesColumns {
    keys: Vec<arrow::array::StringArray>,
    year: arrow::array::Int32Array,
    month: arrow::array::Int32Array,
    value: arrow::array::Float64Array,
    quantity: arrow::array::Float64Array,
    unit: arrow::array::StringArray,
}

impl SeriesColumns {
    fn of(batch: &RecordBatch, n_key: usize) -> Result<SeriesColumns, AnalyticsError> {
        let text = |i: usize| -> Result<arrow::array::StringArray, AnalyticsError> {
            Ok(cast(batch.column(i), &DataType::Utf8)
                .map_err(datafusion::error::DataFusionError::from)?
                .as_string::<i32>()
                .clone())
        };
        let int = |i: usize| -> Result<arrow::array::Int32Array, AnalyticsError> {
            Ok(cast(batch.column(i), &DataType::Int32)
                .map_err(datafusion::error::DataFusionError::from)?
                .as_primitive::<Int32Type>()
                .clone())
        };
        let float = |i: usize| -> Result<arrow::array::Float64Array, AnalyticsError> {
            Ok(cast(batch.column(i), &DataType::Float64)
                .map_err(datafusion::error::DataFusionError::from)?
                .as_primitive::<Float64Type>()
                .clone())
        };
        Ok(SeriesColumns {
            keys: (0..n_key).map(text).collect::<Result<_, _>>()?,
            year: int(n_key)?,
            month: int(n_key + 1)?,
            value: float(n_key + 2)?,
            quantity: float(n_key + 3)?,
            unit: text(n_key + 4)?,
        })
    }
}
