//! A selection of the articles (`dyad-corpus build --from --to --pair`): a period keeps the
//! articles dated within it, a pair the ones that assess it, and the data folder written says
//! what a folder of just those articles would say (statistics, stories, months, pairs), under
//! an input digest of its own.
//!
//! The seeds are dated 2022-11-02 (000: KH-UA, KH-RU; context RU-UA, UA-US), 2023-10-27
//! (003: KH-RU), 2024-05-08 (004: KH-US, KH-CN; context CN-US), 2024-11-28 and 2024-11-30
//! (001 and its copy 002: context pairs only, among them RU-UA).

use dyad_corpus::{compile_dir_into, compile_dir_selected_into, Options, Selection};
use dyad_digest::period::{Month, Period};
use dyad_model::layout::{parse_versioned, Catalog, Index, Quotes, Shard};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds")
}

#[path = "common/scratch.rs"]
mod scratch;
use scratch::Scratch;

fn period(from: &str, to: &str) -> Period {
    Period {
        from: Month::parse(from),
        to: Month::parse(to),
    }
}

fn select(from: &str, to: &str, pair: Option<&str>) -> Selection {
    Selection {
        period: period(from, to),
        pair: pair.map(String::from),
    }
}

/// A data folder, parsed.
struct Data {
    index: Index,
    catalog: Catalog,
    quotes: Quotes,
    shards: Vec<Shard>,
}

fn read(dir: &Path) -> Data {
    let text = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let index_name = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with("index-"))
        .expect("an index");
    let index: Index = parse_versioned("index", &text(&index_name)).unwrap();
    let catalog = parse_versioned("catalog", &text(&index.files.catalog.path)).unwrap();
    let quotes = parse_versioned("quotes", &text(&index.files.quotes.path)).unwrap();
    let shards = index
        .files
        .shards
        .iter()
        .map(|s| parse_versioned("shard", &text(&s.path)).unwrap())
        .collect();
    Data {
        index,
        catalog,
        quotes,
        shards,
    }
}

/// Compiles the seeds with a selection into `scratch/name`.
fn build(scratch: &Scratch, name: &str, selection: &Selection) -> (usize, Data) {
    let out = scratch.0.join(name);
    let c = compile_dir_selected_into(&seeds(), &Options::default(), selection, &out)
        .unwrap_or_else(|d| panic!("{d:?}"));
    (c.articles, read(&out))
}

fn dates(d: &Data) -> Vec<&str> {
    d.catalog
        .articles
        .iter()
        .map(|a| a.date.as_deref().unwrap_or("undated"))
        .collect()
}

/// The index's statistics are those of the articles written.
fn check_stats(d: &Data) {
    let s = &d.index.stats;
    let articles: Vec<&dyad_model::Article> = d.shards.iter().flat_map(|s| &s.articles).collect();
    assert_eq!(s.articles as usize, d.catalog.articles.len());
    assert_eq!(articles.len(), d.catalog.articles.len());
    assert_eq!(
        s.stories as usize,
        d.catalog
            .articles
            .iter()
            .map(|a| &a.story)
            .collect::<BTreeSet<_>>()
            .len()
    );
    assert_eq!(
        s.sources as usize,
        d.catalog
            .articles
            .iter()
            .map(|a| &a.source)
            .collect::<BTreeSet<_>>()
            .len()
    );
    assert_eq!(
        s.bytes as usize,
        articles.iter().map(|a| a.text.len()).sum::<usize>()
    );
    assert_eq!(
        s.sentences as usize,
        articles.iter().map(|a| a.sentences.len()).sum::<usize>()
    );
    assert_eq!(
        s.events as usize,
        articles.iter().map(|a| a.events.len()).sum::<usize>()
    );
    assert_eq!(s.quotes as usize, d.quotes.quotes.len());
    let dated: Vec<&String> = d
        .catalog
        .articles
        .iter()
        .filter_map(|a| a.date.as_ref())
        .collect();
    assert_eq!(s.first_date.as_ref(), dated.iter().copied().min());
    assert_eq!(s.last_date.as_ref(), dated.iter().copied().max());
    assert_eq!(
        d.index.months.iter().map(|m| m.1 as usize).sum::<usize>(),
        dated.len()
    );
    // Every story of the catalog is one of its own articles: no story points outside.
    let ids: BTreeSet<&String> = d.catalog.articles.iter().map(|a| &a.id).collect();
    assert!(d.catalog.articles.iter().all(|a| ids.contains(&a.story)));
    assert!(d
        .quotes
        .quotes
        .iter()
        .all(|q| (q.article as usize) < d.catalog.articles.len()));
}

/// The index with what names the build (its digest and file names) left out.
fn content(index: &Index) -> Index {
    let mut i = index.clone();
    i.build.input_digest.clear();
    i.files = Default::default();
    i
}

#[test]
fn a_year_keeps_the_articles_dated_within_it() {
    let scratch = Scratch::new("selection-year");
    let (n, d) = build(&scratch, "2024", &select("2024-01", "2024-12", None));
    assert_eq!(
        (n, dates(&d)),
        (3, vec!["2024-05-08", "2024-11-28", "2024-11-30"])
    );
    check_stats(&d);
    assert_eq!(d.index.stats.stories, 2, "002 is a copy of 001");
    assert_eq!(
        d.index.months,
        vec![("2024-05".to_string(), 1), ("2024-11".to_string(), 2)]
    );

    // The same as a folder holding only those articles, their reviews and the annotations, but
    // for the digest that names the build.
    let only = scratch.0.join("only");
    std::fs::create_dir(&only).unwrap();
    for a in &d.catalog.articles {
        let file = format!("{}.txt", a.id);
        std::fs::copy(seeds().join(&file), only.join(&file)).unwrap();
    }
    std::fs::copy(
        seeds().join("annotations.toml"),
        only.join("annotations.toml"),
    )
    .unwrap();
    let reviews = std::fs::read_to_string(seeds().join("reviews.toml")).unwrap();
    let kept: String = reviews
        .split("\n[[")
        .skip(1)
        .filter(|table| {
            d.catalog
                .articles
                .iter()
                .any(|a| table.contains(&format!("article = \"{}\"", a.id)))
        })
        .map(|table| format!("\n[[{table}"))
        .collect();
    assert!(
        kept.contains("[[event]]"),
        "the seeds review events of 2024"
    );
    std::fs::write(only.join("reviews.toml"), kept).unwrap();
    compile_dir_into(&only, &Options::default(), &scratch.0.join("only-data")).unwrap();
    let alone = read(&scratch.0.join("only-data"));
    assert_eq!(content(&d.index), content(&alone.index));
    assert_eq!(d.catalog.articles, alone.catalog.articles);
    assert_eq!(d.quotes.quotes, alone.quotes.quotes);

    // Bounds are inclusive months; one bound leaves the other side open.
    assert_eq!(
        dates(&build(&scratch, "nov", &select("2024-11", "2024-11", None)).1),
        vec!["2024-11-28", "2024-11-30"]
    );
    assert_eq!(
        dates(
            &build(
                &scratch,
                "to-2023",
                &Selection {
                    period: Period {
                        from: None,
                        to: Month::parse("2023-10")
                    },
                    pair: None
                }
            )
            .1
        ),
        vec!["2022-11-02", "2023-10-27"]
    );
}

#[test]
fn a_pair_keeps_the_articles_that_assess_it() {
    let scratch = Scratch::new("selection-pair");
    let all = Period::ALL;
    let (n, d) = build(
        &scratch,
        "kh-ru",
        &Selection {
            period: all,
            pair: Some("KH-RU".into()),
        },
    );
    assert_eq!((n, dates(&d)), (2, vec!["2022-11-02", "2023-10-27"]));
    check_stats(&d);
    // A context pair counts too: 000, 001 and its copy 002.
    let (_, d) = build(
        &scratch,
        "ru-ua",
        &Selection {
            period: all,
            pair: Some("RU-UA".into()),
        },
    );
    assert_eq!(dates(&d), vec!["2022-11-02", "2024-11-28", "2024-11-30"]);
    check_stats(&d);
    for (name, sel) in [
        ("kh-cn-2024", select("2024-01", "2024-12", Some("KH-CN"))),
        (
            "ru-ua-again",
            Selection {
                period: all,
                pair: Some("RU-UA".into()),
            },
        ),
    ] {
        let (_, d) = build(&scratch, name, &sel);
        let pair = sel.pair.as_deref().unwrap();
        assert!(
            d.catalog.articles.iter().all(|a| a
                .assessments
                .iter()
                .chain(&a.context)
                .any(|x| x.pair == pair)),
            "{name}"
        );
        check_stats(&d);
    }
    let (_, d) = build(
        &scratch,
        "kh-cn",
        &select("2024-01", "2024-12", Some("KH-CN")),
    );
    assert_eq!(dates(&d), vec!["2024-05-08"]);
    // The index judges the pairs from the articles kept: KH-RU has no story in it.
    let kh_ru = d.index.pairs.iter().find(|p| p.pair == "KH-RU").unwrap();
    assert_eq!((kh_ru.stories, kh_ru.stance), (0, None));
    assert!(
        d.index
            .pairs
            .iter()
            .find(|p| p.pair == "KH-CN")
            .unwrap()
            .stories
            == 1
    );
}

#[test]
fn each_selection_is_a_build_of_its_own_and_the_whole_corpus_is_unchanged() {
    let scratch = Scratch::new("selection-digest");
    let whole = scratch.0.join("whole");
    compile_dir_into(&seeds(), &Options::default(), &whole).unwrap();
    let (_, default) = build(&scratch, "default", &Selection::default());
    let whole = read(&whole);
    assert_eq!(default.index, whole.index, "no selection, the same files");
    let digests: BTreeSet<String> = [
        select("2022-01", "2024-12", None),
        select("2022-01", "2024-12", Some("KH-RU")),
        select("2022-11", "2024-12", None),
    ]
    .iter()
    .enumerate()
    .map(|(k, s)| {
        build(&scratch, &format!("s{k}"), s)
            .1
            .index
            .build
            .input_digest
    })
    .chain([whole.index.build.input_digest.clone()])
    .collect();
    assert_eq!(digests.len(), 4, "{digests:?}");
}

#[test]
fn an_empty_selection_is_an_error_and_writes_nothing() {
    let scratch = Scratch::new("selection-empty");
    let out = scratch.0.join("data");
    for sel in [
        select("2025-01", "2025-12", None),
        select("2024-01", "2024-12", Some("KH-RU")),
    ] {
        let errors =
            compile_dir_selected_into(&seeds(), &Options::default(), &sel, &out).unwrap_err();
        let shown: String = errors.iter().map(|d| d.to_string()).collect();
        assert!(
            shown.contains("no article matches the selection"),
            "{shown}"
        );
        assert!(!out.exists(), "nothing written");
        assert_eq!(
            std::fs::read_dir(&scratch.0).unwrap().count(),
            0,
            "no temporary folder left"
        );
    }
}

fn cli() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_dyad-corpus"))
}

#[test]
fn the_command_line_reads_the_selection_and_says_what_is_wrong() {
    let scratch = Scratch::new("selection-cli");
    let out = scratch.0.join("data");
    let seeds = seeds();
    let run = |args: &[&str]| {
        let o = cli()
            .arg("build")
            .arg(&seeds)
            .arg("--out")
            .arg(&out)
            .args(args)
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (ok, err) = run(&["--from", "2024-01", "--to", "2024-12", "--pair", "cn-kh"]);
    assert!(ok, "{err}");
    assert!(err.contains("(1 articles)"), "{err}");
    let before = read(&out);
    assert_eq!(dates(&before), vec!["2024-05-08"], "cn-kh is KH-CN");
    for (args, expected) in [
        (
            &["--from", "2024-13", "--to", "2024-12"][..],
            "error: --from takes a month YYYY-MM, e.g. 2024-01",
        ),
        (
            &["--from", "2024-01", "--to", "2024-1"][..],
            "error: --to takes a month YYYY-MM, e.g. 2024-01",
        ),
        (
            &["--from", "2024-01-05"][..],
            "error: --from takes a month YYYY-MM",
        ),
        (&["--to"][..], "error: --to takes a month YYYY-MM"),
        (
            &["--from", "2024-12", "--to", "2024-01"][..],
            "error: --from 2024-12 is after --to 2024-01",
        ),
        (
            &["--pair", "khcn"][..],
            "error: --pair takes two different country codes, e.g. KH-CN",
        ),
        (
            &["--pair", "kh-zz"][..],
            "`ZZ` is not a country of the codebook",
        ),
        (
            &["--from", "2025-01", "--to", "2025-12"][..],
            "no article matches the selection: none is dated 2025-01 to 2025-12",
        ),
        (
            &["--from", "2024-01", "--to", "2024-12", "--pair", "kh-ru"][..],
            "none is dated 2024-01 to 2024-12 and assessing KH-RU",
        ),
    ] {
        let (ok, err) = run(args);
        assert!(!ok && err.contains(expected), "{args:?}: {err}");
        assert_eq!(
            read(&out).index,
            before.index,
            "{args:?}: the previous folder stays"
        );
    }
    let bundle = cli()
        .arg("build")
        .arg(&seeds)
        .arg("--bundle")
        .arg(scratch.0.join("b.json"))
        .args(["--from", "2024-01"])
        .output()
        .unwrap();
    assert!(
        !bundle.status.success()
            && String::from_utf8_lossy(&bundle.stderr)
                .contains("are for `build <DIR> --out <OUTDIR>` only")
    );
}

/// An undated article is in the whole corpus, and in no bounded period.
#[test]
fn a_period_leaves_undated_articles_out() {
    let scratch = Scratch::new("selection-undated");
    let dir = scratch.0.join("articles");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), "---\ntitle: A\nsource: S\ndate: 2024-03-01\n---\nCambodia and China agreed to cooperate.\n").unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "---\ntitle: B\nsource: S\ndate:\n---\nCambodia and China signed an agreement.\n",
    )
    .unwrap();
    let opts = Options::default();
    let all = compile_dir_selected_into(
        &dir,
        &opts,
        &Selection {
            period: Period::ALL,
            pair: Some("KH-CN".into()),
        },
        &scratch.0.join("all"),
    )
    .unwrap();
    assert_eq!(all.articles, 2);
    let bounded = compile_dir_selected_into(
        &dir,
        &opts,
        &select("2000-01", "2099-12", None),
        &scratch.0.join("bounded"),
    )
    .unwrap();
    assert_eq!(bounded.articles, 1);
    assert_eq!(dates(&read(&scratch.0.join("bounded"))), vec!["2024-03-01"]);
}
