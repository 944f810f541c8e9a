//! Errors of the demo generator.

use std::path::PathBuf;

/// What can go wrong while writing demo data.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// Writing to an output failed.
    #[error("writing demo data: {0}")]
    Io(#[from] std::io::Error),
    /// A file could not be created or written.
    #[error("writing {path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The output directory is not usable.
    #[error("demo output directory {path}: {reason}")]
    Directory {
        /// The directory.
        path: PathBuf,
        /// Why it is not usable.
        reason: String,
    },
    /// More rows were requested than the generator has distinct keys for.
    #[error(
        "{requested} rows requested, but the synthetic world has only {available} distinct row keys"
    )]
    TooManyRows {
        /// Rows asked for.
        requested: u64,
        /// Rows available.
        available: u64,
    },
    /// Serialising the truth file failed.
    #[error("serialising the truth file: {0}")]
    Json(#[from] serde_json::Error),
}
