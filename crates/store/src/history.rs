//! Table versions and what each commit ingested, read from the Delta log.

use chokepoint_catalog::schema::TableKind;
use futures::TryStreamExt;

use crate::{Store, StoreError};

/// One version of a table.
#[derive(Debug, Clone)]
pub struct CommitRecord {
    /// The Delta version.
    pub version: i64,
    /// Commit time, milliseconds since the epoch.
    pub timestamp_ms: Option<i64>,
    /// The Delta operation (`CREATE TABLE`, `WRITE`).
    pub operation: String,
    /// Application metadata of the commit (`source_file`, `ingest_id`, counts).
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// A table's current state.
#[derive(Debug, Clone)]
pub struct TableSummary {
    /// The table.
    pub kind: TableKind,
    /// Its current version, `None` if never created.
    pub version: Option<i64>,
    /// Number of live Parquet files.
    pub n_files: usize,
}

/// Commit-info keys delta-rs writes itself, left out of the application metadata.
const ENGINE_KEYS: [&str; 4] = ["clientVersion", "operationMetrics", "engineInfo", "txnId"];

impl Store {
    /// Every version of a table, oldest first.
    pub async fn history(&self, kind: TableKind) -> Result<Vec<CommitRecord>, StoreError> {
        let Some(table) = self.load(kind).await? else {
            return Ok(Vec::new());
        };
        let delta_error = Store::delta_error(kind);
        let latest = table.version().unwrap_or(0) as i64;
        let infos: Vec<_> = table
            .history(None)
            .try_collect()
            .await
            .map_err(&delta_error)?;
        // history() yields newest first.
        let mut records: Vec<CommitRecord> = infos
            .into_iter()
            .enumerate()
            .map(|(index, info)| CommitRecord {
                version: latest - index as i64,
                timestamp_ms: info.timestamp,
                operation: info.operation.unwrap_or_default(),
                metadata: info
                    .info
                    .into_iter()
                    .filter(|(key, _)| !ENGINE_KEYS.contains(&key.as_str()))
                    .collect(),
            })
            .collect();
        records.reverse();
        Ok(records)
    }

    /// The state of every table.
    pub async fn summaries(&self) -> Result<Vec<TableSummary>, StoreError> {
        let mut summaries = Vec::new();
        for kind in TableKind::ALL {
            let table = self.load(kind).await?;
            let (version, n_files) = match &table {
                Some(table) => (
                    table.version().map(|v| v as i64),
                    table
                        .get_file_uris()
                        .map_err(Store::delta_error(kind))?
                        .count(),
                ),
                None => (None, 0),
            };
            summaries.push(TableSummary {
                kind,
                version,
                n_files,
            });
        }
        Ok(summaries)
    }
}
