//! The overview's cards and the pair page: stance, evidence, timeline marks, categories.

use crate::date::Month;
use crate::period::PairIndex;
use dyad_model::layout::{ArticleMeta, Catalog, PairSummary};
use dyad_model::{Article, CodebookInfo, Country, Stance};
use std::collections::HashMap;

/// Fewer dated months than this and the views say so instead of drawing a trend.
pub const MIN_TREND_POINTS: usize = 3;
/// A smoothed line is drawn through the timeline only from this many dated stories on.
pub const MIN_SMOOTH_POINTS: usize = 5;

/// One focus pair as the overview shows it.
#[derive(Clone, Debug)]
pub struct PairCard<'a> {
    /// `KH-UA`.
    pub pair: &'a str,
    /// `kh-ua`, as used in links.
    pub slug: String,
    /// The partner country's name, e.g. `Ukraine`.
    pub partner: &'a str,
    /// The pair's summary over the period, when at least one story assesses it.
    pub summary: Option<&'a PairSummary>,
    /// Articles naming both countries in the period (assessed or not).
    pub articles: u32,
    /// Monthly scores `(days since epoch of the month's first day, score)`, in date order.
    pub trend: Vec<(i64, f64)>,
}

impl PairCard<'_> {
    pub fn stance(&self) -> Option<Stance> {
        self.summary.and_then(|a| a.stance)
    }
    /// Whether there are enough dated months to draw a trend.
    pub fn has_trend(&self) -> bool {
        self.trend.len() >= MIN_TREND_POINTS
    }
    /// A plain sentence on how much evidence there is.
    pub fn evidence_note(&self) -> String {
        match self.summary {
            None if self.articles == 0 => {
                "No assessment: no article in the period names both countries.".into()
            }
            None => format!(
                "No assessment: {} {} both countries, none codes an event between them.",
                plural(self.articles as usize, "article", "articles"),
                if self.articles == 1 { "names" } else { "name" }
            ),
            Some(a) => {
                let stories = plural(a.stories as usize, "story", "stories");
                let arts = plural(a.articles as usize, "article", "articles");
                let outlets = plural(a.sources as usize, "outlet", "outlets");
                if self.has_trend() {
                    format!("From {stories} ({arts}, {outlets}).")
                } else {
                    format!(
                        "Thin evidence: {stories} ({arts}, {outlets}), too few months for a trend."
                    )
                }
            }
        }
    }
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary of `pair` among `summaries`, if some story assesses it.
pub fn assessed<'a>(summaries: &'a [PairSummary], pair: &str) -> Option<&'a PairSummary> {
    summaries
        .iter()
        .find(|s| s.pair == pair)
        .filter(|s| s.stance.is_some() || s.stories > 0)
}

/// The focus pairs in display order, from the period's summaries.
pub fn pair_cards<'a>(
    focus_pairs: &'a [String],
    countries: &'a [Country],
    summaries: &'a [PairSummary],
) -> Vec<PairCard<'a>> {
    focus_pairs
        .iter()
        .map(|pair| {
            let summary = assessed(summaries, pair);
            PairCard {
                pair,
                slug: pair.to_ascii_lowercase(),
                partner: crate::country_name(countries, crate::partner_code(pair)),
                summary,
                articles: summaries
                    .iter()
                    .find(|s| &s.pair == pair)
                    .map_or(0, |s| s.articles),
                trend: summary
                    .map(|s| {
                        s.months
                            .iter()
                            .filter_map(|m| Some((Month::parse(&m.month)?.first_day(), m.score)))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// One mark on a pair's timeline: an article standing for its story.
#[derive(Clone, Debug)]
pub struct Mark<'a> {
    /// The pair, e.g. `KH-CN`.
    pub pair: &'a str,
    /// Index into the catalog.
    pub index: usize,
    pub article: &'a ArticleMeta,
    pub date: Option<&'a str>,
    pub day: Option<i64>,
    pub score: f64,
    pub stance: Option<Stance>,
    /// Number of evidence sentences (the mark's size).
    pub evidence_count: u32,
    /// Other copies of the same story.
    pub copies: usize,
}

/// The pair's timeline over a period: one mark per story, in date order (undated ones last).
pub fn marks<'a>(catalog: &'a Catalog, index: &PairIndex<'a>, pair: &str) -> Vec<Mark<'a>> {
    let points = index.points(catalog, pair);
    if points.is_empty() {
        return Vec::new();
    }
    let mut story_size: HashMap<&str, usize> = HashMap::new();
    for a in &catalog.articles {
        *story_size.entry(a.story.as_str()).or_default() += 1;
    }
    points
        .into_iter()
        .map(|p| Mark {
            pair: p.assessment.pair.as_str(),
            index: p.article,
            article: p.meta,
            date: p.meta.date.as_deref(),
            day: p.day,
            score: p.assessment.score,
            stance: p.assessment.stance,
            evidence_count: p.assessment.evidence,
            copies: story_size
                .get(p.meta.story.as_str())
                .map_or(0, |n| n.saturating_sub(1)),
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceLine<'a> {
    pub sentence: u32,
    pub text: &'a str,
    pub weight: f64,
    /// The labels of the categories the sentence's events fall in.
    pub categories: Vec<String>,
}

/// The evidence sentences behind an article's assessment of a pair (focus or context), read
/// from the full article (its shard).
pub fn evidence_lines<'a>(
    codebook: &CodebookInfo,
    article: &'a Article,
    pair: &str,
) -> Vec<EvidenceLine<'a>> {
    let Some(a) = article
        .assessments
        .iter()
        .chain(&article.context)
        .find(|a| a.pair == pair)
    else {
        return Vec::new();
    };
    let mut lines: Vec<EvidenceLine<'a>> = a
        .evidence
        .iter()
        .map(|e| {
            let mut categories: Vec<String> = e
                .events
                .iter()
                .filter_map(|&i| article.events.get(i as usize))
                .map(|ev| category_label(codebook, &ev.category).to_string())
                .collect();
            categories.dedup();
            EvidenceLine {
                sentence: e.sentence,
                text: e.span.slice(&article.text).trim(),
                weight: e.weight,
                categories,
            }
        })
        .collect();
    crate::sort::sort_by_key(&mut lines, |l| l.sentence);
    lines
}

pub fn category_label<'a>(codebook: &'a CodebookInfo, id: &'a str) -> &'a str {
    codebook
        .categories
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.label.as_str())
}

/// A row of the cooperation/conflict breakdown.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryRow {
    pub id: String,
    pub label: String,
    pub events: u32,
    pub cooperation: f64,
    /// ≤ 0.
    pub conflict: f64,
}

/// The pair's event weight by category, in the codebook's order (cooperative to hostile).
pub fn category_rows(codebook: &CodebookInfo, summary: &PairSummary) -> Vec<CategoryRow> {
    let order = |id: &str| {
        codebook
            .categories
            .iter()
            .position(|c| c.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<CategoryRow> = summary
        .categories
        .iter()
        .filter(|t| t.events > 0)
        .map(|t| CategoryRow {
            id: t.category.clone(),
            label: category_label(codebook, &t.category).to_string(),
            events: t.events,
            cooperation: t.cooperation,
            conflict: t.conflict.min(0.0),
        })
        .collect();
    crate::sort::sort_by_key(&mut rows, |r| order(&r.id));
    rows
}

/// Context pairs that share a country with `pair` (but not the pair itself), strongest
/// evidence first.
pub fn context_pairs<'a>(summaries: &'a [PairSummary], pair: &str) -> Vec<&'a PairSummary> {
    let (a, b) = pair.split_once('-').unwrap_or((pair, ""));
    let mut v: Vec<&PairSummary> = summaries
        .iter()
        .filter(|p| !p.focus && p.pair != pair)
        .filter(|p| p.pair.split('-').any(|c| c == a || c == b))
        .collect();
    crate::sort::sort_by(&mut v, |x, y| {
        y.stories
            .cmp(&x.stories)
            .then(y.confidence.total_cmp(&x.confidence))
            .then(x.pair.cmp(&y.pair))
    });
    v
}

/// The articles behind a pair in a period, latest first.
pub fn pair_articles<'a>(
    catalog: &'a Catalog,
    index: &PairIndex<'a>,
    pair: &str,
) -> Vec<&'a ArticleMeta> {
    let mut ids: Vec<usize> = index.behind(pair).iter().map(|&(i, _)| i).collect();
    ids.dedup();
    ids.into_iter()
        .rev()
        .map(|i| &catalog.articles[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::{summaries, Period};
    use crate::test_data;

    #[test]
    fn cards_say_when_evidence_is_thin_or_missing() {
        let d = test_data();
        let s = summaries(
            &d.index.focus_pairs,
            &d.index.codebook.thresholds,
            &d.catalog,
            &d.quotes.quotes,
            &Period::ALL,
        );
        let cards = pair_cards(&d.index.focus_pairs, &d.index.countries, &s);
        assert_eq!(
            cards.iter().map(|c| c.pair).collect::<Vec<_>>(),
            ["KH-UA", "KH-RU", "KH-US", "KH-CN"]
        );
        let ua = &cards[0];
        assert!(ua.summary.is_none() && !ua.has_trend());
        assert_eq!(
            ua.evidence_note(),
            "No assessment: no article in the period names both countries."
        );
        let cn = &cards[3];
        assert_eq!(cn.partner, "China");
        assert_eq!(cn.stance(), Some(Stance::Mixed));
        assert_eq!(cn.trend.len(), 1);
        assert!(!cn.has_trend());
        assert_eq!(
            cn.evidence_note(),
            "Thin evidence: 1 story (1 article, 1 outlet), too few months for a trend."
        );
        // Attributed statements both; the conflict quote outweighs the naval one (|−3| > 2), same date.
        assert_eq!(
            cn.summary
                .unwrap()
                .key_quote
                .as_ref()
                .unwrap()
                .speaker
                .as_deref(),
            Some("An aide")
        );
        assert_eq!(
            cn.summary
                .unwrap()
                .latest
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>(),
            ["a"]
        );
    }

    #[test]
    fn an_unassessed_pair_shows_no_figure() {
        let mut d = test_data();
        d.catalog.articles[1]
            .assessments
            .push(dyad_model::layout::AssessmentMeta {
                pair: "KH-US".into(),
                ..Default::default()
            });
        let s = summaries(
            &d.index.focus_pairs,
            &d.index.codebook.thresholds,
            &d.catalog,
            &d.quotes.quotes,
            &Period::ALL,
        );
        let us = &pair_cards(&d.index.focus_pairs, &d.index.countries, &s)[2];
        assert_eq!(us.articles, 1);
        assert_eq!(
            us.stance(),
            Some(Stance::Mixed),
            "an assessment with no evidence scores 0: mixed"
        );
    }

    #[test]
    fn marks_carry_their_story_and_evidence_lines_come_from_the_article() {
        let d = test_data();
        let index = PairIndex::new(&d.catalog, &d.index.focus_pairs, &Period::ALL);
        let m = marks(&d.catalog, &index, "KH-CN");
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].article.id.as_str(), m[0].evidence_count, m[0].copies),
            ("a", 2, 0)
        );
        let lines = evidence_lines(&d.index.codebook, &d.articles[0], "KH-CN");
        assert!(lines[0].text.contains("naval visit"));
        assert_eq!(lines[0].categories, ["Praise or support"]);
        assert_eq!(lines[1].weight, -3.0);
        assert!(marks(&d.catalog, &index, "KH-UA").is_empty());
        assert_eq!(pair_articles(&d.catalog, &index, "KH-CN").len(), 1);
    }

    #[test]
    fn categories_follow_codebook_order_and_context_pairs_share_a_country() {
        let d = test_data();
        let s = summaries(
            &d.index.focus_pairs,
            &d.index.codebook.thresholds,
            &d.catalog,
            &d.quotes.quotes,
            &Period::ALL,
        );
        let cn = s.iter().find(|p| p.pair == "KH-CN").unwrap();
        let rows = category_rows(&d.index.codebook, cn);
        assert_eq!(
            rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(),
            ["Praise or support", "Reject"]
        );
        assert_eq!(rows[1].conflict, -3.0);
        assert_eq!(
            context_pairs(&s, "KH-CN")
                .iter()
                .map(|p| p.pair.as_str())
                .collect::<Vec<_>>(),
            ["CN-US"]
        );
        assert!(context_pairs(&s, "KH-UA").is_empty());
    }
}
