//! The loader trait, the load result and file discovery.

use std::path::{Path, PathBuf};

use crate::ListError;
use crate::loaders;
use crate::model::{Entity, Relation};

/// A record that could not be loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The list id.
    pub list: String,
    /// The file holding the record.
    pub file: PathBuf,
    /// 1-based line of the record, when known.
    pub line: Option<u64>,
    /// The record's id in the source, when it has one.
    pub record_id: Option<String>,
    /// What is wrong, lowercase.
    pub reason: String,
}

/// Everything one loader read from one file set.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedList {
    /// The list id ("ofac-sdn", "un-sc", an FtM dataset...).
    pub list: String,
    /// The files read.
    pub files: Vec<PathBuf>,
    /// The listed parties.
    pub entities: Vec<Entity>,
    /// Links between entity ids of this load.
    pub relations: Vec<Relation>,
    /// Records that could not be loaded.
    pub rejects: Vec<Reject>,
}

impl LoadedList {
    pub(crate) fn new(list: impl Into<String>, files: &[PathBuf]) -> Self {
        LoadedList {
            list: list.into(),
            files: files.to_vec(),
            entities: Vec::new(),
            relations: Vec::new(),
            rejects: Vec::new(),
        }
    }

    /// Records a reject for this list.
    pub(crate) fn reject(
        &mut self,
        file: &Path,
        line: Option<u64>,
        record_id: Option<&str>,
        reason: impl Into<String>,
    ) {
        self.rejects.push(Reject {
            list: self.list.clone(),
            file: file.to_path_buf(),
            line,
            record_id: record_id.map(str::to_string),
            reason: reason.into(),
        });
    }

    /// Pushes the entity, or rejects it when it has no primary name.
    pub(crate) fn push_entity(&mut self, entity: Entity, file: &Path, line: Option<u64>) {
        if entity.primary_name().is_none() {
            let id = entity.id.clone();
            self.reject(file, line, Some(&id), "record has no name");
            return;
        }
        self.entities.push(entity);
    }
}

/// One list format: recognises its files and loads them.
pub trait ListLoader: Send + Sync {
    /// The loader id: the list id of what it loads, except for `ofac-sdn-xml`
    /// (loads `ofac-sdn`) and `ftm` (lists are named after FtM datasets).
    fn id(&self) -> &'static str;

    /// The subset of `files` this loader reads, by file name or by sniffing
    /// the first bytes.
    fn recognises(&self, files: &[PathBuf]) -> Vec<PathBuf>;

    /// Loads a recognised file set. Bad records become rejects; only an
    /// unreadable or structurally broken file is an error.
    fn load(&self, files: &[PathBuf]) -> Result<LoadedList, ListError>;

    /// Splits recognised files into sets loaded together. The default loads
    /// them all at once; FtM splits by dataset.
    fn group(&self, files: Vec<PathBuf>) -> Vec<Vec<PathBuf>> {
        vec![files]
    }
}

/// Every loader, in the order they get to claim files.
pub fn registry() -> Vec<Box<dyn ListLoader>> {
    vec![
        Box::new(loaders::ofac_csv::OfacCsvLoader::sdn()),
        Box::new(loaders::ofac_csv::OfacCsvLoader::consolidated()),
        Box::new(loaders::ofac_xml::OfacXmlLoader),
        Box::new(loaders::un_xml::UnXmlLoader),
        Box::new(loaders::eu_fsf::EuFsfLoader),
        Box::new(loaders::uk_derived::UkDerivedLoader),
        Box::new(loaders::uk_ofsi::UkOfsiLoader),
        Box::new(loaders::bis_dpl::BisDplLoader),
        Box::new(loaders::csl::CslLoader),
        Box::new(loaders::ftm::FtmLoader),
    ]
}

/// Loads files and directories (searched recursively; README, PROVENANCE,
/// LICENSE and `.md` files in directories are skipped). Files are grouped by
/// directory, so an OFAC set is joined within its own directory only; each
/// file is claimed by the first loader that recognises it. A file that no
/// loader recognises is an error naming it, raised before anything loads.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<LoadedList>, ListError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files)?;
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(ListError::io(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            ));
        }
    }
    let mut directories: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for file in files {
        let parent = file.parent().map(Path::to_path_buf).unwrap_or_default();
        match directories.iter_mut().find(|(dir, _)| *dir == parent) {
            Some((_, group)) => group.push(file),
            None => directories.push((parent, vec![file])),
        }
    }
    let loaders = registry();
    let mut plan: Vec<(&dyn ListLoader, Vec<PathBuf>)> = Vec::new();
    for (_, mut unclaimed) in directories {
        for loader in &loaders {
            let claimed = loader.recognises(&unclaimed);
            if claimed.is_empty() {
                continue;
            }
            unclaimed.retain(|f| !claimed.contains(f));
            for set in loader.group(claimed) {
                plan.push((loader.as_ref(), set));
            }
        }
        if let Some(path) = unclaimed.into_iter().next() {
            return Err(ListError::Unrecognised { path });
        }
    }
    plan.into_iter()
        .map(|(loader, set)| loader.load(&set))
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ListError> {
    let entries = std::fs::read_dir(dir).map_err(|e| ListError::io(dir, e))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = crate::text::file_name(&path);
        if name.starts_with('.')
            || name.starts_with("readme")
            || name.starts_with("provenance")
            || name.starts_with("license")
            || name.ends_with(".md")
        {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether `path` has one of these lowercase file names.
pub(crate) fn named(path: &Path, names: &[&str]) -> bool {
    let name = crate::text::file_name(path);
    names.contains(&name.as_str())
}

/// The files ending in `extension` whose first `limit` bytes contain
/// `marker`: how most loaders recognise their format.
pub(crate) fn files_marked(
    files: &[PathBuf],
    extension: &str,
    marker: &str,
    limit: usize,
) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|f| {
            crate::text::file_name(f).ends_with(extension) && head_contains(f, marker, limit)
        })
        .cloned()
        .collect()
}

/// Whether the first bytes of `path` contain `needle`.
pub(crate) fn head_contains(path: &Path, needle: &str, limit: usize) -> bool {
    crate::text::read_head(path, limit).is_some_and(|head| head.contains(needle))
}

/// Checks that every file was recognised by `loader` (callers may pass anything).
pub(crate) fn ensure_recognised(
    loader: &dyn ListLoader,
    files: &[PathBuf],
) -> Result<(), ListError> {
    let recognised = loader.recognises(files);
    match files.iter().find(|f| !recognised.contains(f)) {
        Some(path) => Err(ListError::WrongLoader {
            loader: loader.id(),
            path: path.clone(),
        }),
        None => Ok(()),
    }
}
