//! `cargo xtask pdf`: prints the briefing deck (`#/brief`) of the single-file export to
//! `dist/dyad-briefing.pdf` with headless Chromium; the print stylesheet gives one landscape
//! page per slide. No server is needed: the single file runs from `file://`.

use crate::{check, project_root, say, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn pdf(dist: &Path) -> Result<PathBuf> {
    let html = dist.join(crate::postbuild::SINGLE_FILE);
    if !html.exists() {
        return Err(format!(
            "{} is missing: run `cargo xtask build` first",
            html.display()
        )
        .into());
    }
    let out = dist.join("dyad-briefing.pdf");
    let profile = project_root().join("target/pdf-profile");
    let _ = std::fs::remove_dir_all(&profile);
    say(
        "pdf",
        &format!("printing {}#/brief with headless Chromium", html.display()),
    );
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            // Time for the wasm to start and the deck to render before printing.
            "--virtual-time-budget=20000",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}#/brief", html.canonicalize()?.display()))
        .status()?;
    check(status, "chromium --print-to-pdf")?;
    let _ = std::fs::remove_dir_all(&profile);
    let bytes = std::fs::read(&out)?;
    // The page count is checked against the slides by the end-to-end tests (e2e/tests/briefing.rs).
    say(
        "pdf",
        &format!("wrote {} ({} bytes)", out.display(), bytes.len()),
    );
    Ok(out)
}
