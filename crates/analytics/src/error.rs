use thiserror::Error;

/// Errors of the analytics plans.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AnalyticsError {
    /// A query parameter is invalid.
    #[error("invalid {parameter}: {message}")]
    InvalidParameter {
        /// The parameter (`--group`, `--top`, ...).
        parameter: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Planning or running the query failed.
    #[error(transparent)]
    Query(#[from] datafusion::error::DataFusionError),
}

impl From<AnalyticsError> for datafusion::error::DataFusionError {
    fn from(error: AnalyticsError) -> Self {
        match error {
            AnalyticsError::Query(inner) => inner,
            other => datafusion::error::DataFusionError::External(Box::new(other)),
        }
    }
}
