//! Text columns of any string type, read as plain `Utf8`.
//!
//! Batches come from the ingest crate (`Utf8`) or from DataFusion scans of
//! the Delta tables (often `Utf8View`, sometimes dictionaries): a text
//! column is cast to `Utf8` once, so readers see plain `&str`s.

use arrow::array::{Array, AsArray, RecordBatch, StringArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::error::ArrowError;

/// A column of any string type (or any type Arrow can cast to text) as `Utf8`.
pub fn utf8_array(array: &dyn Array) -> Result<StringArray, ArrowError> {
    Ok(cast(array, &DataType::Utf8)?.as_string::<i32>().clone())
}

/// The values of a batch's text column as owned strings, nulls as empty
/// strings; a column the batch lacks reads as all empty.
pub fn text_column(batch: &RecordBatch, column: &str) -> Result<Vec<String>, ArrowError> {
    let Some(array) = batch.column_by_name(column) else {
        return Ok(vec![String::new(); batch.num_rows()]);
    };
    let array = utf8_array(array)?;
    Ok(array
        .iter()
        .map(|value| value.unwrap_or_default().to_string())
        .collect())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{ArrayRef, Int32Array, StringViewArray};

    use super::*;

    #[test]
    fn views_numbers_nulls_and_missing_columns_read_as_text() {
        let batch = RecordBatch::try_from_iter([
            (
                "name",
                Arc::new(StringViewArray::from(vec![Some("a"), None, Some("c")])) as ArrayRef,
            ),
            (
                "line",
                Arc::new(Int32Array::from(vec![Some(1), Some(20), None])) as ArrayRef,
            ),
        ])
        .unwrap_or_else(|error| panic!("{error}"));
        let read = |column| text_column(&batch, column).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read("name"), ["a", "", "c"]);
        assert_eq!(read("line"), ["1", "20", ""]);
        assert_eq!(read("absent"), ["", "", ""]);
        let array = utf8_array(batch.column(0)).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!((array.value(2), array.is_null(1)), ("c", true));
    }
}
