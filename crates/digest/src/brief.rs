//! The briefing deck: which slides, in which order, with what on them, from the bundle.

use crate::period::Period;
use dyad_model::layout::{ArticleMeta, Catalog, PairSummary};
use dyad_model::{CorpusStats, Country};

/// One slide of the deck.
#[derive(Clone, Debug, PartialEq)]
pub enum Slide {
    /// Title: the period and the day of the build.
    Title,
    /// The focus pairs compared.
    Overview,
    /// One focus pair (`KH-UA`).
    Pair(String),
    /// The other pairs the articles speak about.
    Context,
    /// Every article cited, and how the scores are made.
    Sources,
}

impl Slide {
    /// The slide's title; `pairs` is the number of focus pairs.
    pub fn title(&self, countries: &[Country], pairs: usize) -> String {
        match self {
            Slide::Title => "Title".to_string(),
            Slide::Overview => format!("The {} relationships", crate::count_word(pairs)),
            Slide::Pair(p) => crate::pair_name(countries, p),
            Slide::Context => "Context: the other pairs".to_string(),
            Slide::Sources => "Sources and method".to_string(),
        }
    }
}

/// The deck: title, overview, a slide per focus pair, context (when there are context pairs
/// with a stance), sources and method.
pub fn deck(focus_pairs: &[String], summaries: &[PairSummary]) -> Vec<Slide> {
    let mut slides = vec![Slide::Title, Slide::Overview];
    slides.extend(focus_pairs.iter().map(|p| Slide::Pair(p.clone())));
    if !context_pairs(summaries).is_empty() {
        slides.push(Slide::Context);
    }
    slides.push(Slide::Sources);
    slides
}

/// A 1-based slide number from the URL, clamped into the deck (`None` is the first slide).
pub fn clamp_slide(n: Option<usize>, len: usize) -> usize {
    n.unwrap_or(1).clamp(1, len.max(1))
}

/// The context pairs with a stance, the best-evidenced first.
pub fn context_pairs(summaries: &[PairSummary]) -> Vec<&PairSummary> {
    let mut v: Vec<&PairSummary> = summaries
        .iter()
        .filter(|p| !p.focus && p.stance.is_some())
        .collect();
    crate::sort::sort_by(&mut v, |a, b| {
        b.stories
            .cmp(&a.stories)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.pair.cmp(&b.pair))
    });
    v
}

/// Every article of the period the deck draws on: those with a focus assessment, or behind a
/// context pair shown, in date order.
pub fn cited_articles<'a>(
    catalog: &'a Catalog,
    summaries: &[PairSummary],
    period: &Period,
) -> Vec<&'a ArticleMeta> {
    let context: Vec<&str> = context_pairs(summaries)
        .iter()
        .map(|p| p.pair.as_str())
        .collect();
    catalog
        .articles
        .iter()
        .filter(|a| period.contains(a.date.as_deref()))
        .filter(|a| {
            !a.assessments.is_empty()
                || a.context.iter().any(|c| context.contains(&c.pair.as_str()))
        })
        .collect()
}

/// "2 Nov 2022 – 30 Nov 2024", or what is known of it.
pub fn corpus_span(stats: &CorpusStats) -> String {
    match (&stats.first_date, &stats.last_date) {
        (Some(a), Some(b)) if a == b => crate::date::human_date(Some(a)),
        (Some(a), Some(b)) => format!(
            "{} – {}",
            crate::date::human_date(Some(a)),
            crate::date::human_date(Some(b))
        ),
        _ => "dates unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::layout::AssessmentMeta;
    use dyad_model::Stance;

    fn summaries() -> Vec<PairSummary> {
        vec![
            PairSummary {
                pair: "KH-UA".into(),
                focus: true,
                stance: Some(Stance::Cooperative),
                ..Default::default()
            },
            PairSummary {
                pair: "RU-UA".into(),
                stance: Some(Stance::Strained),
                stories: 2,
                ..Default::default()
            },
            PairSummary {
                pair: "UA-US".into(),
                stance: Some(Stance::Cooperative),
                stories: 3,
                ..Default::default()
            },
            PairSummary {
                pair: "CN-US".into(),
                stance: None,
                stories: 5,
                ..Default::default()
            },
        ]
    }

    fn catalog() -> Catalog {
        let with = |id: &str, date: &str, focus: &[&str], context: &[&str]| ArticleMeta {
            id: id.into(),
            date: Some(date.into()),
            assessments: focus
                .iter()
                .map(|p| AssessmentMeta {
                    pair: p.to_string(),
                    ..Default::default()
                })
                .collect(),
            context: context
                .iter()
                .map(|p| AssessmentMeta {
                    pair: p.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        Catalog {
            articles: vec![
                with("a", "2023-01-05", &["KH-UA"], &[]),
                with("b", "2023-02-05", &[], &["RU-UA"]),
                with("c", "2023-03-05", &[], &["CN-US"]),
                with("d", "2024-03-05", &["KH-UA"], &[]),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn deck_has_title_overview_each_pair_context_and_sources() {
        let focus = vec!["KH-UA".to_string(), "KH-CN".to_string()];
        let d = deck(&focus, &summaries());
        assert_eq!(
            d,
            vec![
                Slide::Title,
                Slide::Overview,
                Slide::Pair("KH-UA".into()),
                Slide::Pair("KH-CN".into()),
                Slide::Context,
                Slide::Sources
            ]
        );
        assert!(!deck(&focus, &[]).contains(&Slide::Context));
    }

    #[test]
    fn context_pairs_need_a_stance_and_sort_by_evidence() {
        let s = summaries();
        let pairs: Vec<&str> = context_pairs(&s).iter().map(|p| p.pair.as_str()).collect();
        assert_eq!(pairs, vec!["UA-US", "RU-UA"]);
    }

    #[test]
    fn cited_articles_are_those_behind_what_the_deck_shows_in_the_period() {
        let (c, s) = (catalog(), summaries());
        let ids = |p: Period| {
            cited_articles(&c, &s, &p)
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(Period::ALL), vec!["a", "b", "d"]);
        assert_eq!(
            ids(Period::parse(Some("2024-01"), Some("2024-12"))),
            vec!["d"]
        );
    }

    #[test]
    fn slide_numbers_are_clamped() {
        assert_eq!(clamp_slide(None, 8), 1);
        assert_eq!(clamp_slide(Some(0), 8), 1);
        assert_eq!(clamp_slide(Some(9), 8), 8);
        assert_eq!(clamp_slide(Some(3), 8), 3);
    }

    #[test]
    fn span_of_dates() {
        let stats = CorpusStats {
            first_date: Some("2022-11-02".into()),
            last_date: Some("2024-11-30".into()),
            ..Default::default()
        };
        assert_eq!(corpus_span(&stats), "2 Nov 2022 – 30 Nov 2024");
    }
}
