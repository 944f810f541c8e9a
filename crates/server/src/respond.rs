//! Rows as JSON (default) or CSV (`Accept: text/csv`).

use arrow::array::RecordBatch;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::AppError;

/// Whether the client asked for CSV.
pub fn wants_csv(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/csv"))
}

/// Batches as a JSON array of objects or as CSV with a header.
pub fn rows(batches: &[RecordBatch], headers: &HeaderMap) -> Result<Response, AppError> {
    let mut body = Vec::new();
    let content_type = if wants_csv(headers) {
        let mut writer = arrow::csv::WriterBuilder::new()
            .with_header(true)
            .build(&mut body);
        for batch in batches {
            writer.write(batch)?;
        }
        drop(writer);
        "text/csv; charset=utf-8"
    } else {
        let mut writer = arrow::json::ArrayWriter::new(&mut body);
        let refs: Vec<&RecordBatch> = batches.iter().collect();
        writer.write_batches(&refs)?;
        writer.finish()?;
        drop(writer);
        if body.is_empty() {
            body.extend_from_slice(b"[]");
        }
        "application/json"
    };
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response())
}
