//! What the views show, computed from the bundle.
//!
//! Pure functions from [`dyad_model::Bundle`] to small view models: no Leptos, no browser, so
//! every figure on screen is unit-tested natively. The charts are drawn here too ([`charts`]),
//! as SVG strings from plotters, so their labels' escaping is tested natively.

pub mod brief;
pub mod charts;
pub mod export;
pub mod pairs;
pub mod quotes;
pub mod reader;
pub mod route;
pub mod text;

pub use pairs::{pair_cards, PairCard};

/// `KH-CN` → `CN`.
pub fn partner_code(pair: &str) -> &str {
    pair.split_once('-').map_or(pair, |(_, b)| b)
}

/// `KH-CN` → `Cambodia – China`, with the bundle's country names.
pub fn pair_name(bundle: &dyad_model::Bundle, pair: &str) -> String {
    match pair.split_once('-') {
        Some((a, b)) => format!("{} – {}", bundle.country_name(a), bundle.country_name(b)),
        None => pair.to_string(),
    }
}

#[cfg(test)]
pub(crate) fn test_bundle() -> dyad_model::Bundle {
    use dyad_model::*;
    fn span(text: &str, needle: &str) -> Span {
        let s = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
        Span::new(s, s + needle.len())
    }
    let ta = "Hun Manet said “We welcome the naval visit” on Monday. An aide said “Phnom Pénh rejects the claims” later.";
    let s0 = span(ta, "Hun Manet said “We welcome the naval visit” on Monday.");
    let s1 = span(ta, "An aide said “Phnom Pénh rejects the claims” later.");
    let a = Article {
        id: "a".into(),
        file: "a.txt".into(),
        title: "Visit set".into(),
        source: "Post".into(),
        date: Some("2023-10-27".into()),
        text: ta.into(),
        story: "a".into(),
        paragraphs: vec![Span::new(0, ta.len())],
        sentences: vec![Sentence { span: s0, paragraph: 0 }, Sentence { span: s1, paragraph: 0 }],
        quotes: vec![
            Quote {
                span: span(ta, "We welcome the naval visit"),
                sentences: (0, 0),
                speaker: Some(Speaker { name: "Hun Manet".into(), actor: Some("hun-manet".into()), country: Some("KH".into()), mention: None }),
            },
            Quote {
                span: span(ta, "Phnom Pénh rejects the claims"),
                sentences: (1, 1),
                speaker: Some(Speaker { name: "An aide".into(), ..Default::default() }),
            },
        ],
        events: vec![
            Event { sentence: 0, source: "KH".into(), target: "CN".into(), category: "support".into(), weight: 2.0, trigger: span(ta, "welcome"), flags: Flags::default() },
            Event { sentence: 1, source: "KH".into(), target: "CN".into(), category: "reject".into(), weight: -3.0, trigger: span(ta, "rejects"), flags: Flags { negated: false, hypothetical: true, historical: false } },
        ],
        assessments: vec![Assessment {
            pair: "KH-CN".into(),
            stance: Some(Stance::Mixed),
            score: -0.2,
            confidence: 0.5,
            evidence: vec![
                Evidence { span: s0, sentence: 0, events: vec![0], weight: 2.0 },
                Evidence { span: s1, sentence: 1, events: vec![1], weight: -3.0 },
            ],
        }],
        ..Article::default()
    };
    let tb = "“Plain words here” were said.";
    let b = Article {
        id: "b".into(),
        file: "b.txt".into(),
        title: "Other".into(),
        source: "Wire".into(),
        date: Some("2024-02-01".into()),
        url: Some("https://example.org/b".into()),
        text: tb.into(),
        story: "b".into(),
        sentences: vec![Sentence { span: Span::new(0, tb.len()), paragraph: 0 }],
        quotes: vec![Quote { span: span(tb, "Plain words here"), sentences: (0, 0), speaker: None }],
        ..Article::default()
    };
    Bundle {
        schema_version: SCHEMA_VERSION,
        focus: "KH".into(),
        focus_pairs: FOCUS_PAIRS.iter().map(|s| s.to_string()).collect(),
        countries: [("KH", "Cambodia"), ("UA", "Ukraine"), ("RU", "Russia"), ("US", "United States"), ("CN", "China")]
            .iter()
            .map(|(c, n)| Country { code: c.to_string(), name: n.to_string() })
            .collect(),
        codebook: CodebookInfo {
            name: "test".into(),
            version: 1,
            categories: vec![
                Category { id: "support".into(), label: "Praise or support".into(), weight: 3.5, ..Default::default() },
                Category { id: "reject".into(), label: "Reject".into(), weight: -4.0, ..Default::default() },
            ],
            thresholds: Thresholds { cooperative: 0.4, strained: -0.4 },
            ..Default::default()
        },
        articles: vec![a, b],
        pairs: vec![
            PairAggregate {
                pair: "KH-CN".into(),
                focus: true,
                stance: Some(Stance::Mixed),
                score: -0.2,
                confidence: 0.5,
                stories: 1,
                articles: 1,
                sources: 1,
                article_ids: vec!["a".into()],
                timeline: vec![TimelinePoint { story: "a".into(), article: "a".into(), date: Some("2023-10-27".into()), score: -0.2, stance: Some(Stance::Mixed), evidence: 2 }],
                months: vec![],
                categories: vec![
                    CategoryTally { category: "support".into(), events: 1, cooperation: 2.0, conflict: 0.0 },
                    CategoryTally { category: "reject".into(), events: 1, cooperation: 0.0, conflict: -3.0 },
                ],
            },
            PairAggregate { pair: "CN-US".into(), focus: false, stories: 1, articles: 1, article_ids: vec!["a".into()], ..Default::default() },
        ],
        stats: CorpusStats { articles: 2, stories: 2, sources: 2, ..Default::default() },
        ..Bundle::default()
    }
}
