use std::fmt;

use crate::ModelError;

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
        ((1..=12).contains(&month) && (1900..=2200).contains(&year)).then_some(Period { year, month })
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
        [year, month] | [year, month, _] if year.len() == 4 && is_digits(year) && is_digits(month) => {
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

/// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian).
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i32;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day as i32 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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
    fn derives_quarters_and_arithmetic() {
        let p = Period::new(2022, 2).unwrap();
        assert_eq!(p.quarter(), 1);
        assert_eq!(p.add_months(-2).unwrap().to_string(), "2021-12");
        assert_eq!(p.add_months(11).unwrap().to_string(), "2023-01");
        assert_eq!(p.yyyymm(), 202202);
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
