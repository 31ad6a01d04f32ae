//! Harness for end-to-end tests: the built site (`DYAD_DIST`, default `dist/`) served by a small
//! static server under the sub-path `/dyad/` (as GitHub project pages serve it), and a headless
//! Chromium driven through chromedriver.

mod browser;
mod pages;
mod server;
mod site;

pub use browser::{signal_group, Browser};
pub use server::{StaticServer, PREFIX};
pub use site::{dist, pdf_pages, screenshot_dir, seed_ids, year_period, SiteCopy, SiteData};
