//! `vacuum`: deletes the files of a table that no commit of its log
//! references, and those removed by commits older than the retention.
//!
//! delta-rs's `VacuumBuilder` in full mode does exactly this: it lists the
//! table directory and deletes what is neither an active file nor the
//! tombstone of a removal within the retention, keeping unreferenced files
//! younger than the retention too — a running ingest or optimize (of any
//! process) writes its files before the commit that references them, and
//! deleting them would break that commit. So it is used as is, with the
//! retention check turned off (an explicit `--retain-hours` below the table's
//! 7-day `deletedFileRetentionDuration` is the user's call).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chokepoint_catalog::schema::TableKind;
use deltalake::operations::vacuum::VacuumMode;

use crate::{Store, StoreError};

/// How vacuum decides what goes.
#[derive(Debug, Clone)]
pub struct VacuumOptions {
    /// Files removed by a commit at least this old, and unreferenced files
    /// at least this old, are deleted.
    pub retain: Duration,
    /// List what would be deleted, delete nothing.
    pub dry_run: bool,
}

impl Default for VacuumOptions {
    fn default() -> Self {
        VacuumOptions {
            retain: Duration::from_secs(7 * 24 * 3600),
            dry_run: false,
        }
    }
}

/// What a vacuum deleted (or would delete).
#[derive(Debug, Clone)]
pub struct VacuumSummary {
    /// The table.
    pub kind: TableKind,
    /// Paths relative to the table directory.
    pub files: Vec<String>,
    /// Their total size.
    pub bytes: u64,
    /// Whether nothing was deleted (`--dry-run`).
    pub dry_run: bool,
    /// Wall time.
    pub duration: Duration,
}

impl Store {
    /// Vacuums a table (see the module doc); a table never created has
    /// nothing to vacuum. A vacuum that deletes files records itself as two
    /// commits (`VACUUM START`, `VACUUM END`) without data change.
    pub async fn vacuum(
        &self,
        kind: TableKind,
        options: &VacuumOptions,
    ) -> Result<VacuumSummary, StoreError> {
        let started = Instant::now();
        let delta_error = Store::delta_error(kind);
        let mut summary = VacuumSummary {
            kind,
            files: Vec::new(),
            bytes: 0,
            dry_run: options.dry_run,
            duration: Duration::ZERO,
        };
        let Some(table) = self.load(kind).await? else {
            return Ok(summary);
        };
        let retention = chrono::Duration::from_std(options.retain).map_err(|_| {
            delta_error(deltalake::DeltaTableError::Generic(
                "vacuum: retention too long".into(),
            ))
        })?;
        let builder = |table: deltalake::DeltaTable, dry_run: bool| {
            table
                .vacuum()
                .with_mode(VacuumMode::Full)
                .with_retention_period(retention)
                .with_enforce_retention_duration(false)
                .with_dry_run(dry_run)
        };
        // Sizes are read before deleting, from the listing of a dry run;
        // delta-rs lists expired tombstones even when their files are gone
        // (deleted by an earlier vacuum), which are left out.
        let (table, planned) = builder(table, true).await.map_err(&delta_error)?;
        let sizes: HashMap<String, u64> = planned
            .files_deleted
            .iter()
            .filter_map(|path| {
                let meta = std::fs::metadata(self.table_path(kind).join(path)).ok()?;
                Some((path.clone(), meta.len()))
            })
            .collect();
        let files: Vec<String> = if options.dry_run || sizes.is_empty() {
            planned.files_deleted
        } else {
            builder(table, false)
                .await
                .map_err(&delta_error)?
                .1
                .files_deleted
        };
        let files: Vec<String> = files
            .into_iter()
            .filter(|path| sizes.contains_key(path))
            .collect();
        summary.bytes = files.iter().filter_map(|path| sizes.get(path)).sum();
        summary.files = files;
        summary.files.sort();
        summary.duration = started.elapsed();
        tracing::info!(
            table = kind.name(),
            files = summary.files.len(),
            bytes = summary.bytes,
            dry_run = options.dry_run,
            "vacuumed"
        );
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OptimizeOptions;
    use crate::layout::tests::{append, fingerprint};

    #[tokio::test]
    async fn vacuum_deletes_orphans_and_rewritten_files_and_keeps_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        append(&store, TableKind::Flows, "a", 0, 1000).await;
        append(&store, TableKind::Flows, "b", 1000, 1000).await;
        store
            .optimize(TableKind::Flows, &OptimizeOptions::default())
            .await
            .unwrap();
        let before = fingerprint(&store, TableKind::Flows).await;
        // What a killed ingest leaves: a Parquet file no commit references.
        let orphan = store
            .table_path(TableKind::Flows)
            .join("part-00000-killed-ingest.parquet");
        std::fs::write(&orphan, b"not committed").unwrap();

        // Within the default 7 days, everything stays: the orphan might be
        // a running ingest's, the rewritten files are time travel.
        let kept = store
            .vacuum(TableKind::Flows, &VacuumOptions::default())
            .await
            .unwrap();
        assert!(kept.files.is_empty(), "{:?}", kept.files);
        assert!(orphan.exists());

        let now = VacuumOptions {
            retain: Duration::ZERO,
            dry_run: true,
        };
        let listed = store.vacuum(TableKind::Flows, &now).await.unwrap();
        assert_eq!(listed.files.len(), 3, "{:?}", listed.files);
        assert!(
            listed
                .files
                .contains(&"part-00000-killed-ingest.parquet".to_string())
        );
        assert!(orphan.exists());
        let now = VacuumOptions {
            dry_run: false,
            ..now
        };
        let deleted = store.vacuum(TableKind::Flows, &now).await.unwrap();
        assert_eq!(deleted.files, listed.files);
        assert_eq!(deleted.bytes, listed.bytes);
        assert!(deleted.bytes > 13);
        assert!(!orphan.exists());
        assert_eq!(fingerprint(&store, TableKind::Flows).await, before);
        let again = store.vacuum(TableKind::Flows, &now).await.unwrap();
        assert!(again.files.is_empty());
    }
}
