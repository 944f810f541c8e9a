//! Scoring: every rule of the registry on one shipment, each finding its
//! strength times the rule's weight, with the sentence that explains it.

use arrow::array::RecordBatch;
use serde::Serialize;

use crate::RiskError;
use crate::columns::{ShipmentView, get};
use crate::context::RiskContext;
use crate::rules::{Findings, RULES, Shipment};
use chokepoint_model::dates::iso_date;

/// One reason a shipment scored: the rule, its points and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Rule name, as in the rules file.
    pub rule: &'static str,
    /// Points added (`weight × strength`).
    pub points: f64,
    /// Strength in 0..=1.
    pub strength: f64,
    /// Why, in words.
    pub detail: String,
}

/// A shipment's score and reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShipmentRisk {
    /// The declaration id.
    pub declaration_id: String,
    /// Date, ISO.
    pub date: String,
    /// Sum of the reasons' points.
    pub score: f64,
    /// Shipper as written.
    pub shipper_name: Option<String>,
    /// The shipper's resolved entity id.
    pub shipper_entity: Option<String>,
    /// Consignee as written.
    pub consignee_name: Option<String>,
    /// The consignee's resolved entity id.
    pub consignee_entity: Option<String>,
    /// Consignee country (alpha-3).
    pub consignee_country: Option<String>,
    /// Final destination (alpha-3).
    pub destination_country: Option<String>,
    /// Tariff code as declared.
    pub hs_code: String,
    /// Value in USD.
    pub value_usd: Option<f64>,
    /// Reasons, most points first.
    pub reasons: Vec<Reason>,
}

/// Scores every shipment of a batch.
pub fn score_batch(
    context: &RiskContext,
    batch: &RecordBatch,
) -> Result<Vec<ShipmentRisk>, RiskError> {
    let view = ShipmentView::new(batch)?;
    Ok((0..view.len())
        .map(|row| score_row(context, &view, row))
        .collect())
}

/// Runs every registered rule on one shipment; the score is the sum of the
/// findings, the reasons most points first.
fn score_row(context: &RiskContext, view: &ShipmentView, row: usize) -> ShipmentRisk {
    let shipment = Shipment::read(context, view, row);
    let mut reasons = Vec::new();
    for rule in RULES {
        let weight = rule.weight(&context.rules);
        // A rule weighted zero (or less) is switched off.
        if weight > 0.0 {
            rule.evaluate(
                &shipment,
                &mut Findings::new(rule.name(), weight, &mut reasons),
            );
        }
    }
    reasons.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.rule.cmp(b.rule)));
    let entity_id = |entity: usize| context.resolution.entities[entity].id.clone();
    ShipmentRisk {
        declaration_id: view.declaration_id.value(row).to_string(),
        date: iso_date(shipment.day),
        score: reasons.iter().map(|r| r.points).sum(),
        shipper_name: get(&view.shipper_name, row).map(str::to_string),
        shipper_entity: shipment.shipper.map(entity_id),
        consignee_name: get(&view.consignee_name, row).map(str::to_string),
        consignee_entity: shipment.consignee.map(entity_id),
        consignee_country: shipment.consignee_country.map(str::to_string),
        destination_country: shipment.destination.map(str::to_string),
        hs_code: view.hs_code.value(row).to_string(),
        value_usd: shipment.value_usd,
        reasons,
    }
}
