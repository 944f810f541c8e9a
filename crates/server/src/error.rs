//! `AppError`: every failure as `{"detail": ...}` with the right status.
//! Bad input is the client's: a 4xx, not logged. Anything else is a 500
//! with a generic message, logged once here.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chokepoint_analytics::{AnalyticsError, ClaimFileError};
use serde_json::json;

/// An error answered to a client. `Clone`, because one failed computation
/// is the answer of every request that waited for it.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// The request is invalid (parameter, body, SQL).
    #[error("{0}")]
    BadRequest(String),
    /// Nothing at that path or with that id.
    #[error("{0}")]
    NotFound(String),
    /// The query ran past its time limit.
    #[error("{0}")]
    Timeout(String),
    /// The request lacks valid credentials (bearer token).
    #[error("{0}")]
    Unauthorized(String),
    /// The service cannot answer yet (no data directory, tables unreadable).
    #[error("{0}")]
    Unavailable(String),
    /// A failure on our side; the message is logged, not sent.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let detail = match &self {
            AppError::Internal(message) => {
                tracing::error!(%message, "internal error");
                "internal error".to_string()
            }
            other => other.to_string(),
        };
        let mut response = (status, Json(json!({ "detail": detail }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl From<AnalyticsError> for AppError {
    fn from(error: AnalyticsError) -> Self {
        if let Some(message) = chokepoint_store::describe_resources_exhausted(&error) {
            // Over the session memory limit: say so (503, not logged as a bug).
            return AppError::Unavailable(message);
        }
        match error {
            AnalyticsError::InvalidParameter { .. } => AppError::BadRequest(error.to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<ClaimFileError> for AppError {
    fn from(error: ClaimFileError) -> Self {
        AppError::BadRequest(error.to_string())
    }
}

impl From<datafusion::error::DataFusionError> for AppError {
    fn from(error: datafusion::error::DataFusionError) -> Self {
        match chokepoint_store::describe_resources_exhausted(&error) {
            Some(message) => AppError::Unavailable(message),
            None => AppError::Internal(error.to_string()),
        }
    }
}

impl From<arrow::error::ArrowError> for AppError {
    fn from(error: arrow::error::ArrowError) -> Self {
        AppError::Internal(error.to_string())
    }
}

impl From<chokepoint_store::StoreError> for AppError {
    fn from(error: chokepoint_store::StoreError) -> Self {
        AppError::Unavailable(format!("data directory: {error}"))
    }
}
