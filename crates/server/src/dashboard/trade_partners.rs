//! Trade partners of a listed entity in the `shipments` table: shipments
//! whose shipper or consignee name equals one of the entity's names, ignoring
//! case, grouped by the party on the other side.
//!
//! Exact names only: a fuzzy join of shipment parties to listed names is a
//! screening question, and an entity page that guessed would present
//! someone else's trade as the entity's.

use arrow::array::{Array, ArrayRef, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::util::display::array_value_to_string;
use datafusion::functions::expr_fn::lower;
use datafusion::functions_aggregate::expr_fn::{count, max, min, sum};
use datafusion::prelude::{Expr, SessionContext, col, lit};

use crate::AppError;

/// Partners shown at most, largest value first.
pub(super) const PARTNERS_SHOWN: usize = 50;

/// Which side of the shipments the entity was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EntityRole {
    /// The entity shipped; the partner received.
    Shipper,
    /// The entity received; the partner shipped.
    Consignee,
}

impl EntityRole {
    /// The entity's column and the partner's name and country columns.
    fn columns(self) -> (&'static str, &'static str, &'static str) {
        match self {
            EntityRole::Shipper => ("shipper_name", "consignee_name", "consignee_country"),
            EntityRole::Consignee => ("consignee_name", "shipper_name", "shipper_country"),
        }
    }

    /// What the partner was, for people.
    pub(super) fn partner_label(self) -> &'static str {
        match self {
            EntityRole::Shipper => "consignee (entity shipped)",
            EntityRole::Consignee => "shipper (entity received)",
        }
    }
}

/// One counterparty of the entity's shipments.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TradePartner {
    pub role: EntityRole,
    pub name: String,
    pub country: Option<String>,
    pub n_shipments: i64,
    /// `None` when no shipment had a USD value.
    pub value_usd: Option<f64>,
    pub first_date: String,
    pub last_date: String,
}

/// The partners of shipments naming one of `names` (any case), largest
/// USD value first, at most [`PARTNERS_SHOWN`].
pub(super) async fn trade_partners(
    ctx: &SessionContext,
    names: &[String],
) -> Result<Vec<TradePartner>, AppError> {
    let lowered: Vec<Expr> = names.iter().map(|name| lit(name.to_lowercase())).collect();
    let mut partners = Vec::new();
    for role in [EntityRole::Shipper, EntityRole::Consignee] {
        let (entity_column, partner_column, country_column) = role.columns();
        let batches = ctx
            .table("shipments")
            .await?
            .filter(lower(col(entity_column)).in_list(lowered.clone(), false))?
            .aggregate(
                vec![
                    col(partner_column).alias("partner"),
                    col(country_column).alias("partner_country"),
                ],
                vec![
                    count(lit(1)).alias("n_shipments"),
                    sum(col("value_usd")).alias("value_usd"),
                    min(col("date")).alias("first_date"),
                    max(col("date")).alias("last_date"),
                ],
            )?
            .collect()
            .await?;
        for batch in &batches {
            read_partners(batch, role, &mut partners)?;
        }
    }
    partners.sort_by(|a, b| {
        b.value_usd
            .unwrap_or(0.0)
            .total_cmp(&a.value_usd.unwrap_or(0.0))
            .then(b.n_shipments.cmp(&a.n_shipments))
            .then_with(|| a.name.cmp(&b.name))
    });
    partners.truncate(PARTNERS_SHOWN);
    Ok(partners)
}

fn read_partners(
    batch: &RecordBatch,
    role: EntityRole,
    partners: &mut Vec<TradePartner>,
) -> Result<(), AppError> {
    let column = |name: &str| -> Result<ArrayRef, AppError> {
        batch
            .column_by_name(name)
            .cloned()
            .ok_or_else(|| AppError::Internal(format!("trade partners: no column {name}")))
    };
    let (partner, country, first, last) = (
        column("partner")?,
        column("partner_country")?,
        column("first_date")?,
        column("last_date")?,
    );
    let counts = cast(&column("n_shipments")?, &DataType::Int64)?;
    let counts = arrow::array::as_primitive_array::<arrow::datatypes::Int64Type>(&counts);
    let values = cast(&column("value_usd")?, &DataType::Float64)?;
    let values = arrow::array::as_primitive_array::<arrow::datatypes::Float64Type>(&values);
    let text = |array: &ArrayRef, row: usize| -> Result<Option<String>, AppError> {
        if array.is_null(row) {
            return Ok(None);
        }
        Ok(Some(array_value_to_string(array, row)?))
    };
    for row in 0..batch.num_rows() {
        partners.push(TradePartner {
            role,
            name: text(&partner, row)?.unwrap_or_else(|| "(no name)".to_string()),
            country: text(&country, row)?,
            n_shipments: counts.value(row),
            value_usd: (!values.is_null(row)).then(|| values.value(row)),
            first_date: text(&first, row)?.unwrap_or_default(),
            last_date: text(&last, row)?.unwrap_or_default(),
        });
    }
    Ok(())
}
