//! The country reference table, typed in from ISO 3166-1 and UN M49.
use crate::country::{Country, CountryKind::*};

macro_rules! row {
    ($a2:literal, $a3:literal, $m49:literal, $name:literal, $kind:ident, [$($alias:literal),* $(,)?]) => {
        Country { alpha2: $a2, alpha3: $a3, m49: $m49, name: $name, kind: $kind, aliases: &[$($alias),*] }
    };
}

pub(crate) static COUNTRY_TABLE: &[Country] = &[
    row!("AL", "ALB", 8, "Albania", Economy, []),
    row!(
        "CN",
        "CHN",
        156,
        "China",
        Economy,
        ["中国", "People's Republic of China"]
    ),
    row!("DE", "DEU", 276, "Germany", Economy, []),
    row!(
        "HK",
        "HKG",
        344,
        "Hong Kong",
        Economy,
        ["Hong Kong, China", "China, Hong Kong SAR", "中国香港"]
    ),
    row!(
        "MO",
        "MAC",
        446,
        "Macao",
        Economy,
        ["Macau", "China, Macao SAR", "中国澳门"]
    ),
    row!(
        "RU",
        "RUS",
        643,
        "Russian Federation",
        Economy,
        ["Russia", "俄罗斯联邦", "俄罗斯"]
    ),
    row!(
        "TW",
        "S19",
        490,
        "Other Asia, nes",
        Economy,
        ["Taiwan", "Chinese Taipei", "中国台湾"]
    ),
    row!("TR", "TUR", 792, "Türkiye", Economy, ["Turkey", "土耳其"]),
    row!("", "W00", 0, "World", Aggregate, ["All partners", "世界"]),
];
