//! The seeds against the analyst's gold (`fixtures/seeds_gold.json`): every gold pair found
//! with the same label, no focus-country pair where the gold has none, and every gold evidence
//! sentence among the evidence spans (compared as sliced text, whitespace-trimmed). The machine's
//! judgements are compared: `seeds/reviews.toml` is left out.

use dyad_model::{Bundle, Stance};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct GoldArticle {
    file: String,
    pairs: Vec<GoldPair>,
}

#[derive(Deserialize)]
struct GoldPair {
    pair: String,
    stance: Stance,
    score: f64,
    evidence: Vec<String>,
}

fn seeds_bundle() -> Bundle {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    // The machine's judgements: the seeds' reviews (seeds/reviews.toml) are the analyst's.
    dyad_corpus::compile_dir_machine(&dir, &dyad_corpus::Options::default())
        .expect("the seeds compile")
        .bundle
}

fn gold() -> Vec<GoldArticle> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds_gold.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn seeds_match_the_gold() {
    let bundle = seeds_bundle();
    let mut failures = Vec::new();
    let mut report = String::new();
    for g in gold() {
        let article = bundle
            .articles
            .iter()
            .find(|a| a.file == g.file)
            .unwrap_or_else(|| panic!("{} missing", g.file));
        for gp in &g.pairs {
            let Some(got) = article.assessments.iter().find(|a| a.pair == gp.pair) else {
                failures.push(format!("{}: gold pair {} not found", g.file, gp.pair));
                continue;
            };
            report.push_str(&format!(
                "{} {}: gold {:?} {:+.2}, got {:?} {:+.2}\n",
                g.file, gp.pair, gp.stance, gp.score, got.stance, got.score
            ));
            if got.stance != Some(gp.stance) {
                failures.push(format!(
                    "{} {}: gold {:?}, got {:?} (score {})",
                    g.file, gp.pair, gp.stance, got.stance, got.score
                ));
            }
            let spans: Vec<&str> = got
                .evidence
                .iter()
                .map(|e| e.span.slice(&article.text).trim())
                .collect();
            for sentence in &gp.evidence {
                if !spans.contains(&sentence.trim()) {
                    failures.push(format!(
                        "{} {}: gold evidence missing: {sentence}",
                        g.file, gp.pair
                    ));
                }
            }
        }
        for got in &article.assessments {
            if !g.pairs.iter().any(|gp| gp.pair == got.pair) {
                failures.push(format!(
                    "{}: pair {} found where the gold has none",
                    g.file, got.pair
                ));
            }
        }
    }
    eprintln!("{report}");
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn evidence_spans_are_whole_sentences() {
    let bundle = seeds_bundle();
    for a in &bundle.articles {
        for x in a.assessments.iter().chain(&a.context) {
            for e in &x.evidence {
                assert_eq!(a.sentences[e.sentence as usize].span, e.span, "{}", a.file);
                for &i in &e.events {
                    assert_eq!(a.events[i as usize].sentence, e.sentence);
                }
            }
        }
    }
}

#[test]
fn the_two_afp_copies_are_one_story() {
    let bundle = seeds_bundle();
    let story = |file: &str| {
        bundle
            .articles
            .iter()
            .find(|a| a.file == file)
            .unwrap()
            .story
            .clone()
    };
    assert_eq!(
        story("001_37932b2ec799e5dc.txt"),
        story("002_584552e4734b070e.txt")
    );
    assert_ne!(
        story("000_c2ba2c0435569e55.txt"),
        story("001_37932b2ec799e5dc.txt")
    );
    assert_ne!(
        story("003_483cf98fbfc46dee.txt"),
        story("004_2887d6b3e34a8bb5.txt")
    );
    assert_eq!(bundle.stats.stories, 4);
}
