//! Reads official trade files and shipment records into Arrow batches that
//! conform to the catalog's table schemas, plus a rejected-row report.
//!
//! [`read_file`] opens a file (gzip and text encoding detected), recognises its
//! layout from the header (UN Comtrade plus/legacy/client variants, Eurostat
//! Comext relational and bulk, CEPII BACI, China customs, shipment CSV/NDJSON),
//! and streams rows through one bound parser per file. A malformed row becomes
//! a reject naming its line and field; only a file that cannot be read at all
//! is an error. Memory stays bounded: batches of `batch_rows` rows are handed
//! to the caller's sink as they fill. The crate knows nothing of storage.
//!
//! ```
//! use std::sync::Arc;
//! use chokepoint_ingest::{read_file, IngestOptions};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("flows.csv");
//! std::fs::write(&path, "reporterISO,partnerISO,flowCode,period,cmdCode,primaryValue\n\
//!     CHN,RUS,X,202408,854470,1000\nCHN,XXX,X,202408,854470,5\n").unwrap();
//! let mut n_batches = 0;
//! let summary = read_file(&path, "demo", &IngestOptions::default(), Arc::default(), &mut |_, _| {
//!     n_batches += 1;
//!     Ok(())
//! }).unwrap();
//! assert_eq!((summary.format, summary.n_rows, summary.n_rejected), ("comtrade", 1, 1));
//! ```
#![deny(missing_docs)]

mod builder;
mod delimited;
mod error;
mod fields;
mod format;
mod input;
mod line_limit;
mod reader;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chokepoint_catalog::{FxRates, HsNomenclature};
use chokepoint_model::FlowDirection;
use sha2::{Digest, Sha256};

pub use error::{IngestError, RowError};
pub use format::format_names;
pub use input::TextEncoding;
pub use reader::{BatchSink, FileSummary, read_file};

/// How to read files.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Force a format instead of detecting it from the header (see [`format_names`]).
    pub format: Option<String>,
    /// Force a text encoding instead of detecting it.
    pub encoding: Option<TextEncoding>,
    /// Rates for converting EUR and CNY values to USD.
    pub fx: FxRates,
    /// Flow direction for files that do not state it (China customs query exports).
    pub flow: Option<FlowDirection>,
    /// BACI `country_codes_*.csv`; when unset, one beside the data file is used.
    pub baci_country_codes: Option<PathBuf>,
    /// HS nomenclature for flagging unknown codes (`flows.hs_known`).
    pub nomenclature: Option<Arc<HsNomenclature>>,
    /// Rows per batch handed to the sink.
    pub batch_rows: usize,
    /// Threads parsing rows of a delimited file (the calling thread splits records).
    pub parse_threads: usize,
    /// Longest line of a CSV or NDJSON file read (bytes); a longer one is
    /// rejected with its length instead of being held in memory.
    pub max_record_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            format: None,
            encoding: None,
            fx: FxRates::default_table(),
            flow: None,
            baci_country_codes: None,
            nomenclature: None,
            batch_rows: 64 * 1024,
            parse_threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_record_bytes: 1 << 20,
        }
    }
}

impl IngestOptions {
    /// Options for one file: fills in a BACI country-code file found beside it.
    pub fn for_file(&self, path: &Path) -> IngestOptions {
        let mut options = self.clone();
        if options.baci_country_codes.is_none()
            && let Some(dir) = path.parent()
            && let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            })
        {
            options.baci_country_codes =
                entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("country_codes_"))
                });
        }
        options
    }
}

/// The content hash of a file (SHA-256, hex): the idempotency key of an ingest.
pub fn content_id(path: &Path) -> Result<String, IngestError> {
    let read_error = |source| IngestError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).map_err(read_error)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}
