//! Hand-built shipments for the rules' table tests: a few records, the
//! context built from them as in production (observe, resolve, finish), and
//! one rule run on the shipment under test.

use std::sync::Arc;

use arrow::array::{ArrayRef, Date32Array, Float64Array, RecordBatch, StringArray};
use chokepoint_model::dates::day_of_iso;

use super::{Findings, Rule, Shipment};
use crate::columns::ShipmentView;
use crate::context::{ContextBuilder, OwnershipLink, RiskContext};
use crate::listed::ListedHit;
use crate::rules::RiskRules;

/// One shipment record; a blank text field is a missing value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    /// ISO date; blank is 2024-06-01.
    pub date: &'static str,
    pub hs6: &'static str,
    pub shipper: &'static str,
    pub shipper_address: &'static str,
    pub shipper_country: &'static str,
    pub consignee: &'static str,
    pub consignee_address: &'static str,
    pub consignee_country: &'static str,
    pub origin: &'static str,
    pub dispatch: &'static str,
    pub destination: &'static str,
    pub manufacturer: &'static str,
    pub brand: &'static str,
    pub value_usd: Option<f64>,
    pub quantity: Option<f64>,
    pub unit: &'static str,
}

/// What the context pass sees besides the shipment under test.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fixture {
    /// Earlier records (the shipment under test is observed after them).
    pub history: Vec<Record>,
    /// Ownership links, as from a relations file.
    pub ownership: Vec<OwnershipLink>,
    /// Listed-entity hits of parties, by canonical name (what screening
    /// against an index would find).
    pub listed: Vec<(&'static str, ListedHit)>,
    /// Addresses shared with listed entities, by canonical party name.
    pub shared_addresses: Vec<(&'static str, ListedHit)>,
}

/// A listed-entity hit with this sentence.
pub(crate) fn hit(via: crate::ListedVia, detail: &str) -> ListedHit {
    ListedHit {
        listed_id: "test-1".into(),
        caption: "Listed Entity".into(),
        list: "test".into(),
        via,
        detail: detail.into(),
    }
}

/// Runs `rule` under the default rules on `shipment`, with the context
/// built from the fixture's history and the shipment, and asserts its
/// findings (`"{points}: {sentence}"`, in the order reported).
pub(crate) fn check(
    rule: &dyn Rule,
    case: &str,
    fixture: &Fixture,
    shipment: &Record,
    expected: &[&str],
) {
    let mut records = fixture.history.clone();
    records.push(shipment.clone());
    let batch = batch(&records);
    let rules = RiskRules::default();
    let mut builder = ContextBuilder::new(&rules);
    builder.observe(&batch).unwrap();
    let mut context = builder.finish(&[], &fixture.ownership, None);
    attach(&mut context, &fixture.listed, |c| &mut c.listed);
    attach(&mut context, &fixture.shared_addresses, |c| {
        &mut c.shared_addresses
    });
    let view = ShipmentView::new(&batch).unwrap();
    let shipment = Shipment::read(&context, &view, records.len() - 1);
    let mut reasons = Vec::new();
    rule.evaluate(
        &shipment,
        &mut Findings::new(rule.name(), rule.weight(&rules), &mut reasons),
    );
    let found: Vec<String> = reasons
        .iter()
        .map(|reason| {
            assert_eq!(reason.rule, rule.name());
            format!("{}: {}", reason.points, reason.detail)
        })
        .collect();
    assert_eq!(found, expected, "{}: case {case}", rule.name());
}

fn attach(
    context: &mut RiskContext,
    hits: &[(&'static str, ListedHit)],
    list: impl Fn(&mut RiskContext) -> &mut Vec<Vec<ListedHit>>,
) {
    for (name, hit) in hits {
        let entity = context
            .resolution
            .entities
            .iter()
            .position(|e| e.canonical_name == *name)
            .unwrap_or_else(|| panic!("no party {name} in the fixture"));
        list(context)[entity].push(hit.clone());
    }
}

/// The records as a `shipments` batch (the columns the rules read).
fn batch(records: &[Record]) -> RecordBatch {
    let text = |field: fn(&Record) -> &'static str| -> ArrayRef {
        Arc::new(StringArray::from(
            records.iter().map(|r| Some(field(r))).collect::<Vec<_>>(),
        ))
    };
    let number = |field: fn(&Record) -> Option<f64>| -> ArrayRef {
        Arc::new(Float64Array::from(
            records.iter().map(field).collect::<Vec<_>>(),
        ))
    };
    let ids: Vec<String> = (0..records.len()).map(|i| format!("T-{i}")).collect();
    let dates: Vec<i32> = records
        .iter()
        .map(|r| {
            day_of_iso(if r.date.is_empty() {
                "2024-06-01"
            } else {
                r.date
            })
            .unwrap()
        })
        .collect();
    RecordBatch::try_from_iter([
        (
            "declaration_id",
            Arc::new(StringArray::from(ids)) as ArrayRef,
        ),
        ("date", Arc::new(Date32Array::from(dates))),
        ("hs_code", text(|r| r.hs6)),
        ("hs6", text(|r| r.hs6)),
        ("shipper_name", text(|r| r.shipper)),
        ("shipper_address", text(|r| r.shipper_address)),
        ("shipper_country", text(|r| r.shipper_country)),
        ("consignee_name", text(|r| r.consignee)),
        ("consignee_address", text(|r| r.consignee_address)),
        ("consignee_country", text(|r| r.consignee_country)),
        ("origin_country", text(|r| r.origin)),
        ("dispatch_country", text(|r| r.dispatch)),
        ("destination_country", text(|r| r.destination)),
        ("manufacturer", text(|r| r.manufacturer)),
        ("brand", text(|r| r.brand)),
        ("value_usd", number(|r| r.value_usd)),
        ("quantity", number(|r| r.quantity)),
        ("quantity_unit", text(|r| r.unit)),
    ])
    .unwrap()
}
