//! Streaming appends committed as one Delta version.

use std::collections::HashMap;

use arrow::array::RecordBatch;
use chokepoint_catalog::schema::TableKind;
use deltalake::DeltaTable;
use deltalake::kernel::Transaction;
use deltalake::kernel::transaction::CommitProperties;
use deltalake::parquet::basic::{Compression, ZstdLevel};
use deltalake::parquet::file::properties::WriterProperties;
use deltalake::writer::{DeltaWriter, RecordBatchWriter};
use object_store::ObjectStoreExt as _;

use crate::{Store, StoreError, ingest_app_id};

/// What an append records in the Delta log besides its rows.
#[derive(Debug, Clone)]
pub struct AppendRequest {
    /// The content hash of the ingested file.
    pub ingest_id: String,
}

/// An open append: batches are written to Parquet files as they come, and the
/// files become visible only when [`TableAppend::commit_with_metadata`] writes the log entry.
pub struct TableAppend {
    store: Store,
    kind: TableKind,
    table: DeltaTable,
    writer: RecordBatchWriter,
    ingest_id: String,
    n_rows: u64,
}

impl Store {
    /// Starts an append to a table; the ingest id becomes a Delta application
    /// transaction of the commit, the metadata its commit info.
    pub async fn append(
        &self,
        kind: TableKind,
        request: AppendRequest,
    ) -> Result<TableAppend, StoreError> {
        let table = self.load_or_create(kind).await?;
        let delta_error = Store::delta_error(kind);
        let parquet = WriterProperties::builder()
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(1).map_err(|e| delta_error(e.into()))?,
            ))
            .build();
        let writer = RecordBatchWriter::for_table(&table)
            .map_err(&delta_error)?
            .with_writer_properties(parquet);
        Ok(TableAppend {
            store: self.clone(),
            kind,
            table,
            writer,
            ingest_id: request.ingest_id,
            n_rows: 0,
        })
    }
}

impl TableAppend {
    /// Writes a batch (to a Parquet file, not yet visible).
    pub async fn write(&mut self, batch: RecordBatch) -> Result<(), StoreError> {
        self.n_rows += batch.num_rows() as u64;
        self.writer
            .write(batch)
            .await
            .map_err(Store::delta_error(self.kind))
    }

    /// Rows written so far.
    pub fn n_rows(&self) -> u64 {
        self.n_rows
    }

    /// Commits every written file as one new table version, with `metadata`
    /// (`source_file`, `format`, counts...) in its commit info, and returns the version.
    ///
    /// Under the table's write lock, the latest version is checked for the
    /// ingest id first: if another writer committed it meanwhile, the
    /// written files are deleted and [`StoreError::AlreadyCommitted`] says so.
    pub async fn commit_with_metadata(
        mut self,
        metadata: HashMap<String, serde_json::Value>,
    ) -> Result<i64, StoreError> {
        let delta_error = Store::delta_error(self.kind);
        let _lock = self.store.lock_table(self.kind).await?;
        self.table.update_state().await.map_err(&delta_error)?;
        if self
            .store
            .has_ingest(&self.table, self.kind, &self.ingest_id)
            .await?
        {
            let written = self.writer.flush().await.map_err(&delta_error)?;
            let files = self.table.object_store();
            for add in written {
                let path = deltalake::Path::from(add.path.as_str());
                if let Err(error) = files.delete(&path).await {
                    tracing::warn!(%error, file = add.path, "removing a duplicate append's file failed");
                }
            }
            return Err(StoreError::AlreadyCommitted {
                table: self.kind.name().to_string(),
                ingest_id: self.ingest_id,
            });
        }
        let properties = CommitProperties::default()
            .with_metadata(metadata)
            .with_application_transaction(Transaction::new(ingest_app_id(&self.ingest_id), 1));
        self.writer = self.writer.with_commit_properties(properties);
        let version = self
            .writer
            .flush_and_commit(&mut self.table)
            .await
            .map_err(Store::delta_error(self.kind))?;
        tracing::info!(
            table = self.kind.name(),
            rows = self.n_rows,
            version,
            "committed"
        );
        Ok(version as i64)
    }
}
