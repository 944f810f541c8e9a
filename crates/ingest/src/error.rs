use std::path::PathBuf;

use thiserror::Error;

/// A file-level failure: the file cannot be ingested at all and nothing of it
/// may be committed. Row-level problems are not errors but rejects.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The file could not be opened or read (includes truncated gzip streams).
    #[error("{path}: cannot read file")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is empty or has no header line.
    #[error("{path}: file is empty or has no header line")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The header line is not text in the detected encoding.
    #[error("{path}: header line is not valid {encoding} text (force one with --encoding)")]
    HeaderEncoding {
        /// The file.
        path: PathBuf,
        /// The encoding tried.
        encoding: &'static str,
    },
    /// No known format matches the header.
    #[error(
        "{path}: unknown layout: no supported format has the columns {header:?} (force one with --format)"
    )]
    UnknownLayout {
        /// The file.
        path: PathBuf,
        /// The header, abbreviated.
        header: String,
    },
    /// The format was detected or forced but a required column is missing.
    #[error("{path}: not a valid {format} file: {message}")]
    Layout {
        /// The file.
        path: PathBuf,
        /// The format name.
        format: &'static str,
        /// What is missing.
        message: String,
    },
    /// `--format` named no known format.
    #[error("unknown format {0:?}")]
    UnknownFormat(String),
    /// Building a batch failed (a bug: builders are schema-conformant by construction).
    #[error("{path}: building a batch failed")]
    Arrow {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: arrow::error::ArrowError,
    },
    /// The consumer of batches failed (e.g. the store could not write).
    #[error("{path}: writing rows failed")]
    Sink {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Why one row was rejected: the field (column name) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The column the problem is in, if one.
    pub field: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl RowError {
    /// A problem in one field.
    pub fn field(field: &str, reason: impl Into<String>) -> RowError {
        RowError {
            field: Some(field.to_string()),
            reason: reason.into(),
        }
    }

    /// A problem with the whole row.
    pub fn row(reason: impl Into<String>) -> RowError {
        RowError {
            field: None,
            reason: reason.into(),
        }
    }
}
