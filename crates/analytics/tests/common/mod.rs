//! Hand-built `flows` tables shared by the analytics tests.
#![allow(dead_code)]

pub mod old_plans;

use std::sync::Arc;

use arrow::array::{
    ArrayRef, AsArray, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array,
    RecordBatch, StringArray,
};
use chokepoint_analytics::register_udfs;
use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::{Basket, BasketSet};
use chokepoint_model::{Country, Period};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;

/// A built-in basket by name.
pub fn basket(name: &str) -> Basket {
    BasketSet::builtin()
        .get(name)
        .unwrap_or_else(|| panic!("built-in basket {name}"))
        .clone()
}

/// A country of the model's table by code.
pub fn country(code: &str) -> &'static Country {
    Country::lookup(code).unwrap_or_else(|e| panic!("country {code}: {e}"))
}

/// A month (`2023-01`).
pub fn month(text: &str) -> Period {
    Period::parse(text).unwrap_or_else(|e| panic!("month {text}: {e}"))
}

/// (reporter, partner, flow, year, month, hs_code, value_usd, quantity, unit)
pub type Flow = (
    &'static str,
    &'static str,
    &'static str,
    i32,
    i32,
    &'static str,
    f64,
    Option<f64>,
    Option<&'static str>,
);

pub fn flows_batch(rows: &[Flow]) -> RecordBatch {
    let n = rows.len();
    let text = |values: Vec<Option<&str>>| Arc::new(StringArray::from(values)) as ArrayRef;
    let aggregate = |code: &str| !Country::lookup(code).unwrap().is_bilateral_partner();
    let columns: Vec<ArrayRef> = vec![
        text(rows.iter().map(|r| Some(r.0)).collect()),
        Arc::new(BooleanArray::from(
            rows.iter().map(|r| aggregate(r.0)).collect::<Vec<_>>(),
        )),
        text(rows.iter().map(|r| Some(r.1)).collect()),
        Arc::new(BooleanArray::from(
            rows.iter().map(|r| aggregate(r.1)).collect::<Vec<_>>(),
        )),
        text(rows.iter().map(|r| Some(r.2)).collect()),
        text(vec![Some("M"); n]),
        Arc::new(Date32Array::from(
            rows.iter()
                .map(|r| {
                    Period::new(r.3 as u16, r.4 as u8)
                        .unwrap()
                        .first_day_epoch_days()
                })
                .collect::<Vec<_>>(),
        )),
        Arc::new(Int32Array::from(
            rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        )),
        Arc::new(Int32Array::from(
            rows.iter().map(|r| Some(r.4)).collect::<Vec<_>>(),
        )),
        text(rows.iter().map(|r| Some(r.5)).collect()),
        text(rows.iter().map(|r| r.5.get(..2)).collect()),
        text(rows.iter().map(|r| r.5.get(..4)).collect()),
        text(rows.iter().map(|r| r.5.get(..6)).collect()),
        text(
            rows.iter()
                .map(|r| Some(if r.3 >= 2022 { "H6" } else { "H5" }))
                .collect(),
        ),
        Arc::new(BooleanArray::from(vec![None::<bool>; n])),
        Arc::new(Float64Array::from(
            rows.iter().map(|r| Some(r.6)).collect::<Vec<_>>(),
        )),
        Arc::new(Float64Array::from(
            rows.iter().map(|r| Some(r.6)).collect::<Vec<_>>(),
        )),
        text(vec![Some("USD"); n]),
        text(vec![Some("FOB"); n]),
        Arc::new(Float64Array::from(vec![None::<f64>; n])),
        Arc::new(Float64Array::from(
            rows.iter().map(|r| r.7).collect::<Vec<_>>(),
        )),
        text(rows.iter().map(|r| r.8).collect()),
        text(vec![Some("test"); n]),
        text(vec![Some("test.csv"); n]),
        Arc::new(Int64Array::from((0..n as i64).collect::<Vec<_>>())),
        text(vec![Some("t"); n]),
    ];
    RecordBatch::try_new(TableKind::Flows.schema(), columns).unwrap()
}

pub fn session(rows: &[Flow]) -> SessionContext {
    let ctx = SessionContext::new();
    let table =
        MemTable::try_new(TableKind::Flows.schema(), vec![vec![flows_batch(rows)]]).unwrap();
    ctx.register_table("flows", Arc::new(table)).unwrap();
    register_udfs(&ctx);
    ctx
}

/// A text column as strings, whatever string type the plan produced.
pub fn text_column(batch: &RecordBatch, index: usize) -> Vec<String> {
    let column =
        arrow::compute::cast(batch.column(index), &arrow::datatypes::DataType::Utf8).unwrap();
    column
        .as_string::<i32>()
        .iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect()
}
