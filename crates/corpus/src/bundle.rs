//! Assembling the bundle: analyse each article and group syndicated copies into stories. The
//! pairs' judgements over the corpus are made from the site's catalog (`layout.rs`, through
//! `dyad_digest::period`), the one implementation the app also runs for a period.

use crate::analyze::{analyze, Options};
use crate::diagnostic::Diagnostic;
use crate::review::{self, AnalystFiles};
use crate::source::SourceArticle;
use crate::stories;
use dyad_model::{
    Actor, Annotation, BuildInfo, Bundle, CorpusStats, Country, Story, SCHEMA_VERSION,
};

/// The digest of the inputs (file name, bytes) and the analyst's files that the bundle's build
/// info records.
pub(crate) fn input_digest<'a>(
    opts: &Options,
    inputs: impl Iterator<Item = (&'a str, &'a [u8])>,
    analyst: &AnalystFiles,
) -> String {
    let mut sorted: Vec<(&str, &[u8])> = inputs.collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut d = InputDigest::default();
    for (name, bytes) in sorted {
        d.add(name, bytes);
    }
    analyst.digest_into(&mut d);
    d.finish(opts)
}

/// The order every view starts from: by date, unknown dates last, then file name.
pub(crate) fn article_order<'a>(
    date: &'a Option<String>,
    file: &'a str,
) -> (bool, &'a Option<String>, &'a str) {
    (date.is_none(), date, file)
}

/// Builds the bundle from parsed articles, with the analyst's reviews applied to their articles
/// and the annotations; any problem a review has with its article is an error. The digest of
/// the raw files ([`input_digest`]) is made by the caller first, so the files need not be kept
/// while the articles are analysed.
pub(crate) fn build_bundle(
    opts: &Options,
    mut sources: Vec<SourceArticle>,
    input_digest: String,
    analyst: &AnalystFiles,
) -> Result<Bundle, Vec<Diagnostic>> {
    sources.sort_by(|a, b| article_order(&a.date, &a.file).cmp(&article_order(&b.date, &b.file)));
    let ids: std::collections::HashSet<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let mut problems = analyst.reviews.unknown_articles(&|id| ids.contains(id));
    drop(ids);

    let mut articles = Vec::with_capacity(sources.len());
    let mut grouping = StoryGrouping::default();
    let mut tally = StatsTally::default();
    for s in sources {
        let mut an = analyze(opts, s);
        problems.extend(review::apply(opts, &analyst.reviews, &mut an));
        grouping.add(&an.article, an.fingerprint);
        tally.add(&an.article);
        articles.push(an.article);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let story_ids = grouping.story_ids();
    // A story's root is its first article, so the stories are listed in the order of their roots.
    let mut story_list: Vec<Story> = Vec::new();
    for (a, story) in articles.iter_mut().zip(story_ids) {
        if story == a.id {
            story_list.push(Story {
                id: story.clone(),
                articles: Vec::new(),
            });
        }
        a.story = story;
    }
    let place: std::collections::HashMap<String, usize> = story_list
        .iter()
        .enumerate()
        .map(|(k, s)| (s.id.clone(), k))
        .collect();
    for a in &articles {
        story_list[place[&a.story]].articles.push(a.id.clone());
    }
    let stats = tally.finish(story_list.len());
    Ok(Bundle {
        articles,
        stories: story_list,
        ..head(opts, input_digest, stats, &analyst.annotations)
    })
}

/// Everything of a bundle but its articles and stories: what the site's index copies.
pub(crate) fn head(
    opts: &Options,
    input_digest: String,
    stats: CorpusStats,
    annotations: &[Annotation],
) -> Bundle {
    let cb = &opts.codebook;
    Bundle {
        schema_version: SCHEMA_VERSION,
        build: BuildInfo {
            generator: format!("dyad-corpus {}", env!("CARGO_PKG_VERSION")),
            codebook: format!("{} {}", cb.name, cb.version),
            input_digest,
        },
        focus: opts.focus.clone(),
        focus_pairs: opts.focus_pairs.clone(),
        countries: cb
            .countries
            .iter()
            .map(|c| Country {
                code: c.code.clone(),
                name: c.name.clone(),
            })
            .collect(),
        actors: cb
            .actors
            .iter()
            .map(|a| Actor {
                id: a.id.clone(),
                name: a.name.clone(),
                kind: a.kind.as_str().to_string(),
                country: a.country.clone(),
            })
            .collect(),
        codebook: cb.info(),
        articles: Vec::new(),
        stories: Vec::new(),
        stats,
        annotations: annotations.to_vec(),
    }
}

/// Groups syndicated copies into stories from each article's fingerprint, given in article order.
#[derive(Default)]
pub(crate) struct StoryGrouping {
    ids: Vec<String>,
    dates: Vec<Option<String>>,
    fingerprints: Vec<Vec<u64>>,
}

impl StoryGrouping {
    pub(crate) fn add(&mut self, a: &dyad_model::Article, fingerprint: Vec<u64>) {
        self.ids.push(a.id.clone());
        self.dates.push(a.date.clone());
        self.fingerprints.push(fingerprint);
    }

    /// Each article's story id: the id of the story's earliest copy.
    pub(crate) fn story_ids(self) -> Vec<String> {
        let dates: Vec<Option<&str>> = self.dates.iter().map(Option::as_deref).collect();
        let roots = stories::group(&self.fingerprints, &dates);
        roots.iter().map(|&r| self.ids[r].clone()).collect()
    }
}

/// The corpus statistics, counted article by article.
#[derive(Default)]
pub(crate) struct StatsTally {
    stats: CorpusStats,
    sources: std::collections::HashSet<String>,
}

impl StatsTally {
    pub(crate) fn add(&mut self, a: &dyad_model::Article) {
        let s = &mut self.stats;
        s.articles += 1;
        s.bytes += a.text.len() as u64;
        s.sentences += a.sentences.len() as u32;
        s.quotes += a.quotes.len() as u32;
        s.events += a.events.len() as u32;
        if let Some(d) = &a.date {
            if s.first_date.as_ref().is_none_or(|f| d < f) {
                s.first_date = Some(d.clone());
            }
            if s.last_date.as_ref().is_none_or(|l| d > l) {
                s.last_date = Some(d.clone());
            }
        }
        if !self.sources.contains(&a.source) {
            self.sources.insert(a.source.clone());
        }
    }

    pub(crate) fn finish(self, stories: usize) -> CorpusStats {
        CorpusStats {
            stories: stories as u32,
            sources: self.sources.len() as u32,
            ..self.stats
        }
    }
}

/// xxh3 (64 bit) over the file names and contents in name order, the codebook and the focus:
/// a stable fingerprint of the input, not a security measure. Files are added in name order.
#[derive(Default)]
pub(crate) struct InputDigest(xxhash_rust::xxh3::Xxh3Default);

impl InputDigest {
    pub(crate) fn add(&mut self, name: &str, bytes: &[u8]) {
        for part in [name.as_bytes(), &[0], bytes, &[0]] {
            self.0.update(part);
        }
    }

    pub(crate) fn finish(mut self, opts: &Options) -> String {
        self.0.update(&opts.codebook.text_hash.to_le_bytes());
        self.0.update(opts.focus.as_bytes());
        format!("{:016x}", self.0.digest())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

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
                format!(
                    "Wire copy as carried by outlet {}.\n{}",
                    below(3),
                    bodies[below(bodies.len())]
                )
            } else {
                (0..6 + below(10))
                    .map(|_| SENTENCES[below(SENTENCES.len())])
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let date = if below(10) == 0 {
                String::new()
            } else {
                format!("2023-{:02}-{:02}", 1 + below(12), 1 + below(3) * 9)
            };
            let file = format!(
                "---\ntitle: T{i}\nsource: Outlet {}\ndate: {date}\n---\n{body}",
                below(5)
            );
            files.push((format!("{:03}.txt", below(1000)), file.into_bytes()));
            bodies.push(body);
        }
        files.sort();
        files.dedup_by(|a, b| a.0 == b.0);
        files
    }

    #[test]
    fn stories_are_as_the_articles_say() {
        let opts = Options::default();
        let b = crate::compile_sources(&opts, corpus()).unwrap().bundle;
        // Copies, shared dates and undated articles are all there.
        assert!(b.stories.iter().any(|s| s.articles.len() > 1));
        assert!(b
            .articles
            .windows(2)
            .any(|w| w[0].date.is_some() && w[0].date == w[1].date));
        assert!(b.articles.iter().any(|a| a.date.is_none()));

        let mut stories: Vec<Story> = Vec::new();
        for a in &b.articles {
            match stories.iter_mut().find(|s| s.id == a.story) {
                Some(s) => s.articles.push(a.id.clone()),
                None => stories.push(Story {
                    id: a.story.clone(),
                    articles: vec![a.id.clone()],
                }),
            }
        }
        assert_eq!(b.stories, stories);
        assert!(b.stories.iter().all(|s| s.articles[0] == s.id));

        assert_eq!(
            b.stats.sources as usize,
            b.articles
                .iter()
                .map(|a| &a.source)
                .collect::<BTreeSet<_>>()
                .len()
        );
    }
}
