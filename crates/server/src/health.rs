//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::{AppError, AppState};

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "Alive")))]
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The data directory opens and its tables register; the screening index is
/// reported (generation and lists) but not required, so a trade-only server is
/// ready without lists.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "Ready"),
              (status = 503, description = "Tables cannot be opened", body = crate::openapi::ErrorBody)))]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    let ctx = state.session().await?;
    let mut tables = ctx
        .catalog("datafusion")
        .and_then(|c| c.schema("public"))
        .map(|s| s.table_names())
        .unwrap_or_default();
    tables.sort();
    let screening = match state.watchlist().await {
        Ok(watchlist) => json!({
            "generation": watchlist.generation(),
            "entities": watchlist.index().len(),
            "lists": watchlist.lists().iter().map(|l| l.list.clone()).collect::<Vec<_>>(),
        }),
        Err(error) => json!({ "unavailable": error.to_string() }),
    };
    Ok(Json(
        json!({ "status": "ready", "tables": tables, "screening": screening }),
    ))
}
