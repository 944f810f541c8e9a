//! UN Comtrade API responses (v1 `get` and `preview` endpoints): one JSON
//! object whose documented `data` array holds one record per flow, with the
//! keys of the Comtrade plus CSV (`reporterCode`, `partnerISO`, `flowCode`,
//! `period`, `cmdCode`, `primaryValue`, …). Each record is parsed by the
//! Comtrade CSV parser bound to the keys the records carry, so the two stay
//! one parser; a record's reject names its position in `data` as the line.

use std::collections::BTreeSet;
use std::io::Read;

use serde_json::Value;

use super::comtrade::Comtrade;
use super::{DocumentFormat, FormatContext, ParsedRow, Record, SourceFormat, normalize_header};
use crate::fields::Row;
use crate::{IngestError, RowError};

pub(crate) struct ComtradeJson;

impl DocumentFormat for ComtradeJson {
    fn name(&self) -> &'static str {
        "comtrade-json"
    }

    fn detect(&self, sample: &[u8]) -> bool {
        let text = String::from_utf8_lossy(sample);
        text.trim_start().starts_with('{')
            && text.contains("\"data\"")
            && (text.contains("\"elapsedTime\"") || text.contains("\"count\""))
    }

    fn read(
        &self,
        input: Box<dyn Read + Send>,
        context: &FormatContext<'_>,
        emit: &mut dyn FnMut(Record) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let layout = |message: String| IngestError::Layout {
            path: context.path.to_path_buf(),
            format: "comtrade-json",
            message,
        };
        let response: Value = serde_json::from_reader(input)
            .map_err(|e| layout(format!("not a complete JSON document: {e}")))?;
        if let Some(error) = response.get("error").and_then(Value::as_str)
            && !error.is_empty()
        {
            return Err(layout(format!("the response reports an error: {error}")));
        }
        let Some(data) = response.get("data").and_then(Value::as_array) else {
            return Err(layout("no \"data\" array".into()));
        };
        if let Some(count) = response.get("count").and_then(Value::as_u64)
            && count != data.len() as u64
        {
            return Err(layout(format!(
                "\"count\" is {count} but \"data\" holds {} records (truncated response?)",
                data.len()
            )));
        }
        let keys: Vec<String> = data
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|record| record.keys().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if data.is_empty() {
            return Ok(());
        }
        let headers: Vec<String> = keys.iter().map(|k| normalize_header(k)).collect();
        let mut parser = Comtrade.bind(&headers, context).map_err(layout)?;
        for (index, record) in data.iter().enumerate() {
            let line = index as u64 + 1;
            let raw = record.to_string();
            let outcome = match record.as_object() {
                None => Err(RowError::row(format!("data[{index}] is not an object"))),
                Some(object) => {
                    let texts: Result<Vec<String>, RowError> = keys
                        .iter()
                        .map(|key| match object.get(key) {
                            None | Some(Value::Null) => Ok(String::new()),
                            Some(Value::String(s)) => Ok(s.clone()),
                            Some(Value::Number(n)) => Ok(n.to_string()),
                            Some(Value::Bool(b)) => Ok(b.to_string()),
                            Some(other) => Err(RowError::field(
                                key,
                                format!("expected a string or number, found {other}"),
                            )),
                        })
                        .collect();
                    texts.and_then(|texts| {
                        let fields: Vec<&str> = texts.iter().map(String::as_str).collect();
                        match parser.parse(&Row::new(fields))? {
                            ParsedRow::Flow(row) => Ok(row),
                            ParsedRow::Shipment(_) => {
                                Err(RowError::row("not an aggregate flow record"))
                            }
                        }
                    })
                }
            };
            // Field names from the parser are normalised; report the key as written.
            let outcome = outcome.map_err(|mut error| {
                if let Some(field) = &error.field
                    && let Some(key) = keys.iter().find(|k| normalize_header(k) == *field)
                {
                    error.field = Some(key.clone());
                }
                error
            });
            emit(Record { line, outcome, raw })?;
        }
        Ok(())
    }
}
