//! The focus country and its partners come from the codebook, and every name the views show
//! comes from the data: a corpus built for another focus never shows Cambodia.

use dyad_corpus::codebook::DEFAULT_CODEBOOK;
use dyad_corpus::{compile_sources, layout, Codebook, Options};
use dyad_digest::brief::{deck, Slide};
use dyad_digest::{focus_name, pair_cards, pair_name, relations_title};

const BUILTIN_FOCUS: &str = "[focus]\n# The country whose relations the site shows";

fn article(name: &str, body: &str) -> (String, Vec<u8>) {
    let text = format!("---\ntitle: {name}\nsource: Test Wire\ndate: 2024-03-01\n---\n{body}");
    (name.to_string(), text.into_bytes())
}

/// The built-in codebook with its `[focus]` table replaced.
fn codebook_focused_on(country: &str, partners: &[&str]) -> Codebook {
    assert!(DEFAULT_CODEBOOK.contains(BUILTIN_FOCUS));
    let list: Vec<String> = partners.iter().map(|p| format!("\"{p}\"")).collect();
    let table = format!(
        "[focus]\ncountry = \"{country}\"\npartners = [{}]\n",
        list.join(", ")
    );
    let start = DEFAULT_CODEBOOK.find("[focus]").unwrap();
    let end = start + DEFAULT_CODEBOOK[start..].find("[thresholds]").unwrap();
    let text = format!(
        "{}{table}\n{}",
        &DEFAULT_CODEBOOK[..start],
        &DEFAULT_CODEBOOK[end..]
    );
    Codebook::parse(&text).expect("a valid codebook")
}

#[test]
fn a_corpus_built_for_another_focus_names_that_country_everywhere() {
    let opts = Options::new(codebook_focused_on("VN", &["CN", "US"]));
    let files = vec![
        article(
            "a.txt",
            "Vietnam and China agreed to hold joint military exercises next month.",
        ),
        article(
            "b.txt",
            "Vietnam thanked the United States for its support, the minister said.",
        ),
    ];
    let bundle = compile_sources(&opts, files).expect("compiles").bundle;
    assert_eq!(bundle.focus, "VN");
    assert_eq!(bundle.focus_pairs, ["VN-CN", "VN-US"]);
    assert!(
        bundle.articles[0]
            .assessments
            .iter()
            .any(|a| a.pair == "VN-CN"),
        "{:?}",
        bundle.articles[0].assessments
    );

    let index = layout::split(&bundle).index;
    assert_eq!(focus_name(&index), "Vietnam");
    assert_eq!(
        relations_title(&index),
        "Vietnam's relations with China and the United States"
    );
    let cards = pair_cards(&index.focus_pairs, &index.countries, &index.pairs);
    let partners: Vec<&str> = cards.iter().map(|c| c.partner).collect();
    assert_eq!(partners, ["China", "United States"]);
    let titles: Vec<String> = deck(&index.focus_pairs, &index.pairs)
        .iter()
        .map(|s| s.title(&index.countries, index.focus_pairs.len()))
        .collect();
    assert!(
        titles.contains(&"Vietnam – China".to_string()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"The two relationships".to_string()),
        "{titles:?}"
    );
    for shown in titles.iter().chain(&[
        relations_title(&index),
        pair_name(&index.countries, "VN-US"),
    ]) {
        assert!(!shown.contains("Cambodia"), "{shown}");
    }
}

#[test]
fn the_builtin_focus_is_cambodia_and_focus_overrides_it_for_one_build() {
    let bundle = compile_sources(
        &Options::default(),
        vec![article("a.txt", "Cambodia and China met.")],
    )
    .expect("compiles")
    .bundle;
    let index = layout::split(&bundle).index;
    assert_eq!(
        relations_title(&index),
        "Cambodia's relations with Ukraine, Russia, the United States and China"
    );
    // `--focus TH`: the codebook's partners, with Thailand as the focus.
    let th = Options::with_focus(Codebook::builtin(), "TH");
    assert_eq!(th.focus_pairs, ["TH-UA", "TH-RU", "TH-US", "TH-CN"]);
    assert!(Slide::Overview.title(&[], 4).contains("four"));
}

/// The command line refuses a codebook with a mistake, naming the file, line and column.
#[test]
fn the_cli_refuses_a_leader_kind_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my.toml");
    let text = DEFAULT_CODEBOOK.replacen("kind = \"leader\"", "kind = \"Leader\"", 1);
    std::fs::write(&path, &text).unwrap();
    let at = text.find("kind = \"Leader\"").unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dyad-corpus"))
        .arg("--codebook")
        .arg(&path)
        .arg("check")
        .arg(&seeds)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let place = format!("{}:{line}:8", path.display());
    assert!(err.contains(&place), "{place} in {err}");
    assert!(err.contains("unknown variant `Leader`"), "{err}");
    assert!(
        err.contains("= help: an actor's kind is one of leader"),
        "{err}"
    );
}
