use std::fmt;

use crate::ModelError;

/// Kilometres per international statute mile (exact by definition).
const KM_PER_MILE: f64 = 1.609_344;

/// Converts kilometres to statute miles (the seeds quote fibre-optic cable in miles).
pub fn km_to_miles(km: f64) -> f64 {
    km / KM_PER_MILE
}

/// The supplementary quantity unit of a trade record.
///
/// Comtrade's `qtyUnitCode` numbers, Comext's supplementary units, UN/ECE
/// Recommendation 20 codes (KGM, MTQ, PCE, NMB) used by Russian customs and
/// the Chinese unit names of China customs all map onto this one closed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum QuantityUnit {
    /// No quantity reported.
    NoQuantity,
    /// Number of items (`u`, pieces, 个, 台, 件, 套).
    Pieces,
    /// Pairs.
    Pairs,
    /// Dozens.
    Dozens,
    /// Thousands of items.
    ThousandPieces,
    /// Kilograms.
    Kilograms,
    /// Metric tonnes.
    Tonnes,
    /// Grams.
    Grams,
    /// Carats.
    Carats,
    /// Metres.
    Metres,
    /// Kilometres.
    Kilometres,
    /// Statute miles.
    Miles,
    /// Square metres.
    SquareMetres,
    /// Cubic metres.
    CubicMetres,
    /// Litres.
    Litres,
    /// Thousand litres.
    ThousandLitres,
    /// Kilowatt-hours.
    KilowattHours,
    /// Thousand kilowatt-hours.
    ThousandKilowattHours,
}

/// (unit, stored code, Comtrade `qtyUnitCode`, accepted labels). Comtrade's
/// codes: 1 n/q, 2 m², 3 1000 kWh, 4 m, 5 u, 6 2u, 7 l, 8 kg, 9 1000u, 11 12u,
/// 12 m³, 13 carat; units without a code there (km, t) arrive by abbreviation.
const UNITS: [(QuantityUnit, &str, Option<u16>, &[&str]); 18] = [
    (
        QuantityUnit::NoQuantity,
        "n/q",
        Some(1),
        &["n/q", "nq", "no quantity", "-", "na"],
    ),
    (
        QuantityUnit::Pieces,
        "u",
        Some(5),
        &[
            "u",
            "pce",
            "nmb",
            "pce nmb",
            "h87",
            "number of items",
            "pieces",
            "pcs",
            "pc",
            "p/st",
            "item",
            "items",
            "个",
            "台",
            "件",
            "套",
            "只",
            "架",
            "辆",
            "片",
        ],
    ),
    (
        QuantityUnit::Pairs,
        "2u",
        Some(6),
        &["2u", "npr", "pairs", "pa", "number of pairs", "双", "对"],
    ),
    (
        QuantityUnit::Dozens,
        "12u",
        Some(11),
        &["12u", "dozens", "dozen"],
    ),
    (
        QuantityUnit::ThousandPieces,
        "1000u",
        Some(9),
        &["1000u", "thousands of items", "1000 p/st", "千个"],
    ),
    (
        QuantityUnit::Kilograms,
        "kg",
        Some(8),
        &["kg", "kgm", "kilograms", "kilogram", "千克", "公斤"],
    ),
    (
        QuantityUnit::Tonnes,
        "t",
        None,
        &["t", "tne", "tonnes", "tonne", "metric tons", "吨"],
    ),
    (
        QuantityUnit::Grams,
        "g",
        None,
        &["g", "grm", "grams", "gram", "gi f/s", "克"],
    ),
    (
        QuantityUnit::Carats,
        "carat",
        Some(13),
        &["carat", "ctm", "carats", "c/k", "克拉"],
    ),
    (
        QuantityUnit::Metres,
        "m",
        Some(4),
        &["m", "mtr", "metres", "meters", "metre", "meter", "米"],
    ),
    (
        QuantityUnit::Kilometres,
        "km",
        None,
        &["km", "kmt", "kilometres", "kilometers", "千米", "公里"],
    ),
    (QuantityUnit::Miles, "mi", None, &["mi", "miles", "mile"]),
    (
        QuantityUnit::SquareMetres,
        "m2",
        Some(2),
        &[
            "m2",
            "mtk",
            "m²",
            "square metres",
            "square meters",
            "平方米",
        ],
    ),
    (
        QuantityUnit::CubicMetres,
        "m3",
        Some(12),
        &["m3", "mtq", "m³", "cubic metres", "cubic meters", "立方米"],
    ),
    (
        QuantityUnit::Litres,
        "l",
        Some(7),
        &["l", "ltr", "litres", "liters", "litre", "liter", "升"],
    ),
    (
        QuantityUnit::ThousandLitres,
        "1000l",
        None,
        &["1000l", "thousands of litres", "hl"],
    ),
    (
        QuantityUnit::KilowattHours,
        "kwh",
        None,
        &["kwh", "kilowatt hours"],
    ),
    (
        QuantityUnit::ThousandKilowattHours,
        "1000kwh",
        Some(3),
        &[
            "1000kwh",
            "mwh",
            "1000 kwh",
            "thousands of kilowatt hours",
            "千瓦时",
        ],
    ),
];

impl QuantityUnit {
    /// Parses a unit label (case-insensitive; Comtrade abbreviations, English and Chinese names).
    pub fn parse(text: &str) -> Result<QuantityUnit, ModelError> {
        let trimmed = text.trim();
        // Fast path without allocation: codes as stored (`kg`, `u`, `km`), any ASCII case.
        if let Some((unit, _, _, _)) = UNITS
            .iter()
            .find(|(_, code, _, _)| code.eq_ignore_ascii_case(trimmed))
        {
            return Ok(*unit);
        }
        // Labels compare lowercased with inner whitespace collapsed ("PCE  NMB" is "pce nmb").
        let label = trimmed
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        UNITS
            .iter()
            .find(|(_, _, _, labels)| labels.contains(&label.as_str()))
            .map(|(unit, _, _, _)| *unit)
            .ok_or_else(|| ModelError::UnknownUnit(text.to_string()))
    }

    /// Maps Comtrade's numeric `qtyUnitCode`; `-1` (not available) is [`QuantityUnit::NoQuantity`].
    pub fn from_comtrade_code(code: i32) -> Result<QuantityUnit, ModelError> {
        if code == -1 {
            return Ok(QuantityUnit::NoQuantity);
        }
        UNITS
            .iter()
            .find(|(_, _, comtrade, _)| comtrade.map(i32::from) == Some(code))
            .map(|(unit, _, _, _)| *unit)
            .ok_or_else(|| ModelError::UnknownUnit(code.to_string()))
    }

    /// The short code stored in tables (`km`, `u`, `kg`, ...).
    pub fn code(self) -> &'static str {
        UNITS[self as usize].1
    }

    /// Comtrade's numeric `qtyUnitCode`, when Comtrade has one (kilometres
    /// and tonnes have none).
    pub fn comtrade_code(self) -> Option<u16> {
        UNITS[self as usize].2
    }

    /// Converts `quantity` of this unit into `target`, when both measure the same
    /// dimension (length, mass, count, volume); `None` otherwise.
    pub fn convert(self, quantity: f64, target: QuantityUnit) -> Option<f64> {
        let (dimension, factor) = self.base()?;
        let (target_dimension, target_factor) = target.base()?;
        (dimension == target_dimension).then(|| quantity * factor / target_factor)
    }

    /// (dimension, factor to the dimension's base unit)
    fn base(self) -> Option<(&'static str, f64)> {
        use QuantityUnit::*;
        Some(match self {
            Pieces => ("count", 1.0),
            Pairs => ("count", 2.0),
            Dozens => ("count", 12.0),
            ThousandPieces => ("count", 1000.0),
            Grams => ("mass", 0.001),
            Kilograms => ("mass", 1.0),
            Tonnes => ("mass", 1000.0),
            Carats => ("mass", 0.0002),
            Metres => ("length", 1.0),
            Kilometres => ("length", 1000.0),
            Miles => ("length", 1000.0 * KM_PER_MILE),
            SquareMetres => ("area", 1.0),
            CubicMetres => ("volume", 1000.0),
            Litres => ("volume", 1.0),
            ThousandLitres => ("volume", 1000.0),
            KilowattHours => ("energy", 1.0),
            ThousandKilowattHours => ("energy", 1000.0),
            NoQuantity => return None,
        })
    }
}

impl fmt::Display for QuantityUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_enum() {
        for (index, (unit, _, _, _)) in UNITS.iter().enumerate() {
            assert_eq!(*unit as usize, index);
        }
    }

    #[test]
    fn comtrade_codes_round_trip() {
        for (unit, _, code, _) in UNITS {
            assert_eq!(unit.comtrade_code(), code);
            if let Some(code) = code {
                assert_eq!(QuantityUnit::from_comtrade_code(i32::from(code)), Ok(unit));
            }
        }
        assert_eq!(QuantityUnit::Kilometres.comtrade_code(), None);
    }

    #[test]
    fn parses_labels_and_codes() {
        assert_eq!(QuantityUnit::parse("KM").unwrap(), QuantityUnit::Kilometres);
        assert_eq!(
            QuantityUnit::parse("千克").unwrap(),
            QuantityUnit::Kilograms
        );
        assert_eq!(QuantityUnit::parse("台").unwrap(), QuantityUnit::Pieces);
        assert_eq!(
            QuantityUnit::from_comtrade_code(8).unwrap(),
            QuantityUnit::Kilograms
        );
        assert_eq!(
            QuantityUnit::from_comtrade_code(-1).unwrap(),
            QuantityUnit::NoQuantity
        );
        assert_eq!(
            QuantityUnit::parse("MTQ").unwrap(),
            QuantityUnit::CubicMetres
        );
        assert_eq!(
            QuantityUnit::parse("PCE  NMB").unwrap(),
            QuantityUnit::Pieces
        );
        assert!(QuantityUnit::parse("furlongs").is_err());
        assert!(QuantityUnit::from_comtrade_code(99).is_err());
    }

    #[test]
    fn converts_within_a_dimension_only() {
        let miles = QuantityUnit::Kilometres
            .convert(523_000.0, QuantityUnit::Miles)
            .unwrap();
        assert!((miles - 324_977.1).abs() < 1.0, "{miles}");
        assert!((km_to_miles(1.0) - 0.621_371).abs() < 1e-6);
        assert_eq!(
            QuantityUnit::Tonnes.convert(2.0, QuantityUnit::Kilograms),
            Some(2000.0)
        );
        assert_eq!(
            QuantityUnit::Kilograms.convert(1.0, QuantityUnit::Metres),
            None
        );
        assert_eq!(
            QuantityUnit::NoQuantity.convert(1.0, QuantityUnit::NoQuantity),
            None
        );
    }
}
