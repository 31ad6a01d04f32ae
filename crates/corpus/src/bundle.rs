//! Assembling the bundle from the read articles.

use crate::actors;
use crate::source::SourceArticle;
use dyad_model::{
    Article, BuildInfo, Bundle, CorpusStats, Country, PairAggregate, Story, FOCUS_COUNTRY, FOCUS_PAIRS,
    SCHEMA_VERSION,
};
use std::collections::BTreeSet;

/// Builds the bundle. `inputs` are the raw files (name, bytes), hashed into the build info.
pub fn build_bundle(mut sources: Vec<SourceArticle>, inputs: &[(String, Vec<u8>)]) -> Bundle {
    // Date order, unknown dates last, then file name: the order every view starts from.
    sources.sort_by(|a, b| (a.date.is_none(), &a.date, &a.file).cmp(&(b.date.is_none(), &b.date, &b.file)));

    let articles: Vec<Article> = sources
        .into_iter()
        .map(|s| Article {
            story: s.id.clone(),
            id: s.id,
            file: s.file,
            title: s.title,
            source: s.source,
            date: s.date,
            url: s.url,
            text: s.text,
            ..Article::default()
        })
        .collect();

    let pairs = FOCUS_PAIRS
        .iter()
        .map(|pair| {
            let (a, b) = pair.split_once('-').unwrap();
            let behind: Vec<&Article> = articles
                .iter()
                .filter(|art| {
                    let named: BTreeSet<&str> = actors::find_countries(&art.text).into_iter().map(|(_, c)| c).collect();
                    named.contains(a) && named.contains(b)
                })
                .collect();
            let sources: BTreeSet<&str> = behind.iter().map(|a| a.source.as_str()).collect();
            PairAggregate {
                pair: pair.to_string(),
                focus: true,
                stories: behind.len() as u32,
                articles: behind.len() as u32,
                sources: sources.len() as u32,
                article_ids: behind.iter().map(|a| a.id.clone()).collect(),
                ..PairAggregate::default()
            }
        })
        .collect();

    let stories = articles.iter().map(|a| Story { id: a.story.clone(), articles: vec![a.id.clone()] }).collect();
    let dates: Vec<&String> = articles.iter().filter_map(|a| a.date.as_ref()).collect();
    let stats = CorpusStats {
        articles: articles.len() as u32,
        stories: articles.len() as u32,
        sources: articles.iter().map(|a| a.source.as_str()).collect::<BTreeSet<_>>().len() as u32,
        bytes: articles.iter().map(|a| a.text.len() as u64).sum(),
        first_date: dates.iter().min().map(|d| d.to_string()),
        last_date: dates.iter().max().map(|d| d.to_string()),
        ..CorpusStats::default()
    };

    Bundle {
        schema_version: SCHEMA_VERSION,
        build: BuildInfo {
            generator: format!("dyad-corpus {}", env!("CARGO_PKG_VERSION")),
            codebook: String::new(),
            input_digest: digest(inputs),
        },
        focus: FOCUS_COUNTRY.to_string(),
        focus_pairs: FOCUS_PAIRS.iter().map(|p| p.to_string()).collect(),
        countries: actors::COUNTRIES
            .iter()
            .map(|&(code, name, _)| Country { code: code.to_string(), name: name.to_string() })
            .collect(),
        articles,
        stories,
        pairs,
        stats,
        ..Bundle::default()
    }
}

/// FNV-1a (64 bit) over the file names and contents, in name order: a stable fingerprint of the
/// input, not a security measure.
fn digest(inputs: &[(String, Vec<u8>)]) -> String {
    let mut sorted: Vec<_> = inputs.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut h: u64 = 0xcbf29ce484222325;
    for (name, bytes) in sorted {
        for b in name.as_bytes().iter().chain([0u8].iter()).chain(bytes.iter()).chain([0u8].iter()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}
