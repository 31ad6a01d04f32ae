//! The site's data, loaded as it is needed: the index before the first page, the catalog,
//! the quotes and each shard when a page asks for them (see `dyad_model::layout`).
//!
//! A page asks with [`catalog`], [`quotes`] or [`shard`]: `Ok` when the file is loaded, or an
//! element to show instead (a loading note, or the error with a retry). A load that completes
//! bumps [`version`], and the app builds the current page again. Loaded files are kept for the
//! life of the page (leaked into `'static`), as the embedded bundle was before.
//!
//! Where the page carries a file inline (`<script type="application/json" data-dyad-path=…>`,
//! the single-file export) it is read from there, and nothing is fetched.

use crate::dom::{ec, t, El};
use dyad_digest::period::{summaries, Period};
use dyad_digest::quotes::{quote_rows, QuoteRow};
use dyad_model::layout::{parse_versioned, Catalog, Directory, Index, PairSummary, Quotes, Shard};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

enum Slot<T: 'static> {
    Loading,
    Ready(&'static T),
    Failed(String),
}

/// The value of a slot that has loaded.
fn ready<T>(slot: Option<&Slot<T>>) -> Option<&'static T> {
    match slot {
        Some(Slot::Ready(v)) => Some(*v),
        _ => None,
    }
}

#[derive(Default)]
struct State {
    directory: Option<Slot<Directory>>,
    catalog: Option<Slot<Catalog>>,
    quotes: Option<Slot<Quotes>>,
    shards: HashMap<u32, Option<Slot<Shard>>>,
    rows: Option<&'static [QuoteRow<'static>]>,
    summaries: HashMap<Period, &'static [PairSummary]>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
    static INDEX: RefCell<Option<(&'static Index, String)>> = const { RefCell::new(None) };
    /// Reference-counted, not owned by a reactive scope: a page built again disposes of the
    /// signals created while it was built, and this one must outlive every page.
    static VERSION: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// Bumped whenever a file finishes loading (or failing): the current page reads it to be
/// built again with what has arrived.
pub fn version() -> ArcRwSignal<u32> {
    VERSION.with(Clone::clone)
}

fn bump() {
    version().update(|v| *v += 1);
}

/// The index, loaded before the app mounts.
pub fn index() -> &'static Index {
    INDEX.with(|i| {
        i.borrow()
            .as_ref()
            .expect("the index is loaded before the app mounts")
            .0
    })
}

/// The folder of the data files (`data/`), from the index's path.
fn base() -> String {
    INDEX.with(|i| {
        i.borrow()
            .as_ref()
            .map(|(_, b)| b.clone())
            .unwrap_or_default()
    })
}

/// The index's path from the page: `<meta name="dyad-data" content="data/index-….json">`.
fn index_path() -> Result<String, String> {
    gloo::utils::document()
        .query_selector("meta[name=\"dyad-data\"]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .ok_or_else(|| "this page names no data (no <meta name=\"dyad-data\">): rebuild the site with `cargo xtask build`".to_string())
}

/// The build day, from `<meta name="dyad-built">`, if the page has it.
pub fn build_date() -> Option<String> {
    gloo::utils::document()
        .query_selector("meta[name=\"dyad-built\"]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
}

/// Loads and checks the index; the app mounts after this.
pub async fn load_index() -> Result<(), String> {
    let path = index_path()?;
    let text = fetch_text(&path).await?;
    let index: Index = parse_versioned("index", &text)?;
    let base = path
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| format!("{dir}/"));
    INDEX.with(|i| *i.borrow_mut() = Some((Box::leak(Box::new(index)), base)));
    Ok(())
}

/// A data file's text: inline in the page if it is there, else fetched.
pub async fn fetch_text(path: &str) -> Result<String, String> {
    let doc = gloo::utils::document();
    if let Some(script) = doc
        .query_selector(&format!("script[data-dyad-path=\"{path}\"]"))
        .ok()
        .flatten()
    {
        // The single file escapes `</` inside the JSON as `<\/`, which JSON reads as `</`.
        return Ok(script.text_content().unwrap_or_default());
    }
    let window = gloo::utils::window();
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| {
            format!("{path} could not be fetched (offline, or the server is unreachable)")
        })?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{path}: not a response"))?;
    if !response.ok() {
        return Err(format!(
            "{path} could not be loaded: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = response
        .text()
        .map_err(|_| format!("{path}: unreadable body"))?;
    let text = JsFuture::from(text)
        .await
        .map_err(|_| format!("{path}: the download broke off"))?;
    text.as_string().ok_or_else(|| format!("{path}: not text"))
}

/// Fetches and parses one data file, and checks that it belongs to this index's build.
async fn load<T: serde::de::DeserializeOwned + 'static>(
    what: &str,
    path: String,
    digest_of: fn(&T) -> &str,
) -> Result<&'static T, String> {
    let text = fetch_text(&data_url(&path)).await?;
    let value: T = parse_versioned(what, &text)?;
    let expected = &index().build.input_digest;
    if digest_of(&value) != expected {
        return Err(format!(
            "the {what} ({path}) belongs to another build than this page's index: reload the page"
        ));
    }
    Ok(Box::leak(Box::new(value)))
}

/// Starts loading a slot once; the page is built again when it settles.
fn poll<T: 'static>(
    slot: impl Fn(&mut State) -> &mut Option<Slot<T>> + 'static,
    start: impl std::future::Future<Output = Result<&'static T, String>> + 'static,
) -> Result<&'static T, El> {
    let now = STATE.with(|s| match slot(&mut s.borrow_mut()) {
        Some(Slot::Ready(v)) => Ok(Some(*v)),
        Some(Slot::Loading) => Ok(None),
        Some(Slot::Failed(e)) => Err(e.clone()),
        None => Err(String::new()),
    });
    match now {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(loading()),
        Err(e) if !e.is_empty() => Err(failure(&e)),
        Err(_) => {
            STATE.with(|s| *slot(&mut s.borrow_mut()) = Some(Slot::Loading));
            wasm_bindgen_futures::spawn_local(async move {
                let settled = match start.await {
                    Ok(v) => Slot::Ready(v),
                    Err(e) => Slot::Failed(e),
                };
                STATE.with(|s| *slot(&mut s.borrow_mut()) = Some(settled));
                bump();
            });
            Err(loading())
        }
    }
}

/// Which shard holds each article: what an article page needs before its shard.
pub fn directory() -> Result<&'static Directory, El> {
    let path = index().files.directory.path.clone();
    poll(
        |s| &mut s.directory,
        load("article directory", path, |d: &Directory| &d.input_digest),
    )
}

pub fn catalog() -> Result<&'static Catalog, El> {
    let path = index().files.catalog.path.clone();
    poll(
        |s| &mut s.catalog,
        load("catalog", path, |c: &Catalog| &c.input_digest),
    )
}

pub fn quotes() -> Result<&'static Quotes, El> {
    let path = index().files.quotes.path.clone();
    poll(
        |s| &mut s.quotes,
        load("quotes", path, |q: &Quotes| &q.input_digest),
    )
}

/// Shard `k`, checked against the index's count of its articles.
async fn fetch_shard(k: u32) -> Result<&'static Shard, String> {
    let entry = index().files.shards.get(k as usize).ok_or_else(|| format!("the index has no shard {k}: the article directory and the index disagree; reload the page"))?;
    let (path, count) = (entry.path.clone(), entry.articles as usize);
    let s: &'static Shard = load("shard", path.clone(), |s: &Shard| &s.input_digest).await?;
    if s.articles.len() != count {
        return Err(format!(
            "the shard {path} holds {} articles where the index says {count}: reload the page",
            s.articles.len()
        ));
    }
    Ok(s)
}

pub fn shard(k: u32) -> Result<&'static Shard, El> {
    poll(move |s| s.shards.entry(k).or_insert(None), fetch_shard(k))
}

/// Every quote as the explorer lists it, computed once both files are in.
pub fn rows() -> Result<&'static [QuoteRow<'static>], El> {
    if let Some(r) = STATE.with(|s| s.borrow().rows) {
        return Ok(r);
    }
    let (catalog, quotes) = both(catalog(), quotes())?;
    let rows: &'static [QuoteRow<'static>] =
        Box::leak(quote_rows(catalog, &quotes.quotes, &index().focus_pairs).into_boxed_slice());
    STATE.with(|s| s.borrow_mut().rows = Some(rows));
    Ok(rows)
}

/// The pairs' judgements over a period: the index's for the whole corpus, recomputed from the
/// catalog and the quotes for any other period.
pub fn summaries_in(period: &Period) -> Result<&'static [PairSummary], El> {
    if period.is_all() {
        return Ok(&index().pairs);
    }
    if let Some(s) = STATE.with(|s| s.borrow().summaries.get(period).copied()) {
        return Ok(s);
    }
    let (catalog, quotes) = both(catalog(), quotes())?;
    let ix = index();
    let s: &'static [PairSummary] = Box::leak(
        summaries(
            &ix.focus_pairs,
            &ix.codebook.thresholds,
            catalog,
            &quotes.quotes,
            period,
        )
        .into_boxed_slice(),
    );
    STATE.with(|st| st.borrow_mut().summaries.insert(*period, s));
    Ok(s)
}

/// Both loads, or the first one's note (both are started either way).
pub fn both<A, B>(a: Result<A, El>, b: Result<B, El>) -> Result<(A, B), El> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Forgets every failed load and builds the page again, which loads them anew.
pub fn retry() {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        if matches!(s.directory, Some(Slot::Failed(_))) {
            s.directory = None;
        }
        if matches!(s.catalog, Some(Slot::Failed(_))) {
            s.catalog = None;
        }
        if matches!(s.quotes, Some(Slot::Failed(_))) {
            s.quotes = None;
        }
        s.shards.retain(|_, v| !matches!(v, Some(Slot::Failed(_))));
    });
    bump();
}

fn loading() -> El {
    ec("p", "data-loading")
        .attr("role", "status")
        .text("Loading the data for this page…")
}

/// What the page shows when a file did not load: what happened, and a retry.
pub fn failure(message: &str) -> El {
    ec("div", "data-error")
        .attr("role", "alert")
        .child(t("h2", "This part of the data did not load"))
        .child(t("p", message))
        .child(
            ec("button", "retry")
                .attr("type", "button")
                .id("data-retry")
                .text("Try again")
                .on("click", |_| retry()),
        )
}

/// A data file's address, relative to the page.
pub fn data_url(path: &str) -> String {
    format!("{}{path}", base())
}

/// The catalog for event handlers (a download), awaited where it is needed.
pub async fn load_catalog() -> Result<&'static Catalog, String> {
    if let Some(c) = STATE.with(|s| ready(s.borrow().catalog.as_ref())) {
        return Ok(c);
    }
    let c = load(
        "catalog",
        index().files.catalog.path.clone(),
        |c: &Catalog| &c.input_digest,
    )
    .await?;
    STATE.with(|s| s.borrow_mut().catalog = Some(Slot::Ready(c)));
    Ok(c)
}

/// Fetches every data file the index names (the service worker keeps each as it passes), one
/// after the other; `progress(done_bytes, total_bytes)` after each. Stops at the first failure.
pub async fn keep_all(progress: impl Fn(u64, u64)) -> Result<(), String> {
    let files = &index().files;
    let mut list: Vec<(&str, u64)> = vec![
        (&files.directory.path, files.directory.bytes),
        (&files.catalog.path, files.catalog.bytes),
        (&files.quotes.path, files.quotes.bytes),
    ];
    list.extend(files.shards.iter().map(|s| (s.path.as_str(), s.bytes)));
    let total: u64 = list.iter().map(|(_, b)| b).sum();
    let mut done = 0;
    progress(0, total);
    for (path, bytes) in list {
        fetch_text(&data_url(path)).await?;
        done += bytes;
        progress(done, total);
    }
    Ok(())
}

/// Shard `k` if it is loaded already.
pub fn loaded_shard(k: u32) -> Option<&'static Shard> {
    STATE.with(|st| ready(st.borrow().shards.get(&k).and_then(Option::as_ref)))
}

/// A shard for event handlers (a timeline mark's evidence): awaited where it is needed
/// instead of building the page again.
pub async fn load_shard(k: u32) -> Result<&'static Shard, String> {
    if let Some(s) = loaded_shard(k) {
        return Ok(s);
    }
    let s = fetch_shard(k).await?;
    STATE.with(|st| st.borrow_mut().shards.insert(k, Some(Slot::Ready(s))));
    Ok(s)
}
