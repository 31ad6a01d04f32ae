//! The method measured against analysts' gold: the seeds (exact), the synthetic regression
//! articles, the development set and our own articles (`tests/eval/`). Figures are printed
//! (`cargo test -p dyad-corpus --test eval -- --nocapture`); the floors are what the method
//! reaches today, so a regression fails.

use dyad_corpus::eval::{eval_dir, Scores};
use dyad_corpus::Options;
use std::path::{Path, PathBuf};

fn here(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn run(name: &str, dir: &str, gold: &str) -> Scores {
    let (_, s) = eval_dir(&here(dir), &here(gold), &Options::default()).expect("evaluates");
    eprintln!("== {name}\n{}", s.report());
    s
}

/// Floors: (pair F1, stance accuracy, MAE ceiling, evidence recall).
fn at_least(name: &str, s: &Scores, f1: f64, acc: f64, mae: f64, evidence: f64) {
    let got = (s.f1(), s.accuracy(), s.mae(), s.evidence_recall());
    assert!(
        got.0 >= f1 && got.1 >= acc && got.2 <= mae && got.3 >= evidence,
        "{name}: F1 {:.2} (>= {f1}), accuracy {:.2} (>= {acc}), MAE {:.2} (<= {mae}), evidence {:.2} (>= {evidence})",
        got.0,
        got.1,
        got.2,
        got.3
    );
}

#[test]
fn seeds_are_exact() {
    let s = run("seeds", "../../seeds", "tests/fixtures/seeds_gold.json");
    assert!(s.missing_files.is_empty());
    assert_eq!((s.fp, s.fn_), (0, 0), "every gold pair, no other");
    assert_eq!(s.label_ok, s.label_n, "every label");
    assert_eq!(s.evidence_hit, s.evidence_n, "every evidence sentence");
}

#[test]
fn synthetic_set() {
    let s = run(
        "synthetic",
        "tests/eval/synthetic",
        "tests/eval/synthetic/gold.json",
    );
    at_least("synthetic", &s, 0.99, 0.99, 0.11, 0.85);
}

#[test]
fn development_set() {
    let s = run("dev", "tests/eval/dev", "tests/eval/dev/gold.json");
    at_least("dev", &s, 0.99, 0.87, 0.17, 0.75);
}

#[test]
fn own_articles() {
    let s = run("own", "tests/eval/own", "tests/eval/own/gold.json");
    at_least("own", &s, 0.99, 0.93, 0.12, 0.67);
}

#[test]
fn a_missing_gold_file_is_an_error() {
    let err = eval_dir(
        &here("tests/eval/own"),
        &here("tests/eval/own/none.json"),
        &Options::default(),
    )
    .unwrap_err();
    assert!(err.contains("cannot read the gold file"), "{err}");
}
