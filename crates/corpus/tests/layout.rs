//! The data folder (`layout`): the split files say what the bundle says, every file the index
//! names is there with its size and parses back, the same input gives the same bytes, and a
//! folder is only ever replaced whole, and only if this compiler wrote it.
//!
//! Compiled from the seeds and from a generated corpus large enough for several shards.

use dyad_corpus::layout::{split, write_data_dir, MARKER, SHARD_ARTICLES, SHARD_TEXT_BYTES};
use dyad_corpus::{compile_dir, compile_sources, Options};
use dyad_model::layout::{parse_versioned, Catalog, Index, Quotes, Shard};
use dyad_model::Bundle;
use std::collections::BTreeMap;
use std::path::Path;

fn seeds() -> Bundle {
    compile_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds"))
        .expect("the seeds compile")
        .bundle
}

fn generated() -> Bundle {
    compile_sources(&Options::default(), dyad_corpus::sample::corpus(400))
        .expect("generated articles are valid")
        .bundle
}

#[path = "common/files.rs"]
mod files;
#[path = "common/scratch.rs"]
mod scratch;
use files::listing;
use scratch::Scratch;

fn read_folder(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, bytes: &[u8]) -> T {
    parse_versioned(what, std::str::from_utf8(bytes).unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

/// Everything the split says about the bundle's articles.
fn check_split(b: &Bundle) {
    let data = split(b);
    let c = &data.catalog;
    assert_eq!(c.input_digest, b.build.input_digest);
    assert_eq!(
        c.articles.iter().map(|a| &a.id).collect::<Vec<_>>(),
        b.articles.iter().map(|a| &a.id).collect::<Vec<_>>()
    );
    for (m, a) in c.articles.iter().zip(&b.articles) {
        assert_eq!(
            (&m.title, &m.source, &m.date, &m.url, &m.story),
            (&a.title, &a.source, &a.date, &a.url, &a.story)
        );
        assert_eq!(format!("{}.txt", m.id), a.file);
        for (metas, xs) in [(&m.assessments, &a.assessments), (&m.context, &a.context)] {
            assert_eq!(metas.len(), xs.len());
            for (meta, x) in metas.iter().zip(xs) {
                assert_eq!(
                    (&meta.pair, meta.stance, meta.score, meta.confidence),
                    (&x.pair, x.stance, x.score, x.confidence)
                );
                assert_eq!(meta.evidence as usize, x.evidence.len());
                let sum: f64 = x.evidence.iter().map(|e| e.weight).sum();
                assert!(
                    (meta.evidence_weight - sum).abs() < 1e-4,
                    "{} vs {sum}",
                    meta.evidence_weight
                );
                let (p, q) = x.pair.split_once('-').unwrap();
                let between = a
                    .events
                    .iter()
                    .filter(|e| {
                        (e.source == p && e.target == q) || (e.source == q && e.target == p)
                    })
                    .count();
                assert_eq!(
                    meta.categories
                        .iter()
                        .map(|t| t.events as usize)
                        .sum::<usize>(),
                    between
                );
                assert!(meta
                    .categories
                    .windows(2)
                    .all(|w| w[0].category < w[1].category));
            }
        }
    }

    // Quotes: every quote in catalog order, its text the span's slice.
    let expected: Vec<(u32, &str)> = b
        .articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.quotes
                .iter()
                .map(move |q| (i as u32, q.span.slice(&a.text)))
        })
        .collect();
    assert_eq!(
        data.quotes
            .quotes
            .iter()
            .map(|q| (q.article, q.text.as_str()))
            .collect::<Vec<_>>(),
        expected
    );
    let speakers: Vec<_> = b
        .articles
        .iter()
        .flat_map(|a| {
            a.quotes.iter().map(|q| {
                q.speaker
                    .as_ref()
                    .map(|s| (s.name.clone(), s.country.clone()))
            })
        })
        .collect();
    for (q, s) in data.quotes.quotes.iter().zip(&speakers) {
        assert_eq!(
            (q.speaker.clone(), q.country.clone()),
            s.clone().map_or((None, None), |(n, c)| (Some(n), c))
        );
    }

    // Shards: consecutive runs of the catalog, each within its limits, holding the full articles.
    let files: BTreeMap<&str, &[u8]> = data
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    assert_eq!(files.len(), data.files.len(), "file names are unique");
    let index = &data.index;
    assert_eq!(index.files.shards.len(), data.shards.len());
    let mut next = 0;
    for (k, (r, range)) in index.files.shards.iter().zip(&data.shards).enumerate() {
        assert!(r.path.starts_with(&format!("shard-{k:04}-")), "{}", r.path);
        let bytes = files[r.path.as_str()];
        assert_eq!(r.bytes as usize, bytes.len());
        let shard: Shard = parse("shard", bytes);
        assert_eq!(shard.input_digest, b.build.input_digest);
        assert_eq!(shard.articles.len() as u32, r.articles);
        assert_eq!(range.start, next);
        next = range.end;
        let in_catalog: Vec<&str> = c
            .articles
            .iter()
            .filter(|m| m.shard == k as u32)
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(
            shard
                .articles
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>(),
            in_catalog
        );
        // The bundle's articles, but for the story, which only the catalog holds, and the
        // mentions, which no page shows.
        let as_shown: Vec<_> = b.articles[range.clone()]
            .iter()
            .map(|a| dyad_model::Article {
                story: String::new(),
                mentions: Vec::new(),
                ..a.clone()
            })
            .collect();
        assert_eq!(shard.articles, as_shown);
        let text: usize = shard.articles.iter().map(|a| a.text.len()).sum();
        let last = shard.articles.last().unwrap().text.len();
        assert!(shard.articles.len() <= SHARD_ARTICLES && text - last <= SHARD_TEXT_BYTES);
    }
    assert_eq!(next, b.articles.len());

    // The catalog and quotes files are the ones in memory; the index names itself by its hash.
    assert_eq!(
        parse::<Catalog>("catalog", files[index.files.catalog.path.as_str()]),
        *c
    );
    assert_eq!(
        parse::<Quotes>("quotes", files[index.files.quotes.path.as_str()]),
        data.quotes
    );
    let index_bytes = files[data.index_file.path.as_str()];
    assert_eq!(parse::<Index>("index", index_bytes), *index);
    assert_eq!(
        data.index_file.path,
        format!(
            "index-{:016x}.json",
            xxhash_rust::xxh3::xxh3_64(index_bytes)
        )
    );
    assert_eq!(
        data.files.last().unwrap().name,
        data.index_file.path,
        "the index is made last"
    );
    assert_eq!(
        (&index.build, &index.stats, &index.focus_pairs),
        (&b.build, &b.stats, &b.focus_pairs)
    );
    let dated = b.articles.iter().filter(|a| a.date.is_some()).count();
    assert_eq!(
        index.months.iter().map(|m| m.1 as usize).sum::<usize>(),
        dated
    );
    assert!(index.months.windows(2).all(|w| w[0].0 < w[1].0));
    let focus: Vec<&String> = index
        .pairs
        .iter()
        .filter(|p| p.focus)
        .map(|p| &p.pair)
        .collect();
    assert_eq!(focus, b.focus_pairs.iter().collect::<Vec<_>>());
}

#[test]
fn the_seeds_split_as_the_bundle_says() {
    check_split(&seeds());
}

#[test]
fn a_generated_corpus_splits_as_the_bundle_says() {
    let b = generated();
    let data = split(&b);
    assert!(
        data.shards.len() > 3,
        "several shards: {}",
        data.shards.len()
    );
    assert!(!data.quotes.quotes.is_empty());
    check_split(&b);
}

#[test]
fn the_folder_holds_every_file_of_the_index_and_nothing_else() {
    let scratch = Scratch::new("layout-files");
    let out = scratch.0.join("data");
    let b = generated();
    let written = write_data_dir(&out, &b).unwrap();
    let files = read_folder(&out);
    let index: Index = parse("index", &files[&written.index.path]);
    assert_eq!(index.files, written.files);
    assert_eq!(files[&written.index.path].len() as u64, written.index.bytes);
    let mut named = vec![
        written.index.path.clone(),
        index.files.directory.path.clone(),
        index.files.catalog.path.clone(),
        index.files.quotes.path.clone(),
        MARKER.to_string(),
    ];
    for f in [
        &index.files.directory,
        &index.files.catalog,
        &index.files.quotes,
    ] {
        assert_eq!(files[&f.path].len() as u64, f.bytes, "{}", f.path);
    }
    let catalog: Catalog = parse("catalog", &files[&index.files.catalog.path]);
    let directory: dyad_model::layout::Directory =
        parse("directory", &files[&index.files.directory.path]);
    let pairs: Vec<(String, u32)> = catalog
        .articles
        .iter()
        .map(|a| (a.id.clone(), a.shard))
        .collect();
    assert_eq!(
        directory.articles, pairs,
        "the directory is the catalog's ids and shards"
    );
    let _: Quotes = parse("quotes", &files[&index.files.quotes.path]);
    for s in &index.files.shards {
        assert_eq!(
            std::fs::metadata(out.join(&s.path)).unwrap().len(),
            s.bytes,
            "{}",
            s.path
        );
        let _: Shard = parse("shard", &files[&s.path]);
        named.push(s.path.clone());
    }
    named.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), named);
    // The same files as in memory.
    let data = split(&b);
    assert_eq!(data.files.len() + 1, files.len());
    for f in &data.files {
        assert!(files[&f.name] == f.bytes, "{}", f.name);
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let scratch = Scratch::new("layout-same");
    let (one, two) = (scratch.0.join("one"), scratch.0.join("two"));
    write_data_dir(&one, &generated()).unwrap();
    write_data_dir(&two, &generated()).unwrap();
    assert!(read_folder(&one) == read_folder(&two));
    write_data_dir(&one, &seeds()).unwrap();
    write_data_dir(&two, &seeds()).unwrap();
    assert!(read_folder(&one) == read_folder(&two));
}

#[test]
fn a_second_build_replaces_the_folder_whole() {
    let scratch = Scratch::new("layout-replace");
    let out = scratch.0.join("data");
    let (first, second) = (seeds(), generated());
    write_data_dir(&out, &first).unwrap();
    let before = read_folder(&out);
    let written = write_data_dir(&out, &second).unwrap();
    let after = read_folder(&out);
    assert!(after.contains_key(&written.index.path));
    assert_eq!(
        after.len(),
        written.files.shards.len() + 5,
        "no file of the first build is left"
    );
    assert!(before
        .keys()
        .filter(|k| k.ends_with(".json"))
        .all(|k| !after.contains_key(k)));
    assert_eq!(
        std::fs::read_dir(&scratch.0).unwrap().count(),
        1,
        "no temporary or previous folder is left"
    );
    // An empty folder may be written into, too.
    let empty = scratch.0.join("empty");
    std::fs::create_dir(&empty).unwrap();
    write_data_dir(&empty, &first).unwrap();
    assert_eq!(read_folder(&empty), before);
}

#[test]
fn refuses_a_folder_or_file_it_did_not_write_and_leaves_it_untouched() {
    let scratch = Scratch::new("layout-refuse");
    let b = seeds();
    let folder = scratch.0.join("photos");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("cat.jpg"), "meow").unwrap();
    let json_only = scratch.0.join("json");
    std::fs::create_dir(&json_only).unwrap();
    std::fs::write(json_only.join("index-0000000000000000.json"), "{}").unwrap();
    let file = scratch.0.join("data");
    std::fs::write(&file, "a file").unwrap();
    for target in [&folder, &json_only, &file] {
        let before = if target.is_dir() {
            read_folder(target)
        } else {
            BTreeMap::from([(String::new(), std::fs::read(target).unwrap())])
        };
        let err = write_data_dir(target, &b).unwrap_err();
        assert!(err.to_string().contains("refusing to replace"), "{err}");
        let after = if target.is_dir() {
            read_folder(target)
        } else {
            BTreeMap::from([(String::new(), std::fs::read(target).unwrap())])
        };
        assert_eq!(after, before, "{} untouched", target.display());
    }
    assert_eq!(
        std::fs::read_dir(&scratch.0).unwrap().count(),
        3,
        "no temporary folder is left"
    );
}

/// The compiler streams a folder into the data folder one shard at a time; the files are those
/// of the bundle split in memory, byte for byte.
#[test]
fn streaming_a_folder_gives_the_files_of_the_bundle() {
    let base = std::env::temp_dir().join(format!("dyad-layout-stream-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let articles = base.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    for (name, bytes) in dyad_corpus::sample::corpus(300) {
        std::fs::write(
            articles.join(std::path::Path::new(&name).file_name().unwrap()),
            bytes,
        )
        .unwrap();
    }
    let opts = Options::default();
    let (streamed, whole) = (base.join("streamed"), base.join("whole"));
    let c = dyad_corpus::compile_dir_into(&articles, &opts, &streamed)
        .expect("the generated articles compile");
    assert_eq!(c.articles, 300);
    assert!(c.written.files.shards.len() > 2, "several shards");
    let bundle = dyad_corpus::compile_dir_with(&articles, &opts)
        .unwrap()
        .bundle;
    write_data_dir(&whole, &bundle).unwrap();
    let (a, b) = (listing(&streamed), listing(&whole));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(a == b, "the same bytes");
    // The first pass keeps the parsed articles for the second up to a budget of text and the
    // second reads the rest again: with room for none, or for about half, the same files.
    let text: u64 = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    for kept_text_bytes in [0, text as usize / 2] {
        let mut small = Options::default();
        small.limits.kept_text_bytes = kept_text_bytes;
        let partly = base.join(format!("kept-{kept_text_bytes}"));
        dyad_corpus::compile_dir_into(&articles, &small, &partly).unwrap();
        assert!(
            listing(&partly) == a,
            "kept {kept_text_bytes}: the same bytes"
        );
    }
    // Stories are in the catalog; the shards carry none.
    let site = split(&bundle);
    assert!(
        site.catalog.articles.iter().any(|m| m.story != m.id),
        "some copies share a story"
    );
    let shard: dyad_model::layout::Shard = serde_json::from_slice(
        &site
            .files
            .iter()
            .find(|f| f.name.starts_with("shard-"))
            .unwrap()
            .bytes,
    )
    .unwrap();
    assert!(shard.articles.iter().all(|a| a.story.is_empty()));
    let _ = std::fs::remove_dir_all(&base);
}
