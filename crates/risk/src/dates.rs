//! Civil dates of `Date32` days (days since 1970-01-01, proleptic Gregorian).

/// `YYYY-MM-DD` of a day number.
pub fn iso_date(day: i32) -> String {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day number of `YYYY-MM-DD`, `None` when it is not such a date.
pub fn day_of_iso(date: &str) -> Option<i32> {
    let bytes = date.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| date.get(range)?.parse::<i64>().ok();
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let day = i32::try_from(era * 146_097 + doe - 719_468).ok()?;
    (iso_date(day) == date).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(19_358), "2023-01-01");
        assert_eq!(iso_date(-1), "1969-12-31");
        for day in [-800_000, -1, 0, 59, 60, 19_358, 20_000, 2_000_000] {
            assert_eq!(day_of_iso(&iso_date(day)), Some(day));
        }
        assert_eq!(day_of_iso("2023-02-30"), None);
        assert_eq!(day_of_iso("2023-2-3"), None);
    }
}
