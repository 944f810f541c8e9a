use std::path::PathBuf;

use thiserror::Error;

/// Errors of the table store.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The data directory could not be created or read.
    #[error("data directory {path}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A Delta operation on a table failed.
    #[error("table {table}")]
    Delta {
        /// The table name.
        table: String,
        /// The cause.
        #[source]
        source: deltalake::DeltaTableError,
    },
    /// Another commit removed files an optimize was rewriting (or changed
    /// the schema) while it ran; nothing was committed.
    #[error(
        "table {table}: version {version} changed the files being rewritten; \
         optimize committed nothing (run it again)"
    )]
    ConcurrentRewrite {
        /// The table name.
        table: String,
        /// The latest version seen.
        version: i64,
    },
    /// Another writer committed the same ingest (the same content) to the
    /// table first; this append's files were removed, nothing committed.
    #[error("table {table}: ingest {ingest_id} was committed by another writer first")]
    AlreadyCommitted {
        /// The table name.
        table: String,
        /// The ingest id (content hash).
        ingest_id: String,
    },
    /// A query failed.
    #[error(transparent)]
    Query(#[from] datafusion::error::DataFusionError),
    /// Reference data could not be turned into a table.
    #[error(transparent)]
    Catalog(#[from] chokepoint_catalog::CatalogError),
}

impl From<StoreError> for datafusion::error::DataFusionError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Query(inner) => inner,
            other => datafusion::error::DataFusionError::External(Box::new(other)),
        }
    }
}
