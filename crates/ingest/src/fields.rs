//! Field parsers shared by every format: each names the column on failure.

use chokepoint_model::{Country, HsCode};

use crate::RowError;

/// A row of a delimited file: its fields, validated as UTF-8.
pub(crate) struct Row<'a> {
    fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    pub(crate) fn new(fields: Vec<&'a str>) -> Row<'a> {
        Row { fields }
    }

    /// The field at `index`, trimmed; empty if the row is shorter.
    pub(crate) fn get(&self, index: usize) -> &'a str {
        self.fields.get(index).map_or("", |f| f.trim())
    }

    /// The field at an optional column index.
    pub(crate) fn opt(&self, index: Option<usize>) -> &'a str {
        index.map_or("", |i| self.get(i))
    }
}

/// Whether a cell means "no value".
pub(crate) fn is_missing(text: &str) -> bool {
    matches!(
        text,
        "" | "NA" | "N/A" | "na" | "n/a" | "NaN" | "null" | "NULL" | "-" | ".."
    )
}

/// A number, or `None` if missing. Thousands separators (`,` or spaces) are
/// accepted only where `thousands` is set (China customs exports use them).
pub(crate) fn number(field: &str, text: &str, thousands: bool) -> Result<Option<f64>, RowError> {
    if is_missing(text) {
        return Ok(None);
    }
    let parsed = if thousands && text.contains([',', ' ', '\u{a0}']) {
        let cleaned: String = text
            .chars()
            .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}'))
            .collect();
        cleaned.parse::<f64>()
    } else {
        text.parse::<f64>()
    };
    match parsed {
        Ok(value) if value.is_finite() => Ok(Some(value)),
        _ => Err(RowError::field(field, format!("not a number: {text:?}"))),
    }
}

/// A non-negative number (values, weights, quantities).
pub(crate) fn amount(field: &str, text: &str, thousands: bool) -> Result<Option<f64>, RowError> {
    match number(field, text, thousands)? {
        Some(value) if value < 0.0 => {
            Err(RowError::field(field, format!("negative amount: {text:?}")))
        }
        other => Ok(other),
    }
}

/// A country by code or name.
pub(crate) fn country(field: &str, text: &str) -> Result<&'static Country, RowError> {
    if text.is_empty() {
        return Err(RowError::field(field, "missing country"));
    }
    Country::lookup(text).map_err(|e| RowError::field(field, e.to_string()))
}

/// A commodity: `None` for total trade (`TOTAL`, `Total`, `TOTAL-Total`, `AG0`).
pub(crate) fn commodity(field: &str, text: &str) -> Result<Option<HsCode>, RowError> {
    let head = text.split_once('-').map_or(text, |(head, _)| head).trim();
    if head.eq_ignore_ascii_case("total") || head.eq_ignore_ascii_case("all") || head == "AG0" {
        return Ok(None);
    }
    HsCode::parse(head)
        .map(Some)
        .map_err(|e| RowError::field(field, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_name_their_field() {
        assert_eq!(number("v", "12.5", false).unwrap(), Some(12.5));
        assert_eq!(number("v", "NA", false).unwrap(), None);
        assert_eq!(number("v", "1,234,567.5", true).unwrap(), Some(1_234_567.5));
        let err = number("primaryValue", "12abc", false).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("primaryValue"));
        assert!(err.reason.contains("12abc"));
        assert!(number("v", "1,234", false).is_err());
        assert!(amount("v", "-5", false).is_err());
        assert!(number("v", "inf", false).is_err());
    }

    #[test]
    fn commodities_accept_totals_and_codes() {
        assert_eq!(commodity("c", "TOTAL-Total").unwrap(), None);
        assert_eq!(commodity("c", "Total").unwrap(), None);
        assert_eq!(
            commodity("c", "85423100").unwrap().unwrap().as_str(),
            "85423100"
        );
        assert!(commodity("cmdCode", "85X").is_err());
    }
}
