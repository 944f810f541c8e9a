//! Shared helpers of the integration tests: where the staged data lives and
//! independent counting passes over the raw files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chokepoint_lists::{Entity, LoadedList, NameKind, load_paths};

/// `../shared/data` beside the checkout (a test that uses it first checks
/// `chokepoint_test_support::shared_data_missing()`).
pub fn data() -> PathBuf {
    let path = chokepoint_test_support::shared_data_dir();
    path.canonicalize().unwrap_or(path)
}

/// `data()/sanctions/<rest>`.
pub fn sanctions(rest: &str) -> PathBuf {
    data().join("sanctions").join(rest)
}

/// Loads paths and expects exactly one list.
pub fn load_one(paths: &[PathBuf]) -> LoadedList {
    let mut loaded = load_paths(paths).unwrap();
    assert_eq!(loaded.len(), 1, "expected one list from {paths:?}");
    loaded.remove(0)
}

/// The entity with this id.
pub fn entity<'a>(list: &'a LoadedList, id: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id} in {}", list.list))
}

/// Names of one kind of an entity.
pub fn names_of(entity: &Entity, kind: NameKind) -> Vec<&str> {
    entity
        .names
        .iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.value.as_str())
        .collect()
}

/// Number of names of a kind in a list.
pub fn count_names(list: &LoadedList, kind: NameKind) -> usize {
    list.entities
        .iter()
        .map(|e| e.names.iter().filter(|n| n.kind == kind).count())
        .sum()
}

/// Rows of a headerless CSV, read with the csv crate, skipping OFAC's 0x1A line.
pub fn csv_rows(path: &Path, delimiter: u8, has_headers: bool) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(has_headers)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .filter(|r| !(r.len() == 1 && r[0].trim_matches(['\u{1a}', ' ']).is_empty()))
        .collect()
}

/// Whitespace collapsed, as the loaders store names.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
