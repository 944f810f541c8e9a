//! A DataFusion session over the data directory's tables and the reference tables.

use std::sync::Arc;

use chokepoint_catalog::schema::TableKind;
use chokepoint_catalog::{BasketSet, HsNomenclature, baskets_batch, countries_batch, hs_batch};
use datafusion::common::config::SpillCompression;
use datafusion::datasource::MemTable;
use datafusion::execution::disk_manager::DiskManagerBuilder;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::memory::SessionPool;
use crate::{Store, StoreError};

/// Reference data registered beside the Delta tables.
#[derive(Debug, Clone)]
pub struct ReferenceData {
    /// Baskets (`baskets` table).
    pub baskets: BasketSet,
    /// HS nomenclature (`hs` table); empty if none was loaded.
    pub nomenclature: HsNomenclature,
}

impl Default for ReferenceData {
    fn default() -> Self {
        ReferenceData {
            baskets: BasketSet::builtin(),
            nomenclature: HsNomenclature::new(),
        }
    }
}

impl Store {
    /// The latest committed version of each table of [`TableKind::ALL`]
    /// (`None` for a table never written), read off the names of the commit
    /// files in `_delta_log` without reading the log: a cheap check of
    /// whether a session built earlier still shows the latest data.
    pub fn committed_versions(&self) -> Vec<Option<u64>> {
        TableKind::ALL
            .iter()
            .map(|kind| {
                let log = self.table_path(*kind).join("_delta_log");
                std::fs::read_dir(log).ok().and_then(|entries| {
                    entries
                        .filter_map(|entry| {
                            let name = entry.ok()?.file_name();
                            let version = name.to_str()?.strip_suffix(".json")?;
                            // Commit files only: 20 digits, no checkpoint
                            // or temporary file.
                            (version.len() == 20 && version.bytes().all(|b| b.is_ascii_digit()))
                                .then(|| version.parse::<u64>().ok())
                                .flatten()
                        })
                        .max()
                })
            })
            .collect()
    }

    /// A session with `flows`, `shipments`, `rejects` (empty if never written),
    /// `countries`, `hs` and `baskets` registered, under the store's memory
    /// limit ([`Store::with_memory_limit`]).
    pub async fn session(&self, reference: &ReferenceData) -> Result<SessionContext, StoreError> {
        let ctx = self.empty_session()?;
        for kind in TableKind::ALL {
            match self.load(kind).await? {
                Some(table) => {
                    table
                        .update_datafusion_session(&ctx.state())
                        .map_err(Store::delta_error(kind))?;
                    let provider = table.table_provider().await?;
                    ctx.register_table(kind.name(), provider)?;
                }
                None => {
                    let empty = MemTable::try_new(kind.schema(), vec![vec![]])?;
                    ctx.register_table(kind.name(), Arc::new(empty))?;
                }
            }
        }
        for (name, batch) in [
            ("countries", countries_batch()?),
            ("hs", hs_batch(&reference.nomenclature)?),
            ("baskets", baskets_batch(&reference.baskets)?),
        ] {
            let table = MemTable::try_new(batch.schema(), vec![vec![batch]])?;
            ctx.register_table(name, Arc::new(table))?;
        }
        Ok(ctx)
    }
}

/// Spill files merged in one pass.
const SPILL_MERGE_FAN_IN: usize = 8;

impl Store {
    /// A session with no table registered, under the store's memory limit:
    /// operators reserve memory from one pool of that size and spill to the
    /// OS temporary directory (LZ4-compressed Arrow IPC) when it is full; a
    /// query that still cannot fit fails with `ResourcesExhausted`, whose
    /// message names the limit (see [`crate::describe_resources_exhausted`]).
    pub(crate) fn empty_session(&self) -> Result<SessionContext, StoreError> {
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_pool(Arc::new(SessionPool::new(self.memory_limit())))
            .with_disk_manager_builder(
                // A merge of spilled runs holds two batches of each run it
                // reads, unspillable, and takes all it can get: unbounded,
                // one partition's merge took the memory another partition's
                // sort needed; at 16 runs the two partitions' merges left
                // too little for the final merge of both (32 MiB, half the
                // runs failed). 8 runs per pass, then another pass.
                DiskManagerBuilder::default().with_max_spill_merge_fan_in(SPILL_MERGE_FAN_IN),
            )
            .build_arc()?;
        let mut config = SessionConfig::new();
        // Spill files of a 100 M-row sort are tens of GB uncompressed; LZ4
        // costs little CPU next to the sort itself.
        config.options_mut().execution.spill_compression = SpillCompression::Lz4Frame;
        let ctx = SessionContext::new_with_config_rt(config, runtime);
        crate::bounded::bound_functions(&ctx, self.memory_limit());
        Ok(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn committed_versions_follow_commits() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(store.committed_versions().iter().all(Option::is_none));
        let entities = TableKind::ALL
            .iter()
            .position(|kind| *kind == TableKind::Entities)
            .unwrap();
        let empty = arrow::array::RecordBatch::new_empty(TableKind::Entities.schema());
        let version = store
            .replace(TableKind::Entities, vec![empty.clone()], Default::default())
            .await
            .unwrap();
        // A stray temporary file in the log is no commit.
        let log = store.table_path(TableKind::Entities).join("_delta_log");
        std::fs::write(log.join("_commit_0123.json.tmp"), b"{}").unwrap();
        let versions = store.committed_versions();
        assert_eq!(versions[entities], Some(version as u64));
        store
            .replace(TableKind::Entities, vec![empty], Default::default())
            .await
            .unwrap();
        assert_eq!(
            store.committed_versions()[entities],
            Some(version as u64 + 1)
        );
        assert_eq!(versions.iter().filter(|v| v.is_some()).count(), 1);
    }
}
