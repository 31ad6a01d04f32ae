//! The quote explorer: every quote in the corpus with its speaker, outlet, date, the pairs whose
//! evidence it touches and its tone; search, filters, facets and the citation line.

use crate::text::{fold, matches};
use dyad_model::layout::{ArticleMeta, AssessmentMeta, Catalog, QuoteMeta};

/// The explorer's filters, as they stand in the hash query (`#/quotes?pair=kh-cn&q=naval`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuoteFilter {
    /// Free text: every word must occur in the quote, its speaker, the title or the outlet.
    pub q: String,
    /// `KH-CN`.
    pub pair: Option<String>,
    pub speaker: Option<String>,
    /// The speaker's country code.
    pub country: Option<String>,
    /// `cooperation`, `conflict` or `neutral`.
    pub tone: Option<String>,
    pub outlet: Option<String>,
    /// Only quotes whose judgements an analyst reviewed, or only those none did.
    pub reviewed: crate::review::ReviewFilter,
}

impl QuoteFilter {
    pub fn is_empty(&self) -> bool {
        *self == QuoteFilter::default()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone {
    Cooperation,
    Conflict,
    Neutral,
}

impl Tone {
    pub fn of(weight: f64) -> Tone {
        if weight > 1e-9 {
            Tone::Cooperation
        } else if weight < -1e-9 {
            Tone::Conflict
        } else {
            Tone::Neutral
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Cooperation => "cooperation",
            Tone::Conflict => "conflict",
            Tone::Neutral => "neutral",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Tone::Cooperation => "Cooperation",
            Tone::Conflict => "Conflict",
            Tone::Neutral => "No coded event",
        }
    }
}

/// One quote as the explorer lists it.
#[derive(Clone, Debug)]
pub struct QuoteRow<'a> {
    pub article: &'a ArticleMeta,
    pub quote: &'a QuoteMeta,
    pub text: &'a str,
    pub speaker: Option<&'a str>,
    pub country: Option<&'a str>,
    /// Focus and context pairs whose evidence lies in the quote's sentences, with the evidence
    /// weight they draw from it.
    pub pairs: Vec<(&'a str, f64)>,
    /// The sum of the evidence weights in the quote's sentences.
    pub weight: f64,
    pub tone: Tone,
    /// The first of the quote's pairs whose judgement in the article an analyst reviewed.
    pub reviewed: Option<&'a AssessmentMeta>,
    /// Quote, speaker, title and outlet, folded for search.
    folded: String,
}

impl QuoteRow<'_> {
    pub fn date(&self) -> Option<&str> {
        self.article.date.as_deref()
    }
    pub fn outlet(&self) -> &str {
        &self.article.source
    }
    /// The first sentence of the quote, for deep links.
    pub fn sentence(&self) -> u32 {
        self.quote.sentences.0
    }
    pub fn has_pair(&self, pair: &str) -> bool {
        self.pairs.iter().any(|(p, _)| *p == pair)
    }
    /// The evidence weight the quote carries for `pair` (0 when none).
    pub fn weight_for(&self, pair: &str) -> f64 {
        self.pairs
            .iter()
            .find(|(p, _)| *p == pair)
            .map_or(0.0, |(_, w)| *w)
    }
    /// The quote as the key-quote ranking reads it for `pair`, if it carries the pair's evidence.
    pub fn candidate(&self, pair: &str) -> Option<crate::keyquotes::Candidate<'_>> {
        let &(_, weight) = self.pairs.iter().find(|(p, _)| *p == pair)?;
        Some(crate::keyquotes::Candidate {
            text: self.text,
            speaker: self.speaker,
            date: self.date(),
            weight,
            article: &self.article.id,
            sentence: self.sentence(),
        })
    }
}

/// The fewest words a quote needs to stand as a statement: a quoted phrase of fewer (“very soon”,
/// “Golden Dragon”) is listed as a phrase, never shown as a pair's key quote.
pub const STATEMENT_WORDS: usize = 4;

/// Whether quoted words are a statement rather than a phrase.
pub fn is_statement(text: &str) -> bool {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
        >= STATEMENT_WORDS
}

/// Every quote of every article, the latest articles first.
pub fn quote_rows<'a>(
    catalog: &'a Catalog,
    quotes: &'a [QuoteMeta],
    focus_pairs: &[String],
) -> Vec<QuoteRow<'a>> {
    let mut rows = Vec::with_capacity(quotes.len());
    for quote in quotes {
        let Some(article) = catalog.articles.get(quote.article as usize) else {
            continue;
        };
        let pairs: Vec<(&str, f64)> = quote.pairs.iter().map(|(p, w)| (p.as_str(), *w)).collect();
        let is_focus = |p: &str| focus_pairs.iter().any(|f| f == p);
        let weight = if pairs.iter().any(|(p, _)| is_focus(p)) {
            pairs
                .iter()
                .filter(|(p, _)| is_focus(p))
                .map(|(_, w)| w)
                .sum::<f64>()
        } else {
            pairs.iter().map(|(_, w)| w).sum()
        };
        let text = quote.text.as_str();
        let speaker = quote.speaker.as_deref();
        let country = quote.country.as_deref();
        let folded = fold(&format!(
            "{text}\n{}\n{}\n{}",
            speaker.unwrap_or(""),
            article.title,
            article.source
        ));
        let reviewed = article
            .assessments
            .iter()
            .chain(&article.context)
            .find(|a| a.review.is_some() && pairs.iter().any(|(p, _)| *p == a.pair));
        rows.push(QuoteRow {
            reviewed,
            article,
            quote,
            text,
            speaker,
            country,
            pairs,
            weight,
            tone: Tone::of(weight),
            folded,
        });
    }
    // Latest first; unknown dates last; stable otherwise (catalog order).
    crate::sort::sort_by(&mut rows, |a, b| match (a.date(), b.date()) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    rows
}

/// Whether a row passes every filter.
pub fn passes(row: &QuoteRow<'_>, f: &QuoteFilter) -> bool {
    f.pair.as_deref().is_none_or(|p| row.has_pair(p))
        && f.speaker.as_deref().is_none_or(|s| row.speaker == Some(s))
        && f.country.as_deref().is_none_or(|c| row.country == Some(c))
        && f.tone.as_deref().is_none_or(|t| row.tone.as_str() == t)
        && f.outlet.as_deref().is_none_or(|o| row.outlet() == o)
        && f.reviewed.passes(row.reviewed.is_some())
        && matches(&row.folded, &f.q)
}

pub fn filter<'r, 'a>(rows: &[&'r QuoteRow<'a>], f: &QuoteFilter) -> Vec<&'r QuoteRow<'a>> {
    rows.iter().copied().filter(|r| passes(r, f)).collect()
}

/// The values a filter can take, with how many quotes have each, most frequent first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facets {
    pub pairs: Vec<(String, usize)>,
    pub speakers: Vec<(String, usize)>,
    pub countries: Vec<(String, usize)>,
    pub tones: Vec<(String, usize)>,
    pub outlets: Vec<(String, usize)>,
}

pub fn facets(rows: &[&QuoteRow<'_>], focus_pairs: &[String]) -> Facets {
    fn count<'x>(items: impl Iterator<Item = &'x str>) -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = Vec::new();
        for it in items {
            match v.iter_mut().find(|(k, _)| k == it) {
                Some((_, n)) => *n += 1,
                None => v.push((it.to_string(), 1)),
            }
        }
        crate::sort::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
    let mut pairs = count(rows.iter().flat_map(|r| r.pairs.iter().map(|(p, _)| *p)));
    // Focus pairs first, in display order, even with no quote; context pairs after.
    let mut ordered: Vec<(String, usize)> = focus_pairs
        .iter()
        .map(|p| {
            (
                p.clone(),
                pairs.iter().find(|(k, _)| k == p).map_or(0, |(_, n)| *n),
            )
        })
        .collect();
    pairs.retain(|(k, _)| !focus_pairs.contains(k));
    ordered.extend(pairs);
    Facets {
        pairs: ordered,
        speakers: count(rows.iter().filter_map(|r| r.speaker)),
        countries: count(rows.iter().filter_map(|r| r.country)),
        tones: count(rows.iter().map(|r| r.tone.as_str())),
        outlets: count(rows.iter().map(|r| r.outlet())),
    }
}

/// `“quote” — Speaker, Outlet, 27 Oct 2023`.
pub fn citation(row: &QuoteRow<'_>) -> String {
    let text = row.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut parts = vec![
        row.speaker.unwrap_or("unattributed").to_string(),
        row.outlet().to_string(),
    ];
    parts.push(crate::date::human_date(row.date()));
    let mut c = format!("“{text}” — {}", parts.join(", "));
    if let Some(url) = &row.article.url {
        c.push_str(&format!(" <{url}>"));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_data;

    #[test]
    fn rows_carry_pairs_tone_and_speaker() {
        let d = test_data();
        let rows = quote_rows(&d.catalog, &d.quotes.quotes, &d.index.focus_pairs);
        assert_eq!(rows.len(), 3);
        // Latest first.
        assert_eq!(rows[0].article.id, "b");
        let naval = rows.iter().find(|r| r.text.contains("naval")).unwrap();
        assert_eq!(naval.speaker, Some("Hun Manet"));
        assert_eq!(naval.country, Some("KH"));
        assert!(naval.has_pair("KH-CN"));
        assert_eq!(naval.tone, Tone::Cooperation);
        let conflict = rows.iter().find(|r| r.text.contains("Pénh")).unwrap();
        assert_eq!(conflict.tone, Tone::Conflict);
        let plain = rows.iter().find(|r| r.speaker.is_none()).unwrap();
        assert_eq!((plain.tone, plain.pairs.len()), (Tone::Neutral, 0));
    }

    #[test]
    fn search_and_filters_narrow() {
        let d = test_data();
        let rows = quote_rows(&d.catalog, &d.quotes.quotes, &d.index.focus_pairs);
        let rows: Vec<&QuoteRow> = rows.iter().collect();
        let n = |f: QuoteFilter| filter(&rows, &f).len();
        assert_eq!(n(QuoteFilter::default()), 3);
        assert_eq!(
            n(QuoteFilter {
                q: "NAVAL".into(),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            n(QuoteFilter {
                q: "phnom penh".into(),
                ..Default::default()
            }),
            1,
            "accent-insensitive"
        );
        assert_eq!(
            n(QuoteFilter {
                q: "hun manet".into(),
                ..Default::default()
            }),
            1,
            "speaker searched"
        );
        assert_eq!(
            n(QuoteFilter {
                pair: Some("KH-CN".into()),
                ..Default::default()
            }),
            2
        );
        assert_eq!(
            n(QuoteFilter {
                pair: Some("KH-CN".into()),
                q: "naval".into(),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            n(QuoteFilter {
                tone: Some("conflict".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            n(QuoteFilter {
                outlet: Some("Post".into()),
                ..Default::default()
            }),
            2
        );
        assert_eq!(
            n(QuoteFilter {
                country: Some("KH".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            n(QuoteFilter {
                speaker: Some("Hun Manet".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            n(QuoteFilter {
                q: "zzz".into(),
                ..Default::default()
            }),
            0
        );
    }

    #[test]
    fn facets_count_and_keep_focus_pairs() {
        let d = test_data();
        let rows = quote_rows(&d.catalog, &d.quotes.quotes, &d.index.focus_pairs);
        let f = facets(&rows.iter().collect::<Vec<_>>(), &d.index.focus_pairs);
        assert_eq!(f.pairs[0], ("KH-UA".to_string(), 0));
        assert!(f.pairs.contains(&("KH-CN".to_string(), 2)));
        assert_eq!(f.outlets[0], ("Post".to_string(), 2));
    }

    #[test]
    fn citation_names_speaker_outlet_and_date() {
        let d = test_data();
        let rows = quote_rows(&d.catalog, &d.quotes.quotes, &d.index.focus_pairs);
        let naval = rows.iter().find(|r| r.text.contains("naval")).unwrap();
        assert_eq!(
            citation(naval),
            "“We welcome the naval visit” — Hun Manet, Post, 27 Oct 2023"
        );
        let plain = rows.iter().find(|r| r.speaker.is_none()).unwrap();
        assert!(
            citation(plain).contains("— unattributed, Wire, 1 Feb 2024 <https://example.org/b>"),
            "{}",
            citation(plain)
        );
    }

    #[test]
    fn a_phrase_of_a_few_words_is_no_statement() {
        for phrase in [
            "very soon",
            "Golden Dragon",
            "good",
            "active",
            "a “strategic” — step",
            "",
        ] {
            assert!(!is_statement(phrase), "{phrase}");
        }
        assert!(is_statement("We welcome the naval visit"));
        assert!(is_statement("Phnom Pénh rejects the claims"));
    }
}
