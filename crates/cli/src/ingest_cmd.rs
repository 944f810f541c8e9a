//! `chokepoint ingest`: streams each file through the ingest crate into the
//! store, committing once per table per file, idempotently.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chokepoint_ingest::IngestOptions;
pub use chokepoint_pipeline::FileOutcome;
use chokepoint_store::Store;
use indicatif::{ProgressBar, ProgressStyle};

/// Ingests one file with a progress bar on a terminal (see
/// [`chokepoint_pipeline::ingest_file`] for the pipeline and its guarantees).
pub async fn ingest_file(
    store: &Store,
    path: &Path,
    options: &IngestOptions,
) -> anyhow::Result<FileOutcome> {
    let bytes_read = Arc::new(AtomicU64::new(0));
    let progress = progress_bar(path, bytes_read.clone());
    let outcome = chokepoint_pipeline::ingest_file(store, path, options, bytes_read).await;
    progress.finish_and_clear();
    Ok(outcome?)
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
