//! `cargo xtask tidy`, the gate `cargo xtask test` (and so CI) runs first: rustfmt, clippy with
//! warnings as errors on the native crates and on the wasm app, and the size budgets. Each failing
//! check says what to run to fix it. Review of duplicated code is left to humans.

use crate::site::{measure_sizes, print_totals};
use crate::toolchain::{self, Tools};
use crate::{project_root, say, Result};
use std::process::Command;

/// One check of the gate: what it runs, and what to run when it fails.
struct Check {
    name: &'static str,
    args: &'static [&'static str],
    /// The app's check builds wasm32 code: it runs in the wasm toolchain's environment.
    wasm: bool,
    fix: &'static str,
}

const CHECKS: [Check; 3] = [
    Check {
        name: "rustfmt",
        args: &["fmt", "--all", "--check"],
        wasm: false,
        fix: "run `cargo fmt --all` (rustfmt.toml holds the settings)",
    },
    Check {
        name: "clippy, native crates",
        args: &[
            "clippy",
            "--workspace",
            "--exclude",
            "dyad",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        wasm: false,
        fix: "fix the warnings above; `cargo clippy --fix --workspace --exclude dyad --all-targets --allow-dirty` applies the mechanical ones",
    },
    Check {
        name: "clippy, wasm app",
        args: &[
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "dyad",
            "--",
            "-D",
            "warnings",
        ],
        wasm: true,
        fix: "fix the warnings above; `cargo clippy --fix --target wasm32-unknown-unknown --package dyad --allow-dirty` applies the mechanical ones",
    },
];

/// Runs every check (all of them, so one run shows every problem) and fails naming each that
/// failed with its fix. With `sizes`, also checks the budgets of the release build in dist/
/// when there is one (`cargo xtask test` checks them on the build it makes).
pub fn run(tools: &Tools, sizes: bool) -> Result<()> {
    toolchain::ensure_lint_tools(tools)?;
    let mut failed = Vec::new();
    for check in &CHECKS {
        say(
            "tidy",
            &format!("{}: cargo {}", check.name, check.args.join(" ")),
        );
        let mut cmd = Command::new("cargo");
        cmd.args(check.args).current_dir(project_root());
        if check.wasm {
            tools.wasm_env(&mut cmd);
        }
        if !cmd.status()?.success() {
            failed.push(format!("{} failed: {}", check.name, check.fix));
        }
    }
    if sizes {
        failed.extend(budgets()?);
    }
    if failed.is_empty() {
        say("tidy", "all checks pass");
        Ok(())
    } else {
        Err(format!("the tidy gate failed:\n  {}", failed.join("\n  ")).into())
    }
}

/// The size budgets of dist/ when it holds a release build (one with a service worker).
fn budgets() -> Result<Vec<String>> {
    let dist = project_root().join("dist");
    if !dist.join("sw.js").is_file() || !dist.join("index.html").is_file() {
        say(
            "tidy",
            "size budgets: no release build in dist/ (`cargo xtask build` makes one and checks them)",
        );
        return Ok(Vec::new());
    }
    say("tidy", "size budgets of the release build in dist/");
    let sizes = measure_sizes(&dist, false)?;
    print_totals(&sizes);
    Ok(sizes
        .over_budget()
        .into_iter()
        .map(|e| format!("{e} (measured on dist/; rebuild with `cargo xtask build`)"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::CHECKS;

    /// The gate covers formatting, both clippy runs with warnings denied, and every check says
    /// how to fix it.
    #[test]
    fn the_gate_runs_fmt_and_clippy_on_both_targets() {
        let lines: Vec<String> = CHECKS.iter().map(|c| c.args.join(" ")).collect();
        assert!(
            lines.contains(&"fmt --all --check".to_string()),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("clippy --workspace") && l.contains("--all-targets")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("--target wasm32-unknown-unknown --package dyad")),
            "{lines:?}"
        );
        for c in &CHECKS {
            if c.args[0] == "clippy" {
                assert!(c.args.ends_with(&["--", "-D", "warnings"]), "{}", c.name);
            }
            assert!(c.fix.contains("cargo "), "{}: {}", c.name, c.fix);
        }
        assert_eq!(CHECKS.iter().filter(|c| c.wasm).count(), 1);
    }
}
