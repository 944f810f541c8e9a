//! Published generations of the index on disk, swapped atomically.
//!
//! ```text
//! dir/
//!   CURRENT              "<n>\n": the published generation
//!   LOCK                 held (advisory, exclusive) by the one writer
//!   generations/<n>/     entities.jsonl, postings.bin
//!   generations/<n>.tmp/ a generation being written (never read)
//! ```
//!
//! `publish` writes and syncs a complete `<n>.tmp` directory, renames it to
//! `<n>`, then writes `CURRENT.tmp` and renames it over `CURRENT`: that
//! rename is the one step that publishes, so a crash or an error at any
//! earlier point leaves `CURRENT` on the previous generation.
//!
//! One writer at a time per directory, any number of readers: every publish
//! holds an exclusive advisory lock on `LOCK` (an [`IndexWriter`]) from
//! picking its generation number to pruning, so concurrent publishers, in
//! this process or another, wait for each other and all land; a caller that
//! reads the current generation to build the next one (a merge) takes the
//! writer first and publishes through it, so no update is lost. The lock
//! goes with the process, so a killed writer never leaves the directory
//! locked.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use chokepoint_lists::LoadedList;

use crate::build::{IndexConfig, WatchlistIndex};
use crate::codec;
use crate::error::IndexError;

const CURRENT: &str = "CURRENT";
const LOCK: &str = "LOCK";
const GENERATIONS: &str = "generations";
const ENTITIES_FILE: &str = "entities.jsonl";
const POSTINGS_FILE: &str = "postings.bin";
const RELATIONS_FILE: &str = "relations.jsonl";

/// One published (or written) generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    /// Its number, increasing from 1.
    pub number: u64,
    /// Its directory.
    pub path: PathBuf,
    /// Entities stored.
    pub n_entities: usize,
}

/// A directory of index generations.
#[derive(Debug, Clone)]
pub struct IndexStore {
    dir: PathBuf,
    config: IndexConfig,
    #[cfg(test)]
    fail_before_swap: bool,
}

impl IndexStore {
    /// Opens (creating if needed) a store directory.
    pub fn open(dir: impl AsRef<Path>) -> Result<IndexStore, IndexError> {
        let dir = dir.as_ref().to_path_buf();
        let generations = dir.join(GENERATIONS);
        std::fs::create_dir_all(&generations)
            .map_err(|error| IndexError::io(&generations, error))?;
        Ok(IndexStore {
            dir,
            config: IndexConfig::default(),
            #[cfg(test)]
            fail_before_swap: false,
        })
    }

    /// Sets how loaded indexes keep prepared names.
    pub fn with_config(mut self, config: IndexConfig) -> IndexStore {
        self.config = config;
        self
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Becomes the one writer of the directory: waits until no other
    /// writer (thread or process) holds it. Publishing through the writer
    /// keeps every other publisher out until it is dropped.
    pub fn writer(&self) -> Result<IndexWriter<'_>, IndexError> {
        let path = self.dir.join(LOCK);
        let io = |error| IndexError::io(&path, error);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        file.lock().map_err(io)?;
        Ok(IndexWriter {
            store: self,
            _lock: file,
        })
    }

    /// Builds an index over `lists` and publishes it as a new generation.
    pub fn publish(&self, lists: &[LoadedList]) -> Result<Generation, IndexError> {
        self.writer()?.publish(lists)
    }

    /// Publishes an already built index as a new generation; prunes all but
    /// the last two generations.
    pub fn publish_index(&self, index: &WatchlistIndex) -> Result<Generation, IndexError> {
        self.writer()?.publish_index(index)
    }

    /// The publish itself; the caller holds the writer lock.
    fn publish_locked(&self, index: &WatchlistIndex) -> Result<Generation, IndexError> {
        let _span = tracing::info_span!("index_publish", dir = %self.dir.display()).entered();
        let generations = self.dir.join(GENERATIONS);
        let previous = self.current()?;
        let number = self
            .numbers(true)?
            .last()
            .copied()
            .max(previous)
            .unwrap_or(0)
            + 1;
        let final_dir = generations.join(number.to_string());
        let tmp_dir = generations.join(format!("{number}.tmp"));
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |error| IndexError::io(&path, error)
        };
        if tmp_dir.exists() {
            std::fs::remove_dir_all(&tmp_dir).map_err(io(&tmp_dir))?;
        }
        std::fs::create_dir(&tmp_dir).map_err(io(&tmp_dir))?;
        codec::write_entities(&tmp_dir.join(ENTITIES_FILE), &index.entities)?;
        codec::write_relations(&tmp_dir.join(RELATIONS_FILE), &index.relations)?;
        codec::write_postings(
            &tmp_dir.join(POSTINGS_FILE),
            index.name_entity.len(),
            &index.name_postings,
            &index.identifier_postings,
        )?;
        std::fs::rename(&tmp_dir, &final_dir).map_err(io(&final_dir))?;
        sync_dir(&generations)?;
        #[cfg(test)]
        if self.fail_before_swap {
            return Err(IndexError::Injected { generation: number });
        }
        let current = self.dir.join(CURRENT);
        let current_tmp = self.dir.join(format!("{CURRENT}.tmp"));
        write_synced(&current_tmp, format!("{number}\n").as_bytes())?;
        std::fs::rename(&current_tmp, &current).map_err(io(&current))?;
        sync_dir(&self.dir)?;
        self.prune(&[previous.unwrap_or(number), number])?;
        Ok(Generation {
            number,
            path: final_dir,
            n_entities: index.len(),
        })
    }

    /// The published generation, if any.
    pub fn current(&self) -> Result<Option<u64>, IndexError> {
        IndexStore::published_generation(&self.dir)
    }

    /// The generation published in the store directory `dir`, if any,
    /// without opening the store: nothing is created, so a reader can ask
    /// where no list was ever loaded (`None` then, as for a store with no
    /// published generation).
    pub fn published_generation(dir: &Path) -> Result<Option<u64>, IndexError> {
        let path = dir.join(CURRENT);
        match std::fs::read_to_string(&path) {
            Ok(text) => text
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| IndexError::corrupt(&path, "not a generation number")),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(IndexError::io(&path, error)),
        }
    }

    /// Loads the published generation.
    pub fn load_current(&self) -> Result<WatchlistIndex, IndexError> {
        let number = self.current()?.ok_or_else(|| IndexError::NoGeneration {
            dir: self.dir.clone(),
        })?;
        self.load(number)
    }

    /// Loads generation `number` (published or not).
    pub fn load(&self, number: u64) -> Result<WatchlistIndex, IndexError> {
        let _span = tracing::info_span!("index_load", generation = number).entered();
        let start = Instant::now();
        let dir = self.dir.join(GENERATIONS).join(number.to_string());
        let entities = codec::read_entities(&dir.join(ENTITIES_FILE))?;
        let n_names = entities.iter().map(|entity| entity.names.len()).sum();
        let (names, identifiers) = codec::read_postings(&dir.join(POSTINGS_FILE), n_names)?;
        let prepared = (0..n_names).map(|_| OnceLock::new()).collect::<Vec<_>>();
        let mut index = WatchlistIndex::assemble(entities, names, identifiers, prepared)
            .with_relations(codec::read_relations(&dir.join(RELATIONS_FILE))?);
        if self.config.keep_prepared {
            index.prepare_all();
        }
        index.build_seconds = start.elapsed().as_secs_f64();
        Ok(index)
    }

    /// Numbers of the complete generations on disk, ascending (with
    /// `include_tmp`, also of partly written ones).
    pub fn generations(&self) -> Result<Vec<u64>, IndexError> {
        self.numbers(false)
    }

    fn numbers(&self, include_tmp: bool) -> Result<Vec<u64>, IndexError> {
        let generations = self.dir.join(GENERATIONS);
        let entries =
            std::fs::read_dir(&generations).map_err(|error| IndexError::io(&generations, error))?;
        let mut numbers: Vec<u64> = entries
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                match name.strip_suffix(".tmp") {
                    Some(stem) if include_tmp => stem.parse().ok(),
                    Some(_) => None,
                    None => name.parse().ok(),
                }
            })
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        Ok(numbers)
    }

    /// Deletes every generation directory (complete or not) except `keep`:
    /// the new generation and the one it replaced (a reader that opened
    /// that one just before the swap can still finish). Abandoned generations of
    /// failed publishes go too: the caller holds the writer lock, so no
    /// `.tmp` directory is being written by anyone else.
    fn prune(&self, keep: &[u64]) -> Result<(), IndexError> {
        let generations = self.dir.join(GENERATIONS);
        let entries =
            std::fs::read_dir(&generations).map_err(|error| IndexError::io(&generations, error))?;
        for entry in entries.filter_map(|entry| entry.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = match name.strip_suffix(".tmp") {
                Some(stem) => stem.parse::<u64>().is_ok(),
                None => name
                    .parse::<u64>()
                    .is_ok_and(|number| !keep.contains(&number)),
            };
            if stale {
                let path = entry.path();
                std::fs::remove_dir_all(&path).map_err(|error| IndexError::io(&path, error))?;
            }
        }
        Ok(())
    }
}

/// The one writer of an [`IndexStore`] directory ([`IndexStore::writer`]):
/// holds the directory's lock until dropped.
#[derive(Debug)]
pub struct IndexWriter<'a> {
    store: &'a IndexStore,
    _lock: std::fs::File,
}

impl IndexWriter<'_> {
    /// The published generation; no one else publishes while the writer is
    /// held, so it is still the current one when this writer publishes.
    pub fn current(&self) -> Result<Option<u64>, IndexError> {
        self.store.current()
    }

    /// Builds an index over `lists` and publishes it as a new generation.
    pub fn publish(&self, lists: &[LoadedList]) -> Result<Generation, IndexError> {
        let index = WatchlistIndex::build(lists);
        self.publish_index(&index)
    }

    /// Publishes an already built index as a new generation; prunes all but
    /// the last two generations.
    pub fn publish_index(&self, index: &WatchlistIndex) -> Result<Generation, IndexError> {
        self.store.publish_locked(index)
    }
}

impl WatchlistIndex {
    /// Prepares every name not prepared yet, in parallel.
    pub(crate) fn prepare_all(&self) {
        use rayon::prelude::*;
        (0..self.name_entity.len() as u32)
            .into_par_iter()
            .for_each(|name_idx| {
                self.prepared(name_idx);
            });
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    use std::io::Write;
    let io = |error| IndexError::io(path, error);
    let mut file = std::fs::File::create(path).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)
}

/// Makes renames in `dir` durable (a no-op where directories cannot be
/// opened for syncing).
fn sync_dir(dir: &Path) -> Result<(), IndexError> {
    match std::fs::File::open(dir) {
        Ok(handle) => match handle.sync_all() {
            Ok(()) => Ok(()),
            // Some platforms refuse fsync on directories; the rename is
            // still atomic there.
            Err(_) => Ok(()),
        },
        Err(error) => Err(IndexError::io(dir, error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(names: &[&str]) -> Vec<LoadedList> {
        // LoadedList::new is private to the lists crate: go through an FtM
        // file, the public loading path.
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let file = dir.path().join("t__entities.ftm.json");
        let lines: String = names
            .iter()
            .enumerate()
            .map(|(idx, name)| {
                format!(
                    "{{\"id\":\"t-{idx}\",\"schema\":\"Company\",\"properties\":{{\"name\":[\"{name}\"]}}}}\n"
                )
            })
            .collect();
        std::fs::write(&file, lines).unwrap_or_else(|error| panic!("{error}"));
        chokepoint_lists::load_paths(&[file]).unwrap_or_else(|error| panic!("{error}"))
    }

    fn first_caption(store: &IndexStore) -> String {
        let index = store
            .load_current()
            .unwrap_or_else(|error| panic!("{error}"));
        index.entities()[0]
            .primary_name()
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn publish_load_swap_and_prune() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let store = IndexStore::open(dir.path()).unwrap_or_else(|error| panic!("{error}"));
        assert!(matches!(
            store.load_current(),
            Err(IndexError::NoGeneration { .. })
        ));

        let first = store
            .publish(&list(&["Alpha One"]))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(first.number, 1);
        let second = store
            .publish(&list(&["Beta Two", "Gamma"]))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(second.number, 2);
        assert_eq!(first_caption(&store), "Beta Two");
        let loaded = store
            .load_current()
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(loaded.len(), 2);
        let found = loaded.search(
            &crate::ScreenQuery::name("Gamma"),
            &crate::SearchOptions::default(),
        );
        assert_eq!(found[0].entity_id, "t-1");

        // A failure after the generation directory is written but before
        // the swap leaves CURRENT on generation 2.
        let failing = IndexStore {
            fail_before_swap: true,
            ..store.clone()
        };
        let error = failing.publish(&list(&["Delta Three"])).err();
        assert!(matches!(
            error,
            Some(IndexError::Injected { generation: 3 })
        ));
        assert_eq!(store.current().ok().flatten(), Some(2));
        assert_eq!(first_caption(&store), "Beta Two");

        // The next publish takes a fresh number and prunes to the last two.
        let fourth = store
            .publish(&list(&["Epsilon"]))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(fourth.number, 4);
        assert_eq!(first_caption(&store), "Epsilon");
        assert_eq!(store.generations().ok(), Some(vec![2, 4]));
        store
            .publish(&list(&["Zeta"]))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(store.generations().ok(), Some(vec![4, 5]));
        assert!(!dir.path().join("CURRENT.tmp").exists());
    }

    #[test]
    fn published_generation_reads_without_creating() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let absent = dir.path().join("lists");
        assert_eq!(IndexStore::published_generation(&absent).ok(), Some(None));
        assert!(!absent.exists(), "asking created the directory");
        let store = IndexStore::open(&absent).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(IndexStore::published_generation(&absent).ok(), Some(None));
        store
            .publish(&list(&["Alpha One"]))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            IndexStore::published_generation(&absent).ok(),
            Some(Some(1))
        );
        std::fs::write(absent.join(CURRENT), "x").unwrap_or_else(|error| panic!("{error}"));
        assert!(matches!(
            IndexStore::published_generation(&absent),
            Err(IndexError::Corrupt { .. })
        ));
    }

    #[test]
    fn corrupt_current_is_an_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let store = IndexStore::open(dir.path()).unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(dir.path().join(CURRENT), "x").unwrap_or_else(|error| panic!("{error}"));
        assert!(matches!(
            store.load_current(),
            Err(IndexError::Corrupt { .. })
        ));
        std::fs::write(dir.path().join(CURRENT), "9").unwrap_or_else(|error| panic!("{error}"));
        assert!(matches!(store.load_current(), Err(IndexError::Io { .. })));
    }
}
