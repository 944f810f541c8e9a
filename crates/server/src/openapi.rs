//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::Json;
use serde::Serialize;
use utoipa::OpenApi;

/// Every error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub detail: String,
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Chokepoint API",
        description = "Trade analytics over the Chokepoint ledger: origin shares, totals, surges, diversion corridors, claim checks, read-only SQL, and yente-compatible sanctions screening (/match, /search, /entities, /algorithms, /catalog)."
    ),
    paths(
        crate::health::healthz,
        crate::health::readyz,
        crate::trade::shares,
        crate::trade::totals_handler,
        crate::trade::surges_handler,
        crate::trade::corridors_handler,
        crate::trade::check,
        crate::sql::sql,
        crate::yente::match_entities,
        crate::yente::search,
        crate::yente::entity,
        crate::yente::algorithms,
        crate::yente::catalog,
    ),
    components(schemas(ErrorBody, crate::sql::SqlRequest))
)]
pub struct ApiDoc;

/// `GET /openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
