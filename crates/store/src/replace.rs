//! Whole-table rewrites of derived tables (entities, relations, resolution).

use std::collections::HashMap;

use arrow::array::RecordBatch;
use chokepoint_catalog::schema::TableKind;
use deltalake::kernel::transaction::CommitProperties;
use deltalake::protocol::SaveMode;

use crate::{Store, StoreError};

impl Store {
    /// Replaces the content of a derived table with `batches` in one Delta
    /// version (an overwrite: the old files stay in the log's history until
    /// vacuumed, so earlier versions remain readable by time travel).
    pub async fn replace(
        &self,
        kind: TableKind,
        batches: Vec<RecordBatch>,
        metadata: HashMap<String, serde_json::Value>,
    ) -> Result<i64, StoreError> {
        let table = self.load_or_create(kind).await?;
        let n_rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        let table = table
            .write(batches)
            .with_save_mode(SaveMode::Overwrite)
            .with_commit_properties(CommitProperties::default().with_metadata(metadata))
            .await
            .map_err(Store::delta_error(kind))?;
        let version = table.version().unwrap_or_default();
        tracing::info!(table = kind.name(), rows = n_rows, version, "replaced");
        Ok(version as i64)
    }
}
