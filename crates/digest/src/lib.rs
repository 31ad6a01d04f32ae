//! What the views show, computed from the site's data (`dyad_model::layout`).
//!
//! Pure functions from the index, the catalog, the quotes and full articles to small view
//! models: no Leptos, no browser, so every figure on screen is unit-tested natively. The pair
//! judgements over a period ([`period`]) are computed here for the app and for the compiler,
//! which writes the whole corpus's into the index. The charts are drawn here too ([`charts`]),
//! as SVG strings from plotters, so their labels' escaping is tested natively.

pub mod brief;
pub mod charts;
pub mod cite;
pub mod date;
pub mod export;
pub mod keyquotes;
pub mod pairs;
pub mod period;
pub mod quotes;
pub mod reader;
pub mod review;
pub mod route;
pub mod sort;
pub mod text;

pub use pairs::{pair_cards, PairCard};

use dyad_model::layout::Index;
use dyad_model::Country;

/// `KH-CN` → `CN`.
pub fn partner_code(pair: &str) -> &str {
    pair.split_once('-').map_or(pair, |(_, b)| b)
}

/// A country's name from its code, or the code when the list does not have it.
pub fn country_name<'a>(countries: &'a [Country], code: &'a str) -> &'a str {
    countries
        .iter()
        .find(|c| c.code == code)
        .map_or(code, |c| c.name.as_str())
}

/// `KH-CN` → `Cambodia – China`, with the data's country names.
pub fn pair_name(countries: &[Country], pair: &str) -> String {
    match pair.split_once('-') {
        Some((a, b)) => format!(
            "{} – {}",
            country_name(countries, a),
            country_name(countries, b)
        ),
        None => pair.to_string(),
    }
}

/// The focus country's name, from the data (`Cambodia` for the built-in codebook's `KH`).
pub fn focus_name(index: &Index) -> &str {
    country_name(&index.countries, &index.focus)
}

/// "Cambodia's relations with Ukraine, Russia, the United States and China", from the data.
pub fn relations_title(index: &Index) -> String {
    let the = |code: &str| {
        let name = country_name(&index.countries, code);
        if name.starts_with("United ") {
            format!("the {name}")
        } else {
            name.to_string()
        }
    };
    let partners: Vec<String> = index
        .focus_pairs
        .iter()
        .map(|p| the(partner_code(p)))
        .collect();
    let list = match partners.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    };
    format!("{}'s relations with {list}", focus_name(index))
}

/// A small count in words (`four`), larger ones in digits: "the four relationships".
pub fn count_word(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// The test corpus as the site's files hold it.
#[cfg(test)]
pub(crate) struct TestData {
    pub index: dyad_model::layout::Index,
    pub catalog: dyad_model::layout::Catalog,
    pub quotes: dyad_model::layout::Quotes,
    pub articles: Vec<dyad_model::Article>,
}

/// [`test_bundle`] split as the compiler splits a bundle (`dyad_corpus::layout`), with the
/// index's pairs computed by [`period::summaries`] over the whole corpus.
#[cfg(test)]
pub(crate) fn test_data() -> TestData {
    use dyad_model::layout::*;
    use dyad_model::CategoryTally;
    let b = test_bundle();
    let meta = |x: &dyad_model::Assessment, a: &dyad_model::Article| {
        let (p, q) = x.pair.split_once('-').unwrap();
        let mut categories: Vec<CategoryTally> = Vec::new();
        for e in a
            .events
            .iter()
            .filter(|e| (e.source == p && e.target == q) || (e.source == q && e.target == p))
        {
            let t = match categories.iter_mut().find(|c| c.category == e.category) {
                Some(t) => t,
                None => {
                    categories.push(CategoryTally {
                        category: e.category.clone(),
                        ..Default::default()
                    });
                    categories.last_mut().unwrap()
                }
            };
            t.events += 1;
            if e.weight > 0.0 {
                t.cooperation += e.weight;
            } else {
                t.conflict += e.weight;
            }
        }
        categories.sort_by(|a, b| a.category.cmp(&b.category));
        AssessmentMeta {
            pair: x.pair.clone(),
            stance: x.stance,
            score: x.score,
            confidence: x.confidence,
            evidence: x.evidence.len() as u32,
            evidence_weight: x.evidence.iter().map(|e| e.weight).sum(),
            categories,
            review: x.review.clone(),
            machine: x.machine,
        }
    };
    let catalog = Catalog {
        schema_version: dyad_model::SCHEMA_VERSION,
        input_digest: String::new(),
        articles: b
            .articles
            .iter()
            .map(|a| ArticleMeta {
                id: a.id.clone(),
                title: a.title.clone(),
                source: a.source.clone(),
                date: a.date.clone(),
                url: a.url.clone(),
                story: a.story.clone(),
                shard: 0,
                assessments: a.assessments.iter().map(|x| meta(x, a)).collect(),
                context: a.context.iter().map(|x| meta(x, a)).collect(),
            })
            .collect(),
    };
    let quotes = Quotes {
        schema_version: dyad_model::SCHEMA_VERSION,
        input_digest: String::new(),
        quotes: b
            .articles
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                a.quotes.iter().map(move |q| QuoteMeta {
                    article: i as u32,
                    sentences: q.sentences,
                    text: q.span.slice(&a.text).to_string(),
                    speaker: q.speaker.as_ref().map(|s| s.name.clone()),
                    country: q.speaker.as_ref().and_then(|s| s.country.clone()),
                    pairs: a
                        .assessments
                        .iter()
                        .chain(&a.context)
                        .filter_map(|x| {
                            let inside: Vec<f64> = x
                                .evidence
                                .iter()
                                .filter(|e| {
                                    q.sentences.0 <= e.sentence && e.sentence <= q.sentences.1
                                })
                                .map(|e| e.weight)
                                .collect();
                            (!inside.is_empty()).then(|| (x.pair.clone(), inside.iter().sum()))
                        })
                        .collect(),
                })
            })
            .collect(),
    };
    let pairs = period::summaries(
        &b.focus_pairs,
        &b.codebook.thresholds,
        &catalog,
        &quotes.quotes,
        &period::Period::ALL,
    );
    let index = Index {
        schema_version: b.schema_version,
        build: b.build.clone(),
        focus: b.focus.clone(),
        focus_pairs: b.focus_pairs.clone(),
        countries: b.countries.clone(),
        codebook: b.codebook.clone(),
        stats: b.stats.clone(),
        months: vec![("2023-10".into(), 1), ("2024-02".into(), 1)],
        pairs,
        annotations: Vec::new(),
        files: DataFiles::default(),
    };
    TestData {
        index,
        catalog,
        quotes,
        articles: b.articles,
    }
}

#[cfg(test)]
pub(crate) fn test_bundle() -> dyad_model::Bundle {
    use dyad_model::*;
    fn span(text: &str, needle: &str) -> Span {
        let s = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
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
        sentences: vec![
            Sentence {
                span: s0,
                paragraph: 0,
            },
            Sentence {
                span: s1,
                paragraph: 0,
            },
        ],
        quotes: vec![
            Quote {
                span: span(ta, "We welcome the naval visit"),
                sentences: (0, 0),
                speaker: Some(Speaker {
                    name: "Hun Manet".into(),
                    actor: Some("hun-manet".into()),
                    country: Some("KH".into()),
                    mention: None,
                }),
            },
            Quote {
                span: span(ta, "Phnom Pénh rejects the claims"),
                sentences: (1, 1),
                speaker: Some(Speaker {
                    name: "An aide".into(),
                    ..Default::default()
                }),
            },
        ],
        events: vec![
            Event {
                sentence: 0,
                source: "KH".into(),
                target: "CN".into(),
                category: "support".into(),
                weight: 2.0,
                trigger: span(ta, "welcome"),
                flags: Flags::default(),
                review: None,
                machine: None,
            },
            Event {
                sentence: 1,
                source: "KH".into(),
                target: "CN".into(),
                category: "reject".into(),
                weight: -3.0,
                trigger: span(ta, "rejects"),
                flags: Flags {
                    negated: false,
                    hypothetical: true,
                    historical: false,
                },
                review: None,
                machine: None,
            },
        ],
        assessments: vec![Assessment {
            pair: "KH-CN".into(),
            stance: Some(Stance::Mixed),
            score: -0.2,
            confidence: 0.5,
            evidence: vec![
                Evidence {
                    span: s0,
                    sentence: 0,
                    events: vec![0],
                    weight: 2.0,
                },
                Evidence {
                    span: s1,
                    sentence: 1,
                    events: vec![1],
                    weight: -3.0,
                },
            ],
            review: None,
            machine: None,
        }],
        context: vec![Assessment {
            pair: "CN-US".into(),
            stance: Some(Stance::Cooperative),
            score: 0.5,
            confidence: 0.3,
            evidence: vec![Evidence {
                span: s0,
                sentence: 0,
                events: vec![],
                weight: 1.0,
            }],
            review: None,
            machine: None,
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
        sentences: vec![Sentence {
            span: Span::new(0, tb.len()),
            paragraph: 0,
        }],
        quotes: vec![Quote {
            span: span(tb, "Plain words here"),
            sentences: (0, 0),
            speaker: None,
        }],
        ..Article::default()
    };
    Bundle {
        schema_version: SCHEMA_VERSION,
        focus: "KH".into(),
        focus_pairs: ["KH-UA", "KH-RU", "KH-US", "KH-CN"]
            .map(String::from)
            .to_vec(),
        countries: [
            ("KH", "Cambodia"),
            ("UA", "Ukraine"),
            ("RU", "Russia"),
            ("US", "United States"),
            ("CN", "China"),
        ]
        .iter()
        .map(|(c, n)| Country {
            code: c.to_string(),
            name: n.to_string(),
        })
        .collect(),
        codebook: CodebookInfo {
            name: "test".into(),
            version: 1,
            categories: vec![
                Category {
                    id: "support".into(),
                    label: "Praise or support".into(),
                    weight: 3.5,
                    ..Default::default()
                },
                Category {
                    id: "reject".into(),
                    label: "Reject".into(),
                    weight: -4.0,
                    ..Default::default()
                },
            ],
            thresholds: Thresholds {
                cooperative: 0.4,
                strained: -0.4,
            },
            ..Default::default()
        },
        articles: vec![a, b],
        stats: CorpusStats {
            articles: 2,
            stories: 2,
            sources: 2,
            ..Default::default()
        },
        ..Bundle::default()
    }
}
