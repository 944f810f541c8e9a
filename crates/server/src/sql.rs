//! `POST /sql`: read-only SQL. DDL, DML (including COPY) and statements
//! (SET, transactions) are refused by DataFusion's planner through
//! `SQLOptions`, not by matching text; rows and time are limited.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use datafusion::execution::context::SQLOptions;
use datafusion::logical_expr::LogicalPlan;
use serde::Deserialize;

use crate::respond::rows;
use crate::{AppError, AppState};

/// A query.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SqlRequest {
    /// One SELECT (or WITH … SELECT, EXPLAIN) statement.
    pub query: String,
    /// Most rows returned (capped by the server's limit).
    pub limit: Option<usize>,
}

/// Runs a read-only query over flows, shipments, rejects and the reference tables.
#[utoipa::path(post, path = "/sql", tag = "sql",
    request_body = SqlRequest,
    responses((status = 200, description = "Rows (JSON, or CSV with Accept: text/csv)"),
              (status = 400, description = "Not a read-only query, or invalid SQL", body = crate::openapi::ErrorBody),
              (status = 504, description = "Query time limit exceeded", body = crate::openapi::ErrorBody)))]
pub async fn sql(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(request): Json<SqlRequest>,
) -> Result<Response, AppError> {
    let max_rows = state.limits().sql_rows;
    let limit = request.limit.unwrap_or(max_rows).min(max_rows);
    let options = SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false);
    let batches = state
        .timed(async {
            let ctx = state.session().await?;
            let frame = ctx
                .sql_with_options(&request.query, options)
                .await
                .map_err(|e| AppError::BadRequest(format!("query refused: {e}")))?;
            // EXPLAIN must stay the root of its plan: it answers with a
            // few rows of plan text, so it needs no row limit.
            let is_explain = matches!(
                frame.logical_plan(),
                LogicalPlan::Explain(_) | LogicalPlan::Analyze(_)
            );
            let frame = if is_explain {
                frame
            } else {
                frame
                    .limit(0, Some(limit))
                    .map_err(|e| AppError::BadRequest(e.to_string()))?
            };
            frame
                .collect()
                .await
                .map_err(|e| AppError::BadRequest(format!("query failed: {e}")))
        })
        .await?;
    rows(&batches, &headers)
}
