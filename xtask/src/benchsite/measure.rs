//! The measurements on one site in headless Chromium, and the scripts that take them.

use super::*;

/// One corpus size's figures.
pub(super) struct Column {
    pub(super) articles: usize,
    pub(super) quotes: usize,
    pub(super) shards: usize,
    pub(super) browser: String,
    /// Resource Timing: the navigation's and every resource's transfer size (or encoded size when
    /// the service worker served it from its precache); the shell's part.
    pub(super) first_visit: u64,
    pub(super) shell: u64,
    /// What the server sent by the time the service worker was ready: every file once; everything.
    pub(super) served_once: u64,
    pub(super) served_all: u64,
    pub(super) overview_ms: f64,
    /// The first article page (catalog and shard not loaded yet), the second (another shard, when
    /// there is one).
    pub(super) article_ms: f64,
    pub(super) article2_ms: f64,
    pub(super) article2_other_shard: bool,
    pub(super) quotes_ms: f64,
    /// Per keystroke: the input handler; the handler and the layout it causes.
    pub(super) keys: Vec<f64>,
    pub(super) keys_layout: Vec<f64>,
    pub(super) matched: String,
    pub(super) heap_bytes: Option<f64>,
    pub(super) wasm_bytes: Option<f64>,
}

/// Run in every new document before the page's own scripts: `__dyadWait(ready)` resolves at the
/// first animation frame after `ready()` holds (checked on every DOM change); the overview's
/// readiness is watched from the start; the wasm's exports are kept for its memory.
pub(super) const PRELUDE: &str = r#"(() => {
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
pub(super) const OVERVIEW: &str = r#"const done = arguments[arguments.length - 1];
if (!window.__dyadBench) { done({ error: "the prelude did not run in this page" }); return; }
window.__dyadBench.overview.then(done);"#;

/// Sets the hash (arguments[0]) and resolves when `arguments[1]` is ready and `arguments[2]`
/// (when given) is absent: the time in ms since the hash was set.
pub(super) const GO: &str = r#"const [hash, css, gone, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
pub(super) const t0 = performance.now();
location.hash = hash;
window.__dyadWait(() => { const s = window.__dyadState(css); return s === "ready" && gone && document.querySelector(gone) ? false : s; }, TIMEOUT)
  .then((r) => done({ ms: r.at - t0, what: r.what }), (e) => done({ error: String(e) + " waiting for " + css + " after " + hash }));"#;

/// Once the service worker is ready (it has precached), the transfer sizes of the visit so far.
pub(super) const TRANSFERS: &str = r#"const done = arguments[arguments.length - 1];
pub(super) const sw = navigator.serviceWorker
  ? Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), TIMEOUT))])
  : Promise.resolve(false);
Promise.all([sw, document.fonts.ready]).then(([ready]) => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource").map((e) => ({ name: e.name, transfer: e.transferSize, body: e.encodedBodySize, cache: e.deliveryType === "cache" }));
  done({ sw: ready, navigation: nav ? nav.transferSize : 0, resources });
});"#;

/// Types `arguments[0]` into the quote search one character at a time; each `input` event is
/// handled synchronously, so its time is measured around the dispatch (and then with the layout).
pub(super) const TYPE: &str = r#"const input = document.getElementById("quote-search");
pub(super) const handler = [], layout = [];
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
pub(super) const count = document.querySelector(".result-count");
return { handler, layout, count: count ? count.textContent : "" };"#;

pub(super) const MEMORY: &str = r#"if (window.gc) window.gc();
pub(super) const m = performance.memory, w = window.__dyadBench && window.__dyadBench.wasm;
return { heap: m ? m.usedJSHeapSize : null, wasm: w && w.memory ? w.memory.buffer.byteLength : null };"#;

pub(super) fn script(js: &str) -> String {
    js.replace("TIMEOUT", &PAGE_TIMEOUT_MS.to_string())
}

/// Every measurement on one site, in a fresh browser profile.
pub(super) fn measure(driver: &Driver, site: &Path, work: &Path) -> Result<Column> {
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
pub(super) fn is_shell(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    [".wasm", ".js", ".css", ".woff2", ".woff"]
        .iter()
        .any(|ext| path.ends_with(ext))
}
