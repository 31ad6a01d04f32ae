//! Helpers shared by the import tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The `*.txt` files of a folder, sorted by name, with their text.
pub fn articles(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".txt"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The body of an article file (after its front matter), and one front-matter value.
pub fn body(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").expect("a front matter");
    &rest[rest.find("\n---\n").expect("closed") + 5..]
}

pub fn field<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no `{key}` in {text}"))
}

/// A Cambodia–China filter, with the names the codebook gives those countries.
pub fn kh_cn_filter() -> dyad_import::Filter {
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect();
    dyad_import::Filter {
        pairs: vec![(
            "KH-CN".to_string(),
            names(&["Cambodia", "Cambodian", "Phnom Penh"]),
            names(&["China", "Chinese", "Beijing"]),
        )],
    }
}
