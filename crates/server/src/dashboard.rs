//! The dashboard: server-rendered pages with inline SVG charts drawn by
//! `chokepoint-report`, so it works offline with no build step, no CDN and no
//! script for the analytics pages. Filters are plain GET forms; every page
//! reads the same parameter structs as the API (`SharesParams`, ...), with
//! the pages' own defaults read first (`PAGE_DEFAULTS`). The screening and entity pages
//! (modules `screening`, `entity`) render the loaded lists the same way,
//! on the server and without script. The trade pages are kept as rendered
//! HTML per (page, parameters, table versions) by `AppState::answer`.

mod entity;
mod live;
mod relations;
mod screening;
mod trade_partners;

pub use entity::entity_page;
pub use live::live_page;
pub use screening::screening_page;

use axum::extract::{Query, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use chokepoint_analytics::{
    BasketOrCodes, Corridor, CorridorsParams, ShareSource, SharesParams, SharesQuery, Surge,
    SurgeQuery, SurgesParams, corridors, from_query, origin_shares, surges,
};
use chokepoint_datadir::DataDir;
use chokepoint_report::{
    HtmlOptions, Report, Section, encode_uri_component, escape_xml, render_html_with,
};
use chokepoint_sections::{
    ShareTable, both_table, corridor_bars, corridor_figure, corridor_flows, corridors_table,
    corridors_text, surge_chart, surge_figure, surges_table, synthetic_notice,
};
use serde::de::DeserializeOwned;

use crate::answers::{Answer, Question};
use crate::{AppError, AppState};

type Params = Query<Vec<(String, String)>>;

const PAGES: [(&str, &str); 6] = [
    ("Overview", "/"),
    ("Goods", "/goods"),
    ("Surges", "/surges"),
    ("Corridors", "/corridors"),
    ("Screening", "/screening"),
    ("Live", "/live"),
];

fn page(report: &Report, current: &str, preamble: Option<String>) -> Html<String> {
    let options = HtmlOptions {
        nav: PAGES
            .iter()
            .map(|(text, href)| (text.to_string(), href.to_string(), *href == current))
            .collect(),
        preamble,
        ..Default::default()
    };
    Html(render_html_with(report, &options))
}

/// The basket/destination filter form, pre-filled with the page's
/// parameters; `extra` are further inputs (name, current value).
fn filters(
    state: &AppState,
    action: &str,
    basket: Option<&BasketOrCodes>,
    destination: &str,
    extra: &[(&str, String)],
) -> String {
    let chosen = basket.map(BasketOrCodes::as_str).unwrap_or_default();
    let options: String = state
        .reference()
        .baskets
        .names()
        .iter()
        .map(|name| {
            let selected = if *name == chosen { " selected" } else { "" };
            format!("<option{selected}>{}</option>", escape_xml(name))
        })
        .collect();
    let mut form = format!(
        "<form class=\"filters\" method=\"get\" action=\"{action}\">\
         <label>Basket<select name=\"basket\">{options}</select></label>\
         <label>Destination<input name=\"to\" value=\"{}\" size=\"5\"></label>",
        escape_xml(destination)
    );
    for (name, value) in extra {
        form.push_str(&format!(
            "<label>{name}<input name=\"{name}\" value=\"{}\" size=\"10\"></label>",
            escape_xml(value)
        ));
    }
    form.push_str("<button type=\"submit\">Show</button></form>");
    form
}

/// What the trade pages show when their query leaves it open: the
/// high-priority basket into Russia. Read as a query before the page's
/// own, whose values win (the last value of a name counts).
const PAGE_DEFAULTS: &str = "basket=high-priority&to=RUS";

/// A trade page's parameters: [`PAGE_DEFAULTS`], then the page's own
/// `defaults`, then the request's query.
fn page_params<T: DeserializeOwned>(defaults: &str, query: Option<&str>) -> Result<T, AppError> {
    let text = [PAGE_DEFAULTS, defaults, query.unwrap_or_default()].join("&");
    Ok(from_query(&text)?)
}

/// A month for a form input (empty when not given).
fn month_text(month: Option<impl std::fmt::Display>) -> String {
    month.map(|m| m.to_string()).unwrap_or_default()
}

fn notice(state: &AppState) -> Option<String> {
    synthetic_notice(&DataDir::new(state.data()))
}

/// `/`: key figures, the latest surges and the strongest corridors.
pub async fn overview_page(
    State(state): State<AppState>,
    Query(pairs): Params,
    RawQuery(text): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let notice = notice(&state);
    let question = Question::page("/", notice.is_some(), &pairs);
    // The overview shows ten of each, whatever `top` says.
    let mut share_params: SharesParams = page_params("", text.as_deref())?;
    let mut surge_params: SurgesParams = page_params("", text.as_deref())?;
    let mut corridor_params: CorridorsParams = page_params("", text.as_deref())?;
    share_params.top = 10;
    surge_params.top = 10;
    corridor_params.top = 10;
    let baskets = &state.reference().baskets;
    let (share_query, surge_q, corridor_q) = (
        share_params.to_query(baskets)?,
        surge_params.to_query(baskets)?,
        corridor_params.to_query(baskets)?,
    );
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            let shares = ShareTable::of(&origin_shares(&ctx, &share_query).await?)?;
            let found_surges = surges(&ctx, &surge_q).await?;
            let found_corridors = corridors(&ctx, &corridor_q).await?;
            Ok(Answer::html(overview_html(
                &state,
                &surge_params,
                notice,
                &share_query,
                &shares,
                &found_surges,
                &found_corridors,
            )))
        })
        .await
}

fn overview_html(
    state: &AppState,
    params: &SurgesParams,
    notice: Option<String>,
    share_query: &SharesQuery,
    shares: &ShareTable,
    found_surges: &[Surge],
    found_corridors: &[Corridor],
) -> String {
    let basket = share_query.basket.name().to_string();
    let mut key_figures = shares.key_figures();
    key_figures.extend(found_surges.first().map(surge_figure));
    key_figures.extend(found_corridors.first().map(corridor_figure));
    let report = Report {
        title: format!("Chokepoint — {basket}"),
        subtitle: Some(format!(
            "{} into {}",
            share_query.basket.description(),
            share_query.destination.alpha3()
        )),
        notice,
        key_figures,
        sections: vec![
            Section {
                title: "Latest surges".into(),
                tables: vec![surges_table(found_surges, Some(&surge_link(params)), false)],
                ..Default::default()
            },
            Section {
                title: "Strongest corridors".into(),
                charts: vec![corridor_bars(found_corridors)],
                ..Default::default()
            },
        ],
    };
    let destination = share_query.destination.alpha3();
    let form = filters(state, "/", params.basket.as_ref(), destination, &[]);
    page(&report, "/", Some(form)).0
}

/// `/goods`: origin shares over time, top origins, direct vs mirror.
pub async fn goods_page(
    State(state): State<AppState>,
    Query(pairs): Params,
    RawQuery(text): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let notice = notice(&state);
    let question = Question::page("/goods", notice.is_some(), &pairs);
    let params: SharesParams = page_params("top=8", text.as_deref())?;
    let baskets = &state.reference().baskets;
    let mirror = params.to_query(baskets)?;
    let both = SharesQuery {
        source: ShareSource::Both,
        ..mirror.clone()
    };
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            let shares = ShareTable::of(&origin_shares(&ctx, &mirror).await?)?;
            let comparison = origin_shares(&ctx, &both).await?;
            let destination = mirror.destination.alpha3();
            let mut section = shares.section(destination);
            section.tables.push(both_table(&comparison)?);
            let report = Report {
                title: format!("Goods — {}", mirror.basket.name()),
                subtitle: Some(mirror.basket.description().to_string()),
                notice,
                key_figures: shares.key_figures(),
                sections: vec![section],
            };
            let preamble = filters(
                &state,
                "/goods",
                params.basket.as_ref(),
                destination,
                &[
                    ("by", params.by.to_string()),
                    ("from", month_text(params.from)),
                    ("until", month_text(params.until)),
                ],
            );
            Ok(Answer::html(page(&report, "/goods", Some(preamble)).0))
        })
        .await
}

/// `/surges`: the ranked list; `focus=N` draws the N-th surge's series with the flagged month.
pub async fn surges_page(
    State(state): State<AppState>,
    Query(pairs): Params,
    RawQuery(text): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let notice = notice(&state);
    let question = Question::page("/surges", notice.is_some(), &pairs);
    let params: SurgesParams = page_params("", text.as_deref())?;
    let query = params.to_query(&state.reference().baskets)?;
    // A page-only parameter: an unreadable focus shows the first surge.
    let focus = pairs
        .iter()
        .rev()
        .find(|(name, value)| name == "focus" && !value.trim().is_empty())
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(1);
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            let found = surges(&ctx, &query).await?;
            Ok(Answer::html(surges_html(
                &state, &params, &query, focus, notice, &found,
            )))
        })
        .await
}

fn surges_html(
    state: &AppState,
    params: &SurgesParams,
    query: &SurgeQuery,
    focus: usize,
    notice: Option<String>,
    found: &[Surge],
) -> String {
    let charts = found
        .get(focus.saturating_sub(1))
        .map(surge_chart)
        .into_iter()
        .collect();
    let text = found.get(focus.saturating_sub(1)).map(|s| s.explanation());
    let report = Report {
        title: "Surges".into(),
        subtitle: Some("Abnormal monthly jumps: month-on-month, year-on-year, against the 2021 baseline, and a seasonal robust score.".into()),
        notice,
        key_figures: vec![],
        sections: vec![Section {
            title: "Ranked surges".into(),
            text,
            charts,
            tables: vec![surges_table(found, Some(&surge_link(params)), false)],
        }],
    };
    let destination = query.destination.map(|c| c.alpha3()).unwrap_or_default();
    let preamble = filters(
        state,
        "/surges",
        params.basket.as_ref(),
        destination,
        &[
            ("measure", params.measure.to_string()),
            ("min_value", params.min_value.to_string()),
        ],
    );
    page(&report, "/surges", Some(preamble)).0
}

/// `/corridors`: ranked third countries, the source → hub → destination flows and the evidence.
pub async fn corridors_page(
    State(state): State<AppState>,
    Query(pairs): Params,
    RawQuery(text): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let notice = notice(&state);
    let question = Question::page("/corridors", notice.is_some(), &pairs);
    let params: CorridorsParams = page_params("", text.as_deref())?;
    let query = params.to_query(&state.reference().baskets)?;
    let sources = params.sources.to_string();
    state
        .answer(question, &headers, async {
            let ctx = state.session().await?;
            let found = corridors(&ctx, &query).await?;
            let destination = query.destination.alpha3();
            let report = Report {
                title: "Diversion corridors".into(),
                subtitle: None,
                notice,
                key_figures: found.first().map(corridor_figure).into_iter().collect(),
                sections: vec![Section {
                    title: "Ranked corridors".into(),
                    text: Some(corridors_text(&sources, destination)),
                    charts: vec![
                        corridor_bars(&found),
                        corridor_flows(&found, &sources, destination),
                    ],
                    tables: vec![corridors_table(&found, destination)],
                }],
            };
            let preamble = filters(
                &state,
                "/corridors",
                params.basket.as_ref(),
                destination,
                &[("sources", sources.clone())],
            );
            Ok(Answer::html(page(&report, "/corridors", Some(preamble)).0))
        })
        .await
}

/// Links a surge's rank to its chart, keeping the page's filters (the
/// measure and minimum only when they are not the defaults).
fn surge_link(params: &SurgesParams) -> impl Fn(usize) -> String {
    let given = [
        ("basket", params.basket.as_ref().map(ToString::to_string)),
        ("to", params.to.map(|c| c.alpha3().to_string())),
        (
            "measure",
            (params.measure != SurgesParams::default_measure()).then(|| params.measure.to_string()),
        ),
        (
            "min_value",
            (params.min_value != SurgesParams::default_min_value())
                .then(|| params.min_value.to_string()),
        ),
    ];
    let query: String = given
        .iter()
        .filter_map(|(name, value)| {
            value
                .as_ref()
                .map(|v| format!("&{name}={}", encode_uri_component(v)))
        })
        .collect();
    move |rank| format!("/surges?focus={rank}{query}")
}
