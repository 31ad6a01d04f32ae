use super::*;
use clap::Parser;

/// `cargo xtask export LINE` read as `main` reads it, and checked as `run` checks it.
fn parse_args(line: &str) -> Result<ExportArgs> {
    let words = ["cargo xtask", "export"]
        .into_iter()
        .chain(line.split_whitespace());
    match crate::Cli::try_parse_from(words)?.task {
        crate::Task::Export(a) => {
            a.check()?;
            Ok(a)
        }
        other => panic!("{line}: read as {other:?}"),
    }
}

#[test]
fn the_period_and_the_pair_are_read() {
    let a = parse_args("--from 2024-01 --to 2024-12").unwrap();
    assert_eq!(
        a,
        ExportArgs {
            from: "2024-01".into(),
            to: "2024-12".into(),
            pair: None,
            debian: false
        }
    );
    let a = parse_args("--pair KH-CN --to=2024-06 --from 2024-06 --debian").unwrap();
    assert_eq!(
        a,
        ExportArgs {
            from: "2024-06".into(),
            to: "2024-06".into(),
            pair: Some("kh-cn".into()),
            debian: true
        }
    );
}

#[test]
fn bad_or_missing_values_and_unknown_flags_fail() {
    for line in [
        "",
        "--from 2024-01",
        "--to 2024-12",
        "--from 2024-13 --to 2024-12",
        "--from 2024-1 --to 2024-12",
        "--from 2024-01-01 --to 2024-12",
        "--from 2024-01 --to",
        "--from 2024-01 --to --pair kh-cn",
        "--from 2024-12 --to 2024-01",
        "--from 2024-01 --to 2024-12 --pair khcn",
        "--from 2024-01 --to 2024-12 --pair",
        "--from 2024-01 --to 2024-12 --public-url ./",
        "--from 2024-01 --to 2024-12 extra",
        "--from 2024-01 --to 2024-12 --debian=yes",
    ] {
        let e = parse_args(line).expect_err(line).to_string();
        assert!(
            e.starts_with("error: ") || e.starts_with("`--from 2024-12` is after"),
            "{line}: {e}"
        );
    }
    let e = parse_args("--from 2024-13 --to 2024-12")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(
            "invalid value '2024-13' for '--from <YYYY-MM>': takes a month YYYY-MM, e.g. 2024-01"
        ),
        "{e}"
    );
    let e = parse_args("--from 2024-01 --to 2024-12 --pair khcn")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("takes a pair of country codes, e.g. kh-cn"),
        "{e}"
    );
    let e = parse_args("--from 2024-12 --to 2024-01")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("`--from 2024-12` is after `--to 2024-01`"),
        "{e}"
    );
}

#[test]
fn the_output_is_named_for_the_period_and_the_pair() {
    let a = parse_args("--from 2024-01 --to 2024-12").unwrap();
    assert_eq!(output_name(&a), "dyad-briefing-2024-01-2024-12.html");
    assert_eq!(deck_route(&a), "#/brief?from=2024-01&to=2024-12");
    let a = parse_args("--from 2022-11 --to 2023-10 --pair KH-RU").unwrap();
    assert_eq!(output_name(&a), "dyad-briefing-2022-11-2023-10-kh-ru.html");
    // Never the full single file's name, so the export cannot replace it.
    assert_ne!(output_name(&a), SINGLE_FILE);
}

#[test]
fn the_index_gives_its_pairs_and_statistics() {
    use dyad_model::layout::{Index, PairSummary};
    let pair = |p: &str| PairSummary {
        pair: p.into(),
        ..PairSummary::default()
    };
    let mut index = Index {
        schema_version: dyad_model::SCHEMA_VERSION,
        focus_pairs: vec!["KH-UA".into(), "KH-RU".into()],
        pairs: vec![pair("KH-UA"), pair("RU-UA")],
        ..Index::default()
    };
    index.stats.articles = 3;
    let json = serde_json::to_string(&index).unwrap();
    assert_eq!(index_pairs(&json), vec!["KH-UA", "KH-RU", "RU-UA"]);
    assert_eq!(index_articles(&json), Some(3));
    assert!(index_pairs("not json").is_empty());
}

/// The release page (as post-build leaves it) loses the site's CSP and the worker, names
/// the export's index and opens on the deck; the single file's CSP then hashes that script.
#[test]
fn the_page_names_the_export_data_and_opens_on_the_deck() {
    let page = "<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'sha256-x'\">\n  <title>Dyad</title>\n<script type=\"module\">import init from './dyad-1.js';</script>\n  <meta name=\"dyad-data\" content=\"data/index-0123.json\">\n  <meta name=\"dyad-built\" content=\"2026-11-30\">\n<script>if (\"serviceWorker\" in navigator) navigator.serviceWorker.register(\"./sw.js\");</script>\n</head>\n<body></body>\n</html>\n";
    let out = export_page(
        page,
        "data/index-abcd.json",
        "#/brief?from=2024-01&to=2024-12",
    )
    .unwrap();
    assert!(
        !out.contains("Content-Security-Policy") && !out.contains("serviceWorker"),
        "{out}"
    );
    assert!(
        out.contains("<meta charset=\"utf-8\">\n  <title>Dyad</title>"),
        "{out}"
    );
    assert!(
        out.contains("<meta name=\"dyad-data\" content=\"data/index-abcd.json\">")
            && !out.contains("index-0123"),
        "{out}"
    );
    assert!(out.contains("<meta name=\"dyad-built\" content=\"2026-11-30\">\n<script>if (!location.hash) location.replace(\"#/brief?from=2024-01&to=2024-12\");</script>\n</head>"), "{out}");
    assert!(
        export_page("<head></head>", "data/index-abcd.json", "#/brief").is_err(),
        "no data meta"
    );
}

/// Through the post-build step's single file: the deck script is kept and its hash is in
/// the single file's CSP, the site's own policy is gone, the export's data is inline.
#[test]
fn the_single_file_allows_the_deck_script_by_its_hash() {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let dir = std::env::temp_dir().join(format!("dyad-xtask-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(
        dir.join("dyad-1.js"),
        "export function run() {}\nexport { run as default };\n",
    )
    .unwrap();
    std::fs::write(dir.join("dyad-1_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(
        dir.join("data/index-abcd.json"),
        r#"{"stats":{"articles":1}}"#,
    )
    .unwrap();
    let page = "<!doctype html>\n<html>\n<head>\n  <meta charset=\"utf-8\">\n  <meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' 'sha256-site'\">\n<script type=\"module\">\nimport init, * as bindings from '/dyad/dyad-1.js';\nconst wasm = await init({ module_or_path: '/dyad/dyad-1_bg.wasm' });\n</script>\n  <meta name=\"dyad-data\" content=\"data/index-0123.json\">\n<script>if (\"serviceWorker\" in navigator) navigator.serviceWorker.register(\"./sw.js\");</script>\n</head>\n<body></body>\n</html>\n";
    let route = "#/brief?from=2024-01&to=2024-12";
    std::fs::write(
        dir.join("index.html"),
        export_page(page, "data/index-abcd.json", route).unwrap(),
    )
    .unwrap();
    postbuild::write_single_file(&dir).unwrap();
    let single = std::fs::read_to_string(dir.join(SINGLE_FILE)).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let script = format!("if (!location.hash) location.replace(\"{route}\");");
    assert!(
        single.contains(&format!("<script>{script}</script>")),
        "{single}"
    );
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    assert_eq!(
        single.matches("Content-Security-Policy").count(),
        1,
        "{single}"
    );
    assert!(
        single.contains(&format!("'sha256-{hash}'"))
            && !single.contains("sha256-site")
            && !single.contains("serviceWorker"),
        "{single}"
    );
    assert!(
        single.contains("data-dyad-path=\"data/index-abcd.json\""),
        "{single}"
    );
}
