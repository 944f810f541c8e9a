use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use crate::ModelError;
use crate::country_table::COUNTRY_TABLE;

/// Whether a trade partner code names one economy or a group of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountryKind {
    /// A single economy reported as a bilateral partner (includes territories
    /// such as Hong Kong, Macao and "Other Asia, nes" = Taiwan, kept distinct).
    Economy,
    /// "World", regions, economic unions and "nes" residuals: never counted as
    /// a bilateral partner, or totals would be double-counted.
    Aggregate,
}

/// One row of the country reference table.
///
/// Codes follow ISO 3166-1 where one exists and UN M49 numerics as used by
/// Comtrade and BACI (which also uses a few historical numerics, e.g. 842 for
/// the USA, 251 for France; they are listed as aliases of the same economy).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Country {
    pub(crate) alpha2: &'static str,
    pub(crate) alpha3: &'static str,
    pub(crate) m49: u16,
    pub(crate) name: &'static str,
    pub(crate) kind: CountryKind,
    /// Other names and codes seen in sources: English variants, Comext labels,
    /// Chinese names used by China customs, extra numerics (as decimal text).
    pub(crate) aliases: &'static [&'static str],
}

impl Country {
    /// Finds a country by ISO alpha-2, alpha-3, M49 numeric (with or without
    /// leading zeros), English name or a known variant. Matching ignores case,
    /// accents, punctuation and a trailing parenthetical such as Comext's
    /// "Germany (incl. German Democratic Republic 'DD' from 1991)".
    pub fn lookup(text: &str) -> Result<&'static Country, ModelError> {
        // Fast path without allocation for codes as written in bulk files.
        if let Some(country) = EXACT_CODES.get(text) {
            return Ok(country);
        }
        let key = normalize_key(text);
        let index = &*LOOKUP_INDEX;
        if let Some(country) = index.get(&key) {
            return Ok(country);
        }
        let without_parenthetical = normalize_key(strip_parenthetical(text));
        index
            .get(&without_parenthetical)
            .copied()
            .ok_or_else(|| ModelError::UnknownCountry(text.to_string()))
    }

    /// Finds a country by its UN M49 numeric code (or a numeric alias).
    pub fn by_m49(code: u16) -> Result<&'static Country, ModelError> {
        Country::lookup(&code.to_string())
    }

    /// Every row of the table.
    pub fn all() -> &'static [Country] {
        COUNTRY_TABLE
    }

    /// ISO 3166-1 alpha-2 (or a source-specific code for aggregates).
    pub fn alpha2(&self) -> &'static str {
        self.alpha2
    }

    /// ISO 3166-1 alpha-3, the code stored in tables (Comtrade's for aggregates, e.g. `W00`).
    pub fn alpha3(&self) -> &'static str {
        self.alpha3
    }

    /// UN M49 numeric code.
    pub fn m49(&self) -> u16 {
        self.m49
    }

    /// English short name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Economy or aggregate.
    pub fn kind(&self) -> CountryKind {
        self.kind
    }

    /// Known variants of the name and extra codes.
    pub fn aliases(&self) -> &'static [&'static str] {
        self.aliases
    }

    /// Calls `f` with every text this row is found by: codes, M49 numeric, name, aliases.
    pub(crate) fn for_each_key(&self, mut f: impl FnMut(&str)) {
        for key in [self.alpha2, self.alpha3, &self.m49.to_string(), self.name] {
            f(key);
        }
        self.aliases.iter().for_each(|alias| f(alias));
    }

    /// Whether flows with this partner count as bilateral trade (false for aggregates).
    pub fn is_bilateral_partner(&self) -> bool {
        self.kind == CountryKind::Economy
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha3)
    }
}

/// Codes exactly as sources write them: alpha-2, alpha-3, M49 without and with zero padding.
static EXACT_CODES: LazyLock<HashMap<String, &'static Country>> = LazyLock::new(|| {
    let mut index = HashMap::new();
    for country in COUNTRY_TABLE {
        let codes = [
            country.alpha2.to_string(),
            country.alpha3.to_string(),
            country.m49.to_string(),
            format!("{:03}", country.m49),
        ];
        for code in codes {
            if !code.is_empty() {
                index.entry(code).or_insert(country);
            }
        }
    }
    index
});

static LOOKUP_INDEX: LazyLock<HashMap<String, &'static Country>> = LazyLock::new(|| {
    let mut index = HashMap::new();
    for country in COUNTRY_TABLE {
        country.for_each_key(|key| {
            let normalized = normalize_key(key);
            // First row wins: the table lists economies before aggregates.
            if !normalized.is_empty() {
                index.entry(normalized).or_insert(country);
            }
        });
    }
    index
});

/// Lowercases, folds common Latin accents, drops punctuation and leading zeros
/// of numerics, and collapses whitespace.
fn normalize_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        let folded = match ch {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                'a'
            }
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ý' | 'ÿ' | 'Ý' => 'y',
            other => other,
        };
        if folded.is_alphanumeric() {
            out.extend(folded.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let trimmed = out.trim_end();
    if trimmed.bytes().all(|b| b.is_ascii_digit()) && !trimmed.is_empty() {
        let stripped = trimmed.trim_start_matches('0');
        return if stripped.is_empty() {
            "0".to_string()
        } else {
            stripped.to_string()
        };
    }
    trimmed.to_string()
}

fn strip_parenthetical(text: &str) -> &str {
    text.find('(').map_or(text, |start| &text[..start])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected_alpha3: &str) {
        let found = Country::lookup(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(found.alpha3(), expected_alpha3, "input {input:?}");
    }

    #[test]
    fn looks_up_codes_names_and_variants() {
        check("RU", "RUS");
        check("rus", "RUS");
        check("643", "RUS");
        check("Russian Federation (Russia)", "RUS");
        check(
            "Germany (incl. German Democratic Republic 'DD' from 1991)",
            "DEU",
        );
        check("156", "CHN");
        check("China", "CHN");
        check("Hong Kong, China", "HKG");
        check("344", "HKG");
        check("Macao", "MAC");
        check("490", "S19");
        check("Other Asia, nes", "S19");
        check("Türkiye", "TUR");
        check("Turkey", "TUR");
        check("0", "W00");
        check("World", "W00");
        check("008", "ALB");
    }

    #[test]
    fn aggregates_are_not_partners() {
        assert!(!Country::lookup("World").unwrap().is_bilateral_partner());
        assert!(Country::lookup("HKG").unwrap().is_bilateral_partner());
        assert!(
            Country::lookup("Other Asia, nes")
                .unwrap()
                .is_bilateral_partner()
        );
    }

    #[test]
    fn unknown_names_fail() {
        assert!(Country::lookup("Atlantis").is_err());
        assert!(Country::lookup("").is_err());
    }
}
