use std::fmt;

use crate::ModelError;

/// A Harmonized System code of 2 to 10 digits, kept as reported.
///
/// National tariff lines (8 and 10 digits) are kept whole; the internationally
/// comparable chapter (HS2), heading (HS4) and subheading (HS6) are derived.
/// Dots and spaces (`8544.70`, `8544 70`) are removed on parsing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HsCode(String);

impl HsCode {
    /// Parses a code, removing dots and spaces; 2 to 10 ASCII digits remain.
    pub fn parse(text: &str) -> Result<HsCode, ModelError> {
        let digits: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '.' | ' '))
            .collect();
        if (2..=10).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(HsCode(digits))
        } else {
            Err(ModelError::InvalidHsCode(text.to_string()))
        }
    }

    /// The digits as reported.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Number of digits (2..=10).
    pub fn level(&self) -> usize {
        self.0.len()
    }

    /// The chapter, always present.
    pub fn hs2(&self) -> &str {
        &self.0[..2]
    }

    /// The heading, if the code has at least 4 digits.
    pub fn hs4(&self) -> Option<&str> {
        self.0.get(..4)
    }

    /// The subheading, if the code has at least 6 digits.
    pub fn hs6(&self) -> Option<&str> {
        self.0.get(..6)
    }

    /// Whether this code lies inside `prefix` (a chapter, heading, subheading or longer).
    pub fn starts_with(&self, prefix: &HsCode) -> bool {
        self.0.starts_with(&prefix.0)
    }
}

impl fmt::Display for HsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An edition of the Harmonized System, as Comtrade labels them (H0 = HS1992 ... H6 = HS2022).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HsRevision {
    /// HS 1992.
    H0,
    /// HS 1996.
    H1,
    /// HS 2002.
    H2,
    /// HS 2007.
    H3,
    /// HS 2012.
    H4,
    /// HS 2017.
    H5,
    /// HS 2022.
    H6,
}

impl HsRevision {
    const ALL: [(HsRevision, &'static str, u16); 7] = [
        (HsRevision::H0, "H0", 1992),
        (HsRevision::H1, "H1", 1996),
        (HsRevision::H2, "H2", 2002),
        (HsRevision::H3, "H3", 2007),
        (HsRevision::H4, "H4", 2012),
        (HsRevision::H5, "H5", 2017),
        (HsRevision::H6, "H6", 2022),
    ];

    /// Parses `H5`, `HS2017`, `HS 2017`, `2017` or `HS17`.
    pub fn parse(text: &str) -> Result<HsRevision, ModelError> {
        let compact: String = text
            .trim()
            .to_ascii_uppercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let found = Self::ALL.iter().find(|(_, label, year)| {
            compact == *label
                || compact == format!("HS{year}")
                || compact == year.to_string()
                || compact == format!("HS{:02}", year % 100)
        });
        found
            .map(|(rev, _, _)| *rev)
            .ok_or_else(|| ModelError::InvalidHsRevision(text.to_string()))
    }

    /// The revision in force in a given year (the latest edition not after it).
    pub fn in_force(year: u16) -> HsRevision {
        Self::ALL
            .iter()
            .rev()
            .find(|(_, _, start)| *start <= year)
            .map_or(HsRevision::H0, |(rev, _, _)| *rev)
    }

    /// Comtrade's label, `H0`..`H6`.
    pub fn label(self) -> &'static str {
        Self::ALL[self as usize].1
    }

    /// The year the edition entered into force.
    pub fn year(self) -> u16 {
        Self::ALL[self as usize].2
    }
}

impl fmt::Display for HsRevision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_derives_levels() {
        let code = HsCode::parse("8544.70.00.90").unwrap();
        assert_eq!(code.as_str(), "8544700090");
        assert_eq!(code.hs2(), "85");
        assert_eq!(code.hs4(), Some("8544"));
        assert_eq!(code.hs6(), Some("854470"));
        let chapter = HsCode::parse("85").unwrap();
        assert_eq!(chapter.hs4(), None);
        assert!(code.starts_with(&chapter));
    }

    #[test]
    fn rejects_malformed_codes() {
        for bad in ["", "8", "85A1", "12345678901", "TOTAL", "-8541"] {
            assert!(HsCode::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn revisions_parse_and_order() {
        assert_eq!(HsRevision::parse("H5").unwrap(), HsRevision::H5);
        assert_eq!(HsRevision::parse("HS2022").unwrap(), HsRevision::H6);
        assert_eq!(HsRevision::parse("hs 2017").unwrap(), HsRevision::H5);
        assert!(HsRevision::parse("H9").is_err());
        assert_eq!(HsRevision::in_force(2021), HsRevision::H5);
        assert_eq!(HsRevision::in_force(2022), HsRevision::H6);
    }
}
