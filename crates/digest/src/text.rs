//! Text helpers: accent- and case-insensitive folding for search, dates, and splitting a text
//! into highlighted segments from byte spans (the views render segments as text nodes and
//! `<mark>` elements, never as HTML).

use dyad_model::Span;

/// Lower-cases and strips the accents of Latin letters, and straightens typographic quotes and
/// dashes, so `Phnom Penh`, `PHNOM PENH` and `Phnôm Pénh` fold alike.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '‘' | '’' | '‚' | '′' => out.push('\''),
            '“' | '”' | '„' | '″' => out.push('"'),
            '–' | '—' | '‐' | '‑' => out.push('-'),
            '\u{0300}'..='\u{036F}' => {} // combining marks
            c => {
                for l in c.to_lowercase() {
                    out.push(base_letter(l));
                }
            }
        }
    }
    out
}

fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ẫ'
        | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề' | 'ể'
        | 'ễ' | 'ệ' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ỉ' | 'ị' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ'
        | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ụ' | 'ủ' | 'ứ' | 'ừ'
        | 'ử' | 'ữ' | 'ự' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỵ' | 'ỷ' | 'ỹ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c => c,
    }
}

/// Whether every word of `query` occurs in `haystack_folded` (already [`fold`]ed).
/// An empty query matches everything.
pub fn matches(haystack_folded: &str, query: &str) -> bool {
    fold(query)
        .split_whitespace()
        .all(|w| haystack_folded.contains(w))
}

/// A run of text `range` within a larger text, with the labels of every span covering it.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment<L> {
    pub start: usize,
    pub end: usize,
    pub labels: Vec<L>,
}

/// Splits `within` into consecutive segments at every boundary of `spans` (clipped to `within`
/// and to character boundaries of `text`). Overlapping spans are fine: a segment carries every
/// label covering it. Segments cover `within` exactly, in order.
pub fn segments<L: Clone>(text: &str, within: Span, spans: &[(Span, L)]) -> Vec<Segment<L>> {
    let (lo, hi) = (within.start as usize, (within.end as usize).min(text.len()));
    if lo >= hi {
        return Vec::new();
    }
    let clip = |x: usize| {
        let mut x = x.clamp(lo, hi);
        while !text.is_char_boundary(x) {
            x -= 1;
        }
        x
    };
    let mut cuts = vec![lo, hi];
    for (s, _) in spans {
        cuts.push(clip(s.start as usize));
        cuts.push(clip(s.end as usize));
    }
    crate::sort::sort_by(&mut cuts, Ord::cmp);
    cuts.dedup();
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| Segment {
            start: w[0],
            end: w[1],
            labels: spans
                .iter()
                .filter(|(s, _)| (s.start as usize) <= w[0] && w[1] <= (s.end as usize))
                .map(|(_, l)| l.clone())
                .collect(),
        })
        .collect()
}

/// Days since 1970-01-01 for a `YYYY-MM-DD` (or `YYYY-MM`, taken as the 1st) date.
pub fn days(date: &str) -> Option<i64> {
    let mut it = date.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next().map_or(Some(1), |d| d.parse().ok())?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
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
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2023-10-27` → `27 Oct 2023`; anything else as given; `None` → `date unknown`.
pub fn human_date(date: Option<&str>) -> String {
    match date {
        None => "date unknown".into(),
        Some(d) => match days(d) {
            Some(n) if d.len() == 10 => {
                let (y, m, day) = civil(n);
                format!("{day} {} {y}", MONTHS[m as usize - 1])
            }
            _ => d.to_string(),
        },
    }
}

/// `Oct 2023` for days since the epoch.
pub fn month_label(days: i64) -> String {
    let (y, m, _) = civil(days);
    format!("{} {y}", MONTHS[m as usize - 1])
}

/// Ticks for a time axis from `d0` to `d1` (days since the epoch): the first days of months,
/// at most `max` of them (every k-th month); a span with fewer than two month starts is labelled
/// by its middle day instead, so no label repeats.
pub fn month_ticks(d0: f64, d1: f64, max: usize) -> Vec<(i64, String)> {
    let (lo, hi) = (d0.ceil() as i64, d1.floor() as i64);
    let (mut y, mut m, _) = civil(lo);
    let mut starts = Vec::new();
    while let Some(day) = days(&format!("{y:04}-{m:02}-01")) {
        if day > hi {
            break;
        }
        if day >= lo {
            starts.push(day);
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    if starts.len() < 2 {
        let mid = (lo + hi) / 2;
        let (y, m, d) = civil(mid);
        return vec![(mid, format!("{d} {} {y}", MONTHS[m as usize - 1]))];
    }
    let step = starts.len().div_ceil(max.max(1));
    starts
        .into_iter()
        .step_by(step)
        .map(|d| (d, month_label(d)))
        .collect()
}

/// A signed score with two decimals and a real minus sign: `+0.86`, `−0.40`, `0.00`.
pub fn signed(x: f64) -> String {
    if x.abs() < 0.005 {
        "0.00".into()
    } else if x > 0.0 {
        format!("+{x:.2}")
    } else {
        format!("−{:.2}", -x)
    }
}

#[cfg(test)]
mod tick_tests {
    use super::*;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_typography() {
        assert_eq!(fold("Phnôm PÉNH"), "phnom penh");
        assert_eq!(fold("Hun Manet’s “good”"), "hun manet's \"good\"");
        assert_eq!(fold("Zelens\u{0301}ky"), "zelensky");
        assert!(matches(
            &fold("Russian naval vessels are scheduled to dock"),
            "NAVAL  vessels"
        ));
        assert!(matches(&fold("Ré"), "re"));
        assert!(!matches(&fold("naval"), "naval base"));
        assert!(matches("anything", "  "));
    }

    #[test]
    fn segments_cover_the_range_and_carry_overlapping_labels() {
        let text = "abcdefghij";
        let spans = [
            (Span::new(2, 6), 'q'),
            (Span::new(4, 8), 't'),
            (Span::new(20, 30), 'x'),
        ];
        let segs = segments(text, Span::new(0, 10), &spans);
        let got: Vec<_> = segs
            .iter()
            .map(|s| (&text[s.start..s.end], s.labels.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("ab", vec![]),
                ("cd", vec!['q']),
                ("ef", vec!['q', 't']),
                ("gh", vec!['t']),
                ("ij", vec![])
            ]
        );
    }

    #[test]
    fn segments_respect_char_boundaries() {
        let text = "é“q”";
        // A span cutting inside a multi-byte character is pulled back to the boundary.
        let segs = segments(text, Span::new(0, text.len()), &[(Span::new(1, 6), 1)]);
        assert!(segs
            .iter()
            .all(|s| text.is_char_boundary(s.start) && text.is_char_boundary(s.end)));
        assert_eq!(
            segs.iter()
                .map(|s| &text[s.start..s.end])
                .collect::<String>(),
            text
        );
    }

    #[test]
    fn dates_round_trip() {
        for d in ["1970-01-01", "2000-02-29", "2023-10-27", "2024-11-30"] {
            let n = days(d).unwrap();
            let (y, m, day) = civil(n);
            assert_eq!(format!("{y:04}-{m:02}-{day:02}"), d);
        }
        assert_eq!(days("1970-01-02"), Some(1));
        assert_eq!(days("2024-13-01"), None);
        assert_eq!(human_date(Some("2023-10-27")), "27 Oct 2023");
        assert_eq!(human_date(None), "date unknown");
        assert_eq!(signed(0.86), "+0.86");
        assert_eq!(signed(0.001), "0.00");
        assert_eq!(signed(-0.4), "−0.40");
    }
}
