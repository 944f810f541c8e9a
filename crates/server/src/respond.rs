//! Rows as JSON (default) or CSV (`Accept: text/csv`).

use arrow::array::RecordBatch;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use crate::AppError;
use crate::answers::{Answer, Format};

/// Batches as a JSON array of objects or as CSV with a header, answered now.
pub fn rows(batches: &[RecordBatch], headers: &HeaderMap) -> Result<Response, AppError> {
    let answer = rows_answer(batches, Format::of(headers))?;
    Ok((
        [(header::CONTENT_TYPE, answer.content_type().clone())],
        answer.body().clone(),
    )
        .into_response())
}

/// Batches as a JSON array of objects or as CSV with a header.
pub fn rows_answer(batches: &[RecordBatch], format: Format) -> Result<Answer, AppError> {
    let mut body = Vec::new();
    let content_type = match format {
        Format::Csv => {
            let mut writer = arrow::csv::WriterBuilder::new()
                .with_header(true)
                .build(&mut body);
            for batch in batches {
                writer.write(&chokepoint_sections::csv_safe_batch(batch)?)?;
            }
            drop(writer);
            "text/csv; charset=utf-8"
        }
        Format::Json => {
            let mut writer = arrow::json::ArrayWriter::new(&mut body);
            let refs: Vec<&RecordBatch> = batches.iter().collect();
            writer.write_batches(&refs)?;
            writer.finish()?;
            drop(writer);
            if body.is_empty() {
                body.extend_from_slice(b"[]");
            }
            "application/json"
        }
    };
    Ok(Answer::new(content_type, body))
}
