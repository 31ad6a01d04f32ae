//! The feed import end to end against a local HTTP server: fixture feeds and pages, a
//! redirect, 404s, a server too slow for the timeout, a response over the size limit, and
//! `If-Modified-Since`/`If-None-Match` on the second run.

mod common;

use common::{articles, body, field, fixtures};
use dyad_import::fetch::{import_feeds, state_path, USER_AGENT};
use dyad_import::{Options, Outcome};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const LAST_MODIFIED: &str = "Wed, 13 Mar 2024 09:12:03 GMT";
const ETAG: &str = "\"atom-v1\"";

/// One request as the server saw it: path and headers (lower-cased names).
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Serves the fixtures on 127.0.0.1 (at most 100 connections, then the thread ends).
fn serve() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (b, s) = (base.clone(), seen.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(100).flatten() {
            let (b, s) = (b.clone(), s.clone());
            std::thread::spawn(move || answer(stream, &b, &s));
        }
    });
    (base, seen)
}

fn answer(mut stream: TcpStream, base: &str, seen: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let req = Seen {
        path: path.clone(),
        headers,
    };
    seen.lock().unwrap().push(req.clone());
    let fixture = |p: &str| std::fs::read_to_string(fixtures().join(p)).unwrap();
    let ok = |ctype: &str, body: String, extra: &str| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let not_found =
        "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"
            .to_string();
    let response = match path.as_str() {
        "/feeds/khmer-daily.rss" if req.header("if-modified-since") == Some(LAST_MODIFIED) => {
            "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_string()
        }
        "/feeds/khmer-daily.rss" => ok(
            "application/rss+xml",
            fixture("feeds/khmer-daily-full.rss"),
            &format!("Last-Modified: {LAST_MODIFIED}\r\n"),
        ),
        "/old/asia-ledger.atom" => {
            "HTTP/1.1 301 Moved Permanently\r\nLocation: /feeds/asia-ledger.atom\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
        }
        "/feeds/asia-ledger.atom" if req.header("if-none-match") == Some(ETAG) => {
            "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_string()
        }
        "/feeds/asia-ledger.atom" => ok(
            "application/atom+xml",
            fixture("feeds/asia-ledger.atom"),
            &format!("ETag: {ETAG}\r\n"),
        ),
        "/feeds/mekong-wire.rss" => ok(
            "application/rss+xml",
            fixture("feeds/mekong-wire-summary.rss").replace("https://www.mekongwire.example", base),
            "Last-Modified: Thu, 20 Jun 2024 05:00:00 GMT\r\n",
        ),
        "/world/asia-pacific/cambodian-deminers-train-ukrainians-2024-06-20/" => {
            ok("text/html; charset=utf-8", fixture("pages/mekong-wire-demining.html"), "")
        }
        "/feeds/slow.rss" => {
            std::thread::sleep(Duration::from_secs(3));
            ok("application/rss+xml", fixture("feeds/asia-ledger.atom"), "")
        }
        "/feeds/huge.rss" => {
            // No Content-Length: the limit must hold while reading, not only on the header.
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n<rss>");
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..40 {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
            }
            return;
        }
        _ => not_found,
    };
    let _ = stream.write_all(response.as_bytes());
}

fn feeds_file(dir: &std::path::Path, base: &str) -> std::path::PathBuf {
    let path = dir.join("feeds.toml");
    let feeds = [
        "/feeds/khmer-daily.rss",
        "/old/asia-ledger.atom",
        "/feeds/mekong-wire.rss",
        "/feeds/missing.rss",
        "/feeds/slow.rss",
        "/feeds/huge.rss",
    ];
    let mut text = "timeout_secs = 1\nmax_bytes = 1_000_000\npause_ms = 0\n".to_string();
    for f in feeds {
        text.push_str(&format!("\n[[feed]]\nurl = \"{base}{f}\"\n"));
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn feeds_are_fetched_imported_and_asked_again_only_for_changes() {
    let (base, seen) = serve();
    let dir = tempfile::tempdir().unwrap();
    let feeds = feeds_file(dir.path(), &base);
    let into = dir.path().join("seeds");

    let r = import_feeds(&feeds, &into, &Options::default()).unwrap();
    let lines: Vec<String> = r.outcomes.iter().map(|o| o.to_string()).collect();
    let names: Vec<String> = articles(&into).into_iter().map(|(n, _)| n).collect();
    // 3 RSS items, 2 Atom entries (after the redirect), 1 page fetched for a summary-only item.
    assert_eq!(names.len(), 6, "{lines:#?}");
    let has = |want: &str| {
        assert!(
            lines.iter().any(|l| l.contains(want)),
            "no line with {want:?} in {lines:#?}"
        )
    };
    has(&format!(
        "cannot import {base}/feeds/missing.rss: the server answered HTTP 404"
    ));
    has(&format!(
        "cannot import {base}/feeds/slow.rss: no complete answer within 1.0 s"
    ));
    has(&format!(
        "cannot import {base}/feeds/huge.rss: the response is over 1000000 bytes"
    ));
    // The second summary-only item's page is missing.
    has(&format!(
        "(page {base}/markets/thai-baht-slips-2024-06-20/): the server answered HTTP 404"
    ));
    assert_eq!(r.failures(), 4, "{lines:#?}");

    // The summary-only item, from its fetched page: the page's text and metadata.
    let (_, demining) = articles(&into)
        .into_iter()
        .find(|(n, _)| n.starts_with("2024-06-20_cambodian-deminers"))
        .expect("the fetched page");
    assert_eq!(field(&demining, "source"), "Mekong Wire");
    assert_eq!(
        field(&demining, "url"),
        format!("{base}/world/asia-pacific/cambodian-deminers-train-ukrainians-2024-06-20/")
    );
    let want = std::fs::read_to_string(fixtures().join("pages/mekong-wire-demining.expected.txt"))
        .unwrap();
    assert_eq!(body(&demining), want);

    let requests = seen.lock().unwrap().clone();
    assert!(
        requests
            .iter()
            .all(|r| r.header("user-agent") == Some(USER_AGENT)),
        "{requests:#?}"
    );
    assert!(
        requests.iter().any(|r| r.path == "/feeds/asia-ledger.atom"),
        "the redirect was followed"
    );
    let state = std::fs::read_to_string(state_path(&feeds)).unwrap();
    assert!(
        state.contains(LAST_MODIFIED) && state.contains("atom-v1"),
        "{state}"
    );
    // One of its items failed (a 404 page): that feed is asked for whole next time.
    assert!(!state.contains("20 Jun 2024"), "{state}");

    // The second run: the feeds that said when they changed answer 304; the known
    // summary-only item is not fetched again; nothing is written.
    seen.lock().unwrap().clear();
    let r = import_feeds(&feeds, &into, &Options::default()).unwrap();
    assert!(r.written().is_empty(), "{:#?}", r.outcomes);
    assert_eq!(articles(&into).len(), 6);
    let not_modified = r
        .outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::NotModified { .. }))
        .count();
    assert_eq!(not_modified, 2, "{:#?}", r.outcomes);
    let requests = seen.lock().unwrap().clone();
    let rss = requests
        .iter()
        .find(|r| r.path == "/feeds/khmer-daily.rss")
        .unwrap();
    assert_eq!(rss.header("if-modified-since"), Some(LAST_MODIFIED));
    assert!(
        !requests.iter().any(|r| r.path.starts_with("/world/")),
        "{requests:#?}"
    );
    let wire = requests
        .iter()
        .find(|r| r.path == "/feeds/mekong-wire.rss")
        .unwrap();
    assert_eq!(wire.header("if-modified-since"), None);
}

#[test]
fn a_dry_run_fetches_but_writes_neither_articles_nor_state() {
    let (base, _) = serve();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feeds.toml");
    std::fs::write(
        &path,
        format!(
            "pause_ms = 0\n[[feed]]\nurl = \"{base}/feeds/khmer-daily.rss\"\nsource = \"KD\"\n"
        ),
    )
    .unwrap();
    let into = dir.path().join("seeds");
    let r = import_feeds(
        &path,
        &into,
        &Options {
            dry_run: true,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(r.written().len(), 3, "{:#?}", r.outcomes);
    assert!(matches!(&r.outcomes[0], Outcome::WouldWrite { draft, .. } if draft.source == "KD"));
    assert!(!into.exists());
    assert!(!state_path(&path).exists());
}

#[test]
fn plain_http_is_refused_beyond_this_machine_and_bad_feeds_files_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feeds.toml");
    std::fs::write(
        &path,
        "pause_ms = 0\n[[feed]]\nurl = \"http://news.example/feed\"\n",
    )
    .unwrap();
    let r = import_feeds(&path, &dir.path().join("seeds"), &Options::default()).unwrap();
    assert!(
        r.outcomes[0]
            .to_string()
            .contains("only https addresses are fetched"),
        "{}",
        r.outcomes[0]
    );
    std::fs::write(&path, "[[feed]]\nadress = \"https://news.example/feed\"\n").unwrap();
    let err = import_feeds(&path, &dir.path().join("seeds"), &Options::default()).unwrap_err();
    assert!(
        err.contains("feeds.toml") && err.contains("adress"),
        "{err}"
    );
}

#[test]
fn the_example_feeds_file_parses_with_https_addresses() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("feeds.example.toml");
    let f = dyad_import::fetch::FeedsFile::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(!f.feeds.is_empty());
    assert!(f.feeds.iter().all(|d| d.url.starts_with("https://")));
    assert_eq!(
        (f.timeout_secs, f.max_bytes, f.max_items, f.pause_ms),
        (20.0, 5_000_000, 50, 500)
    );
}

#[test]
fn with_summaries_an_item_whose_page_is_missing_keeps_its_summary() {
    let (base, _) = serve();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feeds.toml");
    std::fs::write(
        &path,
        format!("pause_ms = 0\n[[feed]]\nurl = \"{base}/feeds/mekong-wire.rss\"\n"),
    )
    .unwrap();
    let into = dir.path().join("seeds");
    let opts = Options {
        summaries: true,
        ..Options::default()
    };
    let r = import_feeds(&path, &into, &opts).unwrap();
    assert_eq!(r.written().len(), 2, "{:#?}", r.outcomes);
    let files = articles(&into);
    // The first item from its page (five paragraphs); the second, whose page is a 404, from
    // the feed's summary.
    assert_eq!(body(&files[0].1).split("\n\n").count(), 5);
    assert_eq!(
        field(&files[1].1, "title"),
        "Thai baht slips as exporters wait on tariff talks"
    );
    assert_eq!(
        body(&files[1].1),
        "The baht fell 0.4 percent against the dollar on Thursday.\n"
    );
}

#[test]
fn a_page_left_out_by_the_filter_is_not_fetched_again() {
    let (base, seen) = serve();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feeds.toml");
    std::fs::write(
        &path,
        format!("pause_ms = 0\n[[feed]]\nurl = \"{base}/feeds/mekong-wire.rss\"\n"),
    )
    .unwrap();
    let into = dir.path().join("seeds");
    // Cambodia and China only: the deminers story (Cambodia, Ukraine) is left out.
    let opts = Options {
        filter: Some(common::kh_cn_filter()),
        ..Options::default()
    };
    let page = "/world/asia-pacific/cambodian-deminers-train-ukrainians-2024-06-20/";
    let r = import_feeds(&path, &into, &opts).unwrap();
    assert!(r.written().is_empty(), "{:#?}", r.outcomes);
    assert!(
        matches!(&r.outcomes[0], Outcome::Filtered { .. }),
        "{:#?}",
        r.outcomes
    );
    assert!(seen.lock().unwrap().iter().any(|r| r.path == page));
    let state = std::fs::read_to_string(state_path(&path)).unwrap();
    assert!(state.contains(page), "{state}");

    seen.lock().unwrap().clear();
    let r = import_feeds(&path, &into, &opts).unwrap();
    assert!(
        r.outcomes[0].to_string().contains("(on an earlier run)"),
        "{}",
        r.outcomes[0]
    );
    assert!(!seen.lock().unwrap().iter().any(|r| r.path == page));
    // Without the filter, the page is fetched and imported.
    let r = import_feeds(&path, &into, &Options::default()).unwrap();
    assert_eq!(r.written().len(), 1, "{:#?}", r.outcomes);
}
