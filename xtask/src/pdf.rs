//! `cargo xtask pdf`: prints the briefing deck (`#/brief`) of the single-file export to
//! `dist/dyad-briefing.pdf` with headless Chromium; the print stylesheet gives one landscape
//! page per slide. No server is needed: the single file runs from `file://`.

use crate::{check, project_root, say, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn pdf(dist: &Path) -> Result<PathBuf> {
    let html = dist.join(crate::postbuild::SINGLE_FILE);
    if !html.exists() {
        return Err(format!("{} is missing: run `cargo xtask build` first", html.display()).into());
    }
    let out = dist.join("dyad-briefing.pdf");
    let profile = project_root().join("target/pdf-profile");
    let _ = std::fs::remove_dir_all(&profile);
    say("pdf", &format!("printing {}#/brief with headless Chromium", html.display()));
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
    say("pdf", &format!("wrote {} ({} pages, {} bytes)", out.display(), count_pages(&bytes), bytes.len()));
    Ok(out)
}

/// Page objects in a PDF: `/Type /Page` (with or without the space), not `/Type /Pages`.
pub fn count_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    for pattern in [&b"/Type /Page"[..], &b"/Type/Page"[..]] {
        let mut i = 0;
        while let Some(j) = find(&pdf[i..], pattern) {
            let after = pdf.get(i + j + pattern.len()).copied();
            if after != Some(b's') {
                n += 1;
            }
            i += j + pattern.len();
        }
    }
    n
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_page_objects_not_the_page_tree() {
        let pdf = b"1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R]>> 2 0 obj <</Type /Page>> 3 0 obj <</Type/Page /Parent 1 0 R>>";
        assert_eq!(count_pages(pdf), 2);
    }
}
