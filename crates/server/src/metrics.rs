//! `GET /metrics`: the answer cache's counters and sizes in the Prometheus
//! text format.

use std::fmt::Write;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Counters of the answer cache (hits, computations, shared waits, 304s,
/// evictions) and its entries, bytes and byte bound.
#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let stats = state.answer_stats().await;
    let mut text = String::new();
    for (name, kind, help, value) in [
        (
            "hits_total",
            "counter",
            "Answers served from the cache.",
            stats.hits,
        ),
        (
            "computed_total",
            "counter",
            "Answers computed (started), each by one request.",
            stats.computed,
        ),
        (
            "shared_total",
            "counter",
            "Requests that waited for a concurrent request's computation.",
            stats.shared,
        ),
        (
            "not_modified_total",
            "counter",
            "Requests answered 304 Not Modified.",
            stats.not_modified,
        ),
        (
            "evictions_total",
            "counter",
            "Answers evicted to stay within the byte bound.",
            stats.evictions,
        ),
        ("entries", "gauge", "Answers kept.", stats.entries),
        (
            "bytes",
            "gauge",
            "Bytes of the answers kept (bodies, keys, overhead).",
            stats.bytes,
        ),
        (
            "capacity_bytes",
            "gauge",
            "The byte bound of the cache.",
            stats.capacity,
        ),
    ] {
        let name = format!("chokepoint_answer_cache_{name}");
        // Writing to a String cannot fail.
        let _ = writeln!(
            text,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        );
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        text,
    )
        .into_response()
}
