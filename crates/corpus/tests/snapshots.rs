//! `dyad-corpus explain` of the seeds and the evaluation articles, committed under
//! `tests/snapshots/`, so a rule change reads as a diff of sentences. `DYAD_BLESS=1 cargo test
//! -p dyad-corpus --test snapshots` rewrites them.

use dyad_corpus::{source, Options};
use std::path::{Path, PathBuf};

const SETS: [(&str, &str); 4] = [
    ("seeds", "../../seeds"),
    ("synthetic", "tests/eval/synthetic"),
    ("dev", "tests/eval/dev"),
    ("own", "tests/eval/own"),
];

fn here(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn explain(path: &Path, opts: &Options) -> String {
    let (bytes, _) = source::read_article(path, &opts.limits).expect("reads");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let (article, _) = source::parse_article(&name, &name, &bytes).expect("parses");
    dyad_corpus::explain::explain(opts, article)
}

#[test]
fn explain_output_matches_the_snapshots() {
    let bless = std::env::var_os("DYAD_BLESS").is_some_and(|v| v == "1");
    let opts = Options::default();
    let mut differ = Vec::new();
    let mut checked = 0;
    for (set, dir) in SETS {
        let out = here("tests/snapshots").join(set);
        if bless {
            std::fs::create_dir_all(&out).unwrap();
        }
        for path in source::list_articles(&here(dir)).expect("lists") {
            let shown = explain(&path, &opts);
            let snap = out.join(path.file_name().unwrap());
            checked += 1;
            if bless {
                std::fs::write(&snap, &shown).unwrap();
                continue;
            }
            let kept = std::fs::read_to_string(&snap).unwrap_or_default();
            if kept != shown {
                let first = kept
                    .lines()
                    .zip(shown.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(kept.lines().count().min(shown.lines().count()));
                differ.push(format!(
                    "{}: first difference at line {}\n  kept: {}\n  now:  {}",
                    snap.display(),
                    first + 1,
                    kept.lines().nth(first).unwrap_or("(end)"),
                    shown.lines().nth(first).unwrap_or("(end)")
                ));
            }
        }
    }
    assert!(checked >= 48, "only {checked} articles explained");
    assert!(
        differ.is_empty(),
        "{} snapshot(s) differ (rewrite them with DYAD_BLESS=1 and review the diff):\n{}",
        differ.len(),
        differ.join("\n")
    );
}
