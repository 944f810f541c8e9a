//! Ownership shares: a validated fraction, and the text forms users write.

use std::fmt;

/// An ownership share: a finite fraction in `0.0..=1.0` (0.51 is 51 %).
///
/// Edges hold a `Share` rather than a bare `f64` so every share in a
/// [`crate::Graph`] is known to be in range; the aggregation relies on that
/// for its `0..=1` bound.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Share(f64);

impl Share {
    /// The share, or `None` when `fraction` is not a finite value in `0..=1`.
    pub fn new(fraction: f64) -> Option<Share> {
        (fraction.is_finite() && (0.0..=1.0).contains(&fraction)).then_some(Share(fraction))
    }

    /// The fraction in `0..=1`.
    pub fn value(self) -> f64 {
        self.0
    }

    /// Parses a share as people write it in relation files: `0.51`, `51`
    /// or `51%` (a comma may stand for the decimal point: `12,5%`).
    ///
    /// A value with `%` is a percentage. A bare number up to 1 is a fraction
    /// and a bare number above 1 is a percentage, so `1` means 100 %: write
    /// `1%` for one percent. The rule works row by row, so one typo cannot
    /// flip the reading of a whole file. The error is a lowercase reason.
    pub fn parse(text: &str) -> Result<Share, String> {
        let trimmed = text.trim();
        let (number, percent) = match trimmed.strip_suffix('%') {
            Some(rest) => (rest.trim(), true),
            None => (trimmed, false),
        };
        let number = if number.contains(',') && !number.contains('.') {
            number.replace(',', ".")
        } else {
            number.to_string()
        };
        let value: f64 = number
            .parse()
            .map_err(|_| format!("share {trimmed:?} is not a number"))?;
        if !value.is_finite() {
            return Err(format!("share {trimmed:?} is not a finite number"));
        }
        if value < 0.0 {
            return Err(format!("share {trimmed:?} is negative"));
        }
        let fraction = if percent || value > 1.0 {
            value / 100.0
        } else {
            value
        };
        Share::new(fraction).ok_or_else(|| format!("share {trimmed:?} is above 100%"))
    }
}

impl fmt::Display for Share {
    /// As a percentage with up to two decimals: `51%`, `12.5%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = (self.0 * 10_000.0).round() / 100.0;
        write!(f, "{percent}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<f64, &str>) {
        let got = Share::parse(text).map(Share::value);
        match expected {
            Ok(value) => assert_eq!(got, Ok(value), "{text}"),
            Err(needle) => {
                let reason = got.expect_err(text);
                assert!(reason.contains(needle), "{text}: {reason}");
            }
        }
    }

    #[test]
    fn user_forms() {
        check("0.51", Ok(0.51));
        check("51", Ok(0.51));
        check("51%", Ok(0.51));
        check(" 51 % ", Ok(0.51));
        check("12,5%", Ok(0.125));
        check("1", Ok(1.0));
        check("1%", Ok(0.01));
        check("0", Ok(0.0));
        check("100", Ok(1.0));
        check("101", Err("above 100%"));
        check("-5", Err("negative"));
        check("half", Err("not a number"));
        check("NaN", Err("not a finite number"));
        check("inf", Err("not a finite number"));
    }

    #[test]
    fn range_is_enforced() {
        assert!(Share::new(1.5).is_none());
        assert!(Share::new(-0.1).is_none());
        assert!(Share::new(f64::NAN).is_none());
        assert_eq!(Share::new(0.5).map(Share::value), Some(0.5));
        assert_eq!(Share(0.125).to_string(), "12.5%");
    }
}
