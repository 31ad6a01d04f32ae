//! The analysts' files beside the articles through the whole build: the streamed data folder
//! carries the reviews and annotations as the bundle does, byte for byte; a bad review fails
//! the command line with its place in the file and writes nothing.

use dyad_corpus::layout::write_data_dir;
use dyad_corpus::{compile_dir_into, compile_dir_with, Options};
use dyad_model::layout::{parse_versioned, Catalog, Index};
use dyad_model::Verdict;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/files.rs"]
mod files;
#[path = "common/scratch.rs"]
mod scratch;
use files::listing;
use scratch::Scratch;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds")
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dyad-corpus"))
        .args(args)
        .output()
        .unwrap()
}

/// A copy of the seeds: their articles, annotations and reviews.
fn copy_of_seeds(scratch: &Scratch) -> PathBuf {
    let dir = scratch.0.join("seeds");
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(seeds()).unwrap() {
        let path = e.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn the_streamed_folder_carries_the_reviews_and_annotations_as_the_bundle_does() {
    let scratch = Scratch::new("reviews-stream");
    let opts = Options::default();
    let (streamed, whole) = (scratch.0.join("streamed"), scratch.0.join("whole"));
    compile_dir_into(&seeds(), &opts, &streamed).expect("the seeds compile");
    let bundle = compile_dir_with(&seeds(), &opts).unwrap().bundle;
    write_data_dir(&whole, &bundle).unwrap();
    assert_eq!(listing(&streamed), listing(&whole));
    // The reviews and annotations go through the bundle's JSON and back.
    assert_eq!(
        dyad_model::Bundle::from_json(&dyad_corpus::to_json(&bundle)).unwrap(),
        bundle
    );

    let files = listing(&streamed);
    let text = |prefix: &str| {
        let (_, bytes) = files.iter().find(|(n, _)| n.starts_with(prefix)).unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    let index: Index = parse_versioned("index", &text("index-")).unwrap();
    assert_eq!(index.annotations, bundle.annotations);
    assert_eq!(index.annotations.len(), 5);
    assert_eq!(index.annotations[0].label, "Russia invades Ukraine");
    let catalog: Catalog = parse_versioned("catalog", &text("catalog-")).unwrap();
    let verdicts: Vec<(&str, &str, Verdict)> = catalog
        .articles
        .iter()
        .flat_map(|a| {
            a.assessments.iter().chain(&a.context).filter_map(move |x| {
                Some((a.id.as_str(), x.pair.as_str(), x.review.as_ref()?.verdict))
            })
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("000_c2ba2c0435569e55", "KH-UA", Verdict::Confirmed),
            ("000_c2ba2c0435569e55", "KH-RU", Verdict::Corrected),
            ("003_483cf98fbfc46dee", "KH-RU", Verdict::Confirmed),
            ("002_584552e4734b070e", "FI-RU", Verdict::Added),
        ]
    );
    // The rejected event of 004 lowers KH-CN: the machine's judgement is kept beside it.
    let kh_cn = catalog
        .articles
        .iter()
        .find(|a| a.id == "004_2887d6b3e34a8bb5")
        .and_then(|a| a.assessments.iter().find(|x| x.pair == "KH-CN"))
        .unwrap();
    assert!(kh_cn.review.is_none());
    assert!(kh_cn.machine.unwrap().score > kh_cn.score);
}

#[test]
fn a_bad_review_fails_the_build_at_its_place_and_writes_nothing() {
    let scratch = Scratch::new("reviews-cli");
    let dir = copy_of_seeds(&scratch);
    let out = scratch.0.join("data");
    let (dir_s, out_s) = (dir.to_str().unwrap(), out.to_str().unwrap());
    let first = cli(&["build", dir_s, "--out", out_s]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = listing(&out);

    let reviews = std::fs::read_to_string(dir.join("reviews.toml")).unwrap();
    std::fs::write(
        dir.join("reviews.toml"),
        reviews.replace("score = -0.2\n", "score = -0.6\n"),
    )
    .unwrap();
    let line = reviews[..reviews.find("score = -0.2").unwrap()]
        .lines()
        .count()
        + 1;
    for args in [
        vec!["build", dir_s, "--out", out_s],
        vec!["check", dir_s],
        vec![
            "build",
            dir_s,
            "--bundle",
            scratch.0.join("b.json").to_str().unwrap(),
        ],
    ] {
        let run = cli(&args);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: score -0.6 reads `strained`, not `mixed`"),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("reviews.toml:{line}:9")),
            "{stderr}"
        );
        assert!(
            stderr.contains("help: under the codebook's thresholds"),
            "{stderr}"
        );
    }
    // The previous data folder is whole, and no bundle was written.
    assert_eq!(listing(&out), before);
    assert!(!scratch.0.join("b.json").exists());
}

#[test]
fn a_review_of_an_article_not_in_the_folder_fails_the_streamed_build() {
    let scratch = Scratch::new("reviews-unknown");
    let dir = copy_of_seeds(&scratch);
    let reviews = std::fs::read_to_string(dir.join("reviews.toml")).unwrap();
    std::fs::write(
        dir.join("reviews.toml"),
        reviews.replace("003_483cf98fbfc46dee", "003_gone"),
    )
    .unwrap();
    let errors = compile_dir_into(&dir, &Options::default(), &scratch.0.join("data")).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["no article `003_gone` in the folder"]);
    assert!(!scratch.0.join("data").exists());
}

#[cfg(unix)]
#[test]
fn a_linked_reviews_file_is_refused() {
    let scratch = Scratch::new("reviews-link");
    let dir = copy_of_seeds(&scratch);
    let elsewhere = scratch.0.join("elsewhere.toml");
    std::fs::rename(dir.join("reviews.toml"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("reviews.toml")).unwrap();
    let run = cli(&["check", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("a symbolic link: only regular files inside the folder are read"),
        "{stderr}"
    );
}

#[test]
fn eval_against_the_reviews() {
    let run = cli(&["eval", seeds().to_str().unwrap(), "--reviews"]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("reviewed judgements 3: labels agreed 3"),
        "{stdout}"
    );
    let check = cli(&["check", seeds().to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("    reviewed judgements 4 (1 added, 2 confirmed, 1 corrected), reviewed events 2 (1 corrected, 1 rejected), 5 annotation(s)\n"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let wrong = cli(&["check", seeds().to_str().unwrap(), "--reviews"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("`--reviews` is for `eval"));
}
