//! Dyad's task runner (the rust-analyzer `xtask` pattern): every project task is `cargo xtask …`.
//!
//! ```text
//! cargo xtask setup [--debian]                 find or install every tool (idempotent)
//! cargo xtask serve [--debian]                 compile seeds/, serve at http://127.0.0.1:8080/, rebuild on change
//! cargo xtask build [--public-url P] [--debian] release build into dist/, print sizes
//! cargo xtask test [--debian]                  every test: native, release build, headless Chromium
//! cargo xtask pdf                              print the briefing deck to dist/dyad-briefing.pdf
//! cargo xtask bench                            corpus compiler throughput
//! ```
//!
//! `--debian` (or `DYAD_WASM_TOOLCHAIN=debian`) forces the Debian rustc-web fallback.

mod pdf;
mod postbuild;
mod site;
mod toolchain;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const USAGE: &str = "usage: cargo xtask <setup|serve|build|test|pdf|bench> [--debian] [--public-url PATH]
  setup              find or install every tool the build and tests need (idempotent)
  serve              compile seeds/ and serve the dashboard at http://127.0.0.1:8080/, rebuilding on change
  build              release build into dist/ (--public-url /repo/ for a sub-path); prints file sizes
  test               every test: native unit tests, a release build, end-to-end tests in headless Chromium
  pdf                print the briefing deck to dist/dyad-briefing.pdf (headless Chromium)
  bench              corpus compiler throughput (MB/s, articles/s, peak memory)
  post-build         Trunk's post_build hook: icons; in release, service worker, CSP, single-file export
  --debian           force the Debian rustc-web wasm toolchain (also DYAD_WASM_TOOLCHAIN=debian)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let debian = args.iter().any(|a| a == "--debian");
    let public_url = flag_value(args, "--public-url");
    match args.first().map(String::as_str) {
        Some("setup") => toolchain::setup(debian, true).map(drop),
        Some("serve") => site::serve(&toolchain::setup(debian, false)?),
        Some("build") => {
            let tools = toolchain::setup(debian, false)?;
            site::build(&tools, public_url.as_deref().unwrap_or("/")).map(drop)
        }
        Some("test") => test(debian),
        Some("post-build") => postbuild::run(),
        Some("pdf") => {
            let dist = project_root().join("dist");
            if !dist.join(postbuild::SINGLE_FILE).exists() {
                site::build(&toolchain::setup(debian, false)?, public_url.as_deref().unwrap_or("/"))?;
            }
            pdf::pdf(&dist).map(drop)
        }
        Some("bench") => cargo(&["bench", "--package", "dyad-corpus", "--bench", "throughput"]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}

/// Every test, in the order a failure is cheapest to find.
/// Ends with one line counting every test run: `dyad: N passed, M failed`.
fn test(debian: bool) -> Result<()> {
    let tools = toolchain::setup(debian, true)?;
    let mut tally = Tally::default();
    say("test", "native tests (cargo test)");
    let mut native = Command::new("cargo");
    native.args(["test", "--workspace", "--exclude", "dyad", "--exclude", "dyad-e2e"]);
    let native_ok = tally.run(native)?;
    // The browser tests need a build; a native failure still reports its count below.
    let e2e_ok = native_ok && {
        say("test", "release build under the sub-path /dyad/");
        let dist = site::build(&tools, "/dyad/")?;
        pdf::pdf(&dist)?;
        say("test", "end-to-end tests in headless Chromium");
        let mut e2e = Command::new("cargo");
        e2e.args(["test", "--package", "dyad-e2e", "--", "--test-threads=1"])
            .env("DYAD_DIST", &dist)
            .env("DYAD_AXE_JS", tools.axe_js.as_ref().expect("setup with the browser installs axe-core"));
        tally.run(e2e)?
    };
    println!("dyad: {} passed, {} failed", tally.passed, tally.failed);
    if native_ok && e2e_ok {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}

/// Counts what `cargo test` reports, passing its output through.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Runs a `cargo test` command; returns whether it succeeded.
    fn run(&mut self, mut cmd: Command) -> Result<bool> {
        use std::io::BufRead;
        let mut child = cmd.current_dir(project_root()).stdout(std::process::Stdio::piped()).spawn()?;
        for line in std::io::BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
            let line = line?;
            println!("{line}");
            self.count(&line);
        }
        Ok(child.wait()?.success())
    }

    /// `test result: ok. 29 passed; 0 failed; 0 ignored; …`
    fn count(&mut self, line: &str) {
        let Some(rest) = line.strip_prefix("test result: ") else { return };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(kind), Some(n)) = (words.next(), words.next()) else { continue };
            match (kind, n.parse::<u64>()) {
                ("passed", Ok(n)) => self.passed += n,
                ("failed", Ok(n)) => self.failed += n,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tally;

    #[test]
    fn tally_reads_cargo_test_result_lines() {
        let mut t = Tally::default();
        t.count("test result: ok. 29 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.06s");
        t.count("test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 4.90s");
        t.count("running 3 tests");
        assert_eq!((t.passed, t.failed), (31, 1));
    }
}

fn cargo(args: &[&str]) -> Result<()> {
    let status = Command::new("cargo").args(args).current_dir(project_root()).status()?;
    check(status, &format!("cargo {}", args.join(" ")))
}

pub fn check(status: std::process::ExitStatus, what: &str) -> Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})").into())
    }
}

fn flag_value(args: &[String], flag: &str) -> Option<String> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1).cloned())
}

/// The repository root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Runs a command and returns its stdout when it succeeds.
pub fn run_quiet(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Prints one progress line: what step, what it does.
pub fn say(step: &str, what: &str) {
    eprintln!("[xtask {step}] {what}");
}
