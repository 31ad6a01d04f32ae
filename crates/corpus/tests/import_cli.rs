//! `dyad-corpus import` end to end (#14): the saved-page and feed fixtures of `dyad-import`
//! imported by the command line, the files passing `dyad-corpus check` with no error and no
//! warning, a second import writing nothing, `--filter` by the codebook.
#![cfg(feature = "import")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../import/tests/fixtures")
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad-corpus"))
        .args(args)
        .output()
        .expect("the command line runs")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn txt_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    v.sort();
    v
}

#[test]
fn imported_pages_and_feeds_pass_check_and_a_second_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("seeds");
    let pages = fixtures().join("pages");
    let feeds = fixtures().join("feeds");
    let args = [
        "import",
        pages.to_str().unwrap(),
        feeds.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ];
    let first = cli(&args);
    assert!(first.status.success(), "{}", text(&first));
    let files = txt_files(&into);
    assert_eq!(files.len(), 8, "{}", text(&first));
    assert!(
        text(&first).contains("import: wrote 8 article(s); 2 already present"),
        "{}",
        text(&first)
    );

    let check = cli(&["check", into.to_str().unwrap()]);
    let out = text(&check);
    assert!(check.status.success(), "{out}");
    assert!(out.contains("ok: 8 articles"), "{out}");
    assert!(
        !out.contains("error") && out.contains(" 0 warning(s)"),
        "{out}"
    );

    let second = cli(&args);
    assert!(second.status.success(), "{}", text(&second));
    assert!(
        text(&second).contains("import: wrote 0 article(s)"),
        "{}",
        text(&second)
    );
    assert_eq!(txt_files(&into), files);
}

#[test]
fn the_filter_uses_the_codebooks_names_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("seeds");
    let rss = fixtures().join("feeds/khmer-daily-full.rss");
    let o = cli(&[
        "import",
        rss.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
        "--filter",
        "--dry-run",
    ]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    // Russia's nuclear talks (KH-RU) and the Ream deal (KH-CN) name a focus pair; the rice
    // harvest names none.
    assert!(
        out.contains("would write") && out.contains("cambodia-russia-hold-first-talks"),
        "{out}"
    );
    assert!(
        out.contains("Rice farmers in Battambang") && out.contains("names no focus pair"),
        "{out}"
    );
    assert!(out.contains("import: would write 2 article(s)"), "{out}");
    assert!(!into.exists());
}

#[test]
fn import_without_a_folder_or_inputs_is_a_usage_error() {
    let o = cli(&["import", "page.html"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("needs `--into <DIR>`"), "{}", text(&o));
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.html");
    let o = cli(&[
        "import",
        missing.to_str().unwrap(),
        "--into",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!o.status.success(), "every input failed");
    assert!(
        text(&o).contains("cannot import") && text(&o).contains("nothing could be imported"),
        "{}",
        text(&o)
    );
}
