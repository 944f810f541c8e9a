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
        crate::trade::totals,
        crate::trade::surges,
        crate::trade::corridors,
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

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use utoipa::OpenApi;

    use super::ApiDoc;

    fn parameters(path: &str) -> Vec<Value> {
        let document = serde_json::to_value(ApiDoc::openapi()).unwrap();
        document["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has parameters"))
            .clone()
    }

    fn named<'a>(parameters: &'a [Value], name: &str) -> &'a Value {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("parameter {name} in {parameters:?}"))
    }

    /// The trade endpoints' parameters come from the analytics parameter
    /// structs: their names, their doc comments, their choices and defaults.
    #[test]
    fn trade_parameters_come_from_the_parameter_structs() {
        let shares = parameters("/api/trade/shares");
        let names: Vec<&str> = shares.iter().filter_map(|p| p["name"].as_str()).collect();
        assert_eq!(
            names,
            [
                "basket", "to", "by", "from", "until", "group", "top", "source"
            ]
        );
        for parameter in &shares {
            assert_eq!(parameter["in"], "query", "{parameter}");
            let description = parameter["description"].as_str().unwrap_or_default();
            assert!(!description.is_empty(), "undocumented: {parameter}");
        }
        assert_eq!(named(&shares, "basket")["required"], true);
        let by = named(&shares, "by");
        assert_eq!(by["schema"]["default"], "year", "{by}");
        assert_eq!(named(&shares, "top")["schema"]["default"], 10);
        let corridors = parameters("/api/trade/corridors");
        assert_eq!(named(&corridors, "cif_fob")["schema"]["default"], 0.06);
        let surges = parameters("/api/trade/surges");
        assert_eq!(
            named(&surges, "baseline")["schema"]["default"],
            "2021-01..2021-12"
        );
        assert_eq!(parameters("/api/trade/totals").len(), 7);
    }
}
