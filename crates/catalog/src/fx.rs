//! Exchange rates for converting reported values to USD.
//!
//! The default table holds annual averages of the ECB euro reference rate
//! (USD per EUR) and of the People's Bank of China central parity (CNY per USD),
//! rounded to four decimals, applied to every month of the year. They are
//! typed-in approximations documented as such; for exact monthly conversion
//! users supply a CSV (`period,currency,usd_per_unit`, e.g. `2024-08,EUR,1.1012`)
//! which takes precedence month by month.

use std::collections::HashMap;
use std::path::Path;

use chokepoint_model::Period;

use crate::CatalogError;

/// A currency values are reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    /// US dollar.
    Usd,
    /// Euro.
    Eur,
    /// Chinese yuan renminbi.
    Cny,
}

impl Currency {
    /// Parses an ISO 4217 code or a Chinese column label (美元, 人民币, 欧元).
    pub fn parse(text: &str) -> Option<Currency> {
        match text.trim().to_ascii_uppercase().as_str() {
            "USD" | "US$" | "美元" => Some(Currency::Usd),
            "EUR" | "€" | "欧元" => Some(Currency::Eur),
            "CNY" | "RMB" | "人民币" => Some(Currency::Cny),
            _ => None,
        }
    }

    /// ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Cny => "CNY",
        }
    }
}

/// (year, USD per EUR, CNY per USD): annual averages, see the module docs.
const DEFAULT_ANNUAL: [(u16, f64, f64); 9] = [
    (2017, 1.1297, 6.7518),
    (2018, 1.1810, 6.6174),
    (2019, 1.1195, 6.8985),
    (2020, 1.1422, 6.8976),
    (2021, 1.1827, 6.4515),
    (2022, 1.0530, 6.7261),
    (2023, 1.0813, 7.0467),
    (2024, 1.0824, 7.1217),
    (2025, 1.1300, 7.1500),
];

/// USD conversion rates by month and currency.
#[derive(Debug, Clone, Default)]
pub struct FxRates {
    monthly: HashMap<(Period, Currency), f64>,
}

impl FxRates {
    /// The documented default table (annual averages 2017-2025; the nearest
    /// year is used outside that range).
    pub fn default_table() -> FxRates {
        FxRates::default()
    }

    /// Loads a user CSV `period,currency,usd_per_unit` over the defaults.
    pub fn load_csv(&mut self, path: &Path) -> Result<(), CatalogError> {
        let mut reader = csv::Reader::from_path(path).map_err(|e| CatalogError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        for (index, record) in reader.records().enumerate() {
            let line = index as u64 + 2;
            let malformed = |message: String| CatalogError::Malformed {
                path: path.to_path_buf(),
                line,
                message,
            };
            let record = record.map_err(|e| malformed(e.to_string()))?;
            let period = Period::parse(record.get(0).unwrap_or_default())
                .map_err(|e| malformed(format!("period: {e}")))?;
            let currency_text = record.get(1).unwrap_or_default();
            let currency = Currency::parse(currency_text).ok_or_else(|| {
                malformed(format!("currency: unknown currency {currency_text:?}"))
            })?;
            let rate_text = record.get(2).unwrap_or_default();
            let rate: f64 = rate_text
                .trim()
                .parse()
                .ok()
                .filter(|r: &f64| r.is_finite() && *r > 0.0)
                .ok_or_else(|| {
                    malformed(format!("usd_per_unit: not a positive number {rate_text:?}"))
                })?;
            self.monthly.insert((period, currency), rate);
        }
        Ok(())
    }

    /// USD per one unit of `currency` in `period`.
    pub fn usd_per_unit(&self, currency: Currency, period: Period) -> f64 {
        if currency == Currency::Usd {
            return 1.0;
        }
        if let Some(rate) = self.monthly.get(&(period, currency)) {
            return *rate;
        }
        let year = period.year().clamp(
            DEFAULT_ANNUAL[0].0,
            DEFAULT_ANNUAL[DEFAULT_ANNUAL.len() - 1].0,
        );
        let (_, usd_per_eur, cny_per_usd) = DEFAULT_ANNUAL
            .iter()
            .find(|(y, _, _)| *y == year)
            .copied()
            // Proven invariant: the table covers every year in the clamped range.
            .expect("default fx table covers its year range");
        match currency {
            Currency::Eur => usd_per_eur,
            Currency::Cny => 1.0 / cny_per_usd,
            Currency::Usd => 1.0,
        }
    }

    /// Converts `amount` of `currency` in `period` to USD.
    pub fn to_usd(&self, amount: f64, currency: Currency, period: Period) -> f64 {
        amount * self.usd_per_unit(currency, period)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_cover_the_demo_years_and_user_rates_take_precedence() {
        let mut rates = FxRates::default_table();
        let aug = Period::new(2024, 8).unwrap();
        assert_eq!(rates.to_usd(100.0, Currency::Usd, aug), 100.0);
        assert!((rates.usd_per_unit(Currency::Eur, aug) - 1.0824).abs() < 1e-9);
        assert!((rates.to_usd(7.1217, Currency::Cny, aug) - 1.0).abs() < 1e-9);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rates.csv");
        std::fs::write(&path, "period,currency,usd_per_unit\n2024-08,EUR,1.1012\n").unwrap();
        rates.load_csv(&path).unwrap();
        assert!((rates.usd_per_unit(Currency::Eur, aug) - 1.1012).abs() < 1e-9);
        std::fs::write(&path, "period,currency,usd_per_unit\n2024-08,XYZ,1\n").unwrap();
        let message = rates.load_csv(&path).unwrap_err().to_string();
        assert!(
            message.contains(":2:") && message.contains("currency"),
            "{message}"
        );
    }
}
