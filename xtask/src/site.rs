//! Building and serving the site with Trunk, and measuring what a first visit downloads.

use crate::toolchain::Tools;
use crate::{check, project_root, say, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::postbuild::ON_DEMAND;

/// Validates the articles with the corpus compiler, so bad input is reported plainly (file,
/// line, what, how to fix) before Trunk runs; the build script would stop on it anyway.
fn check_articles() -> Result<()> {
    say("corpus", "checking seeds/");
    let status = Command::new("cargo")
        .args(["run", "--quiet", "--release", "--package", "dyad-corpus", "--", "check", "seeds"])
        .current_dir(project_root())
        .status()?;
    check(status, "the article check")
}

fn trunk(tools: &Tools, args: &[&str]) -> Command {
    let mut cmd = Command::new("trunk");
    cmd.args(args).current_dir(project_root());
    tools.wasm_env(&mut cmd);
    cmd
}

/// Downloads every crate the wasm build needs (with the Debian toolchain, std's own too), so
/// Trunk's cargo can run `--offline`.
fn fetch_crates(tools: &Tools) -> Result<()> {
    let mut cmd = Command::new("cargo");
    cmd.args(["fetch", "--target", "wasm32-unknown-unknown"]).current_dir(project_root());
    tools.wasm_env(&mut cmd);
    check(cmd.status()?, "cargo fetch")
}

/// A release build into dist/ under `public_url`. Returns dist/'s path.
pub fn build(tools: &Tools, public_url: &str) -> Result<PathBuf> {
    check_articles()?;
    fetch_crates(tools)?;
    say("build", &format!("trunk build --release --public-url {public_url} ({:?} wasm toolchain)", tools.wasm));
    let started = std::time::Instant::now();
    let status = trunk(tools, &["build", "--release", "--public-url", public_url]).status()?;
    check(status, "trunk build")?;
    say("build", &format!("built in {:.1} s", started.elapsed().as_secs_f64()));
    let dist = project_root().join("dist");
    report_sizes(&dist)?;
    Ok(dist)
}

/// `trunk serve`: rebuilds on every change to the app, the crates or seeds/.
pub fn serve(tools: &Tools) -> Result<()> {
    check_articles()?;
    fetch_crates(tools)?;
    for dir in ["dist", "target/serve-dist"] {
        std::fs::create_dir_all(project_root().join(dir))?;
    }
    say("serve", "serving the dashboard at http://127.0.0.1:8080/ (Ctrl-C stops; edits rebuild)");
    // The dev build goes to target/serve-dist: dist/ keeps the last release build (tests, PDF).
    let status = trunk(tools, &["serve", "--address", "127.0.0.1", "--port", "8080", "--dist", "target/serve-dist"]).status()?;
    check(status, "trunk serve")
}

/// Prints each file's size raw and gzipped, and what a first visit downloads in all.
fn report_sizes(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    files.sort();
    let mut first_visit = (0u64, 0u64);
    eprintln!("{:<48} {:>10} {:>10}", "file", "raw B", "gzip B");
    for path in &files {
        let bytes = std::fs::read(path)?;
        let gz = gzip_len(&bytes)?;
        let name = path.strip_prefix(dist).unwrap().display().to_string();
        eprintln!("{name:<48} {:>10} {gz:>10}", bytes.len());
        if !ON_DEMAND.contains(&name.as_str()) {
            first_visit.0 += bytes.len() as u64;
            first_visit.1 += gz;
        }
    }
    eprintln!(
        "first visit downloads {:.1} KiB raw, {:.1} KiB gzip (budget 250 KiB gzip)",
        first_visit.0 as f64 / 1024.0,
        first_visit.1 as f64 / 1024.0
    );
    Ok(())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

pub fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len() as u64)
}
