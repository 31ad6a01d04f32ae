//! `cargo xtask post-build`: Trunk's post_build hook. It runs on every Trunk build (`cargo xtask
//! build` and `serve` alike) and finishes the staging folder:
//!
//! - always: the articles compiled into `data/` by the corpus compiler (natively, in release), the
//!   page's `dyad-data` and `dyad-built` meta tags ([`data`]), and the app icons as PNG
//!   ([`icons`]);
//! - release builds only: the stylesheet minified ([`css`]), the service worker `sw.js` (from `xtask/src/sw.js`) precaching the
//!   shell and the data index ([`sw`]), a Content-Security-Policy in `index.html` ([`csp`]), and
//!   `dyad-briefing.html`, the whole app and its data in one self-contained file for `file://`
//!   and air-gapped briefings ([`single`]).
//!
//! The wasm, its JS and the CSS never contain the data: a data change leaves them byte-identical.

mod csp;
mod css;
mod data;
mod icons;
mod single;
mod sw;
#[cfg(test)]
mod tests;

use crate::Result;
use std::path::Path;

pub(crate) use single::write_single_file;
pub use sw::is_data_index;

/// Files a visitor fetches only on demand: not precached, not counted in the first visit.
pub const ON_DEMAND: [&str; 2] = ["dyad-briefing.html", "dyad-briefing.pdf"];
pub const SINGLE_FILE: &str = "dyad-briefing.html";
/// The data folder of the build, relative to the page (and to `sw.js`).
pub const DATA_DIR: &str = "data/";

pub fn run() -> Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .ok_or("post-build runs as Trunk's post_build hook (TRUNK_STAGING_DIR is not set)")?;
    let staging = Path::new(&staging);
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    icons::write_icons(staging)?;
    let data_index = data::compile_data(staging)?;
    let page = staging.join("index.html");
    let html = std::fs::read_to_string(&page)?;
    std::fs::write(
        &page,
        data::insert_meta(&html, &data_index, &data::build_date()?)?,
    )?;
    if release {
        css::minify_stylesheets(staging)?;
        write_single_file(staging)?;
        sw::register_service_worker(&page)?;
        csp::add_csp(&page)?;
        sw::write_service_worker(staging)?;
    }
    Ok(())
}
