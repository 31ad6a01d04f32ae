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

use crate::{project_root, say, Result};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

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
    "xtask/src/postbuild.rs",
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

// The build

/// dist/ built under /dyad/: reused when its index.html is newer than every input (and its
/// addresses work under /dyad/), else built. Returns it and a line saying which.
fn built_site(tools: &crate::toolchain::Tools) -> Result<(PathBuf, String)> {
    let dist = project_root().join("dist");
    let page = dist.join("index.html");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(built), Ok(html)) = (modified(&page), std::fs::read_to_string(&page)) {
        let newest = newest_input()?;
        if built > newest && serves_under_prefix(&html) {
            say(
                "bench-site",
                "reusing dist/: its index.html is newer than every file it is built from",
            );
            return Ok((
                dist,
                format!(
                    "App: the existing dist/ (its index.html is newer than every file under {}).",
                    INPUTS.join(", ")
                ),
            ));
        }
    }
    let started = SystemTime::now();
    match crate::site::build(tools, PREFIX) {
        Ok(dist) => Ok((
            dist,
            format!("App: dist/ built for this run (`cargo xtask build --public-url {PREFIX}`)."),
        )),
        // The build writes dist/ before it checks the shell's budget: measure what it wrote.
        Err(e)
            if e.to_string().starts_with("the app shell is")
                && modified(&page).is_some_and(|t| t >= started) =>
        {
            say(
                "bench-site",
                &format!("the build is over the shell budget; measuring the dist/ it wrote ({e})"),
            );
            Ok((
                dist,
                format!(
                    "App: dist/ built for this run; the build failed its budget check only ({e})."
                ),
            ))
        }
        Err(e) => Err(e),
    }
}

/// The latest modification time of any file the build reads.
fn newest_input() -> Result<SystemTime> {
    fn walk(path: &Path, newest: &mut SystemTime) -> std::io::Result<()> {
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            for entry in std::fs::read_dir(path)? {
                walk(&entry?.path(), newest)?;
            }
        } else {
            *newest = (*newest).max(meta.modified()?);
        }
        Ok(())
    }
    let mut newest = SystemTime::UNIX_EPOCH;
    for input in INPUTS {
        let path = project_root().join(input);
        if path.exists() {
            walk(&path, &mut newest)?;
        }
    }
    Ok(newest)
}

/// Whether a page's root-relative addresses all lie under [`PREFIX`] (relative ones work anywhere).
fn serves_under_prefix(html: &str) -> bool {
    crate::site::root_relative_refs(html)
        .iter()
        .all(|r| r.starts_with(PREFIX))
}

/// The data index the page names: `<meta name="dyad-data" content="data/index-….json">`.
fn data_index_path(html: &str) -> Option<&str> {
    let key = "name=\"dyad-data\" content=\"";
    let at = html.find(key)? + key.len();
    Some(&html[at..at + html[at..].find('"')?])
}

/// `text` with the old index's path replaced by the new one's; an error when it does not name it.
fn rename_index(text: &str, old: &str, new: &str) -> Result<String> {
    if !text.contains(old) {
        return Err(format!("it does not name {old}").into());
    }
    Ok(text.replace(old, new))
}

/// A copy of the site with the data of `n` generated articles.
fn corpus_site(app: &Path, n: usize, work: &Path) -> Result<PathBuf> {
    let articles = work.join(format!("articles-{n}"));
    let site = work.join(format!("site-{n}"));
    say(
        "bench-site",
        &format!("{n} generated articles: dyad-corpus generate, build"),
    );
    corpus(&["generate", &n.to_string(), "--out"], &articles)?;
    copy_dir(app, &site)?;
    let old = data_index_path(&std::fs::read_to_string(site.join("index.html"))?)
        .ok_or("index.html names no data index")?
        .to_string();
    let data = site.join(
        Path::new(&old)
            .parent()
            .ok_or("the data index is in no folder")?,
    );
    std::fs::remove_dir_all(&data)?;
    corpus(&["build", &articles.to_string_lossy(), "--out"], &data)?;
    let _ = std::fs::remove_dir_all(&articles);
    let new = std::fs::read_dir(&data)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| crate::postbuild::is_data_index(n))
        .ok_or("the corpus build wrote no index")?;
    let new = format!(
        "{}/{new}",
        Path::new(&old).parent().unwrap().to_string_lossy()
    );
    for page in ["index.html", "sw.js"] {
        let path = site.join(page);
        let text = rename_index(&std::fs::read_to_string(&path)?, &old, &new)
            .map_err(|e| format!("{page}: {e}"))?;
        std::fs::write(&path, text)?;
    }
    Ok(site)
}

/// `cargo run --release -p dyad-corpus -- ARGS… OUT`; its output goes to stderr, beside the progress.
fn corpus(args: &[&str], out: &Path) -> Result<()> {
    let mut cmd = Command::new("cargo");
    cmd.args([
        "run",
        "--release",
        "--quiet",
        "--package",
        "dyad-corpus",
        "--",
    ])
    .args(args)
    .arg(out)
    .current_dir(project_root());
    if let Ok(stderr) = std::os::fd::AsFd::as_fd(&std::io::stderr()).try_clone_to_owned() {
        cmd.stdout(Stdio::from(stderr));
    }
    crate::check(cmd.status()?, &format!("dyad-corpus {}", args[0]))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Result<TempDir> {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// What the site holds

/// The articles (id, shard) and the number of quotes of a site's data, from its files.
struct SiteData {
    articles: Vec<(String, u64)>,
    quotes: usize,
    shards: usize,
}

fn site_data(site: &Path) -> Result<SiteData> {
    let read = |p: &Path| -> Result<Value> {
        Ok(serde_json::from_slice(
            &std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )?)
    };
    let index_path = data_index_path(&std::fs::read_to_string(site.join("index.html"))?)
        .ok_or("index.html names no data index")?
        .to_string();
    let index_file = site.join(&index_path);
    let folder = index_file.parent().unwrap();
    let index = read(&index_file)?;
    let files = &index["files"];
    let path = |v: &Value| {
        v["path"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| format!("{index_path}: a file without a path"))
    };
    let catalog = read(&folder.join(path(&files["catalog"])?))?;
    let quotes = read(&folder.join(path(&files["quotes"])?))?;
    let articles = catalog["articles"]
        .as_array()
        .ok_or("the catalog has no articles")?
        .iter()
        .map(|a| Some((a["id"].as_str()?.to_string(), a["shard"].as_u64()?)))
        .collect::<Option<Vec<_>>>()
        .ok_or("a catalog entry without an id or shard")?;
    Ok(SiteData {
        articles,
        quotes: quotes["quotes"].as_array().map_or(0, Vec::len),
        shards: files["shards"].as_array().map_or(0, Vec::len),
    })
}

// The measurements

/// One corpus size's figures.
struct Column {
    articles: usize,
    quotes: usize,
    shards: usize,
    browser: String,
    /// Resource Timing: the navigation's and every resource's transfer size (or encoded size when
    /// the service worker served it from its precache); the shell's part.
    first_visit: u64,
    shell: u64,
    /// What the server sent by the time the service worker was ready: every file once; everything.
    served_once: u64,
    served_all: u64,
    overview_ms: f64,
    /// The first article page (catalog and shard not loaded yet), the second (another shard, when
    /// there is one).
    article_ms: f64,
    article2_ms: f64,
    article2_other_shard: bool,
    quotes_ms: f64,
    /// Per keystroke: the input handler; the handler and the layout it causes.
    keys: Vec<f64>,
    keys_layout: Vec<f64>,
    matched: String,
    heap_bytes: Option<f64>,
    wasm_bytes: Option<f64>,
}

/// Run in every new document before the page's own scripts: `__dyadWait(ready)` resolves at the
/// first animation frame after `ready()` holds (checked on every DOM change); the overview's
/// readiness is watched from the start; the wasm's exports are kept for its memory.
const PRELUDE: &str = r#"(() => {
  const bench = window.__dyadBench = {};
  addEventListener("TrunkApplicationStarted", (e) => { bench.wasm = e.detail && e.detail.wasm; });
  window.__dyadWait = (ready, ms) => new Promise((resolve, reject) => {
    const deadline = performance.now() + ms;
    let observer = null, timer = null;
    const check = () => {
      let r = false;
      try { r = ready(); } catch (e) { r = false; }
      if (!r && performance.now() < deadline) return false;
      if (observer) observer.disconnect();
      clearInterval(timer);
      if (r) requestAnimationFrame(() => resolve({ at: performance.now(), what: r }));
      else reject(new Error("timed out"));
      return true;
    };
    if (check()) return;
    observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, attributes: true });
    timer = setInterval(check, 200);
  });
  window.__dyadState = (css) => document.querySelector(".data-error") ? "error" : (document.querySelector(css) && !document.querySelector(".data-loading, #loading") ? "ready" : false);
  bench.overview = window.__dyadWait(() => window.__dyadState(".pair-card"), TIMEOUT).catch((e) => ({ error: String(e) }));
})();"#;

/// Resolves when the overview was built (the prelude watched it from navigation start).
const OVERVIEW: &str = r#"const done = arguments[arguments.length - 1];
if (!window.__dyadBench) { done({ error: "the prelude did not run in this page" }); return; }
window.__dyadBench.overview.then(done);"#;

/// Sets the hash (arguments[0]) and resolves when `arguments[1]` is ready and `arguments[2]`
/// (when given) is absent: the time in ms since the hash was set.
const GO: &str = r#"const [hash, css, gone, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
const t0 = performance.now();
location.hash = hash;
window.__dyadWait(() => { const s = window.__dyadState(css); return s === "ready" && gone && document.querySelector(gone) ? false : s; }, TIMEOUT)
  .then((r) => done({ ms: r.at - t0, what: r.what }), (e) => done({ error: String(e) + " waiting for " + css + " after " + hash }));"#;

/// Once the service worker is ready (it has precached), the transfer sizes of the visit so far.
const TRANSFERS: &str = r#"const done = arguments[arguments.length - 1];
const sw = navigator.serviceWorker
  ? Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), TIMEOUT))])
  : Promise.resolve(false);
Promise.all([sw, document.fonts.ready]).then(([ready]) => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource").map((e) => ({ name: e.name, transfer: e.transferSize, body: e.encodedBodySize, cache: e.deliveryType === "cache" }));
  done({ sw: ready, navigation: nav ? nav.transferSize : 0, resources });
});"#;

/// Types `arguments[0]` into the quote search one character at a time; each `input` event is
/// handled synchronously, so its time is measured around the dispatch (and then with the layout).
const TYPE: &str = r#"const input = document.getElementById("quote-search");
const handler = [], layout = [];
input.value = "";
for (const ch of arguments[0]) {
  input.value += ch;
  const t0 = performance.now();
  input.dispatchEvent(new Event("input", { bubbles: true }));
  const t1 = performance.now();
  void document.body.offsetHeight;
  const t2 = performance.now();
  handler.push(t1 - t0);
  layout.push(t2 - t0);
}
const count = document.querySelector(".result-count");
return { handler, layout, count: count ? count.textContent : "" };"#;

const MEMORY: &str = r#"if (window.gc) window.gc();
const m = performance.memory, w = window.__dyadBench && window.__dyadBench.wasm;
return { heap: m ? m.usedJSHeapSize : null, wasm: w && w.memory ? w.memory.buffer.byteLength : null };"#;

fn script(js: &str) -> String {
    js.replace("TIMEOUT", &PAGE_TIMEOUT_MS.to_string())
}

/// Every measurement on one site, in a fresh browser profile.
fn measure(driver: &Driver, site: &Path, work: &Path) -> Result<Column> {
    let data = site_data(site)?;
    let n = data.articles.len();
    if n == 0 {
        return Err(format!("{}: the site's catalog holds no article", site.display()).into());
    }
    say(
        "bench-site",
        &format!("{n} articles: compressing the site's files, serving them, opening Chromium"),
    );
    let server = Server::start(site)?;
    let b = Session::new(driver, work)?;
    b.cmd("POST", "goog/cdp/execute", json!({ "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": { "source": script(PRELUDE) } }))
        .map_err(|e| format!("chromedriver's CDP pass-through (to watch the page from navigation start): {e}"))?;
    let fail = |what: &str, v: &Value| -> Result<()> {
        if let Some(e) = v["error"].as_str() {
            return Err(format!("{n} articles, {what}: {e}").into());
        }
        if v["what"] == "error" {
            return Err(format!("{n} articles, {what}: the page shows a data error").into());
        }
        Ok(())
    };

    // First visit: the overview, then what was transferred once the service worker is ready.
    b.goto(&server.url("index.html#/"))?;
    let overview = b.js_async(&script(OVERVIEW), json!([]))?;
    fail("the overview", &overview)?;
    let t = b.js_async(&script(TRANSFERS), json!([]))?;
    let (served_once, served_all) = server.sent();
    if t["sw"] != true {
        say(
            "bench-site",
            "the service worker did not become ready: the server's bytes hold no precache",
        );
    }
    let resources = t["resources"].as_array().cloned().unwrap_or_default();
    // A file the service worker had precached before the page asked for it shows no transfer:
    // it came over the wire once all the same, at its encoded (gzip) size.
    let size = |e: &Value| {
        let transfer = e["transfer"].as_f64().unwrap_or(0.0) as u64;
        if transfer == 0 && e["cache"] == true {
            e["body"].as_f64().unwrap_or(0.0) as u64
        } else {
            transfer
        }
    };
    let shell = resources
        .iter()
        .filter(|e| is_shell(e["name"].as_str().unwrap_or("")))
        .map(size)
        .sum();
    let first_visit =
        t["navigation"].as_f64().unwrap_or(0.0) as u64 + resources.iter().map(size).sum::<u64>();

    // Two article pages from the overview: the catalog and a shard load for the first; the
    // second is in another shard when there is one.
    let first = &data.articles[n / 2];
    let second = data
        .articles
        .iter()
        .skip(n / 4)
        .chain(&data.articles)
        .find(|a| a.1 != first.1)
        .unwrap_or(&data.articles[n / 4]);
    let go = |hash: &str, css: &str, gone: Option<&str>| -> Result<f64> {
        let v = b.js_async(&script(GO), json!([hash, css, gone]))?;
        fail(hash, &v)?;
        v["ms"]
            .as_f64()
            .ok_or_else(|| format!("{hash}: no time").into())
    };
    let article_ms = go(&format!("#/article/{}", first.0), ".article-text", None)?;
    go("#/", ".pair-card", Some(".article-text"))?;
    let article2_ms = go(&format!("#/article/{}", second.0), ".article-text", None)?;

    // The quotes page, then the search, keystroke by keystroke.
    let quotes_ms = go("#/quotes", ".quote-item", None)?;
    let typed = b.js(TYPE, json!([QUERY]))?;
    let times = |k: &str| {
        typed[k]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let memory = b.js(MEMORY, json!([]))?;
    Ok(Column {
        articles: n,
        quotes: data.quotes,
        shards: data.shards,
        browser: b.version.clone(),
        first_visit,
        shell,
        served_once,
        served_all,
        overview_ms: overview["at"].as_f64().ok_or("the overview: no time")?,
        article_ms,
        article2_ms,
        article2_other_shard: second.1 != first.1,
        quotes_ms,
        keys: times("handler"),
        keys_layout: times("layout"),
        matched: typed["count"].as_str().unwrap_or("").to_string(),
        heap_bytes: memory["heap"].as_f64(),
        wasm_bytes: memory["wasm"].as_f64(),
    })
}

/// The app shell's files among a page's resources: wasm, JS, CSS, font.
fn is_shell(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    [".wasm", ".js", ".css", ".woff2", ".woff"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

// The table

fn kib(b: u64) -> String {
    format!("{:.1} KiB", b as f64 / 1024.0)
}

fn ms(t: f64) -> String {
    format!("{t:.0} ms")
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if !n.is_multiple_of(2) => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NAN, f64::max)
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One row: a label, a figure per column (with whether it is over budget), the budget.
type Row = (String, Vec<(String, bool)>, String);

fn table(columns: &[Column]) -> String {
    let largest = columns.iter().map(|c| c.articles).max().unwrap_or(0);
    // Budgets hold at 10,000 articles (the largest corpus), the shell's at any size.
    let at_largest = |c: &Column, over: bool| over && c.articles == largest;
    let row = |label: &str, budget: &str, cell: &dyn Fn(&Column) -> (String, bool)| -> Row {
        (
            label.to_string(),
            columns.iter().map(cell).collect(),
            budget.to_string(),
        )
    };
    let rows: Vec<Row> = vec![
        row("quotes / data shards", "", &|c| {
            (format!("{} / {}", thousands(c.quotes), c.shards), false)
        }),
        row(
            "shell: wasm + JS + CSS (gzip)",
            "≤ 200 KiB, any size",
            &|c| (kib(c.shell), c.shell > 200 * 1024),
        ),
        row(
            "first visit: page + resources (gzip)",
            "≤ 350 KiB at 10,000",
            &|c| {
                (
                    kib(c.first_visit),
                    at_largest(c, c.first_visit > 350 * 1024),
                )
            },
        ),
        row("  server sent: every file once", "", &|c| {
            (kib(c.served_once), false)
        }),
        row("  server sent: all, with the SW precache", "", &|c| {
            (kib(c.served_all), false)
        }),
        row(
            "overview rendered (from navigation)",
            "≤ 1.5 s at 10,000",
            &|c| (ms(c.overview_ms), at_largest(c, c.overview_ms > 1500.0)),
        ),
        row(
            "article page, first (directory + shard)",
            "≤ 300 ms at 10,000",
            &|c| (ms(c.article_ms), at_largest(c, c.article_ms > 300.0)),
        ),
        row(
            "article page, second (its shard)",
            "≤ 300 ms at 10,000",
            &|c| {
                (
                    format!(
                        "{}{}",
                        ms(c.article2_ms),
                        if c.article2_other_shard {
                            ""
                        } else {
                            " (same shard)"
                        }
                    ),
                    at_largest(c, c.article2_ms > 300.0),
                )
            },
        ),
        row("quotes page opened", "", &|c| (ms(c.quotes_ms), false)),
        row(
            "search keystroke, median / max",
            "≤ 50 ms over 50,000 quotes",
            &|c| {
                (
                    format!("{:.1} / {:.1} ms", median(&c.keys), max(&c.keys)),
                    at_largest(c, max(&c.keys) > 50.0),
                )
            },
        ),
        row("  … with the layout it causes", "", &|c| {
            (
                format!(
                    "{:.1} / {:.1} ms",
                    median(&c.keys_layout),
                    max(&c.keys_layout)
                ),
                false,
            )
        }),
        row(&format!("  quotes matching \"{QUERY}\""), "", &|c| {
            (c.matched.clone(), false)
        }),
        row("JS heap used (after the search, a GC)", "", &|c| {
            (
                c.heap_bytes
                    .map_or("n/a".into(), |b| format!("{:.1} MB", b / 1e6)),
                false,
            )
        }),
        row("wasm memory", "", &|c| {
            (
                c.wasm_bytes
                    .map_or("n/a".into(), |b| format!("{:.1} MB", b / 1e6)),
                false,
            )
        }),
    ];
    let headers: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                format!("{} (seeds)", thousands(c.articles))
            } else {
                thousands(c.articles)
            }
        })
        .collect();
    render(&headers, &rows)
}

/// Lays the rows out in columns: the label left, the figures right-aligned, the budget last.
fn render(headers: &[String], rows: &[Row]) -> String {
    let width = |s: &str| s.chars().count();
    let cell = |(s, over): &(String, bool)| if *over { format!("{s} *") } else { s.clone() };
    let label_w = rows
        .iter()
        .map(|r| width(&r.0))
        .max()
        .unwrap_or(0)
        .max(width("articles"));
    let col_w: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| width(&cell(&r.1[i])))
                .chain([width(&headers[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let pad = |s: &str, w: usize, right: bool| {
        let fill = " ".repeat(w.saturating_sub(width(s)));
        if right {
            format!("{fill}{s}")
        } else {
            format!("{s}{fill}")
        }
    };
    let line = |label: &str, cells: Vec<String>, budget: &str| {
        let mut out = pad(label, label_w, false);
        for (c, w) in cells.iter().zip(&col_w) {
            out.push_str("  ");
            out.push_str(&pad(c, *w, true));
        }
        format!("{out}  {budget}").trim_end().to_string()
    };
    let mut out = vec![line("articles", headers.to_vec(), "budget")];
    out.push("-".repeat(width(&out[0])));
    for (label, cells, budget) in rows {
        out.push(line(label, cells.iter().map(cell).collect(), budget));
    }
    out.join("\n")
}

// The server

/// Serves a site under [`PREFIX`] on 127.0.0.1, text files and the wasm gzip-compressed (for
/// clients that accept it), compressed beforehand; counts what it sends. Stops when dropped.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    /// Every response sent: the path and the bytes on the wire (head and body).
    log: Arc<Mutex<Vec<(String, u64)>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A site's files in memory: the raw bytes, and the gzip of those worth compressing.
struct Files {
    raw: HashMap<String, Arc<Vec<u8>>>,
    gzip: HashMap<String, Arc<Vec<u8>>>,
}

impl Files {
    fn load(root: &Path) -> Result<Files> {
        let mut paths = Vec::new();
        list(root, root, &mut paths)?;
        let mut raw = HashMap::new();
        for p in &paths {
            raw.insert(p.clone(), Arc::new(std::fs::read(root.join(p))?));
        }
        let todo: Vec<&String> = paths.iter().filter(|p| compressible(p)).collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunks: Vec<Vec<(String, Vec<u8>)>> = std::thread::scope(|s| {
            let handles: Vec<_> = todo
                .chunks(todo.len().div_ceil(threads).max(1))
                .map(|chunk| {
                    let raw = &raw;
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|p| ((*p).clone(), crate::site::gzip(&raw[*p])))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a compression thread"))
                .collect()
        });
        let gzip = chunks
            .into_iter()
            .flatten()
            .map(|(p, b)| (p, Arc::new(b)))
            .collect();
        Ok(Files { raw, gzip })
    }
}

fn list(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list(root, &path, out)?;
        } else {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    Ok(())
}

/// What GitHub Pages compresses: text, and the wasm; not PNG, fonts (WOFF2 is compressed) or PDF.
fn compressible(name: &str) -> bool {
    matches!(
        name.rsplit('.').next().unwrap_or(""),
        "html" | "js" | "css" | "json" | "svg" | "webmanifest" | "wasm" | "csv" | "txt"
    )
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The file a request path names under [`PREFIX`] (`…/` is its `index.html`); none outside it.
fn file_of(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next()?;
    let rest = path.strip_prefix(PREFIX)?;
    if rest.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    Some(if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    })
}

/// Whether a request's headers accept a gzip body.
fn accepts_gzip(headers: &[String]) -> bool {
    headers.iter().any(|h| {
        h.split_once(':').is_some_and(|(k, v)| {
            k.trim().eq_ignore_ascii_case("accept-encoding")
                && v.split(',').any(|e| {
                    e.split(';')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .eq_ignore_ascii_case("gzip")
                })
        })
    })
}

/// A response's head: GitHub Pages' caching (ten minutes), the encoding when gzip.
fn response_head(status: &str, kind: &str, len: usize, gzip: bool) -> String {
    let encoding = if gzip {
        "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n"
    } else {
        ""
    };
    format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len}\r\n{encoding}Cache-Control: max-age=600\r\n\r\n")
}

impl Server {
    fn start(root: &Path) -> Result<Server> {
        let files = Arc::new(Files::load(root)?);
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (stop_flag, log_all) = (stop.clone(), log.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let (files, log, stop) = (files.clone(), log_all.clone(), stop_flag.clone());
                    std::thread::spawn(move || serve_connection(stream, &files, &log, &stop));
                }
            }
        });
        Ok(Server {
            port,
            stop,
            log,
            thread: Some(thread),
        })
    }

    fn url(&self, rest: &str) -> String {
        format!("http://127.0.0.1:{}{PREFIX}{rest}", self.port)
    }

    /// Bytes sent so far: counting each file once, and in all.
    fn sent(&self) -> (u64, u64) {
        let log = self.log.lock().unwrap();
        let mut seen = HashSet::new();
        let once = log
            .iter()
            .filter(|(p, _)| seen.insert(p.as_str()))
            .map(|(_, b)| b)
            .sum();
        (once, log.iter().map(|(_, b)| b).sum())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wakes the accept loop
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Answers GET and HEAD requests on one keep-alive connection until the client closes it, it is
/// idle for 5 s, or the server stops.
fn serve_connection(
    stream: TcpStream,
    files: &Files,
    log: &Mutex<Vec<(String, u64)>>,
    stop: &AtomicBool,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    while !stop.load(Ordering::SeqCst) {
        let mut request = String::new();
        if reader.read_line(&mut request).map_or(true, |n| n == 0) {
            return;
        }
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).map_or(true, |n| n == 0) {
                return;
            }
            if h.trim().is_empty() {
                break;
            }
            headers.push(h);
        }
        let mut words = request.split_whitespace();
        let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
        let has_body = headers.iter().any(|h| {
            h.to_ascii_lowercase().starts_with("content-length:")
                && !h.trim().ends_with(": 0")
                && !h.trim().ends_with(":0")
        });
        if !matches!(method, "GET" | "HEAD") || has_body {
            let _ = stream.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        let name = file_of(target);
        let gz = accepts_gzip(&headers);
        let found = name.as_ref().and_then(|n| match (gz, files.gzip.get(n)) {
            (true, Some(b)) => Some((n, b.clone(), true)),
            _ => files.raw.get(n).map(|b| (n, b.clone(), false)),
        });
        let (head, body) = match &found {
            Some((n, body, gzip)) => (
                response_head("200 OK", content_type(n), body.len(), *gzip),
                Some(body),
            ),
            None => (response_head("404 Not Found", "text/plain", 0, false), None),
        };
        let body: &[u8] = if method == "HEAD" {
            &[]
        } else {
            body.map_or(&[][..], |b| b.as_slice())
        };
        if stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body))
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
        log.lock()
            .unwrap()
            .push((name.unwrap_or_default(), (head.len() + body.len()) as u64));
    }
}

// The browser

/// chromedriver on a free loopback port, in its own process group; dropping it ends the group
/// (chromedriver and every Chromium it started).
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Result<Driver> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("cannot start chromedriver ({e}): `cargo xtask setup` installs it")
            })?;
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match webdriver(port, "GET", "/status", None) {
                Ok(v) if v["ready"] == true => return Ok(driver),
                _ if Instant::now() > deadline => {
                    return Err("chromedriver did not become ready in 30 s".into())
                }
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pid = self.child.id();
        let group = |signal: &str| {
            // `--`: procps-ng reads `kill -TERM -1234` as `kill(-1, …)`; with it, exactly the group.
            let _ = Command::new("kill")
                .args(["-s", signal, "--", &format!("-{pid}")])
                .stderr(Stdio::null())
                .status();
        };
        group("TERM");
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && self.child.try_wait().ok().flatten().is_none() {
            std::thread::sleep(Duration::from_millis(50));
        }
        group("KILL");
        let _ = self.child.wait();
    }
}

/// A headless Chromium session with a fresh profile; dropping it closes the browser and removes
/// the profile.
struct Session<'a> {
    driver: &'a Driver,
    id: String,
    version: String,
    _profile: TempDir,
}

impl<'a> Session<'a> {
    fn new(driver: &'a Driver, work: &Path) -> Result<Session<'a>> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let profile = TempDir(work.join(format!("profile-{}", N.fetch_add(1, Ordering::SeqCst))));
        let _ = std::fs::remove_dir_all(&profile.0);
        std::fs::create_dir_all(&profile.0)?;
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,900", "--enable-precise-memory-info", "--js-flags=--expose-gc", format!("--user-data-dir={}", profile.0.display()),
                ],
            },
        } } });
        let v = webdriver(driver.port, "POST", "/session", Some(&caps))
            .map_err(|e| format!("cannot start a Chromium session: {e}"))?;
        let id = v["sessionId"]
            .as_str()
            .ok_or("chromedriver gave no session id")?
            .to_string();
        let version = v["capabilities"]["browserVersion"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        let session = Session {
            driver,
            id,
            version,
            _profile: profile,
        };
        session.cmd(
            "POST",
            "timeouts",
            json!({ "script": PAGE_TIMEOUT_MS + 10_000, "pageLoad": PAGE_TIMEOUT_MS }),
        )?;
        Ok(session)
    }

    fn cmd(&self, method: &str, rest: &str, body: Value) -> Result<Value> {
        webdriver(
            self.driver.port,
            method,
            &format!("/session/{}/{rest}", self.id),
            Some(&body),
        )
    }

    /// Navigates and waits for the page's load event.
    fn goto(&self, url: &str) -> Result<()> {
        self.cmd("POST", "url", json!({ "url": url })).map(drop)
    }

    fn js(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd(
            "POST",
            "execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// Runs a script that ends by calling its last argument with its result.
    fn js_async(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd(
            "POST",
            "execute/async",
            json!({ "script": script, "args": args }),
        )
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = webdriver(
            self.driver.port,
            "DELETE",
            &format!("/session/{}", self.id),
            None,
        );
    }
}

/// One WebDriver command over HTTP/1.1: its `value`, or an error with chromedriver's message.
fn webdriver(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_millis(PAGE_TIMEOUT_MS * 3)))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let (status, body) = read_response(&mut BufReader::new(stream))?;
    let mut v: Value = serde_json::from_slice(&body)
        .map_err(|e| format!("{method} {path}: HTTP {status}, not JSON ({e})"))?;
    let value = v["value"].take();
    if status != 200 {
        let what = value["error"].as_str().unwrap_or("error");
        let message = value["message"]
            .as_str()
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("");
        return Err(format!("{method} {path}: HTTP {status}, {what}: {message}").into());
    }
    Ok(value)
}

/// An HTTP/1.1 response: the status code and the body (by Content-Length, chunked, or to the end).
fn read_response(r: &mut impl BufRead) -> Result<(u16, Vec<u8>)> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not an HTTP response: {line:?}"))?;
    let (mut length, mut chunked) = (None, false);
    loop {
        let mut h = String::new();
        if r.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = v.trim().parse::<usize>().ok(),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                _ => {}
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            r.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| format!("a bad chunk size: {size:?}"))?;
            if n == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + n, 0);
            r.read_exact(&mut body[start..])?;
            let mut crlf = [0u8; 2];
            r.read_exact(&mut crlf)?;
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        r.read_exact(&mut body)?;
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok((status, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_new_index_replaces_the_old_one_in_the_page_and_the_worker() {
        let page = r#"<meta name="dyad-data" content="data/index-0123abcd.json"><meta name="dyad-built" content="2026-01-01">"#;
        let old = data_index_path(page).unwrap();
        assert_eq!(old, "data/index-0123abcd.json");
        let new = rename_index(page, old, "data/index-ffff0000.json").unwrap();
        assert_eq!(data_index_path(&new), Some("data/index-ffff0000.json"));
        let sw = "const PRECACHE = [\n  \"./\",\n  \"./data/index-0123abcd.json\"\n];";
        assert!(rename_index(sw, old, "data/index-ffff0000.json")
            .unwrap()
            .contains("\"./data/index-ffff0000.json\""));
        assert!(
            rename_index("no index here", old, "data/x.json").is_err(),
            "a file that does not name the old index is an error"
        );
        assert_eq!(data_index_path("<meta name=\"other\">"), None);
    }

    #[test]
    fn the_server_sends_gzip_to_whom_accepts_it_under_the_prefix_only() {
        assert_eq!(file_of("/dyad/"), Some("index.html".into()));
        assert_eq!(
            file_of("/dyad/index.html?x=1#/quotes"),
            Some("index.html".into())
        );
        assert_eq!(
            file_of("/dyad/data/index-1.json"),
            Some("data/index-1.json".into())
        );
        assert_eq!(file_of("/dyad/../secret"), None);
        assert_eq!(file_of("/other/index.html"), None);
        assert!(accepts_gzip(&[
            "Accept-Encoding: gzip, deflate, br, zstd\r\n".into()
        ]));
        assert!(accepts_gzip(&[
            "accept-encoding:br;q=1, gzip;q=0.5\r\n".into()
        ]));
        assert!(!accepts_gzip(&[
            "Accept-Encoding: br\r\n".into(),
            "X-Note: gzip\r\n".into()
        ]));
        for f in [
            "index.html",
            "dyad-1_bg.wasm",
            "dyad-1.js",
            "main.css",
            "data/catalog-2.json",
            "manifest.webmanifest",
        ] {
            assert!(compressible(f), "{f}");
        }
        for f in ["icon-192.png", "atkinson.woff2", "dyad-briefing.pdf"] {
            assert!(!compressible(f), "{f}");
        }
        let head = response_head("200 OK", "application/wasm", 1234, true);
        assert!(
            head.starts_with("HTTP/1.1 200 OK\r\n") && head.ends_with("\r\n\r\n"),
            "{head}"
        );
        assert!(
            head.contains("Content-Length: 1234\r\n")
                && head.contains("Content-Encoding: gzip\r\n"),
            "{head}"
        );
        assert!(
            !response_head("404 Not Found", "text/plain", 0, false).contains("Content-Encoding")
        );
        // The compressed body is what a browser inflates back.
        let text = b"{\"articles\": []}".repeat(100);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&crate::site::gzip(&text)[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn webdriver_responses_are_read_by_length_or_in_chunks() {
        let plain = b"HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Type: application/json\r\n\r\n{\"value\":42}\nextra";
        assert_eq!(
            read_response(&mut &plain[..]).unwrap(),
            (200, b"{\"value\":42}\n".to_vec())
        );
        let chunked = b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"val\r\n7\r\nue\":1}\n\r\n0\r\n\r\n";
        assert_eq!(
            read_response(&mut &chunked[..]).unwrap(),
            (404, b"{\"value\":1}\n".to_vec())
        );
    }

    #[test]
    fn the_table_lines_up_and_marks_what_is_over_budget() {
        let rows: Vec<Row> = vec![(
            "shell".into(),
            vec![("238.5 KiB".into(), true), ("1.0 KiB".into(), false)],
            "≤ 200 KiB".into(),
        )];
        let out = render(&["5 (seeds)".into(), "10,000".into()], &rows);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "articles    5 (seeds)   10,000  budget");
        assert_eq!(lines[2], "shell     238.5 KiB *  1.0 KiB  ≤ 200 KiB");
        assert_eq!(
            (median(&[3.0, 1.0, 2.0, 10.0]), max(&[3.0, 1.0])),
            (2.5, 3.0)
        );
        assert_eq!(
            (thousands(10_000), thousands(5), thousands(1_234_567)),
            ("10,000".into(), "5".into(), "1,234,567".into())
        );
    }
}
