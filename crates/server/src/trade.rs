//! Trade analytics endpoints: the CLI's commands with the same parameter
//! names, parsed by the same `chokepoint_analytics` parsers. Answers are
//! kept per (question, table versions) by `AppState::answer`.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chokepoint_analytics::{
    ClaimCheck, Corridor, RawParams, Surge, check_claims, claims_table, corridor_query, corridors,
    corridors_table, origin_shares, parse_claims, shares_query, surge_query, surges, surges_table,
    totals, totals_query,
};
use serde_json::{Value, json};

use crate::answers::{Answer, Format, Question};
use crate::respond::rows_answer;
use crate::{AppError, AppState};

type Params = Query<Vec<(String, String)>>;

/// Origin shares of a destination's imports of a basket, by period.
#[utoipa::path(get, path = "/api/trade/shares", tag = "trade",
    params(
        ("basket" = String, Query, description = "Basket name, e.g. microelectronics, or HS code prefixes, e.g. 854231,8541"),
        ("to" = String, Query, description = "Destination economy, e.g. RUS"),
        ("by" = Option<String>, Query, description = "month, quarter or year (default year)"),
        ("from" = Option<String>, Query, description = "First month, e.g. 2021-01"),
        ("until" = Option<String>, Query, description = "Last month"),
        ("group" = Option<Vec<String>>, Query, description = "label=CODE,CODE (repeatable)"),
        ("top" = Option<usize>, Query, description = "Largest origins kept (default 10)"),
        ("source" = Option<String>, Query, description = "direct, mirror (default) or both"),
    ),
    responses((status = 200, description = "Rows: period, origin, value_usd, share (JSON, or CSV with Accept: text/csv)"),
              (status = 400, description = "Invalid parameter", body = crate::openapi::ErrorBody)))]
pub async fn shares(
    State(state): State<AppState>,
    Query(pairs): Params,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let query = shares_query(&RawParams::from_pairs(pairs), &state.reference().baskets)?;
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
    params(
        ("basket" = String, Query, description = "Basket name, or HS code prefixes, e.g. 854231,8541"),
        ("from" = String, Query, description = "Origins, comma-separated, e.g. CHN,HKG"),
        ("to" = String, Query, description = "Destination economy"),
        ("since" = String, Query, description = "First month, e.g. 2023-01"),
        ("until" = Option<String>, Query, description = "Last month"),
        ("source" = Option<String>, Query, description = "exporter (default) or importer"),
        ("unit" = Option<String>, Query, description = "Convert quantities, e.g. mi"),
    ),
    responses((status = 200, description = "Monthly series with running totals"),
              (status = 400, description = "Invalid parameter", body = crate::openapi::ErrorBody)))]
pub async fn totals_handler(
    State(state): State<AppState>,
    Query(pairs): Params,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let query = totals_query(&RawParams::from_pairs(pairs), &state.reference().baskets)?;
    let format = Format::of(&headers);
    let question = Question::api("totals", format, &query);
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            rows_answer(&totals(&ctx, &query).await?, format)
        })
        .await
}

/// Ranked surges with their evidence and series.
#[utoipa::path(get, path = "/api/trade/surges", tag = "trade",
    params(
        ("basket" = Option<String>, Query, description = "Only this basket, or HS code prefixes"),
        ("to" = Option<String>, Query, description = "Only flows into this economy"),
        ("from" = Option<String>, Query, description = "Only flows out of this economy"),
        ("measure" = Option<String>, Query, description = "value (default) or quantity"),
        ("min_value" = Option<f64>, Query, description = "Minimum USD of a flagged month (default 100000)"),
        ("baseline" = Option<String>, Query, description = "FIRST..LAST (default 2021-01..2021-12)"),
        ("since" = Option<String>, Query, description = "First month that may be flagged"),
        ("until" = Option<String>, Query, description = "Last month that may be flagged"),
        ("all_points" = Option<bool>, Query, description = "Every flagged month, not the strongest per series"),
        ("top" = Option<usize>, Query, description = "Number of surges (default 20)"),
    ),
    responses((status = 200, description = "Surges, strongest first"),
              (status = 400, description = "Invalid parameter", body = crate::openapi::ErrorBody)))]
pub async fn surges_handler(
    State(state): State<AppState>,
    Query(pairs): Params,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let query = surge_query(&RawParams::from_pairs(pairs), &state.reference().baskets)?;
    let format = Format::of(&headers);
    let question = Question::api("surges", format, &query);
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            let found = surges(&ctx, &query).await?;
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
    params(
        ("basket" = String, Query, description = "Basket name, or HS code prefixes, e.g. 854231,8541"),
        ("to" = String, Query, description = "Destination economy"),
        ("sources" = Option<String>, Query, description = "coalition (default), EU27, G7 or ISO codes, comma-separated"),
        ("baseline" = Option<String>, Query, description = "FIRST..LAST (default 2021-01..2021-12)"),
        ("after" = Option<String>, Query, description = "First month of the after window (default 2022-04)"),
        ("until" = Option<String>, Query, description = "Last month of the after window"),
        ("cif_fob" = Option<f64>, Query, description = "CIF/FOB allowance (default 0.06)"),
        ("min_value" = Option<f64>, Query, description = "Minimum monthly exports to the destination (USD)"),
        ("top" = Option<usize>, Query, description = "Number of corridors (default 20)"),
    ),
    responses((status = 200, description = "Corridors, strongest first"),
              (status = 400, description = "Invalid parameter", body = crate::openapi::ErrorBody)))]
pub async fn corridors_handler(
    State(state): State<AppState>,
    Query(pairs): Params,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let query = corridor_query(&RawParams::from_pairs(pairs), &state.reference().baskets)?;
    let format = Format::of(&headers);
    let question = Question::api("corridors", format, &query);
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            let found = corridors(&ctx, &query).await?;
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
