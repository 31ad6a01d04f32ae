//! Dyad's task runner (the rust-analyzer `xtask` pattern): every project task is `cargo xtask …`.
//!
//! ```text
//! cargo xtask setup [--debian]                 find or install every tool (idempotent)
//! cargo xtask serve [--debian]                 compile seeds/, serve at http://127.0.0.1:8080/, rebuild on change
//! cargo xtask build [--public-url P] [--debian] release build into dist/ (P defaults to ./), print sizes; fails over the shell budget
//! cargo xtask test [--debian]                  every test: native, release build, headless Chromium
//! cargo xtask pdf                              print the briefing deck to dist/dyad-briefing.pdf
//! cargo xtask export --from M --to M [--pair P] one period's single file, dist/dyad-briefing-<from>-<to>[-<pair>].html
//! cargo xtask bench                            corpus compiler throughput
//! cargo xtask bench-site                       the site at 5, 1,000 and 10,000 articles in headless Chromium: bytes, times, memory
//! ```
//!
//! `--debian` (or `DYAD_WASM_TOOLCHAIN=debian`) forces the Debian rustc-web fallback.

mod benchsite;
mod export;
mod pdf;
mod postbuild;
mod site;
mod toolchain;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const USAGE: &str = "usage: cargo xtask <setup|serve|build|test|pdf|bench|bench-site> [--debian] [--public-url URL]
  setup              find or install every tool the build and tests need (idempotent)
  serve              compile seeds/ and serve the dashboard at http://127.0.0.1:8080/, rebuilding on change
  build              release build into dist/; prints file sizes, fails if the app shell is over budget
  test               every test: native unit tests, a release build, end-to-end tests in headless Chromium
  pdf                print the briefing deck to dist/dyad-briefing.pdf (headless Chromium)
  export             --from YYYY-MM --to YYYY-MM [--pair kh-cn]: a single file of that period's articles, opening on its deck
  bench              corpus compiler throughput (MB/s, articles/s, peak memory)
  bench-site         the site with 5, 1,000 and 10,000 articles in headless Chromium: first-visit bytes, page times, search, memory
  post-build         Trunk's post_build hook: data, meta tags, icons; in release, service worker, CSP, single file
  --public-url URL   build and pdf: where the site is served; default ./ (relative: works under any sub-path)
  --debian           force the Debian rustc-web wasm toolchain (also DYAD_WASM_TOOLCHAIN=debian)";

/// The public URL of `cargo xtask build` when none is given: relative, so dist/ works at any path.
const DEFAULT_PUBLIC_URL: &str = "./";

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

/// A command line: the task and its flags.
#[derive(Debug, PartialEq)]
struct Args {
    task: String,
    debian: bool,
    public_url: Option<String>,
}

/// Reads the command line; an unknown task or flag, a flag's missing value or a flag the task does
/// not take is an error that shows the usage.
fn parse_args(args: &[String]) -> Result<Args> {
    let usage = |what: String| -> Box<dyn std::error::Error> { format!("{what}\n{USAGE}").into() };
    let mut it = args.iter();
    let task = it
        .next()
        .ok_or_else(|| usage("no task given".into()))?
        .clone();
    let mut parsed = Args {
        task,
        debian: false,
        public_url: None,
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--debian" => parsed.debian = true,
            "--public-url" => match it.next() {
                Some(v) if !v.is_empty() && !v.starts_with("--") => {
                    parsed.public_url = Some(v.clone())
                }
                _ => return Err(usage(
                    "`--public-url` needs a URL, e.g. `--public-url /dyad/` or `--public-url ./`"
                        .into(),
                )),
            },
            other => match other.strip_prefix("--public-url=") {
                Some(v) if !v.is_empty() => parsed.public_url = Some(v.to_string()),
                _ => return Err(usage(format!("unknown argument `{other}`"))),
            },
        }
    }
    if parsed.public_url.is_some() && !matches!(parsed.task.as_str(), "build" | "pdf") {
        return Err(usage(format!(
            "`--public-url` is for `build` and `pdf`, not `{}`",
            parsed.task
        )));
    }
    Ok(parsed)
}

fn run(args: &[String]) -> Result<()> {
    if matches!(
        args.first().map(String::as_str),
        Some("-h" | "--help" | "help")
    ) {
        println!("{USAGE}");
        return Ok(());
    }
    // `export` reads flags of its own (`cargo xtask export --help`).
    if args.first().map(String::as_str) == Some("export") {
        return export::run(&args[1..]);
    }
    let Args {
        task,
        debian,
        public_url,
    } = parse_args(args)?;
    let public_url = public_url.as_deref().unwrap_or(DEFAULT_PUBLIC_URL);
    match task.as_str() {
        "setup" => toolchain::setup(debian, true).map(drop),
        "serve" => site::serve(&toolchain::setup(debian, false)?),
        "build" => site::build(&toolchain::setup(debian, false)?, public_url).map(drop),
        "test" => test(debian),
        "post-build" => postbuild::run(),
        "pdf" => {
            let dist = project_root().join("dist");
            if !dist.join(postbuild::SINGLE_FILE).exists() {
                site::build(&toolchain::setup(debian, false)?, public_url)?;
            }
            pdf::pdf(&dist).map(drop)
        }
        "bench" => cargo(&["bench", "--package", "dyad-corpus", "--bench", "throughput"]),
        "bench-site" => benchsite::run(debian),
        other => Err(format!("unknown task `{other}`\n{USAGE}").into()),
    }
}

/// Every test, in the order a failure is cheapest to find.
/// Ends with one line counting every test run: `dyad: N passed, M failed`.
fn test(debian: bool) -> Result<()> {
    let tools = toolchain::setup(debian, true)?;
    let mut tally = Tally::default();
    say("test", "native tests (cargo test)");
    let mut native = Command::new("cargo");
    native.args([
        "test",
        "--workspace",
        "--exclude",
        "dyad",
        "--exclude",
        "dyad-e2e",
    ]);
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
            .env(
                "DYAD_AXE_JS",
                tools
                    .axe_js
                    .as_ref()
                    .expect("setup with the browser installs axe-core"),
            );
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
        let mut child = cmd
            .current_dir(project_root())
            .stdout(std::process::Stdio::piped())
            .spawn()?;
        for line in std::io::BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
            let line = line?;
            println!("{line}");
            self.count(&line);
        }
        Ok(child.wait()?.success())
    }

    /// `test result: ok. 29 passed; 0 failed; 0 ignored; …`
    fn count(&mut self, line: &str) {
        let Some(rest) = line.strip_prefix("test result: ") else {
            return;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(kind), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            match (kind, n.parse::<u64>()) {
                ("passed", Ok(n)) => self.passed += n,
                ("failed", Ok(n)) => self.failed += n,
                _ => {}
            }
        }
    }
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
mod tests {
    use super::{parse_args, Args, Tally};

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn flags_are_read() {
        let a = parse_args(&args("build --public-url /x/ --debian")).unwrap();
        assert_eq!(
            a,
            Args {
                task: "build".into(),
                debian: true,
                public_url: Some("/x/".into())
            }
        );
        let a = parse_args(&args("pdf --public-url=./")).unwrap();
        assert_eq!(a.public_url.as_deref(), Some("./"));
        assert_eq!(parse_args(&args("build")).unwrap().public_url, None);
    }

    #[test]
    fn unknown_or_incomplete_flags_fail_with_the_usage() {
        for line in [
            "build --public-ur /x/",
            "build --public-url",
            "build --public-url --debian",
            "serve --public-url /x/",
            "test -v",
            "build extra",
        ] {
            let e = parse_args(&args(line)).expect_err(line).to_string();
            assert!(e.contains("usage: cargo xtask"), "{line}: {e}");
        }
        assert!(parse_args(&[]).is_err());
    }

    #[test]
    fn tally_reads_cargo_test_result_lines() {
        let mut t = Tally::default();
        t.count("test result: ok. 29 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.06s");
        t.count("test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 4.90s");
        t.count("running 3 tests");
        assert_eq!((t.passed, t.failed), (31, 1));
    }
}
