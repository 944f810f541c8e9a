//! Text cells of rows rewritten for an output: CSV read by spreadsheets,
//! tables shown on a terminal.

use std::borrow::Cow;
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
    map_text_cells(batch, csv_text_cell)
}

/// `batch` with `rewrite` applied to every cell of its text columns (UTF-8,
/// large and view); other columns stay as they are.
pub fn map_text_cells(
    batch: &RecordBatch,
    rewrite: impl Fn(&str) -> Cow<'_, str>,
) -> Result<RecordBatch, ArrowError> {
    let map = |value: Option<&str>| value.map(|text| rewrite(text).into_owned());
    let columns = batch
        .columns()
        .iter()
        .map(|column| -> ArrayRef {
            let any = column.as_any();
            match column.data_type() {
                DataType::Utf8 => match any.downcast_ref::<StringArray>() {
                    Some(strings) => Arc::new(strings.iter().map(map).collect::<StringArray>()),
                    None => Arc::clone(column),
                },
                DataType::LargeUtf8 => match any.downcast_ref::<LargeStringArray>() {
                    Some(strings) => {
                        Arc::new(strings.iter().map(map).collect::<LargeStringArray>())
                    }
                    None => Arc::clone(column),
                },
                DataType::Utf8View => match any.downcast_ref::<StringViewArray>() {
                    Some(strings) => Arc::new(strings.iter().map(map).collect::<StringViewArray>()),
                    None => Arc::clone(column),
                },
                _ => Arc::clone(column),
            }
        })
        .collect();
    RecordBatch::try_new(batch.schema(), columns)
}
