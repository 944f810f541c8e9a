//! Number formatting for people, text escaping and label truncation.
//!
//! Tables and tooltips show full numbers with thousands separators; axes use
//! the compact form in `svg::axis`. Raw values go only to CSV and JSON.

use crate::model::Cell;

/// Formats a number for a table: thousands separators, no decimals from
/// 1,000 up, at most two decimals from 1 up and three significant digits
/// below 1. NaN shows as "n/a" and infinities as "∞".
///
/// ```
/// use chokepoint_report::format_number;
/// assert_eq!(format_number(1_234_567.8), "1,234,568");
/// assert_eq!(format_number(12.5), "12.5");
/// assert_eq!(format_number(0.012345), "0.0123");
/// ```
pub fn format_number(value: f64) -> String {
    if let Some(text) = non_finite_text(value) {
        return text;
    }
    let magnitude = value.abs();
    let decimals = if magnitude >= 1000.0 || magnitude == 0.0 {
        0
    } else if magnitude >= 1.0 {
        2
    } else {
        // Three significant digits: 0.5 → 3 decimals, 0.0123 → 4 decimals.
        let leading_zeros = -magnitude.log10().floor() as i64;
        (leading_zeros + 2).clamp(0, 12) as usize
    };
    trim_fraction(&group_thousands(&format!("{value:.decimals$}")))
}

/// Formats a whole number with thousands separators.
pub fn format_integer(value: i64) -> String {
    group_thousands(&value.to_string())
}

/// Formats a ratio such as a surge factor: "10.4×", or "1,250×" from 100 up.
pub fn format_ratio(value: f64) -> String {
    if let Some(text) = non_finite_text(value) {
        return text;
    }
    let decimals = if value.abs() >= 100.0 { 0 } else { 1 };
    format!("{}×", group_thousands(&format!("{value:.decimals$}")))
}

/// Formats a fraction as a percentage with one decimal: 0.452 → "45.2%".
pub fn format_share(value: f64) -> String {
    if let Some(text) = non_finite_text(value) {
        return text;
    }
    format!("{}%", group_thousands(&format!("{:.1}", value * 100.0)))
}

/// Formats a table cell for people; `Empty` becomes an empty string.
pub fn format_cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) | Cell::Link { text, .. } => text.clone(),
        Cell::Number(number) => format_number(*number),
        Cell::Integer(integer) => format_integer(*integer),
        Cell::Ratio(ratio) => format_ratio(*ratio),
        Cell::Share(share) => format_share(*share),
        Cell::Empty => String::new(),
    }
}

/// Whether a cell holds a number, so renderers can right-align it.
pub(crate) fn is_numeric(cell: &Cell) -> bool {
    matches!(
        cell,
        Cell::Number(_) | Cell::Integer(_) | Cell::Ratio(_) | Cell::Share(_)
    )
}

fn non_finite_text(value: f64) -> Option<String> {
    if value.is_nan() {
        Some("n/a".to_owned())
    } else if value == f64::INFINITY {
        Some("∞".to_owned())
    } else if value == f64::NEG_INFINITY {
        Some("-∞".to_owned())
    } else {
        None
    }
}

/// Inserts commas into the integer part of an already formatted decimal
/// number and drops the sign of a value that rounded to zero ("-0.0").
fn group_thousands(formatted: &str) -> String {
    let (sign, unsigned) = match formatted.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", formatted),
    };
    let (integer_part, fraction_part) = match unsigned.split_once('.') {
        Some((integer_part, fraction_part)) => (integer_part, Some(fraction_part)),
        None => (unsigned, None),
    };
    let n_digits = integer_part.len();
    let mut grouped = String::with_capacity(formatted.len() + n_digits / 3);
    for (digit_idx, digit) in integer_part.chars().enumerate() {
        if digit_idx > 0 && (n_digits - digit_idx) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction_part) = fraction_part {
        grouped.push('.');
        grouped.push_str(fraction_part);
    }
    let is_zero = unsigned.chars().all(|c| c == '0' || c == '.');
    if is_zero {
        grouped
    } else {
        format!("{sign}{grouped}")
    }
}

/// Drops trailing zeros of the fraction: "12.50" → "12.5", "3.00" → "3".
fn trim_fraction(formatted: &str) -> String {
    if !formatted.contains('.') {
        return formatted.to_owned();
    }
    formatted
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

/// Shortens text to at most `max_chars` characters, ending in "…" when cut,
/// so long names cannot push labels off the chart.
pub(crate) fn truncate_label(text: &str, max_chars: usize) -> String {
    let single_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if single_line.chars().count() <= max_chars {
        return single_line;
    }
    let kept: String = single_line
        .chars()
        .take(max_chars.saturating_sub(1))
        .collect();
    format!("{}…", kept.trim_end())
}

/// Turns a table name into a file-safe slug: ASCII letters, digits, `-` and
/// `_` are kept, runs of anything else become one `-`.
pub(crate) fn file_slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for character in name.chars() {
        if character.is_ascii_alphanumeric() || character == '-' || character == '_' {
            slug.push(character);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(formatter: fn(f64) -> String, value: f64, expected: &str) {
        assert_eq!(formatter(value), expected, "formatting {value}");
    }

    #[test]
    fn numbers_get_separators_and_sensible_decimals() {
        check(format_number, 0.0, "0");
        check(format_number, 999.996, "1,000");
        check(format_number, 1234.4, "1,234");
        check(format_number, -1_234_567.0, "-1,234,567");
        check(format_number, 12.0, "12");
        check(format_number, 4.56789, "4.57");
        check(format_number, 0.5, "0.5");
        check(format_number, -0.0004, "-0.0004");
        check(format_number, -0.0000000000001, "0");
        check(format_number, f64::NAN, "n/a");
        check(format_number, f64::INFINITY, "∞");
    }

    #[test]
    fn ratios_and_shares() {
        check(format_ratio, 10.43, "10.4×");
        check(format_ratio, 1250.0, "1,250×");
        check(format_share, 0.452, "45.2%");
        check(format_share, 1.0, "100.0%");
        check(format_share, -0.0001, "0.0%");
        assert_eq!(format_integer(-1_000_000), "-1,000,000");
        assert_eq!(format_integer(999), "999");
    }

    #[test]
    fn truncation_adds_ellipsis_only_when_cut() {
        assert_eq!(truncate_label("short", 10), "short");
        assert_eq!(truncate_label("abcdefghijkl", 6), "abcde…");
        assert_eq!(truncate_label("ääääää", 3), "ää…");
        assert_eq!(truncate_label("a\nb", 10), "a b");
    }

    #[test]
    fn slugs_and_link_paths() {
        assert_eq!(file_slug("Corridor scores (2024)"), "Corridor-scores-2024");
        assert_eq!(file_slug("../etc/passwd"), "etc-passwd");
    }
}
