//! The one error type of the crate.

use std::path::{Path, PathBuf};

/// Everything that can go wrong in this crate. Building and searching never
/// fail; errors come from publishing and loading generations.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// Reading or writing a file or directory failed.
    #[error("io error at {path}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// An entity line of a generation is not valid.
    #[error("invalid entity at {path}:{line}")]
    Entity {
        /// The entities file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A generation file is damaged or of another format version.
    #[error("corrupt index file {path}: {reason}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: &'static str,
    },
    /// The store has no current generation yet.
    #[error("no published generation in {dir}")]
    NoGeneration {
        /// The store directory.
        dir: PathBuf,
    },
    /// A failure injected by a test between writing a generation and
    /// swapping `CURRENT`.
    #[error("injected failure before publishing generation {generation}")]
    Injected {
        /// The generation that was written but not published.
        generation: u64,
    },
}

impl IndexError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> IndexError {
        IndexError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn corrupt(path: &Path, reason: &'static str) -> IndexError {
        IndexError::Corrupt {
            path: path.to_path_buf(),
            reason,
        }
    }
}
