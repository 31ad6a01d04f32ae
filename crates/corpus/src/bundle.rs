//! Assembling the bundle: analyse each article, group syndicated copies into stories, and
//! aggregate each pair over time counting every story once.

use crate::analyze::{analyze, Options};
use crate::codebook::{fnv1a, Codebook, FxMap, FNV_OFFSET};
use crate::events::CodedEvent;
use crate::source::SourceArticle;
use crate::stance::round;
use crate::stories::{self, day_number};
use dyad_model::{
    Actor, Article, Assessment, BuildInfo, Bundle, CategoryTally, CorpusStats, Country, MonthPoint, PairAggregate, Stance,
    Story, TimelinePoint, SCHEMA_VERSION,
};

/// The digest of the inputs (file name, bytes) that the bundle's build info records.
pub(crate) fn input_digest<'a>(opts: &Options, inputs: impl Iterator<Item = (&'a str, &'a [u8])>) -> String {
    digest(inputs.collect(), opts.codebook.text_hash, &opts.focus)
}

/// Builds the bundle from parsed articles. The digest of the raw files ([`input_digest`]) is
/// made by the caller first, so the files need not be kept while the articles are analysed.
pub(crate) fn build_bundle(opts: &Options, mut sources: Vec<SourceArticle>, input_digest: String) -> Bundle {
    let cb = &opts.codebook;
    // Date order, unknown dates last, then file name: the order every view starts from.
    sources.sort_by(|a, b| (a.date.is_none(), &a.date, &a.file).cmp(&(b.date.is_none(), &b.date, &b.file)));

    let mut articles = Vec::with_capacity(sources.len());
    let mut fingerprints = Vec::with_capacity(sources.len());
    let mut corpus = Corpus::default();
    for s in sources {
        let an = analyze(opts, s);
        corpus.add(&an.article, &an.events);
        articles.push(an.article);
        fingerprints.push(an.fingerprint);
    }

    // Stories: syndicated copies share a story id, the earliest copy's id.
    let dates: Vec<Option<&str>> = (0..articles.len()).map(|i| corpus.names.date(i)).collect();
    let roots = stories::group(&fingerprints, &dates);
    drop(fingerprints);
    // A story's root is its first article, so the stories are listed in the order of their roots.
    let mut story_list: Vec<Story> = Vec::new();
    let mut story_of_root = vec![0; roots.len()];
    for (i, &r) in roots.iter().enumerate() {
        if r == i {
            story_of_root[i] = story_list.len();
            story_list.push(Story { id: corpus.names.id(i).to_string(), articles: Vec::new() });
        }
        story_list[story_of_root[r]].articles.push(corpus.names.id(i).to_string());
        articles[i].story = corpus.names.id(r).to_string();
    }
    let first_date = dates.iter().flatten().min().map(|d| d.to_string());
    let last_date = dates.iter().flatten().max().map(|d| d.to_string());
    drop(dates);

    // Pairs: the focus pairs always, then every context pair any article speaks about.
    let mut context_pairs: Vec<&str> = corpus.pairs.iter().filter(|(_, p)| p.context).map(|(name, _)| name.as_str()).collect();
    context_pairs.sort_unstable();
    let pair_names: Vec<(String, bool)> = opts
        .focus_pairs
        .iter()
        .map(|p| (p.clone(), true))
        .chain(context_pairs.into_iter().map(|p| (p.to_string(), false)))
        .collect();
    let timeline_order = corpus.names.timeline_order();
    let pairs = pair_names.iter().map(|(p, focus)| aggregate(opts, &corpus, &roots, &timeline_order, p, *focus)).collect();

    let stats = CorpusStats {
        articles: articles.len() as u32,
        stories: story_list.len() as u32,
        sources: corpus.sources.len() as u32,
        bytes: articles.iter().map(|a| a.text.len() as u64).sum(),
        sentences: articles.iter().map(|a| a.sentences.len() as u32).sum(),
        quotes: articles.iter().map(|a| a.quotes.len() as u32).sum(),
        events: articles.iter().map(|a| a.events.len() as u32).sum(),
        first_date,
        last_date,
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

/// What the pair aggregates need of each article, gathered while the article is fresh from the
/// analysis (in cache) into compact lists: aggregating then never goes back to the articles'
/// strings, which would cost a cache miss per article and pair.
#[derive(Default)]
struct Corpus {
    names: Names,
    /// Each article's day number, if it is dated.
    days: Vec<Option<i64>>,
    /// Each article's source (outlet), numbered in order of appearance.
    source_ids: Vec<u32>,
    sources: FxMap<String, u32>,
    events: TallyEvents,
    pairs: FxMap<String, PairArticles>,
}

impl Corpus {
    /// Adds the next article in bundle order, with the events it was coded with.
    fn add(&mut self, article: &Article, events: &[CodedEvent]) {
        let i = self.days.len();
        self.names.push(article);
        self.days.push(article.date.as_deref().and_then(day_number));
        let source = match self.sources.get(article.source.as_str()) {
            Some(&n) => n,
            None => {
                let n = self.sources.len() as u32;
                self.sources.insert(article.source.clone(), n);
                n
            }
        };
        self.source_ids.push(source);
        self.events.push(events);
        for (list, in_context) in [(&article.assessments, false), (&article.context, true)] {
            for x in list {
                let find = |list: &[Assessment]| list.iter().find(|y| y.pair == x.pair).map(Summary::of);
                let behind = Behind { article: i, focus: find(&article.assessments), context: find(&article.context) };
                match self.pairs.get_mut(x.pair.as_str()) {
                    Some(pair) => {
                        pair.behind.push(behind);
                        pair.context |= in_context;
                    }
                    None => {
                        self.pairs.insert(x.pair.clone(), PairArticles { behind: vec![behind], context: in_context });
                    }
                }
            }
        }
    }
}

/// The articles that assess a pair.
struct PairArticles {
    /// One per assessment of the pair, in bundle order.
    behind: Vec<Behind>,
    /// Whether some article assesses the pair as context.
    context: bool,
}

/// An article behind a pair.
struct Behind {
    article: usize,
    /// The article's first assessment of the pair in its focus list and in its context list
    /// (which one counts depends on the pair).
    focus: Option<Summary>,
    context: Option<Summary>,
}

/// What an aggregate reads of an assessment.
#[derive(Clone, Copy)]
struct Summary {
    score: f64,
    confidence: f64,
    stance: Option<Stance>,
    evidence: u32,
}

impl Summary {
    fn of(x: &Assessment) -> Summary {
        Summary { score: x.score, confidence: x.confidence, stance: x.stance, evidence: x.evidence.len() as u32 }
    }
}

/// Every article's id and date copied into one string, so that the timelines and article lists
/// copy them from one place rather than from small strings all over the heap.
#[derive(Default)]
struct Names {
    text: String,
    ids: Vec<(usize, usize)>,
    dates: Vec<Option<(usize, usize)>>,
}

impl Names {
    fn push(&mut self, article: &Article) {
        let mut add = |s: &str| {
            self.text.push_str(s);
            (self.text.len() - s.len(), self.text.len())
        };
        let id = add(&article.id);
        let date = article.date.as_deref().map(add);
        self.ids.push(id);
        self.dates.push(date);
    }

    fn id(&self, article: usize) -> &str {
        let (start, end) = self.ids[article];
        &self.text[start..end]
    }

    fn date(&self, article: usize) -> Option<&str> {
        self.dates[article].map(|(start, end)| &self.text[start..end])
    }

    /// Each article's place in timeline order (dated by date, undated last, then by id), so
    /// that a timeline is sorted by comparing numbers. Articles with the same date and id share
    /// a place.
    fn timeline_order(&self) -> Vec<u32> {
        let key = |i: usize| (self.date(i).is_none(), self.date(i), self.id(i));
        // Bundle order is date order already, so this sort mostly checks it.
        let mut by_key: Vec<usize> = (0..self.ids.len()).collect();
        by_key.sort_by(|&a, &b| key(a).cmp(&key(b)));
        let mut order = vec![0; by_key.len()];
        for (place, &i) in by_key.iter().enumerate() {
            let same_as_previous = place > 0 && key(by_key[place - 1]) == key(i);
            order[i] = if same_as_previous { order[by_key[place - 1]] } else { place as u32 };
        }
        order
    }
}

/// One pair over the corpus. Each story counts once, through its copy with the most evidence
/// for the pair. The overall score weighs each story by its confidence and by recency (half
/// weight per year before the pair's latest dated story; undated stories weigh a quarter).
fn aggregate(opts: &Options, corpus: &Corpus, roots: &[usize], timeline_order: &[u32], pair: &str, focus: bool) -> PairAggregate {
    let names = &corpus.names;
    let behind = corpus.pairs.get(pair).map_or(&[][..], |p| p.behind.as_slice());
    // The articles behind the pair by story (its root), each story's in bundle order. A stable
    // sort of a list that is in bundle order, and so almost in story order already.
    let mut by_story: Vec<(usize, &Behind)> = behind.iter().map(|b| (roots[b.article], b)).collect();
    by_story.sort_by_key(|&(root, _)| root);
    let mut points: Vec<(usize, Summary)> = Vec::new();
    for members in by_story.chunk_by(|a, b| a.0 == b.0) {
        let best = members
            .iter()
            .filter_map(|&(_, b)| (if focus { b.focus } else { b.context }).map(|x| (b.article, x)))
            .max_by(|(i1, x1), (i2, x2)| x1.evidence.cmp(&x2.evidence).then_with(|| names.id(*i2).cmp(names.id(*i1))));
        points.extend(best);
    }
    // Stable: between articles of the same date and id, the story order decides.
    points.sort_by_key(|&(i, _)| timeline_order[i]);

    let latest = points.iter().filter_map(|&(i, _)| corpus.days[i]).max();
    let (mut num, mut den, mut miss) = (0.0, 0.0, 1.0);
    for &(i, x) in &points {
        let recency = match (corpus.days[i], latest) {
            (Some(d), Some(l)) => 0.5f64.powf((l - d) as f64 / 365.0),
            _ => 0.25,
        };
        let w = x.confidence.max(0.05) * recency;
        num += w * x.score;
        den += w;
        miss *= 1.0 - x.confidence;
    }
    let score = if den > 0.0 { num / den } else { 0.0 };

    // The points are in date order, so each month's points are consecutive.
    let mut months: Vec<(&str, f64, u32)> = Vec::new();
    for &(i, x) in &points {
        if let Some(m) = names.date(i).and_then(|d| d.get(..7)) {
            if months.last().is_none_or(|last| last.0 != m) {
                months.push((m, 0.0, 0));
            }
            let last = months.last_mut().expect("just pushed");
            last.1 += x.score;
            last.2 += 1;
        }
    }
    // Per category index: (events, cooperation, conflict), summed in timeline order.
    let countries = pair_countries(&opts.codebook, pair);
    let mut tallies = vec![(0u32, 0.0, 0.0); opts.codebook.categories.len()];
    for &(i, _) in &points {
        for e in corpus.events.of(i) {
            if Some(e.countries) != countries {
                continue;
            }
            let t = &mut tallies[e.category as usize];
            t.0 += 1;
            if e.weight > 0.0 {
                t.1 = round(t.1 + e.weight);
            } else {
                t.2 = round(t.2 + e.weight);
            }
        }
    }
    let mut categories: Vec<CategoryTally> = tallies
        .iter()
        .zip(&opts.codebook.categories)
        .filter(|(t, _)| t.0 > 0)
        .map(|(&(events, cooperation, conflict), c)| CategoryTally { category: c.id.clone(), events, cooperation, conflict })
        .collect();
    categories.sort_by(|a, b| a.category.cmp(&b.category));

    let mut seen = vec![false; corpus.sources.len()];
    let sources = behind.iter().filter(|b| !std::mem::replace(&mut seen[corpus.source_ids[b.article] as usize], true)).count();
    PairAggregate {
        pair: pair.to_string(),
        focus,
        stance: (!points.is_empty()).then(|| Stance::from_score(score, &opts.codebook.thresholds)),
        score: round(score),
        confidence: round(1.0 - miss),
        stories: points.len() as u32,
        articles: behind.len() as u32,
        sources: sources as u32,
        article_ids: behind.iter().map(|b| names.id(b.article).to_string()).collect(),
        months: months
            .into_iter()
            .map(|(month, sum, n)| MonthPoint { month: month.to_string(), score: round(sum / f64::from(n)), stories: n })
            .collect(),
        timeline: points
            .iter()
            .map(|&(i, x)| TimelinePoint {
                story: names.id(roots[i]).to_string(),
                article: names.id(i).to_string(),
                date: names.date(i).map(str::to_string),
                score: x.score,
                stance: x.stance,
                evidence: x.evidence,
            })
            .collect(),
        categories,
    }
}

/// The codebook indices of the two countries of a pair (`AA-BB`), lower first, as
/// [`TallyEvent::countries`] holds them; `None` if the pair names an unknown country.
fn pair_countries(cb: &Codebook, pair: &str) -> Option<[u32; 2]> {
    let (a, b) = pair.split_once('-')?;
    let (a, b) = (cb.country_index(a)? as u32, cb.country_index(b)? as u32);
    Some([a.min(b), a.max(b)])
}

/// What a category tally reads of an event: indices, not the model's strings. (Country codes
/// and category ids are unique in a codebook, so comparing indices is comparing the strings.)
struct TallyEvent {
    /// The two countries' codebook indices, lower first: a pair counts events either way.
    countries: [u32; 2],
    category: u32,
    /// The weight as the model keeps it (rounded).
    weight: f64,
}

/// Every article's [`TallyEvent`]s in one list, in article and event order.
#[derive(Default)]
struct TallyEvents {
    events: Vec<TallyEvent>,
    /// Where each article's events end.
    ends: Vec<usize>,
}

impl TallyEvents {
    fn push(&mut self, coded: &[CodedEvent]) {
        for e in coded {
            let countries = [e.source.min(e.target) as u32, e.source.max(e.target) as u32];
            self.events.push(TallyEvent { countries, category: e.category as u32, weight: round(e.weight) });
        }
        self.ends.push(self.events.len());
    }

    fn of(&self, article: usize) -> &[TallyEvent] {
        let start = if article == 0 { 0 } else { self.ends[article - 1] };
        &self.events[start..self.ends[article]]
    }
}

/// FNV-1a (64 bit) over the file names and contents in name order, the codebook and the focus:
/// a stable fingerprint of the input, not a security measure.
fn digest(mut sorted: Vec<(&str, &[u8])>, codebook_hash: u64, focus: &str) -> String {
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut h = FNV_OFFSET;
    let mut feed = |bytes: &[u8]| h = fnv1a(h, bytes);
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    const SENTENCES: &[&str] = &[
        "Cambodia signed an agreement with China on Monday.",
        "China criticised Cambodia after a long meeting.",
        "Russia condemned Ukraine near the border.",
        "Ukraine accused Russia of shelling the port.",
        "The United States praised Cambodia for the reforms.",
        "Vietnam held talks with Japan in Geneva.",
        "Japan provided aid to Cambodia last week.",
        "Cambodia would not cooperate with Russia, officials said.",
        "Thailand imposed sanctions on Vietnam.",
        "Prices rose by 3.5 percent in the capital, the statistics office said.",
    ];

    /// Articles of a few sentences each, with shared dates, undated ones and wire copies.
    fn corpus() -> Vec<(String, Vec<u8>)> {
        let mut seed = 0x2545F4914F6CDD1Du64;
        let mut below = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut bodies: Vec<String> = Vec::new();
        let mut files = Vec::new();
        for i in 0..120 {
            let body = if i > 0 && below(5) == 0 {
                format!("Wire copy as carried by outlet {}.\n{}", below(3), bodies[below(bodies.len())])
            } else {
                (0..6 + below(10)).map(|_| SENTENCES[below(SENTENCES.len())]).collect::<Vec<_>>().join("\n")
            };
            let date = if below(10) == 0 { String::new() } else { format!("2023-{:02}-{:02}", 1 + below(12), 1 + below(3) * 9) };
            let file = format!("---\ntitle: T{i}\nsource: Outlet {}\ndate: {date}\n---\n{body}", below(5));
            files.push((format!("{:03}.txt", below(1000)), file.into_bytes()));
            bodies.push(body);
        }
        files.sort();
        files.dedup_by(|a, b| a.0 == b.0);
        files
    }

    /// A pair's aggregate as first written: straight from the articles in the bundle.
    fn aggregate_from_articles(opts: &Options, articles: &[Article], pair: &str, focus: bool) -> PairAggregate {
        let story_root = |a: &Article| articles.iter().position(|b| b.id == a.story).unwrap();
        fn find<'a>(a: &'a Article, pair: &str, focus: bool) -> Option<&'a Assessment> {
            (if focus { &a.assessments } else { &a.context }).iter().find(|x| x.pair == pair)
        }
        let behind: Vec<&Article> =
            articles.iter().flat_map(|a| a.assessments.iter().chain(&a.context).filter(|x| x.pair == pair).map(move |_| a)).collect();
        let mut stories: BTreeMap<usize, Vec<&Article>> = BTreeMap::new();
        for a in &behind {
            stories.entry(story_root(a)).or_default().push(a);
        }
        let mut points: Vec<(TimelinePoint, f64, &Article)> = Vec::new();
        for members in stories.values() {
            let best = members
                .iter()
                .filter_map(|a| find(a, pair, focus).map(|x| (a, x)))
                .max_by(|(a1, x1), (a2, x2)| x1.evidence.len().cmp(&x2.evidence.len()).then_with(|| a2.id.cmp(&a1.id)));
            if let Some((art, x)) = best {
                let point = TimelinePoint {
                    story: art.story.clone(),
                    article: art.id.clone(),
                    date: art.date.clone(),
                    score: x.score,
                    stance: x.stance,
                    evidence: x.evidence.len() as u32,
                };
                points.push((point, x.confidence, art));
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
        let (x, y) = pair.split_once('-').unwrap();
        for (_, _, art) in &points {
            for e in art.events.iter().filter(|e| (e.source == x && e.target == y) || (e.source == y && e.target == x)) {
                let t = tallies.entry(&e.category).or_insert_with(|| CategoryTally { category: e.category.clone(), ..Default::default() });
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
            months: months.into_iter().map(|(month, (sum, n))| MonthPoint { month, score: round(sum / f64::from(n)), stories: n }).collect(),
            timeline: points.into_iter().map(|p| p.0).collect(),
            categories: tallies.into_values().collect(),
        }
    }

    #[test]
    fn stories_and_pairs_are_as_the_articles_say() {
        let opts = Options::default();
        let b = crate::compile_sources(&opts, corpus()).unwrap().bundle;
        // Copies, several stories in a month, shared dates and undated articles are all there.
        assert!(b.stories.iter().any(|s| s.articles.len() > 1));
        assert!(b.pairs.iter().any(|p| p.months.iter().any(|m| m.stories > 1)));
        assert!(b.pairs.iter().any(|p| p.timeline.windows(2).any(|w| w[0].date == w[1].date)));
        assert!(b.pairs.iter().any(|p| p.timeline.iter().any(|t| t.date.is_none())));

        let mut stories: Vec<Story> = Vec::new();
        for a in &b.articles {
            match stories.iter_mut().find(|s| s.id == a.story) {
                Some(s) => s.articles.push(a.id.clone()),
                None => stories.push(Story { id: a.story.clone(), articles: vec![a.id.clone()] }),
            }
        }
        assert_eq!(b.stories, stories);
        assert!(b.stories.iter().all(|s| s.articles[0] == s.id));

        let context: BTreeSet<&str> = b.articles.iter().flat_map(|a| a.context.iter().map(|c| c.pair.as_str())).collect();
        let names: Vec<(&str, bool)> =
            opts.focus_pairs.iter().map(|p| (p.as_str(), true)).chain(context.into_iter().map(|p| (p, false))).collect();
        assert_eq!(b.pairs.iter().map(|p| (p.pair.as_str(), p.focus)).collect::<Vec<_>>(), names);
        for p in &b.pairs {
            assert_eq!(*p, aggregate_from_articles(&opts, &b.articles, &p.pair, p.focus));
        }
        assert_eq!(b.stats.sources as usize, b.articles.iter().map(|a| &a.source).collect::<BTreeSet<_>>().len());
    }
}
