//! Date parsing into ISO text as precise as the source.

/// Parses the date layouts found in the lists into "YYYY", "YYYY-MM" or
/// "YYYY-MM-DD":
/// ISO (`1952-10-07`, also with a time suffix), OFAC (`07 Oct 1952`,
/// `Oct 1952`, `1952`), day-first slashes (`07/10/1952`, UK, with `dd`/`mm`/`00`
/// placeholders for unknown parts) and `circa`/`approximately` prefixes.
/// Returns `None` for anything else, including impossible days and months.
/// Ranges ("1960 to 1962") are not dates: see [`parse_date_range`].
pub fn parse_date(text: &str) -> Option<String> {
    parse_with_order(text, SlashOrder::DayFirst)
}

/// Like [`parse_date`] but slashes are month first (`06/19/2003`), as in US
/// files (BIS, OFAC XML).
pub fn parse_us_date(text: &str) -> Option<String> {
    parse_with_order(text, SlashOrder::MonthFirst)
}

/// Parses a date or an OFAC range "01 Jan 1976 to 31 Dec 1978" into its
/// dates (both ends of a range; a birth date range is reported as its bounds).
pub fn parse_date_range(text: &str) -> Option<Vec<String>> {
    match text.split_once(" to ") {
        Some((from, to)) => Some(vec![parse_date(from)?, parse_date(to)?]),
        None => parse_date(text).map(|date| vec![date]),
    }
}

#[derive(Clone, Copy)]
enum SlashOrder {
    DayFirst,
    MonthFirst,
}

fn parse_with_order(text: &str, order: SlashOrder) -> Option<String> {
    let mut text = text.trim().trim_end_matches('.').trim();
    for prefix in ["circa", "approximately", "approx.", "ca."] {
        if text
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        {
            // "circa 1950" and the XML's "circa-1951".
            text = text[prefix.len()..].trim_start_matches(['-', ' ']);
        }
    }
    if text.is_empty() {
        return None;
    }
    if text.contains('/') {
        return parse_slashes(text, order);
    }
    if let Some(iso) = parse_iso(text) {
        return Some(iso);
    }
    parse_words(text)
}

fn parse_iso(text: &str) -> Option<String> {
    // Drop a time part such as "T00:00:00" or " 00:00:00".
    let date = text.split(['T', ' ']).next()?;
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y] => format_ymd(year(y)?, None, None),
        [y, m] => format_ymd(year(y)?, Some(number(m)?), None),
        [y, m, d] => format_ymd(year(y)?, Some(number(m)?), Some(number(d)?)),
        _ => None,
    }
}

fn parse_slashes(text: &str, order: SlashOrder) -> Option<String> {
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    let (day, month, y) = match (parts.as_slice(), order) {
        ([a, b, y], SlashOrder::DayFirst) => (*a, *b, *y),
        ([a, b, y], SlashOrder::MonthFirst) => (*b, *a, *y),
        ([m, y], _) => ("dd", *m, *y),
        _ => return None,
    };
    let y = year(y)?;
    let month = unknown_or_number(month)?;
    let day = unknown_or_number(day)?;
    // A known day without a month says nothing useful: keep the year only.
    match (month, day) {
        (None, _) => format_ymd(y, None, None),
        (Some(m), d) => format_ymd(y, Some(m), d),
    }
}

/// `Ok(None)` for an unknown placeholder, `Some(n)` for a number.
fn unknown_or_number(text: &str) -> Option<Option<u32>> {
    let lower = text.to_ascii_lowercase();
    if lower.is_empty() || lower == "dd" || lower == "mm" || lower.chars().all(|c| c == '0') {
        return Some(None);
    }
    number(text).map(Some)
}

fn parse_words(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        [y] => format_ymd(year(y)?, None, None),
        [m, y] => format_ymd(year(y)?, Some(month_name(m)?), None),
        [d, m, y] => match (number(d), month_name(m)) {
            (Some(d), Some(m)) => format_ymd(year(y)?, Some(m), Some(d)),
            // "Oct 07 1952"
            _ => format_ymd(year(y)?, Some(month_name(d)?), Some(number(m)?)),
        },
        _ => None,
    }
}

fn year(text: &str) -> Option<u32> {
    let y = text.trim();
    if y.len() != 4 {
        return None;
    }
    let y = number(y)?;
    (1000..=2999).contains(&y).then_some(y)
}

fn number(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 4 {
        return None;
    }
    text.parse().ok()
}

fn month_name(text: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.trim().trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let position = MONTHS.iter().position(|m| lower.starts_with(m))?;
    Some(position as u32 + 1)
}

fn format_ymd(y: u32, month: Option<u32>, day: Option<u32>) -> Option<String> {
    match (month, day) {
        (None, _) => Some(format!("{y:04}")),
        (Some(m), None) => (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}")),
        (Some(m), Some(d)) => {
            let days_in_month = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
                2 => 28,
                _ => return None,
            };
            (1..=days_in_month)
                .contains(&d)
                .then(|| format!("{y:04}-{m:02}-{d:02}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(parse_date(input).as_deref(), expected, "{input}");
    }

    #[test]
    fn layouts() {
        check("07 Oct 1952", Some("1952-10-07"));
        check("Oct 1952", Some("1952-10"));
        check("1952", Some("1952"));
        check("circa 1950", Some("1950"));
        check("circa-1951", Some("1951"));
        check("1952-10-07", Some("1952-10-07"));
        check("2026-02-27T00:00:09.554Z", Some("2026-02-27"));
        check("28/09/1955", Some("1955-09-28"));
        check("10/00/1983", Some("1983"));
        check("00/04/1984", Some("1984-04"));
        check("dd/mm/1968", Some("1968"));
        check("31 Feb 2000", None);
        check("banana", None);
        check("", None);
        assert_eq!(
            parse_date_range("01 Jan 1976 to 31 Dec 1978"),
            Some(vec!["1976-01-01".into(), "1978-12-31".into()])
        );
        assert_eq!(parse_us_date("06/19/2003").as_deref(), Some("2003-06-19"));
    }
}
