//! Article dates: `YYYY-MM-DD`, a day that exists, not before 1900, not after the build day.

/// Checks `YYYY-MM-DD` and that the day exists in that month (leap years included).
pub fn check_date(value: &str) -> Result<(), String> {
    let b = value.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err("expected YYYY-MM-DD".to_string());
    }
    let year: u32 = value[0..4].parse().unwrap();
    let month: u32 = value[5..7].parse().unwrap();
    let day: u32 = value[8..10].parse().unwrap();
    if year < EARLIEST_YEAR {
        return Err(format!(
            "{year} is before {EARLIEST_YEAR}, earlier than any news article this reads"
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    let days = dyad_digest::date::Month(year as i32 * 12 + month as i32 - 1).days();
    if day == 0 || day > days {
        return Err(format!("month {month} of {year} has {days} days"));
    }
    Ok(())
}

/// Dates before this year are typing errors (`0000-01-01`), not news: one of them would also
/// weigh as the oldest story of every timeline.
pub const EARLIEST_YEAR: u32 = 1900;

/// A date after today (or after `SOURCE_DATE_EPOCH`'s day, for reproducible builds) is an error:
/// one article dated 9999 made every other story "old" in the recency weighting.
pub(super) fn check_not_future(value: &str) -> Result<(), String> {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let today = (secs / 86_400) as i64;
    match dyad_digest::date::days(value) {
        Some(d) if d > today => {
            let (y, m, day) = dyad_digest::date::civil(today);
            Err(format!(
                "it is after the day of the build ({y:04}-{m:02}-{day:02})"
            ))
        }
        _ => Ok(()),
    }
}
