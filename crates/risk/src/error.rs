//! Errors of risk scoring.

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum RiskError {
    /// A rules file does not parse or names unknown tiers or countries.
    #[error("rules {origin}: {message}")]
    Rules {
        /// The file (or "default").
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// A batch lacks a shipments column or has it with another type.
    #[error("shipments batch: column {column}: {message}")]
    Column {
        /// The column.
        column: &'static str,
        /// What is wrong.
        message: String,
    },
}
