//! Dates as the data writes them (`YYYY-MM-DD`, months `YYYY-MM`): day and month numbers to
//! compute with, and the labels the views show. The one place the views do calendar arithmetic.

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `(year, month, day)` of `YYYY-MM-DD`, or of `YYYY-MM` (day `None`): four-digit year, month
/// 1..=12, day 1..=31 (the compiler has checked that the day exists).
fn parse(s: &str) -> Option<(i64, u32, Option<u32>)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.get(4) != Some(&b'-') {
        return None;
    }
    let (y, m) = (digits(0..4)?, digits(5..7)?);
    let d = match s.len() {
        7 => None,
        10 if b[7] == b'-' => Some(digits(8..10)?).filter(|d| (1..=31).contains(d)),
        _ => return None,
    };
    ((1..=12).contains(&m) && (s.len() == 7 || d.is_some())).then_some((i64::from(y), m, d))
}

/// Days since 1970-01-01 of a calendar day (Howard Hinnant's `days_from_civil`).
pub fn from_civil(y: i64, m: u32, d: u32) -> i64 {
    let (m, d) = (i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Days since 1970-01-01 for a `YYYY-MM-DD` (or `YYYY-MM`, taken as the 1st) date.
pub fn days(date: &str) -> Option<i64> {
    let (y, m, d) = parse(date)?;
    Some(from_civil(y, m, d.unwrap_or(1)))
}

/// `(year, month, day)` for days since 1970-01-01.
pub fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A month as a number (`year * 12 + month - 1`), so months compare and count by arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    /// `2024-03` (or the month of `2024-03-17`).
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m, _) = parse(s)?;
        Some(Month(y as i32 * 12 + m as i32 - 1))
    }
    /// The month holding a day (days since 1970-01-01).
    pub fn of_day(days: i64) -> Month {
        let (y, m, _) = civil(days);
        Month(y as i32 * 12 + m as i32 - 1)
    }
    /// Days since 1970-01-01 of the month's first day.
    pub fn first_day(self) -> i64 {
        from_civil(i64::from(self.year()), self.month(), 1)
    }
    /// How many days the month has (leap years included).
    pub fn days(self) -> u32 {
        (Month(self.0 + 1).first_day() - self.first_day()) as u32
    }
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }
    /// 1..=12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }
    /// `2024-03`.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year(), self.month())
    }
    /// `Mar 2024`.
    pub fn label(self) -> String {
        format!("{} {}", MONTHS[self.month() as usize - 1], self.year())
    }
}

/// `27 Oct 2023` for days since the epoch.
fn day_label(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{d} {} {y}", MONTHS[m as usize - 1])
}

/// `2023-10-27` → `27 Oct 2023`; anything else as given; `None` → `date unknown`.
pub fn human_date(date: Option<&str>) -> String {
    match date {
        None => "date unknown".into(),
        Some(d) => match parse(d) {
            Some((y, m, Some(day))) => day_label(from_civil(y, m, day)),
            _ => d.to_string(),
        },
    }
}

/// `Oct 2023` for days since the epoch.
pub fn month_label(days: i64) -> String {
    Month::of_day(days).label()
}

/// Ticks for a time axis from `d0` to `d1` (days since the epoch): the first days of months,
/// at most `max` of them (every k-th month); a span with fewer than two month starts is labelled
/// by its middle day instead, so no label repeats.
pub fn month_ticks(d0: f64, d1: f64, max: usize) -> Vec<(i64, String)> {
    let (lo, hi) = (d0.ceil() as i64, d1.floor() as i64);
    let mut month = Month::of_day(lo);
    let mut starts = Vec::new();
    loop {
        let day = month.first_day();
        if day > hi {
            break;
        }
        if day >= lo {
            starts.push(day);
        }
        month = Month(month.0 + 1);
    }
    if starts.len() < 2 {
        let mid = (lo + hi) / 2;
        return vec![(mid, day_label(mid))];
    }
    let step = starts.len().div_ceil(max.max(1));
    starts
        .into_iter()
        .step_by(step)
        .map(|d| (d, month_label(d)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for d in [
            "1970-01-01",
            "2000-02-29",
            "2023-10-27",
            "2024-11-30",
            "1900-03-01",
        ] {
            let n = days(d).unwrap();
            let (y, m, day) = civil(n);
            assert_eq!(format!("{y:04}-{m:02}-{day:02}"), d);
        }
        assert_eq!(days("1970-01-02"), Some(1));
        assert_eq!(days("2024-03"), days("2024-03-01"));
        for bad in [
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "2024-01-32",
            "2024-01-0x",
            "2024/01",
        ] {
            assert_eq!(days(bad), None, "{bad}");
        }
        assert_eq!(human_date(Some("2023-10-27")), "27 Oct 2023");
        assert_eq!(human_date(Some("2023-10")), "2023-10");
        assert_eq!(human_date(None), "date unknown");
    }

    #[test]
    fn months_parse_count_and_name() {
        let m = Month::parse("2024-03-17").unwrap();
        assert_eq!(
            (m.year(), m.month(), m.key(), m.label()),
            (2024, 3, "2024-03".into(), "Mar 2024".into())
        );
        assert_eq!(Month::parse("2024-03"), Some(m));
        assert_eq!(Month::parse("2024-00"), None);
        assert_eq!(Month(m.0 - 3).key(), "2023-12");
        assert_eq!(m.first_day(), days("2024-03-01").unwrap());
        assert_eq!(Month::of_day(days("2024-03-31").unwrap()), m);
        assert_eq!(month_label(days("2023-10-27").unwrap()), "Oct 2023");
        let length = |s: &str| Month::parse(s).unwrap().days();
        assert_eq!(
            ["2024-02", "2023-02", "1900-02", "2000-02", "2024-04", "2024-12"].map(length),
            [29, 28, 28, 29, 30, 31]
        );
    }

    #[test]
    fn ticks_are_month_starts_without_repeats() {
        let (a, b) = (
            days("2022-10-13").unwrap() as f64,
            days("2023-11-16").unwrap() as f64,
        );
        let ticks = month_ticks(a, b, 5);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            vec!["Nov 2022", "Feb 2023", "May 2023", "Aug 2023", "Nov 2023"]
        );
        assert!(ticks.iter().all(|&(d, _)| (a..=b).contains(&(d as f64))));
    }

    #[test]
    fn a_short_span_is_labelled_by_its_middle_day() {
        let (a, b) = (
            days("2022-10-13").unwrap() as f64,
            days("2022-11-22").unwrap() as f64,
        );
        assert_eq!(
            month_ticks(a, b, 5),
            vec![(days("2022-11-01").unwrap() + 1, "2 Nov 2022".to_string())]
        );
    }
}
