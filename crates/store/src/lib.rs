//! The Delta Lake tables of a Chokepoint data directory.
//!
//! A data directory holds one Delta table per [`TableKind`] (`flows/`,
//! `shipments/`, `rejects/`). [`Store::append`] streams batches into a table and
//! commits them once, with the ingest id recorded as a Delta application
//! transaction and the source file in the commit metadata: the log itself says
//! which file each version ingested, so idempotency needs no side file, and a
//! killed process leaves at most unreferenced Parquet files, never a partial
//! version. [`Store::session`] registers every table and the reference tables
//! in a DataFusion `SessionContext` for SQL.
//!
//! ```no_run
//! # async fn run() -> Result<(), chokepoint_store::StoreError> {
//! use chokepoint_store::Store;
//! let store = Store::open("chokepoint-data")?;
//! let ctx = store.session(&Default::default()).await?;
//! ctx.sql("SELECT count(*) FROM flows").await?.show().await?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod append;
mod bounded;
mod error;
mod history;
mod layout;
mod memory;
mod replace;
mod session;
mod vacuum;
mod write_lock;

use std::path::{Path, PathBuf};

use chokepoint_catalog::schema::TableKind;
use deltalake::DeltaTable;
use deltalake::kernel::engine::arrow_conversion::TryIntoKernel;
use url::Url;

pub use append::{AppendRequest, TableAppend};
pub use error::StoreError;
pub use history::{CommitRecord, TableSummary};
pub use layout::{COMPACT_AFTER_FILES, LAYOUT_TAG, OptimizeOptions, OptimizeSummary, SMALL_FILE};
pub use memory::{ByteSize, ByteSizeError, describe_resources_exhausted, set_default_memory_limit};
pub use session::ReferenceData;
pub use vacuum::{VacuumOptions, VacuumSummary};
pub use write_lock::TableLock;

/// The app id prefix of ingest transactions in the Delta log.
const INGEST_APP_PREFIX: &str = "chokepoint-ingest-";

/// A data directory of Delta tables.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    memory_limit: ByteSize,
}

impl Store {
    /// Opens (creating if needed) a data directory.
    pub fn open(root: impl AsRef<Path>) -> Result<Store, StoreError> {
        let root = root.as_ref();
        std::fs::create_dir_all(root).map_err(|source| StoreError::DataDir {
            path: root.to_path_buf(),
            source,
        })?;
        let root = root.canonicalize().map_err(|source| StoreError::DataDir {
            path: root.to_path_buf(),
            source,
        })?;
        Ok(Store {
            root,
            memory_limit: ByteSize::default_memory_limit(),
        })
    }

    /// The same store with sessions limited to `limit` of memory (default:
    /// [`ByteSize::default_memory_limit`], the process's or the machine's). Every session and table rewrite
    /// of this store reserves from a pool of that size and spills beyond it.
    pub fn with_memory_limit(mut self, limit: ByteSize) -> Store {
        self.memory_limit = limit;
        self
    }

    /// The memory limit of this store's sessions.
    pub fn memory_limit(&self) -> ByteSize {
        self.memory_limit
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The directory of a table.
    pub fn table_path(&self, kind: TableKind) -> PathBuf {
        self.root.join(kind.name())
    }

    fn table_url(&self, kind: TableKind) -> Result<Url, StoreError> {
        let path = self.table_path(kind);
        std::fs::create_dir_all(&path).map_err(|source| StoreError::DataDir {
            path: path.clone(),
            source,
        })?;
        Url::from_directory_path(&path).map_err(|()| StoreError::DataDir {
            path,
            source: std::io::Error::other("not an absolute path"),
        })
    }

    fn delta_error(kind: TableKind) -> impl Fn(deltalake::DeltaTableError) -> StoreError {
        move |source| StoreError::Delta {
            table: kind.name().to_string(),
            source,
        }
    }

    /// Loads a table, or `None` if it was never created.
    pub async fn load(&self, kind: TableKind) -> Result<Option<DeltaTable>, StoreError> {
        if !self.table_path(kind).join("_delta_log").is_dir() {
            return Ok(None);
        }
        let table = DeltaTable::try_from_url(self.table_url(kind)?)
            .await
            .map_err(Self::delta_error(kind))?;
        Ok(table.version().is_some().then_some(table))
    }

    /// Loads a table, creating it empty with the catalog schema if needed.
    pub async fn load_or_create(&self, kind: TableKind) -> Result<DeltaTable, StoreError> {
        if let Some(table) = self.load(kind).await? {
            return Ok(table);
        }
        // Two first writers: the second finds the first's table.
        let _lock = self.lock_table(kind).await?;
        if let Some(table) = self.load(kind).await? {
            return Ok(table);
        }
        // Not loaded: a fresh location has no log to read.
        let table = deltalake::DeltaTableBuilder::from_url(self.table_url(kind)?)
            .and_then(|builder| builder.build())
            .map_err(Self::delta_error(kind))?;
        let schema: deltalake::kernel::StructType = kind
            .schema()
            .as_ref()
            .try_into_kernel()
            .map_err(|e| Self::delta_error(kind)(e.into()))?;
        table
            .create()
            .with_table_name(kind.name())
            .with_comment(format!("chokepoint {} table", kind.name()))
            .with_columns(schema.fields().cloned())
            .await
            .map_err(Self::delta_error(kind))
    }

    /// Whether the ingest `ingest_id` was already committed to the table.
    pub async fn has_ingest(
        &self,
        table: &DeltaTable,
        kind: TableKind,
        ingest_id: &str,
    ) -> Result<bool, StoreError> {
        let state = table.snapshot().map_err(Self::delta_error(kind))?;
        let version = state
            .transaction_version(table.log_store().as_ref(), ingest_app_id(ingest_id))
            .await
            .map_err(Self::delta_error(kind))?;
        Ok(version.is_some())
    }
}

/// The application-transaction id recording an ingest in a table's log.
pub fn ingest_app_id(ingest_id: &str) -> String {
    format!("{INGEST_APP_PREFIX}{ingest_id}")
}
