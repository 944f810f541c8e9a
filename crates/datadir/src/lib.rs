//! The layout of a Chokepoint data directory (the `--data` argument): every
//! place a crate reads or writes besides the Delta tables, named once.
//!
//! ```text
//! <data>/
//!   flows/, shipments/, …  Delta tables (chokepoint-store names these after their table)
//!   lists/                 the screening index (chokepoint-index generations)
//!   intake/                shipment files posted to the server, kept before they are ingested
//!   reference/hs/          HS nomenclature CSV files, read when `--hs-dir` is not given
//!   relations.csv          an analyst's ownership links between list entity ids
//!   demo-sources/          the files `chokepoint demo` generated, with the synthetic marker
//!   sources/<source>/      API responses `chokepoint fetch` downloaded, one file per page
//! ```
//!
//! [`DataDir`] only joins paths and, for [`DataDir::is_synthetic`], looks
//! whether a file exists; it creates nothing. It is its own crate, with no
//! internal dependency, because its users sit on every level: the demo
//! generator (which depends only on the model) writes the marker, the server
//! and the report sections read it, the CLI and the live path find the index
//! and the intake. The model crate would do as a home only by giving up its
//! "no IO" invariant, and the store would pull Delta Lake into the generator.
//!
//! ```
//! use chokepoint_datadir::DataDir;
//!
//! let data = DataDir::new("chokepoint-data");
//! assert_eq!(data.lists(), std::path::Path::new("chokepoint-data/lists"));
//! assert_eq!(data.hs_reference(), std::path::Path::new("chokepoint-data/reference/hs"));
//! assert!(!data.is_synthetic());
//! ```
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

/// File name of the analyst's relations file at the top of a data directory.
pub const RELATIONS_FILE: &str = "relations.csv";

/// File name of the marker that a directory's files are synthetic; the demo
/// generator writes its notice under this name beside the files it generates.
pub const SYNTHETIC_MARKER_FILE: &str = "SYNTHETIC_DATA_README.txt";

const LISTS_DIR: &str = "lists";
const INTAKE_DIR: &str = "intake";
const HS_REFERENCE_DIR: &str = "reference/hs";
const DEMO_SOURCES_DIR: &str = "demo-sources";
const SOURCES_DIR: &str = "sources";

/// A data directory: the root the tables live in, and the paths beside them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The data directory at `root` (nothing is read or created).
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// The directory itself, where the Delta tables live.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The screening index of the loaded sanctions lists.
    pub fn lists(&self) -> PathBuf {
        self.root.join(LISTS_DIR)
    }

    /// Where shipment files posted to the server wait to be ingested.
    pub fn intake(&self) -> PathBuf {
        self.root.join(INTAKE_DIR)
    }

    /// The HS nomenclature files read when no other directory is given.
    pub fn hs_reference(&self) -> PathBuf {
        self.root.join(HS_REFERENCE_DIR)
    }

    /// The analyst's relations file ([`RELATIONS_FILE`]).
    pub fn relations_file(&self) -> PathBuf {
        self.root.join(RELATIONS_FILE)
    }

    /// Where `chokepoint fetch` keeps each API response, one folder per source.
    pub fn sources(&self) -> PathBuf {
        self.root.join(SOURCES_DIR)
    }

    /// Where `chokepoint demo` writes the generated source files.
    pub fn demo_sources(&self) -> PathBuf {
        self.root.join(DEMO_SOURCES_DIR)
    }

    /// The marker file of a directory of generated files `sources`.
    pub fn synthetic_marker_in(sources: &Path) -> PathBuf {
        sources.join(SYNTHETIC_MARKER_FILE)
    }

    /// Whether the directory holds the synthetic demo world: its generated
    /// sources, marked as such, lie beside the tables.
    pub fn is_synthetic(&self) -> bool {
        DataDir::synthetic_marker_in(&self.demo_sources()).exists()
    }
}

impl From<PathBuf> for DataDir {
    fn from(root: PathBuf) -> DataDir {
        DataDir::new(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_lies_under_the_root() {
        let data = DataDir::new("/srv/data");
        assert_eq!(data.root(), Path::new("/srv/data"));
        assert_eq!(data.lists(), Path::new("/srv/data/lists"));
        assert_eq!(data.intake(), Path::new("/srv/data/intake"));
        assert_eq!(data.hs_reference(), Path::new("/srv/data/reference/hs"));
        assert_eq!(data.relations_file(), Path::new("/srv/data/relations.csv"));
        assert_eq!(data.demo_sources(), Path::new("/srv/data/demo-sources"));
    }

    #[test]
    fn only_the_marker_in_the_demo_sources_makes_a_directory_synthetic() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let data = DataDir::new(dir.path());
        assert!(!data.is_synthetic());
        // The marker at the top of the directory is not the demo's.
        std::fs::write(dir.path().join(SYNTHETIC_MARKER_FILE), "x")
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(!data.is_synthetic());
        std::fs::create_dir(data.demo_sources()).unwrap_or_else(|error| panic!("{error}"));
        assert!(!data.is_synthetic());
        std::fs::write(DataDir::synthetic_marker_in(&data.demo_sources()), "x")
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(data.is_synthetic());
    }
}
