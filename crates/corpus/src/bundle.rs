//! Assembling the bundle: analyse each article and group syndicated copies into stories. The
//! pairs' judgements over the corpus are made from the site's catalog (`layout.rs`, through
//! `dyad_digest::period`), the one implementation the app also runs for a period.

use crate::analyze::{analyze, Options};
use crate::codebook::{fnv1a, FNV_OFFSET};
use crate::source::SourceArticle;
use crate::stories;
use dyad_model::{Actor, BuildInfo, Bundle, CorpusStats, Country, Story, SCHEMA_VERSION};

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
    for s in sources {
        let an = analyze(opts, s);
        articles.push(an.article);
        fingerprints.push(an.fingerprint);
    }

    // Stories: syndicated copies share a story id, the earliest copy's id.
    let roots = {
        let dates: Vec<Option<&str>> = articles.iter().map(|a| a.date.as_deref()).collect();
        stories::group(&fingerprints, &dates)
    };
    drop(fingerprints);
    // A story's root is its first article, so the stories are listed in the order of their roots.
    let mut story_list: Vec<Story> = Vec::new();
    let mut story_of_root = vec![0; roots.len()];
    for (i, &r) in roots.iter().enumerate() {
        if r == i {
            story_of_root[i] = story_list.len();
            story_list.push(Story { id: articles[i].id.clone(), articles: Vec::new() });
        }
        let root_id = story_list[story_of_root[r]].id.clone();
        story_list[story_of_root[r]].articles.push(articles[i].id.clone());
        articles[i].story = root_id;
    }

    let dates = articles.iter().filter_map(|a| a.date.as_deref());
    let first_date = dates.clone().min().map(str::to_string);
    let last_date = dates.max().map(str::to_string);
    let mut sources: Vec<&str> = articles.iter().map(|a| a.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    let stats = CorpusStats {
        articles: articles.len() as u32,
        stories: story_list.len() as u32,
        sources: sources.len() as u32,
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
        stats,
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

    #[test]
    fn stories_are_as_the_articles_say() {
        let opts = Options::default();
        let b = crate::compile_sources(&opts, corpus()).unwrap().bundle;
        // Copies, shared dates and undated articles are all there.
        assert!(b.stories.iter().any(|s| s.articles.len() > 1));
        assert!(b.articles.windows(2).any(|w| w[0].date.is_some() && w[0].date == w[1].date));
        assert!(b.articles.iter().any(|a| a.date.is_none()));

        let mut stories: Vec<Story> = Vec::new();
        for a in &b.articles {
            match stories.iter_mut().find(|s| s.id == a.story) {
                Some(s) => s.articles.push(a.id.clone()),
                None => stories.push(Story { id: a.story.clone(), articles: vec![a.id.clone()] }),
            }
        }
        assert_eq!(b.stories, stories);
        assert!(b.stories.iter().all(|s| s.articles[0] == s.id));

        assert_eq!(b.stats.sources as usize, b.articles.iter().map(|a| &a.source).collect::<BTreeSet<_>>().len());
    }
}
