//! Assembling the bundle: analyse each article, group syndicated copies into stories, and
//! aggregate each pair over time counting every story once.

use crate::analyze::{analyze, Options};
use crate::source::SourceArticle;
use crate::stance::round;
use crate::stories::{self, day_number};
use dyad_model::{
    Actor, Article, Assessment, BuildInfo, Bundle, CategoryTally, CorpusStats, Country, MonthPoint, PairAggregate, Stance,
    Story, TimelinePoint, SCHEMA_VERSION,
};
use std::collections::{BTreeMap, BTreeSet};

/// Builds the bundle with the built-in codebook and the default focus.
pub fn build_bundle(sources: Vec<SourceArticle>, inputs: &[(String, Vec<u8>)]) -> Bundle {
    build_bundle_with(&Options::default(), sources, inputs)
}

/// Builds the bundle. `inputs` are the raw files (name, bytes), hashed into the build info.
pub fn build_bundle_with(opts: &Options, sources: Vec<SourceArticle>, inputs: &[(String, Vec<u8>)]) -> Bundle {
    build_bundle_digested(opts, sources, input_digest(opts, inputs.iter().map(|(n, b)| (n.as_str(), b.as_slice()))))
}

/// The digest of the inputs (file name, bytes) that the bundle's build info records.
pub(crate) fn input_digest<'a>(opts: &Options, inputs: impl Iterator<Item = (&'a str, &'a [u8])>) -> String {
    digest(inputs.collect(), opts.codebook.text_hash, &opts.focus)
}

/// [`build_bundle_with`] with the input digest already made, so the caller need not keep the
/// raw files while the articles are analysed.
pub(crate) fn build_bundle_digested(opts: &Options, mut sources: Vec<SourceArticle>, input_digest: String) -> Bundle {
    let cb = &opts.codebook;
    // Date order, unknown dates last, then file name: the order every view starts from.
    sources.sort_by(|a, b| (a.date.is_none(), &a.date, &a.file).cmp(&(b.date.is_none(), &b.date, &b.file)));

        let mut articles = Vec::with_capacity(sources.len());
    let mut fingerprints = Vec::with_capacity(sources.len());
    for s in sources {
        let an = analyze(opts, s);
        articles.push(an.article);
        fingerprints.push(an.fingerprint);
    }

    // Stories: syndicated copies share a story id, the earliest copy's id.
    let dates: Vec<Option<&str>> = articles.iter().map(|a| a.date.as_deref()).collect();
    let roots = stories::group(&fingerprints, &dates);
    drop(fingerprints);
    let mut story_members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &r) in roots.iter().enumerate() {
        story_members.entry(r).or_default().push(i);
    }
    for (i, &r) in roots.iter().enumerate() {
        articles[i].story = articles[r].id.clone();
    }
    let story_list: Vec<Story> = story_members
        .values()
        .map(|m| Story { id: articles[m[0]].id.clone(), articles: m.iter().map(|&i| articles[i].id.clone()).collect() })
        .collect();

    // Pairs: the focus pairs always, then every context pair any article speaks about.
    let mut context_pairs: BTreeSet<&str> = BTreeSet::new();
    for a in &articles {
        for c in &a.context {
            context_pairs.insert(c.pair.as_str());
        }
    }
    let pair_names: Vec<(String, bool)> = opts
        .focus_pairs
        .iter()
        .map(|p| (p.clone(), true))
        .chain(context_pairs.into_iter().map(|p| (p.to_string(), false)))
        .collect();
    // One pass over the articles: for each pair, the articles (in bundle order) that assess it.
    let mut by_pair: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        for x in a.assessments.iter().chain(&a.context) {
            by_pair.entry(x.pair.as_str()).or_default().push(i);
        }
    }
    let pairs = pair_names
        .iter()
        .map(|(p, focus)| {
            let behind = by_pair.get(p.as_str()).map_or(&[][..], |v| v.as_slice());
            aggregate(opts, &articles, behind, &roots, p, *focus)
        })
        .collect();

    let dates: Vec<&String> = articles.iter().filter_map(|a| a.date.as_ref()).collect();
    let stats = CorpusStats {
        articles: articles.len() as u32,
        stories: story_list.len() as u32,
        sources: articles.iter().map(|a| a.source.as_str()).collect::<BTreeSet<_>>().len() as u32,
        bytes: articles.iter().map(|a| a.text.len() as u64).sum(),
        sentences: articles.iter().map(|a| a.sentences.len() as u32).sum(),
        quotes: articles.iter().map(|a| a.quotes.len() as u32).sum(),
        events: articles.iter().map(|a| a.events.len() as u32).sum(),
        first_date: dates.iter().min().map(|d| d.to_string()),
        last_date: dates.iter().max().map(|d| d.to_string()),
    };

    Bundle {
        schema_version: SCHEMA_VERSION,
        build: BuildInfo {
            generator: format!("dyad-corpus {}", env!("CARGO_PKG_VERSION")),
            codebook: format!("{} {}", cb.name, cb.version),
            input_digest,
        },
        focus: opts.focus.clone(),
        focus_pairs: opts.focus_pairs.clone(),
        countries: cb.countries.iter().map(|c| Country { code: c.code.clone(), name: c.name.clone() }).collect(),
        actors: cb
            .actors
            .iter()
            .map(|a| Actor { id: a.id.clone(), name: a.name.clone(), kind: a.kind.clone(), country: a.country.clone() })
            .collect(),
        codebook: cb.info(),
        articles,
        stories: story_list,
        pairs,
        stats,
    }
}

/// One pair over the corpus. Each story counts once, through its copy with the most evidence
/// for the pair. The overall score weighs each story by its confidence and by recency (half
/// weight per year before the pair's latest dated story; undated stories weigh a quarter).
fn aggregate(opts: &Options, articles: &[Article], behind_idx: &[usize], roots: &[usize], pair: &str, focus: bool) -> PairAggregate {
    fn find<'a>(a: &'a Article, pair: &str, focus: bool) -> Option<&'a Assessment> {
        let list = if focus { &a.assessments } else { &a.context };
        list.iter().find(|x| x.pair == pair)
    }
    let find = |a| find(a, pair, focus);
    let behind: Vec<&Article> = behind_idx.iter().map(|&i| &articles[i]).collect();
    let mut stories: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in behind_idx {
        stories.entry(roots[i]).or_default().push(i);
    }
    let mut points: Vec<(TimelinePoint, f64, &Article)> = Vec::new();
    for members in stories.values() {
        let best = members
            .iter()
            .filter_map(|&i| find(&articles[i]).map(|x| (&articles[i], x)))
            .max_by(|(a1, x1), (a2, x2)| x1.evidence.len().cmp(&x2.evidence.len()).then_with(|| a2.id.cmp(&a1.id)));
        if let Some((art, x)) = best {
            points.push((
                TimelinePoint {
                    story: art.story.clone(),
                    article: art.id.clone(),
                    date: art.date.clone(),
                    score: x.score,
                    stance: x.stance,
                    evidence: x.evidence.len() as u32,
                },
                x.confidence,
                art,
            ));
        }
    }
    points.sort_by(|a, b| (a.0.date.is_none(), &a.0.date, &a.0.article).cmp(&(b.0.date.is_none(), &b.0.date, &b.0.article)));

    let latest = points.iter().filter_map(|p| p.0.date.as_deref()).filter_map(day_number).max();
    let (mut num, mut den, mut miss) = (0.0, 0.0, 1.0);
    for (p, conf, _) in &points {
        let recency = match (p.date.as_deref().and_then(day_number), latest) {
            (Some(d), Some(l)) => 0.5f64.powf((l - d) as f64 / 365.0),
            _ => 0.25,
        };
        let w = conf.max(0.05) * recency;
        num += w * p.score;
        den += w;
        miss *= 1.0 - conf;
    }
    let score = if den > 0.0 { num / den } else { 0.0 };

    let mut months: BTreeMap<String, (f64, u32)> = BTreeMap::new();
    for (p, _, _) in &points {
        if let Some(m) = p.date.as_deref().and_then(|d| d.get(..7)) {
            let e = months.entry(m.to_string()).or_default();
            e.0 += p.score;
            e.1 += 1;
        }
    }
    let mut tallies: BTreeMap<&str, CategoryTally> = BTreeMap::new();
    for (_, _, art) in &points {
        for e in &art.events {
            if !pair_is(pair, &e.source, &e.target) {
                continue;
            }
            let t = tallies.entry(e.category.as_str()).or_insert_with(|| CategoryTally { category: e.category.clone(), ..Default::default() });
            t.events += 1;
            if e.weight > 0.0 {
                t.cooperation = round(t.cooperation + e.weight);
            } else {
                t.conflict = round(t.conflict + e.weight);
            }
        }
    }
    PairAggregate {
        pair: pair.to_string(),
        focus,
        stance: (!points.is_empty()).then(|| Stance::from_score(score, &opts.codebook.thresholds)),
        score: round(score),
        confidence: round(1.0 - miss),
        stories: points.len() as u32,
        articles: behind.len() as u32,
        sources: behind.iter().map(|a| a.source.as_str()).collect::<BTreeSet<_>>().len() as u32,
        article_ids: behind.iter().map(|a| a.id.clone()).collect(),
        months: months
            .into_iter()
            .map(|(month, (sum, n))| MonthPoint { month, score: round(sum / f64::from(n)), stories: n })
            .collect(),
        timeline: points.into_iter().map(|p| p.0).collect(),
        categories: tallies.into_values().collect(),
    }
}

/// FNV-1a (64 bit) over the file names and contents in name order, the codebook and the focus:
/// a stable fingerprint of the input, not a security measure.
fn digest(mut sorted: Vec<(&str, &[u8])>, codebook_hash: u64, focus: &str) -> String {
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut h: u64 = 0xcbf29ce484222325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100000001b3);
        }
    };
    for (name, bytes) in sorted {
        feed(name.as_bytes());
        feed(&[0]);
        feed(bytes);
        feed(&[0]);
    }
    feed(&codebook_hash.to_le_bytes());
    feed(focus.as_bytes());
    format!("{h:016x}")
}

/// Whether `pair` (`AA-BB`) names the two countries, in either order, without allocating.
fn pair_is(pair: &str, a: &str, b: &str) -> bool {
    pair.split_once('-').is_some_and(|(x, y)| (x == a && y == b) || (x == b && y == a))
}
