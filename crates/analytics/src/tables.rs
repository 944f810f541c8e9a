//! Results as Arrow batches, so every answer prints as a table, CSV or JSON.

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt32Array};
use arrow::datatypes::{DataType, Field, Schema};

use crate::{ClaimCheck, ClaimKind, Comparison, Corridor, Surge};

fn text(values: impl Iterator<Item = Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(values.collect::<Vec<_>>()))
}

fn number(values: impl Iterator<Item = Option<f64>>) -> ArrayRef {
    Arc::new(Float64Array::from(values.collect::<Vec<_>>()))
}

/// Ranked surges, one row each, with the explanation sentence.
pub fn surges_table(surges: &[Surge]) -> RecordBatch {
    let fields = [
        ("rank", DataType::UInt32),
        ("exporter", DataType::Utf8),
        ("importer", DataType::Utf8),
        ("reported_by", DataType::Utf8),
        ("code", DataType::Utf8),
        ("period", DataType::Utf8),
        ("amount", DataType::Float64),
        ("unit", DataType::Utf8),
        ("value_usd", DataType::Float64),
        ("previous", DataType::Float64),
        ("month_on_month", DataType::Float64),
        ("year_on_year", DataType::Float64),
        ("baseline", DataType::Float64),
        ("baseline_ratio", DataType::Float64),
        ("expected", DataType::Float64),
        ("robust_score", DataType::Float64),
        ("methods", DataType::Utf8),
        ("quantity", DataType::Float64),
        ("quantity_unit", DataType::Utf8),
        ("quantity_alt", DataType::Float64),
        ("quantity_alt_unit", DataType::Utf8),
        ("explanation", DataType::Utf8),
    ];
    let schema = Schema::new(
        fields
            .iter()
            .map(|(name, data_type)| Field::new(*name, data_type.clone(), true))
            .collect::<Vec<_>>(),
    );
    let s = || surges.iter();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(UInt32Array::from_iter_values(1..=surges.len() as u32)),
        text(s().map(|x| Some(x.exporter.clone()))),
        text(s().map(|x| Some(x.importer.clone()))),
        text(s().map(|x| Some(x.reported_by.clone()))),
        text(s().map(|x| Some(x.code.clone()))),
        text(s().map(|x| Some(x.period.to_string()))),
        number(s().map(|x| Some(x.amount))),
        text(s().map(|x| Some(x.unit.clone()))),
        number(s().map(|x| Some(x.value_usd))),
        number(s().map(|x| x.previous)),
        number(s().map(|x| x.month_on_month)),
        number(s().map(|x| x.year_on_year)),
        number(s().map(|x| x.baseline)),
        number(s().map(|x| x.baseline_ratio)),
        number(s().map(|x| x.expected)),
        number(s().map(|x| x.robust_score)),
        text(s().map(|x| {
            Some(
                x.methods
                    .iter()
                    .map(|m| m.name())
                    .collect::<Vec<_>>()
                    .join(","),
            )
        })),
        number(s().map(|x| x.quantity.as_ref().map(|q| q.0))),
        text(s().map(|x| x.quantity.as_ref().map(|q| q.1.clone()))),
        number(s().map(|x| x.quantity_alternative.as_ref().map(|q| q.0))),
        text(s().map(|x| x.quantity_alternative.as_ref().map(|q| q.1.clone()))),
        text(s().map(|x| Some(x.explanation()))),
    ];
    // The columns are built from the same field list above, so this cannot fail.
    RecordBatch::try_new(Arc::new(schema), columns).expect("columns match the schema")
}

/// Ranked corridors with their evidence table and explanation.
pub fn corridors_table(corridors: &[Corridor], destination: &str) -> RecordBatch {
    let names = [
        "hub",
        "score",
        "source_to_hub_before",
        "source_to_hub_after",
        "source_growth",
        "hub_to_destination_before",
        "hub_to_destination_after",
        "onward_growth",
        "co_movement",
        "pass_through",
        "lost_in_transit_before",
        "lost_in_transit_after",
        "destination_reported_before",
        "destination_reported_after",
        "evidence",
        "explanation",
    ];
    let mut fields = vec![Field::new("rank", DataType::UInt32, false)];
    fields.extend(names.iter().map(|name| {
        let data_type = match *name {
            "hub" | "evidence" | "explanation" => DataType::Utf8,
            _ => DataType::Float64,
        };
        Field::new(*name, data_type, true)
    }));
    let c = || corridors.iter();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(UInt32Array::from_iter_values(1..=corridors.len() as u32)),
        text(c().map(|x| Some(x.hub.clone()))),
        number(c().map(|x| Some(x.score))),
        number(c().map(|x| Some(x.source_to_hub.0))),
        number(c().map(|x| Some(x.source_to_hub.1))),
        number(c().map(|x| x.source_growth)),
        number(c().map(|x| Some(x.hub_to_destination.0))),
        number(c().map(|x| Some(x.hub_to_destination.1))),
        number(c().map(|x| x.onward_growth)),
        number(c().map(|x| x.co_movement)),
        number(c().map(|x| x.pass_through)),
        number(c().map(|x| x.lost_in_transit.0)),
        number(c().map(|x| x.lost_in_transit.1)),
        number(c().map(|x| Some(x.destination_reported.0))),
        number(c().map(|x| Some(x.destination_reported.1))),
        text(c().map(|x| {
            Some(
                x.evidence()
                    .iter()
                    .map(|(name, v)| format!("{name} {v:.2}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })),
        text(c().map(|x| Some(x.explanation(destination)))),
    ];
    // The columns follow the field list above, so this cannot fail.
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("columns match the schema")
}

/// Checked claims: computed next to claimed, the verdict, the tolerance and the query.
pub fn claims_table(checks: &[ClaimCheck]) -> RecordBatch {
    let names = [
        "id",
        "statement",
        "kind",
        "computed",
        "comparison",
        "claimed",
        "tolerance",
        "verdict",
        "detail",
        "query",
    ];
    let fields: Vec<Field> = names
        .iter()
        .map(|name| {
            let data_type = match *name {
                "computed" | "claimed" | "tolerance" => DataType::Float64,
                _ => DataType::Utf8,
            };
            Field::new(*name, data_type, true)
        })
        .collect();
    let c = || checks.iter();
    let columns: Vec<ArrayRef> = vec![
        text(c().map(|x| Some(x.claim.id.clone()))),
        text(c().map(|x| Some(x.claim.statement.clone()))),
        text(c().map(|x| {
            Some(
                match x.claim.kind {
                    ClaimKind::Share => "share",
                    ClaimKind::Growth => "growth",
                    ClaimKind::Total => "total",
                }
                .to_string(),
            )
        })),
        number(c().map(|x| x.computed)),
        text(c().map(|x| {
            Some(
                match x.claim.comparison {
                    Comparison::About => "about",
                    Comparison::AtLeast => "at least",
                    Comparison::AtMost => "at most",
                }
                .to_string(),
            )
        })),
        number(c().map(|x| Some(x.claim.claimed))),
        number(c().map(|x| (x.claim.comparison == Comparison::About).then_some(x.claim.tolerance))),
        text(c().map(|x| Some(x.verdict.name().to_string()))),
        text(c().map(|x| Some(x.detail.clone()))),
        text(c().map(|x| Some(x.queries.join(";\n")))),
    ];
    // The columns follow the field list above, so this cannot fail.
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("columns match the schema")
}
