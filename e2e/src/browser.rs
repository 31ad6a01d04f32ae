//! chromedriver and a headless Chromium session, ended with their whole process group.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::site::screenshot_dir;

/// Sends `signal` (`TERM`, `KILL`) to the process group led by `pid`.
pub fn signal_group(pid: u32, signal: &str) {
    // `--` matters: procps-ng 4.0.2 reads `kill -TERM -1234` as `kill(-1, …)`, which ends
    // unrelated process groups; with `--` it signals exactly the group -1234.
    let _ = Command::new("kill")
        .args(["-s", signal, "--", &format!("-{pid}")])
        .status();
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

    /// From now on the page's clipboard writes land in `window.__copied` (headless Chromium has
    /// no clipboard to read back).
    pub async fn capture_clipboard(&self) {
        self.js("window.__copied = null; navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };").await;
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
