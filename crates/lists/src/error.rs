//! The crate's error type.

use std::path::PathBuf;

use thiserror::Error;

/// Why a list could not be loaded at all.
///
/// Bad records never produce an error: they become [`crate::Reject`]s and the
/// rest of the file loads. Only a file that cannot be read or parsed as a
/// whole, or that no loader recognises, is an error.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ListError {
    /// The file could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// No loader recognises the file by name or content.
    #[error("no list loader recognises {path}")]
    Unrecognised {
        /// The file.
        path: PathBuf,
    },
    /// A loader was handed a file it does not read.
    #[error("loader {loader} does not read {path}")]
    WrongLoader {
        /// The loader id.
        loader: &'static str,
        /// The file.
        path: PathBuf,
    },
    /// The file's structure is broken beyond single records (truncated XML,
    /// a JSON document that does not parse, a missing header).
    #[error("malformed {path} at line {line}: {reason}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line of the failure (0 when unknown).
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// A set of files is incomplete (e.g. UK derived names without subjects).
    #[error("incomplete file set for {loader}: missing {missing}")]
    MissingFile {
        /// The loader id.
        loader: &'static str,
        /// The file name that is needed.
        missing: &'static str,
    },
}

impl ListError {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        ListError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn malformed(path: &std::path::Path, line: u64, reason: impl Into<String>) -> Self {
        ListError::Malformed {
            path: path.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }
}
