//! Scoring stored shipments.

use chokepoint_risk::{RiskContext, ShipmentRisk, score_batch};
use chokepoint_store::{ReferenceData, Store};
use futures::StreamExt;

use crate::PipelineError;

/// Scores the stored shipments matching `filter` (a SQL predicate over the
/// `shipments` columns, or none), keeping those scoring at least `min_score`.
pub async fn score_stored(
    store: &Store,
    context: &RiskContext,
    filter: Option<&str>,
    min_score: f64,
) -> Result<Vec<ShipmentRisk>, PipelineError> {
    let ctx = store.session(&ReferenceData::default()).await?;
    let sql = match filter {
        Some(filter) => format!("SELECT * FROM shipments WHERE {filter}"),
        None => "SELECT * FROM shipments".to_string(),
    };
    let mut stream = ctx.sql(&sql).await?.execute_stream().await?;
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
