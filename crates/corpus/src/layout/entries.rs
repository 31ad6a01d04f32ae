//! The catalog's and the quotes file's entries, made from full articles.

use crate::stance::round;
use dyad_model::layout::{ArticleMeta, AssessmentMeta, Catalog, QuoteMeta, Quotes};
use dyad_model::{Article, Assessment, Bundle, CategoryTally};
use std::collections::BTreeMap;
use std::ops::Range;

/// The catalog: every article's metadata and judgements, in bundle order.
pub fn catalog(bundle: &Bundle, shards: &[Range<usize>]) -> Catalog {
    let mut articles = Vec::with_capacity(bundle.articles.len());
    for (k, range) in shards.iter().enumerate() {
        articles.extend(
            bundle.articles[range.clone()]
                .iter()
                .map(|a| article_meta(a, k as u32)),
        );
    }
    Catalog {
        schema_version: bundle.schema_version,
        input_digest: bundle.build.input_digest.clone(),
        articles,
    }
}

/// An article's catalog entry.
pub(super) fn article_meta(a: &Article, shard: u32) -> ArticleMeta {
    ArticleMeta {
        id: a.id.clone(),
        title: a.title.clone(),
        source: a.source.clone(),
        date: a.date.clone(),
        url: a.url.clone(),
        story: a.story.clone(),
        shard,
        assessments: a
            .assessments
            .iter()
            .map(|x| assessment_meta(a, x))
            .collect(),
        context: a.context.iter().map(|x| assessment_meta(a, x)).collect(),
    }
}

/// An assessment without its evidence sentences (counted, their weights summed), and the
/// article's events between the pair's countries tallied by category.
fn assessment_meta(a: &Article, x: &Assessment) -> AssessmentMeta {
    AssessmentMeta {
        pair: x.pair.clone(),
        stance: x.stance,
        score: x.score,
        confidence: x.confidence,
        evidence: x.evidence.len() as u32,
        evidence_weight: round(x.evidence.iter().map(|e| e.weight).sum()),
        categories: category_tallies(a, &x.pair),
        review: x.review.clone(),
        machine: x.machine,
    }
}

/// The article's events between the pair's two countries (either way), by category: as the
/// bundle's pair aggregates tally them (rounded after each addition, sorted by category id).
fn category_tallies(a: &Article, pair: &str) -> Vec<CategoryTally> {
    let Some((x, y)) = pair.split_once('-') else {
        return Vec::new();
    };
    let mut tallies: Vec<CategoryTally> = Vec::new();
    for e in a
        .events
        .iter()
        .filter(|e| (e.source == x && e.target == y) || (e.source == y && e.target == x))
    {
        let t = match tallies.iter().position(|t| t.category == e.category) {
            Some(i) => &mut tallies[i],
            None => {
                tallies.push(CategoryTally {
                    category: e.category.clone(),
                    ..Default::default()
                });
                tallies.last_mut().expect("just pushed")
            }
        };
        t.events += 1;
        if e.weight > 0.0 {
            t.cooperation = round(t.cooperation + e.weight);
        } else {
            t.conflict = round(t.conflict + e.weight);
        }
    }
    tallies.sort_by(|a, b| a.category.cmp(&b.category));
    tallies
}

/// Every quote of every article, in catalog order.
pub fn quotes(bundle: &Bundle) -> Quotes {
    let quotes = bundle
        .articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| quote_metas(a, i as u32))
        .collect();
    Quotes {
        schema_version: bundle.schema_version,
        input_digest: bundle.build.input_digest.clone(),
        quotes,
    }
}

/// An article's quotes, as the quotes file lists them; `article` is its catalog index.
pub(super) fn quote_metas(a: &Article, article: u32) -> impl Iterator<Item = QuoteMeta> + '_ {
    a.quotes.iter().map(move |q| QuoteMeta {
        article,
        sentences: q.sentences,
        text: q.span.slice(&a.text).to_string(),
        speaker: q.speaker.as_ref().map(|s| s.name.clone()),
        country: q.speaker.as_ref().and_then(|s| s.country.clone()),
        pairs: quote_pairs(a, q.sentences),
    })
}

/// The pairs whose evidence lies in the sentences `first..=last`, with the weight they draw
/// from them (rounded as every weight), focus pairs first, in the article's order.
fn quote_pairs(a: &Article, (first, last): (u32, u32)) -> Vec<(String, f64)> {
    let mut pairs = Vec::new();
    for x in a.assessments.iter().chain(&a.context) {
        // Evidence is in sentence order: found by halving, not by a pass per quote (quadratic
        // in an article with many quotes).
        debug_assert!(x.evidence.is_sorted_by_key(|e| e.sentence));
        let from = x.evidence.partition_point(|e| e.sentence < first);
        let to = x.evidence.partition_point(|e| e.sentence <= last);
        let mut inside = x.evidence[from..to.max(from)].iter().peekable();
        if inside.peek().is_some() {
            pairs.push((x.pair.clone(), round(inside.map(|e| e.weight).sum())));
        }
    }
    pairs
}

/// The months with dated articles (`YYYY-MM`), in order, with their article counts.
pub(super) fn months_of<'a>(dates: impl Iterator<Item = Option<&'a str>>) -> Vec<(String, u32)> {
    let mut months: BTreeMap<&str, u32> = BTreeMap::new();
    for m in dates.filter_map(|d| d?.get(..7)) {
        *months.entry(m).or_default() += 1;
    }
    months
        .into_iter()
        .map(|(m, n)| (m.to_string(), n))
        .collect()
}
