//! The screening index of the data directory (`<data>/lists`), loaded on
//! first use and reloaded when `chokepoint lists load` publishes a new
//! generation.
//!
//! Each request asks the index store for the published generation (a read
//! of one tiny file, `IndexStore::published_generation`). When it differs from the one held, one request loads the new
//! generation off the async threads; meanwhile other requests are answered
//! from the held generation (or wait, when none is held yet). The held `Arc`
//! is swapped only once the load is complete, so no request ever sees a
//! half-built index, and requests already running keep their `Arc` of the
//! old one.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use chokepoint_index::{IndexError, IndexStore, ListStats, WatchlistIndex};

use crate::AppError;

/// What a screening endpoint answers when no list has been loaded.
pub const NO_LISTS: &str = "no lists loaded: run chokepoint lists load";

/// One loaded generation of the screening index.
#[derive(Debug)]
pub struct Watchlist {
    generation: u64,
    index: Arc<WatchlistIndex>,
    lists: Vec<ListStats>,
}

impl Watchlist {
    /// The generation number it was loaded from.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The index.
    pub fn index(&self) -> &WatchlistIndex {
        &self.index
    }

    /// The index, shared (risk scoring keeps it beyond a request).
    pub fn shared_index(&self) -> Arc<WatchlistIndex> {
        self.index.clone()
    }

    /// Counts per loaded list, in order of first appearance.
    pub fn lists(&self) -> &[ListStats] {
        &self.lists
    }

    /// Whether `list` is one of the loaded lists.
    pub fn has_list(&self, list: &str) -> bool {
        self.lists.iter().any(|stats| stats.list == list)
    }
}

/// The held generation and the lock that serialises loads.
#[derive(Debug)]
pub struct IndexCache {
    dir: PathBuf,
    held: Mutex<Option<Arc<Watchlist>>>,
    loading: tokio::sync::Mutex<()>,
}

impl IndexCache {
    /// A cache over the index store directory `dir` (nothing is read yet).
    pub fn new(dir: PathBuf) -> IndexCache {
        IndexCache {
            dir,
            held: Mutex::new(None),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    /// The published generation, loading it if it is not the one held.
    pub async fn current(&self) -> Result<Arc<Watchlist>, AppError> {
        let generation = self.published()?;
        if let Some(held) = self.held_at(generation) {
            return Ok(held);
        }
        // While another request loads a new generation, answer from the
        // held one instead of waiting; wait only when there is none.
        let _loading = match (self.loading.try_lock(), self.held()) {
            (Ok(guard), _) => guard,
            (Err(_), Some(previous)) => return Ok(previous),
            (Err(_), None) => self.loading.lock().await,
        };
        // Ask again: another request may have loaded it while this
        // one waited, or a newer generation may have been published.
        let generation = self.published()?;
        if let Some(held) = self.held_at(generation) {
            return Ok(held);
        }
        let dir = self.dir.clone();
        let loaded = tokio::task::spawn_blocking(move || load(dir, generation))
            .await
            .map_err(|error| AppError::Internal(format!("index load task: {error}")))?;
        match loaded {
            Ok(watchlist) => {
                let watchlist = Arc::new(watchlist);
                *self.held.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(Arc::clone(&watchlist));
                Ok(watchlist)
            }
            // Keep answering from the previous generation; the next request
            // tries the new one again.
            Err(error) => match self.held() {
                Some(previous) => {
                    tracing::warn!(%error, generation, "index generation failed to load; serving the previous one");
                    Ok(previous)
                }
                None => Err(error),
            },
        }
    }

    /// The published generation, without creating anything when the
    /// directory does not exist; `Unavailable` when there is none.
    fn published(&self) -> Result<u64, AppError> {
        IndexStore::published_generation(&self.dir)?
            .ok_or_else(|| AppError::Unavailable(NO_LISTS.to_string()))
    }

    fn held(&self) -> Option<Arc<Watchlist>> {
        self.held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The held index when it is of `generation` (numbers only grow, but a
    /// store rebuilt from scratch starts again at 1: any change reloads).
    fn held_at(&self, generation: u64) -> Option<Arc<Watchlist>> {
        self.held()
            .filter(|watchlist| watchlist.generation == generation)
    }
}

fn load(dir: PathBuf, generation: u64) -> Result<Watchlist, AppError> {
    let index = IndexStore::open(&dir)?.load(generation)?;
    let lists = index.stats().lists;
    Ok(Watchlist {
        generation,
        index: Arc::new(index),
        lists,
    })
}

impl From<IndexError> for AppError {
    fn from(error: IndexError) -> Self {
        match error {
            IndexError::NoGeneration { .. } => AppError::Unavailable(NO_LISTS.to_string()),
            other => AppError::Unavailable(format!("lists index: {other}")),
        }
    }
}
