//! `cargo xtask bench-site`: what a visitor downloads and waits for, with the seeds (5 articles)
//! and with generated corpora of 1,000 and 10,000 articles.
//!
//! How: the app's files do not depend on the data, so the site is built once (`dist/`, under
//! `/dyad/`; reused when its `index.html` is newer than every input), then for each size a copy of
//! it gets another `data/` (`dyad-corpus generate N`, then `dyad-corpus build`, as
//! `e2e/tests/large.rs` does) and its `index.html` and `sw.js` name the new index. Each copy is
//! served on 127.0.0.1 by a small server that sends text files (and the wasm) gzip-compressed, as
//! GitHub Pages does, compressed once before the browser starts, so transfer sizes are real and
//! no compression time is measured. A headless Chromium, driven through chromedriver's W3C
//! WebDriver HTTP API, with a fresh profile for each size, measures:
//!
//! - first visit: `#/` until the overview is built (a `.pair-card`, no loading note) and the
//!   service worker is ready; the transfer sizes of the navigation and of every resource (Resource
//!   Timing; a file the worker precached before the page asked for it shows 0 there, so it counts
//!   at its encoded size), the shell's (wasm, JS, CSS, font) among them; and what the server sent
//!   (every file once, `sw.js` and icons included; and everything, the worker's precache too);
//! - the overview: from navigation start to the first animation frame after it is built (a
//!   script run in every new document watches the DOM);
//! - an article page from the overview (`location.hash`) until its text is built: one in the
//!   middle of the catalog (catalog and shard loaded then), then one in another shard;
//! - the quotes page, then each keystroke of "cambodia" in its search box: the input handler
//!   filters every quote synchronously, so `performance.now()` around the `input` event's
//!   dispatch is its time (and with the layout it causes);
//! - the page's memory after that: `performance.memory.usedJSHeapSize` after a garbage
//!   collection (`--js-flags=--expose-gc`), and the wasm memory's size.
//!
//! It prints one table, the budgets beside the figures; nothing is asserted.

mod corpus;
mod measure;
mod server;
mod table;
#[cfg(test)]
mod tests;
mod webdriver;

use crate::{project_root, say, Result};
use corpus::*;
use measure::*;
use serde_json::{json, Value};
use server::*;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use table::*;
use webdriver::*;

/// The generated corpora's sizes (the seeds come first).
const SIZES: [usize; 2] = [1000, 10_000];
/// The sub-path the site is served under, as on GitHub project pages.
const PREFIX: &str = "/dyad/";
/// Typed into the quote search, one character at a time.
const QUERY: &str = "cambodia";
/// How long the page may take for any one thing before the run fails.
const PAGE_TIMEOUT_MS: u64 = 60_000;
/// What the build's outputs depend on: when dist/index.html is newer than all of it, it is reused.
const INPUTS: [&str; 10] = [
    "src",
    "crates",
    "style",
    "index.html",
    "assets",
    "seeds",
    "Trunk.toml",
    "Cargo.lock",
    "xtask/src/postbuild",
    "xtask/src/sw.js",
];

pub fn run(debian: bool) -> Result<()> {
    let tools = crate::toolchain::setup(debian, true)?;
    let (dist, built) = built_site(&tools)?;
    let work = TempDir::new("dyad-bench-site")?;
    // A copy of the build at once: another task rebuilding dist/ meanwhile changes nothing here.
    let app = work.0.join("site-seeds");
    copy_dir(&dist, &app)?;
    let driver = Driver::start()?;
    let mut columns = Vec::new();
    say("bench-site", "the seeds");
    columns.push(measure(&driver, &app, &work.0)?);
    for n in SIZES {
        let site = corpus_site(&app, n, &work.0)?;
        columns.push(measure(&driver, &site, &work.0)?);
        let _ = std::fs::remove_dir_all(&site);
    }
    drop(driver);
    println!("{}", table(&columns));
    println!("{built}");
    println!("Chromium {} (headless) through chromedriver; served from 127.0.0.1 with gzip for text and wasm (HTTP/1.1, keep-alive); {} CPUs.", columns[0].browser, std::thread::available_parallelism().map_or(0, |n| n.get()));
    println!("Each figure is one visit in a fresh profile (times vary by some tens of ms from run to run). Budgets are printed, not asserted; * marks a figure over its budget.");
    Ok(())
}
