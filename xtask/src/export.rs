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

/// The export's command line.
#[derive(Debug, PartialEq, clap::Args)]
#[command(
    after_help = "Writes dist/dyad-briefing-<from>-<to>[-<pair>].html: the app and the period's articles in one file, opening on the briefing deck for the period."
)]
pub struct ExportArgs {
    /// The period's first month (inclusive), e.g. 2024-01
    #[arg(long, value_name = "YYYY-MM", value_parser = month)]
    pub from: String,
    /// The period's last month (inclusive), e.g. 2024-12
    #[arg(long, value_name = "YYYY-MM", value_parser = month)]
    pub to: String,
    /// Only the articles that assess this pair, e.g. kh-cn (a pair of the corpus)
    #[arg(long, value_name = "PAIR", value_parser = pair)]
    pub pair: Option<String>,
    /// Force the Debian rustc-web wasm toolchain, if a release build must be made first
    #[arg(long)]
    pub debian: bool,
}

impl ExportArgs {
    /// A period that ends before it starts is an error.
    pub fn check(&self) -> Result<()> {
        if self.to < self.from {
            return Err(format!("`--from {}` is after `--to {}`", self.from, self.to).into());
        }
        Ok(())
    }
}

fn month(v: &str) -> std::result::Result<String, String> {
    if is_month(v) {
        Ok(v.to_string())
    } else {
        Err("takes a month YYYY-MM, e.g. 2024-01".into())
    }
}

/// Lower case as typed (`kh-cn`); checked against the corpus's pairs before the export.
fn pair(v: &str) -> std::result::Result<String, String> {
    let p = v.to_ascii_lowercase();
    if is_pair(&p) {
        Ok(p)
    } else {
        Err("takes a pair of country codes, e.g. kh-cn".into())
    }
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

pub fn run(mut a: ExportArgs) -> Result<()> {
    a.check()?;
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
    let mut cmd = crate::corpus_command("build");
    cmd.arg(&seeds).arg("--out").arg(&data);
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
    let articles = match index_articles(&index_json) {
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

/// Every pair an index names: its focus pairs and each summarised pair, in order, once each.
fn index_pairs(json: &str) -> Vec<String> {
    let Ok(index) = dyad_model::layout::parse_versioned::<dyad_model::layout::Index>("index", json)
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for p in index
        .focus_pairs
        .iter()
        .chain(index.pairs.iter().map(|s| &s.pair))
    {
        if is_pair(p) && !out.contains(p) {
            out.push(p.clone());
        }
    }
    out
}

/// How many articles an index's corpus holds.
fn index_articles(json: &str) -> Option<u32> {
    dyad_model::layout::parse_versioned::<dyad_model::layout::Index>("index", json)
        .ok()
        .map(|i| i.stats.articles)
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
mod tests;
