//! Harness for end-to-end tests: the built site (`DYAD_DIST`, default `dist/`) served by a small
//! static server under the sub-path `/dyad/` (as GitHub project pages serve it), and a headless
//! Chromium driven through chromedriver.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Sends `signal` (`TERM`, `KILL`) to the process group led by `pid`.
pub fn signal_group(pid: u32, signal: &str) {
    // `--` matters: procps-ng 4.0.2 reads `kill -TERM -1234` as `kill(-1, …)`, which ends
    // unrelated process groups; with `--` it signals exactly the group -1234.
    let _ = Command::new("kill")
        .args(["-s", signal, "--", &format!("-{pid}")])
        .status();
}

/// Page objects in a PDF: `/Type /Page` (with or without the space), not `/Type /Pages`.
pub fn pdf_pages(pdf: &[u8]) -> usize {
    [&b"/Type /Page"[..], &b"/Type/Page"[..]]
        .iter()
        .map(|pat| {
            pdf.windows(pat.len() + 1)
                .filter(|w| w.starts_with(pat) && w[pat.len()] != b's')
                .count()
        })
        .sum()
}

/// The sub-path the site is served under.
pub const PREFIX: &str = "/dyad/";

/// The folder of the built site.
pub fn dist() -> PathBuf {
    std::env::var_os("DYAD_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// Where tests leave screenshots.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The data files of a built site, as its page names them (`<meta name="dyad-data">`).
pub struct SiteData {
    pub index: dyad_model::layout::Index,
    pub catalog: dyad_model::layout::Catalog,
    pub quotes: dyad_model::layout::Quotes,
    /// The data folder (`data/` under the site).
    pub folder: PathBuf,
    /// The index's path as the page names it (`data/index-….json`).
    pub index_path: String,
}

impl SiteData {
    pub fn read(site: &Path) -> SiteData {
        let html =
            std::fs::read_to_string(site.join("index.html")).expect("the site has an index.html");
        let at = html
            .find("name=\"dyad-data\" content=\"")
            .expect("index.html names its data")
            + "name=\"dyad-data\" content=\"".len();
        let path = &html[at..at + html[at..].find('"').unwrap()];
        let index_file = site.join(path);
        let folder = index_file.parent().unwrap().to_path_buf();
        let read = |p: &Path| {
            std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        };
        let index: dyad_model::layout::Index =
            dyad_model::layout::parse_versioned("index", &read(&index_file)).unwrap();
        let catalog = dyad_model::layout::parse_versioned(
            "catalog",
            &read(&folder.join(&index.files.catalog.path)),
        )
        .unwrap();
        let quotes = dyad_model::layout::parse_versioned(
            "quotes",
            &read(&folder.join(&index.files.quotes.path)),
        )
        .unwrap();
        SiteData {
            index,
            catalog,
            quotes,
            folder,
            index_path: path.to_string(),
        }
    }
}

/// Copies a built site into a fresh folder (to change its data or remove a file), and removes
/// the copy when dropped.
pub struct SiteCopy(pub PathBuf);

impl SiteCopy {
    pub fn of(site: &Path, name: &str) -> SiteCopy {
        let to = std::env::temp_dir().join(format!("dyad-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&to);
        copy_dir(site, &to);
        SiteCopy(to)
    }
}

impl Drop for SiteCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A static file server on 127.0.0.1 serving `root` under [`PREFIX`]; stops when dropped.
pub struct StaticServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let stop_flag = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let root = root.clone();
                    std::thread::spawn(move || serve_one(stream, &root));
                }
            }
        });
        StaticServer {
            port,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self, rest: &str) -> String {
        format!("http://127.0.0.1:{}{PREFIX}{rest}", self.port)
    }

    /// Stops serving: later requests find nothing listening.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wakes the accept loop
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn serve_one(stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let found = path.strip_prefix(PREFIX).and_then(|rest| {
        let rest = if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest.to_string()
        };
        if rest.split('/').any(|seg| seg == "..") {
            return None;
        }
        std::fs::read(root.join(rest.as_str()))
            .ok()
            .map(|body| (rest, body))
    });
    let mut stream = stream;
    let (status, kind, body) = match found {
        Some((name, body)) => ("200 OK", content_type(&name), body),
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&body));
    let _ = stream.flush();
    let mut sink = [0u8; 256];
    let _ = reader.read(&mut sink);
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

/// A chromedriver process and a headless Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium (new profile, no background network).
    pub async fn start() -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            // Its own process group, so Drop can end chromedriver and the Chromium it started.
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver (cargo xtask setup installs it)");
        let profile =
            std::env::temp_dir().join(format!("dyad-e2e-profile-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,900", format!("--user-data-dir={}", profile.display()),
                ],
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let attempt =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{port}"))
                    .await;
            match attempt {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => {
                    panic!("cannot start a Chromium session: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser {
            client,
            driver,
            profile,
        }
    }

    /// The browser console since the last call: (level, message).
    pub async fn console(&self) -> Vec<(String, String)> {
        let value = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("read the browser log");
        value
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or("").to_string(),
                            e["message"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Fails the test if the console holds an error, a warning or a panic since the last check.
    pub async fn assert_clean_console(&self) {
        let bad: Vec<_> = self
            .console()
            .await
            .into_iter()
            .filter(|(level, msg)| {
                level == "SEVERE" || level == "WARNING" || msg.contains("panicked")
            })
            .collect();
        assert!(bad.is_empty(), "console holds errors: {bad:#?}");
    }

    /// Waits until `css` matches at least one element, and returns the first.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` appeared: {e}"))
    }

    /// Waits until the page is built with its data: a heading, and no loading note left.
    pub async fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = self
                .client
                .execute("return !!document.getElementById('main-heading') && !document.querySelector('.data-loading, #loading');", vec![])
                .await
                .unwrap_or_default();
            if ready.as_bool() == Some(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the page never finished loading its data"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits until a script returns `true`.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.js(script).await.as_bool() != Some(true) {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(css)).await.unwrap() {
            out.push(el.text().await.unwrap());
        }
        out
    }

    /// Presses and releases one key on the page, wherever focus is (`fantoccini::key::Key` codes
    /// for special keys, e.g. `'\u{E014}'` for →).
    pub async fn press(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(keys)
            .await
            .expect("press a key");
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("take a screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        // Drop ends the processes and removes the profile.
    }
}

impl Drop for Browser {
    /// Also runs when a test panics: no Chromium outlives its test.
    fn drop(&mut self) {
        signal_group(self.driver.id(), "TERM");
        // chromedriver may ignore TERM: after a grace period, KILL the group.
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && self.driver.try_wait().ok().flatten().is_none() {
            std::thread::sleep(Duration::from_millis(50));
        }
        signal_group(self.driver.id(), "KILL");
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// chromedriver's log endpoint (not in W3C WebDriver): the browser console's entries.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }
    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}
