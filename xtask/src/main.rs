//! Dyad's task runner (the rust-analyzer `xtask` pattern): every project task is `cargo xtask …`.
//!
//! ```text
//! cargo xtask setup [--debian]                   find or install every tool (idempotent)
//! cargo xtask serve [--debian]                   compile seeds/, serve at http://127.0.0.1:8080/, rebuild on change
//! cargo xtask build [--public-url P] [--debian]  release build into dist/ (P defaults to ./), print sizes; fails over a budget
//! cargo xtask test [--debian]                    tidy gate, native tests, release build, headless Chromium
//! cargo xtask tidy [--debian]                    the gate alone: rustfmt, clippy (native and wasm), size budgets of dist/
//! cargo xtask pdf [--public-url P]               print the briefing deck to dist/dyad-briefing.pdf
//! cargo xtask export --from M --to M [--pair P]  one period's single file, dist/dyad-briefing-<from>-<to>[-<pair>].html
//! cargo xtask eval [DIR GOLD]                    the corpus compiler against gold annotations
//! cargo xtask fuzz --seconds N                   the corpus compiler's fuzz test for N seconds
//! cargo xtask bench                              corpus compiler throughput
//! cargo xtask bench-site [--debian]              the site at 5, 1,000 and 10,000 articles in headless Chromium
//! ```
//!
//! `--debian` (or `DYAD_WASM_TOOLCHAIN=debian`) forces the Debian rustc-web fallback. The command
//! line is parsed by clap: an unknown flag or a typo is an error naming the nearest flag.

mod benchsite;
mod export;
mod pdf;
mod postbuild;
mod site;
mod tasks;
mod tidy;
mod toolchain;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::{Command, ExitCode};

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The public URL of `cargo xtask build` when none is given: relative, so dist/ works at any path.
const DEFAULT_PUBLIC_URL: &str = "./";

/// Dyad's task runner.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, PartialEq, Subcommand)]
enum Task {
    /// Find or install every tool the build and the tests need (idempotent)
    Setup(Wasm),
    /// Compile seeds/ and serve the dashboard at http://127.0.0.1:8080/, rebuilding on change
    Serve(Wasm),
    /// Release build into dist/; prints file sizes, fails if a first visit is over its budget
    Build(Site),
    /// Every test: the tidy gate, native tests, a release build, end-to-end tests in Chromium
    Test(Wasm),
    /// The tidy gate alone: rustfmt, clippy on the native crates and the wasm app, size budgets
    Tidy(Wasm),
    /// Print the briefing deck to dist/dyad-briefing.pdf (headless Chromium)
    Pdf(Site),
    /// A single file of one period's articles, opening on its deck
    Export(export::ExportArgs),
    /// The corpus compiler against gold annotations: DIR GOLD, or every evaluation set
    Eval(Eval),
    /// The corpus compiler's fuzz test (crates/corpus/tests/fuzz.rs) for a time
    Fuzz(Fuzz),
    /// Corpus compiler throughput (MB/s, articles/s, peak memory)
    Bench,
    /// The site with 5, 1,000 and 10,000 articles in headless Chromium: bytes, times, memory
    BenchSite(Wasm),
    /// Trunk's post_build hook: data, meta tags, icons; in release, service worker, CSP, single file
    #[command(hide = true)]
    PostBuild,
}

/// The wasm toolchain choice every task that builds the app takes.
#[derive(Debug, PartialEq, Args)]
struct Wasm {
    /// Force the Debian rustc-web wasm toolchain (also DYAD_WASM_TOOLCHAIN=debian)
    #[arg(long)]
    debian: bool,
}

#[derive(Debug, PartialEq, Args)]
struct Site {
    /// Where the site is served; ./ (relative) works under any sub-path
    #[arg(long, value_name = "URL", default_value = DEFAULT_PUBLIC_URL,
          value_parser = clap::builder::NonEmptyStringValueParser::new())]
    public_url: String,
    #[command(flatten)]
    wasm: Wasm,
}

#[derive(Debug, PartialEq, Args)]
struct Eval {
    /// A folder of articles (default: every evaluation set and the seeds)
    #[arg(requires = "gold")]
    dir: Option<PathBuf>,
    /// Its gold annotations (JSON)
    gold: Option<PathBuf>,
}

#[derive(Debug, PartialEq, Args)]
struct Fuzz {
    /// How long to fuzz
    #[arg(long, value_name = "N")]
    seconds: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(task: Task) -> Result<()> {
    match task {
        Task::Setup(w) => toolchain::setup(w.debian, true).map(drop),
        Task::Serve(w) => site::serve(&toolchain::setup(w.debian, false)?),
        Task::Build(s) => {
            site::build(&toolchain::setup(s.wasm.debian, false)?, &s.public_url).map(drop)
        }
        Task::Test(w) => tasks::test(w.debian),
        Task::Tidy(w) => tidy::run(&toolchain::setup(w.debian, false)?, true),
        Task::Pdf(s) => {
            let dist = project_root().join("dist");
            if !dist.join(postbuild::SINGLE_FILE).exists() {
                site::build(&toolchain::setup(s.wasm.debian, false)?, &s.public_url)?;
            }
            pdf::pdf(&dist).map(drop)
        }
        Task::Export(a) => export::run(a),
        Task::Eval(e) => tasks::eval(e.dir.zip(e.gold)),
        Task::Fuzz(f) => tasks::fuzz(f.seconds),
        Task::Bench => cargo(&["bench", "--package", "dyad-corpus", "--bench", "throughput"]),
        Task::BenchSite(w) => benchsite::run(w.debian),
        Task::PostBuild => postbuild::run(),
    }
}

/// `cargo run --quiet --release --package dyad-corpus -- SUBCOMMAND`: the compiler's command
/// line, built in release as every build of the site runs it.
pub fn corpus_command(subcommand: &str) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args([
        "run",
        "--quiet",
        "--release",
        "--package",
        "dyad-corpus",
        "--",
    ])
    .arg(subcommand);
    cmd
}

fn cargo(args: &[&str]) -> Result<()> {
    let status = Command::new("cargo")
        .args(args)
        .current_dir(project_root())
        .status()?;
    check(status, &format!("cargo {}", args.join(" ")))
}

pub fn check(status: std::process::ExitStatus, what: &str) -> Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})").into())
    }
}

/// The repository root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs a command and returns its stdout when it succeeds.
pub fn run_quiet(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Prints one progress line: what step, what it does.
pub fn say(step: &str, what: &str) {
    eprintln!("[xtask {step}] {what}");
}

#[cfg(test)]
mod tests;
