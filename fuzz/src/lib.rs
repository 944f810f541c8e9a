//! What the fuzz targets share: a scratch file per process (the parsers
//! read paths, as `chokepoint ingest` and `lists load` do) and the choice
//! byte that picks a format, so one target covers a family of layouts and
//! the fuzzer learns which layout a seed belongs to.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, OnceLock};

use arrow::record_batch::RecordBatch;
use chokepoint_catalog::schema::TableKind;
use chokepoint_ingest::{FileSummary, IngestOptions, read_file};

/// This process's scratch directory (in memory under /dev/shm where there
/// is one), created on first use.
pub fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = root.join(format!("chokepoint-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        dir
    })
}

/// Writes `data` to `name` in the scratch directory and returns the path.
pub fn scratch_file(name: &str, data: &[u8]) -> PathBuf {
    let path = scratch_dir().join(name);
    std::fs::write(&path, data).expect("scratch file");
    path
}

/// Ingest options of the targets: `format` forced (or detected when
/// `None`), small batches so a short input still fills several, one parse
/// thread, and lines capped at 16 KiB so the cap is reached. Built on
/// defaults made once, not per execution.
pub fn ingest_options(format: Option<&str>) -> IngestOptions {
    static BASE: OnceLock<IngestOptions> = OnceLock::new();
    IngestOptions {
        format: format.map(str::to_string),
        ..BASE
            .get_or_init(|| IngestOptions {
                batch_rows: 64,
                parse_threads: 1,
                max_record_bytes: 16 * 1024,
                ..IngestOptions::default()
            })
            .clone()
    }
}

/// Splits the leading choice byte off `data`.
pub fn choice(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(first, rest)| (*first, rest))
}

/// Gzip-compresses `data` (so a target reaches the gzip path with valid streams).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).expect("in memory");
    encoder.finish().expect("in memory")
}

/// What one ingest handed its sink.
pub struct Ingested {
    /// The reader's own account.
    pub summary: FileSummary,
    /// Rows per table as batches arrived.
    pub rows: Vec<(TableKind, usize)>,
    /// The batches of the target table.
    pub batches: Vec<(TableKind, RecordBatch)>,
}

/// Reads `path` as `chokepoint ingest` would and checks what every caller
/// relies on: batches match their table's schema, and the summary's counts
/// are the rows handed over. An `Err` (a file unreadable as a whole) is an
/// answer too; a panic or a broken invariant is the bug.
pub fn ingest(path: &Path, options: &IngestOptions) -> Option<Ingested> {
    let mut rows = Vec::new();
    let mut batches = Vec::new();
    let result = read_file(
        path,
        "fuzz",
        options,
        Arc::new(AtomicU64::new(0)),
        &mut |table, batch| {
            assert_eq!(
                batch.schema().fields(),
                table.schema().fields(),
                "a {table:?} batch off its table's schema"
            );
            rows.push((table, batch.num_rows()));
            batches.push((table, batch));
            Ok(())
        },
    );
    let summary = result.ok()?;
    let count = |kind: TableKind| -> u64 {
        rows.iter()
            .filter(|(t, _)| *t == kind)
            .map(|(_, n)| *n as u64)
            .sum()
    };
    assert_eq!(count(summary.target), summary.n_rows, "rows accepted");
    assert_eq!(
        count(TableKind::Rejects),
        summary.n_rejected,
        "rows rejected"
    );
    Some(Ingested {
        summary,
        rows,
        batches,
    })
}

/// Separates the files of one fuzz input for loaders that read a set
/// (OFAC's sdn/alt/add/comments, the UK derived tables): ASCII record
/// separator, which no list file uses.
pub const FILE_SEPARATOR: u8 = 0x1e;

/// Loads `data` with the list loader `id`: its parts (split on
/// [`FILE_SEPARATOR`]) are written under `names` in order, in a directory
/// of their own, and loaded as `lists load` loads a recognised set. The
/// loaded entities then go into a screening index and the first one's name
/// is searched, so names the loader lets through also pass normalisation.
pub fn load_list(id: &str, names: &[&str], data: &[u8]) {
    let loader = chokepoint_lists::registry()
        .into_iter()
        .find(|loader| loader.id() == id)
        .unwrap_or_else(|| panic!("no list loader {id}"));
    let dir = scratch_dir().join(format!("set-{id}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("set directory");
    let files: Vec<PathBuf> = data
        .split(|b| *b == FILE_SEPARATOR)
        .zip(names)
        .map(|(part, name)| {
            let path = dir.join(name);
            std::fs::write(&path, part).expect("set file");
            path
        })
        .collect();
    let recognised = loader.recognises(&files);
    if recognised.is_empty() {
        return;
    }
    let Ok(loaded) = loader.load(&recognised) else {
        return;
    };
    for reject in &loaded.rejects {
        assert!(!reject.reason.is_empty(), "a reject without a reason");
    }
    let index = chokepoint_index::WatchlistIndex::build(std::slice::from_ref(&loaded));
    assert_eq!(
        index.len(),
        loaded.entities.len(),
        "every loaded entity indexed"
    );
    if let Some(name) = loaded.entities.first().and_then(|e| e.names.first()) {
        let query = chokepoint_index::ScreenQuery::name(name.value.clone());
        index.search(&query, &chokepoint_index::SearchOptions::default());
    }
}
