//! Shipments in, alerts out: `POST /shipments` (NDJSON, bearer token,
//! idempotent by declaration id), `GET /alerts` and `GET /alerts/stream`
//! (server-sent events). The work is `chokepoint-pipeline`'s, the same as
//! `chokepoint watch`: a posted body is kept as an intake file, ingested
//! once, scored against the stored context and its alerts committed once.

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::{text_column, utf8_array};
use chokepoint_datadir::DataDir;
use chokepoint_pipeline::{LiveContext, PostedIntake, RiskSources, intake_posted};
use chokepoint_risk::{RiskRules, ShipmentRisk};
use chokepoint_store::Store;
use datafusion::scalar::ScalarValue;
use futures::Stream;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::{Mutex, OnceCell, Semaphore, broadcast};

use crate::{AppError, AppState, Limits};

/// Intake and alert feed state.
pub(crate) struct LiveState {
    token: Option<String>,
    rules: RiskRules,
    /// The risk context, loaded on first use; the lock serialises posts.
    context: Mutex<Option<HeldContext>>,
    feed: broadcast::Sender<Value>,
    poller: OnceCell<()>,
    /// One permit per open `/alerts/stream`, held by the stream.
    streams: Arc<Semaphore>,
    max_streams: usize,
}

/// The risk context with what it was loaded from, and the last ranking.
pub(crate) struct HeldContext {
    live: LiveContext,
    /// Versions of the tables it read besides `shipments`, and the index
    /// generation: when one changes, the context is loaded again.
    sources: (Vec<Option<u64>>, Option<u64>),
    /// Every table's version when it last caught up: unchanged, there is
    /// no new ingest to look for.
    seen: Vec<Option<u64>>,
    /// The last ranking of stored shipments: how many were kept, and those,
    /// as of `seen`.
    ranking: Option<(usize, Vec<ShipmentRisk>)>,
}

/// The versions of the tables a `LiveContext` reads when loaded, besides
/// `shipments` (whose new ingests it catches up with instead).
fn source_versions(versions: &[Option<u64>]) -> Vec<Option<u64>> {
    TableKind::ALL
        .iter()
        .zip(versions)
        .filter(|(kind, _)| matches!(kind, TableKind::ResolutionDecisions | TableKind::Relations))
        .map(|(_, version)| *version)
        .collect()
}

impl LiveState {
    pub(crate) fn new(token: Option<String>, rules: RiskRules, limits: &Limits) -> LiveState {
        LiveState {
            token,
            rules,
            context: Mutex::new(None),
            feed: broadcast::channel(1024).0,
            poller: OnceCell::new(),
            streams: Arc::new(Semaphore::new(limits.event_streams)),
            max_streams: limits.event_streams,
        }
    }
}

fn pipeline_error(error: chokepoint_pipeline::PipelineError) -> AppError {
    match error {
        not_shipments @ chokepoint_pipeline::PipelineError::NotShipments(_) => {
            AppError::BadRequest(not_shipments.to_string())
        }
        other => AppError::Internal(other.to_string()),
    }
}

fn check_token(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let Some(expected) = &state.live().token else {
        return Err(AppError::Unauthorized(
            "shipment intake is disabled: start the server with --token (or CHOKEPOINT_API_TOKEN)"
                .into(),
        ));
    };
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        None => Err(AppError::Unauthorized(
            "missing bearer token (Authorization: Bearer TOKEN)".into(),
        )),
        // Constant-time comparison: the token is a secret.
        Some(given)
            if given.len() == expected.len()
                && given
                    .bytes()
                    .zip(expected.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0 =>
        {
            Ok(())
        }
        Some(_) => Err(AppError::Unauthorized("invalid bearer token".into())),
    }
}

/// `POST /shipments`: NDJSON shipment records (the shipments layout of
/// `chokepoint ingest`). Records whose `declaration_id` is already stored
/// are skipped; the rest are ingested (bad rows kept in `rejects`), scored
/// and their alerts recorded. Returns what happened to each.
#[utoipa::path(post, path = "/shipments", tag = "shipments",
    request_body(content = String, content_type = "application/x-ndjson", description = "One shipment record (JSON object) per line"),
    responses((status = 200, description = "accepted, duplicate and rejected records, alerts raised"),
              (status = 400, description = "empty body or no record"), (status = 401, description = "missing or invalid bearer token")),
    security(("bearer" = [])))]
pub(crate) async fn post_shipments(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<Json<Value>, AppError> {
    check_token(&state, &headers)?;
    let lines: Vec<(usize, &str)> = body
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    if lines.is_empty() {
        return Err(AppError::BadRequest(
            "empty body: expected NDJSON shipment records, one per line".into(),
        ));
    }
    let store = Store::open(state.data())?;
    let mut guard = state.live().context.lock().await;
    let live = &mut loaded(&state, &store, &mut guard).await?.live;
    let intake_dir = DataDir::new(state.data()).intake();
    let posted = intake_posted(&store, &intake_dir, live, &lines)
        .await
        .map_err(pipeline_error)?;
    for alert in posted.taken.iter().flat_map(|taken| &taken.alerts) {
        let _ = state.live().feed.send(alert.clone());
    }
    Ok(Json(posted_json(&posted)))
}

/// The answer to a post: what became of each record.
fn posted_json(posted: &PostedIntake) -> Value {
    let duplicates: Vec<Value> = posted
        .duplicates
        .iter()
        .map(|d| json!({"line": d.line, "declaration_id": d.declaration_id}))
        .collect();
    let Some(taken) = &posted.taken else {
        return json!({"accepted": 0, "duplicates": duplicates, "rejected": [], "alerts": []});
    };
    json!({
        "accepted": taken.risks.len(),
        "duplicates": duplicates,
        "rejected": taken.rejected.iter().map(|r| json!({"line": r.line, "field": r.field, "reason": r.reason})).collect::<Vec<_>>(),
        "scored": taken.risks.iter().map(|r| json!({"declaration_id": r.declaration_id, "score": r.score})).collect::<Vec<_>>(),
        "alerts": taken.alerts,
    })
}

/// The risk context, loaded from the store on first use and again when
/// decisions, relations or the lists changed; otherwise caught up with
/// ingests written since (by posts, `chokepoint watch` or `ingest`).
async fn loaded<'g>(
    state: &AppState,
    store: &Store,
    guard: &'g mut Option<HeldContext>,
) -> Result<&'g mut HeldContext, AppError> {
    // Read before loading or catching up, so a commit landing meanwhile is
    // never taken as already seen.
    let versions = store.committed_versions();
    let watchlist = state.watchlist().await.ok();
    let sources = (
        source_versions(&versions),
        watchlist.as_ref().map(|w| w.generation()),
    );
    match guard {
        Some(held) if held.sources == sources => {
            if held.seen != versions {
                held.live.catch_up(store).await.map_err(pipeline_error)?;
                held.seen = versions;
                held.ranking = None;
            }
        }
        _ => {
            let risk_sources = RiskSources {
                rules: state.live().rules.clone(),
                relation_files: Vec::new(),
                index: watchlist.map(|w| w.shared_index()),
            };
            let live = LiveContext::load(store, risk_sources)
                .await
                .map_err(pipeline_error)?;
            *guard = Some(HeldContext {
                live,
                sources,
                seen: versions,
                ranking: None,
            });
        }
    }
    Ok(guard.as_mut().expect("loaded above"))
}

/// The `n` highest-scoring stored shipments (the dashboard's shipments
/// page), against the context kept for posted shipments. The ranking is
/// kept until a table has a new commit: scoring every stored shipment is
/// the page's whole cost.
pub(crate) async fn top_risks(state: &AppState, n: usize) -> Result<Vec<ShipmentRisk>, AppError> {
    let store = Store::open(state.data())?;
    let mut guard = state.live().context.lock().await;
    let held = loaded(state, &store, &mut guard).await?;
    if let Some((kept, ranked)) = &held.ranking
        && *kept == n
    {
        return Ok(ranked.clone());
    }
    let ranked = if held.live.records() == 0 {
        Vec::new()
    } else {
        let context = held.live.context();
        let mut ranked = chokepoint_pipeline::score_stored(
            &store,
            &context,
            &chokepoint_pipeline::ShipmentFilter::All,
            0.0,
        )
        .await
        .map_err(pipeline_error)?;
        ranked.truncate(n);
        ranked
    };
    held.ranking = Some((n, ranked.clone()));
    Ok(ranked)
}

/// A text column of every batch, nulls as empty strings.
fn strings(batches: &[RecordBatch], column: &str) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    for batch in batches {
        out.extend(text_column(batch, column)?);
    }
    Ok(out)
}

/// `GET /alerts` parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub(crate) struct AlertsParams {
    /// Alerts returned at most (default 100, at most 10,000).
    limit: Option<usize>,
    /// Only alerts on shipments dated on or after this day (YYYY-MM-DD).
    since: Option<String>,
}

/// The columns of an alert as served (`/alerts`, the stream, `/live`):
/// the `alerts` table less its ingest id, the date as text.
pub(crate) const ALERT_COLUMNS: &str = "declaration_id, CAST(date AS VARCHAR) AS date, score, shipper_name, consignee_name, \
     consignee_country, destination_country, hs_code, value_usd, reasons, raised_at, source_file";

/// One column of alert rows, read once per batch.
enum AlertColumn {
    Number(arrow::array::Float64Array),
    Text(arrow::array::StringArray),
    /// The reasons, JSON text parsed back into JSON.
    Reasons(arrow::array::StringArray),
}

/// Alert rows as JSON, the reasons parsed.
pub(crate) fn alert_rows(batches: &[RecordBatch]) -> Result<Vec<Value>, AppError> {
    let mut rows = Vec::new();
    for batch in batches {
        let schema = batch.schema();
        let columns = schema
            .fields()
            .iter()
            .zip(batch.columns())
            .map(|(field, column)| {
                Ok(match field.name().as_str() {
                    "score" | "value_usd" => AlertColumn::Number(
                        cast(column, &DataType::Float64)?
                            .as_primitive::<Float64Type>()
                            .clone(),
                    ),
                    "reasons" => AlertColumn::Reasons(utf8_array(column)?),
                    _ => AlertColumn::Text(utf8_array(column)?),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        for row in 0..batch.num_rows() {
            let mut object = serde_json::Map::new();
            for (field, column) in schema.fields().iter().zip(&columns) {
                let value = match column {
                    AlertColumn::Number(numbers) if numbers.is_valid(row) => {
                        json!(numbers.value(row))
                    }
                    AlertColumn::Text(text) if text.is_valid(row) => {
                        Value::String(text.value(row).to_string())
                    }
                    AlertColumn::Reasons(text) if text.is_valid(row) => {
                        let text = text.value(row).to_string();
                        serde_json::from_str(&text).unwrap_or(Value::String(text))
                    }
                    _ => Value::Null,
                };
                object.insert(field.name().clone(), value);
            }
            rows.push(Value::Object(object));
        }
    }
    Ok(rows)
}

/// `GET /alerts`: the latest alerts, newest first.
#[utoipa::path(get, path = "/alerts", tag = "shipments", params(AlertsParams),
    responses((status = 200, description = "alerts, newest first"), (status = 400, description = "bad parameter")))]
pub(crate) async fn alerts(
    State(state): State<AppState>,
    Query(params): Query<AlertsParams>,
) -> Result<Json<Value>, AppError> {
    let limit = params.limit.unwrap_or(100);
    if !(1..=10_000).contains(&limit) {
        return Err(AppError::BadRequest(format!(
            "limit {limit}: expected 1 to 10000"
        )));
    }
    let (filter, params) = match &params.since {
        Some(since) => {
            let Some(day) = chokepoint_risk::day_of_iso(since) else {
                return Err(AppError::BadRequest(format!(
                    "since {since:?}: expected a date YYYY-MM-DD"
                )));
            };
            ("WHERE date >= $1", vec![ScalarValue::Date32(Some(day))])
        }
        None => ("", Vec::new()),
    };
    let ctx = state.session().await?;
    let sql = format!(
        "SELECT {ALERT_COLUMNS} FROM alerts {filter} ORDER BY raised_at DESC, score DESC, declaration_id LIMIT {limit}"
    );
    let batches = state
        .timed(async {
            Ok(ctx
                .sql(&sql)
                .await?
                .with_param_values(params)?
                .collect()
                .await?)
        })
        .await?;
    let rows = alert_rows(&batches)?;
    Ok(Json(json!({"alerts": rows, "count": rows.len()})))
}

/// `GET /alerts/stream`: each new alert as a server-sent event (`event:
/// alert`, data the alert JSON), whether raised by `POST /shipments` or by a
/// `chokepoint watch` writing to the same data directory.
#[utoipa::path(get, path = "/alerts/stream", tag = "shipments",
    responses((status = 200, description = "text/event-stream of alerts", content_type = "text/event-stream"),
        (status = 503, description = "As many streams are open as the server allows", body = crate::ErrorBody)))]
pub(crate) async fn alerts_stream(
    State(state): State<AppState>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let Ok(permit) = state.live().streams.clone().try_acquire_owned() else {
        return Err(AppError::Unavailable(format!(
            "too many open alert streams (at most {}): try again later",
            state.live().max_streams
        )));
    };
    let receiver = state.live().feed.subscribe();
    state
        .live()
        .poller
        .get_or_init(|| async {
            tokio::spawn(poll_alerts(state.clone()));
        })
        .await;
    // The permit travels with the stream and is released when the client goes.
    let stream = futures::stream::unfold((receiver, permit), |(mut receiver, permit)| async move {
        loop {
            match receiver.recv().await {
                Ok(alert) => {
                    let event = Event::default().event("alert").data(alert.to_string());
                    return Some((Ok(event), (receiver, permit)));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Feeds alerts committed by other processes (`chokepoint watch`) into the
/// stream: watches the ingest ids of the `alerts` table.
async fn poll_alerts(state: AppState) {
    let ingest_ids = |state: AppState| async move {
        let ctx = state.session().await.ok()?;
        let batches = ctx
            .sql("SELECT DISTINCT ingest_id FROM alerts")
            .await
            .ok()?
            .collect()
            .await
            .ok()?;
        strings(&batches, "ingest_id")
            .ok()
            .map(|ids| ids.into_iter().collect::<HashSet<String>>())
    };
    let mut known = ingest_ids(state.clone()).await.unwrap_or_default();
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let Some(now) = ingest_ids(state.clone()).await else {
            continue;
        };
        let new: Vec<&String> = now.difference(&known).collect();
        if !new.is_empty() {
            // One placeholder per new ingest id: the ids are values, not SQL.
            let placeholders: Vec<String> = (1..=new.len()).map(|n| format!("${n}")).collect();
            let params: Vec<ScalarValue> = new
                .iter()
                .map(|id| ScalarValue::from(id.as_str()))
                .collect();
            let sql = format!(
                "SELECT {ALERT_COLUMNS} FROM alerts WHERE ingest_id IN ({}) ORDER BY score DESC",
                placeholders.join(", ")
            );
            let posted_here = |alert: &Value| {
                alert
                    .get("source_file")
                    .and_then(Value::as_str)
                    .is_some_and(|s| s.contains("/intake/posted-"))
            };
            if let Ok(ctx) = state.session().await
                && let Ok(frame) = ctx.sql(&sql).await
                && let Ok(frame) = frame.with_param_values(params)
                && let Ok(batches) = frame.collect().await
                && let Ok(rows) = alert_rows(&batches)
            {
                for row in rows.into_iter().filter(|row| !posted_here(row)) {
                    let _ = state.live().feed.send(row);
                }
            }
        }
        known = now;
    }
}
