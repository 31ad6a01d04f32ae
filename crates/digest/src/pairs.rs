//! The overview's cards and the pair page: stance, evidence, timeline marks, categories.

use crate::quotes::QuoteRow;
use crate::text::days;
use dyad_model::{Article, Bundle, PairAggregate, Stance};

/// Fewer dated stories than this and the views say so instead of drawing a trend.
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
    /// The articles behind the pair, latest first.
    pub articles: Vec<&'a Article>,
    /// The corpus-wide aggregate, when the bundle has one with at least one story.
    pub aggregate: Option<&'a PairAggregate>,
    /// Dated timeline points `(days since epoch, score)`, in date order.
    pub trend: Vec<(i64, f64)>,
    /// The strongest recent quote touching the pair's evidence.
    pub quote: Option<QuoteRow<'a>>,
}

impl PairCard<'_> {
    pub fn stance(&self) -> Option<Stance> {
        self.aggregate.and_then(|a| a.stance)
    }
    /// Whether there are enough dated stories to draw a trend.
    pub fn has_trend(&self) -> bool {
        self.trend.len() >= MIN_TREND_POINTS
    }
    /// A plain sentence on how much evidence there is.
    pub fn evidence_note(&self) -> String {
        match self.aggregate {
            None if self.articles.is_empty() => "No assessment yet: no article in the corpus names both countries.".into(),
            None => format!(
                "No assessment yet: {} {} both countries, none codes an event between them.",
                plural(self.articles.len(), "article", "articles"),
                if self.articles.len() == 1 { "names" } else { "name" }
            ),
            Some(a) => {
                let stories = plural(a.stories as usize, "story", "stories");
                let arts = plural(a.articles as usize, "article", "articles");
                let outlets = plural(a.sources as usize, "outlet", "outlets");
                if self.has_trend() {
                    format!("From {stories} ({arts}, {outlets}).")
                } else {
                    format!("Thin evidence: {stories} ({arts}, {outlets}), too few for a trend.")
                }
            }
        }
    }
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The pair's aggregate, if it has been assessed (a stance or a timeline point): an aggregate
/// that only lists the articles naming both countries has no figure to show.
pub fn aggregate<'a>(bundle: &'a Bundle, pair: &str) -> Option<&'a PairAggregate> {
    bundle.pair(pair).filter(|a| a.stance.is_some() || !a.timeline.is_empty())
}

/// The focus pairs in display order, each with its stance and evidence; `rows` are the bundle's
/// quotes (`quote_rows`), computed once by the caller.
pub fn pair_cards<'a>(bundle: &'a Bundle, rows: &[QuoteRow<'a>]) -> Vec<PairCard<'a>> {
    bundle
        .focus_pairs
        .iter()
        .map(|pair| {
            let agg = aggregate(bundle, pair);
            let mut articles: Vec<&Article> =
                bundle.pair(pair).map(|p| p.article_ids.iter().filter_map(|id| bundle.article(id)).collect()).unwrap_or_default();
            articles.reverse(); // bundle order is by date: latest first
            articles.sort_by(|a, b| b.date.is_some().cmp(&a.date.is_some()));
            PairCard {
                pair,
                slug: pair.to_ascii_lowercase(),
                partner: bundle.country_name(crate::partner_code(pair)),
                articles,
                aggregate: agg,
                trend: agg.map(trend).unwrap_or_default(),
                quote: strongest_quote(rows, pair),
            }
        })
        .collect()
}

fn trend(a: &PairAggregate) -> Vec<(i64, f64)> {
    let mut v: Vec<(i64, f64)> = a.timeline.iter().filter_map(|p| Some((days(p.date.as_deref()?)?, p.score))).collect();
    v.sort_by_key(|p| p.0);
    v
}

/// The quote that best speaks for a pair lately: attributed quotes first, then those carrying
/// evidence weight, then the latest, then the weightiest.
pub fn strongest_quote<'a>(rows: &[QuoteRow<'a>], pair: &str) -> Option<QuoteRow<'a>> {
    rows.iter()
        .filter_map(|r| r.pairs.iter().find(|(p, _)| *p == pair).map(|(_, w)| (r, w.abs())))
        .max_by(|(a, wa), (b, wb)| {
            (a.speaker.is_some(), *wa > 0.0, a.date().unwrap_or(""))
                .cmp(&(b.speaker.is_some(), *wb > 0.0, b.date().unwrap_or("")))
                .then(wa.total_cmp(wb))
                .then(b.text.len().cmp(&a.text.len()))
        })
        .map(|(r, _)| r.clone())
}

/// One mark on a pair's timeline: an article standing for its story.
#[derive(Clone, Debug)]
pub struct Mark<'a> {
    pub article: &'a Article,
    pub date: Option<&'a str>,
    pub day: Option<i64>,
    pub score: f64,
    pub stance: Option<Stance>,
    /// Number of evidence sentences (the mark's size).
    pub evidence_count: u32,
    /// Other copies of the same story.
    pub copies: usize,
    /// The evidence sentences behind the mark, in text order.
    pub evidence: Vec<EvidenceLine<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceLine<'a> {
    pub sentence: u32,
    pub text: &'a str,
    pub weight: f64,
    /// The labels of the categories the sentence's events fall in.
    pub categories: Vec<String>,
}

/// The pair's timeline: one mark per story, in date order (undated ones last).
pub fn marks<'a>(bundle: &'a Bundle, pair: &str) -> Vec<Mark<'a>> {
    let Some(agg) = bundle.pair(pair) else { return Vec::new() };
    let mut out: Vec<Mark<'a>> = agg
        .timeline
        .iter()
        .filter_map(|p| {
            let article = bundle.article(&p.article)?;
            let copies = bundle.stories.iter().find(|s| s.id == p.story).map_or(0, |s| s.articles.len().saturating_sub(1));
            Some(Mark {
                article,
                date: p.date.as_deref(),
                day: p.date.as_deref().and_then(days),
                score: p.score,
                stance: p.stance,
                evidence_count: p.evidence,
                copies,
                evidence: evidence_lines(bundle, article, pair),
            })
        })
        .collect();
    out.sort_by_key(|m| (m.day.is_none(), m.day));
    out
}

/// The evidence sentences behind an article's assessment of a pair (focus or context).
pub fn evidence_lines<'a>(bundle: &Bundle, article: &'a Article, pair: &str) -> Vec<EvidenceLine<'a>> {
    let Some(a) = article.assessments.iter().chain(&article.context).find(|a| a.pair == pair) else { return Vec::new() };
    let mut lines: Vec<EvidenceLine<'a>> = a
        .evidence
        .iter()
        .map(|e| {
            let mut categories: Vec<String> = e
                .events
                .iter()
                .filter_map(|&i| article.events.get(i as usize))
                .map(|ev| category_label(bundle, &ev.category).to_string())
                .collect();
            categories.dedup();
            EvidenceLine { sentence: e.sentence, text: e.span.slice(&article.text).trim(), weight: e.weight, categories }
        })
        .collect();
    lines.sort_by_key(|l| l.sentence);
    lines
}

pub fn category_label<'a>(bundle: &'a Bundle, id: &'a str) -> &'a str {
    bundle.codebook.categories.iter().find(|c| c.id == id).map_or(id, |c| c.label.as_str())
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
pub fn category_rows(bundle: &Bundle, pair: &str) -> Vec<CategoryRow> {
    let Some(agg) = bundle.pair(pair) else { return Vec::new() };
    let order = |id: &str| bundle.codebook.categories.iter().position(|c| c.id == id).unwrap_or(usize::MAX);
    let mut rows: Vec<CategoryRow> = agg
        .categories
        .iter()
        .filter(|t| t.events > 0)
        .map(|t| CategoryRow {
            id: t.category.clone(),
            label: category_label(bundle, &t.category).to_string(),
            events: t.events,
            cooperation: t.cooperation,
            conflict: t.conflict.min(0.0),
        })
        .collect();
    rows.sort_by_key(|r| order(&r.id));
    rows
}

/// Context pairs that share a country with `pair` (but not the pair itself), strongest
/// evidence first.
pub fn context_pairs<'a>(bundle: &'a Bundle, pair: &str) -> Vec<&'a PairAggregate> {
    let (a, b) = pair.split_once('-').unwrap_or((pair, ""));
    let mut v: Vec<&PairAggregate> = bundle
        .pairs
        .iter()
        .filter(|p| !p.focus && p.pair != pair)
        .filter(|p| p.pair.split('-').any(|c| c == a || c == b))
        .collect();
    v.sort_by(|x, y| y.stories.cmp(&x.stories).then(y.confidence.total_cmp(&x.confidence)).then(x.pair.cmp(&y.pair)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::quote_rows;
    use crate::test_bundle;

    #[test]
    fn cards_say_when_evidence_is_thin_or_missing() {
        let b = test_bundle();
        let cards = pair_cards(&b, &quote_rows(&b));
        assert_eq!(cards.iter().map(|c| c.pair).collect::<Vec<_>>(), ["KH-UA", "KH-RU", "KH-US", "KH-CN"]);
        let ua = &cards[0];
        assert!(ua.aggregate.is_none() && ua.quote.is_none() && !ua.has_trend());
        assert!(ua.evidence_note().starts_with("No assessment yet"));
        let cn = &cards[3];
        assert_eq!(cn.partner, "China");
        assert_eq!(cn.stance(), Some(Stance::Mixed));
        assert_eq!(cn.trend.len(), 1);
        assert!(!cn.has_trend());
        assert_eq!(cn.evidence_note(), "Thin evidence: 1 story (1 article, 1 outlet), too few for a trend.");
        // Attributed, weighty: the conflict quote outweighs the naval one (|−3| > 2), same date.
        assert_eq!(cn.quote.as_ref().unwrap().speaker, Some("An aide"));
        assert_eq!(cn.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn an_unassessed_aggregate_shows_no_figure() {
        let mut b = test_bundle();
        b.pairs.push(PairAggregate { pair: "KH-US".into(), focus: true, stories: 1, articles: 1, article_ids: vec!["b".into()], ..Default::default() });
        let us = &pair_cards(&b, &quote_rows(&b))[2];
        assert!(us.aggregate.is_none());
        assert_eq!(us.evidence_note(), "No assessment yet: 1 article names both countries, none codes an event between them.");
    }

    #[test]
    fn marks_carry_their_evidence() {
        let b = test_bundle();
        let m = marks(&b, "KH-CN");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].evidence.len(), 2);
        assert!(m[0].evidence[0].text.contains("naval visit"));
        assert_eq!(m[0].evidence[0].categories, ["Praise or support"]);
        assert_eq!(m[0].evidence[1].weight, -3.0);
        assert!(marks(&b, "KH-UA").is_empty());
    }

    #[test]
    fn categories_follow_codebook_order_and_context_pairs_share_a_country() {
        let b = test_bundle();
        let rows = category_rows(&b, "KH-CN");
        assert_eq!(rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["Praise or support", "Reject"]);
        assert_eq!(rows[1].conflict, -3.0);
        assert_eq!(context_pairs(&b, "KH-CN").iter().map(|p| p.pair.as_str()).collect::<Vec<_>>(), ["CN-US"]);
        assert!(context_pairs(&b, "KH-UA").is_empty());
    }
}
