//! `cargo xtask export --from YYYY-MM --to YYYY-MM [--pair kh-cn]`: a single file for one period
//! (and one pair), small enough to mail, that opens on the briefing deck of that period.
//!
//! The full single file `dist/dyad-briefing.html` carries every article. The export takes the
//! release build's app files from dist/ (building them first when there are none), compiles
//! only the period's articles (`dyad-corpus build --from --to [--pair]`) into a staging copy of
//! it, points the page at that data, and makes the single file from it with the post-build
//! step's own code, into `dist/dyad-briefing-<from>-<to>[-<pair>].html`.

use crate::postbuild::{self, is_data_index, DATA_DIR, SINGLE_FILE};
use crate::{project_root, say, site, toolchain, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const USAGE: &str =
    "usage: cargo xtask export --from YYYY-MM --to YYYY-MM [--pair PAIR] [--debian]
  --from, --to   the period's first and last months (inclusive), e.g. --from 2024-01 --to 2024-12
  --pair PAIR    only the articles that assess this pair, e.g. kh-cn (a pair of the corpus)
  --debian       force the Debian rustc-web wasm toolchain, if a release build must be made first
writes dist/dyad-briefing-<from>-<to>[-<pair>].html: the app and the period's articles in one file,
opening on the briefing deck for the period";

/// The export's command line.
#[derive(Debug, PartialEq)]
pub struct ExportArgs {
    pub from: String,
    pub to: String,
    /// Lower case as typed (`kh-cn`); checked against the corpus's pairs before the export.
    pub pair: Option<String>,
    pub debian: bool,
}

/// Reads `--from`, `--to` (both required), `--pair` and `--debian`; anything else, a missing or
/// malformed value, or a period that ends before it starts is an error with the usage.
pub fn parse_args(args: &[String]) -> Result<ExportArgs> {
    let usage = |what: String| -> Box<dyn std::error::Error> { format!("{what}\n{USAGE}").into() };
    let (mut from, mut to, mut pair, mut debian) = (None, None, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .filter(|v| !v.is_empty() && !v.starts_with("--"))
        };
        match flag {
            "--from" | "--to" => {
                let month = value().filter(|v| is_month(v)).ok_or_else(|| {
                    usage(format!("`{flag}` takes a month YYYY-MM, e.g. 2024-01"))
                })?;
                *(if flag == "--from" { &mut from } else { &mut to }) = Some(month);
            }
            "--pair" => {
                let p = value()
                    .map(|v| v.to_ascii_lowercase())
                    .filter(|v| is_pair(v))
                    .ok_or_else(|| {
                        usage("`--pair` takes a pair of country codes, e.g. kh-cn".into())
                    })?;
                pair = Some(p);
            }
            "--debian" if inline.is_none() => debian = true,
            _ => return Err(usage(format!("unknown argument `{a}`"))),
        }
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err(usage(
            "`export` needs the period: `--from YYYY-MM --to YYYY-MM`".into(),
        ));
    };
    if to < from {
        return Err(usage(format!("`--from {from}` is after `--to {to}`")));
    }
    Ok(ExportArgs {
        from,
        to,
        pair,
        debian,
    })
}

/// `2024-01`: four digits, a dash, a month 01 to 12.
fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && matches!(s[5..].parse::<u8>(), Ok(1..=12))
        && b[5..].iter().all(u8::is_ascii_digit)
}

/// `kh-cn`: two letters, a dash, two letters.
fn is_pair(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5 && b[2] == b'-' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_alphabetic())
}

/// The file written into dist/: `dyad-briefing-2024-01-2024-12.html`, `…-kh-cn.html` with a pair.
pub fn output_name(a: &ExportArgs) -> String {
    let stem = SINGLE_FILE.trim_end_matches(".html");
    let pair = a
        .pair
        .as_deref()
        .map_or(String::new(), |p| format!("-{}", p.to_ascii_lowercase()));
    format!("{stem}-{}-{}{pair}.html", a.from, a.to)
}

/// The route the export opens on: the briefing deck for the period.
pub fn deck_route(a: &ExportArgs) -> String {
    format!("#/brief?from={}&to={}", a.from, a.to)
}

pub fn run(args: &[String]) -> Result<()> {
    if args.iter().any(|a| matches!(a.as_str(), "-h" | "--help")) {
        println!("{USAGE}");
        return Ok(());
    }
    let mut a = parse_args(args)?;
    let root = project_root();
    let dist = root.join("dist");
    if !dist.join("index.html").exists() || !dist.join(SINGLE_FILE).exists() {
        say("export", "no release build in dist/: building it first");
        site::build(
            &toolchain::setup(a.debian, false)?,
            crate::DEFAULT_PUBLIC_URL,
        )?;
    }
    let page = std::fs::read_to_string(dist.join("index.html"))?;
    if let Some(pair) = &a.pair {
        a.pair = Some(corpus_pair(&dist, &page, pair)?.to_ascii_lowercase());
    }

    let staging = Staging::new()?;
    copy_app(&dist, &staging.0)?;
    let data = staging.0.join(DATA_DIR.trim_end_matches('/'));
    let seeds = input_path("DYAD_SEEDS")?.unwrap_or_else(|| root.join("seeds"));
    say(
        "export",
        &format!(
            "compiling the articles of {} from {} to {}{}",
            seeds.display(),
            a.from,
            a.to,
            a.pair.as_deref().map_or(String::new(), |p| format!(
                " that assess {}",
                p.to_ascii_uppercase()
            ))
        ),
    );
    let mut cmd = Command::new("cargo");
    cmd.args([
        "run",
        "--quiet",
        "--release",
        "--package",
        "dyad-corpus",
        "--",
        "build",
    ])
    .arg(&seeds)
    .arg("--out")
    .arg(&data);
    cmd.args(["--from", &a.from, "--to", &a.to]);
    if let Some(pair) = &a.pair {
        cmd.args(["--pair", pair]);
    }
    if let Some(codebook) = input_path("DYAD_CODEBOOK")? {
        cmd.arg("--codebook").arg(codebook);
    }
    let status = cmd
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo for the corpus compiler: {e}"))?;
    if !status.success() {
        return Err(format!(
            "no export was written: the corpus compiler stopped ({status}; its message is above)"
        )
        .into());
    }
    let index = data_index(&data)?;
    let index_json = std::fs::read_to_string(data.join(&index))?;

    std::fs::write(
        staging.0.join("index.html"),
        export_page(&page, &format!("{DATA_DIR}{index}"), &deck_route(&a))?,
    )?;
    postbuild::write_single_file(&staging.0)?;
    let name = output_name(&a);
    let out = dist.join(&name);
    std::fs::copy(staging.0.join(SINGLE_FILE), &out)?;

    let bytes = std::fs::read(&out)?;
    let kib = |b: u64| b as f64 / 1024.0;
    let articles = match stat(&index_json, "articles") {
        Some(1) => "1 article".to_string(),
        Some(n) => format!("{n} articles"),
        None => "? articles".to_string(),
    };
    let full = std::fs::metadata(dist.join(SINGLE_FILE))
        .map(|m| {
            format!(
                " (the whole corpus's {SINGLE_FILE}: {:.1} KiB)",
                kib(m.len())
            )
        })
        .unwrap_or_default();
    eprintln!(
        "wrote dist/{name}: {articles}, {:.1} KiB raw, {:.1} KiB gzip{full}",
        kib(bytes.len() as u64),
        kib(site::gzip_len(&bytes)?)
    );
    eprintln!(
        "  opens on the briefing deck for {} to {} ({}); no server needed",
        a.from,
        a.to,
        deck_route(&a)
    );
    Ok(())
}

/// A folder under the temp folder for the export's copy of the site, removed when dropped.
struct Staging(PathBuf);

impl Staging {
    fn new() -> Result<Staging> {
        let dir = std::env::temp_dir().join(format!("dyad-export-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging(dir))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the app's files of dist/ (not its data, single files, PDF or service worker: the
/// export makes its own data and needs none of the rest).
fn copy_app(dist: &Path, to: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dist)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let skip = name.starts_with('.')
            || name == DATA_DIR.trim_end_matches('/')
            || name == "sw.js"
            || name.starts_with(SINGLE_FILE.trim_end_matches(".html"));
        if skip {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(to.join(&name))?;
            copy_app(&entry.path(), &to.join(&name))?;
        } else {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

/// `DYAD_SEEDS` or `DYAD_CODEBOOK`, relative to the folder `cargo xtask` runs in.
fn input_path(var: &str) -> Result<Option<PathBuf>> {
    Ok(match std::env::var_os(var).map(PathBuf::from) {
        Some(p) if p.is_relative() => Some(std::env::current_dir()?.join(p)),
        other => other,
    })
}

/// The one `index-<hash>.json` of a data folder.
fn data_index(dir: &Path) -> Result<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if is_data_index(&name) {
            found.push(name);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!(
            "{}: expected one index-<hash>.json, found {}",
            dir.display(),
            found.len()
        )
        .into()),
    }
}

/// The pair as the corpus names it (`KH-CN`, either order typed), if the release build's index
/// lists it (its focus pairs and every pair its articles assess).
fn corpus_pair(dist: &Path, page: &str, pair: &str) -> Result<String> {
    let path = meta_content(page, "dyad-data")
        .ok_or("dist/index.html names no data index (<meta name=\"dyad-data\">): build again")?;
    let index =
        std::fs::read_to_string(dist.join(&path)).map_err(|e| format!("dist/{path}: {e}"))?;
    let pairs = index_pairs(&index);
    let upper = pair.to_ascii_uppercase();
    let reversed = upper
        .split_once('-')
        .map(|(x, y)| format!("{y}-{x}"))
        .unwrap_or_default();
    pairs
        .iter()
        .find(|p| **p == upper || **p == reversed)
        .cloned()
        .ok_or_else(|| {
            let known: Vec<String> = pairs.iter().map(|p| p.to_ascii_lowercase()).collect();
            format!(
                "`--pair {pair}` is not a pair of the corpus; its pairs: {}",
                known.join(", ")
            )
            .into()
        })
}

/// Every pair an index names: its focus pairs and each `"pair"` field, in order, once each.
/// (The index is the compiler's compact JSON; xtask reads these few strings without a parser.)
fn index_pairs(json: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |p: &str| {
        if is_pair(p) && !out.iter().any(|q| q == p) {
            out.push(p.to_string());
        }
    };
    if let Some(list) = json
        .split_once("\"focus_pairs\":[")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
    {
        list.split(',')
            .for_each(|p| add(p.trim().trim_matches('"')));
    }
    for (_, rest) in json
        .match_indices("\"pair\":\"")
        .map(|(i, m)| (i, &json[i + m.len()..]))
    {
        if let Some((p, _)) = rest.split_once('"') {
            add(p);
        }
    }
    out
}

/// A number of the index's statistics (`"stats":{"articles":3,…}`).
fn stat(json: &str, name: &str) -> Option<u64> {
    let stats = json.split_once("\"stats\":{")?.1;
    let stats = &stats[..stats.find('}')?];
    let value = stats.split_once(&format!("\"{name}\":"))?.1;
    value[..value.find([',', '}']).unwrap_or(value.len())]
        .trim()
        .parse()
        .ok()
}

/// A `<meta name=… content=…>`'s content.
fn meta_content(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("<meta name=\"{name}\" content=\""))?;
    let rest = html[at..].split_once("content=\"")?.1;
    Some(rest[..rest.find('"')?].to_string())
}

/// The release page made ready for the export's single file: it names the export's data index,
/// loses what belongs to the served site (its Content-Security-Policy, whose hashes are the
/// site's, and the service worker's registration: `write_single_file` adds the single file's
/// own policy, which will hash every inline script, this one too), and goes to `route` when it
/// is opened without one.
pub fn export_page(page: &str, data_index: &str, route: &str) -> Result<String> {
    let old = meta_content(page, "dyad-data")
        .ok_or("dist/index.html has no <meta name=\"dyad-data\">")?;
    let mut html = page.replacen(
        &format!("<meta name=\"dyad-data\" content=\"{old}\">"),
        &format!("<meta name=\"dyad-data\" content=\"{data_index}\">"),
        1,
    );
    if let Some(at) = html.find("<meta http-equiv=\"Content-Security-Policy\"") {
        let end = at + html[at..].find('>').ok_or("unclosed CSP <meta>")? + 1;
        let start = html[..at]
            .trim_end_matches([' ', '\t'])
            .trim_end_matches('\n')
            .len();
        html.replace_range(start..end, "");
    }
    let mut from = 0;
    while let Some(i) = html[from..].find("<script>").map(|i| from + i) {
        let end = i + html[i..].find("</script>").ok_or("unclosed <script>")? + "</script>".len();
        if html[i..end].contains("serviceWorker.register") {
            let end = if html[end..].starts_with('\n') {
                end + 1
            } else {
                end
            };
            html.replace_range(i..end, "");
        } else {
            from = end;
        }
    }
    // The route is built from checked months only: nothing in it needs escaping.
    let open =
        format!("<script>if (!location.hash) location.replace(\"{route}\");</script>\n</head>");
    if !html.contains("</head>") {
        return Err("dist/index.html has no </head>".into());
    }
    Ok(html.replacen("</head>", &open, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn the_period_and_the_pair_are_read() {
        let a = parse_args(&args("--from 2024-01 --to 2024-12")).unwrap();
        assert_eq!(
            a,
            ExportArgs {
                from: "2024-01".into(),
                to: "2024-12".into(),
                pair: None,
                debian: false
            }
        );
        let a = parse_args(&args("--pair KH-CN --to=2024-06 --from 2024-06 --debian")).unwrap();
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
    fn bad_or_missing_values_and_unknown_flags_fail_with_the_usage() {
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
            let e = parse_args(&args(line)).expect_err(line).to_string();
            assert!(e.contains("usage: cargo xtask export"), "{line}: {e}");
        }
        let e = parse_args(&args("--from 2024-13 --to 2024-12"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("`--from` takes a month YYYY-MM, e.g. 2024-01"),
            "{e}"
        );
        let e = parse_args(&args("--from 2024-12 --to 2024-01"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("`--from 2024-12` is after `--to 2024-01`"),
            "{e}"
        );
    }

    #[test]
    fn the_output_is_named_for_the_period_and_the_pair() {
        let a = parse_args(&args("--from 2024-01 --to 2024-12")).unwrap();
        assert_eq!(output_name(&a), "dyad-briefing-2024-01-2024-12.html");
        assert_eq!(deck_route(&a), "#/brief?from=2024-01&to=2024-12");
        let a = parse_args(&args("--from 2022-11 --to 2023-10 --pair KH-RU")).unwrap();
        assert_eq!(output_name(&a), "dyad-briefing-2022-11-2023-10-kh-ru.html");
        // Never the full single file's name, so the export cannot replace it.
        assert_ne!(output_name(&a), SINGLE_FILE);
    }

    #[test]
    fn the_index_gives_its_pairs_and_statistics() {
        let json = r#"{"schema_version":2,"focus":"KH","focus_pairs":["KH-UA","KH-RU"],"stats":{"articles":3,"stories":2,"first_date":"2024-05-08"},"pairs":[{"pair":"KH-UA","focus":true},{"pair":"RU-UA","latest":[{"pair":"KH-UA"}]}]}"#;
        assert_eq!(index_pairs(json), vec!["KH-UA", "KH-RU", "RU-UA"]);
        assert_eq!(
            (
                stat(json, "articles"),
                stat(json, "stories"),
                stat(json, "bytes")
            ),
            (Some(3), Some(2), None)
        );
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
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
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
}
