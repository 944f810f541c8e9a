//! Errors of the pipeline.

use std::path::PathBuf;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A table could not be read or written.
    #[error(transparent)]
    Store(Box<chokepoint_store::StoreError>),
    /// A file could not be read as a whole.
    #[error(transparent)]
    Ingest(Box<chokepoint_ingest::IngestError>),
    /// A query failed.
    #[error(transparent)]
    Query(Box<datafusion::error::DataFusionError>),
    /// Shipments could not be scored.
    #[error(transparent)]
    Risk(Box<chokepoint_risk::RiskError>),
    /// Arrow could not build a batch.
    #[error(transparent)]
    Arrow(Box<arrow::error::ArrowError>),
    /// A relations file could not be read.
    #[error(transparent)]
    Relations(Box<chokepoint_network::NetworkError>),
    /// A file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Posted records are not in a shipments layout (`POST /shipments`
    /// takes shipment records only, never trade statistics).
    #[error("the posted records are not shipments: {0}")]
    NotShipments(String),
    /// Rows were written but the process could not finish the file.
    #[error("{path}: {message}; nothing was committed")]
    Write {
        /// The file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
}

macro_rules! boxed_from {
    ($($variant:ident: $source:ty),* $(,)?) => {
        $(impl From<$source> for PipelineError {
            fn from(error: $source) -> PipelineError {
                PipelineError::$variant(Box::new(error))
            }
        })*
    };
}

// Boxed: the sources are large and every fallible call returns a PipelineError.
boxed_from!(
    Store: chokepoint_store::StoreError,
    Ingest: chokepoint_ingest::IngestError,
    Query: datafusion::error::DataFusionError,
    Risk: chokepoint_risk::RiskError,
    Arrow: arrow::error::ArrowError,
    Relations: chokepoint_network::NetworkError,
);
