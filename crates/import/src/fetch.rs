//! `dyad-corpus import --feeds feeds.toml`: fetches each listed feed (https, a timeout, a size
//! limit, a polite user agent, `If-Modified-Since`/`If-None-Match` from the last run), imports
//! its full-text items, and for a summary-only item fetches the article's page and extracts it.
//!
//! The feeds file:
//!
//! ```toml
//! # all optional: the defaults shown
//! timeout_secs = 20        # per request, connection to last byte
//! max_bytes = 5_000_000    # the largest feed or page read
//! max_items = 50           # items read per feed, newest first as the feed lists them
//! pause_ms = 500           # between two requests to the same site
//!
//! [[feed]]
//! url = "https://www.example.com/feed/"
//! source = "Example Times" # optional: the outlet's name, instead of the feed's title
//! ```
//!
//! What the servers said last (`Last-Modified`, `ETag`) is kept beside the feeds file in
//! `<name>.state.json`, so the next run asks only for what changed, with the pages `--filter`
//! left out, so they are not fetched again while their feed lists them.

use crate::{feed, page, store::Store, take, Options, Outcome, Report};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const USER_AGENT: &str = concat!(
    "dyad-import/",
    env!("CARGO_PKG_VERSION"),
    " (one analyst's news reader; fetches each feed at most daily and honours If-Modified-Since)"
);

/// The feeds file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedsFile {
    #[serde(default = "default_timeout")]
    pub timeout_secs: f64,
    #[serde(default = "default_max_bytes")]
    pub max_bytes: u64,
    #[serde(default = "default_max_items")]
    pub max_items: usize,
    #[serde(default = "default_pause")]
    pub pause_ms: u64,
    #[serde(default, rename = "feed")]
    pub feeds: Vec<FeedDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedDef {
    pub url: String,
    pub source: Option<String>,
}

fn default_timeout() -> f64 {
    20.0
}
fn default_max_bytes() -> u64 {
    5_000_000
}
fn default_max_items() -> usize {
    50
}
fn default_pause() -> u64 {
    500
}

impl FeedsFile {
    pub fn parse(text: &str) -> Result<FeedsFile, String> {
        let f: FeedsFile = toml::from_str(text).map_err(|e| e.to_string())?;
        if !(f.timeout_secs > 0.0 && f.timeout_secs <= 600.0) {
            return Err("`timeout_secs` must be above 0 and at most 600".to_string());
        }
        Ok(f)
    }
}

/// What a server said about a feed the last time.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
}

/// What the last run knew of a feed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct FeedState {
    #[serde(flatten)]
    pub validators: Validators,
    /// Pages of summary-only items fetched and left out by `--filter`: not fetched again while
    /// the feed lists them (a general feed would otherwise cost a page per item every day).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filtered: Vec<String>,
}

/// The state file of a feeds file: `feeds.toml` → `feeds.state.json`.
pub fn state_path(feeds_file: &Path) -> PathBuf {
    feeds_file.with_extension("state.json")
}

/// A fetched response.
pub enum Fetched {
    Body {
        bytes: Vec<u8>,
        /// The address after redirects.
        url: String,
        content_type: Option<String>,
        validators: Validators,
    },
    NotModified,
}

/// HTTP with the feeds file's limits.
pub struct Client {
    agent: ureq::Agent,
    /// Plain `http` is allowed to this machine only (tests, a local mirror).
    agent_loopback: ureq::Agent,
    max_bytes: u64,
    timeout: Duration,
}

impl Client {
    pub fn new(timeout: Duration, max_bytes: u64) -> Client {
        let agent = |https_only: bool| -> ureq::Agent {
            ureq::Agent::config_builder()
                .timeout_global(Some(timeout))
                .max_redirects(5)
                .https_only(https_only)
                .http_status_as_error(false)
                .user_agent(USER_AGENT)
                .build()
                .into()
        };
        Client {
            agent: agent(true),
            agent_loopback: agent(false),
            max_bytes,
            timeout,
        }
    }

    /// GETs `url`, conditionally when `since` holds what the server said last time.
    pub fn get(&self, url: &str, since: Option<&Validators>) -> Result<Fetched, String> {
        let parsed = url::Url::parse(url).map_err(|e| format!("not an address ({e})"))?;
        let loopback = match parsed.host() {
            Some(url::Host::Domain(d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        if parsed.scheme() != "https" && !(loopback && parsed.scheme() == "http") {
            return Err(format!("only https addresses are fetched (not `{url}`)"));
        }
        let agent = if loopback {
            &self.agent_loopback
        } else {
            &self.agent
        };
        let mut req = agent.get(url);
        if let Some(v) = since {
            if let Some(lm) = &v.last_modified {
                req = req.header("If-Modified-Since", lm);
            }
            if let Some(e) = &v.etag {
                req = req.header("If-None-Match", e);
            }
        }
        let mut resp = req.call().map_err(|e| self.explain(e))?;
        let status = resp.status().as_u16();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(format!("the server answered HTTP {status}"));
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            last_modified: header("last-modified"),
            etag: header("etag"),
        };
        if header("content-length")
            .and_then(|n| n.parse::<u64>().ok())
            .is_some_and(|n| n > self.max_bytes)
        {
            return Err(self.too_large());
        }
        use ureq::ResponseExt;
        let final_url = resp.get_uri().to_string();
        let content_type = header("content-type");
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| self.explain(e))?;
        Ok(Fetched::Body {
            bytes,
            url: final_url,
            content_type,
            validators,
        })
    }

    fn too_large(&self) -> String {
        format!(
            "the response is over {} bytes (`max_bytes` in the feeds file)",
            self.max_bytes
        )
    }

    fn explain(&self, e: ureq::Error) -> String {
        match e {
            ureq::Error::Timeout(_) => format!(
                "no complete answer within {:.1} s (`timeout_secs` in the feeds file)",
                self.timeout.as_secs_f64()
            ),
            ureq::Error::BodyExceedsLimit(_) => self.too_large(),
            ureq::Error::TooManyRedirects => "more than 5 redirects".to_string(),
            ureq::Error::RequireHttpsOnly(u) => {
                format!("redirected to `{u}`, which is not https")
            }
            e => e.to_string(),
        }
    }
}

/// Imports the feeds of a feeds file into `into`.
pub fn import_feeds(feeds_file: &Path, into: &Path, opts: &Options) -> Result<Report, String> {
    let text = std::fs::read_to_string(feeds_file)
        .map_err(|e| format!("cannot read {}: {e}", feeds_file.display()))?;
    let config = FeedsFile::parse(&text).map_err(|e| format!("{}: {e}", feeds_file.display()))?;
    let state_file = state_path(feeds_file);
    let mut state: BTreeMap<String, FeedState> = match std::fs::read_to_string(&state_file) {
        Ok(s) => serde_json::from_str(&s).unwrap_or_default(),
        Err(_) => BTreeMap::new(),
    };
    let client = Client::new(
        Duration::from_secs_f64(config.timeout_secs),
        config.max_bytes,
    );
    let pause = Duration::from_millis(config.pause_ms);
    let mut store = Store::open(into)?;
    let mut report = Report::default();
    for def in &config.feeds {
        let origin = def.url.clone();
        let before = state.get(&def.url).cloned().unwrap_or_default();
        let mut filtered = Vec::new();
        let (bytes, base, validators) = match client.get(&def.url, Some(&before.validators)) {
            Ok(Fetched::NotModified) => {
                report.outcomes.push(Outcome::NotModified { origin });
                continue;
            }
            Ok(Fetched::Body {
                bytes,
                url,
                validators,
                ..
            }) => (bytes, url, validators),
            Err(reason) => {
                report.outcomes.push(Outcome::Failed { origin, reason });
                continue;
            }
        };
        let items = match feed::items(&bytes, &origin, Some(&base), def.source.as_deref()) {
            Ok(items) => items,
            Err(reason) => {
                report.outcomes.push(Outcome::Failed { origin, reason });
                continue;
            }
        };
        let failures_before = report.failures();
        for item in items.into_iter().take(config.max_items) {
            match item {
                feed::Item::Full(d) => take(&mut store, d, opts, &mut report),
                feed::Item::Failed { origin, reason } => {
                    report.outcomes.push(Outcome::Failed { origin, reason })
                }
                feed::Item::SummaryOnly { draft, link } => {
                    // Known already: not fetched again.
                    if let Some(of) = store.duplicate(&draft).filter(|_| draft.url.is_some()) {
                        report.outcomes.push(Outcome::Duplicate {
                            origin: draft.origin,
                            of,
                        });
                        continue;
                    }
                    let Some(link) = link else {
                        report.outcomes.push(Outcome::Failed {
                            origin: draft.origin,
                            reason: "summary only, and no link to the article".to_string(),
                        });
                        continue;
                    };
                    if opts.filter.is_some() && before.filtered.contains(&link) {
                        report.outcomes.push(Outcome::Filtered {
                            origin: format!("{} (on an earlier run)", draft.origin),
                        });
                        filtered.push(link);
                        continue;
                    }
                    std::thread::sleep(pause);
                    match fetch_page(&client, &link, &draft, def.source.as_deref()) {
                        Ok(d) => {
                            take(&mut store, d, opts, &mut report);
                            if matches!(report.outcomes.last(), Some(Outcome::Filtered { .. })) {
                                filtered.push(link);
                            }
                        }
                        Err(_) if opts.summaries => take(&mut store, draft, opts, &mut report),
                        Err(reason) => report.outcomes.push(Outcome::Failed {
                            origin: format!("{} (page {link})", draft.origin),
                            reason,
                        }),
                    }
                }
            }
        }
        // A feed with an item that failed (a page that timed out…) is asked for whole next
        // time: with its validators kept, the server would answer 304 and the item be lost.
        if !opts.dry_run {
            let validators = if report.failures() == failures_before {
                validators
            } else {
                Validators::default()
            };
            state.insert(
                def.url.clone(),
                FeedState {
                    validators,
                    filtered,
                },
            );
        }
    }
    if !opts.dry_run && !config.feeds.is_empty() {
        let json = serde_json::to_string_pretty(&state).expect("plain strings");
        std::fs::write(&state_file, json + "\n")
            .map_err(|e| format!("cannot write {}: {e}", state_file.display()))?;
    }
    Ok(report)
}

/// A summary-only item's article page, its gaps filled from the feed item.
fn fetch_page(
    client: &Client,
    link: &str,
    item: &crate::Draft,
    source: Option<&str>,
) -> Result<crate::Draft, String> {
    let Fetched::Body {
        bytes,
        url,
        content_type,
        ..
    } = client.get(link, None)?
    else {
        return Err("the server answered 304 to an unconditional request".to_string());
    };
    let html = crate::text::decode_html(bytes, content_type.as_deref())?;
    let mut d = page::extract(&html, &item.origin, Some(&url))?;
    if let Some(s) = source {
        d.source = s.to_string();
    }
    if d.date.is_none() && item.date.is_some() {
        d.date = item.date.clone();
        d.warnings.retain(|w| !w.contains("date"));
    }
    if d.url.is_none() {
        d.url = item.url.clone();
    }
    Ok(d)
}
