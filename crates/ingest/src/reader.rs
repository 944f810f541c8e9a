//! The ingest driver: opens a file, detects its layout, streams rows through
//! the bound parser into table builders and hands finished batches to a sink.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arrow::array::RecordBatch;
use chokepoint_catalog::schema::TableKind;
use csv::ByteRecord;

use crate::builder::{FlowsBuilder, Provenance, RejectRow, RejectsBuilder, ShipmentsBuilder};
use crate::fields::Row;
use crate::format::{
    self, FormatContext, ParsedRow, Record, RowParser, SHIPMENT_COLUMNS, SourceFormat,
};
use crate::input::{self, TextEncoding};
use crate::line_limit::{LineLimit, OverlongLines};
use crate::{IngestError, IngestOptions, RowError, delimited};

/// What one file yielded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The detected or forced format.
    pub format: &'static str,
    /// The table its good rows went to.
    pub target: TableKind,
    /// The text encoding read.
    pub encoding: TextEncoding,
    /// Rows accepted.
    pub n_rows: u64,
    /// Rows rejected (sent to `rejects`).
    pub n_rejected: u64,
}

/// Receives finished batches; an error aborts the file.
pub type BatchSink<'a> =
    dyn FnMut(TableKind, RecordBatch) -> Result<(), Box<dyn std::error::Error + Send + Sync>> + 'a;

/// Reads `path` into batches for its target table and `rejects`.
///
/// `bytes_read` is advanced as the file is consumed (compressed bytes for
/// gzip), for progress display. Row problems become rejects; only a file that
/// cannot be read as a whole returns `Err`, and the caller must then commit
/// nothing of it.
pub fn read_file(
    path: &Path,
    ingest_id: &str,
    options: &IngestOptions,
    bytes_read: Arc<AtomicU64>,
    sink: &mut BatchSink<'_>,
) -> Result<FileSummary, IngestError> {
    let _span = tracing::info_span!("ingest_file", path = %path.display()).entered();
    let opened = input::open(path, options.encoding, bytes_read)?;
    let context = FormatContext {
        path,
        fx: &options.fx,
        flow: options.flow,
        baci_country_codes: options.baci_country_codes.as_deref(),
    };
    let mut state = DriverState {
        path,
        batch_rows: options.batch_rows.max(1),
        nomenclature: options.nomenclature.as_deref(),
        flows: FlowsBuilder::new(),
        shipments: ShipmentsBuilder::new(),
        rejects: RejectsBuilder::new(),
        provenance: Provenance {
            source: String::new(),
            source_file: path.display().to_string(),
            ingest_id: ingest_id.to_string(),
        },
        header_names: Vec::new(),
        n_rows: 0,
        n_rejected: 0,
    };
    let encoding = opened.encoding;
    let document = match &options.format {
        Some(name) => format::document_registry()
            .into_iter()
            .find(|f| f.name() == name),
        None => format::document_registry()
            .into_iter()
            .find(|f| f.detect(&opened.sample)),
    };
    if let Some(document) = document {
        state.provenance.source = document.name().to_string();
        document.read(opened.reader, &context, &mut |record| {
            state.record(record, sink)
        })?;
        state.flush(sink, true)?;
        return Ok(FileSummary {
            format: document.name(),
            target: TableKind::Flows,
            encoding,
            n_rows: state.n_rows,
            n_rejected: state.n_rejected,
        });
    }
    let overlong = OverlongLines::default();
    let limited: Box<dyn Read + Send> = Box::new(LineLimit::new(
        opened.reader,
        options.max_record_bytes,
        overlong.clone(),
    ));
    let format = if opened.first_byte == Some(b'{') {
        let format = forced_or(options, "shipments")?;
        state.provenance.source = format.name().to_string();
        let headers: Vec<String> = SHIPMENT_COLUMNS
            .iter()
            .map(|c| format::normalize_header(c))
            .collect();
        let parser = bind(format, &headers, &context)?;
        read_ndjson(limited, parser, &mut state, sink)?;
        format
    } else {
        let delimiter = input::sniff_delimiter(&opened.sample);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 20)
            .from_reader(limited);
        let mut header = ByteRecord::new();
        let has_header = reader
            .read_byte_record(&mut header)
            .map_err(|e| csv_error(path, e))?;
        if !has_header {
            return Err(IngestError::Empty {
                path: path.to_path_buf(),
            });
        }
        let headers = header
            .iter()
            .map(|h| std::str::from_utf8(h).map(format::normalize_header))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| IngestError::HeaderEncoding {
                path: path.to_path_buf(),
                encoding: encoding.name(),
            })?;
        let format = match &options.format {
            Some(_) => forced_or(options, "")?,
            None => format::registry()
                .into_iter()
                .find(|f| f.detect(&headers))
                .ok_or_else(|| {
                    let joined = String::from_utf8_lossy(header.as_slice())
                        .chars()
                        .take(200)
                        .collect();
                    IngestError::UnknownLayout {
                        path: path.to_path_buf(),
                        header: joined,
                    }
                })?,
        };
        state.provenance.source = format.name().to_string();
        state.header_names = headers
            .iter()
            .zip(header.iter())
            .map(|(normalized, written)| {
                (
                    normalized.clone(),
                    String::from_utf8_lossy(written)
                        .trim_start_matches('\u{feff}')
                        .trim()
                        .to_string(),
                )
            })
            .collect();
        let parsers = (0..options.parse_threads.max(1))
            .map(|_| bind(format, &headers, &context))
            .collect::<Result<Vec<_>, _>>()?;
        delimited::read_delimited(&mut reader, delimiter, &header, parsers, &mut state, sink)?;
        format
    };
    state.reject_overlong(&overlong, options.max_record_bytes);
    state.flush(sink, true)?;
    Ok(FileSummary {
        format: format.name(),
        target: format.target(),
        encoding,
        n_rows: state.n_rows,
        n_rejected: state.n_rejected,
    })
}

fn forced_or(
    options: &IngestOptions,
    default: &str,
) -> Result<&'static dyn SourceFormat, IngestError> {
    let name = options.format.as_deref().unwrap_or(default);
    format::registry()
        .into_iter()
        .find(|f| f.name() == name)
        .ok_or_else(|| IngestError::UnknownFormat(name.to_string()))
}

fn bind(
    format: &'static dyn SourceFormat,
    headers: &[String],
    context: &FormatContext<'_>,
) -> Result<Box<dyn RowParser>, IngestError> {
    format
        .bind(headers, context)
        .map_err(|message| IngestError::Layout {
            path: context.path.to_path_buf(),
            format: format.name(),
            message,
        })
}

pub(crate) fn csv_error(path: &Path, error: csv::Error) -> IngestError {
    let source = match error.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    };
    IngestError::Read {
        path: path.to_path_buf(),
        source,
    }
}

/// Per-thread ingest state: builders for each table and the file's constants.
pub(crate) struct DriverState<'a> {
    pub(crate) path: &'a Path,
    pub(crate) batch_rows: usize,
    pub(crate) nomenclature: Option<&'a chokepoint_catalog::HsNomenclature>,
    pub(crate) flows: FlowsBuilder,
    pub(crate) shipments: ShipmentsBuilder,
    pub(crate) rejects: RejectsBuilder,
    pub(crate) provenance: Provenance,
    /// (normalised, as written) header names, to report fields as the file names them.
    pub(crate) header_names: Vec<(String, String)>,
    pub(crate) n_rows: u64,
    pub(crate) n_rejected: u64,
}

impl<'a> DriverState<'a> {
    /// A fresh state for another parsing thread of the same file.
    pub(crate) fn fork(&self) -> DriverState<'a> {
        DriverState {
            path: self.path,
            batch_rows: self.batch_rows,
            nomenclature: self.nomenclature,
            flows: FlowsBuilder::new(),
            shipments: ShipmentsBuilder::new(),
            rejects: RejectsBuilder::new(),
            provenance: Provenance {
                source: self.provenance.source.clone(),
                source_file: self.provenance.source_file.clone(),
                ingest_id: self.provenance.ingest_id.clone(),
            },
            header_names: self.header_names.clone(),
            n_rows: 0,
            n_rejected: 0,
        }
    }

    /// Whether a builder holds a full batch.
    pub(crate) fn is_full(&self) -> bool {
        self.flows.len() >= self.batch_rows
            || self.shipments.len() >= self.batch_rows
            || self.rejects.len() >= self.batch_rows
    }

    pub(crate) fn accept(&mut self, parsed: ParsedRow<'_>, line: u64) {
        match parsed {
            ParsedRow::Flow(row) => self.flows.push(&row, line, self.nomenclature),
            ParsedRow::Shipment(row) => self.shipments.push(&row, line),
        }
        self.n_rows += 1;
    }

    /// Takes one row of a document format, flushing full batches.
    pub(crate) fn record(
        &mut self,
        record: Record,
        sink: &mut BatchSink<'_>,
    ) -> Result<(), IngestError> {
        match record.outcome {
            Ok(row) => self.accept(ParsedRow::Flow(row), record.line),
            Err(error) => self.reject(record.line, &error, &record.raw),
        }
        if self.is_full() {
            self.flush(sink, false)?;
        }
        Ok(())
    }

    /// Rejects the lines [`LineLimit`] dropped for being longer than `max`.
    fn reject_overlong(&mut self, overlong: &OverlongLines, max: usize) {
        let lines = std::mem::take(&mut *overlong.lock().unwrap_or_else(|e| e.into_inner()));
        for line in lines {
            let error = RowError::row(format!(
                "record of {} bytes is longer than the maximum of {max} bytes \
                 (raise it with --max-record-bytes)",
                line.bytes
            ));
            self.reject(line.line, &error, &line.start);
        }
    }

    pub(crate) fn reject(&mut self, line: u64, error: &RowError, raw: &str) {
        let field = error.field.as_deref().map(|field| {
            self.header_names
                .iter()
                .find(|(normalized, _)| normalized == field)
                .map_or(field, |(_, written)| written.as_str())
        });
        self.rejects.push(&RejectRow {
            line,
            field,
            reason: &error.reason,
            raw: clip_raw(raw),
        });
        self.n_rejected += 1;
    }

    pub(crate) fn flush(&mut self, sink: &mut BatchSink<'_>, all: bool) -> Result<(), IngestError> {
        let threshold = if all { 1 } else { self.batch_rows };
        let arrow_error = |source| IngestError::Arrow {
            path: self.path.to_path_buf(),
            source,
        };
        let mut batches = Vec::new();
        if self.flows.len() >= threshold {
            batches.push((
                TableKind::Flows,
                self.flows.finish(&self.provenance).map_err(arrow_error)?,
            ));
        }
        if self.shipments.len() >= threshold {
            batches.push((
                TableKind::Shipments,
                self.shipments
                    .finish(&self.provenance)
                    .map_err(arrow_error)?,
            ));
        }
        if self.rejects.len() >= threshold {
            batches.push((
                TableKind::Rejects,
                self.rejects.finish(&self.provenance).map_err(arrow_error)?,
            ));
        }
        for (table, batch) in batches {
            sink(table, batch).map_err(|source| IngestError::Sink {
                path: self.path.to_path_buf(),
                source,
            })?;
        }
        Ok(())
    }
}

fn read_ndjson(
    reader: Box<dyn Read + Send>,
    mut parser: Box<dyn RowParser>,
    state: &mut DriverState<'_>,
    sink: &mut BatchSink<'_>,
) -> Result<(), IngestError> {
    let mut lines = BufReader::with_capacity(1 << 20, reader);
    let mut buffer = Vec::new();
    let mut line = 0u64;
    loop {
        buffer.clear();
        let n_read = lines
            .read_until(b'\n', &mut buffer)
            .map_err(|source| IngestError::Read {
                path: state.path.to_path_buf(),
                source,
            })?;
        if n_read == 0 {
            break;
        }
        line += 1;
        let trimmed = buffer.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        match json_fields(trimmed) {
            Ok(values) => {
                let fields: Vec<&str> = values.iter().map(String::as_str).collect();
                match parser.parse(&Row::new(fields)) {
                    Ok(parsed) => state.accept(parsed, line),
                    Err(error) => state.reject(line, &error, &String::from_utf8_lossy(trimmed)),
                }
            }
            Err(error) => state.reject(line, &error, &String::from_utf8_lossy(trimmed)),
        }
        if state.is_full() {
            state.flush(sink, false)?;
        }
    }
    Ok(())
}

/// A JSON object's values in [`SHIPMENT_COLUMNS`] order (unknown keys ignored).
fn json_fields(bytes: &[u8]) -> Result<Vec<String>, RowError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        RowError::row(format!(
            "invalid UTF-8 at byte {} of the line",
            e.valid_up_to()
        ))
    })?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| RowError::row(format!("invalid JSON: {e}")))?;
    let serde_json::Value::Object(object) = value else {
        return Err(RowError::row("expected a JSON object"));
    };
    let mut fields = vec![String::new(); SHIPMENT_COLUMNS.len()];
    for (key, value) in object {
        let Some(index) = format::canonical_index(&format::normalize_header(&key)) else {
            continue;
        };
        fields[index] = match value {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => String::new(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            other => {
                return Err(RowError::field(
                    &key,
                    format!("expected a string or number, found {other}"),
                ));
            }
        };
    }
    Ok(fields)
}

/// Counts bytes as they are read, for progress bars.
pub(crate) struct CountingReader<R> {
    pub inner: R,
    pub counter: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Most bytes of a rejected record's text kept in `rejects`: enough to find
/// and read it, while a file of long bad lines cannot fill memory with
/// copies of them.
const REJECT_RAW_BYTES: usize = 4096;

/// The record's text, cut at [`REJECT_RAW_BYTES`] on a character boundary.
fn clip_raw(raw: &str) -> &str {
    if raw.len() <= REJECT_RAW_BYTES {
        return raw;
    }
    let mut end = REJECT_RAW_BYTES;
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    &raw[..end]
}
