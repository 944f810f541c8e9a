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
        description = "Trade analytics over the Chokepoint ledger: origin shares, totals, surges, diversion corridors, claim checks, read-only SQL, yente-compatible sanctions screening (/match, /search, /entities, /algorithms, /catalog), and shipment intake with risk alerts (/shipments, /alerts, /alerts/stream)."
    ),
    paths(
        crate::health::healthz,
        crate::health::readyz,
        crate::metrics::metrics,
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
        crate::live_api::post_shipments,
        crate::live_api::alerts,
        crate::live_api::alerts_stream,
    ),
    components(schemas(ErrorBody, crate::sql::SqlRequest)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// The bearer token scheme of `POST /shipments`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `GET /openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
