//! The one error type of the crate.

/// Everything that can go wrong in this crate. Name comparison itself never
/// fails (any text is a name); errors come from reading pair files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScreeningError {
    /// The CSV reader or writer failed (IO or malformed CSV).
    #[error("csv error")]
    Csv(#[from] csv::Error),
    /// Writing output failed.
    #[error("io error")]
    Io(#[from] std::io::Error),
    /// A required column is missing from the header.
    #[error("missing column `{column}` in the header")]
    MissingColumn {
        /// The missing column's name.
        column: &'static str,
    },
    /// A field of a data row is invalid.
    #[error("line {line}, field `{field}`: {message}")]
    InvalidField {
        /// 1-based line number in the input (the header is line 1).
        line: u64,
        /// The column name.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}
