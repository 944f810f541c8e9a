//! The economies of the demo world and their roles.
//!
//! Codes are typed in here rather than looked up in `chokepoint-model`, whose
//! country table is still being completed; a test checks that every economy
//! the model does know carries the same codes.

/// What an economy does in the planted story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Role {
    /// Mainland China: the supplier that replaces everyone after 2022.
    China,
    /// Hong Kong: China's transit and trading hub.
    HongKong,
    /// Sanctions coalition (and Taiwan): direct exports to Russia collapse after 2022-03.
    Coalition,
    /// Diversion hub: imports from the coalition and re-exports to Russia from 2022-04.
    Hub,
    /// Control third country: trades with both sides, no co-movement.
    Control,
    /// Any other economy.
    Other,
    /// The Russian Federation: reports its imports only until 2021-12.
    Russia,
}

/// One economy: ISO codes, UN M49 numeric, Comtrade-style name, role and
/// the weights used to split group-level flows between members.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Economy {
    /// ISO 3166-1 alpha-3 (Comtrade's `S19` for Taiwan).
    pub alpha3: &'static str,
    /// ISO 3166-1 alpha-2.
    pub alpha2: &'static str,
    /// UN M49 numeric.
    pub m49: u16,
    /// Name as in Comtrade's `reporterDesc`.
    pub name: &'static str,
    /// Role in the story.
    pub role: Role,
    /// Relative size as an exporter to Russia within its group.
    pub weight: f64,
    /// Whether the reduced `Small` world includes it.
    pub small: bool,
}

const fn e(
    alpha3: &'static str,
    alpha2: &'static str,
    m49: u16,
    name: &'static str,
    role: Role,
    weight: f64,
    small: bool,
) -> Economy {
    Economy {
        alpha3,
        alpha2,
        m49,
        name,
        role,
        weight,
        small,
    }
}

use Role::*;

/// The 40 reporters of the demo world, in output order.
pub(crate) const ECONOMIES: [Economy; 40] = [
    e("CHN", "CN", 156, "China", China, 1.0, true),
    e(
        "HKG",
        "HK",
        344,
        "China, Hong Kong SAR",
        HongKong,
        1.0,
        true,
    ),
    e("MAC", "MO", 446, "China, Macao SAR", Other, 0.02, false),
    e("S19", "TW", 490, "Other Asia, nes", Coalition, 0.05, false),
    e("USA", "US", 840, "USA", Coalition, 0.13, true),
    e("DEU", "DE", 276, "Germany", Coalition, 0.24, true),
    e("JPN", "JP", 392, "Japan", Coalition, 0.12, true),
    e("KOR", "KR", 410, "Rep. of Korea", Coalition, 0.10, false),
    e("FRA", "FR", 250, "France", Coalition, 0.07, false),
    e("ITA", "IT", 380, "Italy", Coalition, 0.09, true),
    e("NLD", "NL", 528, "Netherlands", Coalition, 0.05, false),
    e("POL", "PL", 616, "Poland", Coalition, 0.05, false),
    e("GBR", "GB", 826, "United Kingdom", Coalition, 0.04, false),
    e("CZE", "CZ", 203, "Czechia", Coalition, 0.03, false),
    e("FIN", "FI", 246, "Finland", Coalition, 0.03, false),
    e("SWE", "SE", 752, "Sweden", Coalition, 0.02, false),
    e("AUT", "AT", 40, "Austria", Coalition, 0.03, false),
    e("BEL", "BE", 56, "Belgium", Coalition, 0.02, false),
    e("ESP", "ES", 724, "Spain", Coalition, 0.02, false),
    e("CHE", "CH", 756, "Switzerland", Coalition, 0.05, false),
    e("KAZ", "KZ", 398, "Kazakhstan", Hub, 0.35, true),
    e("KGZ", "KG", 417, "Kyrgyzstan", Hub, 0.15, true),
    e("ARM", "AM", 51, "Armenia", Hub, 0.12, true),
    e("GEO", "GE", 268, "Georgia", Other, 0.04, false),
    e("UZB", "UZ", 860, "Uzbekistan", Other, 0.05, false),
    e("TJK", "TJ", 762, "Tajikistan", Other, 0.01, false),
    e("TUR", "TR", 792, "Türkiye", Hub, 0.25, true),
    e("ARE", "AE", 784, "United Arab Emirates", Hub, 0.13, true),
    e("IND", "IN", 356, "India", Control, 0.12, true),
    e("MYS", "MY", 458, "Malaysia", Other, 0.08, false),
    e("VNM", "VN", 704, "Viet Nam", Other, 0.10, false),
    e("THA", "TH", 764, "Thailand", Control, 0.06, true),
    e("SGP", "SG", 702, "Singapore", Other, 0.06, false),
    e("SRB", "RS", 688, "Serbia", Control, 0.04, true),
    e("MNG", "MN", 496, "Mongolia", Control, 0.01, true),
    e("AZE", "AZ", 31, "Azerbaijan", Other, 0.03, false),
    e("ISR", "IL", 376, "Israel", Other, 0.03, false),
    e("BLR", "BY", 112, "Belarus", Other, 0.18, true),
    e("RUS", "RU", 643, "Russian Federation", Russia, 1.0, true),
    e("BRA", "BR", 76, "Brazil", Control, 0.03, true),
];

/// Index of an economy by alpha-3 (panics on a code not in the table: a bug).
pub(crate) fn idx(alpha3: &str) -> usize {
    ECONOMIES
        .iter()
        .position(|c| c.alpha3 == alpha3)
        .unwrap_or_else(|| panic!("economy {alpha3} not in the demo table"))
}

/// The diversion hubs, in truth-file order.
pub(crate) const HUBS: [&str; 5] = ["KGZ", "KAZ", "ARM", "TUR", "ARE"];

/// The control third countries.
pub(crate) const CONTROLS: [&str; 5] = ["SRB", "MNG", "IND", "BRA", "THA"];

/// Per hub: (alpha-3, growth factor of coalition exports to the hub vs 2021,
/// pass-through share of the coalition-sourced imports re-exported to Russia).
pub(crate) const HUB_PARAMS: [(&str, f64, f64); 5] = [
    ("KGZ", 8.0, 0.65),
    ("KAZ", 4.0, 0.60),
    ("ARM", 6.0, 0.62),
    ("TUR", 3.0, 0.50),
    ("ARE", 5.0, 0.65),
];

/// "Lost in transit" pairs: (coalition source, hub, excess of the source's
/// reported exports over the hub's reported imports, beyond CIF/FOB), from 2022-04.
pub(crate) const TRANSIT_GAPS: [(&str, &str, f64); 7] = [
    ("DEU", "KGZ", 0.34),
    ("USA", "KGZ", 0.28),
    ("ITA", "ARM", 0.31),
    ("DEU", "ARM", 0.22),
    ("DEU", "KAZ", 0.26),
    ("USA", "ARE", 0.24),
    ("JPN", "ARE", 0.37),
];

#[cfg(test)]
mod tests {
    use super::*;
    use chokepoint_model::Country;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_agree_with_the_model_where_known() {
        let mut seen = HashSet::new();
        for c in &ECONOMIES {
            assert!(seen.insert(c.alpha3), "duplicate {}", c.alpha3);
            assert!(seen.insert(c.alpha2), "duplicate {}", c.alpha2);
            if let Ok(model) = Country::lookup(c.alpha3) {
                assert_eq!(model.m49(), c.m49, "{}", c.alpha3);
                assert_eq!(model.alpha2(), c.alpha2, "{}", c.alpha3);
            }
            if let Ok(model) = Country::by_m49(c.m49) {
                assert_eq!(model.alpha3(), c.alpha3, "{}", c.m49);
            }
        }
        for main in ["CHN", "HKG", "MAC", "S19", "RUS", "TUR", "DEU"] {
            assert_eq!(
                Country::lookup(main).unwrap().m49(),
                ECONOMIES[idx(main)].m49
            );
        }
    }

    #[test]
    fn hubs_controls_and_gaps_are_consistent() {
        for h in HUBS {
            assert_eq!(ECONOMIES[idx(h)].role, Role::Hub);
            assert!(ECONOMIES[idx(h)].small);
        }
        for c in CONTROLS {
            assert_eq!(ECONOMIES[idx(c)].role, Role::Control);
        }
        for (src, hub, gap) in TRANSIT_GAPS {
            assert_eq!(ECONOMIES[idx(src)].role, Role::Coalition);
            assert!(HUBS.contains(&hub));
            assert!((0.2..=0.4).contains(&gap));
        }
        for (_, f, p) in HUB_PARAMS {
            assert!((3.0..=10.0).contains(&f) && (0.5..=0.9).contains(&p));
        }
    }
}
