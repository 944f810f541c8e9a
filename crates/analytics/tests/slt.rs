//! Runs every `tests/slt/*.slt` file (sqllogictest) against a fresh DataFusion
//! session per file: our UDFs, the reference tables the store registers
//! (`countries`, `baskets`, an empty `hs`) and whatever fixture tables the file creates.
//! A mismatch fails with the file and line of the record.
//!
//! The files query through the plans themselves: after `control substitution
//! on`, `${shares_both}` and the other names of [`plans`] stand for the
//! `to_sql()` text of that question as the crate renders it today, so the
//! expected rows check the plan text that ships, not a copy of it.
//!
//! `cargo test -p chokepoint-analytics --test slt -- --complete` rewrites the
//! expected results in place from the actual ones (review the diff); a name
//! after the flags runs only the files whose name contains it.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::DataType;
use arrow::util::display::{ArrayFormatter, FormatOptions};
use chokepoint_analytics::{
    CorridorQuery, Grain, Measure, ShareSource, SharesQuery, SurgeQuery, TotalsQuery, TotalsSource,
    parse_claims, register_udfs,
};
use chokepoint_catalog::{BasketSet, HsNomenclature, baskets_batch, countries_batch, hs_batch};
use chokepoint_model::QuantityUnit;
use common::{basket, country, month};
use datafusion::error::DataFusionError;
use datafusion::prelude::SessionContext;
use sqllogictest::{
    DB, DBOutput, DefaultColumnType, Runner, default_normalizer, default_validator,
    strict_column_validator,
};

/// One `.slt` file's database: a session and the runtime that drives it.
struct AnalyticsSession {
    ctx: SessionContext,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl AnalyticsSession {
    fn new(runtime: Arc<tokio::runtime::Runtime>) -> Result<AnalyticsSession, DataFusionError> {
        let ctx = SessionContext::new();
        register_udfs(&ctx);
        let countries = countries_batch().map_err(|e| DataFusionError::External(Box::new(e)))?;
        let baskets = baskets_batch(&BasketSet::builtin())
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        ctx.register_batch("countries", countries)?;
        ctx.register_batch("baskets", baskets)?;
        // No nomenclature files are loaded here: `hs` has the store's schema, no rows.
        let hs =
            hs_batch(&HsNomenclature::new()).map_err(|e| DataFusionError::External(Box::new(e)))?;
        ctx.register_batch("hs", hs)?;
        Ok(AnalyticsSession { ctx, runtime })
    }
}

impl DB for AnalyticsSession {
    type Error = DataFusionError;
    type ColumnType = DefaultColumnType;

    fn run(&mut self, sql: &str) -> Result<DBOutput<DefaultColumnType>, DataFusionError> {
        let ctx = self.ctx.clone();
        let batches = self
            .runtime
            .block_on(async move { ctx.sql(sql).await?.collect().await })?;
        let Some(first) = batches.first() else {
            return Ok(DBOutput::StatementComplete(0));
        };
        // DDL answers with a `count` column or none; a query answers with rows.
        if sql.trim_start().to_ascii_uppercase().starts_with("CREATE") {
            return Ok(DBOutput::StatementComplete(0));
        }
        let types = first
            .schema()
            .fields()
            .iter()
            .map(|field| column_type(field.data_type()))
            .collect();
        let mut rows = Vec::new();
        for batch in &batches {
            rows.extend(text_rows(batch)?);
        }
        Ok(DBOutput::Rows { types, rows })
    }

    fn engine_name(&self) -> &str {
        "chokepoint-analytics"
    }
}

/// The column letter of sqllogictest: `T` text, `I` integer, `R` floating point.
fn column_type(data_type: &DataType) -> DefaultColumnType {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => DefaultColumnType::Text,
        t if t.is_integer() => DefaultColumnType::Integer,
        t if t.is_floating() => DefaultColumnType::FloatingPoint,
        _ => DefaultColumnType::Any,
    }
}

/// Each row as display text; NULL as `NULL`, the empty string as `(empty)`
/// (an empty cell would vanish in the whitespace-separated result lines).
fn text_rows(batch: &RecordBatch) -> Result<Vec<Vec<String>>, DataFusionError> {
    let options = FormatOptions::default().with_null("NULL");
    let formatters = batch
        .columns()
        .iter()
        .map(|column| ArrayFormatter::try_new(column.as_ref(), &options))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((0..batch.num_rows())
        .map(|row| {
            formatters
                .iter()
                .map(|formatter| match formatter.value(row).to_string() {
                    text if text.is_empty() => "(empty)".to_string(),
                    text => text,
                })
                .collect()
        })
        .collect())
}

/// The claims behind `${claim_share}` and `${claim_growth}`.
const CLAIMS: &str = r#"
[[claim]]
id = "share"
statement = "microelectronics to Russia in 2023 from China and Hong Kong"
kind = "share"
basket = "microelectronics"
origins = ["CHN", "HKG"]
destination = "RUS"
period = "2023"
claimed = 0.9

[[claim]]
id = "growth"
statement = "fibre-optic cable from China to Russia, 2025-08 against 2025-07, in miles"
kind = "growth"
basket = "fibre-optic"
origins = "CHN"
destination = "RUS"
period = "2025-08"
versus = "2025-07"
measure = "quantity"
unit = "mi"
claimed = 10
"#;

/// The plans the `.slt` files name, by variable, with their inputs.
fn plans() -> Vec<(&'static str, String)> {
    let shares = |source| SharesQuery {
        basket: basket("microelectronics"),
        destination: country("RUS"),
        grain: Grain::Year,
        from: None,
        until: None,
        groups: vec![],
        top: Some(2),
        source,
    };
    let totals = TotalsQuery {
        basket: basket("fibre-optic"),
        origins: vec![country("CHN")],
        destination: country("RUS"),
        since: month("2025-07"),
        until: None,
        source: TotalsSource::Exporter,
        unit: Some(QuantityUnit::parse("mi").expect("known unit")),
    };
    let mut surge_series = SurgeQuery::new();
    surge_series.basket = Some(basket("microelectronics"));
    surge_series.destination = Some(country("RUS"));
    let mut surge_quantity = SurgeQuery::new();
    surge_quantity.basket = Some(basket("fibre-optic"));
    surge_quantity.measure = Measure::Quantity;
    let corridor_legs = CorridorQuery::new(
        basket("microelectronics"),
        country("RUS"),
        vec![country("DEU")],
    );
    let claims = parse_claims(CLAIMS, "slt.rs", &BasketSet::builtin()).expect("valid claims");
    let sql = |result: Result<String, chokepoint_analytics::AnalyticsError>| {
        result.expect("a valid query")
    };
    vec![
        ("shares_direct", sql(shares(ShareSource::Direct).to_sql())),
        ("shares_mirror", sql(shares(ShareSource::Mirror).to_sql())),
        ("shares_both", sql(shares(ShareSource::Both).to_sql())),
        ("totals_miles", sql(totals.to_sql())),
        ("surge_series", sql(surge_series.to_sql())),
        ("surge_series_quantity", sql(surge_quantity.to_sql())),
        ("corridor_legs", sql(corridor_legs.to_sql())),
        ("claim_share", claims[0].to_sql()),
        ("claim_growth", claims[1].to_sql()),
    ]
}

fn slt_files(filter: Option<&str>) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/slt");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "slt"))
        .filter(|path| filter.is_none_or(|f| path.to_string_lossy().contains(f)))
        .collect();
    files.sort();
    files
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let complete = args.iter().any(|a| a == "--complete");
    // libtest flags cargo may pass (`--nocapture`, `--quiet`...) are ignored;
    // the first plain word filters files by name.
    let filter = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    let runtime = Arc::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime"),
    );
    let files = slt_files(filter);
    let plans = plans();
    if files.is_empty() && filter.is_none() {
        eprintln!("no .slt files under tests/slt");
        std::process::exit(1);
    }
    let mut failures = Vec::new();
    for file in &files {
        let make_session = {
            let runtime = Arc::clone(&runtime);
            move || {
                let runtime = Arc::clone(&runtime);
                async move { AnalyticsSession::new(runtime) }
            }
        };
        let mut runner = Runner::new(make_session);
        runner.with_column_validator(strict_column_validator);
        for (name, sql) in &plans {
            runner.set_var(name.to_string(), sql.clone());
        }
        let name = file
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(file);
        let outcome = if complete {
            futures::executor::block_on(runner.update_test_file(
                file,
                " ",
                default_validator,
                default_normalizer,
                strict_column_validator,
            ))
            .map_err(|e| e.to_string())
        } else {
            runner
                .run_file(file)
                .map_err(|e| e.display(false).to_string())
        };
        match outcome {
            Ok(()) => println!("ok    {}", name.display()),
            Err(message) => {
                println!("FAIL  {}", name.display());
                failures.push(format!("{}: {message}", name.display()));
            }
        }
    }
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("{failure}");
        }
        eprintln!("{} of {} .slt files failed", failures.len(), files.len());
        std::process::exit(1);
    }
}
