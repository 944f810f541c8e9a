//! Watching a directory: each new shipment file is ingested once, scored
//! against the context of everything stored before and with it, and its
//! alerts are recorded once — across restarts and kills.
//!
//! Each file goes through [`intake_file`], as posted records do
//! (`POST /shipments`); see there for how exactly once holds. Stdout lines
//! and webhook posts are notifications sent after the alerts commit: the
//! `alerts` table is the record.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chokepoint_ingest::IngestOptions;
use chokepoint_store::Store;
use serde_json::Value;

use crate::PipelineError;
use crate::context::LiveContext;
use crate::intake::{Intake, intake_file};

/// How to watch.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Time between directory scans; a file is taken once its size and
    /// modification time held still for one interval.
    pub interval: Duration,
    /// Process the files present now (without waiting for them to settle) and stop.
    pub once: bool,
    /// Ingest options.
    pub ingest: IngestOptions,
    /// URL to POST each file's alerts to (JSON array), if any.
    pub webhook: Option<String>,
}

/// Files worth a look: regular, not hidden, not partial downloads.
fn candidate_files(dir: &Path) -> Result<Vec<(PathBuf, u64, SystemTime)>, PipelineError> {
    let io = |source| PipelineError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            || [".tmp", ".part", ".partial", ".crdownload"]
                .iter()
                .any(|s| name.ends_with(s))
        {
            continue;
        }
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        if metadata.is_file() {
            let modified = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            files.push((entry.path(), metadata.len(), modified));
        }
    }
    files.sort();
    Ok(files)
}

/// Takes in one file ([`intake_file`]); `on_alert` receives each alert
/// after its commit, and the webhook gets them all.
pub async fn process_file(
    store: &Store,
    path: &Path,
    live: &mut LiveContext,
    options: &WatchOptions,
    on_alert: &mut (dyn FnMut(&Value) + Send),
) -> Result<Intake, PipelineError> {
    let intake = intake_file(store, path, live, &options.ingest).await?;
    if let Intake::Scored { alerts, .. } = &intake {
        for alert in alerts {
            on_alert(alert);
        }
        if let (Some(url), false) = (&options.webhook, alerts.is_empty()) {
            post_webhook(url, alerts).await;
        }
    }
    Ok(intake)
}

/// A failed webhook is logged, never fatal: the alerts are in the table.
async fn post_webhook(url: &str, alerts: &[Value]) {
    let client = reqwest::Client::new();
    let body = serde_json::to_vec(alerts).unwrap_or_default();
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .timeout(Duration::from_secs(10))
        .body(body)
        .send()
        .await
        .and_then(|response| response.error_for_status());
    if let Err(error) = sent {
        tracing::warn!(%url, %error, "webhook failed; the alerts are in the alerts table");
    }
}

/// Watches `dir` until stopped (or, with `once`, until the present files are done).
/// `on_file` hears what happened to each file, `on_alert` each alert.
pub async fn watch(
    store: &Store,
    dir: &Path,
    live: &mut LiveContext,
    options: &WatchOptions,
    on_file: &mut (dyn FnMut(&Path, &Result<Intake, PipelineError>) + Send),
    on_alert: &mut (dyn FnMut(&Value) + Send),
) -> Result<(), PipelineError> {
    let mut previous: HashMap<PathBuf, (u64, SystemTime)> = HashMap::new();
    let mut done: HashMap<PathBuf, (u64, SystemTime)> = HashMap::new();
    loop {
        let files = candidate_files(dir)?;
        for (path, size, modified) in &files {
            let state = (*size, *modified);
            let settled = options.once || previous.get(path) == Some(&state);
            if !settled || done.get(path) == Some(&state) {
                continue;
            }
            let result = process_file(store, path, live, options, on_alert).await;
            on_file(path, &result);
            // A failed file is retried when it changes, not in a loop.
            done.insert(path.clone(), state);
        }
        if options.once {
            return Ok(());
        }
        previous = files.into_iter().map(|(p, s, m)| (p, (s, m))).collect();
        tokio::time::sleep(options.interval).await;
    }
}
