//! The `alerts` table: one row per shipment scoring at or above the alert
//! score, committed once per ingest (the ingest id is the commit's Delta
//! application transaction, as for the shipments themselves).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use arrow::array::{ArrayRef, Date32Array, Float64Array, RecordBatch, StringArray};
use chokepoint_catalog::schema::TableKind;
use chokepoint_model::dates::rfc3339_nanos;
use chokepoint_risk::{ShipmentRisk, day_of_iso};
use chokepoint_store::{AppendRequest, Store};
use serde_json::{Value, json};

use crate::PipelineError;

/// An alert as JSON (stdout, webhook, server-sent events).
pub fn alert_json(risk: &ShipmentRisk, source: &str, raised_at: &str) -> Value {
    json!({
        "declaration_id": risk.declaration_id,
        "date": risk.date,
        "score": (risk.score * 1000.0).round() / 1000.0,
        "shipper_name": risk.shipper_name,
        "consignee_name": risk.consignee_name,
        "consignee_country": risk.consignee_country,
        "destination_country": risk.destination_country,
        "hs_code": risk.hs_code,
        "value_usd": risk.value_usd,
        "reasons": risk.reasons,
        "raised_at": raised_at,
        "source_file": source,
    })
}

/// Whether the alerts of an ingest were recorded.
pub async fn alerts_recorded(store: &Store, ingest_id: &str) -> Result<bool, PipelineError> {
    Ok(match store.load(TableKind::Alerts).await? {
        Some(table) => {
            store
                .has_ingest(&table, TableKind::Alerts, ingest_id)
                .await?
        }
        None => false,
    })
}

/// Now as RFC 3339 UTC with nanoseconds (fixed width, so text order is time order).
pub fn now_rfc3339() -> String {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    rfc3339_nanos(since_epoch)
}

/// Records the alerts of one ingest in one commit (also when there are
/// none, so the ingest counts as scored) and returns them as JSON.
pub async fn record_alerts(
    store: &Store,
    ingest_id: &str,
    source: &str,
    risks: &[ShipmentRisk],
    alert_score: f64,
) -> Result<Vec<Value>, PipelineError> {
    let raised_at = now_rfc3339();
    let alerts: Vec<&ShipmentRisk> = risks.iter().filter(|r| r.score >= alert_score).collect();
    let text = |f: &dyn Fn(&ShipmentRisk) -> Option<String>| -> ArrayRef {
        Arc::new(StringArray::from(
            alerts.iter().map(|r| f(r)).collect::<Vec<_>>(),
        ))
    };
    let batch = RecordBatch::try_new(
        TableKind::Alerts.schema(),
        vec![
            text(&|r| Some(r.declaration_id.clone())),
            Arc::new(Date32Array::from(
                alerts
                    .iter()
                    .map(|r| day_of_iso(&r.date).unwrap_or_default())
                    .collect::<Vec<_>>(),
            )),
            Arc::new(Float64Array::from(
                alerts.iter().map(|r| r.score).collect::<Vec<_>>(),
            )),
            text(&|r| r.shipper_name.clone()),
            text(&|r| r.consignee_name.clone()),
            text(&|r| r.consignee_country.clone()),
            text(&|r| r.destination_country.clone()),
            text(&|r| Some(r.hs_code.clone())),
            Arc::new(Float64Array::from(
                alerts.iter().map(|r| r.value_usd).collect::<Vec<_>>(),
            )),
            text(&|r| Some(serde_json::to_string(&r.reasons).unwrap_or_default())),
            text(&|_| Some(raised_at.clone())),
            text(&|_| Some(source.to_string())),
            text(&|_| Some(ingest_id.to_string())),
        ],
    )?;
    let mut append = store
        .append(
            TableKind::Alerts,
            AppendRequest {
                ingest_id: ingest_id.to_string(),
            },
        )
        .await?;
    if batch.num_rows() > 0 {
        append.write(batch).await?;
    }
    let metadata = HashMap::from([
        ("source_file".to_string(), json!(source)),
        ("ingest_id".to_string(), json!(ingest_id)),
        ("scored".to_string(), json!(risks.len())),
        ("alerts".to_string(), json!(alerts.len())),
    ]);
    match append.commit_with_metadata(metadata).await {
        Ok(_) => {}
        // Another process scored the same ingest and recorded its alerts
        // first: they are not recorded (or raised) twice.
        Err(chokepoint_store::StoreError::AlreadyCommitted { .. }) => return Ok(Vec::new()),
        Err(error) => return Err(error.into()),
    }
    Ok(alerts
        .iter()
        .map(|r| alert_json(r, source, &raised_at))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_a_fixed_width() {
        assert!(now_rfc3339().ends_with('Z') && now_rfc3339().len() == 30);
    }
}
