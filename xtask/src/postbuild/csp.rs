//! The Content-Security-Policy of the page and of the single file: inline scripts by hash.

use crate::Result;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Everything the site itself needs; each directive is the least the app works with.
///
/// No `frame-ancestors`: a `<meta>` policy cannot carry it (browsers ignore it there, with a
/// console error), and GitHub Pages sets no header, so any page may frame the site, which the
/// embed routes (`#/embed/…`) need. `img-src blob:` lets a chart's SVG be drawn into a canvas for
/// its PNG download.
pub(super) const CSP_SITE: &str = "default-src 'self'; script-src 'self' {hashes} 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; \
worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";
/// The single file loads nothing: everything is inline.
pub(super) const CSP_SINGLE: &str = "default-src 'none'; script-src {hashes} 'wasm-unsafe-eval'; \
style-src 'unsafe-inline'; img-src data: blob:; font-src data:; object-src 'none'; base-uri 'none'; form-action 'none'";

/// Adds a CSP meta tag allowing exactly the inline scripts the page has (by hash).
pub(super) fn add_csp(index: &Path) -> Result<()> {
    let html = std::fs::read_to_string(index)?;
    let html = insert_csp(&html, CSP_SITE)?;
    std::fs::write(index, html)?;
    Ok(())
}

pub(super) fn insert_csp(html: &str, template: &str) -> Result<String> {
    let hashes: Vec<String> = inline_scripts(html)
        .into_iter()
        .map(|body| {
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()))
            )
        })
        .collect();
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        template.replace("{hashes}", &hashes.join(" "))
    );
    let at = html
        .find("<meta charset=\"utf-8\">")
        .map(|i| i + "<meta charset=\"utf-8\">".len())
        .ok_or("index.html has no <meta charset=\"utf-8\">")?;
    Ok(format!("{}\n  {meta}{}", &html[..at], &html[at..]))
}

/// The bodies of the executable inline `<script>` elements (classic or module).
pub(super) fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut base = 0;
    while let Some(i) = rest.find("<script") {
        let open_end = match rest[i..].find('>') {
            Some(j) => i + j + 1,
            None => break,
        };
        let tag = &rest[i..open_end];
        let close = match rest[open_end..].find("</script>") {
            Some(j) => open_end + j,
            None => break,
        };
        let executable = !tag.contains(" src=")
            && (!tag.contains("type=")
                || tag.contains("type=\"module\"")
                || tag.contains("type=module"));
        if executable {
            out.push(&html[base + open_end..base + close]);
        }
        base += close + "</script>".len();
        rest = &html[base..];
    }
    out
}
