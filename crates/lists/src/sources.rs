//! Where the official files are published, for a later `lists update`.
//!
//! Typed in from the publishers' download pages; no network code lives here.

/// One official publication of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficialSource {
    /// The list id used in [`crate::Entity::list`].
    pub list: &'static str,
    /// The download URL of the first file; the other files sit next to it.
    pub url: &'static str,
    /// The file names to download.
    pub files: &'static [&'static str],
}

/// The official download locations of every list with a loader.
pub const OFFICIAL_SOURCES: &[OfficialSource] = &[
    OfficialSource {
        list: "ofac-sdn",
        url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
        files: &["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"],
    },
    OfficialSource {
        list: "ofac-sdn",
        url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML",
        files: &["sdn.xml"],
    },
    OfficialSource {
        list: "ofac-cons",
        url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV",
        files: &[
            "cons_prim.csv",
            "cons_add.csv",
            "cons_alt.csv",
            "cons_comments.csv",
        ],
    },
    OfficialSource {
        list: "us-csl",
        url: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        files: &["consolidated.csv"],
    },
    OfficialSource {
        list: "eu-fsf",
        url: "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
        files: &["eu_fsf.xml"],
    },
    OfficialSource {
        list: "uk-ofsi",
        url: "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
        files: &["ConList.csv"],
    },
    OfficialSource {
        list: "uk-sanctions-list",
        url: "https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.csv",
        files: &["UK-Sanctions-List.csv"],
    },
    OfficialSource {
        list: "un-sc",
        url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        files: &["consolidated.xml"],
    },
    OfficialSource {
        list: "bis-dpl",
        url: "https://www.bis.doc.gov/dpl/dpl.txt",
        files: &["dpl.txt"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_https_and_files_named() {
        for source in OFFICIAL_SOURCES {
            assert!(source.url.starts_with("https://"), "{}", source.list);
            assert!(!source.files.is_empty());
        }
    }
}
