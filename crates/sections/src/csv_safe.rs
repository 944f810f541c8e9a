//! Rows made safe for CSV output read by spreadsheets.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, LargeStringArray, RecordBatch, StringArray, StringViewArray};
use arrow::datatypes::DataType;
use arrow::error::ArrowError;
use chokepoint_report::csv_text_cell;

/// `batch` with every text cell that a spreadsheet would read as a formula
/// neutralised ([`chokepoint_report::csv_text_cell`]); numbers and every
/// other column stay as they are. For CSV writers only: JSON and tables keep
/// the text.
pub fn csv_safe_batch(batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
    let columns = batch
        .columns()
        .iter()
        .map(|column| -> ArrayRef {
            let safe = |value: Option<&str>| value.map(|text| csv_text_cell(text).into_owned());
            match column.data_type() {
                DataType::Utf8 => {
                    let strings = column.as_any().downcast_ref::<StringArray>();
                    match strings {
                        Some(strings) => {
                            Arc::new(strings.iter().map(safe).collect::<StringArray>())
                        }
                        None => Arc::clone(column),
                    }
                }
                DataType::LargeUtf8 => match column.as_any().downcast_ref::<LargeStringArray>() {
                    Some(strings) => {
                        Arc::new(strings.iter().map(safe).collect::<LargeStringArray>())
                    }
                    None => Arc::clone(column),
                },
                DataType::Utf8View => match column.as_any().downcast_ref::<StringViewArray>() {
                    Some(strings) => {
                        Arc::new(strings.iter().map(safe).collect::<StringViewArray>())
                    }
                    None => Arc::clone(column),
                },
                _ => Arc::clone(column),
            }
        })
        .collect();
    RecordBatch::try_new(batch.schema(), columns)
}
