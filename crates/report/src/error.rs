use std::path::PathBuf;

use thiserror::Error;

/// Why a report could not be written.
///
/// Rendering itself never fails: every input, however odd, renders to
/// something. Only writing to disk can go wrong, so every variant names the
/// path involved.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The output path does not end in `.html`, `.htm` or `.md`.
    #[error("unsupported report format for {path}: expected a file ending in .html, .htm or .md")]
    UnsupportedFormat {
        /// The path that was asked for.
        path: PathBuf,
    },
    /// Creating a directory, writing a temp file or renaming it failed.
    #[error("cannot write {path}")]
    Write {
        /// The file or directory being written.
        path: PathBuf,
        /// The underlying IO error.
        #[source]
        source: std::io::Error,
    },
}
