//! Trade analytics endpoints: the CLI's commands with the same parameters,
//! read into the same `chokepoint_analytics` parameter structs (whose doc
//! comments are also the OpenAPI descriptions). Answers are kept per
//! (question, table versions) by `AppState::answer`. Each handler is named
//! after its path, as utoipa takes the name for the operation id; the
//! analytics functions of the same names are called as `analytics::...`.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chokepoint_analytics as analytics;
use chokepoint_analytics::{
    ClaimCheck, Corridor, CorridorsParams, SharesParams, Surge, SurgesParams, TotalsParams,
    check_claims, claims_table, corridors_table, from_query, origin_shares, parse_claims,
    surges_table,
};
use serde_json::{Value, json};

use crate::answers::{Answer, Format, Question};
use crate::respond::rows_answer;
use crate::{AppError, AppState};

/// Origin shares of a destination's imports of a basket, by period.
#[utoipa::path(get, path = "/api/trade/shares", tag = "trade",
    params(SharesParams),
    responses((status = 200, description = "Rows: period, origin, value_usd, share (JSON, or CSV with Accept: text/csv)"),
              (status = 400, description = "Invalid parameter", body = crate::openapi::ErrorBody)))]
pub async fn shares(
    State(state): State<AppState>,
    RawQuery(text): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let params: SharesParams = from_query(text.as_deref().unwrap_or_default())?;
    let query = params.to_query(&state.reference().baskets)?;
    let format = Format::of(&headers);
    let question = Question::api("shares", format, &query);
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            rows_answer(&origin_shares(&ctx, &query).await?, format)
        })
        .await
}

/// Cumulative value and quantity of a basket from origins to a destination.
#[utoipa::path(get, path = "/api/trade/totals", tag = "trade",
    params(TotalsParams),
    responses((status = 200, description = "Monthly series with running totals"),
              (status = 400, description = "Invalid parameter", body = crate::openapi::ErrorBody)))]
pub async fn totals(
    State(state): State<AppState>,
    RawQuery(text): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let params: TotalsParams = from_query(text.as_deref().unwrap_or_default())?;
    let query = params.to_query(&state.reference().baskets)?;
    let format = Format::of(&headers);
    let question = Question::api("totals", format, &query);
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            rows_answer(&analytics::totals(&ctx, &query).await?, format)
        })
        .await
}

/// Ranked surges with their evidence and series.
#[utoipa::path(get, path = "/api/trade/surges", tag = "trade",
    params(SurgesParams),
    responses((status = 200, description = "Surges, strongest first"),
              (status = 400, description = "Invalid parameter", body = crate::openapi::ErrorBody)))]
pub async fn surges(
    State(state): State<AppState>,
    RawQuery(text): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let params: SurgesParams = from_query(text.as_deref().unwrap_or_default())?;
    let query = params.to_query(&state.reference().baskets)?;
    let format = Format::of(&headers);
    let question = Question::api("surges", format, &query);
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            let found = analytics::surges(&ctx, &query).await?;
            match format {
                Format::Csv => rows_answer(&[surges_table(&found)], format),
                Format::Json => Answer::json(
                    &found
                        .iter()
                        .enumerate()
                        .map(|(i, s)| surge_json(i + 1, s))
                        .collect::<Vec<_>>(),
                ),
            }
        })
        .await
}

fn surge_json(rank: usize, s: &Surge) -> Value {
    json!({
        "rank": rank,
        "exporter": s.exporter,
        "importer": s.importer,
        "reported_by": s.reported_by,
        "code": s.code,
        "period": s.period.to_string(),
        "amount": s.amount,
        "unit": s.unit,
        "value_usd": s.value_usd,
        "previous": s.previous,
        "month_on_month": s.month_on_month,
        "year_ago": s.year_ago,
        "year_on_year": s.year_on_year,
        "baseline": s.baseline,
        "baseline_ratio": s.baseline_ratio,
        "expected": s.expected,
        "robust_score": s.robust_score,
        "methods": s.methods.iter().map(|m| m.name()).collect::<Vec<_>>(),
        "quantity": s.quantity.as_ref().map(|(q, u)| json!({"value": q, "unit": u})),
        "quantity_alternative": s.quantity_alternative.as_ref().map(|(q, u)| json!({"value": q, "unit": u})),
        "explanation": s.explanation(),
        "series": s.series.iter().map(|(p, v)| json!([p.to_string(), v])).collect::<Vec<_>>(),
    })
}

/// Third countries ranked by evidence of re-export to the destination.
#[utoipa::path(get, path = "/api/trade/corridors", tag = "trade",
    params(CorridorsParams),
    responses((status = 200, description = "Corridors, strongest first"),
              (status = 400, description = "Invalid parameter", body = crate::openapi::ErrorBody)))]
pub async fn corridors(
    State(state): State<AppState>,
    RawQuery(text): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let params: CorridorsParams = from_query(text.as_deref().unwrap_or_default())?;
    let query = params.to_query(&state.reference().baskets)?;
    let format = Format::of(&headers);
    let question = Question::api("corridors", format, &query);
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            let found = analytics::corridors(&ctx, &query).await?;
            let destination = query.destination.alpha3();
            match format {
                Format::Csv => rows_answer(&[corridors_table(&found, destination)], format),
                Format::Json => Answer::json(
                    &found
                        .iter()
                        .enumerate()
                        .map(|(i, c)| corridor_json(i + 1, c, destination))
                        .collect::<Vec<_>>(),
                ),
            }
        })
        .await
}

fn corridor_json(rank: usize, c: &Corridor, destination: &str) -> Value {
    json!({
        "rank": rank,
        "hub": c.hub,
        "score": c.score,
        "evidence": c.evidence().iter().map(|(name, v)| json!({"name": name, "value": v})).collect::<Vec<_>>(),
        "source_to_hub": {"before": c.source_to_hub.0, "after": c.source_to_hub.1, "growth": c.source_growth},
        "hub_to_destination": {"before": c.hub_to_destination.0, "after": c.hub_to_destination.1, "growth": c.onward_growth},
        "co_movement": c.co_movement,
        "pass_through": c.pass_through,
        "lost_in_transit": {"before": c.lost_in_transit.0, "after": c.lost_in_transit.1},
        "destination_reported": {"before": c.destination_reported.0, "after": c.destination_reported.1},
        "explanation": c.explanation(destination),
        "series": c.series.iter().map(|(p, a, b)| json!([p.to_string(), a, b])).collect::<Vec<_>>(),
    })
}

/// Checks the claims of a TOML claim file sent as the body.
#[utoipa::path(post, path = "/api/trade/check", tag = "trade",
    request_body(content = String, content_type = "application/toml", description = "A claim file ([[claim]] tables)"),
    responses((status = 200, description = "One verdict per claim"),
              (status = 400, description = "Invalid claim file", body = crate::openapi::ErrorBody),
              (status = 413, description = "Body too large", body = crate::openapi::ErrorBody)))]
pub async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, AppError> {
    let claims = parse_claims(&body, "request body", &state.reference().baskets)?;
    let format = Format::of(&headers);
    let question = Question::api("check", format, &claims);
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            let checks = check_claims(&ctx, &claims).await?;
            match format {
                Format::Csv => rows_answer(&[claims_table(&checks)], format),
                Format::Json => Answer::json(&checks.iter().map(check_json).collect::<Vec<_>>()),
            }
        })
        .await
}

fn check_json(c: &ClaimCheck) -> Value {
    json!({
        "id": c.claim.id,
        "statement": c.claim.statement,
        "source": c.claim.source,
        "computed": c.computed,
        "claimed": c.claim.claimed,
        "tolerance": c.claim.tolerance,
        "verdict": c.verdict.name(),
        "detail": c.detail,
        "queries": c.queries,
    })
}
