//! Table layout: [`Store::optimize`] rewrites a table's files sorted by the
//! columns the analytics filter on (`flows`, `shipments`) or bin-packed (the
//! other tables), in one Delta commit; [`Store::compact_if_due`] runs it on
//! the small files that ingests leave, after they commit.
//!
//! Why not delta-rs's `OptimizeBuilder`: it has compaction and Z-order but no
//! sort by expressions (its `OptimizeOperations` has a `// TODO: Sort`), and
//! its commit goes through the conflict checker, which in delta-rs 1.1 ignores
//! removes with `dataChange = false`: two optimizes of the same files (two
//! ingests compacting at once) would both commit and every row of those files
//! would be there twice. Our rewrite commits only against the version it read,
//! and after a concurrent commit retries only if every file it rewrote is
//! still active, so the same code compacts the other tables too.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use chokepoint_catalog::schema::TableKind;
use datafusion::prelude::ParquetReadOptions;
use deltalake::DeltaTable;
use deltalake::kernel::transaction::{CommitBuilder, CommitProperties};
use deltalake::kernel::{Action, Add, Remove};
use deltalake::parquet::basic::{Compression, ZstdLevel};
use deltalake::parquet::file::properties::{EnabledStatistics, WriterProperties};
use deltalake::protocol::DeltaOperation;
use deltalake::writer::{DeltaWriter, RecordBatchWriter};
use futures::{StreamExt, TryStreamExt};

use crate::{ByteSize, Store, StoreError};

/// The `Add` tag recording how a file was laid out (`sorted:v1`,
/// `compacted:v1`); files without it are rewritten by the next optimize.
pub const LAYOUT_TAG: &str = "chokepoint.layout";

/// After an ingest commits, a table with at least this many small files not
/// yet laid out is compacted. Each ingest adds one file per table; a query
/// opens every file (footer read, statistics, one scan partition each), so 16
/// small files cost a query about what one does, while the rewrite of 16
/// files happens once per 16 ingests.
pub const COMPACT_AFTER_FILES: usize = 16;

/// A file under this size counts as small for compaction after ingests
/// (a quarter of the default target size: rewriting it is cheap).
pub const SMALL_FILE: ByteSize = ByteSize::mib(64);

/// Rows per Parquet row group of rewritten files: 128 Ki rows, so min/max
/// statistics prune at a finer grain than the 1 Mi default.
const ROW_GROUP_ROWS: usize = 128 * 1024;

/// Attempts to commit a rewrite while other commits land meanwhile.
const COMMIT_ATTEMPTS: usize = 10;

/// How optimize rewrites a table.
#[derive(Debug, Clone)]
pub struct OptimizeOptions {
    /// Rewrite files already laid out too, so the whole table becomes one
    /// sorted run (default: only files not yet laid out).
    pub full: bool,
    /// Size at which an output file is closed and the next one started.
    pub target_file_size: ByteSize,
    /// Only rewrite files smaller than this (compaction after ingests).
    pub only_files_under: Option<ByteSize>,
    /// Rows written so far, for a progress bar.
    pub rows_written: Arc<AtomicU64>,
}

impl Default for OptimizeOptions {
    fn default() -> Self {
        OptimizeOptions {
            full: false,
            target_file_size: ByteSize::mib(256),
            only_files_under: None,
            rows_written: Arc::new(AtomicU64::new(0)),
        }
    }
}

/// What an optimize did.
#[derive(Debug, Clone)]
pub struct OptimizeSummary {
    /// The table.
    pub kind: TableKind,
    /// The version committed; `None` when there was nothing to rewrite.
    pub version: Option<i64>,
    /// Active files before and after.
    pub files_before: usize,
    /// Active files after.
    pub files_after: usize,
    /// Files rewritten (removed from the table).
    pub files_removed: usize,
    /// Files written (added).
    pub files_added: usize,
    /// Bytes of the files removed.
    pub bytes_removed: u64,
    /// Bytes of the files added.
    pub bytes_added: u64,
    /// Rows rewritten.
    pub rows: u64,
    /// Wall time.
    pub duration: Duration,
}

/// How a table is laid out: its tag and, for sorted tables, the order.
fn layout(kind: TableKind) -> (&'static str, Option<&'static str>) {
    match kind {
        // Sorted by flow, then the importer, the exporter, HS6 and period:
        // both `flow = 'export' AND partner = X` (mirror) and `flow =
        // 'import' AND reporter = X` (direct) hit one contiguous run of rows
        // per file, so the min/max statistics of `partner` (export section)
        // and `reporter` (import section) prune files and row groups.
        TableKind::Flows => (
            "sorted:v1",
            Some(
                "flow, \
                 CASE WHEN flow IN ('export', 're-export') THEN partner ELSE reporter END, \
                 CASE WHEN flow IN ('export', 're-export') THEN reporter ELSE partner END, \
                 hs6, period",
            ),
        ),
        TableKind::Shipments => ("sorted:v1", Some("destination_country, hs6, date")),
        _ => ("compacted:v1", None),
    }
}

/// Files written but not yet committed.
struct Rewrite {
    /// The table as read: the commit is made against this version.
    table: DeltaTable,
    inputs: Vec<Add>,
    outputs: Vec<Add>,
    files_before: usize,
    rows: u64,
}

impl Store {
    /// Rewrites the files of a table not yet laid out (all with
    /// `options.full`) in its layout, as one commit (operation `OPTIMIZE`,
    /// `dataChange = false`) that removes them and adds the new files. The
    /// sort runs in DataFusion under the store's memory limit and spills;
    /// output streams into Parquet files of `target_file_size` (ZSTD, row
    /// groups of 128 Ki rows, page statistics) tagged with [`LAYOUT_TAG`].
    /// A process killed before the commit leaves the table as it was (the
    /// files written are orphans for [`Store::vacuum`]).
    pub async fn optimize(
        &self,
        kind: TableKind,
        options: &OptimizeOptions,
    ) -> Result<OptimizeSummary, StoreError> {
        let started = Instant::now();
        let span = tracing::info_span!("optimize", table = kind.name());
        let _guard = span.enter();
        let Some(rewrite) = self.rewrite(kind, options).await? else {
            let files = match self.load(kind).await? {
                Some(table) => active_files(&table, kind).await?.len(),
                None => 0,
            };
            return Ok(OptimizeSummary {
                kind,
                version: None,
                files_before: files,
                files_after: files,
                files_removed: 0,
                files_added: 0,
                bytes_removed: 0,
                bytes_added: 0,
                rows: 0,
                duration: started.elapsed(),
            });
        };
        let files_before = rewrite.files_before;
        let files_removed = rewrite.inputs.len();
        let files_added = rewrite.outputs.len();
        let bytes_removed = rewrite.inputs.iter().map(|a| a.size as u64).sum();
        let bytes_added = rewrite.outputs.iter().map(|a| a.size as u64).sum();
        let rows = rewrite.rows;
        let (version, files_after) = self.commit_rewrite(kind, rewrite).await?;
        tracing::info!(version, files_removed, files_added, rows, "optimized");
        Ok(OptimizeSummary {
            kind,
            version: Some(version),
            files_before,
            files_after,
            files_removed,
            files_added,
            bytes_removed,
            bytes_added,
            rows,
            duration: started.elapsed(),
        })
    }

    /// Compaction after an ingest: when the table holds at least
    /// [`COMPACT_AFTER_FILES`] files under [`SMALL_FILE`] not yet laid out,
    /// optimizes those (only them). `None` when not due. A separate commit
    /// after the ingest's own, which stays as it was; the ingest's
    /// application transaction stays in the log, so a re-ingest of the same
    /// file is still recognised.
    pub async fn compact_if_due(
        &self,
        kind: TableKind,
    ) -> Result<Option<OptimizeSummary>, StoreError> {
        let Some(table) = self.load(kind).await? else {
            return Ok(None);
        };
        let (tag, _) = layout(kind);
        let n_small = active_files(&table, kind)
            .await?
            .iter()
            .filter(|add| !is_laid_out(add, tag) && (add.size as u64) < SMALL_FILE.as_u64())
            .count();
        if n_small < COMPACT_AFTER_FILES {
            return Ok(None);
        }
        let options = OptimizeOptions {
            only_files_under: Some(SMALL_FILE),
            ..OptimizeOptions::default()
        };
        self.optimize(kind, &options).await.map(Some)
    }

    /// Writes the rewritten files (not committed); `None` if nothing to do.
    async fn rewrite(
        &self,
        kind: TableKind,
        options: &OptimizeOptions,
    ) -> Result<Option<Rewrite>, StoreError> {
        let delta_error = Store::delta_error(kind);
        let Some(table) = self.load(kind).await? else {
            return Ok(None);
        };
        let (tag, order_by) = layout(kind);
        let active = active_files(&table, kind).await?;
        let files_before = active.len();
        let inputs: Vec<Add> = active
            .into_iter()
            .filter(|add| options.full || !is_laid_out(add, tag))
            .filter(|add| {
                options
                    .only_files_under
                    .is_none_or(|limit| (add.size as u64) < limit.as_u64())
            })
            .collect();
        // A sorted table sorts even one file; packing one file changes nothing.
        let minimum = if order_by.is_some() { 1 } else { 2 };
        if inputs.len() < minimum {
            return Ok(None);
        }
        if inputs.iter().any(|add| add.deletion_vector.is_some()) {
            // Our writes never create deletion vectors; reading the Parquet
            // files directly would resurrect deleted rows.
            return Err(delta_error(deltalake::DeltaTableError::Generic(
                "optimize: the table has deletion vectors, which chokepoint does not rewrite"
                    .into(),
            )));
        }

        let ctx = self.empty_session()?;
        let schema = kind.schema();
        let paths: Vec<String> = inputs
            .iter()
            .map(|add| self.table_path(kind).join(&add.path).display().to_string())
            .collect();
        let input = ctx
            .read_parquet(paths, ParquetReadOptions::default().schema(&schema))
            .await?;
        ctx.register_table("optimize_input", input.into_view())?;
        let sql = match order_by {
            Some(order) => format!("SELECT * FROM optimize_input ORDER BY {order}"),
            None => "SELECT * FROM optimize_input".to_string(),
        };
        let mut stream = ctx.sql(&sql).await?.execute_stream().await?;

        let parquet = WriterProperties::builder()
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(1).map_err(|e| delta_error(e.into()))?,
            ))
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_statistics_enabled(EnabledStatistics::Page)
            .build();
        let mut writer = RecordBatchWriter::for_table(&table)
            .map_err(&delta_error)?
            .with_writer_properties(parquet)
            .with_target_file_size(options.target_file_size.as_u64());
        let mut rows = 0u64;
        while let Some(batch) = stream.next().await {
            let batch = conform(batch?, &schema)?;
            rows += batch.num_rows() as u64;
            writer.write(batch).await.map_err(&delta_error)?;
            options.rows_written.store(rows, Ordering::Relaxed);
        }
        let mut outputs = writer.flush().await.map_err(&delta_error)?;
        let expected: Option<u64> = inputs
            .iter()
            .map(|add| {
                add.get_stats()
                    .ok()
                    .flatten()
                    .map(|stats| stats.num_records as u64)
            })
            .sum();
        if expected.is_some_and(|expected| expected != rows) {
            self.delete_files(kind, &outputs);
            return Err(delta_error(deltalake::DeltaTableError::Generic(format!(
                "optimize read {rows} rows where the log counts {}; nothing committed",
                expected.unwrap_or_default()
            ))));
        }
        for add in &mut outputs {
            add.data_change = false;
            add.tags = Some(HashMap::from([(
                LAYOUT_TAG.to_string(),
                Some(tag.to_string()),
            )]));
        }
        Ok(Some(Rewrite {
            table,
            inputs,
            outputs,
            files_before,
            rows,
        }))
    }

    /// Commits a rewrite against the version it read. If other commits
    /// landed meanwhile, retries against the latest version only if every
    /// rewritten file is still active there and the schema is the same (an
    /// ingest only adds files: its rows stay); otherwise deletes the files
    /// it wrote and fails, committing nothing. Returns the version and the
    /// active files after it.
    async fn commit_rewrite(
        &self,
        kind: TableKind,
        rewrite: Rewrite,
    ) -> Result<(i64, usize), StoreError> {
        let delta_error = Store::delta_error(kind);
        let Rewrite {
            mut table,
            inputs,
            outputs,
            rows,
            ..
        } = rewrite;
        let (tag, _) = layout(kind);
        let schema_read = table
            .snapshot()
            .map_err(&delta_error)?
            .metadata()
            .schema_string()
            .to_string();
        let removed_at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let mut actions: Vec<Action> = inputs
            .iter()
            .map(|add| {
                Action::Remove(Remove {
                    path: add.path.clone(),
                    data_change: false,
                    deletion_timestamp: Some(removed_at),
                    extended_file_metadata: Some(true),
                    partition_values: Some(add.partition_values.clone()),
                    size: Some(add.size),
                    deletion_vector: None,
                    tags: add.tags.clone(),
                    base_row_id: add.base_row_id,
                    default_row_commit_version: add.default_row_commit_version,
                })
            })
            .collect();
        actions.extend(outputs.iter().cloned().map(Action::Add));
        let metadata = HashMap::from([
            ("chokepoint_layout".to_string(), serde_json::json!(tag)),
            ("files_removed".to_string(), serde_json::json!(inputs.len())),
            ("files_added".to_string(), serde_json::json!(outputs.len())),
            ("rows".to_string(), serde_json::json!(rows)),
        ]);
        let input_paths: HashSet<&str> = inputs.iter().map(|add| add.path.as_str()).collect();
        let target_size = outputs.iter().map(|add| add.size).max().unwrap_or(0);
        for attempt in 1..=COMMIT_ATTEMPTS {
            let read_version = table.version().unwrap_or(0);
            // No retries inside delta-rs: its conflict checker would let a
            // concurrent optimize of the same files through (see the module doc).
            let properties = CommitProperties::default()
                .with_metadata(metadata.clone())
                .with_max_retries(0);
            let committed = CommitBuilder::from(properties)
                .with_actions(actions.clone())
                .build(
                    Some(table.snapshot().map_err(&delta_error)?),
                    table.log_store(),
                    DeltaOperation::Optimize {
                        predicate: None,
                        target_size,
                    },
                )
                .await;
            let error = match committed {
                Ok(commit) => {
                    let version = commit.version() as i64;
                    table.update_state().await.map_err(&delta_error)?;
                    let files_after = active_files(&table, kind).await?.len();
                    return Ok((version, files_after));
                }
                Err(error) => error,
            };
            table.update_state().await.map_err(&delta_error)?;
            let latest = table.version().unwrap_or(0);
            if latest == read_version {
                // Not a concurrent commit: a real failure.
                self.delete_files(kind, &outputs);
                return Err(delta_error(error));
            }
            let still_active: HashSet<String> = active_files(&table, kind)
                .await?
                .into_iter()
                .map(|add| add.path)
                .filter(|path| input_paths.contains(path.as_str()))
                .collect();
            let schema_now = table
                .snapshot()
                .map_err(&delta_error)?
                .metadata()
                .schema_string()
                .to_string();
            if still_active.len() != input_paths.len() || schema_now != schema_read {
                self.delete_files(kind, &outputs);
                return Err(StoreError::ConcurrentRewrite {
                    table: kind.name().to_string(),
                    version: latest as i64,
                });
            }
            tracing::info!(
                attempt,
                read_version,
                latest,
                "table changed during optimize, rewritten files intact: retrying the commit"
            );
        }
        self.delete_files(kind, &outputs);
        Err(StoreError::ConcurrentRewrite {
            table: kind.name().to_string(),
            version: table.version().unwrap_or(0) as i64,
        })
    }

    /// Best-effort removal of files written by a rewrite that was not
    /// committed (a later vacuum finds any left).
    fn delete_files(&self, kind: TableKind, files: &[Add]) {
        for add in files {
            let path = self.table_path(kind).join(&add.path);
            if let Err(error) = std::fs::remove_file(&path) {
                tracing::warn!(path = %path.display(), %error, "could not delete an uncommitted file");
            }
        }
    }
}

/// The active files of a table as `Add` actions (with their tags).
pub(crate) async fn active_files(
    table: &DeltaTable,
    kind: TableKind,
) -> Result<Vec<Add>, StoreError> {
    let snapshot = table.snapshot().map_err(Store::delta_error(kind))?;
    #[allow(deprecated)] // `add_action` is the one public way to the tags.
    let adds = snapshot
        .snapshot()
        .file_views(table.log_store().as_ref(), None)
        .map_ok(|view| view.add_action())
        .try_collect()
        .await
        .map_err(Store::delta_error(kind))?;
    Ok(adds)
}

fn is_laid_out(add: &Add, tag: &str) -> bool {
    add.tags
        .as_ref()
        .and_then(|tags| tags.get(LAYOUT_TAG))
        .is_some_and(|value| value.as_deref() == Some(tag))
}

/// The batch with the table's column types (DataFusion may read strings as
/// views).
fn conform(batch: RecordBatch, schema: &SchemaRef) -> Result<RecordBatch, StoreError> {
    if batch.schema().fields() == schema.fields() {
        return Ok(batch);
    }
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(column, field)| arrow::compute::cast(column, field.data_type()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(datafusion::error::DataFusionError::from)?;
    Ok(RecordBatch::try_new(schema.clone(), columns)
        .map_err(datafusion::error::DataFusionError::from)?)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use arrow::array::{
        ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, StringArray,
    };
    use arrow::datatypes::DataType;

    use super::*;
    use crate::AppendRequest;

    const COUNTRIES: [&str; 5] = ["RUS", "CHN", "DEU", "ARM", "KAZ"];
    const FLOWS: [&str; 3] = ["export", "import", "re-export"];

    /// `n` rows of `kind` starting at row `first`, every column filled
    /// deterministically; flows get real flow labels and countries.
    fn batch(kind: TableKind, first: usize, n: usize) -> RecordBatch {
        let schema = kind.schema();
        let rows = first..first + n;
        let columns: Vec<ArrayRef> = schema
            .fields()
            .iter()
            .map(|field| -> ArrayRef {
                let name = field.name().as_str();
                let text = |i: usize| match name {
                    "flow" => FLOWS[i % 3].to_string(),
                    "reporter" => COUNTRIES[(i * 7 + 1) % 5].to_string(),
                    "partner" | "destination_country" => COUNTRIES[(i * 3) % 5].to_string(),
                    "hs6" => format!("{:06}", 850000 + (i * 13) % 97),
                    _ => format!("{name}-{}", i % 11),
                };
                match field.data_type() {
                    DataType::Utf8 => {
                        Arc::new(StringArray::from_iter_values(rows.clone().map(text)))
                    }
                    DataType::Boolean => Arc::new(BooleanArray::from_iter(
                        rows.clone().map(|i| Some(i % 2 == 0)),
                    )),
                    DataType::Date32 => Arc::new(Date32Array::from_iter_values(
                        rows.clone().map(|i| 18_000 + ((i * 31) % 1000) as i32),
                    )),
                    DataType::Int32 => Arc::new(Int32Array::from_iter_values(
                        rows.clone().map(|i| 2020 + (i % 5) as i32),
                    )),
                    DataType::Int64 => {
                        Arc::new(Int64Array::from_iter_values(rows.clone().map(|i| i as i64)))
                    }
                    DataType::Float64 => Arc::new(Float64Array::from_iter_values(
                        rows.clone().map(|i| i as f64 * 1.5),
                    )),
                    other => panic!("no generator for {other}"),
                }
            })
            .collect();
        RecordBatch::try_new(schema, columns).unwrap()
    }

    pub(crate) async fn append(
        store: &Store,
        kind: TableKind,
        ingest_id: &str,
        first: usize,
        n: usize,
    ) {
        let mut append = store
            .append(
                kind,
                AppendRequest {
                    ingest_id: ingest_id.to_string(),
                },
            )
            .await
            .unwrap();
        append.write(batch(kind, first, n)).await.unwrap();
        append.commit_with_metadata(HashMap::new()).await.unwrap();
    }

    /// Row count and a checksum over every column that identifies rows.
    pub(crate) async fn fingerprint(store: &Store, kind: TableKind) -> (i64, f64, i64) {
        let ctx = store.session(&Default::default()).await.unwrap();
        let sql = match kind {
            TableKind::Flows => "SELECT count(*), sum(value_usd), sum(source_line) FROM flows",
            _ => "SELECT count(*), CAST(0 AS DOUBLE), sum(line) FROM rejects",
        };
        let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
        let value = |i: usize| batches[0].column(i).clone();
        let count = value(0)
            .as_any()
            .downcast_ref::<Int64Array>()
            .unwrap()
            .value(0);
        let sum = value(1)
            .as_any()
            .downcast_ref::<Float64Array>()
            .unwrap()
            .value(0);
        let lines = value(2)
            .as_any()
            .downcast_ref::<Int64Array>()
            .unwrap()
            .value(0);
        (count, sum, lines)
    }

    /// The flows sort key of every row of one Parquet file, in file order.
    fn file_keys(path: &std::path::Path) -> Vec<(String, String, String, String, i32)> {
        let file = std::fs::File::open(path).unwrap();
        let reader =
            deltalake::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
                .unwrap()
                .build()
                .unwrap();
        let mut keys = Vec::new();
        for batch in reader {
            let batch = batch.unwrap();
            let text = |name: &str| {
                batch
                    .column_by_name(name)
                    .unwrap()
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .unwrap()
                    .clone()
            };
            let (flow, reporter, partner, hs6) =
                (text("flow"), text("reporter"), text("partner"), text("hs6"));
            let period = batch
                .column_by_name("period")
                .unwrap()
                .as_any()
                .downcast_ref::<Date32Array>()
                .unwrap()
                .clone();
            for i in 0..batch.num_rows() {
                let export = matches!(flow.value(i), "export" | "re-export");
                let (importer, exporter) = if export {
                    (partner.value(i), reporter.value(i))
                } else {
                    (reporter.value(i), partner.value(i))
                };
                keys.push((
                    flow.value(i).to_string(),
                    importer.to_string(),
                    exporter.to_string(),
                    hs6.value(i).to_string(),
                    period.value(i),
                ));
            }
        }
        keys
    }

    #[tokio::test]
    async fn optimize_sorts_each_file_and_keeps_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for (index, id) in ["a", "b", "c"].into_iter().enumerate() {
            append(&store, TableKind::Flows, id, index * 5000, 5000).await;
        }
        let before = fingerprint(&store, TableKind::Flows).await;
        let summary = store
            .optimize(TableKind::Flows, &OptimizeOptions::default())
            .await
            .unwrap();
        assert_eq!((summary.files_before, summary.files_removed), (3, 3));
        assert_eq!((summary.files_added, summary.files_after), (1, 1));
        assert_eq!(summary.rows, 15_000);
        assert_eq!(fingerprint(&store, TableKind::Flows).await, before);
        let table = store.load(TableKind::Flows).await.unwrap().unwrap();
        let files = active_files(&table, TableKind::Flows).await.unwrap();
        assert!(
            files.iter().all(|add| is_laid_out(add, "sorted:v1")),
            "{files:?}"
        );
        let keys = file_keys(&store.table_path(TableKind::Flows).join(&files[0].path));
        assert_eq!(keys.len(), 15_000);
        assert!(keys.windows(2).all(|pair| pair[0] <= pair[1]), "not sorted");
        // The ingests are still recorded.
        for id in ["a", "b", "c"] {
            assert!(
                store
                    .has_ingest(&table, TableKind::Flows, id)
                    .await
                    .unwrap()
            );
        }
        // Nothing left to lay out; a new file alone is rewritten next time.
        let again = store
            .optimize(TableKind::Flows, &OptimizeOptions::default())
            .await
            .unwrap();
        assert_eq!((again.version, again.files_after), (None, 1));
        append(&store, TableKind::Flows, "d", 15_000, 100).await;
        let incremental = store
            .optimize(TableKind::Flows, &OptimizeOptions::default())
            .await
            .unwrap();
        assert_eq!((incremental.files_removed, incremental.files_after), (1, 2));
        let full = OptimizeOptions {
            full: true,
            ..OptimizeOptions::default()
        };
        let full = store.optimize(TableKind::Flows, &full).await.unwrap();
        assert_eq!(
            (full.files_removed, full.files_after, full.rows),
            (2, 1, 15_100)
        );
        let operation = store
            .history(TableKind::Flows)
            .await
            .unwrap()
            .last()
            .unwrap()
            .operation
            .clone();
        assert_eq!(operation, "OPTIMIZE");
    }

    #[tokio::test]
    async fn an_ingest_committed_during_an_optimize_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        append(&store, TableKind::Flows, "a", 0, 1000).await;
        append(&store, TableKind::Flows, "b", 1000, 1000).await;
        let rewrite = store
            .rewrite(TableKind::Flows, &OptimizeOptions::default())
            .await
            .unwrap()
            .unwrap();
        // Another process ingests while the rewrite is not yet committed.
        append(&store, TableKind::Flows, "c", 2000, 500).await;
        let (version, files_after) = store
            .commit_rewrite(TableKind::Flows, rewrite)
            .await
            .unwrap();
        assert_eq!((version, files_after), (4, 2));
        assert_eq!(fingerprint(&store, TableKind::Flows).await.0, 2500);
        let table = store.load(TableKind::Flows).await.unwrap().unwrap();
        assert!(
            store
                .has_ingest(&table, TableKind::Flows, "c")
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn of_two_optimizes_of_the_same_files_only_one_commits() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        append(&store, TableKind::Flows, "a", 0, 1000).await;
        append(&store, TableKind::Flows, "b", 1000, 1000).await;
        let before = fingerprint(&store, TableKind::Flows).await;
        let options = OptimizeOptions::default();
        let first = store
            .rewrite(TableKind::Flows, &options)
            .await
            .unwrap()
            .unwrap();
        let second = store
            .rewrite(TableKind::Flows, &options)
            .await
            .unwrap()
            .unwrap();
        let second_files: Vec<_> = second
            .outputs
            .iter()
            .map(|add| store.table_path(TableKind::Flows).join(&add.path))
            .collect();
        store.commit_rewrite(TableKind::Flows, first).await.unwrap();
        let error = store
            .commit_rewrite(TableKind::Flows, second)
            .await
            .unwrap_err();
        assert!(
            matches!(error, StoreError::ConcurrentRewrite { .. }),
            "{error}"
        );
        assert_eq!(fingerprint(&store, TableKind::Flows).await, before);
        assert!(
            second_files.iter().all(|path| !path.exists()),
            "uncommitted files left"
        );
    }

    #[tokio::test]
    async fn other_tables_are_compacted_and_compaction_after_ingests_waits_for_16_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for index in 0..COMPACT_AFTER_FILES - 1 {
            append(
                &store,
                TableKind::Rejects,
                &format!("r{index}"),
                index * 10,
                10,
            )
            .await;
            assert!(
                store
                    .compact_if_due(TableKind::Rejects)
                    .await
                    .unwrap()
                    .is_none()
            );
        }
        let before = fingerprint(&store, TableKind::Rejects).await;
        append(&store, TableKind::Rejects, "last", 1000, 10).await;
        let summary = store
            .compact_if_due(TableKind::Rejects)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((summary.files_removed, summary.files_after), (16, 1));
        assert_eq!(
            fingerprint(&store, TableKind::Rejects).await.0,
            before.0 + 10
        );
        let table = store.load(TableKind::Rejects).await.unwrap().unwrap();
        assert!(
            store
                .has_ingest(&table, TableKind::Rejects, "r0")
                .await
                .unwrap()
        );
        assert!(
            store
                .has_ingest(&table, TableKind::Rejects, "last")
                .await
                .unwrap()
        );
        let files = active_files(&table, TableKind::Rejects).await.unwrap();
        assert!(is_laid_out(&files[0], "compacted:v1"));
        assert!(
            store
                .compact_if_due(TableKind::Rejects)
                .await
                .unwrap()
                .is_none()
        );
    }
}
