//! The HS6 code space of the world-like generator: thousands of six-digit
//! codes laid out like the Harmonized System (the real chapters 01–97
//! without 77, numbered headings, subheadings numbered the HS way: `10`,
//! `20`, … `90`, and split ones such as `11`, `19`), plus every code of the
//! demo's baskets, so CHPL, microelectronics, fibre-optic and machine-tool
//! questions find trade.
//!
//! The derived codes follow the HS numbering pattern; they are not claimed to
//! be codes of the nomenclature (where one is not, `flows.hs_known` says so
//! once the nomenclature is loaded).

use crate::comtrade::push_csv_field;
use crate::goods::{GOODS, decimals, h5_desc};
use crate::rng::{hash, unit};

/// Number of codes (2^10 · 5, see the per-pair permutation in [`crate::world_like`]).
pub(crate) const N_CODES: usize = 5_120;

/// The HS chapters in use (HS 2022: 01..=97, chapter 77 reserved).
fn chapters() -> impl Iterator<Item = u8> {
    (1..=97u8).filter(|&c| c != 77)
}

/// Subheading suffixes in the order HS numbering uses them.
const SUBHEADINGS: [&str; 17] = [
    "10", "90", "20", "30", "40", "11", "19", "50", "21", "29", "12", "60", "31", "39", "91", "99",
    "80",
];

/// Salt of the code-space hash (the space does not depend on the seed).
const SPACE_SEED: u64 = 0x45C0_DE5A_ACE0_0001;

/// One code of the space, pre-rendered for rows.
#[derive(Debug, Clone)]
pub(crate) struct Code {
    /// Six digits.
    pub hs6: String,
    /// `classificationCode` .. `mosCode,` per revision (0 = H5 before 2022,
    /// 1 = H6); `None` when the code has no H5 line (new in HS 2022).
    pub pieces: [Option<Vec<u8>>; 2],
    /// `qtyUnitCode,qtyUnitAbbr,`.
    pub unit: &'static [u8],
    /// Decimals of the quantity.
    pub decimals: usize,
    /// USD per quantity unit.
    pub unit_value: f64,
    /// Net kilograms per quantity unit.
    pub kg_per_unit: f64,
    /// Whether the code or its H5 line is a demo basket code.
    pub demo: bool,
}

fn piece(class: &str, code: &str, desc: &str) -> Vec<u8> {
    let mut b = Vec::with_capacity(96);
    b.extend_from_slice(format!("{class},{class},True,{code},").as_bytes());
    push_csv_field(&mut b, desc);
    b.extend_from_slice(b",6,True,C00,TOTAL CPC,0,");
    b
}

/// The code space: derived codes in a fixed shuffled order with the demo's
/// basket codes spread over the first 2,000 positions.
pub(crate) fn code_space() -> Vec<Code> {
    let demo_codes: Vec<&str> = GOODS
        .iter()
        .flat_map(|g| [Some(g.hs6), g.h5])
        .flatten()
        .collect();
    let mut derived: Vec<(u64, String)> = Vec::new();
    for chapter in chapters() {
        let n_headings = 4 + (hash(SPACE_SEED, 1, u64::from(chapter), 0, 0) % 19) as u8;
        for heading in 1..=n_headings {
            let n_sub = 3 + (hash(SPACE_SEED, 2, u64::from(chapter), u64::from(heading), 0) % 5);
            for sub in SUBHEADINGS.iter().take(n_sub as usize) {
                let code = format!("{chapter:02}{heading:02}{sub}");
                if !demo_codes.contains(&code.as_str()) {
                    let key = hash(SPACE_SEED, 3, code.parse().unwrap_or(0), 0, 0);
                    derived.push((key, code));
                }
            }
        }
    }
    // A fixed shuffle decides which derived codes make the 5,120.
    derived.sort();
    let n_demo = GOODS.len();
    derived.truncate(N_CODES - n_demo);
    let mut codes: Vec<Code> = derived
        .into_iter()
        .map(|(key, hs6)| {
            let desc = format!("Goods of HS subheading {hs6} (synthetic)");
            let p = piece("H6", &hs6, &desc);
            Code {
                pieces: [Some(piece("H5", &hs6, &desc)), Some(p)],
                hs6,
                unit: b"8,kg,",
                decimals: 2,
                // 0.3 .. 300 USD per kg, log-uniform.
                unit_value: 0.3 * crate::rng::exp(6.9 * unit(key)),
                kg_per_unit: 1.0,
                demo: false,
            }
        })
        .collect();
    for (i, good) in GOODS.iter().enumerate() {
        let code = Code {
            hs6: good.hs6.to_string(),
            pieces: [
                good.h5
                    .map(|h5| piece("H5", h5, h5_desc(h5).unwrap_or(good.desc))),
                Some(piece("H6", good.hs6, good.desc)),
            ],
            unit: match good.unit.code() {
                "u" => b"5,u,",
                "km" => b"-1,km,",
                _ => b"8,kg,",
            },
            decimals: decimals(good.unit),
            unit_value: good.unit_value,
            kg_per_unit: good.kg_per_unit,
            demo: true,
        };
        // Spread over positions 20, 51, 82, ... < 2,000.
        codes.insert((20 + 31 * i).min(codes.len()), code);
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn space_has_distinct_hs_shaped_codes_with_every_demo_code() {
        let codes = code_space();
        assert_eq!(codes.len(), N_CODES);
        let set: HashSet<&str> = codes.iter().map(|c| c.hs6.as_str()).collect();
        assert_eq!(set.len(), N_CODES);
        for c in &codes {
            assert_eq!(c.hs6.len(), 6);
            let chapter: u8 = c.hs6[..2].parse().unwrap();
            assert!((1..=97).contains(&chapter) && chapter != 77, "{}", c.hs6);
        }
        for good in &GOODS {
            let at = codes.iter().position(|c| c.hs6 == good.hs6).unwrap();
            assert!(at < 2_000 && codes[at].demo);
        }
        let chapters: HashSet<&str> = codes.iter().map(|c| &c.hs6[..2]).collect();
        assert!(chapters.len() >= 90, "{}", chapters.len());
    }
}
