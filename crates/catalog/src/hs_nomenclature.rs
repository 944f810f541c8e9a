//! The HS nomenclature (descriptions of chapters, headings and subheadings).
//!
//! Loaded from the official nomenclature CSV in the layout of UN Comtrade's
//! classification files as republished by the `harmonized-system` data package
//! (`section,hscode,description,parent,level`). Codes not in the nomenclature
//! are flagged, never rejected: national 8- and 10-digit lines are looked up by
//! their 6-digit subheading.

use std::collections::HashMap;
use std::path::Path;

use chokepoint_model::{HsCode, HsRevision};

use crate::CatalogError;

/// One nomenclature line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HsEntry {
    /// 2, 4 or 6 digits.
    pub code: String,
    /// Official (condensed) description.
    pub description: String,
    /// Section (Roman numeral).
    pub section: String,
    /// The revision the file describes.
    pub revision: HsRevision,
}

/// Descriptions of HS codes, for one or more revisions.
#[derive(Debug, Clone, Default)]
pub struct HsNomenclature {
    entries: HashMap<(HsRevision, String), HsEntry>,
}

impl HsNomenclature {
    /// An empty nomenclature (every code is then "unknown").
    pub fn new() -> HsNomenclature {
        HsNomenclature::default()
    }

    /// Loads one revision's CSV.
    pub fn load_csv(&mut self, path: &Path, revision: HsRevision) -> Result<usize, CatalogError> {
        let bytes = std::fs::read(path).map_err(|source| CatalogError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
        let headers = reader.headers().map_err(|e| CatalogError::Malformed {
            path: path.to_path_buf(),
            line: 1,
            message: e.to_string(),
        })?;
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim() == name)
                .ok_or_else(|| CatalogError::Malformed {
                    path: path.to_path_buf(),
                    line: 1,
                    message: format!("missing column {name:?}"),
                })
        };
        let (code_col, description_col, section_col) = (
            column("hscode")?,
            column("description")?,
            column("section")?,
        );
        let mut n_loaded = 0;
        for (index, record) in reader.records().enumerate() {
            let line = index as u64 + 2;
            let record = record.map_err(|e| CatalogError::Malformed {
                path: path.to_path_buf(),
                line,
                message: e.to_string(),
            })?;
            let code = record.get(code_col).unwrap_or_default().trim();
            // The file carries a TOTAL row and may end with an empty row; neither is a code.
            if HsCode::parse(code).is_err() {
                continue;
            }
            let entry = HsEntry {
                code: code.to_string(),
                description: record.get(description_col).unwrap_or_default().to_string(),
                section: record.get(section_col).unwrap_or_default().to_string(),
                revision,
            };
            self.entries.insert((revision, entry.code.clone()), entry);
            n_loaded += 1;
        }
        Ok(n_loaded)
    }

    /// Loads every revision file found in a directory
    /// (`hs2017_harmonized-system.csv`, `hs2022_harmonized-system.csv`, ...).
    pub fn load_dir(&mut self, dir: &Path) -> Result<usize, CatalogError> {
        let mut n_loaded = 0;
        for year in [1992, 1996, 2002, 2007, 2012, 2017, 2022] {
            let path = dir.join(format!("hs{year}_harmonized-system.csv"));
            if path.exists() {
                let revision = HsRevision::in_force(year);
                n_loaded += self.load_csv(&path, revision)?;
            }
        }
        Ok(n_loaded)
    }

    /// The entry describing `code` in `revision`: the code itself if listed,
    /// otherwise its 6-digit subheading (national lines are longer).
    pub fn describe(&self, code: &HsCode, revision: HsRevision) -> Option<&HsEntry> {
        let exact = self.entries.get(&(revision, code.as_str().to_string()));
        exact.or_else(|| {
            code.hs6()
                .and_then(|hs6| self.entries.get(&(revision, hs6.to_string())))
        })
    }

    /// Whether `code` exists in `revision`, when that revision is loaded
    /// (`None` if it is not loaded, so nothing can be said).
    pub fn is_known(&self, code: &HsCode, revision: HsRevision) -> Option<bool> {
        self.has_revision(revision)
            .then(|| self.describe(code, revision).is_some())
    }

    /// Whether any entry of `revision` is loaded.
    pub fn has_revision(&self, revision: HsRevision) -> bool {
        self.entries.keys().any(|(r, _)| *r == revision)
    }

    /// Every entry, unordered.
    pub fn entries(&self) -> impl Iterator<Item = &HsEntry> {
        self.entries.values()
    }

    /// Number of entries over all revisions.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_hs_dir() -> std::path::PathBuf {
        chokepoint_test_support::shared_data_dir().join("hs")
    }

    #[test]
    fn loads_the_official_files_and_describes_codes() {
        if chokepoint_test_support::shared_data_missing() {
            return;
        }
        let mut nomenclature = HsNomenclature::new();
        let n_loaded = nomenclature.load_dir(&shared_hs_dir()).unwrap();
        // PROVENANCE.txt: 97 + 1,229 + 5,613 (HS 2022) and 97 + 1,223 + 5,388 (HS 2017).
        assert_eq!(n_loaded, 6_939 + 6_708);
        let memories = HsCode::parse("85423200").unwrap();
        let entry = nomenclature.describe(&memories, HsRevision::H6).unwrap();
        assert_eq!(
            entry.description,
            "Electronic integrated circuits; memories"
        );
        // 8807.30 exists only from HS 2022, 8803.30 only until HS 2017.
        let uav_parts = HsCode::parse("880730").unwrap();
        assert_eq!(
            nomenclature.is_known(&uav_parts, HsRevision::H6),
            Some(true)
        );
        assert_eq!(
            nomenclature.is_known(&uav_parts, HsRevision::H5),
            Some(false)
        );
        assert_eq!(nomenclature.is_known(&uav_parts, HsRevision::H3), None);
    }

    #[test]
    fn every_chpl_code_is_in_hs2022() {
        if chokepoint_test_support::shared_data_missing() {
            return;
        }
        let mut nomenclature = HsNomenclature::new();
        nomenclature.load_dir(&shared_hs_dir()).unwrap();
        for entry in crate::CHPL_2024_02_23 {
            let code = HsCode::parse(entry.hs6).unwrap();
            assert_eq!(
                nomenclature.is_known(&code, HsRevision::H6),
                Some(true),
                "{}",
                entry.hs6
            );
        }
    }
}
