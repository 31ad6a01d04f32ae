//! Building and serving the site with Trunk, and measuring what a first visit downloads.

use crate::toolchain::{Tools, WASM_PROFILE};
use crate::{check, project_root, say, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::postbuild::{is_data_index, DATA_DIR, ON_DEMAND};

/// Validates the articles with the corpus compiler, so bad input is reported plainly (file,
/// line, what, how to fix) before the wasm build; the post-build step would stop on it anyway.
fn check_articles() -> Result<()> {
    let seeds = std::env::var_os("DYAD_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("seeds"));
    say("corpus", &format!("checking {}", seeds.display()));
    let mut cmd = crate::corpus_command("check");
    cmd.arg(&seeds);
    if let Some(codebook) = std::env::var_os("DYAD_CODEBOOK") {
        cmd.arg("--codebook").arg(codebook);
    }
    check(
        cmd.current_dir(project_root()).status()?,
        "the article check",
    )
}

/// `DYAD_SEEDS` and `DYAD_CODEBOOK` as absolute paths: a relative one means the folder the user
/// ran `cargo xtask` in, while Trunk and its post-build hook run in the project root.
fn absolute_inputs() -> Result<()> {
    let cwd = std::env::current_dir()?;
    for var in ["DYAD_SEEDS", "DYAD_CODEBOOK"] {
        if let Some(path) = std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_relative())
        {
            std::env::set_var(var, cwd.join(path));
        }
    }
    Ok(())
}

/// Whether a build is the release build (std rebuilt with immediate-abort panics) or the
/// debug build of `serve`.
#[derive(Clone, Copy, PartialEq)]
enum Profile {
    Debug,
    Release,
}

fn env_for(tools: &Tools, profile: Profile, cmd: &mut Command) {
    match profile {
        Profile::Release => tools.release_env(cmd),
        Profile::Debug => tools.wasm_env(cmd),
    }
}

fn trunk(tools: &Tools, profile: Profile, args: &[&str]) -> Command {
    let mut cmd = Command::new("trunk");
    cmd.args(args).current_dir(project_root());
    env_for(tools, profile, &mut cmd);
    cmd
}

/// Downloads every crate the wasm build needs (for a release build, std's own too), so
/// Trunk's cargo can run `--offline`.
fn fetch_crates(tools: &Tools, profile: Profile) -> Result<()> {
    let mut cmd = Command::new("cargo");
    cmd.args(["fetch", "--target", "wasm32-unknown-unknown"])
        .current_dir(project_root());
    env_for(tools, profile, &mut cmd);
    check(cmd.status()?, "cargo fetch")
}

/// A release build into dist/ under `public_url` (`./`: relative, works under any sub-path).
/// Fails when the app shell is over its budget. Returns dist/'s path.
pub fn build(tools: &Tools, public_url: &str) -> Result<PathBuf> {
    absolute_inputs()?;
    check_articles()?;
    fetch_crates(tools, Profile::Release)?;
    say("build", &format!("trunk build --release --public-url {public_url} ({:?} wasm toolchain, profile {WASM_PROFILE}, std rebuilt with immediate-abort panics)", tools.wasm));
    let started = std::time::Instant::now();
    let status = trunk(
        tools,
        Profile::Release,
        &["build", "--release", "--public-url", public_url],
    )
    .status()?;
    check(status, "trunk build")?;
    say(
        "build",
        &format!("built in {:.1} s", started.elapsed().as_secs_f64()),
    );
    let dist = project_root().join("dist");
    if !public_url.starts_with('/') && !public_url.contains("://") {
        let page = std::fs::read_to_string(dist.join("index.html"))?;
        let absolute = root_relative_refs(&page);
        if !absolute.is_empty() {
            return Err(format!("dist/index.html was built with the relative public URL {public_url} but references {}", absolute.join(", ")).into());
        }
    }
    report_sizes(&dist)?;
    Ok(dist)
}

/// `trunk serve`: rebuilds on every change to the app, the crates or seeds/ (the post-build hook
/// compiles the articles into the served data/ on each build).
pub fn serve(tools: &Tools) -> Result<()> {
    absolute_inputs()?;
    check_articles()?;
    fetch_crates(tools, Profile::Debug)?;
    for dir in ["dist", "target/serve-dist"] {
        std::fs::create_dir_all(project_root().join(dir))?;
    }
    say(
        "serve",
        "serving the dashboard at http://127.0.0.1:8080/ (Ctrl-C stops; edits rebuild)",
    );
    // The dev build goes to target/serve-dist: dist/ keeps the last release build (tests, PDF).
    let status = trunk(
        tools,
        Profile::Debug,
        &[
            "serve",
            "--address",
            "127.0.0.1",
            "--port",
            "8080",
            "--dist",
            "target/serve-dist",
        ],
    )
    .status()?;
    check(status, "trunk serve")
}

/// The app shell's budget: what every visit needs before any data, gzip.
pub const SHELL_BUDGET: u64 = 200 * 1024;
/// The first visit's budget: the shell, the page, its icons and manifest, the service worker and the
/// data index, gzip. The data index grows with the corpus (one line per pair and month), so this
/// bounds the corpus a first visit can carry too.
pub const FIRST_VISIT_BUDGET: u64 = 350 * 1024;

/// When a visitor's browser downloads a file of the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Load {
    /// The app itself: wasm, JS, CSS, font. Identical whatever the data.
    Shell,
    /// The rest of a first visit: the page, what it links (icon, manifest and the manifest's
    /// icons), the service worker, the data index.
    FirstVisit,
    /// Read when a page needs it: the catalog, quotes and shards, the single file, the PDF.
    OnDemand,
}

impl Load {
    fn label(self) -> &'static str {
        match self {
            Load::Shell => "shell",
            Load::FirstVisit => "first visit",
            Load::OnDemand => "on demand",
        }
    }
}

/// Classifies a file of dist/ (`name` relative to it, with `/`); `page` is index.html and
/// `manifest` the web app manifest's text when the page links it.
pub fn classify(name: &str, page: &str, manifest: Option<&str>) -> Load {
    if let Some(data) = name.strip_prefix(DATA_DIR) {
        return if is_data_index(data) {
            Load::FirstVisit
        } else {
            Load::OnDemand
        };
    }
    if ON_DEMAND.contains(&name) {
        return Load::OnDemand;
    }
    if name == "sw.js" || name == "index.html" {
        return Load::FirstVisit;
    }
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    if matches!(ext, "wasm" | "js" | "css" | "woff2" | "woff") {
        return Load::Shell;
    }
    let linked = |text: &str| {
        text.contains(&format!("\"{name}\""))
            || text.contains(&format!("/{name}\""))
            || text.contains(&format!("={name}"))
    };
    if linked(page) || manifest.is_some_and(linked) {
        Load::FirstVisit
    } else {
        Load::OnDemand
    }
}

/// Raw and gzip bytes of what a build's visitors download, by [`Load`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sizes {
    pub shell: (u64, u64),
    pub first_visit: (u64, u64),
    pub on_demand: (u64, u64),
}

impl Sizes {
    /// One line for each budget the build is over, saying what must shrink.
    pub fn over_budget(&self) -> Vec<String> {
        let mut over = Vec::new();
        if self.shell.1 > SHELL_BUDGET {
            over.push(format!(
                "the app shell is {:.1} KiB gzip, over its budget of {} KiB: the wasm, JS, CSS and font must shrink",
                kib(self.shell.1),
                SHELL_BUDGET / 1024
            ));
        }
        if self.first_visit.1 > FIRST_VISIT_BUDGET {
            over.push(format!(
                "a first visit is {:.1} KiB gzip, over its budget of {} KiB: the shell, the page, its icons, the service worker or the data index must shrink",
                kib(self.first_visit.1),
                FIRST_VISIT_BUDGET / 1024
            ));
        }
        over
    }
}

/// Whether an error of [`build`] is a size budget's: the build itself succeeded.
pub fn is_over_budget(message: &str) -> bool {
    message.starts_with("the app shell is") || message.starts_with("a first visit is")
}

fn kib(b: u64) -> f64 {
    b as f64 / 1024.0
}

/// Measures dist/: each file's size raw and gzipped and when it is downloaded, printed when
/// `print` is set (then the totals too).
pub fn measure_sizes(dist: &Path, print: bool) -> Result<Sizes> {
    let files = site_files(dist)?;
    let page = std::fs::read_to_string(dist.join("index.html"))?;
    let manifest = std::fs::read_to_string(dist.join("manifest.webmanifest"))
        .ok()
        .filter(|_| page.contains("manifest.webmanifest"));
    let mut totals = [(0u64, 0u64); 3];
    if print {
        eprintln!("{:<48} {:>10} {:>10}  loaded", "file", "raw B", "gzip B");
    }
    for name in &files {
        let bytes = std::fs::read(dist.join(name))?;
        let gz = gzip_len(&bytes)?;
        let load = classify(name, &page, manifest.as_deref());
        if print {
            eprintln!("{name:<48} {:>10} {gz:>10}  {}", bytes.len(), load.label());
        }
        let t = &mut totals[load as usize];
        t.0 += bytes.len() as u64;
        t.1 += gz;
    }
    let [shell, rest, on_demand] = totals;
    let sizes = Sizes {
        shell,
        first_visit: (shell.0 + rest.0, shell.1 + rest.1),
        on_demand,
    };
    if print {
        print_totals(&sizes);
    }
    Ok(sizes)
}

pub fn print_totals(s: &Sizes) {
    eprintln!(
        "app shell (wasm, JS, CSS, font): {:.1} KiB raw, {:.1} KiB gzip (budget {} KiB gzip)",
        kib(s.shell.0),
        kib(s.shell.1),
        SHELL_BUDGET / 1024
    );
    eprintln!(
        "first visit (shell, page, icons, manifest, service worker, data index): {:.1} KiB raw, {:.1} KiB gzip (budget {} KiB gzip)",
        kib(s.first_visit.0),
        kib(s.first_visit.1),
        FIRST_VISIT_BUDGET / 1024
    );
    eprintln!(
        "on demand (data catalog, quotes, shards; single file; PDF): {:.1} KiB raw, {:.1} KiB gzip",
        kib(s.on_demand.0),
        kib(s.on_demand.1)
    );
}

/// Prints the sizes of dist/; fails when the shell or a first visit is over its budget.
fn report_sizes(dist: &Path) -> Result<()> {
    let over = measure_sizes(dist, true)?.over_budget();
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; ").into())
    }
}

/// Root-relative references (`"/x"`, `'/x'`) in a page built with a relative public URL: each
/// would break the site under a sub-path.
pub fn root_relative_refs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let open = format!("{quote}/");
        let mut rest = html;
        while let Some(i) = rest.find(&open) {
            let value = &rest[i + 1..];
            let end = value.find(quote).unwrap_or(value.len());
            let path = value[1..]
                .starts_with(|c: char| c.is_ascii_alphanumeric() || "_.-".contains(c))
                || end == 1;
            if path && !value[..end].contains([' ', '<', '>']) {
                out.push(value[..end].to_string());
            }
            rest = &value[end..];
        }
    }
    out
}

/// A built site's files, as sorted `/`-separated paths relative to `root`. Dot files and
/// folders are not the site's (the compiler's marker `data/.dyad-data`, Trunk's staging folders).
pub fn site_files(root: &Path) -> Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out)?;
            } else {
                let name = path.strip_prefix(root).unwrap().to_string_lossy();
                out.push(name.replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(root, root, &mut out)?;
    out.sort();
    Ok(out)
}

/// gzip at the best level: what the size budgets are measured with (and what bench-site serves).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::best(),
    );
    enc.write_all(bytes).expect("gzip into memory");
    enc.finish().expect("gzip into memory")
}

pub fn gzip_len(bytes: &[u8]) -> Result<u64> {
    Ok(gzip(bytes).len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<link rel="icon" href="./icon-1a2b.svg"><link rel="manifest" href="manifest.webmanifest"><link rel="stylesheet" href="./main-3c.css">"#;
    const MANIFEST: &str = r#"{"icons": [{ "src": "icon-192.png" }, { "src": "icon-512.png" }]}"#;

    #[test]
    fn files_are_classified_by_when_they_load() {
        let load = |name| classify(name, PAGE, Some(MANIFEST));
        for f in [
            "dyad-4d_bg.wasm",
            "dyad-4d.js",
            "main-3c.css",
            "atkinson-hyperlegible-latin-400-normal.woff2",
            "snippets/x/inline0.js",
        ] {
            assert_eq!(load(f), Load::Shell, "{f}");
        }
        for f in [
            "index.html",
            "sw.js",
            "icon-1a2b.svg",
            "manifest.webmanifest",
            "icon-192.png",
            "icon-512.png",
            "data/index-5e.json",
        ] {
            assert_eq!(load(f), Load::FirstVisit, "{f}");
        }
        for f in [
            "data/catalog-6f.json",
            "data/quotes-70.json",
            "data/shard-0000-81.json",
            "dyad-briefing.html",
            "dyad-briefing.pdf",
            "unlinked.png",
        ] {
            assert_eq!(load(f), Load::OnDemand, "{f}");
        }
        // Icons the page does not link (no manifest) are not part of the first visit.
        assert_eq!(classify("icon-192.png", PAGE, None), Load::OnDemand);
    }

    /// Trunk builds the app's release with the size profile the release environment names,
    /// and Cargo.toml defines it for size; native code keeps `release`, for speed.
    #[test]
    fn the_app_builds_with_the_size_profile() {
        let root = crate::project_root();
        let page = std::fs::read_to_string(root.join("index.html")).unwrap();
        assert!(
            page.contains(&format!("data-cargo-profile-release=\"{WASM_PROFILE}\"")),
            "index.html's rust link names {WASM_PROFILE}"
        );
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        let section = |name: &str| {
            let at = manifest
                .find(&format!("[profile.{name}]\n"))
                .unwrap_or_else(|| panic!("Cargo.toml has no [profile.{name}]"));
            let rest = &manifest[at + 1..];
            rest[..rest.find("\n[").unwrap_or(rest.len())].to_string()
        };
        let wasm = section(WASM_PROFILE);
        assert!(
            wasm.contains("inherits = \"release\"") && wasm.contains("opt-level = \"z\""),
            "{wasm}"
        );
        assert!(section("release").contains("opt-level = 3"));
    }

    #[test]
    fn each_budget_fails_on_its_own() {
        let within = Sizes {
            shell: (500_000, SHELL_BUDGET),
            first_visit: (600_000, FIRST_VISIT_BUDGET),
            on_demand: (10_000_000, 5_000_000),
        };
        assert!(within.over_budget().is_empty());
        let shell = Sizes {
            shell: (500_000, SHELL_BUDGET + 1),
            ..within
        };
        let over = shell.over_budget();
        assert_eq!(over.len(), 1);
        assert!(over[0].starts_with("the app shell is") && is_over_budget(&over[0]));
        let first = Sizes {
            first_visit: (600_000, FIRST_VISIT_BUDGET + 1),
            ..within
        };
        let over = first.over_budget();
        assert_eq!(over.len(), 1);
        assert!(over[0].starts_with("a first visit is") && is_over_budget(&over[0]));
    }

    #[test]
    fn root_relative_references_are_found() {
        let relative = r#"<link rel="stylesheet" href="./main-3c.css"/><script type="module">import init from './dyad-4d.js'; init({ module_or_path: './dyad-4d_bg.wasm' });</script><a href="https://x.org/a">"#;
        assert!(
            root_relative_refs(relative).is_empty(),
            "{:?}",
            root_relative_refs(relative)
        );
        let absolute = r#"<link href="/dyad/main-3c.css"><script type="module">import init from '/dyad-4d.js';</script>"#;
        assert_eq!(
            root_relative_refs(absolute),
            vec!["/dyad/main-3c.css", "/dyad-4d.js"]
        );
    }
}
