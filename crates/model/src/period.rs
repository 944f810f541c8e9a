use std::fmt;

use crate::ModelError;
use crate::dates::days_from_civil;

/// A calendar month, the grain of every series in Chokepoint.
///
/// Quarters and years are derived, never stored separately, so aggregations at
/// any grain agree with the monthly data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: u16,
    month: u8,
}

const MONTH_ABBREVIATIONS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

impl Period {
    /// A month; `None` unless `1 <= month <= 12` and the year is plausible for
    /// trade statistics (1900..=2200).
    pub fn new(year: u16, month: u8) -> Option<Period> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year))
            .then_some(Period { year, month })
    }

    /// Parses the month layouts found in trade files: `2024-08`, `2024-08-01`,
    /// `202408`, `2024/08`, `08/2024`, `2024M08`, `Aug. 2024`, `August 2024`,
    /// Comext's `202408-Aug. 2024` and China customs' `2024年08月`.
    pub fn parse(text: &str) -> Result<Period, ModelError> {
        parse_period(text.trim()).ok_or_else(|| ModelError::InvalidPeriod(text.to_string()))
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1..=12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The quarter, 1..=4.
    pub fn quarter(self) -> u8 {
        (self.month - 1) / 3 + 1
    }

    /// `YYYYMM` as an integer, the key Comtrade uses (`refPeriodId` style).
    pub fn yyyymm(self) -> u32 {
        u32::from(self.year) * 100 + u32::from(self.month)
    }

    /// Months since year 0, for arithmetic on periods.
    pub fn month_index(self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }

    /// The period `n` months later (earlier for negative `n`).
    pub fn add_months(self, n: i32) -> Option<Period> {
        let index = self.month_index() + n;
        let year = u16::try_from(index.div_euclid(12)).ok()?;
        Period::new(year, (index.rem_euclid(12) + 1) as u8)
    }

    /// First day of the month as days since 1970-01-01 (Arrow `Date32`).
    pub fn first_day_epoch_days(self) -> i32 {
        days_from_civil(i32::from(self.year), u32::from(self.month), 1)
    }
}

/// How often a source reports: monthly records or annual totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frequency {
    /// One record per month.
    Monthly,
    /// One record per calendar year (stored at the year's January).
    Annual,
}

impl Frequency {
    /// `M` or `A`, as Comtrade's `freqCode`.
    pub fn code(self) -> &'static str {
        match self {
            Frequency::Monthly => "M",
            Frequency::Annual => "A",
        }
    }
}

impl Period {
    /// Parses a month or a year label: everything [`Period::parse`] accepts,
    /// plus `2019`, `Y2019`, `Jan.-Dec. 2019` and Comext's `201952` (month 52
    /// marks the annual total). Years are returned as their January.
    pub fn parse_label(text: &str) -> Result<(Period, Frequency), ModelError> {
        let trimmed = text.trim();
        if let Ok(month) = Period::parse(trimmed) {
            return Ok((month, Frequency::Monthly));
        }
        let invalid = || ModelError::InvalidPeriod(text.to_string());
        let head = trimmed.split_once('-').map_or(trimmed, |(head, _)| head);
        let year_text = if head.len() == 6
            && head.ends_with("52")
            && head.bytes().all(|b| b.is_ascii_digit())
        {
            &head[..4]
        } else if let Some(rest) = trimmed.strip_prefix("Jan.-Dec.") {
            rest.trim()
        } else {
            trimmed.strip_prefix(['Y', 'y']).unwrap_or(trimmed)
        };
        if year_text.len() != 4 || !is_digits(year_text) {
            return Err(invalid());
        }
        let year: u16 = year_text.parse().map_err(|_| invalid())?;
        Period::new(year, 1)
            .map(|p| (p, Frequency::Annual))
            .ok_or_else(invalid)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

fn parse_period(text: &str) -> Option<Period> {
    // Comext bulk/relational labels such as "202408-Aug. 2024": the numeric prefix decides.
    if let Some((prefix, _)) = text.split_once('-')
        && prefix.len() == 6
        && prefix.bytes().all(|b| b.is_ascii_digit())
    {
        return parse_period(prefix);
    }
    if let Some(rest) = text.strip_suffix('月') {
        let (year, month) = rest.split_once('年')?;
        return Period::new(year.trim().parse().ok()?, month.trim().parse().ok()?);
    }
    let bytes = text.as_bytes();
    if bytes.len() == 6 && bytes.iter().all(u8::is_ascii_digit) {
        return Period::new(text[..4].parse().ok()?, text[4..].parse().ok()?);
    }
    if let Some((year, month)) = text.split_once(['M', 'm'])
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
    {
        return Period::new(year.parse().ok()?, month.parse().ok()?);
    }
    let parts: Vec<&str> = text
        .split(['-', '/', '.', ' '])
        .filter(|part| !part.is_empty())
        .collect();
    match parts.as_slice() {
        [year, month] | [year, month, _]
            if year.len() == 4 && is_digits(year) && is_digits(month) =>
        {
            Period::new(year.parse().ok()?, month.parse().ok()?)
        }
        [month, year] if year.len() == 4 && is_digits(year) && is_digits(month) => {
            Period::new(year.parse().ok()?, month.parse().ok()?)
        }
        [name, year] if year.len() == 4 && is_digits(year) => {
            let name = name.to_ascii_lowercase();
            let month = MONTH_ABBREVIATIONS
                .iter()
                .position(|abbr| name.len() >= 3 && name.starts_with(abbr))?;
            Period::new(year.parse().ok()?, month as u8 + 1)
        }
        _ => None,
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Days since 1970-01-01 of a calendar date (Arrow `Date32`), or `None` if the
/// date does not exist.
pub fn date_to_epoch_days(year: i32, month: u32, day: u32) -> Option<i32> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=days_in_month).contains(&day) && (1900..=2200).contains(&year))
        .then(|| days_from_civil(year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let got = Period::parse(input).ok().map(|p| p.to_string());
        assert_eq!(got.as_deref(), expected, "input {input:?}");
    }

    #[test]
    fn parses_source_layouts() {
        check("2024-08", Some("2024-08"));
        check("2024-08-01", Some("2024-08"));
        check("202408", Some("2024-08"));
        check("2024/8", Some("2024-08"));
        check("08/2024", Some("2024-08"));
        check("2024M08", Some("2024-08"));
        check("Aug. 2024", Some("2024-08"));
        check("August 2024", Some("2024-08"));
        check("Sept. 2023", Some("2023-09"));
        check("202310-Oct. 2023", Some("2023-10"));
        check("2024年08月", Some("2024-08"));
        check("2024-13", None);
        check("Total", None);
        check("", None);
        check("2024", None);
    }

    #[test]
    fn parses_annual_labels() {
        for label in [
            "2019",
            "Y2019",
            "Jan.-Dec. 2019",
            "201952-Jan.-Dec. 2019",
            "201952",
        ] {
            let (period, frequency) = Period::parse_label(label).unwrap();
            assert_eq!(
                (period.to_string().as_str(), frequency),
                ("2019-01", Frequency::Annual),
                "{label}"
            );
        }
        assert_eq!(
            Period::parse_label("Aug. 2024").unwrap().1,
            Frequency::Monthly
        );
        assert!(Period::parse_label("Total").is_err());
    }

    #[test]
    fn derives_quarters_and_arithmetic() {
        let p = Period::new(2022, 2).unwrap();
        assert_eq!(p.quarter(), 1);
        assert_eq!(p.add_months(-2).unwrap().to_string(), "2021-12");
        assert_eq!(p.add_months(11).unwrap().to_string(), "2023-01");
        assert_eq!(p.yyyymm(), 202202);
    }

    #[test]
    fn calendar_dates_validate() {
        assert_eq!(date_to_epoch_days(2024, 2, 29), Some(19_782));
        assert_eq!(date_to_epoch_days(2023, 2, 29), None);
        assert_eq!(date_to_epoch_days(2023, 13, 1), None);
    }

    #[test]
    fn epoch_days_match_known_dates() {
        assert_eq!(Period::new(1970, 1).unwrap().first_day_epoch_days(), 0);
        assert_eq!(Period::new(2000, 3).unwrap().first_day_epoch_days(), 11_017);
        assert_eq!(Period::new(2024, 8).unwrap().first_day_epoch_days(), 19_936);
    }

    proptest::proptest! {
        #[test]
        fn display_then_parse_round_trips(year in 1900u16..2200, month in 1u8..=12) {
            let p = Period::new(year, month).unwrap();
            proptest::prop_assert_eq!(Period::parse(&p.to_string()).unwrap(), p);
            proptest::prop_assert_eq!(Period::parse(&p.yyyymm().to_string()).unwrap(), p);
        }
    }
}
