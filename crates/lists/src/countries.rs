//! Country text to ISO 3166 alpha-2.

use chokepoint_model::{Country, CountryKind};

/// Resolves a country name or code to an ISO alpha-2 code via the shared
/// reference table, plus the spellings sanctions lists use that trade
/// statistics do not ("Korea, North", "Burma", "Palestinian"...).
/// Aggregates ("World", "EU") never resolve: a party is not in a region.
pub fn resolve(text: &str) -> Option<&'static str> {
    let text = text.trim().trim_end_matches('.').trim();
    if text.is_empty() || text == "-0-" {
        return None;
    }
    let text = list_spelling(text).unwrap_or(text);
    let country = Country::lookup(text).ok()?;
    (country.kind() == CountryKind::Economy).then(|| country.alpha2())
}

/// Spellings of the lists that the reference table lacks, mapped to a name it knows.
fn list_spelling(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let mapped = match lower.as_str() {
        "korea, north" | "north korea" | "korea, democratic people's republic of" => "KP",
        "korea, south" | "south korea" => "KR",
        "burma" => "MM",
        "palestinian" | "palestinian territories" | "west bank" | "gaza" | "palestine" => "PS",
        "congo, democratic republic of the"
        | "democratic republic of the congo"
        | "congo (kinshasa)" => "CD",
        "congo, republic of the" | "congo (brazzaville)" => "CG",
        "russia" | "russian" => "RU",
        "iran" | "iran (islamic republic of)" => "IR",
        "syria" => "SY",
        "taiwan" => "TW",
        "the bahamas" | "bahamas, the" => "BS",
        "the gambia" | "gambia, the" => "GM",
        "kosovo" => "XK",
        "venezuela" | "venezuela (bolivarian republic of)" => "VE",
        "bolivia" => "BO",
        "tanzania" | "united republic of tanzania" => "TZ",
        "moldova" | "republic of moldova" => "MD",
        "laos" | "lao people's democratic republic" => "LA",
        "vietnam" | "viet nam" => "VN",
        "cote d ivoire" | "côte d'ivoire" | "cote d'ivoire" | "ivory coast" => "CI",
        "turkey" | "türkiye" | "turkiye" => "TR",
        "czech republic" | "czechia" => "CZ",
        "macedonia" | "north macedonia" => "MK",
        "united kingdom" | "uk" | "great britain" => "GB",
        "united states" | "usa" | "united states of america" => "US",
        "uae" => "AE",
        _ => return None,
    };
    Some(mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_list_spellings() {
        assert_eq!(resolve("Russia"), Some("RU"));
        assert_eq!(resolve("China"), Some("CN"));
        assert_eq!(resolve("Korea, North"), Some("KP"));
        assert_eq!(resolve("Iran (Islamic Republic of)"), Some("IR"));
        assert_eq!(resolve("ru"), Some("RU"));
        assert_eq!(resolve("Democratic Republic of the Congo"), Some("CD"));
        assert_eq!(resolve("World"), None);
        assert_eq!(resolve("Atlantis"), None);
    }
}
