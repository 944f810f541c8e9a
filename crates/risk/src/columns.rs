//! Typed access to the columns of a `shipments` batch.
//!
//! Batches come from the ingest crate (`Utf8`) or from DataFusion scans of
//! the Delta table (often `Utf8View`); text columns are cast to `Utf8` once
//! per batch so the scorer reads plain `&str`s.

use arrow::array::{Array, AsArray, Date32Array, Float64Array, RecordBatch, StringArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};

use crate::RiskError;

/// The columns the rules read, by row.
pub(crate) struct ShipmentView {
    pub declaration_id: StringArray,
    pub date: Date32Array,
    pub hs_code: StringArray,
    pub hs6: StringArray,
    pub shipper_name: StringArray,
    pub shipper_address: StringArray,
    pub shipper_country: StringArray,
    pub consignee_name: StringArray,
    pub consignee_address: StringArray,
    pub consignee_country: StringArray,
    pub origin_country: StringArray,
    pub dispatch_country: StringArray,
    pub destination_country: StringArray,
    pub manufacturer: StringArray,
    pub brand: StringArray,
    pub value_usd: Float64Array,
    pub quantity: Float64Array,
    pub quantity_unit: StringArray,
}

fn text(batch: &RecordBatch, column: &'static str) -> Result<StringArray, RiskError> {
    let array = batch.column_by_name(column).ok_or(RiskError::Column {
        column,
        message: "missing".into(),
    })?;
    chokepoint_catalog::utf8_array(array).map_err(|e| RiskError::Column {
        column,
        message: e.to_string(),
    })
}

fn number(batch: &RecordBatch, column: &'static str) -> Result<Float64Array, RiskError> {
    let array = batch.column_by_name(column).ok_or(RiskError::Column {
        column,
        message: "missing".into(),
    })?;
    let array = cast(array, &DataType::Float64).map_err(|e| RiskError::Column {
        column,
        message: e.to_string(),
    })?;
    Ok(array.as_primitive::<Float64Type>().clone())
}

impl ShipmentView {
    pub(crate) fn new(batch: &RecordBatch) -> Result<ShipmentView, RiskError> {
        let date = batch.column_by_name("date").ok_or(RiskError::Column {
            column: "date",
            message: "missing".into(),
        })?;
        let date = cast(date, &DataType::Date32).map_err(|e| RiskError::Column {
            column: "date",
            message: e.to_string(),
        })?;
        Ok(ShipmentView {
            declaration_id: text(batch, "declaration_id")?,
            date: date.as_primitive().clone(),
            hs_code: text(batch, "hs_code")?,
            hs6: text(batch, "hs6")?,
            shipper_name: text(batch, "shipper_name")?,
            shipper_address: text(batch, "shipper_address")?,
            shipper_country: text(batch, "shipper_country")?,
            consignee_name: text(batch, "consignee_name")?,
            consignee_address: text(batch, "consignee_address")?,
            consignee_country: text(batch, "consignee_country")?,
            origin_country: text(batch, "origin_country")?,
            dispatch_country: text(batch, "dispatch_country")?,
            destination_country: text(batch, "destination_country")?,
            manufacturer: text(batch, "manufacturer")?,
            brand: text(batch, "brand")?,
            value_usd: number(batch, "value_usd")?,
            quantity: number(batch, "quantity")?,
            quantity_unit: text(batch, "quantity_unit")?,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.declaration_id.len()
    }
}

/// The value of a nullable text column, `None` for null or blank.
pub(crate) fn get(array: &StringArray, row: usize) -> Option<&str> {
    if array.is_null(row) {
        return None;
    }
    let value = array.value(row);
    (!value.trim().is_empty()).then_some(value)
}

/// The value of a nullable number column.
pub(crate) fn get_f64(array: &Float64Array, row: usize) -> Option<f64> {
    (!array.is_null(row))
        .then(|| array.value(row))
        .filter(|v| v.is_finite())
}
