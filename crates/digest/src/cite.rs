//! Citing a view: the text of its citation.

use crate::period::Period;

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
}
