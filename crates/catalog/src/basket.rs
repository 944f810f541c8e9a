//! Goods baskets: named sets of HS code prefixes.
//!
//! Built-in baskets cover the goods the seed reports name, each code with the
//! reason it is in; users add their own from a TOML file:
//!
//! ```toml
//! [[basket]]
//! name = "drone-motors"
//! description = "Small DC motors used in FPV drones"
//! codes = ["850131", "8501.32"]
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use chokepoint_model::{HsCode, HsRevision};
use serde::Deserialize;

use crate::CatalogError;
use crate::chpl::{CHPL_2024_02_23, ChplTier};

/// One code of a basket: every HS code starting with `prefix` belongs to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasketCode {
    prefix: HsCode,
    /// Set for HS 2017 codes that carry the goods only in data classified
    /// before HS 2022 (see `ChplEntry::hs2017_equivalents`).
    before_hs2022_only: bool,
}

impl BasketCode {
    /// The code prefix.
    pub fn prefix(&self) -> &HsCode {
        &self.prefix
    }

    /// Whether the prefix applies only to data classified in HS 2017 or earlier.
    pub fn before_hs2022_only(&self) -> bool {
        self.before_hs2022_only
    }
}

/// What a basket selects.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selection {
    Codes(Vec<BasketCode>),
    /// Total trade, for sources such as Comext totals that carry no HS breakdown.
    TotalTrade,
}

/// A named set of goods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basket {
    name: String,
    description: String,
    selection: Selection,
    /// Where the definition came from: `builtin` or a file path.
    origin: String,
}

impl Basket {
    /// An ad-hoc basket of HS code prefixes given in a query
    /// (`--basket 854231,8541`), named after its codes.
    pub fn from_codes(codes: Vec<HsCode>) -> Basket {
        let name = codes
            .iter()
            .map(HsCode::as_str)
            .collect::<Vec<_>>()
            .join(",");
        Basket {
            description: format!("HS codes {name}, as given"),
            name,
            selection: Selection::Codes(
                codes
                    .into_iter()
                    .map(|prefix| BasketCode {
                        prefix,
                        before_hs2022_only: false,
                    })
                    .collect(),
            ),
            origin: "query".into(),
        }
    }

    /// The basket's name (lowercase, dash-separated).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A one-line description.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// `builtin` or the file the user defined it in.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The codes, empty for the total-trade basket.
    pub fn codes(&self) -> &[BasketCode] {
        match &self.selection {
            Selection::Codes(codes) => codes,
            Selection::TotalTrade => &[],
        }
    }

    /// Whether the basket is total trade (rows with `hs_code = 'TOTAL'`).
    pub fn is_total_trade(&self) -> bool {
        self.selection == Selection::TotalTrade
    }

    /// The goods of several baskets as one (`chpl+machine-tools`); codes in
    /// more than one basket select their rows once. `None` for an empty list
    /// or when total trade is among them (it has no codes to combine).
    pub fn union(baskets: &[&Basket]) -> Option<Basket> {
        if baskets.is_empty() || baskets.iter().any(|b| b.is_total_trade()) {
            return None;
        }
        if let [single] = baskets {
            return Some((*single).clone());
        }
        let mut codes: Vec<BasketCode> = Vec::new();
        for code in baskets.iter().flat_map(|b| b.codes()) {
            if !codes.contains(code) {
                codes.push(code.clone());
            }
        }
        let names: Vec<&str> = baskets.iter().map(|b| b.name()).collect();
        Some(Basket {
            name: names.join("+"),
            description: format!("union of {}", names.join(", ")),
            selection: Selection::Codes(codes),
            origin: "union".to_string(),
        })
    }

    /// Whether a code of unknown revision belongs to the basket.
    pub fn contains(&self, code: &HsCode) -> bool {
        self.codes().iter().any(|c| code.starts_with(&c.prefix))
    }

    /// Whether a code classified in `revision` belongs to the basket.
    pub fn contains_in_revision(&self, code: &HsCode, revision: HsRevision) -> bool {
        self.codes().iter().any(|c| {
            code.starts_with(&c.prefix) && (!c.before_hs2022_only || revision < HsRevision::H6)
        })
    }
}

/// All baskets known to a session: built-ins plus user files.
#[derive(Debug, Clone)]
pub struct BasketSet {
    baskets: BTreeMap<String, Basket>,
}

impl BasketSet {
    /// The built-in baskets.
    pub fn builtin() -> BasketSet {
        let mut set = BasketSet {
            baskets: BTreeMap::new(),
        };
        for basket in builtin_baskets() {
            set.baskets.insert(basket.name.clone(), basket);
        }
        set
    }

    /// Adds the baskets of a user TOML file; a user basket may replace a built-in one.
    pub fn load_file(&mut self, path: &Path) -> Result<(), CatalogError> {
        let text = std::fs::read_to_string(path).map_err(|source| CatalogError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let file: BasketFile =
            toml::from_str(&text).map_err(|source| CatalogError::BasketToml {
                path: path.to_path_buf(),
                source,
            })?;
        for spec in file.basket {
            let invalid = |message: String| CatalogError::InvalidBasket {
                path: path.to_path_buf(),
                basket: spec.name.clone(),
                message,
            };
            if spec.name.is_empty()
                || !spec
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(invalid(
                    "name must be ASCII letters, digits, '-' or '_'".into(),
                ));
            }
            if spec.codes.is_empty() {
                return Err(invalid("codes is empty".into()));
            }
            let codes = spec
                .codes
                .iter()
                .map(|text| {
                    HsCode::parse(text)
                        .map(|prefix| BasketCode {
                            prefix,
                            before_hs2022_only: false,
                        })
                        .map_err(|e| invalid(e.to_string()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let basket = Basket {
                name: spec.name.to_lowercase(),
                description: spec.description.unwrap_or_default(),
                selection: Selection::Codes(codes),
                origin: path.display().to_string(),
            };
            self.baskets.insert(basket.name.clone(), basket);
        }
        Ok(())
    }

    /// A basket by name (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&Basket> {
        self.baskets.get(&name.to_lowercase())
    }

    /// Every basket, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = &Basket> {
        self.baskets.values()
    }

    /// Every basket name, sorted.
    pub fn names(&self) -> Vec<&str> {
        self.baskets.keys().map(String::as_str).collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BasketFile {
    #[serde(default)]
    basket: Vec<BasketSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BasketSpec {
    name: String,
    description: Option<String>,
    codes: Vec<String>,
}

fn builtin(name: &str, description: &str, codes: &[&str]) -> Basket {
    Basket {
        name: name.to_string(),
        description: description.to_string(),
        selection: Selection::Codes(
            codes
                .iter()
                .map(|code| BasketCode {
                    // Proven invariant: the built-in lists below are valid digit strings (tested).
                    prefix: HsCode::parse(code).expect("built-in basket code"),
                    before_hs2022_only: false,
                })
                .collect(),
        ),
        origin: "builtin".to_string(),
    }
}

fn chpl_basket(name: String, description: String, tiers: &[ChplTier]) -> Basket {
    let mut codes = Vec::new();
    for entry in CHPL_2024_02_23.iter().filter(|e| tiers.contains(&e.tier)) {
        codes.push(BasketCode {
            prefix: HsCode::parse(entry.hs6).expect("CHPL code"),
            before_hs2022_only: false,
        });
        for old in entry.hs2017_equivalents() {
            codes.push(BasketCode {
                prefix: HsCode::parse(old).expect("CHPL HS2017 code"),
                before_hs2022_only: true,
            });
        }
    }
    Basket {
        name,
        description,
        selection: Selection::Codes(codes),
        origin: "builtin".to_string(),
    }
}

fn builtin_baskets() -> Vec<Basket> {
    let mut baskets = vec![chpl_basket(
        "chpl".into(),
        "Common High Priority List, all 50 items (BIS/EU/UK/JP, 2024-02-23)".into(),
        &ChplTier::ALL,
    )];
    for tier in ChplTier::ALL {
        baskets.push(chpl_basket(
            tier.basket_name(),
            format!("CHPL {tier} items"),
            &[tier],
        ));
    }
    baskets.extend([
        // Diodes, transistors, thyristors, LEDs (8541) and integrated circuits (8542):
        // the "microelectronics" of the US intelligence figure (~90% from China in 2023).
        builtin(
            "microelectronics",
            "Semiconductor devices and integrated circuits (HS 8541, 8542)",
            &["8541", "8542"],
        ),
        // Metal-working machine tools, headings 8456-8463 (laser/EDM, machining centres,
        // lathes, drilling/boring/milling, grinding, planing/broaching, forming, other),
        // and 8466, their parts and accessories (tool holders, CNC parts; 8466.93 is CHPL 4.B).
        builtin(
            "machine-tools",
            "Metal-working machine tools and their parts (HS 8456-8463, 8466)",
            &[
                "8456", "8457", "8458", "8459", "8460", "8461", "8462", "8463", "8466",
            ],
        ),
        // 8544.70: optical fibre cables made up of individually sheathed fibres, the spools of
        // fibre-optic FPV drones; 9001.10: optical fibres and bundles, the same goods unsheathed.
        builtin(
            "fibre-optic",
            "Fibre-optic cable and optical fibres (HS 8544.70, 9001.10)",
            &["854470", "900110"],
        ),
        // 8507.60: lithium-ion accumulators, the batteries of drones.
        builtin(
            "li-ion-batteries",
            "Lithium-ion accumulators (HS 8507.60)",
            &["850760"],
        ),
        // 3912.20: cellulose nitrates, the base of propellant powders for ammunition.
        builtin(
            "nitrocellulose",
            "Cellulose nitrates (HS 3912.20)",
            &["391220"],
        ),
        // Optical components named in the seed (supplied for tanks and armoured vehicles):
        // 9002 mounted lenses and prisms; 9005 binoculars and telescopes; 9013.10 telescopic
        // sights for arms; 9013.20 lasers; 9013.80/90 other optical devices and parts; 8525.89
        // cameras incl. thermal-imaging cameras (HS 2022); 9027.50 instruments using optical
        // radiation (CHPL 4.A).
        builtin(
            "optics",
            "Optics and thermal imaging: lenses, sights, lasers, thermal cameras",
            &[
                "9002", "9005", "901310", "901320", "901380", "901390", "852589", "902750",
            ],
        ),
        // 8806: unmanned aircraft (new heading in HS 2022); 8807: parts of aircraft and UAVs
        // (8807.30 is CHPL 3.B); 8501.31: DC motors <= 750 W, the motors of small drones.
        builtin(
            "uav-parts",
            "Unmanned aircraft and their parts (HS 8806, 8807, small DC motors 8501.31)",
            &["8806", "8807", "850131"],
        ),
    ]);
    // "Production tools, components and consumables" of the NATO figure: all CHPL items
    // plus machine tools and the drone-related goods above.
    let mut high_priority: Vec<BasketCode> = Vec::new();
    for basket in &baskets {
        if matches!(
            basket.name.as_str(),
            "chpl"
                | "machine-tools"
                | "fibre-optic"
                | "li-ion-batteries"
                | "nitrocellulose"
                | "optics"
                | "uav-parts"
        ) {
            for code in basket.codes() {
                if !high_priority.contains(code) {
                    high_priority.push(code.clone());
                }
            }
        }
    }
    baskets.push(Basket {
        name: "high-priority".into(),
        description: "All battlefield goods above: CHPL, machine tools, fibre optics, Li-ion, nitrocellulose, optics, UAV parts".into(),
        selection: Selection::Codes(high_priority),
        origin: "builtin".into(),
    });
    baskets.push(Basket {
        name: "total-trade".into(),
        description: "Total trade, all goods (rows reported without HS breakdown, hs_code = TOTAL)"
            .into(),
        selection: Selection::TotalTrade,
        origin: "builtin".into(),
    });
    baskets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> HsCode {
        HsCode::parse(text).unwrap()
    }

    #[test]
    fn a_union_selects_the_goods_of_each_basket_once() {
        let set = BasketSet::builtin();
        let (chpl, tools) = (set.get("chpl").unwrap(), set.get("machine-tools").unwrap());
        let union = Basket::union(&[chpl, tools]).unwrap();
        assert_eq!(union.name(), "chpl+machine-tools");
        assert!(union.contains(&code("854231")) && union.contains(&code("846693")));
        let distinct = chpl
            .codes()
            .iter()
            .chain(tools.codes())
            .fold(Vec::new(), |mut seen, c| {
                if !seen.contains(&c) {
                    seen.push(c);
                }
                seen
            });
        assert_eq!(union.codes().len(), distinct.len());
        assert!(Basket::union(&[]).is_none());
        assert!(Basket::union(&[chpl, set.get("total-trade").unwrap()]).is_none());
    }

    #[test]
    fn builtin_baskets_select_their_goods() {
        let set = BasketSet::builtin();
        let chpl = set.get("chpl").unwrap();
        assert!(chpl.contains(&code("854231")));
        assert!(chpl.contains(&code("8542310000")));
        assert!(
            !chpl.contains(&code("8542")),
            "a heading is wider than the item"
        );
        assert!(
            set.get("microelectronics")
                .unwrap()
                .contains(&code("854290"))
        );
        assert!(set.get("machine-tools").unwrap().contains(&code("846693")));
        assert!(set.get("high-priority").unwrap().contains(&code("391220")));
        assert!(set.get("total-trade").unwrap().is_total_trade());
        assert_eq!(set.get("chpl-tier-1").unwrap().codes().len(), 4);
    }

    #[test]
    fn hs2017_equivalents_apply_only_before_hs2022() {
        let set = BasketSet::builtin();
        let tier3b = set.get("chpl-tier-3b").unwrap();
        assert!(tier3b.contains_in_revision(&code("880330"), HsRevision::H5));
        assert!(!tier3b.contains_in_revision(&code("880330"), HsRevision::H6));
        assert!(tier3b.contains_in_revision(&code("880730"), HsRevision::H6));
    }

    #[test]
    fn user_baskets_load_and_bad_files_name_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.toml");
        std::fs::write(
            &good,
            "[[basket]]\nname = \"drone-motors\"\ncodes = [\"850131\", \"8501.32\"]\n",
        )
        .unwrap();
        let mut set = BasketSet::builtin();
        set.load_file(&good).unwrap();
        assert!(set.get("drone-motors").unwrap().contains(&code("85013200")));

        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[[basket]]\nname = \"x\"\ncodes = [\"85A1\"]\n").unwrap();
        let message = set.load_file(&bad).unwrap_err().to_string();
        assert!(
            message.contains("bad.toml") && message.contains("\"x\""),
            "{message}"
        );
        let syntax = dir.path().join("syntax.toml");
        std::fs::write(&syntax, "[[basket]\n").unwrap();
        assert!(
            set.load_file(&syntax)
                .unwrap_err()
                .to_string()
                .contains("syntax.toml")
        );
    }
}
