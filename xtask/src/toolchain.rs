//! `cargo xtask setup`: finds or installs every tool the build and the tests need, idempotently,
//! saying what it checks and what it does.
//!
//! The wasm32 standard library comes from rustup when it can; otherwise from Debian's
//! `rustc-web` (std built from `rust-web-src` with `-Z build-std`, linked by `wasm-ld-19`).
//! `DYAD_WASM_TOOLCHAIN=debian` (or `setup --debian`) forces that fallback so it can be tested.
//!
//! Release builds build std too, with `-C panic=immediate-abort` ([`Tools::release_env`]): a
//! panic then stops the app at once, with no unwinding tables, panic messages or formatting
//! machinery in the wasm, nor `Debug` output (the app prints none) or source locations: 211 →
//! 189 KB gzip, within the app shell's budget.
//! That takes std's source: rustup's `rust-src` component, or Debian's `rust-web-src`. Release
//! builds of the app use Cargo.toml's size profile [`WASM_PROFILE`] (index.html names it for
//! Trunk); native code uses `release`, optimised for speed.
//!
//! The tidy gate's rustfmt and clippy are rustup's components ([`ensure_lint_tools`]); with the
//! Debian fallback the app's clippy is Debian's `rust-web-clippy`, beside its `rustc-web`.

use crate::{project_root, run_quiet, say, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Cargo profile of the app's release builds (`data-cargo-profile-release` in index.html).
pub const WASM_PROFILE: &str = "wasm-release";
/// Trunk 0.22 needs a newer rustc than this machine kind has; 0.21 works.
const TRUNK_REQ: &str = "~0.21";
const TRUNK_PREFIX: &str = "trunk 0.21.";
/// binaryen from the npm registry. Debian's binaryen 108 emits modules that fail at start-up.
const BINARYEN_VERSION: &str = "132";
const AXE_VERSION: &str = "4.14.1";
const DEBIAN_WASM_PACKAGES: [&str; 4] = ["rustc-web", "cargo-web", "rust-web-src", "lld-19"];
const BROWSER_PACKAGES: [&str; 2] = ["chromium", "chromium-driver"];

/// How wasm32 code is compiled on this machine.
#[derive(Clone, Debug, PartialEq)]
pub enum WasmToolchain {
    /// rustup's toolchain with its `wasm32-unknown-unknown` target.
    Rustup,
    /// Debian's rustc-web with std built from source.
    Debian,
}

/// The tools found or installed, and the environment a wasm build runs in.
#[derive(Clone, Debug)]
pub struct Tools {
    pub wasm: WasmToolchain,
    /// Prepended to PATH for Trunk: binaryen's wasm-opt (and Debian's cargo for the fallback).
    pub path_prefix: Vec<PathBuf>,
    /// axe-core's script for the accessibility audit (set up with the browser).
    pub axe_js: Option<PathBuf>,
}

impl Tools {
    /// Environment for a release build of the wasm app (and for fetching what it needs), on top
    /// of [`Tools::wasm_env`]: std rebuilt with immediate-abort panics (see the module doc).
    /// `RUSTC_BOOTSTRAP` lets the stable toolchain take the unstable flags, as the Debian
    /// fallback always did.
    pub fn release_env(&self, cmd: &mut Command) {
        self.wasm_env(cmd);
        cmd.env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
            // No unwinding; no `{:?}` output (the app prints none) and no source locations.
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none");
    }

    /// Environment for a command that builds the wasm app (Trunk). Native builds never get it.
    pub fn wasm_env(&self, cmd: &mut Command) {
        let mut path = self.path_prefix.clone();
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        cmd.env(
            "PATH",
            std::env::join_paths(path).expect("PATH entries are valid"),
        );
        // Set by `cargo run` for xtask itself; it must not steer Trunk's cargo to another toolchain.
        cmd.env_remove("CARGO")
            .env_remove("RUSTC")
            .env_remove("RUSTUP_TOOLCHAIN");
        if self.wasm == WasmToolchain::Debian {
            cmd.env("RUSTC", "/usr/bin/rustc")
                .env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", "wasm-ld-19")
                // Its own target dir: two compilers sharing one would rebuild each other's output.
                .env("CARGO_TARGET_DIR", project_root().join("target/debian-web"));
        }
    }
}

pub fn forced_debian() -> bool {
    std::env::var("DYAD_WASM_TOOLCHAIN").is_ok_and(|v| v == "debian")
}

/// Checks and installs everything a build needs; `for_tests` adds what the tests need too:
/// rustfmt and clippy, Chromium, chromedriver and axe-core.
pub fn setup(force_debian: bool, for_tests: bool) -> Result<Tools> {
    say(
        "setup",
        "checking the tools Dyad needs (installing what is missing)",
    );
    let wasm = wasm_std(force_debian || forced_debian())?;
    let mut path_prefix = Vec::new();
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    let wasm_opt = ensure_binaryen()?;
    path_prefix.push(wasm_opt.parent().unwrap().to_path_buf());
    if wasm == WasmToolchain::Debian {
        path_prefix.push(PathBuf::from("/usr/bin"));
    }
    let mut tools = Tools {
        wasm,
        path_prefix,
        axe_js: None,
    };
    if for_tests {
        ensure_lint_tools(&tools)?;
        ensure_browser()?;
        tools.axe_js = Some(ensure_axe()?);
    }
    say("setup", "all tools present");
    Ok(tools)
}

/// rustfmt and clippy for the tidy gate: rustup's components, added when missing (bounded in
/// time, like the target); with the Debian fallback, Debian's clippy for the app as well.
pub fn ensure_lint_tools(tools: &Tools) -> Result<()> {
    if tools.wasm == WasmToolchain::Debian {
        apt_install(&["rust-web-clippy"])?;
    }
    match run_quiet(Command::new("rustup").args(["component", "list", "--installed"])) {
        Some(installed) => {
            for component in ["rustfmt", "clippy"] {
                if installed.lines().any(|l| l.starts_with(component)) {
                    continue;
                }
                say(
                    "lint",
                    &format!("installing rustup's {component} component"),
                );
                let added = Command::new("timeout")
                    .args(["300", "rustup", "component", "add", component])
                    .status()
                    .is_ok_and(|s| s.success());
                if !added {
                    return Err(format!(
                        "rustup could not install {component}: run `rustup component add {component}`"
                    )
                    .into());
                }
            }
        }
        None => say(
            "lint",
            "rustup not found: using the cargo fmt and cargo clippy on PATH",
        ),
    }
    for (sub, component) in [("fmt", "rustfmt"), ("clippy", "clippy")] {
        let Some(version) = run_quiet(Command::new("cargo").args([sub, "--version"])) else {
            return Err(format!(
                "`cargo {sub}` is missing: run `rustup component add {component}`"
            )
            .into());
        };
        say("lint", version.trim());
    }
    Ok(())
}

fn wasm_std(force_debian: bool) -> Result<WasmToolchain> {
    if force_debian {
        say(
            "wasm32",
            "Debian fallback forced (DYAD_WASM_TOOLCHAIN=debian or --debian)",
        );
        ensure_debian_wasm()?;
        return Ok(WasmToolchain::Debian);
    }
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(out)
            if String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.trim() == "wasm32-unknown-unknown") =>
        {
            say(
                "wasm32",
                "rustup's wasm32-unknown-unknown target is installed",
            );
            if rustup_src() {
                return Ok(WasmToolchain::Rustup);
            }
        }
        Ok(_) => {
            say(
                "wasm32",
                "installing rustup's wasm32-unknown-unknown target",
            );
            // Bounded: toolchain downloads are not promised here, and a hung download must not stall CI.
            let added = Command::new("timeout")
                .args(["300", "rustup", "target", "add", "wasm32-unknown-unknown"])
                .status()
                .is_ok_and(|s| s.success());
            if added && rustup_src() {
                return Ok(WasmToolchain::Rustup);
            }
            say(
                "wasm32",
                "rustup could not install the target; falling back to Debian's rustc-web",
            );
        }
        Err(_) => say("wasm32", "rustup not found; using Debian's rustc-web"),
    }
    ensure_debian_wasm()?;
    Ok(WasmToolchain::Debian)
}

/// Whether rustup's `rust-src` (std's source, for release builds) is installed, installing it
/// if it is missing; bounded in time like the target.
fn rustup_src() -> bool {
    let installed = run_quiet(Command::new("rustup").args(["component", "list", "--installed"]))
        .unwrap_or_default();
    if installed.lines().any(|l| l.trim().starts_with("rust-src")) {
        say(
            "wasm32",
            "rustup's rust-src component is installed (std's source, for release builds)",
        );
        return true;
    }
    say(
        "wasm32",
        "installing rustup's rust-src component (std's source, for release builds)",
    );
    let added = Command::new("timeout")
        .args(["300", "rustup", "component", "add", "rust-src"])
        .status()
        .is_ok_and(|s| s.success());
    if !added {
        say("wasm32", "rustup could not install rust-src; falling back to Debian's rustc-web and rust-web-src");
    }
    added
}

fn ensure_debian_wasm() -> Result<()> {
    apt_install(&DEBIAN_WASM_PACKAGES)?;
    let version = run_quiet(Command::new("/usr/bin/rustc").arg("--version")).unwrap_or_default();
    say("wasm32", &format!("Debian toolchain: {}", version.trim()));
    Ok(())
}

fn ensure_browser() -> Result<()> {
    apt_install(&BROWSER_PACKAGES)?;
    let version = run_quiet(Command::new("chromium").arg("--version")).unwrap_or_default();
    say("browser", version.trim());
    Ok(())
}

/// Installs Debian packages that are not installed yet (`apt-get update` once, first).
fn apt_install(packages: &[&str]) -> Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            !run_quiet(Command::new("dpkg-query").args(["-W", "-f=${Status}", p]))
                .is_some_and(|s| s.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        say("apt", &format!("installed: {}", packages.join(" ")));
        return Ok(());
    }
    say("apt", &format!("installing {}", missing.join(" ")));
    let sudo = if is_root() { vec![] } else { vec!["sudo"] };
    let apt = |args: &[&str]| -> Result<()> {
        let mut all: Vec<&str> = sudo.clone();
        all.extend_from_slice(args);
        let status = Command::new(all[0])
            .args(&all[1..])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` failed ({status})", all.join(" ")).into())
        }
    };
    apt(&["apt-get", "update", "-qq"])?;
    let mut install = vec!["apt-get", "install", "-y", "-qq", "--no-install-recommends"];
    install.extend(&missing);
    apt(&install)
}

fn is_root() -> bool {
    run_quiet(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0")
}

fn ensure_trunk() -> Result<()> {
    let version = run_quiet(Command::new("trunk").arg("--version")).unwrap_or_default();
    if version.starts_with(TRUNK_PREFIX) {
        say("trunk", version.trim());
        return Ok(());
    }
    say(
        "trunk",
        &format!("installing trunk {TRUNK_REQ} with cargo install (about 10 minutes cold)"),
    );
    cargo_install(&["--locked", "trunk", "--version", TRUNK_REQ])
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must equal it exactly.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(project_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock ({e}); run `cargo generate-lockfile`"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn ensure_wasm_bindgen() -> Result<()> {
    let want = locked_wasm_bindgen()?;
    let have = run_quiet(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        say("wasm-bindgen", have.trim());
        return Ok(());
    }
    say(
        "wasm-bindgen",
        &format!(
            "installing wasm-bindgen-cli {want} (found: {})",
            if have.is_empty() { "none" } else { have.trim() }
        ),
    );
    // Not --locked: the CLI's lock file names crates newer than this registry index has.
    cargo_install(&["wasm-bindgen-cli", "--version", &want])
}

fn cargo_install(args: &[&str]) -> Result<()> {
    let status = Command::new("cargo")
        .arg("install")
        .args(args)
        .env_remove("CARGO_TARGET_DIR")
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo install {}` failed ({status})", args.join(" ")).into())
    }
}

/// A package from the npm registry, installed once into `~/.cache/dyad/<name>-<version>` (outside
/// the clone, so every clone on the machine reuses it). Returns that folder.
fn ensure_npm(package: &str, version: &str, installed: impl Fn(&Path) -> bool) -> Result<PathBuf> {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join(".cache"));
    let dir = home
        .join(".cache/dyad")
        .join(format!("{package}-{version}"));
    if installed(&dir) {
        say(package, &format!("{version} in {}", dir.display()));
        return Ok(dir);
    }
    if run_quiet(Command::new("npm").arg("--version")).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    say(
        package,
        &format!(
            "installing {package}@{version} from the npm registry into {}",
            dir.display()
        ),
    );
    std::fs::create_dir_all(&dir)?;
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(format!("{package}@{version}"))
        .status()?;
    if !status.success() || !installed(&dir) {
        return Err(format!("could not install {package}@{version} with npm").into());
    }
    Ok(dir)
}

/// binaryen's wasm-opt. Debian's binaryen 108 emits modules that fail at start-up in Chromium.
fn ensure_binaryen() -> Result<PathBuf> {
    let bin = |dir: &Path| dir.join("node_modules/.bin/wasm-opt");
    let dir = ensure_npm("binaryen", &format!("{BINARYEN_VERSION}.0.0"), |d| {
        wasm_opt_version(&bin(d)).as_deref() == Some(BINARYEN_VERSION)
    })?;
    Ok(bin(&dir))
}

/// axe-core's browser script, for the accessibility audit in the end-to-end tests.
fn ensure_axe() -> Result<PathBuf> {
    let js = |dir: &Path| dir.join("node_modules/axe-core/axe.min.js");
    let dir = ensure_npm("axe-core", AXE_VERSION, |d| js(d).is_file())?;
    Ok(js(&dir))
}

/// `wasm-opt version 132 (version_132)` gives `132`.
fn wasm_opt_version(bin: &Path) -> Option<String> {
    let out = run_quiet(Command::new(bin).arg("--version"))?;
    out.split_whitespace().nth(2).map(str::to_string)
}
