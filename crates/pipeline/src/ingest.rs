//! The ingest pipeline: one file through the ingest crate into the store,
//! committing once per table, idempotently (`chokepoint ingest`, `watch`).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use arrow::array::RecordBatch;
use chokepoint_catalog::schema::TableKind;
use chokepoint_ingest::{FileSummary, IngestOptions, content_id, read_file};
use chokepoint_store::{AppendRequest, OptimizeSummary, Store, TableAppend};

use crate::PipelineError;

/// What happened to one file.
#[derive(Debug)]
pub enum FileOutcome {
    /// Rows were committed.
    Ingested {
        /// The ingest id (content hash).
        ingest_id: String,
        /// What was read.
        summary: FileSummary,
        /// Versions committed, per table.
        versions: Vec<(TableKind, i64)>,
        /// Tables compacted after the commits (see [`Store::compact_if_due`]).
        compacted: Vec<OptimizeSummary>,
    },
    /// The file's content was committed before; nothing was added.
    AlreadyIngested {
        /// The ingest id (content hash).
        ingest_id: String,
    },
}

impl FileOutcome {
    /// The file's ingest id.
    pub fn ingest_id(&self) -> &str {
        match self {
            FileOutcome::Ingested { ingest_id, .. }
            | FileOutcome::AlreadyIngested { ingest_id } => ingest_id,
        }
    }
}

/// Ingests one file: parses on a blocking thread, writes batches as they
/// come, commits the target table and `rejects` only if the whole file was
/// read. `bytes_read` advances as the file is read (for progress bars).
pub async fn ingest_file(
    store: &Store,
    path: &Path,
    options: &IngestOptions,
    bytes_read: Arc<AtomicU64>,
) -> Result<FileOutcome, PipelineError> {
    let ingest_id = tokio::task::spawn_blocking({
        let path = path.to_path_buf();
        move || content_id(&path)
    })
    .await
    .map_err(|e| write_error(path, e))??;
    // A table that already records this ingest id is skipped, so a re-run after a
    // kill between the two commits completes the missing one.
    let mut done = HashSet::new();
    for kind in TableKind::INGESTED {
        if let Some(table) = store.load(kind).await?
            && store.has_ingest(&table, kind, &ingest_id).await?
        {
            done.insert(kind);
        }
    }
    if done.contains(&TableKind::Rejects)
        && (done.contains(&TableKind::Flows) || done.contains(&TableKind::Shipments))
    {
        return Ok(FileOutcome::AlreadyIngested { ingest_id });
    }

    let (sender, mut receiver) = tokio::sync::mpsc::channel::<(TableKind, RecordBatch)>(4);
    let parse = tokio::task::spawn_blocking({
        let path = path.to_path_buf();
        let options = options.for_file(&path);
        let ingest_id = ingest_id.clone();
        move || {
            read_file(
                &path,
                &ingest_id,
                &options,
                bytes_read,
                &mut |kind, batch| {
                    sender
                        .blocking_send((kind, batch))
                        .map_err(|_| "the writer stopped".into())
                },
            )
        }
    });

    let request = AppendRequest {
        ingest_id: ingest_id.clone(),
    };
    let mut appends: HashMap<TableKind, TableAppend> = HashMap::new();
    let mut failure = None;
    while let Some((kind, batch)) = receiver.recv().await {
        if done.contains(&kind) || failure.is_some() {
            continue;
        }
        let append = match appends.get_mut(&kind) {
            Some(append) => append,
            None => match store.append(kind, request.clone()).await {
                Ok(append) => appends.entry(kind).or_insert(append),
                Err(e) => {
                    failure = Some(e);
                    continue;
                }
            },
        };
        if let Err(e) = append.write(batch).await {
            failure = Some(e);
        }
    }
    let parsed = parse.await.map_err(|e| write_error(path, e))?;
    if let Some(error) = failure {
        return Err(PipelineError::Write {
            path: path.to_path_buf(),
            message: format!("writing rows failed: {error}"),
        });
    }
    let summary = parsed?;

    // Commit the target first, then rejects; each commit records the ingest id.
    let mut versions = Vec::new();
    for kind in [summary.target, TableKind::Rejects] {
        if done.contains(&kind) {
            continue;
        }
        let n_rows = if kind == TableKind::Rejects {
            summary.n_rejected
        } else {
            summary.n_rows
        };
        let metadata = HashMap::from([
            (
                "source_file".to_string(),
                serde_json::json!(path.display().to_string()),
            ),
            ("ingest_id".to_string(), serde_json::json!(ingest_id)),
            ("format".to_string(), serde_json::json!(summary.format)),
            (
                "encoding".to_string(),
                serde_json::json!(summary.encoding.name()),
            ),
            ("rows".to_string(), serde_json::json!(n_rows)),
            (
                "rows_accepted".to_string(),
                serde_json::json!(summary.n_rows),
            ),
            (
                "rows_rejected".to_string(),
                serde_json::json!(summary.n_rejected),
            ),
            (
                "chokepoint_version".to_string(),
                serde_json::json!(env!("CARGO_PKG_VERSION")),
            ),
        ]);
        let append = match appends.remove(&kind) {
            Some(append) => append,
            None => store.append(kind, request.clone()).await?,
        };
        let version = match append.commit_with_metadata(metadata).await {
            Ok(version) => version,
            // Another process ingested the same content meanwhile (it held
            // the table's write lock first): this part is in already.
            Err(chokepoint_store::StoreError::AlreadyCommitted { .. }) => continue,
            Err(error) => return Err(error.into()),
        };
        versions.push((kind, version));
    }
    if versions.is_empty() {
        return Ok(FileOutcome::AlreadyIngested { ingest_id });
    }
    // Compaction is a later commit of its own: the ingest is complete
    // whether it runs, fails (another process compacting the same files) or
    // is killed, so a failure is logged, not returned.
    let mut compacted = Vec::new();
    for (kind, _) in &versions {
        match store.compact_if_due(*kind).await {
            Ok(Some(done)) => compacted.push(done),
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(table = kind.name(), %error, "compaction after the ingest failed")
            }
        }
    }
    Ok(FileOutcome::Ingested {
        ingest_id,
        summary,
        versions,
        compacted,
    })
}

fn write_error(path: &Path, error: tokio::task::JoinError) -> PipelineError {
    PipelineError::Write {
        path: path.to_path_buf(),
        message: format!("the ingest thread failed: {error}"),
    }
}
