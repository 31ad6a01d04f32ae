//! Periods and the pair judgements over a period: one implementation for the compiler, which
//! writes the whole corpus's figures into the index, and for the app, which recomputes them for
//! the period a reader chooses (`?from=2024-01&to=2024-12`).
//!
//! A pair's judgement over a period: each story once, through its copy with the most evidence for
//! the pair; the score is the stories' scores weighted by confidence and recency (half weight per
//! year before the pair's latest dated story in the period; undated stories weigh a quarter).

use crate::date::days;
pub use crate::date::Month;
use crate::keyquotes::Candidate;
use dyad_model::layout::{
    ArticleMeta, ArticleRef, AssessmentMeta, Catalog, KeyQuote, PairSummary, QuoteMeta,
    LATEST_ARTICLES,
};
use dyad_model::{CategoryTally, MonthPoint, Stance, Thresholds};
use std::collections::HashMap;

/// Inclusive bounds in months; an open bound reaches the corpus's end. The whole corpus
/// ([`Period::ALL`]) also holds the undated articles; a bounded period holds only dated ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Period {
    pub from: Option<Month>,
    pub to: Option<Month>,
}

impl Period {
    pub const ALL: Period = Period {
        from: None,
        to: None,
    };

    pub fn is_all(&self) -> bool {
        *self == Period::ALL
    }

    /// From the route's `from` and `to` (`YYYY-MM`); malformed bounds are dropped, reversed ones swapped.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Period {
        let (from, to) = (from.and_then(Month::parse), to.and_then(Month::parse));
        match (from, to) {
            (Some(a), Some(b)) if b < a => Period {
                from: Some(b),
                to: Some(a),
            },
            _ => Period { from, to },
        }
    }

    /// Whether an article dated `date` belongs to the period.
    pub fn contains(&self, date: Option<&str>) -> bool {
        if self.is_all() {
            return true;
        }
        let Some(m) = date.and_then(Month::parse) else {
            return false;
        };
        self.from.is_none_or(|f| m >= f) && self.to.is_none_or(|t| m <= t)
    }

    /// The period of the same length just before this one, when both bounds are set.
    pub fn previous(&self) -> Option<Period> {
        let (f, t) = (self.from?, self.to?);
        let len = t.0 - f.0 + 1;
        Some(Period {
            from: Some(Month(f.0 - len)),
            to: Some(Month(f.0 - 1)),
        })
    }

    /// `Jan 2024 – Dec 2024`, `2024` for a calendar year, `all articles` for the whole corpus.
    pub fn label(&self) -> String {
        match (self.from, self.to) {
            (None, None) => "all articles".into(),
            (Some(f), Some(t)) if f.month() == 1 && t.month() == 12 && f.year() == t.year() => {
                f.year().to_string()
            }
            (Some(f), Some(t)) if f == t => f.label(),
            (Some(f), Some(t)) => format!("{} – {}", f.label(), t.label()),
            (Some(f), None) => format!("from {}", f.label()),
            (None, Some(t)) => format!("until {}", t.label()),
        }
    }
}

/// The periods offered as presets: all articles, the corpus's last 12 months, and each year
/// with articles (latest first). `months` are the index's months with dated articles.
pub fn presets(months: &[(String, u32)]) -> Vec<(String, Period)> {
    let mut out = vec![("All articles".to_string(), Period::ALL)];
    let parsed: Vec<Month> = months.iter().filter_map(|(m, _)| Month::parse(m)).collect();
    if let Some(&last) = parsed.iter().max() {
        out.push((
            "Last 12 months".to_string(),
            Period {
                from: Some(Month(last.0 - 11)),
                to: Some(last),
            },
        ));
    }
    let mut years: Vec<i32> = parsed.iter().map(|m| m.year()).collect();
    crate::sort::sort_by(&mut years, Ord::cmp);
    years.dedup();
    for y in years.into_iter().rev() {
        out.push((
            y.to_string(),
            Period {
                from: Some(Month(y * 12)),
                to: Some(Month(y * 12 + 11)),
            },
        ));
    }
    out
}

/// One story on a pair's timeline: the copy with the most evidence for the pair.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryPoint<'a> {
    /// Index into [`Catalog::articles`].
    pub article: usize,
    pub meta: &'a ArticleMeta,
    pub assessment: &'a AssessmentMeta,
    /// Days since 1970-01-01, if dated.
    pub day: Option<i64>,
}

/// Every (article index, assessment) of the catalog by pair, within a period: the focus pairs'
/// from the articles' focus lists, the others' from their context lists.
pub struct PairIndex<'a> {
    by_pair: HashMap<&'a str, Vec<(usize, &'a AssessmentMeta)>>,
}

impl<'a> PairIndex<'a> {
    pub fn new(catalog: &'a Catalog, focus_pairs: &[String], period: &Period) -> PairIndex<'a> {
        let mut by_pair: HashMap<&'a str, Vec<(usize, &'a AssessmentMeta)>> = HashMap::new();
        for (i, a) in catalog.articles.iter().enumerate() {
            if !period.contains(a.date.as_deref()) {
                continue;
            }
            for x in &a.assessments {
                by_pair.entry(x.pair.as_str()).or_default().push((i, x));
            }
            for x in a.context.iter().filter(|x| !focus_pairs.contains(&x.pair)) {
                by_pair.entry(x.pair.as_str()).or_default().push((i, x));
            }
        }
        PairIndex { by_pair }
    }

    /// The assessments of a pair, in catalog order.
    pub fn behind(&self, pair: &str) -> &[(usize, &'a AssessmentMeta)] {
        self.by_pair.get(pair).map_or(&[], Vec::as_slice)
    }

    /// The context pairs (not focus pairs) assessed in the period, in alphabetical order.
    pub fn context_pairs(&self, focus_pairs: &[String]) -> Vec<&'a str> {
        let mut v: Vec<&str> = self
            .by_pair
            .keys()
            .copied()
            .filter(|p| !focus_pairs.iter().any(|f| f == p))
            .collect();
        crate::sort::sort_by(&mut v, Ord::cmp);
        v
    }

    /// One point per story, in date order (undated last, then by article id).
    pub fn points(&self, catalog: &'a Catalog, pair: &str) -> Vec<StoryPoint<'a>> {
        let mut best: HashMap<&str, (usize, &AssessmentMeta)> = HashMap::new();
        for &(i, x) in self.behind(pair) {
            let story = catalog.articles[i].story.as_str();
            let better = |(j, y): (usize, &AssessmentMeta)| {
                x.evidence
                    .cmp(&y.evidence)
                    .then_with(|| catalog.articles[j].id.cmp(&catalog.articles[i].id))
                    .is_gt()
            };
            match best.get(story) {
                Some(&old) if !better(old) => {}
                _ => {
                    best.insert(story, (i, x));
                }
            }
        }
        let mut points: Vec<StoryPoint<'a>> = best
            .into_values()
            .map(|(i, x)| {
                let meta = &catalog.articles[i];
                StoryPoint {
                    article: i,
                    meta,
                    assessment: x,
                    day: meta.date.as_deref().and_then(days),
                }
            })
            .collect();
        crate::sort::sort_by(&mut points, |a, b| {
            (a.day.is_none(), a.day, &a.meta.id, a.article).cmp(&(
                b.day.is_none(),
                b.day,
                &b.meta.id,
                b.article,
            ))
        });
        points
    }
}

/// Every pair's judgement over a period: the focus pairs in order, then the context pairs
/// assessed in the period, alphabetically.
pub fn summaries(
    focus_pairs: &[String],
    thresholds: &Thresholds,
    catalog: &Catalog,
    quotes: &[QuoteMeta],
    period: &Period,
) -> Vec<PairSummary> {
    let index = PairIndex::new(catalog, focus_pairs, period);
    let names: Vec<(&str, bool)> = focus_pairs
        .iter()
        .map(|p| (p.as_str(), true))
        .chain(
            index
                .context_pairs(focus_pairs)
                .into_iter()
                .map(|p| (p, false)),
        )
        .collect();
    let mut out: Vec<PairSummary> = names
        .iter()
        .map(|&(pair, focus)| summary(&index, thresholds, catalog, pair, focus))
        .collect();
    // Key quotes: one pass over the quotes gathers each pair's, then the one ranking.
    let slot: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(k, (p, _))| (*p, k))
        .collect();
    let mut on_pair: Vec<(Vec<&QuoteMeta>, Vec<Candidate>)> = vec![Default::default(); out.len()];
    for q in quotes {
        let Some(article) = catalog.articles.get(q.article as usize) else {
            continue;
        };
        if !period.contains(article.date.as_deref()) {
            continue;
        }
        for (pair, weight) in &q.pairs {
            if let Some(&k) = slot.get(pair.as_str()) {
                on_pair[k].0.push(q);
                on_pair[k].1.push(Candidate {
                    text: &q.text,
                    speaker: q.speaker.as_deref(),
                    date: article.date.as_deref(),
                    weight: *weight,
                    article: &article.id,
                    sentence: q.sentences.0,
                });
            }
        }
    }
    for (s, (on, candidates)) in out.iter_mut().zip(on_pair) {
        s.key_quote = crate::keyquotes::best(&candidates, 1).first().map(|&i| {
            let q = on[i];
            KeyQuote {
                article: article_ref(&catalog.articles[q.article as usize]),
                sentence: q.sentences.0,
                text: q.text.clone(),
                speaker: q.speaker.clone(),
            }
        });
    }
    out
}

pub fn article_ref(a: &ArticleMeta) -> ArticleRef {
    ArticleRef {
        id: a.id.clone(),
        title: a.title.clone(),
        source: a.source.clone(),
        date: a.date.clone(),
    }
}

fn summary(
    index: &PairIndex<'_>,
    thresholds: &Thresholds,
    catalog: &Catalog,
    pair: &str,
    focus: bool,
) -> PairSummary {
    let behind = index.behind(pair);
    let points = index.points(catalog, pair);
    let latest_day = points.iter().filter_map(|p| p.day).max();
    let (mut num, mut den, mut miss) = (0.0, 0.0, 1.0);
    for p in &points {
        let recency = match (p.day, latest_day) {
            (Some(d), Some(l)) => 0.5f64.powf((l - d) as f64 / 365.0),
            _ => 0.25,
        };
        let x = p.assessment;
        let w = x.confidence.max(0.05) * recency;
        num += w * x.score;
        den += w;
        miss *= 1.0 - x.confidence;
    }
    let score = if den > 0.0 { num / den } else { 0.0 };

    let mut months: Vec<MonthPoint> = Vec::new();
    for p in &points {
        let Some(m) = p.meta.date.as_deref().and_then(|d| d.get(..7)) else {
            continue;
        };
        if months.last().is_none_or(|last| last.month != m) {
            months.push(MonthPoint {
                month: m.to_string(),
                score: 0.0,
                stories: 0,
            });
        }
        let last = months.last_mut().expect("just pushed");
        last.score += p.assessment.score;
        last.stories += 1;
    }
    for m in &mut months {
        m.score = round(m.score / f64::from(m.stories));
    }

    let mut categories: Vec<CategoryTally> = Vec::new();
    for p in &points {
        for t in &p.assessment.categories {
            match categories.iter_mut().find(|c| c.category == t.category) {
                Some(c) => {
                    c.events += t.events;
                    c.cooperation = round(c.cooperation + t.cooperation);
                    c.conflict = round(c.conflict + t.conflict);
                }
                None => categories.push(t.clone()),
            }
        }
    }
    crate::sort::sort_by(&mut categories, |a, b| a.category.cmp(&b.category));

    let mut sources: Vec<&str> = behind
        .iter()
        .map(|&(i, _)| catalog.articles[i].source.as_str())
        .collect();
    crate::sort::sort_by(&mut sources, Ord::cmp);
    sources.dedup();
    // Latest first: dated articles by date, then undated ones. The catalog is in that order
    // reversed within each part (by date, undated last), so no sort is needed: a pair of 50,000
    // articles wants only its last few.
    let mut ids: Vec<usize> = behind.iter().map(|&(i, _)| i).collect();
    ids.dedup();
    let dated = ids.partition_point(|&i| catalog.articles[i].date.is_some());
    let latest: Vec<usize> = ids[..dated]
        .iter()
        .rev()
        .chain(ids[dated..].iter().rev())
        .take(LATEST_ARTICLES)
        .copied()
        .collect();
    PairSummary {
        pair: pair.to_string(),
        focus,
        stance: (!points.is_empty()).then(|| Stance::from_score(score, thresholds)),
        score: round(score),
        confidence: round(1.0 - miss),
        stories: points.len() as u32,
        articles: behind.len() as u32,
        sources: sources.len() as u32,
        months,
        categories,
        latest: latest
            .into_iter()
            .take(LATEST_ARTICLES)
            .map(|i| article_ref(&catalog.articles[i]))
            .collect(),
        key_quote: None,
        reviewed: behind.iter().filter(|(_, a)| a.review.is_some()).count() as u32,
    }
}

/// Four decimals, as the compiler rounds every score.
pub fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// "KH-US +0.20 → −0.30, 14 → 22 stories": a pair now against the previous period.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub pair: String,
    pub before: Option<(f64, u32)>,
    pub now: Option<(f64, u32)>,
}

/// The focus pairs' change from `previous` to `current` (summaries of the same pairs).
pub fn changes(
    focus_pairs: &[String],
    previous: &[PairSummary],
    current: &[PairSummary],
) -> Vec<Change> {
    let get = |list: &[PairSummary], p: &str| {
        list.iter()
            .find(|s| s.pair == p && s.stance.is_some())
            .map(|s| (s.score, s.stories))
    };
    focus_pairs
        .iter()
        .map(|p| Change {
            pair: p.clone(),
            before: get(previous, p),
            now: get(current, p),
        })
        .collect()
}

#[cfg(test)]
mod tests;
