//! `chokepoint ingest`: streams each file through the ingest crate into the
//! store, committing once per table per file, idempotently.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;
use arrow::array::RecordBatch;
use chokepoint_catalog::schema::TableKind;
use chokepoint_ingest::{FileSummary, IngestOptions, content_id, read_file};
use chokepoint_store::{AppendRequest, Store, TableAppend};
use indicatif::{ProgressBar, ProgressStyle};

/// What happened to one file.
#[derive(Debug)]
pub enum FileOutcome {
    /// Rows were committed.
    Ingested {
        summary: FileSummary,
        versions: Vec<(TableKind, i64)>,
    },
    /// The file's content was committed before; nothing was added.
    AlreadyIngested,
}

/// Ingests one file: parses on a blocking thread, writes batches as they come,
/// commits the target table and `rejects` only if the whole file was read.
pub async fn ingest_file(
    store: &Store,
    path: &Path,
    options: &IngestOptions,
) -> anyhow::Result<FileOutcome> {
    let ingest_id = tokio::task::spawn_blocking({
        let path = path.to_path_buf();
        move || content_id(&path)
    })
    .await??;
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
        return Ok(FileOutcome::AlreadyIngested);
    }

    let bytes_read = Arc::new(AtomicU64::new(0));
    let progress = progress_bar(path, bytes_read.clone());
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<(TableKind, RecordBatch)>(4);
    let parse = tokio::task::spawn_blocking({
        let path = path.to_path_buf();
        let options = options.for_file(&path);
        let ingest_id = ingest_id.clone();
        let bytes_read = bytes_read.clone();
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
    let mut write_error = None;
    while let Some((kind, batch)) = receiver.recv().await {
        if done.contains(&kind) || write_error.is_some() {
            continue;
        }
        let append = match appends.get_mut(&kind) {
            Some(append) => append,
            None => match store.append(kind, request.clone()).await {
                Ok(append) => appends.entry(kind).or_insert(append),
                Err(e) => {
                    write_error = Some(e);
                    continue;
                }
            },
        };
        if let Err(e) = append.write(batch).await {
            write_error = Some(e);
        }
    }
    progress.finish_and_clear();
    let parsed = parse.await.context("ingest thread panicked")?;
    if let Some(error) = write_error {
        return Err(error).with_context(|| {
            format!(
                "{}: writing rows failed; nothing was committed",
                path.display()
            )
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
        let version = append.commit_with_metadata(metadata).await?;
        versions.push((kind, version));
    }
    Ok(FileOutcome::Ingested { summary, versions })
}

fn progress_bar(path: &Path, bytes_read: Arc<AtomicU64>) -> ProgressBar {
    let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let ticker = bar.clone();
    tokio::spawn(async move {
        while !ticker.is_finished() {
            ticker.set_position(bytes_read.load(Ordering::Relaxed));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    bar
}
