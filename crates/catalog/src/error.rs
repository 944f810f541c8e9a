use std::path::PathBuf;

use thiserror::Error;

/// Errors loading reference data.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// A reference file could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of a reference CSV is malformed.
    #[error("{path}:{line}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong, naming the field.
        message: String,
    },
    /// A basket TOML file is malformed.
    #[error("{path}: invalid basket file")]
    BasketToml {
        /// The file.
        path: PathBuf,
        /// The parser's message (it carries line and column).
        #[source]
        source: toml::de::Error,
    },
    /// A basket definition is inconsistent.
    #[error("{path}: basket {basket:?}: {message}")]
    InvalidBasket {
        /// The file.
        path: PathBuf,
        /// The basket name.
        basket: String,
        /// What is wrong.
        message: String,
    },
    /// A name in a country list is neither a group nor an economy.
    #[error("unknown economy or group {text:?}: {message}")]
    UnknownCountry {
        /// The text given.
        text: String,
        /// Why it did not resolve.
        message: String,
    },
    /// Building an Arrow batch failed.
    #[error(transparent)]
    Arrow(#[from] arrow::error::ArrowError),
}
