//! Citing a view: the text of its citation, and the file names of its charts.

use crate::period::Period;
use crate::route::{parse_period, parse_route, Route};

/// What a citation names of the view shown.
pub struct View<'a> {
    /// The view's title (the page's heading).
    pub title: &'a str,
    /// The day of the build (`<meta name="dyad-built">`, `YYYY-MM-DD`), when the page has it.
    pub built: Option<&'a str>,
    /// The data's input digest (hex); the citation gives its first 12 characters.
    pub digest: &'a str,
    pub period: &'a Period,
    /// The view's permalink: the page's absolute URL, its hash included.
    pub url: &'a str,
}

/// `Cambodia – China. Dyad, built 30 Nov 2026, data 1a2b3c4d5e6f, period: 2024. https://…`
pub fn citation(v: &View<'_>) -> String {
    let digest: String = v.digest.chars().take(12).collect();
    format!(
        "{}. Dyad, built {}, data {}, period: {}. {}",
        v.title.trim().trim_end_matches('.'),
        v.built.filter(|b| !b.is_empty()).map_or_else(
            || "on an unknown day".to_string(),
            |b| crate::date::human_date(Some(b))
        ),
        if digest.is_empty() {
            "unknown"
        } else {
            &digest
        },
        v.period.label(),
        v.url
    )
}

/// A chart's download name from the page's hash: `dyad-kh-cn-timeline-2024-01_2024-12.svg`
/// (the pair when the view has one, the chart, the period when it is bounded; an open bound
/// reads `start` or `end`).
pub fn file_name(hash: &str, chart: &str, ext: &str) -> String {
    let pair = match parse_route(hash) {
        Route::Pair(p, _) | Route::EmbedPair(p) | Route::EmbedTimeline(p) => {
            format!("{}-", p.to_ascii_lowercase())
        }
        _ => String::new(),
    };
    let p = parse_period(hash);
    let period = if p.is_all() {
        String::new()
    } else {
        let key =
            |m: Option<crate::date::Month>, open: &str| m.map_or(open.to_string(), |m| m.key());
        format!("-{}_{}", key(p.from, "start"), key(p.to, "end"))
    };
    let chart: String = chart
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("dyad-{pair}{chart}{period}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_names_title_build_digest_period_and_link() {
        let period = Period::parse(Some("2024-01"), Some("2024-12"));
        let url = "https://example.org/dyad/#/pair/kh-cn?from=2024-01&to=2024-12";
        let c = citation(&View {
            title: "Cambodia – China",
            built: Some("2026-11-30"),
            digest: "0123456789abcdef0123",
            period: &period,
            url,
        });
        assert_eq!(
            c,
            format!(
                "Cambodia – China. Dyad, built 30 Nov 2026, data 0123456789ab, period: 2024. {url}"
            )
        );
        let c = citation(&View {
            title: " Where Cambodia's relations stand. ",
            built: None,
            digest: "",
            period: &Period::ALL,
            url: "file:///x/dyad-briefing.html#/",
        });
        assert_eq!(
            c,
            "Where Cambodia's relations stand. Dyad, built on an unknown day, data unknown, period: all articles. file:///x/dyad-briefing.html#/"
        );
    }

    #[test]
    fn file_names_follow_the_view() {
        assert_eq!(
            file_name("#/pair/kh-cn?from=2024-01&to=2024-12", "timeline", "svg"),
            "dyad-kh-cn-timeline-2024-01_2024-12.svg"
        );
        assert_eq!(
            file_name("#/pair/kh-cn", "categories", "png"),
            "dyad-kh-cn-categories.png"
        );
        assert_eq!(
            file_name("#/?from=2023-05", "compare", "svg"),
            "dyad-compare-2023-05_end.svg"
        );
        assert_eq!(
            file_name("#/embed/timeline/kh-ua?to=2024-02", "timeline", "png"),
            "dyad-kh-ua-timeline-start_2024-02.png"
        );
        assert_eq!(file_name("", "../x y", "svg"), "dyad-xy.svg");
    }
}
