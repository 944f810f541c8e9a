//! The Common High Priority List (CHPL), typed in as facts.
//!
//! Source: BIS, "Common High Priority List (February 23, 2024)", published
//! jointly by the EU, US, UK and Japan; the EU publishes the same codes as
//! Annex XL to Council Regulation (EU) No 833/2014. 50 HS-6 codes in six
//! tiers. Codes are HS 2022; see [`ChplEntry::hs2017_equivalents`] for codes
//! that HS 2017 data reports elsewhere.

use std::fmt;

/// A CHPL tier, from highest to lowest concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChplTier {
    /// Integrated circuits: critical to precision-guided weapons, no Russian production.
    Tier1,
    /// Other electronics for wireless, navigation and capacitors.
    Tier2,
    /// Further electronic components (3.A).
    Tier3A,
    /// Bearings, aircraft parts and optics for navigation (3.B).
    Tier3B,
    /// Manufacturing and test equipment for electronic components (4.A).
    Tier4A,
    /// CNC machine tools and their parts (4.B).
    Tier4B,
}

impl ChplTier {
    /// The label used on the BIS page: `1`, `2`, `3.A`, `3.B`, `4.A`, `4.B`.
    pub fn label(self) -> &'static str {
        match self {
            ChplTier::Tier1 => "1",
            ChplTier::Tier2 => "2",
            ChplTier::Tier3A => "3.A",
            ChplTier::Tier3B => "3.B",
            ChplTier::Tier4A => "4.A",
            ChplTier::Tier4B => "4.B",
        }
    }

    /// The basket name of this tier (`chpl-tier-3a`).
    pub fn basket_name(self) -> String {
        format!("chpl-tier-{}", self.label().replace('.', "").to_lowercase())
    }

    /// Every tier.
    pub const ALL: [ChplTier; 6] = [
        ChplTier::Tier1,
        ChplTier::Tier2,
        ChplTier::Tier3A,
        ChplTier::Tier3B,
        ChplTier::Tier4A,
        ChplTier::Tier4B,
    ];
}

impl fmt::Display for ChplTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tier {}", self.label())
    }
}

/// One CHPL item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChplEntry {
    /// HS 2022 six-digit code.
    pub hs6: &'static str,
    /// Its tier.
    pub tier: ChplTier,
}

impl ChplEntry {
    /// HS 2017 subheadings under which data classified in HS 2017 reports the
    /// same goods (only codes the 2022 amendments moved). HS 2022 created
    /// 8807.30 (other parts of aircraft and UAVs) out of 8803.30; split 8541.40
    /// (photosensitive devices, LEDs) into 8541.41-49 and 8541.50 (other
    /// semiconductor devices) into 8541.51-59; and split 8525.80 (cameras) into
    /// 8525.81-89. A 2017-coded series is therefore wider than the CHPL item.
    pub fn hs2017_equivalents(&self) -> &'static [&'static str] {
        match self.hs6 {
            "880730" => &["880330"],
            "854149" => &["854140"],
            "854151" | "854159" => &["854150"],
            "852589" => &["852580"],
            _ => &[],
        }
    }
}

use ChplTier::*;

/// The 50 CHPL codes of 23 February 2024.
pub const CHPL_2024_02_23: [ChplEntry; 50] = {
    const fn e(hs6: &'static str, tier: ChplTier) -> ChplEntry {
        ChplEntry { hs6, tier }
    }
    [
        e("854231", Tier1),
        e("854232", Tier1),
        e("854233", Tier1),
        e("854239", Tier1),
        e("851762", Tier2),
        e("852691", Tier2),
        e("853221", Tier2),
        e("853224", Tier2),
        e("854800", Tier2),
        e("847150", Tier3A),
        e("850440", Tier3A),
        e("851769", Tier3A),
        e("852589", Tier3A),
        e("852910", Tier3A),
        e("852990", Tier3A),
        e("853669", Tier3A),
        e("853690", Tier3A),
        e("854110", Tier3A),
        e("854121", Tier3A),
        e("854129", Tier3A),
        e("854130", Tier3A),
        e("854149", Tier3A),
        e("854151", Tier3A),
        e("854159", Tier3A),
        e("854160", Tier3A),
        e("848210", Tier3B),
        e("848220", Tier3B),
        e("848230", Tier3B),
        e("848250", Tier3B),
        e("880730", Tier3B),
        e("901310", Tier3B),
        e("901380", Tier3B),
        e("901420", Tier3B),
        e("901480", Tier3B),
        e("847180", Tier4A),
        e("848610", Tier4A),
        e("848620", Tier4A),
        e("848640", Tier4A),
        e("853400", Tier4A),
        e("854320", Tier4A),
        e("902750", Tier4A),
        e("903020", Tier4A),
        e("903032", Tier4A),
        e("903039", Tier4A),
        e("903082", Tier4A),
        e("845710", Tier4B),
        e("845811", Tier4B),
        e("845891", Tier4B),
        e("845961", Tier4B),
        e("846693", Tier4B),
    ]
};

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn list_has_fifty_unique_six_digit_codes_with_published_tier_sizes() {
        let codes: HashSet<_> = CHPL_2024_02_23.iter().map(|e| e.hs6).collect();
        assert_eq!(codes.len(), 50);
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        );
        let count = |tier| CHPL_2024_02_23.iter().filter(|e| e.tier == tier).count();
        let sizes: Vec<usize> = ChplTier::ALL.into_iter().map(count).collect();
        assert_eq!(sizes, [4, 5, 16, 9, 11, 5]);
    }

    #[test]
    fn matches_the_reference_copy_in_shared_data() {
        if chokepoint_test_support::shared_data_missing() {
            return;
        }
        // The test data folder holds an independent transcription of the BIS page.
        let path = chokepoint_test_support::shared_data_dir().join("chpl/chpl.csv");
        let text =
            std::fs::read_to_string(path).expect("shared/data/chpl/chpl.csv beside the repo");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut n_rows = 0;
        for record in reader.records() {
            let record = record.unwrap();
            let entry = CHPL_2024_02_23
                .iter()
                .find(|e| e.hs6 == &record[0])
                .unwrap();
            assert_eq!(format!("{}", entry.tier), record[1].to_string());
            n_rows += 1;
        }
        assert_eq!(n_rows, 50);
    }
}
