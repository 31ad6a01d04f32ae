//! The stylesheet without its comments and indentation, in release builds: `style/main.css`
//! stays documented, and the app shell's budget (200 KiB gzip) does not pay for that (~1 KiB).
//! Trunk's own minifier is all or nothing: it also rewrites the page (which post-build reads) and
//! gives up on wasm-bindgen's JS.

use crate::Result;
use std::path::Path;

/// Minifies every stylesheet at the top of the staging folder, in place: its name (Trunk's hash
/// of the source) still changes whenever the source does, since this is a function of it.
pub(super) fn minify_stylesheets(staging: &Path) -> Result<()> {
    for entry in std::fs::read_dir(staging)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "css") {
            let css = std::fs::read_to_string(&path)?;
            std::fs::write(&path, minify(&css))?;
        }
    }
    Ok(())
}

/// Drops `/* … */` comments and collapses whitespace (none next to `{`, `}`, `;` or `,`); text in
/// quotes is kept as it stands.
pub(super) fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut space, c);
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            c => {
                flush_space(&mut out, &mut space, c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes the pending space before `next`, unless a brace, semicolon or comma is on either side.
fn flush_space(out: &mut String, space: &mut bool, next: char) {
    if std::mem::take(space)
        && !out.is_empty()
        && !matches!(next, '{' | '}' | ';' | ',')
        && !out.ends_with(['{', '}', ';', ','])
    {
        out.push(' ');
    }
}
