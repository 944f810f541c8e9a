//! One committer per table at a time, across processes: an advisory lock
//! file per table under `<data>/.locks/`. Delta's optimistic commits let
//! appends from two writers both land, which is right for different files
//! and wrong for the same one: two ingests of one file both pass the
//! "already ingested?" check and both commit (duplicates), and two first
//! writers both try to create the table (one fails). Holding the lock from
//! that check (or the table's creation) to the commit makes the second
//! writer see the first's work. Rows are still written in parallel; only
//! the check and the commit wait. The OS drops the lock with its process,
//! so a killed writer never leaves the table locked.

use std::fs::File;
use std::path::PathBuf;

use chokepoint_catalog::schema::TableKind;

use crate::{Store, StoreError};

/// Holds a table's write lock until dropped.
#[derive(Debug)]
pub struct TableLock {
    // Unlocked when the file is closed.
    _file: File,
}

impl Store {
    /// Waits for, then holds, the write lock of `kind`'s table.
    pub async fn lock_table(&self, kind: TableKind) -> Result<TableLock, StoreError> {
        let path = self.lock_path(kind)?;
        tokio::task::spawn_blocking(move || {
            let locked = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .and_then(|file| file.lock().map(|()| file));
            locked
                .map(|file| TableLock { _file: file })
                .map_err(|source| StoreError::DataDir { path, source })
        })
        .await
        .map_err(|error| StoreError::DataDir {
            path: self.root().join(LOCK_DIR),
            source: std::io::Error::other(error),
        })?
    }

    fn lock_path(&self, kind: TableKind) -> Result<PathBuf, StoreError> {
        let dir = self.root().join(LOCK_DIR);
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::DataDir {
            path: dir.clone(),
            source,
        })?;
        Ok(dir.join(format!("{}.lock", kind.name())))
    }
}

/// Where the lock files live: beside the tables, never inside one (a
/// vacuum or a reader listing a table's files must not meet them).
const LOCK_DIR: &str = ".locks";

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_second_locker_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let first = store.lock_table(TableKind::Flows).await.unwrap();
        // Another table's lock is free.
        drop(store.lock_table(TableKind::Rejects).await.unwrap());
        let waiting = tokio::spawn({
            let store = store.clone();
            async move { store.lock_table(TableKind::Flows).await.unwrap() }
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!waiting.is_finished(), "the lock was taken twice");
        drop(first);
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("the waiter got the lock")
            .unwrap();
    }
}
