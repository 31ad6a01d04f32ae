//! The tasks that run other test programs: `test` (everything), `eval` and `fuzz`.

use crate::{check, pdf, project_root, say, site, tidy, toolchain, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every test, in the order a failure is cheapest to find: the tidy gate, the native tests, the
/// release build (which fails over a size budget), the PDF, the browser tests.
/// Ends with one line counting every test run: `dyad: N passed, M failed`.
pub fn test(debian: bool) -> Result<()> {
    let tools = toolchain::setup(debian, true)?;
    // A failing gate stops here: it is the cheapest failure to find and to fix.
    tidy::run(&tools, false)?;
    let mut tally = Tally::default();
    say("test", "native tests (cargo test)");
    let mut native = Command::new("cargo");
    // Every test binary runs, so one failure does not hide the rest (or their count).
    native.args([
        "test",
        "--no-fail-fast",
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
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
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
    pub fn count(&mut self, line: &str) {
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

/// The evaluation sets `cargo xtask eval` runs with no arguments: each folder of
/// `crates/corpus/tests/eval` with its `gold.json`, and the seeds with the shared gold file
/// beside the clone, when it is there.
pub fn eval_sets(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let eval = root.join("crates/corpus/tests/eval");
    let mut sets: Vec<(PathBuf, PathBuf)> = ["synthetic", "dev", "own"]
        .iter()
        .map(|name| (eval.join(name), eval.join(name).join("gold.json")))
        .collect();
    sets.push((root.join("seeds"), root.join("../shared/seeds_gold.json")));
    sets
}

/// `dyad-corpus eval DIR GOLD` (release build) for one set, or for every set of [`eval_sets`]
/// that is present; fails when a run fails or when no set is there.
pub fn eval(one: Option<(PathBuf, PathBuf)>) -> Result<()> {
    let root = project_root();
    let sets = match one {
        Some(set) => vec![set],
        None => eval_sets(&root)
            .into_iter()
            .filter(|(dir, gold)| {
                let there = dir.is_dir() && gold.is_file();
                if !there {
                    say(
                        "eval",
                        &format!("skipping {}: no {}", dir.display(), gold.display()),
                    );
                }
                there
            })
            .collect(),
    };
    if sets.is_empty() {
        return Err("no evaluation set found (crates/corpus/tests/eval/<set>/gold.json)".into());
    }
    let mut failed = Vec::new();
    for (dir, gold) in &sets {
        say(
            "eval",
            &format!("{} against {}", dir.display(), gold.display()),
        );
        let status = crate::corpus_command("eval")
            .arg(dir)
            .arg(gold)
            .current_dir(&root)
            .status()?;
        if !status.success() {
            failed.push(dir.display().to_string());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("the evaluation failed for {}", failed.join(", ")).into())
    }
}

/// The corpus compiler's fuzz test, an ignored test run in release for `seconds`.
pub fn fuzz(seconds: u64) -> Result<()> {
    say("fuzz", &format!("the corpus compiler for {seconds} s"));
    let status = Command::new("cargo")
        .args(["test", "--release", "--package", "dyad-corpus"])
        .args(["--test", "fuzz", "--", "--ignored", "--nocapture"])
        .env("DYAD_FUZZ_SECONDS", seconds.to_string())
        .current_dir(project_root())
        .status()?;
    check(status, "the fuzz test")
}
