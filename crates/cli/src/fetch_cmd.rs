//! `chokepoint fetch comtrade|eurostat`: downloads a query's pages into
//! `<data>/sources/<source>/` through `chokepoint-fetch`, then ingests every
//! page once (content-hash idempotency), only after all pages are in.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use chokepoint_catalog::resolve_country_groups;
use chokepoint_datadir::DataDir;
use chokepoint_fetch::{ComtradeQuery, EurostatQuery, FetchConfig, Frequency, Page, fetch_pages};
use chokepoint_ingest::IngestOptions;
use chokepoint_model::{Country, FlowDirection, HsCode, Period};
use chokepoint_store::{ReferenceData, Store};
use clap::{Args, Subcommand, ValueEnum};

use crate::args::Cli;
use crate::commands::ingest_files;

/// `chokepoint fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The source.
    #[command(subcommand)]
    pub source: FetchSource,
    /// Tries per request (429, 5xx, cut bodies and connection errors are retried).
    #[arg(long, default_value_t = 5, global = true)]
    pub tries: u32,
    /// First wait between tries in milliseconds, doubled each time (a 429's Retry-After wins).
    #[arg(long, default_value_t = 1000, global = true)]
    pub backoff_ms: u64,
}

/// The APIs `fetch` reads.
#[derive(Debug, Subcommand)]
pub enum FetchSource {
    /// UN Comtrade v1 API (subscription key from COMTRADE_API_KEY, else the public
    /// preview endpoint, which returns at most 500 records per request).
    Comtrade(ComtradeArgs),
    /// Eurostat Comext dissemination API (SDMX-CSV), e.g. DS-045409.
    Eurostat(EurostatArgs),
}

/// Monthly or annual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FreqArg {
    /// Annual.
    A,
    /// Monthly.
    M,
}

/// `chokepoint fetch comtrade`.
#[derive(Debug, Args)]
pub struct ComtradeArgs {
    /// Reporters: ISO codes, names or groups (EU27, G7), comma-separated.
    #[arg(long)]
    pub reporter: String,
    /// Partners, as reporters (World allowed); all when not given.
    #[arg(long)]
    pub partner: Option<String>,
    /// HS codes, comma-separated; the total when not given.
    #[arg(long)]
    pub cmd: Option<String>,
    /// Years (2023) or, monthly, months (202301), comma-separated; one request each
    /// (a year is twelve requests when monthly).
    #[arg(long)]
    pub period: String,
    /// Frequency.
    #[arg(long, value_enum, default_value = "A", ignore_case = true)]
    pub freq: FreqArg,
    /// Flows (import, export, re-export, re-import), comma-separated; all when not given.
    #[arg(long)]
    pub flow: Option<String>,
    /// Subscription key (Ocp-Apim-Subscription-Key).
    #[arg(long, env = "COMTRADE_API_KEY", hide_env_values = true)]
    pub subscription_key: Option<String>,
    /// Base URL (default: the subscription endpoint with a key, else the preview).
    #[arg(long, env = "CHOKEPOINT_COMTRADE_URL")]
    pub url: Option<String>,
}

/// `chokepoint fetch eurostat`.
#[derive(Debug, Args)]
pub struct EurostatArgs {
    /// The dataset.
    #[arg(long, default_value = "DS-045409")]
    pub dataset: String,
    /// Reporters: ISO codes, names or groups (EU27), comma-separated; all when not given.
    #[arg(long)]
    pub reporter: Option<String>,
    /// Partners, as reporters; all when not given.
    #[arg(long)]
    pub partner: Option<String>,
    /// CN8 or HS codes, comma-separated; all when not given.
    #[arg(long)]
    pub product: Option<String>,
    /// Flows (import, export), comma-separated; both when not given.
    #[arg(long)]
    pub flow: Option<String>,
    /// First month (YYYY-MM).
    #[arg(long)]
    pub since: String,
    /// Last month (YYYY-MM); one request per calendar year.
    #[arg(long)]
    pub until: String,
    /// Base URL of the dissemination API.
    #[arg(long, env = "CHOKEPOINT_EUROSTAT_URL", default_value = EurostatQuery::URL)]
    pub url: String,
}

/// Runs `chokepoint fetch`.
pub async fn fetch_command(
    cli: &Cli,
    args: &FetchArgs,
    reference: &ReferenceData,
) -> anyhow::Result<ExitCode> {
    let data = DataDir::new(&cli.data);
    let (source, pages) = match &args.source {
        FetchSource::Comtrade(comtrade) => ("comtrade", comtrade_pages(comtrade)?),
        FetchSource::Eurostat(eurostat) => ("eurostat", eurostat_pages(eurostat)?),
    };
    let config = FetchConfig {
        max_attempts: args.tries.max(1),
        backoff: Duration::from_millis(args.backoff_ms),
        ..FetchConfig::new(data.sources().join(source))
    };
    let n_pages = pages.len();
    let fetched = tokio::task::spawn_blocking(move || fetch_pages(&pages, &config))
        .await
        .context("the download thread failed")??;
    eprintln!(
        "{source}: {n_pages} pages, {} downloaded now, {} kept from an earlier run",
        fetched.n_downloaded,
        n_pages - fetched.n_downloaded
    );
    let store = Store::open(&cli.data)?;
    let mut options = IngestOptions::default();
    if !reference.nomenclature.is_empty() {
        options.nomenclature = Some(std::sync::Arc::new(reference.nomenclature.clone()));
    }
    ingest_files(&store, &fetched.files, &options).await
}

fn comtrade_pages(args: &ComtradeArgs) -> anyhow::Result<Vec<Page>> {
    let key = args
        .subscription_key
        .clone()
        .filter(|k| !k.trim().is_empty());
    let url = match (&args.url, &key) {
        (Some(url), _) => url.clone(),
        (None, Some(_)) => ComtradeQuery::GET_URL.to_string(),
        (None, None) => ComtradeQuery::PREVIEW_URL.to_string(),
    };
    let query = ComtradeQuery {
        base_url: url
            .parse()
            .with_context(|| format!("invalid URL {url:?}"))?,
        frequency: match args.freq {
            FreqArg::A => Frequency::Annual,
            FreqArg::M => Frequency::Monthly,
        },
        reporters: countries(&args.reporter)?,
        partners: args
            .partner
            .as_deref()
            .map(countries)
            .transpose()?
            .unwrap_or_default(),
        commodities: codes(args.cmd.as_deref())?,
        periods: args
            .period
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        flows: flows(args.flow.as_deref())?,
        subscription_key: key,
    };
    if query.subscription_key.is_none() {
        eprintln!(
            "comtrade: no COMTRADE_API_KEY: using the public preview endpoint, at most {} records per request",
            query.record_limit()
        );
    }
    Ok(query.pages()?)
}

fn eurostat_pages(args: &EurostatArgs) -> anyhow::Result<Vec<Page>> {
    let period = |text: &str| {
        Period::parse(text).with_context(|| format!("invalid month {text:?}: expected YYYY-MM"))
    };
    let query = EurostatQuery {
        base_url: args
            .url
            .parse()
            .with_context(|| format!("invalid URL {:?}", args.url))?,
        dataset: args.dataset.clone(),
        reporters: args
            .reporter
            .as_deref()
            .map(countries)
            .transpose()?
            .unwrap_or_default(),
        partners: args
            .partner
            .as_deref()
            .map(countries)
            .transpose()?
            .unwrap_or_default(),
        products: codes(args.product.as_deref())?,
        flows: flows(args.flow.as_deref())?,
        since: period(&args.since)?,
        until: period(&args.until)?,
    };
    Ok(query.pages()?)
}

/// Countries (aggregates such as World included) and groups.
fn countries(text: &str) -> anyhow::Result<Vec<&'static Country>> {
    let mut out = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match Country::lookup(item) {
            Ok(country) => out.push(country),
            Err(_) => out.extend(resolve_country_groups(item)?),
        }
    }
    Ok(out)
}

fn codes(text: Option<&str>) -> anyhow::Result<Vec<HsCode>> {
    text.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|code| HsCode::parse(code).with_context(|| format!("invalid HS code {code:?}")))
        .collect()
}

fn flows(text: Option<&str>) -> anyhow::Result<Vec<FlowDirection>> {
    text.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|flow| FlowDirection::parse(flow).with_context(|| format!("invalid flow {flow:?}")))
        .collect()
}
