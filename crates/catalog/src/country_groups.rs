//! Named groups of economies used as sources of controlled goods (`--sources EU27,G7`).
//!
//! Memberships are facts typed in here, with their date: the EU's 27 member
//! states since 2020-02-01, the G7, and the Global Export Control Coalition
//! that coordinates export restrictions on Russia (the EU27 plus 12 partners
//! listed by the US Bureau of Industry and Security, as of 2024).

use chokepoint_model::Country;

use crate::CatalogError;

/// EU member states since 2020-02-01 (ISO alpha-3).
pub const EU27: [&str; 27] = [
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
];

/// The Group of Seven.
pub const G7: [&str; 7] = ["CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"];

/// Coalition partners outside the EU; `S19` is Taiwan as trade statistics code it.
pub const COALITION_PARTNERS: [&str; 12] = [
    "AUS", "CAN", "ISL", "JPN", "KOR", "LIE", "NZL", "NOR", "CHE", "S19", "GBR", "USA",
];

/// Resolves a comma-separated list of group names (`EU27`, `G7`, `coalition`)
/// and economies (ISO codes or names) into distinct economies, in order;
/// aggregates (World, EU28) are refused, since a group of sources must not
/// count the same trade twice.
pub fn resolve_country_groups(text: &str) -> Result<Vec<&'static Country>, CatalogError> {
    let mut out: Vec<&'static Country> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let codes: Vec<&str> = match item.to_ascii_lowercase().as_str() {
            "eu27" | "eu" => EU27.to_vec(),
            "g7" => G7.to_vec(),
            "coalition" | "gecc" => EU27.iter().chain(&COALITION_PARTNERS).copied().collect(),
            _ => vec![item],
        };
        for code in codes {
            let country = Country::lookup(code).map_err(|source| CatalogError::UnknownCountry {
                text: code.to_string(),
                message: source.to_string(),
            })?;
            if !country.is_bilateral_partner() {
                return Err(CatalogError::UnknownCountry {
                    text: code.to_string(),
                    message: format!("{} is an aggregate, not an economy", country.alpha3()),
                });
            }
            if !out.iter().any(|c| std::ptr::eq(*c, country)) {
                out.push(country);
            }
        }
    }
    if out.is_empty() {
        return Err(CatalogError::UnknownCountry {
            text: text.to_string(),
            message: "no economy given".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_resolve_to_distinct_economies() {
        assert_eq!(resolve_country_groups("EU27").unwrap().len(), 27);
        // France, Germany and Italy are in both groups.
        assert_eq!(resolve_country_groups("EU27,G7").unwrap().len(), 31);
        assert_eq!(resolve_country_groups("coalition").unwrap().len(), 39);
        let mixed = resolve_country_groups("g7, Kazakhstan").unwrap();
        assert_eq!(mixed.last().unwrap().alpha3(), "KAZ");
        assert!(resolve_country_groups("EU28").is_err());
        assert!(resolve_country_groups(" , ").is_err());
    }

    #[test]
    fn every_member_is_a_bilateral_economy() {
        for code in EU27.iter().chain(&G7).chain(&COALITION_PARTNERS) {
            let country = Country::lookup(code).unwrap();
            assert!(country.is_bilateral_partner(), "{code}");
        }
    }
}
