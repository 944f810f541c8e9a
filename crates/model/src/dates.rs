//! Civil dates as day numbers (days since 1970-01-01, proleptic Gregorian;
//! Arrow's `Date32`), by Howard Hinnant's algorithms: the one copy used by
//! periods, the demo's shipment dates and the risk rules; and instants as
//! UTC text, the one copy behind the alerts' and screenings' timestamps and
//! the CLI's table history.

use std::time::Duration;

/// Days since 1970-01-01 of a civil date; the month and day are not checked
/// (see [`date_to_epoch_days`](crate::date_to_epoch_days) for that).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month as i32 + 9) % 12) + 2) / 5 + day as i32 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date (year, month, day) of a day number.
pub fn civil_from_days(day: i32) -> (i32, u32, u32) {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let d = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// `YYYY-MM-DD` of a day number.
pub fn iso_date(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Seconds since the epoch as `YYYY-MM-DD` and `HH:MM:SS` (UTC).
fn utc_date_and_time(seconds: i64) -> (String, String) {
    let second_of_day = seconds.rem_euclid(86_400);
    let time = format!(
        "{:02}:{:02}:{:02}",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    );
    (iso_date(seconds.div_euclid(86_400) as i32), time)
}

/// An instant (time since the epoch) in RFC 3339, UTC, with nanoseconds:
/// `2024-03-05T06:07:08.000000009Z`. Fixed width, so the texts sort as the
/// instants do.
pub fn rfc3339_nanos(since_epoch: Duration) -> String {
    let (date, time) = utc_date_and_time(since_epoch.as_secs() as i64);
    format!("{date}T{time}.{:09}Z", since_epoch.subsec_nanos())
}

/// Milliseconds since the epoch to the second, UTC: `2024-03-05 06:07:08Z`
/// (how tables show a commit's time).
pub fn utc_seconds(ms: i64) -> String {
    let (date, time) = utc_date_and_time(ms.div_euclid(1000));
    format!("{date} {time}Z")
}

/// The day number of `YYYY-MM-DD`, `None` when it is not such a date
/// (`2023-02-30` and `2023-2-3` are not).
pub fn day_of_iso(date: &str) -> Option<i32> {
    let bytes = date.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| date.get(range)?.parse::<u32>().ok();
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let day = days_from_civil(y as i32, m, d);
    (civil_from_days(day) == (y as i32, m, d)).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_as_utc_text() {
        let instant = Duration::new(
            days_from_civil(2024, 3, 5) as u64 * 86_400 + 6 * 3600 + 7 * 60 + 8,
            9,
        );
        assert_eq!(rfc3339_nanos(instant), "2024-03-05T06:07:08.000000009Z");
        assert_eq!(
            rfc3339_nanos(Duration::ZERO),
            "1970-01-01T00:00:00.000000000Z"
        );
        let ms = instant.as_millis() as i64 + 999;
        assert_eq!(utc_seconds(ms), "2024-03-05 06:07:08Z");
        assert_eq!(utc_seconds(-1), "1969-12-31 23:59:59Z");
    }

    #[test]
    fn round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2024, 2, 29) + 1,
            days_from_civil(2024, 3, 1)
        );
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(19_358), "2023-01-01");
        assert_eq!(iso_date(-1), "1969-12-31");
        for day in [-700_000, -1, 0, 59, 60, 19_358, 20_000, 2_000_000] {
            assert_eq!(day_of_iso(&iso_date(day)), Some(day), "{day}");
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        for day in (days_from_civil(2020, 1, 1)..days_from_civil(2026, 1, 1)).step_by(7) {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(day_of_iso("2023-02-30"), None);
        assert_eq!(day_of_iso("2023-2-3"), None);
        assert_eq!(day_of_iso("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
    }
}
