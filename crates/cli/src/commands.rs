//! Dispatch of the commands that read or describe the store.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::{BasketSet, FxRates, HsNomenclature};
use chokepoint_ingest::{IngestOptions, TextEncoding};
use chokepoint_model::FlowDirection;
use chokepoint_store::{ReferenceData, Store};

use crate::args::{Cli, Command, IngestArgs};
use crate::ingest_cmd::{FileOutcome, ingest_file};
use crate::output::print_batches;
use crate::{
    analytics_cmd, compare_cmd, demo_cmd, layout_cmd, lists_cmd, network_cmd, report_cmd, risk_cmd,
    screen_cmd, screen_table,
};

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let reference = reference_data(&cli)?;
    match &cli.command {
        Command::Fetch(args) => crate::fetch_cmd::fetch_command(&cli, args, &reference).await,
        Command::Ingest(args) => {
            let store = Store::open(&cli.data)?;
            let options = ingest_options(args, &reference)?;
            ingest_files(&store, &args.files, &options).await
        }
        Command::Sql { query } => {
            let ctx = session(&cli, &reference).await?;
            let batches = ctx.sql(query).await?.collect().await?;
            print(&batches, &cli)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Tables => {
            let store = Store::open(&cli.data)?;
            let batches = tables_batch(&store, &reference).await?;
            print(&[batches], &cli)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::History { table } => {
            let store = Store::open(&cli.data)?;
            print(&[history_batch(&store, *table).await?], &cli)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Baskets => {
            print(&[baskets_listing(&reference.baskets)?], &cli)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Shares(args) => analytics_cmd::shares_command(&cli, args, &reference).await,
        Command::Totals(args) => analytics_cmd::totals_command(&cli, args, &reference).await,
        Command::Surges(args) => analytics_cmd::surges_command(&cli, args, &reference).await,
        Command::Corridors(args) => analytics_cmd::corridors_command(&cli, args, &reference).await,
        Command::Check(args) => analytics_cmd::check_command(&cli, args, &reference).await,
        Command::Report(args) => report_cmd::report_command(&cli, args, &reference).await,
        Command::Serve(args) => serve(&cli, args, reference).await,
        Command::Compare(args) => compare_cmd::compare_command(&cli, args),
        // Downloads use a blocking HTTP client, which must not run on the async runtime.
        Command::Lists(command) => {
            tokio::task::block_in_place(|| lists_cmd::lists_command(&cli, command))
        }
        Command::Screen(args) if args.table.is_some() => {
            screen_table::screen_table(&cli, args).await
        }
        Command::Screen(args) => screen_cmd::screen_command(&cli, args),
        Command::Risk(args) => risk_cmd::risk_command(&cli, args).await,
        Command::Watch(args) => risk_cmd::watch_command(&cli, args).await,
        Command::Network(command) => network_cmd::network_command(&cli, command).await,
        Command::Demo(args) => demo_cmd::demo_command(&cli, args, &reference).await,
        Command::Generate(args) => demo_cmd::generate_command(args),
        Command::Optimize(args) => layout_cmd::optimize_command(&cli, args).await,
        Command::Vacuum(args) => layout_cmd::vacuum_command(&cli, args).await,
    }
}

/// A SQL session over the data directory with Chokepoint's functions registered.
pub async fn session(
    cli: &Cli,
    reference: &ReferenceData,
) -> anyhow::Result<datafusion::prelude::SessionContext> {
    let ctx = Store::open(&cli.data)?.session(reference).await?;
    chokepoint_analytics::register_udfs(&ctx);
    Ok(ctx)
}

fn print(batches: &[RecordBatch], cli: &Cli) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    print_batches(batches, cli.output, &mut lock)
}

/// Runs `serve`: binds, prints the address, serves until Ctrl-C.
pub(crate) async fn serve(
    cli: &Cli,
    args: &crate::args::ServeArgs,
    reference: ReferenceData,
) -> anyhow::Result<ExitCode> {
    let positive = [
        args.max_body,
        args.concurrency,
        args.query_timeout as usize,
        args.read_timeout as usize,
        args.max_match_queries,
        args.max_names,
        args.max_streams,
    ];
    if positive.contains(&0) {
        bail!(
            "--max-body, --concurrency, --query-timeout, --read-timeout, --max-match-queries, \
             --max-names and --max-streams must be positive"
        );
    }
    let limits = chokepoint_server::Limits {
        body_bytes: args.max_body,
        query_timeout: std::time::Duration::from_secs(args.query_timeout),
        concurrency: args.concurrency,
        read_timeout: std::time::Duration::from_secs(args.read_timeout),
        match_queries: args.max_match_queries,
        names_per_query: args.max_names,
        event_streams: args.max_streams,
        answer_cache_bytes: args.cache_size.as_u64(),
        ..Default::default()
    };
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let address = listener.local_addr()?;
    // Printed (and flushed) so scripts and tests can wait for it.
    println!("listening on http://{address}");
    std::io::stdout().flush()?;
    let mut state =
        chokepoint_server::AppState::new(cli.data.clone(), reference, limits).with_allowed_hosts(
            chokepoint_server::AllowedHosts::for_address(address, &args.allowed_hosts),
        );
    if let Some(token) = &args.token {
        if token.len() < 16 {
            bail!("--token: use at least 16 characters");
        }
        let rules = match &args.rules {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading rules {}", path.display()))?;
                chokepoint_risk::RiskRules::from_toml(&text, &path.display().to_string())?
            }
            None => chokepoint_risk::RiskRules::default(),
        };
        state = state.with_shipment_intake(token.clone(), rules);
    }
    chokepoint_server::serve(listener, state).await?;
    Ok(ExitCode::SUCCESS)
}

/// Baskets (built-in plus the user's file) and the HS nomenclature from
/// `--hs-dir`, or from `<data>/reference/hs` when that directory exists.
pub fn reference_data(cli: &Cli) -> anyhow::Result<ReferenceData> {
    let mut baskets = BasketSet::builtin();
    if let Some(path) = &cli.baskets {
        baskets.load_file(path)?;
    }
    let mut nomenclature = HsNomenclature::new();
    let default_dir = chokepoint_datadir::DataDir::new(&cli.data).hs_reference();
    let hs_dir = cli
        .hs_dir
        .clone()
        .or_else(|| default_dir.is_dir().then_some(default_dir));
    if let Some(dir) = &hs_dir {
        let n_loaded = nomenclature.load_dir(dir)?;
        if n_loaded == 0 {
            bail!(
                "{}: no hs<year>_harmonized-system.csv files found",
                dir.display()
            );
        }
    }
    Ok(ReferenceData {
        baskets,
        nomenclature,
    })
}

fn ingest_options(args: &IngestArgs, reference: &ReferenceData) -> anyhow::Result<IngestOptions> {
    let mut options = IngestOptions {
        // clap took only the names of the format registry.
        format: args.format.clone(),
        max_record_bytes: usize::try_from(args.max_record_bytes.as_u64()).unwrap_or(usize::MAX),
        ..IngestOptions::default()
    };
    if let Some(encoding) = &args.encoding {
        options.encoding = Some(TextEncoding::parse(encoding).with_context(|| {
            format!("unknown encoding {encoding:?}: expected utf-8, gb18030 or cp1252")
        })?);
    }
    if let Some(flow) = &args.flow {
        options.flow = Some(FlowDirection::parse(flow)?);
    }
    let mut fx = FxRates::default_table();
    if let Some(path) = &args.fx_rates {
        fx.load_csv(path)?;
    }
    options.fx = fx;
    options.baci_country_codes = args.baci_country_codes.clone();
    if !reference.nomenclature.is_empty() {
        options.nomenclature = Some(Arc::new(reference.nomenclature.clone()));
    }
    Ok(options)
}

/// Ingests files one after another; a failed file is reported and the others go on.
pub async fn ingest_files(
    store: &Store,
    files: &[std::path::PathBuf],
    options: &IngestOptions,
) -> anyhow::Result<ExitCode> {
    let mut n_failed = 0;
    for path in files {
        match ingest_file(store, path, options).await {
            Ok(FileOutcome::AlreadyIngested { .. }) => {
                eprintln!(
                    "{}: already ingested (same content), nothing added",
                    path.display()
                );
            }
            Ok(FileOutcome::Ingested {
                summary,
                versions,
                compacted,
                ..
            }) => {
                let committed: Vec<String> = versions
                    .iter()
                    .map(|(kind, v)| format!("{} v{v}", kind.name()))
                    .collect();
                eprintln!(
                    "{}: {} ({}): {} rows into {}, {} rejected; committed {}",
                    path.display(),
                    summary.format,
                    summary.encoding.name(),
                    summary.n_rows,
                    summary.target.name(),
                    summary.n_rejected,
                    committed.join(", ")
                );
                for done in compacted {
                    eprintln!(
                        "{}: compacted {} small files into {} (v{})",
                        done.kind.name(),
                        done.files_removed,
                        done.files_added,
                        done.version.unwrap_or_default()
                    );
                }
            }
            Err(error) => {
                n_failed += 1;
                eprintln!("chokepoint: error: {error:#}");
            }
        }
    }
    std::io::stderr().flush()?;
    Ok(if n_failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

async fn tables_batch(store: &Store, reference: &ReferenceData) -> anyhow::Result<RecordBatch> {
    let ctx = store.session(reference).await?;
    let mut names = Vec::new();
    let mut versions = Vec::new();
    let mut files = Vec::new();
    let mut rows = Vec::new();
    for summary in store.summaries().await? {
        let count = ctx
            .sql(&format!("SELECT count(*) FROM {}", summary.kind.name()))
            .await?
            .collect()
            .await?;
        let n_rows = count
            .first()
            .and_then(|b| {
                b.column(0)
                    .as_any()
                    .downcast_ref::<Int64Array>()
                    .map(|a| a.value(0))
            })
            .unwrap_or(0);
        names.push(summary.kind.name().to_string());
        versions.push(summary.version);
        files.push(summary.n_files as i64);
        rows.push(n_rows);
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("table", Arc::new(StringArray::from(names))),
        ("version", Arc::new(Int64Array::from(versions))),
        ("files", Arc::new(Int64Array::from(files))),
        ("rows", Arc::new(Int64Array::from(rows))),
    ];
    Ok(RecordBatch::try_from_iter(columns)?)
}

async fn history_batch(store: &Store, kind: TableKind) -> anyhow::Result<RecordBatch> {
    let records = store.history(kind).await?;
    let text = |key: &str, record: &chokepoint_store::CommitRecord| {
        record
            .metadata
            .get(key)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
    };
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            "version",
            Arc::new(Int64Array::from_iter_values(
                records.iter().map(|r| r.version),
            )),
        ),
        (
            "committed_at",
            Arc::new(StringArray::from_iter(records.iter().map(|r| {
                r.timestamp_ms.map(chokepoint_model::dates::utc_seconds)
            }))),
        ),
        (
            "operation",
            Arc::new(StringArray::from_iter_values(
                records.iter().map(|r| r.operation.clone()),
            )),
        ),
        (
            "source_file",
            Arc::new(StringArray::from_iter(
                records.iter().map(|r| text("source_file", r)),
            )),
        ),
        (
            "format",
            Arc::new(StringArray::from_iter(
                records.iter().map(|r| text("format", r)),
            )),
        ),
        (
            "rows",
            Arc::new(StringArray::from_iter(
                records.iter().map(|r| text("rows", r)),
            )),
        ),
        (
            "ingest_id",
            Arc::new(StringArray::from_iter(records.iter().map(|r| {
                text("ingest_id", r).map(|id| id.chars().take(16).collect::<String>())
            }))),
        ),
    ];
    Ok(RecordBatch::try_from_iter(columns)?)
}

fn baskets_listing(baskets: &BasketSet) -> anyhow::Result<RecordBatch> {
    let mut names = Vec::new();
    let mut n_codes = Vec::new();
    let mut codes = Vec::new();
    let mut descriptions = Vec::new();
    for basket in baskets.iter() {
        names.push(basket.name().to_string());
        let listed: Vec<String> = if basket.is_total_trade() {
            vec!["TOTAL".to_string()]
        } else {
            basket
                .codes()
                .iter()
                .map(|c| {
                    if c.before_hs2022_only() {
                        format!("{} (HS2017)", c.prefix())
                    } else {
                        c.prefix().to_string()
                    }
                })
                .collect()
        };
        n_codes.push(listed.len() as i64);
        codes.push(listed.join(" "));
        descriptions.push(basket.description().to_string());
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("basket", Arc::new(StringArray::from(names))),
        ("n_codes", Arc::new(Int64Array::from(n_codes))),
        ("codes", Arc::new(StringArray::from(codes))),
        ("description", Arc::new(StringArray::from(descriptions))),
    ];
    Ok(RecordBatch::try_from_iter(columns)?)
}
