//! A yente-compatible screening API over the loaded lists: `/match`,
//! `/search`, `/entities`, `/algorithms` and `/catalog` answer in yente's
//! wire format, so yente clients work unchanged against Chokepoint.
//!
//! Datasets are our list ids (`ofac-sdn`, `un-sc`, ...) plus `default` for
//! all of them. Scores come from `chokepoint_index` and are not yente's: the
//! default threshold is the index's calibrated one (see `/algorithms`), and
//! every score carries its explained features.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use chokepoint_index::{ScreenMatch, ScreenQuery, SearchOptions};
use chokepoint_lists::{Entity, Schema};
use serde::Serialize;
use serde_json::{Value, json};

use crate::index_state::Watchlist;
use crate::state::CancelOnDrop;
use crate::yente_model::{
    self, EntityBody, MatchRequest, MatchResponse, ParsedQuery, QueryResponse, SearchHit,
    SearchResponse, Total,
};
use crate::{AppError, AppState, Limits};

/// Our algorithm.
pub const ALGORITHM: &str = "chokepoint-v1";
/// yente's algorithm names, accepted as aliases of ours.
const ALGORITHM_ALIASES: &[&str] = &["best", "default", "logic-v1", "logic-v2"];
/// The dataset that stands for every loaded list.
const ALL_DATASETS: &str = "default";
/// Results of `/match` per query when the client does not say.
const DEFAULT_MATCH_LIMIT: usize = 5;
/// Results of `/search` per page when the client does not say.
const DEFAULT_SEARCH_LIMIT: usize = 10;
/// Most results per query or page.
const MAX_LIMIT: usize = 500;
/// Most entities a search ranks (offset + limit).
const MAX_SEARCH_WINDOW: usize = 1_000;
/// Most candidates scored when filters drop some of them.
const MAX_FILTERED_CANDIDATES: usize = 2_000;

/// Query parameters as repeated `key=value` pairs (yente repeats
/// `include_dataset`, `exclude_schema`, ...).
type Params = Query<Vec<(String, String)>>;

/// Which entities a request may return.
#[derive(Debug, Default)]
struct Scope {
    /// Lists admitted; `None` for all.
    lists: Option<Vec<String>>,
    excluded_lists: Vec<String>,
    included_schemata: Vec<Schema>,
    excluded_schemata: Vec<Schema>,
    excluded_ids: Vec<String>,
    /// ISO alpha-2, uppercase (search only).
    countries: Vec<String>,
}

impl Scope {
    fn admits(&self, entity: &Entity) -> bool {
        self.lists
            .as_ref()
            .is_none_or(|lists| lists.contains(&entity.list))
            && !self.excluded_lists.contains(&entity.list)
            && (self.included_schemata.is_empty()
                || self
                    .included_schemata
                    .iter()
                    .any(|schema| yente_model::schema_is_a(entity.schema, *schema)))
            && !self
                .excluded_schemata
                .iter()
                .any(|schema| yente_model::schema_is_a(entity.schema, *schema))
            && !self.excluded_ids.contains(&entity.id)
            && (self.countries.is_empty()
                || entity
                    .countries
                    .iter()
                    .any(|code| self.countries.contains(code)))
    }

    /// Whether anything beyond the whole index is filtered out.
    fn narrows(&self) -> bool {
        self.lists.is_some()
            || !self.excluded_lists.is_empty()
            || !self.included_schemata.is_empty()
            || !self.excluded_schemata.is_empty()
            || !self.excluded_ids.is_empty()
            || !self.countries.is_empty()
    }
}

/// Parsed parameters of `/match` and `/search`.
#[derive(Debug)]
struct Parsed {
    scope: Scope,
    limit: Option<usize>,
    offset: usize,
    threshold: Option<f64>,
    cutoff: Option<f64>,
    q: String,
    nested: bool,
}

/// Parses the parameters shared by the endpoints; `dataset` is the path
/// dataset. Unknown parameters are ignored, as yente does.
fn parse_params(
    watchlist: &Watchlist,
    dataset: &str,
    params: &[(String, String)],
) -> Result<Parsed, AppError> {
    if dataset != ALL_DATASETS && !watchlist.has_list(dataset) {
        return Err(AppError::NotFound(format!("unknown dataset: {dataset}")));
    }
    let mut scope = Scope {
        lists: (dataset != ALL_DATASETS).then(|| vec![dataset.to_string()]),
        ..Scope::default()
    };
    let mut included_lists = Vec::new();
    let mut parsed = Parsed {
        scope: Scope::default(),
        limit: None,
        offset: 0,
        threshold: None,
        cutoff: None,
        q: String::new(),
        nested: true,
    };
    for (key, value) in params {
        match key.as_str() {
            "algorithm" => check_algorithm(value)?,
            "limit" => parsed.limit = Some(parse_number(key, value, 1, MAX_LIMIT)?),
            "offset" => parsed.offset = parse_number(key, value, 0, MAX_SEARCH_WINDOW)?,
            "threshold" => parsed.threshold = Some(parse_score(key, value)?),
            "cutoff" => parsed.cutoff = Some(parse_score(key, value)?),
            "q" => parsed.q = value.trim().to_string(),
            "nested" => parsed.nested = !matches!(value.as_str(), "false" | "0" | "no"),
            "include_dataset" => included_lists.push(value.clone()),
            "exclude_dataset" => scope.excluded_lists.push(value.clone()),
            "include_schema" | "schema" => scope
                .included_schemata
                .push(yente_model::parse_schema(value)?),
            "exclude_schema" => scope
                .excluded_schemata
                .push(yente_model::parse_schema(value)?),
            "exclude_entity_ids" => scope.excluded_ids.push(value.clone()),
            "countries" => {
                let code = chokepoint_lists::resolve_country(value).ok_or_else(|| {
                    AppError::BadRequest(format!("countries={value:?}: unknown country"))
                })?;
                scope.countries.push(code.to_string());
            }
            // Every listed entity is a sanctions target, and lists carry no
            // change dates: `topics` and `changed_since` are accepted and
            // do not narrow the results.
            _ => {}
        }
    }
    if !included_lists.is_empty() {
        let within: Vec<String> = match scope.lists.take() {
            Some(lists) => included_lists
                .into_iter()
                .filter(|list| lists.contains(list))
                .collect(),
            None => included_lists,
        };
        scope.lists = Some(within);
    }
    parsed.scope = scope;
    Ok(parsed)
}

fn check_algorithm(name: &str) -> Result<(), AppError> {
    if name == ALGORITHM || ALGORITHM_ALIASES.contains(&name) {
        return Ok(());
    }
    Err(AppError::BadRequest(format!(
        "unknown algorithm {name:?}: expected {ALGORITHM} (or one of {})",
        ALGORITHM_ALIASES.join(", ")
    )))
}

fn parse_number(key: &str, value: &str, min: usize, max: usize) -> Result<usize, AppError> {
    value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|number| (min..=max).contains(number))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "{key}={value:?}: expected a whole number from {min} to {max}"
            ))
        })
}

fn parse_score(key: &str, value: &str) -> Result<f64, AppError> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|score| (0.0..=1.0).contains(score))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "{key}={value:?}: expected a number between 0 and 1"
            ))
        })
}

/// Search options for `wanted` results: when the scope filters results
/// out, more candidates are scored and filtered before truncation.
fn options_for(wanted: usize, scope: &Scope) -> SearchOptions {
    let mut options = SearchOptions::default();
    options.candidates = options.candidates.max(wanted);
    if scope.narrows() {
        options.candidates = (wanted * 5).min(MAX_FILTERED_CANDIDATES).max(wanted);
        options.limit = options.candidates;
    } else {
        options.limit = wanted;
    }
    options
}

/// Searches and keeps the matches in scope, at most `wanted`; also whether
/// more may exist than were ranked.
fn search_in_scope(
    watchlist: &Watchlist,
    query: &ScreenQuery,
    options: &SearchOptions,
    scope: &Scope,
    wanted: usize,
) -> (Vec<ScreenMatch>, bool) {
    let index = watchlist.index();
    let found = index.search(query, options);
    let saturated = found.len() >= options.limit;
    let mut kept: Vec<ScreenMatch> = found
        .into_iter()
        .filter(|found| {
            index
                .get(&found.entity_id)
                .is_some_and(|entity| scope.admits(entity))
        })
        .collect();
    let truncated = saturated || kept.len() > wanted;
    kept.truncate(wanted);
    (kept, truncated)
}

/// Reads a `POST /match` body into its queries, by key: malformed JSON, an
/// unknown schema, a property that is neither a string nor a list of
/// strings, or more queries or names than `limits` allow are a 400.
pub fn parse_match_request(
    body: &[u8],
    limits: &Limits,
) -> Result<Vec<(String, ParsedQuery)>, AppError> {
    let request: MatchRequest = serde_json::from_slice(body)
        .map_err(|error| AppError::BadRequest(format!("invalid match request: {error}")))?;
    if request.queries.len() > limits.match_queries {
        return Err(AppError::BadRequest(format!(
            "{} queries in one request: at most {}",
            request.queries.len(),
            limits.match_queries
        )));
    }
    request
        .queries
        .iter()
        .map(|(key, example)| {
            let parsed = example.parse(key)?;
            if parsed.query.names.len() > limits.names_per_query {
                return Err(AppError::BadRequest(format!(
                    "query {key:?}: {} names: at most {} per query",
                    parsed.query.names.len(),
                    limits.names_per_query
                )));
            }
            Ok((key.clone(), parsed))
        })
        .collect()
}

/// Screens entities by example (yente `POST /match/{dataset}`).
#[utoipa::path(post, path = "/match/{dataset}", tag = "screening",
    params(
        ("dataset" = String, Path, description = "A list id (`ofac-sdn`, ...) or `default` for all lists"),
        ("algorithm" = Option<String>, Query, description = "`chokepoint-v1`; yente's `best`, `default`, `logic-v1`, `logic-v2` are aliases"),
        ("limit" = Option<usize>, Query, description = "Results per query (default 5, at most 500)"),
        ("threshold" = Option<f64>, Query, description = "Score at or above which `match` is true (default: the index's calibrated threshold, see /algorithms)"),
        ("cutoff" = Option<f64>, Query, description = "Results scoring below are dropped (default 0)"),
        ("include_dataset" = Option<Vec<String>>, Query, description = "Only these lists (repeatable)"),
        ("exclude_dataset" = Option<Vec<String>>, Query, description = "Not these lists (repeatable)"),
        ("include_schema" = Option<Vec<String>>, Query, description = "Only these schemata and their descendants (repeatable)"),
        ("exclude_schema" = Option<Vec<String>>, Query, description = "Not these schemata (repeatable)"),
        ("exclude_entity_ids" = Option<Vec<String>>, Query, description = "Not these entities (repeatable)"),
        ("topics" = Option<Vec<String>>, Query, description = "Accepted; every listed entity is a sanctions target"),
        ("changed_since" = Option<String>, Query, description = "Accepted; lists carry no change dates"),
    ),
    request_body = MatchRequest,
    responses(
        (status = 200, description = "Results per query key", body = MatchResponse),
        (status = 400, description = "Malformed JSON, unknown schema or bad parameter", body = crate::openapi::ErrorBody),
        (status = 404, description = "Unknown dataset", body = crate::openapi::ErrorBody),
        (status = 413, description = "Body too large", body = crate::openapi::ErrorBody),
        (status = 503, description = "No lists loaded", body = crate::openapi::ErrorBody),
    ))]
pub async fn match_entities(
    State(state): State<AppState>,
    Path(dataset): Path<String>,
    Query(params): Params,
    body: Bytes,
) -> Result<Json<MatchResponse>, AppError> {
    let limits = state.limits();
    let queries = parse_match_request(&body, &limits)?;
    let watchlist = state.watchlist().await?;
    let parsed = parse_params(&watchlist, &dataset, &params)?;
    let limit = parsed.limit.unwrap_or(DEFAULT_MATCH_LIMIT);
    let mut options = options_for(limit, &parsed.scope);
    if let Some(threshold) = parsed.threshold {
        options.threshold = threshold;
    }
    options.min_score = parsed.cutoff.unwrap_or(0.0);
    // Dropped with this request (answered by the time limit, or its client
    // gone): the remaining queries are then not run.
    let cancel = CancelOnDrop::default();
    let cancelled = cancel.flag();
    let work = crate::state::on_screening_pool(move || {
        let mut responses = BTreeMap::new();
        for (key, query) in queries {
            if cancelled.is_set() {
                break;
            }
            let (found, truncated) =
                search_in_scope(&watchlist, &query.query, &options, &parsed.scope, limit);
            let results: Vec<_> = found
                .iter()
                .filter_map(|found| {
                    let entity = watchlist.index().get(&found.entity_id)?;
                    Some(yente_model::scored_entity(found, entity))
                })
                .collect();
            let total = Total::new(results.len(), truncated);
            responses.insert(
                key,
                QueryResponse {
                    status: 200,
                    results,
                    total,
                    query: query.echo,
                },
            );
        }
        MatchResponse { responses, limit }
    });
    let response = state.timed(work).await?;
    drop(cancel);
    Ok(Json(response))
}

/// Searches entities by name (yente `GET /search/{dataset}`); without `q`,
/// pages through the entities in scope.
#[utoipa::path(get, path = "/search/{dataset}", tag = "screening",
    params(
        ("dataset" = String, Path, description = "A list id or `default` for all lists"),
        ("q" = Option<String>, Query, description = "Name to search for"),
        ("limit" = Option<usize>, Query, description = "Page size (default 10, at most 500)"),
        ("offset" = Option<usize>, Query, description = "Page start"),
        ("schema" = Option<String>, Query, description = "Only this schema and its descendants"),
        ("countries" = Option<Vec<String>>, Query, description = "Only entities linked to one of these countries"),
        ("include_dataset" = Option<Vec<String>>, Query, description = "Only these lists"),
        ("exclude_dataset" = Option<Vec<String>>, Query, description = "Not these lists"),
        ("exclude_schema" = Option<Vec<String>>, Query, description = "Not these schemata"),
    ),
    responses(
        (status = 200, description = "Matching entities", body = SearchResponse),
        (status = 400, description = "Bad parameter", body = crate::openapi::ErrorBody),
        (status = 404, description = "Unknown dataset", body = crate::openapi::ErrorBody),
        (status = 503, description = "No lists loaded", body = crate::openapi::ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    Path(dataset): Path<String>,
    Query(params): Params,
) -> Result<Json<SearchResponse>, AppError> {
    let watchlist = state.watchlist().await?;
    let parsed = parse_params(&watchlist, &dataset, &params)?;
    let limit = parsed.limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
    let offset = parsed.offset;
    let work = crate::state::on_screening_pool(move || {
        let index = watchlist.index();
        let (hits, total): (Vec<SearchHit>, Total) = if parsed.q.is_empty() {
            let in_scope = || {
                index
                    .entities()
                    .iter()
                    .filter(|entity| parsed.scope.admits(entity))
            };
            let page = in_scope()
                .skip(offset)
                .take(limit)
                .map(|entity| SearchHit {
                    entity: yente_model::entity_body(entity, false),
                    score: None,
                })
                .collect();
            (page, Total::new(in_scope().count(), false))
        } else {
            let window = (offset + limit).min(MAX_SEARCH_WINDOW);
            let options = options_for(window, &parsed.scope);
            let (found, truncated) = search_in_scope(
                &watchlist,
                &ScreenQuery::name(parsed.q.clone()),
                &options,
                &parsed.scope,
                window,
            );
            let n_found = found.len();
            let page = found
                .iter()
                .skip(offset)
                .filter_map(|found| {
                    let entity = index.get(&found.entity_id)?;
                    Some(SearchHit {
                        entity: yente_model::entity_body(entity, false),
                        score: Some(found.score),
                    })
                })
                .collect();
            (page, Total::new(n_found, truncated))
        };
        SearchResponse {
            results: hits,
            facets: BTreeMap::new(),
            total,
            limit,
            offset,
        }
    });
    let response = state.timed(work).await?;
    Ok(Json(response))
}

/// One listed entity with FtM properties (yente `GET /entities/{id}`).
#[utoipa::path(get, path = "/entities/{id}", tag = "screening",
    params(
        ("id" = String, Path, description = "Entity id, e.g. `ofac-sdn-46633`"),
        ("nested" = Option<bool>, Query, description = "Include the listing as a nested `Sanction` entity (default true)"),
    ),
    responses(
        (status = 200, description = "The entity", body = EntityBody),
        (status = 404, description = "No such entity", body = crate::openapi::ErrorBody),
        (status = 503, description = "No lists loaded", body = crate::openapi::ErrorBody),
    ))]
pub async fn entity(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Params,
) -> Result<Json<EntityBody>, AppError> {
    let watchlist = state.watchlist().await?;
    let parsed = parse_params(&watchlist, ALL_DATASETS, &params)?;
    let entity = watchlist
        .index()
        .get(&id)
        .ok_or_else(|| AppError::NotFound(format!("no entity with id {id:?}")))?;
    Ok(Json(yente_model::entity_body(entity, parsed.nested)))
}

/// One matching algorithm.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Algorithm {
    /// Its name, to pass as `algorithm`.
    pub name: &'static str,
    /// What it does.
    pub description: String,
    /// Per feature: a description.
    #[schema(value_type = Object)]
    pub docs: Value,
}

/// The body of `/algorithms`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlgorithmsResponse {
    /// Every accepted algorithm name.
    pub algorithms: Vec<Algorithm>,
    /// The algorithm used when none is given.
    pub default: &'static str,
    /// The recommended algorithm.
    pub best: &'static str,
}

/// The matching algorithms (yente `GET /algorithms`).
#[utoipa::path(get, path = "/algorithms", tag = "screening",
    responses((status = 200, description = "Accepted algorithm names", body = AlgorithmsResponse)))]
pub async fn algorithms() -> Json<AlgorithmsResponse> {
    let threshold = SearchOptions::default().threshold;
    let docs = json!({
        "name.*": {"description": "Name comparison features: token overlap, transliteration, legal forms, penalties (value x weight each)"},
        "align.N": {"description": "Token alignments of the best name pair (weight 0: shown, not scored)"},
        "name_kind": {"description": "Weak aliases count less"},
        "identifier": {"description": "A shared registration, tax, LEI, IMO or other identifier: near-decisive"},
        "country": {"description": "Countries agree (small bonus) or differ (penalty)"},
        "schema": {"description": "Incompatible kinds of party (penalty)"},
        "birth_date": {"description": "Date of birth agrees to the day, month or year, or conflicts"},
    });
    let mut list = vec![Algorithm {
        name: ALGORITHM,
        description: format!(
            "Chokepoint screening index: candidates by phonetic keys, trigrams and identifiers, then explained entity scores. Scores are not yente's; the default threshold is {threshold}."
        ),
        docs,
    }];
    list.extend(ALGORITHM_ALIASES.iter().map(|alias| Algorithm {
        name: alias,
        description: format!("alias of {ALGORITHM}"),
        docs: json!({}),
    }));
    Json(AlgorithmsResponse {
        algorithms: list,
        default: ALGORITHM,
        best: ALGORITHM,
    })
}

/// One dataset of the catalog.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Dataset {
    /// The list id, or `default`.
    pub name: String,
    /// A title.
    pub title: String,
    /// Where the list is published, when known.
    pub url: Option<&'static str>,
    /// Entities indexed.
    pub entity_count: usize,
    /// Whether it is indexed (always).
    pub load: bool,
    /// Whether the index is the published generation (always).
    pub index_current: bool,
    /// The index generation.
    pub index_version: String,
    /// For `default`: every list.
    pub children: Vec<String>,
}

/// The body of `/catalog`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CatalogResponse {
    /// `default` and every loaded list.
    pub datasets: Vec<Dataset>,
    /// The dataset names that are current.
    pub current: Vec<String>,
    /// None.
    pub outdated: Vec<String>,
    /// False.
    pub index_stale: bool,
}

/// The loaded lists as datasets (yente `GET /catalog`).
#[utoipa::path(get, path = "/catalog", tag = "screening",
    responses(
        (status = 200, description = "The loaded lists and `default`", body = CatalogResponse),
        (status = 503, description = "No lists loaded", body = crate::openapi::ErrorBody),
    ))]
pub async fn catalog(State(state): State<AppState>) -> Result<Json<CatalogResponse>, AppError> {
    let watchlist: Arc<Watchlist> = state.watchlist().await?;
    let version = watchlist.generation().to_string();
    let lists = watchlist.lists();
    let mut datasets = vec![Dataset {
        name: ALL_DATASETS.to_string(),
        title: "All loaded lists".to_string(),
        url: None,
        entity_count: watchlist.index().len(),
        load: true,
        index_current: true,
        index_version: version.clone(),
        children: lists.iter().map(|stats| stats.list.clone()).collect(),
    }];
    datasets.extend(lists.iter().map(|stats| {
        Dataset {
            name: stats.list.clone(),
            title: stats.list.clone(),
            url: chokepoint_lists::OFFICIAL_SOURCES
                .iter()
                .find(|source| source.list == stats.list)
                .map(|source| source.url),
            entity_count: stats.n_entities,
            load: true,
            index_current: true,
            index_version: version.clone(),
            children: Vec::new(),
        }
    }));
    let current = datasets
        .iter()
        .map(|dataset| dataset.name.clone())
        .collect();
    Ok(Json(CatalogResponse {
        datasets,
        current,
        outdated: Vec::new(),
        index_stale: false,
    }))
}
