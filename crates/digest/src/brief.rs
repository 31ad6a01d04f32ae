//! The briefing deck: which slides, in which order, with what on them, from the bundle.

use crate::quotes::QuoteRow;
use dyad_model::{Article, Bundle, PairAggregate};

/// One slide of the deck.
#[derive(Clone, Debug, PartialEq)]
pub enum Slide {
    /// Title: the corpus span and the day of the build.
    Title,
    /// The four focus pairs compared.
    Overview,
    /// One focus pair (`KH-UA`).
    Pair(String),
    /// The other pairs the articles speak about.
    Context,
    /// Every article cited, and how the scores are made.
    Sources,
}

impl Slide {
    pub fn title(&self, bundle: &Bundle) -> String {
        match self {
            Slide::Title => "Title".to_string(),
            Slide::Overview => "The four relationships".to_string(),
            Slide::Pair(p) => crate::pair_name(bundle, p),
            Slide::Context => "Context: the other pairs".to_string(),
            Slide::Sources => "Sources and method".to_string(),
        }
    }
}

/// The deck: title, overview, a slide per focus pair, context (when there are context pairs),
/// sources and method.
pub fn deck(bundle: &Bundle) -> Vec<Slide> {
    let mut slides = vec![Slide::Title, Slide::Overview];
    slides.extend(bundle.focus_pairs.iter().map(|p| Slide::Pair(p.clone())));
    if !context_pairs(bundle).is_empty() {
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
pub fn context_pairs(bundle: &Bundle) -> Vec<&PairAggregate> {
    let mut v: Vec<&PairAggregate> = bundle.pairs.iter().filter(|p| !p.focus && p.stance.is_some()).collect();
    v.sort_by(|a, b| b.stories.cmp(&a.stories).then(b.confidence.total_cmp(&a.confidence)).then(a.pair.cmp(&b.pair)));
    v
}

/// Up to `n` quotes for a pair's slide: attributed quotes that carry the pair's evidence, the
/// weightiest first, at most one per speaker so the slide is not one voice.
pub fn key_quotes<'r, 'a>(rows: &'r [QuoteRow<'a>], pair: &str, n: usize) -> Vec<&'r QuoteRow<'a>> {
    let mut candidates: Vec<(&QuoteRow<'a>, f64)> = rows
        .iter()
        .filter(|r| r.speaker.is_some())
        .filter_map(|r| r.pairs.iter().find(|(p, _)| *p == pair).map(|(_, w)| (r, w.abs())))
        .filter(|(_, w)| *w > 0.0)
        .collect();
    candidates.sort_by(|(a, wa), (b, wb)| wb.total_cmp(wa).then(b.date().cmp(&a.date())).then(a.text.len().cmp(&b.text.len())));
    let mut out: Vec<&QuoteRow<'a>> = Vec::new();
    for (r, _) in candidates {
        if out.len() == n {
            break;
        }
        if !out.iter().any(|o| o.speaker == r.speaker) {
            out.push(r);
        }
    }
    out
}

/// Every article the deck draws on: those with a focus assessment, or behind a context pair
/// shown, in date order.
pub fn cited_articles(bundle: &Bundle) -> Vec<&Article> {
    let context: Vec<&str> = context_pairs(bundle).iter().map(|p| p.pair.as_str()).collect();
    bundle
        .articles
        .iter()
        .filter(|a| !a.assessments.is_empty() || a.context.iter().any(|c| context.contains(&c.pair.as_str())))
        .collect()
}

/// "2 Nov 2022 – 30 Nov 2024", or what is known of it.
pub fn corpus_span(bundle: &Bundle) -> String {
    match (&bundle.stats.first_date, &bundle.stats.last_date) {
        (Some(a), Some(b)) if a == b => crate::text::human_date(Some(a)),
        (Some(a), Some(b)) => format!("{} – {}", crate::text::human_date(Some(a)), crate::text::human_date(Some(b))),
        _ => "dates unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::{Assessment, CorpusStats, Stance};

    fn bundle() -> Bundle {
        Bundle {
            focus_pairs: vec!["KH-UA".into(), "KH-CN".into()],
            pairs: vec![
                PairAggregate { pair: "KH-UA".into(), focus: true, stance: Some(Stance::Cooperative), ..Default::default() },
                PairAggregate { pair: "RU-UA".into(), stance: Some(Stance::Strained), stories: 2, ..Default::default() },
                PairAggregate { pair: "UA-US".into(), stance: Some(Stance::Cooperative), stories: 3, ..Default::default() },
                PairAggregate { pair: "CN-US".into(), stance: None, stories: 5, ..Default::default() },
            ],
            articles: vec![
                Article { id: "a".into(), assessments: vec![Assessment { pair: "KH-UA".into(), ..Default::default() }], ..Default::default() },
                Article { id: "b".into(), context: vec![Assessment { pair: "RU-UA".into(), ..Default::default() }], ..Default::default() },
                Article { id: "c".into(), context: vec![Assessment { pair: "CN-US".into(), ..Default::default() }], ..Default::default() },
            ],
            stats: CorpusStats { first_date: Some("2022-11-02".into()), last_date: Some("2024-11-30".into()), ..Default::default() },
            ..Default::default()
        }
    }

    #[test]
    fn deck_has_title_overview_each_pair_context_and_sources() {
        let d = deck(&bundle());
        assert_eq!(
            d,
            vec![Slide::Title, Slide::Overview, Slide::Pair("KH-UA".into()), Slide::Pair("KH-CN".into()), Slide::Context, Slide::Sources]
        );
        let no_context = Bundle { pairs: vec![], ..bundle() };
        assert!(!deck(&no_context).contains(&Slide::Context));
    }

    #[test]
    fn context_pairs_need_a_stance_and_sort_by_evidence() {
        let b = bundle();
        let pairs: Vec<&str> = context_pairs(&b).iter().map(|p| p.pair.as_str()).collect();
        assert_eq!(pairs, vec!["UA-US", "RU-UA"]);
    }

    #[test]
    fn cited_articles_are_those_behind_what_the_deck_shows() {
        let b = bundle();
        let ids: Vec<&str> = cited_articles(&b).iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b"]);
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
        assert_eq!(corpus_span(&bundle()), "2 Nov 2022 – 30 Nov 2024");
    }
}
