//! The crate's error type.

use std::path::PathBuf;

use thiserror::Error;

/// Why a graph could not be built or queried.
///
/// Bad rows of a relations file never produce an error: they become
/// [`crate::Reject`]s and the rest of the file loads. Only a file that cannot
/// be read, or whose header lacks a required column, is an error; so is a
/// query about an entity the graph does not hold, because an empty answer
/// there would read as "no listed owners" and hide a typo.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum NetworkError {
    /// The file could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The CSV reader failed part-way through the file.
    #[error("cannot read {path} at line {line}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line where reading failed (0 when unknown).
        line: u64,
        /// The underlying error.
        #[source]
        source: csv::Error,
    },
    /// The header of a relations file lacks a required column.
    #[error("{path} has no {column:?} column in its header (line 1)")]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column name.
        column: &'static str,
    },
    /// An edge was given an empty entity id.
    #[error("edge from {evidence} has an empty entity id")]
    EmptyId {
        /// The edge's evidence, naming its source record.
        evidence: String,
    },
    /// An ownership share outside `0..=1` (or not a number).
    #[error("ownership share {value} from {evidence} is outside 0..=1")]
    InvalidShare {
        /// The share as given.
        value: f64,
        /// The edge's evidence, naming its source record.
        evidence: String,
    },
    /// A trade value that is negative or not a number.
    #[error("trade value {value} usd from {evidence} is negative or not a number")]
    InvalidTradeValue {
        /// The value as given.
        value: f64,
        /// The edge's evidence, naming its source record.
        evidence: String,
    },
    /// A query named an entity id that is not in the graph.
    #[error("entity {id:?} is not in the graph")]
    UnknownEntity {
        /// The id asked for.
        id: String,
    },
}
