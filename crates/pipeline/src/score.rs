//! Scoring stored shipments.

use chokepoint_risk::{RiskContext, ShipmentRisk, score_batch};
use chokepoint_store::{ReferenceData, Store};
use datafusion::scalar::ScalarValue;
use futures::StreamExt;

use crate::PipelineError;

/// Which stored shipments to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShipmentFilter {
    /// Every stored shipment.
    All,
    /// Those dated on or after a day (days since 1970-01-01, as `Date32`).
    DatedFrom(i32),
    /// Those with this declaration id.
    Declaration(String),
}

impl ShipmentFilter {
    /// The query, its values passed as parameters (never spliced into the text).
    fn query(&self) -> (&'static str, Vec<ScalarValue>) {
        match self {
            ShipmentFilter::All => ("SELECT * FROM shipments", Vec::new()),
            ShipmentFilter::DatedFrom(day) => (
                "SELECT * FROM shipments WHERE date >= $1",
                vec![ScalarValue::Date32(Some(*day))],
            ),
            ShipmentFilter::Declaration(id) => (
                "SELECT * FROM shipments WHERE declaration_id = $1",
                vec![ScalarValue::from(id.as_str())],
            ),
        }
    }
}

/// Scores the stored shipments `filter` selects, keeping those scoring at
/// least `min_score`, highest first.
pub async fn score_stored(
    store: &Store,
    context: &RiskContext,
    filter: &ShipmentFilter,
    min_score: f64,
) -> Result<Vec<ShipmentRisk>, PipelineError> {
    let ctx = store.session(&ReferenceData::default()).await?;
    let (sql, params) = filter.query();
    let mut stream = ctx
        .sql(sql)
        .await?
        .with_param_values(params)?
        .execute_stream()
        .await?;
    let mut kept = Vec::new();
    while let Some(batch) = stream.next().await {
        kept.extend(
            score_batch(context, &batch?)?
                .into_iter()
                .filter(|risk| risk.score >= min_score),
        );
    }
    kept.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.declaration_id.cmp(&b.declaration_id))
    });
    Ok(kept)
}
