//! `chokepoint optimize` and `chokepoint vacuum`: table layout and cleanup
//! over [`Store::optimize`] and [`Store::vacuum`], one table or all.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::bail;
use arrow::array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use chokepoint_catalog::schema::TableKind;
use chokepoint_store::{OptimizeOptions, Store, VacuumOptions};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{Cli, OptimizeArgs, VacuumArgs};
use crate::output::print_batches;

/// Optimizes one table or every table, printing one row per table.
pub async fn optimize_command(cli: &Cli, args: &OptimizeArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&cli.data)?;
    let mut rows = Vec::new();
    for kind in tables(args.table.as_deref())? {
        let options = OptimizeOptions {
            full: args.full,
            target_file_size: args.target_size,
            ..OptimizeOptions::default()
        };
        let progress = progress_bar(kind, options.rows_written.clone());
        let summary = store.optimize(kind, &options).await;
        progress.finish_and_clear();
        rows.push(summary?);
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            "table",
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|s| s.kind.name()),
            )),
        ),
        (
            "version",
            Arc::new(Int64Array::from_iter(rows.iter().map(|s| s.version))),
        ),
        (
            "files_before",
            int_column(rows.iter().map(|s| s.files_before as u64)),
        ),
        (
            "files_after",
            int_column(rows.iter().map(|s| s.files_after as u64)),
        ),
        (
            "files_rewritten",
            int_column(rows.iter().map(|s| s.files_removed as u64)),
        ),
        (
            "bytes_read",
            int_column(rows.iter().map(|s| s.bytes_removed)),
        ),
        (
            "bytes_written",
            int_column(rows.iter().map(|s| s.bytes_added)),
        ),
        ("rows", int_column(rows.iter().map(|s| s.rows))),
        ("seconds", seconds_column(rows.iter().map(|s| s.duration))),
    ];
    print(cli, RecordBatch::try_from_iter(columns)?)
}

/// Vacuums one table or every table: one row per table, or with
/// `--dry-run` one row per file that would be deleted.
pub async fn vacuum_command(cli: &Cli, args: &VacuumArgs) -> anyhow::Result<ExitCode> {
    if !(args.retain_hours.is_finite() && args.retain_hours >= 0.0) {
        bail!("--retain-hours must be a number of hours, 0 or more");
    }
    let store = Store::open(&cli.data)?;
    let options = VacuumOptions {
        retain: Duration::from_secs_f64(args.retain_hours * 3600.0),
        dry_run: args.dry_run,
    };
    let mut summaries = Vec::new();
    for kind in tables(args.table.as_deref())? {
        summaries.push(store.vacuum(kind, &options).await?);
    }
    let batch = if args.dry_run {
        let files: Vec<(&str, &str, u64)> = summaries
            .iter()
            .flat_map(|summary| {
                summary.files.iter().map(|path| {
                    let size = std::fs::metadata(store.table_path(summary.kind).join(path))
                        .map_or(0, |meta| meta.len());
                    (summary.kind.name(), path.as_str(), size)
                })
            })
            .collect();
        let columns: Vec<(&str, ArrayRef)> = vec![
            (
                "table",
                Arc::new(StringArray::from_iter_values(files.iter().map(|f| f.0))),
            ),
            (
                "would_delete",
                Arc::new(StringArray::from_iter_values(files.iter().map(|f| f.1))),
            ),
            ("bytes", int_column(files.iter().map(|f| f.2))),
        ];
        RecordBatch::try_from_iter(columns)?
    } else {
        let columns: Vec<(&str, ArrayRef)> = vec![
            (
                "table",
                Arc::new(StringArray::from_iter_values(
                    summaries.iter().map(|s| s.kind.name()),
                )),
            ),
            (
                "files_deleted",
                int_column(summaries.iter().map(|s| s.files.len() as u64)),
            ),
            (
                "bytes_deleted",
                int_column(summaries.iter().map(|s| s.bytes)),
            ),
            (
                "dry_run",
                Arc::new(BooleanArray::from_iter(
                    summaries.iter().map(|s| Some(s.dry_run)),
                )),
            ),
            (
                "seconds",
                seconds_column(summaries.iter().map(|s| s.duration)),
            ),
        ];
        RecordBatch::try_from_iter(columns)?
    };
    print(cli, batch)
}

/// The named table, or every table.
fn tables(name: Option<&str>) -> anyhow::Result<Vec<TableKind>> {
    match name {
        None => Ok(TableKind::ALL.to_vec()),
        Some(name) => match TableKind::parse(name) {
            Some(kind) => Ok(vec![kind]),
            None => {
                let names: Vec<&str> = TableKind::ALL.iter().map(|kind| kind.name()).collect();
                bail!(
                    "unknown table {name:?}: expected one of {}",
                    names.join(", ")
                )
            }
        },
    }
}

fn int_column(values: impl Iterator<Item = u64>) -> ArrayRef {
    Arc::new(Int64Array::from_iter_values(values.map(|v| v as i64)))
}

fn seconds_column(values: impl Iterator<Item = Duration>) -> ArrayRef {
    Arc::new(Float64Array::from_iter_values(
        values.map(|d| (d.as_secs_f64() * 100.0).round() / 100.0),
    ))
}

fn print(cli: &Cli, batch: RecordBatch) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    print_batches(&[batch], cli.output, &mut stdout.lock())?;
    Ok(ExitCode::SUCCESS)
}

/// Rows written by a rewrite, on a terminal only (indicatif draws nothing
/// when stderr is not one).
fn progress_bar(kind: TableKind, rows_written: Arc<AtomicU64>) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} optimize {msg}: {pos} rows written ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(kind.name());
    let ticker = bar.clone();
    tokio::spawn(async move {
        while !ticker.is_finished() {
            ticker.set_position(rows_written.load(Ordering::Relaxed));
            ticker.tick();
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    bar
}
