//! The HTTP API of Chokepoint: one axum router over the same library calls as
//! the CLI.
//!
//! Handlers parse text parameters with `chokepoint_analytics`'s parsers, run
//! them on a DataFusion session over the Delta tables as last committed and
//! answer JSON, or CSV on `Accept: text/csv`. The rendered answers of the
//! analytics endpoints and trade pages are kept per (question, committed
//! table versions) in bounded memory, so a repeated question costs no query
//! until any table has a new commit; concurrent identical questions are
//! computed once (`answers` module, counters at `/metrics`). Every error is
//! `{"detail": ...}` with its status, including the ones produced by the
//! body limit and the router itself.
//!
//! The screening endpoints (`/match`, `/search`, `/entities`, `/algorithms`,
//! `/catalog`) speak yente's wire format over the index of `<data>/lists`,
//! so existing yente clients work unchanged; see the `yente` module.
//!
//! The dashboard pages (`/`, `/goods`, `/surges`, `/corridors`,
//! `/screening`, `/entity/{id}`) are HTML rendered here, with no script;
//! see the `dashboard` module.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use chokepoint_server::{AppState, Limits, router};
//! use chokepoint_store::ReferenceData;
//! use chokepoint_catalog::{BasketSet, HsNomenclature};
//!
//! let reference = ReferenceData { baskets: BasketSet::builtin(), nomenclature: HsNomenclature::new() };
//! let state = AppState::new("chokepoint-data".into(), reference, Limits::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, router(state)).await?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod answers;
mod connection;
mod dashboard;
mod error;
mod health;
mod host;
mod index_state;
mod live_api;
mod metrics;
mod openapi;
mod respond;
mod sql;
mod state;
mod trade;
mod yente;
mod yente_model;

use axum::Router;
use axum::body::to_bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use tower::limit::GlobalConcurrencyLimitLayer;

pub use error::AppError;
pub use host::AllowedHosts;
pub use openapi::{ApiDoc, ErrorBody};
pub use state::{AppState, Limits};
pub use yente::parse_match_request;
pub use yente_model::ParsedQuery;

/// The router with every endpoint and limit.
pub fn router(state: AppState) -> Router {
    let limits = state.limits();
    Router::new()
        .route("/", get(dashboard::overview_page))
        .route("/goods", get(dashboard::goods_page))
        .route("/surges", get(dashboard::surges_page))
        .route("/corridors", get(dashboard::corridors_page))
        .route("/screening", get(dashboard::screening_page))
        .route("/entity/{id}", get(dashboard::entity_page))
        .route("/live", get(dashboard::live_page))
        .route("/shipments", post(live_api::post_shipments))
        .route("/alerts", get(live_api::alerts))
        .route("/alerts/stream", get(live_api::alerts_stream))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/api/trade/shares", get(trade::shares))
        .route("/api/trade/totals", get(trade::totals))
        .route("/api/trade/surges", get(trade::surges))
        .route("/api/trade/corridors", get(trade::corridors))
        .route("/api/trade/check", post(trade::check))
        .route("/sql", post(sql::sql))
        .route("/match/{dataset}", post(yente::match_entities))
        .route("/search/{dataset}", get(yente::search))
        .route("/entities/{id}", get(yente::entity))
        .route("/algorithms", get(yente::algorithms))
        .route("/catalog", get(yente::catalog))
        .fallback(not_found)
        .layer(axum::middleware::map_response(json_errors))
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            limits.read_timeout,
            connection::body_deadline,
        ))
        // One limit for the whole server: `Router::layer` gives every route
        // its own copy of a layer, so a per-service limit would be per route.
        .layer(GlobalConcurrencyLimitLayer::new(limits.concurrency))
        .layer(axum::middleware::from_fn_with_state(
            state.allowed_hosts(),
            host::check_host,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// What the dashboard's pages may load: they are rendered on the server
/// with inline SVG charts, one inline `<style>`, at most one inline
/// `<script>` (the live page's, which opens `/alerts/stream`) and a `data:`
/// icon; nothing from elsewhere, no plugins, no framing, forms only to us.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'unsafe-inline'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Sets the security headers on every response (replacing a handler's own).
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn not_found() -> AppError {
    AppError::NotFound("no such endpoint".into())
}

/// Error responses made outside our handlers (body limit, malformed JSON,
/// wrong method, bad query string) come as plain text: rewrap them as
/// `{"detail": ...}` so clients see one error shape. HTML error pages of the
/// dashboard (an unknown entity) are meant for people and pass unchanged.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json_or_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_json_or_html {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let mut detail = String::from_utf8_lossy(&text).trim().to_string();
    if detail.is_empty() {
        detail = status
            .canonical_reason()
            .unwrap_or("request failed")
            .to_lowercase();
    }
    let mut response = (parts.status, axum::Json(json!({ "detail": detail }))).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if parts.status == StatusCode::METHOD_NOT_ALLOWED
        && let Some(allow) = parts.headers.get(header::ALLOW)
    {
        response.headers_mut().insert(header::ALLOW, allow.clone());
    }
    response
}

/// Serves `router(state)` on `listener` until Ctrl-C, closing connections
/// whose request headers do not arrive within the read timeout.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let read_timeout = state.limits().read_timeout;
    connection::serve_connections(listener, router(state), read_timeout).await
}
